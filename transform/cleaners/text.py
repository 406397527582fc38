"""Free text and names: one line, single spaces, no double quotes (Remind rejects them), no
control characters, and nothing a spreadsheet would run as a formula."""

from __future__ import annotations

import re

from transform.cleaners.base import NO_ISSUES, Cleaned, Issue
from transform.cleaners.cells import BIDI_CONTROLS, CONTROL, FORMULA_STARTS, defuse_formula, is_formula

# Straight and typographic double quotes; apostrophes (O'Brien) stay.
DOUBLE_QUOTES = '"“”„‟″«»'
_DROP_QUOTES = str.maketrans("", "", DOUBLE_QUOTES)
LINE_BREAKS = "\r\n\v\f\x85\u2028\u2029"
_NEEDS_CARE = re.compile(
    "[" + re.escape(DOUBLE_QUOTES + LINE_BREAKS) + "\x00-\x08\x0e-\x1f\x7f\x80-\x9f" + BIDI_CONTROLS + "]"
)


def clean_text(value: str) -> Cleaned:
    if not _NEEDS_CARE.search(value):  # nearly every value: only spaces to tidy
        text = " ".join(value.split())
        if text[:1] not in FORMULA_STARTS or not is_formula(text):
            return text, NO_ISSUES
        return _defused(value, text, [])
    text, issues = _tidy(value)
    if is_formula(text):
        return _defused(value, text, issues)
    return text, tuple(issues) if issues else NO_ISSUES


def one_line(value: str) -> Cleaned:
    """`clean_text` but for formulas: what the writer does to a cell no cleaner has seen."""
    if not _NEEDS_CARE.search(value):
        return " ".join(value.split()), NO_ISSUES
    text, issues = _tidy(value)
    return text, tuple(issues) if issues else NO_ISSUES


def _tidy(value: str) -> tuple[str, list[Issue]]:
    issues: list[Issue] = []
    text = value
    if CONTROL.search(text):
        text = CONTROL.sub("", text)
        issues.append(("control-removed", {"value": value}))
    if any(ch in text for ch in LINE_BREAKS):
        issues.append(("line-break-removed", {"value": value}))
    if any(ch in text for ch in DOUBLE_QUOTES):
        text = text.translate(_DROP_QUOTES)
        issues.append(("quotes-removed", {"value": value}))
    # str.split() with no argument splits on every whitespace run, line breaks included.
    return " ".join(text.split()), issues


def _defused(value: str, text: str, issues: list[Issue]) -> Cleaned:
    """A name or title that would run as a formula, without its leading trigger characters."""
    defused = defuse_formula(text)
    removed = text[: len(text) - len(defused)].strip()
    return defused, (*issues, ("formula-defused", {"value": value, "how": f"the leading {removed!r} removed"}))


# A period a spreadsheet read as a date and saved as one: '1-2' as '2-Jan', '1-13' as 'Jan-13'.
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_PERIOD_DATE = re.compile(rf"\s*(?:\d{{1,2}}-(?:{_MONTHS})|(?:{_MONTHS})-\d{{1,2}})\s*", re.IGNORECASE)


def clean_period(value: str) -> Cleaned:
    """A class's period or section as text (`clean_text`), said when one looks like a date a
    spreadsheet made of it (D383, tester20 F12): the class title shows '2-Jan' for period 1-2."""
    text, issues = clean_text(value)
    if "-" in value and any(_PERIOD_DATE.fullmatch(part) for part in value.split(",")):
        return text, (*issues, ("period-spreadsheet-date", {"value": value}))
    return text, issues
