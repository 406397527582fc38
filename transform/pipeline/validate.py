"""The target's rules on every record before it is written: required values, allowed values,
references to records already kept, and unique sourcedIds."""

from __future__ import annotations

import heapq
import re
from array import array
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from transform.cleaners.base import CleanerSettings
from transform.cleaners.emails import is_address
from transform.cleaners.ids import SUSPECT_ID_LISTS, SUSPECT_IDS, id_refusal
from transform.cleaners.names import is_placeholder_name
from transform.cleaners.phones import phone_cleaner
from transform.oneroster.spec import (
    CLASS_OWNER_ROLES,
    CLASSES_PER_USER_MAX,
    DATE_PAIRS,
    GUARDIAN_ROLES,
    GUARDIANS_HELD,
    ID_SETS,
    LIST_COLUMNS,
    NAME_FIELDS,
    NAME_MAX,
    PRUNED_WHEN_NOT_ALLOWED,
    STAFF_ROLES,
    TITLE_MAX,
    USER_ROLES_REMIND,
    USER_ROLES_SPEC,
    Target,
    is_id_column,
)
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import NAMES_USER, Report

from . import ahead as ahead_rows
from . import (
    conflicts_unpublished,
    export_columns,
    fastpath,
    lookups,
    made_ids_taken,
    section_teachers,
    sql_nulls,
    suffixed_ids,
)
from . import repeated_enrolments as repeated
from .compact import CompactMap, Ids, IdSet, Tally, id_hash, named
from .conditions import ENDED_WITH_TERM, dates_of
from .disagreeing import (
    HELD_UNTIL_DECIDED,
    LOWEST_KEPT,
    Sections,
    lowest_of_each,
    say_neither_kept,
    without_disagreeing,
)
from .former_students import NO_NAME, Carried, Former, LastStudents, name_digest
from .identity import name_parts, plain
from .judged_days import JudgedDays
from .left_schools import NOT_AT_SCHOOL, LeftSchools
from .rows import (
    BLANKED_CONTACT,
    CONTACT_POINTS,
    EMAIL_AT,
    FELL_BACK,
    GROUP,
    OTHER_EMAILS,
    UNREAD,
    UNREAD_CONTACT,
    Draft,
    Indexes,
    Places,
    SourceRow,
    place_at,
    who_of,
)
from .student_addresses import COLUMN_AT_LEAST, StudentAddresses, domain_of
from .suffixed_ids import own_suffix
from .two_schools import TwoSchools
from .usernames import USERNAME_FILLED, Cell, Usernames


@dataclass(frozen=True, slots=True)
class _TableRules:
    """The target's per-record rules for one table, grouped once instead of searched per record."""

    defaults: tuple[tuple[str, str], ...] = ()
    fill_from: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rewrites: tuple[tuple[str, str, dict[str, str]], ...] = ()
    allowed: tuple[tuple[str, tuple[str, ...]], ...] = ()
    email_like: tuple[str, ...] = ()
    item_patterns: tuple[tuple[str, re.Pattern[str]], ...] = ()
    lists: tuple[str, ...] = ()  # list columns of values (not of IDs), whose empty items a run drops (V545)


@dataclass(frozen=True)
class SilentView:
    """See `Validator.silent_view`."""

    required: tuple[str, ...]
    defaults: tuple[tuple[str, str], ...]
    fill_from: tuple[tuple[str, tuple[str, ...]], ...]
    rewrites: tuple[tuple[str, str], ...]  # (column, value): a record holding it is rewritten
    allowed: tuple[tuple[str, tuple[str, ...]], ...]
    formats: bool  # emails or patterns checked record by record
    lists: tuple[str, ...]  # columns holding lists
    # (column, table, its kept IDs, IDs missing from them that `_references` says more of)
    references: tuple[tuple[str, str, Container[str], Container[str]], ...]
    moved: dict[str, dict[str, str]]  # class listed again at another school: class -> {school: kept}
    follows_files: frozenset[str]  # exports whose rows may carry a left-out class
    first: CompactMap  # sourcedId -> first line and fingerprint
    id_columns: tuple[str, ...]
    # Enrolments: the kept students (a silent record is a student's enrolment, and its user must
    # be a student: V578), and that primary true on one is written as false (V579). None otherwise.
    students: Container[str] | None = None
    remembered: bool = False  # the kept IDs are remembered (a file points to the table)
    # Enrolments: (student, school) of a transfer's new school, whose enrolments wait (F430).
    waiting: tuple[tuple[str, str], ...] = ()
    # Enrolments: the students who left a school (F431): their enrolments are Python's.
    left: Container[str] = ()
    # Enrolments, rostering ahead: the classes' judged days; a row current on none of its
    # class's days is Python's (X847, pipeline.judged_days).
    judged: JudgedDays | None = None
    # The column naming a record whose rows may be left out (an enrolment's class), and whether
    # an ID names one that was (Validator.follows_target, left_out_record).
    follows_column: str | None = None
    left_out: Callable[[str], bool] | None = None
    # Columns the target takes for students only (V596): a record of another role holding one
    # has something to say.
    students_only: tuple[str, ...] = ()
    # Enrolments, in a run (which writes each at its class's school, V538): each kept class and
    # its school; an enrolment at another school is Python's, which says it at its export row.
    class_schools: tuple[tuple[str, str], ...] = ()
    # (start, end) columns of one record: an end before its start is repaired (V615), not silent.
    date_pairs: tuple[tuple[str, str], ...] = ()


# A number as a spreadsheet writes it when the cell is a float: 100139.0 (validate._float_twin).
_FLOAT_ZEROS = re.compile(r"\.0+$")
_NO_RULES = _TableRules()
_NO_LIMIT = "; a strict OneRoster 1.1 set has no such limit: a note only"  # V514 on a target without Remind's rules
# A set's phone read as a run's cleaner reads an export's (the default region, US): a cell it
# cannot read as a number is no contact point (`Validator._no_contact`).
_PHONE = phone_cleaner(CleanerSettings(), {})
_NO_CONTACT_WHY = "Remind cannot create them"  # V515, the Remind target
# V515 on the strict target (a run keeps to Remind's rule there too: a parent nobody can reach is no user)
_NO_CONTACT_WHY_STRICT = "a parent or guardian no message can reach is not published, on either target"
FLOATED = "phone-spreadsheet-float"  # D391: a run reads its digits; a set carries it as written
_FLOAT_WHY = (
    "a number a spreadsheet saved with a decimal point, which Remind may read with the '.0' as digits"
    " (write it as digits: a run's clean: [phone] does)"
)
_SHOWN = 40  # characters of a phone that is no number V515 names (a cell may hold a paragraph)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # text order is date order (a date pair, V615)


def _fill(values: dict[str, str], rules: _TableRules) -> None:
    """A record's empty columns given the target's defaults, then filled from other columns."""
    for column, value in rules.defaults:
        if not values.get(column):
            values[column] = value
    for column, sources in rules.fill_from:
        if not values.get(column):
            values[column] = next((values[s] for s in sources if values.get(s)), "")


class _Everything:
    def __contains__(self, item: object) -> bool:
        return True


_EVERYTHING = _Everything()
# The users stage's kept IDs (two million at the largest district) are held as hashes.
_HASHED = frozenset({"users", "students"})
# Set on a users record whose username is not its first choice (mapping), so not the export's login.
_USERNAME_FELL_BACK = FELL_BACK + "username"
References = tuple[tuple[str, str], ...]  # (column, the table whose kept IDs it must name)


def _rules_by_table(target: Target) -> dict[str, _TableRules]:
    tables = {t for t, _ in target.defaults} | {t for t, _ in target.fill_from} | {t for t, _ in target.allowed}
    tables |= {t for t, _, _ in target.rewrites} | {t for t, _ in target.email_like}
    tables |= {t for t, _ in target.item_patterns}
    lists = {(t, c) for t, c in LIST_COLUMNS if not is_id_column(c) and t in target.files and c in target.columns(t)}
    tables |= {t for t, _ in lists}
    return {
        table: _TableRules(
            defaults=tuple((c, v) for (t, c), v in target.defaults.items() if t == table),
            fill_from=tuple((c, s) for (t, c), s in target.fill_from.items() if t == table),
            rewrites=tuple((c, v, new) for (t, c, v), new in target.rewrites.items() if t == table),
            allowed=tuple((c, a) for (t, c), a in target.allowed.items() if t == table),
            email_like=tuple(c for t, c in target.email_like if t == table),
            item_patterns=tuple((c, re.compile(p)) for (t, c), p in target.item_patterns.items() if t == table),
            lists=tuple(sorted(c for t, c in lists if t == table)),
        )
        for table in tables
    }


_FINGERPRINT_BITS = 36  # and 27 bits of line number: 134M lines
_FINGERPRINT = (1 << _FINGERPRINT_BITS) - 1
_MAX_LINE = (1 << 27) - 1
# A user's first line also says its file (users come from several exports: a student's ID
# listed again in the teachers' file is "on students.txt line 3", not "line 3"): the file's
# number (1-15, in the order first met; 0 unknown) above 23 bits of line.
_USER_LINE_BITS = 23
_USER_LINE = (1 << _USER_LINE_BITS) - 1
_USER_FILES = 15

# In a run, every ID a profile's column makes has passed the ID guard (the plan adds it to every
# ID column): the tables where the engine makes IDs itself (guardians, their links, the district
# from the settings) are screened again; a set given to `validate` is screened whole.
_DERIVED_ID_TABLES = frozenset({"users", "orgs"})

# Which code a missing reference is counted under: a class or user that was left out on
# purpose is a consequence, not a defect of the export.
_MISSING_REFERENCE: dict[str, codes.Slug] = {
    "classes": "follows-dropped-class",
    "users": "follows-dropped-user",
    "students": "follows-dropped-user",
}
_ORGS = ("orgs", "schools")
# The records whose IDs a reference may write otherwise (V608): people and classes.
_WRITTEN_OTHERWISE = frozenset({"users", "students", "classes"})

# Which users' roles an enrolment's role fits. Remind: an enrolment's user "must correspond to
# the student sourcedId or teacher sourcedid", parents follow their children into classes, and
# non-teaching staff are aides; OneRoster 1.1 enrols administrators, proctors, students and
# teachers. So a student enrolment needs a student, a staff enrolment a member of staff (an aide
# may be enrolled as a teacher: the OneRoster target writes an aide's enrolment so), and a
# parent, guardian or relative is never enrolled (a role not listed fits no user).
_STAFF_USERS = frozenset({"teacher", "administrator", "aide", "proctor"})
_FITTING_USERS: dict[str, frozenset[str]] = {
    "student": frozenset({"student"}),
    **{role: _STAFF_USERS for role in ("teacher", "administrator", "proctor", "aide")},
}
# Remind: "any user with a teacher or administrator role who is associated with a class will
# automatically become a class owner"; OneRoster: primary applies to teachers. Any other user's
# primary=true is written as false (V579).
OWNERS = _OWNERS = CLASS_OWNER_ROLES
# primary true, as Remind also takes it: "If your SIS uses "yes" or "no" instead, please be sure
# to use lowercase" (spec.PRIMARY_REMIND).
PRIMARY_TRUE = ("true", "yes")
# The roles a kept user that is no student has, by number (Validator.user_roles).
_USER_ROLES = tuple(sorted(set(USER_ROLES_SPEC) | set(USER_ROLES_REMIND)))
_ROLE_NUMBER = {role: number for number, role in enumerate(_USER_ROLES, start=1)}
# A user not (yet) in the map: a guardian the run derives, handed to a worker still pending.
_UNLISTED_ROLE = "guardian"
# Students with an email of their own before the share of those whose email is a guardian's is
# judged (V609; more than half: the run exits 1).
MIN_STUDENT_EMAILS = 10
# The kinds of users whose emails are their own (V554): a student's and a staff member's, never
# another kind's. A guardian's may be a family's (twins' parents), and a student's that is their
# own guardian's is V609.
HOLDER_KINDS = {"student": 1, **{role: 2 for role in sorted(STAFF_ROLES)}}
KIND_WORDS = {1: ("students", "staff member"), 2: ("staff members", "student")}
# The kinds of users whose names are judged read wrong (V555), and how few say nothing.
NAME_KINDS = {
    "student": "students",
    **{role: "staff members" for role in sorted(STAFF_ROLES)},
    **{role: "parents and guardians" for role in sorted(GUARDIAN_ROLES)},
}
NAMES_WRONG_AT_LEAST = 3
KINDS_CROSSED_AT_LEAST = 3  # fewer users of a kind on another kind's addresses are typos (V509 each)
# ... and fewer than a quarter of all the kind's users too: a column read wrong gives most of them
# the other kind's addresses; an elementary district whose few student emails are parents' (three
# of them teachers') does not (tester58 F6).
KINDS_CROSSED_SHARE_OF_ALL = 4


def _file(target: str) -> str:
    """The file a reference's ID set is read from (the schools are in orgs.csv)."""
    return f"{ID_SETS.get(target, target)}.csv"


class _NotIn:
    """Every ID but those of `ids`."""

    __slots__ = ("ids",)

    def __init__(self, ids: Container[str]) -> None:
        self.ids = ids

    def __contains__(self, item: object) -> bool:
        return item not in self.ids


class _WrittenOtherwise:
    """The IDs a kept ID of `target` differs from only in letter case or leading zeros."""

    __slots__ = ("target", "validator")

    def __init__(self, validator: Validator, target: str) -> None:
        self.validator, self.target = validator, target

    def __contains__(self, item: object) -> bool:
        return isinstance(item, str) and self.validator.written_otherwise(self.target, item) is not None


class _Either:
    """The IDs in one of two containers."""

    __slots__ = ("one", "other")

    def __init__(self, one: Container[str], other: Container[str]) -> None:
        self.one, self.other = one, other

    def __contains__(self, item: object) -> bool:
        return item in self.one or item in self.other


class LeftOutRows:
    """The export rows whose record of one table (the classes) was made and then left out: by a
    filter, or for a sourcedId another row had first. Another record made from such a row (a
    section's teacher enrolment) is left out with it, even where its class ID was kept from
    another row. Rows combined into one record count as the record's first row.

    Also every ID the table's exports list (`in_export`): a reference to a record left out (a class
    of another term) follows it (V503), one to an ID the export never listed is a defect of the
    export (V502)."""

    _MADE, _KEPT = 1, 2

    def __init__(self, table: str) -> None:
        self.table = table
        self._places = Places()
        self._rows = CompactMap()  # packed place -> _MADE, or _KEPT once the record is kept
        self.in_export = IdSet()  # every sourcedId a row of the table's exports gives, kept or not

    def made(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """The table's records as they are made (before its filters)."""
        for draft in drafts:
            self._rows.setdefault_hash(self._key(draft.origin), self._MADE)
            self.in_export.add(draft.values.get("sourcedId", ""))
            yield draft

    def lost(self, draft: Draft) -> None:
        """A record made and left out before `made` saw it (its ID is two records', V592)."""
        self._rows.setdefault_hash(self._key(draft.origin), self._MADE)
        self.in_export.add(draft.values.get("sourcedId", ""))

    def kept(self, origin: SourceRow) -> None:
        self._rows.add_hash(self._key(origin), self._KEPT - self._MADE)

    def files(self) -> list[str]:
        return list(self._places.files)

    def left_out(self, origin: SourceRow) -> bool:
        return origin.file in self._places.files and self._rows.get_hash(self._key(origin)) == self._MADE

    def _key(self, origin: SourceRow) -> int:
        return place_key(self._places.pack(origin))


_BITS64 = (1 << 64) - 1


def place_key(packed: int) -> int:
    """A packed place as a CompactMap key: its bits spread. A packed place is the line times
    65536 (plus the file), and a key's slot is the key modulo the table's size, which has a
    large power of two in it: unspread, a whole export's lines took a few hundred slots and
    linear probing walked ever longer runs (classes 0.6 s at 100k students, 16 s at 1M).
    SplitMix64's finalizer: each step is invertible, so distinct places stay distinct and a
    nonzero place stays nonzero (0 is the map's empty slot). A signed 64-bit int."""
    z = packed & _BITS64
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & _BITS64
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & _BITS64
    z ^= z >> 31
    return z - (1 << 64) if z >= 1 << 63 else z


class OnFirstLook(Mapping[str, str]):
    """A mapping worked out the first time it is read: the orgs a run left out that are no school
    (Run._orgs_not_schools) take a second pass over the orgs' export, which in a flat export is
    every roster row; only a reference to a missing org reads them."""

    def __init__(self, make: Callable[[], dict[str, str]]) -> None:
        self._make: Callable[[], dict[str, str]] | None = make
        self._made: dict[str, str] = {}

    def _items(self) -> dict[str, str]:
        if self._make is not None:
            self._made, self._make = self._make(), None
        return self._made

    def __getitem__(self, key: str) -> str:
        return self._items()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items())

    def __len__(self) -> int:
        return len(self._items())


# What a contact point another user had first costs (V509, V510), by whether the target gives one to
# one user only (Target.one_user_per_point): a strict run spoke of Remind (reviewer82 R8).
_SHARED_COST: dict[bool, dict[str, str]] = {
    True: {
        "email-shared": "Remind gives an email to one user only",
        "guardian-contact-shared": "Remind needs a unique contact point",
    },
    False: {
        "email-shared": "both are published with it; a consumer that keys accounts on the email takes them for one",
        "guardian-contact-shared": "both are published with it; a consumer that keys parents on it takes them for one",
    },
}


# What V509 adds when the two users are a staff member and a parent or guardian of one name: one
# person in two roles (a teacher who is also a parent, tester78 T3), to whom "give each person
# their own email" does not apply. Remind makes an account of every user of users.csv, and a
# parent's needs a contact point of its own: the email stays on the staff record. By what the
# parent or guardian record has beside it (review163 R3): "none" (the message goes on to say Remind
# cannot create them), "own" (a phone of their own: nothing to get), "unknown" (the staff record
# came second, the parent's other points were not read here).
_TWO_ROLES_BASE = (
    "; the two, a staff member and a parent or guardian of one name, are likely one person in two roles "
    "(a teacher who is also a parent)"
)
_TWO_ROLES: dict[str, str] = {
    "none": _TWO_ROLES_BASE + ": keep the email on the staff record and give the parent or guardian record "
    "a personal email or mobile phone in the SIS",
    "own": _TWO_ROLES_BASE + ": keep the email on the staff record "
    "(the parent or guardian account is made with their own phone)",
    "unknown": _TWO_ROLES_BASE + ": keep the email on the staff record, "
    "and give the parent or guardian record a personal email or mobile phone in the SIS if it has none",
}


def _name_mark(values: dict[str, str]) -> int:
    """A user's two names as people are matched by them (`identity.name_parts`, as the people
    gate matches them), as a hash: 0 for none."""
    given, family = name_parts(values)
    return id_hash(f"{given}\0{family}") if given and family else 0


