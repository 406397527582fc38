"""Parts of a "Last, First Middle" field, such as PowerSchool's Mother and Father columns."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, cast

from transform.cleaners.base import NO_ISSUES, Cleaned, Issue
from transform.cleaners.cells import FORMULA_STARTS, is_formula
from transform.cleaners.family_words import (
    PARTICLES,
    SUFFIXES,
    family_first,
    family_of,
    family_only,
    is_suffix,
)
from transform.cleaners.text import clean_text

# What is typed in a name field for a parent there is none of ("Unknown, Unknown", "NA, NA",
# "Not Listed", "N/A"): a part of a name made only of these is no name.
_PLACEHOLDER_WORDS = frozenset({"unknown", "unk", "none", "na", "n/a", "n.a.", "nil", "null", "tbd"})
# Words of a name that name no family: particles, suffixes, placeholders (pipeline.family_names
# leaves them out when it asks whether a parent and a child share a name).
NOT_A_FAMILY_WORD = PARTICLES | SUFFIXES | _PLACEHOLDER_WORDS
_PLACEHOLDER_PARTS = frozenset(
    {
        *("not listed", "not known", "not given", "not provided", "not applicable", "not available"),
        *("no name", "see mother", "see father", "see above"),
    }
)
# The words a placeholder starts with: a name starting otherwise is read no further.
_PLACEHOLDER_FIRST_WORDS = _PLACEHOLDER_WORDS | {part.split()[0] for part in _PLACEHOLDER_PARTS}


# A letter the encoding a file was saved in has no room for, written as '?' (Excel's "CSV" save
# of 'Nguyễn': 'Nguy?n'), or as the replacement character a decoder puts for bytes it could not read.
_LOST_LETTER = re.compile(r"(?<=[^\W\d_])\?+(?=[^\W\d_])|\ufffd")


def garbled(value: str) -> str:
    """What shows that a name went through a change of encoding, in words, or "" (tester20 F5):
    UTF-8 read as Windows-1252 and saved again ('ZoÃ«' for 'Zoë': its Windows-1252 bytes are
    whole UTF-8, which a real name's are not), or a letter lost to '?'."""
    if value.isascii():
        if "?" in value and _LOST_LETTER.search(value):
            return "a '?' where a letter was: the file was saved in an encoding without that letter"
        return ""
    try:
        meant = value.encode("cp1252").decode("utf-8")
    except UnicodeError:
        meant = ""
    if meant and meant != value and all(_name_letter(c) for c in meant if not c.isascii()):
        return f"its bytes read as UTF-8 give {meant!r}: UTF-8 text read as Windows-1252 and saved again"
    if _LOST_LETTER.search(value):
        return "a '?' or '\ufffd' where a letter was: the file was saved in an encoding without that letter"
    return ""


def _name_letter(char: str) -> bool:
    """A letter of the Latin alphabets names are written in (é, ł, ễ, a combining accent): what a
    garbled name's bytes give when read as UTF-8. An upper-case accented letter before a
    non-breaking space ('CHLOÉ\xa0') is UTF-8 too, for a letter no name has ('ɠ'): not garbled
    (tester21 F2)."""
    point = ord(char)
    return (0xC0 <= point <= 0x24F and char not in "×÷") or 0x1E00 <= point <= 0x1EFF or 0x300 <= point <= 0x36F


def clean_name(value: str) -> Cleaned:
    """A person's name as text (`clean_text`), said when it looks garbled by a change of encoding
    (D381) before the quotes of a garbled name ('Ã«') are taken for quotes (D309)."""
    text, issues = clean_text(value)
    if sign := garbled(value):
        return text, (("name-encoding-garbled", {"value": value, "detail": sign}), *issues)
    return text, issues


def _is_placeholder(part: str) -> bool:
    words = part.casefold().split()
    return " ".join(words) in _PLACEHOLDER_PARTS or all(word in _PLACEHOLDER_WORDS for word in words)


def is_placeholder_name(text: str) -> bool:
    """A name field holding no name: each of its comma-separated parts a placeholder."""
    first = text.lstrip(", \t").split(",", 1)[0].split(None, 1)
    if not first or first[0].casefold() not in _PLACEHOLDER_FIRST_WORDS:  # a real name, at once
        return False
    parts = [part for part in text.split(",") if part.strip()]
    return bool(parts) and all(_is_placeholder(part) for part in parts)


def split_last_first(value: str) -> tuple[str, str, str]:
    """("Last", "First", "Middle"); without a comma the last word is the family name.

    A generational suffix stays with the family name, written as the source wrote it:
    "Smith, Jr., Ann" and "Smith, Ann, Jr." give "Smith, Jr."; "Ann Smith Jr." gives "Smith Jr.";
    "Ann Smith, Jr." (a comma setting the suffix off) gives "Smith, Jr.", given name "Ann".
    A placeholder ("Unknown, Unknown", "Not Listed") has no first name, as one word ("N/A") has
    none: a parent of that name is left out (required-value-missing), not published as "Unknown";
    the field is kept whole as the family name, for the report to name.
    """
    return _split(clean_text(value)[0])


def _split(text: str) -> tuple[str, str, str]:
    """`split_last_first` of a value `clean_text` gave."""
    if is_placeholder_name(text):
        return text, "", ""
    if "," in text:
        last, *segments = (segment.strip() for segment in text.split(","))
        suffixes = [segment for segment in segments if is_suffix(segment)]
        words = " ".join(segment for segment in segments if not is_suffix(segment)).split()
        if not words and suffixes and len(last.split()) > 1:
            # "Daniel Smith, Jr.": the comma sets the suffix off, not the family name (tester51 F9)
            words, last = _first_last(last.split())
        last = ", ".join([last, *suffixes])
    elif family_only(text.split()):  # "de la Cruz", "Smith": no word of it is a given name
        return text, "", ""
    elif count := family_first(text.split()):  # "de la Cruz Rosa": a 'Last, First' without its comma
        words = text.split()
        last, words = " ".join(words[:count]), words[count:]
    else:
        words, last = _first_last(text.split())
    first = words[0] if words else ""
    return last.strip(), first, " ".join(words[1:])


def _first_last(words: list[str]) -> tuple[list[str], str]:
    """The words of a "First Middle Last" name as (given and middle words, family name): the last
    word, with a suffix before it ("Smith Jr."), the particles before that ("de la Cruz Jr.") and a
    first surname joined by "y" ("Garcia y Lopez"), each where the cell shows it (family_words);
    the first word is always the given name ("Van Morrison")."""
    words = list(words)
    family = family_of(words)
    return words, " ".join(family)


@functools.lru_cache(maxsize=256)
def _parts(value: str) -> tuple[tuple[str, str, str], tuple[Issue, ...]]:
    # A profile reads the same cell two or three times (given, family, middle name): parsed once.
    # Cleaned once too: clean_text gives what it gives again (test_cleaners_are_idempotent).
    cleaned, issues = clean_text(value)
    return _split(cleaned), issues


_GIVEN = 1


def _part(index: int) -> object:
    """The cleaner of one part of the name (`_split`'s index). A cell with a name and no given name
    in it ("de la Cruz", "Smith", "Smith, Jr.") is said by the given name's (V571, names49): Remind
    requires one, so the person is left out (D379 names the cell), never published with a particle
    for a given name ("de", stop 48) or another word of the family name."""

    def clean(value: str) -> Cleaned:
        parts, issues = _parts(value)
        part = parts[index]
        if part[:1] in FORMULA_STARTS and is_formula(part):  # "Smith, =Ann": the part is the cell
            part, defused = clean_text(part)
            issues = (*issues, *defused)
        if not value.isascii() or "?" in value:
            raw = _split(" ".join(value.split()))[index]  # the part as written, quotes and all
            if sign := garbled(raw):
                issues = (("name-encoding-garbled", {"value": raw, "detail": sign}), *issues)
        if index == _GIVEN and not part and parts[0] and not is_placeholder_name(parts[0]):
            issues = (*issues, ("name-family-only", {"value": parts[0]}))
        return part, issues or NO_ISSUES

    return clean


name_family = _part(0)
name_given = _part(1)
name_middle = _part(2)


def whole_without_comma(part: Any) -> Callable[[str], Cleaned]:
    """`part` of a cell with a comma ('Harris, John T'), and a cell without one whole, as a name:
    a column of first names (or of last names) read first in a list before a 'Last, First' one,
    `[FIRST_NAME, STAFF_NAME]` (tester60 F1: name_given of 'Marie' is her family part, so every
    one-word first name came out empty and every staff row was left out); a placeholder gives none."""

    def clean(value: str) -> Cleaned:
        if "," in value:
            return cast(Cleaned, part(value))
        if is_placeholder_name(" ".join(value.split())):
            return "", NO_ISSUES
        return clean_name(value)

    return clean
