"""tester79 T8: a birth date of the calendar that no one has (2099, after today; before 1900) was
valid to `transform validate` without a word, while a run leaves such a date blank (D315, D316).
Said now as a warning (V622) at its file, line and column: the set stays valid (exit 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_validate_command import copy_good, set_cell, strict_set
from transform import api


@pytest.mark.parametrize(("value", "why"), [("2099/01/01", "after today"), ("1850/03/04", "before 1900")])
def test_a_birth_date_no_one_has_is_said(tmp_path: Path, value: str, why: str) -> None:
    folder = copy_good(tmp_path)
    set_cell(folder / "demographics.csv", 3, "birthDate", value)
    result = api.validate_set(folder)
    assert result.exit_status == 0
    (said,) = result.report.examples["V622"]
    assert (said.where.file, said.where.line, said.where.column) == ("demographics.csv", 3, "birthDate")
    assert why in said.message


def test_the_strict_target_says_it_too(tmp_path: Path) -> None:
    folder = strict_set(tmp_path)
    set_cell(folder / "demographics.csv", 2, "birthDate", "2099-01-01")
    result = api.validate_set(folder, target="oneroster")
    assert result.report.counts["V622"] == 1


def test_a_real_birth_date_is_not_said(tmp_path: Path) -> None:
    folder = copy_good(tmp_path)
    set_cell(folder / "demographics.csv", 3, "birthDate", "2015/02/28")
    assert "V622" not in api.validate_set(folder).report.counts
