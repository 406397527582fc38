"""The command line: parse arguments, call the library, render, pick the exit code."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.core

from transform import api
from transform.pipeline import preflight
from transform.pipeline.deliver import DEFAULT_TIMEOUT as DEFAULT_SFTP_TIMEOUT
from transform.profile import load
from transform.report import html as html_report
from transform.report import render
from transform.report.codes import BY_SLUG as CATALOGUE_BY_SLUG
from transform.report.codes import CATALOGUE
from transform.report.problem import TransformAbort

DEFAULT_COMMAND = "run"


class DefaultCommandGroup(typer.core.TyperGroup):
    """`transform --profile x in/ out/` means `transform run --profile x in/ out/`.

    Scheduled jobs call the first form, so it must keep working beside the sub-commands.
    """

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        elif not args:
            args = ["--help"]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultCommandGroup,
    add_completion=False,
    no_args_is_help=False,
    help="Turn raw SIS roster exports into a valid OneRoster 1.1 CSV set for Remind.\n\n"
    "Usage: transform --profile powerschool EXPORTS/ OUT/",
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()  # noqa: DTZ011 (the district's calendar day)
    try:
        # Only the whole form: fromisoformat also takes a week (2026-W42), a day it makes up.
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@app.command(DEFAULT_COMMAND)
def run_command(
    in_dir: Annotated[Path, typer.Argument(help="Folder with the SIS export files.")],
    out_dir: Annotated[Path, typer.Argument(help="Folder for the OneRoster set (replaced whole).")],
    profile: Annotated[str, typer.Option("--profile", "-p", help="Bundled profile name or a path.")],
    as_of: Annotated[str | None, typer.Option(help="Roster as of this date, YYYY-MM-DD (default: today).")] = None,
    exclude_class: Annotated[
        list[str] | None, typer.Option("--exclude-class", help="Also drop classes matching this regex (repeatable).")
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option("--exclude", help="Switch on an opt-in exclusion of the profile, e.g. homeroom (repeatable)."),
    ] = None,
    term: Annotated[
        list[str] | None,
        typer.Option(
            "--term", help="Roster this term (name or abbreviation) instead of choosing by date (repeatable)."
        ),
    ] = None,
    school: Annotated[
        list[str] | None, typer.Option("--school", help="Roster only this school, by its ID (repeatable).")
    ] = None,
    users_only: Annotated[
        bool,
        typer.Option("--users-only", help="Users and schools only: classes.csv and enrollments.csv get headers only."),
    ] = False,
    report: Annotated[Path | None, typer.Option("--report", help="Write the full report as JSON.")] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write the report as one HTML page to read or forward.")
    ] = None,
    explain: Annotated[
        Path | None, typer.Option("--explain", help="Write a CSV of every record left out and why.")
    ] = None,
    redact: Annotated[bool, typer.Option(help="Leave names, phones, emails and dates out of reports.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
    target: Annotated[
        str, typer.Option(help="remind (the six files Remind wants) or oneroster (strict OneRoster 1.1).")
    ] = "remind",
    log_format: Annotated[
        str, typer.Option(help="text, or json: one JSON line for a scheduler's log instead of the summary.")
    ] = "text",
    strict: Annotated[bool, typer.Option(help="Publish nothing if the run finds any warning or error.")] = False,
    previous: Annotated[
        Path | None, typer.Option(help="The last published set to compare with (default: what OUT holds now).")
    ] = None,
    max_removal: Annotated[
        float | None,
        typer.Option(
            min=0,
            max=100,
            help="Refuse a set removing more than this percent of users, classes or enrollments "
            "(default 10, or the profile's max_removal).",
        ),
    ] = None,
    allow_rollover: Annotated[bool, typer.Option(help="A new term: publish even a large removal, and say so.")] = False,
    allow_incomplete: Annotated[
        bool,
        typer.Option(
            help="Publish even when errors left out more than the removal limit of an export's rows, or left "
            "an output file empty that the exports feed, and say so."
        ),
    ] = False,
    zip_path: Annotated[Path | None, typer.Option("--zip", help="Also write the published set as one zip.")] = None,
    keep: Annotated[int, typer.Option(min=0, help="Keep this many published sets for a rollback.")] = 0,
    upload: Annotated[
        str | None,
        typer.Option(
            help="Deliver the set (or the --zip) to sftp://user@host[:port]/path; the password comes from "
            "TRANSFORM_SFTP_PASSWORD or --sftp-password-file, a key from TRANSFORM_SFTP_KEY or --sftp-key."
        ),
    ] = None,
    sftp_key: Annotated[Path | None, typer.Option(help="Private key file for --upload.")] = None,
    sftp_password_file: Annotated[Path | None, typer.Option(help="File holding the --upload password.")] = None,
    known_hosts: Annotated[Path, typer.Option(help="Host keys --upload trusts.")] = Path("~/.ssh/known_hosts"),
    trust_new_host_key: Annotated[
        bool, typer.Option(help="Accept an SFTP host key not yet in --known-hosts, and append it there (one line).")
    ] = False,
    sftp_timeout: Annotated[
        float,
        typer.Option(
            min=0.1,
            help="Seconds any one SFTP step (connect, greeting, login, each file request) may "
            "wait for the server before the attempt counts as failed.",
        ),
    ] = DEFAULT_SFTP_TIMEOUT,
    upload_attempts: Annotated[
        int,
        typer.Option(
            min=1,
            max=10,
            help="Tries for an upload whose connection fails, drops or stalls "
            "(refused credentials and host keys are never retried).",
        ),
    ] = 3,
    jobs: Annotated[
        int | None,
        typer.Option(min=1, max=2, help="Processes: 1, or 2 (enrolments beside users). Default: 2 for large exports."),
    ] = None,
) -> None:
    """Transform EXPORTS into a Remind-ready OneRoster 1.1 set in OUT."""
    # Checked first: a report that cannot be written must not fail a published run.
    for option, path in (("--report", report), ("--html", html)):
        if path is not None:
            try:
                preflight.output_file(option, path)
            except TransformAbort as abort:
                render.problems(abort.problems)
                raise typer.Exit(api.EXIT_USAGE) from None
    if log_format not in ("text", "json"):
        raise typer.BadParameter("text or json", param_hint="--log-format")
    options = api.RunOptions(
        profile=profile,
        in_dir=in_dir,
        out_dir=out_dir,
        as_of=_as_of(as_of),
        target=target,
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
        allow_rollover=allow_rollover,
        allow_incomplete=allow_incomplete,
        zip_path=zip_path,
        keep=keep,
        upload=upload,
        sftp_key=sftp_key,
        sftp_password_file=sftp_password_file,
        known_hosts=known_hosts.expanduser(),
        trust_new_host_key=trust_new_host_key,
        jobs=jobs,
        sftp_timeout=sftp_timeout,
        upload_attempts=upload_attempts,
        school_counts=html is not None,
    )
    with render.progress(enabled=not quiet and log_format == "text") as on_progress:
        result = api.run(replace(options, on_progress=on_progress))
    if report is not None:
        try:
            report.write_text(result.report.to_json(redact=redact), encoding="utf-8")
        except OSError as exc:  # checked first, so the disk filled up during the run
            said = "Published, but writing" if result.report.published else "Cannot write"
            text = f"{said} the report {report} failed: {exc.strerror or exc}"
            render.safely(lambda: render.line(text, err=True))
            result.exit_status = max(result.exit_status, api.EXIT_NOT_PUBLISHED)
    if html is not None:
        _write_html(html, result, redact=redact)
    if log_format == "json":
        render.safely(lambda: render.json_line(result, out_dir=out_dir))
    else:
        render.safely(lambda: render.summary(result, out_dir=out_dir, quiet=quiet, redact=redact))
    raise typer.Exit(result.exit_status)


def _write_html(path: Path, result: api.RunResult, *, redact: bool) -> None:
    try:
        html_report.write(path, result.report.to_dict(redact=redact), redact=redact)
    except OSError as exc:  # checked first, so the disk filled up during the run
        said = "Published, but writing" if result.report.published else "Cannot write"
        text = f"{said} the HTML report {path} failed: {exc.strerror or exc}"
        render.safely(lambda: render.line(text, err=True))
        result.exit_status = max(result.exit_status, api.EXIT_NOT_PUBLISHED)


@app.command("report")
def report_command(
    report: Annotated[Path, typer.Argument(help="A JSON report written by --report.")],
    html: Annotated[Path, typer.Option("--html", help="Where to write the HTML page.")],
    redact: Annotated[bool, typer.Option(help="Leave names, phones, emails and dates out of the page.")] = False,
) -> None:
    """Draw the HTML page of a run from its saved JSON report (the set and its history are read
    from the output folder the report names)."""
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        render.line(f"{report}: not a JSON report: {detail}", err=True)
        raise typer.Exit(api.EXIT_USAGE) from None
    if not isinstance(data, dict) or not isinstance(data.get("facts"), dict) or "published" not in data:
        render.line(f"{report}: not a report written by `transform --report`", err=True)
        raise typer.Exit(api.EXIT_USAGE)
    try:
        preflight.output_file("--html", html)
        html_report.write(html, data, redact=redact)
    except TransformAbort as abort:
        render.problems(abort.problems)
        raise typer.Exit(api.EXIT_USAGE) from None
    except OSError as exc:
        render.line(f"Cannot write {html}: {exc.strerror or exc}", err=True)
        raise typer.Exit(api.EXIT_NOT_PUBLISHED) from None
    render.line(f"Wrote {html}")


@app.command("validate")
def validate_command(
    path: Annotated[Path, typer.Argument(help="A OneRoster set: a folder or a zip.")],
    target: Annotated[str, typer.Option(help="The rules to check: remind or oneroster.")] = "remind",
    report: Annotated[Path | None, typer.Option("--report", help="Write the full report as JSON.")] = None,
    redact: Annotated[bool, typer.Option(help="Leave personal values out of the report.")] = False,
) -> None:
    """Check a OneRoster set against the target's rules; exit 0 valid, 1 invalid."""
    result = api.validate_set(path, target=target)
    if report is not None:
        report.write_text(result.report.to_json(redact=redact), encoding="utf-8")
    render.verdict(result, path=path, redact=redact)
    raise typer.Exit(result.exit_status)


