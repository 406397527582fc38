"""The people exports judged whole on a night with nothing due (summer52).

A summer night (F422), or one before the next term (F421), publishes nothing and keeps the last set:
the safety gate, which refuses an empty or shrunken export (X910, X907), is never reached. So a
students export written 0 bytes in July, a header only, or cut to a tenth of its rows, said
"nothing due" at exit 0 every night, and nobody heard of the broken SIS job until the first day of
school, when the set was refused on the busiest night. Nothing is published either way, but a person
must act: the exports the users and their demographics are made from (students, staff, contacts),
and the terms export the classes' term dates are joined from, are held to the rows the last
published set was made with, as a school night holds them, and a broken one is said (X819, exit 1),
after the night has done what a night with nothing due does (a set OUT holds sent when due:
Remind's 90 days). What a summer changes in them (graduates gone, next year's students entered,
rows ending, next year's terms added) leaves them far over half their rows; the class and enrolment
exports, which a summer empties or fills with next year's schedules, are not judged here."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from transform.profile.compile import CLASS_TABLE, Plan
from transform.profile.templates import FieldRef
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report

from . import gate, read, year_over
from .filters import NothingDue

PEOPLE_TABLES = ("users", "demographics")

# What each night with nothing due is called in the message.
NIGHTS = {
    "school-year-over": "F422: the school year is over",
    "term-not-started": "F421: no term runs until {term} starts on {start}",
    "term-break": "F443: a break between terms",
}


def judge(
    plan: Plan,
    sources: Mapping[str, read.SourceFile],
    state: Mapping[str, Any],
    *,
    pause: NothingDue,
    allow_rollover: bool,
) -> list[Problem]:
    """X819 for each people export tonight that is empty where it is required or the last set read
    rows of it, under half the rows the last set read, or (an optional one the last set read)
    missing; none when every one is whole, and the night stays one with nothing due."""
    if allow_rollover:  # accepted, as the gate accepts it on a school night
        return []
    previous = state.get("rows_read", {})
    night = NIGHTS.get(pause.code_slug, "nothing is due").format(**pause.params)
    people = _people_sources(plan, sources)
    problems = [
        _problem(source.display, held, night)
        for name, source in sorted(sources.items())
        if name in people
        and (held := _broken(source, int(previous.get(source.display, 0)), plan.sources[name].required))
    ]
    optional = {name: plan.sources[name] for name in people if name not in sources and not plan.sources[name].required}
    present = {s.display for s in sources.values()}
    for lost in gate.lost_exports(dict(state), optional, present).values():
        held = f"is not in the exports, though the last published set was made with its {lost.previous} rows"
        problems.append(_problem(lost.file, held, night))
    return problems


def _people_sources(plan: Plan, sources: Mapping[str, read.SourceFile]) -> set[str]:
    """The exports the users and demographics rules read tonight (a rule set aside when its
    `unless` export is present reads none), and the terms export the classes' term dates are
    joined from (`_terms_source`)."""
    return {
        rule.source
        for table in PEOPLE_TABLES
        for rule in plan.rules.get(table, ())
        if not (rule.unless_source and rule.unless_source in sources)
    } | _terms_source(plan)


def _terms_source(plan: Plan) -> set[str]:
    """The export the term filter's dates are read from through the classes rules' join
    (`{term.Start Date}`): a summer keeps its rows (ended terms, or next year's)."""
    term_filter = plan.current_term
    if term_filter is None:
        return set()
    aliases = {ref.alias for ref in (*term_filter.start, *term_filter.end) if isinstance(ref, FieldRef) and ref.alias}
    return {
        rule.joins[alias].source for rule in plan.rules.get(CLASS_TABLE, ()) for alias in aliases if alias in rule.joins
    }


def _broken(source: read.SourceFile, before: int, required: bool) -> str:
    """How the export is broken against the `before` rows of the last set ('' when it is whole)."""
    rows = sum(1 for _ in _rows(source))  # counted here: the users stage may have read it in another process
    if rows == 0 and (before or required):
        held = "not even a header: 0 bytes, or a byte order mark only" if not source.header else "a header only"
        return f"has no data row ({held}" + (f"; {before} rows when the last set was made)" if before else ")")
    if rows and before and rows < before * gate.SHRUNK_BELOW:
        return f"has {rows} rows, under half the {before} it had when the last set was made"
    return ""


def _rows(source: read.SourceFile) -> Iterator[object]:
    if not source.header:
        return iter(())
    return read.iter_rows(source, Report(max_examples=0), first_pass=False)


def _problem(file: str, held: str, night: str) -> Problem:
    params: dict[str, object] = {"file": file, "held": held, "night": night}
    return Problem(codes.code("export-broken-nothing-due"), Where(file=file), params)


# A first run's night with nothing due: when the first set is made, the --as-of day that makes one
# now, what that day is, and why that set is not for Remind.
FIRST_SET = {
    "school-year-over": (
        "a term of the next school year runs (once the SIS exports its terms and classes)",
        "{end}",
        "the last day of {term}, the exports' last term",
        "its classes are of the school year that ended",
    ),
    "term-not-started": (
        "of {term} (from {start}, or up to {window} days before it once its classes are exported)",
        "{start}",
        "the first day of {term}",
        "it is made before its term, from exports that may still change",
    ),
    "term-break": (
        "a term of the exports runs",
        "{end}",
        "the last day of {term}",
        "its term has ended",
    ),
}


def first_set_not_due(pause: NothingDue, report: Report, plan: Plan, sources: Mapping[str, read.SourceFile]) -> None:
    """I253 on a first run (no set published to OUT yet) with nothing due: publishing the year that
    ended would put its classes into Remind in July, so nothing is published (exit 0); the message
    says when the job makes the first set, and the --as-of that makes one now, to check the profile
    (not where the exports hold no class tonight: an export of the current classes only)."""
    words = FIRST_SET.get(pause.code_slug)
    if words is None:
        return
    when, day, why, whose = (part.format(**pause.params) for part in words)
    classes = {rule.source for rule in plan.rules.get(CLASS_TABLE, ()) if rule.source in sources}
    if any(not year_over.holds_no_row(sources[name]) for name in sorted(classes)):
        see = (
            f"to see before then the set this profile makes, run once with --as-of {day} ({why}) and another "
            f"OUT folder than the job's, and read its report (do not upload that set: {whose})"
        )
    else:
        day, see = "", "the exports hold no class tonight, so no set can be made before then: read that night's report"
    report.add(codes.code("first-set-not-due"), Where(), when=when, day=day, see=see)
