"""A status condition read the wrong way round (tester53 F3): `InactiveInd in [Y, ...]` kept the
one withdrawn student of 280 and left out the 279 enrolled ones; the first set was published at
exit 0 with nothing said (I265 and X951 speak only when every row is left out). Now a users rule
whose conditions, one of them the district's own, leave out more than 90% of its rows (at least
20) is said with the condition, its place in the profile, the counts and the values it kept
(X886); on a first set, and on the first after the profile changed, the run exits 1 ("Published,
but ...") when the rows left out are the ones tonight's classes enrol. An export holding every
student ever enrolled (the graduates) leaves most rows out rightly: said, exit 0."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.test_columnar import both_engines
from transform import api
from transform.report import summary

AS_OF = dt.date(2026, 10, 5)

PROFILE = """\
name: tyler-status
settings: {source_system: "Tyler SIS"}
sources:
  buildings: {files: [Buildings.csv], columns: [BldgCode, BldgName]}
  students: {files: [Students.csv], columns: [StuNum, LName, FName, DOB, Bldg, InactiveInd]}
  staff: {files: [Staff.csv], columns: [EmpID, LName, FName, Email, Bldg]}
  sections: {files: [Sections.csv], columns: [SectKey, Bldg, CrsTitle, TchrEmpID]}
  schedule: {files: [Schedule.csv], columns: [StuNum, SectKey, Bldg]}
tables:
  orgs:
    schools: {from: buildings, columns: {sourcedId: {column: BldgCode}, name: {column: BldgName}, type: school}}
  users:
    students:
      from: students
      where:
        enrolled: {field: "{InactiveInd}", op: in, value: [KEPT], reason: inactive-student}
      columns:
        sourcedId: {column: StuNum, clean: [id]}
        orgSourcedIds: {column: Bldg, clean: [id]}
        role: student
        givenName: {column: FName, clean: [name]}
        familyName: {column: LName, clean: [name]}
    staff:
      from: staff
      columns:
        sourcedId: {column: EmpID, clean: [id]}
        orgSourcedIds: {column: Bldg, clean: [id]}
        role: teacher
        givenName: {column: FName, clean: [name]}
        familyName: {column: LName, clean: [name]}
        email: {column: Email, clean: [email]}
  demographics:
    students:
      from: students
      columns: {sourcedId: {column: StuNum, clean: [id]}, birthDate: {column: DOB, clean: [birth_date]}}
  classes:
    sections:
      from: sections
      columns:
        sourcedId: {column: SectKey, clean: [id]}
        title: {column: CrsTitle, clean: [text]}
        schoolSourcedId: {column: Bldg}
  enrollments:
    rows:
      from: schedule
      columns:
        sourcedId: "{SectKey}-{StuNum}"
        classSourcedId: {column: SectKey}
        userSourcedId: {column: StuNum}
        schoolSourcedId: {column: Bldg}
        role: student
    teachers:
      from: sections
      columns:
        sourcedId: "{SectKey}-{TchrEmpID}"
        classSourcedId: {column: SectKey}
        userSourcedId: {column: TchrEmpID}
        schoolSourcedId: {column: Bldg}
        role: teacher
