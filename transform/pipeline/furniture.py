"""A report writer's page furniture, told from an export's rows: never data.

Exports printed as reports repeat the header at the top of each page, under a title line, and
end with a totals line; a spreadsheet writes a value it must keep as text as a formula
(`="1001"`). `Furniture` hands the reader (pipeline.read.iter_rows) the rows alone and says what
it skipped (I279, I284; a DOS end-of-file byte, I234); `Unwrapped` reads a formula cell as the text inside (D380). The
columnar engine leaves a file that may hold either to the reader (`maybe_footer`,
`TEXT_FORMULA_BYTES`).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Protocol

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import INVISIBLE, INVISIBLE_CHARS

if TYPE_CHECKING:
    from .read import SourceFile


class Records(Protocol):
    """The reader's records after the header: (first line, last line, cells); `last` is True
    while the file's last record is handed out."""

    last: bool

    def __iter__(self) -> Iterator[tuple[int, int, list[str]]]: ...


# The byte an old DOS or Windows writer puts after a file's last line (0x1A, Ctrl-Z): when it is
# alone on the file's last line, the file's end, never a row (I234); anywhere else, a cell's.
DOS_END = "\x1a"


def dos_end(line: str | bytes, *, last: bool) -> bool:
    """Whether a line (its one cell, or its bytes without the line end) is a DOS end-of-file byte
    ending the file (I234): the rule furniture skips it by, and pipeline.tails neither counts nor
    records it by (a night with it and one without are the same export: review199 R2)."""
    return last and line in (DOS_END, b"\x1a")


# A record is one (first line, last line, cells, whether it is the file's last).
Record = tuple[int, int, list[str], bool]
# The first cell of a totals line: a word of counting (Grand Total, Records, Count), a few more
# words, and maybe the number ("Total: 30", "Total Records: 108", "Record Count = 12").
_FOOTER = re.compile(
    r"(?:grand\s+)?(?:totals?|counts?|records?)(?:\s+[^\W\d_]+){0,3}\s*[:=#]?\s*(?P<number>\d[\d,.]*)?",
    re.IGNORECASE,
)
_COUNT = re.compile(r"\d[\d,.]*")
# What a totals line's first cell may begin with (empty: the count is further on).
_FOOTER_LEADS = frozenset({*'gGtTcCrR \t\xa0"', ""})


def maybe_footer(cells: list[str]) -> bool:
    """Whether a row begins as a totals line does (its first filled cell a word of counting): the
    columnar engine leaves such a file to the reader, which decides (`Furniture`)."""
    first = next((c for c in cells if c.strip()), "")
    return _FOOTER.match(first.strip()) is not None


def _header_text(cell: str) -> str:
    """A cell as a header is compared: case, spacing, quotes and invisible characters aside."""
    return " ".join(cell.translate(INVISIBLE).replace('"', "").split()).lower()  # (as DuckDB's lower: both engines)


def _shape(cell: str) -> str:
    return cell.strip().translate(SHAPE)


_RECENT_ROWS = 200  # the rows a page title's cells are compared with: a printed page or more


def _kinds(cell: str) -> set[str]:
    """The kinds of character a cell holds: '9' a digit, 'a' a letter, ' ' a space, each other
    sign itself."""
    return {"9" if c.isdigit() else "a" if c.isalpha() else " " if c.isspace() else c for c in cell.strip()}


