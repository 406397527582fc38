"""A district whose exports hold no birth date at all (the column left out of the header, or blank
on every row) publishes like one that sends no demographics file (D362, a header-only
demographics.csv, exit 0), not refused every night as demographics.csv emptied (X916): tester59
F2. A column filled on some rows is judged row by row as before, and a night after a set that
had birth dates, losing them all is refused (X989)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

NIGHT = dt.date(2026, 10, 15)
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])
HEADER_ONLY = (
    "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,"
    "nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,"
    "countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus\n"
)


def district(tmp_path: Path, sis: str, file: str, column: str, *, keep: str) -> tuple[Path, Path]:
    """(the profile, the exports) of the fixture district of `sis`, whose `file` has its birth-date
    `column` as `keep` says: "all" as exported, "none" left out of the header, "blank" on every
    row, "first" only on the first row."""
    case = FIXTURES / sis / "district"
    exports = tmp_path / f"{sis}-{keep}"
    shutil.copytree(case / "in", exports)
    path = exports / file
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = [c for c in rows[0] if keep != "none" or c != column]
    for at, row in enumerate(rows):
        if keep == "blank" or (keep == "first" and at):
            row[column] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    profile = case / "district.yaml"
    return (profile if profile.exists() else Path(sis)), exports


def run(profile: Path, exports: Path, out: Path, engine: str, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"as_of": NIGHT, "now": dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)}
    return api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, engine=engine, **{**defaults, **options})
    )


def d362(result: api.RunResult) -> str:
    [said] = [p for p in result.report.examples["D362"]]
    return str(said.params["why"])


# OneRoster wants every header of demographics.csv: a missing birthDate header is I201 (exit 2).
CASES = [
    ("sds", "Student.csv", "Birthdate", "none"),
    ("sds", "Student.csv", "Birthdate", "blank"),
    ("clever", "students.csv", "DOB", "none"),
    ("clever", "students.csv", "DOB", "blank"),
    ("oneroster", "demographics.csv", "birthdate", "blank"),
]


@ENGINES
@pytest.mark.parametrize(("sis", "file", "column", "keep"), CASES)
def test_exports_with_no_birth_date_publish_a_header_only_demographics(
    tmp_path: Path, engine: str, sis: str, file: str, column: str, keep: str
) -> None:
    profile, exports = district(tmp_path, sis, file, column, keep=keep)
    result = run(profile, exports, tmp_path / "out", engine)
    assert result.exit_status == 0 and result.report.published
    assert (tmp_path / "out" / "demographics.csv").read_text(encoding="utf-8") == HEADER_ONLY
    assert result.report.counts["D362"] == 1
    assert "X916" not in result.report.counts and "D304" not in result.report.counts
    said = f"{file} has no column '{column}'" if keep == "none" else f"{file}'s '{column}' is blank on every row"
    assert d362(result) == said
    # the students are published as with their birth dates
    full = run(*district(tmp_path, sis, file, column, keep="all"), tmp_path / "full", engine)
    assert full.exit_status == 0 and "D362" not in full.report.counts
    for name in ("users.csv", "classes.csv", "enrollments.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "full" / name).read_bytes()


@ENGINES
def test_a_column_with_a_birth_date_on_one_row_is_still_judged_row_by_row(tmp_path: Path, engine: str) -> None:
    """One student's birth date: the column is read, the others are left out for lack of one
    (D304) and judged by the safety gate as before: not set aside as no source."""
    profile, exports = district(tmp_path, "sds", "Student.csv", "Birthdate", keep="first")
    result = run(profile, exports, tmp_path / "out", engine)
    assert "D362" not in result.report.counts
    assert result.report.counts["D304"] == 3  # ST2, ST3, ST4 (ST5 is inactive)
    rows = (tmp_path / "out" / "demographics.csv").read_text(encoding="utf-8").splitlines()
    assert [row.split(",")[:4] for row in rows[1:]] == [["ST1", "", "", "2018/05/14"]]


@ENGINES
@pytest.mark.parametrize("keep", ["none", "blank"])
def test_birth_dates_lost_after_a_set_that_had_them_are_refused(tmp_path: Path, engine: str, keep: str) -> None:
    """Night 1 published the students' birth dates; night 2's Student.csv has none: a broken
    export, refused (X989), and night 1's set stays."""
    out = tmp_path / "out"
    first = run(*district(tmp_path, "sds", "Student.csv", "Birthdate", keep="all"), out, engine)
    assert first.exit_status == 0
    before = (out / "demographics.csv").read_bytes()
    assert before.count(b"\n") > 1
    second = run(
        *district(tmp_path, "sds", "Student.csv", "Birthdate", keep=keep),
        out,
        engine,
        now=dt.datetime(2026, 10, 16, 2, tzinfo=dt.UTC),
    )
    assert second.exit_status == 1 and not second.report.published
    assert [p.code.id for p in second.problems] == ["X989"]
    assert (out / "demographics.csv").read_bytes() == before


@ENGINES
def test_no_birth_dates_night_after_night_publishes(tmp_path: Path, engine: str) -> None:
    """A district that never sends birth dates publishes every night (state carried)."""
    out = tmp_path / "out"
    profile, exports = district(tmp_path, "clever", "students.csv", "DOB", keep="none")
    for day in (15, 16):
        result = run(profile, exports, out, engine, now=dt.datetime(2026, 10, day, 2, tzinfo=dt.UTC))
        assert result.exit_status == 0 and result.report.counts["D362"] == 1
