"""A student's class enrolments at a school she has left follow her enrolment row there.

A transfer is two school-enrolment rows of one student: the old school's ends, the new one's
starts. The students' rule leaves the ended row out (its condition's reason `inactive-student`:
which rows are a student's school enrolments, and which of them have ended, is the profile's
knowledge), and the student is published at the new school. But the SIS seldom end-dates the
old school's schedule rows the day she leaves (Infinite Campus roster rows, PowerSchool cc rows
with a later DateLeft, Synergy): those class enrolments stayed current, were published, and
V593 (pipeline.user_schools) then gave her the old school back in users.csv. Her old teachers
kept messaging her family.

So the schools of each row a students' rule leaves out as no longer current are noted by
student (`ended`), and once the students are decided (`settle`) a kept student's ended schools
that are none of her current ones are the schools she left. Her enrolments at those schools are
left out with the row (F431), in either engine (the validator asks `school_left`; the columnar
engine sends the enrolments of such a student to it, `__contains__`). A student at two schools
at once (a current row at each) keeps both; one with no current row anywhere (withdrawn from
the district) is not kept, and her enrolments follow her (V503/V504) as before.

Held: a compact map of hash(student) -> a number of one of the few distinct sets of schools
(16 bytes a slot), for the students with an ended row while the users are read; after
`settle`, only the students who left a school they have no current row at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from transform.profile.compile import ConditionPlan

from .compact import CompactMap, id_hash
from .rows import Draft

# The reasons with which a profile's students' rule leaves out a row that is no longer current
# (an enrolment at a school that ended, a withdrawal, a no-show).
ENDED_REASONS = frozenset({"inactive-student"})


class LeftSchools:
    """Each student's ended schools while the users are read, then the schools she left."""

    def __init__(self) -> None:
        self._ended = CompactMap()  # hash(student) -> number in _sets: the schools of her ended rows
        self._left = CompactMap()  # after `settle`: hash(student) -> number in _sets of (left, current)
        self._numbers: dict[tuple[frozenset[str], str], int] = {}
        self._sets: list[tuple[frozenset[str], str]] = []

    def __len__(self) -> int:
        return len(self._left)

    def __contains__(self, user: object) -> bool:
        """Whether a kept student left a school (some of her enrolments may follow it)."""
        return isinstance(user, str) and bool(user) and self._left.get_hash(id_hash(user)) is not None

    def _number(self, schools: frozenset[str], current: str = "") -> int:
        key = (schools, current)
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self._sets)
            self._sets.append(key)
        return number

    def row_left_out(self, cond: ConditionPlan, record: Callable[[], Draft | None]) -> None:
        """A users' row a condition left out (mapping.interpret_row): when the condition says the
        row is no longer current and the record it would make is a student's, note her schools.
        `record` makes that record (only asked for such a row)."""
        if cond.reason.slug not in ENDED_REASONS:
            return
        draft = record()
        if draft is None or draft.values.get("role") != "student":
            return
        self.ended(draft.values.get("sourcedId", ""), draft.values.get("orgSourcedIds", "").split(","))

    def ended(self, student: str, schools: Iterable[str]) -> None:
        """Note the schools of a row of the student that is no longer current."""
        found = frozenset(s for s in schools if s)
        if not student or not found:
            return
        h = id_hash(student)
        before = self._ended.setdefault_hash(h, self._number(found))
        if before is not None and not found <= self._sets[before][0]:
            self._ended.replace_hash(h, self._number(self._sets[before][0] | found))

    def settle(self, schools_of: Callable[[int], list[str] | None]) -> None:
        """Once the students are decided: `schools_of` gives a kept student's current schools by
        the hash of her ID (None: not kept). Her ended schools that are none of those are the
        schools she left; the rest is let go."""
        ended, self._ended = self._ended, CompactMap()
        for h, number in ended.items():
            current = schools_of(h)
            if current is None:  # withdrawn from the district, or not kept: her enrolments follow her
                continue
            left = self._sets[number][0] - set(current)
            if left:
                self._left.setdefault_hash(h, self._number(left, ",".join(current)))

    def school_left(self, user: str, school: str) -> str | None:
        """The current schools of a student who left `school` (as users.csv lists them), or None
        when she did not (or is no student who left one)."""
        if not user or not school:
            return None
        number = self._left.get_hash(id_hash(user))
        if number is None:
            return None
        left, current = self._sets[number]
        return current if school in left else None
