"""A SIS contact whose contact-ID cell is empty on every row one night keeps the SIS's ID (tester71 F3).

Under a rule reading SIS contact IDs (Clever's `Contact_sis_id`, Infinite Campus's
`contactPersonID`), a person whose cells are all empty tonight, with no row giving the ID to join
(V612), got an ID derived from the name: Remind deleted the father and his conversations that night
and again the night the SIS filled the cell. The last published set holds him under the SIS's ID
with his name, students, email and phone; derive.py keeps that ID where exactly one contact there
has the person's whole name and exactly their students, shares the email (with no email on either,
the phone), and no row tonight gives that ID (I255). Sr. and Jr. of one name are two contacts: the
one whose ID a row tonight still gives is not the one who lost it.

Looked up in one pass over the last set's users.csv, one dictionary lookup a line (never a line
against every person looked for: reviewer83 R4), and only for people the identity map does not
already hold under a derived ID (a contact blank last night too has nothing to find).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from . import identity, last_guardians


class Contact(NamedTuple):
    """A parent or guardian of the last published set, as it was published."""

    sourced_id: str
    points: frozenset[str]  # their emails and phones, as `identity.point` writes them


def wanted_key(name: str, students: Iterable[str]) -> str:
    """What a person is looked for by: their whole name (`identity.name_key`) and every student."""
    return f"{name}\x00{','.join(sorted({s for s in students if s}))}"


def find(last_set: Path, wanted: dict[str, list[int]]) -> dict[int, list[Contact]]:
    """Of tonight's people (`wanted`, by `wanted_key`), the parents of the last published set of
    that name and exactly those students: person -> them."""
    found: dict[int, list[Contact]] = {}
    students = {key.partition("\x00")[2] for key in wanted}
    for key, contact in _parents(last_set / "users.csv", students):
        for person in wanted.get(key, ()):
            found.setdefault(person, []).append(contact)
    return found


def same_contact(tonight: frozenset[str], contact: Contact) -> str:
    """What tells a contact of the last set is tonight's person: a shared email, or, where neither
    has an email, a shared phone; "" for neither (another email is another person's inbox)."""
    if any("@" in p for p in tonight | contact.points):
        return "email" if any("@" in p for p in tonight & contact.points) else ""
    return "phone" if tonight & contact.points else ""


def _parents(users: Path, students: set[str]) -> Iterator[tuple[str, Contact]]:
    """(`wanted_key`, contact) of each parent or guardian of a written users.csv linked to exactly
    one of `students` (`wanted_key`'s second part: the name is made only for those)."""
    for row in last_guardians.guardians(users):
        linked = wanted_key("", row.linked()).partition("\x00")[2]
        if linked not in students:
            continue
        name = identity.name_key({"givenName": row.given, "familyName": row.family})
        yield f"{name}\x00{linked}", Contact(row.sourced_id, row.points())
