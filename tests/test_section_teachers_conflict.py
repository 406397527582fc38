"""A class ID on a second sections row of the same class data naming another teacher.

Where the profile's classes rule says its export lists each class once, co-teachers in its own
columns (`one_row_per_class`, Clever's sections.csv; tester59 C2: the second row's teacher was
added to the class as "identical data", V500, exit 0), the class keeps one row's teachers: the
last published set's, else the lowest ID, whatever the rows' order; the other rows' teacher
enrolments are left out, each said (X850, exit 1), never a student's.

Without the key (review125 R1-R3: Synergy, a row per staff member; a flat roster, a row per
student per teacher or with the role in a column), such a row's teacher is a co-teacher: kept,
V500 saying so, exit 0 (the first version of X850 dropped the co-teacher, or a student's
enrolment, and exited 1 every night)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.html_report import data as html_data
from transform.report.code_help import HELP

CLEVER = FIXTURES / "clever" / "district"
SYNERGY = FIXTURES / "synergy" / "district"
K1 = (
    "100,SEC-K1,T01,,Kindergarten A,1,Kindergarten,Kindergarten,K100,1,English/language arts,"
    "2026-2027,08/24/2026,06/11/2027"
)


def district(tmp_path: Path, *teachers: str) -> Path:
    """The Clever district with a teacher T04 at school 100, SEC-K1's rows naming `teachers` in order."""
    folder = tmp_path / "in"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(CLEVER / "in", folder)
    with (folder / "teachers.csv").open("a", encoding="utf-8") as handle:
        handle.write("100,T04,0004,Moreno,Ana,,ana.moreno@lakeview.example.org,amoreno\n")
    sections = folder / "sections.csv"
    text = sections.read_text(encoding="utf-8")
    assert K1 in text
    rows = "".join(K1.replace(",T01,", f",{teacher},") + "\n" for teacher in teachers)
    sections.write_text(text.replace(K1 + "\n", "") + rows, encoding="utf-8")
    return folder


def run(tmp_path: Path, *teachers: str) -> api.RunResult:
    """One run (the python and columnar engines agree on it: checked by hand, review125's script)."""
    options = api.RunOptions(
        profile=str(CLEVER / "district.yaml"),
        in_dir=district(tmp_path, *teachers),
        out_dir=tmp_path / "out",
        as_of=dt.date(2026, 10, 15),
    )
    return api.run(options)


def enrolled(path: Path, section: str, role: str = "teacher") -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            r["userSourcedId"] for r in csv.DictReader(handle) if r["classSourcedId"] == section and r["role"] == role
        }


def test_a_section_listed_again_with_another_teacher_keeps_one_row_s_teachers(tmp_path: Path) -> None:
    result = run(tmp_path, "T01", "T04")
    assert enrolled(tmp_path / "out" / "enrollments.csv", "SEC-K1") == {"T01"}
    (said,) = result.report.examples["X850"]
    assert said.params["user"] == "T04" and said.where.line == 8
    assert "line 7: 'T01'; line 8: 'T04'" in said.message and "teacher IDs sort first" in said.message
    (merged,) = [p for p in result.report.examples["V500"] if p.params.get("table") == "classes"]
    assert "identical data" not in merged.message and "'T04'" in merged.message
    assert "V532" not in result.report.counts
    assert result.exit_status == 1  # published, but a person looks


def test_the_rows_order_does_not_decide_which_teacher_stays(tmp_path: Path) -> None:
    result = run(tmp_path, "T04", "T01")
    assert enrolled(tmp_path / "out" / "enrollments.csv", "SEC-K1") == {"T01"}
    (said,) = result.report.examples["X850"]
    assert said.params["user"] == "T04" and said.where.line == 7  # T04's own row, now the first
    assert result.exit_status == 1


def test_the_last_set_s_teacher_stays(tmp_path: Path) -> None:
    assert run(tmp_path, "T04").exit_status == 0  # the last set: SEC-K1 taught by T04
    result = run(tmp_path, "T01", "T04")
    assert enrolled(tmp_path / "out" / "enrollments.csv", "SEC-K1") == {"T04"}
    (said,) = result.report.examples["X850"]
    assert said.params["user"] == "T01" and "last published set" in said.message


def test_a_section_listed_again_with_its_own_teacher_is_merged(tmp_path: Path) -> None:
    result = run(tmp_path, "T01", "T01")
    assert enrolled(tmp_path / "out" / "enrollments.csv", "SEC-K1") == {"T01"}
    assert "X850" not in result.report.counts
    assert any("identical data" in p.message for p in result.report.examples["V500"])
    assert result.exit_status == 0


def test_the_teachers_are_compared_as_their_enrolments_name_them(tmp_path: Path) -> None:
    """review130 R1: a full-width 'Ｔ04' is T04 once the ID cleaner has read it, in the enrolment
    written; compared as read, the row named no other teacher's ID in any way seen: both published."""
    result = run(tmp_path, "T01", "\uff3404")
    assert enrolled(tmp_path / "out" / "enrollments.csv", "SEC-K1") == {"T01"}
    (said,) = result.report.examples["X850"]
    assert said.params["user"] == "T04" and "line 8: 'T04'" in said.message
    assert result.exit_status == 1


