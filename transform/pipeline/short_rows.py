"""Rows the reader must not read in the header's columns: a short row whose cells are shifted, and
another export's header line in the middle of the file.

A row short of the header's cells is padded at its end (I204): honest when the cells it lacks
are the trailing ones a writer left off (Excel drops a row's trailing empty cells). A cell left
out in the middle (an empty First_Name the SIS job did not write) shifts every later cell one
column to the left, and padding it reads a birth date as the status: an active student read as
inactive, left out 'on purpose', removed from Remind at exit 0 (tester80 T1). So a short row is
judged by the file's own whole rows (pipeline.quote_readings.ColumnKinds): padded at its end, its
cells fitting their columns, it is padded (I204). Where they stop fitting it is SUSPECT, yet never
left out for its shape (a row no whole row is like, a rare value on a row Excel cut short, is as
often honest: review173 R1, review175 R1): padded and read as before, said as a warning (I257)
naming the column where it stops fitting, and the row marked (SourceRow.suspect). A suspect row a
condition then leaves out (F400 'inactive', D301) is not left out on purpose: its drop counts as a
problem's (LeftOut.problem_drops), so a person of the last published set is asked for (X981), and one
no published set holds (a first set's) too (LeftOut.suspect_drops, pipeline.suspect_drops, I277).
The columns are told by the file's first `SAMPLE` whole rows, not a whole extra pass (Excel's files
often have short rows: reading every row's kinds made their first read x3.4, review173). A file
too small to tell a column (fewer than quote_readings.EVIDENCE values: a small school's export) is told by
its strongest kinds from quote_readings.FEW_EVIDENCE values (`misfit_few`: a non-date in a column of dates, a
date in one of digits alone or of no digit: the status reading the birth date, rows61 left open); a rare value
is not judged at so few (a grade 'K'). The profile's cleaners would tell more, but a short row is judged as it
is read, before any rule maps it. Fewer still: padded as before.

A line whose cells are mostly the header's column names (in another order, or written otherwise:
case, spaces, underscores aside) is the header of another export appended to this one (two
templates concatenated): the rows under it are in its columns, not this header's, and none of
them can be read for sure. The export is refused (I254) at that line. A line repeating the
header exactly is a report writer's page header, skipped before (pipeline.furniture, I279).
"""

from __future__ import annotations

from collections.abc import Sequence

from transform.pipeline.quote_readings import ColumnKinds, written_row

# The whole rows a short row is judged by: the file's first so many (a few thousand tell a column).
SAMPLE = 4096
# The places blanks are put back at to read a suspect row unshifted (`refit`): two cells left out apart ...
REFIT_GAPS = 2
# ... of at most so many cells each: a SIS job leaves out a cell or two (an empty first and middle name), not
# nine; a wider gap pushes a row's last cells into the sparse columns Excel cut off, which take anything (review181 R1).
GAP_CELLS = 2


def shifted(kinds: ColumnKinds, cells: list[str], width: int, line: int) -> tuple[str, str] | None:
    """The column where a short row's cells, padded at its end, stop fitting, and why: the row is
    suspect (see the module); None where it fits. Judged once per line of the file."""
    if line not in kinds.judged:
        stop = _stop(kinds, written_row(cells, width)[: len(cells)])
        kinds.judged[line] = None if stop is None else (kinds.header[stop[0]], stop[1], stop[0])
    judged = kinds.judged[line]
    return None if judged is None else judged[:2]


def refit(kinds: ColumnKinds, cells: list[str], width: int, line: int) -> str:
    """The column a suspect row (`shifted`) stops fitting at, where the row fits once blanks are put back
    before it (`_refits`: most likely a cell left out there); "" where it does not. Asked only of a row a
    condition leaves out (pipeline.mapping, I277), once per line."""
    judged = shifted(kinds, cells, width, line) and kinds.judged[line]
    if not judged:
        return ""
    if line not in kinds.refitted:
        kinds.refitted[line] = judged[0] if _refits(kinds, cells, width, judged[2]) else ""
    return kinds.refitted[line]


def _stop(kinds: ColumnKinds, held: list[str]) -> tuple[int, str] | None:
    """The first of the `held` cells not of its column's kind.
    Only the cells the row holds are judged: the blanks padding it are what an Excel save leaves off,
    blank where most rows hold a value or not (test_stray_quotes_comma: an honest 'Smith, Jr.' row)."""
    return next(
        (
            (at, why)
            for at, column in enumerate(kinds.columns[: len(held)])
            if (why := column.misfit(held[at]) or column.misfit_few(held[at]))
        ),
        None,
    )


