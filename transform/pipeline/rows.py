"""The row types that pass between stages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SourceRow:
    file: str  # file name as the admin sees it
    line: int  # physical line where the record starts (1-based)
    cells: list[str]
    index: dict[str, int]  # normalized column -> cell position, shared by the whole file

    def get(self, key: str) -> str:
        position = self.index.get(key)
        return self.cells[position] if position is not None else ""

    def place(self) -> SourceRow:
        """Where the row was, without its cells: what a record held until the end keeps."""
        return SourceRow(self.file, self.line, [], _NO_INDEX)


_NO_INDEX: dict[str, int] = {}


@dataclass(slots=True)
class Draft:
    """One output record on its way to a file, with the row it came from."""

    table: str
    values: dict[str, str]
    origin: SourceRow
    rule: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # values filters read (term dates ...)
