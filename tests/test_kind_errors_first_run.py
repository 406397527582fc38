"""A first run's error limit counts a OneRoster users.csv by kind (tester35 F3).

A OneRoster users.csv holds the students, their parents and the staff in one file. The safety
gate refused a required export more than the removal limit (10 %) of whose rows errors left out
(X915), counting users.csv as a whole: parents and staff, who had no error, are most of it, so a
quarter of the students with a blank orgSourcedIds (each left out, D304) was published at exit 0
on a first run, where PowerSchool (its students an export of their own) refused from 11 %. Now
each kind of the file's rows, told apart by its role column, is held to the limit too (X922).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_gate import SAMPLE
from transform import api

AS_OF = dt.date(2026, 10, 15)
DISTRICT = FIXTURES / "oneroster" / "district" / "in"
STUDENTS = 30  # added to the sample's 4 student rows; each with a parent of their own


def district(folder: Path, *, blank: int) -> Path:
    """The OneRoster sample with 30 more students at Brookfield Middle, each with a parent, and
    the first `blank` of them with a blank orgSourcedIds (a school the export lost)."""
    shutil.copytree(DISTRICT, folder)
    users, born = [], []
    for n in range(1, STUDENTS + 1):
        school = "" if n <= blank else "sch-20"
        users.append(f"u-n{n},active,,TRUE,{school},student,nstudent{n},,Nia{n},Reyes,,2{n:03d},,,,u-q{n},07,")
        users.append(f"u-q{n},active,,TRUE,sch-20,parent,,,Paz{n},Reyes,,,paz{n}@mail.example.com,,,u-n{n},,")
        born.append(f"u-n{n},active,,2013-05-0{n % 9 + 1},female")
    for name, rows in (("users.csv", users), ("demographics.csv", born)):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return folder


def run(folder: Path, out: Path, engine: str, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="oneroster", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine, **options)
    )


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_tenth_of_the_students_lost_to_errors_is_refused_on_a_first_run(tmp_path: Path, engine: str) -> None:
    """Four of the 34 student rows (11.8 %) have no school: four of the file's 71 rows (5.6 %),
    under the whole file's limit. Before: published at exit 0 "with errors". Now refused (X922,
    exit 1, at the first such row), naming the kind, its rows and the role column; nothing written."""
    out = tmp_path / "out"
    result = run(district(tmp_path / "in", blank=4), out, engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert result.report.counts["D304"] == 4
    assert "X915" not in result.report.counts
    (refusal,) = result.report.examples["X922"]
    assert str(refusal) == (
        "users.csv:13: X922 export-kind-errors-over-limit: users.csv: errors left out 4 of its 34 rows of "
        "students (11.8%, limit 10.0%; the role column tells the kinds apart, and the file's 71 rows together "
        "stay under the limit), most of them D304 required-value-missing, the first at this line; nothing "
        "published (--allow-incomplete publishes it anyway)"
    )
    assert not out.exists()


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_allow_incomplete_publishes_the_students_left_and_says_so(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "out"
    result = run(district(tmp_path / "in", blank=4), out, engine, allow_incomplete=True)
    assert result.report.published and result.exit_status == 1 and "F453" in result.report.counts  # said
    assert "X922" not in result.report.counts
    (said,) = result.report.examples["X918"]
    assert said.params["detail"] == "errors left out 4 of the 34 rows of students of users.csv"
    assert (out / "users.csv").read_text(encoding="utf-8").count(",student,") == 29  # 33 current, 4 lost


def test_a_few_students_lost_to_errors_are_still_published(tmp_path: Path) -> None:
    """Three of 34 (8.8 %) are under the limit: published with errors, exit 0, as before."""
    result = run(district(tmp_path / "in", blank=3), tmp_path / "out", "python")
    assert result.exit_status == 0
    assert result.report.counts["D304"] == 3
    assert "X922" not in result.report.counts


def test_an_export_of_students_alone_is_still_counted_whole(tmp_path: Path) -> None:
    """A PowerSchool students export holds students only: X915 counts it whole, and no kind is
    counted again (its rules route no row by a role column)."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    path = folder / "students.txt"
    lines = path.read_bytes().split(b"\r\n")
    header = lines[0].split(b"\t")
    school = header.index(next(h for h in header if h.lower().endswith(b"schoolid")))
    rows = [line.split(b"\t") for line in lines[1:] if line]
    for row in rows[:4]:
        row[school] = b""
    path.write_bytes(b"".join(b"\t".join(r) + b"\r\n" for r in [header, *rows]))
    result = api.run(api.RunOptions(profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert "X915" in result.report.counts
    assert "X922" not in result.report.counts


def test_most_of_the_staff_lost_to_warnings_is_refused(tmp_path: Path) -> None:
    """Six more teachers, none with an email (each left out, V506, a warning): six of the ten
    staff rows, six of the file's 17. Errors and warnings together are held to half of a kind's
    rows, as of a whole export's (X915): refused, X922 naming the warning."""
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    users = folder / "users.csv"
    teachers = "".join(f"u-z{n},active,,TRUE,sch-20,teacher,,,Zed{n},Ray,,Z{n},,,,,,\n" for n in range(1, 7))
    users.write_text(users.read_text(encoding="utf-8") + teachers, encoding="utf-8")
    result = run(folder, tmp_path / "out", "python")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert "X915" not in result.report.counts
    (refusal,) = result.report.examples["X922"]
    assert (refusal.params["kind"], refusal.params["whom"], refusal.params["rows"], refusal.params["total"]) == (
        "errors and warnings",
        "staff",
        6,
        10,
    )
    assert refusal.params["top_id"] == "V506"
