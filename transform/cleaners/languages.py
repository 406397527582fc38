"""Language names or codes to ISO 639-1 (two letters) where one exists, else ISO 639-3."""

from __future__ import annotations

import re
from functools import lru_cache

import langcodes

from transform.cleaners.base import NO_ISSUES, Cleaned

_PARENTHESES = re.compile(r"\s*\(([^)]*)\)\s*")


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
