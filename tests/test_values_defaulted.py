"""Grades a spreadsheet turned into dates, written as the grade map's default (tester56 T1).

Night 2's Student.csv went through a spreadsheet: every 10th-grader's "10" came back "10-Oct".
The grade map holds no such value, so each was written as its default, Other: published at exit 0,
said only as D302 warnings (D302 escalates on a new profile's first set alone), and X923 did not
count a value replaced by the map's default as lost. Now a watched column whose values of the last
set fall to the map's default on more records than X923's limit is refused (X836), the cause named
when the values look like a spreadsheet's dates; --allow-rollover publishes it, said (X837).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from tests.sds_small import Rows, night, rows, two_nights, write
from transform import api

GRADE = 10  # Student.csv's Grade column


def graded(change: dict[str, str]) -> Callable[[Rows], None]:
    def apply(files: Rows) -> None:
        for row in files["Student.csv"][1:]:
            row[GRADE] = change.get(row[GRADE], row[GRADE])

    return apply


def grades(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["grades"] for row in csv.DictReader(handle) if row["role"] == "student"}


def test_grades_turned_into_dates_overnight_are_refused(tmp_path: Path) -> None:
    """The 10 tenth-graders' "10" is "10-Oct" tonight. Before: published at exit 0 with their grade
    Other. Now refused (X836, exit 1), naming the column, the values, the spreadsheet; the set stays."""
    result, out = two_nights(tmp_path, graded({"10": "10-Oct"}))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    refusal = next(p for p in result.problems if p.code.id == "X836")
    assert refusal.params["columns"] == (
        "the grades of 10 of the 40 students who had one written as the map's default 'Other' (25.0%; "
        "Student.csv Grade holds '10-Oct' (10), none of them in map 'grades')"
    )
    assert refusal.params["first"] == "13002, 13006, 13010"
    assert "is how a spreadsheet writes a date" in refusal.message
    assert "Other" not in grades(out).values(), "last night's set stays"


def test_grades_renamed_overnight_are_refused_without_the_spreadsheet(tmp_path: Path) -> None:
    """Another code table ("10" now "Tenth"): refused too, and not blamed on a spreadsheet."""
    result, _ = two_nights(tmp_path, graded({"10": "Tenth"}))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    refusal = next(p for p in result.problems if p.code.id == "X836")
    assert "spreadsheet" not in refusal.message and "changed export" in refusal.message


def test_allow_rollover_publishes_them_said(tmp_path: Path) -> None:
    result, out = two_nights(tmp_path, graded({"10": "10-Oct"}), allow_rollover=True)
    assert result.report.published
    assert "X837" in result.report.counts and "X836" not in result.report.counts
    assert list(grades(out).values()).count("Other") == 10


def test_honest_nights_stay_exit_0(tmp_path: Path) -> None:
    """Three students' grades become one the map lacks (under the limit), a new student arrives with
    an odd grade, and the 10 students whose grade the map never held (Other both nights) stay so."""

    def honest(files: Rows) -> None:
        students = files["Student.csv"]
        for row in students[1:4]:
            row[GRADE] = "Ungraded"
        students.append([*students[1][:GRADE], "13", *students[1][GRADE + 1 :]])
        students[-1][0] = students[-1][8] = "13999"

    out = tmp_path / "out"
    files = rows()
    for row in files["Student.csv"][1:]:
        row[GRADE] = "UG" if row[GRADE] == "12" else row[GRADE]  # a school's ungraded students
    first = night(write(tmp_path / "n1" / "in", files), out)
    assert first.report.published
    honest(files)
    second = night(write(tmp_path / "n2" / "in", files), out, day=1)
    assert second.exit_status == api.EXIT_PUBLISHED and second.report.published, second.report.counts
    assert list(grades(out).values()).count("Other") == 14


def test_a_set_with_no_last_set_to_compare_asks_a_person(tmp_path: Path) -> None:
    """OUT emptied, the state folder kept (counts recorded, no set to compare by ID): the first-set
    rule, D302 on a whole grade's worth of rows is 'Published, but' (exit 1). Before: exit 0."""
    out = tmp_path / "out"
    assert night(write(tmp_path / "n1" / "in", rows()), out).exit_status == 0
    for path in out.iterdir():
        path.unlink()
    out.rmdir()
    files = rows()
    graded({"10": "10-Oct"})(files)
    result = night(write(tmp_path / "n2" / "in", files), out, day=1)
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    assert "D302" in result.report.counts
