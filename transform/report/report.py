"""The run report: counts per code, the first examples of each, and what was written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

from transform.report.codes import BY_SLUG, Action, Code, Severity
from transform.report.column_values import ColumnValues
from transform.report.date_forms import DateForms
from transform.report.left_out import LeftOut, counts_against_row
from transform.report.link_relations import RelationWords
from transform.report.problem import NOWHERE, Problem, Where, Who

REPORT_FORMAT_VERSION = 1
# A report's `status`: the run ended (its exit status in facts), or it began and has not ended (tester75 O5),
# or it stopped on a bug (exit 3) and wrote this in its place (reviewer161 R3).
FINISHED, RUNNING, FAILED = "finished", "running", "failed"
# In the head of every --html page the tool draws: a refusal before a run replaces a page only if it carries
# this (report_files.ours), never a file of another kind a line named (reviewer182 R1).
PAGE_MARK = '<meta name="generator" content="rosterkit-transform">'
# A record left out because the user it names is not in the set (V504): every one is handed to
# `Report.names_user`, never only counted (pipeline.missing_rows finds an export cut short by them).
NAMES_USER = frozenset({"follows-dropped-user"})
WRITTEN_OTHERWISE = "reference-written-otherwise"  # V608
CLASS_EMPTY = "class-empty"  # F412: a class left with no student
CLASS_UNDATED = "class-term-undated"  # F420: a class kept though its terms have no dates
FOLLOWS_CLASS = "follows-dropped-class"  # V503: an enrolment left out with its class
REQUIRED_BLANK = "required-value-missing"  # D304
# Problems whose value each is kept, never only counted: past 20 examples V608 was counted alone
# and X810 saw 5 IDs of 25 written otherwise (reviewer65 F5)
VALUES_KEPT = NAMES_USER | {WRITTEN_OTHERWISE}
WRITTEN_KEPT = 1_000  # IDs written otherwise kept per table and file: past a few, the gate refuses (X810)
NAMED_USERS_KEPT = 50_000  # users named so, at most (an export that lost more is refused anyway)
NAMED_PLACES = 3  # places kept per user: the examples X882 gives
# facts' key: people listed as withdrawn or inactive whom tonight's enrolments put in current classes
# (pipeline.withdrawals._enrolled_tonight: an export still of the ended term, no withdrawal)
ENROLLED_LEFT_OUT = "enrolled_left_out"


def _enrolled_named(enrolled: Mapping[str, Any]) -> tuple[int, str]:
    """ENROLLED_LEFT_OUT's count, and its first people named ('a, b and 3 more')."""
    first, count = list(enrolled.get("first") or []), int(enrolled.get("count") or 0)
    more = f" and {count - len(first)} more" if count > len(first) else ""
    return count, f"{', '.join(first)}{more}"


def enrolled_cause(enrolled: Mapping[str, Any]) -> str:
    """X953's cause, and the removal refusals' words, for ENROLLED_LEFT_OUT's people."""
    count, named = _enrolled_named(enrolled)
    return (
        f"{count} of the people removed ({named}) are left out as withdrawn or inactive by the "
        "export that lists "
        "them, yet tonight's enrolments put them in current classes: that export still holds the term that ended "
        "(its end dates or sessions: SDS roles.csv's roleEndDate), no batch of withdrawals"
    )


def enrolled_most(enrolled: Mapping[str, Any], removed: int) -> bool:
    """Whether ENROLLED_LEFT_OUT's people are most of the `removed` (users): the export of the
    ended term is the cause (tester63 S1); else the usual cause, with them named apart (review127 R6)."""
    return 2 * int(enrolled.get("count") or 0) > removed


def enrolled_apart(enrolled: Mapping[str, Any]) -> str:
    """ENROLLED_LEFT_OUT's people named apart from the usual cause of a removal refusal."""
    count, named = _enrolled_named(enrolled)
    return (
        f"apart from those, {count} ({named}) are left out as withdrawn or inactive yet enrolled "
        "tonight in current classes: their export still holds the term that ended, and a flag would delete them"
    )


# A current enrolment row naming a class no classes row holds, the row's own loss (not a section
# dropped by its own join, V503): kept in `unheld_rows`, for pipeline.unheld_classes to judge (X915, X892).
_UNHELD = frozenset({BY_SLUG["reference-missing"].id, BY_SLUG["join-missing"].id})
# Users whose every enrolment row is kept (named_rows): past so many people named and absent, not a
# night of a few withdrawals, and pipeline.leavers excuses nobody (named_rows_full).
NAMED_ROWS_KEPT = 2_000
# Recorder events replayed by the method of that name, their fields its arguments (Report.replay).
_REPLAYED = {"names": "names_user", "class": "names_class", "dropclass": "names_dropped"}

# ("add", slug, where, params), ("once", slug, where, params, key) or ("tally", slug, where,
# params, key), `where` as a tuple of its fields (a dataclass pickles several times slower), or
# ("lost", file, line, cells) (Report.lost_whole), ("names", user, file, line, code id, table,
# source) (Report.names_user), ("class", class, file, line, code id, user) (Report.names_class),
# ("staffclass", user, class, column) (Report.drops_staff_class), ("dropclass", class) (Report.names_dropped),
# ("missed", source, key, class, role, where, code id) (Report.misses_user), ("rows", user, rule,
# class, dates) (Report.names_user_row), ("classrow", class, ends, rows) (Report.counts_class_row) or ("own", slug,
# where, clue, key, suspect, shape) (Report.own_problem):
# see Report.recorder.
Event = tuple[Any, ...]


def _fields(where: Where) -> tuple[str, int, str, str, str, Who]:
    return where.file, where.line, where.column, where.table, where.record, where.who


class BulkCounter(Protocol):
    """A recorder's own count of the problems past the examples (pipeline.overlap)."""

    def only_counted(self, code: Code) -> bool: ...

    def count(self, code: Code, file: str, table: str, count: int) -> None: ...


# Examples kept per code (the JSON report's and the console's); every record left out is in the
# explain file, whatever this is.
EXAMPLES_KEPT = 20


# The users columns whose records written as a map's default for a value the map lacks are noted
# by ID (Report.unmapped_ids): a student's that pipeline.columns_gate watches.
UNMAPPED_NOTED = frozenset({"grades", "email", "phone", "sms", "metadata.preferredLanguage"})


