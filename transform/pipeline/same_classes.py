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
half of them are the same, in an export that keeps its enrolment IDs (`keeps_ids`: not one
numbering its rows, review188 R3), or when all but one of three classes or more are (tester85 T4:
`witness`). The limit (review188 R2): where enrolment IDs are made of the user's ID ('{section}-
{user}', most shipped profiles), a re-key changes every one of them, so only the classes witness,
and a student of two classes, one of which changes that night, stays unfound (a weaker rule would
pair two children of one name). A newcomer of the leaver's name in all but one of three or more of
her classes is taken for her (rare; the set is right either way), as one given the leaver's number
in an export numbering its rows whose changes all come after hers (review196 R1): X958's words say
how they were found and that two people of one name need nothing (`how`, review188 R4), X955's
(a refusal) only how. A student leaving and another of another name arriving
is nothing here. Read only when such a pair of one name exists: each set's users.csv once (the
names at each school, the candidates' parents), demographics.csv once for the pairs' IDs alone,
enrollments.csv once for the pairs' enrolments and a sample of the others' (`keeps_ids`); a line
is cut at its commas unless it holds a quote (a written set's rows are one line each).
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
# The rules `witness` names: the classes alone, or one enrolment ID kept with them
CLASSES, KEPT = "classes", "kept"
# of the (user, class) pairs both nights' samples hold: the export keeps enrolment IDs (`keeps_ids`)
KEPT_SHARE, KEPT_FEWEST = 0.9, 10
_SAMPLED = 400_000  # bytes of the last set's enrollments.csv sampled for `keeps_ids` (some 5,000 rows)


def schools_of(text: str) -> frozenset[str]:
    """The schools a user's orgSourcedIds names."""
    return frozenset(s for s in text.split(",") if s)


def found(
    sets: tuple[Path, Path],
    gone_ids: list[str],
    left: list[Person],
    unfound: list[Added],
    renamed: Mapping[str, str] | None = None,
) -> list[tuple[int, str, str, str]]:
    """The removed people not found otherwise (`left`; `gone_ids`: the last set's ID of each place)
    that an added person not found otherwise (`unfound`) is by name, schools and classes (`witness`):
    (place, new ID, words for the witness, the rule: `CLASSES` or `KEPT`). `sets`: the last set's
    folder and tonight's; `renamed`: a parent's old ID -> new ID (people found again tonight)."""
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
    then_in, then_kept = _classes(sets[0], {gone_ids[at] for at, _ in pairs}, _step(sets[0] / "enrollments.csv"))
    now_in, now_kept = _classes(sets[1], {n for _, n in pairs}, among=then_kept)
    keeps = keeps_ids(then_kept, now_kept)
    return [
        (at, new, seen, rule)
        for at, new in pairs
        for rule, seen in [witness(then_in.get(gone_ids[at], frozenset()), now_in.get(new, frozenset()), keeps=keeps)]
        if rule
    ]


def how(rule: str, kind: str, *, refused: bool = False) -> str:
    """The words after a pair `witness` found by `rule` (X955's when `refused`, X958's else): how it
    was found, and, published, that two people of one name need nothing (review196 R3: the set is
    right either way). One kept enrolment ID is no proof in an export that numbers its rows with
    changes only after her rows (review196 R1: it hands a leaver's number to a newcomer)."""
    found_by = ", found by one kept enrolment ID" if rule == KEPT else ", found by the classes alone"
    if refused:
        return found_by
    who = "children" if kind == "students" and rule == CLASSES else "people"
    return f"{found_by}: if two {who} of one name, nothing to do"


def keeps_ids(then: Mapping[tuple[str, str], str], now: Mapping[tuple[str, str], str]) -> bool:
    """Whether an export keeps its enrolment IDs from night to night (a OneRoster input's do; one
    numbering its rows, e1 e2 ..., gives a leaver's ID to the row after hers, review188 R3): of the
    (user, class) pairs of both nights' samples (users not re-keyed), at least `KEPT_FEWEST`, and
    `KEPT_SHARE` of them with the same enrolment ID."""
    both = [pair for pair in then if pair in now]
    kept = sum(1 for pair in both if then[pair] == now[pair])
    return len(both) >= KEPT_FEWEST and kept >= KEPT_SHARE * len(both)


def witness(
    then: frozenset[tuple[str, str]], now: frozenset[tuple[str, str]], *, keeps: bool = True
) -> tuple[str, str]:
    """The rule (`CLASSES`, `KEPT`; "" for none) and words for what says a removed person's
    enrolments (`then`: enrolment ID and class) and an added one's (`now`) are one person's: the
    same classes (`CLASSES`); or, in an export that keeps its enrolment IDs (`keeps`, `keeps_ids`),
    an enrolment of hers the SIS kept (its ID, in one class, naming her old ID last night and her new
    one tonight) with at least half of the classes the same (`KEPT`); or all classes but one changed
    of at least `MOST_OF` on each night (`CLASSES`; tester85 T4: she is re-keyed the night one of
    her classes changes). A newcomer of the leaver's name who shares less than that, or one
    class of three, is another child."""
    had, has = {c for _, c in then}, {c for _, c in now}
    if not had or not has:
        return "", ""
    if had == has:
        return CLASSES, "same school and classes"
    shared, most = len(had & has), max(len(had), len(has))
    kept = sorted(e for e, _ in then & now if e) if keeps else []
    if kept and 2 * shared >= most:
        return KEPT, f"same school, enrolment {kept[0]} and {shared} of {most} classes"
    if min(len(had), len(has)) >= MOST_OF and len(had - has) <= 1 and len(has - had) <= 1:
        return CLASSES, f"same school and {shared} of {most} classes"
    return "", ""


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


def _step(path: Path) -> int:
    """One line in how many of the last set's enrollments.csv sampled for `keeps_ids`, so that the
    sample holds some `_SAMPLED` bytes of it."""
    return max(1, path.stat().st_size // _SAMPLED) if path.is_file() else 1


ENROLMENT = ("userSourcedId", "classSourcedId", "sourcedId")


def _classes(
    folder: Path, wanted: set[str], step: int = 1, among: Mapping[tuple[str, str], str] | None = None
) -> tuple[dict[str, frozenset[tuple[str, str]]], dict[tuple[str, str], str]]:
    """The enrolments (ID, class) of each of the `wanted` users (as any role) in a set, and the
    enrolment ID of each (user, class) sampled for `keeps_ids`: of one line in `step` (`_step`), or,
    tonight, of the (user, class) pairs last night's sample holds (`among`: the same pairs both
    nights, held no larger than last night's, review196 R5). It reads 800,000 lines a night at a
    large district: a line is cut only up to its user's cell, whole only when kept (no hash)."""
    classes: dict[str, set[tuple[str, str]]] = {}
    sample: dict[tuple[str, str], str] = {}
    path = folder / "enrollments.csv"
    if not path.is_file():
        return {}, sample
    users = {user for user, _ in among or ()}
    with set_files.lines(path) as (header, numbered):
        if ENROLMENT[0] not in header:
            return {}, sample
        u, c, e = at = [header.index(name) if name in header else len(header) for name in ENROLMENT]
        width = max(at) + 1
        for n, text in numbered:
            cut = text.rstrip("\r\n").split(",", u + 1) if '"' not in text else set_files.cells(text)
            user = cut[u] if u < len(cut) else ""
            if user in wanted:
                row = _row(text, width)
                if row[c]:
                    classes.setdefault(user, set()).add((row[e], row[c]))
            elif (n % step == 0) if among is None else user in users:
                row = _row(text, width)
                if among is None or (user, row[c]) in among:
                    sample[user, row[c]] = row[e]
    return {user: frozenset(held) for user, held in classes.items()}, sample


def _row(text: str, width: int) -> list[str]:
    """A written line's cells, at least `width` of them (a short line's last ones empty)."""
    row = set_files.cells(text)
    return row + [""] * (width - len(row)) if len(row) < width else row
