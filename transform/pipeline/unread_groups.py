"""A person's column group of a students export that no rule reads, beside groups a guardians
rule reads (P125).

A student's row naming a mother, a father and a parent of a second household (Alt Parent First
Name, Alt Parent Email, Alt Parent Cell) is read by a guardians rule with an `each` group per
person. A rule written for two of them publishes the third nowhere, nothing said: 38 parents
of a second household were missing from a first set at exit 0 (tester69 F3), the draft's
`sources:` even listing the columns no rule read. The groups are recognised as init-profile
drafts them (profile.person_columns), from the export's header; the cells of their email and
phone columns filled are counted as the export is read (report.column_values.filled), in both
engines. Said, as V619 is, by check-profile --exports and by every run: a new profile's first
set holding such contact points on many rows exits 1 (report.summary).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from transform.profile.compile import ConditionPlan, Plan, RulePlan, _column_reads
from transform.profile.load import bundled_folder
from transform.profile.person_columns import Person, people
from transform.profile.templates import fields
from transform.report import codes
from transform.report.column_values import ColumnValues
from transform.report.problem import Problem, Where

from .read import SourceFile, header_key
from .rows import SourceRow


def guardian_sources(plan: Plan) -> set[str]:
    """The exports a guardians rule reads people from by `each` groups of a student's row."""
    return {r.source for r in plan.rules.get("users", ()) if r.guardian is not None and r.groups and r.source}


def _rule_reads(rule: RulePlan) -> set[str]:
    """The columns (as compared) a rule reads from its own rows, and as `alias.key` through a join."""
    guardian = rule.guardian
    conditions: list[ConditionPlan] = [*rule.where, *(guardian.link_where + guardian.phone_kinds if guardian else ())]
    columns = [*rule.columns, *(c for _, group in rule.groups for c in group)]
    columns += [guardian.student, *([guardian.contact] if guardian.contact else [])] if guardian else []
    conditions += [c.when for c in columns if c.when is not None]
    found = {
        f"{ref.alias.casefold()}.{ref.key}" if ref.alias else ref.key for c in conditions for ref in fields(c.parts)
    }
    found |= {key for column in columns for key in _column_reads(column)}
    if guardian is not None:
        found |= {ref.key for ref in fields(guardian.household) if ref.alias is None}
    return found


def _reads(plan: Plan, source: str) -> set[str]:
    """The columns of `source` (as compared) any rule of the plan reads, from its rows or joined."""
    found: set[str] = set()
    for rule in (r for rules in plan.rules.values() for r in rules):
        reads = _rule_reads(rule)
        if rule.source == source:
            found |= {key for key in reads if "." not in key or key.split(".", 1)[0] not in rule.joins}
        for alias, join in rule.joins.items():
            if join.source == source:
                found |= {key.split(".", 1)[1] for key in reads if key.startswith(f"{alias.casefold()}.")}
    return found


def _unread(plan: Plan, export: SourceFile) -> list[Person]:
    """The people of the export's header whose columns no rule reads, beside people a rule reads."""
    found = [p for p in people(list(export.header)) if p.counts and p.points]
    reads = _reads(plan, export.source)
    read = [p for p in found if any(header_key(c) in reads for c in p.columns)]
    return [p for p in found if read and p not in read]


def watched(plan: Plan | None, export: SourceFile) -> frozenset[str]:
    """The contact-point columns (as compared) of the people no rule reads, to count as read."""
    if plan is None or export.source not in guardian_sources(plan):
        return frozenset()
    keys = {header_key(c) for person in _unread(plan, export) for c in person.points}
    return frozenset(k for k in keys if k in export.index)


def counted(
    rows: Iterator[SourceRow], export: SourceFile, keys: frozenset[str], values: ColumnValues
) -> Iterator[SourceRow]:
    """The rows, the filled cells of the `keys` columns counted on the way."""
    watching = [(export.index[key], export.header[export.index[key]]) for key in sorted(keys)]
    filled = [0] * len(watching)
    try:
        for row in rows:
            for at, (position, _) in enumerate(watching):
                if position < len(row.cells) and row.cells[position].strip():
                    filled[at] += 1
            yield row
    finally:
        for (_, column), count in zip(watching, filled, strict=True):
            values.add_filled(export.display, column, count)


def unread(plan: Plan, sources: dict[str, SourceFile], values: ColumnValues) -> list[Problem]:
    """P125 for each person of a guardians rule's export no rule reads, whose email or phone
    columns are filled on a row or more."""
    found: list[Problem] = []
    for source in sorted(guardian_sources(plan)):
        export = sources.get(source)
        if export is None:
            continue
        rule = next(r for r in plan.rules["users"] if r.source == source and r.guardian is not None and r.groups)
        for person in _unread(plan, export):
            filled = {c: values.filled.get((export.display, c), 0) for c in person.points}
            rows = max(filled.values(), default=0)
            if rows == 0:
                continue
            found.append(
                Problem(
                    codes.code("contact-group-unread"),
                    Where(file=export.display, line=export.header_line, column=person.points[0]),
                    {
                        "file": export.display,
                        "columns": ", ".join(person.columns),
                        "points": ", ".join(f"{c} ({n:,} rows)" for c, n in filled.items() if n),
                        "rows": rows,
                        "rule": rule.label,
                        "groups": ", ".join(name for name, _ in rule.groups),
                        "group": _group(person),
                        "bundled": _bundled(plan.columns_at.get((rule.label, "each"), "")),
                    },
                )
            )
    return found


def _bundled(place: str) -> bool:
    """Whether a profile place (file:line:col) is in a profile bundled with the tool: its groups leave the
    export's other person columns unread on purpose (reviewer70 F2: PowerSchool's GuardianEmail, every
    parent's email in one cell)."""
    path = place.rsplit(":", 2)[0] if place.count(":") >= 2 else place
    return bool(path) and Path(path).resolve().is_relative_to(bundled_folder().resolve())


def _group(person: Person) -> str:
    """The `each` group reading the person, as a profile writes it on one line."""
    names = (
        [f"givenName: {_read(person.given)}, familyName: {_read(person.family)}"]
        if person.given and person.family
        else [f"givenName: {_read(person.whole, 'name_given')}, familyName: {_read(person.whole, 'name_family')}"]
    )
    points = [f"email: {_read(person.email, 'email')}"] if person.email else []
    if person.phones:
        points.append(f"phone: {{column: [{', '.join(json.dumps(p) for p in person.phones)}], clean: [phone]}}")
    return f"{person.label}: {{{', '.join([*names, *points, f'role: {person.role}'])}}}"


def _read(column: str | None, cleaner: str = "name") -> str:
    return f"{{column: {json.dumps(column)}, clean: [{cleaner}]}}"


def note_loaded(export: SourceFile, table: str, keys: frozenset[str], values: ColumnValues, con: Any) -> None:
    """`counted` for an export the columnar engine loaded as `table` (columns c0..)."""
    for key in sorted(keys):
        position = export.index[key]
        (rows,) = con.execute(f"SELECT count(*) FROM {table} WHERE trim(c{position}) <> ''").fetchone()
        values.add_filled(export.display, export.header[position], int(rows))
