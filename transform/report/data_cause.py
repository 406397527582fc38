"""The next step of a refusal whose records a knock-on filter left out (a class with no student,
F412; a school with no user, F414) where the DATA, not the profile, is the cause: the run saw what
broke, and "change the profile, --term, --school" sent the admin the wrong way (tester57 U4,
tester56 T3). Read from the report alone (the summary and a saved report say the same):

- a column the only cell of a required field is read from, absent from its export (I244, I240:
  renamed or dropped), whose field D304 then left out: put the column back, or map its new name;
- an enrolments export naming only classes of a term that ended (F405), none of the running
  term's the sections export holds (F412): an enrolments export older than the sections export;
- an enrolments export whose rows of the running term's classes are no student's (the teachers'
  alone): the sections exported, the students' enrolments not yet;
- when the counts prove neither (the students' rows, counted in bulk, followed classes of an ended
  term and an excluded Lunch section alike), the run's own finding that a school's new term's
  sections enrol no student (X873, which stopped the run beside the emptied tables): the enrolments
  export is still the ended term's, or ran before the new term's schedules (tester57 U4 a).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from transform.report.problem import Problem

if TYPE_CHECKING:
    from transform.report.report import Report

KNOCK_ON = frozenset({"F412", "F414"})  # class-empty, school-unused: what follows, never a cause
ABSENT_COLUMN = ("I244", "I240")  # column-absent-read, column-absent: a column its export lacks
ENDED = "F405 ended"  # a class left out for a term that ended (Report.classes_left_by)
NOT_THE_PROFILE = "the profile, --term and --school are not at fault"


def data_cause_step(stop: Problem, report: Report) -> str:
    """The step of `stop` when the top code behind it is a knock-on (KNOCK_ON) and the run saw the
    data's cause; "" otherwise (the caller's step stands)."""
    if str(stop.params.get("top_id") or "") not in KNOCK_ON:
        return ""
    # The enrolments' causes first, proven by counts: a column gone from another export the same
    # night (a teachers' file) is no cause of classes left with no student (reviewer117).
    return (
        _enrolments_of_ended_term(report)
        or _enrolments_not_yet(report)
        or _column_gone(report)
        or _new_term_unscheduled(report)
    )


def _column_gone(report: Report) -> str:
    """A required field read from a column its export lacks, left blank on the rows D304 left out;
    not when more enrolments were left out with a class left out before the students' enrolments
    were read (V503, not of F412) than with their user (V504): then the people it left out did not
    empty the classes (a stale enrolments export the same night, reviewer117)."""
    enrolments = _enrolments_left(report)
    followed = enrolments.get("V503", 0)
    if followed - followed_by(report, followed).get("F412", 0) > enrolments.get("V504", 0):
        return ""
    for absent in (p for cid in ABSENT_COLUMN for p in report.examples.get(cid, [])):
        effect = str(absent.params.get("effect") or "")
        lost = [
            p
            for p in report.examples.get("D304", [])
            if f"{p.params.get('table')}.{p.params.get('field')} left blank" in effect
        ]
        if not lost:
            continue
        column, file, source = (str(absent.params.get(k, "")) for k in ("column", "file", "source"))
        field = f"{lost[0].params.get('table')}.{lost[0].params.get('field')}"
        count = report.blank_by.get(field, 0)  # D304 of this field alone, not of every field (reviewer117)
        lost_said = f"{count:,} records were left out without it" if count else "records were left out without it"
        unread = [h for h in str(absent.params.get("unread") or "").split(", ") if h]
        name = unread[0] if len(unread) == 1 else "NEW NAME"
        headers = f" (its headers no rule reads: {', '.join(unread)})" if len(unread) > 1 else ""
        now = f"names it {name!r}" if len(unread) == 1 else f"names it otherwise{headers}"
        return (
            f"{file} has no column {column!r} ({absent.code.id}), which {field} is read from: "
            f"{lost_said} (D304), and with them the "
            f"schools, classes and parents that follow them. Give the column its name {column!r} again in the SIS's "
            f"export of {file}, or, if the SIS now {now}, map that name in your district profile: sources: "
            f"{{{source}: {{aliases: {{{column}: [{name}]}}}}}} (docs/profiles.md), and rerun; the filters, "
            "--term and --school are not at fault."
        )
    return ""


def _classes_dropped(report: Report) -> Counter[str]:
    """The classes left out, per code (every place of the classes table)."""
    dropped: Counter[str] = Counter()
    for (cid, _, table), count in report.left_out.places.items():
        if table == "classes":
            dropped[cid] += count
    return dropped


def _enrolments_left(report: Report) -> Counter[str]:
    """The enrolments left out, per code."""
    dropped: Counter[str] = Counter()
    for (cid, _, table), count in report.left_out.places.items():
        if table == "enrollments":
            dropped[cid] += count
    return dropped


def _enrolments_followed(report: Report) -> tuple[list[Problem], int]:
    """The enrolments left out with their class (V503), when they are nearly all the enrolments
    left out (nine in ten), and how many they are; ([], 0) otherwise."""
    dropped = _enrolments_left(report)
    followed = dropped.get("V503", 0)
    if not followed or followed * 10 < sum(dropped.values()) * 9:
        return [], 0
    return [p for p in report.examples.get("V503", []) if p.where.table == "enrollments"], followed


def followed_by(report: Report, count: int) -> Counter[str]:
    """Of the `count` enrolments left out with their class (V503), how many follow a class each
    code left out ("F405 ended": its term over). Those checked after the classes left with no
    student were known (F412: the staff's rows) are counted each (Report.followed_by); the others
    are students' rows, streamed before, when every class F412 leaves out was still kept: they follow
    a class the classes stage left out, given to its code when the classes it left out all carry
    one; else to none (no cause is proven by them). Both engines give the same."""
    by = Counter(report.followed_by)
    unseen = count - sum(by.values())
    if unseen > 0:
        earlier = {cid for cid in report.classes_left_by() if cid != "F412"}
        if len(earlier) == 1:
            by[earlier.pop()] += unseen
    return by


def _proven(by: Counter[str], cause: str, count: int) -> bool:
    """Whether nine in ten of the `count` enrolments left out with their class follow a class
    `cause` left out: the counts prove it (reviewer117 R3: 20 examples of two files of other orders
    did not)."""
    return by.get(cause, 0) * 10 >= count * 9


def _classes(count: int) -> str:
    return "1 class" if count == 1 else f"{count:,} classes"


def _ended(problem: Problem, as_of: str) -> bool:
    try:
        return dt.date.fromisoformat(str(problem.params.get("end"))) < dt.date.fromisoformat(as_of)
    except ValueError:
        return False


def _enrolments_of_ended_term(report: Report) -> str:
    """Every class the filters kept left empty (F412) while the enrolments left out with their
    class (V503) nearly all follow a class left out for a term that ended (F405): the enrolments
    export was made before the new term's."""
    emptied = _classes_dropped(report).get("F412", 0)
    followed, count = _enrolments_followed(report)
    if not (emptied and followed and _proven(followed_by(report, count), ENDED, count)):
        return ""
    as_of = str(report.facts.get("as_of") or "")
    terms = {
        str(p.params.get("term")): str(p.params.get("end")) for p in report.examples.get("F405", []) if _ended(p, as_of)
    }
    if not terms:
        return ""
    file = followed[0].where.file
    said = ", ".join(f"{term} (ended {end})" for term, end in sorted(terms.items(), key=lambda item: item[1]))
    return (
        f"{file} names classes of {said}, left out for their term (F405; {count:,} enrolments left out with "
        f"them, V503), and no student of the {_classes(emptied)} running on {as_of} (F412): the enrolments export "
        f"is older than the sections export (or its job still filters to the ended term). Export {file} again "
        f"from the SIS, and rerun; {NOT_THE_PROFILE}."
    )


def _enrolments_not_yet(report: Report) -> str:
    """Every class the filters kept left empty (F412), the enrolments left out with them (V503)
    being of those very classes: their rows are no student's (the teachers'), the students'
    enrolments of the term not exported yet."""
    classes = _classes_dropped(report)
    emptied = classes.get("F412", 0)
    followed, count = _enrolments_followed(report)
    if not (emptied and followed and _proven(followed_by(report, count), "F412", count)):
        return ""
    file = followed[0].where.file
    return (
        f"{file} holds no student's enrolment in the {_classes(emptied)} the sections export gives (F412): its "
        f"{count:,} {'row' if count == 1 else 'rows'} of them are teachers' or others', left out with their "
        "classes (V503). The sections are "
        f"exported, the students' enrolments not yet (the SIS's schedules of the new term, or the enrolments "
        f"export job): export {file} again once students are scheduled, and rerun; {NOT_THE_PROFILE}."
    )


UNSCHEDULED = "X873"  # term-sections-unscheduled: a school's new term's sections enrol no student


def _new_term_unscheduled(report: Report) -> str:
    """A school's sections of the running term exported with no student enrolled in them (X873,
    a stop of its own): the enrolments export is not yet the new term's; "" when none."""
    found = [p for p in report.aborts if p.code.id == UNSCHEDULED]
    if not found:
        return ""
    params = found[0].params
    schools = ", ".join(dict.fromkeys(str(p.params.get("school")) for p in found))
    left = [p.where.file for p in report.examples.get("V503", []) if p.where.table == "enrollments" and p.where.file]
    file = left[0] if left else "the enrolments (schedule) export"
    return (
        f"{file} enrols no student in the sections of {params.get('term')!r} (from {params.get('start')}) "
        f"that the sections export holds at {'school' if len(found) == 1 else 'schools'} {schools} (X873; each "
        f"left out with no student, F412): {file} is still of the term that ended on {params.get('after')}, or "
        f"was exported before the SIS had the new term's schedules. Export {file} again once the schedules are "
        f"in the SIS, with {params.get('term')!r} in its export job's term filter, and rerun; {NOT_THE_PROFILE}."
    )
