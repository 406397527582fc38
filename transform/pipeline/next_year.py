"""Next year's sections joined to this year's terms (tester46 F2), the spring twin of last_year.

A terms export that already holds next year's terms under this year's codes (an eSchoolPLUS
marking period 4 of 2026-27 and of 2027-28, REG_MP_DATES listing both) is told apart by a
join's `pick:`: a section naming its school year joins its year's row, one naming none the row
the dates pick, in May this year's. When the sections export holds next year's sections too (a
SIS set up for next year in spring) and names neither's year (eSchoolPLUS SCHD_MS downloaded
without its optional SCHOOL_YEAR), next year's sections join this year's marking period and
are published as current classes, with next year's rosters and teachers, beside this year's.

What tells: twins. A class joined to a row the pick took over a later school year's row of its
term code (`Index.earlier_picks`) that is published beside another such class of the same
school, course, section code and title under another ID is one section of two school years.
Sections are numbered once per course and term: two alike in one term are not one year's
schedule. At least AT_LEAST such classes are refused (X894), naming the first pair, the term
row and the later year's row of its code; no option publishes them (the set would hold two
school years at once): export one year's sections, or the column the pick's `year` reads. A
next year's class that publishes no student (its enrolments not started yet, F426; F412) is no
twin: the set is right.

A profile's class code need not be kept across years: Synergy's is SECTION_ID, a new one each
year, so no two years' sections share it (tester49 F8: 272 of next year's classes published in
May). So twins are also found without it: a class new tonight beside one the last published set
held, of the same school, course and title, in the same term row picked over a later year's. Two
sections of a course in one period (titles alike within a year) are both in the last set, or one
is added on a night; at least NEW_AT_LEAST new ones are a school year's sections set up, not a
section or two added by hand.

Without a last set (a district's first night in May), or at a district of a few classes (under
NEW_AT_LEAST new), the enrolments tell them apart: next year's section's schedules were entered
in spring (Synergy dates ENTER_DATE the day a row is added), after the term it joined had run
LATE_SHARE of its length, while this year's section of the same school, course and title began
before. At least AT_LEAST such late classes, each beside an earlier one, are refused. Two
sections of one school's course whose students began this year (a two-year course's year 1 and
year 2, a second section of a period) are not: neither began late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .gate import columns_of
from .rows import MULTI_SEP, Draft, Indexes

AT_LEAST = 3  # fewer twins may be a section entered twice by hand, the class's problem (V512 titles them)
NEW_AT_LEAST = 10  # twins by school, course and title alone: new classes beside the last set's
# A class every student enrolment of which began after its term had run this share of its length
# was scheduled in spring: next year's, beside this year's of the same title (`_late_beside_earlier`).
LATE_SHARE = 0.75


class TwinClasses:
    """The kept classes joined to rows a pick took over a later school year's row of their term
    code, by what a school year's sections do not share (`note`, in the classes stage)."""

    def __init__(self, indexes: Indexes) -> None:
        # The row's dates -> each key taking it, with the later year's row of that key.
        self.picks: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = {}
        for index in indexes.values():
            for cells, found in index.earlier_picks.items():
                self.picks.setdefault(cells, []).extend(found)
        # (school, course, class code, title, the row's dates) -> the classes joined so
        self.alike: dict[tuple[str, ...], list[str]] = {}
        # (school, course, title, the row's dates) -> the classes joined so: the class code left out
        self.loose: dict[tuple[str, ...], list[str]] = {}

    def note(self, draft: Draft) -> None:
        if not self.picks:
            return
        values = draft.values
        starts = draft.extra.get("term_start", "").split(MULTI_SEP)
        ends = draft.extra.get("term_end", "").split(MULTI_SEP)
        for start, end in zip(starts, ends, strict=False):
            cells = (start.strip(), end.strip())
            if cells in self.picks:
                same = tuple(values.get(c, "").strip() for c in ("schoolSourcedId", "courseSourcedId", "classCode"))
                key = (*same, values.get("title", "").strip().casefold(), *cells)
                self.alike.setdefault(key, []).append(values.get("sourcedId", ""))
                self.loose.setdefault((*key[:2], *key[3:]), []).append(values.get("sourcedId", ""))
                return


