"""How a report looks on the terminal. No data logic here."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transform.report import summary as words
from transform.report.codes import BY_SLUG, CATALOGUE, Action, Code, Severity, explain
from transform.report.problem import Problem
from transform.report.progress import STAGES, Progress, ProgressState
from transform.report.report import EXAMPLES_KEPT

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from transform.api import RunResult
    from transform.report.report import Report


# rich is imported when something is first said, not with this module: its console alone is
# about a tenth of a second of every start (docs/architecture.md, Start-up).
@cache
def _stderr() -> Console:
    return _terminal(stderr=True)


@cache
def _stdout() -> Console:
    return _terminal(stderr=False)


# A control character other than a line end or tab, printed as is, is an instruction to the
# terminal (ESC[2J clears it, ESC]0; retitles the window): a file name in the exports folder can
# hold them, and cells are cleaned of them (I210) but a name never was (tester63).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """The text with each control character written out (ESC as \\x1b), never sent to the terminal."""
    return _CONTROLS.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def _terminal(*, stderr: bool) -> Console:
    from rich.console import Console

    class Terminal(Console):
        def print(self, *objects: Any, **options: Any) -> None:
            super().print(*(visible(said) if isinstance(said, str) else said for said in objects), **options)

    return Terminal(stderr=stderr, highlight=False, soft_wrap=True, emoji=False)


def _flush_stderr() -> None:
    """stderr flushed without importing rich when nothing was said on it (a quiet night)."""
    if _stderr.cache_info().currsize:
        _stderr().file.flush()
    elif sys.stderr is not None:
        sys.stderr.flush()


def escape(text: str) -> str:
    """rich.markup.escape, imported when used."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


EXAMPLES_SHOWN = 3
# Said on every run, published, paused or refused, --quiet or not: nothing to publish until a
# term starts (the summer), the 90-day clock running out (Remind drops the district), and a
# column the district's own profile reads that its export lacks (a misspelt name blanks a field),
# a column a condition reads that its export lacks (the records it stops published, or every row left out), and
# a condition comparing a code column with a value the export never writes (the same), in a form
# it never writes (I264) or in its own (P113, a condition of the district's own profile); the
# last run stopped after its swap, before it recorded its set (X962: why it stopped is to find);
# the last run stopped while it recorded a delivery (X945: why it stopped is to find);
# the state folder moved beside the folder a linked OUT points to (X965: a backup looks there now);
# sets published and not delivered yet (X926: the server holds an older set, tester10 item 12);
# an optional export not found whose rule alone made a kind of user (I270: a misspelt file name);
# OUT's files emptied or edited in place since they were published (X802: a pick-up job to fix);
# a break night published with the ended term's classes kept (I245: until when, and from when refused).
ALWAYS_SAID = (
    *("F421", "F422", "F443", "I288", "X909", "X927", "I240", "I260", "I264", "P113"),
    *("X962", "X945", "X965", "X926", "I270", "X973", "X918", "X802", "I245", "I246"),
    "I298",  # a school move --allow-rollover published (pipeline.school_moves): the rerun says what it published
    "I233",  # classes of a term not running held back, every night until it runs (pipeline.held_back)
    "X853",  # a set that had arrived, its record written late (tester75 O3): said as X945 is
)
# each absent column (each such condition, each thing --allow-incomplete let through) is said, not one of them
EACH_SAID = ("I240", "I260", "I264", "P113", "I270", "X918")


def safely(say: Callable[[], None]) -> None:
    """Say something on stderr and stdout, whatever they are: closed (2>&-, >&-), full
    (/dev/full), a broken pipe. The run's result and exit code never depend on it; what cannot
    be said is dropped (fds 1 and 2 then point to /dev/null, so that Python's own flush at exit
    cannot fail either, which would turn the exit code into 120)."""
    try:
        say()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        null = os.open(os.devnull, os.O_WRONLY)
        for fd in (1, 2):
            os.dup2(null, fd)
        os.close(null)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError, AttributeError):
                stream.flush()  # what is still buffered goes to /dev/null


def line(text: str, *, err: bool = False) -> None:
    (_stderr() if err else _stdout()).print(text, markup=False)


def problems(found: Sequence[Problem | _MoreOf]) -> None:
    for problem in found:
        _stderr().print(str(problem), markup=False)


# One refusal said of 26 schools was 26 lines of 600 characters before the summary (tester63):
# a code said more often is said this many times, then counted.
REFUSALS_SHOWN = 3


