"""Issue 18 items 2 and 9 (the state folder, the working directory): every path the run will
write is checked before any export is read, a failure after publishing is said first, and a
closed or full stderr never changes the result."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
AS_OF = ("--as-of", "2026-10-15")
SCRIPT = Path(sys.executable).with_name("transform")


def _run(out: Path, *extra: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return transform("--profile", "powerschool", SAMPLE, out, *AS_OF, *extra, cwd=cwd)


@pytest.mark.parametrize("option", ["--explain", "--report", "--zip"])
def test_an_output_file_that_is_a_folder_stops_the_run_before_publishing(tmp_path: Path, option: str) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    out = tmp_path / "out"
    result = _run(out, option, folder)
    assert result.returncode == 2, result.stderr
    assert "X902" in result.stderr and "is a folder" in result.stderr and option in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".*.partial"))


@pytest.mark.parametrize("option", ["--explain", "--report", "--html", "--zip"])
@pytest.mark.parametrize("where", ["in OUT", "in OUT not made yet", "through a link to OUT", "in the state folder"])
def test_an_output_file_inside_out_is_refused_before_any_export_is_read(
    tmp_path: Path, option: str, where: str
) -> None:
    """OUT is replaced whole and holds the set's files alone: a report written there passed the
    checks, then every later night refused the tool's own file as another's (X900; tester10
    item 9). Refused at once (X902, exit 2), saying to write it beside OUT."""
    out = tmp_path / "out"
    if where != "in OUT not made yet":
        assert _run(out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}
    folder = {
        "in OUT": out,
        "in OUT not made yet": out,
        "through a link to OUT": tmp_path / "link",
        "in the state folder": tmp_path / ".out.transform",
    }[where]
    if where == "through a link to OUT":
        folder.symlink_to(out)
    result = _run(out, option, folder / "night.file", "--as-of", "2026-10-16")
    assert result.returncode == 2, result.stderr
    assert "X902" in result.stderr and option in result.stderr, result.stderr
    assert "write it beside OUT" in result.stderr and "night.file is inside" in result.stderr
    assert ({p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}) == before
    assert not (out / "night.file").exists() and not list(tmp_path.glob(".out.staging-*"))
    if where != "in OUT not made yet":  # the report beside OUT: the next night publishes
        assert _run(out, option, tmp_path / "night.file", "--as-of", "2026-10-16").returncode == 0


@pytest.mark.parametrize("option", ["--explain", "--report", "--html", "--zip"])
@pytest.mark.parametrize("where", ["the exports' zip", "an export file", "a new file among the exports"])
def test_an_output_file_that_is_an_export_is_refused_before_any_export_is_read(
    tmp_path: Path, option: str, where: str
) -> None:
    """`--zip /srv/sis/roster.zip` typed for `/srv/remind/roster.zip`: the SIS's export zip (or
    students.txt) was overwritten with the set, exit 0, and the next night failed until the SIS
    exported again (tester47 F8). Refused at once (X902, exit 2), naming the option and the exports."""
    exports = tmp_path / "sis"
    shutil.copytree(SAMPLE, exports)
    zipped = tmp_path / "sis-roster.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        for path in sorted(exports.iterdir()):
            archive.write(path, path.name)
    source, target = {
        "the exports' zip": (zipped, zipped),
        "an export file": (exports, exports / "students.txt"),
        "a new file among the exports": (exports, exports / "dropped.csv"),
    }[where]
    before = {p.name: p.read_bytes() for p in (exports, tmp_path)[source == zipped].iterdir() if p.is_file()}
    out = tmp_path / "out"
    result = transform("--profile", "powerschool", source, out, *AS_OF, option, target)
    assert result.returncode == 2, result.stderr
    assert "X902" in result.stderr and option in result.stderr and "EXPORTS" in result.stderr, result.stderr
    assert "write it beside" in result.stderr and not out.exists()
    assert {p.name: p.read_bytes() for p in (exports, tmp_path)[source == zipped].iterdir() if p.is_file()} == before


@pytest.mark.parametrize(("first", "second"), [("--report", "--html"), ("--explain", "--html"), ("--report", "--zip")])
def test_one_path_given_to_two_outputs_is_refused_before_any_export_is_read(
    tmp_path: Path, first: str, second: str
) -> None:
    """`--report x --html x` wrote the page over the JSON at exit 0: a scheduler reading x as JSON
    failed the next morning (tester63 F12)."""
    out, both = tmp_path / "out", tmp_path / "x"
    result = _run(out, first, both, second, both)
    assert result.returncode == 2, result.stderr
    assert "X902" in result.stderr and first in result.stderr and second in result.stderr, result.stderr
    assert not out.exists() and not both.exists()


def test_a_validated_set_s_first_user_is_named_at_its_own_line(tmp_path: Path) -> None:
    """validate called users.csv's first row line 1, the header (tester63 F11)."""
    out = tmp_path / "out"
    assert _run(out).returncode == 0
    (out / "demographics.csv").write_text(
        (out / "demographics.csv").read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8"
    )
    result = transform("validate", out)  # D369 is a warning: the set stays valid
    assert result.returncode == 0, result.stderr
    lines = re.findall(r"D369 users\.csv:(\d+)", result.stderr)
    assert lines and lines[0] == "2", result.stderr


