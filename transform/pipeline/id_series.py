"""The profile lines that give a staff export's user IDs a prefix of their own (V556).

A SIS that numbers students and staff in two series (PowerSchool's Student_Number and
TeacherNumber) gives a student and a teacher one number now and then. The profile took both
numbers as they are for the user ID, and Remind knows a person by that ID alone: the fix is a
prefix on one series in a district profile. The staff's is the smaller change (fewer people,
and no parents link to them): their users rule's sourcedId, and every column naming a staff
member by it, an enrolment's userSourcedId read from the staff export (itself or joined). What
this module writes is that override, in YAML's flow form (one line of a message), as a district
profile extending the bundled one merges it by key (tester55 F5).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from transform.pipeline.read import SourceFile
from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields

PREFIX = "T"


def fix_for(plan: Plan, sources: Mapping[str, SourceFile]) -> Callable[[str, str], str | None]:
    """By a students export's and a staff export's files as a problem names them: None when the
    profile reads the two exports' user IDs from columns of one name (Infinite Campus's personID:
    one series, so one ID on two people is the SIS's error, V537), else the district profile lines
    giving the staff IDs the prefix ("" when the profile's rules do not say it simply)."""
    by_file = {source.display: name for name, source in sources.items()}

    def fix(student_file: str, staff_file: str) -> str | None:
        students, staff = by_file.get(student_file), by_file.get(staff_file)
        if students is None or staff is None or not id_columns(plan, students).isdisjoint(id_columns(plan, staff)):
            return None
        return prefix_yaml(plan, staff)

    return fix


def id_columns(plan: Plan, source: str) -> set[str]:
    """The columns (normalized) of `source` its users rules read the sourcedId from."""
    return {
        ref.key
        for rule in plan.rules.get("users", ())
        if rule.source == source and (column := _column(rule, "sourcedId")) is not None
        for ref in _refs(column)
    }


def prefix_yaml(plan: Plan, source: str) -> str:
    """`tables: {users: {staff: {columns: {sourcedId: "T{TeacherNumber}"}}}, enrollments: ...}`
    for the users rules reading `source` and the enrolment columns naming their people."""
    users: dict[str, str] = {}
    id_columns: set[str] = set()
    for rule in plan.rules.get("users", ()):
        column = _column(rule, "sourcedId")
        if rule.source != source or column is None:
            continue
        refs = _refs(column)
        if not refs:
            return ""
        users[rule.name] = _prefixed(column)
        id_columns.update(ref.key for ref in refs)
    if not users:
        return ""
    enrolments: dict[str, str] = {}
    for rule in plan.rules.get("enrollments", ()):
        column = _column(rule, "userSourcedId")
        if column is None:
            continue
        refs = _refs(column)
        if refs and all(_reads(rule, ref, source) and ref.key in id_columns for ref in refs):
            enrolments[rule.name] = _prefixed(column)
    tables = [f"users: {{{_rules(users, 'sourcedId')}}}"]
    if enrolments:
        tables.append(f"enrollments: {{{_rules(enrolments, 'userSourcedId')}}}")
    return "tables: {" + ", ".join(tables) + "}"


def _rules(values: dict[str, str], column: str) -> str:
    return ", ".join(f"{rule}: {{columns: {{{column}: {value}}}}}" for rule, value in values.items())


def _column(rule: RulePlan, name: str) -> ColumnPlan | None:
    return next((c for c in rule.columns if c.name == name), None)


def _refs(column: ColumnPlan) -> list[FieldRef]:
    return list(column.first_of or fields(column.parts))


def _reads(rule: RulePlan, ref: FieldRef, source: str) -> bool:
    """Whether `ref` is a cell of `source`: of the rule's own rows, or of a join to it."""
    if ref.alias is None:
        return rule.source == source
    join = rule.joins.get(ref.alias)
    return join is not None and join.source == source


def _prefixed(column: ColumnPlan) -> str:
    """The column as a template with the prefix before it: `column: TeacherNumber` (or a list,
    its first: the ID column) as "T{TeacherNumber}", a template "{A}-{B}" as "T{A}-{B}"."""
    if column.first_of:
        return f'"{PREFIX}{{{column.first_of[0]}}}"'
    text = "".join(part if isinstance(part, str) else f"{{{part}}}" for part in column.parts)
    return f'"{PREFIX}{text}"'
