"""Source rows to drafts of output records, through a rule: joins, where, columns, cleaners."""

from __future__ import annotations

import functools
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from transform.cleaners.base import Cleaner
from transform.cleaners.dates import zero_date
from transform.cleaners.ids import (
    PLACEHOLDERS,
    first_filled,
    id_refusal,
    is_filled,
    is_placeholder_word,
    unfilled_words,
)
from transform.cleaners.phones import PLACEHOLDER_NUMBERS
from transform.profile import templates
from transform.profile.compile import ANY_YEAR, ColumnPlan, ConditionPlan, JoinPlan, Plan, RulePlan
from transform.profile.templates import OUT_ALIAS, FieldRef, Part, fields, parse_field
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Event, Report

from . import doubled_terms, export_columns, fastpath, guardian_words, list_separators, lookups, spans
from .compact import hex_hash
from .conditions import (
    DATE_ORDER,
    ENDED_WITH_TERM,
    NUMBER_OPS,
    passes,
    reversed_dates,
    row_passes,
    taken_from_row,
    with_term,
)
from .rows import CONTACT_POINTS, FELL_BACK, MULTI_SEP, OWN_YEAR, UNREAD, Draft, Indexes, SourceRow, who_of

# Given the record of a row a condition leaves out: True when it follows a record left out
# (reported so); Validator.follow_on. `follow_ons` makes the FollowOn that finds the record.
Follows = Callable[[Draft], bool]
# Told of each row a condition leaves out (and reports), with the condition and what makes the
# record the row would have made, up to the columns named: LeftSchools.row_left_out notes a
# student's ended school.
Ended = Callable[[ConditionPlan, Callable[[frozenset[str]], Draft | None], str], None]  # ..., the row's file


class JoinMiss(Exception):
    def __init__(self, join: JoinPlan, key: tuple[str, ...]) -> None:
        super().__init__(join.alias)
        self.join = join
        self.key = key


class _Dropped(Exception):
    """The row is left out; the reason is already in the report."""


class RowContext:
    """Reads {Column}, {alias.Column} and {out.column} for one row; joins run on first use."""

    __slots__ = (
        "_joined",
        "_keys",
        "fell_back",
        "indexes",
        "out",
        "report",
        "row",
        "rule",
        "settings",
        "unmapped",
        "unread",
        "unsaid_maps",
        "with_term",
    )

    def __init__(
        self,
        row: SourceRow,
        rule: RulePlan,
        indexes: Indexes,
        settings: dict[str, Any],
        report: Report | None = None,
    ) -> None:
        self.settings = settings
        # Where a join that ignores case says it joined a key written in other letter case
        # (D331); None for a context that only looks (row_ids, a probe): the row's mapping says it.
        self.report = report
        self.row = row
        self.rule = rule
        self.indexes = indexes
        self.out: dict[str, str] = {}
        # Output columns whose cell held a value a cleaner could not read (blanked): the value,
        # the issue's code and the export's column it was read from, for a required column's
        # message (required-value-unread) and a parent's contact points (V573, X808).
        self.unread: dict[str, tuple[str, str, str]] = {}
        # Output columns whose value is not their first choice (`FELL_BACK`): a rule that
        # combines rows keeps another row's first choice over it (pipeline.combine).
        self.fell_back: dict[str, int] = {}
        self._joined: dict[str, dict[str, str]] = {}
        self._keys: dict[str, tuple[str, ...]] = {}  # the key each join found its one row by
        self.with_term = False  # kept as the term's last night kept it (`_kept_with_term`)
        # A guardian's row whose link the link_where drops writes none of its values: a value not in a
        # map is not said 'written as' (tester69 F9: 44 emergency grandparents, D302 every night).
        self.unsaid_maps = False
        # A users record's columns written as their map's default for a value the map lacks
        # (`_apply_map`): the record's ID is noted by them (Report.unmapped_ids).
        self.unmapped: tuple[str, ...] = ()

    def get(self, ref: FieldRef) -> str:
        if ref.alias is None:
            return self.row.get(ref.key)
        if ref.alias in self.rule.joins:
            return self._join(ref.alias).get(ref.key, "")
        if ref.alias == OUT_ALIAS:
            return self.out.get(ref.column, "")
        return str(self.settings.get(ref.column) or "")  # {settings.NAME}; the checker allows no other

    def where(self, column: str = "") -> Where:
        """Where this row is, the sourcedId it would have had, and its school, name and SIS
        number as read (for the explain file)."""
        # An ID holding what no ID may (a list separator, a control character), or a SIS number no
        # ID screen passes (a formula), is a value: it stays in the problem's parameters, where
        # --redact finds it, not in the place. (A record a spreadsheet would read as a formula,
        # a dropped enrolment's -2003-5017, is written defused.)
        record = self._peek("sourcedId")
        school, name, number = who_of(self.rule.table, self._peek)
        return Where(
            self.row.file,
            self.row.line,
            self.row_column(column),
            self.rule.table,
            "" if _unsafe_id(record) else record,
            (school, name, "" if _unsafe_id(number, "id-formula") else number),
        )

    def _peek(self, name: str) -> str:
        """An output column's value as the row gives it, before any cleaning (else as mapped so
        far; "" when a join it needs misses)."""
        spec = next((c for c in self.rule.columns if c.name == name), None)
        if spec is None:
            return self.out.get(name, "")
        try:
            if spec.first_of:
                return _first_filled(spec, (self.get(ref) for ref in spec.first_of))
            return spec.fixed if spec.fixed is not None else self.render(spec.parts).strip()
        except JoinMiss:
            return ""

    def render(self, parts: tuple[Part, ...]) -> str:
        if len(parts) == 1:  # a lone placeholder: the caller strips (or keeps) the whole cell
            return parts[0] if isinstance(parts[0], str) else templates.cell(parts[0], self.get)
        # Each cell stripped where it is put together with others: " 1004 " padded in an export
        # is the ID 1004 in "{SectionID}-{Student_Number}" too, as it is alone.
        return "".join(p if isinstance(p, str) else templates.cell(p, self.get).strip() for p in parts)

    def joined_to(self, alias: str, values: dict[str, str]) -> None:
        """Read the join `alias` as this row of its source (normalized columns), not by the key."""
        self._joined[alias] = values

    def check_references(self) -> None:
        """Run the joins whose miss may leave the row out though it reads none of their values
        (`dangling: drop`), as the generated function does: JoinMiss when one does."""
        for alias, join in self.rule.joins.items():
            if join.drop_dangling:
                self._join(alias)

    def _join(self, alias: str) -> dict[str, str]:
        if alias not in self._joined:
            join = self.rule.joins[alias]
            key = tuple(self.get(ref).strip() for ref in join.local)
            if join.pick is not None and join.pick.by_year:  # a row naming no school year: dates pick among all
                named = lookups.school_year_named(key[-1], starts=join.pick.year_starts) if key[-1] else ANY_YEAR
                key = (*key[:-1], named)
            folded: tuple[str, ...] | None = None
            if join.split:
                found = self._join_list(join, key[0])
                if self.report is not None:  # a key list written with another separator (I232)
                    notes = list_separators.watch(self.report, self.rule, alias, join.split, join=True)
                    where = functools.partial(self.where, str(join.local[0]))
                    list_separators.seen(notes, value=key[0], where=where, found=found is not None)
            else:
                index = self.indexes[join.index_key]
                found = index.find(key) if all(key) else None
                if found is None and join.ignore_case and all(key):
                    folded = lookups.case_twin(index, key)
                    found = index.find(folded) if folded is not None else None
                if found is not None:
                    self._keys[alias] = folded or key
            if found is None:
                if join.required or (join.drop_dangling and all(key) and self.indexes[join.index_key].rows):
                    raise JoinMiss(join, key)
                found = {}
            self._joined[alias] = found
            if folded is not None and self.report is not None:
                self._say_folded(join, key, folded)
        return self._joined[alias]

    def _say_folded(self, join: JoinPlan, key: tuple[str, ...], held: tuple[str, ...]) -> None:
        """D331: the row's key joined the row of the source that has it in other letter case."""
        assert self.report is not None
        # The key is an address, personal data: `value` and `kept`, which --redact blanks.
        differing = [str(ref) for ref, ours, theirs in zip(join.local, key, held, strict=True) if ours != theirs]
        self.report.add(
            codes.code("join-key-case-folded"),
            self.where(", ".join(differing)),
            rule=self.rule.label,
            source=join.source,
            columns="+".join(str(ref) for ref in join.local),
            value="+".join(key),
            kept="+".join(held),
        )

    def own_keys(self) -> Iterable[tuple[str, tuple[str, ...]]]:
        """Each join that found its one row, with the key it found it by."""
        return self._keys.items()

    def cell_where(self, source_column: str) -> Where:
        """Where a cell the row reads is: `alias.Column` read through a join that found one row
        names that row of the joined export and the column as it has it (a OneRoster 1.2 user's
        phone: users.csv, not the roles.csv row joining it); any other, this row."""
        alias, _, column = source_column.partition(".")
        key = self._keys.get(alias) if column else None
        place = lookups.place_of(self.indexes[self.rule.joins[alias].index_key], key) if key else None
        if place is None:
            return Where(file=self.row.file, line=self.row.line, column=self.row_column(source_column))
        return Where(file=place[0], line=place[1], column=column)

    def row_column(self, column: str) -> str:
        """`column` as this row's export has it: a joined `alias.Column` is named by the row's cells
        that joined it (cc.txt's StudentID for student.Student_Number; tester63 F4)."""
        alias, dot, _ = column.partition(".")
        if not dot or alias not in self.rule.joins or "," in column:
            return column
        return ", ".join(export_columns.row_cells(self.rule, parse_field(column)))

    def _join_list(self, join: JoinPlan, cell: str) -> dict[str, str] | None:
        index = self.indexes[join.index_key]
        matches = [
            m for item in cell.split(join.split) if item.strip() if (m := index.find((item.strip(),))) is not None
        ]
        if len(matches) <= 1:
            return matches[0] if matches else None
        return {column: MULTI_SEP.join(m[column] for m in matches) for column in matches[0]}


