"""The cleaners a profile may name, by name. Each is pure: text in, text and issues out."""

from __future__ import annotations

from transform.cleaners.base import Cleaner, CleanerFactory, CleanerSettings
from transform.cleaners.dates import birth_date_cleaner, date_cleaner
from transform.cleaners.emails import clean_email
from transform.cleaners.ids import clean_id
from transform.cleaners.languages import clean_language
from transform.cleaners.phones import phone_cleaner
from transform.cleaners.text import clean_text


def _fixed(cleaner: Cleaner) -> CleanerFactory:
    return lambda _settings: cleaner


REGISTRY: dict[str, CleanerFactory] = {
    "text": _fixed(clean_text),
    "name": _fixed(clean_text),
    "id": _fixed(clean_id),
    "email": _fixed(clean_email),
    "phone": phone_cleaner,
    "date": date_cleaner,
    "birth_date": birth_date_cleaner,
    "language": _fixed(clean_language),
}


def build(names: list[str], settings: CleanerSettings) -> tuple[Cleaner, ...]:
    return tuple(REGISTRY[name](settings) for name in names)


__all__ = ["REGISTRY", "Cleaner", "CleanerSettings", "build"]
