"""A field mapped with no `clean:` (tester53 F1, F2): a new admin's profile for an SIS nobody
bundled read the birth dates, emails, languages and enrolment dates as the export writes them;
20160219, 14.03.2015, `t1 at d.example.org` and `English` were published at exit 0, in a set the
run's own `transform validate` rejected (birth dates) or called valid (emails). Now each column
whose form the target fixes goes through its form's cleaner whatever the profile says (I222 says
the profile leaves it out), and `validate` checks emails (V614): every check `validate` makes of a
record holds on the run's set, on both targets and both engines: what a form cannot say (an end
date before the begin date, a Remind student's two grades in one cell) is left blank and said
(V615)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.test_columnar import both_engines
from transform import api

AS_OF = dt.date(2026, 10, 5)

EXPORTS = {
    "Buildings.csv": [["BldgCode", "BldgName"], ["101", "North Elementary"]],
    "Students.csv": [
        ["StuNum", "LName", "FName", "DOB", "Bldg", "Grade", "Email", "Lang"],
        ["40001", "Diaz", "Wes", "20160219", "101", "04", "wes at example", "English"],
        ["40002", "Baker", "Sam", "2017-08-12", "101", "KG", "sam@example.org", "spa"],
        ["40003", "Jones", "Quin", "03/14/2015", "101", "05", "Q@Example.org", ""],
        ["40004", "Ames", "Lou", "2015-05-02", "101", "05,06", "lou@example.org", "en"],
    ],
    "Staff.csv": [
        ["EmpID", "LName", "FName", "Email", "Bldg"],
        ["T1", "Evans", "Kai", "t1 at d.example.org", "101"],
        ["T2", "Fox", "Ann", "ann@d.example.org", "101"],
        ["T3", "Gale", "Bo", "bo@d.example.org", "101"],
    ],
    "Sections.csv": [["SectKey", "Bldg", "CrsTitle", "TchrEmpID"], ["C1", "101", "English", "T2"]],
    "Schedule.csv": [
        ["StuNum", "SectKey", "Bldg", "AddDt", "DropDt"],
        ["40001", "C1", "101", "08/17/2026", ""],
        ["40002", "C1", "101", "2026-08-17", ""],
        ["40003", "C1", "101", "20260817", "06/01/2027"],
        ["40004", "C1", "101", "08/17/2026", "08/01/2026"],  # dropped before added: a typing slip
    ],
}

# Every column below is read raw: no `clean:` at all, as init-profile drafted it before.
PROFILE = """\
name: tyler-raw
settings: {source_system: "Tyler SIS"}
sources:
  buildings: {files: [Buildings.csv], columns: [BldgCode, BldgName]}
  students: {files: [Students.csv], columns: [StuNum, LName, FName, DOB, Bldg, Grade, Email, Lang]}
  staff: {files: [Staff.csv], columns: [EmpID, LName, FName, Email, Bldg]}
  sections: {files: [Sections.csv], columns: [SectKey, Bldg, CrsTitle, TchrEmpID]}
  schedule: {files: [Schedule.csv], columns: [StuNum, SectKey, Bldg, AddDt, DropDt]}
tables:
  orgs:
    schools: {from: buildings, columns: {sourcedId: {column: BldgCode}, name: {column: BldgName}, type: school}}
  users:
    students:
      from: students
      columns:
        sourcedId: {column: StuNum}
        orgSourcedIds: {column: Bldg}
        role: student
        givenName: {column: FName}
        familyName: {column: LName}
        grades: {column: Grade}
        email: {column: Email}
        metadata.preferredLanguage: {column: Lang, default: English}
    staff:
      from: staff
      columns:
        sourcedId: {column: EmpID}
        orgSourcedIds: {column: Bldg}
        role: teacher
        givenName: {column: FName}
        familyName: {column: LName}
        email: {column: Email}
  demographics:
    students:
      from: students
      columns: {sourcedId: {column: StuNum}, birthDate: {column: DOB}}
  classes:
    sections:
      from: sections
      columns: {sourcedId: {column: SectKey}, title: {column: CrsTitle}, schoolSourcedId: {column: Bldg}}
  enrollments:
    rows:
      from: schedule
      columns:
        sourcedId: "{SectKey}-{StuNum}"
        classSourcedId: {column: SectKey}
        userSourcedId: {column: StuNum}
        schoolSourcedId: {column: Bldg}
        role: student
        beginDate: {column: AddDt}
        endDate: {column: DropDt}
    teachers:
      from: sections
      columns:
        sourcedId: "{SectKey}-{TchrEmpID}"
        classSourcedId: {column: SectKey}
        userSourcedId: {column: TchrEmpID}
        schoolSourcedId: {column: Bldg}
        role: teacher
