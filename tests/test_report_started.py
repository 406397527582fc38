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
from transform.pipeline import gate


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


def _last_json(out: Path, published_at: str) -> None:
    """OUT's state folder as a run that published at `published_at` leaves it."""
    from transform.pipeline.gate import state_folder

    state_folder(out).mkdir(parents=True)
    (state_folder(out) / "last.json").write_text(json.dumps({"published_at": published_at}), encoding="utf-8")


def _schema() -> Any:
    return json.loads(resources.files("transform.report").joinpath("report.schema.json").read_text("utf-8"))


def test_a_bug_writes_the_report_s_end_exit_3_not_a_kill_s_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reviewer161 R3: a bug (exit 3) left the 'running' report for good, its words blaming a kill."""
    exports, path = tmp_path / "in", tmp_path / "report.json"
    exports.mkdir()
    for out, published_at, published in (
        (tmp_path / "a", None, True),  # the run published (its start as published_at), then the bug
        (tmp_path / "b", "2000-01-01T00:00:00+00:00", False),
        # reviewer167 R4: a record from a clock ahead (or stepped back since) is not this run's
        (tmp_path / "c", "2999-01-01T00:00:00+00:00", False),
    ):
        if published_at is not None:
            _last_json(out, published_at)

        def bug(options: api.RunOptions) -> Any:
            if not (gate.state_folder(options.out_dir) / "last.json").exists():
                assert options.now is not None  # cli passes the run's start: its set's published_at
                _last_json(options.out_dir, options.now.isoformat(timespec="seconds"))
            raise RuntimeError("simulated bug")

        monkeypatch.setattr(api, "run", bug)
        with pytest.raises(SystemExit) as ended:
            cli.main(["--profile", "powerschool", str(exports), str(out), "--report", str(path)])
        left = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator(_schema()).validate(left)
        assert ended.value.code == 3 and left["status"] == "failed" and left["facts"]["exit_status"] == 3
        assert left["published"] is published, out
        assert "stopped on a bug" in left["facts"]["next_step"] and "killed" not in left["facts"]["next_step"]


def test_a_running_report_s_page_says_the_run_did_not_finish_not_nothing_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """reviewer161 R2: a run killed after publishing left 'running', published false; the page drew
    'Not published. Nothing in OUT was changed' though OUT held its set."""
    from transform.report.report import started

    out, path = tmp_path / "out", tmp_path / "report.json"
    out.mkdir()
    _last_json(out, "2026-10-16T02:00:00+00:00")  # the killed run published (its start is its published_at)
    facts = {"profile": "powerschool", "as_of": "2026-10-16", "out": str(out), "ran_at": "2026-10-16T02:00:00+00:00"}
    path.write_text(started(facts), encoding="utf-8")
    with pytest.raises(SystemExit):
        cli.main(["report", str(path), "--html", str(tmp_path / "page.html")])
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert "Nothing in" not in page and "Not published" not in page and "Did not finish" in page
    assert "published by the run begun at 2026-10-16T02:00:00+00:00: this run" in page
    assert 'data-value="unknown"' in page
    assert "did not finish" in capsys.readouterr().out
    assert "not known" in _schema()["properties"]["published"]["description"]


def test_a_bug_after_the_report_was_written_keeps_it_exit_3_and_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reviewer167 R2: a bug drawing the page (after the finished report was written) replaced the report
    with a 'failed' one: every code, count and stopped_by of the night lost."""
    from transform.html_report import page

    exports, path = tmp_path / "in", tmp_path / "report.json"
    exports.mkdir()  # no export: refused at once (I200), its report written before the page

    def bug(*args: Any, **kwargs: Any) -> None:
        raise KeyError("verdict")

    monkeypatch.setattr(page, "write", bug)
    args = ["--profile", "powerschool", str(exports), str(tmp_path / "out"), "--report", str(path)]
    with pytest.raises(SystemExit) as ended:
        cli.main([*args, "--html", str(tmp_path / "page.html")])
    left = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(_schema()).validate(left)
    assert ended.value.code == 3 and left["status"] == "finished" and left["facts"]["exit_status"] == 3
    assert left["facts"]["stopped_by"] and any(p["code"] == "I200" for p in left["problems"])
    assert "KeyError" in left["facts"]["note"] and "after this report was written" in left["facts"]["note"]


def test_out_of_memory_is_exit_1_in_the_report_too_and_says_what_out_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """reviewer167 R3: out of memory after the report was written: the process said X931 exit 1, the report
    'failed, exit 3, a bug'; and X931 said 'nothing published' after the run had published."""
    from transform.html_report import page

    exports, path = tmp_path / "in", tmp_path / "report.json"
    exports.mkdir()

    def oom(*args: Any, **kwargs: Any) -> None:
        raise MemoryError

    monkeypatch.setattr(page, "write", oom)
    args = ["--profile", "powerschool", str(exports), str(tmp_path / "out"), "--report", str(path)]
    with pytest.raises(SystemExit) as ended:
        cli.main([*args, "--html", str(tmp_path / "page.html")])
    left = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(_schema()).validate(left)
    assert ended.value.code == 1 == left["facts"]["exit_status"] and left["status"] == "finished"
    assert "X931" in left["facts"]["note"] and "X931" in capsys.readouterr().err

    def published_then_oom(options: api.RunOptions) -> Any:
        assert options.now is not None
        _last_json(options.out_dir, options.now.isoformat(timespec="seconds"))
        raise MemoryError

    monkeypatch.setattr(api, "run", published_then_oom)
    with pytest.raises(SystemExit) as ended:
        cli.main(args)
    said = capsys.readouterr().err
    assert ended.value.code == 1 and "X931" in said and "this run" in said and "nothing published" not in said
