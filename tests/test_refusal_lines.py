"""A refusal said of 26 schools was 26 near-identical lines of 600 characters on stderr before
the summary (X942, tester63): a code said more than four times is said three times, then counted.
The JSON line and the report keep every one."""

from __future__ import annotations

import pytest

from transform.report import render
from transform.report.codes import BY_ID
from transform.report.problem import Problem, Where


def refusal(code: str, school: int) -> Problem:
    return Problem(BY_ID[code], Where(file="sections.txt", line=school), {})


def test_a_code_said_of_many_schools_is_said_three_times_then_counted(capsys: pytest.CaptureFixture[str]) -> None:
    found = [refusal("X942", school) for school in range(2, 28)] + [refusal("X906", 1)]
    render.problems(render._first_of_each(found))
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[0] for line in lines[:3]] == ["sections.txt:2", "sections.txt:3", "sections.txt:4"]
    assert lines[3] == "  and 23 more X942 school-classes-without-owner like these (--log-format json lists every one)"
    assert lines[4].startswith("sections.txt:1: X906 removal-over-limit") and len(lines) == 5


def test_four_of_a_code_are_all_said(capsys: pytest.CaptureFixture[str]) -> None:
    render.problems(render._first_of_each([refusal("X953", line) for line in range(1, 5)]))
    assert [line.split(" ")[1] for line in capsys.readouterr().err.splitlines()] == ["X953"] * 4
