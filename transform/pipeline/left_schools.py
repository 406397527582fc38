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
student (`row_of`), and once the students are decided (`settle`) a kept student's ended schools
that are none of her current ones are the schools she left. A school of a row left out for
another reason (an Infinite Campus secondary enrolment, `row-filtered`; a row starting later) is
not one she left: she may be at it still, and her enrolments there stay (V593 gives it to her).
Her enrolments at the schools she left are left out with the row (F431), in either engine (the
validator asks `school_left`; the columnar engine sends such a student's enrolments to it,
`__contains__`). A student at two schools at once (a current row at each) keeps both; one with
no current row anywhere (withdrawn from the district) is not kept, and her enrolments follow
her (V503/V504) as before.

A kept student's ended rows are no students left out: a transfer's old school, or an earlier
enrolment of hers. Their number by file (`kept_rows`) and each such student's ended schools and
current ones (`kept_from_other_row`) let the report count them as what they are (I273), not as
students left out (F400, pipeline.validate).

Held: a compact map of hash(student) -> a number of one of the few distinct pairs of sets of
schools (16 bytes a slot), for the students with a row left out while the users are read; after
`settle`, only the students who left a school they have no other row at.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterable

from transform.profile.compile import ConditionPlan

from .compact import CompactMap, IdSet, id_hash
from .judged_days import JudgedDays
from .rows import Draft

# The reasons with which a profile's users' rule leaves out a row that is no longer current
# (an enrolment at a school that ended, a withdrawal, a no-show; a staff assignment that ended).
ENDED_REASONS = frozenset({"inactive-student", "inactive-staff"})
# The roles whose rows are not their school enrolments: a parent's row names their children's schools.
NOT_AT_SCHOOL = frozenset({"parent", "guardian", "relative"})
# What of the record of a row left out is read: whose it is, and where.
COLUMNS = frozenset({"sourcedId", "orgSourcedIds", "role"})
# And, where the rule reads them, the guardians the row names (`named_by_left_out`).
WITH_AGENTS = COLUMNS | {"agentSourcedIds"}


_NONE: frozenset[str] = frozenset()


