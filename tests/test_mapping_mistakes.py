"""A new admin's profile for an SIS with no bundled profile, with the mapping slips a newcomer makes
(tester57): each published a wrong set at exit 0, "Next: upload".

The students' email read from the teacher column next to it in a wide schedule export (every
student with a teacher's address, F1), or the teachers' from the students' (F7): V554, published,
exit 1. One "Last, First" column read whole into both names (F9): V555, exit 1 on a first set; and
correcting it the next night is no "ID given to another person" (X938, F10). First and last names
exchanged in the profile (F2): X870, exit 1 on a first set. A guardian contact ID read from the
student ID column, merging each family's parents into one ID that is then left out (V537, F6):
refused as X969. A custody flag read the wrong way round, publishing the emergency contacts and
dropping every parent (F15): X886, exit 1 on a first set.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.report import summary

AS_OF = dt.date(2026, 10, 15)

# A one-file student schedule export (a row per student per class, teacher and parents on the row),
# read as docs/profiles.md's "One file with a row per student per class" says.
PROFILE = """\
name: harbor
settings:
  source_system: Harbor SIS
  phone_region: US
  date_formats: ["%m/%d/%Y"]
  district_id: HARBOR
sources:
  sched:
    files: [StudentSchedule.csv]
    columns: [Student ID, Last Name, First Name, Grade, Student Email, School Code, School Name, Course Code,
              Course Title, Teacher ID, Teacher Name, Teacher Email]
tables:
  orgs:
    schools:
      from: sched
      combine: {}
      columns:
        sourcedId: {column: School Code, clean: [id]}
        name: {column: School Name, clean: [text]}
        type: school
  users:
    students:
      from: sched
      combine: {lists: [orgSourcedIds]}
      columns:
        sourcedId: {column: Student ID, clean: [id]}
        orgSourcedIds: {column: School Code, clean: [id]}
        role: student
        username: {column: [STUDENT_EMAIL, Student ID], clean: [username]}
        givenName: {column: First Name, clean: [name]}
        familyName: {column: Last Name, clean: [name]}
        email: {column: STUDENT_EMAIL, clean: [email]}
        grades: {column: Grade, clean: [text]}
    staff:
      from: sched
      combine: {lists: [orgSourcedIds]}
      columns:
        sourcedId: {column: Teacher ID, clean: [id]}
        orgSourcedIds: {column: School Code, clean: [id]}
        role: teacher
        username: {column: [TEACHER_EMAIL, Teacher ID], clean: [username]}
        givenName: {column: Teacher Name, clean: [TEACHER_GIVEN]}
        familyName: {column: Teacher Name, clean: [TEACHER_FAMILY]}
        email: {column: TEACHER_EMAIL, clean: [email]}
  classes:
    sections:
      from: sched
      combine: {}
      columns:
        sourcedId: "{School Code}-{Course Code}"
        title: {column: Course Title, clean: [text]}
        courseSourcedId: {column: Course Code, clean: [id]}
        schoolSourcedId: {column: School Code, clean: [id]}
        termSourcedIds: "{School Code}-Y"
  enrollments:
    students:
      from: sched
      columns:
        sourcedId: "{School Code}-{Course Code}-{Student ID}"
        classSourcedId: "{School Code}-{Course Code}"
        schoolSourcedId: {column: School Code, clean: [id]}
        userSourcedId: {column: Student ID, clean: [id]}
        role: student
    teachers:
      from: sched
      columns:
        sourcedId: "{School Code}-{Course Code}-T{Teacher ID}"
        classSourcedId: "{School Code}-{Course Code}"
        schoolSourcedId: {column: School Code, clean: [id]}
        userSourcedId: {column: Teacher ID, clean: [id]}
        role: teacher
        primary: "true"
