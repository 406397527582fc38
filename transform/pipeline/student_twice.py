"""One student published twice under two IDs (V553, tester80 T2 and T3).

Two student records of one set that are very likely one person: the same given and family
name (`identity.name_parts`) and birth date, and something only one person has besides (a
guardian link, the identifier, the username or the email, or IDs that differ in letter case or
leading zeros alone: S1001 and s1001); or IDs written two ways that share the identifier, the
username or the email (a row typed again under its ID in lower case). Twins (other given names)
and two students of one name and birth date with other guardians and identifiers stay quiet.

Read from the set as written and sorted, so that both engines and both targets are judged alike:
a first pass over demographics.csv (each student's birth date, as an int) and users.csv (a hash
of name and birth date, and of the ID folded, each mapped to the first student's line) finds the
few pairs; only their rows are read again. A pair the last published set held both of was there
already: not said again. Any other pair is published as read, and said (exit 1): the tool cannot
tell which record is the SIS's, Remind would make two accounts of one child."""

from __future__ import annotations

import csv
import re
from array import array
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .compact import id_hash
from .identity import name_parts, plain

_ZERO_RUNS = re.compile(r"\d+")  # an ID's runs of digits, compared without their leading zeros (as V552)
# What one person alone has: compared when both records give a value.
_OWN = ("identifier", "username", "email")
_WRITTEN_OTHERWISE = "their IDs differ in letter case or leading zeros alone"


def folded_id(sourced_id: str) -> str:
    """An ID without letter case and its digits' leading zeros: S01001 and s1001 are one."""
    if sourced_id.isdigit():  # most SIS IDs: no expression needed
        return sourced_id.lstrip("0") or "0"
    return _ZERO_RUNS.sub(lambda m: m.group().lstrip("0") or "0", sourced_id.casefold())


def check(folder: Path, report: Report, *, last: Path | None) -> None:
    """V553 for each pair of students of the staged set in `folder` that is one person twice,
    unless the set at `last` held both."""
    users, demographics = folder / "users.csv", folder / "demographics.csv"
    if not users.exists():
        return
    pairs = _pairs(users, demographics)
    if not pairs:
        return
    lines = {line for pair in pairs for line in pair}
    rows = dict(_rows_at(users, lines))
    births = _births_of(demographics, {rows[line]["sourcedId"] for line in lines})
    held = _held(last, {rows[line]["sourcedId"] for line in lines})
    for first, later in sorted(pairs):
        one, other = rows[first], rows[later]
        if one["sourcedId"] in held and other["sourcedId"] in held:
            continue  # the last set published both already: said the night it did
        evidence = _evidence(one, other, births)
        if evidence:
            birth = births.get(one["sourcedId"], "")
            _say(report, later, one, other, birth if birth == births.get(other["sourcedId"]) else "", evidence)


def _births_of(path: Path, ids: set[str]) -> dict[str, str]:
    """The birth date of each of `ids` as written (few)."""
    return {sid: birth for sid, birth in _two_columns(path, "sourcedId", "birthDate") if sid in ids}


def _pairs(users: Path, demographics: Path) -> set[tuple[int, int]]:
    """(line of the first, line of the later) of the students of one name and birth date, or of
    one ID written two ways: the candidates (few). Each student's key is a hash in an array, not a
    map (a million students: three arrays of 8 MB); the keys held twice are found by sorting them.
    Both files are sorted by their lines, which begin with the ID and a comma (pipeline.order): a
    student's birth date is read beside her row (a merge), no map of birth dates is held."""
    people, ids, lines = array("q"), array("q"), array("q")
    births = _two_columns(demographics, "sourcedId", "birthDate")
    demographic = next(births, None)
    for line, sourced_id, given, family in _students(users):
        at = f"{sourced_id},"
        while demographic is not None and f"{demographic[0]}," < at:
            demographic = next(births, None)
        birth = demographic[1] if demographic is not None and demographic[0] == sourced_id else ""
        name = plain(f"{given} {family}") if given and family else ""
        people.append(id_hash(f"{name}\x00{birth}") if name and birth else 0)
        ids.append(id_hash(folded_id(sourced_id)))
        lines.append(line)
    repeated = _repeated(people) | _repeated(ids)
    if not repeated:
        return set()
    first: dict[int, int] = {}
    pairs: set[tuple[int, int]] = set()
    for person, written, line in zip(people, ids, lines, strict=True):
        for key in (person, written):
            if key in repeated and (was := first.setdefault(key, line)) != line:
                pairs.add((was, line))
    return pairs


