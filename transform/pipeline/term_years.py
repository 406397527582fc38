"""A class's terms that have no dates, judged by the school year the terms export writes for
them (`filters.current_term.school_year`): a term of another school year is not current.

A OneRoster session must have its dates, and a profile keeps the classes of a term without them
(`undated: keep`) for layouts with no term dates at all. A session of last school year written
without its dates ("sy26,...,schoolYear,,,,2026") kept last year's classes in this year's set at
exit 0 (tester59 F5), though its own row said which year it was.
"""

from __future__ import annotations

import re

from transform.cleaners.dates import school_year_end, school_year_of
from transform.profile.compile import Plan

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
    this_year = school_year_of(plan.as_of)
    undated = undated_years(draft, plan)
    others = [(name, year) for name, year in undated if year is not None and not _may_be_this_year(year, this_year)]
    return others if undated and len(others) == len(undated) else []


def _may_be_this_year(year: int, this_year: int) -> bool:
    """Whether a school year written `year` may be the as-of date's (`this_year`, named by the
    year it ends): so, or the year before it, as a district of a calendar school year (the southern
    hemisphere's 2026 in September 2026) or a vendor naming years by their start writes this year
    (review of stop 48: this year's classes left out at exit 0). A year behind by one is
    last year's only by the export's own convention, which a row without dates does not tell."""
    return this_year - 1 <= year <= this_year
