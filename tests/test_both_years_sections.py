"""The rollover night with both school years' sections exported and no school-year column
(tester53 F5).

In August the SIS has rolled over: the sections and rosters exports hold 2027-28's sections
(rosters starting on its first day) beside 2026-27's, whose roster rows were left open, and the
terms export both years' rows under one name. Without the school-year column the profile's
`pick: {year}` reads (Illuminate mastschd's AcademicYear, eSchoolPLUS SCHD_MS's SCHOOL_YEAR,
both optional), last year's sections join next year's term by their dates. Refusing is right;
but X929 said "the SIS has not rolled over yet" and its next step was to wait for the rollover,
every night, forever. Now the two cases are told apart:

- both years' sections: X887, naming the column the profile's pick reads and its export, or
  one school year's sections, as the fix; no option publishes the set;
- last year's sections only: X929, whose fix is the new year's exports.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from tests.test_next_year_scheduled_in_spring import AUGUST, eschoolplus
from transform import api
from transform.report.summary import next_step

ROLLOVER = dt.date(2027, 8, 10)


def illuminate(tmp_path: Path, *, next_years: bool, academic_year: bool = False) -> Path:
    """The Illuminate fixture district on the eve of 2027-28: terms.txt holds each site's terms of
    both years; with `next_years`, mastschd.txt and roster.txt hold 2027-28's sections too (N-K1
    at site 101, N-E12 at 201), rostered from 08/16/2027. Without `academic_year`, mastschd.txt
    lacks its AcademicYear column (optional in the profile)."""
    folder = tmp_path / ("both" if next_years else "last")
    shutil.copytree(FIXTURES / "illuminate" / "district" / "in", folder)

    def append(name: str, rows: list[list[str]]) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "".join("\t".join(row) + "\r\n" for row in rows), encoding="utf-8")

    append(
        "terms.txt",
        [
            ["101", "Year", "08/16/2027", "06/09/2028"],
            ["201", "Fall", "08/16/2027", "12/17/2027"],
            ["201", "Spring", "01/04/2028", "06/09/2028"],
        ],
    )
    if next_years:
        append(
            "mastschd.txt",
            [
                ["N-K1", "101", "Year", "K100", "u1001", "AM", "2027-2028", "1", "", "", "", "08/16/2027", "", "Y"],
                ["N-E12", "201", "Fall", "E12", "u2001", "1", "2027-2028", "204", "", "", "", "08/16/2027", "", "Y"],
            ],
        )
        student = ("300003", "CA3", "Reyes", "Tomas", "", "04/04/2022")
        senior = ("300002", "CA2", "Okoro", "Ada", "N.", "09/30/2008")
        append(
            "roster.txt",
            [
                [*student, "N-K1", "101", "K100", "u1001", "08/16/2027", "", "1", "2027-2028"],
                [*senior, "N-E12", "201", "E12", "u2001", "08/16/2027", "", "13", "2027-2028"],
            ],
        )
    if not academic_year:
        sections = folder / "mastschd.txt"
        lines = sections.read_text(encoding="utf-8").splitlines()
        sections.write_text(
            "".join("\t".join(c[:6] + c[7:]) + "\r\n" for c in (line.split("\t") for line in lines)), encoding="utf-8"
        )
    return folder


def test_illuminate_both_years_without_academic_year_names_the_column_to_export(tmp_path: Path) -> None:
    python, _ = both_engines(
        tmp_path / "run", profile="illuminate", in_dir=illuminate(tmp_path, next_years=True), as_of=ROLLOVER
    )
    assert python.exit_status == 1
    assert [p.code.id for p in python.problems] == ["X887"]
    message = python.problems[0].message
    assert message.startswith("3 classes would be published in 2027-2028's terms")  # S-E12, S-K1, S-PK1
    assert "beside 2 classes of 2027-2028 (first: class N-E12, mastschd.txt line " in message
    assert "(mastschd.txt has no AcademicYear column)" in message
    assert "the SIS has rolled over" in message and "not rolled over" not in message
    assert "export the AcademicYear column of mastschd.txt (the profile's pick: year reads it)" in message
    step = next_step(python, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert step == (
        "Next: Export the AcademicYear column of mastschd.txt (the profile's pick: year reads it), or one school "
        "year's sections and schedules (the new year's), and rerun."
    )
    assert not (tmp_path / "run" / "python" / "classes.csv").exists()


def test_illuminate_both_years_is_refused_whatever_the_options(tmp_path: Path) -> None:
    exports, out = illuminate(tmp_path, next_years=True), tmp_path / "out"
    for options in ({}, {"allow_rollover": True}, {"allow_incomplete": True}):
        result = api.run(
            api.RunOptions(profile="illuminate", in_dir=exports, out_dir=out, as_of=ROLLOVER, **options)  # type: ignore[arg-type]
        )
        assert [p.code.id for p in result.problems] == ["X887"] and result.exit_status == 1
        assert not out.exists()


def test_illuminate_both_years_with_academic_year_publishes_next_years_classes(tmp_path: Path) -> None:
    """The fix X887 names: with AcademicYear, each section joins its own year's term."""
    python, _ = both_engines(
        tmp_path / "run",
        profile="illuminate",
        in_dir=illuminate(tmp_path, next_years=True, academic_year=True),
        as_of=ROLLOVER,
    )
    assert python.exit_status == 0, [p.message for p in python.problems]
    classes = (tmp_path / "run" / "python" / "classes.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(line.split(",", 1)[0] for line in classes) == ["N-E12", "N-K1"]


def test_illuminate_last_years_sections_only_is_x929_with_the_new_years_exports_as_fix(tmp_path: Path) -> None:
    python, _ = both_engines(
        tmp_path / "run", profile="illuminate", in_dir=illuminate(tmp_path, next_years=False), as_of=ROLLOVER
    )
    assert [p.code.id for p in python.problems] == ["X929"]
    message = python.problems[0].message
    assert "still hold last year's sections only, none of them next year's" in message
    assert "the SIS has not rolled over yet, or the export jobs still read last year" in message
    step = next_step(python, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert step.startswith("Next: The exports hold last year's sections only: export the new school year's")
    assert "export AcademicYear (mastschd.txt) with them" in step


def test_eschoolplus_both_years_without_school_year_names_school_year(tmp_path: Path) -> None:
    """eSchoolPLUS: next year's sections 6001-6005 scheduled in April beside this year's, SCHD_MS
    downloaded without SCHOOL_YEAR: the column is read through the profile's `section` join."""
    python, _ = both_engines(
        tmp_path / "run", profile="eschoolplus", in_dir=eschoolplus(tmp_path, "in", school_year=False), as_of=AUGUST
    )
    assert [p.code.id for p in python.problems] == ["X887"]
    message = python.problems[0].message
    assert message.startswith("3 classes would be published in 2027-2028's terms")  # 5001, 5002, 5004
    assert "(SCHD_MS.txt has no SCHOOL_YEAR column)" in message
    assert "export the SCHOOL_YEAR column of SCHD_MS.txt" in message
    assert "beside 3 classes of 2027-2028 (first: class 6001, " in message


def test_eschoolplus_last_years_sections_only_is_x929(tmp_path: Path) -> None:
    """The same district without next year's sections: last year's only, X929, naming SCHOOL_YEAR
    in its step for when both years are exported."""
    folder = eschoolplus(tmp_path, "in", school_year=False)
    for file, column in (("SCHD_MS", 0), ("SCHD_MS_MP", 0), ("SCHD_MS_SESSION", 0), ("SCHD_STU_CRS_DATES", 1)):
        path = folder / f"{file}.txt"
        lines = path.read_bytes().decode("cp1252").splitlines(keepends=True)
        kept = [line for n, line in enumerate(lines) if n == 0 or not line.split("^")[column].startswith("6")]
        path.write_bytes("".join(kept).encode("cp1252"))
    python, _ = both_engines(tmp_path / "run", profile="eschoolplus", in_dir=folder, as_of=AUGUST)
    assert [p.code.id for p in python.problems] == ["X929"]
    step = next_step(python, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert "export SCHOOL_YEAR (SCHD_MS.txt) with them" in step