def _first_of_each(found: Sequence[Problem]) -> list[Problem | _MoreOf]:
    """The refusals as said, each code's first REFUSALS_SHOWN, then a line counting the others."""
    said: Counter[str] = Counter(problem.code.id for problem in found)
    shown: Counter[str] = Counter()
    kept: list[Problem | _MoreOf] = []
    for problem in found:
        shown[problem.code.id] += 1
        if shown[problem.code.id] <= REFUSALS_SHOWN or said[problem.code.id] <= REFUSALS_SHOWN + 1:
            kept.append(problem)
        elif shown[problem.code.id] == said[problem.code.id]:
            more = said[problem.code.id] - REFUSALS_SHOWN
            kept.append(_MoreOf(problem.code, more))
    return kept


@dataclass(frozen=True)
class _MoreOf:
    """The line said in place of a refusal's further lines of one code."""

    code: Code
    more: int

    def __str__(self) -> str:
        return f"  and {self.more} more {self.code.id} {self.code.slug} like these (--log-format json lists every one)"


def summary(
    result: RunResult,
    *,
    out_dir: Path,
    quiet: bool,
    redact: bool,
    explain: Path | None = None,
    upload: bool = False,
) -> None:
    """What stopped the run and what a person must know first go to stderr, with the other
    problems; the summary goes to stdout (`> summary.txt` keeps it), ending with the verdict,
    the users by role and the next step, so that they are on the last screen."""
    report = result.report
    if result.problems:
        _stderr().print("[bold red]Nothing published.[/] The run stopped:")
        problems(_first_of_each(words.ordered_stops(list(result.problems))))  # the cause first (tester69 F8)
    problems(notices(report))
    if report.published:
        _say_published_but(report)
        _say_errors_first(report)
    _flush_stderr()  # said before the summary, also where both streams share a terminal
    if quiet:
        return
    width = _stdout().width
    # A refused run says what it found too: the warnings --strict refused, the rows that explain
    # a removal the gate refused (tester18 F5).
    found = any(report.codes_seen[cid].action is not Action.ABORT for cid in report.counts)
    if report.counts and (found or not result.problems):
        _stdout().print(_counts(report))
        shown = frozenset(cid for cid in report.counts if report.codes_seen[cid].action is Action.ABORT)
        examples = words.example_lines(report, redact=redact, width=width, skip=shown | frozenset(ALWAYS_SAID))
        if examples:
            # The JSON keeps the first EXAMPLES_KEPT of each code, not all (tester63 F6).
            _stdout().print(f"Examples, one per code (--report keeps the first {EXAMPLES_KEPT} of each):", markup=False)
            for text in examples:
                _stdout().print(text, markup=False, soft_wrap=True)
        if report.dropped:
            _stdout().print(words.explain_pointer(explain), markup=False, soft_wrap=False)
    changes = words.changes_line(report)
    if changes:
        _stdout().print(changes, markup=False, soft_wrap=False)
    lines = words.verdict_lines(result, out_dir=out_dir)
    colour = "green" if report.published else "red" if result.exit_status else "yellow"
    said = "Published" if report.published else "Nothing published"
    _stdout().print(f"[bold {colour}]{said}[/]{escape(lines[0].removeprefix(said))}", soft_wrap=False)
    for text in lines[1:]:
        _stdout().print(text, markup=False, soft_wrap=False)
    _stdout().print(
        words.next_step(result, out_dir=out_dir, explain_path=explain, upload=upload), markup=False, soft_wrap=False
    )