def map_rows(
    rows: Iterable[SourceRow],
    *,
    rule: RulePlan,
    plan: Plan,
    indexes: Indexes,
    extras: dict[str, tuple[Part, ...]],
    report: Report,
    follows: Follows | None = None,
    ended: Ended | None = None,
) -> Iterator[Draft]:
    """One draft per admitted row; `extras` are templates rendered for the filters; `follows`
    and `ended`: see `interpret_row`.

    Rows go through the rule's generated function first (pipeline.fastpath); a row it gives
    back, one that needs a report, is mapped here."""
    compiled: dict[int, fastpath.FastRow] = {}
    use_fast = fastpath.eligible(rule)
    follow_on = follow_ons(follows, rule, plan, indexes)
    for row in rows:
        if use_fast:
            fast = compiled.get(id(row.index))
            if fast is None:
                fast = fastpath.compile_rule(rule, plan, indexes, row.index, row_passes, extras, report)
                compiled[id(row.index)] = fast
            made: Any = fast(row.cells)
            if made is not None:
                out, extra = made if extras else (made, {})
                yield Draft(rule.table, out, row.place(), rule.label, extra)
                continue
            if follow_on is not None and follow_on.followed(row):
                continue
        yield from interpret_row(
            row, rule=rule, plan=plan, indexes=indexes, extras=extras, report=report, follows=follow_on, ended=ended
        )


def _unsafe_id(value: str, *also: str) -> bool:
    """Whether the ID holds a character no ID may (or is refused for one of `also`'s reasons)."""
    refused = id_refusal(value) if value else None
    return refused is not None and refused[0] in ("id-unsafe-character", *also)


def interpret_row(
    row: SourceRow,
    *,
    rule: RulePlan,
    plan: Plan,
    indexes: Indexes,
    extras: dict[str, tuple[Part, ...]],
    report: Report,
    follows: FollowOn | None = None,
    ended: Ended | None = None,
) -> Iterator[Draft]:
    """The row's drafts as the interpreter makes them, reporting (`map_rows` without the
    generated code: for a row known to need a report). `follows` (`follow_ons`): a row a
    condition leaves out whose record follows a record left out is reported so, not for the
    condition (an enrolment of a class of another term follows its class, whatever its dates say).
    `ended` is told of a row a condition leaves out (a student's row at a school that ended)."""
    ctx = RowContext(row, rule, indexes, plan.settings, report)
    try:
        if not all(_admits(ctx, cond, plan, report, follows, ended) for cond in rule.where):
            return
        ctx.check_references()  # a row the where leaves out is not reported for them
        for column in rule.columns:
            ctx.out[column.name] = _column_value(ctx, column, report)
        if rule.groups:
            yield from _group_drafts(ctx, rule, extras, report)
            return
        extra = _with_unread({name: ctx.render(parts) for name, parts in extras.items()}, ctx)
        if ctx.with_term:
            extra[ENDED_WITH_TERM] = "1"
    except JoinMiss as miss:
        _report_join_miss(miss, ctx, report, plan)
        return
    except _Dropped:
        return
    if ctx.unmapped:
        _note_unmapped(ctx, report)
    yield Draft(rule.table, ctx.out, row.place(), rule.label, extra)


def _note_unmapped(ctx: RowContext, report: Report) -> None:
    """Note the record's ID by the columns written as their map's default for a value it lacks: a
    record whose value of the last set the map held falls to that default tonight for a value it
    lacks, not for a value it sends there ('13': Other), is one that lost its value (pipeline.columns_gate)."""
    if sourced_id := ctx.out.get("sourcedId", ""):
        for name in ctx.unmapped:
            report.unmapped_ids.setdefault(name, set()).add(sourced_id)


def row_ids(row: SourceRow, *, rule: RulePlan, plan: Plan, indexes: Indexes, quiet: Report) -> list[str]:
    """The sourcedIds the row gives its records, whatever its where or its other cells say (a
    class of another school year, a row with a value the profile drops): the records the export
    lists, left out or not. The columns up to the ID are mapped (it may read one of them),
    reporting to `quiet`, which the caller throws away: the row's own mapping reports."""
    ctx = RowContext(row, rule, indexes, plan.settings)
    found: list[str] = []
    for columns in (rule.columns, *(group for _, group in rule.groups)):
        for column in columns:
            try:
                ctx.out[column.name] = _column_value(ctx, column, quiet)
            except (JoinMiss, _Dropped):
                ctx.out[column.name] = ""
            if column.name == "sourcedId":
                if ctx.out[column.name]:
                    found.append(ctx.out[column.name])
                break
    return found


def _group_drafts(
    ctx: RowContext, rule: RulePlan, extras: dict[str, tuple[Part, ...]], report: Report
) -> Iterator[Draft]:
    """`each`: one record per group whose own cells (compile._group_cells), read by `column:` or
    by a template, are not all empty (a section's second teacher, when it has one)."""
    shared, unmapped = ctx.out, ctx.unmapped
    for (_, columns), cells in zip(rule.groups, rule.group_cells, strict=True):
        if not any(ctx.get(ref).strip() for ref in cells):
            continue
        ctx.out, ctx.unmapped = dict(shared), unmapped
        try:
            for column in columns:
                ctx.unread.pop(column.name, None)  # another group's cell is not this one's
                ctx.fell_back.pop(column.name, None)
                ctx.out[column.name] = _column_value(ctx, column, report)
        except _Dropped:
            continue
        extra = _with_unread({name: ctx.render(parts) for name, parts in extras.items()}, ctx)
        if ctx.unmapped:
            _note_unmapped(ctx, report)
        yield Draft(rule.table, ctx.out, ctx.row.place(), rule.label, extra)


@dataclass(slots=True)
class GuardianCandidate:
    """One person as one row names them (a mother column group, a contacts-file row)."""

    values: dict[str, str]
    student: str  # the linked student's sourcedId; empty when the row links none (or fails link_where)
    contact: str
    household: str
    group: int  # position of the `each` group: mother before father
    origin: SourceRow
    rejected: bool = False  # a row of this contact failed the rule's where: the whole contact is out
    not_guardian: bool = False  # rejected as not a guardian at all (emergency-contact: a relative)
    # The row's link to its student failed the guardian's link_where (an emergency contact), which
    # said so: a person no other row links is left out for that reason alone, not as F413.
    unlinked: bool = False
    # The student the row named, when its link_where dropped the link (`student` is then empty).
    named: str = ""
    phone_kind: str = ""  # what the row says its phone is: mobile, landline or "" (guardian.phone_mobile)
    # The rule reads a contact ID and the row's file has its column(s): an empty `contact` is an
    # empty cell (V610), not a column the export lacks (I260 says that).
    contact_read: bool = False
    # The email, phone or sms the row gave that a cleaner could not read, as said ("phone
    # '555-2010' (D306 phone-invalid)"): a person left out for no contact point was not left out
    # on purpose, and the safety gate counts them (V573, X969).
    unread: str = ""
    # Every email, phone or sms of the row a cleaner blanked, placeholders too, with the export's
    # columns, when none is left (`contact_blanked`): a first set losing most parents so (X808).
    blanked: str = ""
    # The row's relationship as written (Mother, Emergency Contact): what the links kept and left
    # out say of the people linked (pipeline.guardian_words, V559 and V562).
    relation: str = ""


PERSON_FIELDS = ("givenName", "familyName", "email", "phone", "sms")
# The drop reason of a contact who is no parent or guardian at all (an emergency contact, a
# OneRoster relative): a student naming them lost no guardian, so is not warned about (V575).
NOT_A_GUARDIAN = "emergency-contact"


def map_guardians(
    rows: Iterable[SourceRow], *, rule: RulePlan, plan: Plan, indexes: Indexes, report: Report
) -> Iterator[GuardianCandidate]:
    """Every person a row names; rows with the same contact, or siblings' rows naming the same
    person, are merged later (pipeline.derive)."""
    guardian = rule.guardian
    assert guardian is not None
    groups = rule.groups or (("", ()),)
    compiled: dict[int, fastpath.GuardianRow] = {}
    read: dict[int, bool] = {}  # per file's header: whether it has the contact column(s)
    related: dict[int, int | None] = {}  # per file's header: the relationship column's position
    for row in rows:
        fast = compiled.get(id(row.index))
        if fast is None:
            fast = compiled[id(row.index)] = fastpath.compile_guardians(
                rule, plan, indexes, row.index, passes, PERSON_FIELDS, report
            )
            read[id(row.index)] = _contact_read(guardian.contact, row.index)
            related[id(row.index)] = guardian_words.relation_at(rule, row.index, report)
        at = related[id(row.index)]
        relation = row.cells[at] if at is not None and at < len(row.cells) else ""
        found = fast(row.cells)
        if found is not None:
            place = row.place()
            kind = _phone_kind(RowContext(row, rule, indexes, plan.settings)) if found and guardian.phone_kinds else ""
            for values, linked, contact, household, index in found:
                yield GuardianCandidate(
                    values,
                    linked,
                    contact,
                    household,
                    index,
                    place,
                    phone_kind=kind if values.get("phone") else "",
                    contact_read=read[id(row.index)],
                    relation=relation,
                )
            continue
        for candidate in _row_guardians(row, rule, plan, indexes, report, groups):
            candidate.contact_read = read[id(row.index)]
            candidate.relation = relation
            yield candidate


