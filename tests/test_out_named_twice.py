"""tester10 item 6: OUT named through a symbolic link by one run and by the folder it points to
by another is one published folder: one state folder (one lock, one identity map, one
last.json), kept beside the real folder; one kept beside the link by an earlier version is
moved there (X965), and two of them are refused (X966) rather than one picked."""

from __future__ import annotations

import fcntl
import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_cli import transform

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def _run(out: Path, tmp_path: Path, *extra: str) -> tuple[int, dict[str, int], str]:
    report = tmp_path / "report.json"
    result = transform("--profile", "powerschool", SAMPLE, out, "--as-of", "2026-10-15", "--report", report, *extra)
    problems = json.loads(report.read_text(encoding="utf-8"))["problems"] if report.exists() else []
    codes = {p["code"]: p["count"] for p in problems}
    return result.returncode, codes, result.stderr


def _linked(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "drop" / "real"
    real.mkdir(parents=True)
    link = tmp_path / "link"
    link.symlink_to(real)
    return link, real


def test_a_run_by_the_link_and_one_by_the_real_path_share_one_state_folder(tmp_path: Path) -> None:
    link, real = _linked(tmp_path)
    status, _, stderr = _run(link, tmp_path)
    assert status == 0, stderr
    state = real.parent / ".real.transform"
    assert (state / "identities.csv").is_file() and (state / "last.json").is_file()
    first = json.loads((state / "last.json").read_text(encoding="utf-8"))
    status, codes, stderr = _run(real, tmp_path, "--as-of", "2026-10-16")
    assert status == 0, stderr
    assert not (tmp_path / ".link.transform").exists() and "X965" not in codes
    assert json.loads((state / "last.json").read_text(encoding="utf-8")) != first  # the same record, moved on


def test_the_lock_holds_whichever_name_the_run_gives(tmp_path: Path) -> None:
    link, real = _linked(tmp_path)
    assert _run(real, tmp_path)[0] == 0
    # A run publishing by the real path holds the lock; a second one names the link.
    with (real.parent / ".real.transform" / "lock").open("w", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        status, codes, _ = _run(link, tmp_path)
    assert status == 2 and codes.get("X914") == 1


def test_a_state_folder_beside_the_link_is_moved_beside_the_real_folder(tmp_path: Path) -> None:
    link, real = _linked(tmp_path)
    assert _run(link, tmp_path)[0] == 0
    state = real.parent / ".real.transform"
    state.rename(tmp_path / ".link.transform")  # where an earlier version kept it
    (tmp_path / ".link.transform" / "marker").write_text("x", encoding="utf-8")
    status, codes, stderr = _run(link, tmp_path, "--as-of", "2026-10-16")
    assert status == 0, stderr
    assert codes.get("X965") == 1 and "X965" in stderr
    assert (state / "marker").is_file() and not (tmp_path / ".link.transform").exists()


def test_two_state_folders_for_one_published_folder_are_refused(tmp_path: Path) -> None:
    link, real = _linked(tmp_path)
    assert _run(link, tmp_path)[0] == 0
    published = (real / "users.csv").read_bytes()
    shutil.copytree(real.parent / ".real.transform", tmp_path / ".link.transform")
    status, codes, stderr = _run(link, tmp_path, "--as-of", "2026-10-16")
    assert status == 2 and codes.get("X966") == 1, stderr
    assert "X966" in stderr and ".link.transform" in stderr
    assert (real / "users.csv").read_bytes() == published
