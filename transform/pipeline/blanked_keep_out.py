"""End-date columns that leave people out, present tonight but blank on every row.

A condition that leaves the withdrawn out by an end date (SDS v2.1 `roleEndDate`, OneRoster 1.2
roles `endDate`, Infinite Campus `endDate`, Synergy `LEAVE_DATE`, PowerSchool's `DateLeft`, an
enrolment's `endDate`) passes a blank cell (`allow_empty`: a current person has no end date). The
column gone is the export's damage (keep_out: X936, keep_out_rows: X872, absent: X990), and so are
term dates blanked (undated_terms: X871). The column kept in the header but blank on every row
(a SIS template edited, the field no longer written) reads the same as absent, and was not said:
tester63 S2, roles.csv's roleEndDate blank tonight, filled last night: the withdrawn student, her
parent and the replaced teacher published again at exit 0.

So last.json keeps, per export column such a condition reads, how many rows filled it
(`columns_filled`). A column the last set's export filled on some rows, blank on every row tonight
while its export has rows, refuses the night (X877, exit 1) when tonight's set holds records of the
conditions' rules the last set did not (the people it brings back: of those the withdrawn whose
end date last night's export gave): naming the file, the column, the rows it filled then and the
records it would bring back. Step: the export run again with the column filled; where the district
truly stopped using it, --allow-incomplete publishes the set once (X918) and records it unfilled,
and the nights after are quiet. A night with nobody new publishes and keeps the count the column
was last filled on, so the next night that brings someone is still told.

Only date conditions judged against the as-of date (date_ge, date_gt: an end date) are watched: a
status column blank in a bulk file is how OneRoster 1.1 writes a bulk export, and start dates
blanked let in people ahead, not people who left.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.profile.compile import ConditionPlan, Plan, RulePlan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import absent, seen_values
from .read import SourceFile, iter_rows

KEY = "columns_filled"  # last.json's record
TABLES = ("users", "enrollments", "classes")
END_OPS = frozenset({"date_ge", "date_gt"})
SHOWN = 3  # records named in the message


@dataclass
class Watched:
    """An export column end-date conditions read: the profile's spelling, the conditions
    ("users where current") and, per table, the roles of the records their rules make (empty: any)."""

    source: str
    column: str
    conditions: list[str] = field(default_factory=list)
    roles: dict[str, set[str]] = field(default_factory=dict)
    any_role: set[str] = field(default_factory=set)  # tables a rule of which makes records of any role


def watched(plan: Plan, sources: Mapping[str, SourceFile]) -> dict[tuple[str, str], Watched]:
    """(source, column key) -> what reads it, for each column of an export the run has that an
    end-date condition reads alone, a blank passing it (see the module's words)."""
    found: dict[tuple[str, str], Watched] = {}
    for table in TABLES:
        if table not in plan.target.files or (plan.users_only and table != "users"):
            continue
        for rule in plan.rules.get(table, ()):
            if rule.source not in sources or (rule.unless_source and rule.unless_source in sources):
                continue
            link_where = rule.guardian.link_where if rule.guardian is not None else ()
            for cond in (*rule.where, *link_where):
                read = _end_column(cond, rule, plan, sources)
                if read is None:
                    continue
                key, column = read
                seen = found.setdefault(key, Watched(key[0], column))
                use = f"{table} where {cond.name}"
                if use not in seen.conditions:
                    seen.conditions.append(use)
                _note_roles(seen, table, rule)
    return found


def _end_column(
    cond: ConditionPlan, rule: RulePlan, plan: Plan, sources: Mapping[str, SourceFile]
) -> tuple[tuple[str, str], str] | None:
    """((source, column key), the column as the profile spells it) of an end-date condition reading
    one column of an export the run has, a blank passing it; None for any other condition."""
    if cond.op not in END_OPS or cond.routes or cond.optional or absent._blank_outcome(cond, plan) != "":
        return None
    refs = [r for r in absent._refs(cond.parts) if r.alias != "settings"]
    if len(refs) != 1:
        return None
    source = rule.source if refs[0].alias is None else absent._joined(rule, refs[0].alias)
    export = sources.get(source or "")
    if export is None or not export.header or refs[0].key not in export.index:
        return None  # absent: keep_out, keep_out_rows, absent.check_renamed
    return (export.source, refs[0].key), refs[0].column


def _note_roles(seen: Watched, table: str, rule: RulePlan) -> None:
    if table == "users":
        kind = seen_values.kind_of(rule)
        roles = set(kind[1]) if kind is not None else set()
    else:
        role = next((col.fixed for col in rule.columns if col.name == "role"), None)
        roles = {role} if role else set()
    if not roles:
        seen.any_role.add(table)
    seen.roles.setdefault(table, set()).update(roles)


def filled(watch: Mapping[tuple[str, str], Watched], sources: Mapping[str, SourceFile]) -> dict[str, dict[str, int]]:
    """Tonight's count of rows holding a value, per watched column by source (one read of each
    export that has one)."""
    counts: dict[str, dict[str, int]] = {}
    for source in sorted({s for s, _ in watch}):
        export = sources[source]
        keys = sorted(k for s, k in watch if s == source)
        at = [export.index[k] for k in keys]
        tally = [0] * len(keys)
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            cells = row.cells
            for i, position in enumerate(at):
                if position < len(cells) and cells[position].strip():
                    tally[i] += 1
        counts[source] = dict(zip(keys, tally, strict=True))
    return counts


def last_filled(state: Mapping[str, Any]) -> dict[str, dict[str, int]]:
    """last.json's `columns_filled` ({} when not recorded or not of its shape)."""
    recorded = state.get(KEY)
    if not isinstance(recorded, dict):
        return {}
    return {
        str(source): {str(k): n for k, n in keys.items() if isinstance(n, int)}
        for source, keys in recorded.items()
        if isinstance(keys, dict)
    }


def check(
    plan: Plan,
    sources: Mapping[str, SourceFile],
    report: Report,
    *,
    staged: Path,
    previous: Path | None,
    state: Mapping[str, Any],
    allow_incomplete: bool,
) -> dict[str, dict[str, int]]:
    """X877 (the module's words); returns what last.json is to record of the columns tonight."""
    watch = watched(plan, sources)
    if not watch:
        return {}
    tonight = filled(watch, sources)
    then = last_filled(state)
    record = {source: dict(keys) for source, keys in tonight.items()}
    as_of = str(state.get("as_of") or str(state.get("published_at") or "")[:10])
    for (source, key), seen in sorted(watch.items()):
        before = then.get(source, {}).get(key, 0)
        export = sources[source]
        if before <= 0 or tonight[source][key] or not report.rows_read.get(export.display):
            continue
        new = _new_records(seen, staged, previous) if previous is not None else (0, [])
        if not new[0]:
            record[source][key] = before  # nobody back tonight: the next night is judged as tonight
            continue
        where = Where(file=export.display, line=export.header_line, column=seen.column)
        if allow_incomplete:
            detail = f"{seen.column!r} of {export.display} blank on every row; {new[0]} records new tonight"
            report.add(codes.code("incomplete-allowed"), where, detail=detail)
            continue
        _say(report, seen, where, (before, as_of), new, rows=report.rows_read.get(export.display, 0))
    return record


def _say(
    report: Report,
    seen: Watched,
    where: Where,
    then: tuple[int, str],
    new: tuple[int, list[str]],
    *,
    rows: int,
) -> None:
    before, as_of = then
    count, first = new
    one = len(seen.conditions) == 1
    more = f"; {count - len(first)} more" if count > len(first) else ""
    report.add(
        codes.code("end-date-column-blanked"),
        where,
        column=seen.column,
        file=where.file,
        rows=f"{rows:,}",
        before=f"{before:,} row{'s' if before != 1 else ''}",
        as_of=as_of,
        readers=", ".join(seen.conditions),
        read="reads" if one else "read",
        count=count,
        records="record" if count == 1 else "records",
        examples="; ".join(first) + more,
    )


def _new_records(seen: Watched, staged: Path, previous: Path) -> tuple[int, list[str]]:
    """The records of tonight's tables (of the conditions' roles) the last published set lacks."""
    count, first = 0, list[str]()
    for table, roles in seen.roles.items():
        before = {row.get("sourcedId", "") for row in _rows(previous / f"{table}.csv")}
        if not before:
            continue
        anyone = table in seen.any_role
        for row in _rows(staged / f"{table}.csv"):
            if row.get("sourcedId", "") in before or not (anyone or row.get("role", "") in roles):
                continue
            count += 1
            if len(first) < SHOWN:
                first.append(_named(table, row))
    return count, first


def _named(table: str, row: dict[str, str]) -> str:
    if table == "users":
        name = " ".join(n for n in (row.get("givenName", ""), row.get("familyName", "")) if n)
        return f"{row.get('sourcedId', '')} ({name}, {row.get('role', '')})"
    if table == "enrollments":
        return f"{row.get('sourcedId', '')} ({row.get('role', '')} {row.get('userSourcedId', '')} in class " + (
            f"{row.get('classSourcedId', '')})"
        )
    return f"{row.get('sourcedId', '')} ({row.get('title', '')})"


def _rows(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)
