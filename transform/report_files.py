"""--report's and --html's files before a run's own end is known: what a pipeline reading them sees is
never the night before's. A run writes them as it begins (status "running", and a page saying it has
not ended), before the library loads (a second or two a SIGKILL could fall in, leaving last night's
"published"); a run refused before it began (exit 2: an output path, a command line typer cannot
take) writes its refusal there, as one refused later does. A file that cannot be written is removed.

Only what the command line imports anyway, and the writer: the library is not loaded here."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import transform
from transform.report.codes import BY_SLUG, EXIT_USAGE, explain
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import PAGE_MARK

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
    day = as_of.isoformat() if isinstance(as_of, dt.date) else _day(str(as_of))
    given = {
        "profile": profile,
        "target": target,
        "as_of": day,
        "tool_version": transform.__version__,
        "out": str(out.absolute()) if out is not None else None,
        "ran_at": started.isoformat(timespec="seconds"),
    }
    return {key: value for key, value in given.items() if value is not None}


def _day(given: str) -> str | None:
    """`given` if it is a real date YYYY-MM-DD (as cli._as_of takes it), else None: 2026-13-45 is none
    (reviewer176 R3: it was recorded as the run's as_of)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", given):
        return None
    try:
        return dt.date.fromisoformat(given).isoformat()
    except ValueError:
        return None


def started(report: Path | None, html: Path | None, run_facts: dict[str, Any]) -> None:
    """Replace --report's file, whole, by one saying the run began and has not ended (status "running",
    published false, no exit status), and --html's by a page saying so: a run killed before its end
    otherwise left the night before's, "published" at exit 0, for tonight's (tester75 O5; the page,
    state62). A file that cannot be written is removed, for the same reason; the end writes the run's
    own, and says if it cannot. The paths were checked (preflight.output_file) before."""
    from transform.pipeline.write import a_stream, write_whole
    from transform.report.report import started as started_report

    step = NOT_FINISHED.format(ran_at=run_facts["ran_at"])
    # A FIFO or /dev/stdout holds no night before's to replace: its reader takes the run's one report
    # (reviewer189 R3: given the "running" one, the end's write waited for a reader gone).
    if report is not None and not a_stream(report):
        _replace(report, lambda: write_whole(report, started_report(run_facts | {"next_step": step})))
    if html is not None and not a_stream(html):
        _replace(html, lambda: write_whole(html, _page_started(run_facts, step)))


def _page_started(run_facts: dict[str, Any], step: str) -> str:
    return _page(run_facts, "running", f"Not finished: {step}.")


def _page(run_facts: dict[str, Any], verdict: str, said: str) -> str:
    from html import escape  # only with --html (its entities table: a plain run does without, tests/test_startup.py)

    title = f"Roster run {run_facts.get('as_of', '')}: {verdict}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8">'
        f"{PAGE_MARK}<title>{escape(title)}</title></head>\n<body>\n<h1>{escape(title)}</h1>\n"
        f'<p data-verdict="{escape(verdict)}" data-ran-at="{escape(str(run_facts.get("ran_at", "")))}">'
        f"{escape(said)}</p>\n"
        f"<p>Output folder: {escape(str(run_facts.get('out', '')))}</p>\n</body>\n</html>\n"
    )


def ended(html: Path | None, run_facts: dict[str, Any], said: str) -> None:
    """A run that stopped before drawing its page (a bug, exit 3; out of memory, X931): --html's page,
    still this run's "running" one, says so; a page the run drew itself is left alone (reviewer176 R5:
    the "running" page, its words blaming a kill, stayed for good)."""
    from transform.pipeline.write import write_whole

    if html is None:
        return
    from html import escape

    mark = f'data-verdict="running" data-ran-at="{escape(str(run_facts.get("ran_at", "")))}"'
    with contextlib.suppress(OSError, UnicodeError):
        if mark in html.read_text(encoding="utf-8"):
            _replace(html, lambda: write_whole(html, _page(run_facts, "failed", f"Failed: {said}.")))


