"""A student and a teacher under one number: two numbering series of the SIS (tester55 F5).

PowerSchool numbers students (Student_Number) and staff (TeacherNumber) in two series, and the
bundled profile takes both as the user ID, so a teacher 5002 and a student 5002 are an ordinary
fact of a district. Both people, the student's parents and the teacher's classes were left out
with a warning (V537), published at exit 0 on a first set. Now nothing is published (V556, exit 1,
first night or not), and the message gives the district profile lines that prefix the staff IDs;
with them, both people are published. One person under one name (a student aide), or a SIS of
one series (both exports' IDs read from one column, Infinite Campus's personID), stays V537."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)

DISTRICT = """\
extends: powerschool
tables:
  users:
    staff:
      columns:
        sourcedId: "T{TeacherNumber}"
  enrollments:
    teachers:
      columns:
        userSourcedId: "T{teacher.TeacherNumber}"
    coteachers:
      columns:
        userSourcedId: "T{teacher.TeacherNumber}"
"""


def exports(tmp_path: Path, teacher: str = "5002", first: str = "John") -> Path:
    """The sample district, its teacher John Smith (teachers.txt line 3) numbered `teacher`:
    5002 is student Liam Garcia's Student_Number."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", folder)
    teachers = folder / "teachers.txt"
    text = teachers.read_bytes().decode("cp1252")
    assert "\t5002\tT1002\t100\tJohn\tQ\tSmith\t" in text
    text = text.replace("\t5002\tT1002\t100\tJohn\t", f"\t5002\t{teacher}\t100\t{first}\t", 1)
    teachers.write_bytes(text.encode("cp1252"))
    return folder


def run(profile: str, folder: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def test_a_teacher_numbered_as_a_student_refuses_the_first_set_and_says_the_profile_lines(tmp_path: Path) -> None:
    result = run("powerschool", exports(tmp_path), tmp_path / "out")
    assert result.exit_status == 1
    assert not (tmp_path / "out").exists()
    (overlap,) = result.report.examples["V556"]
    assert overlap.params["id"] == "5002"
    assert "a student on students.txt line 3 (Liam Garcia) and a teacher on teachers.txt line 3 (John Smith)" in (
        overlap.message
    )
    assert "cannot tell" not in overlap.message
    assert (
        'tables: {users: {staff: {columns: {sourcedId: "T{TeacherNumber}"}}}, enrollments: {teachers: {columns: '
        '{userSourcedId: "T{teacher.TeacherNumber}"}}, coteachers: {columns: {userSourcedId: '
        '"T{teacher.TeacherNumber}"}}}}' in overlap.message
    )
    assert "V537" not in result.report.counts


def test_the_names_are_redacted_but_the_rows_stay(tmp_path: Path) -> None:
    result = run("powerschool", exports(tmp_path), tmp_path / "out")
    (overlap,) = result.report.examples["V556"]
    said = overlap.said(redact=True)
    assert "Liam" not in said and "John" not in said and "a student on students.txt line 3" in said


def test_the_profile_lines_the_message_gives_publish_both_people(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text(DISTRICT, encoding="utf-8")
    result = run(str(profile), exports(tmp_path), tmp_path / "out")
    assert result.exit_status == 0, result.report.aborts
    published = users(tmp_path / "out")
    assert (published["5002"]["givenName"], published["5002"]["role"]) == ("Liam", "student")
    assert (published["T5002"]["givenName"], published["T5002"]["role"]) == ("John", "teacher")
    with (tmp_path / "out" / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        assert any(r["userSourcedId"] == "T5002" for r in csv.DictReader(handle))


def test_a_later_night_refuses_too_where_it_published_without_both(tmp_path: Path) -> None:
    first = run("powerschool", FIXTURES / "powerschool" / "district" / "in", tmp_path / "out")
    assert first.exit_status == 0
    result = run("powerschool", exports(tmp_path), tmp_path / "out")
    assert result.exit_status == 1
    assert "V556" in result.report.counts and "X981" not in result.report.counts
    assert "5002" in users(tmp_path / "out")  # the last set stays, Liam in it


def test_one_name_in_both_exports_is_one_person_and_stays_v537(tmp_path: Path) -> None:
    result = run("powerschool", exports(tmp_path, first="Liam"), tmp_path / "out")
    # John Smith renamed Liam Smith: the student is Liam Garcia, so still two people.
    assert "V556" in result.report.counts
    folder = exports(tmp_path / "same")
    teachers = folder / "teachers.txt"
    text = teachers.read_bytes().decode("cp1252")
    teachers.write_bytes(
        text.replace("\t5002\t100\tJohn\tQ\tSmith\t", "\t5002\t100\tLiam\t\tGarcia\t", 1).encode("cp1252")
    )
    same = run("powerschool", folder, tmp_path / "same" / "out")
    assert "V556" not in same.report.counts
    assert [p.params["id"] for p in same.report.examples["V537"]] == ["5002"]
