"""The safety gate for a school gone from tonight's set whole (tester57 U1).

A per-school export job that fails leaves one school out of every export: its orgs row, its
students, staff and parents, its classes and enrolments. The whole-file limits count the district
(X906: one school of several is under its share), the people gate counts a kind at a school only
from 10 students or parents or 3 staff (X953: fewer leaving is a family moving), and the class gates
judge the schools tonight's set keeps (X993, X997): a school of 6 students and a teacher was
published gone at exit 0, and Remind deleted it.

A school is gone whole when the last published set held students at it and every user it held
there, of every kind, is removed tonight (none found again under a new ID: that is X955's). The
people gate's counts (pipeline.people_gate.Kinds) already hold both, per kind and school. No
floor: a school is not a family, and a program site of two students gone with its teacher and
its classes is as likely a failed job as a closing; a closing costs one refusal and one
--allow-rollover. Not judged at a new school year (the rollover's, as before), nor for a school
whose every class of the last set left with a term that ended (the calendar explains it: a
summer program site). Refused as X845, naming the school and what it held; --allow-rollover
publishes it, said (X846), and on a night no calendar explains F454 says the flag let it through.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from transform.pipeline.gate import Night, against, columns_of, records_of, write_removals
from transform.pipeline.people_gate import Kinds
from transform.report import codes
from transform.report.problem import Where

KINDS = ("students", "staff", "parents")


class Gone(NamedTuple):
    """A school of the last published set gone whole tonight, with what it held there."""

    school: str
    name: str
    students: int
    staff: int
    parents: int
    classes: int
    enrollments: int


def gone_whole(kinds: Kinds) -> list[str]:
    """The schools at which the last published set held students and tonight's set keeps no user
    of any kind (each removed, none found under a new ID)."""
    schools = sorted({school for kind, school in kinds.at_school if kind == "students"})
    return [
        school
        for school in schools
        if all(kinds.removed_at_school[(kind, school)] == kinds.at_school[(kind, school)] for kind in KINDS)
    ]


def schools_gone(kinds: Kinds, previous: Path, *, ended: set[str], new_year: bool) -> list[Gone]:
    """X845's schools (the module's doc): none at a new school year (`new_year`), nor one whose
    every class of the last set the calendar explains (`ended`: the classes removed with a term
    that ended). The last set's orgs, classes and enrolments are read only when one is found."""
    found = [] if new_year else gone_whole(kinds)
    if not found:
        return []
    wanted = set(found)
    classes: dict[str, set[str]] = {school: set() for school in found}
    if (previous / "classes.csv").is_file():
        for sourced_id, school in columns_of(previous / "classes.csv", "sourcedId", "schoolSourcedId"):
            if school in wanted:
                classes[school].add(sourced_id)
    enrollments = dict.fromkeys(found, 0)
    if (previous / "enrollments.csv").is_file():
        for (school,) in columns_of(previous / "enrollments.csv", "schoolSourcedId"):
            if school in wanted:
                enrollments[school] += 1
    names = {}
    if (previous / "orgs.csv").is_file():
        names = {sourced_id: values.get("name", "") for values, sourced_id in records_of(previous / "orgs.csv")}
    return [
        Gone(
            school,
            names.get(school, ""),
            students=kinds.at_school[("students", school)],
            staff=kinds.at_school[("staff", school)],
            parents=kinds.at_school[("parents", school)],
            classes=len(classes[school]),
            enrollments=enrollments[school],
        )
        for school in found
        if not (classes[school] and classes[school] <= ended)
    ]


def gate_schools_gone(gone: list[Gone], night: Night) -> None:
    """Refuse a set from which a school is gone whole (X845); with --allow-rollover publish it,
    said (X846). The removals file lists every record removed."""
    if not gone:
        return
    report = night.report
    write_removals(night.removals, night.changes, night.previous, report=report)
    for found in gone:
        params = {**found._asdict(), "removals": night.removals}
        where = Where(file="orgs.csv")
        if night.allow_rollover:
            report.add(codes.code("school-gone-allowed"), where, **params)
        else:
            report.add(codes.code("school-gone"), where, against=against(report), since=night.since, **params)
