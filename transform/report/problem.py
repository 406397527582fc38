"""One occurrence of a catalogue code, with where it happened."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from transform.report.codes import Code

# Parameters that may hold personal data; --redact blanks them ("date": the day a birth date's
# spreadsheet serial stands for, D382).
PERSONAL_PARAMS = frozenset({"value", "detail", "kept", "title", "people", "person", "date", "given"})
# A personal parameter listing people by ID and name may come with the same list with the names
# alone replaced (`people` and `people_redacted`): --redact writes that one, since the IDs are
# what a person checks and no personal data (tester48 F1: X939's whole list was blanked). Any other
# parameter given a `_redacted` form is personal on that problem (I201's `found`: a header that may be a
# data row, review137 R6).
REDACTED_SUFFIX = "_redacted"


def redacted_params(params: Mapping[str, object]) -> dict[str, object]:
    """`params` as --redact writes them: each personal value replaced by its `_redacted` form when
    the problem gives one, else by `<redacted>`."""
    return {
        k: (
            params.get(f"{k}{REDACTED_SUFFIX}", "<redacted>")
            if k in PERSONAL_PARAMS or f"{k}{REDACTED_SUFFIX}" in params
            else v
        )
        for k, v in params.items()
    }


# A record as a person finds it in the SIS: its school, its name (a person's, a class's title)
# and its own SIS number (a student number, else its ID), for the explain file.
Who = tuple[str, str, str]
NO_ONE: Who = ("", "", "")


@dataclass(frozen=True, slots=True)
class Where:
    file: str = ""
    line: int = 0  # physical line where the record starts, 1-based; 0 = whole file
    column: str = ""  # header name (source column or output field)
    table: str = ""  # the output file the record was headed for
    record: str = ""  # its sourcedId, when known
    who: Who = NO_ONE  # school, name, SIS number of the record left out (not part of str())
    char: int = 0  # the character on the line, 1-based, in a text file such as a profile (file:line:char)

    def __str__(self) -> str:
        parts = [self.file] if self.file else []
        if self.line:
            parts.append(str(self.line))
            if self.char:
                parts.append(str(self.char))
        text = ":".join(parts)
        if self.column:
            text = f"{text} [{self.column}]" if text else f"[{self.column}]"
        return text


NOWHERE = Where()


@dataclass(frozen=True, slots=True)
class Problem:
    code: Code
    where: Where = NOWHERE
    params: dict[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.code.render(**self.params)

    def __str__(self) -> str:
        place = str(self.where)
        prefix = f"{place}: " if place else ""
        return f"{prefix}{self.code.id} {self.code.slug}: {self.message}"

    def said(self, *, redact: bool = False) -> str:
        """`str(self)`, with --redact's personal values (PERSONAL_PARAMS) replaced."""
        if not redact:
            return str(self)
        place = str(self.where)
        params = redacted_params(self.params)
        return f"{f'{place}: ' if place else ''}{self.code.id} {self.code.slug}: {self.code.render(**params)}"

    def to_dict(self, *, redact: bool = False) -> dict[str, object]:
        params = redacted_params(self.params) if redact else self.params
        message = self.code.render(**params)
        said: dict[str, object] = {
            "code": self.code.id,
            "slug": self.code.slug,
            "severity": str(self.code.severity),
            "action": str(self.code.action),
            "file": self.where.file,
            "line": self.where.line,
            "column": self.where.column,
            "table": self.where.table,
            "record": self.where.record,
            "message": message,
            "params": {k: str(v) for k, v in params.items()},
        }
        if self.where.char:  # a profile's line and character, each in its field (tester63 F5: "file:6:8", line 0)
            said["char"] = self.where.char
        return said


class TransformAbort(Exception):
    """Raised only when the run cannot continue; carries every problem that stopped it."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @property
    def exit_status(self) -> int:
        return max(p.code.exit_status for p in self.problems)
