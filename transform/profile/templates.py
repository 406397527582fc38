"""Templates such as "{course.Course_Name} - {Expression}": parse once, render per row.

A placeholder may name alternatives, `{course.Course Title|Course Title}`: the first of them whose
cell is not blank (as `column: [A, B]` is for a whole column), else blank."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable
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


@dataclass(frozen=True, slots=True)
class FirstOf:
    """`{A|B}`: the first of the alternatives whose cell is not blank (`first_cell`)."""

    refs: tuple[FieldRef, ...]  # two or more

    def __str__(self) -> str:
        return "|".join(str(ref) for ref in self.refs)


Part = str | FieldRef | FirstOf
ALTERNATIVES = "|"  # {A|B}


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
        parts.append(_placeholder(name))
    return tuple(parts)


def _placeholder(name: str) -> FieldRef | FirstOf:
    if ALTERNATIVES not in name:
        return parse_field(name)
    refs = tuple(parse_field(alternative) for alternative in name.split(ALTERNATIVES))
    if any(ref.alias in (OUT_ALIAS, SETTINGS_ALIAS) for ref in refs):
        raise TemplateError(f"placeholder {{{name}}}: alternatives name export columns, not out. or settings.")
    return FirstOf(refs)


def fields(parts: Iterable[Part]) -> list[FieldRef]:
    """Every cell the template reads, each alternative of a `{A|B}` too."""
    return [ref for p in parts if not isinstance(p, str) for ref in (p.refs if isinstance(p, FirstOf) else (p,))]


def lone(parts: Iterable[Part]) -> tuple[FieldRef, ...]:
    """The export columns a lone placeholder reads: a template that is one placeholder and
    nothing else, `{Status}`'s Status, `{Enr Status|Status}`'s alternatives in order (its value is
    the first of them not blank); () for any other template (text, several placeholders)."""
    found = [p for p in parts if p != ""]
    if len(found) != 1 or isinstance(found[0], str):
        return ()
    return found[0].refs if isinstance(found[0], FirstOf) else (found[0],)


def first_cell(values: Iterable[str]) -> str:
    """A `{A|B}`'s value from its alternatives' cells, in order: the first not blank, as it is."""
    return next((value for value in values if value.strip()), "")


def cell(part: FieldRef | FirstOf, get: Callable[[FieldRef], str]) -> str:
    """A placeholder's value, `get` reading one cell: a `{A|B}`'s first not blank."""
    return first_cell(get(ref) for ref in part.refs) if isinstance(part, FirstOf) else get(part)


def normalize_placeholder(text: str) -> str:
    """How `allow_empty` names a placeholder: `Section Number`, an alternative's `Alt A`, or a
    `{A|B}` whole as the template writes it (`Alt A|Alt B`, spaces around `|` alike)."""
    return ALTERNATIVES.join(normalize_column(name) for name in text.split(ALTERNATIVES))


def normalize_column(name: str) -> str:
    """How headers and profile column names are compared (see pipeline.read.header_key)."""
    return name.strip().casefold()
