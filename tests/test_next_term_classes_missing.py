"""Semester-change night, the sections and enrolment exports still filtered to semester 1, on
a SIS whose exports have no terms file (tester46 F4). Skyward SMS (like Clever and FACTS files)
names a term only on a class row, so X977, which needs the terms export to hold the new
semester, never fired: every semester-1 class was removed as ended, no semester-2 class came,
published at exit 0. eSchoolPLUS has a terms export, but its year-long sections meet in marking
period 3 too, so a marking period of the school did hold the date. Now read from the classes:
the last set's classes of a term all ended, the school year runs on, and no class of the school
starts after them: X895, naming the schools. The year's last semester, ending before a school
year dated to 30 June, is no such night; a school of year-long classes only has none.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.test_calendar_moves import codes_of
from tests.test_marking_periods_ended import exports_of, night, published
from tests.test_max_removal_left_in import assert_let_through
from transform import api

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Pine Lake: the elementary school (001) has year-long classes only; the high school (002) a
# year-long class and a semester-1 and a semester-2 English and Biology.
CLASSES = """CLASS-ID,SCHOOL-ID,COURSE-ID,COURSE-DESC,PERIOD,TERM,TERM-START,TERM-END,STAFF-ID
K-01,001,KDG,Kindergarten,AM,YR,08/31/2026,{year_end},901
HR-1,002,HR,Homeroom,1,YR,08/31/2026,{year_end},902
ENG-1,002,ENG,English,2,S1,08/31/2026,01/15/2027,902
BIO-1,002,BIO,Biology,3,S1,08/31/2026,01/15/2027,903
ENG-2,002,ENG,English,2,S2,01/19/2027,06/04/2027,902
BIO-2,002,BIO,Biology,3,S2,01/19/2027,06/04/2027,903
"""
SCHEDULE = """STUDENT-ID,CLASS-ID,SCHOOL-ID,DROP-DATE
5002,K-01,001,
5003,K-01,001,
5006,K-01,001,
5001,HR-1,002,
5004,HR-1,002,
5001,ENG-1,002,
5004,BIO-1,002,
5001,ENG-2,002,
5004,BIO-2,002,
"""
SEMESTER_1_LAST_DAY, SEMESTER_2 = dt.date(2027, 1, 15), dt.date(2027, 1, 19)


def district(tmp_path: Path, *, semester_2: bool = True, year_end: str = "06/04/2027") -> Path:
    """Pine Lake's exports; without semester 2's classes and their schedules (the SIS job's
    semester-1 filter) when `semester_2` is False."""
    exports = tmp_path / ("in" if semester_2 else "in-s1")
    shutil.copytree(FIXTURES / "skyward-sms" / "district" / "in", exports)
    for name, text in (("class.csv", CLASSES.format(year_end=year_end)), ("schedule.csv", SCHEDULE)):
        lines = text.splitlines(keepends=True)
        (exports / name).write_text("".join(line for line in lines if semester_2 or "-2," not in line))
    return exports


def run(exports: Path, out: Path, as_of: dt.date, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="skyward-sms", in_dir=exports, out_dir=out, as_of=as_of, **options)  # type: ignore[arg-type]
    )


def classes(out: Path) -> set[str]:
    """The classes published, by their Skyward CLASS-ID (sourcedId: SCHOOL-ID-CLASS-ID)."""
    return {line.split(",")[0].split("-", 1)[1] for line in (out / "classes.csv").read_text().splitlines()[1:]}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_exports_still_of_semester_1_are_refused_without_a_terms_export(tmp_path: Path, engine: str) -> None:
    out, whole = tmp_path / "out", district(tmp_path)
    assert run(whole, out, SEMESTER_1_LAST_DAY, engine=engine).exit_status == 0
    assert classes(out) == {"K-01", "HR-1", "ENG-1", "BIO-1"}
    stale = district(tmp_path, semester_2=False)
    # Semester 2's first day, or a winter break's night: the exports cannot tell them apart (no
    # terms export names semester 2, and a SIS job exporting the current term only switches on
    # the new term's first day). Nothing due yet (I288, exit 0), the last set stays, until the
    # window after semester 1's last day (stop 48: X895, exit 1, every night of a winter break).
    paused = run(stale, out, SEMESTER_2, engine=engine)
    assert paused.exit_status == 0 and not paused.report.published and "X895" not in codes_of(paused)
    (said,) = paused.report.examples["I288"]
    assert said.params["due"] == "2027-02-06"
    assert classes(out) == {"K-01", "HR-1", "ENG-1", "BIO-1"}
    result = run(stale, out, dt.date(2027, 2, 8), engine=engine)
    assert result.exit_status == 1 and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X895"]
    assert refused.message.startswith(
        "at school 002, the 2 classes of term 'S1' (2026-08-31 to 2027-01-15), whose classes the last published "
        "set held, all ended by 2027-01-15 and no class of a later term is exported, while the school year runs "
        "to 2027-06-04"
    )
    assert classes(out) == {"K-01", "HR-1", "ENG-1", "BIO-1"}  # the last set stays
    # The whole exports that night: semester 1's classes go as ended, semester 2's come.
    result = run(whole, out, SEMESTER_2, engine=engine)
    assert result.exit_status == 0 and "X937" in codes_of(result)
    assert classes(out) == {"K-01", "HR-1", "ENG-2", "BIO-2"}


def test_a_school_that_really_has_no_class_of_the_new_term_is_published_with_allow_incomplete(
    tmp_path: Path,
) -> None:
    out, stale = tmp_path / "out", district(tmp_path, semester_2=False)
    assert run(stale, out, SEMESTER_1_LAST_DAY).exit_status == 0
    result = run(stale, out, SEMESTER_2, allow_incomplete=True)  # published, but said (F453)
    assert result.exit_status == 1 and "X918" in codes_of(result) and "X895" not in codes_of(result)
    assert "F453" in codes_of(result)
    assert classes(out) == {"K-01", "HR-1"}
    # The next night, its last set holding no semester class, is not refused again.
    result = run(stale, out, SEMESTER_2 + dt.timedelta(days=1))
    assert result.exit_status == 0 and not codes_of(result) & {"X895", "X918"}


def test_the_years_last_semester_ending_before_the_school_years_last_day_is_not_refused(tmp_path: Path) -> None:
    """The year-long classes run to the administrative year's 30 June, semester 2 ends on 4 June."""
    exports, out = district(tmp_path, year_end="06/30/2027"), tmp_path / "out"
    assert run(exports, out, dt.date(2027, 6, 4)).exit_status == 0
    assert classes(out) == {"K-01", "HR-1", "ENG-2", "BIO-2"}
    result = run(exports, out, dt.date(2027, 6, 7))
    assert result.exit_status == 0 and "X895" not in codes_of(result), [str(p) for p in result.problems]
    assert classes(out) == {"K-01", "HR-1"}


