"""Which value to publish when children's rows of one parent disagree (tester69 P1, review138).

PowerSchool keeps Mother_Email on each child's row. A clerk types a mother's new email on two of
her three children's records: the rows of one person now disagree. The rule used to keep the lower
value, which was the old address here, at exit 0, for weeks. The rule now, for an email, phone or
sms (the columns X858's advice fits; others keep the lower) of a parent made of students' rows (no
SIS contact ID: a contact's several numbers are a list with kinds, V551, not siblings disagreeing):

1. unknown past (a first set; a last.json without this record: the upgrade night; a --previous set
   with no state folder of its own beside it, a copy restored by hand; a record whose published
   value is not the last set's): the value the last set published while a row gives it, else the
   lower (the rule before). Where the value kept is not the lower (the book's own choice, the rule
   before), X858 says the past is unknown (exit 1). Where the last set may be older than the rows'
   last night (`Past.stale`: a backup restored) only the value published is recorded, not tonight's
   others as 'given before' (review142 R1: a set restored from a backup kept the old value for
   good): the next night takes another value a row gives as the edit. On the upgrade night the last
   set is last night's: what the rows gave is recorded (else the next night took the old value on
   one row of three for the edit, review142's s2);
2. the past is the values this parent's rows gave or the sets published before (hashes, last.json's
   guardian_values, carried while the parent is published, KEEP a column). A value not among them,
   given by a row of a child the last set linked to the parent, is the edit: one is published
   (X858 the night the published value changes: exit 1, whether a row still gives the old one or
   none does, review142 R2). A value only a
   child new tonight gives (a sibling enrolled with an outdated form) is no edit;
3. several such new values: none is clearly the edit: X858 says so (exit 1), the published value
   kept while a row gives it, else the lower of the new values old rows give;
4. no new value: the published value while a row gives it; else the lower.

A phone of a worse kind (a landline beside a mobile, as the profile types them) never wins over the
book's own choice. No step depends on the order of the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from . import last_guardians
from .compact import stable_hash
from .identity import GUARDIAN_ROLES

FACT = "guardian_values"  # last.json: sourcedId -> column -> [hash published, hashes of values given before...]
COLUMNS = ("email", "phone", "sms")  # where X858's advice (enter it on every child's record) fits
KEEP = 8  # hashes of values given before, a column (the newest first)
EDIT = "the new one (no row gave it before)"
LAST = "the one the last set published"
LOWER = "the lower"
SEVERAL = "the one the last set published, of several new values none clearly the edit"
SEVERAL_LOWER = "the lower of several new values, none clearly the edit"
UNSURE = "the one the last set published (what its rows gave is not known)"


def value_hash(value: str) -> int:
    """A value as remembered from one night to the next: case and spaces at its ends ignored."""
    return stable_hash(value.strip().casefold())


class Past(NamedTuple):
    """What is known of one parent's column before tonight."""

    last: str | None  # the value the last set published (None: not in it, or no value)
    known: frozenset[int] | None  # hashes of the values given or published before; None: unknown
    students: frozenset[str]  # the children the last set linked the parent to
    # Unknown because the last set may be older than the rows' last night (a backup restored: no record
    # beside a --previous set, or a record not of the set): tonight's other values are not recorded as
    # given before (review142 R1). Not so on the upgrade night (OUT's own set, a record without FACT).
    stale: bool = False


class Choice(NamedTuple):
    value: str  # as the book holds it (a phone behind its kind's mark)
    rule: str  # how it was chosen (V550's and V551's words)
    replaced: str  # the last set's value an edit replaced (a row still giving it or not); "" when none
    several: tuple[str, ...] = ()  # the new values none of which is clearly the edit (X858's words)
    unsure: bool = False  # the last set's value kept, not the lower, its rows' past unknown (X858)


def choose(givers: Mapping[str, Collection[str]], current: str, past: Past, plain: Callable[[str], str]) -> Choice:
    """Of the values tonight's rows of one parent give in one column (`givers`: each marked value,
    the students whose rows gave it), the one to publish. `current`: the book's own choice (the
    lower; of a mobile and a landline, the mobile); `plain`: a value without the book's mark."""
    kind = current[: len(current) - len(plain(current))]
    values = sorted(v for v in givers if v[: len(v) - len(plain(v))] == kind)  # no worse kind of phone
    last = value_hash(past.last) if past.last else None
    held = [v for v in values if value_hash(plain(v)) == last]
    keep = Choice(held[0], LAST, "") if held else Choice(current, LOWER, "")
    if last is None or past.known is None:
        if held and held[0] != current:  # not the book's own choice: said (review142 R1)
            return Choice(held[0], UNSURE, "", unsure=True)
        return keep
    new = [v for v in values if value_hash(plain(v)) not in past.known and value_hash(plain(v)) != last]
    edits = [v for v in new if set(givers[v]) & past.students]  # a row of a child linked before gives it
    if len(new) > 1:
        words = tuple(plain(v) for v in new)
        if held:
            return Choice(held[0], SEVERAL, "", words)
        return Choice(min(edits or new), SEVERAL_LOWER, "", words)
    if edits:
        return Choice(edits[0], EDIT, plain(held[0]) if held else past.last or "")
    return keep