def contact_unread(unread: dict[str, tuple[str, str, str]], values: dict[str, str]) -> str:
    """The contact points of a person a cleaner blanked (ctx.unread), as V573 names them; none
    when the person has a contact point all the same, and not a placeholder (none@none.com,
    555-555-5555: the SIS saying there is none, a person left out on purpose, V515)."""
    if any(values.get(name) for name in CONTACT_POINTS):
        return ""
    said = [
        f"{name} {_shown(value)!r} ({code})"
        for name, (value, code, _) in unread.items()
        if name in CONTACT_POINTS and not values.get(name) and not is_placeholder(value, code)
    ]
    return "; ".join(said)


def contact_blanked(unread: dict[str, tuple[str, str, str]], values: dict[str, str]) -> str:
    """Every contact point a cleaner blanked of a person left with none, placeholders too, as
    'the export's columns, a tab, what they held' ("Mother_Home_Phone\tMother_Home_Phone
    '000-000-0000'"): what X808 counts and names of the parents a first set would not publish."""
    if any(values.get(name) for name in CONTACT_POINTS):
        return ""
    blanked = [(read, value) for name, (value, _, read) in unread.items() if name in CONTACT_POINTS]
    if not blanked:
        return ""
    columns = ",".join(dict.fromkeys(read for read, _ in blanked))
    return columns + "\t" + "; ".join(f"{read} {_shown(value)!r}" for read, value in blanked)


def _shown(value: str) -> str:
    return value if len(value) <= UNREAD_SHOWN else value[:UNREAD_SHOWN] + "…"


UNREAD_SHOWN = 40  # characters of an unread value a message names (a cell may hold megabytes)
# Ten digits typed for "no phone" besides one digit repeated.
_NO_PHONE = PLACEHOLDER_NUMBERS | {"1234567890"}


def is_placeholder(value: str, code: str) -> bool:
    """A value the SIS writes for "none": an email placeholder (none@none.com) or one of three
    letters or digits at most (x@x.x) or a placeholder word (NULL, none), a phone of one digit repeated
    (ten digits, or seven) or 123-456-7890."""
    if code.startswith(codes.code("email-placeholder").id) or sum(c.isalnum() for c in value) <= 3:
        return True
    if is_placeholder_word(value):
        return True
    digits = "".join(c for c in value if c.isdigit())
    if not code.startswith(codes.code("phone-invalid").id):
        return False
    # A local number of one digit repeated ("000-0000") is "no phone" as "000-000-0000" is (reviewer63 R5).
    return (len(digits) in (10, 11) and digits[-10:] in _NO_PHONE) or (len(digits) == 7 and len(set(digits)) == 1)


def _contact_read(column: ColumnPlan | None, header: dict[str, int]) -> bool:
    """Whether a file of this header has the column the guardian's contact ID is read from (one
    of `column: [A, B]`; each of a template's), a joined one taken as there."""
    if column is None:
        return False
    own = [r for r in column.first_of if r.alias is None]
    if own and not any(ref.key in header for ref in own):  # `column: [A, B]`: the first not empty
        return False
    return all(r.key in header for r in fields(column.parts) if r.alias is None)


def _row_guardians(
    row: SourceRow,
    rule: RulePlan,
    plan: Plan,
    indexes: Indexes,
    report: Report,
    groups: tuple[tuple[str, tuple[ColumnPlan, ...]], ...],
) -> Iterator[GuardianCandidate]:
    """The interpreter's way for one row, reporting what it finds."""
    guardian = rule.guardian
    assert guardian is not None
    ctx = RowContext(row, rule, indexes, plan.settings, report)
    try:
        contact = _column_value(ctx, guardian.contact, report) if guardian.contact else ""
        failed = next((cond for cond in rule.where if not _admits(ctx, cond, plan, report)), None)
        if failed is not None:
            # Its other rows (phones, links) do not repeat what failed, so the contact is out;
            # but a row another rule takes (a student's row in a users file) is not this
            # contact's: the guardian who has its ID is not left out unsaid on its account.
            if contact and not failed.routes:
                not_guardian = failed.reason.slug == NOT_A_GUARDIAN
                yield GuardianCandidate({}, "", contact, "", 0, row.place(), rejected=True, not_guardian=not_guardian)
            return
        ctx.check_references()
        student = _column_value(ctx, guardian.student, report)
        unlinked = bool(student) and not all(_admits(ctx, cond, plan, report) for cond in guardian.link_where)
        ctx.unsaid_maps = unlinked
        shared = {column.name: _column_value(ctx, column, report) for column in rule.columns}
        named = student if unlinked else ""
        if unlinked:
            student = ""
        students = (
            [s.strip() for s in student.split(guardian.student_separator)]
            if guardian.student_separator and student
            else [student]
        )
        household = ctx.render(guardian.household).strip()
        kind = _phone_kind(ctx) if guardian.phone_kinds else ""
        for index, (_, columns) in enumerate(groups):
            values = dict(shared)
            for column in columns:  # a group's own blanked cells, not another group's
                ctx.unread.pop(column.name, None)
            values.update((column.name, _column_value(ctx, column, report)) for column in columns)
            if contact or any(values.get(name) for name in PERSON_FIELDS):
                for linked in [s for s in students if s] or [""]:
                    yield GuardianCandidate(
                        values,
                        linked,
                        contact,
                        household,
                        index,
                        row.place(),
                        phone_kind=kind if values.get("phone") else "",
                        unlinked=unlinked,
                        named=named,
                        unread=contact_unread(ctx.unread, values),
                        blanked=contact_blanked(ctx.unread, values),
                    )
    except JoinMiss as miss:
        _report_join_miss(miss, ctx, report, plan)
    except _Dropped:
        return


def _phone_kind(ctx: RowContext) -> str:
    """What the row says its phone is (guardian.phone_mobile, guardian.phone_landline): mobile,
    landline, or "" when it says neither (an export that types no phone says nothing)."""
    guardian = ctx.rule.guardian
    assert guardian is not None
    try:
        for kind, cond in (("mobile", guardian.phone_mobile), ("landline", guardian.phone_landline)):
            if cond is not None and taken_from_row(ctx.render(cond.parts), cond):
                return kind
    except (JoinMiss, _Dropped):
        return ""
    return ""


def _report_join_miss(miss: JoinMiss, ctx: RowContext, report: Report, plan: Plan) -> None:
    """D300, naming the columns the join reads; or D386 when the joined export has the key written
    with other leading zeros or letter case ('0300' for '300'): an export damaged (a spreadsheet
    took the zeros off), not a row naming nothing. An error, so it counts against its export's
    rows (X915: past the limit nothing is published), as V608 does for a reference. A class whose
    term the terms export lacks is noted by its school (report.terms_unknown, X943)."""
    local = miss.join.local

    def named(key: tuple[str, ...]) -> str:
        return ", ".join(f"{ref}={value!r}" for ref, value in zip(local, key, strict=True))

    written = _written_otherwise(miss, ctx.indexes)
    if written is not None:
        twin, how = written
        differing = [str(ref) for ref, ours, theirs in zip(local, miss.key, twin, strict=True) if ours != theirs]
        report.add(
            codes.code("join-key-written-otherwise"),
            ctx.where(", ".join(differing)),
            rule=ctx.rule.label,
            source=miss.join.source,
            key=named(miss.key),
            twin=named(twin),
            how=how,
        )
        return
    where = ctx.where(", ".join(str(ref) for ref in local))
    index = ctx.indexes[miss.join.index_key]
    held = miss.key[0] if index.single_key else miss.key
    lost = None if held in index.conflicts else lookups.lost_row(index, miss.key)
    cause = {} if lost is None else {"caused_by": f"I205 {index.file}:{lost}"}
    hint = _affixed_hint(miss, ctx, report) if lost is None else _lost_hint(index.file, lost)
    report.add(
        codes.code("join-missing"),
        where,
        rule=ctx.rule.label,
        source=miss.join.source,
        key=named(miss.key),
        hint=hint or (_miss_hint(miss, ctx.indexes) if lost is None else ""),
        **cause,
    )
    if ctx.rule.guardian is not None:
        _note_guardian_unjoined(ctx, report, plan, (where.file, where.line), named(miss.key), miss)
    if ctx.rule.table == "users" and where.record and ctx.rule.guardian is None and _admitted_but_for(ctx, plan):
        # A role naming a person its users export lacks (OneRoster 1.2's roles.csv): X882's clue.
        report.names_user(
            where.record, where.file, where.line, codes.code("join-missing").id, "users", miss.join.source
        )
    if not all(miss.key) or miss.join.alias in plan.term_joins(ctx.rule):
        # The row's own key is the problem, not a record left out elsewhere: a key cell empty (an
        # enrolment's StudentID), or a term code no term row has (tester49 F4). The safety gate
        # names the record the last set held (X981), or the removals it may be (X983); a term
        # code several rows name is the terms export's lack (X943, X944), not a row's.
        shared = "" if not all(miss.key) else f"{miss.join.source}:{named(miss.key)}"
        report.own_problem(codes.code("join-missing"), where, row_clue(ctx), shared)
    _note_class_unjoined(ctx, report, plan, where.record if lost is None else "", miss)
    if ctx.rule.table == "enrollments" and lost is None and all(miss.key) and _admitted_but_for(ctx, plan):
        # A current enrolment row whose user or class no row of the joined export has: X882's,
        # X888's clue, should tonight's set remove a record of the last set the row names.
        if miss.join.alias in _user_joins(ctx.rule):
            role = ctx._peek("role")  # `role: student`; "" when it reads the join missed (a teacher's StaffStatus)
            report.misses_user(
                miss.join.source,
                named(miss.key),
                ctx._peek("classSourcedId"),
                role if role in _ROLES_WRITTEN else "",
                where,
                codes.code("join-missing").id,
            )
        elif miss.join.source in {rule.source for rule in plan.rules.get("classes", ())}:
            class_id, user = ctx._peek("classSourcedId"), ctx._peek("userSourcedId")
            report.names_class(class_id, where.file, where.line, codes.code("join-missing").id, user)
    if ctx.rule.table == "enrollments" and miss.join.alias in _user_joins(ctx.rule):
        _note_user_unknown(ctx, report, (where.file, where.line), named(miss.key), miss.join.source)
    elif where.record and miss.join.alias in plan.term_joins(ctx.rule):
        _note_term_unknown(report, where, named(miss.key), miss.join.source)
        doubled_terms.note(report, index, held, (named(miss.key), "+".join(miss.key)), miss.join.alias, where, plan)
        noted = report.terms_unknown[where.record]
        if len(noted) == _TERM_UNKNOWN_FIELDS:  # the term's dates at the other schools, once a class
            noted.append(_same_term_elsewhere(miss, ctx, plan, where.who[0], report))