class Validator:
    """Holds the sets of kept IDs, so later files can be checked against earlier ones."""

    def __init__(self, target: Target, report: Report, *, repair: bool = True) -> None:
        self.target = target
        self.report = report
        self.repair = repair  # False when auditing a set someone else wrote: find, never fix
        # A set given to validate on a target without Remind's rules (Target.consumer_rules): a user's
        # orgs may be of any type (a district's administrator), a user in any number of classes. A run
        # keeps to schools on either target.
        self._strict_set = not repair and not target.consumer_rules
        self._orgs_left_out: set[str] = set()  # validate: the set's orgs it leaves out (a few)
        # The export columns each rule reads into an output column ((rule label, column) -> "DOB"):
        # where a required value came out empty is named by the export's column (D304).
        self.read_from: dict[tuple[str, str], str] = {}
        # The output columns a rule gives a value of its own (`value:`, a setting) and reads from
        # no export: a problem with one names no export column (mapping.columns_given).
        self.given: frozenset[tuple[str, str]] = frozenset()
        # Every enrolment rule puts its IDs together from two or more cells (a template): one ID
        # on rows of other classes or users is the template's doing, and each gets its own (I218).
        self.ids_put_together = False
        # The last published set's folder (None on a first set): the enrolment IDs the I218 repair
        # gave there stay (I225, pipeline.suffixed_ids). Read once, when IDs are put together.
        self.last_set: Path | None = None
        self._last_suffixed: dict[str, dict[tuple[str, str], str]] | None = None
        self._suffixes_settled: set[str] = set()
        self._last_plain: dict[str, tuple[str, str]] = {}
        # The columns each rule reads from its record's joined row ((rule label, column) -> the
        # join index and the export column, mapping.read_through_record) and the run's join
        # indexes: a problem with such a value names that row (`_cell_where`).
        self.read_through: dict[tuple[str, str], tuple[tuple[str, tuple[str, ...]], str]] = {}
        self.indexes: Indexes = {}
        self._rules = _rules_by_table(target)
        # The target enrols aides as aides (Remind); OneRoster 1.1 has no such enrolment role.
        self._enrols_aides = "aide" in target.allowed.get(("enrollments", "role"), ())
        # The classes with a primary teacher kept, and that enrolment: its ID, user and place
        # (Target.one_primary). A run: of the classes with more than one, the others, until
        # `settle_primaries` keeps the lowest ID's primary (D360), in any row order. Few.
        self._primary_of: dict[str, tuple[str, str, Where]] | None = {} if target.one_primary else None
        self._more_primaries: dict[str, dict[str, tuple[str, Where]]] = {}
        self.kept: dict[str, Ids] = {"students": IdSet(), "schools": set()}
        # Students whose class-owner role (a teacher's) F438 left out: ID -> (role, where its row
        # is), and the classes whose owner enrolments of theirs were left out with it (V578): a
        # teacher with a student role too, whose classes may be left without owner (X867). Few.
        # The guardians rules that make an ID of a prefix and the SIS contact ID: prefix -> (the
        # rule's label, the contact column), for V597's words (set by the run).
        self.guardian_ids: dict[str, tuple[str, str]] = {}
        self.demoted: dict[str, tuple[str, str]] = {}
        self.demoted_classes: dict[str, set[str]] = {}
        self.other_orgs: dict[str, str] = {}  # kept orgs that are not schools (the district): ID -> type
        # Orgs of the exports a run left out that are no school (the district): ID -> type as written.
        # A reference to one is still missing, and said to be no school (not "not in orgs.csv").
        self.dropped_orgs: Mapping[str, str] = {}
        # A run's: each user's schools by their enrolments in a staff role (Run._staff_enrolled_at),
        # read the first time a staff member names no school but orgs that are none (`_placed`).
        self.staff_enrolled_at: Callable[[], dict[str, dict[str, tuple[str, str, int]]]] | None = None
        self._staff_at: dict[str, dict[str, tuple[str, str, int]]] | None = None
        self.orgs_of_users: set[str] = set()  # the kept users' orgSourcedIds, as written (a few distinct lists)
        # Only the IDs some other file points to are remembered (not every enrolment's).
        self._remembered = {"users", "students"} | {t for refs in target.references.values() for _, t in refs}
        self.unrostered: set[str] = set()  # schools left out on purpose (--school, settings.schools)
        self.rostered: frozenset[str] = frozenset()  # --school, settings.schools: the only ones (empty: all)
        self.excluded_schools: frozenset[str] = frozenset()  # settings.exclude_schools, listed or not
        self.excluded_seen: set[str] = set()  # of them, those a record named (pipeline.excluded_schools)
        # A run of every school's: the students left out for naming only schools missing from the
        # set and kept from no other row yet, each once (X818; report.schools_missing_students).
        self.students_lost: IdSet | None = None
        self.left_out_rows: LeftOutRows | None = None  # the classes' rows left out (set by the run)
        # The school of each kept class (hash of its ID -> number in _schools), and the classes
        # listed again at another school: class ID -> {school of a row left out: school kept}.
        self._class_schools = CompactMap()
        self._class_courses = CompactMap()  # hash(class) -> `_course_hash` of its kept record (its section)
        self.dropped_users = IdSet()  # users left out for a problem of their own (V608 tells them apart)
        # V537s of one person's two rows of one export (of the same name): file -> (ID, the rows), for
        # X881 (rows_unread): a condition that reads one row per person whose column the export lacks.
        self.one_person_rows: dict[str, list[tuple[str, str]]] = {}
        # The same, with the two rows' lines: X816 (span_rows) reads those rows again. Few.
        self.one_person_lines: dict[str, list[tuple[str, int, int]]] = {}
        # Kept students' rows a condition left out as ended at a school they are kept at, by export:
        # (the ended row's line, the kept row's), for X816 and I252 (span_rows). Few.
        self.ended_beside_kept: dict[str, list[tuple[int, int]]] = {}
        self._schools: dict[str, int] = {}
        self._school_names: dict[int, str] = {}  # number -> school, `_schools` turned round (V538)
        self._moved: dict[str, dict[str, str]] = {}
        self._first: dict[str, CompactMap] = {}  # table -> sourcedId -> line and fingerprint
        self._line_files: list[str] = []  # the files a user's first line names (_line_code)
        # User IDs on two rows with different data, each with the place of its second row: two
        # people with one ID, so neither record is kept (`leave_out_conflicts`). Few.
        self._conflicting_users: dict[str, tuple[Where, int, str, str]] = {}
        # V537s found, said once the records are taken out of the written file (`say_conflicts`).
        self._conflicts_found: list[tuple[str, Where, int, str, str, str]] = []
        # The role and name of each conflict's later row (`_conflicting_users`): a student and a
        # staff member of other names from two exports are two numbering series meeting (V556).
        self._conflict_people: dict[str, dict[str, str]] = {}
        # The profile's name and, by a staff export's file, the profile lines giving its IDs a
        # prefix of their own (pipeline.id_series): what V556 tells the admin to write.
        self.profile_name = ""
        self.series_fix: Callable[[str, str], str | None] = lambda students, staff: None
        # Whether a kept enrolment row (its rule, the texts its date conditions read) ends tonight:
        # True, False, None for unknown (pipeline.leavers.Tonight); None: not counted (a set checked).
        self.ends_tonight: Callable[[str, tuple[str, ...]], bool | None] | None = None
        # Users kept from a row that starts ahead (pipeline.ahead: read after the current rows).
        self._kept_ahead = IdSet()
        # The names of the users kept, as hashes, while a rule reads rows that start ahead (F427
        # needs the waiting row to be the same person as the current one); None otherwise.
        self._names: CompactMap | None = None
        # A student's row that waits for its day (F427): its schools and start, by student; then
        # (`settle_waiting`) the schools the student is not at yet, whose enrolments wait too.
        self._ahead_schools: dict[str, tuple[str, str]] = {}
        self.waiting: dict[str, tuple[frozenset[str], str]] = {}
        # A student's two current rows of one export at two schools: one person at both (I297).
        self.two_schools = TwoSchools()
        self.section_teachers = section_teachers.SectionTeachers()
        # The schools of a student's rows that ended, then (`settle_left`) those she left for
        # another: her enrolments there follow the ended row (F431, pipeline.left_schools).
        self.left = LeftSchools()
        # The students a demographics record was made for, kept or not: a published student with
        # none is said once the set is written (pipeline.run, D369).
        self.demographics_named = IdSet()
        # Of the demographics, the first later row of each ID whose rows differ: neither is kept
        # (pipeline.disagreeing). Few.
        self._disagreeing: dict[str, dict[str, Draft]] = {}
        self._lowest: dict[str, dict[str, list[Draft]]] = {}  # LOWEST_KEPT tables' later rows that disagree
        # Of the classes, the later rows of the first row's section, decided once all are read
        # (a run's: `validate` reports a set's repeated ID as it is, V501). Few.
        self._sections = Sections(self._keep_row, self._say_repeated) if repair else None
        # Enrolment IDs a later row gave other data: the first row's line and the later rows,
        # until every row is read and the first record is taken out of the written file
        # (`settle_enrolments`): one enrolment (V548), or two the tool cannot tell apart (V576).
        # And the enrolments a user has in a class under another ID, by the written one's ID: its
        # line and the later rows (V580, one enrolment under the lowest ID). Few.
        self._enrolment_conflicts: dict[str, tuple[int, list[Draft]]] = {}
        self._repeats: dict[str, tuple[int, list[Draft]]] = {}
        # Contact points already given to a user, held until the last user: hash of the value ->
        # who had it first, as position in _holders << 27 | line.
        self._emails = CompactMap()
        # Of emails a guardian had first, the first student or staff member to have it (V554): a
        # family email, the parents before the staff in a users file, hides no crossing. Few.
        self._holder_emails = CompactMap()
        self._guardian_phones = CompactMap()
        self._holders = array("q")  # hashes of the sourcedIds of users with a contact point, in order
        # The kept users' usernames, made one user's each once users.csv is written (a strict set).
        self.usernames = Usernames(self.username_where) if repair and target.unique_usernames else None
        # (rule, file, each group) -> the export's login column its username reads first ("" where
        # that is the email's column or none is read). Few.
        self._login_columns: dict[tuple[str, str, str], str] = {}
        # Examples naming a first holder, by hash: named from users.csv when users are done
        # (the strings of two million user IDs are not held for twenty examples).
        self._unnamed: list[tuple[Problem, int]] = []
        self._last_students: LastStudents | None = None
        # The addresses of former students the run state carries, and those found tonight (V574, reviewer106 R1).
        self.carried: Carried | None = None
        # The students' email column and the guardian's of the first student with a guardian's email (V609).
        self._shared_columns: tuple[str, str] | None = None
        # A student whose own email is one of their guardians' (V609). A run writes the students
        # before the guardians: hash of (student, email) -> the student's place, for each student
        # with an email and a guardian, until a guardian of theirs has it. A set given to validate
        # is in any order: hash of (guardian, email) too, for a student listed after them.
        self._student_emails = CompactMap()
        self._guardian_emails = CompactMap()
        self._email_places = Places()
        self.students_with_email = 0  # kept students with an email of their own
        self.students_guardian_email = 0  # of them, those whose email is a guardian's (V609)
        # The students' and the parents' email domains: a parent read with a student's own address (V574).
        self.addresses = StudentAddresses()
        # Students' and staff members' emails another kind of user has too (V554): each holder's
        # kind (HOLDER_KINDS, 0 for a guardian), the kept users of each kind with an email, and
        # the emails held by both kinds, by the first holder's position: [users per kind, example].
        # An email only users of one kind share (siblings' family email) is a count in a compact
        # map until the other kind holds it too: most shared emails never cross.
        self._holder_kinds = bytearray()
        self._holder_names = array("q")  # each holder's name (`_name_mark`): one person in two roles (V509)
        self._with_email: Counter[int] = Counter()
        self._of_kind: Counter[int] = Counter()  # every kept user by kind (HOLDER_KINDS), email or not
        self._email_groups: dict[int, list[Any]] = {}
        self._same_kind_sharers = CompactMap()
        # Names read wrong (V555), by kind of user: those with both names, those whose two are
        # one (a whole-name column read into both) or hold a comma ('Last, First' read whole),
        # and the first of each.
        self._named_users: Counter[str] = Counter()
        self._names_same: Counter[str] = Counter()
        self._names_comma: Counter[str] = Counter()
        self._name_examples: dict[tuple[str, bool], tuple[Where, str, str, str]] = {}
        self._classes_of = Tally(named_above=CLASSES_PER_USER_MAX)  # user -> classes
        # One enrolment per user per class (V580): hash of (class, user) -> where the kept
        # enrolment's sourcedId is in _pair_ids << 27 | its line. _pair_ids holds those IDs,
        # each ended by a NUL (never in an ID): about 11 bytes an enrolment beside the map's 27,
        # for the one string the message of a repeat names (at 8M enrolments, ~90 MB and ~215 MB).
        self._pairs = CompactMap()
        self._pair_ids = bytearray()
        # The role of each kept user who is no student (the students are kept["students"]):
        # hash of the ID -> number in _USER_ROLES. Staff and guardians, 16 bytes a slot.
        self.user_roles = CompactMap()
        # In a worker handed the users while derived guardians were pending: the final roles.
        self.final_roles: Callable[[], CompactMap] | None = None
        self._last_role = ("\x00", "")  # (user, role) of the last user_role answered (NUL is never an ID)
        # Parents follow their children into classes: hash of a guardian -> how many children
        # name them (their IDs are read again from the written students if ever needed).
        self._children = CompactMap()
        self._most_children = 0
        self._quick: dict[str, Callable[[dict[str, str]], bool]] = {}
        # Per table, the references a record must keep that `_dangles` reads (known as early as
        # a worker knows them: before any into users)
        self._held_references: dict[str, References] = {}
        self._quick_values: dict[tuple[str, tuple[str, ...]], Callable[[dict[str, str]], bool]] = {}
        self._staff_needing_email = frozenset(STAFF_ROLES) if target.staff_need_email else frozenset()
        self._ids: dict[str, tuple[tuple[str, bool], ...]] = {}
        self._id_screens: dict[str, list[tuple[tuple[str, ...], re.Pattern[str]]]] = {}

    def validate(self, drafts: Iterable[Draft], *, table: str) -> Iterator[Draft]:
        checked = self._validated(drafts, table=table)
        if table in LOWEST_KEPT and self.repair:
            return lowest_of_each(checked, self._lowest.setdefault(table, {}), self.report)
        if table not in HELD_UNTIL_DECIDED:
            return checked
        later = self._disagreeing.setdefault(table, {})
        kept = self._kept_set(table)
        sections = self._sections if table == "classes" else None
        return without_disagreeing(checked, later, self.report, kept.discard if kept is not None else None, sections)

    def _note_left_out(self, table: str, draft: Draft) -> None:
        """A user left out for a problem of its own (V608 tells them apart); in validate, an org (a
        list naming it says nothing more: V517 is for an item naming no row of the set)."""
        if table == "users" and draft.values.get("sourcedId"):
            self.dropped_users.add(draft.values["sourcedId"])
        elif table == "orgs" and not self.repair:
            self._orgs_left_out.add(draft.values.get("sourcedId", ""))

    def _keep_row(self, draft: Draft) -> None:
        """A class row whose section is published from another row of its ID: its other
        records (its teacher's enrolment) are kept, as a co-teacher's row is (not V532)."""
        if self.left_out_rows is not None:
            self.left_out_rows.kept(draft.origin)

    def _say_repeated(self, draft: Draft, first_line: int) -> None:
        """V501 for a later row of an ID left out with its first row (two classes, two enrolments)."""
        key = draft.values.get("sourcedId", "")
        self.report.add(
            codes.code("duplicate-conflict"),
            self._where(draft, "sourcedId"),
            table=draft.table,
            id=key,
            first_line=first_line,
            first_at=f"line {first_line}",
        )

    def _validated(self, drafts: Iterable[Draft], *, table: str) -> Iterator[Draft]:
        kept, first = self._kept_set(table), self._first_map(table)
        quick = self._quick.get(table) or self._quick.setdefault(table, self._quick_checks(table))
        follows = self._follows(table)
        named = self.demographics_named if table == "demographics" else None
        for draft in drafts:
            if self._taken_in(draft, named, first):
                continue
            if not quick(draft.values) and not (
                self._required(draft) and self._allowed(draft) and self._ids_safe(draft) and self._references(draft)
                if not self._dangles(draft)
                else self._references(draft)  # follows what it names: its own defects say nothing more
            ):
                self._note_left_out(table, draft)
                continue
            if follows and self._follows_left_out(draft):
                continue
            if table == "enrollments" and not self._role_fits(draft):
                continue  # after the rows left out with their class: as `late_checks` does
            if table == "enrollments" and self.waiting and not self._not_waiting(draft):
                continue
            if table == "enrollments" and not self._enrolment_stays(draft):
                continue
            key = draft.values["sourcedId"]
            if not self._first_time(draft, key, first):
                continue
            if table == "enrollments" and not self._first_pair(draft):
                continue
            if table == "enrollments":
                self._kept_enrolment(draft)
            self._remember(draft, key, kept, table)
            yield draft

    def _remember(self, draft: Draft, key: str, kept: Ids | None, table: str) -> None:
        if kept is not None:
            kept.add(key)
        if table == "users":
            if self._names is not None:
                self._names.setdefault_hash(id_hash(key), _name_hash(draft.values))
            role = draft.values.get("role", "")
            if role != "student":
                self.user_roles.setdefault_hash(id_hash(key), _ROLE_NUMBER.get(role, 0))
                if role not in NOT_AT_SCHOOL:
                    self.left.note_staff(key, draft.values.get("orgSourcedIds", ""))
            elif self.students_lost and key in self.students_lost:
                self._student_found(key)
            self._user_contacts(draft)
            if self.usernames is not None:
                self._note_username(draft, self.usernames)
            self._name_form(draft)
            self.orgs_of_users.add(draft.values.get("orgSourcedIds", ""))
        elif table == "enrollments":
            self._classes_of.add(draft.values["userSourcedId"])
        elif table == "orgs":
            kind = draft.values.get("type", "")
            if kind == "school":
                self.kept["schools"].add(key)
            else:
                self.other_orgs[key] = kind
        elif table == "classes":
            school = draft.values.get("schoolSourcedId", "")
            number = self._schools.setdefault(school, len(self._schools) + 1)
            self._class_schools.setdefault(key, number)
            self._class_courses.setdefault(key, _course_hash(draft.values))

    def user_role(self, user: str) -> str:
        """The role of a kept user (who passed the reference check). A student's enrolments
        come one after another in most exports: the last answer is kept for the next row."""
        if user == self._last_role[0]:
            return self._last_role[1]
        role = self._user_role(user)
        if self.final_roles is None:  # final: no pending guardian can change it
            self._last_role = (user, role)
        return role

    def _user_role(self, user: str) -> str:
        if user in self.kept["students"]:
            return "student"
        number = self.user_roles.get_hash(id_hash(user))
        if number is None and self.final_roles is not None:  # a guardian pending in a worker
            self.user_roles, self.final_roles = self.final_roles(), None
            number = self.user_roles.get_hash(id_hash(user))
        if number is None:
            return _UNLISTED_ROLE
        return _USER_ROLES[number - 1] if number else ""

    def _role_fits(self, draft: Draft) -> bool:
        """An enrolment's role fits its user's (a student is enrolled as a student, staff as
        staff, a guardian never), else it is left out (V578); primary true on an enrolment of a
        user who owns no class is written as false (V579), or, checking a set, reported (V581).
        Run after the reference checks."""
        values = draft.values
        user, role = values.get("userSourcedId", ""), values.get("role", "")
        if not user:
            return True
        user_role = self.user_role(user)
        if user_role not in _FITTING_USERS.get(role, ()):
            if user in self.demoted and role in _OWNERS:
                self.demoted_classes.setdefault(user, set()).add(values.get("classSourcedId", ""))
            self.report.add(
                codes.code("enrollment-role-mismatch"),
                self._where(draft, "role" if role in _FITTING_USERS else "userSourcedId"),
                table=draft.table,
                id=user,
                user_role=user_role,
                role=role,
                rule="a student enrolment needs a student user"
                if role == "student"
                else "a staff enrolment needs a teacher, aide, administrator or proctor user"
                if role in _FITTING_USERS
                else "parents and guardians follow their children into classes",
            )
            return False
        if user_role == "aide" and role != "aide" and self._enrols_aides:
            # Remind: "The role of non-teaching staff members should be listed as "aide" in this
            # file"; as a teacher or administrator she would own the class.
            slugs: tuple[codes.Slug, codes.Slug] = ("aide-enrollment-role", "aide-enrolled-as-owner")
            self._repair_or_note(draft, "role", "aide", slugs, user=user, role=role)
            role = values["role"]
        if values.get("primary") in PRIMARY_TRUE and user_role not in _OWNERS:
            owners: tuple[codes.Slug, codes.Slug] = ("primary-not-owner", "primary-of-non-owner")
            self._repair_or_note(draft, "primary", "false", owners, user=user, user_role=user_role, role=role)
        return True

    def _repair_or_note(
        self, draft: Draft, column: str, value: str, slugs: tuple[codes.Slug, codes.Slug], **params: str
    ) -> None:
        """Write `value` in the record's `column` and report it under the first slug; checking a
        set (no repair), report it under the second, with the record's table and ID."""
        values = draft.values
        params = {"table": draft.table, "id": values.get("sourcedId", ""), **params}
        if self.repair:
            values[column] = value
        self.report.add(codes.code(slugs[0] if self.repair else slugs[1]), self._where(draft, column), **params)

    def _kept_enrolment(self, draft: Draft) -> None:
        """What is repaired in an enrolment that is kept: one primary teacher per class, and the
        enrolment at its class's school."""
        if self._primary_of is not None:
            self._one_primary(draft)
        if self.repair:
            self._at_class_school(draft)
        values = draft.values
        if values.get("role") == "student":
            self.count_tonight(values.get("classSourcedId", ""), draft.rule, dates_of(draft.extra))

    def count_tonight(self, class_id: str, rule: str, dates: tuple[str, ...], rows: int = 1) -> None:
        """`rows` student enrolment rows kept in `class_id`, their date conditions reading `dates`:
        counted as ending tonight or running past (Report.class_rows), or not at all when unknown."""
        if self.ends_tonight is None or not class_id or not dates:
            return
        ends = self.ends_tonight(rule, dates)
        if ends is not None:
            self.report.counts_class_row(class_id, ends, rows)

    def _at_class_school(self, draft: Draft) -> None:
        """A kept enrolment whose school is not its class's is written at its class's (the class
        row is the authority on where the class is), and said at its own export row (V538: the row
        to correct; tester48 F3 found it named by its line in the published file).
        pipeline.enrolment_schools aligns what reaches the written file otherwise."""
        values = draft.values
        class_id, school = values.get("classSourcedId", ""), values.get("schoolSourcedId", "")
        at = self._class_schools.get_hash(id_hash(class_id)) if class_id else None
        if at is None:
            return
        if len(self._school_names) != len(self._schools):
            self._school_names = {number: school for school, number in self._schools.items()}
        written = self._school_names[at]
        if school == written or not written:
            return
        self.report.add(
            codes.code("enrollment-school-aligned"),
            self._where(draft, "schoolSourcedId"),
            id=values.get("sourcedId", ""),
            value=school,
            class_id=class_id,
            school=written,
        )
        values["schoolSourcedId"] = written

    def _first_pair(self, draft: Draft) -> bool:
        """The first kept enrolment of its user in its class, noted; a later one (another
        enrolment ID, the same user and class) is reported and left out (V580). Run after the
        duplicate-ID check: a row listed twice is a duplicate (V501), not a repeat."""
        values = draft.values
        class_id, user = values.get("classSourcedId", ""), values.get("userSourcedId", "")
        if not class_id or not user:
            return True
        h = pair_hash(class_id, user)
        seen = self._pairs.get_hash(h)
        if seen is None:
            self._keep_pair(h, values.get("sourcedId", ""), draft.origin.line)
            return True
        at = seen >> 27
        first_id = self._pair_ids[at : self._pair_ids.index(0, at)].decode()
        if self.repair:  # which one is published is decided once every row is read
            self._repeats.setdefault(first_id, (seen & _MAX_LINE, []))[1].append(draft)
            return False
        self.report.add(
            codes.code("enrollment-repeated"),
            self._where(draft, "userSourcedId"),
            table=draft.table,
            id=values.get("sourcedId", ""),
            user=user,
            class_id=class_id,
            first_id=first_id,
            first_line=seen & _MAX_LINE,
            kept="a run publishes one, under the lowest of the IDs",
        )
        return False

    def _keep_pair(self, h: int, key: str, line: int) -> None:
        """Note the kept enrolment `key` as the first of its (class, user) hash `h` (0: none)."""
        if not h:
            return
        ids = self._pair_ids
        self._pairs.setdefault_hash(h, len(ids) << 27 | min(line, _MAX_LINE))
        ids += key.encode()
        ids.append(0)

    def _follows(self, table: str) -> bool:
        """Whether the table's records may follow a row left out (checked record by record)."""
        return table == "enrollments" and (bool(self._moved) or self.left_out_rows is not None)

    def _follows_left_out(self, draft: Draft) -> bool:
        """True (reported) when the record, whose class was kept, comes from a row whose class
        was left out: the same export row (the class kept came from another row with its ID),
        or an enrolment at the school of a class row left out for a duplicate ID. Run after the
        reference checks: a record whose class is not kept at all follows it as before (V503)."""
        if self._teacher_left_out(draft):
            return True
        values = draft.values
        rows = self.left_out_rows
        if rows is not None and rows.left_out(draft.origin):
            self.report.add(
                codes.code("follows-left-out-row"),
                self._where(draft),
                table=draft.table,
                id=values.get("sourcedId", ""),
                source=rows.table,
            )
            return True
        moved = self._moved.get(values.get("classSourcedId", "")) if self._moved else None
        school = values.get("schoolSourcedId", "")
        if moved and school in moved:
            self.report.add(
                codes.code("follows-left-out-class"),
                self._where(draft, "schoolSourcedId"),
                id=values.get("sourcedId", ""),
                value=school,
                class_id=values["classSourcedId"],
                kept=moved[school],
            )
            return True
        return False

    def split_references(self, table: str, deferred: str) -> tuple[References, References]:
        """The table's references before the first one into `deferred`, and the rest."""
        references = self.target.references.get(table, ())
        cut = next((i for i, (_, target) in enumerate(references) if target == deferred), len(references))
        return references[:cut], references[cut:]

    def early_checks(self, table: str, *, deferred: str) -> Callable[[Draft], bool]:
        """The checks of `validate` a record can pass before the `deferred` table's IDs are known
        (a worker process runs them early); `late_checks` runs the rest, in the same order."""
        before, _ = self.split_references(table, deferred)
        rules = self._rules.get(table, _NO_RULES)
        quick = fastpath.compile_checks(
            table,
            required=self.target.required.get(table, ()),
            allowed=[(c, frozenset(a), (table, c) in LIST_COLUMNS) for c, a in rules.allowed],
            ids=self._screens(table),
            references=[(c, t, (table, c) in LIST_COLUMNS) for c, t in before],
            kept=self.kept,
            contact_roles=None,
        )

        follows = self._follows(table)

        def passes(draft: Draft) -> bool:
            self._complete(draft)
            return (
                quick(draft.values)
                or (
                    self._required(draft)
                    and self._allowed(draft)
                    and self._ids_safe(draft)
                    and self._references(draft, before)
                    if not self._dangles(draft)
                    else self._references(draft, before)  # as `_validated`
                )
            ) and not (follows and self._follows_left_out(draft))

        return passes

    def quick_late_checks(
        self, table: str, columns: tuple[str, ...], after: References
    ) -> Callable[[tuple[str, ...], int, int], bool] | None:
        """`late_checks` for a record given as its output row, line and fingerprint, when nothing is to
        be reported or repaired; False sends it on to `late_checks`, which reports. None when `late_checks`
        must see every record (list or optional references, users' contact checks)."""
        if (
            table == "users"
            or "sourcedId" not in columns
            or any(
                c not in columns or (table, c) in LIST_COLUMNS or (table, c) in self.target.optional_references
                for c, _ in after
            )
        ):
            return None
        checks: tuple[tuple[int, Container[str]], ...] = tuple(
            (columns.index(c), self.kept.get(t, frozenset())) for c, t in after
        )
        first, kept = self._first_map(table), self._kept_set(table)
        key_at = columns.index("sourcedId")
        user_at = columns.index("userSourcedId") if table == "enrollments" else -1
        class_at = columns.index("classSourcedId") if user_at >= 0 and "classSourcedId" in columns else -1
        pairs, keep_pair = self._pairs, self._keep_pair
        role_at = columns.index("role") if user_at >= 0 and "role" in columns else -1
        primary_at = columns.index("primary") if role_at >= 0 and "primary" in columns else -1
        count_class = self._classes_of.add
        user_role = self.user_role
        enrols_aides = self._enrols_aides
        one_primary = self._primary_of is not None
        school_at = columns.index("schoolSourcedId") if class_at >= 0 and "schoolSourcedId" in columns else -1
        school_of = self.class_schools() if school_at >= 0 and self.repair else None

        def passes(row: tuple[str, ...], line: int, fingerprint: int) -> bool:
            for at, known in checks:
                if row[at] and row[at] not in known:
                    return False
            if role_at >= 0 and row[user_at]:  # a role that does not fit, a primary repaired: reported
                held = user_role(row[user_at])
                role = row[role_at]
                if held not in _FITTING_USERS.get(role, ()) or (held == "aide" != role and enrols_aides):
                    return False  # (an aide's enrolment as staff is rewritten as an aide's: V590)
                if primary_at >= 0 and row[primary_at] in PRIMARY_TRUE and (one_primary or held not in _OWNERS):
                    return False  # (a primary teacher: `late_checks` keeps one per class)
            pair = _row_pair(row, class_at, user_at)  # 0 (in no map) when the row has none
            if pairs.get_hash(pair) is not None:  # a repeat: `late_checks` reports it
                return False
            key = row[key_at]
            if first.setdefault(key, min(line, _MAX_LINE) << _FINGERPRINT_BITS | fingerprint) is not None:
                return False
            keep_pair(pair, key, line)
            if kept is not None:
                kept.add(key)
            if user_at >= 0:
                count_class(row[user_at])
            return True

        quick = _unless_waiting(_unless_waiting(passes, self.waiting, user_at), self.left, user_at)
        return _unless_elsewhere(quick, school_of, class_at, school_at)

    def late_checks(self, draft: Draft, after: References) -> bool:
        """The rest of `validate` for a record that passed `early_checks`: True when it is kept."""
        table = draft.table
        if not self._references(draft, after):
            return False
        if table == "enrollments" and not self._role_fits(draft):
            return False
        if table == "enrollments" and self.waiting and not self._not_waiting(draft):
            return False
        if table == "enrollments" and not self._enrolment_stays(draft):
            return False
        key = draft.values["sourcedId"]
        if not self._first_time(draft, key, self._first_map(table)):
            return False
        if table == "enrollments" and not self._first_pair(draft):
            return False
        if table == "enrollments":
            self._kept_enrolment(draft)
        self._remember(draft, key, self._kept_set(table), table)
        return True

    def _one_primary(self, draft: Draft) -> None:
        """A kept teacher's (or administrator's) enrolment with primary true of a class that has
        one already: checking a set, reported (D361); a run notes it, and once every enrolment is
        read the one of the lowest enrolment ID keeps primary, the others are written as false
        (D360, `settle_primaries`), in any row order (tester51 F4)."""
        values = draft.values
        class_id = values.get("classSourcedId", "")
        if values.get("primary") not in PRIMARY_TRUE or not class_id:
            return
        user = values.get("userSourcedId", "")
        if self.user_role(user) not in _OWNERS:
            return  # a primary that owns nothing: V579/V581 said so
        assert self._primary_of is not None
        key = values.get("sourcedId", "")
        found = self._primary_of.get(class_id)
        if found is None:
            self._primary_of[class_id] = (key, user, self._where(draft, "primary"))
            return
        if found[0] == key:
            return
        if self.repair:
            self._more_primaries.setdefault(class_id, {})[key] = (user, self._where(draft, "primary"))
            return
        self.report.add(
            codes.code("primary-more-than-one"),
            self._where(draft, "primary"),
            table=draft.table,
            id=key,
            user=user,
            class_id=class_id,
            first=found[0],
        )

    def settle_primaries(self, take_out: Callable[[set[str]], dict[str, dict[str, str]]]) -> list[Draft]:
        """Of the classes more than one kept enrolment makes primary, the one of the lowest
        enrolment ID stays primary, the others are taken out of the written file (`take_out`) and
        returned with primary false, to be written again (D360, said at their rows). A class's
        primary decided here is decided again with the primaries read after it."""
        more, self._more_primaries = self._more_primaries, {}
        if self._primary_of is None or not more:
            return []
        rewrite: dict[str, tuple[str, str, Where, str]] = {}
        for class_id, others in more.items():
            first = self._primary_of[class_id]
            candidates = {first[0]: (first[1], first[2]), **others}
            winner = min(candidates)
            self._primary_of[class_id] = (winner, *candidates[winner])
            for key, (user, where) in candidates.items():
                if key != winner:
                    rewrite[key] = (class_id, user, where, winner)
        written = []
        for key, values in take_out(set(rewrite)).items():
            class_id, user, where, winner = rewrite[key]
            values["primary"] = "false"
            self.report.add(
                codes.code("primary-repeated"),
                where,
                table="enrollments",
                id=key,
                user=user,
                class_id=class_id,
                first=winner,
            )
            written.append(Draft("enrollments", values, place_at(where.file, where.line)))
        return written

    def _no_primary(self, class_id: str, key: str) -> None:
        """An enrolment taken out of the written file is no primary of its class any more."""
        if self._primary_of is None:
            return
        others = self._more_primaries.get(class_id)
        if others is not None:
            others.pop(key, None)
        found = self._primary_of.get(class_id)
        if found is None or found[0] != key:
            return
        if others:
            next_key = min(others)
            self._primary_of[class_id] = (next_key, *others.pop(next_key))
        else:
            del self._primary_of[class_id]
        if not others:
            self._more_primaries.pop(class_id, None)

    def _kept_set(self, table: str) -> Ids | None:
        """The table's kept IDs when another file points to it (only those are remembered)."""
        if table not in self._remembered:
            return None
        found = self.kept.get(table)
        if found is None:
            found = self.kept[table] = IdSet() if table in _HASHED else set()
        return found

    def listed(self, table: str) -> set[str]:
        """The kept IDs of a table held as strings (all but users and students)."""
        found = self._kept_set(table)
        if not isinstance(found, set):
            raise TypeError(f"the kept {table} are held as hashes and cannot be listed")
        return found

    def class_schools(self) -> Callable[[str], str]:
        """The school of a kept class ("" for an ID no kept class has), as a function: the
        classes a stage holds by school (pipeline.school_classes)."""
        schools = {number: school for school, number in self._schools.items()}

        def school_of(class_id: str) -> str:
            return schools.get(self._class_schools.get_hash(id_hash(class_id)) or 0, "")

        return school_of

    def _first_map(self, table: str) -> CompactMap:
        return self._first.get(table) or self._first.setdefault(table, CompactMap())

    def class_counts(self) -> Tally:
        """Classes per user so far (a worker process hands its count to the main process)."""
        return self._classes_of

    def add_class_counts(self, counts: Tally) -> None:
        self._classes_of.merge(counts)

    def expect(self, table: str, records: int, *, guardians: int = 0, pairs: bool = True) -> None:
        """Size the table's ID map for about this many records up front: growing it later
        holds the old and the new table at once (400 MB at eight million enrolments), and a
        table grown by doubling is up to twice the size it needs. `guardians`: of the users.
        `pairs` False: the enrolments' (class, user) map is not sized (the columnar engine keeps
        most records without `validate`; the few it sends grow a small one)."""
        if table not in self._first:
            self._first[table] = CompactMap(capacity=records)
        if table == "users" and not self._emails:  # nearly every user has an email
            self._emails = CompactMap(capacity=records)
        if table == "users" and guardians and not self._children:  # the guardians students name
            self._children = CompactMap(capacity=guardians)
        if table in _HASHED and not self.kept.get(table):
            self.kept[table] = IdSet(capacity=records)
        if table == "enrollments" and pairs and not self._pairs:
            self._pairs = CompactMap(capacity=records)
        if table == "enrollments":  # classes are counted per user: at most every user kept so far
            self._classes_of.reserve(len(self.kept.get("users", ())))

    def _quick_checks(
        self, table: str, *, skip: tuple[str, ...] = (), references: bool = True
    ) -> Callable[[dict[str, str]], bool]:
        """True when a record passes the required, allowed and reference rules with nothing to
        report or repair; the full checks run only for the others (they report). `skip`:
        required columns not checked; `references` False: those rules left out (`check_values`)."""
        rules = self._rules.get(table, _NO_RULES)
        pointers = self.target.references.get(table, ()) if references else ()
        return fastpath.compile_checks(
            table,
            required=tuple(c for c in self.target.required.get(table, ()) if c not in skip),
            allowed=[(c, frozenset(a), (table, c) in LIST_COLUMNS) for c, a in rules.allowed],
            ids=self._screens(table),
            references=[(c, t, (table, c) in LIST_COLUMNS) for c, t in pointers],
            kept=self.kept,
            contact_roles=(self._staff_needing_email, frozenset(GUARDIAN_ROLES)) if table == "users" else None,
            is_number=self.is_number if not self.repair and self.target.consumer_rules else None,
        )

    def finish(
        self,
        enrollments: Callable[[], Iterable[tuple[str, str]]] = lambda: (),
        students: Callable[[], Iterable[tuple[str, str]]] = lambda: (),
    ) -> None:
        """Checks that need every record: classes per user, a parent's through their children.

        `enrollments` reads the kept (user, class) pairs again, `students` the kept students'
        (sourcedId, agentSourcedIds): only when a parent's children could add up past the limit."""
        if self._strict_set:  # Remind's limit is no rule of a strict set (a run says it, a note)
            return
        over = [(user, count, "") for user, count in self._classes_of.above(lambda: (u for u, _ in enrollments()))]
        lines = _line_past_limit(enrollments, {user: [user] for user, _, _ in over})
        children = self._through_children(enrollments, students)
        lines.update(_line_past_limit(enrollments, {guardian: kids for guardian, kids, _ in children}))
        over += [(guardian, count, " through their children") for guardian, _, count in children]
        for user, count, via in sorted(over):
            self.report.add(
                codes.code("class-limit"),
                # The enrolment that took the user (a parent: a child) past the limit (tester79 T5).
                Where(file="enrollments.csv", line=lines.get(user, 0), column="userSourcedId"),
                id=user,
                count=count,
                via=via,
                limit=CLASSES_PER_USER_MAX,
                target=self.target.name,  # Remind's limit: a person looks (summary._checked)
                note="" if self.target.consumer_rules else _NO_LIMIT,
            )

    def _through_children(
        self, enrollments: Callable[[], Iterable[tuple[str, str]]], students: Callable[[], Iterable[tuple[str, str]]]
    ) -> list[tuple[str, list[str], int]]:
        """Parents over the limit through their children (with those children). Siblings share classes, so a parent is
        counted exactly (their children's classes, united) only when the children's counts add
        up past the limit; and the children are looked up only when the largest counts could."""
        limit = CLASSES_PER_USER_MAX
        if sum(heapq.nlargest(self._most_children, self._classes_of.values())) <= limit:
            return []
        kept = self.kept["students"]
        sums = CompactMap()
        for kid, agents in students():
            count = self._classes_of.get(kid)
            if count and kid in kept:
                for guardian in {g for g in agents.split(",") if g}:
                    sums.add_hash(id_hash(guardian), count)
        over = {h for h, total in sums.items() if total > limit}
        suspects: dict[str, list[str]] = {}
        for kid, agents in students() if over else ():
            if kid in kept:
                for guardian in {g for g in agents.split(",") if g}:
                    if id_hash(guardian) in over:
                        suspects.setdefault(guardian, []).append(kid)
        classes_of_child: dict[str, set[str]] = {k: set() for kids in suspects.values() for k in kids}
        for user, class_id in enrollments() if suspects else ():
            if user in classes_of_child:
                classes_of_child[user].add(class_id)
        counts = [
            (guardian, kids, len(set().union(*(classes_of_child[k] for k in kids))))
            for guardian, kids in suspects.items()
        ]
        return [count for count in counts if count[2] > limit]

    def _user_contacts(self, draft: Draft) -> None:
        values = draft.values
        key, role = values["sourcedId"], values.get("role", "")
        guardians: list[str] = []
        if role == "student":
            self.kept["students"].add(key)
            agents = values.get("agentSourcedIds", "")
            guardians = [g for g in agents.split(",") if g] if agents else []
            for guardian in guardians:
                children = self._children.add_hash(id_hash(guardian), 1)
                if children > self._most_children:
                    self._most_children = children
            if len(guardians) >= GUARDIANS_HELD:
                self.report.add(
                    codes.code("too-many-guardians"),
                    self._where(draft, "agentSourcedIds"),
                    id=key,
                    count=len(guardians),
                )
        email = self._own_email(draft, role, guardians)
        self._of_kind[HOLDER_KINDS.get(role, 0)] += 1
        if not email and role not in GUARDIAN_ROLES:
            return
        self._holders.append(id_hash(key))
        self._holder_names.append(_name_mark(values))
        kind = self._held_by(role, email)
        here = (len(self._holders) - 1) << 27 | min(draft.origin.line, _MAX_LINE)
        # Each contact point is looked up here, and `_shared` called only for one seen before.
        if email:
            self._email_point(draft, kind, email, here)
        if role in GUARDIAN_ROLES:
            for column in ("phone", "sms"):
                value = values.get(column)
                if value and (first := self._guardian_phones.setdefault(value, here)) is not None:
                    self._shared(draft, column, value, first, "guardian-contact-shared", here)

    def _email_point(self, draft: Draft, kind: int, email: str, here: int) -> None:
        """An email given to a user: V509 when another had it first; V554's count when a student's
        or staff member's is another student's or staff member's."""
        if (first := self._emails.setdefault(email, here)) is None:
            return
        self._shared(draft, "email", email, first, "email-shared", here)
        if not kind:
            return
        if self._holder_kinds[first >> 27]:
            self._email_group(draft, kind, email, first, here)
        elif (held := self._holder_emails.setdefault(email, here)) is not None:
            self._email_group(draft, kind, email, held, here)

    def _student_email(self, draft: Draft, email: str, guardians: list[str]) -> None:
        """A kept student's email: theirs, unless a guardian linked to them has it (V609), said
        now if that guardian came first (a set given to validate), else when they come."""
        self.students_with_email += 1
        self.addresses.student(email, draft.origin.file, self.export_column(draft, "email"))
        if not guardians:
            return
        student = draft.values["sourcedId"]
        if len(self._guardian_emails):
            for guardian in guardians:
                if self._guardian_emails.get_hash(id_hash(f"{guardian}\0{email}")) is not None:
                    self._guardian_email_said(self._where(draft, "email"), student, email, guardian)
                    return
        self._student_emails.setdefault_hash(id_hash(f"{student}\0{email}"), self._email_places.pack(draft.origin))

    def _own_email(self, draft: Draft, role: str, guardians: list[str]) -> str:
        """A kept user's email, casefolded, once a student's and a guardian's are judged (V609, V574)."""
        email = read = draft.values.get("email", "").casefold()
        if email and role == "student":
            self._student_email(draft, email, guardians)
        elif email and role in GUARDIAN_ROLES:
            email = self._student_address(draft, email)
            if email:
                self._guardian_email(draft, email)
        self._domain_counted(draft, role, read)
        return email

    def _domain_counted(self, draft: Draft, role: str, email: str) -> None:
        """The students' logins, the staff's domains and the parents read with a student's own address
        (`_district_addresses`); `email`: as read, before V574 blanked it (the students are written first)."""
        if not self.repair:
            return
        if role == "student":
            # a login that is the student's email read again tells no more than the email (V609's family address)
            if (username := draft.values.get("username", "")).casefold() != email:
                self.addresses.login(username, draft.values["sourcedId"], draft.origin.line)
        elif email and role in STAFF_ROLES:
            self.addresses.staff_member(email)
        elif email and role in GUARDIAN_ROLES:
            own = self._students_email(email)
            self.addresses.parent(email, lambda key: self._district_example(draft, email, key), students_email=own)

    def _district_example(self, draft: Draft, email: str, key: str) -> tuple[Where, str, str, int, int]:
        """The first parent read with a student's own address (`_district_addresses`): where, their ID, the
        address, the hash of the ID of the student whose address it is (reviewer97 R3: not their own child) and
        the student's line."""
        if key == "login":
            holder, line = self.addresses.login_holder(email)
        else:
            first = self._emails.get_hash(id_hash(email)) or 0
            holder, line = self._holders[first >> 27], first & _MAX_LINE
        return self._email_where(draft), draft.values["sourcedId"], email, holder, line

    def _student_address(self, draft: Draft, email: str) -> str:
        """A kept guardian's email, unless it is the own address of a student of the set (a student
        holds it, of the students' domain: pipeline.student_addresses): then said (V574) at the
        group's own column, and blanked where the guardian keeps a phone or sms (Remind gives an
        email to one user only; the parent's messages would reach the child). "" when blanked."""
        held = self._address_holder(draft, email) if self.repair else None
        if held is None:
            return email  # no student's, or a family's address written as the student's: V609 says it
        why, first_line, holder, former = held
        values = draft.values
        others = (e for e in draft.extra.get(OTHER_EMAILS, "").split("\t") if e and not self._students_email(e))
        other = next(others, "")
        keeps = [column for column in ("phone", "sms") if values.get(column)]
        instead = "the email another row gives the guardian (V550), is published instead"
        done = (
            f"{other!r}, {instead}"
            if other
            else f"blanked on the guardian, who keeps their {keeps[0]}"
            if keeps
            else "kept: the guardian has no phone or sms, and Remind creates no parent without a contact point; "
            "give them their own email in the SIS"
        )
        self.addresses.found += 1
        code = codes.code("guardian-email-of-student")
        problem = self.report.add(
            code,
            self._email_where(draft),
            id=values["sourcedId"],
            value=values["email"],
            first_id=former.student if former else "",
            first_line=first_line,
            domain=domain_of(email),
            why=why,
            # `detail`, a personal param: --redact writes its form without the parent's other email.
            detail=done,
            detail_redacted=f"<redacted>, {instead}" if other else done,
            share="",
        )
        examples = self.report.examples.get(code.id)
        if examples and examples[-1] is problem and former is None:  # named from users.csv (`users_done`)
            self._unnamed.append((problem, holder))
        if not other and not keeps:
            return email
        values["email"] = other
        return other.casefold()

    def _address_holder(self, draft: Draft, email: str) -> tuple[str, int, int, Former | None] | None:
        """Whose own address a guardian's email is (`_student_address`): why, the holder's line, the hash of their
        ID in tonight's set, and the former student (pipeline.former_students) whose it is, when not tonight's;
        None for no student's own."""
        first = self._emails.get_hash(id_hash(email))
        if first is not None and self._holder_kinds[first >> 27] == HOLDER_KINDS["student"]:
            # The student holding it first (the students are written before the guardians): a guardian
            # read from that student's own line, not one of a row of their own (OneRoster: one `email` column).
            holder_row = first & _MAX_LINE == min(draft.origin.line, _MAX_LINE)
            column = self.export_column(draft, "email")
            why = self.addresses.students_own(email, draft.origin.file, column, holder_row=holder_row)
            return (why, first & _MAX_LINE, self._holders[first >> 27], None) if why else None
        if first is not None and self._holder_kinds[first >> 27]:
            return None  # a staff member's: V509 says it
        former, why = self._former_student(email)
        name = name_digest(draft.values.get("givenName", ""), draft.values.get("familyName", ""))
        # Of the student's name, blanked for it while the student was enrolled: another person (reviewer113 R6).
        guardian = draft.values.get("sourcedId", "")
        if former is not None and former.name == name and former.line and self.last_students.blanked(guardian, email):
            former = former._replace(name=NO_NAME)
            why = (
                f"{why}; the guardian has the student's name, but the last set, which held the student, "
                "published this guardian without it"
            )
        if former is None or former.name == name:  # the former student is the guardian (reviewer106 R2)
            return None
        if self.carried is not None:
            self.carried.saw(email, former)
        return why, former.line, 0, former

    def _former_student(self, email: str) -> tuple[Former | None, str]:
        """The student no longer in tonight's set whose own address it is (pipeline.former_students), and why:
        the run state carries it (found so on an earlier night), or a student of the last published set holds it,
        of the students' domain (reviewer97 R1)."""
        former = self.carried.get(email) if self.carried is not None else None
        if former is not None:
            return former, (
                f"a former student's address: found a student's own on {former.seen}, which the run state "
                "(last.json) carries"
            )
        if not self.addresses.students_domain(email):
            return None, ""
        why = (
            f"a student of the last published set (its users.csv), not in tonight's; {domain_of(email)} is the "
            "students' addresses' domain, not the parents'"
        )
        return self.last_students.get(email), why

    @property
    def last_students(self) -> LastStudents:
        if self._last_students is None:
            self._last_students = LastStudents(self.last_set)
        return self._last_students

    def _email_where(self, draft: Draft) -> Where:
        """Where a guardian's email was read: the row the rows disagreeing on it gave it at
        (EMAIL_AT, with its `each` group's column), else the person's own (`_cell_where`)."""
        at = draft.extra.get(EMAIL_AT)
        if not at:
            return self._cell_where(draft, "email")
        file, line, group = at.split("\t")
        column = self.guardian_column(file, "email", int(group) if int(group) >= 0 else None)
        return Where(file, int(line), column, draft.table, draft.values.get("sourcedId", ""), draft.who())

    def _students_email(self, email: str) -> bool:
        """Whether a kept student has the email (the students are written before the guardians)."""
        first = self._emails.get_hash(id_hash(email.casefold()))
        return first is not None and self._holder_kinds[first >> 27] == HOLDER_KINDS["student"]

    def _guardian_email(self, draft: Draft, email: str) -> None:
        """A kept guardian's email: V609 for each of their students (agentSourcedIds) whose own
        email it is."""
        guardian = draft.values["sourcedId"]
        if len(self._student_emails):
            for student in filter(None, draft.values.get("agentSourcedIds", "").split(",")):
                place = self._student_emails.pop_hash(id_hash(f"{student}\0{email}"))
                if place is not None:
                    origin = self._email_places.place(place)
                    where = Where(origin.file, origin.line, "email", "users", student)
                    self._guardian_email_said(where, student, email, guardian)
                    if self._shared_columns is None:  # the columns V609's share names (`_guardian_emails_share`)
                        read = (c for f, c in sorted(self.addresses.columns) if f == origin.file)
                        self._shared_columns = (next(read, ""), self._email_where(draft).column)
        if not self.repair:  # validate: a student of theirs may be listed after them
            self._guardian_emails.setdefault_hash(id_hash(f"{guardian}\0{email}"), 1)

    def _held_by(self, role: str, email: str) -> int:
        """The kind of the holder just added (HOLDER_KINDS), and one more of the kind with an email."""
        kind = HOLDER_KINDS.get(role, 0)
        self._holder_kinds.append(kind)
        if email and kind:
            self._with_email[kind] += 1
        return kind

    def _email_group(self, draft: Draft, kind: int, email: str, first: int, here: int) -> None:
        """A student's or staff member's email another student or staff member had first: counted
        by kind for `_kinds_crossed` (V554), with the first place where the two kinds meet."""
        position = first >> 27
        first_kind = self._holder_kinds[position]
        if not kind or not first_kind or self._holders[position] == self._holders[here >> 27]:
            return
        group = self._email_groups.get(position)
        if group is None:
            if kind == first_kind:
                self._same_kind_sharers.add_hash(position + 1, 1)
                return
            before = self._same_kind_sharers.pop_hash(position + 1) or 0
            group = self._email_groups[position] = [Counter({first_kind: 1 + before}), None]
        group[0][kind] += 1
        if group[1] is None and kind != first_kind:
            where = self._cell_where(draft, "email")
            group[1] = (where, kind, draft.values["sourcedId"], email, position, first & _MAX_LINE)

    def _name_form(self, draft: Draft) -> None:
        """A kept user's two names, counted for `_names_read_whole` (V555)."""
        values = draft.values
        kind = NAME_KINDS.get(values.get("role", ""))
        given, family = values.get("givenName", ""), values.get("familyName", "")
        if kind is None or not given or not family:
            return
        self._named_users[kind] += 1
        same = given.casefold() == family.casefold()
        if same:
            self._names_same[kind] += 1
        elif "," in given or "," in family:
            self._names_comma[kind] += 1
        else:
            return
        if (kind, same) not in self._name_examples:
            where = self._cell_where(draft, "givenName" if same or "," in given else "familyName")
            self._name_examples[kind, same] = (where, values["sourcedId"], given, family)

    def _names_read_whole(self) -> None:
        """More than half of a kind's users with both names (at least NAMES_WRONG_AT_LEAST of them)
        have their givenName equal to their familyName, or a comma inside one of them: a whole-name
        column ('Okafor, Sofia') read into both names, or into one (tester57 F9); Remind would show
        every family "Okafor, Sofia Okafor, Sofia". Said once per kind (V555). A first set, or the
        first after the profile changed, exits 1 for a person to look (as P113); later nights say it."""
        for kind in sorted(self._named_users):
            total = self._named_users[kind]
            for same, count in ((True, self._names_same[kind]), (False, self._names_comma[kind])):
                if count < NAMES_WRONG_AT_LEAST or count * 2 <= total:
                    continue
                where, sourced_id, given, family = self._name_examples[kind, same]
                how = "a givenName that is their familyName" if same else "a comma inside givenName or familyName"
                self.report.add(
                    codes.code("names-read-whole"),
                    where,
                    kind=kind,
                    count=count,
                    total=total,
                    how=how,
                    id=sourced_id,
                    given=given,
                    family=family,
                    why="read-whole",
                )
                break

    def _kinds_crossed(self, names: Mapping[int, str]) -> None:
        """More than half of the students, or of the staff, with an email (at least KINDS_CROSSED_AT_LEAST
        of them, and a quarter of all the kind's users) share it with a user of the other kind: the
        profile's student email reads the
        teachers' column, or the staff's a student's (tester57 F1, F7). Said once (V554), of the kind
        with more users on the shared addresses (the kind whose column was read wrong: 38 students on
        8 teachers' addresses); a run publishes the set and exits 1 for a person to look, as for V609.
        A few students with a teacher's address (a typo, a class email) are V509 each, as before."""
        crossed: Counter[int] = Counter()
        addresses: Counter[int] = Counter()
        example: dict[int, tuple[Any, ...]] = {}
        for position in sorted(self._email_groups):
            users, first_met = self._email_groups[position]
            if len(users) < 2:
                continue
            for kind, count in users.items():
                crossed[kind] += count
                addresses[kind] += 1
                if first_met is not None:
                    example.setdefault(kind, first_met)
        over = [
            k
            for k in sorted(crossed)
            if crossed[k] >= KINDS_CROSSED_AT_LEAST
            and crossed[k] * 2 > self._with_email[k]
            and crossed[k] * KINDS_CROSSED_SHARE_OF_ALL >= self._of_kind[k]
            and k in example
        ]
        if not over:
            return
        kind = max(over, key=lambda k: (crossed[k] - addresses[k], crossed[k], -k))
        where, _, sourced_id, email, position, first_line = example[kind]
        other = KIND_WORDS[kind][1]
        self.report.facts["emails_of_other_kind"] = {"kind": KIND_WORDS[kind][0], "count": crossed[kind]}
        self.report.add(
            codes.code("emails-of-other-kind"),
            where,
            kind=KIND_WORDS[kind][0],
            other=other,
            count=crossed[kind],
            total=self._with_email[kind],
            percent=round(crossed[kind] * 100 / self._with_email[kind]),
            addresses=addresses[kind],
            id=sourced_id,
            value=email,
            first_id=names.get(self._holders[position], ""),
            first_line=first_line,
        )

    def _guardian_email_said(self, where: Where, student: str, email: str, guardian: str) -> None:
        self.students_guardian_email += 1
        self.report.add(
            codes.code("student-email-guardians"), where, id=student, value=email, guardian=guardian, share=""
        )

    def _shared(self, draft: Draft, column: str, value: str, first: int, slug: codes.Slug, here: int) -> None:
        """Report a contact point another user had first, unless that was this user too; `first`
        and `here`: the first holder's and this user's place in _holders and line."""
        if self._holders[first >> 27] != self._holders[here >> 27]:
            code = codes.code(slug)
            if self.report.count_only(code, draft.origin.file, draft.table):  # past the examples kept
                return
            problem = self.report.add(
                code,
                self._cell_where(draft, column),
                id=draft.values["sourcedId"],
                field=column,
                value=value,
                first_id="",
                first_line=first & _MAX_LINE,
                cost=_SHARED_COST[self.target.one_user_per_point][slug] + self._two_roles(draft, slug, first, here),
                alone=self._none_of_their_own(draft, here),
            )
            examples = self.report.examples.get(code.id)
            if examples and examples[-1] is problem:  # past the examples kept, it is only counted
                self._unnamed.append((problem, self._holders[first >> 27]))

    def _two_roles(self, draft: Draft, slug: codes.Slug, first: int, here: int) -> str:
        """What V509 adds when this user and the email's first holder are a staff member and a
        parent or guardian of one name (`_TWO_ROLES`), else ""."""
        role = draft.values.get("role", "")
        first_kind = self._holder_kinds[first >> 27]
        two = (role in GUARDIAN_ROLES and first_kind == HOLDER_KINDS["teacher"]) or (
            role in STAFF_ROLES and first_kind == 0
        )
        name = self._holder_names[here >> 27]
        if slug != "email-shared" or not two or not name or name != self._holder_names[first >> 27]:
            return ""
        if not self.target.one_user_per_point:
            return _TWO_ROLES_BASE
        if role in STAFF_ROLES:
            return _TWO_ROLES["unknown"]
        return _TWO_ROLES["none" if self._none_of_their_own(draft, here) else "own"]

    def _none_of_their_own(self, draft: Draft, here: int) -> str:
        """What V509/V510 add of a guardian every contact point of whom another user had first:
        Remind creates a parent only with "at least one unique contact point" (tester54 F2: a
        mother whose one point was the family email the father had first)."""
        values = draft.values
        if values.get("role", "") not in GUARDIAN_ROLES or not self.target.one_user_per_point:
            return ""
        holder = self._holders[here >> 27]
        points = (
            (values.get("email", "").casefold(), self._emails),
            (values.get("phone", ""), self._guardian_phones),
            (values.get("sms", ""), self._guardian_phones),
        )
        for value, book in points:
            if value:
                first = book.get_hash(id_hash(value))
                if first is None or self._holders[first >> 27] == holder:
                    return ""
        return f"; {values['sourcedId']!r} has no email, phone or sms of their own, so Remind cannot create them"

    def users_done(self, user_ids: Callable[[], Iterable[str]]) -> None:
        """After the last user: name the first holders in the examples of shared contact points
        (`user_ids` reads the sourcedIds of users.csv again) and let go of the contact points."""
        crossing = [self._holders[g[1][4]] for g in self._email_groups.values() if g[1] is not None]
        district = [example[3] for example in self.addresses.first_parent.values()]
        names = named([*(holder for _, holder in self._unnamed), *crossing, *district], user_ids)
        for problem, holder in self._unnamed:
            problem.params["first_id"] = names.get(holder, "")
        if self.carried is not None:  # for the state of the set published (pipeline.former_students)
            self._students_left(self.carried)
            self.report.student_addresses = self.carried.kept()
            self.report.student_address_nights = self.carried.nights()
        self._kinds_crossed(names)
        self._names_read_whole()
        self._unnamed, self._holders, self._holder_names = [], array("q"), array("q")
        self._holder_kinds, self._email_groups, self._with_email = bytearray(), {}, Counter()
        self._same_kind_sharers, self._of_kind = CompactMap(), Counter()
        self._emails, self._guardian_phones = CompactMap(), CompactMap()
        self._student_emails, self._guardian_emails = CompactMap(), CompactMap()
        self._guardian_emails_share()
        self._student_addresses_share()
        self._district_addresses(names)

    def _students_left(self, carried: Carried) -> None:
        """The own addresses of the last set's students not in tonight's, of the students' domain, carried from
        tonight (pipeline.former_students): a parent read with one weeks later is V574 (tester61 Y2a)."""

        def held(email_hash: int) -> bool:  # by a student or staff member of tonight's
            first = self._emails.get_hash(email_hash)
            return first is not None and bool(self._holder_kinds[first >> 27])

        for key, former in self.last_students.left(
            held, lambda domain: bool(self.addresses.students_domain(f"@{domain}"))
        ):
            carried.left(key, former)

    def _district_addresses(self, names: Mapping[int, str]) -> None:
        """Parents (COLUMN_AT_LEAST at least) read with a student's own address: a kept student's login, or email of
        the district's own domain (tester74 F15: a template writing Student_Web_ID's value in Mother_Email): the
        parents' column reads the students' school accounts, whether or not the students' email is mapped. A
        domain alone is none (review97 R5: a school's own parent accounts on its one domain). Said as V574
        at the first such parent's column, and stated (`_student_addresses_share`): published, exit 1. V609's
        "the student email reads a parent's column" is not what happened, and unmapping it, as it says, would
        publish the same parents at exit 0: its statement is withdrawn."""
        if self.report.facts.get("guardian_emails_of_students"):
            return
        count, key = self.addresses.students_own_of_parents()
        if not count:
            return
        where, guardian, value, holder, line = self.addresses.first_parent[key]
        domain = domain_of(value)
        why = (
            "the address is a student's login (their school account)"
            if key == "login"
            else f"{domain} is the domain of the students' addresses, under the district's own"
        )
        self.report.facts.pop("student_emails_of_guardians", None)
        self.report.facts["guardian_emails_of_students"] = {"count": count}
        code = codes.code("guardian-email-of-student")
        held = self.report.examples.get(code.id)
        problem = (
            held[0]
            if held
            else self.report.add(
                code,
                where,
                id=guardian,
                value=value,
                first_id=names.get(holder, ""),
                first_line=line,
                domain=domain,
                why=why,
                detail="published as read",
                detail_redacted="published as read",
                share="",
            )
        )
        problem.params["share"] = (
            f"; so were {count} of the {self.addresses.parents_with_email} parents and guardians with an email: "
            f"the parents' column ({where.file} {where.column}) holds the students' own addresses, not the "
            "students' email column: put the export template's parents' column back (leaving the students' email "
            "unmapped would publish the parents with their children's addresses)"
        )

    def _student_addresses_share(self) -> None:
        """COLUMN_AT_LEAST parents or more read with a student's own address (V574): the guardians
        group's email reads the students' column (tester69 F5), or the SIS's cells do; stated
        (report.facts["guardian_emails_of_students"]): the set is published and the run exits 1 for a
        person to look, as for V609. The first example says how many, and which column."""
        count = self.addresses.found
        if count < COLUMN_AT_LEAST:
            return
        self.report.facts["guardian_emails_of_students"] = {"count": count}
        first = next(iter(self.report.examples.get(codes.code("guardian-email-of-student").id, ())), None)
        if first is not None:
            first.params["share"] = (
                f"; so were {count} parents and guardians: the profile's guardians email ({first.where.column}) "
                "reads the students' addresses, or the SIS holds them in the parents' cells"
            )

    def _guardian_emails_share(self) -> None:
        """More than half of the students with an email (at least MIN_STUDENT_EMAILS) have a
        guardian's as their own: the profile's student email reads a parent's column (tester25
        1.7). Stated (report.facts["student_emails_of_guardians"]): a run publishes the set and
        exits 1 for a person to look, as for IDs that name another person (X939)."""
        named, total = self.students_guardian_email, self.students_with_email
        if total < MIN_STUDENT_EMAILS or named * 2 <= total:
            return
        percent = round(named * 100 / total)
        self.report.facts["student_emails_of_guardians"] = {"count": named, "total": total, "percent": percent}
        first = next(iter(self.report.examples.get(codes.code("student-email-guardians").id, ())), None)
        if first is not None:  # the one example said on its own ("Published, but ...") says how many
            first.params["share"] = f"; so have {named} of the {total} students with an email ({percent}%): " + (
                self._columns_sharing() or "the profile's student email reads a parent's column"
            )

    def _columns_sharing(self) -> str:
        """V609's words when the students' email reads a column of its own, not the parents' (reviewer97 R2): the
        two columns hold the same addresses, and which one is wrong is in the addresses. Its Next step followed
        as it was (unmap the students' email) lost every student's email and left the parents the children's."""
        students, guardians = self._shared_columns or ("", "")
        if not students or not guardians or set(students.split(", ")) & set(guardians.split(", ")):
            return ""
        return (
            f"the students' email column ({students}) and the parents' ({guardians}) hold the same addresses: "
            f"if they are the students' school accounts, {guardians} is wrong (put the export template's column "
            f"back; keep the students' email mapped); if they are the families' addresses, {students} is"
        )

    def table_done(self, table: str) -> None:
        """Let go of the table's ID map: a repeated sourcedId is found only while the table is
        read (its kept IDs stay: later files point to them)."""
        self._first.pop(table, None)
        if table == "enrollments":
            self._pairs, self._pair_ids = CompactMap(), bytearray()

    def check_values(self, draft: Draft, *, skip: tuple[str, ...] = ()) -> bool:
        """The rules on a record's own values (no references): for records made before the
        records they point to, such as guardians before their students' schools are known."""
        self._complete(draft)
        # As in `_validated`: the generated checks pass nearly every record; the others are
        # checked again one rule at a time, which reports.
        quick = self._quick_values.get((draft.table, skip))
        if quick is None:
            quick = self._quick_values[draft.table, skip] = self._quick_checks(draft.table, skip=skip, references=False)
        return quick(draft.values) or (
            self._required(draft, skip=skip) and self._allowed(draft) and self._ids_safe(draft)
        )

    def _null_written(self, file: str) -> dict[str, str]:
        """Each header cell of `file` as null_marker_text writes its column ('LN' of 'STU.LN')."""
        return {cell: said for (held, cell), said in self.report.null_said.items() if held == file}

    def _where(self, draft: Draft, column: str = "") -> Where:
        """The record's row, and the column as its export heads it: the cells the profile reads
        into the record's `column` (cc.txt's SectionID, not classSourcedId; tester63 F4), none for
        a value the profile gives (a fixed role), the field itself for a set no rule read."""
        return Where(
            draft.origin.file,
            draft.origin.line,
            self.export_column(draft, column),
            draft.table,
            draft.values.get("sourcedId", ""),
            draft.who(),
        )

    def place(self, draft: Draft, column: str = "") -> Where:
        """Where a problem with the record's `column` is (`_where`), for a stage after this one."""
        return self._where(draft, column)

    def export_column(self, draft: Draft, column: str) -> str:
        """The export's columns the record's `column` was read from (`_where`). A record that no
        longer knows its rule (an enrolment settled after the mapping: V548) names the field only
        where its row's file has that column (tester70: V548 named [sourcedId] of sections.csv)."""
        if not column:
            return column
        if not draft.rule:
            headed = self.report.header_names.get(draft.origin.file)
            return column if headed is None or column.strip().casefold() in headed else ""
        read = self.reads(draft, column)
        if read is not None:
            return read
        return "" if (draft.rule, column) in self.given else column

    def guardian_column(self, file: str, column: str, group: int | None = None) -> str:
        """The export's columns the guardians of `file`'s rows have `column` from; with `group`, that
        `each` group's own, when it reads the column (tester69 F6: every group's were named)."""
        own = self.read_from.get((export_columns.guardians_of(file, group), column)) if group is not None else None
        return own or self.read_from.get((export_columns.guardians_of(file), column), column)

    def reads(self, draft: Draft, column: str) -> str | None:
        """The export's columns the record's rule reads into `column`; None when it reads none."""
        if draft.rule != "guardians":
            return self.read_from.get((draft.rule, column))
        file, group = draft.origin.file, draft.extra.get(GROUP)
        # The group's own columns, when the person's row is known by one (tester69 F6), else every group's.
        own = self.read_from.get((export_columns.guardians_of(file, int(group)), column)) if group else None
        return own or self.read_from.get((export_columns.guardians_of(file), column))

    def _note_username(self, draft: Draft, usernames: Usernames) -> None:
        """The user's username, with the cell it was read from (reviewer71 R4: not a username column
        the file lacks): the export's login where the first of the columns the profile reads into
        username gave it (not the email's column), else their email's cell, else their sourcedId's.
        A guardian's record, made of its values without their columns' choices, is taken for the
        login only where the username is not their email."""
        values, extra, origin = draft.values, draft.extra, draft.origin
        username, key, email = values.get("username", ""), values["sourcedId"], values.get("email", "")
        group = extra.get(GROUP, "")
        login_column = self._login_columns.get((draft.rule, origin.file, group))
        if login_column is None:
            first = (self.reads(draft, "username") or "").split(", ")[0]
            login_column = "" if first in (self.reads(draft, "email") or "").split(", ") else first
            self._login_columns[draft.rule, origin.file, group] = login_column
        own = username != key and USERNAME_FILLED not in extra and _USERNAME_FELL_BACK not in extra
        if own and draft.rule == "guardians":
            own = username.casefold() != email.casefold()
        column = "email" if username.casefold() == email.casefold() else "sourcedId"
        if own and login_column:
            column = "username"
        cell = (origin.file, draft.rule, group, column)
        usernames.note(username, key, cell, origin.line, login=column == "username")

    def username_where(self, cell: Cell, line: int, key: str) -> Where:
        """Where user `key`'s username was read (`_note_username`'s cell): the export's login
        column, not every column the profile reads into username, where it was the login."""
        file, rule, group, column = cell
        draft = Draft("users", {"sourcedId": key}, SourceRow(file, line, [], {}), rule, {GROUP: group} if group else {})
        where = self._cell_where(draft, column)
        if column == "username":
            where = replace(where, column=(self.reads(draft, "username") or "").split(", ")[0])
        return where

    def _cell_where(self, draft: Draft, column: str) -> Where:
        """Where a value the record holds was read: for one read from the row its record joins
        (a OneRoster 1.2 user's userIds, from users.csv, joined by the roles.csv row the record
        is made of), that row and its column (tester33 F4: D339 named roles.csv:2 [userIds],
        which has no such column); else the record's own row (`_where`)."""
        through = self.read_through.get((draft.rule, column))
        index = self.indexes.get(through[0]) if through is not None else None
        place = lookups.place_of(index, (draft.values.get("sourcedId", ""),)) if index is not None else None
        if through is None or place is None:
            return self._where(draft, column)
        return Where(place[0], place[1], through[1], draft.table, draft.values.get("sourcedId", ""), draft.who())

    def _complete(self, draft: Draft) -> None:
        rules = self._rules.get(draft.table, _NO_RULES)
        replaced = self._formats(draft, rules) if rules.email_like or rules.item_patterns else ()
        if self.target.students_only and draft.table == "users":
            self._students_only(draft)
        if not self.repair:
            return
        values = draft.values
        if draft.table == "users" and self.usernames is not None and not values.get("username"):
            draft.extra[USERNAME_FILLED] = "1"  # not the export's login (pipeline.usernames)
        _fill(values, rules)
        self._target_rules(draft)
        for column in rules.lists:
            value = values.get(column, "")
            if value and (value[0] == "," or value[-1] == "," or ",," in value):
                values[column] = ",".join(item for item in value.split(",") if item)
                self.report.add(
                    codes.code("list-item-empty"),
                    self._where(draft, column),
                    table=draft.table,
                    field=column,
                    value=value,
                    new=values[column],
                )
        for column, value, new in rules.rewrites:
            if values.get(column) == value:
                values.update(new)
                self.report.add(
                    codes.code("value-rewritten"),
                    self._where(draft, column),
                    table=draft.table,
                    field=column,
                    value=value,
                    target=self.target.name,
                    new=", ".join(f"{k} {v}" for k, v in new.items()),
                )
        for column, value in replaced:
            self.report.add(
                codes.code("username-replaced"),
                self._cell_where(draft, column),
                id=values.get("sourcedId", ""),
                value=value,
                new=values.get(column, ""),
            )

    def _target_rules(self, draft: Draft) -> None:
        """What `validate` holds a record to beyond its columns' forms (pipeline.audit), repaired so
        a run never publishes a set its own validate rejects (V615, at the export's cell): an end
        date before its begin date (V588) is left blank, and so is a list of several items where
        the target takes one (a Remind student's grades '05,06', V583)."""
        values = draft.values
        for table, start_column, end_column in DATE_PAIRS:
            start, end = values.get(start_column, ""), values.get(end_column, "")
            if table == draft.table and start and end and _ISO_DAY.match(start) and _ISO_DAY.match(end) and end < start:
                self._blank_against_rule(
                    draft, end_column, f"is before {start_column} {start!r}: a record ends the day it begins or later"
                )
        for (table, column), role in self.target.single_item.items():
            value = values.get(column, "")
            if table == draft.table and values.get("role") == role and "," in value:
                rule = f"holds several items: a {self.target.name} {role} has one {column.removesuffix('s')}"
                self._blank_against_rule(draft, column, rule)

    def _blank_against_rule(self, draft: Draft, column: str, rule: str) -> None:
        """V615: the record's `column` left blank, its value breaking the target's `rule`. A column
        the target requires (a session's endDate) leaves the record out as a value read but not
        kept (D379, naming V615), not as one the export lacks (D304 read 'came out empty' of a
        LastDay the terms export holds)."""
        value, draft.values[column] = draft.values[column], ""
        if column in self.target.required.get(draft.table, ()):
            draft.extra[UNREAD + column] = f"{value}\t{rule.split(':')[0]}, V615"
        self.report.add(
            codes.code("value-against-target-rule"),
            self._where(draft, column),
            table=draft.table,
            field=column,
            value=value,
            rule=rule,
        )

    def _students_only(self, draft: Draft) -> None:
        """A column the target takes for students only (Remind's users.grades) holding a value on
        another user (a teacher's grades): blanked by a run, reported by validate (V596)."""
        values = draft.values
        role = values.get("role", "")
        if not role or role == "student":
            return
        for table, column in self.target.students_only:
            value = values.get(column, "")
            if table != draft.table or not value:
                continue
            if self.repair:
                values[column] = ""
            self.report.add(
                codes.code("value-for-students-only"),
                self._cell_where(draft, column),
                field=f"{table}.{column}",
                role=role,
                id=values.get("sourcedId", ""),
                value=value,
                done="cell left blank" if self.repair else "a run leaves it blank",
            )

    def _formats(self, draft: Draft, rules: _TableRules) -> list[tuple[str, str]]:
        """Values of the wrong shape: repaired (an invalid email as a username is blanked, for
        fill_from to replace; a list item not of the pattern left out), or, auditing, reported.
        Returns the (column, value) of the blanked email-like values."""
        values, blanked = draft.values, []
        for column in rules.email_like:
            value = values.get(column, "")
            if "@" in value and not is_address(value):
                if self.repair:
                    values[column] = ""
                    blanked.append((column, value))
                else:
                    self.report.add(
                        codes.code("username-not-email"),
                        self._cell_where(draft, column),
                        id=values.get("sourcedId", ""),
                        value=value,
                    )
        for column, pattern in rules.item_patterns:
            items = [item for item in values.get(column, "").split(",") if item]
            bad = [item for item in items if not pattern.match(item)]
            for item in bad:
                if self.repair:
                    self.report.add(codes.code("user-ids-dropped"), self._cell_where(draft, column), value=item)
                else:
                    self.report.add(
                        codes.code("user-ids-form"),
                        self._cell_where(draft, column),
                        id=values.get("sourcedId", ""),
                        value=item,
                    )
            if bad and self.repair:
                values[column] = ",".join(item for item in items if item not in bad)
        return blanked

    @staticmethod
    def is_number(value: str) -> bool:
        """A phone or sms the phone cleaner reads as a number: what a parent of a set is reached on
        (V515). Not a spreadsheet's float ('6085552000.0'): a run reads its digits (D391), but a
        set carries it as written, and Remind may read the '.0' as digits (reviewer179 R3)."""
        if not value:
            return False
        number, issues = _PHONE(value)
        return bool(number) and not any(slug == FLOATED for slug, _ in issues)

    def _no_contact(self, draft: Draft) -> str | None:
        """None when a parent or guardian can be reached, else the column to name ('' the row).
        A run: a contact point of the record, a phone or sms as the profile's cleaners wrote it (one
        mapped without clean: [phone] is published as written: check-profile and the run say P117).
        A set given to validate: on a target that asks for one (Remind), an email, or a phone or sms
        the phone cleaner reads as a number ('call me', '12' are none: tester79 T3); a strict
        OneRoster set may hold a guardian without (Target.consumer_rules)."""
        values = draft.values
        if self.repair:
            return None if any(values.get(c) for c in CONTACT_POINTS) else ""
        if not self.target.consumer_rules or values.get("email"):
            return None
        phones = [c for c in ("phone", "sms") if values.get(c)]
        if any(self.is_number(values[c]) for c in phones):
            return None
        return phones[0] if phones else ""

    @staticmethod
    def _no_number(draft: Draft, column: str) -> str:
        """V515's words for what a parent lacks: no contact point, or (validate) a phone or sms
        holding no number, and what it holds."""
        if not column:
            return "no email, phone or sms"
        value = draft.values[column]
        shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
        if _PHONE(value)[0]:  # read by a run's cleaner, but only as a spreadsheet's float
            return f"no email, and its {column} {shown!r} is {_FLOAT_WHY}"
        return f"no email, and its {column} holds no number ({shown!r})"

    def _required(self, draft: Draft, *, skip: tuple[str, ...] = ()) -> bool:
        for column in self.target.required.get(draft.table, ()):
            if column not in skip and not draft.values.get(column, "").strip():
                unread = draft.extra.get(UNREAD + column)
                if unread is not None:  # the cell held a value its cleaner could not read: say which
                    value, reason = unread.split("\t", 1)
                    self.report.add(
                        codes.code("required-value-unread"),
                        self._where(draft, column),  # the export's column (a Clever `DOB`)
                        table=draft.table,
                        field=column,
                        value=value,
                        reason=reason,
                    )
                    return False
                where = self._where(draft, column)
                held = self.report.null_names.get((where.file, where.line))  # SQL's NULL marker (I227)
                said = sql_nulls.held_said(where.column, held, self._null_written(where.file)) if held else ""
                self.report.add(codes.code("required-value-missing"), where, table=draft.table, field=column, held=said)
                return False
        role = draft.values.get("role", "")
        if draft.table != "users":
            return True
        long = next((c for c in NAME_FIELDS if len(draft.values.get(c, "")) > NAME_MAX), None)
        if long is not None:
            value = draft.values[long]
            self.report.add(
                codes.code("name-too-long"),
                self._where(draft, long),
                field=long,
                length=len(value),
                limit=NAME_MAX,
                value=value[:40],
            )
            return False
        if role in self._staff_needing_email and not draft.values.get("email"):
            absent = self.report.email_login_absent
            self.report.add(
                codes.code("staff-without-email"),
                self._where(draft, "email"),
                role=role,
                id=draft.values["sourcedId"],
                built=f"; settings.email_domain builds none: the profile's address reads {absent}" if absent else "",
            )
            return False
        if role in GUARDIAN_ROLES and (no_contact := self._no_contact(draft)) is not None:
            unread, sourced_id = draft.extra.get(UNREAD_CONTACT), draft.values["sourcedId"]
            if blanked := draft.extra.get(BLANKED_CONTACT):  # every point a placeholder or unread (X808)
                kind = "unread" if unread else "placeholder"
                self.report.left_out.unreached.note(kind, sourced_id, self._where(draft), blanked)
            if unread:  # the SIS has one: not left out on purpose
                self.report.add(
                    codes.code("guardian-contact-unread"), self._where(draft), role=role, id=sourced_id, unread=unread
                )
                return False
            where = self._where(draft, no_contact)
            what = self._no_number(draft, no_contact)
            why = _NO_CONTACT_WHY if self.target.consumer_rules else _NO_CONTACT_WHY_STRICT
            self.report.add(codes.code("guardian-without-contact"), where, role=role, id=sourced_id, what=what, why=why)
            return False
        given, family = draft.values.get("givenName", ""), draft.values.get("familyName", "")
        if role in GUARDIAN_ROLES and is_placeholder_name(given) and is_placeholder_name(family):
            self.report.add(
                codes.code("guardian-no-name"),
                self._where(draft, "givenName"),
                role=role,
                id=draft.values["sourcedId"],
                name=f"{given} {family}",
            )
            return False
        return True

    def _allowed(self, draft: Draft) -> bool:
        table = draft.table
        for column, allowed in self._rules.get(table, _NO_RULES).allowed:
            value = draft.values.get(column, "")
            items = value.split(",") if (table, column) in LIST_COLUMNS else [value]
            bad = [item for item in items if item and item not in allowed]
            if bad and self.repair and (table, column) in PRUNED_WHEN_NOT_ALLOWED:
                for item in bad:
                    self.report.add(
                        codes.code("value-not-allowed-pruned"),
                        self._cell_where(draft, column),
                        table=table,
                        field=column,
                        value=item,
                        allowed=", ".join(allowed),
                    )
                draft.values[column] = ",".join(item for item in items if item and item in allowed)
            elif bad:
                self.report.add(
                    codes.code("value-not-allowed"),
                    self._where(draft, column),
                    table=table,
                    field=column,
                    value=bad[0],
                    allowed=", ".join(allowed),
                )
                return False
        return True

    def _id_columns(self, table: str) -> tuple[tuple[str, bool], ...]:
        """(column, holds a list) of each ID column the table's file has."""
        found = self._ids.get(table)
        if found is None:
            columns = self.target.columns(table)
            found = self._ids[table] = tuple((c, (table, c) in LIST_COLUMNS) for c in columns if is_id_column(c))
        return found

    def _screens(self, table: str) -> list[tuple[tuple[str, ...], re.Pattern[str]]]:
        """The ID cells of a record, joined, for one quick look at whole IDs and one at lists."""
        found = self._id_screens.get(table)
        if found is None:
            columns = self._id_columns(table) if not self.repair or table in _DERIVED_ID_TABLES else ()
            screens = [
                (tuple(c for c, listed in columns if listed is kind), screen)
                for kind, screen in ((False, SUSPECT_IDS), (True, SUSPECT_ID_LISTS))
            ]
            found = self._id_screens[table] = [(names, screen) for names, screen in screens if names]
        return found

    def _ids_safe(self, draft: Draft) -> bool:
        """No ID a spreadsheet would run, nor one holding a separator, quote or line break (the
        mapping stage refuses them; this holds for IDs made otherwise, and for `validate`)."""
        values = draft.values
        if all(
            fastpath.screened([values.get(c, "") for c in names], screen)
            for names, screen in self._screens(draft.table)
        ):
            return True
        for column, listed in self._id_columns(draft.table):
            value = draft.values.get(column, "")
            for item in value.split(",") if listed else [value]:
                refused = id_refusal(item)
                if refused is not None:
                    slug, params = refused
                    where = self._where(draft, column)
                    if item in where.record:  # named by its place only: --redact hides the value
                        where = replace(where, record="")
                    self.report.add(codes.code(slug), where, field=f"{draft.table}.{column}", **params)
                    return False
        return True

    def _dangles(self, draft: Draft) -> bool:
        """Whether a reference the record must keep names no kept record (`_references` leaves it
        out): a withdrawn student's demographics row, an enrolment in next semester's class. Such a
        record follows what it names whatever else is wrong with it, so it is reported so, not for
        a missing birth date (an error counted against its export, X915, for a student nobody
        rosters). Only the references before any into users count: a worker process knows the
        kept users only later (pipeline.overlap), and a run must say the same with one process.
        A set given to `validate` (no repair) is told every defect of its own, as before."""
        if not self.repair:
            return False
        held = self._held_references.get(draft.table)
        if held is None:
            before, _ = self.split_references(draft.table, "users")
            held = self._held_references[draft.table] = tuple(
                (column, target)
                for column, target in before
                if (draft.table, column) not in LIST_COLUMNS
                and (draft.table, column) not in self.target.optional_references
            )
        values = draft.values
        return any(
            (value := values.get(column, "")) and value not in self.kept.get(target, frozenset())
            for column, target in held
        )

    def _known(self, table: str, target: str) -> Container[str]:
        """The IDs a reference of `table` to `target` may name: a strict set's user may belong to any
        org of the set given to validate (`_strict_set`), a run's to its schools only."""
        known: Container[str] = self.kept.get(target, frozenset())
        if target == "schools" and table == "users" and self._strict_set:
            return _Either(known, self.other_orgs)
        return known

    def _references(self, draft: Draft, references: References | None = None) -> bool:
        for column, target in self.target.references.get(draft.table, ()) if references is None else references:
            known = self._known(draft.table, target)
            value = draft.values.get(column, "")
            if not value:
                continue  # an optional reference left empty; a required one failed _required already
            if (draft.table, column) in LIST_COLUMNS:
                if not self._prune_list(draft, column, known, target):
                    return False
            elif value not in known and (draft.table, column) in self.target.optional_references:
                if not self.repair:  # a set someone else wrote: nothing is blanked, and a consumer
                    self.report.add(  # resolves every reference it finds, optional or not
                        codes.code("reference-dangling"),
                        self._where(draft, column),
                        table=draft.table,
                        field=column,
                        value=value,
                        target=_file(target),
                    )
                    continue
                self.report.add(
                    codes.code("reference-blanked"),
                    self._where(draft, column),
                    table=draft.table,
                    field=column,
                    value=value,
                    target=_file(target),
                )
                draft.values[column] = ""
            elif value not in known:
                if target in _ORGS and value in self.unrostered:
                    self._not_rostered(draft, column, value)
                elif target == "students" and self._a_user_not_student(value):
                    self.report.add(
                        codes.code("demographics-not-student"),
                        self._where(draft, column),
                        table=draft.table,
                        value=value,
                    )
                elif target == "schools" and value in self.other_orgs:
                    self.report.add(
                        codes.code("org-not-school"),
                        self._where(draft, column),
                        table=draft.table,
                        field=column,
                        value=value,
                        type=self.other_orgs[value],
                    )
                elif not (target == "users" and draft.extra.get(ENDED_WITH_TERM)):
                    self.report_missing(draft, column, target)
                return False
        return True

    def _a_user_not_student(self, value: str) -> bool:
        """A kept user who is not a kept student (staff, a guardian): the record naming them as a
        student is not a follow-on of a user left out, whatever 'never listed' would suggest."""
        users = self.kept.get("users")
        return isinstance(users, IdSet | set) and value in users

    def _not_rostered(self, draft: Draft, column: str, value: str) -> None:
        excluded = all(v in self.excluded_schools for v in value.split(",") if v)
        self.excluded_seen.update(v for v in value.split(",") if v in self.excluded_schools)
        self.report.add(
            codes.code("school-not-rostered"),
            self._where(draft, column),
            rule=draft.table,
            condition=f"{column} is {'in settings.exclude_schools' if excluded else 'not a rostered school'}",
            value=value,
        )

    def _only_not_schools(self, items: list[str]) -> str:
        """The first org of a list naming orgs of the export but no school (a department the run
        left out for its type, beside the district), else ""."""
        dropped = [v for v in items if v in self.dropped_orgs]
        orgs = self.kept.get("orgs", set())
        if not dropped or not all(v in self.dropped_orgs or v in orgs for v in items):
            return ""
        # A district is no school of any district's (V502 says it is the district): only another
        # type may be a school under that name (a college, a department).
        return next((v for v in dropped if self.dropped_orgs[v].casefold() != "district"), "")

    def _not_a_school(self, draft: Draft, column: str, org: str) -> None:
        """D354: the record names only an org the run left out for its type (a college, a
        department): said as that, with the fix of its type, not as a record missing (V502's "add
        the missing record"; tester63 F9, Microsoft's SDS v2.1 sample)."""
        self.report.add(
            codes.code("reference-not-school"),
            self._where(draft, column),
            table=draft.table,
            field=column,
            value=org,
            type=self.dropped_orgs[org],
        )

    def _missing_from(self, target: str, value: str) -> str:
        """Where a reference is not found, in words: the target's file, and of an org the run left
        out that is no school (the district), that it is no school (tester9 item 16)."""
        kind = self.dropped_orgs.get(value) if target in _ORGS else None
        if kind is None:
            return _file(target) + self._zeros_hint(target, value)
        listed = f"the export lists it as an org of type {kind!r}"
        return f"{_file(target)} as a school ({listed}; Remind rosters schools only)"

    def _zeros_hint(self, target: str, value: str) -> str:
        """A kept ID the missing one names but for leading zeros ('0058-001' for a template's
        '58-001', a spreadsheet's SchoolID): the hint a join's miss gets (tester11 F9b)."""
        kept = self.kept.get(target)
        if kept is None or not value or "," in value:
            return ""
        twin = lookups.padded_twin(value, kept.__contains__)
        return f" ({twin!r} is: the reference differs from it only by leading zeros)" if twin else ""

    def _padded_rostered(self, item: str) -> bool:
        return bool(lookups.padded_twin(item, self.rostered.__contains__))

    def _school_missing(self, draft: Draft, target: str, items: list[str]) -> None:
        """A user left out because no school it names is in the set, counted for X976: by school,
        by export and school, and with the kept school each names but for leading zeros."""
        # A school left out on purpose (settings.exclude_schools) is never one missing.
        items = [item for item in items if item not in self.excluded_schools] or items
        if not self.rostered and draft.values.get("role", "") == "student":
            self._student_lost(draft)
        self.report.schools_missing.update(items)
        # Under --school or settings.schools, one naming only schools not listed there is out of the
        # district's roster, not lost: a pilot school of 8 beside 25 users of four unlisted sites was
        # refused (reviewer77 F6).
        # A listed school written without its leading zeros ('301' for --school 0301) is one of them.
        if not self.rostered or any(item in self.rostered or self._padded_rostered(item) for item in items):
            self.report.schools_missing_users[draft.values.get("role", "")] += 1
        self.report.schools_missing_in.update((draft.origin.file, item) for item in items)
        for item in items:
            self.report.schools_missing_at.setdefault(item, (draft.origin.file, draft.origin.line))
        kept = self.kept.get(target)
        for item in items:
            if kept is not None and item not in self.report.schools_missing_twins:
                twin = lookups.padded_twin(item, kept.__contains__)
                if twin:
                    self.report.schools_missing_twins[item] = twin

    def _student_lost(self, draft: Draft) -> None:
        """A student of a run of every school left out for naming only schools missing from the set:
        counted once, however many rows of theirs name such schools, and not at all once another row
        keeps them (an Infinite Campus student's second primary row at a program site, reviewer90
        R5). Fifteen schools of five students each went at exit 0 (review77 F2); X818 refuses ten."""
        key = draft.values.get("sourcedId", "") or f"{draft.origin.file}:{draft.origin.line}"
        if key in self.kept["students"]:
            return
        if self.students_lost is None:
            self.students_lost = IdSet()
        if key not in self.students_lost:
            self.students_lost.add(key)
            self.report.schools_missing_students += 1

    def _student_found(self, key: str) -> None:
        """A student `_student_lost` counted, kept from a later row: not lost."""
        if self.students_lost is not None:
            self.students_lost.discard(key)
        self.report.schools_missing_students -= 1

    def _placed(self, draft: Draft, column: str, items: list[str], known: Container[str]) -> bool:
        """A staff member whose orgs are none a school (a OneRoster 1.2 teacher whose only role
        is at the district, an itinerant music or SPED teacher) but who teaches at schools: still
        her classes' teacher, so published at the schools of her enrolments in a staff role, each
        said (V593, as a school an enrolment adds to a user's list, naming the orgs that are none).
        Without such enrolments she is left out as before (V502)."""
        role, key = draft.values.get("role", ""), draft.values.get("sourcedId", "")
        if draft.table != "users" or role in ("", "student") or role in GUARDIAN_ROLES or not key:
            return False
        kinds = {item: self.other_orgs.get(item) or self.dropped_orgs.get(item) for item in items}
        if not all(kinds.values()):
            return False  # an org the exports lack, not one that is no school: V502
        if self._staff_at is None:
            if self.staff_enrolled_at is None:
                return False
            self._staff_at = self.staff_enrolled_at()
        at = self._staff_at.get(key, {})
        schools = sorted(school for school in at if school in known and school not in self.unrostered)
        if not schools:
            return False
        draft.values[column] = ",".join(schools)
        listed = ",".join(items)
        none = ", ".join(f"{item!r} is an org of type {kind!r}" for item, kind in kinds.items())
        for school in schools:
            class_id, enrolment, count = at[school]
            self.report.add(
                codes.code("enrolled-school-added"),
                self._where(draft, column),
                role=role,
                id=key,
                school=school,
                listed=listed,
                class_id=class_id,
                enrollment=enrolment,
                count=count,
                more=(f", and {count - 1} more at that school" if count > 1 else "") + f"; {none}, no school",
                guardians="",
            )
        return True

    def _prune_list(self, draft: Draft, column: str, known: Container[str], target: str) -> bool:
        items = [v for v in draft.values.get(column, "").split(",") if v]
        present = [v for v in items if v in known]
        not_schools = [v for v in items if target == "schools" and v not in known and v in self.other_orgs]
        for missing in (v for v in items if v not in known and v not in self.unrostered):
            if not self.repair and (not present or missing in self._orgs_left_out):
                continue  # the row left out says it (V502), or the org's own row
            if missing not in not_schools and (present or missing not in self.dropped_orgs):
                # (a list of no school left: the row left out says it once, V502). A set given to
                # validate is not repaired: an item naming nothing makes it not valid (V517).
                self.report.add(
                    codes.code("org-reference-pruned" if self.repair else "list-reference-dangling"),
                    self._where(draft, column),
                    table=draft.table,
                    field=column,
                    value=missing,
                    target=self._missing_from(target, missing),
                )
            elif present:
                self.report.add(
                    codes.code("org-not-school-pruned"),
                    self._where(draft, column),
                    table=draft.table,
                    field=column,
                    value=missing,
                    type=self.other_orgs[missing],
                )
        if not present and target in _ORGS and items and self._placed(draft, column, items, known):
            return True
        if not present:
            if not_schools:
                self.report.add(
                    codes.code("org-not-school"),
                    self._where(draft, column),
                    table=draft.table,
                    field=column,
                    value=not_schools[0],
                    type=self.other_orgs[not_schools[0]],
                )
            elif target in _ORGS and all(v in self.unrostered for v in items):
                self._not_rostered(draft, column, ",".join(items))
            elif target in _ORGS and (org := self._only_not_schools(items)):
                self._not_a_school(draft, column, org)
            else:
                if target in _ORGS and draft.table == "users":
                    self._school_missing(draft, target, items)  # a whole school's users, or kind: X976
                self.report.add(
                    codes.code("reference-missing"),
                    self._where(draft, column),
                    table=draft.table,
                    field=column,
                    value=",".join(items),
                    target=self._missing_from(target, items[0]) if len(items) == 1 else _file(target),
                )
            return False
        draft.values[column] = ",".join(present)
        return True

    def _line_code(self, table: str, file: str, line: int) -> int:
        """The line a first record is remembered by: of a user, with its file (_USER_LINE_BITS)."""
        if table != "users":
            return min(line, _MAX_LINE)
        if file and file not in self._line_files and len(self._line_files) < _USER_FILES:
            self._line_files.append(file)
        number = self._line_files.index(file) + 1 if file and file in self._line_files else 0
        return number << _USER_LINE_BITS | min(line, _USER_LINE)

    def _first_at(self, table: str, code: int) -> tuple[int, str]:
        """(line, where in words: "students.txt line 3", or "line 3" when the file is not known)."""
        if table != "users":
            return code, f"line {code}"
        number, line = code >> _USER_LINE_BITS, code & _USER_LINE
        return line, (f"{self._line_files[number - 1]} line {line}" if number else f"line {line}")

    def _taken_in(self, draft: Draft, named: IdSet | None, first: CompactMap) -> bool:
        """Note the record (a demographics record's ID in `named`) and complete it; True when it
        goes no further: a student's staff role (`_student_staff_role`)."""
        if named is not None:
            named.add(draft.values.get("sourcedId", ""))
        self._complete(draft)
        return draft.table == "users" and self._student_staff_role(draft, first)

    def _student_staff_role(self, draft: Draft, first: CompactMap) -> bool:
        """A staff record (an aide's, a teacher's) under the ID of a student kept from the same
        file, with her name where names are kept: a student with a staff role too (a student aide
        in OneRoster 1.2's or SDS v2.1's roles.csv, whose rows name one users.csv person). A person
        has one role in Remind and a student stays a student: the role is left out, not the person
        (F438). Said as a staff member left out, V506 read as a person lost; with an email, the two
        records of one ID kept neither (V537), and the student went with her classes. An ID of a
        students export and a staff export, or of other names, stays two people's (V537)."""
        role = draft.values.get("role", "")
        key = draft.values.get("sourcedId", "")
        if not key or role in ("", "student") or role in GUARDIAN_ROLES or key not in self.kept["students"]:
            return False
        seen = first.get_hash(id_hash(key))
        if seen is None:
            return False
        code = seen >> _FINGERPRINT_BITS
        if self._first_file("users", code) != draft.origin.file:
            return False
        if self._names is not None and not self._same_name(key, draft.values):
            return False
        where = self._where(draft, "role")
        self.report.add(
            codes.code("staff-role-of-student"), where, id=key, role=role, first_at=self._first_at("users", code)[1]
        )
        if role in _OWNERS:
            self.demoted.setdefault(key, (role, f"{where.file}:{where.line}" if where.line else where.file))
        return True

    def _taken_fix(self, draft: Draft, key: str) -> str:
        """V597's way out: where the profile makes the guardian's ID (a prefix before the SIS contact
        ID: Clever's G + Contact_sis_id), the SIS holds no two records of one ID, the prefix made it
        one (tester59 F6); else the SIS gives one ID to two records."""
        made = self._made_by_prefix(draft, key)
        if made is None:
            return (
                "one person (a teacher who is a parent): give them a parent ID of their own in the SIS to keep "
                "it; two people: one has the other's ID"
            )
        prefix, label, column = made
        return (
            f"the profile made this ID ({label}: the prefix {prefix!r} before {column} {key[len(prefix) :]!r}), "
            "no record of the SIS has it twice: give the guardians another prefix in the district profile "
            f"(tables.{label}.guardian.prefix, one no staff or student ID begins with), which gives every parent and "
            "guardian a new ID (that night the old IDs count as removed: publish it with --allow-rollover once)"
        )

    def _say_taken(self, draft: Draft, key: str, kept_role: str, first_at: str) -> None:
        """V597 for a guardian record whose ID a kept student or staff member has; one the profile
        made (a prefix) is noted for X879 too (made_ids_taken)."""
        self.report.add(
            codes.code("guardian-id-taken"),
            self._where(draft, "sourcedId"),
            id=key,
            kept_role=kept_role,
            first_at=first_at,
            role=draft.values.get("role", ""),
            students=", ".join(repr(s) for s in draft.values.get("agentSourcedIds", "").split(",") if s)
            or "no student",
            fix=self._taken_fix(draft, key),
        )
        if (made := self._made_by_prefix(draft, key)) is not None:
            taken = self.report.facts.setdefault(made_ids_taken.FACT, {})
            taken.setdefault(key, made_ids_taken.said(draft, made, kept_role=kept_role, first_at=first_at))

    def _made_by_prefix(self, draft: Draft, key: str) -> tuple[str, str, str] | None:
        """The prefix, guardians rule and contact column that made a guardian record's ID, when the
        profile makes it (a prefix before the SIS contact ID); None when the SIS gave it."""
        return next(
            (
                (prefix, label, column)
                for prefix, (label, column) in self.guardian_ids.items()
                if draft.rule == "guardians" and key.startswith(prefix) and len(key) > len(prefix)
            ),
            None,
        )

    def _first_file(self, table: str, code: int) -> str:
        """The file of a user's first line (`_first_at`), "" when not known."""
        number = code >> _USER_LINE_BITS if table == "users" else 0
        return self._line_files[number - 1] if number else ""

    def _first_time(self, draft: Draft, key: str, first: CompactMap) -> bool:
        # 16 bytes per record (the ID's hash; line and fingerprint packed): held for every enrolment.
        fingerprint = record_fingerprint(draft.values, table=draft.table)
        line_code = self._line_code(draft.table, draft.origin.file, draft.origin.line)
        seen = first.setdefault(key, line_code << _FINGERPRINT_BITS | fingerprint)
        ahead = draft.extra.get(ahead_rows.STARTS, "") if draft.extra else ""
        if seen is None:
            if ahead:
                self._kept_ahead.add(key)
            if draft.table == "users":
                self.two_schools.seen(draft)
            self.section_teachers.first(draft)
            return True
        slug: codes.Slug = "duplicate-merged" if seen & _FINGERPRINT == fingerprint else "duplicate-conflict"
        if slug == "duplicate-merged" and self._not_merged(draft, key, seen):
            return False
        if slug == "duplicate-conflict" and draft.table == "users" and self._user_row_later(draft, key, seen, ahead):
            return False
        first_line, first_at = self._first_at(draft.table, seen >> _FINGERPRINT_BITS)
        if draft.table == "enrollments" and slug == "duplicate-conflict" and self.repair:
            # One enrolment written twice (V548) or two under one ID (V576, V501 at this row):
            # known once every row is read (`settle_enrolments`).
            self._enrolment_conflicts.setdefault(key, (first_line, []))[1].append(draft)
            return False
        if slug == "duplicate-conflict" and self._decided_later(draft, key):
            return False
        kept_role = self._role_taken(draft, key) if slug == "duplicate-conflict" else ""
        if kept_role:
            self._say_taken(draft, key, kept_role, first_at)
        else:
            said = self.report.add(
                codes.code(slug),
                self._where(draft, "sourcedId"),
                table=draft.table,
                id=key,
                first_line=first_line,
                first_at=first_at,
                **({"data": self._merged_as(draft, first_at)} if slug == "duplicate-merged" else {}),
            )
            self.section_teachers.merged(key, said.params)  # a class row in conflict: said again once decided
        rows = self.left_out_rows
        if slug == "duplicate-merged" and rows is not None and draft.table == rows.table:
            # The same class listed again (an export with a row per student per class): its row
            # is the kept class's, and the enrolments made from it stay (not V532).
            rows.kept(draft.origin)
        if draft.table == "users" and slug == "duplicate-conflict":
            first_file = self._first_file(draft.table, seen >> _FINGERPRINT_BITS)
            self._conflicting_users.setdefault(key, (self._where(draft, "sourcedId"), first_line, first_at, first_file))
            self._conflict_people.setdefault(
                key, {c: draft.values.get(c, "") for c in ("role", "givenName", "familyName")}
            )
        elif draft.table in HELD_UNTIL_DECIDED and draft.table != "classes" and slug == "duplicate-conflict":
            self._disagreeing.setdefault(draft.table, {}).setdefault(key, draft)
        return False

    def _not_merged(self, draft: Draft, key: str, seen: int) -> bool:
        """A later row of a record's data that is not merged into it (V500), said: a set checked
        (`repair` off, V575's repeat)."""
        if self.repair:
            return False
        self._repeated_in_set(draft, key, self._first_at(draft.table, seen >> _FINGERPRINT_BITS)[0])
        return True

    def _merged_as(self, draft: Draft, first_at: str) -> str:
        """What V500 says the later row was listed again with: identical data, or, a class row
        naming other teachers (pipeline.section_teachers), those teachers and what becomes of them
        (where the profile lists each class once: said again once decided, `SectionTeachers.merged`)."""
        found = self.section_teachers.differs(draft)
        if found is None:
            return "identical data"
        teachers, first = found
        said = f"another teacher ({section_teachers.shown(teachers)}; {first_at}: {section_teachers.shown(first)})"
        if self.section_teachers.conflict(draft, teachers, first, first_at):
            return f"{said}, where the profile lists each class once (one_row_per_class)"
        return f"{said}: kept as a co-teacher"

    def _teacher_left_out(self, draft: Draft) -> bool:
        """A teacher enrolment of a class listed on rows naming other teachers where its rule says
        one row per class, naming a teacher of a row not kept (pipeline.section_teachers): said
        (X850) and left out. A student's enrolment never is."""
        decided = self.section_teachers.left_out(draft)
        if decided is None:
            return False
        values = draft.values
        self.report.add(
            codes.code("section-teachers-conflict"),
            self._where(draft, "userSourcedId"),
            table=draft.table,
            id=values.get("sourcedId", ""),
            user=values.get("userSourcedId", ""),
            class_id=values.get("classSourcedId", ""),
            rows=decided.rows,
            kept=decided.kept,
            why=decided.why,
        )
        return True

    def _user_row_later(self, draft: Draft, key: str, seen: int, ahead: str) -> bool:
        """A later row of a kept user ID with other data that is the same person's, not a second
        person's: a row starting ahead that waits (F427), or a row at another school (I297)."""
        if not (
            ahead
            and key not in self._kept_ahead
            and key not in self._conflicting_users
            and self._same_kind(key, draft.values.get("role", ""))
            and self._same_name(key, draft.values)
        ):
            return self._at_two_schools(draft, key, seen)
        # The row kept is current (those that start ahead are read last): this one waits.
        # A student's ID that a staff member or another person has is two people's, whatever
        # the dates (V537), as is an ID two current rows already gave different data.
        self.report.add(
            codes.code("starts-ahead"),
            self._where(draft, "sourcedId"),
            id=key,
            starts=ahead,
            condition=draft.extra.get(ahead_rows.CONDITION, ""),
            days=draft.extra.get(ahead_rows.DAYS, ""),
            first_line=self._first_at(draft.table, seen >> _FINGERPRINT_BITS)[0],
        )
        if draft.values.get("role") == "student":
            self._ahead_schools.setdefault(key, (draft.values.get("orgSourcedIds", ""), ahead))
        return True

    def _at_two_schools(self, draft: Draft, key: str, seen: int) -> bool:
        """A later row of a kept user ID, of the same export, alike but for the school and what the
        rule's conditions read: one person's two current enrolments (pipeline.two_schools), said
        (I297) and her school added once the set is written; not two people (V537)."""
        code = seen >> _FINGERPRINT_BITS
        if key in self._conflicting_users or self._first_file("users", code) != draft.origin.file:
            return False
        if not self.two_schools.one_person(draft):
            return False
        self.report.add(
            codes.code("user-at-two-schools"),
            self._where(draft, "orgSourcedIds"),
            id=key,
            first_line=self._first_at("users", code)[0],
            file=draft.origin.file,
            school=draft.values.get("orgSourcedIds", ""),
            rule=draft.rule,
        )
        return True

    def _decided_later(self, draft: Draft, key: str) -> bool:
        """A later row of an ID whose record is chosen once its table is read: a school's, a
        course's or a session's (the lowest, disagreeing.lowest_of_each), or a class's of the
        first row's section (said once every class is read: disagreeing.Sections)."""
        if draft.table in LOWEST_KEPT and self.repair:
            self._lowest.setdefault(draft.table, {}).setdefault(key, []).append(draft)
            return True
        return draft.table == "classes" and self._same_section(draft, key)

    def _same_section(self, draft: Draft, key: str) -> bool:
        """A class row of an ID kept from another row at its school. Of another course or
        section number (classCode), it is another section (tester24 F3, tester27 1): neither is
        kept (V576). Of the same section, a run holds it until every class is read (True): rows
        of one section meeting in two periods are one class (tester26 1.3), rows whose titles
        differ in more than the period two (tester28 R3), decided in any row order."""
        if self._class_moved(key, draft.values.get("schoolSourcedId", "")):
            return False
        if self._class_courses.get_hash(id_hash(key)) != _course_hash(draft.values):
            self._disagreeing.setdefault(draft.table, {}).setdefault(key, draft)
            return False
        if self._sections is None:
            return False
        self._sections.rows.setdefault(key, []).append(draft)
        return True

    def _repeated_in_set(self, draft: Draft, key: str, first_line: int) -> None:
        """A set given to `validate` that lists a record twice, even with identical data: a run
        merges such rows of an export (V500), but a set holding both is not valid OneRoster (a
        sourcedId is unique within its file), and validate repairs nothing."""
        self.report.add(
            codes.code("value-form"),
            self._where(draft, "sourcedId"),
            table=draft.table,
            field="sourcedId",
            value=key,
            expected=f"unique in {draft.table}.csv (line {first_line} has it, with the same data)",
        )

    def _role_taken(self, draft: Draft, key: str) -> str:
        """The role of the student or staff member kept under a guardian record's ID (a teacher
        who is also a parent: one person, one ID, in SDS and OneRoster 1.2); "" otherwise."""
        if draft.table != "users" or draft.values.get("role") not in GUARDIAN_ROLES:
            return ""
        role = self._user_role(key)
        return "" if role in GUARDIAN_ROLES or role == _UNLISTED_ROLE else role

    def settle_waiting(self, schools_of: Callable[[str], list[str] | None]) -> None:
        """Once the students are decided: each student whose row at another school waits for its
        day (F427) has the enrolments at those schools wait too (F430). `schools_of`: a kept
        student's schools (None: not kept)."""
        for student, (schools, starts) in self._ahead_schools.items():
            current = schools_of(student)
            if current is None:
                continue
            new = frozenset(s for s in schools.split(",") if s) - set(current)
            if new:
                self.waiting[student] = (new, starts)
        self._ahead_schools = {}

    def _not_waiting(self, draft: Draft) -> bool:
        """An enrolment of a student at a school her row there waits for (F430): left out."""
        values = draft.values
        user = values.get("userSourcedId", "")
        found = self.waiting.get(user)
        if found is None or values.get("schoolSourcedId", "") not in found[0]:
            return True
        self.report.add(
            codes.code("enrollment-waits"),
            self._where(draft, "schoolSourcedId"),
            id=values.get("sourcedId", ""),
            user=user,
            school=values.get("schoolSourcedId", ""),
            starts=found[1],
        )
        return False

    def settle_left(self, schools_of: Callable[[int], list[str] | None]) -> None:
        """Once the students are decided: the schools each kept student left, whose enrolments
        follow her ended row there (F431). `schools_of`: a kept student's schools by the hash of
        her ID (None: not kept). A kept student's rows left out as ended are no students left
        out: counted as what they are (I273, tester11 F9c), not as F400."""
        self.left.settle(schools_of, self.waiting)
        self._kept_beside_ended()
        if self.left.kept_rows:
            self.report.reclassify(
                codes.code("inactive-student"),
                codes.code("student-row-ended-kept"),
                table="users",
                rows=self.left.kept_rows,
                convert=self._kept_row,
            )

    def _kept_beside_ended(self) -> None:
        """The kept students whose row a condition left out as ended is at a school they are
        published at, with the line of the row they are kept from, when of the same export: an
        export with a row per school year may keep last year's row of a student withdrawn this
        year (tester69 F1b), which span_rows reads again (I252, X816)."""
        first = self._first_map("users")
        for h, file, line in self.left.earlier:
            seen = first.get_hash(h)
            if seen is None:
                continue
            code = seen >> _FINGERPRINT_BITS
            if self._first_file("users", code) == file:
                self.ended_beside_kept.setdefault(file, []).append((line, self._first_at("users", code)[0]))
        self.left.earlier = []

    def _kept_row(self, problem: Problem) -> dict[str, object] | None:
        """The parameters of I273 for a student's ended row (F400) when she is kept, else None."""
        found = self.left.kept_from_other_row(problem.where.record)
        if found is None:
            return None
        ended, current = found
        left = sorted(ended - set(current.split(",")))
        what = f"a transfer from {', '.join(left)}" if left else "an earlier enrolment of hers"
        return {**problem.params, "id": problem.where.record, "current": current, "what": what}

    def _enrolment_stays(self, draft: Draft) -> bool:
        """Not of a school the student left (F431), and on a day of its class (X847)."""
        if self.left and not self._not_left(draft):
            return False
        return not self.left.judged.days or self._at_school_on_class_day(draft)

    def _not_left(self, draft: Draft) -> bool:
        """An enrolment of a student at a school she left (F431): left out."""
        values = draft.values
        user, school = values.get("userSourcedId", ""), values.get("schoolSourcedId", "")
        current = self.left.school_left(user, school)
        if current is None:
            return True
        self.report.add(
            codes.code("enrollment-at-school-left"),
            self._where(draft, "schoolSourcedId"),
            id=values.get("sourcedId", ""),
            user=user,
            school=school,
            class_id=values.get("classSourcedId", ""),
            current=current,
        )
        return False

    def _at_school_on_class_day(self, draft: Draft) -> bool:
        """An enrolment of a student in a class on none of whose judged days (compile.TermReach.
        classes) she is at school, or whose row is current (X847): left out."""
        found = self.left.judged.left_out_on(draft)
        if found is None:
            return True
        days, at_school = found
        values = draft.values
        self.report.add(
            codes.code("enrollment-after-leaving"),
            self._where(draft, "classSourcedId"),
            id=values.get("sourcedId", ""),
            user=values.get("userSourcedId", ""),
            class_id=values.get("classSourcedId", ""),
            days=" and ".join(day.isoformat() for day in sorted(days)),
            why="her enrolment row is current" if at_school else "she is at school (the users' conditions)",
        )
        return False

    def keep_names(self) -> None:
        """From now on, remember each kept user's name (a rule reads rows that start ahead)."""
        if self._names is None:
            self._names = CompactMap()

    def _same_name(self, key: str, values: dict[str, str]) -> bool:
        """Whether the user kept under `key` has these values' name (accents, case, punctuation
        aside: identity.plain); False when no name was remembered."""
        return self._names is not None and self._names.get_hash(id_hash(key)) == _name_hash(values)

    def _same_kind(self, key: str, role: str) -> bool:
        """Whether the user kept under `key` is a student as a `role` record is, or staff as it is."""
        student = key in self.kept["students"]
        if role == "student":
            return student
        return not student and self.user_roles.get_hash(id_hash(key)) is not None

    def two_people(self, key: str, where: Where, first_line: int, first_file: str = "") -> None:
        """Rows of one user ID that a rule's `combine` found to be two people (pipeline.combine):
        the ID goes as one two rows gave different data (`leave_out_conflicts`)."""
        first_at = f"{first_file} line {first_line}" if first_file else f"line {first_line}"
        self._conflicting_users.setdefault(key, (where, first_line, first_at, first_file))

    def leave_out_conflicts(self) -> set[str]:
        """After the students and staff: take out the user IDs two rows gave different data.

        The first of those rows was kept (V501 left out the other), but the tool cannot know
        which person the ID really is: keeping the first would publish the second row's
        guardians and enrolments (joined through the ID) as the first person's, and keep a
        different person in another row order (issue 22: the same records in any order give
        the same set). So neither is kept (V537), and everything naming the ID follows: its
        demographics and enrolments (V504), its guardian links (a guardian with no other kept
        child is not created, F413). Returns the IDs, whose written rows the caller removes,
        then says them (`say_conflicts`)."""
        conflicting, self._conflicting_users = self._conflicting_users, {}
        users = [kept for kept in (self.kept.get("users"), self.kept["students"]) if isinstance(kept, IdSet | set)]
        for key, (where, first_line, first_at, first_file) in conflicting.items():
            if not any(key in kept for kept in users):
                continue  # two people under an ID no rule kept (both withdrawn): nothing to take out
            for kept in users:
                kept.discard(key)
            self.dropped_users.add(key)  # named exactly by her enrolments: no ID written two ways (V608)
            # The rows' table: demographics when a student's rows differ only on the birth date.
            self._conflicts_found.append((key, where, first_line, first_at, first_file, where.table or "users"))
        return set(conflicting)

    def settle_enrolments(
        self, take_out: Callable[[set[str]], dict[str, dict[str, str]]]
    ) -> tuple[list[Draft], set[str]]:
        """Once the enrolments are read: those a later row named again (`_first_time`,
        `_first_pair`), decided in any row order (pipeline.repeated_enrolments). Their written
        records are taken out of the file (`take_out`). One ID on rows that differ only in
        primary or dates is one enrolment (V548); rows of one ID with another class, user or
        role are two the tool cannot tell apart, as for a user ID two people share (V537):
        keeping the first row's, another row order would have kept the other (tester28 R4), so
        neither is kept (V576). A user's enrolments in one class under other IDs are one, under
        the lowest ID (V580). Returns the records to write (again) and the IDs gone."""
        conflicts, self._enrolment_conflicts = self._enrolment_conflicts, {}
        repeats, self._repeats = self._repeats, {}
        records: dict[str, Draft] = {}
        gone: set[str] = set()
        self._keep_suffixes(take_out, set(conflicts), records, gone)
        if not conflicts and not repeats:
            return list(records.values()), gone
        taken = take_out(set(conflicts) | set(repeats))
        for key, (first_line, later) in conflicts.items():
            values = taken.get(key)
            file = later[0].origin.file
            first = Draft(later[0].table, dict(values or {}), place_at(file, first_line))
            other = next((d for d in later if repeated.differing(first.values, d.values, self._school_written)), None)
            if values is not None and other is None:
                records[key] = self._one_enrolment(first, later)
                continue
            if values is not None and other is not None and self.ids_put_together:
                own = self._ids_of_their_own(key, first, later)
                if own is not None:
                    self._no_primary(values.get("classSourcedId", ""), key)
                    records.update((d.values["sourcedId"], d) for d in own)
                    if key not in records:  # else one of them keeps it (the last set's)
                        gone.add(key)
                    continue
            for draft in later:
                self._say_repeated(draft, first_line)
            if values is None:
                continue  # no record was written from the first row
            say_neither_kept(first, other or later[0], self.report)
            self.report.left_out.unkept(file, first_line)
            self._no_primary(values.get("classSourcedId", ""), key)
            gone.add(key)
        for first_id, (first_line, later) in repeats.items():
            kept = records.pop(first_id, None)
            if kept is None and first_id in taken and first_id not in gone:
                kept = Draft(later[0].table, dict(taken[first_id]), place_at(later[0].origin.file, first_line))
            chosen = self._lowest_enrolment(kept, later)
            if kept is not None and chosen.values.get("sourcedId", "") != first_id:
                gone.add(first_id)
            records[chosen.values.get("sourcedId", "")] = chosen
        return list(records.values()), gone

    def _ids_of_their_own(self, key: str, first: Draft, later: list[Draft]) -> list[Draft] | None:
        """Rows of one enrolment ID of other classes or users, where every enrolment rule puts its
        IDs together from cells (`ids_put_together`: sds-v2's `{classSourcedId}-{userSourcedId}`
        gives class 'c1-A' with user 'B' and class 'c1' with user 'A-B' both 'c1-A-B'): the ID is
        the template's, not the export's, and the enrolments are two. Each class and user gets
        the ID with a suffix of its own (the first 8 hex digits of the SHA-1 of class and user):
        the same whatever the rows' order, said once (I218). None (neither kept, V576) when rows
        of one class and user differ too, or a suffixed ID is taken."""
        pairs: dict[tuple[str, str], list[Draft]] = {}
        for draft in (first, *later):
            pair = (draft.values.get("classSourcedId", ""), draft.values.get("userSourcedId", ""))
            pairs.setdefault(pair, []).append(draft)
        if len(pairs) < 2 or not all(all(pair) for pair in pairs):
            return None
        if any(
            repeated.differing(rows[0].values, d.values, self._school_written) for rows in pairs.values() for d in rows
        ):
            return None
        named = {pair: f"{key}-{own_suffix(*pair)}" for pair in pairs}
        # The enrolment the last published set has under the ID keeps it: a new twin does not
        # change the ID of one that was there (tester55 F6; the others' suffixes stay, I225).
        held = self._last_plain.get(key)
        if held in named:
            named[held] = key
        taken = self._first_map("enrollments")
        if len(set(named.values())) < len(named) or any(
            taken.get_hash(id_hash(i)) is not None for i in named.values() if i != key
        ):
            return None
        made: list[Draft] = []
        for pair, rows in sorted(pairs.items()):
            head = rows[0]
            values = {**head.values, "sourcedId": named[pair]}
            if len(rows) > 1:
                head = self._one_enrolment(Draft(head.table, values, head.origin), rows[1:])
            else:
                head = Draft(head.table, values, head.origin)
                if rows[0] is not first:
                    self.report.left_out.kept(head.origin.file, head.origin.line)
                if self._primary_of is not None:
                    self._one_primary(head)
            self.register_first(named[pair], head.origin.line, head.values, "enrollments", head.origin.file)
            made.append(head)
        places = sorted({(d.origin.file, d.origin.line) for d in (first, *later)})
        self.report.add(
            codes.code("enrollment-id-made-twice"),
            self._where(first, "sourcedId"),
            table=first.table,
            id=key,
            rows=" and ".join(f"{file}:{line}" for file, line in places),
            ids=", ".join(
                f"{d.values['sourcedId']!r} (class {d.values.get('classSourcedId', '')!r}, "
                f"user {d.values.get('userSourcedId', '')!r})"
                for d in made
            ),
        )
        return made

    def _keep_suffixes(
        self,
        take_out: Callable[[set[str]], dict[str, dict[str, str]]],
        conflicts: set[str],
        records: dict[str, Draft],
        gone: set[str],
    ) -> None:
        """An enrolment the last published set has under an ID with its own suffix (I218), which
        the template gives tonight's alone (its twin is gone): written under the suffixed ID again
        (I225), not the plain one, which Remind would take as the enrolment removed and another
        added (tester55 F6). Those of tonight's conflicts are `_ids_of_their_own`'s (this reads the
        last set's enrolment under each of their plain IDs, for it). The IDs taken
        out go to `gone`, the records to write to `records`."""
        if not self.ids_put_together:
            return
        if conflicts:  # the last set's holder of each ID tonight's rows give twice (one read)
            self._last_plain = suffixed_ids.plain(self.last_set, conflicts)
        if self._last_suffixed is None:
            self._last_suffixed = suffixed_ids.suffixed(self.last_set)
        pending = set(self._last_suffixed) - self._suffixes_settled - conflicts
        if not pending:
            return
        found = take_out(pending)
        self._suffixes_settled.update(found)
        written = self._first_map("enrollments")
        for key, values in found.items():
            pair = (values.get("classSourcedId", ""), values.get("userSourcedId", ""))
            kept = self._last_suffixed[key].get(pair)
            draft = Draft("enrollments", dict(values), place_at("enrollments", 0))
            if kept is None or written.get_hash(id_hash(kept)) is not None:
                records[key] = draft  # another enrolment than the last set's: written as it was
                continue
            draft.values["sourcedId"] = kept
            self._no_primary(pair[0], key)
            if self._primary_of is not None:
                self._one_primary(draft)
            self.register_first(kept, 0, draft.values, "enrollments")
            records[kept] = draft
            gone.add(key)
            self.report.add(
                codes.code("enrollment-id-kept-from-last-set"),
                Where("enrollments.csv", 0, "sourcedId", "enrollments", kept),
                table="enrollments",
                id=key,
                class_id=pair[0],
                user=pair[1],
                kept=kept,
            )

    def _one_enrolment(self, first: Draft, later: list[Draft]) -> Draft:
        """The record of rows of one enrolment ID that differ only in primary or dates (V548),
        said once at the first row, naming the others; their rows are kept with it."""
        rows = [first.values, *(d.values for d in later)]
        values = repeated.merged(first.values, rows, PRIMARY_TRUE)
        places = sorted({(d.origin.file, d.origin.line) for d in (first, *later)})
        self.report.add(
            codes.code("enrollment-rows-merged"),
            self._where(first, "sourcedId"),
            table=first.table,
            id=values.get("sourcedId", ""),
            rows=" and ".join(f"{file}:{line}" for file, line in places)
            + (" twice (two columns of the row name it)" if len(places) == 1 else ""),
            differ=repeated.what_differs(rows),
            primary=values.get("primary", ""),
            begin=values.get("beginDate", ""),
            end=values.get("endDate", ""),
        )
        for draft in later:
            self.report.left_out.kept(draft.origin.file, draft.origin.line)
        merged = Draft(first.table, values, first.origin)
        if self._primary_of is not None:
            self._one_primary(merged)
        return merged

    def _lowest_enrolment(self, kept: Draft | None, later: list[Draft]) -> Draft:
        """Of a user's enrolments in one class (`kept`: the one written, None when it is gone),
        the one of the lowest ID, with the others' primary and dates merged (`repeated.merged`);
        the others are said at their rows (V580) and left out."""
        candidates = [*([kept] if kept is not None else []), *later]
        chosen = min(candidates, key=lambda d: d.values.get("sourcedId", ""))
        values = repeated.merged(chosen.values, [d.values for d in candidates], PRIMARY_TRUE)
        for draft in candidates:
            if draft is chosen:
                continue
            if draft is kept:  # written, and now not
                self.report.left_out.unkept(draft.origin.file, draft.origin.line)
                self._no_primary(draft.values.get("classSourcedId", ""), draft.values.get("sourcedId", ""))
            self.report.add(
                codes.code("enrollment-repeated"),
                self._where(draft, "userSourcedId"),
                table=draft.table,
                id=draft.values.get("sourcedId", ""),
                user=draft.values.get("userSourcedId", ""),
                class_id=draft.values.get("classSourcedId", ""),
                first_id=chosen.values.get("sourcedId", ""),
                first_line=chosen.origin.line,
                kept=f"{chosen.values.get('sourcedId', '')!r} is kept (the lowest ID), with primary "
                f"{values.get('primary', '')!r}, beginDate {values.get('beginDate', '')!r} and endDate "
                f"{values.get('endDate', '')!r} of all of them (true if any says so, the earliest begin, "
                "the latest end or none)",
            )
        merged = Draft(chosen.table, values, chosen.origin)
        if chosen is not kept and self.repair:
            self._at_class_school(merged)
        if self._primary_of is not None:
            self._one_primary(merged)
        return merged

    def _school_written(self, values: dict[str, str]) -> str:
        """The school an enrolment is written at: its class's (V538), else its own."""
        at = self._class_schools.get_hash(id_hash(values.get("classSourcedId", "")))
        if at is None:
            return values.get("schoolSourcedId", "")
        if len(self._school_names) != len(self._schools):
            self._school_names = {number: school for school, number in self._schools.items()}
        return self._school_names[at] or values.get("schoolSourcedId", "")

    def say_conflicts(self, removed: dict[str, dict[str, str]]) -> None:
        """V537 for each ID `leave_out_conflicts` took out, at the row of the person first kept
        under it, with that person's school and name from the record taken out of the written
        file (`removed`): the later row has its own line (V501), so both people are named where
        an admin looks them up (the explain file by school and name; tester18 F8)."""
        found, self._conflicts_found = self._conflicts_found, []
        later, self._conflict_people = self._conflict_people, {}
        unkept: dict[str, tuple[Where, dict[str, str]]] = {}
        for key, where, first_line, first_at, first_file, table in found:
            values = removed.get(key)
            if values is not None and self._series_overlap(key, where, first_file, first_line, values, later.get(key)):
                continue
            one_file = first_file == where.file  # before the places are turned round below
            if values is not None and first_file and where.file:
                # Said at the first row, of the other: the later row's place.
                first_line, first_at, where = (
                    where.line,
                    f"{where.file} line {where.line}",
                    Where(first_file, first_line, where.column, table, key, who_of("users", values.get)),
                )
                self.report.left_out.unkept(where.file, where.line)  # its row is lost, as the later one's
            self.report.add(
                codes.code("user-id-conflict"), where, id=key, first_line=first_line, first_at=first_at, table=table
            )
            if values is not None:
                unkept[key] = (where, values)
            if self._one_person(values, later.get(key), one_file):
                self.one_person_rows.setdefault(where.file, []).append((key, f"lines {where.line} and {first_line}"))
                self.one_person_lines.setdefault(where.file, []).append((key, where.line, first_line))
        conflicts_unpublished.say(self.report, self.last_set, unkept)

    @staticmethod
    def _one_person(first: dict[str, str] | None, later: dict[str, str] | None, one_file: bool) -> bool:
        """Two rows of one ID, of one export and one name: one person's (a student's row per entity)."""
        return first is not None and later is not None and one_file and _name_hash(first) == _name_hash(later)

    def _series_overlap(
        self,
        key: str,
        where: Where,
        first_file: str,
        first_line: int,
        first: dict[str, str],
        later: dict[str, str] | None,
    ) -> bool:
        """V556 (nothing published) for an ID of a student of one export and a staff member of
        another name of another export: the SIS numbers students and staff in two series
        (PowerSchool's Student_Number and TeacherNumber), and the profile took both as they are.
        The tool can tell the two apart, but Remind knows a person by the ID alone: the fix is a
        prefix in the profile, not in the SIS (tester55 F5). One name is one person (a student
        aide), and IDs the profile reads from columns of one name in both exports are one series
        (Infinite Campus's personID: `series_fix` None), so the SIS gave two people one ID: both
        stay V537, as rows of one export do."""
        if later is None or not first_file or not where.file or first_file == where.file:
            return False
        roles = (first.get("role", ""), later.get("role", ""))
        if "student" not in roles or any(r in ("", *GUARDIAN_ROLES) for r in roles) or roles[0] == roles[1]:
            return False
        if _name_hash(first) == _name_hash(later):
            return False
        people = sorted(
            [(f"{first_file} line {first_line}", first), (f"{where.file} line {where.line}", later)],
            key=lambda person: person[1].get("role", "") != "student",
        )
        fix = self.series_fix(people[0][0].rsplit(" line ", 1)[0], people[1][0].rsplit(" line ", 1)[0])
        if fix is None:  # one series (the same column of both exports): the SIS gave two people one ID
            return False
        said = [f"a {values.get('role', '')} on {at}" for at, values in people]
        self.report.left_out.unkept(first_file, first_line)  # its row is lost, as the later one's
        self.report.add(
            codes.code("user-id-series-overlap"),
            where,
            id=key,
            people=" and ".join(
                f"{text} ({_full_name(values)})" for text, (_, values) in zip(said, people, strict=True)
            ),
            people_redacted=" and ".join(said),
            profile=self.profile_name or "the profile",
            fix=fix
            or "on its users rule's sourcedId and every "
            "column naming a staff member by that ID (an enrolment's userSourcedId)",
        )
        return True

    def guardians_of_taken_ids(self) -> set[str]:
        """After the guardians: the IDs of guardians left out because a kept student or staff
        member has the ID (V501; the person was decided first, in any row order). Students
        were linked to those guardians before that was known; the caller unlinks them."""
        late, self._conflicting_users = set(self._conflicting_users), {}
        return late

    def silent_view(self, table: str) -> SilentView:
        """What decides, without a record in hand, that the table's records pass `validate` with
        nothing to say (pipeline.columnar checks whole columns against it)."""
        rules = self._rules.get(table, _NO_RULES)
        return SilentView(
            required=self.target.required.get(table, ()),
            defaults=rules.defaults,
            fill_from=rules.fill_from,
            rewrites=tuple((column, value) for column, value, _ in rules.rewrites),
            allowed=rules.allowed,
            formats=bool(rules.email_like or rules.item_patterns),
            lists=tuple(c for t, c in LIST_COLUMNS if t == table),
            references=tuple(
                (column, target, self.kept.get(target, frozenset()), self._special_misses(table, column, target))
                for column, target in self.target.references.get(table, ())
            ),
            moved={key: dict(schools) for key, schools in self._moved.items()},
            follows_files=frozenset(self.left_out_rows.files()) if self.left_out_rows is not None else frozenset(),
            first=self._first_map(table),
            id_columns=tuple(c for c, _ in self._id_columns(table)),
            students=self.kept["students"] if table == "enrollments" else None,
            remembered=table in self._remembered,
            waiting=tuple((user, school) for user, (schools, _) in self.waiting.items() for school in sorted(schools))
            if table == "enrollments"
            else (),
            left=self.left if table == "enrollments" and self.left else (),
            judged=self.left.judged if table == "enrollments" and self.left.judged.days else None,
            follows_column=self.follows_target(table),
            left_out=self.left_out_record,
            students_only=tuple(c for t, c in self.target.students_only if t == table),
            class_schools=self._schools_of_classes() if table == "enrollments" and self.repair else (),
            date_pairs=tuple((start, end) for t, start, end in DATE_PAIRS if t == table),
        )

    def _schools_of_classes(self) -> tuple[tuple[str, str], ...]:
        """Each kept class with a school, and that school (`SilentView.class_schools`)."""
        school_of = self.class_schools()
        found = ((class_id, school_of(class_id)) for class_id in sorted(self.listed("classes")))
        return tuple((class_id, school) for class_id, school in found if school)

    def _special_misses(self, table: str, column: str, target: str) -> Container[str]:
        """The missing IDs `_references` reports otherwise than as missing: every one of an
        optional reference, a school left out on purpose, an org that is not a school."""
        if (table, column) in self.target.optional_references or (table, column) in LIST_COLUMNS:
            return _EVERYTHING
        ids = set(self.unrostered) if target in _ORGS else set()
        if target == "schools":
            ids |= set(self.other_orgs)
        special: Container[str] = ids
        users = self.kept.get("users")
        if target == "students" and isinstance(users, IdSet | set):
            special = _Either(special, users)  # a kept user who is no student (V577)
        never = self._never_listed(target)
        if never is not None:  # reported under another code than the left out ones (V502)
            return _Either(special, never)
        if target in _WRITTEN_OTHERWISE:  # a person's ID written two ways (V608)
            return _Either(special, _WrittenOtherwise(self, target))
        return special

    def missing_code(self, target: str) -> codes.Code:
        """The code `_references` reports a reference to no kept record of `target` under, when
        the record was listed (`_never_listed` tells the others apart: `_special_misses`)."""
        return codes.code(_MISSING_REFERENCE.get(target, "reference-missing"))

    def _never_listed(self, target: str) -> Container[str] | None:
        """The IDs of `target` no row of its export gave (an enrolment naming a class the classes
        export does not have): a reference to one is missing (V502), not a follow-on of a record
        left out; None when every missing ID counts as left out (no classes stage: `validate`)."""
        rows = self.left_out_rows
        if rows is None or target != rows.table:
            return None
        return _NotIn(rows.in_export)

    def report_missing(self, draft: Draft, column: str, target: str, *, admitted: bool = True) -> None:
        """What `_references` says of a record whose reference in `column` names no kept record
        (and none of `_special_misses`): the same problem, for a record checked in bulk.
        `admitted` False: a record whose row its rule's conditions left out (`follow_on`)."""
        value = draft.values.get(column, "")
        never = self._never_listed(target)
        listed = never is None or value not in never
        twin = self.written_otherwise(target, value) if never is None or not listed else None
        own = admitted and draft.table == "enrollments" and target == "classes"
        if twin is not None:
            where = self._where(draft, column)
            self.report.add(
                codes.code("reference-written-otherwise"),
                where,
                table=draft.table,
                field=column,
                value=value,
                target=_file(target),
                twin=twin[0],
                how=twin[1],
            )
            if own:  # the row's own garbled reference: its record is the last set's under the twin (X983)
                self.report.lost_whole(where.file, where.line, [twin[0], draft.values.get("userSourcedId", "")])
            return
        slug = _MISSING_REFERENCE.get(target, "reference-missing") if listed else "reference-missing"
        if slug == "reference-missing" and target in _ORGS and (org := self._only_not_schools([value])):
            self._not_a_school(draft, column, org)
            return
        term_unknown = self.report.terms_unknown.get(value) if slug == "follows-dropped-class" else None
        if term_unknown is not None and admitted and draft.values.get("role", "") in ("", "student"):
            term_unknown[4] = True  # a student's enrolment its rule let in, its class's term not exported (X943)
            term_unknown[5].add(draft.rule)  # by which rule: one reading the row's dates says current (X944)
        where = self._where(draft, column)
        self.report.add(
            codes.code(slug),
            where,
            table=draft.table,
            field=column,
            value=value,
            target=self._missing_from(target, value),
        )
        if admitted and slug in NAMES_USER and draft.table == "enrollments":  # every row, for pipeline.leavers
            self.report.names_user_row(value, draft.rule, draft.values.get("classSourcedId", ""), dates_of(draft.extra))
        if slug == "follows-dropped-user" and draft.table == "enrollments" and draft.values.get("role") != "student":
            self.report.drops_staff_class(value, draft.values.get("classSourcedId", ""), where.column)
        student = draft.table == "enrollments" and draft.values.get("role", "") in ("", "student")
        if admitted and slug == "follows-dropped-class" and student:  # an ended class that still enrols (X915)
            self.report.names_dropped(value)
        if own and slug == "follows-dropped-class" and value in self.report.classes_unjoined:
            # a current section dropped by its own join (its course row missing), named by a current row (X888)
            self.report.names_class(value, where.file, where.line, codes.code(slug).id)
        if own and slug == "reference-missing":
            float_twin = self._float_twin(value)
            if float_twin:  # '100139.0': a spreadsheet's float of a kept class's ID, the row's own problem (X983)
                clue = [float_twin, draft.values.get("userSourcedId", "")]
                self.report.own_problem(codes.code(slug), where, clue)
            else:  # a class no row of the classes export has, named by a current row (X888, X915)
                user = draft.values.get("userSourcedId", "")
                self.report.names_class(value, where.file, where.line, codes.code(slug).id, user)

    def _float_twin(self, value: str) -> str:
        """The kept class `value` is the ID of as a spreadsheet writes a number ('100139.0'), with
        other leading zeros too; "" when it is none."""
        kept = self.kept.get("classes")
        bare = _FLOAT_ZEROS.sub("", value)
        if kept is None or bare == value or not bare:
            return ""
        if bare in kept:
            return bare
        return lookups.padded_twin(bare, kept.__contains__) or ""

    def user_left_out(self, value: str) -> bool:
        """Whether `value` names, exactly, a person an export listed and the run left out (on
        purpose, or for a problem of her own): a reference to her is no ID written two ways."""
        return value in self.left.left_out_ids or value in self.dropped_users

    def written_otherwise(self, target: str, value: str) -> tuple[str, str] | None:
        """A kept ID of a person or class that `value`, naming none, differs from only in letter
        case or leading zeros, and which: the exports write the ID two ways (V608). Not a record
        left out on purpose, whose ID is named exactly."""
        kept = self.kept.get(target) if target in _WRITTEN_OTHERWISE and value else None
        if kept is None or (target != "classes" and self.user_left_out(value)):
            return None  # a person left out on purpose, or for a problem of her own, named exactly
        for other in (value.upper(), value.lower()):
            if other != value and other in kept:
                return other, "letter case"
        twin = lookups.padded_twin(value, kept.__contains__)
        return (twin, "leading zeros") if twin else None

    def follows_target(self, table: str) -> str | None:
        """The column of the table's records that names a record of the table whose rows may be
        left out (an enrolment's class), or None: `follow_on` has nothing to find."""
        rows = self.left_out_rows
        if rows is None:
            return None
        return next((c for c, target in self.target.references.get(table, ()) if target == rows.table), None)

    def left_out_record(self, value: str) -> bool:
        """Whether `value` names a record an export listed and the run left out (a class of another
        term), as `report_missing` tells a follow-on from a missing record."""
        rows = self.left_out_rows
        return (
            rows is not None
            and bool(value)
            and value not in self.kept.get(rows.table, frozenset())
            and value in rows.in_export
        )

    def follow_on(self, draft: Draft) -> bool:
        """For a record whose row a condition leaves out (mapping.interpret_row): when it names a
        record left out (an enrolment of next semester in a class of next semester), it follows
        that record, reported as the record's own reference would be (V503), and True. Nothing
        else about the record is checked: it is left out either way."""
        column = self.follows_target(draft.table)
        if column is None:
            return False
        values = dict(draft.values)
        _fill(values, self._rules.get(draft.table, _NO_RULES))
        if not self.left_out_record(values.get(column, "")):
            return False
        assert self.left_out_rows is not None
        completed = Draft(draft.table, values, draft.origin, draft.rule, draft.extra)
        self.report_missing(completed, column, self.left_out_rows.table, admitted=False)
        return True

    def count_classes(self, user: str, count: int) -> None:
        """`count` more kept enrolments of this user (`_remember`, for many at once)."""
        self._classes_of.add_many(user, count)

    def register_first(self, key: str, line: int, values: dict[str, str], table: str, file: str = "") -> None:
        """Note a record kept without `validate` as the first of its sourcedId, as `_first_time`
        does (and an enrolment as the first of its user in its class, as `_first_pair` does)."""
        line_code = self._line_code(table, file, line)
        self._first_map(table).setdefault(key, line_code << _FINGERPRINT_BITS | record_fingerprint(values))
        class_id, user = values.get("classSourcedId", ""), values.get("userSourcedId", "")
        if table == "enrollments" and class_id and user:
            h = pair_hash(class_id, user)
            if self._pairs.get_hash(h) is None:
                self._keep_pair(h, key, line)

    def _class_moved(self, key: str, school: str) -> bool:
        """A class listed again at another school: that school's enrolments in it follow the
        row left out, not the class kept (issue 17: a section ID in two schools). False: the
        row is at the kept class's school."""
        number = self._class_schools.get_hash(id_hash(key))
        kept = next((s for s, n in self._schools.items() if n == number), "")
        if kept and school and school != kept:
            self._moved.setdefault(key, {})[school] = kept
            return True
        return False


