"""Names the last published set held as two, read whole tonight: kept as they were (X829).

Synergy's STAFF_NAME came 'COSTA, ANA', and the bundled profile splits it at the comma into the
given and the family name (a cell without a comma is read whole into both: a name the SIS keeps in
one piece). The export's query changed and wrote 'ANA COSTA': every teacher was published with
givenName = familyName = 'ANA COSTA' at exit 0, and V555 blamed the profile, which had not changed
(tester64 A3). No SIS renames most of a kind of user to their own two names run together, so when
at least NAMES_WRONG_AT_LEAST users of a kind, and more than half of tonight's, whom the last set
held with two names have tonight one name that is both, and holds last night's two, the export changed the
column's shape: those users keep last night's names (as V616 keeps names garbled by an encoding
change), the rest of the set is tonight's, and the night exits 1 ("Published, but ...") naming the
column. A person exports the names as before, or maps the new shape; a user new tonight is
published as read. A few such users (a name written whole in the SIS on purpose) say nothing.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from transform.pipeline.garbled_names import NAMES, rewrite_names
from transform.pipeline.validate import NAME_KINDS, NAMES_WRONG_AT_LEAST
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

EXAMPLES = 2


def keep_last_names(folder: Path, report: Report, *, last: Path | None) -> bool:
    """users.csv with last night's names where most users of a kind have tonight their two names read as
    one (X829); True when it was rewritten. `last`: the last published set's folder (None: a first set).
    Tonight's users are read once, and the last set only for those whose two names are one (few, most nights)."""
    users = folder / "users.csv"
    if last is None or not (last / "users.csv").is_file() or not users.is_file():
        return False
    of_kind: Counter[str] = Counter()  # tonight's users of each kind
    one_name: dict[str, tuple[str, str]] = {}  # ID -> (kind, the name in both)
    for row in _rows(users):
        kind = NAME_KINDS.get(row.get("role", ""))
        if kind is None:
            continue
        of_kind[kind] += 1
        given = row.get("givenName", "")
        if given and given.casefold() == row.get("familyName", "").casefold():
            one_name[row.get("sourcedId", "")] = (kind, given)
    if len(one_name) < NAMES_WRONG_AT_LEAST:
        return False
    whole: dict[str, dict[str, dict[str, str]]] = {}  # kind -> ID -> last night's names
    for row in _rows(last / "users.csv"):
        tonight = one_name.get(row.get("sourcedId", ""))
        if tonight is not None and _read_whole(row, tonight[1]):
            whole.setdefault(tonight[0], {})[row["sourcedId"]] = {n: row.get(n, "") for n in NAMES}
    kept: dict[str, dict[str, str]] = {}
    for kind, found in sorted(whole.items()):
        if len(found) < NAMES_WRONG_AT_LEAST or len(found) * 2 <= of_kind[kind]:
            continue
        kept.update(found)
        _say(report, kind, found, of_kind[kind], {i: one_name[i][1] for i in found})
    if not kept:
        return False
    rewrite_names(users, kept)
    return True


def _read_whole(before: dict[str, str], tonight: str) -> bool:
    """Whether last night's two names differed and tonight's one name holds every word of both."""
    given, family = before.get("givenName", ""), before.get("familyName", "")
    if not given or not family or given.casefold() == family.casefold():
        return False
    words = set(tonight.casefold().replace(",", " ").split())
    return set(f"{given} {family}".casefold().replace(",", " ").split()) <= words


def _say(report: Report, kind: str, found: dict[str, dict[str, str]], total: int, tonight_of: dict[str, str]) -> None:
    """X829 for a kind, at the column V555 read the whole names from (its example of the kind)."""
    read = next((p.where for p in report.examples.get("V555", []) if p.params.get("kind") == kind), None)
    where = Where(file=read.file, column=read.column) if read else Where(file="users.csv", column="givenName")
    first = sorted(found)[:EXAMPLES]
    said = "; ".join(
        f"{i} {tonight_of[i]!r}, last set {found[i]['givenName']!r} {found[i]['familyName']!r}" for i in first
    )
    more = f"; {len(found) - len(first):,} more" if len(found) > len(first) else ""
    column = f"{read.file} {read.column}" if read and read.column else "the names column"
    report.add(
        codes.code("names-whole-kept"),
        where,
        count=len(found),
        total=total,
        kind=kind,
        column=column,
        first=said + more,
    )


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)