def _note_class_unjoined(ctx: RowContext, report: Report, plan: Plan, class_id: str, miss: JoinMiss) -> None:
    """A current section left out by its own join (its course row missing; not a term join, X943's):
    X888's, should tonight's set remove a class of the last set that current enrolment rows name
    (report.classes_unjoined, tester55 F4)."""
    if ctx.rule.table != "classes" or not class_id or not all(miss.key):
        return
    if miss.join.alias not in plan.term_joins(ctx.rule) and _admitted_but_for(ctx, plan):
        report.classes_unjoined.setdefault(class_id, miss.join.source)


# The guardian rows left out by a join miss whose IDs are kept for F440 (report.guardians_unjoined_rows).
GUARDIANS_UNJOINED_KEPT = 10_000


def _note_guardian_unjoined(
    ctx: RowContext, report: Report, plan: Plan, place: tuple[str, int], key: str, miss: JoinMiss
) -> None:
    """A guardian rule's row left out because a join found no row (D300) that would otherwise
    have made a parent or guardian (it passes its rule's conditions and the link's), counted
    (report.guardians_unjoined: X891) with its contact and student IDs as the row names them (the
    join's key when the student is read through it; report.guardians_unjoined_rows: F440).
    A guardians export with its two ID columns the other way round, read through a join (an
    eSchoolPLUS contact by CONTACT_ID, a Skyward SMS student by STUDENT-ID), has every row so,
    and a first set with no parent at all was published at exit 0 (tester52 F4)."""
    guardian = ctx.rule.guardian
    assert guardian is not None
    if not _admitted_but_for(ctx, plan, (*ctx.rule.where, *guardian.link_where)):
        return
    held = report.guardians_unjoined
    if not held:
        held[:] = [0, place, key, miss.join.source]
    held[0] += 1
    if place < held[1]:  # the first row, whatever order the rows were mapped in
        held[1:] = [place, key, miss.join.source]
    if len(report.guardians_unjoined_rows) < GUARDIANS_UNJOINED_KEPT:
        contact = _as_read(ctx, guardian.contact)
        student = _as_read(ctx, guardian.student) or ",".join(k for k in miss.key if k)
        report.guardians_unjoined_rows.append((contact, student, *place))


def _as_read(ctx: RowContext, column: ColumnPlan | None) -> str:
    """A column's value as the row gives it, before any cleaning; "" when a join it needs misses."""
    if column is None:
        return ""
    try:
        if column.first_of:
            return _first_filled(column, (ctx.get(ref) for ref in column.first_of))
        return column.fixed if column.fixed is not None else ctx.render(column.parts).strip()
    except (JoinMiss, _Dropped):
        return ""


def _admitted_but_for(ctx: RowContext, plan: Plan, conditions: tuple[ConditionPlan, ...] | None = None) -> bool:
    """Whether the row passes every condition of its rule (or `conditions`) that reads no join
    found missing: a current role whose person no row of the joined export has would have made
    that person (an ended role, or one of another kind, would not). Read again, quietly: only
    such rows are."""
    again = RowContext(ctx.row, ctx.rule, ctx.indexes, plan.settings)
    for cond in ctx.rule.where if conditions is None else conditions:
        try:
            text = again.render(cond.parts).strip()
        except JoinMiss:
            continue  # reads the row missing: not known, and not what leaves the row out
        except _Dropped:
            return False
        if not text and cond.allow_empty:
            continue
        passed = passes(cond, text, plan)
        if passed is False and cond.unless_enrolled and _enrolled(again, plan, cond):
            continue
        if passed is False or (passed is None and not cond.keep_invalid_date):
            return False
    return True


def admitted(row: SourceRow, *, rule: RulePlan, plan: Plan, indexes: Indexes) -> bool:
    """Whether every condition of the rule keeps the row, read quietly (the row's own mapping
    reports): a join that misses keeps none."""
    return all(holds(row, cond, rule=rule, plan=plan, indexes=indexes) is not False for cond in rule.where)


def holds(row: SourceRow, cond: ConditionPlan, *, rule: RulePlan, plan: Plan, indexes: Indexes) -> bool | None:
    """Whether the row passes the condition, read quietly; None when its field is blank and the
    condition allows that (a condition the row says nothing to), False for a join that misses."""
    (part,) = cond.parts if len(cond.parts) == 1 else (None,)
    try:
        if isinstance(part, FieldRef) and part.alias is None:  # the row's own cell: read on every row
            text = row.get(part.key).strip()
        else:
            text = RowContext(row, rule, indexes, plan.settings).render(cond.parts).strip()
    except (JoinMiss, _Dropped):
        return False
    if not text and cond.allow_empty:
        return None
    passed = passes(cond, text, plan)
    if passed is False and cond.unless_enrolled:
        return _enrolled(RowContext(row, rule, indexes, plan.settings), plan, cond)
    return passed is True or (passed is None and cond.keep_invalid_date)


def column_as_read(row: SourceRow, *, rule: RulePlan, plan: Plan, indexes: Indexes, name: str) -> str:
    """One output column of the row's record as the rule makes it, read quietly ("" when the rule
    has no such column, or a join it reads misses)."""
    column = next((c for c in rule.columns if c.name == name), None)
    if column is None:
        return ""
    try:
        return _column_value(RowContext(row, rule, indexes, plan.settings), column, _quiet())
    except (JoinMiss, _Dropped):
        return ""


def left_out_by(row: SourceRow, *, rule: RulePlan, plan: Plan) -> str:
    """What of the row the rule's conditions leave it out for, as "status 'tobedeleted'" (the
    column and its value); "" when they keep it, or read a join (not known before the joins are)."""
    ctx = RowContext(row, rule, {}, plan.settings)
    for cond in rule.where:
        try:
            text = ctx.render(cond.parts).strip()
        except (JoinMiss, _Dropped, KeyError):
            return ""
        if not text and cond.allow_empty:
            continue
        if passes(cond, text, plan) is False and not cond.routes:
            if cond.unless_enrolled and _enrolled(ctx, plan, cond):
                continue
            column = next((part.column for part in fields(cond.parts)), cond.name)
            return f"{column} {text!r}"
    return ""


def row_clue(ctx: RowContext) -> list[str]:
    """What finds the record of a row left out whose own ID could not be read (an enrolment's,
    made of its section and its student): the class and the user it names, as far as the row
    gives them (pipeline.dropped_gate)."""
    if ctx.rule.table != "enrollments":
        return []
    return [ctx._peek("classSourcedId"), ctx._peek("userSourcedId")]


def _user_joins(rule: RulePlan) -> frozenset[str]:
    """The joins a rule's userSourcedId reads (an enrolment's student from the students export)."""
    columns = [*rule.columns, *(column for _, group in rule.groups for column in group)]
    return frozenset(
        part.alias
        for column in columns
        if column.name == "userSourcedId"
        for part in fields((*column.parts, *column.first_of, *column.fallback_parts))
        if part.alias is not None
    )


# The enrolment roles a rule may write as they are (report.misses_user): any other is read raw.
_ROLES_WRITTEN = frozenset({"student", "teacher", "aide", "administrator", "proctor", "guardian", "parent"})


def _columns_of(rule: RulePlan) -> list[ColumnPlan]:
    """The rule's columns, those of its groups (`each:`) included."""
    return [*rule.columns, *(column for _, group in rule.groups for column in group)]


