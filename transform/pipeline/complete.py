"""What a strict OneRoster set needs and some SIS never export, built from what they do.

Every session other than a school year hangs under a schoolYear session (through
parentSourcedId, perhaps by way of a semester), and every class names a term and a course in
the set. Where the export has none, they are built here (Target.builds_missing), reported, and
the class is kept: the strict and the Remind set of one export hold the same classes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import Draft, SourceRow, place_at
from .validate import Validator

SESSIONS, COURSES = "academicSessions", "courses"
SCHOOL_YEAR = "schoolYear"
BUILT = "built"  # the rule label of a built record: left out without a report when no class uses it


# A session's parent is of a wider type: sessions in this order meet their parents first, as
# the validator (run or audit) needs to find them among the records already kept.
SESSION_ORDER = (SCHOOL_YEAR, "semester", "term", "gradingPeriod")


def parents_first(sessions: Iterable[Draft]) -> list[Draft]:
    """Sessions with school years first, then semesters, terms, grading periods (stable)."""
    rank = {kind: i for i, kind in enumerate(SESSION_ORDER)}
    return sorted(sessions, key=lambda d: rank.get(d.values.get("type", ""), len(rank)))


PARENT = "parentSourcedId"


@dataclass(frozen=True, slots=True)
class Loop:
    """A session whose parentSourcedId leads back to it: the value it named, and the loop."""

    draft: Draft
    value: str
    loop: str  # "s1-2027 -> s2-2027 -> s1-2027", from the lowest ID


def break_loops(sessions: list[Draft]) -> list[Loop]:
    """The sessions whose parentSourcedId leads back to them (s1 under s2 under s1, or one under
    itself), with that reference blanked: no session of a loop is above the others, and read one
    by one each would be said to name a session "not in academicSessions.csv" (V531) that the
    set holds (tester13 F6). The strict target then hangs them under their school year."""
    by_id: dict[str, Draft] = {}
    for draft in sessions:
        by_id.setdefault(draft.values.get("sourcedId", ""), draft)
    in_loop: dict[str, str] = {}
    for start in sorted(by_id):
        path: list[str] = []
        at = start
        while at in by_id and at not in path and at not in in_loop:
            path.append(at)
            at = by_id[at].values.get(PARENT, "")
        if at in path:  # the walk came back to a session of its own path: a loop
            members = path[path.index(at) :]
            first = members.index(min(members))
            ordered = members[first:] + members[:first]
            text = " -> ".join([*ordered, ordered[0]])
            for member in members:
                in_loop[member] = text
    loops = []
    for draft in sessions:
        own = draft.values.get("sourcedId", "")
        if own in in_loop and draft.values.get(PARENT, ""):
            loops.append(Loop(draft, draft.values[PARENT], in_loop[own]))
            draft.values[PARENT] = ""
    return loops


def report_loops(loops: list[Loop], report: Report) -> None:
    """Each reference of a loop, with what was written in its place (after the strict target
    hung the session under its school year, or blank)."""
    for loop in loops:
        written = loop.draft.values.get(PARENT, "")
        report.add(
            codes.code("reference-loop"),
            _where(loop.draft, PARENT),
            table=SESSIONS,
            field=PARENT,
            id=loop.draft.values.get("sourcedId", ""),
            value=loop.value,
            loop=loop.loop,
            written=f"written {written!r}, the school year it is in" if written else "left blank",
        )


class Completer:
    """Builds into the held (validated, not yet written) sessions and courses."""

    def __init__(
        self,
        validator: Validator,
        report: Report,
        *,
        as_of: dt.date,
        held: dict[str, list[Draft]],
        years: SchoolYear = NORTHERN,
    ) -> None:
        self.validator = validator
        self.report = report
        self.as_of = as_of
        self.years = years  # the district's school year (settings.school_year_starts)
        self.held = held  # the courses are validated (and held) after the sessions
        self.sessions = held.setdefault(SESSIONS, [])
        self._years: dict[int, Draft] = {}  # the school year ending in this calendar year
        # The export's courses whose org is not in the set (a district's course, another school's
        # with --school), by sourcedId: written under the school of the first class naming one.
        self._homeless: dict[str, Draft] = {}

    def link_sessions(self) -> None:
        """A school year above every other session, and every session's schoolYear its year's."""
        for draft in self.sessions:
            year = ends_in(draft.values, self.years) if draft.values.get("type") == SCHOOL_YEAR else None
            if year is not None:
                self._set_school_year(draft, year)
                # Of several sessions for one school year (one per school: 1.1 sessions name no
                # school), the lowest ID, so that the export's order never chooses.
                known = self._years.get(year)
                if known is None or draft.values["sourcedId"] < known.values["sourcedId"]:
                    self._years[year] = draft
        by_id = {d.values["sourcedId"]: d for d in self.sessions}
        orphans: dict[int, dict[int, Draft]] = {}  # school year -> the topmost sessions under none, by id()
        for draft in self.sessions:
            top = _top(draft, by_id)
            start = _date(top.values.get("startDate", ""))
            if top.values.get("type") != SCHOOL_YEAR and start is not None:
                orphans.setdefault(self.years.of(start), {})[id(top)] = top
        for year, tops in sorted(orphans.items()):
            parent = self._years.get(year) or self._build_year(year, list(tops.values()), None)
            for top in tops.values():
                top.values["parentSourcedId"] = parent.values["sourcedId"]
        by_id = {d.values["sourcedId"]: d for d in self.sessions}
        for draft in self.sessions:
            root = _top(draft, by_id)
            if root is not draft and root.values.get("type") == SCHOOL_YEAR and root.values["schoolYear"].isdigit():
                self._set_school_year(draft, int(root.values["schoolYear"]))

    def courses(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Each course whose schoolYearSourcedId names a term or a semester of the set, given the
        school year that session hangs under (V598). One naming no session of the set is blanked
        by the validator (an optional reference, V531): never a dangling reference."""
        by_id = {d.values["sourcedId"]: d for d in self.sessions}
        orgs = self.validator.kept.get("orgs", set())
        for draft in drafts:
            named = draft.values.get("schoolYearSourcedId", "")
            session = by_id.get(named)
            if session is not None and session.values.get("type") != SCHOOL_YEAR:
                top = _top(session, by_id)
                year = top.values["sourcedId"] if top.values.get("type") == SCHOOL_YEAR else ""
                draft.values["schoolYearSourcedId"] = year
                self.report.add(
                    codes.code("course-school-year-repaired"),
                    _where(draft, self.validator.export_column(draft, "schoolYearSourcedId")),
                    value=named,
                    type=session.values.get("type", ""),
                    year=year,
                )
            course = draft.values.get("sourcedId", "")
            if course and course not in self._homeless and draft.values.get("orgSourcedId", "") not in orgs:
                self._homeless[course] = draft  # validated when a class names it (`_rehome`)
                continue
            yield draft

    def classes(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Each class with a term and a course in the set (built when the export gives none)."""
        terms, courses = self.validator.kept.setdefault(SESSIONS, set()), self.validator.kept.setdefault(COURSES, set())
        schools = self.validator.kept.get("orgs", set())
        for draft in drafts:
            values = draft.values
            if values.get("schoolSourcedId", "") not in schools:  # left out for that (and reported) next
                yield draft
                continue
            if not any(term in terms for term in values.get("termSourcedIds", "").split(",") if term):
                ending = self.years.of(self.as_of)
                year = self._years.get(ending) or self._build_year(ending, [], draft.origin)
                assign_school_year(draft, year.values["sourcedId"], self.validator, self.report)
            named = values.get("courseSourcedId", "")
            if named not in courses and not (named in self._homeless and self._rehome(draft, named)):
                course = named or course_id(values.get("schoolSourcedId", ""), values.get("title", ""))
                values["courseSourcedId"] = course
                if course not in courses:
                    self._build_course(draft, course, named)
            yield draft
        # The courses no class of the set names: left out for their org, as any record is (V502).
        homeless, self._homeless = list(self._homeless.values()), {}
        for _ in self.validator.validate(homeless, table=COURSES):
            pass

    def _rehome(self, draft: Draft, named: str) -> bool:
        """The export's course, its org not in the set, written as the export says under the
        school of this class (D373): not rebuilt from the class under the course's own ID."""
        course = self._homeless.pop(named)
        org = course.values.get("orgSourcedId", "")
        course.values["orgSourcedId"] = draft.values.get("schoolSourcedId", "")
        kept = list(self.validator.validate([course], table=COURSES))
        if not kept:
            return False
        self.held.setdefault(COURSES, []).extend(kept)
        self.report.add(
            codes.code("course-rehomed"),
            _where(course, self.validator.export_column(course, "orgSourcedId")),
            id=named,
            org=org,
            class_id=draft.values.get("sourcedId", ""),
            school=course.values["orgSourcedId"],
        )
        return True

    def _build_course(self, draft: Draft, course: str, named: str) -> None:
        values = draft.values
        built = Draft(
            COURSES,
            {
                "sourcedId": course,
                "title": values.get("title", ""),
                "orgSourcedId": values.get("schoolSourcedId", ""),
                "grades": values.get("grades", ""),
            },
            draft.origin,
            BUILT,
        )
        kept = list(self.validator.validate([built], table=COURSES))
        if not kept:
            return
        self.held.setdefault(COURSES, []).extend(kept)
        said = f"{named!r} is not a course in this set" if named else "it names no course"
        self.report.add(
            codes.code("course-built"),
            _where(draft, self.validator.export_column(draft, "courseSourcedId")),
            id=values.get("sourcedId", ""),
            course=said,
            built=course,
            title=built.values["title"],
            school=built.values["orgSourcedId"],
        )

    def _build_year(self, year: int, tops: list[Draft], needed_by: SourceRow | None) -> Draft:
        """The school year ending in `year`, spanning its sessions (or July to June without any)."""
        starts = [d.values["startDate"] for d in tops] or [self.years.first_day(year).isoformat()]
        ends = [d.values["endDate"] for d in tops] or [self.years.last_day(year).isoformat()]
        taken = self.validator.kept.setdefault(SESSIONS, set())
        key = f"schoolyear-{year}"
        while key in taken:  # an export's own session has the ID: ours steps aside
            key += "-built"
        title = year_title(year, self.years)
        origin = tops[0].origin if tops else needed_by or place_at("academicSessions", 0)
        built = Draft(
            SESSIONS,
            {
                "sourcedId": key,
                "title": title,
                "type": SCHOOL_YEAR,
                "startDate": min(starts),
                "endDate": max(ends),
                "schoolYear": str(year),
            },
            origin,
            BUILT,
        )
        self.sessions[:0] = self.validator.validate([built], table=SESSIONS)  # written before its sessions
        self._years[year] = built
        what = f"{len(tops)} sessions that name none" if tops else "classes that name no term"
        # What pointed nowhere, as the export heads it: no column when the sessions' rule reads
        # none (the export names no parent; tester63 F4 said TRM.csv [parentSourcedId]).
        column = (self.validator.reads(tops[0], PARENT) or "") if tops else "termSourcedIds"
        self.report.add(
            codes.code("school-year-built"),
            Where(origin.file, origin.line, column, SESSIONS, key),
            id=key,
            title=title,
            start=min(starts),
            end=max(ends),
            what=what,
        )
        return built

    def _set_school_year(self, draft: Draft, year: int) -> None:
        found = draft.values.get("schoolYear", "")
        if found != str(year):
            draft.values["schoolYear"] = str(year)
            self.report.add(
                codes.code("school-year-corrected"),
                _where(draft, self.validator.export_column(draft, "schoolYear")),
                id=draft.values["sourcedId"],
                value=found,
                year=year,
            )


def assign_school_year(draft: Draft, term: str, validator: Validator, report: Report) -> None:
    """The class written under the school year `term` for the term it does not name (D336), on the
    strict target (the Remind set names no term Remind reads, and keeps the export's blank: a term the
    tool made up there named no file of the set, changed every class of a district without terms, and
    misled the checks reading its terms: leavers' X882). The ID is the tool's, no term of the export:
    the checks reading the staged set by its classes' terms (undated_terms, undated_side_by_side) read
    the class as the export wrote it (Report.terms_assigned; reviewer179 R1)."""
    values = draft.values
    listed = values.get("termSourcedIds", "")
    values["termSourcedIds"] = term
    report.terms_assigned[values.get("sourcedId", "")] = listed
    report.add(
        codes.code("class-term-assigned"),
        _where(draft, validator.export_column(draft, "termSourcedIds")),
        id=values.get("sourcedId", ""),
        value=listed,
        term=term,
    )


def year_title(year: int, years: SchoolYear = NORTHERN) -> str:
    """A built school year's title: '2026-2027' for 2027 by July, '2026' by a January year."""
    return str(year) if years.first_month == 1 else f"{year - 1}-{year}"


def ends_in(values: dict[str, str], years: SchoolYear = NORTHERN) -> int | None:
    """The year a school year session ends in: that of its middle day, whether it spans the
    whole year or only the terms a SIS exported (a fall term's year, 2026-08-20 to 12-18, is 2027)."""
    start, end = _date(values.get("startDate", "")), _date(values.get("endDate", ""))
    if start is None or end is None:
        return None
    return years.of(start + (end - start) / 2)


def _top(draft: Draft, by_id: dict[str, Draft]) -> Draft:
    """The session reached by following parentSourcedId up from this one (a loop stops it)."""
    seen = {id(draft)}
    while (parent := by_id.get(draft.values.get("parentSourcedId", ""))) is not None and id(parent) not in seen:
        seen.add(id(parent))
        draft = parent
    return draft


def course_id(school: str, title: str) -> str:
    """The same for every class of one title at one school, run after run (a course built from its class: D335;
    held_back knows a held class's course so)."""
    digest = hashlib.sha1(f"{school}\x1f{title.casefold()}".encode(), usedforsecurity=False).hexdigest()
    return f"C{digest[:12]}"


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _where(draft: Draft, column: str) -> Where:
    return Where(draft.origin.file, draft.origin.line, column, draft.table, draft.values.get("sourcedId", ""))
