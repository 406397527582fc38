"""Email addresses: trimmed, lower-case, one address of a plausible shape."""

from __future__ import annotations

import re

from transform.cleaners.base import NO_ISSUES, Cleaned, Issue
from transform.cleaners.cells import is_formula

SHAPE = re.compile(
    r"^[^@\s,;<>()\[\]\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


def clean_email(value: str) -> Cleaned:
    text = value.strip().lower()
    if not text:
        return "", NO_ISSUES
    if SHAPE.match(text) and not is_formula(text):  # "=cmd@x.org" is no one's address
        return text, NO_ISSUES
    return "", (("email-invalid", {"value": value}),)


def _split(value: str) -> list[str]:
    return [part for part in value.replace(";", ",").replace(" ", ",").split(",") if part.strip()]


def clean_email_list(value: str) -> Cleaned:
    """A list (GuardianEmail holds several): valid addresses, comma-joined, in order, once each."""
    kept: list[str] = []
    issues: list[Issue] = []
    for part in _split(value):
        email, problems = clean_email(part)
        issues.extend(problems)
        if email and email not in kept:
            kept.append(email)
    return ",".join(kept), tuple(issues)


def clean_first_email(value: str) -> Cleaned:
    """The first valid address of a list; later ones are left out silently (they are not errors)."""
    emails, issues = clean_email_list(value)
    return emails.split(",")[0], issues
