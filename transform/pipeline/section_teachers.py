"""A class ID listed again with the same class data but other teachers: a conflict, not a repeat.

A sections export lists each section once, its teachers in its own columns (Clever's Teacher_id
and Teacher_2_id … Teacher_10_id). A second row of one Section_id naming another teacher made the
same class record as the first (the class rule reads no teacher), so it was taken for the same
section listed again (V500, "identical data; merged"), and the enrolment the teachers rule made
from the second row was kept: the teacher of one homeroom became a teacher of five others, the
set published at exit 0 (tester59 C2). Clever rejects such a file; the tool cannot tell which
row is right (a co-teacher typed on a row of her own, a teacher replaced and the old row left).

So the cells the teacher enrolments of the class's own export read (every user ID column of an
enrollments rule from the same source that writes no student) are rendered with the class
(`teachers_read`, a mapping extra); a later row of a kept class ID whose class data is the
first's but whose teachers differ is said (X850: both lines and both rows' teachers), and its
row is left out: the class keeps the first row's teachers, the later row's enrolments follow it
out (V532). Published, but a person looks (summary.TO_CHECK, exit 1), every night the export
has it: the SIS holds one ID for what it exports as two sections.

A class rule that combines its rows (`combine:`) says its export lists a section on several rows
(Illuminate's mastschd, a row per teacher): combined first, its rows never reach this. A
teachers rule of another export (PowerSchool's sectionteacher) reads nothing here.

Held: per class kept, its first row's teacher cells (a few IDs), only for rules that read them.
"""

from __future__ import annotations

from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, Part

from .compact import id_hash
from .rows import Draft

# The Draft.extra of a class record holding the teacher cells of its row.
TEACHERS_READ = "teachers read"
_SEP = "\x1e"  # between two cells (not rows.MULTI_SEP, which a join's list cell holds)
_TABLE = "classes"


def teachers_read(rule: RulePlan, plan: Plan) -> dict[str, tuple[Part, ...]]:
    """The extra a class rule's drafts carry: the user ID cells its export's teacher rules read."""
    if rule.table != _TABLE or rule.combine_lists is not None:
        return {}
    parts: list[Part] = []
    for other in plan.rules.get("enrollments", ()):
        if other.source != rule.source or _writes_students(other):
            continue
        for column in (*other.columns, *(c for _, group in other.groups for c in group)):
            if column.name != "userSourcedId":
                continue
            for part in (*column.parts, *column.first_of):
                if isinstance(part, FieldRef) and part.alias is None:
                    parts += [part, _SEP]
    return {TEACHERS_READ: tuple(parts)} if parts else {}


def _writes_students(rule: RulePlan) -> bool:
    """A rule whose role is the fixed value student (a roster read from the class export: a row
    per student per class, each class row repeated with its teacher)."""
    return any(c.name == "role" and _fixed(c) == "student" for c in rule.columns)


def _fixed(column: ColumnPlan) -> str | None:
    """A column's value when fixed (`role: student`, a template of no placeholder), else None."""
    if column.fixed is not None:
        return column.fixed
    if column.parts and all(isinstance(p, str) for p in column.parts) and not column.first_of:
        return "".join(str(p) for p in column.parts)
    return None


def shown(cells: str) -> str:
    """The teacher cells as a person reads them: the IDs, in order, or "no teacher"."""
    ids = [c.strip() for c in cells.split(_SEP) if c.strip()]
    return ", ".join(repr(i) for i in ids) if ids else "no teacher"


class SectionTeachers:
    """The first row's teacher cells of each class ID kept (`first`), and the later rows of the
    same class data that name other teachers (`differs`)."""

    def __init__(self) -> None:
        self._first: dict[int, str] = {}

    def first(self, draft: Draft) -> None:
        if draft.table == _TABLE and TEACHERS_READ in draft.extra:
            self._first.setdefault(id_hash(draft.values.get("sourcedId", "")), draft.extra[TEACHERS_READ])

    def differs(self, draft: Draft) -> str | None:
        """The first row's teacher cells, when this later row's are others; else None."""
        if draft.table != _TABLE or TEACHERS_READ not in draft.extra:
            return None
        kept = self._first.get(id_hash(draft.values.get("sourcedId", "")))
        if kept is None or _ids(kept) == _ids(draft.extra[TEACHERS_READ]):
            return None
        return kept


def _ids(cells: str) -> list[str]:
    return [c.strip().casefold() for c in cells.split(_SEP)]
