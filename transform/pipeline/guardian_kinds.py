"""A contacts export's column typing its contacts, read by no condition of the rule (V619).

Genesis-shaped contacts exports type each row: Contact Type GUARDIAN, EMERGENCY, NON-EMERGENCY,
STUDENT, beside a Relationship (Mother, Grandmother, Neighbor). A rule telling parents by the
relationship alone publishes every emergency contact whose relationship its role map takes: a
district whose custodial grandmothers are mapped as guardians linked 77 emergency grandmothers at
exit 0, nothing said (tester67 F4). The relationship says nothing wrong (V559 judges it): the
type column does, and no condition read it.

The columns are those the district declares for the rule's export (sources: columns), counted as
the export is read (report.column_values: a column of more than MAX_DISTINCT values is no type).
Said, as I274 is, by check-profile --exports and by every run, a new profile's first set exiting 1
(report.summary); a profile that reads the column in any condition or column is never told.
"""

from __future__ import annotations

from transform.profile.compile import ConditionPlan, Plan, RulePlan, _column_reads
from transform.profile.templates import fields, normalize_column
from transform.report import codes
from transform.report.column_values import ColumnValues
from transform.report.link_relations import NOT_GUARDIAN
from transform.report.problem import Problem, Where

from .read import SourceFile

MIN_ROWS = 3  # rows typed emergency: fewer are a clerk's stray value


def _rules(plan: Plan) -> list[RulePlan]:
    """The guardians rules of a row per contact (not `each` groups of a student's row)."""
    return [r for r in plan.rules.get("users", ()) if r.guardian is not None and not r.groups and r.source]


def _reads(rule: RulePlan) -> set[str]:
    """The export columns (as compared) the rule reads anywhere: a condition, a column, its links."""
    assert rule.guardian is not None
    guardian = rule.guardian
    conditions: list[ConditionPlan] = [*rule.where, *guardian.link_where, *guardian.phone_kinds]
    found = {ref.key for cond in conditions for ref in fields(cond.parts) if ref.alias is None}
    columns = [*rule.columns, guardian.student, *([guardian.contact] if guardian.contact else [])]
    found |= {key for column in columns for key in _column_reads(column)}
    found |= {ref.key for ref in fields(guardian.household) if ref.alias is None}
    return found


def columns(plan: Plan) -> dict[str, frozenset[str]]:
    """By source, the declared columns of a guardians rule's export the rule never reads: counted
    as the export is read (pipeline.seen_values.watched)."""
    found: dict[str, set[str]] = {}
    for rule in _rules(plan):
        source = plan.sources.get(rule.source)
        if source is None:
            continue
        declared = {normalize_column(c) for c in (*source.columns, *source.optional)}
        found.setdefault(rule.source, set()).update(declared - _reads(rule))
    return {source: frozenset(keys) for source, keys in found.items()}


def unread(plan: Plan, sources: dict[str, SourceFile], values: ColumnValues) -> list[Problem]:
    """V619 for each column of `columns` whose values say emergency, pickup or doctor on MIN_ROWS
    rows or more."""
    found: list[Problem] = []
    for rule in _rules(plan):
        export = sources.get(rule.source)
        if export is None:
            continue
        unread_keys = columns(plan).get(rule.source, frozenset()) - _reads(rule)
        for key in sorted(unread_keys):
            if key not in export.index:
                continue
            column = export.header[export.index[key]]
            counts = values.columns.get((export.display, column))
            said = {v: n for v, n in (counts or {}).items() if v and NOT_GUARDIAN.search(v)}
            if sum(said.values()) < MIN_ROWS:
                continue
            order = sorted(said, key=lambda v: (-said[v], v))
            found.append(
                Problem(
                    codes.code("guardian-kind-unread"),
                    Where(file=export.display, line=export.header_line, column=column),
                    {
                        "rule": rule.label,
                        "file": export.display,
                        "column": column,
                        "words": ", ".join(f"{v!r} ({said[v]:,} rows)" for v in order),
                        "relation": _relation(rule),
                        "condition": _condition(column, order),
                    },
                )
            )
    return found


def _relation(rule: RulePlan) -> str:
    role = next((c for c in rule.columns if c.name == "role"), None)
    read = list(_column_reads(role).values()) if role is not None else []
    return ", ".join(read) if read else "role"


def _condition(column: str, values: list[str]) -> str:
    """The link_where condition leaving the contacts so typed unlinked, as a profile writes it."""
    return (
        f'not_emergency: {{field: "{{{column}}}", op: not_in, value: [{", ".join(values)}], reason: emergency-contact}}'
    )
