"""The safety gate for classes whose teachers were reshuffled overnight (X838, X839: tester56 T5).

TeacherRoster.csv's teacher IDs came out shifted by one row: 19 of the sample's 21 classes had
another teacher on night 2, each old teacher teaching other classes, each new one having taught
others. No record was removed (enrolments +19 -19, 3 % of them, under the removal limit) and no
ID changed, so every other gate held: published at exit 0, each class's families handed to
another teacher in Remind.

A class counts when it is in both sets with a teacher both nights, no teacher in common, every
old teacher still teaching some class of tonight's set and every new one having taught some class
of the last set: teachers moved between classes, not replaced. A teacher who left (gone from the
set, or teaching nothing tonight) and a substitute new to the set never count, nor a co-teacher
added or removed (a teacher in common); a semester change gives new class IDs. Refused when at
least AT_LEAST classes count and more than SHARE percent of the classes with a teacher in both sets
(or more than half of one school's, at least AT_LEAST); --allow-rollover publishes them, said
(X839, which flags_left_in counts: a later night's reshuffle under the flag left in is 'Published,
but', unless a new school year, or each class's own term change, explains it: a term of its last
set's ended, or, its term IDs differing, one of tonight's began; with the same term IDs, none runs
tonight; a year-long class's new teacher on a semester's night is no term change of its own:
reviewer114 R1, reviewer117). Read only the teacher enrolments
and, for the examples, a few titles and names, and the moved classes' terms.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from transform.oneroster.spec import CLASS_OWNER_ROLES
from transform.pipeline import flags_left_in
from transform.pipeline.gate import EXPORT_REFUSED, Night, columns_of, records_of, term_ids
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 5  # fewer classes handed to other teachers in one night are a schedule's corrections
SHARE = 20  # percent of the classes with a teacher both nights
EXAMPLES = 3
# Class -> its owners (teachers, administrators: spec.CLASS_OWNER_ROLES, as owners_lost reads them)
Owners = dict[str, set[str]]


@dataclass(slots=True)
class Moved:
    """Classes in both sets with a teacher both nights (`common`, and by school), and those whose
    teachers were moved from other classes (`classes`: class -> (old teachers, new teachers))."""

    common: int = 0
    by_school: Counter[str] = field(default_factory=Counter)
    classes: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)
    school_of: dict[str, str] = field(default_factory=dict)
    # Each set's class -> owners, read once for owners_lost too (None: a set without enrollments.csv),
    # and those of them enrolled as primary, for primary_lost (X831) in the same pass.
    before: Owners | None = None
    now: Owners | None = None
    primary_before: Owners | None = None
    primary_now: Owners | None = None

    def owners(self) -> tuple[Owners, Owners] | None:
        """Each set's class -> owners, for owners_lost (None where a set had no enrollments.csv)."""
        return None if self.before is None or self.now is None else (self.before, self.now)

    def over(self) -> str:
        """'' when the moves stay under the limits; else what passed: the share of the set or a school's."""
        count = len(self.classes)
        if count < AT_LEAST or not self.common:
            return ""
        if count * 100 > SHARE * self.common:
            return f"{round(count * 100 / self.common, 1)}% of the {self.common} classes with a teacher both nights"
        moved = Counter(self.school_of[c] for c in self.classes)
        for school, n in sorted(moved.items()):
            if n >= AT_LEAST and n * 2 > self.by_school[school]:
                return f"{n} of the {self.by_school[school]} such classes of school {school}"
        return ""


def _teachers(path: Path) -> tuple[Owners, dict[str, str], Owners]:
    """Class -> its owners, class -> its school, and class -> its owners enrolled as primary (for
    primary_lost, read in this pass), from a set's enrollments.csv."""
    taught: Owners = defaultdict(set)
    primary: Owners = defaultdict(set)
    school: dict[str, str] = {}
    for class_id, school_id, user, role, marked in columns_of(
        path / "enrollments.csv", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary"
    ):
        if role in CLASS_OWNER_ROLES and class_id and user:
            taught[class_id].add(user)
            school[class_id] = school_id
            if marked.strip().casefold() == "true":
                primary[class_id].add(user)
    return taught, school, primary