def refused(
    report: Path | None,
    html: Path | None,
    problems: Sequence[Problem],
    run_facts: dict[str, Any],
    *,
    out: Path | None,
    operands: Sequence[Path],
    seconds: float,
) -> None:
    """A run refused before it began (exit 2): its report and page say so, as a run refused later
    writes them, in place of the night before's (which said "published", state62). A path that is
    itself what was refused (inside OUT, an export, a folder) is left alone: it is not --report's to
    replace; each of `operands` (EXPORTS, OUT, or words the line may have misplaced) is taken as
    either; two options naming one file: the report is written there. Only a file there already (last
    night's) is replaced: none is made, as before (tester63 F12's test: `--report x --html x` makes no x)."""
    from transform.pipeline.write import write_whole
    from transform.report.report import Report
    from transform.report.summary import stopped_by

    done = Report(max_examples=20)
    done.facts.update(run_facts)
    for problem in problems:
        done.add_problem(problem)
    first = problems[0].code.id
    step = explain(first)[1] or "Correct the command line, then rerun"
    done.facts.update(
        exit_status=EXIT_USAGE,
        duration_seconds=round(seconds, 3),
        next_step=step,  # without "Next: ", as a run's own (the page says it: reviewer187 R2)
        stopped_by=stopped_by(problems),
    )
    written: set[Path] = set()
    if report is not None and _own(report, operands, kind="report"):
        _replace(report, lambda: write_whole(report, done.to_json()))
        written.add(report.absolute().resolve())
    if html is not None and _own(html, operands, kind="page") and html.absolute().resolve() not in written:
        # The page says what OUT holds: with OUT not known (typer refused before it), no page, not last night's.
        _replace(html, lambda: _page_refused(html, done.to_dict(), out=out))


def _page_refused(html: Path, report: dict[str, Any], *, out: Path | None) -> None:
    """The refusal's page, or, OUT not known, none: last night's removed (a link's target), a stream left alone."""
    from transform.html_report import page
    from transform.pipeline.write import a_stream

    if out is not None:
        page.write(html, report, redact=False)
    elif not a_stream(html):
        Path(os.path.realpath(html)).unlink()


def usage_refused(
    args: Sequence[str],
    detail: str,
    *,
    valued: set[str],
    known: set[str],
    started: dt.datetime,
    seconds: float,
) -> None:
    """A run command line typer refused (an option's value, an unknown option: X950, exit 2) that names
    --report or --html: their files say so, not last night's "published". Read from the words given
    as click reads them (`valued`: the command's options that take a value, `known`: all its options),
    typer having parsed none; nothing when neither is given a value. Nothing is written inside or over
    any operand (each may be EXPORTS or OUT), and a fact the line does not surely give is left out: with
    an option it does not know (it may take a value) or not two operands, which is OUT is not sure
    (reviewer176 R1: a typo's value read as EXPORTS, the report written into OUT; R3)."""
    line = read_line(args, valued=valued, known=known)
    named = line.named
    if not named.get("--report") and not named.get("--html"):
        return
    out = Path(line.operands[1]) if line.sure and len(line.operands) == 2 else None
    run_facts = facts(
        profile=named.get("--profile"),
        target=named.get("--target", "remind"),
        as_of=named.get("--as-of"),
        out=out,
        started=started,
    )
    problem = Problem(BY_SLUG["usage-error"], Where(), {"detail": detail, "command": "transform run"})
    report, html = (Path(named[o]) if named.get(o) else None for o in ("--report", "--html"))
    with contextlib.suppress(TransformAbort, OSError, ValueError):
        refused(
            report,
            html,
            [problem],
            run_facts,
            out=out,
            operands=[Path(o) for o in line.operands],
            seconds=seconds,
        )


# The options whose value says where the files go and what the report's facts are (cli.run_command),
# by the names their short forms stand for.
_VALUED = ("--report", "--html", "--profile", "--target", "--as-of")
_SHORT = {"-p": "--profile"}


@dataclass
class Line:
    """A run command line as click reads it: `named`, _VALUED's last values; `operands`, the words
    that are no option nor an option's value; `sure`, no word it does not know (an unknown option
    may take a value, so what follows it may be an operand or not) and no option missing its value."""

    named: dict[str, str] = field(default_factory=dict)
    operands: list[str] = field(default_factory=list)
    sure: bool = True


