"""An exporter's "no date" (MySQL's 0000-00-00) is a blank date wherever the profile reads dates:
an enrolment whose endDate says it is not ended, not a row left out as "not a date" (tester59 M2).
A date that is really unreadable is still left out (D313), and the place names its column."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.cleaners.dates import zero_date

DISTRICT = FIXTURES / "oneroster" / "district" / "in"
NIGHT = dt.date(2026, 10, 15)


@pytest.mark.parametrize(
    ("text", "none"),
    [
        ("0000-00-00", True),
        (" 0000-00-00 00:00:00 ", True),
        ("0000-00-00T00:00:00.000Z", True),
        ("00/00/0000", True),
        ("00000000", True),
        ("", False),
        ("0", False),
        ("2026-00-00", False),
        ("N/A", False),
        ("2000-01-01", False),
    ],
)
def test_zero_dates_are_told_from_dates(text: str, none: bool) -> None:
    assert zero_date(text) is none


def district_with_end_date(tmp_path: Path, end: str) -> Path:
    """u-s1's enrolment e1 in cl-read2 with this endDate."""
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT, exports)
    path = exports / "enrollments.csv"
    text = path.read_text(encoding="utf-8")
    old = "e1,active,2026-08-01,cl-read2,sch-10,u-s1,student,false,2026-08-24,\n"
    assert old in text
    path.write_text(text.replace(old, old[:-1] + end + "\n"), encoding="utf-8")
    return exports


def enrolled(out: Path) -> set[tuple[str, str]]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return {(row["classSourcedId"], row["userSourcedId"]) for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("end", ["0000-00-00", "0000-00-00 00:00:00"])
def test_an_enrolment_ending_0000_00_00_is_not_ended(tmp_path: Path, engine: str, end: str) -> None:
    exports = district_with_end_date(tmp_path, end)
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=NIGHT, engine=engine))
    assert result.exit_status == 0
    assert "D313" not in result.report.counts
    assert ("cl-read2", "u-s1") in enrolled(out)


def test_an_unreadable_end_date_is_left_out_naming_its_column(tmp_path: Path) -> None:
    exports = district_with_end_date(tmp_path, "N/A")
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=NIGHT))
    (said,) = result.report.examples["D313"]
    assert (said.where.file, said.where.line, said.where.column) == ("enrollments.csv", 2, "endDate")
    assert ("cl-read2", "u-s1") not in enrolled(out)
