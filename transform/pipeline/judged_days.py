"""A student's enrolment in a class is judged on the class's days: who is at school then.

--term may name a term that starts after the as-of date beside the running ones (rostering
ahead: `--term Q2 --term Q3 --term '25-26 Year'` in December). The judged days are the as-of date
and the first day of each chosen term starting after it; a class's days are those within its
chosen terms' span (compile.TermReach.classes: a running year-long class, tonight and 19
January; a Q3 class, 19 January). The users' conditions keep a student who is at school at some
time from the first chosen day to the last, so a student leaving on 15 January stayed in the set
for her running classes, and with her every enrolment row the SIS had not ended: the Q3 class
starting on 19 January was published with her at exit 0 (reviewer103 R5, reviewer111 R4).

So while the users are read, the judged days each student's rows are current on are noted
(`watch`: the users' rule's conditions judged on each day), and once the users are decided
(`settle`) a kept student not at school on every day of some class is `away` on those days. Her
enrolment in a class none of whose days she is at school on is left out (X847), and so is an
enrolment row whose own dates are current on none of its class's days (her Q3 schedule row ended
before Q3 starts: reviewer116 R1), in either engine (the validator asks `left_out_on`; the
columnar engine sends such a student's enrolments, and such rows, to it). Only on a run whose
--term names a term starting after the as-of date; a night without --term is not touched.

Held: by user, the judged days her rows are current on, for the students with a row current on
some days only (IDs of those current on all of them in an IdSet); after `settle`, the students
away on all the days of some class (in summer, rostering next year ahead, every student is away
tonight but no class is judged on tonight: none is held, reviewer116 R3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import replace

from transform.profile.compile import AsOf, ConditionPlan, Plan, RulePlan, TermReach
from transform.report.report import Report

from .compact import IdSet
from .conditions import DATE_ORDER, dates_of, kept_as_of
from .mapping import holds, row_ids
from .rows import Draft, Indexes, SourceRow


class JudgedDays:
    """The judged days of the run, who is at school on which, then who is away on which."""

    def __init__(self) -> None:
        self.plan: Plan | None = None
        self.days: frozenset[dt.date] = frozenset()
        self._current: dict[str, set[dt.date]] = {}  # while the users are read: rows current on some days
        # Of them, rows not current tonight but on a later day (starting in the reach): a student's
        # whose row there waits (F427, beside a current one) is not at school by it. Few.
        self._later: dict[str, set[dt.date]] = {}
        self._always = IdSet()  # a row of theirs current on every day
        self.away: dict[str, frozenset[dt.date]] = {}  # after `settle`: the days a kept user is not at school
        self._dated: dict[str, list[ConditionPlan | None]] = {}  # enrolment rule -> its date conditions (as_of)
        self._held: dict[tuple[str, tuple[str, ...], frozenset[dt.date]], bool] = {}

    def __len__(self) -> int:
        return len(self.away)

    def __getstate__(self) -> dict[str, object]:
        """Handed to the worker (pipeline.overlap) without the plan, which is the worker's own
        (`received`), nor what is worked out from it."""
        return {"days": self.days, "away": self.away}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__()  # type: ignore[misc]
        self.__dict__.update(state)

    def received(self, before: JudgedDays) -> None:
        """In the worker, handed over: the run's plan is this process's own."""
        self.plan = before.plan

    def __contains__(self, user: object) -> bool:
        return isinstance(user, str) and user in self.away

    def watch(self, rows: Iterable[SourceRow], rule: RulePlan, plan: Plan, indexes: Indexes) -> Iterator[SourceRow]:
        """The users' rule's rows, unchanged; each noted with the judged days it is current on."""
        self.plan, self.days = plan, plan.reach.days
        dated = [cond for cond in rule.where if isinstance(cond.value, AsOf)]
        if len(self.days) < 2 or not dated:
            yield from rows
            return
        others = [cond for cond in rule.where if not isinstance(cond.value, AsOf)]
        plans = {day: replace(plan, reach=TermReach.pinned(day)) for day in sorted(self.days)}
        quiet = Report(max_examples=0)
        for row in rows:
            if all(holds(row, c, rule=rule, plan=plan, indexes=indexes) is not False for c in others):
                current = {
                    day
                    for day, on in plans.items()
                    if all(holds(row, c, rule=rule, plan=on, indexes=indexes) is not False for c in dated)
                }
                for user in row_ids(row, rule=rule, plan=plan, indexes=indexes, quiet=quiet):
                    if len(current) == len(self.days):
                        self._always.add(user)
                    elif current and plan.as_of not in current:
                        self._later.setdefault(user, set()).update(current)
                    else:
                        self._current.setdefault(user, set()).update(current)
            yield row

    def settle(self, kept: Callable[[str], bool], waiting: Container[str] = ()) -> None:
        """Once the users are decided: a kept user current on some days only, who is so on none of
        the days of some class, is away on the others (the enrolments of one not kept follow her
        anyway, V503). One whose every class keeps her is not held: her enrolments stay the
        columnar engine's. A row starting after tonight counts but for a user in `waiting` (her
        transfer's row waits, F427: she is at the old school only, reviewer116 R2)."""
        current, self._current = self._current, {}
        later, self._later = self._later, {}
        for user, on in later.items():
            if user not in waiting:
                current.setdefault(user, set()).update(on)
            else:
                current.setdefault(user, set())
        classes = set(self.plan.reach.classes.values()) if self.plan is not None else set()
        for user, on in current.items():
            away = frozenset(self.days - on)
            if away and user not in self._always and any(c <= away for c in classes) and kept(user):
                self.away[user] = away
        self._always = IdSet()

    def left_out_on(self, draft: Draft) -> tuple[frozenset[dt.date], bool] | None:
        """Whether a student's enrolment is left out: the days of its class, and whether she
        is at school on some of its class's days (then the row's own dates are current on none
        of them); None when it stays."""
        values = draft.values
        if self.plan is None or values.get("role", "student") != "student":
            return None
        days = self.plan.reach.classes.get(values.get("classSourcedId", ""))
        if not days:
            return None
        at_school = days - self.away.get(values.get("userSourcedId", ""), frozenset())
        if at_school and self.row_held(draft.rule, dates_of(draft.extra), at_school):
            return None
        return days, bool(at_school)

    def row_held(self, label: str, texts: tuple[str, ...], days: frozenset[dt.date]) -> bool:
        """Whether an enrolment row whose date conditions read `texts` is current on one of `days`
        (held when its rule reads them otherwise: a join)."""
        if self.plan is None:
            return True
        if not self._dated:
            self._dated = {
                rule.label: [c if isinstance(c.value, AsOf) else None for c in rule.where if c.op in DATE_ORDER]
                for rule in self.plan.rules.get("enrollments", ())
            }
        conds = self._dated.get(label)
        if conds is None or len(conds) != len(texts):
            return True
        key = (label, texts, days)
        if (held := self._held.get(key)) is None:
            on = [replace(self.plan, reach=TermReach.pinned(day)) for day in sorted(days)]
            pairs = [(c, t) for c, t in zip(conds, texts, strict=True) if c is not None]
            held = self._held[key] = any(all(kept_as_of(c, t, plan) is not False for c, t in pairs) for plan in on)
        return held
