"""The command line: parse arguments, call the library, render, pick the exit code."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from transform import starting

# The command line (`transform`, `python -m transform`), not a library user or a test runner:
# before typer and the rest load, a SIGTERM meanwhile ends the run with its report.
if Path(sys.argv[0]).name == "transform" or Path(sys.argv[0]) == Path(__file__).with_name("__main__.py"):
    starting.arm_early()

import typer
import typer.core

import transform
from transform import cli_params, report_files
from transform.report import render
from transform.report.codes import BY_SLUG as CATALOGUE_BY_SLUG
from transform.report.codes import CATALOGUE, EXIT_NOT_PUBLISHED, EXIT_USAGE, Code, Severity
from transform.report.problem import Problem, TransformAbort, Where

if TYPE_CHECKING:
    from collections.abc import Iterator

    from transform import api
    from transform.report.report import Report

# The library (transform.api, the pipeline, the profile checker) is imported by the commands
# that use it, not here, and render imports rich when it first says something: `transform
# --version`, `--help` and `codes` start without them (docs/architecture.md, Start-up;
# tests/test_startup.py).

DEFAULT_COMMAND = "run"
# --sftp-timeout's default, transform.pipeline.deliver.DEFAULT_TIMEOUT (the option is defined
# before any command runs; tests/test_startup.py checks the two agree).
DEFAULT_SFTP_TIMEOUT = 30.0

_type_label = typer.core.TyperOption.display_type_rich


def _no_label_for_a_flag(option: typer.core.TyperOption, ctx: Any) -> str | None:
    """A flag takes no value: help shows no `<bool>` beside it. The options declared here say
    metavar="" for that, but --help, --install-completion and --show-completion come from
    typer itself, so every flag is told once, here."""
    return None if option.is_flag and option.metavar is None else _type_label(option, ctx)


setattr(typer.core.TyperOption, "display_type_rich", _no_label_for_a_flag)  # noqa: B010 (a method of typer's class)
cli_params.install()  # plain values converted without pydantic (transform/cli_params.py)

# The panels of `run --help`, in the order an admin meets them.
ROSTER, REPORTS, GATE, DELIVERY, RUN = "What to roster", "Reports", "Safety gate", "Delivery", "The run itself"

EXIT_CODES_EPILOG = (
    "Exit codes:\n"
    "  0  published, or nothing due yet (the summer)\n"
    "  1  a person must act: refused, not a valid set, or not delivered\n"
    "  2  the command, the profile or the exports' layout is wrong; nothing done\n"
    "  3  a bug: rerun with --debug and report it\n"
    "What each one means for a nightly job: docs/scheduling.md"
)


class Target(StrEnum):
    """The sets the tool writes (transform.oneroster.spec.TARGETS)."""

    REMIND = "remind"
    ONEROSTER = "oneroster"


class Engine(StrEnum):
    """How the rows are worked (transform.pipeline.columnar)."""

    AUTO = "auto"
    COLUMNAR = "columnar"
    PYTHON = "python"


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


class DefaultCommandGroup(typer.core.TyperGroup):
    """`transform --profile x in/ out/` means `transform run --profile x in/ out/`.

    Scheduled jobs call the first form, so it must keep working beside the sub-commands. A
    first word that is no folder or file and reads like a command (`validat`, `help`) is not
    taken for EXPORTS: it is an unknown command, answered with "did you mean".
    """

    # Every context of this command is typer's public Context (typer's own commands make click's, its base):
    # the methods below take no other, whatever the base class's signature says (hence the ignores).
    context_class = typer.Context

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if not args:
            args = ["--help"]
        elif not self._is_own(ctx, args[0]) and not _mistyped_command(args, self.commands):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: typer.Context, args: list[str]) -> Any:  # type: ignore[override]
        """A first word that names no command (a mistyped `run`, or EXPORTS mistyped with no --profile)
        is refused (X950, exit 2): a run line's --report and --html say so, as RunCommand's refusals do
        (reviewer182 R2: they kept last night's "published"). The word is not one of the line's (it may
        be the command); only a report or page of ours is replaced (report_files.ours), whatever it is."""
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as error:
            if error.exit_code == EXIT_USAGE and args and args[0] not in self.commands:
                run = self.commands[DEFAULT_COMMAND]
                # Since main began (state63: now, the report said 0.0 s); typer's app called alone: now.
                begun = ctx.obj.get("started") if isinstance(ctx.obj, dict) else None
                _usage_refused(run.get_params(ctx), args[1:], error, started=begun or time.monotonic())
            raise

    def _is_own(self, ctx: typer.Context, word: str) -> bool:
        """A sub-command's name or one of the group's own options (--version, --help, completion)."""
        if word in self.commands:
            return True
        name = word.split("=", 1)[0]
        return any(name in (*param.opts, *param.secondary_opts) for param in self.get_params(ctx))


_COMMAND_WORD = re.compile(r"^[a-z][a-z-]*$")


def _mistyped_command(args: list[str], commands: Any) -> bool:
    """The first word looks like a sub-command the user misspelt, not the EXPORTS of the main job:
    a bare word that names nothing on disk, close to a command or with no --profile given."""
    word = args[0]
    if not _COMMAND_WORD.match(word) or Path(word).exists():
        return False
    import difflib

    close = difflib.get_close_matches(word, list(commands), n=1)
    profile_given = any(a == "-p" or a.startswith(("--profile", "-p")) for a in args[1:])
    return bool(close) or not profile_given


def _show_version(value: bool) -> None:
    if value:
        render.line(f"transform {transform.__version__} (rosterkit-transform)")
        raise typer.Exit()


app = typer.Typer(
    cls=DefaultCommandGroup,
    add_completion=True,
    no_args_is_help=False,
    help="Turn raw SIS roster exports into a valid OneRoster 1.1 CSV set for Remind.\n\n"
    "The main job, `transform run`, may be called without its name:\n"
    "  transform --profile powerschool EXPORTS OUT",
    epilog=EXIT_CODES_EPILOG,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _top_level(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit.", metavar=""
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="On a bug (exit 3), show the whole traceback.", metavar="")
    ] = False,
) -> None:
    """Turn raw SIS roster exports into a valid OneRoster 1.1 CSV set for Remind."""
    # --debug is read by main() before parsing, so that it covers a failure anywhere.


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()  # noqa: DTZ011 (the district's calendar day)
    try:
        # Only the whole form: fromisoformat also takes a week (2026-W42), a day it makes up.
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint="'--as-of'") from None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _previous(value: Path | None) -> Path | None:
    """--previous names the last published set: a folder missing, or holding no users.csv, is a command written
    wrong (a typo, an emptied --keep folder), not a first set whose every safety check is skipped at exit 0
    (review97 R2)."""
    if value is None or (value / "users.csv").is_file():
        return value
    what = "does not exist" if not value.exists() else "is no folder" if not value.is_dir() else "holds no users.csv"
    raise typer.BadParameter(
        f"{str(value)!r} {what}: name the folder of the last published set (OUT, or a copy --keep kept); to start "
        "afresh with a first set, leave --previous out and give an empty OUT",
        param_hint="'--previous'",
    )


RUN_EPILOG = "Example:\n  transform --profile powerschool exports/ out/ --report report.json\n\n" + EXIT_CODES_EPILOG


class RunCommand(typer.core.TyperCommand):
    """The run: a command line typer refuses (an option's value, an unknown option, X950, exit 2) that
    names --report or --html replaces their files with its refusal, as a run refused later does: they
    held last night's "published" (state62). Typer's public names only (typer.TyperException, whose
    exit_code 2 is a usage error): typer's private copy of click is not for applications (reviewer176 R2)."""

    # Every context of this command is typer's public Context (typer's own commands make click's, its base):
    # the methods below take no other, whatever the base class's signature says (hence the ignores).
    context_class = typer.Context

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        ctx.meta["run_args"], ctx.meta["run_started"] = list(args), (dt.datetime.now(dt.UTC), time.monotonic())
        try:
            return super().parse_args(ctx, args)
        except typer.TyperException as error:
            self._refused(ctx, error)
            raise

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except typer.TyperException as error:  # a value the run's body reads (--as-of)
            self._refused(ctx, error)
            raise

    def _refused(self, ctx: typer.Context, error: typer.TyperException) -> None:
        if error.exit_code == EXIT_USAGE:
            _usage_refused(self.get_params(ctx), ctx.meta["run_args"], error, started=ctx.meta["run_started"])


def _usage_refused(params: list[Any], args: list[str], error: typer.TyperException, *, started: Any) -> None:
    """report_files.usage_refused for a run line (`args`) with the run's options `params`; `started`,
    the run's or main's (time, monotonic clock), or the monotonic clock alone (typer's app called without main: now)."""
    begun, clock = started if isinstance(started, tuple) else (dt.datetime.now(dt.UTC), started)
    options = [p for p in params if isinstance(p, typer.core.TyperOption)]
    report_files.usage_refused(
        args,
        error.format_message(),
        valued={o for p in options if not p.is_flag for o in p.opts},
        known={o for p in options for o in (*p.opts, *p.secondary_opts)},
        started=begun,
        seconds=time.monotonic() - clock,
    )


@app.command(DEFAULT_COMMAND, epilog=RUN_EPILOG, cls=RunCommand)
def run_command(
    in_dir: Annotated[Path, typer.Argument(metavar="EXPORTS", help="Folder (or zip) of the SIS export files.")],
    out_dir: Annotated[Path, typer.Argument(metavar="OUT", help="Folder for the OneRoster set (replaced whole).")],
    profile: Annotated[
        str,
        typer.Option(
            "--profile", "-p", metavar="NAME", help="Bundled profile name, or a path.", rich_help_panel=ROSTER
        ),
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Roster the terms of this date, YYYY-MM-DD (default: today).", rich_help_panel=ROSTER
        ),
    ] = None,
    target: Annotated[
        Target,
        typer.Option(
            help="remind: the six files Remind wants; oneroster: a strict OneRoster 1.1 set.",
            rich_help_panel=ROSTER,
        ),
    ] = Target.REMIND,
    term: Annotated[
        list[str] | None,
        typer.Option(
            "--term",
            metavar="NAME",
            help="Roster this term (name or abbreviation) instead of choosing by date; a term that starts "
            "later has its enrolments and users judged as of its first day. Repeatable.",
            rich_help_panel=ROSTER,
        ),
    ] = None,
    school: Annotated[
        list[str] | None,
        typer.Option("--school", metavar="ID", help="Roster only this school. Repeatable.", rich_help_panel=ROSTER),
    ] = None,
    exclude_class: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-class",
            metavar="REGEX",
            help="Also leave out classes whose title or course matches. Repeatable.",
            rich_help_panel=ROSTER,
        ),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude",
            metavar="NAME",
            help="Switch on an opt-in exclusion of the profile (homeroom, advisory). Repeatable.",
            rich_help_panel=ROSTER,
        ),
    ] = None,
    users_only: Annotated[
        bool,
        typer.Option(
            "--users-only",
            metavar="",
            help="Users and schools only: classes and enrollments get their headers alone.",
            rich_help_panel=ROSTER,
        ),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="PATH", help="Write the whole report as JSON.", rich_help_panel=REPORTS),
    ] = None,
    html: Annotated[
        Path | None,
        typer.Option(
            "--html",
            metavar="PATH",
            help="Write the report as one HTML page to read or forward.",
            rich_help_panel=REPORTS,
        ),
    ] = None,
    explain: Annotated[
        Path | None,
        typer.Option(
            "--explain", metavar="PATH", help="Write a CSV of every record left out, and why.", rich_help_panel=REPORTS
        ),
    ] = None,
    redact: Annotated[
        bool,
        typer.Option(
            "--redact",
            metavar="",
            help="Leave names, phones, emails and birth dates out of the reports.",
            rich_help_panel=REPORTS,
        ),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            "-q",
            metavar="",
            help="Print only what stopped the run and the notices (stderr); no summary.",
            rich_help_panel=REPORTS,
        ),
    ] = False,
    log_format: Annotated[
        LogFormat,
        typer.Option(
            help="json: one JSON line on stderr for a scheduler's log, instead of the summary.",
            rich_help_panel=REPORTS,
        ),
    ] = LogFormat.TEXT,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", metavar="", help="Publish nothing if the run finds any warning or error.", rich_help_panel=GATE
        ),
    ] = False,
    max_removal: Annotated[
        float | None,
        typer.Option(
            min=0,
            max=100,
            metavar="PCT",
            help="Refuse a set removing more than PCT percent of the users, classes or enrollments "
            "(default 10, or the profile's max_removal).",
            rich_help_panel=GATE,
        ),
    ] = None,
    max_reassigned: Annotated[
        float | None,
        typer.Option(
            min=0,
            max=100,
            metavar="PCT",
            help="Refuse a set in which more than PCT percent (and at least 3) of the user IDs of the last "
            "published set now name another person, or of its people or classes are under new IDs, or of its "
            "users have the number in their identifier, email, username or userIds without its leading zeros "
            "(default 1, or the profile's max_reassigned).",
            rich_help_panel=GATE,
        ),
    ] = None,
    allow_rollover: Annotated[
        bool,
        typer.Option(
            "--allow-rollover",
            metavar="",
            help="A new school year: publish even a large removal, and say so.",
            rich_help_panel=GATE,
        ),
    ] = False,
    allow_earlier_as_of: Annotated[
        bool,
        typer.Option(
            "--allow-earlier-as-of",
            metavar="",
            help="Publish a set read as of a day before the last published set's (a deliberate re-run of an "
            "earlier night), and say so; without it such a night is refused (the clock went back).",
            rich_help_panel=GATE,
        ),
    ] = False,
    allow_contact_change: Annotated[
        bool,
        typer.Option(
            "--allow-contact-change",
            metavar="",
            help="Publish a set in which many parents have another email or phone than the last published set "
            "gave them (a district's new phone system or email domain), and say so; without it such a set is "
            "refused (X813: the columns read for them changed). Points moved between parents are published too, "
            "but the run exits 1 (X815) for a person to look, the flag left in the nightly job or not.",
            rich_help_panel=GATE,
        ),
    ] = False,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            "--allow-incomplete",
            metavar="",
            help="Publish even when errors left out much of an export, or left an output file empty "
            "that the exports feed, and say so.",
            rich_help_panel=GATE,
        ),
    ] = False,
    previous: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR",
            help="The last published set to compare with (default: what OUT holds now); it must hold a users.csv.",
            callback=_previous,
            rich_help_panel=GATE,
        ),
    ] = None,
    zip_path: Annotated[
        Path | None,
        typer.Option(
            "--zip", metavar="PATH", help="Also write the published set as one zip.", rich_help_panel=DELIVERY
        ),
    ] = None,
    keep: Annotated[
        int,
        typer.Option(
            min=0, metavar="N", help="Keep the last N published sets for a rollback.", rich_help_panel=DELIVERY
        ),
    ] = 0,
    upload: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="Deliver the set (or the zip) to sftp://user@host:port/path. Password: "
            "TRANSFORM_SFTP_PASSWORD or --sftp-password-file; key: TRANSFORM_SFTP_KEY or --sftp-key.",
            rich_help_panel=DELIVERY,
        ),
    ] = None,
    sftp_key: Annotated[
        Path | None,
        typer.Option(metavar="PATH", help="Private key file for --upload.", rich_help_panel=DELIVERY),
    ] = None,
    sftp_password_file: Annotated[
        Path | None,
        typer.Option(metavar="PATH", help="File holding the --upload password.", rich_help_panel=DELIVERY),
    ] = None,
    known_hosts: Annotated[
        Path,
        typer.Option(metavar="PATH", help="Host keys --upload trusts.", rich_help_panel=DELIVERY),
    ] = Path("~/.ssh/known_hosts"),
    trust_new_host_key: Annotated[
        bool,
        typer.Option(
            "--trust-new-host-key",
            metavar="",
            help="Accept a host key not yet in --known-hosts, and append it there (one line).",
            rich_help_panel=DELIVERY,
        ),
    ] = False,
    sftp_timeout: Annotated[
        float,
        typer.Option(
            min=0.1,
            metavar="SECONDS",
            help="How long any one SFTP step (connect, log in, each file) may wait for the server.",
            rich_help_panel=DELIVERY,
        ),
    ] = DEFAULT_SFTP_TIMEOUT,
    upload_attempts: Annotated[
        int,
        typer.Option(
            min=1,
            max=10,
            metavar="N",
            help="Tries for an upload whose connection fails, drops or stalls "
            "(refused credentials and host keys are never retried).",
            rich_help_panel=DELIVERY,
        ),
    ] = 3,
    jobs: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=2,
            metavar="N",
            help="Processes: 1, or 2 (enrolments beside users). Default: 2 for large exports.",
            rich_help_panel=RUN,
        ),
    ] = None,
    engine: Annotated[
        Engine,
        typer.Option(
            metavar="<auto|columnar|python>",
            help="How the rows are worked: columnar (DuckDB, for the bulk of the rows), python (the "
            "reference) or auto (columnar where measured faster: one process, 50,000 enrolment rows "
            "or more). Each gives the same files and report.",
            rich_help_panel=RUN,
        ),
    ] = Engine.AUTO,
    debug: Annotated[
        bool,
        typer.Option("--debug", metavar="", help="On a bug (exit 3), show the whole traceback.", rich_help_panel=RUN),
    ] = False,
) -> None:
    """Transform EXPORTS into a Remind-ready OneRoster 1.1 set in OUT."""
    started, clock = dt.datetime.now(dt.UTC), time.monotonic()
    from transform.pipeline import preflight

    json_log = log_format is LogFormat.JSON
    # Checked first: a report that cannot be written must not fail a published run.
    outputs = {"--report": report, "--html": html, "--explain": explain, "--zip": zip_path}
    checks = [functools.partial(preflight.distinct_files, outputs)] + [
        functools.partial(preflight.output_file, option, path, out=out_dir, exports=in_dir)
        for option, path in (("--report", report), ("--html", html))
        if path is not None
    ]
    checks += [
        functools.partial(report_files.replaceable, option, path, kind=kind)
        for option, path, kind in (("--report", report, "report"), ("--html", html, "page"))
        if path is not None
    ]
    for check in checks:
        try:
            check()
        except TransformAbort as abort:
            # Not last night's "published" left in --report's file or --html's page (state62).
            refused_facts = report_files.facts(
                profile=profile, target=target.value, as_of=as_of, out=out_dir, started=started
            )
            report_files.refused(
                report,
                html,
                abort.problems,
                refused_facts,
                out=out_dir,
                operands=[in_dir, out_dir],
                seconds=time.monotonic() - clock,
            )
            if json_log:
                render.json_refusal(
                    abort.problems,
                    exit_status=EXIT_USAGE,
                    context=_log_context(started, clock),
                    facts={"profile": profile, "target": target.value, "as_of": as_of},
                    out_dir=out_dir,
                )
            else:
                render.problems(abort.problems)
            raise typer.Exit(EXIT_USAGE) from None
    day = _as_of(as_of)
    # Before the library loads (a second or two): a SIGKILL meanwhile left last night's report (state62).
    report_files.started(
        report, html, report_files.facts(profile=profile, target=target.value, as_of=day, out=out_dir, started=started)
    )
    from transform import api

    options = api.RunOptions(
        profile=profile,
        in_dir=in_dir,
        out_dir=out_dir,
        as_of=day,
        as_of_by_clock=as_of is None,
        target=target.value,
        exclude_classes=tuple(exclude_class or ()),
        exclude_named=tuple(exclude or ()),
        terms=tuple(term or ()),
        schools=tuple(school or ()),
        users_only=users_only,
        explain=explain,
        redact=redact,
        strict=strict,
        previous=previous,
        max_removal=max_removal,
        max_reassigned=max_reassigned,
        allow_rollover=allow_rollover,
        allow_incomplete=allow_incomplete,
        allow_earlier_as_of=allow_earlier_as_of,
        allow_contact_change=allow_contact_change,
        zip_path=zip_path,
        keep=keep,
        upload=upload,
        sftp_key=sftp_key,
        sftp_password_file=sftp_password_file,
        known_hosts=api.expand_user(known_hosts),
        trust_new_host_key=trust_new_host_key,
        jobs=jobs,
        engine=engine.value,
        sftp_timeout=sftp_timeout,
        upload_attempts=upload_attempts,
        school_counts=html is not None,
        # Its set's published_at is its ran_at, to the second: `publishing.since` knows this run's by it
        # (reviewer167 R4: compared with >=, a clock stepped back called another run's set this one's).
        now=started,
    )
    with _bug_reported(report, html, options, started, redact=redact):
        _run_and_say(
            options,
            report=report,
            html=html,
            started=started,
            clock=clock,
            quiet=quiet,
            json_log=json_log,
            redact=redact,
            explain=explain,
            upload=upload is not None,
        )


