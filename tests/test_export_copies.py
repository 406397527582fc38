"""Files a person's handling leaves beside the exports (tester20): a second download named
"students (1).csv" (I282), a zip of the exports inside the folder (I200 says so), an empty zip
(X957, exit 1: the export or the copy died, not a wrong command)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def run(exports: Path, out: Path) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))


@pytest.mark.parametrize("copy", ["students (1).txt", "Copy of students.txt", "students - Copy.txt"])
def test_a_second_copy_of_an_export_is_said_not_read(tmp_path: Path, copy: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    shutil.copyfile(exports / "students.txt", exports / copy)
    later = (exports / "students.txt").stat().st_mtime + 60
    os.utime(exports / copy, (later, later))
    result = run(exports, tmp_path / "out")
    assert result.exit_status == 0
    (said,) = result.report.examples["I282"]
    assert said.where.file == copy
    assert (
        said.message
        == f"{copy} is not read: its name is that of another copy of students.txt, which is read (this copy is newer)"
    )


def test_files_of_other_names_are_not_copies(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    (exports / "students_2025.txt").write_text("old", encoding="utf-8")
    (exports / "README (1).txt").write_text("notes", encoding="utf-8")
    assert "I282" not in run(exports, tmp_path / "out").report.counts


def test_a_zip_in_the_folder_is_named_when_an_export_is_missing(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    exports.mkdir()
    with zipfile.ZipFile(exports / "exports.zip", "w") as archive:
        for path in SAMPLE.iterdir():
            archive.write(path, path.name)
    result = run(exports, tmp_path / "out")
    assert result.exit_status == 2 and result.problems[0].code.id == "I200"
    assert "the folder holds exports.zip: unzip it there, or give the zip as EXPORTS" in result.problems[0].message


def test_a_zip_inside_the_exports_zip_is_named_as_such(tmp_path: Path) -> None:
    """tester47 F7.7: "the folder holds inner.zip: unzip it there" named a folder that is a zip."""
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as archive:
        for path in SAMPLE.iterdir():
            archive.write(path, path.name)
    nested = tmp_path / "nested.zip"
    with zipfile.ZipFile(nested, "w") as archive:
        archive.write(inner, "inner.zip")
    result = run(nested, tmp_path / "out")
    assert result.exit_status == 2 and result.problems[0].code.id == "I200"
    message = result.problems[0].message
    assert "nested.zip holds inner.zip, a zip inside the zip, which is not read: zip the exports once" in message
    assert "unzip it there" not in message


def test_an_empty_zip_is_an_export_cut_off(tmp_path: Path) -> None:
    (tmp_path / "exports.zip").write_bytes(b"")
    result = run(tmp_path / "exports.zip", tmp_path / "out")
    assert result.exit_status == 1
    (stop,) = result.problems
    assert stop.code.id == "X957" and "it is empty (0 bytes)" in stop.message
