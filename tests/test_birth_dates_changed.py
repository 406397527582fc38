"""A students export re-saved on a day-first PC: the birth dates whose day and month are both 12 or
less come out swapped, and the night published them at exit 0 with no code (tester69 P3). Birth
dates do not change: at least 3 and more than 5 % of the students both sets give one changing in a
night, most of them day/month swaps or more than 20 %, is refused (X878), naming the day and month
swapped when that is what happened; --allow-rollover publishes it, said by X849 (exit 1), a new school
year's night too (review137 R1), as X992's birth dates lost. A few corrections publish at exit 0
(review137 R2: 3 among 59 students); a first set is not judged; students new tonight are not counted.
DuckDB's reading of the two sets (pipeline.set_sql) gives the answers the csv module's does."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import demographics_gate, set_sql
from transform.pipeline.gate import Change, Night
from transform.report import summary
from transform.report.report import Report

ROSTERING = FIXTURES / "powerschool" / "rostering"
DOB = 7  # students.txt's DOB column


def exports(folder: Path, dobs: dict[str, str] | None = None, *, new_year: bool = False) -> Path:
    """The rostering fixture (six active students, every DOB m/d/yyyy with both parts 12 or less),
    `dobs` (Student_Number -> DOB) written over students.txt's; `new_year`: its classes' next school
    year (2027-28: the dates a year on, new term and section IDs)."""
    where = folder / "in"
    shutil.copytree(ROSTERING / "in", where)
    for name in ("cc.txt", "sections.txt", "sectionteacher.txt", "terms.txt") if new_year else ():
        text = (where / name).read_text(encoding="utf-8").replace("2027", "2028").replace("2026", "2027")
        text = re.sub(r"\b36(0[012])\b", r"37\1", text)
        section = r"(?m)^(\d\t)([12]0\d)\t" if name == "cc.txt" else r"(?m)^()([12]0\d)\t"
        (where / name).write_text(re.sub(section, r"\g<1>5\2\t", text), encoding="utf-8")
    students = where / "students.txt"
    lines = students.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split("\t")
        if len(cells) > DOB and cells[1] in (dobs or {}):
            cells[DOB] = (dobs or {})[cells[1]]
            lines[n] = "\t".join(cells)
    students.write_text("\n".join(lines), encoding="utf-8")
    return where


def night(
    folder: Path,
    out: Path,
    day: int | dt.date,
    dobs: dict[str, str] | None = None,
    *,
    new_year: bool = False,
    **options: object,
) -> api.RunResult:
    given = api.RunOptions(
        profile=str(ROSTERING / "district.yaml"),
        in_dir=exports(folder, dobs, new_year=new_year),
        out_dir=out,
        as_of=day if isinstance(day, dt.date) else dt.date(2026, 10, day),
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
    (x849,) = allowed.report.examples["X849"]
    assert x849.message.startswith("--allow-rollover: demographics.csv gives 5 of the 6 students")
    assert "on 4 of them the day and the month are swapped" in x849.message
    # F454 names it in its own words, not as removals, defaults or teachers (review137 R3)
    (f454,) = allowed.report.examples["F454"]
    assert "X849 ×1 (demographics.csv gives 5 of the 6 students" in f454.message
    assert "birth dates changed in numbers on a night with no new term" in f454.message
    assert "records removed" not in f454.message


def test_the_flag_publishing_birth_dates_changed_or_lost_exits_1_on_a_new_school_years_night(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert night(tmp_path / "n1", out, dt.date(2027, 5, 20)).exit_status == 0
    # The new year's first night, rerun with --allow-rollover as X906 says: three birth dates swapped by a
    # day-first spreadsheet, three blanked. F454 says nothing on a new year's night (its removals are the flag's).
    dobs = {"1001": "1/3/2018", "1002": "2/4/2014", "1003": "3/5/2019", "1004": "", "1005": "", "1006": ""}
    result = night(tmp_path / "n2", out, dt.date(2027, 8, 20), dobs, new_year=True, allow_rollover=True)
    assert result.report.published and "F454" not in result.report.counts
    assert [p.code.id for p in summary.to_check(result.report)] == ["X849", "X992"]
    assert result.exit_status == 1
    assert (out / "demographics.csv").read_text(encoding="utf-8").count("2018/01/03") == 1


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


def judged(tmp_path: Path, compared: int, tonight: dict[int, str], refused: str = "") -> Report:
    """X878's gate on `compared` students born 2015/03/04 (sourcedIds 0, 1, ...), `tonight`'s written
    over theirs; `refused`: a code of gate.EXPORT_REFUSED said before it."""
    previous, staged = tmp_path / "previous", tmp_path / "staged"
    write(previous / "demographics.csv", [(str(n), "2015/03/04") for n in range(compared)])
    write(staged / "demographics.csv", [(str(n), tonight.get(n, "2015/03/04")) for n in range(compared)])
    report = Report()
    if refused:
        report.counts[refused] += 1
    change = Change(previous=compared, now=compared, changed=len(tonight))
    night = Night(report, previous, {}, tmp_path / "removals.csv", allow_rollover=False, staged=staged)
    demographics_gate.gate_birth_dates_changed(night, demographics=change)
    return report


def test_a_few_corrections_publish_swaps_or_many_changes_refuse_a_refused_export_is_not_judged(tmp_path: Path) -> None:
    years = {0: "2014/03/04", 1: "2016/03/04", 2: "2015/03/14"}  # corrected in the SIS: not swaps
    swaps = dict.fromkeys(range(3), "2015/04/03")
    # 3 of 59 (5.1 %) honest corrections publish (review137 R2); swapped, they are the export's
    assert not judged(tmp_path / "a", 59, years).counts
    assert judged(tmp_path / "b", 59, swaps).counts["X878"] == 1
    # 3 swaps of 60 are 5 %, not over it: published (review137 R4)
    assert not judged(tmp_path / "c", 60, swaps).counts
    # more than 20 % changed, whatever the change: refused, with no word of swaps or of 'not corrections'
    (said,) = judged(tmp_path / "d", 14, years).examples["X878"]
    assert said.params["percent"] == 21.4 and "unless the SIS corrected" in said.message
    assert "swapped" not in said.message and "not corrections" not in said.message
    assert not judged(tmp_path / "e", 15, years).counts  # 20 %: published
    # an export refused whole before (X991 and its kinds) is not judged again (review137 R4)
    assert judged(tmp_path / "f", 59, swaps, refused="X991").counts == {"X991": 1}
