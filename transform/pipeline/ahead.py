"""Users' rows that start within the days a rule looks ahead, read after the rule's current rows.

A rule may keep rows that start a few weeks after the as-of date (`date_le as_of+21`): before the
first day of school every row starts later, and the students are rostered ahead. But a transfer
booked ahead is a second row of the same student, at the new school, beside the current row at
the old one. Read in file order, whichever row came first was kept and the other one made the ID
two people's (V537): the student was left out of the set until the transfer started.

So a row that starts after the as-of date is held back (in a spool, not in memory: at the start
of a year it is every row) and mapped after the rule's current rows. The validator then knows
the current row first; a later row of its ID that starts ahead is left out (F427) rather than
taken for a second person, and the current row is published until the transfer starts. A row
starting ahead whose ID has no current row is kept, as before.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from transform.profile.compile import AsOf, ConditionPlan, Plan, RulePlan
from transform.profile.templates import cell, fields

from .rows import Draft, SourceRow
from .spool import Spool

_UNREAD = object()
_DATES_HELD = 10_000

# Draft.extra of a record made of a row held back: its start as written, and the condition's
# description and days ahead (what F427 says).
STARTS, CONDITION, DAYS = "ahead:starts", "ahead:condition", "ahead:days"


def looking_ahead(rule: RulePlan) -> tuple[ConditionPlan, ...]:
    """The rule's conditions that keep rows starting up to N days after the as-of date, on the
    row's own cells (a joined value is not read here)."""
    return tuple(
        cond
        for cond in rule.where
        if cond.op == "date_le"
        and isinstance(cond.value, AsOf)
        and cond.value.days > 0
        and all(ref.alias is None for ref in fields(cond.parts))
    )


class HeldBack:
    """The rows of one rule, current ones first, then those that start ahead (`rows`); the
    records made of the latter carry their start (`drafts`, after `map_rows`)."""

    def __init__(self, rule: RulePlan, plan: Plan, folder: Path) -> None:
        self.conditions = looking_ahead(rule)
        self.plan, self.folder = plan, folder
        # What the records of the row held back being mapped now carry; empty for a current row.
        self.starts: dict[str, str] = {}
        # a start date is one of a few hundred: read once (by condition: each may have its own order)
        self._dates: dict[tuple[int, str], dt.date | None] = {}

    def _date(self, text: str, number: int) -> dt.date | None:
        found = self._dates.get((number, text), _UNREAD)
        if found is _UNREAD:
            found = self.plan.parse_condition_date(self.conditions[number], text)
            if len(self._dates) < _DATES_HELD:
                self._dates[number, text] = found
        return found if isinstance(found, dt.date) else None

    def _start(self, row: SourceRow) -> tuple[str, int] | None:
        """The row's start date as written, and its condition's number, when it falls after the
        as-of date and within the condition's window; None otherwise (a row starting later still
        is the condition's to drop). The as-of date is the one the condition judges on: the
        first day of the terms --term chose, when they start after it (compile.TermReach); a row
        starting after tonight within that reach is held back too: beside a current row of her ID,
        a transfer starting in the terms rostered ahead waits (F427) as on an ordinary night, not
        published at both schools over the break (reviewer116 R2, pipeline.two_schools)."""
        for number, cond in enumerate(self.conditions):
            text = "".join(p if isinstance(p, str) else cell(p, lambda r: row.get(r.key)) for p in cond.parts).strip()
            found = self._date(text, number) if text else None
            as_of = self.plan.judged_on(cond)
            if found is not None and self.plan.as_of < found <= cond.value.date(as_of):
                return text, number
        return None

    def rows(self, rows: Iterable[SourceRow]) -> Iterator[SourceRow]:
        spool: Spool | None = None
        index: dict[str, int] = {}
        for row in rows:
            starts = self._start(row)
            if starts is None:
                yield row
                continue
            if spool is None:
                spool = Spool(tempfile.TemporaryFile(dir=self.folder, prefix=".ahead-"))  # noqa: SIM115
            index = row.index
            spool.put((row.file, row.line, row.cells, row.present, *starts))
        if spool is None:
            return
        spool.close()
        try:
            for file, line, cells, present, starts, number in spool:
                cond = self.conditions[number]
                assert isinstance(cond.value, AsOf)
                self.starts = {STARTS: starts, CONDITION: cond.text, DAYS: str(cond.value.days)}
                yield SourceRow(file, line, list(cells), index, present)
        finally:
            self.starts = {}
            spool.handle.close()

    def drafts(self, drafts: Iterable[Draft]) -> Iterator[Draft]:
        """A row's records come before the next row is read, so `starts` is that of their row."""
        for draft in drafts:
            if self.starts:
                draft.extra.update(self.starts)
            yield draft
