"""The safety gate for classes under new IDs: a class removed tonight and added again as it was.

Remind takes a class's sourcedId for the class ("Class ID must be a unique and constant
identifier for each class"): a class published under another ID is deleted, with its
conversations, and a new one created, its people invited again. A school's sections imported
again in the SIS, or a connector sending another ID column, do it to every class of the school
while nothing else changes, and the whole-file limits see only as many classes added as removed:
a small school's were published at exit 0 (tester35 F5). The people gate finds people re-keyed
(X955) and the org gate schools (X984) by what they are; this gate does the same for classes.

A class removed tonight that no ended term explains (Change.ended: a semester's classes end and
the next one's start under new IDs, often with the same title, teacher and students) is looked
for among the classes added: at the same school, in the same terms, with the same title, or the
same course, section code and periods, and taught by one of its teachers to mostly the same
students, it is the same class under a new ID. Read only on a night that both removes and adds
classes; the enrolments only when a removed class's signature is found among the added ones.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from transform.pipeline import sis_switch
from transform.pipeline.compact import IdSet
from transform.pipeline.gate import (
    REASSIGNED_AT_LEAST,
    SHRUNK_BELOW,
    Change,
    Night,
    columns_of,
    records_of,
    write_removals,
)
from transform.pipeline.people_gate import written_otherwise, written_otherwise_cause
from transform.report import codes
from transform.report.lookalike import clause
from transform.report.problem import Where

EXAMPLES = 3
AT_LEAST = REASSIGNED_AT_LEAST  # fewer classes under new IDs are never refused, district or school
_SEP = "\x1f"  # between a class and a user in one key of `_People.members`


@dataclass(slots=True)
class Rekeyed:
    """The classes of the last published set that tonight's set holds under another ID: (old ID,
    new ID, title, school) sorted; the last set's classes, and per school; the schools' names."""

    moved: list[tuple[str, str, str, str]] = field(default_factory=list)
    previous: int = 0
    at_school: Counter[str] = field(default_factory=Counter)
    names: dict[str, str] = field(default_factory=dict)

    def rekeyed(self) -> dict[str, str]:
        """Old ID -> new ID, for the removals file."""
        return {old: new for old, new, _, _ in self.moved}


def title_as_written(values: dict[str, str], sourced_id: str) -> str:
    """A class's title without the ' (ID x)' a title shared at its school was given
    (pipeline.validate.unique_titles), which names the ID that changed; spaces aside."""
    title = values.get("title", "")
    suffix = f" (ID {sourced_id})"
    if title.endswith(suffix):
        title = title[: -len(suffix)]
    return " ".join(title.split())


def _title(values: dict[str, str], sourced_id: str) -> str:
    """A class's title as compared: as written (`title_as_written`), case aside."""
    return title_as_written(values, sourced_id).casefold()


Dates = Mapping[str, tuple[str, str]]  # term ID -> its start and end, ISO


def dated_terms(switched: bool, then: Dates, tonight: Dates) -> tuple[Dates, Dates]:
    """The terms' dates the dated signatures read (the last set's, tonight's): only on a night the
    profile's source system changed (sis_switch) and no term ID of the last set is among tonight's
    (the new SIS re-keyed every term: tester83 T4); else none. On another night an S1 section and
    its S2 section, their terms both dated with the year as an SIS writes them, are one class by
    their dates: a turnover was refused (reviewer183 R1; reviewer186 R1: after any profile edit).
    One vendor's other format keeping its term IDs (sds -> sds-v2) matches no dates (R2)."""
    if not switched or not then or set(then) & set(tonight):
        return {}, {}
    return then, tonight


def _signatures(values: dict[str, str], sourced_id: str, dates: Dates | None = None) -> list[tuple[str, ...]]:
    """What finds a class again under another ID: its school and terms, with its title, or with
    its course, section code and periods (a title made of a column that changed too). Its terms
    by ID, and by their dates where `dates` (term ID -> start, end) dates every one: a new SIS
    names the same year "410-26-27 Year" where the old named it "410-3600" (tester83 T4)."""
    school, terms = values.get("schoolSourcedId", ""), values.get("termSourcedIds", "")
    found: list[tuple[str, ...]] = []
    ways = [terms]
    ids = [t for t in terms.split(",") if t]
    if dates and ids and all(t in dates for t in ids):
        ways.append("dated " + ",".join(sorted(f"{dates[t][0]}/{dates[t][1]}" for t in ids)))
    course, code = values.get("courseSourcedId", ""), values.get("classCode", "")
    for when in ways:
        if title := _title(values, sourced_id):
            found.append(("title", school, when, title))
        if course and code:
            found.append(("section", school, when, course, code, values.get("periods", "")))
    if course and code and len(ways) > 1:  # the new SIS writes the period its own way too ('1(A)' -> '1')
        found.append(("course", school, ways[1], course, code))
    return found


