"""A reference a template builds from a part a spreadsheet stripped of its leading zeros
(SchoolID 58 for 0058 on one student's schedule rows) names no class: V502, the student in no
class. A join's miss says when a key differs only by leading zeros; the template-built reference
said nothing, though 0058-001 is in classes.csv (tester11 F9b). It says so now, in either engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from transform import api
from transform.pipeline.lookups import padded_twin

PROFILE = """\
name: zeros
settings:
  source_system: ZeroSIS
sources:
  schools:
    files: [schools.csv]
    columns: [SchoolID, SchoolName]
  students:
    files: [students.csv]
    columns: [StudentID, SchoolID, FirstName, LastName]
  staff:
    files: [staff.csv]
    columns: [StaffID, SchoolID, FirstName, LastName, Email]
  sections:
    files: [sections.csv]
    columns: [SchoolID, SectionID, CourseName, StaffID]
  schedule:
    files: [schedule.csv]
    columns: [SchoolID, SectionID, StudentID]
tables:
  orgs:
    schools:
      from: schools
      columns: {sourcedId: {column: SchoolID}, name: {column: SchoolName}, type: school}
  users:
    students:
      from: students
      columns:
        sourcedId: {column: StudentID}
        orgSourcedIds: {column: SchoolID}
        role: student
        givenName: {column: FirstName}
        familyName: {column: LastName}
    staff:
      from: staff
      columns:
        sourcedId: {column: StaffID}
        orgSourcedIds: {column: SchoolID}
        role: teacher
        givenName: {column: FirstName}
        familyName: {column: LastName}
        email: {column: Email}
  classes:
    sections:
      from: sections
      columns:
        sourcedId: "{SchoolID}-{SectionID}"
        title: {column: CourseName}
        schoolSourcedId: {column: SchoolID}
  enrollments:
    students:
      from: schedule
      columns:
        sourcedId: "{SchoolID}-{SectionID}-{StudentID}"
        classSourcedId: "{SchoolID}-{SectionID}"
        schoolSourcedId: {column: SchoolID}
        userSourcedId: {column: StudentID}
        role: student
    teachers:
      from: sections
      columns:
        sourcedId: "{SchoolID}-{SectionID}-{StaffID}"
        classSourcedId: "{SchoolID}-{SectionID}"
        schoolSourcedId: {column: SchoolID}
        userSourcedId: {column: StaffID}
        role: teacher
"""
EXPORTS = {
    "schools.csv": "SchoolID,SchoolName\n0058,Lincoln Middle School\n",
    "students.csv": "StudentID,SchoolID,FirstName,LastName\n000125,0058,Ana,Ruiz\n000126,0058,Ben,Cole\n",
    "staff.csv": "StaffID,SchoolID,FirstName,LastName,Email\nT1,0058,Ann,Dale,adale@lincoln.example.org\n",
    "sections.csv": "SchoolID,SectionID,CourseName,StaffID\n0058,001,Math 7,T1\n0058,002,Science 7,T1\n",
    # Ana's rows went through a spreadsheet: her school lost its zeros.
    "schedule.csv": "SchoolID,SectionID,StudentID\n58,001,000125\n0058,001,000126\n0058,002,000126\n",
}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_template_built_reference_that_lost_its_zeros_names_the_class_it_meant(tmp_path: Path, engine: str) -> None:
    exports = tmp_path / "in"
    exports.mkdir()
    for name, text in EXPORTS.items():
        (exports / name).write_text(text, encoding="utf-8")
    profile = tmp_path / "zeros.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    result = api.run(
        api.RunOptions(
            profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), engine=engine
        )
    )
    # An error of the export, not a class missing from it (V608, tester23 F1: it counts against its rows).
    (missing,) = result.report.examples["V608"]
    assert missing.message == (
        "enrollments.classSourcedId: '58-001' names no record of classes.csv, but '0058-001' is one, written "
        "with other leading zeros: the exports write the ID two ways (a spreadsheet, a converter); row left out"
    )
    assert "V502" not in result.report.counts
    assert (missing.where.file, missing.where.line) == ("schedule.csv", 2)


def test_the_twin_pads_or_strips_each_run_of_digits() -> None:
    known = {"0058-001", "S-7", "000125"}.__contains__
    assert padded_twin("58-001", known) == "0058-001"
    assert padded_twin("0058-1", known) == "0058-001"
    assert padded_twin("S-007", known) == "S-7"
    assert padded_twin("125", known) == "000125"
    assert padded_twin("58-002", known) is None
    assert padded_twin("0058-001", known) is None  # itself: no twin
    assert padded_twin("ABC", known) is None
