"""A parent whose family name and email changed the same night (a marriage) keeps her ID (tester71 F1).

A derived ID is made of the name (pipeline.derive), and the identity map finds a person by their
name with each student (pipeline.identity); a family name changed with the same email is found by
the given name, email and students the map holds (V546). A marriage often brings a new email too:
"Ana Lee, ana.lee@" was "Ana Whitfield, ana.whitfield@" the next night, with the same phone and
children, and was published under a new ID at exit 0 with no word; Remind deleted the mother and
her conversations. The last published set holds the names, so a parent the map does not know is
looked for there: the parents of her students (`parents_of`). derive.py keeps the old ID only on
a point of the person's own (reviewer83 R2: a household ID, or a phone another guardian of the
children has, is everyone's in the home), where the old parent is nowhere in tonight's set, under
any ID (R1), and says it with a warning the run exits 1 for (X824): the data cannot tell a
marriage from a relative of that given name given the parent's own phone.

Read in one pass over the last set's users.csv, one set lookup per linked student of a line
(never a line against every person looked for: reviewer83 R4).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from . import identity, last_guardians


class Parent(NamedTuple):
    """A parent or guardian of the last published set, as it was published."""

    sourced_id: str
    given: str  # as `identity.plain` writes it
    family: str  # as `identity.plain` writes it
    name: str  # as published: "Ana Lee"
    students: frozenset[str]
    points: frozenset[str]  # their emails and phones, as `identity.point` writes them


def parents_of(last_set: Path, students: set[str]) -> dict[str, list[Parent]]:
    """The parents and guardians of the last published set linked to each of `students`."""
    found: dict[str, list[Parent]] = {}
    for parent in _parents(last_set / "users.csv", students):
        for student in parent.students & students:
            found.setdefault(student, []).append(parent)
    return found


def _parents(users: Path, students: set[str]) -> Iterator[Parent]:
    """Each parent or guardian of a written users.csv linked to one of `students`."""
    for row in last_guardians.guardians(users):
        linked = frozenset(row.linked())
        if linked.isdisjoint(students):
            continue
        given, family = identity.name_parts({"givenName": row.given, "familyName": row.family})
        name = " ".join(n for n in (row.given, row.family) if n)
        yield Parent(row.sourced_id, given, family, name, linked, row.points())
