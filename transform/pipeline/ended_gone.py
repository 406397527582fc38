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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.pipeline.filters import Term


@dataclass(frozen=True, slots=True)
class TermsTonight:
    """Tonight's terms export (`rows`: every dated row, with the school its row names, "" when
    none is known), tonight's date, and what the last published set recorded: its as-of date
    (`made`) and each term's name, first and last day by term ID."""

    rows: Sequence[Term]
    tonight: dt.date
    made: dt.date | None
    names: Mapping[str, str] = field(default_factory=dict)
    starts: Mapping[str, dt.date] = field(default_factory=dict)
    ends: Mapping[str, dt.date] = field(default_factory=dict)
    years: SchoolYear = NORTHERN  # the district's school year (settings.school_year_starts)

    def ended(self, held: str) -> tuple[Term, ...]:
        """The rows of tonight's terms export of a class's terms (`held`: its termSourcedIds in the
        last published set) when every one of them ended before tonight by both calendars, the
        last of them on or after the day the last set was made, in tonight's school year (last
        year's classes at a new school year count: --allow-rollover); else ()."""
        terms = [t.strip() for t in held.split(",") if t.strip()]
        if self.made is None or not terms:
            return ()
        found: list[Term] = []
        for term in terms:
            rows = self._rows_of(term)
            if not rows or not all(row.end < self.tonight for row in rows):
                return ()
            found.extend(rows)
        last = max(row.end for row in found)
        if last < self.made or self.years.of(last) != self.years.of(self.tonight):
            return ()
        return tuple(found)

    def _rows_of(self, term: str) -> list[Term]:
        """The rows of tonight's terms export dated as the last set recorded `term` (named so too,
        where both have a name): several schools' rows where their calendars agree."""
        start, end, name = self.starts.get(term), self.ends.get(term), self.names.get(term, "")
        if start is None or end is None:
            return []
        return [
            row
            for row in self.rows
            if row.start == start and row.end == end and (not row.name or not name or row.name == name)
        ]

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
