"""Turn a checked profile into a Plan: regexes compiled, cleaners bound, templates parsed.

Everything here happens once per run; rows only ever call what the Plan holds.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from transform import cleaners
from transform.cleaners import dates, school_year
from transform.cleaners.base import Cleaner, CleanerSettings
from transform.cleaners.dates import DATE_OPTIONS, make_parser
from transform.cleaners.ids import guard_id, guard_user_ids, id_list_guard
from transform.cleaners.school_year import NORTHERN, SchoolYear
from transform.oneroster.spec import FORM_CLEANERS, Target, is_id_column
from transform.profile import point_owners, templates
from transform.profile.templates import FieldRef, FirstOf, Part, fields
from transform.report import codes
from transform.report.codes import Code

CLASS_TABLE = "classes"  # the table the term and exclusion filters apply to


@dataclass(frozen=True, slots=True)
class SourcePlan:
    name: str
    patterns: tuple[str, ...]
    required: bool
    delimiter: str  # "auto" or the character
    encoding: str  # "auto", "utf-8" or "cp1252"
    columns: tuple[str, ...]  # must be present
    optional: tuple[str, ...]
    aliases: dict[str, str]  # normalized other spelling -> normalized column
    record_terminator: str = ""  # ends every record; no quoting (eSchoolPLUS '#!#')
    header_prefix: re.Pattern[str] | None = None  # stripped from header cells ('01 Student ID')
    # The columns (normalized) a rule reading this source makes a record's sourcedId of, first
    # rule first: a message about a row (I209) names the record by them.
    id_columns: tuple[str, ...] = ()
    nightly: bool | None = None  # written every night (freshness.check_siblings); None: as its rules say
    # lists people from their first day only: those scheduled ahead with undated rows are not X722's (new_tail)
    leaves_out_preregistered: bool = False
    # null_marker_text: the columns whose NULL is a value, not SQL's marker (pipeline.sql_nulls, I227), as the
    # profile writes them: matched as header cells are (read.column_key: aliases, a 'STU.' prefix, header_prefix)
    null_text: tuple[str, ...] = ()
    # statuses: normalized column (an alias read as its column) -> the values its SIS writes for a student who
    # left and for one who is here (pipeline.leaver_values, P131 and P118: codes are no words)
    statuses: dict[str, StatusValues] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatusValues:
    """A status column's values as a profile declares them (`sources.NAME.statuses`), trimmed and casefolded."""

    left: frozenset[str] = frozenset()
    active: frozenset[str] = frozenset()


# The joined source's key part a `pick: {year}` join adds: a row's school year, from its first day
# (not a column of any export: no header normalizes to it).
SCHOOL_YEAR_PART = "\x00school year"
# That part's value for a row naming no school year (its column blank or absent): it joins the
# row its dates pick among every year's.
ANY_YEAR = "*"


@dataclass(frozen=True, slots=True)
class PickPlan:
    """`pick:` of a join: rows of the source sharing a key (a term code each school year) are
    told apart by their dates, normalized columns of the joined source."""

    start: str
    end: str
    by_year: bool = False  # the key has a SCHOOL_YEAR_PART: the row's year, written 2026-2027
    year_starts: bool = False  # `lone_year: start`: a lone year (2026) is the one the school year starts in
    years: SchoolYear = NORTHERN  # the district's school year: a row's year from its first day


@dataclass(frozen=True, slots=True)
class JoinPlan:
    alias: str
    source: str
    local: tuple[FieldRef, ...]  # this row's key fields
    remote: tuple[str, ...]  # the joined source's key columns, normalized
    required: bool
    split: str = ""  # the (single) key cell is a list: match each item
    # `dangling: drop` on an optional join: a key naming no row of a source that has rows
    # leaves the row out (D300) rather than joining nothing (a class's term ID not in the
    # terms export is a broken reference, not a term without dates)
    drop_dangling: bool = False
    # `repeats: same`: the source lists a key on several rows by design (a student once per
    # enrolment or school): rows agreeing on what is read join as one, with no D314
    repeats_same: bool = False
    pick: PickPlan | None = None
    # `unnamed:` what a row of the joined source lacks when no row of this rule's source names
    # it (a OneRoster 1.2 person: "has no role in roles.csv"): each such row is reported (F433)
    unnamed: str = ""
    # `ignore_case: true`: a key the source has only in other letter case joins its row (an email
    # address: PARENT0@EXAMPLE.COM is parent0@example.com), said as a repair (D331), not D386
    ignore_case: bool = False

    @property
    def index_key(self) -> tuple[str, tuple[str, ...]]:
        return self.source, self.remote


@dataclass(frozen=True, slots=True)
class MapPlan:
    name: str
    values: dict[str, str]  # casefolded, trimmed keys
    unmapped: str  # default | keep | blank | drop
    default: str
    reason: Code | None
    report: bool = True
    because: str = ""  # the drop reason in the profile's own words (profile-reason)
    split: str = ""  # the target's: a cell read through this map lists values separated by it


@dataclass(frozen=True, slots=True)
class DateReading:
    """How a date is read where the text alone does not say (03/04/2026): in these formats first,
    day first or not."""

    formats: tuple[str, ...]
    day_first: bool
    by_formats: bool = True  # the formats decide the day/month order (cleaners.dates.reading)
    # What decides that order, in the profile's words, and where (dates.order_decided): for D350.
    decided: str = field(default="", compare=False)
    decided_in: str = field(default="settings", compare=False)
    # The date cleaner that reads so (`birth_date`, `date`), where a column's does: D350 names it in its advice.
    cleaner: str = ""


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    name: str
    parts: tuple[Part, ...] = ()  # a template
    first_of: tuple[FieldRef, ...] = ()  # column: [A, B] -> first non-empty
    fixed: str | None = None  # value: or setting:
    map: MapPlan | None = None
    cleaners: tuple[tuple[str, Cleaner], ...] = ()
    # used when the value comes out empty: templates tried in order, the first the cleaners keep
    fallback: tuple[tuple[Part, ...], ...] = ()
    default: str = ""  # a fixed value for an empty one, not reported
    split: str = ""  # the cell lists values separated by this: the map applies to each
    span: tuple[FieldRef, ...] = ()  # (low, high): every step between them, a list (split ",")
    steps: tuple[str, ...] = ()  # a span's values in order, when they are not whole numbers
    date_readings: tuple[DateReading, ...] = ()  # its date cleaners' (the column is read as dates)
    when: ConditionPlan | None = None  # the row's value is used only when this passes (else empty)
    # An ID built by a template of several parts: the placeholders that may not come out empty
    # (`{School ID}-{Section Number}` giving `100-` is another record's ID too): the row is
    # left out (D363), unless the profile lists the placeholder in `allow_empty`.
    whole: tuple[FieldRef | FirstOf, ...] = ()
    # The joined columns (as `alias.Column`) whose cells another rule of the table reads from its
    # own rows into this column, cleaned alike (a parent's language joined from the students
    # export the students rule reads): that rule reports a cell's problems where the cell is,
    # so a value read from them here reports none again.
    echoed: frozenset[str] = frozenset()

    @property
    def fallback_parts(self) -> tuple[Part, ...]:
        """Every part of every fallback template (the cells they read)."""
        return tuple(part for template in self.fallback for part in template)

    @property
    def literal(self) -> str | None:
        """The value the profile writes on every row, whatever form it takes: a plain text
        (`role: teacher`, parsed as a template of no placeholder), `{template: teacher}`,
        `{value: teacher}` or `{setting: NAME}` (`fixed`); before its map and cleaners. None when a
        row's cell, a span, a map or a `when` decides it (review127 R7: a literal role read from
        `fixed` alone missed the plain form every bundled profile writes)."""
        if self.first_of or self.span or self.map is not None or self.when is not None:
            return None
        if self.fixed is not None:
            return self.fixed
        if self.parts and all(isinstance(part, str) for part in self.parts):
            return "".join(str(part) for part in self.parts).strip()
        return None


