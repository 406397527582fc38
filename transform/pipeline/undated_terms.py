"""Classes kept with no term dates where the dates told ended classes from current ones.

A profile that keeps a class whose term has no dates (`undated: keep`: Clever's Term_start and
Term_end are optional) publishes every class of the sections export, of any term. That is right for
a district whose export never had dates, and wrong the night an export that had them comes with
the date columns blank (a SIS template edited, the dates no longer filled): the next day after the
spring set was published, every ended fall class came back (tester59 C3: classes +42, enrolments
+378, every student in 8 classes, 4 of them ended), said only by one F420 note a class, exit 0.
An optional date column that is missing whole, or present and blank on every row, reads the same:
'blank everywhere' is 'absent', and neither was refused.

X871 (refused, exit 1): tonight's set keeps undated a class the last published set held with its
terms dated (last.json's terms: the export dated them then, and now it does not), or adds undated
classes (5 or more: not a club entered without dates) to a last set whose every class was dated
(the ended terms' classes coming back with no dates to leave them out by). --allow-incomplete
publishes it once (X918, which F453 names if the flag stays in the job): the next night compares
with a set holding undated classes, and is quiet.

X863 (published, but: exit 1), any night, the first too: students of a school in two classes kept
undated of different terms at the same period, most of one class's students so (a first set of an
export with both semesters' sections and no dates: every student in the fall and the spring class
of period 1). No date tells which is tonight's, so both are published; a person must say which
(export the dates, or leave the other term out). A district whose export never has dates and holds
one term's sections at a time is not said: its classes of one period are of one term.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Collection, Mapping
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .undated_side_by_side import Span, export_terms, overlap, students_of

SHOWN = 3  # classes named in a message
ADDED_AT_LEAST = 5  # classes new tonight, undated beside a set whose every class was dated


def check_lost(
    report: Report,
    *,
    previous: Path | None,
    staged: Path,
    dated_then: Collection[str],
    allow_incomplete: bool,
) -> None:
    """X871 (the module's words): `previous`, the last published set (None: no set, or one --previous
    names, whose terms were not recorded); `staged`, tonight's; `dated_then`, the term IDs last.json
    recorded with dates."""
    if previous is None or not report.classes_undated or not dated_then:
        return
    held, kept = _terms(previous / "classes.csv"), _terms(staged / "classes.csv")
    if not held:
        return
    undated = [c for c in sorted(report.classes_undated) if c in kept]  # kept tonight (of no term: its name blank too)
    lost = [c for c in undated if c in held and held[c] and held[c] <= set(dated_then)]
    every_dated = all(terms and terms <= set(dated_then) for terms in held.values())
    added = [c for c in undated if c not in held] if every_dated else []
    if len(added) < ADDED_AT_LEAST:
        added = []  # a club or two entered without dates is F420's note, not an export's dates gone
    if not lost and not added:
        return
    said = _said(lost, added)
    if allow_incomplete:
        detail = f"{len(lost) + len(added)} classes kept with no term dates where the last set's were dated"
        report.add(codes.code("incomplete-allowed"), Where(file="classes.csv"), detail=detail)
        return
    report.add(
        codes.code("term-dates-lost"),
        Where(file="classes.csv", record=(lost or added)[0]),
        count=len(lost) + len(added),
        s="" if len(lost) + len(added) == 1 else "es",
        said=said,
    )


def _said(lost: list[str], added: list[str]) -> str:
    parts = []
    if lost:
        parts.append(f"{len(lost)} the last set held with its term dated ({_first(lost)})")
    if added:
        parts.append(f"{len(added)} added tonight to a set whose every class was dated ({_first(added)})")
    return " and ".join(parts)


def _first(ids: list[str]) -> str:
    return ", ".join(ids[:SHOWN]) + (f" and {len(ids) - SHOWN} more" if len(ids) > SHOWN else "")


def check_periods(report: Report, *, staged: Path) -> None:
    """X863 (the module's words): classes kept undated most of whose students are, at the same school
    and period, in another class kept undated of other terms."""
    undated = report.classes_undated
    if len(undated) < 2 or not (staged / "classes.csv").is_file():
        return
    slots = _slots(staged / "classes.csv", undated, report.terms_assigned)
    students = students_of(staged / "enrollments.csv", slots)
    at: dict[tuple[str, str, str], list[str]] = defaultdict(list)  # (school, period, student) -> classes
    for class_id, members in students.items():
        school, period, _ = slots[class_id]
        for who in members:
            at[(school, period, who)].append(class_id)
    doubled: dict[str, set[str]] = {}  # class -> the classes of other terms its students are in so
    for class_id, members in students.items():
        others = [_elsewhere(class_id, (at, students), slots, who) for who in members]
        if 2 * sum(1 for found in others if found) > len(members):
            doubled[class_id] = set().union(*others)
    if not doubled:
        return
    shown = sorted(doubled)
    terms = sorted({term for c in doubled.keys() | set().union(*doubled.values()) for term in slots[c][2]})
    report.add(
        codes.code("undated-terms-same-period"),
        Where(file="classes.csv", record=shown[0]),
        count=len(shown),
        s="" if len(shown) == 1 else "es",
        have="has" if len(shown) == 1 else "have",
        first=_first(shown),
        terms=", ".join(terms[:SHOWN]) + (f" and {len(terms) - SHOWN} more" if len(terms) > SHOWN else ""),
    )


Slot = tuple[str, str, frozenset[str]]  # a class's school, period, terms


def _elsewhere(
    class_id: str,
    found: tuple[dict[tuple[str, str, str], list[str]], Mapping[str, Mapping[str, Span]]],
    slots: dict[str, Slot],
    who: str,
) -> set[str]:
    """The classes of other terms the student is in at the class's school and period, her rows there
    running while hers here do (the next term's rows rostered ahead, beginning after these end, are
    told apart by their dates, as undated_side_by_side tells them)."""
    at, students = found
    school, period, terms = slots[class_id]
    span = students[class_id][who]
    return {
        other
        for other in at[(school, period, who)]
        if other != class_id and not slots[other][2] & terms and overlap(span, students[other][who])
    }


def _terms(path: Path) -> dict[str, frozenset[str]]:
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["sourcedId"]: _ids(row.get("termSourcedIds") or "") for row in csv.DictReader(handle)}


def _slots(path: Path, undated: set[str], assigned: Mapping[str, str]) -> dict[str, Slot]:
    """A class of no term is of no other term, the school year the run wrote for it (D336) too."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["sourcedId"]: (row.get("schoolSourcedId", ""), period, terms)
            for row in csv.DictReader(handle)
            if row["sourcedId"] in undated
            and (period := (row.get("periods") or "").strip())
            and (terms := export_terms(row, assigned))
        }


def _ids(text: str) -> frozenset[str]:
    return frozenset(t.strip() for t in text.split(",") if t.strip())
