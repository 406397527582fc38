"""People re-keyed with no witness but the set itself: the same name, school and classes.

A student with no email, phone, birth date or parents, whose identifier changed with her ID
(review163 R2), and a teacher whose email changed with his ID (a move to another SIS), are
found again by nothing people_gate reads in users.csv: each went out as a delete and a create
(Remind drops her conversations). The set still holds a witness: her classes. A removed person
and an added one of the same role and name, at the same schools, whose enrolments name the same
classes (one or more), are one person under a new ID, when that name is one person's at each of
those schools in the last set and in tonight's (two Ava Smiths of one school are no proof; a
name in another school is another person). A student leaving and another of another name
arriving is nothing here. Read only when such a pair of one name exists: both sets' users.csv
(the names at each school) and enrollments.csv (those people's classes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from pathlib import Path

from transform.pipeline import identity
from transform.pipeline.gate import columns_of, records_of

# (role, given, family) as people_gate compares people
Name = tuple[str, str, str]
# (place in people_gate's `gone` or a new ID, name, schools)
Person = tuple[int, Name, frozenset[str]]
Added = tuple[str, Name, frozenset[str]]


def schools_of(text: str) -> frozenset[str]:
    """The schools a user's orgSourcedIds names."""
    return frozenset(s for s in text.split(",") if s)


def found(
    sets: tuple[Path, Path], gone_ids: list[str], left: list[Person], unfound: list[Added]
) -> list[tuple[int, str]]:
    """The removed people not found otherwise (`left`; `gone_ids`: the last set's ID of each place)
    that an added person not found otherwise (`unfound`) is by name, schools and classes: (place,
    new ID). `sets`: the last set's folder and tonight's."""
    names = {name for _, name, _ in left} & {name for _, name, _ in unfound}
    left = [p for p in left if p[1] in names and p[2]]
    unfound = [p for p in unfound if p[1] in names and p[2]]
    if not left or not unfound:
        return []
    then_held, now_held = _names_at(sets[0], names), _names_at(sets[1], names)
    left = [p for p in left if all(then_held[p[1], s] == 1 for s in p[2])]
    unfound = [p for p in unfound if all(now_held[p[1], s] == 1 for s in p[2])]
    by_key = {(name, schools): at for at, name, schools in left}
    pairs = [(by_key[name, schools], new) for new, name, schools in unfound if (name, schools) in by_key]
    if not pairs:
        return []
    then = _classes(sets[0], {gone_ids[at] for at, _ in pairs})
    now = _classes(sets[1], {new for _, new in pairs})
    return [(at, new) for at, new in pairs if then.get(gone_ids[at]) and then.get(gone_ids[at]) == now.get(new)]


def _names_at(folder: Path, names: Collection[Name]) -> Counter[tuple[Name, str]]:
    """How many users of a set's users.csv hold each of `names` at each school."""
    held: Counter[tuple[Name, str]] = Counter()
    for values, _ in records_of(folder / "users.csv"):
        name = (values.get("role", ""), *identity.name_parts(values))
        if name in names:
            for school in schools_of(values.get("orgSourcedIds", "")):
                held[name, school] += 1
    return held


def _classes(folder: Path, wanted: set[str]) -> dict[str, frozenset[str]]:
    """The classes each of the `wanted` users is enrolled in (as any role) in a set."""
    classes: dict[str, set[str]] = {}
    path = folder / "enrollments.csv"
    if not path.is_file():
        return {}
    for user, class_id in columns_of(path, "userSourcedId", "classSourcedId"):
        if user in wanted and class_id:
            classes.setdefault(user, set()).add(class_id)
    return {user: frozenset(held) for user, held in classes.items()}
