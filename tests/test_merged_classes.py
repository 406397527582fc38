"""Two sections made one class by a district's ID template (tester89 T3, V633).

An SIS that gives a section one row per meeting (Genesis's subsections) needs `combine: {}` on the classes rule.
A class ID template leaving out the section number then merged English's sections 1 and 2 into one class of
both their students and teachers, published at exit 0: the rows' different classCode was one V508 among a
section's honest ones (its two meetings' periods). Now a new profile's set says it, naming the template and
the column the class code reads that the ID does not: published, but exit 1; the next night exit 0.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.parent_columns import NOW
from transform import api
from transform.pipeline import merged_classes
from transform.report import summary

PROFILE = """\
name: meadow-sis
settings: {source_system: "Meadow SIS"}
sources:
  buildings: {files: [Buildings.csv], columns: [BldgCode, BldgName]}
  students: {files: [Students.csv], columns: [StuNum, LName, FName, DOB, Bldg]}
  staff: {files: [Staff.csv], columns: [EmpID, LName, FName, Email, Bldg]}
  meetings: {files: [Meetings.csv], columns: [Bldg, Course, Section, Period, CrsTitle, TchrEmpID]}
  schedule: {files: [Schedule.csv], columns: [StuNum, Course, Section, Bldg]}
tables:
  orgs:
    schools: {from: buildings, columns: {sourcedId: {column: BldgCode}, name: {column: BldgName}, type: school}}
  users:
    students:
      from: students
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
      from: meetings
      combine: {}   # a row per meeting of a section
      columns:
        sourcedId: "CLASS_ID"
        title: {column: CrsTitle, clean: [text]}
        classCode: "{Course}-{Section}"
        schoolSourcedId: {column: Bldg}
        periods: {column: Period, clean: [period]}
  enrollments:
    rows:
      from: schedule
      columns:
        sourcedId: "CLASS_ID-{StuNum}"
        classSourcedId: "CLASS_ID"
        userSourcedId: {column: StuNum}
        schoolSourcedId: {column: Bldg}
        role: student
    teachers:
      from: meetings
      columns:
        sourcedId: "CLASS_ID-{TchrEmpID}"
        classSourcedId: "CLASS_ID"
        userSourcedId: {column: TchrEmpID}
        schoolSourcedId: {column: Bldg}
        role: teacher
"""
RIGHT = "{Bldg}-{Course}-{Section}"
NO_SECTION = "{Bldg}-{Course}"


def _district(tmp_path: Path, class_id: str) -> Path:
    """English's section 1 (Ms Baker) meeting in periods 1 and 2, its section 2 (Mr Cole) in period 5; three
    students in each."""
    folder = tmp_path / "district"
    exports = folder / "ex"
    exports.mkdir(parents=True)
    students = [["StuNum", "LName", "FName", "DOB", "Bldg"]]
    schedule = [["StuNum", "Course", "Section", "Bldg"]]
    for n in range(6):
        students.append([str(50001 + n), f"Family{n}", f"Kid{n}", "2011-03-14", "205"])
        schedule.append([str(50001 + n), "ENG9", "1" if n < 3 else "2", "205"])
    files = {
        "Buildings.csv": [["BldgCode", "BldgName"], ["205", "Meadow High School"]],
        "Students.csv": students,
        "Staff.csv": [
            ["EmpID", "LName", "FName", "Email", "Bldg"],
            ["T1", "Baker", "Susan", "sbaker@meadow.example.org", "205"],
            ["T2", "Cole", "Adam", "acole@meadow.example.org", "205"],
        ],
        "Meetings.csv": [
            ["Bldg", "Course", "Section", "Period", "CrsTitle", "TchrEmpID"],
            ["205", "ENG9", "1", "1", "English 9", "T1"],
            ["205", "ENG9", "1", "2", "English 9", "T1"],
            ["205", "ENG9", "2", "5", "English 9", "T2"],
        ],
        "Schedule.csv": schedule,
    }
    for name, rows in files.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    (folder / "meadow.yaml").write_text(PROFILE.replace("CLASS_ID", class_id), encoding="utf-8")
    return folder


def _night(folder: Path, out: Path, days: int = 0) -> api.RunResult:
    as_of, now = dt.date(2026, 10, 15) + dt.timedelta(days=days), NOW + dt.timedelta(days=days)
    profile = str(folder / "meadow.yaml")
    return api.run(api.RunOptions(profile=profile, in_dir=folder / "ex", out_dir=out, as_of=as_of, now=now))


def _classes(out: Path) -> list[tuple[str, str]]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return sorted((row["sourcedId"], row["classCode"]) for row in csv.DictReader(handle))


def test_a_sections_meetings_combined_under_its_own_id_are_one_class_at_exit_0(tmp_path: Path) -> None:
    """Section 1's two meetings (periods 1 and 2) are one class, honestly: no V633."""
    folder = _district(tmp_path, RIGHT)
    result = _night(folder, tmp_path / "out")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert _classes(tmp_path / "out") == [("205-ENG9-1", "ENG9-1"), ("205-ENG9-2", "ENG9-2")]
    assert "V633" not in result.report.counts


