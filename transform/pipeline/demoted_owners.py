"""A teacher with a student role too, published as a student, leaves her classes without owner.

Remind gives a person one role, and a student with a staff role stays a student (a student aide:
pipeline.validate's F438): the staff role is left out, and her enrolments in it (V578). Where the
person is a teacher who holds a student role too (a staff test account, a staff course in OneRoster
1.2's or SDS's roles.csv, a 1.1 hub listing her once per role), that demotion publishes her as a
student and the classes she alone teaches with no owner, at exit 0 on a first night: one or two
such classes are under the whole-set limit (X980) (tester59 F3). When the classes a demoted
teacher's enrolments were left out of are published with no teacher or administrator, the run is
refused (X867), naming the person and the classes; --allow-incomplete publishes it, said (X918).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

FACT = "owners_published_as_students"  # report.facts: each demoted owner and her classes left ownerless
EXAMPLES = 3


def note(
    report: Report,
    demoted: Mapping[str, tuple[str, str]],
    classes: Mapping[str, Collection[str]],
    without: Collection[str],
) -> None:
    """Record, for the gate, each demoted owner (ID -> role, where her row is) some of whose
    classes (`classes`) are published with no owner (`without`)."""
    found = {
        user: {"role": role, "at": at, "classes": sorted(c for c in classes.get(user, ()) if c in without)}
        for user, (role, at) in sorted(demoted.items())
    }
    if left := {user: said for user, said in found.items() if said["classes"]}:
        report.facts[FACT] = left


def check(report: Report, *, allow_incomplete: bool) -> None:
    """Refuse the set (X867, once per person) when a demoted owner's classes have no owner."""
    for user, said in (report.facts.get(FACT) or {}).items():
        classes: list[str] = said["classes"]
        named = ", ".join(repr(c) for c in classes[:EXAMPLES]) + (
            f" and {len(classes) - EXAMPLES} more" if len(classes) > EXAMPLES else ""
        )
        if allow_incomplete:
            detail = f"{user!r}, a {said['role']} published as a student, leaves {named} with no owner"
            report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
            continue
        report.add(
            codes.code("owner-published-as-student"),
            Where(file=said["at"].rsplit(":", 1)[0], table="users", record=user),
            id=user,
            role=said["role"],
            at=said["at"],
            count=len(classes),
            es="" if len(classes) == 1 else "es",
            classes=named,
        )
