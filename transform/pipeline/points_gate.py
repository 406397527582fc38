"""The safety gate for parents' contact points changed overnight: the columns read are not theirs.

Families change an email or a phone a few at a time: a handful a week, a new school year's
5 to 15 %. Most of the parents and guardians of the last published set, kept with the same ID
and name, all reached at another email (or phone) tonight is no families' doing but the columns
read for them: a profile edited to read the father's email under the mother, the student's own
email or the school's office number for every parent, an export or report template whose columns
shifted. No record is removed, none refused, no column blanked (X923 is for that): every parent
is "changed", and Remind would message the wrong people at exit 0.

A watched column (a parent's email, phone, sms) that the last published set and tonight's both
fill for more than SHARE percent of the same parents (kept by ID and name as written; one whose
name changed too is X938's to judge), and at least AT_LEAST of them, holding another value
tonight refuses the run (X813), and so does one giving more than MOVED_SHARE percent of them
(AT_LEAST at least) a value another parent of the last set held (points moved between parents:
a block of rows read one row off), or an email a student of the last set held as their own (a template
writing the students' web ID in a parent's column). A district changing its parents' points on purpose (a new
phone system, every family's email moved to a new domain) publishes with --allow-contact-change,
said (X815); when points moved between parents past MOVED_SHARE (no domain's change), the flag still
publishes them (an honest correction: a wrong set fixed, families' swapped emails put right, review97
R1/R3), but the night exits 1 for a person to look at them, so the flag left in the nightly job never
hides a block of rows read one row off at exit 0 (tester74 F10). The flag is an option of its own, not
--allow-rollover, which a new school year's first nights are told to pass for their classes (X906, X923,
X938) just when export templates are rebuilt, and which would publish a contact-column mix-up with them
(review68 R4). Values are compared as published, cleaned: a phone written another way by the SIS
(608-555-1234, (608) 555-1234, +16085551234) is one phone; an email by its case.

Held: one word per parent of the last set (hashes of the name and of each point), and each point's
whole hash; tonight's set streams past them. Read only on a night when at least AT_LEAST users changed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transform.pipeline import last_guardians
from transform.pipeline.compact import CompactMap, IdSet, id_hash, short_hash
from transform.pipeline.gate import EXPORT_REFUSED, Change, Night
from transform.pipeline.people_gate import KINDS
from transform.report import codes
from transform.report.lookalike import pair
from transform.report.problem import Where

AT_LEAST = 10  # fewer parents changing a point in one night are families, however small the district
SHARE = 30  # percent of the parents holding a value both nights: past it, the columns changed
# percent of them given, tonight, a point another parent of the last set held: families take new addresses and
# numbers, not each other's; a block of rows read one row off, or two parents' columns swapped where both
# have one, moves points between parents (review68 R1: 20 % and 25 % of the parents, under SHARE)
MOVED_SHARE = 5
EXAMPLES = 3
FLAGS = "--allow-contact-change publishes it anyway, --allow-rollover does not"
# A new email domain or phone system gives every family a point nobody held: points another parent held last night
# are a block of rows read one row off (tester74 F10: the flag, left in the nightly job after a real domain change,
# published 151 mothers with the next family's address at exit 0), or a person's correction (a wrong last set put
# right, families' swapped emails fixed: review97 R1, R3). Refused without the flag; with it, published at exit 1.
MOVED_FLAGS = (
    "the {moved} points moved between parents (or from students to them), which no new email domain or phone "
    "system does: look at the parents named in the SIS; only if tonight's are theirs (the last set was the wrong "
    "one, or families' points were put right), --allow-contact-change publishes them, the run exiting 1 for a "
    "person to look; --allow-rollover does not"
)
MOVED_CHECK = (
    "; but {moved}, which no new email domain or phone system does: look at the parents named in the SIS "
    "(a night whose points move between parents exits 1, the flag given or not)"
)
WATCHED = ("email", "phone", "sms")
_BITS = 15  # per hash in a parent's word: the name, then each watched point (0: blank)
_PART = (1 << _BITS) - 1
_READ = ("givenName", "familyName", *WATCHED)
_NOT_DIGITS = re.compile(r"\D+")


@dataclass(slots=True)
class Changed:
    """Per watched column: the parents in both sets holding a value both nights (`both`), those
    whose value differs tonight (`changed`), with the first IDs of them."""

    both: Counter[str] = field(default_factory=Counter)
    changed: Counter[str] = field(default_factory=Counter)
    moved: Counter[str] = field(default_factory=Counter)  # of `changed`, to a point another parent held
    students_own: Counter[str] = field(default_factory=Counter)  # of `moved`, to a student's own email
    first: dict[str, list[str]] = field(default_factory=dict)

    def moved_over(self) -> list[str]:
        """The columns whose points moved between parents for at least AT_LEAST and more than MOVED_SHARE
        percent of `both`: no district's change of domain or phone system does that (--allow-contact-change)."""
        return [c for c in WATCHED if self.moved[c] >= AT_LEAST and self.moved[c] * 100 > MOVED_SHARE * self.both[c]]

    def over(self) -> list[str]:
        """The columns changed for at least AT_LEAST parents and more than SHARE percent of `both`, or
        moved between parents for at least AT_LEAST and more than MOVED_SHARE percent of `both`."""
        return [
            c
            for c in WATCHED
            if (self.changed[c] >= AT_LEAST and self.changed[c] * 100 > SHARE * self.both[c])
            or (self.moved[c] >= AT_LEAST and self.moved[c] * 100 > MOVED_SHARE * self.both[c])
        ]

    def count(self, column: str, sourced_id: str, *, changed: bool, moved: bool = False, student: bool = False) -> None:
        """One parent holding a value of `column` both nights, `changed` or not (`moved`: to another's;
        `student`: to a student's own)."""
        self.both[column] += 1
        if not changed:
            return
        self.changed[column] += 1
        self.moved[column] += moved or student
        self.students_own[column] += student
        ids = self.first.setdefault(column, [])
        if len(ids) < EXAMPLES or sourced_id < ids[-1]:
            ids.append(sourced_id)
            ids.sort()
            del ids[EXAMPLES:]

    def examples(self, over: list[str]) -> list[str]:
        return sorted({i for column in over for i in self.first.get(column, ())})[:EXAMPLES]


