"""The library's front door: run(options) -> RunResult. The CLI only calls this."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transform.oneroster.spec import TARGETS, Target
from transform.pipeline import (
    audit,
    deliver,
    delivery_state,
    enrolment_schools,
    gate,
    identity,
    known_hosts,
    lookups,
    order,
    overlap,
    preflight,
    read,
)
from transform.pipeline.combine import combine_rows
from transform.pipeline.compact import CompactMap, id_hash
from transform.pipeline.complete import BUILT, Completer, parents_first
from transform.pipeline.derive import GuardianBook
from transform.pipeline.filters import NothingDue, drop_excluded_classes, select_terms
from transform.pipeline.mapping import Indexes, map_guardians, map_rows
from transform.pipeline.rows import Draft, Places, SourceRow
from transform.pipeline.spool import HeldDrafts
from transform.pipeline.validate import LeftOutRows, Validator, unique_titles
from transform.pipeline.write import ExplainLog, Staging, write_zip
from transform.profile import check, load
from transform.profile import init as profile_init
from transform.profile.compile import CLASS_TABLE, Choices, Plan, RulePlan, compile_plan
from transform.report import codes
from transform.report.codes import Severity
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

EXIT_PUBLISHED = 0
EXIT_NOT_PUBLISHED = 1
EXIT_USAGE = 2
# Tables that may not be empty: without schools or users there is nothing to roster.
MUST_HAVE_ROWS = ("orgs", "users")
DEFAULT_KNOWN_HOSTS = Path("~/.ssh/known_hosts").expanduser()
# Left empty (header row only) by --users-only, Remind's "not ready to roster classes".
CLASS_TABLES = (CLASS_TABLE, "enrollments", "academicSessions", "courses")
# Small tables validated in flow order (later files point to them) but written at the end,
# when it is known which of their records are used.
HELD_TABLES = (CLASS_TABLE, "academicSessions", "courses")


@dataclass(frozen=True, slots=True)
class RunOptions:
    profile: str
    in_dir: Path
    out_dir: Path
    as_of: dt.date
    target: str = "remind"
    exclude_classes: tuple[str, ...] = ()  # extra class-exclusion patterns
    exclude_named: tuple[str, ...] = ()  # opt-in exclusion patterns of the profile, by name
    terms: tuple[str, ...] = ()  # roster these terms (name or abbreviation) instead of by date
    schools: tuple[str, ...] = ()  # roster only these schools
    users_only: bool = False  # classes.csv and enrollments.csv with headers only
    explain: Path | None = None  # CSV of every record left out, with its reason
    redact: bool = False  # keep personal values out of the explain file
    previous: Path | None = None  # the last published set (default: what out_dir holds now)
    max_removal: float | None = None  # percent; default settings.max_removal, else 10
    allow_rollover: bool = False  # a term change: accept a large removal on purpose
    allow_incomplete: bool = False  # publish though errors left out much of an export or emptied a file
    zip_path: Path | None = None  # also write the published set as one zip
    keep: int = 0  # keep this many published sets in the state folder, for a rollback
    now: dt.datetime | None = None  # the clock (tests pin it); default: now, UTC
    upload: str | None = None  # sftp://user@host[:port]/path
    sftp_password_file: Path | None = None
    sftp_key: Path | None = None
    known_hosts: Path = DEFAULT_KNOWN_HOSTS
    trust_new_host_key: bool = False
    upload_attempts: int = 3
    upload_backoff: float = 2.0
    sftp_timeout: float = deliver.DEFAULT_TIMEOUT  # seconds any one network step may take
    on_progress: Callable[[str, int], None] | None = None  # (file, rows read), for a live display
    max_examples: int = 20
    strict: bool = False  # any warning or error refuses to publish
    jobs: int | None = None  # processes: 1, or 2 (enrolments beside users); default: 2 for large exports


@dataclass(slots=True)
class RunResult:
    report: Report
    exit_status: int
    problems: list[Problem] = field(default_factory=list)  # what stopped the run, if anything


def validate_set(path: Path, *, target: str = "remind", max_examples: int = 20) -> RunResult:
    """Check an existing set (folder or zip); exit 0 when it is valid, 1 when it is not."""
    report = Report(max_examples=max_examples)
    report.facts.update(target=target, set=str(path))
    try:
        audit.audit_set(path, _target(target), report)
    except TransformAbort as abort:
        for problem in abort.problems:
            report.add_problem(problem)
        return RunResult(report, abort.exit_status, abort.problems)
    invalid = report.count(Severity.ERROR) or report.dropped
    return RunResult(report, EXIT_NOT_PUBLISHED if invalid else EXIT_PUBLISHED)


def _target(name: str) -> Target:
    target = TARGETS.get(name)
    if target is None:
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"), Where(), {"option": "--target", "detail": f"one of {', '.join(TARGETS)}"}
                )
            ]
        )
    return target


def check_profile(ref: str, *, exports: Path | None = None) -> tuple[load.LoadedProfile | None, list[Problem]]:
    """Load and check a profile; the problems are every error found, in file order. With
    `exports`, also what only the exports show: a district_id that is a school's ID."""
    try:
        profile = load.load(ref)
    except TransformAbort as abort:
        return None, abort.problems
    problems = check.check(profile)
    if exports is not None and not problems:
        try:
            _check_with_exports(profile, exports)
        except TransformAbort as abort:
            problems = abort.problems
    return profile, problems


