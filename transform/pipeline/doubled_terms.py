"""A term ID on two rows of the terms export with other data: its classes are refused, not lost.

A OneRoster academicSessions.csv (or SDS v2.1's) must give one row per sourcedId. A vendor that
reuses its term codes across years writes "S1" for Fall 2025 and for Fall 2026; the join on the
term then finds two rows that differ and joins neither (D327), and every class of the term is
left out (D300). Under X944's count (three classes of a school) that was a set published at exit
0 without a semester's classes (tester59 F1). Which row is the class's cannot be told from the
class (last year's classes name "S1" too), so the set is refused whatever the count (X866), naming
both rows and a class; --allow-incomplete publishes it without them, said (X918).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from transform.profile.compile import Plan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .read import SourceFile, iter_rows
from .rows import Index, SourceRow

DOUBLED = "terms_doubled"  # report.facts: the term key as D300 names it -> what X866 says


def one_current(index: Index, held: Any, alias: str, plan: Plan) -> bool:
    """Whether one of the rows of a term key that differ (`index.conflict_values`) is a term of
    tonight: its dates, as the term filter reads them through the join `alias`, contain the
    as-of date or start within the filter's window. True when the dates cannot be read so (the
    filter's dates are not a column each of the join): a person must look."""
    rule = plan.current_term
    if rule is None:
        return False
    starts = [p.key for p in fields(rule.start) if p.alias == alias]
    ends = [p.key for p in fields(rule.end) if p.alias == alias]
    values = index.conflict_values.get(held, [])
    if len(starts) != 1 or len(ends) != 1 or {starts[0], ends[0]} - set(index.columns) or not values:
        return True
    at = index.columns.index(starts[0]), index.columns.index(ends[0])
    horizon = plan.as_of + dt.timedelta(days=rule.window_days)
    for value in values:
        if not isinstance(value, tuple):
            return True
        start, end = (plan.parse_term_date(value[i] or "") for i in at)
        if start is None or end is None or (start <= horizon and end >= plan.as_of):
            return True
    return False


def note(report: Report, index: Index, held: Any, key: tuple[str, str], alias: str, where: Where, plan: Plan) -> None:
    """A class left out by its term join (`alias`) because the rows of its term's key differ
    (D327), one of them a term of tonight: counted under the key (`key`: as D300 names it, and
    the term's ID), with the rows' lines and the first class's place."""
    if held not in index.conflicts or not one_current(index, held, alias, plan):
        return
    named, term = key
    said: dict[str, Any] = report.facts.setdefault(DOUBLED, {}).setdefault(
        named,
        {
            "term": term,
            "file": index.file,
            "lines": sorted(index.conflicts[held]),
            "classes": 0,
            "example": where.record,
            "at": where.line,
            "key": index.key,
            "class_file": where.file,
        },
    )
    said["classes"] += 1
    if where.line and (not said["at"] or where.line < said["at"]):
        said["example"], said["at"] = where.record, where.line


def keys(report: Report) -> set[str]:
    """The term keys X866 says (school_classes leaves them out of X943 and X944)."""
    return set(report.facts.get(DOUBLED, {}))


def check(
    report: Report,
    *,
    allow_incomplete: bool,
    classes_file: str = "classes.csv",
    sources: Mapping[str, SourceFile] | None = None,
    plan: Plan | None = None,
) -> None:
    """X866 for each term key whose rows differ and whose classes were left out for it: its fix the
    export's (a term ID per term), or the join's where it leaves out a column of the terms export
    that tells the rows apart and the classes' export has too, under its name or another, or the
    classes' export's where it has no such column: that column to add (`apart`, tester74 T6)."""
    for _, said in sorted(report.facts.get(DOUBLED, {}).items()):
        first, other = said["lines"]
        detail = f"{said['classes']} classes of term {said['term']!r} left out"
        detail += f", its {said['file']} rows (lines {first}, {other}) differing"
        if allow_incomplete:
            report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
            continue
        report.add(
            codes.code("term-id-doubled"),
            Where(said["file"], first),
            file=said["file"],
            term=said["term"],
            first=first,
            other=other,
            count=said["classes"],
            example=said["example"],
            classes=classes_file,
            at=said["at"],
            **_join_fix(said, sources or {}, school_columns(plan)),
        )


def _join_fix(said: Mapping[str, Any], sources: Mapping[str, SourceFile], schools: Schools) -> dict[str, str]:
    """X866's fix and step where the join leaves out what tells the rows apart; {} (the export's) else."""
    pairs, read = apart(said, sources, schools)
    if not pairs:
        return {}
    key = ", ".join(f"{local or column}: {column}" for column, local in pairs) + "".join(f", {c}: {c}" for c in read)
    columns = ", ".join(column for column, _ in pairs)
    file, classes = said["file"], said["class_file"]
    source = next((f.source for f in sources.values() if f.display == classes), "")
    if all(local for _, local in pairs):
        named = [f"{local} for {column}" for column, local in pairs if local != column]
        written = f" (written {', '.join(named)})" if named else ""
        step = (
            f"the join on {file} reads {', '.join(read)} alone and leaves out {columns}, which tells these rows "
            f"apart and which {classes} has too{written}: add it to the join's on in the profile (on: {{{key}}}, "
            "each as the classes' export names it)"
        )
    else:  # tester74 T6: the column is in the terms export only, and the classes' export must carry it
        step = (
            f"the join on {file} reads {', '.join(read)} alone, and its rows differ by {columns}, which {classes} "
            f"has no column for: add {columns} to the {classes} export (each class's, as {file} writes it), then "
            f"to sources.{source}.columns and the join's on in the profile (on: {{{key}}}); or give each term its "
            "own ID in the export"
        )
    return {"fix": step, "step": step}


