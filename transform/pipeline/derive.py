"""Guardian users from what the export says about each student's parents.

Who is one person: rows sharing a SIS contact ID; otherwise the same name (ignoring case,
accents, spaces and punctuation: identity.plain) with a shared email, phone or household ID,
as when siblings list the same mother, and everyone a chain of such rows joins (a row with one
record's email and another's phone makes them one, whatever the order of the rows). IDs the SIS
gives are never remapped; a person whose contact-ID cells are empty, under a rule reading
contact IDs, who has the name of exactly one SIS contact and shares an email, phone or household
with them, is that contact once every row is read (V612, `_join_blank_contacts`); any other is
derived and said (V610). Two `each` groups of one row (a mother and a father both named Jean
Martin) are two people: a household they share does not make them one (`_households_joined`).

Rows of one person that disagree (two emails, two phones, two languages): the lower value (text
order) is kept, never the first read, so the row order never decides; the difference is
reported with both values and where each was read (guardian-values-differ; for one SIS contact
listing two phones, contact-values-differ).

Their sourcedId, stable from week to week:
- contact: prefix + the SIS contact ID;
- derived: prefix + the first 12 hex digits of SHA-1 over the normalized name and the most
  stable thing known about the person: the lowest household ID if the profile names one, else
  the lowest email address, else the lowest phone number. So it survives an older sibling
  leaving, and a phone change when there is an email or household ID;
- student-prefix (Remind's own suggestion): prefix + group position + student ID of the lowest
  linked student, P1… where the person is that student's first group (mother), P2… the second.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import combinations, pairwise
from pathlib import Path

from transform.profile.compile import GuardianPlan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import agent_links, edited_values, given_corrected, identity, last_contacts, married_name
from .compact import CompactMap, IdSet, id_hash
from .identity import NAME_RULE, name_key, name_rank, plain
from .lookups import padded_twin
from .mapping import GuardianCandidate
from .rows import (
    BLANKED_CONTACT,
    EMAIL_AT,
    GROUP,
    OTHER_EMAILS,
    UNREAD_CONTACT,
    ZEROS_TRIED,
    Draft,
    Places,
    SourceRow,
    who_of,
)
from .spool import Spool

DEFAULT_ROLE = "guardian"
IDENTITY = ("givenName", "familyName")  # the values that say who a guardian is
NAME_PARTS = ("givenName", "familyName", "middleName")  # a name, chosen whole (identity.NAME_RULE)
_NAME = "\x00name"  # the differences of a person's name, kept under this "column" (`_diffs`)


# Guardians are the largest table a run holds (about 1.5 per student), so the book keeps them
# column-wise, a person being a position in each column: their values as one string in the
# book's column order, where they were read (the row of their lowest student, `_merge`) as one
# int, and the students and the emails and phones that identify them as one string each. An
# object per person would cost ~150 bytes more (1.3M guardians at the largest district). Once
# IDs are given, what only finding and naming a person needed (contact points, household,
# contact ID) is let go of, and the people kept wait in a temporary file until they are written.
_ZERO_RUNS = re.compile(r"\d+")  # an ID's runs of digits, compared without their leading zeros (V552)
_SEP = "\x00"  # never in a cell: the reader removes NUL
_NO_STUDENT = "\uffff"  # sorts after every student ID
_DIGITS = 12  # of a derived ID, after its prefix
UNUSABLE_KEPT = 10_000  # people left out for their values, looked at again for swapped ID columns (F440)
Named = Callable[[str], bool]  # whether an ID is named by some rows (a student's row left out naming a guardian)


def _nobody(_: str) -> bool:
    return False


# A rule saying which rows hold a mobile or a landline (guardian.phone_mobile, phone_landline):
# the book holds each phone behind a mark of its kind, which sorts a mobile before a number of no
# stated kind and that before a landline, so the lower value kept is the mobile when there is
# one; and a person whose phone kept is a landline has no other number.
_PHONE_MARKS = {"mobile": "\x01", "": "\x02", "landline": "\x03"}
_MARKED = frozenset(_PHONE_MARKS.values())


def _unmarked(value: str) -> str:
    return value[1:] if value[:1] in _MARKED else value


def _split(joined: str) -> list[str]:
    return joined.split(_SEP) if joined else []


def _joined_with(joined: str, items: Iterable[str]) -> str:
    """`joined` with each item not in it yet appended."""
    have = _split(joined)
    for item in items:
        if item and item not in have:
            have.append(item)
    return _SEP.join(have)


# A record's rows for `GuardianBook._gave`: the person's students before it, its own, the givers it brings.
_Rows = tuple[Sequence[str], Sequence[str], Mapping[str, Mapping[str, set[str]]]]


def _own_email_moves(
    first: int, other: int, email: str, partners: dict[int, set[int]], points: dict[int, set[str]]
) -> bool:
    """`GuardianBook._own_pairs`: whether two people sharing `email` are joined by it before the
    household in their column. It must be each one's own (not given the other one of a row naming
    them), and either the two rows mirror each other (the other one of each row shares an email of
    their own with the other one of the other row: a couple swapped between the columns), or the two
    share a phone of their own too; never where each has a phone of their own the other has not and
    the phones stayed in their columns: one's own phone is the one told apart from the other's on the
    other's row (a clerk typed the emails crosswise: the father's ID was published with the mother's
    phone, review223 R3). A couple swapped whole, each with a new phone on the swapped row, is a swap
    (review224 R1: the mother's ID was published with the father's email). A family email typed in
    the Mother column on one child's row and the Father column on another's, beside two different
    people's own emails, is no swap (review221 R1: the mother was split in two and the father lost a
    child, at exit 0); an empty cell tells nothing (review215 R1)."""

    def own(person: int, point: str) -> bool:
        return all(point not in points.get(partner, ()) for partner in partners.get(person, ()))

    def beside(phones: set[str], person: int) -> bool:  # one of `phones` held by one told apart from `person`
        return any(p in points.get(partner, ()) for partner in partners.get(person, ()) for p in phones)

    def mirrored() -> bool:
        for left in partners.get(first, ()):
            for right in partners.get(other, ()):
                if len({first, other, left, right}) < 4:
                    continue
                theirs = points.get(left, set()) & points.get(right, set())
                if any("@" in p and p != email and own(left, p) and own(right, p) for p in theirs):
                    return True
        return False

    if not (own(first, email) and own(other, email)):
        return False
    mine = {p for p in points.get(first, ()) if "@" not in p and own(first, p)}
    theirs = {p for p in points.get(other, ()) if "@" not in p and own(other, p)}
    if mine and theirs and not mine & theirs and (beside(mine, other) or beside(theirs, first)):
        return False  # each their own phone, in its column: the emails typed crosswise (review223 R3)
    if mirrored():
        return True
    phones = {p for p in points.get(first, set()) & points.get(other, set()) if "@" not in p}
    return any(own(first, p) and own(other, p) for p in phones)


class GuardianBook:
    """Every guardian of the run, merged, with the students each is linked to."""

    def __init__(
        self,
        report: Report,
        *,
        folder: Path | None = None,
        candidates: int = 0,
        identities: identity.Remembered | None = None,
        last_set: Path | None = None,
        values_before: dict[str, dict[str, edited_values.Entry]] | None = None,
    ) -> None:
        """`candidates`: about how many guardian rows will be added (sizes the table that finds
        a person again, which growing would hold twice while it moves). `identities`: the IDs
        people had in the last published set (pipeline.identity); `last_set`: that set's folder,
        where a parent whose given name was corrected is found (`_given_corrected`), and the value
        published of a person whose rows disagree (`_prefer_edits`); `values_before`: the values
        such rows gave on that set's night (pipeline.edited_values)."""
        self.report = report
        # None: unknown (no record of the last set): the book's own choice (edited_values (a)).
        self._values_before = values_before
        # Of each parent whose rows disagree or are blank tonight, by sourcedId: the hash of the value
        # published and the baseline carried, which the state keeps for the next night (edited_values.FACT).
        self.values_seen: dict[str, dict[str, edited_values.Entry]] = {}
        # How the value kept of a column rows disagree on was chosen, by (person, column) (V550's rule,
        # X858's words until said): few.
        self._choices: dict[tuple[int, str], edited_values.Choice] = {}
        self._edit_said: set[tuple[int, str]] = set()
        # The students whose rows gave each value (unmarked) of an edited_values column rows of a person
        # disagree on, row by row (few, as `_diffs`); and the (person, column)s a row of gave no value.
        self._givers: dict[tuple[int, str], dict[str, set[str]]] = {}
        self._blank: set[tuple[int, str]] = set()
        # The export's columns a guardian's output column was read from in a file's rows (a run
        # sets Validator.guardian_column): a problem names them, not the output's (tester63 F4).
        # Called (file, column) or (file, column, the `each` group the value was read in).
        self.column_of: Callable[..., str] = lambda _file, column, _group=None: column
        self._identities = identities or identity.Remembered()
        self._last_set = last_set
        self._folder = folder  # where the resolved guardians wait to be written (a temporary file)
        self.columns: list[str] = []  # the order of a person's values
        self._position: dict[str, int] = {}
        self._places = Places()
        # Where each row linking a student was read, by the name it gives and the student: the
        # row a V608 and a lost link (pipeline.links_gate, V557) name.
        self.link_rows = LinkRows(self._places, candidates)
        # One entry per person, by position.
        self._values: list[str] = []
        self._origins = array("q")
        self._groups = array("i")
        self._plans: list[GuardianPlan] = []
        self._prefixes: set[str] = set()  # of the plans' IDs ("G"), a few: `_a_student`
        self._contacts: list[str] = []
        self._households: list[str] = []
        self._students: list[str] = []
        self._points: list[str] = []
        # (sourcedId, values, students, origin, group, other emails) of each kept person, once resolved
        self._kept: Spool | None = None
        # The domains of the kept people's emails, and how many have one: whether an address a
        # student holds too is a parent's (pipeline.student_addresses, V574).
        self.email_domains: Counter[str] = Counter()
        self.with_email = 0
        # The emails other rows of a person gave beside the one kept (V550; few): the one published
        # instead where the one kept is a student's own address (V574).
        self._other_emails: dict[int, str] = {}
        # And where the email kept was read, when on another row than the person's: (place, group).
        self._email_at: dict[int, tuple[int, int]] = {}
        # The `each` group a value rows disagree on was read in, by (place, value) (few, as `_diffs`).
        self._value_groups: dict[tuple[int, str], int] = {}
        self._kept_ids = IdSet()
        # The kept people of each `each` group but the first, by group (the father's columns): whose
        # columns the safety gate judges apart (pipeline.columns_gate, tester74 F6). The rest are the first's.
        self.group_ids: dict[int, IdSet] = {}
        # People their values left out (no contact point, V515): (sourcedId, students, origin), a
        # few, looked at once the students are known (`_swapped`).
        self._unusable: list[tuple[str, str, int]] = []
        # A person's email, phone or sms a cleaner could not read (V573), and every one it blanked,
        # placeholders too, with the export's columns (X808), by position: only people left with
        # none, a few.
        self._unread: dict[int, tuple[str, str]] = {}
        self._by_contact: dict[str, int] = {}
        self._by_point = CompactMap(capacity=2 * candidates)  # hash of (name, point) -> position; ~2 points each
        # A student's guardians and a kept student's schools, by hash of the student's ID: a dict
        # would hold each student's ID string again (a million at the largest district).
        self._agents = CompactMap()  # student -> position in _agent_ids
        self._agent_ids: list[str] = []  # sourcedIds of a student's guardians, joined by ","
        self._schools = CompactMap()  # kept student -> position in _school_lists
        self._school_lists: dict[str, int] = {}  # an orgSourcedIds cell (a few distinct) -> position
        self._rejected: set[str] = set()  # contacts left out by the rule's where (already reported)
        self._contact_files: set[str] = set()  # files with the contact-ID column a rule reads (V610, V612)
        # A `role_rows` rule's contacts with a row left out (one role), by sourcedId: whether
        # every such row was no guardian role at all (a relative). Left out only when no row of
        # theirs is kept (`resolve`).
        self._roles_left_out: dict[str, tuple[str, bool]] = {}
        # Students naming their guardians (their own agentSourcedIds, when the profile maps it):
        # people no row links yet are kept until the students are read (`resolve`), and each
        # guardian's students named this way are added to theirs (`link_students`).
        self._left_out: set[str] = set()  # sourcedIds of people `resolve` did not keep (already reported)
        self._not_guardians: set[str] = set()  # of them, those left out as no guardian at all (a relative)
        self._named: dict[str, list[str]] = {}  # guardian sourcedId -> students naming them
        self._named_loosely: set[str] = set()  # guardians a student names only otherwise (V564): few
        self._claims = array("q")  # while resolving: see _claimed
        self._absorbed: dict[int, int] = {}  # a person found to be another (few) -> that person's position
        # People a row of whom had its link to a student dropped by the link_where (an emergency
        # contact: said as that row was read). One no row links is left out for that reason, not
        # again as linked to no student (F413: tester48 F2 counted Elena Vargas twice).
        self._unlinked: set[int] = set()
        # SIS contact IDs whose rows name two different people (few): contact -> (where the
        # second person was read, the line of the first). Neither is kept (V570, V537).
        self._two_people: dict[str, tuple[Where, int, str]] = {}
        # Of those, the contact's person -> the hashes of (name, point) of the rows of the other
        # person's name, which were not merged (`_join_blank_contacts` matches them too).
        self._other_names: dict[int, set[int]] = {}
        # SIS contacts some of whose rows share no email, phone, household or student with the
        # others (few): person -> the groups of rows that do, each (points, students, first
        # origin). Two groups that differ on both email and phone are two people (F429).
        self._strangers: dict[int, list[tuple[set[str], set[str], int]]] = {}
        # People without a contact ID of one name and household found in other `each` groups
        # (few: a parent who is one sibling's parent1 and another's parent2), as pairs of
        # positions: one person, made one at `resolve` (`_households_joined`); unless `_apart`
        # holds a pair of them: two groups of one row (a mother and a father both named Jean
        # Martin), which are two people by construction (tester38 F2).
        self._cross: set[tuple[int, int]] = set()
        self._apart: set[tuple[int, int]] = set()
        self._groups_seen = 0  # the highest group number added, + 1
        # Rows naming two people of one name in two groups who share no email or phone (a mother and
        # a father both named Kim Roy; few): their people are held, not merged as rows are read, and
        # placed once every row is read (`_place_twins`), so that no chain of rows makes them one.
        # Each held person as read, and the pairs (indexes into it) a row tells apart.
        self._twins: list[tuple[GuardianCandidate, GuardianPlan]] = []
        self._twin_pairs: list[tuple[int, int]] = []
        # While `_place_twins` joins a held person's rows: the emails and phones the row telling them
        # apart gives the other person of the name -> that row ("students.txt:2").
        self._theirs: dict[str, str] = {}
        # The values said so (V549, column and value): not said again as V550 (`_say_differences`).
        self._said_of_the_other: set[tuple[str, str]] = set()
        # People of one name and household told apart by a row (few): the ID anchor of each but the
        # first group's, which the household alone would give them both (`_twins_anchored`).
        self._anchors: dict[int, str] = {}
        # Rows whose contact-ID cell is empty under a rule reading SIS contact IDs, by person (few):
        # (where, student, name, points, the hashes `_find` looked for it by) of each, said one by
        # one when the person is found to be a SIS contact (V612), whatever the rows merged at
        # read time (tester51 F1).
        self._blank_rows: dict[int, list[tuple[int, str, str, str, list[int]]]] = {}
        # Values rows of one person disagree on (few): person -> column (or _NAME) -> each value
        # read, with where it was first read. Said once every row is read and every person known
        # (`_say_differences`): each value not kept beside the one kept, whatever the row order.
        self._diffs: dict[int, dict[str, dict[str, int]]] = {}

    def __enter__(self) -> GuardianBook:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the file the resolved people wait in."""
        if self._kept is not None:
            self._kept.handle.close()
            self._kept = None

    def __len__(self) -> int:
        """People in the book; once resolved, those kept."""
        return len(self._kept_ids) if self._kept is not None else len(self._values)

    def add(self, candidates: Iterable[GuardianCandidate], plan: GuardianPlan) -> None:
        if plan.shared_points:
            counted = _SharedPointCount(plan)
            self._add(counted.rows(candidates), plan)
            counted.said(self.report)
        else:
            self._add(candidates, plan)

    def _add(self, candidates: Iterable[GuardianCandidate], plan: GuardianPlan) -> None:
        """The candidates a row at a time (a row's candidates come together): a row naming two
        people of one name in two groups has them held (`_held_twins`), the others are added."""
        row: list[GuardianCandidate] = []
        for candidate in self._noting_files(candidates):
            if row and (candidate.origin.file, candidate.origin.line) != (row[0].origin.file, row[0].origin.line):
                self._add_row(row, plan)
                row = []
            row.append(candidate)
        if row:
            self._add_row(row, plan)

    def _add_row(self, row: list[GuardianCandidate], plan: GuardianPlan) -> None:
        keys = [name_key(candidate.values) for candidate in row]  # once: the slow part of a row's adding
        for candidate, key in zip(row, keys, strict=True):
            if candidate.student and not candidate.rejected:
                self.link_rows.note(key, candidate.student, self._places.pack(candidate.origin))
        twins = self._held_twins(row, keys, plan) if len(row) > 1 else set()
        for n, candidate in enumerate(row):
            if n not in twins:
                self._add_one(candidate, plan, keys[n])

    def _held_twins(self, row: list[GuardianCandidate], keys: list[str], plan: GuardianPlan) -> set[int]:
        """Of one row's candidates, those naming two people of one name in two `each` groups that
        share no email or phone (a mother and a father both named Kim Roy): two people by
        construction, whom a chain of other rows (a sibling's mother with the father's phone) must
        not make one. They are held, not merged as rows are read, and placed at `resolve`
        (`_place_twins`). Their positions in `row`."""
        named = [n for n, c in enumerate(row) if keys[n] and not c.rejected and not c.contact]
        if len({keys[n] for n in named}) == len(named):  # the usual row: no name twice
            return set()
        held: dict[int, int] = {}  # position in row -> index in self._twins
        for n, m in combinations(named, 2):
            if keys[n] != keys[m] or row[n].group == row[m].group:
                continue
            if _listed_twice(row[n].values, row[m].values):
                continue
            for at in (n, m):
                if at not in held:
                    held[at] = len(self._twins)
                    self._twins.append((row[at], plan))
                    self._groups_seen = max(self._groups_seen, row[at].group + 1)
            self._twin_pairs.append((held[n], held[m]))
        return set(held)

    def _add_one(self, candidate: GuardianCandidate, plan: GuardianPlan, key: str) -> None:
        if candidate.rejected and plan.role_rows:
            _, relative = self._roles_left_out.get(candidate.contact, ("", True))
            self._roles_left_out[candidate.contact] = (plan.prefix, relative and candidate.not_guardian)
            return
        if candidate.rejected:
            self._rejected.add(candidate.contact)
            self._left_out.add(plan.prefix + candidate.contact)
            if candidate.not_guardian:
                self._not_guardians.add(plan.prefix + candidate.contact)
            return
        values = self._row(_marked(candidate) if plan.phone_kinds else candidate.values)
        points = _points(candidate.values)
        # Hashed once: to find the person and to file them under. The household within the
        # person's group: two groups of one row (a mother and a father of one name) are not
        # made one by it; people of one name and household in other groups are, at `resolve`
        # (`_households_joined`), unless a row tells them apart.
        hashes = [
            id_hash(f"{key}\x00{point}")
            for point in (*points, *_household_of_group(candidate.household, candidate.group))
        ]
        new = len(self._values)  # the position a new person takes
        found, filed = self._find(candidate, hashes, new)
        if found and candidate.contact:
            if self._not_one_person(found[0], candidate):
                # The other person's name with their points: whom a row without an ID may be
                # too (`_join_blank_contacts`), whichever of the two was read first.
                theirs = (*points, *_household(candidate.household))
                self._other_names.setdefault(found[0], set()).update(id_hash(f"{key}\x00{p}") for p in theirs)
                return
            self._group(found[0], candidate, points)
        if not found:
            person = self._new_person(candidate, plan, values, points)
        else:
            # One candidate can show that people filed apart are one (a row with the email of
            # one and the phone of another): they become one, whatever the order of the rows.
            person = found[0]
            for other in found[1:]:
                self._absorb(person, other)
            self._merge(
                person,
                values,
                candidate.group,
                candidate.household,
                (candidate.student,),
                points,
                self._places.pack(candidate.origin),
            )
            # Filed under the candidate's own points and household (in its group), which the
            # person keeps finding later rows by although it keeps one household (the lowest).
            # Never under a household in a group no row of theirs gave it: the lowest household
            # filed in this row's group found, at read time, rows of the other group's column
            # that `resolve` must weigh against a row naming two people of the name
            # (`_households_joined`), and only when the rows came in that order.
            for h in filed:  # filed under the new position `_find` expected
                self._by_point.replace_hash(h, person)
        if candidate.blanked:
            self._unread.setdefault(person, (candidate.unread, candidate.blanked))
        if candidate.unlinked:
            self._unlinked.add(person)
        if not candidate.contact and candidate.contact_read and plan.id_scheme == "contact":
            name = " ".join(
                n for n in (candidate.values.get("givenName", ""), candidate.values.get("familyName", "")) if n
            )
            row_points = _SEP.join((*points, *_household(candidate.household)))
            self._blank_rows.setdefault(person, []).append(
                (self._places.pack(candidate.origin), candidate.student, name, row_points, hashes)
            )
        self._note(candidate, key, person, plan)

    def _new_person(self, candidate: GuardianCandidate, plan: GuardianPlan, values: str, points: list[str]) -> int:
        """The candidate as a person of their own: their position."""
        self._values.append(values)
        self._origins.append(self._places.pack(candidate.origin))
        self._groups.append(candidate.group)
        self._plans.append(plan)
        self._prefixes.add(plan.prefix)
        self._contacts.append(candidate.contact)
        self._households.append(candidate.household)
        self._students.append(candidate.student)
        self._points.append(_SEP.join(dict.fromkeys(points)))
        return len(self._values) - 1

    def _note(self, candidate: GuardianCandidate, key: str, person: int, plan: GuardianPlan) -> None:
        """The candidate, added as `person`: found by its contact ID from now on, or its name and
        household noted (`_same_household`)."""
        if candidate.contact:
            self._by_contact.setdefault(candidate.contact, person)
        elif candidate.household:
            self._same_household(candidate, key, person)

    def _same_household(self, candidate: GuardianCandidate, key: str, person: int) -> None:
        """Note the people of the candidate's name and household in other groups (`_cross`). Two
        a row names in two groups (`_apart`) are noted as the row is read (`_held_twins`)."""
        group = candidate.group
        self._groups_seen = max(self._groups_seen, group + 1)
        for other in range(self._groups_seen):
            if other != group:
                found = self._by_point.get_hash(id_hash(f"{key}\x00household:{candidate.household}\x00{other}"))
                if found is not None and (found := self._live(found)) != person and not self._contacts[found]:
                    self._cross.add((min(person, found), max(person, found)))

    def _place_twins(self) -> None:
        """The people held as rows naming two of one name were read (`_held_twins`), each a person
        of their own, joined now to the rest as any row is (the same name and a shared email or
        phone, or household in their column), except that no chain makes two a row tells apart one.
        Where one would (a sibling's mother Kim Roy with the phone of the father Kim Roy: the same
        household and column say she is the mother, the phone says the father), the household in
        the column is taken first, then the emails (a person's own), then the phones (often the
        household's), each in text order, each join that would
        make the two one left out and said (V613); both stay parents of the row's student. Decided on
        what the rows hold, so the order of the rows never decides."""
        if not self._twins:
            return
        held = [self._held_person(candidate, plan) for candidate, plan in self._twins]
        apart = [(held[a], held[b]) for a, b in self._twin_pairs]
        self._apart.update((min(x, y), max(x, y)) for x, y in apart)
        joins = self._twin_joins(held)
        find = self._joined_apart(joins, apart)
        chains: dict[int, list[int]] = {}  # by its lowest position, which the others join
        for person in sorted({*held, *(p for _, _, x, y in joins for p in (x, y))}):
            chains.setdefault(find(person), []).append(person)
        for people in chains.values():
            # An email or phone the row telling two apart gives the other one is not this person's
            # while they have another (the father listed with the mother's phone on a sibling's row).
            for pair in self._twin_pairs:
                for mine, theirs in (pair, pair[::-1]):
                    if find(held[mine]) == people[0]:
                        row = "{}:{}".format(*self._file_line(held[theirs]))
                        for point in _points(self._twins[theirs][0].values):
                            self._theirs.setdefault(point, row)
            for other in people[1:]:
                self._absorb(people[0], other)
            self._theirs = {}
        self._point_anchored(sorted(chains))
        self._twins, self._twin_pairs = [], []

    def _point_anchored(self, people: list[int]) -> None:
        """People of one name without a household that `_place_twins` left apart though they share
        the email (else phone) their derived IDs are made of (`_derived`): one ID for two, Remind's
        set would keep one of them, the one whose row came first. The first by what their rows hold
        keeps it; each other one's is made of it and their own lowest email or phone the first has
        not, else their group's number."""
        by_anchor: dict[tuple[str, str], list[int]] = {}
        for person in people:
            points = _split(self._points[person])
            anchor = min((p for p in points if "@" in p), default="") or min(points, default="")
            if anchor and not self._households[person]:
                by_anchor.setdefault((name_key(self.values_of(person)), anchor), []).append(person)
        for (_, anchor), same in by_anchor.items():
            first, *others = sorted(same, key=self._content)
            taken = set(_split(self._points[first]))
            for person in others:
                own = [p for p in _split(self._points[person]) if p not in taken]
                self._anchors[person] = f"{anchor}|{min(own, default=f'group {self._groups[person] + 1}')}"
                taken.update(own)

    def _held_person(self, candidate: GuardianCandidate, plan: GuardianPlan) -> int:
        """A held candidate as a person of their own (`_place_twins`), their household's people in
        other groups noted: their position."""
        values = self._row(_marked(candidate) if plan.phone_kinds else candidate.values)
        person = self._new_person(candidate, plan, values, _points(candidate.values))
        if candidate.unlinked:
            self._unlinked.add(person)
        self._cross_of_held(person, candidate, name_key(candidate.values))
        return person

    def _twin_joins(self, held: list[int]) -> list[tuple[int, str, int, int]]:
        """Each join of a held person: (0 for the household in their column, 1 an email, 2 a phone; the point; two
        people filed under it: held ones, and the one added as rows were read). The people of a point
        are joined to the first of them by what their rows hold, and the joins are tried in that
        order too, not in the order the rows were read."""
        shared: dict[int, tuple[int, str, set[int]]] = {}  # hash -> (rank, point, the people filed under it)
        for person, (candidate, _) in zip(held, self._twins, strict=True):
            key = name_key(candidate.values)
            filed = [(0, p) for p in _household_of_group(candidate.household, candidate.group)]
            filed += [(1 if "@" in p else 2, p) for p in dict.fromkeys(_points(candidate.values))]
            for rank, point in filed:
                h = id_hash(f"{key}\x00{point}")
                people = shared.setdefault(h, (rank, point, set()))[2]
                people.add(person)
                found = self._by_point.get_hash(h)
                if found is not None and not self._contacts[found := self._live(found)]:
                    people.add(found)
        known = {p: self._content(p) for _, _, people in shared.values() for p in people}
        joins: list[tuple[int, str, int, int]] = self._own_pairs(held, shared, known)
        for rank, point, people in shared.values():
            first, *others = sorted(people, key=known.__getitem__)
            joins.extend((rank, point, first, other) for other in others)
        return sorted(joins, key=lambda j: (j[0], j[1], known[j[2]], known[j[3]]))

    def _own_pairs(
        self, held: list[int], shared: dict[int, tuple[int, str, set[int]]], known: dict[int, tuple[str, int, str]]
    ) -> list[tuple[int, str, int, int]]:
        """Joins weighed before the household in the column (rank -1): two people sharing an email of
        their own (neither given the other of their row, who is told apart from them), where the other
        one of each of their rows gives a different email of their own (review211 R1: a shared home
        line or no phone at all no longer leaves the swap below), else with a phone of their own too.
        An empty cell tells nothing: a family email typed in the Mother column on one child's row and
        the Father column on another's is no swap, nor does it move a one-parent sibling's row against
        its column, household and phone (review215 R1, R2). A person's own email moves with them,
        phones alone come after the column (tester51 F8): a same-name couple swapped between the Mother
        and Father columns on one child's row is each their own again, where the column made the
        mother of the one row and the father of the other one person, published under both IDs with
        the mother's email and phone and the father's nowhere (tester92 T2)."""
        partners: dict[int, set[int]] = {}
        for a, b in self._twin_pairs:
            partners.setdefault(held[a], set()).add(held[b])
            partners.setdefault(held[b], set()).add(held[a])
        points: dict[int, set[str]] = {}
        for rank, point, people in shared.values():
            if rank:
                for person in people:
                    points.setdefault(person, set()).add(point)

        joins: list[tuple[int, str, int, int]] = []
        for rank, email, people in shared.values():
            if rank != 1 or len(people) < 2:
                continue
            ordered = sorted(people, key=known.__getitem__)
            for at, first in enumerate(ordered):
                joins.extend(
                    (-1, email, first, other)
                    for other in ordered[at + 1 :]
                    if _own_email_moves(first, other, email, partners, points)
                )
        return joins

    def _joined_apart(
        self, joins: list[tuple[int, str, int, int]], apart: list[tuple[int, int]]
    ) -> Callable[[int], int]:
        """The joins made in their order, each but those that would make one the two of a pair in
        `apart` (said, V613): the chain each person is in, by its lowest position."""
        root: dict[int, int] = {}
        parted: dict[int, list[tuple[int, int]]] = {}  # a chain -> its people's pairs (theirs first)
        for u, v in apart:
            parted.setdefault(u, []).append((u, v))
            parted.setdefault(v, []).append((v, u))

        def find(person: int) -> int:
            while root.get(person, person) != person:
                person = root[person]
            return person

        for rank, point, x, y in joins:
            a, b = find(x), find(y)
            if a == b:
                continue
            told = next(((u, v) for u, v in parted.get(a, ()) if find(v) == b), None)
            if told is not None:
                self._say_not_joined(rank, point, (x, y), told)
                continue
            low, high = min(a, b), max(a, b)
            root[high] = low
            parted.setdefault(low, []).extend(parted.pop(high, ()))
        return find

    def _cross_of_held(self, person: int, candidate: GuardianCandidate, key: str) -> None:
        """Note the people of a held person's name and household in other groups (`_cross`): the
        people added as rows were read, and the other held people."""
        if not candidate.household:
            return
        for other in range(self._groups_seen):
            if other == candidate.group:
                continue
            h = id_hash(f"{key}\x00household:{candidate.household}\x00{other}")
            found = self._by_point.get_hash(h)
            if found is not None and not self._contacts[found := self._live(found)]:
                self._cross.add((min(person, found), max(person, found)))

    def _content(self, person: int) -> tuple[str, int, str]:
        """The person by what their rows hold: their lowest student, group and values."""
        return min(self.students_of(person), default=_NO_STUDENT), self._groups[person], self._values[person]

    def _say_not_joined(self, rank: int, point: str, pair: tuple[int, int], told: tuple[int, int]) -> None:
        """A join `_place_twins` leaves out: the rows of `pair` share `point`, and joined they would
        make one the two people of `told`, whom a row names in two groups (V613)."""
        held = set(told)
        # Said at the row that is not one of the two (a sibling's), else at the later one read.
        at = max(pair, key=lambda p: (p not in held, self._file_line(p)))
        other = pair[0] if at == pair[1] else pair[1]
        place, row = self._places.place(self._origins[at]), self._file_line(told[0])
        values = self.values_of(at)
        what = "household" if rank == 0 else "email" if "@" in point else "phone"
        value = point.removeprefix("household:").split("\x00")[0] if rank == 0 else point
        self.report.add_once(
            ("twin", point, *sorted("{}:{}".format(*self._file_line(p)) for p in (at, other))),
            codes.code("guardian-twins-not-joined"),
            Where(place.file, place.line, "" if rank == 0 else what, table="users", who=who_of("users", values.get)),
            person=" ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n),
            what=what,
            value=value,
            at=f"{place.file}:{place.line}",
            other_at="{}:{}".format(*self._file_line(other)),
            students=_students_text(set(self.students_of(at))),
            other_students=_students_text(set(self.students_of(other))),
            row=f"{row[0]}:{row[1]}",
        )

    def _households_joined(self) -> None:
        """People of one name and household found in other groups (`_cross`) are one person, as
        every row of one name sharing a household is (a parent who is one sibling's parent1 and
        another's parent2), and so is everyone such pairs chain together; except two a row names in
        two groups (`_apart`): two people of one name in one family (a mother and a father both
        named Jean Martin), each of whom the groups' rows are then (tester38 F2). Merged, the one
        user would have the mother's email and the father's phone, and the father no account of his
        own. The pair a row tells apart is not joined, and the rest of the chain is: a father of
        two households (one phone) listed as the other child's mother beside a father of his name,
        and as a third child's mother in his first household, is that third child's parent too.
        A chain that would join the two a row tells apart (through someone the households give to
        both) is two readings the export cannot choose between: none of it is joined, and each
        person it would have given to either is said with the rows of both (V519). Decided on the
        pairs once every row is read, so the order of the rows never decides."""
        cross, apart = self._live_pairs(self._cross), self._live_pairs(self._apart)
        for people in _components(cross - apart):
            clash = sorted((x, y) for x, y in apart if x in people and y in people)
            if clash:
                self._two_readings(people, clash)
                continue
            for other in people[1:]:
                self._absorb(people[0], other)
        for people in _components(cross | apart):  # people of one name a row tells apart: their IDs
            if any(x in people for x, _ in apart):
                self._twins_anchored(sorted({self._live(person) for person in people}))
        self._cross, self._apart = set(), set()

    def _live_pairs(self, pairs: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """The pairs of people, each the person they were merged into, lower first; none of one."""
        live = ((self._live(a), self._live(b)) for a, b in pairs)
        return {(min(x, y), max(x, y)) for x, y in live if x != y}

    def _two_readings(self, people: list[int], clash: list[tuple[int, int]]) -> None:
        """A chain of people of one name whom households join across groups holds two a row tells
        apart (`clash`): each other person of it could be either (V519), said with the rows of
        both (the row of each one's lowest student, `_merge`); none of them is joined. The pair named
        is the first by file and line."""
        first, second = min(sorted((self._file_line(x), self._file_line(y))) for x, y in clash)
        rows = (
            f"both named at {first[0]}:{first[1]}"
            if first == second
            else f"named at {first[0]}:{first[1]} and {second[0]}:{second[1]}"
        )
        twins = {person for pair in clash for person in pair}
        for person in people:
            if person in twins:
                continue
            values = self.values_of(person)
            origin = self._places.place(self._origins[person])
            who = who_of("users", values.get)
            self.report.add(
                codes.code("guardian-household-two-readings"),
                Where(origin.file, origin.line, table="users", who=who),
                person=" ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n),
                students=_students_text(set(self.students_of(person))),
                household=self._households[person],
                rows=rows,
            )

    def _file_line(self, person: int) -> tuple[str, int]:
        """The file and line of the row that stands for the person (their lowest student's, `_merge`)."""
        origin = self._places.place(self._origins[person])
        return origin.file, origin.line

    def _twins_anchored(self, people: list[int]) -> None:
        """People of one name told apart by a row, whose derived IDs the household would make one
        (`_derived`): the person of the lowest group (the mother, on her lowest student's record)
        keeps the household's; each other one's is made of the household and their lowest email,
        else phone, else their group's number, so that it does not move when their children's
        records are listed in another order."""
        by_anchor: dict[tuple[str, str], list[int]] = {}
        for person in people:
            household = self._households[person]
            if household:
                by_anchor.setdefault((name_key(self.values_of(person)), household), []).append(person)
        for same in by_anchor.values():
            ranked = sorted(same, key=lambda p: (self._groups[p], min(self.students_of(p), default=_NO_STUDENT), p))
            for person in ranked[1:]:
                self._anchors[person] = self._own_anchor(person)

    def _own_anchor(self, person: int) -> str:
        """What the ID of a person of one name and household with another is made of, beside the
        name (`_derived`): the household and their lowest email, else phone, else group number."""
        points = _split(self._points[person])
        emails = [p for p in points if "@" in p]
        phones = [p for p in points if "@" not in p]
        own = min(emails, default="") or min(phones, default="") or f"group {self._groups[person] + 1}"
        return f"{self._households[person]}|{own}"

    def _noting_files(self, candidates: Iterable[GuardianCandidate]) -> Iterator[GuardianCandidate]:
        """The candidates, the files that have the contact-ID column noted on the way (V610, V612)."""
        for candidate in candidates:
            if candidate.contact_read:
                self._contact_files.add(candidate.origin.file)
            yield candidate

    def _not_one_person(self, person: int, candidate: GuardianCandidate) -> bool:
        """Rows of one SIS contact ID that disagree on the name (not on case, spacing, accents or
        punctuation: identity.plain) are two people under one ID, not one listed twice: merged,
        the person published would be neither (one's name, the other's phone) and be linked to
        both families' children.
        Reported (V570); `resolve` keeps neither (V537)."""
        values = self.values_of(person)
        column = next(
            (
                c
                for c in IDENTITY
                if values.get(c) and candidate.values.get(c) and plain(values[c]) != plain(candidate.values[c])
            ),
            None,
        )
        if column is None:
            return False
        origin, first = candidate.origin, self._places.place(self._origins[person])
        sourced_id = self._plans[person].prefix + candidate.contact
        where = Where(origin.file, origin.line, self.column_of(origin.file, column), table="users", record=sourced_id)
        self.report.add_once(  # once per row: a row linking two children is two candidates
            ("two-people", sourced_id, origin.file, str(origin.line)),
            codes.code("combined-two-people"),
            where,
            table="users",
            id=sourced_id,
            field=column,
            value=candidate.values[column],
            kept=values[column],
            first_line=first.line,
        )
        self._two_people.setdefault(candidate.contact, (replace(where, column="sourcedId"), first.line, first.file))
        return True

    def _group(self, person: int, candidate: GuardianCandidate, points: list[str]) -> None:
        """Another row of SIS contact `person`, before it is merged: the groups of the contact's
        rows that share an email, phone, household or student, kept only once one row shares
        none of them with the rows before it (few contacts). Groups are joined as rows join
        them, so the groups at the end are the same in any row order."""
        mine = {*points, *_household(candidate.household)}
        student = {candidate.student} - {""}
        origin = self._places.pack(candidate.origin)
        groups = self._strangers.get(person)
        if groups is None:
            held = {*_split(self._points[person]), *_household(self._households[person])}
            if held & mine or set(_split(self._students[person])) & student:
                return
            groups = [(held, set(_split(self._students[person])) - {""}, self._origins[person])]
        joined = [g for g in groups if g[0] & mine or g[1] & student]
        union, students, first = mine, student, origin
        for held, linked, at in joined:
            union, students, first = union | held, students | linked, min(first, at)
        self._strangers[person] = [*(g for g in groups if g not in joined), (union, students, first)]

    def _two_by_points(self) -> None:
        """SIS contacts whose rows fall into groups sharing no email, phone, household or
        student, two of which each hold an email and a phone (so differ on both): the rule
        docs/identity.md gives for parents without an ID (the same name with nothing shared is
        two people) says two people, as when the contact ID is made of a name (I267). Merged, one
        would be published with the other's children: reported (F429), and neither is kept (V537)."""
        for person, groups in sorted(self._strangers.items()):
            contact = self._contacts[person]
            reachable = sorted(
                (g for g in groups if any("@" in p for p in g[0]) and any(_is_phone(p) for p in g[0])),
                key=lambda g: g[2],
            )
            if len(reachable) < 2 or contact in self._two_people:
                continue
            (_, first_students, first_at), (_, students, at) = reachable[:2]
            place, first = self._places.place(at), self._places.place(first_at)
            sourced_id = self._plans[person].prefix + contact
            where = Where(
                place.file, place.line, self.column_of(place.file, "sourcedId"), table="users", record=sourced_id
            )
            self.report.add(
                codes.code("contact-two-people"),
                where,
                id=contact,
                students=_students_text(students),
                first_students=_students_text(first_students),
                first_line=first.line,
            )
            self._two_people[contact] = (where, first.line, first.file)
        self._strangers = {}

    def _merge(
        self,
        person: int,
        values: str,
        group: int,
        household: str,
        students: Sequence[str],
        points: Iterable[str],
        origin: int,
        their_givers: Mapping[str, Mapping[str, set[str]]] | None = None,
    ) -> None:
        """Another record of `person` (a row, or a person found to be the same): each value by
        the rule (`_chosen`), the lowest household, every student and point, and the group the
        person has on their lowest student's record (Remind's P1/P2 IDs), and the place of that
        record's row: the row that stands for the person (where their problems are said, the
        explain file's line), the same row in any order of the rows (tester51 F11: the first read
        was named, another child's row in each order); of one student's rows, the first."""
        lowest = min(_split(self._students[person]), default=_NO_STUDENT)
        theirs = min(filter(None, students), default=_NO_STUDENT)
        groups = (self._groups[person], group)  # the person's own, as their row stood, and this record's
        if (theirs, group) < (lowest, self._groups[person]):
            self._groups[person] = group
        at = min((lowest, self._origins[person]), (theirs, origin))[1]
        self._households[person] = min(filter(None, (self._households[person], household)), default="")
        rows = (_split(self._students[person]), students, their_givers or {})  # for `_gave`, before joining
        self._students[person] = _joined_with(self._students[person], students)
        self._points[person] = _joined_with(self._points[person], points)
        self._values[person] = self._chosen(person, values, origin, groups, rows)  # after the students: a
        # difference names them all
        self._origins[person] = at  # the row of the lowest student

    def _absorb(self, person: int, other: int) -> None:
        """Person `other` is `person`: merged into it, and found as it from now on."""
        if other in self._blank_rows:
            self._blank_rows.setdefault(person, []).extend(self._blank_rows.pop(other))
        if other in self._unread:
            self._unread.setdefault(person, self._unread.pop(other))
        for column, seen in self._diffs.pop(other, {}).items():
            mine = self._diffs.setdefault(person, {}).setdefault(column, {})
            for value, at in seen.items():
                mine[value] = min(mine.get(value, at), at)
        theirs = {c: self._givers.pop((other, c)) for c in edited_values.COLUMNS if (other, c) in self._givers}
        self._blank.update((person, c) for c in edited_values.COLUMNS if (other, c) in self._blank)
        self._merge(
            person,
            self._values[other],
            self._groups[other],
            self._households[other],
            _split(self._students[other]),
            _split(self._points[other]),
            self._origins[other],
            theirs,
        )
        self._absorbed[other] = person
        self._values[other] = self._students[other] = self._points[other] = ""
        if other in self._unlinked:
            self._unlinked.add(person)

    def _chosen(
        self,
        person: int,
        values: str,
        origin: int,
        groups: tuple[int, int],
        rows: _Rows = ((), (), {}),
    ) -> str:
        """`person`'s values with another record's: where both hold a value and they differ (two
        emails, two phones), the lower one is kept, so that the order of the rows never decides;
        the name is one record's whole name (identity.NAME_RULE), never a given name from one row
        and a family name from another (tester51 F11). The difference is noted with where each
        value was read (`_seen`), and said once every row is read (`_say_differences`). `rows`: the
        person's students before this record, this record's, and the givers it brings (`_gave`)."""
        old = self._values[person].split(_SEP)
        new = values.split(_SEP)
        chosen = []
        for column, mine, theirs in zip(self.columns, old, new, strict=True):
            if column in edited_values.COLUMNS:
                self._gave(person, column, (mine, theirs), rows)
            if column in NAME_PARTS:
                chosen.append(mine)  # decided below, as a whole
            elif mine and theirs and mine != theirs:
                other = self._of_the_other(mine, theirs)
                if other is not None:  # said now, while `_theirs` names the row (`_place_twins`)
                    own = (theirs, origin) if other == mine else (mine, self._origins[person])
                    given = (mine, self._origins[person]) if other == mine else (theirs, origin)
                    self._differ(person, column, own, given, other)
                elif _unmarked(mine) != _unmarked(theirs):  # else one number, typed twice: of the kinds, the mobile
                    self._seen(person, column, (mine, theirs), origin, groups)
                chosen.append(min(mine, theirs) if other is None else theirs if other == mine else mine)
            else:
                chosen.append(mine or theirs)
        names = [self._position[c] for c in NAME_PARTS if c in self._position]
        if names:
            mine_name, theirs_name = _name_of(old, self._position), _name_of(new, self._position)
            if any(theirs_name) and theirs_name != mine_name:
                if any(mine_name):
                    self._seen(person, _NAME, (_SEP.join(mine_name), _SEP.join(theirs_name)), origin, groups)
                if not any(mine_name) or name_rank(theirs_name) < name_rank(mine_name):
                    for at in names:
                        chosen[at] = new[at]
        return _SEP.join(chosen)

    def _of_the_other(self, mine: str, theirs: str) -> str | None:
        """Of two values of one person, the one the row telling them from another person of their
        name gives that other person (`_theirs`), when one is; else None."""
        of_the_other = [v for v in (mine, theirs) if _unmarked(v).casefold() in self._theirs]
        return of_the_other[0] if len(of_the_other) == 1 else None

    def _seen(self, person: int, column: str, pair: tuple[str, str], origin: int, groups: tuple[int, int]) -> None:
        """Two values of one column for `person`: the person's own (noted at the person's row,
        `_merge`) and one read at `origin`. Each where it was first noted: a person merged in brings the
        places of its own values (`_absorb`), which its first row's place would blur."""
        (mine, theirs), (own_group, group) = pair, groups
        seen = self._diffs.setdefault(person, {}).setdefault(column, {})
        seen.setdefault(mine, self._origins[person])
        seen.setdefault(theirs, origin)
        # The group each was read in, by its place: V550 names that group's column, not every group's.
        self._value_groups.setdefault((self._origins[person], mine), own_group)
        self._value_groups.setdefault((origin, theirs), group)

    def _gave(
        self,
        person: int,
        column: str,
        pair: tuple[str, str],
        rows: _Rows,
    ) -> None:
        """Which students' rows gave which value of `column` (edited_values), row by row: `mine` the
        person's value, given by every earlier student's row while none was blank and none disagreed
        (else `_givers` holds them already, or `_blank` tells nothing can be told); `theirs` this
        record's, given by its students (a person merged in brings its own givers, `rows[2]`)."""
        (mine, theirs), (earlier, students, brought) = pair, rows
        key = (person, column)
        if bool(mine) != bool(theirs):
            self._blank.add(key)
        if not (mine and theirs) or key in self._blank:
            return
        theirs_by = brought.get(column) or {_unmarked(theirs): {s for s in students if s}}
        givers = self._givers.get(key)
        if givers is None:
            if set(theirs_by) == {_unmarked(mine)}:  # the rows agree still
                return
            givers = self._givers[key] = {_unmarked(mine): {s for s in earlier if s}}
        for value, given in theirs_by.items():
            givers.setdefault(value, set()).update(given)

    def _say_differences(self) -> None:
        """Each value rows of one person disagree on that is not kept, said beside the one kept:
        once every row is read and every person known, so that neither the count nor the code
        hangs on the order of the rows (tester51 F1: rows without the contact ID merged among
        themselves first said V550, read after the contact's row V551). Rows without a SIS ID
        that disagree are a defect of the export (a warning); a SIS contact listing two phones is
        not (a note); a name written otherwise is said with the whole name kept (D329)."""
        self._prefer_edits()
        self._note_other_emails()
        said: list[tuple[int, int, int, str, tuple[str, int], tuple[str, int]]] = []
        for person, columns in self._diffs.items():
            cells = self._values[person].split(_SEP)
            for column, seen in columns.items():
                if column == _NAME:
                    kept = _SEP.join(_name_of(cells, self._position))
                    kept_at = seen.get(kept, self._origins[person])
                    for other, at in seen.items():
                        if other != kept:
                            said.append((at, -1, person, column, (kept, kept_at), (other, at)))
                    continue
                kept = cells[self._position[column]]
                kept_at = min(
                    (at for v, at in seen.items() if _unmarked(v) == _unmarked(kept)), default=self._origins[person]
                )
                others: dict[str, tuple[str, int]] = {}
                for value, at in seen.items():
                    plain_value = _unmarked(value)
                    if plain_value != _unmarked(kept):
                        marked, first = others.get(plain_value, (value, at))
                        others[plain_value] = (min(marked, value), min(first, at))
                for other, at in others.values():
                    if (column, _unmarked(other).casefold()) in self._said_of_the_other:
                        continue  # said as V549 when `_place_twins` joined the person (review of stop 46)
                    said.append((at, self._position[column], person, column, (kept, kept_at), (other, at)))
        self._diffs = {}
        for _, _, person, column, kept_one, other_one in sorted(said):
            if column == _NAME:
                self._names_differ(person, kept_one, other_one)
            else:
                self._differ(person, column, kept_one, other_one)
        self._value_groups = {}

    def _prefer_edits(self) -> None:
        """Each email, phone or sms children's rows of one parent disagree on chosen by
        pipeline.edited_values: the new value most of the children's rows give since they all gave the
        value published, else the book's own choice (tester69 P1: a new email typed on two of three
        children's records lost to the old one, the lower, for weeks at exit 0). Not a SIS contact's:
        their several numbers are a list with kinds (V551), not rows disagreeing (review138 R1)."""
        people = [
            p for p in sorted(self._diffs) if self._students[p] and p not in self._absorbed and not self._contacts[p]
        ]
        people = [p for p in people if any(c in edited_values.COLUMNS for c in self._diffs[p])]
        if not people:
            return
        ids = {person: self._sourced_id(person, self.values_of(person)) for person in people}
        columns = {c for p in people for c in self._diffs[p] if c in edited_values.COLUMNS}
        users = None if self._last_set is None else self._last_set / "users.csv"
        pasts = edited_values.pasts(users, set(ids.values()), columns, self._values_before)
        for person in people:
            self._prefer_person(person, ids[person], pasts.get(ids[person], {}))

    def _prefer_person(self, person: int, sourced_id: str, pasts: dict[str, edited_values.Past]) -> None:
        """`_prefer_edits` for one parent; what the next night needs of them recorded (`values_seen`)."""
        cells = self._values[person].split(_SEP)
        for column, seen in self._diffs[person].items():
            if column not in edited_values.COLUMNS:
                continue
            at, key = self._position[column], (person, column)
            current, givers = cells[at], self._givers.get(key, {})
            kind = current[: len(current) - len(_unmarked(current))]
            other = any((column, _unmarked(v).casefold()) in self._said_of_the_other for v in seen)
            past = pasts.get(column, edited_values.UNKNOWN)
            blank = key in self._blank or other or not givers  # nothing can be told
            marked = {_unmarked(v): v for v in seen if v[: len(v) - len(_unmarked(v))] == kind}
            choice = edited_values.choose(givers, current, past, blank, marked)
            cells[at] = choice.value
            self._choices[key] = choice
            entry = edited_values.carried(_unmarked(choice.value), past, blank, givers)
            self.values_seen.setdefault(sourced_id, {})[column] = entry
        self._values[person] = _SEP.join(cells)

    def _note_blank(self, person: int, sourced_id: str) -> None:
        """A parent a row of whom gave no value where another gave one, their rows not disagreeing: no
        baseline the next night (edited_values (a): every row gave the value published)."""
        if sourced_id in self.values_seen or not self._blank:
            return
        values = self.values_of(person)
        blank = [c for c in edited_values.COLUMNS if (person, c) in self._blank and values.get(c)]
        if blank:
            self.values_seen[sourced_id] = {c: {"published": edited_values.value_hash(values[c])} for c in blank}

    def _note_other_emails(self) -> None:
        """The emails rows of a person gave beside the one kept (`_other_emails`)."""
        at = self._position.get("email")
        for person, columns in self._diffs.items():
            seen = columns.get("email")
            if seen and at is not None:
                kept = self._values[person].split(_SEP)[at]
                self._other_emails[person] = "\t".join(sorted(v for v in seen if v != kept))
                kept_at = seen.get(kept, self._origins[person])
                if kept_at != self._origins[person]:
                    self._email_at[person] = (kept_at, self._value_groups.get((kept_at, kept), -1))

    def _differ(
        self,
        person: int,
        column: str,
        kept_value: tuple[str, int],
        other_value: tuple[str, int],
        theirs: str | None = None,
    ) -> None:
        """A value of the person not kept (`other_value`) beside the one kept, with where each was
        read: rows without a SIS ID that disagree are a defect of the export (a warning); a SIS
        contact listing two phones is not (a note). `theirs`: the value not kept is another person's
        of the name (`_of_the_other`), V549."""
        (kept, kept_at), (other, other_at) = kept_value, other_value
        group = self._value_groups.get((other_at, other))
        choice = self._choices.get((person, column))
        rule = choice.rule if choice else edited_values.LOWER
        if rule == edited_values.LOWER and kept[:1] in _MARKED and kept[:1] != other[:1]:
            mobile = kept[:1] == _PHONE_MARKS["mobile"]
            rule = "the mobile, as the export types the numbers" if mobile else "the one not typed a landline"
        kept, other = _unmarked(kept), _unmarked(other)
        place = self._places.place(other_at)
        contact = self._contacts[person]
        where = Where(place.file, place.line, self.column_of(place.file, column, group), table="users", record=contact)
        code = codes.code("contact-values-differ" if contact else "guardian-values-differ")
        extra: dict[str, str] = {}
        key = (person, column)
        by = self._given_by(person, column)
        edited = choice and key not in self._edit_said and edited_values.said(kept, other, column, choice, by)
        if edited:  # the published value changed by an edit, no clear edit, or an unknown past: said once
            code, extra = codes.code("guardian-value-edited"), {**edited, "guardian": self._name_of(person)}
            self._edit_said.add(key)
        if theirs is not None:  # the value another person of the name has on the row telling them apart
            self._said_of_the_other.add((column, other.casefold()))
            code, values = codes.code("guardian-value-of-the-other"), self.values_of(person)
            extra = {
                "row": self._theirs[other.casefold()],
                "person": " ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n),
            }
        self.report.add_once(
            ("guardian", column, kept, other, contact or self._students[person]),
            code,
            where,
            field=column,
            kept=kept,
            value=other,
            rule=rule,
            kept_at=self._place_text(kept_at),
            value_at=self._place_text(other_at),
            id=contact,
            students=", ".join(sorted(_split(self._students[person]))) or "none",
            **extra,
        )

    def _given_by(self, person: int, column: str) -> dict[str, set[str]]:
        """The students whose rows gave each value of `column` rows of `person` disagree on, unmarked."""
        return {_unmarked(v): students for v, students in self._givers.get((person, column), {}).items()}

    def _name_of(self, person: int) -> str:
        """The person's name as published (X858 names the parent to the clerk)."""
        values = self.values_of(person)
        return " ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n) or "?"

    def _names_differ(self, person: int, kept_name: tuple[str, int], other_name: tuple[str, int]) -> None:
        """A form of the person's name not kept beside the one kept (D329)."""
        (kept, kept_at), (other, other_at) = kept_name, other_name
        place = self._places.place(other_at)
        contact = self._contacts[person]
        students = _students_text(set(self.students_of(person)))
        self.report.add_once(
            ("name-forms", kept, other, contact or self._students[person]),
            codes.code("name-forms-differ"),
            Where(place.file, place.line, self.column_of(place.file, "givenName"), table="users", record=contact),
            who=f"SIS contact {contact!r}" if contact else f"the guardian of {students}",
            kept=_name_text(kept),
            kept_at=self._place_text(kept_at),
            value=_name_text(other),
            value_at=self._place_text(other_at),
            rule=NAME_RULE,
        )

    def _place_text(self, packed: int) -> str:
        return f"{self._places.file_of(packed)}:{self._places.line_of(packed)}"

    def _row(self, values: dict[str, str]) -> str:
        if list(values) == self.columns:  # the usual case: every row of a rule names the same columns
            joined = _SEP.join(values.values())
            if joined.count(_SEP) == len(self.columns) - 1:
                return joined
        for column in values:
            if column not in self._position:
                self._position[column] = len(self.columns)
                self.columns.append(column)
                self._values = [joined + _SEP for joined in self._values]
        row = [""] * len(self.columns)
        for column, value in values.items():
            row[self._position[column]] = value.replace(_SEP, "")
        return _SEP.join(row)

    def values_of(self, person: int) -> dict[str, str]:
        return self._values_dict(self._values[person])

    def _values_dict(self, joined: str) -> dict[str, str]:
        values = {column: value for column, value in zip(self.columns, joined.split(_SEP), strict=False) if value}
        phone = values.get("phone")
        if phone and phone[:1] in _MARKED:
            values["phone"] = phone[1:]
        return values

    def _landline_only(self, person: int) -> str:
        """The person's phone when the export types every number of theirs a landline and they
        have no email or sms (their only contact point is a number Remind cannot text); else ""."""
        at = self._position.get("phone")
        cells = self._values[person].split(_SEP)
        phone = cells[at] if at is not None and at < len(cells) else ""
        if phone[:1] != _PHONE_MARKS["landline"]:
            return ""
        values = self.values_of(person)
        return "" if values.get("email") or values.get("sms") else phone[1:]

    def students_of(self, person: int) -> list[str]:
        return _split(self._students[person])

    def _find(self, candidate: GuardianCandidate, hashes: list[int], new: int) -> tuple[list[int], list[int]]:
        """The people the candidate is, lowest position first: by contact ID, else every person
        without a contact ID sharing the name and a point (`hashes`) with it. A person the SIS
        gave an ID is found by that ID alone, so two SIS contacts are never made one.

        Each of `hashes` not filed yet is filed on the way (one look each) under `new`, the
        position the candidate takes if it is no one yet; also returned are those hashes, which
        the caller files under the person found instead."""
        if candidate.contact:
            person = self._by_contact.get(candidate.contact)
            for h in hashes:
                self._by_point.setdefault_hash(h, new if person is None else person)
            return ([] if person is None else [person]), []
        found: set[int] = set()
        filed: list[int] = []
        for h in hashes:
            person = self._by_point.setdefault_hash(h, new)
            if person is None:
                filed.append(h)
            elif person != new:  # `new`: a hash this candidate repeats (a phone that is the sms too)
                person = self._live(person)
                if not self._contacts[person]:
                    found.add(person)
        return sorted(found), filed

    def _live(self, person: int) -> int:
        """The position of the person `person` was merged into, if it was."""
        while person in self._absorbed:
            person = self._absorbed[person]
        return person

    def resolve(self, *, usable: Callable[[Draft], bool], students_name_guardians: bool = False) -> None:
        """Give each person an ID and keep those who can be users; link them to their students.

        `students_name_guardians`: the students' own agentSourcedIds may name people (by the
        SIS contact ID the guardian's sourcedId is made of) whose rows link no student: they
        are kept until the students are read, and left out then if no kept student names them."""
        self._leave_out_roleless()
        self._place_twins()
        self._households_joined()
        self._two_by_points()
        self._join_blank_contacts()
        self._by_contact, self._by_point = {}, CompactMap()  # finding people is over
        self._other_names = {}
        self._claims = self._claimed()
        self._say_differences()  # every person known: each value not kept, said once
        self._blank_rows = {}
        kept = array("q")  # positions: 8 bytes each rather than an int object
        ids: list[str] = [""] * len(self._values)
        for person in range(len(self._values)):
            if person in self._absorbed or self._contacts[person] in self._rejected:
                continue
            if self._contacts[person] in self._two_people:
                where, first_line, first_file = self._two_people[self._contacts[person]]
                # A parent lost, as counted by the safety gate (X969): a contact column read from
                # the student ID merges each family's parents into one ID and loses them all here.
                with self.report.guardian_records():
                    self.report.add(
                        codes.code("user-id-conflict"),
                        where,
                        id=where.record,
                        first_line=first_line,
                        first_at=f"{first_file} line {first_line}",
                        table="users",
                    )
                self._left_out.add(str(where.record))
                self.report.left_out.two_people_links[where.file] += max(2, len(set(_split(self._students[person]))))
                continue
            nameable = students_name_guardians and self._plans[person].id_scheme == "contact" and self._contacts[person]
            if not self._students[person] and not nameable and person in self._unlinked:
                continue  # the link_where that dropped their link said why they are left out
            if not self._students[person] and not nameable:
                origin = self._places.place(self._origins[person])
                values = self.values_of(person)
                who = who_of("users", values.get)
                where = Where(origin.file, origin.line, table="users", record=self._contacts[person], who=who)
                self.report.add(
                    codes.code("guardian-no-student"), where, id=self._contacts[person], value=name_key(values)
                )
                continue
            values = self.values_of(person)
            ids[person] = self._sourced_id(person, values)
            if usable(self._person_draft(person, values, ids[person])):
                kept.append(person)
                self._say_kept(person, values, ids[person])
            else:
                self._not_usable(ids[person], person)
        # Each column is let go of once the last step reading it is done, so that what the next
        # step makes takes the place of what went before (at the largest district, the peak of
        # the users stage is 120 MB lower than when every column stayed till the end).
        self._plans, self._contacts, self._households, self._points = [], [], [], []
        self._unread = {}
        self._claims, self._identities, self._anchors = array("q"), identity.Remembered(), {}
        self._unlinked = set()
        # Until they are written, after the students, the kept people wait in a file: the users
        # stage holds the most memory of a run when its students are written.
        self._kept = Spool(tempfile.TemporaryFile(dir=self._folder, prefix=".guardians-"))  # noqa: SIM115
        self._kept_ids = IdSet(capacity=len(kept))
        for person in self._output_order(kept):
            self._kept.put(
                (
                    ids[person],
                    self._values[person],
                    self._students[person],
                    self._origins[person],
                    self._groups[person],
                    self._other_emails.get(person, ""),
                    self._email_place(person),
                )
            )
            self._count_domain(self._values[person])
            self._kept_ids.add(ids[person])
            self._note_group(person, ids[person])
            self._note_blank(person, ids[person])
            self._values[person] = ""
        self._kept.close()
        self._values, self._origins, self._other_emails, self._email_at = [], array("q"), {}, {}
        for group in sorted({self._groups[person] for person in kept}):  # a student's guardians, mother first
            for person in kept:
                if self._groups[person] == group:
                    for student in self.students_of(person):
                        self._link(student, ids[person])
        self._students, self._groups = [], array("i")

    def _note_group(self, person: int, sourced_id: str) -> None:
        if self._groups[person]:  # the first group's are the rest
            self.group_ids.setdefault(self._groups[person], IdSet()).add(sourced_id)

    def _blank_contact(self, person: int) -> bool:
        """Whether the person's rows come from a rule reading SIS contact IDs, with the contact-ID
        cell empty in a file that has the column (tester39 F4; a column the export lacks is I260's):
        their ID is derived, as for a parent the SIS gives no ID."""
        plan = self._plans[person]
        return (
            plan.id_scheme == "contact"
            and plan.contact is not None
            and not self._contacts[person]
            and self._places.file_of(self._origins[person]) in self._contact_files
        )

    def _join_blank_contacts(self) -> None:
        """A person whose contact-ID cells are empty, under a rule reading SIS contact IDs, who has
        the name of one SIS contact and shares an email, phone or household with them (and no other
        SIS contact does) is that contact, listed once without the ID: taken as that contact
        (V612), not published twice under two IDs (one with the email Remind gives one user only,
        and removed the night the SIS fills the cell). Only after every row is read, so the order of
        the rows never decides. A SIS contact's ID is never moved: the row joins the contact, never
        the other way; nor are two SIS contacts made one, and a person matching two, or a contact
        left out (emergency, two people under one ID: matched by either person's name and points,
        `_other_names`, not only the name of the rows read first), stays apart (said, V610). Merging by name
        among people without an ID is not this (`_find`, `_claimed`)."""
        blank = [p for p in range(len(self._values)) if p not in self._absorbed and self._blank_contact(p)]
        if not blank:
            return
        known: dict[int, set[int]] = {}  # hash of (name, point) -> the SIS contacts holding it
        for person in range(len(self._values)):
            if person in self._absorbed or not self._contacts[person]:
                continue
            for h in self._identity_hashes(person) | self._other_names.get(person, set()):
                known.setdefault(h, set()).add(person)
        # The people of blank rows that share a name and a point are one, as rows without an ID
        # are: rows read after the contact's were filed under it and found none of each other
        # (tester51 F1), rows read before it were merged; chained here, the same in any order.
        first_with: dict[int, int] = {}
        pairs: set[tuple[int, int]] = set()
        for person in blank:  # by the hashes `_find` merges rows by: a household within its group
            for h in self._row_hashes(person):
                other = first_with.setdefault(h, person)
                if other != person:
                    pairs.add((other, person))
        chained = {p for pair in pairs for p in pair}
        groups = [*_components(pairs), *([p] for p in blank if p not in chained)]
        for people in self._contacts_kept(groups):
            found = {c for p in people for h in self._identity_hashes(p) for c in known.get(h, ())}
            households = {self._households[p] for p in people} | {self._households[c] for c in found}
            if (
                len(found) != 1
                or len(households - {""}) > 1
                or self._contacts[next(iter(found))] in self._rejected
                or self._contacts[next(iter(found))] in self._two_people
            ):
                for other in people[1:]:  # one person with an ID derived (V610)
                    self._absorb(people[0], other)
                continue
            (contact,) = found
            self._joined_rows(contact, people)
            for person in people:
                self._absorb(contact, person)

    def _contacts_kept(self, groups: list[list[int]]) -> list[list[int]]:
        """Of the people whose contact-ID cells are all empty (`groups`: each one person's), those
        found in the last published set as exactly one SIS contact of their whole name and exactly
        their students, sharing their email (with no email on either, their phone), whose ID no row
        tonight gives, keep that contact's ID, said (I255); the others are returned. Derived, the
        father was re-keyed the night the SIS cleared the cell and again the night it was filled:
        Remind deleted and re-created him twice (tester71 F3). Looked for before a row with the ID
        can join them (V612): Jr. of Sr.'s name and phone, his cell blank, is the contact whose ID
        nobody gives tonight, not Sr. (reviewer83 R3). Two contacts fitting one person, or two
        people one contact, keep nothing."""
        if self._last_set is None:
            return groups
        wanted: dict[str, list[int]] = {}
        for index, people in enumerate(groups):
            values = self.values_of(people[0])
            students = {s for p in people for s in self.students_of(p) if s}
            name = name_key(values)
            # Held under a derived ID, the person was blank last night too: nothing to find.
            if students and not any(self._identities.ids_hash(identity.key(name, s)) for s in students):
                wanted.setdefault(last_contacts.wanted_key(name, students), []).append(index)
        found = last_contacts.find(self._last_set, wanted) if wanted else {}
        fits: dict[int, tuple[str, str]] = {}  # group -> (contact ID, what they share)
        for index, contacts in found.items():
            people = groups[index]
            prefix = self._plans[people[0]].prefix
            mine = frozenset(p for person in people for p in map(identity.point, _split(self._points[person])) if p)
            told = [
                (contact.sourced_id[len(prefix) :], shared)
                for contact in contacts
                if contact.sourced_id.startswith(prefix)
                and identity.digest_of(contact.sourced_id, (prefix,)) is None  # the SIS's ID, not a derived one
                and self._free_contact(contact.sourced_id[len(prefix) :])
                and (shared := last_contacts.same_contact(mine, contact))
            ]
            if len(told) == 1:
                fits[index] = told[0]
        claimed = Counter(contact for contact, _ in fits.values())
        for index, (contact, shared) in sorted(fits.items()):
            if claimed[contact] == 1:
                people = groups[index]
                self._contacts[people[0]] = contact
                for other in people[1:]:
                    self._absorb(people[0], other)
                self._say_contact_kept(people[0], shared)
        return [people for index, people in enumerate(groups) if index not in fits or claimed[fits[index][0]] != 1]

    def _free_contact(self, contact: str) -> bool:
        """Whether no row tonight gives the SIS contact ID, nor was it left out."""
        return bool(contact) and contact not in self._by_contact and contact not in self._rejected

    def _say_contact_kept(self, person: int, shared: str) -> None:
        values = self.values_of(person)
        origin = self._places.place(self._origins[person])
        sourced_id = self._plans[person].prefix + self._contacts[person]
        self.report.add(
            codes.code("guardian-contact-id-empty-kept"),
            Where(origin.file, origin.line, _contact_column(self._plans[person]), table="users", record=sourced_id),
            id=sourced_id,
            person=_whole_name(values),
            students=_students_text(set(self.students_of(person))),
            shared=shared,
        )

    def _joined_rows(self, contact: int, people: list[int]) -> None:
        """V612 at each row of `people` (whose contact-ID cell is empty), found to be SIS contact
        `contact`: one for each row, with its students, whatever the rows merged at read time."""
        plan = self._plans[people[0]]
        sourced_id = self._plans[contact].prefix + self._contacts[contact]
        first = self._places.place(self._origins[contact])
        theirs = {*_split(self._points[contact]), *_household(self._households[contact])}
        rows: dict[int, tuple[set[str], str, set[str]]] = {}  # where -> students, name, points
        for person in people:
            for at, student, name, row_points, _ in self._rows_of(person):
                students, _, held = rows.setdefault(at, (set(), name, set()))
                students.add(student)
                held.update(_split(row_points))
        for at, (students, name, points) in sorted(rows.items()):
            origin = self._places.place(at)
            shared = sorted(
                "household" if point.startswith("household:") else "email" if "@" in point else "phone"
                for point in points & theirs
            )
            self.report.add(
                codes.code("guardian-contact-id-empty-joined"),
                Where(origin.file, origin.line, _contact_column(plan), table="users", record=sourced_id),
                id=sourced_id,
                person=name,
                shared=" and ".join(dict.fromkeys(shared)) or "household",
                contact_at=f"{first.file}:{first.line}",
                students=_students_text(students - {""}),
            )

    def _rows_of(self, person: int) -> list[tuple[int, str, str, str, list[int]]]:
        """The rows without a contact ID `person` was read from (`_blank_rows`); a person none was
        noted for (not expected), as one row at their first place."""
        rows = self._blank_rows.get(person)
        if rows is not None:
            return rows
        values = self.values_of(person)
        name = " ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n)
        points = _SEP.join((*_split(self._points[person]), *_household(self._households[person])))
        return [(self._origins[person], s, name, points, []) for s in self.students_of(person) or [""]]

    def _row_hashes(self, person: int) -> set[int]:
        """The hashes `_find` looked for the person's rows without a contact ID by."""
        hashes = {h for *_, found in self._rows_of(person) for h in found}
        return hashes or self._identity_hashes(person)

    def _identity_hashes(self, person: int) -> set[int]:
        """The person's name with each of their emails, phones and household, hashed as `add` files them."""
        name = name_key(self.values_of(person))
        points = (*_split(self._points[person]), *_household(self._households[person]))
        return {id_hash(f"{name}\x00{point}") for point in points}

    def _say_kept(self, person: int, values: dict[str, str], sourced_id: str) -> None:
        """What a person kept gives to say: a landline their only number (V595); an ID derived
        because the contact-ID cell is empty (V610)."""
        origin = self._places.place(self._origins[person])
        landline = self._landline_only(person)
        if landline:
            who = who_of("users", values.get)
            where = Where(
                origin.file,
                origin.line,
                self.column_of(origin.file, "phone"),
                table="users",
                record=sourced_id,
                who=who,
            )
            self.report.add(
                codes.code("guardian-landline-only"), where, id=sourced_id, role=values["role"], value=landline
            )
        if not self._blank_contact(person):
            return
        self.report.add(
            codes.code("guardian-contact-id-empty"),
            Where(origin.file, origin.line, _contact_column(self._plans[person]), table="users", record=sourced_id),
            id=sourced_id,
            person=" ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n),
            students=_students_text(set(self.students_of(person))),
        )

    def _leave_out_roleless(self) -> None:
        """A `role_rows` contact none of whose roles (rows) was kept is left out, as a contact
        whose row failed the where is; one with a role kept is not."""
        for contact, (prefix, relative) in self._roles_left_out.items():
            if contact not in self._by_contact:
                self._rejected.add(contact)
                self._left_out.add(prefix + contact)
                if relative:
                    self._not_guardians.add(prefix + contact)
        self._roles_left_out = {}

    def _claimed(self) -> array[int]:
        """By position, the digits of the ID each person had in the last published set, or -1.
        People apart tonight who had one ID (a phone changed on one sibling's record only)
        are one person again: same name, linked to students that person had; except people of
        another household (both have a household ID, and they differ), who share nothing
        tonight: two people of one name (`_kept_apart`, tester19 F2). Two people of one name
        linked to one student who had two IDs keep them apart (`_claim`, `_told_apart`)."""
        claims = array("q", [-1]) * len(self._values)
        if not len(self._identities):
            return claims
        shared: dict[int, tuple[tuple[int, ...], list[int]]] = {}  # a key of several IDs -> them, its people (few)
        for person in range(len(self._values)):
            if person in self._absorbed or not self._derives(person):
                continue
            claim = self._claim(person, shared)
            if claim is not None:
                claims[person] = claim
        if shared:
            self._told_apart(shared, claims)
        owners = CompactMap()  # claimed digits (+1: a key is never 0) -> the first person claiming them
        contested: dict[int, list[int]] = {}  # claimed digits -> every person claiming them, when several (few)
        for person, claim in enumerate(claims):
            if claim >= 0 and (owner := owners.setdefault_hash(claim + 1, person)) is not None:
                contested.setdefault(claim, [owner]).append(person)
        for claim, people in sorted(contested.items()):
            self._reunite(claim, people, claims)
        self._renamed(claims)
        self._given_corrected(claims)
        self._remarried(claims)
        return claims

    def _renamed(self, claims: array[int]) -> None:
        """People whose name the map does not know with any of their students, found under their
        given name, email and students (`identity.renamed_key`): one person of the last published
        set had all of these, and only the family name changed (a married name), or it and the
        phone. They keep that person's ID, unless someone claims it tonight or two are found for
        it, and are said (V546; V547 where the phone changed too). Without it, Remind deleted the
        parent and created a new one, at exit 0 with no word (tester39 F2): the email, one point a
        person does not share with another of their given name, and every child are who the
        parent is; a new partner typed in with the family's email and another phone has another
        given name, and two people of one given name and one email are remembered for neither."""
        found: dict[int, list[tuple[int, bool]]] = {}  # an ID -> the people found for it, phone unchanged
        for person, claim in enumerate(claims):
            if claim >= 0 or person in self._absorbed or not self._derives(person):
                continue
            values = self.values_of(person)
            remembered = self._remembered_as(person, values)
            if remembered is not None and not self._known(person, values):
                found.setdefault(remembered.digits, []).append((person, remembered.same_phone))
        if not found:
            return
        taken = set(claims)
        for claim, people in sorted(found.items()):
            if claim in taken or len(people) > 1:
                continue
            [(person, same_phone)] = people
            claims[person] = claim
            values = self.values_of(person)
            origin = self._places.place(self._origins[person])
            sourced_id = f"{self._plans[person].prefix}{claim:012x}"
            who = who_of("users", values.get)
            self.report.add(
                codes.code("guardian-renamed-kept" if same_phone else "guardian-renamed-phone-kept"),
                Where(
                    origin.file,
                    origin.line,
                    self.column_of(origin.file, "familyName"),
                    table="users",
                    record=sourced_id,
                    who=who,
                ),
                id=sourced_id,
                person=" ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n),
                students=_students_text(set(self.students_of(person))),
            )

    def _given_corrected(self, claims: array[int]) -> None:
        """People the map does not know, found in the last published set as a parent of their
        family name and students, with their email or phone, under a given name they now spell
        otherwise (a clerk's correction: `given_corrected`): they keep that parent's ID, unless
        someone claims it tonight or would derive it (the parent of the old name still listed),
        and are said (D387). Re-keyed, Remind deleted the parent and her conversations, at exit 0
        with no word (tester62 F4: "Jude" -> "Judea", the same email, phone and children)."""
        if self._last_set is None:
            return
        wanted: dict[str, list[given_corrected.Tonight]] = {}
        for person, claim in enumerate(claims):
            if claim >= 0 or person in self._absorbed or not self._derives(person):
                continue
            values = self.values_of(person)
            given, family = identity.name_parts(values)
            students = self.students_of(person)
            if family and students and not self._known(person, values):
                points = frozenset(p for p in map(identity.point, _split(self._points[person])) if p)
                tonight = given_corrected.Tonight(person, self._plans[person].prefix, given, points)
                wanted.setdefault(given_corrected.wanted_key(family, students), []).append(tonight)
        found = given_corrected.find(self._last_set, wanted) if wanted else {}
        for person, parent in sorted(self._not_derived_again(found, claims).items()):
            claims[person] = parent.digits
            values = self.values_of(person)
            origin = self._places.place(self._origins[person])
            sourced_id = f"{self._plans[person].prefix}{parent.digits:012x}"
            self.report.add(
                codes.code("guardian-given-name-corrected-kept"),
                Where(
                    origin.file,
                    origin.line,
                    "givenName",
                    table="users",
                    record=sourced_id,
                    who=who_of("users", values.get),
                ),
                id=sourced_id,
                people=f"{parent.before} -> {_whole_name(values)}",
                students=_students_text(set(self.students_of(person))),
                shared=parent.shared,
            )

    def _remarried(self, claims: array[int]) -> None:
        """People the map does not know, found in the last published set as the one parent of their
        given name among their students' parents, of exactly their students under another family
        name, sharing a point of their own (`_married_from`), keep that parent's ID where the parent
        is nowhere in tonight's set (`_gone_tonight`) and nobody claims the ID, said with a warning
        (X824, exit 1). Re-keyed, Remind deleted the married mother and her conversations, at exit 0
        with no word (tester71 F1); kept on too little, a step-father took the father's account
        (reviewer83 R1, R2). Two "Jordan Lee" of one family are two parents of that given name: neither
        is kept for anyone."""
        if self._last_set is None:
            return
        wanted: dict[int, frozenset[str]] = {}
        for person, claim in enumerate(claims):
            if claim >= 0 or person in self._absorbed or not self._derives(person):
                continue
            values = self.values_of(person)
            students = frozenset(s for s in self.students_of(person) if s)
            if identity.name_parts(values)[0] and students and not self._known(person, values):
                wanted[person] = students
        if not wanted:
            return
        family = married_name.parents_of(self._last_set, {s for students in wanted.values() for s in students})
        fits: dict[int, tuple[married_name.Parent, int, frozenset[str]]] = {}
        for person, students in wanted.items():
            if (fit := self._married_from(person, students, family)) is not None:
                fits[person] = fit
        once = Counter(digits for _, digits, _ in fits.values())
        fits = {p: fit for p, fit in fits.items() if once[fit[1]] == 1 and fit[1] not in claims}
        for person, namesakes in sorted(self._gone_tonight(fits).items()):
            parent, digits, shared = fits[person]
            claims[person] = digits
            self._say_remarried(person, parent, digits, shared, namesakes)

    def _married_from(
        self, person: int, students: frozenset[str], family: dict[str, list[married_name.Parent]]
    ) -> tuple[married_name.Parent, int, frozenset[str]] | None:
        """The parent of the last set a person tonight may be under a new family name: the only one
        of her given name among the parents of her students, of exactly her students, whose derived
        ID her rule makes; with the emails and phones she shares with that parent and no other
        parent of those students had (a point of her own: the household's phone, or a family email,
        is every guardian's). None for none."""
        values = self.values_of(person)
        given, surname = identity.name_parts(values)
        theirs = {parent.sourced_id: parent for s in students for parent in family.get(s, ())}
        alike = [parent for parent in theirs.values() if parent.given == given]
        if len(alike) != 1 or alike[0].students != students or alike[0].family == surname:
            return None
        (parent,) = alike
        digits = identity.digest_of(parent.sourced_id, (self._plans[person].prefix,))
        mine = frozenset(p for p in map(identity.point, _split(self._points[person])) if p)
        others = {p for other in theirs.values() if other is not parent for p in other.points}
        shared = frozenset((mine & parent.points) - others)
        return (parent, digits, shared) if digits is not None and shared else None

    def _gone_tonight(self, fits: dict[int, tuple[married_name.Parent, int, frozenset[str]]]) -> dict[int, list[int]]:
        """Of `fits`, the people whose parent of the last set nobody else tonight is: nobody has one
        of the parent's emails or phones (the points shared held by one person alone tonight), nor
        the parent's whole name with anything of the parent's or hers (`_namesake_of`: the parent
        still listed, for a new child in another household, under any ID, R1). A namesake sharing no
        email, phone, household or child is another person (tester92 T1: an unrelated "Maria Garcia"
        in another family re-keyed every married Maria Garcia at exit 0). Each with the namesakes
        tonight that did not stop it, for X824 to name (review211 R2: the father moved out with a new
        email and phone is one of them, and only the admin can tell)."""
        if not fits:
            return {}
        names = {name_key({"givenName": p.given, "familyName": p.family}) for p, _, _ in fits.values()}
        points = {point for p, _, _ in fits.values() for point in p.points}
        holders: dict[str, set[int]] = {}
        namesakes: dict[str, list[int]] = {}
        for other in range(len(self._values)):
            if other in self._absorbed:
                continue
            for point in map(identity.point, _split(self._points[other])):
                if point in points:
                    holders.setdefault(point, set()).add(other)
            if (name := name_key(self.values_of(other))) in names:
                namesakes.setdefault(name, []).append(other)
        gone: dict[int, list[int]] = {}
        for person, (parent, _, _) in fits.items():
            old = namesakes.get(name_key({"givenName": parent.given, "familyName": parent.family}), [])
            # By what their rows hold, so the three X824 names are the same in any row order (review215 R3).
            others = sorted((other for other in old if other != person), key=self._namesake_order)
            if all(holders.get(p, set()) <= {person} for p in parent.points) and not any(
                self._namesake_of(other, person, parent) for other in others
            ):
                gone[person] = others
        return gone

    def _namesake_order(self, person: int) -> tuple[list[str], str]:
        """A namesake X824 names, by their students and values (not by the row read first)."""
        return sorted(self.students_of(person)), self._values[person]

    def _namesake_of(self, other: int, person: int, parent: married_name.Parent) -> bool:
        """Whether `other`, of the whole name the last set's `parent` had, may be that parent: shares
        an email or phone with the parent or with `person` (who may be the parent under a new name),
        her household, or a student of either."""
        theirs = {p for p in map(identity.point, _split(self._points[other])) if p}
        mine = {p for p in map(identity.point, _split(self._points[person])) if p}
        if theirs & (parent.points | mine):
            return True
        household = self._households[other]
        if household and household == self._households[person]:
            return True
        students = set(self.students_of(other))
        return not students.isdisjoint(parent.students) or not students.isdisjoint(self.students_of(person))

    def _say_remarried(
        self, person: int, parent: married_name.Parent, digits: int, shared: frozenset[str], namesakes: list[int]
    ) -> None:
        values = self.values_of(person)
        origin = self._places.place(self._origins[person])
        sourced_id = f"{self._plans[person].prefix}{digits:012x}"
        self.report.add(
            codes.code("guardian-remarried-kept"),
            Where(
                origin.file,
                origin.line,
                self.column_of(origin.file, "familyName", self._groups[person]),
                table="users",
                record=sourced_id,
                who=who_of("users", values.get),
            ),
            id=sourced_id,
            person=_whole_name(values),
            before=parent.name,
            students=_students_text(set(self.students_of(person))),
            shared=" and ".join(sorted({"email" if "@" in p else "phone" for p in shared})),
            tonight=self._namesakes_text(namesakes, _whole_name(values)),
        )

    def _namesakes_text(self, namesakes: list[int], name: str) -> str:
        """X824's words on the old whole name tonight: nobody has it, or who does, with their students
        and rows (the first three by their students), sharing no email, phone or student with either nor
        the household of `name`, tonight's parent (`_namesake_of`; another person, or the
        parent moved out with new ones: then it is not a marriage; review211 R2)."""
        if not namesakes:
            return "nobody tonight has that name, email or phone"
        listed = []
        for other in namesakes[:3]:
            origin = self._places.place(self._origins[other])
            students = _students_text(set(self.students_of(other)))
            listed.append(f"{_whole_name(self.values_of(other))} ({students}, {origin.file} line {origin.line})")
        more = f" and {len(namesakes) - 3} more" if len(namesakes) > 3 else ""
        return (
            f"nobody tonight has that email or phone, but {'; '.join(listed)}{more} "
            f"{'has' if len(namesakes) == 1 else 'have'} that name, sharing no email, phone or student with "
            f"either, nor {name}'s household: another person, or that parent moved out with a new email and phone, "
            "and then this is not a marriage and the ID is theirs"
        )

    def _not_derived_again(
        self, found: dict[int, given_corrected.Found], claims: array[int]
    ) -> dict[int, given_corrected.Found]:
        """Of `found`, those whose ID nobody claims tonight, and nobody of the parent's old name
        derives: the parent of the old name still listed, with other children, is the one the
        ID is of, and two people under it would both be left out (V537)."""
        found = {person: parent for person, parent in found.items() if parent.digits not in claims}
        old_names: dict[str, set[int]] = {}
        for parent in found.values():
            old_names.setdefault(parent.name, set()).add(parent.digits)
        if not old_names:
            return found
        taken: set[int] = set()
        for person, claim in enumerate(claims):
            if claim >= 0 or person in self._absorbed or not self._derives(person):
                continue
            values = self.values_of(person)
            held = old_names.get(name_key(values))
            if held and (digits := self._derived_digits(person, values)) in held:
                taken.add(digits)
        return {person: parent for person, parent in found.items() if parent.digits not in taken}

    def _remembered_as(self, person: int, values: dict[str, str]) -> identity.Renamed | None:
        """The person of the last published set with this person's given name, email and students
        (`identity.Remembered.renamed`), whatever their family name and phone; None for none."""
        students = self.students_of(person)
        if not students:
            return None
        given = identity.name_parts(values)[0]
        return self._identities.renamed(given, values.get("email", ""), values.get("phone", ""), students)

    def _known(self, person: int, values: dict[str, str]) -> bool:
        """Whether the map holds the person's name with one of their students (a person seen before)."""
        name = name_key(values)
        for student in self.students_of(person):
            if self._identities.ids_hash(identity.key(name, student)):
                return True
            if self._former(values, student) is not None:
                return True
            if identity.garbled_key(values, student, self._held) is not None:
                return True
        return False

    def _held(self, h: int) -> bool:
        return bool(self._identities.ids_hash(h))

    def _former(self, values: dict[str, str], student: str) -> tuple[int, tuple[int, ...]] | None:
        """The first of the keys earlier versions made (`identity.former_keys`) the map holds, with its IDs."""
        if not len(self._identities):  # a first run: no map to look in
            return None
        for old in identity.former_keys(values, student):
            if ids := self._identities.ids_hash(old):
                return old, ids
        return None

    @staticmethod
    def _told_apart(shared: dict[int, tuple[tuple[int, ...], list[int]]], claims: array[int]) -> None:
        """Keys that held several IDs (people of one name linked to one student, `_claim`): where
        tonight's people of that name linked to that student who have an ID of theirs (their name
        and points derive it, or their other students had it) leave one person without one and one
        of the key's IDs unclaimed, that ID is the person's (their email changed). Otherwise the key
        tells nothing, and each person left gets the ID their name and points derive, as a first run
        gives them. Repeated until nothing more is told: whatever the order of the rows."""
        while True:
            told: dict[int, set[int]] = {}
            for ids, people in shared.values():
                unsure = [person for person in people if claims[person] < 0]
                left = set(ids).difference(claims[person] for person in people)
                if len(unsure) == 1 and len(left) == 1:
                    told.setdefault(unsure[0], set()).update(left)
            settled = [(person, ids.pop()) for person, ids in sorted(told.items()) if len(ids) == 1]
            if not settled:
                return
            for person, claim in settled:
                claims[person] = claim

    def _reunite(self, claim: int, people: list[int], claims: array[int]) -> None:
        """People apart tonight who claim one ID: the one the ID is most theirs keeps it (its
        household or point still derives it, else most of its students had it, else the lowest
        student, else the lowest ID its name and points derive), and the others are that person
        again, unless of another household: those keep apart, with an ID of their own, and are said
        (V604). Nor are two people one who are linked to one student: two rows of one name on one
        child's record sharing no email, phone or household are two people on a first run (a father
        and a grandfather of one name, the grandfather added tonight), and the map does not make
        them one; the other gets the ID their name and points derive. Whatever the order of the rows."""

        def rank(person: int) -> tuple[int, bool, int, str, int]:
            values, students = self.values_of(person), self.students_of(person)
            name = name_key(values)
            had = sum(1 for s in students if claim in self._identities.ids_hash(identity.key(name, s)))
            derived = self._derived_digits(person, values)
            return (
                self._published_with(person, values, claim),
                derived != claim,
                -had,
                min(students, default=_NO_STUDENT),
                derived,
            )

        keeper, *others = sorted(people, key=lambda p: (rank(p), p))
        households = set(_household(self._households[keeper]))
        kept_students = set(self.students_of(keeper))
        linked = set(kept_students)  # the students of the keeper and of those found to be them
        for person in others:
            household = _household(self._households[person])
            students = set(self.students_of(person))
            claims[person] = -1
            if households and household and not households & set(household):
                self._kept_apart(person, keeper, claim, kept_students)
                self._not_that_id(person, claim)
                continue
            if students & linked:
                self._not_that_id(person, claim)
                continue
            households.update(household)
            linked |= students
            self._absorb(keeper, person)
        claims[keeper] = claim

    def _published_with(self, person: int, values: dict[str, str], claim: int) -> int:
        """How surely the ID `claim` was the person's, told by the line the map holds of the person
        last published with their given name, email and students (`identity.renamed_key`): 0 found
        with it and the same phone, 1 with it and another phone, 2 not found with it. What a person
        was published with tells before the ID their name and points derive tonight, which follows
        a position: of a mother and a father of one name and household, the first group's (the
        mother's) is the household's; derived first, a mother added tonight took the ID the father
        had had alone, and he got a new one (tester40 F1)."""
        remembered = self._remembered_as(person, values)
        if remembered is None or remembered.digits != claim:
            return 2
        return 0 if remembered.same_phone else 1

    def _not_that_id(self, person: int, claim: int) -> None:
        """A person kept apart from the one who keeps `claim`, whose name and points derive that ID
        tonight (the mother of the father's name and household, tester40 F1), has an ID of the
        household and their own email, else phone, else group, as the other of two such people
        has on a first run (`_twins_anchored`): the same ID twice would leave both out (V537)."""
        if self._derived_digits(person, self.values_of(person)) == claim:
            self._anchors[person] = self._own_anchor(person)

    def _kept_apart(self, person: int, keeper: int, claim: int, kept_students: set[str]) -> None:
        values = self.values_of(person)
        origin = self._places.place(self._origins[person])
        sourced_id = f"{self._plans[keeper].prefix}{claim:012x}"
        self.report.add(
            codes.code("guardian-kept-apart"),
            Where(origin.file, origin.line, table="users", record=sourced_id, who=who_of("users", values.get)),
            id=sourced_id,
            person=" ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n),
            students=_students_text(set(self.students_of(person))),
            household=self._households[person],
            kept_students=_students_text(kept_students),
            kept_household=self._households[keeper],
        )

    def _derived_digits(self, person: int, values: dict[str, str]) -> int:
        """The digits of the ID the person's name and points derive tonight (`_sourced_id`)."""
        return int(self._derived(person, values), 16)

    def _derives(self, person: int) -> bool:
        """Whether the person's ID is derived (not the SIS's, nor Remind's P1/P2)."""
        plan = self._plans[person]
        return plan.id_scheme == "derived" or (plan.id_scheme == "contact" and not self._contacts[person])

    def _claim(self, person: int, shared: dict[int, tuple[tuple[int, ...], list[int]]]) -> int | None:
        """The ID (as digits) the map gives this name with the person's students: the one most of
        them had, on a tie the lowest; None for a person not seen before. A key not in the map is
        looked for as maps written by earlier versions made it (`identity.former_keys`: before accents
        were ignored, before a "First Last" field's family name kept its particles, "Fatima Berg" of
        "Fatima van der Berg", or took a Di or Van that is an East Asian name, "Di Chen" of "Wei Di
        Chen", and each of these with the other), then as the name with a letter lost to '?' by a save
        in another encoding (`identity.garbled_key`).

        A key that held several IDs (two people of one name linked to one student: a father and
        a grandfather "Omar Lopez") is no proof of either: it counts for the one ID of them last
        published with an email or phone the person still has (`Remembered.by_points`: the father's
        email changed, his phone did not), else for the ID the person's name and points derive
        tonight when that is one of them, and is noted in `shared` (with the person) for
        `_told_apart`. Taken as proof, both would claim one ID and be merged on the second night of
        the same exports (tester30 F1); told by the key alone, the father's ID was lost on the night
        the grandfather's email changed too, even months after his own (tester39 F1)."""
        values = self.values_of(person)
        name = name_key(values)
        counts: dict[int, int] = {}
        derived = -1
        for student in self.students_of(person):
            h = identity.key(name, student)
            ids = self._identities.ids_hash(h)
            if not ids and (former := self._former(values, student)) is not None:
                h, ids = former  # a map written before accents were ignored, or a "First Last" split otherwise
            if not ids and (lost := identity.garbled_key(values, student, self._held)) is not None:
                h, ids = lost, self._identities.ids_hash(lost)  # a letter lost to '?' tonight or then
            if len(ids) > 1:
                shared.setdefault(h, (ids, []))[1].append(person)
                derived = self._derived_digits(person, values) if derived < 0 else derived
                # The ID last published with a point the person still has tells first: a derived
                # ID may follow a position (the first group's is the household's), which passes to
                # the father the night the mother of his name is no longer listed (tester40 F1).
                told = self._identities.by_points(h, _split(self._points[person]))
                if len(told) == 1:
                    ids = told
                elif derived in ids:
                    ids = (derived,)
                else:  # every point changed, or a point two of them share: no proof of either
                    ids = ()
            for digest in ids:
                counts[digest] = counts.get(digest, 0) + 1
        return max(counts, key=lambda d: (counts[d], -d)) if counts else None

    def _link(self, student: str, guardian: str) -> None:
        found = self._agents.setdefault_hash(id_hash(student), len(self._agent_ids))
        if found is None:
            self._agent_ids.append(guardian)
        else:
            self._agent_ids[found] += f",{guardian}"

    def _output_order(self, kept: array[int]) -> Sequence[int]:
        """The positions by file name, line and group: usually as they were read, and then
        nothing is sorted (sorting a million guardians holds a key object for each)."""
        rank = {name: i for i, name in enumerate(sorted(self._places.files))}

        def key(person: int) -> int:
            origin = self._origins[person]
            return (rank[self._places.file_of(origin)] << 64 | self._places.line_of(origin)) << 32 | self._groups[
                person
            ]

        if all(a <= b for a, b in pairwise(map(key, kept))):  # each key made once
            return kept
        return sorted(kept, key=key)

    def _sourced_id(self, person: int, values: dict[str, str]) -> str:
        plan, contact = self._plans[person], self._contacts[person]
        if plan.id_scheme == "contact" and contact:
            return f"{plan.prefix}{contact}"
        if plan.id_scheme == "student-prefix":
            return f"{plan.prefix}{self._groups[person] + 1}{min(self.students_of(person))}"
        if self._claims[person] >= 0:  # the ID the person had in the last published set
            return f"{plan.prefix}{self._claims[person]:012x}"
        return f"{plan.prefix}{self._derived(person, values)}"

    def _derived(self, person: int, values: dict[str, str]) -> str:
        """The 12 hex digits of SHA-1 over the name and the person's most stable point."""
        points = _split(self._points[person])
        emails = [p for p in points if "@" in p]
        phones = [p for p in points if "@" not in p]
        anchor = (
            self._anchors.get(person) or self._households[person] or min(emails, default="") or min(phones, default="")
        )
        return hashlib.sha1(f"{name_key(values)}|{anchor}".encode()).hexdigest()[:_DIGITS]

    def ids(self) -> IdSet:
        """The sourcedIds of the people `resolve` kept."""
        return self._kept_ids

    def _email_place(self, person: int) -> str:
        """Where the person's email kept was read, when on another row than theirs (EMAIL_AT)."""
        at = self._email_at.get(person)
        if at is None:
            return ""
        place = self._places.place(at[0])
        return f"{place.file}\t{place.line}\t{at[1]}"

    def _resolved(self) -> Iterator[tuple[str, str, str, int, int, str, str]]:
        """(sourcedId, values, students, origin, group, other emails, email's place) of each person
        kept by `resolve`, in output order."""
        if self._kept is not None:
            self._kept.handle.seek(0)
            yield from self._kept

    def resolved(self) -> list[tuple[str, list[str]]]:
        """(sourcedId, linked students) of each person kept by `resolve`, in output order."""
        return [(sourced_id, _split(students)) for sourced_id, _, students, *_ in self._resolved()]

    def _person_draft(self, person: int, values: dict[str, str], sourced_id: str) -> Draft:
        """The person as a users record, with the email, phone or sms a cleaner could not read."""
        draft = self._draft(self._origins[person], values, sourced_id, group=self._groups[person])
        if person in self._unread:
            unread, blanked = self._unread[person]
            if unread:
                draft.extra[UNREAD_CONTACT] = unread
            draft.extra[BLANKED_CONTACT] = blanked
        return draft

    def _draft(
        self,
        origin: int,
        values: dict[str, str],
        sourced_id: str,
        group: int = -1,
        other_emails: str = "",
        email_at: str = "",
        **extra: str,
    ) -> Draft:
        """The person as a users record; `group`: the `each` group of the row it stands at (whose own
        columns a problem of the record names, export_columns.guardians_of); `other_emails`: those
        other rows gave (V550), tab-separated; `email_at`: where the email was read (EMAIL_AT)."""
        values["role"] = values.get("role") or DEFAULT_ROLE
        values["sourcedId"] = sourced_id
        values.update(extra)
        draft = Draft("users", values, self._places.place(origin), "guardians")
        if group >= 0:
            draft.extra[GROUP] = str(group)
        if other_emails:
            draft.extra[OTHER_EMAILS] = other_emails
        if email_at:
            draft.extra[EMAIL_AT] = email_at
        return draft

    def _count_domain(self, joined: str) -> None:
        """A kept person's email domain, counted (`email_domains`)."""
        at = self._position.get("email")
        email = joined.split(_SEP)[at] if at is not None else ""
        if "@" in email:
            self.with_email += 1
            self.email_domains[email.rpartition("@")[2].casefold()] += 1

    def link_students(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Students name their guardians in agentSourcedIds: those the guardians' rows link, and
        those a student's own row names (OneRoster lets either side write the link), when they
        are guardians kept here; any other ID is taken off the student and reported."""
        for draft in drafts:
            student = draft.values.get("sourcedId", "")
            is_student = draft.values.get("role") == "student"
            slot = self._agents.pop_hash(id_hash(student))  # each student is linked once
            agents: list[str] = []
            if slot is not None:
                agents, self._agent_ids[slot] = self._agent_ids[slot].split(","), ""
            own = is_student and draft.values.get("agentSourcedIds")
            have = self._own_agents(draft, student, agents) if own else []
            have += [a for a in agents if a not in have] if is_student else []
            if is_student and (have or "agentSourcedIds" in draft.values):
                draft.values["agentSourcedIds"] = ",".join(have)
            yield draft
        self._agents, self._agent_ids = CompactMap(), []

    def _own_agents(self, draft: Draft, student: str, made: list[str]) -> list[str]:
        """The guardians a student's own agentSourcedIds names, noted as theirs. `made`: the
        guardians whose own rows link the student (a link named otherwise is made by them, V568)."""
        have: list[str] = []
        for agent in filter(None, draft.values.get("agentSourcedIds", "").split(",")):
            if agent in have:
                continue
            if agent in self._kept_ids:
                have.append(agent)
                named = self._named.setdefault(agent, [])
                if student not in named:
                    named.append(student)
                continue
            if agent in self._not_guardians:  # a relative: taken off, as their own row says (F409)
                continue
            if agent not in self._left_out and self._named_otherwise(draft, student, agent, made):
                continue
            detail = (
                "who is left out as a guardian (see that person's row)"
                if agent in self._left_out
                else "who is not a parent, guardian or relative in this set"
            )
            where = Where(draft.origin.file, draft.origin.line, "agentSourcedIds", table="users", record=student)
            if agent not in self._left_out:  # named by a student's row, with no row of its own? (X882)
                self.report.names_user(agent, where.file, where.line, codes.code("agent-not-guardian").id, "users")
            self.report.add_once(
                ("agent", student, agent),
                codes.code("agent-not-guardian"),
                where,
                id=student,
                value=agent,
                detail=detail,
            )
        return have

    def _named_otherwise(self, draft: Draft, student: str, agent: str, made: list[str]) -> bool:
        """A student's link naming a kept guardian but for letter case or leading zeros (V564):
        taken off, said with both spellings, the guardian noted (`_named_loosely`, F446). When the
        guardian's own row links the student (`made`), the link is made all the same: said as a
        warning (V568, reviewer61 R5: 120 errors on a right set)."""
        guardian = agent_links.twin(agent, self._kept_ids.__contains__)
        if not guardian:
            return False
        where = Where(draft.origin.file, draft.origin.line, "agentSourcedIds", table="users", record=student)
        linked = guardian in made
        agent_links.say_named_otherwise(self.report, where, student, agent, guardian, linked=linked)
        if not linked:
            self._named_loosely.add(guardian)
        return True

    def _note_unlinked(
        self, sourced_id: str, every: list[str], twins: dict[str, str], where: Where, of_left_out: Named
    ) -> None:
        """A guardian left out with no student, for lack of links (agent_links, F446): named by
        students only otherwise, its own links all written otherwise, or no link either way; one
        named by a student's row left out (`of_left_out`: withdrawn, of a school not rostered) is
        a parent of a student not in the set, noted apart."""
        if every and len(twins) == len(every):
            agent_links.note_unlinked(self.report, "links_otherwise", where)
        elif not every:
            if sourced_id in self._named_loosely:
                kind = "named_otherwise"
            else:
                kind = "of_left_out" if of_left_out(sourced_id) else "none"
            agent_links.note_unlinked(self.report, kind, where)

    def note_schools(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """Remember each kept student's schools: a guardian belongs to their children's schools."""
        for draft in drafts:
            if draft.values.get("role") == "student":  # a few distinct school lists: held once each
                schools = self._school_lists.setdefault(draft.values.get("orgSourcedIds", ""), len(self._school_lists))
                self._schools.setdefault_hash(id_hash(draft.values["sourcedId"]), schools)
            yield draft

    def schools_of(self, student: str) -> list[str] | None:
        """A kept student's schools (`note_schools`); None for a student not kept."""
        return self.schools_of_hash(id_hash(student))

    def schools_of_hash(self, h: int) -> list[str] | None:
        """`schools_of` the student whose ID has the hash `h` (compact.id_hash)."""
        at = self._schools.get_hash(h)
        if at is None:
            return None
        joined = next(schools for schools, number in self._school_lists.items() if number == at)  # a few
        return [s for s in joined.split(",") if s]

    def forget_students(self, student_ids: Iterable[str]) -> None:
        """Students noted as kept and then left out (an ID two people share): no guardian is
        linked to them."""
        for student in student_ids:
            self._schools.pop_hash(id_hash(student))

    def _not_usable(self, sourced_id: str, person: int) -> None:
        """A person whose values leave them out (V515): left out, and kept a while (`_swapped`)."""
        self._left_out.add(sourced_id)
        if len(self._unusable) < UNUSABLE_KEPT:
            self._unusable.append((sourced_id, self._students[person], self._origins[person]))

    def _swapped(self, sourced_id: str, linked: list[str], place: SourceRow) -> None:
        """A person linked to no student of the set who is a student of the set: the row's two
        ID columns read the other way round, counted (report.facts, seen_values: F440). The
        person's ID is the contact ID the row names, after the rule's prefix ("G" + CONTACT_ID):
        either is looked for among the students (tester52 F4: an Infinite Campus contacts.csv
        swapped was told only as X975, its guardians' IDs prefixed)."""
        student_id = self._a_student(sourced_id) if linked else ""
        if not student_id:
            return
        if any(self._schools.get_hash(id_hash(s)) is not None for s in linked):
            return
        swapped = self.report.facts.setdefault("guardians_swapped", [0, place.file, place.line, student_id, linked[0]])
        swapped[0] += 1
        if (place.file, place.line) < (swapped[1], swapped[2]):  # the first row, in whatever order
            swapped[1:] = [place.file, place.line, student_id, linked[0]]

    def _a_student(self, sourced_id: str) -> str:
        """The ID, or the ID after a guardian rule's prefix, when it is a kept student's; else ""."""
        ids = [sourced_id, *(sourced_id[len(p) :] for p in self._prefixes if p and sourced_id.startswith(p))]
        return next((i for i in ids if i and self._schools.get_hash(id_hash(i)) is not None), "")

    def _unjoined_swapped(self) -> None:
        """The rows of a guardian rule left out because a join found no row (D300, mapping:
        report.guardians_unjoined): one whose contact ID is a kept student's, naming as the student
        one who is none, is a row read the other way round (F440), counted as `_swapped` counts a
        person, once per contact (tester52 F4: eSchoolPLUS joins REG_CONTACT by CONTACT_ID, Skyward
        SMS the student by STUDENT-ID, so every row of a swapped file was a D300)."""
        seen: set[str] = set()
        kept = 0
        for contact, student, file, line in self.report.guardians_unjoined_rows:
            if contact and contact not in seen and student and self._schools.get_hash(id_hash(contact)) is not None:
                seen.add(contact)
                self._swapped(contact, [student], SourceRow(file, line, [], {}))
            kept += bool(student) and self._schools.get_hash(id_hash(student)) is not None
        if kept:  # parents of students of the set lost with their row: X969 counts them (uncovered48)
            held = self.report.guardians_unjoined_rows
            self.report.facts["guardian_rows_unjoined_kept"] = round(
                kept * self.report.guardians_unjoined[0] / len(held)
            )
        self.report.guardians_unjoined_rows = []

    def guardians(
        self, left_out: Callable[[str], bool] | None = None, of_left_out: Named | None = None
    ) -> Iterator[Draft]:
        """Guardians of school_list least one kept student, naming those students and their schools.
        `left_out`: whether an ID names a student the run left out (withdrawn, say), exactly: a link
        to her is no student ID written otherwise (V608), beside a kept twin of it. `of_left_out`:
        whether a student's row left out names a guardian (`_note_unlinked`)."""
        of_left_out = of_left_out or _nobody
        for sourced_id, linked, origin in self._unusable:  # left out for their values (V515)
            self._swapped(sourced_id, _split(linked), self._places.place(origin))
        self._unusable = []
        self._unjoined_swapped()
        school_lists = [[s for s in schools.split(",") if s] for schools in self._school_lists]  # a few
        # The guardians published, by their ID without letter case or leading zeros and their name,
        # and by their ID without letter case and their name (V552): two hashes a guardian (a dict
        # of IDs, names and students was ~270 bytes a user, two maps naming the first's row ~115).
        twins_seen = (IdSet(), IdSet())
        for sourced_id, joined, linked, origin, group, other_emails, email_at in self._resolved():
            every = _split(linked)
            if self._named:
                every += [s for s in self._named.pop(sourced_id, []) if s not in every]
            found = [(s, self._schools.get_hash(id_hash(s))) for s in every]
            students = [(s, school_list) for s, school_list in found if school_list is not None]
            values = self._values_dict(joined)
            # A link naming a kept student but for letter case or leading zeros is the exports
            # writing the ID two ways (V608, an error), not a student left out (V582, F413).
            twins = {
                s: twin
                for s, school_list in found
                if school_list is None and not (left_out and left_out(s)) and (twin := self._written_otherwise(s))
            }
            if twins:
                self._links_written_otherwise(sourced_id, values, origin, twins)
            if not students:
                place = self._places.place(origin)
                where = Where(place.file, place.line, table="users", record=sourced_id, who=who_of("users", values.get))
                self._zeros_lost(every)
                self._note_unlinked(sourced_id, every, twins, where, of_left_out)
                if twins and len(twins) == len(every):
                    continue  # left out for the links written otherwise alone (V608): no F413 to add
                # Links to no student of the set (X975), and to none the exports list either: a
                # graduate's or a withdrawn student's parent is left out on purpose (F413), and a
                # PowerSchool export keeps every graduate's contacts (review74 R1).
                elsewhere = [s for s in every if not (left_out and left_out(s))]
                if elsewhere:
                    self.report.facts.setdefault("guardian_link_elsewhere", elsewhere[0])
                    facts = self.report.facts
                    facts["guardians_linked_elsewhere"] = facts.get("guardians_linked_elsewhere", 0) + 1
                self._swapped(sourced_id, every, place)
                self.report.add(codes.code("guardian-no-student"), where, id=sourced_id, value=name_key(values))
                continue
            if len(students) < len(found):
                unknown = dict.fromkeys(s for s, school_list in found if school_list is None and s not in twins)
                self._unknown_students(sourced_id, values, origin, list(unknown), left_out)
            self._id_written_otherwise(sourced_id, values, origin, [s for s, _ in students], twins_seen)
            schools = school_lists[students[0][1]]
            if len(students) > 1:  # siblings: the schools of each not listed yet, in order
                schools = list(schools)
                for _, school_list in students[1:]:
                    schools += [s for s in school_lists[school_list] if s not in schools]
            yield self._draft(
                origin,
                values,
                sourced_id,
                group,
                other_emails,
                email_at,
                agentSourcedIds=",".join(s for s, _ in students),
                orgSourcedIds=",".join(schools),
            )
        self.close()

    def _zeros_lost(self, links: list[str]) -> None:
        """A guardian linked to no kept student whose link names one but for leading zeros (101
        for 000101): counted for X968 (report.facts["guardians_zeros_lost"]), the first such link
        kept for its hint (report.facts["guardian_link_zeros"]). Only such guardians count: an
        emergency contact or a doctor (no link kept) and the parent of a withdrawn or graduated
        student (a student the export lists) link to no student on purpose."""
        for link in links:
            if link.isdigit():
                for width in range(len(link) + 1, len(link) + ZEROS_TRIED + 1):
                    if self._schools.get_hash(id_hash(link.zfill(width))) is not None:
                        self.report.facts.setdefault("guardian_link_zeros", [link, link.zfill(width)])
                        self.report.facts["guardians_zeros_lost"] = self.report.facts.get("guardians_zeros_lost", 0) + 1
                        return

    def _id_written_otherwise(
        self,
        sourced_id: str,
        values: dict[str, str],
        origin: int,
        students: list[str],
        seen: tuple[IdSet, IdSet],
    ) -> None:
        """V552 when a guardian published before this one has this one's ID but for letter case or
        leading zeros (G3F2A-01 and G3f2a-01, G60010 and G060010) and the same name: siblings' rows
        write one contact's ID two ways (tester56 F4), and Remind creates one user of the two only.
        Published as read (which spelling is the SIS's is not known here), exit 1."""
        name = plain(name_key(values))
        folded = sourced_id.casefold()
        key = f"{_ZERO_RUNS.sub(lambda m: m.group().lstrip('0') or '0', folded)}\x00{name}"
        by_key, by_case = seen
        if key not in by_key:
            by_key.add(key)
            by_case.add(f"{folded}\x00{name}")
            return
        place = self._places.place(origin)
        self.report.add(
            codes.code("guardian-id-written-otherwise"),
            Where(place.file, place.line, table="users", record=sourced_id, who=who_of("users", values.get)),
            twin=sourced_id,
            value=name_key(values),
            how="letter case" if f"{folded}\x00{name}" in by_case else "leading zeros",
            students=", ".join(students),
        )

    def _written_otherwise(self, student: str) -> str:
        """The kept student `student`, naming none, names but for letter case or leading zeros
        (`051301` for `51301`, `s1001` for `S1001`, a GUID in other case), as the validator finds
        a reference's twin (V608); "" when there is none."""

        def kept(sourced_id: str) -> bool:
            return self._schools.get_hash(id_hash(sourced_id)) is not None

        for other in (student.upper(), student.lower()):
            if other != student and kept(other):
                return other
        return padded_twin(student, kept) or ""

    def _links_written_otherwise(
        self, sourced_id: str, values: dict[str, str], origin: int, twins: dict[str, str]
    ) -> None:
        """V608 for each link of a guardian naming a kept student written otherwise (tester56 F2):
        an error, left out as enrolments naming such a student are, counted among the guardians
        lost (X969); a guardian of the last set whom it leaves with no student is removed for it
        (X981, the record named with its row: pipeline.dropped_gate)."""
        name = name_key(values)
        for student, twin in twins.items():
            # The row whose link is written otherwise, not the guardian's first row (contacts47).
            place = self._places.place(self.link_rows.origin(name, student, origin))
            where = Where(
                place.file,
                place.line,
                "agentSourcedIds",
                table="users",
                record=sourced_id,
                who=who_of("users", values.get),
            )
            how = "letter case" if student.lower() == twin.lower() else "leading zeros"
            self.report.links_written_otherwise[(sourced_id, twin)] = (place.file, place.line, student)
            self.report.add(
                codes.code("reference-written-otherwise"),
                where,
                table="users",
                field="agentSourcedIds",
                value=student,
                target="students",
                twin=twin,
                how=how,
            )

    def _unknown_students(
        self,
        sourced_id: str,
        values: dict[str, str],
        origin: int,
        students: list[str],
        left_out: Callable[[str], bool] | None,
    ) -> None:
        """The links of a kept guardian to students who are not kept here, each said once at the
        row naming the student: they are left out of the guardian's agentSourcedIds (V582). One to
        a student no export lists (not one the run left out, a withdrawn one) is noted for the
        gate (Report.links_unlisted): a student ID mistyped, when the guardian lost a child of
        the last set tonight (pipeline.links_gate, V557)."""
        name = name_key(values)
        for student in students:
            place = self._places.place(self.link_rows.origin(name, student, origin))
            where = Where(place.file, place.line, table="users", record=sourced_id, who=who_of("users", values.get))
            if left_out is not None and not left_out(student):
                self.report.links_unlisted.setdefault(sourced_id, []).append((student, place.file, place.line))
            self.report.add(
                codes.code("guardian-student-unknown"), where, id=sourced_id, value=name_key(values), student=student
            )


class LinkRows:
    """Where tonight's guardian rows linking a student were read (a row left out by the rule's
    where or link_where is none): by the hash of the name the row gives and the student it names,
    the first row's place (rows.Places), 16 bytes a slot. What the safety gate reads when a link
    of the last set is gone tonight (pipeline.links_gate, V557) and what V608 names."""

    def __init__(self, places: Places, rows: int = 0) -> None:
        """`rows`: about how many rows will be noted (a map grown holds twice while it moves)."""
        self.places = places
        self._rows = CompactMap(capacity=rows)

    def note(self, name: str, student: str, origin: int) -> None:
        self._rows.setdefault_hash(id_hash(f"{name}\x00{student}"), origin)

    def origin(self, name: str, student: str, default: int) -> int:
        found = self._rows.get_hash(id_hash(f"{name}\x00{student}"))
        return default if found is None else found

    def row(self, name: str, student: str) -> tuple[str, int] | None:
        """(file, line) of the first row naming a guardian of `name` (identity.name_key) for `student`."""
        found = self._rows.get_hash(id_hash(f"{name}\x00{student}"))
        return None if found is None else (self.places.file_of(found), self.places.line_of(found))


# I286: most of the rows naming two people of other names give both one contact point, which
# their groups read from one column (P115), counted over at least this many rows.
MIN_SHARED_ROWS = 5


class _SharedPointCount:
    """For a rule one of whose each groups reads a contact point from a column another group
    reads (GuardianPlan.shared_points, P115): of the rows naming both groups' people, of other
    names, with the point filled for both, how many give both the same value (tester38 F4: the
    father's email read from Mother Email gave 213 of 230 fathers the mother's email)."""

    def __init__(self, plan: GuardianPlan) -> None:
        self.plan = plan
        self.counts = [[0, 0] for _ in plan.shared_points]  # [same, rows] per shared point
        self.first: list[tuple[str, int] | None] = [None] * len(plan.shared_points)  # a row giving one value

    def rows(self, candidates: Iterable[GuardianCandidate]) -> Iterator[GuardianCandidate]:
        """The candidates, each row's groups counted as they pass (a row's candidates come together)."""
        at: tuple[str, int] | None = None
        groups: dict[int, dict[str, str]] = {}
        for candidate in candidates:
            if not candidate.rejected:
                origin = (candidate.origin.file, candidate.origin.line)
                if origin != at:
                    self._count(at, groups)
                    at, groups = origin, {}
                groups.setdefault(candidate.group, candidate.values)
            yield candidate
        self._count(at, groups)

    def _count(self, at: tuple[str, int] | None, groups: dict[int, dict[str, str]]) -> None:
        if at is None:
            return
        for n, point in enumerate(self.plan.shared_points):
            mine, theirs = groups.get(point.group), groups.get(point.other)
            if mine is None or theirs is None or name_key(mine) == name_key(theirs):
                continue
            value, other = mine.get(point.field, ""), theirs.get(point.other_field, "")
            if value and other:
                self.counts[n][1] += 1
                if value.casefold() == other.casefold():
                    self.counts[n][0] += 1
                    self.first[n] = self.first[n] or at

    def said(self, report: Report) -> None:
        """I286 for each shared point that gave most such rows' two people one value."""
        for point, (same, rows), first in zip(self.plan.shared_points, self.counts, self.first, strict=True):
            if rows < MIN_SHARED_ROWS or same * 2 <= rows or first is None:
                continue
            report.add(
                codes.code("each-group-point-same"),
                Where(first[0], first[1], point.columns, table="users"),
                file=first[0],
                same=same,
                rows=rows,
                group=point.group_name,
                other=point.other_name,
                field=point.field,
                other_field=point.other_field,
                path=point.path,
                columns=point.columns,
            )


def _marked(candidate: GuardianCandidate) -> dict[str, str]:
    """The candidate's values, its phone behind the mark of its kind (_PHONE_MARKS)."""
    phone = candidate.values.get("phone")
    if not phone:
        return candidate.values
    return {**candidate.values, "phone": _PHONE_MARKS.get(candidate.phone_kind, "\x02") + phone}


def _points(values: dict[str, str]) -> list[str]:
    """What identifies a person besides the name: emails (casefolded) and phones."""
    points = [values.get(k, "") for k in ("email", "phone", "sms")]
    return [p.casefold() if "@" in p else p for p in points if p]


def _listed_twice(one: dict[str, str], other: dict[str, str]) -> bool:
    """Whether two groups of one row naming one name are one person listed twice: they share an
    email or phone, and neither kind tells them apart. A mother and a father both named Jean Martin
    with emails of their own who share the home phone (or a family email, with phones of their
    own) are two people (tester54 F1): a couple shares a home line as a rule."""
    mine, theirs = set(_points(one)), set(_points(other))
    if not mine & theirs:
        return False
    for kind in (lambda point: "@" in point, _is_phone):
        own, their = {p for p in mine if kind(p)}, {p for p in theirs if kind(p)}
        if own and their and not own & their:
            return False
    return True


def _is_phone(point: str) -> bool:
    return "@" not in point and not point.startswith("household:")


def _contact_column(plan: GuardianPlan) -> str:
    """The export column(s) a guardian rule reads the SIS contact ID from, as a report names a column."""
    column = plan.contact
    if column is None:
        return ""
    refs = column.first_of or tuple(fields(column.parts))
    return ", ".join(str(ref) for ref in refs) or "contact"


def _name_of(cells: list[str], position: dict[str, int]) -> tuple[str, ...]:
    """The name parts (NAME_PARTS) of a person's cells."""
    return tuple(cells[position[c]] if c in position and position[c] < len(cells) else "" for c in NAME_PARTS)


def _name_text(joined: str) -> str:
    """A name (NAME_PARTS joined) as people write it: given, middle, family."""
    given, family, middle = joined.split(_SEP)
    return " ".join(p for p in (given, middle, family) if p)


def _whole_name(values: dict[str, str]) -> str:
    return " ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n)


def _students_text(students: set[str]) -> str:
    return ("students " + ", ".join(sorted(students))) if students else "no student"


def _components(pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The people the pairs chain together, each chain lowest first (none of one person): the same
    chains in any order of the pairs."""
    root: dict[int, int] = {}

    def find(person: int) -> int:
        while root.get(person, person) != person:
            person = root[person]
        return person

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            root[max(ra, rb)] = min(ra, rb)
    chains: dict[int, set[int]] = {}
    for a, b in pairs:
        chains.setdefault(find(a), set()).update((a, b))
    return [sorted(chain) for _, chain in sorted(chains.items())]


def _household(household: str) -> list[str]:
    return [f"household:{household}"] if household else []


def _household_of_group(household: str, group: int) -> list[str]:
    """The point a household is filed under in the book: within an `each` group."""
    return [f"household:{household}\x00{group}"] if household else []
