"""The rows of a joined export that no row of the rules' export names (`join.unnamed`).

A rule that makes its records from one export's rows and reads another's through a join makes
nothing of a row of the joined export that no row names. In OneRoster 1.2 a user's roles are
in roles.csv, and the users rules are made from the roles: a users.csv person no role names
(an exporter that writes roles for students only) was left out without a word, and their
enrolments said "not in the exports" (tester23 F3). A join that says `unnamed:` (in the
profile's words, what such a row lacks: "has no role in roles.csv") has each such row reported
(F433, an error that leaves the row out: the export lacks what the row needs, and past the
removal limit of the export's rows the safety gate refuses the set, X915, on a first run too: a
warning was held to half of them, and an exporter writing no parent's role lost 120 of 250 people
at exit 0, tester26), unless the rules would leave the row out whatever named it: a person to be
deleted needs no role.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from transform.profile.compile import SCHOOL_YEAR_PART, JoinPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields
from transform.report import codes
from transform.report.report import Report

from .conditions import passes
from .mapping import JoinMiss, RowContext
from .read import SourceFile, iter_rows
from .rows import Indexes, SourceRow


@dataclass(frozen=True, slots=True)
class _Declared:
    rule: RulePlan
    alias: str
    join: JoinPlan


def report_unnamed(
    plan: Plan,
    rules: list[RulePlan],
    sources: dict[str, SourceFile],
    indexes: Indexes,
    report: Report,
) -> None:
    """F433 for each row of a source that a join of `rules` says `unnamed:` of, and that no row of
    any rule joining that source on that key names."""
    joining: dict[tuple[str, tuple[str, ...]], list[_Declared]] = {}
    for rule in rules:
        if rule.source not in sources:
            continue
        for alias, join in rule.joins.items():
            joining.setdefault((join.source, _remote(join)), []).append(_Declared(rule, alias, join))
    for (source, remote), joins in joining.items():
        declared = [d for d in joins if d.join.unnamed]
        if not declared or source not in sources:
            continue
        named = _named(joins, plan, sources, indexes)
        # A join comparing its key without case (ignore_case) names a row in any letter case.
        folds = any(d.join.ignore_case for d in joins)
        if folds:
            named = {_folded(key) for key in named}
        for row in iter_rows(sources[source], Report(max_examples=0), first_pass=False):
            key = tuple(row.get(column).strip() for column in remote)
            if all(key) and (_folded(key) if folds else key) not in named:
                _report(row, key, declared, plan, sources, indexes, report)


def _folded(key: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.casefold() for part in key)


def _remote(join: JoinPlan) -> tuple[str, ...]:
    """The joined source's key columns (a `pick: {year}` join's year part is no column)."""
    return tuple(column for column in join.remote if column != SCHOOL_YEAR_PART)


def _local(join: JoinPlan) -> tuple[FieldRef, ...]:
    return join.local[: len(_remote(join))]


def _named(
    joins: list[_Declared], plan: Plan, sources: dict[str, SourceFile], indexes: Indexes
) -> set[tuple[str, ...]]:
    """The keys the rules' rows name, every row of their exports (whatever their where says:
    a row left out by it is reported as such)."""
    named: set[tuple[str, ...]] = set()
    done: set[tuple[str, tuple[FieldRef, ...], str]] = set()
    for declared in joins:
        rule, join = declared.rule, declared.join
        if (rule.source, _local(join), join.split) in done:
            continue
        done.add((rule.source, _local(join), join.split))
        for row in iter_rows(sources[rule.source], Report(max_examples=0), first_pass=False):
            named.update(_keys(row, rule, join, plan, indexes))
    return named


def _keys(row: SourceRow, rule: RulePlan, join: JoinPlan, plan: Plan, indexes: Indexes) -> Iterator[tuple[str, ...]]:
    local = _local(join)
    if all(ref.alias is None for ref in local):
        key = tuple(row.get(ref.key).strip() for ref in local)
    else:  # a key read through another join
        try:
            key = tuple(RowContext(row, rule, indexes, plan.settings).get(ref).strip() for ref in local)
        except JoinMiss:
            return
    if join.split and len(key) == 1:
        yield from ((item.strip(),) for item in key[0].split(join.split) if item.strip())
    else:
        yield key


def _report(
    row: SourceRow,
    key: tuple[str, ...],
    declared: list[_Declared],
    plan: Plan,
    sources: dict[str, SourceFile],
    indexes: Indexes,
    report: Report,
) -> None:
    """F433 for the row, unless every rule declaring the join leaves it out by a condition on
    the joined row alone (a person to be deleted: `{user.status}`)."""
    contexts = [(d, _context(row, key, d, plan, indexes)) for d in declared]
    if all(not _admitted(ctx, d.alias, plan) for d, ctx in contexts):
        return
    first, ctx = contexts[0]
    by = sources[first.rule.source]
    columns = [by.header[by.index[ref.key]] if ref.key in by.index else ref.key for ref in _local(first.join)]
    report.add(
        codes.code("row-named-by-none"),
        ctx.where(),
        source=first.join.source,
        id="+".join(key),
        why=first.join.unnamed,
        by=by.display,
        column=", ".join(columns),
        table=first.rule.table,
    )


def _context(row: SourceRow, key: tuple[str, ...], declared: _Declared, plan: Plan, indexes: Indexes) -> RowContext:
    """The rule's view of the joined row: a row of its own export holding the key alone (at the
    joined row's place), joined to it."""
    local = _local(declared.join)
    own = SourceRow(row.file, row.line, list(key), {ref.key: i for i, ref in enumerate(local) if ref.alias is None})
    ctx = RowContext(own, declared.rule, indexes, plan.settings)
    ctx.joined_to(declared.alias, {column: row.get(column) for column in row.index})
    return ctx


def _admitted(ctx: RowContext, alias: str, plan: Plan) -> bool:
    """Whether the rule's conditions that read the joined row alone let it in."""
    for cond in ctx.rule.where:
        refs = fields(cond.parts)
        if cond.routes or not refs or any(ref.alias != alias for ref in refs):
            continue
        text = ctx.render(cond.parts).strip()
        if not text and cond.allow_empty:
            continue
        if passes(cond, text, plan) is False:
            return False
    return True
