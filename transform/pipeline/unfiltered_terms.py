"""I274 read against the exports' term dates (newcomer48): a profile with no filters.current_term
whose sources date the terms was held for a person on its first set whatever the export held, so
an export of the current term only (every section's term current, or a terms export whose every
term covers the run's date) got exit 1 once, until `current_term: {enabled: false}`.

After the tables, each I274 is judged by the dates it names:
- the classes' own term columns (TermBeg, TermEnd): the rows of the classes published, by term;
- a terms export no classes rule reads as its rows: its terms.
When every one covers the as-of date, nothing of another term went out: I226 (info) instead.
Otherwise I274 stays, naming how many classes (or terms) are of other terms, and which. A source
whose dates could not be matched to a published class is said as before."""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from transform.pipeline.mapping import records_as_read
from transform.pipeline.read import SourceFile, iter_rows
from transform.profile.compile import CLASS_TABLE, Plan
from transform.profile.templates import normalize_column
from transform.report import codes
from transform.report.problem import Problem
from transform.report.report import Report

NAME_WORDS = ("term", "session", "semester", "markingperiod", "period", "name", "code", "abbr")
SHOWN = 5  # terms listed in a message
_ID = frozenset({"sourcedId"})


@dataclass(frozen=True, slots=True, order=True)
class _Term:
    start_text: str
    end_text: str
    name: str

    def covers(self, plan: Plan) -> bool:
        start, end = plan.parse_date(self.start_text), plan.parse_date(self.end_text)
        return start is not None and end is not None and start <= plan.as_of <= end

    def said(self, plan: Plan) -> str:
        start, end = plan.parse_date(self.start_text), plan.parse_date(self.end_text)
        dates = (
            f"{start.isoformat()} to {end.isoformat()}"
            if start and end
            else f"{self.start_text!r} to {self.end_text!r}, dates not read"
        )
        return f"{self.name} ({dates})" if self.name else dates


def judge(plan: Plan, sources: dict[str, SourceFile], report: Report, *, staged: Path) -> None:
    """Each I274 of the run, judged by the term dates it names (the module's doc)."""
    said = list(report.examples.get("I274", []))
    if not said:
        return
    published = _published_classes(staged / f"{CLASS_TABLE}.csv")
    judged = [(problem, _counted(problem, plan, sources, published)) for problem in said]
    report.withdraw(codes.code("classes-no-term-filter"))
    for problem, counted in judged:
        if not counted:  # nothing matched: as the profile alone says
            report.add_problem(problem)
            continue
        other = {term: n for term, n in counted.items() if not term.covers(plan)}
        if not other:
            report.add(
                codes.code("classes-all-in-current-term"),
                problem.where,
                path=problem.params.get("path", ""),
                source=problem.params.get("source", ""),
                columns=problem.params.get("columns", ""),
                as_of=plan.as_of.isoformat(),
                terms=_listed(counted, plan),
            )
            continue
        name = str(problem.params.get("source"))
        what = (
            "classes published are of terms"
            if _reads_classes(plan, name)
            else f"rows of {sources[name].display} are terms"
        )
        found = (
            f"; {sum(other.values()):,} of the {sum(counted.values()):,} {what} not covering "
            f"{plan.as_of.isoformat()}: {_listed(other, plan)}"
        )
        report.add(problem.code, problem.where, **{**problem.params, "found": found})


def _reads_classes(plan: Plan, source: str) -> bool:
    return any(rule.source == source for rule in plan.rules.get(CLASS_TABLE, ()))


def _counted(problem: Problem, plan: Plan, sources: dict[str, SourceFile], published: set[str]) -> dict[_Term, int]:
    """The terms of the source I274 names, with how many classes published (the classes' own
    columns) or how many of its rows (a terms export) each holds; {} when not read."""
    name = str(problem.params.get("source", ""))
    export = sources.get(name)
    columns = [normalize_column(c) for c in str(problem.params.get("columns", "")).split(", ")]
    if export is None or len(columns) != 2 or not all(c in export.index for c in columns):
        return {}
    start, end = columns
    term_name = _name_column(export, columns, classes=_reads_classes(plan, name))
    if not _reads_classes(plan, name):
        counted: dict[_Term, int] = {}
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            term = _Term(row.get(start).strip(), row.get(end).strip(), row.get(term_name).strip())
            counted[term] = counted.get(term, 0) + 1
        return counted
    # A class counted once, under the dates most of its rows give it: a row's other dates (a student's
    # own, blank on most rows) made one class two terms (reviewer136 R3: 4 of 4 said where 2 were published).
    classes: dict[str, Counter[_Term]] = {}
    for rule in (r for r in plan.rules.get(CLASS_TABLE, ()) if r.source == name):
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            admitted, records = records_as_read(row, rule, plan, _ID)
            ids = {record.get("sourcedId", "") for record in records} & published if admitted else set()
            term = _Term(row.get(start).strip(), row.get(end).strip(), row.get(term_name).strip())
            for class_id in ids:
                classes.setdefault(class_id, Counter())[term] += 1
    return dict(Counter(terms.most_common(1)[0][0] for terms in classes.values()))


def _name_column(export: SourceFile, dates: list[str], *, classes: bool) -> str:
    """The column naming a term (Term, TermName, TERM-CODE): one named for a term, not a date;
    in a terms export, a name or code column too. "" when none."""
    words = NAME_WORDS[:4] if classes else NAME_WORDS
    for header in export.header:
        key = normalize_column(header)
        squashed = "".join(ch for ch in key.casefold() if ch.isalnum())
        if key not in dates and any(w in squashed for w in words) and "date" not in squashed:
            return key
    return ""


def _listed(terms: dict[_Term, int], plan: Plan) -> str:
    shown = sorted(terms.items(), key=lambda item: (_start(item[0], plan), item[0]))
    listed = ", ".join(f"{term.said(plan)}: {n:,}" for term, n in shown[:SHOWN])
    return listed + (f" and {len(shown) - SHOWN} more" if len(shown) > SHOWN else "")


def _start(term: _Term, plan: Plan) -> dt.date:
    return plan.parse_date(term.start_text) or dt.date.min


def _published_classes(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row.get("sourcedId", "") for row in _rows(handle)}


def _rows(handle: Iterable[str]) -> Iterable[dict[str, str]]:
    return csv.DictReader(handle)
