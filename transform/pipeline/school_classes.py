"""The set, school by school: a school whose classes lose their students or teachers to an export
missing the school's rows.

On a later night the gate compares with the last published set (X906, X953, X993, X997); on the
first night, the one a district sets the tool up on, there is nothing to compare with, and one
school of several is under every whole-file limit. So the set itself is read per school:

- X941: at a school, most of the classes (at least AT_LEAST) would be left with no student, their
  enrolment rows naming students the students export does not have at all (D300 on the join
  that gives the enrolment its user), while other schools' classes keep theirs (every school's:
  the whole export's, X910, X915, X916). A student left out on purpose (withdrawn, filtered by a
  condition, at a school left out) is found by the join and is no such row; an export that leaves
  withdrawn students out gives a few such rows per school, which leave no class empty. Only
  without a last published set's classes to compare with: on a later night the gate says the
  school's classes or students lost (X993, X997, X906), and --allow-rollover publishes it.
- X942: at a school, more than half of the classes with students (at least AT_LEAST) would be
  published with no teacher or administrator (V586), while the other schools' classes have
  theirs: the school's teachers missing from the staff export. Most classes of the whole set
  without one is X980's. As X980, on any night, but not when most of the school's classes had
  no owner in the last published set either (nothing got worse).

- X943: at a school, more than half of the classes its students are enrolled in (at least
  AT_LEAST) would be left out because the terms export has no row of their term (D300 on a join
  the term filter's dates read: Plan.term_joins), an elementary school on quarters whose terms
  export lacks them. Counted are the classes an enrolment row its rule lets in names (its dates
  current, not deleted): a section of a past year whose term is rightly no longer exported has
  no current enrolment (PowerSchool's ended cc rows, an Aeries MST row with no SEC row) and stays
  a warning (D300), however many there are. Per school, without asking for other schools to keep
  theirs: a terms export that lacks the year term of every school loses most classes everywhere.
  (Every class of the set lost is X916's, the classes file empty.)
  On any night, but only the classes the last published set did not hold count: those it held
  are the removal gate's (X906, X993, X997, which --allow-rollover publishes), while the classes
  of a term that starts tonight (quarter 2, semester 2) are new to every comparison and would
  be lost unseen on a later night too.

  Why not an error per row counted toward the export's limit (as D386 counts toward X915): that
  limit is a share of the whole sections export, under which one elementary school of twenty
  stays, and a stray old section would count as much as a current one.

The enrolment stage notes what it finds (`note_students_unknown`, `note_without_owner`,
`note_terms_unknown`, in the process that runs it: report facts, which a worker hands over); the
safety gate refuses it (`check`), or --allow-incomplete publishes it, said (X918).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from transform.oneroster.spec import CLASS_OWNER_ROLES
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 3  # a class or two of a school is the class's problem (F412, V586)
STUDENTS_UNKNOWN = "schools_students_unknown"  # report.facts: school -> what X941 says
WITHOUT_OWNER = "schools_without_owner"  # report.facts: school -> what X942 says
TERMS_UNKNOWN = "schools_terms_unknown"  # report.facts: school -> what X943 may say
_STUDENT_ROLES = ("", "student")  # the role a rule writes ("" when it reads it from a cell)


def note_students_unknown(
    report: Report, listed: Iterable[str], with_students: set[str], school_of: Callable[[str], str]
) -> None:
    """The schools most of whose classes (at least AT_LEAST) are left with no student, and had
    enrolment rows naming students the students export does not have (report.users_unknown)."""
    unknown: dict[str, list[Any]] = {}
    for (class_id, role), (rows, place, key, source) in report.users_unknown.items():
        if role not in _STUDENT_ROLES:
            continue
        held = unknown.setdefault(class_id, [0, place, key, source])
        held[0] += rows
        if place < held[1]:
            held[1:] = [place, key, source]
    if not unknown:
        return
    classes: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    emptied: dict[str, list[str]] = {}
    for class_id in listed:
        school = school_of(class_id)
        classes[school] += 1
        if class_id in with_students:
            kept[school] += 1
        elif class_id in unknown:
            emptied.setdefault(school, []).append(class_id)
    for school, ids in sorted(emptied.items()):
        if len(ids) < AT_LEAST or len(ids) * 2 <= classes[school] or not any(kept[s] for s in kept if s != school):
            continue  # a class or two; or every school's classes (the whole export's: X910, X915, X916)
        (file, line), key, source = min((unknown[c][1], unknown[c][2], unknown[c][3]) for c in ids)
        report.facts.setdefault(STUDENTS_UNKNOWN, {})[school] = {
            "classes": classes[school],
            "emptied": len(ids),
            "kept": kept[school],
            "rows": sum(unknown[c][0] for c in ids),
            "example": min(ids),
            "file": file,
            "line": line,
            "key": key,
            "source": source,
        }


def note_without_owner(
    report: Report, with_students: Iterable[str], without: set[str], school_of: Callable[[str], str]
) -> None:
    """The schools more than half of whose classes with students (at least AT_LEAST) have no
    teacher or administrator enrolled, while another school's classes have one."""
    if len(without) < AT_LEAST:
        return
    classes: Counter[str] = Counter()
    ownerless: dict[str, list[str]] = {}
    for class_id in with_students:
        school = school_of(class_id)
        classes[school] += 1
        if class_id in without:
            ownerless.setdefault(school, []).append(class_id)
    owned = {school for school, count in classes.items() if count > len(ownerless.get(school, ()))}
    for school, ids in sorted(ownerless.items()):
        if len(ids) < AT_LEAST or len(ids) * 2 <= classes[school] or not owned - {school}:
            continue
        said: dict[str, Any] = {"classes": classes[school], "without": len(ids), "example": min(ids), "rows": 0}
        # The school's sections naming teachers the staff export does not have (D300): the cause.
        at_school = set(ids)
        misses = [held for (c, role), held in report.users_unknown.items() if role != "student" and c in at_school]
        if misses:
            _, (file, line), key, source = min(misses, key=lambda held: held[1])
            said.update(rows=sum(held[0] for held in misses), file=file, line=line, key=key, source=source)
        report.facts.setdefault(WITHOUT_OWNER, {})[school] = said