def _note_user_unknown(ctx: RowContext, report: Report, place: tuple[str, int], key: str, source: str) -> None:
    """An enrolment row naming a user no row of the joined export has (not one left out on
    purpose: the join finds a withdrawn student), by the class it names: a school whose classes
    all lose their students so is a students export missing the school (school_classes)."""
    class_id = ctx._peek("classSourcedId")
    if not class_id:
        return
    role = next((c.literal for c in _columns_of(ctx.rule) if c.name == "role" and c.literal is not None), "")
    held = report.users_unknown.get((class_id, role))
    if held is None:
        report.users_unknown[class_id, role] = [1, place, key, source]
        return
    held[0] += 1
    if place < held[1]:  # the first row, whatever order the rows were mapped in
        held[1:] = [place, key, source]


def _note_term_unknown(report: Report, where: Where, key: str, source: str) -> None:
    """A class left out because the terms export has no row of its term, by its ID: its school
    and first row (whether an enrolment names it, and which enrolment rules' rows do, is learnt
    later: school_classes.X943, X944)."""
    place = (where.file, where.line)
    held = report.terms_unknown.get(where.record)
    if held is None:
        report.terms_unknown[where.record] = [where.who[0], place, key, source, False, set()]
    elif place < held[1]:  # the first row, whatever order the rows were mapped in
        held[:4] = [where.who[0], place, key, source]


# A class's entry in report.terms_unknown before `_same_term_elsewhere` adds the seventh.
_TERM_UNKNOWN_FIELDS = 6


def _same_term_elsewhere(
    miss: JoinMiss, ctx: RowContext, plan: Plan, school: str, report: Report
) -> tuple[tuple[str, str, str], ...]:
    """The dates the terms export gives the missed term's code at the other schools (a terms
    export lists each term once per school: Aeries TRM's SC and TM, PowerSchool's SchoolID and
    TermID), each with where ("TRM.csv line 3"): the key's parts but the one naming the class's
    `school` equal, the dates read as the term filter reads them. What says whether the classes
    of a school's missing term are tonight's (school_classes: X943, X944). () when the key names
    no school, or no other school lists the code; read once per school and key (`report`)."""
    rule = plan.current_term
    key = miss.key
    if rule is None or miss.join.split or not school or key.count(school) != 1:
        return ()
    cache = report.terms_elsewhere
    if (school, key) in cache:
        return cache[school, key]  # type: ignore[no-any-return]
    index = ctx.indexes[miss.join.index_key]
    at = key.index(school)
    found: set[tuple[str, str, str]] = set()
    for held in index.rows:
        parts = (held,) if index.single_key else held
        if len(parts) != len(key) or parts[at] == school:
            continue
        if any(part != wanted for n, (part, wanted) in enumerate(zip(parts, key, strict=True)) if n != at):
            continue
        row = index.find(tuple(parts)) or {}

        def read(template: tuple[Part, ...], row: dict[str, str] = row) -> str:
            def get(ref: FieldRef) -> str:
                return row.get(ref.key, "") if ref.alias == miss.join.alias else ctx.get(ref)

            return "".join(part if isinstance(part, str) else templates.cell(part, get) for part in template)

        start, end = plan.parse_term_date(read(rule.start)), plan.parse_term_date(read(rule.end))
        if start is not None and end is not None and start <= end:
            place = lookups.place_of(index, tuple(parts))
            found.add((start.isoformat(), end.isoformat(), f"{place[0]} line {place[1]}" if place else ""))
    cache[school, key] = spans_found = tuple(sorted(found))
    return spans_found


def _written_otherwise(miss: JoinMiss, indexes: Indexes) -> tuple[tuple[str, ...], str] | None:
    """The joined export's key that the missed one equals but for leading zeros or letter case,
    and how they differ; None for a list join, a key on rows that differ (D327), a key with a
    blank part, or a key with no such twin."""
    index = indexes[miss.join.index_key]
    held = miss.key[0] if index.single_key else miss.key
    if miss.join.split or held in index.conflicts or not all(miss.key):
        return None
    return lookups.written_twin(index, miss.key)


def _lost_hint(file: str, line: int) -> str:
    """The row the key names was in the export, and lost whole before it was read (I205): that
    row is the one to fix (tester48 F6: "no students row with StudentID='931'" sent the admin to
    look for a student the SIS export lacked)."""
    return (
        f" could be read: {file}:{line} holds it, and was lost whole for I205 (more cells than the "
        "header: a delimiter inside a value); fix that row and this one follows it back"
    )


def _affixed_hint(miss: JoinMiss, ctx: RowContext, report: Report) -> str:
    """The joined export's ID the missed key holds with more before or after it ('3600' in
    '100-3600': a query writing the school before the term ID, tester70 F5), said in D300 and
    counted for the refusal's step (report.summary): nothing is missing in the SIS, the column
    writes the ID otherwise. "" when the key holds none."""
    index = ctx.indexes[miss.join.index_key]
    if miss.key[0] in index.conflicts:
        return ""
    found = lookups.affixed_twin(index, miss.key)
    if found is None:
        return ""
    twin, affix = found
    column = str(miss.join.local[0])
    said = report.facts.setdefault(lookups.AFFIXED_JOINS, {}).setdefault(
        miss.join.source,
        {"column": column, "key": miss.key[0], "twin": twin, "affix": affix, "file": index.file, "count": 0},
    )
    said["count"] += 1
    where = "before" if miss.key[0].endswith(twin) else "after"
    return (
        f", but {twin!r} is one: {column} writes it with {affix!r} {where} it (the export builds the ID of two "
        "values), which the join does not read"
    )


def _miss_hint(miss: JoinMiss, indexes: Indexes) -> str:
    """What the report of a miss adds: rows of the key that differ (none joins), or why an
    optional join's miss leaves the row out."""
    index = indexes[miss.join.index_key]
    held = miss.key[0] if index.single_key else miss.key
    if held in index.conflicts:  # build_index: rows of this key differ (D327)
        first, other = index.conflicts[held]
        return f" joins: {miss.join.source} rows with it differ (lines {first} and {other}, D327)"
    if not miss.join.required:  # `dangling: drop`: the source has rows, and none has this ID
        return f"; {miss.join.source} has rows, so an ID naming none of them is a dangling reference"
    return ""


def _admits(
    ctx: RowContext,
    cond: ConditionPlan,
    plan: Plan,
    report: Report,
    follows: FollowOn | None = None,
    ended: Ended | None = None,
) -> bool:
    text = ctx.render(cond.parts).strip()
    if cond.op in DATE_ORDER and zero_date(text):
        text = ""  # an exporter's "no date" (0000-00-00) is a blank date
    if not text and cond.allow_empty:
        return True
    passed = _passes_row(ctx, cond, text, plan)
    dropping = not passed and not cond.routes and not (passed is None and cond.keep_invalid_date)
    if dropping and (missing := _missing(ctx, cond)):
        return _cells_missing(ctx, cond, missing, report)
    if passed is None and cond.op in NUMBER_OPS:
        if cond.routes:
            return False  # sent to another rule, which reads the row again
        where = ctx.where()
        report.add(
            codes.code("number-invalid-dropped"),
            where,
            rule=ctx.rule.label,
            field=cond.text.split(":")[0],
            value=text,
        )
        # The record's ID may be made of the same garbled cell: what finds the record instead.
        if clue := [cell for cell in row_clue(ctx) if cell]:
            report.lost_whole(where.file, where.line, clue)
        return False
    if passed is None:  # no date: the row is left out, or for a start date kept as if it had started
        report.add(
            codes.code("date-invalid-kept" if cond.keep_invalid_date else "date-invalid-dropped"),
            ctx.where(next((part.column for part in fields(cond.parts)), "")),
            rule=ctx.rule.label,
            field=cond.text.split(":")[0],
            value=text,
        )
        return cond.keep_invalid_date
    if not passed and not cond.routes:
        if follows is not None and (record := follows.record(ctx)) is not None and follows.follows(record):
            return False
        report.left_by_conditions[ctx.rule.label] += 1
        if _reversed(ctx, cond, plan, report):
            return False
        _left_out(ctx, cond, plan, report, text)
        if ended is not None:
            ended(cond, lambda columns: _record_of(ctx, columns, _quiet()), ctx.row.file)
    return passed


def _left_out(ctx: RowContext, cond: ConditionPlan, plan: Plan, report: Report, text: str) -> None:
    """Say the row left out by the condition; a suspect row's (I257: it may be read shifted, its
    status from another column) is a problem's drop, not on purpose (pipeline.short_rows)."""
    because = {"reason": cond.because} if cond.because else {}
    report.add(
        cond.reason,
        ctx.where(),
        rule=ctx.rule.label,
        condition=cond.text,
        value=text,
        as_of=plan.judged_said(cond),
        **because,
    )
    if ctx.row.suspect:
        shifted_at = ctx.row.refit() if ctx.row.refit is not None else ""  # (its cells refit: short_rows.refit)
        # (its cells alone: an export's name may change every night, students_20261016.txt)
        shape = hex_hash("\x1f".join(ctx.row.cells).encode("utf-8", "surrogatepass"))
        report.own_problem(cond.reason, ctx.where(), row_clue(ctx), suspect=shifted_at, shape=shape)


