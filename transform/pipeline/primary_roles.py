"""A person the export says is staff first, with a secondary student role: published as staff.

Remind gives a person one role, and a student with a staff role stays a student (a student aide:
validate's F438); a teacher with a student role too was published as a student, her classes with
no owner, and refused (X867) until the SIS was fixed (tester59 F3). OneRoster 1.2's roles.csv says
which of a person's roles is primary (roleType). A users rule's `primary_role` condition reads
that: where a person's every student role of the rule fails it (secondary) and a role another
users rule of the same export makes (a teacher's) passes it, the export says she is staff. Her
student rows are left out, said once (V569), and the staff rule publishes her; her enrolments as
a student follow (V578). Where the export says nothing (no roleType, or a blank one), or calls
roles of both kinds primary, F438 and X867 stand. Two passes over the rule's export, the second
only when a student role not primary is found; what is held is the IDs of those (few).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from transform.profile.compile import ConditionPlan, Plan, RulePlan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import mapping
from .rows import Indexes, SourceRow


class PrimaryRoles:
    """For each users rule with `primary_role`, the people whose rows of it are left out: ID ->
    the place and role of their primary staff role; found on first use, said as the rows go by."""

    def __init__(self, plan: Plan, rows_of: Callable[[str], Iterable[SourceRow]], indexes: Indexes) -> None:
        self.plan, self.rows_of, self.indexes = plan, rows_of, indexes
        self.found: dict[str, dict[str, tuple[str, str]]] = {}  # rule label -> ID -> (place, role)
        self.said: set[str] = set()

    def rows(self, rule: RulePlan, rows: Iterable[SourceRow], report: Report) -> Iterable[SourceRow]:
        """The rule's rows, but those of a person whose primary role is staff (V569, once each)."""
        if rule.primary_role is None or rule.guardian is not None:
            return rows
        if rule.label not in self.found:
            self.found[rule.label] = self._staff_first(rule)
        return self._without(rule, rows, self.found[rule.label], report) if self.found[rule.label] else rows

    def _without(
        self, rule: RulePlan, rows: Iterable[SourceRow], staff: dict[str, tuple[str, str]], report: Report
    ) -> Iterator[SourceRow]:
        assert rule.primary_role is not None
        for row in rows:
            if self._primary(row, rule) is not False or (user := self._id(row, rule)) not in staff:
                yield row
                continue
            if not mapping.admitted(row, rule=rule, plan=self.plan, indexes=self.indexes):
                yield row  # her staff role's row, which the rule leaves out itself
                continue
            if user in self.said:
                continue
            self.said.add(user)
            at, role = staff[user]
            report.add(
                codes.code("staff-by-primary-role"),
                Where(row.file, row.line, table="users", record=user),
                id=user,
                at=f"{row.file} line {row.line}",
                condition=_as_written(row, rule.primary_role),
                role=role,
                primary_at=at,
            )

    def _staff_first(self, rule: RulePlan) -> dict[str, tuple[str, str]]:
        """The people with a student row of the rule not primary, a primary row another rule
        makes (staff), and no primary row of this rule: ID -> that staff row's place and role."""
        secondary = {
            self._id(row, rule)
            for row in self.rows_of(rule.source)
            if self._primary(row, rule) is False
            and mapping.admitted(row, rule=rule, plan=self.plan, indexes=self.indexes)
        }
        secondary.discard("")
        if not secondary:
            return {}
        others = [
            r
            for r in self.plan.rules.get("users", ())
            if r is not rule and r.source == rule.source and r.guardian is None and not r.once
        ]
        found: dict[str, tuple[str, str]] = {}
        both: set[str] = set()  # primary roles of both kinds: the export does not say
        for row in self.rows_of(rule.source):
            # Only rows holding such an ID as a cell are read for it (an ID the id cleaner changes
            # is not found: F438 and X867 stand for it).
            if secondary.isdisjoint(cell.strip() for cell in row.cells) or not self._primary(row, rule):
                continue
            if (user := self._id(row, rule)) not in secondary:
                continue
            if mapping.admitted(row, rule=rule, plan=self.plan, indexes=self.indexes):
                both.add(user)
            elif (other := self._made_by(row, others)) is not None and user not in found:
                role = mapping.column_as_read(row, rule=other, plan=self.plan, indexes=self.indexes, name="role")
                found[user] = (f"{row.file} line {row.line}", role or "staff")
        return {user: said for user, said in found.items() if user not in both}

    def _primary(self, row: SourceRow, rule: RulePlan) -> bool | None:
        assert rule.primary_role is not None
        return mapping.holds(row, rule.primary_role, rule=rule, plan=self.plan, indexes=self.indexes)

    def _made_by(self, row: SourceRow, rules: list[RulePlan]) -> RulePlan | None:
        return next((r for r in rules if mapping.admitted(row, rule=r, plan=self.plan, indexes=self.indexes)), None)

    def _id(self, row: SourceRow, rule: RulePlan) -> str:
        found = mapping.row_ids(row, rule=rule, plan=self.plan, indexes=self.indexes, quiet=Report(max_examples=0))
        return found[0] if found else ""


def _as_written(row: SourceRow, cond: ConditionPlan) -> str:
    """The row's cell the condition reads, as "roleType 'secondary'"; the condition when it reads
    another export's cell or several."""
    refs = fields(cond.parts)
    if len(refs) != 1 or refs[0].alias is not None:
        return cond.text
    return f"{refs[0].column} {row.get(refs[0].key).strip()!r}"