"""


def _district(tmp_path: Path, *, kept: str, enrolled: int, inactive: int, scheduled: bool = True) -> Path:
    """`enrolled` students (InactiveInd N) each in a class, then `inactive` ones (Y): with
    `scheduled`, the inactive ones' rows are in the schedule too (a withdrawal the SIS did not
    close); without, they have none (graduates of past years)."""
    folder = tmp_path / "district"
    exports = folder / "ex"
    exports.mkdir(parents=True)
    students = [["StuNum", "LName", "FName", "DOB", "Bldg", "InactiveInd"]]
    schedule = [["StuNum", "SectKey", "Bldg"]]
    for number in range(enrolled + inactive):
        student = str(40001 + number)
        students.append(
            [student, f"Family{number}", f"Kid{number}", "2015-03-14", "101", "N" if number < enrolled else "Y"]
        )
        if number < enrolled or scheduled:
            schedule.append([student, "C1", "101"])
    files = {
        "Buildings.csv": [["BldgCode", "BldgName"], ["101", "North Elementary"]],
        "Students.csv": students,
        "Staff.csv": [["EmpID", "LName", "FName", "Email", "Bldg"], ["T1", "Evans", "Kai", "kai@d.example.org", "101"]],
        "Sections.csv": [["SectKey", "Bldg", "CrsTitle", "TchrEmpID"], ["C1", "101", "English", "T1"]],
        "Schedule.csv": schedule,
    }
    for name, rows in files.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    (folder / "tyler.yaml").write_text(PROFILE.replace("KEPT", kept), encoding="utf-8")
    return folder


def _run(folder: Path, out: Path, as_of: dt.date = AS_OF) -> api.RunResult:
    return api.run(api.RunOptions(profile=str(folder / "tyler.yaml"), in_dir=folder / "ex", out_dir=out, as_of=as_of))


def test_a_flag_read_the_wrong_way_round_stops_the_first_set_for_a_person(tmp_path: Path) -> None:
    folder = _district(tmp_path, kept='Y, "Yes", "1", T, "True", X', enrolled=30, inactive=1)
    first = _run(folder, tmp_path / "out")
    assert first.report.published
    assert first.exit_status == 1
    (said,) = first.report.examples["X886"]
    assert said.params["rule"] == "users.students"
    assert said.params["place"] == f"{folder / 'tyler.yaml'}:16:19"
    assert (said.params["left"], said.params["rows"], said.params["kept"]) == ("30", "31", "1")
    assert said.params["values"] == " (InactiveInd: kept 'Y' (1); left out 'N' (30))"
    assert "the ones tonight's classes enrol" in str(said)
    # The next night with the same profile publishes at exit 0 and still says it.
    second = _run(folder, tmp_path / "out", AS_OF + dt.timedelta(days=1))
    assert second.exit_status == 0
    assert second.report.counts["X886"] == 1


def test_the_engines_agree(tmp_path: Path) -> None:
    folder = _district(tmp_path, kept="Y", enrolled=30, inactive=1)
    python, _ = both_engines(tmp_path / "runs", profile=str(folder / "tyler.yaml"), in_dir=folder / "ex", as_of=AS_OF)
    assert python.exit_status == 1
    assert python.report.counts["X886"] == 1


def test_the_condition_read_right_says_nothing(tmp_path: Path) -> None:
    folder = _district(tmp_path, kept='N, "No", "0", F, "False"', enrolled=30, inactive=1)
    result = _run(folder, tmp_path / "out")
    assert result.exit_status == 0
    assert "X886" not in result.report.counts


def test_an_export_of_every_student_ever_enrolled_is_said_and_published(tmp_path: Path) -> None:
    """30 graduates (InactiveInd Y, no schedule row tonight) and 2 enrolled students: the
    condition rightly leaves out 30 of 32 rows; said, exit 0."""
    folder = _district(tmp_path, kept='N, "No", "0", F, "False"', enrolled=2, inactive=30, scheduled=False)
    result = _run(folder, tmp_path / "out")
    assert result.exit_status == 0
    (said,) = result.report.examples["X886"]
    assert said.params["values"] == " (InactiveInd: kept 'N' (2); left out 'Y' (30))"
    assert "every student ever enrolled" in str(said)


def test_a_condition_keeping_only_students_in_no_class_leads_the_refusal_of_the_empty_classes(tmp_path: Path) -> None:
    """tester89 T9: `status not_equals ACTIVE` kept the inactive students, who are in no class; every class was
    left with no student and the set was refused X916, its step F412's 'change what leaves them out', while
    X886 called the rows left out 'a split of the export' (no class of theirs shared with the kept students,
    who had none) in an info row. A set enrolling no student is no split: X886 says the rows left out are the
    ones tonight's classes enrol, and the refusal's step names the condition, its place and the values kept."""
    folder = _district(tmp_path, kept="Y", enrolled=30, inactive=2, scheduled=False)
    out = tmp_path / "out"
    refused = _run(folder, out)
    assert refused.exit_status == 1 and not out.exists()
    assert "X916" in {p.code.id for p in refused.problems}
    (said,) = refused.report.examples["X886"]
    assert said.params["why"] == "enrolled"
    assert "none published: every class was left with no student" in str(said)
    step = summary.next_step(refused, out_dir=out, explain_path=None, upload=False)
    assert step.startswith(f"Next: Check users.students where enrolled: {{InactiveInd}} in ['Y'] (profile {folder}")
    assert "(InactiveInd: kept 'Y' (2); left out 'N' (30))" in step
    assert "F412" not in step


def _staff_district(tmp_path: Path) -> Path:
    """Five teachers, four active with a section each and one inactive with none, 30 students over the four
    sections, and a staff rule of the district's own keeping `Status in [Inactive]` (read the wrong way round)."""
    folder = _district(tmp_path, kept="N", enrolled=0, inactive=0)
    exports = folder / "ex"
    staff = [["EmpID", "LName", "FName", "Email", "Bldg", "Status"]]
    sections = [["SectKey", "Bldg", "CrsTitle", "TchrEmpID"]]
    for n in range(1, 6):
        staff.append(
            [f"T{n}", f"Teach{n}", f"Kai{n}", f"t{n}@d.example.org", "101", "Inactive" if n == 5 else "Active"]
        )
        if n < 5:
            sections.append([f"C{n}", "101", f"Course {n}", f"T{n}"])
    students = [["StuNum", "LName", "FName", "DOB", "Bldg", "InactiveInd"]]
    schedule = [["StuNum", "SectKey", "Bldg"]]
    for number in range(30):
        students.append([str(40001 + number), f"Family{number}", f"Kid{number}", "2015-03-14", "101", "N"])
        schedule.append([str(40001 + number), f"C{number % 4 + 1}", "101"])
    for name, rows in {"Staff.csv": staff, "Sections.csv": sections, "Students.csv": students}.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    with (exports / "Schedule.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(schedule)
    text = (folder / "tyler.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "columns: [EmpID, LName, FName, Email, Bldg]}", "columns: [EmpID, LName, FName, Email, Bldg, Status]}"
    )
    text = text.replace(
        "    staff:\n      from: staff\n",
        "    staff:\n      from: staff\n      where:\n"
        '        active: {field: "{Status}", op: in, value: [Inactive], reason: inactive-staff}\n',
    )
    (folder / "tyler.yaml").write_text(text, encoding="utf-8")
    return folder