def _refits(kinds: ColumnKinds, cells: list[str], width: int, stop: int) -> bool:
    """Whether the row's cells fit every column once blanks are put back up to the column where it stops
    fitting, at one place or at two (`REFIT_GAPS`), at most GAP_CELLS at each: cells left out there, the
    row read shifted. Every filled cell so moved must land in a column told to hold it, not merely not told
    to misfit (quote_readings._Column.holds_moved: a column of a few values, or one Excel's cut rows leave
    nearly empty, takes anything, and a reading fitting by them fits by no evidence). A rare
    value on a row an Excel save cut short fits no such reading (its cells are in place): its row is
    suspect (I257), but a condition leaving it out of a first set is no sign of a shift (I277). Each cell
    is judged once per shift (a blank before it moving it right)."""
    most = min(width - len(cells), REFIT_GAPS * GAP_CELLS)
    # first[s][i]: the first cell from i on that misfits its column moved right by s; len(cells): none
    first = [_first_misfits(kinds, cells, shift, stop) for shift in range(most + 1)]
    for gap in range(1, min(most, GAP_CELLS) + 1):
        for at in range(stop + 1):
            upto = first[gap][at]  # the cells from `at` on, moved right by `gap`, fit up to here
            if upto == len(cells):
                return True
            if (
                REFIT_GAPS > 1
                and upto > at
                and any(  # (two places: upto == at is one gap of them both)
                    first[gap + more][upto] == len(cells) for more in range(1, min(most - gap, GAP_CELLS) + 1)
                )
            ):
                return True  # and from `upto` on, moved right by `more` blanks again, every one fits
    return False


def _first_misfits(kinds: ColumnKinds, cells: list[str], shift: int, stop: int) -> list[int]:
    """For each cell, the first from it on that misfits its column moved right by `shift` (len(cells):
    none); moved, a filled cell misfits a column that does not hold it too (_Column.holds_moved)."""
    columns = kinds.columns[shift : shift + len(cells)]
    found = [len(cells)] * (len(cells) + 1)
    for at in range(len(cells) - 1, -1, -1):
        cell = cells[at]
        bad = at < len(columns) and (
            bool(columns[at].misfit(cell) or columns[at].misfit_few(cell))
            or (shift > 0 and bool(cell.strip()) and not columns[at].holds_moved(cell, stop=at == stop))
        )
        found[at] = at if bad else found[at + 1]
    return found


def _name(cell: str) -> str:
    """A column name as another export may write it: its letters and digits, case aside."""
    return "".join(ch for ch in cell.casefold() if ch.isalnum())


def _unseparated(text: str) -> str:
    """`text` without what a column name's spellings differ by most often ('STUDENT-ID', 'Student ID',
    'student_id', 'Student.ID'): left out alike of the names' forms and the row's cells, for the quick
    test. Four replaces, not str.translate: the test runs on every line of every export, and a
    translate deleting characters took 7 of its 10 µs a line (a 2,000-student district: 0.12 of its
    2.2 CPU-s, where this takes 0.04)."""
    return text.replace("-", "").replace("_", "").replace(".", "").replace(" ", "")


def _forms(cell: str) -> set[str]:
    """The ways a column name is most often written, case-folded and its separators left out, for
    the quick test of each row (`OtherHeader.written`)."""
    return {_unseparated(cell.casefold()), _name(cell)}


class OtherHeader:
    """Tells a line that is another export's header (see the module)."""

    def __init__(self, header: Sequence[str]) -> None:
        self.names = frozenset(n for n in map(_name, header) if n)
        self.forms = frozenset(form for cell in header if _name(cell) for form in _forms(cell))

    def written(self, cells: list[str]) -> bool:
        """Whether a cell of the row is written as one of the header's column names, case aside
        (most rows: none, and `named` is not asked)."""
        return not self.forms.isdisjoint(_unseparated("\x1f".join(cells).casefold()).split("\x1f"))

    def named(self, cells: list[str]) -> list[str]:
        """The row's cells that are column names of the header, when they are more than half its
        filled cells and at least two; [] otherwise. (The caller passes most rows by
        `written`: no cell of theirs is written as a column name.)"""
        filled = [cell.strip() for cell in cells if cell.strip()]
        named = [cell for cell in filled if _name(cell) in self.names]
        return named if len(named) >= 2 and 2 * len(named) > len(filled) else []
