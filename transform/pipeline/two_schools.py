"""One person's two current rows of one export, alike but for the school and what the rule's
conditions read: one person at both schools tonight, not two people sharing an ID.

A transfer is two rows of one student in a students export (Infinite Campus: an enrolment per
school, each with its serviceType, startDate and endDate). The new school often enrols her (a
primary row starting today) before the old one ends hers, and rostering ahead with --term holds
both rows current for the reach (the old row ending 15 January, the new one starting on the
19th). Both rows passed the rule's conditions, so the records differed in the school alone, and
the two records of one ID kept neither (V537): the student, her parent's link and her enrolments
were deleted from the set for a night (tester60 N4, reviewer116 R2).

The rows are one person when their records are alike but for orgSourcedIds (same name, birth
date apart: same every other column) and the cells the rule's conditions read differ (another
start or end date, another flag: the SIS wrote two enrolments, and the profile judged both
current). Her record is published once, the later row's school added to her orgSourcedIds once
the set is written (pipeline.user_schools, with her guardians: order-free, the union of both
rows' schools), her enrolments at both kept, and said (I297, info). Rows whose condition cells are
the same say nothing of two enrolments (a row per school or per span of a layout the profile does
not read): they stay V537, and span_rows' and rows_unread's checks (X816, X881) read them. A row
that starts after tonight within the rule's window is left to wait (F427, pipeline.ahead), before
this is asked.

Held: per student and staff member kept, 8 bytes in a CompactMap (a hash of the record without
its schools, and one of the condition cells); per person found, the schools to add (few).
"""

from __future__ import annotations

from collections.abc import Container

from transform.profile.compile import Plan, RulePlan
from transform.profile.templates import Part, fields

from .compact import CompactMap, id_hash
from .no_birth_dates import COLUMN as BIRTH_DATE
from .no_birth_dates import TABLE as DEMOGRAPHICS
from .rows import Draft

# The Draft.extra of a user record holding the text its rule's condition number N read.
CONDITION_READ = "condition read:"
BIRTH_READ = "birth date read"  # and the cells the birth date is read from, when a demographics rule reads them
_RECORD_BITS = 40
_CONDITIONS_BITS = 23
_CONDITIONS = (1 << _CONDITIONS_BITS) - 1
# Not compared: the schools (what differs) and the links a student's first row alone is given.
_NOT_COMPARED = frozenset({"orgSourcedIds", "agentSourcedIds"})


def conditions_read(rule: RulePlan, plan: Plan) -> dict[str, tuple[Part, ...]]:
    """The extras a students or staff rule's drafts carry: what each of its conditions reads, and
    the cells a demographics rule of the same export reads the birth date from (rows of another
    birth date are two people: V537)."""
    if rule.table != "users" or rule.guardian is not None or not rule.where:
        return {}
    births = tuple(
        part
        for other in plan.rules.get(DEMOGRAPHICS, ())
        if other.source == rule.source
        for column in other.columns
        if column.name == BIRTH_DATE
        for part in (*column.parts, *column.first_of)
        if all(ref.alias is None for ref in fields((part,)))
    )
    return {f"{CONDITION_READ}{i}": cond.parts for i, cond in enumerate(rule.where)} | (
        {BIRTH_READ: births} if births else {}
    )


def _print(draft: Draft) -> int:
    """The record without its schools, and the cells its conditions read, hashed together."""
    values = draft.values
    born = draft.extra.get(BIRTH_READ, "")
    record = hash((frozenset((k, v) for k, v in values.items() if k not in _NOT_COMPARED), born))
    read = hash(tuple(sorted((k, v) for k, v in draft.extra.items() if k.startswith(CONDITION_READ))))
    return (record & ((1 << _RECORD_BITS) - 1)) << _CONDITIONS_BITS | (read & _CONDITIONS)


class TwoSchools:
    """The kept users' prints (`seen`), and the people found at two schools (`found`)."""

    def __init__(self) -> None:
        self._prints = CompactMap()
        # ID -> the schools of her later rows, to add once the set is written. Few.
        self.found: dict[str, set[str]] = {}

    def seen(self, draft: Draft) -> None:
        """A user record kept (its ID's first): remembered when its rule's conditions are read."""
        if any(k.startswith(CONDITION_READ) for k in draft.extra):
            self._prints.setdefault_hash(id_hash(draft.values.get("sourcedId", "")), _print(draft))

    def one_person(self, draft: Draft) -> bool:
        """Whether a later row of a kept ID (of the same export) is the same person at another
        school: its record alike but for the schools, its condition cells not; noted so."""
        key = draft.values.get("sourcedId", "")
        kept = self._prints.get_hash(id_hash(key))
        if kept is None or not any(k.startswith(CONDITION_READ) for k in draft.extra):
            return False
        mine = _print(draft)
        if kept >> _CONDITIONS_BITS != mine >> _CONDITIONS_BITS or kept & _CONDITIONS == mine & _CONDITIONS:
            return False
        schools = {s for s in draft.values.get("orgSourcedIds", "").split(",") if s}
        if not schools:
            return False
        self.found.setdefault(key, set()).update(schools)
        return True

    def kept(self, gone: Container[str]) -> dict[str, set[str]]:
        """The people found, but those whose ID was left out after all (two people: V537)."""
        return {key: schools for key, schools in self.found.items() if key not in gone}