# A year-long Algebra at the high school (20), marking periods 1 to 4, Addison's.
ALGEBRA = {
    "SCHD_MS.txt": ["5006^2027^20^ALG^01^Algebra I^N"],
    "SCHD_MS_MP.txt": [f"5006^{mp}" for mp in (1, 2, 3, 4)],
    "SCHD_MS_SESSION.txt": ["5006^1^1502^4^4"],
    "SCHD_STU_CRS_DATES.txt": ["600102^5006^08/17/2026^"],
}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_eschool_semester_whose_year_long_sections_meet_in_the_new_marking_period_too(
    tmp_path: Path, engine: str
) -> None:
    """The bundled district's high school (20), with a year-long Algebra (marking periods 1 to
    4): English 10 and US History meet in 1 and 2, Art I in 3 and 4. Art I gone from the exports
    the night marking period 3 starts: Algebra holds the date in marking period 3, but no class
    of the school starts after the fall semester's."""
    exports, out = exports_of(tmp_path), tmp_path / "out"
    for name, rows in ALGEBRA.items():
        with (exports / name).open("a", encoding="cp1252") as handle:
            handle.write("".join(f"{row}^#!#\n" for row in rows))
    assert published(night(exports, out, "2026-12-17", engine=engine))
    for name in ALGEBRA:
        path = exports / name
        lines = path.read_text(encoding="cp1252").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if "5005^" not in line), encoding="cp1252")
    result = night(exports, out, "2027-01-05", engine=engine)
    assert result.exit_status == 1 and "X895" in codes_of(result) and "X977" not in codes_of(result)
    (refused,) = [p for p in result.problems if p.code.id == "X895"]
    # English 10, US History and the Seminar (a study hall, left out of the set: F406)
    assert str(refused.params["none"]).startswith(
        "at school 20, the 3 classes of term 'Marking period 2' (2026-10-19 to 2026-12-18)"
    )


