"""A SIS export that stopped: on a run for today, exports older than the profile allows are
refused (X971, exit 1), and last night's set stays; a run for another date is not checked."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from tests.conftest import FIXTURES
from transform import api
from transform.oneroster.spec import REMIND
from transform.pipeline import freshness, read
from transform.pipeline.read import SourceFile
from transform.profile import load
from transform.profile.compile import Choices, compile_plan
from transform.report import summary
from transform.report.problem import TransformAbort

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def exports_written(tmp_path: Path, days_ago: float, *, fresh: tuple[str, ...] = ()) -> Path:
    exports = tmp_path / f"exports-{days_ago}"
    shutil.copytree(SAMPLE, exports)
    for path in exports.iterdir():
        when = (NOW - dt.timedelta(days=0.5 if path.name in fresh else days_ago)).timestamp()
        os.utime(path, (when, when))
    return exports


def run(exports: Path, out: Path, *, profile: str = "powerschool", **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"as_of": TODAY, "now": NOW}
    return api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, **{**defaults, **options}))


def test_exports_a_fortnight_old_are_refused_and_last_nights_set_stays(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(exports_written(tmp_path, 1), out).exit_status == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run(exports_written(tmp_path, 14), out)
    assert result.exit_status == 1
    (problem,) = [p for p in result.problems if p.code.id == "X971"]
    text = str(problem)
    assert "2026-10-01" in text and "14.0 days" in text and "8 (the default of settings.max_export_age_days)" in text
    assert "break" not in text and "break" not in str(problem.params.get("step", ""))  # no term ended near then
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_a_weekly_export_and_one_fresh_file_pass(tmp_path: Path) -> None:
    # A weekly export, an hour late or across a clock change: 7 days and a few hours (review36 F5).
    assert run(exports_written(tmp_path, 7.2), tmp_path / "a").exit_status == 0
    # The exports of people and enrolments fresh, the schools, terms and courses a month old: a
    # district writes those by hand once a year.
    people = ("students.txt", "teachers.txt", "cc.txt", "sections.txt")
    assert run(exports_written(tmp_path, 30, fresh=people), tmp_path / "b").exit_status == 0


def test_one_export_job_stopped_beside_the_others_is_refused(tmp_path: Path) -> None:
    """A SIS schedules one export job per table: the students' job stopped two weeks ago, the
    others wrote tonight, and the set went out with two-week-old students, exit 0 (tester18 F12)."""
    out = tmp_path / "out"
    fresh = tuple(p.name for p in SAMPLE.iterdir() if p.name != "students.txt")
    result = run(exports_written(tmp_path, 14, fresh=fresh), out)
    assert result.exit_status == 1 and not out.exists()
    (problem,) = result.problems
    assert problem.code.id == "X978" and problem.where.file == "students.txt" and problem.params["table"] == "users"
    assert "14.0 days" in str(problem)


def test_a_run_for_another_date_is_not_checked(tmp_path: Path) -> None:
    old = exports_written(tmp_path, 30)
    result = run(old, tmp_path / "out", as_of=TODAY - dt.timedelta(days=30))
    assert "X971" not in {p.code.id for p in result.problems}


def test_the_profile_sets_the_age_or_turns_the_check_off(tmp_path: Path) -> None:
    old = exports_written(tmp_path, 14)
    for days, status in ((20, 0), (0, 0), (10, 1)):  # set: "10 (settings.max_export_age_days)"
        profile = tmp_path / f"district-{days}.yaml"
        profile.write_text(f"extends: powerschool\nsettings:\n  max_export_age_days: {days}\n", encoding="utf-8")
        result = run(old, tmp_path / f"out-{days}", profile=str(profile))
        assert result.exit_status == status, days
        assert ("X971" in {p.code.id for p in result.problems}) == (status == 1)


def test_a_zip_counts_by_its_own_time(tmp_path: Path) -> None:
    """A zip whose members keep no time (1980): the zip's own tells when the SIS wrote it."""
    archive = zip_written(tmp_path / "exports.zip", {}, default=None, zip_days=9)
    result = run(archive, tmp_path / "out")
    assert result.exit_status == 1
    assert [p.where.file for p in result.problems if p.code.id == "X971"] == ["exports.zip"]