@dataclass(frozen=True, slots=True)
class ConditionPlan:
    name: str
    parts: tuple[Part, ...]
    op: str
    value: Any
    allow_empty: bool
    reason: Code
    text: str  # how the report describes it
    routes: bool = False  # another rule takes the rows failing it: not reported
    because: str = ""  # the drop reason in the profile's own words (profile-reason)
    keep_invalid_date: bool = False  # a date op's field that is no date passes (reported), not drops
    optional: bool = False  # its columns may be absent: every row passes, a note (I244), not I260
    # A date condition's own `day_first:` (its column written in another order than the settings
    # say): how it reads its dates, and the parser; None: the settings' (Plan.parse_date).
    reading: DateReading | None = None
    parse_date: Callable[[str], dt.date | None] | None = field(default=None, compare=False)
    # A users row failing it is kept when a current enrolment names its record (Plan.enrolled):
    # OneRoster's enabledUser false is a withdrawn student with no class, or a child with no login in hers.
    unless_enrolled: bool = False
    # The records' roles kept whatever it says (`unless_roles`): an administrator has no enrolment to tell.
    unless_roles: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class GuardianPlan:
    student: ColumnPlan  # the linked student's sourcedId
    contact: ColumnPlan | None  # the SIS contact ID: one person across rows and students
    household: tuple[Part, ...]
    id_scheme: str  # derived | contact | student-prefix
    prefix: str
    link_where: tuple[ConditionPlan, ...]
    student_separator: str = ""  # the student cell lists several students
    role_rows: bool = False  # each row is one role: a row failing `where` leaves out that role, not the person
    # What the export says of a row's phone: a mobile (kept as `phone` before any other number
    # of the person) or a landline (a person whose only numbers are landlines and who has no
    # email or sms is reported, V595). A row passing neither says nothing.
    phone_mobile: ConditionPlan | None = None
    phone_landline: ConditionPlan | None = None
    # A contact point of an `each` group read from a column another group reads for one (P115):
    # a run that finds both people of most rows given one value refuses (I286, pipeline.derive).
    shared_points: tuple[SharedPoint, ...] = ()
    # The SIS's own relationship codes (guardian.relationship_codes), case folded: a parent's or
    # guardian's, and a contact's who is neither (pipeline.guardian_words: V559, V562).
    parent_codes: frozenset[str] = frozenset()
    not_guardian_codes: frozenset[str] = frozenset()

    @property
    def phone_kinds(self) -> tuple[ConditionPlan, ...]:
        return tuple(c for c in (self.phone_mobile, self.phone_landline) if c is not None)


def _codes(guardian: dict[str, Any], kind: str) -> frozenset[str]:
    listed = (guardian.get("relationship_codes") or {}).get(kind) or ()
    return frozenset(" ".join(str(code).split()).casefold() for code in listed)


@dataclass(frozen=True, slots=True)
class SharedPoint:
    """`field` of `each` group number `group` reads `columns`, as `other_field` of the earlier
    group `other` does."""

    field: str
    group: int
    other_field: str
    other: int
    group_name: str
    other_name: str
    columns: str  # as written in the profile
    path: str  # the profile key: tables.users.<rule>.each.<group>.<field>


POINT_FIELDS = ("email", "phone", "sms")  # a guardian's contact points


def shared_points(
    table: str, rule: str, groups: tuple[tuple[str, tuple[ColumnPlan, ...]], ...]
) -> tuple[SharedPoint, ...]:
    """Each contact point of a group reading a column an earlier group reads for one (P115, I286)."""
    reads = [{c.name: _column_reads(c) for c in columns if c.name in POINT_FIELDS} for _, columns in groups]
    marked = point_owners.marks([(name, name_columns(columns)) for name, columns in groups])
    found: list[SharedPoint] = []
    for at in range(len(groups)):
        for field_name, mine in reads[at].items():
            hit = read_before(reads, at, mine)
            if hit is not None:
                other, other_field, theirs = hit
                shared = sorted(mine[k] for k in mine.keys() & theirs.keys())
                point = (field_name, at, other_field, other)
                if owned_by(shared, marked) == at:  # the earlier group reads the later one's column
                    point = (other_field, other, field_name, at)
                path = f"tables.{table}.{rule}.each.{groups[point[1]][0]}.{point[0]}"
                found.append(SharedPoint(*point, groups[point[1]][0], groups[point[3]][0], ", ".join(shared), path))
    return tuple(found)


def name_columns(columns: tuple[ColumnPlan, ...]) -> list[str]:
    """The export columns, as written, an each group's names are read from."""
    return [written for c in columns if c.name in NAME_FIELDS for written in _column_reads(c).values()]


NAME_FIELDS = ("givenName", "familyName")


def owned_by(columns: list[str], marked: list[frozenset[str]]) -> int | None:
    """The one group whose name every column of `columns` bears (point_owners), if any."""
    owners = {point_owners.owner(column, marked) for column in columns}
    return owners.pop() if len(owners) == 1 else None


def read_before(
    reads: list[dict[str, dict[str, str]]], at: int, mine: dict[str, str]
) -> tuple[int, str, dict[str, str]] | None:
    """The first group before `at` (its number, the field, the columns it reads) whose contact
    point reads a column of `mine`'s (`reads`: each group's fields' columns, as compared)."""
    return next(
        (
            (other, other_field, theirs)
            for other in range(at)
            for other_field, theirs in reads[other].items()
            if mine.keys() & theirs.keys()
        ),
        None,
    )


def _column_reads(column: ColumnPlan) -> dict[str, str]:
    """The export columns a column plan reads (its template, its columns, its fallbacks): as
    compared, and as written."""
    refs = [*templates.fields(column.parts), *column.first_of]
    refs += [ref for parts in column.fallback for ref in templates.fields(parts)]
    return {
        (f"{ref.alias.casefold()}.{ref.key}" if ref.alias else ref.key): str(ref)
        for ref in refs
        if ref.alias != templates.SETTINGS_ALIAS
    }


@dataclass(frozen=True, slots=True)
class RulePlan:
    table: str
    name: str
    source: str
    joins: dict[str, JoinPlan]
    where: tuple[ConditionPlan, ...]
    columns: tuple[ColumnPlan, ...]
    combine_lists: tuple[str, ...] | None
    groups: tuple[tuple[str, tuple[ColumnPlan, ...]], ...] = ()  # each: several records per row
    guardian: GuardianPlan | None = None
    unless_source: str | None = None
    once: bool = False  # one record from fixed values, read from no export (source is "")
    # Per `each` group, the cells that say whether the row has that group at all (a second
    # teacher): those it reads that the rule's columns and every other group do not read too.
    group_cells: tuple[tuple[FieldRef, ...], ...] = ()
    # An enrolment rule's start and end conditions (positions in `where`): a row one of them
    # leaves out whose start is after its end has its dates reversed (D376), not ended.
    span: tuple[int, int] | None = None
    # A users rule's `primary_role`: what a row passing it says is the person's primary role (OneRoster
    # 1.2's roleType primary), by which a person with a student and a staff role is one of them (V569).
    primary_role: ConditionPlan | None = None
    # A users rule's `other_ids`: the export's columns holding another ID of the person (PowerSchool's
    # ID and DCID beside Student_Number), normalized: links by them are refused (links_other_ids, X817).
    other_ids: tuple[str, ...] = ()
    # A classes rule's `one_row_per_class`: its export lists each class once, its co-teachers in its
    # own columns; a later row naming other teachers is a conflict (pipeline.section_teachers, X850).
    one_row_per_class: bool = False

    @property
    def label(self) -> str:
        return f"{self.table}.{self.name}"


DEFAULT_WINDOW_DAYS = 21  # filters.current_term.window_days, and `as_of+window` in a condition


@dataclass(frozen=True, slots=True)
class TermFilterPlan:
    start: tuple[Part, ...]
    end: tuple[Part, ...]
    name: tuple[Part, ...]
    abbreviation: tuple[Part, ...]
    window_days: int
    year_long_days: int
    selected: frozenset[str]  # --term names (casefolded); empty = choose by date
    keep_undated: bool = False  # a class with no term dates at all is current
    named: tuple[str, ...] = ()  # --term names as typed, for messages
    term_ids: tuple[Part, ...] = ()  # the class's term IDs: naming terms none of which has dates is refused
    school_year: tuple[Part, ...] = ()  # the term's school year: an undated term of another year is not current
    # Its own `day_first:` (the terms export written in another order than the settings say): how
    # it reads the term dates, and the parser; None: the settings' (Plan.parse_date).
    reading: DateReading | None = None
    parse_date: Callable[[str], dt.date | None] | None = field(default=None, compare=False)
    years: SchoolYear = NORTHERN  # the district's school year (settings.school_year_starts)


