"""A term change whose new term's schedule is not exported (tester60 N3).

On a new term's first night the term filter leaves the ended term's classes out (filters.Ended:
the calendar explains their removal, X937), and the new term's sections are kept only where their
schedule rows enrol a student (F412 leaves an empty class out). A schedule export still filtered
to the ended term, or the new term's schedules loaded after the export ran, leaves a school's
students in no class: every class they had ended, and none of the new term's holds them. The set
was published at exit 0, and the next night, against a set that no longer held the ended term,
said "No changes" at exit 0 every night after.

Such a school waits for its next term as one whose classes went on a break night does
(ended_gone: last.json's `next_terms_awaited` and `next_terms_students`), and `ended_gone.awaited`
judges it tonight: a later term of the school running while its classes hold under half the
students the ended term's held is refused (X977, naming the new term's sections exported with no
student where the set has them), before the term's first day it is awaited (exit 0, and the
first night of the term refused). Only where most of those students (at least
gate.SCHOOL_CLASSLESS_AT_LEAST) tonight's set keeps are in no class tonight: a school whose
year-long classes hold its students, or one of fewer electives in the new term, is a term change
as before; a school closing at the term keeps none of its students (X845's).

A middle school's students keep their year-long classes (tester62 H1): its new term's sections
exported (at least SECTIONS_AT_LEAST), with none or nearly none of them enrolling a student, where
the ended term's classes held at least HELD_AT_LEAST students, make it wait too (`Sections`): the
F412 count of each (school, term) the run hands on (run.Calendar.emptied). A term the last set held
ahead with its students, emptied so on its first nights (tester62 H3), is refused (X875,
`emptied_ahead`): no ended class tonight makes that school wait.

The terms come from tonight's set (`class_terms`) for a profile whose term dates are the class
rows' own (Skyward SMS, Clever: no terms export for ended_gone.TermsTonight to read).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from transform.cleaners.school_year import SchoolYear
from transform.pipeline import gate
from transform.pipeline.ended_gone import TermsTonight
from transform.pipeline.filters import Ended, Term


def left_unscheduled(
    ended: Mapping[str, Ended],
    explained: Collection[str],
    previous: Path | None,
    staged: Path,
    *,
    later: Sections | None = None,
) -> dict[str, tuple[dt.date, set[str]]]:
    """Per school: the last day of its ended term, and its classes, of the classes the last set
    held that tonight's set leaves out as ended (`ended`, their removal `explained` by the
    calendar), where most of the students those classes held that tonight's set keeps are in no
    class tonight (at least SCHOOL_CLASSLESS_AT_LEAST), or where a later term's sections are
    exported with (nearly) none enrolling a student (`later`: `Sections.unscheduled`), whether or
    not the students keep year-long classes (tester62 H1)."""
    by_school: dict[str, tuple[dt.date, set[str]]] = {}
    for class_id in explained:
        found = ended.get(class_id)
        if found is None or found.ahead or not found.school:
            continue
        last, classes = by_school.get(found.school, (found.end, set()))
        classes.add(class_id)
        by_school[found.school] = (max(last, found.end), classes)
    if not by_school or previous is None:
        return {}
    held = _students_of(previous, {c: school for school, (_, classes) in by_school.items() for c in classes})
    kept = {user for user, role in gate.columns_of(staged / "users.csv", "sourcedId", "role") if role == "student"}
    enrolled = {user for (user,) in gate.columns_of(staged / "enrollments.csv", "userSourcedId")}
    found_schools: dict[str, tuple[dt.date, set[str]]] = {}
    for school, students in held.items():
        still = students & kept
        left = len(still - enrolled)
        after, _ = by_school[school]
        classless = left >= gate.SCHOOL_CLASSLESS_AT_LEAST and left > len(still) * gate.SCHOOL_CLASSLESS_SHARE
        if classless or (later and later.unscheduled(school, after, students=len(still))):
            found_schools[school] = by_school[school]
    return found_schools


def _students_of(previous: Path, school_of: Mapping[str, str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for class_id, user, role in gate.columns_of(
        previous / "enrollments.csv", "classSourcedId", "userSourcedId", "role"
    ):
        if role == "student" and class_id in school_of:
            found.setdefault(school_of[class_id], set()).add(user)
    return found


# A later term's sections exported with no schedule rows beside classes that keep the students (a
# middle school's year-long classes, tester62 H1): at least this many of its sections exported at
# the school, the ended term's classes holding at least HELD_AT_LEAST students, and fewer of the new
# term's sections enrolling a student than this share of them. An elementary
# school's one or two empty electives of the new term beside its homerooms are a term change.
SECTIONS_AT_LEAST = 3
HELD_AT_LEAST = 10
ENROLLED_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class Sections:
    """Tonight's classes of each term at each school: those the term filter kept that F412 left
    out with no student (`emptied`, by (school, term ID)), those tonight's staged set holds
    (`enrolled`, every one with a student), and tonight's terms by ID (`current`)."""

    emptied: Mapping[tuple[str, str], int]
    enrolled: Mapping[tuple[str, str], int]
    current: Mapping[str, Term]

    @classmethod
    def read(
        cls,
        staged: Path,
        emptied: Mapping[tuple[str, str], int],
        current: Mapping[str, Term],
        spanning: Collection[str] = (),
    ) -> Sections:
        """`spanning`: classes running since an ended term, none of a new term's sections (a
        year-long class of marking periods 1 to 4 is listed under 3 and 4 tonight: tester64 A1)."""
        enrolled: Counter[tuple[str, str]] = Counter()
        for class_id, school, terms in gate.columns_of(
            staged / "classes.csv", "sourcedId", "schoolSourcedId", "termSourcedIds"
        ):
            if class_id in spanning:
                continue
            enrolled.update((school, term.strip()) for term in terms.split(",") if term.strip())
        return cls(emptied, dict(enrolled), current)

    def _after(self, counts: Mapping[tuple[str, str], int], school: str, after: dt.date) -> int:
        terms = self.current
        return sum(n for (at, key), n in counts.items() if at == school and key in terms and terms[key].start > after)

    def unscheduled(self, school: str, after: dt.date, *, students: int) -> bool:
        """Whether the sections of the terms of `school` begun after `after` are exported (at least
        SECTIONS_AT_LEAST) with fewer enrolling a student than ENROLLED_SHARE of them, the ended term's
        classes having held `students` (at least HELD_AT_LEAST)."""
        enrolled = self._after(self.enrolled, school, after)
        exported = enrolled + self._after(self.emptied, school, after)
        # of its own sections exported, not of the ended term's classes: a school whose semester 2 has 3 sections, all
        # scheduled, beside 13 of semester 1 waited, and was refused every night (reviewer121 R1)
        return exported >= SECTIONS_AT_LEAST and students >= HELD_AT_LEAST and enrolled < exported * ENROLLED_SHARE