def changed(previous: Path, staged: Path) -> Changed:
    """The watched points of the parents in both sets, compared: the last set's as one word per
    parent (`_word`), tonight's set streamed past them."""
    last = CompactMap()
    held = {column: IdSet() for column in WATCHED}  # every point the last set's parents held, whole
    for sourced_id, cells in _parents(previous / "users.csv"):
        last.setdefault_hash(id_hash(sourced_id), _word(cells))
        for column, value in zip(WATCHED, cells[2:], strict=True):
            if value:
                held[column].add(_compared(column, value))
    # The students' own emails: a parent given one is a column read wrong (tester74 F15), no new domain
    students = IdSet()
    for _, cells in _parents(previous / "users.csv", "students"):
        if cells[2]:
            students.add(_compared("email", cells[2]))
    found = Changed()
    for sourced_id, cells in _parents(staged / "users.csv"):
        before = last.pop_hash(id_hash(sourced_id))
        now = _word(cells)
        if before is None or before & _PART != now & _PART:  # new, or another person's name (X938)
            continue
        for at, (column, value) in enumerate(zip(WATCHED, cells[2:], strict=True), start=1):
            was, tonight = before >> at * _BITS & _PART, now >> at * _BITS & _PART
            if was and tonight:  # not a point added, nor one blanked (X923)
                point = _compared(column, value)
                moved = was != tonight and point in held[column]
                student = was != tonight and column == "email" and not moved and point in students
                found.count(column, sourced_id, changed=was != tonight, moved=moved, student=student)
    return found


def _parents(path: Path, kind: str = "parents") -> Iterator[tuple[str, tuple[str, ...]]]:
    """(sourcedId, (givenName, familyName, *WATCHED)) of each parent or guardian (or user of another
    `kind`, people_gate.KINDS) of a written users.csv, by position ("" for a column it lacks)."""
    roles = frozenset(role for role, of in KINDS.items() if of == kind)
    for _, sourced_id, cells in last_guardians.users(path, roles, _READ):
        yield sourced_id, cells


def _word(cells: tuple[str, ...]) -> int:
    """A parent as one word, _BITS bits each: the hash of the name as written (its case aside),
    then of each watched point as compared (`_compared`)."""
    given, family, *points = cells
    word = _hashed(f"{given}\t{family}".casefold())
    for at, (column, value) in enumerate(zip(WATCHED, points, strict=True), start=1):
        word |= _hashed(_compared(column, value)) << at * _BITS
    return word


