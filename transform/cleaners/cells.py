"""What a spreadsheet or a terminal would misread in a cell: formulas, control characters and
text-direction overrides.

Admins open the set in Excel, which runs a cell starting with `=`, `@`, `+` or `-` as a
formula (`=cmd|' /C calc'!A0` starts a program). A signed number (`-5`, an E.164 phone
`+15551234567`) is read as a number and stays as written.
"""

from __future__ import annotations

import re

# The full-width forms count too: some Excel locales read them as the ASCII ones.
FORMULA_STARTS = "=@+-\uff1d\uff20\uff0b\uff0d"
_SIGNED_NUMBER = re.compile(r"[+-][0-9]+(?:\.[0-9]+)?")
_LEADING_SPACE = " \t\r\n"

# An escape sequence (ESC [ ... letter, ESC ] ... BEL, ESC and one character) goes as a whole,
# then any other C0/C1 control (tab and line breaks are whitespace: the text cleaner joins them)
# and the bidi embeddings, overrides and isolates that make "gpj.exe" display as "exe.jpg".
_ESCAPE = r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[ -~]?)"
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f"
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"{_ESCAPE}|[{_CONTROLS}{BIDI_CONTROLS}]")


def is_formula(text: str) -> bool:
    """True when a spreadsheet would read the cell as a formula."""
    head = text.lstrip(_LEADING_SPACE)
    if not head or head[0] not in FORMULA_STARTS:
        return False
    return not _SIGNED_NUMBER.fullmatch(head)


def defuse_formula(text: str) -> str:
    """The text without the characters that make it a formula ("=SUM(A1)" -> "SUM(A1)").

    The leading characters are removed rather than an apostrophe added: the value is a name
    or a title that Remind shows as written, and a quote mark would show in every app."""
    if not is_formula(text):
        return text
    while is_formula(text):
        text = text.lstrip(_LEADING_SPACE)[1:]
    return text.lstrip(_LEADING_SPACE)


def remove_controls(text: str) -> str:
    return CONTROL.sub("", text)