"""
RIGHT = {
    "STUDENT_EMAIL": "Student Email",
    "TEACHER_EMAIL": "Teacher Email",
    "TEACHER_GIVEN": "name_given",
    "TEACHER_FAMILY": "name_family",
}
HEADER = [
    "Student ID", "Last Name", "First Name", "Grade", "Student Email", "School Code", "School Name",
    "Course Code", "Course Title", "Teacher ID", "Teacher Name", "Teacher Email",
]  # fmt: skip
TEACHERS = [("T01", "Baker, Susan", "sbaker"), ("T02", "Ito, Ken", "kito"), ("T03", "Reyes, Carlos", "creyes")]
COURSES = [("ENG9", "English 9"), ("ALG1", "Algebra I"), ("BIO", "Biology")]
STUDENTS = 12


def exports(folder: Path, *, typo: int = 0, students: int = STUDENTS, with_email: int = STUDENTS) -> Path:
    """A high school of `students` students, the first `with_email` with addresses of their own, each
    in the three classes of three teachers. `typo`: that many students have a teacher's address typed
    as theirs."""
    folder.mkdir(parents=True)
    rows = []
    for n in range(students):
        email = "sbaker@harbor.k12.us" if n < typo else f"kid{n}@students.harbor.k12.us" if n < with_email else ""
        for (teacher, name, login), (code, title) in zip(TEACHERS, COURSES, strict=True):
            student = [f"00012{n:02d}", f"Family{n}", f"Kid{n}", "09", email, "205", "Harbor High"]
            rows.append([*student, code, title, teacher, name, f"{login}@harbor.k12.us"])
    with (folder / "StudentSchedule.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return folder


def profile(folder: Path, **changes: str) -> Path:
    """The profile, its placeholders read right but for `changes`."""
    text = PROFILE
    for key, value in {**RIGHT, **changes}.items():
        text = text.replace(key, value)
    path = folder / "harbor.yaml"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(tmp_path: Path, name: str, in_dir: Path, **changes: str) -> api.RunResult:
    """One night in both engines (they agree), the python engine's result."""
    python, _ = both_engines(
        tmp_path / name, profile=str(profile(tmp_path / name, **changes)), in_dir=in_dir, as_of=AS_OF
    )
    return python


