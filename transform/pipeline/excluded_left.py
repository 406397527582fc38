"""A school an entry the admin added to settings.exclude_schools leaves out (reviewer114 R3).

The profile's own settings.exclude_schools keeps a school's people out of Remind. An entry added
since the last published set (last.json's exclude_schools record: the last set's own entries) that
names a school that set published removes the school tonight: its orgs row, the people at it only
(a parent only of its students), its classes and their enrolments. That is the admin's own
decision, written in the profile: the removal gates (X906 across a file, X953 per kind and per
school, X845 a school gone) counted it as a broken export or a batch of withdrawals, refused it
twice in a row with --max-removal then --allow-rollover, and the words called the school's people
withdrawn. Now those records are set apart for the gates that count removals (`set_apart`): out of
each file's removals and of the last set's count it is judged against (Change.excluded). Published,
but exit 1 that night (X876, in summary.TO_CHECK), one per school by ID and name with what it removed
and the entry to take out: an entry naming the wrong real school (200 typed for 201) reads as well as
the right one, and Remind removes a whole school's people (excl58). Later nights the entry is the last
set's record: nothing said. The other schools' removals are gated as before, against the last set
without that school.

Not set apart: a bundled profile's entry (not the admin's), an entry of the last set's record (a
school it published while the entry stood is no entry of tonight's doing), nor any with no record
to tell whether the entry is new (a last set of a version before the record) unless the profile
changed since that set. An entry naming no school (a typo one slip from a school, published
with its people) stays X825's (pipeline.excluded_schools). The words of the refusals about a
school left out that is not set apart say so (`said`): left out by settings.exclude_schools, not
withdrawn.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transform.pipeline.excluded_schools import RECORD
from transform.pipeline.gate import Change, columns_of, records_of
from transform.pipeline.school_counts import PARENT_ROLES
from transform.pipeline.withdrawals import PURPOSE
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

FACT = "excluded_left"  # report.facts: the schools of the last set left out tonight by the profile, ID -> added
NAMES = "excluded_left_names"  # report.facts: those schools, ID -> name (the last set's orgs.csv)


@dataclass(slots=True)
class Left:
    """The records of the last published set that belong to the schools left out (`schools`), by file."""

    schools: dict[str, str] = field(default_factory=dict)  # ID -> name, of the last set's orgs.csv
    records: dict[str, set[str]] = field(default_factory=dict)  # file -> the removed records of those schools
    students: int = 0
    staff: int = 0
    parents: int = 0


def left_out(previous: Path | None, excluded: Collection[str]) -> dict[str, str]:
    """The schools the last published set's orgs.csv lists that settings.exclude_schools names tonight."""
    if previous is None or not excluded or not (previous / "orgs.csv").is_file():
        return {}
    return {
        sourced_id: values.get("name", "")
        for values, sourced_id in records_of(previous / "orgs.csv")
        if sourced_id in excluded and values.get("type") != "district"
    }


def added(schools: Collection[str], own: Collection[str], state: Mapping[str, Any], *, changed: bool) -> list[str]:
    """Of `schools`, those the district's own entries (`own`) name and the last set's record does
    not (last.json's RECORD); with no record, those of a profile changed since the last set."""
    record = state.get(RECORD)
    if isinstance(record, dict):
        return sorted(s for s in schools if s in own and s not in record)
    return sorted(s for s in schools if s in own) if changed else []


def records_left(previous: Path, changes: Mapping[str, Change], schools: Collection[str]) -> Left:
    """The records of the last set each file removes tonight that are of `schools` only: the orgs
    rows, the users whose every school is one of them and the parents or guardians only of such
    students (and the demographics of both), the classes of those schools and their enrolments."""
    wanted = set(schools)
    left = Left(records={t: set() for t in changes})
    removed = {t: set(c.removed) for t, c in changes.items()}
    left.records["orgs"] = wanted & removed.get("orgs", set())
    users = left.records["users"] = _users_left(previous, removed.get("users", set()), wanted, left)
    left.records["demographics"] = users & removed.get("demographics", set())
    classes = left.records.setdefault("classes", set())
    if (previous / "classes.csv").is_file():
        for sourced_id, school in columns_of(previous / "classes.csv", "sourcedId", "schoolSourcedId"):
            if school in wanted and sourced_id in removed.get("classes", ()):
                classes.add(sourced_id)
    enrollments = left.records.setdefault("enrollments", set())
    if (previous / "enrollments.csv").is_file():
        for sourced_id, school, class_id in columns_of(
            previous / "enrollments.csv", "sourcedId", "schoolSourcedId", "classSourcedId"
        ):
            if (school in wanted or class_id in classes) and sourced_id in removed.get("enrollments", ()):
                enrollments.add(sourced_id)
    return left


def _users_left(previous: Path, removed: set[str], wanted: set[str], left: Left) -> set[str]:
    """Of the users removed, those at the schools `wanted` only, and the parents or guardians only
    of such students (or, linked to none, at those schools only), counted into `left`."""
    users: set[str] = set()
    parents: dict[str, tuple[set[str], set[str]]] = {}
    if not removed or not (previous / "users.csv").is_file():
        return users
    for sourced_id, role, orgs, agents in columns_of(
        previous / "users.csv", "sourcedId", "role", "orgSourcedIds", "agentSourcedIds"
    ):
        if sourced_id not in removed:
            continue
        at = {o for o in orgs.split(",") if o}
        if role in PARENT_ROLES:
            parents[sourced_id] = ({a.strip() for a in agents.split(",") if a.strip()}, at)
        elif at and at <= wanted:
            users.add(sourced_id)
            left.students, left.staff = left.students + (role == "student"), left.staff + (role != "student")
    for sourced_id, (students, at) in parents.items():
        if (students and students <= users) or (not students and at and at <= wanted):
            users.add(sourced_id)
            left.parents += 1
    return users


