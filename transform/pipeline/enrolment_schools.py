"""An enrolment is at its class's school.

The enrolment's school comes from its own export row (PowerSchool's cc.SchoolID), the class's
from the section. Where they differ the export is inconsistent, and a set holding both would
say a class is at one school and its students enrolled in it at another. The class's school is
the one written (the class row is the authority on where the class is), and each is reported.
A run's validator does it as each enrolment is kept, and says it at the enrolment's export row,
the one to correct (pipeline.validate, V538); this runs once both files are written, for what
reached them otherwise, and rewrites enrollments.csv only when one differs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import order, set_files
from .write import CsvRows


def align(folder: Path, report: Report) -> bool:
    """Give each enrolment its class's school, reporting each (V538); True when enrollments.csv
    was written again (sorted: by the order of its records it may not have been before)."""
    classes, enrollments = folder / "classes.csv", folder / "enrollments.csv"
    if not classes.exists() or not enrollments.exists():
        return False
    school_of = {key: school for key, school in set_files.columns(classes, "sourcedId", "schoolSourcedId")}
    if not school_of or not _any_differs(enrollments, school_of):
        return False
    # Sorted first, as it is published (by sourcedId, which this does not change): the line a
    # problem names is the published file's, whatever order the records were written in.
    order.sort_records(enrollments)
    partial = enrollments.with_name(f".{enrollments.name}.partial")
    with set_files.rows(enrollments) as (header, reader), partial.open("w", encoding="utf-8", newline="") as target:
        writer = CsvRows(target)
        writer.writerow(header)
        at_class, at_school, at_id = header.index("classSourcedId"), header.index("schoolSourcedId"), 0
        for line, row in enumerate(reader, start=2):
            school = school_of.get(row[at_class])
            if school is not None and row[at_school] != school:
                report.add(
                    codes.code("enrollment-school-aligned"),
                    Where("enrollments.csv", line, "schoolSourcedId", "enrollments", row[at_id]),
                    id=row[at_id],
                    value=row[at_school],
                    class_id=row[at_class],
                    school=school,
                )
                row[at_school] = school
            writer.writerow(row)
    partial.replace(enrollments)
    return True


def unwritten(folder: Path, report: Report, found: set[str] | None = None) -> None:
    """The last check before the set is gated: every enrolment's class is in classes.csv. The
    validator checks an enrolment's class when it keeps the enrolment; a class left out after
    that (as empty, F412) took its enrolments with it only where the run knew of them, and an
    enrolment written again (I218) was not known: the class went, the enrolment was published
    naming it, at exit 0 (tester70 S1). Any such enrolment refuses the set (X885). `found`: the
    classes named and not held, as DuckDB found them (staged_sql); None: read here."""
    classes, enrollments = folder / "classes.csv", folder / "enrollments.csv"
    if not classes.exists() or not enrollments.exists():
        return
    with set_files.rows(classes) as (header, reader):
        held = {row[0] for row in _body(header, reader, "sourcedId")}
    if found is None:
        with set_files.rows(enrollments) as (header, reader):
            found = {row[0] for row in _body(header, reader, "classSourcedId")} - held
    if not found:
        return
    with set_files.rows(enrollments) as (header, reader):
        named = Counter(row[0] for row in _body(header, reader, "classSourcedId") if row[0] in found)
    report.add(
        codes.code("enrollment-class-unwritten"),
        Where(file="enrollments.csv", column="classSourcedId"),
        count=sum(named.values()),
        classes=", ".join(f"{class_id!r} ({n})" for class_id, n in sorted(named.items())[:5]),
    )


def _body(header: list[str], reader: Iterator[list[str]], column: str) -> Iterator[list[str]]:
    """The rows after the header, each cut to the one column (an empty file: none)."""
    if not header:
        return
    at = header.index(column)
    for row in reader:
        yield [row[at]]


def _any_differs(enrollments: Path, school_of: dict[str, str]) -> bool:
    """Whether an enrolment's school is not its class's. Of the distinct (class, school) pairs,
    a few per class, gathered in C: no dict per row (millions at the largest district)."""
    with set_files.rows(enrollments) as (header, reader):
        pairs = set(map(itemgetter(header.index("classSourcedId"), header.index("schoolSourcedId")), reader))
    return any(school_of.get(class_id, school) != school for class_id, school in pairs)
