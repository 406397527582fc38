"""IDs stay text exactly as written; spreadsheet damage is reported, never "fixed".

Every ID the set holds also goes through `guard_id` (the plan adds it to every ID column,
whatever the profile says): an ID is one value, so one holding a list separator, a quote or a
line break is never split into other IDs, and its row is left out; so is one a spreadsheet
would run as a formula, and one in scientific notation ("1.23457E+11", "1.23457E11": the digits
a spreadsheet rounded away are lost). Look-alikes become one ID: invisible characters are
removed, full-width ASCII is made ASCII, a run of spaces inside (NBSP among them) is made one
space, and the text is NFC-normalised. A placeholder (NULL, N/A, ...) is no ID at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from typing import Any

from transform.cleaners.base import NO_ISSUES, Cleaned, Cleaner, CleanerSettings, Issue
from transform.cleaners.cells import FORMULA_STARTS, is_formula

# How a spreadsheet (or pandas) writes a number of 12 digits or more: "1.23457E+11"; other tools
# leave out the plus ("1.23457E11", Java's "1.23457e11"). The digits it rounded away are lost, so
# no such ID can match the SIS (`id_refusal` leaves its row out). The form is the whole cell: one
# digit, maybe a fraction, E, maybe a plus, two digits or more. An ID of letters and digits that
# is no number in that form stays an ID: "12E4567" (no formatter writes two digits before the
# point), "ENG1E12", "E1234", "3E", "1.2E+1" (no number of 12 digits has a one-digit exponent).
_EXPONENT_FORM = r"[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{2,}"
SCIENTIFIC = re.compile(_EXPONENT_FORM)
_DECIMAL_ZERO = re.compile(r"^[0-9]+\.0+$")


def clean_id(value: str) -> Cleaned:
    text = value.strip()
    if not text.isascii() and (narrowed := narrow(text)) != text:  # "１００１" is the number 1001
        found = clean_id(narrowed)
        return found[0], (("id-normalised", {"value": value, "reason": "full-width characters made ASCII"}), *found[1])
    if "." not in text:  # the damage pattern cannot match (scientific notation is the guard's)
        return text, NO_ISSUES
    if _DECIMAL_ZERO.match(text):
        return text, (("id-excel-damage", {"value": text, "detail": "a trailing .0"}),)
    return text, NO_ISSUES


def id_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    """With `width`, an all-digit ID shorter than it is reported (lost leading zeros?); with
    `pad` too, its leading zeros are put back (101 -> 000101), reported as a repair."""
    width = int(options.get("width", 0))
    if not width:
        return clean_id
    pad = bool(options.get("pad", False))

    def clean_fixed_width(value: str) -> Cleaned:
        text, issues = clean_id(value)
        if text.isdigit() and len(text) < width and pad:
            padded = text.zfill(width)
            return padded, (*issues, ("id-zeros-restored", {"value": text, "padded": padded, "width": width}))
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
        issues: list[Issue] = []
        for item in value.split(separator):
            text, found = clean_id(item)
            if text and text not in seen:
                seen[text] = None
                issues.extend(found)
        return ",".join(seen), tuple(issues) if issues else NO_ISSUES

    return clean_id_list


# Characters nobody sees (soft hyphen, zero-width ones, LRM/RLM, the word joiner and invisible
# operators U+2060-2064, bidi embeddings and isolates, the BOM): "1001" with one is another ID.
# One list, which the reader takes out of every cell too (pipeline.rows.INVISIBLE_CHARS adds NUL).
INVISIBLE = "".join(
    chr(code)
    for code in (
        0xAD,
        0x34F,
        0x61C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2065),
        *range(0x2066, 0x206A),
        0xFEFF,
    )
)
INVISIBLE_CHARS = re.compile(f"[{re.escape(INVISIBLE)}]")
# Full-width ASCII (an East-Asian input method, a full-width form: "S１００１"), which NFC keeps
# and every screen shows as "S1001": folded to ASCII (NFKC's mapping, for these characters only).
FULL_WIDTH = re.compile("[\uff01-\uff5e]")
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def narrow(text: str) -> str:
    """`text` with its full-width ASCII made ASCII ("S１００１" is "S1001")."""
    return text if text.isascii() or not FULL_WIDTH.search(text) else text.translate(_NARROW)


# Spaces inside an ID (a term name in "{SchoolNumber}-{termName}"): a run of them, or one that is
# not the ASCII space (NBSP, the ideographic space ...), looks like one space, and is made one.
SPACES = re.compile("[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]{2,}|[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# What exports write for "no value"; as an ID each would make one person of everyone lacking one.
PLACEHOLDERS = frozenset({"null", "n/a", "#n/a", "none", "-"})


def is_placeholder_word(text: str) -> bool:
    """Whether a cell holds only what an export or a clerk writes for no value (NULL, N/A, none,
    -): a phone, an email or a date cell so is none, said as a placeholder, not as a value misread."""
    return text.strip().casefold() in PLACEHOLDERS


def is_filled(text: str, words: Container[str] = PLACEHOLDERS) -> bool:
    """Whether a cell gives a fallback list (`column: [SEM, ID]`) its value: neither blank nor a
    placeholder word (a lone NULL in a file that does not write SQL's marker, I227; N/A), which
    reads as blank there, so that the next column is read (reviewer160 R1: username 'NULL').
    `words`: the column's (`unfilled_words`: one its map lists is a value)."""
    cell = text.strip()
    return bool(cell) and cell.casefold() not in words


def unfilled_words(listed: Container[str] = ()) -> frozenset[str]:
    """The placeholder words a fallback list passes over: all but those its column's map lists
    (`None: English` is a value: reviewer168 R2, the list went on to the next column's)."""
    return frozenset(word for word in PLACEHOLDERS if word not in listed)


def first_filled(cells: Iterable[str], words: Container[str] = PLACEHOLDERS) -> tuple[int, str]:
    """A fallback list's cell and its rank: the first filled (`is_filled`); where none is, the
    first not blank, a placeholder word, for its cleaner to say (D306, D359, counted by X808:
    reviewer168 R1, the last blank cell said nothing); else the last, blank."""
    rank, cell, word = -1, "", (-1, "")
    for rank, cell in enumerate(cells):
        if is_filled(cell, words):
            return rank, cell
        if word[0] < 0 and cell.strip():
            word = rank, cell
    return word if word[0] >= 0 else (rank, cell)


# List separators of any export, double quotes, line breaks and other control characters.
_UNSAFE = re.compile('[,;|"“”„‟″«»\x00-\x1f\x7f-\x9f\u2028\u2029]')
# An ID that needs no closer look: printable ASCII but the separators and the double quote,
# starting no formula, no placeholder, no space at either end nor two in a row.
PLAIN_ID = re.compile(
    rf"(?![=@+\-])(?!(?i:null|n/a|#n/a|none)$)(?!{_EXPONENT_FORM}$)[!#-+\--:<-{{}}~]+(?: [!#-+\--:<-{{}}~]+)*"
)
_SEPARATORS = {",": "a comma", ";": "a semicolon", "|": "a vertical bar"}
_LINE_BREAKS = "\r\n\v\f\x85\u2028\u2029"


def guard_id(value: str) -> Cleaned:
    """One ID, checked: "" with an `id-placeholder` issue for a placeholder, "" with an
    `id-formula`, `id-unsafe-character` or `id-scientific-notation` issue (the row is left out)
    for an ID that cannot be one."""
    text = value.strip()
    # Nearly every ID: no separator, formula start, exponent or invisible character (the rule
    # functions fastpath generates inline this test: change both). "1E123" is alphanumeric too.
    if (text.isalnum() and text.isascii() and len(text) > 4 and text[1] not in "eE") or PLAIN_ID.fullmatch(text):
        return text, NO_ISSUES
    return guard_id_closely(value, text)


def guard_id_closely(value: str, text: str) -> Cleaned:
    """`guard_id` of `value` (`text` stripped) without its quick test, which must agree with it."""
    issues: list[Issue] = []
    visible = INVISIBLE_CHARS.sub("", text).strip()
    narrowed = narrow(visible)
    spaced = SPACES.sub(" ", narrowed).strip()
    normal = unicodedata.normalize("NFC", spaced)
    if normal != text:
        reasons = []
        if visible != text:
            found = sorted({f"U+{ord(ch):04X}" for ch in INVISIBLE_CHARS.findall(text)})
            if found:
                reasons.append(f"invisible {', '.join(found)} removed")
        if narrowed != visible:
            reasons.append("full-width characters made ASCII")
        if spaced != narrowed:
            reasons.append("spaces inside made one space")
        if normal != spaced:
            reasons.append("Unicode NFC normalisation")
        if reasons:
            issues.append(("id-normalised", {"value": value, "reason": "; ".join(reasons)}))
    if is_placeholder_word(normal):
        return "", (*issues, ("id-placeholder", {"value": value}))
    refused = id_refusal(normal)
    if refused is not None:
        slug, params = refused
        return "", (*issues, (slug, {"value": value, **params}))
    return normal, tuple(issues) if issues else NO_ISSUES


def id_refusal(text: str) -> Issue | None:
    """Why `text` cannot be an ID at all (its row is left out), or None."""
    if is_formula(text):
        return "id-formula", {"value": text}
    reason = unsafe_in(text)
    if reason is not None:
        return "id-unsafe-character", {"value": text, "reason": reason}
    if ("E" in text or "e" in text) and SCIENTIFIC.fullmatch(text):
        return "id-scientific-notation", {"value": text}
    return None


def unsafe_in(text: str) -> str | None:
    """What in `text` no ID may hold, in words ("a vertical bar (a list separator)"), or None:
    `id_refusal`'s test, which check-profile runs on the fixed text of an ID column's template
    (P128: every ID it builds would hold it)."""
    bad = _UNSAFE.search(text)
    return _describe(bad.group()) if bad else None


# A record's IDs joined by NUL that `guard_id` would each keep as they are, with no issue, unless
# this matches: a non-ASCII character, a separator, quote or control character, space at either
# end, a formula start, a placeholder, a number in scientific notation (its caller counts the NULs).
PLAIN_IDS_SCREEN = re.compile(
    r'[^\x00-\x7f]|[,;|"\x01-\x1f\x7f]|\s(?:\x00|$)|  '
    rf"|(?:^|\x00)(?:[=@+\-\s]|(?:(?i:null|n/a|#n/a|none)|{_EXPONENT_FORM})(?:\x00|$))"
)

# Quick screens for a record's ID cells joined by NUL (`guard_id` lets no NUL into an ID; a
# caller counts them), whole IDs and cells listing IDs comma-separated: a record they do not
# match needs no closer look (`id_refusal` of each ID); a whole ID in scientific notation is too.
# A space may lead a formula (`is_formula`): a set given to `validate` has IDs no guard trimmed.
_START = "[" + re.escape(FORMULA_STARTS) + "]"
_INSIDE = '[;|"“”„‟″«»\x01-\x1f\x7f-\x9f\u2028\u2029'
SUSPECT_IDS = re.compile(f"(?:^|\x00) *(?:{_START}|{_EXPONENT_FORM}(?:\x00|$))|{_INSIDE},]")
SUSPECT_ID_LISTS = re.compile(f"(?:^|\x00|,) *(?:{_START}|{_EXPONENT_FORM}(?=\x00|,|$))|{_INSIDE}]")


def _describe(char: str) -> str:
    if char in _SEPARATORS:
        return f"{_SEPARATORS[char]} (a list separator)"
    if char in _LINE_BREAKS:
        return "a line break"
    if char == "\t":
        return "a tab"
    if not char.isprintable():
        return f"the control character U+{ord(char):04X}"
    return "a double quote"


def id_list_guard(separator: str) -> Cleaner:
    """`guard_id` for each member of a list the profile declares (an `id_list` column, a
    guardian's `student_separator`): members stay apart, placeholders and repeats go."""

    def guard_list(value: str) -> Cleaned:
        kept: dict[str, None] = {}
        issues: list[Issue] = []
        for item in value.split(separator):
            text, found = guard_id(item)
            issues.extend(found)
            if text:
                kept[text] = None
        return separator.join(kept), tuple(issues) if issues else NO_ISSUES

    return guard_list


def user_ids_items(value: str) -> list[str]:
    """The items of a userIds cell ('{SIS:1001},{LDAP:jdoe}'), split at each comma outside curly
    braces: '{SIS:12,3}' is one item, not '{SIS:12' and '3}' (tester70 S3); each trimmed, blanks out.
    A cell whose braces do not pair ('{SIS:12,{LDAP:jdoe}', a brace left open, one closed that
    none opened, or one inside another) tells no item's end: split at every comma, as before, so
    '{LDAP:jdoe}' is kept whole and the fragment is said not of the form (D339, review146 R2)."""
    items, depth, start = [], 0, 0
    for at, char in enumerate(value):
        if char in "{}":
            depth += 1 if char == "{" else -1
            if depth not in (0, 1):
                return _every_comma(value)
        elif char == "," and not depth:
            items.append(value[start:at])
            start = at + 1
    if depth:
        return _every_comma(value)
    items.append(value[start:])
    return [item.strip() for item in items if item.strip()]


def _every_comma(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def guard_user_ids(value: str) -> Cleaned:
    """A userIds cell as OneRoster 1.1 lists it, its items comma-separated with no escape: an item
    holding a comma inside its braces ('{SIS:12,3}') cannot be written so that any reader reads it
    back whole, so it is left out (I219) rather than split into two IDs it never was; the others
    are kept, comma-joined. Every later step (combine, validate's {Type:Id} form, D339, the
    writer's order) splits the cell at its commas, which then holds only between items."""
    if "," not in value or "{" not in value:
        return value, NO_ISSUES
    items = user_ids_items(value)
    inside = [item for item in items if "," in item]
    if not inside:
        return value, NO_ISSUES
    issues: tuple[Issue, ...] = tuple(("user-ids-comma-inside", {"value": item}) for item in inside)
    return ",".join(item for item in items if "," not in item), issues