def test_a_state_folder_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / ".out.transform").write_text("not a folder", encoding="utf-8")
    result = _run(tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert "X932" in result.stderr and ".out.transform is a file" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_deleted_working_directory_is_named(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    script = (
        f"cd {gone} && rmdir {gone} && exec {SCRIPT} --profile powerschool {SAMPLE} {tmp_path / 'out'} "
        f"--as-of 2026-10-15"
    )
    result = subprocess.run(["sh", "-c", script], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 2, result.stderr
    assert "X934" in result.stderr and "working directory no longer exists" in result.stderr


FAILS_AFTER_PUBLISHING = """
import errno, sys
from transform import api
def full(folder, target):
    raise OSError(errno.ENOSPC, "No space left on device", str(target))
api.write_zip = full  # the disk fills up between the checks and the zip
from transform.cli import main
main(sys.argv[1:])
"""


def test_a_zip_failing_after_publishing_says_so_first_and_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            FAILS_AFTER_PUBLISHING,
            "--profile",
            "powerschool",
            str(SAMPLE),
            str(out),
            *AS_OF,
            "--zip",
            str(tmp_path / "upload.zip"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr.startswith("Published, but writing"), result.stderr
    assert "No space left on device" in result.stderr.splitlines()[0]
    assert (out / "users.csv").is_file()
    assert not (tmp_path / "upload.zip").exists() and not list(tmp_path.glob(".upload.zip.partial"))


def _with_stream(args: list[str], how: str, fd: int = 2) -> int:
    command = " ".join(f"'{a}'" for a in args)
    redirect = {"closed": f"{fd}>&-", "full": f"{fd}>/dev/full"}[how]
    other = {"stdout": subprocess.DEVNULL} if fd == 2 else {"stderr": subprocess.DEVNULL}
    return subprocess.run(["sh", "-c", f"exec {command} {redirect}"], check=False, timeout=120, **other).returncode


@pytest.mark.parametrize("fd", [2, 1], ids=["stderr", "stdout"])
@pytest.mark.parametrize("how", ["closed", "full"])
@pytest.mark.parametrize("log_format", ["text", "json"])
def test_the_exit_code_does_not_depend_on_stderr(tmp_path: Path, how: str, log_format: str, fd: int) -> None:
    """Nor on stdout, where the summary goes (a closed or full one would make Python exit 120)."""
    out = tmp_path / "out"
    base = [str(SCRIPT), "--profile", "powerschool", str(SAMPLE), str(out), *AS_OF, "--log-format", log_format]
    assert _with_stream(base, how, fd) == 0
    assert (out / "users.csv").is_file()
    refused = [*base[:3], str(tmp_path / "nowhere"), *base[4:]]  # no exports: exit 2 either way
    assert _with_stream(refused, how, fd) == 2


def test_an_unwritable_out_parent_is_found_before_reading(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = _run(blocker / "sub" / "out")
    assert result.returncode == 2, result.stderr
    assert re.search(r"X901 .*is a file, not a folder", result.stderr), result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["file"]
