"""init-profile on a folder no bundled profile fits whole (tester63 F13): a PowerSchool students
export without its ID column, beside a SOURCE.txt of prose. The verdict said "aeries 0%" and the
draft read SOURCE.txt as a semicolon-delimited export. Now the prose is skipped with a word, the
students file is said to look like PowerSchool's students export, and powerschool ranks first."""

from __future__ import annotations

from pathlib import Path

from transform import api

STUDENTS = (
    "Student_Number,SchoolID,First_Name,Middle_Name,Last_Name,Grade_Level,Home_Phone,DOB,Enroll_Status,Family_Ident\n"
    "313202,300,Arden,Skye,Griffin,12,512-751-7225,06/19/2007,0,3632\n"
    "313203,300,Blake,,Hayes,11,512-751-7226,02/01/2008,0,3521\n"
)
PROSE = (
    "Source repository: example/sync (GitHub; a module that syncs enrolment CSV exports; see its README)\n"
    "Licence: MIT. The files below are samples; names and numbers are made up.\n"
)


def test_prose_is_skipped_and_the_students_export_named_by_its_columns(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "students_example.csv").write_text(STUDENTS, encoding="utf-8")
    (folder / "SOURCE.txt").write_text(PROSE, encoding="utf-8")

    result = api.init_profile(folder)

    assert result.extends is None
    assert result.ranking[0][0] == "powerschool"
    assert result.description[0] == "SOURCE.txt: skipped, not a table (a text of prose, no header and rows)"
    assert (
        "students_example.csv looks like powerschool's students export (10 of its columns: Student_Number, SchoolID"
        in result.verdict
    )
    assert "Source repository" not in result.profile_text and "source:" not in result.profile_text.lower().replace(
        "sources:", ""
    )