def check(
    classes: Path,
    twins: TwinClasses,
    report: Report,
    *,
    origin: Callable[[str], str],
    last: Path | None = None,
    enrollments: Path | None = None,
    parse_date: Callable[[str], dt.date | None] | None = None,
) -> None:
    """Refuse (X894) when at least AT_LEAST classes of `twins` published in `classes` (the file
    written tonight) have a twin there, or NEW_AT_LEAST new ones a twin the last published set
    (`last`, its folder) held, or AT_LEAST whose students all began late in their term a twin
    whose students began earlier (`enrollments`, written tonight; `parse_date` reads the term
    row's dates). `origin`: where a class was read ("SCHD_MS_MP.txt line 3")."""
    if not classes.exists() or not any(len(ids) > 1 for ids in twins.loose.values()):
        return
    published = {class_id for (class_id,) in columns_of(classes, "sourcedId")}
    found = sorted(sorted(kept) for ids in twins.alike.values() if len(kept := [i for i in ids if i in published]) > 1)
    count = sum(len(ids) for ids in found)
    groups = twins.alike
    if count < AT_LEAST:
        found, groups = _new_beside_last(twins, published, last), twins.loose
        count = sum(len(ids) for ids in found)
        if sum(len(ids) - 1 for ids in found) < NEW_AT_LEAST:
            found = _late_beside_earlier(twins, published, enrollments, parse_date)
            count = sum(len(ids) for ids in found)
            if sum(len(ids) - 1 for ids in found) < AT_LEAST:
                return
    first, twin = found[0][0], found[0][1 if groups is twins.alike else -1]  # loose: the last set's
    key = next(key for key, ids in groups.items() if first in ids)
    school, cells = key[0], (key[-2], key[-1])
    # The later row of the class's school's key, where keys of several schools share the dates.
    later = next((row for parts, row in twins.picks[cells] if school in parts), twins.picks[cells][0][1])
    report.add(
        codes.code("classes-of-two-years"),
        Where(),
        count=count,
        example=first,
        at=origin(first) or "the sections export",
        twin=twin,
        twin_at=origin(twin) or "the sections export",
        start=key[-2],
        end=key[-1],
        later=later,
    )


def _new_beside_last(twins: TwinClasses, published: set[str], last: Path | None) -> list[list[str]]:
    """The twins by school, course and title (`TwinClasses.loose`): each group's new classes,
    first, beside one class of it the last published set held; [] without a last set."""
    if last is None or not (last / "classes.csv").is_file():
        return []
    held = {class_id for (class_id,) in columns_of(last / "classes.csv", "sourcedId")}
    found = []
    for ids in twins.loose.values():
        kept = sorted(i for i in ids if i in published)
        new, old = [i for i in kept if i not in held], [i for i in kept if i in held]
        if new and old:
            found.append([*new, old[0]])
    return sorted(found)


def _late_beside_earlier(
    twins: TwinClasses,
    published: set[str],
    enrollments: Path | None,
    parse_date: Callable[[str], dt.date | None] | None,
) -> list[list[str]]:
    """The twins by school, course and title (`TwinClasses.loose`): each group's classes whose
    student enrolments all began after the term row they joined had run LATE_SHARE of its length
    (scheduled in spring: next year's), first, beside one whose students began before (this
    year's). Classes with no dated student enrolment are not judged."""
    if enrollments is None or parse_date is None or not enrollments.is_file():
        return []
    grouped = {i: key for key, ids in twins.loose.items() if len(ids) > 1 for i in ids if i in published}
    if not grouped:
        return []
    began: dict[str, dt.date] = {}  # class -> its students' first first day
    for class_id, role, begin in columns_of(enrollments, "classSourcedId", "role", "beginDate"):
        if role != "student" or class_id not in grouped:
            continue
        try:
            day = dt.date.fromisoformat(begin.strip())
        except ValueError:
            continue
        began[class_id] = min(began.get(class_id, day), day)
    found = []
    for key, ids in twins.loose.items():
        start, end = parse_date(key[-2]), parse_date(key[-1])
        dated = sorted(i for i in ids if i in began)
        if start is None or end is None or len(dated) < 2:
            continue
        late_from = start + dt.timedelta(days=(end - start).days * LATE_SHARE)
        late, earlier = [i for i in dated if began[i] >= late_from], [i for i in dated if began[i] < late_from]
        if late and earlier:
            found.append([*late, earlier[0]])
    return sorted(found)
