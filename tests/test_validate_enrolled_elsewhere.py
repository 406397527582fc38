"""tester79 T4 and T9: a teacher at school 100 only (users.csv orgSourcedIds) enrolled in a class of school
200 was valid to `transform validate --target remind`. Remind assigns schools from users.csv
alone, so she is no member of 200 there; a run adds the school to her list (V593). validate says
it at the enrolment's line (V623, an error: not valid). The strict target does not: OneRoster 1.1
has no such rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_validate_command import copy_good, edit, set_cell, strict_set
from transform import api

ENROLMENT = "x-T1002,,,2001,200,T1002,teacher,false,,\r\n"


def test_an_enrolment_at_a_school_not_the_users_is_said(tmp_path: Path) -> None:
    folder = copy_good(tmp_path)
    lines = (folder / "enrollments.csv").read_bytes().decode("utf-8")
    (folder / "enrollments.csv").write_bytes((lines + ENROLMENT).encode("utf-8"))
    result = api.validate_set(folder)
    assert result.exit_status == 1
    (said,) = result.report.examples["V623"]
    line = len(lines.splitlines()) + 1
    assert (said.where.file, said.where.line, said.where.column) == ("enrollments.csv", line, "schoolSourcedId")
    assert said.params["user"] == "T1002" and said.params["school"] == "200"


def test_a_user_of_both_schools_is_not(tmp_path: Path) -> None:
    folder = copy_good(tmp_path)
    edit(folder / "users.csv", "T1002,,,true,100,", 'T1002,,,true,"100,200",')
    lines = (folder / "enrollments.csv").read_bytes().decode("utf-8")
    (folder / "enrollments.csv").write_bytes((lines + ENROLMENT).encode("utf-8"))
    assert "V623" not in api.validate_set(folder).report.counts


def test_the_strict_target_does_not_say_it(tmp_path: Path) -> None:
    folder = strict_set(tmp_path)
    lines = (folder / "enrollments.csv").read_bytes().decode("utf-8")
    (folder / "enrollments.csv").write_bytes((lines + ENROLMENT).encode("utf-8"))
    assert "V623" not in api.validate_set(folder, target="oneroster").report.counts


@pytest.mark.parametrize(
    ("file", "column"),
    [("classes.csv", "classType"), ("users.csv", "enabledUser")],
)
def test_a_value_oneroster_requires_blank_in_a_remind_set_is_said(tmp_path: Path, file: str, column: str) -> None:
    """tester79 T9: validate --target remind said valid a class with classType blank, or a user's
    enabledUser (a run always writes both)."""
    folder = copy_good(tmp_path)
    set_cell(folder / file, 2, column, "")
    result = api.validate_set(folder)
    assert result.exit_status == 1
    (said,) = result.report.examples["V624"]
    assert (said.where.file, said.where.line, said.where.column) == (file, 2, column)


@pytest.mark.parametrize("column", ["termSourcedIds", "courseSourcedId"])
def test_a_remind_sets_blank_course_or_term_is_no_fault(tmp_path: Path, column: str) -> None:
    """Remind reads neither a class's course nor its term, and its set holds no file for them to
    name: a run writes them blank where the export names none (a profile mapping no course, a
    district without terms), and its own check of the set said V624 and exit 1 on honest nights
    (the full suite's test_follow, test_withdrawn_today; tester85 T1)."""
    folder = copy_good(tmp_path)
    set_cell(folder / "classes.csv", 2, column, "")
    assert "V624" not in api.validate_set(folder).report.counts
