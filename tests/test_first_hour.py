"""The first hour with an SIS nobody bundled (tester11 F8): init-profile's skeleton, filled in
where check-profile asked, said "ok" and published a first set with no staff, no parents, the
withdrawn and future students and every term's classes, exit 0. Now the skeleton drafts the
staff, each class's teacher, a one-per-row enrolment ID and a status `where`; a profile that makes
classes and no teacher is refused (P111); a source no rule reads (I272: the contacts with no
guardian rule too) and terms with dates but no term filter (I274) are said by check-profile and
the run."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import yaml

from tests.test_cli import transform
from transform import api
from transform.profile import load

AS_OF = dt.date(2026, 10, 15)

# A Veracross-like query export of a school of two divisions: IDs are the SIS's primary keys.
EXPORTS = {
    "students.csv": [
        ["Person ID", "First Name", "Last Name", "School Level", "Email 1", "Birthday", "Enrollment Status"],
        ["4001", "Aiden", "Brown", "LS", "aiden@asl.example.org", "2021-03-15", "Enrolled"],
        ["4002", "Scarlett", "Moore", "LS", "scarlett@asl.example.org", "2019-08-19", "Withdrawn"],
        ["4003", "Jack", "Lee", "MS", "jack@asl.example.org", "2014-10-27", "Enrolled"],
        ["4099", "Nora", "Anderson", "MS", "nora@asl.example.org", "2014-07-05", "Future"],
    ],
    "faculty_staff.csv": [
        ["Person ID", "First Name", "Last Name", "Email", "School Level"],
        ["0901", "Claire", "Adams", "cadams@asl.example.org", "LS"],
        ["0902", "Dev", "Bose", "dbose@asl.example.org", "MS"],
    ],
    "relationships.csv": [
        ["Student Person ID", "Related Person ID", "Relationship", "First Name", "Last Name", "Email"],
        ["4001", "14001", "Mother", "Maya", "Brown", "maya@example.com"],
        ["4003", "14003", "Father", "Sam", "Lee", "sam@example.com"],
    ],
    "grading_periods.csv": [
        ["School Level", "Grading Period", "Abbreviation", "Start Date", "End Date"],
        ["LS", "Semester 1", "S1", "2026-08-19", "2026-12-18"],
        ["LS", "Semester 2", "S2", "2027-01-06", "2027-06-11"],
        ["MS", "Semester 1", "S1", "2026-08-19", "2026-12-18"],
        ["MS", "Semester 2", "S2", "2027-01-06", "2027-06-11"],
    ],
    "schools.csv": [["School Level", "School Name"], ["LS", "Lower School"], ["MS", "Middle School"]],
    "classes.csv": [
        ["Class PK", "Class ID", "Description", "School Level", "Grading Period", "Primary Teacher ID"],
        ["10001", "LS-K-HR", "Kindergarten Homeroom", "LS", "S1", "0901"],
        ["10002", "MS-6-EN", "English 6", "MS", "S1", "0902"],
        ["10003", "MS-6-AR", "Art 6", "MS", "S2", "0902"],
    ],
    "class_enrollments.csv": [
        ["Class PK", "Student Person ID", "Status"],
        ["10001", "4001", "Enrolled"],
        ["10001", "4002", "Withdrawn"],
        ["10002", "4003", "Enrolled"],
        ["10003", "4003", "Enrolled"],
    ],
}

SOURCES = """\
name: asl
settings:
  source_system: Veracross
sources:
  students:
    files: [students.csv]
    columns: [Person ID, First Name, Last Name, School Level, Email 1, Birthday, Enrollment Status]
  faculty_staff:
    files: [faculty_staff.csv]
    columns: [Person ID, First Name, Last Name, Email, School Level]
  relationships:
    files: [relationships.csv]
    columns: [Student Person ID, Related Person ID, Relationship, First Name, Last Name, Email]
  grading_periods:
    files: [grading_periods.csv]
    columns: [School Level, Grading Period, Abbreviation, Start Date, End Date]
  schools:
    files: [schools.csv]
    columns: [School Level, School Name]
  classes:
    files: [classes.csv]
    columns: [Class PK, Class ID, Description, School Level, Grading Period, Primary Teacher ID]
  class_enrollments:
    files: [class_enrollments.csv]
    columns: [Class PK, Student Person ID, Status]
"""
STUDENTS_AND_CLASSES = """\
tables:
  orgs:
    schools:
      from: schools
      columns: {sourcedId: {column: School Level}, name: {column: School Name}, type: school}
  users:
    students:
      from: students
      columns:
        sourcedId: {column: Person ID}
        orgSourcedIds: {column: School Level}
        role: student
        givenName: {column: First Name}
        familyName: {column: Last Name}
