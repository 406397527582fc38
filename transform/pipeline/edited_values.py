"""Which value to publish when children's rows of one parent disagree (tester69 P1, review149).

PowerSchool keeps Mother_Email on each child's row. A clerk types a mother's new email on two of
her three children's records: the rows of one person now disagree, and the book's rule (the lower
value, row order never deciding) kept the old address when it was the lower, at exit 0, for weeks.

The rule here is deliberately narrow (three reviews found a cleverer one publishing a wrong value
at exit 0). For an email, phone or sms of a parent made of students' rows (no SIS contact ID: a
contact's several numbers are a list with kinds, V551), the value published is NOT the book's own
choice only when all of this holds:

(a) the past is known and complete: a set was published with its record (last.json's FACT, OUT's
    own: never the state folder beside a folder --previous names, review157 R1) and, on the night the record
    names, every row of the parent gave one value P, the one that set published: the baseline
    (P, S), S the children the parent was linked to then. A parent whose rows agreed is not
    written in FACT (the set's users.csv gives P and S); one whose rows disagreed since is, with
    the baseline carried while the same children's rows keep disagreeing;
(b) tonight no row of the parent is blank in the column and no child outside S has a row (a new
    child's row is an outdated form as likely as an edit), and the rows of more than half of S
    (each child all of whose rows give it) give one value N != P: P is given by a minority at most.

Then N is published: X858 the night it replaces the value published (exit 1), V550 the nights
after while the rows still disagree. Anything else (a first set, a set without its record, a blank
row, a new child, no majority, a phone of another kind) is the book's own choice, V550, exactly as
before, and the baseline is forgotten once a blank row or a new child is seen. No step depends on
the order of the rows: each row's students are recorded with the value that row gave.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from . import last_guardians
from .compact import stable_hash
from .identity import GUARDIAN_ROLES

FACT = "guardian_values"  # last.json: sourcedId -> column -> Entry
COLUMNS = ("email", "phone", "sms")  # where X858's advice (enter it on every child's record) fits
EDIT = "the new one most of the children's records give"
LOWER = "the lower"
# One column of one parent in FACT: {"published": hash} (no baseline: the past unknown), or with
# "agreed" (the hash of P) and "students" (S) the baseline carried.
Entry = dict[str, Any]


def value_hash(value: str) -> int:
    """A value as remembered from one night to the next: case and spaces at its ends ignored."""
    return stable_hash(value.strip().casefold())


class Baseline(NamedTuple):
    """The last night every row of a parent gave one value: its hash and the children then."""

    agreed: int
    students: frozenset[str]


class Past(NamedTuple):
    """What is known of one parent's column before tonight."""

    last: str | None  # the value the last set published (None: not in it, or no value)
    baseline: Baseline | None  # None: unknown or incomplete (the book's own choice tonight)


UNKNOWN = Past(None, None)


class Choice(NamedTuple):
    value: str  # as the book holds it (a phone behind its kind's mark)
    rule: str  # how it was chosen (V550's words)
    replaced: str  # the last set's value the edit replaces tonight; "" when none (X858 only then)


def choose(
    givers: Mapping[str, Collection[str]],
    current: str,
    past: Past,
    blank: bool,
    marked: Mapping[str, str],
) -> Choice:
    """Of the values tonight's rows of one parent give in one column (`givers`: each value, unmarked,
    the students whose rows gave it), the one to publish. `current`: the book's own choice (marked);
    `blank`: a row of the parent gave none; `marked`: each value as the book holds it, of the kind of
    `current` only (a landline never wins over a mobile)."""
    keep = Choice(current, LOWER, "")
    base = past.baseline
    if base is None or blank or not base.students:
        return keep
    tonight = {s for students in givers.values() for s in students}
    if tonight - base.students:  # a child new tonight (or a row without one): no telling
        return keep
    only = {s: [v for v, students in givers.items() if s in students] for s in tonight}
    counts: dict[str, int] = {}
    for values in only.values():
        if len(values) == 1:  # a child whose rows disagree among themselves counts for none
            counts[values[0]] = counts.get(values[0], 0) + 1
    winners = [v for v, n in counts.items() if 2 * n > len(base.students) and value_hash(v) != base.agreed]
    if len(winners) != 1:
        return keep
    value = marked.get(winners[0], "")
    if not value or value == current:  # a phone of another kind never preferred; the book's own: as before
        return keep
    changed = past.last is not None and value_hash(past.last) != value_hash(winners[0])
    return Choice(value, EDIT, past.last if changed and past.last else "")


