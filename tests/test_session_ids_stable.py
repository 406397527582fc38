"""A term keeps its session ID whatever other years the terms export holds (tester68 F1, F2).

Illuminate's terms.txt names no year, and many districts' keeps last year's terms under the same
names. The strict target gives each pair of dates under one built ID a session of its own (V602),
the earliest keeping the ID: with last year's rows there, this year's Fall was
"201-Fall-2026-08-17"; the night they left the export it became "201-Fall", every class's terms
rewritten at exit 0 (a strict consumer deletes and recreates every term). And at the semester
change the gate compared the last set's "201-Fall-2026-08-17" with the term filter's "201-Fall"
and refused the calendar's own removal (X948, X906) every night until --allow-rollover, while
the Remind target of the same exports published (X937).

A term the last published set has keeps the ID that set gave it, and the gate reads the last
set's classes by the terms the export names."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from tests.test_calendar_moves import codes_of
from transform import api

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LAST_YEAR = (
    "101\tYear\t08/18/2025\t06/05/2026",
    "201\tFall\t08/18/2025\t12/19/2025",
    "201\tSpring\t01/06/2026\t06/05/2026",
)
NEXT_YEAR = ("101\tYear\t08/16/2027\t06/09/2028", "201\tFall\t08/16/2027\t12/17/2027")


def exports_of(tmp_path: Path) -> Path:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "illuminate" / "district" / "in", exports)
    return exports


def terms_holding(exports: Path, *years: tuple[str, ...]) -> None:
    """terms.txt with this year's terms and the rows of `years` (last year's, next year's)."""
    path = exports / "terms.txt"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "/2026\t" in line or "Term" in line]
    path.write_text("\n".join([*lines, *(row for year in years for row in year)]) + "\n", encoding="utf-8")


def night(exports: Path, out: Path, as_of: str, *, target: str, engine: str = "python") -> api.RunResult:
    """The nightly run at 02:30 on `as_of`, the exports written an hour before."""
    now = dt.datetime.fromisoformat(f"{as_of}T02:30:00+00:00")
    for path in exports.iterdir():
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    options = api.RunOptions(
        profile="illuminate", in_dir=exports, out_dir=out, as_of=now.date(), now=now, engine=engine, target=target
    )
    return api.run(options)


def column(out: Path, table: str, name: str) -> dict[str, str]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row[name] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_this_years_terms_keep_their_ids_as_last_years_rows_leave_and_return(tmp_path: Path, engine: str) -> None:
    exports, out = exports_of(tmp_path), tmp_path / "out"
    terms_holding(exports, LAST_YEAR)
    first = night(exports, out, "2026-10-20", target="oneroster", engine=engine)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    sessions, terms = column(out, "academicSessions", "startDate"), column(out, "classes", "termSourcedIds")
    assert sessions == {
        "101-Year-2026-08-17": "2026-08-17",
        "201-Fall-2026-08-17": "2026-08-17",
        "schoolyear-2027": "2026-08-17",
    }
    assert terms["S-E12"] == "201-Fall-2026-08-17"
    for as_of, years in (("2026-10-21", ()), ("2026-10-22", (LAST_YEAR,)), ("2026-10-23", (NEXT_YEAR,))):
        terms_holding(exports, *years)
        result = night(exports, out, as_of, target="oneroster", engine=engine)
        assert result.exit_status == 0, (as_of, [str(p) for p in result.problems])
        assert column(out, "academicSessions", "startDate") == sessions, as_of
        assert column(out, "classes", "termSourcedIds") == terms, as_of


def test_a_first_set_of_one_year_keeps_its_ids_when_next_years_terms_arrive(tmp_path: Path) -> None:
    exports, out = exports_of(tmp_path), tmp_path / "out"
    assert night(exports, out, "2026-10-20", target="oneroster").exit_status == 0
    terms = column(out, "classes", "termSourcedIds")
    assert terms["S-E12"] == "201-Fall"
    for as_of, years in (("2026-10-21", (LAST_YEAR, NEXT_YEAR)), ("2026-10-22", (NEXT_YEAR,))):
        terms_holding(exports, *years)
        result = night(exports, out, as_of, target="oneroster")
        assert result.exit_status == 0, (as_of, [str(p) for p in result.problems])
        assert column(out, "classes", "termSourcedIds") == terms, as_of
        assert set(column(out, "academicSessions", "startDate")) == {"101-Year", "201-Fall", "schoolyear-2027"}


