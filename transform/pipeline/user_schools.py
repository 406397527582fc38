"""A user enrolled in a class at a school their users.csv row does not list is given that school.

Remind: "School assignments are made using the users.csv file", and of users.orgSourcedIds "A
user can be in multiple schools". A student rostered in a class of a school their own row does
not give them (a secondary or concurrent enrolment whose school the profile does not read, a
PowerSchool cc row at another school, a second entity) would sit in a class of a school that
does not have them, or Remind would drop the enrolment: the set contradicts itself. The
enrolment is the evidence that the user does attend a class there, so the enrolment's school (by
now its class's, pipeline.enrolment_schools) is added to the user's orgSourcedIds, reported once
per user and school with one of the classes (V593). Staff alike (a nurse enrolled as an aide in
another school's class).

A student's parents and guardians get the added school too: a guardian belongs to their
children's schools (pipeline.derive), and Remind's parents follow their students into classes,
so a parent left at the old school only would be in a class of a school that does not have them.

Runs once users.csv and enrollments.csv are written and sorted: a pass over the written files,
whatever engine wrote the enrolments (the columnar one writes most of them in bulk, past the
per-record validator). Held meanwhile: the hash of (ID, school) of each school of each student
and staff member (about 60 MB at a million students), and the few users found. users.csv is
rewritten only when a school is added, its other lines kept byte for byte.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import filterfalse, repeat, tee
from operator import contains, gt, itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from transform.oneroster.spec import AGENT_ROLES
from transform.report import codes
from transform.report.problem import Where, Who
from transform.report.report import Report

from . import order
from .rows import who_of
from .write import CsvRows

if TYPE_CHECKING:
    from .staged_sql import StagedSql

# Never enrolled (the validator's role check, V578): not held; they get schools through their children.
GUARDIAN_ROLES = AGENT_ROLES
GUARDIANS_NAMED = 5  # the guardians a problem names; "and N more" after them


@dataclass(slots=True)
class _Found:
    """A school a user is enrolled at and not listed at: the first of those enrolments (in the
    published order), its class, and how many of the user's enrolments are there."""

    enrollment: str
    class_id: str
    count: int = 1


@dataclass(slots=True)
class _Added:
    """A user given schools, as the rewrite of users.csv found them."""

    line: int
    role: str
    listed: str  # orgSourcedIds as they were
    who: Who
    schools: dict[str, _Found]  # the schools added
    guardians: list[tuple[str, frozenset[str]]] = field(default_factory=list)  # (guardian, schools added to them)


def add_enrolled_schools(
    folder: Path, report: Report, sql: StagedSql | None = None, rows_give: Mapping[str, Collection[str]] | None = None
) -> bool:
    """Give each student and staff member the schools of their enrolments that their users.csv
    row lacks (and a student's guardians those schools too); report each user and school
    (V593). True when users.csv was rewritten. With `sql` (a large set), DuckDB finds them
    where it reads both files exactly (pipeline.staged_sql). `rows_give`: the schools of a
    person's other current row, already said (I297, pipeline.two_schools): added too, not said."""
    users, enrollments = folder / "users.csv", folder / "enrollments.csv"
    if not users.exists() or not (enrollments.exists() or rows_give):
        return False
    if not enrollments.exists():
        return bool(_rewrite(users, _of_rows(rows_give or {}), report))
    by_sql = sql.not_listed() if sql is not None else None
    if by_sql is not None:
        missing = {
            user: {school: _Found(enrollment, class_id, count) for school, (enrollment, class_id, count) in at.items()}
            for user, at in by_sql.items()
        }
    else:
        known = _pairs_of_users(users)
        missing = _not_listed(enrollments, known) if known else {}
        del known
    for user, at in _of_rows(rows_give or {}).items():
        missing.setdefault(user, {}).update(at)
    if not missing:
        return False
    added = _rewrite(users, missing, report)
    for user, found in sorted(added.items()):
        for school, first in sorted(found.schools.items()):
            if first.enrollment == _ROW:
                continue  # the person's other row's school: said as the row was read (I297)
            guardians = sorted(g for g, given in found.guardians if school in given)
            named = ", ".join(repr(g) for g in guardians[:GUARDIANS_NAMED])
            more = f" and {len(guardians) - GUARDIANS_NAMED} more" if len(guardians) > GUARDIANS_NAMED else ""
            report.add(
                codes.code("enrolled-school-added"),
                Where("users.csv", found.line, "orgSourcedIds", "users", user, (school, *found.who[1:])),
                role=found.role,
                id=user,
                school=school,
                listed=found.listed,
                class_id=first.class_id,
                enrollment=first.enrollment,
                count=first.count,
                more=f", and {first.count - 1} more at that school" if first.count > 1 else "",
                guardians=f" (and to their guardians': {named}{more})" if guardians else "",
            )
    return bool(added)


_ROW = ""  # a _Found of no enrolment: the school of a person's other current row (`rows_give`)


def _of_rows(rows_give: Mapping[str, Collection[str]]) -> dict[str, dict[str, _Found]]:
    return {user: {school: _Found(_ROW, _ROW) for school in schools} for user, schools in rows_give.items()}


def _pairs_of_users(users: Path) -> set[int]:
    """The hash of (ID, school) of each school of each student and staff member."""
    known: set[int] = set()
    with users.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if not {"sourcedId", "orgSourcedIds", "role"} <= set(header):
            return known
        cells = itemgetter(header.index("sourcedId"), header.index("orgSourcedIds"), header.index("role"))
        add = known.add
        for user, orgs, role in map(cells, reader):
            if role in GUARDIAN_ROLES:
                continue
            if "," in orgs:
                known.update(hash((user, school)) for school in orgs.split(","))
            else:
                add(hash((user, orgs)))
    return known


