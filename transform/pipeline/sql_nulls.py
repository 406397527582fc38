"""An export that writes SQL's NULL marker in its empty cells, read as blank in every column.

SQL Server Management Studio's "Save Results As" CSV (how a district saves a query of its SIS's
tables: Aeries, eSchoolPLUS) writes the word NULL in every cell the query found no value for.
Read as text, that word became a username shared by every student without one, a middle name
'NULL' for every student, a phone or email 'NULL' (tester74 T1). The file, not the cell, says
whether NULL is a marker: a file writes it so in a column where the word cannot be data (beside
numbers, dates, IDs or emails: every other value of the column holds a digit or an @) where the
file holds it in two cells at least (a lone NULL among 2,000 student numbers is a placeholder typed
once, D322 as N/A is, and made every name written NULL in the file read blank), or in a
column that holds nothing else on every row (at least two: no name or code is so; reviewer147 R3,
an inactive tag NULL on every row). Then every cell of the file that is exactly NULL reads as
blank, in every column (I227, once per file); a family name 'Null' in a file without the marker
stays a name. A file the last published set read so (last.json's `sql_nulls`, by export) is
read so while it holds a cell of exactly NULL: the evidence filled in, its other columns' NULL
do not become data again the next night (reviewer147 R1). A required name is read blank too: a
person published as 'Mary NULL' at exit 0 is worse than one left out with a coded message (D304
says that the cell held the marker: a person named NULL is possible, `names_read`). The way out
for one: the profile's `null_marker_text: [LN]` on the export (SourcePlan.null_text): the NULL of
the columns it names is a value, kept and no evidence, the rest of the file's still the marker
(reviewer160 R2: a whole-file `null_marker: false` published the other columns' NULL). The reader
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
MARKER_BYTES = MARKER.encode("ascii")
TAIL = 5  # bytes kept of a window for the next: a delimiter and the marker across two reads


def in_bytes(window: bytes) -> bool:
    """Whether a window of a file's bytes (ASCII-compatible) holds a cell of exactly the marker.
    The word looked for first: the pattern, starting with a choice, is tried at every byte (a
    2,000-student district's exports: 0.02 CPU-s), the word's search is a hundred times faster."""
    return MARKER_BYTES in window and _CELL_BYTES.search(window) is not None


UTF16_CHUNK = 1 << 20  # bytes of a UTF-16 file searched at a time (an even count: whole code units)
_AROUND = 2  # bytes of context a found word is judged with on each side: one code unit
_KEPT = 12  # of a window for the next: the word (8 bytes) with its context, across two reads


def in_utf16(path: Path, encoding: str, chunk: int = UTF16_CHUNK) -> bool:
    """Whether a UTF-16 file holds the marker as a cell (its bytes searched as `in_bytes` does),
    read `chunk` bytes at a time: a found word is judged once, in the first window holding its
    code unit either side (or the file's start or end), as it would be in the whole file."""
    order = "utf-16-be" if encoding == "utf-16-be" else "utf-16-le"
    with path.open("rb") as handle:
        window = handle.read(chunk)
        if encoding == "utf-16" and window[:2] == b"\xfe\xff":
            order = "utf-16-be"
        word, start = MARKER.encode(order), 0  # start: where the words not yet judged begin
        while True:
            more = handle.read(chunk)
            end = len(window) if not more else len(window) - len(word) - _AROUND + 1
            if any(_cell_at(window, at, order) for at in _found(window, word, start, end)):
                return True
            if not more:
                return False
            kept = window[-_KEPT:] if len(window) >= _KEPT else window
            start, window = max(0, end - (len(window) - len(kept))), b""  # (let go before the next is made)
            window = kept + more


def _cell_at(data: bytes, at: int, order: str) -> bool:
    """Whether the marker found at byte `at` of UTF-16 text is a cell of its own."""
    piece = data[max(0, at - _AROUND) : at + len(MARKER) * 2 + _AROUND]
    return in_bytes(piece.decode(order, "replace").encode("utf-8", "replace"))


def _found(data: bytes, word: bytes, start: int, end: int) -> Iterator[int]:
    """Where `word` begins in `data`, from `start` to before `end`."""
    at = data.find(word, start)
    while 0 <= at < end:
        yield at
        at = data.find(word, at + 1)


KEY = "sql_nulls"  # last.json: the exports (by source) whose NULL the last published set read as the marker
NAMES = frozenset({"givenName", "familyName"})  # required names: NULL there, read blank, leaves the person out
_WHOLE_AT_LEAST = 2  # a column holding the marker on every row is evidence from this many rows on
# A column of digits or @ shows the marker where the file holds it in this many cells at least (in
# that column or another): one NULL among 2,000 student numbers is a placeholder typed once, and
# would have made every name, username or code written NULL in the file read blank.
_CELLS_AT_LEAST = 2


@dataclass(frozen=True, slots=True)
class Marked:
    """What a file holds of the marker: how many cells, in which columns (header names, in the
    file's order), and the column that shows it is a marker (the word cannot be data there)."""

    cells: int
    columns: tuple[str, ...]
    evidence: str
    why: str  # how the evidence column shows it


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
    header: Sequence[str], rows: Iterable[Sequence[str]], *, remembered: bool = False, text: Collection[int] = ()
) -> Marked | None:
    """The marker a file's rows hold, or None when it holds none or only where it may be data.
    `remembered`: the last published set read this export's NULL as the marker (last.json's
    `sql_nulls`): a cell of exactly NULL is the marker still, whatever column holds it tonight
    (reviewer147 R1: the one NULL beside emails filled in, the middle names' NULL published).
    `text`: the columns (positions) whose NULL is a value (null_marker_text): not counted."""
    columns = [_Column() for _ in header]
    width = len(columns)
    for block in _blocks(rows, width):
        for column, cells in zip(columns, zip(*block, strict=True), strict=True):
            column.count(cells)
    named = enumerate(zip(header, columns, strict=True))
    marked = [(name, c) for at, (name, c) in named if c.marked and at not in text]  # (null_marker_text: values)
    if not marked:
        return None
    most = sorted(marked, key=lambda named: -named[1].marked)  # the column holding it most says it
    held = sum(c.marked for _, c in marked)
    # a lone NULL in the file is a placeholder (an ID's is D322, as N/A is), not the marker
    enough = held >= _CELLS_AT_LEAST
    beside_digits = [(name, c) for name, c in most if c.others and not c.digitless] if enough else []
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
    return Marked(held, tuple(name for name, _ in marked), evidence, why)


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


def blanked(cells: list[str], text: Collection[int] = ()) -> list[str]:
    """The row with each cell that is exactly the marker read as blank, but in the columns
    (positions) `text` (the profile's null_marker_text: a family named NULL)."""
    if MARKER not in cells:
        return cells
    if text:
        return ["" if cell == MARKER and at not in text else cell for at, cell in enumerate(cells)]
    return ["" if cell == MARKER else cell for cell in cells]


def names_held(cells: Sequence[str], names: Collection[int], header: Sequence[str]) -> tuple[str, ...]:
    """The columns (header names) among `names` (positions: the required names, `names_read`)
    whose cell of the row is exactly the marker, for D304's words: none in nearly every row."""
    return tuple(header[at] for at in names if at < len(cells) and cells[at] == MARKER)


def held_said(columns: str, held: Sequence[str], written: Mapping[str, str] | None = None) -> str:
    """D304's words of a required value left blank (`columns`: the export's columns it is read
    from, as `Where.column` names them) whose cell held the marker (`held`, `names_held`); ""
    where none did. reviewer147 R2: kept as written, 'Mary NULL' was published at exit 0.
    `written`: each header cell as null_marker_text writes its column ('LN' of 'STU.LN')."""
    read = {c.strip() for c in columns.split(",")}
    named = [c for c in held if c in read]
    if not named:
        return ""
    column = (written or {}).get(named[0], named[0])
    return (
        f" (its cell {named[0]} held NULL, read as SQL's empty marker, I227: where it is truly missing, put "
        f"the name in the SIS or select ISNULL({named[0]}, '') in the query; a person named NULL is "
        f"possible: then name {column} in null_marker_text on the export in the profile's sources)"
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


def sql_nulls_damage(state: Mapping[str, Any]) -> str:
    """Why last.json's `KEY` cannot be read; '' when it can, or is not there (a first night, an
    earlier version). Read past as none, a damaged entry would let tonight's exports be judged
    afresh without a word: the middle names' NULL published once the evidence is filled in
    (reviewer147 R1). gate.read_state refuses it (X930) as it does the record's other keys (gate.RECORDED)."""
    if KEY not in state:
        return ""
    held = state[KEY]
    if not isinstance(held, list):
        return f"'{KEY}' is a JSON {type(held).__name__}, not a list of the exports read with SQL's NULL marker"
    wrong = [name for name in held if not isinstance(name, str) or not name]
    return f"'{KEY}' holds {wrong[0]!r}, not an export's name" if wrong else ""


@dataclass(frozen=True, slots=True)
class Known:
    """What a night knows of the marker before reading the exports: the exports (by source) whose
    NULL the last published set read as it (`remembered`), and the columns (normalized keys, by
    source) that alone fill a user's given or family name, whose cell NULL D304 names
    (`names_read`)."""

    remembered: frozenset[str] = frozenset()
    names: Mapping[str, frozenset[str]] = field(default_factory=dict)


def names_read(plan: Plan) -> dict[str, frozenset[str]]:
    """The export columns (by source, normalized) a users rule reads alone into a required name:
    read blank, a NULL there leaves the person out, and D304 says the cell held the marker
    (reviewer147 R2: a family named NULL is possible; kept as written, a guardian whose family
    name is missing was published 'Mary NULL' at exit 0). A column another fills in after
    (`column: [A, B]`, a fallback) is not named: the person is not left out for it alone."""
    found: dict[str, set[str]] = {}
    for rule in plan.rules.get("users", ()):
        for column in (*rule.columns, *(c for _, group in rule.groups for c in group)):
            if column.name not in NAMES or column.fallback or column.when is not None:
                continue
            refs = column.first_of or templates.lone(column.parts)  # `column: LN` is a first_of of one
            if len(refs) == 1 and refs[0].alias is None:
                found.setdefault(rule.source, set()).add(refs[0].key)
    return {source: frozenset(keys) for source, keys in found.items()}


KNOWN_NONE = Known()