@dataclass(frozen=True, slots=True)
class ExcludePlan:
    fields: tuple[tuple[str, tuple[Part, ...]], ...]  # (as written, parsed)
    patterns: tuple[tuple[str, re.Pattern[str]], ...]  # (name, regex)
    flags: tuple[tuple[str, tuple[Part, ...]], ...]  # (name, template)
    keep_field: tuple[Part, ...]
    keep_values: frozenset[str]
    # Where each pattern is switched on, by name (the ways to switch it off differ: dated60 R1), each place
    # it is: "patterns" (filters.exclude_classes.patterns), "use" (a name of available: under use:),
    # "--exclude" (a name of available: on the command line), "--exclude-class" (a pattern on the command
    # line); each flag's template as written (filters.exclude_classes.flags: the SIS column that sets it)
    places: tuple[tuple[str, tuple[str, ...]], ...] = ()
    flag_columns: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Choices:
    """What the person running the tool chose on the command line."""

    as_of: dt.date
    exclude_classes: tuple[str, ...] = ()  # extra patterns
    exclude_named: tuple[str, ...] = ()  # names from exclude_classes.available to switch on
    terms: tuple[str, ...] = ()  # select terms by name instead of by date
    schools: tuple[str, ...] = ()  # rostered schools (overrides settings.schools)
    users_only: bool = False


@dataclass(frozen=True, slots=True)
class FormatPlan:
    """A kind of export set a profile reads, and how a folder shows it (pipeline.recognise)."""

    name: str  # e.g. "OneRoster 1.2"
    manifest_file: str = ""  # decisive: this propertyName,value file ...
    manifest_property: str = ""  # ... names one of these values under this property
    manifest_values: tuple[str, ...] = ()
    header_file: str = ""  # a hint: this file's header holds all these columns
    header_columns: tuple[str, ...] = ()


def compile_formats(data: dict[str, Any]) -> tuple[FormatPlan, ...]:
    """The `formats:` of a profile's (merged or own) data."""
    formats = []
    for spec in data.get("formats") or ():
        manifest, header = spec.get("manifest") or {}, spec.get("header") or {}
        formats.append(
            FormatPlan(
                name=spec["name"],
                manifest_file=(manifest.get("file") or "manifest.csv") if manifest else "",
                manifest_property=manifest.get("property", ""),
                manifest_values=tuple(str(v).strip() for v in manifest.get("values") or ()),
                header_file=header.get("file", ""),
                header_columns=tuple(header.get("columns") or ()),
            )
        )
    return tuple(formats)


# The date operators that keep a row whose date is on or before the value (a start: "has started
# by then"); the others keep one after it (an end: "has not ended by then").
STARTED_BY = frozenset({"date_le", "date_lt"})


class TermReach:
    """How far --term moves the date the `as_of` conditions compare with, set before the users
    are read from the classes' rows (pipeline.run.Run.reach_for_users: a student entering with the
    chosen term is judged as her enrolments are), and again by the term filter once it has chosen
    the terms (pipeline.filters.select_terms), before any enrolment is read.

    --term may choose a term that starts after the as-of date (the spring semester rostered before
    the winter break): judged on the as-of date, every enrolment of it would not have started yet
    (F426) and its classes would be empty (tester45 F2). So a condition that keeps rows started by
    its date (`date_le`, `date_lt`) compares with the latest first day of the chosen terms, and one
    that keeps rows not ended by it (`date_gt`, `date_ge`) with the earliest: a row is rostered
    when it runs at some time from the first chosen term's first day to the last one's (and its
    window). Never before the as-of date: a chosen term already running is judged as every night
    is, and a night without --term is not touched.

    And the days a student's enrolment in a class is judged on (`classes`): of the judged days
    (`days`: the as-of date and the first day of each chosen term starting after it), those within
    the span of the class's chosen terms (a running year-long class: tonight and the spring
    semester's first day; a Q3 class: Q3's first day). She is in the class when she is at school
    on one of them and her enrolment row is current on it (pipeline.judged_days, X847): judged
    from the first chosen day to the last, a student leaving on 15 January was published in the
    Q3 class starting on 19 January at exit 0 (reviewer103 R5), and one judged on tonight alone
    lost the year-long classes she enters on 19 January (reviewer116 R4)."""

    __slots__ = ("classes", "days", "first", "last", "terms")

    def __init__(self) -> None:
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        self.terms = ""  # the chosen terms that start after the as-of date, for messages
        self.days: frozenset[dt.date] = frozenset()  # the judged days, when a chosen term starts later
        self.classes: dict[str, frozenset[dt.date]] = {}  # class -> its judged days, likewise

    def set(self, chosen: Mapping[str, Iterable[tuple[dt.date, dt.date, str]]], as_of: dt.date) -> None:
        """From the first and last days (and names) of each class's chosen terms."""
        spans = {class_id: list(terms) for class_id, terms in chosen.items()}
        starts = [(start, name) for terms in spans.values() for start, _, name in terms]
        ahead = sorted((start, name) for start, name in starts if start > as_of)
        self.first = min(start for start, _ in starts) if ahead else None
        self.last = ahead[-1][0] if ahead else None
        self.terms = ", ".join(dict.fromkeys(name for _, name in ahead))
        self.days = frozenset({as_of, *(start for start, _ in ahead)}) if ahead else frozenset()
        self.classes = {}
        for class_id, terms in spans.items():
            begins, ends = min(t[0] for t in terms), max(t[1] for t in terms)
            if on := frozenset(day for day in self.days if begins <= day <= ends):
                self.classes[class_id] = on

    @classmethod
    def pinned(cls, day: dt.date) -> TermReach:
        """A reach judging every `as_of` condition on `day` (one of a class's days)."""
        reach = cls()
        reach.first = reach.last = day
        return reach

    def date(self, op: str, as_of: dt.date) -> dt.date:
        """The date a condition of `op` with an `as_of` value compares with, before its days."""
        moved = self.last if op in STARTED_BY else self.first
        return as_of if moved is None or moved < as_of else moved


@dataclass(frozen=True, slots=True)
class EnrolledUsers:
    """The users the enrolment rows name, by what those rows say tonight (pipeline.enrolled_now)."""

    current: frozenset[str] = frozenset()  # a row the set publishes: its conditions keep it, in a class kept
    upcoming: frozenset[str] = frozenset()  # a row not started yet, or in a class of a later term
    over: frozenset[str] = frozenset()  # a row ended, dropped, or in a class of an ended term or year


class Enrolled:
    """The users a current enrolment names: the userSourcedId of each enrolment row the
    enrolments rules' own conditions keep (not dropped, not ended, started) in a class the set
    keeps; and those an upcoming one names, and those only rows that are over name. Read by a
    users condition that says `unless_enrolled` for a row failing it, once, on the first such row
    (a run with none reads no enrolment twice): the run says how (`reads`). And, judged once per
    rule on that row too, the schools where the rule's condition fails for nearly every enrolled
    person (`no_login`): there it means no login, not left."""

    __slots__ = ("_find", "_judge", "_no_login", "_users")

    def __init__(self) -> None:
        self._find: Callable[[], EnrolledUsers] | None = None
        self._users: EnrolledUsers | None = None
        self._judge: Callable[[str], frozenset[str]] | None = None
        self._no_login: dict[str, frozenset[str]] = {}

    def reads(self, find: Callable[[], EnrolledUsers], judge: Callable[[str], frozenset[str]] | None = None) -> None:
        self._find, self._users, self._judge, self._no_login = find, None, judge, {}

    @property
    def users(self) -> EnrolledUsers:
        if self._users is None:
            self._users = self._find() if self._find is not None else EnrolledUsers()
        return self._users

    def __contains__(self, user: object) -> bool:
        return user in self.users.current

    def upcoming(self, user: str) -> bool:
        return user in self.users.upcoming

    def ended(self, user: str) -> bool:
        """Whether a row naming the user is over (ended, dropped, of an ended term's class)."""
        return user in self.users.over

    def over_only(self, user: str) -> bool:
        """Whether rows name the user and every one of them is over: one who left, whatever else says."""
        found = self.users
        return user in found.over and user not in found.current and user not in found.upcoming

    def no_login(self, rule: str) -> frozenset[str]:
        """The schools where the rule's `unless_enrolled` condition says no login, not left."""
        if rule not in self._no_login:
            self._no_login[rule] = frozenset()  # judged once, the judging's own reads included
            self._no_login[rule] = self._judge(rule) if self._judge is not None else frozenset()
        return self._no_login[rule]


