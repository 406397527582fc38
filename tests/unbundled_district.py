"""A small seeded district of an SIS no profile is bundled for (Gradelink-shaped), with the profile a
newcomer writes for it, for the tests of tester67's findings.

Students.csv (Student ID, names, grade, school, Status), Teachers.csv (Teacher ID and Employee
Number), Schools.csv, Terms.csv (this year's and last year's), Classes.csv (last year's sections
and this year's, each naming its teacher) and ClassRoster.csv (every student in four classes this
year and four last year, last year's rows ended). `TRUTH` is what a correct set holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from transform import api

AS_OF = dt.date(2026, 12, 7)
SCHOOLS = ("100", "200")
TEACHERS = 12  # six a school
STUDENTS = 120
CLASSES = 24  # a year: two a teacher

PROFILE = """\
name: unbundled
title: "A district's own profile"
settings:
  source_system: "Gradelink"
  date_formats: ["%m/%d/%Y"]
sources:
  students:
    files: ["Students.csv"]
    columns: ["Student ID", "First Name", "Last Name", "Grade", "School", "Status"]
  teachers:
    files: ["Teachers.csv"]
    columns: ["Teacher ID", "Employee Number", "First Name", "Last Name", "Email", "School", "Active"]
  schools: {files: ["Schools.csv"], columns: ["School Code", "School Name"]}
  terms:
    files: ["Terms.csv"]
    columns: ["School", "School Year", "Term", "Term Name", "Start Date", "End Date"]
  classes:
    files: ["Classes.csv"]
    columns: ["Class ID", "School", "School Year", "Term", "Course Name", "Teacher ID"]
  classroster: {files: ["ClassRoster.csv"], columns: ["Class ID", "Student ID", "Start Date", "End Date"]}
tables:
  orgs:
    schools:
      from: schools
      columns:
        sourcedId: {column: "School Code", clean: [id]}
        name: {column: "School Name", clean: [text]}
        type: school
  users:
    students:
      from: students
      where:
        current: {field: "{Status}", op: in, value: ["Active"], reason: inactive-student}
      columns:
        sourcedId: {column: "Student ID", clean: [STUDENT_CLEAN]}
        orgSourcedIds: {column: "School", clean: [id]}
        role: student
        givenName: {column: "First Name", clean: [name]}
        familyName: {column: "Last Name", clean: [name]}
        grades: {column: "Grade", map: grades}
    staff:
      from: teachers
      where:
        current: {field: "{Active}", op: in, value: ["Yes"], reason: inactive-staff}
      columns:
        sourcedId: {column: "Teacher ID", clean: [id]}
        orgSourcedIds: {column: "School", clean: [id]}
        role: teacher
        givenName: {column: "First Name", clean: [name]}
        familyName: {column: "Last Name", clean: [name]}
        email: {column: "Email", clean: [email]}
  classes:
    sections:
      from: classes
      join:
        term: {source: terms, on: {School: School, School Year: School Year, Term: Term}}
      columns:
        sourcedId: {column: "Class ID", clean: [id]}
        title: {column: "Course Name", clean: [text]}
        schoolSourcedId: {column: "School", clean: [id]}
  enrollments:
    rows:
      from: classroster
      join:
        class: {source: classes, on: {"Class ID": "Class ID"}}
      where:
        current: {field: "{End Date}", op: date_ge, value: as_of, allow_empty: true, reason: enrollment-ended}
      columns:
        sourcedId: "{Class ID}-{Student ID}"
        classSourcedId: {column: "Class ID", clean: [id]}
        userSourcedId: {column: "Student ID", clean: [STUDENT_CLEAN]}
        schoolSourcedId: {column: "class.School", clean: [id]}
        role: student
    teachers:
      from: classes
      columns:
        sourcedId: "{Class ID}-{Teacher ID}"
        classSourcedId: {column: "Class ID", clean: [id]}
        userSourcedId: {column: "Teacher ID", clean: [id]}
        schoolSourcedId: {column: "School", clean: [id]}
        role: teacher
maps:
  grades:
    values: {K: KG, "1": "01", "2": "02", "3": "03", "4": "04", "5": "05", "6": "06", "7": "07", "8": "08"}
filters:
  current_term:
    start: "{term.Start Date}"
    end: "{term.End Date}"
    name: "{term.Term Name}"
    abbreviation: "{Term}"
