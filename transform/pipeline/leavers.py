"""People who leave tonight, not rows lost: the safety gate's X882 does not ask for them.

An export of active students no longer lists a student withdrawn today, while his schedule rows,
which the enrolment rule's date conditions keep today, end today (tester67 F5: refused as a
students export that lost rows, 'export it again whole', which changed nothing, every withdrawal
entered on the day it takes effect). A STUDENT of the last set whom tonight's set removes, named
only by enrolment rows (by his ID, not through a join), is taken for leaving when ALL of:

- every enrolment row naming him (Report.named_rows: every row, not the first few, b6e4f04's
  fault, review64 R1) ends tonight: its rule's date conditions, read from the texts the row's
  draft carried (conditions.dates_read), keep it today and leave it out tomorrow; and no rule
  that could hold his rows starting tomorrow hides them: a start condition without a day's
  look-ahead (`as_of`, not `as_of+window`) leaves out today a new schedule starting tomorrow,
  which would keep him (review67 R2), so no one is excused under such a rule;
- each of those rows ends before the term of its class ends (as the term filter read it,
  Report.class_term_ends; else tonight's classes.csv and academicSessions.csv): a withdrawal
  ends a row early, while a students export cut on a term's or the year's last day loses
  students whose rows end WITH their terms (review67 R1; a neighbour's row running on tells
  nothing). A class a term of which has no dates is no withdrawal's, nor one whose term the
  profile's term filter would know and did not; where the profile has no term filter at all
  (tester67's Gradelink-shaped district, no terms) there is no end to judge by, and the other
  tests judge alone;
- every class of his carries on: most of its other students' rows kept tonight run past tonight,
  few (one in 20) end with his, and few of the district's rows end tonight (one in 50): a cohort's
  last day (seniors in classes of several grades) is no withdrawal's night (reviewer79 R1)
  (Report.class_rows, counted as each row is kept, on both engines). A withdrawal is one student
  whose rows end while his classmates' run on; on the last day of a class's rows every row ends,
  whatever its term's recorded end says (a session to 30 June or to the Sunday, exam days,
  semester rows in a year-long class), and a students export cut in its middle that night lost
  students, not leavers (review72 R1: withdraw52 published it without them at exit 0);
- the last set's enrolments of his name only classes tonight's rows of his still name: a cut of
  the enrolment export removes rows, a withdrawal ends them (review67 R2b);
- no export was found cut at its tail tonight (X884, or F451 where --allow-incomplete publishes it);
- they are a handful (`HANDFUL`, and a quarter of the removal limit of the last set's students):
  many 'withdrawals' on one night are an export cut, not leavers.

A teacher who leaves today is not judged here: her sections keep no teacher, which a person must
mend (missing_rows' X874, published, exit 1), and two staff so missing are X882's (review72 R2).

Everything is gathered in the one pass that maps the enrolment rows (validate hands every row
naming a person the set lacks to Report.names_user_row): nothing is read again. A person an
enrolment reads through a join (PowerSchool's cc by StudentID, report.users_missed) is not judged
here: X882 as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from transform.pipeline.conditions import DATE_ORDER, kept_as_of
from transform.pipeline.gate import columns_of
from transform.profile.compile import AsOf, Plan, RulePlan
from transform.report import codes
from transform.report.report import Report

HANDFUL = 5  # leavers excused on one night at most
STARTS = frozenset({"date_le", "date_lt"})  # a start condition: the row's date no later than as_of (+N)
# A class of no dated term (an export with no terms at all) has no end to tell a withdrawal from a cut
# on the year's last day by: the other tests judge it alone (a cut at the tail is X884's).
_UNDATED = dt.date.max
_KNOWN = 4_096  # (rule, date texts) judged and kept, at most
Places = Mapping[str, list[tuple[str, int, str, str, str]]]


def judge(
    report: Report, plan: Plan, *, previous: Path, staged: Path, named: Places, removed: set[str], limit: float
) -> set[str]:
    """The people of `named` (those X882 would ask for) who are leaving tonight; see the module."""
    candidates = {
        user
        for user, places in named.items()
        if user in removed
        and user in report.named_rows
        and places
        and all(place[3] == "enrollments" and not place[4] for place in places)
    }
    cut = report.counts.get(codes.code("export-tail-cut").id) or report.counts.get(codes.code("export-cut-allowed").id)
    if not candidates or report.named_rows_full or cut:
        return set()
    rules = {rule.label: rule for rule in plan.rules.get("enrollments", ())}
    tomorrow = _tomorrow(plan)
    if tomorrow is None:
        return set()
    ending = {user for user in candidates if _all_end(report.named_rows[user], rules, plan, tomorrow)}
    if not ending:
        return set()
    classes = {user: set().union(*report.named_rows[user].values()) for user in ending}
    wanted = set().union(*classes.values())
    ends = _term_ends(staged, wanted)
    ends.update((c, report.class_term_ends[c]) for c in wanted if c in report.class_term_ends)
    # A class of no term: its end is the term filter's to know, unknown here (refused); with no
    # term filter at all, none to know (judged by the other tests).
    undated = _UNDATED if plan.current_term is None else plan.as_of
    early = {user for user in ending if all(ends.get(c, undated) > plan.as_of for c in classes[user])}
    if not _ordinary_night(report.class_rows, report.class_term_ends, plan.as_of):
        return set()  # a cohort's last day (seniors, grade 8) or a term's: rows end for many, no withdrawal's night
    carried = {user for user in early if all(_carries_on(report.class_rows.get(c)) for c in classes[user])}
    students, pupils = 0, set()
    for user, role in columns_of(previous / "users.csv", "sourcedId", "role"):
        if role == "student":
            students += 1
            if user in carried:
                pupils.add(user)
    # A teacher leaving today is X874's (her sections given no one, 'look'), two or more X882's.
    leaving = _still_named(previous, pupils, classes)
    if len(leaving) > min(HANDFUL, max(1, int(students * limit / 400))):
        return set()  # many at once: an export cut, not leavers
    return leaving


def _tomorrow(plan: Plan) -> Plan | None:
    """The plan as of the next day; None on the calendar's last (--as-of 9999-12-31: nothing ends)."""
    if plan.as_of >= dt.date.max:
        return None
    return dataclasses.replace(plan, as_of=plan.as_of + dt.timedelta(days=1))