def test_a_closing_school_and_a_short_testing_term_are_no_filtered_export() -> None:
    """The simulated year's nights that X895 refused at first: school 500 closing at the semester
    change (every class of it ends, its students moved: the other schools' classes ran on), and an
    11-day 'Spring Testing' term ended with nothing after it while the year runs five weeks more."""
    from transform.pipeline.filters import Ended, _year_runs_on_without_them
    from transform.profile.compile import TermFilterPlan

    rule = TermFilterPlan.__new__(TermFilterPlan)
    object.__setattr__(rule, "year_long_days", 200)
    semester = [Ended("S1 ended", dt.date(2027, 1, 15), start=dt.date(2026, 8, 17))]
    year_long = {(dt.date(2026, 8, 17), dt.date(2027, 5, 28))}
    tonight = dt.date(2027, 1, 16)
    # a school whose year-long classes run on, with no class of a later term: refused (tester46 F4)
    assert _year_runs_on_without_them("300", semester, {"300": year_long}, rule, tonight) == dt.date(2027, 5, 28)
    # the closing school: none of its classes runs on, though another school's do
    assert _year_runs_on_without_them("500", semester, {"300": year_long, "500": set()}, rule, tonight) is None
    testing = [Ended("Spring Testing ended", dt.date(2027, 4, 23), start=dt.date(2027, 4, 12))]
    assert _year_runs_on_without_them("300", testing, {"300": year_long}, rule, dt.date(2027, 5, 27)) is None


def without_year_long_classes_at_the_high_school(exports: Path) -> Path:
    """Pine Lake's high school (002) on semesters alone: its year-long homeroom gone, so that no
    class of its own says its year runs on (only the elementary school's Kindergarten does)."""
    for name in ("class.csv", "schedule.csv"):
        lines = (exports / name).read_text().splitlines(keepends=True)
        (exports / name).write_text("".join(line for line in lines if "HR-1," not in line))
    return exports


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_school_of_semester_classes_only_still_filtered_to_semester_1_is_refused(tmp_path: Path, engine: str) -> None:
    """Was: no class of the high school runs on, so X895 took it for a school that closed and
    published it with no class at all (its two semester-1 classes removed as ended), exit 0. Its
    students are still its tonight, and the year runs on at the elementary school."""
    out = tmp_path / "out"
    whole = without_year_long_classes_at_the_high_school(district(tmp_path))
    assert run(whole, out, SEMESTER_1_LAST_DAY, engine=engine).exit_status == 0
    assert classes(out) == {"K-01", "ENG-1", "BIO-1"}
    stale = without_year_long_classes_at_the_high_school(district(tmp_path, semester_2=False))
    paused = run(stale, out, SEMESTER_2, engine=engine)  # a break, as far as the exports tell (I288)
    assert paused.exit_status == 0 and "I288" in codes_of(paused) and classes(out) == {"K-01", "ENG-1", "BIO-1"}
    result = run(stale, out, dt.date(2027, 2, 8), engine=engine)
    assert result.exit_status == 1 and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X895"]
    assert refused.message.startswith(
        "at school 002, the 2 classes of term 'S1' (2026-08-31 to 2027-01-15), whose classes the last published "
        "set held, all ended by 2027-01-15 and no class of a later term is exported (every class of it a "
        "semester's or a quarter's, its students still its, the year running on at school 001), while the school "
        "year runs to 2027-06-04"
    )
    assert classes(out) == {"K-01", "ENG-1", "BIO-1"}  # the last set stays
    result = run(whole, out, SEMESTER_2, engine=engine)
    assert result.exit_status == 0 and "X895" not in codes_of(result)
    assert classes(out) == {"K-01", "ENG-2", "BIO-2"}


