"""The first-run error limit, counted by kind of user in an export that holds several kinds.

The safety gate refuses, on a first run too, a required export more than the removal limit of
whose rows errors left out (X915, pipeline.gate.check_complete). A OneRoster users.csv holds
the students, their parents and the staff in one file, told apart by its role column: parents
and staff, who have no school error, are about 60 % of its rows, so a blank orgSourcedIds on
24 % of the students (each left out, D304) was 10 % of the file and published at exit 0, where
a PowerSchool district, whose students are an export of their own, was refused from 11 %
(tester35 F3). On a second night the gate counts removed users by kind (X953); with no set to
compare with, this counts the export's rows by kind.

An export's rows are told apart by the routing conditions (`routes: true`) of the users rules
made from it, which read one column (`{role} equals student`): the values of that column are
counted as the export is read (report.column_values, pipeline.seen_values), so each kind's rows
are known without reading the export again; the lines errors left out are read again for
their kind only when they are enough to pass the limit of the smallest kind. A kind more than
the limit of whose rows errors left out (more than half with warnings) is refused (X922);
--allow-incomplete publishes it, said (X918).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from transform.pipeline.conditions import passes
from transform.pipeline.gate import WARNINGS_LIMIT, named
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.seen_values import LITERAL_OPS, kind_name
from transform.profile import templates
from transform.profile.compile import ConditionPlan, Plan
from transform.report import codes
from transform.report.codes import Code
from transform.report.problem import Where
from transform.report.report import Report


@dataclass(frozen=True, slots=True)
class Kinds:
    """An export's rows by kind: the column the users rules route on, and which of its values
    (stripped) each kind takes, with how many rows hold each value."""

    source: SourceFile
    column: str  # normalized key
    values: dict[str, Counter[str]]  # kind -> value -> rows

    def rows(self, kind: str) -> int:
        return sum(self.values[kind].values())


def by_kind(plan: Plan, sources: dict[str, SourceFile], report: Report) -> list[Kinds]:
    """Each export that feeds two users rules or more, each of which routes the export's rows to
    it by literal conditions on one and the same column of its own (the role column), with the
    rows of each kind the rules make: counted from the column's values (report.column_values).
    An export whose values were not counted (too many of them) is not one."""
    routing: dict[str, list[tuple[str, tuple[ConditionPlan, ...]]]] = {}
    for rule in plan.rules.get("users", ()):
        routes = tuple(c for c in rule.where if c.routes)
        if rule.source in sources and routes and not rule.once:
            routing.setdefault(rule.source, []).append((kind_name(rule) or rule.label, routes))
    found = []
    for name, rules in routing.items():
        source = sources[name]
        present = [key for key in _column({cond for _, routes in rules for cond in routes}) if key in source.index]
        if len({kind for kind, _ in rules}) < 2 or len(present) != 1:
            continue  # no column, or two a `{A|B}` reads in the export: its values by row are not counted
        column = present[0]
        counts = report.column_values.columns.get((source.display, source.header[source.index[column]]))
        if not counts:
            continue
        values: dict[str, Counter[str]] = {kind: Counter() for kind, _ in rules}
        for value, count in counts.items():
            for kind, routes in rules:
                if all(_routed(cond, value, plan) for cond in routes):
                    values[kind][value] += count
        found.append(Kinds(source, column, values))
    return found


def _column(conditions: set[ConditionPlan]) -> tuple[str, ...]:
    """The one own column the conditions read, each alone and with a literal operator (of a
    `{A|B}`, its alternatives: the one the export has is the column); () when they read another
    way (a joined row, a date, two columns)."""
    columns = set()
    for cond in conditions:
        refs = templates.lone(cond.parts)
        if cond.op not in LITERAL_OPS or not refs or any(ref.alias for ref in refs):
            return ()
        columns.add(tuple(ref.key for ref in refs))
    return columns.pop() if len(columns) == 1 else ()


def _routed(cond: ConditionPlan, value: str, plan: Plan) -> bool:
    """Whether a row holding `value` in the column passes the routing condition (as
    pipeline.mapping reads it: stripped, an empty cell passing where the condition allows it)."""
    return (not value and cond.allow_empty) or bool(passes(cond, value, plan))


def check_kinds_complete(
    plan: Plan, sources: dict[str, SourceFile], report: Report, *, limit: float, allow_incomplete: bool
) -> frozenset[str]:
    """Refuse (X922), on the first run as on any other, a set for which errors left out more than
    `limit` percent of one kind's rows of an export (errors and warnings: more than half), where
    the export as a whole was not refused for it (X915 said it, once). With --allow-incomplete,
    publish and say so (X918). Returned: the exports refused so."""
    left_out = report.left_out
    judged: set[str] = set()
    for kinds in by_kind(plan, sources, report):
        file = kinds.source.display
        total = report.rows_read.get(file, 0)
        limits = ((False, limit), (True, max(limit, WARNINGS_LIMIT)))
        if not total or any(left_out.error_rows(file, warnings=w) * 100 > cap * total for w, cap in limits):
            continue  # the whole file refused already (X915, or X918 with --allow-incomplete)
        for warnings, kind_limit in limits:
            rows = left_out.error_rows(file, warnings=warnings)
            top = left_out.top_error(file, warnings=warnings)
            if top is None:
                continue
            smallest = min((kinds.rows(kind) for kind in kinds.values if kinds.rows(kind)), default=0)
            if not smallest or rows * 100 <= kind_limit * smallest:
                continue  # too few lost to pass the limit of any kind: the export is not read again
            lost, first = _lost_by_kind(kinds, report, warnings=warnings)
            over = [
                kind for kind in kinds.values if kinds.rows(kind) and lost[kind] * 100 > kind_limit * kinds.rows(kind)
            ]
            for kind in over:
                _refuse(report, kinds, kind, lost[kind], first[kind], top, warnings, kind_limit, allow_incomplete)
            if over:
                judged.add(file)
                break  # errors and warnings together would say it again
    return frozenset(judged)


def _lost_by_kind(kinds: Kinds, report: Report, *, warnings: bool) -> tuple[Counter[str], dict[str, int]]:
    """The export's rows errors (and warnings) left out, by kind, and the first line of each:
    the export read again for the column alone."""
    left_out = report.left_out
    file = kinds.source.display
    bits = int.from_bytes(left_out.error_lines.get(file, b""), "little")
    if warnings:
        bits |= int.from_bytes(left_out.warning_lines.get(file, b""), "little")
    bits &= ~int.from_bytes(left_out.kept_lines.get(file, b""), "little")
    lines = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    lost: Counter[str] = Counter()
    first: dict[str, int] = {}
    for row in iter_rows(kinds.source, Report(max_examples=0), first_pass=False):
        at = row.line >> 3
        if at < len(lines) and lines[at] >> (row.line & 7) & 1:
            for kind, values in kinds.values.items():
                if row.get(kinds.column).strip() in values:
                    lost[kind] += 1
                    first.setdefault(kind, row.line)
    return lost, first


def _refuse(
    report: Report,
    kinds: Kinds,
    kind: str,
    lost: int,
    line: int,
    top: Code,
    warnings: bool,
    limit: float,
    allow_incomplete: bool,
) -> None:
    file = kinds.source.display
    total = kinds.rows(kind)
    said = "errors and warnings" if warnings else "errors"
    where = Where(file=file, line=line)
    if allow_incomplete:
        detail = f"{said} left out {lost} of the {total} rows of {kind} of {file}"
        report.add(codes.code("incomplete-allowed"), where, detail=detail)
        return
    column = kinds.source.header[kinds.source.index[kinds.column]]
    report.add(
        codes.code("export-kind-errors-over-limit"),
        where,
        file=file,
        kind=said,
        rows=lost,
        total=total,
        whom=kind,
        column=column,
        all=report.rows_read.get(file, 0),
        percent=round(lost * 100 / total, 1),
        limit=limit,
        top=named(report, top, file),
        top_id=top.id,  # its fix is the next step (report.summary.next_step)
    )