def _not_listed(enrollments: Path, known: set[int]) -> dict[str, dict[str, _Found]]:
    """user -> school -> the first enrolment (in the file's order) of a user at a school that is
    not one of theirs in `known`; a few users, whom `_rewrite` checks against their rows.

    Millions of rows at the largest district, so the common case runs in C: a line without a
    quote is split at its commas, and only a line whose (user, school) is not known, or that
    holds a quote (a cell with a comma splits wrong), is parsed as CSV and looked at."""
    missing: dict[str, dict[str, _Found]] = {}
    with enrollments.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader([next(handle, "")]), [])
        wanted = ("userSourcedId", "schoolSourcedId", "sourcedId", "classSourcedId")
        if not set(wanted) <= set(header):
            return missing
        cells = itemgetter(*(header.index(column) for column in wanted))
        pair = itemgetter(header.index("userSourcedId"), header.index("schoolSourcedId"))
        lines, split, quoted = tee(handle, 3)
        naive = map(known.__contains__, map(hash, map(pair, map(str.split, split, repeat(",")))))
        # Passed when known and not quoted (True > False).
        passed = map(gt, naive, map(contains, quoted, repeat('"')))
        for line, _ in filterfalse(itemgetter(1), zip(lines, passed, strict=True)):
            user, school, enrollment, class_id = cells(next(csv.reader([line])))
            if not school or hash((user, school)) in known:
                continue
            at = missing.setdefault(user, {})
            found = at.get(school)
            if found is None:
                at[school] = _Found(enrollment, class_id)
            else:
                found.count += 1
    return missing


def _rewrite(users: Path, missing: dict[str, dict[str, _Found]], report: Report) -> dict[str, _Added]:
    """users.csv with the schools added, to the students and staff of `missing` whose rows do
    not list them, and to those students' guardians (named in the students' agentSourcedIds: a
    guardian sorted before their child is known only once the child's row is read, so the file
    is read twice, only the lines of these people parsed). The summary's per-school counts
    follow (report.people). {} when nothing is added (the file is left as it was)."""
    text, header = _header(users)
    at = {column: i for i, column in enumerate(header)}
    added, children = _to_add(users, header, missing)
    if not added:
        return added
    at_id, at_orgs, at_role = at["sourcedId"], at["orgSourcedIds"], at["role"]
    given: dict[str, frozenset[str]] = {}  # guardian -> the schools added to them
    partial = users.with_name(f".{users.name}.partial")
    with partial.open("w", encoding="utf-8", newline="") as out:
        out.write(text)
        writer = CsvRows(out)
        for _, written, row in _lines(users, added.keys() | children.keys()):
            schools: frozenset[str] = frozenset()
            if row is not None:
                user, role, listed = row[at_id], row[at_role], row[at_orgs]
                had = frozenset(s for s in listed.split(",") if s)
                if user in added and role not in GUARDIAN_ROLES:
                    schools = frozenset(added[user].schools)
                elif user in children and role in GUARDIAN_ROLES:
                    schools = given[user] = frozenset(s for kid in children[user] for s in added[kid].schools) - had
            if row is None or not schools:
                out.write(written)
                continue
            row[at_orgs] = order.ordered_list(",".join(sorted(had | schools)))
            writer.writerow(row)
            report.people[role, listed] -= 1
            report.people[role, row[at_orgs]] += 1
        out.flush()
        os.fsync(out.fileno())
    partial.replace(users)
    for guardian, schools in given.items():
        for kid in children[guardian]:
            if theirs := schools & added[kid].schools.keys():
                added[kid].guardians.append((guardian, theirs))
    return added


def _to_add(
    users: Path, header: list[str], missing: dict[str, dict[str, _Found]]
) -> tuple[dict[str, _Added], dict[str, list[str]]]:
    """The students and staff of `missing` with the schools their rows do not list, and the
    guardians of those students (guardian -> the students)."""
    at = {column: i for i, column in enumerate(header)}
    at_id, at_orgs, at_role, at_agents = at["sourcedId"], at["orgSourcedIds"], at["role"], at.get("agentSourcedIds")
    added: dict[str, _Added] = {}
    children: dict[str, list[str]] = {}
    for line, _, row in _lines(users, missing.keys()):
        if row is None or row[at_role] in GUARDIAN_ROLES:
            continue
        user, listed = row[at_id], row[at_orgs]
        had = set(listed.split(","))
        schools = {school: found for school, found in missing[user].items() if school not in had}
        if not schools:
            continue
        who = who_of("users", dict(zip(header, row, strict=False)).get)
        added[user] = _Added(line, row[at_role], listed, who, schools)
        if at_agents is not None and row[at_role] == "student" and row[at_agents]:
            for guardian in row[at_agents].split(","):
                children.setdefault(guardian, []).append(user)
    return added, children


def _header(path: Path) -> tuple[str, list[str]]:
    """The header line as written, and its cells."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = next(handle, "")
    return text, next(csv.reader([text]), [])


def _lines(path: Path, wanted: Collection[str]) -> Iterator[tuple[int, str, list[str] | None]]:
    """(line number, the line as written, its cells when its sourcedId, the first cell, is one
    of `wanted`, else None) of each record. A row is one line (no cell holds a line break); a
    line whose first cell is not quoted is cut at its first comma rather than parsed whole."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        next(handle, "")
        for line, text in enumerate(handle, start=2):
            if text.startswith('"'):
                row = next(csv.reader([text]))
                yield line, text, row if row and row[0] in wanted else None
                continue
            end = text.find(",")
            first = text[:end] if end >= 0 else text.rstrip("\r\n")
            yield line, text, next(csv.reader([text])) if first in wanted else None
