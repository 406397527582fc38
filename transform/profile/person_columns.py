"""The people a student's row names by column groups: Mother First Name, Mother Email, Father Cell.

A group is the columns whose header starts with one person's words (Mother, Father, Parent 1,
Guardian) followed by a field: a whole name or a first and a last name, an email, phones. A word
may stand before the person (Alt Parent, Secondary Guardian, Other Mother: a parent of a second
household), and then the group counts only with an email or a phone beside its name: a header
ending in a person's word (Lives With Mother) is a flag, not a person. An emergency contact's,
a pickup contact's or a doctor's columns, a grandparent's, and an ID or a relationship column are
no group: they never become users.

`transform init-profile` drafts an `each` group for each (profile.skeleton_guardians), and a run
whose guardians rule reads some groups of an export but not one of them says so (P125,
pipeline.unread_groups).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The header squashed: an optional qualifier word, the person's word, a number (Parent1,
# Guardian 2), the field. "Parent/Guardian 1 Email" is one person: the second word is no field.
PERSON = re.compile(
    r"^([0-9a-z]*?)(mother|father|parent|guardian|stepmother|stepfather|mom|dad)(?:guardian)?(\d?)(.*)$"
)
WHOLE = ("", "name", "fullname", "names")
GIVEN = ("first", "given", "forename", "fname")
FAMILY = ("last", "surname", "family", "lname")
EMAIL = ("email", "mail")
PHONE = ("phone", "cell", "mobile", "tel")
NOT_PERSON = (
    "emerg",
    "pickup",
    "doctor",
    "relationship",
    "relation",
    "id",
    "language",
    "employer",
    "address",
    "grand",
)
ROLE = {"guardian": "guardian"}


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


@dataclass
class Person:
    """One person's columns on a student's row."""

    label: str
    role: str
    qualified: bool = False  # a word stands before the person's (Alt Parent): a second household's
    whole: str | None = None
    given: str | None = None
    family: str | None = None
    email: str | None = None
    phones: list[str] = field(default_factory=list)

    @property
    def named(self) -> bool:
        return self.whole is not None or (self.given is not None and self.family is not None)

    @property
    def points(self) -> list[str]:
        """The columns of the person's email and phones."""
        return [*([self.email] if self.email else []), *self.phones]

    @property
    def columns(self) -> list[str]:
        """Every column of the person: names, email, phones."""
        names = [c for c in (self.whole, self.given, self.family) if c is not None]
        return [*names, *self.points]

    @property
    def counts(self) -> bool:
        """A person of a group: named, and reachable when a word stands before the person's."""
        return self.named and (not self.qualified or bool(self.points))


def people(columns: list[str]) -> list[Person]:
    """The people the columns name, in the header's order (phones as their headers say: a
    phone's type or order column is the caller's to leave out by its values)."""
    found: dict[str, Person] = {}
    for column in columns:
        name = squash(column)
        match = PERSON.match(name)
        if match is None or any(word in name for word in NOT_PERSON):
            continue
        qualifier, word, number, rest = match.groups()
        label = f"{qualifier}_{word}{number}" if qualifier else word + number
        person = found.setdefault(label, Person(label, ROLE.get(word, "parent"), qualified=bool(qualifier)))
        _place(person, column, rest)
    return list(found.values())


def _place(person: Person, column: str, rest: str) -> None:
    if rest in WHOLE:
        person.whole = person.whole or column
    elif any(w in rest for w in EMAIL):
        person.email = person.email or column
    elif any(w in rest for w in PHONE):
        person.phones.append(column)  # a type or an ID column said so is left out by its values
    elif any(w in rest for w in GIVEN):
        person.given = person.given or column
    elif any(w in rest for w in FAMILY):
        person.family = person.family or column
