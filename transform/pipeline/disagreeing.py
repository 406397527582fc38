"""Rows of one ID that disagree, in a table of facts about a person: neither record is kept.

A demographics row listed twice for one student with two birth dates (a rule without `combine`)
kept whichever row the export listed first: another export order published another birth date.
The tool cannot tell which row is right, so neither is kept, as for users listed twice with
different data (V537): the same records give the same set, whatever their order. The first
row's record would be written before the second row is read, so the table's records wait in a
temporary file until its last row is seen (as the classes wait for their terms, filters.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from transform.oneroster.spec import IDENTITY_FIELDS
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import Draft
from .spool import HeldDrafts

# The tables whose records say who a person is, but the users (`Validator.leave_out_conflicts`
# takes out a user ID two rows gave different data, with all that names it); and the classes:
# two sections of other courses under one ID at one school (tester24 F3), the published class,
# its title and its teacher were those of the row the export listed first, with both sections'
# students (the validator holds only those back: rows of one section differing in a period are one).
HELD_UNTIL_DECIDED = frozenset({*(table for table in IDENTITY_FIELDS if table != "users"), "classes"})


def without_disagreeing(
    records: Iterable[Draft],
    later: dict[str, Draft],
    report: Report,
    forget: Callable[[str], None] | None = None,
) -> Iterator[Draft]:
    """The table's `records` (each the first of its ID) once all are read, but those whose ID
    a later row gave different data: `later` holds that row (the validator fills it while
    `records` are read, and has left the later row out, V501). `forget`: takes such an ID out
    of the validator's kept IDs (a class the enrolments name)."""
    # The validator knows no staging folder: the system's, for a file unlinked as it is made.
    with HeldDrafts(Path(tempfile.gettempdir())) as waiting:
        for draft in records:
            waiting.put(draft)
        for draft in waiting.drafts():
            other = later.get(draft.values["sourcedId"])
            if other is None:
                yield draft
            else:
                _left_out(draft, other, report)
                if forget is not None:
                    forget(draft.values["sourcedId"])


def _left_out(draft: Draft, other: Draft, report: Report) -> None:
    identity = IDENTITY_FIELDS.get(draft.table, ())
    ours, theirs = draft.values, other.values
    differ = sorted(
        (c for c in {*ours, *theirs} if ours.get(c, "") != theirs.get(c, "")),
        key=lambda c: (c not in identity, c),
    )
    column = differ[0] if differ else "sourcedId"
    report.add(
        codes.code("record-id-conflict"),
        Where(draft.origin.file, draft.origin.line, column, draft.table, ours["sourcedId"], draft.who()),
        table=draft.table,
        id=ours["sourcedId"],
        fields=", ".join(differ),
        other=f"{other.origin.file}:{other.origin.line}",
        detail=f"{ours.get(column, '')!r} here, {theirs.get(column, '')!r} there",
    )
