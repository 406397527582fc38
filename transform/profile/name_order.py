"""Names a users rule maps the wrong way, as the profile alone shows it (P119, check-profile).

A new admin's profile for an SIS with no bundled one exchanged the first and the last name (a
"Last, First" column through name_family into givenName; givenName from "Last Name") or read a
whole-name column into both names (tester57 F2, F9). A run says each once it has read the rows
(X870 of the district's own profile, V555 of the names it finds), and exits 1 on a first set;
check-profile says it before any export is read, at the line of the mapping: the admin writing the
profile learns it while writing it.
"""

from __future__ import annotations

import re
from typing import Any

from transform.cleaners import entry_name
from transform.profile import check
from transform.profile.load import LoadedProfile, PathPart
from transform.report import codes
from transform.report.problem import Problem

# The last and the first name as an export's header names them (letters only, case ignored; an
# ending: "Student Last Name", LAST-NAME, Legal_Surname).
LAST_NAMED = ("lastname", "familyname", "surname")
FIRST_NAMED = ("firstname", "givenname", "forename")
# A header's last word alone naming a part ("Last", "Student LName", "Given"): a word, not an
# ending of the letters ("Forecast" and "Schoolname" name no part of a name).
LAST_WORDS = ("last", "family", "lname", "lastnm", "surnm")
FIRST_WORDS = ("first", "given", "fname", "firstnm", "forenm")
WORDS: dict[tuple[str, ...], tuple[str, ...]] = {LAST_NAMED: LAST_WORDS, FIRST_NAMED: FIRST_WORDS}
# The cleaner that takes each part of a 'Last, First' cell, and the headers of the other part.
PART_CLEANERS = {"givenName": ("name_family", LAST_NAMED), "familyName": ("name_given", FIRST_NAMED)}
OWN_PART = {"givenName": "name_given", "familyName": "name_family"}

SWAPPED = (
    "with the first and the last name the other way round (Remind would greet every family as 'Mr. Susan')",
    "read the first name into givenName and the last into familyName (a 'Last, First' column: clean: "
    "[name_given] into givenName, clean: [name_family] into familyName)",
)
WHOLE = (
    "with the whole name as a part of it ('Baker, Susan' as the first name, the last, or both)",
    "read a whole-name column with clean: [name_given] into givenName and clean: [name_family] into familyName",
)


def named_for(column: str, endings: tuple[str, ...]) -> bool:
    """Whether an export's header names a part of the name (`LAST_NAMED`, `FIRST_NAMED`)."""
    letters = "".join(c for c in column.casefold() if c.isalpha())
    if letters.endswith(endings):
        return True
    words = _words(column)
    return bool(words) and words[-1] in WORDS.get(endings, ())


def _words(column: str) -> list[str]:
    """A header's words, case ignored ('LastFirst' is 'last', 'first')."""
    return [w for w in re.split(r"[^a-z]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", column).casefold()) if w]


def names_both(column: str) -> bool:
    """Whether a header names both parts of the name, a 'Last, First' cell ('LastFirst', 'Name (Last,
    First)', 'Student Name Last First'), not one of them ('Last_Name', 'First Name')."""
    words = _words(column)
    return all(any(w in WORDS[named] or w.endswith(named) for w in words) for named in (LAST_NAMED, FIRST_NAMED))


def own_part_of_both(field: str, cleaners: list[str], headers: list[str]) -> bool:
    """Whether `field` reads its own part (clean: [name_given] into givenName) of columns whose headers
    all name both parts: a 'Last, First' cell split right, whatever its header's last word ('LastFirst'
    into familyName: reviewer190 R3). A header naming one part only is still judged by its words:
    'Last_Name' into givenName through name_given is the last name (reviewer193 R2)."""
    return OWN_PART[field] in cleaners and bool(headers) and all(names_both(h) for h in headers)


def names_mapped_wrong(profile: LoadedProfile) -> list[Problem]:
    """P119: each users rule (and each `each` group of one) whose givenName and familyName the
    profile maps the other way round, or both from one column read whole. Warnings for
    check-profile, at the mapping's line; a run says them as X870 and V555."""
    found: list[Problem] = []
    tables = profile.data.get("tables")
    rules = tables.get("users") if isinstance(tables, dict) else None
    for name, rule in rules.items() if isinstance(rules, dict) else ():
        if not isinstance(rule, dict):
            continue
        columns: dict[str, Any] = dict(check.items_of(rule.get("columns")))
        scopes: list[tuple[list[PathPart], dict[str, Any]]] = [(["tables", "users", name, "columns"], columns)]
        for group, specs in check.items_of(rule.get("each")):
            if isinstance(specs, dict) and {"givenName", "familyName"} & specs.keys():
                scopes.append((["tables", "users", name, "each", group], {**columns, **specs}))
        for at, specs in scopes:
            problem = _scope_problem(profile, f"users.{name}", at, specs)
            if problem is not None:
                found.append(problem)
    return found


def _scope_problem(profile: LoadedProfile, rule: str, at: list[PathPart], specs: dict[str, Any]) -> Problem | None:
    said = {field: f for field in PART_CLEANERS if (f := _swapped(field, specs.get(field)))}
    effect, fix = SWAPPED
    if not said:
        said = _read_whole(specs.get("givenName"), specs.get("familyName"))
        effect, fix = WHOLE
    if not said:
        return None
    path = [*at, next(iter(said))]  # the first name field mapped wrong, where the admin looks
    params: dict[str, object] = {
        "path": check.dotted(path),
        "rule": rule,
        "found": "; ".join(said.values()),
        "effect": effect,
        "fix": fix,
    }
    return Problem(codes.code("names-mapped-wrong"), profile.where(path), params)


def _swapped(field: str, spec: object) -> str:
    """What maps `field` to the other part of the name: the other part's cleaner, or columns whose
    headers all name the other part; else "". A column read through the field's own part's cleaner
    whose headers name both parts is a 'Last, First' cell split right, whatever its header's last word
    (`own_part_of_both`)."""
    cleaner, endings = PART_CLEANERS[field]
    other = ("first", "last")[field == "givenName"]
    reads = check.named_reads(spec) or {}
    shown = ", ".join(repr(column) for column in reads.values()) or "its template"
    if cleaner in _cleaners(spec):
        return f"{field} reads {shown} with clean: [{cleaner}], the {other} name"
    if own_part_of_both(field, _cleaners(spec), list(reads.values())):
        return ""
    if reads and all(named_for(column, endings) for column in reads.values()):
        return f"{field} reads {shown}, the {other} name"
    return ""


def _read_whole(given: object, family: object) -> dict[str, str]:
    """Both names read from the same columns, one of them (or both) without its part's cleaner:
    the whole cell is that name (a 'Last, First' column into both); said by the field read whole."""
    reads, theirs = check.named_reads(given), check.named_reads(family)
    if not reads or reads != theirs:
        return {}
    whole = [f for f, spec in (("givenName", given), ("familyName", family)) if OWN_PART[f] not in _cleaners(spec)]
    if not whole:
        return {}
    shown = ", ".join(repr(column) for column in reads.values())
    how = (
        "neither with its part's cleaner (name_given, name_family)"
        if len(whole) == 2
        else f"{whole[0]} without clean: [{OWN_PART[whole[0]]}]"
    )
    return {whole[0]: f"givenName and familyName both read {shown}, {how}"}


def _cleaners(spec: object) -> list[str]:
    entries = spec.get("clean") if isinstance(spec, dict) else None
    return [entry_name(e) for e in entries if isinstance(e, str | dict) and e] if isinstance(entries, list) else []
