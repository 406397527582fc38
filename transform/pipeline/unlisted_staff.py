"""The safety gate for a first set whose classes lose their teacher to staff IDs no staff row holds.

A Gradelink-shaped sections export named the teacher of every fifth class by her Employee Number,
and the staff export, written from another report, had no Employee Number column (reviewer65 F8):
X811 finds a second ID series only in a column of the people export, so 10 of 45 classes were
published with students and no teacher at exit 0, said only by notes (V617, V586). Nine staff IDs
in no row, a fifth of the classes without owner, is no stray substitute: the sections name the
teachers by another ID series, or the staff export lacks a part of the staff.

So on a first set (and on a later night for the classes new tonight), the staff IDs V617 names whose
enrolments were left out (V504) of classes published with students and no owner (V586), and the
staff keys a section's join found in no row of the staff export (report.users_missed: PowerSchool's
sections name their Teacher by the teachers' ID, D300, where V617 is never said), are weighed as
X810 weighs the IDs written otherwise: at least AT_LEAST IDs and more than SHARE percent of the
classes with students, two IDs holding a teacher's load (more than LOAD classes each) and more than
HEAVY percent, or MANY IDs whatever the share, refuse the set (X809). One or two IDs are a
substitute entered in the sections only or a teacher who left an active-only export (V617 and V586
as before); on a later night two staff members of the last set missing so are refused already
(X882), and a class of the last set losing its teacher so is V618's (its teacher stays published),
so only the classes new tonight count. A class with a second teacher keeps its owner and is not
counted; a blank teacher cell names nobody (a school whose classes have no teacher yet: X942's
ground) and is no V617. Most classes without owner are X980's, most of one school's X942's: not said
twice.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from transform.oneroster.spec import STAFF_ROLES
from transform.pipeline import school_classes, seen_values
from transform.pipeline.gate import records_of
from transform.pipeline.read import SourceFile
from transform.profile.compile import Plan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 3  # staff IDs: one or two are a substitute entered in the sections only, a teacher who left
SHARE = 5.0  # percent of the classes with students left without owner by them
MANY = 25  # staff IDs that refuse whatever the share: a class each at least, no family of which is reached
# Two IDs are weighed by their classes (reviewer66 F4): a substitute entered in the sections only or a
# retiree still named holds a section or two (LOAD), while two teachers' full schedules (5-6 sections
# each at a secondary school) are a staff export lacking part of the staff. Two IDs holding more than
# LOAD classes each on average and more than HEAVY percent of the classes with students refuse: in a
# district of 45 classes, 2 teachers with 11 classes (24%) do, 2 substitutes with 3 classes do not.
# HEAVY is twice SHARE: two IDs may still be honest strays, so the loss must be plainly a teacher's.
LOAD = 2  # classes an ID may hold and still be a substitute or a retiree
HEAVY = 10.0  # percent of the classes with students two IDs must leave without owner to refuse
EXAMPLES = 3
ONE_KEY = re.compile(r"""^[^=',]+=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")$""")  # Teacher='E2703'


@dataclass(frozen=True)
class Unlisted:
    """A staff ID current sections name that no staff row holds, and the classes it leaves without owner."""

    classes: list[str]
    file: str  # the export naming it
    line: int
    column: str
    staff: str  # the export lacking it
    keyed: str  # the staff export's column the reference is read against
    held: str = "in any column"  # how no row holds it: V617's looked in every cell


def check(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    *,
    first_set: bool,
    allow_incomplete: bool,
    previous: Path | None = None,
) -> None:
    """X809 (or X918 with --allow-incomplete) on a first set whose classes without owner lost
    their teacher to AT_LEAST staff IDs no staff row holds, more than SHARE percent of the classes
    with students, or to MANY: named directly (V617's) or through a join that found no row (a
    PowerSchool section's Teacher). On a later night (`previous`: the last published set), the
    classes new tonight alone: a semester's or a new school's sections naming their teachers by
    another ID series were published without owner at exit 0 (V586 only, series51)."""
    if not first_set and previous is None:
        return
    if seen_values.owners_mostly_missing(report) or report.facts.get(school_classes.WITHOUT_OWNER):
        return  # X980 or X942 says these classes
    found = {**_named(report, plan, sources), **_joined(report, plan, sources)}
    if not first_set and previous is not None:
        # A class of the last set losing its teacher is V618's (her record stays published).
        held = {key for _, key in records_of(previous / "classes.csv")}
        found = {
            user: replace(said, classes=[c for c in said.classes if c not in held]) for user, said in found.items()
        }
    found = {user: said for user, said in sorted(found.items()) if said.classes}
    ownerless = {class_id for said in found.values() for class_id in said.classes}
    published = report.classes_with_students
    if not _refused(len(found), len(ownerless), published):
        return
    users = list(found)
    first = found[users[0]]
    where = Where(file=first.file, line=first.line, column=first.column, table="enrollments", record=users[0])
    if allow_incomplete:
        detail = (
            f"{len(ownerless)} of {published} classes with students published with no teacher, "
            f"named by {len(users)} staff IDs no row of {first.staff} has"
        )
        report.add(codes.code("incomplete-allowed"), where, detail=detail)
        return
    shown = [f"{user!r} ({_classes(found[user].classes)})" for user in users[:EXAMPLES]]
    more = len(users) - EXAMPLES
    report.add(
        codes.code("staff-ids-in-no-row"),
        where,
        file=first.file,
        column=first.column or "its teacher",
        count=len(users),
        staff=first.staff,
        keyed=first.keyed,
        held=first.held,
        examples=", ".join(shown) + (f", {more} more" if more > 0 else ""),
        classes=len(ownerless),
        published=published,
        percent=f"{100 * len(ownerless) / published:.0f}" if published else "0",
    )


def _refused(ids: int, ownerless: int, published: int) -> bool:
    """Whether `ids` staff IDs leaving `ownerless` of the `published` classes with students without
    owner are more than stray references: MANY IDs; AT_LEAST IDs and more than SHARE percent; two IDs
    holding a teacher's load (more than LOAD classes each) and more than HEAVY percent."""
    if ids >= MANY:
        return True
    if ids >= AT_LEAST:
        return 100 * ownerless > SHARE * published
    return ids == 2 and ownerless > LOAD * ids and 100 * ownerless > HEAVY * published


def _named(report: Report, plan: Plan, sources: Mapping[str, SourceFile]) -> dict[str, Unlisted]:
    """The staff IDs V617 said (named by a sections export's own column), with their classes
    without owner."""
    found = {}
    for user, (file, staff) in report.staff_in_no_row.items():
        places = report.named_users.get(user, [])
        found[user] = Unlisted(
            classes=sorted(report.staff_classes_dropped.get(user, set()) & report.classes_without_owner),
            file=places[0][0] if places else file,
            line=places[0][1] if places else 0,
            column=report.staff_dropped_column.get(user, ""),
            staff=staff,
            keyed=_keyed(plan, sources, staff),
        )
    return found


def _joined(report: Report, plan: Plan, sources: Mapping[str, SourceFile]) -> dict[str, Unlisted]:
    """The staff keys a current enrolment row's user join found in no row of the staff export
    (report.users_missed: a PowerSchool section naming a Teacher no teachers row has as its ID),
    with their classes without owner. Not a student's (the cc row's StudentID: X882's)."""
    students = set(school_classes.student_sources(plan, dict(sources)))
    found = {}
    for (source, key), (classes, role, file, line, column, _, _) in report.users_missed.items():
        export = sources.get(source)
        if export is None or role == "student" or (source in students and role not in STAFF_ROLES):
            continue
        found[_value(key)] = Unlisted(
            classes=sorted(set(classes) & report.classes_without_owner),
            file=file,
            line=line,
            column=column,
            staff=export.display,
            keyed=_joined_on(plan, export),
            held="as its " + _joined_on(plan, export),
        )
    return found


def _value(key: str) -> str:
    """The ID of a join's key as report.users_missed writes it ("Teacher='E2703'" -> "E2703"); a key of
    several columns as it is."""
    found = ONE_KEY.match(key)
    if found is None:
        return key
    value = ast.literal_eval(found.group(1))
    return value if isinstance(value, str) else key


def _joined_on(plan: Plan, export: SourceFile) -> str:
    """The column of `export` an enrolment rule's join reads its user by ("ID")."""
    for rule in plan.rules.get("enrollments", ()):
        for join in rule.joins.values():
            if join.source == export.source and join.remote:
                return _shown(export, join.remote[0])
    return "its ID column"


def _shown(export: SourceFile, key: str) -> str:
    """A column as the export writes it."""
    position = export.index.get(key)
    return export.header[position] if position is not None and position < len(export.header) else key


def _classes(classes: list[str]) -> str:
    shown = ", ".join(classes[:2]) + (f" and {len(classes) - 2} more" if len(classes) > 2 else "")
    return f"class{'es' if len(classes) != 1 else ''} {shown}"


def _keyed(plan: Plan, sources: Mapping[str, SourceFile], staff: str) -> str:
    """The column the staff rule reading `staff` keys its people on ("Teacher ID")."""
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source)
        if export is None or export.display != staff or rule.guardian is not None:
            continue
        for column in rule.columns:
            if column.name == "sourcedId":
                refs = [part.key for part in fields((*column.parts, *column.first_of))]
                if refs:
                    return _shown(export, refs[0])
    return "its ID column"