def notices(report: Report) -> list[Problem]:
    """The problems of ALWAYS_SAID this run found: one of each, but each absent column (EACH_SAID)."""
    return [p for cid in ALWAYS_SAID for p in report.examples.get(cid, [])[: 10 if cid in EACH_SAID else 1]]


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
        _stderr().print(
            f"[bold red]Published, but[/] {escape(str(params.get('what')))} failed: {escape(str(params.get('detail')))}"
        )
    for problem in report.examples.get(BY_SLUG["upload-failed"].id, [])[:1]:  # exit 1, and why (tester18 F4)
        _stderr().print(f"[bold red]Published, but[/] {escape(str(problem))}", soft_wrap=True)
    dropped = words.dropped_to_check(report)  # exit 1: records a problem left out are removed
    for problem in dropped:
        _stderr().print(f"[bold red]Published, but[/] {escape(str(problem))}", soft_wrap=True)
    more = sum(report.counts.get(cid, 0) for cid in ("X981", "X983", "I277")) - len(dropped)
    if more > 0:
        said = f"{more:,} more records the same way (--explain lists each row left out)"
        _stderr().print(f"[bold red]Published, but[/] {said}")
    to_check = (
        words.reassigned_to_check,  # a person checks the IDs listed
        words.rekeyed_to_check,  # Remind re-creates the people listed
        words.classes_rekeyed_to_check,  # Remind re-creates the classes listed
        words.classes_reassigned_to_check,  # Remind turns the classes listed into others
        words.guardian_emails_to_check,  # students' emails are their parents'
        words.guardian_twins_to_check,  # one parent published twice
        words.students_twice_to_check,  # one student published twice
        words.links_lost_to_check,  # a child taken from a parent by a mistyped row
        words.names_kept_to_check,  # names garbled by an encoding change, the last set's kept
        words.parents_unreached_to_check,  # a new profile's parents mostly with no usable phone or email
        words.rows_lost_to_check,  # a people export's row may be lost (or a teacher left)
        words.conditions_to_check,  # a new profile's condition matches no row
        words.points_moved_to_check,  # parents' points moved between parents, published by the flag
        words.excluded_near_miss_to_check,  # a settings.exclude_schools entry one slip from a school published
        words.excluded_removed_to_check,  # a school published removed by a settings.exclude_schools entry added
        words.terms_split_to_check,  # a school's people in no class, one term ID ended there only
        words.terms_ended_to_check,  # a --term kept in the job after its term ended
        words.birth_dates_to_check,  # a first set for Remind with no student's birth date
    )
    told = {id(problem) for problem in dropped}
    for problems in to_check:  # each exit 1
        for problem in problems(report):
            told.add(id(problem))
            _stderr().print(f"[bold red]Published, but[/] {escape(str(problem))}", soft_wrap=True)
    # Every other code a person must look at (summary.TO_CHECK) too: a run that exits 1 says why on
    # stderr, --quiet or not (tester93 T4: X851's two records of one ID, exit 1 and nothing said).
    for problem in words.to_check(report):
        if id(problem) not in told:
            _stderr().print(f"[bold red]Published, but[/] {escape(str(problem))}", soft_wrap=True)


def _say_errors_first(report: Report) -> None:
    sentence = published_with_errors(report)
    if sentence:
        _stderr().print(f"[bold yellow]{escape(sentence)}[/]")


@dataclass(frozen=True, slots=True)
class LogContext:
    """What the JSON log line says about the run beside its report: when, how long, which tool."""

    started: dt.datetime  # aware, UTC
    seconds: float
    version: str
    command: str = "run"


