"""A disk that fills up under the run (tester14): nothing half-written is published or left in
the user's folders, the run says X901 (exit 1) before publishing and X911 after, naming the file
that failed, and what one run left never makes the next night refuse OUT. The full disk is
injected (an ENOSPC from the write), so the tests run anywhere, as root or not."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import columnar, publishing, write

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)
ENOSPC = OSError(errno.ENOSPC, "No space left on device")  # as a write or flush raises it: no file named


def run(out: Path, **options: Any) -> api.RunResult:
    options.setdefault("as_of", AS_OF)
    return api.run(api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, **options))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def ids(result: api.RunResult) -> list[str]:
    return list(result.report.counts)


def said(result: api.RunResult, code: str) -> list[str]:
    return [p.message for p in result.report.examples.get(code, [])]


def full() -> None:
    raise OSError(ENOSPC.errno, ENOSPC.strerror)


# --- F0: the columnar engine's temporaries ------------------------------------------------------


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_staged_set_still_holding_a_temporary_is_never_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    """A worker that failed on a full disk left its `.silent-*` file in the staging folder; the
    run redid its part and swapped the folder in, temporary and all (exit 0), and every next
    night refused OUT (X900, exit 2). Now nothing is published: X901, exit 1."""
    out = tmp_path / "out"
    assert run(out, engine=engine).exit_status == 0
    before = files(out)
    real = write.Staging.write_manifest

    def left_behind(self: write.Staging, *args: Any, **kwargs: Any) -> None:
        (self.path / ".silent-x1y2z3").write_bytes(b"")
        real(self, *args, **kwargs)

    monkeypatch.setattr(write.Staging, "write_manifest", left_behind)
    result = run(out, engine=engine, as_of=AS_OF + dt.timedelta(days=1))
    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X901"]
    assert ".silent-x1y2z3" in result.problems[0].message and str(out) in result.problems[0].message
    assert not result.report.published
    assert files(out) == before
    assert not list(tmp_path.glob(".out.staging-*"))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_temporaries_an_earlier_run_published_in_out_are_removed_and_said(tmp_path: Path, engine: str) -> None:
    """Runs of an older version published their temporaries with the set: ours, so removed
    under the lock and said (X974), not refused as another program's files (X900, exit 2)."""
    out = tmp_path / "out"
    assert run(out, engine=engine).exit_status == 0
    (out / ".silent-45cygdeu").write_bytes(b"1,2\r\n")
    (out / ".duckdb-abc").mkdir()
    (out / ".duckdb-abc" / "engine.duckdb").write_bytes(b"x")
    (out / ".users.csv.kept").write_bytes(b"")
    result = run(out, engine=engine, as_of=AS_OF + dt.timedelta(days=1))
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert "X974" in ids(result) and "X900" not in ids(result)
    (x974,) = said(result, "X974")
    assert ".silent-45cygdeu" in x974 and ".duckdb-abc" in x974 and ".users.csv.kept" in x974
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_another_programs_file_in_out_is_still_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out).exit_status == 0
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / ".silent-45cygdeu").write_bytes(b"")
    result = run(out, as_of=AS_OF + dt.timedelta(days=1))
    assert result.exit_status == 2 and [p.code.id for p in result.problems] == ["X900"]
    assert "notes.txt" in result.problems[0].message and ".silent" not in result.problems[0].message
    assert (out / ".silent-45cygdeu").exists()  # refused before the lock: OUT is left as it was


