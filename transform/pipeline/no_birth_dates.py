"""A demographics export that holds no birth date at all is no demographics source.

Remind's demographics.csv is a student's birth date (the remind target requires nothing else
of it, DESIGN.md §2), and the exports may not hold any: Microsoft's SDS classic layout and
Clever's students.csv make the birth-date column optional, and a district that does not send
birth dates (data minimisation) leaves it out or blank. Read row by row, every student was then
a demographics record left out for a missing birth date (D304), the file came out empty, and the
run was refused (X916) every night, while the same district with no demographics file at all
published with a note (D362): tester59 F2.

So, before any record is made, a demographics rule whose birth-date column the export lacks, or
holds blank on every row, is set aside: demographics.csv is written with its header only and
that is said once (D362, naming the column). Only a whole column: one filled on some rows keeps
its rule, and the students without a birth date are left out and judged as before (X915,
X916). A night after a set that had birth dates, losing them all this way is refused by the
birth-date gate (X989, pipeline.demographics_gate), as a column blanked is.
"""

from __future__ import annotations

from dataclasses import replace

from transform.pipeline.read import SourceFile, iter_rows
from transform.profile import templates
from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef
from transform.report.problem import TransformAbort
from transform.report.report import Report

TABLE, COLUMN = "demographics", "birthDate"
WHY = "no_birth_dates"  # report.facts: why the demographics rules were set aside (D362's words)


def set_aside(plan: Plan, sources: dict[str, SourceFile], report: Report) -> Plan:
    """The plan without the demographics rules whose export holds no birth date (their reason in
    report.facts[WHY]); the plan itself when every rule's export holds some, or the target does
    not require a birth date."""
    if COLUMN not in plan.target.required.get(TABLE, ()):
        return plan
    rules = plan.rules.get(TABLE, ())
    reasons = {rule.label: why for rule in rules if (why := _without_birth_dates(rule, sources))}
    if not reasons:
        return plan
    report.facts[WHY] = "; ".join(reasons.values())
    kept = tuple(rule for rule in rules if rule.label not in reasons)
    return replace(plan, rules={**plan.rules, TABLE: kept})


def _without_birth_dates(rule: RulePlan, sources: dict[str, SourceFile]) -> str:
    """Why the rule's export holds no birth date ("Student.csv has no column 'Birthdate'"), or ""."""
    source = sources.get(rule.source)
    column = next((c for c in rule.columns if c.name == COLUMN), None)
    if rule.guardian is not None or source is None or column is None or not source.header:
        return ""  # an export of 0 bytes is an empty export (X910), not one without birth dates
    refs = plain_refs(column)
    if not refs:
        return ""  # a template or a fixed value: not one column of the export
    present = [ref for ref in refs if ref.key in source.index]
    named = " or ".join(repr(ref.column) for ref in refs)
    if not present:
        return f"{source.display} has no column {named}"
    positions = [source.index[ref.key] for ref in present]
    if _blank_everywhere(source, positions):
        written = " and ".join(repr(source.header[p]) for p in positions)  # as the export writes it
        return f"{source.display}'s {written} {'is' if len(positions) == 1 else 'are'} blank on every row"
    return ""


def plain_refs(column: ColumnPlan) -> list[FieldRef]:
    """The export's own columns the output column is read from as they are, or [] when it is
    made any other way (a template of several cells, a fixed value, a fallback, a join)."""
    if column.fixed is not None or column.fallback or column.default:
        return []
    refs = column.first_of or templates.lone(column.parts)  # `{DOB|Birth Date}` as `[DOB, Birth Date]`
    if not refs or not all(ref.alias is None for ref in refs):
        return []
    return list(refs)


def _blank_everywhere(source: SourceFile, positions: list[int]) -> bool:
    """Whether the file has rows and every one is blank in all these cells. Read until the first
    value (on an ordinary export, its first row); a file the reader refuses is judged by the
    run's own read, not here."""
    rows = 0
    try:
        for row in iter_rows(source, Report(max_examples=0), first_pass=False):
            rows += 1
            if any(p < len(row.cells) and row.cells[p].strip() for p in positions):
                return False
    except TransformAbort:
        return False
    return rows > 0
