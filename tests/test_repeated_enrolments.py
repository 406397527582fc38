"""Rows that name one enrolment twice, settled in any row order (tester51 F2, F4, F5, F10).

One enrolment ID on rows that differ only in primary or dates is one enrolment (V548), where
V576 used to keep neither, taking a class with its only student and its teacher; a user in one
class under two enrolment IDs is one enrolment under the lowest ID (V580), where the first row in
line order used to be published; of two primary teachers the strict target keeps primary on the
lowest enrolment ID (D360), where the first in the exports' order used to keep it. Each test runs
the same exports in two row orders and compares the sets byte for byte."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_disagreeing import ONEROSTER, in_both_orders, read, run

SYNERGY = FIXTURES / "synergy" / "district" / "in"
AERIES = FIXTURES / "aeries" / "district" / "in"
CAMPUS = FIXTURES / "infinite-campus" / "district" / "in"


def rows(out: Path, **where: str) -> list[dict[str, str]]:
    """The enrolments published whose columns hold these values."""
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if all(r[c] == v for c, v in where.items())]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_schedule_row_written_again_with_another_enter_date_is_one_enrolment(tmp_path: Path, engine: str) -> None:
    """Synergy: student 970001234 in section 1001 (entered 2026-08-13) listed again entered
    2026-08-20, a drop and re-add. Both rows give enrolment 405-1001-970001234: V576 kept
    neither, and class 405-1001, whose only student she is, went out with its teacher (exit 0).
    Now one enrolment, from the earlier date, said once (V548); the class and teacher stay."""
    changes = {"ENTER_DATE": "2026-08-20 00:00:00"}
    before, after = in_both_orders(
        tmp_path, SYNERGY, "classes.csv", ("SIS_NUMBER", "970001234"), changes, "synergy", "remind", engine
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert result.exit_status == 0, result.problems
        (enrolment,) = rows(out, sourcedId="405-1001-970001234")
        assert (enrolment["beginDate"], enrolment["endDate"]) == ("2026-08-13", "")
        assert "405-1001" in read(out, "classes")
        assert [r["userSourcedId"] for r in rows(out, classSourcedId="405-1001", role="teacher")] == ["e10021"]
        (said,) = result.report.examples["V548"]
        assert said.params["id"] == "405-1001-970001234"
        assert said.params["differ"] == "beginDate '2026-08-13', '2026-08-20'"
        assert not {"V501", "V576"} & set(result.report.counts)
        assert "405-1001" not in [p.where.record for p in result.report.examples["F412"]]


def with_line(source: Path, folder: Path, file: str, old: str, new: str, *, reverse: bool) -> None:
    """The export with line `old` written as `new`, its rows in file order or reversed."""
    shutil.copytree(source, folder)
    path = folder / file
    header, *body = path.read_text(encoding="utf-8").splitlines()
    assert old in body
    body = [new if line == old else line for line in body]
    path.write_text("\n".join([header, *(reversed(body) if reverse else body)]) + "\n", encoding="utf-8")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_co_teacher_column_that_repeats_the_lead_teacher_keeps_the_teacher(tmp_path: Path, engine: str) -> None:
    """Aeries MST section 40-2 with TN2 = TN (402): the one row makes teacher 402's enrolment
    40-2-T903 twice, primary true (TN) and false (TN2). V576 kept neither and the class was
    published with its students and no teacher (V586). Now one enrolment, primary true."""
    for reverse in (False, True):
        folder = tmp_path / f"in-{reverse}"
        with_line(
            AERIES, folder, "MST.csv", "40,2,2400,402,403,Y,2,LAB2,0", "40,2,2400,402,402,Y,2,LAB2,0", reverse=reverse
        )
        result = run(folder, tmp_path / f"out-{reverse}", "aeries", "remind", engine)
        assert result.exit_status == 0, result.problems
        out = tmp_path / f"out-{reverse}"
        teachers = rows(out, classSourcedId="40-2", role="teacher")
        assert [(r["sourcedId"], r["primary"]) for r in teachers] == [("40-2-T903", "true")]
        (said,) = result.report.examples["V548"]
        assert (said.params["id"], said.params["primary"]) == ("40-2-T903", "true")
        assert not {"V501", "V576", "V586"} & set(result.report.counts)
    for produced in (tmp_path / "out-False").glob("*.csv"):
        assert produced.read_bytes() == (tmp_path / "out-True" / produced.name).read_bytes(), produced.name


def test_rows_of_one_id_with_another_role_stay_two_enrolments(tmp_path: Path) -> None:
    """Rows of one enrolment ID that differ in the role (not only primary or dates) are two
    enrolments the tool cannot tell apart: neither is kept (V576), as before."""
    before, after = in_both_orders(
        tmp_path, ONEROSTER, "enrollments.csv", ("sourcedId", "e2"), {"role": "administrator"}, "oneroster", "remind"
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert "e2" not in read(out, "enrollments")
        assert result.report.counts["V576"] == 1 and "V548" not in result.report.counts


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_user_enrolled_twice_in_a_class_is_one_enrolment_under_the_lowest_id(
    tmp_path: Path, engine: str, target: str
) -> None:
    """OneRoster: teacher u-t1's enrolment e2 in cl-read2 (primary true, from 2026-08-24)
    repeated as e13 (primary false, 2026-09-01 to 2027-01-15). The row first in line order used
    to be published with its own ID, primary and dates. Now e13, the lower ID in text order,
    with primary true and the earliest begin and the latest end (none: e2 has none)."""
    changes = {"sourcedId": "e13", "primary": "false", "beginDate": "2026-09-01", "endDate": "2027-01-15"}
    before, after = in_both_orders(
        tmp_path, ONEROSTER, "enrollments.csv", ("sourcedId", "e2"), changes, "oneroster", target, engine
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert result.exit_status == 0, result.problems
        (teacher,) = rows(out, classSourcedId="cl-read2", userSourcedId="u-t1")
        assert (teacher["sourcedId"], teacher["primary"], teacher["beginDate"], teacher["endDate"]) == (
            "e13",
            "true",
            "2026-08-24",
            "",
        )
        (said,) = result.report.examples["V580"]
        assert (said.params["id"], said.params["first_id"]) == ("e2", "e13")
        assert "'e13' is kept (the lowest ID)" in said.message


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_of_two_primary_teachers_the_lowest_enrolment_id_stays_primary(tmp_path: Path, engine: str) -> None:
    """--target oneroster: teacher u-t2 enrolled in cl-read2 as primary too (e20), beside u-t1
    (e2). The first in the exports' order used to stay primary. Now e2, the lower ID, in either
    row order; e20 is written as false (D360, at its row)."""
    changes = {"sourcedId": "e20", "userSourcedId": "u-t2", "role": "teacher", "primary": "true"}
    before, after = in_both_orders(
        tmp_path, ONEROSTER, "enrollments.csv", ("sourcedId", "e2"), changes, "oneroster", "oneroster", engine
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert result.exit_status == 0, result.problems
        teachers = rows(out, classSourcedId="cl-read2", role="teacher")
        assert sorted((r["sourcedId"], r["primary"]) for r in teachers) == [("e2", "true"), ("e20", "false")]
        (said,) = result.report.examples["D360"]
        assert (said.params["id"], said.params["first"]) == ("e20", "e2")
