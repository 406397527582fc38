"""Records written in batches to a temporary file and read back in order: what a run would
otherwise hold in memory until a later step (the worker's enrolments, the guardians, the staff
enrolments)."""

from __future__ import annotations

import marshal
import pickle
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .rows import Draft, place_at

_BATCH = 4096  # entries written at once


class Spool:
    """Entries written in batches to a file (`_write_batch`), and read back."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.entries: list[tuple[Any, ...]] = []

    def put(self, entry: tuple[Any, ...]) -> None:
        self.entries.append(entry)
        if len(self.entries) >= _BATCH:
            self._dump()

    def _dump(self) -> None:
        _write_batch(self.handle, self.entries)
        self.entries.clear()

    def close(self) -> None:
        self._dump()
        self.handle.flush()
        self.handle.seek(0)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        for batch in _batches(self.handle):
            yield from batch


def _write_batch(handle: IO[bytes], batch: Any) -> None:
    """Marshalled (five times faster than pickle for tuples of strings) unless it holds what
    marshal cannot write; after a byte saying which and the length."""
    try:
        kind, data = b"m", marshal.dumps(batch)
    except ValueError:
        kind, data = b"p", pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
    handle.write(kind + len(data).to_bytes(8, "little"))
    handle.write(data)


def _batches(handle: IO[bytes]) -> Iterator[Any]:
    while header := handle.read(9):  # marshal.load would read a file a few bytes at a time
        data = handle.read(int.from_bytes(header[1:], "little"))
        yield marshal.loads(data) if header[:1] == b"m" else pickle.loads(data)


class HeldDrafts:
    """Records a stage validates or writes only at its end, waiting in a temporary file (at
    the largest district, a quarter of a million staff enrolments, 130k classes, a million
    students' demographics).

    A batch is written as columns (the values, the extras, each record's line and kind: its
    table, file and rule, a few per stage) rather than a tuple per record: a third less time
    on the way out and back, which every demographics record takes (pipeline.disagreeing)."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._handle = tempfile.TemporaryFile(dir=folder, prefix=".held-")  # noqa: SIM115
        self._kinds: dict[tuple[str, str, str], int] = {}  # (table, file, rule) -> its number
        self._values: list[dict[str, str]] = []
        self._extras: list[dict[str, str]] = []
        self._lines = array("q")
        self._numbers = array("q")  # of the kinds

    def __enter__(self) -> HeldDrafts:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._handle.close()

    def put(self, draft: Draft) -> None:
        origin = draft.origin
        kind = (draft.table, origin.file, draft.rule)
        number = self._kinds.get(kind)
        if number is None:
            number = self._kinds[kind] = len(self._kinds)
        self._values.append(draft.values)
        self._extras.append(draft.extra)
        self._lines.append(origin.line)
        self._numbers.append(number)
        if len(self._values) >= _BATCH:
            self._dump()

    def _dump(self) -> None:
        try:
            _write_batch(self._handle, (self._values, self._extras, self._lines.tobytes(), self._numbers.tobytes()))
        except OSError as exc:
            raise self._named(exc) from None
        self._values, self._extras, self._lines, self._numbers = [], [], array("q"), array("q")

    def _named(self, exc: OSError) -> OSError:
        """A write to the unnamed file fails with no file named: its folder is named, for X901 to
        say which disk is full (the system's temporary folder, not OUT's: tester52 F7)."""
        if exc.filename is not None:
            return exc
        return OSError(exc.errno, exc.strerror, str(self._folder))

    def drafts(self) -> Iterator[Draft]:
        """The records put, in order (once)."""
        self._dump()
        try:
            self._handle.flush()
        except OSError as exc:
            raise self._named(exc) from None
        self._handle.seek(0)
        kinds = list(self._kinds)
        for values, extras, lines, numbers in _batches(self._handle):
            for one, extra, line, number in zip(values, extras, array("q", lines), array("q", numbers), strict=True):
                table, file, rule = kinds[number]
                yield Draft(table, one, place_at(file, line), rule, extra)


def draft_to_entry(draft: Draft) -> tuple[Any, ...]:
    """A draft as a tuple of what marshal writes (its origin without the cells)."""
    return draft.table, draft.values, draft.origin.file, draft.origin.line, draft.rule, draft.extra


def draft_from_entry(entry: tuple[Any, ...]) -> Draft:
    table, values, file, line, rule, extra = entry
    return Draft(table, values, place_at(file, line), rule, extra)
