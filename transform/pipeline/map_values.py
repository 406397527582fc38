"""Is a mapped column the one the map is for? A profile line that reads grades from the
graduation-year column (`grades: {column: ClassOf, map: grades}`) writes every student's grade
as the map's default, Other: each row is one value not in the map (D302, a warning), and the
set is published at exit 0 (tester25 2.2). The column says it as a whole: not one of its values
is in the map.

Each column a rule reads whole through a map that writes something else for what it does not
hold (`unmapped: default` or `blank`, reported) is counted as its export is read, with the
columns conditions compare (pipeline.seen_values.watched, report.column_values), up to
MAX_DISTINCT values. Before anything is published, a column of at least MIN_VALUES non-blank
cells none of which the map holds refuses the run (X988), naming the column, the map, its first
values and the profile line that reads it. A district whose few values fail (a grade 13 among
1 to 12) stays as it was: each value is said (D302). Not counted: a map that keeps what it does
not hold (`unmapped: keep`, a language map of a few aliases before codes that are right), one
that leaves the row out (`drop`: the rows left out are counted by the gates that count rows),
one that says nothing (`report: false`), a column read from a template or from the first of
several columns (`column: [A, B]`, `{A|B}`), and a column of more values than MAX_DISTINCT.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from transform.profile import templates
from transform.profile.compile import ColumnPlan, MapPlan, Plan
from transform.profile.templates import FieldRef
from transform.report import codes
from transform.report.column_values import ColumnValues
from transform.report.problem import Problem, Where

from .read import SourceFile

MIN_VALUES = 10  # non-blank cells before a column is judged: a few failing are each said (D302)
SHOWN = 5  # the column's values listed in the message
CLASS_TABLES = ("classes", "enrollments", "academicSessions", "courses")
_YEAR = re.compile(r"(19|20)\d\d")
_GRADUATION_YEAR = "grade_from_graduation_year"


@dataclass(frozen=True, slots=True)
class MappedColumn:
    """A column of an export a rule reads whole through a map: the output field it fills, the
    rule's label and column (where the profile writes it: Plan.columns_at) and the map."""

    field: str  # users.grades
    rule: str  # users.students
    column: str  # grades (each group's: parent1.role)
    path: tuple[str, ...]  # tables.users.students.columns.grades
    map: MapPlan
    split: str  # the cell lists values separated by this: each is mapped


def columns(plan: Plan) -> dict[str, dict[str, MappedColumn]]:
    """source -> normalized export column -> the first rule column reading it through a map."""
    found: dict[str, dict[str, MappedColumn]] = {}
    for table, rules in plan.rules.items():
        if table not in plan.target.files or (plan.users_only and table in CLASS_TABLES):
            continue
        for rule in rules:
            at = ("tables", table, rule.name)
            every: list[tuple[tuple[str, ...], str, ColumnPlan]] = [(("columns",), "", c) for c in rule.columns]
            every += [(("each", group), f"{group}.", c) for group, specs in rule.groups for c in specs]
            for under, prefix, column in every:
                ref = _read_whole(column)
                if ref is None or not _judged(column.map):
                    continue
                if ref.alias is not None and ref.alias not in rule.joins:
                    continue  # {settings.X}: no export column
                source = rule.source if ref.alias is None else rule.joins[ref.alias].source
                assert column.map is not None
                mapped = MappedColumn(
                    f"{table}.{column.name}",
                    rule.label,
                    prefix + column.name,
                    (*at, *under, column.name),
                    column.map,
                    column.split,
                )
                if source:
                    found.setdefault(source, {}).setdefault(ref.key, mapped)
    return found


def _read_whole(column: ColumnPlan) -> FieldRef | None:
    """The one export column a rule column reads whole (`column: X`, or a template of one
    placeholder alone), or None (of several, `column: [A, B]` or `{A|B}`, not judged)."""
    refs = column.first_of or templates.lone(column.parts)
    return refs[0] if len(refs) == 1 else None


def _judged(mapping: MapPlan | None) -> bool:
    return mapping is not None and mapping.report and mapping.unmapped in ("default", "blank")


def refused(plan: Plan, sources: dict[str, SourceFile], values: ColumnValues) -> list[Problem]:
    """X988 for every mapped column of at least MIN_VALUES non-blank cells none of which is in
    its map."""
    problems = []
    every = columns(plan)
    for source in sources.values():
        for key, mapped in every.get(source.source, {}).items():
            if key not in source.index:
                continue
            column = source.header[source.index[key]]
            held = values.columns.get((source.display, column))
            if held is None:
                continue  # not read, or too many values to count
            cells = values_read(held, mapped.split)
            rows = sum(cells.values())
            if rows < MIN_VALUES or any(value.casefold() in mapped.map.values for value in cells):
                continue
            ranked = sorted(cells.items(), key=lambda pair: (-pair[1], pair[0]))
            seen = ", ".join(f"{value!r} ({count})" for value, count in ranked[:SHOWN])
            if len(ranked) > SHOWN:
                seen += f" and {len(ranked) - SHOWN} more"
            at = plan.columns_at.get((mapped.rule, mapped.column), "")
            default = repr(mapped.map.default) if mapped.map.unmapped == "default" else "a blank"
            problems.append(
                Problem(
                    codes.code("map-matches-no-value"),
                    Where(file=source.display, line=source.header_line, column=column),
                    {
                        "column": column,
                        "rows": rows,
                        "file": source.display,
                        "map": mapped.map.name,
                        "seen": seen,
                        "field": mapped.field,
                        "at": f" ({at})" if at else "",
                        "default": default,
                        "fix": _fix(mapped, cells),
                    },
                )
            )
    return problems


def values_read(held: Counter[str], split: str) -> Counter[str]:
    """The non-blank values the map reads, with their counts: each item of a list cell."""
    if not split:
        return Counter({value: count for value, count in held.items() if value})
    cells: Counter[str] = Counter()
    for value, count in held.items():
        for item in value.split(split):
            if item.strip():
                cells[item.strip()] += count
    return cells


def _fix(mapped: MappedColumn, cells: Counter[str]) -> str:
    """What to change: a column of years read as grades is read by the cleaner made for it."""
    if all(_YEAR.fullmatch(value) for value in cells) and mapped.field.endswith(".grades"):
        return (
            f"the column holds graduation years: read them with `map: null` and `clean: [{_GRADUATION_YEAR}]`, "
            f"or read {mapped.field} from the column that holds the grades"
        )
    return (
        f"read {mapped.field} from the column that holds what map {mapped.map.name!r} lists, or clean this "
        "one into those values; values that are right go into the map"
    )