@dataclass(frozen=True, slots=True)
class Plan:
    name: str
    title: str
    settings: dict[str, Any]
    sources: dict[str, SourcePlan]
    rules: dict[str, tuple[RulePlan, ...]]
    current_term: TermFilterPlan | None
    exclude: ExcludePlan | None
    target: Target
    as_of: dt.date
    parse_date: Callable[[str], dt.date | None]
    drop_empty_classes: bool = True
    schools: frozenset[str] = frozenset()  # rostered schools; empty = all
    schools_from: str = "--school"  # what chose them: --school or settings.schools
    excluded_schools: frozenset[str] = frozenset()  # never rostered (settings.exclude_schools)
    # Of them, those the district's own profile files write, with where (pipeline.excluded_schools).
    excluded_own: Mapping[str, str] = field(default_factory=dict)
    users_only: bool = False
    district_at: str = ""  # where the profile sets settings.district_id (file:line:col), for messages
    # (source, remote key) -> the joined source's columns that some rule reads through it
    join_needs: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = field(default_factory=dict)
    # the join indexes every join of which says `repeats: same`: a key repeated with the same
    # values is not reported (D314)
    join_repeats: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    # The sources and keys every join on which is `required: false` and keeps a dangling row: a key
    # no row joins on leaves no row out, only the joined values blank (D327 says which).
    join_optional: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    # The sources and keys whose joins say `pick:`: rows sharing a key are told apart by dates.
    join_picks: dict[tuple[str, tuple[str, ...]], PickPlan] = field(default_factory=dict)
    formats: tuple[FormatPlan, ...] = ()  # the kinds of export set the profile reads
    # source -> normalized column -> how its dates are read, for every column read as dates
    # (cleaners, date conditions, the term filter): pipeline.date_order checks their order.
    date_columns: dict[str, dict[str, frozenset[DateReading]]] = field(default_factory=dict)
    # (rule label, column) -> where the profile writes that column (file:line:col), for the
    # messages naming the profile line of a column the exports prove wrong (X987); set by api.
    columns_at: dict[tuple[str, str], str] = field(default_factory=dict)
    # (rule label, list join alias) -> the profile's spec of each column reading the join's key cell,
    # as a flow mapping without its split (I232's fix names them: set by api, review170 R2).
    key_readers: dict[tuple[str, str], dict[str, dict[str, Any]]] = field(default_factory=dict)
    # source -> normalized column -> who reads it as dates (`_date_parts`): D350's advice.
    date_readers: dict[str, dict[str, frozenset[tuple[str, str]]]] = field(default_factory=dict)
    # How far --term moves the `as_of` of the date conditions (set by the term filter).
    reach: TermReach = field(default_factory=TermReach, compare=False)
    # The users a current enrolment names, for the conditions that say unless_enrolled (set by the run).
    enrolled: Enrolled = field(default_factory=Enrolled, compare=False)
    # When the district's school year starts (settings.school_year_starts; July unless it says).
    school_years: SchoolYear = NORTHERN
    # The classes of an ended term kept over a break, as the last published set held them
    # (pipeline.break_kept): the term filter keeps them tonight; empty on every other night.
    kept_over_break: frozenset[str] = frozenset()

    def parse_term_date(self, text: str) -> dt.date | None:
        """A term date the term filter reads (`start`, `end`): in its own order when it has one."""
        term = self.current_term
        parse = term.parse_date if term is not None and term.parse_date is not None else self.parse_date
        return parse(text)

    def pick_parse_date(self, source: str, key: tuple[str, ...]) -> Callable[[str], dt.date | None]:
        """How a join's `pick:` reads its rows' dates (its start and end columns of `source`): in
        the order the profile gives those columns where it reads them (`own_reading`: the sessions'
        startDate with `clean: [{date: {day_first: true}}]`, the term filter's day_first), else
        the settings'. A pick has no order of its own to say: it follows its columns."""
        pick = self.join_picks.get((source, key))
        reading = None if pick is None else own_reading(self, ((source, pick.start), (source, pick.end)))
        if reading is None:
            return self.parse_date
        year = self.as_of.year
        return make_parser(reading.formats, day_first=reading.day_first, pivot_year=year, by_formats=reading.by_formats)

    def parse_condition_date(self, cond: ConditionPlan, text: str) -> dt.date | None:
        """A date condition's date: in its own order when it has one, else the settings'."""
        return (cond.parse_date or self.parse_date)(text)

    def judged_on(self, cond: ConditionPlan) -> dt.date:
        """The date a date condition's `as_of` value stands for: the as-of date, or the first day
        of the terms --term chose when they start after it (TermReach)."""
        return self.reach.date(cond.op, self.as_of)

    def judged_said(self, cond: ConditionPlan) -> str:
        """`judged_on` as a report says it: the date, and why when --term moved it."""
        on = self.judged_on(cond)
        if on == self.as_of:
            return on.isoformat()
        when = "every term --term chose has begun" if cond.op in STARTED_BY else "the first term --term chose begins"
        return f"{on.isoformat()} (when {when}: {self.reach.terms}; the as-of date is {self.as_of})"

    def filter_templates(self, table: str) -> dict[str, tuple[Part, ...]]:
        """What the class filters read from each row, rendered by the mapping stage."""
        if table != CLASS_TABLE:
            return {}
        wanted: dict[str, tuple[Part, ...]] = {}
        if self.current_term:
            wanted.update(
                term_start=self.current_term.start, term_end=self.current_term.end, term_name=self.current_term.name
            )
            wanted["term_abbreviation"] = self.current_term.abbreviation
            if self.current_term.term_ids:
                wanted["term_ids"] = self.current_term.term_ids
            if self.current_term.school_year:
                wanted["term_year"] = self.current_term.school_year
        if self.exclude:
            for i, (_, parts) in enumerate(self.exclude.fields):
                wanted[f"exclude:{i}"] = parts
            for name, parts in self.exclude.flags:
                wanted[f"flag:{name}"] = parts
            wanted["keep"] = self.exclude.keep_field
        return wanted

    def term_joins(self, rule: RulePlan) -> frozenset[str]:
        """The joins of a classes rule that read the terms export: those whose columns the term
        filter's dates read (`{term.FirstDay}`). A row such a join misses is a class whose term
        the terms export does not have (pipeline.school_classes, X943)."""
        if rule.table != CLASS_TABLE or self.current_term is None:
            return frozenset()
        dates = (*self.current_term.start, *self.current_term.end)
        return frozenset(p.alias for p in fields(dates) if p.alias in rule.joins)


