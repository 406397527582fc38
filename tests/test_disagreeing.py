"""Two demographics rows of one ID that disagree (a rule without `combine`): neither record is
kept, whatever the rows' order (V576), where the first row's record used to be published."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
ONEROSTER = FIXTURES / "oneroster" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def with_repeat(
    source: Path, folder: Path, file: str, key: tuple[str, str], changes: dict[str, str], *, first: bool
) -> None:
    """The export, with the row whose `key` column holds its value listed once more, with
    `changes`: the copy before every row when `first`, else after the last. Lines are split
    as they are (no quoting in these files), so the other rows stay byte for byte."""
    shutil.copytree(source, folder)
    path = folder / file
    delimiter, encoding = ("\t", "cp1252") if file.endswith(".txt") else (",", "utf-8")
    header, *body = path.read_text(encoding=encoding).splitlines()
    at = {name: i for i, name in enumerate(header.split(delimiter))}
    copy = next(line.split(delimiter) for line in body if line.split(delimiter)[at[key[0]]] == key[1])
    for column, value in changes.items():
        copy[at[column]] = value
    body = [delimiter.join(copy), *body] if first else [*body, delimiter.join(copy)]
    path.write_text("\n".join([header, *body]) + "\n", encoding=encoding)


def run(in_dir: Path, out: Path, profile: str, target: str) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=in_dir, out_dir=out, as_of=AS_OF, target=target))


def read(out: Path, table: str, column: str = "sourcedId") -> list[str]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def in_both_orders(
    tmp_path: Path, source: Path, file: str, key: tuple[str, str], changes: dict[str, str], profile: str, target: str
) -> tuple[api.RunResult, api.RunResult]:
    """The run of the export with the repeated row first, and with it last: the same bytes."""
    results = []
    for first in (True, False):
        folder = tmp_path / f"in-{first}"
        with_repeat(source, folder, file, key, changes, first=first)
        results.append(run(folder, tmp_path / f"out-{first}", profile, target))
    one, other = tmp_path / "out-True", tmp_path / "out-False"
    assert sorted(p.name for p in one.iterdir()) == sorted(p.name for p in other.iterdir())
    for produced in one.glob("*.csv"):
        assert produced.read_bytes() == (other / produced.name).read_bytes(), produced.name
    assert results[0].report.counts == results[1].report.counts
    return results[0], results[1]


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_two_birth_dates_of_one_student_keep_neither_in_either_order(tmp_path: Path, target: str) -> None:
    # Student 5002 (line 3, born 2/2/2020) listed again with another birth date: before every
    # row (line 2, the student's own row moves to line 4) or after the last (line 30). Whichever
    # row came first used to be published.
    before, after = in_both_orders(
        tmp_path, POWERSCHOOL, "students.txt", ("Student_Number", "5002"), {"DOB": "2/3/2020"}, "powerschool", target
    )
    for result, out, (first, second) in (
        (before, tmp_path / "out-True", (2, 4)),
        (after, tmp_path / "out-False", (3, 30)),
    ):
        assert result.exit_status == 0
        assert "5002" not in read(out, "demographics")
        assert read(out, "users").count("5002") == 1  # the student stays, without a birth date
        (conflict,) = result.report.examples["V576"]
        where = conflict.where
        assert (where.file, where.line, where.column, where.record) == ("students.txt", first, "birthDate", "5002")
        assert conflict.params["other"] == f"students.txt:{second}"
        assert conflict.code.severity.value == "warning" and conflict.code.action.value == "drop-row"
        assert {(p.where.line, p.where.table) for p in result.report.examples["V501"]} == {(second, "demographics")}


def test_an_exact_repeat_keeps_one_record_as_before(tmp_path: Path) -> None:
    before, after = in_both_orders(
        tmp_path, POWERSCHOOL, "students.txt", ("Student_Number", "5002"), {}, "powerschool", "remind"
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert read(out, "demographics").count("5002") == 1
        assert "V576" not in result.report.counts and "V501" not in result.report.counts
        assert {p.where.table for p in result.report.examples["V500"]} == {"users", "demographics"}


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_demographics_file_listing_a_student_twice_keeps_neither(tmp_path: Path, target: str) -> None:
    """The demographics from a file of their own (OneRoster input): the users know nothing of it."""
    before, after = in_both_orders(
        tmp_path,
        ONEROSTER,
        "demographics.csv",
        ("userSourcedId", "u-s2"),
        {"birthdate": "2014-12-02"},
        "oneroster",
        target,
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert "u-s2" not in read(out, "demographics") and "u-s1" in read(out, "demographics")
        assert "u-s2" in read(out, "users")
        (conflict,) = result.report.examples["V576"]
        assert conflict.where.file == "demographics.csv" and conflict.where.column == "birthDate"
        dates = ("2014/12/01", "2014/12/02") if target == "remind" else ("2014-12-01", "2014-12-02")
        assert all(date in conflict.params["detail"] for date in dates)  # both, to find the wrong one


def test_a_birth_date_and_an_unreadable_one_keep_neither_where_none_is_allowed(tmp_path: Path) -> None:
    """--target oneroster lets a record go without a birth date (D305 blanks one it cannot
    read): a row with and a row without one used to publish whichever came first. Remind needs
    one (D304 leaves the row without it out), so there the other row's is kept, in any order."""
    changes = {"birthdate": "2014-13-01"}
    key = ("userSourcedId", "u-s2")
    before, after = in_both_orders(
        tmp_path / "spec", ONEROSTER, "demographics.csv", key, changes, "oneroster", "oneroster"
    )
    for result in (before, after):
        assert "u-s2" not in read(tmp_path / "spec" / "out-True", "demographics")
        (conflict,) = result.report.examples["V576"]
        assert (conflict.where.column, conflict.params["fields"]) == ("birthDate", "birthDate")
    before, after = in_both_orders(
        tmp_path / "remind", ONEROSTER, "demographics.csv", key, changes, "oneroster", "remind"
    )
    assert "u-s2" in read(tmp_path / "remind" / "out-True", "demographics")
    assert "V576" not in before.report.counts and "V576" not in after.report.counts