def test_classes_without_owner_name_the_staff_condition_that_left_their_teachers_out(tmp_path: Path) -> None:
    """tester89 T7: a staff rule's `active` condition read the wrong way round left out 17 of 18 staff, and
    X980 said 'most enrolments left out tonight were left out by D376 at StudentScheduleCourses.csv:236' (one
    student's row: the teachers' enrolments follow their users, V504, an info code never named), its step an ID
    mismatch. The condition, its place, the rows it left out and kept now lead, and the step is to correct it."""
    folder = _staff_district(tmp_path)
    out = tmp_path / "out"
    refused = _run(folder, out)
    assert refused.exit_status == 1 and not out.exists()
    (stop,) = [p for p in refused.problems if p.code.id == "X980"]
    place = f"(profile {folder / 'tyler.yaml'}:"
    assert "; users.staff where active: {Status} in ['Inactive'] " + place in stop.message
    assert "left out 4 of the 5 rows of Staff.csv and kept 1 (Status: kept 'Inactive' (1); left out 'Active' (4))" in (
        stop.message
    )
    assert "and with them the teachers' enrolments of 4 of these classes (V504)" in stop.message
    step = summary.next_step(refused, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: Check the condition: users.staff where active: {Status} in ['Inactive'] " + place)
    assert step.endswith(
        "is it read the wrong way round, or from the wrong column? Correct it in the profile and rerun."
    )


def test_classes_whose_teachers_no_staff_row_gives_do_not_name_an_honest_staff_condition(tmp_path: Path) -> None:
    """review204 R2: a staff export listing more former teachers (Inactive, left out as meant) than current
    ones, and a sections export writing its teacher IDs otherwise ('1' for 'T1'). The condition left out none of
    those teachers: X980 does not name it, nor its step 'is it read the wrong way round'."""
    folder = _staff_district(tmp_path)
    exports = folder / "ex"
    staff = [["EmpID", "LName", "FName", "Email", "Bldg", "Status"]]
    for n in range(1, 13):
        staff.append([f"T{n}", f"Teach{n}", f"Kai{n}", f"t{n}@d.example.org", "101", "Active" if n < 5 else "Inactive"])
    sections = [["SectKey", "Bldg", "CrsTitle", "TchrEmpID"]] + [
        [f"C{n}", "101", f"Course {n}", str(n)] for n in range(1, 5)
    ]
    for name, rows in {"Staff.csv": staff, "Sections.csv": sections}.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    profile = folder / "tyler.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("value: [Inactive]", "value: [Active]"), "utf-8")
    out = tmp_path / "out"
    refused = _run(folder, out)
    assert refused.exit_status == 1 and not out.exists()
    (stop,) = [p for p in refused.problems if p.code.id == "X980"]
    assert "where active" not in stop.message
    step = summary.next_step(refused, out_dir=out, explain_path=None, upload=False)
    assert "Check the condition" not in step


def test_a_split_whose_kept_classes_fell_for_another_cause_is_still_a_split(tmp_path: Path) -> None:
    """review204 R4: a condition meant to keep a part of the export (10 students, class C1) and leave out the
    rest (30, class C2); tonight C1 is not in the sections export, so no enrolment is published. The kept
    students' own rows fell to that, not to the condition: X886 still says a split, not 'read the wrong way
    round', and the step does not lead with the condition."""
    folder = _district(tmp_path, kept="N", enrolled=10, inactive=30)
    exports = folder / "ex"
    schedule = [["StuNum", "SectKey", "Bldg"]] + [[str(40001 + n), "C1" if n < 10 else "C2", "101"] for n in range(40)]
    sections = [["SectKey", "Bldg", "CrsTitle", "TchrEmpID"], ["C2", "101", "Maths", "T1"]]
    for name, rows in {"Schedule.csv": schedule, "Sections.csv": sections}.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    out = tmp_path / "out"
    refused = _run(folder, out)
    assert refused.exit_status == 1 and not out.exists()
    (said,) = refused.report.examples["X886"]
    assert said.params["why"] != "enrolled"
    assert "none published" not in str(said)
    step = summary.next_step(refused, out_dir=out, explain_path=None, upload=False)
    assert not step.startswith("Next: Check users.students")
