"""A course's classes of two terms running at once for the same students, where the last set held one: refused.

A semester course has a section in each semester (Math A in S1, Math B in S2, one course), most of
its students in both. When a sections export gives every section the calendar's dates (08/20 to
06/03: Infinite Campus's term columns filled from the calendar, not the term), both sections are
current and every student is in both classes at once; published at exit 0 with only notes (tester60
N1: classes +8, enrolments +208). The same when an ended term's end is moved past tonight: its
classes, removed by the last set as ended, come back beside the next term's (tester60 N5 night 15:
S1's end 01/15 moved to 06/03; reviewer118 R3: Q1's end typed 11/23 for 10/23, not covering Q2).

Refused (X868): a class tonight's set adds, of a course the last published set held in a class of
another term that tonight's set still holds, both classes' terms running tonight (by tonight's
dates), the added class's term not lying inside the held one's (a quarter inside the year: terms of
a calendar nest, its sections of one course beside each other, test_calendar_moves), and most of the
added class's students in the held class tonight: at least SHARED of them, or all of a class of
fewer. The students tell a doubled course, not the dates: the term dates need not cover each other
(an end moved a month, not to the next term's end), and a new section of another term with other
students (a year-long section opened beside a quarter's, reviewer118 R4) is not refused whatever
its term's dates did. Not refused either: the first day of a term (the one before ended: its class
is not kept), a year-long course (its class held), an end extended by some days (the same class,
held), a new school year (the held classes are gone tonight).

--allow-rollover publishes it, said (X869): the classes are then the last set's, and the nights
after compare with them (nothing to record). A course whose two terms' classes carry other course
IDs (English 9A, 9B) is not found by this rule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .filters import Term
from .gate import columns_of

EXAMPLES = 3
SHARED = 3  # students of the added class in the held one: at least these, or all of a smaller class


@dataclass(frozen=True, slots=True)
class Twice:
    """A class added tonight (`class_id`, its term `term_id` dated `now`) of `course` at `school`, beside
    the last set's class `held_id` of the course, its term `held_term` dated `beside` tonight; `shared` of
    the added class's `students` students are in both."""

    class_id: str
    course: str
    school: str
    term_id: str
    now: Term
    held_id: str
    held_term: str
    beside: Term
    shared: int = 0
    students: int = 0

    def said(self) -> str:
        return (
            f"class {self.class_id} of course {self.course} at school {self.school}: term {self.term_id} "
            f"{self.now.start.isoformat()} to {self.now.end.isoformat()} tonight, running beside term "
            f"{self.held_term} ({self.beside.start.isoformat()} to {self.beside.end.isoformat()}) of class "
            f"{self.held_id} that the last published set held; {self.shared} of its {self.students} "
            f"student{'' if self.students == 1 else 's'} in both"
        )


def found(previous: Path | None, staged: Path, current: Mapping[str, Term], as_of: dt.date) -> list[Twice]:
    """The classes added tonight that double a course of the last set (module doc). `current`: tonight's
    kept classes' terms by ID, with their dates."""
    if previous is None or not current:
        return []
    if not (previous / "classes.csv").is_file() or not (staged / "classes.csv").is_file():
        return []
    then: dict[tuple[str, str], list[str]] = {}  # (school, course) -> the last set's classes of it
    for class_id, course, school in columns_of(
        previous / "classes.csv", "sourcedId", "courseSourcedId", "schoolSourcedId"
    ):
        if course:
            then.setdefault((school, course), []).append(class_id)
    held_ids = {class_id for classes in then.values() for class_id in classes}
    tonight = list(
        columns_of(staged / "classes.csv", "sourcedId", "courseSourcedId", "schoolSourcedId", "termSourcedIds")
    )
    terms = {row[0]: _ids(row[3]) for row in tonight}
    running = {class_id: _running(ids, current, as_of) for class_id, ids in terms.items()}
    pairs: list[Twice] = []
    for class_id, course, school, _ in tonight:
        now = running[class_id]
        if class_id in held_ids or now is None:
            continue
        for held_id in then.get((school, course), []):
            beside = running.get(held_id)
            if beside is not None and not terms[held_id] & terms[class_id] and not _inside(now[1], beside[1]):
                pairs.append(Twice(class_id, course, school, now[0], now[1], held_id, beside[0], beside[1]))
    return _shared(pairs, staged / "enrollments.csv") if pairs else []


def _running(ids: set[str], current: Mapping[str, Term], as_of: dt.date) -> tuple[str, Term] | None:
    """The first of a class's terms `ids` running tonight by tonight's dates, with them; else None."""
    for term_id in sorted(ids):
        term = current.get(term_id)
        if term is not None and term.contains(as_of):
            return term_id, term
    return None


def _inside(term: Term, other: Term) -> bool:
    """Whether `term` runs within `other`'s dates and is shorter: a quarter inside the year, a calendar's
    nested terms (a course's quarter sections beside its year-long one), not a term's dates stretched."""
    return other.start <= term.start and term.end <= other.end and (term.start, term.end) != (other.start, other.end)


def _shared(pairs: Iterable[Twice], enrollments: Path) -> list[Twice]:
    """Of the classes added beside a held one, those most of whose students (at least SHARED, or all of a
    smaller class) are in it tonight: the first such held class for each."""
    pairs = list(pairs)
    wanted = {t.class_id for t in pairs} | {t.held_id for t in pairs}
    students: dict[str, set[str]] = {}
    if enrollments.is_file():
        for class_id, user, role in columns_of(enrollments, "classSourcedId", "userSourcedId", "role"):
            if class_id in wanted and role == "student":
                students.setdefault(class_id, set()).add(user)
    out: dict[str, Twice] = {}
    for twice in pairs:
        added = students.get(twice.class_id, set())
        shared = len(added & students.get(twice.held_id, set()))
        if twice.class_id not in out and 2 * shared > len(added) and (shared >= SHARED or shared == len(added)):
            out[twice.class_id] = dataclasses.replace(twice, shared=shared, students=len(added))
    return list(out.values())


def gate(twice: list[Twice], report: Report, *, allow_rollover: bool) -> None:
    """X868 (refused) for the classes `found`; with --allow-rollover, X869 (published, said)."""
    if not twice:
        return
    shown = "; ".join(t.said() for t in twice[:EXAMPLES]) + (
        f"; and {len(twice) - EXAMPLES} more" if len(twice) > EXAMPLES else ""
    )
    code = codes.code("course-terms-doubled-allowed") if allow_rollover else codes.code("course-terms-doubled")
    report.add(code, Where(file="classes.csv", record=twice[0].class_id), count=len(twice), classes=shown)


def _ids(text: str) -> set[str]:
    return {t.strip() for t in text.split(",") if t.strip()}