def users(out: Path) -> list[dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_right_profile_publishes_at_exit_0_with_no_word(tmp_path: Path) -> None:
    result = run(tmp_path, "right", exports(tmp_path / "in"))
    assert result.exit_status == api.EXIT_PUBLISHED, result.report.counts
    assert not {"V554", "V555", "X870", "V509"} & set(result.report.counts)


def test_students_email_read_from_the_teacher_column_is_published_for_a_person_to_look(tmp_path: Path) -> None:
    """Before: every student published with a teacher's address, only V509 warnings, exit 0."""
    result = run(tmp_path, "f1", exports(tmp_path / "in"), STUDENT_EMAIL="Teacher Email")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    (said,) = result.report.examples["V554"]
    assert said.params["kind"] == "students" and said.params["other"] == "staff member"
    # each student's rows name three teachers; combined, the lower in text order: one address for all
    assert (said.params["count"], said.params["total"], said.params["addresses"]) == (STUDENTS, STUDENTS, 1)
    assert said.params["value"] == "creyes@harbor.k12.us"
    assert str(said).startswith("StudentSchedule.csv:")
    assert "the profile's students' email most likely reads the wrong column" in str(said)


def test_teachers_email_read_from_the_student_column_is_published_for_a_person_to_look(tmp_path: Path) -> None:
    """Before: the three teachers published with one student's address (the lower in text order of
    their rows' student addresses), V508 and V509 warnings, exit 0."""
    result = run(tmp_path, "f7", exports(tmp_path / "in"), TEACHER_EMAIL="Student Email")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    (said,) = result.report.examples["V554"]
    assert (said.params["kind"], said.params["count"], said.params["total"]) == ("staff members", 3, 3)
    assert said.params["value"] == "kid0@students.harbor.k12.us"


def test_one_student_with_a_teachers_address_is_a_typo_said_and_published(tmp_path: Path) -> None:
    result = run(tmp_path, "typo", exports(tmp_path / "in", typo=1))
    assert result.exit_status == api.EXIT_PUBLISHED
    assert result.report.counts["V509"] == 1 and "V554" not in result.report.counts


def test_few_students_with_an_email_a_teachers_among_them_are_typos_said_and_published(tmp_path: Path) -> None:
    """tester58 F6: an elementary school whose students have no email but five, three of them the
    address of a teacher who is their parent: three of the five is more than half of those with an
    email, but three of forty students is no column read wrong. V509 each, exit 0, every night."""
    result = run(tmp_path, "few", exports(tmp_path / "in", typo=3, students=40, with_email=5))
    assert result.exit_status == api.EXIT_PUBLISHED, result.report.counts
    assert result.report.counts["V509"] == 3 and "V554" not in result.report.counts


def test_one_last_first_column_read_whole_into_both_names_then_corrected(tmp_path: Path) -> None:
    """Before: every teacher 'Baker, Susan' 'Baker, Susan' at exit 0; correcting it the next night
    was refused as IDs given to other people (X938), whose step (fix the ID column) did not apply."""
    folder = exports(tmp_path / "in")
    wrong = profile(tmp_path / "wrong", TEACHER_GIVEN="name", TEACHER_FAMILY="name")
    out = tmp_path / "out"

    def night(path: Path, as_of: dt.date) -> api.RunResult:
        return api.run(api.RunOptions(profile=str(path), in_dir=folder, out_dir=out, as_of=as_of))

    first = night(wrong, AS_OF)
    assert first.exit_status == api.EXIT_NOT_PUBLISHED and first.report.published
    (said,) = first.report.examples["V555"]
    assert (said.params["kind"], said.params["count"], said.params["total"]) == ("staff members", 3, 3)
    assert "givenName 'Baker, Susan', familyName 'Baker, Susan'" in str(said)
    again = night(wrong, AS_OF + dt.timedelta(days=1))  # the same profile: said, not stopped again
    assert again.exit_status == api.EXIT_PUBLISHED and again.report.counts["V555"] == 1
    fixed = night(profile(tmp_path / "fixed"), AS_OF + dt.timedelta(days=2))
    assert fixed.exit_status == api.EXIT_PUBLISHED, [str(p) for p in fixed.problems]
    assert not {"X938", "X939", "V555"} & set(fixed.report.counts)
    assert {(u["givenName"], u["familyName"]) for u in users(out) if u["role"] == "teacher"} == {
        ("Susan", "Baker"),
        ("Ken", "Ito"),
        ("Carlos", "Reyes"),
    }


def test_first_and_last_name_the_other_way_round_in_the_profile(tmp_path: Path) -> None:
    """Before: 'Baker' 'Susan' and 'Family0' 'Kid0' published at exit 0, no word."""
    folder = exports(tmp_path / "in")
    cleaners = run(tmp_path, "cleaners", folder, TEACHER_GIVEN="name_family", TEACHER_FAMILY="name_given")
    assert cleaners.exit_status == api.EXIT_NOT_PUBLISHED and cleaners.report.published
    (said,) = cleaners.report.examples["X870"]
    assert "users.staff: givenName reads 'Teacher Name' with clean: [name_family], the last name" in str(said)
    columns = run(tmp_path, "columns", folder, **{"First Name": "LAST", "Last Name": "First Name", "LAST": "Last Name"})
    (said,) = columns.report.examples["X870"]
    assert "users.students: givenName reads 'Last Name', the last name; familyName reads 'First Name'" in str(said)
    assert columns.exit_status == api.EXIT_NOT_PUBLISHED


# --- the parents of a contacts export: Skyward SMS's guardian.csv, a row per student and contact ---
FAMILIES = 30


def skyward(folder: Path) -> Path:
    """Pine Lake with FAMILIES more students, each with a custodial mother and father of their own in
    guardian.csv, and one in three with a non-custodial emergency contact too."""
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", folder)
    students, guardians = folder / "student.csv", folder / "guardian.csv"
    kids = [f"{7000 + n},{27000 + n},Kid{n},,Family{n},2039,02/02/2021,,001,A,1,001\n" for n in range(FAMILIES)]
    students.write_text(students.read_text(encoding="utf-8") + "".join(kids), encoding="utf-8")
    people = [("Mom", "Y", "Mother"), ("Dad", "Y", "Father"), ("Nan", "N", "Other")]
    rows = [
        f"{7000 + n},{70000 + 3 * n + k},{first}{n},Family{n},{first.lower()}{n}@example.com,,{custody},{role}\n"
        for n in range(FAMILIES)
        for k, (first, custody, role) in enumerate(people[: 3 if n % 3 == 0 else 2])
    ]
    guardians.write_text(guardians.read_text(encoding="utf-8") + "".join(rows), encoding="utf-8")
    return folder


def district(folder: Path, guardian: str) -> Path:
    """A district profile extending skyward-sms, its own lines under the guardians rule's guardian."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "district.yaml"
    path.write_text(
        f"extends: skyward-sms\ntables:\n  users:\n    guardians:\n      guardian:\n{guardian}", encoding="utf-8"
    )
    return path


def parents_in(out: Path) -> list[str]:
    return sorted(u["givenName"] for u in users(out) if u["role"] in ("parent", "guardian"))


def test_guardian_contact_read_from_the_student_id_is_refused(tmp_path: Path) -> None:
    """Before: each family's mother, father and emergency contact one ID, two names: V570, and the
    ID left out (V537, a warning counted nowhere the safety gate looks): 30 families' parents lost
    at exit 0. Now each person so lost counts against X969."""
    folder = skyward(tmp_path / "in")
    path = district(tmp_path, "        contact: {column: STUDENT-ID, clean: [id]}\n")
    python, _ = both_engines(tmp_path / "wrong", profile=str(path), in_dir=folder, as_of=AS_OF)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED and not python.report.published
    (refusal,) = python.report.examples["X969"]
    assert refusal.params["top"].startswith("V537") and refusal.params["lost"] >= FAMILIES
    # X969's own step, naming the profile's contact column; not V537's "give each person their own
    # ID in the SIS", whose IDs are right (stop 47's leftover)
    step = summary.next_step(python, out_dir=tmp_path / "wrong", explain_path=None, upload=False)
    assert step.startswith(
        "Next: Check the column the profile reads each parent's or guardian's ID from (users.guardians reads it "
        "from STUDENT-ID): V537 user-id-conflict left out most of them as people of other names under one ID"
    )
    right = district(tmp_path / "right", "        contact: {column: NAME-ID, clean: [id]}\n")
    fine, _ = both_engines(tmp_path / "right", profile=str(right), in_dir=folder, as_of=AS_OF)
    assert fine.exit_status == api.EXIT_PUBLISHED and len(parents_in(tmp_path / "right" / "python")) >= 2 * FAMILIES


def test_custody_flag_read_the_wrong_way_round_publishes_for_a_person_to_look(tmp_path: Path) -> None:
    """Before: the emergency contacts published as the guardians, every mother and father dropped as
    emergency-contact info (F409), exit 0: X886 looked at the students' and staff's rules only."""
    folder = skyward(tmp_path / "in")
    reversed_ = '          custodial: {field: "{CUST-PAR}", op: in, value: [n, "no"], reason: emergency-contact}\n'
    path = district(tmp_path, "        link_where:\n" + reversed_)
    python, _ = both_engines(tmp_path / "run", profile=str(path), in_dir=folder, as_of=AS_OF)
    assert python.exit_status == api.EXIT_NOT_PUBLISHED and python.report.published
    (said,) = python.report.examples["X886"]
    assert said.params["rule"] == "users.guardians" and said.params["condition"].startswith("link_where custodial")
    assert "CUST-PAR: kept 'N'" in said.params["values"]
    assert "students its rows name have no parent or guardian left" in said.params["enrolled"]
    assert set(parents_in(tmp_path / "run" / "python")) >= {f"Nan{n}" for n in range(0, FAMILIES, 3)}


def test_emails_crossed_are_told_when_guardians_held_them_first(tmp_path: Path) -> None:
    """Review of stop 47: V554 counted an email only from its first holder, so three students with
    the staff's addresses went unsaid when guardians listed first in the users file (a family
    email, say) held the addresses before them."""
    import csv

    folder = tmp_path / "set"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "expected", folder)
    with (folder / "users.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = list(reader.fieldnames or []), list(reader)
    by_id = {row["sourcedId"]: row for row in rows}
    staff = {"u-s1": "u-a1", "u-s2": "u-t1", "u-s3": "u-t2"}  # each student given a staff member's address
    for student, member in staff.items():
        by_id[student]["email"] = by_id[member]["email"]
    guardians = [
        {**by_id["u-p1"], "sourcedId": f"u-g{n}", "email": by_id[member]["email"], "agentSourcedIds": other}
        for n, (member, other) in enumerate((("u-a1", "u-s2"), ("u-t1", "u-s3"), ("u-t2", "u-s1")), start=1)
    ]
    with (folder / "users.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows([*guardians, *rows])
    result = api.validate_set(folder)
    assert "V554" in result.report.counts, sorted(result.report.counts)


# --- check-profile says the names mapped wrong from the profile alone (P119, stop 47's leftover) ---


def names_said(path: Path) -> list[str]:
    """check-profile's P119 warnings of a profile, as printed (file:line:col first)."""
    _, problems = api.check_profile(str(path), hints=True)
    assert not [p for p in problems if p.code.severity == "error"], [str(p) for p in problems]
    return [str(p) for p in problems if p.code.id == "P119"]


