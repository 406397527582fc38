"""A term whose last day was typed before its first day, on the OneRoster target (uncovered48).

V615 leaves an end date before its begin date blank, so a run never publishes a set its own
validate rejects; an enrolment then stays open. A session's endDate is required: the blank left
it out as D304 'academicSessions.endDate is required and came out empty' at terms.txt's LastDay,
a cell that holds 01/08/2026, and X915 named D304 required-value-missing as the cause. Now it is
left out as a value read but not kept (D379, naming V615); its classes follow it (F425).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines


def test_a_term_ending_before_it_starts_is_said_as_such_not_as_an_empty_cell(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    terms = exports / "terms.txt"
    lines = terms.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("3601\t100\t36\tSemester 1\tS1\t08/17/2026\t01/08/2027")
    lines[2] = lines[2].replace("01/08/2027", "01/08/2026")
    terms.write_text("\n".join(lines) + "\n", encoding="utf-8")
    python, _ = both_engines(
        tmp_path / "run", profile="powerschool", in_dir=exports, as_of=dt.date(2026, 10, 15), target="oneroster"
    )
    assert "D304" not in python.report.counts
    (left,) = python.report.examples["D379"]
    assert (left.where.file, left.where.line, left.where.column) == ("terms.txt", 3, "[13]LastDay")
    assert left.message == (
        "academicSessions.endDate is required, and its cell '2026-01-08' was left blank (is before startDate "
        "'2026-08-17', V615); row left out"
    )
    (said,) = python.report.examples["V615"]
    assert (said.where.file, said.where.line) == ("terms.txt", 3)
    assert python.report.counts["F425"] == 1  # its class, which names the term
    (refused,) = python.report.examples["X915"]  # one term of the six: past the first run's limit
    assert refused.params["top"] == "D379 required-value-unread"