def _run_and_say(
    options: api.RunOptions,
    *,
    report: Path | None,
    html: Path | None,
    started: dt.datetime,
    clock: float,
    quiet: bool,
    json_log: bool,
    redact: bool,
    explain: Path | None,
    upload: bool,
) -> None:
    """The run, then its report, page and summary: raises typer.Exit with its exit status."""
    from transform import api

    out_dir = options.out_dir
    with render.progress(enabled=not quiet and not json_log) as tracker:
        if tracker is not None:
            options = replace(options, on_progress=tracker.rows, on_stage=tracker.stage)
        result = api.run(options)
    failed: list[str] = []
    if report is not None or html is not None:
        # The step stderr says, for the page and the report that are read or forwarded without it
        # (tester44 F8: a refusal's only action there was its override flag).
        from transform.report.summary import next_step, stopped_by

        result.report.facts["next_step"] = next_step(
            result, out_dir=out_dir, explain_path=explain, upload=upload
        ).removeprefix("Next: ")
        if result.problems and not result.report.published:  # the codes the verdict names (tester74 F11)
            result.report.facts["stopped_by"] = stopped_by(result.problems)
    # The page before the report: a kill between leaves the report 'running' (a person must look), not
    # 'finished' beside a page saying the run did not finish (reviewer182 R5). A bug (or out of memory) drawing
    # the page is raised after the report is written: the night's codes and counts kept (reviewer167 R2).
    drawing: Exception | None = None
    if html is not None:
        try:
            failed += _write_html(html, result, redact=redact)
        except Exception as exc:  # raised again below, once the report is written
            drawing = exc
    if report is not None:
        # The page not written raised the exit status: the report says the status the process ends with
        # (reviewer187 R4: it said 0 while the run exited 1).
        result.report.facts["exit_status"] = result.exit_status
        failed += _write_report(report, result, redact=redact)
    if drawing is not None:
        raise drawing
    if json_log:
        context = _log_context(started, clock)
        render.safely(lambda: render.json_line(result, out_dir=out_dir, context=context, also=failed, redact=redact))
    else:
        for text in failed:
            render.safely(functools.partial(render.line, text, err=True))
        render.safely(
            lambda: render.summary(result, out_dir=out_dir, quiet=quiet, redact=redact, explain=explain, upload=upload)
        )
    raise typer.Exit(result.exit_status)


