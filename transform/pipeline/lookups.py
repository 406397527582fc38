"""Small in-memory tables for joins: key -> the few columns some rule reads through it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import SourceRow


@dataclass(slots=True)
class Index:
    source: str
    key: tuple[str, ...]
    columns: tuple[str, ...]
    rows: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def find(self, key: tuple[str, ...]) -> dict[str, str] | None:
        found = self.rows.get(key)
        return None if found is None else dict(zip(self.columns, found, strict=True))


def build_index(rows: Iterable[SourceRow], *, source: str, key: tuple[str, ...],
                columns: tuple[str, ...], report: Report) -> Index:
    """Hold only the key and the needed columns of each row; the first row of a key wins."""
    index = Index(source, key, columns)
    for row in rows:
        row_key = tuple(row.get(k).strip() for k in key)
        if not all(row_key):
            continue
        if row_key in index.rows:
            report.add(codes.code("join-key-duplicate"), Where(file=row.file, line=row.line),
                       source=source, key="+".join(row_key), first_line=index.lines[row_key])
            continue
        index.rows[row_key] = tuple(row.get(c) for c in columns)
        index.lines[row_key] = row.line
    index.lines.clear()  # only needed while building; the rows stay
    return index
