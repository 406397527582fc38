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
