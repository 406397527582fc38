"""Public sample files nobody here wrote (../shared/realworld); skipped where that folder is absent.

They are read in place, never copied into the repository.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import REALWORLD
from transform import api

PS_STUDENTS = REALWORLD / "powerschool-shaped-fsenrollment" / "students_example.csv"
PS_CONTACTS = REALWORLD / "powerschool-shaped-fsenrollment" / "parents_example.csv"

# The import template has no internal Students.ID, so this district reads students alone.
DISTRICT = """\
name: fsenrollment-sample
extends: powerschool
sources:
  students:
    files: [students_example.csv]
    columns: [Student_Number, SchoolID, First_Name, Last_Name, Grade_Level, Enroll_Status, DOB]
    optional_columns: [ID, Middle_Name, Home_Phone, Student_Web_ID, Home_Language, Family_Ident, Mother,
                       Father, Mother_Email, Father_Email, Motherdayphone, Mother_Home_Phone, Fatherdayphone,
                       Father_Home_Phone]
"""
HEADERS = {
    "schools.txt": "School_Number\tName\r\n100\tElementary\r\n200\tMiddle\r\n300\tHigh\r\n",
    "teachers.txt": "ID\tTeacherNumber\tSchoolID\tFirst_Name\tLast_Name\tEmail_Addr\tStatus\tStaffStatus\r\n"
    "1\tT1\t100\tAl\tBo\tab@example.org\t1\t1\r\n",
    "courses.txt": "Course_Number\tCourse_Name\r\n",
    "sections.txt": "ID\tSchoolID\tCourse_Number\tSection_Number\tTermID\tExpression\tTeacher\r\n",
    "cc.txt": "StudentID\tSectionID\tTermID\tSchoolID\r\n",
    "terms.txt": "ID\tSchoolID\tName\tFirstDay\tLastDay\r\n",
}


def run_fsenrollment(tmp_path: Path, *, contacts: bool = False) -> api.RunResult:
    """The sample's students (and contacts) beside empty class exports, read in place."""
    exports = tmp_path / "in"
    exports.mkdir()
    (exports / "students_example.csv").symlink_to(PS_STUDENTS)
    if contacts:
        (exports / "contacts.csv").symlink_to(PS_CONTACTS)
    for name, text in HEADERS.items():
        (exports / name).write_text(text, encoding="utf-8")
    profile = tmp_path / "district.yaml"
    profile.write_text(DISTRICT, encoding="utf-8")
    return api.run(
        api.RunOptions(
            profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2025, 10, 1), users_only=True
        )
    )


@pytest.mark.skipif(not PS_STUDENTS.exists(), reason="shared/realworld is not here")
def test_powerschool_students_template_becomes_remind_users(tmp_path: Path) -> None:
    result = run_fsenrollment(tmp_path)
    assert result.exit_status == 0, [str(p) for p in result.problems]

    with PS_STUDENTS.open(encoding="utf-8-sig", newline="") as handle:
        source = list(csv.DictReader(handle))
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle) if row["role"] == "student"}
    active = [s for s in source if s["Enroll_Status"] == "0"]
    assert set(users) == {s["Student_Number"] for s in active}
    for student in active:
        user = users[student["Student_Number"]]
        assert user["orgSourcedIds"] == student["SchoolID"]
        assert user["grades"] in {"KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"}
        # A North American number's area code and exchange start 2-9: the sample's random
        # numbers (731-007-6127) that break it are no number, blanked and said (D306).
        digits = "".join(c for c in student["Home_Phone"] if c.isdigit())
        dialable = len(digits) == 10 and digits[0] not in "01" and digits[3] not in "01"
        assert user["phone"] == (f"+1{digits}" if dialable else ""), student["Home_Phone"]
    assert result.report.counts["D306"] == sum(
        1
        for s in source
        if (d := "".join(c for c in s["Home_Phone"] if c.isdigit())) and (d[0] in "01" or d[3] in "01")
    )
    with (tmp_path / "out" / "demographics.csv").open(encoding="utf-8", newline="") as handle:
        births = {row["sourcedId"]: row["birthDate"] for row in csv.DictReader(handle)}
    first = active[0]
    month, day, year = first["DOB"].split("/")
    assert births[first["Student_Number"]] == f"{year}/{month}/{day}"