def _all_end(
    rows: Mapping[tuple[str, tuple[str, ...]], set[str]], rules: Mapping[str, RulePlan], plan: Plan, tomorrow: Plan
) -> bool:
    """Whether every row (by rule and the texts its date conditions read) ends tonight."""
    for label, texts in rows:
        rule = rules.get(label)
        if rule is None or not _sees_tomorrow(rule, plan) or not _ends(rule, texts, tomorrow):
            return False
    return True


def _ends(rule: RulePlan, texts: tuple[str, ...], tomorrow: Plan) -> bool | None:
    """Whether a row kept tonight, its date conditions reading `texts`, is left out tomorrow; None
    when they were not read (a condition reading a join, on the columnar engine): unknown."""
    dated = [cond for cond in rule.where if cond.op in DATE_ORDER]
    if not dated or len(dated) != len(texts):
        return None
    held = [kept_as_of(cond, text, tomorrow) for cond, text in zip(dated, texts, strict=True)]
    return None if None in held else not all(held)


class Tonight:
    """Whether a kept enrolment row (by rule label and the texts its date conditions read) ends
    tonight, for Report.class_rows: the validator counts every student row so, per class."""

    def __init__(self, plan: Plan) -> None:
        self.rules = {rule.label: rule for rule in plan.rules.get("enrollments", ())}
        self.tomorrow = _tomorrow(plan)
        self.known: dict[tuple[str, tuple[str, ...]], bool | None] = {}

    def __call__(self, label: str, texts: tuple[str, ...]) -> bool | None:
        key = (label, texts)
        if key in self.known:
            return self.known[key]
        rule = self.rules.get(label)
        found = None if rule is None or self.tomorrow is None else _ends(rule, texts, self.tomorrow)
        if len(self.known) >= _KNOWN:
            self.known.clear()  # rows' own start dates may differ row by row: a few thousand is plenty
        self.known[key] = found
        return found