class ExcludedBy(NamedTuple):
    """The exclusion rule that left a class out tonight (F406), as a removal refusal of it says it
    (pipeline.patterned_left): the rule's name and pattern; the class as shown (its title for a flag,
    else the value the pattern matched); each place the rule is switched on ("patterns", "use",
    "--exclude", "--exclude-class", or "flag"); a flag's template (the SIS column that sets it)."""

    name: str
    pattern: str
    shown: str
    places: tuple[str, ...]
    column: str = ""

    @property
    def rule(self) -> tuple[str, str, tuple[str, ...], str]:
        """The rule alone, whatever the class: what the words group classes by."""
        return (self.name, self.pattern, self.places, self.column)


@dataclass
class Report:
    max_examples: int = EXAMPLES_KEPT
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[Problem]] = field(default_factory=dict)
    aborts: list[Problem] = field(default_factory=list)
    rows_written: dict[str, int] = field(default_factory=dict)
    rows_read: Counter[str] = field(default_factory=Counter)
    facts: dict[str, Any] = field(default_factory=dict)
    published: bool = False
    # What the written report is: the run's end (FINISHED), or the one `started` writes when it begins.
    status: str = FINISHED
    codes_seen: dict[str, Code] = field(default_factory=dict)
    _once: set[int] = field(default_factory=set)  # hashes: held for every cell a cleaner reported
    # add_tally: hash of (code, key) -> its example, whose rows are counted (None: past the examples)
    _tallies: dict[int, Problem | None] = field(default_factory=dict)
    on_drop: Callable[[Problem], None] | None = None  # sees every dropped record (--explain)
    # Takes back the dropped records of (code id, table) whose ID the test holds (`reclassify`).
    on_retract: Callable[[str, str, Callable[[str], bool]], None] | None = None
    on_progress: Callable[[str, int], None] | None = None  # (file, rows read so far), now and then
    on_stage: Callable[[str, int | None, frozenset[str]], None] | None = None  # (stage, rows expected, from files)
    # While set, problems are handed to it instead of counted: a worker process records what it
    # found so that the main process can add it in the order a one-process run would have.
    recorder: Callable[[Event], None] | None = None
    # With a recorder: how it counts, itself, problems past the examples (a worker's, in bulk).
    bulk: BulkCounter | None = None
    left_out: LeftOut = field(default_factory=LeftOut)  # what was left out, per export and file
    # Each export's header as read, by file and the column as a profile names it (stripped and
    # case-folded, as pipeline.read keys it): a problem names a cell's column as its file heads it,
    # whoever reported it (tester70: one cell [DOB] in D305, the profile's word, [Dob] in D379).
    header_names: dict[str, dict[str, str]] = field(default_factory=dict)
    # (file, line) -> the required names' columns whose cell held SQL's NULL marker, read blank
    # (I227): D304 says so (pipeline.sql_nulls.held_said)
    null_names: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    # (file, header cell) -> that column as the profile's null_marker_text writes it ('LN' of a
    # 'STU.LN' header the profile strips): D304's way out names it so (reviewer168 R4)
    null_said: dict[tuple[str, str], str] = field(default_factory=dict)
    # Users written, by (role, orgSourcedIds): the summary's counts by role and school.
    people: Counter[tuple[str, str]] = field(default_factory=Counter)
    # Users left out because no school they name is in the set (V502), by the school named.
    schools_missing: Counter[str] = field(default_factory=Counter)
    # The same users, each once however many missing schools it names, by role (X818 sums them).
    schools_missing_users: Counter[str] = field(default_factory=Counter)
    # Of a run of every school (no --school, no settings.schools): the students among them, each
    # once however many rows name such schools, none another row published (X818 refuses ten).
    schools_missing_students: int = 0
    # The same, by (export, school named); and a kept school each names but for leading zeros.
    schools_missing_in: Counter[tuple[str, str]] = field(default_factory=Counter)
    schools_missing_twins: dict[str, str] = field(default_factory=dict)
    # The same, by school named: the export file and line of the first such user (X976 names it).
    schools_missing_at: dict[str, tuple[str, int]] = field(default_factory=dict)
    # How each date column writes its dates (day or month first), for pipeline.date_order.
    date_forms: DateForms = field(default_factory=DateForms)
    # The values of the flag and code columns conditions compare (pipeline.seen_values).
    column_values: ColumnValues = field(default_factory=ColumnValues)
    # Rows each users rule's own conditions left out, by rule label (pipeline.seen_values).
    left_by_conditions: Counter[str] = field(default_factory=Counter)
    # The students each guardians rule's rows link, and those a row still links once its
    # link_where passed (two pipeline.compact.IdSet: 8 bytes a student, where two sets of ints
    # held ~130); the rows whose link it dropped (pipeline.seen_values, X886 of a guardians rule:
    # a custody flag read the wrong way round links the emergency contacts only).
    link_students: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    links_dropped: Counter[str] = field(default_factory=Counter)
    # What the relationship column of each guardians rule's rows says, of the links kept and of
    # those its link_where left out (pipeline.guardian_words: V559, V562), by rule label.
    link_relations: dict[str, RelationWords] = field(default_factory=dict)
    # The classes each exclusion pattern left out matching inside a word of the field it searches
    # ("sh" in "English"): pattern name -> value -> class IDs (pipeline.filters, I223).
    excluded_inside_words: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    # The classes an exclusion rule left out tonight (F406): class ID -> the rule (ExcludedBy), said by a
    # removal refusal of them (pipeline.patterned_left, X906, I216).
    excluded_by_pattern: dict[str, ExcludedBy] = field(default_factory=dict)
    # The classes the exclusion step read, and the --exclude-class patterns that matched one of them
    # (filters.drop_excluded_classes): a pattern that matched none is a typo (I248).
    classes_screened: int = 0
    patterns_matched: set[str] = field(default_factory=set)
    # Rows each users rule's role map left out (a value not in it, unmapped: drop), by rule label.
    left_by_role_map: Counter[str] = field(default_factory=Counter)
    # The users records (not guardians derived from a student's row) written as a map's default for
    # a value the map lacks, by column of UNMAPPED_NOTED: mapping._note_unmapped, pipeline.columns_gate.
    unmapped_ids: dict[str, set[str]] = field(default_factory=dict)
    # How the profile makes a staff member's email when the export has none (the step of V506,
    # report.summary): "setting" (a template reads settings.email_domain, which is not set),
    # "login" (it is set: the login the template reads is blank too), "" (no template builds one).
    email_built: str = "setting"
    # With email_built "login": the login column the template reads, which the export lacks
    # ("TeacherLoginID, which teachers.txt lacks"), said by V506; "" when the export has it.
    email_login_absent: str = ""
    # Enrolment rows whose user no row of the joined export has (D300), by (class, role the rule
    # writes, "" when it reads it): [rows, first (file, line), its key, the export]. Read where the
    # classes left without students or owners are known (pipeline.school_classes), in the process
    # that mapped the rows.
    users_unknown: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    # Classes left out because the terms export has no row of their term (D300 on a join the term
    # filter reads, Plan.term_joins), by class: [school, first (file, line), its key, the export,
    # whether an enrolment row that passed its rule's conditions names it, the labels of the
    # rules whose rows do, the dates the terms export gives its term's code at the other schools
    # (start, end, where)]. Read with users_unknown (pipeline.school_classes, X943, X944).
    terms_unknown: dict[str, list[Any]] = field(default_factory=dict)
    # Classes left out because a join of their own row to another lookup found no row (D300: a
    # section's Course_Number no courses row has; not a term join, X943's), that pass their rule's
    # conditions, by class: the joined export's name. An enrolment row naming one that passed its
    # rule's conditions names it as one no classes row has (named_classes, X888: tester55 F4).
    classes_unjoined: dict[str, str] = field(default_factory=dict)
    # The dates the terms export gives a missing term's code at the other schools, by (school,
    # key), as each class of it gets them (the seventh of its terms_unknown entry: mapping).
    terms_elsewhere: dict[tuple[str, tuple[str, ...]], Any] = field(default_factory=dict)
    # The schools at which a term of the classes shorter than the year runs tonight or starts
    # within the window (filters.select_terms; None before it ran): where a class's missing term
    # may be tonight's (pipeline.school_classes, X944).
    schools_in_term: frozenset[str] | None = None
    # The last day of the latest term of each class the term filter kept (filters.select_terms): a row
    # ending tonight before it is ended early, a withdrawal, not with its term (pipeline.leavers).
    class_term_ends: dict[str, dt.date] = field(default_factory=dict)
    # Per class, its students' enrolment rows kept tonight: [those ending tonight, those running past
    # it] (Validator.count_tonight): a class that carries on for the others is a withdrawal's, one
    # whose rows all end tonight a last day's (pipeline.leavers).
    class_rows: dict[str, list[int]] = field(default_factory=dict)
    # The schools most of whose classes the enrolment stage left with no student, for a reason it
    # did not see (pipeline.school_classes.EMPTIED): school -> its classes and the emptied ones'
    # IDs, for the gate to find out why. Not a fact: a run stopping before the gate would write
    # the class IDs into the --report JSON (a worker hands them over, overlap: "emptied").
    classes_emptied: dict[str, dict[str, Any]] = field(default_factory=dict)
    # X977 found at one school by the term filter (filters._next_term_without_classes): refused by
    # the safety gate, or published with --allow-incomplete, said (X918; api._check_terms_found).
    next_term_unexported: list[Problem] = field(default_factory=list)
    # Each school X977 found tonight (filters.TermDue: its ended term, its next term with no class,
    # and whether a night's --allow-incomplete accepted that): last.json carries them (gate.state_record),
    # so a later night still knows the ended term its published set no longer holds (tester74 F9).
    terms_due: list[Any] = field(default_factory=list)
    # The terms running tonight whose classes --term left out while it chose a term they run into
    # (a year-long term beside `--term S2` in December): name -> [first day, last day, class IDs]
    # (filters._before_the_chosen). Their removal is no term change: X906 names the --term to add (tester74 F19).
    terms_not_chosen: dict[str, list[Any]] = field(default_factory=dict)
    # The classes published of terms not running tonight, by class ID, a profile having no filters.current_term
    # (pipeline.unfiltered_terms, I274): those of a term the last set held no class of refuse a new profile's
    # set (new_profile_stops, I228), and are held back on a later night (held_back, X801, I233).
    # Not a fact: the --report JSON would hold the IDs.
    classes_other_terms: dict[str, str] = field(default_factory=dict)  # class ID -> its term, as I274 says it
    # The classes a rule's `combine` made of rows naming different classCodes (pipeline.combine, tester89 T3: an ID
    # template without the section merged two sections): (rule label, class ID) -> classCode -> the place of its first
    # row (file:line), for merged_classes (V633). Not a fact: the --report JSON would hold the IDs.
    codes_merged: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    # every class counted so (I274 or I226, the classes' own terms), by class ID -> the source I274 names and its
    # term as said: last.json keeps the (school, term) pairs published (held_back.TERMS_KEY), OUT emptied or not
    # (review159 R1 R4); each I274 recounted by its own source's classes once some are held back
    class_terms: dict[str, tuple[str, str]] = field(default_factory=dict)
    # each such term as said -> its key in last.json (its name and school year, else as said: review177 R2)
    term_keys: dict[str, str] = field(default_factory=dict)
    # each such term's key -> its first and last day, "start/end" (ISO, "" where not read): recorded with the key, a
    # recorded term tonight's only where its dates overlap or a class of it is still so (review180 R1)
    key_dates: dict[str, str] = field(default_factory=dict)
    # the (school, term key) pairs held_back judged published tonight (of a term running, or one the last set
    # published there); None when it did not judge (review177 R1: only those are recorded, and terms running)
    terms_judged: set[tuple[str, str]] | None = None
    # the classes of such terms published by their ID alone (of a term not so judged: review177 R3), recorded so
    kept_by_id: set[str] = field(default_factory=set)
    # such a term, as said -> its first and last day (ISO, "" where not read): held_back's words and asking
    other_term_dates: dict[str, tuple[str, str]] = field(default_factory=dict)
    # X895's schools found by the term filter (filters.LaterClassesMissing): refused by the safety
    # gate (filters.later_classes_refused, which knows the schools' students tonight), or
    # published with --allow-incomplete, said (X918; api._check_terms_found).
    later_classes_missing: list[Any] = field(default_factory=list)
    # A break between terms instead of X895 (filters.later_classes_paused, I288): raised by the
    # safety gate when nothing else refuses the night (api._gate_and_publish).
    later_term_break: Any = None
    # X895 as it would have been said that night: raised instead of I288 when tonight's people
    # differ from the last set's (a custody change waiting weeks at exit 0, reviewer62 R1).
    later_term_refused: Any = None
    # The schools of that break (filters.LaterClassesMissing): whose ended classes the last set held
    # a night whose people changed keeps (pipeline.break_kept).
    later_term_paused: list[Any] = field(default_factory=list)
    # The users a row of tonight's exports names in a record it would have made, left out only
    # because no row of the user was read (a role whose users.csv row is missing, D300; an
    # enrolment of a user not in the set, V504): user -> [(file, line, code id, table, the source
    # a join found no row in, "" for a reference)], a few places each. Whether the user's own
    # export has no row at all is the safety gate's to find (pipeline.missing_rows, X882).
    named_users: dict[str, list[tuple[str, int, str, str, str]]] = field(default_factory=dict)
    # Every such enrolment row of theirs (V504), not a few: user -> {(rule label, the texts its date
    # conditions read): the classes}, for the safety gate to tell a student withdrawn today, whose
    # rows all end tonight, from one an export lost (pipeline.leavers).
    named_rows: dict[str, dict[tuple[str, tuple[str, ...]], set[str]]] = field(default_factory=dict)
    named_rows_full: bool = False
    # The current enrolment rows naming a class no classes row holds (V502, or D300 on a join of the
    # classes export): (file, code id) -> the row's user -> its lines. Counted against their export
    # (LeftOut.unheld_class) only for users the rows leave in no class tonight, or when the ended
    # term's classes the classes export still holds enrol nobody (pipeline.unheld_classes.settle):
    # a next year's schedule beside this one's is no export's loss (reviewer119 R1).
    unheld_rows: dict[tuple[str, str], dict[str, list[int]]] = field(default_factory=dict)
    # Of the classes those rows name, the users of tonight's set (a class column holding the
    # students' IDs: tester56 T3), by file: (how many, the first, its role, its export) (unheld_classes.settle).
    unheld_people: dict[str, tuple[int, str, str, str]] = field(default_factory=dict)
    # The ended term whose classes, kept over a break, enrol nobody tonight, in words (unheld_classes.settle).
    unheld_ended: str = ""
    # The classes left out (V503: an ended term's) a current student enrolment row names (Report.names_dropped):
    # none of an ended term's, its classes enrol nobody tonight (unheld_classes.ended_unnamed).
    dropped_named: set[str] = field(default_factory=set)
    # Users current enrolment rows name that tonight's set lacks, whatever else lists them (missing_rows.prepare).
    named_absent: set[str] = field(default_factory=set)
    # Of `named_users`, those a cell of the users rules' exports holds in another column than the
    # ID (an Employee Number where the rule keys on Teacher ID): user -> (file, column, line, that
    # row's ID, the column holding it) (pipeline.other_id_column, X811).
    ids_in_other_columns: dict[str, tuple[str, str, int, str, str]] = field(default_factory=dict)
    # Rows of a guardian rule left out because a join found no row (D300), that pass the rule's
    # and the link's conditions (an emergency contact's row is left out on purpose): [rows, first
    # (file, line), its key, the export] (mapping); F440, X891 (pipeline.seen_values). And the
    # contact and student IDs each of the first GUARDIANS_UNJOINED_KEPT names, with its file and
    # line, for the guardians' derivation to tell a row read the other way round (F440).
    guardians_unjoined: list[Any] = field(default_factory=list)
    guardians_unjoined_rows: list[tuple[str, str, str, int]] = field(default_factory=list)
    # A guardian's links naming a kept student written otherwise (V608), by (guardian, the kept
    # student): the row's file and line and the ID as written. And where tonight's guardian rows
    # linking a student were read (pipeline.derive.LinkRows). Both read by the safety gate when a
    # link of the last set is gone tonight (pipeline.links_gate, V557). Not facts: in the process
    # that derived the guardians.
    links_written_otherwise: dict[tuple[str, str], tuple[str, int, str]] = field(default_factory=dict)
    # The IDs records named written otherwise (V608), by (table, file): how many people or classes,
    # not rows, the exports write two ways (pipeline.ids_two_ways, X810). At most WRITTEN_KEPT each.
    written_otherwise: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    # The classes kept undated tonight (F420), by sourcedId: the only ones a course's two terms
    # published side by side may be (pipeline.undated_side_by_side, X814). A class table's size.
    classes_undated: set[str] = field(default_factory=set)
    # The classes written under a school year the run named for the term they do not name (D336),
    # by sourcedId: the termSourcedIds the export gave (blank, or terms not in the set). That ID is
    # no term of the export: the checks of undated classes read the class by these (reviewer179 R1).
    terms_assigned: dict[str, str] = field(default_factory=dict)
    # A kept guardian's links to students no export lists (V582, not a student the run left out),
    # by guardian: (the student as written, file, line) of each.
    links_unlisted: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    # The links V557 said tonight: (parent, student, the ID the row gave instead, or ""), which the
    # state keeps for the next night to say them again while they stay lost (pipeline.links_gate).
    links_lost: list[tuple[str, str, str]] = field(default_factory=list)
    # Of each guardian whose rows disagree or are blank tonight, by sourcedId and column: the hash of the
    # value published and the baseline carried, kept by the state for the next night (pipeline.edited_values).
    guardian_values: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # The same, recorded beside the last set (api._values_before, read before the run); None: unknown.
    guardian_values_then: dict[str, dict[str, dict[str, Any]]] | None = None
    # The students published tonight with no parent whom a set linked to one, each with the as-of date since
    # which they have none, kept by the state: a loss under the floor each night still counts the next
    # nights (pipeline.orphans_gate, review69 R5). Under the floor or 1 % of the linked students.
    orphans: dict[str, str] = field(default_factory=dict)
    # The shared usernames whose holder tonight the last set decided, not the rule without one (own
    # sourcedId, login, least sourcedId): username casefolded -> holder, kept by the state for a night
    # whose OUT no longer holds the set (pipeline.usernames, reviewer82 R2). A few.
    username_holders: dict[str, str] = field(default_factory=dict)
    # Former students' addresses parents were read with (V574), kept by the state for the nights after the
    # student left the set: hash of the address -> [student, hash of their name, date] (pipeline.former_students).
    student_addresses: dict[str, list[str]] = field(default_factory=dict)
    # The IDs (stable hashes) each keep-out column left out, by source and column key: tonight's, kept
    # by the state, and last night's, loaded before the read (pipeline.blanked_keep_out, X877).
    keep_out_left: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    keep_out_then: dict[str, dict[str, dict[int, int]]] = field(default_factory=dict)  # each with her rows if moved
    # Tonight's movers (a row left out, another passed), each with her rows (last.json's keep_out_moved)
    keep_out_moved: dict[str, dict[str, list[list[int]]]] = field(default_factory=dict)
    # By source and column key: how many rows held a value tonight, the night each ID recorded was
    # first left out, those of the last days (last.json's keep_out_since; X877 and X848)
    keep_out_since: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    # The as-of dates of the published sets the carry's window counts over (pipeline.former_students.NIGHTS).
    student_address_nights: list[str] = field(default_factory=list)
    # The strict set's record of who holds each username (pipeline.usernames_held), made once its
    # usernames are final, while the validator still knows which are the export's logins.
    usernames_held: str = ""
    guardian_link_rows: Any = None
    # The classes tonight's enrolment rows name, rows that passed their rule's conditions, while
    # no row of the classes export has them (V502 on classSourcedId; D300 on a join of the
    # sections export the row reads): class -> [(file, line, code id)], a few places each. And the
    # enrolment rows that passed their rule's conditions and whose user join found no row (a
    # PowerSchool cc row's StudentID no students row has): (source, key) -> [class, role the rule
    # writes or "", file, line, column, code id, the rows]. Whether the last set held the class or
    # the user and tonight's removes it is the safety gate's (pipeline.missing_rows, X882, X888).
    named_classes: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)
    users_missed: dict[tuple[str, str], list[Any]] = field(default_factory=dict)
    # The classes of the staff enrolments left out because their user is in no kept record (V504),
    # by user (a sections table's size at most), and the classes published with students and no
    # owner (V586) of how many with students: a first set whose classes lose their teacher to IDs
    # no staff row holds (pipeline.unlisted_staff, X809).
    staff_classes_dropped: dict[str, set[str]] = field(default_factory=dict)
    staff_dropped_column: dict[str, str] = field(default_factory=dict)  # the column naming the user, first seen
    # The staff IDs V617 said (no row of the staff export has them in any column): user -> (the
    # export naming them, the staff export) (pipeline.other_id_column).
    staff_in_no_row: dict[str, tuple[str, str]] = field(default_factory=dict)
    classes_without_owner: set[str] = field(default_factory=set)
    classes_with_students: int = 0
    # A staff rule of the district's own whose conditions left out most of its rows (pipeline.own_keep_outs,
    # below X886's twenty): (rule, condition, its place, the values it kept and left out, rows left out, rows,
    # export), which X980 names before any other cause when the classes without owner lost their teachers
    # with them (tester89 T7: an `active` condition read the wrong way round, blamed on a D376 row).
    staff_left_by_condition: tuple[str, str, str, str, int, int, str] | None = None
    # The IDs that rule's export gives on its rows: of the V504 staff, only those are the condition's to
    # have left out; an ID no staff row gives is not (review204 R2). None when its ID is not read so.
    staff_left_ids: frozenset[str] | None = None
    # Of the enrolment rows naming classes no classes row holds, by export: what the IDs' shape says against the
    # IDs the classes rule builds (pipeline.unheld_classes.note_shape): "zeros" (lost, as a spreadsheet drops
    # them) or "template" (a part more or less: the profile's two templates), with the words for the refusal
    # and its step; and, whatever the shape, the two templates with their places (tester89 T8).
    unheld_shapes: dict[str, dict[str, str]] = field(default_factory=dict)
    # The exports a users rule's join found no row in for people tonight's rows name, that hold most of their IDs
    # in a column all the same (pipeline.missing_rows): whether the rule makes staff, and the join's words, for X882
    # and X980 to lead with (tester89 T8).
    joins_misread: dict[str, tuple[bool, str]] = field(default_factory=dict)
    # Nothing published for want of the schools (X903), their IDs a column of the schools export the orgs' sourcedId
    # does not read: in words, for X903's step (pipeline.school_other_column.orgs_said, tester89 T8).
    orgs_keyed_otherwise: str = ""
    # User IDs that now name another person (X939, X938): their links changed with them, no row mistyped (V557).
    reassigned_ids: set[str] = field(default_factory=set)
    # The code that left each class out, by the hash of its ID (`_followed`): a few bytes a class.
    _class_left_by: dict[int, str] = field(default_factory=dict)
    # The enrolments left out with their class (V503) once the classes left with no student are
    # known (F412: the staff's rows, checked one by one by either engine), by the code that left
    # that class out (F405 ended, F412, ...); and the records D304 left out, by table.field:
    # report.data_cause names a cause only when these counts prove it (reviewer117 R3). The
    # students' rows before are not counted here: an engine counts those past the examples in bulk,
    # and both engines must give the same step. Not in the report's JSON.
    followed_by: Counter[str] = field(default_factory=Counter)
    _emptied: bool = False  # a class left with no student (F412): the staff's enrolments are checked now
    blank_by: Counter[str] = field(default_factory=Counter)
    _derived: bool = False  # see derived_records
    _guardians: bool = False  # see guardian_records

    def add(self, code: Code, where: Where = NOWHERE, **params: object) -> Problem:
        where = self._as_headed(where)
        problem = Problem(code, where, params)
        if self.recorder is not None:
            self.recorder(("add", code.slug, _fields(where), params))
            return problem
        self._count(code, 1)
        self.left_out.note(code, where, derived=self._derived, guardian=self._guardians)
        self._followed(code, where, params)
        if code.slug in NAMES_USER and isinstance(value := params.get("value"), str):
            self.names_user(value, where.file, where.line, code.id, where.table)
        if code.slug == CLASS_UNDATED and where.record:
            self.classes_undated.add(where.record)
        if code.slug == WRITTEN_OTHERWISE and isinstance(value := params.get("value"), str):
            written = self.written_otherwise.setdefault((where.table, where.file), set())
            if len(written) < WRITTEN_KEPT:
                written.add(value)
        kept = self.examples.setdefault(code.id, [])
        if len(kept) < self.max_examples:
            kept.append(problem)
        if code.action is Action.ABORT:
            self.aborts.append(problem)
        elif code.action is Action.DROP_ROW and self.on_drop is not None:
            self.on_drop(problem)
        return problem

    def _followed(self, code: Code, where: Where, params: dict[str, object]) -> None:
        """A class left out: by which code; an enrolment left out with its class (V503): counted
        in `followed_by` by the code that left the class out (none known: not counted); a record
        left out for a required field left blank (D304): in `blank_by` by the field."""
        if code.action is not Action.DROP_ROW:
            return
        if code.slug == REQUIRED_BLANK:  # by the field left blank: report.data_cause's column gone
            self.blank_by[f"{params.get('table')}.{params.get('field')}"] += 1
        if where.table == "classes" and where.record:
            ended = str(params.get("end") or "") < str(params.get("as_of") or "")  # F405's term over
            self._class_left_by[hash(where.record)] = sys.intern(f"{code.id} ended") if ended else code.id
            self._emptied = self._emptied or code.slug == CLASS_EMPTY
        elif code.slug == FOLLOWS_CLASS and where.table == "enrollments" and self._emptied:
            cause = self._class_left_by.get(hash(str(params.get("value"))))
            if cause is not None:
                self.followed_by[cause] += 1

    def classes_left_by(self) -> Counter[str]:
        """The classes left out, by the code that left each out ("F405 ended": its term over)."""
        return Counter(self._class_left_by.values())

    def class_left_by(self, class_id: str) -> str | None:
        """The code that left the class out ("F412", "F405 ended"), None when it was not left out."""
        return self._class_left_by.get(hash(class_id))

    def _as_headed(self, where: Where) -> Where:
        """`where`, its column (or columns: "First_Name, Mother") spelled as its file's header is."""
        names = self.header_names.get(where.file) if where.column else None
        if not names:
            return where
        column = ", ".join(names.get(part.strip().casefold(), part) for part in where.column.split(", "))
        return where if column == where.column else dataclasses.replace(where, column=column)

    def count_only(self, code: Code, file: str, table: str) -> bool:
        """All `add` would do with a problem is count it (its code's examples are full, no
        explain file sees drops, and it does not count against its row): counted, True. False:
        the caller calls `add` (pipeline.columnar saves making the place of every follow-on;
        the validator, the place and person of every shared phone past the examples). A derived
        record's problem (`derived_records`) is counted alike: `derived` tells apart only the
        problems that count against their row, which are never only counted."""
        if (
            self.recorder is not None
            or code.action is Action.ABORT
            or len(self.examples.get(code.id, ())) < self.max_examples
            or (code.action is Action.DROP_ROW and (self.on_drop is not None or counts_against_row(code)))
            or code.slug in VALUES_KEPT
        ):
            return False
        self._count(code, 1)
        if code.action is Action.DROP_ROW:
            self.left_out.counted(code, file, table, 1)
        return True

    def only_counted_past_examples(self, code: Code) -> bool:
        """Whether, once `code`'s examples are full, all `add` does with a problem of it is
        count it: then `count_past_examples` may count many at once."""
        if self.recorder is not None:
            return self.bulk is not None and self.bulk.only_counted(code)
        return (
            self.max_examples > 0
            and not self._derived
            and code.action is not Action.ABORT
            and not (code.action is Action.DROP_ROW and (self.on_drop is not None or counts_against_row(code)))
            and code.slug not in VALUES_KEPT
        )

    def count_past_examples(self, code: Code, file: str, table: str, count: int) -> None:
        """`count` problems of `code`, each after at least `max_examples` of them were added, of
        a code `only_counted_past_examples` holds: what `add` would do with each, at once."""
        if self.recorder is not None:
            assert self.bulk is not None
            self.bulk.count(code, file, table, count)
            return
        assert len(self.examples.get(code.id, ())) >= self.max_examples
        self._count(code, count)
        if code.action is Action.DROP_ROW:
            self.left_out.counted(code, file, table, count)

    def lost_whole(self, file: str, line: int, cells: list[str]) -> None:
        """A row lost before it was mapped (I205, added next): its cells hold its ID somewhere, for
        the safety gate to find a removed record by (pipeline.dropped_gate); a worker's go to
        the main process as the problems do (`replay`), so that both engines find the same."""
        if self.recorder is not None:
            self.recorder(("lost", file, line, list(cells)))
            return
        self.left_out.lost_whole(file, line, cells)

    def names_user(self, user: str, file: str, line: int, code_id: str, table: str, source: str = "") -> None:
        """A row names `user` in a record it would have made, left out only because no row of the
        user was read (`named_users`); a worker's go to the main process as its problems do."""
        if self.recorder is not None:
            self.recorder(("names", user, file, line, code_id, table, source))
            return
        if not user:
            return
        places = self.named_users.get(user)
        if places is None:
            if len(self.named_users) >= NAMED_USERS_KEPT:
                return
            places = self.named_users[user] = []
        if len(places) < NAMED_PLACES:
            places.append((file, line, code_id, table, source))

    def names_user_row(self, user: str, rule: str, class_id: str, dates: tuple[str, ...]) -> None:
        """An enrolment row of rule `rule` naming `user` (`names_user`), in `class_id`, its date
        conditions reading `dates` (`named_rows`); a worker's go to the main process as its problems do."""
        if self.recorder is not None:
            self.recorder(("rows", user, rule, class_id, dates))
            return
        rows = self.named_rows.get(user)
        if rows is None:
            if not user or self.named_rows_full:
                return
            if len(self.named_rows) >= NAMED_ROWS_KEPT:
                self.named_rows_full = True
                self.named_rows.clear()
                return
            rows = self.named_rows[user] = {}
        rows.setdefault((rule, tuple(dates)), set()).add(class_id)

    def counts_class_row(self, class_id: str, ends: bool, rows: int = 1) -> None:
        """`rows` student enrolment rows of `class_id` kept tonight, ending tonight or not (`class_rows`)."""
        if self.recorder is not None:
            self.recorder(("classrow", class_id, ends, rows))
            return
        counted = self.class_rows.get(class_id)
        if counted is None:
            counted = self.class_rows[class_id] = [0, 0]
        counted[0 if ends else 1] += rows

    def names_class(self, class_id: str, file: str, line: int, code_id: str, user: str = "") -> None:
        """A current enrolment row of `user` ("" when unread) names `class_id`, which no row of the
        classes export has (`named_classes`, `unheld_rows`); a worker's go to the main process as its
        problems do."""
        if self.recorder is not None:
            self.recorder(("class", class_id, file, line, code_id, user))
            return
        if not class_id:
            return
        if code_id in _UNHELD and file and line > 0:
            self.unheld_rows.setdefault((file, code_id), {}).setdefault(user, []).append(line)
        places = self.named_classes.get(class_id)
        if places is None:
            if len(self.named_classes) >= NAMED_USERS_KEPT:
                return
            places = self.named_classes[class_id] = []
        if len(places) < NAMED_PLACES:
            places.append((file, line, code_id))

    def names_dropped(self, class_id: str) -> None:
        """A current student enrolment row names `class_id`, a class left out (`dropped_named`); a
        worker's go to the main process as its problems do."""
        if self.recorder is not None:
            self.recorder(("dropclass", class_id))
            return
        if class_id and len(self.dropped_named) < NAMED_USERS_KEPT:
            self.dropped_named.add(class_id)

    def drops_staff_class(self, user: str, class_id: str, column: str = "") -> None:
        """A staff enrolment of `class_id` left out because `user` is in no kept record (V504), its
        `column` naming her (`staff_classes_dropped`); a worker's go to the main process as its
        problems do."""
        if self.recorder is not None:
            self.recorder(("staffclass", user, class_id, column))
            return
        if not user or not class_id:
            return
        classes = self.staff_classes_dropped.get(user)
        if classes is None:
            if len(self.staff_classes_dropped) >= NAMED_USERS_KEPT:
                return
            classes = self.staff_classes_dropped[user] = set()
            self.staff_dropped_column[user] = column
        classes.add(class_id)

    def misses_user(self, source: str, key: str, class_id: str, role: str, where: Where, code_id: str) -> None:
        """A current enrolment row of `class_id` whose user join found no row of `source` by `key`
        (`users_missed`); a worker's go to the main process as its problems do."""
        if self.recorder is not None:
            self.recorder(("missed", source, key, class_id, role, _fields(where), code_id))
            return
        held = self.users_missed.get((source, key))
        if held is None:
            if len(self.users_missed) >= NAMED_USERS_KEPT:
                return
            self.users_missed[source, key] = [set(), role, where.file, where.line, where.column, code_id, 0]
            held = self.users_missed[source, key]
        if class_id:
            held[0].add(class_id)
        held[6] += 1
        if (where.file, where.line) < (held[2], held[3]):  # the first row, whatever order they were mapped in
            held[2:6] = [where.file, where.line, where.column, code_id]

    def own_problem(
        self, code: Code, where: Where, clue: list[str], key: str = "", *, suspect: str = "", shape: str = ""
    ) -> None:
        """A problem of a kind that is most often a knock-on (D300: a record pointing to one that
        is not there) left this row out for the row's own sake (an empty key, a term code no term
        has): held as a problem's drop for the safety gate (LeftOut.problem_drops, X981/X983),
        with `clue`, what finds its record when its ID could not be read, and `key`, the key it
        names when filled in (a key several rows name is no one row's problem). Added after `add`.
        `suspect`: the column a row read perhaps shifted stops fitting at, which a condition left out, where
        its cells fit with blanks put back before it (pipeline.suspect_drops, short_rows.refit); `shape`: a hash
        of the row, asked once while it stays unchanged.
        Not for a parent or guardian (their losses are judged by guardians_gate, X969)."""
        if self._derived or self._guardians:
            return
        if self.recorder is not None:
            self.recorder(("own", code.slug, _fields(where), list(clue), key, suspect, shape))
            return
        self.left_out.own_problem(code, where, clue, key, suspect=suspect, shape=shape)

    def stage(self, name: str, total: int | None = None, files: frozenset[str] = frozenset()) -> None:
        """A stage of the run begins (report.progress.STAGES), for a live display."""
        if self.on_stage is not None:
            self.on_stage(name, total, files)

    def add_once(self, key: tuple[str, ...], code: Code, where: Where = NOWHERE, **params: object) -> None:
        """Record a problem the first time `key` is seen: one source cell read for several outputs."""
        if self.recorder is not None:
            self.recorder(("once", code.slug, _fields(where), params, key))
            return
        seen = hash((code.id, *key))
        if seen not in self._once:
            self._once.add(seen)
            self.add(code, where, **params)

    def add_tally(self, key: tuple[str, ...], code: Code, where: Where = NOWHERE, **params: object) -> None:
        """A problem every time it is found, counted so, but one example per `key` (a value not in
        a map: one line per value, not per row): the first place, with `rows` the times found."""
        if self.recorder is not None:
            self.recorder(("tally", code.slug, _fields(where), params, key))
            return
        seen = hash((code.id, *key))
        if seen not in self._tallies:
            problem = self.add(code, where, rows=1, **params)
            kept = self.examples.get(code.id, [])
            self._tallies[seen] = problem if kept and kept[-1] is problem else None
            return
        self._count(code, 1)
        self.left_out.note(code, where, derived=self._derived, guardian=self._guardians)
        example = self._tallies[seen]
        if example is not None:
            rows = example.params["rows"]
            assert isinstance(rows, int)
            example.params["rows"] = rows + 1

    def replay(self, event: Event) -> None:
        """Add a problem a recorder was handed (see `recorder`)."""
        if event[0] == "lost":
            self.lost_whole(event[1], event[2], event[3])
            return
        if (method := _REPLAYED.get(event[0])) is not None:  # the event's fields are the method's arguments
            getattr(self, method)(*event[1:])
            return
        if event[0] == "rows":
            self.names_user_row(event[1], event[2], event[3], tuple(event[4]))
            return
        if event[0] == "classrow":
            self.counts_class_row(event[1], event[2], event[3])
            return
        if event[0] == "staffclass":
            self.drops_staff_class(event[1], event[2], event[3])
            return
        if event[0] == "missed":
            self.misses_user(event[1], event[2], event[3], event[4], Where(*event[5]), event[6])
            return
        if event[0] == "own":
            self.own_problem(BY_SLUG[event[1]], Where(*event[2]), event[3], event[4], suspect=event[5], shape=event[6])
            return
        code = BY_SLUG[event[1]]
        if event[0] == "once":
            self.add_once(event[4], code, Where(*event[2]), **event[3])
        elif event[0] == "tally":
            self.add_tally(event[4], code, Where(*event[2]), **event[3])
        elif (
            len(self.examples.get(code.id, ())) >= self.max_examples
            and code.slug not in VALUES_KEPT
            and code.action is not Action.ABORT
            and (code.action is not Action.DROP_ROW or self.on_drop is None)
        ):
            self._count(code, 1)  # all `add` would do with it
            self.left_out.note(code, Where(*event[2]))
            self._followed(code, Where(*event[2]), event[3])
        else:
            self.add(code, Where(*event[2]), **event[3])

    @contextmanager
    def derived_records(self) -> Iterator[None]:
        """Problems of records derived from a row (the guardians named on a student's row):
        one left out does not count the row as left out (LeftOut)."""
        self._derived = True
        try:
            yield
        finally:
            self._derived = False

    @contextmanager
    def guardian_records(self, *, counted: bool = True) -> Iterator[None]:
        """Problems met while the parents and guardians are made (their rows read, the people
        merged, checked and written): one that leaves a parent out is counted as a guardian lost
        (LeftOut.guardians), for the safety gate (pipeline.guardians_gate, X969). `counted`
        False: not, for a person who would be left out anyway (no email, phone or sms)."""
        before, self._guardians = self._guardians, counted
        try:
            yield
        finally:
            self._guardians = before

    def add_counts(self, counts: dict[tuple[str, str, str], int]) -> None:
        """Problems only counted, by (slug, file, table): a worker's, past the examples kept
        (pipeline.overlap)."""
        for (slug, file, table), count in counts.items():
            code = BY_SLUG[slug]
            self._count(code, count)
            if code.action is Action.DROP_ROW:
                self.left_out.counted(code, file, table, count)

    def _count(self, code: Code, count: int) -> None:
        self.counts[code.id] += count
        self.codes_seen[code.id] = code

    def reclassify(
        self,
        was: Code,
        now: Code,
        *,
        table: str,
        rows: Counter[str],
        convert: Callable[[Problem], dict[str, object] | None],
    ) -> None:
        """Problems of `was` in `table`, `rows` of them by file, are `now` problems: a row left out
        that left nobody out (the ended row of a student published from another, I273). Counted
        and kept as examples as `now`; `convert` gives a problem's parameters as `now`, None for
        one that stays. The explain file (`on_retract`) takes back their rows when `now` is no
        drop. Not with a recorder: called in the process that counted them."""
        moved = sum(rows.values())
        self.counts[was.id] -= moved
        if self.counts[was.id] <= 0:
            del self.counts[was.id]
        self._count(now, moved)
        for file, count in rows.items():
            self.left_out.places[was.id, file, table] -= count
            if self.left_out.places[was.id, file, table] <= 0:
                del self.left_out.places[was.id, file, table]
            if now.action is Action.DROP_ROW:
                self.left_out.counted(now, file, table, count)
        stays, taken = [], self.examples.setdefault(now.id, [])
        for problem in self.examples.pop(was.id, []):
            params = convert(problem) if problem.where.table == table else None
            if params is None:
                stays.append(problem)
            elif len(taken) < self.max_examples:
                taken.append(Problem(now, problem.where, params))
        if stays:
            self.examples[was.id] = stays
        if not taken:
            del self.examples[now.id]
        if self.on_retract is not None and now.action is not Action.DROP_ROW:
            self.on_retract(was.id, table, lambda record: convert(Problem(was, Where(record=record), {})) is not None)

    def withdraw(self, code: Code, which: Callable[[Problem], bool] | None = None) -> None:
        """Take back every problem of `code`, a note the run has since made untrue (X927, the last
        delivery overdue, said before tonight's delivery reached the server: tester49 F9), or those
        `which` picks among the examples kept (a kind's V555, which X829 says in its place). A code
        counted past its examples (a low max_examples) keeps the count of those not kept, which
        cannot be picked: only the picked examples are taken off it (reviewer131 R5: a ValueError, a
        traceback, with max_examples=1 and two kinds' V555). Only a note: nothing of it was counted
        against a row, left out or stopped the run."""
        if code.action is not Action.NOTE:
            raise ValueError(f"{code.id} is no note: it cannot be taken back")
        kept = self.examples.get(code.id, [])
        stays = [p for p in kept if which is not None and not which(p)]
        left = self.counts.get(code.id, 0) - (len(kept) - len(stays)) if which is not None else 0
        if left > 0:
            self.counts[code.id] = left
            self.examples[code.id] = stays
            return
        self.counts.pop(code.id, None)
        self.examples.pop(code.id, None)

    def add_problem(self, problem: Problem) -> None:
        self.add(problem.code, problem.where, **problem.params)

    @property
    def dropped(self) -> int:
        return sum(n for cid, n in self.counts.items() if self.codes_seen[cid].action is Action.DROP_ROW)

    def count(self, severity: Severity) -> int:
        return sum(n for cid, n in self.counts.items() if self.codes_seen[cid].severity is severity)

    def flatten(self, *keys: str) -> list[tuple[object, ...]]:
        """The kept examples as tuples, e.g. flatten("code", "file", "line", "column")."""
        rows = []
        for cid in sorted(self.examples):
            for problem in self.examples[cid]:
                data = problem.to_dict()
                rows.append(tuple(data[k] for k in keys))
        return rows

    def to_dict(self, *, redact: bool = False) -> dict[str, Any]:
        by_code = []
        for cid in sorted(self.counts):
            code = self.codes_seen[cid]
            by_code.append(
                {
                    "code": cid,
                    "slug": code.slug,
                    "severity": str(code.severity),
                    "action": str(code.action),
                    "count": self.counts[cid],
                    "examples": [p.to_dict(redact=redact) for p in self.examples.get(cid, [])],
                }
            )
        return {
            "format": REPORT_FORMAT_VERSION,
            "published": self.published,
            "status": self.status,
            "facts": self.facts,
            "rows_read": dict(sorted(self.rows_read.items())),
            "rows_written": dict(self.rows_written),
            "totals": {
                "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
                "info": self.count(Severity.INFO),
                "dropped": self.dropped,
            },
            "problems": by_code,
            "left_out": [
                {"code": cid, "file": file, "table": table, "count": count}
                for (cid, file, table), count in sorted(self.left_out.places.items())
            ],
        }

    def to_json(self, *, redact: bool = False) -> str:
        return json.dumps(self.to_dict(redact=redact), indent=2, ensure_ascii=False) + "\n"


