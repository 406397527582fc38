"""The removals of a refusal (X906) that are a school move: a school closing mid-year (its students
and staff moved to another school over a weekend: every class of it gone), or students moved to a
school new tonight or to another one (a school opening). The classes and enrolments they leave are
removed, and the refusal spoke of a new school year, a school closed, withdrawals "not theirs"; the
words never said the students are all in tonight's set, enrolled at another school (tester61 Y4).

A removed record is of a move only when its student is in tonight's set and enrolled there in a
class of another school than the removed class's, and the student's own school moved with her: her
users.csv schools tonight no longer give the removed class's school (the students export's school;
pipeline.user_schools adds only the schools of tonight's enrolments, and she has none there) and give
a school she is enrolled at tonight that the last set did not give her. A school's rows merely
missing (a failed per-school job) move no one, and stay refused (X906; X845 for a school gone whole);
nor do its sections and schedule rows exported under another school while the students export still
lists the students at theirs (a garbled school column, reviewer118 R1): tonight's own set says they
never moved. A removed class is of a move
when each of its students of the last set is so moved (its teachers' enrolments go with it); its
school is closing when no class of it is left tonight.

When the moves bring a file's removals within its limit, --allow-rollover publishes the night (X906
names it), and says the move it published (I298) instead of X908: an explained event, as a term
change is, not what F454 catches the flag left in for (pipeline.flags_left_in).

Only the removed records are looked at, on a night already over the limit: the last set's classes,
enrolments, users and orgs, tonight's classes, enrolments and users.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from transform.pipeline.gate import Change, columns_of

SHOWN = 3  # schools named in the words


@dataclass(frozen=True, slots=True)
class Moved:
    """Of a file's removals that count against the limit, those of a school move (`records`), of how
    many students; the schools closing (no class left tonight, each student enrolled elsewhere),
    those the students are enrolled at tonight, and of those the ones new tonight (not in the last set)."""

    records: int = 0
    students: int = 0
    closing: tuple[str, ...] = ()
    to: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


@dataclass(slots=True)
class _Tonight:
    school_of: dict[str, str]  # class -> school, tonight's set
    enrolled_at: dict[str, set[str]]  # student -> the schools of the classes they are enrolled in tonight
    with_classes: set[str]  # schools with a class tonight
    schools: dict[str, set[str]]  # student -> their users.csv schools tonight
    schools_then: dict[str, set[str]]  # student -> their users.csv schools in the last set


def _schools_of(users: Path, wanted: set[str]) -> dict[str, set[str]]:
    """The users.csv schools (orgSourcedIds) of the `wanted` students of a written set."""
    return {
        user: {o.strip() for o in orgs.split(",") if o.strip()}
        for user, orgs in columns_of(users, "sourcedId", "orgSourcedIds")
        if user in wanted
    }


def _tonight(staged: Path, previous: Path) -> _Tonight:
    school_of = {c: s for c, s in columns_of(staged / "classes.csv", "sourcedId", "schoolSourcedId")}
    enrolled_at: dict[str, set[str]] = {}
    for user, class_id, role in columns_of(staged / "enrollments.csv", "userSourcedId", "classSourcedId", "role"):
        if role == "student" and class_id in school_of:
            enrolled_at.setdefault(user, set()).add(school_of[class_id])
    wanted = set(enrolled_at)
    return _Tonight(
        school_of,
        enrolled_at,
        set(school_of.values()),
        _schools_of(staged / "users.csv", wanted),
        _schools_of(previous / "users.csv", wanted),
    )


def _moved(now: _Tonight, then_school: dict[str, str]) -> Callable[[str, str], bool]:
    """Whether a student of a removed enrolment (in a class of the last set) moved school: she is
    enrolled tonight, none of it at the class's school; her own school is no longer that school
    (users.csv tonight) and is one she is enrolled at tonight that the last set did not give her."""

    def moved(user: str, class_id: str) -> bool:
        at, left = now.enrolled_at.get(user) or set(), then_school.get(class_id, "")
        mine = now.schools.get(user) or set()
        return bool(at) and left not in at and left not in mine and bool(at & mine - now.schools_then.get(user, set()))

    return moved


def moves(changes: dict[str, Change], previous: Path | None, staged: Path | None) -> dict[str, Moved]:
    """For classes and enrollments: the removals (those no ended term explains) of a school move (the
    module's doc). Empty when nothing tells (no last set, no staged set, nothing removed)."""
    classes, enrollments = changes.get("classes"), changes.get("enrollments")
    if previous is None or staged is None or classes is None or enrollments is None:
        return {}
    files = [folder / f"{name}.csv" for folder in (previous, staged) for name in ("classes", "enrollments", "users")]
    if not all(path.is_file() for path in files):
        return {}
    gone_classes = set(classes.removed) - set(classes.ended)
    judged = set(enrollments.removed) - set(enrollments.ended)
    if not gone_classes and not judged:
        return {}
    then_school = {c: s for c, s in columns_of(previous / "classes.csv", "sourcedId", "schoolSourcedId")}
    now = _tonight(staged, previous)
    rows = [
        row
        for row in columns_of(previous / "enrollments.csv", "sourcedId", "userSourcedId", "classSourcedId", "role")
        if row[0] in judged or row[2] in gone_classes
    ]
    moved = _moved(now, then_school)
    moved_classes = _classes_moved(rows, gone_classes, moved)
    records, students = _records_moved(rows, judged, moved_classes, moved)
    if not students:
        return {}
    closing = sorted({then_school[c] for c in moved_classes if c in then_school} - now.with_classes)
    to = sorted(set().union(*(now.enrolled_at[u] for u in students)))
    orgs = previous / "orgs.csv"
    then_orgs = {o for (o,) in columns_of(orgs, "sourcedId")} if orgs.is_file() else set()
    new = tuple(s for s in to if then_orgs and s not in then_orgs)
    found = {"enrollments": Moved(records, len(students), tuple(closing), tuple(to), new)} if records else {}
    if moved_classes:
        found["classes"] = Moved(len(moved_classes), len(students), tuple(closing), tuple(to), new)
    return found


Row = tuple[str, ...]  # an enrolment of the last set: sourcedId, userSourcedId, classSourcedId, role


def _classes_moved(rows: list[Row], gone: set[str], moved: Callable[[str, str], bool]) -> set[str]:
    """The removed classes each of whose students of the last set is enrolled tonight at another school."""
    all_moved: dict[str, bool] = {}
    for _, user, class_id, role in rows:
        if class_id in gone and role == "student":
            all_moved[class_id] = all_moved.get(class_id, True) and moved(user, class_id)
    return {c for c, yes in all_moved.items() if yes}


def _records_moved(
    rows: list[Row], judged: set[str], classes: set[str], moved: Callable[[str, str], bool]
) -> tuple[int, set[str]]:
    """The removed enrolments (`judged`) of a move: a moved student's, or any of a moved class (a
    teacher's goes with it); and the students moved."""
    students: set[str] = set()
    records = 0
    for sourced_id, user, class_id, role in rows:
        of_student = role == "student" and (class_id in classes or moved(user, class_id))
        if of_student:
            students.add(user)
        if sourced_id in judged and (of_student or class_id in classes):
            records += 1
    return records, students


def _schools(schools: Iterable[str]) -> str:
    named = list(schools)
    more = f" and {len(named) - SHOWN} more" if len(named) > SHOWN else ""
    return f"school{'s' if len(named) > 1 else ''} {', '.join(named[:SHOWN])}{more}"


def said(table: str, moved: Moved) -> str:
    """What the moved records of `table` are, in a few words (X906, I298)."""
    what = "classes" if table == "classes" else "enrolments"
    where = _schools(moved.to)
    if moved.new:
        where += f" ({_schools(moved.new)} new tonight, not in the last published set)"
    head = f"{moved.records:,} of them are {what} of {moved.students:,} students enrolled tonight at {where}"
    if moved.closing:
        head += f"; {_schools(moved.closing)} has no class left tonight: a school closing"
    elif moved.new:
        head += ": a school opening"
    else:
        head += ": students moved between schools"
    return head + ", not missing from the exports"


def words(table: str, change: Change, moved: Moved | None, *, limit: float, withdrawn: int) -> dict[str, object]:
    """X906's words on the removals of `table` that are a school move, and whether --allow-rollover
    publishes the night as one (`moved_publishes`: the removals left are within the limit);
    `withdrawn`: how many of those are of people listed tonight as left on purpose (said only)."""
    if moved is None or not moved.records or not change.previous:
        return {"moved": "", "moved_said": "", "moved_count": 0, "moved_publishes": False}
    judged = len(change.removed) - len(change.ended)
    others = judged - moved.records  # the people listed as left count: --allow-rollover judges without them
    publishes = others * 100 <= limit * change.previous
    rest = (
        f" (the other {judged - moved.records:,} are within the limit"
        + (
            f", {'all' if withdrawn == judged - moved.records else f'{withdrawn:,}'} of them of people listed as "
            "withdrawn or inactive"
            if withdrawn
            else ""
        )
        + ")"
        if judged > moved.records
        else ""
    )
    tail = (
        f"{rest}: a school move, which --allow-rollover publishes (once; the nights after are as usual)"
        if publishes
        else f"; the other {others:,} are not of the move"
    )
    return {
        "moved": f"; {said(table, moved)}{tail}",
        "moved_said": f"; {said(table, moved)}",
        "moved_count": moved.records,
        "moved_publishes": publishes,
    }


def judge(
    changes: dict[str, Change], previous: Path | None, staged: Path | None
) -> Callable[[str, Change, float, int], dict[str, object]]:
    """X906's `moved` words for a night (pipeline.gate.gate): the moves are looked up once, on the
    first file over the limit."""
    found: list[dict[str, Moved]] = []

    def of(table: str, change: Change, limit: float, withdrawn: int) -> dict[str, object]:
        if not found:
            found.append(moves(changes, previous, staged))
        return words(table, change, found[0].get(table), limit=limit, withdrawn=withdrawn)

    return of
