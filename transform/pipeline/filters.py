"""Rostering filters on classes: the current term, and classes nobody wants in Remind."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.cleaners.dates import spreadsheet_serial
from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.profile.compile import DEFAULT_WINDOW_DAYS, DEFAULT_YEAR_LONG_DAYS, ExcludePlan, Plan, TermFilterPlan
from transform.profile.templates import Part, fields
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import ExcludedBy, Report

from . import half_dated, term_moved_back
from .conditions import MAX_MATCH_CHARS
from .rows import COMING, MULTI_SEP, Draft
from .spool import HeldDrafts
from .term_running import Enrolled, chosen_named, note_running, refuse_running_left_out, say_ended_named
from .term_years import JUDGED_LATER, YearsWritten, behind_the_export, judged_later, of_other_years, year_column

TRUTHY = frozenset({"1", "true", "yes", "y", "t", "x"})


@dataclass(frozen=True, slots=True)
class Term:
    school: str
    name: str
    start: dt.date
    end: dt.date
    # The dates as the class's row read them (not compared: the same term however written).
    written: tuple[str, str] = field(default=("", ""), compare=False)
    # Its row's key in the terms export (the join's columns, "3602+107"), where read (run.Run.terms_exported):
    # the same term after its dates are corrected or it is renamed (not compared).
    key: str = field(default="", compare=False)
    # Its abbreviation (S2), where the class's row gives one (not compared).
    short: str = field(default="", compare=False)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """The name --term knows the term by (casefolded): its name, else its abbreviation. A terms
        export without names (abbreviations only) holds every term of a school under one blank
        name: --term S2 chose the running S1 as 'this year's' term of it and left S2 out at exit 0
        (reviewer103, r_unnamed)."""
        return self.called.casefold()

    @property
    def called(self) -> str:
        """The term as a message names it: its name, else its abbreviation (as typed)."""
        return self.name.strip() or self.short.strip()


def _terms_fact(chosen: Iterable[Term]) -> list[dict[str, Any]]:
    """The terms rostered, each with the schools it is of: two schools' terms of one name but other
    dates read as one school's two terms on the page without them (tester63 F10)."""
    schools: dict[tuple[str, dt.date, dt.date], set[str]] = {}
    for term in chosen:
        schools.setdefault((term.name, term.start, term.end), set()).add(term.school)
    return [
        {"name": name, "start": start.isoformat(), "end": end.isoformat(), "schools": sorted(of - {""})}
        for (name, start, end), of in sorted(schools.items())
    ]


# The last term of the exports ended longer ago than this: not a summer break but an export
# that stopped being refreshed (a SIS job that died): someone must look (X905, exit 1).
STALE_AFTER_DAYS = 120
# A term of one school as far as this from the term of its name at every other school, and this
# near one read the other way round, was typed day first (D330).
MISREAD_APART_DAYS = 90
MISREAD_NEAR_DAYS = 45
# No school year lasts longer than this (a year and a month): a term that does is misread (D328).
LONGEST_TERM_DAYS = 400
# The exports' school year started on a day; a year and this many days later, with no later term
# exported, the new year has begun and the exports are last year's (X994, tester29 F4), long
# before day 120. US first days move with the weekday (a "third Monday" start moves up to six days
# a year) and by a week for a board's calendar: two weeks keep such a district's first days free of
# a false alarm, and a later start still has its terms exported ahead of its first day (F421).
YEAR_GRACE_DAYS = 14
# A term that can mark the start of a school year: a quarter or longer. A summer session, shorter,
# that the SIS files under the coming year (July) would otherwise start the "year" in July.
YEAR_TERM_MIN_DAYS = 56
# A term this long or longer is the school year itself, whose dates are often the district's
# administrative year (1 July to 30 June: tester31), not its first day of school: only the parts
# of a year (semesters, trimesters, quarters) say when school started.
WHOLE_YEAR_DAYS = 300


class NothingDue(Exception):
    """No class is due: the summer break, or a gap between terms longer than the window.
    Not a failure (exit 0): the output keeps the last set. `problem` says until when; its
    `last` parameter (the last delivery) is for the caller, who knows the state folder."""

    def __init__(self, code_slug: codes.Slug, params: dict[str, object]) -> None:
        super().__init__(code_slug)
        self.code_slug = code_slug
        self.params = params
        self.unsure: Problem | None = None  # not believed: refused unless --allow-incomplete (X859, X828)

    def problem(self, last: str) -> Problem:
        return Problem(codes.code(self.code_slug), Where(), {**self.params, "last": last})


@dataclass(frozen=True, slots=True)
class Ended:
    """A class left out tonight because every term of it ended earlier in the school year of
    the as-of date (`_ended_this_year`). The safety gate counts its removal as the calendar's
    (X937) only when that term is one the last published set gave the class and ended after
    that set was made (gate.calendar_explains): a class moved tonight to a term that had already
    ended is a changed export, not a term change (tester35 F2)."""

    why: str  # "TERM ended DATE", said by X937 and in the removals list
    end: dt.date  # the day the last of its terms ended
    terms: frozenset[str] = frozenset()  # its termSourcedIds tonight
    # Of each of `terms`, the day the class's row naming it ended (the latest such row's): a term
    # that had ended when the last set was made is one that set could not give the class (tester43 F1).
    ends: Mapping[str, dt.date] = field(default_factory=dict)
    # Its school and the first day of its first term (the next term's classes, `_later_classes_missing`).
    school: str = field(default="", compare=False)
    start: dt.date | None = field(default=None, compare=False)
    # Not ended: every term of it starts after the as-of date, and the last published set may have
    # rostered it ahead by --term (gate.calendar_explains asks last.json's dates: tester52 F6).
    ahead: bool = field(default=False, compare=False)


# Where a class's term is in the terms export ("terms.txt line 4"), or "" (the caller's: run.Run.term_places).
TermPlaces = Callable[[Draft, tuple[str, str]], str]
# Every term of the export the classes' term dates are joined from, each with where it is
# ("terms.txt line 4") and, as its school, the one of the given schools its row names (else ""),
# read when no class is due (run.Run.terms_exported).
TermsExported = Callable[[set[str]], list[tuple[Term, str]]]


# A class's terms the set leaves out are kept in its extras (`without_sessions_left_out`):
# left_ids, left_name, left_start, left_end (as written) and left_at (where each was left out).
LEFT_ONLY = "left_only"  # every term of the class is one the set leaves out


def without_sessions_left_out(drafts: Iterable[Draft], left_out: Mapping[str, str]) -> Iterator[Draft]:
    """Classes judged by the sessions the set holds, in both targets. `left_out`: the sessions
    the profile's academicSessions rules leave out (a OneRoster session `tobedeleted` or
    inactive: the record is to be deleted), each with where ("academicSessions.csv line 3").
    Such a session is no term of the set: its ID is taken off the class's termSourcedIds and
    its dates no longer make the class current. A class with another term is judged by that
    one; a class with none left is marked (`LEFT_ONLY`) and left out by `select_terms`: with a
    warning when the sessions left out would have made it current (F435), else as outside its
    terms (F405). Was: the Remind target judged a class by a deleted session's dates and named
    it in termSourcedIds, while the strict target left out the class of s1 (deleted) and s2 as
    a spring class at info level and kept the class of s1 alone under the school year (tester23
    F4; tester17 F9). Only where the class's term IDs and dates pair up, one each (`term_ids`
    beside the joined dates)."""
    for draft in drafts:
        extra = draft.extra
        ids = [i.strip() for i in extra.get("term_ids", "").replace(MULTI_SEP, ",").split(",") if i.strip()]
        if not left_out or not any(term in left_out for term in ids):
            yield draft
            continue
        starts, ends = extra.get("term_start", "").split(MULTI_SEP), extra.get("term_end", "").split(MULTI_SEP)
        if not len(ids) == len(starts) == len(ends):
            yield draft
            continue
        keep = [n for n, term in enumerate(ids) if term not in left_out]
        gone = [n for n, term in enumerate(ids) if term in left_out]
        names = extra.get("term_name", "").split(MULTI_SEP)
        named = len(names) == len(ids)
        extra["left_ids"] = MULTI_SEP.join(ids[n] for n in gone)
        extra["left_name"] = MULTI_SEP.join(names[n] if named else ids[n] for n in gone)
        extra["left_start"] = MULTI_SEP.join(starts[n] for n in gone)
        extra["left_end"] = MULTI_SEP.join(ends[n] for n in gone)
        extra["left_at"] = MULTI_SEP.join(left_out[ids[n]] for n in gone)
        for key, values in (("term_start", starts), ("term_end", ends)):
            extra[key] = MULTI_SEP.join(values[n] for n in keep)
        for key in ("term_name", "term_abbreviation", "term_year"):
            found = extra.get(key, "").split(MULTI_SEP)
            if key in extra and len(found) == len(ids):
                extra[key] = MULTI_SEP.join(found[n] for n in keep)
        extra["term_ids"] = ",".join(ids[n] for n in keep)
        if not keep:
            extra[LEFT_ONLY] = "1"
        listed = draft.values.get("termSourcedIds", "")
        if listed:  # the class names only the sessions of the set
            draft.values["termSourcedIds"] = ",".join(t for t in listed.split(",") if t.strip() not in left_out)
        yield draft


def select_terms(
    drafts: Iterable[Draft],
    *,
    plan: Plan,
    report: Report,
    folder: Path,
    ended: dict[str, Ended] | None = None,
    term_places: TermPlaces | None = None,
    terms_exported: TermsExported | None = None,
    current: dict[str, Term] | None = None,
    held: HeldTerms | None = None,
    combined: Collection[str] = (),
    named_terms: dict[str, Term] | None = None,
    enrolled: Enrolled | None = None,
    spanning: set[str] | None = None,
) -> Iterator[Draft]:
    """Keep the classes of the current terms (see `_current`), or of the terms --term names.
    A class in several terms (a list of termSourcedIds) is kept when any of them is.
    `combined`: the rules whose rows are combined into one class after the filters; each of
    their rows is judged by its own terms (`_row_of_class`), so that a row left out never feeds
    the class (tester38 F1: last year's row of a section lent this year's class its teacher).
    `ended` collects the classes left out because all their terms ended earlier in the school
    year of the as-of date (class ID -> `Ended`): a term change the calendar may explain.
    `current` collects the terms the kept classes are rostered for, by term ID, with their
    dates: the last published set's, for the next night (`held`, `_refuse_terms_moved`).
    `named_terms` collects every term the kept classes name, ended and later ones too: a semester class
    named by its two quarters is ended on the night its second ends, Q1 long past (tester65 F1).
    `enrolled`: of the classes of a running term --term leaves out, those a student enrolled
    tonight is in (pipeline.term_running: the others would not reach Remind anyway).
    `spanning` collects the classes kept a row or term of which ended before the as-of date this school
    year (`_note_spanning`): a year-long class of marking periods is none of a new term's classes.

    Which term is "current" at a school depends on every term the school has, so the classes
    (200k at the largest district, with what the filters read: 300 MB as drafts) wait in a
    temporary file in `folder` while their terms are collected, and are read again to be kept
    or dropped, in the export's order. `term_places` names a swapped term's own row (F425).
    """
    rule = plan.current_term
    if rule is None:
        yield from drafts
        return
    with HeldDrafts(folder) as waiting:
        terms: set[Term] = set()
        known: dict[str, str] = {}  # every term name and abbreviation of the classes, casefolded
        # The terms --term names, by school and name (casefolded), by name or abbreviation: a name
        # picked through one school's abbreviation (S2) is not picked at a school that abbreviates it
        # otherwise (SEM2, reviewer103 R3). A term without a name stays chosen, as before, its classes
        # judged by their abbreviations (`_named`).
        picked: dict[tuple[str, str], set[str]] = {}  # -> the --term names (casefolded) that pick it
        named: dict[str, int] = {}  # the term IDs of classes kept undated (term_ids), and how many classes
        deleted_running = 0  # classes a term the set leaves out would have made current (F435)
        tonight = TermsById(plan, on=held is not None)  # each class's term IDs, with their dates (X947)
        rows = _CombinedRows(combined, plan)  # judged row by row, each beside its class's other rows
        by_year = _UndatedByYear(plan)  # a year behind: judged once the export's dated terms are read
        for draft in drafts:
            deleted_running += _first_look(draft, plan, known)
            _pick(picked, draft, rule.selected)
            tonight.add(draft)
            by_year.years.add(draft)
            if draft.extra.get(LEFT_ONLY):  # no term of the set: left out (`_kept_by_left_out`)
                waiting.put(draft)
                continue
            says = rows.says(draft, report)
            dated = _terms_of(draft, plan)
            swapped = [t for t in dated if t.end < t.start]
            if swapped and len(swapped) == len(dated):
                # Not a term that contains no date: a term whose dates are wrong. Its classes are
                # left out as an error, so that the export-errors limit refuses the run (X915).
                rows.swapped(draft, swapped[0], says, term_places, waiting)
                continue
            dated = [t for t in dated if t not in swapped]  # beside others: judged by them (`_kept`)
            if not dated and (unread := _unreadable(draft, plan)) is not None:
                # A date written that no setting reads (05/32/2027): the terms export's error,
                # which would take every class of the term along; counted as one (X915).
                place = term_places(draft, unread[0]) if term_places is not None else ""
                serial = spreadsheet_serial(unread[1])
                says.add(
                    codes.code("term-date-unreadable"),
                    _where(draft),
                    term=_shown(draft.extra.get("term_name", "")) or draft.values.get("termSourcedIds", ""),
                    value=unread[1],
                    at=(f", at {place}" if place else "")
                    + (f"; a spreadsheet's date serial, for {serial.isoformat()} (D382)" if serial else ""),
                )
                continue
            # A class waiting for the export's own year (`by_year`) is put in `waiting` by it.
            if not dated and (by_year.waits(draft, says, report, waiting) or _left_undated(draft, plan, says)):
                continue
            if not dated:  # kept by the profile's `undated: keep`, but the admin must know it was not checked
                if says is report:
                    _count_named(named, draft)
                says.add(
                    codes.code("class-term-undated"),
                    _where(draft),
                    term=_shown(draft.extra.get("term_name", "")) or draft.values.get("termSourcedIds", ""),
                )
            terms.update(dated)
            rows.note(draft, dated)
            _note_spanning(spanning, draft, dated, plan)
            waiting.put(draft)
        if rule.selected:
            _refuse_unknown_terms(rule, known)
        by_year.learn(named)
        # X807 on a profile new to the set; X832 (the SIS's term row) for one a published set was made with
        _refuse_school_year_crossed(
            terms, rule.years, typed=held is not None and not report.facts.get("profile_changed")
        )
        _terms_not_found(named, terms, plan, report)
        report.schools_in_term = _schools_in_term(terms, rule, plan.as_of)
        chosen = (
            {t for t in _this_years(terms, plan.as_of, rule) if _picked(t, picked)}
            if rule.selected
            else _current_unless_moved(terms, plan, report, terms_exported, deleted_running, held, tonight)
        )
        _nothing_due_named(terms, picked, rule, plan.as_of, report)
        report.facts["terms"] = (
            [{"name": name} for name in sorted(rule.selected)] if rule.selected else _terms_fact(chosen)
        )
        kept = TermsById(plan, chosen, into=current, on=current is not None)  # for last.json
        every = TermsById(plan, into=named_terms, on=named_terms is not None)  # for last.json's terms_named
        rows.looked.clear()  # said once more, as each row is judged
        starts: dict[str, set[tuple[dt.date, dt.date, str]]] = {}  # the terms --term chose, by class kept
        kept_ids: set[str] = set()  # a class left out by a running term is kept by another row (X819)
        for draft in waiting.drafts():
            # A class another row of which names a term the terms export lacks (D300, X943) may
            # still meet in it: no ended term explains its removal (tester46 F3).
            unknown = draft.values.get("sourcedId", "") in report.terms_unknown
            # An ended class kept over a break (pipeline.break_kept) is kept whatever its terms.
            if draft.values.get("sourcedId", "") in plan.kept_over_break or (
                not by_year.left_out(draft, rows, report)
                and rows.kept(draft, chosen, terms, report=report, ended=None if unknown else ended, places=term_places)
            ):
                kept.add(draft)
                every.add(draft)
                kept_ids.add(draft.values.get("sourcedId", ""))
                _chosen_starts(starts, draft, chosen, plan)
                _note_term_end(draft, plan, report)
                yield draft
        # Their enrolments are judged as of the chosen terms' first day, when it is after the
        # as-of date (compile.TermReach): the classes are read before any enrolment.
        plan.reach.set(starts, plan.as_of)
        ahead = _starting_with(terms, chosen, rule, plan.as_of)
        named_tonight = chosen_named(terms, chosen, picked, rule, plan.as_of)
        refuse_running_left_out(report, rule, plan.as_of, kept_ids, named_tonight, enrolled, ahead)
        say_ended_named(report, rule, plan.as_of, named_tonight)
        _spanning_kept(spanning, kept_ids)
        kept_now = bool(plan.kept_over_break)  # the break was judged on the night's first pass (break_kept)
        _say_later_classes_missing(report, ended, rows, held, rule, plan.as_of, (terms, terms_exported), kept=kept_now)


