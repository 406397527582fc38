"""An export with a row per student per class (a "class roster" report of a small SIS or a
gradebook): each row gives the student, the class and the enrolment. A class listed again with
identical data is merged (V500); the enrolment made from that row is the kept class's, and stays.
It was left out as following a left-out row (V532, info): with a profile drafted by init-profile,
every enrolment but the first of each class, exit 0."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api

PROFILE = """\
name: flat-roster
title: "A flat class roster export"
sources:
  roster:
    files: [ClassRoster.csv]
    columns: ["School ID", "School Name", "Student ID", "First Name", "Last Name", "Section ID", "Course Name"]
  staff:
    files: [Staff.csv]
    columns: ["School ID", "Staff ID", "First Name", "Last Name", "Email"]
tables:
  orgs:
    schools:
      from: roster
      columns:
        sourcedId: {column: "School ID"}
        name: {column: "School Name"}
        type: school
  users:
    students:
      from: roster
      columns:
        sourcedId: {column: "Student ID"}
        orgSourcedIds: {column: "School ID"}
        role: student
        givenName: {column: "First Name"}
        familyName: {column: "Last Name"}
    staff:
      from: staff
      columns:
        sourcedId: {column: "Staff ID"}
        orgSourcedIds: {column: "School ID"}
        role: teacher
        givenName: {column: "First Name"}
        familyName: {column: "Last Name"}
        email: {column: "Email"}
  classes:
    sections:
      from: roster
      columns:
        sourcedId: {column: "Section ID"}
        title: {column: "Course Name"}
        schoolSourcedId: {column: "School ID"}
  enrollments:
    rows:
      from: roster
      columns:
        sourcedId: "{Section ID}-{Student ID}"
        classSourcedId: {column: "Section ID"}
        schoolSourcedId: {column: "School ID"}
        userSourcedId: {column: "Student ID"}
        role: student
