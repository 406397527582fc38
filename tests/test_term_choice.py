"""What --term and --exclude-class chose, said when it is not what the admin meant (tester74 F19).

`--term S2` alone in December (the spring semester rostered before the winter break) leaves out
the year-long classes and Semester 1's too: their terms run tonight. X906 refused rightly but said
only "no ended term explains"; its Next ended "Only if those records are really gone ..., rerun with
--allow-rollover", which published every year-long class removed from Remind at exit 0. Now such a
run is refused whatever the share (X819), naming the running terms, and its Next is the --term to
add (`--term S1 --term S2 --term 26-27` rosters the spring ahead). An --exclude-class
pattern that matches no class (a typo) leaves nothing out: said (I248), the set published.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

DECEMBER = dt.date(2026, 12, 15)  # Semester 1 runs to 8 January, Semester 2 starts on 11 January
FALL = {"1003", "2003", "2008"}  # Semester 1's classes published (2004, 2005: study halls, F406)
YEAR_LONG = {"1001", "1002", "1006", "2001", "2002", "2007", "2009"}  # TermID 3600, '2026-2027' (1005: lunch)


@pytest.fixture(scope="module")
def last_night(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled district published on 14 December, as the last set (copied by each test)."""
    folder = tmp_path_factory.mktemp("district")
    exports = folder / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    assert run(exports, folder / "out", DECEMBER - dt.timedelta(days=1)).exit_status == 0
    return folder


def copied(last_night: Path, tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(last_night / "out", tmp_path / "out")
    shutil.copytree(last_night / ".out.transform", tmp_path / ".out.transform")
    return last_night / "in", tmp_path / "out"


def run(exports: Path, out: Path, as_of: dt.date, **options: Any) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, **options))