def _check_with_exports(profile: load.LoadedProfile, exports: Path) -> None:
    """Map the schools of the exports as a run would and check the district ID against them."""
    plan = _compiled(profile, target=TARGETS["remind"], choices=Choices(as_of=dt.datetime.now(dt.UTC).date()))
    report = Report(max_examples=0)
    with read.unpacked(exports) as in_dir:
        sources = read.find_sources(in_dir, plan.sources, report)
        inputs = _Inputs(sources, report)
        joins = {join.index_key for rule in plan.rules.get("orgs", ()) for join in rule.joins.values()}
        indexes: Indexes = {
            key: lookups.build_index(
                inputs.rows(key[0]), source=key[0], key=key[1], columns=plan.join_needs[key], report=report
            )
            for key in joins
        }
        drafts = [
            draft
            for rule in plan.rules.get("orgs", ())
            if rule.source in sources
            for draft in map_rows(
                inputs.rows(rule.source), rule=rule, plan=plan, indexes=indexes, extras={}, report=report
            )
        ]
    _district_collides(plan, drafts)


def _compiled(profile: load.LoadedProfile, *, target: Target, choices: Choices) -> Plan:
    plan = compile_plan(profile.data, target=target, choices=choices)
    if (plan.settings.get("district_id") or "") == "":
        return plan
    return dataclasses.replace(plan, district_at=profile.where(["settings", "district_id"]).file)


def _district_collides(plan: Plan, orgs: list[Draft]) -> None:
    """A district_id that is also a school's ID would turn that school into the district org
    (and every class and user at it would point to a district): refused, as a profile error."""
    district = str(plan.settings.get("district_id") or "")
    for draft in orgs:
        if district and draft.values.get("sourcedId") == district and draft.values.get("type") == "school":
            raise TransformAbort(
                [
                    Problem(
                        codes.code("profile-district-collides"),
                        Where(file=plan.district_at),
                        {
                            "district": district,
                            "name": draft.values.get("name", ""),
                            "file": draft.origin.file,
                            "line": draft.origin.line,
                        },
                    )
                ]
            )


@dataclass(frozen=True)
class InitResult:
    description: list[str]  # each file: encoding, delimiter, columns with sample values
    ranking: list[tuple[str, float]]  # bundled profiles, best first, with the share of columns found
    profile_text: str  # the starter profile (YAML)


def init_profile(in_dir: Path) -> InitResult:
    """Look at a folder of exports and draft a profile extending the closest bundled one."""
    if not in_dir.is_dir():
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"), Where(), {"option": "input folder", "detail": f"{in_dir} is not a folder"}
                )
            ]
        )
    files = profile_init.inspect_folder(in_dir)
    if not files:
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"),
                    Where(),
                    {"option": "input folder", "detail": f"{in_dir} holds no .csv or .txt file"},
                )
            ]
        )
    ranked = profile_init.rank_profiles(files)
    return InitResult(
        profile_init.describe(files),
        [(c.profile, c.score) for c in ranked],
        profile_init.starter_profile(ranked[0], in_dir),
    )


def run(options: RunOptions) -> RunResult:
    report = Report(max_examples=options.max_examples, on_progress=options.on_progress)
    report.facts.update(profile=options.profile, target=options.target, as_of=options.as_of.isoformat())
    explain: list[ExplainLog] = []
    result = _run(options, report, explain)
    if explain and (failure := explain[0].finish()) and report.published:
        # Written last, after publishing: a disk that filled up meanwhile. Said first, exit 1.
        report.add(codes.code("after-publish-failed"), Where(), what=f"writing {options.explain}", detail=failure)
        result.exit_status = max(result.exit_status, EXIT_NOT_PUBLISHED)
    return result


def _run(options: RunOptions, report: Report, explain: list[ExplainLog]) -> RunResult:
    staging: Staging | None = None
    now = options.now or dt.datetime.now(dt.UTC)
    try:
        _preflight(options)
        _check_clock(options, report, now=now)  # every run, refused or not, warns from day 80
        if options.explain is not None:
            explain.append(_explain_log(options.explain, redact=options.redact))
            report.on_drop = explain[0]
        delivery = _delivery(options)
        plan = _plan(options)
        _check_folders(options.in_dir, options.out_dir)
        with read.unpacked(options.in_dir, plan.sources) as in_dir:
            sources = read.find_sources(in_dir, plan.sources, report)
            report.facts["sources"] = {
                name: {"file": s.display, "encoding": s.encoding, "delimiter": s.delimiter}
                for name, s in sources.items()
            }
            staging = _staging(options.out_dir, report)
            ended = _produce(
                plan, sources, staging, report, jobs=options.jobs, state=gate.state_folder(options.out_dir)
            )
        return _gate_and_publish(options, plan, sources, staging, report, ended=ended, delivery=delivery, now=now)
    except NothingDue as pause:  # the summer break: nobody needs to act, the last set stays
        report.add_problem(pause.problem(_last_sent(options)))
        return RunResult(report, EXIT_PUBLISHED)
    except TransformAbort as abort:
        for problem in abort.problems:
            report.add_problem(problem)
        return RunResult(report, abort.exit_status, abort.problems)
    except (OSError, MemoryError) as exc:  # the machine, not the data: nothing is published
        problem = _machine_problem(exc, options, report, staged=staging is not None)
        report.add_problem(problem)
        return RunResult(report, EXIT_NOT_PUBLISHED, [problem])
    finally:
        if staging is not None:
            if not report.published:
                staging.discard()
            staging.release()