@pytest.mark.skipif(not PS_CONTACTS.exists(), reason="shared/realworld is not here")
def test_powerschool_contacts_export_becomes_guardians(tmp_path: Path) -> None:
    result = run_fsenrollment(tmp_path, contacts=True)
    assert result.exit_status == 0, [str(p) for p in result.problems]

    with PS_CONTACTS.open(encoding="utf-8-sig", newline="") as handle:
        links = [row for row in csv.DictReader(handle) if row["studentNumber"]]
    custodial = {
        (row["New Contact Identifier"], row["studentNumber"])
        for row in links
        if "1" in (row["Contact Has Custody"], row["STUDENTCONTACTDETAILCOREFIELDS.legalGuardian"])
    }
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = list(csv.DictReader(handle))
    students = {u["sourcedId"]: u for u in users if u["role"] == "student"}
    guardians = {u["sourcedId"]: u for u in users if u["role"] in ("parent", "guardian")}
    assert guardians, "the sample's contacts make guardian users"
    made = {
        (gid.removeprefix("G"), student) for gid, g in guardians.items() for student in g["agentSourcedIds"].split(",")
    }
    assert made == {(contact, student) for contact, student in custodial if student in students}
    for guardian in guardians.values():
        assert guardian["email"] or guardian["phone"]
        for student in guardian["agentSourcedIds"].split(","):
            assert guardian["sourcedId"] in students[student]["agentSourcedIds"].split(",")


SDS = REALWORLD / "ms-sds-csv-samples"


@pytest.mark.skipif(not SDS.exists(), reason="shared/realworld is not here")
@pytest.mark.parametrize(
    ("sample", "users", "classes"), [("sds-classic-100-users", 98, 21), ("sds-classic-25-users", 24, 2)]
)
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_sds_samples_become_valid_sets(tmp_path: Path, sample: str, users: int, classes: int, target: str) -> None:
    district = tmp_path / "contoso.yaml"
    district.write_text(
        "name: contoso\nextends: sds\nsettings: {email_domain: contoso.example.org}\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(
            profile=str(district), in_dir=SDS / sample, out_dir=out, as_of=dt.date(2018, 1, 15), target=target
        )
    )
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert result.report.rows_written["users.csv"] == users
    assert result.report.rows_written["classes.csv"] == classes
    assert api.validate_set(out, target=target).exit_status == 0


@pytest.mark.skipif(not SDS.exists(), reason="shared/realworld is not here")
def test_the_minimal_sds_sample_cannot_make_a_remind_set(tmp_path: Path) -> None:
    result = api.run(
        api.RunOptions(
            profile="sds", in_dir=SDS / "sds-classic-min-required", out_dir=tmp_path / "o", as_of=dt.date(2018, 1, 15)
        )
    )
    assert result.exit_status == 2  # Remind needs names; this layout has none
    assert {(p.code.id, p.params["column"]) for p in result.problems} == {("I201", "First Name"), ("I201", "Last Name")}


SDS_V21 = SDS / "sds-v2.1"


@pytest.mark.skipif(not SDS_V21.exists(), reason="shared/realworld is not here")
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_sds_v2_1_sample_becomes_a_valid_set(tmp_path: Path, target: str) -> None:
    """Microsoft's own SDS v2.1 sample: roles from roles.csv, guardians from relationships.csv.
    Its higher-ed orgs (a college, a department) are not schools, so their people are left out."""
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="sds-v2", in_dir=SDS_V21, out_dir=out, as_of=dt.date(2021, 10, 15), target=target)
    )
    assert result.exit_status == 0, [str(p) for p in result.problems]
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    assert {u: row["role"] for u, row in users.items()} == {
        "114001": "student",
        "114002": "guardian",
        "114003": "student",
        "114004": "student",
        "114005": "guardian",
        "114007": "teacher",  # a teacher at the school and at the ministry above it: one user
    }
    # 114002 is 114001's guardian and 114003's relative: a relative is no guardian (F409)
    assert users["114002"]["agentSourcedIds"] == "114001"
    assert users["114001"]["agentSourcedIds"] == "114002"
    assert users["114007"]["email"] == "kfein@classrmtest31.org"  # from the username, reported
    assert users["114001"]["grades"] == "10"
    assert result.report.rows_written["enrollments.csv"] == 4
    assert api.validate_set(out, target=target).exit_status == 0


MOODLE = REALWORLD / "moodle-enrol-oneroster-v1p1"
OAT = REALWORLD / "oat-oneroster-import-v1p1" / "OneRosterv1p1BaseCSV"
# The Moodle sets' only org is a "department"; Remind rosters schools, so a district says so.
DEPARTMENTS_ARE_SCHOOLS = "name: moodle-sample\nextends: oneroster\nmaps: {org_types: {values: {department: school}}}\n"


@pytest.mark.skipif(not MOODLE.exists(), reason="shared/realworld is not here")
def test_moodle_oneroster_sets_have_no_school_without_a_district_override(tmp_path: Path) -> None:
    result = api.run(
        api.RunOptions(
            profile="ims", in_dir=MOODLE / "Test_full_data_set", out_dir=tmp_path / "o", as_of=dt.date(2022, 11, 1)
        )
    )
    assert result.exit_status == 1
    assert {p.code.slug for p in result.problems} == {"no-rows"}
    assert not (tmp_path / "o").exists()