@dataclass(slots=True)
class _People:
    """The enrolments of the classes compared: each class's staff (every role but student) and
    its count of students; the last set's students as class-and-user keys (8 bytes a slot: a
    whole district's classes may be compared); tonight's students each last-set class shares with
    each added one."""

    staff: dict[str, set[str]] = field(default_factory=dict)
    students: Counter[str] = field(default_factory=Counter)
    members: IdSet = field(default_factory=IdSet)
    common: Counter[tuple[str, str]] = field(default_factory=Counter)

    def same(self, old: str, new: str) -> bool:
        """Whether two classes hold the same people: one of the teachers of the removed class
        teaches the added one (or neither has any), and more than half of each one's students
        are in the other (or neither has any); a class with no one is nobody's."""
        staff_old, staff_new = self.staff.get(old, set()), self.staff.get(new, set())
        if (staff_old or staff_new) and not staff_old & staff_new:
            return False
        before, tonight = self.students[old], self.students[new]
        if (before or tonight) and self.common[(old, new)] * 2 <= max(before, tonight):
            return False
        return bool(staff_old or before)


def _people(previous: Path, staged: Path, candidates: dict[str, list[str]]) -> _People:
    """The people of the removed classes (`candidates`' values) in the last set, and of the added
    ones (its keys) tonight, each enrolments file read once."""
    people = _People()
    wanted = {old for olds in candidates.values() for old in olds}
    for class_id, user, role in columns_of(previous / "enrollments.csv", "classSourcedId", "userSourcedId", "role"):
        if class_id not in wanted:
            continue
        if role == "student":
            people.students[class_id] += 1
            people.members.add(f"{class_id}{_SEP}{user}")
        else:
            people.staff.setdefault(class_id, set()).add(user)
    for class_id, user, role in columns_of(staged / "enrollments.csv", "classSourcedId", "userSourcedId", "role"):
        olds = candidates.get(class_id)
        if olds is None:
            continue
        if role == "student":
            people.students[class_id] += 1
            for old in olds:
                if f"{old}{_SEP}{user}" in people.members:
                    people.common[(old, class_id)] += 1
        else:
            people.staff.setdefault(class_id, set()).add(user)
    return people


def _later_term(terms: str, reused: tuple[Dates, Dates]) -> bool:
    """Whether every term ID of `terms` (a class's termSourcedIds tonight) dates tonight a term that
    begins after the term the last set recorded under that ID ended: an ID reused for a later term
    (each school year's 'YR'), whose classes are new classes, not the last set's re-keyed."""
    then, tonight = reused
    ids = [t.strip() for t in terms.split(",") if t.strip()]
    return bool(ids) and all(t in then and t in tonight and tonight[t][0] > then[t][1] for t in ids)


def rekeyed_classes(
    previous: Path,
    staged: Path,
    classes: Change,
    dates: tuple[Dates, Dates] = ({}, {}),
    *,
    reused: tuple[Dates, Dates] = ({}, {}),
) -> Rekeyed:
    """The classes removed tonight, no ended term explaining them, that tonight's set adds under
    another ID with the same signature and people (module doc). Each removed class is paired with
    one added class at most, the one sharing the most students. `dates`: the terms' dates by term
    ID, the last set's (last.json) and tonight's, which find a class whose term was re-keyed too.
    `reused`: every term's dates, the last set's and tonight's: an added class whose every term ID
    tonight dates a term begun after the one the last set recorded under it had ended (Synergy's
    '405-YR' each year) is of a later term, no class re-keyed (tester90 T7)."""
    then, tonight = dates
    found = Rekeyed()
    gone = set(classes.removed) - set(classes.ended)
    if not gone or not classes.added or not len(classes.added_ids):
        return found
    by_signature: dict[tuple[str, ...], list[str]] = {}
    titles: dict[str, tuple[str, str]] = {}  # a removed class -> (its title, its school)
    for values, sourced_id in records_of(previous / "classes.csv"):
        school = values.get("schoolSourcedId", "")
        found.previous += 1
        found.at_school[school] += 1
        if sourced_id in gone:
            titles[sourced_id] = (values.get("title", ""), school)
            for signature in _signatures(values, sourced_id, then):
                by_signature.setdefault(signature, []).append(sourced_id)
    candidates: dict[str, list[str]] = {}  # an added class -> the removed classes of its signature
    for values, sourced_id in records_of(staged / "classes.csv"):
        terms = values.get("termSourcedIds", "")
        if by_signature and sourced_id in classes.added_ids and not _later_term(terms, reused):
            signatures = _signatures(values, sourced_id, tonight)
            olds = {old for signature in signatures for old in by_signature.get(signature, ())}
            if olds:
                candidates[sourced_id] = sorted(olds)
    if not candidates:
        return found
    people = _people(previous, staged, candidates)
    pairs = sorted(
        (-people.common[(old, new)], old, new)
        for new, olds in candidates.items()
        for old in olds
        if people.same(old, new)
    )
    taken: set[str] = set()
    for _, old, new in pairs:
        if old not in taken and new not in taken:
            taken.update((old, new))
            found.moved.append((old, new, *titles[old]))
    found.moved.sort()
    if found.moved:
        found.names = {sourced_id: values.get("name", "") for values, sourced_id in records_of(staged / "orgs.csv")}
    return found