def classes(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_term_s2_alone_names_the_running_year_long_term_to_add(last_night: Path, tmp_path: Path) -> None:
    exports, out = copied(last_night, tmp_path)
    alone = run(exports, out, DECEMBER, terms=("S2",))
    assert alone.exit_status == 1 and not alone.report.published
    [said] = [p.message for p in alone.problems if p.code.id == "X819"]
    assert said.startswith(
        "--term S2 leaves out '2026-2027', 2026-08-17 to 2027-05-28; 'Semester 1', 2026-08-17 to 2027-01-15, "
        "running on 2026-12-15: 10 classes of the exports (such as 1001, 1002, 1003, ...) in no term --term "
    )
    assert said.endswith("nothing published (add --term 2026-2027 --term 'Semester 1', or run without --term)")
    assert "X906" not in alone.report.counts and "allow-rollover" not in said  # reviewer96 R6
    step = next_step(alone, out_dir=out, explain_path=None, upload=False)
    assert step == (
        "Next: Add --term 2026-2027 --term 'Semester 1' (the command's terms then: --term S2 --term 2026-2027 "
        "--term 'Semester 1'), or take --term out, and rerun."
    )
    # The command it names publishes the spring classes beside the running ones, which stay.
    named = run(exports, out, DECEMBER, terms=("S2", "2026-2027", "Semester 1"))
    assert named.exit_status == 0 and named.report.published
    assert classes(out) >= YEAR_LONG | FALL and "1004" in classes(out)


def test_term_s2_with_the_year_names_the_running_semester_to_add(last_night: Path, tmp_path: Path) -> None:
    """reviewer107 R1: `--term S2 --term 26-27` on 15 December took Semester 1's classes, ending
    before Semester 2 starts, out of Remind at exit 0 for the school days before the break (X937).
    Refused now (X819), its Next the command with the running term named, which publishes both."""
    exports, out = copied(last_night, tmp_path)
    ahead = run(exports, out, DECEMBER, terms=("S2", "26-27"))
    assert ahead.exit_status == 1 and not ahead.report.published and classes(out) >= FALL
    [said] = [p.message for p in ahead.problems if p.code.id == "X819"]
    assert said.startswith("--term S2 --term 26-27 leaves out 'Semester 1', 2026-08-17 to 2027-01-15, running on ")
    assert next_step(ahead, out_dir=out, explain_path=None, upload=False) == (
        "Next: Add --term 'Semester 1' (the command's terms then: --term S2 --term 26-27 --term 'Semester 1'), "
        "or take --term out, and rerun."
    )
    result = run(exports, out, DECEMBER, terms=("S2", "26-27", "Semester 1"))
    assert result.exit_status == 0 and "X906" not in result.report.counts and "X937" not in result.report.counts
    assert result.report.terms_not_chosen == {}
    assert classes(out) >= YEAR_LONG | FALL | {"1004", "2006"}


def test_an_exclude_class_pattern_matching_no_class_is_said(last_night: Path, tmp_path: Path) -> None:
    exports, out = copied(last_night, tmp_path)
    typo = run(exports, out, DECEMBER, exclude_classes=("Mth",))
    assert typo.exit_status == 0 and typo.report.published
    [said] = typo.report.examples["I248"]
    assert said.message.startswith(
        "--exclude-class 'Mth' matches no class of tonight's exports, of any term (searched in the course's "
        "Course_Name and the class's title of "
    )
    assert "so it leaves nothing out" in said.message and classes(out) >= YEAR_LONG
    # Patterns that leave classes out are not said, one whose classes another pattern took first
    # neither (a first set, which no removal limit weighs).
    first = tmp_path / "first"
    meant = run(exports, first, DECEMBER, exclude_classes=("^Math", "Math 7"))
    assert meant.exit_status == 0 and "I248" not in meant.report.counts
    assert not {"1001", "2001", "2002"} & classes(first)


def test_an_exclude_class_pattern_matching_only_an_ended_term_s_class_is_not_said_a_typo(
    last_night: Path, tmp_path: Path
) -> None:
    """reviewer96 R6: in February 'Science' matches Science 5 of Semester 1, ended, which the term filter
    leaves out: the pattern is spelled right, and I248 ('check its spelling') is not said."""
    exports, _ = copied(last_night, tmp_path)
    february = run(exports, tmp_path / "first", dt.date(2027, 2, 15), exclude_classes=("Science", "Sciense"))
    assert february.exit_status == 0 and february.report.published
    [said] = february.report.examples["I248"]
    assert said.message.startswith("--exclude-class 'Sciense' matches no class")


def test_term_the_year_alone_in_december_names_the_running_semester_to_add(last_night: Path, tmp_path: Path) -> None:
    """reviewer96 R3: `--term 26-27` alone chose every term of the year, so Semester 2's start
    made the running Semester 1 'ended before the chosen term', and its 3 classes were removed at
    exit 0. Only the named year is chosen now: Semester 1 is a running term --term left out."""
    exports, out = copied(last_night, tmp_path)
    alone = run(exports, out, DECEMBER, terms=("26-27",))
    assert alone.exit_status == 1 and not alone.report.published
    [said] = [p.message for p in alone.problems if p.code.id == "X819"]
    # 3 classes: Semester 1's study halls 2004 and 2005, which the exclusions drop, are not counted (reviewer107 R2)
    assert "leaves out 'Semester 1', 2026-08-17 to 2027-01-15, running on 2026-12-15: 3 classes of the exports " in said
    assert "(1003, 2003, 2008) in no term --term chose" in said
    assert "(add --term 'Semester 1', or run without --term)" in said
    assert "X937" not in alone.report.counts
    assert {"1003", "2003", "2008"} <= classes(out)  # the last set kept
    named = run(exports, out, DECEMBER, terms=("26-27", "Semester 1"))  # the --term it names to add
    assert named.exit_status == 0 and classes(out) >= YEAR_LONG | {"1003", "2003", "2008"}


def test_term_the_year_alone_in_february_publishes_semester_1_ended(last_night: Path, tmp_path: Path) -> None:
    """Once Semester 1 has ended, its classes' removal is the term change the calendar explains.
    (`--term 26-27` alone leaves out the running Semester 2: X819.)"""
    exports, out = copied(last_night, tmp_path)
    result = run(exports, out, dt.date(2027, 2, 15), terms=("26-27", "S2"))
    assert result.exit_status == 0 and result.report.published
    assert "X906" not in result.report.counts
    assert classes(out) >= YEAR_LONG and not {"1003", "2003", "2008"} & classes(out)