def _enrolled(ctx: RowContext, plan: Plan, cond: ConditionPlan) -> bool:
    """Whether the record the row makes is kept though it fails `cond` (`unless_enrolled`): a
    current or upcoming enrolment names it (a student or teacher starting next term), its role is
    one no enrolment tells (`unless_roles`), or one of its schools is where the condition means no
    login (Plan.enrolled.no_login) and no enrolment row tells that the person left (every row
    naming them over: an ended term's class, last year's, a dropped or ended row)."""
    record = _record_of(ctx, frozenset({"sourcedId", "role", "orgSourcedIds"}), _quiet())
    if record is None or not record.values.get("sourcedId"):
        return False
    user = record.values["sourcedId"]
    if user in plan.enrolled or record.values.get("role", "") in cond.unless_roles:
        return True
    # Coming (a row of next term), not gone, unless a row of his has ended: a student withdrawn on
    # 1 December whose spring row the SIS left in was published with his parent (review80 R2).
    if plan.enrolled.upcoming(user) and not plan.enrolled.ended(user):
        return True
    schools = plan.enrolled.no_login(ctx.rule.label)
    at = {school.strip() for school in record.values.get("orgSourcedIds", "").split(",")}
    return bool(schools & at) and not plan.enrolled.over_only(user)


def fails_alone(row: SourceRow, cond: ConditionPlan, *, rule: RulePlan, plan: Plan, indexes: Indexes) -> bool:
    """Whether the row fails the condition itself, whatever an enrolment or a role would keep
    (`unless_enrolled`), read quietly; a join that misses fails nothing."""
    try:
        text = RowContext(row, rule, indexes, plan.settings).render(cond.parts).strip()
    except (JoinMiss, _Dropped):
        return False
    return bool(text or not cond.allow_empty) and passes(cond, text, plan) is False


def _passes_row(ctx: RowContext, cond: ConditionPlan, text: str, plan: Plan) -> bool | None:
    """`passes`, but a row that ended with the term (conditions.with_term) not kept in a kept class
    (`_kept_with_term`) is judged as tonight, as the night's first pass judged it."""
    passed = passes(cond, text, plan)
    if passed is False and cond.unless_enrolled:
        return _enrolled(ctx, plan, cond)
    if passed and with_term(cond, text, plan):
        ctx.with_term = _kept_with_term(ctx, plan)
        return ctx.with_term
    return passed


def _kept_with_term(ctx: RowContext, plan: Plan) -> bool:
    """Whether an enrolment row that ended with the term (conditions.with_term) is kept on a break
    night keeping the ended term's classes (pipeline.break_kept), as the term's last night kept it:
    only in a kept class (a row ending that day in a year-long class is a student who left it, or
    left the school: reviewer64 R5), and only of a person whose row tonight's exports have (a
    student withdrawn with the term, whom an export of active students no longer lists, goes with
    her enrolments as on the night's first pass, not named as a row lost: X882, reviewer64 R2)."""
    quiet = RowContext(ctx.row, ctx.rule, ctx.indexes, plan.settings)
    wanted = {"classSourcedId", "userSourcedId"}
    try:
        for column in ctx.rule.columns:
            quiet.out[column.name] = _column_value(quiet, column, _quiet())
            if wanted <= quiet.out.keys():
                break
    except (JoinMiss, _Dropped):
        return False
    return bool(quiet.out.get("userSourcedId")) and quiet.out.get("classSourcedId", "") in plan.kept_over_break


def _missing(ctx: RowContext, cond: ConditionPlan) -> str:
    """The first column the condition reads that the row, cut short, does not have; "" when it
    has them all, or half its cells or more: a writer that leaves out trailing empty cells
    (Excel after its 16th row; I204) writes a row so, and its missing cells are blanks (a "Y or
    nothing" flag, optional columns: tester21 F3, N3). A row with fewer was cut (tester20 F4: a
    student's row ending after three of its twenty cells, his status read as blank, "inactive")."""
    row = ctx.row
    if row.present < 0 or row.present * 2 >= len(row.cells):
        return ""
    return next((p.column for p in fields(cond.parts) if p.alias is None and row.missing(p.key)), "")


def _cells_missing(ctx: RowContext, cond: ConditionPlan, column: str, report: Report) -> bool:
    """A condition that would leave the row out on a cell the row does not have: not an intended
    drop (an active student read as inactive from a row broken over two lines), but an error
    (I280) naming the row and the cell (tester20 F4). False: the row is left out."""
    report.add(
        codes.code("row-cells-missing"),
        ctx.where(column),
        rule=ctx.rule.label,
        found=ctx.row.present,
        expected=len(ctx.row.cells),
        column=column,
        condition=cond.text,
        reason=f"{cond.reason.id} {cond.reason.slug}",
    )
    return False


def _reversed(ctx: RowContext, cond: ConditionPlan, plan: Plan, report: Report) -> bool:
    """Whether the row `cond` leaves out is an enrolment whose start date is after its end date:
    reported so (D376, a warning: read the other way round it may well be current), not as
    ended or not started (tester17 F10)."""
    span = ctx.rule.span
    if span is None or all(ctx.rule.where[n] is not cond for n in span):
        return False
    start, end = (ctx.rule.where[n] for n in span)
    start_text, end_text = ctx.render(start.parts).strip(), ctx.render(end.parts).strip()
    found = reversed_dates(start_text, end_text, plan, (start, end))
    if found is None:
        return False
    begins, ends = found
    on, as_of = plan.judged_on(cond), plan.judged_said(cond)
    reading = (
        f"read the other way round it is current on {as_of}: the user is probably in the class"
        if ends <= on <= begins
        else f"read either way it is not current on {as_of}"
    )
    report.add(
        codes.code("enrollment-dates-reversed"),
        ctx.where(),
        rule=ctx.rule.label,
        start=start_text,
        end=end_text,
        reading=reading,
        condition=cond.text,
        as_of=as_of,
    )
    return True


def follow_ons(follows: Follows | None, rule: RulePlan, plan: Plan, indexes: Indexes) -> FollowOn | None:
    """What finds the record of a row a condition leaves out, for `follows` to judge: the rule's
    generated function without its where where the fast path covers the rule (a third of a
    district's enrolments may be next semester's, in classes left out), else the interpreter."""
    if follows is None or not rule.where:
        return None
    return _FastFollowOn(follows, rule, plan, indexes) if fastpath.eligible(rule) else FollowOn(follows)


class FollowOn:
    """`follows`, and the record of a row if its where let it in, from the interpreter."""

    __slots__ = ("follows",)

    def __init__(self, follows: Follows) -> None:
        self.follows = follows

    def record(self, ctx: RowContext) -> Draft | None:
        return _record_of(ctx)

    def followed(self, row: SourceRow) -> bool:
        """Whether the row is one a condition leaves out whose record follows a record left out,
        found without the interpreter (and then reported so); False: the interpreter's to say."""
        return False


class _FastFollowOn(FollowOn):
    """The record from the rule's generated function without its where; from the interpreter
    only for a row that needs a report."""

    __slots__ = ("_compiled", "_wheres", "indexes", "plan", "rule", "where")

    def __init__(self, follows: Follows, rule: RulePlan, plan: Plan, indexes: Indexes) -> None:
        super().__init__(follows)
        self.plan, self.indexes = plan, indexes
        self.where = rule
        self.rule = replace(rule, where=())
        self._compiled: dict[int, fastpath.FastRow] = {}
        self._wheres: dict[int, fastpath.WhereRow] = {}

    def followed(self, row: SourceRow) -> bool:
        where = self._wheres.get(id(row.index))
        if where is None:
            where = self._wheres[id(row.index)] = fastpath.compile_where(
                self.where, self.plan, self.indexes, row.index, passes
            )
        failed = where(row.cells)
        if failed is None or failed < 0:
            return False
        made = self._fast(row)(row.cells)
        if made is None:
            return False
        return self.follows(Draft(self.rule.table, made, row.place(), self.rule.label, {}))

    def _fast(self, row: SourceRow) -> fastpath.FastRow:
        fast = self._compiled.get(id(row.index))
        if fast is None:
            fast = self._compiled[id(row.index)] = fastpath.compile_rule(
                self.rule, self.plan, self.indexes, row.index, passes
            )
        return fast

    def record(self, ctx: RowContext) -> Draft | None:
        row = ctx.row
        made: Any = self._fast(row)(row.cells)
        if made is None:
            return _record_of(ctx)
        return Draft(ctx.rule.table, made, row.place(), ctx.rule.label, {})


@functools.cache
def _quiet() -> Report:
    """A report that keeps nothing (made once: a Report takes ~0.1 ms to make, and a district's
    ended rows are many)."""
    quiet = Report(max_examples=0)
    quiet.recorder = _unheard
    return quiet


def _unheard(event: Event) -> None:
    """What making a record again finds: its own row's mapping says it, or nothing is to."""


def values_as_read(
    row: SourceRow, rule: RulePlan, plan: Plan, indexes: Indexes, names: tuple[str, ...]
) -> dict[str, str] | None:
    """The named columns of the record the row would make, each read without its map (an org's
    type as the export writes it, where the map leaves the row out); nothing is reported.
    None when a join misses or a value leaves the row out."""
    unheard = Report(max_examples=0)
    ctx = RowContext(row, rule, indexes, plan.settings)
    try:
        return {c.name: _column_value(ctx, replace(c, map=None), unheard) for c in rule.columns if c.name in names}
    except (JoinMiss, _Dropped):
        return None


def reads_join(column: ColumnPlan) -> bool:
    """Whether the column reads a joined export's cell (`{alias.Column}`)."""
    parts = (*column.parts, *column.first_of, *column.fallback_parts, *column.span)
    return any(p.alias is not None for p in fields(parts))


