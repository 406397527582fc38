"""Last year's sections joined to next year's terms (tester43 F2).

A terms export that already holds next year's terms under this year's codes (Synergy's YR, S1;
an eSchoolPLUS marking period whose section names no school year) is told apart by a join's
`pick:` by date: from 1 July (and 21 days before the first day, within the window) a section
joins next year's row. Until the SIS rolls over, the sections and enrolments exports still
hold last year's: each of last year's classes would be published as next year's, with last
year's students (exit 0 on a first night; on a later one refused as removals, and the
--allow-rollover that refusal advises published them).

What tells: the students' enrolments. A class joined to a row the pick took over an earlier
school year's row of its term code (`Index.later_picks`), all of whose student enrolments
written tonight began in an earlier school year than that row's, the first of them by the
window's days (21) after that earlier row's first day, ran in that earlier term: it is last
year's class. Such a set is refused (X929), naming the class, its enrolments' last first day
and the row it held then; no option publishes it. A class with no dated enrolment is not judged
(nothing tells its year); one whose enrolments began in next year's (the SIS rolled over) is
next year's; so is one whose students were all added months into the earlier term (next year's
schedule entered in spring, dated the day its rows were added: eSchoolPLUS DATE_ADDED, tester44's
round), and one whose row named its own school year (`pick: {year}`, OWN_YEAR: it joined a row of
that year, not one the dates picked).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from transform.cleaners.dates import school_year_of
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .gate import columns_of
from .rows import MULTI_SEP, OWN_YEAR, Draft, Indexes


@dataclass(frozen=True, slots=True)
class Joined:
    """A class joined to a row a pick took over an earlier school year's row."""

    start: str  # the row's dates, as written
    end: str
    earlier: str  # the earlier year's row of its term code ("terms.csv line 2 (2026-08-13 to 2027-05-27)")
    earlier_start: dt.date  # that row's first day


class LaterYearClasses:
    """The kept classes joined to such rows, by sourcedId (`note`, in the classes stage)."""

    def __init__(self, indexes: Indexes) -> None:
        self.picks: dict[tuple[str, str], list[tuple[tuple[str, ...], str, dt.date]]] = {}
        for index in indexes.values():
            for cells, found in index.later_picks.items():
                self.picks.setdefault(cells, []).extend(found)
        self.classes: dict[str, Joined] = {}

    def note(self, draft: Draft) -> None:
        if not self.picks or draft.extra.get(OWN_YEAR):
            return
        starts = draft.extra.get("term_start", "").split(MULTI_SEP)
        ends = draft.extra.get("term_end", "").split(MULTI_SEP)
        school = draft.values.get("schoolSourcedId", "").strip()
        for start, end in zip(starts, ends, strict=False):
            found = self.picks.get((start.strip(), end.strip()))
            if found:  # the key of the class's school, where keys of several schools share the dates
                _, earlier, first = next((row for row in found if school in row[0]), found[0])
                joined = Joined(start.strip(), end.strip(), earlier, first)
                self.classes.setdefault(draft.values.get("sourcedId", ""), joined)
                return


def check(
    enrollments: Path,
    joined: LaterYearClasses,
    report: Report,
    *,
    parse_date: Callable[[str], dt.date | None],
    origin: Callable[[str], str],
    window_days: int,
) -> None:
    """Refuse (X929) when a class of `joined` has student enrolments in `enrollments` (the file
    written tonight) that all began in an earlier school year than its term's, the first by
    `window_days` after the first day of its term code's earlier row (the class ran in that
    term). `origin`: where a class was read ("sections.csv line 3")."""
    if not joined.classes or not enrollments.exists():
        return
    began: dict[str, tuple[dt.date, dt.date]] = {}  # class -> its students' first and last first days
    for class_id, written in _student_begins(enrollments, joined.classes):
        day = _iso(written)
        if day is not None:
            first, last = began.get(class_id, (day, day))
            began[class_id] = (min(first, day), max(last, day))
    old = []
    for class_id, (first, last) in sorted(began.items()):
        term = joined.classes[class_id]
        start = parse_date(term.start)
        ran_then = first <= term.earlier_start + dt.timedelta(days=window_days)
        if start is not None and school_year_of(last) < school_year_of(start) and ran_then:
            old.append((class_id, last, term, school_year_of(start)))
    if not old:
        return
    class_id, last, term, year = old[0]
    report.add(
        codes.code("classes-of-last-year"),
        Where(),
        count=len(old),
        example=class_id,
        at=origin(class_id),
        start=term.start,
        end=term.end,
        year=f"{year - 1}-{year}",
        began=last.isoformat(),
        began_year=f"{school_year_of(last) - 1}-{school_year_of(last)}",
        earlier=term.earlier,
    )


def _student_begins(path: Path, wanted: dict[str, Joined]) -> Iterable[tuple[str, str]]:
    """(class, beginDate) of each student enrolment of `wanted` with a first day written."""
    for class_id, role, begin in columns_of(path, "classSourcedId", "role", "beginDate"):
        if role == "student" and class_id in wanted and begin.strip():
            yield class_id, begin


def _iso(text: str) -> dt.date | None:
    """A written beginDate (YYYY-MM-DD, as every target writes it)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
