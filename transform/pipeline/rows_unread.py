"""One person's two rows of one export, left out as two people, where the profile's condition that
reads one row per person reads a column the export lacks: refused, naming the column.

Skyward SMS writes a student's row per entity (school), and the profile reads the one whose
X-DEFAULT-ENTITY is set; the column is optional (a one-entity district's export may leave it
out). A multi-entity district's export without it gives a student two rows of one ID with other
schools: the two records of one ID kept neither (V537), and the students were left out of a first
set at exit 0, their enrolments said as IDs written two ways (V608, naming a staff ID: reviewer61).
Where such rows are of one name and a users rule reading the export has an optional condition
whose column the export lacks, the set is refused (X881) with the column to add, the fix that
fixes; --allow-incomplete publishes it without them, said (X918).
"""

from __future__ import annotations

from typing import Any

from transform.profile.compile import Plan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import read

FACT = "one_person_rows_unread"  # report.facts: file -> what X881 says
EXAMPLES = 3


def note(
    plan: Plan, sources: dict[str, read.SourceFile], found: dict[str, list[tuple[str, str]]], report: Report
) -> None:
    """For each export with one person's rows left out as two (`found`: file -> IDs and rows),
    the users rule's optional condition whose column it lacks, if one has."""
    for rule in plan.rules.get("users", ()):
        source = sources.get(rule.source)
        if rule.guardian is not None or source is None or source.display not in found:
            continue  # a guardians rule's conditions choose links, not one row per person
        for cond in rule.where:
            absent = [part.column for part in fields(cond.parts) if part.alias is None and part.key not in source.index]
            if cond.optional and absent:
                people = found[source.display]
                report.facts.setdefault(FACT, {}).setdefault(
                    source.display,
                    {"rule": rule.label, "condition": cond.name, "column": absent[0], "people": people},
                )
                break


def check(report: Report, *, allow_incomplete: bool) -> None:
    """Refuse the set (X881) for each export whose people were left out so."""
    for file, said in sorted((report.facts.get(FACT) or {}).items()):
        people: list[Any] = said["people"]
        key, rows = people[0]
        named = ", ".join(f"{k!r} ({r})" for k, r in people[:EXAMPLES]) + (" ..." if len(people) > EXAMPLES else "")
        if allow_incomplete:
            detail = f"{len(people)} people on two rows of {file} left out (V537), such as {key!r}"
            report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
            continue
        report.add(
            codes.code("rows-per-person-unread"),
            Where(file, int(rows.split()[1]), table="users", record=key),
            file=file,
            count=len(people),
            people=named,
            rule=said["rule"],
            condition=said["condition"],
            column=said["column"],
        )
