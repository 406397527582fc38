"""Parts of a "Last, First Middle" field, such as PowerSchool's Mother and Father columns."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Any, cast

from transform.cleaners.base import NO_ISSUES, Cleaned, Issue
from transform.cleaners.cells import FORMULA_STARTS, is_formula
from transform.cleaners.text import clean_text

# Generational suffixes belong to the family name ("Smith, Jr., Ann" is Ann Smith, Jr.); a lone
# "V" is left out because it is far more often a middle initial than "the fifth".
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})

# Words a family name starts with ("van der Berg", "de la Cruz", "St. John", "bin Hassan"): in a
# "First Last" field they stay with the family name; taken for middle names, they were dropped
# wherever the profile maps no middleName (tester58 F1: "Fatima van der Berg" published "Berg").
# Compared without case and a final period; a word with an apostrophe ("O'Neil", "D'Angelo") is
# one word already.
_PARTICLES = frozenset(
    {
        *("van", "von", "vom", "zu", "der", "den", "ter", "ten", "de", "des", "del", "della", "dei", "degli"),
        *("di", "da", "do", "dos", "das", "du", "la", "le", "las", "los", "st", "ste", "saint", "sainte"),
        *("bin", "bint", "ibn", "abu", "al", "el", "mac", "mc", "o'", "o’"),
    }
)
# Vietnamese family names, after which a particle-looking word is a middle name ("Minh Van
# Nguyen": Văn is a middle name), compared as `_plain_word` gives them.
_VIETNAMESE_FAMILIES = frozenset(
    {
        *("nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui"),
        *("do", "ho", "ngo", "duong", "ly", "truong", "dinh", "doan", "trinh", "luong"),
    }
)


# What is typed in a name field for a parent there is none of ("Unknown, Unknown", "NA, NA",
# "Not Listed", "N/A"): a part of a name made only of these is no name.
_PLACEHOLDER_WORDS = frozenset({"unknown", "unk", "none", "na", "n/a", "n.a.", "nil", "null", "tbd"})
# Words of a name that name no family: particles, suffixes, placeholders (pipeline.family_names
# leaves them out when it asks whether a parent and a child share a name).
NOT_A_FAMILY_WORD = _PARTICLES | _SUFFIXES | _PLACEHOLDER_WORDS
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


def _is_suffix(word: str) -> bool:
    return word.rstrip(".").lower() in _SUFFIXES


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
        suffixes = [segment for segment in segments if _is_suffix(segment)]
        words = " ".join(segment for segment in segments if not _is_suffix(segment)).split()
        if not words and suffixes and len(last.split()) > 1:
            # "Daniel Smith, Jr.": the comma sets the suffix off, not the family name (tester51 F9)
            words, last = _first_last(last.split())
        last = ", ".join([last, *suffixes])
    else:
        words, last = _first_last(text.split())
    first = words[0] if words else ""
    return last.strip(), first, " ".join(words[1:])


def _first_last(words: list[str]) -> tuple[list[str], str]:
    """The words of a "First Middle Last" name as (given and middle words, family name): the last
    word, with a suffix before it ("Smith Jr.") and the particles before that ("de la Cruz Jr.");
    the first word is always the given name ("Van Morrison")."""
    words = list(words)
    family = [words.pop()] if words else []
    if len(words) > 1 and _is_suffix(family[0]):
        family.insert(0, words.pop())
    if family and _plain_word(family[0]) not in _VIETNAMESE_FAMILIES:
        while len(words) > 1 and _plain_word(words[-1]) in _PARTICLES:
            family.insert(0, words.pop())
    return words, " ".join(family)


def _plain_word(word: str) -> str:
    """A word as it is compared with the particles: no case, accents or final period ("St." is st)."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().rstrip("."))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=256)
def _parts(value: str) -> tuple[tuple[str, str, str], tuple[Issue, ...]]:
    # A profile reads the same cell two or three times (given, family, middle name): parsed once.
    # Cleaned once too: clean_text gives what it gives again (test_cleaners_are_idempotent).
    cleaned, issues = clean_text(value)
    return _split(cleaned), issues


def _part(index: int) -> object:
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


def without_particles(family: str) -> str:
    """The family name as the split before particles were kept gave it ("van der Berg" is "Berg",
    "de la Cruz Jr." is "Cruz Jr."), or "" where it starts with none: a parent's ID derived from
    that form, and the identity map's keys of it, are found again by it (pipeline.identity)."""
    head, comma, tail = family.partition(",")
    words = head.split()
    core = 2 if len(words) > 1 and _is_suffix(words[-1]) else 1
    dropped = 0
    while len(words) - dropped > core and _plain_word(words[dropped]) in _PARTICLES:
        dropped += 1
    return " ".join(words[dropped:]) + comma + tail if dropped else ""
