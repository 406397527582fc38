"""Next year's terms in the terms export under this year's codes (tester17 F8). A SIS set up in
spring for scheduling exports next year's terms beside this year's: Synergy's TERM_CODE, an
eSchoolPLUS building's MARKING_PERIOD and an Illuminate term name repeat every year. The joins on
school + code matched two rows that disagree (D327), joined nothing, and this year's running
classes were left out with warnings only (exit 0); on the new year's first day every class was,
and the run said "nothing to publish until next year's terms are in the exports" (F422).

The joins now say `pick:`: a section naming its school year (eSchoolPLUS SCHD_MS.SCHOOL_YEAR,
Illuminate AcademicYear) takes the term of that year; one naming none takes the row whose dates
contain the as-of date, else the next to start, else the last to end, and the report says so
(I275)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.pipeline import lookups
from transform.pipeline.rows import SourceRow
from transform.profile.compile import PickPlan
from transform.report.report import Report


def titles(out: Path) -> dict[str, str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["title"] for row in csv.DictReader(handle)}


def added(folder: Path, name: str, lines: str) -> None:
    path = folder / name
    text = path.read_bytes().decode("cp1252")
    path.write_bytes((text.rstrip("\r\n") + "\n" + lines).encode("cp1252"))


def published_alone(case: str, profile: str, as_of: dt.date, tmp_path: Path) -> dict[str, str]:
    """The classes the fixture district's own exports (this year's terms only) publish."""
    result = api.run(
        api.RunOptions(profile=profile, in_dir=FIXTURES / case / "in", out_dir=tmp_path / "alone", as_of=as_of)
    )
    assert result.exit_status == 0
    return titles(tmp_path / "alone")


# -- Synergy: no export names the year; the dates pick ---------------------------------------------

SYNERGY_NEXT_YEAR = (
    "405,YR,Year,2027-08-12 00:00:00,2028-05-26 00:00:00\n"
    "520,YR,Year,2027-08-12 00:00:00,2028-05-26 00:00:00\n"
    "520,S1,Semester 1,2027-08-12 00:00:00,2027-12-17 00:00:00\n"
)


def test_synergy_next_years_terms_leave_this_years_classes_in(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", folder)
    added(folder, "terms.csv", SYNERGY_NEXT_YEAR)
    as_of = dt.date(2026, 9, 14)
    python, _ = both_engines(tmp_path / "run", profile="synergy", in_dir=folder, as_of=as_of)
    assert python.exit_status == 0
    assert titles(tmp_path / "run" / "python") == published_alone("synergy/district", "synergy", as_of, tmp_path)
    assert "D327" not in python.report.counts and "D300" not in python.report.counts
    assert python.report.counts["I275"] == 3  # 405+YR, 520+YR, 520+S1: this year's row taken
    picked = python.report.examples["I275"]
    assert "contain the as-of date 2026-09-14" in picked[0].message


def synergy_rollover(tmp_path: Path) -> Path:
    """A school of one teacher and one student: 2026-27's year-long English, next year's terms
    and English already scheduled (Synergy exports both years' terms under YR)."""
    folder = tmp_path / "syn"
    folder.mkdir()
    files = {
        "schools.csv": "SCHOOL_CODE,SCHOOL_NAME\n520,Lakeview High\n",
        "students.csv": "SIS_NUMBER,SCHOOL_CODE,LAST_NAME,FIRST_NAME,GRADE,BIRTH_DATE\n1,520,Ames,Ada,09,2012-03-04\n",
        "staff.csv": 'BADGE_NUM,SCHOOL_CODE,STAFF_NAME,EMAIL\ne1,520,"BERG, ELI",eli@lakeview.example\n',
        "sections.csv": "SECTION_ID,SCHOOL_CODE,COURSE_ID,COURSE_TITLE,TERM_CODE,PERIOD_BEGIN,BADGE_NUM\n"
        "1001,520,ENG,English 26-27,YR,1,e1\n2001,520,ENG,English 27-28,YR,1,e1\n",
        "classes.csv": "SIS_NUMBER,SCHOOL_CODE,SECTION_ID,ENTER_DATE,LEAVE_DATE\n"
        "1,520,1001,2026-08-13,2027-05-28\n1,520,2001,2027-08-12,\n",
        "terms.csv": "SCHOOL_CODE,TERM_CODE,TERM_NAME,START_DATE,END_DATE\n"
        "520,YR,Year,2026-08-13,2027-05-28\n520,YR,Year,2027-08-12,2028-05-26\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("as_of", "published", "why"),
    [
        (dt.date(2027, 2, 1), "520-1001", "whose dates contain the as-of date 2027-02-01"),
        (dt.date(2027, 8, 12), "520-2001", "whose dates contain the as-of date 2027-08-12"),
        (dt.date(2027, 7, 1), None, "the next to start after 2027-07-01"),
    ],
)
def test_synergy_rollover_publishes_the_as_of_dates_year(
    tmp_path: Path, as_of: dt.date, published: str | None, why: str
) -> None:
    python, _ = both_engines(tmp_path / "run", profile="synergy", in_dir=synergy_rollover(tmp_path), as_of=as_of)
    assert "F422" not in python.report.counts  # not "nothing to publish until next year's terms are in"
    assert "D327" not in python.report.counts
    (picked,) = python.report.examples["I275"]
    assert why in picked.message
    if published:
        assert python.exit_status == 0
        assert list(titles(tmp_path / "run" / "python")) == [published]


# -- eSchoolPLUS: SCHD_MS.SCHOOL_YEAR names the year (2027 = 2026-27) -------------------------------


def test_eschoolplus_section_takes_the_marking_period_of_its_school_year(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", folder)
    added(folder, "REG_MP_DATES.txt", "20^1^08/16/2027^10/15/2027^#!#\n20^2^10/18/2027^12/17/2027^#!#\n")
    added(folder, "SCHD_MS.txt", "6002^2028^20^ENG11^02^English 11^N^#!#\n")
    added(folder, "SCHD_MS_MP.txt", "6002^1^#!#\n")
    added(folder, "SCHD_MS_SESSION.txt", "6002^1^1502^2^2^#!#\n")
    added(folder, "SCHD_STU_CRS_DATES.txt", "600102^6002^^^#!#\n")  # no date: the period's year decides
    as_of = dt.date(2026, 10, 1)
    python, _ = both_engines(tmp_path / "run", profile="eschoolplus", in_dir=folder, as_of=as_of)
    assert python.exit_status == 0
    # this year's classes of building 20 stay; 2027-28's English 11 is next year's, not today's
    assert titles(tmp_path / "run" / "python") == published_alone(
        "eschoolplus/district", "eschoolplus", as_of, tmp_path
    )
    assert "D327" not in python.report.counts and "D300" not in python.report.counts


# -- Illuminate: mastschd's AcademicYear names the year; terms.txt only dates -----------------------


def test_illuminate_section_takes_the_term_of_its_academic_year(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "illuminate" / "district" / "in", folder)
    added(folder, "terms.txt", "101\tYear\t08/16/2027\t06/09/2028\n")
    added(folder, "mastschd.txt", "S-K9\t101\tYear\tK100\tu1001\tAM\t2027-2028\t1\t\t\t\t08/16/2027\t\tY\n")
    added(folder, "roster.txt", "300001\tCA1\tNguyen\tBao\t\t01/15/2021\tS-K9\t101\tK100\tu1001\t\t\n")
    as_of = dt.date(2026, 10, 20)
    python, _ = both_engines(tmp_path / "run", profile="illuminate", in_dir=folder, as_of=as_of)
    assert python.exit_status == 0
    assert titles(tmp_path / "run" / "python") == published_alone("illuminate/district", "illuminate", as_of, tmp_path)
    assert "D327" not in python.report.counts and "D300" not in python.report.counts


# -- the pick itself ---------------------------------------------------------------------------------


def terms_index(lines: list[str], as_of: dt.date, report: Report) -> lookups.Index:
    header = {"school": 0, "code": 1, "start": 2, "end": 3}
    rows = [SourceRow("terms.csv", n, line.split(","), header) for n, line in enumerate(lines, start=2)]
    return lookups.build_index(
        rows,
        source="terms",
        key=("school", "code"),
        columns=("start", "end"),
        report=report,
        pick=PickPlan("start", "end"),
        as_of=as_of,
        parse_date=lambda text: dt.date.fromisoformat(text) if text else None,
    )


def test_two_rows_running_on_the_as_of_date_still_join_nothing() -> None:
    """Two calendars of one school naming a term alike, both running: the dates cannot tell
    which a class meant (D327, as before)."""
    report = Report()
    index = terms_index(["1,Q1,2026-08-17,2026-10-16", "1,Q1,2026-09-08,2026-11-06"], dt.date(2026, 10, 1), report)
    assert index.find(("1", "Q1")) is None
    assert report.counts == {"D327": 1}


def test_between_years_this_years_row_else_the_next_to_start_else_the_last_to_end() -> None:
    """Until 1 July the sections are still the ended year's: its row (tester43 F3); from 1 July
    the next to start; past every row, the last to end."""
    lines = ["1,YR,2026-08-13,2027-05-28", "1,YR,2027-08-12,2028-05-26"]
    report = Report()
    assert terms_index(lines, dt.date(2027, 6, 15), report).find(("1", "YR")) == {
        "start": "2026-08-13",
        "end": "2027-05-28",
    }
    assert "of the as-of date's school year 2026-2027, ended by 2027-06-15" in report.examples["I275"][0].message
    assert terms_index(lines, dt.date(2027, 7, 1), Report()).find(("1", "YR")) == {
        "start": "2027-08-12",
        "end": "2028-05-26",
    }
    assert terms_index(lines, dt.date(2028, 6, 15), Report()).find(("1", "YR")) == {
        "start": "2027-08-12",
        "end": "2028-05-26",
    }
    assert terms_index(lines, dt.date(2026, 1, 5), Report()).find(("1", "YR")) == {
        "start": "2026-08-13",
        "end": "2027-05-28",
    }


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("2026-2027", "2026-2027"),
        ("2026-27", "2026-2027"),
        ("2026/27", "2026-2027"),
        ("2027", "2026-2027"),
        ("1999-00", "1999-2000"),
        ("2026-2028", "2026-2028"),
        ("next", "next"),
    ],
)
def test_a_rows_school_year_as_the_key_holds_it(written: str, key: str) -> None:
    assert lookups.school_year_named(written) == key