STAFF
  classes:
    sections:
      from: classes
      columns:
        sourcedId: {column: Class PK}
        title: {column: Description}
        schoolSourcedId: {column: School Level}
  enrollments:
    rows:
      from: class_enrollments
      join:
        class: {source: classes, on: {Class PK: Class PK}}
      columns:
        sourcedId: "{Class PK}-{Student Person ID}"
        classSourcedId: {column: Class PK}
        userSourcedId: {column: Student Person ID}
        schoolSourcedId: {column: class.School Level}
        role: student
"""
STAFF = """\
    staff:
      from: faculty_staff
      columns:
        sourcedId: {column: Person ID}
        orgSourcedIds: {column: School Level}
        role: teacher
        givenName: {column: First Name}
        familyName: {column: Last Name}
        email: {column: Email, clean: [email]}"""


def _exports(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, rows in EXPORTS.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return folder


def _profile(tmp_path: Path, *, staff: bool) -> Path:
    path = tmp_path / "asl.yaml"
    path.write_text(SOURCES + STUDENTS_AND_CLASSES.replace("STAFF\n", STAFF + "\n" if staff else ""), "utf-8")
    return path


def test_the_skeleton_drafts_staff_teachers_a_per_row_enrolment_id_and_a_status_filter(tmp_path: Path) -> None:
    """The enrolments name their class by Class PK, a column the classes' file has too: the
    classes take it as their ID, and an enrolment's ID is "{class}-{student}", never Class PK
    alone (every student of a class would share it). The status columns' Enrolled / Withdrawn /
    Future get a `where`, and the staff file a rule, whose IDs the classes' teacher column holds."""
    result = api.init_profile(_exports(tmp_path))
    assert result.extends is None
    tables = yaml.safe_load(result.profile_text)["tables"]
    assert tables["classes"]["sections"]["columns"]["sourcedId"] == {"column": "Class PK", "clean": ["id"]}
    rows = tables["enrollments"]["rows"]
    assert rows["columns"]["sourcedId"] == "{Class PK}-{Student Person ID}"
    assert rows["where"]["current"] == {
        "field": "{Status}",
        "op": "in",
        "value": ["Enrolled"],
        "reason": "enrollment-ended",
    }
    students = tables["users"]["students"]
    assert students["where"]["current"]["value"] == ["Enrolled"]
    assert "# leaves out Future, Withdrawn" in result.profile_text
    staff = tables["users"]["staff"]
    assert staff["from"] == "faculty_staff" and staff["columns"]["role"] == "teacher"
    assert staff["columns"]["email"] == {"column": "Email", "clean": ["email"]}
    teachers = tables["enrollments"]["teachers"]["columns"]
    assert (teachers["classSourcedId"], teachers["userSourcedId"], teachers["role"]) == (
        {"column": "Class PK", "clean": ["id"]},
        {"column": "Primary Teacher ID", "clean": ["id"]},
        "teacher",
    )


def test_an_enrolment_file_naming_no_class_the_skeleton_finds_gets_no_single_column_id(tmp_path: Path) -> None:
    """With no column the skeleton can tell for the class, the enrolment ID is left to fill in
    (I261) rather than guessed from the first column."""
    exports = _exports(tmp_path)
    (exports / "class_enrollments.csv").write_text("Section,Student Person ID\nX1,4001\nX1,4003\n", "utf-8")
    result = api.init_profile(exports)
    rows = yaml.safe_load(result.profile_text)["tables"]["enrollments"]["rows"]
    assert "sourcedId" not in rows["columns"]
    assert '# sourcedId: "{CLASS}-{PERSON}"   # required' in result.profile_text


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_classes_and_enrolments_with_no_teacher_rule_are_refused_before_reading(tmp_path: Path, engine: str) -> None:
    exports, profile = _exports(tmp_path), _profile(tmp_path, staff=False)
    said = transform("check-profile", profile, "--exports", exports)
    assert said.returncode == 2 and "ok" not in said.stdout
    [line] = [x for x in said.stderr.splitlines() if "P111" in x]
    users = profile.read_text("utf-8").splitlines().index("  users:") + 1
    assert line.startswith(
        f"{profile}:{users}:3: P111 profile-no-teacher: tables.users: classes and enrolments are made"
    )
    assert "(the users rules give role student)" in line
    assert "source 'faculty_staff' looks like the staff export: add a users rule from: faculty_staff" in line
    result = api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF, engine=engine)
    )
    assert result.exit_status == 2 and not (tmp_path / "out").exists()
    assert [p.code.id for p in result.problems] == ["P111"]
    # A --users-only run publishes no class to need an owner: the profile's users go out (review36 F3).
    users_only = api.run(
        api.RunOptions(
            profile=str(profile),
            in_dir=exports,
            out_dir=tmp_path / "users",
            as_of=AS_OF,
            engine=engine,
            users_only=True,
        )
    )
    assert "P111" not in {p.code.id for p in users_only.problems} and users_only.report.published


