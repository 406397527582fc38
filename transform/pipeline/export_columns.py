"""The export columns a problem's place names: the header each output column is read from, as
the export spells it.

A problem is placed at the row its record was made of (file:line); its column must be one an
admin finds in that file's header (cc.txt's SectionID, not the output's classSourcedId; tester63
F4). A value read through a join (`student.Student_Number` on a cc.txt row) is named by the cells
of the row that joined it (StudentID): the row the place names holds them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from transform.profile import templates
from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef

from .read import SourceFile


def columns_read(plan: Plan, sources: Mapping[str, SourceFile] | None = None) -> dict[tuple[str, str], str]:
    """The export columns each rule reads into each output column, as a message names them
    ("First_Name, Mother"): by rule label and output column. With `sources`, each is spelled as
    its export's header has it, and a column the export lacks is named only when it lacks them
    all (D304 of a First Name the export leaves out). A column of fixed values reads none."""
    found: dict[tuple[str, str], list[str]] = {}
    for rules in plan.rules.values():
        for rule in rules:
            source = (sources or {}).get(rule.source)
            for column in (*rule.columns, *(c for _, group in rule.groups for c in group)):
                names = _names(rule, column, sources or {})
                keys = [(rule.label, column.name)]
                if rule.guardian is not None and source is not None:
                    keys.append((guardians_of(source.display), column.name))
                for key in keys:
                    said = found.setdefault(key, [])
                    said += [name for name in names if name not in said]
            if rule.guardian is not None and source is not None:
                for at, (_, group) in enumerate(rule.groups):
                    for column in group:  # the group's own: a father's blank name is Father First Name
                        names = _names(rule, column, sources or {})
                        found.setdefault((group_of(source.display, at), column.name), names)
    return {key: ", ".join(names) for key, names in found.items() if names}


def group_of(file: str, at: int) -> str:
    """How `columns_read` keys the guardians of `file`'s rows read from the `at`-th each group."""
    return f"{guardians_of(file)} group {at}"


def guardians_of(file: str) -> str:
    """How `columns_read` keys the guardians a file's rows make: derived guardians are one rule
    ("guardians") whatever rule read them, and known by the file their row is in."""
    return f"guardians {file}"


def columns_given(plan: Plan) -> frozenset[tuple[str, str]]:
    """The output columns each rule fills with a value of its own (`role: teacher`, `value:`, a
    setting), reading no export column: by rule label and column name."""
    return frozenset(
        (rule.label, column.name)
        for rules in plan.rules.values()
        for rule in rules
        for column in (*rule.columns, *(c for _, group in rule.groups for c in group))
        if not column.first_of and not column.span and not _refs(column)
    )


def _refs(column: ColumnPlan) -> tuple[FieldRef, ...]:
    # A column built only when the row gives it nothing (a fallback template: SDS v2's email of
    # {username}@domain) is read from its fallback's cells.
    return column.first_of or tuple(templates.fields(column.parts)) or tuple(templates.fields(column.fallback_parts))


def _names(rule: RulePlan, column: ColumnPlan, sources: Mapping[str, SourceFile]) -> list[str]:
    refs = _refs(column) or column.span
    written = list(dict.fromkeys(name for ref in refs for name in row_cells(rule, ref)))
    source = sources.get(rule.source)
    if source is None:
        return written
    held = [source.header[source.index[key]] for key in map(templates.normalize_column, written) if key in source.index]
    return list(dict.fromkeys(held)) or written


def row_cells(rule: RulePlan, ref: FieldRef, seen: frozenset[str] = frozenset()) -> Iterator[str]:
    """The cells of the rule's own row `ref` is read by: itself, or the key cells of its join."""
    if ref.alias is None:
        yield ref.column
        return
    join = rule.joins.get(ref.alias)
    if join is None or ref.alias in seen:  # {settings.X}, {out.X}: no cell of the row
        return
    for local in join.local:
        yield from row_cells(rule, local, seen | {ref.alias})
