"""A first set leaving a whole school's people in no class, its term ended by its own rows only.

One term ID may carry two date ranges in an export (V602's case): the sections of one school end
the term on one day, another school's the same term ID months later (tester56 T6: SDS's Section.csv
ending term 12000 on 1/10/2018 on school 10002's rows, 6/30/2018 on school 10001's). The term filter
judges each school's term by its own rows, so the first school's classes are left out as ended
(F405, info) while the other's run on, and the first set publishes the school's every student and
teacher in no class at exit 0: no last set to compare with, no removal gate to catch it (a later
night's is X906). Said (X841, a warning in summary.TO_CHECK: published, but exit 1) naming the school,
the term, its two ends and its people left in no class.

Only on a first set (no classes of a last set to compare with), and only when the school has no class
in the set at all while its students are published, and a term that ended its classes is one another
school's kept classes name under the same ID, dated to run on. A school between terms of its own (its
term ended, the next not yet exported) is none: its term ID is no running school's. Published, not
refused: two calendars under one term ID are honest too, and the set is right for the school whose
dates are right; a person looks once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

if TYPE_CHECKING:
    from .filters import Ended, Term


@dataclass(frozen=True, slots=True)
class _Split:
    term_id: str
    ended: Ended
    running: Term
    example: str  # a class of the school left out


def check(
    report: Report, *, staged: Path, previous: Path | None, ended: Mapping[str, Ended], current: Mapping[str, Term]
) -> None:
    """Say X841 of each school `_split_schools` finds, with its people left in no class."""
    if previous is not None and (previous / "classes.csv").is_file():
        return  # a later night: the gate compares with the last set (X906, X993, X997)
    found = _split_schools(ended, current)
    if not found:
        return
    with_classes = {row.get("schoolSourcedId", "") for row in _rows(staged / "classes.csv")}
    names = {row.get("sourcedId", ""): row.get("name", "") for row in _rows(staged / "orgs.csv")}
    enrolled = {row.get("userSourcedId", "") for row in _rows(staged / "enrollments.csv")}
    people: dict[str, dict[str, int]] = {}
    for row in _rows(staged / "users.csv"):
        if row.get("sourcedId", "") in enrolled:
            continue
        kind = "students" if row.get("role", "") == "student" else "staff"
        for school in row.get("orgSourcedIds", "").split(","):
            people.setdefault(school.strip(), {}).setdefault(kind, 0)
            people[school.strip()][kind] += 1
    for school, (split, classes) in sorted(found.items()):
        left = people.get(school, {})
        if school in with_classes or not left.get("students"):
            continue
        end = split.ended.ends.get(split.term_id, split.ended.end)
        report.add(
            codes.code("school-term-ended-elsewhere-running"),
            Where(),
            school=school,
            name=names.get(school, "") or school,
            classes=classes,
            term=split.running.name or split.term_id,
            id=split.term_id,
            end=end.isoformat(),
            other=split.running.school or "another school",
            other_end=split.running.end.isoformat(),
            students=left.get("students", 0),
            staff=left.get("staff", 0),
            example=split.example,
        )


def _split_schools(ended: Mapping[str, Ended], current: Mapping[str, Term]) -> dict[str, tuple[_Split, int]]:
    """Each school with classes left out as ended under a term ID the kept classes of another school
    name with a later end: its first such term, and how many of its classes were left out as ended."""
    found: dict[str, tuple[_Split, int]] = {}
    counts: dict[str, int] = {}
    for class_id, gone in sorted(ended.items()):
        if gone.ahead or not gone.school:
            continue
        counts[gone.school] = counts.get(gone.school, 0) + 1
        for term_id in sorted(gone.terms):
            running = current.get(term_id)
            end = gone.ends.get(term_id, gone.end)
            if running is not None and running.school != gone.school and running.end > end:
                found.setdefault(gone.school, (_Split(term_id, gone, running, class_id), 0))
    return {school: (split, counts[school]) for school, (split, _) in found.items()}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    """A staged file's rows, one at a time (users.csv of a large district)."""
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)
