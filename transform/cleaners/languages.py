"""Language names or codes to ISO 639-1 (two letters) where one exists, else ISO 639-2 or 639-3.

A code is published only when the cell surely names that language; any other cell is left blank
with language-unknown (D312), which the admin sees. What is sure, in this order:

- a spelling of a language US districts report (languages.yaml): its names in any case, its
  codes written as codes (all lower or all upper case); the few values langcodes reads as
  another language than a district means (Karen, ASL) are answered there;
- a two-letter cell: an ISO 639-1 code (MA, BU, GE are none: unknown, not a name search);
- a three-letter cell in Title case (Hmo, Hai, Man): the start of exactly one district
  language's name (Hmong, Haitian, Mandarin), else one of their codes (Hmn), else unknown;
- a three-letter cell written as a code: an ISO 639-2 code (ISO 639-3 has most three-letter
  abbreviations of English names: asl, cro, ser), unless it starts a district language's name
  and names another (HAI, MAN, ROM are Haida, Mandingo and Romany, and the start of Haitian,
  Mandarin and Romanian);
- a BCP 47 tag with a script, region or variant (es-MX, zh-Hant, sr-Latn, en_US), every subtag
  in the IANA registry (langcodes.tag_is_valid), no extension or private use part, and the
  language written as a code: the tag as BCP 47 writes it (langcodes.standardize_tag: en-US,
  zh-Hant, cmn-CN as zh-CN); Remind takes "any two-letter ISO-639-1 or BCP-47 code". A cell of
  that shape that is no such tag (Tai-Dam) is tried as a name, as below;
- any longer cell: a language name exactly as langcodes knows it, in English or any language
  (Español); langcodes' find() alone also takes a name that only starts the cell ("Karen" as
  Kari, "English/Spanish" as English), a guess.

A tag of two letters, a hyphen and two letters whose language is a small one (under 100,000
speakers) and whose region is a country where langcodes' data counts none of them is no sure
tag: CH-MA is Chamorro as written in Morocco to BCP 47, and a district's own code (Chinese,
Mandarin) more likely; CH-CA Chamorro in Canada (Chinese, Cantonese?). Such a cell is left blank
and reported (language-tag-unlikely), never read as either. A larger language keeps its tag
wherever its region (ku-IQ, my-TH, ar-FR: CLDR lists a country's main languages only). The region is
sure when it is the district's own country (settings.phone_region; for the US its territories
too: ch-GU, so-US, ar-US), a region of several countries (es-419), or one where langcodes' CLDR
data counts speakers of the language (zh-TW, es-MX, fr-CA, so-KE).

A withdrawn ISO 639-1 code (iw, in, ji, sh), or a name langcodes gives one for (Serbo-Croatian),
is written as BCP 47 writes it today (he, id, yi, sr-Latn).

A name with a part in parentheses ("Chinese (Mandarin)", "Sign language (ASL)") is tried whole,
then without the part, then the part. The district table spares most runs langcodes' import
(its data tables take a tenth of a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from transform.cleaners.base import NO_ISSUES, Cleaned, Cleaner, CleanerSettings
from transform.cleaners.iso639 import DEPRECATED_639_1, ISO_639_1, ISO_639_2

_PARENTHESES = re.compile(r"\s*\(([^)]*)\)\s*")
# A language subtag of two or three letters and one subtag or more after it (en_US as en-US).
_TAG = re.compile(r"([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})+")
# Subtags that name no language: undetermined, multiple, none, not coded.
_NO_LANGUAGE_CODES = frozenset({"und", "mul", "zxx", "mis"})


@dataclass(frozen=True)
class DistrictLanguages:
    """languages.yaml, read: names (case-folded) and codes to the code published."""

    names: dict[str, str]
    codes: dict[str, str]
    # The first three letters of each one-word name, to the codes of the languages so named.
    abbreviations: dict[str, frozenset[str]]
    no_language: frozenset[str]


def _is_code(spelling: str) -> bool:
    return spelling.isascii() and spelling.isalpha() and spelling.islower() and len(spelling) <= 3


@cache
def district_languages() -> DistrictLanguages:
    import yaml

    text = resources.files("transform.cleaners").joinpath("languages.yaml").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    starts: dict[str, set[str]] = {}
    for code, spellings in data["languages"].items():
        codes[code] = code
        for spelling in spellings:
            if _is_code(spelling):
                codes[spelling] = code
                continue
            names[spelling.casefold()] = code
            if spelling.isalpha() and len(spelling) >= 3:
                starts.setdefault(spelling[:3].casefold(), set()).add(code)
    return DistrictLanguages(
        names=names,
        codes=codes,
        abbreviations={start: frozenset(found) for start, found in starts.items()},
        no_language=frozenset(text.casefold() for text in data["no_language"]),
    )


@lru_cache(maxsize=4096)
def language_code(text: str) -> str | None:
    key = " ".join(text.split()).rstrip(".;:,-*")  # "Spanish." as typed at the end of a list
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
    table = district_languages()
    folded = text.casefold()
    if folded in table.no_language:
        return None
    if folded in table.names:
        return table.names[folded]
    if text.isascii() and text.isalpha() and len(text) <= 3:
        return _short(text, table)
    if text.isascii() and _TAG.fullmatch(text) and (tag := _tag(text, table)):
        return tag
    return name_in_langcodes(text)


def _tag(text: str, table: DistrictLanguages) -> str | None:
    """A BCP 47 tag with more than a language (es-MX, zh-Hant, en_US): as BCP 47 writes it, when
    every subtag is registered and the language subtag is written as a code."""
    import langcodes

    tag = text.replace("_", "-")
    first = tag.split("-")[0]
    if len(first) == 3 and first not in (first.lower(), first.upper()):
        return None  # neither a code nor an abbreviation (Spa-MX)
    try:
        if not langcodes.tag_is_valid(tag):
            return None
        standard = str(langcodes.standardize_tag(tag, macro=True))
        parsed = langcodes.Language.get(standard)
    except (ValueError, LookupError):
        return None
    language = parsed.language
    if not language or language in _NO_LANGUAGE_CODES:
        return None
    # tag_is_valid does not look up an extended language subtag (es-foo); an extension or a
    # private use part (en-u-ca-gregory, en-x-home) is no language a district writes.
    if parsed.extlangs or parsed.extensions or parsed.private:
        return None
    # The language subtag as a cell of it alone is read (tl-PH stays Tagalog, not langcodes'
    # fil-PH); an ISO 639-3 code (cmn, kbj) as langcodes writes it, unless it starts a district
    # language's name (HAI-US: Haida's code, and the start of Haitian).
    lower = first.lower()
    if lower in table.codes or lower in DEPRECATED_639_1 or lower in (ISO_639_1 | ISO_639_2):
        alone = _short(lower, table)
        if alone is None:
            return None
        if "-" not in alone and alone != language and langcodes.standardize_tag(lower, macro=True) == language:
            standard = alone + standard[len(language) :]
    elif lower in table.abbreviations:
        return None
    return standard


def _short(text: str, table: DistrictLanguages) -> str | None:
    """A cell of two or three letters: a code, or in Title case the start of a name."""
    lower = text.lower()
    if len(text) == 3 and text == text.capitalize():
        starts = table.abbreviations.get(lower, frozenset())
        if len(starts) == 1:
            return next(iter(starts))
        return table.codes.get(lower) if not starts else None
    if text not in (lower, text.upper()) and len(text) == 3:
        return None  # neither a code nor an abbreviation (aSL)
    if lower in table.codes:
        return table.codes[lower]
    if lower in DEPRECATED_639_1:
        return DEPRECATED_639_1[lower]
    if lower not in (ISO_639_1 if len(text) == 2 else ISO_639_2):
        return None
    code = code_in_langcodes(lower)
    starts = table.abbreviations.get(lower, frozenset())
    if starts and code not in starts:
        return None  # HAI: Haida's code, and the start of Haitian
    return code


def code_in_langcodes(code: str) -> str | None:
    """An ISO 639 code, as langcodes writes it: 639-1 where one exists (fre: fr)."""
    import langcodes  # here: most runs never need it (the district table)

    try:
        lang = langcodes.Language.get(code)
    except (ValueError, LookupError):
        return None
    if not lang.is_valid() or not lang.language:
        return None
    return _current(str(lang.prefer_macrolanguage().language))


def _current(code: str) -> str:
    """A withdrawn ISO 639-1 code (sh, the Serbo-Croatian langcodes names) as BCP 47 writes it."""
    return DEPRECATED_639_1.get(code, code)


def name_in_langcodes(text: str) -> str | None:
    """A printable text that is exactly a language's name in langcodes' data: its English names
    first, then its names in any language (Español; `und` leaves out some English ones, Hindi)."""
    import langcodes

    try:  # langcodes' own data package; its tries are not a documented API
        from language_data.names import TRIES, normalize_name
    except ImportError:  # then no name outside the district table is sure: unknown (D312), never a guess
        return None

    if len(text) < 2 or not (text[0].isalpha() and text[-1].isalpha()):
        return None  # a name begins and ends with a letter: '-U' and 'Ik!' are junk, not U (uuu) or Ik (ikx)
    for language in ("en", "und"):
        try:
            lang = langcodes.Language.find(text, language)
        except (ValueError, LookupError):
            continue
        # find() also takes a known name that starts the text ("Karen" as Kari, "Vietnamse"): a
        # guess. Only a name it holds whole is sure.
        trie = TRIES.get(f"{language}/name_to_language")
        if trie is not None and normalize_name(text) in trie and lang.language:
            return _current(str(lang.prefer_macrolanguage().language))
    return None


# A code of two letters, a hyphen and two letters: the shape of a SIS's own language-and-variety
# codes (CH-MA, CH-CA) as of a BCP 47 language-and-region tag. Read on the code published (a
# second reading of it says the same: the cleaner stays idempotent); a tag with a script it keeps
# (sr-Latn-HR, zh-Hant-TW) is written only by one who writes BCP 47.
_PAIR = re.compile(r"[a-z]{2}-[A-Z]{2}")
# CLDR lists a country's main languages only (Iraq's Kurdish, Thailand's Burmese, France's Arabic
# are not there): a tag is doubted only when its language is a small one (Chamorro, 46,000
# speakers), whose two letters a SIS is likelier to have meant as its own code (CH: Chinese).
SMALL_LANGUAGE = 100_000
# The US's territories: a US district's own country too (Chamorro of Guam: ch-GU, ch-US).
_US_TERRITORIES = frozenset({"US", "PR", "GU", "VI", "AS", "MP", "UM"})


def clean_language(value: str, home: str = "US") -> Cleaned:
    """`home`: the district's country (settings.phone_region), where any language may be spoken."""
    if not value.strip():
        return "", NO_ISSUES
    code = language_code(value)
    if code is None:
        return "", (("language-unknown", {"value": value}),)
    unlikely = region_unlikely(code, home) if _PAIR.fullmatch(code) else None
    if unlikely is not None:
        return "", (("language-tag-unlikely", {"value": value, "tag": code, **unlikely}),)
    return code, NO_ISSUES


def language_cleaner(settings: CleanerSettings, _options: dict[str, object]) -> Cleaner:
    home = settings.phone_region.upper()
    if home == "US":
        return clean_language
    return lambda value: clean_language(value, home)


@lru_cache(maxsize=1024)
def region_unlikely(code: str, home: str = "US") -> dict[str, str] | None:
    """The language and country names of a tag whose region is a country (two letters) other
    than `home` (and its territories) where langcodes' data counts no speakers of the language
    (ch-MA: Chamorro, Morocco); None for any other code."""
    parts = code.split("-")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha() and p.isupper()), None)
    if region is None or region == home or (home == "US" and region in _US_TERRITORIES):
        return None
    import langcodes

    try:
        tag = langcodes.Language.get(code)
        if tag.speaking_population() > 0 or langcodes.Language.get(parts[0]).speaking_population() >= SMALL_LANGUAGE:
            return None
        return {"language": tag.language_name(), "region": tag.territory_name()}
    except (ValueError, LookupError):
        return None
