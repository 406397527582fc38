"""An export with one row per enrolment span or per school year: one person's rows under one ID.

An ID on two rows with other data is two people the tool cannot tell apart: neither is kept
(V537). That is right for the SIS's stray error, a row or two. But some exports give one person
a row per enrolment span (Follett Aspen: a transfer's old school's row, with its Withdrawal
Date, beside the new school's, both 'Active', the status being the person's) or per enrolled
year (last year's row, a grade lower). A profile whose conditions do not leave the ended rows
out then lost every such person, with their classes and their parents' links, and a first set
was published at exit 0 (tester69 F1: 36% of one school's students; F1b: 9% of a district).

So the V537s of rows of one export and one name are read again here (their lines only): the
rows whose cells differ in no birth date the profile reads from that export are one person's,
and the columns they differ in are what tells the spans apart. Past AT_LEAST people and SHARE
percent of the students and staff the set would hold, or MANY people, nothing is published (X816), with the
columns that differ: the condition to add reads one of them. Below, V537 stays (two rows of one
ID are the SIS's error to fix), as it does for rows of other names (two people).

Held: the cells of the rows of at most SAMPLE such IDs per export (the columns are judged on
them; the IDs past them are counted as one person's when of one name, as V537 found them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from transform.oneroster.spec import GRADES_CEDS
from transform.profile.compile import Plan, RulePlan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import TransformAbort, Where
from transform.report.report import Report

from .mapping import column_as_read
from .no_birth_dates import COLUMN as BIRTH_DATE
from .no_birth_dates import TABLE as DEMOGRAPHICS
from .no_birth_dates import plain_refs
from .read import SourceFile, iter_rows
from .rows import Indexes, SourceRow
from .rows_unread import FACT as UNREAD
from .seen_values import GUARDIANS

FACT = "span_rows"  # report.facts: export -> what X816 says of it
PARENT_ROLES = GUARDIANS[1]
EARLIER = "span_rows_earlier"  # report.facts: export -> the students kept from an earlier year's row (I252)
# The grades in school order: a row of a lower grade than the student's row left out is an earlier year's.
SCHOOL_ORDER = {grade: n for n, grade in enumerate(GRADES_CEDS[:18])}
AT_LEAST = 3  # a person or two on two rows is the SIS's error (V537 alone), as ids_two_ways counts
SHARE = 1.0  # percent of the students and staff the set would hold
MANY = 25  # people left out that refuse whatever the share: families to call
SAMPLE = 200  # IDs whose rows are read again per export
EXAMPLES = 3
COLUMNS_SAID = 4
Pairs = list[tuple[str, int, int]]  # an ID and the lines of its two rows


def note(plan: Plan, sources: dict[str, SourceFile], found: dict[str, Pairs], report: Report) -> None:
    """For each users rule's export with IDs on two rows of one name left out (`found`: export ->
    the ID and its two lines), which are one person's and in which columns they differ."""
    for rule in plan.rules.get("users", ()):
        source = sources.get(rule.source)
        if rule.guardian is not None or source is None or source.display not in found:
            continue  # a guardians rule's people are decided by the guardian book
        facts = report.facts.setdefault(FACT, {})
        if source.display in facts:
            continue
        births = _birth_positions(plan, rule.source, source)
        said = _one_person(source, found[source.display], births, plan.parse_date)
        if said is not None:
            schools = _per_school(rule, source, said.pop("differ"))
            facts[source.display] = {"rule": rule.label, "per_school": schools, **said}


def _birth_positions(plan: Plan, source_name: str, source: SourceFile) -> frozenset[int]:
    """The positions in the export of the birth date a demographics rule reads from it."""
    found: set[int] = set()
    for rule in plan.rules.get(DEMOGRAPHICS, ()):
        if rule.source != source_name:
            continue
        for column in rule.columns:
            if column.name == BIRTH_DATE:
                found.update(source.index[ref.key] for ref in plain_refs(column) if ref.key in source.index)
    return frozenset(found)