def test_a_summer_night_with_old_exports_has_nothing_due(tmp_path: Path) -> None:
    """A district may pause its SIS exports over the summer: nothing is due (F422), exit 0."""
    rostering = FIXTURES / "powerschool" / "rostering"
    exports = tmp_path / "in"
    shutil.copytree(rostering / "in", exports)
    summer = dt.datetime(2027, 7, 15, 22, tzinfo=dt.UTC)
    when = (summer - dt.timedelta(days=40)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (when, when))
    result = api.run(
        api.RunOptions(
            profile=str(rostering / "district.yaml"),
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=summer.date(),
            now=summer,
        )
    )
    assert result.exit_status == 0 and not result.report.published
    assert "F422" in result.report.counts and "X971" not in result.report.counts


def test_exports_written_weeks_after_the_machines_clock_publish_but_say_the_clock_is_behind(tmp_path: Path) -> None:
    """The machine's date behind the SIS's (tester64 F2): on a run for today the exports, written
    36 days after this machine's clock, were read as of the wrong day with nothing said. Published,
    but a person must set the clock (X804, exit 1); an --as-of given by hand is the operator's date."""
    exports = exports_written(tmp_path, -36)
    result = run(exports, tmp_path / "out", as_of_by_clock=True)
    assert result.exit_status == 1 and result.report.published
    (said,) = result.report.examples["X804"]
    assert "36.0 days after this machine's clock (2026-10-15 02:00 UTC)" in str(said)
    assert said.params["written"] == "2026-11-20 02:00 UTC"
    assert "X804" not in run(exports, tmp_path / "given").report.counts
    assert "X804" not in run(exports_written(tmp_path, -0.5), tmp_path / "hours", as_of_by_clock=True).report.counts


def exports_behind(tmp_path: Path, behind: dict[str, float], *, night: dt.datetime = NOW) -> Path:
    """The sample written half a day before `night`, each file of `behind` that many days earlier."""
    exports = tmp_path / f"behind-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(SAMPLE, exports)
    for path in exports.iterdir():
        when = (night - dt.timedelta(days=0.5 + behind.get(path.name, 0))).timestamp()
        os.utime(path, (when, when))
    return exports


def test_a_nightly_export_a_week_behind_its_siblings_is_refused_also_with_as_of(tmp_path: Path) -> None:
    """The enrolments job stopped a week ago while the students' ran tonight (tester57 U3): within
    the 8 days X978 allows, the new student was published in no class and the schedule's changes
    reverted, exit 0. Judged against the newest nightly export, whatever the clock: a replay of
    that night's files (--as-of, the clock a month later) is refused too."""
    exports = exports_behind(tmp_path, {"cc.txt": 7})
    later = NOW + dt.timedelta(days=30)
    for now in (NOW, later):
        result = run(exports, tmp_path / f"out-{now.date()}", now=now)
        assert result.exit_status == 1 and not result.report.published
        (problem,) = result.problems
        assert problem.code.id == "X852" and problem.where.file == "cc.txt"
        assert problem.params["table"] == "enrollments" and problem.params["fresh"] == "students.txt"
        assert "7.0 days before students.txt (2026-10-14 14:00 UTC)" in str(problem)


def judged(
    exports: Path,
    nightly: dict[str, str],
    *,
    as_of: dt.date = TODAY,
    now: dt.datetime = NOW,
    feeding: dict[str, str] | None = None,
    settings: dict[str, object] | None = None,
) -> str:
    """The code check_siblings refuses the folder's exports with, or "" (SourceFile: path, display)."""
    sources = {p.stem: cast(SourceFile, SimpleNamespace(path=p, display=p.name)) for p in exports.iterdir()}
    try:
        freshness.check_siblings(sources, nightly, as_of=as_of, now=now, feeding=feeding, settings=settings)
    except TransformAbort as abort:
        return abort.problems[0].code.id
    return ""


