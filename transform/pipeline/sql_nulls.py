"""An export that writes SQL's NULL marker in its empty cells, read as blank in every column.

SQL Server Management Studio's "Save Results As" CSV (how a district saves a query of its SIS's
tables: Aeries, eSchoolPLUS) writes the word NULL in every cell the query found no value for.
Read as text, that word became a username shared by every student without one, a middle name
'NULL' for every student, a phone or email 'NULL' (tester74 T1). The file, not the cell, says
whether NULL is a marker: a file writes it so in a column where the word cannot be data (beside
numbers, dates, IDs or emails: every other value of the column holds a digit or an @), or in a
column that holds nothing else on every row (at least two: no name or code is so; reviewer147 R3,
an inactive tag NULL on every row). Then every cell of the file that is exactly NULL reads as
blank, in every column (I227, once per file); a family name 'Null' in a file without the marker
stays a name. A file the last published set read so (last.json's `sql_nulls`, by export) is
read so while it holds a cell of exactly NULL: the evidence filled in, its other columns' NULL
do not become data again the next night (reviewer147 R1). A column that alone fills a given or
family name keeps NULL as written (reviewer147 R2: blank, the person is left out). The reader
(`read.iter_rows`) blanks the cells for the Python engines, the columnar engine's view of the
file does it in SQL: every engine reads the same cells.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transform.profile import templates

if TYPE_CHECKING:
    from transform.profile.compile import Plan

MARKER = "NULL"
# a cell of exactly the marker, in a file's bytes: between delimiters, quotes or line ends (a
# header NULLABLE, an email null.set@..., a name Nullman are not, and cost no read of the rows)
_CELL_BYTES = re.compile(rb'(?:^|[\n,;\t|"])NULL(?=[\r\n,;\t|"]|$)')
TAIL = 5  # bytes kept of a window for the next: a delimiter and the marker across two reads


def in_bytes(window: bytes) -> bool:
    """Whether a window of a file's bytes (ASCII-compatible) holds a cell of exactly the marker."""
    return _CELL_BYTES.search(window) is not None


def in_utf16(path: Path, encoding: str) -> bool:
    """Whether a UTF-16 file holds the marker as a cell (its bytes searched as `in_bytes` does)."""
    order = "utf-16-be" if encoding == "utf-16-be" else "utf-16-le"
    with path.open("rb") as handle:
        data = handle.read()
    if encoding == "utf-16" and data[:2] == b"\xfe\xff":
        order = "utf-16-be"
    word = MARKER.encode(order)
    return word in data and any(_cell_at(data, at, order) for at in _found(data, word))


def _cell_at(data: bytes, at: int, order: str) -> bool:
    """Whether the marker found at byte `at` of UTF-16 text is a cell of its own."""
    return in_bytes(data[max(0, at - 2) : at + 10].decode(order, "replace").encode("utf-8", "replace"))


def _found(data: bytes, word: bytes) -> Iterator[int]:
    at = data.find(word)
    while at >= 0:
        yield at
        at = data.find(word, at + 1)


KEY = "sql_nulls"  # last.json: the exports (by source) whose NULL the last published set read as the marker
NAMES_KEPT = frozenset({"givenName", "familyName"})  # required names: NULL there is kept as written
_WHOLE_AT_LEAST = 2  # a column holding the marker on every row is evidence from this many rows on


@dataclass(frozen=True, slots=True)
class Marked:
    """What a file holds of the marker: how many cells, in which columns (header names, in the
    file's order), and the column that shows it is a marker (the word cannot be data there)."""

    cells: int
    columns: tuple[str, ...]
    evidence: str
    why: str  # how the evidence column shows it
    kept: tuple[tuple[str, int], ...] = ()  # the required names' columns holding it, kept as written: cells each


_BLOCK = 4096  # rows judged a block at a time: each column's cells counted by C, not cell by cell
_SEP = "\x00"  # begins each of a block's cells of one column, for the searches below (no export cell holds it)
# a cell that holds a value other than the marker ...
_VALUE = re.compile(r"\x00(?!NULL(?:\x00|$))[^\x00]*?[^\s\x00]")
# ... and one of those that holds no digit nor @: a word (a name, a code) may be data in its column
_WORD = re.compile(r"\x00(?!NULL(?:\x00|$))[^\d@\x00]*?[^\d@\s\x00][^\d@\x00]*(?=\x00|$)")


class _Column:
    __slots__ = ("digitless", "marked", "others")

    def __init__(self) -> None:
        self.marked = 0  # cells exactly NULL
        self.others = False  # another cell holds a value
        self.digitless = False  # one of those holds no digit nor @: a word (a name, a code) may be data here

    def count(self, cells: Sequence[str]) -> None:
        self.marked += cells.count(MARKER)
        if self.digitless:
            return
        text = _SEP + _SEP.join(cells)  # each cell after a separator: the searches start at one
        self.others = self.others or _VALUE.search(text) is not None
        self.digitless = self.others and _WORD.search(text) is not None


