"""A year-round school whose next school year starts in June (tester73 F5), Synergy.

Synergy's terms export holds next year's terms beside this year's under the same TERM_CODEs, and
sections.csv names each section's year (SCHOOL_YEAR 2026 for 2026-27). The join (`pick: {year}`)
names a term row's school year by its first day, July to June: school 405's 2027-28 year, from 28
June 2027, was "2026-27" too. Last year's sections took next year's row (the one the date picks)
and were published all summer as current, with last year's students, at exit 0; next year's
sections joined no row (D300, a warning). A year-long row's school year is the one most of it
falls in, and another row's that of its school's year-long row holding its first day: 2027-28's
rows from 28 June are 2027-28's. The same for a school whose year starts in late June every year
(reviewer92 R4: all its classes were left out, D300); a summer session after a school's year, which
no year-long row holds, keeps the year of its first day (reviewer92 R3: a June session of Synergy's
2026-27, SCHOOL_YEAR 2026, stays published).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_next_year_scheduled_in_spring import classes, night, synergy

THIS_YEAR_405 = ("405,YR,Year,2026-08-13 00:00:00,2027-05-27", "405,YR,Year,2026-07-13 00:00:00,2027-06-18")
NEXT_YEAR_405 = ("405,YR,Year,2027-08-12 00:00:00,2028-05-26", "405,YR,Year,2027-06-28 00:00:00,2028-06-16")


def year_round(tmp_path: Path) -> Path:
    """The spring-scheduled Synergy district (both years' terms, sections and schedules), its
    school 405 year-round: 2026-27 from 13 July 2026 to 18 June 2027, 2027-28 from 28 June 2027."""
    folder = synergy(tmp_path, "in")
    terms = folder / "terms.csv"
    text = terms.read_bytes().decode("utf-8")
    for before, after in (THIS_YEAR_405, NEXT_YEAR_405):
        assert before in text
        text = text.replace(before, after)
    terms.write_bytes(text.encode("utf-8"))
    return folder


def test_next_years_sections_are_published_from_a_june_start_not_last_years(tmp_path: Path) -> None:
    """1 July 2027: school 405's 2027-28 year has begun. Its classes are next year's sections
    (1101, 1102, SCHOOL_YEAR 2027), in next year's term; last year's (1001, 1002) are not."""
    out = tmp_path / "out"
    result = night("synergy", year_round(tmp_path), out, dt.date(2027, 7, 1))
    assert result.exit_status == 0, [p.message for p in result.problems]
    published = {class_id: terms for class_id, terms in classes(out).items() if class_id.startswith("405-")}
    assert published == {"405-1101": "405-YR", "405-1102": "405-YR"}
    assert "D300" not in result.report.counts


def test_this_years_sections_are_published_while_its_year_runs(tmp_path: Path) -> None:
    """1 June 2027: school 405's 2026-27 year still runs; its classes are this year's sections."""
    out = tmp_path / "out"
    result = night("synergy", year_round(tmp_path), out, dt.date(2027, 6, 1))
    assert result.exit_status == 0, [p.message for p in result.problems]
    published = {class_id for class_id in classes(out) if class_id.startswith("405-")}
    assert published == {"405-1001", "405-1002"}


def with_school_year(tmp_path: Path) -> Path:
    """The Synergy fixture district, sections.csv naming each section's year (2026 for 2026-27)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", folder)
    sections = folder / "sections.csv"
    header, *rows = sections.read_bytes().decode("utf-8").splitlines()
    sections.write_bytes("\n".join([f"{header},SCHOOL_YEAR", *(f"{row},2026" for row in rows if row), ""]).encode())
    return folder


def test_a_school_whose_year_starts_in_late_june_every_year_keeps_its_classes(tmp_path: Path) -> None:
    """Reviewer92 R4: school 405's only year runs from 29 June 2026 to 18 June 2027 (no next year in
    the export). Its sections (SCHOOL_YEAR 2026) join that row: published on 1 September."""
    folder = with_school_year(tmp_path)
    terms = folder / "terms.csv"
    text = terms.read_bytes().decode("utf-8")
    assert THIS_YEAR_405[0] in text
    terms.write_bytes(text.replace(THIS_YEAR_405[0], "405,YR,Year,2026-06-29 00:00:00,2027-06-18").encode())
    result = night("synergy", folder, tmp_path / "out", dt.date(2026, 9, 1))
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert {"405-1001", "405-1002"} <= set(classes(tmp_path / "out"))
    assert "D300" not in result.report.counts


def test_a_june_summer_session_of_this_year_keeps_its_class(tmp_path: Path) -> None:
    """Reviewer92 R3: school 520 runs a summer session each year under TERM_CODE SU, last summer's
    from 6 July 2026, this one's from 21 June 2027 (to 29 July), section 2901 of Synergy's 2026-27
    (SCHOOL_YEAR 2026). On 28 June 2027 it is this summer's row's class: published."""
    folder = with_school_year(tmp_path)
    with (folder / "sections.csv").open("a", encoding="utf-8") as handle:
        handle.write("2901,520,SUMENG,Summer English,SU,1,e20033,204,2026\n")
    with (folder / "terms.csv").open("a", encoding="utf-8") as handle:
        handle.write("520,SU,Summer 2026,2026-07-06 00:00:00,2026-07-30 00:00:00\n")
        handle.write("520,SU,Summer 2027,2027-06-21 00:00:00,2027-07-29 00:00:00\n")
    with (folder / "classes.csv").open("a", encoding="utf-8") as handle:
        handle.write("970001235,520,2901,2027-06-21 00:00:00,,N\n")
    result = night("synergy", folder, tmp_path / "out", dt.date(2027, 6, 28))
    assert result.exit_status == 0, [p.message for p in result.problems]
    assert classes(tmp_path / "out").get("520-2901") == "520-SU"
