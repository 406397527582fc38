"""People re-keyed with no witness but the set itself: the same name, school and classes.

A student with no email, phone, birth date or parents, whose identifier changed with her ID
(review163 R2), and a teacher whose email changed with his ID (a move to another SIS), are
found again by nothing people_gate reads in users.csv: each went out as a delete and a create
(Remind drops her conversations). The set still holds a witness: her classes. A removed person
and an added one of the same role and name, at the same schools, whose enrolments name the same
classes (one or more), are one person under a new ID, when that name is one person's at each of
those schools in the last set and in tonight's (two Ava Smiths of one school are no proof; a
name in another school is another person), and no witness both give differs: birth dates both
known and other, or parents both known and none shared (a parent re-keyed tonight, found by
people_gate, counts as the same: `renamed`) are a leaver and a newcomer of one name (review184
R2). The night one of her classes changes too, her classes are still a witness when the SIS kept
an enrolment of hers (its ID names her old ID last night, her new one tonight, in one class) and
half of them are the same, or when all but one of three classes or more are (tester85 T4:
`witness`). A student leaving and another of another name arriving is nothing here. Read only when such
a pair of one name exists: each set's users.csv once (the names at each school, the candidates'
parents), demographics.csv and enrollments.csv once for the pairs' IDs alone; a line is cut at
its commas unless it holds a quote (a written set's rows are one line each).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path

from transform.pipeline import identity, set_files

# (role, given, family) as people_gate compares people
Name = tuple[str, str, str]
# (place in people_gate's `gone` or a new ID, name, schools)
Person = tuple[int, Name, frozenset[str]]
Added = tuple[str, Name, frozenset[str]]
MOST_OF = 3  # classes on each night, all but one of them the same: one person (`witness`)


def schools_of(text: str) -> frozenset[str]:
    """The schools a user's orgSourcedIds names."""
    return frozenset(s for s in text.split(",") if s)


def found(
    sets: tuple[Path, Path],
    gone_ids: list[str],
    left: list[Person],
    unfound: list[Added],
    renamed: Mapping[str, str] | None = None,
) -> list[tuple[int, str, str]]:
    """The removed people not found otherwise (`left`; `gone_ids`: the last set's ID of each place)
    that an added person not found otherwise (`unfound`) is by name, schools and classes (`witness`):
    (place, new ID, words for the witness). `sets`: the last set's folder and tonight's; `renamed`: a
    parent's old ID -> new ID (people found again tonight)."""
    keys = {(name, schools) for _, name, schools in left if schools} & {(n, s) for _, n, s in unfound}
    if not keys:
        return []
    names = {name for name, _ in keys}
    left = [p for p in left if (p[1], p[2]) in keys]
    unfound = [p for p in unfound if (p[1], p[2]) in keys]
    then = _Held(sets[0], names, {gone_ids[at] for at, _, _ in left})
    now = _Held(sets[1], names, {new for new, _, _ in unfound})
    left = [p for p in left if all(then.held[p[1], s] == 1 for s in p[2])]
    unfound = [p for p in unfound if all(now.held[p[1], s] == 1 for s in p[2])]
    by_key = {(name, schools): at for at, name, schools in left}
    pairs = [(by_key[name, schools], new) for new, name, schools in unfound if (name, schools) in by_key]
    if not pairs:
        return []
    old_ids = {gone_ids[at] for at, _ in pairs}
    born = (
        _cells(sets[0] / "demographics.csv", "birthDate", old_ids),
        _cells(sets[1] / "demographics.csv", "birthDate", {new for _, new in pairs}),
    )
    pairs = [
        (at, new)
        for at, new in pairs
        if not _differ(born[0].get(gone_ids[at], ""), born[1].get(new, ""))
        and not _other_parents(then.parents.get(gone_ids[at], ""), now.parents.get(new, ""), renamed or {})
    ]
    if not pairs:
        return []
    then_in, now_in = _classes(sets[0], {gone_ids[at] for at, _ in pairs}), _classes(sets[1], {n for _, n in pairs})
    return [
        (at, new, seen)
        for at, new in pairs
        if (seen := witness(then_in.get(gone_ids[at], frozenset()), now_in.get(new, frozenset())))
    ]