def test_a_teacher_from_a_map_of_roles_or_an_unmapped_role_column_is_enough(tmp_path: Path) -> None:
    profile = _profile(tmp_path, staff=True)
    text = profile.read_text("utf-8")
    mapped = text.replace("        role: teacher", "        role: {column: Role, map: roles}") + (
        "maps:\n  roles:\n    values: {T: teacher, A: aide}\n    unmapped: drop\n"
    )
    mapped = mapped.replace(
        "[Person ID, First Name, Last Name, Email, School Level]",
        "[Person ID, First Name, Last Name, Email, School Level, Role]",
    )
    profile.write_text(mapped, "utf-8")
    assert [p.code.id for p in api.check_profile(str(profile))[1]] == []
    profile.write_text(mapped.replace("{T: teacher, A: aide}", "{T: aide, A: aide}"), "utf-8")
    assert [p.code.id for p in api.check_profile(str(profile))[1]] == ["P111"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_sources_no_rule_reads_no_guardian_rule_and_no_term_filter_are_said(tmp_path: Path, engine: str) -> None:
    """The staff are there; the contacts and the terms are declared and read by no rule, as in
    a filled-in draft: check-profile says so (warnings, still ok) and so does every run."""
    exports, profile = _exports(tmp_path), _profile(tmp_path, staff=True)
    notes = "  notes:\n    files: [notes.csv]\n    columns: [Note]\n"
    profile.write_text(profile.read_text("utf-8").replace("tables:\n", notes + "tables:\n", 1), "utf-8")
    (exports / "notes.csv").write_text("Note\nhello\n", "utf-8")
    said = transform("check-profile", profile, "--exports", exports)
    assert said.returncode == 0, said.stderr
    assert said.stdout.strip().endswith("ok, and the run will read " + str(exports) + " (3 warnings above)")
    lines = said.stderr.splitlines()
    assert any(
        "I272 source-unread: sources.relationships: source 'relationships' is declared, but no rule reads it" in x
        and "; no rule makes parents, and it looks like the contacts export: did you mean a users rule from: "
        "relationships with guardian:?"
        in x
        for x in lines
    )
    assert any(
        "I274 classes-no-term-filter: tables.classes:" in x
        and "source 'grading_periods' has term dates (Start Date, End Date)" in x
        for x in lines
    )
    assert any(
        "I272 source-unread: sources.notes: source 'notes' is declared, but no rule reads it" in x for x in lines
    )
    result = api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF, engine=engine)
    )
    # The draft enrols no teacher: its classes would go out without an owner, refused (X980).
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X980"]
    assert (result.report.counts["I272"], result.report.counts["I274"]) == (2, 1)


def test_a_contacts_source_no_rule_reads_gets_the_guardian_hint_when_another_rule_makes_parents(tmp_path: Path) -> None:
    profile = _profile(tmp_path, staff=True)
    guardian = (
        "    parents:\n      from: students\n      guardian: {student: {column: Person ID}}\n"
        "      columns: {role: parent, givenName: {column: First Name}, familyName: {column: Last Name}}\n"
    )
    text = profile.read_text("utf-8").replace("  classes:\n    sections:", guardian + "  classes:\n    sections:")
    profile.write_text(text, "utf-8")
    _, problems = api.check_profile(str(profile), hints=True)
    [unread] = [p for p in problems if p.code.id == "I272"]
    assert "; it looks like the contacts export: did you mean a users rule from: relationships with guardian:?" in (
        unread.message
    )


@pytest.mark.parametrize("name", load.bundled_names())
def test_no_bundled_profile_gets_the_first_hour_warnings(name: str) -> None:
    _, problems = api.check_profile(name, hints=True)
    assert not {p.code.id for p in problems} & {"P111", "I272", "I274"}


def test_a_bundled_source_a_district_stops_reading_is_its_choice(tmp_path: Path) -> None:
    """A district extending powerschool that removes both parents' rules (null) sends no parents
    on purpose: the bundled source no rule reads now is not said; one its own file declares is."""
    profile = tmp_path / "district.yaml"
    no_parents = "tables:\n  users:\n    guardians: null\n    contacts: null\n"
    profile.write_text("name: d\nextends: powerschool\n" + no_parents, "utf-8")
    _, problems = api.check_profile(str(profile), hints=True)
    assert "I272" not in {p.code.id for p in problems}
    profile.write_text(
        "name: d\nextends: powerschool\nsources:\n  contacts:\n    files: [Contacts.csv]\n" + no_parents, "utf-8"
    )
    _, problems = api.check_profile(str(profile), hints=True)
    [unread] = [p for p in problems if p.code.id == "I272"]
    assert unread.params["source"] == "contacts" and unread.where.file.startswith(f"{profile}:4:")
