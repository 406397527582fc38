"""The school year over, said by a OneRoster export of the current classes only (summer51).

Such a SIS (ProgressBook's integration) writes no class of a term that has ended, nor its
enrolments: from the day after the year's last day, classes.csv and enrollments.csv hold a header
only. The term filter then sees no term at all, and every summer night was refused as an empty
export (X910) losing every class (X906), exit 1 where nothing is due: a district alerted every
night of the summer learns to ignore exit 1. The summer is told from a broken export by the terms
alone, never by a date: the last published set's terms have all ended by tonight, and no term of
tonight's terms export (academicSessions.csv) runs (one may be ahead, not begun).
Then the night is the one the term filter says when the classes of ended terms are exported
(F422, or F421 before a later term), exit 0, the last set kept. An export emptied while a term
runs, a new year's term begun, classes emptied while the enrolments still have rows, a first set
(no terms recorded), or tonight's terms saying anything else (a stale export, a cut year) stay
refused as before."""

from __future__ import annotations

from collections.abc import Collection

from transform.profile.compile import Plan
from transform.report.problem import TransformAbort
from transform.report.report import Report

from . import read
from .filters import HeldTerms, NothingDue, TermsExported, _nothing_due

# What the term filter says of ended terms that is a night with nothing due.
PAUSES = ("school-year-over", "term-not-started")


def pause_if_over(
    plan: Plan, exports: Collection[read.SourceFile], *, held: HeldTerms | None, exported: TermsExported
) -> None:
    """Raise the term filter's NothingDue (F422, F421) when the class and enrolment `exports` hold
    no data row and the terms have all ended (see the module); else return, and the run goes on
    (the gate refuses the empty exports, X910)."""
    rule = plan.current_term
    if rule is None or rule.selected or plan.kept_over_break or held is None:
        return
    as_of = plan.as_of
    if any(term.end >= as_of for term in held.terms.values()):
        return  # a term of the last set runs on: an export emptied during the year
    terms = {term for term, _ in exported(set())}
    # A term due within the window but not begun is no class due yet: such a SIS exports a term's
    # classes from its first day (F421 until then); from that day, still none is a broken export.
    if not terms or any(term.start <= as_of <= term.end for term in terms):
        return  # no terms to judge by, or one running: not the summer
    if not exports or not all(_holds_no_row(source) for source in exports):
        return  # classes emptied while enrolments still have rows (or the other way): broken
    try:
        _nothing_due(terms, rule, as_of)
    except NothingDue as pause:
        if pause.code_slug in PAUSES:
            raise
    except TransformAbort:
        pass  # a stale export, a year cut short or passed: the gate refuses the empty exports (X910)


def _holds_no_row(source: read.SourceFile) -> bool:
    try:
        for _ in read.iter_rows(source, Report(max_examples=0), first_pass=False):
            return False  # the first data row is enough (the reader closes with the generator)
    except TransformAbort:
        return False  # a file cut short holds something
    return True