def compile_plan(data: dict[str, Any], *, target: Target, choices: Choices) -> Plan:
    settings = dict(data.get("settings") or {})
    cleaner_settings = CleanerSettings(
        phone_region=settings.get("phone_region", "US"),
        phone_area_code=str(settings.get("phone_area_code", "")),
        # Only the formats the profile names: they may decide the day/month order
        # (cleaners.dates.reading); without them N/N/YYYY and YYYY-MM-DD are read by their shape.
        date_formats=tuple(settings.get("date_formats") or ()),
        day_first=bool(settings.get("day_first", False)),
        day_first_named="day_first" in settings,
        birth_date_format=target.birth_date_format,
        as_of=choices.as_of,
        school_years=school_year.from_settings(settings),
    )
    # conditions and filters: the settings', unless they say their own day_first
    read_dates = DateReading(*dates.reading(cleaner_settings, {}), *dates.order_decided(cleaner_settings, {}))
    maps = {name: _map(name, spec, target.name) for name, spec in (data.get("maps") or {}).items()}
    rules = {
        table: tuple(
            _rule(table, name, spec, maps, settings, cleaner_settings, window_days(data))
            for name, spec in (table_rules or {}).items()
        )
        for table, table_rules in data["tables"].items()
    }
    rules = _with_echoes(rules)
    filters = data.get("filters") or {}
    plan = Plan(
        name=data["name"],
        title=data.get("title", ""),
        settings=settings,
        sources={
            name: replace(_source(name, spec), id_columns=_id_columns(name, rules))
            for name, spec in data["sources"].items()
        },
        rules=rules,
        current_term=_term_filter(filters.get("current_term"), choices.terms, cleaner_settings),
        exclude=_exclude(filters.get("exclude_classes"), choices),
        target=target,
        as_of=choices.as_of,
        parse_date=make_parser(
            read_dates.formats,
            day_first=read_dates.day_first,
            pivot_year=choices.as_of.year,
            by_formats=read_dates.by_formats,
        ),
        drop_empty_classes=bool(filters.get("drop_empty_classes", True)),
        formats=compile_formats(data),
        schools=frozenset(choices.schools or settings.get("schools") or ()),
        schools_from="--school" if choices.schools else "settings.schools",
        excluded_schools=frozenset(settings.get("exclude_schools") or ()),
        users_only=choices.users_only,
        school_years=cleaner_settings.school_years,
    )
    plan.join_needs.update(_join_needs(plan))
    plan.join_repeats.update(_join_repeats(plan))
    plan.join_optional.update(_join_optional(plan))
    plan.join_picks.update(_join_picks(plan))
    plan.date_columns.update(_date_columns(plan, read_dates))
    followed = _term_filter_follows_columns(plan)
    if followed is not None:
        object.__setattr__(plan, "current_term", followed)  # the plan is being built
        plan.date_columns.clear()
        plan.date_readers.clear()
        plan.date_columns.update(_date_columns(plan, read_dates))
    return plan


def own_reading(plan: Plan, columns: Iterable[tuple[str, str]]) -> DateReading | None:
    """How the profile reads these columns (source, normalized column) where it gives them an
    order of their own (a column's formats or day_first, a date condition's or the term filter's
    day_first), when every such reading agrees; None when none does, or two disagree."""
    own = {
        reading
        for source, column in columns
        for reading in plan.date_columns.get(source, {}).get(column, ())
        if reading.decided_in != "settings"
    }
    return next(iter(own)) if len({(r.formats, r.day_first, r.by_formats) for r in own}) == 1 else None


def _term_filter_follows_columns(plan: Plan) -> TermFilterPlan | None:
    """The term filter without a `day_first:` of its own reads its dates in the order the profile
    gives the columns it reads (the sessions' startDate and endDate, `clean: [{date: {day_first:
    true}}]`), when they agree: read in the settings' order, the classes were judged by other
    dates than the sessions published for them. None when it has its own, or the columns none."""
    term = plan.current_term
    if term is None or term.reading is not None:
        return None
    read: list[tuple[str, str]] = []
    for rule in plan.rules.get(CLASS_TABLE, ()):
        for ref in templates.fields((*term.start, *term.end)):
            if ref.alias is None or ref.alias in rule.joins:
                read.append((rule.source if ref.alias is None else rule.joins[ref.alias].source, ref.key))
    reading = own_reading(plan, read)
    if reading is None:
        return None
    year = plan.as_of.year
    parse = make_parser(reading.formats, day_first=reading.day_first, pivot_year=year, by_formats=reading.by_formats)
    return replace(term, reading=reading, parse_date=parse)


def _id_columns(source: str, rules: dict[str, tuple[RulePlan, ...]]) -> tuple[str, ...]:
    """The columns of `source` its rules read the sourcedId from, first rule first."""
    found: dict[str, None] = {}
    for rule in (r for table in rules.values() for r in table if r.source == source):
        for column in rule.columns:
            if column.name == "sourcedId":
                found.update((p.key, None) for p in fields((*column.parts, *column.first_of)) if p.alias is None)
    return tuple(found)


def _source(name: str, spec: dict[str, Any]) -> SourcePlan:
    aliases = {
        templates.normalize_column(other): templates.normalize_column(column)
        for column, others in (spec.get("aliases") or {}).items()
        for other in others
    }
    return SourcePlan(
        name=name,
        patterns=tuple(spec["files"]),
        required=spec.get("required", True),
        delimiter=spec.get("delimiter", "auto"),
        encoding=spec.get("encoding", "auto"),
        columns=tuple(spec.get("columns") or ()),
        optional=tuple(spec.get("optional_columns") or ()),
        aliases=aliases,
        record_terminator=spec.get("record_terminator", ""),
        header_prefix=re.compile(spec["header_prefix"]) if spec.get("header_prefix") else None,
        nightly=spec.get("nightly"),
        leaves_out_preregistered=spec.get("leaves_out_preregistered", False),
        null_text=tuple(str(c).strip() for c in spec.get("null_marker_text", ())),
        statuses=_statuses(spec.get("statuses"), aliases),
    )


def _statuses(spec: object, aliases: dict[str, str]) -> dict[str, StatusValues]:
    """`statuses:` of a source, by normalized column (an alias spelling read as the column it names)."""
    found: dict[str, StatusValues] = {}
    for column, values in spec.items() if isinstance(spec, dict) else ():
        key = templates.normalize_column(str(column))
        if not isinstance(values, dict):
            continue
        found[aliases.get(key, key)] = StatusValues(
            left=frozenset(str(v).strip().casefold() for v in values.get("left") or ()),
            active=frozenset(str(v).strip().casefold() for v in values.get("active") or ()),
        )
    return found


def _map(name: str, spec: dict[str, Any], target: str) -> MapPlan:
    """The map as the output target reads it: its `targets` entry's values over the map's own
    (the strict target keeps every CEDS grade; Remind's grades are narrower), and its split."""
    own = (spec.get("targets") or {}).get(target) or {}
    values = {str(k).strip().casefold(): str(v) for k, v in {**spec["values"], **(own.get("values") or {})}.items()}
    because = str(spec.get("because") or "")
    reason = codes.code("profile-reason") if because else codes.code(spec["reason"]) if spec.get("reason") else None
    return MapPlan(
        name,
        values,
        spec.get("unmapped", "keep"),
        spec.get("default", ""),
        reason,
        bool(spec.get("report", True)),
        because,
        str(own.get("split") or ""),
    )


def _join(alias: str, j: dict[str, Any]) -> JoinPlan:
    local = tuple(templates.parse_field(k) for k in j["on"])
    remote = tuple(templates.normalize_column(v) for v in j["on"].values())
    pick = None
    if spec := j.get("pick"):
        year = spec.get("year")
        pick = PickPlan(
            templates.normalize_column(spec["start"]),
            templates.normalize_column(spec["end"]),
            bool(year),
            spec.get("lone_year") == "start",
        )
        if year:  # the row's year is one more part of the key; the joined row's, from its first day
            local += (templates.parse_field(year),)
            remote += (SCHOOL_YEAR_PART,)
    return JoinPlan(
        alias=alias,
        source=j["source"],
        local=local,
        remote=remote,
        required=j.get("required", True),
        split=j.get("split", ""),
        drop_dangling=j.get("dangling") == "drop",
        repeats_same=j.get("repeats") == "same",
        pick=pick,
        unnamed=str(j.get("unnamed") or "").strip(),
        ignore_case=bool(j.get("ignore_case", False)),
    )


