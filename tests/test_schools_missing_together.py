"""Several small schools missing from the set, and contacts naming their students by another ID.

X976 refuses a school missing from the schools export from 10 users. Several smaller ones together
left out most of a district at exit 0 (review70's untested risk, console52's repro /tmp/c52/lost):
three or four schools of five users each beside a school of 6 or 12 students published those
students alone; and where the contacts named every student by PowerSchool's internal ID, X975 was
silenced by those users as well (`students_lost_to_schools`), so the set had no parent. X818 now
sums the students and staff the missing schools left out, each once, against the students
published. X975 also judges the bundled PowerSchool profile (its pseudo-schools 0 and 999999 are no
run rostering some schools only), counting only parents whose students no export lists.

Not refused (review74): ten itinerant staff at 21 program sites (one count per user, not per
school it names), graduates at 999999 and withdrawn students whose contacts PowerSchool keeps, an
empty students export (its own stops say why, not X975).
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


def district(
    folder: Path,
    *,
    missing: dict[str, int],
    present: int = 12,
    listed: tuple[str, ...] = ("100",),
    by_dcid: bool = False,
    mothers: int | None = None,
    withdrawn: int = 0,
    itinerants: tuple[tuple[int, list[str]], ...] = (),
) -> Path:
    """A PowerSchool district: `present` students at Cedar (100) and, at each school of `missing`,
    that many students and a teacher; schools.txt lists `listed`. The first `mothers` students of
    Cedar (all by default) and every other student have a mother in contacts.csv, linked by the
    student's Student_Number, or by her internal ID (`by_dcid`). `withdrawn` more students of Cedar
    (Enroll_Status 2) with mothers; `itinerants`: so many staff with a teachers row at each of the sites."""
    schools = {"100": present, **missing}
    students, teachers, sections, enrolments, terms, contacts = [], [], [], [], [], []
    dcid = 0

    def student(school: str, status: int, mother: bool, section: str | None) -> None:
        nonlocal dcid
        dcid += 1
        number = 10000 + dcid
        students.append(f"{dcid}\t{number}\t{school}\tKid{dcid}\tFamily{dcid}\t4\t{status}\t3/1/2016")
        if section:
            enrolments.append(f"{dcid}\t{section}\t3600\t{school}\t08/17/2026\t05/29/2027")
        if mother:
            phone = f"608-555-{1000 + dcid}"
            contacts.append(f"C{dcid},Mom{dcid},Family{dcid},1,mom{dcid}@mail.example.com,Mobile,{phone},1")
            contacts.append(f"C{dcid},,,,,,,,{dcid if by_dcid else number},1,Mother,1,1,1")

    for school, count in schools.items():
        teachers.append(f"{school}\tT{school}\t{school}\tAna\tLopez{school}\tt{school}@district.example.org\t1\t1")
        sections.append(f"{school}1\t{school}\tMATH\t1\t3600\t1(A)\t{school}")
        terms.append(f"3600\t{school}\t2026-2027\t26-27\t08/17/2026\t05/28/2027")
        for n in range(count):
            student(school, 0, school != "100" or mothers is None or n < mothers, f"{school}1")
    for _ in range(withdrawn):
        student("100", 2, True, None)
    people = [(f"{group}{n:02d}", sites) for group, (staff, sites) in enumerate(itinerants) for n in range(staff)]
    for person, sites in people:
        for site in sites:
            row = f"It{person}\t{site}\tIta\tStaff{person}\tit{person}@district.example.org\t1\t1"
            teachers.append(f"9{person}{site}\t{row}")
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


def run(
    exports: Path, engine: str = "python", as_of: dt.date = dt.date(2026, 10, 15), schools: tuple[str, ...] = ()
) -> api.RunResult:
    options = api.RunOptions(
        profile="powerschool",
        in_dir=exports,
        out_dir=exports.parent / "out",
        as_of=as_of,
        now=NOW,
        engine=engine,
        schools=schools,
    )
    return api.run(options)


def stops(result: api.RunResult) -> list[str]:
    return [p.code.id for p in result.report.aborts]


def roles(result: api.RunResult, folder: Path) -> Counter[str]:
    assert result.exit_status == 0 and result.report.published, stops(result)
    with (folder / "out" / "users.csv").open(encoding="utf-8", newline="") as users:
        return Counter(row["role"] for row in csv.DictReader(users))


THREE_SMALL = {"300": 4, "400": 4, "500": 4}  # a teacher and four students each: 5 users
FOUR_SMALL = {"300": 4, "400": 4, "500": 4, "600": 4}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_four_small_schools_missing_beside_a_school_of_twelve_are_refused_in_one_stop(
    tmp_path: Path, engine: str
) -> None:
    """20 students and staff left out for four schools of 5 users each, more than the 12 students
    published: one stop naming the schools, the first user's row; their parents follow from it."""
    result = run(district(tmp_path, missing=FOUR_SMALL), engine)
    assert result.exit_status == 1 and not result.report.published
    assert stops(result) == ["X818"]
    stop = result.report.aborts[0]
    assert stop.message.startswith(
        "20 students and staff name 4 schools that are not in the schools export (schools.txt), each with "
        "fewer users than a whole school ('300' (5), '400' (5), '500' (5), '600' (5)): each is left out (V502), "
        "with their classes, enrolments and parents, more users than the 12 students published; nothing published"
    )
    assert (stop.where.file, stop.where.line) == ("students.txt", 14)


