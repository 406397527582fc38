"""A comma file's row short by as many cells as one quoted cell holds commas, read two ways and
judged by what the file's other rows hold in each column.

Read as typed, the quoted cell is split at its commas into the cells the row lacks: a quote typed
at a value's start and its pair later on the line (`"Ito` ... `04/15/2013"`) swallowed them, and
every later column shifted left. Read as written, the value holds its commas ('Smith, Jr.') and
the export left the row's last cells out: they are padded empty. Each reading's cells from the
quoted one on are set against the file's whole rows in those columns: a column of dates, of
digits, of e-mail addresses or none, of a few codes (a status, a grade), an empty column, a column whose
values all hold a digit (a phone) or none does (a name), and a column whose values never begin
with a space (the space after a value's comma: 'Smith, Jr.'). An empty
cell fits any column: a missing value is ordinary anywhere, and the padded reading is made of
them. A column told by fewer than `EVIDENCE` of the file's rows tells nothing. Where every row
ends with a trailing delimiter (Aeries), the whole rows are those of its cells, and a stray pair's
row has just the header's cells: read as typed, the split cells end in the trailing cell, empty.

The row is read as typed only when every cell of that reading fits and a cell of the other does
not; anything else (both fit, both misfit, too few rows to tell) is the caller's I292: never a
guess (review62 R5: a whole-row Aeries STU.csv's typed `"Ito,Amir,,7,04/15/2013"` left the
student out, and the next night removed her from Remind at exit 1).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SHIFTED_MISFITS = 1  # columns after the quoted cell the padded reading must misfit
_SPLIT_TOLD = 2  # values of a quote closing in the last column, each in a column its rows tell
EVIDENCE = 20  # a column's kind is told by at least this many of the file's other rows
# A small file's column (fewer values than EVIDENCE) tells a short row only its strongest kinds, by this many
# values at least (Column.misfit_few: a small school's export, pipeline.short_rows).
FEW_EVIDENCE = 4
_FEW = 16  # a column of at most this many distinct values is a code column (a status, a grade) ...
_FEW_REPEATS = 4  # ... when each is written this many times on average or more ...
_CODE_WRITTEN_AT_LEAST = 3  # ... and none fewer
_RUN = 4096  # rows whose columns are counted at once (held as text meanwhile)
_DIGIT = re.compile(r"\d")
_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:[ T].*)?|\d{4}-\d{2}-\d{2}(?:[ T].*)?")


@dataclass(slots=True)
class _Column:
    """What a column's cells in the file's whole rows hold: how many, and which kinds every one of
    its values is of (each checked only while it holds), and at most _FEW distinct values."""

    filled: int = 0
    empty: int = 0
    dates: bool = True  # every value a date
    digits: bool = True  # digits alone
    emails: bool = True  # an e-mail address
    no_emails: bool = True
    numbered: bool = True  # a digit in it
    no_numbers: bool = True
    no_spaced: bool = True  # none begins with a space
    values: Counter[str] | None = field(default_factory=Counter)

    def add(self, cells: tuple[str, ...]) -> None:
        """The column's cells of a run of rows, each distinct one judged once."""
        for cell, times in Counter(cells).items():
            self._add(cell, times)

    def _add(self, cell: str, times: int) -> None:
        value = cell.strip()
        if not value:
            self.empty += times
            return
        self.filled += times
        if self.values is not None:
            self.values[value] += times
            if len(self.values) > _FEW:
                self.values = None  # free text, or IDs: no code column
        if self.dates and not _DATE.fullmatch(value):
            self.dates = False
        if self.digits and not value.isdigit():
            self.digits = False
        if self.emails or self.no_emails:
            email = "@" in value
            self.emails, self.no_emails = self.emails and email, self.no_emails and not email
        if self.numbered or self.no_numbers:
            digit = _DIGIT.search(value) is not None
            self.numbered, self.no_numbers = self.numbered and digit, self.no_numbers and not digit
        if self.no_spaced and cell[:1].isspace():
            self.no_spaced = False

    def misfit(self, cell: str) -> str:
        """Why `cell` is not of this column's kind ("" when it fits, or the column tells nothing)."""
        value = cell.strip()
        if not value:
            return ""
        if not self.filled:
            return f"a value, where its {self.empty} other rows are empty" if self.empty >= EVIDENCE else ""
        if self.filled < EVIDENCE:
            return ""
        said = self._unlike(cell, value)
        return f"{said}, of its {self.filled} other values" if said else ""

    def misfit_few(self, cell: str) -> str:
        """Why `cell` is not of a small file's column (FEW_EVIDENCE to EVIDENCE values), by its strongest
        kinds only: a value not a date where every one is, or a date where every one is digits alone (a
        status, a grade) or none holds a digit (a name). A rare value is not judged: no code column, no
        e-mail, no phone kind at so few values (a grade 'K' among digits is honest)."""
        value = cell.strip()
        if not value or not FEW_EVIDENCE <= self.filled < EVIDENCE:
            return ""
        if self.dates:
            return "" if _DATE.fullmatch(value) else f"no date, where its {self.filled} other values all hold one"
        if not _DATE.fullmatch(value):
            return ""
        if self.digits:
            return f"a date, where its {self.filled} other values are digits alone"
        return f"a date, where none of its {self.filled} other values holds a digit" if self.no_numbers else ""

    def holds_moved(self, cell: str, *, stop: bool = False) -> bool:
        """Whether a filled `cell`, moved into this column by a blank put back before it (pipeline.short_rows),
        is told to fit it, not merely not told to misfit: a column of EVIDENCE values (`misfit` judges it); a
        small file's of FEW_EVIDENCE whose kinds it shares (digits alone, a digit in each or in none, dates);
        the cell the padded reading misfit (`stop`) only where `misfit_few` could tell it (a column of dates, a
        date among digits or words). A column Excel's cut rows leave nearly empty takes anything: no evidence."""
        if self.tells():
            return True
        if self.filled < FEW_EVIDENCE:
            return False
        value = cell.strip()
        date = _DATE.fullmatch(value) is not None
        if stop:
            return self.dates or ((self.digits or self.no_numbers) and date)
        digit = _DIGIT.search(value) is not None
        return not (
            (self.dates and not date)
            or (self.digits and not value.isdigit())
            or (self.numbered and not digit)
            or (self.no_numbers and digit)
        )

    def _unlike(self, cell: str, value: str) -> str:
        """The first way a filled `value` is unlike the column's, checked only as far as needed (a
        short row's every cell is judged: pipeline.short_rows)."""
        if self.dates and not _DATE.fullmatch(value):
            return "no date, where they all hold one"
        if self.digits and not value.isdigit():
            return "not digits alone, where they all are"
        if self.emails and "@" not in value:
            return "no e-mail address, where they all hold one"
        if self.no_emails and "@" in value:
            return "an e-mail address, where none does"
        if self.numbered or self.no_numbers:
            digit = _DIGIT.search(value) is not None
            if self.numbered and not digit:
                return "no digit, where they all hold one"
            if self.no_numbers and digit:
                return "a digit, where none does"
        if self.no_spaced and cell[:1].isspace():
            return "a space first, where none begins with one"
        if self._codes() and value not in (self.values or {}):
            return f"a value none writes (they write {len(self.values or {})})"
        return ""

    def tells(self) -> bool:
        """Whether the column has enough of the file's rows to tell its kind."""
        return self.filled >= EVIDENCE or (not self.filled and self.empty >= EVIDENCE)

    def _codes(self) -> bool:
        """A few values, each written again and again: a value none of the rows writes is no code
        of it (a name column of a small file, a dozen names, is not: some are written once)."""
        if self.values is None or self.filled < _FEW_REPEATS * len(self.values):
            return False
        return min(self.values.values()) >= _CODE_WRITTEN_AT_LEAST


