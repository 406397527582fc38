"""Email addresses: trimmed, lower-case, one address of a plausible shape."""

from __future__ import annotations

import re

from transform.cleaners.base import NO_ISSUES, Cleaned

_SHAPE = re.compile(r"^[^@\s,;<>()\[\]\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def clean_email(value: str) -> Cleaned:
    text = value.strip().lower()
    if not text:
        return "", NO_ISSUES
    if _SHAPE.match(text):
        return text, NO_ISSUES
    return "", (("email-invalid", {"value": value}),)
