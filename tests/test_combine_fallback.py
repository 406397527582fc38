"""A person listed once per school, one row with a blank column (tester16 F10). Qmlativ's
username is `column: [username, email, sourcedId]`: the row without a username fell back to the
sourcedId, and combining kept the lower text ('T9003' before 'l.johnson@...'), so the teacher's
real username was lost (V508, exit 0). A value that is a later choice of its column now gives way
to another row's earlier choice: combined first, fallen back after."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform.pipeline.combine import combine_rows
from transform.pipeline.rows import FELL_BACK, Draft, place_at
from transform.report.report import Report


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("blank_first", [True, False], ids=["blank-row-first", "blank-row-last"])
def test_a_row_without_the_username_does_not_replace_the_other_rows(tmp_path: Path, blank_first: bool) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "skyward-qmlativ" / "district" / "in", folder)
    path = folder / "users.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    teacher = [i for i, line in enumerate(lines) if line.startswith("NM2001,")]
    assert len(teacher) == 2
    # The teacher's row at ENT002 has neither username nor email: it falls back to the sourcedId.
    blank = teacher[0] if blank_first else teacher[1]
    cells = lines[blank].split(",")
    cells[6] = cells[12] = ""
    lines[blank] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    python, _ = both_engines(tmp_path / "run", profile="skyward-qmlativ", in_dir=folder, as_of=dt.date(2026, 9, 10))
    assert python.exit_status == 0
    written = users(tmp_path / "run" / "python")["NM2001"]
    assert (written["username"], written["email"]) == ("mreyes", "mreyes@maplevalley.example.org")
    assert written["orgSourcedIds"] == "ENT001,ENT002"
    assert "V508" not in python.report.counts  # no conflict: a fallback is not a value of the SIS


def person(line: int, username: str, rank: int | None) -> Draft:
    found = Draft("users", {"sourcedId": "T1", "username": username}, place_at("users.csv", line), "users.staff")
    if rank is not None:
        found.extra[FELL_BACK + "username"] = str(rank)
    return found


def test_between_two_first_choices_the_lower_is_kept_and_said() -> None:
    report = Report()
    (kept,) = combine_rows([person(2, "zed", None), person(3, "amy", None)], lists=(), report=report)
    assert kept.values["username"] == "amy" and report.counts["V508"] == 1


def test_the_earlier_choice_wins_whatever_the_text_order() -> None:
    report = Report()
    rows = [person(2, "T1", 2), person(3, "zed@x.org", 1), person(4, "zz", None), person(5, "T1", 2)]
    (kept,) = combine_rows(rows, lists=(), report=report)
    assert kept.values["username"] == "zz" and not report.counts
