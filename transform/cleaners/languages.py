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
- any longer cell: a language name exactly as langcodes knows it, in English or any language
  (Español); langcodes' find() alone also takes a name that only starts the cell ("Karen" as
  Kari, "English/Spanish" as English), a guess.

A name with a part in parentheses ("Chinese (Mandarin)", "Sign language (ASL)") is tried whole,
then without the part, then the part. The district table spares most runs langcodes' import
(its data tables take a tenth of a second).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from transform.cleaners.base import NO_ISSUES, Cleaned
from transform.cleaners.iso639 import ISO_639_1, ISO_639_2

_PARENTHESES = re.compile(r"\s*\(([^)]*)\)\s*")


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
    return name_in_langcodes(text)


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
    return str(lang.prefer_macrolanguage().language)


def name_in_langcodes(text: str) -> str | None:
    """A printable text that is exactly a language's name in langcodes' data: its English names
    first, then its names in any language (Español; `und` leaves out some English ones, Hindi)."""
    import langcodes

    try:  # langcodes' own data package; its tries are not a documented API
        from language_data.names import TRIES, normalize_name
    except ImportError:  # then no name outside the district table is sure: unknown (D312), never a guess
        return None

    for language in ("en", "und"):
        try:
            lang = langcodes.Language.find(text, language)
        except (ValueError, LookupError):
            continue
        # find() also takes a known name that starts the text ("Karen" as Kari, "Vietnamse"): a
        # guess. Only a name it holds whole is sure.
        trie = TRIES.get(f"{language}/name_to_language")
        if trie is not None and normalize_name(text) in trie and lang.language:
            return str(lang.prefer_macrolanguage().language)
    return None


def clean_language(value: str) -> Cleaned:
    if not value.strip():
        return "", NO_ISSUES
    code = language_code(value)
    if code is None:
        return "", (("language-unknown", {"value": value}),)
    return code, NO_ISSUES
