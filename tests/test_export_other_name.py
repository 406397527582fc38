"""A missing export whose file is in the folder under another name (students_example.csv holding the
students columns) is named, with the profile line that reads it (tester56 T7: I200 said only
"looked for students.txt, students.csv")."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import transform

STUDENTS = (
    "ID,Student_Number,SchoolID,First_Name,Last_Name,Grade_Level,Enroll_Status,DOB\n1,1001,10,Ada,Lee,5,0,1/2/15\n"
)


def test_a_missing_export_names_the_file_holding_its_columns(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    exports.mkdir()
    (exports / "students_example.csv").write_text(STUDENTS)
    (exports / "notes.csv").write_text("ID,Note\n1,hello\n")  # holds one column only: not named
    said = transform("--profile", "powerschool", exports, tmp_path / "out")
    assert said.returncode == 2
    line = next(line for line in said.stderr.splitlines() if "export 'students'" in line)
    assert "students_example.csv holds 8 of its columns (ID, Student_Number, SchoolID, First_Name, ...)" in line
    assert "sources: {students: {files: [students_example.csv]}}" in line and "rename it students.csv" in line
    assert "notes.csv" not in said.stderr
    step = " ".join(said.stdout.split("Next:", 1)[1].split())
    assert step.startswith("If students_example.csv is the students export (it holds 8 of its columns)"), step
