"""tester10 item 12: SIGTERM (systemctl stop, a scheduler's timeout) stops a run as Ctrl-C does:
nothing published half-way, the report and the JSON log line written and saying it was stopped
(X967), exit 1; not Python's default (exit 143, no report, an empty log line)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
AS_OF = ("--as-of", "2026-10-15")

# The command, in a process that sends itself SIGNAL when the run reaches WHERE (a function of
# the pipeline, replaced by one that signals, then goes on).
SIGNALLED_AT = """
import os, signal, sys, importlib
module, name, signum = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Ctrl-C as at a terminal, even where this test's runner was started with SIGINT ignored (a
# background job of a script), which Python would keep.
signal.signal(signal.SIGINT, signal.default_int_handler)
target = importlib.import_module(module)
original = getattr(target, name)
def signalled(*args, **kwargs):
    os.kill(os.getpid(), signum)
    return original(*args, **kwargs)
setattr(target, name, signalled)
from transform.cli import main
main(sys.argv[4:])
"""


def _stopped_at(tmp_path: Path, where: str, signum: int, exports: Path = SAMPLE) -> tuple[int, dict, dict, str]:
    module, name = where.rsplit(".", 1)
    report = tmp_path / "report.json"
    report.unlink(missing_ok=True)
    args = ["--profile", "powerschool", exports, tmp_path / "out", *AS_OF, "--report", report, "--log-format", "json"]
    done = subprocess.run(
        [sys.executable, "-c", SIGNALLED_AT, module, name, str(int(signum)), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("{")]
    data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return done.returncode, json.loads(lines[-1]) if lines else {}, data, done.stderr


def _fewer(tmp_path: Path) -> Path:
    import shutil

    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    from tests.test_gate import keep_students

    keep_students(exports, len((exports / "students.txt").read_bytes().splitlines()) - 3)  # 2 gone, with their cc rows
    return exports


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_run_stopped_before_its_swap_publishes_nothing_and_says_so(tmp_path: Path, signum: int) -> None:
    out = tmp_path / "out"
    assert transform("--profile", "powerschool", SAMPLE, out, *AS_OF).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    status, line, data, err = _stopped_at(tmp_path, "transform.pipeline.gate.compare", signum, _fewer(tmp_path))
    assert status == 1, err
    assert line["exit"] == 1 and line["stopped_by_codes"] == ["X967"] and not line["published"]
    assert data["published"] is False and data["facts"]["exit_status"] == 1
    (stopped,) = [p for p in data["problems"] if p["code"] == "X967"]
    message = stopped["examples"][0]["message"]
    assert signal.Signals(signum).name in message and "nothing was published" in message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".out.staging-*"))


def test_a_run_stopped_after_its_swap_says_the_set_is_published_and_the_next_run_catches_up(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert transform("--profile", "powerschool", SAMPLE, out, *AS_OF).returncode == 0
    fewer = _fewer(tmp_path)
    status, line, data, err = _stopped_at(tmp_path, "transform.pipeline.identity.remember", signal.SIGTERM, fewer)
    assert status == 1 and line["published"] and data["published"] is True, err
    (stopped,) = [p for p in data["problems"] if p["code"] == "X967"]
    assert "tonight's set was published" in stopped["examples"][0]["message"]
    again = transform("--profile", "powerschool", fewer, out, *AS_OF, "--report", tmp_path / "again.json")
    assert again.returncode == 0, again.stderr
    codes = {p["code"] for p in json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))["problems"]}
    assert "X962" in codes  # the record the stopped run did not write is caught up


def test_a_delivery_still_pending_is_a_notice_said_on_every_run() -> None:
    """tester10 item 12: X926 (sets published and not delivered) was only counted in the JSON
    line's `codes`, not in its `notices` nor said with --quiet."""
    from transform.report import codes, render
    from transform.report.problem import Where
    from transform.report.report import Report

    report = Report()
    report.add(
        codes.code("delivery-pending"),
        Where(),
        since="2027-05-21",
        target="sftp://u@h/upload",
        compared_with="the last delivery, 2027-05-20",
    )
    assert [p.code.id for p in render.notices(report)] == ["X926"]


def test_a_run_stopped_during_its_upload_says_the_set_waits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C or SIGTERM (raised as KeyboardInterrupt, pipeline.stopping) while the set goes up:
    published, not delivered, said (X967, exit 1); the set still waits for the next run."""
    from tests.test_deliver import _trusted_server, run
    from tests.test_deliver_openssh import fewer_students
    from transform.pipeline import deliver

    smaller = fewer_students(tmp_path, 3)
    with _trusted_server(tmp_path, monkeypatch) as (server, _):
        assert run(tmp_path, server).exit_status == 0

        def stopped(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(deliver, "upload", stopped)
        result = run(tmp_path, server, in_dir=smaller, max_removal=50)
    assert result.exit_status == 1 and result.report.published
    (problem,) = result.problems
    assert problem.code.id == "X967" and "not delivered" in problem.code.render(**problem.params)
    record = json.loads((tmp_path / ".out.transform" / "delivered.json").read_text(encoding="utf-8"))
    assert record.get("pending_since")


# The command line as `transform` starts it (sys.argv[0] its name), stopped by SIGTERM while it is
# still loading its modules: before typer, the API and the pipeline are imported.
STOPPED_STARTING = """
import os, signal, sys
sys.argv[0] = "/opt/rosterkit/.venv/bin/transform"
import transform.cli  # arms the early SIGTERM at its first lines
os.kill(os.getpid(), signal.SIGTERM)
transform.cli.main(sys.argv[1:])
"""


def test_a_run_stopped_while_it_is_starting_up_says_so_with_its_json_line(tmp_path: Path) -> None:
    """tester64: a SIGTERM in the first second of a run (Python loading the library on a loaded
    machine) ended it at once, -15 and no JSON line. It stops as one received later does."""
    report = tmp_path / "report.json"
    args = ["--profile", "powerschool", SAMPLE, tmp_path / "out", *AS_OF, "--report", report, "--log-format", "json"]
    done = subprocess.run(
        [sys.executable, "-c", STOPPED_STARTING, *map(str, args)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1, done.stderr
    line = json.loads(done.stderr.strip().splitlines()[-1])
    assert line["stopped_by_codes"] == ["X967"] and not line["published"]
    assert not (tmp_path / "out").exists()
    assert [p["code"] for p in json.loads(report.read_text(encoding="utf-8"))["problems"]] == ["X967"]
