"""The summary's words (issue 22.4): counts of one in the singular, the upload step naming the
target's consumer, --quiet's help saying what the README says, no `<bool>` beside a flag."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_cli import transform
from transform.api import RunResult
from transform.report import summary
from transform.report.report import Report


def published(target: str, *, users: int, classes: int, enrolments: int) -> RunResult:
    report = Report()
    report.published = True
    report.facts.update(target=target, first_set=True, users={"by_role": {"student": users}, "by_school": []})
    report.rows_written.update({"users.csv": users, "classes.csv": classes, "enrollments.csv": enrolments})
    return RunResult(report, 0)


def test_a_count_of_one_is_singular() -> None:
    [line] = summary.verdict_lines(published("remind", users=1, classes=1, enrolments=1), out_dir=Path("out"))
    assert line == "Published out (first set): 1 user (1 student), 1 class, 1 enrolment at 0 schools."
    [line] = summary.verdict_lines(published("remind", users=2, classes=3, enrolments=0), out_dir=Path("out"))
    assert line.startswith("Published out (first set): 2 users (2 students), 3 classes, 0 enrolments")


@pytest.mark.parametrize(("target", "consumer"), [("remind", "Remind"), ("oneroster", "your OneRoster consumer")])
def test_the_upload_step_names_the_targets_consumer(target: str, consumer: str) -> None:
    result = published(target, users=2, classes=1, enrolments=2)
    said = summary.next_step(result, out_dir=Path("out"), explain_path=None, upload=False)
    assert said.startswith(f"Next: upload the files in out to {consumer} (or add --upload to deliver them).")


def test_quiet_help_says_what_the_readme_says() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith("| `--quiet` |")]
    said = row.split("|")[2].strip()  # "print only what stopped the run and the notices (stderr); no summary"
    help_text = " ".join(re.sub(r"[│╭╮╰╯─]", " ", transform("run", "--help").stdout).split())
    assert said.capitalize() in help_text


@pytest.mark.parametrize(
    "command", ["", "run", "report", "validate", "check-profile", "init-profile", "codes", "profiles"]
)
def test_no_flag_shows_a_bool_label_in_help(command: str) -> None:
    said = transform(*([command] if command else []), "--help")
    assert said.returncode == 0 and "--help" in said.stdout
    assert "<bool>" not in said.stdout
