"""A new school year's first night, told by the terms (rollover57, tester62 H2).

On the night the new year's set is first due (its first term within the roster-ahead window), the
removal gate refuses it: every class and enrolment of the last set is gone. X906 said what tells a
broken export from a new year, and, where some students had changed school with their new grade,
called the night a school move (pipeline.school_moves: "1 of them ... moved between schools; the
other 44 are not of the move") and never "a new school year". A person reading it could not tell
the one rerun it needs (--allow-rollover) from a broken export.

What tells: every term of tonight's set is of a school year later than every term the last
published set recorded (last.json's terms, by the district's school year: settings.school_year_starts),
every class the last set held that is removed tonight is one of those terms, ended by that set's
dates (gate.Change.ended_then) or by the calendar (Change.ended), and tonight's set adds classes (the
new year's). Then the refusals (X906, X953) say the new year first, and their step names
--allow-rollover first; the school-move words do not take the night over. No verdict changes: the
night is refused as before, and a broken export of the new year (errors, an export cut short) is
still said beside it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from transform.cleaners.school_year import SchoolYear
from transform.report import codes
from transform.report.problem import Problem, Where

from .filters import NothingDue, Term
from .gate import Change


def judge(
    classes: Change | None,
    *,
    starts_then: Mapping[str, dt.date],
    current: Mapping[str, Term],
    years: SchoolYear,
) -> str:
    """The words a removal refusal says first on a new school year's night (see the module):
    "a new school year (2027-28) replaces the last set's (2026-27): rerun once with --allow-rollover";
    "" on any other night. `classes`: classes.csv's change against the last set; `starts_then`: the
    first day of each term that set recorded; `current`: tonight's set's terms, by ID."""
    if classes is None or not classes.removed or not classes.added or not starts_then or not current:
        return ""
    if any(key not in classes.ended_then and key not in classes.ended for key in classes.removed):
        return ""  # a class of the last set removed for another reason than its term's end
    before = {years.of(start) for start in starts_then.values()}
    tonight = {years.of(term.start) for term in current.values()}
    if min(tonight) <= max(before):
        return ""
    new, old = min(tonight), max(before)
    return (
        f"a new school year ({name(new, years)}) replaces the last set's ({name(old, years)}): "
        "rerun once with --allow-rollover"
    )


def name(year: int, years: SchoolYear) -> str:
    """A school year as people write it: 2027-28 for the July-to-June year ending in 2028, 2028 for a
    calendar year's."""
    return f"{year - 1}-{year % 100:02d}" if years.first_month > 1 else str(year)


def unused(pause: NothingDue) -> Problem:
    """I299: --allow-rollover given on a night with nothing due (`pause`: F421, F422, F443, I288) accepted
    nothing, and the night it is for is refused as before (tester62 H2: given the night the SIS rolled
    over, a month before the new year's set was due, used up unsaid). Says which night to give it on."""
    params = pause.params
    if pause.code_slug == "term-not-started":
        start = dt.date.fromisoformat(str(params["start"]))
        due = start - dt.timedelta(days=int(str(params["window"])))
        when = (
            f"the set of {params['term']} is first due on {due.isoformat()} (it starts on {start.isoformat()}, "
            f"rostered {params['window']} days ahead): if it is a new school year, give --allow-rollover on that "
            "night (X906 says 'a new school year' then), not before"
        )
    elif pause.code_slug == "school-year-over":
        when = (
            "the next school year's terms are not in the exports yet: give --allow-rollover on the first night its "
            "set is due (its first day minus the roster-ahead window, filters.current_term.window_days), when X906 "
            "says 'a new school year'"
        )
    else:  # a break between terms (F443, I288): no new school year
        when = (
            f"a break between terms needs no --allow-rollover (the next term's classes are due by "
            f"{params.get('due', '')}): take it out of the job"
        )
    return Problem(codes.code("rollover-unused"), Where(), {"pause": codes.code(pause.code_slug).id, "when": when})
