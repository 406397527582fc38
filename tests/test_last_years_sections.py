"""Next year's terms exported beside last year's sections (tester43 F2, F3).

A Synergy terms export set up in spring for scheduling holds 2027-28's YR, S1, S2 beside
2026-27's, under the same codes; the sections and enrolments exports hold 2026-27's until the
SIS rolls over. The join's `pick` took next year's row from the night a school's year ended:

- F2: from 1 July (within the window before 2027-08-12) last year's classes and rosters were
  published as the new year's, exit 0 on a first night; on a nightly job refused only as a
  removal (X906), whose advised --allow-rollover published them. Now refused, X929, whatever
  the options: every student enrolment of those classes began in 2026-27.
- F3: the night school 405's year ended (2027-05-27) before school 520's, its classes were
  joined to 2027-28's YR, looked not started, and their removal was refused (X906). Until
  1 July the row of the as-of date's school year is taken: they ended, as the calendar says (X937).

eSchoolPLUS without SCHD_MS.SCHOOL_YEAR (optional in the profile) is the same; with it, --term
on 1 July named last year's marking period.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api

SYNERGY_NEXT_YEAR = (
    "405,YR,Year,2027-08-12 00:00:00,2028-05-26 00:00:00\n"
    "520,YR,Year,2027-08-12 00:00:00,2028-05-26 00:00:00\n"
    "520,S1,Semester 1,2027-08-12 00:00:00,2027-12-17 00:00:00\n"
    "520,S2,Semester 2,2028-01-04 00:00:00,2028-05-26 00:00:00\n"
)


def appended(path: Path, lines: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\r\n") + "\n" + lines, encoding="utf-8")


def synergy_district(tmp_path: Path, *, rolled_over: bool = False) -> Path:
    """The Synergy fixture district with 2027-28's terms in terms.csv; `rolled_over`: its
    enrolments re-exported for 2027-28 (they begin on its first day)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", folder)
    appended(folder / "terms.csv", SYNERGY_NEXT_YEAR)
    if rolled_over:
        classes = folder / "classes.csv"
        classes.write_text(classes.read_text(encoding="utf-8").replace("2026-08-13", "2027-08-12"), encoding="utf-8")
    return folder


