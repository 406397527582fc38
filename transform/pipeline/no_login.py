"""Where a users condition that says `unless_enrolled` means "no login", not "left" (review75 R4).

OneRoster's bulk users.csv marks the withdrawn by enabledUser false, and some SIS write false for
every student with no login too (young children, a whole school without accounts). Where the
condition fails for nearly every person a current enrolment names, the column says nothing of who
left: leaving out the rest who fail it would drop the unscheduled and those whose classes start
next term, with their parents. Judged per school, so that a district's schools without logins do
not hide the withdrawn of the others; a school where a few per cent left is judged on its enrolled
people, whom the withdrawn are not among, and keeps leaving them out."""

from __future__ import annotations

from collections.abc import Iterable

from transform.pipeline.mapping import column_as_read, fails_alone, holds
from transform.pipeline.rows import Indexes, SourceRow
from transform.profile.compile import ConditionPlan, Plan, RulePlan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

SHARE = 0.8  # of the enrolled people at a school failing the condition: no login there
FEWEST = 10  # enrolled people at a school before its share is judged (a handful proves nothing)
SCHOOLS_SHOWN = 5


def schools_without_login(
    rule: RulePlan, rows: Iterable[SourceRow], *, plan: Plan, indexes: Indexes, report: Report
) -> frozenset[str]:
    """The schools where the rule's `unless_enrolled` condition fails for SHARE or more of the
    rows a current enrolment names (FEWEST or more), said once (F449)."""
    judged = [cond for cond in rule.where if cond.unless_enrolled]
    others = [cond for cond in rule.where if not cond.unless_enrolled]
    counts: dict[str, list[int]] = {}  # school -> [enrolled, failing]
    file = ""
    for row in rows:
        if any(holds(row, cond, rule=rule, plan=plan, indexes=indexes) is False for cond in others):
            continue
        user = column_as_read(row, rule=rule, plan=plan, indexes=indexes, name="sourcedId")
        if not user or user not in plan.enrolled:
            continue
        file = file or row.file
        failing = any(fails_alone(row, cond, rule=rule, plan=plan, indexes=indexes) for cond in judged)
        for school in column_as_read(row, rule=rule, plan=plan, indexes=indexes, name="orgSourcedIds").split(","):
            if school := school.strip():
                count = counts.setdefault(school, [0, 0])
                count[0] += 1
                count[1] += failing
    found = {school: c for school, c in counts.items() if c[0] >= FEWEST and c[1] >= SHARE * c[0]}
    if found:
        _say(rule, judged[0], found, file, report)
    return frozenset(found)


def _say(rule: RulePlan, cond: ConditionPlan, found: dict[str, list[int]], file: str, report: Report) -> None:
    enrolled, failing = sum(c[0] for c in found.values()), sum(c[1] for c in found.values())
    names = sorted(found)
    shown = ", ".join(repr(s) for s in names[:SCHOOLS_SHOWN])
    more = f" and {len(names) - SCHOOLS_SHOWN} more" if len(names) > SCHOOLS_SHOWN else ""
    people = "students" if rule.label.endswith("students") else "people"
    column = next((part.column for part in fields(cond.parts)), "")
    report.add(
        codes.code("enabled-means-no-login"),
        Where(file=file, column=column),
        rule=rule.label,
        condition=cond.name,
        column=column,
        values=_failing_values(cond),
        failing=failing,
        enrolled=enrolled,
        people=people,
        schools=("school " if len(names) == 1 else "schools ") + shown + more,
        share=f"{round(100 * failing / enrolled)}%",
        them="it" if len(names) == 1 else "them",
    )


def _failing_values(cond: ConditionPlan) -> str:
    """The values that fail the condition, as the message says them: 'false' or '0' or ..."""
    listed = sorted(cond.value) if isinstance(cond.value, frozenset) else [str(cond.value)]
    said = " or ".join(repr(value) for value in listed)
    return said if cond.op in ("not_in", "not_equals") else f"not {said}"
