"""The removals of a refusal (X906) that belong to people tonight's exports still list and leave out
on purpose (withdrawn or inactive), as X953 says of people (pipeline.people_gate): the seniors'
last day, two weeks before the others', removes a tenth of the enrolments at once, and the refusal
spoke of errors, a shrunk export and a new school year, not of the students the export lists as
left (tester60 F4). The limit is the district's, so the night is still refused; the words say whose
removals they are and which --max-removal publishes the night when that is expected.

Only the removed records are looked at: the removed users (people_gate's gone), the removed
enrolments and classes, and the users-rules' exports read once more for the removed IDs
(school_classes.users_listed), on a night already over the limit."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transform.pipeline.gate import Change, columns_of
from transform.pipeline.marked_enrolments import Marked, marks_said
from transform.pipeline.school_counts import PARENT_ROLES, STAFF
from transform.report.report import ENROLLED_LEFT_OUT, Report

PURPOSE = "withdrawn or inactive"  # how they are left out, unless settings.exclude_schools says (excluded_left)
# Which of some user IDs tonight's exports still list, kept or left out (None: not known).
Listed = Callable[[set[str]], "set[str] | None"]


@dataclass(frozen=True, slots=True)
class Withdrawn:
    """Of a file's removals that count against the limit: those of people listed tonight as left
    (`records`), how many people (`people`) and of which role ('students', 'staff', 'people')."""

    records: int = 0
    people: int = 0
    whom: str = "people"
    parents: int = 0  # of users' records: parents and guardians only of such students
    of_classes: int = 0  # of enrolments: of other people (teachers) in the classes they leave with no student
    marked: int = 0  # of enrolments: rows tonight's export holds and marks to leave out (tobedeleted, ended)
    marked_why: str = ""  # what marks them (marked_enrolments.marks_said)


def left_on_purpose_only(listed: Listed, report: Report, previous: Path | None = None) -> Listed:
    """`listed`, less the people a data problem left out tonight (a blank given name, D304; two rows
    of one ID, V537): their rows list them, but not as withdrawn, and a --max-removal named for them
    published the set without them (reviewer62 R3). A row lost whole (I205, I292) is theirs by an ID
    among its cells. Less, with the last set (`previous`), the people tonight's enrolments put in
    classes it did not enrol them in (`_enrolled_tonight`)."""

    def on_purpose(users: set[str]) -> set[str] | None:
        found = listed(users)
        if not found:
            return found
        left_out = report.left_out
        dropped = {record for table, record, *_ in left_out.problem_drops if table in ("users", "") and record}
        dropped |= {cell for cells in left_out.lost_cells.values() for cell in cells if cell in found}
        return found - dropped - (_enrolled_tonight(found, report, previous) if previous is not None else set())

    return on_purpose


def _enrolled_tonight(people: set[str], report: Report, previous: Path) -> set[str]:
    """Of the people listed as left, those current enrolment rows of tonight name (V504: left out
    only because their user was; Report.named_absent, named_rows) in a class the last set did not
    enrol them in: the export listing them as withdrawn or inactive still holds an ended term
    (tester63 S1: roles.csv the fall export, roleEndDate of the fall, on spring's first day, while
    enrollments.csv puts every student in a spring class). A senior withdrawn whose rows still name
    last night's classes is a withdrawal (an SDS enrolments export has no dates). No --max-removal:
    said by the removal refusals (people_gate._cause, summary), kept in report.facts[ENROLLED_LEFT_OUT]."""
    named = {person: rows for person in people & report.named_absent if (rows := report.named_rows.get(person))}
    if not named:
        return set()
    then: dict[str, set[str]] = {}
    for user, class_id in columns_of(previous / "enrollments.csv", "userSourcedId", "classSourcedId"):
        if user in named:
            then.setdefault(user, set()).add(class_id)
    enrolled = {
        person for person, rows in named.items() if any(classes - then.get(person, set()) for classes in rows.values())
    }
    if enrolled:
        report.facts[ENROLLED_LEFT_OUT] = {"count": len(enrolled), "first": sorted(enrolled)[:3]}
    return enrolled


def left_on_purpose(
    changes: dict[str, Change],
    previous: Path | None,
    listed: Listed | None,
    marked: Marked | None = None,
    *,
    links_missing: bool = False,
) -> dict[str, Withdrawn]:
    """For users, classes and enrollments: the removals (those no ended term explains) of people
    removed from users.csv whom tonight's exports still list (a parent counts when every student
    of theirs in the last set does), the removed enrolments whose rows tonight's export holds and
    marks to leave out (`marked`: tobedeleted, ended, tester70 F1), and the classes whose every
    student enrolment of the last set is so left. Empty when nothing tells (no last set, no list).
    `links_missing`: tonight left parents or guardians out for lack of links to a student (F413 of
    agent_links' kinds: a links column renamed or gone): their own rows listed tonight are no
    withdrawal (tester57 U2), and a parent counts only as a parent of such students."""
    if previous is None:
        return {}
    found: dict[str, Withdrawn] = {}
    left = _people_left(changes, previous, listed, found, links_missing=links_missing)
    _enrolments(changes, previous, left, found, marked)
    return found


def set_apart(
    changes: dict[str, Change], previous: Path | None, listed: Listed | None, marked: Marked | None = None
) -> Callable[[], dict[str, int]]:
    """Table -> how many of its removals (those no ended term explains) are left out on purpose
    (`left_on_purpose`'s records), looked up once, when first asked: what gate.by_the_calendar sets
    apart before it finds a class export shrunk by more than an ended term's rows."""
    found: list[dict[str, int]] = []

    def records() -> dict[str, int]:
        if not found:
            found.append({t: w.records for t, w in left_on_purpose(changes, previous, listed, marked).items()})
        return found[0]

    return records


def _people_left(
    changes: dict[str, Change],
    previous: Path,
    listed: Listed | None,
    found: dict[str, Withdrawn],
    *,
    links_missing: bool = False,
) -> set[str]:
    """The removed users tonight's exports still list, with the parents only of such students (into
    `found`'s users); with `links_missing`, a parent's own row listed is not enough."""
    users = changes.get("users")
    if listed is None or users is None or not users.removed:
        return set()
    removed_users = set(users.removed)
    students_of = _parents_students(previous / "users.csv", removed_users)
    still = listed(removed_users)
    if not still:
        return set()
    left = {u for u in removed_users if u in still}
    if links_missing:
        left -= _parents_of(previous / "users.csv", removed_users)
    parents = {p for p, kids in students_of.items() if p not in left and kids and kids <= still}
    whom = _whom(previous / "users.csv", left) if left else "students"
    found["users"] = Withdrawn(len(left) + len(parents), len(left), whom, len(parents))
    return left | parents


def _parents_students(users: Path, removed: set[str]) -> dict[str, frozenset[str]]:
    """The students (agentSourcedIds) of each removed parent or guardian of the last set."""
    if not users.is_file():
        return {}
    found: dict[str, frozenset[str]] = {}
    for sourced_id, role, agents in columns_of(users, "sourcedId", "role", "agentSourcedIds"):
        if sourced_id in removed and role in PARENT_ROLES and agents:
            found[sourced_id] = frozenset(a.strip() for a in agents.split(",") if a.strip())
    return found


def _parents_of(users: Path, removed: set[str]) -> set[str]:
    """The removed parents and guardians of the last set."""
    if not users.is_file():
        return set()
    return {i for i, role in columns_of(users, "sourcedId", "role") if i in removed and role in PARENT_ROLES}


def _whom(users: Path, people: set[str]) -> str:
    roles = {role for sourced_id, role in columns_of(users, "sourcedId", "role") if sourced_id in people}
    if roles == {"student"}:
        return "students"
    if roles and roles <= STAFF:
        return "staff"
    return "people"


def _enrolments(
    changes: dict[str, Change], previous: Path, left: set[str], found: dict[str, Withdrawn], marked: Marked | None
) -> None:
    """The removed classes whose every student enrolment of the last set was one of the people
    `left` or one tonight's export marks to leave out, and the removed enrolments (counted against
    the limit) of those people, so marked, or of those classes (a teacher's enrolment goes with her
    class)."""
    enrollments, classes = changes.get("enrollments"), changes.get("classes")
    path = previous / "enrollments.csv"
    if enrollments is None or not enrollments.removed or not path.is_file():
        return
    judged = set(enrollments.removed) - set(enrollments.ended)
    gone_classes = set(classes.removed) - set(classes.ended) if classes is not None else set()
    rows = [
        (sourced_id, user, class_id, role)
        for sourced_id, user, class_id, role in columns_of(path, "sourcedId", "userSourcedId", "classSourcedId", "role")
        if sourced_id in judged or class_id in gone_classes
    ]
    rest = {sourced_id for sourced_id, user, _, _ in rows if sourced_id in judged and user not in left}
    why = marked(rest) if marked is not None and rest else {}
    students: dict[str, set[str]] = {}  # a removed class -> its students of the last set
    emptied_by: dict[str, bool] = {}  # a removed class -> whether each of its students' enrolments leaves so
    for sourced_id, user, class_id, role in rows:
        if class_id in gone_classes and role == "student":
            students.setdefault(class_id, set()).add(user)
            emptied_by[class_id] = emptied_by.get(class_id, True) and (user in left or sourced_id in why)
    emptied = {c for c, all_left in emptied_by.items() if all_left}
    if emptied:
        of_marked = sum(1 for key, _, class_id, _ in rows if class_id in emptied and key in why)
        found["classes"] = Withdrawn(
            len(emptied), len(set().union(*(students[c] for c in emptied))), "students", marked=of_marked
        )
    records, people, of_classes, marks = 0, set(), 0, {}
    for sourced_id, user, class_id, _ in rows:
        if sourced_id not in judged:
            continue
        if user in left:
            records += 1
            people.add(user)
        elif sourced_id in why:
            records, marks[sourced_id] = records + 1, why[sourced_id]
        elif class_id in emptied:
            records, of_classes = records + 1, of_classes + 1
    if records:
        whom = _whom(previous / "users.csv", people) if people else "students"
        found["enrollments"] = Withdrawn(
            records, len(people), whom, of_classes=of_classes, marked=len(marks), marked_why=marks_said(marks)
        )


def words(
    table: str,
    change: Change,
    withdrawn: Withdrawn | None,
    *,
    limit: float,
    errors: bool,
    night: int = 0,
    purpose: str = PURPOSE,
    school: bool = False,
) -> dict[str, object]:
    """X906's words on the removals of `table` that are people listed tonight as left, and the
    --max-removal that publishes the night when the others alone are within the limit (`needed`,
    0 when they are not, or when tonight's own errors left out most of the removals). `night`: the
    --max-removal the night's other files need, when higher (the option is one for every file); -1
    when another file's removals are not all such people's (no option publishes only theirs).
    `purpose`: how they are left out (excluded_left.purpose: a school settings.exclude_schools leaves out);
    `school`: some leave with a whole school it leaves out (excluded_left.whole), which only --allow-rollover
    publishes (the school's own limit), said so (`excluded`)."""
    if withdrawn is None or not withdrawn.records or errors or not change.previous:
        return {"withdrawn": "", "withdrawn_count": 0, "needed": 0}
    who = {
        "withdrawn_count": withdrawn.records,
        "withdrawn_people": withdrawn.people,
        "withdrawn_whom": withdrawn.whom,
        "withdrawn_of_classes": withdrawn.of_classes,
        "withdrawn_marked": withdrawn.marked,
        "marked_why": withdrawn.marked_why,
    }
    judged = len(change.removed) - len(change.ended)
    said = (
        f"; {_whose(table, withdrawn, purpose)}"
        + (f", and {withdrawn.parents:,} parents or guardians only of such students" if withdrawn.parents else "")
        + (
            f", and {withdrawn.of_classes:,} teachers' enrolments of the classes they leave with no student"
            if withdrawn.of_classes
            else ""
        )
    )
    others = judged - withdrawn.records
    if others * 100 > limit * change.previous:
        return {
            "withdrawn": f"{said}; the other {others:,} are not theirs",
            **who,
            "needed": 0,
        }
    if night < 0:
        return {
            "withdrawn": f"{said}: more leave at once than the limit, but another file's removals are not all theirs",
            **who,
            "needed": 0,
        }
    needed = min(max(math.floor(judged * 100 / change.previous) + 1, night), 100)  # the option takes at most 100
    rest = f" (the other {others:,} are within the limit)" if others else ""
    publishes = (
        "if that school is no longer to be in Remind, --allow-rollover publishes it once (no --max-removal "
        "passes a whole school's own limit)"
        if school
        else f"if that is expected (seniors' last day, a semester's end), --max-removal {needed} publishes it"
    )
    return {
        "withdrawn": f"{said}{rest}: more leave at once than the limit; {publishes}",
        **who,
        "needed": needed,
        "left_as": purpose,  # the Next step's words (summary)
        "excluded": school,
    }


def _whose(table: str, withdrawn: Withdrawn, purpose: str = PURPOSE) -> str:
    """Whose the removals of `table` are: people listed tonight as left, or enrolment rows the export
    holds and marks to leave out (`marked`: the export drops them, tester70 F1), or both."""
    records, people, whom = f"{withdrawn.records:,}", f"{withdrawn.people:,}", withdrawn.whom
    listed = f"listed in tonight's exports and left out on purpose ({purpose}: the report says why each)"
    if table == "users":
        whose = f"{people} {whom}" if withdrawn.parents else whom
        return f"{records} of them are {whose} {listed}, not missing from them"
    if table == "classes":
        if withdrawn.marked:
            return (
                f"{records} of them are classes whose every student enrolment ({people} students) is left out on "
                "purpose (the student withdrawn or inactive, or the row marked so in the export: the report says why "
                "each), not missing from the exports"
            )
        return f"{records} of them are classes whose every student ({people}) is {listed}, not missing from them"
    marks = f"rows tonight's export still holds and marks to leave out ({withdrawn.marked_why}): the export drops them"
    if not withdrawn.marked:
        return f"{records} of them are the enrolments of {people} {whom} {listed}, not missing from them"
    own = f"{withdrawn.records - withdrawn.of_classes:,}"  # the teachers' enrolments are said after
    if not withdrawn.people:
        return f"{own} of them are enrolment {marks}, not missing from it"
    return f"{own} of them are the enrolments of {people} {whom} {listed}, or enrolment {marks}, not missing from them"


def judge(
    changes: dict[str, Change],
    previous: Path | None,
    listed: Listed | None,
    marked: Marked | None = None,
    *,
    links_missing: bool = False,
    purpose: str = PURPOSE,
    school: bool = False,
) -> Callable[[str, Change, float, bool, int], dict[str, object]]:
    """X906's `withdrawn` words for a night (pipeline.gate.gate): the people are looked up once,
    on the first file over the limit. `links_missing`: as `left_on_purpose`; `purpose`, `school`: as `words`."""
    found: list[dict[str, Withdrawn]] = []

    def said(table: str, change: Change, limit: float, errors: bool, night: int = 0) -> dict[str, object]:
        if not found:
            found.append(left_on_purpose(changes, previous, listed, marked, links_missing=links_missing))
        return words(
            table, change, found[0].get(table), limit=limit, errors=errors, night=night, purpose=purpose, school=school
        )

    return said