# facts.next_step of the report a run that stopped on a bug writes (`_bug_reported`).
_BUG = (
    "the run stopped on a bug (exit 3: {bug}) before its end; {held}. Report the bug with the traceback "
    "a rerun with --debug shows; then rerun"
)


@contextlib.contextmanager
def _bug_reported(
    path: Path | None, html: Path | None, options: api.RunOptions, started: dt.datetime, *, redact: bool
) -> Iterator[None]:
    """A bug (exit 3, cli.main's) writes --report's file as the run's end when it can: status "failed",
    exit_status 3, published as OUT's state folder tells (pipeline.publishing.since). It left the "running"
    report for good, its words blaming a kill (reviewer161 R3); --html's "running" page too (reviewer176 R5).
    A FIFO or /dev/stdout is not read back (the read waits for a writer, reviewer189 R3): left as it is."""
    from transform.pipeline.write import a_stream

    path, html = (None if given is not None and a_stream(given) else given for given in (path, html))
    try:
        yield
    except (typer.Exit, typer.Abort, TransformAbort):
        raise
    except MemoryError as exc:  # not a bug: main says X931, exit 1 (reviewer167 R3: it was reported exit 3)
        held = _out_of_memory(path, options, started)
        report_files.ended(html, _facts(options, started), f"the run ran out of memory (X931, exit 1); {held}")
        raise _OutOfMemory(held) from exc
    except Exception as exc:
        bug = type(exc).__name__ if redact else f"{type(exc).__name__}: {exc}"
        if path is not None:
            with contextlib.suppress(OSError, UnicodeError):
                _report_bug(path, options, started, bug)
        if html is not None:
            from transform.pipeline import publishing

            with contextlib.suppress(OSError, UnicodeError):
                _, held = publishing.since(options.out_dir, started.isoformat(timespec="seconds"))
                report_files.ended(html, _facts(options, started), _BUG.format(bug=bug, held=held))
        raise


