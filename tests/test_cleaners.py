"""Each cleaner: a table of raw -> expected, and properties (never raises, idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transform.cleaners import REGISTRY, CleanerSettings
from transform.cleaners.base import Cleaner
from transform.cleaners.dates import make_parser

SETTINGS = CleanerSettings(phone_region="US", date_formats=("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"),
                           as_of=dt.date(2026, 10, 15))


def cleaner(name: str, **options: Any) -> Cleaner:
    return REGISTRY[name].factory(SETTINGS, options)


def slugs(name: str, raw: str) -> list[str]:
    return [slug for slug, _ in cleaner(name)(raw)[1]]


@pytest.mark.parametrize(("raw", "clean", "issues"), [
    ("  Ann   Marie ", "Ann Marie", []),
    ('Robert "Rob"', "Robert Rob", ["quotes-removed"]),
    ("Robert “Rob”", "Robert Rob", ["quotes-removed"]),
    ("Rob, Jr.", "Rob, Jr.", []),
    ("O'Brien", "O'Brien", []),
    ("two\r\nlines", "two lines", ["line-break-removed"]),
    ("", "", []),
])
def test_text(raw: str, clean: str, issues: list[str]) -> None:
    assert cleaner("text")(raw)[0] == clean
    assert slugs("text", raw) == issues


@pytest.mark.parametrize(("raw", "clean", "issues"), [
    (" 004512 ", "004512", []),
    ("AbC-9", "AbC-9", []),
    ("1.2E+11", "1.2E+11", ["id-excel-damage"]),
    ("4512.0", "4512.0", ["id-excel-damage"]),
])
def test_ids_stay_as_written(raw: str, clean: str, issues: list[str]) -> None:
    assert cleaner("id")(raw)[0] == clean
    assert slugs("id", raw) == issues


def test_id_width_reports_lost_leading_zeros() -> None:
    fixed = cleaner("id", width=6)
    assert fixed("4512") == ("4512", (("id-excel-damage", {"value": "4512",
                                                           "detail": "4 digits, expected 6: leading zeros lost?"}),))
    assert fixed("004512") == ("004512", ())
    assert fixed("AB12") == ("AB12", ())


@pytest.mark.parametrize(("raw", "family", "given", "middle"), [
    ("Garcia, Maria", "Garcia", "Maria", ""),
    ("Garcia,Maria Elena", "Garcia", "Maria", "Elena"),
    ("  de la Cruz ,  Ana  ", "de la Cruz", "Ana", ""),
    ("Maria Garcia", "Garcia", "Maria", ""),
    ('Smith, Robert "Bob"', "Smith", "Robert", "Bob"),
    ("Smith, Jr., Ann", "Smith, Jr.", "Ann", ""),
    ("Smith, Ann Marie, III", "Smith, III", "Ann", "Marie"),
    ("Smith Jr., Ann", "Smith Jr.", "Ann", ""),
    ("Ann Smith Sr.", "Smith Sr.", "Ann", ""),
    ("Ann Marie V", "V", "Ann", "Marie"),
    ("Jr.", "Jr.", "", ""),
    ("", "", "", ""),
])
def test_last_first_name_parts(raw: str, family: str, given: str, middle: str) -> None:
    assert cleaner("name_family")(raw)[0] == family
    assert cleaner("name_given")(raw)[0] == given
    assert cleaner("name_middle")(raw)[0] == middle


@pytest.mark.parametrize(("raw", "listed", "first", "issues"), [
    ("a@x.org, B@Y.org", "a@x.org,b@y.org", "a@x.org", []),
    ("a@x.org;a@x.org", "a@x.org", "a@x.org", []),
    ("bad, c@z.org", "c@z.org", "c@z.org", ["email-invalid"]),
    ("", "", "", []),
])
def test_email_lists(raw: str, listed: str, first: str, issues: list[str]) -> None:
    assert cleaner("email_list")(raw)[0] == listed
    assert cleaner("first_email")(raw)[0] == first
    assert slugs("email_list", raw) == issues


@pytest.mark.parametrize(("raw", "remind", "issues"), [
    ("3/4/15", "2015/03/04", []),
    ("3/4/30", "1930/03/04", []),  # two digits after the as-of date: last century
    ("2/29/28", "1928/02/29", []),
    ("10/16/2026", "", ["birth-date-future"]),
    ("1/1/1890", "", ["birth-date-implausible"]),
])
def test_birth_dates(raw: str, remind: str, issues: list[str]) -> None:
    assert cleaner("birth_date")(raw)[0] == remind
    assert slugs("birth_date", raw) == issues


def test_date_options_override_the_profile_formats() -> None:
    european = cleaner("date", formats=["%d.%m.%Y"], day_first=True)
    assert european("04.03.2015")[0] == "2015-03-04"
    assert european("04/03/2015")[0] == "2015-03-04"


@pytest.mark.parametrize(("raw", "clean", "issues"), [
    (" Ann.Lee@School.ORG ", "ann.lee@school.org", []),
    ("not-an-email", "", ["email-invalid"]),
    ("a@b", "", ["email-invalid"]),
    ("a@b.org, c@d.org", "", ["email-invalid"]),
    ("", "", []),
])
def test_email(raw: str, clean: str, issues: list[str]) -> None:
    assert cleaner("email")(raw)[0] == clean
    assert slugs("email", raw) == issues


@pytest.mark.parametrize(("raw", "clean", "issues"), [
    ("(608) 555-1234", "+16085551234", []),
    ("608.555.1234", "+16085551234", []),
    ("1-608-555-1234", "+16085551234", []),
    ("+1 608 555 1234", "+16085551234", []),
    ("608-555-1234 x12", "+16085551234", []),
    ("555-1234", "", ["phone-invalid"]),
    ("hello", "", ["phone-invalid"]),
    ("+44 20 7946 0958", "+442079460958", ["phone-international"]),
    ("", "", []),
])
def test_phone(raw: str, clean: str, issues: list[str]) -> None:
    assert cleaner("phone")(raw)[0] == clean
    assert slugs("phone", raw) == issues


@pytest.mark.parametrize(("raw", "iso", "remind"), [
    ("9/5/2014", "2014-09-05", "2014/09/05"),
    ("09/05/2014", "2014-09-05", "2014/09/05"),
    ("2014-09-05", "2014-09-05", "2014/09/05"),
    ("2014-09-05 00:00:00", "2014-09-05", "2014/09/05"),
    ("9/5/14", "2014-09-05", "2014/09/05"),
    ("Sept 5, 2014", "2014-09-05", "2014/09/05"),
    ("2/30/2011", "", ""),
    ("13/45/2013", "", ""),
])
def test_dates(raw: str, iso: str, remind: str) -> None:
    assert cleaner("date")(raw)[0] == iso
    assert cleaner("birth_date")(raw)[0] == remind
    assert slugs("date", raw) == ([] if iso else ["date-invalid"])


@pytest.mark.parametrize("raw", ["Jan", "2015", "Tuesday", "5", "June", "March 2015", "2015-03", "15 Mar",
                                 "12:30", "Tue 10:00"])
def test_partial_dates_are_not_dates(raw: str) -> None:
    """dateutil would complete them from today's date; a part missing makes no date."""
    assert cleaner("date")(raw) == ("", (("date-invalid", {"value": raw}),))
    assert cleaner("birth_date")(raw) == ("", (("date-invalid", {"value": raw}),))
    assert make_parser((), day_first=False)(raw) is None


