"""An eSchoolPLUS download definition without the `#!#` record marker: each file was read as one
record, and the run stopped with only "no rows", the cause (a row of 46 cells under a header of
6) in the JSON report alone (tester16 F9). Now each such file is refused on screen, naming the
marker the profile expects, in both engines."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_export_without_the_record_marker_is_refused_with_its_cause(tmp_path: Path, engine: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", exports)
    path = exports / "REG.txt"
    raw = path.read_bytes()
    assert b"#!#" in raw
    path.write_bytes(raw.replace(b"#!#", b""))
    result = api.run(
        api.RunOptions(
            profile="eschoolplus", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), engine=engine
        )
    )
    assert result.exit_status == 1  # the download definition, not the command or profile (exit56)
    (said,) = [p for p in result.problems if p.where.file == "REG.txt"]
    assert said.code.id == "I206"
    assert "record_terminator '#!#'" in said.message and "one record" in said.message
    assert not any(p.code.id == "X903" for p in result.problems)
