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
the class with a teacher of one of the rows, else a row naming every teacher of the others
(T02 and T03 over a repeat naming T02: nobody left out), else the row whose teacher IDs sort
first, whatever the rows' order (D329, V548 likewise). The other rows' teacher enrolments made
from this export are left out, each said (X850, summary.TO_CHECK: published, but a person
looks, exit 1); V500 says what the class keeps, and X850 when one is said.

The teacher cells are the userSourcedId templates of the export's own enrolment rules that write
a fixed role other than student (`teachers_read`, a mapping extra rendered with the class),
compared once through each column's cleaners (`SectionTeachers.ids`), as the enrolments are
written (review130: a padded ID, a full-width 'Ｔ04', compared as read, named no other teacher
and both were published at exit 0). A rule writing the
role student (a roster of the class export), or reading the role from a column (a flat roster
with a Role column: its "teachers" are mostly students), reads no teacher here. A class rule
that combines its rows (`combine:`, Illuminate's mastschd) never reaches this, nor a teachers
rule of another export (PowerSchool's sectionteacher).

Held: per class kept, its first row's teacher cells (a few IDs); per class ID in conflict, its
rows' teacher IDs (few); the last set's teacher enrolments of those classes, read only when any.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import SETTINGS_ALIAS, FieldRef, Part, fields

from .compact import id_hash
from .rows import Draft

# The Draft.extra of a class record holding the teacher cells of its row, and the one its rule's
# `one_row_per_class` sets.
TEACHERS_READ = "teachers read"
ONE_ROW = "one row per class"
_SEP = "\x1e"  # between two columns' cells (not rows.MULTI_SEP, which a join's list cell holds)
_ALT = "\x1f"  # between the cells of one `column: [A, B]`, tried in turn
_TABLE = "classes"
_STUDENT_ROLES = ("", "student")


def teachers_read(rule: RulePlan, plan: Plan) -> dict[str, tuple[Part, ...]]:
    """The extras a class rule's drafts carry: the templates of the user ID columns its export's
    teacher rules write (`teacher_columns`), a cell per column (`column: [A, B]`: its cells, each
    tried in turn), and whether the rule says one row per class."""
    parts: list[Part] = []
    for column in teacher_columns(rule, plan):
        parts += [*column.parts, *(p for ref in _own(column.first_of) for p in (ref, _ALT)), _SEP]
    if not parts:
        return {}
    return {TEACHERS_READ: tuple(parts), **({ONE_ROW: ("1",)} if rule.one_row_per_class else {})}


def teacher_columns(rule: RulePlan, plan: Plan) -> tuple[ColumnPlan, ...]:
    """The userSourcedId columns of the class rule's export's teacher rules that read the row's own
    cells: what a row's teacher enrolments are made of, read again with the class (their cleaners
    make the IDs compared: `SectionTeachers.ids`)."""
    if rule.table != _TABLE or rule.combine_lists is not None:
        return ()
    found: list[ColumnPlan] = []
    for other in plan.rules.get("enrollments", ()):
        if other.source != rule.source or not _writes_staff(other):
            continue
        for column in (*other.columns, *(c for _, group in other.groups for c in group)):
            refs = fields(column.parts)
            if column.name != "userSourcedId" or (column.parts and len(_own(refs)) < len(refs)):
                continue  # a template reading a joined export's cell: not renderable with the class
            if _own(column.first_of) or refs:
                found.append(column)
    return tuple(found)


def _own(refs: Iterable[Part]) -> list[FieldRef]:
    """The references to the row's own cells (or a setting), not to a joined export's."""
    return [r for r in fields(refs) if r.alias in (None, SETTINGS_ALIAS)]


def _writes_staff(rule: RulePlan) -> bool:
    """A rule whose role is a fixed value other than student (`role: teacher`); not one writing
    students (a roster read from the class export), nor one reading the role from a column."""
    roles = [c.literal for c in rule.columns if c.name == "role"]
    return bool(roles) and all(r is not None and r.strip().casefold() not in _STUDENT_ROLES for r in roles)


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
    class data that name other teachers (`differs`, compared as the teacher enrolments' user IDs:
    `ids`); for rules of one_row_per_class, the rows in conflict (`conflict`), decided once every
    class row is read (`settle`)."""

    def __init__(self, plan: Plan | None = None) -> None:
        self._plan = plan
        self._columns: dict[str, tuple[ColumnPlan, ...]] = {}
        self._first: dict[int, tuple[str, str]] = {}  # class ID's hash -> its first row's rule, cells
        self._conflicts: dict[str, _Conflict] = {}
        self.decided: dict[str, Decided] = {}
        # V500's parameters of each class in conflict, and the text before what becomes of it:
        # its data said again once decided (`settle`) and once a teacher is left out (`left_out`).
        self._merged: dict[str, list[tuple[dict[str, object], str]]] = {}
        self._noted = ""  # the class ID `conflict` noted last, whose V500 `merged` takes

    def first(self, draft: Draft) -> None:
        if draft.table == _TABLE and TEACHERS_READ in draft.extra:
            key = id_hash(draft.values.get("sourcedId", ""))
            self._first.setdefault(key, (draft.rule, draft.extra[TEACHERS_READ]))

    def differs(self, draft: Draft) -> tuple[str, str] | None:
        """This later row's teacher IDs and the first row's (`ids`), when they are others; else None."""
        if draft.table != _TABLE or TEACHERS_READ not in draft.extra:
            return None
        kept = self._first.get(id_hash(draft.values.get("sourcedId", "")))
        cells = draft.extra[TEACHERS_READ]
        if kept is None or _ids(kept[1]) == _ids(cells):
            return None
        these, first = self.ids(draft.rule, cells), self.ids(*kept)
        return None if _ids(these) == _ids(first) else (these, first)

    def ids(self, rule: str, cells: str) -> str:
        """The user IDs a class row's teacher enrolments are made with: each column's cell through
        the column's cleaners (an ID padded, a full-width 'Ｔ04' made T04), as `teachers_read` holds
        them in order; the cells as read where the rule's columns are not known."""
        columns = self._columns_of(rule)
        read = cells.split(_SEP)[:-1] if cells.endswith(_SEP) else cells.split(_SEP)
        if len(columns) != len(read):
            columns = ()
        return _SEP.join(_cleaned(cell, columns[n] if columns else None) for n, cell in enumerate(read))

    def _columns_of(self, label: str) -> tuple[ColumnPlan, ...]:
        if label not in self._columns:
            rules = () if self._plan is None else self._plan.rules.get(_TABLE, ())
            rule = next((r for r in rules if r.label == label), None)
            self._columns[label] = () if rule is None or self._plan is None else teacher_columns(rule, self._plan)
        return self._columns[label]

    def conflict(self, draft: Draft, cells: str, first: str, first_at: str) -> bool:
        """Note a later row naming other teachers (`cells`) than the first (`first`, at `first_at`),
        as `ids` gives them, when its rule says one row per class; False when it does not (a
        co-teacher's row)."""
        if ONE_ROW not in draft.extra:
            return False
        key = draft.values.get("sourcedId", "")
        found = self._conflicts.setdefault(key, _Conflict(draft.origin.file, {_ids(first): (first, first_at)}))
        found.rows.setdefault(_ids(cells), (cells, f"line {draft.origin.line}"))
        self._noted = key
        return True

    def merged(self, key: str, params: dict[str, object]) -> None:
        """V500's parameters for the row `conflict` noted last: its data said again once known."""
        if key != self._noted:
            return
        self._noted = ""
        self._merged.setdefault(key, []).append((params, str(params.get("data", ""))))

    def settle(self, last_set: Path | None) -> None:
        """Decide each class in conflict: the last set's teachers; else a row naming every teacher
        of the others (nobody left out); else the row whose IDs sort first."""
        last = _last_teachers(last_set, set(self._conflicts)) if self._conflicts else {}
        for key, found in self._conflicts.items():
            held = last.get(key, set())
            named = sorted(ids for ids in found.rows if ids) or sorted(found.rows)
            every = {i for ids in named for i in ids}
            chosen = min(named, key=lambda ids: (-len(held.intersection(ids)), set(ids) != every, ids))
            if held.intersection(chosen):
                why = "as the last published set has them"
            elif set(chosen) == every:
                why = "the row naming every teacher of the others"
            else:
                why = "the row whose teacher IDs sort first (the rows' order decides nothing)"
            out = frozenset(i for ids in found.rows for i in ids) - set(chosen)
            rows = "; ".join(f"{at}: {shown(cells)}" for cells, at in found.rows.values())
            kept = shown(found.rows[chosen][0])
            self.decided[key] = Decided(out, found.file, rows, kept, why)
            for params, said in self._merged.get(key, ()):
                params["data"] = f"{said}: the class keeps {kept}, {why}"
        self._conflicts = {}

    def left_out(self, draft: Draft) -> Decided | None:
        """For a teacher enrolment made from the export of a class in conflict, naming a teacher
        of a row not kept: the decision (said, X850, and V500 says so); else None (a student's
        enrolment is never left out)."""
        if not self.decided or draft.table != "enrollments":
            return None
        values = draft.values
        key = values.get("classSourcedId", "")
        decided = self.decided.get(key)
        if decided is None or draft.origin.file != decided.file:
            return None
        if values.get("role", "").strip().casefold() in _STUDENT_ROLES:
            return None
        if values.get("userSourcedId", "").strip().casefold() not in decided.out:
            return None
        for params, _said in self._merged.pop(key, ()):
            params["data"] = f"{params.get('data', '')}; the other rows' teachers left out (X850)"
        return decided


def _cleaned(cell: str, column: ColumnPlan | None) -> str:
    """A teacher column's cell (`column: [A, B]`: the first its cleaners keep) as its cleaners make
    it; as read, stripped, without the column."""
    for value in cell.split(_ALT):
        for _name, cleaner in () if column is None else column.cleaners:
            value, _issues = cleaner(value)
        if value.strip():
            return value.strip()
    return ""


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
