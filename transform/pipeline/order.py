"""Each written file's records in one defined order, whatever the order of the exports.

The same records must give the same bytes: a district's SIS writes its rows in whatever order
its query returns them, and a set that changes when nothing but that order changed looks like
a change to everyone reading it. The stages write records as they come (they stream), so once
a file is complete its records are sorted by their whole line, which begins with the sourcedId:
records sort by ID, and two records with one ID by what follows.

A written record is always one line (the writer removes line breaks from cells), so lines can
be sorted as bytes. A file larger than `CHUNK_BYTES` is sorted in chunks written to temporary
files beside it and merged, so memory stays bounded at the largest district.
"""

from __future__ import annotations

import heapq
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from transform.oneroster.spec import GRADES_CEDS, GRADES_REMIND, SET_LISTS

from .rows import Draft

CHUNK_BYTES = 32 << 20  # lines sorted at once (about 60 MB held as bytes objects)
_LINE_END = b"\r\n"
_GRADE_RANK = {grade: rank for rank, grade in enumerate(dict.fromkeys(("IT", "PR", *GRADES_REMIND, *GRADES_CEDS)))}


def parents_first(drafts: list[Draft], references: tuple[tuple[str, str], ...], table: str) -> list[Draft]:
    """A small table's records with each after the record of its own table it points to (a term
    after its school year), so that a reference is checked when its target is known whatever
    the export's order; otherwise as read. A cycle is left as read (its references fail)."""
    columns = [column for column, target in references if target == table]
    if not columns:
        return drafts
    ids = {draft.values.get("sourcedId", "") for draft in drafts}
    placed: set[str] = set()
    ordered: list[Draft] = []
    pending = drafts
    while pending:
        waiting = []
        for draft in pending:
            own = draft.values.get("sourcedId", "")
            parents = [draft.values.get(c, "") for c in columns]
            if all(not p or p == own or p not in ids or p in placed for p in parents):
                ordered.append(draft)
                placed.add(own)
            else:
                waiting.append(draft)
        if len(waiting) == len(pending):
            return ordered + waiting
        pending = waiting
    return ordered


def set_list_columns(table: str, columns: tuple[str, ...]) -> tuple[int, ...]:
    """Positions of the columns whose items the writer puts in order (spec.SET_LISTS)."""
    return tuple(at for at, column in enumerate(columns) if (table, column) in SET_LISTS)


def ordered_list(cell: str, *, grades: bool = False) -> str:
    """A list cell's items in the defined order: grades PK, KG, 01..12 (others after, by text);
    anything else by text."""
    if "," not in cell:
        return cell
    items = cell.split(",")
    if grades:
        items.sort(key=lambda grade: (_GRADE_RANK.get(grade, len(_GRADE_RANK)), grade))
    else:
        items.sort()
    return ",".join(items)


def sort_records(path: Path, *, chunk_bytes: int = CHUNK_BYTES) -> None:
    """Sort the records of a written CSV file (the header row stays first), in place."""
    with path.open("rb") as handle, ExitStack() as stack:
        header = handle.readline()
        runs: list[IO[bytes]] = []
        for chunk, last in _chunks(handle, chunk_bytes):
            chunk.sort()
            if last and not runs:  # the whole file in one chunk: the usual case
                _replace(path, header, iter(chunk))
                return
            run = stack.enter_context(tempfile.TemporaryFile(dir=path.parent, prefix=".sort-"))
            run.writelines(chunk)
            run.seek(0)
            runs.append(run)
        _replace(path, header, heapq.merge(*runs))


def _chunks(handle: IO[bytes], chunk_bytes: int) -> Iterator[tuple[list[bytes], bool]]:
    """The lines in chunks of about `chunk_bytes`, each with whether it is the last."""
    chunk: list[bytes] = []
    size = 0
    for line in handle:
        if not line.endswith(_LINE_END):  # the last line of a file not ending in a line break
            line = line.rstrip(b"\r\n") + _LINE_END
        chunk.append(line)
        size += len(line)
        if size >= chunk_bytes:
            yield chunk, False
            chunk, size = [], 0
    yield chunk, True


def _replace(path: Path, header: bytes, lines: Iterator[bytes]) -> None:
    partial = path.with_name(f".{path.name}.sorted")
    with partial.open("wb") as out:
        out.write(header)
        out.writelines(lines)
    partial.replace(path)
