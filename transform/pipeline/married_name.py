"""Parents of the last published set found again by their children, where the name or the ID tonight
does not find them (tester71 F1, F3).

A derived ID is made of the name (pipeline.derive), and the identity map finds a person by their
name with each student (pipeline.identity); a family name changed with the same email is found by
the given name, email and students the map holds (V546). A marriage often brings a new email too:
"Ana Lee, ana.lee@" is "Ana Whitfield, ana.whitfield@" tonight, with the same phone, household and
children, and was published under a new ID at exit 0 with no word; Remind deleted the mother and
her conversations. So a parent the map does not know is looked for here, in the last published set
itself, which holds the names: a parent of that set with the same given name and exactly the same
students under another family name (`remarried`). derive.py keeps that parent's ID where one more
point is shared (the phone, the household, or the old email still on a row) and nobody tonight
has the ID (X824).

And a contact whose SIS contact-ID cell is empty on every row for one night (a SIS edit cleared
it) was given a derived ID, then the SIS's again the next night: Remind deleted and re-created the
father twice. The last published set holds him under the SIS's ID with his name, students and
email (`contacts`), and derive.py keeps it where no row tonight gives that ID (I255).

Read only for tonight's people nothing else found (a few a night), in one pass over the last set's
users.csv that parses only the lines holding one of their students' IDs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from . import given_corrected, identity


class Parent(NamedTuple):
    """A parent or guardian of the last published set, as it was published."""

    sourced_id: str
    given: str
    family: str
    points: frozenset[str]  # their emails and phones, as `identity.point` writes them

    @property
    def name(self) -> str:
        return " ".join(n for n in (self.given, self.family) if n)


def wanted_key(name: str, students: Iterable[str]) -> str:
    """What a parent is looked for by: a name (as `identity.plain` writes it: the given name for
    `remarried`, the whole name for `contacts`) and every student they are linked to."""
    return f"{name}\x00{','.join(sorted({s for s in students if s}))}"


def remarried(last_set: Path, wanted: dict[str, list[int]]) -> dict[int, list[Parent]]:
    """Of tonight's people (`wanted`, by `wanted_key` of their given name and students), each one's
    parents of the last published set of that given name and exactly those students: person -> them."""
    found: dict[int, list[Parent]] = {}
    for parent, key in _parents(last_set, wanted, whole_name=False):
        for person in wanted.get(key, ()):
            found.setdefault(person, []).append(parent)
    return found


def contacts(last_set: Path, wanted: dict[str, list[int]]) -> dict[int, list[Parent]]:
    """Of tonight's people (`wanted`, by `wanted_key` of their whole name and students), each one's
    parents of the last published set of that name and exactly those students: person -> them."""
    found: dict[int, list[Parent]] = {}
    for parent, key in _parents(last_set, wanted, whole_name=True):
        for person in wanted.get(key, ()):
            found.setdefault(person, []).append(parent)
    return found


def _parents(last_set: Path, wanted: dict[str, list[int]], *, whole_name: bool) -> Iterator[tuple[Parent, str]]:
    """Each parent of the last set's users.csv linked to a student of `wanted`'s keys, with its key."""
    # A parent's line holds each of their students' IDs: the lowest is enough to find it.
    needles = {key.partition("\x00")[2].split(",")[0].casefold() for key in wanted}
    for sourced_id, given, family, students, points in given_corrected.last_parents(last_set / "users.csv", needles):
        values = {"givenName": given, "familyName": family}
        name = identity.name_key(values) if whole_name else identity.name_parts(values)[0]
        yield Parent(sourced_id, given, family, points), wanted_key(name, students)


def same_contact(tonight: frozenset[str], parent: Parent) -> str:
    """What tells a contact of the last set is tonight's person: a shared email, or, where neither
    has an email, a shared phone; "" for neither."""
    if any("@" in p for p in tonight | parent.points):
        return "email" if any("@" in p for p in tonight & parent.points) else ""
    return "phone" if tonight & parent.points else ""
