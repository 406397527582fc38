"""A first set leaving a whole school's people in no class, its term ended by its own rows only.

One term ID may carry two date ranges in an export (V602's case): the sections of one school end
the term on one day, another school's the same term ID months later (tester56 T6: SDS's Section.csv
ending term 12000 on 1/10/2018 on school 10002's rows, 6/30/2018 on school 10001's). The term filter
judges each school's term by its own rows, so the first school's classes are left out as ended
(F405, info) while the other's run on, and the first set publishes the school's every student and
teacher in no class at exit 0: no last set to compare with, no removal gate to catch it (a later
night's is X906). Said (X841, a warning in summary.TO_CHECK: published, but exit 1) naming the school,
the term, its two ends and its people left in no class.

Only on a first set (no classes of a last set to compare with), and only where a term ID left out as
ended most of a school's classes of that ID (more than the school kept) while another school's kept
classes name the same ID, running tonight: a school with no class left at all, or one section's row
left correct (reviewer110 R5: 13 of 14 classes missing, its students kept by the one left, was exit
0). A school between terms of its own (its term ended, the next not yet exported) is none: its term
ID is no running school's; nor a school one section of which ends before its other classes of the
ID (a short course). Published, not refused: two calendars under one term ID are honest too, and
the set is right for the school whose dates are right; a person looks once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .gate import columns_of

if TYPE_CHECKING:
    from .filters import Ended, Term


@dataclass(frozen=True, slots=True)
class _Split:
    """A school's classes of `term_id` left out as ended (`left`, the first `example`, `ended` its
    Ended) while `other` school's kept classes of the ID run on; `kept`: the school's own kept ones."""

    term_id: str
    ended: Ended
    example: str
    other: str
    left: int = 0
    kept: int = 0


def check(
    report: Report,
    *,
    staged: Path,
    previous: Path | None,
    ended: Mapping[str, Ended],
    current: Mapping[str, Term],
    sessions: Mapping[str, str] | None = None,
) -> None:
    """Say X841 of each school `_split_schools` finds, with its people left in no class. `sessions`:
    the published session IDs other than the term filter's (V602), to read classes.csv's by."""
    if previous is not None and (previous / "classes.csv").is_file():
        return  # a later night: the gate compares with the last set (X906, X993, X997)
    kept_at: dict[str, dict[str, int]] = {}  # term ID -> school -> its kept classes
    for school, term_ids in columns_of(staged / "classes.csv", "schoolSourcedId", "termSourcedIds"):
        for term_id in {(sessions or {}).get(t.strip(), t.strip()) for t in term_ids.split(",")} - {""}:
            kept_at.setdefault(term_id, {}).setdefault(school, 0)
            kept_at[term_id][school] += 1
    found = _split_schools(ended, kept_at, current)
    if not found:
        return
    names = {org: name for org, name in columns_of(staged / "orgs.csv", "sourcedId", "name")}
    people = _in_no_class(staged)
    for school, split in sorted(found.items()):
        running = current.get(split.term_id)
        left = people.get(school, {})
        report.add(
            codes.code("school-term-ended-elsewhere-running"),
            Where(),
            school=school,
            name=names.get(school, "") or school,
            classes=split.left,
            total=split.left + split.kept,
            term=(running.name if running is not None else "") or split.term_id,
            id=split.term_id,
            end=split.ended.ends.get(split.term_id, split.ended.end).isoformat(),
            other=split.other,
            other_end=_other_end(running, split.other, report.facts.get("terms")),
            people=_people(left.get("students", 0), left.get("staff", 0)),
            example=split.example,
        )


def _split_schools(
    ended: Mapping[str, Ended], kept_at: Mapping[str, Mapping[str, int]], current: Mapping[str, Term]
) -> dict[str, _Split]:
    """Each school with classes left out as ended under a term ID another school's kept classes name
    and that runs tonight by their rows, to a later day than this school's rows end it, more of them
    than it kept of the ID: its first such term, with how many it left out and kept. A class of several
    terms kept for another of them (a year written as its quarters, a quarter that ended beside the
    running ones) is no such sign: the ID itself must run tonight (test_term_breaks)."""
    left: dict[tuple[str, str], list[str]] = {}  # (school, term ID) -> its classes left out as ended
    first: dict[tuple[str, str], Ended] = {}
    for class_id, gone in sorted(ended.items()):
        if gone.ahead or not gone.school:
            continue
        for term_id in sorted(gone.terms):
            left.setdefault((gone.school, term_id), []).append(class_id)
            first.setdefault((gone.school, term_id), gone)
    found: dict[str, _Split] = {}
    for (school, term_id), classes in sorted(left.items()):
        at = kept_at.get(term_id, {})
        others = sorted(s for s in at if s != school)
        running = current.get(term_id)
        gone = first[school, term_id]
        if running is None or running.end <= gone.ends.get(term_id, gone.end):
            continue
        if others and len(classes) > at.get(school, 0) and school not in found:
            found[school] = _Split(
                term_id, first[school, term_id], classes[0], others[0], len(classes), at.get(school, 0)
            )
    return found


def _in_no_class(staged: Path) -> dict[str, dict[str, int]]:
    """The published students and staff with no enrolment, by school."""
    enrolled = {user for (user,) in columns_of(staged / "enrollments.csv", "userSourcedId")}
    people: dict[str, dict[str, int]] = {}
    for user, role, schools in columns_of(staged / "users.csv", "sourcedId", "role", "orgSourcedIds"):
        if user in enrolled or role in ("parent", "guardian", "relative"):
            continue
        kind = "students" if role == "student" else "staff"
        for school in schools.split(","):
            counts = people.setdefault(school.strip(), {})
            counts[kind] = counts.get(kind, 0) + 1
    return people


def _people(students: int, staff: int) -> str:
    if students or staff:
        return f"its {students} students and {staff} staff are published in no class"
    return "its people are published in its other classes, without these"


def _other_end(running: Term | None, other: str, rostered: object) -> str:
    """The end the other school's rows give the term ID: the kept term's, when it is that school's,
    else that of the term of its name rostered at that school (report.facts' terms)."""
    if running is None:
        return "a day still to come"
    if running.school == other:
        return running.end.isoformat()
    for term in rostered if isinstance(rostered, list) else ():
        if isinstance(term, dict) and term.get("name") == running.name and other in term.get("schools", ()):
            return str(term.get("end", ""))
    return running.end.isoformat()
