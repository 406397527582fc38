"""Email addresses: trimmed, lower-case, one address of a plausible shape.

A `mailto:` link (copied from a web page) is its address (email-prefix-removed). What a clerk
types for a family without an email (none@none.com, noemail@district.org, no@email.com,
na@na.com) is no one's address: blanked (email-placeholder), so that a parent whose only
contact point it was is left out rather than published unreachable. A top-level domain has two
letters or more (x@x.x is no address).
"""

from __future__ import annotations

import re

from transform.cleaners.base import NO_ISSUES, Cleaned, Issue
from transform.cleaners.cells import is_formula

# The local part takes no ":" (RFC 5322 allows it only quoted): "mailto:ann@x.org" is no address
# as written. The last label, the top-level domain, starts with a letter and has two characters
# or more. pipeline.cleaner_sql runs SHAPE and PLACEHOLDER in DuckDB (RE2): keep both to syntax
# both engines read alike.
SHAPE = re.compile(
    r"^[^@\s,;:<>()\[\]\"]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$"
)
# "Nobody" as a local part (none@, noemail@, n/a@, no.email@ ...) or as the domain's name
# (anyone@none.com, @noemail.org), of a lower-case address of the SHAPE. Words that are also
# names or real domains (Na is a Korean family name, na.org and unknown.com are real) count only
# together: no@email.com, na@na.com, na@unknown.com, but not na@nafamily.com or jdoe@na.org.
_NOBODY = r"none|n/a|nil|null|unknown|no[._-]?e?mail|no[._-]?e?mail[._-]?address|no[._-]?address"
_NO_DOMAIN = r"none|no-?e?mail|noemailaddress"
_MAYBE_NOBODY = r"no|na"
_MAYBE_NO_DOMAIN = r"na|null|unknown|e?mail"
PLACEHOLDER = re.compile(
    rf"^(?:(?:{_NOBODY})@[^@]+|[^@]+@(?:{_NO_DOMAIN})\.[a-z]+"
    rf"|(?:{_NOBODY}|{_MAYBE_NOBODY})@(?:{_NO_DOMAIN}|{_MAYBE_NO_DOMAIN})\.[a-z]+)$"
)
MAILTO = "mailto:"


def is_address(value: str) -> bool:
    """Of an address's form, trimmed and lower-cased (none@none.com is: a placeholder is no
    contact point, but no malformed address either)."""
    text = value.strip().lower()
    return bool(SHAPE.match(text)) and not is_formula(text)  # "=cmd@x.org" is no one's address


def clean_email(value: str) -> Cleaned:
    text = value.strip().lower()
    if not text:
        return "", NO_ISSUES
    link = text.startswith(MAILTO)
    if link:
        text = text.removeprefix(MAILTO).strip()
    if not is_address(text):
        return "", (("email-invalid", {"value": value}),)
    if PLACEHOLDER.match(text):
        return "", (("email-placeholder", {"value": value}),)
    if link:
        return text, (("email-prefix-removed", {"value": value, "email": text}),)
    return text, NO_ISSUES


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