@app.command("check-profile")
def check_profile_command(
    profile: Annotated[str, typer.Argument(help="Bundled profile name or a path.")],
    exports: Annotated[
        Path | None,
        typer.Option(
            help="A folder (or zip) of the district's exports: also check what only they show "
            "(a district_id that is a school's ID)."
        ),
    ] = None,
) -> None:
    """Check a profile; print every error as file:line:col and exit 2 if there is one."""
    _, problems = api.check_profile(profile, exports=exports)
    render.problems(problems)
    if problems:
        raise typer.Exit(api.EXIT_USAGE)
    render.line(f"{profile}: ok")


@app.command("init-profile")
def init_profile_command(
    in_dir: Annotated[Path, typer.Argument(help="Folder with the SIS export files.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the starter profile.")] = Path(
        "district.yaml"
    ),
    force: Annotated[bool, typer.Option(help="Replace --out if it exists.")] = False,
) -> None:
    """Describe each export file and write a starter profile extending the closest bundled one."""
    try:
        result = api.init_profile(in_dir)
    except TransformAbort as abort:
        render.problems(abort.problems)
        raise typer.Exit(api.EXIT_USAGE) from None
    for line in result.description:
        render.line(line)
    render.line("Closest bundled profiles: " + ", ".join(f"{n} {s:.0%}" for n, s in result.ranking[:3]))
    if out.exists() and not force:
        render.line(f"{out} exists; not replaced (--force replaces it)", err=True)
        raise typer.Exit(api.EXIT_USAGE)
    out.write_text(result.profile_text, encoding="utf-8")
    render.line(f"Wrote {out}: check it with `transform check-profile {out}`")


