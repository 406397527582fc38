"""A classes rule that combines its rows (`combine: {}`) combines only the rows the filters keep
(tester38 F1): a row the term filter or an exclusion leaves out never feeds the class.

The Genesis export in tests/combine_filtered/in lists, in CourseSubsections, last year's row of
section ELAKG-1 (teacher T1002, period 1, room R100) beside this year's (T1004, period 6, R182),
under one class ID built without the school year; MAT01-1 with a row per semester and a teacher
for each (T1007 in the fall, T1006 in the spring); SCI01-1 with a subsection meeting at lunch
(T1008), which the lunch pattern leaves out; and ART01-1 with a row per quarter, a break between
them. Combined before the filters, last year's teacher was an owner of this year's class, and the
class had last year's period, room and term (V508 keeps "the lower value"): exit 0. The same
profile without `combine` was right. Now each row is judged as that profile judges it, and the
rows kept are combined: the set is the one of the expected/ folder of each night, in both
engines. SchoolTeachers holds last year's assignment of T1004 as a principal at another school,
which the staff rule's condition leaves out before its rows are combined: T1004 is a teacher
at MES alone."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.test_columnar import both_engines
from transform import api

CASE = Path(__file__).parent / "combine_filtered"
NIGHTS = ["2026-10-15", "2026-11-10", "2027-02-10"]


def run(tmp_path: Path, as_of: str) -> api.RunResult:
    python, _ = both_engines(
        tmp_path, profile=str(CASE / "profile.yaml"), in_dir=CASE / "in", as_of=dt.date.fromisoformat(as_of)
    )
    assert python.exit_status == 0, [str(p) for p in python.problems]
    return python


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("as_of", NIGHTS)
def test_the_rows_a_filter_leaves_out_feed_no_class(tmp_path: Path, as_of: str) -> None:
    run(tmp_path, as_of)
    for name in ("classes.csv", "enrollments.csv"):
        assert (tmp_path / "python" / name).read_text(encoding="utf-8") == (CASE / "expected" / as_of / name).read_text(
            encoding="utf-8"
        ), name


def test_last_years_row_of_a_section_lends_this_years_class_nothing(tmp_path: Path) -> None:
    result = run(tmp_path, "2026-10-15")
    (elakg,) = [c for c in rows(tmp_path / "python" / "classes.csv") if c["sourcedId"] == "MES-ELAKG-1"]
    assert (elakg["title"], elakg["location"], elakg["termSourcedIds"]) == ("ELA KG - 1 (6)", "R182", "2026-27-MES-FY")
    owners = {e["userSourcedId"] for e in rows(tmp_path / "python" / "enrollments.csv") if e["role"] == "teacher"}
    assert "T1002" in owners  # she teaches ELAKG-2 this year ...
    teachers = {(e["classSourcedId"], e["userSourcedId"]) for e in rows(tmp_path / "python" / "enrollments.csv")}
    assert ("MES-ELAKG-1", "T1002") not in teachers  # ... and not last year's ELAKG-1
    assert ("MES-MAT01-1", "T1006") not in teachers  # the spring semester's teacher, not yet
    assert ("MES-SCI01-1", "T1008") not in teachers  # the lunch subsection, excluded
    # Left out as the profile without combine leaves them out: last year's row (F405), the lunch
    # subsection (F406), and the teachers' enrolments made from them and from the spring row (V532).
    assert [p.where.line for p in result.report.examples["F405"]] == [3]
    assert [p.where.line for p in result.report.examples["F406"]] == [8]
    assert sorted(p.where.line for p in result.report.examples["V532"]) == [3, 6, 8, 10]
    assert "V508" not in result.report.counts  # no row's value was weighed against a row left out


def test_the_semester_ended_gives_the_class_its_spring_teacher_alone(tmp_path: Path) -> None:
    run(tmp_path, "2027-02-10")
    (mat,) = [c for c in rows(tmp_path / "python" / "classes.csv") if c["sourcedId"] == "MES-MAT01-1"]
    assert (mat["title"], mat["location"], mat["termSourcedIds"]) == ("Math 1 - 1 (3)", "R120", "2026-27-MES-S2")
    teachers = {
        e["userSourcedId"]
        for e in rows(tmp_path / "python" / "enrollments.csv")
        if e["classSourcedId"] == mat["sourcedId"] and e["role"] == "teacher"
    }
    assert teachers == {"T1006"}


def test_a_class_whose_rows_have_a_break_between_them_runs_through_it_from_the_next_row(tmp_path: Path) -> None:
    """On the break between Quarter 1 and 2, while the school's semester runs (so Quarter 2 is
    not upcoming at the school), the class of a row per quarter is the class of its next
    quarter's row, as a class whose one row lists both quarters runs through the break."""
    result = run(tmp_path, "2026-11-10")
    (art,) = [c for c in rows(tmp_path / "python" / "classes.csv") if c["sourcedId"] == "MES-ART01-1"]
    assert (art["title"], art["termSourcedIds"]) == ("Art 1 - 1 (8)", "2026-27-MES-Q2")
    assert [p.where.line for p in result.report.examples["F405"]] == [3, 9]  # last year's row, Quarter 1's


def test_a_staff_row_a_condition_leaves_out_is_not_combined(tmp_path: Path) -> None:
    run(tmp_path, "2026-10-15")
    (nora,) = [u for u in rows(tmp_path / "python" / "users.csv") if u["sourcedId"] == "T1004"]
    assert (nora["orgSourcedIds"], nora["role"]) == ("MES", "teacher")