def _rule(
    table: str,
    name: str,
    spec: dict[str, Any],
    maps: dict[str, MapPlan],
    settings: dict[str, Any],
    cleaner_settings: CleanerSettings,
    window: int = DEFAULT_WINDOW_DAYS,
) -> RulePlan:
    joins = {alias: _join(alias, j) for alias, j in (spec.get("join") or {}).items()}
    where = tuple(
        _condition(cname, c, window, cleaner_settings, at=f"tables.{table}.{name}.where")
        for cname, c in (spec.get("where") or {}).items()
    )

    def columns_of(specs: dict[str, Any]) -> tuple[ColumnPlan, ...]:
        planned = (
            _formed(table, _column(col, cspec, maps, settings, cleaner_settings), cleaner_settings)
            for col, cspec in specs.items()
        )
        return tuple(_guarded(column) if is_id_column(column.name) else _listed(table, column) for column in planned)

    combine = spec.get("combine")
    shared = columns_of(spec.get("columns") or {})
    groups = tuple((group, columns_of(specs or {})) for group, specs in (spec.get("each") or {}).items())
    guardian = spec.get("guardian")
    guardian_plan = None
    if guardian is not None:
        contact = guardian.get("contact")
        scheme = guardian.get("id") or ("contact" if contact else "derived")
        separator = guardian.get("student_separator", "")
        guardian_plan = GuardianPlan(
            student=_guarded(_column("student", guardian["student"], maps, settings, cleaner_settings), separator),
            contact=_guarded(_column("contact", contact, maps, settings, cleaner_settings)) if contact else None,
            household=templates.parse(guardian.get("household", "")),
            id_scheme=scheme,
            prefix=guardian.get("prefix", "P" if scheme == "student-prefix" else "G"),
            link_where=tuple(
                _condition(c, cond, window, cleaner_settings, at=f"tables.{table}.{name}.guardian.link_where")
                for c, cond in (guardian.get("link_where") or {}).items()
            ),
            student_separator=separator,
            role_rows=bool(guardian.get("role_rows", False)),
            phone_mobile=(
                _condition("phone_mobile", guardian["phone_mobile"], window) if guardian.get("phone_mobile") else None
            ),
            phone_landline=(
                _condition("phone_landline", guardian["phone_landline"], window)
                if guardian.get("phone_landline")
                else None
            ),
            shared_points=shared_points(table, name, groups),
            parent_codes=_codes(guardian, "parents"),
            not_guardian_codes=_codes(guardian, "not_guardians"),
        )
    return RulePlan(
        table,
        name,
        spec.get("from", ""),
        joins,
        where,
        shared,
        tuple(combine.get("lists") or ()) if combine is not None else None,
        groups,
        guardian_plan,
        spec.get("unless_source"),
        spec.get("once") is True,
        _group_cells(shared, groups),
        _span(where) if table == "enrollments" else None,
        _condition("primary_role", spec["primary_role"], window) if spec.get("primary_role") else None,
        tuple(templates.normalize_column(column) for column in spec.get("other_ids") or ()),
        spec.get("one_row_per_class") is True,
    )


def _span(where: tuple[ConditionPlan, ...]) -> tuple[int, int] | None:
    """The positions of the one condition on the row's own cells that keeps rows started by the
    run's date (`date_le as_of+window`) and the one that keeps rows not ended by it (`date_gt
    as_of`); None unless the rule has exactly one of each."""

    def own(cond: ConditionPlan) -> bool:
        return isinstance(cond.value, AsOf) and all(ref.alias is None for ref in templates.fields(cond.parts))

    starts = [n for n, cond in enumerate(where) if cond.op in ("date_le", "date_lt") and own(cond)]
    ends = [n for n, cond in enumerate(where) if cond.op in ("date_gt", "date_ge") and own(cond)]
    return (starts[0], ends[0]) if len(starts) == 1 and len(ends) == 1 else None


def _group_cells(
    shared: tuple[ColumnPlan, ...], groups: tuple[tuple[str, tuple[ColumnPlan, ...]], ...]
) -> tuple[tuple[FieldRef, ...], ...]:
    """The cells of its own each group reads, by `column:` or in a template: a group whose own
    cells are all empty makes no record. The cells the rule's columns read, and those every group
    reads (the section's ID in `"{SectionID}-T{CoTeacherID}"`), are the row's, not a group's; a
    group that reads none of its own is empty when all it reads is."""

    def reads(columns: tuple[ColumnPlan, ...]) -> set[FieldRef]:
        return {
            part
            for column in columns
            for part in fields((*column.first_of, *column.parts, *column.span, *column.fallback_parts))
            if part.alias not in (templates.SETTINGS_ALIAS, templates.OUT_ALIAS)
        }

    each = [reads(columns) for _, columns in groups]
    common = reads(shared) | (set.intersection(*each) if len(each) > 1 else set())
    return tuple(tuple(sorted(cells - common or cells, key=str)) for cells in each)


@dataclass(frozen=True, slots=True)
class AsOf:
    """A date condition's value `as_of`, `as_of+N` or `as_of-N`: the run's date, N days on."""

    days: int = 0

    def date(self, as_of: dt.date) -> dt.date:
        try:
            return as_of + dt.timedelta(days=self.days)
        except OverflowError:  # --as-of 9999-12-31 has no day after it
            return dt.date.max if self.days > 0 else dt.date.min


@dataclass(frozen=True, slots=True)
class AsOfUntil(AsOf):
    """An enrolment's `as_of` that asks whether the row has ended, on a break night that keeps the
    ended term's classes (pipeline.break_kept): a row that ended with the term (its end date the
    first that fails the condition the day after the term's last day: that last day for `date_ge`,
    the day after for `date_gt`, as a SIS writes its ends inclusive or not) is judged on that day,
    as the term's last night judged it, so that the kept classes keep their students; any other
    row as every night, so that a schedule change made over the break (a year-long class dropped
    on the 22nd) is published, and a row that ended before the term's end is out either way."""

    until: dt.date = dt.date.max

    def holds(self, found: dt.date, on: dt.date, order: Callable[[dt.date, dt.date], bool]) -> bool:
        """Whether a row's date `found` meets the condition `order` as of `on` (the run's date), or
        ended with the term: it met it on the term's last day, and a day earlier would not have."""
        return order(found, self.date(on)) or self.ended_with_term(found, on, order)

    def ended_with_term(self, found: dt.date, on: dt.date, order: Callable[[dt.date, dt.date], bool]) -> bool:
        """Whether a row's date `found` fails the condition as of `on` but met it on the term's last
        day, and a day earlier would not have: the row ended with the term. Such a row is kept only
        in a kept class, of a person tonight's set has (pipeline.mapping._kept_with_term)."""
        if order(found, self.date(on)):
            return False
        last = self.date(min(on, self.until))
        return order(found, last) and not order(found - dt.timedelta(days=1), last)


AS_OF_FORM = re.compile(r"as_of(?:\s*([+-])\s*([0-9]{1,4}|window))?")
WINDOW = "window"  # `as_of+window`: the days filters.current_term looks ahead (window_days)


def as_of_days(text: str, window: int = 0) -> AsOf | None:
    """`as_of`, `as_of+21`, `as_of-7` as an AsOf; `as_of+window` the profile's term window
    (`window`, filters.current_term.window_days) days on; None for any other text (a date)."""
    found = AS_OF_FORM.fullmatch(text.strip())
    if found is None:
        return None
    sign, days = found.groups()
    count = 0 if days is None else window if days == WINDOW else int(days)
    return AsOf(count * (-1 if sign == "-" else 1))


def window_days(data: dict[str, Any]) -> int:
    """The days the term filter looks ahead, which `as_of+window` in a condition names: one
    setting for the classes of the next term and their students and teachers (tester17 F12)."""
    term = (data.get("filters") or {}).get("current_term") or {}
    return int(term.get("window_days", DEFAULT_WINDOW_DAYS))


def own_order(
    day_first: bool, settings: CleanerSettings, *, decided: str
) -> tuple[DateReading, Callable[[str], dt.date | None]]:
    """A date condition's or the term filter's own `day_first:`: how it reads N/N/YYYY (the
    settings' formats for the rest), and its parser. `decided`: the key, as D350 names it."""
    reading = DateReading(
        settings.date_formats,
        day_first,
        by_formats=False,
        decided=f"{decided}: {'true' if day_first else 'false'}",
        decided_in="own day_first",
    )
    year = settings.as_of.year if settings.as_of is not None else None
    parse = make_parser(reading.formats, day_first=day_first, pivot_year=year, by_formats=False)
    return reading, parse