"""

# The school's staff list: a profile making classes and no teacher is refused (P111). No rule
# enrols the teacher: the roster names none.
STAFF = "School ID,Staff ID,First Name,Last Name,Email\n100,T1,Ann,Cole,acole@oak.example.org\n"

ROWS = [
    ("100", "Oak Middle", "1001", "Ava", "Moss", "S1", "Math 7"),
    ("100", "Oak Middle", "1001", "Ava", "Moss", "S2", "Science 7"),
    ("100", "Oak Middle", "1002", "Ben", "Ng", "S1", "Math 7"),
    ("100", "Oak Middle", "1002", "Ben", "Ng", "S2", "Science 7"),
    ("100", "Oak Middle", "1003", "Cara", "Park", "S2", "Science 7"),
]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_every_enrolment_of_a_row_per_student_per_class_export_is_kept(tmp_path: Path, engine: str) -> None:
    exports = tmp_path / "in"
    exports.mkdir()
    (exports / "Staff.csv").write_text(STAFF, encoding="utf-8")
    with (exports / "ClassRoster.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["School ID", "School Name", "Student ID", "First Name", "Last Name", "Section ID", "Course Name"]
        )
        writer.writerows(ROWS)
    profile = tmp_path / "flat.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    out = tmp_path / "out"
    options = api.RunOptions(
        profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), engine=engine
    )
    result = api.run(options)
    assert result.exit_status == 0, result.problems
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        enrolled = {row["sourcedId"] for row in csv.DictReader(handle)}
    assert enrolled == {"S1-1001", "S2-1001", "S1-1002", "S2-1002", "S2-1003"}
    assert "V532" not in result.report.counts
    assert result.report.counts["V500"] > 0  # the students and classes listed again, merged


def test_rows_of_one_student_that_differ_on_the_birth_date_name_demographics(tmp_path: Path) -> None:
    """Each of a student's class rows repeats her birth date; one says another day: two people
    under one ID (V570, then V537), as docs/identity.md has it. V537 said "users: ... with
    different data" though her users rows agree (tester7 item 6): it names the demographics."""
    exports = tmp_path / "in"
    exports.mkdir()
    (exports / "Staff.csv").write_text(STAFF, encoding="utf-8")
    header = ["School ID", "School Name", "Student ID", "First Name", "Last Name", "Section ID", "Course Name", "DOB"]
    dated = [(*row, "03/14/2013" if row[2] != "1002" or row[5] == "S1" else "03/15/2013") for row in ROWS]
    with (exports / "ClassRoster.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(dated)
    profile = tmp_path / "flat.yaml"
    demographics = (
        "  demographics:\n    students:\n      from: roster\n      combine: {}\n      columns:\n"
        '        sourcedId: {column: "Student ID"}\n        birthDate: {column: DOB}\n'
    )
    text = PROFILE.replace('"Section ID", "Course Name"]', '"Section ID", "Course Name", DOB]')
    profile.write_text(text.replace("  classes:\n", demographics + "  classes:\n"), encoding="utf-8")
    options = api.RunOptions(
        profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
    )
    result = api.run(options)
    (conflict,) = result.report.examples["V537"]
    assert conflict.message.startswith("demographics: '1002' is also on ClassRoster.csv line 5, with different data")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_errors_that_leave_out_a_rows_class_and_enrolment_but_not_its_student_are_counted(
    tmp_path: Path, engine: str
) -> None:
    """A flat export's row gives a student, a class and an enrolment. An error leaving out the
    class and the enrolment leaves the student written, so the row is not lost and X915 does
    not count it: 3 of 20 enrolments (a blank section number, D363) went out missing with exit
    0. Counted by records, per output file: X961, and --allow-incomplete publishes it."""
    exports = tmp_path / "in"
    exports.mkdir()
    (exports / "Staff.csv").write_text(STAFF, encoding="utf-8")
    header = ["School ID", "School Name", "Student ID", "First Name", "Last Name", "Section Number", "Course Name"]
    rows = []
    for student in range(10):
        blank_science = student in (3, 5, 7)  # the SIS left these rows' section number blank
        # Each student's first row gives her user record (later ones are merged into it, V500).
        courses = (("2", "Science 7"), ("1", "Math 7")) if blank_science else (("1", "Math 7"), ("2", "Science 7"))
        for number, course in courses:
            blank = number == "2" and blank_science
            number = "" if blank else number
            rows.append(("100", "Oak Middle", f"10{student:02d}", "Ava", f"Moss{student}", number, course))
    with (exports / "ClassRoster.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    text = PROFILE.replace('"Section ID", "Course Name"]', '"Section Number", "Course Name"]')
    text = text.replace('sourcedId: {column: "Section ID"}', 'sourcedId: "{School ID}-{Section Number}"')
    text = text.replace('classSourcedId: {column: "Section ID"}', 'classSourcedId: "{School ID}-{Section Number}"')
    text = text.replace('sourcedId: "{Section ID}-{Student ID}"', 'sourcedId: "{Section Number}-{Student ID}"')
    profile = tmp_path / "flat.yaml"
    profile.write_text(text, encoding="utf-8")

    def run(**options: object) -> api.RunResult:
        return api.run(
            api.RunOptions(
                profile=str(profile),
                in_dir=exports,
                out_dir=tmp_path / "out",
                as_of=dt.date(2026, 10, 15),
                engine=engine,
                **options,  # type: ignore[arg-type]
            )
        )

    refused = run()
    assert refused.exit_status == 1
    assert "X915" not in refused.report.counts  # every row gave its student
    classes, enrolments = [p.message for p in refused.report.examples["X961"]]
    made = "of its records made from the 20 rows of ClassRoster.csv (15.0%, limit 10"
    assert classes.startswith(f"classes.csv: errors left out 3 {made}")
    assert enrolments.startswith(f"enrollments.csv: errors left out 3 {made}")
    assert "most of them D363 id-part-empty" in enrolments
    assert not (tmp_path / "out").exists()
    allowed = run(allow_incomplete=True)
    assert allowed.report.published and allowed.exit_status == 1 and "F453" in allowed.report.counts  # said
    allowed_messages = " ".join(p.message for p in allowed.report.examples["X918"])
    assert "errors left out 3 records of enrollments.csv made from the 20 rows of ClassRoster.csv" in allowed_messages
