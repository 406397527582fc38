"""An enrolment's dates as the report tells them. A row whose start date is after its end date
(typed the wrong way round) was left out as an info "ended" (F403): a student in the class,
removed by a typo, with nothing saying so. It is a warning now (D376) saying the dates are
reversed, and whether read the other way round the enrolment is current (tester17 F10). And
F403 said "ended before AS_OF" for PowerSchool's DateLeft on the as-of date, the first day the
student is no longer enrolled: "on or before" is true of inclusive and exclusive end dates
alike (tester17 F11)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api

ONEROSTER = FIXTURES / "oneroster" / "district" / "in"
JADA = "e1,active,2026-08-01,cl-read2,sch-10,u-s1,student,false,2026-08-24,"
AS_OF = dt.date(2026, 10, 15)


def oneroster(tmp_path: Path, jada: str, *extra: str) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(ONEROSTER, folder)
    path = folder / "enrollments.csv"
    text = path.read_text(encoding="utf-8")
    assert JADA in text
    text = text.replace(JADA, jada)
    path.write_text(text.rstrip("\n") + "\n" + "".join(f"{line}\n" for line in extra), encoding="utf-8")
    return folder


def enrolments(out: Path) -> set[str]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_a_current_enrolment_with_its_dates_swapped_is_a_warning_saying_so(tmp_path: Path) -> None:
    """Jada has been in Reading 2 since 24 August; her row says it begins on 18 December and
    ends on 24 August."""
    exports = oneroster(tmp_path, JADA.replace("2026-08-24,", "2026-12-18,2026-08-24"))
    python, _ = both_engines(tmp_path, profile="oneroster", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0
    assert "e1" not in enrolments(tmp_path / "python")
    (swapped,) = python.report.examples["D376"]
    assert swapped.code.severity.value == "warning"
    assert (swapped.where.line, swapped.params["start"], swapped.params["end"]) == (2, "2026-12-18", "2026-08-24")
    assert "dates are swapped" in swapped.message and "probably in the class" in swapped.message
    assert not [p for p in python.report.examples.get("F403", []) if p.where.record == "e1"]


def test_swapped_dates_that_are_not_current_either_way_say_so(tmp_path: Path) -> None:
    exports = oneroster(tmp_path, JADA.replace("2026-08-24,", "2026-10-01,2026-09-01"))
    python, _ = both_engines(tmp_path, profile="oneroster", in_dir=exports, as_of=AS_OF)
    (swapped,) = python.report.examples["D376"]
    assert "read either way it is not current on 2026-10-15" in swapped.message


def test_every_swapped_row_is_counted_so_by_both_engines(tmp_path: Path) -> None:
    """Past the report's examples (and with no explain file, which lists every row) the columnar
    engine counts left-out rows in SQL: the rows with swapped dates are still counted as D376,
    not as F403."""
    rows = [
        f"e-r{n},active,2026-08-01,cl-read2,sch-10,u-s1,student,false,2026-12-{n + 1:02},2026-08-24" for n in range(4)
    ]
    exports = oneroster(tmp_path, JADA, *rows)
    python, columnar = (
        api.run(
            api.RunOptions(
                profile="oneroster",
                in_dir=exports,
                out_dir=tmp_path / engine,
                as_of=AS_OF,
                max_examples=1,
                engine=engine,
            )
        )
        for engine in ("python", "columnar")
    )
    assert "enrollments.enrollments" in columnar.report.facts["columnar"]
    for result in (python, columnar):
        assert result.report.counts["D376"] == 4
        assert result.report.counts["F403"] == 1  # e4, ended on 30 September
    assert python.report.counts == columnar.report.counts
    assert enrolments(tmp_path / "python") == enrolments(tmp_path / "columnar")


def test_an_enrolment_left_on_the_as_of_date_ended_on_or_before_it(tmp_path: Path) -> None:
    """PowerSchool's DateLeft is the first day not enrolled: a student who left on 15 October is
    not in the class on 15 October, and F403 no longer says she left before it."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "rostering" / "in", folder)
    cc = folder / "cc.txt"
    row = "1\t101\t3600\t100\t08/17/2026\t05/29/2027"
    text = cc.read_text(encoding="utf-8")
    assert row in text
    cc.write_text(text.replace(row, "1\t101\t3600\t100\t08/17/2026\t10/15/2026"), encoding="utf-8")
    result = api.run(api.RunOptions(profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    (left,) = [p for p in result.report.examples["F403"] if p.where.file == "cc.txt"]
    assert "ended on or before 2026-10-15" in left.message
    assert "found '10/15/2026'" in left.message