def _condition(
    name: str,
    spec: dict[str, Any],
    window: int = DEFAULT_WINDOW_DAYS,
    settings: CleanerSettings | None = None,
    *,
    at: str = "where",
) -> ConditionPlan:
    op, value = spec["op"], spec.get("value", "")
    if op in ("matches", "not_matches"):
        value = re.compile(str(value), re.IGNORECASE)
    elif op in ("lt", "le", "gt", "ge"):
        value = float(value)
    elif op in ("in", "not_in"):
        value = frozenset(str(v).strip().casefold() for v in value)
    elif op in ("equals", "not_equals"):
        value = str(value).strip().casefold()
    elif op.startswith("date_"):
        value = as_of_days(str(value), window)
        value = dt.date.fromisoformat(str(spec["value"])) if value is None else value
    shown = spec.get("value")
    if isinstance(value, AsOf) and shown is not None and WINDOW in str(shown):
        shown = f"{shown} ({window} days)"  # what the window is, in F426's and F427's text
    text = f"{name}: {spec['field']} {op}" + (f" {shown}" if shown is not None else "")
    if spec.get("unless_enrolled"):
        text += ", and no current enrolment names them"
    because = str(spec.get("because") or "")
    reason = codes.code("profile-reason" if because else spec.get("reason", "row-filtered"))
    reading: tuple[DateReading | None, Callable[[str], dt.date | None] | None] = (
        own_order(bool(spec["day_first"]), settings, decided=f"{at}.{name}.day_first")
        if settings is not None and "day_first" in spec and op.startswith("date_")
        else (None, None)
    )
    return ConditionPlan(
        name,
        templates.parse(spec["field"]),
        op,
        value,
        bool(spec.get("allow_empty", False)),
        reason,
        text,
        bool(spec.get("routes", False)),
        because,
        spec.get("invalid_date") == "keep",
        bool(spec.get("optional", False)),
        *reading,
        unless_enrolled=bool(spec.get("unless_enrolled", False)),
        unless_roles=frozenset(str(role) for role in spec.get("unless_roles", ())),
    )


def _column(
    name: str,
    spec: str | dict[str, Any],
    maps: dict[str, MapPlan],
    settings: dict[str, Any],
    cleaner_settings: CleanerSettings,
) -> ColumnPlan:
    if isinstance(spec, str):
        template = templates.parse(spec)
        return ColumnPlan(name, parts=template, whole=_whole(name, template, ()))
    first_of: tuple[FieldRef, ...] = ()
    parts: tuple[Part, ...] = ()
    span: tuple[FieldRef, ...] = ()
    fixed = None
    if "span" in spec:
        span = tuple(templates.parse_field(end) for end in spec["span"])
    elif "column" in spec:
        names = [spec["column"]] if isinstance(spec["column"], str) else spec["column"]
        first_of = tuple(templates.parse_field(n) for n in names)
    elif "template" in spec:
        parts = templates.parse(spec["template"])
    elif "value" in spec:
        fixed = spec["value"]
    else:
        fixed = str(settings.get(spec["setting"], ""))
    bound = cleaners.build(list(spec.get("clean") or []), cleaner_settings)
    written = spec.get("fallback") or ()
    fallback = tuple(templates.parse(text) for text in ([written] if isinstance(written, str) else written))
    mapped = maps.get(spec.get("map", ""))
    return ColumnPlan(
        name,
        parts,
        first_of,
        fixed,
        mapped,
        bound,
        fallback,
        spec.get("default", ""),
        # a span's steps are a list, mapped one by one; a map may say its cells are lists (its target's)
        "," if span else spec.get("split", "") or (mapped.split if mapped is not None else ""),
        span,
        tuple(str(step) for step in spec.get("steps") or ()),
        tuple(_date_reading(entry, cleaner_settings) for entry in spec.get("clean") or () if _reads_dates(entry)),
        _condition(f"{name} when", spec["when"]) if spec.get("when") else None,
        _whole(name, parts, tuple(spec.get("allow_empty") or ())),
    )


# References to records a class or a term can do without, or that the strict target builds
# (a course, a term, a parent session): an empty part leaves the reference dangling, blanked or
# built as before, rather than the whole record out (D363 is for a record's own ID and the
# references that say who and where: an enrolment's class, user and school).
_PARTS_MAY_BE_EMPTY = frozenset({"courseSourcedId", "termSourcedIds", "parentSourcedId", "schoolYearSourcedId"})


def _whole(name: str, parts: tuple[Part, ...], allowed: tuple[str, ...]) -> tuple[FieldRef | FirstOf, ...]:
    """The placeholders of an ID column's template of several parts that may not be empty (a
    setting is the profile's own, never a row's): `ColumnPlan.whole`. A `{A|B}` is empty when
    all its alternatives are; `allow_empty` naming it whole (`A|B`, as D363 names it) or one of
    them allows it."""
    if not is_id_column(name) or name in _PARTS_MAY_BE_EMPTY or len(parts) < 2:
        return ()
    may = {templates.normalize_placeholder(a) for a in allowed}

    def must_fill(part: FieldRef | FirstOf) -> bool:
        refs = templates.fields((part,))
        named = {templates.normalize_placeholder(str(ref)) for ref in (*refs, part)}
        return not all(ref.alias == templates.SETTINGS_ALIAS for ref in refs) and not may & named

    return tuple(p for p in parts if not isinstance(p, str) and must_fill(p))


def _reads_dates(entry: cleaners.CleanerEntry) -> bool:
    return cleaners.REGISTRY[cleaners.entry_name(entry)].options is DATE_OPTIONS


def _date_reading(entry: cleaners.CleanerEntry, settings: CleanerSettings) -> DateReading:
    """What the date cleaner reads with: its own options, else the settings (cleaners.dates)."""
    options = {} if isinstance(entry, str) else dict(entry[cleaners.entry_name(entry)] or {})
    return DateReading(
        *dates.reading(settings, options), *dates.order_decided(settings, options), cleaner=cleaners.entry_name(entry)
    )


def _formed(table: str, column: ColumnPlan, settings: CleanerSettings) -> ColumnPlan:
    """The column with its form's cleaner last where the profile's `clean:` names none of those
    writing the target's form (spec.FORM_CLEANERS: a birth date read raw is cleaned with
    birth_date, an email with email): a run never writes a value its own `validate` rejects.
    check-profile and the run say the profile leaves it out (I222, profile.coverage)."""
    names = FORM_CLEANERS.get((table, column.name))
    if not names:
        return column
    own = next((cleaner for name, cleaner in column.cleaners if name in names), None)
    entry = names[0]
    added = cleaners.build([entry], settings) if own is None else ()
    form = own or added[0][1]
    # A `default:` stands for an empty cell unreported: in the form too (English is no language
    # code, 1/2/2015 no Remind birth date), or blank when the cleaner cannot read it.
    default = form(column.default)[0] if column.default else column.default
    if own is not None:
        return replace(column, default=default)
    readings = (_date_reading(entry, settings),) if _reads_dates(entry) else ()
    return replace(
        column,
        cleaners=(*column.cleaners, *added),
        date_readings=(*column.date_readings, *readings),
        default=default,
    )


def _guarded(column: ColumnPlan, separator: str = "") -> ColumnPlan:
    """The column with the ID guard last, whatever cleaners the profile named (templates too):
    one ID per cell, unless the profile declares the cell a list (`id_list`, a separator)."""
    if not separator and any(name == "id_list" for name, _ in column.cleaners):
        separator = ","  # what id_list joins with
    guard = id_list_guard(separator) if separator else guard_id
    return replace(column, cleaners=(*column.cleaners, ("id_guard", guard)))


def _listed(table: str, column: ColumnPlan) -> ColumnPlan:
    """users.userIds with its guard last, whatever cleaners the profile named: its items split at
    the commas between them, one holding a comma inside its braces left out (I219, tester70 S3)."""
    if (table, column.name) != ("users", "userIds"):
        return column
    return replace(column, cleaners=(*column.cleaners, ("user_ids_guard", guard_user_ids)))


DEFAULT_YEAR_LONG_DAYS = 200


def _term_filter(
    spec: dict[str, Any] | None, terms: tuple[str, ...], settings: CleanerSettings
) -> TermFilterPlan | None:
    if not spec or not spec.get("enabled", True):
        return None
    reading, parse = (
        own_order(bool(spec["day_first"]), settings, decided="filters.current_term.day_first")
        if "day_first" in spec
        else (None, None)
    )
    return TermFilterPlan(
        templates.parse(spec["start"]),
        templates.parse(spec["end"]),
        templates.parse(spec.get("name", "")),
        templates.parse(spec.get("abbreviation", "")),
        window_days=int(spec.get("window_days", DEFAULT_WINDOW_DAYS)),
        year_long_days=int(spec.get("year_long_days", DEFAULT_YEAR_LONG_DAYS)),
        selected=frozenset(t.strip().casefold() for t in terms),
        keep_undated=spec.get("undated") == "keep",
        named=terms,
        term_ids=templates.parse(spec.get("term_ids", "")),
        school_year=templates.parse(spec.get("school_year", "")),
        reading=reading,
        parse_date=parse,
        years=settings.school_years,
    )