def read_line(args: Sequence[str], *, valued: set[str], known: set[str]) -> Line:
    """`--opt VALUE`, `--opt=VALUE`, `-p VALUE`, `-pVALUE`, combined short flags (`-qp VALUE`), `--`."""
    line = Line()
    rest = list(args[1:] if args and args[0] == "run" else args)
    i = 0
    while i < len(rest):
        arg = rest[i]
        i += 1
        if arg == "--":
            line.operands += rest[i:]
            break
        if not arg.startswith("-") or arg == "-":
            line.operands.append(arg)
            continue
        name, value = _option(arg, valued=valued, known=known, line=line)
        if name is not None and value is None:
            if i >= len(rest):
                line.sure = False
                break
            value, i = rest[i], i + 1
        if name is not None and value is not None:
            line.named[_SHORT.get(name, name)] = value
    return line


def _option(arg: str, *, valued: set[str], known: set[str], line: Line) -> tuple[str | None, str | None]:
    """The valued option `arg` names (None: flags only) and its value if attached (None: the next word)."""
    if arg.startswith("--"):
        name, eq, value = arg.partition("=")
        if name not in known:
            line.sure = False
        return (name, value if eq else None) if name in valued else (None, None)
    for j, letter in enumerate(arg[1:], start=1):
        name = f"-{letter}"
        if name in valued:
            return name, arg[j + 1 :] or None
        if name not in known:
            line.sure = False
    return None, None


def _own(path: Path, operands: Sequence[Path], *, kind: str) -> bool:
    """`path` may be replaced or removed: one of our own files of `kind` already ("report": a JSON report,
    "page": a page the tool drew, `ours`), and, a second guard, for each operand, as OUT not in it or its
    state folder, as EXPORTS not it nor in it (reviewer176 R1: a typo's value taken for EXPORTS
    made the real EXPORTS OUT, and the report was written into the real OUT, refusing the next night)."""
    from transform.pipeline import preflight

    try:
        for operand in operands:
            preflight.outside("--report", path, operand)
            preflight.not_an_export("--report", path, operand)
    except TransformAbort:
        return False
    return ours(path, kind=kind)


def replaceable(option: str, path: Path, *, kind: str) -> None:
    """Refuse (X902, exit 2) to write `option`'s file over one that is not ours of `kind` (`ours`): a
    file of another set (its users.csv), a zip, an export, a report given as a page. An empty file (a
    scheduler's `mktemp`, or only whitespace: `echo > r.json`) holds nothing to lose. tester85 T5:
    `report R --html OTHER/users.csv` wrote the page over that set's users.csv at exit 0; only the OUT
    the report names was guarded. A stream (a FIFO, /dev/stdout) is written in place, nothing replaced
    (reviewer195 R2: `--report /dev/stdout >> cron.log` read the log, refused every night)."""
    from transform.pipeline.write import a_stream

    try:
        if a_stream(path) or not path.is_file() or _blank(path):
            return
    except OSError:
        return
    if ours(path, kind=kind):
        return
    what = {"report": "a report", "page": "a page"}[kind]
    detail = (
        f"{path} does not look like {what} of this tool; it is not replaced: if it is an old or damaged {kind} "
        f"of this tool, move it away and run again; else give {option} another file name"
    )
    raise TransformAbort([Problem(BY_SLUG["bad-option"], Where(), {"option": option, "detail": detail})])


def _blank(path: Path) -> bool:
    """Empty, or whitespace only (a BOM aside), whatever its size (reviewer195 R5: 4 KiB of it was
    refused, 4 KiB less one byte not): read no further than its first byte that is no whitespace."""
    with path.open("rb") as held:
        chunk = held.read(_HEAD).removeprefix(_BOM)
        while chunk:
            if chunk.strip():
                return False
            chunk = held.read(1 << 16)
    return True


_BOM = b"\xef\xbb\xbf"


# Read no more of a file to tell if it is ours: a report or a page is far smaller (a zip or an export may not be).
_READ_AT_MOST = 64 * 1024 * 1024