def _spanning_kept(spanning: set[str] | None, kept: set[str]) -> None:
    """Of `spanning`, only the classes kept: by spring every semester 1 class has an ended term (200k
    IDs at the largest district, held to the gate) and none is kept (reviewer128 R5)."""
    if spanning is not None:
        spanning.intersection_update(kept)


def _note_spanning(spanning: set[str] | None, draft: Draft, dated: Iterable[Term], plan: Plan) -> None:
    """Add the class of `draft` to `spanning` where one of its terms (`dated`) ended before the
    as-of date in its school year: tonight's set lists a class's running and later terms only, so
    a year-long class of marking periods 1 to 4 is a class of 3 and 4 on semester 2's first day,
    as its new sections are; it holds the students, not the new term's schedule (tester64 A1)."""
    rule = plan.current_term
    if spanning is None or rule is None:
        return
    year = rule.years.of(plan.as_of)
    if any(term.end < plan.as_of and rule.years.of(term.end) == year for term in dated):
        spanning.add(draft.values.get("sourcedId", ""))


def _note_term_end(draft: Draft, plan: Plan, report: Report) -> None:
    """report.class_term_ends: the class's latest term's last day (a class of several rows, the
    latest of theirs); none for a class kept undated."""
    class_id = draft.values.get("sourcedId", "")
    ends = [term.end for term in _terms_of(draft, plan) if term.start <= term.end]
    if class_id and ends:
        held = report.class_term_ends.get(class_id)
        report.class_term_ends[class_id] = max(ends) if held is None else max(held, *ends)


def chosen_first_days(drafts: Iterable[Draft], plan: Plan) -> dict[str, set[tuple[dt.date, dt.date, str]]]:
    """The first days (and names) of the terms --term chooses, by class, from the classes' rows
    as the mapping makes them, before the classes are judged: what the users, read before the
    classes, are judged by (compile.TermReach). The terms --term picks of the classes the term
    filter would keep by name and year (`_picked_names`, `_this_years`) at the rostered schools,
    as the term filter takes them (`_chosen_starts`): every this-year term of a class named was
    taken here, and the users were judged on other days than the enrolments (reviewer103 R5).
    The term filter's other refusals are its own to say when the classes are read. None without
    --term."""
    rule = plan.current_term
    if rule is None or not rule.selected:
        return {}
    terms: set[Term] = set()
    named: list[tuple[Draft, list[Term]]] = []
    picked: dict[tuple[str, str], set[str]] = {}
    for draft in drafts:
        dated = [t for t in _terms_of(draft, plan) if t.start <= t.end]
        terms.update(dated)
        school = draft.values.get("schoolSourcedId", "")
        if (plan.schools and school not in plan.schools) or school in plan.excluded_schools:
            continue
        if names := _picked_names(draft, rule.selected):
            for place, keys in names.items():
                picked.setdefault(place, set()).update(keys)
            named.append((draft, dated))
    chosen = {t for t in _this_years(terms, plan.as_of, rule) if _picked(t, picked)}
    found: dict[str, set[tuple[dt.date, dt.date, str]]] = {}
    for draft, dated in named:
        starts = {(t.start, t.end, t.name) for t in dated if t in chosen}
        if starts:
            found.setdefault(draft.values.get("sourcedId", ""), set()).update(starts)
    return found


def _chosen_starts(
    starts: dict[str, set[tuple[dt.date, dt.date, str]]], draft: Draft, chosen: set[Term], plan: Plan
) -> None:
    """Add to `starts` the first and last days (and names) of the terms --term chose of a class
    kept, by class; none without --term."""
    if plan.current_term is None or not plan.current_term.selected:
        return
    if found := {(t.start, t.end, t.name) for t in _terms_of(draft, plan) if t in chosen}:
        starts.setdefault(draft.values.get("sourcedId", ""), set()).update(found)


class _CombinedRows:
    """What the term filter holds of the rows of rules that combine them into one class
    (`combined`, their labels): each class's dated terms, of all its rows (`spans`), and the
    rows seen, by class and terms: a class's rows that repeat its terms (a flat export's row
    per student) are judged alike, and what is said of one is not said again (`says`)."""

    def __init__(self, combined: Collection[str], plan: Plan) -> None:
        self.combined, self.plan = combined, plan
        self.spans: dict[tuple[str, str, str], set[Term]] = {}
        self.looked: set[tuple[str, ...]] = set()
        # By school, the first and last days of the classes of the rules that do not combine rows.
        self.single: dict[str, set[tuple[dt.date, dt.date]]] = {}

    def says(self, draft: Draft, report: Report) -> Report:
        """`report`, or a quiet one for a row repeating its class's terms."""
        if draft.rule not in self.combined:
            return report
        seen = (*_class_key(draft), *(draft.extra.get(key, "") for key in _TERM_KEYS))
        if seen in self.looked:
            return Report()
        self.looked.add(seen)
        return report

    def swapped(self, draft: Draft, term: Term, report: Report, places: TermPlaces | None, waiting: HeldDrafts) -> None:
        """A class whose only terms are swapped: left out (F425); a combined class's row, judged
        beside its class's other rows (`_row_of_class`)."""
        if draft.rule not in self.combined:
            _said_swapped(draft, term, report, places)
            return
        draft.extra[_SWAPPED] = "1"
        waiting.put(draft)

    def note(self, draft: Draft, dated: list[Term]) -> None:
        if draft.rule in self.combined:
            self.spans.setdefault(_class_key(draft), set()).update(dated)
        elif dated:
            span = (min(t.start for t in dated), max(t.end for t in dated))
            self.single.setdefault(draft.values.get("schoolSourcedId", ""), set()).add(span)

    def by_school(self) -> dict[str, set[tuple[dt.date, dt.date]]]:
        """Every class's first and last days (of all its rows' dated terms), by school."""
        found = {school: set(spans) for school, spans in self.single.items()}
        for (_, _, school), terms in self.spans.items():
            if terms:
                found.setdefault(school, set()).add((min(t.start for t in terms), max(t.end for t in terms)))
        return found

    def kept(
        self,
        draft: Draft,
        chosen: set[Term],
        terms: set[Term],
        *,
        report: Report,
        ended: dict[str, Ended] | None,
        places: TermPlaces | None,
    ) -> bool:
        """Whether the class (the row of a combined class) is kept: `_kept_by_the_others`, or
        `_row_of_class`. A combined class is noted as ended (`ended`) only when every term of
        all its rows has ended: a year-long eSchool section meets in marking periods 1 to 4, and
        its row of MP 1, left out once MP 1 ends, does not end the class, whose MP 2 to 4 rows
        still run (tester46 F3: a school missing from the schedule export on a marking-period
        change night was published with no class, its 70 classes "removed as ended")."""
        if draft.rule not in self.combined:
            return _kept_by_the_others(draft, chosen, terms, plan=self.plan, report=report, ended=ended, places=places)
        span = self.spans.get(_class_key(draft), set())
        running = _running(span, chosen, self.plan)
        into = self.says(draft, report)
        if any(t.end >= self.plan.as_of for t in span):
            ended = None  # a row of a class that still meets (tester46 F3): no term change ends it
        return _row_of_class(draft, chosen, terms, running, plan=self.plan, report=into, ended=ended, places=places)


# The extras that say a row's terms (`_CombinedRows.says`).
_TERM_KEYS = ("term_start", "term_end", "term_name", "term_ids", "left_ids")
# A draft's extra: a row of a combined class whose only terms end before they start (`_row_of_class`).
_SWAPPED = "swapped terms"


def _schools_in_term(terms: set[Term], rule: TermFilterPlan, as_of: dt.date) -> frozenset[str]:
    """The schools at which a term of the classes shorter than the year (a semester, a quarter)
    runs on the as-of date or starts within the window: a school with none, whose classes name a
    term the terms export lacks, may be missing tonight's (school_classes, X944)."""
    horizon = _days_after(as_of, rule.window_days)
    shorter = (t for t in terms if (t.end - t.start).days < rule.year_long_days)
    return frozenset(t.school for t in shorter if t.start <= horizon and as_of <= t.end)


def _class_key(draft: Draft) -> tuple[str, str, str]:
    """The class a row of a rule that combines its rows is combined into."""
    return draft.rule, draft.values.get("sourcedId", ""), draft.values.get("schoolSourcedId", "")


def _running(span: set[Term], chosen: set[Term], plan: Plan) -> set[Term]:
    """The terms a combined class runs in tonight, of the terms of all its rows (`span`): the
    chosen ones; on a break in them (`_on_a_break`), the next to start within the window. With
    --term, none: each row is judged by the terms it names."""
    rule = plan.current_term
    assert rule is not None
    if rule.selected:
        return set()
    now = {t for t in span if t in chosen}
    if now or not _on_a_break(list(span), plan.as_of, rule):
        return now
    horizon = _days_after(plan.as_of, rule.window_days)
    return {t for t in span if plan.as_of < t.start <= horizon}


def _row_of_class(
    draft: Draft,
    chosen: set[Term],
    terms: set[Term],
    running: set[Term],
    *,
    plan: Plan,
    report: Report,
    ended: dict[str, Ended] | None,
    places: TermPlaces | None,
) -> bool:
    """A row of a rule that combines its rows into one class (a row per term, per subsection;
    last year's row of a section beside this year's, under one ID): judged by its own terms,
    as the row of a rule that does not combine is, and left out so (F405, F411 ...): a row left
    out never feeds the class, nor is its teacher the class's. Two kinds of row are the class's
    although their terms are not chosen: on a break in the class's terms, a row of the term
    after it (`_running`); and a row whose terms are all later ones of the school year the class
    runs in (a year-long section's next marking periods), which lends the class only its term
    (`COMING`, combine.combine_rows). A row whose only term's dates are swapped is said as the
    class's (F432) when the class runs by its other rows, else left out as an error (F425)."""
    if draft.extra.pop(_SWAPPED, ""):
        swapped = _terms_of(draft, plan)[0]
        _said_swapped(draft, swapped, report, places, others=sorted(running, key=lambda t: t.start) or None)
        return False
    if _kept_by_the_others(draft, chosen, terms, plan=plan, report=Report(), ended=None, places=places):
        return _kept_by_the_others(draft, chosen, terms, plan=plan, report=report, ended=ended, places=places)
    dated = _terms_of(draft, plan)
    if running and dated and not draft.extra.get("left_ids") and not _undated_terms(draft, plan):
        if any(t in running for t in dated):
            return True
        first, years = min(t.start for t in running), {plan.school_years.of(t.end) for t in running}
        if all(plan.as_of <= t.end and first <= t.start and plan.school_years.of(t.end) in years for t in dated):
            draft.extra[COMING] = "1"
            return True
    return _kept_by_the_others(draft, chosen, terms, plan=plan, report=report, ended=ended, places=places)


def _current_unless_moved(
    terms: set[Term],
    plan: Plan,
    report: Report,
    exported: TermsExported | None,
    deleted_running: int,
    held: HeldTerms | None,
    tonight: TermsById,
) -> set[Term]:
    """`_current_unless_deleted`; but a night with nothing due before a later term (F421) whose
    last published set held terms the export has moved past the window is refused (X947)."""
    rule = plan.current_term
    assert rule is not None
    try:
        chosen = _current_unless_deleted(terms, rule, plan.as_of, report, exported, deleted_running)
    except NothingDue as pause:
        if held is not None:  # a term of the last set dated tonight as ended before it was made (X840)
            term_moved_back.refuse(held, tonight.terms, tonight.places, exported, plan.as_of, report)
        if pause.code_slug == "term-not-started" and held is not None:
            _refuse_terms_moved(held, tonight.terms, rule, plan.as_of)
        if pause.code_slug == "term-not-started":  # not believed from half-dated rows running tonight (X828)
            pause.unsure = half_dated.not_started(pause.params, tonight.half, _sides(rule), plan.parse_term_date)
        if pause.code_slug == "term-break" and plan.kept_over_break:  # the break's classes kept (break_kept)
            return set()
        if pause.code_slug == "term-break" and held is not None:  # no break in a term the last set held (tester64 A2)
            runs_on = [*held.terms.values(), *held.named.values()]
            _refuse_terms_without_classes(exported, terms, rule, plan.as_of, runs_on=runs_on)
        if pause.code_slug == "school-year-over":  # not believed from half-dated rows (api: --allow-incomplete)
            pause.unsure = half_dated.year_over(pause.params, tonight.half, _sides(rule))
        raise
    half_dated.note(report, tonight.half, _sides(rule))
    if held is not None and exported is not None:
        report.next_term_unexported.extend(_next_term_without_classes(terms, held, rule, plan.as_of, exported, report))
    return chosen


# X977's cause, unless the term's row could not be joined (pipeline.run: D327, the terms unread).
FILTERED_EARLIER = "a sections or enrolments export still filtered to an earlier term"
# ... where the school's running term is one the last set's classes held or named (`_terms_run_on`): the
# export whose rows give the classes their terms left the new ones out (pipeline.run names it).
CLASS_TERMS_LEFT_OUT = "the export whose rows give the classes their terms left the new terms' rows out"


