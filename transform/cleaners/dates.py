"""Dates: the profile's formats first, python-dateutil as the fallback, cached.

The two commonest shapes (YYYY-MM-DD, N/N/YYYY) are read without strptime, in the order the
profile's formats give them (`%d/%m/%Y` reads 05/08/2021 as 5 August), unless a `day_first` as
near the column says otherwise (`reading`).

A date is read from its text alone, never from the clock: a partial date (`Jan`, `2015`,
`Tuesday`, `5`) is not a date, where dateutil would complete it from today; and a two-digit
year is placed around the as-of year, where dateutil would use the current year. So the same
exports and `--as-of` give the same set on any day, in any time zone.

dateutil is imported for the first text that neither fast shape nor a profile format reads:
most exports never need it, and its parser is a twentieth of a second of a start.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

from transform.cleaners.base import NO_ISSUES, Cleaned, Cleaner, CleanerSettings, Issue
from transform.cleaners.ids import is_placeholder_word
from transform.cleaners.school_year import NORTHERN, SchoolYear

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: .*)?$")


if TYPE_CHECKING:
    from dateutil import parser as dateutil_parser

DateParser = Callable[[str], dt.date | None]


def make_parser(
    formats: tuple[str, ...], *, day_first: bool, pivot_year: int | None = None, by_formats: bool = True
) -> DateParser:
    """A cached text -> date function; None when the text is not a whole date.

    `pivot_year` (the as-of date's year) places a two-digit year read by dateutil within 50
    years of it; without one, as strptime's %y does (69-99: 1900s, 00-68: 2000s). `by_formats`
    false: `day_first` alone gives the order of N/N/YYYY (a column's own day_first option over
    the settings' formats).
    """
    pivot = POSIX_PIVOT if pivot_year is None else pivot_year
    fallback: list[dateutil_parser.parser] = []  # made for the first text the formats miss
    # The fast shapes read as the profile's formats would: a format that reads 01/02/2026 says
    # which order N/N/YYYY is in (%d/%m/%Y: day first, whatever day_first says); one that reads
    # 2026-01-02 otherwise than as 2 January leaves ISO texts to the formats.
    slash_day_first = _format_order(formats, day_first=day_first) if by_formats else day_first
    iso = _formats_read_iso(formats) if by_formats else True

    @lru_cache(maxsize=65536)
    def parse_date(text: str) -> dt.date | None:
        text = text.strip()
        if not text:
            return None
        fast = _fast(text, day_first=slash_day_first, iso=iso)
        if not isinstance(fast, _NotFast):
            return fast
        for fmt in formats:
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
            except ValueError:
                continue
        if not fallback:
            fallback.append(_dateutil_parser(pivot))
        return _whole_date(fallback[0], text, day_first=day_first)

    return parse_date


# Two days with no part in common: dateutil completes a partial date from its `default`, so
# a text read as the same date against both took nothing from either.
_DEFAULTS = (dt.datetime(2001, 1, 1), dt.datetime(2002, 2, 2))  # noqa: DTZ001 (calendar days)
POSIX_PIVOT = 2019  # within 50 years of 2019: 69-99 are 1900s, 00-68 2000s, as strptime's %y


def _whole_date(fallback: dateutil_parser.parser, text: str, *, day_first: bool) -> dt.date | None:
    try:
        first, second = (
            fallback.parse(text, default=default, dayfirst=day_first, ignoretz=True).date() for default in _DEFAULTS
        )
    except (ValueError, OverflowError):
        return None
    return first if first == second else None


def _dateutil_parser(pivot_year: int) -> dateutil_parser.parser:
    """dateutil's parser with two-digit years placed around `pivot_year`; dateutil is imported
    here, for the first text the fast shapes and the formats do not read."""
    from dateutil import parser as dateutil_parser

    return dateutil_parser.parser(_pivot_info()(pivot_year))


@cache
def _pivot_info() -> Callable[[int], dateutil_parser.parserinfo]:
    """dateutil's parser settings with two-digit years placed around a fixed year, not the
    year on the clock (the class is made once dateutil is imported)."""
    from dateutil import parser as dateutil_parser

    class PivotInfo(dateutil_parser.parserinfo):
        def __init__(self, pivot_year: int) -> None:
            super().__init__()
            self.pivot_year = pivot_year

        def convertyear(self, year: int, century_specified: bool = False) -> int:
            if year < 100 and not century_specified:
                year += self.pivot_year // 100 * 100
                if year >= self.pivot_year + 50:
                    year -= 100
                elif year < self.pivot_year - 50:
                    year += 100
            return year

    return PivotInfo


class _NotFast:
    """Neither fast shape fits: try the formats and dateutil."""


_NOT_FAST = _NotFast()


_SLASH_PROBE = "01/02/2026"  # 1 February day first, 2 January month first
_ISO_PROBE = "2026-01-02"


def _strptime(text: str, fmt: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
    except ValueError:
        return None


def _format_order(formats: tuple[str, ...], *, day_first: bool) -> bool:
    """Whether N/N/YYYY is read day first: as the first of the profile's formats that reads such a
    date says, else as `day_first` says."""
    for fmt in formats:
        read = next(filter(None, (_strptime(_SLASH_PROBE, part) for part in _with_date_part(fmt))), None)
        if read is not None:
            return (read.day, read.month) == (1, 2)
    return day_first


def _with_date_part(fmt: str) -> tuple[str, ...]:
    """A format, and its date alone where a time follows ('%d/%m/%Y %H:%M:%S': '%d/%m/%Y'): the
    probe, a date without a time, tells the order of either (review35b: a format with a time read
    no probe, so its day-first order was ignored)."""
    date = re.split(r"[ T]%[HIMSp]", fmt, maxsplit=1)[0]
    return (fmt, date) if date != fmt else (fmt,)


def _formats_read_iso(formats: tuple[str, ...]) -> bool:
    """Whether YYYY-MM-DD is read as such: no format reads it, or the first that does reads it so."""
    for fmt in formats:
        read = _strptime(_ISO_PROBE, fmt)
        if read is not None:
            return read == dt.date(2026, 1, 2)
    return True


def _fast(text: str, *, day_first: bool, iso: bool = True) -> dt.date | _NotFast | None:
    """YYYY-MM-DD[ time] and M/D/YYYY without strptime; _NOT_FAST when neither shape fits (or the
    profile's formats read YYYY-MM-DD otherwise: `iso` false)."""
    if iso and (m := _ISO.match(text)):
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


# A date written day/month/year or month/day/year (slashes, dots or dashes; a time may follow):
# only its numbers can tell the order, and only when one of the first two is above 12.
_EITHER_ORDER = re.compile(r"^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?=$|[ T])")
LAST_MONTH = 12
LAST_DAY = 31
DateOrder = Literal["day", "month"]


def order_written(text: str) -> DateOrder | None:
    """ "day" for a date possible only day first (13/04/2026), "month" for one possible only month
    first (04/13/2026); None for any other text: either order fits (03/04/2026), neither does, or
    the form has one order only (ISO 2026-04-13)."""
    found = _EITHER_ORDER.match(text)
    if found is None:
        return None
    first, second = int(found[1]), int(found[3])
    if LAST_MONTH < first <= LAST_DAY and 1 <= second <= LAST_MONTH:
        return "day"
    if LAST_MONTH < second <= LAST_DAY and 1 <= first <= LAST_MONTH:
        return "month"
    return None


def order_read(parse_date: DateParser, example: str) -> DateOrder | None:
    """How `parse_date` reads a date of the example's form where both orders fit: the example with
    its first two numbers made 1 and 2 (13/04/2026 -> 01/02/2026) is 1 February when read day
    first. None when it reads no such date."""
    found = _EITHER_ORDER.match(example)
    if found is None:
        return None
    sep = found[2]
    probe = f"{'1'.zfill(len(found[1]))}{sep}{'2'.zfill(len(found[3]))}{sep}{found[4]}{example[found.end() :]}"
    day = parse_date(probe.strip())
    if day is not None and (day.day, day.month) == (1, 2):
        return "day"
    if day is not None and (day.day, day.month) == (2, 1):
        return "month"
    return None


_DIRECTIVE = re.compile(r"%[-#]?(.)")
_DATE_PARTS = (("year", frozenset("Yy")), ("month", frozenset("mbBj")), ("day", frozenset("dj")))


def format_lacks(fmt: str) -> list[str]:
    """The parts of a date ('year', 'month', 'day') a strptime format does not read: strptime
    would fill them in (1900, January, the 1st) and make a date the export never held."""
    directives = set(_DIRECTIVE.findall(fmt.replace("%%", "")))
    return [part for part, letters in _DATE_PARTS if not directives & letters]


def date_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """Any date column to ISO 8601 (YYYY-MM-DD)."""
    return _written_as(dt.date.isoformat, settings, options)


def year_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """A year (2027), or the year of a whole date (a school year is named by the year it ends:
    2026-27 is 2027). A school year written by both its years (2026-2027, 2026-27, 2026/27: what
    many SISs title it, where OneRoster writes 2027) is read as the year it ends, and said
    (year-range-read); two years that are not one after the other are not read."""
    of_date = _written_as(lambda day: str(day.year), settings, options)

    def clean_year(value: str) -> Cleaned:
        text = value.strip()
        if _YEAR.match(text):
            return text, NO_ISSUES
        ending = school_year_end(text)
        if ending is not None:
            return ending, (("year-range-read", {"value": value, "year": ending}),)
        return of_date(value)

    return clean_year


_YEAR = re.compile(r"^[12]\d{3}$")
_YEAR_RANGE = re.compile(r"^(?:SY\s*)?([12]\d{3})\s*[-/\u2013\u2014]\s*(\d{4}|\d{2})$", re.IGNORECASE)


def school_year_end(text: str) -> str | None:
    """The ending year of a school year written by both its years ('2026-2027', '2026-27',
    'SY 2026/27': 2027); None for any other text, two years not one after the other included."""
    found = _YEAR_RANGE.match(text)
    if found is None:
        return None
    first, second = int(found[1]), found[2]
    ending = first + 1
    if int(second) != (ending if len(second) == 4 else ending % 100):
        return None
    return str(ending)


# A school year runs from July to June (US) unless the profile says otherwise
# (settings.school_year_starts): it is named by the calendar year in which it ends.
SCHOOL_YEAR_FIRST_MONTH = NORTHERN.first_month


def school_year_of(day: dt.date, year: SchoolYear = NORTHERN) -> int:
    """The year in which the school year holding this day ends: a Fall 2026 term is in 2027 (by
    the district's `year`, July to June unless its profile says another month)."""
    return year.of(day)


def school_year_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """The school year (by its last calendar year) a date falls in, e.g. a term's first day."""
    return _written_as(lambda day: str(school_year_of(day, settings.school_years)), settings, options)


_NO_DATE_CHARS = frozenset("0-/.: TZ")


def zero_date(text: str) -> bool:
    """Whether the text is a database's "no date" (MySQL's 0000-00-00, with or without 00:00:00;
    00/00/0000): all zeros and separators. Read as a blank, as an exporter means it (tester59 M2)."""
    text = text.strip()
    return text.count("0") >= 6 and set(text) <= _NO_DATE_CHARS


def _written_as(render: Callable[[dt.date], str], settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    parse_date = _parser(settings, options)

    def clean(value: str) -> Cleaned:
        if not value.strip() or zero_date(value):
            return "", NO_ISSUES
        parsed = parse_date(value)
        if parsed is None:
            return "", _not_a_date(value)
        return render(parsed), NO_ISSUES

    return clean


# A spreadsheet's date serial: days since 1899-12-30 (Excel's 1900 system; 44197 is 2021-01-01),
# five digits from 1927 to 2173, a time of day as a fraction. A date column that went through a
# spreadsheet whose cells were formatted as numbers holds these (tester20 F11).
_SERIAL = re.compile(r"\s*(\d{5})(?:\.\d+)?\s*")
_SERIAL_EPOCH = dt.date(1899, 12, 30)


def spreadsheet_serial(value: str) -> dt.date | None:
    """The day a spreadsheet's date serial stands for, or None when `value` is none."""
    found = _SERIAL.fullmatch(value)
    return _SERIAL_EPOCH + dt.timedelta(days=int(found.group(1))) if found else None


# D305's words of a cell holding a placeholder word (NULL, N/A, none, -) for no date.
PLACEHOLDER_WHY = "; it is a placeholder for no date"


def _not_a_date(value: str) -> tuple[Issue, ...]:
    """A value no date is read from (date-invalid), said to be a spreadsheet's serial when it is one."""
    day = spreadsheet_serial(value)
    if day is None:
        why = PLACEHOLDER_WHY if is_placeholder_word(value) else ""  # NULL, N/A (tester77 T1)
        return (("date-invalid", {"value": value, "why": why}),)
    serial: dict[str, object] = {"value": value, "date": day.isoformat()}
    return (("date-invalid", {"value": value, "why": ""}), ("date-spreadsheet-serial", serial))


def birth_date_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """A birth date in the target's format (Remind: YYYY/MM/DD).

    A two-digit year has no sure century: it is read in the century that makes a student's age
    on the as-of date (2 to 25 years: STUDENT_AGES) of the two a year 100 apart (3/4/10 on
    2026-10-15 is 2010); when neither does (1/1/26 is a baby or 100 years old, 5/5/69 a man of
    57), the cell is blanked and said (birth-date-century), never published as a guess. A
    birth date after the as-of date, or before 1900, is blanked. One that makes the student 0 or
    1 year old on the as-of date (younger than STUDENT_AGES) is said and kept as read
    (birth-date-too-young): the date is not in doubt as a two-digit year's is, and may be true;
    a column most of whose dates are such is refused as a whole (pipeline.birth_dates, X987).
    """
    parse_date = _parser(settings, options)
    out_format, as_of = settings.birth_date_format, settings.as_of

    def clean_birth_date(value: str) -> Cleaned:
        if not value.strip():
            return "", NO_ISSUES
        parsed = parse_date(value)
        if parsed is None:
            return "", _not_a_date(value)
        if as_of is not None and not _FOUR_DIGITS.search(value):
            read = parsed
            parsed = next((day for day in _centuries(read) if _is_student_age(day, as_of)), None)
            if parsed is None:
                first, second = sorted(_centuries(read))
                shown = {"first": first.isoformat(), "second": second.isoformat()}
                return "", (("birth-date-century", {"value": value, "as_of": as_of.isoformat(), **shown}),)
        if as_of is not None and parsed > as_of:
            return "", (("birth-date-future", {"value": value, "as_of": as_of.isoformat()}),)
        if parsed.year < EARLIEST_BIRTH_YEAR:
            return "", (("birth-date-implausible", {"value": value}),)
        written = parsed.strftime(out_format)
        if as_of is not None and (age := age_on(parsed, as_of)) < STUDENT_AGES.start:
            old = f"{age} year{'' if age == 1 else 's'} old"
            return written, (("birth-date-too-young", {"value": value, "age": old, "as_of": as_of.isoformat()}),)
        return written, NO_ISSUES

    return clean_birth_date


EARLIEST_BIRTH_YEAR = 1900
# The ages (whole years on the as-of date) a student's birth date with a two-digit year may give:
# from a pre-kindergartner of 2 to an adult student of 25. Below 2, any birth date is said
# (birth-date-too-young); above 25 only a two-digit year is doubted: an adult-education student
# written with four digits may be of any age.
STUDENT_AGES = range(2, 26)


def _centuries(day: dt.date) -> tuple[dt.date, dt.date]:
    """The date as read and the same day a century apart, the other way round from the as-of
    date's pivot (dateutil and %y place a two-digit year within 50 years of one)."""
    return day, _years_earlier(day, 100 if day.year >= EARLIEST_BIRTH_YEAR + 100 else -100)


def age_on(day: dt.date, as_of: dt.date) -> int:
    """The whole years of a person born on `day`, on the as-of date."""
    return as_of.year - day.year - ((as_of.month, as_of.day) < (day.month, day.day))


def _is_student_age(day: dt.date, as_of: dt.date) -> bool:
    return age_on(day, as_of) in STUDENT_AGES


_FOUR_DIGITS = re.compile(r"\d{4}")


def _years_earlier(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def reading(settings: CleanerSettings, options: dict[str, Any]) -> tuple[tuple[str, ...], bool, bool]:
    """How a date cleaner reads: (formats, day_first, by_formats). The column's own options over
    the settings. The day/month order of N/N/YYYY: the column's formats, else its day_first, else
    settings.day_first when written, else settings.date_formats (a district's `day_first: true`
    over the `%m/%d/%Y` of the profile it extends), else month first."""
    formats = tuple(options.get("formats") or settings.date_formats)
    if "formats" in options:
        by_formats = True
    elif "day_first" in options:
        by_formats = False
    else:
        by_formats = not settings.day_first_named
    return formats, bool(options.get("day_first", settings.day_first)), by_formats


def order_decided(settings: CleanerSettings, options: dict[str, Any]) -> tuple[str, str]:
    """What gives a date cleaner the day/month order of N/N/YYYY (as `reading` decides), in the
    profile's words, and where it is written: 'column' (the column's own formats or day_first,
    which settings.day_first does not overrule) or 'settings'."""
    formats, _, by_formats = reading(settings, options)
    if by_formats:
        fmt = _slash_format(formats)
        if fmt is not None:
            if "formats" in options:
                return f"the column's formats ({fmt!r} reads them)", "column formats"
            return f"settings.date_formats ({fmt!r} reads them)", "settings"
    if "day_first" in options:
        return f"the column's day_first: {'true' if options['day_first'] else 'false'}", "column day_first"
    if settings.day_first_named:
        return f"settings.day_first: {'true' if settings.day_first else 'false'}", "settings"
    return "no setting (month first unless told)", "settings"


def _slash_format(formats: tuple[str, ...]) -> str | None:
    """The first format that reads N/N/YYYY (it gives the order: `_format_order`)."""
    for fmt in formats:
        if any(_strptime(_SLASH_PROBE, part) is not None for part in _with_date_part(fmt)):
            return fmt
    return None


def _parser(settings: CleanerSettings, options: dict[str, Any]) -> DateParser:
    formats, day_first, by_formats = reading(settings, options)
    return make_parser(
        formats,
        day_first=day_first,
        pivot_year=settings.as_of.year if settings.as_of else None,
        by_formats=by_formats,
    )


DATE_OPTIONS: dict[str, Any] = {
    "formats": {
        "type": "array",
        "items": {"type": "string"},
        "minItems": 1,
        "description": "strptime formats for this column, tried before the dateutil fallback; "
        "the first that reads N/N/YYYY gives the day/month order of such dates",
    },
    "day_first": {
        "type": "boolean",
        "description": "read 03/04/2010 as 3 April, unless this column's formats say the order",
    },
}
