"""How a report looks on the terminal. No data logic here."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from transform.report.codes import BY_SLUG, CATALOGUE, Code, Severity
from transform.report.problem import Problem
from transform.report.report import Report

if TYPE_CHECKING:
    from transform.api import RunResult

_err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
_out = Console(highlight=False, soft_wrap=True, emoji=False)
EXAMPLES_SHOWN = 3
# Said on every run, published, paused or refused, --quiet or not: nothing to publish until a
# term starts (the summer), and the 90-day clock running out (Remind drops the district).
ALWAYS_SAID = ("F421", "F422", "X909", "X927")


def safely(say: Callable[[], None]) -> None:
    """Say something on stderr, whatever stderr is: closed (2>&-), full (/dev/full), a broken
    pipe. The run's result and exit code never depend on it; what cannot be said is dropped
    (fd 2 then points to /dev/null, so that Python's own flush at exit cannot fail either)."""
    if sys.stderr is None:  # started with stderr closed: there is nowhere to say it
        return
    try:
        say()
        sys.stderr.flush()
    except (OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)
        with contextlib.suppress(OSError, ValueError):
            sys.stderr.flush()  # what is still buffered goes to /dev/null


def line(text: str, *, err: bool = False) -> None:
    (_err if err else _out).print(text, markup=False)


def problems(found: list[Problem]) -> None:
    for problem in found:
        _err.print(str(problem), markup=False)


def summary(result: RunResult, *, out_dir: Path, quiet: bool, redact: bool) -> None:
    report = result.report
    if result.problems:
        _err.print("[bold red]Nothing published.[/] The run stopped:")
        problems(result.problems)
    problems(notices(report))
    if report.published:
        _say_published_but(report)
        _say_errors_first(report)
    if quiet:
        return
    if report.published:
        files = ", ".join(f"{name} {count}" for name, count in report.rows_written.items())
        _err.print(f"[bold green]Published[/] {escape(str(out_dir))}: {escape(files)}")
    changes = report.facts.get("changes")
    if changes:
        text = ", ".join(f"{table} +{c['added']} -{c['removed']} ~{c['changed']}" for table, c in changes.items())
        _err.print(f"Changes since the last published set: {text}", markup=False)
    if report.counts and not result.problems:
        _err.print(_counts(report))
        _print_examples(report, redact=redact)


def notices(report: Report) -> list[Problem]:
    """The problems of ALWAYS_SAID this run found."""
    return [p for cid in ALWAYS_SAID for p in report.examples.get(cid, [])[:1]]


def published_with_errors(report: Report) -> str:
    """One plain sentence when a published set lost records to error-level problems, else ""."""
    places = report.left_out.by_place(Severity.ERROR)
    if not places:
        return ""
    total = sum(sum(counts.values()) for counts in places.values())
    parts = []
    for place, counts in sorted(places.items(), key=lambda item: (-sum(item[1].values()), item[0])):
        causes = ", ".join(f"{cid} {report.codes_seen[cid].slug} {n}" for cid, n in counts.most_common())
        parts.append(f"{place} {sum(counts.values())} ({causes})")
    noun = "record was" if total == 1 else "records were"
    return (
        f"Published with errors: {total} {noun} left out by error-level problems: {'; '.join(parts)}. "
        "Each is listed with its file and line by --explain PATH."
    )


def _say_published_but(report: Report) -> None:
    """A published run that then failed to write something it was asked for: said first."""
    for problem in report.examples.get(BY_SLUG["after-publish-failed"].id, []):
        params = problem.params
        _err.print(
            f"[bold red]Published, but[/] {escape(str(params.get('what')))} failed: {escape(str(params.get('detail')))}"
        )


def _say_errors_first(report: Report) -> None:
    sentence = published_with_errors(report)
    if sentence:
        _err.print(f"[bold yellow]{escape(sentence)}[/]")


@dataclass(frozen=True, slots=True)
class LogContext:
    """What the JSON log line says about the run beside its report: when, how long, which tool."""

    started: dt.datetime  # aware, UTC
    seconds: float
    version: str
    command: str = "run"


def json_line(result: RunResult, *, out_dir: Path, context: LogContext, also: Sequence[str] = ()) -> None:
    """The record of one run for a scheduler's log (--log-format json): one JSON object on one
    line on stderr. `also`: what went wrong after the report was made (the report file itself)."""
    report = result.report
    stopped = list(result.problems) or _why_not_ok(report, result.exit_status)
    event = _log_skeleton(context, exit_status=result.exit_status, facts=report.facts) | {
        "published": report.published,
        "out": str(out_dir),
        "rows_written": report.rows_written,
        "changes": report.facts.get("changes", {}),
        "totals": report.to_dict()["totals"],
        "codes": dict(sorted(report.counts.items())),
        "stopped_by": [str(p) for p in stopped] + list(also),
        "stopped_by_codes": sorted({p.code.id for p in stopped}),
        "notices": [str(p) for p in notices(report)],
        "published_with_errors": published_with_errors(report),
    }
    print(json.dumps(event, sort_keys=True), file=sys.stderr, flush=True)


def json_refusal(
    stopped: Sequence[Problem],
    *,
    exit_status: int,
    context: LogContext,
    facts: dict[str, Any] | None = None,
    out_dir: Path | None = None,
) -> None:
    """The JSON log line of a command refused before any run began (a usage error): the same
    keys as a run's line, so that a log reader needs one schema."""
    event = _log_skeleton(context, exit_status=exit_status, facts=facts or {}) | {
        "published": False,
        "out": None if out_dir is None else str(out_dir),
        "rows_written": {},
        "changes": {},
        "totals": {"errors": len(stopped), "warnings": 0, "info": 0, "dropped": 0},
        "codes": dict(sorted(Counter(p.code.id for p in stopped).items())),
        "stopped_by": [str(p) for p in stopped],
        "stopped_by_codes": sorted({p.code.id for p in stopped}),
        "notices": [],
        "published_with_errors": "",
    }
    print(json.dumps(event, sort_keys=True), file=sys.stderr, flush=True)


def _log_skeleton(context: LogContext, *, exit_status: int, facts: dict[str, Any]) -> dict[str, Any]:
    return {
        "event": "transform",
        "timestamp": context.started.isoformat(timespec="seconds"),
        "duration_s": round(context.seconds, 3),
        "version": context.version,
        "command": context.command,
        "profile": facts.get("profile"),
        "as_of": facts.get("as_of"),
        "target": facts.get("target"),
        "exit": exit_status,
    }


# A run that exits 1 with no problem that stopped it: published, then one of these went wrong.
_AFTER_PUBLISH = ("upload-failed", "after-publish-failed")


def _why_not_ok(report: Report, exit_status: int) -> list[Problem]:
    if exit_status == 0:
        return []
    return [p for slug in _AFTER_PUBLISH for p in report.examples.get(BY_SLUG[slug].id, [])]


@contextmanager
def progress(*, enabled: bool) -> Iterator[Callable[[str, int], None] | None]:
    """A live "reading students.txt: 150,000 rows" line, only when a person watches a terminal."""
    if not enabled or not _err.is_terminal:
        yield None
        return
    with _err.status("reading the exports") as status:
        yield lambda file, rows: status.update(f"reading {escape(file)}: {rows:,} rows")


def verdict(result: RunResult, *, path: Path, redact: bool) -> None:
    """What `transform validate` says: valid or not, and why."""
    if result.problems:
        problems(result.problems)
        return
    word = "[bold green]valid[/]" if result.exit_status == 0 else "[bold red]not valid[/]"
    _err.print(f"{escape(str(path))}: {word}")
    if result.report.counts:
        _err.print(_counts(result.report))
        _print_examples(result.report, redact=redact)


def _print_examples(report: Report, *, redact: bool) -> None:
    _err.print("First examples:")
    for cid in sorted(report.counts):
        for problem in report.examples.get(cid, [])[:EXAMPLES_SHOWN]:
            data = problem.to_dict(redact=redact)
            place = f"{problem.where}: " if str(problem.where) else ""
            _err.print(f"  {cid} {place}{data['message']}", markup=False)


def _counts(report: Report) -> Table:
    table = Table(title="What the run found", title_justify="left", box=None, pad_edge=False)
    for header in ("code", "slug", "severity", "action", "count"):
        table.add_column(header, justify="right" if header == "count" else "left", no_wrap=True)
    for cid in sorted(report.counts):
        code = report.codes_seen[cid]
        table.add_row(cid, code.slug, str(code.severity), str(code.action), str(report.counts[cid]))
    return table


_ACTION_MEANS = {
    "abort": "nothing is published",
    "drop-row": "the record is left out and counted",
    "repair": "the value was changed to a valid one (or blanked)",
    "note": "nothing changed; the admin should know",
}
_PLACEHOLDER = re.compile(r"\{(\w+)(?:![rsa])?(?::[^}]*)?\}")


def code_lines(code: Code) -> list[str]:
    """What `transform codes D304` says about one code."""
    lines = [
        f"{code.id} {code.slug}",
        f"  severity  {code.severity}",
        f"  action    {code.action}: {_ACTION_MEANS[str(code.action)]}",
    ]
    if code.action == "abort":
        lines.append(f"  exit      {code.exit_status}")
    readable = _PLACEHOLDER.sub(r"<\1>", code.template)  # {name!r} reads as <name>
    lines.append(f"  message   {readable}")
    return lines


def codes_markdown() -> str:
    """The catalogue as a Markdown table (docs/codes.md is this, kept fresh by a test)."""
    lines = [
        "# Problem codes",
        "",
        "Every problem `transform` reports has one of these codes. Ids never change or get reused.",
        "Severity: error / warning / info. Action: abort (nothing published), drop-row (the record",
        "is left out and counted), repair (the value was changed or blanked), note (nothing changed).",
        "Exit: the status an abort code makes the run end with.",
        "",
        "| code | slug | severity | action | exit | message |",
        "|---|---|---|---|---|---|",
    ]
    for code in CATALOGUE:
        exit_status = str(code.exit_status) if code.action == "abort" else ""
        template = code.template.replace("|", "\\|")
        lines.append(f"| {code.id} | {code.slug} | {code.severity} | {code.action} | {exit_status} | {template} |")
    return "\n".join(lines) + "\n"