def test_an_id_template_without_the_section_is_said_on_a_new_profiles_set_and_exits_1(tmp_path: Path) -> None:
    """The two sections published as one class of six students and two teachers: the first set exits 1 ("Published,
    but"), V633 naming the template and Section, which the class code reads; the next night exits 0, still said."""
    folder = _district(tmp_path, NO_SECTION)
    first = _night(folder, tmp_path / "out")
    assert _classes(tmp_path / "out") == [("205-ENG9", "ENG9-1")]
    assert first.report.published and first.exit_status == 1
    (said,) = first.report.examples["V633"]
    assert [p.code.id for p in summary.to_check(first.report)] == ["V633"]
    assert said.params["rule"] == "tables.classes.sections" and said.params["template"] == "'{Bldg}-{Course}'"
    assert said.params["example"] == "'205-ENG9': 'ENG9-1' (Meetings.csv:2) and 'ENG9-2' (Meetings.csv:4)"
    assert said.params["missing"] == "; classCode reads Section, which the ID template does not"
    assert said.where.file.endswith("meadow.yaml:39:20")
    second = _night(folder, tmp_path / "out", days=1)
    assert second.report.published and second.exit_status == 0, [str(p) for p in second.problems]
    assert "V633" in second.report.counts


@pytest.mark.parametrize("code", ['classCode: "{Course}"', None], ids=["code-of-the-course", "no-code"])
def test_sections_merged_without_a_class_code_telling_them_apart_are_said_by_the_enrolments_ids(
    tmp_path: Path, code: str | None
) -> None:
    """review202 R5: classCode is optional; without it, or written as the course's, English's two sections were
    one class at exit 0 (V508 only). The enrolments' own sourcedId reads Section beside a classSourcedId written
    as the class ID: rows of one class differing in it are two sections, said as V633 on a new profile's set."""
    folder = _district(tmp_path, NO_SECTION)
    profile = folder / "meadow.yaml"
    text = profile.read_text(encoding="utf-8").replace('classCode: "{Course}-{Section}"', code or "")
    text = text.replace('sourcedId: "{Bldg}-{Course}-{StuNum}"', 'sourcedId: "{Bldg}-{Course}-{Section}-{StuNum}"')
    profile.write_text(text, encoding="utf-8")
    first = _night(folder, tmp_path / "out")
    assert first.report.published and first.exit_status == 1, [str(p) for p in first.problems]
    (said,) = first.report.examples["V633"]
    assert said.params["what"] == "Section values"
    assert said.params["example"] == "'205-ENG9': '1' (Meetings.csv:2) and '2' (Meetings.csv:4)"
    assert said.params["missing"] == "; the enrolments' sourcedId reads Section, which the ID template does not"


def test_a_bundled_profiles_id_template_is_not_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """review202 R8: V633 is for the district's own template; a bundled profile's is the tool's considered
    choice (here the district's folder taken for the bundled one): not said, exit 0."""
    folder = _district(tmp_path, NO_SECTION)
    monkeypatch.setattr(merged_classes, "bundled_folder", lambda: folder)
    result = _night(folder, tmp_path / "out")
    assert result.exit_status == 0 and "V633" not in result.report.counts, [str(p) for p in result.problems]


def test_a_sections_meetings_told_apart_by_the_teachers_enrolment_ids_under_a_sections_code_are_one_class(
    tmp_path: Path,
) -> None:
    """review205 R7: section 1 meets in periods 1 and 2 (Genesis's subsections), the teachers' enrolment IDs read
    Period, the class ID and its classCode ('{Course}-{Section}', a section's own, agreeing over both rows) do
    not: the two meetings were said to be two sections merged (V633, exit 1), and adding Period to the ID would
    split the class. A classCode beyond the course's telling the rows are one section: nothing said, exit 0."""
    folder = _district(tmp_path, RIGHT)
    profile = folder / "meadow.yaml"
    text = profile.read_text(encoding="utf-8").replace(
        'sourcedId: "{Bldg}-{Course}-{Section}-{TchrEmpID}"',
        'sourcedId: "{Bldg}-{Course}-{Section}-{Period}-{TchrEmpID}"',
    )
    text = text.replace(
        'classCode: "{Course}-{Section}"', 'classCode: "{Course}-{Section}"\n        courseSourcedId: "{Course}"'
    )
    profile.write_text(text, encoding="utf-8")
    assert "{Period}-{TchrEmpID}" in text
    result = _night(folder, tmp_path / "out")
    assert result.exit_status == 0 and "V633" not in result.report.counts, [str(p) for p in result.problems]
    assert _classes(tmp_path / "out") == [("205-ENG9-1", "ENG9-1"), ("205-ENG9-2", "ENG9-2")]
