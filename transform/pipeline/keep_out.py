"""Conditions that leave people out, switched off by a column the export lacks.

A users rule's condition that exists to leave people out (Aeries' `not_restrained`: a contact
under a restraining order; a withdrawn student's status; Synergy's CONTACT_ALLOWED) reads a
column the export lacks, declared optional: every row reads it blank and passes it (I260, a
warning), so it leaves no one out. Nothing in the set shows whom it let in. On the night the
column went, the set differs from the last one only by them, and every later night by whoever
is new: tester44 F3's restrained father reached users.csv at exit 0, "upload the files", every
night after.

So on a later night (a last published set to compare with) the safety gate looks at the users
of such a rule that the last set did not hold, and, where the condition is a guardians rule's
`link_where` (it decides which child a contact is the guardian of), at the links from a parent
to a child that the last set did not have: a father typed Secondary (no custody) of one child
and the guardian of another is a user both nights, and only the link to the child the court
keeps him from is new (tester66 F1, Clever's contacts.csv `type` renamed). None, nothing to
say; any, and the set is refused (X936, exit 1), naming the conditions, the column and those
users or links. Refused, not
published with "Published, but" (exit 1 too), as X939 publishes user IDs that name another
person: a contact a court keeps from a child is not one to correct the next morning. With
--upload the set would reach Remind in the same run, and a message he receives cannot be called
back, while a night refused costs one day of roster changes. Who may act: the export's column
put back (the step), or, where the SIS truly has no such people, the condition marked
`optional: true` in the district's profile (then I244, and no check); --allow-incomplete
publishes tonight's set once (X918): the users it names are then in the last set, and a later
night is refused only for users new again. A first set has no last set to tell the newcomers:
I260 names the conditions and what they leave out, a warning --strict refuses.

A condition that leaves out only the withdrawn (reason inactive-student, inactive-staff,
inactive-guardian) is judged by the column leaving, not by its absence: an export built from
active enrolments only (an Infinite Campus ad hoc filter) has no end date column on any night,
and nobody it would leave out; refusing every night a student enrols, until a flag became the
habit, helped no one (tester49 F3). Its column gone since the last set's export had it is still
refused; never there, I260 says it each night. A withdrawn person published by mistake leaves
Remind a night later as an ordinary removal; a restrained contact's message cannot be called back,
so the other conditions are refused either way.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from transform.profile.compile import Plan
from transform.profile.templates import normalize_column
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import absent, seen_values
from .read import SourceFile

SHOWN = 3  # users named in the message; the removals-style list is the explain of the next run
# What a condition of these reasons leaves out is a person who left (see the module's words).
WITHDRAWALS = frozenset({"inactive-student", "inactive-staff", "inactive-guardian"})


def switched_off(plan: Plan, sources: dict[str, SourceFile]) -> list[tuple[absent.AbsentColumn, str, frozenset[str]]]:
    """(the absent column, the conditions reading it that a blank passes, with what they leave
    out, and the roles of the users their rules make: empty for any role) for each users rule
    condition switched off by a column its export lacks; a condition marked `optional` is not
    (the district said the column may be absent and nothing is lost)."""
    found = []
    for column in absent.find(plan, sources):
        off = {use: _what(plan, use) for use in column.conditions if column.blank_outcome.get(use) == ""}
        off = {use: what for use, what in off.items() if use.startswith("users ")}
        if not off:
            continue
        roles: set[str] = set()
        for rule in plan.rules.get("users", ()):
            link_where = rule.guardian.link_where if rule.guardian is not None else ()
            if any(f"users where {cond.name}" in off for cond in (*rule.where, *link_where)):
                kind = seen_values.kind_of(rule)
                roles |= kind[1] if kind is not None else set()
        found.append((column, absent.said_keepers(off), frozenset(roles)))
    return found


def _decides_links(plan: Plan, column: absent.AbsentColumn) -> bool:
    """Whether a condition the absent column switched off is a guardians rule's `link_where`: it
    decides which children a contact is the guardian of, not only whether she is a user."""
    off = {use.removeprefix("users where ") for use in column.conditions if column.blank_outcome.get(use) == ""}
    return any(
        cond.name in off for rule in plan.rules.get("users", ()) if rule.guardian for cond in rule.guardian.link_where
    )


def _what(plan: Plan, use: str) -> str:
    name = use.removeprefix("users where ")
    for rule in plan.rules.get("users", ()):
        link_where = rule.guardian.link_where if rule.guardian is not None else ()
        for cond in (*rule.where, *link_where):
            if cond.name == name:
                return absent.keeps_out(cond)
    return ""


def _withdrawals_only(plan: Plan, column: absent.AbsentColumn) -> bool:
    """Whether every users condition the absent column switched off leaves out only the withdrawn
    (WITHDRAWALS), without words of the profile's own (`because`: a restrained contact)."""
    off = {use.removeprefix("users where ") for use in column.conditions if column.blank_outcome.get(use) == ""}
    conds = [
        cond
        for rule in plan.rules.get("users", ())
        for cond in (*rule.where, *(rule.guardian.link_where if rule.guardian is not None else ()))
        if cond.name in off
    ]
    return bool(conds) and all(not cond.because and cond.reason.slug in WITHDRAWALS for cond in conds)


