"""A list column split at a separator tonight's cells never hold, while they hold another (review154 R3).

A column with `split: ";"` reads "sch-10;sch-20" as two values. An export that writes "sch-10,sch-20"
instead gives one item, glued: read through a map it is a value the map lacks (a default, a blank, or
the row left out: a student lost at exit 0), or an ID that names nothing. Said once per rule and
column (I232) when no cell of the night held the profile's separator and some held another common one,
with a cell and its line for each separator held; a column whose cells hold the profile's separator on
some rows is a list written so, its other cells a value holding that character, and is not said.

Exit 1 (a person looks, summary._LOOKED_AT_WHEN) only when a glued item did harm: it met a map's
default, drop or blank, or it is a reference (an ID column: orgSourcedIds, termSourcedIds, a join's
key) read as one ID. A plain text column ('English Language Arts; Reading' among subjects split at
',') or a map that keeps what it lacks is said, exit 0 (review165 R1: the bundled oneroster profile
exited 1 every night for an honest subject); so is a glued 'd-1,sch-10' kept whole (no map, or a map
keeping it) in an output list column, written comma-separated: the set split ',' gives (review170 R1).

Watched per rule (review165 R3: two rules reading two exports into one column, each with its own
split): the interpreter notes each cell (`seen`, `seen_join`); the generated code splits at its own
separator itself, marks only that it saw it (`watch`), and hands a cell holding another and not its
own to the interpreter (`fastpath._items_mapper`); the columnar engine takes no rule with a split
column, and a join with a split is the interpreter's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from transform.oneroster.spec import LIST_COLUMNS, is_id_column
from transform.profile.compile import MapPlan, Plan, RulePlan
from transform.profile.load import bundled_folder
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

SEPARATORS = (",", ";", "|")  # the common list separators a SIS writes between a cell's values
SEEN = "list_separators"  # report.facts: "rule label column" -> what its cells held tonight


def others(split: str) -> tuple[str, ...]:
    """The common separators other than the column's own."""
    return tuple(s for s in SEPARATORS if s != split)


def watch(report: Report, rule: RulePlan, name: str, split: str, *, join: bool = False) -> dict[str, Any]:
    """The night's note of one list column (or list join) `name` of one rule, made on first use."""
    notes: dict[str, Any] = report.facts.setdefault(SEEN, {}).get(f"{rule.label} {name}")
    if notes is None:
        column = next((c for c in rule.columns if c.name == name and not join), None)
        mapped = column.map.name if column is not None and column.map is not None else ""
        keeps = column is not None and column.map is not None and column.map.unmapped == "keep"
        notes = report.facts[SEEN][f"{rule.label} {name}"] = {
            "field": f"{rule.table}.{name}",
            "rule": rule.label,
            "name": name,
            "source": rule.source,
            "split": split,
            "map": mapped,
            "keep": keeps,
            "list": (rule.table, name) in LIST_COLUMNS,
            "join": join,
            "own": False,
            "other": {},
        }
    return notes


def harmed(item: str, *, column: str, plan: MapPlan | None, commas: bool = False) -> bool:
    """Whether a glued item read as one value did harm: a map lacking it wrote its default, a blank
    or left the row out, or the column is a reference (an ID) the glued value does not name.
    `commas`: the item holds ',' and goes to an output list column, written comma-separated: kept
    whole (no map, or a map keeping what it lacks) it is the list split ',' gives, byte for byte,
    unless the map would have turned one of its parts into another value (review170 R1)."""
    if plan is not None and plan.values.get(item.strip().casefold()) is not None:
        return False  # the map knows the whole cell: a value holding that character
    if plan is not None and plan.unmapped != "keep":
        return True
    if commas:
        parts = (part.strip() for part in item.split(","))
        return plan is not None and any(plan.values.get(part.casefold(), part) != part for part in parts if part)
    return is_id_column(column)


def seen(
    notes: dict[str, Any], *, value: str, where: Callable[[], Where], plan: MapPlan | None = None, found: bool = False
) -> None:
    """Note what one cell of the list column holds: its own separator, or only another (one example
    per separator, a harmful one first); `plan` the column's map, `found` (a join's) a row the whole
    cell names."""
    if notes["split"] in value:
        notes["own"] = True
        return
    for other in others(notes["split"]):
        if other in value:
            commas = other == "," and notes["list"]
            harm = not found if notes["join"] else harmed(value, column=notes["name"], plan=plan, commas=commas)
            said = notes["other"].setdefault(other, {"count": 0, "harm": 0, "example": None})
            said["count"] += 1
            said["harm"] += harm
            if said["example"] is None or (harm and not said["example"]["harm"]):
                at = where()
                said["example"] = {"file": at.file, "line": at.line, "column": at.column}
                said["example"] |= {"value": value, "harm": harm}
            return