class Furniture:
    """What a report writer prints around a file's rows, told from the rows: never data.

    - A line whose cells are the header's (case, spacing and quotes aside): the header printed
      again at the top of each page. Skipped, said once per file (I279) with the count.
    - Lines directly above such a repeated header (blank lines aside) that cannot be a row: the
      page's title ("St Col Academy - Student Roster Report,,,,Page 2"). Skipped with the header
      they stand above, counted apart in the same I279 with the first one's line and text. A
      title has its first cell filled, at most half its cells filled, and not one filled cell
      that fits its column: each holds a kind of character (a digit, a letter, a space, each
      other sign) that column held in none of the rows read before (`_RECENT_ROWS` of them). A
      row's ID fits its column whatever its length (999 then 1000, 1009 then 10412), and so
      does a name among names: such a line stays data, however sparse. A title that fits (a
      single word in a file of letter IDs) is read as a row, and its problems are said there:
      never a row skipped unsaid.
    - The file's last lines, each a totals or footer line: its first filled cell a word of
      counting and a count ("Total: 30", "Total,8", "Total Records: 108,"), every other filled
      cell a number, and at most half its cells filled or its first cell not of the shape of the
      row before's. Skipped, each said (I284). A row of a person named Total has more than a
      count beside the name, and a line like it that other rows follow is a row.

    A line that might be either is held until the line after it says which; held lines that
    turn out to be rows are handed out in their order."""

    def __init__(self, source: SourceFile, *, titles_at_most: int) -> None:
        self.source = source
        self.titles_at_most = titles_at_most  # as many lines as may stand above a header
        self.width = len(source.header)
        self.header = tuple(_header_text(c) for c in source.header)
        while self.header and not self.header[-1]:  # Excel's padding columns (',,,' on every line)
            self.header = self.header[:-1]
        self.repeats: list[int] = []  # the lines repeating the header
        self.titles: list[tuple[int, str]] = []  # (line, text) of the page title lines skipped with them
        self.recent: deque[list[str]] = deque(maxlen=_RECENT_ROWS)  # the rows handed out last
        self.footers: list[tuple[int, str]] = []  # (line, text) of each totals line at the end
        self.last_first = ""  # the first cell (an ID) of the last row handed out
        self.dos_end = 0  # the line of a DOS end-of-file byte ending the file, alone on its line
        # What the first cell of a repeated header may begin with: most rows are passed by this
        # (an ID's digit) at the cost of a look-up. (A blank first cell: every test is made.)
        lead = self.header[0][:1] if self.header else ""
        self.header_leads = frozenset({lead, lead.upper(), lead.lower(), '"', "", *" \t\xa0", *INVISIBLE_CHARS})

    def data(self, reader: Records) -> Iterator[Record]:
        held: list[Record] = []
        header_leads, half = self.header_leads, max(self.width, 1) // 2
        for line, end, cells in reader:
            if len(cells) == 1 and dos_end(cells[0], last=reader.last):  # an old DOS writer's (I234)
                self.dos_end = line
                continue
            if not cells or (len(cells) == 1 and not cells[0].strip()) or not any(cells):
                continue  # a blank line, or a row of empty cells (a spreadsheet's padding: ",,,,")
            lead = cells[0][:1]
            if lead in header_leads and self._is_header(cells):
                self.repeats.append(line)
                yield from self._page_top(held)
                held = []
                continue
            # Most rows are passed by the first two tests. A title or a totals line is one line:
            # a record over several is a row, or a quote left open.
            if (
                (lead in _FOOTER_LEADS or len(cells) - cells.count("") <= half)
                and end == line
                and (self._sparse(cells) or self._footer(cells))
                and len(held) < self.titles_at_most
            ):
                held.append((line, end, cells, reader.last))
                continue
            if held:
                yield from self._rows(held)
                held = []
            self.last_first = cells[0]
            self.recent.append(cells)
            yield line, end, cells, reader.last
        # The file's end: the held lines from the last that are all totals lines are its footer.
        cut = len(held)
        while cut and self._footer(held[cut - 1][2]):
            cut -= 1
        yield from self._rows(held[:cut])
        self.footers += [(h[0], _text(h[2])) for h in held[cut:]]

    def _rows(self, rows: list[Record]) -> Iterator[Record]:
        for row in rows:
            self.last_first = row[2][0]
            self.recent.append(row[2])
            yield row

    def _page_top(self, held: list[Record]) -> Iterator[Record]:
        """The lines held above a repeated header: from the header up, its page's title lines,
        then a totals line at the foot of the page before; the lines above those are rows."""
        cut = len(held)
        while cut and self._title(held[cut - 1][2]):
            cut -= 1
        foot = cut
        while foot and self._footer(held[foot - 1][2]):
            foot -= 1
        self.titles += [(h[0], _text(h[2])) for h in held[cut:]]
        self.footers += [(h[0], _text(h[2])) for h in held[foot:cut]]
        yield from self._rows(held[:foot])

    def _is_header(self, cells: list[str]) -> bool:
        if not self.header or _header_text(cells[0]) != self.header[0]:
            return False
        texts = [_header_text(c) for c in cells]
        while texts and not texts[-1]:
            texts.pop()
        return tuple(texts) == self.header

    def _unlike_a_row(self, cells: list[str]) -> bool:
        """Its first cell is filled, and not of the shape of the last row's (an ID's)."""
        shape = _shape(cells[0])
        return bool(shape) and shape != _shape(self.last_first)

    def _sparse(self, cells: list[str]) -> bool:
        """Whether a line may be a page's title, which the line after it decides: its first cell
        filled, at most half its cells (a cell of spaces counts as filled: fewer titles)."""
        return bool(cells[0].strip()) and 2 * (len(cells) - cells.count("")) <= max(self.width, 1)

    def _title(self, cells: list[str]) -> bool:
        """A line above a repeated header that cannot be a row (`_sparse`, and no filled cell
        fits its column in the rows read before it)."""
        if not self._sparse(cells):
            return False
        return not any(self._fits(k, cell) for k, cell in enumerate(cells) if cell.strip())

    def _fits(self, column: int, cell: str) -> bool:
        """Whether every kind of character of the cell is one the column held in the rows read
        before (a digit, a letter, a space, each other sign)."""
        kinds, seen = _kinds(cell), set[str]()
        for row in self.recent:
            if column < len(row):
                seen |= _kinds(row[column])
                if kinds <= seen:
                    return True
        return False

    def _footer(self, cells: list[str]) -> bool:
        if cells[0][:1] not in _FOOTER_LEADS:
            return False
        first = cells[0] if cells[0].strip() else next((c for c in cells if c.strip()), "")
        if _FOOTER.match(first.strip()) is None:  # (most rows stop here)
            return False
        filled = [c.strip() for c in cells if c.strip()]
        found = _FOOTER.fullmatch(filled[0])
        if found is None or not all(_COUNT.fullmatch(c) for c in filled[1:]):
            return False
        if found.group("number") is None and len(filled) == 1:
            return False  # a word alone: no count
        return 2 * len(filled) <= max(self.width, 1) or self._unlike_a_row(cells)

    def said(self, report: Report) -> None:
        display = self.source.display
        if self.repeats:
            titles = ""
            if self.titles:
                first, text = self.titles[0]
                titles = (
                    f", and {len(self.titles)} page title line(s) directly above them (the first on line "
                    f"{first}: {text!r})"
                )
            report.add(
                codes.code("header-repeated"),
                Where(file=display, line=self.repeats[0]),
                file=display,
                count=len(self.repeats),
                line=self.repeats[0],
                titles=titles,
            )
        for line, text in self.footers:
            report.add(codes.code("footer-line"), Where(file=display, line=line), file=display, line=line, value=text)
        if self.dos_end:
            report.add(codes.code("dos-end-of-file"), Where(file=display, line=self.dos_end), file=display)


