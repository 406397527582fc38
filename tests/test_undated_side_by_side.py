"""Illuminate without terms.txt (its core data spec has none; the profile keeps undated classes)
at a semester change (tester66 F3). A course run as a Semester 1 and a Semester 2 section, the
same students in both, their S1 roster rows left with a blank Exit Date: both halves were
published all spring at exit 0, one F420 per class. Now refused (X814): nothing tells which term
is tonight's. Filled Exit Dates leave the ended half out as F403 and F412 (said), and no X814."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from transform import api
from transform.pipeline.undated_side_by_side import side_by_side

SITE = "301"
STUDENTS = [f"1350{n:02d}" for n in range(1, 9)]
COURSES = ["301MSSCI", "301MSHIS"]


def tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    numbered = [f"{n:02d} {name}" for n, name in enumerate(header, 1)]
    path.write_text("\n".join("\t".join(r) for r in [numbered, *rows]) + "\n", encoding="utf-8")


def district(folder: Path, *, spring: bool, s1_exit: str = "", year_only: bool = False) -> Path:
    """Two courses at one middle school, each a Semester 1 and a Semester 2 section, every student
    in both (`spring`: the S2 roster rows exist; `s1_exit`: the Exit Date of the S1 rows); a
    year-long homeroom beside them. `year_only`: the S2 sections of one course take other students."""
    folder.mkdir(parents=True, exist_ok=True)
    tsv(folder / "sites.txt", ["Site ID", "Site Name"], [[SITE, "Alder Middle"]])
    tsv(
        folder / "users.txt",
        ["User ID", "Last Name", "First Name", "Email Address", "Site ID", "Active"],
        [[f"u{n}", f"Teach{n}", "Pat", f"t{n}@alder.example.org", SITE, "1"] for n in range(1, 4)],
    )
    tsv(
        folder / "enrollment.txt",
        ["Student ID", "Site ID", "Enrollment Start", "Enrollment End", "Student Grade Level ID", "Academic Year"],
        [[s, SITE, "08/17/2026", "", "8", "2026-2027"] for s in STUDENTS],
    )
    tsv(
        folder / "studemo.txt",
        ["Student ID", "Last Name", "First Name", "Birth Date"],
        [[s, f"Kid{s[-2:]}", "Sam", "05/05/2013"] for s in STUDENTS],
    )
    sections = [["9000", SITE, "Year", "301HR", "u3", "1", "2026-2027", "Y"]]
    roster = [[s, "9000", SITE, "301HR", "08/17/2026", ""] for s in STUDENTS]
    for n, course in enumerate(COURSES):
        s1, s2 = f"{9100 + n}", f"{9200 + n}"
        sections += [
            [s1, SITE, "Semester 1", course, f"u{n + 1}", str(n + 2), "2026-2027", "Y"],
            [s2, SITE, "Semester 2", course, f"u{n + 1}", str(n + 2), "2026-2027", "Y"],
        ]
        roster += [[s, s1, SITE, course, "08/17/2026", s1_exit] for s in STUDENTS]
        if spring:
            takers = STUDENTS[:3] if year_only and n == 0 else STUDENTS
            roster += [[s, s2, SITE, course, "01/05/2027", ""] for s in takers]
    tsv(
        folder / "mastschd.txt",
        ["Section ID", "Site ID", "Term Name", "Course ID", "User ID", "Period", "AcademicYear", "Primary User"],
        sections,
    )
    tsv(
        folder / "roster.txt",
        ["Student ID", "Section ID", "Site ID", "Course ID", "Entry Date", "Exit Date"],
        roster,
    )
    return folder


def run(folder: Path, out: Path, as_of: str, **extra: object) -> api.RunResult:
    options = api.RunOptions(
        profile="illuminate", in_dir=folder, out_dir=out, as_of=dt.date.fromisoformat(as_of), **extra
    )
    return api.run(options)


def classes(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_fall_with_the_next_terms_sections_not_started_publishes(tmp_path: Path) -> None:
    result = run(district(tmp_path / "in", spring=False), tmp_path / "out", "2026-12-10")
    assert result.exit_status == 0 and "X814" not in result.report.counts
    assert {"9000", "9100", "9101"} <= classes(tmp_path / "out")


def test_spring_with_the_ended_terms_rows_still_open_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path / "in", spring=False), out, "2026-12-10").exit_status == 0
    result = run(district(tmp_path / "in", spring=True), out, "2027-01-09")
    assert result.exit_status == 1
    stop = next(p for p in result.problems if p.code.id == "X814")
    assert "4 classes (9100, 9101, 9200) of 2 course(s)" in stop.message
    assert "course 301MSSCI at 301: 301-Semester 1 and 301-Semester 2" in stop.message
    assert "9200" not in classes(out)  # the last set stands


def test_a_first_spring_set_is_refused_too(tmp_path: Path) -> None:
    result = run(district(tmp_path / "in", spring=True), tmp_path / "out", "2027-01-09")
    assert result.exit_status == 1 and "X814" in result.report.counts
    assert not (tmp_path / "out" / "classes.csv").exists()


def test_the_ended_terms_exit_dates_filled_publish_the_spring_halves_alone(tmp_path: Path) -> None:
    result = run(district(tmp_path / "in", spring=True, s1_exit="12/18/2026"), tmp_path / "out", "2027-01-09")
    assert result.exit_status == 0 and "X814" not in result.report.counts
    assert classes(tmp_path / "out") == {"9000", "9200", "9201"}
    assert result.report.counts["F412"] == 2  # the S1 halves: no student left, said


def test_a_course_whose_spring_section_takes_other_students_is_not_refused_for_it(tmp_path: Path) -> None:
    """9200 takes three of 9100's eight students: 9100 has students in no other term's class,
    and 9200's three are in 9100: 9200 alone is a half side by side (X814 names 301MSSCI)."""
    result = run(district(tmp_path / "in", spring=True, year_only=True), tmp_path / "out", "2027-01-09")
    stop = next(p for p in result.problems if p.code.id == "X814")
    assert "(9101, 9200, 9201)" in stop.message


