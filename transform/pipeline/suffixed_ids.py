"""Enrolment IDs the I218 repair made, as the last published set holds them (tester55 F6).

Where the profile puts enrolment IDs together from the class and user IDs, two enrolments can
come out with one ID (class 'c1-x' with user 'y', class 'c1' with user 'x-y': both 'c1-x-y'), and
each is written under the ID with a suffix of its own (`validate.own_suffix`). The night one of
them is gone, the other was written under the plain ID again: a changed ID, which Remind takes as
an enrolment removed and another added. So the last published set says which enrolment had which
ID: one it has under the plain ID keeps it beside a new twin, one it has under its suffix keeps
that (I225). Read once per run, only for a profile whose enrolment IDs are put together.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable, Collection
from pathlib import Path

# An ID ending as `own_suffix` ends one: '-' and 8 hex digits; the line's first cell.
_SUFFIXED = re.compile(r'^"?[^,]*-[0-9a-f]{8}"?,')

Pair = tuple[str, str]


def own_suffix(class_id: str, user: str) -> str:
    """The suffix of an enrolment ID a template gave two enrolments: the first 8 hex digits of the
    SHA-1 of its class and user."""
    return hashlib.sha1(f"{class_id}\x1f{user}".encode(), usedforsecurity=False).hexdigest()[:8]


def suffixed(last_set: Path | None) -> dict[str, dict[Pair, str]]:
    """The last published set's enrolments under an ID with their own suffix: by the ID without
    it, (class, user) -> the ID. Empty without a last set."""
    found: dict[str, dict[Pair, str]] = {}
    for values in _rows(last_set, lambda line: _SUFFIXED.match(line) is not None):
        key, pair = values["sourcedId"], (values["classSourcedId"], values["userSourcedId"])
        if key.endswith("-" + own_suffix(*pair)):
            found.setdefault(key[:-9], {})[pair] = key
    return found


def plain(last_set: Path | None, keys: Collection[str]) -> dict[str, Pair]:
    """The (class, user) the last published set has under each of these IDs. One pass, each line's
    first cell looked up (a line tried against every key was lines x keys: 45 s for 5,000 IDs
    written twice against 800,000 enrolments)."""
    wanted = frozenset(keys)
    return {
        values["sourcedId"]: (values["classSourcedId"], values["userSourcedId"])
        for values in _rows(last_set, lambda line: _first_cell(line) in wanted)
        if values["sourcedId"] in wanted
    }


def _first_cell(line: str) -> str:
    """A CSV line's first cell (quoted: read as CSV, a comma or quote inside it kept)."""
    if line.startswith('"'):
        return next(csv.reader([line]), [""])[0]
    return line.split(",", 1)[0]


def _rows(last_set: Path | None, wanted: Callable[[str], bool]) -> list[dict[str, str]]:
    path = last_set / "enrollments.csv" if last_set is not None else None
    if path is None or not path.is_file():
        return []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = next(csv.reader([handle.readline()]), [])
            if not {"sourcedId", "classSourcedId", "userSourcedId"} <= set(header):
                return []
            lines = [line for line in handle if wanted(line)]
    except (OSError, UnicodeDecodeError):
        return []
    return [dict(zip(header, row, strict=False)) for row in csv.reader(lines)]
