"""A new profile's IDs built otherwise than the exports', blamed on the exports (tester89 T8).

A Genesis profile written from the docs made an honest config author's mistakes, and each refusal told the
admin to export a file again, which mends none of them, every night: the enrolments' class-ID template lacking
the school year (X915: 'is the sections export an earlier export than the enrolments? Export it again'), a
staff join on the wrong key (X882: 'export the staff export again whole'), the orgs keyed on another column
than the exports name their schools by (X903: 'add the missing record to the export'); and a schedule saved
by Excel, its IDs' leading zeros lost, with no word of the zeros. The IDs' shape and the exports' columns now
name the profile's template, join or column (or the zeros) first."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from transform import api
from transform.report import summary

AS_OF = dt.date(2026, 10, 5)

PROFILE = """\
name: district
settings: {source_system: "Genesis"}
sources:
  schools: {files: [Schools.csv], columns: [schoolCode, schoolName, stateCode]}
  students: {files: [Students.csv], columns: [studentID, lastName, firstName, schoolCode]}
  school_staff: {files: [SchoolTeachers.csv], columns: [teacherID, schoolCode]}
  district_staff: {files: [DistrictTeachers.csv], columns: [teacherID, lastName, firstName, email]}
  sections: {files: [Sections.csv], columns: [schoolCode, schoolYear, courseCode, section, title, teacherID]}
  schedule: {files: [Schedule.csv], columns: [studentID, schoolCode, schoolYear, courseCode, section]}
tables:
  orgs:
    schools:
      from: schools
      columns: {sourcedId: {column: ORGS_KEY, clean: [id]}, name: {column: schoolName}, type: school}
  users:
    students:
      from: students
      columns:
        sourcedId: {column: studentID, clean: [id]}
        orgSourcedIds: {column: schoolCode, clean: [id]}
        role: student
        givenName: {column: firstName, clean: [name]}
        familyName: {column: lastName, clean: [name]}
    staff:
      from: school_staff
      join:
        teacher: {source: district_staff, on: {STAFF_KEY: teacherID}}
      columns:
        sourcedId: {column: teacherID, clean: [id]}
        orgSourcedIds: {column: schoolCode, clean: [id]}
        role: teacher
        givenName: {column: teacher.firstName, clean: [name]}
        familyName: {column: teacher.lastName, clean: [name]}
        email: {column: teacher.email, clean: [email]}
  classes:
    sections:
      from: sections
      columns:
        sourcedId: "{schoolCode}-{schoolYear}-{courseCode}-{section}"
        title: {column: title, clean: [text]}
        schoolSourcedId: {column: schoolCode, clean: [id]}
  enrollments:
    students:
      from: schedule
      columns:
        sourcedId: "{schoolCode}-{schoolYear}-{courseCode}-{section}-{studentID}"
        classSourcedId: "ENROLMENT_CLASS"
        userSourcedId: {column: studentID, clean: [id]}
        schoolSourcedId: {column: schoolCode, clean: [id]}
        role: student
    teachers:
      from: sections
      columns:
        sourcedId: "{schoolCode}-{schoolYear}-{courseCode}-{section}-{teacherID}"
        classSourcedId: "{schoolCode}-{schoolYear}-{courseCode}-{section}"
        userSourcedId: {column: teacherID, clean: [id]}
        schoolSourcedId: {column: schoolCode, clean: [id]}
        role: teacher
