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
from dataclasses import dataclass, field

from transform.profile.compile import GuardianPlan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .mapping import GuardianCandidate
from .rows import Draft, SourceRow

_NOT_NAME = re.compile(r"[^\w]+")
DEFAULT_ROLE = "guardian"


@dataclass(slots=True)
class Person:
    values: dict[str, str]
    origin: SourceRow
    group: int
    plan: GuardianPlan
    contact: str = ""
    household: str = ""
    students: list[str] = field(default_factory=list)
    emails: set[str] = field(default_factory=set)
    phones: set[str] = field(default_factory=set)
    sourced_id: str = ""

    def absorb(self, candidate: GuardianCandidate) -> None:
        for column, value in candidate.values.items():
            if value and not self.values.get(column):
                self.values[column] = value
        self.household = self.household or candidate.household
        self.group = min(self.group, candidate.group)
        if candidate.student and candidate.student not in self.students:
            self.students.append(candidate.student)
        self.emails.update(v.casefold() for v in (candidate.values.get("email", ""),) if v)
        self.phones.update(v for k in ("phone", "sms") if (v := candidate.values.get(k, "")))


def name_key(values: dict[str, str]) -> str:
    given, family = values.get("givenName", ""), values.get("familyName", "")
    return _NOT_NAME.sub(" ", f"{given} {family}".casefold()).strip()


class GuardianBook:
    """Every guardian of the run, merged, with the students each is linked to."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.people: list[Person] = []
        self._by_contact: dict[str, Person] = {}
        self._by_point: dict[tuple[str, str], Person] = {}
        self._agents: dict[str, list[str]] = {}
        self._schools: dict[str, list[str]] = {}
        self._rejected: set[str] = set()  # contacts left out by the rule's where (already reported)

    def add(self, candidates: Iterable[GuardianCandidate], plan: GuardianPlan) -> None:
        for candidate in candidates:
            if candidate.rejected:
                self._rejected.add(candidate.contact)
                continue
            person = self._find(candidate)
            if person is None:
                person = Person(dict(candidate.values), candidate.origin, candidate.group, plan,
                                contact=candidate.contact)
                self.people.append(person)
            person.absorb(candidate)
            if candidate.contact:
                self._by_contact.setdefault(candidate.contact, person)
            key = name_key(person.values)
            for point in (*person.emails, *person.phones, *_household(person.household)):
                self._by_point.setdefault((key, point), person)

    def _find(self, candidate: GuardianCandidate) -> Person | None:
        if candidate.contact:
            return self._by_contact.get(candidate.contact)
        key = name_key(candidate.values)
        points = [candidate.values.get(k, "") for k in ("email", "phone", "sms")]
        points = [p.casefold() if "@" in p else p for p in points if p] + _household(candidate.household)
        for point in points:
            if found := self._by_point.get((key, point)):
                return found
        return None

    def resolve(self, *, usable: Callable[[Draft], bool]) -> None:
        """Give each person an ID and keep those who can be users; link them to their students."""
        kept: list[Person] = []
        for person in self.people:
            if person.contact in self._rejected:
                continue
            where = Where(person.origin.file, person.origin.line, table="users", record=person.contact)
            if not person.students:
                self.report.add(codes.code("guardian-no-student"), where, id=person.contact,
                                value=name_key(person.values))
                continue
            person.sourced_id = _sourced_id(person, person.plan)
            person.values.setdefault("role", DEFAULT_ROLE)
            person.values["role"] = person.values["role"] or DEFAULT_ROLE
            person.values["sourcedId"] = person.sourced_id
            if usable(self.draft(person)):
                kept.append(person)
        kept.sort(key=lambda p: p.group)
        for person in kept:
            for student in person.students:
                self._agents.setdefault(student, []).append(person.sourced_id)
        self.people = sorted(kept, key=lambda p: (p.origin.file, p.origin.line, p.group))

    def draft(self, person: Person) -> Draft:
        return Draft("users", person.values, person.origin, "guardians")

    def link_students(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Students name their guardians in agentSourcedIds."""
        for draft in drafts:
            agents = self._agents.get(draft.values.get("sourcedId", ""))
            if agents and draft.values.get("role") == "student":
                have = [a for a in draft.values.get("agentSourcedIds", "").split(",") if a]
                draft.values["agentSourcedIds"] = ",".join(have + [a for a in agents if a not in have])
            yield draft

    def note_schools(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Remember each kept student's schools: a guardian belongs to their children's schools."""
        for draft in drafts:
            if draft.values.get("role") == "student":
                self._schools[draft.values["sourcedId"]] = draft.values.get("orgSourcedIds", "").split(",")
            yield draft

    def guardians(self) -> Iterator[Draft]:
        """Guardians of at least one kept student, naming those students and their schools."""
        for person in self.people:
            students = [s for s in person.students if s in self._schools]
            if not students:
                where = Where(person.origin.file, person.origin.line, table="users", record=person.sourced_id)
                self.report.add(codes.code("guardian-no-student"), where, id=person.sourced_id,
                                value=name_key(person.values))
                continue
            schools: list[str] = []
            for student in students:
                schools += [s for s in self._schools[student] if s and s not in schools]
            person.values["agentSourcedIds"] = ",".join(students)
            person.values["orgSourcedIds"] = ",".join(schools)
            yield self.draft(person)


def _household(household: str) -> list[str]:
    return [f"household:{household}"] if household else []


def _sourced_id(person: Person, plan: GuardianPlan) -> str:
    if plan.id_scheme == "contact" and person.contact:
        return f"{plan.prefix}{person.contact}"
    if plan.id_scheme == "student-prefix":
        return f"{plan.prefix}{person.group + 1}{min(person.students)}"
    anchor = person.household or min(person.emails, default="") or min(person.phones, default="")
    digest = hashlib.sha1(f"{name_key(person.values)}|{anchor}".encode()).hexdigest()[:12]
    return f"{plan.prefix}{digest}"
