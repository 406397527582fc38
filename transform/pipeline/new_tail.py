"""A people export cut at a line's end that took only the rows written since the last set (X722).

tails and joined_tails tell a cut by the lines the last published set recorded: a recorded line
gone from the end. A students export in order of its ID lists the people new since the last set
last (a SIS gives each new person the next ID); a cut that takes only those rows leaves every
recorded line where it was, and the people it took are new, so no check of the last set's people
(X882) is of them: students.csv cut by its last 3 lines, 3 students new that day, was published at
exit 0 without them while their roster rows still named them (tester90 T1).

What tells: people tonight's current enrolment or role rows name whose own export has no row at
all (Report.named_users after missing_rows.prepare: rows that would have kept them, V504, D300),
who were not in the last published set, and whose IDs come after the ID of the export's last row,
while every row of the export is in order of that ID (SORTED_AT_LEAST rows or more; numbers as
numbers, else as text). AT_LEAST such people: the export ends where those rows would have come,
and the night is refused (X722, the export's last line, its ID and the people named, the step:
export it again whole); --allow-incomplete publishes it anyway, said (F451, exit 1).

Not a cut, and not said:
- an orphan row the SIS keeps (roster or contact rows of a student withdrawn or purged long ago):
  an old ID, which comes before the export's last row; a contacts row is no clue at all (it keeps
  no student in the set);
- one new person named before the people export lists him (a student pre-registered in the
  schedule the day before his row is written): one, under AT_LEAST;
- a person of the last set: X882's to judge;
- an export in no order of its ID (rows written by school, by name): its last row says nothing of
  where a new person's row would have been.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from transform.pipeline.gate import columns_of
from transform.pipeline.missing_rows import EXAMPLES, lacking, staff_named
from transform.pipeline.no_birth_dates import plain_refs
from transform.pipeline.read import SourceFile, iter_rows
from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 2  # new people named and absent after the export's last row: one may be pre-registered
SORTED_AT_LEAST = 10  # rows in order of the ID for the order to say anything
REFUSED = "; nothing published (--allow-incomplete publishes it anyway)"


@dataclass(frozen=True, slots=True)
class _End:
    """An export in order of its ID column: that column's header, the last row's ID and line, and
    whether the IDs are in order as numbers (else as text)."""

    column: str
    last: str
    line: int
    numeric: bool

    def after(self, user: str) -> bool:
        """Whether `user` comes after the export's last row in its order."""
        if self.numeric:
            return user.isdigit() and int(user) > int(self.last)
        return user.casefold() > self.last.casefold()


def _ids(source: SourceFile, position: int) -> Iterator[tuple[str, int]]:
    for row in iter_rows(source, Report(max_examples=0), first_pass=False):
        if position < len(row.cells) and (value := row.cells[position].strip()):
            yield value, row.line


def _end(source: SourceFile, position: int) -> _End | None:
    """The export's end when every row's ID (the cell at `position`) is in order, as numbers or as text."""
    numeric = text = True
    before, count, last, at = "", 0, "", 0
    for value, line in _ids(source, position):
        if numeric and not value.isdigit():
            numeric = False
        if numeric and before and int(value) < int(before):
            numeric = False
        if text and before and value.casefold() < before.casefold():
            text = False
        if not (numeric or text):
            return None
        before, last, count, at = value, value, count + 1, line
    if count < SORTED_AT_LEAST:
        return None
    return _End(source.header[position], last, at, numeric)


def _id_positions(plan: Plan, sources: Mapping[str, SourceFile]) -> dict[str, int]:
    """The users rules' own exports (as displayed) whose sourcedId is one cell as it is: its position."""
    found: dict[str, int] = {}
    for rule in plan.rules.get("users", ()):
        source = sources.get(rule.source)
        ident = next((c for c in rule.columns if c.name == "sourcedId"), None)
        if rule.guardian is not None or rule.once or source is None or ident is None:
            continue
        refs = plain_refs(ident)
        if len(refs) == 1 and refs[0].key in source.index:
            found.setdefault(source.display, source.index[refs[0].key])
    return found


def check(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    *,
    previous: Path | None,
    allow_incomplete: bool,
) -> None:
    """X722 (or F451 with --allow-incomplete) for each people export in order of its ID after whose
    last row AT_LEAST people new since the last set come whom tonight's current rows name and no
    row of it holds (module docstring). Nothing on a first set (`previous` None: X882, X883's)."""
    if previous is None or not (previous / "users.csv").is_file():
        return
    named = {user: places for user, places in report.named_users.items() if user not in report.ids_in_other_columns}
    if len(named) < AT_LEAST:
        return
    before = {key for (key,) in columns_of(previous / "users.csv", "sourcedId")}
    new = {user: places for user, places in named.items() if user not in before}
    if len(new) < AT_LEAST:
        return
    by_display = {source.display: source for source in sources.values()}
    staff_only = staff_named(plan, sources)
    for file, position in sorted(_id_positions(plan, sources).items()):
        theirs = [
            user
            for user, places in new.items()
            if file in lacking(places, plan, sources, student=not all(p[0] in staff_only for p in places)).split(" or ")
        ]
        if len(theirs) < AT_LEAST or (end := _end(by_display[file], position)) is None:
            continue
        after = sorted((user for user in theirs if end.after(user)), key=lambda u: (len(u), u) if end.numeric else u)
        if len(after) >= AT_LEAST:
            _say(report, file, end, after, new, allowed=allow_incomplete)


def _say(
    report: Report,
    file: str,
    end: _End,
    users: list[str],
    named: Mapping[str, list[tuple[str, int, str, str, str]]],
    *,
    allowed: bool,
) -> None:
    shown = []
    for user in users[:EXAMPLES]:
        places = " and ".join(f"{f}:{n} ({cid})" for f, n, cid, _, _ in named[user][:2])
        shown.append(f"{user}, named by {places}")
    more = len(users) - EXAMPLES
    params = {
        "file": file,
        "line": end.line,
        "column": end.column,
        "last": end.last,
        "count": len(users),
        "people": "person" if len(users) == 1 else "people",
        "examples": "; ".join(shown) + (f"; {more} more" if more > 0 else ""),
    }
    where = Where(file=file, line=end.line)
    refused = codes.code("export-cut-new-rows")
    if not allowed:
        report.add(refused, where, **params)
        return
    cut = refused.render(**params).removesuffix(REFUSED)
    report.add(codes.code("export-cut-allowed"), where, cut=cut, refused=refused.id, file=file)
