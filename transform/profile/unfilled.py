"""Fields a rule leaves without a value although every record of its table needs one.

A rule with no `givenName:` makes records that fail validation one and all (D304), and the run
then refuses (X903): a skeleton from init-profile has such fields as comments to fill in. So
check-profile names each one, at its rule, and "ok" means the run can work. A field the run
fills itself (a target's default or a fill-in from other fields, a guardian's ID and schools, a
class's course and term the strict target builds) is not asked for. The run checks the same
against its own target before reading any file.
"""

from __future__ import annotations

import re
from typing import Any

from transform.profile.compile import Plan, RulePlan
from transform.profile.load import LoadedProfile, PathPart
from transform.report import codes
from transform.report.problem import Problem

# What the strict target builds for a class naming none (pipeline.complete): a course from its
# title and school (D335), the school year as its term (D336). A rule need not name them.
BUILT = frozenset({("classes", "courseSourcedId"), ("classes", "termSourcedIds")})
# What to write for the settings a single-school SIS's rules read (docs/tutorial.md).
SETTING_WHAT = {
    "school_id": " (the school's ID, as its SIS writes it: a single-school SIS with no schools export)",
    "school_name": " (the school's name)",
}
_ONLY_SETTING = re.compile(r"\s*\{settings\.([A-Za-z_][A-Za-z0-9_]*)\}\s*")


def unfilled(profile: LoadedProfile, plan: Plan) -> list[Problem]:
    problems = []
    unset: dict[str, list[list[PathPart]]] = {}  # a setting read for a required field, unset: where
    for table, rules in plan.rules.items():
        needed = plan.target.required.get(table, ())
        for rule in rules:
            given = _given(rule)
            for field in needed:
                if field in given and (setting := _unset_setting(profile, table, rule.name, field)):
                    unset.setdefault(setting, []).append(["tables", table, rule.name, "columns", field])
                    continue
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
    return [*(_setting_unset(profile, setting, paths) for setting, paths in unset.items()), *problems]


def _given(rule: RulePlan) -> set[str]:
    """The fields the rule makes a value for."""
    given = {c.name for c in rule.columns} | {c.name for _, columns in rule.groups for c in columns}
    if rule.guardian is not None:  # the guardian scheme makes the ID and takes the students' schools
        given |= {"sourcedId", "orgSourcedIds", rule.guardian.student.name}
    return given


def _unset_setting(profile: LoadedProfile, table: str, rule: str, field: str) -> str | None:
    """The setting a rule's field reads alone (`{setting: school_id}`, "{settings.school_id}"),
    with no default or fallback, when the profile leaves it unset or empty (P120); else None."""
    tables = profile.data.get("tables")
    rules = tables.get(table) if isinstance(tables, dict) else None
    spec_of_rule = rules.get(rule) if isinstance(rules, dict) else None
    columns = spec_of_rule.get("columns") if isinstance(spec_of_rule, dict) else None
    spec: Any = columns.get(field) if isinstance(columns, dict) else None
    name = None
    if isinstance(spec, dict):
        if spec.get("default") or spec.get("fallback"):
            return None
        name = spec.get("setting")
        if name is None and isinstance(spec.get("template"), str):
            spec = spec["template"]
    if isinstance(spec, str):
        found = _ONLY_SETTING.fullmatch(spec)
        name = found.group(1) if found else None
    if not isinstance(name, str):
        return None
    settings = profile.data.get("settings")
    value = settings.get(name) if isinstance(settings, dict) else None
    return name if value is None or not str(value).strip() else None


def _setting_unset(profile: LoadedProfile, setting: str, paths: list[list[PathPart]]) -> Problem:
    """P120, once a setting: at the first field reading it, naming each."""
    fields = ", ".join(".".join(str(p) for p in path if p != "columns") for path in paths)
    return Problem(
        codes.code("required-setting-unset"),
        profile.where(paths[0]),
        {"setting": setting, "fields": fields, "what": SETTING_WHAT.get(setting, "")},
    )
