"""--report's file while a run goes on: not the night before's (tester75 O5). A run killed before its
end (SIGKILL, the system out of memory, a reboot) left the last night's report, "published" at exit 0,
for a pipeline to read as tonight's. The run now writes one saying it began and has not ended first."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from transform import api, cli


class Killed(BaseException):
    """The process stopped where it stood: nothing after it runs (no handler, no final report)."""


def test_a_run_stopped_before_its_end_leaves_a_report_saying_it_did_not_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exports, out, path = tmp_path / "in", tmp_path / "out", tmp_path / "report.json"
    exports.mkdir()
    last_night = {"format": 1, "published": True, "status": "finished", "facts": {"exit_status": 0}}
    path.write_text(json.dumps(last_night), encoding="utf-8")

    def killed(options: api.RunOptions) -> Any:
        raise Killed  # as SIGKILL mid-run: what --report holds now is what a pipeline reads

    monkeypatch.setattr(api, "run", killed)
    with pytest.raises(Killed):
        cli.main(["--profile", "powerschool", str(exports), str(out), "--as-of", "2026-10-15", "--report", str(path)])
    left = json.loads(path.read_text(encoding="utf-8"))
    schema = json.loads(resources.files("transform.report").joinpath("report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(left)
    assert left["status"] == "running" and left["published"] is False
    assert "exit_status" not in left["facts"] and left["facts"]["ran_at"]
    assert left["facts"]["as_of"] == "2026-10-15" and left["facts"]["out"] == str(out.absolute())
    assert "has not ended" in left["facts"]["next_step"]
    assert not list(tmp_path.glob(".report.json*"))  # written whole: nothing left beside it


def test_the_end_replaces_it_with_the_run_s_own(tmp_path: Path) -> None:
    exports, path = tmp_path / "in", tmp_path / "report.json"
    exports.mkdir()  # no export: refused at once (I200), the report written all the same
    with pytest.raises(SystemExit) as ended:
        cli.main(["--profile", "powerschool", str(exports), str(tmp_path / "out"), "--report", str(path)])
    left = json.loads(path.read_text(encoding="utf-8"))
    assert left["status"] == "finished" and left["facts"]["exit_status"] == ended.value.code != 0