"""
RIGHT = {
    "ORGS_KEY": "schoolCode",
    "STAFF_KEY": "teacherID",
    "ENROLMENT_CLASS": "{schoolCode}-{schoolYear}-{courseCode}-{section}",
}


def district(tmp_path: Path, *, zeros_lost: bool = False, **mistake: str) -> Path:
    """One school '050' of 48 students in 12 sections of 2026-27, each with its teacher; the profile right but
    for `mistake` (a RIGHT key and what it reads instead); `zeros_lost`: Schedule.csv saved by Excel."""
    folder = tmp_path / "district"
    exports = folder / "ex"
    exports.mkdir(parents=True)
    school = "50" if zeros_lost else "050"
    files: dict[str, list[list[str]]] = {
        "Schools.csv": [["schoolCode", "schoolName", "stateCode"], ["050", "Maplewood High", "34-2990-050"]],
        "Students.csv": [["studentID", "lastName", "firstName", "schoolCode"]],
        "SchoolTeachers.csv": [["teacherID", "schoolCode"]],
        "DistrictTeachers.csv": [["teacherID", "lastName", "firstName", "email"]],
        "Sections.csv": [["schoolCode", "schoolYear", "courseCode", "section", "title", "teacherID"]],
        "Schedule.csv": [["studentID", "schoolCode", "schoolYear", "courseCode", "section"]],
    }
    for n in range(1, 13):
        files["SchoolTeachers.csv"].append([f"T10{n:02d}", "050"])
        files["DistrictTeachers.csv"].append([f"T10{n:02d}", f"Teach{n}", f"Kai{n}", f"t{n}@d.example.org"])
        files["Sections.csv"].append(["050", "2026-27", f"ENG1{n:02d}", "1", f"English {n}", f"T10{n:02d}"])
    for n in range(48):
        files["Students.csv"].append([f"0041{n:02d}", f"Family{n}", f"Kid{n}", "050"])
        files["Schedule.csv"].append([f"0041{n:02d}", school, "2026-27", f"ENG1{n % 12 + 1:02d}", "1"])
    for name, rows in files.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    text = PROFILE
    for key, value in {**RIGHT, **mistake}.items():
        text = text.replace(key, value)
    (folder / "district.yaml").write_text(text, encoding="utf-8")
    return folder


def run(folder: Path, out: Path) -> tuple[api.RunResult, str]:
    result = api.run(
        api.RunOptions(profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=out, as_of=AS_OF)
    )
    return result, summary.next_step(result, out_dir=out, explain_path=None, upload=False)


def test_the_profile_right_publishes(tmp_path: Path) -> None:
    folder = district(tmp_path)
    result, _ = run(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]


def test_an_enrolment_class_template_lacking_a_part_names_the_two_templates(tmp_path: Path) -> None:
    folder = district(tmp_path, ENROLMENT_CLASS="{schoolCode}-{courseCode}-{section}")
    result, step = run(folder, tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (stop,) = [p for p in result.problems if p.code.id == "X915"]
    assert "their IDs are the classes' with a part less (12 of the 12 classes named: '050-ENG101-1' is " in stop.message
    assert "'050-2026-27-ENG101-1' without '2026-27'): the profile builds the two otherwise" in stop.message
    assert "an earlier export" not in stop.message
    profile = folder / "district.yaml"
    assert step.startswith(
        "Next: Correct the profile: the classSourcedId of enrollments.students, '{schoolCode}-{courseCode}-{section}' "
        f"(profile {profile}:"
    )
    assert "and the sourcedId of classes.sections, '{schoolCode}-{schoolYear}-{courseCode}-{section}'" in step
    assert "Export" not in step


def test_a_schedule_saved_by_excel_is_said_to_have_lost_its_zeros(tmp_path: Path) -> None:
    folder = district(tmp_path, zeros_lost=True)
    result, step = run(folder, tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (stop,) = [p for p in result.problems if p.code.id == "X915"]
    assert "their IDs are the classes' with the leading zeros lost (12 of the 12 classes named" in stop.message
    assert step.startswith(
        "Next: Export Schedule.csv again from the SIS and copy it without opening it in a spreadsheet such as Excel"
    )
    assert "('50-2026-27-ENG101-1' is '050-2026-27-ENG101-1' of Sections.csv); Sections.csv is not at fault." in step


def test_a_staff_join_on_the_wrong_key_names_the_join(tmp_path: Path) -> None:
    folder = district(tmp_path, STAFF_KEY="schoolCode")
    result, step = run(folder, tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (stop,) = [p for p in result.problems if p.code.id == "X882"]
    said = (
        "users.staff's join teacher (on schoolCode of SchoolTeachers.csv = teacherID of DistrictTeachers.csv, "
        f"profile {folder / 'district.yaml'}:"
    )
    assert f"unless the profile's join is wrong: {said}" in stop.message
    assert "holds 12 of the 12 in its teacherID column ('T1001' among them)" in stop.message
    assert step.startswith(f"Next: Correct the profile's join: {said}")
    assert step.endswith("Exporting DistrictTeachers.csv again mends nothing: it holds them.")
    # the classes left without owner say the join too, not 'point the staff rule's sourcedId' at the enrolments
    (owners,) = [p for p in result.problems if p.code.id == "X980"]
    assert f"(V586; such as class '050-2026-27-ENG101-1'); {said}" in owners.message


def test_orgs_keyed_on_another_column_name_the_orgs_column(tmp_path: Path) -> None:
    folder = district(tmp_path, ORGS_KEY="stateCode")
    result, step = run(folder, tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert "X903" in {p.code.id for p in result.problems}
    assert step == (
        "Next: Correct the profile: the exports name their schools by schoolCode of Schools.csv ('050'), while "
        f"orgs.schools reads the orgs' sourcedId from stateCode (profile {folder / 'district.yaml'}:14:28): read it "
        "from schoolCode (or read the others' schools through a join to the schools export), and rerun; the "
        "exports are not at fault, and no record is missing from them."
    )


def _rewrite(path: Path, change: object) -> None:
    """Rewrite the export at `path` with `change` (rows -> rows)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows = change(rows)  # type: ignore[operator]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def test_a_staff_export_cut_short_is_not_blamed_on_the_join_when_other_cells_name_them(tmp_path: Path) -> None:
    # review204 R1: the missing teachers' IDs are in another column of the joined export (each row names the
    # next teacher as its mentor), not in the join's key: the export was cut short, the join is right.
    folder = district(tmp_path)
    staff = folder / "ex" / "DistrictTeachers.csv"
    _rewrite(staff, lambda rows: [[*rows[0], "mentorID"]] + [[*row, ""] for row in rows[1:]])
    first, _ = run(folder, tmp_path / "out")
    assert first.exit_status == 0, [str(p) for p in first.problems]
    _rewrite(staff, lambda rows: [rows[0]] + [[*row[:4], f"T10{n + 6:02d}"] for n, row in enumerate(rows[1:7], 1)])
    result, step = run(folder, tmp_path / "out")
    assert result.exit_status == 1
    assert "X882" in {p.code.id for p in result.problems}
    assert "join reads another key" not in " ".join(p.message for p in result.problems)
    assert "Correct the profile's join" not in step


