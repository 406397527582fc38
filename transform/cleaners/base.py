"""What a cleaner is: a pure str -> (str, issues) function, built once per run from settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.report.codes import Slug

# An issue is a catalogue slug plus the message parameters (the field name is added by the caller);
# the type checker holds the slug to the catalogue (codes.Slug).
Issue = tuple[Slug, dict[str, object]]
Cleaned = tuple[str, tuple[Issue, ...]]
Cleaner = Callable[[str], Cleaned]
NO_ISSUES: tuple[Issue, ...] = ()


@dataclass(frozen=True, slots=True)
class CleanerSettings:
    phone_region: str = "US"
    phone_area_code: str = ""  # settings.phone_area_code: a 7-digit local number's (North America)
    date_formats: tuple[str, ...] = ()  # the profile's settings.date_formats
    day_first: bool = False
    day_first_named: bool = False  # settings.day_first is written: it decides over date_formats
    birth_date_format: str = "%Y/%m/%d"
    as_of: dt.date | None = None
    school_years: SchoolYear = NORTHERN  # settings.school_year_starts: the district's school year


CleanerFactory = Callable[[CleanerSettings, dict[str, Any]], Cleaner]


@dataclass(frozen=True, slots=True)
class CleanerSpec:
    """A cleaner as a profile sees it: how to build it, and which options it takes."""

    factory: CleanerFactory
    options: dict[str, Any]  # JSON Schema properties of its options (none: it takes no options)
    summary: str
