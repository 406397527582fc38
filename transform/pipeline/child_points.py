"""Parents given their own child's phone, sms or email by the profile (V630, tester86 T5).

A guardians rule whose `sms:` reads the pupil's mobile ('Pupil Mobile' on the contacts rows, or the
students' own column on their rows) gives every parent the child's number: published at exit 0 with
V510 and V551 alone. One family sharing a phone with a child is honest (a home phone); most parents
(at least AT_LEAST, over half of those with the field) holding exactly a number a student they are
linked to holds, read from a column the students' own value is read from or whose header names the
student, is the mapping: refused, naming the columns. The column is needed for the refusal: a home
phone on the student's row and the mother's (family_names' honest case) is the same value, read
from two columns of the household's. family_names (X864) then counts no shared phone as a name.
review191: a same-named column is the student's only on the student's own row (OneRoster's parent
rows hold the parent's own phone); a column whose header names no one ('Phone') may be the family's:
asked once (P131), not refused every night; a child's Cell given to every mother of a small school
(all of at least 3) is refused too.
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

from .compact import hex_hash
from .gate import VALUES_ASKED, columns_of

KEY = VALUES_ASKED  # last.json: P131's values asked, the parents' columns asked once among them

AT_LEAST = 10  # parents holding their child's value: fewer are families sharing a phone
NAMED_AT_LEAST = 3  # but every one of at least 3, from a column naming the student: one family sharing says nothing
POINTS = ("sms", "phone", "email")
# A header naming the household (PowerSchool's students.Home_Phone): the family's, on the child's row and the
# parents' alike, though the students' own is read from it ('Student Home Phone' names the student).
HOUSEHOLD_NAMED = re.compile(r"(?<![a-z])(home|house|household|family|families|parents?|guardians?)(?![a-z])", re.I)
# A header naming one person's own device (Cell, Mobile): on the student's row, the student's (not the family's
# 'Phone'): read by the students rule and the parents alike, strong evidence (review191 R4).
PERSONAL = re.compile(r"(?<![a-z])(cell|cellular|mobile|mob|handy)(?![a-z])", re.IGNORECASE)
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


def _refs(column: ColumnPlan) -> list[str]:
    return [ref.column for ref in (*fields(column.parts), *column.first_of)]


def _reads_the_students_row(rule: RulePlan, rules: tuple[RulePlan, ...]) -> bool:
    """Whether the guardians rule makes its parents from a student's own row: an `each:` group (PowerSchool's
    Mother_ columns), or its rows' student ID read from the column a students' rule of the same export reads its
    sourcedId from. A rule linking by another column (OneRoster's parent rows, agentSourcedIds) reads OTHER rows:
    a same-named column there is the parent's own (review191 R1)."""
    if rule.groups:
        return True
    linked = _refs(rule.guardian.student) if rule.guardian is not None else []
    return any(
        r.source == rule.source and _refs(c) == linked
        for r in rules
        if r.guardian is None and not r.groups
        for c in r.columns
        if c.name == "sourcedId"
    )


def student_columns(plan: Plan, field: str) -> tuple[list[str], str, bool]:
    """The columns the parents' `field` is read from that are the students' own (the column a students' rule
    reads it from on the same row, or one whose header names the student), why, and whether the evidence is
    strong (a header naming the student, or one person's mobile read on the student's row); ([], "", False)."""
    rules = plan.rules.get("users", ())
    own = {(r.source, c) for r in rules if r.guardian is None and not r.groups for c in _reads(r.columns, field)}
    found: list[str] = []
    why = ""
    named = False
    for rule in rules:
        if rule.guardian is None and not rule.groups:
            continue
        same_row = _reads_the_students_row(rule, rules)
        for column in _guardian_columns(rule, field):
            words = column.replace("_", " ")
            if STUDENT_NAMED.search(words):
                found.append(column)
                why, named = ", a column whose header names the student", True
            elif same_row and (rule.source, column) in own and not HOUSEHOLD_NAMED.search(words):
                found.append(column)
                why = why or ", the column the students' own is read from"
                named = named or bool(PERSONAL.search(words))
    return sorted(set(found)), why, named


def judge(users: Path, field: str, *, named: bool = False) -> Found | None:
    """Parents and guardians of a written users.csv holding exactly a linked student's `field`: at least
    AT_LEAST and over half of those with one; from a column whose header names the student (`named`), also
    all of at least NAMED_AT_LEAST (a small school's every mother given her child's Cell, review191 R4)."""
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
    most = len(holding) >= AT_LEAST and len(holding) * 2 > len(guardians)
    every = named and len(holding) >= NAMED_AT_LEAST and len(holding) == len(guardians)
    if not (most or every):
        return None
    guardian, kid = holding[0]
    return Found(field, len(holding), len(guardians), f"the first: {guardian!r} holds student {kid!r}'s")


def _holders(agents: str, value: str, students: dict[str, str]) -> str:
    return next((s for s in _split(agents) if students.get(s) == value), "")


def _split(agents: str) -> Iterator[str]:
    return (a.strip() for a in agents.split(",") if a.strip())


def check(
    plan: Plan, staged: Path, report: Report, *, allow_incomplete: bool, asked: frozenset[str] = frozenset()
) -> frozenset[str]:
    """V630 for each of sms, phone and email the parents hold a linked child's of, read from a student's
    column; the fields so found (family_names then counts no shared phone as a name). A phone or email whose
    only evidence is the column (its header names neither the student nor the home: 'Phone', 'Contact Phone')
    may be the family's: asked once (P131, published, exit 1), not refused; `asked`: last.json's hashes."""
    said: set[str] = set()
    for field in POINTS:
        columns, why, named = student_columns(plan, field)
        if not columns or (field == "email" and report.examples.get("V574")):
            continue  # an email: V574 says the student's own address, and repairs it
        found = judge(staged / "users.csv", field, named=named)
        if found is None:
            continue
        said.add(field)
        column = ", ".join(repr(c) for c in columns)
        if not named and field != "sms":
            _ask(report, found, column, asked)
        elif allow_incomplete:
            detail = f"{found.count} of {found.total} parents hold a linked student's own {field}"
            report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        else:
            params = {"count": found.count, "total": found.total, "field": field, "example": found.example}
            report.add(codes.code("guardian-points-of-students"), Where(), **params, column=column, why=why)
    return frozenset(said)


def _ask(report: Report, found: Found, column: str, asked: frozenset[str]) -> None:
    """P131 for a parents' phone or email read from the column the students' own is read from, on the
    student's row, its header naming no one: the family's phone on both, or the child's own. Asked once."""
    key = hex_hash("\x00".join(("V630", found.field, column)).encode("utf-8", "surrogatepass"))
    report.facts[KEY] = sorted({*report.facts.get(KEY, ()), key})
    new = key not in asked
    field = found.field
    report.add(
        codes.code("profile-reading-asked"),
        Where(),
        rule="users: the parents'",
        condition=f"{field} read from {column}",
        finding=(
            f"is the column the students' own {field} is read from, on the student's own row: {found.count} of "
            f"the {found.total} parents with a {field} hold exactly a linked student's ({found.example}); "
            "published as read"
        ),
        asked="first seen tonight." if new else "asked on an earlier night: not asked again.",
        fix=(
            f"If {column} holds the family's {field} (the household's), nothing to do: not asked again. If it "
            f"holds the student's own, read the parents' own {field} column in the profile "
            "(tables.users: the guardians rule) and rerun."
        ),
        new="yes" if new else "",
    )