class ColumnKinds:
    """The kinds of a file's columns, told by its whole rows: rows of the header's cells, or of
    `whole` cells where every row ends with a trailing delimiter (Aeries: one empty cell past the
    header's). `named`: the columns up to the header's last named one; past it, a header written
    with the trailing delimiters too names none, and no value is read there. `sample`: told by the
    file's first so many whole rows only (0: all of them)."""

    def __init__(self, header: Sequence[str], rows: Iterable[list[str]], whole: int = 0, sample: int = 0) -> None:
        self.header = header
        self.columns = [_Column() for _ in header]
        self.named = next((i + 1 for i in range(len(header) - 1, -1, -1) if header[i].strip()), len(header))
        # The short rows pipeline.short_rows judged, by line: a file is read again for each output.
        self.judged: dict[int, tuple[str, str, int] | None] = {}
        # Of those, the column where each line asked about fits once blanks are put back mid-row ("": none).
        self.refitted: dict[int, str] = {}
        whole = whole or len(header)
        run: list[list[str]] = []
        told = 0
        for cells in rows:
            if len(cells) == whole:
                run.append(cells)
                told += 1
                if len(run) >= _RUN:
                    self._add(run)
                    run = []
                if told == sample:
                    break
        self._add(run)

    def _add(self, run: list[list[str]]) -> None:
        for column, cells in zip(self.columns, zip(*run, strict=True), strict=False):
            column.add(cells)

    def told(self, values: list[str], start: int) -> int:
        """How many of `values` (from column `start` on) are values of a column the file's rows
        tell; 0 when one is of a column they do not (too few of them hold a value)."""
        held = [(column, value) for column, value in zip(self.columns[start:], values, strict=False) if value.strip()]
        return len(held) if all(column.tells() for column, _ in held) else 0

    def misfits(self, cells: list[str], start: int) -> list[str]:
        """The columns from `start` on whose cell in `cells` is not of the column's kind, each
        with why ('BD: no date, where they all hold one, of its 317 other values')."""
        found = []
        for name, column, cell in zip(self.header[start:], self.columns[start:], cells[start:], strict=True):
            if why := column.misfit(cell):
                found.append(f"{name}: {why}")
        return found