def test_a_school_of_semester_classes_only_that_closes_at_the_semester_change_is_published(tmp_path: Path) -> None:
    """The high school closes with semester 1: its students move to the elementary school's
    roll (the students export says so), no class of it comes. Published: its classes go as ended."""
    out = tmp_path / "out"
    whole = without_year_long_classes_at_the_high_school(district(tmp_path))
    assert run(whole, out, SEMESTER_1_LAST_DAY).exit_status == 0
    closed = without_year_long_classes_at_the_high_school(district(tmp_path, semester_2=False))
    students = (closed / "student.csv").read_text().splitlines(keepends=True)
    moved = [line.replace(",002,", ",001,") for line in students if not line.endswith(",001,A,0,001\n")]
    (closed / "student.csv").write_text("".join(moved))
    result = run(closed, out, SEMESTER_2)
    assert result.exit_status == 0 and "X895" not in codes_of(result), [str(p) for p in result.problems]
    assert classes(out) == {"K-01"}


def test_another_schools_year_says_the_year_runs_on_only_well_before_its_end() -> None:
    """A school of quarter classes only, its fourth quarter ended in mid-May, while another
    school's year-long classes are dated to the administrative year's 30 June (or a year-round
    school's into July): the school's year end, not a filtered export. Its first quarter ended
    in October is one."""
    from transform.pipeline.filters import Ended, _year_runs_on_without_them
    from transform.profile.compile import TermFilterPlan

    rule = TermFilterPlan.__new__(TermFilterPlan)
    object.__setattr__(rule, "year_long_days", 200)
    q4 = [Ended("Q4 ended", dt.date(2027, 5, 14), start=dt.date(2027, 3, 15))]
    q1 = [Ended("Q1 ended", dt.date(2026, 10, 16), start=dt.date(2026, 8, 17))]
    for year_end in (dt.date(2027, 6, 30), dt.date(2027, 7, 31)):
        spans = {"300": {(dt.date(2026, 8, 17), year_end)}, "400": set()}
        assert _year_runs_on_without_them("400", q4, spans, rule, dt.date(2027, 5, 17), at="300") is None
        assert _year_runs_on_without_them("400", q1, spans, rule, dt.date(2026, 10, 19), at="300") == min(
            year_end, dt.date(2027, 6, 30)
        )


def test_a_schools_own_last_quarter_before_a_year_term_dated_to_30_june_is_its_year_end() -> None:
    """School 100's last term a quarter ending 27 May, its year-long term dated to 30 June (the
    administrative year): refused on its last day and every summer night to 30 June, the 34 days
    left being over half of the quarter's 59 (tester49 F1). After a quarter, the
    year runs on only when another quarter fits, for a school's own classes as for another's.
    A third quarter ended in March, the fourth to come, is still judged."""
    from transform.pipeline.filters import Ended, _year_runs_on_without_them
    from transform.profile.compile import TermFilterPlan

    rule = TermFilterPlan.__new__(TermFilterPlan)
    object.__setattr__(rule, "year_long_days", 200)
    spans = {"100": {(dt.date(2026, 8, 17), dt.date(2027, 6, 30))}}
    q4 = [Ended("Quarter 4 ended", dt.date(2027, 5, 27), start=dt.date(2027, 3, 29))]
    for tonight in (dt.date(2027, 5, 28), dt.date(2027, 6, 15)):
        assert _year_runs_on_without_them("100", q4, spans, rule, tonight) is None
    q3 = [Ended("Quarter 3 ended", dt.date(2027, 3, 26), start=dt.date(2027, 1, 19))]
    assert _year_runs_on_without_them("100", q3, spans, rule, dt.date(2027, 3, 29)) == dt.date(2027, 6, 30)


