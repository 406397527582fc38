"""A students export re-saved on a day-first PC: the birth dates whose day and month are both 12 or
less come out swapped, and the night published them at exit 0 with no code (tester69 P3). Birth
dates do not change: at least 3 and more than 5 % of the students both sets give one changing in a
night is refused (X878), naming the day and month swapped when that is what happened;
--allow-rollover publishes it, named by F454 (exit 1). One or two corrections publish at exit 0; a
first set is not judged; students new tonight are not counted. DuckDB's reading of the two sets
(pipeline.set_sql) gives the answers the csv module's does."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import demographics_gate, set_sql
from transform.pipeline.gate import Change

ROSTERING = FIXTURES / "powerschool" / "rostering"
DOB = 7  # students.txt's DOB column


def exports(folder: Path, dobs: dict[str, str] | None = None) -> Path:
    """The rostering fixture (six active students, every DOB m/d/yyyy with both parts 12 or less),
    `dobs` (Student_Number -> DOB) written over students.txt's."""
    where = folder / "in"
    shutil.copytree(ROSTERING / "in", where)
    students = where / "students.txt"
    lines = students.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split("\t")
        if len(cells) > DOB and cells[1] in (dobs or {}):
            cells[DOB] = (dobs or {})[cells[1]]
            lines[n] = "\t".join(cells)
    students.write_text("\n".join(lines), encoding="utf-8")
    return where


def night(folder: Path, out: Path, day: int, dobs: dict[str, str] | None = None, **options: object) -> api.RunResult:
    given = api.RunOptions(
        profile=str(ROSTERING / "district.yaml"),
        in_dir=exports(folder, dobs),
        out_dir=out,
        as_of=dt.date(2026, 10, day),
        **options,  # type: ignore[arg-type]
    )
    return api.run(given)


# A day-first PC's m/d/yyyy read back: 3/1/2018 saved as 1/3/2018 (four of the six).
SWAPPED = {"1001": "1/3/2018", "1002": "2/4/2014", "1003": "3/5/2019", "1005": "5/7/2015"}


def test_swapped_birth_dates_are_refused_two_corrections_published_the_flag_said(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert night(tmp_path / "n1", out, 15).exit_status == 0
    two = {"1004": "6/14/2017", "1006": "8/16/2015"}  # corrected in the SIS: published as usual
    honest = night(tmp_path / "n2", out, 16, two)
    assert honest.report.published and honest.exit_status == 0 and "X878" not in honest.report.counts
    before = (out / "demographics.csv").read_bytes()
    # tonight: 1001, 1002, 1003, 1005 swapped, 1006 changed otherwise, 1004 as last night
    swapped = {**SWAPPED, "1004": "6/14/2017", "1006": "9/16/2015"}
    result = night(tmp_path / "n3", out, 17, swapped)
    assert not result.report.published and result.exit_status == 1
    (said,) = result.report.examples["X878"]
    assert said.message.startswith("5 of the 6 students the last published set and tonight's both give a birth date")
    assert "1001 2018/03/01 -> 2018/01/03" in said.message
    assert "on 4 of them the day and the month are swapped" in said.message
    assert said.params["people_redacted"] == "1001, 1002, 1003 and 2 more" and said.params["compared"] == 6
    assert (out / "demographics.csv").read_bytes() == before
    allowed = night(tmp_path / "n4", out, 17, swapped, allow_rollover=True)
    assert allowed.report.published and allowed.exit_status == 1 and "X878" not in allowed.report.counts
    (f454,) = allowed.report.examples["F454"]
    assert "X878 (5 of 6 birth dates changed)" in f454.message


def write(path: Path, rows: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerows([("sourcedId", "birthDate"), *rows])


def test_new_students_and_lost_dates_are_not_counted_and_duckdb_agrees(tmp_path: Path) -> None:
    previous, staged = tmp_path / "previous", tmp_path / "staged"
    write(previous / "demographics.csv", [("a", "2015/03/04"), ("b", "2015/05/06"), ("c", "2015/07/08"), ("d", "")])
    write(
        staged / "demographics.csv",
        [("n1", "2015/01/02"), ("c", "2015/08/07"), ("a", "2015/03/04"), ("b", "2016/05/06"), ("d", "2015/01/01")],
    )
    change = Change(previous=4, now=5, changed=3)
    plain = demographics_gate.birth_dates_changed(previous, staged, change)
    assert plain == demographics_gate.DatesChanged(
        [("b", "2015/05/06", "2016/05/06"), ("c", "2015/07/08", "2015/08/07")], compared=3, swapped=1
    )
    with set_sql.reading(tmp_path, staged, always=True) as reader:
        assert reader is not None
        assert demographics_gate.birth_dates_changed(previous, staged, change) == plain
    # The comparison found too few records changed: nothing is read.
    assert demographics_gate.birth_dates_changed(previous, staged, Change(changed=2)).changed == []
