"""Clever: a student listed on students.csv rows at two schools (a student attending both, or a
district export writing one row per school) kept only the lower School_id, reported as a
conflict (V508), while a teacher's rows at two schools are united. Clever keys a student on
Student_id and lets a user belong to several schools; Remind: "A user can be in multiple
schools". The student is one user at both schools, with their contacts from every row."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

CLEVER = FIXTURES / "clever" / "district"
ROBERT = '100,S1002,1002,"Smith, Jr.",Lee,Robert,3,'


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_student_at_two_schools_is_one_user_at_both(tmp_path: Path, engine: str) -> None:
    folder = tmp_path / "in"
    shutil.copytree(CLEVER / "in", folder)
    shutil.copy(CLEVER / "district.yaml", tmp_path / "district.yaml")
    students = folder / "students.csv"
    lines = students.read_text(encoding="utf-8").splitlines()
    (robert,) = [line for line in lines if line.startswith(ROBERT)]
    students.write_text("\n".join([*lines, "200" + robert[3:]]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(
            profile=str(tmp_path / "district.yaml"),
            in_dir=folder,
            out_dir=out,
            as_of=dt.date(2026, 10, 15),
            engine=engine,
        )
    )
    assert result.exit_status == 0
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    assert users["S1002"]["orgSourcedIds"] == "100,200"
    assert users["S1002"]["grades"] == "03"
    assert users["S1002"]["agentSourcedIds"] == "GC610"
    assert "V508" not in result.report.counts