def moved_teachers(previous: Path, staged: Path) -> Moved:
    """The classes of both sets whose teachers were moved from other classes (module doc)."""
    found = Moved()
    if not (previous / "enrollments.csv").is_file() or not (staged / "enrollments.csv").is_file():
        return found
    before, _, found.primary_before = _teachers(previous)
    now, school, found.primary_now = _teachers(staged)
    found.before, found.now = dict(before), dict(now)
    teaching_before = set().union(*before.values()) if before else set()
    teaching_now = set().union(*now.values()) if now else set()
    for class_id, old in before.items():
        new = now.get(class_id)
        if not new:
            continue
        found.common += 1
        found.by_school[school[class_id]] += 1
        found.school_of[class_id] = school[class_id]
        if old.isdisjoint(new) and old <= teaching_now and new <= teaching_before:
            found.classes[class_id] = (tuple(sorted(old)), tuple(sorted(new)))
    return found


def gate_moved_teachers(found: Moved, night: Night) -> None:
    """Refuse (X838) a set whose classes' teachers were reshuffled over the limits; with
    --allow-rollover, say it (X839)."""
    previous, staged, report = night.previous, night.staged, night.report
    allow_rollover, since = night.allow_rollover, night.since
    over = found.over()
    if not over or any(c in report.counts for c in EXPORT_REFUSED):
        return
    shown = sorted(found.classes)[:EXAMPLES]
    names = _names(staged / "users.csv", {t for c in shown for pair in found.classes[c] for t in pair})
    titles = _titles(staged / "classes.csv", set(shown))
    said = "; ".join(
        f"{c} {titles.get(c, '')!r}: {_who(found.classes[c][0], names)} -> {_who(found.classes[c][1], names)}"
        for c in shown
    )
    more = len(found.classes) - len(shown)
    params = {
        "count": len(found.classes),
        "share": over,
        "classes": said + (f"; and {more} more" if more else ""),
    }
    where = Where(file="enrollments.csv", column="userSourcedId")
    if allow_rollover:
        report.add(codes.code("class-teachers-moved-allowed"), where, **params)
        said_at_schools(found, report, _terms(previous, set(found.classes)), _terms(staged, set(found.classes)))
    else:
        report.add(codes.code("class-teachers-moved"), where, since=since, **params)


def said_at_schools(
    found: Moved, report: Report, terms_then: dict[str, frozenset[str]], terms_now: dict[str, frozenset[str]]
) -> None:
    """X839 for F454 (pipeline.flags_left_in), school by school: a class's own term change explains
    its new teachers (a new term keeping its class ID: flags_left_in.SchoolCalendar.own_term_changed),
    never another class's at its school (`terms_then`,
    `terms_now`: class -> term IDs, each set's classes.csv). Each class is passed with its term IDs
    of both sets, for flags_left_in to judge by the terms ended, begun and running tonight."""
    by_school: dict[str, list[str]] = defaultdict(list)
    for class_id in sorted(found.classes):
        by_school[found.school_of[class_id]].append(class_id)
    for school, moved in sorted(by_school.items()):
        count = len(moved)
        words = f"{count} {'class' if count == 1 else 'classes'} handed to other teachers"
        terms = [(terms_then.get(c, frozenset()), terms_now.get(c, frozenset())) for c in moved]
        flags_left_in.said_at(report, "X839", [school], words + (f" at school {school}" if school else ""), terms=terms)


def _who(teachers: tuple[str, ...], names: dict[str, str]) -> str:
    return " and ".join(f"{t} {names[t]}" if names.get(t) else t for t in teachers)


def _names(path: Path, wanted: set[str]) -> dict[str, str]:
    return {
        i: f"{values.get('givenName', '')} {values.get('familyName', '')}".strip()
        for values, i in records_of(path)
        if i in wanted
    }


def _terms(path: Path, wanted: set[str]) -> dict[str, frozenset[str]]:
    """Class -> its term IDs (termSourcedIds), of the `wanted` classes of a set's classes.csv."""
    return {
        i: frozenset(term_ids(terms))
        for i, terms in columns_of(path / "classes.csv", "sourcedId", "termSourcedIds")
        if i in wanted
    }


def _titles(path: Path, wanted: set[str]) -> dict[str, str]:
    return {i: values.get("title", "") for values, i in records_of(path) if i in wanted}
