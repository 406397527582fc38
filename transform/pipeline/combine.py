"""One record per sourcedId for rules that list a person once per school (staff)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import MULTI_SEP, Draft

TERM_EXTRAS = ("term_start", "term_end", "term_name", "term_abbreviation")


def combine_rows(drafts: Iterable[Draft], *, lists: tuple[str, ...], report: Report) -> Iterator[Draft]:
    """Unite list columns, fill blanks from later rows; held in memory, so staff-sized only.
    Where two rows disagree, the lower value (in text order) is kept and the other reported,
    so that the rows' order in the export never decides (as for guardians, docs/identity.md)."""
    merged: dict[str, Draft] = {}
    kept_from: dict[tuple[str, str], int] = {}  # (sourcedId, column) -> line of the value kept
    for draft in drafts:
        key = draft.values.get("sourcedId", "")
        first = merged.get(key)
        if first is None or not key:
            merged[key or f"\0{len(merged)}"] = draft
            continue
        _add_terms(first, draft)
        for column, value in draft.values.items():
            if column in lists:
                have = first.values.get(column, "").split(",")
                new = [v for v in value.split(",") if v and v not in have]
                first.values[column] = ",".join([h for h in have if h] + new)
            elif not first.values.get(column):
                first.values[column] = value
                kept_from[key, column] = draft.origin.line
            elif value and value != first.values[column]:
                kept, other = sorted((first.values[column], value))
                if kept == value:  # this row's value is the lower one
                    first.values[column] = value
                    kept_from[key, column] = draft.origin.line
                report.add(
                    codes.code("combined-conflict"),
                    Where(draft.origin.file, draft.origin.line, column),
                    table=draft.table,
                    id=key,
                    field=column,
                    kept=kept,
                    value=other,
                    first_line=kept_from.get((key, column), first.origin.line),
                )
    yield from merged.values()


def _add_terms(first: Draft, draft: Draft) -> None:
    """A class combined from rows of several terms (a section per marking period) is in all of
    them: the term filter keeps it when one is current."""
    if not draft.extra.get("term_start") and not draft.extra.get("term_end"):
        return
    for key in TERM_EXTRAS:
        if key in first.extra:
            first.extra[key] += MULTI_SEP + draft.extra.get(key, "")
