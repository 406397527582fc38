"""Rows of one ID that disagree, in a table of facts about a person: neither record is kept.

A demographics row listed twice for one student with two birth dates (a rule without `combine`)
kept whichever row the export listed first: another export order published another birth date.
The tool cannot tell which row is right, so neither is kept, as for users listed twice with
different data (V537): the same records give the same set, whatever their order. The first
row's record would be written before the second row is read, so the table's records wait in a
temporary file until its last row is seen (as the classes wait for their terms, filters.py).

The classes' rows of one ID, course and section number are decided here too (`Sections`): one
class when they differ only in the period, two (neither kept) when their titles differ in more.
An enrolment ID two rows gave different data is taken out of the written file instead
(`Validator.enrolments_conflicting`): the enrolments are too many to hold.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from transform.oneroster.spec import IDENTITY_FIELDS
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .rows import Draft
from .spool import HeldDrafts

# The tables whose records say who a person is, but the users (`Validator.leave_out_conflicts`
# takes out a user ID two rows gave different data, with all that names it); and the classes:
# two sections of other courses under one ID at one school (tester24 F3), the published class,
# its title and its teacher were those of the row the export listed first, with both sections'
# students (the validator holds only those back: rows of one section differing in a period are one).
HELD_UNTIL_DECIDED = frozenset({*(table for table in IDENTITY_FIELDS if table != "users"), "classes"})
# The tables of one record per school, course or term whose rows of one ID that disagree keep the
# record lowest in text order (`lowest_of_each`, V508), as the rows of one section do: a school
# listed twice with two names published the first row's name, and the same rows in another order
# the other's (tester51 F6). Neither kept (V576), a school would take all its people with it.
LOWEST_KEPT = frozenset({"orgs", "courses", "academicSessions"})


def without_disagreeing(
    records: Iterable[Draft],
    later: dict[str, Draft],
    report: Report,
    forget: Callable[[str], None] | None = None,
    sections: Sections | None = None,
) -> Iterator[Draft]:
    """The table's `records` (each the first of its ID) once all are read, but those whose ID
    a later row gave different data: `later` holds that row (the validator fills it while
    `records` are read, and has left the later row out, V501). `forget`: takes such an ID out
    of the validator's kept IDs (a class the enrolments name). `sections`: the classes' later
    rows of the same section (`Sections`), decided here once all are read."""
    # The validator knows no staging folder: the system's, for a file unlinked as it is made.
    with HeldDrafts(Path(tempfile.gettempdir())) as waiting:
        for draft in records:
            waiting.put(draft)
        for draft in waiting.drafts():
            key = draft.values["sourcedId"]
            rows = sections.rows.pop(key, []) if sections is not None else []
            other = later.get(key)
            if other is None and rows:
                other = _another_title(draft, rows)
            if other is None:
                yield _one_section(draft, rows, report, sections) if sections is not None and rows else draft
                continue
            if sections is not None:
                for row in rows:  # the rows of the first's section are left out with it
                    sections.repeated(row, draft.origin.line)
            say_neither_kept(draft, other, report)
            if forget is not None:
                forget(key)


@dataclass
class Sections:
    """A class ID's later rows of the first row's section (its course and section number) at
    its school, held by the validator until the classes are all read. Rows of one section
    meeting in two periods differ in the period and in a title made of it: one class, whose
    record is the one lowest in text order (V508), so that the rows' order never decides, with
    the teachers of every row (`keep_row`). Rows whose titles differ in more than the period
    are two classes under one ID (two sections the SIS gave one ID, or one with the wrong
    title: the tool cannot tell), so neither is kept (V576), as for another course; kept, the
    first row's title and teacher would be published with both rows' students, and another
    row order would publish the other's."""

    keep_row: Callable[[Draft], None]  # a row's other records (its teacher's enrolment) are kept
    repeated: Callable[[Draft, int], None]  # V501 for a row left out, after the first row's line
    rows: dict[str, list[Draft]] = field(default_factory=dict)


def _another_title(first: Draft, rows: list[Draft]) -> Draft | None:
    """A row of the section whose title differs from another's in more than the period."""
    every = [first, *rows]
    for i, one in enumerate(every):
        for two in every[i + 1 :]:
            if not same_but_period(one.values, two.values):
                return two
    return None


