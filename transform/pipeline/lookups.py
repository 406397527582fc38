"""Small in-memory tables for joins: key -> the few columns some rule reads through it."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import Index, SourceRow


def build_index(
    rows: Iterable[SourceRow],
    *,
    source: str,
    key: tuple[str, ...],
    columns: tuple[str, ...],
    report: Report,
    repeats: bool = False,
    optional: bool = False,
) -> Index:
    """Hold only the key and the needed columns of each row. A key on several rows with the
    same needed values joins as one (D314); with different ones it joins nothing (D327): taking
    the first would put a student in another's classes, or a class in the wrong term, and which
    is first depends on the export's order. A join that reads nothing but its key (is there a
    teachers row for this staff ID?) finds the same on every row of a key: not reported; nor is
    a key repeated with the same values in a source that repeats keys by design (`repeats`:
    every join on it says `repeats: same`, a student listed once per enrolment). `optional`:
    every join on it is `required: false`, so a key that joins nothing leaves no row out."""
    index = Index(source, key, columns)
    conflicting: dict[Any, int] = {}  # key -> the line of the first row that differs from the first
    key_only = set(columns) <= set(key)
    for row in rows:
        row_key = tuple(row.get(k).strip() for k in key)
        if not all(row_key):
            continue
        held = row_key[0] if index.single_key else row_key
        value = row.get(columns[0]) if index.single_column else tuple(row.get(c) for c in columns)
        if held in index.rows:
            if key_only:
                continue
            same = index.rows[held] == value
            if not same:
                conflicting.setdefault(held, row.line)
            elif repeats:
                continue
            report.add(
                codes.code("join-key-duplicate" if same else "join-key-conflict"),
                Where(file=row.file, line=row.line),
                source=source,
                key="+".join(row_key),
                first_line=index.lines[held],
                effect=_conflict_effect(optional=optional, repeats=repeats),
            )
            continue
        index.rows[held] = value
        index.lines[held] = row.line
    for held, other in conflicting.items():
        del index.rows[held]
        index.conflicts[held] = (index.lines[held], other)
    index.lines.clear()  # only needed while building; the rows stay
    return index


def _conflict_effect(*, optional: bool, repeats: bool) -> str:
    """What a key on rows that differ does (D327), as the joins on it are written."""
    if optional:
        kept = "the rows joining on it are kept, without the values this export would give them"
    else:
        kept = "each row joining on it is left out as D300"
    rule = (
        "rows of a key repeated by design must agree (repeats: same)"
        if repeats
        else "the export must give one row per key"
    )
    return f"{kept}: {rule}"


def zero_twin(index: Index, key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The index's key that equals `key` once leading zeros are taken off each part ('300' for
    '0300': a spreadsheet or a SIS lost them on one side), or None. Joins stay exact: this only
    lets the report of a miss say what is there."""
    if index.unpadded is None:
        index.unpadded = {}
        for held in index.rows:
            parts = (held,) if index.single_key else held
            index.unpadded.setdefault(_unpadded(parts), parts)
    twin: tuple[str, ...] | None = index.unpadded.get(_unpadded(key))
    return twin if twin is not None and twin != key else None


def _unpadded(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.lstrip("0") or part[-1:] for part in parts)


_DIGIT_RUNS = re.compile(r"\d+")
ZERO_WIDTH = 6  # the widest a run of digits is padded to when a twin is looked for


def padded_twin(value: str, known: Callable[[str], bool]) -> str | None:
    """A known ID that equals `value` but for the leading zeros of its runs of digits ('0058-001'
    for '58-001': a spreadsheet took them off a part a template put together), or None. For the
    report of a reference that names nothing (V502); references stay exact."""
    runs = list(_DIGIT_RUNS.finditer(value))
    if not runs or len(runs) > 3:
        return None
    options = []
    for run in runs:
        bare = run.group().lstrip("0") or "0"
        padded = (bare.zfill(width) for width in range(len(bare) + 1, ZERO_WIDTH + 1))
        options.append(dict.fromkeys([run.group(), bare, *padded]))
    for combo in itertools.product(*options):
        if all(part == run.group() for part, run in zip(combo, runs, strict=True)):
            continue
        pieces, at = [], 0
        for part, run in zip(combo, runs, strict=True):
            pieces += [value[at : run.start()], part]
            at = run.end()
        candidate = "".join(pieces) + value[at:]
        if known(candidate):
            return candidate
    return None