def judged(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, remembered: bool = False, kept: Collection[str] = ()
) -> Marked | None:
    """The marker a file's rows hold, or None when it holds none or only where it may be data.
    `remembered`: the last published set read this export's NULL as the marker (last.json's
    `sql_nulls`): a cell of exactly NULL is the marker still, whatever column holds it tonight
    (reviewer147 R1: the one NULL beside emails filled in, the middle names' NULL published).
    `kept`: the columns (header names) whose NULL is kept as written (`names_read`): no evidence,
    not counted with the cells read blank."""
    columns = [_Column() for _ in header]
    width = len(columns)
    for block in _blocks(rows, width):
        for column, cells in zip(columns, zip(*block, strict=True), strict=True):
            column.count(cells)
    held = [(name, column) for name, column in zip(header, columns, strict=True) if column.marked]
    marked = [(name, column) for name, column in held if name not in kept]
    if not marked:
        return None
    most = sorted(marked, key=lambda named: -named[1].marked)  # the column holding it most says it
    beside_digits = [(name, c) for name, c in most if c.others and not c.digitless]
    whole = [(name, c) for name, c in most if not c.others and c.marked >= _WHOLE_AT_LEAST]
    if beside_digits:
        name, column = beside_digits[0]
        evidence, why = name, f"on {column.marked} row(s) beside values with digits or @: numbers, dates, IDs, emails"
    elif whole:
        name, column = whole[0]
        evidence, why = name, f"on every one of its {column.marked} rows, as no name or code is"
    elif remembered:
        name, column = most[0]
        evidence, why = name, f"on {column.marked} row(s), and the last published set read this export's NULL so"
    else:
        return None
    names = tuple((name, c.marked) for name, c in held if name in kept)
    return Marked(sum(c.marked for _, c in marked), tuple(name for name, _ in marked), evidence, why, names)


def _blocks(rows: Iterable[Sequence[str]], width: int) -> Iterator[list[Sequence[str]]]:
    """The rows, `_BLOCK` at a time, each cut or padded to the header's width."""
    block: list[Sequence[str]] = []
    for cells in rows:
        block.append(cells if len(cells) == width else [*cells[:width], *[""] * (width - len(cells))])
        if len(block) == _BLOCK:
            yield block
            block = []
    if block:
        yield block


def blanked(cells: list[str], kept: Collection[int] = ()) -> list[str]:
    """The row with each cell that is exactly the marker read as blank, but in the columns `kept`
    (positions: the required names, `names_read`)."""
    if MARKER not in cells:
        return cells
    return ["" if cell == MARKER and at not in kept else cell for at, cell in enumerate(cells)]


def kept_said(marked: Marked) -> str:
    """I227's words of the required names' NULL kept as written; "" where none is."""
    if not marked.kept:
        return ""
    named = ", ".join(f"{name} ({cells})" for name, cells in marked.kept)
    return (
        f"; NULL kept as written in {named}: a required name, which blank would leave the person out "
        "(a family named Null keeps its name)"
    )


def columns_said(marked: Marked, shown: int = 6) -> str:
    """The columns holding the marker, for I227's words: the first few and how many more."""
    named = ", ".join(marked.columns[:shown])
    more = len(marked.columns) - shown
    return f"{named} and {more} more" if more > 0 else named


def remembered(state: Mapping[str, Any]) -> frozenset[str]:
    """The exports whose NULL the last published set read as the marker (`KEY`), from last.json;
    none where it recorded none (a first night, an earlier version) or not as this tool writes it."""
    held = state.get(KEY)
    if not isinstance(held, list):
        return frozenset()
    return frozenset(name for name in held if isinstance(name, str))


@dataclass(frozen=True, slots=True)
class Known:
    """What a night knows of the marker before reading the exports: the exports (by source) whose
    NULL the last published set read as it (`remembered`), and the columns (normalized keys, by
    source) that alone fill a user's given or family name, where a cell NULL is kept as written
    (`names_read`)."""

    remembered: frozenset[str] = frozenset()
    names: Mapping[str, frozenset[str]] = field(default_factory=dict)


def names_read(plan: Plan) -> dict[str, frozenset[str]]:
    """The export columns (by source, normalized) a users rule reads alone into a required name:
    read blank, a NULL there leaves the person out (D304) and refuses the removals that follow
    (reviewer147 R2: a family named NULL, in capitals); kept, the name is published as written.
    A column another fills in after (`column: [A, B]`, a fallback) is blanked as any other."""
    found: dict[str, set[str]] = {}
    for rule in plan.rules.get("users", ()):
        for column in (*rule.columns, *(c for _, group in rule.groups for c in group)):
            if column.name not in NAMES_KEPT or column.fallback or column.when is not None:
                continue
            refs = column.first_of or templates.lone(column.parts)  # `column: LN` is a first_of of one
            if len(refs) == 1 and refs[0].alias is None:
                found.setdefault(rule.source, set()).add(refs[0].key)
    return {source: frozenset(keys) for source, keys in found.items()}


KNOWN_NONE = Known()