def pair_hash(class_id: str, user: str) -> int:
    """An enrolment's (class, user) as a CompactMap key: a nonzero 64-bit hash."""
    return hash((class_id, user)) or 1


def _unless_elsewhere(
    passes: Callable[[tuple[str, ...], int, int], bool],
    school_of: Callable[[str], str] | None,
    class_at: int,
    school_at: int,
) -> Callable[[tuple[str, ...], int, int], bool]:
    """`passes`, but False for an enrolment at another school than its class's: `late_checks`
    writes it at the class's and says it at its export row (V538)."""
    if school_of is None:
        return passes

    def checked(row: tuple[str, ...], line: int, fingerprint: int) -> bool:
        if row[class_at] and school_of(row[class_at]) not in ("", row[school_at]):
            return False
        return passes(row, line, fingerprint)

    return checked


def _row_pair(row: tuple[str, ...], class_at: int, user_at: int) -> int:
    """`pair_hash` of an output row's class and user; 0 when it has no class or user column or value."""
    if class_at < 0 or not row[class_at] or not row[user_at]:
        return 0
    return pair_hash(row[class_at], row[user_at])


def _course_hash(values: dict[str, str]) -> int:
    """A non-negative hash of which section a class is: its course and its section number
    (classCode), not its title, periods, room or terms, which rows of one section meeting in
    two periods may differ in (CompactMap values are non-negative)."""
    return hash((values.get("courseSourcedId", ""), values.get("classCode", ""))) & _NAME_BITS