def note_terms_unknown(
    report: Report,
    listed: set[str],
    with_students: Iterable[str],
    school_of: Callable[[str], str],
    *,
    unrostered: Iterable[str] = (),
) -> None:
    """The schools more than half of whose classes with students (at least AT_LEAST, counting
    the classes left out whose term the terms export lacks and an enrolment row its rule let in
    names: report.terms_unknown) are such classes. Schools not rostered are left out of it."""
    if not listed:
        return  # no class of the set kept: an empty classes.csv is the whole export's (X916)
    missed: dict[str, dict[str, list[Any]]] = {}
    skipped = set(unrostered)
    for class_id, (school, (file, line), key, source, enrolled) in report.terms_unknown.items():
        if enrolled and school not in skipped and class_id not in listed:
            missed.setdefault(school, {})[class_id] = [file, line, key, source]
    if not any(len(ids) >= AT_LEAST for ids in missed.values()):
        return
    kept: Counter[str] = Counter(school_of(class_id) for class_id in with_students if class_id in listed)
    for school, ids in sorted(missed.items()):
        classes = kept[school] + len(ids)
        if len(ids) >= AT_LEAST and len(ids) * 2 > classes:
            report.facts.setdefault(TERMS_UNKNOWN, {})[school] = {"classes": classes, "missed": ids}


