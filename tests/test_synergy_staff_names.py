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
from transform.pipeline import whole_names
from transform.report import codes, summary
from transform.report.problem import Where
from transform.report.report import Report


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


def test_staff_names_the_export_writes_without_their_comma_keep_the_last_sets(tmp_path: Path) -> None:
    """STAFF_NAME written 'MARIE YAZZIE' (the export's query changed) is read whole into both names:
    every teacher was published as givenName = familyName = 'MARIE YAZZIE' at exit 0, V555 blaming the
    profile (tester64 A3). The last set's names are kept, and the night exits 1 naming the column (X829)."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", exports)
    first = api.run(api.RunOptions(profile="synergy", in_dir=exports, out_dir=out, as_of=dt.date(2026, 9, 14)))
    assert first.exit_status == 0, first.report.counts
    last = (out / "users.csv").read_bytes()
    staff = exports / "staff.csv"
    with staff.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        family, given = row[2].split(", ")
        row[2] = f"{given} {family}"
    with staff.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = api.run(api.RunOptions(profile="synergy", in_dir=exports, out_dir=out, as_of=dt.date(2026, 9, 15)))
    assert result.report.published and result.exit_status == 1, result.report.counts
    (said,) = [str(p) for p in result.report.examples["X829"]]
    assert said.startswith("staff.csv [STAFF_NAME]: X829 names-whole-kept: 3 of the 3 staff members")
    assert "e10021 'MARIE YAZZIE', last set 'MARIE' 'YAZZIE'" in said
    # X829 in the place of V555, which blamed the profile (unchanged) and said 'published as read' (reviewer126 R3)
    assert "V555" not in result.report.counts, result.report.examples.get("V555")
    assert (out / "users.csv").read_bytes() == last  # the names as the last set had them, the rest unchanged


def test_a_teacher_whose_name_is_written_whole_says_nothing(tmp_path: Path) -> None:
    """One staff name of three without its comma is a name written so in the SIS, not a changed export:
    published as read at exit 0, no X829 (fewer than 3 users of the kind)."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", exports)
    first = api.run(api.RunOptions(profile="synergy", in_dir=exports, out_dir=out, as_of=dt.date(2026, 9, 14)))
    assert first.exit_status == 0, first.report.counts
    staff = exports / "staff.csv"
    staff.write_text(staff.read_text(encoding="utf-8").replace('"YAZZIE, MARIE"', "MARIE YAZZIE"), encoding="utf-8")
    result = api.run(api.RunOptions(profile="synergy", in_dir=exports, out_dir=out, as_of=dt.date(2026, 9, 15)))
    assert result.exit_status == 0 and "X829" not in result.report.counts, result.report.counts
    assert ",MARIE YAZZIE,MARIE YAZZIE," in (out / "users.csv").read_text(encoding="utf-8")


def test_staff_new_tonight_do_not_hide_the_held_staffs_names_read_whole(tmp_path: Path) -> None:
    """The night STAFF_NAME lost its comma, the query also took in 4 staff new tonight: 3 held staff
    of 7 tonight was not 'more than half', and all 7 were published with one name in both at exit 0
    (reviewer126 R1). Only the users the last set held with two names are counted: the 3 keep their
    names, the new are published as read and said, and the night exits 1."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", exports)
    first = api.run(api.RunOptions(profile="synergy", in_dir=exports, out_dir=out, as_of=dt.date(2026, 9, 14)))
    assert first.exit_status == 0, first.report.counts
    staff = exports / "staff.csv"
    with staff.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        family, given = row[2].split(", ")
        row[2] = f"{given} {family}"
    new = ["LUIS ORTIZ", "AMY LEE", "DEV PATEL", "KIM HO"]
    rows += [[f"e3000{i}", "520", name, f"n{i}@aps.example.edu", ""] for i, name in enumerate(new)]
    with staff.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = api.run(api.RunOptions(profile="synergy", in_dir=exports, out_dir=out, as_of=dt.date(2026, 9, 15)))
    assert result.report.published and result.exit_status == 1, result.report.counts
    (said,) = [str(p) for p in result.report.examples["X829"]]
    assert ": 3 of the 3 staff members" in said
    assert "; 4 other staff members with one name in both published as read (4 new tonight)" in said
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        names = {r["sourcedId"]: (r["givenName"], r["familyName"]) for r in csv.DictReader(handle)}
    assert names["e10021"] == ("MARIE", "YAZZIE") and names["e30000"] == ("LUIS ORTIZ", "LUIS ORTIZ")


def test_x829_in_the_place_of_v555_kept_past_its_examples_and_said_with_none_kept() -> None:
    """api.run(max_examples=1), two kinds' V555: taking back the staff's raised ValueError (V555 counted past
    its examples), a traceback; and X829 said with no example kept (max_examples=0) exited 0, where it is
    a person's to look at (reviewer131 R5)."""
    found = {f"e{i}": {"givenName": "ANA", "familyName": f"COSTA{i}"} for i in range(3)}
    for max_examples in (1, 0):
        report = Report(max_examples=max_examples)
        for kind, column in (("staff members", "STAFF_NAME"), ("students", "STUDENT_NAME")):
            where = Where(file=f"{kind}.csv", column=column)
            report.add(codes.code("names-read-whole"), where, kind=kind, given="A B", family="A B")
        whole_names._say(report, "staff members", found, 3, (0, 0), dict.fromkeys(found, "ANA COSTA"))
        assert report.counts["X829"] == 1 and report.counts["V555"] == (1 if max_examples else 2), report.counts
        assert [p.params["kind"] for p in report.examples.get("V555", [])] == []
        assert summary.to_check(report) or summary.counted_to_check(report), max_examples


def test_x829s_others_say_which_are_new_tonight() -> None:
    """X829 said '2 other ... (new tonight)' of users the last set held whose whole name changed (reviewer131 R6)."""
    assert whole_names._others("staff members", 0, 0) == ""
    said = whole_names._others("staff members", 1, 2)
    assert said == (
        "; 3 other staff members with one name in both published as read (1 new tonight and 2 the last set held, "
        "whose one name is not their two of the last set run together)"
    )
