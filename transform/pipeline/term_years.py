"""A class's terms that have no dates, judged by the school year the terms export writes for
them (`filters.current_term.school_year`): a term of another school year is not current.

A OneRoster session must have its dates, and a profile keeps the classes of a term without them
(`undated: keep`) for layouts with no term dates at all. A session of last school year written
without its dates ("sy26,...,schoolYear,,,,2026") kept last year's classes in this year's set at
exit 0 (tester59 F5), though its own row said which year it was.
"""

from __future__ import annotations

import datetime as dt
import re

from transform.cleaners.dates import school_year_end
from transform.profile.compile import Plan
from transform.profile.templates import fields

from .rows import MULTI_SEP, Draft

# The class extra the profile's `filters.current_term.school_year` is rendered into.
TERM_YEAR = "term_year"
_YEAR = re.compile(r"^[12]\d{3}$")


def written_school_year(text: str) -> int | None:
    """The school year a cell names, by the year it ends: '2027', '2026-2027' or '2026-27' for
    2026-27; None for anything else (blank, a date, a title)."""
    text = text.strip()
    if _YEAR.match(text):
        return int(text)
    ending = school_year_end(text)
    return int(ending) if ending is not None else None


def undated_years(draft: Draft, plan: Plan) -> list[tuple[str, int | None]]:
    """Each of the class's terms without dates, by name (else its ID), with the school year its
    row writes (None: not written, or not as a year)."""
    extra = draft.extra
    starts = extra.get("term_start", "").split(MULTI_SEP)
    ends = extra.get("term_end", "").split(MULTI_SEP)
    names = extra.get("term_name", "").split(MULTI_SEP)
    years = extra.get(TERM_YEAR, "").split(MULTI_SEP)
    ids = [i.strip() for i in extra.get("term_ids", "").replace(MULTI_SEP, ",").split(",") if i.strip()]
    found = []
    for i in range(max(len(starts), len(ends))):
        start = plan.parse_term_date(starts[i]) if i < len(starts) else None
        end = plan.parse_term_date(ends[i]) if i < len(ends) else None
        if start is not None and end is not None:
            continue
        name = (names[i].strip() if i < len(names) else "") or (ids[i] if i < len(ids) else "") or "?"
        found.append((name, written_school_year(years[i]) if i < len(years) else None))
    return found


def of_other_years(draft: Draft, plan: Plan) -> list[tuple[str, int]]:
    """The class's undated terms whose school year is written and cannot be the as-of date's,
    when every undated term of the class is such a one; else none (a term of this year, or of
    no year written, leaves the class to `undated:` as before). Not with --term, which chooses
    by name and may roster the coming year ahead."""
    rule = plan.current_term
    if rule is None or rule.selected or not rule.school_year:
        return []
    this_year = plan.school_years.of(plan.as_of)
    undated = undated_years(draft, plan)
    lenient = plan.school_years.first_month > 1
    others = [
        (name, year) for name, year in undated if year is not None and not _may_be_this_year(year, this_year, lenient)
    ]
    return others if undated and len(others) == len(undated) else []


def _may_be_this_year(year: int, this_year: int, lenient: bool) -> bool:
    """Whether a school year written `year` may be the as-of date's (`this_year`, named by the
    year it ends): so, or the year before it (`lenient`), as a district of a calendar school year
    (the southern hemisphere's 2026 in September 2026) or a vendor naming years by their start
    writes this year (review of stop 48: this year's classes left out at exit 0). A year behind by
    one is last year's only by the export's own convention, which a row without dates does not
    tell; a district whose profile says its school year is a calendar year (school_year_starts:
    January) has named this year by its own calendar year, its start's and its end's: not lenient."""
    return (this_year - 1 if lenient else this_year) <= year <= this_year


# A draft's extra: a class of undated terms whose school year the export's own dated terms judge
# once all are read (`YearsWritten`), in `filters.select_terms`'s second pass.
JUDGED_LATER = "undated term year judged later"


class YearsWritten:
    """The school years the export's own dated terms write, each with the first and last days of
    its terms: how this export names the as-of date's school year (`this_year`).

    Northern exports write the year a school year ends (2027 for 2026-27), a district of a calendar
    school year (the southern hemisphere) or a vendor naming years by their start writes 2026 for
    the same December: a blank-dated session of schoolYear 2026 is last year's in the first and
    this year's in the others, and its row alone cannot tell (tester59 F5). The dated sessions
    holding the as-of date can."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.spans: dict[int, tuple[dt.date, dt.date]] = {}
        self.holding: dict[int, str] = {}  # a term of each year holding the as-of date, as shown

    def add(self, draft: Draft) -> None:
        extra, plan = draft.extra, self.plan
        years = extra.get(TERM_YEAR, "").split(MULTI_SEP)
        starts = extra.get("term_start", "").split(MULTI_SEP)
        ends = extra.get("term_end", "").split(MULTI_SEP)
        names = extra.get("term_name", "").split(MULTI_SEP)
        for i, written in enumerate(years):
            year = written_school_year(written)
            start = plan.parse_term_date(starts[i]) if i < len(starts) else None
            end = plan.parse_term_date(ends[i]) if i < len(ends) else None
            if year is None or start is None or end is None or end < start:
                continue
            first, last = self.spans.get(year, (start, end))
            self.spans[year] = (min(first, start), max(last, end))
            if start <= plan.as_of <= end and year not in self.holding:
                name = names[i].strip() if i < len(names) else ""
                self.holding[year] = f"{name!r}, {start.isoformat()} to {end.isoformat()}"

    def this_year(self) -> tuple[int, str] | None:
        """The one school year whose dated terms, first day to last, hold the as-of date, with a
        term of it shown; None when none does (a summer, no dated term) or two do (the export
        disagrees with itself): then nothing is learned and such classes are kept as before."""
        as_of = self.plan.as_of
        holding = [year for year, (first, last) in self.spans.items() if first <= as_of <= last]
        if len(holding) != 1:
            return None
        year = holding[0]
        first, last = self.spans[year]
        return year, self.holding.get(year) or f"its terms from {first.isoformat()} to {last.isoformat()}"


def judged_later(draft: Draft, plan: Plan) -> bool:
    """Whether a class of undated terms only, each with a school year written that may be this
    year's (`of_other_years` leaves it), waits for `YearsWritten` to judge it."""
    rule = plan.current_term
    if rule is None or rule.selected or not rule.school_year or not rule.keep_undated:
        return False
    undated = undated_years(draft, plan)
    return bool(undated) and all(year is not None for _, year in undated) and not of_other_years(draft, plan)


def behind_the_export(draft: Draft, plan: Plan, this_year: int) -> list[tuple[str, int]]:
    """The class's undated terms, when each writes another school year than `this_year` (the
    export's own name of the as-of date's, `YearsWritten.this_year`); else none."""
    undated = undated_years(draft, plan)
    others = [(name, year) for name, year in undated if year is not None and year != this_year]
    return others if undated and len(others) == len(undated) else []


def year_column(plan: Plan) -> str:
    """The column the profile reads a term's school year from (`schoolYear`)."""
    rule = plan.current_term
    refs = [part.column for part in fields(rule.school_year if rule else ())]
    return refs[0] if refs else "school year"
