"""The values a flag or code column holds, counted as it is read (pipeline.seen_values)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

# A column holding more distinct values than this is no flag or code column (names, IDs,
# dates): it is no longer counted.
MAX_DISTINCT = 20


@dataclass
class ColumnValues:
    """(export file, column as its header writes it) -> how many rows hold each value (stripped),
    or None once the column held more than MAX_DISTINCT values."""

    columns: dict[tuple[str, str], Counter[str] | None] = field(default_factory=dict)
    # (export file, column as written) -> how many rows hold a value there, for the contact-point
    # columns no rule reads (pipeline.unread_groups: emails are too many values to count each)
    filled: Counter[tuple[str, str]] = field(default_factory=Counter)
    # (export file, column as written, FILLED or LEFT_OUT) -> rows holding a value, and rows holding
    # one a condition leaves out, for the columns a keep-out condition reads alone, a blank passing it
    # (pipeline.blanked_keep_out: such a column blank on every row tonight, X877)
    keep_out: Counter[tuple[str, str, str]] = field(default_factory=Counter)

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
        self.keep_out.update(other.keep_out)
