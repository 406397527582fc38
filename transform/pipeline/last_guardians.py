"""The parents and guardians of a written users.csv (the last published set's), as the identity
passes read them: `given_corrected` (a given name a clerk corrected), `last_contacts` (a contact ID
blank tonight) and `married_name` (a family name and email changed together). A byte not UTF-8 (a
hand edit in a spreadsheet) reads as a replacement character: that name matches nobody, never a
crash; a BOM is read past."""

from __future__ import annotations

import csv
from collections.abc import Callable, Container, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from . import identity

_NEEDED = ("sourcedId", "role", "givenName", "familyName", "agentSourcedIds")
_POINTS = ("email", "phone", "sms")


class Guardian(NamedTuple):
    """A parent or guardian's line, as it was published."""

    sourced_id: str
    given: str
    family: str
    students: str  # agentSourcedIds as written: "s1,s2"
    cells: tuple[str, ...]  # the email, phone and sms cells the file has

    def linked(self) -> list[str]:
        return [s for s in self.students.split(",") if s]

    def points(self) -> frozenset[str]:
        """Their emails and phones, as `identity.point` writes them."""
        return frozenset(p for cell in self.cells if (p := identity.point(cell)))


def guardians(users: Path, *, line_may_hold: Callable[[str], bool] | None = None) -> Iterator[Guardian]:
    """Each parent or guardian of `users`; nothing when it is not there or lacks a column.
    `line_may_hold`: a line it says no to is not parsed (a cheap test before the csv module's)."""
    try:
        handle = users.open(encoding="utf-8-sig", errors="replace", newline="")
    except OSError:
        return
    with handle:
        lines: Iterator[str] = handle
        header = next(csv.reader([next(lines, "")]), [])
        at = {column: i for i, column in enumerate(header)}
        if any(column not in at for column in _NEEDED):
            return
        at_id, at_role, at_given, at_family, at_students = (at[column] for column in _NEEDED)
        at_points = [at[column] for column in _POINTS if column in at]
        wanted = lines if line_may_hold is None else (line for line in lines if line_may_hold(line))
        for row in csv.reader(wanted):
            if len(row) != len(header) or row[at_role] not in identity.GUARDIAN_ROLES:
                continue
            cells = tuple(row[i] for i in at_points)
            yield Guardian(row[at_id], row[at_given], row[at_family], row[at_students], cells)


def users(
    path: Path, roles: Container[str], columns: Sequence[str], *, errors: str = "strict"
) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line, sourcedId, the cells of `columns`) of each user of one of `roles` of a written users.csv, the line its
    record ends on, "" for a column the file lacks; a row of another width is none. The one reader of the last set's
    people by kind (points_gate, former_students: reviewer106 R4); `errors`: how a byte not UTF-8 is read."""
    with path.open(encoding="utf-8-sig", errors=errors, newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if "sourcedId" not in header or "role" not in header:
            return
        width = len(header)
        at = [header.index(column) if column in header else width for column in columns]
        sourced_id, role = header.index("sourcedId"), header.index("role")
        for row in reader:
            if len(row) == width and row[role] in roles:
                row.append("")  # the cell of a column the file lacks
                yield reader.line_num, row[sourced_id], tuple(row[i] for i in at)
