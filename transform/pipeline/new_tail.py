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
judged on the export's last run of rows in order of that ID (SORTED_AT_LEAST rows or more; numbers
as numbers, else as text): an export sorted by school, then ID, lists each school's new people at
the end of its school's rows, the last school's at the file's end (review209 R2). AT_LEAST such
people: the export ends where those rows would have come, and the night is refused (X722, the
export's last line, its ID and the people named, the step); --allow-incomplete publishes it, said
(I256, exit 1).

Not counted (review209 R1: pre-registered students, every night refused):
- a person every row naming whom starts after tonight (Report.named_rows' date texts, a start
  condition's date past the as-of date: a student scheduled ahead, whom an export of active students
  lists from his first day); a cut's new students have started;
- a person none of whose rows has started: rows with no start date (undated enrolments: Clever, SDS,
  OneRoster; role rows), or some undated and some dated ahead (review218 R1), in an export its source
  says lists people from their first day only (sources.NAME.leaves_out_preregistered: an admin's
  lasting word, review213 R3), or whom --allow-incomplete published without on a night before
  (I256; last.json's new_rows_seen, a hash each, kept while he stays absent: the key's own test). X722's
  words offer the key only when a person it counts has not started (review218 R2). Never a person a row of
  whom starts on or before tonight: an active-only export lists him, so his absence is a cut; nor is a
  person remembered whom start dates excused or who was under AT_LEAST (review213 R1, R2: a memory of
  those let a stuck export lose a student a night, and excused a cut of exactly them on their first day);
- an orphan row the SIS keeps (roster or contact rows of a student withdrawn or purged long ago):
  an old ID, which comes before the export's last row; a contacts row is no clue at all;
- one new person (under AT_LEAST);
- a person of the last set: X882's to judge;
- an export whose last rows are in no order of its ID (written by name): its last row says nothing
  of where a new person's row would have been.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from transform.pipeline.compact import hex_hash
from transform.pipeline.conditions import DATE_ORDER
from transform.pipeline.gate import NEW_ROWS_SEEN, columns_of
from transform.pipeline.missing_rows import EXAMPLES, cells, id_cells, lacking, staff_named
from transform.pipeline.read import SourceFile
from transform.pipeline.rows import MULTI_SEP
from transform.profile.compile import Plan, RulePlan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 2  # new people named and absent after the export's last row: one may be pre-registered
SORTED_AT_LEAST = 10  # rows in order of the ID for the order to say anything


def _order(value: str) -> tuple[int, int, str]:
    """An ID's place in an export's order: numbers as numbers (9999 before 10000), before text."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value.casefold())


@dataclass(frozen=True, slots=True)
class _End:
    """An export whose last rows are in order of its ID column: that column's header, the last row's ID
    and line, how many rows the last run in order holds, and the ID a person's must come after: the last
    row's, or the highest of the export's the last set published if higher."""

    column: str
    last: str
    line: int
    run: int
    bound: tuple[int, int, str]

    def after(self, user: str) -> bool:
        """Whether `user` comes after the export's last row in its order, and after every ID of it the last
        set published."""
        return _order(user) > self.bound


def _end(source: SourceFile, position: int, published: set[str]) -> _End | None:
    """The export's end when its last SORTED_AT_LEAST rows or more are in order of the ID at `position`.
    A person counts only after every ID of it the last set published (`published`) too: an export by school,
    then ID, whose last school holds old IDs, is passed by orphan rows of students purged long ago, the
    roster's rows of whom the SIS kept (review225 R1: refused every night); a cut's new people come after both."""
    before: tuple[int, int, str] | None = None
    top: tuple[int, int, str] = (0, 0, "")
    run, last, at = 0, "", 0
    for line, _, value in cells(source, (position,)):
        place = _order(value)
        run = run + 1 if before is None or place >= before else 1
        if value in published:
            top = max(top, place)
        before, last, at = place, value, line
    if run < SORTED_AT_LEAST:
        return None
    return _End(source.header[position], last, at, run, max(top, _order(last)))


def _id_positions(plan: Plan, sources: Mapping[str, SourceFile]) -> dict[str, int]:
    """The users rules' own exports (as displayed) whose sourcedId is one cell as it is: its position."""
    found: dict[str, int] = {}
    for rule, source, positions in id_cells(plan, sources):
        if rule.guardian is None and not rule.once and len(positions) == 1:
            found.setdefault(source.display, positions[0])
    return found


def _seen_key(user: str) -> str:
    return hex_hash(user.encode("utf-8", "surrogatepass"))


def _start_dates(rule: RulePlan | None, texts: tuple[str, ...], plan: Plan) -> list[bool]:
    """A row of `rule` whose date conditions read `texts`: for each start condition's (date_le, date_lt) date
    the row carries, whether it has started (on or before the date it is judged on: tonight, or the first
    day of a term --term chose)."""
    dated = [cond for cond in rule.where if cond.op in DATE_ORDER] if rule is not None else []
    if not dated or len(dated) != len(texts):
        return []
    found = []
    for cond, text in zip(dated, texts, strict=True):
        if cond.op not in ("date_le", "date_lt") or not (text := text.strip()) or MULTI_SEP in text:
            continue
        if (date := plan.parse_condition_date(cond, text)) is not None:
            found.append(DATE_ORDER[cond.op](date, plan.judged_on(cond)))
    return found


@dataclass(frozen=True, slots=True)
class _Dates:
    """What the enrolment rows naming a person say of his first day (Report.named_rows' date texts)."""

    ahead: bool  # every row starts after tonight (scheduled ahead)
    started: bool  # a row carries a start date on or before tonight (or the rows were not kept: unknown)


def _dates(report: Report, plan: Plan, user: str) -> _Dates:
    rules = {rule.label: rule for rule in plan.rules.get("enrollments", ())}
    if report.named_rows_full:  # past NAMED_ROWS_KEPT people: dates unknown, started unless no rule has one
        dated = any(c.op in ("date_le", "date_lt") for rule in rules.values() for c in rule.where)
        return _Dates(ahead=False, started=dated)
    rows = report.named_rows.get(user) or {}
    starts = [_start_dates(rules.get(label), texts, plan) for label, texts in rows]
    ahead = bool(starts) and all(not all(row) for row in starts)  # every row has a start still to come
    started = any(any(row) for row in starts)
    return _Dates(ahead=ahead, started=started)


def _counted(
    report: Report, plan: Plan, after: list[str], source: str, seen: frozenset[str], kept: set[str]
) -> list[tuple[str, _Dates]]:
    """Of `after` (named, absent, after the export's last row), those counted: not scheduled ahead, and
    unless a row of theirs has started, not excused by the source's leaves_out_preregistered nor by `seen`
    (those still so are added to `kept`: remembered on)."""
    spec = plan.sources.get(source)
    leaves_out = spec is not None and spec.leaves_out_preregistered
    counted = []
    for user in after:
        dates = _dates(report, plan, user)
        if dates.ahead:
            continue
        if not dates.started and (leaves_out or (key := _seen_key(user)) in seen):
            if not leaves_out:
                kept.add(key)
            continue
        counted.append((user, dates))
    return counted


def check(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    *,
    previous: Path | None,
    seen: frozenset[str] = frozenset(),
    allow_incomplete: bool,
) -> None:
    """X722 (or I256 with --allow-incomplete) for each people export whose last rows are in order of its
    ID, after whose last row AT_LEAST people new since the last set come whom tonight's current rows
    name and no row of it holds, none of them scheduled ahead, nor not started and `seen` (last.json's hashes:
    published by --allow-incomplete) or in an export its source says leaves them out (`preregistered`)
    (module docstring). Nothing on a first set (`previous` None: X882, X883's)."""
    if previous is None or not (previous / "users.csv").is_file():
        return
    named = {user: places for user, places in report.named_users.items() if user not in report.ids_in_other_columns}
    if not named:
        return
    before = {key for (key,) in columns_of(previous / "users.csv", "sourcedId")}
    new = {user: places for user, places in named.items() if user not in before}
    if not new:
        return
    by_display = {source.display: source for source in sources.values()}
    staff_only = staff_named(plan, sources)
    kept: set[str] = set()
    for file, position in sorted(_id_positions(plan, sources).items()):
        theirs = [
            user
            for user, places in new.items()
            if file in lacking(places, plan, sources, student=not all(p[0] in staff_only for p in places)).split(" or ")
        ]
        if not theirs or (end := _end(by_display[file], position, before)) is None:
            continue
        source = by_display[file].source
        counted = _counted(report, plan, sorted((u for u in theirs if end.after(u)), key=_order), source, seen, kept)
        if len(counted) >= AT_LEAST:
            unstarted = sum(not dates.started for _, dates in counted)
            _say(report, file, source, end, [user for user, _ in counted], new, unstarted, allowed=allow_incomplete)
            if allow_incomplete:  # published without them: those not started are not counted again (I256)
                kept.update(_seen_key(user) for user, dates in counted if not dates.started)
    if kept:  # kept in last.json if the set is published
        report.facts[NEW_ROWS_SEEN] = sorted(kept)


def _say(
    report: Report,
    file: str,
    source: str,
    end: _End,
    users: list[str],
    named: Mapping[str, list[tuple[str, int, str, str, str]]],
    unstarted: int,
    *,
    allowed: bool,
) -> None:
    """X722 or I256 for `users`; the reading of pre-registration and leaves_out_preregistered offered only when
    `unstarted` of them (no enrolment started on or before tonight) are there for it to excuse (review218 R2)."""
    shown = []
    for user in users[:EXAMPLES]:
        places = " and ".join(f"{f}:{n} ({cid})" for f, n, cid, _, _ in named[user][:2])
        shown.append(f"{user}, named by {places}")
    more = len(users) - EXAMPLES
    params = {
        "file": file,
        "source": source,
        "line": end.line,
        "column": end.column,
        "last": end.last,
        "count": len(users),
        "people": "person" if len(users) == 1 else "people",
        "examples": "; ".join(shown) + (f"; {more} more" if more > 0 else ""),
        "unstarted": unstarted,
    }
    params["reading"] = (_allowed_reading if allowed else _reading)(file, source, unstarted)
    where = Where(file=file, line=end.line)
    refused = codes.code("export-cut-new-rows")
    if not allowed:
        report.add(refused, where, **params)
        return
    report.add(codes.code("export-cut-new-rows-allowed"), where, **params)


def _reading(file: str, source: str, unstarted: int) -> str:
    """X722's reading of the people it names: a cut or pre-registration when one has not started, else a cut."""
    if not unstarted:
        return (
            f"each has an enrolment that started on or before tonight, which an export of active people "
            f"lists too: its rows written last were cut at a line's end (a copy or SIS job that stopped); export "
            f"{file} again whole and rerun"
        )
    return (
        f"either its rows written last were cut at a line's end (a copy or SIS job that stopped), or the SIS leaves "
        f"them out of {file} on purpose (students pre-registered, scheduled before their first day, in an export of "
        f"active students only); if cut, export {file} again whole and rerun; if {file} lists people from their "
        f"first day only, say so once in the profile (leaves_out_preregistered: true under sources.{source}) and "
        "rerun: new people none of whose enrolments has started are then not counted"
    )


def _allowed_reading(file: str, source: str, unstarted: int) -> str:
    """I256's: what later nights do with the people published without (remembered only when not started)."""
    if not unstarted:
        return (
            f"each has an enrolment that started on or before tonight, so later nights count them again "
            f"until {file} lists them"
        )
    return (
        f"if they are pre-registered, later nights do not count again those none of whose enrolments has started "
        f"(each is published once {file} lists them), and leaves_out_preregistered: true under sources.{source} "
        "keeps new ones from refusing a night"
    )
