"""The safety gate for a first set whose classes lose their teacher to staff IDs no staff row holds.

A Gradelink-shaped sections export named the teacher of every fifth class by her Employee Number,
and the staff export, written from another report, had no Employee Number column (reviewer65 F8):
X811 finds a second ID series only in a column of the people export, so 10 of 45 classes were
published with students and no teacher at exit 0, said only by notes (V617, V586). Nine staff IDs
in no row, a fifth of the classes without owner, is no stray substitute: the sections name the
teachers by another ID series, or the staff export lacks a part of the staff.

So on a first set, the staff IDs V617 names whose enrolments were left out (V504) of classes
published with students and no owner (V586) are weighed as X810 weighs the IDs written otherwise:
at least AT_LEAST IDs and more than SHARE percent of the classes with students, or MANY IDs whatever
the share, refuse the set (X809). One or two IDs are a substitute entered in the sections only or a
teacher who left an active-only export (V617 and V586 as before); on a later night two staff
members of the last set missing so are refused already (X882), and a class of the last set losing
its teacher so is V618's (its teacher stays published), so a first set alone is judged here. A
class with a second teacher keeps its owner and is not counted; a blank teacher cell names nobody
(a school whose classes have no teacher yet: X942's ground) and is no V617. Most classes without
owner are X980's, most of one school's X942's: not said twice.
"""

from __future__ import annotations

from collections.abc import Mapping

from transform.pipeline import school_classes, seen_values
from transform.pipeline.read import SourceFile
from transform.profile.compile import Plan
from transform.profile.templates import FieldRef
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 3  # staff IDs: one or two are a substitute entered in the sections only, a teacher who left
SHARE = 5.0  # percent of the classes with students left without owner by them
MANY = 25  # staff IDs that refuse whatever the share: a class each at least, no family of which is reached
EXAMPLES = 3


def check(
    report: Report, plan: Plan, sources: Mapping[str, SourceFile], *, first_set: bool, allow_incomplete: bool
) -> None:
    """X809 (or X918 with --allow-incomplete) on a first set whose classes without owner lost
    their teacher to AT_LEAST staff IDs V617 said, more than SHARE percent of the classes with
    students, or to MANY."""
    if not first_set or not report.staff_in_no_row:
        return
    if seen_values.owners_mostly_missing(report) or report.facts.get(school_classes.WITHOUT_OWNER):
        return  # X980 or X942 says these classes
    by_user = {
        user: sorted(report.staff_classes_dropped.get(user, set()) & report.classes_without_owner)
        for user in sorted(report.staff_in_no_row)
    }
    by_user = {user: classes for user, classes in by_user.items() if classes}
    ownerless = {class_id for classes in by_user.values() for class_id in classes}
    published = report.classes_with_students
    if len(by_user) < AT_LEAST or (100 * len(ownerless) <= SHARE * published and len(by_user) < MANY):
        return
    users = list(by_user)
    file, staff = report.staff_in_no_row[users[0]]
    places = report.named_users.get(users[0], [])
    where = Where(
        file=places[0][0] if places else file,
        line=places[0][1] if places else 0,
        column=report.staff_dropped_column.get(users[0], ""),
        table="enrollments",
        record=users[0],
    )
    if allow_incomplete:
        detail = (
            f"{len(ownerless)} of {published} classes with students published with no teacher, "
            f"named by {len(users)} staff IDs no row of {staff} has"
        )
        report.add(codes.code("incomplete-allowed"), where, detail=detail)
        return
    shown = [f"{user!r} ({_classes(by_user[user])})" for user in users[:EXAMPLES]]
    more = len(users) - EXAMPLES
    report.add(
        codes.code("staff-ids-in-no-row"),
        where,
        file=file,
        column=where.column or "its teacher column",
        count=len(users),
        staff=staff,
        keyed=_keyed(plan, sources, staff),
        examples=", ".join(shown) + (f", {more} more" if more > 0 else ""),
        classes=len(ownerless),
        published=published,
        percent=f"{100 * len(ownerless) / published:.0f}" if published else "0",
    )


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
                refs = [part.key for part in (*column.parts, *column.first_of) if isinstance(part, FieldRef)]
                if refs and refs[0] in export.index and export.index[refs[0]] < len(export.header):
                    return export.header[export.index[refs[0]]]  # as the export writes it
                if refs:
                    return refs[0]
    return "its ID column"
