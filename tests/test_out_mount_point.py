"""tester10 item 11: OUT that is a mount point (a container volume, a share mounted at the drop
folder) cannot be swapped by a rename (EBUSY): refused before any export is read, saying what to
do, not "cannot write output to out: Device or resource busy" after the whole run."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import read

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def _options(out: Path) -> api.RunOptions:
    return api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, as_of=dt.date(2026, 10, 15))


def _refused_up_front(result: api.RunResult, out: Path) -> None:
    assert result.exit_status == 2 and not result.report.published
    (problem,) = result.problems
    message = problem.code.render(**problem.params)
    assert problem.code.id == "X901" and "mount point" in message and str(out / "set") in message
    assert not result.report.rows_read  # nothing was read


@pytest.mark.parametrize("linked", [False, True], ids=["out", "link-to-out"])
def test_an_out_that_is_a_mount_point_is_refused_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, linked: bool
) -> None:
    mounted = tmp_path / "mnt"
    mounted.mkdir()
    (mounted / "users.csv").write_bytes(b"sourcedId\r\n")
    ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda path: Path(path) == mounted or ismount(path))
    opened = []
    monkeypatch.setattr(read, "find_sources", lambda *a, **k: opened.append(a) or {})
    out = tmp_path / "out" if linked else mounted
    if linked:
        out.symlink_to(mounted)
    _refused_up_front(api.run(_options(out)), mounted)
    assert not opened and (mounted / "users.csv").read_bytes() == b"sourcedId\r\n"


def test_a_real_mount_point(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(out)]).returncode:
        pytest.skip("mounting a tmpfs needs root")
    try:
        _refused_up_front(api.run(_options(out)), out)
    finally:
        subprocess.run(["umount", str(out)], check=False)


def test_a_bind_mount_of_a_folder_of_the_same_filesystem(tmp_path: Path) -> None:
    """A bind mount has its parent's device, so a device comparison (os.path.ismount) does not
    see it; the kernel's list of mounts does (tester14 F6: the whole run, then EBUSY)."""
    source, out = tmp_path / "share", tmp_path / "out dir"  # a space: mountinfo writes it \040
    source.mkdir()
    out.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "--bind", str(source), str(out)]).returncode:
        pytest.skip("a bind mount needs root")
    try:
        _refused_up_front(api.run(_options(out)), out)
    finally:
        subprocess.run(["umount", str(out)], check=False)