def _exclude(spec: dict[str, Any] | None, choices: Choices) -> ExcludePlan | None:
    spec = spec or {}
    named = dict(spec.get("patterns") or {})
    places: dict[str, tuple[str, ...]] = {name: ("patterns",) for name in named}
    available = spec.get("available") or {}
    for name in spec.get("use") or ():
        named[name], places[name] = available[name], ("use",)  # names are checked before compiling
    for name in choices.exclude_named:  # a name of use: given as --exclude too: both places (review151 R2)
        named[name], places[name] = available[name], (*places.get(name, ()), "--exclude")
    patterns = [(name, re.compile(p, re.IGNORECASE)) for name, p in named.items()]
    given = choices.exclude_classes
    patterns += [(f"--exclude-class {i + 1}", re.compile(p, re.IGNORECASE)) for i, p in enumerate(given)]
    flags = tuple((name, templates.parse(t)) for name, t in (spec.get("flags") or {}).items())
    if not patterns and not flags:
        return None
    fields = tuple((f, templates.parse(f)) for f in spec.get("fields") or ("{out.title}",))
    keep = spec.get("keep") or {}
    return ExcludePlan(
        fields,
        tuple(patterns),
        flags,
        templates.parse(keep.get("field", "")),
        frozenset(str(v).strip().casefold() for v in keep.get("values", ())),
        (*places.items(), *((f"--exclude-class {i + 1}", ("--exclude-class",)) for i, _ in enumerate(given))),
        tuple((name, str(t)) for name, t in (spec.get("flags") or {}).items()),
    )


def _join_needs(plan: Plan) -> dict[tuple[str, tuple[str, ...]], tuple[str, ...]]:
    needs: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for rules in plan.rules.values():
        for rule in rules:
            for ref in _rule_refs(rule, plan):
                join = rule.joins.get(ref.alias or "")
                if join is not None:
                    needs.setdefault(join.index_key, set()).add(ref.key)
            for join in rule.joins.values():
                needs.setdefault(join.index_key, set())
    return {key: tuple(sorted(cols)) for key, cols in needs.items()}


def _column_refs(column: ColumnPlan) -> tuple[FieldRef, ...]:
    return column.first_of or tuple(fields(column.parts))


def _with_echoes(rules: dict[str, tuple[RulePlan, ...]]) -> dict[str, tuple[RulePlan, ...]]:
    """Each column's `echoed` joined columns: read from a source another rule of the table
    reads directly into the same column, with the same map and cleaners."""

    def columns(rule: RulePlan) -> list[ColumnPlan]:
        return [*rule.columns, *(c for _, group in rule.groups for c in group)]

    def how(column: ColumnPlan) -> tuple[str, tuple[str, ...]]:
        return (column.map.name if column.map else "", tuple(name for name, _ in column.cleaners))

    direct = {
        (table, rule.source, column.name, ref.key, how(column))
        for table, table_rules in rules.items()
        for rule in table_rules
        for column in columns(rule)
        for ref in _column_refs(column)
        if ref.alias is None
    }

    def echoed(table: str, rule: RulePlan, column: ColumnPlan) -> ColumnPlan:
        found = frozenset(
            str(ref)
            for ref in _column_refs(column)
            if ref.alias in rule.joins
            and (table, rule.joins[ref.alias].source, column.name, ref.key, how(column)) in direct
        )
        return replace(column, echoed=found) if found else column

    def rule_with(table: str, rule: RulePlan) -> RulePlan:
        if not rule.joins:
            return rule
        return replace(
            rule,
            columns=tuple(echoed(table, rule, c) for c in rule.columns),
            groups=tuple((name, tuple(echoed(table, rule, c) for c in group)) for name, group in rule.groups),
        )

    return {table: tuple(rule_with(table, rule) for rule in table_rules) for table, table_rules in rules.items()}


def _join_repeats(plan: Plan) -> set[tuple[str, tuple[str, ...]]]:
    joins = [join for rules in plan.rules.values() for rule in rules for join in rule.joins.values()]
    return {j.index_key for j in joins} - {j.index_key for j in joins if not j.repeats_same}


def _join_picks(plan: Plan) -> dict[tuple[str, tuple[str, ...]], PickPlan]:
    joins = [join for rules in plan.rules.values() for rule in rules for join in rule.joins.values()]
    return {j.index_key: replace(j.pick, years=plan.school_years) for j in joins if j.pick is not None}


def _join_optional(plan: Plan) -> set[tuple[str, tuple[str, ...]]]:
    joins = [join for rules in plan.rules.values() for rule in rules for join in rule.joins.values()]
    return {j.index_key for j in joins} - {j.index_key for j in joins if j.required or j.drop_dangling}


def _rule_refs(rule: RulePlan, plan: Plan) -> list[FieldRef]:
    parts: list[Part] = []
    columns = list(rule.columns) + [c for _, group in rule.groups for c in group]
    conditions = list(rule.where)
    if rule.guardian is not None:
        columns += [rule.guardian.student] + ([rule.guardian.contact] if rule.guardian.contact else [])
        parts += rule.guardian.household
        conditions += [*rule.guardian.link_where, *rule.guardian.phone_kinds]
    for column in columns:
        parts += [*column.parts, *column.first_of, *column.span, *column.fallback_parts]
        if column.when is not None:
            parts += column.when.parts
    for cond in conditions:
        parts += cond.parts
    for extra in plan.filter_templates(rule.table).values():
        parts += extra
    for join in rule.joins.values():
        parts += join.local
    return fields(parts)


def _date_columns(plan: Plan, settings: DateReading) -> dict[str, dict[str, frozenset[DateReading]]]:
    """Every export column some rule reads as dates, with how it reads them: a date cleaner's
    column, a date condition's field, the term filter's dates (read with the settings, unless
    they say their own day_first). Who reads each goes to `plan.date_readers`."""
    found: dict[str, dict[str, set[DateReading]]] = {}
    readers: dict[str, dict[str, set[tuple[str, str]]]] = {}
    for rules in plan.rules.values():
        for rule in rules:
            for parts, reading, reader in _date_parts(rule, plan, settings):
                for ref in templates.fields(parts):
                    if ref.alias is not None and ref.alias not in rule.joins:
                        continue  # text, {out.x} or {settings.x}: read from no export
                    source = rule.source if ref.alias is None else rule.joins[ref.alias].source
                    if source:
                        found.setdefault(source, {}).setdefault(ref.key, set()).add(reading)
                        readers.setdefault(source, {}).setdefault(ref.key, set()).add(reader)
    plan.date_readers.update(
        {source: {key: frozenset(r) for key, r in columns.items()} for source, columns in readers.items()}
    )
    return {source: {key: frozenset(r) for key, r in columns.items()} for source, columns in found.items()}


# Who reads a column as dates, for D350's advice: a column's cleaner (its own `clean:` options),
# or a key of its own (a date condition's, the term filter's `day_first:`), by its profile path.
COLUMN_READER = "column"


def _date_parts(
    rule: RulePlan, plan: Plan, settings: DateReading
) -> Iterator[tuple[tuple[Part, ...], DateReading, tuple[str, str]]]:
    """What a rule reads as dates, each with how it reads it and who reads it."""
    for column in [*rule.columns, *(c for _, group in rule.groups for c in group)]:
        for reading in column.date_readings:
            yield (*column.first_of, *column.parts), reading, (COLUMN_READER, f"{rule.label}.{column.name}")
    link_where = rule.guardian.link_where if rule.guardian is not None else ()
    for where, conds in (("where", rule.where), ("guardian.link_where", link_where)):
        for cond in conds:
            if cond.op.startswith("date_"):
                yield cond.parts, cond.reading or settings, ("key", f"tables.{rule.label}.{where}.{cond.name}")
    if rule.table == CLASS_TABLE and plan.current_term is not None:
        term = plan.current_term
        yield (*term.start, *term.end), term.reading or settings, ("key", "filters.current_term")
