"""Templates such as "{course.Course_Name} - {Expression}": parse once, render per row."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

OUT_ALIAS = "out"  # {out.title} names an output column (filters only)
SETTINGS_ALIAS = "settings"  # {settings.email_domain} reads a setting


@dataclass(frozen=True, slots=True)
class FieldRef:
    alias: str | None  # None = the rule's own source row
    column: str  # as written in the profile
    key: str = field(init=False, compare=False)  # how it is looked up; computed once, read per row

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", normalize_column(self.column))

    def __str__(self) -> str:
        return f"{self.alias}.{self.column}" if self.alias else self.column


Part = str | FieldRef


class TemplateError(ValueError):
    pass


def parse_field(text: str) -> FieldRef:
    text = text.strip()
    if not text:
        raise TemplateError("empty placeholder {}")
    alias, dot, column = text.partition(".")
    if dot and alias and column:
        return FieldRef(alias, column)
    return FieldRef(None, text)


def parse(template: str) -> tuple[Part, ...]:
    """Literal text and {placeholders}; {{ and }} stand for braces."""
    parts: list[Part] = []
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise TemplateError(str(exc)) from None
    for literal, name, spec, conversion in pieces:
        if literal:
            parts.append(literal)
        if name is None:
            continue
        if spec or conversion:
            raise TemplateError(f"placeholder {{{name}}} may not carry ':' or '!' formatting")
        parts.append(parse_field(name))
    return tuple(parts)


def fields(parts: tuple[Part, ...]) -> list[FieldRef]:
    return [p for p in parts if isinstance(p, FieldRef)]


def normalize_column(name: str) -> str:
    """How headers and profile column names are compared (see pipeline.read.header_key)."""
    return name.strip().casefold()
