"""A schedule export cut at a line's end, told without a last set: the rows in order of the student (or section)
ID, and the students (or classes) in no class exactly those past its last row (X727, X728).

tails tells a cut export by the lines the last published set recorded. A first set has none, and on a new
school year's night (--allow-rollover) the export is another year's: no recorded line is in it. A schedule
export cut at a line's end leaves every row whole; its students past the cut are published in no class, its
classes past it left out with no student (F412, info), under every whole-file limit: sds-classic-100's
StudentEnrollment.csv sorted by student and cut to 85 % published 13 of its 86 students in no class at exit 0,
a PowerSchool cc cut to 60 % 80 of 200, the same sorted by section 8 of 20 classes left out (tester93 T1, T3).

Not a share of students in no class: an honest district has many (an elementary school without sections,
a grade not scheduled yet, homerooms left out), scattered over the ID order. What tells is the order: an export
every row of which (SORTED_AT_LEAST or more) is in ascending order of the student key its enrolment rule names
the student by (the join's key, PowerSchool's StudentID, or the userSourcedId's cell; _order: numbers, signed
too, as numbers, else as text), and, of the students published at a school and grade some student of which is in a
class (comparable: not an elementary school without sections, not a grade whose schedules are not made yet):

- AT_LEAST or more, and SHARE or more of the comparable students, come after the export's last row: new
  registrants not scheduled yet (August's, a merged school's new ID range) are the highest IDs and look the
  same as a cut, an honest district's about 6 % (review230 R1), so a smaller cut is not caught; on an
  --allow-rollover night with a last set, only the students it published are counted (a cut drops returning
  students; new ones not scheduled yet are new), at the same bar: returning students placed by hand after
  the scheduling run are the highest of those (review235 R1),
- nearly all (PURE) of the comparable students after it are in no class (another export may enrol them),
- and nearly all (NEARLY_ALL) of those before it are in a class: the students in no class are not scattered,
  they begin where the export ends. The students of a school and grade most of whose students before the end
  are in no class (new students of a grade scheduled a few at a time) are not counted after it either.

Every row, not the last rows alone: an export sorted by section, then student, holds its last section's students
in order, and a cut there takes one class of a few students, none of whom it leaves in no class. An export
sorted by school, then student, is so missed.

The same of the classes by an export every row of which is in order of its class ID: classes the term filter
kept and F412 left out with no student, past the export's last row, at schools and terms some class of which has
students (a new term's sections exported before their schedule rows are a term of no class with students:
term_unscheduled's), CLASSES_AT_LEAST or more and CLASSES_SHARE of the comparable classes, and at
SCHOOLS_AT_LEAST schools or more: a cut crosses the order whatever the school, while sections opened and not
scheduled yet are one school's, last in its block of IDs (sds-classic-100's level-2 sections, an honest sample of
exactly a cut's shape at one school), or, PowerSchool's section IDs one district-wide sequence, a few at several
schools (review230 R2): a smaller cut is not caught.

Refused (exit 1), naming the export, its last line and ID, the people or classes past it, and the step (export
it again whole); --allow-incomplete publishes it, said (F451, exit 1, tails.say_cut). Checked on a first set and
under --allow-rollover, which accepts a new year's removals, not a cut file (the gate's comparison says a cut on
other nights: X884, X897, X906).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from transform.pipeline.gate import columns_of
from transform.pipeline.new_tail import SORTED_AT_LEAST
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.school_classes import _owner_rule
from transform.pipeline.tails import enrolment_exports, say_cut
from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, lone
from transform.report.problem import Where
from transform.report.report import Report

# Students past the end, and their share of the comparable students: new registrants look the same as a cut on a
# first set (an honest district's newest: ~6 %), and so do returning students placed by hand in August, after
# the scheduling run, on a new year's night (review235 R1: 20 of 400)
AT_LEAST = 10
SHARE = 0.15
CLASSES_AT_LEAST = 5  # classes past the end: sections opened last at several schools are the highest IDs
CLASSES_SHARE = 0.15  # of the comparable classes past the end, at least
SCHOOLS_AT_LEAST = 2  # schools of the classes past the end
PURE = 0.9  # of the comparable students (or classes) past the end in no class, at least
NEARLY_ALL = 0.9  # of those before the end in a class, at least
EXAMPLES = 3


def _order(value: str) -> tuple[int, int, str]:
    """An ID's place in an export's order: numbers as numbers, signed too (PowerSchool's dropped cc rows
    negate their SectionID: -21000 before 9999 before 10000), before text."""
    digits = value[1:] if value[:1] in "-+" else value
    return (0, int(value), "") if digits.isdigit() else (1, 0, value.casefold())


@dataclass(slots=True)
class _Run:
    """An export's rows by one column: whether every row with a value is in ascending order of it, the last
    value and its line, and how many rows have one."""

    last: str = ""
    line: int = 0
    rows: int = 0
    ordered: bool = True
    place: tuple[int, int, str] = (0, 0, "")  # the last value's _order, kept: not computed again each row

    @property
    def whole(self) -> bool:
        """Every row in order, SORTED_AT_LEAST or more. Not the last rows alone: an export sorted by section,
        then student, has its last section's students in order, whose end says nothing of who is in no class."""
        return self.ordered and self.rows >= SORTED_AT_LEAST

    def add(self, value: str, line: int) -> None:
        if not value:
            return
        place = _order(value)
        if self.rows and place < self.place:
            self.ordered = False
        self.last, self.line, self.rows, self.place = value, line, self.rows + 1, place


