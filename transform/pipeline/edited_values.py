"""Which of two values to publish when rows of one guardian disagree (tester69 P1).

PowerSchool keeps Mother_Email on each child's row. A clerk types a mother's new email on two of
her three children's records: the rows of one person now disagree. The rule used to keep the lower
value, which was the old address here, at exit 0, for weeks. A value no row gave on the night of
the last published set is the edit: it is published. The rule, for each column of a person whose
rows disagree tonight (pipeline.derive `_say_differences`):

1. the values the rows gave on the last set's night are remembered (last.json's guardian_values,
   only for people whose rows disagreed then: when they agreed, the value published is the one
   they gave); a value none of them gave is new tonight: the edit. Of two new values, the lower;
2. no new value: the value the last set published, while a row still gives it (stable: the same
   exports two nights running publish the same value, never A then B then A);
3. else (a first set, or the published value no row gives any more): the lower value.

No step depends on the order of the rows. The night an edit replaces the published value while a
row still gives the old one, X858 says which row is stale (exit 1: a person enters the new value
there, or corrects the rows giving the new one if it is the mistake); later nights say it as V550.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import NamedTuple

from .compact import stable_hash

FACT = "guardian_values"  # last.json: sourcedId -> column -> the hashes of the values rows gave
EDIT = "the new one (no row gave it when the last set was published)"
LAST = "the one the last set published, no row giving a new one"
LOWER = "the lower"


def value_hash(value: str) -> int:
    """A value as remembered from one night to the next: case and spaces at its ends ignored."""
    return stable_hash(value.strip().casefold())


class Choice(NamedTuple):
    value: str  # as the book holds it (a phone behind its kind's mark)
    rule: str  # EDIT, LAST or LOWER: how it was chosen (V550's and V551's words)
    replaced: str  # the last set's value the edit replaced, a row still giving it; "" when none


def choose(
    values: Collection[str], current: str, last: str | None, before: Collection[int], plain: Callable[[str], str]
) -> Choice:
    """Of the `values` tonight's rows of one person give in one column (two or more), the one to
    publish. `current`: the one the book's own rule kept (the lower; of a mobile and a landline,
    the mobile); `last`: the value the last set published for the person (None: not in it);
    `before`: the hashes of the values the rows gave on its night (empty: they agreed on `last`);
    `plain`: a value without the book's marks."""
    lowest = current
    if not last:
        return Choice(lowest, LOWER, "")
    known = {*before, value_hash(last)}
    new = [v for v in values if value_hash(plain(v)) not in known]
    held = [v for v in values if value_hash(plain(v)) == value_hash(last)]
    if new:
        return Choice(min(new), EDIT, plain(min(held)) if held else "")
    if held:
        return Choice(min(held), LAST, "")
    return Choice(lowest, LOWER, "")


def published(users: Path, wanted: Collection[str], columns: Iterable[str]) -> dict[str, dict[str, str]]:
    """The cells of `columns` the set's users.csv gave each person of `wanted` (by sourcedId)."""
    found: dict[str, dict[str, str]] = {}
    if not wanted:
        return found
    try:
        handle = users.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError:
        return found
    with handle:
        rows = csv.reader(handle)
        header = next(rows, [])
        at = {column: i for i, column in enumerate(header)}
        if "sourcedId" not in at:
            return found
        read = [(column, at[column]) for column in columns if column in at]
        for row in rows:
            if len(row) == len(header) and row[at["sourcedId"]] in wanted:
                found[row[at["sourcedId"]]] = {column: row[i] for column, i in read}
    return found


def recorded(state: Path) -> dict[str, dict[str, frozenset[int]]]:
    """The state folder's last.json's guardian_values, read back; what is not of its shape is
    skipped (a record an older version wrote; the run checked the file itself: gate.read_state)."""
    try:
        record = json.loads((state / "last.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    held = record.get(FACT) if isinstance(record, dict) else None
    if not isinstance(held, dict):
        return {}
    return {
        str(person): {
            str(column): frozenset(h for h in hashes if isinstance(h, int))
            for column, hashes in columns.items()
            if isinstance(hashes, list)
        }
        for person, columns in held.items()
        if isinstance(columns, dict)
    }