def _next_term_without_classes(
    terms: set[Term], held: HeldTerms, rule: TermFilterPlan, as_of: dt.date, exported: TermsExported, report: Report
) -> list[Problem]:
    """X977 at one school while its year-long classes keep the set current (tester44 F7): a
    semester or quarter the last published set held (its classes current then) has ended, its
    classes are still exported at the school, no class of the school is in a semester or quarter
    that contains `as_of`, and the terms export holds one for the school that has started after
    the ended one and contains `as_of`: the sections and enrolments exports are still filtered to
    the term that ended (a SIS job's Semester-1 filter), and Remind would lose every semester
    class with none of the next term's. Refused (X977), naming the term and its row. A school
    of year-long classes only never held a semester's classes; a school whose classes are in
    another current term (quarters, while the terms export lists semesters too) is not refused.
    Said at the safety gate, where --allow-incomplete publishes it (a school that really has no
    class of the new term: api._check_terms_found); [] when none is found. A set published so
    no longer holds the ended term: last.json's terms_due (`held.due`) still names it, and the
    school X977 named, with that term, as accepted: every other school is refused again
    (tester74 F9). Every school found is in `report.terms_due`."""

    def short(term: Term) -> bool:
        return (term.end - term.start).days < rule.year_long_days

    held_then = {(t.name, t.start, t.end) for t in held.terms.values() if short(t) and t.end < as_of}
    ended, forwarded = _carried(held.due, as_of)
    over = [t for t in terms if short(t) and t.end < as_of and (t.name, t.start, t.end) in held_then]
    for term in sorted(over, key=lambda t: (t.end, t.start, t.name)):
        if term.school not in ended or ended[term.school].end <= term.end:
            ended[term.school] = term  # the last to end at each school
            forwarded.discard(term.school)
    running = {t.school for t in terms if short(t) and t.contains(as_of)}
    schools = set(ended) - running
    if not schools:
        return []
    used = {(t.name, t.start, t.end) for t in (*terms, *held.terms.values())}
    first = _first_due(terms, schools, ended, short, as_of, exported, used)
    # A term found after an accepted one is judged afresh only inside its school year (a break apart), and
    # only a term some class uses: a quarter listed beside the semesters is no school's next term (reviewer102 N1).
    first = {
        school: found
        for school, found in first.items()
        if school not in forwarded
        or ((found[0].start - ended[school].end).days <= SCHOOL_YEAR_GAP_DAYS and _term_key(found[0]) in used)
    }
    accepted = {due.school: due.term for due in held.due if due.accepted and due.school not in forwarded}
    report.terms_due = [
        TermDue(school, ended[school], term, _same_term(accepted.get(school), term))
        for school, (term, _) in first.items()
    ]
    # An accepted term that has ended, its next not started (a break): kept for the next term's first night.
    report.terms_due += [
        due
        for due in held.due
        if due.school in forwarded and due.school not in first and (as_of - due.term.end).days <= SCHOOL_YEAR_GAP_DAYS
    ]
    refused = sorted(
        (term.start, school, place)
        for school, (term, place) in first.items()
        if not _same_term(accepted.get(school), term)
    )
    if not refused:
        return []
    _, school, place = refused[0]
    term, then, others = first[school][0], ended[school], len(refused) - 1
    return [
        Problem(
            codes.code("term-without-classes"),
            Where(),
            {
                "none": (
                    f"at school {school}, no class of the exports is in a term after {then.name or 'the term'} "
                    f"({then.start.isoformat()} to {then.end.isoformat()}), whose classes the last published "
                    f"set held and which has ended"
                    + (f" (and likewise at {others} more schools)" if others > 0 else "")
                ),
                "holds": "the terms export holds",
                "term": term.name or "a term",
                "start": term.start.isoformat(),
                "end": term.end.isoformat(),
                "at": f" ({place})" if place else "",
                "as_of": as_of.isoformat(),
                "exported": (
                    f"the school's classes exported are of {then.name or 'the ended term'} and of year-long terms "
                    f"only, and none of {term.name or 'the new term'}'s would reach Remind"
                ),
                "cause": FILTERED_EARLIER,
                "school": school,
                "schools": ", ".join(sorted(s for _, s, _ in refused)),
            },
        )
    ]


def _carried(due: Iterable[TermDue], as_of: dt.date) -> tuple[dict[str, Term], set[str]]:
    """Each school last.json's terms_due carries, with its ended term: until the term found then
    ends, the one ended then (exported or not); after it, an accepted term is the school's ended one
    (`forwarded`), so that the term after it is judged afresh (a trimester school accepted for T2 with
    no class of T3 either: reviewer96 R5)."""
    ended: dict[str, Term] = {}
    forwarded: set[str] = set()
    for entry in due:
        if as_of <= entry.term.end:
            ended[entry.school] = entry.ended
        elif entry.accepted:
            ended[entry.school] = entry.term
            forwarded.add(entry.school)
    return ended, forwarded


def _same_term(accepted: Term | None, found: Term) -> bool:
    """Whether `found` is the `accepted` term of its school, its dates corrected (snow days) or renamed
    since: the same row key of the terms export, or, where no key was read, the same first day, or the
    same name and last day (reviewer96 R2: compared on name and dates, a moved last day refused again)."""
    if accepted is None:
        return False
    if accepted.key and found.key:
        return accepted.key == found.key
    return accepted.start == found.start or (accepted.name, accepted.end) == (found.name, found.end)


def _first_due(
    terms: set[Term],
    schools: set[str],
    ended: Mapping[str, Term],
    short: Callable[[Term], bool],
    as_of: dt.date,
    exported: TermsExported,
    used: Collection[tuple[str, dt.date, dt.date]] = (),
) -> dict[str, tuple[Term, str]]:
    """Of `schools`, each one's first term of the terms export, started after its `ended` one and
    holding `as_of`, that no class of the exports names (with the school, and its row's place). A term
    some class of the exports or of the last set `used` (at any school) comes first: a PowerSchool terms
    export lists Quarter 3 beside Semester 2, of one first day, and no class is of a quarter (reviewer102 N1)."""
    named = {(t.school, t.start, t.end) for t in terms}
    # Each row's school among all the classes' schools (a row naming another school is that
    # school's); a terms export naming no school at all holds every school's terms.
    found = exported({t.school for t in terms})
    if any(term.school for term, _ in found):
        found = [(term, place) for term, place in found if term.school]
    due = sorted(
        (_term_key(term) not in used, term.start, school, term.name, term, place)
        for term, place in found
        for school in ([term.school] if term.school else sorted(schools))
        if school in schools
        and short(term)
        and term.contains(as_of)
        and term.start > ended[school].end
        and (school, term.start, term.end) not in named
    )
    first: dict[str, tuple[Term, str]] = {}
    for _, _, school, _, term, place in due:
        first.setdefault(school, (dataclasses.replace(term, school=school), place))
    return first


def _term_key(term: Term) -> tuple[str, dt.date, dt.date]:
    return term.name, term.start, term.end


def _say_later_classes_missing(
    report: Report,
    ended: Mapping[str, Ended] | None,
    rows: _CombinedRows,
    held: HeldTerms | None,
    rule: TermFilterPlan,
    as_of: dt.date,
    terms: tuple[Collection[Term], TermsExported | None] = ((), None),
    *,
    kept: bool = False,
) -> None:
    """`_later_classes_missing`, on a night with a last published set, by date (not --term),
    where X977 was not said already. A school some class of which names a term the terms export
    lacks (D300) may have its later term's classes there: X943, X944 say it. What is found waits
    for the safety gate (`Report.later_classes_missing`, `later_classes_refused`), which knows
    the schools' students tonight. `terms`: the classes' dated terms, and the terms export's
    (`TermsExported`, read when a school is found), which tell when its next term starts."""
    if held is not None and ended and not rule.selected and not report.next_term_unexported and not kept:
        unsure = {said[0] for said in report.terms_unknown.values()}
        found = _later_classes_missing(ended, rows.by_school(), held, rule, as_of, unsure)
        known, exported = terms
        if found and exported is not None:
            known = [*known, *(term for term, _ in exported({f.school for f in found}))]
        report.later_classes_missing += [dataclasses.replace(f, due=_refused_from(f, known, rule)) for f in found]


def _refused_from(found: LaterClassesMissing, terms: Collection[Term], rule: TermFilterPlan) -> dt.date:
    """The first night X895 refuses a school `found`: the first day of the next term of the
    school that its classes' terms or the terms export name (an eSchoolPLUS year-long section's
    next marking period, PowerSchool's Semester 2), a break apart at most (SCHOOL_YEAR_GAP_DAYS,
    as X977's `_break_before`); else the window's end after the ended term (F443's, where no
    class runs on). A SIS job that exports the current term only switches terms on the new term's
    first day, so over a winter break the export still holds the ended term beside the year-long
    classes (stop 48's X895 on every break night); without a terms export that day is not known."""
    starts = [
        t.start
        for t in terms
        if t.school in (found.school, "") and t.start > found.last and (t.end - t.start).days < rule.year_long_days
    ]
    following = min(starts, default=None)
    if following is not None and (following - found.last).days <= SCHOOL_YEAR_GAP_DAYS:
        return following
    return _days_after(found.last, rule.window_days + 1)


@dataclass(frozen=True, slots=True)
class LaterClassesMissing:
    """One school X895 may say (`_later_classes_missing`): its `classes` classes of `term` (as the
    last published set held it) all ended by `last`, while the school year runs to `year_end`, and
    no class of a later term is exported. `elsewhere`: the school whose classes say the year runs
    on, when none of the school's own does (every class of it a semester's or a quarter's): said
    only when the school's students are still its tonight (`later_classes_refused`); a school that
    closed at the term change has none left, its students moved (the simulated year's school 500)."""

    school: str
    classes: int
    term: Term
    last: dt.date
    year_end: dt.date
    elsewhere: str = ""
    due: dt.date | None = None  # the first night it is refused (`_refused_from`); None: at once


def _later_classes_missing(
    ended: Mapping[str, Ended],
    spans: Mapping[str, set[tuple[dt.date, dt.date]]],
    held: HeldTerms,
    rule: TermFilterPlan,
    as_of: dt.date,
    unsure: Collection[str] = (),
) -> list[LaterClassesMissing]:
    """X895's schools: those at which every class of a semester or quarter the last published
    set held (`held`) has ended tonight (`ended`, with their schools), while the school year runs
    on and no class of the school starts after them (`_year_runs_on_without_them`): the sections
    and enrolments exports still filtered to the ended term (a SIS job's Semester-1 filter).
    Read from the classes alone, so it holds where no terms export says which term is next
    (Skyward SMS, Clever and FACTS: a term is only a class row's), and where year-long classes
    meet in the new term too (an eSchoolPLUS section of marking periods 1 to 4): a class that
    starts in it is what is missing (tester46 F4). A school of year-long classes only ends none;
    a quarter change within a semester's classes (an eSchoolPLUS marking period 1 to 2) ends
    none either. A school whose classes are all semester or quarter classes has none of its own
    that says the year runs on: another school's does (`LaterClassesMissing.elsewhere`).
    `unsure`: the schools some class of which has a term the terms export lacks (D300), which
    may be the next term's: X943, X944 say it. Said at the safety gate, as X977 is
    (`later_classes_refused`, api._check_terms_found)."""
    try:
        then: dt.date | None = dt.date.fromisoformat(held.judged or held.as_of)
    except ValueError:
        then = None
    held_ids = set(held.terms)
    by_school: dict[str, list[Ended]] = {}
    for class_ended in ended.values():
        if (
            class_ended.school
            and not class_ended.ahead
            and class_ended.terms & held_ids
            and (then is None or class_ended.end >= then)
        ):
            by_school.setdefault(class_ended.school, []).append(class_ended)
    found = []
    for school, classes in sorted(by_school.items()):
        if school in unsure:
            continue
        year_end = _year_runs_on_without_them(school, classes, spans, rule, as_of)
        elsewhere = ""
        if year_end is None and not _runs_on(school, classes, spans, as_of):
            for other in sorted(s for s in spans if s != school):
                moved = _year_runs_on_without_them(school, classes, spans, rule, as_of, at=other, years=rule.years)
                if (year_end := moved) is not None:
                    elsewhere = other
                    break
        if year_end is None:
            continue
        last = max(c.end for c in classes)
        term = max((held.terms[i] for c in classes for i in c.terms & held_ids), key=lambda t: (t.end, t.name))
        found.append(LaterClassesMissing(school, len(classes), term, last, year_end, elsewhere))
    return found


def later_classes_refused(
    found: list[LaterClassesMissing], still_open: Collection[str], as_of: dt.date
) -> Problem | None:
    """X895 naming the schools `found` (`_later_classes_missing`), of which those whose year runs
    on only at another school count when their students are still theirs tonight (`still_open`:
    a school closed at the term change has none left). None when no school is left."""
    found = [f for f in found if not f.elsewhere or f.school in still_open]
    if not found:
        return None
    return Problem(codes.code("later-term-classes-missing"), Where(), _missing_said(found, as_of))


def later_classes_paused(
    found: list[LaterClassesMissing], still_open: Collection[str], as_of: dt.date
) -> NothingDue | None:
    """A break between terms instead of X895 (I288, exit 0, the last set stays), when no school
    `later_classes_refused` would name is due yet (`LaterClassesMissing.due`): a winter break
    before the SIS job exporting the current term only switches to the new one. None when one is
    (its next term has started, or the window has passed), or none is left."""
    found = [f for f in found if not f.elsewhere or f.school in still_open]
    if not found or any(f.due is None or f.due <= as_of for f in found):
        return None
    said = _missing_said(found, as_of)
    return NothingDue(
        "later-term-break",
        {"none": said["none"], "year_end": said["year_end"], "due": min(f.due for f in found if f.due).isoformat()},
    )


def _missing_said(found: list[LaterClassesMissing], as_of: dt.date) -> dict[str, object]:
    """X895's (and I288's) parameters, of the first school `found` with the others counted."""
    first = found[0]
    others = [f.school for f in found[1:]]
    more = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
    schools = f"school {first.school}" + (f" (and {len(others)} more: {more})" if others else "")
    term = first.term
    runs_on = (
        f" (every class of it a semester's or a quarter's, its students still its, the year running on at school "
        f"{first.elsewhere})"
        if first.elsewhere
        else ""
    )
    return {
        "none": f"at {schools}, the {first.classes} classes of term {term.name or '(unnamed)'!r} "
        f"({term.start.isoformat()} to {term.end.isoformat()}), whose classes the last published set "
        f"held, all ended by {first.last.isoformat()} and no class of a later term is exported{runs_on}",
        "schools": schools,
        "classes": first.classes,
        "term": term.name or "the term",
        "last": first.last.isoformat(),
        "as_of": as_of.isoformat(),
        "year_end": first.year_end.isoformat(),
    }


def _runs_on(
    school: str, classes: list[Ended], spans: Mapping[str, set[tuple[dt.date, dt.date]]], as_of: dt.date
) -> bool:
    """Whether a class of the school that began with its ended `classes` runs past `as_of`."""
    first = min(c.start or c.end for c in classes)
    return any(start <= first and as_of <= end for start, end in spans.get(school, ()))


def _year_runs_on_without_them(
    school: str,
    classes: list[Ended],
    spans: Mapping[str, set[tuple[dt.date, dt.date]]],
    rule: TermFilterPlan,
    as_of: dt.date,
    *,
    at: str = "",
    years: SchoolYear = NORTHERN,
) -> dt.date | None:
    """The last day of the school year, when it runs on after the school's ended `classes` (of a
    term of at least `SHORTEST_FILTERED_TERM_DAYS`) without a class of a later term: a class of
    the school (`at`: of that other school, for a school whose own classes all ended) that began
    with them runs past the as-of date, and for at least half as long again as they ran (the
    year's last semester, ending a few weeks before an administrative year's 30 June, is the
    year's end; another school's, to 30 June at most; after a quarter, for as long again), and
    no class of the school (`spans`: its classes' first and last days, of all
    their rows) starts after their last day and by the year's. Else None."""
    last = max(c.end for c in classes)
    first = min(c.start or c.end for c in classes)
    if (last - first).days >= rule.year_long_days:
        return None
    if (last - first).days < SHORTEST_FILTERED_TERM_DAYS:
        return None  # a testing window or a short course: no SIS job filters its sections to it

    def running(at: str) -> list[dt.date]:
        return [end for start, end in spans.get(at, ()) if start <= first and as_of <= end]

    # The school's own classes must run on: one whose every class ends tonight may have closed
    # (its students moved to another school, the simulated year's school 500): another school's
    # classes (`at`) say the year runs on only where the gate finds its students still its.
    year_ends = running(at or school)
    if not year_ends:
        return None  # no class runs on: the year's end (F422's, or a school's of its own)
    year_end = max(year_ends)
    if at:
        # Another school's classes: to the end of the ended classes' school year at most (a
        # year-round school's July is next year's); after a quarter, for another quarter's length
        # at least, not half: a quarters school's fourth quarter ending in mid-May, while the
        # other schools' year-long classes are dated to 30 June, is the school's year end.
        year_end = min(year_end, years.last_day(years.of(last)))
    # After a quarter, for another quarter's length at least, the school's own classes too: a
    # last quarter ending on 27 May while the year-long term is dated to 30 June, the
    # administrative year's end, is the year's end (tester49 F1: refused to 30 June).
    ran = (last - first).days
    if ran < LONGEST_QUARTER_DAYS and (year_end - last).days < ran:
        return None
    if (year_end - last).days * 2 < (last - first).days:
        return None  # the school year's last term of its kind
    if any(last < start <= year_end for start, _ in spans.get(school, ())):
        return None  # a class of the next term comes
    return year_end