def records_as_read(
    row: SourceRow, rule: RulePlan, plan: Plan, names: frozenset[str]
) -> tuple[bool, list[dict[str, str]]]:
    """What a row gives without the join indexes (a check after the run, which no longer holds
    them): whether the rule's where admits it, and of each record it would make (one per group
    of `each` with cells), the columns of `names` that read no join, as mapped (a value the map
    leaves out is missing). A condition reading a join counts as passed; a row a routing
    condition sends elsewhere is no record of the rule (False, []). Nothing is reported."""
    ctx = RowContext(row, rule, {}, plan.settings)
    unheard = _quiet()
    admitted = _admitted_as_read(ctx, plan)
    if admitted is None:
        return False, []

    def read(columns: Iterable[ColumnPlan], into: dict[str, str]) -> None:
        for column in columns:
            if column.name not in names or reads_join(column):
                continue
            try:
                into[column.name] = _column_value(ctx, column, unheard)
            except (JoinMiss, _Dropped, KeyError):
                into.pop(column.name, None)

    shared: dict[str, str] = {}
    read(rule.columns, shared)
    if not rule.groups:
        return admitted, [shared]
    records = []
    for (_, columns), cells in zip(rule.groups, rule.group_cells, strict=True):
        if any(ref.alias is None and ctx.get(ref).strip() for ref in cells):
            record = dict(shared)
            read(columns, record)
            records.append(record)
    return admitted, records


def linked_as_read(row: SourceRow, rule: RulePlan, plan: Plan) -> list[str] | None:
    """The sourcedIds of the students a guardians row links, as the run makes them, read without the
    join indexes (a check after the run); None when the link reads a join or cannot be read."""
    guardian = rule.guardian
    if guardian is None or reads_join(guardian.student):
        return None
    ctx = RowContext(row, rule, {}, plan.settings)
    try:
        student = _column_value(ctx, guardian.student, _quiet())
    except (JoinMiss, _Dropped, KeyError):
        return None
    if guardian.student_separator and student:
        return [s.strip() for s in student.split(guardian.student_separator) if s.strip()]
    return [student] if student else []


def guardian_as_read(row: SourceRow, rule: RulePlan, plan: Plan) -> str | None:
    """The sourcedId a guardians row's contact is published under where it is the contact ID's
    (id_scheme contact: prefix + the ID), read without the join indexes; None for another scheme, a
    contact ID read through a join, or none."""
    guardian = rule.guardian
    if guardian is None or guardian.id_scheme != "contact" or guardian.contact is None:
        return None
    if reads_join(guardian.contact):
        return None
    ctx = RowContext(row, rule, {}, plan.settings)
    try:
        contact = _column_value(ctx, guardian.contact, _quiet())
    except (JoinMiss, _Dropped, KeyError):
        return None
    return guardian.prefix + contact if contact else None


def _admitted_as_read(ctx: RowContext, plan: Plan) -> bool | None:
    """`records_as_read`'s where: whether it admits the row (a condition reading a join passes),
    None when a routing condition sends the row to another rule. Nothing is reported."""
    admitted = True
    for cond in ctx.rule.where:
        if any(p.alias is not None for p in fields(cond.parts)):
            continue
        text = ctx.render(cond.parts).strip()
        if not text and cond.allow_empty:
            continue
        passed = passes(cond, text, plan)
        if passed is None:
            passed = cond.keep_invalid_date
        if not passed and cond.routes:
            return None
        admitted = admitted and bool(passed)
    return admitted


def _record_of(ctx: RowContext, columns: frozenset[str] | None = None, quiet: Report | None = None) -> Draft | None:
    """The record the row would make if its where let it in, or None when it would make none
    (a join misses, a value leaves it out); nothing is reported (to `quiet` if given, else to a
    report of its own). `columns`: only the rule's columns up to the last of these the rule makes
    are made (in order: one may read an earlier one)."""
    if ctx.rule.groups:
        return None
    unheard = quiet if quiet is not None else Report(max_examples=0)
    probe = RowContext(ctx.row, ctx.rule, ctx.indexes, ctx.settings)
    wanted = set(columns or ()) & {column.name for column in ctx.rule.columns}
    try:
        probe.check_references()
        for column in ctx.rule.columns:
            if columns is not None and not wanted:
                break
            wanted.discard(column.name)
            probe.out[column.name] = _column_value(probe, column, unheard)
    except (JoinMiss, _Dropped):
        return None
    return Draft(ctx.rule.table, probe.out, ctx.row.place(), ctx.rule.label, {})


def _column_value(ctx: RowContext, column: ColumnPlan, report: Report) -> str:
    if column.when is not None and not taken_from_row(ctx.render(column.when.parts), column.when):
        return column.default
    if column.first_of:
        return _listed_value(ctx, column, report)
    source_column = column.name
    if column.fixed is not None:
        value = column.fixed
    elif column.span:
        value = _span(ctx, column, report)
    else:
        value = _template_value(ctx, column, report)
    return _cleaned_value(ctx, column, value, source_column, report)


def _listed_value(ctx: RowContext, column: ColumnPlan, report: Report) -> str:
    """`column: [A, B, C]`: the first cell that the column's cleaners keep. A cell they refuse
    (a problem said, the value blanked: an email that is no address, a username that is an
    address no one has) gives way to the next column's, as a `fallback` template does: the
    profile listed the next column for a row whose first gives no value (tester28 R5: the
    username of `[STUDENT_EMAIL, STUDENT_ID]` was a refused email cell as written). A cell the
    cleaners leave out the row for is not passed over; nor is one a map blanks unsaid, which the
    fast paths read as the interpreter does (a cleaner's problem hands them the row)."""
    rank = 0
    while True:
        value, source_column, rank = _first_of(ctx, column, rank)
        ctx.unread.pop(column.name, None)
        cleaned = _cleaned_value(ctx, column, value, source_column, report, fall_back=False)
        refused = column.name in ctx.unread  # (`_clean`: a cleaner's problem blanked it)
        words = list_words(column)
        if cleaned or not refused or not any(is_filled(ctx.get(ref), words) for ref in column.first_of[rank + 1 :]):
            return cleaned or _fallen_back(ctx, column, report)
        rank += 1


def _cleaned_value(
    ctx: RowContext, column: ColumnPlan, value: str, source_column: str, report: Report, *, fall_back: bool = True
) -> str:
    """A column's value read from the row, through its split, map and cleaners; empty, its
    fallback or default (`fall_back`)."""
    if MULTI_SEP in value:
        value = value.replace(MULTI_SEP, ", ")
    if column.split:
        notes = list_separators.watch(report, ctx.rule, column.name, column.split)
        list_separators.seen(notes, value=value, where=functools.partial(ctx.where, source_column), plan=column.map)
        items = [item.strip() for item in value.split(column.split) if item.strip()]
        if column.map is not None:
            items = [_apply_map(column, item, ctx, source_column, report) for item in items]
        value = ",".join(dict.fromkeys(item for item in items if item))  # in order, once each
    elif column.map is not None and value.strip():
        value = _apply_map(column, value, ctx, source_column, report)
    value = _clean(ctx, column, value, source_column, report)
    return value or (_fallen_back(ctx, column, report) if fall_back else "")


def _first_of(ctx: RowContext, column: ColumnPlan, start: int = 0) -> tuple[str, str, int]:
    """`column: [A, B, C]`: from the `start`th on, the first cell filled (neither blank nor a
    placeholder word its map does not list, `ids.first_filled`), else the first not blank (a
    placeholder, for its cleaner to say), its column and rank (the last one's when all are blank)."""
    found, value = first_filled((ctx.get(ref) for ref in column.first_of[start:]), list_words(column))
    rank = start + found
    if not value.strip():
        return value, column.name, len(column.first_of) - 1
    if rank:
        ctx.fell_back[column.name] = rank
    return value, str(column.first_of[rank]), rank


def list_words(column: ColumnPlan) -> Container[str]:
    """The placeholder words a fallback list passes over: not those its column's map lists (reviewer168 R2)."""
    return unfilled_words(column.map.values) if column.map is not None else PLACEHOLDERS


def _first_filled(column: ColumnPlan, values: Iterable[str]) -> str:
    """A fallback list's value as the row gives it (stripped), as `_first_of` reads it."""
    return first_filled(values, list_words(column))[1].strip()


def _fallen_back(ctx: RowContext, column: ColumnPlan, report: Report) -> str:
    """A column that came out empty: its `fallback`, else its `default`, either marked as a
    later choice than any cell it reads (FELL_BACK)."""
    value = _fallback(ctx, column, report) if column.fallback else ""
    later = max(len(column.first_of), 1)
    if value:
        ctx.fell_back[column.name] = later
    elif column.default:
        ctx.fell_back[column.name] = later + 1
    return value or column.default


def _template_value(ctx: RowContext, column: ColumnPlan, report: Report) -> str:
    """The column's template, rendered. An ID of several parts one of which came out empty is
    cut short (`100-`), and other rows' records may have it: the row is left out (D363)."""
    value = ctx.render(column.parts)
    empty = next((part for part in column.whole if not templates.cell(part, ctx.get).strip()), None)
    if empty is None:
        return value
    template = "".join(
        p.replace("{", "{{").replace("}", "}}") if isinstance(p, str) else f"{{{p}}}" for p in column.parts
    )
    report.add(
        codes.code("id-part-empty"),
        ctx.where(str(fields((empty,))[0])),  # of `{A|B}`, A: where the row holds it
        field=f"{ctx.rule.table}.{column.name}",
        template=template,
        part=str(empty),
        empty=_empty_words(empty),
        value=value,
    )
    raise _Dropped


