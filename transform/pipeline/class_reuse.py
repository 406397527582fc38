"""The safety gate for class IDs that now name another class (X822, X823: tester71 F2).

Remind takes a class's sourcedId for the class: a class ID of the last published set that tonight
names another class turns the old class, with its conversations and announcements, into the new
one under its new owner; the old teacher loses it and the new class's families see its history. A
SIS that gives an ended semester's section ID to next semester's section of another course does
it, and every count of the other gates holds (one class removed as ended, none added).

What an ordinary night changes in a class stays quiet: a teacher replaced, a title corrected, a
period moved (the term is kept), a course renumbered (the title is kept), a section carried on into
the next term (the course is kept), or a course's second half under its own number taught by the
same teacher to mostly the same students (English 9A to 9B). Another class is the combination: no
term in common, another course (or, where the set has no course, another title), and other
people (a teacher of it gone; with no teacher either night, most of its students other ones). The
users' rule (X938, X939, pipeline.gate.reassigned) is the model: said and published at exit 1 under the limit, refused
above settings.max_reassigned percent of the class IDs in both sets and at least 3.

Held: the hashes of each last-set class's terms, and of its course and title (sections are a small
table); the rows of the classes whose both differ are read again, and the enrolments of those alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transform.pipeline.class_gate import title_as_written
from transform.pipeline.compact import IdSet
from transform.pipeline.gate import REASSIGNED_AT_LEAST, Change, Night, columns_of, records_of
from transform.report import codes
from transform.report.problem import Where

EXAMPLES = 3
_SEP = "\x1f"  # between a class and a user in one key of `_Members.students`


@dataclass(frozen=True, slots=True)
class ClassSeen:
    """What a class is, as this gate compares it: its title (without the ' (ID x)' suffix), course,
    terms and school."""

    title: str
    course: str
    terms: frozenset[str]
    school: str

    @classmethod
    def of(cls, values: dict[str, str], sourced_id: str) -> ClassSeen:
        terms = frozenset(t.strip() for t in values.get("termSourcedIds", "").split(",")) - {""}
        return cls(
            title_as_written(values, sourced_id),
            values.get("courseSourcedId", "").strip(),
            terms,
            values.get("schoolSourcedId", "").strip(),
        )

    def other_class(self, tonight: ClassSeen) -> bool:
        """No term in common, and another course with another title (or, without a course on
        either side, another title): what a section carried on, renumbered or renamed never is."""
        if not self.terms or not tonight.terms or self.terms & tonight.terms:
            return False
        if self.title.casefold() == tonight.title.casefold():
            return False
        return not (self.course and tonight.course) or self.course != tonight.course


@dataclass(slots=True)
class ReusedClasses:
    """The class IDs of the last set that name another class tonight: ID -> (the class then, the
    class tonight), with their teachers; how many class IDs both sets hold."""

    common: int = 0
    found: dict[str, tuple[ClassSeen, ClassSeen]] = field(default_factory=dict)
    teachers: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return len(self.found) * 100 / self.common if self.common else 0.0


@dataclass(slots=True)
class _Members:
    """The enrolments of the classes compared: each one's staff then and tonight, its students
    then (as class-and-user keys) and their counts, and how many it keeps tonight."""

    staff: dict[tuple[str, bool], set[str]] = field(default_factory=dict)  # (class, tonight) -> staff
    students: IdSet = field(default_factory=IdSet)
    count: Counter[tuple[str, bool]] = field(default_factory=Counter)
    kept: Counter[str] = field(default_factory=Counter)

    def other_people(self, class_id: str) -> bool:
        """A teacher it had no longer teaches it (both nights with one), or, with no teacher to tell
        by, most of its students are other ones (both nights with some). Its teachers all staying keep
        the class theirs: an elective going on as the next course of its sequence, its students
        reshuffled, was refused (reviewer84 R4); one staying beside another gone is no sign (a support
        co-teacher in every class hid three classes given to other teachers, reviewer86 R2)."""
        before, tonight = self.staff.get((class_id, False), set()), self.staff.get((class_id, True), set())
        if before and tonight:
            return not before <= tonight
        then, now = self.count[(class_id, False)], self.count[(class_id, True)]
        return bool(then and now) and self.kept[class_id] * 2 <= max(then, now)


def reused_classes(previous: Path, staged: Path, classes: Change | None) -> ReusedClasses:
    """The class IDs both sets hold that tonight name another class (module doc)."""
    found = ReusedClasses()
    old_classes, new_classes = previous / "classes.csv", staged / "classes.csv"
    if not old_classes.is_file() or not new_classes.is_file():
        return found
    if classes is not None and not classes.changed:
        found.common = classes.now - classes.added
        return found
    held = {sourced_id: (hash(terms), hash((course, title))) for sourced_id, terms, course, title in _raw(old_classes)}
    differing: set[str] = set()
    for sourced_id, terms, course, title in _raw(new_classes):
        last = held.get(sourced_id)
        if last is None:
            continue
        found.common += 1
        if last[0] != hash(terms) and last[1] != hash((course, title)):
            differing.add(sourced_id)
    del held
    if not differing:
        return found
    tonight = {
        sourced_id: ClassSeen.of(values, sourced_id)
        for values, sourced_id in records_of(new_classes)
        if sourced_id in differing
    }
    other = {
        sourced_id: (then, tonight[sourced_id])
        for values, sourced_id in records_of(old_classes)
        if sourced_id in tonight and (then := ClassSeen.of(values, sourced_id)).other_class(tonight[sourced_id])
    }
    if not other:
        return found
    members = _members(previous, staged, set(other))
    found.found = {sourced_id: pair for sourced_id, pair in sorted(other.items()) if members.other_people(sourced_id)}
    found.teachers = {
        sourced_id: (
            sorted(members.staff.get((sourced_id, False), ())),
            sorted(members.staff.get((sourced_id, True), ())),
        )
        for sourced_id in found.found
    }
    return found


def _members(previous: Path, staged: Path, wanted: set[str]) -> _Members:
    """The people of the `wanted` classes in the last set and tonight, each enrolments file read once."""
    members = _Members()
    for tonight, folder in ((False, previous), (True, staged)):
        for class_id, user, role in columns_of(folder / "enrollments.csv", "classSourcedId", "userSourcedId", "role"):
            if class_id not in wanted:
                continue
            if role != "student":
                members.staff.setdefault((class_id, tonight), set()).add(user)
                continue
            members.count[(class_id, tonight)] += 1
            key = f"{class_id}{_SEP}{user}"
            if not tonight:
                members.students.add(key)
            elif key in members.students:
                members.kept[class_id] += 1
    return members


def gate_reused(found: ReusedClasses, night: Night, *, limit: float) -> None:
    """Refuse a set in which more than `limit` percent (and at least 3) of the class IDs both sets
    hold name another class (X822); with --allow-rollover, or under the limit, publish and list them
    (X823: exit 1 under the limit, as X939, for nobody accepted them)."""
    report, allow_rollover = night.report, night.allow_rollover
    report.facts["classes_reassigned"] = {"common": found.common, "reassigned": len(found.found), "limit": limit}
    if not found.found:
        return
    shown = [
        _said(sourced_id, then, now, found.teachers[sourced_id]) for sourced_id, (then, now) in found.found.items()
    ]
    more = f"; {len(shown) - EXAMPLES} more" if len(shown) > EXAMPLES else ""
    params = {
        "count": len(found.found),
        "common": found.common,
        "percent": round(found.percent, 1),
        "limit": limit,
        "classes": "; ".join(shown[:EXAMPLES]) + more,
    }
    over = len(found.found) >= REASSIGNED_AT_LEAST and found.percent > limit
    where = Where(file="classes.csv")
    if over and not allow_rollover:
        report.add(codes.code("class-ids-reassigned-over-limit"), where, **params)
        return
    why = (
        "--allow-rollover"
        if over
        else f"under the limit: refused only from {REASSIGNED_AT_LEAST} IDs and above {limit}%"
    )
    report.add(codes.code("class-ids-reassigned"), where, why=why, **params)


def _said(sourced_id: str, then: ClassSeen, now: ClassSeen, teachers: tuple[list[str], list[str]]) -> str:
    return f"{sourced_id}: {_class(then, teachers[0])} -> {_class(now, teachers[1])}"


def _class(seen: ClassSeen, teachers: list[str]) -> str:
    taught = ", ".join(teachers) or "none"
    return f"{seen.title!r} (course {seen.course or '-'}, term {','.join(sorted(seen.terms))}, teacher {taught})"


def _raw(classes: Path) -> Iterator[tuple[str, ...]]:
    """Each class's ID, terms, course and title as written: what tells, cheaply, a class whose term
    and what it is both changed from one that kept either (the few are compared as `ClassSeen`)."""
    return columns_of(classes, "sourcedId", "termSourcedIds", "courseSourcedId", "title")
