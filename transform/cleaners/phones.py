"""Phone numbers to E.164, with a fast path for plain North American numbers.

phonenumbers costs ~30 µs a call; the NANP fast path ~1.6 µs with the same output
(shared/research/performance.md §0.6). Its import (~40 ms) waits for the first number the
fast path does not take.

A North American number (+1, whatever the district's region) has an area code and an exchange
starting 2-9 (NXX-NXX-XXXX): phonenumbers' is_possible_number takes 000-000-0000, which no one
answers. One digit ten times (555-555-5555, 999-999-9999) is what a clerk types when a family
has none: it is no contact point either. Both are blanked as impossible (phone-invalid), on
both paths; 555 numbers are otherwise kept (the 555-01xx fiction range is many a test's).

A word before the number ("(W) 608-555-1234", "Cell: 608 555 1234") phonenumbers skips; a note
after it ("608 555 2000 (cell)", "608-555-2002 mom cell"), words, brackets and punctuation with
no digit, is left out when the cell is not a number with it but is one without it, and its
words only say which line it is or whose (`_NOTE_WORDS`): "disconnected", "wrong number" or
"do not call" after it leave the cell unread, as before. Like the label before it, a note read
so is not reported. A cell with two numbers or more (608-555-1234 / 608-555-9999,
"608-555-2006 or 608-555-2016"), each a number and only separators and labels between them, is its
first, said (contact-first-of-several: Remind takes one phone a person); an extension (x12, ext 5)
is phonenumbers' to read, and the number is written without it, said (phone-extension-dropped).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from typing import Any

from transform.cleaners.base import NO_ISSUES, Cleaned, Cleaner, CleanerSettings, Issue
from transform.cleaners.ids import is_placeholder_word

_PUNCTUATION = str.maketrans("", "", " ()-.+\t")
# The regions of country code +1 (phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1]; a test checks).
_NANP = "AG AI AS BB BM BS CA DM DO GD GU JM KN KY LC MP MS PR SX TC TT US VC VG VI"
NANP_REGIONS = frozenset(_NANP.split())
# The cleaners built for a North American region, whose fast path the columnar engine runs as
# SQL (pipeline.cleaner_sql).
NANP_CLEANERS: weakref.WeakSet[Cleaner] = weakref.WeakSet()
# A North American number's ten digits: area code and exchange start 2-9 (the SQL form's too).
NANP_NUMBER = "[2-9][0-9]{2}[2-9][0-9]{6}"
# Ten digits a clerk types for "no phone": one digit repeated.
PLACEHOLDER_NUMBERS = frozenset(digit * 10 for digit in "0123456789")
# D306's words of a cell holding a placeholder word (NULL, N/A, none, -) for no number.
PLACEHOLDER_WHY = "; it is a placeholder for no number, as 000-000-0000 is"
_N = "23456789"
# A number a spreadsheet saved as a float: 6085552000.0 (its digits, read; D391). Eight digits
# or more before ".0": 555.0000 is a local number written with a dot. Seven ('6085552.000', a
# local number's float) are refused as '5552000.0' is (_FLOAT_IN), its zeros never read as digits
# (state63: +16085552000). Its SQL form leaves all to the cleaner (cleaner_sql), whose fast path
# would read the ".0" as a digit.
_FLOAT = re.compile(r"(\d{8,})\.0+")
FLOAT_SQL = "^[0-9]{7,}[.]0+$"
# 6.085552E+09: a spreadsheet rounded the number to the digits it shows; never guessed.
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
SCIENTIFIC_SQL = "^[+-]?[0-9]+([.,][0-9]+)?[eE][+-]?[0-9]+$"
SCIENTIFIC_WHY = (
    "; it is in scientific notation: a spreadsheet rounded the number and its last digits are lost"
    " (format the column as text in the spreadsheet, or export again without opening it)"
)
# A spreadsheet's float inside a cell not read ('6085552000.0 x12', a local '5552000.0'): D306
# says the cause (reviewer179 R4), the number is not guessed.
_FLOAT_IN = re.compile(r"(?<![\d.,])\d{7,}\.0+(?![\d.,])")
FLOAT_WHY = (
    "; it holds a number a spreadsheet saved with a decimal point ({number!r})"
    " (format the column as text in the spreadsheet, or export again without opening it)"
)
LOCAL_DIGITS = 7  # a North American number without its area code (555-1234)
# A number in a cell of several: digits with the punctuation a number is written with between them.
_NUMBER_RUN = re.compile(r"[+(]?\d[\d \t().-]*\d")
# A cell ending in a note: the number (up to its last digit), then no digit but a letter.
_NOTE_AFTER = re.compile(r"(.*\d)([^\d]*[^\W\d_][^\d]*)", re.DOTALL)
# The words a note may hold for the number to be read: which line it is, or whose. Any other
# ("disconnected", "wrong number", "do not call") says the number is no contact point: the cell
# is not read, as before (phone-invalid).
_NOTE_WORDS = frozenset(
    (
        "cell",
        "cellphone",
        "cel",
        "celular",
        "mobile",
        "mob",
        "movil",
        "home",
        "casa",
        "hm",
        "work",
        "wk",
        "trabajo",
        "office",
        "business",
        "bus",
        "main",
        "primary",
        "personal",
        "day",
        "days",
        "evening",
        "evenings",
        "eve",
        "night",
        "text",
        "texts",
        "sms",
        "only",
        "best",
        "preferred",
        "pref",
        "phone",
        "ph",
        "tel",
        "number",
        "no",
        "w",
        "h",
        "c",
        "m",
        "d",  # (m) and (d): mom's and dad's
        "o",
        "mom",
        "mother",
        "mum",
        "dad",
        "father",
        "parent",
        "guardian",
        "grandma",
        "grandmother",
        "grandpa",
        "grandfather",
        "stepmom",
        "stepdad",
        "aunt",
        "uncle",
        "mamá",
        "mama",
        "papá",
        "papa",
    )
)


def _a_label(note: str) -> bool:
    return all(word in _NOTE_WORDS for word in re.findall(r"[^\W\d_]+", note.casefold()))


def is_nanp_number(digits: str) -> bool:
    """Ten digits of a North American number someone may answer (NXX-NXX-XXXX, no placeholder)."""
    return (
        len(digits) == 10
        and digits.isdigit()
        and digits[0] in _N
        and digits[3] in _N
        and digits not in PLACEHOLDER_NUMBERS
    )


def phone_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    region = str(options.get("region", settings.phone_region))
    nanp = region in NANP_REGIONS
    area = str(options.get("area_code", settings.phone_area_code)) if nanp else ""

    def read(text: str, raw: str) -> Cleaned:
        return (nanp and _fast(text, raw, region, area)) or _slow(text, raw, region)

    def clean_phone(value: str) -> Cleaned:
        text = value.strip()
        if not text:
            return "", NO_ISSUES
        if is_placeholder_word(text):  # NULL in a file not writing SQL's marker (tester77 T1)
            return "", (("phone-invalid", {"value": value, "region": region, "why": PLACEHOLDER_WHY}),)
        if _SCIENTIFIC.fullmatch(text):  # a spreadsheet rounded it: its last digits are gone
            return "", (("phone-invalid", {"value": value, "region": region, "why": SCIENTIFIC_WHY}),)
        if floated := _FLOAT.fullmatch(text):  # 6085552000.0: a number column saved by a spreadsheet
            number, issues = read(floated.group(1), value)
            said: Issue = ("phone-spreadsheet-float", {"value": value, "digits": floated.group(1)})
            return number, (said, *issues) if number else issues
        if _FLOAT_IN.fullmatch(text):  # 6085552.000: seven digits and a float's zeros, not ten digits
            return "", (("phone-invalid", {"value": value, "region": region, "why": FLOAT_WHY.format(number=text)}),)
        number, issues = read(text, value)
        if not number and (noted := _NOTE_AFTER.fullmatch(text)) and _a_label(noted.group(2)):
            without, problems = read(noted.group(1).strip(), value)
            if without:
                return without, problems
        if not number:
            return _first_of_several(text, value, read) or _float_said(text, issues)
        return number, issues

    if nanp:
        NANP_CLEANERS.add(clean_phone)
    return clean_phone


def _fast(text: str, raw: str, region: str, area: str) -> Cleaned | None:
    """A North American number of digits and punctuation only; None for the slow path."""
    digits = text.translate(_PUNCTUATION)
    if not (digits.isascii() and digits.isdigit()):
        return None
    # Ten digits after a + are another country's (+507 264 1234, Panama): not NANP.
    if len(digits) == 10 and "+" not in text and is_nanp_number(digits):
        return "+1" + digits, NO_ISSUES
    if len(digits) == 11 and digits[0] == "1" and is_nanp_number(digits[1:]):
        return "+" + digits, NO_ISSUES
    if len(digits) == LOCAL_DIGITS and "+" not in text:
        return _local(digits, raw, region, area)
    return None


def _float_said(text: str, issues: tuple[Issue, ...]) -> Cleaned:
    """A cell not read: D306 saying the spreadsheet's float where one is seen and nothing else is
    said of the cell ('6085552000.0 x12', '5552000.0': a run reads only a whole-cell float, D391)."""
    floated = _FLOAT_IN.search(text)
    if floated is None or len(issues) != 1 or issues[0][0] != "phone-invalid" or issues[0][1].get("why"):
        return "", issues
    slug, params = issues[0]
    return "", ((slug, {**params, "why": FLOAT_WHY.format(number=floated.group())}),)


def _first_of_several(text: str, raw: str, read: Callable[[str, str], Cleaned]) -> Cleaned | None:
    """A cell of two numbers or more ("608-555-2006 or 608-555-2016", "6085552005/6085552015",
    "608-555-1234 (m) 608-555-9999 (d)"), each a number, with only separators and labels between
    them: the first, said (contact-first-of-several: Remind takes one phone a person, tester63
    F2, where the cell was unread and the parent left out). None for any other cell."""
    found = list(_NUMBER_RUN.finditer(text))
    if len(found) < 2 or not _a_label(_NUMBER_RUN.sub(" ", text).replace(" or ", " ").replace(" and ", " ")):
        return None
    read_all = [read(match.group().strip(), raw) for match in found]
    if not all(number for number, _ in read_all):
        return None
    rest = ", ".join(repr(match.group().strip()) for match in found[1:])
    first, issues = read_all[0]
    params = {"value": raw, "count": len(found), "what": "numbers", "kept": first, "rest": rest}
    return first, (*issues, ("contact-first-of-several", params))


def _local(digits: str, raw: str, region: str, area: str) -> Cleaned:
    """A 7-digit local number: in the district's area code when the profile gives one
    (settings.phone_area_code), else unread, saying how to read it (tester63 F2: an older SIS's
    parents' phones, every one blanked)."""
    if area and is_nanp_number(area + digits):
        return "+1" + area + digits, NO_ISSUES
    why = "" if area else "; it has no area code (settings.phone_area_code reads such numbers in the district's)"
    return "", (("phone-invalid", {"value": raw, "region": region, "why": why}),)


def _slow(text: str, raw: str, region: str) -> Cleaned:
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, ValidationResult

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return "", (("phone-invalid", {"value": raw, "region": region, "why": ""}),)
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return "", (("phone-invalid", {"value": raw, "region": region, "why": ""}),)
    if number.country_code == 1 and not is_nanp_number(phonenumbers.national_significant_number(number)):
        return "", (("phone-invalid", {"value": raw, "region": region, "why": ""}),)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    # E.164 has no extension: said, as an office's line may take no texts (tester70: 818.480.8627 x6018).
    said: tuple[Issue, ...] = (
        (("phone-extension-dropped", {"value": raw, "extension": number.extension, "kept": e164}),)
        if number.extension
        else NO_ISSUES
    )
    if number.country_code != phonenumbers.country_code_for_region(region):
        return e164, (*said, ("phone-international", {"value": raw, "region": region, "why": ""}))
    return e164, said
