"""Reading the files of a written OneRoster set (the staged folder, OUT, a --previous): one reader
for the gate and the checks after the writer. UTF-8, with or without a byte order mark (a set
hand-saved by a spreadsheet has one); quoted cells as the csv module reads them; a file that is
not there (or cannot be opened) holds no records. Each record is a row of cells beside the
position of its sourcedId (its header's, else the first column); a line holding no cell is no
record. Decoding is strict unless the caller asks otherwise: a damaged file is `set_damage`'s."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

ENCODING = "utf-8-sig"  # a written file's text: UTF-8, its byte order mark (if any) not a cell's


def opened(path: Path, errors: str = "strict") -> TextIO:
    """A written file open as text for the csv module (audit's folder reads it so too)."""
    return path.open(encoding=ENCODING, newline="", errors=errors)


def records(path: Path, header: list[str] | None = None, errors: str = "strict") -> Iterator[tuple[list[str], int]]:
    """Each record of a written file as its cells and the position of its sourcedId; `header`,
    when given, is filled with the file's header before the first record."""
    try:
        handle = opened(path, errors)
    except OSError:
        return
    with handle:
        reader = csv.reader(handle)
        names = next(reader, [])
        if header is not None:
            header[:] = names
        position = names.index("sourcedId") if "sourcedId" in names else 0
        for row in reader:
            if len(row) > position:
                yield row, position


def records_of(path: Path, column: str = "") -> Iterator[tuple[dict[str, str], str]]:
    """Each record of a written file as its values and sourcedId (only those holding `column`)."""
    header: list[str] = []
    for row, position in records(path, header):
        values = dict(zip(header, row, strict=False))
        if not column or values.get(column):
            yield values, row[position]


def columns(path: Path | None, *names: str, errors: str = "strict") -> Iterator[tuple[str, ...]]:
    """The named columns of each record of a written file ("" for a column it lacks or a short
    row's cell), without a dict per row."""
    if path is None:
        return
    header: list[str] = []
    at: list[int] = []
    for row, _ in records(path, header, errors):
        if not at:
            at = [header.index(name) if name in header else -1 for name in names]
        yield tuple(row[i] if 0 <= i < len(row) else "" for i in at)


def cells(text: str) -> list[str]:
    """A written line's cells (a row of the set is one line: no cell the writer writes holds a
    line break); a line without a quote is cut at its commas, the fast way."""
    return next(csv.reader([text])) if '"' in text else text.rstrip("\r\n").split(",")


@contextmanager
def lines(path: Path) -> Iterator[tuple[list[str], Iterator[tuple[int, str]]]]:
    """A written file's header and its other lines, each with its line number (from 2), uncut:
    for a reader that looks at few of them (`cells` cuts those)."""
    with opened(path) as handle:
        yield next(csv.reader([next(handle, "")]), []), enumerate(handle, 2)


@contextmanager
def rows(path: Path) -> Iterator[tuple[list[str], Iterator[list[str]]]]:
    """A written file's header and its other rows as the csv module reads them, unfiltered: for a
    reader of millions of rows (enrollments.csv) that maps them in C, no Python step per row."""
    with opened(path) as handle:
        reader = csv.reader(handle)
        yield next(reader, []), reader