def test_check_profile_says_first_and_last_exchanged_at_the_mapping_line(tmp_path: Path) -> None:
    """Before: "harbor.yaml: ok"; only a run, having read the rows, said X870."""
    cleaners = profile(tmp_path / "cleaners", TEACHER_GIVEN="name_family", TEACHER_FAMILY="name_given")
    (said,) = names_said(cleaners)
    assert said.startswith(f"{cleaners}:42:20: P119 names-mapped-wrong: tables.users.staff.columns.givenName: ")
    assert "givenName reads 'Teacher Name' with clean: [name_family], the last name; familyName reads" in said
    assert "with the first and the last name the other way round" in said
    columns = profile(tmp_path / "columns", **{"First Name": "LAST", "Last Name": "First Name", "LAST": "Last Name"})
    (said,) = names_said(columns)
    assert said.startswith(f"{columns}:30:20: P119")
    assert "givenName reads 'Last Name', the last name; familyName reads 'First Name', the first name" in said


def test_check_profile_says_one_column_read_whole_into_both_names(tmp_path: Path) -> None:
    whole = profile(tmp_path / "whole", TEACHER_GIVEN="name", TEACHER_FAMILY="name")
    (said,) = names_said(whole)
    assert said.startswith(f"{whole}:42:20: P119")
    assert "givenName and familyName both read 'Teacher Name', neither with its part's cleaner" in said
    half = profile(tmp_path / "half", TEACHER_GIVEN="name_given", TEACHER_FAMILY="name")  # the family name whole
    (said,) = names_said(half)
    assert said.startswith(f"{half}:43:21: P119 names-mapped-wrong: tables.users.staff.columns.familyName: ")
    assert "familyName without clean: [name_family]" in said


