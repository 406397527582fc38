"""A profile whose birthDate reads another date column (tester25 1.5): an enrolment date made every
student about two months old, published with exit 0 and no message. The column says it as a
whole: more than half of its dates (of at least 10) make the student under 2 or lie after the as-of date, so
the run refuses (X987), naming the column, the profile line, the share and the first such date.
A few such dates are each said (D384: a student of 0 or 1, kept as read), and a column of adult
students' birth dates is no mistake."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.cleaners.base import CleanerSettings
from transform.cleaners.dates import birth_date_cleaner

CLEVER = FIXTURES / "clever" / "district"
ONEROSTER = FIXTURES / "oneroster" / "district"
AS_OF = dt.date(2026, 10, 15)
# A district profile whose birthDate line reads the DOB column (which the exports below fill with
# the day each student was enrolled): the message names this line.
PROFILE = """name: lakeview
extends: clever
settings:
  email_domain: lakeview.example.org
tables:
  demographics:
    students:
      columns:
        birthDate: {column: DOB, clean: [birth_date]}
"""


def _clever_with(tmp_path: Path, births: list[str]) -> tuple[Path, Path]:
    """The Clever district with a student more per birth date (no contact), and the profile."""
    folder = tmp_path / "in"
    shutil.copytree(CLEVER / "in", folder)
    profile = tmp_path / "district.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    with (folder / "students.csv").open("a", encoding="utf-8", newline="") as handle:
        for n, birth in enumerate(births, start=1):
            handle.write(f"100,S30{n:02d},30{n:02d},Pupil{n},,Kim,3,{birth},English,,,,,,,\n")
    return folder, profile


def _run(profile: Path, folder: Path, out: Path, engine: str) -> api.RunResult:
    return api.run(api.RunOptions(profile=str(profile), in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine))


def _births(out: Path) -> dict[str, str]:
    with (out / "demographics.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["birthDate"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_enrolment_date_read_as_the_birth_date_refuses_the_run(tmp_path: Path, engine: str) -> None:
    # 12 students enrolled this August beside the fixture's 4 rows with a student's birth date.
    folder, profile = _clever_with(tmp_path, ["08/10/2026"] * 11 + ["2025-09-02"])
    out = tmp_path / "out"
    result = _run(profile, folder, out, engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert not out.exists()
    (stop,) = [p for p in result.problems if p.code.id == "X987"]
    assert (stop.where.file, stop.where.line, stop.where.column) == ("students.csv", 8, "DOB")
    assert stop.params["count"] == 12
    assert stop.params["total"] == 16
    assert stop.params["percent"] == 75
    assert stop.params["example"] == "08/10/2026"
    assert stop.params["why"] == "0 years old"
    assert stop.params["at"] == f" ({profile}:9:20)"
    message = str(stop)
    assert (
        "DOB: 12 of the 16 birth dates read from this column (75%) make the student under 2 years old or lie "
        "after 2026-10-15 (the first: line 8, '08/10/2026', 0 years old): the column holds another date"
    ) in message
    assert "map demographics.birthDate to the column that holds the students' birth dates" in message


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_few_students_under_two_are_said_and_published_as_read(tmp_path: Path, engine: str) -> None:
    """Below the share: each such date is said (D384) and kept (it may be true); future ones are
    blanked as before (D315) and counted alike."""
    births = ["08/10/2026", "01/05/2025", "12/24/2026"] + ["05/05/2015"] * 3
    folder, profile = _clever_with(tmp_path, births)
    out = tmp_path / "out"
    result = _run(profile, folder, out, engine)
    assert result.exit_status == api.EXIT_PUBLISHED
    assert "X987" not in result.report.counts
    said = {(p.where.line, p.params["value"], p.params["age"]) for p in result.report.examples["D384"]}
    assert said == {(8, "08/10/2026", "0 years old"), (9, "01/05/2025", "1 year old")}
    assert result.report.counts["D315"] == 1
    births_out = _births(out)
    assert births_out["S3001"] == "2026/08/10"
    assert births_out["S3002"] == "2025/01/05"
    assert births_out["S3004"] == "2015/05/05"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_fewer_than_ten_dates_say_nothing_of_their_column(tmp_path: Path, engine: str) -> None:
    """Nine dates, all this year's, beside a column otherwise blank (the fixture's DOBs taken
    out): each is said (D384); nine dates are too few to judge a column by."""
    folder, profile = _clever_with(tmp_path, ["08/10/2026"] * 9)
    students = folder / "students.csv"
    rows = list(csv.reader(students.read_text(encoding="utf-8").splitlines()))
    for row in rows[1:7]:
        row[7] = ""
    with students.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = _run(profile, folder, tmp_path / "out", engine)
    assert "X987" not in result.report.counts
    assert result.report.counts["D384"] == 9


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_adult_students_are_of_any_age(tmp_path: Path, engine: str) -> None:
    """An adult-education school's students of 30 to 60: no upper age is held against a column
    written with four-digit years."""
    births = [f"06/01/{year}" for year in range(1966, 1996, 2)]
    folder, profile = _clever_with(tmp_path, births)
    out = tmp_path / "out"
    result = _run(profile, folder, out, engine)
    assert result.exit_status == api.EXIT_PUBLISHED
    assert "X987" not in result.report.counts
    assert "D384" not in result.report.counts
    assert _births(out)["S3001"] == "1966/06/01"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_demographics_export_of_enrolment_dates_refuses_the_run(tmp_path: Path, engine: str) -> None:
    """A OneRoster demographics.csv read by itself (the columnar engine loads it whole and counts
    its distinct values): birth dates that are this term's first day."""
    folder = tmp_path / "in"
    shutil.copytree(ONEROSTER / "in", folder)
    rows = "".join(f"u-x{n},active,2026-08-01,2026-08-17,female\n" for n in range(12))
    with (folder / "demographics.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(rows)
    result = api.run(
        api.RunOptions(profile="oneroster", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF, engine=engine)
    )
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (stop,) = [p for p in result.problems if p.code.id == "X987"]
    assert (stop.params["count"], stop.params["total"], stop.params["example"]) == (12, 14, "2026-08-17")
    assert stop.params["field"] == "demographics.birthDate"
    assert "profiles/oneroster.yaml:" in str(stop.params["at"])


INFINITE_CAMPUS = FIXTURES / "infinite-campus" / "district"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_adult_education_export_with_two_digit_years_is_published(tmp_path: Path, engine: str) -> None:
    """Tester26 2.4: the Infinite Campus district with 14 adult learners born 1958 to 1999, written
    MM/DD/YY (one of the profile's own formats). Each date's century is a guess (1966 or 2066),
    and D371 blanks and says each; X987 counted them as the column's 'no student's age' and
    refused the run, telling the admin to remap the birth-date column. Now they are not counted:
    published, the learners without a birth date, each date said."""
    folder = tmp_path / "in"
    shutil.copytree(INFINITE_CAMPUS / "in", folder)
    years = [66, 62, 89, 99, 71, 59, 96, 86, 72, 78, 59, 58, 71, 59]
    with (folder / "students.csv").open("a", encoding="utf-8", newline="") as handle:
        for n, year in enumerate(years):
            handle.write(f"{60000 + n},{1200000 + n},0420,Adult{n},Learner,,12,05/04/{year},,08/20/2026,,P,English\n")
    out = tmp_path / "out"
    options = api.RunOptions(profile="infinite-campus", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine)
    result = api.run(options)
    assert result.exit_status == api.EXIT_PUBLISHED
    assert "X987" not in result.report.counts
    assert result.report.counts["D371"] == 14
    assert "\n60000," in (out / "users.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_two_digit_years_beside_enrolment_dates_are_named_not_counted(tmp_path: Path, engine: str) -> None:
    """A column of enrolment dates is still refused by the dates that show it (under 2 years
    old); the two-digit years in it are said apart, not counted either way."""
    folder, profile = _clever_with(tmp_path, ["08/10/2026"] * 12 + ["10/28/66"] * 3)
    result = _run(profile, folder, tmp_path / "out", engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (stop,) = [p for p in result.problems if p.code.id == "X987"]
    assert (stop.params["count"], stop.params["total"]) == (12, 16)
    assert (
        "(the first: line 8, '08/10/2026', 0 years old); 3 more are two-digit years giving no student's age in "
        "either century, not counted here (each blanked, D371): the column holds another date than the "
        "students' birth dates"
    ) in str(stop)


def test_the_birth_date_cleaner_says_a_student_under_two() -> None:
    clean = birth_date_cleaner(CleanerSettings(as_of=AS_OF), {})
    assert clean("10/16/2024") == (
        "2024/10/16",
        (("birth-date-too-young", {"value": "10/16/2024", "age": "1 year old", "as_of": "2026-10-15"}),),
    )
    assert clean("10/15/2024") == ("2024/10/15", ())  # two today: a pre-kindergartner
    assert clean("10/15/2026") == (
        "2026/10/15",
        (("birth-date-too-young", {"value": "10/15/2026", "age": "0 years old", "as_of": "2026-10-15"}),),
    )
    assert clean("10/16/2026")[0] == ""  # after the as-of date: blanked (D315)


def test_check_profile_with_the_exports_says_it(tmp_path: Path) -> None:
    """`check-profile --exports` said ok: it reads the birth-date columns as a run does, on
    today's date (the dates here are two months before it, whatever the day)."""
    recent = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=60)).strftime("%m/%d/%Y")
    folder, profile = _clever_with(tmp_path, [recent] * 12)
    _, problems = api.check_profile(str(profile), exports=folder)
    (stop,) = [p for p in problems if p.code.id == "X987"]
    assert (stop.params["count"], stop.params["total"], stop.params["why"]) == (12, 16, "0 years old")
