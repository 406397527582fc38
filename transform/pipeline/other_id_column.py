"""The safety gate for references that name people by another ID series of their own export.

A Gradelink-shaped sections export named the teacher of every fifth class by her Employee Number
(E4014), where the staff rule keys on Teacher ID (T002): 10 of 45 classes were published with no
teacher at exit 0, their teachers' enrolments said as follow-ons of a user left out (V504, "nothing
to do"), and on a later night after a good first set those classes lost their teacher with nothing
on stderr (tester67 F2). E4014 is no user left out: no row of any export gives it as an ID. It is
in the staff export all the same, in another column of a row whose own ID is kept.

So, of the users tonight's current rows name whose own export has no row for them
(Report.named_users, after missing_rows.prepare: not a withdrawn teacher, whose row is there), each
is looked for in every cell of the exports the users rules read. Found in another column of a
row, the reference writes that row's person by an ID series the profile does not key on: the
export (or the profile) mixes two series, a mismatch no stray row makes. AT_LEAST such IDs in one
column refuse the set (X811), naming the row, the column and the ID the rule keys on; one alone
may be a coincidence of numbers (a room number), and stays the class's problem (V586). A
substitute whose ID is in no row at all, a teacher who left (her row kept, inactive: V504) and a
class with a second teacher are not found so, and are judged as before.

A column counts as another series only when its values are one per row and fewer than half of them
are IDs the rule keys on: a Room column numbered like the teachers (101..132) matched two departed
teachers' IDs by chance, and X811 refused a first set with a fix nobody could follow (reviewer65
F1). Nor is a user the last published set held by that very ID: her row is gone tonight (X882).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path

from transform.pipeline.gate import records_of
from transform.pipeline.mapping import row_ids
from transform.pipeline.missing_rows import lacking, staff_named
from transform.pipeline.read import SourceFile, iter_rows
from transform.profile.compile import Plan, RulePlan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 2  # IDs of one column of the people export: one alone may be a number that happens to match
EXAMPLES = 3
SEARCHED_AT_MOST = 5_000  # named users looked for: past it, the export is missing rows (X882 says so)


def note(report: Report, plan: Plan, sources: Mapping[str, SourceFile]) -> None:
    """While the exports can still be read: where a cell of the users rules' exports holds a user
    current rows name and no row gives as its ID (Report.ids_in_other_columns)."""
    # Named by an enrolment: a parent a student's list names (V575) is no record of a series.
    enrolled = (user for user, places in report.named_users.items() if any(p[3] == "enrollments" for p in places))
    wanted = set(itertools.islice(enrolled, SEARCHED_AT_MOST))
    if not wanted:
        return
    done: set[str] = set()
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source)
        if export is None or rule.guardian is not None or rule.once or rule.source in done:
            continue
        done.add(rule.source)
        found_here = _find(report, plan, rule, export, wanted)
        for user in _not_a_series(plan, rule, export, found_here):
            del report.ids_in_other_columns[user]
    _say_unlisted_staff(report, plan, sources, wanted)


def _find(report: Report, plan: Plan, rule: RulePlan, export: SourceFile, wanted: set[str]) -> dict[str, int]:
    """Each wanted user found in a cell of `export` not the row's own ID: user -> the column's position."""
    quiet = Report(max_examples=0)
    naming = _naming_others(rule, export)
    seen: dict[str, int] = {}
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        cells = [cell.strip() for cell in row.cells]
        found = [(i, cell) for i, cell in enumerate(cells) if cell in wanted and i not in naming]
        if not found:
            continue
        keys = row_ids(row, rule=rule, plan=plan, indexes={}, quiet=quiet)
        key = keys[0] if keys else ""
        keyed = export.header[cells.index(key)] if key in cells and cells.index(key) < len(export.header) else ""
        for position, user in found:
            if user in keys:  # the row's own ID, left out for a join's row missing (roles.csv's user)
                continue
            column = export.header[position] if position < len(export.header) else f"column {position + 1}"
            if user not in report.ids_in_other_columns:
                report.ids_in_other_columns[user] = (export.display, column, row.line, key, keyed)
                seen[user] = position
    return seen


def _not_a_series(plan: Plan, rule: RulePlan, export: SourceFile, found: dict[str, int]) -> list[str]:
    """Of `found`, those whose column is no second ID series of the export's people: its values
    repeat from row to row, or half or more of them are IDs the rule keys on (a Room column whose
    numbers 101..132 are the teachers' own IDs 101..132: two departed teachers' IDs were two
    colleagues' rooms, reviewer65 F1). An Employee Number is one per person and of its own series."""
    if not found:
        return []
    quiet = Report(max_examples=0)
    keys: set[str] = set()
    values: dict[int, set[str]] = {position: set() for position in found.values()}
    repeated: set[int] = set()
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        keys.update(row_ids(row, rule=rule, plan=plan, indexes={}, quiet=quiet)[:1])
        for position, held in values.items():
            value = row.cells[position].strip() if position < len(row.cells) else ""
            if value in held:
                repeated.add(position)
            elif value:
                held.add(value)
    failing = {
        position for position, held in values.items() if position in repeated or 2 * len(held & keys) >= len(held)
    }
    return [user for user, position in found.items() if position in failing]


def _say_unlisted_staff(report: Report, plan: Plan, sources: Mapping[str, SourceFile], wanted: set[str]) -> None:
    """V617 per export naming staff IDs no row of the staff export has in any column (a substitute
    entered in the sections only, an ID mistyped): a broken reference, not a staff member left out,
    which V504's follow-on said with 'nothing to do' (tester67 F2)."""
    staff = staff_named(plan, sources)
    by_file: dict[tuple[str, str], list[str]] = {}
    for user in sorted(wanted - report.ids_in_other_columns.keys()):
        places = report.named_users.get(user, [])
        if places and all(place[0] in staff for place in places):
            lacking_file = lacking(places, plan, sources, student=False)
            by_file.setdefault((places[0][0], lacking_file), []).append(user)
    for (file, lacking_file), users in sorted(by_file.items()):
        report.staff_in_no_row.update(dict.fromkeys(users, (file, lacking_file)))
        first = report.named_users[users[0]][0]
        shown = [f"{user!r} at line {report.named_users[user][0][1]}" for user in users[:EXAMPLES]]
        more = len(users) - EXAMPLES
        report.add(
            codes.code("staff-reference-in-no-row"),
            Where(file=first[0], line=first[1], table="enrollments", record=users[0]),
            file=file,
            count=len(users),
            ids="ID" if len(users) == 1 else "IDs",
            staff=lacking_file,
            examples=", ".join(shown) + (f", {more} more" if more > 0 else ""),
        )


def _naming_others(rule: RulePlan, export: SourceFile) -> frozenset[int]:
    """The positions of the columns the rule reads into a reference to other records (a parent's
    agentSourcedIds listing her children, a school): a student named there is her parent's child,
    not the parent under another ID."""
    read = (
        part.key
        for column in rule.columns
        if column.name != "sourcedId" and column.name.endswith(("SourcedId", "SourcedIds"))
        for part in fields((*column.parts, *column.first_of))
        if part.alias is None
    )
    return frozenset(export.index[key] for key in read if key in export.index)


def check(report: Report, *, allow_incomplete: bool, previous: Path | None = None) -> None:
    """X811 (or X918 with --allow-incomplete) for a column of a people export holding AT_LEAST
    users current rows name by an ID no row gives. A user the last set (`previous`) published by
    that very ID is a person whose row is gone tonight, whatever a colleague's cell holds: X882's,
    and left to it (reviewer65 F1)."""
    if previous is not None and report.ids_in_other_columns:
        published = {key for _, key in records_of(previous / "users.csv") if key in report.ids_in_other_columns}
        for user in published:
            del report.ids_in_other_columns[user]
    by_column: dict[tuple[str, str], list[str]] = {}
    for user, (file, column, _, _, _) in sorted(report.ids_in_other_columns.items()):
        by_column.setdefault((file, column), []).append(user)
    for (file, column), users in sorted(by_column.items()):
        if len(users) < AT_LEAST:
            continue
        named = [place for user in users for place in report.named_users.get(user, ())[:1]]
        first = named[0] if named else ("", 0, "", "", "")
        where = Where(file=first[0], line=first[1], table=first[3] or "users", record=users[0])
        values = _values(report, file, column, users)
        if allow_incomplete:
            detail = f"{len(users)} people named by their {column} of {file}, which no users rule keys on"
            report.add(codes.code("incomplete-allowed"), where, detail=detail)
            continue
        report.add(codes.code("ids-of-another-column"), where, **values)


def _values(report: Report, file: str, column: str, users: list[str]) -> dict[str, object]:
    shown = []
    keyed = ""
    for user in users[:EXAMPLES]:
        _, _, line, key, keyed_by = report.ids_in_other_columns[user]
        keyed = keyed or keyed_by
        places = report.named_users.get(user, ())
        by = f", named by {places[0][0]}:{places[0][1]}" if places else ""
        shown.append(f"{user!r} is the {column} of {file}:{line}, whose ID is {key!r}{by}")
    more = len(users) - EXAMPLES
    referring = sorted({place[0] for user in users for place in report.named_users.get(user, ())})
    return {
        "file": file,
        "column": column,
        "count": len(users),
        "keyed": keyed or "another column",
        "examples": "; ".join(shown) + (f"; {more} more" if more > 0 else ""),
        "referring": " and ".join(referring) or "tonight's other exports",
    }
