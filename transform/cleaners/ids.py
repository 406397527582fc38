"""IDs stay text exactly as written; spreadsheet damage is reported, never "fixed"."""

from __future__ import annotations

import re

from transform.cleaners.base import NO_ISSUES, Cleaned

_SCIENTIFIC = re.compile(r"^[0-9]+(\.[0-9]+)?[eE][+]?[0-9]+$")
_DECIMAL_ZERO = re.compile(r"^[0-9]+\.0+$")


def clean_id(value: str) -> Cleaned:
    text = value.strip()
    if _SCIENTIFIC.match(text):
        return text, (("id-excel-damage", {"value": text, "detail": "scientific notation"}),)
    if _DECIMAL_ZERO.match(text):
        return text, (("id-excel-damage", {"value": text, "detail": "a trailing .0"}),)
    return text, NO_ISSUES
