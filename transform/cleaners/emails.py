"""Email addresses: trimmed, lower-case, one address of a plausible shape.

A `mailto:` link (copied from a web page) is its address (email-prefix-removed). What a clerk
types for a family without an email (none@none.com, noemail@district.org, no@email.com,
na@na.com) is no one's address: blanked (email-placeholder), so that a parent whose only
contact point it was is left out rather than published unreachable. A top-level domain has two
letters or more (x@x.x is no address); the part before the @ neither starts nor ends with a
point nor holds two in a row (.ann@x.org, ann..lee@x.org are no addresses: RFC 5322's dot-atom).

One address with what a list field or an email program leaves around it, a separator after it
(`ann@x.org;`, `ann@x.org,`) or a display name and angle brackets (`Ann Lee <ann@x.org>`), is
that address (email-address-extracted), as is one with a point after it (`ann@x.org.`). Two
addresses or more separated by commas or semicolons, each an address as it stands, are the first
that is no placeholder, said (contact-first-of-several: Remind takes one email a person); two with
display names or brackets are none (email-invalid).

A username a profile reads from an email column (`username: {column: [Email_Addr, TeacherNumber],
clean: [username]}`) is the address the email cleaner publishes from the cell, trimmed and
lower-case, without a display name, separator or mailto: (username-address-extracted). A cell
holding an @ that the email cleaner refuses (jdoe@pin, none@none.com) is no one's sign-in name:
blanked (username-address-refused), so that a column list reads its next column (tester28 R5);
a cell without an @ (a login name) is text, as the `text` cleaner leaves it.
"""

from __future__ import annotations

import re

from transform.cleaners.base import NO_ISSUES, Cleaned, Issue
from transform.cleaners.cells import is_formula
from transform.cleaners.ids import is_placeholder_word, narrow
from transform.cleaners.text import clean_text

# The local part takes no ":" (RFC 5322 allows it only quoted): "mailto:ann@x.org" is no address
# as written; it is words joined by single points (no point first, last or twice in a row). The
# last label, the top-level domain, starts with a letter and has two characters or more.
# pipeline.cleaner_sql runs SHAPE and PLACEHOLDER in DuckDB (RE2): keep both to syntax
# both engines read alike.
_ATOM = r"[^@\s,;:<>()\[\]\".]+"
SHAPE = re.compile(
    rf"^{_ATOM}(?:\.{_ATOM})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]*[A-Za-z0-9]$"
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
# What a list field leaves after its last address.
_SEPARATORS = " \t;,"
# A display name (quoted, or holding no @, quote or bracket) and one address in angle brackets.
_NAMED = re.compile(r'^(?:"[^"]*"\s*|[^<>"@]*)<([^<>]*)>$')


def is_address(value: str) -> bool:
    """Of an address's form, trimmed and lower-cased (none@none.com is: a placeholder is no
    contact point, but no malformed address either)."""
    text = value.strip().lower()
    return bool(SHAPE.match(text)) and not is_formula(text)  # "=cmd@x.org" is no one's address


def clean_email(value: str) -> Cleaned:
    text = value.strip().lower()
    if not text:
        return "", NO_ISSUES
    extra: list[str] = []
    if text.rstrip(_SEPARATORS) != text:
        text = text.rstrip(_SEPARATORS)
        extra.append("a separator after it")
    named = _NAMED.match(text)
    if named:
        text = named.group(1).strip()
        extra.insert(0, "a display name and angle brackets" if named.start(1) > 1 else "angle brackets")
    link = text.startswith(MAILTO)
    if link:
        text = text.removeprefix(MAILTO).strip()
    if not is_address(text) and text.endswith(".") and is_address(text.rstrip(".")):
        text = text.rstrip(".")
        extra.append("a point after it")
    if not is_address(text):
        placeholder = is_placeholder_word(text)  # NULL, N/A: no address (tester77 T1), none@none.com's kind
        return _first_of_several(text, value) or (
            "",
            (("email-placeholder" if placeholder else "email-invalid", {"value": value}),),
        )
    if PLACEHOLDER.match(text):
        return "", (("email-placeholder", {"value": value}),)
    issues: list[Issue] = []
    if link:
        issues.append(("email-prefix-removed", {"value": value, "email": text}))
    if extra:
        issues.append(("email-address-extracted", {"value": value, "email": text, "extra": " and ".join(extra)}))
    return text, tuple(issues)


def _first_of_several(text: str, value: str) -> Cleaned | None:
    """A cell of two addresses or more separated by commas or semicolons (PowerSchool's
    Mother_Email: "mom@x.org; dad@y.org"), each an address as it stands: the first that is no
    placeholder, said (contact-first-of-several: Remind takes one email a person, tester63 F2,
    where the cell was unread and the parent left out). None for any other cell (a display name,
    brackets: "Ann <a@x.org>, Bob <b@x.org>" stays unread)."""
    parts = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    if len(parts) < 2 or not all(is_address(part) for part in parts):
        return None
    good = [part for part in parts if not PLACEHOLDER.match(part)]
    if not good:
        return None
    rest = ", ".join(repr(part) for part in parts if part != good[0])
    params = {"value": value, "count": len(parts), "what": "addresses", "kept": good[0], "rest": rest}
    return good[0], (("contact-first-of-several", params),)


def _split(value: str) -> list[str]:
    """The items of a list: separated by commas, semicolons or spaces, but for an item with an
    address in angle brackets (Ann Lee <ann@x.org>), which is one item whatever its spaces."""
    parts: list[str] = []
    for piece in value.replace(";", ",").split(","):
        parts.extend([piece] if "<" in piece else piece.split(" "))
    return [part for part in parts if part.strip()]


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


def clean_username(value: str) -> Cleaned:
    """A sign-in name: the address the email cleaner reads in the cell; a cell without an @ as
    text; none from a cell with an @ that the email cleaner refuses (D385).

    Case and spaces are set right silently, as in the email; a display name, a separator or a
    mailto: left out is a repair said of the username too (the email's own problem is said of
    the email column, once per cell)."""
    if "@" not in value:  # (a student number: full-width digits are the number, as in the ID)
        text, issues = clean_text(value)
        return narrow(text), issues
    email, issues = clean_email(value)
    if any(slug == "contact-first-of-several" for slug, _ in issues):
        email, issues = "", (("email-invalid", {"value": value}),)  # whose sign-in name: not guessed
    if not email:  # meant as an address, refused as one: no one's sign-in name either
        why = "no one's address" if issues and issues[0][0] == "email-placeholder" else "no address"
        return "", (("username-address-refused", {"value": value, "why": why}),)
    extra = [str(params.get("extra", "a mailto: prefix")) for slug, params in issues]
    if not extra:
        return email, NO_ISSUES
    return email, (("username-address-extracted", {"value": value, "email": email, "extra": " and ".join(extra)}),)