def _one_person(
    source: SourceFile, pairs: Pairs, births: frozenset[int], parse_date: Callable[[str], object]
) -> dict[str, Any] | None:
    """Of the IDs' two rows, the count of those of one person (no birth date differs), the
    columns they differ in, most often first, and the first few IDs with their lines."""
    sample = pairs[:SAMPLE]
    cells = _rows_at(source, {line for _, a, b in sample for line in (a, b)})
    if cells is None:
        return None
    columns: Counter[int] = Counter()
    people: list[tuple[str, int, int, list[int]]] = []
    spans: list[bool] = []  # each person's: a column holding a date differs
    marked: list[frozenset[int]] = []  # each person's: the columns differing that one row leaves blank
    for key, a, b in sample:
        one, other = cells.get(a), cells.get(b)
        if one is None or other is None:
            continue
        differ = _differing(one.cells, other.cells)
        if not differ or births.intersection(differ):
            continue  # another birth date: two people (V537 says so)
        columns.update(differ)
        people.append((key, a, b, differ))
        spans.append(_dated(one.cells, other.cells, differ, parse_date))
        marked.append(frozenset(p for p in differ if (_cell(one.cells, p) == "") != (_cell(other.cells, p) == "")))
    if not people:
        return None
    header = source.header
    ranked = sorted(columns, key=lambda p: (-columns[p], p))[:COLUMNS_SAID]
    named = [header[p] if p < len(header) else f"column {p + 1}" for p in sorted(ranked)]
    examples = [
        f"{key!r} (lines {min(a, b)} and {max(a, b)}: {', '.join(_names(header, differ))})"
        for key, a, b, differ in people[:EXAMPLES]
    ]
    return {
        "count": len(people) + len(pairs) - len(sample),
        "columns": named,
        "examples": examples,
        "line": min(people[0][1], people[0][2]),
        "id": people[0][0],
        "births": bool(births),
        "differ": [
            (differ, dated, blank) for (_, _, _, differ), dated, blank in zip(people, spans, marked, strict=True)
        ],
    }


def _per_school(rule: RulePlan, source: SourceFile, said: list[tuple[list[int], bool, frozenset[int]]]) -> str:
    """Whether every person's two rows are one per school, not per span (reviewer66 F1): a student
    enrolled at two schools at once, or a teacher assigned to two, has a row at each, both current.
    Their rows differ in the school the rule's orgSourcedIds reads, and in no column a condition of
    the rule reads (a status, a withdrawal date), no grade and no date: nothing has ended, and a
    condition telling the rows apart would leave each person out at one of her schools; the rule
    should combine them (combine: {lists: [orgSourcedIds]}), as the bundled profiles do: "school". "either"
    when another column differing is filled on one row only (an exit code the profile does not read, TR on the
    old school's row: a transfer's ended row, reviewer70 F1), where the rows cannot tell a transfer from a dual
    enrolment; a column filled on both (the row's own key, PowerSchool's ID) says nothing. "" for spans."""
    schools = _positions(source, _read_by(rule, "orgSourcedIds"))
    grades = _positions(source, _read_by(rule, "grades"))
    read = _positions(source, [p.key for cond in rule.where for p in fields(cond.parts)])
    if not schools or rule.combine_lists is not None:
        return ""
    if not all(schools & set(differ) and not (read | grades) & set(differ) and not dated for differ, dated, _ in said):
        return ""
    return "either" if any(blank - schools for _, _, blank in said) else "school"


def _dated(one: list[str], other: list[str], differ: list[int], parse_date: Callable[[str], object]) -> bool:
    """Whether a column the rows differ in holds a date on either (an entry or withdrawal date: a span)."""
    return any(parse_date(_cell(one, p)) is not None or parse_date(_cell(other, p)) is not None for p in differ)


def _read_by(rule: RulePlan, name: str) -> list[str]:
    """The export's columns the rule's output column `name` reads: its own, or the key a join reads it
    through (Aspen's orgSourcedIds is school.School ID, joined on the row's School OID)."""
    keys = []
    for column in rule.columns:
        if column.name != name:
            continue
        for part in fields((*column.parts, *column.first_of)):
            join = rule.joins.get(part.alias) if part.alias is not None else None
            keys.extend([part.key] if part.alias is None else [ref.key for ref in join.local] if join else [])
    return keys


def _positions(source: SourceFile, keys: list[str]) -> set[int]:
    return {source.index[key] for key in keys if key in source.index}


