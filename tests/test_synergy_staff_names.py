"""Synergy staff exported with REV_PERSON's FIRST_NAME and LAST_NAME instead of STAFF_NAME
"LAST, FIRST" (tester60 F1): the bundled rule read both through the 'Last, First' cleaners, so a
one-word first name ("Marie") was her family part, every given name came out empty, every staff
row was left out (D304) and the run refused every night (X915, X980). Each column is now a part
whole; STAFF_NAME with its comma is split as before (the fixture district's golden files)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.cleaners import CleanerSettings, build
from transform.cleaners.names import name_given


def test_first_and_last_name_columns_are_each_a_name_whole(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", exports)
    with (exports / "staff.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = {"e10021": ("Mary Ann", "Yazzie"), "e20033": ("John", "van der Berg"), "e20044": ("Elena", "Montoya")}
    header = ["BADGE_NUM", "SCHOOL_CODE", "LAST_NAME", "FIRST_NAME", "EMAIL", "LEAVE_DATE"]
    with (exports / "staff.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for row in rows:
            first, last = names.get(row["BADGE_NUM"], ("Pat", "Doe"))
            writer.writerow([row["BADGE_NUM"], row["SCHOOL_CODE"], last, first, row["EMAIL"], row["LEAVE_DATE"]])
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile="synergy", in_dir=exports, out_dir=out, as_of=dt.date(2026, 12, 1)))
    assert result.exit_status == 0, result.report.counts
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        staff = {
            r["sourcedId"]: (r["givenName"], r["familyName"]) for r in csv.DictReader(handle) if r["role"] == "teacher"
        }
    assert {key: staff[key] for key in names} == names


def test_whole_without_comma_splits_a_last_first_cell_and_keeps_any_other_whole() -> None:
    ((_, given),) = build([{"name_given": {"whole_without_comma": True}}], CleanerSettings())
    assert given("HARRIS, JOHN T")[0] == "JOHN"
    assert given("Mary Ann")[0] == "Mary Ann"
    assert given("Unknown")[0] == ""
    assert name_given("Mary Ann")[0] == "Mary"  # without the option: a 'First Middle Last' cell
