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

A class the last published set did not hold is not last year's either, when that set was made in
last year's school year (tester49 F10): its ID is not one of last year's classes, so the SIS has
rolled over (Synergy gives each year's sections new IDs), and a year-2 section of a two-year
course keeps its students' first-year ENTER_DATE. Last year's classes, published as this year's,
are the classes that set held. Without a last set (a first night) every such class is judged,
as before; a last set made in this school year (the rollover published) judges none of them by
its IDs, since its classes are this year's.

Two cases, two fixes (tester53 F5). Where other classes joined to such rows are next year's by
the same signs (their students began in the new year, or months into the earlier term in a class
last year's set did not hold; not an ID the last set lacks, which last year's first semester is
too), the exports hold both school
years' sections and name neither's year: the SIS has rolled over, and waiting for it waits
forever. That is X887, whose fix is to export the school-year column the profile's
`pick: {year}` reads (named, with its file: YearColumn), or one school year's sections. Where
none is, the exports hold last year's sections only: X929, the export jobs still read last year
(or the SIS has not rolled over).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .gate import columns_of
from .rows import MULTI_SEP, OWN_YEAR, Draft, Indexes


@dataclass(frozen=True, slots=True)
class YearColumn:
    """The school-year column a classes join's `pick: {year}` reads, as the profile names it."""

    column: str  # "AcademicYear"
    file: str  # the export it is read from ("mastschd.txt")
    present: bool  # the export's header has it (blank on the classes judged)

    def missing(self) -> str:
        """Why the classes named no school year."""
        if self.present:
            return f"their {self.column} cells in {self.file} are blank"
        return f"{self.file} has no {self.column} column"


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
    last_set: Path | None = None,
    last_as_of: str | None = None,
    year_column: YearColumn | None = None,
    years: SchoolYear = NORTHERN,
) -> None:
    """Refuse (X929) when a class of `joined` has student enrolments in `enrollments` (the file
    written tonight) that all began in an earlier school year than its term's, the first by
    `window_days` after the first day of its term code's earlier row (the class ran in that
    term), and the last published set (`last_set`, its folder; made on `last_as_of`) held it when
    made in an earlier school year, or there is none. `origin`: where a class was read
    ("sections.csv line 3"). Refused as X887 instead when other such classes are next year's by the
    same signs: both school years' sections exported, neither's year named (`year_column`: the
    column the profile's pick reads for it, None when it reads none)."""
    if not joined.classes or not enrollments.exists():
        return
    held = _held(last_set)
    began: dict[str, tuple[dt.date, dt.date]] = {}  # class -> its students' first and last first days
    for class_id, written in _student_begins(enrollments, joined.classes):
        day = _iso(written)
        if day is not None:
            first, last = began.get(class_id, (day, day))
            began[class_id] = (min(first, day), max(last, day))
    old, new = [], []
    for class_id, (first, last) in sorted(began.items()):
        term = joined.classes[class_id]
        start = parse_date(term.start)
        if start is None:
            continue
        ran_then = first <= term.earlier_start + dt.timedelta(days=window_days)
        # Last year's class, as the last set (made last school year) held it, or with no last set.
        held_then = held is not None and class_id in held and _earlier_year(last_as_of, years.of(start), years)
        was_held = held is None or held_then
        if years.of(last) < years.of(start) and ran_then and was_held:
            old.append((class_id, last, term, years.of(start)))
        elif years.of(first) >= years.of(start) or not (ran_then or held_then):
            # Next year's, by its students: none began with last year's term, or all were added months
            # into it to a class last year's set did not hold (a section set up last year mid-year
            # is last year's). Not a class only the last set lacks: last year's semester 1 ended
            # before it was made.
            new.append(class_id)
    if not old:
        return
    class_id, last, term, year = old[0]
    column = year_column
    # The column the profile's pick reads, for the next step (report.summary), and with next year's
    # classes exported too (X887) why they named no year and what to export.
    said: dict[str, object] = {"year_column": f"{column.column} ({column.file})" if column else ""}
    if new:
        said |= {
            "new": len(new),
            "new_example": new[0],
            "new_at": origin(new[0]) or "the sections export",
            "unnamed": column.missing() if column else "the profile's pick reads no school-year column",
            "fix": f"export the {column.column} column of {column.file} (the profile's pick: year reads it), or "
            if column
            else "export ",
        }
    report.add(
        codes.code("classes-of-last-and-next-year" if new else "classes-of-last-year"),
        Where(),
        **said,
        count=len(old),
        example=class_id,
        at=origin(class_id),
        start=term.start,
        end=term.end,
        year=f"{year - 1}-{year}",
        began=last.isoformat(),
        began_year=f"{years.of(last) - 1}-{years.of(last)}",
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


def _held(last: Path | None) -> set[str] | None:
    """The classes of the last published set; None without one."""
    if last is None or not (last / "classes.csv").is_file():
        return None
    return {class_id for (class_id,) in columns_of(last / "classes.csv", "sourcedId")}


def _earlier_year(as_of: str | None, year: int, years: SchoolYear) -> bool:
    """Whether the last set was made before the school year ending in `year` (True when its
    as-of date is not known: its classes are judged)."""
    try:
        return as_of is None or years.of(dt.date.fromisoformat(as_of)) < year
    except ValueError:
        return True
