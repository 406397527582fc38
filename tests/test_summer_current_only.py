"""A OneRoster export of the current classes only (ProgressBook's integration) writes no class of an
ended term, nor its enrolments: after the school year's last day classes.csv and enrollments.csv hold a
header only. That is the summer (F422, exit 0, the last set kept), not an empty export (X910) losing every
class (X906), which alerted the district every summer night (summer51). Told by the terms alone: every
term of the last published set and of tonight's academicSessions.csv ended, none running or due. The
same empty export while a term runs, or once a new year's term has begun, or classes emptied while the
enrolments still have rows, stays refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

Q4 = "Q4-27,active,2026-08-01,Quarter 4,gradingPeriod,2027-03-29,2027-05-28,Y27,2027"
NEXT_YEAR = "Y28,active,2027-06-01,2027-2028,schoolYear,2027-08-18,2028-05-26,,2028"
LAST_DAY = dt.date(2027, 5, 28)  # Y27's and Q4's


def district(folder: Path, *, sessions: tuple[str, ...] = (Q4,)) -> Path:
    """The bundled ProgressBook district in its last week: Preschool AM all year, Grade 1 Science in Q4;
    Kindergarten Reading (Q1 and Q2) no longer exported."""
    shutil.copytree(FIXTURES / "progressbook" / "district" / "in", folder)
    with (folder / "academicSessions.csv").open("a") as file:
        file.write("".join(f"{row}\n" for row in sessions))
    lines = (folder / "classes.csv").read_text().splitlines()
    kept = [line.replace(",Q3-27,", ",Q4-27,") for line in lines[1:] if not line.startswith("K-READ,")]
    (folder / "classes.csv").write_text("\n".join([lines[0], *kept, ""]))
    lines = (folder / "enrollments.csv").read_text().splitlines()
    kept = [line for line in lines[1:] if ",K-READ," not in line]
    (folder / "enrollments.csv").write_text("\n".join([lines[0], *kept, ""]))
    return folder


def emptied(folder: Path, *names: str) -> Path:
    for name in names:
        header = (folder / name).read_text().splitlines()[0]
        (folder / name).write_text(header + "\n")
    return folder


def run(
    exports: Path, out: Path, as_of: dt.date, engine: str = "python", profile: str = "progressbook"
) -> api.RunResult:
    options = api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=as_of, engine=engine)
    return api.run(dataclasses.replace(options, max_removal=60))


def published_files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))}


def codes(result: api.RunResult) -> set[str]:
    return set(result.report.counts)


@pytest.fixture
def last_week_published(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    result = run(district(tmp_path / "week"), out, dt.date(2027, 5, 26))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    return out


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("as_of", [dt.date(2027, 5, 29), dt.date(2027, 7, 15)])
def test_header_only_classes_after_the_last_day_are_the_summer(
    tmp_path: Path, last_week_published: Path, engine: str, as_of: dt.date
) -> None:
    """The day after the last day and in July: nothing due (F422, exit 0), nothing written, the last set kept."""
    before = published_files(last_week_published)
    summer = emptied(district(tmp_path / "summer"), "classes.csv", "enrollments.csv")
    result = run(summer, last_week_published, as_of, engine)
    assert result.exit_status == api.EXIT_PUBLISHED and not result.report.published, [str(p) for p in result.problems]
    assert "F422" in codes(result) and not codes(result) & {"X910", "X906"}
    assert published_files(last_week_published) == before


def test_header_only_classes_on_the_last_day_are_refused(tmp_path: Path, last_week_published: Path) -> None:
    """Y27 and Q4 still run on their last day: the same export is broken, not the summer."""
    summer = emptied(district(tmp_path / "summer"), "classes.csv", "enrollments.csv")
    result = run(summer, last_week_published, LAST_DAY)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X910" in codes(result) and "F422" not in codes(result)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_header_only_classes_in_november_are_refused(tmp_path: Path, engine: str) -> None:
    """The bundled district published on 2 November (Q2 running), its class and enrolment exports empty the
    next night: refused as empty exports, the set kept."""
    out = tmp_path / "out"
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "progressbook" / "district" / "in", exports)
    assert run(exports, out, dt.date(2026, 11, 2), engine).exit_status == api.EXIT_PUBLISHED
    before = published_files(out)
    result = run(emptied(exports, "classes.csv", "enrollments.csv"), out, dt.date(2026, 11, 3), engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X910" in codes(result) and "F422" not in codes(result)
    assert published_files(out) == before


def test_classes_emptied_while_enrolments_have_rows_are_refused(tmp_path: Path, last_week_published: Path) -> None:
    summer = emptied(district(tmp_path / "summer"), "classes.csv")
    result = run(summer, last_week_published, dt.date(2027, 7, 15))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "F422" not in codes(result)


def test_header_only_classes_once_the_new_year_has_begun_are_refused(tmp_path: Path, last_week_published: Path) -> None:
    """academicSessions.csv holds 2027-2028, begun on 18 August, and still no class: broken, not the summer."""
    summer = emptied(district(tmp_path / "summer", sessions=(Q4, NEXT_YEAR)), "classes.csv", "enrollments.csv")
    quiet = run(summer, last_week_published, dt.date(2027, 7, 15))
    assert quiet.exit_status == api.EXIT_PUBLISHED and not quiet.report.published
    assert codes(quiet) & {"F421", "F422"} and "X910" not in codes(quiet)
    ahead = run(summer, last_week_published, dt.date(2027, 8, 10))  # within the window, not begun
    assert ahead.exit_status == api.EXIT_PUBLISHED and "F421" in codes(ahead) and "X910" not in codes(ahead)
    result = run(summer, last_week_published, dt.date(2027, 8, 20))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X910" in codes(result)
    assert not codes(result) & {"F421", "F422"}


CALENDAR_YEAR = (
    "Y27,active,2026-08-01,2027,schoolYear,2027-02-01,2027-12-10,,2027",
    "Q1-27,active,2026-08-01,Term 1,gradingPeriod,2027-02-01,2027-04-09,Y27,2027",
    "Q2-27,active,2026-08-01,Term 2,gradingPeriod,2027-04-26,2027-07-02,Y27,2027",
    "Q3-27,active,2026-08-01,Term 3,gradingPeriod,2027-07-19,2027-09-24,Y27,2027",
    "Q4-27,active,2026-08-01,Term 4,gradingPeriod,2027-10-11,2027-12-10,Y27,2027",
)
SECOND_HALF = (
    "Y27,active,2026-08-01,2027 S2,schoolYear,2027-07-19,2027-12-10,,2027",
    *CALENDAR_YEAR[3:],
)


@pytest.mark.parametrize(
    ("starts", "sessions", "summer"),
    [
        ("January", CALENDAR_YEAR, True),
        ("July", CALENDAR_YEAR, True),
        ("January", SECOND_HALF, True),
        ("July", SECOND_HALF, False),
    ],
)
def test_a_calendar_years_summer_is_judged_as_its_ended_classes_would_be(
    tmp_path: Path, starts: str, sessions: tuple[str, ...], summer: bool
) -> None:
    """A school year ending in December, its export of the current classes empty in January: the night
    says what the same night says when the export still holds the last term's classes, under the
    district's school_year_starts. Terms of July to December alone are a year cut short in a July-to-June
    year (the term filter's X890 where the classes are exported), a whole year in a calendar one (F422)."""
    path = tmp_path / "district.yaml"
    path.write_text(f"name: district\nextends: progressbook\nsettings:\n  school_year_starts: {starts}\n")
    exports = district(tmp_path / "week", sessions=())
    header = (exports / "academicSessions.csv").read_text().splitlines()[0]
    (exports / "academicSessions.csv").write_text("\n".join([header, *sessions, ""]))
    said = {}
    for shape in ("ended classes", "current only"):
        out = tmp_path / shape
        assert run(exports, out, dt.date(2027, 12, 8), profile=str(path)).exit_status == api.EXIT_PUBLISHED
        tonight = shutil.copytree(exports, tmp_path / f"{shape} tonight")
        if shape == "current only":
            emptied(tonight, "classes.csv", "enrollments.csv")
        result = run(tonight, out, dt.date(2028, 1, 12), profile=str(path))
        said[shape] = (result.exit_status, result.report.published, "F422" in codes(result))
    assert said["current only"] == said["ended classes"]
    expected = api.EXIT_PUBLISHED if summer else api.EXIT_NOT_PUBLISHED
    assert said["current only"] == (expected, False, summer)
