"""A parent's ID the profile makes that a staff member or a student has: refused, not a parent lost.

Clever's guardians are given "G" + Contact_sis_id; a teacher whose Teacher_id happens to be
"GC501" takes the ID of contact C501's parent. One ID is one row in Remind's users.csv, so the
parent was left out at exit 0, her children unlinked, with a warning (V597) whose fix blamed the
SIS (tester59 F6); no record of the SIS has the ID twice. The warning now names the prefix, and
the set is refused (X879) until the district profile gives the guardians a prefix no staff or
student ID begins with; --allow-incomplete publishes the set without those parents, said (X918).
A guardian ID the SIS gives (a teacher who is a parent, one ID in SDS or OneRoster 1.2) is one
person's, and V597 alone says it, as before.
"""

from __future__ import annotations

from typing import Any

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import Draft

FACT = "guardian_ids_made_taken"  # report.facts: guardian ID -> what X879 says of it
EXAMPLES = 3


def said(draft: Draft, made: tuple[str, str, str], *, kept_role: str, first_at: str) -> dict[str, Any]:
    """What X879 says of a guardian record whose made ID (`made`: prefix, rule, contact column)
    a kept student or staff member has."""
    prefix, label, column = made
    key = draft.values.get("sourcedId", "")
    students = [s for s in draft.values.get("agentSourcedIds", "").split(",") if s]
    name = " ".join(v for v in (draft.values.get("givenName"), draft.values.get("familyName")) if v)
    return {
        "file": draft.origin.file,
        "line": draft.origin.line,
        "prefix": prefix,
        "rule": label,
        "column": column,
        "contact": key[len(prefix) :],
        "kept_role": kept_role,
        "first_at": first_at,
        "role": draft.values.get("role", "") or "parent",
        "name": name or key,
        "students": ", ".join(repr(s) for s in students) or "no student",
    }


def check(report: Report, *, allow_incomplete: bool) -> None:
    """Refuse the set (X879) when a guardian ID the profile made is a kept user's."""
    taken: dict[str, dict[str, Any]] = report.facts.get(FACT) or {}
    if not taken:
        return
    key, first = next(iter(sorted(taken.items())))
    others = sorted(taken)[1:]
    more = ""
    if others:
        named = ", ".join(repr(o) for o in others[:EXAMPLES]) + (" ..." if len(others) > EXAMPLES else "")
        more = f" (and {len(others)} more such ID{'s' if len(others) > 1 else ''}: {named})"
    if allow_incomplete:
        detail = f"{len(taken)} parents and guardians whose made ID a staff member or student has, such as {key!r}"
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        return
    report.add(
        codes.code("guardian-id-made-taken"),
        Where(first["file"], first["line"], table="users", record=key),
        id=key,
        more=more,
        **{k: v for k, v in first.items() if k not in ("file", "line")},
    )
