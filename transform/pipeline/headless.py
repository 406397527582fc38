"""An export written without its header row: its first line is a data row.

A scheduled export's "include column headers" option switched off (PowerSchool AutoSend's, a
report template's) writes the rows alone. Read as a header, the first student's cells are the
column names, and each column the profile reads was said missing, once per column (eight I295
lines for students.txt, "found: 1, 40000, 1000, 100, Ava, ...", with "put the column back in
the SIS export": tester69 P4). When no column the profile requires is in the header, and the
header's cells look like the rows under it (at least two numbers or dates, each in a column where
the next rows hold the same kind of value, and as many cells as they have), the file is said
once to have no header row (I206, exit 1), with the way to switch it back on.
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
SHOWN = 6  # the first line's cells the message shows


def _kind(cell: str) -> str:
    text = cell.strip().strip('"')
    if _NUMBER.fullmatch(text):
        return "number"
    return "date" if _DATE.fullmatch(text) else ""


def looks_like_data(first: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
    """Whether the first line's cells are a data row like `rows` (the lines under it, split): as
    many cells as each of them, and at least AT_LEAST numbers or dates, in columns where most of
    those rows hold the same kind of value."""
    valued = [(at, kind) for at, cell in enumerate(first) if (kind := _kind(cell))]
    compared = [row for row in rows if any(cell.strip() for cell in row)][:ROWS_COMPARED]
    if len(valued) < AT_LEAST or not compared or any(len(row) != len(first) for row in compared):
        return False
    alike = sum(all(_kind(row[at]) == kind for row in compared) for at, kind in valued)
    return alike >= AT_LEAST and alike * 2 > len(valued)


def no_header(display: str, line: int, header: Sequence[str], required: Sequence[str], source: str) -> Problem:
    """I206 for an export whose first line is data: said once, with the way to turn the header back on."""
    cells = ", ".join(header[:SHOWN]) + (", ..." if len(header) > SHOWN else "")
    names = ", ".join(required[:SHOWN]) + (", ..." if len(required) > SHOWN else "")
    detail = (
        f"it has no header row: line {line} is data ({cells}), shaped as the rows under it, and names none of "
        f"the columns the profile reads ({names}): the export was written with its column headers switched off"
    )
    step = (
        f"switch the column headers back on in the {source} export (a scheduled export's 'Include column headers' "
        f"option, PowerSchool AutoSend's among them, or the report template's header setting), export {display} "
        "again"
    )
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