def test_classes_whose_export_lost_its_zeros_are_not_blamed_on_the_enrolments(tmp_path: Path) -> None:
    # review204 R3: the sections export wrote section '1' where the schedule keeps '01': the sections export
    # went through the spreadsheet, not the schedule.
    folder = district(tmp_path)
    _rewrite(folder / "ex" / "Schedule.csv", lambda rows: [rows[0]] + [[*row[:4], "01"] for row in rows[1:]])
    result, step = run(folder, tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (stop,) = [p for p in result.problems if p.code.id == "X915"]
    assert "leading zeros lost" not in stop.message
    assert "Excel" not in step and "Sections.csv is not at fault" not in step


def test_schools_held_in_the_keyed_column_are_not_said_to_be_keyed_otherwise(tmp_path: Path) -> None:
    # review204 R5: the schools export carries the number twice and tonight its names came blank: the export is
    # at fault, and reading the orgs from the other column would mend nothing.
    folder = district(tmp_path)
    _rewrite(
        folder / "ex" / "Schools.csv",
        lambda rows: [[*rows[0], "schoolNumber"]] + [[row[0], "", row[2], row[0]] for row in rows[1:]],
    )
    result, step = run(folder, tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert "X903" in {p.code.id for p in result.problems}
    assert "read it from schoolNumber" not in step and "Correct the profile" not in step
