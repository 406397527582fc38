"""An export that writes SQL's NULL marker in its empty cells, read as blank in every column.

SQL Server Management Studio's "Save Results As" CSV (how a district saves a query of its SIS's
tables: Aeries, eSchoolPLUS) writes the word NULL in every cell the query found no value for.
Read as text, that word became a username shared by every student without one, a middle name
'NULL' for every student, a phone or email 'NULL' (tester74 T1). The file, not the cell, says
whether NULL is a marker: a file writes it so in a column where the word cannot be data (beside
numbers, dates, IDs or emails: every other value of the column holds a digit or an @), or in two
columns, one of which holds nothing else on every row. Then every cell of the file that is exactly NULL reads
as blank, in every column (I227, once per file); a family name 'Null' in a file without the
marker stays a name. The reader (`read.iter_rows`) blanks the cells for the Python engines, the
columnar engine's view of the file does it in SQL: every engine reads the same cells.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MARKER = "NULL"
MARKER_BYTES = MARKER.encode()
_WHOLE_AT_LEAST = 2  # a column holding the marker on every row is evidence from this many rows on


@dataclass(frozen=True, slots=True)
class Marked:
    """What a file holds of the marker: how many cells, in which columns (header names, in the
    file's order), and the column that shows it is a marker (the word cannot be data there)."""

    cells: int
    columns: tuple[str, ...]
    evidence: str
    why: str  # how the evidence column shows it


class _Column:
    __slots__ = ("digitless", "marked", "others")

    def __init__(self) -> None:
        self.marked = 0  # cells exactly NULL
        self.others = 0  # other cells holding a value
        self.digitless = False  # one of those holds no digit nor @: a word (a name, a code) may be data here


def judged(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Marked | None:
    """The marker a file's rows hold, or None when it holds none or only where it may be data."""
    columns = [_Column() for _ in header]
    width = len(columns)
    for cells in rows:
        for at, cell in enumerate(cells[:width]):
            column = columns[at]
            if cell == MARKER:
                column.marked += 1
            elif cell and not cell.isspace():
                column.others += 1
                if not column.digitless and "@" not in cell and not any(c.isdigit() for c in cell):
                    column.digitless = True
    marked = [(name, column) for name, column in zip(header, columns, strict=True) if column.marked]
    if not marked:
        return None
    most = sorted(marked, key=lambda named: -named[1].marked)  # the column holding it most says it
    beside_digits = [(name, c) for name, c in most if c.others and not c.digitless]
    whole = [(name, c) for name, c in most if not c.others and c.marked >= _WHOLE_AT_LEAST]
    if beside_digits:
        name, column = beside_digits[0]
        evidence, why = name, f"on {column.marked} row(s) beside values with digits or @: numbers, dates, IDs, emails"
    elif whole and len(marked) >= 2:
        name, column = whole[0]
        evidence, why = name, f"on every one of its {column.marked} rows, as no name or code is"
    else:
        return None
    return Marked(sum(c.marked for _, c in marked), tuple(name for name, _ in marked), evidence, why)


def blanked(cells: list[str]) -> list[str]:
    """The row with each cell that is exactly the marker read as blank."""
    return ["" if cell == MARKER else cell for cell in cells] if MARKER in cells else cells


def columns_said(marked: Marked, shown: int = 6) -> str:
    """The columns holding the marker, for I227's words: the first few and how many more."""
    named = ", ".join(marked.columns[:shown])
    more = len(marked.columns) - shown
    return f"{named} and {more} more" if more > 0 else named
