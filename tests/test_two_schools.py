"""A student on two current rows of one export, alike but for the school and the enrolment dates or
flags: one person at two schools for the overlap, not two people sharing an ID (I297).

Infinite Campus on a transfer night: the new school's primary row starts before the old school
ends hers. Both rows passed the conditions, and the two records of one ID kept neither (V537): the
student, her parent's link and her enrolments were deleted from the set for a night (tester60 N4).
With --term rostering ahead over the break, a row ending on 15 January and the new school's one
starting on the 19th were both current for the reach: V537 again, where an ordinary night lets
the new row wait (F427) (reviewer116 R2)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.test_term_ahead_users import DISTRICT, LEAVER, rostering_ahead
from tests.test_term_ahead_users import run as run_ahead
from transform import api

LUZ = "51301,1100301,0410,Castillo,Luz,Maria,KG,06/02/2021,,08/20/2026,,P,Spanish"
AS_OF = dt.date(2026, 12, 15)


def transfer(tmp_path: Path, row: str) -> Path:
    """The district, Luz (at 0410) with `row` too, and enrolled in 0420's Advisory from 14 December."""
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT, exports)
    students = exports / "students.csv"
    assert LUZ in students.read_text(encoding="utf-8")
    with students.open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    with (exports / "roster.csv").open("a", encoding="utf-8") as handle:
        handle.write("51301,90012,12/14/2026,\n")
    return exports


def rows(out: Path, table: str) -> list[dict[str, str]]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_new_schools_row_before_the_old_one_ends_is_one_student_at_both(tmp_path: Path, engine: str) -> None:
    exports = transfer(tmp_path, LUZ.replace(",0410,", ",0420,").replace("08/20/2026", "12/14/2026"))
    result = api.run(
        api.RunOptions(profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF, engine=engine)
    )
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    assert "V537" not in result.report.counts
    (said,) = result.report.examples["I297"]
    assert (said.where.file, said.where.line) == ("students.csv", 7)
    assert "'51301' is also on line 6 of students.csv" in said.message
    schools = {row["sourcedId"]: row["orgSourcedIds"] for row in rows(tmp_path / "out", "users")}
    assert schools["51301"] == "0410,0420"
    assert schools["G60020"] == "0410,0420"  # her mother follows her to both schools
    enrolled = {
        row["classSourcedId"] for row in rows(tmp_path / "out", "enrollments") if row["userSourcedId"] == "51301"
    }
    assert enrolled == {"90002", "90012"}
    assert "V593" not in result.report.counts  # her school came from her row, said once (I297)


@pytest.mark.parametrize(
    "other",
    [
        "51301,1100301,0420,Castillo,Lucia,Maria,KG,06/02/2021,,12/14/2026,,P,Spanish",  # another name
        "51301,1100301,0420,Castillo,Luz,Maria,KG,06/02/2020,,12/14/2026,,P,Spanish",  # another birth date
        "51301,1100301,0420,Castillo,Luz,Maria,01,06/02/2021,,12/14/2026,,P,Spanish",  # another grade (a year's row)
    ],
)
def test_rows_of_another_name_birth_date_or_grade_stay_two_people(tmp_path: Path, other: str) -> None:
    exports = transfer(tmp_path, other)
    result = api.run(api.RunOptions(profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.report.counts.get("V537") == 1
    assert "I297" not in result.report.counts
    assert "51301" not in {row["sourcedId"] for row in rows(tmp_path / "out", "users")}


def test_rows_alike_in_what_the_conditions_read_stay_v537(tmp_path: Path) -> None:
    """No date or flag tells two enrolments apart (a row per school of a layout the profile does not read):
    left to V537 and span_rows (X816), as before."""
    exports = transfer(tmp_path, LUZ.replace(",0410,", ",0420,"))
    result = api.run(api.RunOptions(profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.report.counts.get("V537") == 1 and "I297" not in result.report.counts


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("columnar", 2)])
def test_a_transfer_in_the_break_rostered_ahead_waits_as_on_an_ordinary_night(
    tmp_path: Path, engine: str, jobs: int
) -> None:
    """--term Q2 Q3 '25-26 Year' on 15 December: her 0420 row ends on 15 January, her 0410 row starts on
    the 19th; both current for the reach. The 0410 row waits (F427), she stays at 0420 in her running
    classes, and not in 0420's Q3 class, which starts after she leaves (X847)."""
    exports = rostering_ahead(tmp_path)
    with (exports / "students.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            f"{LEAVER},1100235,0410,Whitfield,Mason,,07,01/09/2014,mwhitfield@stu.cedar.example.org,01/19/2027,,P,English\n"
        )
    result = run_ahead(exports, tmp_path / "out", engine=engine, jobs=jobs, terms=("Q2", "Q3", "25-26 Year"))
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    assert "V537" not in result.report.counts and result.report.counts.get("F427") == 1
    users = {row["sourcedId"]: row["orgSourcedIds"] for row in rows(tmp_path / "out", "users")}
    assert users[LEAVER] == "0420"
    enrolled = {
        row["classSourcedId"] for row in rows(tmp_path / "out", "enrollments") if row["userSourcedId"] == LEAVER
    }
    assert enrolled == {"90011", "90012"}
    assert result.report.counts.get("X847") == 1
