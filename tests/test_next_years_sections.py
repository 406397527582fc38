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

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_calendar_moves import classes, codes_of
from tests.test_last_years_sections import appended
from tests.test_marking_periods_ended import exports_of, night, published
from transform import api

NEXT_YEAR_PERIODS = [
    f"{building}^{mp}^{start}^{end}^#!#"
    for building in (10, 20)
    for mp, start, end in (
        (1, "08/16/2027", "10/15/2027"),
        (2, "10/18/2027", "12/17/2027"),
        (3, "01/04/2028", "03/11/2028"),  # 2027 here made it a 432-day period, read as a year-long one
    )
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


def test_a_period_typed_over_a_year_long_is_said_and_rereads_no_other_row(tmp_path: Path) -> None:
    """Next year's third marking period typed 01/04/2027 to 03/11/2028 (432 days): read as the
    school's year-long row (pick: {year}), it moved this year's periods 3 and 4 into 2027-28, whose
    sections then joined no row (X906, nothing published, no word of the row). A row longer than
    any school year is left out of the pick and said where it is (I249, exit 1); the set is this year's."""
    out = tmp_path / "out"
    this_years(tmp_path, out)
    exports = spring(tmp_path, added="05/03/2027", school_year=True)
    dates = exports / "REG_MP_DATES.txt"
    dates.write_text(dates.read_text("cp1252").replace("01/04/2028^03/11/2028", "01/04/2027^03/11/2028"), "cp1252")
    result = night(exports, out, "2027-05-10")
    assert result.exit_status == 1 and not result.problems, [str(p) for p in result.problems]
    assert "X906" not in codes_of(result)
    said = [(p.where.file, p.where.line, p.params["dates"], p.params["days"]) for p in result.report.examples["I249"]]
    assert said == [
        ("REG_MP_DATES.txt", 12, "01/04/2027 to 03/11/2028", 432),
        ("REG_MP_DATES.txt", 15, "01/04/2027 to 03/11/2028", 432),
    ]
    assert classes(out) == {"5001": "10-4", "5005": "20-4"}


def test_a_row_over_a_year_alone_under_its_key_is_kept_and_exits_0(tmp_path: Path) -> None:
    """Cal55b's reviewer (I249 not probed): a deliberate row over a year, the only one of its key
    (building 10's 'whole program' period 9, 17 August 2026 to 9 June 2028), was said to look at
    (exit 1) every night for two years, though no other row of its key could be mistaken for it.
    Now it is said at exit 0 and stays joinable, and is still read as no school's year (this year's
    periods 3 and 4 stay 2026-27's: the set is this year's). The mistyped period beside its key's
    other row stays exit 1 (the test above)."""
    out = tmp_path / "out"
    this_years(tmp_path, out)
    exports = spring(tmp_path, added="05/03/2027", school_year=True)
    with (exports / "REG_MP_DATES.txt").open("a", encoding="cp1252") as handle:
        handle.write("10^9^08/17/2026^06/09/2028^#!#\n")
    result = night(exports, out, "2027-05-10")
    assert result.exit_status == 0 and "X906" not in codes_of(result), [str(p) for p in result.problems]
    (said,) = result.report.examples["I249"]
    assert (said.where.line, said.params["days"], said.params["why"]) == (18, 662, "alone")
    assert "its classes join it" in str(said.params["what"])
    assert classes(out) == {"5001": "10-4", "5005": "20-4"}


# -- Synergy: a section's code is its SECTION_ID, new each year (tester49 F8) -----------------------

SYNERGY_NEXT_YEAR_TERMS = (
    "405,YR,Year,2027-08-12 00:00:00,2028-05-26 00:00:00\n"
    "520,YR,Year,2027-08-12 00:00:00,2028-05-26 00:00:00\n"
    "520,S1,Semester 1,2027-08-12 00:00:00,2027-12-17 00:00:00\n"
    "520,S2,Semester 2,2028-01-04 00:00:00,2028-05-26 00:00:00\n"
)
HIGH_SCHOOL_COURSES = 12  # Sandia High's year-long classes, one a period


def synergy_with_classes(tmp_path: Path) -> Path:
    """The Synergy fixture district with twelve year-long classes at Sandia High (520), each with
    Marisol (970001235) on its roster: a school's worth of sections to set up again for next year."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", folder)
    appended(
        folder / "sections.csv",
        "".join(
            f"{3000 + n},520,C{n},Course {n},YR,{n % 7 + 1},e20033,{100 + n}\n" for n in range(HIGH_SCHOOL_COURSES)
        ),
    )
    appended(
        folder / "classes.csv",
        "".join(f"970001235,520,{3000 + n},2026-08-13 00:00:00,,N\n" for n in range(HIGH_SCHOOL_COURSES)),
    )
    return folder


def synergy_in_may(folder: Path, *, next_years: int) -> None:
    """2027-28 set up in May: its terms under this year's codes, and `next_years` of the twelve
    classes again under new SECTION_IDs (Synergy gives a new one each year), their schedules
    entered on 05/03; sections.csv without its optional SCHOOL_YEAR."""
    appended(folder / "terms.csv", SYNERGY_NEXT_YEAR_TERMS)
    appended(
        folder / "sections.csv",
        "".join(f"{9000 + n},520,C{n},Course {n},YR,{n % 7 + 1},e20033,{100 + n}\n" for n in range(next_years)),
    )
    appended(
        folder / "classes.csv",
        "".join(f"970001235,520,{9000 + n},2027-05-03 00:00:00,,N\n" for n in range(next_years)),
    )


def synergy_night(folder: Path, out: Path, as_of: str, engine: str = "python") -> api.RunResult:
    return api.run(
        api.RunOptions(profile="synergy", in_dir=folder, out_dir=out, as_of=dt.date.fromisoformat(as_of), engine=engine)  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_synergy_next_years_sections_under_new_ids_are_refused(tmp_path: Path, engine: str) -> None:
    """Twelve of next year's sections beside this year's of the same school, course and title
    (period), under new SECTION_IDs: no class code pairs them, the last published set does.
    Refused (X894), the last set stays."""
    folder, out = synergy_with_classes(tmp_path), tmp_path / "out"
    assert synergy_night(folder, out, "2027-05-07", engine).exit_status == 0
    held = classes(out)
    synergy_in_may(folder, next_years=HIGH_SCHOOL_COURSES)
    result = synergy_night(folder, out, "2027-05-10", engine)
    assert result.exit_status == 1 and "X894" in codes_of(result), [str(p) for p in result.problems]
    (refused,) = result.report.examples["X894"]
    assert refused.params["count"] == 2 * HIGH_SCHOOL_COURSES
    assert (refused.params["example"], refused.params["twin"]) == ("520-9000", "520-3000")
    assert classes(out) == held


def test_synergy_a_section_or_two_added_beside_one_of_the_same_title_is_no_next_year(tmp_path: Path) -> None:
    """Two sections added in May beside this year's of the same course and period (a second PE
    class), next year's terms in the export: too few to be a school year set up, published."""
    folder, out = synergy_with_classes(tmp_path), tmp_path / "out"
    assert synergy_night(folder, out, "2027-05-07").exit_status == 0
    synergy_in_may(folder, next_years=2)
    result = synergy_night(folder, out, "2027-05-10")
    assert published(result) and "X894" not in codes_of(result), [str(p) for p in result.problems]


