"""`--log-format json`: one line on stderr that is a complete record of the run (issue 20.6)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import transform
from tests import cli_runner
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
SCRIPT = Path(sys.executable).with_name("transform")
RUN_KEYS = {
    "event",
    "timestamp",
    "duration_s",
    "version",
    "command",
    "profile",
    "as_of",
    "target",
    "exit",
    "published",
    "out",
    "rows_written",
    "changes",
    "totals",
    "codes",
    "stopped_by",
    "stopped_by_codes",
    "notices",
    "published_with_errors",
}


def logged(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any], str]:
    """Exit status, the one JSON line, and stdout; fails unless stderr is exactly one JSON line."""
    result = cli_runner.run(
        [str(SCRIPT), *map(str, args), "--log-format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
    )
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return result.returncode, json.loads(lines[0]), result.stdout


def test_a_published_run_says_when_how_long_what_and_with_which_tool(tmp_path: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    status, event, stdout = logged("--profile", "powerschool", SAMPLE, tmp_path / "out", "--as-of", "2026-10-15")
    assert status == 0 and stdout == ""
    assert set(event) == RUN_KEYS
    started = dt.datetime.fromisoformat(event["timestamp"])
    assert started.utcoffset() == dt.timedelta(0) and before <= started <= dt.datetime.now(dt.UTC)
    assert isinstance(event["duration_s"], float) and 0 <= event["duration_s"] < 120
    assert event["version"] == transform.__version__
    assert (event["command"], event["profile"], event["as_of"], event["target"]) == (
        "run",
        "powerschool",
        "2026-10-15",
        "remind",
    )
    assert event["exit"] == 0 and event["published"] is True
    assert event["stopped_by"] == [] and event["stopped_by_codes"] == []


def test_a_set_published_but_not_delivered_says_why(tmp_path: Path) -> None:
    """Exit 1 with the set published: the reason is X912, not an empty stopped_by."""
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text("", encoding="utf-8")
    status, event, _ = logged(
        "--profile",
        "powerschool",
        SAMPLE,
        tmp_path / "out",
        "--as-of",
        "2026-10-15",
        "--target",
        "oneroster",
        "--upload",
        "sftp://district@127.0.0.1:1/drop",  # nothing listens on port 1: refused at once
        "--upload-attempts",
        "1",
        "--known-hosts",
        known_hosts,
        env={"TRANSFORM_SFTP_PASSWORD": "not-used"},
    )
    assert status == 1 and event["exit"] == 1 and event["published"] is True
    assert event["target"] == "oneroster"
    assert event["stopped_by_codes"] == ["X912"]
    assert event["stopped_by"][0].startswith("X912 upload-failed: the set is published locally but not delivered")


def test_a_usage_error_is_a_json_line_not_a_box(tmp_path: Path) -> None:
    status, event, stdout = logged("validat", tmp_path / "out")
    assert status == 2 and stdout == ""
    assert set(event) == RUN_KEYS and event["exit"] == 2 and event["published"] is False
    assert event["stopped_by_codes"] == ["X950"]
    assert event["stopped_by"] == [
        "X950 usage-error: No such command 'validat'. Did you mean 'validate'? (`transform --help` lists what it takes)"
    ]
    status, event, _ = logged("--profile", "powerschool", SAMPLE, tmp_path / "out", "--as-of", "tomorrow")
    assert status == 2 and event["command"] == "run"
    assert (
        "X950 usage-error: Invalid value for '--as-of': 'tomorrow' is not a date YYYY-MM-DD" in event["stopped_by"][0]
    )
    status, event, _ = logged("--profile", "powerschool", SAMPLE, tmp_path / "out", "--target", "clever")
    assert status == 2 and "'clever' is not one of 'remind', 'oneroster'" in event["stopped_by"][0]
    assert not (tmp_path / "out").exists()


def test_a_report_path_refused_before_the_run_is_a_json_line(tmp_path: Path) -> None:
    status, event, _ = logged(
        "--profile", "powerschool", SAMPLE, tmp_path / "out", "--report", tmp_path / "nope" / "r.json"
    )
    assert status == 2 and event["profile"] == "powerschool" and event["out"] == str(tmp_path / "out")
    assert event["stopped_by_codes"] == ["X902"] and "--report" in event["stopped_by"][0]


def test_the_codes_that_stopped_a_run_are_in_the_order_of_its_lines(tmp_path: Path) -> None:
    """A scheduler reads `stopped_by_codes[0]` as the reason and `stopped_by[0]` as its words: they
    named two different refusals (codes sorted by ID, lines by importance: tester63)."""
    from benchmarks.synthetic import write_district

    exports = tmp_path / "in"
    write_district(exports, 60)
    night = ("--profile", "powerschool", exports, tmp_path / "out", "--allow-incomplete", "--as-of")
    assert subprocess.run([str(SCRIPT), *map(str, night), "2026-10-15", "-q"], check=False, timeout=120).returncode == 0
    for export, kept in (("students.txt", 15), ("teachers.txt", 2)):
        lines = (exports / export).read_text(encoding="utf-8").splitlines()[:kept]
        (exports / export).write_text("\n".join(lines) + "\n", encoding="utf-8")
    status, event, _ = logged(*night[:-2], "--as-of", "2026-10-16")
    said = [re.search(r"\b([A-Z]\d{3}) [a-z-]+:", line).group(1) for line in event["stopped_by"]]  # type: ignore[union-attr]
    assert status == 1 and len(set(said)) >= 3
    assert event["stopped_by_codes"] == list(dict.fromkeys(said))
