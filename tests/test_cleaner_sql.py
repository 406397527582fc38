"""The cleaners' SQL forms (pipeline.cleaner_sql) are the cleaners: on any cell of printable ASCII
(what the columnar engine sends them), a form either gives what the cleaner gives with nothing to
report, or NULL (the cleaner then takes the value). Held on hostile values and on generated ones,
and on the common shapes, which the forms must take (else they save nothing)."""

from __future__ import annotations

import string
from collections.abc import Callable

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transform.cleaners import CleanerSettings, build, phones
from transform.cleaners.emails import clean_email, clean_username
from transform.cleaners.ids import clean_id
from transform.cleaners.names import clean_name
from transform.cleaners.text import clean_text
from transform.pipeline.cleaner_sql import sql_form

US_PHONE = build(["phone"], CleanerSettings(phone_region="US"))[0][1]
GB_PHONE = build(["phone"], CleanerSettings(phone_region="GB"))[0][1]
CLEANERS = {
    "id": clean_id,
    "text": clean_text,
    "name": clean_name,
    "email": clean_email,
    "username": clean_username,
    "phone": US_PHONE,
}

HOSTILE = [
    "",
    "Nguy?n",
    "Who? Me",
    " ",
    "  0200001  ",
    "0200001",
    "12.0",
    "1.23E+11",
    "6085552000.0",  # a phone column a spreadsheet saved as numbers (D391)
    "608555200.0",  # nine digits: the fast way read the ".0" as a tenth
    "6085552.000",  # seven digits: the fast way read two zeros as the ninth and tenth (state63)
    "16085552000.00",
    "6.085552E+09",  # rounded by the spreadsheet (D306)
    "A-1/2:3",
    'Robert "Bob"',
    "  Mary   Jo  ",
    "=SUM(A1)",
    "-5",
    "+1 608 555 0101",
    "@home",
    "O'Brien",
    "Smith, Jr.",
    "User@School.Example.ORG",
    " user@x.org ",
    "a@b",
    "a@b.",
    "a@-b.org",
    "a b@x.org",
    "=cmd@x.org",
    "-a@x.org",
    "a@x_y.org",
    "(608) 555-0101",
    "608.555.0101",
    "1-608-555-0101",
    "6085550101",
    "16085550101",
    "0085550101",
    "608-555-010",
    "608-555-01011",
    "+44 20 7946 0958",
    "555-0101 ext 3",
    "1 (800) FLOWERS",
    "000-000-0000",
    "1-000-000-0000",
    "+507 264 1234",  # ten digits after a +: another country's
    "+1 608 555 0101",
    "(000) 000-0000",
    "123-456-7890",
    "608-011-1234",
    "16081111234",
    "999-999-9999",
    "1 555 555 5555",
    "none@none.com",
    "NoEmail@District.org",
    "na@na.com",
    "no@email.com",
    "x@x.x",
    "mailto:dad@example.com",
    "a:b@x.org",
    "jane@email.com",
    "Jane Doe <jane@x.org>",
    "jane@x.org;",
    "jdoe@pin",
    '"=cmd"@x.org',
]
PRINTABLE = st.text(alphabet=string.printable[:95], max_size=30)  # printable ASCII: space to ~


_CON = duckdb.connect()  # one for the module: a connection per generated example is most of the time


def _sql(form: Callable[[str], str], values: list[str]) -> list[str | None]:
    rows = _CON.execute(
        f"SELECT {form('v')} FROM (SELECT unnest(?) AS v, generate_subscripts(?, 1) AS i) ORDER BY i",
        [values, values],
    ).fetchall()
    return [row[0] for row in rows]


def _holds(name: str, values: list[str]) -> list[str | None]:
    cleaner = CLEANERS[name]
    form = sql_form(cleaner)
    assert form is not None
    found = _sql(form, values)
    for value, fast in zip(values, found, strict=True):
        if fast is not None:
            assert cleaner(value) == (fast, ()), (name, value)
    return found


@pytest.mark.parametrize("name", sorted(CLEANERS))
def test_each_form_is_its_cleaner_on_hostile_values(name: str) -> None:
    _holds(name, HOSTILE)


@settings(max_examples=150, deadline=None)
@given(st.lists(PRINTABLE, min_size=1, max_size=40), st.sampled_from(sorted(CLEANERS)))
def test_each_form_is_its_cleaner_on_any_printable_text(values: list[str], name: str) -> None:
    _holds(name, values)


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"\A[ ]?\(?[2-9][0-9]{2}\)?[ .-]?[2-9][0-9]{2}[ .-]?[0-9]{4}[ ]?\Z"))
def test_the_phone_form_takes_north_american_numbers(value: str) -> None:
    (fast,) = _holds("phone", [value])
    if "".join(ch for ch in value if ch.isdigit()) in phones.PLACEHOLDER_NUMBERS:  # 222-222-2222
        assert fast is None
    else:
        assert fast is not None and fast.startswith("+1")


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"\A1?[ ]?\(?[0-9]{3}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4}\Z"))
def test_the_phone_form_leaves_impossible_north_american_numbers_to_the_cleaner(value: str) -> None:
    """An area code or exchange starting 0 or 1, or one digit repeated: the form gives NULL (the
    cleaner blanks it and reports it), never the number (the engines agree on 000-000-0000)."""
    _holds("phone", [value])


def test_the_common_shapes_take_the_fast_way() -> None:
    assert None not in _holds("id", ["0200001", " T1001 ", "a-b_c:d/e"])
    assert None not in _holds("text", ["Ann", "  Mary  Jo ", "Smith, Jr.", "O'Brien"])
    assert None not in _holds("email", ["s1@students.d.example.org", " Mom0@Home.Example.org ", "jane@email.com"])
    assert None not in _holds("phone", ["(247) 555-0533", "608-555-0000", ""])
    assert None not in _holds("username", ["jdoe", " MAlvarez@District.example.org ", "T1001", ""])


def test_no_form_for_a_phone_outside_north_america() -> None:
    assert sql_form(GB_PHONE) is None
