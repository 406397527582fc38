"""Next year's schedule exported in spring beside this year's (calendar44, after X929).

A SIS schedules next year in spring: the terms, sections and students' schedule rows of
2027-28 are in the exports beside 2026-27's, the schedule rows dated the day they were added
(eSchoolPLUS SCHD_STU_CRS_DATES.DATE_ADDED 2027-04-15; a Synergy ENTER_DATE before the year).

- May: this year's set, as without next year's rows. Synergy's pick of a term by its dates
  alone took this year's row for next year's sections (the dates contain the as-of date): they
  were published in May as this year's classes, exit 0. A sections export with SCHOOL_YEAR (the
  year Synergy's REV_YEAR names it by, 2026 for 2026-27: `lone_year: start`) picks by year.
- August: next year's set, refused as a rollover (X906) until --allow-rollover. X929 refused it
  as "last year's classes": next year's sections joined by their own SCHOOL_YEAR, or students
  all added in April, months into last year's term, were taken for last year's.
- X929 stays where last year's sections are joined to next year's term: their students began
  with the earlier term (X887 where next year's sections are exported beside them).
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api

MAY, AUGUST = dt.date(2027, 5, 20), dt.date(2027, 8, 16)


def appended(path: Path, lines: str, encoding: str = "utf-8") -> None:
    text = path.read_bytes().decode(encoding)
    path.write_bytes((text.rstrip("\r\n") + "\n" + lines).encode(encoding))


def kept_only(path: Path, keep: str, column: int, *, sep: str, encoding: str = "utf-8") -> None:
    """Keep the header and the rows whose `column` cell starts with `keep`."""
    lines = path.read_bytes().decode(encoding).splitlines(keepends=True)
    path.write_bytes(
        "".join(line for n, line in enumerate(lines) if n == 0 or line.split(sep)[column].startswith(keep)).encode(
            encoding
        )
    )


def night(profile: str, folder: Path, out: Path, as_of: dt.date, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def classes(out: Path) -> dict[str, str]:
    """Published class -> its terms."""
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["termSourcedIds"] for row in csv.DictReader(handle)}


def files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


# -- eSchoolPLUS: SCHD_MS.SCHOOL_YEAR 2028 for next year's sections ---------------------------------


def eschoolplus(tmp_path: Path, name: str, *, this_year: bool = True, school_year: bool = True) -> Path:
    """The eSchoolPLUS fixture district with 2027-28 scheduled on 2027-04-15: its marking
    periods, sections 6001-6005 and their students; without `this_year`, the August export that
    holds only 2027-28's sections and schedules."""
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", folder)
    periods = (("1", "08/16/2027", "10/15/2027"), ("2", "10/18/2027", "12/17/2027"))
    periods += (("3", "01/04/2028", "03/10/2028"), ("4", "03/13/2028", "05/26/2028"))
    appended(folder / "REG_MP_DATES.txt", "".join(f"{b}^{mp}^{s}^{e}^#!#\n" for b in (10, 20) for mp, s, e in periods))
    appended(
        folder / "SCHD_MS.txt",
        "6001^2028^10^KDG^01^Kindergarten^N^#!#\n6002^2028^20^ENG11^02^English 11^N^#!#\n"
        "6004^2028^20^HIS^03^World History^N^#!#\n6005^2028^20^ART^02^Art II^N^#!#\n",
    )
    appended(
        folder / "SCHD_MS_MP.txt",
        "".join(f"6001^{mp}^#!#\n" for mp in "1234") + "6002^1^#!#\n6002^2^#!#\n6004^1^#!#\n6004^2^#!#\n"
        "6005^3^#!#\n6005^4^#!#\n",
    )
    appended(folder / "SCHD_MS_SESSION.txt", "6001^1^1501^1^7^#!#\n6002^1^1502^2^2^#!#\n6004^1^1502^3^3^#!#\n")
    appended(
        folder / "SCHD_STU_CRS_DATES.txt",
        "600101^6001^04/15/2027^^#!#\n600102^6002^04/15/2027^^#!#\n600105^6004^04/15/2027^^#!#\n"
        "600105^6005^04/15/2027^^#!#\n",
    )
    if not school_year:
        sections = folder / "SCHD_MS.txt"
        lines = sections.read_text(encoding="cp1252").splitlines()
        cells = (line.split("^") for line in lines)
        sections.write_text("".join("^".join(c[:1] + c[2:]) + "\n" for c in cells), encoding="cp1252")
    if not this_year:
        for file, column in (("SCHD_MS", 0), ("SCHD_MS_MP", 0), ("SCHD_MS_SESSION", 0), ("SCHD_STU_CRS_DATES", 1)):
            kept_only(folder / f"{file}.txt", "6", column, sep="^", encoding="cp1252")
    return folder