@pytest.mark.parametrize("target", ["oneroster", "remind"])
def test_the_semester_change_is_the_calendars_in_both_targets(tmp_path: Path, target: str) -> None:
    """Fall (S-E12) ends 12-18 while terms.txt holds last year's Fall too: the night after, the
    class goes as the calendar's (X937), not as moved to an ended term (X948, X906)."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    terms_holding(exports, LAST_YEAR)
    assert night(exports, out, "2026-12-17", target=target).exit_status == 0
    assert "S-E12" in column(out, "classes", "termSourcedIds")
    said = set()
    for as_of in ("2026-12-19", "2027-01-05"):
        result = night(exports, out, as_of, target=target)
        assert result.exit_status == 0, (as_of, [str(p) for p in result.problems])
        assert "X948" not in codes_of(result) and "X906" not in codes_of(result), as_of
        assert "S-E12" not in column(out, "classes", "termSourcedIds"), as_of
        said |= set(codes_of(result))
    assert "X937" in said


def test_a_term_whose_last_day_is_corrected_the_night_last_years_rows_leave_keeps_its_id(tmp_path: Path) -> None:
    exports, out = exports_of(tmp_path), tmp_path / "out"
    terms_holding(exports, LAST_YEAR)
    assert night(exports, out, "2026-10-20", target="oneroster").exit_status == 0
    terms_holding(exports)
    path = exports / "terms.txt"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "201\tFall\t08/17/2026\t12/18/2026", "201\tFall\t08/17/2026\t12/17/2026"
        )
    )
    result = night(exports, out, "2026-10-21", target="oneroster")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert column(out, "academicSessions", "endDate")["201-Fall-2026-08-17"] == "2026-12-17"
    assert column(out, "classes", "termSourcedIds")["S-E12"] == "201-Fall-2026-08-17"


THIS_YEAR = ("101\tYear\t08/17/2026\t06/10/2027", "201\tFall\t08/17/2026\t12/18/2026")
SPRING = ("201\tSpring\t01/05/2027\t06/10/2027",)


def terms_of(exports: Path, *years: tuple[str, ...]) -> None:
    """terms.txt holding the rows of `years` only."""
    rows = ["01 Site ID\t02 Term Name\t03 Start Date\t04 End Date", *(row for year in years for row in year)]
    (exports / "terms.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")


def ended_fall_left_the_export(exports: Path) -> None:
    """terms.txt of current and coming terms only (the ended Fall row gone), Fall's roster rows ended."""
    terms_of(exports, THIS_YEAR[:1], SPRING)
    roster = exports / "roster.txt"
    rows = [line.split("\t") for line in roster.read_text(encoding="utf-8").splitlines()]
    for row in rows[1:]:
        if row[6] == "S-E12" and not row[11]:
            row[11] = "12/18/2026"
    spring = [*rows[3][:6], "S-E12S", "201", "E12", "u2001", "01/05/2027", "", *rows[3][12:]]
    roster.write_text("\n".join("\t".join(row) for row in [*rows, spring]) + "\n", encoding="utf-8")


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("target", ["oneroster", "remind"])
def test_a_kept_suffixed_term_that_ended_and_left_the_export_goes_as_the_calendars(
    tmp_path: Path, target: str, engine: str
) -> None:
    """The strict target's Fall kept "201-Fall-2026-08-17" after last year's rows left (its purpose);
    at the semester change the ended Fall leaves terms.txt too. The gate reads the last set's
    "201-Fall-2026-08-17" as the export's "201-Fall" though no row of tonight's names it: the
    class goes as the calendar's (X937, exit 0), as in the Remind target, not X906 (review68 R2)."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    terms_of(exports, THIS_YEAR, SPRING, LAST_YEAR)
    assert night(exports, out, "2026-12-14", target=target, engine=engine).exit_status == 0
    terms_of(exports, THIS_YEAR, SPRING)
    second = night(exports, out, "2026-12-15", target=target, engine=engine)
    assert second.exit_status == 0, [str(p) for p in second.problems]
    fall = "201-Fall-2026-08-17" if target == "oneroster" else "201-Fall"
    assert column(out, "classes", "termSourcedIds")["S-E12"] == fall
    ended_fall_left_the_export(exports)
    result = night(exports, out, "2027-01-07", target=target, engine=engine)
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert "X906" not in codes_of(result) and "X948" not in codes_of(result)
    assert "X937" in codes_of(result)
    terms = column(out, "classes", "termSourcedIds")
    assert "S-E12" not in terms and "S-E12S" in terms