def semester_classes_only(exports: Path) -> Path:
    """Pine Lake on semesters alone (a block schedule): the Kindergarten and the homeroom gone, so
    that no class of any school says the school year runs on."""
    for name in ("class.csv", "schedule.csv"):
        lines = (exports / name).read_text().splitlines(keepends=True)
        (exports / name).write_text("".join(line for line in lines if "HR-1," not in line and "K-01," not in line))
    return exports


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_district_of_semester_classes_only_still_filtered_to_semester_1_is_refused(
    tmp_path: Path, engine: str
) -> None:
    """Every class of every school a semester's, the exports still filtered to semester 1 on the
    night of semester 2: was F422 'school year over' on 19 January, exit 0, Remind keeping the
    ended classes all spring (tester52 F5, tester49 F2). A school year of 137 days ending in
    January is not over: X890, exit 1, the last set kept. The whole exports publish the change."""
    out = tmp_path / "out"
    whole = semester_classes_only(district(tmp_path))
    assert run(whole, out, SEMESTER_1_LAST_DAY, engine=engine).exit_status == 0
    assert classes(out) == {"ENG-1", "BIO-1"}
    stale = semester_classes_only(district(tmp_path, semester_2=False))
    # Within the window after semester 1 (a break; the SIS may switch terms only on the day):
    # nothing due, the last set kept, exit 0 (review of stop 46: X890 refused every break).
    between = run(stale, out, SEMESTER_2, engine=engine)
    assert between.exit_status == 0 and not between.report.published and "X890" not in codes_of(between)
    result = run(stale, out, dt.date(2027, 2, 8), engine=engine)
    assert result.exit_status == 1 and not result.report.published
    (refused,) = result.problems
    assert refused.code.id == "X890"
    assert refused.message.startswith(
        "every term the exports' classes run in ended by 2027-02-08, the last (S1) on 2027-01-15, and none later "
        "is exported: a school year of 137 days (2026-08-31 to 2027-01-15) that ends in January is not over"
    )
    assert classes(out) == {"ENG-1", "BIO-1"}  # the last set stays
    result = run(whole, out, SEMESTER_2, engine=engine)
    assert result.exit_status == 0 and "X937" in codes_of(result)
    assert classes(out) == {"ENG-2", "BIO-2"}
    # The year's last day, the summer: the school year is over (F422), exit 0.
    for day in (dt.date(2027, 6, 4), dt.date(2027, 6, 7), dt.date(2027, 7, 15)):
        result = run(whole, out, day, engine=engine)
        assert result.exit_status == 0 and "X890" not in codes_of(result), (day, [str(p) for p in result.problems])
    assert "F422" in codes_of(result)