def same_but_period(one: dict[str, str], two: dict[str, str]) -> bool:
    """Whether two class records' titles are the same but where each holds its own period: what
    differs between them (past their common start and end) is part of the record's periods, as in
    a title made of the course and the period ("Art - 7", "Art - 8")."""
    first, second = one.get("title", ""), two.get("title", "")
    if first == second:
        return True
    start = 0
    while start < min(len(first), len(second)) and first[start] == second[start]:
        start += 1
    end = 0
    while end < min(len(first), len(second)) - start and first[-1 - end] == second[-1 - end]:
        end += 1
    return all(
        not middle or middle in periods
        for middle, periods in (
            (first[start : len(first) - end], one.get("periods", "")),
            (second[start : len(second) - end], two.get("periods", "")),
        )
    )


def _one_section(first: Draft, rows: list[Draft], report: Report, sections: Sections) -> Draft:
    """One class of a section listed on several rows: the record lowest in text order (its
    title first), whatever the rows' order; the others are said (V508), their teachers kept."""
    every = sorted([first, *rows], key=lambda d: (d.values.get("title", ""), sorted(d.values.items())))
    chosen = every[0]
    for row in every[1:]:
        sections.keep_row(row)
        ours, theirs = chosen.values, row.values
        differ = sorted((c for c in {*ours, *theirs} if ours.get(c, "") != theirs.get(c, "")), key=_title_first)
        if not differ:
            continue  # the same record again (two later rows alike)
        column = differ[0]
        report.add(
            codes.code("combined-conflict"),
            Where(row.origin.file, row.origin.line, column, row.table, ours["sourcedId"], row.who()),
            table=row.table,
            id=ours["sourcedId"],
            field=column,
            kept=ours.get(column, ""),
            value=theirs.get(column, ""),
            first_line=chosen.origin.line,
        )
    if chosen is not first:
        sections.keep_row(first)
    return chosen


def lowest_of_each(records: Iterable[Draft], later: dict[str, list[Draft]], report: Report) -> Iterator[Draft]:
    """The table's `records` (each the first of its ID) once all are read, each replaced by the
    lowest in text order, field by field in the table's column order, of its ID's rows that
    disagree (`later`: the validator holds them, leaving them out of `records`); the others are
    said (V508). A table of a few rows per school: held in memory."""
    every = list(records)
    for draft in every:
        rows = later.pop(draft.values.get("sourcedId", ""), [])
        if not rows:
            yield draft
            continue
        columns = list(draft.values)
        ranked = sorted([draft, *rows], key=lambda d: [d.values.get(c, "") for c in columns])
        chosen = ranked[0]
        for row in ranked[1:]:
            ours, theirs = chosen.values, row.values
            differ = [c for c in columns if ours.get(c, "") != theirs.get(c, "")]
            if not differ:
                continue  # the same record again
            report.add(
                codes.code("combined-conflict"),
                Where(row.origin.file, row.origin.line, differ[0], row.table, ours["sourcedId"], row.who()),
                table=row.table,
                id=ours["sourcedId"],
                field=differ[0],
                kept=ours.get(differ[0], ""),
                value=theirs.get(differ[0], ""),
                first_line=chosen.origin.line,
            )
        yield chosen


def _title_first(column: str) -> tuple[bool, str]:
    return column != "title", column


def say_neither_kept(draft: Draft, other: Draft, report: Report) -> None:
    """V576 at the first row of an ID (`draft`), whose record is not kept, naming the later one."""
    identity = IDENTITY_FIELDS.get(draft.table, ())
    ours, theirs = draft.values, other.values
    differ = sorted(
        (c for c in {*ours, *theirs} if ours.get(c, "") != theirs.get(c, "")),
        key=lambda c: (c not in identity, c),
    )
    column = differ[0] if differ else "sourcedId"
    report.add(
        codes.code("record-id-conflict"),
        Where(draft.origin.file, draft.origin.line, column, draft.table, ours["sourcedId"], draft.who()),
        table=draft.table,
        id=ours["sourcedId"],
        fields=", ".join(differ),
        other=f"{other.origin.file}:{other.origin.line}",
        detail=f"{ours.get(column, '')!r} here, {theirs.get(column, '')!r} there",
    )
