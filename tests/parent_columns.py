"""A one-school PowerSchool district whose students.txt names a mother and a father on each row:
the exports the tests of parents of one name share (test_same_name_households,
test_same_name_parents_of_one_row, test_household_chains, test_each_group_point_copied)."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from transform import api

NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
Parent = tuple[str, str, str]  # name, email, phone

STUDENTS = (
    "ID\tStudent_Number\tSchoolID\tFirst_Name\tLast_Name\tGrade_Level\tEnroll_Status\tDOB\tMother\tFather\t"
    "Mother_Email\tFather_Email\tMother_Home_Phone\tFather_Home_Phone\tFamily_Ident"
)
FIXED = {
    "schools.txt": "School_Number\tName\n100\tNorth Elementary\n",
    "teachers.txt": "ID\tTeacherNumber\tSchoolID\tFirst_Name\tLast_Name\tEmail_Addr\tStatus\tStaffStatus\n"
    "1\tT1\t100\tAnn\tLee\tann@d.example.org\t1\t1\n",
    "courses.txt": "Course_Number\tCourse_Name\nM\tMath\n",
    "sections.txt": "ID\tSchoolID\tCourse_Number\tSection_Number\tTermID\tExpression\tTeacher\n"
    "10\t100\tM\t1\t3600\t1(A)\t1\n",
    "terms.txt": "ID\tSchoolID\tName\tFirstDay\tLastDay\tIsYearRec\n3600\t100\tYear\t08/17/2026\t05/28/2027\t1\n",
}


def write_district(
    folder: Path, rows: Iterable[tuple[str, Parent, Parent, str]], *, family: str, extra: str = ""
) -> Path:
    """The exports with one students.txt row per child, in the order given: (student number,
    mother, father, household, the cells of `extra` columns after it, tab-separated), each child
    enrolled in the one class."""
    rows = list(rows)
    folder.mkdir()
    for name, text in FIXED.items():
        (folder / name).write_text(text, encoding="utf-8")
    lines = [STUDENTS + extra]
    for number, (mother, m_email, m_phone), (father, f_email, f_phone), household in rows:
        lines.append(
            f"{number}\t{number}\t100\tKid{number}\t{family}\t3\t0\t1/2/2017\t{mother}\t{father}\t"
            f"{m_email}\t{f_email}\t{m_phone}\t{f_phone}\t{household}"
        )
    (folder / "students.txt").write_text("\n".join([*lines, ""]), encoding="utf-8")
    cc = ["StudentID\tSectionID\tTermID\tSchoolID\tDateEnrolled\tDateLeft"]
    cc += [f"{number}\t10\t3600\t100\t08/17/2026\t" for number, *_ in rows]
    (folder / "cc.txt").write_text("\n".join([*cc, ""]), encoding="utf-8")
    return folder


def run(exports: Path, out: Path, engine: str, profile: str = "powerschool") -> api.RunResult:
    options = api.RunOptions(
        in_dir=exports, out_dir=out, engine=engine, profile=profile, as_of=dt.date(2026, 10, 15), now=NOW
    )
    return api.run(options)


def parents(out: Path) -> list[tuple[str, str, str, str]]:
    """(sourcedId, email, phone, children) of each published parent or guardian."""
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(
            (r["sourcedId"], r["email"], r["phone"], r["agentSourcedIds"])
            for r in csv.DictReader(handle)
            if r["role"] in ("parent", "guardian")
        )
