"""A first set (or a new school year's night under --allow-rollover) from a schedule export cut at a line's end
(tester93 T1, T3).

With no last set's lines to compare with, a schedule export sorted by student and cut at a line's end published
its students past the cut in no class at exit 0 (sds-classic-100 cut to 85 %: 13 of 86 students; a PowerSchool
cc cut to 60 %: 80 of 200), and one sorted by section its classes past the cut left out as F412 info (8 of 20).
Now the export's order tells it: rows in ascending order of the student key (or section ID), the students in no
class (the classes left out empty, at two schools or more) exactly those past its last row, while nearly all
before it have theirs: refused (X727, X728), --allow-incomplete publishing it said (F451). Honest sets publish:
students in no class scattered over the order (a grade not scheduled yet), a few new students not scheduled
yet (the highest IDs), one school's unused sections last in its block of IDs.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests import sds_small
from transform import api

ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def _cut(files: sds_small.Rows, name: str, share: float) -> None:
    """`name`'s rows, header kept, cut at a line's end after `share` of them."""
    rows = files[name]
    files[name] = rows[: 1 + int((len(rows) - 1) * share)]


def _first_set(tmp_path: Path, files: sds_small.Rows, **options: Any) -> api.RunResult:
    return sds_small.night(sds_small.write(tmp_path / "in", files), tmp_path / "out", **options)


def _codes(result: api.RunResult) -> list[str]:
    return [p.code.id for p in result.problems]


@ENGINES
def test_first_set_from_a_schedule_cut_by_student_is_refused(tmp_path: Path, engine: str) -> None:
    files = sds_small.rows()  # StudentEnrollment.csv in order of the student, 4 rows each
    _cut(files, "StudentEnrollment.csv", 0.7)  # the last 12 of 40 students' rows gone
    result = _first_set(tmp_path, files, engine=engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED, _codes(result)
    assert not (tmp_path / "out" / "users.csv").exists()
    [stop] = [p for p in result.problems if p.code.id == "X727"]
    assert stop.where.file == "StudentEnrollment.csv" and stop.where.line == 113
    assert "ends at line 113 (SIS ID 13028): 12 of the 12 students whose SIS ID comes after it" in stop.message
    assert "13029 (Given28 Family28)" in stop.message and "28 of the 28 before it" in stop.message
    assert "cut off (a copy or SIS job that stopped), or students not scheduled yet" in stop.message
    assert "export StudentEnrollment.csv again whole" in stop.message


def test_allow_incomplete_publishes_the_cut_schedule_said(tmp_path: Path) -> None:
    files = sds_small.rows()
    _cut(files, "StudentEnrollment.csv", 0.7)
    result = _first_set(tmp_path, files, allow_incomplete=True)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    [said] = result.report.examples["F451"]
    assert said.params["refused"] == "X727" and "12 of the 12 students" in said.message


def _unscheduled(files: sds_small.Rows, students: set[int], *, grade9: frozenset[int] | set[int] = frozenset()) -> None:
    """Students `students` (n: SIS ID 13001 + n) in no row of StudentEnrollment.csv; `grade9` in grade 9, the
    others in grades 10 to 12."""
    for n, row in enumerate(files["Student.csv"][1:]):
        row[10] = "9" if n in grade9 else str(10 + n % 3)
    files["StudentEnrollment.csv"] = [
        row for row in files["StudentEnrollment.csv"] if not row[1].isdigit() or int(row[1]) - 13001 not in students
    ]


@ENGINES
def test_a_grade_not_scheduled_yet_whose_ids_come_last_publishes(tmp_path: Path, engine: str) -> None:
    files = sds_small.rows()
    newest = set(range(32, 40))  # grade 9's eight students, new, none scheduled yet: no grade 9 student in a class
    _unscheduled(files, newest, grade9=newest)
    result = _first_set(tmp_path, files, engine=engine)
    assert result.exit_status == api.EXIT_PUBLISHED, _codes(result)


@ENGINES
def test_a_grade_scheduled_a_few_at_a_time_publishes(tmp_path: Path, engine: str) -> None:
    files = sds_small.rows()
    # Grade 9: five earlier students (two scheduled) and the eight newest, none scheduled yet
    newest = set(range(32, 40))
    _unscheduled(files, newest | {8, 16, 24}, grade9=newest | {0, 8, 16, 24, 28})
    result = _first_set(tmp_path, files, engine=engine)
    assert result.exit_status == api.EXIT_PUBLISHED, _codes(result)


def test_a_few_new_students_not_scheduled_yet_publish(tmp_path: Path) -> None:
    files = sds_small.rows()
    _unscheduled(files, {37, 38, 39, 7, 21})  # the three newest and two others, in grades with students in classes
    result = _first_set(tmp_path, files)
    assert result.exit_status == api.EXIT_PUBLISHED, _codes(result)
    # A first set: August's five newest registrants, not scheduled yet, the highest IDs as a cut's would be
    # (review230 R1: an honest district's newest, ~6 %), publish; twelve (30 %) tell a cut
    newest = sds_small.rows()
    _unscheduled(newest, {35, 36, 37, 38, 39})
    result = _first_set(tmp_path / "five", newest)
    assert result.exit_status == api.EXIT_PUBLISHED, _codes(result)
    cut = sds_small.rows()
    _unscheduled(cut, set(range(28, 40)))
    result = _first_set(tmp_path / "twelve", cut)
    assert "X727" in _codes(result)


def test_a_schedule_sorted_by_section_then_student_publishes_the_same_students(tmp_path: Path) -> None:
    files = sds_small.rows()
    header, *rows = files["StudentEnrollment.csv"]
    kept = [row for row in rows if int(row[1]) <= 13032]  # the same 8 in no class, not scheduled yet
    # its last section's students in order, ending before them: no cut takes every class of a student so
    files["StudentEnrollment.csv"] = [header, *sorted(kept)]
    result = _first_set(tmp_path, files)
    assert result.exit_status == api.EXIT_PUBLISHED, _codes(result)


def test_new_school_year_with_allow_rollover_refuses_a_cut_schedule(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = sds_small.night(sds_small.write(tmp_path / "n1" / "in", sds_small.rows()), out)
    assert first.exit_status == api.EXIT_PUBLISHED
    files = sds_small.rows()
    sds_small.next_year(files)
    _cut(files, "StudentEnrollment.csv", 0.7)
    exports = sds_small.write(tmp_path / "n2" / "in", files)
    held = (out / "enrollments.csv").read_bytes()
    result = sds_small.night(exports, out, day=sds_small.NEW_YEAR_DAY, allow_rollover=True)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X727" in _codes(result), _codes(result)
    assert (out / "enrollments.csv").read_bytes() == held
    whole = sds_small.rows()
    sds_small.next_year(whole)
    exports = sds_small.write(tmp_path / "n3" / "in", whole)
    result = sds_small.night(exports, out, day=sds_small.NEW_YEAR_DAY, allow_rollover=True)
    assert result.exit_status == api.EXIT_PUBLISHED, _codes(result)


def _without(files: sds_small.Rows, students: set[int]) -> None:
    """Students `students` (n: SIS ID 13001 + n) in no row of Student.csv nor StudentEnrollment.csv."""
    ids = {str(13001 + n) for n in students}
    files["Student.csv"] = [row for row in files["Student.csv"] if row[0] not in ids]
    files["StudentEnrollment.csv"] = [row for row in files["StudentEnrollment.csv"] if row[1] not in ids]


def test_new_school_year_new_students_not_scheduled_yet_publish(tmp_path: Path) -> None:
    # The last set's 28 students, all scheduled; the new year's night adds 12 registrants (the highest IDs, 30 %)
    # with no class yet (review230 R1c): counted only among the students the last set published, none of whom
    # is cut
    out = tmp_path / "out"
    last = sds_small.rows()
    _without(last, set(range(28, 40)))
    first = sds_small.night(sds_small.write(tmp_path / "n1" / "in", last), out)
    assert first.exit_status == api.EXIT_PUBLISHED, _codes(first)
    files = sds_small.rows()
    sds_small.next_year(files)
    _unscheduled(files, set(range(28, 40)))
    exports = sds_small.write(tmp_path / "n2" / "in", files)
    result = sds_small.night(exports, out, day=sds_small.NEW_YEAR_DAY, allow_rollover=True)
    assert "X727" not in _codes(result) and result.report.published, _codes(result)
    # the same night with the returning students 18-27 cut too (10 of 28): refused
    _unscheduled(files, set(range(18, 28)))
    exports = sds_small.write(tmp_path / "n3" / "in", files)
    result = sds_small.night(exports, out, day=sds_small.NEW_YEAR_DAY, allow_rollover=True)
    assert "X727" in _codes(result), _codes(result)


# A PowerSchool district: cc names the student by StudentID (students.ID), the set by Student_Number.
SCHOOLS = ("100", "200")
SECTIONS = 8  # per school, section IDs interleaved over the schools (20000 + k, school k % 2)
STUDENTS = 40  # 20 per school, each in 4 of its school's sections


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def powerschool(
    folder: Path,
    *,
    cc_order: str = "student",
    share: float = 1.0,
    opened: int = 0,
    opened_at: tuple[str, ...] = ("200",),
    dropped: int = 0,
) -> Path:
    """The district's exports; cc.csv in order of `cc_order` ('student' or 'section'), cut after `share` of its
    rows; `opened` sections more at `opened_at`'s schools in turn, with their teacher, no student scheduled in
    them yet; `dropped` rows first of students dropped from a section (its SectionID negated, as PowerSchool
    writes it), in order of that number."""
    folder.mkdir(parents=True)
    _write(
        folder / "schools.csv",
        [["School_Number", "Name", "Low_Grade", "High_Grade"], ["100", "North", "6", "8"], ["200", "South", "6", "8"]],
    )
    students = [["ID", "Student_Number", "SchoolID", "First_Name", "Last_Name", "Grade_Level", "Enroll_Status", "DOB"]]
    for i in range(STUDENTS):
        students.append(
            [
                str(9000 + i),
                str(50000 + i),
                SCHOOLS[i % 2],
                f"Kid{i}",
                f"Fam{i}",
                str(6 + i % 3),
                "0",
                f"03/{1 + i % 28:02d}/2013",
            ]
        )
    _write(folder / "students.csv", students)
    teachers = [["ID", "TeacherNumber", "SchoolID", "First_Name", "Last_Name", "Email_Addr", "Status", "StaffStatus"]]
    teachers += [
        [str(100 + t), f"T{t}", SCHOOLS[t % 2], "Tea", f"Cher{t}", f"t{t}@sd.example.org", "1", "1"] for t in range(4)
    ]
    _write(folder / "teachers.csv", teachers)
    _write(folder / "courses.csv", [["Course_Number", "Course_Name"], *([f"C{c}", f"Course {c}"] for c in range(4))])
    terms = [["ID", "SchoolID", "YearID", "Name", "Abbreviation", "FirstDay", "LastDay", "IsYearRec"]]
    terms += [["3600", s, "36", "2026-2027", "26-27", "08/20/2026", "06/10/2027", "1"] for s in SCHOOLS]
    _write(folder / "terms.csv", terms)
    sections = [["ID", "SchoolID", "Course_Number", "Section_Number", "TermID", "Expression", "Teacher"]]
    for k in range(2 * SECTIONS):
        sections.append(
            [str(20000 + k), SCHOOLS[k % 2], f"C{k % 4}", str(k), "3600", f"{k % 6 + 1}(A)", str(100 + k % 4)]
        )
    for n, k in enumerate(range(2 * SECTIONS, 2 * SECTIONS + opened)):
        school = opened_at[n % len(opened_at)]
        sections.append([str(20000 + k), school, "C1", str(k), "3600", "1(A)", str(100 + SCHOOLS.index(school))])
    _write(folder / "sections.csv", sections)
    cc = []
    for i in range(STUDENTS):
        for j in range(4):
            section = 20000 + i % 2 + 2 * ((i // 2 + 2 * j) % SECTIONS)
            cc.append([str(9000 + i), str(section), "3600", SCHOOLS[i % 2], "08/20/2026", "06/11/2027"])
    cc.sort(key=lambda row: (row[0], row[1]) if cc_order == "student" else (row[1], row[0]))
    cc = cc[: int(len(cc) * share)]
    drops = [
        [str(9000 + i), str(-(20000 + i % 2)), "3600", SCHOOLS[i % 2], "08/20/2026", "08/20/2026"]
        for i in range(dropped)
    ]
    cc = sorted(drops, key=lambda row: int(row[1])) + cc
    _write(folder / "cc.csv", [["StudentID", "SectionID", "TermID", "SchoolID", "DateEnrolled", "DateLeft"], *cc])
    return folder


def _powerschool_night(tmp_path: Path, engine: str = "python", **shape: object) -> api.RunResult:
    exports = powerschool(tmp_path / "in", **shape)  # type: ignore[arg-type]
    return api.run(
        api.RunOptions(
            profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), engine=engine
        )
    )


@ENGINES
def test_powerschool_cc_cut_by_student_is_refused_naming_the_student_id(tmp_path: Path, engine: str) -> None:
    whole = _powerschool_night(tmp_path / "whole", engine)
    assert whole.exit_status == api.EXIT_PUBLISHED, _codes(whole)
    result = _powerschool_night(tmp_path / "cut", engine, share=0.75)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED, _codes(result)
    [stop] = [p for p in result.problems if p.code.id == "X727"]
    assert "cc.csv is in order of StudentID and ends at line 121 (StudentID 9029)" in stop.message
    assert "10 of the 10 students" in stop.message and "50030 (Kid30 Fam30, StudentID 9030)" in stop.message


@ENGINES
def test_powerschool_cc_cut_by_section_is_refused(tmp_path: Path, engine: str) -> None:
    result = _powerschool_night(tmp_path, engine, cc_order="section", share=0.625)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED, _codes(result)
    [stop] = [p for p in result.problems if p.code.id == "X728"]
    assert "cc.csv is in order of SectionID and ends at line 101 (SectionID 20009)" in stop.message
    assert "6 of the 6 classes whose SectionID comes after it, at 2 schools" in stop.message
    assert "(F412: 20010, 20011, 20012 and 3 more)" in stop.message


def test_powerschool_cc_cut_by_section_with_dropped_rows_first_is_refused(tmp_path: Path) -> None:
    # Dropped rows' SectionIDs negative (-20001 before 20000), in numeric order: the export is still in order
    # (review230 R4: read as text, '-20001' came after '-20000', the check was off)
    result = _powerschool_night(tmp_path, cc_order="section", share=0.625, dropped=6)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED, _codes(result)
    assert "X728" in _codes(result)


@ENGINES
def test_one_schools_sections_opened_last_in_the_order_publish(tmp_path: Path, engine: str) -> None:
    # School 200's three newest sections, with their teacher, no student scheduled in them yet: past the last
    # row of cc.csv in section order, as a cut's would be, but one school's (sds-classic-100's level 2)
    result = _powerschool_night(tmp_path, engine, cc_order="section", opened=3)
    assert result.exit_status == api.EXIT_PUBLISHED, _codes(result)
    assert result.report.counts["F412"] == 3


@ENGINES
def test_sections_opened_last_at_several_schools_publish(tmp_path: Path, engine: str) -> None:
    # Three sections opened in August at both schools, no student yet: PowerSchool's section IDs are one
    # district-wide sequence, so they are its highest (review230 R2); under X728's 5 and 15 %
    result = _powerschool_night(tmp_path, engine, cc_order="section", opened=3, opened_at=SCHOOLS)
    assert result.exit_status == api.EXIT_PUBLISHED, _codes(result)
    assert result.report.counts["F412"] == 3
