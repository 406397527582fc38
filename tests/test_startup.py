"""What a command imports before it does anything (docs/architecture.md, Start-up).

Every nightly run and every subprocess test pays for the imports of `transform`: a plain run
must not import what only an option needs (delivery, the columnar engine, the HTML page), nor
pydantic (typer's conversion of values, tests/test_cli_params.py), and `--version`, `--help`
and `codes` start without the library. These are import checks, not timings: how fast belongs
to the benchmarks.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

SAMPLE = FIXTURES / "powerschool" / "district"

# Runs `transform ARGS` as the console script does, then writes the modules it imported.
_RUN = """
import json, runpy, sys
out, args = sys.argv[1], json.loads(sys.argv[2])
sys.argv = ["transform", *args]
try:
    runpy.run_module("transform", run_name="__main__", alter_sys=True)
    status = 0
except SystemExit as end:
    status = end.code if isinstance(end.code, int) else 1
with open(out, "w", encoding="utf-8") as file:
    json.dump({"status": status, "modules": sorted(sys.modules)}, file)
"""

# Only what an option asks for: --upload, --engine columnar (or a large export), --html.
OPTIONAL = ("paramiko", "duckdb", "pyarrow", "transform.pipeline.deliver", "transform.pipeline.known_hosts")
NEVER_IN_A_PLAIN_RUN = (*OPTIONAL, "pydantic", "pydantic_core", "typer._adapters", "jinja2", "transform.html_report")
LIBRARY = ("transform.api", "transform.pipeline.run", "transform.profile", "yaml", "jsonschema")


def _imported(tmp_path: Path, *args: str) -> tuple[int, set[str]]:
    record = tmp_path / "modules.json"
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    subprocess.run(
        [sys.executable, "-c", _RUN, str(record), json.dumps(args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=False,
        timeout=300,
    )
    data = json.loads(record.read_text(encoding="utf-8"))
    return data["status"], set(data["modules"])


def _of(modules: set[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in packages))


def test_a_plain_run_imports_nothing_an_option_needs(tmp_path: Path) -> None:
    status, modules = _imported(
        tmp_path, "--profile", "powerschool", str(SAMPLE / "in"), str(tmp_path / "out"), "--as-of", "2026-10-15"
    )
    assert status == 0
    assert (tmp_path / "out" / "users.csv").is_file()
    assert not _of(modules, NEVER_IN_A_PLAIN_RUN)
    # Its languages are common ones, its dates in the common shapes (cleaners/languages.py, dates.py).
    assert not _of(modules, ("langcodes", "language_data", "dateutil"))
    # The standard library's html (its entities table) is --html's page's (report_files), not a run's.
    assert not _of(modules, ("html",))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["codes"], ["codes", "D304"]], ids=" ".join)
def test_version_help_and_codes_start_without_the_library(tmp_path: Path, args: list[str]) -> None:
    status, modules = _imported(tmp_path, *args)
    assert status == 0
    assert not _of(modules, (*LIBRARY, *NEVER_IN_A_PLAIN_RUN))


def test_version_starts_without_rich_s_extras(tmp_path: Path) -> None:
    """--version prints one line: rich's console, not its tables, progress bars or markdown."""
    _, modules = _imported(tmp_path, "--version")
    assert not _of(modules, ("rich.table", "rich.progress", "rich.markdown", "transform.pipeline"))


def test_the_sftp_timeout_default_is_written_once_in_effect() -> None:
    """The command line and the library say deliver's default without importing it."""
    from transform import api, cli
    from transform.pipeline import deliver

    default = next(f.default for f in dataclasses.fields(api.RunOptions) if f.name == "sftp_timeout")
    assert cli.DEFAULT_SFTP_TIMEOUT == default == deliver.DEFAULT_TIMEOUT


def test_a_quiet_run_that_says_nothing_imports_no_rich(tmp_path: Path) -> None:
    """Nothing to say on stderr and no summary: rich's console (~0.04 s) was imported only to
    flush stderr (README "Speed and memory")."""
    from benchmarks.synthetic import write_district

    exports, out = tmp_path / "in", tmp_path / "out"
    write_district(exports, 200)  # a clean district: nothing to say (the sample has an error to say)
    status, modules = _imported(
        tmp_path, "--profile", "powerschool", str(exports), str(out), "--as-of", "2026-10-15", "--quiet"
    )
    assert status == 0 and (out / "users.csv").is_file()
    assert not _of(modules, ("rich",))
