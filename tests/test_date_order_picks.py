"""A join's `pick:` and the term filter read the terms' dates in the order their columns are given.

Synergy's terms export typed day first (13/08/2026) in a district whose other exports are month
first: D350's advice is to give the columns read from it their own order, the sessions'
`startDate: {column: START_DATE, clean: [{date: {day_first: true}}]}`. But the sections' join
`pick:` (a term code on one row per school year, told apart by START_DATE and END_DATE) read them
in the settings' order: it could not read 13/08/2026, joined Semester 1 to no row (D327), and
its classes were left out (D300) of a set published at exit 0. The term filter, without a
`day_first:` of its own, read them in the settings' order too and refused the run (D350)
although the profile had given the columns their order.

Now a pick reads its columns in the order the profile gives them where it reads them (when those
agree), and so does the term filter without a `day_first:` of its own: the set is the one the
same exports with ISO dates publish. Both engines.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import same
from transform import api

DISTRICT = FIXTURES / "synergy" / "district" / "in"
NIGHT = dt.datetime(2026, 9, 14, 2, tzinfo=dt.UTC)
# This year's terms and next year's, set up for scheduling: S1 and S2 of school 520 twice.
TERMS = [
    ("405", "YR", "Year", (2026, 8, 13), (2027, 5, 27)),
    ("520", "YR", "Year", (2026, 8, 13), (2027, 5, 28)),
    ("520", "S1", "Semester 1", (2026, 8, 13), (2026, 12, 18)),
    ("520", "S2", "Semester 2", (2027, 1, 5), (2027, 5, 28)),
    ("520", "S1", "Semester 1", (2027, 8, 12), (2027, 12, 17)),
    ("520", "S2", "Semester 2", (2028, 1, 4), (2028, 5, 26)),
]
COLUMNS_DAY_FIRST = """extends: synergy
name: district-day-first-terms
tables:
  academicSessions:
    terms:
      columns:
        startDate: {column: START_DATE, clean: [{date: {day_first: true}}]}
        endDate: {column: END_DATE, clean: [{date: {day_first: true}}]}
        schoolYear: {column: START_DATE, clean: [{school_year: {day_first: true}}]}
"""
TERM_FILTER_DAY_FIRST = COLUMNS_DAY_FIRST + "filters:\n  current_term: {day_first: true}\n"


def district(folder: Path, written: str) -> Path:
    """The Synergy district with two years' terms, their dates written `written` (a strftime)."""
    exports = folder / "in"
    shutil.copytree(DISTRICT, exports)
    lines = ["SCHOOL_CODE,TERM_CODE,TERM_NAME,START_DATE,END_DATE"] + [
        f"{school},{code},{name},{dt.date(*start).strftime(written)},{dt.date(*end).strftime(written)}"
        for school, code, name, start, end in TERMS
    ]
    (exports / "terms.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    written_at = (NIGHT - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written_at, written_at))
    return exports


def run(exports: Path, out: Path, profile: str | Path, **options: Any) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=str(profile),
            in_dir=exports,
            out_dir=out,
            as_of=NIGHT.date(),
            now=NIGHT,
            target="oneroster",
            **options,
        )
    )


@pytest.mark.parametrize("text", [COLUMNS_DAY_FIRST, TERM_FILTER_DAY_FIRST], ids=["columns", "term-filter-too"])
def test_terms_typed_day_first_with_their_columns_given_that_order(tmp_path: Path, text: str) -> None:
    iso = run(district(tmp_path / "iso", "%Y-%m-%d 00:00:00"), tmp_path / "iso" / "out", "synergy")
    assert iso.exit_status == api.EXIT_PUBLISHED
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    exports = district(tmp_path / "day-first", "%d/%m/%Y")
    runs = [
        run(exports, tmp_path / engine, profile, engine=engine, explain=tmp_path / f"{engine}.csv")
        for engine in ("python", "columnar")
    ]
    same(runs[0], runs[1], tmp_path, ("python", "columnar"))
    assert runs[0].exit_status == api.EXIT_PUBLISHED, [p.message for p in runs[0].problems]
    assert not {"D300", "D327", "D350"} & set(runs[0].report.counts)
    for written in sorted((tmp_path / "iso" / "out").glob("*.csv")):
        assert (tmp_path / "python" / written.name).read_bytes() == written.read_bytes(), written.name
