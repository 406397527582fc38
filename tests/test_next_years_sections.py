"""Next year's sections in the spring exports, the sections naming no school year (tester46 F2).

eSchoolPLUS marking periods are numbered 1 to 4 every year: once the district sets up
2027-28, REG_MP_DATES lists each building's 1 to 4 twice, and SCHD_MS, SCHD_MS_MP and
SCHD_STU_CRS_DATES hold next year's sections and schedules beside this year's. The profile's
join takes a section's period by its SCHOOL_YEAR; downloaded without that optional column, every
section took the period the dates pick, this year's, and in May next year's sections were
published as current classes (with next year's rosters, entered on 05/03, and teachers) beside
this year's of the same course and section, exit 0. Now refused (X894); a night whose next
year's classes publish no student (their schedules dated from next year's first day) is right,
and published, as is a download with SCHOOL_YEAR.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_calendar_moves import classes, codes_of
from tests.test_marking_periods_ended import exports_of, night, published

NEXT_YEAR_PERIODS = [
    f"{building}^{mp}^{start}/2027^{end}^#!#"
    for building in (10, 20)
    for mp, start, end in ((1, "08/16", "10/15/2027"), (2, "10/18", "12/17/2027"), (3, "01/04", "03/11/2028"))
] + [f"{building}^4^03/14/2028^05/26/2028^#!#" for building in (10, 20)]
NEXT_YEAR_SECTIONS = {  # 2027-28's Kindergarten and Art I, as 2026-27's, under new keys
    "SCHD_MS.txt": ["6001^2028^10^KDG^01^Kindergarten^N^#!#", "6005^2028^20^ART^01^Art I^N^#!#"],
    "SCHD_MS_MP.txt": [*(f"6001^{mp}^#!#" for mp in (1, 2, 3, 4)), "6005^3^#!#", "6005^4^#!#"],
    "SCHD_MS_SESSION.txt": ["6001^1^1501^1^7^#!#", "6005^1^1501^6^6^#!#"],
}


def spring(tmp_path: Path, *, added: str, school_year: bool = False) -> Path:
    """The district's exports in May with 2027-28 set up: its marking periods, sections and the
    schedules entered for it (DATE_ADDED `added`); SCHD_MS without SCHOOL_YEAR unless `school_year`."""
    exports = exports_of(tmp_path)
    schedules = [f"600101^6001^{added}^^#!#", f"600105^6005^{added}^^#!#"]
    for name, rows in (
        ("REG_MP_DATES.txt", NEXT_YEAR_PERIODS),
        ("SCHD_STU_CRS_DATES.txt", schedules),
        *NEXT_YEAR_SECTIONS.items(),
    ):
        with (exports / name).open("a", encoding="cp1252") as handle:
            handle.write("".join(f"{row}\n" for row in rows))
    if not school_year:
        path = exports / "SCHD_MS.txt"
        lines = path.read_text(encoding="cp1252").splitlines(keepends=True)
        cells = (line.split("^") for line in lines)
        path.write_text("".join("^".join(row[:1] + row[2:]) for row in cells), "cp1252")  # no SCHOOL_YEAR
    return exports


def this_years(tmp_path: Path, out: Path) -> None:
    """The set of 05-07, from the exports before 2027-28 was set up."""
    assert published(night(exports_of(tmp_path / "before"), out, "2027-05-07"))
    assert set(classes(out)) == {"5001", "5005"}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_next_years_sections_naming_no_year_are_refused(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "out"
    this_years(tmp_path, out)
    result = night(spring(tmp_path, added="05/03/2027"), out, "2027-05-10", engine=engine)
    assert result.exit_status == 1 and "X894" in codes_of(result)
    (refused,) = result.report.examples["X894"]
    assert refused.params["count"] == 4 and (refused.params["example"], refused.params["twin"]) == ("5001", "6001")
    assert refused.params["start"] == "03/15/2027" and "REG_MP_DATES.txt line 16 (03/14/2028 to 05/26/2028)" in str(
        refused.params["later"]
    )
    assert set(classes(out)) == {"5001", "5005"}  # the last set stays


def test_next_years_classes_with_no_student_yet_publish_this_years(tmp_path: Path) -> None:
    """Next year's schedules dated from its first day are not started (F426): its classes come
    out empty (F412), and the set is this year's alone."""
    out = tmp_path / "out"
    this_years(tmp_path, out)
    result = night(spring(tmp_path, added="08/16/2027"), out, "2027-05-10")
    assert published(result) and "X894" not in codes_of(result), [str(p) for p in result.problems]
    assert set(classes(out)) == {"5001", "5005"}


def test_sections_naming_their_school_year_join_their_own_periods(tmp_path: Path) -> None:
    out = tmp_path / "out"
    this_years(tmp_path, out)
    result = night(spring(tmp_path, added="05/03/2027", school_year=True), out, "2027-05-10")
    assert published(result) and "X894" not in codes_of(result), [str(p) for p in result.problems]
    assert set(classes(out)) == {"5001", "5005"}
