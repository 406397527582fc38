"""A class that still meets is not ended by the marking period that did (tester46 F3).

eSchoolPLUS lists a section once per marking period it meets in (SCHD_MS_MP): the bundled
district's Kindergarten (5001) is a year-long section of marking periods 1 to 4. On the night
marking period 2 starts, its row of marking period 1 is left out as ended (F405), but the class
still meets in 2, 3 and 4: if it is gone from tonight's set (the schedule export lost its
students, the terms export its later marking periods), the calendar does not explain it, and
the safety gate counts its removal (X906) instead of publishing the school's students in no class.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.test_calendar_moves import classes, codes_of
from tests.test_marking_periods_ended import exports_of, night, published


def without_lines(path: Path, *starts: str) -> None:
    text = path.read_text(encoding="cp1252")
    path.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith(starts)), "cp1252")


def removals(tmp_path: Path) -> dict[str, str]:
    """The classes the refused set would remove, each with the ended term that explains it ('')."""
    with (tmp_path / "out-removals.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["term_ended"] for row in csv.DictReader(handle) if row["file"] == "classes.csv"}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_year_long_class_without_its_students_on_a_marking_period_night_is_refused(
    tmp_path: Path, engine: str
) -> None:
    exports, out = exports_of(tmp_path), tmp_path / "out"
    assert published(night(exports, out, "2026-10-16", engine=engine))  # marking period 1's last day
    assert classes(out)["5001"] == "10-1,10-2,10-3,10-4"
    without_lines(exports / "SCHD_STU_CRS_DATES.txt", "600101^")  # building 10's schedule missing
    result = night(exports, out, "2026-10-19", engine=engine)  # marking period 2 starts
    assert result.exit_status == 1 and "X906" in codes_of(result)
    assert "X937" not in codes_of(result)
    assert removals(tmp_path) == {"5001": ""}  # no ended term explains it
    assert classes(out)["5001"] == "10-1,10-2,10-3,10-4"  # the last set stays


def test_a_year_long_class_whose_later_marking_periods_the_terms_export_lost_is_refused(tmp_path: Path) -> None:
    exports, out = exports_of(tmp_path), tmp_path / "out"
    assert published(night(exports, out, "2026-12-17"))
    assert classes(out)["5001"] == "10-2,10-3,10-4"
    without_lines(exports / "REG_MP_DATES.txt", "10^3^", "10^4^")  # building 10's semester 2
    result = night(exports, out, "2027-01-05")  # marking period 3 starts
    assert result.exit_status == 1 and "X906" in codes_of(result)
    assert removals(tmp_path)["5001"] == ""


def test_the_marking_period_nights_with_whole_exports_publish(tmp_path: Path) -> None:
    exports, out = exports_of(tmp_path), tmp_path / "out"
    for as_of in ("2026-10-16", "2026-10-19", "2026-12-18", "2027-01-05", "2027-03-15"):
        result = night(exports, out, as_of)
        assert published(result), (as_of, [str(p) for p in result.problems])
    assert classes(out)["5001"] == "10-4"