def _read_runs(source: SourceFile, positions: Iterable[int]) -> dict[int, _Run]:
    runs = {position: _Run() for position in positions}
    for row in iter_rows(source, Report(max_examples=0), first_pass=False):
        for position, run in runs.items():
            run.add(row.cells[position].strip() if position < len(row.cells) else "", row.line)
    return runs


def _lone(column: ColumnPlan | None) -> FieldRef | None:
    """The one cell an output column is read from as it is (a join's cell too), or None."""
    if column is None or column.fixed is not None or column.fallback or column.default:
        return None
    refs = column.first_of or lone(column.parts)
    return refs[0] if len(refs) == 1 else None


def _column(rule: RulePlan, name: str) -> ColumnPlan | None:
    return next((c for c in rule.columns if c.name == name), None)


def _writes_students(rule: RulePlan) -> bool:
    """Whether the rule's records may be students': its role written `student`, or read from a cell (a
    OneRoster enrollments.csv) but not through a map that gives staff alone (school_classes._owner_rule)."""
    role = _column(rule, "role")
    if role is None:
        return False
    return role.literal == "student" if role.literal is not None else _owner_rule(rule) is None


@dataclass(frozen=True, slots=True)
class _Keys:
    """How an enrolment rule names its student and class in its export's cells."""

    user: int | None  # the position of the student's key in the export
    user_column: str
    joined: tuple[str, int, int] | None  # the joined export and its key's and the user ID's positions
    klass: int | None  # the position of the class ID
    class_column: str


def _keys(rule: RulePlan, source: SourceFile, sources: Mapping[str, SourceFile]) -> _Keys:
    user, joined, user_column = None, None, ""
    ref = _lone(_column(rule, "userSourcedId"))
    if ref is not None and ref.alias is None and ref.key in source.index:
        user, user_column = source.index[ref.key], source.header[source.index[ref.key]]
    elif ref is not None and ref.alias in rule.joins:
        join = rule.joins[ref.alias]
        export = sources.get(join.source)
        local = join.local[0] if len(join.local) == 1 else None
        if (
            export is not None
            and local is not None
            and local.alias is None
            and local.key in source.index
            and len(join.remote) == 1
            and join.remote[0] in export.index
            and ref.key in export.index
        ):
            user, user_column = source.index[local.key], source.header[source.index[local.key]]
            joined = (join.source, export.index[join.remote[0]], export.index[ref.key])
    klass, class_column = None, ""
    cref = _lone(_column(rule, "classSourcedId"))
    if cref is not None and cref.alias is None and cref.key in source.index:
        klass, class_column = source.index[cref.key], source.header[source.index[cref.key]]
    return _Keys(user, user_column, joined, klass, class_column)


