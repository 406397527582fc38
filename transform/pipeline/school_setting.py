"""A rule that writes every record at one fixed school while its export names other schools (P127).

A single-school SIS's profile gives each record the school from a setting
(`orgSourcedIds: {setting: school_id}`, as init-profile drafts it when no file lists the schools).
When the export's own school column holds other schools (ParentSquare's staff.csv: four people at
school 2, every student at school 1), those people were published at school 1 at exit 0, nothing
said (tester70 F3): parents of school 1 could find and message them. The column is one the profile
declares for the rule's export and no condition of the rule reads (one that does chooses its rows
by school), named as a school's column is (init-profile's words: school_id, School, Building);
its values are counted as the export is read (report.column_values, pipeline.seen_values.watched).
Said by check-profile --exports and by every run; a new profile's first set exits 1
(report.summary).
"""

from __future__ import annotations

from dataclasses import dataclass

from transform.profile.compile import Plan, RulePlan, _column_reads
from transform.profile.skeleton import SCHOOL_ID, squash
from transform.profile.templates import fields, normalize_column
from transform.report import codes
from transform.report.column_values import MAX_DISTINCT, ColumnValues
from transform.report.problem import Problem, Where

from .read import SourceFile

SCHOOL_FIELDS = ("orgSourcedIds", "schoolSourcedId")
VALUES_SHOWN = 5


@dataclass(frozen=True, slots=True)
class _Fixed:
    rule: RulePlan
    field: str
    school: str


def _fixed(plan: Plan) -> list[_Fixed]:
    """The students', staff, classes' and enrolments' rules writing their school as one fixed value."""
    found = []
    for table in ("users", "classes", "enrollments"):
        for rule in plan.rules.get(table, ()):
            if rule.guardian is not None or not rule.source:
                continue
            for column in rule.columns:
                if column.name in SCHOOL_FIELDS and column.literal:
                    found.append(_Fixed(rule, column.name, column.literal))
    return found


def _school_columns(plan: Plan, rule: RulePlan) -> set[str]:
    """The declared columns (as compared) of the rule's export named for a school that the rule reads nowhere."""
    source = plan.sources.get(rule.source)
    if source is None:
        return set()
    named = {normalize_column(c) for c in (*source.columns, *source.optional) if squash(c) in SCHOOL_ID}
    read = {ref.key for cond in rule.where for ref in fields(cond.parts) if ref.alias is None}
    read |= {key for column in rule.columns for key in _column_reads(column)}
    return named - read


def columns(plan: Plan) -> dict[str, frozenset[str]]:
    """By source, the school columns to count as the export is read (pipeline.seen_values.watched)."""
    found: dict[str, set[str]] = {}
    for fixed in _fixed(plan):
        found.setdefault(fixed.rule.source, set()).update(_school_columns(plan, fixed.rule))
    return {source: frozenset(keys) for source, keys in found.items() if keys}


def _same(value: str, school: str) -> bool:
    """One school written otherwise: letter case, leading zeros (01 for 1)."""
    return value.casefold().lstrip("0") == school.casefold().lstrip("0")


def unread(plan: Plan, sources: dict[str, SourceFile], values: ColumnValues) -> list[Problem]:
    """P127 for each school column of `columns` holding a school other than the rules' fixed one."""
    by_column: dict[tuple[str, str, str], list[_Fixed]] = {}
    for fixed in _fixed(plan):
        for key in sorted(_school_columns(plan, fixed.rule)):
            by_column.setdefault((fixed.rule.source, key, fixed.school), []).append(fixed)
    found: list[Problem] = []
    for (source, key, school), writers in by_column.items():
        export = sources.get(source)
        if export is None or key not in export.index:
            continue
        column = export.header[export.index[key]]
        if (export.display, column) not in values.columns:
            continue  # not read tonight
        counts = values.columns[(export.display, column)]
        if counts is None:
            others, shown = -1, f"more than {MAX_DISTINCT} values"
        else:
            other = {v: n for v, n in counts.items() if v and not _same(v, school)}
            if not other:
                continue
            order = sorted(other, key=lambda v: (-other[v], v))
            others = sum(other.values())
            more = f" and {len(order) - VALUES_SHOWN} more" if len(order) > VALUES_SHOWN else ""
            shown = ", ".join(f"{v!r}" for v in order[:VALUES_SHOWN]) + more
        rules = sorted({f.rule.label for f in writers})
        found.append(
            Problem(
                codes.code("school-column-unread"),
                Where(file=export.display, line=export.header_line, column=column),
                {
                    "file": export.display,
                    "column": column,
                    "values": shown,
                    "school": school,
                    "rows": f"{others:,}" if others >= 0 else "many",
                    "rules": ", ".join(rules),
                    "fields": ", ".join(sorted({f"{f.rule.label}.{f.field}" for f in writers})),
                },
            )
        )
    return found
