"""A published student whom the demographics export does not list at all is said (D369), once:
Remind asks for a demographics row per student, birthDate data required. A demographics export
cut to some students published the rest without a word (tester9 item 6); a row left out for a
reason (an unreadable birth date) is reported under its own code, not again."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_student_the_demographics_export_does_not_list_is_said(tmp_path: Path, engine: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    path = exports / "demographics.csv"
    # u-s2's row is gone; u-s3's birth date (2021-13-01) is no date: reported as such already.
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("u-s2,")), encoding="utf-8")
    result = api.run(
        api.RunOptions(
            profile="oneroster", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), engine=engine
        )
    )
    assert result.exit_status == 0
    (said,) = result.report.examples["D369"]
    assert said.where.record == "u-s2" and said.where.file == "users.csv"
    assert said.message == (
        "users: student 'u-s2' is published without a demographics row (no row of demographics.csv gave one); "
        "Remind asks for one per student (birthDate data required)"
    )
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8").splitlines()
    assert users[said.where.line - 1].startswith("u-s2,")  # the line of the published file
    assert any(
        p.where.record == "u-s3" for cid in ("D304", "D305", "D379") for p in result.report.examples.get(cid, [])
    )