def check(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    *,
    staged: Path,
    empty_at: Mapping[str, tuple[str, str]],
    allow_incomplete: bool,
    previous: Path | None = None,
) -> None:
    """X727 (students) and X728 (classes) for each export only enrolment rules read whose rows are in order
    of the student (class) key, the students in no class (classes left out with no student) those past its
    last row (module docstring); with --allow-incomplete, F451. The exports are read only when the set
    holds enough students in no class (or classes left out) for a cut to be told. `previous`: the last
    published set (an --allow-rollover night's): only the students it published are counted, new ones not."""
    if not (staged / "users.csv").is_file():
        return
    returning = _returning(previous)
    people = _Staged.read(staged, returning)
    bar = (AT_LEAST, SHARE)
    # A students' condition written the wrong way round (P118, said before) publishes the leavers, in no class:
    # they are its cause, said with its own step, not a cut (X727 had stopped such a first set for the wrong fix)
    leavers_kept = bool(report.counts.get("P118"))
    students = not leavers_kept and len(people.unplaced) >= max(bar[0], bar[1] * len(people.comparable))
    classes = len(empty_at) >= CLASSES_AT_LEAST
    if not students and not classes:
        return
    exports = enrolment_exports(plan)
    done: set[str] = set()
    for rule in plan.rules.get("enrollments", ()):
        source = sources.get(rule.source)
        if source is None or rule.source not in exports or rule.source in done or not _writes_students(rule):
            continue
        done.add(rule.source)
        keys = _keys(rule, source, sources)
        user = keys.user if students else None
        klass = keys.klass if classes else None
        runs = _read_runs(source, [p for p in (user, klass) if p is not None])
        if user is not None and runs[user].whole:
            _students(report, sources, people, source, keys, runs[user], bar, allowed=allow_incomplete)
        if klass is not None and runs[klass].whole:
            _classes(report, staged, source, keys, runs[klass], empty_at, allowed=allow_incomplete)


@dataclass(frozen=True, slots=True)
class _Student:
    groups: frozenset[tuple[str, str]]  # (school, grade) of each school and grade the record lists
    name: str


def _staged_students(staged: Path) -> dict[str, _Student]:
    found: dict[str, _Student] = {}
    columns = ("sourcedId", "role", "orgSourcedIds", "grades", "givenName", "familyName")
    for user, role, orgs, grades, given, family in columns_of(staged / "users.csv", *columns):
        if role != "student":
            continue
        schools = [s.strip() for s in orgs.split(",") if s.strip()] or [""]
        levels = [g.strip() for g in grades.split(",") if g.strip()] or [""]
        found[user] = _Student(frozenset((s, g) for s in schools for g in levels), f"{given} {family}".strip())
    return found


def _returning(previous: Path | None) -> set[str] | None:
    """The students the last published set holds, or None when there is none (a first set)."""
    if previous is None or not (previous / "users.csv").is_file():
        return None
    return {user for user, role in columns_of(previous / "users.csv", "sourcedId", "role") if role == "student"}


def _enrolled(staged: Path, column: str) -> set[str]:
    path = staged / "enrollments.csv"
    return {value for (value,) in columns_of(path, column)} if path.is_file() else set()


@dataclass(frozen=True, slots=True)
class _Staged:
    """The set's students at a school and grade some student of which is in a class (comparable: not those
    of a school without sections, of a grade not scheduled yet, in no class by right wherever their IDs are),
    and those of them in no class."""

    comparable: dict[str, _Student]
    unplaced: set[str]

    @classmethod
    def read(cls, staged: Path, returning: set[str] | None = None) -> _Staged:
        students = _staged_students(staged)
        if returning is not None:  # a night with a last set: its students alone (a cut drops returning ones)
            students = {user: s for user, s in students.items() if user in returning}
        enrolled = _enrolled(staged, "userSourcedId")
        placed = {group for user, student in students.items() if user in enrolled for group in student.groups}
        comparable = {user: s for user, s in students.items() if s.groups & placed}
        return cls(comparable, {user for user in comparable if user not in enrolled})


def _user_keys(sources: Mapping[str, SourceFile], keys: _Keys, users: Mapping[str, object]) -> dict[str, str]:
    """Each user's key as the schedule export writes it: the joined export's key cell of the row giving the
    user's ID (PowerSchool's students.ID of Student_Number), else the ID itself."""
    if keys.joined is None:
        return {user: user for user in users}
    name, key_at, user_at = keys.joined
    found: dict[str, str] = {}
    for row in iter_rows(sources[name], Report(max_examples=0), first_pass=False):
        if max(key_at, user_at) < len(row.cells):
            user, key = row.cells[user_at].strip(), row.cells[key_at].strip()
            if user in users and key:
                found.setdefault(user, key)
    return found


def _split(items: Iterable[str], key_of: Mapping[str, str], run: _Run) -> tuple[list[str], list[str]]:
    """Of `items` whose key is known, those after the run's last value and those before (or at) it."""
    after: list[str] = []
    before: list[str] = []
    last = _order(run.last)
    for item in items:
        key = key_of.get(item)
        if key:
            (after if _order(key) > last else before).append(item)
    return after, before


