"""Student IDs a SIS upgrade writes otherwise for good: the refusal names the step that keeps them (tester92 T3, T4).

PowerSchool, a small district of a few families, two nights. The upgrade drops the leading zeros of every
Student_Number (000100 -> 100), or writes the letters of every ID in small letters (A100 -> a100). Both are
refused (X955), as before; the words said only "a spreadsheet ... export again" and --allow-rollover, which
re-creates every student. Zeros the SIS drops are put back by the profile's id cleaner, with the width of the
last set's IDs, and the message now says so (and the run that follows it keeps every student's ID); no cleaner
changes an ID's letter case, and the message says that plainly, with what the rollover costs.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from transform import api
from transform.pipeline.people_gate import _rekeyed_cause

HEADER = (
    "ID\tStudent_Number\tSchoolID\tFirst_Name\tLast_Name\tGrade_Level\tEnroll_Status\tDOB\tMother\tFather\t"
    "Mother_Email\tFather_Email\tMother_Home_Phone\tFather_Home_Phone\tFamily_Ident"
)
FAMILIES = ("Lee", "Diaz", "Okafor", "Nguyen", "Haddad")


def night(
    tmp_path: Path, day: int, number: Callable[[int], str], *, profile: str = "powerschool", rollover: bool = False
) -> api.RunResult:
    """Five families of two children each, every child in one class; `number` writes the i-th Student_Number."""
    exports = tmp_path / f"in-{day}"
    exports.mkdir()
    rows = []
    for f, family in enumerate(FAMILIES):
        for c in range(2):
            i = 2 * f + c
            rows.append(
                "\t".join(
                    [
                        str(500 + i),
                        number(i),
                        "100",
                        f"Kid{i}",
                        family,
                        "3",
                        "0",
                        f"1/{i + 1}/2018",
                        f"{family}, Ana",
                        f"{family}, Bo",
                        f"ana.{family.lower()}@mail.example.com",
                        f"bo.{family.lower()}@mail.example.com",
                        f"60855520{f:02d}",
                        f"60855530{f:02d}",
                        f"F{f}",
                    ]
                )
            )
    files = {
        "schools.txt": "School_Number\tName\n100\tLincoln\n",
        "students.txt": "\n".join([HEADER, *rows, ""]),
        "teachers.txt": "ID\tTeacherNumber\tSchoolID\tFirst_Name\tLast_Name\tEmail_Addr\tStatus\tStaffStatus\n"
        "101\tT1\t100\tTia\tRay\tt@d.org\t1\t1\n",
        "courses.csv": "Course_Number,Course_Name\nM3,Math 3\n",
        "sections.txt": "ID\tSchoolID\tCourse_Number\tSection_Number\tTermID\tExpression\tTeacher\n"
        "1001\t100\tM3\t1\t3600\t1(A)\t101\n",
        "terms.txt": "ID\tSchoolID\tName\tFirstDay\tLastDay\n3600\t100\t2026-2027\t08/17/2026\t05/28/2027\n",
        "cc.txt": "\n".join(
            ["StudentID\tSectionID\tTermID\tSchoolID", *(f"{500 + i}\t1001\t3600\t100" for i in range(10))]
        )
        + "\n",
    }
    for name, text in files.items():
        (exports / name).write_text(text, encoding="utf-8")
    options = api.RunOptions(
        profile=profile,
        in_dir=exports,
        out_dir=tmp_path / "out",
        as_of=dt.date(2026, 12, day),
        allow_rollover=rollover,
    )
    return api.run(options)


def students(tmp_path: Path) -> dict[str, str]:
    """The published students: given name -> sourcedId."""
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {r["givenName"]: r["sourcedId"] for r in csv.DictReader(handle) if r["role"] == "student"}


PADDED = """extends: powerschool
tables:
  users:
    students:
      columns:
        sourcedId: {column: Student_Number, clean: [{id: {width: 6, pad: true}}]}
        identifier: {column: Student_Number, clean: [{id: {width: 6, pad: true}}]}
    guardians:
      guardian:
        student: {column: Student_Number, clean: [{id: {width: 6, pad: true}}]}
  demographics:
    students:
      columns:
        sourcedId: {column: Student_Number, clean: [{id: {width: 6, pad: true}}]}
  enrollments:
    students:
      columns:
        userSourcedId: {column: student.Student_Number, clean: [{id: {width: 6, pad: true}}]}
"""


def test_zeros_the_sis_now_drops_are_refused_naming_the_cleaner_that_keeps_every_id(tmp_path: Path) -> None:
    assert night(tmp_path, 7, lambda i: f"{100 + i:06d}").exit_status == 0
    before = students(tmp_path)
    assert before["Kid0"] == "000100"
    upgraded = night(tmp_path, 8, lambda i: str(100 + i))
    assert upgraded.exit_status == 1 and not upgraded.report.published
    (said,) = upgraded.report.examples["X955"]
    cause = said.params["cause"]
    assert "('000100' is now '100')" in cause and "copy them without opening them in a spreadsheet" in cause
    assert "if the SIS itself now writes them so (an upgrade), keep every ID" in cause
    assert "clean: [{id: {width: 6, pad: true}}]" in cause and "the guardian rule's student" in cause
    # The step named, followed: every student keeps the ID (the enrolment IDs the template builds change once).
    profile = tmp_path / "district.yaml"
    profile.write_text(PADDED, encoding="utf-8")
    kept = night(tmp_path, 9, lambda i: str(100 + i), profile=str(profile), rollover=True)
    assert kept.report.published and "X955" not in kept.report.counts
    assert students(tmp_path) == before


def test_ids_the_sis_now_writes_in_small_letters_are_refused_saying_no_cleaner_keeps_them(tmp_path: Path) -> None:
    assert night(tmp_path, 7, lambda i: f"A{100 + i}").exit_status == 0
    lowered = night(tmp_path, 8, lambda i: f"a{100 + i}")
    assert lowered.exit_status == 1 and not lowered.report.published
    (said,) = lowered.report.examples["X955"]
    cause = said.params["cause"]
    assert "('A100' is now 'a100'): a spreadsheet does not change letter case" in cause
    assert "no profile cleaner changes an ID's letter case" in cause
    assert "Remind deletes each of these records and creates a new one (their conversations lost)" in cause
    assert "export them again" not in cause and "pad: true" not in cause


def test_contact_ids_padded_or_unpadded_after_the_prefix_are_said_as_zeros() -> None:
    """FACTS contact IDs (tester92 T4): 'G30000' -> 'G00030000' was "an ID column changed"."""
    gained = _rekeyed_cause([("G30000", "G00030000", "Mei Moreau"), ("G30001", "G00030001", "Jean Moreau")], ("G",))
    assert "with their leading zeros back ('G30000' is now 'G00030000')" in gained
    assert "no profile cleaner takes them off" in gained
    lost = _rekeyed_cause([("G00030000", "G30000", "Mei Moreau")], ("G",))
    assert "without their leading zeros ('G00030000' is now 'G30000')" in lost
    assert "clean: [{id: {width: 8, pad: true}}] on the guardian rule's contact column" in lost
    assert "spreadsheet" not in lost  # a spreadsheet takes zeros off numbers, not off 'G00030000'
    inside = _rekeyed_cause([("S001", "S1", "Ann")], ("G",))
    assert "no profile cleaner puts zeros back inside an ID" in inside
