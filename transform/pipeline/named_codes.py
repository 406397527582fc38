"""A guard's word that names one of the school codes its column holds: the school it exists to leave out.

`{Bldg} not_in [SUMMER]` on an export whose buildings are numbers leaves out no row. That alone says
nothing: a district with no summer school tonight guards against one rightly (review145 R1, three
numbered schools none of which is a summer school), as a homeroom guard `not_in [TBD, UNASSIGNED]`
leaves out the unplaced students of another night (tester76 D1). What does say it is the schools export
naming one of the codes the column holds with the guard's word (Buildings.csv: 900, Summer School):
the school is there, written 900, and its students are published (review153 R5: 8 summer-school
students, I264 a warning, exit 0). So I264 of such a guard, one of the district's own, asks on a first
set (summary._checked), naming the code and its name.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields
from transform.report.report import Report

from .read import SourceFile, iter_rows

# The output columns that name a record's school, by the orgs' sourcedId.
SCHOOL_COLUMNS = ("orgSourcedIds", "schoolSourcedId")
MIN_WORD = 2  # a single letter (an initial) names nothing


def found(
    plan: Plan,
    rule: RulePlan,
    keys: Iterable[str],
    wanted: Iterable[str],
    held: Counter[str],
    sources: Mapping[str, SourceFile],
) -> tuple[str, str, str] | None:
    """(code, name, where) of the first code `held` (the guard's column's values) that an orgs rule's
    export names with one of `wanted` (the guard's values) as a word of its name, when the rule (`rule`)
    writes its school from that column (`keys`); None otherwise. Where: 'Buildings.csv's BldgName'."""
    if not any(_reads(column, set(keys)) for column in rule.columns if column.name in SCHOOL_COLUMNS):
        return None
    codes = {value.strip().casefold() for value in held if value.strip()}
    words = [re.compile(rf"\b{re.escape(w.strip())}\b", re.IGNORECASE) for w in wanted if len(w.strip()) >= MIN_WORD]
    if not codes or not words:
        return None
    for orgs in plan.rules.get("orgs", ()):
        export = sources.get(orgs.source) if orgs.source else None
        keyed, named = _own(orgs, "sourcedId", export), _own(orgs, "name", export)
        if export is None or len(keyed) != 1 or not named:
            continue
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            code, name = _cell(row.cells, keyed[0]), " ".join(_cell(row.cells, at) for at in named).strip()
            if code.casefold() in codes and any(word.search(name) for word in words):
                columns = ", ".join(export.header[at] for at in named)
                return code, name, f"{export.display}'s {columns}"
    return None


def _reads(column: ColumnPlan, keys: set[str]) -> bool:
    refs = fields((*column.parts, *column.first_of))
    return column.map is None and any(ref.alias is None and ref.key in keys for ref in refs)


def _own(rule: RulePlan, name: str, export: SourceFile | None) -> list[int]:
    """The positions of the export's cells the rule's column `name` reads from its own row."""
    spec = next((c for c in rule.columns if c.name == name), None)
    if spec is None or export is None or spec.fixed is not None or spec.map is not None:
        return []
    refs: list[FieldRef] = list(fields((*spec.parts, *spec.first_of)))
    if any(ref.alias is not None or ref.key not in export.index for ref in refs):
        return []
    return [export.index[ref.key] for ref in refs]


def _cell(cells: list[str], position: int) -> str:
    return cells[position].strip() if position < len(cells) else ""
