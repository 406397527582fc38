"""An account with no home (a container run with `--user N` and no HOME, a uid no passwd entry
names): every command failed at import with exit 3, "Could not determine home directory"
(review36). A run works; the known_hosts default and the profile check cache do without."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT

# pwd knows no such uid, and HOME is unset: Path.home() raises RuntimeError, as on such a machine.
HOMELESS = """
import pwd, sys
def no_entry(uid):
    raise KeyError(f"getpwuid(): uid not found: {uid}")
pwd.getpwuid = no_entry
from transform.cli import main
sys.argv = ["transform", *sys.argv[1:]]
main()
"""


def test_a_run_under_an_account_with_no_home(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME", "TRANSFORM_CACHE_DIR")}
    sample = FIXTURES / "powerschool" / "district" / "in"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            HOMELESS,
            "--profile",
            "powerschool",
            str(sample),
            str(tmp_path / "out"),
            "--as-of",
            "2026-10-15",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "users.csv").is_file()