def _preflight(options: RunOptions) -> None:
    """Every path the run will write, checked before any export is read (pipeline.preflight)."""
    preflight.working_directory()
    for option, path in (("--explain", options.explain), ("--zip", options.zip_path)):
        if path is not None:
            preflight.output_file(option, path)
    preflight.output_folder(options.out_dir, gate.state_folder(options.out_dir))


def _staging(out: Path, report: Report) -> Staging:
    staging = Staging(out, lock_folder=gate.state_folder(out))
    if staging.recovered is not None:
        report.add(codes.code("output-recovered"), Where(), folder=out, previous=staging.recovered.name)
    return staging


def _machine_problem(exc: OSError | MemoryError, options: RunOptions, report: Report, *, staged: bool) -> Problem:
    """Disk full, permissions, a vanished file; or a memory limit too small for this district
    (the memory the failed step held is free again once the exception is caught)."""
    if isinstance(exc, MemoryError):
        detail = f" after reading {sum(report.rows_read.values()):,} rows" if staged else " before any export was read"
        return Problem(codes.code("out-of-memory"), Where(), {"detail": detail})
    return Problem(
        codes.code("output-unwritable"),
        Where(file=exc.filename or ""),
        {"folder": options.out_dir, "detail": exc.strerror or str(exc)},
    )


def _gate_and_publish(
    options: RunOptions,
    plan: Plan,
    sources: dict[str, read.SourceFile],
    staging: Staging,
    report: Report,
    *,
    ended: dict[str, str],
    delivery: Delivery | None,
    now: dt.datetime,
) -> RunResult:
    """The staged set through the safety gate; published (and delivered) unless refused."""
    if not report.aborts:
        _safety_gate(options, plan, sources, staging, report, ended=ended)
    if options.strict and not report.aborts:
        _strict_gate(report)
    if report.aborts:
        return RunResult(report, max(p.code.exit_status for p in report.aborts), list(report.aborts))
    staging.publish()
    report.published = True
    _after_publish(options, report, now=now, identity_prefixes=identity.prefixes(plan.rules.get("users", ())))
    # Still under the lock (released by the caller): a second run cannot publish or upload
    # until this delivery has ended, so the server never holds a mix of two nights.
    if delivery is not None and not _deliver(options, delivery, report, now=now):
        return RunResult(report, EXIT_NOT_PUBLISHED)
    # Published, but a file the run was asked for (the zip, the state) was not written.
    failed_after = report.counts.get(codes.code("after-publish-failed").id)
    return RunResult(report, EXIT_NOT_PUBLISHED if failed_after else EXIT_PUBLISHED)


def _explain_log(path: Path, *, redact: bool) -> ExplainLog:
    try:
        return ExplainLog(path, redact=redact)
    except OSError as exc:
        raise TransformAbort(
            [
                Problem(
                    codes.code("bad-option"),
                    Where(),
                    {"option": "--explain", "detail": f"{path}: {exc.strerror or exc}"},
                )
            ]
        ) from None


def _check_clock(options: RunOptions, report: Report, *, now: dt.datetime) -> None:
    """Remind drops a district after 90 days without an upload: warn from day 80, counted from
    the last delivery with --upload, else from the last published set."""
    sent = delivery_state.read(options.out_dir) if options.upload else {}
    if sent:
        delivery_state.check(sent, report, now=now)
        return
    state = gate.read_state(options.out_dir)
    if isinstance(state, dict):
        gate.check_overdue(state, report, now=now)


def _last_sent(options: RunOptions) -> str:
    """ "last delivery DATE" (with --upload), else "last published set DATE", for a paused run."""
    if options.upload:
        when, what = delivery_state.read(options.out_dir).get("delivered_at"), "last delivery"
    else:
        state = gate.read_state(options.out_dir)
        when, what = state.get("published_at") if isinstance(state, dict) else None, "last published set"
    return f"{what} {when[:10]}" if isinstance(when, str) and when else f"no {what} yet"


def _safety_gate(
    options: RunOptions,
    plan: Plan,
    sources: dict[str, read.SourceFile],
    staging: Staging,
    report: Report,
    *,
    ended: dict[str, str],
) -> None:
    out = options.out_dir
    state = gate.read_state(out)
    sent = delivery_state.read(out) if options.upload else {}
    in_use = {
        name
        for table, rules in plan.rules.items()
        if not (plan.users_only and table in CLASS_TABLES)
        for rule in rules
        for name in (rule.source, *(j.source for j in rule.joins.values()))
    }
    required = [s.display for name, s in sources.items() if plan.sources[name].required and name in in_use]
    gate.check_inputs(
        report,
        state,
        required=required,
        allow_rollover=options.allow_rollover,
        no_bytes=frozenset(s.display for s in sources.values() if not s.header),
    )
    gate.check_complete(
        report,
        required=required,
        fed=_fed_tables(plan, sources, report),
        limit=gate.export_limit(plan.settings.get("max_removal"), options.max_removal),
        allow_incomplete=options.allow_incomplete,
    )
    previous = options.previous or delivery_state.last_delivered_set(out, sent) or (out if out.is_dir() else None)
    changes = gate.compare(previous, staging.path, dict(report.rows_written), ended=ended)
    limits = gate.removal_limits(plan.settings.get("max_removal"), options.max_removal)
    gate.gate(
        changes,
        report,
        limits=limits,
        allow_rollover=options.allow_rollover,
        removals=out.parent / f"{out.name}-removals.csv",
    )


