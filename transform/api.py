"""The library's front door: run(options) -> RunResult. The CLI only calls this."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transform.oneroster.spec import TARGETS
from transform.pipeline import lookups, read
from transform.pipeline.combine import combine_rows
from transform.pipeline.filters import drop_excluded_classes, keep_current_term
from transform.pipeline.mapping import Indexes, map_rows
from transform.pipeline.rows import Draft, SourceRow
from transform.pipeline.validate import Validator, unique_titles
from transform.pipeline.write import Staging
from transform.profile import check, load
from transform.profile.compile import CLASS_TABLE, Plan, compile_plan
from transform.report import codes
from transform.report.codes import Severity
from transform.report.problem import Problem, TransformAbort, Where
from transform.report.report import Report

EXIT_PUBLISHED = 0
EXIT_NOT_PUBLISHED = 1
EXIT_USAGE = 2
# Tables that may not be empty: without schools or users there is nothing to roster.
MUST_HAVE_ROWS = ("orgs", "users")
# Small tables validated in flow order but written last, so that what follows can be checked
# against them (and, later, so that classes nobody is enrolled in can be left out).
HELD_TABLES = (CLASS_TABLE,)


@dataclass(frozen=True, slots=True)
class RunOptions:
    profile: str
    in_dir: Path
    out_dir: Path
    as_of: dt.date
    target: str = "remind"
    exclude_classes: tuple[str, ...] = ()
    max_examples: int = 20
    strict: bool = False  # any warning or error refuses to publish


@dataclass(slots=True)
class RunResult:
    report: Report
    exit_status: int
    problems: list[Problem] = field(default_factory=list)  # what stopped the run, if anything


def check_profile(ref: str) -> tuple[load.LoadedProfile | None, list[Problem]]:
    """Load and check a profile; the problems are every error found, in file order."""
    try:
        profile = load.load(ref)
    except TransformAbort as abort:
        return None, abort.problems
    return profile, check.check(profile)


def run(options: RunOptions) -> RunResult:
    report = Report(max_examples=options.max_examples)
    report.facts.update(profile=options.profile, target=options.target,
                        as_of=options.as_of.isoformat())
    staging: Staging | None = None
    try:
        plan = _plan(options)
        sources = read.find_sources(options.in_dir, plan.sources, report)
        report.facts["sources"] = {name: {"file": s.display, "encoding": s.encoding,
                                          "delimiter": s.delimiter} for name, s in sources.items()}
        staging = Staging(options.out_dir)
        _produce(plan, sources, staging, report)
        if options.strict and not report.aborts:
            _strict_gate(report)
        if not report.aborts:
            staging.publish()
            report.published = True
            return RunResult(report, EXIT_PUBLISHED)
        return RunResult(report, max(p.code.exit_status for p in report.aborts), list(report.aborts))
    except TransformAbort as abort:
        for problem in abort.problems:
            report.add_problem(problem)
        return RunResult(report, abort.exit_status, abort.problems)
    finally:
        if staging is not None and not report.published:
            staging.discard()


def _strict_gate(report: Report) -> None:
    warnings, errors = report.count(Severity.WARNING), report.count(Severity.ERROR)
    if warnings or errors:
        report.add(codes.code("strict-refused"), Where(), warnings=warnings, errors=errors)


def _plan(options: RunOptions) -> Plan:
    target = TARGETS.get(options.target)
    if target is None:
        raise TransformAbort([Problem(codes.code("bad-option"), Where(),
                                      {"option": "--target", "detail": f"one of {', '.join(TARGETS)}"})])
    profile, problems = check_profile(options.profile)
    if problems or profile is None:
        raise TransformAbort(problems)
    for pattern in options.exclude_classes:
        check.re_error(pattern)  # raises TransformAbort for a pattern that does not compile
    return compile_plan(profile.data, target=target, as_of=options.as_of,
                        extra_exclusions=options.exclude_classes)


class _Inputs:
    """Streams each export; row problems are reported on the first pass only."""

    def __init__(self, sources: dict[str, read.SourceFile], report: Report) -> None:
        self.sources = sources
        self.report = report
        self._read: set[str] = set()

    def rows(self, source: str) -> Iterator[SourceRow]:
        found = self.sources.get(source)
        if found is None:
            return iter(())
        first = source not in self._read
        self._read.add(source)
        return read.iter_rows(found, self.report, first_pass=first)


def _produce(plan: Plan, sources: dict[str, read.SourceFile], staging: Staging, report: Report) -> None:
    inputs = _Inputs(sources, report)
    indexes: Indexes = {
        (source, key): lookups.build_index(inputs.rows(source), source=source, key=key,
                                           columns=columns, report=report)
        for (source, key), columns in plan.join_needs.items()
    }
    validator = Validator(plan.target, report)
    target = plan.target

    def drafts(table: str) -> Iterator[Draft]:
        return validator.validate(_table_drafts(table, plan, inputs, indexes, report), table=table)

    held: dict[str, list[Draft]] = {}
    for table in target.files:
        if table in HELD_TABLES:
            held[table] = list(drafts(table))
            continue
        with staging.table(table, target.columns(table), report) as writer:
            for draft in drafts(table):
                writer.write(draft)
    validator.finish()
    for table, rows in held.items():
        if table == CLASS_TABLE:
            rows = unique_titles(rows, report)
        with staging.table(table, target.columns(table), report) as writer:
            for draft in rows:
                writer.write(draft)
    staging.write_manifest(target, str(plan.settings.get("source_system") or plan.name))
    for table in MUST_HAVE_ROWS:
        if report.rows_written.get(f"{table}.csv", 0) == 0:
            report.add(codes.code("no-rows"), Where(file=f"{table}.csv"), table=table,
                       detail="every input row was left out or none was found (see the report)")


def _table_drafts(table: str, plan: Plan, inputs: _Inputs, indexes: Indexes,
                  report: Report) -> Iterator[Draft]:
    extras = plan.filter_templates(table)
    for rule in plan.rules.get(table, ()):
        stream = map_rows(inputs.rows(rule.source), rule=rule, plan=plan, indexes=indexes,
                          extras=extras, report=report)
        if rule.combine_lists is not None:
            stream = combine_rows(stream, lists=rule.combine_lists, report=report)
        if table == CLASS_TABLE:
            stream = drop_excluded_classes(keep_current_term(stream, plan=plan, report=report),
                                           plan=plan, report=report)
        yield from stream
