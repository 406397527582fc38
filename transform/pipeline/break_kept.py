"""A break night whose people changed: published with the ended term's classes kept.

Over a break between terms, a SIS job exporting the current term only still exports the ended
term's classes beside the year-long ones, until the new term's first day (filters.later_classes_paused,
I288: nothing due, the last set kept whole). In a real district a parent's phone, a custody link or a
withdrawal changes almost every night, and holding them until the new term (weeks, at exit 0) or
refusing every night of the break (X895, exit 1: districts learn to ignore it) are both wrong. Such a
night is made again, keeping the classes of the ended term that the last published set held and
tonight's export still has (`classes_to_keep`): their rows as the export writes them tonight (a
teacher changed is published), an enrolment that ended with the term judged as of its last day
(`planned`, compile.AsOfUntil: the rows the SIS ended with the term still count; a student who left
the class before, or left the school, is not in it; a year-long class dropped over the break is
left) and the people as of tonight. A class of the ended term the last set did not
hold is not published (a stale export, not a break), and one the export no longer has is removed as
any class is, under the safety gate: the export is tonight's truth of which sections exist.

A SIS job may instead keep the ended term's sections and drop their enrolments over the break (FACTS's
Clever integration): the classes kept come out with no student. Those are a term change, not classes
lost (`emptied`: the safety gate explains their removal by the term's end, X937, as on the new term's
first night), and the night is said by I246, not I245; the next break nights find the last set holding
none of the term's classes (`removed_earlier`) and publish tonight's set as made. Either way last.json
keeps the ended term and the day it was judged on, so the night the break is due still refuses (X895).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from transform.profile.compile import AsOf, AsOfUntil, Plan, RulePlan

from . import set_files
from .filters import Ended, LaterClassesMissing, NothingDue


@dataclass(frozen=True, slots=True)
class Kept:
    """The classes of an ended term kept tonight (`ids`), until when (`due`: the first night X895
    or X977 is said if the new term's classes are still not exported), ended on `last`."""

    ids: frozenset[str]
    last: dt.date
    due: dt.date
    term: str
    schools: tuple[str, ...]
    # A break no class of which runs on (F443: semester or quarter classes only): the night is made
    # again before the gate knows whether people changed; with none changed, F443 is said as it was.
    quiet: NothingDue | None = None
    # The break between terms (I288) of the night's first pass: said again, nothing published, when
    # the night made keeping the classes is the last set itself (the break's nights after a leaver's
    # or a school move's were published again, unchanged, every night: reviewer64).
    held: NothingDue | None = None
    # Made again on a night nobody changed, to learn whether the export still enrols students in the
    # ended classes: published only when it enrols none (the term's end, I246), else the break (I288).
    quiet_kept: bool = False
    # The first pass's verdict on each class of `ids` (filters.Ended): a kept class left with no
    # student is removed as ended with the term (`emptied`).
    ended: Mapping[str, Ended] = dataclasses.field(default_factory=dict, compare=False)
    # The ended term's IDs, kept in last.json's terms when none of its classes is published
    # (`removed_earlier`): the night it is due still finds the break (filters._later_classes_missing).
    term_ids: frozenset[str] = frozenset()


class KeepOverBreak(Exception):
    """Raised by the safety gate on a break night whose people changed: make the night again,
    keeping `kept` (api.run)."""

    def __init__(self, kept: Kept) -> None:
        super().__init__(f"{len(kept.ids)} classes of {kept.term} kept over the break")
        self.kept = kept


def classes_to_keep(
    found: Collection[LaterClassesMissing], ended: Mapping[str, Ended], last_set: Path | None
) -> Kept | None:
    """The classes tonight's export still has that ended at the schools `found` (the break's,
    filters.later_classes_paused) and that the last published set (`last_set`) held; None when
    there are none, or the break is not one (no night it is due)."""
    dues = [f.due for f in found if f.due is not None]
    if not found or not dues or last_set is None:
        return None
    schools = {f.school for f in found}
    held = _class_ids(last_set / "classes.csv")
    ids = frozenset(key for key, class_ended in ended.items() if class_ended.school in schools and key in held)
    if not ids:
        return None
    first = found[0] if isinstance(found, list) else next(iter(found))
    return Kept(
        ids,
        max(f.last for f in found),
        min(dues),
        first.term.name or "the ended term",
        tuple(sorted(schools)),
        ended={key: ended[key] for key in ids},
        term_ids=frozenset().union(*(ended[key].terms for key in ids)),
    )


def emptied(kept: Kept, ids: Collection[str]) -> dict[str, Ended]:
    """Of the classes `kept`, those the night left with no student (`ids`, run.Calendar.kept_emptied),
    as the night's first pass found them ended: tonight's export still has their sections but enrols
    nobody in them (FACTS's integration over a winter break). Their removal is the term's end (X937,
    gate.calendar_explains), not classes lost (X906: 'classes.csv would lose 18 of 70' every night of
    a FACTS district's break whose people changed, tester66 F2)."""
    return {key: kept.ended[key] for key in ids if key in kept.ended}


def removed_earlier(
    found: Collection[LaterClassesMissing], ended: Mapping[str, Ended], last_set: Path | None
) -> Kept | None:
    """A break night whose ended classes (`ended`, at the schools `found`) the last published set
    holds none of, nor any class of their terms: an earlier break night removed them, the export
    enrolling nobody in them (`emptied`). Nothing to keep: tonight's set is published as made, and
    the term kept in last.json (`Kept.term_ids`). None when the last set holds a class of them (its
    sections renumbered, or a stale export: X895), or the break is not one."""
    dues = [f.due for f in found if f.due is not None]
    if not found or not dues or last_set is None:
        return None
    last = {f.school: f for f in found}
    at = [e for e in ended.values() if e.school in last and last[e.school].term.start <= e.end <= last[e.school].last]
    terms = frozenset().union(*(e.terms for e in at))
    held = _class_terms(last_set / "classes.csv")
    if not at or not terms or held is None or terms & held:
        return None
    first = found[0] if isinstance(found, list) else next(iter(found))
    return Kept(
        frozenset(),
        max(f.last for f in found),
        min(dues),
        first.term.name or "the ended term",
        tuple(sorted(last)),
        term_ids=terms,
    )


def of_pause(pause: NothingDue, last_set: Path | None) -> Kept | None:
    """A break between terms at which no class runs on (F443: a district of semester or quarter classes
    only, its export still of the ended term): the last published set's classes, kept if tonight's export
    still has them; None for any other night with nothing due, or without a last set."""
    if pause.code_slug != "term-break" or last_set is None:
        return None
    ids = frozenset(_class_ids(last_set / "classes.csv") - {""})
    try:
        last, due = dt.date.fromisoformat(str(pause.params["end"])), dt.date.fromisoformat(str(pause.params["due"]))
    except (KeyError, ValueError):
        return None
    return Kept(ids, last, due, str(pause.params.get("term", "")), (), pause) if ids else None


def _class_ids(path: Path) -> set[str]:
    """The class IDs of the last set's classes.csv (none when it is not there)."""
    return {key for (key,) in set_files.columns(path, "sourcedId")}


def _class_terms(path: Path) -> set[str] | None:
    """Every term ID a class of the set names (classes.csv's termSourcedIds); None when unread."""
    if not path.is_file():
        return None
    return {t.strip() for (terms,) in set_files.columns(path, "termSourcedIds") for t in terms.split(",")}


def planned(plan: Plan, kept: Kept) -> Plan:
    """The plan of a night keeping `kept`: the term filter keeps its classes, and an enrolment's
    conditions that ask whether the row has ended judge a row that ended with the term on the term's
    last day (compile.AsOfUntil); those that ask whether it has started, and every other table's,
    as every night."""
    rules = {table: tuple(_until(rule, kept.last) for rule in found) for table, found in plan.rules.items()}
    return dataclasses.replace(plan, rules=rules, kept_over_break=kept.ids)


def _until(rule: RulePlan, last: dt.date) -> RulePlan:
    if rule.table != "enrollments":
        return rule
    where = tuple(
        dataclasses.replace(cond, value=AsOfUntil(cond.value.days, last))
        if isinstance(cond.value, AsOf) and cond.op in ENDED_BY
        else cond
        for cond in rule.where
    )
    return dataclasses.replace(rule, where=where)


# The date conditions that keep a row not ended by their date (compile.STARTED_BY: started by it).
ENDED_BY = frozenset({"date_gt", "date_ge"})


def said(kept: Kept, removed: Collection[str] = ()) -> dict[str, object]:
    """I245's parameters (I246's: `removed`, the classes of `kept` the night removed as ended)."""
    more = f" (and {len(kept.schools) - 1} more)" if len(kept.schools) > 1 else ""
    return {
        "classes": len(kept.ids) - len(removed),
        "removed": len(removed),
        "term": kept.term,
        "last": kept.last.isoformat(),
        "schools": f"school {kept.schools[0]}{more}" if kept.schools else "every school",
        "due": kept.due.isoformat(),
    }