def _full_name(values: dict[str, str]) -> str:
    return " ".join(v for v in (values.get("givenName", ""), values.get("familyName", "")) if v) or "no name"


def _name_hash(values: dict[str, str]) -> int:
    """A non-negative hash of a record's given and family names, as `identity.plain` reads them."""
    return hash(plain(values.get("givenName", "")) + "\x1f" + plain(values.get("familyName", ""))) & _NAME_BITS


_NAME_BITS = (1 << 62) - 1


def _unless_waiting(
    passes: Callable[[tuple[str, ...], int, int], bool], waiting: Container[str], user_at: int
) -> Callable[[tuple[str, ...], int, int], bool]:
    """`passes`, except for an enrolment of a student whose transfer waits (F430) or who left
    a school (F431): `late_checks` reports those."""
    if not waiting or user_at < 0:
        return passes

    def unless_waiting(row: tuple[str, ...], line: int, fingerprint: int) -> bool:
        return row[user_at] not in waiting and passes(row, line, fingerprint)

    return unless_waiting


def record_fingerprint(values: dict[str, str], *, table: str = "") -> int:
    """What tells a repeated record from a conflicting one, whatever the column order. A
    student's guardians are given to the first row of their ID only (GuardianBook.link_students),
    so a row listed twice would differ in them alone: they are not part of a user's fingerprint."""
    items = frozenset(values.items())
    if table == "users" and "agentSourcedIds" in values:
        items -= {("agentSourcedIds", values["agentSourcedIds"])}
    return hash(items) & _FINGERPRINT


