"""Rostering filters on classes: the current term, and classes nobody wants in Remind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import Draft


def keep_current_term(drafts: Iterable[Draft], *, plan: Plan, report: Report) -> Iterator[Draft]:
    """Keep classes whose term (first day to last day, both inclusive) contains the as-of date."""
    if plan.current_term is None:
        yield from drafts
        return
    for draft in drafts:
        start_text, end_text = draft.extra["term_start"], draft.extra["term_end"]
        start, end = plan.parse_date(start_text), plan.parse_date(end_text)
        where = Where(file=draft.origin.file, line=draft.origin.line)
        term = draft.extra.get("term_name", "")
        if start is None or end is None:
            report.add(codes.code("term-dates-invalid"), where, term=term, start=start_text, end=end_text)
        elif start <= plan.as_of <= end:
            yield draft
        else:
            report.add(codes.code("class-outside-term"), where, term=term, start=start.isoformat(),
                       end=end.isoformat(), as_of=plan.as_of.isoformat())


def drop_excluded_classes(drafts: Iterable[Draft], *, plan: Plan, report: Report) -> Iterator[Draft]:
    """Drop classes (lunch, study hall, ...) whose fields match one of the patterns."""
    if plan.exclude is None:
        yield from drafts
        return
    for draft in drafts:
        hit = _first_match(draft, plan)
        if hit is None:
            yield draft
            continue
        field, value, name, pattern = hit
        report.add(codes.code("class-excluded-pattern"), Where(file=draft.origin.file, line=draft.origin.line),
                   field=field, value=value, pattern=pattern, name=name)


def _first_match(draft: Draft, plan: Plan) -> tuple[str, str, str, str] | None:
    assert plan.exclude is not None
    for i, (label, _) in enumerate(plan.exclude.fields):
        value = draft.extra.get(f"exclude:{i}", "")
        for name, regex in plan.exclude.patterns:
            if value and regex.search(value):
                return label, value, name, regex.pattern
    return None
