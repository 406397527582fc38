"""Conditions that leave enrolments (or classes) out, switched off by a column the export lost.

An enrolments rule's condition that leaves out the dropped schedule rows (Skyward's `not_dropped`
on DROP-DATE, OneRoster's `current` on endDate) reads a column its export lacks, declared
optional: every row reads it blank and passes it (I260, a warning), so every dropped row is
published as a current enrolment, a student shown in her old and her new section at exit 0
(tester60 F2). Renamed to a look-alike (DROP_DT) the run is refused (X990); renamed to a name
unlike it (WITHDRAWN ON) only I260 said it.

The users' gate (keep_out, X936) tells such a night by the users the last set did not hold.
Here: a column the last published set's export had (last.json records each export's columns)
and tonight's lacks, and tonight's set holds records of the condition's table (of the role its
rules make) that the last set did not. Refused (X872, exit 1), naming the conditions, the
column, the file, the last night it was there and some of the records; the step is the column
put back, or its new name mapped with an alias in the district profile. An export that never
had the column (an Infinite Campus roster of active enrolments only, every night) is not
refused: I260 says it each night, as for the withdrawals in keep_out. Nothing new tonight: the
set is what the last one was, the dropped rows it would let in are not there, nothing to say.
--allow-incomplete publishes the set once (X918).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from transform.profile.compile import Plan
from transform.profile.templates import normalize_column
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import absent
from .read import SourceFile

TABLES = ("enrollments", "classes")
SHOWN = 3  # records named in the message
UNREAD_SHOWN = 3  # headers no rule reads, offered as the column's new name when so few


def check(
    plan: Plan,
    sources: dict[str, SourceFile],
    report: Report,
    *,
    staged: Path,
    previous: Path | None,
    had: frozenset[tuple[str, str]],
    last_as_of: str,
    allow_incomplete: bool,
) -> None:
    """The safety gate (see the module's words): X872 for each column the last set's exports had
    (`had`: their (source, column)) that switched off a condition of an enrolments or classes rule
    leaving records out, when tonight's table holds records the last published set did not."""
    if previous is None:
        return
    for column in absent.find(plan, sources):
        if column.close or (column.source, normalize_column(column.column)) not in had:
            continue  # renamed to a look-alike: X990 (absent.check_renamed); never there: I260 each night
        for table in TABLES:
            off = {use: column.keeps.get(use, "") for use in _passed(column) if use.startswith(f"{table} where ")}
            if off and (previous / f"{table}.csv").is_file():
                new = _new_records(table, staged, previous, _roles(plan, table, off))
                if new[0]:
                    unread = absent.unread_headers(sources[column.source], plan)
                    _say(report, column, off, table, new, last_as_of, unread, allow_incomplete=allow_incomplete)


def _passed(column: absent.AbsentColumn) -> list[str]:
    """The conditions reading the absent column alone that a blank passes: they leave no row out."""
    return [use for use in column.conditions if column.blank_outcome.get(use) == ""]


def _roles(plan: Plan, table: str, off: dict[str, str]) -> frozenset[str]:
    """The roles of the records the rules with these conditions make (a literal `role`, in any of
    its forms: ColumnPlan.literal; each group's of a rule of `each` groups), empty for any: a
    teacher's new enrolment is not one the students' condition would leave out (review127 R7)."""
    roles: set[str] = set()
    for rule in plan.rules.get(table, ()):
        if not any(f"{table} where {cond.name}" in off for cond in rule.where):
            continue
        written = [
            col.literal
            for col in (*rule.columns, *(c for _, group in rule.groups for c in group))
            if col.name == "role"
        ]
        if not written or None in written:
            return frozenset()
        roles.update(role.casefold() for role in written if role is not None)
    return frozenset(roles)


def _new_records(table: str, staged: Path, previous: Path, roles: frozenset[str]) -> tuple[int, list[dict[str, str]]]:
    """How many records of tonight's table (of these roles, when any) have a sourcedId the last set
    lacks, and the first SHOWN of them: the rows stream, only the last set's IDs are held."""
    before = {row.get("sourcedId", "") for row in _rows(previous / f"{table}.csv")}
    count, first = 0, list[dict[str, str]]()
    for row in _rows(staged / f"{table}.csv"):
        if row.get("sourcedId", "") not in before and (not roles or row.get("role", "").strip().casefold() in roles):
            count += 1
            if len(first) < SHOWN:
                first.append(row)
    return count, first


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


def _named(table: str, row: dict[str, str]) -> str:
    """ "301-ART-177548 (student 177548 in class 301-ART)", or a class with its title."""
    if table == "enrollments":
        return f"{row.get('sourcedId', '')} ({row.get('role', '')} {row.get('userSourcedId', '')} in class " + (
            f"{row.get('classSourcedId', '')})"
        )
    return f"{row.get('sourcedId', '')} ({row.get('title', '')})"


def _say(
    report: Report,
    column: absent.AbsentColumn,
    off: dict[str, str],
    table: str,
    new: tuple[int, list[dict[str, str]]],
    last_as_of: str,
    unread: list[str],
    *,
    allow_incomplete: bool,
) -> None:
    count, first = new
    readers = absent.said_keepers(off)
    where = Where(file=column.file, line=column.line, column=column.column)
    if allow_incomplete:
        detail = f"{readers} read no column {column.column!r}; {count} {table} records new tonight"
        report.add(codes.code("incomplete-allowed"), where, detail=detail)
        return
    one = len(off) == 1
    named = "; ".join(_named(table, row) for row in first)
    more = f"; {count - len(first)} more" if count > len(first) else ""
    report.add(
        codes.code("rows-keep-out-condition-off"),
        where,
        readers=readers,
        read="reads" if one else "read",
        column=column.column,
        file=column.file,
        source=column.source,  # for the step's aliases (report.summary)
        last_as_of=last_as_of,
        it="it" if one else "they",
        exist="exists" if one else "exist",
        count=count,
        table=table,
        records="record" if count == 1 else "records",
        examples=named + more,
        unread=", ".join(f"'{header}'" for header in unread) if len(unread) <= UNREAD_SHOWN else "",
    )
