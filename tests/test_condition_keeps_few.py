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
