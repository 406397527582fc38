"""Names the last published set held as two, read whole tonight: kept as they were (X829).

Synergy's STAFF_NAME came 'COSTA, ANA', and the bundled profile splits it at the comma into the
given and the family name (a cell without a comma is read whole into both: a name the SIS keeps in
one piece). The export's query changed and wrote 'ANA COSTA': every teacher was published with
givenName = familyName = 'ANA COSTA' at exit 0, and V555 blamed the profile, which had not changed
(tester64 A3). No SIS renames most of a kind of user to their own two names run together, so when
at least NAMES_WRONG_AT_LEAST users of a kind, and more than half of those of tonight the last set
held with two different names (users new tonight are not counted: the night a query is edited to take
in more staff is the likely night, reviewer126 R1), have tonight one name that is both, and holds last
night's two, the export changed the column's shape: those users keep last night's names (as V616
keeps names garbled by an encoding change), the rest of the set is tonight's, and the night exits 1
("Published, but ...") naming the column, in the place of the kind's V555 (which blames the
profile). A person exports the names as before, or maps the new shape; a user new tonight is
published as read, and counted in X829. A few such users (a name written whole in the SIS on
purpose) say nothing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from transform.pipeline.garbled_names import NAMES, rewrite_names
from transform.pipeline.gate import columns_of
from transform.pipeline.validate import NAME_KINDS, NAMES_WRONG_AT_LEAST
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report

EXAMPLES = 2


def keep_last_names(folder: Path, report: Report, *, last: Path | None) -> bool:
    """users.csv with last night's names where most users of a kind have tonight their two names read as
    one (X829); True when it was rewritten. `last`: the last published set's folder (None: a first set).
    Tonight's users are read once, and the last set only for those whose two names are one (few, most nights);
    a kind with at least NAMES_WRONG_AT_LEAST such users is counted again (`_held`), rarely."""
    users = folder / "users.csv"
    if last is None or not (last / "users.csv").is_file() or not users.is_file():
        return False
    one_name: dict[str, tuple[str, str]] = {}  # ID -> (kind, the name in both)
    for sourced_id, role, given, family in columns_of(users, "sourcedId", "role", "givenName", "familyName"):
        kind = NAME_KINDS.get(role)
        if kind is not None and given and given.casefold() == family.casefold():
            one_name[sourced_id] = (kind, given)
    if len(one_name) < NAMES_WRONG_AT_LEAST:
        return False
    whole: dict[str, dict[str, dict[str, str]]] = {}  # kind -> ID -> last night's names
    held_before: set[str] = set()  # of one_name, those the last set held (whatever their names)
    for sourced_id, *names in columns_of(last / "users.csv", "sourcedId", *NAMES):
        tonight = one_name.get(sourced_id)
        if tonight is None:
            continue
        held_before.add(sourced_id)
        before = dict(zip(NAMES, names, strict=True))
        if _read_whole(before, tonight[1]):
            whole.setdefault(tonight[0], {})[sourced_id] = before
    whole = {kind: found for kind, found in whole.items() if len(found) >= NAMES_WRONG_AT_LEAST}
    held = _held(users, last / "users.csv", set(whole)) if whole else Counter()
    kept: dict[str, dict[str, str]] = {}
    for kind, found in sorted(whole.items()):
        if len(found) * 2 <= held[kind]:
            continue
        kept.update(found)
        others = [i for i, (k, _) in one_name.items() if k == kind and i not in found]
        new = sum(1 for i in others if i not in held_before)
        _say(report, kind, found, held[kind], (new, len(others) - new), {i: one_name[i][1] for i in found})
    if not kept:
        return False
    rewrite_names(users, kept)
    return True


def _held(users: Path, last: Path, kinds: set[str]) -> Counter[str]:
    """Tonight's users of each of `kinds` whom the last set held with two different names: the users
    whose names can have been read whole tonight. Users new tonight are not among them (a query edited
    to take in more staff the night it lost its comma: 3 held of 7 tonight, reviewer126 R1)."""
    tonight = {
        sourced_id: kind
        for sourced_id, role in columns_of(users, "sourcedId", "role")
        if (kind := NAME_KINDS.get(role)) in kinds
    }
    held: Counter[str] = Counter()
    for sourced_id, given, family in columns_of(last, "sourcedId", "givenName", "familyName"):
        kind = tonight.get(sourced_id)
        if kind is not None and given and family and given.casefold() != family.casefold():
            held[kind] += 1
    return held


def _read_whole(before: dict[str, str], tonight: str) -> bool:
    """Whether last night's two names differed and tonight's one name holds every word of both."""
    given, family = before.get("givenName", ""), before.get("familyName", "")
    if not given or not family or given.casefold() == family.casefold():
        return False
    words = set(tonight.casefold().replace(",", " ").split())
    return set(f"{given} {family}".casefold().replace(",", " ").split()) <= words


def _say(
    report: Report,
    kind: str,
    found: dict[str, dict[str, str]],
    total: int,
    others: tuple[int, int],
    tonight_of: dict[str, str],
) -> None:
    """X829 for a kind, at the column V555 read the whole names from (its example of the kind), in the
    place of that V555: it said 'the profile reads a whole-name column ... published as read' the night
    the profile had not changed and the names were kept (reviewer126 R3). `others`: the kind's users
    tonight with one name in both that were not kept, published as read: (new tonight, held by the last
    set under names tonight's one does not hold both of, or one name then too)."""
    read = next((p.where for p in report.examples.get("V555", []) if _same_names(p, kind)), None)
    if read is not None:
        report.withdraw(codes.code("names-read-whole"), which=lambda p: _same_names(p, kind))
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
        others=_others(kind, *others),
    )


def _others(kind: str, new: int, otherwise: int) -> str:
    """X829's words of the kind's users with one name in both it did not keep: new tonight, and those the
    last set held whose one name tonight is not their two of the last set run together (a name changed
    whole, or one name then too): it said 'new tonight' of all (reviewer131 R6)."""
    if not new + otherwise:
        return ""
    parts = [f"{new:,} new tonight"] if new else []
    if otherwise:
        parts.append(f"{otherwise:,} the last set held, whose one name is not their two of the last set run together")
    return f"; {new + otherwise:,} other {kind} with one name in both published as read ({' and '.join(parts)})"


def _same_names(problem: Problem, kind: str) -> bool:
    """A V555 of the kind saying their givenName is their familyName (not a comma inside one)."""
    params = problem.params
    return (
        params.get("kind") == kind
        and str(params.get("given", "")).casefold() == str(params.get("family", "")).casefold()
    )