def _facts(options: api.RunOptions, started: dt.datetime) -> dict[str, Any]:
    return report_files.facts(
        profile=options.profile, target=options.target, as_of=options.as_of, out=options.out_dir, started=started
    )


class _OutOfMemory(MemoryError):
    """A run out of memory, with the words saying what OUT holds (`publishing.since`) for main's X931."""

    def __init__(self, held: str) -> None:
        super().__init__(held)
        self.held = held


def _out_of_memory(path: Path | None, options: api.RunOptions, started: dt.datetime) -> str:
    """What OUT holds of this run out of memory; its finished report, if written, says exit 1 and why."""
    from transform.pipeline import publishing
    from transform.pipeline.write import write_whole
    from transform.report.report import FINISHED, noted, this_run

    ran_at = started.isoformat(timespec="seconds")
    _, held = publishing.since(options.out_dir, ran_at)
    with contextlib.suppress(OSError, UnicodeError):
        report = this_run(path.read_text(encoding="utf-8"), ran_at=ran_at) if path is not None else None
        if path is not None and report is not None and report.get("status") == FINISHED:
            note = f"after this report was written, the run ran out of memory (X931, exit 1); {held}"
            write_whole(path, noted(report, exit_status=EXIT_NOT_PUBLISHED, note=note))  # main's, as X931 says
    return held


