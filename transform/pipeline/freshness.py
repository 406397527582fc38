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
newest of them, whatever the clock (X852), so a run for another date judges them too when they
are that night's files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

from .read import SourceFile

AHEAD = dt.timedelta(days=1)  # a SIS server's clock a few hours off, or another time zone, is no clock gone back
DEFAULT_DAYS = 8  # a weekly export passes, late or across a clock change; a nightly one that stopped is caught
# The exports a SIS writes every night finish within minutes of each other when one job writes
# them; a job per table may run at other hours (the enrolments at 23:00, the students at 05:00):
# a day apart is normal, one night's job missed (a day and some hours) is said the next night
# by the row counts; two nights behind is a job that stopped.
SIBLING_LAG = dt.timedelta(days=2)
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
) -> None:
    """Say (X804) when the newest export was written over a day after this machine's clock (its
    date behind: the set is read as of another day than the SIS's). Refuse (X971) when the run is
    for today and every export is older than settings.max_export_age_days (0: never). `exports`:
    the folder or zip the command named; the zip's own time counts for X971 and X804 (its members
    keep their times, read._extract, which X978 and X852 compare with each other)."""
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
        _check_each(sources, feeding or {}, exports, allowed=allowed, now=now, fresh=(newest, file), settings=settings)
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
                },
            )
        ]
    )


def _check_each(
    sources: dict[str, SourceFile],
    feeding: dict[str, str],
    exports: Path,
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
    stale = []
    for name, table in feeding.items():
        source = sources.get(name)
        if source is None:
            continue
        try:
            written = _mtime(source.path)
        except OSError:
            continue
        if now - written > dt.timedelta(days=allowed):
            stale.append((written, source.display, table))
    if not stale:
        return
    written, file, table = min(stale)
    raise TransformAbort(
        [
            Problem(
                codes.code("export-stale-beside-fresh"),
                Where(file=file),
                {
                    "file": file,
                    "table": table,
                    "written": written.strftime("%Y-%m-%d %H:%M UTC"),
                    "days": f"{(now - written).total_seconds() / 86400:.1f}",
                    "fresh": fresh[1],
                    "fresh_written": fresh[0].strftime("%Y-%m-%d %H:%M UTC"),
                    "allowed": f"{allowed} ({'' if 'max_export_age_days' in settings else 'the default of '}"
                    "settings.max_export_age_days)",
                },
            )
        ]
    )


def nightly(plan: Plan) -> dict[str, str]:
    """The exports the SIS writes every night (a source's `nightly`, else those the enrollments
    rules read and those a users rule writes students from), each with the table it feeds."""
    by_rules: dict[str, str] = {}
    for rule in plan.rules.get("users", ()):
        if any(c.name == "role" and (c.fixed == "student" or c.parts == ("student",)) for c in rule.columns):
            by_rules.setdefault(rule.source, "users")
    for rule in plan.rules.get("enrollments", ()):
        by_rules[rule.source] = "enrollments"
    feeds = {rule.source: table for table, rules in plan.rules.items() for rule in rules}
    found = {}
    for name, source in plan.sources.items():
        said = source.nightly
        if said or (said is None and name in by_rules):
            found[name] = by_rules.get(name) or feeds.get(name, "no table")
    return found


def check_siblings(
    sources: dict[str, SourceFile], nightly: dict[str, str], *, as_of: dt.date, now: dt.datetime
) -> None:
    """Refuse (X852) when an export written every night (`nightly`: source -> the table it feeds)
    was last written more than SIBLING_LAG before the newest of them: its job stopped while the
    others ran. Files given one time by a copy (cp, sftp get without -p) are never refused; an
    unzipped folder keeps each file's own. A run for another date judges them only when the
    newest was written within NIGHT_REACH days of that date."""
    times = []
    for name, table in nightly.items():
        if (source := sources.get(name)) is None:
            continue
        try:
            times.append((_mtime(source.path), source.display, table))
        except OSError:
            continue
    if len(times) < 2:
        return
    newest, fresh, _ = max(times)
    if abs((as_of - now.date()).days) > 1 and abs((newest.date() - as_of).days) > NIGHT_REACH:
        return
    written, file, table = min(times)
    if newest - written <= SIBLING_LAG:
        return
    raise TransformAbort(
        [
            Problem(
                codes.code("export-behind-siblings"),
                Where(file=file),
                {
                    "file": file,
                    "table": table,
                    "written": written.strftime("%Y-%m-%d %H:%M UTC"),
                    "days": f"{(newest - written).total_seconds() / 86400:.1f}",
                    "fresh": fresh,
                    "fresh_written": newest.strftime("%Y-%m-%d %H:%M UTC"),
                },
            )
        ]
    )


def _written(sources: dict[str, SourceFile], exports: Path) -> tuple[dt.datetime, str] | None:
    """When the newest export was last written, and its name as the report shows it."""
    try:
        if exports.is_file():  # a zip
            return _mtime(exports), exports.name
        found = [(_mtime(s.path), s.display) for s in sources.values()]
    except OSError:
        return None
    return max(found) if found else None


def _mtime(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