def _empty_words(part: templates.FieldRef | templates.FirstOf) -> str:
    """D363's "'Section Number' is empty"; of a `{A|B}`, "'A' and 'B' are both empty"."""
    refs = [repr(str(ref)) for ref in fields((part,))]
    if len(refs) == 1:
        return f"{refs[0]} is empty"
    return f"{', '.join(refs[:-1])} and {refs[-1]} are {'both' if len(refs) == 2 else 'all'} empty"


def _span(ctx: RowContext, column: ColumnPlan, report: Report) -> str:
    """A span's steps joined by ','; blank, and said once per span as written, when it has none."""
    low, high = (ctx.get(end) for end in column.span)
    steps, problem = spans.expand(low, high, column.steps)
    if problem:
        first = column.span[0]
        # A course's span is read by every section that joins it: say it once, where it was read.
        key = (
            ("span-invalid", str(first), low, high)
            if first.alias
            else ("span-invalid", ctx.row.file, str(ctx.row.line))
        )
        where = ctx.cell_where(str(first))  # a course's span, in the courses export (tester63 F4)
        report.add_once(
            key,
            codes.code("span-invalid"),
            where,
            field=f"{ctx.rule.table}.{column.name}",
            low=low,
            high=high,
            detail=problem,
        )
    return ",".join(steps)


def _clean(ctx: RowContext, column: ColumnPlan, value: str, source_column: str, report: Report) -> str:
    raw = value
    dropped = False
    for _name, cleaner in column.cleaners:
        value, issues = cleaner(value)
        if issues and raw.strip() and not value.strip():
            slug = issues[0][0]
            read = _cell_read(ctx, column, source_column, cleaner, slug)
            ctx.unread[column.name] = (raw.strip(), f"{codes.code(slug).id} {slug}", read)
        for slug, params in issues:
            code, field = codes.code(slug), f"{ctx.rule.table}.{column.name}"
            if code.action is codes.Action.DROP_ROW:  # every record left out is counted, with its reason
                where = _without_record(ctx.where(source_column), raw)
                report.add(code, where, field=field, **params)
                if not dropped and (clue := [cell for cell in row_clue(ctx) if cell]):
                    report.lost_whole(where.file, where.line, clue)  # what finds the record it would have been
                dropped = True
                continue
            # One cell can feed several outputs (sourcedId and identifier, users and demographics),
            # and a joined value every row that joins it: say it once, where it was read. A joined
            # cell another rule reads as its own (`echoed`) is said there, on its row.
            if source_column in column.echoed:
                continue
            read = _cell_read(ctx, column, source_column, cleaner, slug)
            joined = "." in read and read != column.name
            key = (slug, read, raw) if joined else (slug, ctx.row.file, str(ctx.row.line), read)
            where = ctx.cell_where(read)
            report.add_once(key, code, where, field=field, **params)
    if dropped:
        raise _Dropped
    return value


def _cell_read(ctx: RowContext, column: ColumnPlan, source_column: str, cleaner: Cleaner, slug: str) -> str:
    """The cell a cleaner's problem is in, as `alias.Column` or `Column`: of a template's cells
    ("{course.Course_Name} - {Expression}"), the first the cleaner finds it in alone, so that the
    problem names the export's own column and, for a joined one, its row (tester63 F4: D309 named
    sections.txt [title] for a quote in courses.csv's Course_Name); else the template's one cell,
    else the column as the rule names it."""
    if source_column != column.name or not column.parts:
        return source_column
    refs = list(templates.fields(column.parts))
    for ref in refs:
        if any(found == slug for found, _ in cleaner(ctx.get(ref))[1]):
            return str(ref)
    return str(refs[0]) if len(refs) == 1 else source_column


def _with_unread(extra: dict[str, str], ctx: RowContext) -> dict[str, str]:
    """The draft's extras, with the values of its columns a cleaner blanked (`UNREAD` + column:
    the value and the issue's code), for validation to name them (required-value-unread)."""
    for name, (value, code, _) in ctx.unread.items():
        if not ctx.out.get(name):
            extra[UNREAD + name] = f"{value}\t{code}"
    for alias, key in ctx.own_keys():
        join = ctx.rule.joins[alias]
        if join.pick is not None and join.pick.by_year and key[-1] != ANY_YEAR:
            extra[OWN_YEAR] = "1"
    if ctx.rule.combine_lists is not None:
        for name, rank in ctx.fell_back.items():
            if ctx.out.get(name):
                extra[FELL_BACK + name] = str(rank)
    elif (later := ctx.fell_back.get("username")) and ctx.out.get("username"):
        extra[FELL_BACK + "username"] = str(later)  # not the export's login (pipeline.usernames)
    return extra


def _without_record(where: Where, refused: str) -> Where:
    """A record whose would-be sourcedId holds a refused value is named by its place only: the
    value is in the problem's parameters, where --redact finds it."""
    refused = refused.strip()
    return replace(where, record="") if refused and refused in where.record else where


def _fallback(ctx: RowContext, column: ColumnPlan, report: Report) -> str:
    """A derived value: the first of the fallback templates that the column's cleaners keep
    (`["{Username}", "{Username}@{settings.email_domain}"]`: a login that is already an address,
    else the login at the domain, never `a@x.org@x.org`); a template with a placeholder empty
    gives nothing (no "@district.org" emails). Only the last template's problems are said: an
    earlier one that is no value (a bare login is no address) is a template not meant for the row."""
    last = len(column.fallback) - 1
    for i, parts in enumerate(column.fallback):
        pieces = [p if isinstance(p, str) else templates.cell(p, ctx.get).strip() for p in parts]
        if any(not piece for piece, part in zip(pieces, parts, strict=True) if not isinstance(part, str)):
            continue
        try:
            value = _clean(ctx, column, "".join(pieces), column.name, report if i == last else Report(max_examples=0))
        except _Dropped:
            if i == last:
                raise
            continue
        if value:
            # Said of the cells that came out empty, else of those the value is made of: columns
            # of the row's export, never the output's (tester63 F4: D317 [email]).
            own = column.first_of or tuple(templates.fields(column.parts)) or tuple(templates.fields(parts))
            at = ctx.cell_where(str(own[0])) if len(own) == 1 else ctx.where(", ".join(dict.fromkeys(map(str, own))))
            report.add(
                codes.code("value-derived"),
                Where(file=at.file, line=at.line, column=at.column),
                field=f"{ctx.rule.table}.{column.name}",
                value=value,
                template="".join(p if isinstance(p, str) else f"{{{p}}}" for p in parts),
            )
            return value
    return ""


def _apply_map(column: ColumnPlan, value: str, ctx: RowContext, source_column: str, report: Report) -> str:
    plan = column.map
    assert plan is not None
    mapped = plan.values.get(value.strip().casefold())
    if mapped is not None:
        return mapped
    field = f"{ctx.rule.table}.{column.name}"
    where = ctx.where(source_column)
    if plan.unmapped == "drop":
        if column.name == "role":
            report.left_by_role_map[ctx.rule.label] += 1
        code = plan.reason or codes.code("value-unmapped-dropped")
        because = {"reason": plan.because} if plan.because else {}
        report.add(
            code,
            where,
            field=field,
            value=value,
            map=plan.name,
            rule=field,
            condition=f"{field} is not in map {plan.name!r}",
            **because,
        )
        raise _Dropped
    result = {"default": plan.default, "blank": "", "keep": value}[plan.unmapped]
    if result and plan.unmapped == "default" and fastpath.noted(ctx.rule, column):
        ctx.unmapped += (column.name,)
    if plan.report and not ctx.unsaid_maps:  # one line per value (as the map reads it), with the rows that have it
        key = (field, plan.name, value.strip().casefold())
        report.add_tally(
            key, codes.code("value-unmapped"), where, field=field, value=value, map=plan.name, default=result
        )
    return result


def read_through_record(plan: Plan) -> dict[tuple[str, str], tuple[tuple[str, tuple[str, ...]], str]]:
    """The output columns a rule reads through a join on the row's own record, by rule label and
    output column: the join index and the export column. A join is the record's when its key is
    the one cell the rule's sourcedId is made of (a OneRoster 1.2 roles.csv row's userSourcedId,
    joined to that person's users.csv row; SDS v2.1's alike), and a column is read through it
    when every cell it reads is of that join: a problem with its value is in that row
    (Validator.cell_where), found by the record's sourcedId (lookups.place_of)."""
    found: dict[tuple[str, str], tuple[tuple[str, tuple[str, ...]], str]] = {}
    for rules in plan.rules.values():
        for rule in rules:
            ident = next((c for c in rule.columns if c.name == "sourcedId"), None)
            own = (ident.first_of or tuple(templates.fields(ident.parts))) if ident is not None else ()
            for alias, join in rule.joins.items():
                if len(own) != 1 or join.split or join.local != own:
                    continue
                for column in rule.columns:
                    refs = column.first_of or tuple(templates.fields(column.parts))
                    if refs and all(ref.alias == alias for ref in refs):
                        found[rule.label, column.name] = (join.index_key, refs[0].column)
    return found


def enrolment_ids_put_together(plan: Plan) -> bool:
    """Whether every enrolment rule of the profile puts its records' IDs together from two or more
    cells ("{classSourcedId}-{userSourcedId}"), none taking it from an ID column of the export."""
    columns = [
        column
        for rule in plan.rules.get("enrollments", ())
        for column in (*rule.columns, *(c for _, group in rule.groups for c in group))
        if column.name == "sourcedId"
    ]
    return bool(columns) and all(
        not column.first_of and column.fixed is None and len(list(templates.fields(column.parts))) >= 2
        for column in columns
    )
