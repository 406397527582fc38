"""Exports a SIS stopped writing. A district's nightly job reads the files its SIS's scheduled
export leaves in a folder; when that export stops (a password expired, a disk filled, a server
moved), the files stay, and every night would publish the same old roster with exit 0: students
who left stay in Remind, new ones never arrive, and nobody is told. On a run for today, the
files' own modification times tell: when even the newest is older than the profile allows, the
run refuses (X971, exit 1). A run for another date (--as-of) is a replay or a test of old files,
and is not checked; nor is a night with nothing due (the summer, F422: a district may pause its
exports until the new year's terms), which stops before this check.

One export job of several can stop alone (SIS schedule a job per table): last week's enrolments
beside tonight's students publish the new student in no class and revert the schedule's changes,
however fresh the rest. `check_siblings` judges the exports written every night against the
newest export of people or enrolments, whatever the clock (X852), so a run for another date
judges them too when they are that night's files. A zip's members keep the times the zip holds
(read._extract), judged as a folder's files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

from .read import SourceFile

AHEAD = dt.timedelta(days=1)  # a SIS server's clock a few hours off, or another time zone, is no clock gone back
DEFAULT_DAYS = 8  # a weekly export passes, late or across a clock change; a nightly one that stopped is caught
# The exports a SIS writes every night finish within minutes of each other when one job writes
# them; a job per table may run at other hours (the enrolments at 23:00, the students at 05:00),
# and only on weekdays: on a Monday the enrolments are Friday's, 2.25 days behind, and after a
# four-day weekend (Thanksgiving, Wednesday 23:00 to Monday 05:00) 4.25. The lag allowed
# (settings.max_export_lag_days) is above that; a week behind is a job that stopped. A table
# one night behind is published with a day's changes late: its job's next run brings them.
SIBLING_LAG_DAYS = 5
# A run for another date (--as-of) judges the files' times only when they are that night's: the
# newest written within this many days of it (a replay of a night's files copied with their times,
# not a test's fixtures checked out of git, whose times say nothing of the night).
NIGHT_REACH = 2


def check(
    sources: dict[str, SourceFile],
    settings: dict[str, object],
    *,
    exports: Path,
    as_of: dt.date,
    now: dt.datetime,
    feeding: dict[str, str] | None = None,
    report: Report | None = None,
    term_ends: Mapping[str, dt.date] | None = None,
) -> None:
    """Say (X804) when the newest export was written over a day after this machine's clock (its
    date behind: the set is read as of another day than the SIS's). Refuse (X971) when the run is
    for today and every export is older than settings.max_export_age_days (0: never). `exports`:
    the folder or zip the command named; a zip's members keep their times (read._extract), and
    the newest member counts as a folder's newest file does. `term_ends` (a term's name -> its last
    day, tonight's classes' and those the term filter left out): one ended shortly before the newest
    export was written, or since, makes X971 say a break too, and the setting for one (`_on_break`)."""
    if abs((as_of - now.date()).days) > 1:
        return
    written = _written(sources, exports)
    if written is None:
        return
    newest, file = written
    if newest - now > AHEAD and report is not None:  # this machine's clock behind the SIS's
        report.add(
            codes.code("exports-after-clock"),
            Where(file=file),
            file=file,
            written=newest.strftime("%Y-%m-%d %H:%M UTC"),
            days=f"{(newest - now).total_seconds() / 86400:.1f}",
            now=now.strftime("%Y-%m-%d %H:%M UTC"),
            as_of=as_of.isoformat(),
        )
    allowed = settings.get("max_export_age_days", DEFAULT_DAYS)
    if not isinstance(allowed, int) or allowed <= 0:
        return
    age = now - newest
    if age <= dt.timedelta(days=allowed):
        _check_each(sources, feeding or {}, allowed=allowed, now=now, fresh=(newest, file), settings=settings)
        return
    raise TransformAbort(
        [
            Problem(
                codes.code("exports-stale"),
                Where(file=file),
                {
                    "file": file,
                    "written": newest.strftime("%Y-%m-%d %H:%M UTC"),
                    "days": f"{age.total_seconds() / 86400:.1f}",
                    "allowed": f"{allowed} ({'' if 'max_export_age_days' in settings else 'the default of '}"
                    "settings.max_export_age_days)",
                    **_on_break(term_ends or {}, newest.date(), as_of, allowed, age),
                },
            )
        ]
    )


# A term that ended this many days before the newest export was written, or since: the files may be a SIS
# job paused over the break that followed it (tester90 T6: frozen from 18 December, refused from the 28th).
BREAK_REACH = 7


def _on_break(
    term_ends: Mapping[str, dt.date], written: dt.date, as_of: dt.date, allowed: int, age: dt.timedelta
) -> dict[str, str]:
    """X971's words and step (summary.OWN_STEP) when a term ended shortly before the exports stopped being
    written, or since (`BREAK_REACH`): a SIS job paused over a break, which the setting lets through; {} else."""
    ended = sorted(
        (end, name) for name, end in term_ends.items() if written - dt.timedelta(days=BREAK_REACH) <= end < as_of
    )
    if not ended:
        return {}
    end, name = ended[-1]
    days = age.days + 1
    return {
        "on_break": f"; or, {name} having ended {end.isoformat()}, a SIS export paused over the break",
        "step": (
            f"If the SIS's export is paused over the break after {name} (ended {end.isoformat()}), set "
            f"settings.max_export_age_days in the profile above the break's length ({days} days tonight; "
            f"docs/scheduling.md), and rerun; set it back when the exports run again. If it is no break, look at "
            "the SIS's scheduled export (its log, the account it runs as, the folder it writes to) and run it again."
        ),
    }


def _check_each(
    sources: dict[str, SourceFile],
    feeding: dict[str, str],
    *,
    allowed: int,
    now: dt.datetime,
    fresh: tuple[dt.datetime, str],
    settings: dict[str, object],
) -> None:
    """Refuse (X978) when an export of people or enrolments (`feeding`: source -> the table it
    feeds) is older than allowed while another was written lately: SIS schedule one export job
    per table, and one that stopped (the students') went unnoticed beside the others (tester18
    F12). The schools, terms and courses exports, written by hand once a year, are not checked."""
    stale = [t for t in _times(sources, feeding) if now - t.written > dt.timedelta(days=allowed)]
    if not stale:
        return
    oldest = min(stale)
    raise TransformAbort(
        [
            Problem(
                codes.code("export-stale-beside-fresh"),
                Where(file=oldest.file),
                {
                    "file": oldest.file,
                    "table": oldest.table,
                    "written": _stamp(oldest.written),
                    "days": f"{(now - oldest.written).total_seconds() / 86400:.1f}",
                    "fresh": fresh[1],
                    "fresh_written": _stamp(fresh[0]),
                    "allowed": f"{allowed} ({'' if 'max_export_age_days' in settings else 'the default of '}"
                    "settings.max_export_age_days)",
                },
            )
        ]
    )


def feeding(plan: Plan) -> dict[str, str]:
    """The exports people or enrolments are written from (the users and enrollments rules' own),
    each with the table it feeds: those X978 judges, and those whose newest X852 judges by."""
    return {rule.source: table for table in ("enrollments", "users") for rule in plan.rules.get(table, ())}


def nightly(plan: Plan) -> dict[str, str]:
    """The exports the SIS writes every night (a source's `nightly`, else those the enrollments
    rules read and those a users rule writes students from), each with the table it feeds."""
    by_rules = {rule.source for rule in plan.rules.get("enrollments", ())}
    by_rules.update(
        rule.source
        for rule in plan.rules.get("users", ())
        if any(c.name == "role" and c.literal == "student" for c in rule.columns)
    )
    fed = feeding(plan)
    tables = {rule.source: table for table, rules in plan.rules.items() for rule in rules}
    return {
        name: fed.get(name) or tables.get(name, "no table")
        for name, source in plan.sources.items()
        if source.nightly or (source.nightly is None and name in by_rules)
    }


@dataclasses.dataclass(frozen=True, order=True)
class Written:
    """When one export was last written, as the report names it."""

    written: dt.datetime
    file: str
    table: str
    source: str


@dataclasses.dataclass(frozen=True)
class Profile:
    """The profile a run reads, for X852's words: its name and whether it is a bundled one
    (a district then writes its own that extends it) or the district's file."""

    name: str
    bundled: bool


def check_siblings(
    sources: dict[str, SourceFile],
    nightly: dict[str, str],
    *,
    as_of: dt.date,
    now: dt.datetime,
    feeding: dict[str, str] | None = None,
    settings: dict[str, object] | None = None,
    profile: Profile | None = None,
) -> None:
    """Refuse (X852) when an export written every night (`nightly`: source -> the table it feeds)
    was last written more than settings.max_export_lag_days (SIBLING_LAG_DAYS) before the newest
    export of people or enrolments (`feeding` and `nightly`): its job stopped while the others
    ran. Every nightly export that far behind is named. Files given one time by a copy (cp, sftp
    get without -p) are never refused; an unzipped folder, and a zip's members, keep each file's
    own. A run for another date judges them only when the newest was written within NIGHT_REACH
    days of that date or within the lag of the clock (tonight's files, --as-of ahead)."""
    settings = settings or {}
    lag = settings.get("max_export_lag_days", SIBLING_LAG_DAYS)
    if not isinstance(lag, int) or lag <= 0:
        return
    judged = _times(sources, nightly)
    every = _times(sources, {**(feeding or {}), **nightly})
    if not judged or len(every) < 2:
        return
    ahead = _after_clock(every, now)
    reference = [t for t in every if t not in ahead] if ahead else every
    newest = max(reference, key=lambda t: (t.written, t.source in nightly, t.file))  # a tie: a nightly one named
    tonight = abs(now - newest.written) <= dt.timedelta(days=lag)
    if abs((as_of - now.date()).days) > 1 and abs((newest.written.date() - as_of).days) > NIGHT_REACH and not tonight:
        return
    behind = sorted(t for t in judged if newest.written - t.written > dt.timedelta(days=lag))
    if not behind:
        return
    said = "max_export_lag_days" in settings
    raise TransformAbort([_behind(behind, newest, lag=lag, said=said, profile=profile, ahead=ahead)])


def _after_clock(every: list[Written], now: dt.datetime) -> list[Written]:
    """The exports dated over a day after this machine's clock (X804's judgement) while most are
    not: the odd files out, never the newest the others are judged behind (tester66 O5: cc.txt
    dated 3 days ahead made sections.txt and students.txt, written tonight, 'behind'). Where
    most are ahead, the clock is (X804 says so) and they are judged against each other."""
    ahead = [t for t in every if t.written - now > AHEAD]
    return ahead if 2 * len(ahead) <= len(every) else []


def _behind(
    behind: list[Written], newest: Written, *, lag: int, said: bool, profile: Profile | None, ahead: list[Written]
) -> Problem:
    """X852 naming every nightly export behind (oldest first) and how to say one is not nightly;
    an export dated after the clock is named as not compared."""
    oldest = behind[0]

    def days(t: Written) -> str:
        return f"{(newest.written - t.written).total_seconds() / 86400:.1f}"

    named = "; ".join(f"{t.file} (sources.{t.source}, {t.table}, {days(t)} days behind)" for t in behind)
    if ahead:
        named += "; not compared, dated after this machine's clock: " + ", ".join(
            f"{t.file} ({_stamp(t.written)})" for t in ahead
        )
    keys = ", ".join(f"{t.source}: {{nightly: false}}" for t in behind)
    if profile is None or profile.bundled:
        extends = profile.name if profile is not None else "PROFILE"
        where = (
            f"write a district profile (district.yaml: `{{extends: {extends}, sources: {{{keys}}}}}`) and run "
            "with --profile district.yaml"
        )
    else:
        where = f"say `nightly: false` under sources.<key> in {profile.name} (`sources: {{{keys}}}`)"
    return Problem(
        codes.code("export-behind-siblings"),
        Where(file=oldest.file),
        {
            "file": oldest.file,
            "table": oldest.table,
            "written": _stamp(oldest.written),
            "days": days(oldest),
            "fresh": newest.file,
            "fresh_written": _stamp(newest.written),
            "lag": f"{lag} days ({'' if said else 'the default of '}settings.max_export_lag_days)",
            "behind": named,
            "fix": where,
        },
    )


def _times(sources: dict[str, SourceFile], names: dict[str, str]) -> list[Written]:
    """When each of these exports (source -> the table it feeds) was last written; an export not
    found or not readable is left out."""
    found = []
    for name, table in names.items():
        if (source := sources.get(name)) is None:
            continue
        try:
            found.append(Written(_mtime(source.path), source.display, table, name))
        except OSError:
            continue
    return found


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


def _written(sources: dict[str, SourceFile], exports: Path) -> tuple[dt.datetime, str] | None:
    """When the newest export was last written, and its name as the report shows it. A zip's
    members keep the times it holds for them (read._extract): the newest member is judged, not
    the zip, which a copy (sftp get without -p) dates tonight however old what it holds (review129
    R2); members it kept no time for took its own, and then the zip is named."""
    try:
        found = [(_mtime(s.path), s.display) for s in sources.values()]
        zipped = _mtime(exports) if exports.is_file() else None
    except OSError:
        return None
    if not found:
        return None
    newest = max(found)
    return (newest[0], exports.name) if newest[0] == zipped else newest


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
