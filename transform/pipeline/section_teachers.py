"""A class ID listed again with the same class data but other teachers: a co-teacher, or a conflict.

Whether an export may list one class on several rows, a row per teacher, is the SIS's way, so
the profile says it. Synergy's sections (a BADGE_NUM per row), Infinite Campus and Skyward
beyond their second-teacher column, a flat roster (a row per student per teacher) list a
co-taught class once per teacher: a later row of the first's class data naming another teacher
is merged (V500, saying "another teacher ...: kept as a co-teacher"), and the enrolment the
teachers rule made from it is kept, as before.

A classes rule with `one_row_per_class: true` says its export lists each class once, its
co-teachers in its own columns (Clever's sections.csv: Teacher_id, Teacher_2_id ...
Teacher_10_id; FACTS's, which is Clever's). There such a row is a conflict (tester59 C2: the
teacher of one homeroom on five more rows of other homerooms' IDs, published as their teacher
at exit 0; Clever rejects the file): the class record is merged all the same (V500, naming the
teachers), its students' enrolments stay, and once every class row is read (`settle`) the class
keeps the teachers of one row: those of the last published set where its enrolments.csv holds
the class with a teacher of one of the rows, else the row of the lowest teacher IDs, whatever
the rows' order (D329, V548 likewise). The other rows' teacher enrolments made from this export
are left out, each said (X850, summary.TO_CHECK: published, but a person looks, exit 1).

The teacher cells are those of the export's own enrolment rules that write a fixed role other
than student (`teachers_read`, a mapping extra rendered with the class): a rule writing the
role student (a roster of the class export), or reading the role from a column (a flat roster
with a Role column: its "teachers" are mostly students), reads no teacher here. A class rule
that combines its rows (`combine:`, Illuminate's mastschd) never reaches this, nor a teachers
rule of another export (PowerSchool's sectionteacher).

Held: per class kept, its first row's teacher cells (a few IDs); per class ID in conflict, its
rows' teacher IDs (few); the last set's teacher enrolments of those classes, read only when any.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, Part

from .compact import id_hash
from .rows import Draft

# The Draft.extra of a class record holding the teacher cells of its row, and the one its rule's
# `one_row_per_class` sets.
TEACHERS_READ = "teachers read"
ONE_ROW = "one row per class"
_SEP = "\x1e"  # between two cells (not rows.MULTI_SEP, which a join's list cell holds)
_TABLE = "classes"
_STUDENT_ROLES = ("", "student")


def teachers_read(rule: RulePlan, plan: Plan) -> dict[str, tuple[Part, ...]]:
    """The extras a class rule's drafts carry: the user ID cells its export's teacher rules read,
    and whether the rule says one row per class."""
    if rule.table != _TABLE or rule.combine_lists is not None:
        return {}
    parts: list[Part] = []
    for other in plan.rules.get("enrollments", ()):
        if other.source != rule.source or not _writes_staff(other):
            continue
        for column in (*other.columns, *(c for _, group in other.groups for c in group)):
            if column.name != "userSourcedId":
                continue
            for part in (*column.parts, *column.first_of):
                if isinstance(part, FieldRef) and part.alias is None:
                    parts += [part, _SEP]
    if not parts:
        return {}
    return {TEACHERS_READ: tuple(parts), **({ONE_ROW: ("1",)} if rule.one_row_per_class else {})}


def _writes_staff(rule: RulePlan) -> bool:
    """A rule whose role is a fixed value other than student (`role: teacher`); not one writing
    students (a roster read from the class export), nor one reading the role from a column."""
    roles = [_fixed(c) for c in rule.columns if c.name == "role"]
    return bool(roles) and all(r is not None and r.strip().casefold() not in _STUDENT_ROLES for r in roles)


def _fixed(column: ColumnPlan) -> str | None:
    """A column's value when fixed (`role: teacher`, a template of no placeholder), else None."""
    if column.fixed is not None:
        return column.fixed
    if column.parts and all(isinstance(p, str) for p in column.parts) and not column.first_of:
        return "".join(str(p) for p in column.parts)
    return None