# The longest a quarter runs (nine or ten weeks; a trimester runs twelve): after one, another
# school's classes say the year runs on only when another quarter fits before 30 June.
LONGEST_QUARTER_DAYS = 75

# The shortest term whose classes X895 judges (a quarter is nine weeks): an 11-day testing term
# ended with nothing after it is no semester filter (the simulated year's 'Spring Testing').
SHORTEST_FILTERED_TERM_DAYS = 28


@dataclass(frozen=True, slots=True)
class HeldTerms:
    """The terms the last published set was made with (its classes' current terms, by term ID,
    with the dates they had then), and its as-of date: recorded in last.json (gate.held_terms)."""

    as_of: str
    terms: Mapping[str, Term]
    # The day its classes' terms were judged on, where not `as_of`: a set that kept the ended term's
    # classes over a break judged them as of that term's last day (pipeline.break_kept).
    judged: str = ""
    # The schools X977 found on the night it was published, with --allow-incomplete (TermDue).
    due: tuple[TermDue, ...] = ()
    # --allow-rollover tonight: a term dated as ended before this set was made is not refused (X840).
    moved_back_allowed: bool = False
    # The end a night's --allow-rollover accepted of such a term, by term ID (last.json's
    # terms_moved_back): the nights after it, that end exported, are not refused (term_moved_back).
    accepted: Mapping[str, dt.date] = field(default_factory=dict)
    # The later terms its classes named besides, by term ID (last.json's terms_named: a year-long
    # section's next marking periods, the school's where recorded), which tonight's terms export may
    # run (`_terms_run_on`); a set published on a break carries those still ahead (api._named_carried).
    named: Mapping[str, Term] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TermDue:
    """A school whose exports held the classes of an `ended` semester or quarter and none of its
    next `term`, running (X977), on a night published with --allow-incomplete: `accepted` when
    X977 named the school (a school whose new term really has no class of its own: not refused
    again while that term runs), else only carried, for the next nights to refuse it again
    (last.json's terms_due: tester74 F9). Both terms carry the school."""

    school: str
    ended: Term
    term: Term
    accepted: bool = False


class TermsById:
    """The classes' dated terms by term ID (their termSourcedIds), where a class's IDs and its
    joined dates pair up one each (a class of one term always does); of `chosen` alone, when
    given. Classes of one term and school are many: each pairing is read once."""

    def __init__(
        self, plan: Plan, chosen: set[Term] | None = None, *, into: dict[str, Term] | None = None, on: bool = True
    ) -> None:
        """`into`: the dict to fill (else `terms`, its own); `on`: False to collect nothing."""
        self.plan, self.chosen = plan, chosen
        self.terms: dict[str, Term] = {} if into is None else into
        self.places: dict[str, str] = {}  # the first class row giving each term ID its dates ("Section.csv line 2")
        self.on = on
        self._seen: set[tuple[str, ...]] = set()
        self.half = half_dated.HalfDated()  # class rows dated on one side only (X859, X828, X843)

    def add(self, draft: Draft) -> None:
        self.half.add(draft)
        if not self.on:
            return
        values, extra = draft.values, draft.extra
        ids_text, names_text = values.get("termSourcedIds", ""), extra.get("term_name", "")
        starts_text, ends_text = extra.get("term_start", ""), extra.get("term_end", "")
        school = values.get("schoolSourcedId", "")
        seen = (ids_text, starts_text, ends_text, names_text, school)
        if seen in self._seen:
            return
        self._seen.add(seen)
        ids = [i.strip() for i in ids_text.split(",")]
        starts, ends, names = starts_text.split(MULTI_SEP), ends_text.split(MULTI_SEP), names_text.split(MULTI_SEP)
        if not all(ids) or not len(ids) == len(starts) == len(ends):
            return
        for n, (term_id, start_text, end_text) in enumerate(zip(ids, starts, ends, strict=True)):
            start, end = self.plan.parse_term_date(start_text), self.plan.parse_term_date(end_text)
            if start is None or end is None or start > end:
                continue
            term = Term(school, names[n] if len(names) == len(ids) else "", start, end, (start_text, end_text))
            # A class kept over a break (break_kept): its ended term is held, as the chosen ones.
            if self.chosen is None or term in self.chosen or values.get("sourcedId", "") in self.plan.kept_over_break:
                self.terms.setdefault(term_id, term)
                self.places.setdefault(term_id, f"{draft.origin.file} line {draft.origin.line}")


def _sides(rule: TermFilterPlan) -> dict[str, str]:
    """filters.current_term's start and end as the profile writes them (X859, X828, X843)."""
    return {"start": _template(rule.start), "end": _template(rule.end)}


def _refuse_terms_moved(held: HeldTerms, tonight: Mapping[str, Term], rule: TermFilterPlan, as_of: dt.date) -> None:
    """Nothing is due before a term that starts after the window (F421), but the last published
    set held classes of term IDs as current whose dates then still run on `as_of`, and tonight the
    terms export dates those very IDs after the window: the terms export changed, not the calendar
    (a terms job whose year was advanced, a calendar copied forward over the current one:
    tester35 F4). Refused (X947), naming the terms and their dates then and now. The summer is
    not: a term of the last set that has ended by its own dates then, exported again under its
    ID for next year (an Infinite Campus calendar rolled over), is next year's term."""
    horizon = _days_after(as_of, rule.window_days)
    moved = sorted(
        (now.start, term_id, then, now)
        for term_id, then in held.terms.items()
        if then.contains(as_of) and (now := tonight.get(term_id)) is not None and now.start > horizon
    )
    if not moved:
        return
    shown = "; ".join(
        f"{then.name or term_id} ({term_id}): {then.start.isoformat()} to {then.end.isoformat()} then, "
        f"{now.start.isoformat()} to {now.end.isoformat()} now"
        for _, term_id, then, now in moved[:3]
    ) + (f"; and {len(moved) - 3} more" if len(moved) > 3 else "")
    raise TransformAbort(
        [
            Problem(
                codes.code("term-moved-ahead"),
                Where(),
                {
                    "count": len(moved),
                    "last": held.as_of,
                    "as_of": as_of.isoformat(),
                    "window": rule.window_days,
                    "terms": shown,
                },
            )
        ]
    )


def _first_look(draft: Draft, plan: Plan, known: dict[str, str]) -> int:
    """With --term, note the class's term names in `known` (a deleted term's too: its classes
    are told why they are out, F435); 1 when a term of the class the set leaves out would have
    made it current, else 0."""
    assert plan.current_term is not None
    if plan.current_term.selected:
        names = [*_names(draft), *draft.extra.get("left_name", "").split(MULTI_SEP)]
        known.update((n.strip().casefold(), n.strip()) for n in names if n.strip())
    return int(bool(draft.extra.get("left_ids")) and _would_run(draft, _left_terms(draft, plan), plan))


def _current_unless_deleted(
    terms: set[Term],
    rule: TermFilterPlan,
    as_of: dt.date,
    report: Report,
    exported: TermsExported | None,
    deleted_running: int,
) -> set[Term]:
    """`_current`; but when no term of the set is current and a term the set leaves out would
    make classes current (`deleted_running` of them), not the summer (exit 0, the last set kept
    unsaid) nor a sections export filtered to an ended term (X977, whose terms export holds the
    deleted sessions): no term is chosen, each such class is left out with a warning (F435), and
    the safety gate judges the set (X915, or classes.csv left empty, X916)."""
    try:
        return _current(terms, rule, as_of, report, None if deleted_running else exported)
    except NothingDue:
        if not deleted_running:
            raise
        return set()


def _kept_by_the_others(
    draft: Draft,
    chosen: set[Term],
    terms: set[Term],
    *,
    plan: Plan,
    report: Report,
    ended: dict[str, Ended] | None,
    places: TermPlaces | None,
) -> bool:
    """`_kept`, for a class one of whose terms ends before it starts beside others (tester17 F5:
    a typo in next spring's quarter removed today's year-long class): decided by the others,
    and kept with a warning (F432); else left out as an error (F425), as a class of swapped
    terms alone is, never as outside its terms."""
    if draft.extra.get("left_ids"):
        return _kept_by_left_out(draft, chosen, terms, plan=plan, report=report, ended=ended, places=places)
    return _kept_by_own(draft, chosen, terms, plan=plan, report=report, ended=ended, places=places)


def _kept_by_own(
    draft: Draft,
    chosen: set[Term],
    terms: set[Term],
    *,
    plan: Plan,
    report: Report,
    ended: dict[str, Ended] | None,
    places: TermPlaces | None,
) -> bool:
    """`_kept_by_the_others`, of the class's terms of the set."""
    swapped = [t for t in _terms_of(draft, plan) if t.end < t.start]
    if not swapped:
        return _kept(draft, chosen, terms, plan=plan, report=report, ended=ended)
    if _kept(draft, chosen, terms, plan=plan, report=Report(), ended=None):  # what it would say, said below
        _kept(draft, chosen, terms, plan=plan, report=report, ended=ended)
        _said_swapped(draft, swapped[0], report, places, others=[t for t in _terms_of(draft, plan) if t.start <= t.end])
        return True
    _said_swapped(draft, swapped[0], report, places)
    return False


def _kept_by_left_out(
    draft: Draft,
    chosen: set[Term],
    terms: set[Term],
    *,
    plan: Plan,
    report: Report,
    ended: dict[str, Ended] | None,
    places: TermPlaces | None,
) -> bool:
    """A class some of whose terms the set leaves out (`without_sessions_left_out`): judged by
    its other terms. Left out while a term left out would have made it current (or its dates do
    not say): with a warning (F435), never as a class of another term at info level, so that
    the safety gate counts a semester's classes whose session is deleted. A class whose terms
    left out are not current either is outside its terms as any (F405)."""
    rule = plan.current_term
    assert rule is not None
    left = _left_terms(draft, plan)
    if not draft.extra.get(LEFT_ONLY):
        if _kept_by_own(draft, chosen, terms, plan=plan, report=Report(), ended=None, places=places):
            return _kept_by_own(draft, chosen, terms, plan=plan, report=report, ended=ended, places=places)
        if left and not _would_run(draft, left, plan):  # left out as its own terms say
            return _kept_by_own(draft, chosen, terms, plan=plan, report=report, ended=ended, places=places)
    elif left and not _would_run(draft, left, plan):
        return _outside(draft, left, terms, rule, plan, report, ended)
    extra = draft.extra
    others = _shown(extra.get("term_name", ""))
    names, starts, ends = (extra.get(key, "").split(MULTI_SEP) for key in ("left_name", "left_start", "left_end"))
    report.add(
        codes.code("class-term-left-out"),
        _where(draft),
        term=names[0],
        start=starts[0].strip() or "no date",
        end=ends[0].strip() or "no date",
        session=extra.get("left_ids", "").split(MULTI_SEP)[0],
        at=extra.get("left_at", "").split(MULTI_SEP)[0],
        others=f"its other terms ({others}) do not make it current" if others else "it names no other term",
    )
    return False


def _left_terms(draft: Draft, plan: Plan) -> list[Term]:
    """The class's terms the set leaves out that have dates (`without_sessions_left_out`)."""
    extra, school = draft.extra, draft.values.get("schoolSourcedId", "")
    names = extra.get("left_name", "").split(MULTI_SEP)
    found = []
    for name, start_text, end_text in zip(
        names, extra.get("left_start", "").split(MULTI_SEP), extra.get("left_end", "").split(MULTI_SEP), strict=False
    ):
        start, end = plan.parse_term_date(start_text), plan.parse_term_date(end_text)
        if start is not None and end is not None and start <= end:
            found.append(Term(school, name, start, end, (start_text, end_text)))
    return found


def _would_run(draft: Draft, left: list[Term], plan: Plan) -> bool:
    """Whether the class's terms the set leaves out would have made it current: one named by
    --term, or containing the as-of date, starting within the window, or a break in the class's
    terms. A class one of whose terms left out has no dates is not known not to run: as if."""
    rule = plan.current_term
    assert rule is not None
    if len(left) < len([n for n in draft.extra.get("left_ids", "").split(MULTI_SEP) if n]):
        return True
    if rule.selected:
        return any(t.name.strip().casefold() in rule.selected for t in left)
    horizon = _days_after(plan.as_of, rule.window_days)
    every = [*left, *(t for t in _terms_of(draft, plan) if t.start <= t.end)]
    return any(t.contains(plan.as_of) or plan.as_of < t.start <= horizon for t in left) or _on_a_break(
        every, plan.as_of, rule
    )


def _said_swapped(
    draft: Draft, term: Term, report: Report, places: TermPlaces | None, others: list[Term] | None = None
) -> None:
    """A class's term that ends before it starts: the class left out (F425), or, with `others`,
    kept by them (F432)."""
    place = places(draft, term.written) if places is not None else ""
    said = {"at": f" ({place})" if place else "", "term": term.name}
    said |= {"start": term.start.isoformat(), "end": term.end.isoformat()}
    if others is None:
        report.add(codes.code("term-dates-swapped"), _where(draft), **said)
    else:
        report.add(
            codes.code("term-dates-swapped-other"), _where(draft), others=", ".join(t.name for t in others), **said
        )


def _kept(
    draft: Draft, chosen: set[Term], terms: set[Term], *, plan: Plan, report: Report, ended: dict[str, Ended] | None
) -> bool:
    """Whether a class is kept: no dated term (kept undated in the first pass), a term --term
    names, a chosen term, or a break in its own terms. Else, it is kept only when another of
    its terms has no dates and the profile keeps undated classes (`_kept_partly_undated`); or
    left out as outside its terms (F405), noted in `ended` when its terms ended this school year."""
    rule = plan.current_term
    assert rule is not None
    dated = [t for t in _terms_of(draft, plan) if t.start <= t.end]  # a swapped one: `_kept_by_the_others`
    if not dated:
        return True
    if rule.selected:
        if not _named(draft, dated, rule, report):
            _before_the_chosen(draft, dated, chosen, ended, report=report, plan=plan)
            return False
        if _ended_though_named(dated, chosen, plan):  # the term change, as without --term (X842 says the --term)
            return _outside(draft, dated, terms, rule, plan, report, ended)
        return _of_this_year(draft, dated, chosen, rule, report)
    if any(t in chosen for t in dated) or _on_a_break(dated, plan.as_of, rule):
        return True
    if (undated := _undated_terms(draft, plan)) and not of_other_years(draft, plan):
        return _kept_partly_undated(draft, undated, rule, report)
    return _outside(draft, dated, terms, rule, plan, report, ended)


def _starting_with(terms: set[Term], chosen: set[Term], rule: TermFilterPlan, as_of: dt.date) -> list[str]:
    """The names of the classes' terms --term did not name that start at a school on the day a term it
    chose starts, after the as-of date (Quarter 3 with Semester 2): to roster ahead with it (X819's Next)."""
    starts = {(t.school, t.start) for t in chosen if t.start > as_of}
    ahead = [t for t in terms if t.label and (t.school, t.start) in starts and t not in chosen]
    found = {_called(t) for t in ahead}
    return sorted(n for n in found if n.strip().casefold() not in rule.selected)


