"""tester48 F6: a student's row lost whole for I205 (a tab inside her middle name gives it a cell
more than the header) took her enrolments along as D300 "no students row with StudentID='901'",
with an empty caused_by: the admin looked for a student missing from the SIS export, where the
row to fix was the students row the run could not read. Both engines say it the same way."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def exports_with_a_row_too_long(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    students = folder / "students.txt"
    lines = students.read_bytes().split(b"\r\n")
    assert lines[2].startswith(b"901\t5002\t100\tLiam\t\tGarcia\t")
    lines[2] = lines[2].replace(b"\tLiam\t\tGarcia\t", b"\tLiam\tAnn\tMarie\tGarcia\t")  # a tab typed in a name
    students.write_bytes(b"\r\n".join(lines))
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_enrolment_of_a_student_whose_row_was_lost_names_that_row(tmp_path: Path, engine: str) -> None:
    explain = tmp_path / "dropped.csv"
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=exports_with_a_row_too_long(tmp_path),
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            explain=explain,
            engine=engine,
        )
    )
    assert result.report.counts["I205"] == 1 and result.report.examples["I205"][0].where.line == 3
    followed = [p for p in result.report.examples["D300"] if "StudentID='901'" in p.message]
    assert followed, [p.message for p in result.report.examples["D300"]]
    for problem in followed:
        assert "no students row with StudentID='901' could be read: students.txt:3 holds it, and was lost " in (
            problem.message
        ), problem.message
        assert "whole for I205" in problem.message
    with explain.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["code"] == "D300" and "'901'" in row["detail"]]
    assert rows and {row["caused_by"] for row in rows} == {"I205 students.txt:3"}
    other = [p for p in result.report.examples["D300"] if "'901'" not in p.message]
    assert all("I205" not in p.message for p in other)  # a student the export truly lacks is said as before
