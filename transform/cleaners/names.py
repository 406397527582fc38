"""Parts of a "Last, First Middle" field, such as PowerSchool's Mother and Father columns."""

from __future__ import annotations

from transform.cleaners.base import NO_ISSUES, Cleaned
from transform.cleaners.text import clean_text


def split_last_first(value: str) -> tuple[str, str, str]:
    """("Last", "First", "Middle"); without a comma the last word is the family name."""
    text, _ = clean_text(value)
    if "," in text:
        last, _, rest = text.partition(",")
        words = rest.split()
    else:
        words = text.split()
        last = words.pop() if words else ""
    first = words[0] if words else ""
    return last.strip(), first, " ".join(words[1:])


def _part(index: int) -> object:
    def clean(value: str) -> Cleaned:
        cleaned, issues = clean_text(value)
        return split_last_first(cleaned)[index], issues or NO_ISSUES

    return clean


name_family = _part(0)
name_given = _part(1)
name_middle = _part(2)
