"""Two terms' classes of one course published side by side, the terms undated.

A profile that keeps a class whose term has no dates (`undated: keep`: Illuminate, whose core
data spec no longer has terms.txt) cannot tell this term's classes from the next one's or the
last one's. Through a term, the export holds one term's sections and nothing is wrong. From the
week the SIS exports the next term's sections, and all the next term if the ended term's roster
rows keep a blank Exit Date, the set held both semesters' classes of each course, every student
in both, at exit 0 with one F420 per class (tester66 F3: 987 differences a week into S2).

What the exports do say: a class whose every student is also in a class of the same course and
school under another term name is one term's half of a course that runs in two terms, published
beside the other half. No term is tonight's by its name alone ('Semester 1' ends before
'Semester 2', but the export does not say whether tonight is before or after), so the set is
refused (X814, exit 1), naming the courses and terms, with the two fixes that tell them apart:
the terms export (the dates), or the roster's Exit Date filled for the ended term (its rows then
leave out as ended, and its classes hold no student). A student taking one course in two terms
is not enough: every student of the class must be, so one mis-scheduled student refuses nothing;
and an enrolment beginning after the as-of date (the next term's, rostered ahead by the window
while the running term's rows go on) is not counted: its dates tell the two terms apart.
--allow-incomplete publishes the set once (X918).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

SHOWN = 3  # courses named in the message


def check(report: Report, *, staged: Path, as_of: dt.date, allow_incomplete: bool) -> None:
    """The safety gate (see the module's words): X814 when a class kept undated tonight (F420)
    has every student also in a class kept undated of the same course and school under another
    term. A dated class is told by its dates, not judged: a year-long lab beside its semester
    course, in a set where one club has no term, is no half (reviewer65 F3)."""
    if not report.classes_undated or not (staged / "classes.csv").is_file():
        return
    pairs = side_by_side(staged, as_of, report.classes_undated)
    if not pairs:
        return
    where = Where(file="classes.csv")
    classes = sorted({sid for _, _, sids in pairs for sid in sids})
    if allow_incomplete:
        detail = f"{len(classes)} classes of undated terms beside the same course's classes of another term"
        report.add(codes.code("incomplete-allowed"), where, detail=detail)
        return
    shown = "; ".join(f"course {course} at {school}: {' and '.join(terms)}" for (school, course), terms, _ in pairs)
    report.add(
        codes.code("undated-terms-side-by-side"),
        where,
        count=len(classes),
        classes="class" if len(classes) == 1 else "classes",
        courses=len(pairs),
        examples="; ".join(shown.split("; ")[:SHOWN]) + (f"; {len(pairs) - SHOWN} more" if len(pairs) > SHOWN else ""),
        first=", ".join(classes[:SHOWN]),
    )


def side_by_side(staged: Path, as_of: dt.date, undated: set[str]) -> list[tuple[tuple[str, str], list[str], list[str]]]:
    """((school, course), the term IDs, the classes) for each course of the staged set one of
    whose classes kept `undated` has every student (one at least) also in another of them of the
    course under another term: in the order of the courses. An enrolment that begins after `as_of` is not counted:
    the next term's, rostered ahead by the window, beside the running term's, is what its dates
    say, not a term the set cannot tell."""
    classes = {sid: held for sid, held in _classes(staged / "classes.csv").items() if sid in undated}
    students = _students(staged / "enrollments.csv", classes, as_of.isoformat())
    by_course: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sid, (school, course, _) in classes.items():
        if course:
            by_course[(school, course)].append(sid)
    found = []
    for key, sids in sorted(by_course.items()):
        if len({classes[sid][2] for sid in sids}) < 2:
            continue
        halves = [sid for sid in sids if _all_elsewhere(sid, sids, classes, students)]
        if halves:
            terms = sorted({term for sid in sids for term in classes[sid][2]})
            found.append((key, terms, sorted(halves)))
    return found


def _all_elsewhere(
    sid: str, course: list[str], classes: dict[str, tuple[str, str, frozenset[str]]], students: dict[str, set[str]]
) -> bool:
    """Whether every student of the class is in a class of the same course under other terms."""
    mine = students.get(sid, set())
    if not mine:
        return False
    others: set[str] = set()
    for other in course:
        if other != sid and not classes[other][2] & classes[sid][2]:
            others |= students.get(other, set())
    return mine <= others


def _classes(path: Path) -> dict[str, tuple[str, str, frozenset[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["sourcedId"]: (
                row.get("schoolSourcedId", ""),
                row.get("courseSourcedId", ""),
                frozenset(t.strip() for t in (row.get("termSourcedIds") or "").split(",") if t.strip()),
            )
            for row in csv.DictReader(handle)
            if (row.get("termSourcedIds") or "").strip()
        }


def _students(path: Path, classes: dict[str, tuple[str, str, frozenset[str]]], as_of: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    if not path.is_file():
        return found
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            ahead = (row.get("beginDate") or "")[:10] > as_of
            if row.get("role") == "student" and row.get("classSourcedId") in classes and not ahead:
                found[row["classSourcedId"]].add(row.get("userSourcedId", ""))
    return found