def _report_bug(path: Path, options: api.RunOptions, started: dt.datetime, bug: str) -> None:
    """Over this run's "running" report, its failed end; over its finished one (the bug came after it was
    written: drawing the page), the same report with exit_status 3 and a note (reviewer167 R2: replaced by
    a failed one, every code, count and stopped_by of the night was lost). Anything else is left alone."""
    from transform.pipeline import publishing
    from transform.pipeline.write import write_whole
    from transform.report.report import FINISHED, RUNNING, bug_after_end, ended_on_bug, this_run

    ran_at = started.isoformat(timespec="seconds")
    held = this_run(path.read_text(encoding="utf-8"), ran_at=ran_at)
    if held is not None and held.get("status") == FINISHED:
        write_whole(path, bug_after_end(held, bug=bug))
    elif held is not None and held.get("status") == RUNNING:
        published, said = publishing.since(options.out_dir, ran_at)
        facts = _facts(options, started) | {"exit_status": 3, "next_step": _BUG.format(bug=bug, held=said)}
        write_whole(path, ended_on_bug(facts, published=bool(published)))


def _write_report(path: Path, result: api.RunResult, *, redact: bool) -> list[str]:
    """Write the report; what went wrong, to be said with the run's other failures."""
    from transform.pipeline.write import write_whole

    try:
        # Whole or not at all: last night's good report stays when the disk fills up.
        write_whole(path, result.report.to_json(redact=redact))
    except OSError as exc:  # checked first, so the disk filled up during the run
        said = (
            "Published, but writing the report {} failed" if result.report.published else "Cannot write the report {}"
        )
        result.exit_status = max(result.exit_status, EXIT_NOT_PUBLISHED)
        return [f"{said.format(path)}: {_write_failed('--report', path, exc, result.report)}"]
    return []