def test_the_schools_with_the_most_users_are_named_first(tmp_path: Path) -> None:
    missing = {"300": 1, "400": 6, "500": 2, "600": 3, "700": 1, "800": 1, "900": 2}
    result = run(district(tmp_path, missing=missing, present=6))
    assert stops(result) == ["X818"]
    assert result.report.aborts[0].params["users"] == 23
    assert result.report.aborts[0].params["schools"] == (
        "'400' (7), '600' (4), '500' (3), '900' (3), '300' (2) and 2 more"
    )


def test_small_schools_missing_with_contacts_by_another_id_are_refused_for_both(
    tmp_path: Path,
) -> None:
    """console52's repro: three small schools missing and every mother linked by the student's
    internal ID. Refused for the schools (X818) and for the contacts, whose links are the students'
    IDs (X817), not published without parents; once the schools export is whole, for the contacts
    alone (X817, which says the column X975 could only guess)."""
    result = run(district(tmp_path / "missing", missing=THREE_SMALL, present=6, by_dcid=True))
    assert result.exit_status == 1 and sorted(stops(result)) == ["X817", "X818"]
    schools = next(p for p in result.report.aborts if p.code.id == "X818")
    assert schools.params["users"] == 15
    listed = ("100", *THREE_SMALL)
    whole = run(district(tmp_path / "whole", missing=THREE_SMALL, present=6, listed=listed, by_dcid=True))
    assert whole.exit_status == 1 and not whole.report.published
    assert stops(whole) == ["X817"]
    assert whole.report.aborts[0].params["by_other"] == 18 and whole.report.aborts[0].params["other"] == "ID"


def test_contacts_by_another_id_are_refused_on_the_bundled_powerschool_profile(tmp_path: Path) -> None:
    """No school missing: 12 mothers linked by the internal ID, none published. The profile's
    exclude_schools (0, 999999: never rostered) is no run rostering some schools only. The bundled
    profile lists the students' ID as another of their IDs: X817 names it, where X975 guessed."""
    result = run(district(tmp_path, missing={}, by_dcid=True))
    assert result.exit_status == 1 and stops(result) == ["X817"]
    assert "line 3: '1' is the ID of students.txt:2, student '10001'" in result.report.aborts[0].message


def test_one_small_school_missing_is_published_and_said(tmp_path: Path) -> None:
    """Five users of a school the schools export lacks, beside 12 students: an ordinary night's V502."""
    result = run(district(tmp_path, missing={"300": 4}))
    assert roles(result, tmp_path) == {"student": 12, "parent": 12, "teacher": 1}
    assert result.report.counts["V502"] >= 5 and not {"X976", "X818"} & set(result.report.counts)


SITES = [str(site) for site in range(301, 321)]  # program sites the schools export does not list


