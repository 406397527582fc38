"""The common cleaners as SQL, for the columnar engine: the cleaned value of a cell in the
shape nearly every cell has, and NULL for any other, which the cleaner itself then takes (once
per distinct value, in Python). An ID, a name, an email and a phone number are all but unique
to a person: run in Python once per distinct value, they would cost as much as row by row.

Each form reads a cell of printable ASCII (a row holding anything else is the Python engine's:
`columnar._RuleSql.compile`), so str.strip() and str.split() are SQL's trim() and a run of
spaces. `tests/test_cleaner_sql.py` holds each form to its cleaner on hostile values."""

from __future__ import annotations

from collections.abc import Callable

from transform.cleaners.base import Cleaner
from transform.cleaners.emails import PLACEHOLDER, SHAPE, clean_email, clean_username
from transform.cleaners.ids import clean_id
from transform.cleaners.names import clean_name
from transform.cleaners.phones import FLOAT_SQL, NANP_CLEANERS, NANP_NUMBER, PLACEHOLDER_NUMBERS, SCIENTIFIC_SQL
from transform.cleaners.text import clean_text

SqlForm = Callable[[str], str]
# What makes a cell a formula (cells.FORMULA_STARTS, the ASCII ones): such a cell is Python's.
_FORMULA = "('=', '@', '+', '-')"


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _id(v: str) -> str:
    """clean_id: trimmed; one with a point may be spreadsheet damage (Python's to say)."""
    return f"(CASE WHEN contains({v}, '.') THEN NULL ELSE trim({v}) END)"


def _text(v: str) -> str:
    """clean_text: one line of single spaces; a double quote or a formula start is Python's."""
    tidy = f"regexp_replace(trim({v}), ' {{2,}}', ' ', 'g')"
    return f"(CASE WHEN contains({v}, '\"') OR left({tidy}, 1) IN {_FORMULA} THEN NULL ELSE {tidy} END)"


def _name(v: str) -> str:
    """clean_name: clean_text's form; a '?' (a letter lost to an encoding, D381) is Python's."""
    return f"(CASE WHEN contains({v}, '?') THEN NULL ELSE {_text(v)} END)"


def _email(v: str) -> str:
    """clean_email: trimmed, lower-case, of the plausible shape and no placeholder (none@none.com);
    any other, a mailto: link too, is Python's."""
    text = f"lower(trim({v}))"
    shape = _sql_text(SHAPE.pattern.removeprefix("^").removesuffix("$"))
    placeholder = _sql_text(PLACEHOLDER.pattern.removeprefix("^").removesuffix("$"))
    return (
        f"(CASE WHEN {text} = '' THEN '' "
        f"WHEN regexp_full_match({text}, {shape}) AND left({text}, 1) NOT IN {_FORMULA} "
        f"AND NOT regexp_full_match({text}, {placeholder}) THEN {text} END)"
    )


def _username(v: str) -> str:
    """clean_username: a cell without an @ is text; one that is an address as it stands (trimmed,
    lower-cased, no placeholder) is that address; any other is Python's."""
    return f"(CASE WHEN NOT contains({v}, '@') THEN {_text(v)} ELSE {_email(v)} END)"


def _nanp_phone(v: str) -> str:
    """The NANP fast path of clean_phone: ten digits (or 1 and ten) whatever the punctuation, area
    code and exchange starting 2-9, not one digit repeated (phones.is_nanp_number); ten digits
    after a + are another country's (left to the cleaner)."""
    digits = f"regexp_replace(trim({v}), '[ ()\\-.+]', '', 'g')"
    placeholders = ", ".join(_sql_text(number) for number in sorted(PLACEHOLDER_NUMBERS))
    return (
        f"(CASE WHEN trim({v}) = '' THEN '' "
        f"WHEN regexp_matches(trim({v}), '{FLOAT_SQL}|{SCIENTIFIC_SQL}') THEN NULL "
        f"WHEN right({digits}, 10) IN ({placeholders}) THEN NULL "
        f"WHEN NOT contains({v}, '+') AND regexp_full_match({digits}, '{NANP_NUMBER}') THEN '+1' || {digits} "
        f"WHEN regexp_full_match({digits}, '1{NANP_NUMBER}') THEN '+' || {digits} END)"
    )


def sql_form(cleaner: Cleaner) -> SqlForm | None:
    """The cleaner's SQL form, or None (the cleaner runs on every distinct value)."""
    if cleaner is clean_id:
        return _id
    if cleaner is clean_text:
        return _text
    if cleaner is clean_name:
        return _name
    if cleaner is clean_email:
        return _email
    if cleaner is clean_username:
        return _username
    if cleaner in NANP_CLEANERS:
        return _nanp_phone
    return None
