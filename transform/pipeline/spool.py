"""Records written in batches to a temporary file and read back in order: what a run would
otherwise hold in memory until a later step (the worker's enrolments, the guardians, the staff
enrolments)."""

from __future__ import annotations

import marshal
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .rows import Draft, place_at

_BATCH = 4096  # entries written at once


class Spool:
    """Entries written in batches to a file, and read back. A batch is marshalled (five times
    faster than pickle for tuples of strings) unless it holds what marshal cannot write."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.entries: list[tuple[Any, ...]] = []

    def put(self, entry: tuple[Any, ...]) -> None:
        self.entries.append(entry)
        if len(self.entries) >= _BATCH:
            self._dump()

    def _dump(self) -> None:
        try:
            kind, data = b"m", marshal.dumps(self.entries)
        except ValueError:
            kind, data = b"p", pickle.dumps(self.entries, protocol=pickle.HIGHEST_PROTOCOL)
        self.handle.write(kind + len(data).to_bytes(8, "little"))
        self.handle.write(data)
        self.entries.clear()

    def close(self) -> None:
        self._dump()
        self.handle.flush()
        self.handle.seek(0)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while header := self.handle.read(9):  # marshal.load would read a file a few bytes at a time
            data = self.handle.read(int.from_bytes(header[1:], "little"))
            yield from marshal.loads(data) if header[:1] == b"m" else pickle.loads(data)


class HeldDrafts:
    """Records a stage validates or writes only at its end, waiting in a temporary file (at
    the largest district, a quarter of a million staff enrolments, 130k classes)."""

    def __init__(self, folder: Path) -> None:
        self._spool = Spool(tempfile.TemporaryFile(dir=folder, prefix=".held-"))  # noqa: SIM115

    def __enter__(self) -> HeldDrafts:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._spool.handle.close()

    def put(self, draft: Draft) -> None:
        self._spool.put(draft_to_entry(draft))

    def drafts(self) -> Iterator[Draft]:
        """The records put, in order (once)."""
        self._spool.close()
        for entry in self._spool:
            yield draft_from_entry(entry)


def draft_to_entry(draft: Draft) -> tuple[Any, ...]:
    """A draft as a tuple of what marshal writes (its origin without the cells)."""
    return draft.table, draft.values, draft.origin.file, draft.origin.line, draft.rule, draft.extra


def draft_from_entry(entry: tuple[Any, ...]) -> Draft:
    table, values, file, line, rule, extra = entry
    return Draft(table, values, place_at(file, line), rule, extra)
