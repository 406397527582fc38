"""Parents given their own child's phone, sms or email by the profile (V630, tester86 T5).

A guardians rule whose `sms:` reads the pupil's mobile ('Pupil Mobile' on the contacts rows, or the
students' own column on their rows) gives every parent the child's number: published at exit 0 with
V510 and V551 alone. One family sharing a phone with a child is honest (a home phone); most parents
(at least AT_LEAST, over half of those with the field) holding exactly a number a student they are
linked to holds, read from a column the students' own value is read from or whose header names the
student, is the mapping: refused, naming the columns. The column is needed for the refusal: a home
phone on the student's row and the mother's (family_names' honest case) is the same value, read
from two columns of the household's. family_names (X864) then counts no shared phone as a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .gate import columns_of

AT_LEAST = 10  # parents holding their child's value: fewer are families sharing a phone
POINTS = ("sms", "phone", "email")
# A header naming the household (PowerSchool's students.Home_Phone): the family's, on the child's row and the
# parents' alike, though the students' own is read from it ('Student Home Phone' names the student).
HOUSEHOLD_NAMED = re.compile(r"(?<![a-z])(home|house|household|family|families|parents?|guardians?)(?![a-z])", re.I)
STUDENT_NAMED = re.compile(r"(?<![a-z])(pupils?|students?|stu|child|childs|learners?|kids?)(?![a-z])", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    field: str
    count: int
    total: int
    example: str


def _reads(columns: tuple[ColumnPlan, ...], field: str) -> list[str]:
    return [ref.column for c in columns if c.name == field for ref in (*fields(c.parts), *c.first_of)]


def _guardian_columns(rule: RulePlan, field: str) -> list[str]:
    reads = _reads(rule.columns, field)
    for _, group in rule.groups:
        reads += _reads(group, field)
    return reads


def student_columns(plan: Plan, field: str) -> tuple[list[str], str]:
    """The columns the parents' `field` is read from that are the students' own (the column a students' rule
    reads it from, or one whose header names the student), and why; ([], "") for none."""
    rules = plan.rules.get("users", ())
    own = {(r.source, c) for r in rules if r.guardian is None and not r.groups for c in _reads(r.columns, field)}
    found: list[str] = []
    why = ""
    for rule in rules:
        if rule.guardian is None and not rule.groups:
            continue
        for column in _guardian_columns(rule, field):
            if (rule.source, column) in own and not HOUSEHOLD_NAMED.search(column.replace("_", " ")):
                found.append(column)
                why = why or ", the column the students' own is read from"
            elif STUDENT_NAMED.search(column.replace("_", " ")):
                found.append(column)
                why = why or ", a column whose header names the student"
    return sorted(set(found)), why


def judge(users: Path, field: str) -> Found | None:
    """Parents and guardians of a written users.csv holding exactly a linked student's `field`."""
    if not users.is_file():
        return None
    students: dict[str, str] = {}
    guardians: list[tuple[str, str, str]] = []
    for sourced_id, role, agents, value in columns_of(users, "sourcedId", "role", "agentSourcedIds", field):
        if role == "student":
            if value:
                students[sourced_id] = value.casefold()
        elif role in ("parent", "guardian", "relative") and value:
            guardians.append((sourced_id, agents, value.casefold()))
    holding = [(g, kids) for g, agents, value in guardians for kids in [_holders(agents, value, students)] if kids]
    if len(holding) < AT_LEAST or len(holding) * 2 <= len(guardians):
        return None
    guardian, kid = holding[0]
    return Found(field, len(holding), len(guardians), f"the first: {guardian!r} holds student {kid!r}'s")


def _holders(agents: str, value: str, students: dict[str, str]) -> str:
    return next((s for s in _split(agents) if students.get(s) == value), "")


def _split(agents: str) -> Iterator[str]:
    return (a.strip() for a in agents.split(",") if a.strip())


def check(plan: Plan, staged: Path, report: Report, *, allow_incomplete: bool) -> frozenset[str]:
    """V630 for each of sms, phone and email the parents hold a linked child's of, read from a student's
    column; the fields so found (family_names then counts no shared phone as a name)."""
    said: set[str] = set()
    for field in POINTS:
        columns, why = student_columns(plan, field)
        if not columns or (field == "email" and report.examples.get("V574")):
            continue  # an email: V574 says the student's own address, and repairs it
        found = judge(staged / "users.csv", field)
        if found is None:
            continue
        said.add(field)
        params = {
            "count": found.count,
            "total": found.total,
            "field": field,
            "example": found.example,
            "column": ", ".join(repr(c) for c in columns),
            "why": why,
        }
        if allow_incomplete:
            detail = f"{found.count} of {found.total} parents hold a linked student's own {field}"
            report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        else:
            report.add(codes.code("guardian-points-of-students"), Where(), **params)
    return frozenset(said)