@pytest.mark.skipif(not MOODLE.exists(), reason="shared/realworld is not here")
@pytest.mark.parametrize(
    ("sample", "users", "classes", "enrollments", "empty"),
    [
        # every enrolment ended 2022-06-15, before its own term began
        (
            "Test_full_data_set",
            6,
            0,
            0,
            {"remind": ["classes", "enrollments"], "oneroster": ["classes", "enrollments"]},
        ),
        # its teachers have no email: Remind cannot take them (strict 1.1 keeps them), and every staff
        # row of users.csv lost is refused as a staff export lost would be (X922, by kind, stop 41);
        # its classes name no course: the strict set builds them
        ("Test_minimal_data_set", 3, 2, 2, {"remind": ["staff"], "oneroster": []}),
    ],
)
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_moodle_oneroster_sets_become_valid_sets(
    tmp_path: Path, sample: str, users: int, classes: int, enrollments: int, empty: dict[str, list[str]], target: str
) -> None:
    """A set with no classes is refused (X916), even on a first run, and one whose staff are all left
    out (X922); --allow-incomplete publishes it."""
    district = tmp_path / "moodle.yaml"
    district.write_text(DEPARTMENTS_ARE_SCHOOLS, encoding="utf-8")
    out = tmp_path / "out"
    options = api.RunOptions(
        profile=str(district), in_dir=MOODLE / sample, out_dir=out, as_of=dt.date(2022, 11, 1), target=target
    )
    if empty[target] == ["staff"]:
        refused = api.run(options)
        assert [(p.code.id, p.params["whom"]) for p in refused.problems] == [("X922", "staff")]
        assert not out.exists()
        options = replace(options, allow_incomplete=True)
    elif empty[target]:
        refused = api.run(options)
        assert [(p.code.id, p.params["table"]) for p in refused.problems] == [("X916", t) for t in empty[target]]
        assert not out.exists()
        options = replace(options, allow_incomplete=True)
    result = api.run(options)
    # published, but: a set without classes or staff that --allow-incomplete let through is one a
    # person looks at each night it is published (F453, exit 1), even where a person asked for it
    flagged = options.allow_incomplete
    assert result.report.published and result.exit_status == (1 if flagged else 0), [str(p) for p in result.problems]
    assert ("F453" in result.report.counts) == flagged
    if target == "remind":
        assert result.report.rows_written["users.csv"] == users
        assert result.report.rows_written["classes.csv"] == classes
        assert result.report.rows_written["enrollments.csv"] == enrollments
    assert api.validate_set(out, target=target).exit_status == 0


@pytest.mark.skipif(not OAT.exists(), reason="shared/realworld is not here")
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_oat_oneroster_sample_with_1_0_headers_becomes_a_valid_set(tmp_path: Path, target: str) -> None:
    out = tmp_path / "out"
    # Its classes name term "1" and its academicSessions.csv is a header alone: no term can be
    # current, so the run refuses (X954) until told every class is wanted (--allow-incomplete);
    # and its enrolments enrol no teacher: every class would have no owner (X980).
    refused = api.run(
        api.RunOptions(profile="oneroster", in_dir=OAT, out_dir=out, as_of=dt.date(2017, 10, 2), target=target)
    )
    assert refused.exit_status == 1 and sorted(p.code.id for p in refused.problems) == ["X954", "X980"]
    assert not out.exists()
    result = api.run(
        api.RunOptions(
            profile="oneroster",
            in_dir=OAT,
            out_dir=out,
            as_of=dt.date(2017, 10, 2),
            target=target,
            allow_incomplete=True,
        )
    )
    # published, but: the classes without a current term or an owner the flag let through (F453)
    assert result.report.published and result.exit_status == 1, [str(p) for p in result.problems]
    assert "F453" in result.report.counts
    # Its demographics.csv, said bulk by the manifest, is a header alone: published, every student
    # without a birth date, said (I296) for Remind, which asks for birthDate (tester70 S5)
    assert result.report.counts.get("I296", 0) == (1 if target == "remind" else 0)
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    # Read through the 1.0 header userId; not of the {Type:Id} form, so left out (D339) of either
    # target's set (the remind target wrote it as it was: tester70 S3).
    assert users["user1"]["userIds"] == ""
    assert users["user2"]["orgSourcedIds"] == "54321"
    # Its classes name no course and terms that are not there: the strict set builds them and
    # keeps the classes, as Remind's does.
    assert result.report.rows_written.get("enrollments.csv", 0) == 3
    assert api.validate_set(out, target=target).exit_status == 0
