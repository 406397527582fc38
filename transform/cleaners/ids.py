"""IDs stay text exactly as written; spreadsheet damage is reported, never "fixed"."""

from __future__ import annotations

import re
from typing import Any

from transform.cleaners.base import NO_ISSUES, Cleaned, Cleaner, CleanerSettings

_SCIENTIFIC = re.compile(r"^[0-9]+(\.[0-9]+)?[eE][+]?[0-9]+$")
_DECIMAL_ZERO = re.compile(r"^[0-9]+\.0+$")


def clean_id(value: str) -> Cleaned:
    text = value.strip()
    if "." not in text and "e" not in text and "E" not in text:  # neither damage pattern can match
        return text, NO_ISSUES
    if _SCIENTIFIC.match(text):
        return text, (("id-excel-damage", {"value": text, "detail": "scientific notation"}),)
    if _DECIMAL_ZERO.match(text):
        return text, (("id-excel-damage", {"value": text, "detail": "a trailing .0"}),)
    return text, NO_ISSUES


def id_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """With `width`, an all-digit ID shorter than it is reported (lost leading zeros?)."""
    width = int(options.get("width", 0))
    if not width:
        return clean_id

    def clean_fixed_width(value: str) -> Cleaned:
        text, issues = clean_id(value)
        if text.isdigit() and len(text) < width:
            detail = f"{len(text)} digits, expected {width}: leading zeros lost?"
            return text, (*issues, ("id-excel-damage", {"value": text, "detail": detail}))
        return text, issues

    return clean_fixed_width


def id_list_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """A cell listing IDs ("org1, org2"): each trimmed, blanks and repeats dropped, comma-joined."""
    separator = str(options.get("separator", ","))

    def clean_id_list(value: str) -> Cleaned:
        seen: dict[str, None] = {}
        issues: list[tuple[str, dict[str, object]]] = []
        for item in value.split(separator):
            text, found = clean_id(item)
            if text and text not in seen:
                seen[text] = None
                issues.extend(found)
        return ",".join(seen), tuple(issues) if issues else NO_ISSUES

    return clean_id_list
