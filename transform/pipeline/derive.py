"""Guardian users from what the export says about each student's parents.

Who is one person: rows sharing a SIS contact ID; otherwise the same name (ignoring case,
spaces and punctuation) with a shared email, phone or household ID, as when siblings list the
same mother.

Their sourcedId, stable from week to week:
- contact: prefix + the SIS contact ID;
- derived: prefix + the first 12 hex digits of SHA-1 over the normalized name and the most
  stable thing known about the person: the household ID if the profile names one, else the
  lowest email address, else the lowest phone number. So it survives an older sibling
  leaving, and a phone change when there is an email or household ID;
- student-prefix (Remind's own suggestion): prefix + group position + student ID, P1… for the
  first group (mother), P2… for the second, of the lowest linked student ID.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator

from transform.profile.compile import GuardianPlan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .compact import CompactMap, id_hash
from .mapping import GuardianCandidate
from .rows import Draft, SourceRow

_NOT_NAME = re.compile(r"[^\w]+")
DEFAULT_ROLE = "guardian"


def name_key(values: dict[str, str]) -> str:
    given, family = values.get("givenName", ""), values.get("familyName", "")
    return _NOT_NAME.sub(" ", f"{given} {family}".casefold()).strip()


# Guardians are the largest table a run holds (about 1.5 per student), so a person is kept
# compact: values as one string in the book's column order, where it was read as one int, and
# the students and the emails and phones that identify it as one string each.
_LINE_BITS = 16  # origin = line << 16 | file number
_SEP = "\x00"  # never in a cell: the reader removes NUL


class Person:
    __slots__ = ("_points", "_students", "contact", "group", "household", "number", "origin", "plan", "sourced_id",
                 "values")

    def __init__(self, values: str, origin: int, group: int, plan: GuardianPlan, contact: str) -> None:
        self.values = values  # the book's columns joined by _SEP: one string, not a tuple of them
        self.origin = origin
        self.group = group
        self.plan = plan
        self.contact = contact
        self.household = ""
        self._students = ""  # joined by _SEP, like the casefolded emails and phones in _points
        self._points = ""
        self.sourced_id = ""
        self.number = 0  # position in the book

    @property
    def students(self) -> list[str]:
        return self._students.split(_SEP) if self._students else []

    @property
    def points(self) -> list[str]:
        return self._points.split(_SEP) if self._points else []

    def link(self, student: str) -> None:
        if student and student not in self.students:
            self._students = f"{self._students}{_SEP}{student}" if self._students else student

    def identify(self, points: list[str]) -> None:
        have = self.points
        for point in points:
            if point not in have:
                have.append(point)
        self._points = _SEP.join(have)


class GuardianBook:
    """Every guardian of the run, merged, with the students each is linked to."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.people: list[Person] = []
        self.columns: list[str] = []  # the order of Person.values
        self._position: dict[str, int] = {}
        self._files: list[str] = []
        self._by_contact: dict[str, Person] = {}
        self._by_point = CompactMap()  # hash of (name, point) -> position in people
        self._agents: dict[str, list[str]] = {}
        self._schools: dict[str, str] = {}  # kept student -> orgSourcedIds
        self._school_lists: dict[str, str] = {}
        self._rejected: set[str] = set()  # contacts left out by the rule's where (already reported)

    def add(self, candidates: Iterable[GuardianCandidate], plan: GuardianPlan) -> None:
        for candidate in candidates:
            if candidate.rejected:
                self._rejected.add(candidate.contact)
                continue
            values = self._row(candidate.values)
            key = name_key(candidate.values)
            person = self._find(candidate, key)
            if person is None:
                person = Person(values, self._origin(candidate.origin), candidate.group, plan, candidate.contact)
                person.number = len(self.people)
                self.people.append(person)
            else:
                merged = _SEP.join(old or new for old, new in zip(person.values.split(_SEP), values.split(_SEP),
                                                                  strict=True))
                if merged != values:  # the name may have come from the earlier row
                    key = name_key(self.values_of(person, merged))
                person.values = merged
                person.group = min(person.group, candidate.group)
            person.household = person.household or candidate.household
            person.link(candidate.student)
            person.identify(_points(candidate.values))
            if candidate.contact:
                self._by_contact.setdefault(candidate.contact, person)
            for point in (*person.points, *_household(person.household)):
                self._by_point.setdefault_hash(id_hash(f"{key}\x00{point}"), person.number)

    def _row(self, values: dict[str, str]) -> str:
        for column in values:
            if column not in self._position:
                self._position[column] = len(self.columns)
                self.columns.append(column)
                for person in self.people:
                    person.values += _SEP
        row = [""] * len(self.columns)
        for column, value in values.items():
            row[self._position[column]] = value.replace(_SEP, "")
        return _SEP.join(row)

    def _origin(self, row: SourceRow) -> int:
        if row.file not in self._files:
            self._files.append(row.file)
        return row.line << _LINE_BITS | self._files.index(row.file)

    def _file_of(self, person: Person) -> str:
        return self._files[person.origin & ((1 << _LINE_BITS) - 1)]

    def where_read(self, person: Person) -> SourceRow:
        return SourceRow(self._file_of(person), person.origin >> _LINE_BITS, [], {})

    def values_of(self, person: Person, joined: str | None = None) -> dict[str, str]:
        return {column: value for column, value in zip(
            self.columns, (person.values if joined is None else joined).split(_SEP), strict=False) if value}

    def _find(self, candidate: GuardianCandidate, key: str) -> Person | None:
        if candidate.contact:
            return self._by_contact.get(candidate.contact)
        for point in (*_points(candidate.values), *_household(candidate.household)):
            found = self._by_point.get_hash(id_hash(f"{key}\x00{point}"))
            if found is not None:
                return self.people[found]
        return None

    def resolve(self, *, usable: Callable[[Draft], bool]) -> None:
        """Give each person an ID and keep those who can be users; link them to their students."""
        kept: list[Person] = []
        for person in self.people:
            if person.contact in self._rejected:
                continue
            origin = self.where_read(person)
            where = Where(origin.file, origin.line, table="users", record=person.contact)
            if not person.students:
                self.report.add(codes.code("guardian-no-student"), where, id=person.contact,
                                value=name_key(self.values_of(person)))
                continue
            values = self.values_of(person)
            person.sourced_id = _sourced_id(person, values, person.plan)
            if usable(self.draft(person, values)):
                kept.append(person)
        self._by_contact.clear()
        self._by_point = CompactMap()
        kept.sort(key=lambda p: p.group)
        for person in kept:
            for student in person.students:
                self._agents.setdefault(student, []).append(person.sourced_id)
        self.people = sorted(kept, key=lambda p: (self._file_of(p), p.origin >> _LINE_BITS, p.group))

    def draft(self, person: Person, values: dict[str, str] | None = None, **extra: str) -> Draft:
        """The person as a users record (`values`: theirs, when already at hand)."""
        values = self.values_of(person) if values is None else values
        values["role"] = values.get("role") or DEFAULT_ROLE
        values["sourcedId"] = person.sourced_id
        values.update(extra)
        return Draft("users", values, self.where_read(person), "guardians")

    def link_students(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Students name their guardians in agentSourcedIds."""
        for draft in drafts:
            agents = self._agents.pop(draft.values.get("sourcedId", ""), None)  # each student is linked once
            if agents and draft.values.get("role") == "student":
                have = [a for a in draft.values.get("agentSourcedIds", "").split(",") if a]
                draft.values["agentSourcedIds"] = ",".join(have + [a for a in agents if a not in have])
            yield draft

    def note_schools(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Remember each kept student's schools: a guardian belongs to their children's schools."""
        for draft in drafts:
            if draft.values.get("role") == "student":  # a few distinct school lists: held once each
                schools = draft.values.get("orgSourcedIds", "")
                self._schools[draft.values["sourcedId"]] = self._school_lists.setdefault(schools, schools)
            yield draft

    def guardians(self) -> Iterator[Draft]:
        """Guardians of at least one kept student, naming those students and their schools."""
        for person in self.people:
            students = [s for s in person.students if s in self._schools]
            if not students:
                origin = self.where_read(person)
                where = Where(origin.file, origin.line, table="users", record=person.sourced_id)
                self.report.add(codes.code("guardian-no-student"), where, id=person.sourced_id,
                                value=name_key(self.values_of(person)))
                continue
            schools: list[str] = []
            for student in students:
                schools += [s for s in self._schools[student].split(",") if s and s not in schools]
            yield self.draft(person, agentSourcedIds=",".join(students), orgSourcedIds=",".join(schools))


def _points(values: dict[str, str]) -> list[str]:
    """What identifies a person besides the name: emails (casefolded) and phones."""
    points = [values.get(k, "") for k in ("email", "phone", "sms")]
    return [p.casefold() if "@" in p else p for p in points if p]


def _household(household: str) -> list[str]:
    return [f"household:{household}"] if household else []


def _sourced_id(person: Person, values: dict[str, str], plan: GuardianPlan) -> str:
    if plan.id_scheme == "contact" and person.contact:
        return f"{plan.prefix}{person.contact}"
    if plan.id_scheme == "student-prefix":
        return f"{plan.prefix}{person.group + 1}{min(person.students)}"
    emails = [p for p in person.points if "@" in p]
    phones = [p for p in person.points if "@" not in p]
    anchor = person.household or min(emails, default="") or min(phones, default="")
    digest = hashlib.sha1(f"{name_key(values)}|{anchor}".encode()).hexdigest()[:12]
    return f"{plan.prefix}{digest}"