def test_exports_a_day_apart_static_ones_older_or_said_weekly_pass(tmp_path: Path) -> None:
    """Honest drops: a job per table at other hours (a day and a half apart); the schools, terms
    and courses, written by hand, a month older; an export the profile says is not nightly; a
    fixture whose files' times say nothing of the --as-of night."""
    nightly = freshness.nightly(
        compile_plan(load.load("powerschool").data, target=REMIND, choices=Choices(as_of=TODAY))
    )
    # the teachers' enrolments come from the sections (and co-teachers) exports: nightly too
    assert nightly == {
        "students": "users",
        "cc": "enrollments",
        "sections": "enrollments",
        "sectionteacher": "enrollments",
    }
    assert judged(exports_behind(tmp_path, {"cc.txt": 5.5}), nightly) == "X852"
    static = dict.fromkeys(("schools.txt", "terms.txt", "courses.csv"), 30)
    assert judged(exports_behind(tmp_path, {"cc.txt": 1.5, **static}), nightly) == ""
    profile = tmp_path / "weekly.yaml"
    profile.write_text("extends: powerschool\nsources:\n  cc:\n    nightly: false\n", encoding="utf-8")
    said = compile_plan(load.load(str(profile)).data, target=REMIND, choices=Choices(as_of=TODAY))
    assert "cc" not in freshness.nightly(said) and "students" in freshness.nightly(said)
    checked_out = exports_behind(tmp_path, {"cc.txt": 7}, night=NOW + dt.timedelta(days=40))
    assert judged(checked_out, nightly, now=NOW + dt.timedelta(days=50)) == ""
    assert judged(checked_out, nightly, as_of=TODAY + dt.timedelta(days=39), now=NOW + dt.timedelta(days=50)) == "X852"


def test_jobs_run_on_weekdays_at_other_hours_pass_on_a_monday_and_after_a_long_weekend(tmp_path: Path) -> None:
    """A job per table on weekdays, students at 05:00, cc and sections at 23:00 (review124 R2): on
    a Monday the enrolments are Friday's, 2.25 days behind, after Thanksgiving 4.25. They were
    refused every Monday (a 2-day lag); the lag is settings.max_export_lag_days, 5 unless set."""
    nightly = {"students": "users", "cc": "enrollments", "sections": "enrollments"}
    for behind, code in ((2.25, ""), (4.25, ""), (5.25, "X852")):
        exports = exports_behind(tmp_path, {"cc.txt": behind, "sections.txt": behind})
        assert judged(exports, nightly) == code, behind
    week = exports_behind(tmp_path, {"cc.txt": 7})
    for settings, code in (({"max_export_lag_days": 10}, ""), ({"max_export_lag_days": 0}, ""), ({}, "X852")):
        assert judged(week, nightly, settings=settings) == code, settings
    assert judged(exports_behind(tmp_path, {"cc.txt": 3.5}), nightly, settings={"max_export_lag_days": 3}) == "X852"


def test_every_nightly_export_behind_a_fresh_staff_export_is_named(tmp_path: Path) -> None:
    """The job writing students, cc and sections stopped 6 days ago; teachers.txt (another job,
    not nightly by default) is tonight's (review124 R5): every nightly export was equally old, so
    none was behind the newest of them, published at exit 0. The newest of every export of people
    or enrolments counts; each export behind is named with its source (R3), and a bundled
    profile's words say how to write the district's own."""
    exports = exports_behind(tmp_path, {"students.txt": 6, "cc.txt": 6, "sections.txt": 6})
    result = run(exports, tmp_path / "out")
    assert result.exit_status == 1 and not result.report.published
    (problem,) = result.problems
    assert problem.code.id == "X852" and problem.params["fresh"] == "teachers.txt"
    text = str(problem)
    for name, table in (("cc", "enrollments"), ("sections", "enrollments"), ("students", "users")):
        assert f"(sources.{name}, {table}, 6.0 days behind)" in text
    assert "{extends: powerschool, sources: {cc: {nightly: false}, sections: {nightly: false}, students:" in text
    assert "5 days (the default of settings.max_export_lag_days)" in text


