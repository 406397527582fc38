"""Who an enrolment names tonight, for the users conditions that say `unless_enrolled` (compile.Enrolled).

A OneRoster bulk file marks the withdrawn by enabledUser false, and leaves their old enrolment rows
in, often undated (1.1 makes the dates optional): a row in a class the set leaves out (an ended
term's, last year's) is no current enrolment, or the withdrawn student it names was published with
his parent (review75 R3). A row that starts later (a class of next term, a mid-year arrival's
first day) is an upcoming one: the person is coming, not gone (review75 R4). Rows and classes are
read aside, without a word: their own passes report them."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass

from transform.pipeline import read
from transform.pipeline.filters import starts_later
from transform.pipeline.mapping import column_as_read, holds, interpret_row
from transform.pipeline.read import SourceFile
from transform.pipeline.rows import Draft, Indexes
from transform.profile.compile import EnrolledUsers, Plan, RulePlan
from transform.report.report import Report

STARTED_BY = ("date_le", "date_lt")  # a row failing only these has not started yet


@dataclass(frozen=True, slots=True)
class ClassesTonight:
    """The classes as the term filter judges them tonight."""

    kept: frozenset[str]  # published: of the current terms, not excluded (lunch)
    current: frozenset[str]  # of the current terms, excluded or not
    later: frozenset[str]  # left out, every dated term starting after the as-of date


def note_later(drafts: Iterable[Draft], plan: Plan, later: set[str]) -> Iterator[Draft]:
    """The class drafts as they are, the IDs of those of later terms added to `later`."""
    for draft in drafts:
        if starts_later(draft, plan):
            later.add(draft.values.get("sourcedId", "").strip())
        yield draft


def noted(drafts: Iterable[Draft], ids: set[str]) -> Iterator[Draft]:
    """The drafts as they are, each one's ID added to `ids`."""
    for draft in drafts:
        ids.add(draft.values.get("sourcedId", "").strip())
        yield draft


def enrolled_users(
    rules: Iterable[RulePlan],
    sources: Mapping[str, SourceFile],
    classes: ClassesTonight | None,
    *,
    plan: Plan,
    indexes: Indexes,
) -> EnrolledUsers:
    """Each enrolment row's user, as current (its conditions keep it, in a class kept), upcoming
    (it fails only its start, or its class is of a later term) or over (any other failing: dropped,
    ended; or a class of an ended term or year). `classes` None: the term filter stops the run
    (its own pass says why), and a row kept is current whatever its class."""
    current: set[str] = set()
    upcoming: set[str] = set()
    over: set[str] = set()
    quiet = Report(max_examples=0)
    for rule in rules:
        if rule.once or rule.source not in sources:
            continue
        for row in read.iter_rows(sources[rule.source], quiet, first_pass=False):
            failing = [c for c in rule.where if holds(row, c, rule=rule, plan=plan, indexes=indexes) is False]
            if any(cond.routes for cond in failing):
                continue  # another rule's row
            drafts = interpret_row(row, rule=rule, plan=plan, indexes=indexes, extras={}, report=quiet)
            for draft in drafts if not failing else ():
                user, class_id = draft.values.get("userSourcedId", "").strip(), draft.values.get("classSourcedId", "")
                if user:
                    _sort(user, class_id.strip(), classes, (current, upcoming, over))
            if failing and (user := column_as_read(row, rule=rule, plan=plan, indexes=indexes, name="userSourcedId")):
                # upcoming when it only starts later, else over
                (upcoming if all(c.op in STARTED_BY for c in failing) else over).add(user.strip())
    return EnrolledUsers(frozenset(current), frozenset(upcoming), frozenset(over))


def _sort(user: str, class_id: str, classes: ClassesTonight | None, into: tuple[set[str], set[str], set[str]]) -> None:
    current, upcoming, over = into
    if classes is None or class_id in classes.kept:
        current.add(user)
    elif class_id in classes.later:
        upcoming.add(user)
    elif class_id not in classes.current:
        over.add(user)  # a class of the current terms left out (lunch) tells nothing either way


def classes_with_students(
    rules: Iterable[RulePlan],
    sources: Mapping[str, SourceFile],
    among: set[str],
    *,
    plan: Plan,
    indexes: Indexes,
    students: Container[str] | None = None,
) -> set[str]:
    """The classes of `among` that a student enrolment row names that the enrolments rules' own
    conditions keep tonight (not dropped, not ended, started), judged on the as-of date as a night
    without --term is (the reach --term sets put aside): of a running term's classes --term leaves
    out, those that would reach Remind without it (pipeline.term_running). A class no student is in
    is left out anyway (F412), unless the profile keeps empty classes. `students`: the students
    kept (the users are made before the classes); an enrolment of a student left out (withdrawn,
    inactive) follows him out (V504), so it fills no class (reviewer111 R3). None: every one."""
    if not plan.drop_empty_classes:
        return set(among)
    found: set[str] = set()
    quiet = Report(max_examples=0)
    reach = plan.reach
    before = (reach.first, reach.last, reach.terms)
    reach.first, reach.last, reach.terms = None, None, ""
    try:
        for rule in rules:
            if rule.once or rule.source not in sources:
                continue
            for row in read.iter_rows(sources[rule.source], quiet, first_pass=False):
                if any(holds(row, c, rule=rule, plan=plan, indexes=indexes) is False for c in rule.where):
                    continue
                for draft in interpret_row(row, rule=rule, plan=plan, indexes=indexes, extras={}, report=quiet):
                    class_id = draft.values.get("classSourcedId", "").strip()
                    user = draft.values.get("userSourcedId", "").strip()
                    if draft.values.get("role") != "student" or class_id not in among:
                        continue
                    if students is None or user in students:
                        found.add(class_id)
    finally:
        reach.first, reach.last, reach.terms = before
    return found
