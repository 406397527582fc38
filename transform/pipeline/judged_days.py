"""A student's enrolment in a class is judged on the class's day: who is at school then.

--term may name a term that starts after the as-of date beside the running ones (rostering
ahead: `--term Q2 --term Q3 --term '25-26 Year'` in December). Each class is judged on one day
(compile.TermReach.day_of): the first day of its earliest chosen term, or the as-of date when
that is later. The users' conditions keep a student who is at school at some time from the first
chosen day to the last, so a student leaving on 15 January stayed in the set for her running
classes, and with her every enrolment row the SIS had not ended: the Q3 class starting on 19
January was published with her at exit 0 (reviewer103 R5, reviewer111 R4).

So while the users are read, the days each student's rows are current on are noted (`watch`:
the users' rule's conditions judged on each class day, as the term filter's reach judges them
on one), and once the users are decided (`settle`) a kept student who is at school on some of
those days only is one `away` on the others. Her enrolment in a class whose day is one of those
is left out (X847), in either engine (the validator asks `away_on`; the columnar engine sends
such a student's enrolments to it, pipeline.left_schools). Only on a run whose --term names a
class starting after the as-of date; a night without --term is not touched.

Held: by user, the judged days her rows are current on, for the students with a row current on
some days only (IDs of those current on all of them in an IdSet); after `settle`, the students
away on some day and the class days (a few thousand classes at most).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from transform.profile.compile import AsOf, Plan, RulePlan, TermReach
from transform.report.report import Report

from .compact import IdSet
from .mapping import holds, row_ids
from .rows import Draft, Indexes, SourceRow


class JudgedDays:
    """The class days of the run, who is at school on which, then who is away on which."""

    def __init__(self) -> None:
        self.as_of: dt.date | None = None
        self.classes: dict[str, dt.date] = {}  # class -> its day, when after the as-of date
        self._current: dict[str, set[dt.date]] = {}  # while the users are read: rows current on some days
        self._always = IdSet()  # a row of theirs current on every day
        self.away: dict[str, frozenset[dt.date]] = {}  # after `settle`: the days a kept user is not at school

    def __len__(self) -> int:
        return len(self.away)

    def __contains__(self, user: object) -> bool:
        return isinstance(user, str) and user in self.away

    def watch(self, rows: Iterable[SourceRow], rule: RulePlan, plan: Plan, indexes: Indexes) -> Iterator[SourceRow]:
        """The users' rule's rows, unchanged; each noted with the class days it is current on."""
        self.as_of, self.classes = plan.as_of, dict(plan.reach.classes)
        days = sorted({plan.as_of, *self.classes.values()})
        dated = [cond for cond in rule.where if isinstance(cond.value, AsOf)]
        if len(days) < 2 or not dated:
            yield from rows
            return
        others = [cond for cond in rule.where if not isinstance(cond.value, AsOf)]
        plans = {day: replace(plan, reach=TermReach.pinned(day)) for day in days}
        quiet = Report(max_examples=0)
        for row in rows:
            if all(holds(row, c, rule=rule, plan=plan, indexes=indexes) is not False for c in others):
                current = {
                    day
                    for day, on in plans.items()
                    if all(holds(row, c, rule=rule, plan=on, indexes=indexes) is not False for c in dated)
                }
                for user in row_ids(row, rule=rule, plan=plan, indexes=indexes, quiet=quiet):
                    if len(current) == len(days):
                        self._always.add(user)
                    else:
                        self._current.setdefault(user, set()).update(current)
            yield row

    def settle(self, kept: Callable[[str], bool]) -> None:
        """Once the users are decided: each kept user current on some days only is away on the
        others (the enrolments of one not kept follow her anyway, V503)."""
        current, self._current = self._current, {}
        days = {day for day in (self.as_of, *self.classes.values()) if day is not None}
        for user, on in current.items():
            if user not in self._always and kept(user) and (away := frozenset(days - on)):
                self.away[user] = away
        self._always = IdSet()

    def away_on(self, draft: Draft) -> dt.date | None:
        """The day a student's enrolment's class is judged on, when she is not at school then."""
        values = draft.values
        away = self.away.get(values.get("userSourcedId", ""))
        if not away or values.get("role", "student") != "student" or self.as_of is None:
            return None
        day = self.classes.get(values.get("classSourcedId", ""), self.as_of)
        return day if day in away else None