def _differing(one: list[str], other: list[str]) -> list[int]:
    return [p for p in range(max(len(one), len(other))) if _cell(one, p) != _cell(other, p)]


def _names(header: tuple[str, ...], positions: list[int]) -> list[str]:
    return [header[p] if p < len(header) else f"column {p + 1}" for p in positions[:COLUMNS_SAID]]


def _cell(cells: list[str], position: int) -> str:
    return cells[position].strip() if position < len(cells) else ""


def _rows_at(source: SourceFile, lines: set[int]) -> dict[int, SourceRow] | None:
    """The export's rows at these lines; None when the file cannot be read again."""
    found: dict[int, SourceRow] = {}
    try:
        for row in iter_rows(source, Report(max_examples=0), first_pass=False):
            if row.line in lines:
                found[row.line] = SourceRow(row.file, row.line, list(row.cells), row.index)
                if len(found) == len(lines):
                    break
    except TransformAbort:
        return None
    return found


def check(report: Report, *, allow_incomplete: bool) -> None:
    """Refuse the set (X816) for each export whose one-person rows left out many people, or kept
    them from an earlier year's row (I252); not an export X881 refuses already (its condition's
    column is absent: the fix is that column)."""
    unread = report.facts.get(UNREAD) or {}
    lost, earlier = report.facts.get(FACT) or {}, report.facts.get(EARLIER) or {}
    for file in sorted(set(lost) | set(earlier)):
        gone, kept = lost.get(file) or {}, earlier.get(file) or {}
        count = int(gone.get("count", 0)) + int(kept.get("count", 0))
        would = _people_not_parents(report) + int(gone.get("count", 0))
        if file in unread or count < AT_LEAST or (count * 100 <= SHARE * would and count < MANY):
            continue
        said = gone or kept
        columns = ", ".join(dict.fromkeys([*gone.get("columns", ()), *kept.get("columns", ())]))
        if allow_incomplete:
            how = (
                "left out (V537)"
                if not kept
                else "kept from an earlier year's row (I252)"
                if not gone
                else "left out or kept from an earlier year's row (V537, I252)"
            )
            layout = {"school": "a row per school", "either": "a row per school or per span"}.get(
                str(gone.get("per_school", "")) if not kept else "", "a row per span or year"
            )
            detail = f"{count} people on two rows of {file} ({layout}: {columns}) {how}"
            report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
            continue
        examples = [*gone.get("examples", ()), *kept.get("examples", ())][:EXAMPLES]
        report.add(
            codes.code("rows-per-span"),
            Where(file, int(gone.get("line", 0)), table="users", record=str(gone.get("id", ""))),
            file=file,
            count=count,
            who="same name and birth date" if said["births"] else "same name",
            columns=columns,
            people=", ".join(examples) + (" ..." if count > len(examples) else ""),
            what=_what(int(gone.get("count", 0)), int(kept.get("count", 0)), would),
            **_fix(str(said["rule"]), columns, per_school=str(gone.get("per_school", "")) if not kept else ""),
        )


def _people_not_parents(report: Report) -> int:
    """The students and staff the set would publish: the share is of the people whose own rows the
    export gives, not of their parents (a district of 400 students and 500 parents lost 8
    transfers at exit 0 when the parents were counted, reviewer of spans51)."""
    return sum(count for (role, _), count in report.people.items() if role not in PARENT_ROLES)


def _fix(rule: str, columns: str, *, per_school: str) -> dict[str, str]:
    """What the export's layout is and what mends it: rows of one person at two schools at once are
    combined (a condition would leave her out at one of them); rows per span or year are told apart;
    rows that cannot tell which get both, for a person to choose."""
    if per_school == "either":
        return {
            "layout": "the export has one row per school or one per enrolment span: the rows differ in the school "
            f"and in {columns}, and no date tells whether one of them has ended",
            "fix": f"if each of them is at both schools at once, add combine: {{lists: [orgSourcedIds]}} to {rule}; "
            f"if one row has ended (a transfer), leave it out with a condition of {rule}'s where on the column that "
            "says so (docs/profiles.md)",
        }
    if per_school == "school":
        return {
            "layout": "the export has one row per school (a student enrolled at two schools at once, a teacher "
            "assigned to two: both rows current, no date or status differs)",
            "fix": f"make {rule} one person with every school: add combine: {{lists: [orgSourcedIds]}} to it "
            "(docs/profiles.md); a condition on the school would leave each of them out at one of her schools",
        }
    return {
        "layout": "the export has one row per enrolment span or per school year",
        "fix": f"leave the ended rows (or last year's) out with a condition of {rule}'s where on a column that "
        f"tells them apart ({columns}; a withdrawal or end date: docs/profiles.md)",
    }