def witness(then: frozenset[tuple[str, str]], now: frozenset[tuple[str, str]]) -> str:
    """Words for what says a removed person's enrolments (`then`: enrolment ID and class) and an
    added one's (`now`) are one person's ("" for nothing): the same classes; or an enrolment of hers
    the SIS kept (its ID, in one class, naming her old ID last night and her new one tonight: a
    OneRoster input keeps enrolment IDs) with at least half of the classes the same; or all classes
    but one changed of at least `MOST_OF` on each night (tester85 T4: she is re-keyed the night one
    of her classes changes). A newcomer of the leaver's name who shares less than that, or one
    class of three, is another child."""
    had, has = {c for _, c in then}, {c for _, c in now}
    if not had or not has:
        return ""
    if had == has:
        return "same school and classes"
    shared, most = len(had & has), max(len(had), len(has))
    kept = sorted(e for e, _ in then & now if e)
    if kept and 2 * shared >= most:
        return f"same school, enrolment {kept[0]} and {shared} of {most} classes"
    if min(len(had), len(has)) >= MOST_OF and len(had - has) <= 1 and len(has - had) <= 1:
        return f"same school and {shared} of {most} classes"
    return ""


def _differ(one: str, other: str) -> bool:
    """Whether two birth dates are both known and other."""
    return bool(one and other) and one.strip() != other.strip()


def _other_parents(before: str, tonight: str, renamed: Mapping[str, str]) -> bool:
    """Whether two agentSourcedIds are both written and name no parent in common (a parent's old ID
    read as its new one when it was found again tonight)."""
    then = {renamed.get(a, a) for a in before.split(",") if a}
    now = {a for a in tonight.split(",") if a}
    return bool(then and now) and not then & now


class _Held:
    """Of a set's users.csv, read once: how many users hold each of `names` at each school, and the
    agentSourcedIds of the `wanted` IDs."""

    def __init__(self, folder: Path, names: Collection[Name], wanted: Collection[str]) -> None:
        self.held: Counter[tuple[Name, str]] = Counter()
        self.parents: dict[str, str] = {}
        families = {name[2] for name in names}
        plain: dict[str, str] = {}  # a family name as written -> as people_gate compares it
        columns = ("role", "givenName", "familyName", "orgSourcedIds", "sourcedId", "agentSourcedIds")
        for role, given, family, schools, sourced_id, agents in _lines(folder / "users.csv", columns):
            if sourced_id in wanted:
                self.parents[sourced_id] = agents
            if (kept := plain.get(family)) is None:
                kept = plain[family] = identity.given_and_family("", family)[1]
            if kept in families and (name := (role, identity.given_and_family(given, "")[0], kept)) in names:
                for school in schools_of(schools):
                    self.held[name, school] += 1


def _lines(path: Path, names: tuple[str, ...], key: str = "", wanted: Collection[str] = ()) -> Iterator[list[str]]:
    """The named cells of each line of a written file ("" for a column it lacks); with `key`, only of
    the lines whose `key` cell is one of `wanted` (set_files' line reader: cut at its commas unless it
    holds a quote)."""
    if not path.is_file():
        return
    with set_files.lines(path) as (header, numbered):
        at = [header.index(name) if name in header else -1 for name in names]
        if key and key not in header:
            return
        k = header.index(key) if key else -1
        for _, text in numbered:
            row = set_files.cells(text)
            if k < 0 or (k < len(row) and row[k] in wanted):
                yield [row[i] if 0 <= i < len(row) else "" for i in at]


def _cells(path: Path, column: str, wanted: Collection[str]) -> dict[str, str]:
    """The `column` cell of each of the `wanted` IDs in a written file."""
    return dict(_lines(path, ("sourcedId", column), "sourcedId", wanted))


def _classes(folder: Path, wanted: set[str]) -> dict[str, frozenset[tuple[str, str]]]:
    """The enrolments (ID, class) of each of the `wanted` users (as any role) in a set."""
    classes: dict[str, set[tuple[str, str]]] = {}
    for user, class_id, enrolment in _lines(
        folder / "enrollments.csv", ("userSourcedId", "classSourcedId", "sourcedId"), "userSourcedId", wanted
    ):
        if class_id:
            classes.setdefault(user, set()).add((enrolment, class_id))
    return {user: frozenset(held) for user, held in classes.items()}