def _fed_tables(plan: Plan, sources: dict[str, read.SourceFile], report: Report) -> dict[str, list[str]]:
    """Each output file that this run's exports with rows feed, with those exports."""
    fed: dict[str, list[str]] = {}
    for table in plan.target.files:
        if (plan.users_only and table in CLASS_TABLES) or table in plan.target.referenced_only:
            continue  # terms and courses are empty when no class refers to them: the classes tell
        files = {
            sources[rule.source].display
            for rule in plan.rules.get(table, ())
            if rule.source in sources and not (rule.unless_source and rule.unless_source in sources)
        }
        if with_rows := sorted(f for f in files if report.rows_read.get(f, 0)):
            fed[table] = with_rows
    return fed


def _after_publish(
    options: RunOptions, report: Report, *, now: dt.datetime, identity_prefixes: tuple[str, ...] = ()
) -> None:
    """Remember what was published; the zip and the history copy come from the published set."""
    try:
        gate.write_state(options.out_dir, report, now=now)
        # The IDs of the guardians published, for the next run. Issue 18 (delivery tracking):
        # "the last delivered set" is to replace "the last published" here, and only here.
        identity.remember(
            gate.state_folder(options.out_dir), options.out_dir / "users.csv", identity_prefixes, today=now.date()
        )
        gate.keep_history(options.out_dir, keep=options.keep, now=now)
        if options.zip_path is not None:
            write_zip(options.out_dir, options.zip_path)
    except OSError as exc:
        what = f"writing {exc.filename}" if exc.filename else "keeping its record"
        report.add(codes.code("after-publish-failed"), Where(), what=what, detail=exc.strerror or str(exc))


Delivery = tuple[deliver.SftpTarget, deliver.Credentials, known_hosts.KnownHosts]


def _delivery(options: RunOptions) -> Delivery | None:
    """The upload's address, credentials and known hosts, checked before anything is read:
    a file that cannot be used is the command's fault, found at once, not after publishing."""
    if options.upload is None:
        return None
    try:
        return (
            deliver.parse_target(options.upload),
            deliver.credentials(password_file=options.sftp_password_file, key_file=options.sftp_key),
            known_hosts.load(options.known_hosts),
        )
    except OSError as exc:  # known_hosts exists but cannot be read
        raise TransformAbort(
            [
                Problem(
                    codes.code("sftp-credentials-unusable"),
                    Where(file=str(options.known_hosts)),
                    {
                        "option": "--known-hosts",
                        "file": options.known_hosts,
                        "detail": f"cannot read it: {exc.strerror or exc}",
                    },
                )
            ]
        ) from None
    except deliver.CredentialsError as exc:
        option = (
            "--sftp-password-file"
            if exc.file == options.sftp_password_file
            else "--sftp-key"
            if exc.file == options.sftp_key
            else deliver.KEY_ENV
        )
        raise TransformAbort(
            [
                Problem(
                    codes.code("sftp-credentials-unusable"),
                    Where(file=str(exc.file)),
                    {"option": option, "file": exc.file, "detail": str(exc)},
                )
            ]
        ) from None
    except deliver.DeliveryError as exc:
        raise TransformAbort(
            [Problem(codes.code("bad-option"), Where(), {"option": "--upload", "detail": str(exc)})]
        ) from None


def _deliver(options: RunOptions, delivery: Delivery, report: Report, *, now: dt.datetime) -> bool:
    """Upload the published set and remember whether it arrived (pipeline.delivery_state)."""
    target, creds, hosts = delivery
    files = [options.zip_path] if options.zip_path else sorted(options.out_dir.glob("*.csv"))
    for line, why in hosts.ignored:
        report.add(
            codes.code("known-hosts-line-ignored"),
            Where(file=str(hosts.path), line=line),
            file=hosts.path,
            line=line,
            detail=why,
        )
    try:
        deliver.upload(
            files,
            target,
            creds,
            known_hosts=hosts,
            trust_new_host_key=options.trust_new_host_key,
            attempts=options.upload_attempts,
            backoff=options.upload_backoff,
            timeout=options.sftp_timeout,
        )
    except deliver.DeliveryError as exc:
        report.add(codes.code("upload-failed"), Where(), detail=str(exc))
        _remember(delivery_state.record_failed, options, report, target=str(target), now=now)
        return False
    report.add(codes.code("uploaded"), Where(), files=", ".join(p.name for p in files), target=target)
    _remember(delivery_state.record_delivered, options, report, target=str(target), now=now)
    return True


def _remember(
    record: Callable[..., None], options: RunOptions, report: Report, *, target: str, now: dt.datetime
) -> None:
    try:
        record(options.out_dir, target=target, now=now)
    except OSError as exc:
        report.add(
            codes.code("after-publish-failed"), Where(), what="recording the delivery", detail=exc.strerror or str(exc)
        )


def _check_folders(in_dir: Path, out_dir: Path) -> None:
    """Replacing the output must never touch the exports, nor the exports hold the output."""
    inside, outside = in_dir.resolve(), out_dir.resolve()
    if outside == inside or outside.is_relative_to(inside) or inside.is_relative_to(outside):
        detail = f"{out_dir} and {in_dir} overlap; give an output folder outside the exports"
        raise TransformAbort([Problem(codes.code("bad-option"), Where(), {"option": "OUT", "detail": detail})])


def _strict_gate(report: Report) -> None:
    warnings, errors = report.count(Severity.WARNING), report.count(Severity.ERROR)
    if warnings or errors:
        report.add(codes.code("strict-refused"), Where(), warnings=warnings, errors=errors)


