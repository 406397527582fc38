"""--report's file and --html's page never keep last night's "published" (state62): a run killed while
the library loads (before the start report was written), or refused with exit 2 before it began (an
option typer refuses, an output path preflight refuses), left the night before's for a pipeline to read."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import ROOT
from transform import cli

LAST_NIGHT = {"format": 1, "published": True, "status": "finished", "facts": {"exit_status": 0}}
PAGE = "<html><title>Roster run: published</title>LAST NIGHT</html>"


def _seed(folder: Path) -> tuple[Path, Path]:
    report, page = folder / "report.json", folder / "page.html"
    report.write_text(json.dumps(LAST_NIGHT), encoding="utf-8")
    page.write_text(PAGE, encoding="utf-8")
    return report, page


def _schema() -> Any:
    return json.loads(resources.files("transform.report").joinpath("report.schema.json").read_text("utf-8"))


# SIGKILL as `transform` begins to load the library (transform.api, a second or two on a loaded machine).
_KILLED_LOADING = """
import os, runpy, signal, sys
class Kill:
    def find_spec(self, name, path=None, target=None):
        if name == "transform.api":
            os.kill(os.getpid(), signal.SIGKILL)
sys.meta_path.insert(0, Kill())
sys.argv = ["transform", *sys.argv[1:]]
runpy.run_module("transform", run_name="__main__", alter_sys=True)
"""


def test_a_run_killed_while_the_library_loads_leaves_a_running_report_and_page(tmp_path: Path) -> None:
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    report, page = _seed(tmp_path)
    args = ["--profile", "powerschool", str(exports), str(out), "--as-of", "2026-10-15"]
    ended = subprocess.run(
        [sys.executable, "-c", _KILLED_LOADING, *args, "--report", str(report), "--html", str(page)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert ended.returncode == -signal.SIGKILL, ended.stderr
    left = json.loads(report.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(_schema()).validate(left)
    assert left["status"] == "running" and left["published"] is False and left["facts"]["as_of"] == "2026-10-15"
    drawn = page.read_text(encoding="utf-8")
    assert "LAST NIGHT" not in drawn and "has not ended" in drawn and "running" in drawn


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        (["--max-removal", "200"], "X950"),  # a value typer refuses
        (["--nonsense"], "X950"),  # an option typer does not know
        (["--as-of", "2026-13-45"], "X950"),  # a value the run's body refuses
        (["--explain", "{report}"], "X902"),  # an output path preflight refuses (two options, one file)
        (["--profile", "no-such-profile"], "P100"),  # refused by the library, as before
    ],
)
def test_a_run_refused_with_exit_2_writes_its_refusal_not_last_night_s(
    tmp_path: Path, extra: list[str], code: str
) -> None:
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    report, page = _seed(tmp_path)
    extra = [word.format(report=report) for word in extra]
    args = ["--profile", "powerschool", str(exports), str(out), *extra, "--report", str(report), "--html", str(page)]
    with pytest.raises(SystemExit) as ended:
        cli.main(args)
    assert ended.value.code == 2
    left = json.loads(report.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(_schema()).validate(left)
    assert left["status"] == "finished" and left["published"] is False and left["facts"]["exit_status"] == 2
    assert left["facts"]["stopped_by"].startswith(code) and left["facts"]["out"] == str(out.absolute())
    assert "LAST NIGHT" not in page.read_text(encoding="utf-8")


def test_a_path_refused_for_where_it_is_is_left_alone(tmp_path: Path) -> None:
    """--html naming an export: refused (X902) and never written or removed, the report written."""
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    report, _ = _seed(tmp_path)
    export = exports / "students.csv"
    export.write_text("Student_Number\n1\n", encoding="utf-8")
    with pytest.raises(SystemExit) as ended:
        cli.main(["-p", "powerschool", str(exports), str(out), "--report", str(report), "--html", str(export)])
    assert ended.value.code == 2 and export.read_text(encoding="utf-8") == "Student_Number\n1\n"
    assert json.loads(report.read_text(encoding="utf-8"))["facts"]["stopped_by"].startswith("X902")
