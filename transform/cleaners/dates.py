"""Dates: the profile's formats first, python-dateutil as the fallback, cached."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache

from dateutil import parser as dateutil_parser

from transform.cleaners.base import NO_ISSUES, Cleaned, Cleaner, CleanerSettings

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: .*)?$")


DateParser = Callable[[str], dt.date | None]


def make_parser(formats: tuple[str, ...], *, day_first: bool) -> DateParser:
    """A cached text -> date function; None when the text is not a date."""

    @lru_cache(maxsize=65536)
    def parse_date(text: str) -> dt.date | None:
        text = text.strip()
        if not text:
            return None
        fast = _fast(text, day_first=day_first)
        if not isinstance(fast, _NotFast):
            return fast
        for fmt in formats:
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
            except ValueError:
                continue
        try:
            return dateutil_parser.parse(text, dayfirst=day_first).date()
        except (ValueError, OverflowError):
            return None

    return parse_date


class _NotFast:
    """Neither fast shape fits: try the formats and dateutil."""


_NOT_FAST = _NotFast()


def _fast(text: str, *, day_first: bool) -> dt.date | _NotFast | None:
    """YYYY-MM-DD[ time] and M/D/YYYY without strptime; _NOT_FAST when neither shape fits."""
    if m := _ISO.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _US.match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        month, day = (second, first) if day_first else (first, second)
    else:
        return _NOT_FAST
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_cleaner(settings: CleanerSettings) -> Cleaner:
    """Any date column to ISO 8601 (YYYY-MM-DD)."""
    return _formatter(settings, "%Y-%m-%d")


def birth_date_cleaner(settings: CleanerSettings) -> Cleaner:
    """A birth date in the target's format (Remind: YYYY/MM/DD)."""
    return _formatter(settings, settings.birth_date_format)


def _formatter(settings: CleanerSettings, out_format: str) -> Cleaner:
    parse_date = make_parser(settings.date_formats, day_first=settings.day_first)

    def clean_date(value: str) -> Cleaned:
        if not value.strip():
            return "", NO_ISSUES
        parsed = parse_date(value)
        if parsed is None:
            return "", (("date-invalid", {"value": value}),)
        return parsed.strftime(out_format), NO_ISSUES

    return clean_date
