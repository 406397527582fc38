"""A district whose schools have semester classes only, with no terms export (Skyward SMS: a
term is only a class row's dates), on the nights of a school year (leftover of fix-cal45).

X895 tells a semester-2 night whose sections and schedules are still filtered to semester 1 by a
class that runs on (a school's own year-long class, or another school's). Here no class runs on
anywhere: every term of the exports had ended, and the term filter took the night for the summer
(F422 "the school year is over", exit 0), every night until day 120, the last set's ended classes
left in Remind and none of semester 2's. Now a last term that ended well inside its school year
(a semester over half its length before 30 June) is the rest of the year missing: X896, exit 1,
on a first night or a later one. The nights of an ordinary year publish as before.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_next_term_classes_missing import classes, run
from transform import api
from transform.report.summary import next_step

CLASSES = """CLASS-ID,SCHOOL-ID,COURSE-ID,COURSE-DESC,PERIOD,TERM,TERM-START,TERM-END,STAFF-ID
K-1,001,KDG,Kindergarten,AM,S1,08/31/2026,01/15/2027,901
ENG-1,002,ENG,English,2,S1,08/31/2026,01/15/2027,902
BIO-1,002,BIO,Biology,3,S1,08/31/2026,01/15/2027,903
K-2,001,KDG,Kindergarten,AM,S2,01/19/2027,06/04/2027,901
ENG-2,002,ENG,English,2,S2,01/19/2027,06/04/2027,902
BIO-2,002,BIO,Biology,3,S2,01/19/2027,06/04/2027,903
"""
SCHEDULE = """STUDENT-ID,CLASS-ID,SCHOOL-ID,DROP-DATE
5002,K-1,001,
5003,K-1,001,
5006,K-1,001,
5001,ENG-1,002,
5004,BIO-1,002,
5002,K-2,001,
5003,K-2,001,
5006,K-2,001,
5001,ENG-2,002,
5004,BIO-2,002,
"""
SEMESTER_1 = {"K-1", "ENG-1", "BIO-1"}
SEMESTER_2 = {"K-2", "ENG-2", "BIO-2"}


def district(folder: Path, *, semester_2: bool = True) -> Path:
    """Pine Lake with semester classes only; without semester 2's classes and schedules (the SIS
    job's semester-1 filter) when `semester_2` is False."""
    exports = folder / ("in" if semester_2 else "in-s1")
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", exports)
    for name, text in (("class.csv", CLASSES), ("schedule.csv", SCHEDULE)):
        lines = text.splitlines(keepends=True)
        (exports / name).write_text("".join(line for line in lines if semester_2 or "-2," not in line))
    return exports


def test_the_nights_of_an_ordinary_year_publish(tmp_path: Path) -> None:
    whole, out = district(tmp_path), tmp_path / "out"
    for night, expected in (
        (dt.date(2026, 10, 1), SEMESTER_1),
        (dt.date(2027, 1, 15), SEMESTER_1),
        (dt.date(2027, 1, 19), SEMESTER_2),
        (dt.date(2027, 6, 4), SEMESTER_2),
    ):
        result = run(whole, out, night)
        assert result.exit_status == api.EXIT_PUBLISHED, (night, [p.message for p in result.problems])
        assert classes(out) == expected, night
    for summer in (dt.date(2027, 6, 7), dt.date(2027, 7, 15)):  # the year's end: nothing due
        result = run(whole, out, summer)
        assert result.exit_status == api.EXIT_PUBLISHED and "F422" in result.report.counts, summer
        assert "X896" not in result.report.counts


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_exports_still_of_semester_1_after_it_ended_are_refused(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "out"
    assert run(district(tmp_path), out, dt.date(2027, 1, 15), engine=engine).exit_status == api.EXIT_PUBLISHED
    stale = district(tmp_path, semester_2=False)
    between = run(stale, out, dt.date(2027, 1, 19), engine=engine)  # a break: nothing due yet
    assert between.exit_status == api.EXIT_PUBLISHED and not between.report.published
    # said as a break with the night it is refused from, not "the school year is over" (F422)
    assert "F422" not in between.report.counts
    (paused,) = between.report.examples["F443"]
    assert (
        "the last (S1) on 2027-01-15" in paused.message and "by 2027-02-06, the run is refused (X890)" in paused.message
    )
    said = next_step(between, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: nothing to do over a break") and "from 2027-02-06 the run is refused" in said
    for night in (dt.date(2027, 2, 8), dt.date(2027, 2, 15)):  # past the 21-day window
        result = run(stale, out, night, engine=engine)
        assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
        # X890 says it first (a school year of 137 days ending in January: fix-cal46's tester52 F5);
        # X896 is the same night where the year is longer or the term ends later (below).
        (refused,) = [p for p in result.problems if p.code.id == "X890"]
        assert refused.message.startswith(
            f"every term the exports' classes run in ended by {night.isoformat()}, the last (S1) on 2027-01-15"
        )
        assert classes(out) == SEMESTER_1  # the last set stays
    # A first night on such exports is refused too: there is no set to make of them.
    first = run(stale, tmp_path / "first", dt.date(2027, 2, 8), engine=engine)
    assert first.exit_status == api.EXIT_NOT_PUBLISHED and "X890" in first.report.counts


def test_a_third_quarter_ending_in_april_with_nothing_later_is_the_rest_of_the_year_missing() -> None:
    """A quarter-only district whose exports still hold Q3 after it ended on 2 April: not the
    summer (F422 at exit 0), the fourth quarter missing: X896. X890 (a year ending by March) is
    not said of April. The year's last quarter, ending in June, is the summer."""
    import types

    from transform.pipeline.filters import Term, _year_ended_mid_year, _year_running_on

    rule = types.SimpleNamespace(year_long_days=240)
    quarters = {
        Term("1", "Q1", dt.date(2026, 8, 17), dt.date(2026, 10, 16)),
        Term("1", "Q2", dt.date(2026, 10, 19), dt.date(2026, 12, 18)),
        Term("1", "Q3", dt.date(2027, 1, 4), dt.date(2027, 4, 2)),
    }
    q3 = max(quarters, key=lambda t: t.end)
    assert _year_ended_mid_year(quarters, q3, dt.date(2027, 4, 6)) is None
    refused = _year_running_on(quarters, q3, rule, dt.date(2027, 4, 6))  # type: ignore[arg-type]
    assert refused is not None and refused.code.id == "X896"
    # A year starting in early July: its third quarter ends over 270 days later, still mid-year.
    early = {
        Term("1", "Q1", dt.date(2026, 7, 6), dt.date(2026, 9, 25)),
        Term("1", "Q2", dt.date(2026, 10, 5), dt.date(2026, 12, 18)),
        Term("1", "Q3", dt.date(2027, 1, 4), dt.date(2027, 4, 9)),
    }
    late_q3 = max(early, key=lambda t: t.end)
    assert (late_q3.end - dt.date(2026, 7, 6)).days > 270
    refused = _year_running_on(early, late_q3, rule, dt.date(2027, 5, 6))  # type: ignore[arg-type]
    assert refused is not None and refused.code.id == "X896"
    q4 = Term("1", "Q4", dt.date(2027, 4, 12), dt.date(2027, 6, 11))
    assert _year_running_on({*quarters, q4}, q4, rule, dt.date(2027, 6, 14)) is None  # type: ignore[arg-type]