def test_a_year_of_its_own_calendar_or_an_export_of_the_last_semester_alone_is_over() -> None:
    """Every term ended, none later: the summer after semester 2 exported alone (its 137 days end
    in June), a summer session, a southern-hemisphere year ending in December (February to
    December, terms two weeks apart; also as two semesters, the second July to December, which
    X896 took for the rest of a July-to-June year missing), a year-round track ending in March
    after ten months: F422's summer, within the window and past it. A quarter-only district's
    first quarter ending in October is X890 past the window, and within it a break (F443) naming
    the day it is refused from."""
    from transform.pipeline.filters import NothingDue, Term, _nothing_due
    from transform.profile.compile import DEFAULT_YEAR_LONG_DAYS, TermFilterPlan
    from transform.report.problem import TransformAbort

    def term(name: str, start: str, end: str) -> Term:
        return Term("1", name, dt.date.fromisoformat(start), dt.date.fromisoformat(end))

    rule = TermFilterPlan((), (), (), (), 21, DEFAULT_YEAR_LONG_DAYS, frozenset())
    over = [
        {term("S2", "2027-01-19", "2027-06-04")},
        {term("Summer", "2027-07-06", "2027-08-06")},
        {
            term("T1", "2026-02-02", "2026-04-10"),
            term("T2", "2026-04-27", "2026-07-03"),
            term("T3", "2026-07-20", "2026-09-25"),
            term("T4", "2026-10-12", "2026-12-18"),
        },
        {term("S1", "2026-02-02", "2026-06-26"), term("S2", "2026-07-13", "2026-12-11")},
        {term("A", "2026-06-01", "2026-10-30"), term("B", "2026-11-16", "2027-03-26")},
    ]
    for terms in over:
        last = max(terms, key=lambda t: t.end)
        for after in (3, 40):
            with pytest.raises(NothingDue) as paused:
                _nothing_due(terms, rule, last.end + dt.timedelta(days=after))
            assert paused.value.code_slug == "school-year-over", (sorted(terms, key=lambda t: t.start), after)
    q1 = term("Q1", "2026-08-17", "2026-10-16")
    with pytest.raises(TransformAbort) as refused:
        _nothing_due({q1}, rule, dt.date(2026, 11, 19))
    assert refused.value.problems[0].code.id == "X890"
    with pytest.raises(NothingDue) as paused:
        _nothing_due({q1}, rule, dt.date(2026, 10, 19))
    assert paused.value.code_slug == "term-break"
    assert paused.value.params["due"] == "2026-11-07" and paused.value.params["refused"] == "X890"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_break_night_at_a_school_of_semester_classes_only_publishes_people_with_semester_1_kept(
    tmp_path: Path, engine: str
) -> None:
    """Skyward (no terms export), the high school on semesters alone (its year runs on at the elementary
    school's): over the break a mother's phone changed and Addison (5001) dropped English on the 18th, after
    semester 1 ended. Published (I245): semester 1's classes kept, Biology with its student, English
    with Bo (5004) but without Addison (a drop made over the break is tonight's; --max-removal 50: one of nine
    enrolments is over the limit in a district this small, so exit 1, X821); the exports still of semester 1
    are refused from the window's end (X895) as before."""
    out = tmp_path / "out"
    whole = without_year_long_classes_at_the_high_school(district(tmp_path))
    stale = without_year_long_classes_at_the_high_school(district(tmp_path, semester_2=False))
    for exports in (whole, stale):  # Bo (5004) takes English too
        (exports / "schedule.csv").write_text((exports / "schedule.csv").read_text() + "5004,ENG-1,002,\n")
    assert run(whole, out, SEMESTER_1_LAST_DAY, engine=engine).exit_status == 0
    enrolled_then = {line.split(",")[0] for line in (out / "enrollments.csv").read_text().splitlines()[1:]}
    guardians = (stale / "guardian.csv").read_text()
    (stale / "guardian.csv").write_text(guardians.replace("715-555-0142", "715-555-0199"))
    schedule = (stale / "schedule.csv").read_text()
    (stale / "schedule.csv").write_text(schedule.replace("5001,ENG-1,002,\n", "5001,ENG-1,002,01/18/2027\n"))
    result = run(stale, out, SEMESTER_2, engine=engine, max_removal=50)
    assert_let_through(result)
    (said,) = result.report.examples["I245"]
    assert said.params["due"] == "2027-02-06" and said.params["schools"] == "school 002"
    assert classes(out) == {"K-01", "ENG-1", "BIO-1"} and "+17155550199" in (out / "users.csv").read_text()
    enrolled = {line.split(",")[0] for line in (out / "enrollments.csv").read_text().splitlines()[1:]}
    assert enrolled_then - enrolled == {"002-ENG-1-026001"} and enrolled <= enrolled_then, enrolled
    refused = run(stale, out, dt.date(2027, 2, 8), engine=engine)
    assert refused.exit_status == 1 and "X895" in [p.code.id for p in refused.problems]