def _what(lost: int, earlier: int, would: int) -> str:
    said = []
    if lost:
        said.append(
            f"the two records of one ID kept neither (V537, not two people): {lost} of the {would} users the set "
            f"would hold ({round(lost * 100 / would, 1)}%) left out, with their classes and their parents' links"
        )
    if earlier:
        said.append(
            f"{earlier} would be published from an earlier year's row while their row of a later grade was left "
            "out as ended (I252)"
        )
    return "; ".join(said)


def note_earlier(
    plan: Plan,
    sources: dict[str, SourceFile],
    indexes: Indexes,
    found: dict[str, list[tuple[int, int]]],
    report: Report,
) -> None:
    """Students published from a row of a lower grade than their row a condition left out as
    ended, at the same school (`found`: export -> the ended row's line and the kept row's): one
    person's rows of two school years, the later one withdrawn, the earlier one kept (tester69
    F1b: published as active with last year's grade). Each is said (I252), and counted for X816."""
    for rule in plan.rules.get("users", ()):
        source = sources.get(rule.source)
        if rule.guardian is not None or source is None or source.display not in found:
            continue
        pairs = found[source.display][:SAMPLE]
        rows = _rows_at(source, {line for pair in pairs for line in pair})
        if rows is None:
            continue
        births = _birth_positions(plan, rule.source, source)
        said: list[str] = []
        columns: Counter[int] = Counter()
        for ended_line, kept_line in pairs:
            ended, kept = rows.get(ended_line), rows.get(kept_line)
            if ended is None or kept is None:
                continue
            grades = _earlier_grade(rule, plan, indexes, ended, kept)
            differ = _differing(ended.cells, kept.cells)
            if grades is None or births.intersection(differ):
                continue
            columns.update(differ)
            key = column_as_read(kept, rule=rule, plan=plan, indexes=indexes, name="sourcedId")
            differing = ", ".join(_names(source.header, differ))
            report.add(
                codes.code("kept-from-earlier-row"),
                Where(source.display, kept_line, table="users", record=key),
                id=key,
                ended_line=ended_line,
                grades=grades,
                columns=differing,
                rule=rule.label,
            )
            said.append(f"{key!r} (lines {kept_line} and {ended_line}: {differing})")
        if said:
            ranked = sorted(columns, key=lambda p: (-columns[p], p))[:COLUMNS_SAID]
            report.facts.setdefault(EARLIER, {})[source.display] = {
                "rule": rule.label,
                "count": len(said),
                "columns": _names(source.header, sorted(ranked)),
                "examples": said[:EXAMPLES],
                "births": bool(births),
            }


def _earlier_grade(rule: RulePlan, plan: Plan, indexes: Indexes, ended: SourceRow, kept: SourceRow) -> str | None:
    """ "'04' here, '05' on the row left out" when the kept row is of a lower grade than the ended
    one and both rows are of one name; None otherwise (a re-entry at the same school is of the
    same grade, a promotion's kept row of a higher one)."""

    def read(row: SourceRow, name: str) -> str:
        return column_as_read(row, rule=rule, plan=plan, indexes=indexes, name=name).strip()

    if any(read(ended, name).casefold() != read(kept, name).casefold() for name in ("givenName", "familyName")):
        return None
    was, now = read(ended, "grades").split(",")[0].strip(), read(kept, "grades").split(",")[0].strip()
    if was not in SCHOOL_ORDER or now not in SCHOOL_ORDER or SCHOOL_ORDER[now] >= SCHOOL_ORDER[was]:
        return None
    return f"{now!r} here, {was!r} on the row left out"
