"""Students no longer in tonight's set whose school address a parent is read with (V574, reviewer106 R1).

A student of the last published set (users.csv in OUT, or --previous) who is not in tonight's set (withdrawn, or at
a school no longer rostered) still holds their school address: a parent read with it tonight, of the students'
domain and not the parents', is said and blanked as for a student of tonight's (reviewer97 R1). That evidence
lasted one night: the set published that night no longer holds the student, and the next night the mother was
published with the child's address at exit 0 (reviewer106 R1: V574 is exit 0, nobody is asked to mend the SIS cell,
so the cell stays). Each address so found is kept in the run state (last.json's `student_addresses`: a hash of the
address -> the student's sourcedId, a hash of their name, the as-of date it was last found on a parent), and read
as a former student's own on the nights after, for WINDOW_DAYS since it was last found: each night a parent is read
with it renews it. At most HELD_AT_MOST are kept, the last found first. A key hand-edited or damaged stops the run
(X930), its step putting back the value: removing the key forgets the addresses (reviewer113 R7).

The own address of each student of the last set not in tonight's (of the students' domain, held by no student or
staff member of tonight's) is carried too, from the night the student left (`Carried.left`): a parent read with it
weeks later, when no published set holds the student any more, was published with it at exit 0 (tester61 Y2a).

The window counts the days the sets were published over, not the calendar's (tester61 Y2b): between two published
sets at most GAP_COUNTED days count. The summer publishes nothing (F422, F421), and its nights do not write the
state, so an address a parent was read with in May, blanked every summer night, was forgotten by the calendar's 60
days on the rollover night and published at exit 0. The cell that holds it does not mend itself over a break, so a
break must not age it; a week (a weekly run, a long weekend) still counts in full. The as-of dates of the published
sets that count (`NIGHTS`) are kept beside the addresses.

A guardian whose name is the former student's own (a senior who left and is listed the same night as the mother of a
pre-K child, a teen-parent programme) is the same person: her own address is hers, not blanked (reviewer106 R2). Not
when the last published set, which held the student, published this guardian (her sourcedId) without that address
(`LastStudents.blanked`): she was blanked for it while the student was enrolled, so she is another person of the same
name (a mother and daughter, Sr. and Jr., reviewer113 R6); the address is then carried with no name (`NO_NAME`), and
the nights after blank it on any guardian. A teen parent listed as a guardian while still enrolled was blanked then,
and stays so (V574 says it; she keeps her phone).
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
from array import array
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from transform.pipeline.compact import CompactMap, hex_hash, id_hash
from transform.pipeline.last_guardians import users
from transform.pipeline.student_addresses import domain_of

KEY = "student_addresses"
NIGHTS = "student_addresses_nights"  # the as-of dates of the published sets the window counts over
WINDOW_DAYS = 60  # days since an address was last found on a parent that it is still known as a student's
GAP_COUNTED = 7  # days between two published sets that count at most: a break, the summer, does not age an address
HELD_AT_MOST = 20000  # addresses kept, the found first: a column read wrong is V574 at exit 1 (COLUMN_AT_LEAST);
# the students who left on a rollover night (a year's seniors) are carried too
STUDENTS = frozenset({"student"})
READ = ("givenName", "familyName", "email")
AGENTS = frozenset({"parent", "guardian", "relative"})  # oneroster.spec.AGENT_ROLES
NO_NAME = ""  # a carried address no guardian keeps by the student's name (`LastStudents.blanked`)
_EMAIL_BITS = (1 << 62) - 1
_FIX = (  # reviewer113 R7: the step followed as first written (remove the key) published the mother with the address
    "put back the value this tool wrote (last.json from a backup); removing the key, or moving the file aside, "
    "forgets the former students' addresses it carries, and a parent read with one is then published with it at "
    "exit 0: with no backup, first correct in the SIS the parents' emails V574 named on the last nights"
)


def digest(text: str) -> str:
    """A hash that is the same in every run (Python's own `hash` is not), of `text` casefolded."""
    return hex_hash(text.casefold().encode("utf-8", "replace"))


def name_digest(given: str, family: str) -> str:
    return digest(f"{given.strip()}\t{family.strip()}")


class Former(NamedTuple):
    """A former student whose own address a parent was read with: their sourcedId, name (`name_digest`), line of the
    last set's users.csv (0 when carried by the state) and the day it was last found on a parent ("" tonight's)."""

    student: str
    name: str
    line: int = 0
    seen: str = ""


class Carried:
    """The addresses last.json carries (`KEY`), and those found tonight, for the state the set published writes."""

    def __init__(self, state: Mapping[str, Any], tonight: dt.date) -> None:
        self.tonight = tonight.isoformat()
        readable = not damage(state)
        self.ages = _ages(state if readable else {}, tonight)
        self._nights = sorted(self.ages)
        held = state.get(KEY) if readable else None
        self.held: dict[str, list[str]] = {k: v for k, v in (held or {}).items() if self.age(v[2]) <= WINDOW_DAYS}
        self.found: dict[str, list[str]] = {}
        self.removed: dict[str, list[str]] = {}

    def age(self, day: str) -> int:
        """The days counted from `day` to tonight: those of the published sets after it (each gap GAP_COUNTED at
        most), and the calendar's to the first of them (a day no set was published for: an earlier version's
        state)."""
        at = bisect.bisect_left(self._nights, day)
        if at == len(self._nights):
            return 0  # a day after tonight (a set published for an earlier day)
        night = self._nights[at]
        return self.ages[night] + (dt.date.fromisoformat(night) - dt.date.fromisoformat(day)).days

    def get(self, email: str) -> Former | None:
        entry = self.held.get(digest(email)) or self.removed.get(digest(email))
        return None if entry is None else Former(entry[0], entry[1], 0, entry[2])

    def saw(self, email: str, former: Former) -> None:
        """A parent read tonight with the address of this former student."""
        self.found[digest(email)] = [former.student, former.name, self.tonight]

    def left(self, key: str, former: Former) -> None:
        """A student of the last set not in tonight's, whose own address's `digest` is `key` (tester61 Y2a)."""
        self.removed.setdefault(key, [former.student, former.name, self.tonight])

    def kept(self) -> dict[str, list[str]]:
        """What the state keeps: tonight's found, then the carried and the students who left tonight, the latest
        first; HELD_AT_MOST at most. Tonight's leavers before older carried ones: cut after them, a big rollover
        night's leavers (the seniors) were the first dropped, their addresses then published on parents at exit 0
        (reviewer120 R1)."""
        latest = sorted([*self.held.items(), *self.removed.items()], key=lambda item: item[1][2], reverse=True)
        order = [*self.found.items(), *latest]
        kept: dict[str, list[str]] = {}
        for key, entry in order:
            if len(kept) == HELD_AT_MOST:
                break
            kept.setdefault(key, entry)
        return dict(sorted(kept.items()))

    def nights(self) -> list[str]:
        """The as-of dates the state keeps (`NIGHTS`): tonight's, and those an address kept may still date from."""
        return [night for night in self._nights if self.ages[night] <= WINDOW_DAYS]


def _ages(state: Mapping[str, Any], tonight: dt.date) -> dict[str, int]:
    """The days counted from each published set's as-of date (`NIGHTS`, and the last set's `as_of`) to tonight."""
    recorded = state.get(NIGHTS)
    days = {*(recorded if isinstance(recorded, list) else []), state.get("as_of")}
    nights = sorted(d for d in days if isinstance(d, str) and _iso_day(d) and d < tonight.isoformat())
    ages = {tonight.isoformat(): 0}
    later, counted = tonight, 0
    for night in reversed(nights):
        day = dt.date.fromisoformat(night)
        counted += min((later - day).days, GAP_COUNTED)
        ages[night], later = counted, day
    return ages


def damage(state: Mapping[str, Any]) -> str:
    """Why last.json's `KEY` or `NIGHTS` cannot be read; '' when they can (or are not there)."""
    nights = state.get(NIGHTS, [])
    if not (isinstance(nights, list) and all(isinstance(n, str) and _iso_day(n) for n in nights)):
        return f"{NIGHTS!r} gives {nights!r}, not a list of dates: {_FIX}"
    if KEY not in state:
        return ""
    held = state[KEY]
    if not isinstance(held, dict):
        return f"{KEY!r} is a JSON {type(held).__name__}, not a table of addresses and students: {_FIX}"
    for key, entry in held.items():
        if not (isinstance(entry, list) and len(entry) == 3 and all(isinstance(e, str) for e in entry)):
            return f"{KEY!r} gives address {key!r} {entry!r}, not [student, name, date]: {_FIX}"
        if not (entry[0] and _iso_day(entry[2])):
            return f"{KEY!r} gives address {key!r} {entry!r}, not [student, name, date]: {_FIX}"
    return ""


def step(state: Mapping[str, Any], path: Path) -> str:
    """X930's step for a damaged carry (gate.RECORDED): a backup's value, not moving last.json aside."""
    return _FIX


def _iso_day(text: str) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


class LastStudents:
    """The students' own emails of the last published set's users.csv, read once when first asked (`get`): by the
    hash of the email, the student's line, sourcedId and name (`name_digest`), read as points_gate reads it
    (last_guardians.users)."""

    def __init__(self, last_set: Path | None) -> None:
        self.users = None if last_set is None else last_set / "users.csv"
        self._at: CompactMap | None = None  # hash of a student's email, casefolded -> its place in the arrays
        self._lines = array("q")
        self._ids = bytearray()  # the sourcedIds, each ended by a NUL (not a str each: 1M students, reviewer106 R4)
        self._starts = array("q")
        self._names = array("Q")  # `name_digest` as a number
        self._hashes = array("q")  # `id_hash` of the email casefolded (`left`)
        self._digests = array("Q")  # `digest` of the email as a number: the key it is carried by (`left`)
        self._domains: dict[str, int] = {}  # the emails' domains -> their number in `_domain_of`
        self._domain_of = array("I")
        self._agents: CompactMap | None = None  # the parents' sourcedIds -> `_email_key` of their email (`blanked`)

    def get(self, email: str) -> Former | None:
        """The student of the last set whose own email it is; None for none."""
        if self.users is None:
            return None
        if self._at is None:
            self._read(self.users)
        assert self._at is not None
        at = self._at.get_hash(id_hash(email.casefold()))
        if at is None:
            return None
        start = self._starts[at]
        student = self._ids[start : self._ids.index(0, start)].decode("utf-8", "replace")
        return Former(student, f"{self._names[at]:016x}", self._lines[at])

    def left(self, held: Callable[[int], bool], of_students: Callable[[str], bool]) -> Iterator[tuple[str, Former]]:
        """The students of the last set whose own email no user of tonight's holds (`held`, by `id_hash` of the
        email casefolded) and whose domain is the students' (`of_students`): the key their address is carried by
        (`digest`) and the student, as `get` gives them."""
        if self.users is None:
            return
        if self._at is None:
            self._read(self.users)
        domains = [of_students(domain) for domain in self._domains]
        for at, email_hash in enumerate(self._hashes):
            if domains[self._domain_of[at]] and not held(email_hash):
                start = self._starts[at]
                student = self._ids[start : self._ids.index(0, start)].decode("utf-8", "replace")
                yield f"{self._digests[at]:016x}", Former(student, f"{self._names[at]:016x}", self._lines[at])

    def blanked(self, guardian: str, email: str) -> bool:
        """Whether the last set published the guardian (by sourcedId) without `email`: blanked for it (V574), or
        with another. Read once when first asked (a guardian of a former student's name: rare)."""
        if self.users is None:
            return False
        if self._agents is None:
            self._agents = CompactMap()
            try:
                for _, sourced_id, (held,) in users(self.users, AGENTS, ("email",), errors="replace"):
                    self._agents.setdefault_hash(id_hash(sourced_id), _email_key(held))
            except (OSError, csv.Error):
                pass
        published = self._agents.get_hash(id_hash(guardian))
        return published is not None and published != _email_key(email)

    def _read(self, path: Path) -> None:
        self._at = CompactMap()
        try:
            for line, sourced_id, cells in users(path, STUDENTS, READ, errors="replace"):
                email = cells[2]
                if email and self._at.setdefault_hash(id_hash(email.casefold()), len(self._lines)) is None:
                    self._lines.append(line)
                    self._starts.append(len(self._ids))
                    self._ids += sourced_id.encode("utf-8", "replace") + b"\0"
                    self._names.append(int(name_digest(cells[0], cells[1]), 16))
                    self._hashes.append(id_hash(email.casefold()))
                    self._digests.append(int(digest(email), 16))
                    self._domain_of.append(self._domains.setdefault(domain_of(email), len(self._domains)))
        except (OSError, csv.Error):  # a last set that cannot be read: tonight's set is the evidence
            return


def _email_key(email: str) -> int:
    """A non-negative number for an email, casefolded (0: none)."""
    return id_hash(email.casefold()) & _EMAIL_BITS if email else 0