@pytest.mark.parametrize(("raw", "pivot_year", "iso"), [
    ("5 Jan 15", 2026, "2015-01-05"),
    ("5 Jan 76", 2026, "1976-01-05"),  # 2076 is 50 years after the as-of year: last century
    ("5 Jan 75", 2026, "2075-01-05"),
    ("5 Jan 76", 2030, "2076-01-05"),
    ("5 Jan 68", None, "2068-01-05"),  # no as-of year: as strptime's %y
    ("5 Jan 69", None, "1969-01-05"),
    ("Mon, 5 Jan 2015 10:00 EST", 2026, "2015-01-05"),  # a whole date with a time and a zone
])
def test_two_digit_years_are_placed_around_the_as_of_year(raw: str, pivot_year: int | None, iso: str) -> None:
    assert str(make_parser((), day_first=False, pivot_year=pivot_year)(raw)) == iso


@pytest.mark.parametrize(("raw", "code"), [
    ("Spanish", "es"), ("spa", "es"), ("es", "es"), ("Vietnamese", "vi"), ("Hmong", "hmn"),
    ("Chinese (Mandarin)", "zh"), ("English", "en"), ("Somali", "so"), ("Mandarin", "zh"),
    ("Blah", ""), ("Other", ""), ("x\x00y", ""),
])
def test_language(raw: str, code: str) -> None:
    assert cleaner("language")(raw)[0] == code