def test_allow_incomplete_publishes_both_halves_said(tmp_path: Path) -> None:
    result = run(district(tmp_path / "in", spring=True), tmp_path / "out", "2027-01-09", allow_incomplete=True)
    assert result.exit_status == 1 and "X918" in result.report.counts and "X814" not in result.report.counts
    assert "F453" in result.report.counts  # published, but said
    assert {"9100", "9200"} <= classes(tmp_path / "out")


def test_the_next_terms_rows_rostered_ahead_beside_the_running_terms_publish(tmp_path: Path) -> None:
    """A week before S1 ends (its rows end 12/18) S2's rows, beginning 01/05, are within the
    window: both halves published, each by its own dates, as with dated terms; no X814."""
    folder = district(tmp_path / "in", spring=True, s1_exit="12/18/2026")
    result = run(folder, tmp_path / "out", "2026-12-16")
    assert result.exit_status == 0 and "X814" not in result.report.counts
    assert {"9100", "9200"} <= classes(tmp_path / "out")


FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "oneroster" / "district" / "in"


def dated_with_a_lab_and_a_club(folder: Path) -> Path:
    """The bundled OneRoster district (dated terms) with a year-long lab of Science 6's course,
    its students in Science 6 (a semester class), and one club class naming no term (F420)."""
    shutil.copytree(FIXTURE, folder)
    with (folder / "classes.csv").open("a", encoding="utf-8") as handle:
        lab = "cl-sci6L,active,2026-08-01,Science 6 Lab - P7,06,c-sci6,SC6-L,scheduled,Lab 1,sch-20,y-2027,,,7"
        handle.write(f"{lab}\n")
        handle.write("cl-club,active,2026-08-01,Chess Club,06,c-art6,CC-1,scheduled,Room 9,sch-20,,,,8\n")
    with (folder / "enrollments.csv").open("a", encoding="utf-8") as handle:
        handle.write("e20,active,2026-08-01,cl-sci6L,sch-20,u-s2,student,false,,\n")
        handle.write("e21,active,2026-08-01,cl-sci6L,sch-20,u-s3,student,false,2026-10-01,\n")
        handle.write("e22,active,2026-08-01,cl-sci6L,sch-20,u-t2,teacher,true,,\n")
        handle.write("e30,active,2026-08-01,cl-club,sch-20,u-s2,student,false,,\n")
        handle.write("e31,active,2026-08-01,cl-club,sch-20,u-t2,teacher,true,,\n")
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_dated_classes_are_not_judged_when_one_class_is_undated(tmp_path: Path, engine: str) -> None:
    """Reviewer65 F3: one club without a term (F420) made X814 judge every class, and a year-long
    lab beside its semester course was refused as 'terms with no dates'. Dated classes are told
    by their dates: published, no X814."""
    folder = dated_with_a_lab_and_a_club(tmp_path / "in")
    options = api.RunOptions(
        profile="oneroster", in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), engine=engine
    )
    result = api.run(options)
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert "X814" not in result.report.counts and "F420" in result.report.counts
    assert {"cl-sci6", "cl-sci6L", "cl-club"} <= classes(tmp_path / "out")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_undated_halves_are_refused_by_either_engine(tmp_path: Path, engine: str) -> None:
    result = run(district(tmp_path / "in", spring=True), tmp_path / "out", "2027-01-09", engine=engine)
    assert result.exit_status == 1 and "X814" in result.report.counts


@pytest.mark.parametrize("as_of", ["2026-12-16", "2026-12-28"])
def test_the_next_terms_rows_ahead_beside_open_rows_are_refused(tmp_path: Path, as_of: str) -> None:
    """Reviewer65 F6: the S1 rows' Exit Date blank, S2's rows beginning 01/05 within the window
    (the last S1 week, the break): nothing ends S1, so both halves would be published; refused
    as from S2's first day (it was exit 0 with both until then)."""
    result = run(district(tmp_path / "in", spring=True), tmp_path / "out", as_of)
    assert result.exit_status == 1 and "X814" in result.report.counts
    assert not (tmp_path / "out" / "classes.csv").exists()


def test_a_class_given_its_school_year_for_no_term_is_no_other_term(tmp_path: Path) -> None:
    """reviewer179 R1: a spring section naming no term, given the school year (D336), was read as
    the course's half of another term beside the fall section (X814). What the export gave is
    read: no term is no other term; two terms the export named stay judged."""
    (tmp_path / "classes.csv").write_text(
        "sourcedId,schoolSourcedId,courseSourcedId,termSourcedIds\n"
        "FALL,200,S700,Fall 2026\nSPRING,200,S700,schoolyear-2027\n",
        encoding="utf-8",
    )
    (tmp_path / "enrollments.csv").write_text(
        "classSourcedId,userSourcedId,role,beginDate,endDate\n"
        + "".join(f"{c},S{n},student,,\n" for c in ("FALL", "SPRING") for n in (1, 2)),
        encoding="utf-8",
    )
    both = {"FALL", "SPRING"}
    assert side_by_side(tmp_path, both, {"SPRING": ""}) == []
    assert side_by_side(tmp_path, both, {"SPRING": "Spring 2027"})[0][1] == ["Fall 2026", "Spring 2027"]
