"""The stops of a refused run are said in one order everywhere (tester66 O4): a 0-byte students.txt
(an SFTP pull still writing it) was said first in the terminal as X882 users-rows-missing (its
people named by the other exports), while --log-format json's stopped_by, in the order the stops
were found, began with X910 export-empty; the docs say stopped_by[0] is the terminal's first line.
The empty export, the plain cause, now comes first in both."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from transform.api import RunResult
from transform.report import codes, render
from transform.report.problem import Problem, Where
from transform.report.report import Report
from transform.report.summary import ordered_stops

EMPTY = Problem(codes.code("export-empty"), Where(file="students.txt"), {"file": "students.txt"})
MISSING = Problem(codes.code("users-rows-missing"), Where(file="cc.txt", line=2), {"file": "students.txt"})
REMOVED = Problem(codes.code("removal-over-limit"), Where(file="users.csv"), {"file": "users.csv"})


def test_an_empty_export_is_said_before_the_people_it_lacks() -> None:
    assert [p.code.id for p in ordered_stops([MISSING, REMOVED, EMPTY])] == ["X910", "X882", "X906"]


def test_the_json_line_lists_the_stops_in_the_terminals_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found = [REMOVED, MISSING, EMPTY]  # the order the run found them in
    context = render.LogContext(started=dt.datetime(2026, 12, 7, tzinfo=dt.UTC), seconds=1.0, version="test")
    render.json_line(RunResult(Report(), 1, found), out_dir=tmp_path / "out", context=context)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    shown = [p.code.id for p in ordered_stops(found)]
    assert line["stopped_by_codes"] == shown == ["X910", "X882", "X906"]
    assert [said.split(": ")[1].split()[0] for said in line["stopped_by"]] == shown