def _ended_though_named(dated: list[Term], chosen: set[Term], plan: Plan) -> bool:
    """A class --term names whose terms all ended before the as-of date, one of them chosen: a --term
    kept in the nightly job after its term (reviewer111 R1: its classes stayed in Remind at exit 0,
    their enrolment rows ending at the year's end or not at all). Not on a break in its own terms (a
    year-long class written as its quarters: it runs on, `_on_a_break`)."""
    rule = plan.current_term
    assert rule is not None
    return (
        any(t in chosen for t in dated)
        and all(t.end < plan.as_of for t in dated)
        and not _on_a_break(dated, plan.as_of, rule)
    )


def _before_the_chosen(
    draft: Draft,
    dated: list[Term],
    chosen: set[Term],
    ended: dict[str, Ended] | None,
    *,
    report: Report,
    plan: Plan,
) -> None:
    """A class --term leaves out (F411). Of a term running tonight: noted for the refusal (X819,
    pipeline.term_running), unless the class exclusions drop it anyway; whatever the term chosen, a
    term that ends soon is not left out (reviewer107 R1: `--term S2 --term 26-27` on 15 December took
    Semester 1's classes out of Remind for the school days before the break). Else, whose terms all
    ended before tonight, or all end before the last of the chosen terms of its school starts (a
    class of a term not started), noted in `ended`: the safety gate counts its removal as the term
    change the command asked for (X937), not against the limit (tester52 F6)."""
    as_of = plan.as_of
    if running := [t for t in dated if t.contains(as_of)]:
        if not _excluded(draft, plan):
            unnamed = _shown(draft.extra.get("term_abbreviation", "")) or draft.values.get("termSourcedIds", "")
            note_running(report, draft.values.get("sourcedId", ""), running, unnamed)
        return
    school = dated[0].school
    starts = [t.start for t in chosen if t.school == school]
    if ended is None or not starts:
        return
    begins = max(starts)
    over = all(t.end < as_of for t in dated)
    if not over and any(t.end >= begins for t in dated):
        return
    key = draft.values.get("sourcedId", "")
    ids = frozenset(i.strip() for i in draft.values.get("termSourcedIds", "").split(",") if i.strip())
    last = max(dated, key=lambda t: t.end)
    first = min(t.start for t in dated)
    chosen_names = ", ".join(sorted({t.name for t in chosen if t.school == school and t.start == begins}))
    why = f"{last.name} ends {last.end.isoformat()}, before {chosen_names}, chosen by --term, starts on "
    why += begins.isoformat()
    if over:  # ended before tonight, whatever --term chose
        why = f"{last.name} ended on {last.end.isoformat()}"
    ended[key] = Ended(why, last.end, ids, dict.fromkeys(ids, last.end), school, first)


def _outside(
    draft: Draft,
    dated: list[Term],
    terms: set[Term],
    rule: TermFilterPlan,
    plan: Plan,
    report: Report,
    ended: dict[str, Ended] | None,
) -> bool:
    """Left out as outside its terms (F405, info); noted as ended this school year when it is
    (the gate's term change, X937). False."""
    if ended is not None and (why := _ended_this_year(dated, terms, rule, plan.as_of)):
        key = draft.values.get("sourcedId", "")
        ids = frozenset(i.strip() for i in draft.values.get("termSourcedIds", "").split(",") if i.strip())
        end, start, school = max(t.end for t in dated), min(t.start for t in dated), dated[0].school
        found = Ended(why, end, ids, dict.fromkeys(ids, end), school, start)
        if (before := ended.get(key)) is not None and not before.ahead:  # another row of the class: every term
            latest = max(before, found, key=lambda e: e.end)
            ends = {**before.ends, **{i: max(end, before.ends.get(i, end)) for i in ids}}
            first = min(start, before.start or start)
            found = Ended(latest.why, latest.end, before.terms | ids, ends, school, first)
        ended[key] = found
    elif ended is not None and all(t.start > plan.as_of for t in dated):
        # Not started: explained only when the last published set rostered its terms ahead (--term).
        key = draft.values.get("sourcedId", "")
        ids = frozenset(i.strip() for i in draft.values.get("termSourcedIds", "").split(",") if i.strip())
        soonest = min(dated, key=lambda t: t.start)
        last_day = max(t.end for t in dated)
        why = f"{soonest.name} starts {soonest.start.isoformat()}, rostered ahead by the last published set (--term)"
        ahead = Ended(why, last_day, ids, dict.fromkeys(ids, last_day), soonest.school, soonest.start, ahead=True)
        ended.setdefault(key, ahead)
    report.add(
        codes.code("class-outside-term"),
        _where(draft),
        term=", ".join(t.name for t in dated),
        start=dated[0].start.isoformat(),
        end=max(t.end for t in dated).isoformat(),
        as_of=plan.as_of.isoformat(),
    )
    return False


def _this_years(terms: set[Term], as_of: dt.date, rule: TermFilterPlan) -> set[Term]:
    """Of the terms one name names at a school, the one of the as-of date's school year: the
    term containing it, else the next to start, else the last to end, when that one started in
    the as-of date's school year. A terms export after the rollover holds every year's "Semester
    1" (tester17 F3: --term S1 published three years'); sections still of last year name only
    last year's (tester43 F2: on 1 July, --term 1 published 2026-27's first marking period)."""
    by_name: dict[tuple[str, str], list[Term]] = {}
    for term in terms:
        by_name.setdefault((term.school, term.label), []).append(term)
    found: set[Term] = set()
    for named in by_name.values():
        containing = {t for t in named if t.contains(as_of)}
        later = [t for t in named if t.start > as_of]
        if containing:
            found |= containing
        elif later:
            found.add(min(later, key=lambda t: t.start))
        elif rule.years.of((last := max(named, key=lambda t: t.end)).start) == rule.years.of(as_of):
            found.add(last)
    return found


def _of_this_year(draft: Draft, dated: list[Term], this_years: set[Term], rule: TermFilterPlan, report: Report) -> bool:
    """A class --term names is kept when one of its terms is the named term of this school year
    (`_this_years`); another year's is left out (F411), with the dates of the one taken."""
    if any(t in this_years for t in dated):
        return True
    names = {d.label for d in dated}
    taken = sorted((t for t in this_years if t.school == dated[0].school and t.label in names), key=lambda t: t.start)
    shown = ", ".join(sorted(rule.selected)) + "".join(f" ({t.start} to {t.end})" for t in taken[:1])
    report.add(codes.code("term-not-selected"), _where(draft), term=", ".join(map(_called, dated)), selected=shown)
    return False


def _on_a_break(dated: list[Term], as_of: dt.date, rule: TermFilterPlan) -> bool:
    """A class whose own terms have a break in them on the as-of date: one of them ended, and
    the next starts within the window (a year-long class written as its four quarters, on the
    fall break). It runs: left out, it would leave Remind for the break and come back as new
    (tester17 F1), whatever the school's other terms."""
    horizon = _days_after(as_of, rule.window_days)
    return any(t.end < as_of for t in dated) and any(as_of < t.start <= horizon for t in dated)


def _undated_terms(draft: Draft, plan: Plan) -> list[str]:
    """The class's terms that have no dates (blank, unreadable, or a term ID on rows that
    disagree, which join none), by name, else by ID: beside dated ones, those alone do not say
    whether the class is current."""
    starts = draft.extra["term_start"].split(MULTI_SEP)
    ends = draft.extra["term_end"].split(MULTI_SEP)
    names = draft.extra.get("term_name", "").split(MULTI_SEP)
    ids = draft.extra.get("term_ids", "").replace(MULTI_SEP, ",").split(",")
    ids = [i.strip() for i in ids if i.strip()]
    found = []
    entries = max(len(starts), len(ends))
    for i in range(entries):
        start = plan.parse_term_date(starts[i]) if i < len(starts) else None
        end = plan.parse_term_date(ends[i]) if i < len(ends) else None
        if start is None or end is None:
            name = names[i].strip() if i < len(names) else ""
            found.append(name or (ids[i] if i < len(ids) else "") or "?")
    if len(dict.fromkeys(ids)) > entries:  # a list join found no row for some (D300): which, it does not say
        found.append(f"one of {', '.join(dict.fromkeys(ids))}")
    return found


def _unreadable(draft: Draft, plan: Plan) -> tuple[tuple[str, str], str] | None:
    """The first of a class's terms whose start or end is written as a whole date and read as
    none (05/32/2027, 2027-13-01), with the date written so: ((start, end) as written, the
    unreadable one); None when every date the class's row gives is read, blank, a placeholder
    for a date not set yet (TBD, NULL, N/A, 0/0/0, 0000-00-00) or a partial one (June, June
    2027, 2027, Q1), which are F407's (tester26 2.2, tester27 3); or when the term's other date
    is read and places it wholly before or after the as-of date: its classes are not current
    whatever the typo, and tonight's set does not hang on it (tester27 2). A spreadsheet's date
    serial (46392) is a whole date too, not one unset: a terms export saved from a spreadsheet
    with its date cells as numbers loses the term's classes otherwise at exit 0 (tester43 F4)."""
    starts = draft.extra.get("term_start", "").split(MULTI_SEP)
    ends = draft.extra.get("term_end", "").split(MULTI_SEP)
    for start, end in zip(starts, ends, strict=False):
        begins, ends_on = plan.parse_term_date(start), plan.parse_term_date(end)
        if (begins is not None and begins > plan.as_of) or (ends_on is not None and ends_on < plan.as_of):
            continue
        for written, read in ((start, begins), (end, ends_on)):
            if read is None and (
                (_WHOLE_DATE.search(written) and _NONZERO_DIGIT.search(written)) or spreadsheet_serial(written)
            ):
                return (start, end), written.strip()
    return None


_NONZERO_DIGIT = re.compile(r"[1-9]")
# A day, a month and a year written (05/32/2027, 2027-13-01, 31.12.2027): three runs of digits.
_WHOLE_DATE = re.compile(r"\d+\D+\d+\D+\d+")


def _kept_partly_undated(draft: Draft, undated: list[str], rule: TermFilterPlan, report: Report) -> bool:
    """A class none of whose dated terms is current, and another of its terms undated: not
    outside its terms (an info line) but undated, as a class of undated terms alone is, kept
    by `undated: keep` (F420) or left out with a warning (F407) (tester17 F4: a year-long class
    whose first semester had no dates was left out as info)."""
    if rule.keep_undated:
        report.add(codes.code("class-term-undated"), _where(draft), term=", ".join(undated))
        return True
    report.add(
        codes.code("term-dates-invalid"),
        _where(draft),
        term=_shown(draft.extra.get("term_name", "")) or ", ".join(undated),
        start=_shown(draft.extra["term_start"]),
        end=_shown(draft.extra["term_end"]),
    )
    return False


def _picked_names(draft: Draft, selected: frozenset[str]) -> dict[tuple[str, str], set[str]]:
    """The class's school and term names (casefolded) that --term names, by the name or its
    abbreviation: only those are chosen, not every term of this year (`_before_the_chosen` took
    Semester 2's start for `--term 26-27` in December, and removed the running Semester 1 at exit 0:
    reviewer96 R3), and only at the class's school (reviewer103 R3: `--term S2` picked "semester 2"
    through school 100's S2, and chose school 200's Semester 2, abbreviated SEM2, whose start then
    removed school 200's running Semester 1 as ended before it)."""
    names = draft.extra.get("term_name", "").split(MULTI_SEP)
    abbreviations = draft.extra.get("term_abbreviation", "").split(MULTI_SEP)
    if len(abbreviations) != len(names):
        abbreviations = [""] * len(names)
    pairs = zip((n.strip().casefold() for n in names), (a.strip().casefold() for a in abbreviations), strict=True)
    school = draft.values.get("schoolSourcedId", "")
    found: dict[tuple[str, str], set[str]] = {}
    for name, short in pairs:
        if keys := {name, short} & selected:
            found.setdefault((school, name or short), set()).update(keys)  # Term.label
    return found


def _pick(picked: dict[tuple[str, str], set[str]], draft: Draft, selected: frozenset[str]) -> None:
    for found, keys in _picked_names(draft, selected).items():
        picked.setdefault(found, set()).update(keys)


def _picked(term: Term, picked: Mapping[tuple[str, str], set[str]]) -> bool:
    """Whether --term chose the term (`_picked_names`), by its name or, without one, its
    abbreviation (`Term.label`); a term without either is, as before."""
    label = term.label
    return not label or (term.school, label) in picked


def _names(draft: Draft) -> list[str]:
    return draft.extra.get("term_name", "").split(MULTI_SEP) + draft.extra.get("term_abbreviation", "").split(MULTI_SEP)


# What the suggestion would roster, said with it: the suggested semester alone, its year-long
# classes left out, ended in "--allow-rollover" advice (tester44 F13 item 8).
_ONLY_NAMED = (
    " (--term rosters only the terms it names: the classes of every other term, the year-long ones too, "
    "are left out; without --term, the terms of the as-of date are rostered)"
)


def _refuse_unknown_terms(rule: TermFilterPlan, known: dict[str, str]) -> None:
    """A --term naming no term of the classes is a typo (exit 2), not an empty roster."""
    problems = []
    for typed in rule.named:
        key = typed.strip().casefold()
        if key in known:
            continue
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6) or _named_within(key, known)
        problems.append(
            Problem(
                codes.code("term-unknown"),
                Where(),
                {
                    "term": typed,
                    "hint": f"; did you mean {known[close[0]]!r}?{_ONLY_NAMED}" if close else "",
                    "terms": ", ".join(sorted(set(known.values()))) or "none",
                },
            )
        )
    if problems:
        raise TransformAbort(problems)


def _named_within(key: str, known: Collection[str]) -> list[str]:
    """The one term whose name starts with `key` or holds it as a word ('Lent' of 'Lent and
    Summer', which difflib finds too far: tester86 T9), else none."""
    if not key:
        return []
    within = [name for name in known if name.startswith(key) or key in name.split()]
    return within if len(within) == 1 else []


def _count_named(named: dict[str, int], draft: Draft) -> None:
    """Count the class under each term ID it names (`term_ids`)."""
    cell = draft.extra.get("term_ids", "").replace(MULTI_SEP, ",")
    for term_id in dict.fromkeys(part.strip() for part in cell.split(",") if part.strip()):
        named[term_id] = named.get(term_id, 0) + 1


# What select_terms leaves for the safety gate (api): classes name terms, and no term has dates.
TERMS_NOT_FOUND = "terms_not_found"


def _terms_not_found(named: dict[str, int], terms: set[Term], plan: Plan, report: Report) -> None:
    """Classes kept undated name terms (`term_ids`, `named`) and no term of the exports has
    dates: the terms export is missing or empty, and the current-term filter would keep every
    class of every term and year. Left for the safety gate, which refuses it (X954) unless
    --allow-incomplete. (With --term, classes are chosen by name: not this check's.)"""
    if not named or terms or (plan.current_term is not None and plan.current_term.selected):
        return
    shown = sorted(named)
    report.facts[TERMS_NOT_FOUND] = {
        "classes": sum(named.values()),
        "terms": ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else ""),
        "file": _terms_file(plan),
    }


def _terms_file(plan: Plan) -> str:
    """The export the term dates come from (through the class rule's join the dates name)."""
    rule = plan.current_term
    assert rule is not None
    aliases = {part.alias for part in fields(rule.start) if part.alias}
    for class_rule in plan.rules.get("classes", ()):
        for alias, join in class_rule.joins.items():
            if alias in aliases and join.source in plan.sources:
                return plan.sources[join.source].patterns[0]
    return "the terms export"