def record(published: str, given: Iterable[str], before: Collection[int]) -> list[int]:
    """One column's entry of FACT: the hash published, then those of the values given tonight and
    before, at most KEEP, tonight's first. On a night whose past is unknown the caller gives no
    values but the one published (review142 R1)."""
    first = value_hash(published)
    tonight = sorted({value_hash(v) for v in given} - {first})
    return [first, *(tonight + sorted(set(before) - {first, *tonight}))[:KEEP]]


def recorded(state: Mapping[str, Any] | None) -> dict[str, dict[str, list[int]]] | None:
    """A state record's (last.json's, read by the run: api._values_before) FACT; None (unknown) with
    no record, or one without FACT (a version before it). What is not of its shape is skipped."""
    held = state.get(FACT) if state else None
    if not isinstance(held, dict):
        return None
    return {
        str(person): {
            str(column): [h for h in hashes if isinstance(h, int)]
            for column, hashes in columns.items()
            if isinstance(hashes, list) and hashes
        }
        for person, columns in held.items()
        if isinstance(columns, dict)
    }


def pasts(
    users: Path | None,
    wanted: Collection[str],
    columns: Collection[str],
    fact: Mapping[str, Mapping[str, list[int]]] | None,
    *,
    stale: bool = False,
) -> dict[str, dict[str, Past]]:
    """Each parent of `wanted` (by sourcedId) the last set's users.csv holds: per column, the Past.
    A record whose published hash is not the set's value is of another set: unknown."""
    found: dict[str, dict[str, Past]] = {}
    if users is None or not wanted:
        return found
    read = [c for c in COLUMNS if c in columns]
    for _, sourced_id, cells in last_guardians.users(
        users, GUARDIAN_ROLES, [*read, "agentSourcedIds"], errors="replace"
    ):
        if sourced_id not in wanted:
            continue
        students = frozenset(s for s in cells[-1].split(",") if s)
        mine = None if fact is None else fact.get(sourced_id, {})
        entry = found.setdefault(sourced_id, {})
        for column, value in zip(read, cells, strict=False):
            hashes = None if mine is None else mine.get(column)
            if mine is not None and hashes is None:  # rows agreed: the value published is the one they gave
                hashes = [value_hash(value)] if value else None
            ok = hashes is not None and value and hashes[0] == value_hash(value)
            unknown = not (ok and hashes)
            of_another = stale or (hashes is not None and bool(value) and not ok)
            entry[column] = Past(
                value or None, None if unknown else frozenset(hashes or ()), students, unknown and of_another
            )
    return found


def said(kept: str, other: str, field: str, choice: Choice, by: Mapping[str, Collection[str]]) -> dict[str, str] | None:
    """X858's words for a value `other` not kept beside `kept` (`choice`: how it was kept; `by`: the
    students whose rows gave each value, unmarked): the edit that changed the published value (the
    old one given by a row still, `other`, or by none), new values none of which is clearly the
    edit, or the last set's value kept on a night whose past is unknown; None when X858 is not for it.
    A clerk reads them: which children's records hold which value, and what to type in the SIS."""

    def rows(value: str) -> str:
        students = sorted(by.get(value, ()))
        return (
            f"the record of student {students[0]}"
            if len(students) == 1
            else "the records of students " + (", ".join(students) or "none")
        )

    fix = f"enter the parent's right {field} on every child's record in the SIS"
    if choice.several:
        shown = ", ".join(f"{v!r} ({rows(v)})" for v in choice.several)
        return {
            "why": f"the children's records give {len(choice.several)} {field} values none gave before ({shown}): "
            f"none is clearly the parent's new one, so {kept!r} is published only for want of a better rule",
            "advice": fix,
        }
    if choice.unsure:
        return {
            "why": f"{kept!r} is the one the last set published; no record says which the children's records gave "
            f"before (a set restored or named with --previous, or a version before): if {other!r} is the new one, "
            "the next night publishes it",
            "advice": fix,
        }
    if choice.replaced and choice.replaced == other:
        old = f"{other!r}, which the last set published and {rows(other)} still give(s)"
    elif choice.replaced and value_hash(choice.replaced) not in {value_hash(v) for v in by}:  # review142 R2
        old = f"{choice.replaced!r}, which the last set published and no child's record gives now"
    else:
        return None
    return {
        "why": f"{kept!r} is new on {rows(kept)} (no record gave it before) and replaces {old}",
        "advice": f"if {kept!r} is right, enter it on {rows(other)} too; if not, correct {rows(kept)}: "
        "the next night publishes what every record gives",
    }