def gate_classes(found: Rekeyed, night: Night, *, limit: float, users_rekeyed: Mapping[str, str] | None = None) -> None:
    """Refuse a set that gives more than `limit` percent (--max-reassigned, and at least 3) of the
    last set's classes new IDs, or more than half (and at least 3) of one school's (X949);
    --allow-rollover publishes it. Fewer are published and listed (X919, "Published, but ...":
    nobody accepted them). The removals file is written with each class's new ID when this gate
    refuses, or when the whole-file gate wrote it tonight (`listed`), with the users found under
    new IDs (`users_rekeyed`, old -> new, pipeline.people_gate) too."""
    moved = found.moved
    if not moved:
        return
    report, allow_rollover, removals = night.report, night.allow_rollover, night.removals
    schools = Counter(school for _, _, _, school in moved)
    mostly = [
        (school, count)
        for school, count in sorted(schools.items())
        if count >= AT_LEAST and count > found.at_school[school] * SHRUNK_BELOW
    ]
    share = len(moved) * 100 / found.previous
    over = (len(moved) >= AT_LEAST and share > limit) or bool(mostly)
    shown = "; ".join(
        f"{old} -> {new} ({title}, school {school}{clause(old, new)})" for old, new, title, school in moved[:EXAMPLES]
    )
    if len(moved) > EXAMPLES:
        shown += f"; {len(moved) - EXAMPLES} more"
    params = {"count": len(moved), "previous": found.previous, "classes": shown}
    if over and not allow_rollover:
        at = "".join(
            f"; {count} of the {found.at_school[school]} classes of school {school}"
            + (f" ({found.names[school]})" if found.names.get(school) else "")
            for school, count in mostly[:EXAMPLES]
        )
        report.add(
            codes.code("classes-rekeyed-over-limit"),
            Where(file="classes.csv"),
            share=f"{round(share, 1)}%, limit {limit}%{at}",
            since=night.since,
            cause=_cause(moved, switched=sis_switch.said(report)),
            removals=removals,
            **params,
        )
    else:
        why = (
            "--allow-rollover"
            if over
            else f"under the limit: refused only from {AT_LEAST} classes and above {limit}%, or most of a school's"
        )
        report.add(codes.code("classes-rekeyed"), Where(file="classes.csv"), why=why, **params)
    if (over and not allow_rollover) or night.listed:
        rekeyed = {"users": users_rekeyed or {}, "classes": found.rekeyed()}
        write_removals(removals, night.changes, night.previous, rekeyed, report=report)


def _cause(moved: list[tuple[str, str, str, str]], *, switched: str = "") -> str:
    """Why the IDs changed, as far as the pairs tell (people_gate's rule for users); `switched`:
    sis_switch's words of a profile whose source system changed, "" when it did not."""
    if all(written_otherwise(old, new) for old, new, _, _ in moved):
        old, new, _, _ = moved[0]
        return written_otherwise_cause(old, new, users=False)
    if switched:
        return (
            f"{switched}, and tonight's exports give the classes other section IDs; unless a column of them "
            "holds the old section IDs, Remind re-creates these classes once"
        )
    return (
        "the class ID column changed in the exports or the profile, or the school's sections were deleted "
        "and imported again in the SIS"
    )