def test_check_profile_says_a_father_group_reading_his_name_the_other_way_round(tmp_path: Path) -> None:
    path = tmp_path / "district.yaml"
    path.write_text(
        "extends: powerschool\ntables:\n  users:\n    guardians:\n      each:\n        father:\n"
        "          givenName: {column: Father, clean: [name_family]}\n",
        encoding="utf-8",
    )
    (said,) = names_said(path)
    assert said.startswith(f"{path}:7:22: P119 names-mapped-wrong: tables.users.guardians.each.father.givenName: ")
    assert "every user of users.guardians would be published" in said


def test_names_mapped_right_are_no_word_in_the_right_profile_nor_any_bundled_one(tmp_path: Path) -> None:
    assert names_said(profile(tmp_path / "right")) == []
    bundled = sorted((Path(__file__).parents[1] / "profiles").glob("*.yaml"))
    assert len(bundled) > 10
    assert [said for path in bundled for said in names_said(path)] == []


@pytest.mark.parametrize(("last", "first"), [("Last", "First"), ("LName", "FName"), ("Family", "Given")])
def test_check_profile_says_bare_last_and_first_headers_exchanged(tmp_path: Path, last: str, first: str) -> None:
    """Headers of one word ('Last', 'First'; 'LName', 'FName'; 'Family', 'Given') read the other
    way round: "ok", and the run published every student as givenName=Silva at exit 0 (tester86 T2):
    P119 knew only headers ending in 'Last Name', 'Surname'."""
    path = tmp_path / "district.yaml"
    path.write_text(
        "extends: powerschool\nsources:\n  students:\n    columns: [ID, Student_Number, SchoolID, "
        f"{first}, {last}, Grade_Level, Enroll_Status, DOB]\n"
        "tables:\n  users:\n    students:\n      columns:\n"
        f"        givenName: {{column: {last}, clean: [name]}}\n"
        f"        familyName: {{column: {first}, clean: [name]}}\n",
        encoding="utf-8",
    )
    (said,) = names_said(path)
    assert f"givenName reads '{last}', the last name; familyName reads '{first}', the first name" in said