def _left_undated(draft: Draft, plan: Plan, says: Report) -> bool:
    """Whether a class with no dated term is left out: its terms of another school year (I229),
    or not kept by `undated: keep` (F407)."""
    if _of_another_year(draft, plan, says):
        return True
    rule = plan.current_term
    if rule is not None and rule.keep_undated and _undated(draft):
        return False
    says.add(
        codes.code("term-dates-invalid"),
        _where(draft),
        term=_shown(draft.extra.get("term_name", "")),
        start=_shown(draft.extra["term_start"]),
        end=_shown(draft.extra["term_end"]),
    )
    return True


def _of_another_year(draft: Draft, plan: Plan, says: Report) -> bool:
    """A class of terms without dates, each of another school year than the as-of date's by
    the school year its terms export writes (`term_years`): left out (I229), not kept undated."""
    others = of_other_years(draft, plan)
    if not others:
        return False
    says.add(
        codes.code("class-term-other-year"),
        _where(draft),
        term=", ".join(name for name, _ in others),
        year=", ".join(sorted({str(year) for _, year in others})),
        current=plan.school_years.of(plan.as_of),
    )
    return True


class _UndatedByYear:
    """The classes of undated terms a year behind the as-of date's school year (`judged_later`):
    this year's by some exports' names of years, last year's by others. They wait in the first
    pass while `years` learns how the export names this year, and are judged in the second."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.years = YearsWritten(plan)
        self.named: dict[str, int] = {}  # as `select_terms`'s, of the classes waiting
        self.this_year: tuple[int, str] | None = None

    def waits(self, draft: Draft, says: Report, report: Report, waiting: HeldDrafts) -> bool:
        if not judged_later(draft, self.plan):
            return False
        draft.extra[JUDGED_LATER] = "1"
        if says is report:  # not a combined class's row repeating its terms
            _count_named(self.named, draft)
        waiting.put(draft)
        return True

    def learn(self, named: dict[str, int]) -> None:
        """What the export's dated terms tell; with nothing learned, the waiting classes are kept
        undated, and counted so (`named`, X954's) as every other undated class is."""
        self.this_year = self.years.this_year()
        if self.this_year is None:
            for term_id, count in self.named.items():
                named[term_id] = named.get(term_id, 0) + count

    def left_out(self, draft: Draft, rows: _CombinedRows, report: Report) -> bool:
        if not draft.extra.pop(JUDGED_LATER, ""):
            return False
        return _behind_the_export(draft, self.plan, self.this_year, rows.says(draft, report))


def _behind_the_export(draft: Draft, plan: Plan, this_year: tuple[int, str] | None, says: Report) -> bool:
    """A class of undated terms a year behind (`judged_later`), judged by the school year the
    export's own dated terms write for the as-of date (`this_year`): of another, left out (I287);
    else, or with nothing learned, kept undated (F420) as the profile's `undated: keep` says."""
    others = behind_the_export(draft, plan, this_year[0]) if this_year is not None else []
    if not others or this_year is None:
        says.add(
            codes.code("class-term-undated"),
            _where(draft),
            term=_shown(draft.extra.get("term_name", "")) or draft.values.get("termSourcedIds", ""),
        )
        return False
    says.add(
        codes.code("class-term-last-year-by-export"),
        _where(draft),
        term=", ".join(name for name, _ in others),
        year=", ".join(sorted({str(year) for _, year in others})),
        file=_terms_file(plan),
        column=year_column(plan),
        as_of=plan.as_of.isoformat(),
        example=this_year[1],
        current=this_year[0],
    )
    return True


def _undated(draft: Draft) -> bool:
    return not (draft.extra["term_start"] + draft.extra["term_end"]).strip(MULTI_SEP + " ")


def _terms_of(draft: Draft, plan: Plan) -> list[Term]:
    """The class's terms; several when its term join matched a list of them."""
    starts = draft.extra["term_start"].split(MULTI_SEP)
    ends = draft.extra["term_end"].split(MULTI_SEP)
    names = draft.extra.get("term_name", "").split(MULTI_SEP)
    shorts = draft.extra.get("term_abbreviation", "").split(MULTI_SEP)
    school = draft.values.get("schoolSourcedId", "")
    terms = []
    for i, (start_text, end_text) in enumerate(zip(starts, ends, strict=False)):
        start, end = plan.parse_term_date(start_text), plan.parse_term_date(end_text)
        if start is not None and end is not None:
            name, short = names[i] if i < len(names) else "", shorts[i] if len(shorts) == len(names) else ""
            terms.append(Term(school, name, start, end, (start_text, end_text), short=short))
    return terms


def starts_later(draft: Draft, plan: Plan) -> bool:
    """Whether every dated term of the class (made with the term filter's templates) starts after
    the as-of date, and it has one: a class of a later term, not of one over."""
    terms = _terms_of(draft, plan) if "term_start" in draft.extra else []
    return bool(terms) and all(term.start > plan.as_of for term in terms)


def _shown(value: str) -> str:
    return value.replace(MULTI_SEP, ", ")


def _named(draft: Draft, terms: list[Term], rule: TermFilterPlan, report: Report) -> bool:
    names = {t.name.strip().casefold() for t in terms}
    names |= {a.strip().casefold() for a in draft.extra.get("term_abbreviation", "").split(MULTI_SEP)}
    if names & rule.selected:
        return True
    selected = ", ".join(sorted(rule.selected))
    report.add(codes.code("term-not-selected"), _where(draft), term=", ".join(map(_called, terms)), selected=selected)
    return False


def _called(term: Term) -> str:
    """The term as a message names it: its name, else its abbreviation (`Term.label`, as typed)."""
    return term.called


def _current(
    terms: set[Term], rule: TermFilterPlan, as_of: dt.date, report: Report, exported: TermsExported | None = None
) -> set[Term]:
    """At each school: the terms containing the as-of date; and when none of the shorter ones
    (semesters, quarters) does, as on a winter break or just before the school year, the terms
    starting first within the window (the year-long one too, when it starts with them). No term
    current or upcoming anywhere: nothing to roster (`_nothing_due`)."""
    _refuse_one_day_terms(terms, rule)
    _refuse_terms_over_a_year(terms)
    _refuse_terms_read_the_other_way(terms, rule.year_long_days)
    chosen: set[Term] = set()
    for school in sorted({t.school for t in terms}):
        at_school = {t for t in terms if t.school == school}
        current = {t for t in at_school if t.contains(as_of)}
        shorter = [t for t in at_school if (t.end - t.start).days < rule.year_long_days]
        if not any(t in current for t in shorter):
            horizon = _days_after(as_of, rule.window_days)
            # Next year's year-long term is not added while this year's runs (tester17 F2: a
            # school of year-long classes only published both years' for three weeks).
            year_runs = any(t not in shorter for t in current)
            upcoming = sorted(
                (t for t in at_school if as_of < t.start <= horizon and not (year_runs and t not in shorter)),
                key=lambda t: (t.start, t.name),
            )
            if upcoming:
                first_start = upcoming[0].start
                for term in (t for t in upcoming if t.start == first_start):
                    current.add(term)
                    report.add(
                        codes.code("term-upcoming"),
                        Where(),
                        school=school,
                        as_of=as_of.isoformat(),
                        term=term.name,
                        start=term.start.isoformat(),
                    )
        chosen |= current
    if terms and not chosen:
        _refuse_terms_without_classes(exported, terms, rule, as_of)
        _nothing_due(terms, rule, as_of)
    return chosen


def running_by_default(terms: set[Term], as_of: dt.date, years: SchoolYear = NORTHERN) -> set[Term] | None:
    """The terms filters.current_term, written with its defaults, would roster on `as_of` (`_current`:
    those containing it; at a school none of whose semesters or quarters does, as in August or over the
    winter break, those starting first within the window too): what a profile without the filter is
    judged by (pipeline.unfiltered_terms, I274 and I228). set() when no term is due; None when the filter
    would refuse the dates themselves (a one-day term, one over a year, the exports long stale)."""
    rule = TermFilterPlan(
        (),
        (),
        (),
        (),
        window_days=DEFAULT_WINDOW_DAYS,
        year_long_days=DEFAULT_YEAR_LONG_DAYS,
        selected=frozenset(),
        years=years,
    )
    try:
        return _current(terms, rule, as_of, Report(max_examples=0))
    except NothingDue:
        return set()
    except TransformAbort:
        return None


def _refuse_terms_without_classes(
    exported: TermsExported | None,
    terms: set[Term],
    rule: TermFilterPlan,
    as_of: dt.date,
    *,
    runs_on: Collection[Term] = (),
) -> None:
    """No class is due, but the terms export holds a semester or quarter (not a year-long term:
    one dated July to June runs past the last day of school) that contains the as-of date or
    starts within the window, while a year-long term of its school runs: the classes exported
    are of ended terms only, a sections export
    still filtered to the first semester. Not "nothing to do" (tester18 F1: exit 0 in March,
    and Remind kept the first semester's classes): refused (X977), exit 1. Before the next term
    has started, on a break after the classes' term (`_break_before`), a SIS exporting the current
    term only switches terms on the new term's first day: nothing due yet (F443, refused from that
    day), as where no terms export names the next term (tester58 F4). `runs_on`: on a night found a
    break (after X840's check, `_current_unless_moved`), the dates of the terms the last set's classes
    held or named (last.json's names, and schools where recorded): a school whose year runs on by the
    terms export's rows alone, in one of them (`_terms_run_on`: no year-long row), is judged too, the
    term named as the last set named it (a marking period row has no name of its own), and the cause
    the sections export that left its rows out (CLASS_TERMS_LEFT_OUT)."""
    if exported is None:
        return
    horizon = _days_after(as_of, rule.window_days)
    found = exported({t.school for t in terms})
    # Only the schools of the classes (a school not rostered has its own calendar), where the
    # export names schools at all.
    ours = [(term, place) for term, place in found if term.school] or found
    # While the school year runs (a year-long term contains the date): a summer session's term
    # whose classes are not exported on purpose is not one.
    year_runs = {t.school for t, _ in ours if (t.end - t.start).days >= rule.year_long_days and t.contains(as_of)}
    ran_on = _terms_run_on([t for t, _ in ours], terms, rule, as_of, runs_on)
    year_runs |= ran_on.keys()
    due = [
        (term, place)
        for term, place in ours
        if (term.end - term.start).days < rule.year_long_days
        and term.start <= horizon
        and as_of <= term.end
        and term.school in year_runs
    ]
    if not due:
        return
    years = [t for t, _ in ours if (t.end - t.start).days >= rule.year_long_days and t.contains(as_of)]
    _break_before([term for term, _ in due], terms, years, as_of)
    term, place = min(due, key=lambda found: (found[0].start, found[0].name))
    raise TransformAbort(
        [
            Problem(
                codes.code("term-without-classes"),
                Where(),
                {
                    "none": "no class of the exports is in a current or upcoming term",
                    "holds": "the terms export holds",
                    "term": term.name or held_name(term, runs_on) or "a term",
                    "start": term.start.isoformat(),
                    "end": term.end.isoformat(),
                    "at": f" ({place})" if place else "",
                    "as_of": as_of.isoformat(),
                    "exported": "the classes exported are of ended terms only",
                    "cause": CLASS_TERMS_LEFT_OUT if term.school in ran_on else FILTERED_EARLIER,
                },
            )
        ]
    )


def _terms_run_on(
    rows: Sequence[Term],
    terms: Collection[Term],
    rule: TermFilterPlan,
    as_of: dt.date,
    held: Collection[Term],
) -> dict[str, Term]:
    """The schools whose school year runs on by the terms export alone (no year-long row: eSchoolPLUS's
    marking periods), each with its row: a row of the school (`rows`), dated as a term the last set's
    classes held or named (`held`, of the row's school where recorded: a quarter row no class uses is
    none, reviewer102 N1), has begun and runs tonight, a break at most
    (SCHOOL_YEAR_GAP_DAYS) after a term of the school's classes (`terms`) ended, and another row of
    the school follows it, all in one school year. Its classes are all of ended terms: not a break
    between terms (tester64 A2: SCHD_MS_MP without marking periods 3 and 4 on the third's first day
    was published as a break, the ended classes kept, until the window passed). A summer session is
    none: no row of its school year follows it, or the classes' term ended in the year before."""
    years = rule.years
    found: dict[str, Term] = {}
    for row in rows:
        if not row.contains(as_of) or (row.end - row.start).days >= rule.year_long_days or held_name(row, held) is None:
            continue
        year = years.of(row.start)
        follows = any(
            t.end < row.start and (row.start - t.end).days <= SCHOOL_YEAR_GAP_DAYS and years.of(t.end) == year
            for t in terms
            if t.school == row.school or not t.school
        )
        if follows and any(r.school == row.school and r.start > row.end and years.of(r.start) == year for r in rows):
            found[row.school] = row
    return found


def held_name(row: Term, held: Collection[Term]) -> str | None:
    """The name of the term in `held` dated as the terms export's `row`, at its school where the held
    term has one (last.json records none for its current terms); None when none is. X977's and
    X873's name of a term its row leaves unnamed (ended_gone.term_called)."""
    return next(
        (t.name for t in held if (t.start, t.end) == (row.start, row.end) and t.school in ("", row.school)),
        None,
    )


def _break_before(due: list[Term], terms: set[Term], years: list[Term], as_of: dt.date) -> None:
    """Nothing due yet (F443) when none of the `due` terms (those X977 would name) has started,
    and each follows, a break apart (SCHOOL_YEAR_GAP_DAYS at most), a term of the classes of its
    school (`terms`) that has ended, inside one school year (a year-long term of the school,
    `years`, held it too): a winter break, or a year-round calendar's intersession, before the
    SIS job exporting the current term only switches to the new one. Refused from the first
    day of the earliest (X977, naming it). A due term that has started, or one a summer apart
    from the classes' terms, or another year's, is left to X977 at once."""
    ended: list[Term] = []
    for term in due:
        mine = [t for t in terms if (t.school == term.school or not term.school) and t.end < as_of]
        last = max(mine, key=lambda t: (t.end, t.name), default=None)
        if (
            term.start <= as_of
            or last is None
            or not 0 < (term.start - last.end).days <= SCHOOL_YEAR_GAP_DAYS
            or not any(y.start <= last.start and y.contains(term.start) for y in years if y.school == term.school)
        ):
            return
        ended.append(last)
    last = max(ended, key=lambda t: (t.end, t.name))
    raise NothingDue(
        "term-break",
        {
            "term": last.name or "unnamed",
            "end": last.end.isoformat(),
            "as_of": as_of.isoformat(),
            "due": min(term.start for term in due).isoformat(),
            "refused": "X977",
        },
    )


def _refuse_one_day_terms(terms: set[Term], rule: TermFilterPlan) -> None:
    """Every term of every school starts and ends on the same day: the filter reads one date
    column twice, or the wrong one (`end: "{term.SD}"`). No class would be in its term, and the
    run would say nothing is due (exit 0) with nothing ever published: refused (X952, exit 1).
    One school's one-day terms (a Registration Day, a pseudo-school left out) are its data, not
    the profile's reading: the other schools' terms are read right."""
    if not terms or any(t.start != t.end for t in terms):
        return
    listed = sorted({(t.start, t.name) for t in terms})
    shown = "; ".join(f"{name or '(unnamed)'} {start.isoformat()}" for start, name in listed[:5])
    more = f"; and {len(listed) - 5} more" if len(listed) > 5 else ""
    at = ""
    raise TransformAbort(
        [
            Problem(
                codes.code("term-dates-one-day"),
                Where(),
                {"start": _template(rule.start), "end": _template(rule.end), "at": at, "terms": shown + more},
            )
        ]
    )


def _refuse_terms_over_a_year(terms: set[Term]) -> None:
    """A term longer than any school year (`LONGEST_TERM_DAYS`) whose dates, read the other way
    round, make one (`_day_first_fits`): one school's were typed day first and, none past the 12th,
    read month first (01/09/2026 - 12/01/2027, a semester of 23 months: tester45 F1). The term
    filter would pick classes by it, and D350 says nothing of a column most of whose dates show
    their order. Refused (D328, exit 1)."""
    long = sorted(
        (t for t in terms if (t.end - t.start).days > LONGEST_TERM_DAYS and _day_first_fits(t)),
        key=lambda t: (t.school, t.start, t.end, t.name),
    )
    if not long:
        return
    first = long[0]
    written = " to ".join(first.written) if all(first.written) else ""
    typed, read = _orders(first)
    swapped = _swapped(first)
    example = f"{first.written[0].strip()} read as {first.start.day} {first.start:%B}" if first.written[0] else ""
    raise TransformAbort(
        [
            Problem(
                codes.code("term-longer-than-a-year"),
                Where(),
                {
                    "term": first.name or "(unnamed)",
                    "school": first.school,
                    "start": first.start.isoformat(),
                    "end": first.end.isoformat(),
                    "days": (first.end - first.start).days,
                    "written": f" (written {written})" if written else "",
                    "typed": typed,
                    "read": read,
                    "example": example or "01/09/2026 read as 9 January",
                    "step": _retype_step(first, swapped, typed, read, _shows(terms, read)),
                    "more": f"; and {len(long) - 1} more such term{'s' if len(long) > 2 else ''}"
                    if len(long) > 1
                    else "",
                },
            )
        ]
    )


def _refuse_terms_read_the_other_way(terms: set[Term], year_long_days: int = DEFAULT_YEAR_LONG_DAYS) -> None:
    """A school's term whose dates as read lie months from the term of its name at the other
    schools, and read with day and month the other way round lie within weeks of one
    (`_other_way_round`): one school's semesters typed day first, each inside one calendar year
    (1 September to 11 December written 01/09/2026 - 11/12/2026, read 9 January to 12 November),
    under D328's 400 days: its Semester 1 classes were removed in mid-November (tester49 F5).
    Refused (D330, exit 1). A term only one school has (a summer session) is not judged by the
    others. Two schools typed so (one registrar) vouch for each other (tester52 F3): a term is
    judged against the reading most schools agree on (`_misread_by_others`), and against its own
    school's year-long term (`_misread_by_its_year`): a semester that, as read, starts months
    before its school year or ends months after it, and read the other way round lies inside it."""
    by_name: dict[str, list[Term]] = {}
    for term in terms:
        by_name.setdefault(term.name.strip().casefold(), []).append(term)
    misread = []
    for term in sorted(terms, key=lambda t: (t.school, t.start, t.end, t.name)):
        swapped = _other_way_round(term)
        if swapped is None:
            continue
        others = [t for t in by_name.get(term.name.strip().casefold(), ()) if t.school != term.school]
        said = _misread_by_others(term, swapped, others)
        if said is None:
            said = _misread_by_its_year(term, swapped, terms, year_long_days)
        if said is not None:
            misread.append((term, swapped, said))
    if not misread:
        return
    term, (start, end), (apart, fits) = misread[0]
    written = " to ".join(term.written) if all(term.written) else ""
    typed, read = _orders(term)
    raise TransformAbort(
        [
            Problem(
                codes.code("term-read-the-other-way"),
                Where(),
                {
                    "term": term.name or "(unnamed)",
                    "school": term.school,
                    "start": term.start.isoformat(),
                    "end": term.end.isoformat(),
                    "written": f" (written {written})" if written else "",
                    "apart": apart,
                    "swapped": f"{start.isoformat()} to {end.isoformat()}",
                    "fits": fits,
                    "typed": typed,
                    "read": read,
                    "step": _retype_step(term, (start, end), typed, read),
                    "more": f"; and {len(misread) - 1} more such term{'s' if len(misread) > 2 else ''}"
                    if len(misread) > 1
                    else "",
                },
            )
        ]
    )


def _misread_by_others(term: Term, swapped: tuple[dt.date, dt.date], others: list[Term]) -> tuple[str, str] | None:
    """Whether more schools' terms of its name lie within weeks of the term read the other way
    round than of it as read, each of them months from it as read: (how far, what fits), else None.
    Not the nearest other school's term: a second school typed the same way would vouch for it."""
    if not others:
        return None
    as_read = [t for t in others if _apart(term.start, term.end, t) <= MISREAD_NEAR_DAYS]
    other_way = [t for t in others if _apart(*swapped, t) <= MISREAD_NEAR_DAYS]
    if len(other_way) <= len(as_read) or any(_apart(term.start, term.end, t) < MISREAD_APART_DAYS for t in other_way):
        return None
    near = min(other_way, key=lambda t: (_apart(*swapped, t), t.school))
    every = all(_apart(term.start, term.end, t) >= MISREAD_APART_DAYS for t in others)
    apart = f"months from the term of its name at {'every other school' if every else 'most other schools'}"
    return (
        apart,
        f"as the term is at the others ({near.start.isoformat()} to {near.end.isoformat()} at school {near.school})",
    )


def _misread_by_its_year(
    term: Term, swapped: tuple[dt.date, dt.date], terms: set[Term], year_long_days: int
) -> tuple[str, str] | None:
    """Whether the term, as read, starts months before every year-long term of its school or ends
    months after it, while read the other way round it lies inside one: (how far, what fits), else
    None. A summer session weeks past the last day, or a year-round calendar, stays inside."""
    years = sorted(
        (
            t
            for t in terms
            if t.school == term.school
            and t.name.strip().casefold() != term.name.strip().casefold()
            and year_long_days <= (t.end - t.start).days <= LONGEST_TERM_DAYS
        ),
        key=lambda t: (t.start, t.end, t.name),
    )
    if not years:
        return None
    grace = dt.timedelta(days=MISREAD_APART_DAYS)
    if any(y.start - grace <= term.start and term.end <= y.end + grace for y in years):
        return None
    near = dt.timedelta(days=MISREAD_NEAR_DAYS)
    inside = [y for y in years if y.start - near <= swapped[0] and swapped[1] <= y.end + near]
    if not inside:
        return None
    year = inside[0]
    shown = f"{year.name!r} " if year.name else ""
    return (
        "months outside its school's year-long term",
        f"inside that school year ({shown}{year.start.isoformat()} to {year.end.isoformat()})",
    )


def _apart(start: dt.date, end: dt.date, other: Term) -> int:
    """How far two terms' dates lie apart: the larger of their starts' and their ends' distances."""
    return max(abs((start - other.start).days), abs((end - other.end).days))


def _other_way_round(term: Term) -> tuple[dt.date, dt.date] | None:
    """The term's dates read with day and month the other way round, when both can be (written
    d/m/y or m/d/y, not ISO, neither past the 12th) and still make a term."""
    if any(re.match(r"\s*\d{4}\D", text) for text in term.written if text):
        return None
    if (
        term.start.day > 12
        or term.end.day > 12
        or (term.start.day == term.start.month and term.end.day == term.end.month)
    ):
        return None
    try:
        start = dt.date(term.start.year, term.start.day, term.start.month)
        end = dt.date(term.end.year, term.end.day, term.end.month)
    except ValueError:
        return None
    return (start, end) if start <= end else None


def _orders(term: Term) -> tuple[str, str]:
    """How the term's dates were typed and how the column reads them ("day", "month"), from the text
    written and the date read: '09/01/2026' read as 9 January is read day first, so typed month first
    (words64: D330 said "written day first and read month first" of a day-first district's one school
    that typed month first). ("day", "month") where the text does not tell, as the words were before."""
    for date, text in zip((term.start, term.end), term.written, strict=True):
        found = re.match(r"\s*(\d{1,2})\D+(\d{1,2})\D", text or "")
        if found is None or date.day == date.month:
            continue
        if int(found[1]) == date.day and int(found[2]) == date.month:
            return "month", "day"
        if int(found[1]) == date.month and int(found[2]) == date.day:
            return "day", "month"
    return "day", "month"


def _swapped(term: Term) -> tuple[dt.date, dt.date] | None:
    """The term's dates with day and month the other way round, where both can be (a D328 term's)."""
    try:
        return dt.date(term.start.year, term.start.day, term.start.month), dt.date(
            term.end.year, term.end.day, term.end.month
        )
    except ValueError:
        return None


def _shows(terms: set[Term], read: str) -> bool:
    """Whether some term's written dates show that the column is written `read` first: a day past the 12th
    where the day is read ('25/01/2027' read day first). Where none does (every term of the column typed day
    first, none past the 12th: review201 R3), the whole column may be written the other way."""
    for term in terms:
        for text in term.written:
            found = re.match(r"\s*(\d{1,2})\D+(\d{1,2})\D", text or "")
            if found is not None and int(found[1 if read == "day" else 2]) > 12:
                return True
    return False


def _retype_step(
    term: Term, swapped: tuple[dt.date, dt.date] | None, typed: str, read: str, shown_so: bool = True
) -> str:
    """D328's and D330's step: the term's dates to type in the SIS, in the order the column is read; and,
    when no date of the column shows that order (`shown_so`), first the profile's day_first for a column
    written the other way whole (review201 R3: the admin retyped one term a night)."""

    def shown(day: dt.date) -> str:
        sep = next((c for c in (term.written[0] or "/") if not c.isdigit() and not c.isspace()), "/")
        first, second = (day.day, day.month) if read == "day" else (day.month, day.day)
        return f"{first:02d}{sep}{second:02d}{sep}{day.year}"

    dates = f" ({shown(swapped[0])} to {shown(swapped[1])})" if swapped is not None else ""
    retype = f"correct the dates of term {term.name or '(unnamed)'!r} at school {term.school} in the SIS"
    if not shown_so:
        return (
            f"the column is read {read} first, and none of its dates shows which way it is written: when the whole "
            f"column is written {typed} first, set the term dates' day_first: {str(typed == 'day').lower()} in the "
            f"profile (settings.day_first, or the column's own date clean); when only this school typed them "
            f"{typed} first, {retype}: type them {read} first{dates}"
        )
    return (
        f"{retype}: the column is read {read} first, as the rest of it is written, and this school typed them "
        f"{typed} first; type them {read} first{dates}"
    )


def _day_first_fits(term: Term) -> bool:
    """Whether the term's dates, read with day and month the other way round, make a term of a
    school year's length: written d/m/y or m/d/y (not ISO), neither past the 12th. A class whose
    term runs from one year's marking period to the next year's (sections of two years under one
    code, X894) is no misread date, and is left to the checks that name it."""
    if any(re.match(r"\s*\d{4}\D", text) for text in term.written if text):
        return False  # ISO dates have one reading
    if term.start.day > 12 or term.end.day > 12:
        return False
    try:
        start = dt.date(term.start.year, term.start.day, term.start.month)
        end = dt.date(term.end.year, term.end.day, term.end.month)
    except ValueError:
        return False
    return start <= end and (end - start).days <= LONGEST_TERM_DAYS


def _template(parts: tuple[object, ...]) -> str:
    """A template as the profile wrote it ("{term.SD}")."""
    return "".join(p if isinstance(p, str) else f"{{{p}}}" for p in parts)


def _due(terms: set[Term], rule: TermFilterPlan, as_of: dt.date) -> bool:
    """Whether a term of the exports contains the as-of date or starts within the window."""
    horizon = _days_after(as_of, rule.window_days)
    return any(t.contains(as_of) or as_of < t.start <= horizon for t in terms)


def _nothing_due_named(
    terms: set[Term], picked: Mapping[tuple[str, str], set[str]], rule: TermFilterPlan, as_of: dt.date, report: Report
) -> None:
    """A summer night whose --term names only terms that ended (the job's --term list kept after the
    year's end, reviewer111 R2): nothing due, as without --term (F422, `_nothing_due`), and each --term
    said to take out (X842: exit 1), not every class left out as not chosen (X916)."""
    named = {t for t in terms if _picked(t, picked)} if rule.selected else set()
    if not named or any(t.end >= as_of for t in named) or _due(terms, rule, as_of):
        return
    say_ended_named(report, rule, as_of, chosen_named(terms, named, picked, rule, as_of), due=False)
    _nothing_due(terms, rule, as_of)


def _nothing_due(terms: set[Term], rule: TermFilterPlan, as_of: dt.date) -> None:
    """No term is current or upcoming anywhere. A later term: wait for it (F421). Every term
    ended, lately: the school year is over and the next one's terms are not exported yet
    (F422). Both exit 0. Every term ended long ago: a stale export, a person must look (X905)."""
    later = sorted((t for t in terms if t.start > as_of), key=lambda t: (t.start, t.name))
    if later:
        raise NothingDue(
            "term-not-started",
            {
                "term": later[0].name,
                "start": later[0].start.isoformat(),
                "as_of": as_of.isoformat(),
                "window": rule.window_days,
            },
        )
    last = max(terms, key=lambda t: (t.end, t.name))
    if (as_of - last.end).days <= STALE_AFTER_DAYS:
        years = rule.years
        _refuse_year_passed(terms, last, as_of, years)
        cut = _year_ended_mid_year(terms, last, as_of, years) or _year_running_on(terms, last, rule, as_of, years)
        if cut is None:
            raise NothingDue(
                "school-year-over", {"term": last.name, "end": last.end.isoformat(), "as_of": as_of.isoformat()}
            )
        if (as_of - last.end).days > rule.window_days:
            raise TransformAbort([cut])
        # Between terms (a winter break, a weekend between quarters) the next term's classes may
        # not be exported before the SIS switches terms: nothing due yet, said as a break with the
        # night it is refused from, not "the school year is over" (F422).
        due = _days_after(last.end, rule.window_days + 1)
        raise NothingDue(
            "term-break",
            {
                "term": last.name or "unnamed",
                "end": last.end.isoformat(),
                "as_of": as_of.isoformat(),
                "due": due.isoformat(),
                "refused": cut.code.id,
            },
        )
    listed = "; ".join(sorted({f"{t.name} {t.start.isoformat()} to {t.end.isoformat()}" for t in terms}))
    raise TransformAbort(
        [
            Problem(
                codes.code("no-current-term"),
                Where(),
                {"as_of": as_of.isoformat(), "window": rule.window_days, "terms": listed, "read": ""},
            )
        ]
    )


def _refuse_year_passed(terms: set[Term], last: Term, as_of: dt.date, years: SchoolYear = NORTHERN) -> None:
    """Every term ended and none later is exported, but the exports' school year started over a
    year (and YEAR_GRACE_DAYS) before `as_of`: the new school year has begun while the exports
    still hold the old one (a template filtered to last year's YearID). Not a summer: refused
    (X994, exit 1) rather than "nothing to publish" every night until day 120 (tester29 F4)."""
    long = [t for t in terms if YEAR_TERM_MIN_DAYS <= (t.end - t.start).days < WHOLE_YEAR_DAYS]
    if not long:
        return  # the school year's own dates alone: when school started is not known (day 120: X905)
    year = years.of(max(long, key=lambda t: t.end).end)
    start = min(t.start for t in long if years.of(t.end) == year)
    due = _days_after(_a_year_after(start), YEAR_GRACE_DAYS)
    if as_of <= due:
        return
    params = {
        "as_of": as_of.isoformat(),
        "term": last.name,
        "end": last.end.isoformat(),
        "start": start.isoformat(),
        "due": due.isoformat(),
        "grace": YEAR_GRACE_DAYS,
        "read": "",
    }
    raise TransformAbort([Problem(codes.code("school-year-passed"), Where(), params)])


# A school year lasts longer than this (seven months), and none ends in these months of it (October
# to March of a July-to-June year): terms that ran so, one after another, and ended with nothing
# after them are a semester filter (X890).
SHORTEST_SCHOOL_YEAR_DAYS = 210
MID_YEAR_MONTHS = range(3, 9)
# Terms apart by more than this (a summer break; a winter break is two or three weeks) are of two
# school years.
SCHOOL_YEAR_GAP_DAYS = 42
# Terms one after another for this long (nine months) are a whole school year, however its calendar
# runs (the southern hemisphere's February to December, a year-round track's June to March): ended,
# not X896. A July-to-June year's third quarter ends some 230 days after its first day, and up to
# 275 after a first day in early July: a year starting in July, August or September (the northern
# school year's) is never so ended mid-year (review of stop 47).
WHOLE_SCHOOL_YEAR_DAYS = 270
YEAR_START_MONTHS = range(3)  # July, August, September of a July-to-June year


def _year_ended_mid_year(terms: set[Term], last: Term, as_of: dt.date, years: SchoolYear = NORTHERN) -> Problem | None:
    """Every term ended lately and none later is exported, but the school year they make (the
    terms one after another back from the last, none a summer apart) lasted under seven months
    and ended between October and March: no school year ends so. A district of semester classes
    only (a block schedule: no year-long class says the year runs on, as X895 reads at one school
    among others), its sections export still filtered to Semester 1 on the night of Semester 2
    (tester52 F5, tester49 F2): not the summer (F422, exit 0, Remind keeping the ended classes all
    spring) but refused (X890, exit 1). The last day in May or June, a summer session, or a
    southern-hemisphere year (February to December) is none. A district whose profile says its
    school year (settings.school_year_starts) is judged by X896 alone, whose words name that
    year's end: X890's say a school year ends from April."""
    if years.declared or years.month_in_year(last.end.month) not in MID_YEAR_MONTHS:
        return None
    start = _year_start(terms, last)
    days = (last.end - start).days
    if days >= SHORTEST_SCHOOL_YEAR_DAYS:
        return None
    params = {
        "as_of": as_of.isoformat(),
        "term": last.name or "unnamed",
        "end": last.end.isoformat(),
        "start": start.isoformat(),
        "days": days,
        "month": last.end.strftime("%B"),
    }
    return Problem(codes.code("school-year-ends-mid-year"), Where(), params)


def _year_start(terms: set[Term], last: Term) -> dt.date:
    """The first day of the school year `last` ends: the terms one after another back from it,
    none a summer apart."""
    start = last.start
    for term in sorted(terms, key=lambda t: t.start, reverse=True):
        if term.start < start and (start - term.end).days <= SCHOOL_YEAR_GAP_DAYS:
            start = term.start
    return start


def _year_running_on(
    terms: set[Term], last: Term, rule: TermFilterPlan, as_of: dt.date, years: SchoolYear = NORTHERN
) -> Problem | None:
    """Every term ended, none later exported, and the last to end is a semester's or a quarter's
    that ended well inside its school year (by 30 June of the year its first day is in, over half
    its own length left after it; after a quarter, another quarter's length): not the summer but
    the rest of the year missing from the exports, the sections (or terms) export still filtered
    to the ended term. A district whose schools have only semester or quarter classes (no
    year-long class that says the year runs on, X895) was told "the school year is over" (F422,
    exit 0) on the night after semester 1, every night until day 120, the last set's ended
    classes left in Remind and none of semester 2's. Refused (X896, exit 1). The year's last
    semester or quarter (ending in May or June), a summer session (under eight weeks), a term
    ending after 30 June, and the end of terms one after another for nine months or more (a school
    year of its own calendar: the southern hemisphere's February to December, a year-round track's
    June to March) are no such night."""
    ending = [t for t in terms if t.end == last.end]
    ran = max((t.end - t.start).days for t in ending)
    if not YEAR_TERM_MIN_DAYS <= ran < rule.year_long_days:
        return None
    year_end = years.last_day(years.of(last.start))
    left = (year_end - last.end).days
    if as_of > year_end or left < 0:
        return None
    if ran < LONGEST_QUARTER_DAYS and left < ran:
        return None  # the year's last quarter: another would not fit
    if left * 2 < ran:
        return None  # the year's last semester (or trimester)
    start = _year_start(terms, last)
    began_early = years.month_in_year(start.month) in YEAR_START_MONTHS
    if (last.end - start).days >= WHOLE_SCHOOL_YEAR_DAYS and not began_early:
        return None  # a whole school year of its own calendar, ended
    params = {
        "as_of": as_of.isoformat(),
        "term": last.name or "(unnamed)",
        "start": last.start.isoformat(),
        "end": last.end.isoformat(),
        "year_end": year_end.isoformat(),
        "left": left,
        "read": "",
    }
    return Problem(codes.code("rest-of-year-terms-missing"), Where(), params)


def _refuse_school_year_crossed(terms: set[Term], years: SchoolYear, *, typed: bool = False) -> None:
    """A district whose profile says its school year (settings.school_year_starts), with a term of
    a quarter or longer running across that year's first day: the setting is wrong (a northern
    district given a southern calendar year: its fall semester runs from August to January) or
    written after the first day of school. Judged by it, a new school year could pass as a term
    change without --allow-rollover, or a term change be refused: refused (X807, exit 2), the
    profile's to fix. A July-to-June year is not judged so (a year-round school's term may run
    across 1 July). `typed`: the profile made a published set (its terms recorded) and is unchanged
    since: the setting held then, so a term's date typed wrong in the SIS is likelier (X832, exit 1,
    naming the term's row first: reviewer105 R4), as I295 is for a column."""
    if not years.declared:
        return
    for term in sorted(terms, key=lambda t: (t.start, t.school, t.name)):
        first = years.first_day(years.of(term.end))
        if term.start < first and (term.end - term.start).days >= YEAR_TERM_MIN_DAYS:
            params = {
                "month": years.month_name,
                "term": term.name or "unnamed",
                "school": term.school,
                "start": term.start.isoformat(),
                "end": term.end.isoformat(),
                "before": (first - term.start).days,
                "after": (term.end - first).days + 1,
            }
            if typed:
                said = [f"row {term.key} of the terms export" if term.key else "", _typed(term)]
                params["row"] = f" ({', '.join(s for s in said if s)})" if any(said) else ""
                raise TransformAbort([Problem(codes.code("school-year-crossed-by-term"), Where(), params)])
            raise TransformAbort([Problem(codes.code("school-year-start-contradicted"), Where(), params)])


def _typed(term: Term) -> str:
    """ "typed 08/17/2026 to 01/08/2028": the term's dates as its row wrote them, when known."""
    return f"typed {term.written[0]} to {term.written[1]}" if all(term.written) else ""


def _a_year_after(day: dt.date) -> dt.date:
    """The same day a year later (29 February: 1 March)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return dt.date(day.year + 1, 3, 1)


def _ended_this_year(dated: list[Term], terms: set[Term], rule: TermFilterPlan, as_of: dt.date) -> str:
    """ "TERM ended DATE" when every term of a class ended before `as_of` in the same school
    year (a year-long term of its school holds both; without one, the July-to-June year), else ""."""
    if any(t.end >= as_of for t in dated):
        return ""
    years = [t for t in terms if t.school == dated[0].school and (t.end - t.start).days >= rule.year_long_days]
    for term in dated:
        holding = [y for y in years if y.contains(as_of)]
        if holding and not any(y.start <= term.start for y in holding):
            return ""
        if not holding and rule.years.of(term.end) != rule.years.of(as_of):
            return ""
    last = max(dated, key=lambda t: t.end)
    return f"{last.name} ended {last.end.isoformat()}"


def _days_after(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, or the last date there is (an --as-of of 9999-12-31 has no window after it)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def _excluded(draft: Draft, plan: Plan) -> bool:
    """Whether the class is of a school not rostered (--school, settings.schools and exclude_schools:
    run.Run._rostered), or `drop_excluded_classes` drops it (a lunch, a study hall)."""
    school = draft.values.get("schoolSourcedId", "")
    if school in plan.excluded_schools or (plan.schools and school not in plan.schools):
        return True
    exclude = plan.exclude
    if exclude is None or draft.extra.get(COMING):
        return False
    keep = draft.extra.get("keep", "").strip().casefold() in exclude.keep_values
    return not keep and _first_match(draft, plan) is not None


def drop_excluded_classes(drafts: Iterable[Draft], *, plan: Plan, report: Report) -> Iterator[Draft]:
    """Drop classes (lunch, study hall, flagged ones ...) unless the keep list names them."""
    exclude = plan.exclude
    if exclude is None:
        yield from drafts
        return
    for draft in drafts:
        if draft.extra.get(COMING):  # lends its class only its term: judged with the class's rows now
            yield draft
            continue
        hit = _first_match(draft, plan)
        if hit is None or draft.extra.get("keep", "").strip().casefold() in exclude.keep_values:
            yield draft
            continue
        field, value, name, pattern, inside = hit
        report.excluded_by_pattern.setdefault(draft.values.get("sourcedId", ""), _excluded_by(exclude, hit, draft))
        if inside:
            titles = report.excluded_inside_words.setdefault(name, {})
            titles.setdefault(value, set()).add(draft.values.get("sourcedId", ""))
        report.add(
            codes.code("class-excluded-pattern"), _where(draft), field=field, value=value, pattern=pattern, name=name
        )


def _excluded_by(exclude: ExcludePlan, hit: tuple[str, str, str, str, bool], draft: Draft) -> ExcludedBy:
    """The rule that left the class out, where it is switched on (X906, I216): a flag's class by its title
    (the flag's value, 'Y', names no class: review151 R5)."""
    field, value, name, pattern, _ = hit
    column = dict(exclude.flag_columns).get(name) if field.startswith("flag ") else None
    if column is not None:
        return ExcludedBy(name, pattern, draft.values.get("title", "") or value, ("flag",), column)
    return ExcludedBy(name, pattern, value, dict(exclude.places).get(name, ("patterns",)))


def screened(drafts: Iterable[Draft], *, plan: Plan, report: Report) -> Iterator[Draft]:
    """The class rows of the exports, every term's, each noted for the --exclude-class patterns that
    match it (I248): a pattern that matches only classes the term filter leaves out tonight (an ended
    term's Science 5) is spelled right, and no typo to say (reviewer96 R6)."""
    patterns = plan.exclude.patterns if plan.exclude is not None else ()
    given = [(name, regex) for name, regex in patterns if name.startswith("--exclude-class")]
    for draft in drafts:
        if given:
            report.classes_screened += 1
            _note_matched(draft, plan, given, report)
        yield draft


def _note_matched(draft: Draft, plan: Plan, given: list[tuple[str, re.Pattern[str]]], report: Report) -> None:
    """The command line's patterns that match a field of the class, whichever pattern leaves it out."""
    assert plan.exclude is not None
    for name, regex in given:
        if name not in report.patterns_matched and any(
            regex.search(draft.extra.get(f"exclude:{i}", "")[:MAX_MATCH_CHARS])
            for i, _ in enumerate(plan.exclude.fields)
        ):
            report.patterns_matched.add(name)


def note_patterns_matching_nothing(plan: Plan, report: Report) -> None:
    """I248: an --exclude-class pattern that matched no class of the classes read (a typo: 'Mth');
    said only when classes were read (a night with nothing due reads none)."""
    if plan.exclude is None or not report.classes_screened:
        return
    fields = " and ".join(_field_words(parts) for _, parts in plan.exclude.fields)
    for name, regex in plan.exclude.patterns:
        if name.startswith("--exclude-class") and name not in report.patterns_matched:
            report.add(
                codes.code("class-pattern-matches-nothing"),
                Where(file="the command line"),
                pattern=regex.pattern,
                fields=fields,
                classes=report.classes_screened,
            )


def _field_words(parts: tuple[Part, ...]) -> str:
    """A field exclude_classes searches, in words: "the class's title", "the course's Course_Name"
    (`{out.title}`, `{course.Course_Name}`: the profile's template is no name an admin knows)."""
    refs = fields(parts)
    said = [f"the {'class' if ref.alias in (None, 'out') else ref.alias}'s {ref.column}" for ref in refs]
    return " with ".join(said) or "a fixed text"


def _field_name(parts: tuple[Part, ...]) -> str:
    """A field exclude_classes searches, named for F406 and I223: "title", "course's Course_Name"
    (the class excluded: title 'Lunch A'), never the template '{out.title}' (tester71 N7c)."""
    refs = fields(parts)
    said = [ref.column if ref.alias in (None, "out") else f"{ref.alias}'s {ref.column}" for ref in refs]
    if not any(isinstance(part, str) and part for part in parts):
        return " with ".join(said) or "fixed text"
    # a template with text of its own: its value is not the column's (review146 R5: homeroomSection
    # 'flag.hmrm=1' while the column holds '1'): the template is named with the columns
    written = "".join(part if isinstance(part, str) else f"{{{part}}}" for part in parts)
    return f"{' with '.join(said) or 'fixed text'} written as {written!r}"


def _first_match(draft: Draft, plan: Plan) -> tuple[str, str, str, str, bool] | None:
    """(field, value, pattern name, pattern, whether it matched inside a word) of the first
    flag or pattern that leaves the class out."""
    assert plan.exclude is not None
    for name, _ in plan.exclude.flags:
        value = draft.extra.get(f"flag:{name}", "")
        if value.strip().casefold() in TRUTHY:
            return f"flag {name}", value, name, "set", False
    for i, (_, parts) in enumerate(plan.exclude.fields):
        value = draft.extra.get(f"exclude:{i}", "")
        for name, regex in plan.exclude.patterns:
            found = regex.search(value[:MAX_MATCH_CHARS]) if value else None
            if found:
                field = _field_name(parts)
                field += ":" if " written as " in field else ""
                return field, value, name, regex.pattern, _inside_word(value, found.start(), found.end())
    return None


def _inside_word(value: str, start: int, end: int) -> bool:
    """A match that begins or ends between two letters or digits: "sh" in "English"."""
    return (0 < start < len(value) and value[start - 1].isalnum() and value[start].isalnum()) or (
        0 < end < len(value) and value[end - 1].isalnum() and value[end].isalnum()
    )


INSIDE_WORDS_AT_LEAST = 2  # distinct values a pattern matched inside a word: a short code hitting real titles


def note_patterns_inside_words(plan: Plan, report: Report, *, own: Mapping[str, str]) -> None:
    """I223: an exclusion pattern of the district's own profile or command line (`own`: its name ->
    its place)
    that left out classes of at least INSIDE_WORDS_AT_LEAST distinct titles matching inside a
    word (`SH|STDY` for study hall also leaves out "English 9" and "Spanish I", tester57 F14):
    each such title listed with its classes. A first set, or the first after the profile changed,
    exits 1 (summary._checked): the F406 count mixes them with the classes meant."""
    if plan.exclude is None:
        return
    patterns = dict(plan.exclude.patterns)
    field = _field_name(plan.exclude.fields[0][1]) if len(plan.exclude.fields) == 1 else "fields"
    for name, values in report.excluded_inside_words.items():
        if name not in own or len(values) < INSIDE_WORDS_AT_LEAST:
            continue
        listed = sorted(values.items(), key=lambda pair: (-len(pair[1]), pair[0]))
        shown = [f"{value!r} ({len(ids)})" for value, ids in listed[:10]]
        more = f" and {len(listed) - 10} more" if len(listed) > 10 else ""
        report.add(
            codes.code("class-pattern-inside-words"),
            Where(file=own[name]),
            place="--exclude-class" if name.startswith("--") else f"filters.exclude_classes.patterns.{name}",
            name=name,
            pattern=patterns[name].pattern if name in patterns else "",
            count=sum(len(ids) for _, ids in listed),
            field=field,
            titles=", ".join(shown) + more,
            fix="If not, make the pattern match whole words only (`(?<![a-z])(SH|STDY)(?![a-z])`), "
            "or keep those classes with exclude_classes.keep",
        )


def _where(draft: Draft) -> Where:
    return Where(
        draft.origin.file,
        draft.origin.line,
        table=draft.table,
        record=draft.values.get("sourcedId", ""),
        who=draft.who(),
    )
