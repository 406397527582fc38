"""A person whose rows write the name otherwise (tester51 F11): the published name is one row's
whole name, the same in any row order, and the other form is said (D329).

A mother named on two children's rows, `Lopez, Ana` on one and `LÓPEZ, ANA` on the other, was
published with the lower value of each part: "ANA" from one row and "Lopez" from the other, a
name no row holds. Staff listed at two schools were the same (pipeline.combine, test_combine)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.parent_columns import run, write_district

FATHER = ("", "", "")
ANA = ("Lopez, Ana", "ana@mail.example.com", "(608) 555-1000")
CAPS = ("LÓPEZ, ANA", "ana@mail.example.com", "(608) 555-1000")


def mothers(out: Path) -> list[tuple[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return [(u["givenName"], u["familyName"]) for u in csv.DictReader(handle) if u["role"] == "parent"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("order", ["as written", "reversed"])
def test_a_parent_s_name_is_one_row_s_whole_name_in_either_order(tmp_path: Path, engine: str, order: str) -> None:
    rows = [("1", ANA, FATHER, ""), ("2", CAPS, FATHER, "")]
    exports = write_district(tmp_path / "in", rows if order == "as written" else rows[::-1], family="Lopez")
    result = run(exports, tmp_path / "out", engine)
    assert result.exit_status == 0
    assert mothers(tmp_path / "out") == [("Ana", "Lopez")]  # not "ANA Lopez"
    report = result.report
    assert report.counts["D329"] == 1 and "V550" not in report.counts
    [said] = report.examples["D329"]
    assert (said.params["kept"], said.params["value"]) == ("Ana Lopez", "ANA LÓPEZ")
    caps_line = 3 if order == "as written" else 2
    assert (said.where.file, said.where.line) == ("students.txt", caps_line)
    assert said.params["value_at"] == f"students.txt:{caps_line}"
    assert "students 1, 2" in said.message
