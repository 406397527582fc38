"""Classes gone from tonight's exports because their term ended: a SIS job exporting the current
term only (the `FirstDay <= today <= LastDay` filter of the research notes) drops the ended term's
sections and enrolments the day after its last day, before the next term starts.

The safety gate counts a removed class tonight's exports no longer hold as a loss unless its term
change is shown (gate.compare). This module shows it: each term the last published set gave the
class is a row of tonight's terms export with the same name and dates as that set recorded, and
it ended before tonight and on or after the day that set was made (the set held the class while
it ran), in tonight's school year, and no later term of its school has begun tonight (from the next
term's first day, its classes must be there: gate._term_replaced). The last set's dates alone do
not excuse a class: a terms export that lost the row, or whose row says the term runs on or ended
before that set was made (a date moved: X948's kind), leaves the removal counted (tester73 F1, F1b).
Where there is no terms export, the classes' own rows dating their terms (Infinite Campus's
sections: `from_classes`), the ended term's row leaves the export with its sections, and the last
set's dates are all that dates it: a term no class of tonight's set is of is taken as that set
recorded it (tester90 T3: a current-term-only extract was refused every night of the winter break,
'export them and rerun').
Only the row of the class's own school excuses it (a school-less row where the export names
none): another school's row of the same name and dates says nothing of this school's term
(reviewer92 R2).

An excuse on a break night is checked on the nights after it (reviewer92 R1): last.json keeps, per
school, the last day of the term whose classes went so (`awaited`), and the students those classes
held there (`next_terms_students`), until classes of a later term of the school holding at least
half as many are in a published set (fewer: the new term arrived in part, cal55's reviewer R2). A
later term of the school running with none of its classes (or too few students) is a hole, refused
(X977), as is a break night at a school where a term its last set held runs tonight
with none of its classes (`hole_at`). Not so where there is no terms export (`from_classes`): a later
term is known only once its classes are exported, so a job that never exports the next term after
the break is not refused by this check on the nights after it; the removals gate (X906) still counts
any class of a term still running gone. Nothing published is removed then, so nothing refused it:
an Infinite Campus extract of the current term only, never switched to Semester 2 after the winter
break, published the year-long classes alone at exit 0 into February (review212 R3, review217 R4).
There, the school's year-long term running on past the ended one (a row of tonight's classes at
least year_long_days long, with at least a quarter of it, YEAR_TERM_MIN_DAYS, left after the ended
term's last day, in its first half where it is an administrative year, ADMIN_YEAR_DAYS) says a later
term is to come: the school waits for it (`_year_goes_on`), counting from the end of a shorter term
still running that holds the ended one (`_enclosing_end`: a Q1-only course inside Semester 1), and
once BREAK_DAYS have passed since that day and SCHOOL_DAYS school days (Monday to Friday) after them,
with still no class of a term begun after it, the set is published and said (X716, exit 1: a person
checks the SIS job's term filter); --allow-incomplete ends the wait (a school whose year-long classes
alone run on, or whose next term begins later still). Such a wait keeps no count of students: a later
term arriving in part ends it. A break night, a school of year-long classes only (no term of it
ended), a year over, and a later term's sections exported ahead (dated) are quiet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.pipeline.filters import YEAR_TERM_MIN_DAYS, Term, held_name
from transform.report.codes import Slug


@dataclass(frozen=True, slots=True)
class TermsTonight:
    """Tonight's terms export (`rows`: every dated row, with the school its row names, "" when
    none is known), tonight's date, and what the last published set recorded: its as-of date
    (`made`), each term's name, first and last day by term ID, each class's school (`schools`)
    and the term IDs of each school's classes (`terms_at`). `gone_at`: filled by the gate, per
    school, the last day of the terms whose classes went between two terms tonight."""

    rows: Sequence[Term]
    tonight: dt.date
    made: dt.date | None
    names: Mapping[str, str] = field(default_factory=dict)
    starts: Mapping[str, dt.date] = field(default_factory=dict)
    ends: Mapping[str, dt.date] = field(default_factory=dict)
    years: SchoolYear = NORTHERN  # the district's school year (settings.school_year_starts)
    schools: Mapping[str, str] = field(default_factory=dict)
    terms_at: Mapping[str, frozenset[str]] = field(default_factory=dict)  # the last set's term IDs, by school
    current: Mapping[str, Term] = field(default_factory=dict)  # tonight's set's terms, by term ID
    gone_at: dict[str, dt.date] = field(default_factory=dict)
    # Filled by the gate with gone_at: per school, the last set's classes that went so.
    gone_classes: dict[str, set[str]] = field(default_factory=dict)
    # Whether `rows` are tonight's classes' own term dates, no terms export (term_unscheduled.class_terms,
    # api._terms_tonight): an ended term of the last set, no class of which is left tonight, is dated as
    # that set recorded it (`_rows_of`), since its row left the export with its sections.
    from_classes: bool = False

    def ended(self, held: str, school: str = "") -> tuple[Term, ...]:
        """The rows of tonight's terms export of a class's terms (`held`: its termSourcedIds in the
        last published set) at its `school` when every one of them ended before tonight by both
        calendars, the last of them on or after the day the last set was made, in tonight's school
        year (last year's classes at a new school year count: --allow-rollover); else ()."""
        terms = [t.strip() for t in held.split(",") if t.strip()]
        if self.made is None or not terms:
            return ()
        found: list[Term] = []
        for term in terms:
            rows = self._rows_of(term, school)
            if not rows or not all(row.end < self.tonight for row in rows):
                return ()
            found.extend(rows)
        last = max(row.end for row in found)
        if last < self.made or self.years.of(last) != self.years.of(self.tonight):
            return ()
        return tuple(found)

    def _rows_of(self, term: str, school: str) -> list[Term]:
        """The row of tonight's terms export dated (and named, where both have a name) as the last
        set recorded `term`, of the class's `school`; a row naming no school where none does."""
        start, end, name = self.starts.get(term), self.ends.get(term), self.names.get(term, "")
        if start is None or end is None:
            return []
        rows = [
            row
            for row in self.rows
            if row.start == start and row.end == end and (not row.name or not name or row.name == name)
        ]
        own = [row for row in rows if school and row.school == school]
        found = own or [row for row in rows if not row.school]
        if not found and self.from_classes and school and not self._running(term, school):
            # Tonight's rows are tonight's classes' own terms: an ended term's leave with its
            # sections, and the last set's dates are all that dates it (tester90 T3).
            return [Term(school, name, start, end, key=term)]
        return found

    def _running(self, term: str, school: str) -> bool:
        """Whether tonight's set holds a class of `term` (by ID) at `school`: its rows are there."""
        held = self.current.get(term)
        return held is not None and held.school == school

    def between_terms(self, ended: Sequence[Term]) -> bool:
        """Whether, at the schools of the `ended` rows, no term of tonight's terms export has begun
        since the last of them ended (a weekend or break between two terms, or a school's year
        over while others run): a student whose classes all ended with them is in no class by the
        calendar, not by a cut export. A row of no known school is judged against every row."""
        if not ended:
            return False
        last = max(row.end for row in ended)
        schools = {row.school for row in ended}
        return not any(
            last < row.start <= self.tonight
            for row in self.rows
            if "" in schools or not row.school or row.school in schools
        )

    def hole_at(self, school: str) -> Term | None:
        """A row of `school` running tonight, dated as a term the last set's classes held, of
        which tonight's set holds no class at the school: that term's sections are filtered out,
        and no ended term excuses the school's classes gone tonight. Only the terms the last set's
        classes held at `school` (`terms_at`; every one without it): another school's term of the
        same dates makes no hole of a row the school does not use (reviewer99 R4)."""
        keys = self.terms_at.get(school, frozenset()) if self.terms_at else self.starts.keys()
        held = {(self.starts[key], self.ends[key]) for key in keys if key in self.starts and key in self.ends}
        tonight = {(t.start, t.end) for t in self.current.values() if t.school == school}
        for row in self._school_rows(school):
            if row.contains(self.tonight) and (row.start, row.end) in held and (row.start, row.end) not in tonight:
                return row
        return None

    def _school_rows(self, school: str) -> list[Term]:
        own = [row for row in self.rows if school and row.school == school]
        return own or [row for row in self.rows if not row.school]

    def next_rows(self, school: str, end: dt.date, year_long_days: int) -> list[Term]:
        """The rows of `school` that begin after `end` inside the school's year: before the end of
        a year-long row holding `end` (none when `end` is its last day: the year is over, and a
        summer session after it is awaited by nobody, reviewer99 R1), else within NEXT_TERM_DAYS
        in the same school year while a term of the school follows in it (a break between two
        terms, never the summer: a summer session a school does not use, or next year's first term,
        is no hole; cal55's reviewer R3). A term, not a summer session, is a row at least half as
        long as the school's shortest term of that year up to `end` (`_is_term`): a quarters
        school's Q4 after spring break (52 days) or a trimester T3 (53) is awaited, a 60-day summer
        after two semesters is not (cal55b reviewer R1: a fixed 56 days ended their wait)."""
        rows = self._school_rows(school)
        years = [r for r in rows if (r.end - r.start).days >= year_long_days and r.start <= end <= r.end]
        if years:
            until = max(r.end for r in years)
            return [r for r in rows if end < r.start <= until]
        year = self.years.of(end)
        later = [r for r in rows if end < r.start and self.years.of(r.start) == year]
        earlier = [r for r in rows if r.end <= end and self.years.of(r.start) == year]
        if not any(_is_term(r, earlier) for r in later):
            return []  # the school's year is over: what follows is a summer session
        until = end + dt.timedelta(days=NEXT_TERM_DAYS)
        return [r for r in later if r.start <= until]


def _is_term(row: Term, earlier: Sequence[Term]) -> bool:
    """Whether `row` is a term of the school's year rather than a summer session after it: at least
    half as long as the shortest of the school's `earlier` terms that year (a summer session is a
    few weeks; a year's last quarter or trimester only a little shorter than the others). With no
    earlier row to compare, a row of a quarter or longer (YEAR_TERM_MIN_DAYS)."""
    days = (row.end - row.start).days
    if not earlier:
        return days >= YEAR_TERM_MIN_DAYS
    return days * 2 >= min((r.end - r.start).days for r in earlier)


# A break between two terms of a school year (a winter break, a year-round intersession) is shorter.
NEXT_TERM_DAYS = 35
# Where no row dates a school's next term (no terms export, the classes' own dates: `from_classes`), it is
# taken to begin at the latest as long after the ended term's last day as a terms export's next term is
# awaited (NEXT_TERM_DAYS: a long winter break, a year-round intersession; review226 R2: 21 days told a
# 5-week break's district what a terms-export school waits out quietly), and said missing (X716) after
# SCHOOL_DAYS more school days: the district hears of a term never exported within six weeks, not in spring.
BREAK_DAYS = NEXT_TERM_DAYS
SCHOOL_DAYS = 3
# A year-long row this long or longer is an administrative year (1 August to 31 July, 1 July to 30 June),
# whose last day is no school day: it is evidence of a term to come only in its first half (review226 R3:
# Semester 2 ending 28 May, the row running to 31 July, said X716 all summer).
ADMIN_YEAR_DAYS = 330
# last.json: school -> the last day of a term whose classes went between two terms (`awaited`).
AWAITED = "next_terms_awaited"
# last.json: school -> how many students the last set's classes that went so held there (`awaited`).
AWAITED_STUDENTS = "next_terms_students"


def awaited_damage(state: Mapping[str, Any]) -> str:
    """Why last.json's schools awaiting their next term (AWAITED) cannot be read; '' when they
    can, or when the key is absent (a state an older version wrote waits for nothing). Read past,
    a hand-edited or damaged wait ended without a word, and the school's next term never exported
    was published at exit 0 (reviewer99 R2): it stops the run (X930) as a damaged carry does."""
    if AWAITED not in state:
        return ""
    held = state[AWAITED]
    if not isinstance(held, dict):
        return f"{AWAITED!r} is a JSON {type(held).__name__}, not a table of schools and dates"
    for school, day in held.items():
        if not isinstance(day, str) or _day(day) is None:
            return f"{AWAITED!r} gives school {school!r} {day!r}, not a date"
    counts = state.get(AWAITED_STUDENTS, {})
    if not isinstance(counts, dict) or not all(type(n) is int and n >= 0 for n in counts.values()):
        return f"{AWAITED_STUDENTS!r} is {counts!r}, not a table of schools and counts of students"
    return ""


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Hole:
    """A school whose term's classes went on a break night (`after`: that term's last day), and
    the later term of the school (`row`) running tonight with none of its classes in the set."""

    school: str
    after: dt.date
    row: Term
    exported: bool = True  # whether tonight's set holds any class of the school
    # Of a new term arrived in part: the students its classes hold at the school tonight, and those
    # the ended term's classes held (`awaited`'s `held`); (0, 0) when none of its classes is there.
    students: tuple[int, int] = (0, 0)
    # Whether tonight's exports hold sections of a term of the school begun after `after` (kept by
    # the term filter, each left out with no student: F412): its schedule rows are what is missing.
    listed: bool = False
    # Whether no row dates the later term (`from_classes`): `row` is the year-long term running on, and
    # the later term, due by BREAK_DAYS and SCHOOL_DAYS, is said missing (X716), not refused.
    undated: bool = False


def awaited(
    tonight: TermsTonight,
    carried: Mapping[str, Any],
    *,
    year_long_days: int,
    arrived: Mapping[tuple[str, str], Collection[str]] | None = None,
    held: Mapping[str, int] | None = None,
    inferred: set[str] | None = None,
) -> tuple[dict[str, str], list[Hole]]:
    """The schools whose next term is still awaited after tonight (school -> the ended term's last
    day, for last.json), and the holes: a later term of such a school running tonight while
    tonight's set holds no class of a term of the school begun after that day (reviewer92 R1).
    A school's wait ends with such classes, or when no later term of its year is left. `arrived`:
    the students of each (school, term ID) of the staged set's classes; a term of tonight's set
    only ends the wait where its classes at the school hold students (reviewer99 R3: its sections
    without their schedule rows reach Remind as nothing), at least half as many as the ended
    term's classes held there (`held`: a new term arrived in part, one section of two, ends no
    wait: cal55's reviewer R2); every term of the set where None. `inferred`, where given, gains the
    schools kept only because their year-long term runs on with no row dating a later term (X716's
    wait): their counts are not kept (`held`), so a later term arriving with any students ends it."""
    waiting = {str(school): day for school, text in carried.items() if (day := _day(text))}  # checked: awaited_damage
    for school, day in tonight.gone_at.items():
        waiting[school] = max(day, waiting.get(school, day))
    keep: dict[str, str] = {}
    holes: list[Hole] = []
    for school, after in sorted(waiting.items()):
        keys = [key for key, t in tonight.current.items() if t.school == school and t.start > after]
        students = _students_of(school, keys, arrived)
        if students and (held is None or students * 2 >= held.get(school, 0)):
            continue  # the next term's classes, with their students, are in the set
        later = [row for row in tonight.next_rows(school, after, year_long_days) if row.end >= tonight.tonight]
        running = sorted((row for row in later if row.start <= tonight.tonight), key=lambda r: (r.start, r.name))
        ends = _enclosing_end(tonight, school, after, year_long_days)
        if not later and (year := _year_goes_on(tonight, school, ends, year_long_days)) is not None:
            keep[school] = after.isoformat()  # a later term to come, undated: awaited by BREAK_DAYS
            if inferred is not None:
                inferred.add(school)
            if school_days_past(ends + dt.timedelta(days=BREAK_DAYS), tonight.tonight) >= SCHOOL_DAYS:
                holes.append(Hole(school, ends, year, undated=True))
        if running:
            exported = any(t.school == school for t in tonight.current.values())
            counts = (students, (held or {}).get(school, 0))
            holes.append(Hole(school, after, running[0], exported, counts, listed=bool(keys)))
        if later:
            keep[school] = after.isoformat()
    return keep, holes


def _year_goes_on(tonight: TermsTonight, school: str, after: dt.date, year_long_days: int) -> Term | None:
    """Where no row dates a school's next term (`from_classes`): the school's year-long term (a row of
    tonight's classes at least `year_long_days` long) holding `after` and running past tonight, with at
    least YEAR_TERM_MIN_DAYS of it left after `after` (a term of it to come), and `after` in its first half
    where it is an administrative year (ADMIN_YEAR_DAYS: its end says nothing of the school's last term);
    None otherwise."""
    if not tonight.from_classes:
        return None  # a terms export: its rows date the next term, or the school has none
    years = [
        row
        for row in tonight._school_rows(school)
        if (row.end - row.start).days >= year_long_days
        and row.start <= after
        and (row.end - after).days >= YEAR_TERM_MIN_DAYS
        and row.end >= tonight.tonight
        and ((row.end - row.start).days < ADMIN_YEAR_DAYS or (after - row.start) * 2 < row.end - row.start)
    ]
    return min(years, key=lambda r: (r.start, r.name)) if years else None


def _enclosing_end(tonight: TermsTonight, school: str, after: dt.date, year_long_days: int) -> dt.date:
    """The last day of the shorter terms of `school` (rows under `year_long_days`) holding `after` and
    running on past it, and of those holding that day, in turn; `after` where none does. A short course
    (a Q1-only health course, a 2-week orientation) ending inside a semester still running is no break:
    the wait for a later term starts when the semester ends (review226 R1: X716 nightly until S1 ended)."""
    ends = after
    while True:
        longer = [
            row.end
            for row in tonight._school_rows(school)
            if (row.end - row.start).days < year_long_days and row.start <= ends < row.end
        ]
        if not longer:
            return ends
        ends = max(longer)


def school_days_past(day: dt.date, tonight: dt.date) -> int:
    """The school days (Monday to Friday) after `day`, up to and including `tonight`."""
    if tonight <= day:
        return 0
    days = (tonight - day).days
    weeks, rest = divmod(days, 7)
    return weeks * 5 + sum((day + dt.timedelta(days=i)).weekday() < 5 for i in range(1, rest + 1))


def _students_of(school: str, keys: Sequence[str], arrived: Mapping[tuple[str, str], Collection[str]] | None) -> int:
    """How many students the classes of the terms `keys` hold at `school` (`arrived`); where it is
    None, 1 for any such term (its classes counted as arrived)."""
    if arrived is None:
        return int(bool(keys))
    found: set[str] = set()
    for key in keys:
        found.update(arrived.get((school, key), ()))
    return len(found)


def hole_words(
    hole: Hole, tonight: dt.date, *, from_classes: bool = False, known: Collection[Term] = ()
) -> dict[str, object]:
    """X977's words for a school whose next term runs with none of its classes (`awaited`); `from_classes`:
    the term was read from the sections' own term dates, no terms export (Skyward SMS, Clever);
    `known`: the terms the last published set named (term_called)."""
    row = hole.row
    now, then = hole.students
    none = (
        f"at school {hole.school}, the classes of terms begun after {hole.after.isoformat()} hold {now} "
        f"student{'s' if now != 1 else ''}, under half of the {then} the classes of the term that ended then held "
        "(the new term exported in part: a section or a school's sections left out)"
        if now
        else f"at school {hole.school}, no class of the exports is in a term begun after {hole.after.isoformat()}"
    )
    return {
        "none": (
            f"{none}, when the term whose classes a published set held ended (they went "
            "from the exports between two terms, as a SIS job exporting the current term only drops them)"
        ),
        "holds": HOLDS_CLASSES if from_classes else HOLDS_EXPORT,
        "term": term_called(row, known),
        "start": row.start.isoformat(),
        "end": row.end.isoformat(),
        "at": "",
        "as_of": tonight.isoformat(),
        "exported": _exported_words(hole, known),
        "cause": f"a sections or enrolments export that leaves out {'part of ' if now else ''}the school's new term"
        + ("" if hole.exported else ", or a term row the school does not use (then remove it from the export)")
        + (
            "; if the new term really holds fewer students (fewer electives), --allow-incomplete publishes it "
            "once and ends the wait"
            if now
            else ""
        ),
    }


# X977's words for where the term it names was read.
HOLDS_EXPORT = "the terms export holds"
HOLDS_CLASSES = "the sections' own term dates (no terms export) give"


def hole_code(hole: Hole) -> Slug:
    """The slug of what a hole is: a later term no row dates, due and still without a class (X716: said,
    published), a new term whose sections are exported with no student in them (X873: the schedule
    export), else a term with none of its classes or too few students (X977)."""
    if hole.undated:
        return "term-next-unexported"
    return "term-sections-unscheduled" if hole.listed and not hole.students[0] else "term-without-classes"


def undated_words(hole: Hole, tonight: dt.date, known: Collection[Term] = ()) -> dict[str, object]:
    """X716's words for a school whose year-long term runs on with no class of a later term, BREAK_DAYS
    and SCHOOL_DAYS after its term ended, where no row dates the later term (`from_classes`)."""
    return {
        "school": hole.school,
        "ended": hole.after.isoformat(),
        "days": (tonight - hole.after).days,
        "year": term_called(hole.row, known),
        "start": hole.row.start.isoformat(),
        "end": hole.row.end.isoformat(),
        "as_of": tonight.isoformat(),
    }


def unscheduled_words(hole: Hole, tonight: dt.date, known: Collection[Term] = ()) -> dict[str, object]:
    """X873's words for a school whose new term's sections are exported with no student in them;
    the term named as X977 names it (term_called: esp58b, eSchoolPLUS's marking periods have no
    name in REG_MP_DATES and X873 said 'a term')."""
    return {
        "school": hole.school,
        "held": hole.students[1],
        "after": hole.after.isoformat(),
        "term": term_called(hole.row, known),
        "start": hole.row.start.isoformat(),
        "end": hole.row.end.isoformat(),
        "as_of": tonight.isoformat(),
    }


def term_called(row: Term, known: Collection[Term]) -> str:
    """A term as X977 and X873 name it: its name (else abbreviation) in the terms export, else the
    name the last published set knew it by at its dates and school (`known`, filters.held_name),
    else its ID in the terms export ("term 20+3": the message gives its dates beside)."""
    key = row.key.strip("+")  # a key column empty on the row (no school year): "20+3+"
    return row.called or held_name(row, known) or (f"term {key}" if key else "a term")


def _exported_words(hole: Hole, known: Collection[Term] = ()) -> str:
    name = hole.row.called or held_name(hole.row, known) or "the new term"
    if hole.students[0]:
        return f"only part of {name}'s classes would reach Remind"
    return (
        "the school's classes exported are of earlier or year-long terms only"
        if hole.exported
        else "the exports hold no class of the school at all"  # reviewer99 R5
    ) + f", and none of {name}'s would reach Remind"
