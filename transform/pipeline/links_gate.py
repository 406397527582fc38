"""The safety gate for a parent's link to a child lost to a mistyped row (contacts47's leftover).

A parent who keeps another child and loses one link because one row was mistyped is neither a
record removed (X981: the parent is still published) nor a parent lost (X969): the child is
published with no parent tonight, the parent keeps the other child, and the removal limits count
no record. So each link of the last published set (a parent or guardian and a student) whose two
users are both published tonight and that tonight's set no longer holds is looked at, and said
(V557, published, exit 1) when tonight's exports still hold a row that looks like it:
- the row names the student written otherwise (V608: other leading zeros or letter case);
- the student has a parent or guardian new tonight of the same name and a contact point of theirs,
  or with an email of the one gone, or every email and phone they had under a name alike: the
  row's contact ID was written otherwise or mistyped
  (Infinite Campus, Aeries), or the parent's name mistyped on a student's row (PowerSchool's
  Mother and Father columns), and made another person;
- the parent is linked tonight to a student of the last set who was not theirs, or their row names
  a student no export lists (V582): the row's student ID was mistyped;
- a row tonight gives the parent's name for the student, but nothing of it was linked (left out).
An ordinary custody change is none of these: the row removed, or its relationship changed to
an emergency contact or another relative (the rule's where or link_where leaves such a row out,
and it is no row of a link: derive.LinkRows). Published, and not refused, as X981 is: the rest of
the set is right, and the row is to be fixed in the SIS. The links said are kept in the state
(last.json's links_lost: parent, student, the ID the row gave instead), and said again each night
the link is still lost to a row that looks like it, though the last set no longer holds it; the
night the row is corrected, the wrong link it made goes and is no lost link (a parent linked
again to their child and no longer to the student the row named instead).

Held: tonight's links as 64-bit hashes of (parent, student) (compact.IdSet), the parents new
tonight, and the links lost. Tonight's users.csv is read once and the last set's once, a third
time tonight's on a night a link is lost (columns only, `gate.columns_of`: 0.6 s for two passes
over 47,500 users).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from transform.pipeline.compact import IdSet
from transform.pipeline.gate import Change, columns_of
from transform.pipeline.identity import name_key
from transform.pipeline.school_counts import PARENT_ROLES
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report


@dataclass(frozen=True, slots=True)
class Person:
    """A parent or guardian of a set, as the gate compares them."""

    sourced_id: str
    name: str  # identity.name_key
    shown: str  # given and family name, as written
    points: frozenset[str]  # emails (casefolded) and phones


NAMES_ALIKE = 0.8  # difflib's ratio of two names written: "Jessica Whitfeld" and "Jessica Whitfield" 0.97
COLUMNS = ("sourcedId", "role", "agentSourcedIds", "givenName", "familyName", "email", "phone", "sms")
Row = tuple[str, ...]  # COLUMNS of a users.csv record


def _parents(users: Path) -> Iterator[tuple[Row, tuple[str, ...]]]:
    """The parents and guardians of a written users.csv, each with the students they are linked
    to (columns only: no dict a row, as the largest district's users file is read three times)."""
    for row in columns_of(users, *COLUMNS):
        if row[1] in PARENT_ROLES and row[2]:
            yield row, tuple(s.strip() for s in row[2].split(",") if s.strip())


def _person(row: Row) -> Person:
    """The person of a row (`_parents`): made only for the few looked at, a name being slow to match."""
    sourced_id, _, _, given, family, *points = row
    held = frozenset(v.casefold() if "@" in v else v for v in (p.strip() for p in points) if v)
    shown = " ".join(n for n in (given, family) if n)
    return Person(sourced_id, name_key({"givenName": given, "familyName": family}), shown, held)


def _link(parent: str, student: str) -> str:
    return f"{parent}\x00{student}"


@dataclass(slots=True)
class Tonight:
    """What tonight's set holds beside the last one's links: each link (`links`, hashes), the
    parents new tonight by each student they link; and, on a night a link is lost, the students
    tonight of each parent who lost one, and the names of the parents linked to each student who
    lost one (`_looked_at`)."""

    links: IdSet = field(default_factory=IdSet)
    new_parents: dict[str, list[Person]] = field(default_factory=dict)
    students: dict[str, tuple[str, ...]] = field(default_factory=dict)
    named: dict[str, set[str]] = field(default_factory=dict)
    present: set[str] = field(default_factory=set)  # the students of carried links published tonight


def _tonight(staged: Path, added: IdSet, carried: Sequence[tuple[str, str, str]]) -> Tonight:
    """Tonight's links, the parents new tonight (and the parents a carried link's row gave the
    student: new the night it was said), and which students of carried links are published."""
    found = Tonight()
    wanted = {student for _, student, _ in carried}
    others = {other for _, _, other in carried if other}
    for row in columns_of(staged / "users.csv", *COLUMNS):
        if row[0] in wanted:
            found.present.add(row[0])
        if row[1] not in PARENT_ROLES or not row[2]:
            continue
        new = row[0] in added or row[0] in others
        for student in (s.strip() for s in row[2].split(",")):
            if student:
                found.links.add(_link(row[0], student))
                if new:
                    found.new_parents.setdefault(student, []).append(_person(row))
    return found


def _looked_at(staged: Path, tonight: Tonight, lost: list[tuple[Person, str, tuple[str, ...]]]) -> None:
    """Tonight's students of each parent who lost a link, and the names of the parents linked
    tonight to each student who lost one: one more pass, on the nights a link is lost."""
    parents, students = {p.sourced_id for p, _, _ in lost}, {s for _, s, _ in lost}
    for row, linked in _parents(staged / "users.csv"):
        if row[0] in parents:
            tonight.students[row[0]] = linked
        for student in students.intersection(linked):
            tonight.named.setdefault(student, set()).add(_person(row).name)


def check(
    report: Report,
    previous: Path,
    staged: Path,
    users: Change | None,
    carried: Sequence[tuple[str, str, str]] = (),
) -> None:
    """V557 for each link of the last set (`previous`) lost tonight between a parent and a student
    both still published, whose row tonight's exports still hold in a form that looks like it
    (the module's doc). `carried`: the links V557 said when the last set was made (last.json's
    links_lost: parent, student, the ID the row gave instead), said again while they are still
    lost that way. Nothing else when no user of both sets changed: a parent who lost a link and is
    still published is one whose record changed (agentSourcedIds). Each link said is noted for
    the state (Report.links_lost)."""
    if users is None or not (users.changed or carried):
        return
    if not (previous / "users.csv").is_file() or not (staged / "users.csv").is_file():
        return
    tonight = _tonight(staged, users.added_ids, carried)
    removed = set(users.removed) | report.reassigned_ids  # an ID now another person's: links change with it
    again: dict[str, list[tuple[str, str]]] = {}
    fixed: set[str] = set()  # links to the student linked instead, of a carried link back tonight
    for parent, student, other in carried:
        if _link(parent, student) in tonight.links:
            fixed.add(_link(parent, other))  # the row corrected: its wrong link goes, as it should
        elif student in tonight.present:
            again.setdefault(parent, []).append((student, other))
    lost: list[tuple[Person, str, tuple[str, ...]]] = []  # (parent, student, the parent's students then)
    for row, students in _parents(previous / "users.csv"):
        if row[0] in removed:
            continue
        gone = [(s, students) for s in students if s not in removed and _link(row[0], s) not in tonight.links]
        gone = [(s, then) for s, then in gone if _link(row[0], s) not in fixed]
        # a link said last night: the student linked instead then is no student of theirs before it
        gone += [(s, tuple(x for x in students if x != o)) for s, o in again.get(row[0], ()) if s not in students]
        lost += [(_person(row), s, then) for s, then in gone] if gone else []
    if not lost:
        return
    _looked_at(staged, tonight, lost)
    for person, student, then in lost:
        found = _looks_like(report, person, student, tonight, users.added_ids, then)
        if found is not None:
            _say(report, person, student, found)


@dataclass(frozen=True, slots=True)
class Found:
    """A row of tonight's exports that looks like a lost link: where, what it does, what to fix,
    and the ID it gave instead (a parent new tonight, a student linked instead; "" for none)."""

    file: str
    line: int
    what: str
    fix: str
    other: str = ""


def _looks_like(
    report: Report, person: Person, student: str, tonight: Tonight, added: IdSet, then: tuple[str, ...]
) -> Found | None:
    """The row tonight's exports hold that looks like the lost link; None when none does (the row
    removed, or its relationship changed). `then`: the parent's students in the last set; `added`:
    the users new tonight."""
    written = report.links_written_otherwise.get((person.sourced_id, student))
    if written is not None:
        file, line, as_written = written
        what = f"names the student as {as_written!r}, left out (V608)"
        return Found(file, line, what, "write the student's ID as the students export does")
    rows = report.guardian_link_rows
    if rows is None:  # no guardian was derived tonight (a profile whose links are the students' own)
        return None
    for other in tonight.new_parents.get(student, []):
        if _same_contact(other, person):
            file, line = rows.row(other.name, student) or ("users.csv", 0)
            # no name here: --redact blanks `person` only (report.problem.PERSONAL_PARAMS)
            what = f"gives the parent the ID {other.sourced_id!r}, a parent new of their name or contact point"
            return Found(file, line, what, "write the contact ID of the parent's other rows", other.sourced_id)
    instead = f"write the student ID {student!r} if the row is the child's"
    gained = (s for s in tonight.students.get(person.sourced_id, ()) if s not in then and s not in added)
    for other_student in gained:
        row = rows.row(person.name, other_student)
        if row is not None:
            what = f"links them to student {other_student!r} instead, who was not theirs in the last set"
            return Found(row[0], row[1], what, instead, other_student)
    for unlisted, file, line in report.links_unlisted.get(person.sourced_id, []):
        return Found(file, line, f"links them to student {unlisted!r} instead, whom no export lists (V582)", instead)
    row = rows.row(person.name, student)
    if row is not None and person.name not in tonight.named.get(student, ()):
        what = "names them for this student but was left out (see its row's problem)"
        return Found(row[0], row[1], what, "fix that row")
    return None


def _same_contact(other: Person, person: Person) -> bool:
    """Whether a parent new tonight looks like the one gone: the same name with a contact point of
    theirs (a person of the same name in another household, another email and phone, is another
    person: tester19 F2), an email of theirs, or every email and phone they had under a name alike
    (a name misspelt on one row); a phone alone is often the household's, and a new step-parent
    given it is no row mistyped (review of stop 48: V557 every night after a custody change)."""
    if other.name == person.name:
        return bool(other.points & person.points) or not (other.points or person.points)
    if _emails(other) & _emails(person):
        return True
    alike = SequenceMatcher(None, other.shown.casefold(), person.shown.casefold()).ratio() >= NAMES_ALIKE
    return bool(person.points) and person.points <= other.points and alike


def _emails(person: Person) -> frozenset[str]:
    """A person's emails: their own as a rule, where a phone is often the household's."""
    return frozenset(p for p in person.points if "@" in p)


def _say(report: Report, person: Person, student: str, found: Found) -> None:
    report.links_lost.append((person.sourced_id, student, found.other))
    report.add(
        codes.code("guardian-link-lost"),
        Where(found.file, found.line, table="users", record=person.sourced_id),
        guardian=person.sourced_id,
        person=person.shown or "no name",
        student=student,
        row=f"{found.file} line {found.line}" if found.line else "a row of tonight's exports",
        what=found.what,
        fix=found.fix,
    )
