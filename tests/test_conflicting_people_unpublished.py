"""A student on two rows of one ID with different data is left out (V537). The last set holding
her, her removal is said (X981, exit 1); on a first set she was left out at exit 0, named only
among the warnings (reviewer121). Now said (X851, naming her): published, but exit 1."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

CLEVER = FIXTURES / "clever" / "district"
AS_OF = dt.date(2026, 10, 15)


def district(tmp_path: Path, *, twice: bool) -> Path:
    """The Clever district; `twice`: S1002 listed again with another first name and grade."""
    folder = tmp_path / "in"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(CLEVER / "in", folder)
    if twice:
        students = folder / "students.csv"
        with students.open(encoding="utf-8", newline="") as handle:
            (row,) = [r for r in csv.DictReader(handle) if r["Student_id"] == "S1002"]
        with students.open("a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, fieldnames=list(row)).writerow({**row, "First_name": "Zed", "Grade": "12"})
    return folder


def run(tmp_path: Path, *, twice: bool) -> api.RunResult:
    options = api.RunOptions(
        profile=str(CLEVER / "district.yaml"),
        in_dir=district(tmp_path, twice=twice),
        out_dir=tmp_path / "out",
        as_of=AS_OF,
    )
    return api.run(options)


def test_a_first_set_without_a_student_whose_rows_conflict_exits_1_naming_her(tmp_path: Path) -> None:
    result = run(tmp_path, twice=True)
    assert "V537" in result.report.counts
    (said,) = result.report.examples["X851"]
    assert "'S1002'" in said.message and "this first set" in said.message
    assert said.message.startswith("1 student or staff member is not in")  # not "1 students" (review125)
    assert result.exit_status == 1  # published, but a person looks


def test_a_student_the_last_set_held_is_said_by_its_removal_not_again(tmp_path: Path) -> None:
    assert run(tmp_path, twice=False).exit_status == 0
    result = run(tmp_path, twice=True)
    assert "X981" in result.report.counts
    assert "X851" not in result.report.counts


def test_a_last_set_whose_users_csv_is_gone_is_not_said_to_tell_what_remind_has(tmp_path: Path) -> None:
    """OUT emptied (X973): the last set's users.csv cannot say whether it held her (review125)."""
    from transform.pipeline import conflicts_unpublished
    from transform.report.problem import Where
    from transform.report.report import Report

    report = Report()
    people = {"S1": (Where(file="students.csv", line=4), {"role": "student"})}
    conflicts_unpublished.say(report, tmp_path, people)  # a last set, no users.csv in it
    (said,) = report.examples["X851"]
    assert "'S1'" in said.message and "cannot be told" in said.message
    assert "not in Remind" not in said.message


def test_the_command_says_why_it_exits_1_on_stderr_even_quiet(tmp_path: Path) -> None:
    """tester93 T4: published, exit 1, and nothing on stderr (with --quiet, nothing at all): a cron job
    mailing its output would stay silent. Every code a person must look at is said first."""
    import subprocess
    import sys

    from tests import cli_runner

    script = Path(sys.executable).with_name("transform")
    args = [script, "--profile", CLEVER / "district.yaml", district(tmp_path, twice=True), tmp_path / "out"]
    command = [str(a) for a in [*args, "--as-of", AS_OF.isoformat(), "--quiet"]]
    result: subprocess.CompletedProcess[str] = cli_runner.run(
        command, capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 1
    assert result.stdout == ""  # --quiet: no summary
    (line,) = [s for s in result.stderr.splitlines() if s.startswith("Published, but")]
    assert "X851" in line and "'S1002'" in line


def test_every_code_a_person_must_look_at_reaches_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """Not only the codes render lists by name: summary.to_check is the one list (tester93 T4)."""
    from transform.report import render, summary
    from transform.report.codes import BY_ID
    from transform.report.problem import Where
    from transform.report.report import Report

    report = Report()
    for number, cid in enumerate(summary.TO_CHECK, start=2):
        report.add(BY_ID[cid], Where(file="x.csv", line=number))
    checked = summary.to_check(report)
    render._say_published_but(report)
    said = capsys.readouterr().err
    assert checked and all(f"x.csv:{p.where.line}" in said for p in checked)
