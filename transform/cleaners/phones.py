"""Phone numbers to E.164, with a fast path for plain North American numbers.

phonenumbers costs ~30 µs a call; the NANP fast path ~1.6 µs with the same output
(shared/research/performance.md §0.6). Its import (~40 ms) waits for the first number the
fast path does not take.
"""

from __future__ import annotations

import weakref
from typing import Any

from transform.cleaners.base import NO_ISSUES, Cleaned, Cleaner, CleanerSettings

_PUNCTUATION = str.maketrans("", "", " ()-.+\t")
# The regions of country code +1 (phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1]; a test checks).
_NANP = "AG AI AS BB BM BS CA DM DO GD GU JM KN KY LC MP MS PR SX TC TT US VC VG VI"
NANP_REGIONS = frozenset(_NANP.split())
# The cleaners built for a North American region, whose fast path the columnar engine runs as
# SQL (pipeline.cleaner_sql).
NANP_CLEANERS: weakref.WeakSet[Cleaner] = weakref.WeakSet()


def phone_cleaner(settings: CleanerSettings, options: dict[str, Any]) -> Cleaner:
    region = str(options.get("region", settings.phone_region))
    nanp = region in NANP_REGIONS

    def clean_phone(value: str) -> Cleaned:
        text = value.strip()
        if not text:
            return "", NO_ISSUES
        if nanp:
            digits = text.translate(_PUNCTUATION)
            if digits.isascii() and digits.isdigit():
                if len(digits) == 10 and digits[0] in "23456789":
                    return "+1" + digits, NO_ISSUES
                if len(digits) == 11 and digits[0] == "1" and digits[1] in "23456789":
                    return "+" + digits, NO_ISSUES
        return _slow(text, value, region)

    if nanp:
        NANP_CLEANERS.add(clean_phone)
    return clean_phone


def _slow(text: str, raw: str, region: str) -> Cleaned:
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, ValidationResult

    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return "", (("phone-invalid", {"value": raw, "region": region}),)
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return "", (("phone-invalid", {"value": raw, "region": region}),)
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    if number.country_code != phonenumbers.country_code_for_region(region):
        return e164, (("phone-international", {"value": raw, "region": region}),)
    return e164, NO_ISSUES