def _repeated(keys: array[int]) -> set[int]:
    """The keys (other than 0) held more than once."""
    return {key for key, after in pairwise(sorted(keys)) if key == after and key}


def _evidence(one: dict[str, str], other: dict[str, str], births: dict[str, str]) -> str:
    """What says the two records are one person ("" when nothing does)."""
    shared = [f"{column} {one[column]!r}" for column in _OWN if one.get(column) and one[column] == other.get(column)]
    ids = [_WRITTEN_OTHERWISE] if folded_id(one["sourcedId"]) == folded_id(other["sourcedId"]) else []
    birth = births.get(one["sourcedId"], "")
    if not (birth and birth == births.get(other["sourcedId"]) and name_parts(one) == name_parts(other)):
        # Of other names or birth dates: one person only by an ID written two ways and a value of her own.
        return ", ".join([*ids, *shared]) if ids and shared else ""
    guardians = set(_split(one.get("agentSourcedIds", ""))) & set(_split(other.get("agentSourcedIds", "")))
    return ", ".join([*ids, *shared, *([f"guardian {', '.join(sorted(guardians))}"] if guardians else [])])


def _say(report: Report, line: int, one: dict[str, str], other: dict[str, str], birth: str, evidence: str) -> None:
    name = f"{other.get('givenName', '')} {other.get('familyName', '')}".strip()
    first_name = f"{one.get('givenName', '')} {one.get('familyName', '')}".strip()
    born = f", born {birth}" if birth else ""
    report.add(
        codes.code("student-published-twice"),
        Where(file="users.csv", line=line, table="users", record=other["sourcedId"]),
        id=other["sourcedId"],
        first=one["sourcedId"],
        people=f"{one['sourcedId']} {first_name!r}, {other['sourcedId']} {name!r}{born}",
        people_redacted=f"{one['sourcedId']}, {other['sourcedId']}",
        evidence=evidence,
    )


def _students(users: Path) -> Iterator[tuple[int, str, str, str]]:
    """(line, sourcedId, givenName, familyName) of each student of a written users.csv (a row is
    one line: no cell holds a line break; a line without a quote is cut at its commas)."""
    with users.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader([next(handle, "")]), [])
        role, sid, given, family = (header.index(c) for c in ("role", "sourcedId", "givenName", "familyName"))
        for line, text in enumerate(handle, 2):
            if ",student," not in text:
                continue
            row = next(csv.reader([text])) if '"' in text else text.rstrip("\r\n").split(",")
            if len(row) > max(role, sid, given, family) and row[role] == "student":
                yield line, row[sid], row[given], row[family]


def _student_rows(users: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with users.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        for line, row in enumerate(reader, 2):
            yield line, dict(zip(header, row, strict=False))


def _rows_at(users: Path, lines: set[int]) -> Iterator[tuple[int, dict[str, str]]]:
    for line, values in _student_rows(users):
        if line in lines:
            yield line, values


def _held(last: Path | None, ids: set[str]) -> set[str]:
    """Of `ids`, those the last published set's users.csv holds."""
    if last is None:
        return set()
    return {sourced_id for sourced_id, _ in _two_columns(last / "users.csv", "sourcedId", "role") if sourced_id in ids}


def _two_columns(path: Path, first: str, second: str) -> Iterator[tuple[str, str]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", newline="", errors="replace") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if first not in header or second not in header:
            return
        at, then = header.index(first), header.index(second)
        for row in reader:
            if len(row) > max(at, then):
                yield row[at], row[then]


def _split(ids: str) -> list[str]:
    return [s for s in ids.split(",") if s]