def check(report: Report, *, staged: Path, previous: Path | None, allow_incomplete: bool, whole_set: bool) -> None:
    """The safety gate: refuse a school X941 found, on a night without a last set's classes to
    compare with, or X942, on any night unless the school's classes mostly had no owner in the
    last published set either; --allow-incomplete publishes it, said (X918). `whole_set` False:
    most classes of the set have no owner (X980 says it of them all), so X942 is not said of
    each school."""
    names = _names(staged / "orgs.csv")
    # A night with a last set to compare with: the gate says a school's classes or students lost
    # (X906, X993, X997), and --allow-rollover publishes it.
    compared = previous is not None and (previous / "classes.csv").is_file()
    for school, said in sorted(report.facts.get(STUDENTS_UNKNOWN, {}).items() if not compared else ()):
        name = names.get(school, "")
        detail = (
            f"school {school} ({name}): {said['emptied']} of its {said['classes']} classes have no student, "
            f"their enrolment rows naming students no {said['source']} row has"
        )
        if not _allowed(report, allow_incomplete, detail):
            report.add(
                codes.code("school-students-unknown"),
                Where(said["file"], said["line"]),
                school=school,
                name=name,
                emptied=said["emptied"],
                classes=said["classes"],
                rows=said["rows"],
                source=said["source"],
                key=said["key"],
                example=repr(said["example"]),
            )
    _check_terms_unknown(report, names, previous, allow_incomplete)
    for school, said in sorted(report.facts.get(WITHOUT_OWNER, {}).items() if whole_set else ()):
        if previous is not None and _mostly_without_owner(previous, school):
            continue  # most of its classes had no owner in the last published set either
        name = names.get(school, "")
        detail = f"school {school} ({name}): {said['without']} of its {said['classes']} classes have no teacher"
        if not _allowed(report, allow_incomplete, detail):
            report.add(
                codes.code("school-classes-without-owner"),
                Where(said["file"], said["line"]) if said["rows"] else Where(),
                school=school,
                name=name,
                count=said["without"],
                classes=said["classes"],
                example=repr(said["example"]),
                hint=_teachers_unknown(said),
            )


def _check_terms_unknown(report: Report, names: dict[str, str], previous: Path | None, allow_incomplete: bool) -> None:
    """X943 of each school `note_terms_unknown` found, counting only the classes the last
    published set (`previous`) did not hold: the removal gate judges those it held."""
    held = set(_classes_of(previous)) if previous is not None else set()
    for school, said in sorted(report.facts.get(TERMS_UNKNOWN, {}).items()):
        missed = {class_id: place for class_id, place in said["missed"].items() if class_id not in held}
        if len(missed) < AT_LEAST or len(missed) * 2 <= said["classes"]:
            continue
        file, line, key, source = min(missed.values())
        name = names.get(school, "")
        detail = (
            f"school {school} ({name}): {len(missed)} of its {said['classes']} classes with students left out, "
            f"no {source} row having their term"
        )
        if not _allowed(report, allow_incomplete, detail):
            report.add(
                codes.code("school-terms-unknown"),
                Where(file, line),
                school=school,
                name=name,
                missed=len(missed),
                classes=said["classes"],
                source=source,
                key=key,
                example=repr(min(missed)),
            )


def _teachers_unknown(said: dict[str, Any]) -> str:
    if not said["rows"]:
        return ""
    return f"; {said['rows']} of their rows name a teacher no {said['source']} row has (D300, the first: {said['key']})"


def _allowed(report: Report, allow_incomplete: bool, detail: str) -> bool:
    if allow_incomplete:
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
    return allow_incomplete


def _names(orgs: Path) -> dict[str, str]:
    if not orgs.is_file():
        return {}
    with orgs.open(encoding="utf-8-sig", newline="") as handle:
        return {row.get("sourcedId", ""): row.get("name", "") for row in csv.DictReader(handle)}


def _classes_of(folder: Path, school: str | None = None) -> Iterable[str]:
    """The IDs of a published set's classes (at `school`; None: every school's)."""
    classes = folder / "classes.csv"
    if not classes.is_file():
        return
    with classes.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if school is None or row.get("schoolSourcedId", "") == school:
                yield row.get("sourcedId", "")


def _mostly_without_owner(folder: Path, school: str) -> bool:
    """Whether more than half of the school's classes with students in a published set had no
    teacher or administrator enrolled (False without its files: no set to compare with)."""
    classes = set(_classes_of(folder, school))
    enrollments = folder / "enrollments.csv"
    if not classes or not enrollments.is_file():
        return False
    with_students: set[str] = set()
    owned: set[str] = set()
    with enrollments.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            class_id = row.get("classSourcedId", "")
            if class_id not in classes:
                continue
            if row.get("role") == "student":
                with_students.add(class_id)
            elif row.get("role") in CLASS_OWNER_ROLES:
                owned.add(class_id)
    return len(with_students - owned) * 2 > len(with_students)