def unique_titles(
    drafts: list[Draft], report: Report, place: Callable[[Draft, str], Where] | None = None
) -> list[Draft]:
    """Titles of at most 255 characters, unique within a school: classes sharing one get their
    section code, then their periods, then their sourcedId added, in that order. `place`: where
    a record's title was read (Validator.place: the export's columns), else its row."""
    where = place or (lambda draft, column: Where(draft.origin.file, draft.origin.line, column))
    for draft in drafts:
        title = draft.values.get("title", "")
        if len(title) > TITLE_MAX:
            report.add(
                codes.code("title-truncated"),
                where(draft, "title"),
                length=len(title),
                limit=TITLE_MAX,
            )
            draft.values["title"] = title[:TITLE_MAX].rstrip()
    original = {id(d): d.values.get("title", "") for d in drafts}
    for column, label in (("classCode", "Section"), ("periods", "Period"), ("sourcedId", "ID")):
        clashes = _clashing(drafts)
        if not clashes:
            break
        for group in clashes:
            for draft in group:
                extra = draft.values.get(column, "")
                if extra:
                    suffix = f" ({label} {extra})"
                    draft.values["title"] = draft.values["title"][: TITLE_MAX - len(suffix)].rstrip() + suffix
    for group in _groups(drafts, key=lambda d: original[id(d)]):
        if len(group) > 1:
            for draft in group:
                report.add(
                    codes.code("title-disambiguated"),
                    where(draft, "title"),
                    count=len(group),
                    school=draft.values.get("schoolSourcedId", ""),
                    value=original[id(draft)],
                    title=draft.values["title"],
                )
    return drafts