"""


def _district(tmp_path: Path) -> tuple[Path, Path]:
    exports = tmp_path / "ex"
    exports.mkdir()
    for name, rows in EXPORTS.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    profile = tmp_path / "tyler.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    return profile, exports


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize(
    ("target", "births"),
    [
        ("remind", ("2016/02/19", "2017/08/12", "2015/03/14")),
        ("oneroster", ("2016-02-19", "2017-08-12", "2015-03-14")),
    ],
)
def test_raw_fields_are_published_in_the_targets_form_and_validate_accepts_the_set(
    tmp_path: Path, target: str, births: tuple[str, str, str]
) -> None:
    profile, exports = _district(tmp_path)
    python, _ = both_engines(tmp_path / "runs", profile=str(profile), in_dir=exports, as_of=AS_OF, target=target)
    out = tmp_path / "runs" / "python"
    assert python.exit_status == 0, python.problems
    born = _rows(out / "demographics.csv")
    assert tuple(born[s]["birthDate"] for s in ("40001", "40002", "40003")) == births
    users = _rows(out / "users.csv")
    # An email that is no address is blanked (D308), as clean: [email] does; the teacher left with
    # none is no Remind user (V506), a OneRoster one keeps her without.
    assert users["40001"]["email"] == ""
    assert users["40003"]["email"] == "q@example.org"
    assert ("T1" in users) is (target == "oneroster")
    assert "T1" not in users or users["T1"]["email"] == ""
    assert python.report.counts["D308"] == 2
    if target == "remind":
        assert python.report.counts["V506"] == 1
        assert users["40001"]["metadata.preferredLanguage"] == "en"
        assert users["40002"]["metadata.preferredLanguage"] == "es"
        assert users["40003"]["metadata.preferredLanguage"] == "en"  # the default, in the form too
    enrolled = _rows(out / "enrollments.csv")
    assert {enrolled[f"C1-{s}"]["beginDate"] for s in ("40001", "40002", "40003", "40004")} == {"2026-08-17"}
    assert enrolled["C1-40003"]["endDate"] == "2027-06-01"
    # The profile's own lines that leave the cleaners out, each said once (I222).
    said = {p.params["field"] for p in python.report.examples["I222"]}
    assert said == {
        "demographics.birthDate",
        "users.email",
        "users.metadata.preferredLanguage",
        "enrollments.beginDate",
        "enrollments.endDate",
    }
    assert python.report.counts["I222"] == 6  # users.email twice: the students' and the staff's rules
    # What validate holds a record to beyond its forms: an end before the begin date is blanked,
    # and so is a Remind student's second grade in one cell (V615, at the export's cell).
    assert enrolled["C1-40004"]["endDate"] == ""
    repaired = {(p.where.file, p.where.line, p.where.column) for p in python.report.examples.get("V615", [])}
    assert ("Schedule.csv", 5, "DropDt") in repaired
    assert (("Students.csv", 5, "Grade") in repaired) is (target == "remind")
    checked = api.validate_set(out, target=target)
    assert checked.exit_status == 0, dict(checked.report.counts)
    assert not checked.report.counts


def test_check_profile_names_each_column_read_without_its_cleaner(tmp_path: Path) -> None:
    profile, exports = _district(tmp_path)
    _, problems = api.check_profile(str(profile), exports=exports, hints=True)
    said = [(p.code.id, p.where.file, p.params["field"]) for p in problems if p.code.id == "I222"]
    line = next(n for n, text in enumerate(PROFILE.splitlines(), 1) if "birthDate:" in text)
    column = PROFILE.splitlines()[line - 1].index("birthDate:") + 1
    assert ("I222", f"{profile}:{line}:{column}", "demographics.birthDate") in said
    assert len(said) == 6


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_validate_rejects_an_email_that_is_no_address(tmp_path: Path, target: str) -> None:
    profile, exports = _district(tmp_path)
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF, target=target))
    assert result.exit_status == 0
    users = (out / "users.csv").read_text(encoding="utf-8")
    (out / "users.csv").write_text(users.replace("q@example.org", "q at example"), encoding="utf-8")
    checked = api.validate_set(out, target=target)
    assert checked.exit_status == 1
    assert checked.report.counts == {"V614": 1}
    (problem,) = checked.report.examples["V614"]
    assert (problem.where.file, problem.where.column, problem.params["value"]) == ("users.csv", "email", "q at example")
