"""How each export column writes its dates, as counted while the exports are read: of its dates
written d/m/y or m/d/y, how many are possible only day first (13/04/2026) and how many only
month first (04/13/2026). pipeline.date_order reads the counts before anything is published."""

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


@dataclass
class DateForms:
    """(file, column as its header writes it) -> the counts of that column."""

    columns: dict[tuple[str, str], ColumnForms] = field(default_factory=dict)

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