# -- Without a last set, or a few classes: the schedules entered in spring (leftover of fix-drop49) --


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_synergy_next_years_sections_on_a_first_night_are_refused(tmp_path: Path, engine: str) -> None:
    """A district's first run in May, next year's twelve sections in the exports: no last set to
    pair them with, but their schedules were all entered on 05/03, after this year's Year term had
    run most of its length, while this year's sections of the same course and title began in
    August. Refused (X894); it was published with next year's classes as this year's."""
    folder = synergy_with_classes(tmp_path)
    synergy_in_may(folder, next_years=HIGH_SCHOOL_COURSES)
    result = synergy_night(folder, tmp_path / "out", "2027-05-10", engine)
    assert result.exit_status == 1 and "X894" in codes_of(result), [str(p) for p in result.problems]
    (refused,) = result.report.examples["X894"]
    assert refused.params["count"] == 2 * HIGH_SCHOOL_COURSES
    assert (refused.params["example"], refused.params["twin"]) == ("520-9000", "520-3000")


def test_synergy_a_few_of_next_years_sections_beside_a_last_set_are_refused(tmp_path: Path) -> None:
    """A small school's three classes set up again for next year, under the ten new classes
    the last set alone tells: their spring schedules tell them."""
    folder, out = synergy_with_classes(tmp_path), tmp_path / "out"
    assert synergy_night(folder, out, "2027-05-07").exit_status == 0
    held = classes(out)
    synergy_in_may(folder, next_years=3)
    result = synergy_night(folder, out, "2027-05-10")
    assert result.exit_status == 1 and "X894" in codes_of(result), [str(p) for p in result.problems]
    assert result.report.examples["X894"][0].params["count"] == 6
    assert classes(out) == held


def test_synergy_two_sections_of_a_course_begun_this_year_are_no_twins(tmp_path: Path) -> None:
    """A school's two-year course taught in two sections of one title (year 1 and year 2), both
    begun in August, beside next year's terms in the export: this year's classes, published on a
    first night and beside a last set."""
    folder = synergy_with_classes(tmp_path)
    appended(folder / "terms.csv", SYNERGY_NEXT_YEAR_TERMS)
    appended(
        folder / "sections.csv",
        "".join(f"{9000 + n},520,C{n},Course {n},YR,{n % 7 + 1},e20033,{100 + n}\n" for n in range(4)),
    )
    year_2 = "970001400,520,Yazzie,Ana,,10,2011-02-02 00:00:00,,2026-08-13 00:00:00,,N,,English\n"
    appended(folder / "students.csv", year_2)
    appended(
        folder / "classes.csv",
        "".join(f"970001400,520,{9000 + n},2026-08-13 00:00:00,,N\n" for n in range(4)),
    )
    for out in (tmp_path / "first", tmp_path / "first"):  # a first night, then one beside its set
        result = synergy_night(folder, out, "2027-05-10")
        assert published(result) and "X894" not in codes_of(result), [str(p) for p in result.problems]
        assert {f"520-{9000 + n}" for n in range(4)} <= set(classes(out))
