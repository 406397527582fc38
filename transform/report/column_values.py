"""The values a flag or code column holds, counted as it is read (pipeline.seen_values)."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field

# A column holding more distinct values than this is no flag or code column (names, IDs,
# dates): it is no longer counted.
MAX_DISTINCT = 20


@dataclass
class KeptOut:
    """Of one keep-out column, by the IDs' stable hashes (pipeline.blanked_keep_out.id_hash):
    those whose row the column left out tonight; of those it left out last night, those whose
    rows are in tonight's export (`still`) and those with the cell blank tonight (`blank`, with
    a few of their IDs as written); and how many rows hold a value there (`filled`; left 0 by the
    columnar engine where nobody was left out either night: nothing to judge by it).
    `passed` holds, in the process's own hash of the ID (never kept), each row the column passes,
    and `left_as` that hash of each ID in `left`: an ID with a row left out and a row passed (a
    student who changed school or re-enrolled: a closed row beside an open one) was published, not
    left out (`left_alone`); her rows left out are recorded instead, by the ROW (`row_hashes`: the
    stable hash of the row's cells but the column's, `rows_of` by the process's hash of her ID;
    `passed_rows` the process's hash of each passed row's cells but the column's): her closed row
    gone (a new school year) is then no evidence, while her closed row still there with the cell
    blank (the column lost) is back (review212 R1). A closed row the same as a passed one but for the
    column is not recorded: no later night can tell it from her running row."""

    left: set[int] = field(default_factory=set)
    still: set[int] = field(default_factory=set)
    blank: set[int] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    filled: int = 0
    passed: array[int] = field(default_factory=lambda: array("q"))
    left_as: dict[int, int] = field(default_factory=dict)
    passed_rows: array[int] = field(default_factory=lambda: array("q"))
    rows_of: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    row_hashes: set[int] = field(default_factory=set)

    def left_alone(self) -> set[int]:
        """Of `left`, the IDs no row of which the column passed: the people (or rows) it left out;
        of the others, the rows the column left out (their stable row hashes), each unlike every
        row passed."""
        if not self.left_as:
            return set(self.left)
        reached = {h for h in self.passed if h in self.left_as}
        rows = {own: stable for h in reached for own, stable in self.rows_of.get(h, ())}
        twins = {own for own in self.passed_rows if own in rows} if rows else set()
        return (self.left - {self.left_as[h] for h in reached}) | {
            stable for own, stable in rows.items() if own not in twins
        }

    def merge(self, other: KeptOut) -> None:
        self.filled += other.filled
        self.passed.extend(other.passed)
        self.left_as.update(other.left_as)
        self.passed_rows.extend(other.passed_rows)
        for h, rows in other.rows_of.items():
            self.rows_of.setdefault(h, []).extend(rows)
        self.row_hashes |= other.row_hashes
        self.left |= other.left
        self.still |= other.still
        self.blank |= other.blank
        self.examples.extend(other.examples[: max(0, 3 - len(self.examples))])


@dataclass
class ColumnValues:
    """(export file, column as its header writes it) -> how many rows hold each value (stripped),
    or None once the column held more than MAX_DISTINCT values."""

    columns: dict[tuple[str, str], Counter[str] | None] = field(default_factory=dict)
    # (export file, column as written) -> how many rows hold a value there, for the contact-point
    # columns no rule reads (pipeline.unread_groups: emails are too many values to count each)
    filled: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (export file, column as written) -> the IDs a keep-out condition reading the column alone (a
    # blank passing it) left out tonight, and of those it left out last night the ones back with the
    # cell blank (pipeline.blanked_keep_out, X877)
    keep_out: dict[tuple[str, str], KeptOut] = field(default_factory=dict)

    def add(self, file: str, column: str, counts: Counter[str] | None) -> None:
        """Counts of one pass over the column (None: too many values to be a code column)."""
        key = (file, column)
        ours = self.columns.get(key, Counter())
        if ours is None or counts is None:
            self.columns[key] = None
            return
        ours.update(counts)
        self.columns[key] = ours if len(ours) <= MAX_DISTINCT else None

    def add_filled(self, file: str, column: str, rows: int) -> None:
        """The rows of one pass over the column holding a value."""
        self.filled[(file, column)] += rows

    def merge(self, other: ColumnValues) -> None:
        """Add the counts of another process (pipeline.overlap's worker) to these."""
        for (file, column), counts in other.columns.items():
            self.add(file, column, counts)
        self.filled.update(other.filled)
        for key, kept in other.keep_out.items():
            self.keep_out.setdefault(key, KeptOut()).merge(kept)
