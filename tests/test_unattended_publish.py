"""Issue 18 items 3 and 4: publishing leaves no moment without OUT (or recovers it at the next
start), removes what it left aside, and publishes behind a symlinked OUT."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform
from tests.test_gate import keep_students
from transform.pipeline import swap

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
AS_OF = ("--as-of", "2026-10-15")

# Runs the command in a process that dies (SIGKILL) between the two renames of a publish, on a
# system without an atomic exchange: the window issue 18 saw.
KILLED_BETWEEN_RENAMES = """
import os, signal, sys
from pathlib import Path
from transform.pipeline import swap
swap.exchange = lambda first, second: False  # as where renameat2 is missing
rename = Path.rename
def rename_then_die(self, target):
    result = rename(self, target)
    if ".previous-" in str(target):  # OUT was just put aside; the staged set is not in yet
        os.kill(os.getpid(), signal.SIGKILL)
    return result
Path.rename = rename_then_die
from transform.cli import main
main(sys.argv[1:])
"""


def _run(exports: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return transform("--profile", "powerschool", exports, out, *AS_OF, *extra)


def _fewer_students(tmp_path: Path) -> Path:
    """The sample with a third of its students gone (the 28 % loss of issue 18)."""
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    lines = (exports / "students.txt").read_bytes().split(b"\r\n")
    rows = [line for line in lines[1:] if line.strip()]
    keep_students(exports, len(rows) - len(rows) // 3)  # gone with their schedules
    return exports


def test_a_run_killed_between_the_renames_is_recovered_by_the_next(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(SAMPLE, out).returncode == 0
    published = (out / "users.csv").read_bytes()
    fewer = _fewer_students(tmp_path)
    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_BETWEEN_RENAMES,
            "--profile",
            "powerschool",
            str(fewer),
            str(out),
            *AS_OF,
            "--allow-rollover",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr
    assert not out.exists() and swap.previous_folders(out)  # the window: no OUT, the set aside
    report = tmp_path / "report.json"
    result = _run(fewer, out, "--report", str(report))  # tonight's export lost a third of the students
    assert result.returncode == 1, result.stderr
    assert "X906" in result.stderr  # compared with the recovered set: refused
    found = {p["code"] for p in json.loads(report.read_text(encoding="utf-8"))["problems"]}
    assert "X935" in found  # and the recovery is said
    assert (out / "users.csv").read_bytes() == published
    assert not swap.previous_folders(out)


def test_publishing_over_a_set_is_one_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from transform import api

    out = tmp_path / "out"
    options = api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, as_of=dt.date(2026, 10, 15))
    assert api.run(options).exit_status == 0
    renamed: list[tuple[Path, Path]] = []
    rename = Path.rename

    def recording(self: Path, target: Path) -> Path:
        renamed.append((self, Path(target)))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", recording)
    assert api.run(options).exit_status == 0
    assert not [pair for pair in renamed if out in pair]  # OUT was never renamed away
    assert (out / "users.csv").is_file()
    assert not list(tmp_path.glob(".out.staging-*")) and not swap.previous_folders(out)


def test_a_failure_between_the_renames_puts_the_set_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from transform import api

    out = tmp_path / "out"
    options = api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, as_of=dt.date(2026, 10, 15))
    assert api.run(options).exit_status == 0
    before = (out / "users.csv").read_bytes()
    monkeypatch.setattr(swap, "exchange", lambda first, second: False)
    rename = Path.rename

    def staged_in_fails(self: Path, target: Path) -> Path:
        if ".staging-" in self.name:
            raise OSError(28, "No space left on device")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", staged_in_fails)
    result = api.run(options)
    assert result.exit_status in (1, 2) and not result.report.published
    assert (out / "users.csv").read_bytes() == before and not swap.previous_folders(out)


def test_old_sets_left_aside_are_removed_after_a_good_publish(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(SAMPLE, out).returncode == 0
    (tmp_path / ".out.previous-old1").mkdir()
    (tmp_path / ".out.previous-old1" / "users.csv").write_text("x", encoding="utf-8")
    assert _run(SAMPLE, out).returncode == 0
    assert not swap.previous_folders(out)


@pytest.mark.parametrize("exists", [True, False], ids=["target-folder", "dangling-link"])
def test_a_symlinked_out_is_published_behind_the_link(tmp_path: Path, exists: bool) -> None:
    drop = tmp_path / "sftp" / "drop"
    if exists:
        drop.mkdir(parents=True)
    else:
        drop.parent.mkdir()
    out = tmp_path / "out"
    out.symlink_to(drop)
    first = _run(SAMPLE, out)
    assert first.returncode == 0, first.stderr
    assert out.is_symlink() and (drop / "users.csv").is_file()
    fewer = _fewer_students(tmp_path)
    second = _run(fewer, out, "--allow-rollover")  # published, but said (F454: no term change)
    assert second.returncode == 1 and "Published, but F454" in second.stderr, second.stderr
    assert out.is_symlink() and out.resolve() == drop.resolve()
    rows = (drop / "users.csv").read_text(encoding="utf-8").count("\n")
    reference = tmp_path / "reference"
    assert _run(fewer, reference).returncode == 0
    assert (drop / "users.csv").read_bytes() == (reference / "users.csv").read_bytes() and rows > 1
    assert not list(drop.parent.glob(".drop.staging-*")) and not list(tmp_path.glob(".out.staging-*"))
