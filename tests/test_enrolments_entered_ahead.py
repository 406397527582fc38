"""A schedule change entered weeks ahead is not a class the student is in today. PowerSchool
(CC.DateEnrolled) and eSchoolPLUS (SCHD_STU_CRS_DATES.DATE_ADDED) published such an enrolment
at once, and with it the student's parents in the new class, exit 0 and no code; the other
profiles leave a row starting more than the term window (21 days) after the as-of date out as
F426 not-started. Within the window it is rostered (the days before it starts)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

ENGINES = ["python", "columnar"]


def enrolments(out: Path) -> set[str]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def run(profile: str, folder: Path, out: Path, as_of: dt.date, engine: str) -> api.RunResult:
    options = api.RunOptions(
        profile=profile, in_dir=folder, out_dir=out, as_of=as_of, engine=engine, max_examples=10_000
    )
    return api.run(options)


def not_started(result: api.RunResult, file: str) -> set[object]:
    """The lines of `file` left out as F426 not-started."""
    return {
        line for code, name, line in result.report.flatten("code", "file", "line") if (code, name) == ("F426", file)
    }


def last_line(path: Path) -> int:
    return len(path.read_bytes().rstrip(b"\r\n").split(b"\n"))


def powerschool(tmp_path: Path, enrolled: str) -> Path:
    """Liam (CC.StudentID 901, Student_Number 5002) joins year-long section 1006 on `enrolled`."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", folder)
    with (folder / "cc.txt").open("a", encoding="utf-8") as handle:
        handle.write(f"901\t1006\t3600\t100\t{enrolled}\t05/29/2027\n")
    return folder


@pytest.mark.parametrize("engine", ENGINES)
def test_powerschool_a_class_joined_two_months_ahead_waits(tmp_path: Path, engine: str) -> None:
    folder = powerschool(tmp_path, "12/14/2026")
    result = run("powerschool", folder, tmp_path / "out", dt.date(2026, 10, 15), engine)
    assert result.exit_status == 0
    assert "1006-5002" not in enrolments(tmp_path / "out")
    assert {"1001-5002", "1002-5002", "1003-5002"} <= enrolments(tmp_path / "out")
    assert last_line(folder / "cc.txt") in not_started(result, "cc.txt")


@pytest.mark.parametrize("engine", ENGINES)
def test_powerschool_a_class_joined_within_the_window_is_rostered(tmp_path: Path, engine: str) -> None:
    folder = powerschool(tmp_path, "11/05/2026")
    result = run("powerschool", folder, tmp_path / "out", dt.date(2026, 10, 15), engine)
    assert "1006-5002" in enrolments(tmp_path / "out")
    assert last_line(folder / "cc.txt") not in not_started(result, "cc.txt")


def eschool(tmp_path: Path) -> Path:
    """600105 leaves US History (5004) on 11/30/2026 and joins English 10 (5002) on 12/01/2026."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", folder)
    path = folder / "SCHD_STU_CRS_DATES.txt"
    data = path.read_bytes()
    assert b"600105^5004^08/17/2026^^#!#" in data
    data = data.replace(b"600105^5004^08/17/2026^^#!#", b"600105^5004^08/17/2026^11/30/2026^#!#")
    path.write_bytes(data.rstrip(b"\r\n") + b"\r\n600105^5002^12/01/2026^^#!#\r\n")
    return folder


@pytest.mark.parametrize("engine", ENGINES)
def test_eschoolplus_a_schedule_change_entered_ahead_waits_for_its_day(tmp_path: Path, engine: str) -> None:
    folder = eschool(tmp_path)
    result = run("eschoolplus", folder, tmp_path / "oct", dt.date(2026, 10, 1), engine)
    assert result.exit_status == 0
    assert "5004-600105" in enrolments(tmp_path / "oct")
    assert "5002-600105" not in enrolments(tmp_path / "oct")
    assert last_line(folder / "SCHD_STU_CRS_DATES.txt") in not_started(result, "SCHD_STU_CRS_DATES.txt")
    # From ten days before the change, the new class is rostered beside the old one until it ends.
    run("eschoolplus", folder, tmp_path / "nov", dt.date(2026, 11, 20), engine)
    assert {"5004-600105", "5002-600105"} <= enrolments(tmp_path / "nov")


@pytest.mark.parametrize("examples", [10_000, 1])
@pytest.mark.parametrize("engine", ENGINES)
def test_next_semesters_enrolments_follow_their_class(tmp_path: Path, engine: str, examples: int) -> None:
    """PowerSchool dates a semester-2 enrolment in January: at the autumn's runs it starts later
    and its class (of semester 2) is left out. It follows the class (V503, one explain row per
    class), not 'starts later' row by row (F426, a third of a district's rows); one naming a class
    no export lists, or joining a kept class ahead, still starts later. The same counts with one
    example as with all (past the examples, the columnar engine counts them in SQL)."""
    folder = powerschool(tmp_path, "12/14/2026")  # a kept class joined ahead: F426
    with (folder / "cc.txt").open("a", encoding="utf-8") as handle:
        handle.write("901\t9999\t3602\t100\t01/11/2027\t05/29/2027\n")  # no such section: F426
    options = api.RunOptions(
        profile="powerschool",
        in_dir=folder,
        out_dir=tmp_path / "out",
        as_of=dt.date(2026, 10, 15),
        engine=engine,
        max_examples=examples,
    )
    result = api.run(options)
    assert result.exit_status == 0
    counts = result.report.counts
    assert counts["F426"] == 2  # the two rows above, and no row of the semester-2 sections 1004, 2006
    assert counts["V503"] == 33 + 28  # the follow-ons of the classes left out, and the 28 rows of 1004 and 2006
    if examples > 1:
        cc = last_line(folder / "cc.txt")
        assert not_started(result, "cc.txt") == {cc - 1, cc}
        follows = [p for p in result.report.examples["V503"] if p.where.file == "cc.txt"]
        assert {p.params["value"] for p in follows} >= {"1004", "2006"}


@pytest.mark.parametrize("engine", ENGINES)
def test_powerschool_a_replacement_teacher_entered_ahead_waits(tmp_path: Path, engine: str) -> None:
    """sectionteacher.txt: teacher 3 takes section 102 from 12/01/2026 (Start_Date), entered in
    October while teacher 2 still teaches it. She was published at once as a second primary
    owner of the class; she waits (F426) until the term window reaches her first day."""
    rostering = FIXTURES / "powerschool" / "rostering"
    folder = tmp_path / "in"
    shutil.copytree(rostering / "in", folder)
    with (folder / "sectionteacher.txt").open("a", encoding="utf-8") as handle:
        handle.write("102\t3\tcom.pearson.powerschool.coteach.primary.teacher\t12/01/2026\t\n")
    profile = str(rostering / "district.yaml")
    october = run(profile, folder, tmp_path / "october", dt.date(2026, 10, 15), engine)
    assert october.exit_status == 0
    teachers_of_102 = {e for e in enrolments(tmp_path / "october") if e.startswith("102-T")}
    assert teachers_of_102 == {"102-TT2"}
    assert last_line(folder / "sectionteacher.txt") in not_started(october, "sectionteacher.txt")
    assert run(profile, folder, tmp_path / "november", dt.date(2026, 11, 20), engine).exit_status == 0
    assert "102-TT3" in enrolments(tmp_path / "november")