def _plan(options: RunOptions) -> Plan:
    target = _target(options.target)
    profile, problems = check_profile(options.profile)
    if problems or profile is None:
        raise TransformAbort(problems)
    for pattern in options.exclude_classes:
        check.re_error(pattern)  # raises TransformAbort for a pattern that does not compile
    available = set(((profile.data.get("filters") or {}).get("exclude_classes") or {}).get("available") or {})
    unknown = sorted(set(options.exclude_named) - available)
    if unknown:
        detail = f"{', '.join(unknown)} not in the profile's exclude_classes.available ({', '.join(sorted(available))})"
        raise TransformAbort([Problem(codes.code("bad-option"), Where(), {"option": "--exclude", "detail": detail})])
    choices = Choices(
        as_of=options.as_of,
        exclude_classes=options.exclude_classes,
        exclude_named=options.exclude_named,
        terms=options.terms,
        schools=options.schools,
        users_only=options.users_only,
    )
    return _compiled(profile, target=target, choices=choices)


class _Inputs:
    """Streams each export; row problems are reported on the first pass only."""

    def __init__(self, sources: dict[str, read.SourceFile], report: Report) -> None:
        self.sources = sources
        self.report = report
        self._read: set[str] = set()

    def mark_read(self, sources: Iterable[str]) -> None:
        """Sources read before (a worker process skips the stages that read them first)."""
        self._read.update(sources)

    def rows(self, source: str) -> Iterator[SourceRow]:
        found = self.sources.get(source)
        if found is None:
            return iter(())
        first = source not in self._read
        self._read.add(source)
        return read.iter_rows(found, self.report, first_pass=first)


def _produce(
    plan: Plan,
    sources: dict[str, read.SourceFile],
    staging: Staging,
    report: Report,
    *,
    jobs: int | None = None,
    state: Path | None = None,
) -> dict[str, str]:
    """Write the set into staging; return the classes whose term ended this school year."""
    started = time.perf_counter()
    inputs = _Inputs(sources, report)
    indexes: Indexes = {
        (source, key): lookups.build_index(inputs.rows(source), source=source, key=key, columns=columns, report=report)
        for (source, key), columns in plan.join_needs.items()
    }
    run = _Run(plan, inputs, indexes, Validator(plan.target, report), staging, report, state=state)
    held = run.held_tables
    seconds = report.facts.setdefault("seconds", {})
    seconds["indexes"] = round(time.perf_counter() - started, 3)
    try:
        _tables(run, held, jobs=jobs)
        run.validator.finish(
            lambda: _read_back(staging.path / "enrollments.csv", "userSourcedId", "classSourcedId"),
            lambda: _read_back(staging.path / "users.csv", "sourcedId", "agentSourcedIds", role="student"),
        )
        if run.held_classes is not None:
            held[CLASS_TABLE] = list(run.held_classes.drafts())
    finally:
        run.stop_worker()
        if run.held_classes is not None:
            run.held_classes.close()
    for table, drafts in run.referenced(held).items():
        run.write(table, unique_titles(drafts, report) if table == CLASS_TABLE else drafts)
    enrolment_schools.align(staging.path, report)
    for table in plan.target.files:  # the same records give the same bytes, whatever their export order
        if (staging.path / f"{table}.csv").exists():
            order.sort_records(staging.path / f"{table}.csv")
    staging.write_manifest(plan.target, str(plan.settings.get("source_system") or plan.name))
    # Files in the target's order in the report, whenever each was written (orgs go last).
    position = {f"{table}.csv": i for i, table in enumerate(plan.target.files)}
    report.rows_written = dict(
        sorted(report.rows_written.items(), key=lambda item: position.get(item[0], len(position)))
    )
    run.classes_lost()
    for table in MUST_HAVE_ROWS:
        if report.rows_written.get(f"{table}.csv", 0) == 0:
            report.add(
                codes.code("no-rows"),
                Where(file=f"{table}.csv"),
                table=table,
                detail="every input row was left out or none was found (see the report)",
            )
    return run.ended_classes


def _tables(run: _Run, held: dict[str, list[Draft]], *, jobs: int | None) -> None:
    seconds = run.report.facts["seconds"]
    for table in run.plan.target.files:
        begun = time.perf_counter()
        if table == "users" and jobs != 1:
            run.start_worker(always=jobs == 2)
        if table == "orgs":
            held[table] = run.orgs()
        elif table == "users":
            run.users()
            run.users_known()
        elif table == "enrollments":
            run.enrollments()
        elif table == CLASS_TABLE:
            run.classes()
        elif table == "academicSessions":
            held[table] = list(run.validator.validate(parents_first(run.mapped(table)), table=table))
            if run.plan.target.builds_missing:
                run.completer = Completer(run.validator, run.report, as_of=run.plan.as_of, held=held)
                run.completer.link_sessions()
        elif table in HELD_TABLES:
            drafts = order.parents_first(list(run.mapped(table)), run.plan.target.references.get(table, ()), table)
            held[table] = list(run.validator.validate(drafts, table=table))
        else:
            run.stream(table)
        run.validator.table_done(table)
        seconds[table] = round(time.perf_counter() - begun, 3)


def _staff_enrolment(draft: Draft) -> bool:
    return draft.values.get("role") != "student"