class LeftSchools:
    """Each student's ended schools while the users are read, then the schools she left."""

    def __init__(self) -> None:
        # hash(student) -> number in _pairs: the schools of her ended rows, and of her rows left
        # out for another reason (a school she may still be at)
        self._rows = CompactMap()
        self._left = CompactMap()  # after `settle`: hash(student) -> number in _sets of (left, current)
        self._numbers: dict[tuple[frozenset[str], str], int] = {}
        self._sets: list[tuple[frozenset[str], str]] = []
        self._pair_numbers: dict[tuple[frozenset[str], frozenset[str]], int] = {}
        self._pairs: list[tuple[frozenset[str], frozenset[str]]] = []
        # hash(student) -> the files of her ended rows (one, most often), while the users are read
        self._ended_in: dict[int, list[str]] = {}
        # hash(student) -> where her first ended row is (line << 16 | number in _files), while the
        # users are read; after `settle`, those of kept students with no school left (`earlier`)
        self._ended_at = CompactMap()
        self._files: list[str] = []
        self.earlier: list[tuple[int, str, int]] = []  # (hash(student), file, line of the ended row)
        # After `settle`: the ended rows of kept students, by file, and hash(student) -> number in
        # _sets of (her ended schools, her current ones)
        self.kept_rows: Counter[str] = Counter()
        self._kept = CompactMap()
        self._staff = CompactMap()  # hash(staff member) -> number in _sets of (her schools, "")
        # Every user a condition left out (a withdrawn student): a record naming one by her exact
        # ID follows her (V504), whatever other ID differs from hers only in case or zeros (V608).
        self.left_out_ids = IdSet()
        # The parents and guardians a student's row left out names (agentSourcedIds): one no link
        # reaches is a parent of a student not in the set, not one whose links are missing (F446).
        self.named_by_left_out = IdSet()
        # And, rostering ahead (--term names a term starting later), the classes' judged days and
        # the students not at school on them: their enrolments there are left out (X847,
        # pipeline.judged_days; handed over with the rest, judged apart).
        self.judged = JudgedDays()

    def __len__(self) -> int:
        return len(self._left)

    def __contains__(self, user: object) -> bool:
        """Whether a kept student left a school (some of her enrolments may follow it); one away on
        a class's days is `judged`'s."""
        return isinstance(user, str) and bool(user) and self._left.get_hash(id_hash(user)) is not None

    def _number(self, schools: frozenset[str], current: str = "") -> int:
        key = (schools, current)
        number = self._numbers.get(key)
        if number is None:
            number = self._numbers[key] = len(self._sets)
            self._sets.append(key)
        return number

    def _pair_number(self, ended: frozenset[str], other: frozenset[str]) -> int:
        key = (ended, other)
        number = self._pair_numbers.get(key)
        if number is None:
            number = self._pair_numbers[key] = len(self._pairs)
            self._pairs.append(key)
        return number

    def row_left_out(
        self, cond: ConditionPlan, record: Callable[[frozenset[str]], Draft | None], file: str = ""
    ) -> None:
        """A users' row a condition left out (mapping.interpret_row): when the record it would
        make is a student's, note her schools, as ended when the condition says the row is no
        longer current. `record` makes that record (its `COLUMNS`); `file`: the row's export."""
        # A column after those (up to agentSourcedIds) whose join misses makes no record: read without.
        draft = record(WITH_AGENTS) or record(COLUMNS)
        role = draft.values.get("role", "") if draft is not None else ""
        if draft is not None and draft.values.get("sourcedId"):
            self.left_out_ids.add(draft.values["sourcedId"])
        if draft is None or not role or role in NOT_AT_SCHOOL:
            return
        for agent in draft.values.get("agentSourcedIds", "").split(","):
            if agent.strip():
                self.named_by_left_out.add(agent.strip())
        schools = draft.values.get("orgSourcedIds", "").split(",")
        student, ended = draft.values.get("sourcedId", ""), cond.reason.slug in ENDED_REASONS
        self.row_of(student, schools, ended=ended)
        if ended and student and role == "student":  # a kept student's ended rows are counted as such (I273)
            self._ended_in.setdefault(id_hash(student), []).append(file)
            self._note_place(id_hash(student), file, draft.origin.line)

    def _note_place(self, h: int, file: str, line: int) -> None:
        if file not in self._files:
            self._files.append(file)
        self._ended_at.setdefault_hash(h, line << 16 | self._files.index(file))

    def note_staff(self, user: str, schools: str) -> None:
        """A kept staff member's schools (the students' are the guardian book's): a teacher
        whose row at one school ended and who is kept at another left the first, as a student
        does (tester24 F1: she stayed the owner of its classes)."""
        if user:
            self._staff.setdefault_hash(id_hash(user), self._number(frozenset(s for s in schools.split(",") if s)))

    def row_of(self, student: str, schools: Iterable[str], *, ended: bool) -> None:
        """Note the schools of a row of the student that was left out: one no longer current
        (`ended`), or one left out for another reason (she may be at those schools still)."""
        found = frozenset(s for s in schools if s)
        if not student or not found:
            return
        h = id_hash(student)
        number = self._pair_number(found, _NONE) if ended else self._pair_number(_NONE, found)
        before = self._rows.setdefault_hash(h, number)
        if before is None:
            return
        had_ended, had_other = self._pairs[before]
        pair = (had_ended | found, had_other) if ended else (had_ended, had_other | found)
        if pair != (had_ended, had_other):
            self._rows.replace_hash(h, self._pair_number(*pair))

    def settle(self, schools_of: Callable[[int], list[str] | None], waiting: Container[str] = ()) -> None:
        """Once the students are decided: `schools_of` gives a kept student's current schools by
        the hash of her ID (None: not kept). Her ended schools that are none of those, nor of a
        row left out for another reason, are the schools she left; the rest is let go. `waiting`:
        the students whose row starting later waits (F427), not at school by it (JudgedDays)."""
        self.judged.settle(lambda user: schools_of(id_hash(user)) is not None, waiting)
        rows, self._rows = self._rows, CompactMap()
        pairs, self._pairs, self._pair_numbers = self._pairs, [], {}
        ended_in, self._ended_in = self._ended_in, {}
        ended_at, self._ended_at = self._ended_at, CompactMap()
        for h, number in rows.items():
            ended, other = pairs[number]
            if not ended:
                continue
            current = schools_of(h)
            staff = self._staff.get_hash(h) if current is None else None
            if staff is not None:
                current = sorted(self._sets[staff][0])
            if current is None:  # withdrawn from the district, or not kept: her enrolments follow her
                continue
            self._kept.setdefault_hash(h, self._number(ended, ",".join(current)))
            self.kept_rows.update(ended_in.get(h, ()))
            left = ended - other - set(current)
            if left:
                self._left.setdefault_hash(h, self._number(left, ",".join(current)))
            elif (at := ended_at.get_hash(h)) is not None:  # at a school she is at: another span or year of hers
                self.earlier.append((h, self._files[at & 0xFFFF], at >> 16))

    def kept_from_other_row(self, student: str) -> tuple[frozenset[str], str] | None:
        """A kept student's ended schools and her current ones (as users.csv lists them), when a
        row of hers ended; None for anyone else."""
        number = self._kept.get_hash(id_hash(student)) if student else None
        return None if number is None else self._sets[number]

    def school_left(self, user: str, school: str) -> str | None:
        """The current schools of a student or staff member who left `school` (as users.csv
        lists them), or None when they did not (or are no one who left one)."""
        if not user or not school:
            return None
        number = self._left.get_hash(id_hash(user))
        if number is None:
            return None
        left, current = self._sets[number]
        return current if school in left else None