def ours(path: Path, *, kind: str) -> bool:
    """`path` is a file the tool wrote as --report ("report": a JSON object with the report's `format`,
    `published` and `facts`, and facts.exit_status or its totals and problems, of any era (`_shaped`); one
    cut short mid-write by how it begins; an editor's BOM aside) or --html ("page": a page
    carrying PAGE_MARK, or drawn before it had one). The only files a refusal before the run replaces,
    whatever the line's operands: last night's zip, --explain's CSV, a file of OUT's set or an export that
    a line named as --report are none (reviewer182 R1: each was overwritten by the refusal's JSON when the
    line lost the operands that guarded it). A stream (a FIFO a pipeline reads, /dev/stdout) is written in
    place, never read (its read waits for a writer) nor replaced: its reader takes what is written."""
    from transform.pipeline.write import a_stream

    if a_stream(path):
        return True
    try:
        if not path.is_file() or path.stat().st_size > _READ_AT_MOST:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if kind == "report":
        return _a_report(data)
    text = data[:_HEAD].decode("utf-8", errors="replace")
    return PAGE_MARK in text or _an_earlier_page(data.decode("utf-8", errors="replace"))


_HEAD = 4096  # PAGE_MARK is in the page's <head>, before its style


def _a_report(data: bytes) -> bool:
    text = data.removeprefix(_BOM).lstrip()  # re-saved by an editor (reviewer189 R2: a BOM, refused)
    if text[:1] != b"{":
        return False
    try:
        report = json.loads(text)
    except RecursionError:
        return False
    except ValueError:  # cut short mid-write (a full disk, an old validate writing in place): how it begins
        return _REPORT_OPENING.match(text) is not None or _OPENING.startswith(text.rstrip())
    if not isinstance(report, dict) or not isinstance(report.get("format"), int):
        return False
    # Our report's own keys together, whatever its era: a `format` and a `status` alone are another
    # tool's JSON as well (reviewer195 R5: {"format": 2, "status": "ok"} was replaced as ours).
    return isinstance(report.get("status", ""), str) and _shaped(report)


# How every report the tool wrote begins (Report.to_dict's first keys, whatever its era or indent), and,
# cut even before them, its first bytes as the tool writes them.
_REPORT_OPENING = re.compile(rb'\{\s*"format"\s*:\s*\d+\s*,\s*"published"\s*:\s*(?:true|false)\s*[,}]')
_OPENING = b'{\n  "format": 1,\n  "published": '


def _shaped(report: dict[str, Any]) -> bool:
    """A report of any era (with `status` or before it, last night's the first night after an upgrade): a
    run's says if it published and its exit status (reviewer187: a refusal left it in place); one with no
    exit status (validate's, a run's "running" one), its published, facts, totals and problems, as every
    report since the first (reviewer189 R1: every nightly validate job's report refused, exit 2, after the
    upgrade)."""
    facts = report.get("facts")
    if not isinstance(report.get("published"), bool) or not isinstance(facts, dict):
        return False
    totals = report.get("totals")
    shaped = isinstance(totals, dict) and _an_int(totals.get("errors")) and isinstance(report.get("problems"), list)
    return _an_int(facts.get("exit_status")) or shaped


def _an_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _an_earlier_page(text: str) -> bool:
    """A page drawn before pages carried PAGE_MARK (last night's, the first night after an upgrade)."""
    head = text[:_HEAD].lstrip("\ufeff \t\r\n")  # re-saved by an editor: a BOM, a line before
    drawn = 'data-fact="facts.exit_status"' in text
    begun = '<p data-verdict="' in text and 'data-ran-at="' in text
    return head.startswith("<!DOCTYPE html>") and "<title>Roster run " in head and (drawn or begun)


def _replace(path: Path, write: Any) -> None:
    """`write` `path`'s file; when it cannot, the file is removed (not last night's left for tonight's):
    a link's target, never the link (reviewer195 R3: replaced by a file, its target kept last night's
    report), nor a stream (a FIFO, /dev/stdout)."""
    from transform.pipeline.write import a_stream

    try:
        write()
    except OSError:
        with contextlib.suppress(OSError):
            if not a_stream(path):
                Path(os.path.realpath(path)).unlink()
