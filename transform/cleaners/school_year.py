"""When a district's school year starts (`settings.school_year_starts`): every judgement of a
school year (the gate's new year, the summer, a session's year) reads it.

The tool took a July-to-June year for every district. A district whose school year is a calendar
year (Australia, New Zealand, South Africa, Brazil: late January or February to December) was
refused its July semester change as a new school year every night until --allow-rollover, and its
December-to-January summer was a school year 'ending in December' (X890). The dates alone cannot
tell a southern July change from a northern year-round school's new year (reviewer62 R2): the
district says it, in its profile.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

MONTHS = 12


@dataclass(frozen=True, slots=True)
class SchoolYear:
    """A school year starting on the first day of `first_month` (7: July, the northern default),
    named by the calendar year it ends in (2026-27 is 2027; a year starting in January is named
    by its own calendar year)."""

    first_month: int = 7

    def of(self, day: dt.date) -> int:
        """The name of the school year holding `day`: a Fall 2026 term is in 2027 by July, in 2026
        by January."""
        return day.year + 1 if 1 < self.first_month <= day.month else day.year

    def first_day(self, year: int) -> dt.date:
        """The first day of the school year named `year`."""
        return dt.date(year - 1 if self.first_month > 1 else year, self.first_month, 1)

    def last_day(self, year: int) -> dt.date:
        """The last day of the school year named `year` (30 June 2027 for 2027 by July)."""
        return self.first_day(year + 1) - dt.timedelta(days=1)

    def month_in_year(self, month: int) -> int:
        """How many months into the school year a calendar month is (0: its first)."""
        return (month - self.first_month) % MONTHS

    @property
    def month_name(self) -> str:
        return calendar.month_name[self.first_month]

    @property
    def declared(self) -> bool:
        """Whether the district's profile says its own (any other than the default July)."""
        return self != NORTHERN


NORTHERN = SchoolYear()

_NAMES = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_NAMES |= {name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name}


def read_month(value: object) -> int | None:
    """The month a setting names: 1 to 12, or an English month name or its abbreviation
    (February, feb); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= MONTHS else None
    if isinstance(value, str):
        text = value.strip().rstrip(".").casefold()
        if text.isdigit():
            return read_month(int(text))
        return _NAMES.get(text)
    return None


def from_settings(settings: dict[str, object]) -> SchoolYear:
    """The profile's school year (`settings.school_year_starts`); July when not set or not a
    month (check-profile says P123 before a run)."""
    month = read_month(settings.get("school_year_starts", NORTHERN.first_month))
    return SchoolYear(month) if month is not None else NORTHERN
