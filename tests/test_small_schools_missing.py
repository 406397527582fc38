"""Several small schools missing from the schools export, and contacts naming students by another ID.

X976 refused a school missing from the set from 10 users; X975 (contacts naming their students by
another ID) was silenced whenever the users left out for missing schools, summed over all of them,
outnumbered the students published. Four schools of five users each, missing beside a school of
12 students, published the 12 at exit 0, and silenced X975 for contacts naming every student by
PowerSchool's internal ID: a set with no parent at all, exit 0 (reviewer70). The bundled PowerSchool
profile's exclude_schools (its pseudo-schools 0 and 999999) also took it for a run rostering some
schools only, which X975 and X968 never judge: its contacts by DCID were never refused.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from transform import api

NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
CONTACTS_HEADER = (
    "Contact ID,First Name,Last Name,Is Active,Email Address,Phone Type,phoneNumberAsEntered,Is SMS,studentNumber,"
    "Contact Priority Order,Relationship Type,STUDENTCONTACTDETAILCOREFIELDS.legalGuardian,Contact Has Custody,"
    "Is Emergency Contact"
)

STUDENTS_HEADER = "ID\tStudent_Number\tSchoolID\tFirst_Name\tLast_Name\tGrade_Level\tEnroll_Status\tDOB"
TEACHERS_HEADER = "ID\tTeacherNumber\tSchoolID\tFirst_Name\tLast_Name\tEmail_Addr\tStatus\tStaffStatus"


def district(folder: Path, *, missing: dict[str, int], listed: tuple[str, ...] = ("100",), by_dcid: bool) -> Path:
    """A PowerSchool district: 12 students at Cedar (100) and, at each school of `missing`, that many
    students and a teacher; schools.txt lists the schools of `listed`. Each student has a mother in
    contacts.csv, whose link names the student by her Student_Number, or by her internal ID (`by_dcid`)."""
    schools = {"100": 12, **missing}
    students, teachers, sections, enrolments, terms, contacts = [], [], [], [], [], []
    dcid = 0
    for school, count in schools.items():
        teachers.append(f"{school}\tT{school}\t{school}\tAna\tLopez{school}\tt{school}@district.example.org\t1\t1")
        sections.append(f"{school}1\t{school}\tMATH\t1\t3600\t1(A)\t{school}")
        terms.append(f"3600\t{school}\t2026-2027\t26-27\t08/17/2026\t05/28/2027")
        for _ in range(count):
            dcid += 1
            number = 10000 + dcid
            students.append(f"{dcid}\t{number}\t{school}\tKid{dcid}\tFamily{dcid}\t4\t0\t3/1/2016")
            enrolments.append(f"{dcid}\t{school}1\t3600\t{school}\t08/17/2026\t05/29/2027")
            phone = f"608-555-{1000 + dcid}"
            contacts.append(f"C{dcid},Mom{dcid},Family{dcid},1,mom{dcid}@mail.example.com,Mobile,{phone},1")
            link = dcid if by_dcid else number
            contacts.append(f"C{dcid},,,,,,,,{link},1,Mother,1,1,1")
    exports = folder / "in"
    exports.mkdir(parents=True)
    files = {
        "schools.txt": ["School_Number\tName", *(f"{s}\tSchool {s}" for s in listed)],
        "students.txt": [STUDENTS_HEADER, *students],
        "teachers.txt": [TEACHERS_HEADER, *teachers],
        "sections.txt": ["ID\tSchoolID\tCourse_Number\tSection_Number\tTermID\tExpression\tTeacher", *sections],
        "courses.csv": ["Course_Number,Course_Name", "MATH,Math"],
        "cc.txt": ["StudentID\tSectionID\tTermID\tSchoolID\tDateEnrolled\tDateLeft", *enrolments],
        "terms.txt": ["ID\tSchoolID\tName\tAbbreviation\tFirstDay\tLastDay", *terms],
        "contacts.csv": [CONTACTS_HEADER, *contacts],
    }
    for name, lines in files.items():
        (exports / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return exports


def run(exports: Path, engine: str = "python") -> api.RunResult:
    out = exports.parent / "out"
    options = api.RunOptions(
        profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), now=NOW, engine=engine
    )
    return api.run(options)


def stops(result: api.RunResult) -> list[str]:
    return [p.code.id for p in result.report.aborts]


FOUR_SMALL = {"300": 4, "400": 4, "500": 4, "600": 4}  # a teacher and four students each: 5 users


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_four_small_schools_missing_beside_a_school_of_twelve_are_refused(tmp_path: Path, engine: str) -> None:
    """Each of the four leaves out 5 users, 20 together, more than the 12 students published: each is
    refused, and says so; their parents follow from it (no X975)."""
    result = run(district(tmp_path, missing=FOUR_SMALL, by_dcid=False), engine)
    assert result.exit_status == 1 and not result.report.published
    assert stops(result) == ["X976"] * 4
    said = {p.params["school"]: p for p in result.report.aborts}
    assert sorted(said) == ["300", "400", "500", "600"]
    assert said["300"].message.startswith(
        "5 users name school '300', which is not in the schools export (schools.txt): each is left out (V502), "
        "with their classes, enrolments and parents, one of 4 schools missing from the set, which together leave "
        "out 20 users, more than the 12 students published; nothing published"
    )
    assert (said["300"].where.file, said["300"].where.line) == ("students.txt", 14)


def test_the_same_schools_missing_with_contacts_by_another_id_are_refused_for_the_schools_first(
    tmp_path: Path,
) -> None:
    """The contacts name every student by her internal ID: the schools are refused (X976), not
    silently; once the schools export is whole, the contacts are (X975), never a set without parents."""
    result = run(district(tmp_path / "missing", missing=FOUR_SMALL, by_dcid=True))
    assert result.exit_status == 1 and stops(result) == ["X976"] * 4
    whole = run(district(tmp_path / "whole", missing=FOUR_SMALL, listed=("100", *FOUR_SMALL), by_dcid=True))
    assert whole.exit_status == 1 and not whole.report.published
    assert stops(whole) == ["X975"]
    assert whole.report.aborts[0].params["unlinked"] == 28 and whole.report.aborts[0].params["published"] == 0


def test_contacts_by_another_id_are_refused_on_the_bundled_powerschool_profile(tmp_path: Path) -> None:
    """No school missing: 12 mothers linked by the internal ID, none published. The profile's
    exclude_schools (0, 999999: never rostered) is no run rostering some schools only."""
    result = run(district(tmp_path, missing={}, by_dcid=True))
    assert result.exit_status == 1 and stops(result) == ["X975"]
    assert "such as student '1'" in result.report.aborts[0].message


def test_one_small_school_missing_is_published_and_said(tmp_path: Path) -> None:
    """Five users of a school the schools export lacks, beside 12 students published: an ordinary
    night's V502 (a program's code the SIS keeps), published at exit 0 with its mothers linked."""
    result = run(district(tmp_path, missing={"300": 4}, by_dcid=False))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert result.report.counts["V502"] >= 5 and "X976" not in result.report.counts
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as users:
        roles = Counter(row["role"] for row in csv.DictReader(users))
    assert roles == {"student": 12, "parent": 12, "teacher": 1}


def test_graduates_contacts_at_an_excluded_school_publish_the_set(tmp_path: Path) -> None:
    """PowerSchool's graduated students (999999, excluded by the bundled profile) keep their
    contacts: 15 mothers linked to no student of the set beside the 12 published, exit 0 (no X975)."""
    result = run(district(tmp_path, missing={"999999": 15}, by_dcid=False))
    assert result.exit_status == 0 and result.report.published, stops(result)
    assert result.report.counts["F413"] >= 15 and "X975" not in result.report.counts