def _clashing(drafts: list[Draft]) -> list[list[Draft]]:
    return [g for g in _groups(drafts, key=lambda d: d.values.get("title", "")) if len(g) > 1]


def _groups(drafts: list[Draft], *, key: Callable[[Draft], str]) -> list[list[Draft]]:
    grouped: dict[tuple[str, str], list[Draft]] = {}
    for draft in drafts:
        grouped.setdefault((draft.values.get("schoolSourcedId", ""), key(draft).casefold()), []).append(draft)
    return list(grouped.values())


def _line_past_limit(
    enrollments: Callable[[], Iterable[tuple[str, str]]], users: dict[str, list[str]]
) -> dict[str, int]:
    """The line of enrollments.csv whose class took each user past Remind's limit, counting the
    classes of the users listed for them (a parent: their children's, united). A written row is
    one line (a cell holding a line break is V523's)."""
    if not users:
        return {}
    whose: dict[str, list[str]] = {}
    for user, counted in users.items():
        for one in counted:
            whose.setdefault(one, []).append(user)
    classes: dict[str, set[str]] = {user: set() for user in users}
    found: dict[str, int] = {}
    for line, (user, class_id) in enumerate(enrollments(), 2):
        for owner in whose.get(user, ()):
            seen = classes[owner]
            if class_id not in seen:
                seen.add(class_id)
                if len(seen) == CLASSES_PER_USER_MAX + 1:
                    found[owner] = line
    return found