def started(facts: dict[str, Any]) -> str:
    """The report a run writes over --report's file as it begins, replaced by its own at the end: a
    run killed (SIGKILL, the system out of memory, a reboot) left the night before's, which said
    published at exit 0, for a pipeline to read as tonight's (tester75 O5). This one says the run
    began (`facts`: its ran_at and the command's facts), published nothing yet, and has no exit status."""
    report = Report(facts=dict(facts), status=RUNNING)
    return report.to_json()


def ended_on_bug(facts: dict[str, Any], *, published: bool) -> str:
    """The report a run that stopped on a bug (exit 3) writes over its "running" one (reviewer161 R3):
    status failed, facts.exit_status 3, `published` as OUT's state folder tells (false when unknown:
    facts.next_step says so)."""
    return Report(facts=dict(facts), status=FAILED, published=published).to_json()


def this_run(held: str, *, ran_at: str) -> dict[str, Any] | None:
    """--report's file (`held`, its text) when it is a report of the run begun at `ran_at`, else None."""
    try:
        report = json.loads(held)
    except ValueError:
        return None
    facts = report.get("facts") if isinstance(report, dict) else None
    return report if isinstance(facts, dict) and facts.get("ran_at") == ran_at else None


def bug_after_end(report: dict[str, Any], *, bug: str) -> str:
    """The report a bug that came after the run wrote its own end (`report`: drawing the page, saying the
    summary) leaves (reviewer167 R2): the same report, every code and count kept, facts.exit_status 3 and
    facts.note saying the bug."""
    note = (
        f"after this report was written, the run stopped on a bug (exit 3: {bug}); what it says of the run "
        "stands. Report the bug with the traceback a rerun with --debug shows"
    )
    return noted(report, exit_status=3, note=note)


def noted(report: dict[str, Any], *, exit_status: int, note: str) -> str:
    """`report` (a finished one) with the exit status the process ended on and a note saying why."""
    report["facts"]["exit_status"] = exit_status
    report["facts"]["note"] = note
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