def test_nightly_true_opts_another_export_in(tmp_path: Path) -> None:
    """A staff export the SIS writes every night is judged once its source says `nightly: true`
    (review124 R7), and named in the district's own profile's words."""
    profile = tmp_path / "district.yaml"
    profile.write_text("extends: powerschool\nsources:\n  teachers:\n    nightly: true\n", encoding="utf-8")
    plan = compile_plan(load.load(str(profile)).data, target=REMIND, choices=Choices(as_of=TODAY))
    assert freshness.nightly(plan)["teachers"] == "users"
    exports = exports_behind(tmp_path, {"teachers.txt": 7})
    assert judged(exports, freshness.nightly(plan)) == "X852"
    result = run(exports, tmp_path / "out", profile=str(profile))
    (problem,) = result.problems
    assert problem.code.id == "X852" and problem.where.file == "teachers.txt"
    assert "say `nightly: false` under sources.<key> in " in str(problem) and "district.yaml" in str(problem)


def test_tonights_files_run_for_a_date_days_ahead_are_judged(tmp_path: Path) -> None:
    """A Thursday job rostering as of next Monday (--as-of 4 days ahead) skipped the check: the
    files are judged when the newest was written within the lag of the clock (review124 R4)."""
    exports = exports_behind(tmp_path, {"cc.txt": 7})
    nightly = {"students": "users", "cc": "enrollments"}
    assert judged(exports, nightly, as_of=TODAY + dt.timedelta(days=4)) == "X852"
    assert judged(exports, nightly, as_of=TODAY - dt.timedelta(days=10)) == "X852"


def test_a_zip_is_judged_by_its_members_own_times(tmp_path: Path) -> None:
    """A zip's members were unpacked with the time of the run, so a zip of tonight's students
    beside last week's enrolments was never judged (X852, X978) and published at exit 0
    (review124 R1). Each member now keeps the time the zip holds for it: its UTC time (the "UT"
    extra field) where there is one, else its local date_time."""
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(SAMPLE.iterdir()):
            behind = 7.5 if path.name == "cc.txt" else 0.5
            local = time.localtime((NOW - dt.timedelta(days=behind)).timestamp())[:6]
            zipped.writestr(zipfile.ZipInfo(path.name, date_time=local), path.read_bytes())
    when = (NOW - dt.timedelta(days=0.4)).timestamp()
    os.utime(archive, (when, when))
    result = run(archive, tmp_path / "out")
    assert result.exit_status == 1 and not result.report.published
    (problem,) = result.problems
    assert problem.code.id == "X852" and problem.where.file == "cc.txt"
    assert "7.0 days before" in str(problem)
    stamped = zipfile.ZipInfo("cc.txt", date_time=(2026, 10, 1, 9, 0, 0))
    stamped.extra = (
        (0x5455).to_bytes(2, "little") + (5).to_bytes(2, "little") + b"\x01" + (1_790_000_000).to_bytes(4, "little")
    )
    assert read._member_written(stamped) == 1_790_000_000
    assert read._member_written(zipfile.ZipInfo("cc.txt", date_time=(1980, 1, 1, 0, 0, 0))) is None


def zip_written(
    path: Path, behind: dict[str, float | None], *, default: float | None, zip_days: float, stamp: bool = False
) -> Path:
    """The sample zipped, each member written `behind` (else `default`) days before NOW: its local
    date_time, with its UTC "UT" field too when `stamp`; None: no time kept (1980). The zip's own
    time `zip_days` before NOW."""
    with zipfile.ZipFile(path, "w") as zipped:
        for member in sorted(SAMPLE.iterdir()):
            days = behind.get(member.name, default)
            if days is None:
                info = zipfile.ZipInfo(member.name, date_time=(1980, 1, 1, 0, 0, 0))
            else:
                when = (NOW - dt.timedelta(days=days)).timestamp()
                info = zipfile.ZipInfo(member.name, date_time=time.localtime(when)[:6])
                if stamp:
                    info.extra = (0x5455).to_bytes(2, "little") + (5).to_bytes(2, "little") + b"\x01"
                    info.extra += int(when).to_bytes(4, "little")
            zipped.writestr(info, member.read_bytes())
    when = (NOW - dt.timedelta(days=zip_days)).timestamp()
    os.utime(path, (when, when))
    return path


def test_a_zip_member_without_a_time_takes_the_zips_own(tmp_path: Path) -> None:
    """A weekly zip made 6 days ago whose SIS kept no time (1980) for students.txt: the member was
    unpacked with the time of the run, "written tonight", and the honest week-old set was refused
    X852 naming cc and sections (review129 R1). It takes the zip's own time: the zip was written
    after its members."""
    archive = zip_written(tmp_path / "weekly.zip", {"students.txt": None}, default=6, zip_days=6)
    result = run(archive, tmp_path / "out")
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]