@dataclass(frozen=True, slots=True)
class TypedReading:
    at: int  # the cell the quote opened in
    parts: list[str]  # the cells it swallowed, as typed
    cells: list[str]  # the row as its cells were typed
    against: str  # the columns the row read as written (padded) does not fit, with why


def typed_cells(cells: list[str], at: int, delimiter: str) -> list[str]:
    """The row with cell `at` split at its delimiters: the cells a stray quote pair swallowed."""
    return [*cells[:at], *cells[at].split(delimiter), *cells[at + 1 :]]


def typed_row(cells: list[str], at: int, delimiter: str, width: int) -> list[str] | None:
    """The row read as typed, of `width` cells: the cells past them are a trailing delimiter's,
    empty (None when a value would be read past the header's last column)."""
    typed = typed_cells(cells, at, delimiter)
    return None if any(cell.strip() for cell in typed[width:]) else typed[:width]


def written_row(cells: list[str], width: int) -> list[str]:
    """The row read as written: padded to `width` cells, or its trailing empty cells dropped."""
    return (cells + [""] * (width - len(cells)))[:width]


def told_apart(kinds: ColumnKinds, cells: list[str], explaining: list[int], delimiter: str) -> TypedReading | None:
    """The row read as typed, one of the `explaining` cells split at its delimiters, when every
    cell of that reading fits its column and the row read as written (padded) does not, and no
    other of those cells split so fits too (two readings that fit: a guess); None otherwise.

    The padded reading is judged by the columns after the quoted cell, where its cells would be
    shifted: the cell holding the commas is as odd in its column when a value rightly holds them
    ('Igbo, Maria' among languages) as when it swallowed cells, and a small file's sparse later
    columns take the typed reading's shifted cells as well. Only a quote closing in the last
    column leaves nothing shifted to judge: there the quoted cell itself is, when each of the cells
    it splits into is a value of a column the file's rows tell (`_split_told`)."""
    width = len(kinds.header)
    written = written_row(cells, width)
    readings = {at: typed_row(cells, at, delimiter, width) for at in explaining}
    fitting = [at for at, typed in readings.items() if typed is not None and not kinds.misfits(typed, at)]
    if len(fitting) != 1:
        return None
    at = fitting[0]
    parts = cells[at].split(delimiter)
    against = kinds.misfits(written, at + 1)
    # (a trailing delimiter's empty cells after the last named column: nothing shifted there either)
    if not against and at + len(parts) >= kinds.named and kinds.told(parts, at) >= _SPLIT_TOLD:
        against = kinds.misfits(written, at)
    typed = readings[at]
    if not against or typed is None:
        return None
    return TypedReading(at, parts, typed, "; ".join(against))


def written_fits(kinds: ColumnKinds, cells: list[str], explaining: list[int], delimiter: str) -> bool:
    """Whether the row read as written fits the file's columns from its first `explaining` cell on:
    no later cell misfits (where a stray pair would have shifted them) but the others holding
    commas (as odd in their columns when they rightly hold them), nor does a cell whose split
    values close in the last named column (where nothing is shifted)."""
    width = len(kinds.header)
    written = written_row(cells, width)
    if kinds.misfits([("" if i in explaining else cell) for i, cell in enumerate(written)], explaining[0] + 1):
        return False
    for at in explaining:
        parts = cells[at].split(delimiter)
        if at + len(parts) >= kinds.named and kinds.told(parts, at) >= _SPLIT_TOLD and kinds.misfits(written, at):
            return False
    return True
