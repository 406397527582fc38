"""A parent whose given name a clerk corrected keeps the derived ID she had (tester62 F4).

A derived ID is made of the name (pipeline.derive), and the identity map finds a person by their
name with each student (pipeline.identity): "Jude Okafor" corrected to "Judea Okafor", with the
same email, phone and children, was a person the map did not know, published under a new ID at
exit 0 with no word, and Remind deleted the parent and her conversations. A family name changed is
found by the given name, email and students the map holds (V546); a given name corrected is found
here, in the last published set itself, which holds the name it had: a parent of that set with the
same family name, linked to the same students, with tonight's email or phone, whose given name is
another spelling of tonight's (`alike`). Read only for tonight's people the map does not know (a
few a night), in one pass over the last set's users.csv, holding the parents of their family names
and students alone.

Who stays a new person: another given name (a new stepparent typed in with the household's phone
and the family's email: "Bruno" is not "Tom"), other children (a child added the same night: the
last set cannot tell her from a new partner), another family name (V546's, with the given name),
a parent of the last set two of tonight's people match, or one matching two of them.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from . import identity, last_guardians


class Tonight(NamedTuple):
    """A person of tonight's set the identity map does not know, as compared here."""

    person: int  # their position in the guardian book
    prefix: str  # of the IDs their rule derives
    given: str  # as `identity.plain` writes it
    points: frozenset[str]  # their emails and phones, as `identity.point` writes them


class Found(NamedTuple):
    """The parent of the last published set a person of tonight is, under a corrected given name."""

    digits: int  # of the ID the parent had (`identity.digest_of`)
    before: str  # the parent's name as the last set published it
    name: str  # as `identity.name_key` writes that name
    shared: str  # what tonight's person has of theirs: "email", "phone" or "email and phone"


def wanted_key(family: str, students: Iterable[str]) -> str:
    """What a parent is looked for by: the family name (as `identity.plain` writes it) and every
    student they are linked to."""
    return f"{family}\x00{','.join(sorted({s for s in students if s}))}"


def alike(before: str, tonight: str, *, every_point: bool) -> bool:
    """Whether a given name is a corrected spelling of the one the parent had (both as `plain`
    writes them): another form of it (`identity.given_variant`: "Peter" and "Pieter", "Bill" and
    "William", "J" and "Jude"); or a spelling as near that is a woman's form of it, or the name
    but for its last letter ("Jude" and "Judea", "Mario" and "Maria"), which `given_variant`
    takes for two people, only where the person has every email and phone the parent was
    published with (`every_point`): a typo fixed keeps them all, where a new partner typed in
    over a parent's record brings one of their own."""
    if not before or not tonight or before == tonight:
        return False
    if identity.given_variant(before, tonight):
        return True
    return every_point and difflib.SequenceMatcher(None, before, tonight).ratio() >= identity.VARIANT_SIMILAR


def find(last_set: Path, wanted: dict[str, list[Tonight]]) -> dict[int, Found]:
    """Of tonight's people (`wanted`, by `wanted_key`), each one found to be exactly one parent of
    the last published set (its folder) under a corrected given name, and the only one of tonight
    found to be that parent: person -> that parent."""
    matches: dict[int, list[Found]] = {}
    families = {key.partition("\x00")[0] for key in wanted}
    needles = {max(family.split(), key=len) for family in families if family}
    for sourced_id, given, family, students, points in _parents(last_set / "users.csv", needles):
        plain_family = identity.name_parts({"familyName": family})[1]
        if plain_family not in families:
            continue
        plain_given = identity.name_parts({"givenName": given})[0]
        for one in wanted.get(wanted_key(plain_family, students), ()):
            digits = identity.digest_of(sourced_id, (one.prefix,))
            # Every email and phone the same, or the ID goes to whoever holds the new ones: a new partner
            # typed over a father's record with the household phone and an email of her own inherited his
            # account and its conversations (reviewer63 R2); with the same points, the same inbox had them.
            shared = points
            if (
                digits is None
                or not points
                or points != one.points
                or not alike(plain_given, one.given, every_point=True)
            ):
                continue
            kinds = sorted({"email" if "@" in point else "phone" for point in shared})
            name = " ".join(n for n in (given, family) if n)
            named = identity.name_key({"givenName": given, "familyName": family})
            matches.setdefault(one.person, []).append(Found(digits, name, named, " and ".join(kinds)))
    claimed: dict[int, int] = {}  # an ID's digits -> how many of tonight's people were found to be its parent
    for parents in matches.values():
        for parent in parents:
            claimed[parent.digits] = claimed.get(parent.digits, 0) + 1
    return {person: found[0] for person, found in matches.items() if len(found) == 1 and claimed[found[0].digits] == 1}


def _parents(users: Path, needles: set[str]) -> Iterator[tuple[str, str, str, list[str], frozenset[str]]]:
    """(sourcedId, givenName, familyName, students, points) of each parent or guardian of a
    written users.csv linked to a student, of a line holding one of `needles` (a word of a family
    name looked for, as `plain` writes it); nothing when there is none or it lacks a column. An
    ASCII line holding none is not parsed (a million users: 4 s all parsed, 1 to 1.6 s so); any
    other line is, since `plain` reads "Núñez" as "nunez"."""
    for row in last_guardians.guardians(users, line_may_hold=lambda line: _may_hold(line, needles)):
        if students := row.linked():
            yield row.sourced_id, row.given, row.family, students, row.points()


def _may_hold(line: str, needles: set[str]) -> bool:
    if not line.isascii():
        return True
    folded = line.casefold()
    return any(needle in folded for needle in needles)