def test_a_fresh_zip_of_old_members_is_judged_by_its_newest_member(tmp_path: Path) -> None:
    """The SIS stopped 20 days ago; a nightly `sftp get` (no -p) dates the same zip tonight. The
    zip's own time was judged: X978 blamed cc.txt alone 'while b.zip was written' tonight (review129
    R2); with X978's skip of zips back (1c76c459) it published the 20-day-old roster at exit 0
    (R3). The newest member is judged: the scheduled export looks stopped (X971)."""
    archive = zip_written(tmp_path / "b.zip", {}, default=20, zip_days=0.1, stamp=True)
    result = run(archive, tmp_path / "out")
    assert result.exit_status == 1 and not result.report.published
    (problem,) = result.problems
    assert problem.code.id == "X971" and problem.where.file != "b.zip" and "20.0 days" in str(problem)
    # One job's export of people stopped inside a fresh zip (teachers.txt: not nightly, no X852).
    archive = zip_written(tmp_path / "c.zip", {"teachers.txt": 14}, default=0.5, zip_days=0.1, stamp=True)
    result = run(archive, tmp_path / "out")
    assert result.exit_status == 1 and not result.report.published
    (problem,) = result.problems
    assert problem.code.id == "X978" and problem.where.file == "teachers.txt", str(problem)


def test_an_export_dated_after_the_clock_is_not_the_newest_the_others_are_behind(tmp_path: Path) -> None:
    """cc.txt dated days after this machine's clock (X804), its siblings tonight's (tester66 O5):
    X852 refused students.txt and sections.txt as 7 days 'before cc.txt'. The odd file out is no
    reference; a sibling behind the others is still refused, the file after the clock named. Where
    most files are after the clock, the clock is behind: they are judged against each other."""
    nightly = {"students": "users", "cc": "enrollments", "sections": "enrollments"}
    assert judged(exports_behind(tmp_path, {"cc.txt": -7}), nightly) == ""
    exports = exports_behind(tmp_path, {"cc.txt": -7, "sections.txt": 6})
    sources = {p.stem: cast(SourceFile, SimpleNamespace(path=p, display=p.name)) for p in exports.iterdir()}
    try:
        freshness.check_siblings(sources, nightly, as_of=TODAY, now=NOW)
        raise AssertionError("sections.txt, 6 days behind students.txt, passed")
    except TransformAbort as abort:
        (problem,) = abort.problems
    assert problem.where.file == "sections.txt" and problem.params["fresh"] == "students.txt"
    assert "not compared, dated after this machine's clock: cc.txt (2026-10-21 14:00 UTC)" in str(problem)
    clock_behind = {name: -7.0 for name in ("students.txt", "sections.txt", "teachers.txt")}
    assert judged(exports_behind(tmp_path, clock_behind), nightly) == "X852"  # cc.txt behind them all


def test_exports_paused_over_a_break_name_the_break_and_the_setting(tmp_path: Path) -> None:
    """tester90 T6: a SIS job that writes nothing over the winter break (the files last written the
    evening after Semester 1's last day) is refused from the break's ninth day (X971), as before; the
    words say it may be the break, and Next names settings.max_export_age_days (docs/scheduling.md) as the
    step for one, before looking at the job."""
    now = dt.datetime(2027, 1, 20, 2, 30, tzinfo=dt.UTC)
    exports = tmp_path / "frozen"
    shutil.copytree(SAMPLE, exports)
    written = dt.datetime(2027, 1, 8, 22, 0, tzinfo=dt.UTC).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    out = tmp_path / "out"
    result = run(exports, out, as_of=now.date(), now=now)
    assert result.exit_status == 1 and not out.exists()
    (problem,) = [p for p in result.problems if p.code.id == "X971"]
    assert "Semester 1 having ended 2027-01-15, a SIS export paused over the break" in problem.message
    step = " ".join(summary.next_step(result, out_dir=out, explain_path=None, upload=False).split())
    assert "set settings.max_export_age_days in the profile above the break's length (12 days tonight;" in step
    assert step.index("max_export_age_days") < step.index("look at the SIS's scheduled export"), step