def set_apart(
    changes: dict[str, Change],
    report: Report,
    *,
    previous: Path | None,
    excluded: Collection[str],
    own: Mapping[str, str],
    state: Mapping[str, Any],
    changed: bool = False,
    compared: bool = True,
) -> dict[str, Change]:
    """The changes the removal gates count: `changes`, less the removals of the schools an own
    entry added since the last set leaves out (module docstring), each file's copy holding them in
    Change.excluded, out of its removed and previous; each school said (X876, exit 1). The gates that ask whether
    a record is still published (links, orphans, dropped rows) keep `changes`. Every school of the
    last set left out tonight goes to report.facts[FACT] (ID -> whether set apart), its name to
    report.facts[NAMES]. `state`: the record of `previous` (last.json's, or delivered.json's for the set
    delivered); `changed`: the profile changed since that set (judges an entry new when it records none).
    `compared`: `state` is the record of `previous` (not so for a set --previous names: nothing is set
    apart, the refusals' words still name the schools, `purpose`)."""
    schools = left_out(previous, excluded)
    if previous is None or not schools:
        return changes
    new = added(schools, own, state, changed=changed) if compared else []
    report.facts[FACT] = {school: school in new for school in sorted(schools)}
    report.facts[NAMES] = {school: schools[school] for school in sorted(schools)}
    if not new:
        return changes
    left = records_left(previous, changes, new)
    counted = dict(changes)
    for table, apart in left.records.items():
        change = changes.get(table)
        if change is None or not apart:
            continue
        counted[table] = dataclasses.replace(
            change,
            removed=[r for r in change.removed if r not in apart],
            previous=change.previous - len(apart),
            excluded=sorted(apart),
        )
    for school, own_left, shared in _each(previous, changes, new, left):
        named = schools[school] or school
        report.add(
            codes.code("excluded-school-removed"),
            Where(file=own[school]),
            entry=school,
            school=f"{school!r} ({named}{shared})",
            students=own_left.students,
            staff=own_left.staff,
            parents=own_left.parents,
            classes=len(own_left.records.get("classes", ())),
            enrollments=len(own_left.records.get("enrollments", ())),
        )
    return counted


def _each(previous: Path, changes: Mapping[str, Change], new: list[str], left: Left) -> list[tuple[str, Left, str]]:
    """Each school of `new` with what it removed, and the words on the people counted under it that are
    also at the schools before it (''): a person at two schools left out tonight is at neither alone,
    and was counted under none (reviewer122 R3: 55 removed, 54 said); now under the later school, said."""
    if len(new) == 1:
        return [(new[0], left, "")]
    each, before = [], Left()
    for at, school in enumerate(new):
        upto = records_left(previous, changes, new[: at + 1])  # the schools so far, together
        own_left = Left(
            records={t: ids - before.records.get(t, set()) for t, ids in upto.records.items()},
            students=upto.students - before.students,
            staff=upto.staff - before.staff,
            parents=upto.parents - before.parents,
        )
        alone = records_left(previous, changes, [school]) if at else own_left
        shared = len(own_left.records.get("users", ())) - len(alone.records.get("users", ()))
        earlier = ", ".join(repr(s) for s in new[:at])
        also = f"; counted here, {shared} {'people' if shared > 1 else 'person'} also at {earlier}" if shared else ""
        each.append((school, own_left, also))
        before = upto
    return each


def said(report: Report, schools: Collection[str] = ()) -> str:
    """The words of a refusal on removals some of which are of a school of the last set that
    settings.exclude_schools leaves out tonight and that `set_apart` did not set apart (of
    `schools` when given): '' when none."""
    known: Mapping[str, bool] = report.facts.get(FACT) or {}
    names: Mapping[str, str] = report.facts.get(NAMES) or {}
    kept = [s for s, apart in known.items() if not apart and (not schools or s in schools)]
    if not kept:
        return ""
    listed = ", ".join(f"{s!r} ({names.get(s) or s})" for s in kept)
    return f"settings.exclude_schools leaves out school{'s' if len(kept) > 1 else ''} {listed} tonight"


def purpose(report: Report) -> str:
    """How the people a removal refusal finds listed tonight and left out on purpose are left out:
    withdrawn or inactive, or at a school of the last set settings.exclude_schools leaves out tonight
    that `set_apart` did not set apart (a bundled profile's entry, a set --previous names), named
    (excl58: such a school's people were called withdrawn)."""
    kept = said(report)
    return f"{kept}, or {PURPOSE}" if kept else PURPOSE


def whole(report: Report) -> bool:
    """Whether a school of the last set settings.exclude_schools leaves out tonight is not set apart
    (`said`): its people leave with the whole school, which the limits of one school (X953 per school,
    X845) let through under --allow-rollover alone, whatever --max-removal (reviewer122 R2: the step
    named --max-removal 38, and the rerun was refused by the school's X953)."""
    return bool(said(report))
