"""A list column split at a separator tonight's cells never hold, while they hold another (review154 R3).

A column with `split: ";"` reads "sch-10;sch-20" as two values. An export that writes "sch-10,sch-20"
instead gives one item, glued: read through a map it is a value the map lacks (a default, a blank, or
the row left out: a student lost at exit 0), or a grade 'Other'. Said once per column (I232, a
warning a person looks at: exit 1) when no cell of the night held the profile's separator and some
held another common one, with a cell and its line; a column whose cells hold the profile's separator
on some rows is a list written so, its other cells a value holding that character, and is not said.
Both engines see every such cell: the generated code hands a list cell holding any of them to the
interpreter (`fastpath._items_mapper`), and the columnar engine takes no rule with a split column.
"""

from __future__ import annotations

from typing import Any

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

SEPARATORS = (",", ";", "|")  # the common list separators a SIS writes between a cell's values
SEEN = "list_separators"  # report.facts: "table.column" -> what its cells held tonight


def any_separator(value: str, split: str) -> bool:
    """Whether a list cell holds its separator or another common one (the generated code's test)."""
    return split in value or any(s in value for s in SEPARATORS)


def seen(report: Report, *, field: str, split: str, value: str, where: Where) -> None:
    """Note what one cell of a list column split at `split` holds: its separator, or only another."""
    said: dict[str, Any] = report.facts.setdefault(SEEN, {}).setdefault(
        field, {"split": split, "own": 0, "other": {}, "example": None}
    )
    if split in value:
        said["own"] += 1
        return
    other = next((s for s in SEPARATORS if s in value), None)
    if other is None:
        return
    said["other"][other] = said["other"].get(other, 0) + 1
    if said["example"] is None:
        said["example"] = {"file": where.file, "line": where.line, "column": where.column, "value": value}


def check(report: Report) -> None:
    """I232 for each list column whose cells held another separator and never the profile's."""
    for field, said in sorted(report.facts.get(SEEN, {}).items()):
        if said["own"] or not said["other"] or said["example"] is None:
            continue
        other, count = max(said["other"].items(), key=lambda item: (item[1], item[0]))
        example = said["example"]
        report.add(
            codes.code("list-separator-other"),
            Where(example["file"], example["line"], example["column"]),
            field=field,
            split=said["split"],
            other=other,
            count=count,
            value=example["value"],
        )