def _cut(after: list[str], before: list[str], unplaced: set[str], bar: tuple[int, float]) -> list[str]:
    """Those of `after` in no class when they tell a cut: at least bar[0] and bar[1] of all, PURE of
    `after`, while NEARLY_ALL of `before` are in one; else []."""
    lost = [item for item in after if item in unplaced]
    placed = sum(1 for item in before if item not in unplaced)
    at_least, share = bar
    if len(lost) < at_least or len(lost) < share * (len(after) + len(before)) or len(lost) < PURE * len(after):
        return []
    return lost if placed >= NEARLY_ALL * len(before) else []


def _students(
    report: Report,
    sources: Mapping[str, SourceFile],
    people: _Staged,
    source: SourceFile,
    keys: _Keys,
    run: _Run,
    bar: tuple[int, float],
    *,
    allowed: bool,
) -> None:
    comparable, unplaced = people.comparable, people.unplaced
    key_of = _user_keys(sources, keys, comparable)
    after, before = _split(sorted(comparable), key_of, run)
    # A group whose students before the end are mostly in no class (new students of a grade not scheduled
    # yet, some scheduled ahead): its students after it tell nothing.
    thin = _thin_groups(before, unplaced, comparable)
    after = [user for user in after if not comparable[user].groups <= thin]
    lost = _cut(after, before, unplaced, bar)
    if not lost:
        return
    lost.sort(key=lambda user: (_order(key_of[user]), user))
    shown = [_shown(user, comparable[user].name, key_of[user], keys) for user in lost[:EXAMPLES]]
    more = len(lost) - EXAMPLES
    say_cut(
        report,
        "schedule-cut-students",
        Where(file=source.display, line=run.line),
        allowed=allowed,
        file=source.display,
        line=run.line,
        column=keys.user_column,
        last=run.last,
        count=len(lost),
        after=len(after),
        examples=", ".join(shown) + (f" and {more} more" if more > 0 else ""),
        placed=len(before) - len([user for user in before if user in unplaced]),
        before=len(before),
    )


def _shown(user: str, name: str, key: str, keys: _Keys) -> str:
    """'50120 (Ana Nguyen, StudentID 9120)': the student, and the export's key where it is another cell's."""
    said = [name] if name else []
    if key != user:
        said.append(f"{keys.user_column} {key}")
    return f"{user} ({', '.join(said)})" if said else user


GROUP_PLACED = 0.5  # of a school and grade's students before the end in a class, at least, for its own to count


def _thin_groups(before: list[str], unplaced: set[str], students: Mapping[str, _Student]) -> set[tuple[str, str]]:
    counts: dict[tuple[str, str], list[int]] = {}
    for user in before:
        for group in students[user].groups:
            held = counts.setdefault(group, [0, 0])
            held[0] += 1
            held[1] += user not in unplaced
    return {group for group, (count, placed) in counts.items() if placed < GROUP_PLACED * count}


def _classes(
    report: Report,
    staged: Path,
    source: SourceFile,
    keys: _Keys,
    run: _Run,
    empty_at: Mapping[str, tuple[str, str]],
    *,
    allowed: bool,
) -> None:
    path = staged / "classes.csv"
    columns = ("sourcedId", "schoolSourcedId", "termSourcedIds")
    kept = {cid: (school, terms) for cid, school, terms in columns_of(path, *columns)} if path.is_file() else {}
    # Comparable: at a school and term some class of which has students (not a new term's sections
    # exported before their schedule rows: every class of the term empty).
    held = {(school, term.strip()) for school, terms in kept.values() for term in terms.split(",")}
    every = {**kept, **empty_at}
    comparable = [
        cid for cid, (school, terms) in every.items() if any((school, t.strip()) in held for t in terms.split(","))
    ]
    after, before = _split(sorted(comparable), {cid: cid for cid in comparable}, run)
    lost = _cut(after, before, set(empty_at), (CLASSES_AT_LEAST, CLASSES_SHARE))
    # A cut crosses the order whatever the school; empty sections last in one school's block of IDs are
    # that school's own (sds-classic-100's level-2 sections, opened and not scheduled yet).
    schools = {every[cid][0] for cid in lost}
    if len(schools) < SCHOOLS_AT_LEAST:
        return
    lost.sort(key=lambda cid: (_order(cid), cid))
    more = len(lost) - EXAMPLES
    placed = [cid for cid in before if cid not in empty_at]
    say_cut(
        report,
        "schedule-cut-classes",
        Where(file=source.display, line=run.line),
        allowed=allowed,
        file=source.display,
        line=run.line,
        column=keys.class_column,
        last=run.last,
        count=len(lost),
        after=len(after),
        examples=", ".join(lost[:EXAMPLES]) + (f" and {more} more" if more > 0 else ""),
        placed=len(placed),
        before=len(before),
        schools=len(schools),
    )
