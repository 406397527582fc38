"""A PowerSchool-shaped district of any size, written to a folder (deterministic)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

SCHOOLS = 20
CLASSES_PER_STUDENT = 8
STUDENTS_PER_TEACHER = 15
STUDENTS_PER_SECTION = 5  # sections = students / 5 (the largest district: 1M students, 200k sections)
FIRST = ["Ava", "Liam", "Mia", "Noah", "José", "Zoë", "Nguyen", "Aaliyah", 'Robert "Rob"', "Katherine"]
LAST = ["Garcia", "Smith, Jr.", "Xiong", "O'Brien", "Patel", "Nguyen", "Peña", "Kim"]
TERM_DATES = {  # the year, semester 1, semester 2 (terms.txt)
    "3600": ("08/17/2026", "05/28/2027"),
    "3601": ("08/17/2026", "01/08/2027"),
    "3602": ("01/11/2027", "05/28/2027"),
}
# PowerSchool's cc.DateLeft is the day after the last day in class (the bundled fixture's too):
# written as the term's last day, every enrolment would end on the term's last day, while its
# class is still current.
DATE_LEFT = {"3600": "05/29/2027", "3601": "01/09/2027", "3602": "05/29/2027"}
LANGUAGES = ["English", "Spanish", "Hmong", "Vietnamese", "", "", "Somali", "Chinese (Mandarin)"]


def _own(drawn: int, school: int, teachers: int) -> int:
    """A teacher of the section's school (teacher t is at school 100 + t % SCHOOLS), from a draw
    over every teacher: a teacher teaches at their own school, as in a real district (one at a
    school users.csv does not give them is given it, V593), and the random stream is as before."""
    own = drawn - drawn % SCHOOLS + (school - 100)
    return own if own < teachers else own - SCHOOLS


def write_district(folder: Path, students: int, *, seed: int = 7) -> None:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    _table(folder / "schools.txt", ["School_Number", "Name"], ([str(100 + s), f"School {s}"] for s in range(SCHOOLS)))
    _table(
        folder / "terms.txt",
        ["ID", "SchoolID", "Name", "Abbreviation", "FirstDay", "LastDay"],
        (
            row
            for s in range(SCHOOLS)
            for row in (
                ["3600", str(100 + s), "2026-2027", "26-27", "08/17/2026", "05/28/2027"],
                ["3601", str(100 + s), "Semester 1", "S1", "08/17/2026", "01/08/2027"],
                ["3602", str(100 + s), "Semester 2", "S2", "01/11/2027", "05/28/2027"],
            )
        ),
    )
    _table(
        folder / "courses.txt",
        ["Course_Number", "Course_Name"],
        ([f"C{c}", f"Course {c}" if c % 40 else "Lunch"] for c in range(200)),
    )
    teachers = max(SCHOOLS, students // STUDENTS_PER_TEACHER)
    per_school = max(CLASSES_PER_STUDENT * 2, students // STUDENTS_PER_SECTION // SCHOOLS)
    _table(
        folder / "teachers.txt",
        ["ID", "TeacherNumber", "SchoolID", "First_Name", "Last_Name", "Email_Addr", "Status", "StaffStatus"],
        (
            [
                str(t),
                f"T{t}",
                str(100 + t % SCHOOLS),
                rnd.choice(FIRST),
                rnd.choice(LAST),
                f"t{t}@d.example.org",
                "1",
                "1",
            ]
            for t in range(teachers)
        ),
    )
    sections = [(100000 + s * per_school + k, 100 + s) for s in range(SCHOOLS) for k in range(per_school)]
    term_of = {sid: rnd.choice(list(TERM_DATES)) for sid, _ in sections}
    _table(
        folder / "sections.txt",
        ["ID", "SchoolID", "Course_Number", "Section_Number", "TermID", "Expression", "Teacher"],
        (
            [
                str(sid),
                str(school),
                f"C{sid % 200}",
                str(sid % 9 + 1),
                term_of[sid],
                f"{sid % 8 + 1}(A)",
                str(_own(rnd.randrange(teachers), school, teachers)),
            ]
            for sid, school in sections
        ),
    )
    by_school: dict[int, list[int]] = {}
    for sid, school in sections:
        by_school.setdefault(school, []).append(sid)
    with (
        (folder / "students.txt").open("w", encoding="utf-8", newline="") as people,
        (folder / "cc.txt").open("w", encoding="utf-8", newline="") as cc,
    ):
        people.write(
            "\t".join(
                [
                    "ID",
                    "Student_Number",
                    "SchoolID",
                    "First_Name",
                    "Last_Name",
                    "Grade_Level",
                    "Enroll_Status",
                    "DOB",
                    "Home_Phone",
                    "Student_Web_ID",
                    "Home_Language",
                    "Mother",
                    "Mother_Email",
                    "Motherdayphone",
                    "Father",
                    "Fatherdayphone",
                    "Family_Ident",
                ]
            )
            + "\r\n"
        )
        cc.write("StudentID\tSectionID\tTermID\tSchoolID\tDateEnrolled\tDateLeft\r\n")
        for i in range(students):
            school = 100 + i % SCHOOLS
            people.write(
                "\t".join(
                    [
                        str(i),
                        f"{200000 + i:07d}",
                        str(school),
                        rnd.choice(FIRST),
                        _family_name(rnd, i),
                        str(rnd.randint(-1, 12)),
                        "0" if rnd.random() > 0.03 else "2",
                        f"{rnd.randint(1, 12)}/{rnd.randint(1, 28)}/{rnd.randint(2007, 2021)}",
                        f"({rnd.randint(200, 999)}) 555-{rnd.randrange(10000):04d}",
                        f"s{i}@students.d.example.org",
                        rnd.choice(LANGUAGES),
                        *_parents(rnd, i),
                    ]
                )
                + "\r\n"
            )
            for sid in rnd.sample(by_school[school], CLASSES_PER_STUDENT):
                # As PowerSchool writes cc: the section's term, its first day and the day after its
                # last, so a semester-2 enrolment starts in January (left out in the autumn as not
                # started, F426).
                term = term_of[sid]
                cc.write(f"{i}\t{sid}\t{term}\t{school}\t{TERM_DATES[term][0]}\t{DATE_LEFT[term]}\r\n")


def _family_name(rnd: random.Random, i: int) -> str:
    """A student's family name: her parents' (X864 judges links by names). The draw a random name
    took is still made, so the seed gives every other value as before."""
    rnd.choice(LAST)
    return LAST[(i - 1 if i % 10 == 1 else i) % len(LAST)]


def _parents(rnd: random.Random, i: int) -> list[str]:
    """About 1.5 guardians per student; one family in ten has two children here."""
    family = i - 1 if i % 10 == 1 else i
    last = LAST[family % len(LAST)]
    father = rnd.random() < 0.5
    return [
        f"{last}, Mom{family}",
        f"mom{family}@home.example.org",
        f"608-{555 + 2 * (family // 10000)}-{family % 10000:04d}",  # one number a family, past 10,000 too
        f"{last}, Dad{family}" if father else "",
        f"608-{556 + 2 * (family // 10000)}-{family % 10000:04d}" if father else "",
        f"F{family}",
    ]


def _table(path: Path, header: list[str], rows: object) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(header) + "\r\n")
        for row in rows:  # type: ignore[attr-defined]
            handle.write("\t".join(row) + "\r\n")


if __name__ == "__main__":
    write_district(Path(sys.argv[2]), int(sys.argv[1]))