def test_itinerant_staff_at_many_program_sites_count_once_each(tmp_path: Path) -> None:
    """Nine itinerant staff (speech, OT, psychologist...), each with a teachers row at 20 sites the
    schools export does not list, and one at a 21st: 10 users left out, not 181, fewer than the 12
    students published (review74 R2). Each site has fewer than X976's 10."""
    result = run(district(tmp_path, missing={}, itinerants=((9, SITES), (1, ["399"]))))
    assert roles(result, tmp_path) == {"student": 12, "parent": 12, "teacher": 1}
    assert result.report.counts["V502"] == 10


def test_more_itinerant_staff_than_students_are_refused(tmp_path: Path) -> None:
    """Nine at the 20 sites, and four more at four others each, beside 12 students: 13 users, more
    than the students published: most of the district is missing."""
    others = ((1, ["401"]), (1, ["402"]), (1, ["403"]), (1, ["404"]))
    result = run(district(tmp_path, missing={}, itinerants=((9, SITES), *others)))
    assert stops(result) == ["X818"] and result.report.aborts[0].params["users"] == 13


def test_graduates_contacts_at_an_excluded_school_publish_the_set(tmp_path: Path) -> None:
    """PowerSchool's graduates (999999, excluded by the bundled profile) keep their contacts: 150
    mothers linked to students the export lists and the run leaves out, beside a single mother of
    the 12 students published (a tenth of them: X975's bar), exit 0 (review74 R1)."""
    result = run(district(tmp_path, missing={"999999": 150}, mothers=1))
    assert roles(result, tmp_path) == {"student": 12, "parent": 1, "teacher": 1}
    assert result.report.counts["F413"] >= 150 and "X975" not in result.report.counts
    assert "V502" not in result.report.counts


def test_withdrawn_students_contacts_publish_the_set(tmp_path: Path) -> None:
    """40 withdrawn students (Enroll_Status 2) of Cedar with their mothers, one mother among the
    12 current students: the withdrawn students' parents are left out on purpose (review74 R1)."""
    result = run(district(tmp_path, missing={}, mothers=1, withdrawn=40))
    assert roles(result, tmp_path) == {"student": 12, "parent": 1, "teacher": 1}
    assert result.report.counts["F413"] >= 40 and "X975" not in result.report.counts


def test_an_empty_students_export_is_not_blamed_on_the_contacts(tmp_path: Path) -> None:
    """Published one night; the next, students.txt is 0 bytes: its own stops, no X975 saying the
    contacts name their students by another ID (review74 R5), no X818."""
    exports = district(tmp_path, missing={}, present=120)
    assert run(exports).exit_status == 0
    (exports / "students.txt").write_text("", encoding="utf-8")
    result = run(exports, as_of=dt.date(2026, 10, 16))
    assert result.exit_status == 1 and not result.report.published
    assert stops(result) and not {"X975", "X818"} & set(stops(result))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_district_rostering_one_school_by_the_option_is_not_refused_for_the_others(
    tmp_path: Path, engine: str
) -> None:
    """--school 100 (a pilot): the four small sites missing from schools.txt are not rostered
    anyway, and their 20 users are no loss (reviewer77 F6: refused, 'list the schools to roster in
    settings.schools', which the district had done). Schools listed to roster and missing are still
    refused (X940, each)."""
    exports = district(tmp_path, missing=FOUR_SMALL)
    result = run(exports, engine, schools=("100",))
    assert "X818" not in result.report.counts and "X976" not in result.report.counts
    assert roles(result, tmp_path)["student"] == 12
    listed = run(exports, engine, schools=("100", "300", "400", "500"))
    assert not listed.report.published and stops(listed) == ["X940"] * 3, stops(listed)


def test_rostered_schools_whose_users_lost_their_leading_zeros_are_still_counted(tmp_path: Path) -> None:
    """--school 0300 --school 0400: schools.txt lists them so, the users name 300 and 400 (a spreadsheet
    dropped the zeros): their users are the rostered schools', left out, and refused (reviewer86 R1:
    compared with the listed IDs as written, they were out of the roster, published at exit 0)."""
    exports = district(tmp_path, missing=FOUR_SMALL, present=6, listed=("100", "0300", "0400", "0500", "0600"))
    result = run(exports, schools=("100", "0300", "0400"))
    assert not result.report.published and "X818" in stops(result), stops(result)
