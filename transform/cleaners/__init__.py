"""The cleaners a profile may name, by name. Each is pure: text in, text and issues out.

A profile names a cleaner (`clean: [phone]`) or gives it options (`clean: [{id: {width: 6}}]`).
"""

from __future__ import annotations

from typing import Any, cast

from transform.cleaners.base import Cleaner, CleanerSettings, CleanerSpec
from transform.cleaners.dates import (
    DATE_OPTIONS,
    birth_date_cleaner,
    date_cleaner,
    school_year_cleaner,
    year_cleaner,
)
from transform.cleaners.emails import clean_email, clean_email_list, clean_first_email, clean_username
from transform.cleaners.grades import GRADE_OPTIONS, graduation_year_cleaner, suspect_length_cleaner
from transform.cleaners.ids import id_cleaner, id_list_cleaner
from transform.cleaners.languages import language_cleaner
from transform.cleaners.names import clean_name, name_family, name_given, name_middle, whole_without_comma
from transform.cleaners.phones import phone_cleaner
from transform.cleaners.text import clean_period, clean_text

WHOLE_WITHOUT_COMMA = {
    "whole_without_comma": {
        "type": "boolean",
        "description": "a cell without a comma is this part whole (a first- or last-name column read before "
        "a 'Last, First' one in a column list)",
    }
}


def _name_part(part: Any, summary: str) -> CleanerSpec:
    def factory(_settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
        return cast(Cleaner, whole_without_comma(part) if options.get("whole_without_comma") else part)

    return CleanerSpec(factory, WHOLE_WITHOUT_COMMA, summary)


def _fixed(cleaner: Any, summary: str) -> CleanerSpec:
    return CleanerSpec(lambda _settings, _options: cleaner, {}, summary)


REGISTRY: dict[str, CleanerSpec] = {
    "text": _fixed(clean_text, "one line, single spaces, no double quotes, control characters or formula starts"),
    "name": _fixed(
        clean_name,
        "a person's name: as text (commas stay; the writer quotes them); one garbled by a change of encoding "
        "('ZoÃ«', 'Nguy?n') is said",
    ),
    "name_given": _name_part(
        name_given,
        "the first name of a 'Last, First Middle' or 'First Middle Last' field; none in a placeholder "
        "(Unknown, Unknown; N/A) or a family name alone (de la Cruz: V571)",
    ),
    "name_family": _name_part(
        name_family,
        "the last name of a 'Last, First Middle' or 'First Middle Last' field (a Jr./Sr./II–IV suffix and the "
        "particles before it stay with it: van der Berg, de la Cruz, St. John, Garcia y Lopez)",
    ),
    "name_middle": _fixed(
        name_middle,
        "the middle names of a 'Last, First Middle' or 'First Middle Last' field (Văn of 'Minh Văn Nguyen')",
    ),
    "period": _fixed(
        clean_period,
        "a class's period or section as text; one a spreadsheet turned into a date ('1-2' saved as '2-Jan') is said",
    ),
    "id": CleanerSpec(
        id_cleaner,
        {
            "width": {"type": "integer", "minimum": 1, "description": "digits a numeric ID should have"},
            "pad": {
                "type": "boolean",
                "description": "put back the leading zeros of a shorter all-digit ID (with width)",
            },
        },
        "an ID kept as written; spreadsheet damage reported",
    ),
    "id_list": CleanerSpec(
        id_list_cleaner,
        {"separator": {"type": "string", "minLength": 1, "description": "what separates the IDs (default ,)"}},
        "a list of IDs: trimmed, blanks and repeats dropped, comma-joined",
    ),
    "grade_from_graduation_year": CleanerSpec(
        graduation_year_cleaner, GRADE_OPTIONS, "the grade a graduation year means in the as-of school year"
    ),
    "suspect_length": CleanerSpec(
        suspect_length_cleaner,
        {
            "lengths": {
                "type": "array",
                "items": {"type": "integer", "minimum": 1},
                "description": "field lengths of the export (default 15, 20)",
            }
        },
        "reports values exactly as long as a fixed export field (cut off?)",
    ),
    "email": _fixed(
        clean_email,
        "one address, lower-case; invalid ones and placeholders (none@none.com) blanked, mailto:, a separator "
        "or a point after it and a display name removed; of two or more (a@x.org; b@x.org), the first, said",
    ),
    "username": _fixed(
        clean_username,
        "a sign-in name as text; a cell the email cleaner reads as an address (capitals, a display name, a "
        "separator after it) is the address the email publishes, one holding an @ that it refuses (jdoe@pin, "
        "none@none.com) is blanked, and a column list reads its next column",
    ),
    "email_list": _fixed(clean_email_list, "a list of addresses, comma-joined"),
    "first_email": _fixed(clean_first_email, "the first valid address of a list"),
    "phone": CleanerSpec(
        phone_cleaner,
        {
            "region": {
                "type": "string",
                "pattern": "^[A-Z]{2}$",
                "description": "country a number without +code is in (default settings.phone_region)",
            },
            "area_code": {
                "type": "string",
                "pattern": "^[2-9][0-9]{2}$",
                "description": "North America: the area code of a 7-digit number (default settings.phone_area_code)",
            },
        },
        "E.164 (+16085551234); impossible numbers (area code or exchange starting 0 or 1, one digit "
        "repeated: 000-000-0000, 555-555-5555) blanked; a word before or a note after one number (Cell:, (mom)) "
        "left out; of two or more (608-555-2006 or 608-555-2016), the first, said; a 7-digit one read in "
        "settings.phone_area_code when set",
    ),
    "date": CleanerSpec(date_cleaner, DATE_OPTIONS, "ISO date YYYY-MM-DD"),
    "year": CleanerSpec(year_cleaner, DATE_OPTIONS, "the year of a date, e.g. a school year's last day"),
    "school_year": CleanerSpec(
        school_year_cleaner,
        DATE_OPTIONS,
        "the school year a date is in, named by the year it ends (July to June, or as "
        "settings.school_year_starts says): a term starting 2026-08-20 is in 2027 (in 2026 by a January year)",
    ),
    "birth_date": CleanerSpec(
        birth_date_cleaner,
        DATE_OPTIONS,
        "a birth date in the target's format; future ones blanked, a two-digit year giving no student's age "
        "(2-25) blanked, one making the student 0 or 1 said; a column most of whose dates make the student "
        "under 2 or lie ahead refuses the run",
    ),
    "language": CleanerSpec(
        language_cleaner,
        {},
        "ISO 639-1 code where one exists, else 639-2/3, or a BCP 47 tag (es-MX, zh-Hant); blanked unless surely "
        "that language (CH-MA, Chamorro of Morocco, is not)",
    ),
}

CleanerEntry = str | dict[str, Any]


def entry_name(entry: CleanerEntry) -> str:
    return entry if isinstance(entry, str) else next(iter(entry))


def build(entries: list[CleanerEntry], settings: CleanerSettings) -> tuple[tuple[str, Cleaner], ...]:
    built = []
    for entry in entries:
        name = entry_name(entry)
        options = {} if isinstance(entry, str) else dict(entry[name] or {})
        built.append((name, REGISTRY[name].factory(settings, options)))
    return tuple(built)


__all__ = ["REGISTRY", "Cleaner", "CleanerSettings", "build", "entry_name"]
