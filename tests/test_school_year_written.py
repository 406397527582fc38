"""A OneRoster set whose academicSessions.schoolYear names the school year by both its years
(`2026-2027`, `2026-27`), as many SISs title it, where OneRoster writes the year it ends: the
oneroster target refused it, each row "required and came out empty" though the cell held a
value (tester16 F2). Now read as the year it ends (D378); a value that still cannot be read is
named in the row's error (D379), not said to be empty."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines


def exports_with_school_years(tmp_path: Path, written: dict[str, str]) -> Path:
    """The oneroster fixture with academicSessions.schoolYear written otherwise (by the year it
    ends: {'2027': '2026-2027'})."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    path = exports / "academicSessions.csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["schoolYear"] = written.get(row["schoolYear"], row["schoolYear"])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return exports


def sessions(out: Path) -> dict[str, dict[str, str]]:
    with (out / "academicSessions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def test_a_school_year_written_by_both_its_years_is_read_as_the_year_it_ends(tmp_path: Path) -> None:
    exports = exports_with_school_years(tmp_path, {"2027": "2026-2027", "2026": "2025-26"})
    python, _ = both_engines(
        tmp_path / "run", profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15), target="oneroster"
    )
    assert python.exit_status == 0, [str(p) for p in python.problems]
    published = sessions(tmp_path / "run" / "python")
    assert {published[i]["schoolYear"] for i in ("y-2027", "s1-2027", "s2-2027")} == {"2027"}
    assert python.report.counts["D378"] == 3  # each row said, at info (the inactive 2025-26 is left out before)
    assert "D304" not in python.report.counts


def test_a_school_year_that_cannot_be_read_is_said_and_the_end_date_gives_it(tmp_path: Path) -> None:
    """Two years not one after the other: no school year. The cell is named (D305), and the
    profile's `column: [schoolYear, endDate]` reads the next column, as for an empty cell (a
    column list passes over a cell its cleaners refuse: tester28 R5); it was refused as
    required and empty (D379, exit 1), though the end date gives the year."""
    exports = exports_with_school_years(tmp_path, {"2027": "2026-2028"})
    python, _ = both_engines(
        tmp_path / "run", profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15), target="oneroster"
    )
    assert python.exit_status == 0, [str(p) for p in python.problems]
    assert "D304" not in python.report.counts and "D379" not in python.report.counts
    assert "'2026-2028' is not a date" in python.report.examples["D305"][0].message
    published = sessions(tmp_path / "run" / "python")
    assert {published[i]["schoolYear"] for i in ("y-2027", "s1-2027", "s2-2027")} == {"2027"}
