"""The values a flag or code column holds, counted as it is read (pipeline.seen_values)."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field

# A column holding more distinct values than this is no flag or code column (names, IDs,
# dates): it is no longer counted.
MAX_DISTINCT = 20
# last night's movers' IDs as written kept for the message (X877), those back among them
NAMED = 64


def short_hash(text: str) -> int:
    """The process's own hash of `text` cut to 31 bits (`KeptOut.passed`, `KeptOut.left_as`)."""
    return hash(text) & 0x7FFFFFFF


@dataclass
class KeptOut:
    """Of one keep-out column, by the IDs' stable hashes (pipeline.blanked_keep_out.id_hash):
    those whose row the column left out tonight; of those it left out last night, those whose
    rows are in tonight's export (`still`) and those with the cell blank tonight (`blank`, with
    a few of their IDs as written); and how many rows hold a value there (`filled`; left 0 by the
    columnar engine where nobody was left out either night: nothing to judge by it).
    `passed` holds, in the process's own hash of the ID (never kept), each row the column passes,
    and `left_as` that hash of each row it left out, beside its stable hash in `left_stable`
    (arrays; the process's hash cut to 31 bits, `short_hash`, 4 bytes a row: a dict and a Counter a
    left-out row and 8 bytes a passed row doubled the enrolments stage's memory, 160 -> 331 bytes an
    enrolment, test_streaming; two IDs of one short hash, about one row in 2**31 a left-out ID,
    only take that ID's row out of X877's evidence): an ID with a row
    left out and a row passed (a student who changed school or re-enrolled: a closed row beside an
    open one) was published, not left out (`left_alone`); she is recorded instead as moved, by her
    ID and how many rows she has (`movers`): a template edit (a column added, the columns reordered,
    a date format changed) leaves both alone. Of last night's movers, `moved_rows` counts tonight's
    rows and `moved_blank` holds those with a row's cell blank: as many rows as last night (or more)
    and none left out is one back (the column lost); fewer (her closed row purged: the new school
    year) is no evidence (review212 R1, review217 R1). `moved_named` a few of their IDs as written."""

    left: set[int] = field(default_factory=set)
    still: set[int] = field(default_factory=set)
    blank: set[int] = field(default_factory=set)
    examples: list[str] = field(default_factory=list)
    filled: int = 0
    passed: array[int] = field(default_factory=lambda: array("i"))
    left_as: array[int] = field(default_factory=lambda: array("i"))
    left_stable: array[int] = field(default_factory=lambda: array("q"))
    moved_rows: Counter[int] = field(default_factory=Counter)
    moved_blank: set[int] = field(default_factory=set)
    moved_named: dict[int, str] = field(default_factory=dict)

    def movers(self) -> dict[int, int]:
        """The IDs (stable hashes) with a row the column left out and a row it passed, each with how
        many rows she has tonight."""
        if not self.left_as:
            return {}
        stable = dict(zip(self.left_as, self.left_stable, strict=True))  # tonight's check only
        reached = Counter(h for h in self.passed if h in stable)
        left_rows = Counter(h for h in self.left_as if h in reached)
        return {stable[h]: n + left_rows[h] for h, n in reached.items()}

    def left_alone(self, movers: dict[int, int]) -> set[int]:
        """Of `left`, the IDs no row of which the column passed: the people it left out."""
        return self.left - movers.keys()

    def merge(self, other: KeptOut) -> None:
        self.filled += other.filled
        self.passed.extend(other.passed)
        self.left_as.extend(other.left_as)
        self.left_stable.extend(other.left_stable)
        self.moved_rows.update(other.moved_rows)
        self.moved_blank |= other.moved_blank
        for h, named in other.moved_named.items():
            if len(self.moved_named) < NAMED:
                self.moved_named.setdefault(h, named)
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