any_text = st.text(max_size=40)
IDEMPOTENT = ("text", "name", "id", "id_list", "email", "email_list", "first_email", "phone", "language")


@given(any_text)
def test_cleaners_never_raise(raw: str) -> None:
    for name in REGISTRY:
        value, issues = cleaner(name)(raw)
        assert isinstance(value, str)
        assert all(isinstance(slug, str) for slug, _ in issues)


@given(any_text)
def test_cleaners_are_idempotent(raw: str) -> None:
    for name in IDEMPOTENT:
        once = cleaner(name)(raw)[0]
        assert cleaner(name)(once)[0] == once, name


@given(any_text)
def test_text_output_has_no_quotes_or_line_breaks(raw: str) -> None:
    value = cleaner("text")(raw)[0]
    assert not any(ch in value for ch in '"“”\r\n')


@pytest.mark.parametrize(("raw", "clean"), [
    ("org1,org2", "org1,org2"), (" org1 , org2 ,org1,", "org1,org2"), ("", ""), ("s1", "s1"),
])
def test_id_lists(raw: str, clean: str) -> None:
    assert cleaner("id_list")(raw) == (clean, ())


def test_id_list_separator_and_spreadsheet_damage() -> None:
    value, issues = cleaner("id_list", separator=";")("1.23E+5; 7")
    assert value == "1.23E+5,7"
    assert [slug for slug, _ in issues] == ["id-excel-damage"]


@pytest.mark.parametrize(("raw", "grade", "issues"), [
    ("2027", "12", []), ("2031", "08", []), ("2039", "KG", []), ("2040", "PK", []), ("2038", "01", []),
    ("2041", "", ["grade-not-derived"]), ("2020", "", ["grade-not-derived"]), ("31", "", ["grade-not-derived"]),
    ("", "", []),
])
def test_grade_from_graduation_year_in_the_2026_27_school_year(raw: str, grade: str, issues: list[str]) -> None:
    assert cleaner("grade_from_graduation_year")(raw)[0] == grade
    assert slugs("grade_from_graduation_year", raw) == issues


def test_grade_from_graduation_year_with_a_january_school_year() -> None:
    # As of 2026-10-15 a school year starting in January is the 2026 one: 2026 graduates are in 12.
    assert cleaner("grade_from_graduation_year", year_starts=1)("2026")[0] == "12"


def test_suspect_length_reports_values_cut_at_an_export_field_length() -> None:
    value, issues = cleaner("suspect_length")("jonathan.smithe")  # 15 characters
    assert value == "jonathan.smithe"
    assert issues == (("value-maybe-truncated", {"value": "jonathan.smithe", "length": 15}),)
    assert cleaner("suspect_length", lengths=[8])("jonathan")[1]
    assert cleaner("suspect_length")("short")[1] == ()


def test_grade_from_graduation_year_never_reads_the_clock() -> None:
    """The grade depends on the school year of the as-of date; without one it is a bug, not today."""
    with pytest.raises(ValueError, match="as-of"):
        REGISTRY["grade_from_graduation_year"].factory(CleanerSettings(), {})


@pytest.mark.parametrize(("raw", "year", "issues"), [
    ("2027", "2027", []), (" 2027 ", "2027", []), ("2027-06-11", "2027", []), ("6/11/2027", "2027", []),
    ("June", "", ["date-invalid"]), ("27", "", ["date-invalid"]), ("", "", []),
])
def test_year_of_a_year_or_of_a_whole_date(raw: str, year: str, issues: list[str]) -> None:
    assert cleaner("year")(raw)[0] == year
    assert slugs("year", raw) == issues
