"""Fields a rule leaves without a value although every record of its table needs one.

A rule with no `givenName:` makes records that fail validation one and all (D304), and the run
then refuses (X903): a skeleton from init-profile has such fields as comments to fill in. So
check-profile names each one, at its rule, and "ok" means the run can work. A field the run
fills itself (a target's default or a fill-in from other fields, a guardian's ID and schools, a
class's course and term the strict target builds) is not asked for. The run checks the same
against its own target before reading any file.
"""

from __future__ import annotations

from transform.profile.compile import Plan, RulePlan
from transform.profile.load import LoadedProfile
from transform.report import codes
from transform.report.problem import Problem

# What the strict target builds for a class naming none (pipeline.complete): a course from its
# title and school (D335), the school year as its term (D336). A rule need not name them.
BUILT = frozenset({("classes", "courseSourcedId"), ("classes", "termSourcedIds")})


def unfilled(profile: LoadedProfile, plan: Plan) -> list[Problem]:
    problems = []
    for table, rules in plan.rules.items():
        needed = plan.target.required.get(table, ())
        for rule in rules:
            given = _given(rule)
            for field in needed:
                if field in given or (table, field) in plan.target.defaults or (table, field) in plan.target.fill_from:
                    continue
                if plan.target.builds_missing and (table, field) in BUILT:
                    continue
                problems.append(
                    Problem(
                        codes.code("required-field-unfilled"),
                        profile.where(["tables", table, rule.name]),
                        {"table": table, "rule": rule.name, "field": field},
                    )
                )
    return problems


def _given(rule: RulePlan) -> set[str]:
    """The fields the rule makes a value for."""
    given = {c.name for c in rule.columns} | {c.name for _, columns in rule.groups for c in columns}
    if rule.guardian is not None:  # the guardian scheme makes the ID and takes the students' schools
        given |= {"sourcedId", "orgSourcedIds", rule.guardian.student.name}
    return given
