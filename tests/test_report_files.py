"""--report's file and --html's page never keep last night's "published" (state62): a run killed while
the library loads (before the start report was written), or refused with exit 2 before it began (an
option typer refuses, an output path preflight refuses), left the night before's for a pipeline to read."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.conftest import ROOT
from transform import cli, report_files
from transform.report.report import PAGE_MARK

LAST_NIGHT = {"format": 1, "published": True, "status": "finished", "facts": {"exit_status": 0}}
PAGE = (
    f"<!DOCTYPE html>\n<html><head>{PAGE_MARK}<title>Roster run 2026-10-14: published</title></head>LAST NIGHT</html>"
)


def _seed(folder: Path) -> tuple[Path, Path]:
    report, page = folder / "report.json", folder / "page.html"
    report.write_text(json.dumps(LAST_NIGHT), encoding="utf-8")
    page.write_text(PAGE, encoding="utf-8")
    return report, page


def _schema() -> Any:
    return json.loads(resources.files("transform.report").joinpath("report.schema.json").read_text("utf-8"))


# SIGKILL as `transform` begins to load a module (sys.argv[1]): the library (transform.api, a second or two
# on a loaded machine), or the gate (half a second, that preflight's path checks imported: reviewer182 R4).
_KILLED_LOADING = """
import os, runpy, signal, sys
module = sys.argv.pop(1)
class Kill:
    def find_spec(self, name, path=None, target=None):
        if name == module:
            os.kill(os.getpid(), signal.SIGKILL)
sys.meta_path.insert(0, Kill())
sys.argv = ["transform", *sys.argv[1:]]
runpy.run_module("transform", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize("module", ["transform.api", "transform.pipeline.gate"])
def test_a_run_killed_while_the_library_loads_leaves_a_running_report_and_page(tmp_path: Path, module: str) -> None:
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    report, page = _seed(tmp_path)
    args = ["--profile", "powerschool", str(exports), str(out), "--as-of", "2026-10-15"]
    ended = subprocess.run(
        [sys.executable, "-c", _KILLED_LOADING, module, *args, "--report", str(report), "--html", str(page)],
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
    ("extra", "code", "out_known"),
    [
        (["--max-removal", "200"], "X950", True),  # a value typer refuses
        (["--nonsense"], "X950", False),  # an option typer does not know (it may take a value): OUT not sure
        (["--as-of", "2026-13-45"], "X950", True),  # a value the run's body refuses
        (["--explain", "{report}"], "X902", True),  # an output path preflight refuses (two options, one file)
    ],
)
def test_a_run_refused_with_exit_2_writes_its_refusal_not_last_night_s(
    tmp_path: Path, extra: list[str], code: str, out_known: bool
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
    assert left["facts"]["stopped_by"].startswith(code) and left["facts"]["profile"] == "powerschool"
    assert left["facts"].get("out") == (str(out.absolute()) if out_known else None)
    assert "as_of" not in left["facts"] or left["facts"]["as_of"] != "2026-13-45"  # reviewer176 R3: no such day
    assert not page.exists() or "LAST NIGHT" not in page.read_text(encoding="utf-8")
    _next_step_said_once(left, page)


def _next_step_said_once(left: dict[str, Any], page: Path) -> None:
    """reviewer187 R2: a refusal stored 'Next: ...' (a run's own step has no prefix): the page said 'Next: Next:'."""
    step = left["facts"]["next_step"]
    assert step and not step.startswith("Next") and step[0].isupper()
    assert not page.exists() or "Next: Next" not in re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))


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


def test_a_typo_s_value_read_as_exports_never_puts_the_report_in_out(tmp_path: Path) -> None:
    """reviewer176 R1: `--max-removl 20 EXPORTS OUT --report OUT/...` read '20' as EXPORTS and EXPORTS as
    OUT, and wrote the report into the real OUT (over a file of the set: the next night refused, X900)."""
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    out.mkdir()
    kept = {out / "orgs.csv": "sourcedId\n1\n", exports / "students.csv": "Student_Number\n1\n"}
    for path, text in kept.items():
        path.write_text(text, encoding="utf-8")
    for report in (*kept, out / "report.json"):
        args = ["-p", "powerschool", "--max-removl", "20", str(exports), str(out), "--report", str(report)]
        with pytest.raises(SystemExit) as ended:
            cli.main(args)
        assert ended.value.code == 2 and report.exists() is (report in kept), report
    assert {path: path.read_text(encoding="utf-8") for path in kept} == kept


