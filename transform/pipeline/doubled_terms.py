"""A term ID on two rows of the terms export with other data: its classes are refused, not lost.

A OneRoster academicSessions.csv (or SDS v2.1's) must give one row per sourcedId. A vendor that
reuses its term codes across years writes "S1" for Fall 2025 and for Fall 2026; the join on the
term then finds two rows that differ and joins neither (D327), and every class of the term is
left out (D300). Under X944's count (three classes of a school) that was a set published at exit
0 without a semester's classes (tester59 F1). Which row is the class's cannot be told from the
class (last year's classes name "S1" too), so the set is refused whatever the count (X866), naming
both rows and a class; --allow-incomplete publishes it without them, said (X918).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from transform.profile.compile import Plan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import Index

DOUBLED = "terms_doubled"  # report.facts: the term key as D300 names it -> what X866 says


def one_current(index: Index, held: Any, alias: str, plan: Plan) -> bool:
    """Whether one of the rows of a term key that differ (`index.conflict_values`) is a term of
    tonight: its dates, as the term filter reads them through the join `alias`, contain the
    as-of date or start within the filter's window. True when the dates cannot be read so (the
    filter's dates are not a column each of the join): a person must look."""
    rule = plan.current_term
    if rule is None:
        return False
    starts = [p.key for p in fields(rule.start) if p.alias == alias]
    ends = [p.key for p in fields(rule.end) if p.alias == alias]
    values = index.conflict_values.get(held, [])
    if len(starts) != 1 or len(ends) != 1 or {starts[0], ends[0]} - set(index.columns) or not values:
        return True
    at = index.columns.index(starts[0]), index.columns.index(ends[0])
    horizon = plan.as_of + dt.timedelta(days=rule.window_days)
    for value in values:
        if not isinstance(value, tuple):
            return True
        start, end = (plan.parse_term_date(value[i] or "") for i in at)
        if start is None or end is None or (start <= horizon and end >= plan.as_of):
            return True
    return False


def note(report: Report, index: Index, held: Any, key: tuple[str, str], alias: str, where: Where, plan: Plan) -> None:
    """A class left out by its term join (`alias`) because the rows of its term's key differ
    (D327), one of them a term of tonight: counted under the key (`key`: as D300 names it, and
    the term's ID), with the rows' lines and the first class's place."""
    if held not in index.conflicts or not one_current(index, held, alias, plan):
        return
    named, term = key
    said: dict[str, Any] = report.facts.setdefault(DOUBLED, {}).setdefault(
        named,
        {
            "term": term,
            "file": index.file,
            "lines": sorted(index.conflicts[held]),
            "classes": 0,
            "example": where.record,
            "at": where.line,
        },
    )
    said["classes"] += 1
    if where.line and (not said["at"] or where.line < said["at"]):
        said["example"], said["at"] = where.record, where.line


def keys(report: Report) -> set[str]:
    """The term keys X866 says (school_classes leaves them out of X943 and X944)."""
    return set(report.facts.get(DOUBLED, {}))


def check(report: Report, *, allow_incomplete: bool, classes_file: str = "classes.csv") -> None:
    """X866 for each term key whose rows differ and whose classes were left out for it."""
    for _, said in sorted(report.facts.get(DOUBLED, {}).items()):
        first, other = said["lines"]
        detail = f"{said['classes']} classes of term {said['term']!r} left out"
        detail += f", its {said['file']} rows (lines {first}, {other}) differing"
        if allow_incomplete:
            report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
            continue
        report.add(
            codes.code("term-id-doubled"),
            Where(said["file"], first),
            file=said["file"],
            term=said["term"],
            first=first,
            other=other,
            count=said["classes"],
            example=said["example"],
            classes=classes_file,
            at=said["at"],
        )