def _write_failed(option: str, path: Path, exc: OSError, report: Report | None = None) -> str:
    """Why --report's or --html's file was not written: a FIFO no process reads coded (I224, with its step;
    added to `report`, the run's, for the summary and a page or report written after), else the system's
    words (a full disk)."""
    from transform.pipeline.write import NoReader

    if not isinstance(exc, NoReader):
        return str(exc.strerror or exc)
    problem = Problem(CATALOGUE_BY_SLUG["report-fifo-unread"], Where(), {"option": option, "path": str(path)})
    if report is not None:
        report.add_problem(problem)
    return str(problem)


def _checked(check: Callable[[], None]) -> None:
    """A sub-command's output path checked before it writes: refused, exit 2, as a run's."""
    try:
        check()
    except TransformAbort as abort:
        render.problems(abort.problems)
        raise typer.Exit(EXIT_USAGE) from None


def _write_html(path: Path, result: api.RunResult, *, redact: bool) -> list[str]:
    """Write the page; what went wrong, to be said with the run's other failures."""
    try:
        from transform.html_report import page as html_report  # only when a page is asked for

        html_report.write(path, result.report.to_dict(redact=redact), redact=redact)
    except OSError as exc:  # checked first, so the disk filled up during the run
        said = (
            "Published, but writing the HTML report {} failed"
            if result.report.published
            else "Cannot write the HTML report {}"
        )
        result.exit_status = max(result.exit_status, EXIT_NOT_PUBLISHED)
        return [f"{said.format(path)}: {_write_failed('--html', path, exc, result.report)}"]
    return []


@app.command("report")
def report_command(
    report: Annotated[Path, typer.Argument(metavar="REPORT", help="A JSON report written by --report.")],
    html: Annotated[Path, typer.Option("--html", metavar="PATH", help="Where to write the HTML page.")],
    redact: Annotated[
        bool, typer.Option("--redact", metavar="", help="Leave names, phones, emails and dates out of the page.")
    ] = False,
) -> None:
    """Draw the HTML page of a run from its saved JSON report (the set and its history are read
    from the output folder the report names)."""
    import json

    from transform.pipeline import preflight

    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        render.line(f"{report}: not a JSON report: {detail}", err=True)
        raise typer.Exit(EXIT_USAGE) from None
    if not isinstance(data, dict) or not isinstance(data.get("facts"), dict) or "published" not in data:
        render.line(f"{report}: not a report written by `transform --report`", err=True)
        raise typer.Exit(EXIT_USAGE)
    out = data["facts"].get("out")
    # Not into the set the report names, nor its state folder, nor over the report (reviewer182 R6: written into
    # OUT at exit 0, the next run refused, X900).
    _checked(lambda: preflight.distinct_files({"REPORT": report, "--html": html}))
    _checked(lambda: report_files.replaceable("--html", html, kind="page"))
    try:
        preflight.output_file("--html", html, out=Path(out) if isinstance(out, str) and out else None)
        from transform.html_report import page as html_report  # only when a page is asked for

        html_report.write(html, data, redact=redact)
    except TransformAbort as abort:
        render.problems(abort.problems)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:
        render.line(f"Cannot write {html}: {_write_failed('--html', html, exc)}", err=True)
        raise typer.Exit(EXIT_NOT_PUBLISHED) from None
    render.line(f"Wrote {html}")
    if data.get("status") not in (None, "finished") and data["facts"].get("out"):  # its published is not known
        render.line(f"{report}: {html_report.out_now(data['facts'], data.get('status'))}")