def night(folder: Path, out: Path, as_of: dt.date, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="synergy", in_dir=folder, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def class_ids(out: Path) -> list[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(row["sourcedId"] for row in csv.DictReader(handle))


def test_a_first_night_before_the_new_year_refuses_last_years_classes(tmp_path: Path) -> None:
    python, _ = both_engines(
        tmp_path / "run", profile="synergy", in_dir=synergy_district(tmp_path), as_of=dt.date(2027, 7, 22)
    )
    assert python.exit_status == 1
    assert [p.code.id for p in python.problems] == ["X929"]
    (said,) = python.report.examples["X929"]
    assert said.message.startswith("3 classes would be published in 2027-2028's terms")
    assert "class 405-1001, sections.csv line 2" in said.message
    assert "beginning by 2026-08-13" in said.message
    assert "terms.csv line 2 (2026-08-13 00:00:00 to 2027-05-27 00:00:00)" in said.message  # school 405's own row
    assert not (tmp_path / "run" / "python" / "classes.csv").exists()


def test_a_nightly_job_is_refused_as_last_years_classes_and_allow_rollover_does_not_publish_them(
    tmp_path: Path,
) -> None:
    folder, out = synergy_district(tmp_path), tmp_path / "out"
    assert night(folder, out, dt.date(2027, 5, 20)).exit_status == 0
    held = class_ids(out)
    for options in ({}, {"allow_rollover": True}):
        result = night(folder, out, dt.date(2027, 7, 22), **options)
        assert result.exit_status == 1
        assert [p.code.id for p in result.problems] == ["X929"]  # not a removal (X906) to allow
        assert class_ids(out) == held


def test_after_the_rollover_next_years_classes_are_published(tmp_path: Path) -> None:
    python, _ = both_engines(
        tmp_path / "run",
        profile="synergy",
        in_dir=synergy_district(tmp_path, rolled_over=True),
        as_of=dt.date(2027, 7, 22),
    )
    assert python.exit_status == 0
    assert "X929" not in python.report.counts
    assert class_ids(tmp_path / "run" / "python") == ["405-1001", "405-1002", "520-2001"]


def rolled_over_with_new_ids(folder: Path, *, carried: str = "") -> None:
    """The SIS rolled over to 2027-28: sections.csv and classes.csv hold only the new year's
    sections, under new SECTION_IDs (1001 is 1101), their schedules begun on 2027-08-12; but
    `carried`'s (a year-2 section of a two-year course) keep the first year's ENTER_DATE."""
    for name in ("sections.csv", "classes.csv"):
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [lines[0]]
        for line in lines[1:]:
            cells = line.split(",")
            at = 0 if name == "sections.csv" else 2
            cells[at] = str(int(cells[at]) + 100)
            if name == "classes.csv" and cells[at] != carried:
                cells[3] = cells[3].replace("2026-08-13", "2027-08-12").replace("2027-01-05", "2028-01-04")
                cells[4] = cells[4].replace("2026-08-28", "2027-08-27")
            rows.append(",".join(cells))
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_a_rolled_over_export_whose_two_year_course_keeps_its_first_years_dates_is_published(
    tmp_path: Path,
) -> None:
    """In August the SIS has rolled over (new SECTION_IDs); section 1101, year 2 of a two-year
    course, keeps its students' 2026 ENTER_DATE. Its ID is none of the last set's (made in May,
    last school year): not last year's class (tester49 F10), and the rollover is published with
    --allow-rollover. Last year's IDs, still exported, are refused (the test above)."""
    folder, out = synergy_district(tmp_path), tmp_path / "out"
    assert night(folder, out, dt.date(2027, 5, 20)).exit_status == 0
    rolled_over_with_new_ids(folder, carried="1101")
    result = night(folder, out, dt.date(2027, 8, 12), allow_rollover=True)
    assert result.report.published, [p.message for p in result.problems]
    assert "X929" not in result.report.counts
    assert "405-1101" in class_ids(out)
    # The new year's sections under the term code each year reuses ('YR', dated a year later) are new
    # classes, not last year's re-keyed: no X919 'Published, but' at the rollover (tester90 T7).
    assert result.exit_status == 0 and "X919" not in result.report.counts


def test_the_night_one_schools_year_ends_its_classes_ended(tmp_path: Path) -> None:
    folder, out = synergy_district(tmp_path), tmp_path / "out"
    assert night(folder, out, dt.date(2027, 5, 20)).exit_status == 0
    result = night(folder, out, dt.date(2027, 5, 28))  # 405's year ended 05-27; 520's runs to 05-28
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert "X937" in result.report.counts and "X906" not in result.report.counts
    assert class_ids(out) == ["520-2003"]


# -- eSchoolPLUS --------------------------------------------------------------------------------------

ESP_NEXT_YEAR = "".join(
    f"{building}^{mp}^{start}^{end}^#!#\n"
    for building in (10, 20)
    for mp, start, end in (
        (1, "08/16/2027", "10/15/2027"),
        (2, "10/18/2027", "12/17/2027"),
        (3, "01/04/2028", "03/10/2028"),
        (4, "03/13/2028", "05/26/2028"),
    )
)


def eschoolplus_district(tmp_path: Path, *, school_year: bool) -> Path:
    """The eSchoolPLUS fixture district with 2027-28's marking periods in REG_MP_DATES;
    without `school_year`, SCHD_MS without its SCHOOL_YEAR column (optional in the profile)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", folder)
    appended(folder / "REG_MP_DATES.txt", ESP_NEXT_YEAR)
    if not school_year:
        sections = folder / "SCHD_MS.txt"
        lines = sections.read_text(encoding="utf-8").splitlines()
        sections.write_text(
            "".join("^".join(cells[:1] + cells[2:]) + "\n" for cells in (line.split("^") for line in lines)),
            encoding="utf-8",
        )
    return folder


def test_eschoolplus_without_school_year_refuses_last_years_classes(tmp_path: Path) -> None:
    python, _ = both_engines(
        tmp_path / "run",
        profile="eschoolplus",
        in_dir=eschoolplus_district(tmp_path, school_year=False),
        as_of=dt.date(2027, 7, 26),
    )
    assert [p.code.id for p in python.problems] == ["X929"]
    assert "in 2027-2028's terms" in python.report.examples["X929"][0].message


def test_eschoolplus_term_on_the_first_of_july_is_not_last_years(tmp_path: Path) -> None:
    """--term rosters the named term of the as-of date's school year (2027-28): the sections,
    2026-27's (SCHOOL_YEAR 2027), are in none of its terms, and nothing is published. The term '1'
    the exports hold ended on 2026-27's dates: the --term is said to name an ended term (X842,
    term56c), the night nothing due (F422), exit 1 for a person to take the --term out."""
    result = api.run(
        api.RunOptions(
            profile="eschoolplus",
            in_dir=eschoolplus_district(tmp_path, school_year=True),
            out_dir=tmp_path / "out",
            as_of=dt.date(2027, 7, 1),
            terms=("1",),
        )
    )
    assert result.exit_status == 1
    assert result.report.counts["X842"] == 1 and "F422" in result.report.counts
    assert not (tmp_path / "out" / "classes.csv").exists()
