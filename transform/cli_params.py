"""Typer's conversion of the command line's values, without pydantic for the plain ones.

typer converts every parameter but a flag with a pydantic TypeAdapter, built when the command
runs: importing pydantic and building the adapters took ~0.15 s of every command but
`--version` and `--help` (a quarter of a small district's run). The types this command line
declares are few: str, bool, Path, a StrEnum, int and float with bounds, list[str]. A value that is
plainly one of them (text, digits within the bounds, a choice as written) is converted here as
typer converts it, with typer's own helpers for paths and choices; any other value, and any
other type, goes to typer's own conversion, so that every message about a wrong value is
typer's. tests/test_cli_params.py compares both conversions for every parameter of every
command. A typer without these internals keeps its own conversion throughout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

import typer.core

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover (another typer: its own conversion throughout)
    RuntimeParam = None  # type: ignore[assignment,misc]

_DIGITS = re.compile(r"[0-9]+\Z")
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")


class _NotPlain:
    """A value typer converts itself."""


NOT_PLAIN = _NotPlain()


def plain_value(annotation: Any, info: Any, value: Any, *, param: Any = None, ctx: Any = None) -> Any:
    """`value` converted as typer converts it to `annotation`, or NOT_PLAIN."""
    if get_origin(annotation) is list:
        if get_args(annotation) == (str,) and isinstance(value, list | tuple) and all(type(v) is str for v in value):
            return list(value)
        return NOT_PLAIN
    if info.parser is not None:
        return NOT_PLAIN
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return NOT_PLAIN
    if annotation is int or annotation is float:
        return _number(annotation, info, value)
    if annotation is str or annotation is bool:  # a flag's value is a bool already, or None
        return value if type(value) is annotation else NOT_PLAIN
    if isinstance(annotation, type) and issubclass(annotation, Path):
        if type(value) is str and value and "\x00" not in value:
            value = Path(value)
        if not isinstance(value, Path):
            return NOT_PLAIN
        return coerce_cli_path(value, info, path_type=info.path_type or annotation, param=param, ctx=ctx)
    return NOT_PLAIN


def _number(annotation: type[Any], info: Any, value: Any) -> Any:
    if info.clamp:
        return NOT_PLAIN
    if type(value) is annotation:
        number = value
    elif type(value) is str and (_DIGITS if annotation is int else _DECIMAL).match(value):
        number = annotation(value)
    else:
        return NOT_PLAIN
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return NOT_PLAIN
    return number


def _handled(annotation: Any) -> bool:
    if get_origin(annotation) is list:
        return get_args(annotation) == (str,)
    return annotation in (str, bool, int, float) or (
        isinstance(annotation, type) and issubclass(annotation, Enum | Path)
    )


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):
        """Plain values converted here, the others by typer's own RuntimeParam."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain = plain_value(self.annotation, self.parameter_info, value, param=param, ctx=ctx)
            if plain is not NOT_PLAIN:
                return plain
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


def install() -> None:
    """Convert the plain values of every typer parameter here (see the module's doc)."""
    parameter = getattr(typer.core, "_TyperParameter", None)
    typers_own = getattr(parameter, "get_runtime_param", None)
    if RuntimeParam is None or parameter is None or typers_own is None or getattr(typers_own, "plain", False):
        return

    def get_runtime_param(self: Any) -> Any:
        descriptor = self.type_descriptor
        if self._runtime_param is None and descriptor.file_annotation is None and _handled(descriptor.annotation):
            self._runtime_param = PlainRuntimeParam(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
        return typers_own(self)

    get_runtime_param.plain = True  # type: ignore[attr-defined]
    parameter.get_runtime_param = get_runtime_param