"""


@dataclass
class District:
    """The exports' rows, to change before `write`, and what a correct set holds."""

    students: list[dict[str, str]] = field(default_factory=list)
    teachers: list[dict[str, str]] = field(default_factory=list)
    classes: list[dict[str, str]] = field(default_factory=list)
    roster: list[dict[str, str]] = field(default_factory=list)
    # class -> its teacher, and its students, this year's classes only
    class_teacher: dict[str, str] = field(default_factory=dict)
    class_students: dict[str, set[str]] = field(default_factory=dict)

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / "Students.csv", self.students)
        _write(folder / "Teachers.csv", self.teachers)
        _write(folder / "Classes.csv", self.classes)
        _write(folder / "ClassRoster.csv", self.roster)
        _write(folder / "Schools.csv", [{"School Code": s, "School Name": f"School {s}"} for s in SCHOOLS])
        _write(folder / "Terms.csv", _terms())
        return folder


def district(seed: int = 67) -> District:
    rng = random.Random(seed)
    made = District()
    for t in range(TEACHERS):
        school = SCHOOLS[t % 2]
        made.teachers.append(
            {
                "Teacher ID": f"T{t + 1:03}",
                "Employee Number": f"E{4000 + 7 * (t + 1)}",
                "First Name": rng.choice(["Ann", "Bo", "Cy", "Di", "Ed", "Flo"]),
                "Last Name": f"Teach{t}",
                "Email": f"t{t + 1}@district.test",
                "School": school,
                "Active": "Yes",
            }
        )
    ids = [str(1003 + 2 * s) for s in range(STUDENTS)]
    for s, student in enumerate(ids):
        made.students.append(
            {
                "Student ID": student,
                "First Name": rng.choice(["Noah", "Luna", "Mia", "Eli", "Zoe", "Sam"]),
                "Last Name": f"Kid{s}",
                "Grade": str(1 + s % 8),
                "School": SCHOOLS[s % 2],
                "Status": "Active",
            }
        )
    for year, term in (("2025-2026", "YR"), ("2026-2027", "YR")):
        for c in range(CLASSES):
            teacher = made.teachers[c % TEACHERS]
            class_id = str(5001 + c + (100 if year == "2026-2027" else 0))
            made.classes.append(
                {
                    "Class ID": class_id,
                    "School": teacher["School"],
                    "School Year": year,
                    "Term": term,
                    "Course Name": f"Course {c} {year[:4]}",
                    "Teacher ID": teacher["Teacher ID"],
                }
            )
            if year == "2026-2027":
                made.class_teacher[class_id] = teacher["Teacher ID"]
                made.class_students[class_id] = set()
    for s, student in enumerate(ids):
        school = SCHOOLS[s % 2]
        for year in ("2025-2026", "2026-2027"):
            theirs = [c for c in made.classes if c["School Year"] == year and c["School"] == school]
            for row in rng.sample(theirs, 4):
                ended = year == "2025-2026"
                made.roster.append(
                    {
                        "Class ID": row["Class ID"],
                        "Student ID": student,
                        "Start Date": "08/18/2025" if ended else "08/17/2026",
                        "End Date": "06/05/2026" if ended else "",
                    }
                )
                if not ended:
                    made.class_students[row["Class ID"]].add(student)
    return made


def _terms() -> list[dict[str, str]]:
    rows = []
    for school in SCHOOLS:
        for year, start, end in (("2025-2026", "08/18/2025", "06/05/2026"), ("2026-2027", "08/17/2026", "06/04/2027")):
            rows.append(
                {
                    "School": school,
                    "School Year": year,
                    "Term": "YR",
                    "Term Name": "Full Year",
                    "Start Date": start,
                    "End Date": end,
                }
            )
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.DictWriter(handle, list(rows[0]), lineterminator="\n")
        out.writeheader()
        out.writerows(rows)


def profile(folder: Path, *, student_clean: str = "id") -> Path:
    path = folder / "district.yaml"
    path.write_text(PROFILE.replace("STUDENT_CLEAN", student_clean), encoding="utf-8")
    return path


def run(
    exports: Path,
    out: Path,
    engine: str,
    *,
    as_of: dt.date = AS_OF,
    profile_path: Path | None = None,
    **options: object,
) -> api.RunResult:
    return api.run(
        api.RunOptions(  # type: ignore[arg-type]
            profile=str(profile_path or profile(exports.parent)),
            in_dir=exports,
            out_dir=out,
            as_of=as_of,
            engine=engine,
            **options,
        )
    )


def published(out: Path, file: str, *columns: str) -> set[tuple[str, ...]]:
    """The rows of a published file, as the `columns` of each."""
    with (out / file).open(encoding="utf-8", newline="") as handle:
        return {tuple(row[c] for c in columns) for row in csv.DictReader(handle)}


def rows_where(rows: list[dict[str, str]], keep: Callable[[dict[str, str]], bool]) -> list[dict[str, str]]:
    return [row for row in rows if keep(row)]
