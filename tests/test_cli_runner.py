"""tests/cli_runner.py: a forked `transform` run says and does what the console script in a new
interpreter says and does (exit code, stdout, stderr, files), so the tests that use it prove
what they proved with a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests import cli_runner
from tests.conftest import FIXTURES

SCRIPT = str(cli_runner.SCRIPT)
SAMPLE = FIXTURES / "powerschool" / "district" / "in"
# Of this run, not of the command: they differ between any two runs.
OF_THE_RUN = ("duration_s", "timestamp")


def both(cmd: list[Any], **options: Any) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    forked = cli_runner.run(cmd, capture_output=True, text=True, timeout=120, **options)
    started = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False, **options)
    return forked, started


@pytest.mark.parametrize(
    "args",
    [["--version"], ["run", "--help"], ["--jobs", "3"], ["codes", "X884"]],
    ids=["version", "help", "usage-error", "codes"],
)
def test_what_the_command_says_is_the_same(args: list[str]) -> None:
    forked, started = both([SCRIPT, *args])
    assert (forked.returncode, forked.stdout, forked.stderr) == (started.returncode, started.stdout, started.stderr)


def test_python_m_transform_is_the_module_form(tmp_path: Path) -> None:
    forked, started = both([sys.executable, "-m", "transform", "--profile", "powerschool", tmp_path / "no", "out"])
    assert forked.returncode == started.returncode == 2
    assert forked.stderr == started.stderr and "is not a folder" in forked.stderr


def test_a_published_night_in_its_own_folder_and_environment(tmp_path: Path) -> None:
    """cwd and env are the run's: OUT relative to cwd, the summary wrapped at COLUMNS=60."""
    env = {**os.environ, "COLUMNS": "60"}
    results = {}
    for name in ("forked", "started"):
        (tmp_path / name).mkdir()
        run = cli_runner.run if name == "forked" else subprocess.run
        results[name] = run(
            [SCRIPT, "--profile", "powerschool", SAMPLE, "out", "--as-of", "2026-10-15"],
            capture_output=True, text=True, timeout=120, cwd=tmp_path / name, env=env,
        )  # fmt: skip
    forked, started = results["forked"], results["started"]
    assert forked.returncode == started.returncode == 0, forked.stderr
    assert (forked.stdout, forked.stderr) == (started.stdout, started.stderr)
    published = {p.name: p.read_bytes() for p in (tmp_path / "forked" / "out").glob("*.csv")}
    assert published and published == {p.name: p.read_bytes() for p in (tmp_path / "started" / "out").glob("*.csv")}


def test_the_json_log_line_of_a_refusal(tmp_path: Path) -> None:
    forked, started = both(
        [SCRIPT, "--profile", "powerschool", tmp_path / "no", tmp_path / "out", "--log-format", "json"]
    )
    assert forked.returncode == started.returncode == 2
    lines = [json.loads(result.stderr.splitlines()[-1]) for result in (forked, started)]
    for line in lines:
        for of_this_run in OF_THE_RUN:
            line.pop(of_this_run)
    assert lines[0] == lines[1] and lines[0]["stopped_by_codes"] == ["X902"]


def test_a_run_past_its_timeout_is_killed(tmp_path: Path) -> None:
    with pytest.raises(subprocess.TimeoutExpired):
        cli_runner.run(
            [SCRIPT, "--profile", "powerschool", SAMPLE, tmp_path / "out", "--as-of", "2026-10-15"],
            capture_output=True, text=True, timeout=0.001,
        )  # fmt: skip
    assert not (tmp_path / "out" / "users.csv").exists()


def test_the_test_process_is_left_as_it_was(tmp_path: Path) -> None:
    """The child's cwd, environment, stdio and signal handlers are its own."""
    import signal
    import warnings

    before = (Path.cwd(), dict(os.environ), sys.stdout, sys.stderr, signal.getsignal(signal.SIGTERM))
    filters = list(warnings.filters)
    cli_runner.run(
        [SCRIPT, "--version"], capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "COLUMNS": "40"}
    )
    assert (Path.cwd(), dict(os.environ), sys.stdout, sys.stderr, signal.getsignal(signal.SIGTERM)) == before
    assert warnings.filters == filters


def test_options_it_does_not_copy_run_a_real_subprocess(tmp_path: Path) -> None:
    """An environment the interpreter reads at its start (the locale of its stdio) is a new interpreter's."""
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    forked, started = both([SCRIPT, "--version"], env=env)
    assert (forked.returncode, forked.stdout) == (started.returncode, started.stdout)
    assert cli_runner._changes_start_up(env) and not cli_runner._changes_start_up({**os.environ, "COLUMNS": "9"})
