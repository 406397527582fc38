"""Free text and names: one line, single spaces, no double quotes (Remind rejects them)."""

from __future__ import annotations

import re

from transform.cleaners.base import NO_ISSUES, Cleaned, Issue

# Straight and typographic double quotes; apostrophes (O'Brien) stay.
DOUBLE_QUOTES = '"“”„‟″«»'
_DROP_QUOTES = str.maketrans("", "", DOUBLE_QUOTES)
LINE_BREAKS = "\r\n\v\f\x85\u2028\u2029"
_NEEDS_CARE = re.compile("[" + re.escape(DOUBLE_QUOTES + LINE_BREAKS) + "]")


def clean_text(value: str) -> Cleaned:
    if not _NEEDS_CARE.search(value):  # nearly every value: only spaces to tidy
        return " ".join(value.split()), NO_ISSUES
    issues: list[Issue] = []
    text = value
    if any(ch in text for ch in LINE_BREAKS):
        issues.append(("line-break-removed", {"value": value}))
    if any(ch in text for ch in DOUBLE_QUOTES):
        text = text.translate(_DROP_QUOTES)
        issues.append(("quotes-removed", {"value": value}))
    # str.split() with no argument splits on every whitespace run, line breaks included.
    text = " ".join(text.split())
    return text, tuple(issues) if issues else NO_ISSUES



