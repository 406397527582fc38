"""A year-round school whose next school year starts in June (tester73 F5), Synergy.

Synergy's terms export holds next year's terms beside this year's under the same TERM_CODEs, and
sections.csv names each section's year (SCHOOL_YEAR 2026 for 2026-27). The join (`pick: {year}`)
names a term row's school year by its first day, July to June: school 405's 2027-28 year, from 28
June 2027, was "2026-27" too. Last year's sections took next year's row (the one the date picks)
and were published all summer as current, with last year's students, at exit 0; next year's
sections joined no row (D300, a warning). Two rows of one term code a school year apart are two
school years: the later is the next year's row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
