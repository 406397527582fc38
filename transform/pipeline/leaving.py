"""People who leave tonight, not rows lost: the safety gate's X882 does not ask for them.

An export of active students no longer lists a student withdrawn today, while her schedule rows,
which the enrolment rule's date conditions keep today, end today (tester67 F5: refused as a
students export that lost rows, 'export it again whole', which changed nothing). A person is
leaving when EVERY current enrolment row naming her ends tonight (the rule's conditions keep it
today and leave it out tomorrow) and at least one of them ends in a class that runs on: another
row of the same rule, class and role is kept today and tomorrow. Judged by the person's ID (or
the key a join found no row by, report.users_missed), over every row of the enrolment exports:
the first row of hers read was all b6e4f04 looked at, and a student still enrolled in two
year-long classes, whose first row was a class she dropped that day, was removed at exit 0
(review64 R1).

The class running on is what tells a withdrawal from a cut export on the night rows end for
everyone: the last day of the year (every row ends with it) or of a term (every row of its
classes). A students export cut short that night loses students whose rows all end tonight, in
classes ending with them: they are not excused, and X882 (or the removal limit) refuses the cut.
A student who withdraws on such a day is refused that night, as before.

Read again while the exports can be read (missing_rows.prepare), without the join indexes: a
condition reading a join counts as passed, as elsewhere after the run (mapping.records_as_read);
a rule whose user cannot be told without them (a key read through another join) makes nobody
leaving. Held: the candidates' ending classes and the classes that run on (a table of sections),
nothing per row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from transform.pipeline.conditions import DATE_ORDER
from transform.pipeline.gate import columns_of
from transform.pipeline.mapping import column_as_read, reads_join, records_as_read, user_keys_as_read
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.rows import SourceRow
from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import SETTINGS_ALIAS, FieldRef
from transform.report.report import Report

_READ = frozenset({"userSourcedId", "classSourcedId", "role"})
# A person as a rule's rows name her: ("id", her userSourcedId) or ("key", the keys its user joins read)
Person = tuple[str, tuple[str, ...]]
# A class as the rows of one rule give it, with the role its record writes ("" when read through a join)
Seat = tuple[int, str, str]
CACHED = 50_000  # values of a column kept by the cells they are read from (a district's IDs); past it, read anew


@dataclasses.dataclass
class _Seen:
    ending: dict[Person, set[Seat]] = dataclasses.field(default_factory=dict)  # a candidate's rows ending tonight
    staying: set[Person] = dataclasses.field(default_factory=set)  # candidates with a row running on
    running: set[Seat] = dataclasses.field(default_factory=set)  # classes with a row kept today and tomorrow
    unknown: bool = False  # a rule whose rows' person could not be told


def judge(report: Report, plan: Plan, sources: Mapping[str, SourceFile], *, last_set: Path | None = None) -> None:
    """Take the people leaving tonight out of report.named_users (those named by enrolment rows
    only), and keep the missed keys leaving tonight in report.missed_leaving. Of a later night
    (`last_set` holds users.csv), only the people of the last set are judged: X882 asks for no
    other (a pre-registered student an enrolment export names every night is not read for)."""
    users = {
        user for user, places in report.named_users.items() if places and all(p[3] == "enrollments" for p in places)
    }
    if users and last_set is not None and (last_set / "users.csv").is_file():
        users &= {key for (key,) in columns_of(last_set / "users.csv", "sourcedId") if key in users}
    keys = set(report.users_missed)
    if not users and not keys:
        return
    seen = _Seen()
    tomorrow = dataclasses.replace(plan, as_of=plan.as_of + dt.timedelta(days=1))
    for index, rule in enumerate(plan.rules.get("enrollments", ())):
        export = sources.get(rule.source)
        if export is None or rule.once:
            continue
        reader = _Reader(index, rule, (plan, tomorrow), (users, keys))
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            reader.read(row, seen)
            if seen.unknown:
                return
    leaving = {
        person
        for person, seats in seen.ending.items()
        if person not in seen.staying and any(seat in seen.running for seat in seats)
    }
    report.named_users = {user: places for user, places in report.named_users.items() if ("id", (user,)) not in leaving}
    # Nor lines lost from the people export (joined_tails, X884): two students withdrawn the same day.
    report.named_absent -= {held[0] for kind, held in leaving if kind == "id"}
    report.missed_leaving = {(source, key) for kind, held in leaving if kind == "key" for source, key in _pairs(held)}


class _Reader:
    """The rows of one enrolment rule: who each names, in which class, and whether it is kept
    today and tomorrow (read only where it tells: a candidate's row, a class not yet known to run
    on). Each value is cached by the cells it is read from: a roster's dates are few, its IDs a
    district's."""

    def __init__(
        self, index: int, rule: RulePlan, plans: tuple[Plan, Plan], candidates: tuple[set[str], set[tuple[str, str]]]
    ) -> None:
        self.index, self.rule, self.plans, self.candidates = index, rule, plans, candidates
        self.by_join = _by_join(rule)
        self.dated = any(cond.op in DATE_ORDER for cond in rule.where)
        # A rule with `each` groups is read whole (records_as_read); else each column alone, but
        # one that reads a join, which is left out.
        columns = [(c, _refs(c)) for c in rule.columns if c.name in _READ]
        self.columns = None if rule.groups else [(c, refs) for c, refs in columns if refs is not None]
        conditions = [p for cond in rule.where for p in cond.parts if isinstance(p, FieldRef) and p.alias is None]
        self.keys: list[tuple[str, ...]] = [tuple(ref.key for ref in conditions)]
        self.keys += [tuple(ref.key for ref in refs) for _, refs in self.columns or ()]
        self.cached: list[dict[tuple[str, ...], object]] = [{} for _ in range(2 + len(self.columns or ()))]
        self.at: tuple[dict[str, int] | None, list[tuple[int, ...]]] = (None, [])  # the cells' positions, by header

    def read(self, row: SourceRow, seen: _Seen) -> None:
        keys = user_keys_as_read(row, self.rule) if self.by_join else None
        if self.by_join and keys is None:
            seen.unknown = True
            return
        for record in self._records(row):
            if keys is not None:
                person: Person = ("key", tuple(part for pair in keys for part in pair))
                candidate = any(pair in self.candidates[1] for pair in keys)
            else:
                person = ("id", (record.get("userSourcedId", ""),))
                candidate = person[1][0] in self.candidates[0]
            seat: Seat = (self.index, record.get("classSourcedId", ""), record.get("role", ""))
            if not candidate and (not seat[1] or seat in seen.running):
                continue
            if not self._admitted(row, 0):
                return
            if not self.dated or self._admitted(row, 1):
                seen.running.add(seat)
                if candidate:
                    seen.staying.add(person)
            elif candidate:
                seen.ending.setdefault(person, set()).add(seat)

    def _cells(self, row: SourceRow, which: int) -> tuple[str, ...]:
        if self.at[0] is not row.index:
            self.at = (row.index, [tuple(row.index.get(key, -1) for key in keys) for keys in self.keys])
        cells = row.cells
        return tuple(cells[p] if 0 <= p < len(cells) else "" for p in self.at[1][which])

    def _admitted(self, row: SourceRow, night: int) -> bool:
        """Whether the rule's conditions keep the row today (0) or tomorrow (1), a condition reading a join passed."""
        cells = self._cells(row, 0)
        held = self.cached[night].get(cells)
        if held is None:
            held = records_as_read(row, self.rule, self.plans[night], frozenset())[0]
            if len(self.cached[night]) < CACHED:
                self.cached[night][cells] = held
        return bool(held)

    def _records(self, row: SourceRow) -> list[dict[str, str]]:
        if self.columns is None:
            return records_as_read(row, self.rule, self.plans[0], _READ)[1]
        record = {}
        for which, (column, _) in enumerate(self.columns, start=1):
            cells = self._cells(row, which)
            cache = self.cached[which + 1]
            value = cache.get(cells)
            if value is None:
                value = column_as_read(row, rule=self.rule, plan=self.plans[0], indexes={}, name=column.name)
                if len(cache) < CACHED:
                    cache[cells] = value
            record[column.name] = str(value)
        return [record]


def _refs(column: ColumnPlan) -> tuple[FieldRef, ...] | None:
    """The row's own cells the column reads; None when it reads a join or another column."""
    when = column.when.parts if column.when is not None else ()
    parts = (*when, *column.parts, *column.first_of, *column.fallback_parts, *column.span)
    refs = tuple(p for p in parts if isinstance(p, FieldRef))
    if any(ref.alias is not None and ref.alias != SETTINGS_ALIAS for ref in refs):
        return None
    return tuple(ref for ref in refs if ref.alias is None)


def _by_join(rule: RulePlan) -> bool:
    """Whether the rule's userSourcedId reads a join (PowerSchool's cc: the student through StudentID)."""
    columns = [*rule.columns, *(column for _, group in rule.groups for column in group)]
    return any(reads_join(column) for column in columns if column.name == "userSourcedId")


def _pairs(held: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(held[i], held[i + 1]) for i in range(0, len(held) - 1, 2)]