def test_eschoolplus_may_publishes_this_years_set_as_without_next_years_rows(tmp_path: Path) -> None:
    alone = night("eschoolplus", FIXTURES / "eschoolplus" / "district" / "in", tmp_path / "alone", MAY)
    both = night("eschoolplus", eschoolplus(tmp_path, "in"), tmp_path / "both", MAY)
    assert (alone.exit_status, both.exit_status) == (0, 0)
    assert files(tmp_path / "both") == files(tmp_path / "alone")


def test_eschoolplus_august_is_next_years_set_not_last_years_classes(tmp_path: Path) -> None:
    """Both exports of August, with last year's rows still in them and without: next year's
    sections, named 2028, joined 2027-28's marking periods by their year."""
    for this_year in (True, False):
        python, _ = both_engines(
            tmp_path / f"first-{this_year}",
            profile="eschoolplus",
            in_dir=eschoolplus(tmp_path, f"in-{this_year}", this_year=this_year),
            as_of=AUGUST,
        )
        assert python.exit_status == 0, [p.message for p in python.problems]
        assert "X929" not in python.report.counts
        assert classes(tmp_path / f"first-{this_year}" / "python") == {
            "6001": "10-1,10-2,10-3,10-4",
            "6002": "20-1,20-2",
            "6004": "20-1,20-2",
        }


def test_eschoolplus_may_then_august_is_a_rollover(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert night("eschoolplus", eschoolplus(tmp_path, "may"), out, MAY).exit_status == 0
    august = eschoolplus(tmp_path, "august", this_year=False)
    refused = night("eschoolplus", august, out, AUGUST)
    assert refused.exit_status == 1
    assert "X906" in refused.report.counts and "X929" not in refused.report.counts
    assert set(classes(out)) == {"5001", "5005"}
    assert night("eschoolplus", august, out, AUGUST, allow_rollover=True).exit_status == 0
    assert set(classes(out)) == {"6001", "6002", "6004"}


def test_eschoolplus_without_school_year_students_added_in_april_are_next_years(tmp_path: Path) -> None:
    """No SCHOOL_YEAR: the dates pick 2027-28's rows; the students, added on 2027-04-15, months
    after last year's marking period 1 began, are next year's schedule, not last year's."""
    python, _ = both_engines(
        tmp_path / "run",
        profile="eschoolplus",
        in_dir=eschoolplus(tmp_path, "in", this_year=False, school_year=False),
        as_of=AUGUST,
    )
    assert python.exit_status == 0, [p.message for p in python.problems]
    assert set(classes(tmp_path / "run" / "python")) == {"6001", "6002", "6004"}


def test_eschoolplus_without_school_year_last_years_sections_are_still_refused(tmp_path: Path) -> None:
    """Both years' sections, no SCHOOL_YEAR: last year's join 2027-28's periods by their dates,
    their students began with last year's marking period 1 (08/17/2026), refused for those alone;
    next year's are beside them, so it is X887 (the exports hold both years), not X929 (tester53 F5)."""
    result = night("eschoolplus", eschoolplus(tmp_path, "in", school_year=False), tmp_path / "out", AUGUST)
    assert [p.code.id for p in result.problems] == ["X887"]
    message = result.report.examples["X887"][0].message
    assert message.startswith("3 classes would be published in 2027-2028's terms")  # 5001, 5002, 5004
    assert "first: class 5001" in message


# -- Synergy: sections.csv SCHOOL_YEAR 2027 for next year's (REV_YEAR names a year by its start) ----

SYNERGY_NEXT_YEAR_TERMS = (
    "405,YR,Year,2027-08-12 00:00:00,2028-05-26 00:00:00\n"
    "520,YR,Year,2027-08-12 00:00:00,2028-05-26 00:00:00\n"
    "520,S1,Semester 1,2027-08-12 00:00:00,2027-12-17 00:00:00\n"
    "520,S2,Semester 2,2028-01-04 00:00:00,2028-05-26 00:00:00\n"
)
SYNERGY_NEXT_YEAR_SECTIONS = (
    "1101,405,ELEM5,Grade 5 General,YR,0,e10021,12\n1102,405,ELEM1,Grade 1 General,YR,2,e10021,3\n"
    "2101,520,ENG12,English 12,S1,1,e20033,204\n2103,520,PHYS,Physics,S2,3,e20044,Lab\n"
)


def synergy(tmp_path: Path, name: str, *, this_year: bool = True, school_year: bool = True) -> Path:
    """The Synergy fixture district with 2027-28 scheduled in spring: its terms, sections 1101,
    1102, 2101, 2103 and their students (ENTER_DATE 2027-04-15); with `school_year`,
    sections.csv names each section's year as Synergy does (2026 for 2026-27)."""
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "synergy" / "district" / "in", folder)
    appended(folder / "terms.csv", SYNERGY_NEXT_YEAR_TERMS)
    appended(folder / "sections.csv", SYNERGY_NEXT_YEAR_SECTIONS)
    added = "2027-04-15 00:00:00,,N"
    appended(
        folder / "classes.csv",
        "".join(
            f"{student},{school},{section},{added}\n"
            for student, school, section in (
                ("970001234", 405, 1101),
                ("970001302", 405, 1102),
                ("970001235", 520, 2101),
                ("970001235", 520, 2103),
                ("970001300", 520, 2101),
            )
        ),
    )
    if school_year:
        sections = folder / "sections.csv"
        header, *rows = sections.read_text(encoding="utf-8").splitlines()
        named = [f"{row},{2027 if row[1] == '1' else 2026}" for row in rows]
        sections.write_text("\n".join([header + ",SCHOOL_YEAR", *named]) + "\n", encoding="utf-8")
    if not this_year:
        for file, column in (("sections.csv", 0), ("classes.csv", 2)):
            lines = (folder / file).read_text(encoding="utf-8").splitlines(keepends=True)
            (folder / file).write_text(
                "".join(line for n, line in enumerate(lines) if n == 0 or line.split(",")[column][1] == "1"),
                encoding="utf-8",
            )
    return folder