@app.command("codes")
def codes_command(
    markdown: Annotated[bool, typer.Option(help="Print the catalogue as a Markdown table.")] = False,
) -> None:
    """List every problem code the tool can report."""
    if markdown:
        render.line(render.codes_markdown().rstrip("\n"))
        return
    for code in CATALOGUE:
        render.line(f"{code.id}  {code.slug:<28} {code.severity:<8} {code.action:<9} {code.template}")


@app.command("profiles")
def profiles_command() -> None:
    """List the bundled profiles."""
    for name in load.bundled_names():
        loaded, _ = api.check_profile(name)
        title = loaded.data.get("title", "") if loaded else "(does not load)"
        aliases = loaded.data.get("aliases") if loaded else None
        also = f" (also: {', '.join(aliases)})" if aliases else ""
        render.line(f"{name:<20} {title}{also}")


def main(argv: list[str] | None = None) -> Any:
    """Console entry point: usage errors exit 2, a bug exits 3 with one line (traceback: --debug)."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    try:
        preflight.working_directory()
        return app(args, prog_name="transform", standalone_mode=True)
    except TransformAbort as abort:  # pragma: no cover - api.run catches these
        render.problems(abort.problems)
        sys.exit(abort.exit_status)
    except MemoryError:  # outside api.run (which reports its own): still not a bug
        render.line(f"X931 out-of-memory: {CATALOGUE_BY_SLUG['out-of-memory'].render(detail='')}", err=True)
        sys.exit(api.EXIT_NOT_PUBLISHED)
    except Exception as exc:
        if debug:
            raise
        render.line(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", err=True)
        sys.exit(3)