def co_taught_again(tmp_path: Path, teachers: str) -> api.RunResult:
    """SEC-7S (T02 lead, T03 co-teacher) listed again naming `teachers` (its two teacher cells)."""
    folder = district(tmp_path, "T01")
    sections = folder / "sections.csv"
    (row,) = [line for line in sections.read_text(encoding="utf-8").splitlines() if line.startswith("200,SEC-7S,")]
    with sections.open("a", encoding="utf-8") as handle:
        handle.write(row.replace(",T02,T03,", f",{teachers},") + "\n")
    options = api.RunOptions(
        profile=str(CLEVER / "district.yaml"), in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
    )
    return api.run(options)


def test_a_row_naming_some_of_the_other_s_teachers_leaves_nobody_out(tmp_path: Path) -> None:
    """review130 R4, R3: the repeat names the lead alone; the row naming both is kept, and V500 says
    no X850 where none is said."""
    result = co_taught_again(tmp_path, "T02,")
    assert enrolled(tmp_path / "out" / "enrollments.csv", "SEC-7S") == {"T02", "T03"}
    assert "X850" not in result.report.counts
    (merged,) = [p for p in result.report.examples["V500"] if p.params.get("table") == "classes"]
    assert "the class keeps 'T02', 'T03'" in merged.message and "X850" not in merged.message
    assert result.exit_status == 0


def test_v500_says_x850_where_it_is_said(tmp_path: Path) -> None:
    """review130 R3: a teacher left out by X850 is named in V500; a repeat naming no teacher, not."""
    result = co_taught_again(tmp_path, "T02,T04")
    (merged,) = [p for p in result.report.examples["V500"] if p.params.get("table") == "classes"]
    assert "the class keeps 'T02', 'T03'" in merged.message and "left out (X850)" in merged.message
    assert "lowest" not in result.report.examples["X850"][0].message  # both rows start with T02
    result = run(tmp_path, "T01", "")
    (merged,) = [p for p in result.report.examples["V500"] if p.params.get("table") == "classes"]
    assert "no teacher" in merged.message and "X850" not in merged.message
    assert result.exit_status == 0


def test_x850_s_step_turns_the_key_off(tmp_path: Path) -> None:
    """review130 R2: the step as X850's help writes it, in a district profile extending clever."""
    step = HELP["X850"][1]
    assert "one_row_per_class: false under tables: classes: sections: in a district profile" in step
    profile = tmp_path / "district.yaml"
    profile.write_text(
        (CLEVER / "district.yaml").read_text(encoding="utf-8")
        + "tables:\n  classes:\n    sections:\n      one_row_per_class: false\n",
        encoding="utf-8",
    )
    folder = district(tmp_path, "T01", "T04")
    options = api.RunOptions(profile=str(profile), in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15))
    result = api.run(options)
    assert enrolled(tmp_path / "out" / "enrollments.csv", "SEC-K1") == {"T01", "T04"}
    assert "X850" not in result.report.counts and result.exit_status == 0


def test_synergy_s_row_per_staff_member_keeps_the_co_teacher(tmp_path: Path) -> None:
    """R1: a co-taught section exported once per staff member (the profile says nothing of one row)."""
    folder = tmp_path / "in"
    shutil.copytree(SYNERGY / "in", folder)
    with (folder / "sections.csv").open("a", encoding="utf-8") as handle:
        handle.write("2001,520,ENG11,English 11,S1,1,e20044,204\n")
    options = api.RunOptions(profile="synergy", in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 9, 14))
    result = api.run(options)
    assert enrolled(tmp_path / "out" / "enrollments.csv", "520-2001") == {"e20033", "e20044"}
    assert "X850" not in result.report.counts
    (merged,) = result.report.examples["V500"]
    assert "kept as a co-teacher" in merged.message and "'e20044'" in merged.message
    assert result.exit_status == 0


