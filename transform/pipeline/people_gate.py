"""The safety gate by kind of user: a set that loses one kind of people, or gives them new IDs.

The whole-file limit (pipeline.gate) counts users.csv as one: a school's teachers missing from
the staff export are 4 of 270 users, every parent under a new ID 20 of 270, and both were
published. Remind deletes a user who leaves the set, and takes a user under a new sourcedId for
a new user ("the old one is deleted, and a parent loses their conversations": docs/identity.md).
So the removals are also counted per kind (students, staff, parents) across the district and at
each school, and the people removed tonight are looked for among those added: the same role,
name and email under another ID is the same person re-keyed (a connector sending another ID
column, a contact-ID column no longer exported, a move to another SIS). A student is found by
name with the identifier or the same parents too, and one nothing else finds with the birth date
(tester78 T1: an elementary student has no email or phone); a value many students hold is no
proof (review163 R1). A student or a teacher none of those find (an identifier changed with the
ID, an email with the SIS) is found by name, school and classes (pipeline.same_classes, R2).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from transform.pipeline import excluded_left, flags_left_in, identity, same_classes
from transform.pipeline.compact import IdSet
from transform.pipeline.gate import (
    REASSIGNED_AT_LEAST,
    SHRUNK_BELOW,
    Change,
    Night,
    against,
    columns_of,
    errors_left_out,
    records_of,
    write_removals,
)
from transform.pipeline.school_counts import PARENT_ROLES, STAFF
from transform.report import codes
from transform.report.lookalike import clause, pair
from transform.report.problem import Where
from transform.report.report import ENROLLED_LEFT_OUT, Report, enrolled_apart, enrolled_cause, enrolled_most

KINDS = {"student": "students"} | dict.fromkeys(STAFF, "staff") | dict.fromkeys(PARENT_ROLES, "parents")
AT_LEAST = REASSIGNED_AT_LEAST  # fewer people re-keyed may be the SIS merging records
# Fewer people of a kind leaving in one night is ordinary news: three teachers of one school in
# a night is not, a family of three children (and their parents) withdrawing from a small
# program is.
LOST_AT_LEAST = {"staff": 3, "students": 10, "parents": 10}
SCHOOL_SHARE = SHRUNK_BELOW * 100  # more than half of a school's people of one kind gone
EXAMPLES = 3


@dataclass(slots=True)
class Kinds:
    """The last published set's users per kind (and per kind and school), those tonight's set
    removes (less those found again under a new ID), with a few names per kind and per kind and
    school, and the ones found again: (old ID, new ID, name) per kind."""

    previous: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    at_school: Counter[tuple[str, str]] = field(default_factory=Counter)
    removed_at_school: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (kind, school or "") -> the first removed people's IDs and names
    names: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    moved: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    # Parents removed whose corrected given name made them a new derived ID (tester19 F3): the
    # same family name with the same email or phone, and a given name that is another form of
    # theirs: (old ID, new ID, name before, name tonight). Said (X979), not counted as re-keyed.
    renamed: list[tuple[str, str, str, str]] = field(default_factory=list)
    # The people removed (not found again), by kind: (ID, schools, agentSourcedIds: a parent's students), for X953
    # to ask whether tonight's exports still list them, or a parent's students, as withdrawn or
    # inactive (left out on purpose: tester58 F5).
    lost: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    # New ID -> the words X958 adds to a pair found by the classes (pipeline.same_classes.how): that
    # two people of one name need nothing, which X955, a refusal, does not say (review196 R2)
    published_words: dict[str, str] = field(default_factory=dict)

    def rekeyed(self) -> dict[str, str]:
        """Old ID -> new ID of the people found under a new ID, for the removals file."""
        return {old: new for moved in self.moved.values() for old, new, _ in moved}


# Past this many users removed, nobody is looked for under a new ID (the whole-file limit refuses
# such a night anyway): the removed people are held while tonight's set is read.
SEARCHED_AT_MOST = 200_000


def _person(values: dict[str, str]) -> tuple[str, str, str, str, str]:
    given, family = identity.name_parts(values)
    phone = "".join(c for c in values.get("phone", "") or values.get("sms", "") if c.isdigit())
    return values.get("role", ""), given, family, values.get("email", "").strip().casefold(), phone


class Key(NamedTuple):
    """What finds a person again: the role and name with one proof (`by`: "email", "phone", or a
    student's "birth date", "identifier" or "parents") and its value."""

    role: str
    given: str
    family: str
    by: str
    value: str


# A proof value held by more students than this (of the last set, or of those tonight adds) is no
# proof (review163 R1): an identifier column holding '03' on every row (the grade, a constant), a
# placeholder birth date (1900-01-01), every student linked to one 'unknown guardian'. A birth
# date is held by chance by some students (about one in 365 of a year's): one held by more than
# one in 365 of all is a placeholder. Siblings share their parents, never more than a family's.
FAMILY_AT_MOST = 8


def _cap(by: str, students: int) -> int:
    """How many students may hold one value of the proof `by` for it to prove anyone."""
    return {"identifier": 1, "parents": FAMILY_AT_MOST}.get(by, max(2, students // 365))


def _keys(person: tuple[str, str, str, str, str]) -> list[Key]:
    """What finds a person again: the role and name with the email, or with the phone, each
    alone (a SIS move adds or drops a column: a student's phone exported by one SIS and not the
    other is the same student, tester15 F1). A student has more (`_proofs`, `_born`)."""
    role, given, family, email, phone = person
    return [Key(role, given, family, by, value) for by, value in (("email", email), ("phone", phone)) if value]


def _proofs(values: Mapping[str, str]) -> list[tuple[str, str]]:
    """A student's proofs beside an email or phone: her identifier (the student number the SIS
    kept while the ID column changed) and her parents (agentSourcedIds): an elementary student
    has no email or phone (tester78 T1). With her birth date (`_born`), each is counted (`_cap`):
    a value many students hold proves no one. Twins share the birth date and the parents, not
    the given name; a name alone is still no one."""
    parents = values.get("agentSourcedIds", "")
    if "," in parents:
        parents = ",".join(sorted({a for a in parents.split(",") if a}))
    identifier = values.get("identifier", "").strip().casefold()
    if identifier and parents:
        return [("identifier", identifier), ("parents", parents)]
    return [("identifier", identifier)] if identifier else [("parents", parents)] if parents else []


def _proved(
    person: tuple[str, str, str, str, str],
    proofs: list[tuple[str, str]],
    seen: Counter[tuple[str, str]],
    cap: Callable[[str], int],
) -> list[Key]:
    """The keys of a student's `proofs` that few enough students hold (`seen`, `cap`)."""
    role, given, family, _, _ = person
    return [Key(role, given, family, by, value) for by, value in proofs if seen[by, value] <= cap(by)]


def _born(path: Path, wanted: Collection[str] | IdSet, *, everyone: bool) -> tuple[dict[str, str], Counter[str], int]:
    """The birth dates demographics.csv gives the `wanted` IDs (read once, only theirs held), how
    many of the records counted hold each date, and how many those are: every record's
    (`everyone`: the last set's students), or the `wanted` ones' (tonight's added users)."""
    dates: dict[str, str] = {}
    held: Counter[str] = Counter()
    rows = 0
    if not wanted:
        return dates, held, rows
    for i, born in columns_of(path, "sourcedId", "birthDate"):
        mine = i in wanted
        if born and (mine or everyone):
            held[born.strip()] += 1
            rows += 1
            if mine:
                dates[i] = born.strip()
    return dates, held, rows


def _written_otherwise(person: tuple[str, str, str, str, str], sourced_id: str) -> tuple[str, str, str, str]:
    """What finds a person again under her own ID written otherwise: the role and name with the
    ID without its leading zeros and letter case ('000759925' and '759925', 'e748' and 'E748': a
    spreadsheet, or a connector, rewrote it). An elementary student has no email or phone to be
    found by (tester30 F3), but the ID itself says it is she."""
    role, given, family, _, _ = person
    return role, given, family, folded(sourced_id)


def folded(sourced_id: str) -> str:
    """An ID without its leading zeros and letter case: the IDs `written_otherwise` are one."""
    return sourced_id.lstrip("0").casefold()


def written_otherwise(old: str, new: str) -> bool:
    """`new` is `old` without its leading zeros or in another letter case, or both."""
    return old != new and folded(old) == folded(new)


# The leading zeros of an ID's digits, after a prefix of other characters ("G" of "G00030000"): the
# zeros a SIS upgrade or a connector puts in or takes out there (tester92 T4: contact IDs padded).
_ZEROS_AFTER_PREFIX = re.compile(r"^([^0-9]*)(0+)(?=[0-9])")


def _unpadded(sourced_id: str) -> tuple[str, int]:
    """The ID without the leading zeros of its digits (after any prefix), and how many there were."""
    found = _ZEROS_AFTER_PREFIX.match(sourced_id)
    if found is None:
        return sourced_id, 0
    return found.group(1) + sourced_id[found.end() :], len(found.group(2))


def padded_otherwise(old: str, new: str) -> bool:
    """`new` is `old` with more or fewer leading zeros before its digits (after a prefix: 'G30000' and
    'G00030000'), or in another letter case, or both: `written_otherwise` and the zeros after a prefix."""
    return old != new and _unpadded(old)[0].casefold() == _unpadded(new)[0].casefold()


def written_otherwise_cause(
    old: str, new: str, width: int = 0, prefixes: tuple[str, ...] = (), *, users: bool = True
) -> str:
    """X955's (and the classes' X985's) words for IDs written otherwise (`padded_otherwise`), by which
    side lost the zeros: when tonight's IDs GAIN them ('45000' is now '0045000'), the last published
    set was the one made from a copy a spreadsheet opened, and tonight's exports are right (tester57
    U5: the words told the admin to export tonight's good files again); or the SIS now writes them so.
    Each way names the step that keeps every ID where there is one: lost zeros the SIS itself now drops
    are put back by the profile's id cleaner (`width`: the digits of the last set's IDs, else `old`'s;
    on a guardian rule's contact column where the IDs are one of its `prefixes` before digits; said of
    `users` only), while no cleaner takes zeros off or changes an ID's letter case (tester92 T3, T4)."""
    (old_plain, old_zeros), (new_plain, new_zeros) = _unpadded(old), _unpadded(new)
    cased = old_plain != new_plain
    if new_zeros > old_zeros:  # more leading zeros tonight
        said = (
            f"tonight's IDs are the last published set's with their leading zeros back ({old!r} is now {new!r}): "
            "that set was made from exports a spreadsheet opened (or a connector that dropped the zeros), and "
            "tonight's are as the SIS writes them; if so, rerun once with --allow-rollover to publish the real "
            "IDs (Remind re-creates those records once), and keep copying the exports without a spreadsheet"
        )
        if users:
            said += (
                "; if the SIS or its connector only now writes the zeros (an upgrade), no profile cleaner takes "
                "them off: have it write the IDs as before, else the same rollover"
            )
        return f"{said}{_case_words(cased)}"
    if new_zeros == old_zeros:  # the letter case alone
        return (
            f"the IDs are the old ones in other letter case ({old!r} is now {new!r}): a spreadsheet does not "
            f"change letter case, so the SIS (an upgrade) or its connector now writes them so{_case_words(True)}"
        )
    said = f"the IDs are the old ones without their leading zeros{' and in other letter case' if cased else ''} "
    if not new.isdigit():  # a spreadsheet takes the zeros off a number only
        said += f"({old!r} is now {new!r}): the SIS (an upgrade) or its connector now writes them so"
        if users and (padded := _pad_words(old, new, width, prefixes, "; to keep every ID")):
            return f"{said}{padded}{_case_words(cased)}"
        how = "puts zeros back inside an ID" + (" or changes its letter case" if cased else "")
        return f"{said}{_case_words(True, how)}"
    said += (
        f"({old!r} is now {new!r}): the exports went through a spreadsheet or the connector changed; export "
        "them again and copy them without opening them in a spreadsheet"
    )
    return f"{said}{_pad_words(old, new, width, prefixes, KEEP_PADDED)}" if users else said


# The start of the step that keeps IDs a spreadsheet may have stripped, when the SIS did (tester92 T3).
KEEP_PADDED = "; if the SIS itself now writes them so (an upgrade), keep every ID"


def _pad_words(old: str, new: str, width: int, prefixes: tuple[str, ...], keep: str) -> str:
    """The step that keeps IDs whose leading zeros the SIS itself now drops (`keep` its first words):
    the profile's id cleaner puts them back on an all-digit column (tester92 T3); "" where it cannot."""
    if old.isdigit() and new.isdigit():
        return (
            f"{keep}: in a district profile (extends: yours) put the zeros back with "
            f"clean: [{{id: {{width: {width or len(old)}, pad: true}}}}] on every column the IDs are read from "
            "(the users' sourcedId and identifier, the demographics' sourcedId, the enrolments' userSourcedId, "
            "the guardian rule's student: docs/profiles.md); the enrolment IDs a template builds from the "
            "number change once (over the removal limit: --allow-rollover that night)"
        )
    prefix = _ZEROS_AFTER_PREFIX.match(old).group(1)  # type: ignore[union-attr]  # old lost zeros: it has them
    digits = old[len(prefix) :]
    if prefix in prefixes and digits.isdigit() and new[len(prefix) :].isdigit():
        return (
            f"{keep}: in a district profile (extends: yours) put the zeros back with "
            f"clean: [{{id: {{width: {len(digits)}, pad: true}}}}] on the guardian rule's contact column "
            "(docs/profiles.md)"
        )
    return ""


def _case_words(cased: bool, how: str = "changes an ID's letter case") -> str:
    """What keeps IDs a SIS now writes in other letter case (or with zeros no cleaner puts back, `how`):
    nothing in a profile (tester92 T4)."""
    if not cased:
        return ""
    return (
        f"; no profile cleaner {how}: have the SIS or connector write them as before, or publish the new IDs "
        "with --allow-rollover, and Remind deletes each of these records and creates a new one (their "
        "conversations lost)"
    )


def finding_keys(values: dict[str, str], sourced_id: str, birth_date: str = "") -> list[tuple[str, ...]]:
    """What finds this user of a set again in another set under a new ID, as the gate does (`_keys`,
    `_written_otherwise`), and by name with birth date: none for a user with no name (unrelated_set)."""
    person = _person(values)
    if not (person[1] or person[2]):
        return []
    found: list[tuple[str, ...]] = [*_keys(person), _written_otherwise(person, sourced_id)]
    return [*found, (*person[:3], "born", birth_date)] if birth_date else found


def _name(values: dict[str, str]) -> str:
    return " ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n)


def count_kinds(previous: Path, staged: Path, users: Change) -> Kinds:
    """Read only when tonight's set removes users: the last set's users.csv once (counting, and
    holding each removed person's ID, kind, schools and name, and each student's proofs: how
    many students hold each), tonight's once for the added IDs; the last set's demographics.csv
    only when a removed student has no other proof, tonight's only then too (`_found_again`)."""
    kinds = Kinds()
    removed = set(users.removed)
    if not removed:
        return kinds
    gone: list[tuple[str, str, str, str]] = []  # (ID, kind, schools, name)
    agents: dict[str, str] = {}  # a removed person's agentSourcedIds in the last set (a parent's students)
    wanted: dict[Key, list[int]] = {}  # what finds a removed person -> their places in `gone`
    by_id: dict[tuple[str, str, str, str], int] = {}  # the same, by name and ID written plainly
    renamed: dict[tuple[str, str, str, str], tuple[int, str]] = {}  # a removed parent -> (place, given name)
    searched = len(removed) <= SEARCHED_AT_MOST
    seen: Counter[tuple[str, str]] = Counter()  # each student proof value -> the last set's students holding it
    students: list[tuple[int, tuple[str, str, str, str, str], list[tuple[str, str]]]] = []  # removed, to prove
    classed: list[same_classes.Person] = []  # removed students and staff: looked for by their classes too
    for values, sourced_id in records_of(previous / "users.csv"):
        kind = KINDS.get(values.get("role", ""), "")
        if not kind:
            continue
        schools = values.get("orgSourcedIds", "")
        kinds.previous[kind] += 1
        for school in {s for s in schools.split(",") if s}:
            kinds.at_school[(kind, school)] += 1
        proofs = _proofs(values) if kind == "students" and searched and len(users.added_ids) else []
        seen.update(proofs)
        if sourced_id in removed:
            if searched:
                person = _person(values)
                _look_for(wanted, person, _keys(person), len(gone), renamed if kind == "parents" else None)
                _look_for_id(by_id, person, len(gone), sourced_id)
                if kind == "students" and (person[1] or person[2]):
                    students.append((len(gone), person, proofs))
                if kind in ("students", "staff") and (person[1] or person[2]):
                    classed.append((len(gone), person[:3], same_classes.schools_of(schools)))
            gone.append((sourced_id, kind, schools, _name(values)))
            agents[sourced_id] = values.get("agentSourcedIds", "")
    _prove(wanted, students, seen, kinds.previous["students"])
    found = (wanted or by_id) and len(users.added_ids)
    left = [(at, person) for at, person, _ in students]  # looked for by birth date when not found otherwise
    moved = (
        _found_again((previous, staged), users, wanted, gone, kinds, renamed, by_id, left, classed) if found else set()
    )
    _note_lost(kinds, gone, moved, agents)
    return kinds


def _note_lost(kinds: Kinds, gone: list[tuple[str, str, str, str]], moved: set[int], agents: dict[str, str]) -> None:
    """Count the removed people not found again (`moved`) by kind and school, with a few names."""
    for at, (sourced_id, kind, schools, name) in enumerate(gone):
        if at in moved:
            continue  # not lost: under a new ID (X955)
        kinds.removed[kind] += 1
        kinds.lost.setdefault(kind, []).append((sourced_id, schools, agents.get(sourced_id, "")))
        for place in ("", *{s for s in schools.split(",") if s}):
            if place:
                kinds.removed_at_school[(kind, place)] += 1
            shown = kinds.names.setdefault((kind, place), [])
            if len(shown) < EXAMPLES:
                shown.append((sourced_id, name))


def _prove(
    wanted: dict[Key, list[int]],
    students: list[tuple[int, tuple[str, str, str, str, str], list[tuple[str, str]]]],
    seen: Counter[tuple[str, str]],
    held: int,
) -> None:
    """Look for the removed `students` by their proofs that few of the last set's `held`
    students hold (`seen`, `_cap`)."""
    for at, person, proofs in students:
        for key in _proved(person, proofs, seen, lambda by: _cap(by, held)):
            wanted.setdefault(key, []).append(at)


def _look_for(
    wanted: dict[Key, list[int]],
    person: tuple[str, str, str, str, str],
    keys: list[Key],
    at: int,
    renamed: dict[tuple[str, str, str, str], tuple[int, str]] | None = None,
) -> None:
    """A removed person to look for under a new ID, by the `keys` (`_keys`): name with email,
    with phone, a student's with birth date, identifier or parents. A name alone is not a person
    (a withdrawn Ava Smith, a new one): `_keys` needs one of them. A parent (`renamed`) is looked
    for by family name with email or phone too, with their given name: a corrected one makes a
    derived ID anew (X979)."""
    if person[1] or person[2]:
        for key in keys:
            wanted.setdefault(key, []).append(at)
    if renamed is not None:
        for family_key in _family_keys(person):
            renamed.setdefault(family_key, (at, person[1]))


def _look_for_id(
    by_id: dict[tuple[str, str, str, str], int], person: tuple[str, str, str, str, str], at: int, sourced_id: str
) -> None:
    """A removed person to look for under her own ID written otherwise, by name (`_written_otherwise`)."""
    if person[1] or person[2]:
        by_id.setdefault(_written_otherwise(person, sourced_id), at)


def _family_keys(person: tuple[str, str, str, str, str]) -> list[tuple[str, str, str, str]]:
    """What finds a parent again under a corrected given name: the role and the family name with
    the email, or with the phone."""
    role, _, family, email, phone = person
    return [k for k in ((role, family, email, ""), (role, family, "", phone)) if family and (k[2] or k[3])]


def _found_again(
    sets: tuple[Path, Path],
    users: Change,
    wanted: dict[Key, list[int]],
    gone: list[tuple[str, str, str, str]],
    kinds: Kinds,
    renamed: dict[tuple[str, str, str, str], tuple[int, str]] | None = None,
    by_id: dict[tuple[str, str, str, str], int] | None = None,
    students: list[tuple[int, tuple[str, str, str, str, str]]] | None = None,
    classed: list[same_classes.Person] | None = None,
) -> set[int]:
    """The removed people (their places in `gone`) that tonight's set adds under another ID,
    found by name with email or phone (a student's with birth date, identifier or parents, each
    held by few of the students added: the removed person most of whose keys the added one has,
    the first of those on a tie), or by name with their own ID written otherwise (`by_id`), noted
    in `kinds.moved` with what found them; and the removed parents added under another ID made
    from a corrected given name (`renamed`), noted in `kinds.renamed`. The removed `students` not
    found so are looked for by name and birth date (`_by_birth_date`), and the removed students and
    staff still not found (`classed`) by name, schools and classes (pipeline.same_classes, review163
    R2). `sets`: the last set's folder and tonight's."""
    moved: set[int] = set()
    noted: dict[int, tuple[str, str, str, str]] = {}  # a place in `gone` -> its entry of kinds.renamed
    added = _added(sets[1], users)
    unfound: list[tuple[str, tuple[str, str, str, str, str]]] = []  # added students not found
    unclassed: list[same_classes.Added] = []  # added students and staff not found
    for sourced_id, person, keys, name, schools in added:
        matches = _best(wanted, keys, moved)
        same_id = (by_id or {}).get(_written_otherwise(person, sourced_id), -1)
        if same_id >= 0 and same_id not in moved:
            matches.insert(0, (same_id, ""))
        if matches:
            at, by = matches[0]
            old, kind, _, was = gone[at]
            kinds.moved.setdefault(kind, []).append((old, sourced_id, f"{was}: same {by}" if by else was))
            moved.add(at)
            continue
        if KINDS.get(person[0]) == "students":
            unfound.append((sourced_id, person))
        if KINDS.get(person[0]) in ("students", "staff"):
            unclassed.append((sourced_id, person[:3], same_classes.schools_of(schools)))
        for key in _family_keys(person) if renamed else ():
            at, given = (renamed or {}).get(key, (-1, ""))
            if at >= 0 and at not in noted and identity.given_variant(given, person[1]):
                noted[at] = (gone[at][0], sourced_id, gone[at][3], name)
                break
    left = [(at, person) for at, person in students or () if at not in moved]
    for at, sourced_id in _by_birth_date(sets, users, left, unfound, gone):
        old, kind, _, was = gone[at]
        kinds.moved.setdefault(kind, []).append((old, sourced_id, f"{was}: same birth date"))
        moved.add(at)
    _by_classes(sets, gone, kinds, moved, [p for p in classed or () if p[0] not in moved], unclassed)
    for found in kinds.moved.values():
        found.sort()
    kinds.renamed = sorted(entry for at, entry in noted.items() if at not in moved)
    return moved


def _by_classes(
    sets: tuple[Path, Path],
    gone: list[tuple[str, str, str, str]],
    kinds: Kinds,
    moved: set[int],
    left: list[same_classes.Person],
    unfound: list[same_classes.Added],
) -> None:
    """Note in `kinds.moved` (and `moved`) the removed students and staff not found otherwise (`left`)
    that an added one (`unfound`, not found otherwise) is by name, schools and classes."""
    taken = {new for found in kinds.moved.values() for _, new, _ in found}
    unfound = [p for p in unfound if p[0] not in taken]
    parents = {old: new for old, new, _ in kinds.moved.get("parents", [])}  # re-keyed tonight: the same parent
    for at, sourced_id, seen, rule in same_classes.found(sets, [g[0] for g in gone], left, unfound, parents):
        old, kind, _, was = gone[at]
        found_by = same_classes.how(rule, kind, refused=True)
        kinds.moved.setdefault(kind, []).append((old, sourced_id, f"{was}: {seen}{found_by}"))
        kinds.published_words[sourced_id] = same_classes.how(rule, kind).removeprefix(found_by)
        moved.add(at)


def _added(staged: Path, users: Change) -> list[tuple[str, tuple[str, str, str, str, str], list[Key], str, str]]:
    """Tonight's added users (ID, person, keys, name, schools), each student's proofs counted over the
    students added (`_cap`): a value several of them hold proves no one."""
    added: list[tuple[str, tuple[str, str, str, str, str], list[Key], str, str]] = []
    proofs: dict[str, list[tuple[str, str]]] = {}
    seen: Counter[tuple[str, str]] = Counter()
    for values, sourced_id in records_of(staged / "users.csv"):
        if sourced_id in users.added_ids:
            person = _person(values)
            added.append((sourced_id, person, _keys(person), _name(values), values.get("orgSourcedIds", "")))
            if KINDS.get(person[0]) == "students":
                proofs[sourced_id] = _proofs(values)
                seen.update(proofs[sourced_id])
    for sourced_id, person, keys, _, _ in added:
        keys += _proved(person, proofs.get(sourced_id, []), seen, lambda by: _cap(by, len(proofs)))
    return added


def _by_birth_date(
    sets: tuple[Path, Path],
    users: Change,
    left: list[tuple[int, tuple[str, str, str, str, str]]],
    unfound: list[tuple[str, tuple[str, str, str, str, str]]],
    gone: list[tuple[str, str, str, str]],
) -> list[tuple[int, str]]:
    """The removed students not found otherwise (`left`: places in `gone`) that an added student
    not found otherwise (`unfound`) of the same name is, by birth date: (place, new ID). Each
    set's demographics.csv is read only when such a pair of one name exists (review163 R4: not
    on every night that removes and adds users); a date many students hold proves no one (`_cap`)."""
    names = {person[:3] for _, person in unfound}
    left = [(at, person) for at, person in left if person[:3] in names]
    if not left:
        return []
    then, then_held, then_rows = _born(sets[0] / "demographics.csv", {gone[at][0] for at, _ in left}, everyone=True)
    now, now_held, now_rows = _born(sets[1] / "demographics.csv", users.added_ids, everyone=False)
    wanted: dict[Key, list[int]] = {}
    for at, person in left:
        born = then.get(gone[at][0], "")
        if born and then_held[born] <= _cap("birth date", then_rows):
            wanted.setdefault(Key(*person[:3], "birth date", born), []).append(at)
    found: list[tuple[int, str]] = []
    taken: set[int] = set()
    for sourced_id, person in unfound:
        born = now.get(sourced_id, "")
        if born and now_held[born] <= _cap("birth date", now_rows):
            match = _best(wanted, [Key(*person[:3], "birth date", born)], taken)
            for at, _ in match:
                found.append((at, sourced_id))
                taken.add(at)
    return found


def _best(wanted: dict[Key, list[int]], keys: list[Key], moved: set[int]) -> list[tuple[int, str]]:
    """The removed person (their place in `gone`, not yet found) most of whose `keys` an added
    one has, the first found on a tie (two removed people of one name and birth date: either is
    a question, X958), with what found them ("birth date and parents"): [] for none."""
    hits: dict[int, list[str]] = {}
    for key in keys:
        for at in wanted.get(key, ()):
            if at not in moved:
                hits.setdefault(at, []).append(key.by)
    if not hits:
        return []
    at = max(hits, key=lambda at: (len(hits[at]), -at))
    return [(at, " and ".join(hits[at]))]


def gate_kinds(
    kinds: Kinds,
    night: Night,
    *,
    limit: float,
    moved_limit: float,
    classes_rekeyed: Mapping[str, str] | None = None,
    derived: tuple[str, ...] = (),
    listed: Listed | None = None,
    gone: Collection[str] = (),
) -> None:
    """Refuse a set that removes more than `limit` percent (and at least 3) of one kind of user,
    or more than half (and at least 3) of a kind at one school (X953), or gives more than
    `moved_limit` percent (and at least 3) of a kind new IDs (X955); --allow-rollover publishes
    it. Fewer people under new IDs are published and listed (X958). The removals file is written
    with each re-keyed user's new ID when this gate refuses or notes a loss, or when the
    whole-file gate wrote it tonight (`listed`: a night let through with --allow-rollover, whose
    file lost the new IDs, tester19 F5); the classes found under new IDs (`classes_rekeyed`, old ->
    new, pipeline.class_gate) keep theirs in it. `derived`: the prefixes of the guardian IDs the
    profile derives (pipeline.identity.prefixes), which tell X955 the cause when those IDs moved.
    `listed`: which of some user IDs tonight's exports still list (school_classes.users_listed):
    X953 says the people removed so as withdrawn or inactive, not as a broken export. `gone`: the
    schools gone from the set whole, said by X845 (pipeline.school_gone), not again kind by kind."""
    classes_rekeyed = classes_rekeyed or {}
    report, allow_rollover, removals, since = night.report, night.allow_rollover, night.removals, night.since
    lost = _lost_kinds(
        kinds,
        report,
        limit=limit,
        removals=removals,
        allow_rollover=allow_rollover,
        since=since,
        listed=listed,
        gone=gone,
        new_year=night.new_year,
    )
    refused = False
    for kind, moved in sorted(kinds.moved.items()):
        share = len(moved) * 100 / kinds.previous[kind]
        over = len(moved) >= AT_LEAST and share > moved_limit
        more = f"; {len(moved) - EXAMPLES} more" if len(moved) > EXAMPLES else ""
        refuses = over and not allow_rollover
        words = {} if refuses else kinds.published_words  # no 'nothing to do' in a refusal (review196 R2)
        shown = "; ".join(
            f"{old} -> {new} ({name}{words.get(new, '')}{clause(old, new)})" for old, new, name in moved[:EXAMPLES]
        )
        params = {
            "count": len(moved),
            "kind": kind,
            "previous": kinds.previous[kind],
            "people": shown + more,
            # --redact keeps the IDs, which a person checks, and leaves the names out (tester48 F1)
            "people_redacted": "; ".join(f"{old} -> {new} (<redacted>)" for old, new, _ in moved[:EXAMPLES]) + more,
        }
        if refuses:
            refused = True
            report.add(
                codes.code("users-rekeyed-over-limit"),
                Where(file="users.csv"),
                percent=round(share, 1),
                limit=moved_limit,
                since=since,
                cause=_rekeyed_cause(moved, derived),
                **params,
            )
        else:
            why = (
                "--allow-rollover"
                if over
                else f"under the limit: refused only from {AT_LEAST} IDs and above {moved_limit}%"
            )
            report.add(codes.code("users-rekeyed"), Where(file="users.csv"), why=why, **params)
    if kinds.renamed:
        more = f"; {len(kinds.renamed) - EXAMPLES} more" if len(kinds.renamed) > EXAMPLES else ""
        report.add(
            codes.code("guardians-renamed-rekeyed"),
            Where(file="users.csv"),
            count=len(kinds.renamed),
            people="; ".join(f"{old} -> {new} ({pair(was, now)})" for old, new, was, now in kinds.renamed[:EXAMPLES])
            + more,
            # --redact keeps the IDs and leaves the names out (it blanked the whole list)
            people_redacted="; ".join(f"{old} -> {new} (<redacted>)" for old, new, _, _ in kinds.renamed[:EXAMPLES])
            + more,
        )
    if lost or refused or (night.listed and kinds.moved):
        rekeyed = {"users": kinds.rekeyed(), "classes": classes_rekeyed}
        write_removals(removals, night.changes, night.previous, rekeyed, report=report)


# Which of some user IDs tonight's exports still list, kept or left out (None: not known).
Listed = Callable[[set[str]], "set[str] | None"]


def _lost_kinds(
    kinds: Kinds,
    report: Report,
    *,
    limit: float,
    removals: Path,
    allow_rollover: bool,
    since: str,
    listed: Listed | None = None,
    gone: Collection[str] = (),
    new_year: str = "",
) -> bool:
    """X953 for each kind over the limit across the district, and for each kind at a school past
    half (a kind refused across the district is not named again school by school, nor a school gone whole, X845's); with
    --allow-rollover, X960 for each (published, but said: the admin sees whom Remind deletes).
    Whether any was found. `listed` tells those of the removed tonight's exports still list."""
    over: set[str] = set()
    found: list[tuple[str, int, int, float, float, str]] = []  # kind, removed, held, share, limit, school
    for kind, removed in sorted(kinds.removed.items()):
        share = removed * 100 / kinds.previous[kind]
        if removed >= LOST_AT_LEAST[kind] and share > limit:
            over.add(kind)
            found.append((kind, removed, kinds.previous[kind], share, limit, ""))
    for (kind, school), removed in sorted(kinds.removed_at_school.items()):
        held = kinds.at_school[(kind, school)]
        share = removed * 100 / held
        if removed >= LOST_AT_LEAST[kind] and share > SCHOOL_SHARE and kind not in over and school not in gone:
            found.append((kind, removed, held, share, SCHOOL_SHARE, school))
    still = _still_listed(kinds, {kind for kind, *_ in found}, listed) if found else set()
    for kind, removed, held, share, limited, school in found:
        withdrawn = sum(
            _left_on_purpose(i, students if kind == "parents" else "", still)
            for i, schools, students in kinds.lost.get(kind, ())
            if not school or school in schools.split(",")
        )
        said = f"{new_year}; " if new_year and not allow_rollover else ""  # said first (pipeline.new_year)
        _lost(
            report, kind, removed, held, share, limited, kinds, removals, school, allow_rollover, since, withdrawn, said
        )
        if allow_rollover:
            _said_for_flag(report, kinds, kind, school, f"users.csv loses {removed} of its {held} {kind}")
    return bool(found)


def _said_for_flag(report: Report, kinds: Kinds, kind: str, school: str, words: str) -> None:
    """X960 for F454 (pipeline.flags_left_in), judged by the calendar of the schools of the people it
    removes: the one it names, or across the district each removed person's."""
    at = [school] if school else [s for _, schools, _ in kinds.lost.get(kind, ()) for s in schools.split(",")]
    flags_left_in.said_at(report, "X960", at, words + (f" at school {school}" if school else ""), people=True)


def _still_listed(kinds: Kinds, over: set[str], listed: Listed | None) -> set[str]:
    """Those of the people removed of the kinds `over` whom tonight's exports still list."""
    if listed is None:
        return set()
    wanted = {i for kind in over for i, _, _ in kinds.lost.get(kind, ())}
    if "parents" in over:  # a parent leaves with the last of their students
        wanted |= {i for i, _, _ in kinds.lost.get("students", ())}
    return listed(wanted) or set()


def _left_on_purpose(person: str, students: str, still: set[str]) -> bool:
    """Whether a removed person is still listed tonight (left out on purpose), or is a parent
    (`students`: theirs in the last set) whose every student is."""
    if not students:
        return person in still
    return all(s in still for s in students.split(",") if s)


def _lost(
    report: Report,
    kind: str,
    removed: int,
    held: int,
    share: float,
    limit: float,
    kinds: Kinds,
    removals: Path,
    school: str,
    allow_rollover: bool,
    since: str,
    withdrawn: int = 0,
    new_year: str = "",
) -> None:
    whom = f"{kind} at school {school}" if school else kind
    shown = kinds.names.get((kind, school), [])
    more = f"; {removed - EXAMPLES} more" if removed > EXAMPLES else ""
    people = "; ".join(f"{sourced_id} ({name})" for sourced_id, name in shown) + more
    # --redact keeps the IDs, which find each person in the removals list and the SIS, and leaves
    # the names out (it blanked the whole list)
    people_redacted = "; ".join(f"{sourced_id} (<redacted>)" for sourced_id, _ in shown) + more
    cause = _cause(report, removed, withdrawn, share if not school else 0.0, kind)
    # A new school year's words first (pipeline.new_year), unless tonight's errors left the people out
    cause["new_year"] = "" if cause.get("errors") else new_year
    report.add(
        codes.code("kind-removal-allowed" if allow_rollover else "kind-removal-over-limit"),
        Where(file="users.csv"),
        removed=removed,
        previous=held,
        whom=whom,
        percent=round(share, 1),
        limit=limit,
        people=people,
        people_redacted=people_redacted,
        against=against(report),
        removals=removals,
        since=since,
        **cause,
    )


def _cause(report: Report, removed: int, withdrawn: int = 0, share: float = 0.0, kind: str = "") -> dict[str, object]:
    """What X953 says removed the people: tonight's own errors, when they left out at least half
    as many users (`gate.errors_left_out`: the people are in the export, tester44 F12); the SIS,
    when tonight's exports still list every one of them (`withdrawn`: left out on purpose, as
    withdrawn or inactive: a batch of withdrawals at a semester's end, tester58 F5), which is no
    broken export, with the option that publishes it if expected (`share`: the percent removed);
    or else the export, which is the usual cause. At one school (no `share`: the school's limit
    is no option's), --allow-rollover is the option."""
    found = errors_left_out(report, "users", removed)
    enrolled = report.facts.get(ENROLLED_LEFT_OUT) if not found["errors"] else None  # tester63 S1
    if enrolled and enrolled_most(enrolled, removed):
        return {**found, "cause": enrolled_cause(enrolled)}
    said = _usual_cause(report, found, removed, withdrawn, share, kind)
    if enrolled:  # a few of them beside other removals: named apart (review127 R6)
        said["cause"] = f"{said['cause']}; {enrolled_apart(enrolled)}"
    return said


def _usual_cause(
    report: Report, found: dict[str, object], removed: int, withdrawn: int, share: float, kind: str
) -> dict[str, object]:
    how = excluded_left.purpose(report)  # or a school settings.exclude_schools leaves out (excl58)
    school = excluded_left.whole(report)  # its own limit: --allow-rollover alone publishes it (reviewer122 R2)
    if not found["errors"] and withdrawn and withdrawn == removed:
        needed = math.floor(share) + 1 if share else 0
        # The option is the night's: the files the whole-file gate refused for the same withdrawals
        # (X906's `needed`, pipeline.withdrawals) may need more; one refused for other removals, none.
        files = [int(str(p.params.get("needed") or 0)) for p in report.aborts if p.code.id == "X906"]
        listed = (
            "are parents only of students listed in tonight's exports"
            if kind == "parents"
            else "are listed in tonight's exports"
        )
        needed = max([needed, *files]) if needed and not school else 0  # no X906 of the night: files is empty
        option = f"--max-removal {needed}" if needed else "--allow-rollover"
        publishes = f"; if that is expected (a semester's end), {option} publishes it"
        if school:
            publishes = (
                "; if that school is no longer to be in Remind, --allow-rollover publishes it once (no "
                "--max-removal passes a whole school's own limit)"
            )
        if not all(files):
            needed, publishes = 0, ", but another file's removals (X906) are not all theirs: look at those first"
        return {
            **found,
            "cause": f"all {removed} {listed} and left out on purpose ({how}: the report says "
            f"why each), not missing from them: more leave at once than the limit{publishes}",
            "withdrawn": withdrawn,
            "needed": needed,
            "left_as": how,  # the Next step's words (summary)
            "excluded": school,
        }
    broken = "an export missing one kind of user (a school's teachers, the parents) is a broken export"
    if withdrawn:
        broken = f"{withdrawn} of them are listed in tonight's exports {_as(how, school)}, the others not: {broken}"
    return {**found, "cause": found["errors"] or broken}


def _as(how: str, school: bool) -> str:
    """'as withdrawn or inactive', or left out on purpose naming a school settings.exclude_schools leaves out
    (`school`, excluded_left.whole)."""
    return f"and left out on purpose ({how})" if school else f"as {how}"


def _rekeyed_cause(moved: list[tuple[str, str, str]], derived: tuple[str, ...] = ()) -> str:
    """Why the IDs changed, as far as the pairs tell: each new ID the old one without its leading
    zeros or in another letter case is a spreadsheet's or a connector's doing, never a renumbering;
    each old and new ID one the tool derived (`derived`: the guardian rules' prefixes) is the
    identity map's: it keeps such an ID when the email, phone or household changes, and did not
    hold these people (tester39 F5: the way that keeps their IDs is said, not only the rollover)."""
    if all(padded_otherwise(old, new) for old, new, _ in moved):
        old, new, _ = moved[0]
        widths = Counter(len(o) for o, n, _ in moved if o.isdigit() and len(n) < len(o))
        return written_otherwise_cause(old, new, widths.most_common(1)[0][0] if widths else 0, derived)
    if derived and all(
        identity.digest_of(old, derived) is not None and identity.digest_of(new, derived) is not None
        for old, new, _ in moved
    ):
        return (
            "the old and the new IDs are IDs the tool derived, and the identity map in the state folder "
            f"({identity.FILE}), which keeps them when an email, phone or household changes, did not hold "
            "these people: it was lost with no last set to rebuild it from, or is older than the last set "
            f"(restored from a backup); restore the state folder's {identity.FILE} saved with the last "
            "published set, or, with none, move it aside and rerun with the last published set in OUT or "
            "named with --previous: the map is rebuilt from that set (X921) and the IDs are kept"
        )
    return "an ID column changed in the exports or the profile"
