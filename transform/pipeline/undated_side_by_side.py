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
and a student is in both only while her two rows' dates overlap: the next term's rows, rostered
ahead by the window, beginning after the running term's rows end, are told apart by their dates.
Ahead rows beside running rows with no end (a blank Exit Date) are not: from the week the next
term's rows enter the window through the break, both halves would be published (reviewer65 F6).
--allow-incomplete publishes the set once (X918).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

SHOWN = 3  # courses named in the message


def check(report: Report, *, staged: Path, allow_incomplete: bool) -> None:
    """The safety gate (see the module's words): X814 when a class kept undated tonight (F420)
    has every student also in a class kept undated of the same course and school under another
    term. A dated class is told by its dates, not judged: a year-long lab beside its semester
    course, in a set where one club has no term, is no half (reviewer65 F3)."""
    if not report.classes_undated or not (staged / "classes.csv").is_file():
        return
    pairs = side_by_side(staged, report.classes_undated, report.terms_assigned)
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


def side_by_side(
    staged: Path, undated: set[str], assigned: Mapping[str, str] | None = None
) -> list[tuple[tuple[str, str], list[str], list[str]]]:
    """((school, course), the term IDs, the classes) for each course of the staged set one of
    whose classes kept `undated` has every student (one at least) also in another of them of the
    course under another term, by rows whose dates overlap: in the order of the courses. A class
    the run gave a school year for the term it names not (`assigned`, D336) is read by the terms
    the export gave it: none is no other term (reviewer179 R1)."""
    classes = {sid: held for sid, held in _classes(staged / "classes.csv", assigned or {}).items() if sid in undated}
    students = _students(staged / "enrollments.csv", classes)
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


Span = tuple[str, str]  # a student's rows in a class: the first beginDate, the last endDate ("": open)


def _all_elsewhere(
    sid: str,
    course: list[str],
    classes: dict[str, tuple[str, str, frozenset[str]]],
    students: dict[str, dict[str, Span]],
) -> bool:
    """Whether every student of the class is in a class of the same course under other terms, her
    rows there running while hers here do."""
    mine = students.get(sid, {})
    if not mine:
        return False
    others = [students.get(o, {}) for o in course if o != sid and not classes[o][2] & classes[sid][2]]
    return all(any(who in other and _overlap(span, other[who]) for other in others) for who, span in mine.items())


def _overlap(one: Span, two: Span) -> bool:
    """Whether two spans of ISO dates share a day; a blank begin or end is open."""
    return (not two[1] or one[0] <= two[1]) and (not one[1] or two[0] <= one[1])


def _classes(path: Path, assigned: Mapping[str, str]) -> dict[str, tuple[str, str, frozenset[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["sourcedId"]: (row.get("schoolSourcedId", ""), row.get("courseSourcedId", ""), terms)
            for row in csv.DictReader(handle)
            if (terms := export_terms(row, assigned))
        }


def export_terms(row: Mapping[str, str], assigned: Mapping[str, str]) -> frozenset[str]:
    """The term IDs a staged class names as the export gave them: a school year the run wrote for
    a class naming no term of the set (D336, `assigned`) is none of the export's."""
    sid = row.get("sourcedId", "")
    text = assigned[sid] if sid in assigned else row.get("termSourcedIds") or ""
    return frozenset(t.strip() for t in text.split(",") if t.strip())


def _students(path: Path, classes: dict[str, tuple[str, str, frozenset[str]]]) -> dict[str, dict[str, Span]]:
    """The students of each class kept undated, each with the span of her rows in it."""
    found: dict[str, dict[str, Span]] = defaultdict(dict)
    if not path.is_file():
        return found
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("role") != "student" or row.get("classSourcedId") not in classes:
                continue
            begin, end = (row.get("beginDate") or "")[:10], (row.get("endDate") or "")[:10]
            spans, who = found[row["classSourcedId"]], row.get("userSourcedId", "")
            if who in spans:
                was = spans[who]
                begin, end = min(begin, was[0]), "" if not end or not was[1] else max(end, was[1])
            spans[who] = (begin, end)
    return found


# For pipeline.undated_terms (X863): each undated class's students with their rows' spans, and whether two spans meet
students_of = _students
overlap = _overlap