@pytest.mark.parametrize(
    ("words", "named", "operands", "sure"),
    [
        (["-qp", "ps", "in", "out", "--nonsense"], {"--profile": "ps"}, ["in", "out"], False),
        (["-ppowerschool", "in", "out"], {"--profile": "powerschool"}, ["in", "out"], True),
        (["run", "-q", "in", "--report=r.json", "out"], {"--report": "r.json"}, ["in", "out"], True),
        (["in", "out", "-x"], {}, ["in", "out"], False),
        (["in", "out", "--report"], {}, ["in", "out"], False),
        (["--max-removl", "20", "in", "out"], {}, ["20", "in", "out"], False),
        (["in", "--", "-out"], {}, ["in", "-out"], True),
    ],
)
def test_the_refused_line_is_read_as_click_reads_it(
    words: list[str], named: dict[str, str], operands: list[str], sure: bool
) -> None:
    """reviewer176 R3: `-qp NAME` and `-pNAME` lost the profile, `-qp NAME` made NAME EXPORTS."""
    line = report_files.read_line(
        words, valued={"-p", "--profile", "--report"}, known={"-p", "--profile", "--report", "-q"}
    )
    assert (line.named, line.operands, line.sure) == (named, operands, sure)


@pytest.mark.parametrize("failure", [RuntimeError("a bug"), MemoryError()])
def test_a_run_that_stops_on_a_bug_or_out_of_memory_ends_its_running_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    """reviewer176 R5: the report said exit 3 (or X931), the page still 'has not ended', blaming a kill."""
    from transform import api

    def fails(options: Any) -> Any:
        raise failure

    monkeypatch.setattr(api, "run", fails)
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    report, page = _seed(tmp_path)
    with pytest.raises(SystemExit) as ended:
        cli.main(["-q", "-p", "powerschool", str(exports), str(out), "--report", str(report), "--html", str(page)])
    assert ended.value.code == (3 if isinstance(failure, RuntimeError) else 1)
    drawn = page.read_text(encoding="utf-8")
    assert "has not ended" not in drawn and "LAST NIGHT" not in drawn and 'data-verdict="failed"' in drawn
    assert ("bug" if isinstance(failure, RuntimeError) else "X931") in drawn