def emptied_ahead(
    previous: Path | None,
    sections: Sections,
    *,
    made: dt.date | None,
    tonight: dt.date | None,
    staged: Path | None = None,
) -> list[dict[str, object]]:
    """X875's words for each (school, term) whose classes the last set (made on `made`) held with
    their students before the term began, running tonight, with at least SECTIONS_AT_LEAST of its
    sections exported and fewer enrolling a student than ENROLLED_SHARE of the last set's classes
    (tester62 H3: the break night's set held them, the first day's schedule export none)."""
    if previous is None or made is None or tonight is None:
        return []
    begun = {key for key, term in sections.current.items() if made < term.start <= tonight <= term.end}
    held: dict[tuple[str, str], set[str]] = {}
    for class_id, school, terms in gate.columns_of(
        previous / "classes.csv", "sourcedId", "schoolSourcedId", "termSourcedIds"
    ):
        for key in {t.strip() for t in terms.split(",")} & begun:
            held.setdefault((school, key), set()).add(class_id)
    students = _students_of(previous, {c: f"{school}\t{key}" for (school, key), ids in held.items() for c in ids})
    if staged is not None:  # those tonight's set still keeps: a year's students gone (a term ID reused) are no schedule
        still = {user for user, role in gate.columns_of(staged / "users.csv", "sourcedId", "role") if role == "student"}
        students = {key: users & still for key, users in students.items()}
    found: list[dict[str, object]] = []
    for (school, key), classes in sorted(held.items()):
        empty, kept = sections.emptied.get((school, key), 0), sections.enrolled.get((school, key), 0)
        them = len(students.get(f"{school}\t{key}", ()))
        if empty + kept >= SECTIONS_AT_LEAST and them >= HELD_AT_LEAST and kept < len(classes) * ENROLLED_SHARE:
            term = sections.current[key]
            found.append(
                {
                    "school": school,
                    "made": made.isoformat(),
                    "classes": len(classes),
                    "term": term.name or key,
                    "start": term.start.isoformat(),
                    "end": term.end.isoformat(),
                    "held": them,
                    "as_of": tonight.isoformat(),
                    "empty": empty,
                    "kept": kept,
                }
            )
    return found


def await_next(tonight: TermsTonight, unscheduled: Mapping[str, tuple[dt.date, set[str]]]) -> None:
    """Each school `left_unscheduled` found waits for its next term as a break night's does."""
    for school, (last, classes) in unscheduled.items():
        tonight.gone_at[school] = max(last, tonight.gone_at.get(school, last))
        tonight.gone_classes.setdefault(school, set()).update(classes)


def class_terms(
    current: Mapping[str, Term], made: dt.date | None, tonight: dt.date | None, years: SchoolYear
) -> TermsTonight | None:
    """Tonight's terms as tonight's set's classes date them (`current`), for a profile without a
    terms export: the rows `ended_gone.awaited` finds a school's next term in."""
    rows = sorted((t for t in current.values() if t.school), key=lambda t: (t.school, t.start, t.end, t.name))
    if made is None or tonight is None or not rows:
        return None
    return TermsTonight(rows, tonight, made, years=years, current=current, from_classes=True)


def awaiting(
    tonight: TermsTonight | None,
    *,
    ended: Mapping[str, Ended],
    explained: Collection[str],
    sets: tuple[Path | None, Path],
    nights: tuple[dt.date | None, dt.date | None],
    current: Mapping[str, Term],
    years: SchoolYear,
    emptied: Mapping[tuple[str, str], int] | None = None,
    spanning: Collection[str] = (),
) -> TermsTonight | None:
    """Tonight's terms for `ended_gone.awaited` (the terms export's, else tonight's classes'),
    with the schools `left_unscheduled` finds waiting for their next term. `sets`: the last set's
    folder and tonight's staged one; `nights`: the last set's as-of date and tonight's; `emptied`:
    the classes F412 left out, by (school, term ID); `spanning`: the classes running since an ended term."""
    terms = tonight if tonight is not None else class_terms(current, *nights, years)
    if terms is not None:
        later = Sections.read(sets[1], emptied, current, spanning) if emptied else None
        await_next(terms, left_unscheduled(ended, explained, *sets, later=later))
    return terms
