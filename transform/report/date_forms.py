"""How each export column writes its dates, as counted while the exports are read: of its dates
written d/m/y or m/d/y, how many are possible only day first (13/04/2026) and how many only
month first (04/13/2026). pipeline.date_order reads the counts before anything is published.

And of each birth-date column (one a `birth_date` cleaner reads), how many of its dates give a
student's age on the as-of date and how many make the student under 2 or lie after it
(pipeline.birth_dates: X987)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Place = tuple[int, str]  # (physical line, value as written)


@dataclass(slots=True)
class ColumnForms:
    day_only: int = 0
    month_only: int = 0
    day_example: Place | None = None  # the first value possible only day first
    month_example: Place | None = None


@dataclass(slots=True)
class ColumnAges:
    """A birth-date column's dates: those that give a student's age, those that give none (under
    2, after the as-of date), and the first of those with why (its line, the value as written,
    '1 year old'); and apart, the two-digit years with no student's age in either century (D371's:
    each blanked and said, whatever the column)."""

    student: int = 0
    none: int = 0
    example: tuple[int, str, str] | None = None
    two_digit: int = 0

    def add(self, other: ColumnAges) -> None:
        self.student += other.student
        self.none += other.none
        self.two_digit += other.two_digit
        if other.example is not None and (self.example is None or other.example[0] < self.example[0]):
            self.example = other.example


@dataclass
class DateForms:
    """(file, column as its header writes it) -> the counts of that column."""

    columns: dict[tuple[str, str], ColumnForms] = field(default_factory=dict)
    ages: dict[tuple[str, str], ColumnAges] = field(default_factory=dict)

    def note(self, file: str, column: str, order: Literal["day", "month"], line: int, value: str) -> None:
        forms = self.columns.get((file, column))
        if forms is None:
            forms = self.columns[file, column] = ColumnForms()
        if order == "day":
            forms.day_only += 1
            forms.day_example = forms.day_example or (line, value)
        else:
            forms.month_only += 1
            forms.month_example = forms.month_example or (line, value)

    def note_ages(self, file: str, column: str, ages: ColumnAges) -> None:
        """Add a birth-date column's counts (of a file read, or of some of its rows)."""
        ours = self.ages.get((file, column))
        if ours is None:
            self.ages[file, column] = ColumnAges(ages.student, ages.none, ages.example, ages.two_digit)
        else:
            ours.add(ages)

    def merge(self, other: DateForms) -> None:
        """Add the counts of another process (pipeline.overlap's worker) to these."""
        for key, theirs in other.columns.items():
            ours = self.columns.get(key)
            if ours is None:
                self.columns[key] = theirs
                continue
            ours.day_only += theirs.day_only
            ours.month_only += theirs.month_only
            ours.day_example = ours.day_example or theirs.day_example
            ours.month_example = ours.month_example or theirs.month_example
        for (file, column), ages in other.ages.items():
            self.note_ages(file, column, ages)
