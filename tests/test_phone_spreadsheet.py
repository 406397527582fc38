"""A phone column that went through a spreadsheet (validate62): 6085552000.0 is the number a
spreadsheet saved as a float, read as its digits and said (D391); 6.085552E+09 is rounded to the
digits it shows, so the cell is never guessed at: left blank, said (D306). Before, both were
"not a possible phone number" and a parent whose only contact it was went unreached."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transform.cleaners import CleanerSettings, build

US_PHONE = build(["phone"], CleanerSettings(phone_region="US"))[0][1]


@pytest.mark.parametrize("value", ["6085552000.0", "6085552000.00", "16085552000.0"])
def test_a_float_is_read_as_its_digits(value: str) -> None:
    number, issues = US_PHONE(value)
    assert number == "+16085552000"
    assert [slug for slug, _ in issues] == ["phone-spreadsheet-float"]


@pytest.mark.parametrize("value", ["6.085552E+09", "6.08555E+9", "6,085552E+09"])
def test_scientific_notation_is_refused(value: str) -> None:
    number, issues = US_PHONE(value)
    assert number == ""
    ((slug, params),) = issues
    assert slug == "phone-invalid" and "scientific notation" in params["why"]


@pytest.mark.parametrize("value", ["608555200.0", "555.1234", "608.555.2000"])
def test_no_other_number_is_taken_for_a_float(value: str) -> None:
    number, issues = US_PHONE(value)
    assert "phone-spreadsheet-float" not in [slug for slug, _ in issues]
    assert number in ("", "+16085552000")
    assert value != "608555200.0" or number == ""  # nine digits: no tenth made of the ".0"


AREA_PHONE = build(["phone"], CleanerSettings(phone_region="US", phone_area_code="608"))[0][1]


@pytest.mark.parametrize("value", ["6085552000.0 x12", "6085552000.0 (cell)", "5552000.0"])
def test_a_float_in_a_cell_not_read_is_said_as_the_cause(value: str) -> None:
    """reviewer179 R4: a cell holding a spreadsheet's float with more, or a local number's (with
    phone_area_code), was a plain D306: the words now say the spreadsheet, the number unguessed."""
    number, issues = AREA_PHONE(value)
    assert number == ""
    ((slug, params),) = issues
    assert slug == "phone-invalid" and "a spreadsheet saved with a decimal point" in params["why"]
    assert US_PHONE("6085552000.5")[1][0][1]["why"] == ""  # no float a spreadsheet writes: as before


@pytest.mark.parametrize("value", ["6085552.000", "5552000.000", "6085552.0000"])
def test_a_seven_digit_float_is_never_read_with_its_zeros_as_digits(value: str) -> None:
    """state63: '6085552.000' (a local number a spreadsheet saved as a float) was read as +16085552000, the
    float's zeros taken for the number's last digits. Refused as '6085552.0' is, saying the spreadsheet."""
    for cleaner in (US_PHONE, AREA_PHONE):
        number, issues = cleaner(value)
        assert number == ""
        ((slug, params),) = issues
        assert slug == "phone-invalid" and "a spreadsheet saved with a decimal point" in params["why"]


# Valid numbers' beginnings: a real area code and an exchange, then 1 to 4 digits (7 digits: a local number's
# float, whose zeros read as digits make a valid ten-digit number: the case random digits rarely drew, reviewer189 R5).
_LOCAL = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["608", "212", "415", "773", "919"]),
        st.sampled_from(["555", "867", "234"]),
        st.text("0123456789", min_size=1, max_size=4),
    ),
)


@settings(max_examples=30, deadline=None)
@given(_LOCAL, st.integers(min_value=2, max_value=5))
def test_a_float_s_zeros_never_change_what_is_read(digits: str, zeros: int) -> None:
    """A spreadsheet writes as many zeros after the point as its format says: the reading is that of '.0'."""
    for cleaner in (US_PHONE, AREA_PHONE):
        assert cleaner(f"{digits}.{'0' * zeros}")[0] == cleaner(f"{digits}.0")[0]