def _read_back(path: Path, first: str, second: str, *, role: str = "") -> Iterator[tuple[str, str]]:
    """Two columns of a written file, read again (of the rows with this role, when given)."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        at, then = header.index(first), header.index(second)
        role_at = header.index("role") if role else -1
        for row in reader:
            if role_at < 0 or row[role_at] == role:
                yield row[at], row[then]


@dataclass
class _Run:
    """One run's tables, in flow order; each step reads what the earlier ones kept."""

    plan: Plan
    inputs: _Inputs
    indexes: Indexes
    validator: Validator
    staging: Staging
    report: Report
    # Where each kept class was read, for the empty-class report, by hash of its sourcedId.
    class_origins: CompactMap = field(default_factory=CompactMap)
    class_places: Places = field(default_factory=Places)
    worker: overlap.Worker | None = None
    held_classes: HeldDrafts | None = None  # the kept classes, written at the end (when empty ones are known)
    released: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # indexes only the worker holds
    # Classes that passed the rostering filters, and of those the ones the target's rules kept.
    classes_checked: int = 0
    classes_kept: int = 0
    # Classes left out because their term ended earlier this school year (filters.select_terms).
    ended_classes: dict[str, str] = field(default_factory=dict)
    # Small tables validated in flow order, written at the end (HELD_TABLES), and what builds into them.
    held_tables: dict[str, list[Draft]] = field(default_factory=dict)
    completer: Completer | None = None
    state: Path | None = None  # the state folder beside the output: the identity map (pipeline.identity)

    def _expected(self, table: str, *, guardians: bool = False) -> int:
        """About how many records the table's rules make, from their exports' sizes."""
        return sum(
            read.estimate_rows(self.inputs.sources[rule.source]) * max(1, len(rule.groups))
            for rule in self.rules(table, guardians=guardians)
            if rule.source in self.inputs.sources
        )

    def rules(self, table: str, *, guardians: bool = False) -> list[RulePlan]:
        """The table's rules that apply to this run's exports."""
        if self.plan.users_only and table in CLASS_TABLES:
            return []
        return [
            rule
            for rule in self.plan.rules.get(table, ())
            if (rule.guardian is not None) == guardians
            and not (rule.unless_source and rule.unless_source in self.inputs.sources)
        ]

    def mapped(self, table: str) -> Iterator[Draft]:
        extras = self.plan.filter_templates(table)
        for rule in self.rules(table):
            stream = map_rows(
                self.inputs.rows(rule.source),
                rule=rule,
                plan=self.plan,
                indexes=self.indexes,
                extras=extras,
                report=self.report,
            )
            if rule.combine_lists is not None:
                stream = combine_rows(stream, lists=rule.combine_lists, report=self.report)
            yield from stream

    def write(self, table: str, drafts: Iterable[Draft]) -> None:
        with self.staging.table(
            table, self.plan.target.columns(table), self.report, keep_empty=self.plan.target.always_written
        ) as writer:
            for draft in drafts:
                writer.write(draft)

    def referenced(self, held: dict[str, list[Draft]]) -> dict[str, list[Draft]]:
        """Held tables, less the records the target ships only when used (terms, courses)."""
        kept = self.validator.kept
        # Held records dropped since they were validated (empty classes) are no longer kept.
        out = {
            table: [d for d in drafts if table not in kept or d.values["sourcedId"] in kept[table]]
            for table, drafts in held.items()
        }
        for table, pointers in self.plan.target.referenced_only.items():
            if table not in out:
                continue
            used = self._used(out, table, pointers)
            for draft in out[table]:
                if draft.values["sourcedId"] not in used and draft.rule != BUILT:  # built for a class left out later
                    where = Where(draft.origin.file, draft.origin.line, table=table, record=draft.values["sourcedId"])
                    self.report.add(codes.code("not-referenced"), where, table=table, id=draft.values["sourcedId"])
            out[table] = [d for d in out[table] if d.values["sourcedId"] in used]
        if "orgs" in out:
            out["orgs"] = self._published_orgs(out)
        return {table: out[table] for table in self.plan.target.files if table in out}

    def _published_orgs(self, out: dict[str, list[Draft]]) -> list[Draft]:
        """The orgs a published user, class, course or enrolment points to, their parents, and the
        district org of the settings: Remind wants only the schools to roster. Each school left
        out is noted by name (a District Office, a Graduated Students school)."""
        orgs = out["orgs"]
        district = str(self.plan.settings.get("district_id") or "")
        used = {district} | {v for ids in self.validator.orgs_of_users for v in ids.split(",")}
        used.update(d.values.get("schoolSourcedId", "") for d in out.get(CLASS_TABLE, ()))
        used.update(d.values.get("orgSourcedId", "") for d in out.get("courses", ()))
        if any(d.values["sourcedId"] not in used for d in orgs):  # read the enrolments again only then
            used.update(
                school
                for school, _ in _read_back(self.staging.path / "enrollments.csv", "schoolSourcedId", "schoolSourcedId")
            )
        parents = {d.values["sourcedId"]: d.values.get("parentSourcedId", "") for d in orgs}
        for org in list(used):  # a used school's district (its parent), and that one's parent
            while parents.get(org) and parents[org] not in used:
                org = parents[org]
                used.add(org)
        for draft in (d for d in orgs if d.values["sourcedId"] not in used):
            org_id = draft.values["sourcedId"]
            where = Where(draft.origin.file, draft.origin.line, table="orgs", record=org_id)
            if draft.values.get("type") == "school":
                self.report.add(codes.code("school-unused"), where, id=org_id, name=draft.values.get("name", ""))
            else:
                self.report.add(codes.code("not-referenced"), where, table="orgs", id=org_id)
        return [d for d in orgs if d.values["sourcedId"] in used]

    @staticmethod
    def _used(out: dict[str, list[Draft]], table: str, pointers: tuple[tuple[str, str], ...]) -> set[str]:
        used: set[str] = set()
        while True:  # a term's parent (the school year) is used when the term is
            before = len(used)
            for source, column in pointers:
                rows = [d for d in out.get(source, []) if source != table or d.values["sourcedId"] in used]
                used.update(v for d in rows for v in d.values.get(column, "").split(",") if v)
            if len(used) == before:
                return used

    def stream(self, table: str) -> None:
        self.write(table, self.validator.validate(self.mapped(table), table=table))

    def users(self) -> None:
        """Guardians first (students name them), then students and staff, then the guardians
        of the students that were kept."""
        rules = self.rules("users", guardians=True)
        identities = identity.load(self.state, identity.prefixes(rules)) if self.state and rules else None
        with GuardianBook(
            self.report,
            folder=self.staging.path,
            candidates=self._expected("users", guardians=True),
            identities=identities,
        ) as book:
            for rule in rules:
                assert rule.guardian is not None
                book.add(
                    map_guardians(
                        self.inputs.rows(rule.source),
                        rule=rule,
                        plan=self.plan,
                        indexes=self.indexes,
                        report=self.report,
                    ),
                    rule.guardian,
                )
            with self.report.derived_records():  # a guardian left out does not leave its student's row out
                book.resolve(usable=lambda draft: self.validator.check_values(draft, skip=("orgSourcedIds",)))
            self.validator.expect("users", self._expected("users") + len(book), guardians=len(book))
            people = book.note_schools(self.validator.validate(book.link_students(self.mapped("users")), table="users"))

            conflicting: set[str] = set()

            def records() -> Iterator[Draft]:
                yield from people
                # An ID two rows gave different data: neither person is kept, and before the
                # enrolments learn the kept IDs and the guardians are linked to their children.
                conflicting.update(self.validator.leave_out_conflicts())
                book.forget_students(conflicting)
                if self.worker is not None:  # all but the guardians decided: enrolments may go on
                    overlap.hand_over(self.worker, self.validator, pending=book.ids() if len(book) else None)
                with self.report.derived_records():
                    yield from self.validator.validate(book.guardians(), table="users")

            self.write("users", records())
            self.staging.drop_rows("users", conflicting, self.report)  # the first rows were written
        self.validator.users_done(
            lambda: (user for user, _ in _read_back(self.staging.path / "users.csv", "sourcedId", "sourcedId"))
        )

    def orgs(self) -> list[Draft]:
        """The orgs, validated now (later files point to them) and written at the end, when it
        is known which schools a published record points to."""
        drafts = list(self.mapped("orgs"))
        _district_collides(self.plan, drafts)
        district = str(self.plan.settings.get("district_id") or "")
        if district:
            for draft in drafts:
                draft.values.setdefault("parentSourcedId", district)
                draft.values["parentSourcedId"] = draft.values["parentSourcedId"] or district
            name = str(self.plan.settings.get("district_name") or district)
            origin = SourceRow("settings", 0, [], {})
            drafts.insert(0, Draft("orgs", {"sourcedId": district, "name": name, "type": "district"}, origin))
        return list(self.validator.validate(self._rostered(drafts), table="orgs"))

    def _rostered(self, drafts: list[Draft]) -> Iterator[Draft]:
        for draft in drafts:
            school = draft.values.get("sourcedId", "")
            if draft.values.get("type") == "district":
                yield draft
            elif school in self.plan.excluded_schools:
                self._not_rostered(draft, f"{draft.values.get('name', '')!r} is in settings.exclude_schools")
            elif self.plan.schools and school not in self.plan.schools:
                self._not_rostered(
                    draft, f"{draft.values.get('name', '')!r} is not a rostered school (--school, settings.schools)"
                )
            else:
                yield draft

    def _not_rostered(self, draft: Draft, condition: str) -> None:
        school = draft.values.get("sourcedId", "")
        self.validator.unrostered.add(school)
        self.report.add(
            codes.code("school-not-rostered"),
            Where(draft.origin.file, draft.origin.line, table="orgs", record=school),
            rule="orgs",
            condition=condition,
            value=school,
        )

    def classes(self, *, held: bool = True) -> None:
        """Classes of the current terms, less the excluded ones. `held`: they wait in a file
        (at the largest district, 130k classes and 100 MB) until written at the end."""
        # A later record made from a row of these exports (a section's teacher) follows its row.
        rows = self.validator.left_out_rows = LeftOutRows(CLASS_TABLE)
        drafts = select_terms(
            rows.made(self.mapped(CLASS_TABLE)),
            plan=self.plan,
            report=self.report,
            folder=self.staging.path,
            ended=self.ended_classes,
        )
        if held:
            self.held_classes = HeldDrafts(self.staging.path)
        kept = self._checked(drop_excluded_classes(drafts, plan=self.plan, report=self.report))
        if self.completer is not None:
            kept = self.completer.classes(kept)
        for draft in self.validator.validate(kept, table=CLASS_TABLE):
            self.classes_kept += 1
            self.class_origins.setdefault(draft.values["sourcedId"], self.class_places.pack(draft.origin))
            rows.kept(draft.origin)
            if self.held_classes is not None:
                draft.extra = {}  # what the filters read (term dates, exclude patterns)
                self.held_classes.put(draft)

    def _checked(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        for draft in drafts:
            self.classes_checked += 1
            yield draft

    def classes_lost(self) -> None:
        """Every class of the current terms rejected by the target's rules (a reference, a
        required value): the enrolments went with them, and the set would roster nobody. Not a
        choice (terms, exclusions, --users-only), so a person must look: nothing is published."""
        if self.classes_checked and not self.classes_kept:
            self.report.add(
                codes.code("no-rows"),
                Where(file=f"{CLASS_TABLE}.csv"),
                table=CLASS_TABLE,
                detail=f"all {self.classes_checked} classes of the current terms were left out by "
                f"the {self.plan.target.name} target's rules, and their enrolments with "
                "them (see the report)",
            )

    def start_worker(self, *, always: bool) -> None:
        """Enrolments mapped by a second process while this one builds users (pipeline.overlap)."""
        files = self.plan.target.files
        if (
            "enrollments" not in files
            or not self.rules("enrollments")
            or (not always and (self._expected("enrollments") < overlap.AHEAD_MIN_ROWS or (os.cpu_count() or 1) < 2))
        ):
            return
        before = files[files.index("users") : files.index("enrollments")]

        def prepare() -> None:
            self.inputs.mark_read(
                rule.source
                for table in before
                for guardians in (False, True)
                for rule in self.rules(table, guardians=guardians)
            )
            if CLASS_TABLE in before:  # the kept classes' IDs: the main process writes the classes
                self.classes(held=False)

        job = self._enrollment_job(prepare=prepare, mapped=self.indexes.clear)
        self.worker = overlap.start(job, validator=self.validator, report=self.report, folder=self.staging.path)
        if self.worker is not None:
            self._release_indexes(only_for="enrollments")

    def _enrollment_job(self, *, prepare: Callable[[], object], mapped: Callable[[], object]) -> overlap.Job:
        return overlap.Job(
            "enrollments",
            "users",
            self.plan.target.columns("enrollments"),
            prepare,
            lambda: self.mapped("enrollments"),
            _staff_enrolment,
            self._enrollments,
            changes=(CLASS_TABLE,),
            let_go=self.staging.release,
            mapped=mapped,
        )

    def _release_indexes(self, *, only_for: str) -> None:
        """Let go of the join indexes only `only_for` reads, once the worker holds them (the
        students index is the largest table held while users are built)."""
        needed = {
            join.index_key
            for table, rules in self.plan.rules.items()
            if table != only_for
            for rule in rules
            for join in rule.joins.values()
        }
        for key in [k for k in self.indexes if k not in needed]:
            del self.indexes[key]
            self.released.append(key)

    def _rebuild_indexes(self) -> None:
        """The released indexes again, for when the worker failed (their problems were reported)."""
        for source, key in self.released:
            self.indexes[source, key] = lookups.build_index(
                self.inputs.rows(source),
                source=source,
                key=key,
                columns=self.plan.join_needs[source, key],
                report=Report(max_examples=0),
            )
        self.released.clear()

    def users_known(self) -> None:
        if self.worker is not None:
            overlap.hand_over(self.worker, self.validator)

    def stop_worker(self) -> None:
        """A worker still running when the run ends early (an abort) is stopped."""
        if self.worker is not None:
            overlap.stop(self.worker)
            self.worker = None

    def enrollments(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None and overlap.finish(worker, validator=self.validator, report=self.report):
            return
        self._rebuild_indexes()
        if self._expected("enrollments") >= overlap.TWO_STEPS_MIN_ROWS:
            # In two steps, as a worker would: the join indexes are let go of before the
            # duplicate-ID map is made (at a million students, 200 MB and 230 MB).
            job = self._enrollment_job(
                prepare=lambda: None, mapped=lambda: self._release_indexes(only_for="enrollments")
            )
            overlap.run_here(job, validator=self.validator, report=self.report, folder=self.staging.path)
            return

        def mapped_here(sinks: overlap.Sinks) -> None:
            def students_only(drafts: Iterable[Draft]) -> Iterator[Draft]:
                for draft in drafts:
                    if _staff_enrolment(draft):
                        sinks.held(draft)
                    else:
                        yield draft

            for draft in self.validator.validate(students_only(self.mapped("enrollments")), table="enrollments"):
                sinks.kept(draft)

        self._enrollments(mapped_here)

    def _enrollments(self, students: Callable[[overlap.Sinks], None]) -> None:
        """Students' enrolments stream; staff ones (few) wait until empty classes are known."""
        self.validator.expect("enrollments", self._expected("enrollments"))
        columns = self.plan.target.columns("enrollments")
        with (
            self.staging.table(
                "enrollments", columns, self.report, keep_empty=self.plan.target.always_written
            ) as writer,
            HeldDrafts(self.staging.path) as held,
        ):
            with_students: set[str] = set()
            class_at = columns.index("classSourcedId")

            def kept_row(row: tuple[str, ...]) -> None:
                writer.write_plain(row)
                with_students.add(row[class_at])

            def kept(draft: Draft) -> None:
                writer.write(draft)
                with_students.add(draft.values["classSourcedId"])

            students(overlap.Sinks(kept_row, kept, held.put))
            if self.plan.drop_empty_classes:
                self._drop_empty_classes(with_students)
            for staff in self.validator.validate(held.drafts(), table="enrollments"):
                writer.write(staff)

    def _drop_empty_classes(self, with_students: set[str]) -> None:
        classes = self.validator.listed(CLASS_TABLE)
        for class_id in sorted(classes - with_students):
            origin = self.class_places.place(self.class_origins.get_hash(id_hash(class_id)) or 0)
            where = Where(origin.file, origin.line, table=CLASS_TABLE, record=class_id)
            self.report.add(codes.code("class-empty"), where, id=class_id)
        classes &= with_students
