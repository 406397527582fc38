"""--report's and --html's files before a run's own end is known: what a pipeline reading them sees is
never the night before's. A run writes them as it begins (status "running", and a page saying it has
not ended), before the library loads (a second or two a SIGKILL could fall in, leaving last night's
"published"); a run refused before it began (exit 2: an output path, a command line typer cannot
take) writes its refusal there, as one refused later does. A file that cannot be written is removed.

Only what the command line imports anyway, and the writer: the library is not loaded here."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import transform
from transform.report.codes import BY_SLUG, EXIT_USAGE, explain
from transform.report.problem import Problem, TransformAbort, Where

# facts.next_step of the report a run writes as it begins (`started`).
NOT_FINISHED = (
    "the run that began at {ran_at} has not ended: while it runs, wait for it; if its process is gone, it was "
    "stopped before its end (killed, out of memory, a reboot) and nothing says what it published: look at the "
    "job's log, then rerun"
)


def facts(*, profile: object, target: object, as_of: object, out: Path | None, started: dt.datetime) -> dict[str, Any]:
    """The facts every report of a run begun at `started` carries, whatever ended it: `as_of` a date, or
    as the command line gave it (none: today's, the run's default; one that is no date is left out)."""
    if as_of is None:
        as_of = dt.date.today()  # noqa: DTZ011 (the district's calendar day, as cli._as_of)
    day = as_of.isoformat() if isinstance(as_of, dt.date) else str(as_of)
    given = {
        "profile": profile,
        "target": target,
        "as_of": day if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else None,
        "tool_version": transform.__version__,
        "out": str(out.absolute()) if out is not None else None,
        "ran_at": started.isoformat(timespec="seconds"),
    }
    return {key: value for key, value in given.items() if value is not None}


def started(report: Path | None, html: Path | None, run_facts: dict[str, Any]) -> None:
    """Replace --report's file, whole, by one saying the run began and has not ended (status "running",
    published false, no exit status), and --html's by a page saying so: a run killed before its end
    otherwise left the night before's, "published" at exit 0, for tonight's (tester75 O5; the page,
    state62). A file that cannot be written is removed, for the same reason; the end writes the run's
    own, and says if it cannot. The paths were checked (preflight.output_file) before."""
    from transform.pipeline.write import write_whole
    from transform.report.report import started as started_report

    step = NOT_FINISHED.format(ran_at=run_facts["ran_at"])
    if report is not None:
        _replace(report, lambda: write_whole(report, started_report(run_facts | {"next_step": step})))
    if html is not None:
        _replace(html, lambda: write_whole(html, _page_started(run_facts, step)))


def _page_started(run_facts: dict[str, Any], step: str) -> str:
    title = f"Roster run {run_facts.get('as_of', '')}: running"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body>\n<h1>{escape(title)}</h1>\n"
        f'<p data-verdict="running">Not finished: {escape(step)}.</p>\n'
        f"<p>Output folder: {escape(str(run_facts.get('out', '')))}</p>\n</body>\n</html>\n"
    )


def refused(
    report: Path | None,
    html: Path | None,
    problems: Sequence[Problem],
    run_facts: dict[str, Any],
    *,
    out: Path | None,
    exports: Path | None,
    seconds: float,
) -> None:
    """A run refused before it began (exit 2): its report and page say so, as a run refused later
    writes them, in place of the night before's (which said "published", state62). A path that is
    itself what was refused (inside OUT, an export, a folder) is left alone: it is not --report's to
    replace; two options naming one file: the report is written there."""
    from transform.pipeline.write import write_whole
    from transform.report.report import Report
    from transform.report.summary import stopped_by

    done = Report(max_examples=20)
    done.facts.update(run_facts)
    for problem in problems:
        done.add_problem(problem)
    first = problems[0].code.id
    step = explain(first)[1] or "correct the command line, then rerun"
    done.facts.update(
        exit_status=EXIT_USAGE,
        duration_seconds=round(seconds, 3),
        next_step=f"Next: {step}",
        stopped_by=stopped_by(problems),
    )
    written: set[Path] = set()
    if report is not None and _own(report, out, exports):
        _replace(report, lambda: write_whole(report, done.to_json()))
        written.add(report.absolute().resolve())
    if html is not None and _own(html, out, exports) and html.absolute().resolve() not in written:
        from transform.html_report import page

        # The page says what OUT holds: with OUT not known (typer refused before it), no page, not last night's.
        _replace(html, lambda: page.write(html, done.to_dict(), redact=False) if out is not None else html.unlink())


def usage_refused(args: Sequence[str], detail: str, *, valued: set[str], started: dt.datetime, seconds: float) -> None:
    """A run command line typer refused (an option's value, an unknown option: X950, exit 2) that names
    --report or --html: their files say so, not last night's "published". Read from the words given
    (`valued`: the command's options that take a value), typer having parsed none; nothing when
    neither is given a value, and nothing written inside OUT or EXPORTS (their paths as given)."""
    named = _named(args)
    if not named.get("--report") and not named.get("--html"):
        return
    operands = _operands(args, valued)
    out = Path(operands[1]) if len(operands) > 1 else None
    run_facts = facts(
        profile=named.get("--profile", named.get("-p")),
        target=named.get("--target", "remind"),
        as_of=named.get("--as-of"),
        out=out,
        started=started,
    )
    problem = Problem(BY_SLUG["usage-error"], Where(), {"detail": detail, "command": "transform run"})
    report, html = (Path(named[o]) if named.get(o) else None for o in ("--report", "--html"))
    exports = Path(operands[0]) if operands else None
    with contextlib.suppress(TransformAbort, OSError, ValueError):
        refused(report, html, [problem], run_facts, out=out, exports=exports, seconds=seconds)


# The options whose value says where the files go and what the report's facts are (cli.run_command).
_VALUED = ("--report", "--html", "--profile", "-p", "--target", "--as-of")


def _named(args: Sequence[str]) -> dict[str, str]:
    """Each of _VALUED's last value in `args` (`--report PATH` or `--report=PATH`)."""
    found: dict[str, str] = {}
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if name in _VALUED and eq:
            found[name] = value
        elif arg in _VALUED and i + 1 < len(args):
            found[arg] = args[i + 1]
    return found


def _operands(args: Sequence[str], valued: set[str]) -> list[str]:
    """EXPORTS and OUT as given: the words that are no option nor an option's value (all after `--`)."""
    words: list[str] = []
    rest = list(args[1:] if args and args[0] == "run" else args)
    skip = False
    for i, arg in enumerate(rest):
        if skip:
            skip = False
        elif arg == "--":
            return words + rest[i + 1 :]
        elif arg.startswith("-") and arg != "-":
            skip = "=" not in arg and arg in valued
        else:
            words.append(arg)
    return words


def _own(path: Path, out: Path | None, exports: Path | None) -> bool:
    """`path` may be replaced or removed: not OUT, its state folder or an export, not a folder."""
    from transform.pipeline import preflight

    try:
        if out is not None:
            preflight.outside("--report", path, out)
        if exports is not None:
            preflight.not_an_export("--report", path, exports)
    except TransformAbort:
        return False
    return not path.is_dir()


def _replace(path: Path, write: Any) -> None:
    try:
        write()
    except OSError:
        with contextlib.suppress(OSError):
            path.unlink()