def test_the_silent_rows_temporary_goes_when_writing_it_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The columnar engine's silent rows (`.silent-*`) were removed only when all went well:
    a worker process that failed on a full disk left it for the set."""
    out = tmp_path / "out"
    monkeypatch.setattr(write.Staging, "discard", lambda self: self.release())  # keep what is left to see
    seen: list[Path] = []

    def append_lines(self: write.TableWriter, part: Path, count: int) -> None:
        seen.append(part)
        full()

    monkeypatch.setattr(write.TableWriter, "append_lines", append_lines)
    result = run(out, engine="columnar", jobs=1)
    assert seen, "the columnar engine wrote no silent rows: the test tests nothing"
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X901"]
    assert not [p for p in tmp_path.rglob(".silent-*")]


# --- F0b: DuckDB's own IO errors ------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        duckdb.IOException('IO Error: Could not write file "/x/.out.staging-1/engine.duckdb": No space left on device'),
        duckdb.TransactionException(
            "TransactionContext Error: Failed to commit: Could not write file "
            '"/x/.out.staging-1/.duckdb-2/engine.duckdb.wal": No space left on device'
        ),
    ],
    ids=["IOException", "TransactionException"],
)
def test_duckdb_on_a_full_disk_is_x901_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: duckdb.Error
) -> None:
    out = tmp_path / "out"
    assert run(out).exit_status == 0
    before = files(out)

    def load(self: columnar.Engine, source: object) -> None:
        raise error

    monkeypatch.setattr(columnar.Engine, "load", load)
    result = run(out, engine="columnar", jobs=1, as_of=AS_OF + dt.timedelta(days=1))
    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X901"]
    assert "No space left on device" in result.problems[0].message and str(out) in result.problems[0].message
    assert files(out) == before and not list(tmp_path.glob(".out.staging-*"))


def test_a_duckdb_bug_stays_a_bug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def load(self: columnar.Engine, source: object) -> None:
        raise duckdb.BinderException("Binder Error: Referenced column c9 not found")

    monkeypatch.setattr(columnar.Engine, "load", load)
    with pytest.raises(duckdb.BinderException):
        run(tmp_path / "out", engine="columnar", jobs=1)
    assert columnar.machine_error(duckdb.TransactionException("Failed to commit: conflict")) is None
    assert columnar.machine_error(ValueError("No space left on device")) is None


# --- F2, F5: the explain file on a disk that fills up ---------------------------------------------


class _FullHandle(io.StringIO):
    """The explain file's handle on a disk that fills up: its writes, flushes and close raise,
    as a buffered file's do once its buffer has to go to a full disk."""

    full = False

    def write(self, text: str) -> int:
        if _FullHandle.full:
            full()
        return super().write(text)

    def close(self) -> None:
        if _FullHandle.full:
            full()
        super().close()


def _explain_on_a_full_disk(monkeypatch: pytest.MonkeyPatch, *, from_the_start: bool) -> None:
    real_init, real_folded = write.ExplainLog.__init__, write.ExplainLog._write_folded
    _FullHandle.full = from_the_start

    def init(self: write.ExplainLog, path: Path, *, redact: bool) -> None:
        real_init(self, path, redact=redact)
        self._handle.close()
        self._handle = _FullHandle()
        self._writer = csv.writer(self._handle, lineterminator="\r\n")

    def folded(self: write.ExplainLog) -> None:
        _FullHandle.full = True
        real_folded(self)

    monkeypatch.setattr(write.ExplainLog, "__init__", init)
    monkeypatch.setattr(write.ExplainLog, "_write_folded", folded)