def _carries_on(counted: list[int] | None) -> bool:
    """Whether a class goes on past tonight for its other students: most of their rows kept tonight
    run past it (a withdrawal), not end with it (the last day of the rows, whatever their term
    says: a users export cut on that night loses students whose rows end like everyone's, review72 R1)."""
    if counted is None:
        return False
    ending, running = counted
    # Few rows of the class end tonight, his among them: the seniors' (or grade 8's) last day in a
    # class of several grades ends a few rows in each while most run on, and a users export cut among
    # them that night was published without them at exit 0 (reviewer79 R1).
    return running > ending and ending <= max(1, running // 20)


def _ordinary_night(counted: Mapping[str, list[int]], term_ends: Mapping[str, dt.date], today: dt.date) -> bool:
    """Whether few of the district's student rows kept tonight end tonight (at most 1 in 50, or 10):
    a night a cohort leaves ends many rows across its classes, one of which may hold a single
    leaver alone (reviewer79 R1), and no withdrawal is told from a cut on such a night. The rows of
    classes whose term ends tonight end with it, no one's leaving: counted, a withdrawal from year
    classes on a semester's last day was refused (reviewer85 W1)."""
    rows = [pair for class_id, pair in counted.items() if term_ends.get(class_id, dt.date.max) > today]
    ending = sum(pair[0] for pair in rows)
    running = sum(pair[1] for pair in rows)
    return ending <= max(10, running // 50)


def _sees_tomorrow(rule: RulePlan, plan: Plan) -> bool:
    """Whether the rule's start conditions keep today a row starting tomorrow (`as_of+window`):
    without it a new schedule starting tomorrow is left out tonight, unseen (review67 R2)."""
    for cond in rule.where:
        if cond.op in STARTS and isinstance(cond.value, AsOf):
            on = plan.judged_on(cond)
            if not DATE_ORDER[cond.op](on + dt.timedelta(days=1), cond.value.date(on)):
                return False
    return True


def _term_ends(staged: Path, classes: set[str]) -> dict[str, dt.date]:
    """The last day of the terms of each of `classes` in tonight's set (the latest of its terms);
    the earliest date for a class a term of which has no dates; none for a class of no term."""
    terms: dict[str, list[str]] = {}
    if (staged / "classes.csv").is_file():
        for key, held in columns_of(staged / "classes.csv", "sourcedId", "termSourcedIds"):
            if key in classes:
                terms[key] = [term.strip() for term in held.split(",") if term.strip()]
    wanted = {term for held in terms.values() for term in held}
    ends: dict[str, dt.date] = {}
    if wanted and (staged / "academicSessions.csv").is_file():
        for key, end in columns_of(staged / "academicSessions.csv", "sourcedId", "endDate"):
            if key in wanted:
                try:
                    ends[key] = dt.date.fromisoformat(end.strip())
                except ValueError:
                    continue
    return {
        key: max(ends[t] for t in held) if all(t in ends for t in held) else dt.date.min
        for key, held in terms.items()
        if held
    }


def _still_named(previous: Path, users: set[str], classes: Mapping[str, set[str]]) -> set[str]:
    """Those of `users` every class of whose last-set enrolments tonight's rows of theirs still
    name: a withdrawal ends rows, a cut removes them."""
    if not users or not (previous / "enrollments.csv").is_file():
        return set()
    held: dict[str, set[str]] = {user: set() for user in users}
    for class_id, user in columns_of(previous / "enrollments.csv", "classSourcedId", "userSourcedId"):
        if user in held:
            held[user].add(class_id)
    return {user for user in users if held[user] and held[user] <= classes[user]}