def json_line(
    result: RunResult, *, out_dir: Path, context: LogContext, also: Sequence[str] = (), redact: bool = False
) -> None:
    """The record of one run for a scheduler's log (--log-format json): one JSON object on one
    line on stderr. `also`: what went wrong after the report was made (the report file itself).
    `redact`: the personal values of its messages replaced, as in the report (a log is shipped
    further than the console: tester18 F7)."""
    import json

    report = result.report
    # In the terminal's order (summary.ordered_stops): stopped_by[0] is its first line (tester66 O4).
    stopped = words.ordered_stops(list(result.problems)) or _why_not_ok(report, result.exit_status)
    event = _log_skeleton(context, exit_status=result.exit_status, facts=report.facts) | {
        "published": report.published,
        "out": str(out_dir),
        "rows_written": report.rows_written,
        "changes": report.facts.get("changes", {}),
        "totals": report.to_dict()["totals"],
        "codes": dict(sorted(report.counts.items())),
        "stopped_by": [p.said(redact=redact) for p in stopped] + list(also),
        "stopped_by_codes": list(dict.fromkeys(p.code.id for p in stopped)),  # in stopped_by's order
        "notices": [p.said(redact=redact) for p in notices(report)],
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
    import json

    event = _log_skeleton(context, exit_status=exit_status, facts=facts or {}) | {
        "published": False,
        "out": None if out_dir is None else str(out_dir),
        "rows_written": {},
        "changes": {},
        "totals": {"errors": len(stopped), "warnings": 0, "info": 0, "dropped": 0},
        "codes": dict(sorted(Counter(p.code.id for p in stopped).items())),
        "stopped_by": [str(p) for p in stopped],
        "stopped_by_codes": list(dict.fromkeys(p.code.id for p in stopped)),
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
    failed = [p for slug in _AFTER_PUBLISH for p in report.examples.get(BY_SLUG[slug].id, [])]
    return failed + words.to_check(report)


@contextmanager
def progress(*, enabled: bool) -> Iterator[Progress | None]:
    """A live line on stderr, only when a person watches a terminal: the stage (3/6 classes),
    a bar and a percentage where the exports' sizes say how many rows to expect, the rows read
    in the stage, and the time since the start (rich redraws it, so it moves on its own)."""
    if not enabled or not _stderr().is_terminal:
        yield None
        return
    from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as RichProgress

    columns = (
        TextColumn("{task.description}"),
        BarColumn(bar_width=20),
        TextColumn("{task.fields[percent]:>4}"),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
    )
    with RichProgress(*columns, console=_stderr(), transient=True) as live:
        task = live.add_task("starting", total=None, percent="", rows="")

        def show(state: ProgressState) -> None:
            percent = state.percent
            live.update(
                task,
                description=f"{state.step}/{len(STAGES)} {state.stage}",
                total=state.total,
                completed=min(state.rows, state.total or state.rows),
                percent="" if percent is None else f"{percent}%",
                rows=f"{state.rows:,} rows" + (f" ({escape(state.file)})" if state.file else "") if state.rows else "",
            )

        yield Progress(show)


def verdict(result: RunResult, *, path: Path, redact: bool) -> None:
    """What `transform validate` says, as a run does: the problems on stderr (what stopped the
    check, or the first examples of each code), then on stdout what it found (one line per code)
    and last the verdict, so that `transform validate SET > verdict.txt` keeps it."""
    report = result.report
    if result.problems:
        problems(result.problems)
    elif report.counts:
        _print_examples(report, redact=redact)
    _stderr().file.flush()  # said before the verdict, also where both streams share a terminal
    if report.counts and not result.problems:
        _stdout().print(_counts(report, title="What the check found"))
    if result.problems:
        word = "[bold red]not checked[/] (the problem is above)"
    else:
        word = (
            "[bold green]valid[/]" if result.exit_status == 0 else f"[bold red]not valid[/]: {_why_not_valid(report)}"
        )
    _stdout().print(f"{escape(str(path))}: {word}", soft_wrap=True)  # a long path is not cut


def _why_not_valid(report: Report) -> str:
    """What makes a set not valid, in the check's words: a record a run would leave out fails the
    set whatever its code's severity (V502 is a warning on a run, which leaves the row out), and
    validate leaves nothing out (tester18 F11)."""
    codes_of = sorted(cid for cid in report.counts if report.codes_seen[cid].action is Action.DROP_ROW)
    errors = report.count(Severity.ERROR)
    reasons = []
    if report.dropped:
        records = "1 record" if report.dropped == 1 else f"{report.dropped:,} records"
        reasons.append(f"{records} a run would leave out ({', '.join(codes_of)})")
    if errors:
        reasons.append("1 error" if errors == 1 else f"{errors:,} errors")
    said = " and ".join(reasons) or "the problems"
    return f"{said}, above; validate changes nothing in the set"


def _print_examples(report: Report, *, redact: bool) -> None:
    _stderr().print("First examples:")
    for cid in sorted(report.counts):
        for problem in report.examples.get(cid, [])[:EXAMPLES_SHOWN]:
            data = problem.to_dict(redact=redact)
            place = f"{problem.where}: " if str(problem.where) else ""
            _stderr().print(f"  {cid} {place}{data['message']}", markup=False)


def _counts(report: Report, *, title: str = "What the run found") -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=None, pad_edge=False)
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
    meaning, fix = explain(code.id)
    lines += [f"  message   {readable}", f"  means     {meaning}", f"  fix       {fix}"]
    return lines


def codes_markdown() -> str:
    """The catalogue as a Markdown table (docs/codes.md is this, kept fresh by a test)."""
    lines = [
        "# Problem codes",
        "",
        "Every problem `transform` reports has one of these codes. Ids never change or get reused.",
        "Severity: error / warning / info. Action: abort (nothing published), drop-row (the record",
        "is left out and counted), repair (the value was changed or blanked), note (nothing changed).",
        "Exit: the status an abort code makes the run end with. `transform codes` prints the same",
        "text; the message column is what a run prints, with the record's values in place of `{...}`.",
        "",
        "| code | slug | severity | action | exit | what it means | how to fix it | message |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for code in CATALOGUE:
        exit_status = str(code.exit_status) if code.action == "abort" else ""
        meaning, fix = (_cell(text) for text in explain(code.id))
        template = _cell(code.template)
        lines.append(
            f"| {code.id} | {code.slug} | {code.severity} | {code.action} | {exit_status} | {meaning} | {fix} "
            f"| {template} |"
        )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


_ACTION_WORDS = {
    "abort": "nothing published",
    "drop-row": "record left out",
    "repair": "value repaired",
    "note": "nothing changed",
}


def code_help(code: Code) -> list[str]:
    """One code as `transform codes` prints it: the code, its plain meaning and the fix."""
    meaning, fix = explain(code.id)
    head = f"{code.id} {code.slug} ({code.severity}, {_ACTION_WORDS.get(str(code.action), str(code.action))})"
    return [head, f"  {meaning}", f"  Fix: {fix}"]