@app.command("uploaded")
def uploaded_command(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The output folder whose set you uploaded by hand.")],
) -> None:
    """Record that the set in OUT was uploaded to Remind by hand now: Remind's 90-day clock (X909,
    X996) counts from here, and the summer nights stop alerting until day 80 after it."""
    from transform import api

    try:
        when = api.record_uploaded(out)
    except TransformAbort as abort:
        render.problems(abort.problems)
        raise typer.Exit(abort.exit_status) from None
    except OSError as exc:
        render.line(f"Cannot record the upload beside {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_NOT_PUBLISHED) from None
    render.line(f"Recorded: the set in {out} was uploaded to Remind at {when}; the 90-day clock counts from now.")


@app.command("validate")
def validate_command(
    path: Annotated[Path, typer.Argument(metavar="SET", help="A OneRoster set: a folder or a zip.")],
    target: Annotated[Target, typer.Option(help="The rules to check.")] = Target.REMIND,
    report: Annotated[
        Path | None, typer.Option("--report", metavar="PATH", help="Write the full report as JSON.")
    ] = None,
    redact: Annotated[
        bool, typer.Option("--redact", metavar="", help="Leave personal values out of the report.")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", metavar="", help="A warning makes the set not valid too (as a run with --strict refuses it)."
        ),
    ] = False,
) -> None:
    """Check a OneRoster set against the target's rules; exit 0 valid, 1 invalid."""
    from transform import api
    from transform.pipeline import preflight

    if report is not None:
        # Not into the set (or over its zip), nor its state folder: the next run found a file not its own
        # in OUT and refused, X900 (reviewer182 R6).
        _checked(lambda: preflight.output_file("--report", report, out=_set_folder(path), exports=path))
        _checked(lambda: report_files.replaceable("--report", report, kind="report"))
    result = api.validate_set(path, target=target.value, strict=strict)
    if report is not None:
        from transform.pipeline.write import write_whole

        # Replaced whole: a crash or a full disk mid-write left half a JSON for the next job to read.
        try:
            write_whole(report, result.report.to_json(redact=redact))
        except OSError as exc:
            render.line(f"Cannot write {report}: {_write_failed('--report', report, exc)}", err=True)
            raise typer.Exit(EXIT_NOT_PUBLISHED) from None
    render.verdict(result, path=path, redact=redact)
    raise typer.Exit(result.exit_status)


def _set_folder(path: Path) -> Path | None:
    """The folder `validate` is given or, given one file of a set (OUT/users.csv, no zip), the folder
    holding it: --report is kept out of it too (reviewer187 R1: `validate OUT/users.csv --report
    OUT/validation.json` wrote into OUT; the next night X900). A zip's folder is not a set's."""
    if path.is_dir():
        return path
    if path.is_file() and not zipfile.is_zipfile(path):
        return path.parent
    return None


@app.command("check-profile")
def check_profile_command(
    profile: Annotated[str, typer.Argument(help="Bundled profile name or a path.")],
    exports: Annotated[
        Path | None,
        typer.Option(
            help="A folder (or zip) of the district's exports: also check what only they show "
            "(each export found, each column present, a district_id that is a school's ID)."
        ),
    ] = None,
    target: Annotated[
        Target,
        typer.Option(help="The set the runs write, as `transform run --target`: its files' IDs are checked."),
    ] = Target.REMIND,
) -> None:
    """Check a profile; print every error as file:line:col and exit 2 if there is one."""
    from transform import api
    from transform.oneroster.spec import TARGETS

    _, problems = api.check_profile(profile, exports=exports, target=TARGETS[target.value], hints=True)
    render.problems(problems)
    if any(p.code.severity is Severity.ERROR for p in problems):
        raise typer.Exit(EXIT_USAGE)
    warnings = sum(p.code.severity is Severity.WARNING for p in problems)
    said = f" ({warnings} warning{'s' if warnings != 1 else ''} above)" if warnings else ""
    reads = f", and the run will read {exports}" if exports is not None else ""
    render.line(f"{profile}: ok{reads}{said}")


@app.command("init-profile")
def init_profile_command(
    in_dir: Annotated[Path, typer.Argument(help="Folder with the SIS export files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the starter profile.")] = Path(
        "district.yaml"
    ),
    force: Annotated[bool, typer.Option(help="Replace --out if it exists.")] = False,
) -> None:
    """Describe each export file and write a starter profile extending the closest bundled one
    (or, when none fits, a skeleton: one source per file, one rule per output table)."""
    from transform import api

    try:
        result = api.init_profile(in_dir)
    except TransformAbort as abort:
        render.problems(abort.problems)
        raise typer.Exit(EXIT_USAGE) from None
    for line in result.description:
        render.line(line)
    render.line("Closest bundled profiles: " + ", ".join(f"{n} {s:.0%}" for n, s in result.ranking[:3]))
    render.line(result.verdict)
    if out.exists() and not force:
        render.line(f"{out} exists; not replaced (--force replaces it)", err=True)
        raise typer.Exit(EXIT_USAGE)
    out.write_text(result.profile_text, encoding="utf-8")
    render.line(f"Wrote {out}: check it with `transform check-profile {out}`")


