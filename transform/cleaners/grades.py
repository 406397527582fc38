"""Grades that an export does not store but implies (Skyward SMS keeps only the graduation year)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from transform.cleaners.base import NO_ISSUES, Cleaned, Cleaner, CleanerSettings

FINAL_GRADE = 12
GRADE_OPTIONS = {
    "year_starts": {
        "type": "integer",
        "minimum": 1,
        "maximum": 12,
        "description": "month the school year starts (default settings.school_year_starts, else 7: July)",
    },
}


def school_year_ending(day: dt.date, starts_month: int) -> int:
    """The calendar year a school year ends in: 2026-10-15 is in the 2026-27 year, ending 2027
    (a year starting in January ends in the year it starts)."""
    return day.year + 1 if 1 < starts_month <= day.month else day.year


def grade_from_graduation_year(value: int, school_year_end: int) -> str | None:
    """12 in the year of graduation, 11 the year before, ... 0 is KG, -1 PK; None beyond."""
    grade = FINAL_GRADE - (value - school_year_end)
    if grade == 0:
        return "KG"
    if grade == -1:
        return "PK"
    if 1 <= grade <= FINAL_GRADE:
        return f"{grade:02d}"
    return None


def graduation_year_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """A graduation year (2031) to the grade in the as-of school year (2026-27: 08)."""
    if settings.as_of is None:  # the grade depends on the day: never on the clock's (a run passes --as-of)
        raise ValueError("grade_from_graduation_year needs the as-of date")
    year_end = school_year_ending(settings.as_of, int(options.get("year_starts", settings.school_years.first_month)))
    school_year = f"{year_end - 1}-{year_end % 100:02d}"

    def clean_graduation_year(value: str) -> Cleaned:
        text = value.strip()
        if not text:
            return "", NO_ISSUES
        is_year = text.isascii() and text.isdigit() and len(text) == 4
        grade = grade_from_graduation_year(int(text), year_end) if is_year else None
        if grade is None and is_year and int(text) == year_end - 1:
            # Last school year's seniors, listed until the SIS rolls the year over: graduates,
            # not a wrong year (every summer night would warn about each of them).
            return "", (("grade-graduated", {"value": text, "school_year": school_year}),)
        if grade is None:
            return "", (("grade-not-derived", {"value": text, "school_year": school_year}),)
        return grade, NO_ISSUES

    return clean_graduation_year


def suspect_length_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """Values exactly as long as an export's fixed field length were probably cut off there
    (Skyward SkyBuild's default lengths are 15 and 20): say so, change nothing."""
    lengths = frozenset(int(n) for n in options.get("lengths", (15, 20)))

    def check_length(value: str) -> Cleaned:
        if len(value.strip()) in lengths:
            return value, (("value-maybe-truncated", {"value": value, "length": len(value.strip())}),)
        return value, NO_ISSUES

    return check_length
