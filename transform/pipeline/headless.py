"""An export written without its header row: its first line is a data row.

A scheduled export's "include column headers" option switched off (a SIS's scheduled export, a
report template's) writes the rows alone. Read as a header, the first student's cells are the
column names, and each column the profile reads was said missing, once per column (eight I295
lines for students.txt, "found: 1, 40000, 1000, 100, Ava, ...", with "put the column back in
the SIS export": tester69 P4). When no column the profile requires is in the header, and the
header's cells look like the rows under it (at least two numbers or dates, each in a column where
the next rows hold the same kind of value, one of them an ID or a date, and as many cells as they
have), the file is said once to have no header row (I206, exit 1), with the way to switch it back on.

An export of one row has no rows to compare with, and a small one (schools.txt '100,Cedar Elementary')
too few numbers to tell: where the first line names none of the profile's columns and holds values
shaped as IDs or dates (3 digits or more, or a date; of the rows' kind where there are rows), the
missing columns are said as before (I201) with the possibility beside them (`maybe_no_header`,
review137 R5): a header named otherwise ('Student Number', or column numbers 1, 2, 3) holds none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transform.report import codes
from transform.report.problem import Problem, Where

_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")
_DATE = re.compile(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}|\d{1,2}[ -][A-Za-z]{3}[ -]\d{2,4}")
ROWS_COMPARED = 3  # the data rows under the first line its cells are set against
AT_LEAST = 2  # numbers or dates the first line must hold: no header names two columns so
ID_DIGITS = 3  # a number of this many digits is shaped as an ID (a header's column numbers 1, 2, 3 are not)
SHOWN = 6  # the first line's cells the message shows
# Where the option is: every SIS's scheduled export and report template has one (the SIS's own name for
# it is the district's to know: no SIS is named here, review137 R8)
OPTION = "a scheduled export's 'Include column headers' option, or the report template's header setting"


def _kind(cell: str) -> str:
    text = cell.strip().strip('"')
    if _NUMBER.fullmatch(text):
        return "number"
    return "date" if _DATE.fullmatch(text) else ""


def _compared(rows: Sequence[Sequence[str]]) -> list[Sequence[str]]:
    return [row for row in rows if any(cell.strip() for cell in row)][:ROWS_COMPARED]


def _id_or_date(cell: str) -> bool:
    kind, text = _kind(cell), cell.strip().strip('"')
    return kind == "date" or (kind == "number" and sum(c.isdigit() for c in text) >= ID_DIGITS)


def shaped_as_data(first: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """The first line's cells shaped as an ID or a date, each in a column where the rows under it
    (`rows`, split; none for an export of one row) hold the same kind of value."""
    compared = _compared(rows)
    return [
        cell
        for at, cell in enumerate(first)
        if _id_or_date(cell) and all(at < len(row) and _kind(row[at]) == _kind(cell) for row in compared)
    ]


def looks_like_data(first: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    """Whether the first line's cells are a data row like `rows` (the lines under it, split): as
    many cells as each of them, and at least AT_LEAST numbers or dates, in columns where most of
    those rows hold the same kind of value, one of them an ID or a date (`shaped_as_data`)."""
    valued = [(at, kind) for at, cell in enumerate(first) if (kind := _kind(cell))]
    compared = _compared(rows)
    if len(valued) < AT_LEAST or not compared or any(len(row) != len(first) for row in compared):
        return False
    alike = sum(all(_kind(row[at]) == kind for row in compared) for at, kind in valued)
    return alike >= AT_LEAST and alike * 2 > len(valued) and bool(shaped_as_data(first, rows))


def maybe_no_header(
    first: Sequence[str], rows: Sequence[Sequence[str]], display: str, line: int, source: str
) -> dict[str, str]:
    """I201's words beside its missing column where the first line, naming none of the profile's
    columns, holds values shaped as IDs or dates but too few rows or numbers to tell (`looks_like_data`):
    `found` and `found_redacted` (said after the header's cells), and the `step`. Empty: none."""
    shaped = shaped_as_data(first, rows)
    if not shaped:
        return {}
    said = (
        f"; line {line} names none of the columns the profile reads and holds {len(shaped)} "
        f"value{'s' if len(shaped) > 1 else ''} shaped as an ID or a date"
    )
    maybe = ": it may be a data row, the export written with its column headers switched off"
    return {
        "found": f"{said} ({', '.join(shaped[:SHOWN])}){maybe}",
        "found_redacted": f"cells redacted{said}{maybe}",
        "step": (
            f"if line {line} of {display} is a data row, switch the column headers back on in the {source} export "
            f"({OPTION}) and export {display} again; if it is the header, add the columns the profile reads to the "
            "export under the names it gives them, or map the names the export has in the profile (sources: "
            f"{{{source}: {{aliases: {{COLUMN: [NAME]}}}}}})"
        ),
    }


def no_header(display: str, line: int, header: Sequence[str], required: Sequence[str], source: str) -> Problem:
    """I206 for an export whose first line is data: said once, with the way to turn the header back on."""
    cells = ", ".join(header[:SHOWN]) + (", ..." if len(header) > SHOWN else "")
    names = ", ".join(required[:SHOWN]) + (", ..." if len(required) > SHOWN else "")
    detail = (
        f"it has no header row: line {line} is data ({cells}), shaped as the rows under it, and names none of "
        f"the columns the profile reads ({names}): the export was written with its column headers switched off"
    )
    step = f"switch the column headers back on in the {source} export ({OPTION}), export {display} again"
    return Problem(
        codes.code("source-unreadable"),
        Where(file=display, line=line),
        {
            "file": display,
            "detail": detail,
            "detail_redacted": detail.replace(f"({cells})", "(cells redacted)"),
            "step": step,
        },
    )