def test_an_explain_file_failing_after_publishing_is_x911(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """finish()'s handler closed the file again, which flushed again and raised out of it:
    exit 3 ("internal error"), a publish hidden behind it, and `.x.csv.partial` left."""
    _explain_on_a_full_disk(monkeypatch, from_the_start=False)
    explain = tmp_path / "reports" / "x.csv"
    explain.parent.mkdir()
    result = run(tmp_path / "out", explain=explain)
    assert result.report.published and result.exit_status == 1
    (x911,) = said(result, "X911")
    assert str(explain) in x911 and "No space left on device" in x911
    assert list(explain.parent.iterdir()) == []


def test_an_explain_file_failing_before_publishing_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """X901 named OUT, whose disk had room: "free space" was freed on the wrong disk."""
    _explain_on_a_full_disk(monkeypatch, from_the_start=True)
    explain = tmp_path / "reports" / "x.csv"
    explain.parent.mkdir()
    out = tmp_path / "out"
    result = run(out, explain=explain)
    assert not result.report.published and result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X901"]
    assert f"cannot write output to {explain}:" in result.problems[0].message
    assert not out.exists() and list(explain.parent.iterdir()) == []


def test_a_full_state_folder_is_named_not_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The publishing mark could not be written (the state folder on its own full disk): X901
    named OUT, and a `publishing.json.partial` was left."""

    class FullOs:
        def __getattr__(self, name: str) -> Any:
            return getattr(os, name)

        @staticmethod
        def fsync(fd: int) -> None:
            full()

    out = tmp_path / "out"
    monkeypatch.setattr(publishing, "os", FullOs())
    result = run(out)
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X901"]
    state = tmp_path / ".out.transform"
    assert f"cannot write output to {state / 'publishing.json'}:" in result.problems[0].message
    assert not out.exists() and not list(state.glob("publishing.json*"))


def test_a_full_temporary_folder_is_named_not_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """TMPDIR with room to begin but not for the records a stage holds to its end (tester52 F7):
    X901 named OUT, whose disk had 50 GB free. Now it names TMPDIR as such."""
    import tempfile

    from transform.pipeline import spool

    tiny = tmp_path / "tiny"
    tiny.mkdir()
    monkeypatch.setenv("TMPDIR", str(tiny))
    monkeypatch.setattr(tempfile, "tempdir", str(tiny))
    in_tiny: set[int] = set()
    opened, written = spool.tempfile.TemporaryFile, spool._write_batch

    def temporary_file(*args: Any, **kwargs: Any) -> Any:
        handle = opened(*args, **kwargs)
        if Path(kwargs.get("dir", "")).absolute() == tiny:
            in_tiny.add(id(handle))
        return handle

    def write_batch(handle: Any, batch: Any) -> None:
        if id(handle) in in_tiny:  # that disk is full
            full()
        written(handle, batch)

    monkeypatch.setattr(spool.tempfile, "TemporaryFile", temporary_file)
    monkeypatch.setattr(spool, "_write_batch", write_batch)
    out = tmp_path / "out"
    result = run(out)
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X901"]
    message = result.problems[0].message
    assert f"cannot write output to {tiny} (TMPDIR, " in message and str(out) not in message
    assert not out.exists()


# --- F3: the zip ----------------------------------------------------------------------------------


def test_a_zip_that_cannot_be_written_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It was said as "keeping its record failed", sending the admin to the state folder."""

    def write_member(self: object, *args: object, **kwargs: object) -> None:
        full()

    monkeypatch.setattr(write.zipfile.ZipFile, "write", write_member)
    target = tmp_path / "set.zip"
    result = run(tmp_path / "out", zip_path=target)
    assert result.report.published and result.exit_status == 1
    words = f"the set is published, but writing the zip {target} failed: No space left on device"
    assert said(result, "X911") == [words]
    assert not target.exists() and not list(tmp_path.glob(".set.zip.partial"))
    assert (tmp_path / ".out.transform" / "last.json").is_file()  # the record was kept


# --- F4: the JSON report --------------------------------------------------------------------------

HALF_WRITTEN = """
import errno, pathlib, sys
real = pathlib.Path.write_text
def write_text(self, text, *args, **kwargs):
    if self.name.endswith("r.json") or self.name.endswith("r.json.partial"):
        real(self, text[: len(text) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")
    return real(self, text, *args, **kwargs)
pathlib.Path.write_text = write_text
from transform.cli import main
main(sys.argv[1:])
"""


def test_a_report_that_cannot_be_written_leaves_no_half_json_nor_last_nights(tmp_path: Path) -> None:
    """--report was written in place: a full disk left half a JSON where the good one was. Since stop
    61 a run replaces the report at its start with one saying it is running (tester75 O5); when even
    that cannot be written, last night's is removed rather than left to read as tonight's."""
    report = tmp_path / "r.json"
    # last night's own report (a file the tool did not write is not replaced at all: X902, state63)
    last_night = '{"format": 1, "status": "finished", "published": true, "facts": {"exit_status": 0}}\n'
    report.write_text(last_night, encoding="utf-8")
    args = ["--profile", "powerschool", str(SAMPLE), str(tmp_path / "out"), "--as-of", "2026-10-15"]
    result = subprocess.run(
        [sys.executable, "-c", HALF_WRITTEN, *args, "--report", str(report)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"Published, but writing the report {report} failed"), result.stderr
    assert not report.exists()  # neither half a JSON nor last night's 'published' read as tonight's
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == []


def test_a_report_that_cannot_be_written_on_a_refused_night_is_said_in_one_sentence(tmp_path: Path) -> None:
    """'Cannot write the report r.json failed' (tester64): two verbs. A night refused (its date
    before the last set's, X803) whose report does not fit says it once, the reason after."""
    report = tmp_path / "r.json"
    out = str(tmp_path / "out")
    assert api.run(api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=Path(out), as_of=dt.date(2026, 10, 15)))
    args = ["--profile", "powerschool", str(SAMPLE), out, "--as-of", "2026-10-10", "--report", str(report)]
    result = subprocess.run(
        [sys.executable, "-c", HALF_WRITTEN, *args], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith(f"Cannot write the report {report}: No space left on device\n"), result.stderr
    assert "X803" in result.stdout + result.stderr
