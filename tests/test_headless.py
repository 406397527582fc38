"""An export written with its column headers switched off (PowerSchool AutoSend's "Include column
headers" unticked): its first line is a data row. Said once, I206 with the option to switch back
on (exit 1), not a missing column per column the profile reads (tester69 P4: eight I295 lines
"found: 1, 40000, ..." and "put the column back in the SIS export")."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import headless
from transform.report.summary import next_step

ROSTERING = FIXTURES / "powerschool" / "rostering"


def run(tmp_path: Path) -> api.RunResult:
    """The rostering fixture with students.txt's header line left out."""
    exports = tmp_path / "in"
    shutil.copytree(ROSTERING / "in", exports)
    students = exports / "students.txt"
    first, rest = students.read_text(encoding="utf-8").split("\n", 1)
    assert first.startswith("ID\tStudent_Number")
    students.write_text(rest, encoding="utf-8")
    options = api.RunOptions(
        profile=str(ROSTERING / "district.yaml"), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
    )
    return api.run(options)


def test_an_export_without_its_header_row_is_said_once(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert not result.report.published and result.exit_status == 1
    (said,) = result.problems
    assert said.code.id == "I206" and (said.where.file, said.where.line) == ("students.txt", 1)
    assert said.message.startswith("students.txt: cannot read: it has no header row: line 1 is data (1, 1001, 100, Ava")
    assert "I201" not in result.report.counts and "I295" not in result.report.counts
    assert "1001" not in said.params["detail_redacted"]
    step = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert step.startswith("Next: Switch the column headers back on in the students export")


def test_looks_like_data_wants_the_rows_shape() -> None:
    rows = [["2", "1002", "Ben", "4/2/2014"], ["3", "1003", "Cam", "5/3/2019"]]
    assert headless.looks_like_data(["1", "1001", "Ava", "3/1/2018"], rows)
    assert not headless.looks_like_data(["1", "1001", "Ava"], rows)  # another cell count
    assert not headless.looks_like_data(["ID", "Number", "Name", "Born"], rows)  # a template's other names
    assert not headless.looks_like_data(["1", "Number", "Name", "Born"], rows)  # one number is no row
    assert not headless.looks_like_data(["1", "1001", "Ava", "3/1/2018"], [["x", "y", "Ben", "z"]])