# A date, or a school year ('2027', '2026-27'): rows differing so are one term ID reused for another
# year or dates, the export's to fix; a class's start date beside a term's tells no calendar either.
# Unless the column is a school column by its role (`school_columns`): schools numbered like years.
_DAY = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\b.*")
_YEAR = re.compile(r"((?:19|20)\d\d)([-/](19|20)?\d\d)?")


def _dated(cells: set[str]) -> bool:
    """Whether two rows' cells differ as dates do, or as school years: every cell a year ('2026' beside
    '2024', '2026-27' beside '2024-25'), however far apart. A column the classes' school is written
    from is no school year whatever its values (schools 2026 and 2027: review165 R5, review178 R1):
    the callers ask `school_columns` first, by the column's role, not by its values' closeness."""
    if any(_DAY.fullmatch(cell) for cell in cells):
        return True
    return all(_YEAR.fullmatch(cell) for cell in cells)


Schools = frozenset[tuple[str, str]]  # (source, normalized column)


def school_columns(plan: Plan | None) -> Schools:
    """The export columns a classes rule writes the class's school (schoolSourcedId) from, each as
    (source, normalized column): the classes' own export's, or the joined one's (the term join's
    school column). Such a column is a school column by its role, whatever its values look like."""
    found: set[tuple[str, str]] = set()
    for rule in plan.rules.get("classes", ()) if plan is not None else ():
        for column in rule.columns:
            if column.name != "schoolSourcedId":
                continue
            refs = [*fields(column.parts), *column.first_of, *(r for parts in column.fallback for r in fields(parts))]
            for ref in refs:
                join = rule.joins.get(ref.alias) if ref.alias else None
                found.add((join.source if join is not None else rule.source, ref.key))
    return frozenset(found)


def apart(
    said: Mapping[str, Any], sources: Mapping[str, SourceFile], schools: Schools = frozenset()
) -> tuple[list[tuple[str, str]], list[str]]:
    """The columns of the terms export, as its header writes them, whose cells differ on the two rows
    of the key and that the join does not read, each with the classes' export's column holding its
    first class's cell, one of the two rows' (SystemSchoolID of two schools' calendars both naming S1;
    not a class's title beside a term's): the same name first, another name else (Bldg for Building).
    When the classes' export has none, the differing columns that are no dates or school years (or are
    school columns, `schools`), each with "" (the column the export must carry: a term ID reused for
    another year is the export's fix).
    And the join's columns so written; [] when the files are not at hand."""
    by_file = {source.display: source for source in sources.values()}
    terms, classes = by_file.get(str(said.get("file"))), by_file.get(str(said.get("class_file")))
    if terms is None or classes is None:
        return [], []
    rows, examples = _rows_at(terms, set(said["lines"])), _rows_at(classes, {said.get("at")})
    if len(rows) != 2 or len(examples) != 1:
        return [], []
    key = set(said.get("key") or ())
    read = [terms.header[terms.index[k]] for k in said.get("key") or () if k in terms.index]
    differing = [
        (column, position, {rows[0].get(column) or "", rows[1].get(column) or ""})
        for column, position in terms.index.items()
        if column not in key and rows[0].get(column) != rows[1].get(column)
    ]
    found = [
        (terms.header[position], classes.header[local])
        for column, position, cells in differing
        if (local := _holding(column, cells, classes, examples[0], schools)) is not None
    ]
    if found:
        return found, read
    return [
        (terms.header[position], "")
        for column, position, cells in differing
        if column not in classes.index and "" not in cells and ((terms.source, column) in schools or not _dated(cells))
    ], read


def _holding(column: str, cells: set[str], classes: SourceFile, example: SourceRow, schools: Schools) -> int | None:
    """The position of the classes' export's column whose cell on its class is one of `cells`: the
    column of the same name first, then the classes' school column (`schools`: by its role, schools
    numbered like years too), then one of another name (not for dates: a class's start date beside a
    term's tells no calendar)."""
    if column in classes.index:
        return classes.index[column] if example.get(column) in cells else None
    held = (c for c, _ in classes.index.items() if (classes.source, c) in schools and example.get(c) in cells)
    if (school := next(held, None)) is not None:
        return classes.index[school]
    if _dated(cells):
        return None
    return next((p for c, p in classes.index.items() if example.get(c) and example.get(c) in cells), None)


def _rows_at(source: SourceFile, lines: set[Any]) -> list[SourceRow]:
    return [row for row in iter_rows(source, Report(max_examples=0), first_pass=False) if row.line in lines]
