"""A student withdrawn today leaves an export of active students tonight, while her schedule rows,
which the enrolment rule keeps today, end today: the night was refused as a students export that
lost rows (X882, 'export it again whole', which changed nothing), and the next night published
(tester67 F5). She is leaving when every current row naming her ends tonight in a class that runs
on. One row of hers running on, or rows ending with their classes (the year's last day: every row
ends), is still a students export cut short (review64 R1: b6e4f04 judged only her first row).

Both ways an enrolment names its student: by her ID (ClassRoster.csv's Student ID, V504 when the set
lacks her) and through a join to the students export (PowerSchool's cc.txt StudentID, D300)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import unbundled_district as unbundled
from tests.conftest import FIXTURES
from transform import api

ENGINES = ["python", "columnar"]


def _without(made: unbundled.District, student: str) -> unbundled.District:
    return dataclasses.replace(made, students=[s for s in made.students if s["Student ID"] != student])


def _ending(made: unbundled.District, student: str, end: str, *, classes: int | None = None) -> unbundled.District:
    """`student`'s this year's rows (the first `classes` of them, or all) ending on `end`."""
    roster, changed = [], 0
    for row in made.roster:
        if row["Student ID"] == student and not row["End Date"] and (classes is None or changed < classes):
            row, changed = {**row, "End Date": end}, changed + 1
        roster.append(row)
    return dataclasses.replace(made, roster=roster)


def _nights(tmp_path: Path, engine: str, first: unbundled.District, second: unbundled.District, on: dt.date):
    out = tmp_path / "out"
    assert unbundled.run(first.write(tmp_path / "in1"), out, engine, as_of=on - dt.timedelta(days=1)).report.published
    return unbundled.run(second.write(tmp_path / "in2"), out, engine, as_of=on), out


@pytest.mark.parametrize("engine", ENGINES)
def test_a_student_withdrawn_today_is_published_gone_not_refused_as_a_lost_row(tmp_path: Path, engine: str) -> None:
    made = unbundled.district()
    student = made.students[10]["Student ID"]
    second = _ending(_without(made, student), student, "12/08/2026")
    result, out = _nights(tmp_path, engine, made, second, dt.date(2026, 12, 8))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert "X882" not in result.report.counts
    students = {
        user for (user, role) in unbundled.published(out, "users.csv", "sourcedId", "role") if role == "student"
    }
    assert students == {s["Student ID"] for s in made.students} - {student}
    enrolled = unbundled.published(out, "enrollments.csv", "classSourcedId", "userSourcedId")
    expected = {(c, s) for c, kids in made.class_students.items() for s in kids if s != student}
    assert {pair for pair in enrolled if not pair[1].startswith("T")} == expected


def test_three_students_withdrawn_today_from_the_exports_end_are_no_tail_cut(tmp_path: Path) -> None:
    """Their rows were the students export's last lines: not X884's lines lost either."""
    made = unbundled.district()
    leaving = [s["Student ID"] for s in made.students[-3:]]
    second = made
    for student in leaving:
        second = _ending(_without(second, student), student, "12/08/2026")
    result, out = _nights(tmp_path, "python", made, second, dt.date(2026, 12, 8))
    assert result.exit_status == api.EXIT_PUBLISHED and not {"X882", "X884"} & set(result.report.counts)
    assert not {(s,) for s in leaving} & unbundled.published(out, "users.csv", "sourcedId")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_lost_student_whose_first_row_ends_today_but_others_run_on_is_refused(tmp_path: Path, engine: str) -> None:
    """R1(a): she dropped one class today; her students row is lost (an export cut short)."""
    made = unbundled.district()
    student = made.students[10]["Student ID"]
    second = _ending(_without(made, student), student, "12/08/2026", classes=1)
    result, out = _nights(tmp_path, engine, made, second, dt.date(2026, 12, 8))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (said,) = result.report.examples["X882"]
    assert said.params["count"] == 1 and student in said.params["examples"]
    assert (student, "student") in unbundled.published(out, "users.csv", "sourcedId", "role")  # the last set stays


def test_a_withdrawal_beside_a_cut_is_refused_for_the_lost_student_alone(tmp_path: Path) -> None:
    made = unbundled.district()
    leaving, lost = made.students[10]["Student ID"], made.students[11]["Student ID"]
    second = _ending(_without(_without(made, leaving), lost), leaving, "12/08/2026")
    result, _ = _nights(tmp_path, "python", made, second, dt.date(2026, 12, 8))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (said,) = result.report.examples["X882"]
    assert said.params["count"] == 1 and lost in said.params["examples"] and leaving not in said.params["examples"]


def test_a_students_export_cut_on_the_years_last_day_is_refused(tmp_path: Path) -> None:
    """R1(b): every row ends with the year, so a student lost from a cut export has only rows
    ending tonight, in classes ending with them: not a withdrawal."""
    made = unbundled.district()
    year_end = dataclasses.replace(
        made, roster=[{**row, "End Date": row["End Date"] or "06/04/2027"} for row in made.roster]
    )
    student = made.students[-1]["Student ID"]
    result, _ = _nights(tmp_path, "python", year_end, _without(year_end, student), dt.date(2027, 6, 4))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (said,) = result.report.examples["X882"]
    assert said.params["count"] == 1 and student in said.params["examples"]


# PowerSchool: cc.txt names the student by StudentID, the students.txt DCID a join finds (D300 when none).
POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
STUDENT = b"900"  # Ava Nguyen (5001), DCID of students.txt, StudentID of cc.txt


def _powerschool(exports: Path, out: Path, on: dt.date, engine: str) -> api.RunResult:
    written = dt.datetime.combine(on, dt.time(1), tzinfo=dt.UTC).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=on, engine=engine))


def _rewrite(export: Path, change: Callable[[list[bytes]], list[bytes] | None]) -> None:
    lines = export.read_bytes().split(b"\r\n")
    rows = [lines[0], *(c for line in lines[1:] if line and (c := change(line.split(b"\t"))) is not None)]
    export.write_bytes(
        b"\r\n".join(b"\t".join(cells) if isinstance(cells, list) else cells for cells in rows) + b"\r\n"
    )


def _ps_nights(tmp_path: Path, engine: str, on: dt.date, left: Callable[[list[bytes]], bytes]) -> api.RunResult:
    """Night 1 the day before `on`; night 2 students.txt without Ava, her cc rows' DateLeft `left`."""
    first, second, out = tmp_path / "in1", tmp_path / "in2", tmp_path / "out"
    shutil.copytree(POWERSCHOOL, first)
    assert _powerschool(first, out, on - dt.timedelta(days=1), engine).report.published
    shutil.copytree(first, second)
    _rewrite(second / "students.txt", lambda cells: None if cells[0] == STUDENT else cells)
    _rewrite(second / "cc.txt", lambda cells: [*cells[:5], left(cells)] if cells[0] == STUDENT else cells)
    return _powerschool(second, out, on, engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_powerschool_a_student_withdrawn_today_is_published_gone(tmp_path: Path, engine: str) -> None:
    """DateLeft is the first day she is not enrolled: 17 October ends her rows on the 16th."""
    result = _ps_nights(tmp_path, engine, dt.date(2026, 10, 16), lambda cells: b"10/17/2026")
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert "X882" not in result.report.counts
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert ",Ava," not in users and "\n5001," not in users and ",Lucasa," not in users  # she left, her mother too


def test_powerschool_a_lost_student_with_one_row_ending_today_is_refused(tmp_path: Path) -> None:
    """R1(a): the first of her cc rows ends tonight, the others run to May."""
    seen: list[bytes] = []

    def first_ends(cells: list[bytes]) -> bytes:
        seen.append(cells[1])
        return b"10/17/2026" if len(seen) == 1 else cells[5]

    result = _ps_nights(tmp_path, "python", dt.date(2026, 10, 16), first_ends)
    assert len(seen) > 1 and result.exit_status == api.EXIT_NOT_PUBLISHED
    (said,) = result.report.examples["X882"]
    assert said.params["count"] == 1 and "5001" in said.params["examples"]


def test_powerschool_a_students_export_cut_on_the_years_last_day_is_refused(tmp_path: Path) -> None:
    """R1(b): on 28 May every cc row's DateLeft is 05/29/2027: her rows end with their classes."""
    result = _ps_nights(tmp_path, "python", dt.date(2027, 5, 28), lambda cells: cells[5])
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (said,) = result.report.examples["X882"]
    assert said.params["count"] == 1 and "5001" in said.params["examples"]
