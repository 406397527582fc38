"""The row types that pass between stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from transform.report.problem import Who


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
        return at(self.file, self.line)


def at(file: str, line: int) -> SourceRow:
    """A place in an export, without cells (a record read back from a spool, a report's place)."""
    return SourceRow(file, line, [], _NO_INDEX)


_NO_INDEX: dict[str, int] = {}


@dataclass(slots=True)
class Draft:
    """One output record on its way to a file, with the row it came from."""

    table: str
    values: dict[str, str]
    origin: SourceRow
    rule: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # values filters read (term dates ...)

    def who(self) -> Who:
        return who_of(self.table, self.values.get)


def who_of(table: str, value: Callable[[str], str | None]) -> Who:
    """School, name and SIS number of a record, from its output values: what a person looks
    for in the SIS when the record was left out. The SIS number is a user's `identifier` (the
    student or staff number) or the record's own ID; an enrolment's is its user's ID."""
    if table == "orgs":
        school = value("sourcedId") or ""
    else:
        school = value("schoolSourcedId") or (value("orgSourcedIds") or "").split(",")[0]
    name = value("title") or value("name") or " ".join(v for v in (value("givenName"), value("familyName")) if v)
    number = value("identifier") or value("userSourcedId") or value("sourcedId") or ""
    return school.strip(), name.strip(), number.strip()


class Places:
    """Where records were read, each packed into one int (line << 16 | file number): what a
    stage keeps of the records it no longer holds (a SourceRow each would be ~130 bytes)."""

    LINE_BITS = 16

    def __init__(self) -> None:
        self.files: list[str] = []

    def pack(self, row: SourceRow) -> int:
        if row.file not in self.files:
            self.files.append(row.file)
        return row.line << self.LINE_BITS | self.files.index(row.file)

    def file_of(self, packed: int) -> str:
        return self.files[packed & ((1 << self.LINE_BITS) - 1)]

    def line_of(self, packed: int) -> int:
        return packed >> self.LINE_BITS

    def place(self, packed: int) -> SourceRow:
        return at(self.file_of(packed), self.line_of(packed))
