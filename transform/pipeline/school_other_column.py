"""Where a school the users name, and the set lacks, is in the schools export all the same.

An Aspen-shaped district's students name their school by its School OID while the orgs are keyed
on School ID: every student was left out (V502) and X976 said the school "is not in the schools
export (schools.csv)", though an admin who searches schools.csv finds it there, in its School OID
column; the codes that followed blamed the students' conditions and the contacts' IDs (tester69 F8).
As X811 finds a staff ID in another column of the staff export (other_id_column), each school
X976 names is looked for in every cell of the orgs rules' exports: found in a column the orgs'
sourcedId does not read, the users name their schools by another ID of the same export, and X976
says which column, and how the users rule reads the school's own ID through a join.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from transform.pipeline.read import SourceFile, iter_rows
from transform.profile.compile import Plan, RulePlan
from transform.profile.templates import fields
from transform.report.report import Report


@dataclass(frozen=True, slots=True)
class OtherColumn:
    """A school value found in a column of the schools export other than the one orgs key on."""

    export: str  # schools.csv
    column: str  # School OID: where the value was found
    keyed: str  # School ID: the column the orgs' sourcedId reads
    users: str  # students.csv: the export whose rows named it
    read: str  # School OID: the column of that export the users' orgSourcedIds reads
    step: str  # how the users rule reads the school's own ID instead


def find(
    plan: Plan, sources: Mapping[str, SourceFile], schools: Iterable[str], report: Report
) -> dict[str, OtherColumn]:
    """Each of `schools` found in a cell of an orgs rule's export outside its keyed column."""
    wanted = set(schools)
    found: dict[str, OtherColumn] = {}
    for rule in plan.rules.get("orgs", ()):
        export = sources.get(rule.source)
        keyed = _read(rule, "sourcedId", export)
        if export is None or not keyed or not wanted:
            continue
        for school, column in _search(export, wanted, keyed):
            users, read = report.schools_missing_at.get(school, ("", 0))[0], ""
            users_rule = _users_rule(plan, sources, users)
            if users_rule is not None:
                read = _read(users_rule, "orgSourcedIds", sources.get(users_rule.source))
            step = _step(users_rule, rule, export, column, keyed, users)
            found[school] = OtherColumn(export.display, column, keyed, users, read, step)
            wanted.discard(school)
    return found


def _search(export: SourceFile, wanted: set[str], keyed: str) -> Iterable[tuple[str, str]]:
    """(school, column) for each wanted value in a cell of a column other than `keyed`."""
    skip = export.index.get(_key(export, keyed), -1)
    seen: set[str] = set()
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        for position, cell in enumerate(row.cells):
            value = cell.strip()
            if value in wanted and value not in seen and position != skip and position < len(export.header):
                seen.add(value)
                yield value, export.header[position]


def _key(export: SourceFile, column: str) -> str:
    return next((key for key, position in export.index.items() if export.header[position] == column), "")


def _read(rule: RulePlan, name: str, export: SourceFile | None) -> str:
    """The export's header of the first column the rule's `name` reads from its own row."""
    spec = next((c for c in rule.columns if c.name == name), None)
    if spec is None or export is None:
        return ""
    for part in fields((*spec.parts, *spec.first_of)):
        if part.alias is None and part.key in export.index:
            return export.header[export.index[part.key]]
    return ""


def _users_rule(plan: Plan, sources: Mapping[str, SourceFile], file: str) -> RulePlan | None:
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source)
        if export is not None and export.display == file:
            return rule
    return None


def _step(users_rule: RulePlan | None, orgs: RulePlan, export: SourceFile, column: str, keyed: str, file: str) -> str:
    """Read the school's own ID through a join of the users' export to the schools on `column`:
    the rule's own join when it has one on that column, else one to write."""
    label = users_rule.label if users_rule is not None else "the users rule"
    joins = users_rule.joins.values() if users_rule is not None else ()
    key = _key(export, column)
    join = next((j for j in joins if j.source == orgs.source and key in j.remote), None)
    if join is not None:
        return f"read orgSourcedIds of {label} as {{{join.alias}.{keyed}}} (its join {join.alias} is on {column})"
    return (
        f"join {file or 'their export'} to {export.display} on {column} in {label} "
        f"(join: school: {{source: {orgs.source}, on: {{<its column>: {column}}}}}) and read orgSourcedIds "
        f"as {{school.{keyed}}}"
    )


def orgs_said(
    plan: Plan, sources: Mapping[str, SourceFile], report: Report, place: Callable[[tuple[str, ...]], str]
) -> str:
    """Report.orgs_keyed_otherwise: when nothing could be published for want of the schools (X903), and most
    schools the users name are values of another column of the schools export than the one the orgs'
    sourcedId reads, in words, with the orgs rule's place (tester89 T8: a Genesis profile keyed the orgs on
    stateSchoolCode, '34-2990-050', where every export names the school '050' of schoolCode, and X903's step
    was 'add the missing record to the export'); "" otherwise."""
    schools = [school for school, _ in report.schools_missing.most_common()]
    # Only the schools the keyed column does not hold: a school there is the export's to mend (its row left
    # out tonight, a name come blank), not the profile's (review204 R5).
    held = _keyed_values(plan, sources)
    found = find(plan, sources, [s for s in schools if s not in held], report) if schools else {}
    if not found or len(found) * 2 <= len(schools):
        return ""
    first = next(iter(found.values()))
    orgs = next((r for r in plan.rules.get("orgs", ()) if sources.get(r.source) is not None), None)
    if orgs is None:
        return ""
    at = place(("tables", "orgs", orgs.name, "columns", "sourcedId"))
    named = ", ".join(repr(school) for school in list(found)[:5])
    return (
        f"the exports name their schools by {first.column} of {first.export} ({named}), while {orgs.label} reads "
        f"the orgs' sourcedId from {first.keyed}{f' (profile {at})' if at else ''}: read it from {first.column}"
    )


def _keyed_values(plan: Plan, sources: Mapping[str, SourceFile]) -> set[str]:
    """The values of the column each orgs rule's sourcedId reads, on every row of its export."""
    values: set[str] = set()
    for rule in plan.rules.get("orgs", ()):
        export = sources.get(rule.source)
        position = export.index.get(_key(export, _read(rule, "sourcedId", export)), -1) if export is not None else -1
        if export is None or position < 0:
            continue
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            if position < len(row.cells):
                values.add(row.cells[position].strip())
    return values
