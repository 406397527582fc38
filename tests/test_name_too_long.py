"""A name no person has (tester20 F8): a family name of 40,000 characters, a paste into the SIS,
was published, and `transform validate` called the set valid. It is an error now (V607): the
user is left out, named with how the cell begins; a set holding one is not valid."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_name_of_forty_thousand_characters_is_left_out_as_an_error(tmp_path: Path, engine: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    students = exports / "students.txt"
    data = students.read_bytes()
    assert data.count(b"\tGarcia\t") >= 1
    students.write_bytes(data.replace(b"\tGarcia\t", b"\tGarcia" + b"x" * 40_000 + b"\t", 1))
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), engine=engine)
    )
    (said,) = result.report.examples["V607"]
    assert said.where.column == "Last_Name" and said.params["length"] == 40_006
    assert "it begins 'Garciaxxxx" in said.message
    assert result.report.published
    assert max(len(line) for line in (out / "users.csv").read_text(encoding="utf-8").splitlines()) < 1_000


def test_validate_finds_a_set_holding_one_not_valid(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "expected", folder)
    users = folder / "users.csv"
    text = users.read_text(encoding="utf-8")
    assert ",Liam,Garcia," in text
    users.write_text(text.replace(",Liam,Garcia,", ",Liam," + "G" * 300 + ",", 1), encoding="utf-8")
    result = api.validate_set(folder)
    assert result.exit_status == 1 and result.report.counts["V607"] == 1
