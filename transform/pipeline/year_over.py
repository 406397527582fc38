"""The school year over, said by a OneRoster export of the current classes only (summer51).

Such a SIS (ProgressBook's integration) writes no class of a term that has ended, nor its
enrolments: from the day after the year's last day, classes.csv and enrollments.csv hold a header
only. The term filter then sees no term at all, and every summer night was refused as an empty
export (X910) losing every class (X906), exit 1 where nothing is due: a district alerted every
night of the summer learns to ignore exit 1. The summer is told from a broken export by the terms
alone, never by a date: the last published set's terms have all ended by tonight, and no term of
tonight's terms export (academicSessions.csv) runs (one may be ahead, not begun). A school-year
session runs from its first shorter term's first day to its last's last day (`_as_taught`): one
dated to the administrative year (1 July to 30 June) runs on a month after the last day of school.
Then the night is the one the term filter says when the classes of ended terms are exported
(F422, or F421 before a later term), exit 0, the last set kept. An export emptied while a term
runs, a new year's term begun, classes emptied while the enrolments still have rows, or tonight's
terms saying anything else (a stale export, a cut year) stay refused as before. A first set (no
terms recorded: a district installing the tool in July) is judged by tonight's terms alone, as a
first set whose classes are exported is (F422, with I253 saying how to see a set before the year)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection

from transform.profile.compile import Plan
from transform.report.problem import TransformAbort
from transform.report.report import Report

from . import read
from .filters import HeldTerms, NothingDue, Term, TermsExported, _nothing_due

# What the term filter says of ended terms that is a night with nothing due.
PAUSES = ("school-year-over", "term-not-started")


def pause_if_over(
    plan: Plan, exports: Collection[read.SourceFile], *, held: HeldTerms | None, exported: TermsExported
) -> None:
    """Raise the term filter's NothingDue (F422, F421) when the class and enrolment `exports` hold
    no data row and the terms have all ended (see the module); else return, and the run goes on
    (the gate refuses the empty exports, X910)."""
    rule = plan.current_term
    if rule is None or rule.selected or plan.kept_over_break:
        return
    as_of = plan.as_of
    exported_terms = {term for term, _ in exported(set())}
    held_terms = held.terms.values() if held is not None else ()  # none: a first set, by tonight's terms
    every = {*held_terms, *exported_terms}
    if any(_as_taught(term, every, rule.year_long_days).end >= as_of for term in held_terms):
        return  # a term of the last set runs on: an export emptied during the year
    terms = {_as_taught(term, every, rule.year_long_days) for term in exported_terms}
    # A term due within the window but not begun is no class due yet: such a SIS exports a term's
    # classes from its first day (F421 until then); from that day, still none is a broken export.
    if not terms or any(term.start <= as_of <= term.end for term in terms):
        return  # no terms to judge by, or one running: not the summer
    if not exports or not all(holds_no_row(source) for source in exports):
        return  # classes emptied while enrolments still have rows (or the other way): broken
    try:
        _nothing_due(terms, rule, as_of)
    except NothingDue as pause:
        if pause.code_slug in PAUSES:
            raise
    except TransformAbort:
        pass  # a stale export, a year cut short or passed: the gate refuses the empty exports (X910)


def _as_taught(term: Term, every: Collection[Term], year_long_days: int) -> Term:
    """A school-year session (a year long) dated past the shorter terms within its dates (the
    administrative year, 1 July to 30 June, its quarters or semesters running from a day in August
    to the last day of school in June) runs from the first of them to the last: the classes of such
    a SIS are exported from the first day to the last only (review67 R4: refused from the last day
    to 30 June, and next year's from 1 July). A year session with no shorter term within it, or a
    term no longer than a part of a year, is as dated."""
    if (term.end - term.start).days < year_long_days:
        return term
    parts = [t for t in every if (t.end - t.start).days < year_long_days and term.start <= t.start <= t.end <= term.end]
    if not parts:
        return term
    first, last = min(t.start for t in parts), max(t.end for t in parts)
    return dataclasses.replace(term, start=max(term.start, first), end=min(term.end, last))


def holds_no_row(source: read.SourceFile) -> bool:
    try:
        for _ in read.iter_rows(source, Report(max_examples=0), first_pass=False):
            return False  # the first data row is enough (the reader closes with the generator)
    except TransformAbort:
        return False  # a file cut short holds something
    return True