def check(
    plan: Plan,
    sources: dict[str, SourceFile],
    report: Report,
    *,
    staged: Path,
    previous: Path | None,
    had: frozenset[tuple[str, str]],
    last_as_of: str,
    allow_incomplete: bool,
) -> None:
    """The safety gate (see the module's words): X936 for each column that switched off a users
    condition leaving people out, when tonight's set holds users of its rules that the last
    published set (`previous`) did not. `had`: the (source, column) the last set's exports held."""
    if previous is None or not (previous / "users.csv").is_file():
        return
    off = switched_off(plan, sources)
    if not off:
        return
    # Held: each user's ID and links of the last set, and what tonight adds (one night in many).
    last = {row[0]: row[4] for row in _users(previous / "users.csv")}
    tonight: list[tuple[str, ...]] = []
    linked: list[tuple[str, ...]] = []
    for sid, role, given, family, agents in _users(staged / "users.csv"):
        if sid not in last:
            tonight.append((sid, role, given, family))
        elif children := sorted(agents - last[sid]):
            linked.append((sid, role, given, family, f"now linked to {', '.join(children)}"))
    for column, readers, roles in off:
        lost = (column.source, normalize_column(column.column)) in had
        if not lost and _withdrawals_only(plan, column):
            continue  # an export of the active only, every night: I260 says it (the module's words)
        # A link is new by the column leaving: one the last set's export never had (Clever's optional
        # `type`) changes nothing tonight, and a sibling enrolling is no reason to refuse (reviewer65 F7).
        # No columns recorded (a state older than the record): whether it left is unknown, so links count.
        links = linked if (lost or not had) and _decides_links(plan, column) else []
        new = [row for row in (*tonight, *links) if not roles or row[1] in roles]
        if not new:
            continue
        where = Where(file=column.file, line=column.line, column=column.column)
        if allow_incomplete:
            detail = f"{readers} read no column {column.column!r}; {len(new)} users or links new tonight"
            report.add(codes.code("incomplete-allowed"), where, detail=detail)
            continue
        one = readers.count(" where ") == 1
        named = "; ".join(_named(row) for row in new[:SHOWN])
        more = f"; {len(new) - SHOWN} more" if len(new) > SHOWN else ""
        report.add(
            codes.code("keep-out-condition-off"),
            where,
            readers=readers,
            read="reads" if one else "read",
            column=column.column,
            file=column.file,
            had=f" (the export of the last published set, as of {last_as_of}, had it)" if lost else "",
            it="it" if one else "they",
            exist="exists" if one else "exist",
            count=len(new),
            users=_noun(len(new), links=len(new) - sum(1 for row in new if len(row) == 4)),
            people=named + more,
        )


def _named(row: tuple[str, ...]) -> str:
    """'G5002 (Dan Berg, parent)' for a new user; a new link adds 'now linked to 1002'."""
    sid, role, given, family, *linked = row
    return f"{sid} ({' '.join(n for n in (given, family) if n)}, {role}{''.join(f', {x}' for x in linked)})"


def _noun(count: int, *, links: int) -> str:
    """What the `count` new things are: users, links of a known guardian to a child, or both."""
    if not links:
        return "user" if count == 1 else "users"
    if links == count:
        return "guardian link" if count == 1 else "guardian links"
    return "users and guardian links"


def _users(path: Path) -> Iterator[tuple[str, str, str, str, frozenset[str]]]:
    """(sourcedId, role, givenName, familyName, agentSourcedIds) of each user of a written users.csv."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield (
                row.get("sourcedId", ""),
                row.get("role", ""),
                row.get("givenName", ""),
                row.get("familyName", ""),
                frozenset(a.strip() for a in (row.get("agentSourcedIds") or "").split(",") if a.strip()),
            )