def test_the_command_line_uses_typer_s_public_names_only() -> None:
    """reviewer176 R2: typer._click is typer's private copy of click, not for applications (typer PR #1774)."""
    sources = sorted((ROOT / "transform").rglob("*.py"))
    assert sources and not [p.name for p in sources if "typer._click" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize(
    ("named", "line"),
    [
        ("set.zip", ["-p", "powerschool", "in", "out", "--zip", "set.zip", "--report", "set.zip"]),  # X902
        ("explain.csv", ["-p", "powerschool", "in", "out", "--explain", "explain.csv", "--report", "explain.csv"]),
        ("out/orgs.csv", ["-p", "powerschool", "in", "--as-of", "out", "--report", "out/orgs.csv"]),  # one operand
        ("in/schools.txt", ["-p", "powerschool", "--max-removal", "200", "--report", "in/schools.txt"]),  # none
        (
            "run/schools.txt",
            ["run", "run", "out", "-p", "powerschool", "--max-removal", "200", "--report", "run/schools.txt"],
        ),
    ],
)
def test_a_refusal_before_the_run_replaces_only_a_report_of_ours(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: str, line: list[str]
) -> None:
    """reviewer182 R1: a refused line's JSON overwrote last night's zip, the explain CSV, a file of OUT's set,
    an export (a line that lost the operands guarding them, or an EXPORTS folder named `run`)."""
    for folder in ("in", "out", "run"):
        (tmp_path / folder).mkdir()
    target = tmp_path / named
    target.write_bytes(b"PK\x03\x04 last night's set" if named.endswith(".zip") else b"sourcedId,name\n1,A\n")
    before = target.read_bytes()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as ended:
        cli.main(line)
    assert ended.value.code == 2 and target.read_bytes() == before


@pytest.mark.parametrize("drawn", [PAGE_MARK, 'data-fact="facts.exit_status"', ""])
def test_only_a_page_the_tool_drew_is_ours(tmp_path: Path, drawn: str) -> None:
    """A page drawn before PAGE_MARK (last night's, the first night after an upgrade) is ours too."""
    page = tmp_path / "page.html"
    page.write_text(
        f"<!DOCTYPE html>\n<html><head><title>Roster run 2026-10-14: published</title></head>{drawn}", "utf-8"
    )
    assert report_files.ours(page, kind="page") is bool(drawn)
    assert not report_files.ours(page, kind="report")


@pytest.mark.parametrize(
    ("written", "mine"),
    [
        ({"format": 1, "published": True, "status": "finished", "facts": {"exit_status": 0}}, True),
        ({"format": 1, "published": True, "facts": {"exit_status": 0}}, True),  # before `status` (a417ced2)
        ({"format": 1, "published": False, "facts": {"exit_status": 2}}, True),
        ({"format": 1, "published": True, "facts": {}}, False),
        ({"format": 1, "facts": {"exit_status": 0}}, False),
        ({"format": 1, "published": True, "facts": {"exit_status": True}}, False),
        ({"published": True, "facts": {"exit_status": 0}}, False),
    ],
)
def test_a_report_from_before_status_is_ours_too(tmp_path: Path, written: dict[str, Any], mine: bool) -> None:
    """A report written before reports carried `status` (last night's, the first night after an upgrade) is
    replaced by a refusal too (reviewer187: it was left in place, saying 'published')."""
    report = tmp_path / "report.json"
    report.write_text(json.dumps(written), encoding="utf-8")
    assert report_files.ours(report, kind="report") is mine


@pytest.mark.parametrize("first", ["rnu", "inn"])
def test_a_line_the_command_group_refuses_writes_its_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    """reviewer182 R2: a mistyped `run` (or EXPORTS mistyped, no --profile: "No such command") kept last
    night's "published" in --report and --html: the group refused it before RunCommand saw the line."""
    (tmp_path / "in").mkdir()
    report, page = _seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    profile = ["-p", "powerschool", "in"] if first == "rnu" else []
    with pytest.raises(SystemExit) as ended:
        cli.main([first, *profile, "out", "--report", "report.json", "--html", "page.html"])
    assert ended.value.code == 2
    left = json.loads(report.read_text(encoding="utf-8"))
    assert left["published"] is False and left["facts"]["exit_status"] == 2
    assert left["facts"]["stopped_by"].startswith("X950")
    assert not page.exists() or "LAST NIGHT" not in page.read_text(encoding="utf-8")
    _next_step_said_once(left, page)


def test_the_page_is_written_before_the_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """reviewer182 R5: the report was written first; a kill before the page left a report 'finished' beside a
    page saying the run did not finish. Page first, the report read by a pipeline says 'running' meanwhile."""
    from transform import api
    from transform.report.report import Report

    def ran(options: Any) -> Any:
        done = Report(max_examples=20)
        done.facts.update(exit_status=0, as_of="2026-10-15")
        return api.RunResult(done, 0)

    seen: list[str] = []

    def drawn(path: Path, result: Any, *, redact: bool) -> list[str]:
        seen.append(json.loads(report.read_text(encoding="utf-8"))["status"])
        return []

    monkeypatch.setattr(api, "run", ran)
    monkeypatch.setattr(cli, "_write_html", drawn)
    (tmp_path / "in").mkdir()
    report, page = _seed(tmp_path)
    with pytest.raises(SystemExit):
        cli.main(
            [
                "-q",
                "-p",
                "powerschool",
                str(tmp_path / "in"),
                str(tmp_path / "out"),
                "--report",
                str(report),
                "--html",
                str(page),
            ]
        )
    assert seen == ["running"] and json.loads(report.read_text(encoding="utf-8"))["status"] == "finished"


def test_a_page_not_written_makes_the_report_say_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """reviewer187 R4: the page not written raised the run's exit status to 1, but the report (written after
    the page) kept facts.exit_status 0 from before: a pipeline reading it saw nothing to look at."""
    import errno

    from transform import api
    from transform.html_report import page as html_page
    from transform.report.report import Report

    def ran(options: Any) -> Any:
        done = Report(max_examples=20)
        done.published = True
        done.facts.update(exit_status=0, as_of="2026-10-15")
        return api.RunResult(done, 0)

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(api, "run", ran)
    monkeypatch.setattr(html_page, "write", full)
    (tmp_path / "in").mkdir()
    report, page = _seed(tmp_path)
    line = ["-q", "-p", "powerschool", str(tmp_path / "in"), str(tmp_path / "out")]
    with pytest.raises(SystemExit) as ended:
        cli.main([*line, "--report", str(report), "--html", str(page)])
    assert ended.value.code == 1
    assert json.loads(report.read_text(encoding="utf-8"))["facts"]["exit_status"] == 1


@pytest.mark.parametrize("inside", ["out/validation.json", "out/orgs.csv", "set.zip", ".out.transform/v.json"])
def test_validate_never_writes_its_report_into_the_set(tmp_path: Path, inside: str) -> None:
    """reviewer182 R6: `validate OUT --report OUT/validation.json` wrote into OUT at exit 0; the next night X900."""
    (tmp_path / "out").mkdir()
    (tmp_path / ".out.transform").mkdir()
    (tmp_path / "set.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (tmp_path / "out" / "orgs.csv").write_text("sourcedId\n1\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    the_set = tmp_path / ("set.zip" if inside == "set.zip" else "out")
    with pytest.raises(SystemExit) as ended:
        cli.main(["validate", str(the_set), "--report", str(tmp_path / inside)])
    assert ended.value.code == 2
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("given", ["out/users.csv", "out/orgs.csv"])
def test_validate_given_one_file_of_the_set_never_writes_its_report_beside_it(tmp_path: Path, given: str) -> None:
    """reviewer187 R1: `validate OUT/users.csv --report OUT/validation.json` wrote into OUT; the next night X900."""
    (tmp_path / "out").mkdir()
    for name in ("users.csv", "orgs.csv"):
        (tmp_path / "out" / name).write_text("sourcedId\n1\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(SystemExit) as ended:
        cli.main(["validate", str(tmp_path / given), "--report", str(tmp_path / "out" / "validation.json")])
    assert ended.value.code == 2
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("inside", ["out/orgs.csv", ".out.transform/page.html", "report.json"])
def test_report_never_draws_its_page_into_the_set_or_over_the_report(tmp_path: Path, inside: str) -> None:
    """reviewer182 R6: `transform report r.json --html OUT/orgs.csv` wrote into OUT at exit 0."""
    (tmp_path / "out").mkdir()
    (tmp_path / ".out.transform").mkdir()
    (tmp_path / "out" / "orgs.csv").write_text("sourcedId\n1\n", encoding="utf-8")
    saved = {**LAST_NIGHT, "facts": {"exit_status": 0, "out": str(tmp_path / "out")}}
    (tmp_path / "report.json").write_text(json.dumps(saved), encoding="utf-8")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    with pytest.raises(SystemExit) as ended:
        cli.main(["report", str(tmp_path / "report.json"), "--html", str(tmp_path / inside)])
    assert ended.value.code == 2
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before


def _other_set(folder: Path) -> Path:
    """Another set's users.csv, beside the report's own OUT (not inside it: that was guarded already)."""
    (folder / "other").mkdir()
    users = folder / "other" / "users.csv"
    users.write_text("sourcedId,status\nS1,active\n", encoding="utf-8")
    return users


@pytest.mark.parametrize("command", ["report", "validate", "run"])
def test_no_command_writes_its_file_over_one_it_did_not_write(tmp_path: Path, command: str) -> None:
    """tester85 T5: `report R.json --html OTHER/users.csv` replaced that set's users.csv with a page at exit 0
    (only the OUT the report names was guarded); `validate --report` and a run's --report did the same."""
    users = _other_set(tmp_path)
    report, _ = _seed(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    lines = {
        "report": ["report", str(report), "--html", str(users)],
        "validate": ["validate", str(tmp_path / "out"), "--report", str(users)],
        "run": ["-q", "-p", "powerschool", str(tmp_path / "in"), str(tmp_path / "out"), "--report", str(users)],
    }
    with pytest.raises(SystemExit) as ended:
        cli.main(lines[command])
    assert ended.value.code == 2
    assert users.read_text(encoding="utf-8") == "sourcedId,status\nS1,active\n"


@pytest.mark.parametrize("earlier", ["page", "empty"])
def test_report_replaces_its_own_earlier_page(tmp_path: Path, earlier: str) -> None:
    report, page = _seed(tmp_path)
    if earlier == "empty":  # a scheduler's mktemp
        page.write_text("", encoding="utf-8")
    with pytest.raises(SystemExit) as ended:
        cli.main(["report", str(report), "--html", str(page)])
    assert ended.value.code in (0, None)
    assert "LAST NIGHT" not in page.read_text(encoding="utf-8") and PAGE_MARK in page.read_text(encoding="utf-8")


def test_validate_replaces_its_own_earlier_report_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """state63: `validate --report` wrote its file in place: a full disk mid-write left half a JSON for the next
    job to read. Now written beside and renamed (write.write_whole): the disk full, the earlier report stays."""
    import errno

    report, _ = _seed(tmp_path)
    (tmp_path / "out").mkdir()
    with pytest.raises(SystemExit):
        cli.main(["validate", str(tmp_path / "out"), "--report", str(report)])
    assert json.loads(report.read_text(encoding="utf-8"))["facts"] != LAST_NIGHT["facts"]  # ours: replaced
    earlier = report.read_text(encoding="utf-8")
    real = Path.write_text

    def full(self: Path, text: str, *args: Any, **kwargs: Any) -> int:
        real(self, text[:10], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full)
    with pytest.raises(SystemExit) as ended:
        cli.main(["validate", str(tmp_path / "out"), "--report", str(report)])
    monkeypatch.undo()
    assert ended.value.code == 1
    assert report.read_text(encoding="utf-8") == earlier
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_a_group_refusal_says_how_long_since_the_command_began(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """state63: the command group's refusal (a mistyped `run`) wrote duration_seconds 0.0: its clock began at
    the refusal. Now main's: the clock below says 7.5 s between main's start and the refusal."""
    import types

    (tmp_path / "in").mkdir()
    report, _ = _seed(tmp_path)
    monkeypatch.chdir(tmp_path)
    ticks = iter([100.0])
    monkeypatch.setattr(cli, "time", types.SimpleNamespace(monotonic=lambda: next(ticks, 107.5)))
    with pytest.raises(SystemExit) as ended:
        cli.main(["rnu", "-p", "powerschool", "in", "out", "--report", "report.json"])
    monkeypatch.undo()
    assert ended.value.code == 2
    assert json.loads(report.read_text(encoding="utf-8"))["facts"]["duration_seconds"] == 7.5


def _a_reader_on(fifo: Path) -> int:
    """The FIFO's read end, open before anything writes: a writer that refuses a FIFO nobody reads (ENXIO)
    finds its reader there however busy the machine (a reader thread that had not opened yet made
    these tests fail under load)."""
    return os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)


def _everything_written(reader: int) -> bytes:
    """What the writers gave the FIFO's reader so far; the read end then closed."""
    chunks: list[bytes] = []
    try:
        while chunk := os.read(reader, 65536):
            chunks.append(chunk)
    except BlockingIOError:
        pass  # a writer still holds it open: what it wrote is read
    finally:
        os.close(reader)
    return b"".join(chunks)


def _in_a_thread(work: Any) -> bool:
    """True when `work` ended within 5 s (writing a FIFO no one reads waits for good)."""
    import threading

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(timeout=5)
    return not worker.is_alive()


def test_a_fifo_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    """reviewer189 R3: write_whole (validate --report, a run's --report and --html) replaced a FIFO a pipeline
    reads by a regular file: the reader got nothing, and the next night's pipe was gone."""
    from transform.pipeline.write import write_whole

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = _a_reader_on(fifo)
    assert _in_a_thread(lambda: write_whole(fifo, '{"format": 1}\n'))
    assert _everything_written(reader) == b'{"format": 1}\n' and fifo.is_fifo()


def test_a_run_gives_a_fifo_its_one_report_not_the_running_one_first(tmp_path: Path) -> None:
    """reviewer189 R3: the run's "running" report went into the FIFO first, its reader ended on it, and the
    end's write then waited for a reader for good. A stream has no night before's to replace."""
    from transform.pipeline.write import write_whole

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = _a_reader_on(fifo)
    run_facts = {"ran_at": "2026-10-15T02:00:00+00:00", "as_of": "2026-10-15"}
    assert _in_a_thread(lambda: report_files.started(fifo, None, run_facts))
    assert _in_a_thread(lambda: write_whole(fifo, "tonight's\n"))
    assert _everything_written(reader) == b"tonight's\n"


def test_a_link_to_a_report_stays_a_link_its_target_replaced_whole(tmp_path: Path) -> None:
    from transform.pipeline.write import write_whole

    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / "r.json"
    target.write_text("last night's\n", encoding="utf-8")
    link = tmp_path / "r.json"
    link.symlink_to(target)
    inode = target.stat().st_ino
    write_whole(link, "tonight's\n")
    assert link.is_symlink() and link.readlink() == target
    assert target.read_text(encoding="utf-8") == "tonight's\n" and target.stat().st_ino != inode  # replaced whole
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["r.json", "r.json", "reports"]


def test_a_link_to_a_descriptor_writes_the_descriptor(tmp_path: Path) -> None:
    """`--report /dev/stdout` (a link to /proc/self/fd/1) with stdout sent `> log.txt`: the descriptor is
    written, the log file not replaced by another the process's stdout is not open on."""
    from transform.pipeline.write import write_whole

    log = tmp_path / "log.txt"
    with log.open("w", encoding="utf-8") as stdout:
        link = tmp_path / "stdout"
        link.symlink_to(f"/proc/self/fd/{stdout.fileno()}")
        inode = log.stat().st_ino
        write_whole(link, "the report\n")
        assert link.is_symlink() and log.stat().st_ino == inode
    assert log.read_text(encoding="utf-8") == "the report\n"


# A validate report as validate wrote it before reports had `status` (ee102e41 .. 93c7b0aa): no exit status.
OLD_VALIDATE = """{
  "format": 1,
  "published": false,
  "facts": {
    "target": "remind",
    "set": "/srv/roster/out"
  },
  "rows_read": {},
  "rows_written": {},
  "totals": {
    "errors": 0,
    "warnings": 1,
    "info": 0,
    "dropped": 0
  },
  "problems": [
    {
      "code": "D369",
      "slug": "student-without-demographics",
      "severity": "warning",
      "action": "note",
      "count": 1,
      "examples": []
    }
  ],
  "left_out": []
}
"""


@pytest.mark.parametrize(
    "earlier",
    [
        pytest.param(OLD_VALIDATE, id="an-older-validate-s"),
        pytest.param(OLD_VALIDATE[:130], id="cut-short-mid-write"),
        pytest.param(OLD_VALIDATE[:14], id="cut-before-published"),
        pytest.param("\ufeff" + OLD_VALIDATE, id="re-saved-with-a-BOM"),
        pytest.param("\n", id="a-newline-only"),
        pytest.param(" \r\n\t", id="whitespace-only"),
    ],
)
def test_validate_replaces_its_own_report_of_any_era_or_damage(tmp_path: Path, earlier: str) -> None:
    """reviewer189 R1: `validate --report` refused (X902, exit 2) the report an older validate wrote (no
    status, no exit status): every nightly validate job exit 2 after the upgrade. R2: one cut short mid-write
    (old validate wrote in place), one re-saved with a BOM, a newline only: refused for good, nothing cleared it."""
    (tmp_path / "out").mkdir()
    report = tmp_path / "v.json"
    report.write_text(earlier, encoding="utf-8")
    with pytest.raises(SystemExit) as ended:
        cli.main(["validate", str(tmp_path / "out"), "--report", str(report)])
    assert ended.value.code != 2
    assert json.loads(report.read_text(encoding="utf-8"))["status"] == "finished"


@pytest.mark.parametrize("kind", ["report", "page"])
def test_a_file_not_like_ours_is_refused_with_the_way_out(tmp_path: Path, kind: str) -> None:
    """reviewer189 R2: the refusal said as a fact that the tool 'did not write' the file, and no way out."""
    other = tmp_path / "other"
    other.write_text('{"status": "ok"}\n' if kind == "report" else "<html>a page of another tool</html>\n")
    with pytest.raises(report_files.TransformAbort) as refused:
        report_files.replaceable("--report", other, kind=kind)
    detail = refused.value.problems[0].params["detail"]
    assert f"does not look like a {kind} of this tool" in detail and "did not write" not in detail
    assert f"if it is an old or damaged {kind} of this tool, move it away and run again" in detail
    assert detail.endswith("else give --report another file name")


def test_a_page_drawn_before_its_mark_re_saved_with_a_bom_is_ours(tmp_path: Path) -> None:
    """reviewer189 R2: an editor's BOM (or a line before <!DOCTYPE>) made last night's page not ours."""
    page = tmp_path / "p.html"
    earlier = (
        '<!DOCTYPE html>\n<html><head><title>Roster run 2026-10-14</title></head><p data-fact="facts.exit_status">0'
    )
    for saved in ("\ufeff" + earlier, "\r\n" + earlier):
        page.write_text(saved, encoding="utf-8")
        assert report_files.ours(page, kind="page")


def test_a_fifo_nothing_reads_is_refused_at_once_not_waited_on(tmp_path: Path) -> None:
    """reviewer195 R1: `--report FIFO` (or --html) with no reader: the end's write waited for a reader for
    good after publishing, deaf to SIGTERM (the night's job never ended). Refused at once (ENXIO), an
    OSError the run says as 'Published, but writing the report ... failed', exit 1."""
    import errno
    import time

    from transform.pipeline.write import write_whole

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    begun = time.monotonic()
    failed: list[OSError] = []

    def write() -> None:
        try:
            write_whole(fifo, "tonight's\n")
        except OSError as exc:
            failed.append(exc)

    assert _in_a_thread(write) and time.monotonic() - begun < 1
    assert failed and failed[0].errno == errno.ENXIO and "no process reads this FIFO" in str(failed[0])
    assert str(fifo) in str(failed[0]) and fifo.is_fifo()
    assert report_files.ours(fifo, kind="report") and _in_a_thread(
        lambda: report_files.replaceable("--report", fifo, kind="report")
    )


def test_a_report_to_stdout_appended_to_a_log_keeps_the_log(tmp_path: Path) -> None:
    """reviewer195 R2: `--report /dev/stdout >> cron.log`: the log (not ours) refused X902 every night; and
    opened anew (offset 0, truncated), `> night.log`'s JSON was written over by the run's later output.
    The process's own descriptor is written: the log's earlier line, the JSON whole, then the later output."""
    log = tmp_path / "cron.log"
    log.write_text("NIGHT-1 kept\n", encoding="utf-8")
    script = (
        "import sys; from pathlib import Path; from transform import report_files; "
        "from transform.pipeline.write import write_whole; "
        "print('before', flush=True); "
        "report_files.replaceable('--report', Path('/dev/stdout'), kind='report'); "
        "write_whole(Path('/dev/stdout'), '{\"format\": 1}\\n'); "
        "print('after', flush=True)"
    )
    for mode in ("a", "w"):
        if mode == "w":
            log.write_text("", encoding="utf-8")
        with log.open(mode, encoding="utf-8") as stdout:
            done = subprocess.run(
                [sys.executable, "-c", script], stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT, timeout=30, check=False
            )
        assert done.returncode == 0, done.stderr
        earlier = "NIGHT-1 kept\n" if mode == "a" else ""
        assert log.read_text(encoding="utf-8") == f'{earlier}before\n{{"format": 1}}\nafter\n'


def test_a_link_whose_target_s_folder_takes_no_file_is_refused(tmp_path: Path) -> None:
    """reviewer195 R3: --report a link into a folder the job cannot write: preflight probed the link's
    folder, the link was then replaced by a regular file and its target kept last night's report."""
    if os.geteuid() == 0:
        pytest.skip("as root, chmod does not bind: _replace's part is tested without it below")
    (tmp_path / "kept").mkdir()
    target = tmp_path / "kept" / "r.json"
    target.write_text(json.dumps(LAST_NIGHT), encoding="utf-8")
    link = tmp_path / "r.json"
    link.symlink_to(target)
    (tmp_path / "kept").chmod(0o555)
    try:
        with pytest.raises(report_files.TransformAbort) as refused:
            preflight_output_file("--report", link)
        assert "cannot write in" in refused.value.problems[0].params["detail"]
    finally:
        (tmp_path / "kept").chmod(0o755)


def preflight_output_file(option: str, path: Path) -> None:
    from transform.pipeline import preflight

    preflight.output_file(option, path)


def test_preflight_probes_a_link_s_target_s_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """reviewer195 R3, as root too (chmod binds not): the folder probed for a new file is the one the
    link's target is replaced in, not the link's own; a stream (a FIFO) is written in place, none probed."""
    from transform.pipeline import preflight

    probed: list[Path] = []
    monkeypatch.setattr(preflight, "_probe", lambda folder, on_failure: probed.append(folder))
    (tmp_path / "kept").mkdir()
    target = tmp_path / "kept" / "r.json"
    target.write_text(json.dumps(LAST_NIGHT), encoding="utf-8")
    link = tmp_path / "r.json"
    link.symlink_to(target)
    fifo = tmp_path / "r.fifo"
    os.mkfifo(fifo)
    preflight.output_file("--report", link)
    preflight.output_file("--report", fifo)
    assert probed == [tmp_path / "kept"]
    (tmp_path / "gone.json").symlink_to(tmp_path / "no-such-folder" / "r.json")
    with pytest.raises(report_files.TransformAbort, match="which does not exist"):
        preflight.output_file("--report", tmp_path / "gone.json")


def test_a_link_is_never_unlinked_when_its_report_cannot_be_written(tmp_path: Path) -> None:
    """reviewer195 R3: a write that failed removed the link (then replaced by a regular file), its target
    keeping last night's report for a pipeline to read as tonight's: the target is removed, the link kept."""
    (tmp_path / "kept").mkdir()
    target = tmp_path / "kept" / "r.json"
    target.write_text(json.dumps(LAST_NIGHT), encoding="utf-8")
    link = tmp_path / "r.json"
    link.symlink_to(target)

    def fails() -> None:
        raise OSError(28, "No space left on device")

    report_files._replace(link, fails)
    assert link.is_symlink() and link.readlink() == target and not target.exists()


def test_a_link_loop_given_as_report_is_refused_not_a_bug(tmp_path: Path) -> None:
    """Seen by state63: `--report` a loop of links ended as a bug (exit 3: resolve()'s RuntimeError)."""
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(SystemExit) as ended:
        cli.main(
            ["-q", "-p", "powerschool", str(tmp_path / "in"), str(tmp_path / "out"), "--report", str(tmp_path / "a")]
        )
    assert ended.value.code == 2


@pytest.mark.parametrize(
    ("written", "mine"),
    [
        ({"format": 2, "status": "ok"}, False),
        ({"format": 2, "status": "ok", "published": True}, False),
        ({"format": 1, "status": "ok", "published": True, "facts": {}}, False),
        (
            {
                "format": 1,
                "status": "running",
                "published": False,
                "facts": {},
                "totals": {"errors": 0},
                "problems": [],
            },
            True,
        ),
    ],
)
def test_another_tool_s_json_with_a_format_and_a_status_is_not_ours(
    tmp_path: Path, written: dict[str, Any], mine: bool
) -> None:
    """reviewer195 R5: a JSON of another tool with an integer `format` and a string `status` was replaced as ours."""
    report = tmp_path / "report.json"
    report.write_text(json.dumps(written), encoding="utf-8")
    assert report_files.ours(report, kind="report") is mine


@pytest.mark.parametrize("size", [10, 4095, 4096, 70_000])
def test_whitespace_only_is_empty_whatever_its_size(tmp_path: Path, size: int) -> None:
    """reviewer195 R5: whitespace only was empty up to 4 KiB, refused X902 from 4 KiB on."""
    report = tmp_path / "report.json"
    report.write_bytes(b"\xef\xbb\xbf" + b" \n" * (size // 2))
    report_files.replaceable("--report", report, kind="report")
    report.write_bytes(b" \n" * (size // 2) + b"x")
    with pytest.raises(report_files.TransformAbort):
        report_files.replaceable("--report", report, kind="report")


def test_a_fifo_nothing_reads_is_said_with_its_code_and_step(tmp_path: Path) -> None:
    """words64: --report and --html naming a FIFO nothing reads said 'Published, but writing the report ...
    failed: no process reads this FIFO: nothing was written to it', the one message of a published run with no
    code (a scheduler matching on codes saw none) and no step. Now I224, with the option, the path and what to
    do; in the run's report (the summary's table, and --report's file when only --html was the FIFO)."""
    from tests.test_cli import SAMPLE, transform

    fifo, report = tmp_path / "page.fifo", tmp_path / "report.json"
    os.mkfifo(fifo)
    done = transform(
        "--profile",
        "powerschool",
        SAMPLE / "in",
        tmp_path / "out",
        "--as-of",
        "2026-10-15",
        "--html",
        fifo,
        "--report",
        report,
    )
    assert done.returncode == 1 and (tmp_path / "out" / "users.csv").is_file()
    said = (
        f"Published, but writing the HTML report {fifo} failed: I224 report-fifo-unread: --html {fifo} is a FIFO "
        "(a named pipe) that no process reads: nothing was written to it, and the command did not wait; start the "
        "program that reads it before the command (the pipe's other end), or give --html a regular file"
    )
    assert said in " ".join(done.stderr.split()), done.stderr
    written = json.loads(report.read_text(encoding="utf-8"))
    assert [(p["code"], p["count"]) for p in written["problems"] if p["code"] == "I224"] == [("I224", 1)]
    assert written["facts"]["exit_status"] == 1

    validated = transform("validate", "--report", fifo, tmp_path / "out")
    assert validated.returncode == 1
    assert f"Cannot write {fifo}: I224 report-fifo-unread: --report {fifo} is a FIFO" in " ".join(
        validated.stderr.split()
    )


def test_a_fifo_nothing_reads_for_report_html_speaks_of_the_command_not_a_run(tmp_path: Path) -> None:
    """review201: `transform report REPORT --html FIFO` said I224's 'start the program that reads it before the
    run', of a command that is no run."""
    from tests.test_cli import SAMPLE, transform

    fifo, report = tmp_path / "page.fifo", tmp_path / "report.json"
    done = transform(
        "--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--as-of", "2026-10-15", "--report", report
    )
    assert done.returncode == 0, done.stderr
    os.mkfifo(fifo)
    paged = transform("report", report, "--html", fifo)
    said = " ".join(paged.stderr.split())
    assert paged.returncode == 1 and "I224 report-fifo-unread: --html" in said, said
    assert "start the program that reads it before the command (the pipe's other end)" in said
    assert "before the run" not in said
