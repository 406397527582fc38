"""The safety gate judges which of tonight's terms is year-long by the profile's
`filters.current_term.year_long_days`, as the term filter does (it read the default, 200 days).

A school whose year runs from 1 March to 10 September (193 days, a short programme's year: its
district profile sets `year_long_days: 180`), Semester 1 to 26 June, Semester 2 from 13 July, its
SIS job exporting the current term only. On Semester 2's first night Semester 1's classes are no
longer exported; by the dates the last set recorded they ended and Semester 2 followed them inside
the school year that the year-long term (1 March to 10 September) holds. The gate, judging that
term by 200 days, found no year-long term, fell back to a July-to-June year, took 26 June and 13
July for two school years, and refused the ordinary term change (X906) every night until
--allow-rollover."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

CLASSES = """CLASS-ID,SCHOOL-ID,COURSE-ID,COURSE-DESC,PERIOD,TERM,TERM-START,TERM-END,STAFF-ID
K-01,001,KDG,Kindergarten,AM,YR,03/01/2026,09/10/2026,901
HR-Y,002,HR,Homeroom,1,YR,03/01/2026,09/10/2026,902
ENG-1,002,ENG,English,2,S1,03/01/2026,06/26/2026,902
BIO-1,002,BIO,Biology,3,S1,03/01/2026,06/26/2026,903
ENG-2,002,ENG,English,2,S2,07/13/2026,09/10/2026,902
BIO-2,002,BIO,Biology,3,S2,07/13/2026,09/10/2026,903
"""
SCHEDULE = """STUDENT-ID,CLASS-ID,SCHOOL-ID,DROP-DATE
5002,K-01,001,
5003,K-01,001,
5006,K-01,001,
5001,HR-Y,002,
5004,HR-Y,002,
5001,ENG-1,002,
5004,BIO-1,002,
5001,ENG-2,002,
5004,BIO-2,002,
"""


def exports(folder: Path, semester: str) -> Path:
    """The district's exports as a job exporting the year-long classes and one semester's."""
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", folder)
    for name, text in (("class.csv", CLASSES), ("schedule.csv", SCHEDULE)):
        lines = text.splitlines(keepends=True)
        kept = [
            lines[0],
            *(line for line in lines[1:] if ("-1," not in line and "-2," not in line) or semester in line),
        ]
        (folder / name).write_text("".join(kept))
    return folder


def profile(folder: Path, year_long_days: int | None) -> Path:
    path = folder / "district.yaml"
    setting = f"filters:\n  current_term:\n    year_long_days: {year_long_days}\n" if year_long_days else ""
    path.write_text(f"extends: skyward-sms\n{setting}", encoding="utf-8")
    return path


def classes(out: Path) -> set[str]:
    return {line.split(",")[0].split("-", 1)[1] for line in (out / "classes.csv").read_text().splitlines()[1:]}


def nights(tmp_path: Path, year_long_days: int | None) -> api.RunResult:
    """The last night of Semester 1, then Semester 2's first night; the second's result."""
    district = profile(tmp_path, year_long_days)
    out = tmp_path / "out"
    first = api.run(
        api.RunOptions(
            profile=str(district), in_dir=exports(tmp_path / "s1", "-1,"), out_dir=out, as_of=dt.date(2026, 6, 26)
        )
    )
    assert first.exit_status == api.EXIT_PUBLISHED and classes(out) == {"K-01", "HR-Y", "ENG-1", "BIO-1"}
    return api.run(
        api.RunOptions(
            profile=str(district), in_dir=exports(tmp_path / "s2", "-2,"), out_dir=out, as_of=dt.date(2026, 7, 13)
        )
    )


def test_the_profiles_year_long_days_makes_the_semester_change_a_term_change(tmp_path: Path) -> None:
    result = nights(tmp_path, 180)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
    assert "X906" not in result.report.counts
    (said, *_) = result.report.examples["X937"]
    assert "S1 ended 2026-06-26, by the last published set" in said.message
    assert classes(tmp_path / "out") == {"K-01", "HR-Y", "ENG-2", "BIO-2"}


def test_without_the_setting_the_193_day_term_is_no_year_and_the_change_is_refused(tmp_path: Path) -> None:
    """The same nights under the bundled profile (200 days): the 193-day term is no year-long
    one, nothing says the two semesters are one school year, and the removal is refused as at a
    new school year (X906), as the term filter, judging by 200 days too, would have it."""
    result = nights(tmp_path, None)
    assert result.exit_status == 1 and "X906" in result.report.counts
    assert classes(tmp_path / "out") == {"K-01", "HR-Y", "ENG-1", "BIO-1"}