def carried(published: str, past: Past, blank: bool, givers: Mapping[str, Collection[str]]) -> Entry:
    """One column's entry of FACT for a parent whose rows disagree or are blank tonight: the hash
    published, with the baseline carried while it may still judge the next night (no blank row, no
    child new tonight)."""
    entry: Entry = {"published": value_hash(published)}
    base = past.baseline
    tonight = {s for students in givers.values() for s in students}
    if base is not None and not blank and tonight <= base.students:
        entry.update(agreed=base.agreed, students=sorted(base.students))
    return entry


def damage(state: Mapping[str, Any]) -> str:
    """Why last.json's FACT cannot be read; '' when it can or is not there. An entry skipped as not
    of its shape would read as a parent whose rows all agreed (no entry), the baseline then taken
    from the set: gate.read_state refuses it (X930, gate.RECORDED) as the record's other keys."""
    held = state.get(FACT)
    if held is None:
        return ""
    if not isinstance(held, dict):
        return f"'{FACT}' is a JSON {type(held).__name__}, not a table of parents' values"
    for person, columns in held.items():
        entries = columns.values() if isinstance(columns, dict) else None
        if entries is None or not all(_entry_reads(entry) for entry in entries):
            return f"'{FACT}' holds {person!r} not of the shape this tool writes"
    return ""


def _entry_reads(entry: object) -> bool:
    if not isinstance(entry, dict) or not isinstance(entry.get("published"), int):
        return False
    students = entry.get("students")
    return students is None or (isinstance(students, list) and isinstance(entry.get("agreed"), int))


def recorded(state: Mapping[str, Any] | None) -> dict[str, dict[str, Entry]] | None:
    """A state record's (last.json's) FACT; None (unknown) with no record, or one without FACT (a
    version before it). What is not of its shape is skipped."""
    held = state.get(FACT) if state else None
    if not isinstance(held, dict):
        return None
    return {
        str(person): {
            str(column): entry
            for column, entry in columns.items()
            if isinstance(entry, dict) and isinstance(entry.get("published"), int)
        }
        for person, columns in held.items()
        if isinstance(columns, dict)
    }


def _past(value: str, students: frozenset[str], entry: Entry | None, recorded_any: bool) -> Past:
    """One column's Past: the set's value, the baseline the record gives or implies."""
    if not value or not recorded_any:
        return Past(value or None, None)
    if entry is None:  # the parent's rows agreed that night: the value published, the children linked
        return Past(value, Baseline(value_hash(value), students))
    agreed, kids = entry.get("agreed"), entry.get("students")
    if entry["published"] != value_hash(value) or not isinstance(agreed, int) or not isinstance(kids, list):
        return Past(value, None)  # a record of another set, or no baseline
    return Past(value, Baseline(agreed, frozenset(str(k) for k in kids)))


def pasts(
    users: Path | None,
    wanted: Collection[str],
    columns: Collection[str],
    fact: Mapping[str, Mapping[str, Entry]] | None,
) -> dict[str, dict[str, Past]]:
    """Each parent of `wanted` (by sourcedId) the last set's users.csv holds: per column, the Past.
    `fact` None (no record of that set): every past unknown."""
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
        found[sourced_id] = {
            column: _past(value, students, None if mine is None else mine.get(column), fact is not None)
            for column, value in zip(read, cells, strict=False)
        }
    return found


def said(kept: str, other: str, field: str, choice: Choice, by: Mapping[str, Collection[str]]) -> dict[str, str] | None:
    """X858's words for a value `other` not kept beside `kept`, the night an edit replaces the value
    the last set published (`choice.replaced`); None otherwise. `by`: the students whose rows gave
    each value. A clerk reads them: which children's records hold which value, and what to type."""
    if choice.rule != EDIT or not choice.replaced:
        return None

    def rows(value: str) -> str:
        students = sorted(by.get(value, ()))
        if not students:
            return "no child's record"
        return (
            f"the record of student {students[0]}"
            if len(students) == 1
            else "the records of students " + (", ".join(students))
        )

    old = choice.replaced
    now = "no child's record gives it now" if not by.get(old) else f"{rows(old)} still give(s) it"
    return {
        "why": f"{kept!r} is given by {rows(kept)}, most of the children whose records all gave {old!r}, "
        f"which the last set published ({now}); {other!r} is given by {rows(other)}",
        "advice": f"if {kept!r} is right, enter it on every other child's record too; if not, correct "
        f"{rows(kept)}: the next night publishes what every record gives",
    }
