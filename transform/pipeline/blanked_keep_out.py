"""Keep-out columns that lost their values: the people they left out back with the cell blank.

A condition that leaves the withdrawn out by an end date (SDS v2.1 `roleEndDate`, OneRoster 1.2
roles `endDate`, Infinite Campus `endDate`, Synergy `LEAVE_DATE`, PowerSchool's `DateLeft`), or the
inactive by a status (Aeries' `TG`, `active: {TG} empty`), passes a blank cell (a current person
has no end date, no tag). The column gone is the export's damage (keep_out: X936, keep_out_rows:
X872, absent: X990). The column kept in the header with its values lost (a SIS template edited,
an upgrade) reads as "nobody left": tester63 S2 (roleEndDate blank, the withdrawn student, her
parent and the replaced teacher back at exit 0), tester64 A4 (TG blank, 10 inactive students
back), review127 R5 (9 of 10 end dates lost, one kept).

Any condition reading one column alone that a blank passes and a value can fail is watched. Its
evidence is the people it left out: last.json keeps, per watched column, the stable hashes of the
IDs of the rows it left out (`keep_out_left`; the rule's own ID cells, else the row's other
cells). Tonight, of those still in the export, the ones whose row has the cell blank (now
passing, no row of theirs still left out) came back by the blank. At least AT_LEAST of them and
more than half of those still in the export is the column lost (X877, exit 1), naming the file,
the column, how many it left out last night, how many are back blank, and some of their IDs.
One or two back are a withdrawal reversed or a re-enrolment: published. So is one night's drop
undone (tester68 H1: a registrar's mass drop by mistake, undone the next night), but at exit 1:
last.json keeps too (`keep_out_since`) the night each ID was first left out, those of the last
RECENT_DAYS, and how many rows held a value; every one of those back first left out on the same
night of those days, most of that night's left-out back, nobody left out earlier back, and the
column holding a value on at least half as many rows as last night's others, is published with
X848 (a warning in summary.TO_CHECK: the set goes back to what it was before the drop, and a
person confirms in the SIS that it was a drop undone; the signal cannot tell it from that night's
values lost alone). Anything else is X877: the column blank on every row (were the drop's the
column's only values, the two cannot be told), its other values gone too, people of several
nights back (an honest week's withdrawals, then the column lost on the students' rows or one
school's: review132 R1), or people left out longer ago. Last night's IDs a full sample (KEPT), an
ID above it is dated unknown, never recent (review132 R2). People new
tonight never count, nor those no longer in the export: a new school year's first day, a new
term's roster, a current-only extract whose withdrawn rows were purged, are no evidence
(review127 R1-R4). Nor does an ID the column left out on one row while another row of it passed
(a student who changed school or re-enrolled: an ended row beside a running one, published through
it): she was not left out, and is not recorded among them (KeptOut.left_alone); the new school
year's export holding her one running row, its end date blank, is no column lost (tester90 T2a).
She is recorded as moved instead (`keep_out_moved`: her ID's hash and how many rows she has):
tonight as many rows of hers (or more) and none left out is one back (her closed row's cell blank:
review212 R1, ten movers' closed rows blanked beside two withdrawn students' were published at exit
0); fewer rows (her closed row purged: the new school year) is no evidence. Her ID and row count, not
her row's cells, since the template edit that loses the column's values usually adds a column,
reorders them or changes a date format too (review217 R1). A last.json of a version before that record
held movers among the left out: an ID of it the last set published is read as a mover of two rows
(`last_left_out`; review222 R2: the upgrade night of a new school year was X877 until --allow-incomplete).
--allow-incomplete publishes it once (X918); tonight's left-out IDs (none, if the district
stopped filling the column) are the next night's evidence.

Counted as the export is read the first time (`counted`, the Python engine's reader; `note_loaded`,
the columnar engine's table: report.column_values.keep_out) against last night's IDs
(Report.keep_out_then, loaded before the read); an export no first pass counted is read once more.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from transform.pipeline.compact import stable_hash
from transform.profile.compile import ConditionPlan, Plan, RulePlan
from transform.report import codes
from transform.report.column_values import NAMED, ColumnValues, KeptOut, short_hash
from transform.report.problem import Where
from transform.report.report import Report

from . import absent
from .conditions import passes
from .read import SourceFile, iter_rows
from .rows import SourceRow

KEY = "keep_out_left"  # last.json's record: source -> column key -> [hash of an ID left out]
MOVED = "keep_out_moved"  # source -> column key -> [[hash of an ID left out on a row, passed on another, her rows]]
SINCE = "keep_out_since"  # source -> column key -> {filled: rows holding a value, left_on: {day: [hash]}}
RECENT_DAYS = 7  # left out within a week: a mistaken drop undone by the registrar (tester68 H1)
TABLES = ("users", "enrollments", "classes")
END_OPS = frozenset({"date_ge", "date_gt"})
SHOWN = 3  # IDs named in the message
AT_LEAST = 3  # people back blank: one or two are a withdrawal reversed, a re-enrolment
KEPT = 50_000  # IDs kept per column: the smallest hashes, the same sample every night
MOST_ROWS = 10_000  # a mover's rows recorded: more is no person's (not recorded; in last.json, damage)
CACHED = 10_000  # values whose outcome is remembered per column (a status column holds a few)
# last night's left-out IDs by source and column key, each with her rows if she moved (0: left out)
Then = dict[str, dict[str, dict[int, int]]]


@dataclass
class Since:
    """Of a column, last night: how many rows held a value, and the night each ID recorded was first
    left out (those left out within RECENT_DAYS of it)."""

    filled: int
    on: dict[int, str]


@dataclass
class Watched:
    """An export column keep-out conditions read: the profile's spelling, the conditions ("users
    where current") and the export's ID cells (positions) of a rule making
    records from its rows (empty: the row's other cells are its identity)."""

    source: str
    column: str
    conditions: list[str] = field(default_factory=list)
    judged: list[ConditionPlan] = field(default_factory=list)
    ids: tuple[int, ...] = ()


def watched(plan: Plan, sources: Mapping[str, SourceFile]) -> dict[tuple[str, str], Watched]:
    """(source, column key) -> what reads it, for each column of an export the run has that a
    keep-out condition reads alone, a blank passing it (see the module's words)."""
    found: dict[tuple[str, str], Watched] = {}
    for table in TABLES:
        if table not in plan.target.files or (plan.users_only and table != "users"):
            continue
        for rule in plan.rules.get(table, ()):
            if rule.source not in sources or (rule.unless_source and rule.unless_source in sources):
                continue
            link_where = rule.guardian.link_where if rule.guardian is not None else ()
            for cond in (*rule.where, *link_where):
                read = _end_column(cond, rule, plan, sources)
                if read is None:
                    continue
                key, column = read
                seen = found.setdefault(key, Watched(key[0], column))
                use = f"{table} where {cond.name}"
                if use not in seen.conditions:
                    seen.conditions.append(use)
                seen.judged.append(cond)
                if not seen.ids and key[0] == rule.source:
                    seen.ids = _id_cells(rule, sources[rule.source])
    return found


def _id_cells(rule: RulePlan, export: SourceFile) -> tuple[int, ...]:
    """The positions of the cells the rule's sourcedId is made of, all of the row's own (none: a
    joined cell, a guardian's, no sourcedId column)."""
    column = next((c for c in rule.columns if c.name == "sourcedId"), None)
    if column is None:
        return ()
    refs = [*absent._refs(column.parts), *column.first_of]
    if not refs or any(r.alias is not None or r.key not in export.index for r in refs):
        return ()
    return tuple(dict.fromkeys(export.index[r.key] for r in refs))


def _end_column(
    cond: ConditionPlan, rule: RulePlan, plan: Plan, sources: Mapping[str, SourceFile]
) -> tuple[tuple[str, str], str] | None:
    """((source, column key), the column as the profile spells it) of a condition reading one
    column of an export the run has, a blank passing it and a value able to fail it; None for any
    other condition."""
    if cond.op == "not_empty" or cond.routes or cond.optional or absent._blank_outcome(cond, plan) != "":
        return None
    refs = [r for r in absent._refs(cond.parts) if r.alias != "settings"]
    if len(refs) != 1:
        return None
    source = rule.source if refs[0].alias is None else absent._joined(rule, refs[0].alias)
    export = sources.get(source or "")
    if export is None or not export.header or refs[0].key not in export.index:
        return None  # absent: keep_out, keep_out_rows, absent.check_renamed
    return (export.source, refs[0].key), refs[0].column


class Judge:
    """Whether a filled cell (stripped) of a watched column fails a condition reading it (the row
    left out by it), remembered per value."""

    def __init__(self, seen: Watched, plan: Plan) -> None:
        self.conditions, self.plan = tuple(seen.judged), plan
        self.outcome: dict[str, bool] = {}

    def __call__(self, text: str) -> bool:
        found = self.outcome.get(text)
        if found is None:
            found = any(_fails(cond, text, self.plan) for cond in self.conditions)
            if len(self.outcome) < CACHED:
                self.outcome[text] = found
        return found


def _fails(cond: ConditionPlan, text: str, plan: Plan) -> bool:
    held = passes(cond, text, plan)
    return not (cond.keep_invalid_date if held is None else held)


@dataclass
class Column:
    """A watched column as its export is read: position, the header's spelling, its judge, the ID
    cells, and last night's left-out IDs (each with her rows if she moved, else 0)."""

    position: int
    name: str
    judge: Callable[[str], bool]
    ids: tuple[int, ...]
    then: dict[int, int]

    def _own(self, cells: list[str]) -> list[str]:
        """The cells a row is told by (hashed; a few shown as its ID): its ID cells, else every cell
        but the column's, stripped."""
        if self.ids:
            return [cells[i].strip() if i < len(cells) else "" for i in self.ids]
        rest = [c.strip() for c in cells]
        if self.position < len(rest):
            del rest[self.position]
        return rest

    def count(self, cells: list[str], kept: KeptOut) -> None:
        """A row counted: whether the column leaves it out, and, of those last night's left out,
        whether it is still in the export and its cell blank. Only a row the column leaves out, or
        one of a column that left someone out last night, is hashed stably; a row it passes gets the
        process's own hash of its ID (`KeptOut.passed`: an ID left out by one row and passed by
        another was published, not left out), and the ID shown made only for an example (every
        line of the export comes here: a 2,000-student district's cc.txt, three columns, 48,000
        calls)."""
        text = cells[self.position].strip() if self.position < len(cells) else ""
        fails = False
        if text:
            kept.filled += 1
            fails = self.judge(text)
        own = self._own(cells)
        joined = "\x1f".join(own)
        if not fails:
            kept.passed.append(short_hash(joined))  # the process's own hash: cheap, compared tonight only
            if not self.then:
                return
        h = stable_hash(joined)
        if fails:
            kept.left.add(h)
            kept.left_as.append(short_hash(joined))
            kept.left_stable.append(h)
        rows = self.then.get(h)
        if rows is None:
            return
        if rows:  # moved last night: her rows counted
            kept.moved_rows[h] += 1
            if not text:
                kept.moved_blank.add(h)
                if len(kept.moved_named) < NAMED:
                    kept.moved_named.setdefault(h, "-".join(own) if self.ids else ",".join(c for c in own[:3] if c))
            return
        kept.still.add(h)
        if not text:
            kept.blank.add(h)
            if len(kept.examples) < SHOWN:
                kept.examples.append("-".join(own) if self.ids else ",".join(c for c in own[:3] if c))


@dataclass
class Tally:
    """An export's watched columns, counted as it is read, with their column keys."""

    export: SourceFile
    columns: list[Column]
    keys: list[str] = field(default_factory=list)


def tallies(plan: Plan | None, sources: Mapping[str, SourceFile], then: Then) -> dict[str, Tally]:
    """By source, the watched columns to count on the export's first pass."""
    found: dict[str, Tally] = {}
    if plan is None:
        return found
    for (source, key), seen in sorted(watched(plan, sources).items()):
        export = sources[source]
        position = export.index[key]
        last = then.get(source, {}).get(key, {})
        tally = found.setdefault(source, Tally(export, []))
        tally.columns.append(Column(position, export.header[position], Judge(seen, plan), seen.ids, last))
        tally.keys.append(key)
    return found


def counted(rows: Iterator[SourceRow], tally: Tally, values: ColumnValues) -> Iterator[SourceRow]:
    """The rows, the watched columns' left-out IDs and last night's back blank counted on the way;
    recorded only once every row was read (a pass stopped early records nothing: the check reads
    it again)."""
    kept = [KeptOut() for _ in tally.columns]
    counts = [(column.count, into) for column, into in zip(tally.columns, kept, strict=True)]
    for row in rows:
        cells = row.cells
        for count, into in counts:
            count(cells, into)
        yield row
    _record(tally, kept, values)


def _record(tally: Tally, kept: list[KeptOut], values: ColumnValues) -> None:
    for column, into in zip(tally.columns, kept, strict=True):
        values.keep_out.setdefault((tally.export.display, column.name), KeptOut()).merge(into)


def note_loaded(tally: Tally, table: str, values: ColumnValues, con: Any) -> None:
    """`counted` for an export the columnar engine loaded as `table` (columns c0..): rows fetched
    only when a cell fails a condition, or last night left someone out by one of the columns."""
    kept = [KeptOut() for _ in tally.columns]
    fails = False
    for column in tally.columns:
        held = con.execute(f"SELECT DISTINCT trim(c{column.position}) FROM {table}").fetchall()
        fails = fails or any(v and column.judge(str(v)) for (v,) in held)
    if fails or any(column.then for column in tally.columns):
        cells = ", ".join(f"c{i}" for i in range(len(tally.export.header)))
        for row in con.execute(f"SELECT {cells} FROM {table}").fetchall():
            text = ["" if c is None else str(c) for c in row]
            for column, into in zip(tally.columns, kept, strict=True):
                column.count(text, into)
    _record(tally, kept, values)


def tonight(
    sources: Mapping[str, SourceFile], values: ColumnValues, plan: Plan, then: Then
) -> dict[str, dict[str, KeptOut]]:
    """By source and column key: what the first pass counted; an export it did not count read once
    more."""
    counts: dict[str, dict[str, KeptOut]] = {}
    for source, tally in tallies(plan, sources, then).items():
        display, held = tally.export.display, values
        if any((display, column.name) not in held.keep_out for column in tally.columns):
            held = ColumnValues()
            for _ in counted(iter_rows(tally.export, Report(max_examples=0), first_pass=False), tally, held):
                pass
        counts[source] = {
            key: held.keep_out[display, column.name] for key, column in zip(tally.keys, tally.columns, strict=True)
        }
    return counts


def damage(state: Mapping[str, Any]) -> str:
    """Why last.json's `keep_out_left` or `keep_out_since` cannot be read; '' when they can, or are not
    there. Read past (a string, a source or column 'x', the hashes as strings), last night's left-out
    were taken as none and X877 was off: the withdrawn back at exit 0 the night their keep-out column
    was blanked (reviewer150 R1). Checked by the gate (gate.read_state: X930)."""
    for key, reads in ((KEY, _left_reads), (MOVED, _moved_reads), (SINCE, _since_reads)):
        recorded = state.get(key, {})
        if not isinstance(recorded, dict):
            return f"{key!r} is a JSON {type(recorded).__name__}, not a table of exports and columns"
        for source, keys in recorded.items():
            if not isinstance(keys, dict):
                return f"{key!r} gives export {source!r} {json.dumps(keys)[:80]}, not a table of columns"
            for column, held in keys.items():
                if not reads(held) or (key == MOVED and not _moved_apart(held, state.get(KEY), source, column)):
                    said = json.dumps(held)[:80]
                    return f"{key!r} gives column {column!r} of export {source!r} {said}, not as this tool writes it"
    return ""


def _hashes(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(h, int) and not isinstance(h, bool) for h in value)


def _left_reads(held: object) -> bool:
    """A column's `keep_out_left`: the hashes of the IDs it left out."""
    return _hashes(held)


def _moved_reads(held: object) -> bool:
    """A column's `keep_out_moved`: [hash of the ID, her rows] of each mover, in the order of the hashes,
    each once; her rows at least two (one left out, one passed) and at most MOST_ROWS. A count no mover
    has (0, 1, a billion) read past made her never back, or back on any row (review222 R1)."""
    return (
        isinstance(held, list)
        and all(
            isinstance(pair, list) and len(pair) == 2 and _hashes(pair) and 2 <= pair[1] <= MOST_ROWS for pair in held
        )
        and all(a[0] < b[0] for a, b in itertools.pairwise(held))
    )


def _moved_apart(held: list[list[int]], left: object, source: str, column: str) -> bool:
    """No mover of a column also among the IDs it left out (`KeptOut.left_alone`: one or the other)."""
    keys = left.get(source) if isinstance(left, dict) else None
    ids = keys.get(column) if isinstance(keys, dict) else None
    return not isinstance(ids, list) or not {pair[0] for pair in held} & set(ids)


def _since_reads(held: object) -> bool:
    """A column's `keep_out_since`: {filled: rows holding a value, left_on: {day: [hash]}}."""
    if not isinstance(held, dict) or type(held.get("filled")) is not int:
        return False
    days = held.get("left_on")
    return isinstance(days, dict) and all(isinstance(day, str) and _hashes(ids) for day, ids in days.items())


def last_left_out(state: Mapping[str, Any], published: Callable[[], Iterable[str]] = tuple) -> Then:
    """last.json's `keep_out_left` (each ID with 0) and `keep_out_moved` (each with her rows); {} when
    not recorded; one not of its shape stops the night at the gate first: `damage`. A last.json of a
    version before the movers' record (`keep_out_left` without `keep_out_moved`) recorded a mover (a row
    left out, another passed) among those left out: an ID of it the last set published (`published`: its
    users' sourcedIds, read only then) is taken as a mover of two rows (her fewest), so that her closed
    row purged (the new school year, an active-only extract) is no evidence, and both rows still there
    with the cell blank are one back. An upgrade night so was X877 every night until --allow-incomplete,
    the refused night keeping the old record (review222 R2)."""
    found: Then = {}
    for key in (KEY, MOVED):
        recorded = state.get(key)
        for source, keys in (recorded if isinstance(recorded, dict) else {}).items():
            for k, ids in (keys if isinstance(keys, dict) else {}).items():
                held = found.setdefault(str(source), {}).setdefault(str(k), {})
                for entry in ids if isinstance(ids, list) else ():
                    if key == KEY and isinstance(entry, int):
                        held.setdefault(entry, 0)
                    elif key == MOVED and isinstance(entry, list) and len(entry) == 2:
                        held[entry[0]] = entry[1]
    if found and MOVED not in state:
        ids = {stable_hash(sid) for sid in published() if sid}
        for held in (held for keys in found.values() for held in keys.values()):
            for h in held.keys() & ids:
                held[h] = 2
    return found


def last_since(state: Mapping[str, Any]) -> dict[str, dict[str, Since]]:
    """last.json's `keep_out_since` ({} when not recorded or not of its shape)."""
    recorded = state.get(SINCE)
    found: dict[str, dict[str, Since]] = {}
    for source, keys in (recorded if isinstance(recorded, dict) else {}).items():
        for key, held in (keys if isinstance(keys, dict) else {}).items():
            days = held.get("left_on") if isinstance(held, dict) else None
            if not isinstance(days, dict) or not isinstance(filled := held.get("filled"), int):
                continue
            on = {h: str(day) for day, ids in days.items() if isinstance(ids, list) for h in ids if isinstance(h, int)}
            found.setdefault(str(source), {})[str(key)] = Since(filled, on)
    return found


def _dated(left: list[int], recorded: Mapping[int, int] | None, before: Since | None, today: dt.date) -> dict[str, Any]:
    """A column's `keep_out_since` record: of tonight's left-out IDs, those first left out within
    RECENT_DAYS by that night (tonight: not left out last night; none when last night recorded no
    left-out IDs of the column), and how many rows hold a value tonight (set by the caller). Last
    night's IDs a full sample (KEPT, the smallest hashes): an ID above its largest may have been
    left out then unsampled, its night unknown (''), never recent (review132 R2)."""
    if recorded is None:
        return {"left_on": {}}
    oldest, on = (today - dt.timedelta(days=RECENT_DAYS)).isoformat(), before.on if before else {}
    cutoff = max(recorded) if len(recorded) >= KEPT else None
    days: dict[str, list[int]] = {}
    for h in left:
        if h in recorded:
            day = on.get(h, "")
        elif cutoff is not None and h > cutoff:
            day = ""  # perhaps left out last night, outside its sample
        else:
            day = today.isoformat()
        if day >= oldest:
            days.setdefault(day, []).append(h)
    return {"left_on": days}


def _burst(back: set[int], filled: int, before: Since | None, today: dt.date) -> tuple[str, int] | None:
    """(the night, how many it left out) when those back blank are one night's drop undone: every
    one first left out on the same night within RECENT_DAYS (none left out earlier back), most of
    that night's left-out back, the column still holding values tonight on at least half as many
    rows as it held last night on rows other than theirs. None otherwise: the column blank on every
    row, the dates not recorded (last.json older, or the night before it the first), people of
    several nights back (an honest week's withdrawals, then the column lost: review132 R1)."""
    if before is None or filled == 0 or 2 * filled < before.filled - len(back):
        return None
    nights = {before.on.get(h, "") for h in back}
    oldest = (today - dt.timedelta(days=RECENT_DAYS)).isoformat()
    if len(nights) != 1 or (night := nights.pop()) < oldest:
        return None
    that_night = sum(day == night for day in before.on.values())
    return (night, that_night) if 2 * len(back) > that_night else None


def check(
    plan: Plan,
    sources: Mapping[str, SourceFile],
    report: Report,
    *,
    state: Mapping[str, Any],
    allow_incomplete: bool,
    published: Callable[[], Iterable[str]] = tuple,
) -> dict[str, dict[str, list[int]]]:
    """X877 (the module's words); returns what last.json is to record of the columns tonight (and
    sets report.keep_out_since: when they were first left out, how many rows held a value).
    `published`: the last set's users' sourcedIds (`last_left_out`)."""
    watch = watched(plan, sources)
    if not watch:
        return {}
    then, since = last_left_out(state, published), last_since(state)
    counts = tonight(sources, report.column_values, plan, then)
    record: dict[str, dict[str, list[int]]] = {}
    for source, keys in counts.items():
        for key, kept in keys.items():
            movers = kept.movers()
            record.setdefault(source, {})[key] = left = sorted(kept.left_alone(movers))[:KEPT]
            moved = sorted((h, rows) for h, rows in movers.items() if rows <= MOST_ROWS)[:KEPT]
            report.keep_out_moved.setdefault(source, {})[key] = [[h, rows] for h, rows in moved]
            before, recorded = since.get(source, {}).get(key), then.get(source, {}).get(key)
            dated = _dated(sorted({*left, *(h for h, _ in moved)}), recorded, before, plan.as_of)
            report.keep_out_since.setdefault(source, {})[key] = dated | {"filled": kept.filled}
    as_of = str(state.get("as_of") or str(state.get("published_at") or "")[:10])
    for (source, key), seen in sorted(watch.items()):
        last = then.get(source, {}).get(key, {})
        kept = counts[source][key]
        still, back, examples = _back(kept, last)
        if len(back) < AT_LEAST or 2 * len(back) <= len(still):
            continue
        burst = _burst(back, kept.filled, since.get(source, {}).get(key), plan.as_of)
        export = sources[source]
        where = Where(file=export.display, line=export.header_line, column=seen.column)
        if burst is None:
            sizes = (len(last), len(still), len(back))
            moving = (sum(rows > 0 for rows in last.values()), sum(last.get(h, 0) > 0 for h in back))
            _refuse(report, seen, where, as_of, (sizes, moving), examples, allow_incomplete=allow_incomplete)
        else:
            _say_cleared(report, seen, where, (len(back), *burst), examples)
    return record


def _back(kept: KeptOut, last: Mapping[int, int]) -> tuple[set[int], set[int], list[str]]:
    """Of those last night left out, the ones still in tonight's export and the ones back (with a few
    of their IDs as written): one left out, her row there with the cell blank and none of hers left
    out; one moved, as many rows of hers as last night (or more), a cell blank, none left out (fewer:
    her closed row purged, no evidence either way)."""
    plain = {h for h, rows in last.items() if not rows}
    still, back = kept.still & plain, (kept.blank & plain) - kept.left
    examples = list(kept.examples)
    for h, rows in last.items():
        if rows and kept.moved_rows[h] >= rows:
            still.add(h)
            if h in kept.moved_blank and h not in kept.left:
                back.add(h)
                if len(examples) < SHOWN and h in kept.moved_named:
                    examples.append(kept.moved_named[h])
    return still, back, examples


def _refuse(
    report: Report,
    seen: Watched,
    where: Where,
    as_of: str,
    counts: tuple[tuple[int, int, int], tuple[int, int]],
    examples: list[str],
    *,
    allow_incomplete: bool,
) -> None:
    """X877, or X918 with --allow-incomplete. `counts`: (last night's recorded, still in the export,
    back blank), and (of those recorded, the movers; of those back, the movers)."""
    sizes, _ = counts
    if allow_incomplete:
        detail = f"{seen.column!r} of {where.file} blank for {sizes[2]} of the {sizes[0]} it left out"
        report.add(codes.code("incomplete-allowed"), where, detail=detail)
    else:
        _say(report, seen, where, as_of, counts, examples)


def _say_cleared(report: Report, seen: Watched, where: Where, sizes: tuple[int, str, int], examples: list[str]) -> None:
    """X848: those back blank all first left out on one recent night, most of that night's, the
    column's other values kept (perhaps a mistaken drop undone): published, a person confirms it."""
    back, night, that_night = sizes
    more = f"; {back - len(examples)} more" if back > len(examples) else ""
    report.add(
        codes.code("keep-out-values-cleared"),
        where,
        column=seen.column,
        file=where.file,
        back=back,
        night=night,
        left=that_night,
        readers=", ".join(seen.conditions),
        examples=", ".join(examples) + more,
    )


def _say(
    report: Report,
    seen: Watched,
    where: Where,
    as_of: str,
    counts: tuple[tuple[int, int, int], tuple[int, int]],
    examples: list[str],
) -> None:
    (last, still, back), (movers, moved_back) = counts
    more = f"; {back - len(examples)} more" if back > len(examples) else ""
    report.add(
        codes.code("keep-out-column-blanked"),
        where,
        column=seen.column,
        file=where.file,
        what=_what(seen),
        as_of=as_of,
        readers=", ".join(seen.conditions),
        read="reads" if len(seen.conditions) == 1 else "read",
        left=f"{last:,}",
        records="record" if last == 1 else "records",
        still=f"{still:,}",
        back=back,
        examples=", ".join(examples) + more,
        whom=_whom(back, moved_back),
        moved=f" ({movers:,} of them ended rows of people it published by another row)" if movers else "",
    )


def _whom(back: int, moved: int) -> str:
    """Who X877 says are back blank: the people the column left out last night, and those of them
    whose ended row it left out beside a row of theirs it published (a school changed, a re-enrolment:
    not left out, review222 R3)."""
    if not moved:
        return "of the people it left out last night"
    if moved == back:
        return "people whose ended row it left out last night beside a row of theirs it published"
    return (
        f"people: {back - moved} it left out last night, and {moved} whose ended row it left out beside a row "
        "of theirs it published"
    )


def _what(seen: Watched) -> str:
    """Whom the column leaves out: "people whose end date has passed", "rows that fail it
    (inactive student)"."""
    said = ["people whose end date has passed"] if any(c.op in END_OPS for c in seen.judged) else []
    if others := [c for c in seen.judged if c.op not in END_OPS]:
        named = [w for c in others if (w := absent.keeps_out(c))]
        said.append("rows that fail it" + (f" ({', '.join(dict.fromkeys(named))})" if named else ""))
    return " or ".join(said)