def check(report: Report, plan: Plan) -> None:
    """I232 for each rule's list column whose cells held another separator and never its own."""
    for notes in sorted(report.facts.get(SEEN, {}).values(), key=lambda n: (n["field"], n["rule"])):
        if notes["own"] or not notes["other"]:
            continue
        for other, said in sorted(notes["other"].items()):
            example = said["example"]
            column = notes["name"]
            report.add(
                codes.code("list-separator-other"),
                Where(example["file"], example["line"], example["column"]),
                field=notes["field"],
                rule=notes["rule"],
                split=notes["split"],
                other=other,
                count=said["count"],
                value=example["value"],
                harm="yes" if said["harm"] else "",
                lost=_lost(said["harm"], column, notes, commas=other == "," and notes.get("list", False)),
                fix=_fix(plan, notes, column, other),
            )


def _lost(harm: int, column: str, notes: dict[str, Any], *, commas: bool) -> str:
    mapped = notes["map"]
    if not harm and commas and not notes["join"]:
        return (
            " (no harm: published whole in a comma-separated list column, it is the list split ',' gives; nothing lost)"
        )
    if not harm:
        return " (no harm seen: the column's text is published as the cell holds it)"
    if notes["join"]:
        return f" ({harm:,} a key that names no row: joined to nothing)"
    if mapped and notes.get("keep"):
        return f" ({harm:,} published unmapped: the map {mapped!r} would have changed a value it lists)"
    if mapped:
        return f" ({harm:,} a value map {mapped!r} lacks: its default, a blank, or the row left out)"
    return f" ({harm:,} an ID that names nothing: the link dropped)" if is_id_column(column) else ""


def key_readers(plan: Plan, data: dict[str, Any]) -> dict[tuple[str, str], dict[str, dict[str, Any]]]:
    """(rule label, list join alias) -> the profile's spec of each column reading the join's key cell
    (the classes' termSourcedIds under the term join): split at the join's old separator too, or it
    publishes the list glued and a clean refuses it (review170 R2: X915, D320)."""
    found: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for rule in (rule for rules in plan.rules.values() for rule in rules):
        written = ((data.get("tables") or {}).get(rule.table) or {}).get(rule.name) or {}
        for alias, join in ((a, j) for a, j in rule.joins.items() if j.split):
            keys = {ref.key for ref in join.local if ref.alias is None}
            readers = (
                c for c in rule.columns if {r.key for r in (*c.first_of, *fields(c.parts)) if r.alias is None} & keys
            )
            for column in readers:
                spec = (written.get("columns") or {}).get(column.name)
                spec = dict(spec) if isinstance(spec, dict) else {"column": str(spec)}
                found.setdefault((rule.label, alias), {})[column.name] = {k: v for k, v in spec.items() if k != "split"}
    return found


def _readers(plan: Plan, notes: dict[str, Any], other: str) -> str:
    """The columns reading a list join's key cell, each with the new split (review170 R2)."""
    specs = plan.key_readers.get((notes["rule"], notes["name"]), {}) if notes["join"] else {}
    dump = functools.partial(yaml.safe_dump, default_flow_style=True, sort_keys=False, width=1 << 16)
    flow = (f"{name}: {str(dump(spec)).strip()[:-1]}, split: {other!r}}}" for name, spec in specs.items())
    said = "; ".join(flow)
    return f", and under columns: the same split in each column reading its key cell: {said}" if said else ""


def _fix(plan: Plan, notes: dict[str, Any], column: str, other: str) -> str:
    """How to write the split: in the profile's own file, or, for a bundled profile, in a district
    profile extending it (docs/profiles.md, "A district override")."""
    place = plan.columns_at.get((notes["rule"], f"join {column}" if notes["join"] else column), "")
    path = place.rsplit(":", 2)[0] if place.count(":") >= 2 else place
    what = "the join's" if notes.get("join") else "the column's"
    if path and Path(path).resolve().is_relative_to(bundled_folder().resolve()):
        table, rule = notes["rule"].split(".", 1)
        return (
            f"the profile {plan.name!r} is bundled: write a district profile with extends: {plan.name} and, under "
            f"tables: {table}: {rule}: {'join' if notes['join'] else 'columns'}:, {column}: with {what} spec and "
            f"split: {other!r}{_readers(plan, notes, other)}"
        )
    return f"write split: {other!r} in {what} spec ({place or 'the profile'}){_readers(plan, notes, other)}"