@app.command("codes")
def codes_command(
    code: Annotated[
        list[str] | None,
        typer.Argument(metavar="CODE...", help="Codes (D304 X882) or slugs to explain; default: all."),
    ] = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", metavar="", help="Print the catalogue as a Markdown table.")
    ] = False,
) -> None:
    """List every problem code the tool can report, or explain one."""

    if code:
        # As the console lists them (X882, X884): each is explained, in the order asked.
        entries = [_known_code(wanted) for wanted in code]
        for n, entry in enumerate(entries):
            if n:
                render.line("")
            for text in render.code_lines(entry):
                render.line(text)
        return
    if markdown:
        render.line(render.codes_markdown().rstrip("\n"))
        return
    for entry in CATALOGUE:
        for text in render.code_help(entry):
            render.line(text)


def _known_code(wanted: str) -> Code:
    import difflib

    by_id = {entry.id: entry for entry in CATALOGUE}
    entry = by_id.get(wanted.upper()) or CATALOGUE_BY_SLUG.get(wanted.lower())
    if entry is None:
        close = difflib.get_close_matches(wanted.upper(), list(by_id), n=3) or difflib.get_close_matches(
            wanted.lower(), list(CATALOGUE_BY_SLUG), n=3
        )
        hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        detail = f"no problem code {wanted!r}{hint} (`transform codes` lists them all)"
        render.problems([Problem(CATALOGUE_BY_SLUG["bad-option"], Where(), {"option": "CODE", "detail": detail})])
        raise typer.Exit(EXIT_USAGE)
    return entry


@app.command("profiles")
def profiles_command() -> None:
    """List the bundled profiles."""
    from transform import api
    from transform.profile import load

    aliases = load.bundled_aliases()
    for name in load.bundled_names():
        loaded, _ = api.check_profile(name)
        title = loaded.data.get("title", "") if loaded else "(does not load)"
        # A profile's own other names: one that extends another does not inherit its aliases.
        own = [alias for alias, path in aliases.items() if path.stem == name]
        also = f" (also: {', '.join(own)})" if own else ""
        render.line(f"{name:<20} {title}{also}")


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: usage errors exit 2, a bug exits 3 with one line (traceback: --debug)."""
    started, clock = dt.datetime.now(dt.UTC), time.monotonic()
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    json_log = _asks_json_log(args)
    try:
        try:
            Path.cwd()
        except FileNotFoundError:  # said by preflight, imported then: --version starts without the pipeline
            from transform.pipeline import preflight

            preflight.working_directory()
        begun = {"started": (started, clock)}  # the group's refusal's report: its ran_at and duration
        if not json_log:
            return app(args, prog_name="transform", standalone_mode=True, obj=begun)
        # A scheduler's log takes one JSON line, also for a command line it cannot parse: typer's
        # own error box is replaced by that line (standalone mode off hands the error back).
        status = app(args, prog_name="transform", standalone_mode=False, obj=begun)
        sys.exit(status if isinstance(status, int) else 0)
    except typer.Abort:  # Ctrl-D at a prompt; Ctrl-C ends as exit 130 inside typer
        sys.exit(1)
    except typer.TyperException as error:  # json_log only: standalone mode shows the others itself
        command = str(getattr(getattr(error, "ctx", None), "command_path", None) or "transform")
        problem = Problem(
            CATALOGUE_BY_SLUG["usage-error"], Where(), {"detail": error.format_message(), "command": command}
        )
        context = _log_context(started, clock, command=command.removeprefix("transform").strip() or "transform")
        render.safely(functools.partial(render.json_refusal, [problem], exit_status=error.exit_code, context=context))
        sys.exit(error.exit_code)
    except TransformAbort as abort:  # the working directory is gone (api.run catches the others)
        if json_log:
            context = _log_context(started, clock)
            render.safely(
                functools.partial(render.json_refusal, abort.problems, exit_status=abort.exit_status, context=context)
            )
        else:
            render.problems(abort.problems)
        sys.exit(abort.exit_status)
    except MemoryError as exc:  # outside api.run (which reports its own): still not a bug
        held = exc.held if isinstance(exc, _OutOfMemory) else "nothing published"
        render.line(f"X931 out-of-memory: {CATALOGUE_BY_SLUG['out-of-memory'].render(detail=f'; {held}')}", err=True)
        sys.exit(EXIT_NOT_PUBLISHED)
    except Exception as exc:
        if debug:
            raise
        render.line(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", err=True)
        sys.exit(3)


def _asks_json_log(args: list[str]) -> bool:
    for i, arg in enumerate(args):
        if arg == "--log-format=json" or (arg == "--log-format" and args[i + 1 : i + 2] == ["json"]):
            return True
    return False


def _log_context(started: dt.datetime, clock: float, *, command: str = DEFAULT_COMMAND) -> render.LogContext:
    return render.LogContext(
        started=started, seconds=time.monotonic() - clock, version=transform.__version__, command=command
    )