FLAT = """\
name: flat-roster
sources:
  roster:
    files: [ClassRoster.csv]
    columns: ["School ID", "School Name", "Student ID", "First Name", "Last Name", "Section ID", "Course Name", {last}]
  staff:
    files: [Staff.csv]
    columns: ["School ID", "Staff ID", "First Name", "Last Name", "Email"]
maps:
  roles:
    values: {{S: student, T: teacher}}
tables:
  orgs:
    schools:
      from: roster
      columns: {{sourcedId: {{column: "School ID"}}, name: {{column: "School Name"}}, type: school}}
  users:
    students:
      from: roster
{where}      columns:
        sourcedId: {{column: "Student ID"}}
        orgSourcedIds: {{column: "School ID"}}
        role: student
        givenName: {{column: "First Name"}}
        familyName: {{column: "Last Name"}}
    staff:
      from: staff
      columns:
        sourcedId: {{column: "Staff ID"}}
        orgSourcedIds: {{column: "School ID"}}
        role: teacher
        givenName: {{column: "First Name"}}
        familyName: {{column: "Last Name"}}
        email: {{column: "Email"}}
  classes:
    sections:
      from: roster
      columns:
        sourcedId: {{column: "Section ID"}}
        title: {{column: "Course Name"}}
        schoolSourcedId: {{column: "School ID"}}
  enrollments:
{enrolments}"""
STUDENTS = """\
    rows:
      from: roster
      columns:
        sourcedId: "{Section ID}-{Student ID}"
        classSourcedId: {column: "Section ID"}
        schoolSourcedId: {column: "School ID"}
        userSourcedId: {column: "Student ID"}
        role: student
    teachers:
      from: roster
      columns:
        sourcedId: "{Section ID}-T{Teacher ID}"
        classSourcedId: {column: "Section ID"}
        schoolSourcedId: {column: "School ID"}
        userSourcedId: {column: "Teacher ID"}
        role: teacher
"""
ROLES = """\
    rows:
      from: roster
      columns:
        sourcedId: "{Section ID}-{Student ID}"
        classSourcedId: {column: "Section ID"}
        schoolSourcedId: {column: "School ID"}
        userSourcedId: {column: "Student ID"}
        role: {column: "Role", map: roles}
"""
ROSTER_HEADER = "School ID,School Name,Student ID,First Name,Last Name,Section ID,Course Name,"
STAFF = "School ID,Staff ID,First Name,Last Name,Email\n100,T1,Ann,Cole,acole@oak.example.org\n"


def flat(tmp_path: Path, profile: str, roster: str, staff: str) -> api.RunResult:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ClassRoster.csv").write_text(roster, encoding="utf-8")
    (folder / "Staff.csv").write_text(staff, encoding="utf-8")
    (tmp_path / "flat.yaml").write_text(profile, encoding="utf-8")
    options = api.RunOptions(
        profile=str(tmp_path / "flat.yaml"), in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 1)
    )
    return api.run(options)


def test_a_flat_roster_s_co_teacher_row_keeps_its_student_and_both_teachers(tmp_path: Path) -> None:
    """R3: a row per student per teacher, S1 co-taught; 1004 is on T2's row only."""
    roster = (
        ROSTER_HEADER
        + "Teacher ID\n"
        + "".join(
            f"100,Oak Middle,{s},F{s},L{s},{c},Course {c},{t}\n"
            for s, c, t in [("1001", "S1", "T1"), ("1001", "S1", "T2"), ("1002", "S1", "T1"), ("1004", "S1", "T2")]
        )
    )
    profile = FLAT.format(last='"Teacher ID"', where="", enrolments=STUDENTS)
    result = flat(tmp_path, profile, roster, STAFF + "100,T2,Bo,Dee,bdee@oak.example.org\n")
    out = tmp_path / "out" / "enrollments.csv"
    assert enrolled(out, "S1") == {"T1", "T2"}
    assert enrolled(out, "S1", "student") == {"1001", "1002", "1004"}
    assert "X850" not in result.report.counts and "V532" not in result.report.counts
    assert result.exit_status == 0


def test_a_flat_roster_whose_role_is_a_column_reads_no_student_as_a_teacher(tmp_path: Path) -> None:
    """R2: a row per person per class, the role read from a Role column."""
    roster = (
        ROSTER_HEADER
        + "Role\n"
        + "".join(
            f"100,Oak Middle,{p},F{p},L{p},{c},Course {c},{r}\n"
            for p, c, r in [
                ("T1", "S1", "T"),
                ("1001", "S1", "S"),
                ("1002", "S1", "S"),
                ("T1", "S2", "T"),
                ("1001", "S2", "S"),
                ("1003", "S2", "S"),
            ]
        )
    )
    where = '      where:\n        is_student: {field: "{Role}", op: equals, value: S}\n'
    result = flat(tmp_path, FLAT.format(last='"Role"', where=where, enrolments=ROLES), roster, STAFF)
    out = tmp_path / "out" / "enrollments.csv"
    assert enrolled(out, "S1") == {"T1"} and enrolled(out, "S2") == {"T1"}
    assert enrolled(out, "S2", "student") == {"1001", "1003"}
    assert "X850" not in result.report.counts
    assert all("teacher" not in p.message for p in result.report.examples.get("V500", []))
    assert result.exit_status == 0


def test_a_v500_written_before_its_data_renders_again() -> None:
    """review130: a report.json of a version before V500's {data} (no such parameter), redacted."""
    example = {"code": "V500", "params": {"table": "classes", "id": "SEC-K1", "first_line": 7, "first_at": "line 7"}}
    (entry,) = html_data.redacted({"problems": [{"code": "V500", "examples": [example]}]})["problems"]
    assert entry["examples"][0]["message"] == "classes: 'SEC-K1' listed again with identical data; merged"
