"""transform/cli_params.py converts the command line's plain values as typer's own conversion does.

For every parameter of every command, a range of values, valid and not: where cli_params takes
a value, the result (value and type) or the error is the one typer's own RuntimeParam gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_origin

import pytest
import typer
import typer.main
from typer._coercion import build_runtime_param

from transform import cli_params
from transform.cli import Engine, LogFormat, Target, app

ROOT = Path(__file__).parents[1]

SAMPLES: dict[Any, list[Any]] = {
    str: ["powerschool", "", " x ", "é", "2026-10-15", "sftp://u@h/p", "a\tb", "-"],
    bool: [True, False],
    int: ["0", "1", "2", "3", "10", "11", "007", "-1", "+1", " 1", "1.0", "1_0", "abc", "", "٣", 0, 1, 3],
    float: [
        *("0", "0.1", "0.05", "10", "10.5", "100", "100.0", "100.1", "007.50", "1e1", "-1", "nan", "inf", "", "x"),
        *(0.1, 30.0, 100.0),
    ],
    Path: [
        *("out", "out/", "./x", "~/.ssh/known_hosts", "/tmp", "README.md", "fixtures", "-", "a b", "", "é/ü"),
        *(Path("x"), Path("~/.ssh/known_hosts")),
    ],
    Target: ["remind", "oneroster", "REMIND", "Remind", "x", "", Target.REMIND, Target.ONEROSTER],
    Engine: ["auto", "columnar", "python", "Python", "duckdb", Engine.AUTO],
    LogFormat: ["text", "json", "JSON", "xml", LogFormat.TEXT],
    list[str]: [(), ("a",), ("a", "b"), ["x", "y"], ("",)],
}


def _parameters() -> list[tuple[str, Any]]:
    group = typer.main.get_command(app)
    found = [("transform", p) for p in group.params]
    found += [(name, p) for name, command in group.commands.items() for p in command.params]  # type: ignore[attr-defined]
    return found


PARAMETERS = _parameters()


def _outcome(convert: Any) -> tuple[str, Any, Any]:
    try:
        value = convert()
    except Exception as error:
        return "error", type(error), str(error)
    return "value", type(value), value


@pytest.mark.parametrize(("command", "param"), PARAMETERS, ids=[f"{c} {p.name}" for c, p in PARAMETERS])
def test_each_plain_value_is_converted_as_typer_converts_it(
    command: str, param: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)  # README.md and fixtures/ exist: typer looks at an existing path
    descriptor = param.type_descriptor
    annotation = descriptor.annotation
    assert cli_params._handled(annotation), f"{command} {param.name}: {annotation} is left to pydantic"
    kind = list[str] if get_origin(annotation) is list else annotation
    ctx = typer.Context(typer.main.get_command(app))
    typers_own = build_runtime_param(descriptor)
    taken = 0
    for value in SAMPLES[kind]:
        plain = cli_params.plain_value(annotation, descriptor.parameter_info, value, param=param, ctx=ctx)
        if plain is cli_params.NOT_PLAIN:
            continue
        taken += 1
        ours = _outcome(
            lambda v=value: cli_params.plain_value(annotation, descriptor.parameter_info, v, param=param, ctx=ctx)
        )
        theirs = _outcome(lambda v=value: typers_own._coerce_value(v, param=param, ctx=ctx))
        assert ours == theirs, (command, param.name, value)
    assert taken, f"{command} {param.name}: no sample taken without pydantic"


def test_the_sample_runs_values_are_all_plain() -> None:
    """A nightly run's command line never needs pydantic (tests/test_startup.py checks the import)."""
    run = typer.main.get_command(app).commands["run"]  # type: ignore[attr-defined]
    ctx = typer.Context(run)
    given = {
        "in_dir": "fixtures/powerschool/district/in",
        "out_dir": "/tmp/x-out",
        "profile": "powerschool",
        "as_of": "2026-10-15",
        "target": "remind",
        "term": ("S1",),
        "max_removal": "15",
        "keep": "3",
        "jobs": "2",
        "engine": "python",
        "log_format": "json",
        "sftp_timeout": "30",
        "upload_attempts": "3",
        "known_hosts": Path("~/.ssh/known_hosts"),
    }
    for param in run.params:
        if param.name in given:
            info = param.type_descriptor.parameter_info
            value = cli_params.plain_value(
                param.type_descriptor.annotation, info, given[param.name], param=param, ctx=ctx
            )
            assert value is not cli_params.NOT_PLAIN, param.name


def test_a_value_typer_refuses_is_refused_by_typers_own_conversion() -> None:
    run = typer.main.get_command(app).commands["run"]  # type: ignore[attr-defined]
    keep = next(p for p in run.params if p.name == "keep")
    assert isinstance(keep.get_runtime_param(), cli_params.PlainRuntimeParam)
    with pytest.raises(typer.BadParameter, match="Input should be greater than or equal to 0"):
        keep.get_runtime_param().coerce("-1", param=keep, ctx=typer.Context(run))