def shown(cells: str) -> str:
    """The teacher cells as a person reads them: the IDs, in order, or "no teacher"."""
    ids = [c.strip() for c in cells.split(_SEP) if c.strip()]
    return ", ".join(repr(i) for i in ids) if ids else "no teacher"


def _ids(cells: str) -> tuple[str, ...]:
    """The teacher IDs of a row's cells, as compared: the set, sorted (a row naming T2, T1 names T1, T2)."""
    return tuple(sorted({c.strip().casefold() for c in cells.split(_SEP) if c.strip()}))


@dataclass
class _Conflict:
    """A class ID's rows (one_row_per_class) naming other teachers: teacher IDs -> (cells, place)."""

    file: str
    rows: dict[tuple[str, ...], tuple[str, str]]


@dataclass(frozen=True)
class Decided:
    """A class's teachers kept, those left out, and what the message says of them."""

    out: frozenset[str]  # teacher IDs (casefolded) whose enrolments from the export are left out
    file: str
    rows: str  # "line 2: 'T01'; line 8: 'T04'"
    kept: str
    why: str


class SectionTeachers:
    """The first row's teacher cells of each class ID kept (`first`); the later rows of the same
    class data that name other teachers (`differs`); for rules of one_row_per_class, the rows in
    conflict (`conflict`), decided once every class row is read (`settle`)."""

    def __init__(self) -> None:
        self._first: dict[int, str] = {}
        self._conflicts: dict[str, _Conflict] = {}
        self.decided: dict[str, Decided] = {}

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

    def conflict(self, draft: Draft, first: str, first_at: str) -> bool:
        """Note a later row naming other teachers than the first (`first`, at `first_at`) when
        its rule says one row per class; False when it does not (a co-teacher's row)."""
        if ONE_ROW not in draft.extra:
            return False
        key = draft.values.get("sourcedId", "")
        found = self._conflicts.setdefault(key, _Conflict(draft.origin.file, {_ids(first): (first, first_at)}))
        cells = draft.extra[TEACHERS_READ]
        found.rows.setdefault(_ids(cells), (cells, f"line {draft.origin.line}"))
        return True

    def settle(self, last_set: Path | None) -> None:
        """Decide each class in conflict: the last set's teachers, else the lowest IDs."""
        last = _last_teachers(last_set, set(self._conflicts)) if self._conflicts else {}
        for key, found in self._conflicts.items():
            held = last.get(key, set())
            named = sorted(ids for ids in found.rows if ids) or sorted(found.rows)
            ranked = sorted(named, key=lambda ids: (-len(held.intersection(ids)), ids))
            chosen = ranked[0]
            why = (
                "as the last published set has them"
                if held.intersection(chosen)
                else "the row of the lowest teacher ID (the rows' order decides nothing)"
            )
            out = frozenset(i for ids in found.rows for i in ids) - set(chosen)
            rows = "; ".join(f"{at}: {shown(cells)}" for cells, at in found.rows.values())
            self.decided[key] = Decided(out, found.file, rows, shown(found.rows[chosen][0]), why)
        self._conflicts = {}

    def left_out(self, draft: Draft) -> Decided | None:
        """For a teacher enrolment made from the export of a class in conflict, naming a teacher
        of a row not kept: the decision; else None (a student's enrolment is never left out)."""
        if not self.decided or draft.table != "enrollments":
            return None
        values = draft.values
        decided = self.decided.get(values.get("classSourcedId", ""))
        if decided is None or draft.origin.file != decided.file:
            return None
        if values.get("role", "").strip().casefold() in _STUDENT_ROLES:
            return None
        return decided if values.get("userSourcedId", "").strip().casefold() in decided.out else None


def _last_teachers(last_set: Path | None, classes: set[str]) -> dict[str, set[str]]:
    """The teacher IDs (casefolded) of `classes` in the last published set's enrollments.csv."""
    path = None if last_set is None else last_set / "enrollments.csv"
    found: dict[str, set[str]] = {}
    if path is None or not path.is_file():
        return found
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            key = row.get("classSourcedId") or ""
            if key in classes and (row.get("role") or "").strip().casefold() not in _STUDENT_ROLES:
                found.setdefault(key, set()).add((row.get("userSourcedId") or "").strip().casefold())
    return found