def _compared(column: str, value: str) -> str:
    """A point as compared: an email by its case, a phone by its digits."""
    return value.strip().casefold() if column == "email" else _NOT_DIGITS.sub("", value)


def _hashed(text: str) -> int:
    """_BITS bits of a stable hash of `text` (0: blank). Not Python's hash(), salted per process: with
    15 bits, one changed point in 32,768 compares equal, and which one would change from run to run,
    the same nights counting 265 changed parents once and 264 the next (the project's CI, stop 57)."""
    return (short_hash(text) & _PART) or 1 if text else 0


def gate_points_changed(
    night: Night, *, users: Change, allowed: bool, read_from: dict[tuple[str, str], str] | None = None
) -> None:
    """Refuse (X813) a set in which more than SHARE percent of the parents of the last published
    set, kept by ID and name, hold another email, phone or sms than it published (at least
    AT_LEAST); with --allow-contact-change (`allowed`), say it (X815). `read_from`: the export columns each (kind,
    column) is read from (pipeline.columns_gate.read_from), as the message names them."""
    previous, staged, report, since = night.previous, night.staged, night.report, night.since
    if not (previous / "users.csv").is_file() or any(c in report.counts for c in EXPORT_REFUSED):
        return
    if users.changed < AT_LEAST:  # a changed point makes its record changed
        return
    found = changed(previous, staged)
    over = found.over()
    if not over:
        return
    shown = found.examples(over)
    before, now = _points_of(previous / "users.csv", shown, over), _points_of(staged / "users.csv", shown, over)
    more = max(found.changed[c] for c in over) - len(shown)
    tail = f"; {more:,} more" if more > 0 else ""
    params = {
        "columns": "; ".join(_said(found, column, (read_from or {}).get(("parents", column), "")) for column in over),
        "share": SHARE,
        "people": "; ".join(f"{i}: {_pairs(before.get(i, {}), now.get(i, {}))}" for i in shown) + tail,
        # --redact keeps the IDs, which a person checks, and leaves the points out
        "people_redacted": "; ".join(f"{i}: <redacted>" for i in shown) + tail,
    }
    where = Where(file="users.csv", column=over[0])
    moved = found.moved_over()
    if allowed:  # `moved`: published, but a person looks (summary.TO_CHECK)
        said = " and ".join(_moved_said(found, column) for column in moved)
        check = MOVED_CHECK.format(moved=said) if said else ""
        report.add(codes.code("contact-points-changed-allowed"), where, moved=check, **params)
    else:
        flags = MOVED_FLAGS.format(moved=" and ".join(moved)) if moved else FLAGS
        report.add(codes.code("contact-points-changed"), where, since=since, flags=flags, **params)


def _moved_said(found: Changed, column: str) -> str:
    """X813's count words for the points of `column` moved between parents."""
    return f"{found.moved[column]:,} of those {column}s {_whose(found, column)} last night"


def _whose(found: Changed, column: str) -> str:
    students, moved = found.students_own[column], found.moved[column]
    return "one another parent held" if not students else "a student's own" if students == moved else "another's"


def _said(found: Changed, column: str, source: str) -> str:
    count, both, moved = found.changed[column], found.both[column], found.moved[column]
    read = f", read from {source}" if source else ""
    others = f", {moved:,} of them {_whose(found, column)} last night" if moved else ""
    return (
        f"another {column} to {count:,} of the {both:,} holding one both nights "
        f"({round(count * 100 / both, 1)}%{others}{read})"
    )


def _points_of(path: Path, wanted: list[str], columns: list[str]) -> dict[str, dict[str, str]]:
    keep = set(wanted)
    return {
        i: {c: v for c, v in zip(WATCHED, cells[2:], strict=True) if c in columns}
        for i, cells in _parents(path)
        if i in keep
    }


def _pairs(before: dict[str, str], now: dict[str, str]) -> str:
    """The points that differ, each as 'old -> new'."""
    said = [
        pair(before.get(c, ""), now.get(c, ""))
        for c in WATCHED
        if c in now and _compared(c, before.get(c, "")) != _compared(c, now.get(c, ""))
    ]
    return ", ".join(said) or "?"