def _text(cells: list[str]) -> str:
    """A skipped line as it reads, its empty cells at the end left out."""
    shown = list(cells)
    while shown and not shown[-1].strip():
        shown.pop()
    text = ", ".join(c.strip() for c in shown)
    return text if len(text) <= 60 else text[:60] + "…"


# An Excel text formula: a whole cell `="..."` (quotes inside doubled), as a spreadsheet writes a
# value it must keep as text (leading zeros), or an export written for Excel to open.
TEXT_FORMULA = '="'
TEXT_FORMULA_BYTES = TEXT_FORMULA.encode()
_TEXT_FORMULA_CELL = re.compile(r'\s*="((?:[^"]|"")*)"\s*')


class Unwrapped:
    """The cells of a file written as Excel text formulas, each read as the text inside: said
    once per column (D380), with the count and the first line."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.columns: dict[int, list[Any]] = {}  # position -> [count, first line, first cell, its text]

    def unwrap(self, cells: list[str], line: int) -> list[str]:
        out = list(cells)
        for position, cell in enumerate(cells):
            if TEXT_FORMULA not in cell or (found := _TEXT_FORMULA_CELL.fullmatch(cell)) is None:
                continue
            out[position] = found.group(1).replace('""', '"')
            seen = self.columns.setdefault(position, [0, line, cell, out[position]])
            seen[0] += 1
        return out

    def said(self, report: Report) -> None:
        header = self.source.header
        for position, (count, line, cell, text) in sorted(self.columns.items()):
            column = header[position] if position < len(header) else f"column {position + 1}"
            report.add(
                codes.code("excel-text-formula"),
                Where(file=self.source.display, line=line, column=column),
                file=self.source.display,
                column=column,
                count=count,
                line=line,
                value=f"{cell!r} read as {text!r}",
            )


SHAPE = str.maketrans("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "9" * 10 + "a" * 52)
