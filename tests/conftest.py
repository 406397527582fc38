"""Shared test helpers: fixture folders, golden files, the repository root."""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests import sshd as openssh

if TYPE_CHECKING:
    from tests.case_runs import CaseRuns

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
REALWORLD = ROOT.parent / "shared" / "realworld"


def renamed_sample(tmp_path: Path, night: int) -> Path:
    """The PowerSchool sample with its first student's given name another each night: one set per
    night (a night whose set is the newest kept copy keeps none: --keep)."""
    exports = tmp_path / f"in-{night}"
    if not exports.exists():
        shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
        path = exports / "students.txt"
        text = path.read_text(encoding="cp1252")
        assert "\t100\tAva\t" in text
        path.write_text(text.replace("\t100\tAva\t", f"\t100\tAva{'x' * night}\t", 1), encoding="cp1252")
    return exports


def _fsync_in_memory(fd: int) -> None:
    """os.fsync for the tests: the fd is still checked (a closed one raises as fsync would), the
    page cache is not flushed to the disk."""
    os.fstat(fd)


def fixtures_written_at_once() -> None:
    """Every fixture file given one time, the newest of theirs (a fresh clone's, unchanged): git
    gives a file a pull changes a new time, so an old checkout's pulled export was 'written' weeks
    after its siblings, and every run of that folder with the clock or a pinned `now` (the golden
    cases in place, the tutorial's, every test copying a fixture with its times) was refused X852
    (review129 R4). The freshness checks' own tests write their files' times in tmp_path."""
    files = [path for path in FIXTURES.rglob("*") if path.is_file() and not path.is_symlink()]
    if not files:
        return
    newest = max(path.stat().st_mtime_ns for path in files)
    for path in files:
        if path.stat().st_mtime_ns != newest:
            with contextlib.suppress(OSError):  # a read-only checkout: its times stay
                os.utime(path, ns=(newest, newest))


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # once, before xdist's workers start: no file time decides a run
        fixtures_written_at_once()
    # A published set syncs its files, the state and the publishing mark (seven fsyncs a run, 3 to
    # 16 ms each on ext4, the worker idle meanwhile): no test can see the disk outlive a power cut,
    # and the tests of a failing fsync patch it themselves (test_disk_full). The forked runs
    # (cli_runner) inherit this; a run as a real subprocess still syncs.
    os.fsync = _fsync_in_memory
    # Profiles checked by the tests are remembered in a folder of the test run's own, not in the
    # user's ~/.cache (transform.profile.checked); the CLI run as a subprocess inherits it.
    os.environ.setdefault("TRANSFORM_CACHE_DIR", tempfile.mkdtemp(prefix="transform-test-cache-"))


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the test process holds once every test is collected (each xdist worker collects the whole
    suite: ~260,000 objects of imported modules, test items and their marks) lives to its end, and
    Python's cyclic garbage collector walked all of it again at each full collection: in a 450-test
    sample, 34 full collections of ~0.1 CPU-s, ~4% of the worker's time. Frozen, it is skipped
    (gc.freeze); what the tests make afterwards is collected as before. cli_runner's forked runs
    freeze the test process's objects the same way."""
    gc.collect()
    gc.freeze()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite fixtures/*/*/expected from the current output",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def sshd(tmp_path: Path) -> Iterator[openssh.Sshd]:
    """A real OpenSSH server on 127.0.0.1 for this test (tests/sshd.py); skips, or fails under
    CI=true, where sshd is not installed."""
    server = openssh.start(tmp_path / "sshd")
    try:
        yield server
    finally:
        openssh.stop(server)


@pytest.fixture(scope="session")
def case_runs(tmp_path_factory: pytest.TempPathFactory) -> CaseRuns:
    """The golden cases' reference runs, each made once in this test process (tests/case_runs.py)."""
    from tests.case_runs import CaseRuns  # it imports test_golden, which imports this module

    return CaseRuns(tmp_path_factory.mktemp("case-runs"))
