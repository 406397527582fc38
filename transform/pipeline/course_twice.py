"""A course's classes of two terms current at once, where the last published set held one: refused.

A semester course has a section in each semester (Math A in S1, Math B in S2, one course). When a
sections export gives every section the calendar's dates (08/20 to 06/03: Infinite Campus's term
columns filled from the calendar, not the term), both sections are current and every student is
in both classes at once; published at exit 0 with only notes (tester60 N1: classes +8, enrolments
+208). The same when an ended term's end is moved past tonight: its classes, removed by the last
set as ended, come back beside the next term's (tester60 N5 night 15: S1's end 01/15 moved to
06/03); the nights after, with correct exports, were then refused (X906) with no way out named.

Refused (X868): a class tonight's set adds, of a course the last published set held in a class of
another term that tonight's set still holds, whose term is dated tonight to cover all of that
held term's dates as the last set recorded them (last.json), and whose term the last set did not
hold with tonight's dates (a term the set held as it is tonight is the calendar's: a new section
of the year-long term). No calendar makes a class's term of a course cover that course's other
term: the next semester's section starts after the one before it starts, a quarter's after the
quarter before. Not refused: a year-long course (its class held), the first day of a semester
(its term starts later than the held one), an end corrected or extended by some days (the same
class, held), a new school year (the held classes are gone tonight).

--allow-rollover publishes it, said (X869): the classes are then the last set's, and the nights
after compare with them (nothing to record). A course whose two terms' classes carry other course
IDs (English 9A, 9B) is not found by this rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .filters import Term
from .gate import columns_of

EXAMPLES = 3


@dataclass(frozen=True, slots=True)
class Twice:
    """A class added tonight (`class_id`, its term `term_id` dated `now`) of `course` at `school`,
    beside the last set's class `held_id` of the course, whose term `held_term` ran `then`."""

    class_id: str
    course: str
    school: str
    term_id: str
    now: Term
    held_id: str
    held_term: str
    then: tuple[dt.date, dt.date]

    def said(self) -> str:
        start, end = self.then
        return (
            f"class {self.class_id} of course {self.course} at school {self.school}: term {self.term_id} "
            f"{self.now.start.isoformat()} to {self.now.end.isoformat()} tonight, covering term {self.held_term} "
            f"({start.isoformat()} to {end.isoformat()}) of class {self.held_id} that the last published set held"
        )


def found(
    previous: Path | None,
    staged: Path,
    current: Mapping[str, Term],
    held: tuple[Mapping[str, dt.date], Mapping[str, dt.date]],
) -> list[Twice]:
    """The classes added tonight that double a course of the last set (module doc). `current`: tonight's
    kept classes' terms by ID, with their dates; `held`: the last set's terms' first and last days by ID
    (last.json)."""
    if previous is None or not (previous / "classes.csv").is_file() or not (staged / "classes.csv").is_file():
        return []
    if not held[0] or not current:
        return []
    then: dict[tuple[str, str], list[tuple[str, set[str]]]] = {}  # (school, course) -> its classes, their terms
    for class_id, course, school, terms in columns_of(
        previous / "classes.csv", "sourcedId", "courseSourcedId", "schoolSourcedId", "termSourcedIds"
    ):
        if course:
            then.setdefault((school, course), []).append((class_id, _ids(terms)))
    held_ids = {class_id for classes in then.values() for class_id, _ in classes}
    tonight = list(
        columns_of(staged / "classes.csv", "sourcedId", "courseSourcedId", "schoolSourcedId", "termSourcedIds")
    )
    kept = {row[0] for row in tonight}
    out: list[Twice] = []
    for class_id, course, school, terms in tonight:
        if class_id in held_ids or (school, course) not in then:
            continue
        ids = _ids(terms)
        for held_id, held_terms in then[(school, course)]:
            if held_id not in kept or held_terms & ids:
                continue
            twice = _covering(class_id, course, school, ids, (held_id, held_terms), current, held)
            if twice is not None:
                out.append(twice)
                break
    return out


def _covering(
    class_id: str,
    course: str,
    school: str,
    ids: set[str],
    other: tuple[str, set[str]],
    current: Mapping[str, Term],
    held: tuple[Mapping[str, dt.date], Mapping[str, dt.date]],
) -> Twice | None:
    """The first of the class's terms `ids`, not held by the last set as it is tonight, dated tonight to
    cover a term of the held class `other` as the last set recorded it; else None."""
    starts, ends = held
    held_id, held_terms = other
    for term_id in sorted(ids):
        now = current.get(term_id)
        if now is None or (starts.get(term_id), ends.get(term_id)) == (now.start, now.end):
            continue
        for held_term in sorted(held_terms):
            start, end = starts.get(held_term), ends.get(held_term)
            if start is not None and end is not None and now.start <= start and end <= now.end:
                return Twice(class_id, course, school, term_id, now, held_id, held_term, (start, end))
    return None


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
