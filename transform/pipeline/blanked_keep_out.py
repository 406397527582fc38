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

Not only end dates (tester64 A4: Aeries' STU.TG, `active: {TG} empty`, blank on every row, the 10
inactive students back with their parents and enrolments): any condition reading one column alone
that a blank passes and a filled cell can fail (`empty`, a status `in`/`not_in` list that lets a
blank in, a start date). For an end date (date_ge, date_gt) the evidence is the rows that filled the
column (a future end date passes tonight, yet says the column is kept); for the others, the rows
holding a value the condition left out (a status column filled `active` on every row and blank the
next night, OneRoster 1.1's delta file and bulk file, left nobody out: it is not evidence).

Counted as the export is read the first time (`counted`, the Python engine's reader; `note_loaded`,
the columnar engine's table: report.column_values.keep_out), not in a read of its own; an export no
first pass counted (none expected) is read once more.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.profile.compile import ConditionPlan, Plan, RulePlan
from transform.report import codes
from transform.report.column_values import ColumnValues
from transform.report.problem import Where
from transform.report.report import Report

from . import absent, seen_values
from .conditions import passes
from .read import SourceFile, iter_rows
from .rows import SourceRow

KEY = "columns_filled"  # last.json's record
TABLES = ("users", "enrollments", "classes")
END_OPS = frozenset({"date_ge", "date_gt"})
SHOWN = 3  # records named in the message
FILLED, LEFT_OUT = "filled", "left out"  # report.column_values.keep_out's counts
CACHED = 10_000  # values whose outcome is remembered per column (a status column holds a few)


@dataclass
class Watched:
    """An export column end-date conditions read: the profile's spelling, the conditions
    ("users where current") and, per table, the roles of the records their rules make (empty: any)."""

    source: str
    column: str
    conditions: list[str] = field(default_factory=list)
    roles: dict[str, set[str]] = field(default_factory=dict)
    any_role: set[str] = field(default_factory=set)  # tables a rule of which makes records of any role
    ends: bool = False  # an end-date condition reads it: the rows filled are the evidence
    judged: list[ConditionPlan] = field(default_factory=list)  # the others: the rows they leave out
    left_out: list[str] = field(default_factory=list)  # what they leave out, in the profile's words


def watched(plan: Plan, sources: Mapping[str, SourceFile]) -> dict[tuple[str, str], Watched]:
    """(source, column key) -> what reads it, for each column of an export the run has that a
    keep-out condition reads alone, a blank passing it (see the module's words)."""
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
                _note_condition(seen, cond, plan)
    return found


def _note_condition(seen: Watched, cond: ConditionPlan, plan: Plan) -> None:
    if cond.op in END_OPS:
        seen.ends = True
        return
    seen.judged.append(cond)
    what = absent.keeps_out(cond)
    if what and what not in seen.left_out:
        seen.left_out.append(what)


def _end_column(
    cond: ConditionPlan, rule: RulePlan, plan: Plan, sources: Mapping[str, SourceFile]
) -> tuple[tuple[str, str], str] | None:
    """((source, column key), the column as the profile spells it) of a condition reading one
    column of an export the run has, a blank passing it and a value able to fail it; None for any
    other condition."""
    if cond.op == "not_empty" or cond.routes or cond.optional or absent._blank_outcome(cond, plan) != "":
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


class Judge:
    """Whether a filled cell (stripped) of a watched column is evidence: any value of an end-date
    column, else one a condition reading it leaves out (remembered per value)."""

    def __init__(self, seen: Watched, plan: Plan) -> None:
        self.ends, self.conditions, self.plan = seen.ends, tuple(seen.judged), plan
        self.outcome: dict[str, bool] = {}

    def __call__(self, text: str) -> bool:
        if self.ends:
            return True
        found = self.outcome.get(text)
        if found is None:
            found = any(_fails(cond, text, self.plan) for cond in self.conditions)
            if len(self.outcome) < CACHED:
                self.outcome[text] = found
        return found


def _fails(cond: ConditionPlan, text: str, plan: Plan) -> bool:
    held = passes(cond, text, plan)
    return not (cond.keep_invalid_date if held is None else held)


@dataclass
class Tally:
    """An export's watched columns, counted as it is read: (position, the header's column, its judge)."""

    export: SourceFile
    columns: list[tuple[int, str, Callable[[str], bool]]]
    keys: list[str] = field(default_factory=list)  # each column's key, in the same order


def tallies(plan: Plan | None, sources: Mapping[str, SourceFile]) -> dict[str, Tally]:
    """By source, the watched columns to count on the export's first pass."""
    found: dict[str, Tally] = {}
    if plan is None:
        return found
    for (source, key), seen in sorted(watched(plan, sources).items()):
        export = sources[source]
        position = export.index[key]
        tally = found.setdefault(source, Tally(export, []))
        tally.columns.append((position, export.header[position], Judge(seen, plan)))
        tally.keys.append(key)
    return found


def counted(rows: Iterator[SourceRow], tally: Tally, values: ColumnValues) -> Iterator[SourceRow]:
    """The rows, the watched columns' filled cells and those left out counted on the way; recorded
    only once every row was read (a pass stopped early records nothing: the check reads it again)."""
    width = len(tally.columns)
    filled, left = [0] * width, [0] * width
    for row in rows:
        cells = row.cells
        for i, (position, _, judge) in enumerate(tally.columns):
            if position < len(cells) and (text := cells[position].strip()):
                filled[i] += 1
                left[i] += judge(text)
        yield row
    for i, (_, column, _) in enumerate(tally.columns):
        values.keep_out[tally.export.display, column, FILLED] += filled[i]
        values.keep_out[tally.export.display, column, LEFT_OUT] += left[i]


def note_loaded(tally: Tally, table: str, values: ColumnValues, con: Any) -> None:
    """`counted` for an export the columnar engine loaded as `table` (columns c0..)."""
    for position, column, judge in tally.columns:
        held = con.execute(
            f"SELECT trim(c{position}) AS v, count(*) FROM {table} WHERE trim(c{position}) <> '' GROUP BY v"
        ).fetchall()
        values.keep_out[tally.export.display, column, FILLED] += sum(int(n) for _, n in held)
        values.keep_out[tally.export.display, column, LEFT_OUT] += sum(int(n) for v, n in held if judge(str(v).strip()))


def tonight(
    sources: Mapping[str, SourceFile], values: ColumnValues, plan: Plan
) -> dict[str, dict[str, tuple[int, int]]]:
    """By source and column key: (rows filled, rows of evidence) tonight, as the first pass counted
    them; an export it did not count read once more."""
    counts: dict[str, dict[str, tuple[int, int]]] = {}
    for source, tally in tallies(plan, sources).items():
        display, held = tally.export.display, values
        if any((display, column, FILLED) not in held.keep_out for _, column, _ in tally.columns):
            held = ColumnValues()
            for _ in counted(iter_rows(tally.export, Report(max_examples=0), first_pass=False), tally, held):
                pass
        counts[source] = {
            key: (held.keep_out[display, column, FILLED], held.keep_out[display, column, LEFT_OUT])
            for key, (_, column, _) in zip(tally.keys, tally.columns, strict=True)
        }
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
    counts = tonight(sources, report.column_values, plan)
    then = last_filled(state)
    record = {source: {key: n for key, (_, n) in keys.items()} for source, keys in counts.items()}
    as_of = str(state.get("as_of") or str(state.get("published_at") or "")[:10])
    for (source, key), seen in sorted(watch.items()):
        before = then.get(source, {}).get(key, 0)
        export = sources[source]
        if before <= 0 or counts[source][key][0] or not report.rows_read.get(export.display):
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
        codes.code("keep-out-column-blanked"),
        where,
        column=seen.column,
        file=where.file,
        rows=f"{rows:,}",
        before=f"{before:,} row{'s' if before != 1 else ''}" + ("" if seen.ends else " with a value it leaves out"),
        what=_what(seen),
        as_of=as_of,
        readers=", ".join(seen.conditions),
        read="reads" if one else "read",
        count=count,
        records="record" if count == 1 else "records",
        examples="; ".join(first) + more,
    )


def _what(seen: Watched) -> str:
    """Whom the column leaves out: "people whose end date has passed", "rows that fail it
    (inactive student)"."""
    said = ["people whose end date has passed"] if seen.ends else []
    if seen.judged:
        said.append("rows that fail it" + (f" ({', '.join(seen.left_out)})" if seen.left_out else ""))
    return " or ".join(said)


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