def test_synergy_may_publishes_this_years_set_as_without_next_years_rows(tmp_path: Path) -> None:
    alone = night("synergy", FIXTURES / "synergy" / "district" / "in", tmp_path / "alone", MAY)
    python, _ = both_engines(tmp_path / "both", profile="synergy", in_dir=synergy(tmp_path, "in"), as_of=MAY)
    assert (alone.exit_status, python.exit_status) == (0, 0)
    assert set(classes(tmp_path / "both" / "python")) == {"405-1001", "405-1002", "520-2003"}  # no 1101, 2103
    assert files(tmp_path / "both" / "python") == files(tmp_path / "alone")


def test_synergy_may_then_august_is_a_rollover(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert night("synergy", synergy(tmp_path, "may"), out, MAY).exit_status == 0
    for august in (synergy(tmp_path, "august-both"), synergy(tmp_path, "august", this_year=False)):
        refused = night("synergy", august, out, dt.date(2027, 8, 12))
        assert refused.exit_status == 1
        assert "X906" in refused.report.counts and "X929" not in refused.report.counts
        assert set(classes(out)) == {"405-1001", "405-1002", "520-2003"}
    assert night("synergy", august, out, dt.date(2027, 8, 12), allow_rollover=True).exit_status == 0
    assert classes(out) == {"405-1101": "405-YR", "405-1102": "405-YR", "520-2101": "520-S1"}


def test_synergy_without_school_year_next_years_sections_alone_are_published(tmp_path: Path) -> None:
    """The August export holds 2027-28's sections only, without SCHOOL_YEAR: the dates pick
    2027-28's rows, and students added in April are no sign of last year's."""
    python, _ = both_engines(
        tmp_path / "run",
        profile="synergy",
        in_dir=synergy(tmp_path, "in", this_year=False, school_year=False),
        as_of=dt.date(2027, 8, 12),
    )
    assert python.exit_status == 0, [p.message for p in python.problems]
    assert set(classes(tmp_path / "run" / "python")) == {"405-1101", "405-1102", "520-2101"}
