"""A rule compiled into one Python function per export file: the hot path of the mapping stage.

The interpreter in `mapping` walks a rule's plan for every row: templates, joins, conditions,
maps and cleaners through several layers of calls. Here the same plan becomes the source of a
single function (cell positions, join tuples and constants resolved once per file), built with
`exec`. The generated function never reports anything: when a row would need a report (a
condition fails, a join misses, a cleaner has an issue, a value is not in a map, a fallback is
due) it returns None and the interpreter maps that row from scratch, reporting exactly as
before. Rows that need no report, nearly all of them, take the fast path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import replace
from typing import Any

from transform.cleaners.ids import (
    PLACEHOLDERS,
    PLAIN_ID,
    PLAIN_IDS_SCREEN,
    first_filled,
    guard_id,
    is_filled,
    unfilled_words,
)
from transform.cleaners.names import is_placeholder_name
from transform.oneroster.spec import NAME_FIELDS, NAME_MAX
from transform.profile.compile import ColumnPlan, ConditionPlan, MapPlan, Plan, RulePlan
from transform.profile.templates import OUT_ALIAS, SETTINGS_ALIAS, FieldRef, FirstOf, Part, first_cell
from transform.report.report import UNMAPPED_NOTED, Report

from . import list_separators, spans
from .conditions import NUMBER_OPS, inline, not_a_number, number, taken_from_row
from .generated import run_source
from .rows import MULTI_SEP, Indexes

FastRow = Callable[[list[str]], Any]  # values, or (values, extras); None: the interpreter takes the row
_DATES_KNOWN = 4096  # distinct texts a date condition of one generated function remembers


def eligible(rule: RulePlan) -> bool:
    """Rules the generated code covers; the others (guardians have their own, each groups, list
    joins, joins picking by the row's school year) are rare and stay with the interpreter."""
    return (
        rule.guardian is None
        and not rule.groups
        and not any(j.split or (j.pick is not None and j.pick.by_year) for j in rule.joins.values())
    )


class _Source:
    """Python source of one function, and the constants it refers to."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {}
        # The rule combines rows: a value that is not its column's first choice is the
        # interpreter's, which marks it (mapping.FELL_BACK) for another row's to win.
        self.combines = False

    def const(self, value: Any) -> str:
        name = f"K{len(self.names)}"
        self.names[name] = value
        return name

    def emit(self, line: str, depth: int = 1) -> None:
        self.lines.append("    " * depth + line)


class _RuleSource(_Source):
    """The parts every generated rule function shares: cell references, joins, conditions."""

    def __init__(
        self,
        rule: RulePlan,
        plan: Plan,
        indexes: Indexes,
        header: dict[str, int],
        test: Callable[[ConditionPlan, str, Plan], bool | None],
        report: Report | None = None,
    ) -> None:
        super().__init__()
        self.rule, self.plan, self.indexes, self.header, self.test = rule, plan, indexes, header, test
        self.report = report  # where a list column's own separator seen is noted (I232); None: not noted
        self.combines = rule.combine_lists is not None
        self.joins = {alias: f"J{i}" for i, alias in enumerate(rule.joins)}

    def ref(self, r: FieldRef) -> str:
        if r.alias is None:
            position = self.header.get(r.key)
            return f"c[{position}]" if position is not None else '""'
        if r.alias in self.rule.joins:
            join = self.rule.joins[r.alias]
            index = self.indexes[join.index_key]
            if r.key not in index.columns:
                return '""'
            name = self.joins[r.alias]
            return name if index.single_column else f"{name}[{index.columns.index(r.key)}]"
        if r.alias == OUT_ALIAS:
            return f"o.get({r.column!r}, '')"
        assert r.alias == SETTINGS_ALIAS
        return repr(str(self.plan.settings.get(r.column) or ""))

    def render(self, parts: tuple[Part, ...]) -> str:
        """As `mapping.RowContext.render`: a cell put together with others is stripped."""
        strip = ".strip()" if len(parts) > 1 else ""
        pieces = [repr(p) if isinstance(p, str) else f"{self.cell(p)}{strip}" for p in parts if p != ""]
        return " + ".join(pieces) if pieces else '""'

    def cell(self, part: FieldRef | FirstOf) -> str:
        """A placeholder's value; a `{A|B}`'s, its first alternative not blank (templates.first_cell)."""
        if isinstance(part, FieldRef):
            return self.ref(part)
        return f"{self.const(first_cell)}(({', '.join(self.ref(r) for r in part.refs)},))"

    def joins_and_where(self) -> bool:
        """Emit the joins and the rule's conditions; False when the interpreter must do it all."""
        if not self.emit_joins():
            return False
        self.conditions(self.rule.where)
        return True

    def emit_joins(self) -> bool:
        if any(local.alias is not None for join in self.rule.joins.values() for local in join.local):
            return False  # a join keyed on another join's value
        for alias, join in self.rule.joins.items():  # a join a row cannot make is the interpreter's to report
            name, index = self.joins[alias], self.indexes[join.index_key]
            if index.single_key:
                self.emit(f"k = {self.ref(join.local[0])}.strip()")
                self.emit(f"{name} = {self.const(index.rows)}.get(k) if k else None")
            else:
                self.emit(f"k = ({', '.join(f'{self.ref(local)}.strip()' for local in join.local)},)")
                self.emit(f"{name} = {self.const(index.rows)}.get(k) if all(k) else None")
            empty = "''" if index.single_column else self.const(("",) * len(index.columns))
            self.emit(f"if {name} is None:")
            # A filled-in key naming no row: the interpreter reports it; or, where the join ignores
            # case, finds the row holding it in other letter case and says so (D331).
            if (join.drop_dangling and index.rows) or join.ignore_case:
                self.emit("if k:" if index.single_key else "if all(k):", 2)
                self.emit("return None", 3)
            self.emit("return None" if join.required else f"{name} = {empty}", 2)
        return True

    def conditions(self, conditions: tuple[ConditionPlan, ...], depth: int = 1) -> None:
        for cond in conditions:
            self.emit(f"t = ({self.render(cond.parts)}).strip()", depth)
            passes = inline(cond.op, self.const(cond.value), self.const(number))
            if passes is None:  # the dates: a date the formats do not read is the interpreter's to report
                passes = f"{self.date_test(cond, depth)} is True"
            self.emit(f"if {'t and ' if cond.allow_empty else ''}not ({passes}):", depth)
            self.emit("return None", depth + 1)

    def date_test(self, cond: ConditionPlan, depth: int) -> str:
        """Emit the date condition's test of `t` into `r` (True, False, or None: no date), each
        distinct text parsed once: a column of dates holds a school year's days at most."""
        known = self.const({})
        self.emit(f"r = {known}.get(t)", depth)
        self.emit("if r is None:", depth)
        self.emit(f"r = {self.const(self.test)}({self.const(cond)}, t, {self.const(self.plan)})", depth + 1)
        self.emit(f"if r is not None and len({known}) < {_DATES_KNOWN}:", depth + 1)
        self.emit(f"{known}[t] = r", depth + 2)
        return "r"

    def column(self, column: ColumnPlan, target: str = "o", *, guard: bool = True) -> None:
        # A users record written as a map's default for a value the map lacks is noted by its ID
        # (mapping._note_unmapped): the interpreter's, as a value a map reports is.
        own: dict[str, Any] = {}  # a throwaway note, for code the caller does not note by
        if column.split and self.report is not None:
            own = list_separators.watch(self.report, self.rule, column.name, column.split)
        _column(self, column, self.ref, self.render, target, guard=guard, noted=noted(self.rule, column), own=own)

    def build(self, name: str) -> Callable[[list[str]], Any]:
        namespace = run_source("def fast(c):\n" + "\n".join(self.lines) + "\n", name, self.rule.label, self.names)
        # Taken out of its own globals: a function in the namespace it reads is a reference
        # cycle, which keeps the join indexes among its constants (at a million students,
        # 150 MB) until the garbage collector's next full pass.
        function: Callable[[list[str]], Any] = namespace.pop("fast")
        return function


def compile_rule(
    rule: RulePlan,
    plan: Plan,
    indexes: Indexes,
    header: dict[str, int],
    test: Callable[[ConditionPlan, str, Plan], bool | None],
    extras: dict[str, tuple[Part, ...]] | None = None,
    report: Report | None = None,
) -> FastRow:
    """The rule as one function of a row's cells, for a file with this header index: the
    record's values, or with `extras` (what the class filters read) the pair (values, extras);
    `report`: where a list column notes that its cells held its own separator (I232)."""
    src = _RuleSource(rule, plan, indexes, header, test, report)
    if not src.joins_and_where():
        return _never
    src.emit("o = {}")
    for column in rule.columns:
        src.column(column, guard=False)
    # The record's IDs in one look instead of the ID guard per column: IDs the screen passes are
    # the guard's plain ones, which it keeps as they are; the others go to the interpreter.
    guarded = [column.name for column in rule.columns if any(c is guard_id for _, c in column.cleaners)]
    if guarded:
        src.emit(f"x = '\\x00'.join(({''.join(f'o[{name!r}], ' for name in guarded)}))")
        src.emit(f"if {src.const(PLAIN_IDS_SCREEN.search)}(x) or x.count('\\x00') != {len(guarded) - 1}:")
        src.emit("return None", 2)
    if not extras:
        src.emit("return o")
        return src.build("rule")
    src.emit("x = {}")
    for name, parts in extras.items():
        src.emit(f"x[{name!r}] = {src.render(parts)}")
    src.emit("return o, x")
    return src.build("rule")


# The position of the condition that leaves the row out, -1 when every one lets it in; None: the
# interpreter's to decide (a join missed, no date where one was due, a routing condition).
WhereRow = Callable[[list[str]], "int | None"]


def compile_where(
    rule: RulePlan,
    plan: Plan,
    indexes: Indexes,
    header: dict[str, int],
    test: Callable[[ConditionPlan, str, Plan], bool | None],
) -> WhereRow:
    """The rule's where as one function of a row's cells, in `mapping._admits`'s order: which
    condition a row the generated rule gave back fails (a third of a district's enrolments, in
    the autumn, are of next semester's classes), without the interpreter."""
    src = _RuleSource(rule, plan, indexes, header, test)
    if any(cond.routes for cond in rule.where) or not src.emit_joins():
        return _never
    for position, cond in enumerate(rule.where):
        src.emit(f"t = ({src.render(cond.parts)}).strip()")
        passes = inline(cond.op, src.const(cond.value), src.const(number))
        if passes is None:
            passes = src.date_test(cond, 1)
            src.emit(f"if {'t and ' if cond.allow_empty else ''}r is None:")
            src.emit("return None", 2)
        src.emit(f"if {'t and ' if cond.allow_empty else ''}not ({passes}):")
        if cond.op in NUMBER_OPS:  # no number at all: the interpreter's to report (D332)
            src.emit(f"if t and {src.const(not_a_number)}(t):", 2)
            src.emit("return None", 3)
        src.emit(f"return {position}", 2)
    src.emit("return -1")
    return src.build("where")


# (values, linked student, contact, household, group position) of each person a row names
GuardianRow = Callable[[list[str]], "list[tuple[dict[str, str], str, str, str, int]] | None"]


def compile_guardians(
    rule: RulePlan,
    plan: Plan,
    indexes: Indexes,
    header: dict[str, int],
    test: Callable[[ConditionPlan, str, Plan], bool | None],
    person_fields: tuple[str, ...],
    report: Report | None = None,
) -> GuardianRow:
    """A guardian rule as one function: the people a row names, as mapping.map_guardians
    finds them, or None when the row needs the interpreter."""
    guardian = rule.guardian
    assert guardian is not None
    columns = [
        *rule.columns,
        guardian.student,
        *([guardian.contact] if guardian.contact else []),
        *(c for _, group in rule.groups for c in group),
    ]
    if any(isinstance(p, FieldRef) and p.alias == OUT_ALIAS for c in columns for p in (*c.parts, *c.first_of)):
        return _never  # the interpreter's guardian columns do not see {out.…}
    src = _RuleSource(rule, plan, indexes, header, test, report)
    if not src.emit_joins():
        return _never
    src.emit("o = {}")
    if guardian.contact:
        src.column(guardian.contact)
    src.conditions(rule.where)
    src.emit(f"contact = o.pop({guardian.contact.name!r}, '')" if guardian.contact else "contact = ''")
    for column in rule.columns:
        src.column(column)
    src.emit("shared = o")
    src.emit("o = {}")
    src.column(guardian.student)
    src.emit(f"student = o.pop({guardian.student.name!r})")
    if guardian.link_where:
        src.emit("if student:")
        src.conditions(guardian.link_where, depth=2)
    if guardian.student_separator:
        src.emit(f"students = [s.strip() for s in student.split({guardian.student_separator!r})] if student else ['']")
        src.emit("students = [s for s in students if s] or ['']")
    else:  # one student, or none: [''] either way
        src.emit("students = [student]")
    src.emit(f"household = ({src.render(guardian.household)}).strip()")
    src.emit("found = []")
    for index, (_, group) in enumerate(rule.groups or (("", ()),)):
        src.emit("o = dict(shared)")
        for column in group:
            src.column(column)
        # Unrolled: a generator for each group of each row costs more than the tests.
        named = " or ".join(f"o.get({n!r})" for n in person_fields) or "False"
        src.emit(f"if contact or {named}:")
        src.emit("for s in students:", 2)
        src.emit(f"found.append((o, s, contact, household, {index}))", 3)
    src.emit("return found")
    function: GuardianRow = src.build("guardians")
    return function


def compile_checks(
    table: str,
    *,
    required: tuple[str, ...],
    allowed: list[tuple[str, frozenset[str], bool]],
    ids: Sequence[tuple[tuple[str, ...], re.Pattern[str]]] = (),
    references: list[tuple[str, str, bool]],
    kept: Mapping[str, Container[str]],
    contact_roles: tuple[frozenset[str], frozenset[str]] | None,
    is_number: Callable[[str], bool] | None = None,
) -> Callable[[dict[str, str]], bool]:
    """The target's per-record rules as one function: True when a record passes them with
    nothing to report or repair (the validator's full checks run for the others)."""
    src = _Source()
    src.emit("g = d.get")
    for column in required:
        src.emit(f"if not g({column!r}, '').strip():")
        src.emit("return False", 2)
    if contact_roles is not None:  # users: staff need an email, guardians some contact point
        staff, guardians = contact_roles
        src.emit("r = g('role', '')")
        src.emit(f"if r in {src.const(staff)} and not g('email'):")
        src.emit("return False", 2)
        # A phone or sms is a contact point when it is a number (`is_number`, the phone cleaner's reading)
        number = src.const(is_number or bool)
        points = f"(g('email') or {number}(g('phone', '')) or {number}(g('sms', '')))"
        src.emit(f"if r in {src.const(guardians)} and not {points}:")
        src.emit("return False", 2)
        lengths = " + ".join(f"len(g({c!r}, ''))" for c in NAME_FIELDS)
        src.emit(f"if {lengths} > {NAME_MAX}:")  # one of them may be over the limit: the validator looks
        src.emit("return False", 2)
        no_name, kin = src.const(is_placeholder_name), src.const(guardians)
        src.emit(f"if r in {kin} and {no_name}(g('givenName', '')) and {no_name}(g('familyName', '')):")
        src.emit("return False", 2)
    for column, values, listed in allowed:
        src.emit(f"x = g({column!r}, '')")
        if listed:  # every item allowed or empty, in one look
            src.emit(f"if x and not {src.const(values | {''})}.issuperset(x.split(',')):")
        else:
            src.emit(f"if x and x not in {src.const(values)}:")
        src.emit("return False", 2)
    for columns, screen in ids:  # ID cells the screen matches need the validator's closer look
        if len(columns) == 1:
            src.emit(f"x = g({columns[0]!r}, '')")
            src.emit(f"if {src.const(screen.search)}(x) or '\\x00' in x:")
        else:
            cells = ", ".join(f"g({c!r}, '')" for c in columns)  # inlined `screened`: one call fewer per record
            src.emit(f"x = '\\x00'.join(({cells},))")
            src.emit(f"if {src.const(screen.search)}(x) or x.count('\\x00') != {len(columns) - 1}:")
        src.emit("return False", 2)
    for column, target, listed in references:
        src.emit(f"k = {src.const(kept)}.get({target!r}, {src.const(frozenset())})")
        src.emit(f"x = g({column!r}, '')")
        if listed:  # nearly always one item (a user at one school): then no generator
            src.emit("if x and (x not in k if ',' not in x else not all(i and i in k for i in x.split(','))):")
        else:
            src.emit("if x and x not in k:")
        src.emit("return False", 2)
    src.emit("return True")
    namespace = run_source("def passes(d):\n" + "\n".join(src.lines) + "\n", "checks", table, src.names)
    function: Callable[[dict[str, str]], bool] = namespace.pop("passes")  # no cycle (see _RuleSource.build)
    return function


def screened(cells: list[str], screen: re.Pattern[str]) -> bool:
    """True when no cell needs a closer look: the cells joined by NUL do not match `screen`,
    and no cell holds a NUL itself."""
    joined = "\x00".join(cells)
    return screen.search(joined) is None and joined.count("\x00") == len(cells) - 1


def _items_mapper(
    column: ColumnPlan, *, noted: bool = False, own: dict[str, Any] | None = None
) -> Callable[[str], str | None]:
    """A list cell's items through the column's map, as mapping does; None when an item is not
    in a map that reports (the interpreter reports it), or, `noted`, that writes its default.
    A cell holding the column's own separator marks `own` (list_separators.watch's note); one
    holding another and not its own is the interpreter's to note (I232)."""
    plan, separator = column.map, column.split
    notes = {} if own is None else own
    others = list_separators.others(separator)

    def mapped(value: str) -> str | None:
        if separator in value:
            notes["own"] = True
        else:
            for other in others:  # unrolled: no generator per cell
                if other in value:
                    return None
        items = [item.strip() for item in value.split(separator) if item.strip()]
        if plan is not None:
            found = [plan.values.get(item.casefold()) for item in items]
            if None in found and (plan.report or plan.unmapped == "drop" or (noted and _defaults(plan))):
                return None
            fill = {"default": plan.default, "blank": ""}
            items = [
                m if m is not None else fill.get(plan.unmapped, item) for m, item in zip(found, items, strict=True)
            ]
        return ",".join(dict.fromkeys(item for item in items if item))

    return mapped


def noted(rule: RulePlan, column: ColumnPlan) -> bool:
    """Whether a value the column's map lacks, written as its default, is noted by the record's ID
    (mapping._note_unmapped): a watched column of a users rule's own records (not guardians')."""
    return rule.table == "users" and rule.guardian is None and column.name in UNMAPPED_NOTED


def _defaults(plan: MapPlan) -> bool:
    """The map writes a default (not blank) for a value it lacks."""
    return plan.unmapped == "default" and bool(plan.default)


def _never(cells: list[str]) -> Any:
    """For rules the generated code does not cover: every row goes to the interpreter."""
    return None


def _column(
    src: _Source,
    column: ColumnPlan,
    ref: Callable[[FieldRef], str],
    render: Callable[[tuple[Part, ...]], str],
    target: str = "o",
    *,
    guard: bool = True,
    noted: bool = False,
    own: dict[str, Any] | None = None,
) -> None:
    """Emit the code computing one column into target[name]; `guard` False: without the ID
    guard, which the caller runs over the whole record; `noted`: a value a map lacks that it
    writes as its default is the interpreter's (mapping._note_unmapped)."""
    if column.when is not None:  # a row the column does not take is empty (the interpreter's way)
        src.emit(f"if not {src.const(taken_from_row)}({render(column.when.parts)}, {src.const(column.when)}):")
        src.emit(f"{target}[{column.name!r}] = {column.default!r}", 2)
        src.emit("else:")
        inner = _Source()
        inner.names, inner.combines = src.names, src.combines
        _column(inner, replace(column, when=None), ref, render, target, guard=guard, noted=noted, own=own)
        src.lines += ["    " + line for line in inner.lines]
        return
    _emit_value(src, column, ref, render)
    src.emit(f"if {src.const(MULTI_SEP)} in v:")
    src.emit("return None", 2)
    if column.split:
        src.emit(f"v = {src.const(_items_mapper(column, noted=noted, own=own))}(v)")
        src.emit("if v is None:")
        src.emit("return None", 2)
    elif column.map is not None:
        plan = column.map
        src.emit("s = v.strip()")
        src.emit("if s:")
        src.emit(f"m = {src.const(plan.values)}.get(s.casefold())", 2)
        src.emit("if m is None:", 2)
        if plan.report or plan.unmapped == "drop" or (noted and _defaults(plan)):
            src.emit("return None", 3)
        elif plan.unmapped != "keep":
            src.emit(f"m = { ({'default': plan.default, 'blank': ''}[plan.unmapped])!r}", 3)
        else:
            src.emit("m = v", 3)
        src.emit("v = m", 2)
    for _, cleaner in column.cleaners:
        depth = 1
        if cleaner is guard_id and not guard:
            continue
        if cleaner is guard_id:  # most IDs need no call: guard_id's own first test, inlined
            plain = "v.isalnum() and v.isascii() and len(v) > 4 and v[1] not in 'eE'"
            src.emit(f"if not (({plain}) or {src.const(PLAIN_ID.fullmatch)}(v)):")
            depth = 2
        src.emit(f"v, i = {src.const(cleaner)}(v)", depth)
        src.emit("if i:", depth)
        src.emit("return None", depth + 1)
    if column.fallback or (column.default and src.combines):
        src.emit("if not v:")
        src.emit("return None", 2)
    src.emit(f"{target}[{column.name!r}] = v or {column.default!r}")


def _emit_value(
    src: _Source, column: ColumnPlan, ref: Callable[[FieldRef], str], render: Callable[[tuple[Part, ...]], str]
) -> None:
    """Emit the code reading a column's value into v, before its map and cleaners."""
    if column.fixed is not None:
        src.emit(f"v = {column.fixed!r}")
    elif column.span:  # a span that needs a report (no steps between its ends) is the interpreter's
        low, high = (ref(end) for end in column.span)
        src.emit(f"v = {src.const(spans.expanded)}({low}, {high}, {src.const(column.steps)})")
        src.emit("if v is None:")
        src.emit("return None", 2)
    elif column.first_of:
        src.emit(f"v = {ref(column.first_of[0])}")
        # a placeholder word its map does not list reads as blank in a list (mapping._first_of)
        words = unfilled_words(column.map.values) if column.map is not None else PLACEHOLDERS
        filled, first = src.const(is_filled), src.const(first_filled)
        if src.combines and len(column.first_of) > 1:
            src.emit(f"if not {filled}(v, {src.const(words)}):")
            src.emit("return None", 2)
        if len(column.first_of) > 1:
            cells = ", ".join(ref(other) for other in column.first_of)
            src.emit(f"if not {filled}(v, {src.const(words)}):")
            src.emit(f"v = {first}(({cells}), {src.const(words)})[1]", 2)
    else:
        for part in column.whole:  # an ID cut short by an empty part is the interpreter's to report
            src.emit(f"if not ({render((part,))}).strip():")
            src.emit("return None", 2)
        src.emit(f"v = {render(column.parts)}")
