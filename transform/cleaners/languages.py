"""Language names or codes to ISO 639-1 (two letters) where one exists, else ISO 639-3.

langcodes answers, but its import alone takes a tenth of a second of every run that cleans a
language (its data tables): the common names and codes are answered from COMMON below, which
tests/test_cleaners.py checks entry by entry against langcodes; any other text asks langcodes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transform.cleaners.base import NO_ISSUES, Cleaned

_PARENTHESES = re.compile(r"\s*\(([^)]*)\)\s*")

# What langcodes makes of each text (lower-cased; langcodes ignores case), by the code it gives:
# None, a text it names no language by. Spellings separated by |.
_COMMON_BY_CODE: dict[str | None, str] = {
    "en": "english|en|eng",
    "es": "spanish|es|spa",
    "vi": "vietnamese|vi|vie",
    "zh": "chinese|mandarin|chinese (mandarin)|chinese, mandarin|zh|zho|chi|cmn",
    "yue": "cantonese|chinese (cantonese)|chinese, cantonese|yue",
    "ar": "arabic|ar|ara",
    "so": "somali|so|som",
    "hmn": "hmong|hmn",
    "ru": "russian|ru|rus",
    "ko": "korean|ko|kor",
    "tl": "tagalog",
    "fil": "filipino|tl|tgl|fil",
    "ht": "haitian creole|haitian|ht|hat",
    "pt": "portuguese|pt|por",
    "fr": "french|fr|fra|fre",
    "uk": "ukrainian|uk|ukr",
    "ja": "japanese|ja|jpn",
    "de": "german|de|deu|ger",
    "pl": "polish|pl|pol",
    "hi": "hindi|hi|hin",
    "ur": "urdu|ur|urd",
    "bn": "bengali|bn|ben",
    "pa": "punjabi|pa|pan",
    "gu": "gujarati|gu|guj",
    "te": "telugu|te|tel",
    "ta": "tamil|ta|tam",
    "ne": "nepali|ne|nep",
    "my": "burmese|my|mya|bur",
    "kbj": "karen",
    "sw": "swahili|sw|swa",
    "am": "amharic|am|amh",
    "ti": "tigrinya|ti|tir",
    "fa": "farsi|persian|dari|fa|fas|per|prs",
    "ps": "pashto|ps|pus",
    "tr": "turkish|tr|tur",
    "it": "italian|it|ita",
    "el": "greek|el|ell|gre",
    "km": "khmer|cambodian|km|khm",
    "lo": "lao|lo",
    "th": "thai|th|tha",
    "mh": "marshallese|mh|mah",
    "sm": "samoan|sm|smo",
    "to": "tongan|to|ton",
    "chk": "chuukese|chk",
    "ilo": "ilocano|ilo",
    "nv": "navajo|nv|nav",
    "ro": "romanian|ro|ron|rum",
    "sr": "serbian|sr|srp",
    "bs": "bosnian|bs|bos",
    "hr": "croatian|hr|hrv",
    "sq": "albanian|sq|sqi|alb",
    "hy": "armenian|hy|hye|arm",
    "he": "hebrew|he|heb",
    "yi": "yiddish|yi|yid",
    "ku": "kurdish|ku|kur",
    "uz": "uzbek|uz|uzb",
    "ml": "malayalam|ml|mal",
    "kn": "kannada|kn|kan",
    "mr": "marathi|mr|mar",
    "id": "indonesian|id|ind",
    "ms": "malay|ms|msa|may",
    "hu": "hungarian|hu|hun",
    "cs": "czech|cs|ces|cze",
    "nl": "dutch|nl|nld|dut",
    "sv": "swedish|sv|swe",
    "ig": "igbo|ig|ibo",
    "yo": "yoruba|yo|yor",
    "ha": "hausa|ha|hau",
    "om": "oromo|om|orm",
    "rw": "kinyarwanda|rw|kin",
    "rn": "kirundi|rn|run",
    "ln": "lingala|ln|lin",
    "wo": "wolof|wo|wol",
    "haw": "hawaiian|haw",
    "chr": "cherokee|chr",
    "oj": "ojibwe|oji",
    "lkt": "lakota|lkt",
    None: "other|unknown|sign language|not specified|declined to state",
    "ase": "american sign language|ase",
    "kar": "kar",
    "sgn": "sgn",
}
COMMON: dict[str, str | None] = {text: code for code, texts in _COMMON_BY_CODE.items() for text in texts.split("|")}


@lru_cache(maxsize=4096)
def language_code(text: str) -> str | None:
    key = " ".join(text.split())
    if not key:
        return None
    candidates = [key, _PARENTHESES.sub(" ", key).strip()]
    candidates += _PARENTHESES.findall(key)
    for candidate in candidates:
        found = _lookup(candidate)
        if found:
            return found
    return None


def _lookup(text: str) -> str | None:
    # Control characters crash langcodes' name trie (SystemError from marisa_trie on NUL).
    if not text or not text.isprintable():
        return None
    if text.isascii() and text.lower() in COMMON:
        return COMMON[text.lower()]
    return ask_langcodes(text)


def ask_langcodes(text: str) -> str | None:
    """What langcodes makes of a printable text: COMMON's answers, for any other text."""
    import langcodes  # here: most runs never need it (COMMON)

    try:
        if len(text) <= 3 and text.isalpha():
            lang = langcodes.Language.get(text)
            if lang.is_valid() and lang.language:
                return str(lang.prefer_macrolanguage().language)
        return str(langcodes.find(text).prefer_macrolanguage().language)
    except (ValueError, LookupError):
        return None


def clean_language(value: str) -> Cleaned:
    if not value.strip():
        return "", NO_ISSUES
    code = language_code(value)
    if code is None:
        return "", (("language-unknown", {"value": value}),)
    return code, NO_ISSUES
