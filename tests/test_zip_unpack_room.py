"""tester47 F4: a zip given as EXPORTS is unpacked into the temporary folder (TMPDIR), often a
small tmpfs, not OUT's disk. When it did not fit, the run said "X901 cannot write output to OUT:
No space left on device", and the admin freed space on a disk that had plenty. The TMPDIR here
is a real 16 KiB tmpfs, mounted in the run's own mount namespace (root, as the suite runs in CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
SCRIPT = Path(sys.executable).with_name("transform")


def small_tmpdir_run(tmp_path: Path, exports: Path, out: Path, *, size: str) -> subprocess.CompletedProcess[str]:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        reason = "a small TMPDIR needs a tmpfs mounted in the run's own mount namespace: run the tests as root"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    small = tmp_path / "small-tmp"
    small.mkdir()
    mount = f"mount -t tmpfs -o size={size} tmpfs {small}"
    command = [str(SCRIPT), "--profile", "powerschool", str(exports), str(out), "--as-of", "2026-10-15"]
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", f'{mount} && exec "$@"', "sh", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "TMPDIR": str(small)},
        timeout=120,
    )


def test_a_zip_of_exports_too_big_for_tmpdir_names_tmpdir_not_out(tmp_path: Path) -> None:
    exports = tmp_path / "sis-roster.zip"
    with zipfile.ZipFile(exports, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(SAMPLE.iterdir()):
            archive.write(path, path.name)
    out = tmp_path / "out"
    done = small_tmpdir_run(tmp_path, exports, out, size="16k")  # the unpacked exports take 36 KiB there
    assert done.returncode == 1, done.stderr
    assert "X880" in done.stderr and "cannot write output" not in done.stderr, done.stderr
    assert f"cannot unpack sis-roster.zip into {tmp_path / 'small-tmp'} (TMPDIR," in done.stderr, done.stderr
    assert "No space left on device" in done.stderr and not out.exists()
    assert "TMPDIR" in done.stdout.split("Next:")[-1], done.stdout  # the step: room in TMPDIR, or another TMPDIR
    (tmp_path / "roomy").mkdir()
    roomy = small_tmpdir_run(tmp_path / "roomy", exports, out, size="1m")  # the same zip, with room: published
    assert roomy.returncode == 0, roomy.stderr