def test_header_words_that_end_like_a_name_part_name_none() -> None:
    from transform.profile.name_order import FIRST_NAMED, LAST_NAMED, named_for

    assert named_for("Student LName", LAST_NAMED) and named_for("Forename", FIRST_NAMED)
    assert not any(
        named_for(c, LAST_NAMED) or named_for(c, FIRST_NAMED) for c in ("Forecast", "Schoolname", "Family ID")
    )


@pytest.mark.parametrize("header", ["LastFirst", "Name (Last, First)", "Student Name Last First"])
def test_a_last_first_column_split_by_its_parts_cleaners_is_no_word_whatever_its_header(
    tmp_path: Path, header: str
) -> None:
    """PowerSchool's 'LastFirst' read with clean: [name_given] into givenName and [name_family] into
    familyName, right: P119 in check-profile and X870 (exit 1) every night, the header's last word
    'First' taken for the first name read into familyName (reviewer190 R3)."""
    folder = exports(tmp_path / "in")
    schedule = folder / "StudentSchedule.csv"
    text = schedule.read_text(encoding="utf-8").replace("Teacher Name", f'"{header}"', 1)
    schedule.write_text(text, encoding="utf-8")
    path = profile(tmp_path / "p", **{"Teacher Name": f'"{header}"'})
    assert names_said(path) == []
    result = api.run(api.RunOptions(profile=str(path), in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == api.EXIT_PUBLISHED and "X870" not in result.report.counts, result.report.counts


def test_a_one_part_header_read_through_its_own_part_cleaner_is_still_judged_by_its_words(tmp_path: Path) -> None:
    """givenName from 'Last Name' with clean: [name_given], familyName from 'First Name' with
    [name_family]: the names exchanged, published at exit 0 with no word once a column read through
    its own part's cleaner was not judged by its header (reviewer193 R2). Only a header naming both
    parts ('LastFirst') is a 'Last, First' cell split right: P119, and X870 at exit 1."""
    folder = exports(tmp_path / "in")
    path = profile(tmp_path / "p")
    text = path.read_text(encoding="utf-8")
    for field, column, part in (("givenName", "First Name", "given"), ("familyName", "Last Name", "family")):
        other = "Last Name" if column == "First Name" else "First Name"
        read = f"{field}: {{column: {column}, clean: [name]}}"
        assert read in text
        cleaner = f"{{name_{part}: {{whole_without_comma: true}}}}"
        text = text.replace(read, f"{field}: {{column: {other}, clean: [{cleaner}]}}")
    path.write_text(text, encoding="utf-8")
    (said,) = names_said(path)
    assert "givenName reads 'Last Name', the last name; familyName reads 'First Name', the first name" in said
    result = api.run(api.RunOptions(profile=str(path), in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X870" in result.report.counts, result.report.counts
