"""The safety gate for a column of users.csv blanked overnight: the export lost a column.

Every student's grade was blank one night (students.txt's Grade_Level empty on every row: a
column dropped from the export template while its header stays, or renamed): no record was
removed and none refused, each student was "changed", and the set was published at exit 0
without one message (tester35 F6). Remind groups students by grade and reaches families by
their email and phone: a column emptied across the district takes them from every record.

A column the last published set filled on most of one kind's records (students, parents and
guardians) that tonight's set leaves blank on more than the users' removal limit of the same
records that had a value, or a value of the students' grades the last set gave at least AT_LEAST
of them blank tonight on nearly all (one grade of thirteen: 7.7 % of the column, reviewer112 R3),
is a broken export, as a birth date lost is (X989,
pipeline.demographics_gate): the run is refused (X923); --allow-rollover publishes it, said
(X924). The columns are the optional ones a person is grouped or reached by: a student's
grades, email, phone, sms and preferred language, a parent's email, phone, sms and preferred
language. A column the last set filled on fewer than half of a kind's records (the few
students with a phone) is not judged: its blanks say nothing of the export. The parents are
judged by the `each` group they are read in too (the mother's columns, the father's): with the
mothers' email and the fathers' phone only, the email is on half of the parents, and every
mother's blanked was published at exit 0 (tester74 F6). Staff are not:
a teacher without an email is left out (V506) and counted as removed (X953); nor are classes,
whose optional columns (grades, periods, location) reach nobody.

Read only when enough users changed tonight for the limit to be passed: a value blanked
makes its record changed, and the kinds watched are each a large share of the users.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from transform.pipeline import absent, grades_gate, map_values
from transform.pipeline.compact import IdSet
from transform.pipeline.gate import EXPORT_REFUSED, Change, Night
from transform.pipeline.people_gate import KINDS
from transform.pipeline.read import SourceFile
from transform.pipeline.seen_values import GUARDIANS, kind_name
from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields
from transform.report import codes
from transform.report.column_values import ColumnValues
from transform.report.problem import Where
from transform.report.report import UNMAPPED_NOTED, Report

AT_LEAST = 10  # fewer records blanked in a column are a few people's corrections, not an export
# percent of the records the last set gave a value in a column (a grade) written as the map's default tonight
# from another value, by a value the map sends there by name ('Ungraded': Other) or not, over which the column
# is lost: a promotion night moves one grade of thirteen (seniors '13' or 'Graduated'), a broken sync all of them
MOST = 50
WHOLE = 90  # percent of a value's records (a grade's) written as the map's default tonight: the value is lost
# The watched columns whose values each a group of records shares (a grade): one value lost whole
# (blanked, or written as the map's default) is judged whatever its share of the column (reviewer112 R3).
# Not a language's: ten families' language blanked are ten corrections, judged by the limit (review115 R2).
BY_VALUE = ("grades",)
EXAMPLES = 3
# The columns watched per kind of user, in the order they are said.
WATCHED = {
    "students": ("grades", "email", "phone", "sms", "metadata.preferredLanguage"),
    "parents": ("email", "phone", "sms", "metadata.preferredLanguage"),
}
WHOM = {"students": "students", "parents": "parents and guardians"}
_COLUMNS = tuple(dict.fromkeys(column for columns in WATCHED.values() for column in columns))
_KIND_AT = {kind: at for at, kind in enumerate(WATCHED)}
# Per kind (by its place in WATCHED), the bits of `_COLUMNS` watched for it.
_WATCHED_OF = [sum(1 << _COLUMNS.index(column) for column in columns) for columns in WATCHED.values()]
_WIDTH = len(_COLUMNS)


@dataclass(slots=True)
class Blanked:
    """Per (kind, column): the records in both sets, of the kind in both (`both`), those the last
    set gave a value (`had`), and those of them blank tonight (`lost`), with the first IDs. The
    same per `each` group of the parents (`in_group`: by (kind, group)), whose columns differ."""

    both: Counter[str] = field(default_factory=Counter)
    had: Counter[tuple[str, str]] = field(default_factory=Counter)
    lost: Counter[tuple[str, str]] = field(default_factory=Counter)
    in_group: dict[tuple[str, int], Blanked] = field(default_factory=dict)
    # The records that lost a value, by which (kind, column)s they lost (a bit each, `_bit`):
    # how many, and the first IDs of each.
    records: Counter[int] = field(default_factory=Counter)
    first: dict[int, list[str]] = field(default_factory=dict)
    # Per (kind, column): the records whose value of the last set (one the map holds) is the map's
    # default tonight (`Defaults`), and the first IDs of them.
    defaulted: Counter[tuple[str, str]] = field(default_factory=Counter)
    first_defaulted: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # The same counting those whose value tonight the map sends to the default by name ('Ungraded':
    # Other), and the (kind, column)s `fell` found mostly so (review115 R1).
    fallen: Counter[tuple[str, str]] = field(default_factory=Counter)
    first_fallen: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    mostly: set[tuple[str, str]] = field(default_factory=set)
    # Per (kind, column, value of the last set other than the default): the records in both sets that
    # held it (`held_value`), and those of them written as the default tonight (`fell_value`).
    held_value: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    fell_value: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    # The same of the records blank tonight (`lost_value`), of the columns whose values are kept
    # (those of a map's default and BY_VALUE's), and per (kind, column) judged by them the values
    # lost whole (`blank_whole`, Blanked.over).
    lost_value: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    blank_whole: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    # Per (the last set's grade, tonight's, the school in its promotion season): the students in both
    # sets, and the first IDs of those whose grade is another tonight (pipeline.grades_gate, tester60 N2).
    moved: Counter[tuple[str, str, bool]] = field(default_factory=Counter)
    first_moved: list[str] = field(default_factory=list)

    def examples(self, over: list[Judged]) -> str:
        """The first IDs of the records that lost a value of these (kind, column)s, and how many more."""
        wanted = sum(1 << _bit(kind, column) for kind, column, _ in over)
        ids = sorted(i for mask, first in self.first.items() if mask & wanted for i in first)[:EXAMPLES]
        count = sum(n for mask, n in self.records.items() if mask & wanted)
        return ", ".join(ids) + (f" and {count - len(ids):,} more" if count > len(ids) else "")

    def over(self, limit: float) -> list[Judged]:
        """(kind, column, None) filled on most of the kind's records in both sets, blank tonight on
        more than `limit` percent of those that had a value (and at least AT_LEAST); else, for a
        column filled on half of the kind's records or fewer, (kind, column, group) where so are the
        records of one `each` group: the mothers' email, which the fathers' records (a phone only)
        never had, is filled on half of the parents' (tester74 F6)."""
        found: list[Judged] = []
        for kind, columns in WATCHED.items():
            groups = sorted(group for of, group in self.in_group if of == kind)
            for column in columns:
                if self._passes(kind, column, limit):
                    found.append((kind, column, None))
                elif column in BY_VALUE and (whole := self.whole(kind, column, 1 << 62, self.lost_value)):
                    # one grade of thirteen blanked: 7.7 % of the column, the whole grade (reviewer112 R3)
                    self.blank_whole[kind, column] = whole
                    found.append((kind, column, None))
                elif len(groups) > 1 and self.had[kind, column] * 2 <= self.both[kind]:
                    # only a column most of the kind never had: one the mothers and fathers both fill is
                    # judged over them all, else a few mothers' blanks weighed twice (reviewer91 R3)
                    found += [(kind, column, g) for g in groups if self.in_group[kind, g]._passes(kind, column, limit)]
        return found

    def _passes(self, kind: str, column: str, limit: float, more: int = 0) -> bool:
        lost, had = self.lost[kind, column] + more, self.had[kind, column]
        return lost >= AT_LEAST and had * 2 > self.both[kind] and lost * 100 > limit * had

    def fell(self, limit: float, defaults: Defaults) -> list[Fell]:
        """(kind, column, the values of the last set all written as the default) whose values fell to
        the map's default tonight on so many records that, counted with those blanked, they pass
        X923's rule (the values then ()), or where a value of the last set held by AT_LEAST records or
        more (a whole grade) is written as the default on nearly all of them, whatever its share of
        the column (reviewer109 R1: one grade of 13 is under 10 %): a spreadsheet's dates where the
        grades were (tester56 T1). Not the columns whose blanks alone pass (X923 says those). Only
        as many records count as tonight's export holds values the map lacks (`Defaulted.unmapped`):
        a value the map itself sends to the default ('13': Other) is not one it no longer holds
        (reviewer109 R2). Those count against MOST alone: most of the records the last set held with
        a value other than the default written as the default tonight, by name or not (values ()),
        is a broken sync: every student 'Ungraded' (review115 R1)."""
        found: list[Fell] = []
        for kind, column in sorted(self.fallen):
            most = defaults[column].unmapped() if column in defaults else 0
            count = min(self.defaulted[kind, column], most)
            if self._passes(kind, column, limit):
                continue
            if self._passes(kind, column, limit, count):
                found.append((kind, column, ()))
            elif column in BY_VALUE and (whole := self.whole(kind, column, most)):
                found.append((kind, column, whole))
            elif self._mostly(kind, column, limit):
                self.mostly.add((kind, column))
                found.append((kind, column, ()))
        return found

    def _mostly(self, kind: str, column: str, limit: float) -> bool:
        """More than MOST percent (or `limit`, when higher) of the records the last set gave a value in
        the column are the default tonight from another value, by name or not, and at least AT_LEAST: of
        the whole column, not of the values other than the default (a language map's 'en' default
        holds most of it: ten 'es' written as 'en' are not most of it)."""
        fallen = self.fallen[kind, column]
        return fallen >= AT_LEAST and fallen * 100 > max(limit, MOST) * self.had[kind, column]

    def first_fell(self, kind: str, column: str) -> list[str]:
        """The first IDs of the records fallen to the default, by name too where `fell` judged them so."""
        return (self.first_fallen if (kind, column) in self.mostly else self.first_defaulted)[kind, column]

    def whole(
        self, kind: str, column: str, most: int, fell_value: Counter[tuple[str, str, str]] | None = None
    ) -> tuple[str, ...]:
        """The values of the last set in `column` held by at least AT_LEAST records, at least
        WHOLE percent of which are written as the default tonight (counting at most `most`; or
        blank, `fell_value` the `lost_value`)."""
        fell_value = self.fell_value if fell_value is None else fell_value
        return tuple(
            value
            for (of, name, value), held in sorted(self.held_value.items())
            if (of, name) == (kind, column)
            and (fell := min(fell_value[of, name, value], most)) >= AT_LEAST
            and fell * 100 >= WHOLE * held
        )

    def group(self, kind: str, group: int) -> Blanked:
        return self.in_group.setdefault((kind, group), Blanked())


# A (kind, column) judged over the kind's records (group None) or over one `each` group's.
Judged = tuple[str, str, int | None]
# A (kind, column) whose values fell to the map's default: over the column (values ()) or per value.
Fell = tuple[str, str, tuple[str, ...]]
# A month's name beside a day or year: how a spreadsheet writes a cell it read as a date ('10-Oct' for 10, 'Sep-12').
_SPREADSHEET_DATE = re.compile(
    r"(\d{1,4}[-/ ](jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-/ ]\d{1,4})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Defaulted:
    """A watched column the users rules read through a map that writes its default for a value it
    does not hold (grades: Other): the default, the map, and tonight's values of the export column
    the map did not hold, with their counts ("'10-Oct' (28)"), when the column was counted, and those
    it sends to the default by name (`named`: "'Ungraded' (60)")."""

    default: str
    map: str
    unheld: tuple[tuple[str, int], ...] = ()
    counted: bool = False  # False: the column was not counted (not read, or too many values)
    # The students written as the default tonight for a value the map lacks (Report.unmapped_ids):
    # only they can have lost their value (not a senior whose '13' the map sends there, nor a new
    # student); None: not known (a parent's columns), any record may have.
    noted: AbstractSet[str] | None = None
    named: tuple[tuple[str, int], ...] = ()

    def unmapped(self) -> int:
        """How many of tonight's cells hold a value the map lacks: at most so many records can have
        lost their value to the default (a value the map sends there, '13': Other, was not lost);
        uncounted, any number."""
        return sum(n for _, n in self.unheld) if self.counted else 1 << 62

    def dates(self) -> bool:
        """Most of tonight's values the map lacks are written as a spreadsheet writes a date."""
        dated = sum(n for value, n in self.unheld if _SPREADSHEET_DATE.fullmatch(value))
        return dated * 2 > sum(n for _, n in self.unheld) > 0


# A watched column (grades) -> its map's default, where a users rule's map writes one.
Defaults = dict[str, Defaulted]


def defaults(
    plan: Plan,
    sources: dict[str, SourceFile],
    values: ColumnValues,
    noted: Mapping[str, AbstractSet[str]] | None = None,
) -> Defaults:
    """The watched columns of users.csv a students' or parents' rule reads through a map writing its
    default for what it does not hold (`unmapped: default`, a default that is not blank), with the
    export's values tonight that the map does not hold (counted as the export was read:
    report.column_values, pipeline.map_values), and the students written so (`noted`:
    Report.unmapped_ids, when the run noted them)."""
    found: Defaults = {}
    for rule in plan.rules.get("users", ()):
        kind = _kind(rule)
        for column in rule.columns if kind in WATCHED else ():
            mapping = column.map
            if column.name in WATCHED[kind] and mapping and mapping.unmapped == "default" and mapping.default:
                ids = (
                    noted.get(column.name, frozenset()) if noted is not None and column.name in UNMAPPED_NOTED else None
                )
                found.setdefault(column.name, Defaulted(mapping.default, mapping.name, noted=ids))
    for source in sources.values():
        for key, mapped in map_values.columns(plan).get(source.source, {}).items():
            name = mapped.field.removeprefix("users.")
            if name not in found or key not in source.index or mapped.map.name != found[name].map:
                continue
            held = values.columns.get((source.display, source.header[source.index[key]]))
            if held is None:
                continue  # not read, or too many values to count: any number of records may have lost theirs
            read = map_values.values_read(held, mapped.split).items()
            was = found[name]
            unheld = _by_count((v, n) for v, n in read if v.casefold() not in mapped.map.values)
            named = _by_count((v, n) for v, n in read if mapped.map.values.get(v.casefold()) == was.default)
            found[name] = Defaulted(was.default, was.map, (*was.unheld, *unheld), True, was.noted, (*was.named, *named))
    return found


def _by_count(values: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(values, key=lambda pair: (-pair[1], pair[0]))


def _kind(rule: RulePlan) -> str:
    """The kind of user a users rule writes, as WATCHED names it ('' for staff)."""
    return {"students": "students", GUARDIANS[0]: "parents"}.get(kind_name(rule), "")


def might_pass(users: Change, report: Report, *, limit: float, groups: Mapping[int, IdSet] | None = None) -> bool:
    """Whether tonight's changed users are enough for a watched column to pass the limit: a
    blanked value makes its record changed, and a column judged was filled on most of its
    kind's records (or of one `each` group's, `groups`) in both sets (at least tonight's of the
    kind less every user added)."""
    if users.changed < AT_LEAST:
        return False
    tonight: Counter[str] = Counter()
    for (role, _), count in report.people.items():
        tonight[KINDS.get(role, "")] += count
    sizes = [tonight[kind] for kind in WATCHED]
    if groups:
        apart = [len(ids) for ids in groups.values()]
        sizes += [*apart, tonight["parents"] - sum(apart)]
    return any(users.changed * 200 > limit * (size - users.added) for size in sizes)


def _might_fall(users: Change, defaults: Defaults) -> bool:
    """Whether a whole value's records (a grade's) may have fallen to a map's default tonight, at any
    share of the users: enough changed, and tonight's export holds as many values a map lacks."""
    return users.changed >= AT_LEAST and any(d.unmapped() >= AT_LEAST for d in defaults.values())


def blanked(
    previous: Path,
    staged: Path,
    groups: Mapping[int, IdSet] | None = None,
    defaults: Defaults | None = None,
    season: Callable[[str], bool] | None = None,
) -> Blanked:
    """The watched columns of the users in both sets: the last set's values held as one bit per
    column (filled or not) by ID, tonight's set streamed past them; counted by the masks (which
    columns a record had, which it lost), a few of them, and told per column at the end. A
    parent is counted in the `each` group tonight's run read them in (`groups`; else the first). A
    value of the last set other than its column's map default (`defaults`) that is that default
    tonight is counted apart (`Blanked.defaulted`), and per value (`Blanked.fell_value`): the last
    set's values of those columns are kept as the index of their tuple among the few distinct ones.
    The students are counted by grades and whether their schools are in `season` (grades_gate.Season)."""
    # A dict, not pipeline.compact's hashes: twice as fast, and read only on a night of many changes.
    last: dict[str, int] = {}
    written = {column: d.default for column, d in (defaults or {}).items() if column in _COLUMNS}
    kept = [*written, *(column for column in BY_VALUE if column not in written)]
    values: dict[tuple[str, ...], int] = {}  # the last set's values of the `kept` columns -> their index
    # the students' columns whose records written as the default for a value the map lacks are known
    noted = [(1 << _COLUMNS.index(c), d.noted) for c, d in (defaults or {}).items() if d.noted is not None]
    for sourced_id, role, filled, plain, cells in _masks(previous / "users.csv", written, kept):
        kind = _KIND_AT.get(KINDS.get(role, ""), -1)
        if kind >= 0:
            at = values.setdefault(cells, len(values))
            last.setdefault(sourced_id, (at << _WIDTH | filled & ~plain) << _WIDTH + 2 | filled << 2 | kind)
    apart = sorted((groups or {}).items())
    parents, students = _KIND_AT["parents"], _KIND_AT["students"]
    had: Counter[tuple[int, int, int]] = Counter()  # (kind, group, columns filled last night) -> records in both
    lost: Counter[tuple[int, int, int]] = Counter()  # (kind, group, columns blank tonight of those) -> records
    first: dict[tuple[int, int], list[str]] = {}
    fell: Counter[tuple[int, int, int]] = Counter()  # (kind, value index, a column's bit) -> records fallen
    both: Counter[tuple[int, int]] = Counter()  # (kind, value index) -> records in both sets
    fell_first: dict[tuple[int, int], list[str]] = {}  # (kind, column's bit; -1 - it by name too) -> first IDs
    fell_all: Counter[tuple[int, int, int]] = Counter()  # (kind, 0, a column's bit) -> records fallen, by name too
    by_value = sum(1 << _COLUMNS.index(column) for column in kept)
    blank: Counter[tuple[int, int, int]] = Counter()  # (kind, value index, a column's bit) -> records blanked
    grade_at, by_index = kept.index("grades"), list(values)
    moved = _Moved(grade_at, functools.cache(season) if season else _out_of_season)
    for sourced_id, role, now, plain, cells in _masks(staged / "users.csv", written, [*kept, "orgSourcedIds"]):
        held = last.pop(sourced_id, None)
        if held is None or (kind := _KIND_AT.get(KINDS.get(role, ""), -1)) != held & 3:
            continue
        moved.count(sourced_id, kind, by_index[held >> 2 * _WIDTH + 2], cells)
        group = next((g for g, ids in apart if sourced_id in ids), 0) if kind == parents and apart else 0
        filled = held >> 2 & _WATCHED_OF[kind]
        had[kind, group, filled] += 1
        index = held >> 2 * _WIDTH + 2
        if gone := filled & ~now:
            lost[kind, group, gone] += 1
            _first(first.setdefault((kind, gone), []), sourced_id)
            _count(blank, kind, index, gone & by_value)
        both[kind, index] += 1
        if fallen := held >> _WIDTH + 2 & _WATCHED_OF[kind] & plain:
            for at in _count(fell_all, kind, 0, fallen):  # by name too ('Ungraded': Other)
                _first(fell_first.setdefault((kind, -1 - at), []), sourced_id)
            if kind == students:
                fallen = _unmapped(fallen, sourced_id, noted)
        for at in _count(fell, kind, index, fallen):
            _first(fell_first.setdefault((kind, at), []), sourced_id)
    found = _told(had, lost, first)
    _told_values(found, fell, blank, both, list(values), written, kept)
    for (kind, at), ids in fell_first.items():
        into = found.first_defaulted if at >= 0 else found.first_fallen
        into[list(WATCHED)[kind], _COLUMNS[at if at >= 0 else -1 - at]] = ids
    for (kind, _, at), count in fell_all.items():
        found.fallen[list(WATCHED)[kind], _COLUMNS[at]] = count
    found.moved, found.first_moved = moved.moved, moved.first
    return found


def _out_of_season(_: str) -> bool:
    return False


@dataclass
class _Moved:
    """The students counted by (the last set's grade, tonight's, their schools in `season`), and the
    first IDs of those whose grade is another tonight; `at`: the grade's place among the kept columns,
    whose values tonight are followed by orgSourcedIds."""

    at: int
    season: Callable[[str], bool]
    moved: Counter[tuple[str, str, bool]] = field(default_factory=Counter)
    first: list[str] = field(default_factory=list)

    def count(self, sourced_id: str, kind: int, held: tuple[str, ...], cells: tuple[str, ...]) -> None:
        if kind != _KIND_AT["students"]:
            return
        last, now = held[self.at], cells[self.at]
        self.moved[last, now, self.season(cells[-1])] += 1
        if last and now and now != last:
            _first(self.first, sourced_id)


def _count(counter: Counter[tuple[int, int, int]], kind: int, index: int, mask: int) -> list[int]:
    """Count the record by (kind, value index, column) for each column of `mask`; those columns."""
    found = [at for at in range(_WIDTH) if mask >> at & 1] if mask else []
    for at in found:
        counter[kind, index, at] += 1
    return found


def _unmapped(fallen: int, sourced_id: str, noted: list[tuple[int, AbstractSet[str]]]) -> int:
    """The bits of `fallen` (a student's columns written as the default tonight that held another
    value) of the columns where tonight's export holds a value the map lacks for them, where known:
    a value the map sends to the default ('13': Other) is not lost (reviewer112 R2)."""
    for bit, ids in noted:
        if fallen & bit and sourced_id not in ids:
            fallen &= ~bit
    return fallen


def _told_values(
    found: Blanked,
    fell: Counter[tuple[int, int, int]],
    blank: Counter[tuple[int, int, int]],
    both: Counter[tuple[int, int]],
    values: list[tuple[str, ...]],
    written: Mapping[str, str],
    columns: list[str],
) -> None:
    """The records fallen to the default per (kind, column) and per value of the last set, those
    blanked per value, and the records holding each value of the last set in both sets (values
    of the kept `columns` as `_masks` reads them)."""
    kinds = list(WATCHED)
    for (kind, index), count in both.items():
        for column, value in zip(columns, values[index], strict=True):
            if value and value != written.get(column):
                found.held_value[kinds[kind], column, value] += count
    for (kind, index, at), count in fell.items():
        column = _COLUMNS[at]
        found.defaulted[kinds[kind], column] += count
        found.fell_value[kinds[kind], column, values[index][columns.index(column)]] += count
    for (kind, index, at), count in blank.items():
        column = _COLUMNS[at]
        found.lost_value[kinds[kind], column, values[index][columns.index(column)]] += count


def _first(ids: list[str], sourced_id: str) -> None:
    """Keep the EXAMPLES smallest IDs in `ids`."""
    if len(ids) < EXAMPLES or sourced_id < ids[-1]:
        ids.append(sourced_id)
        ids.sort()
        del ids[EXAMPLES:]


def _masks(
    path: Path, written: Mapping[str, str], kept: list[str]
) -> Iterator[tuple[str, str, int, int, tuple[str, ...]]]:
    """(sourcedId, role, a bit per watched column of `_COLUMNS` holding a value, a bit per column
    holding its map's default, `written`, and the values of the `kept` columns) of each record of a
    written users.csv: its cells are
    cleaned (a blank one is empty), read by position, and the few distinct patterns of filled
    cells turned into bits once each."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if "sourcedId" not in header or "role" not in header:
            return
        present = [(1 << at, header.index(column)) for at, column in enumerate(_COLUMNS) if column in header]
        key = itemgetter(header.index("sourcedId"), header.index("role"))
        cells = itemgetter(*(position for _, position in present), len(header) - 1)  # always a tuple
        bits = [bit for bit, _ in present]
        masks: dict[tuple[bool, ...], int] = {}
        width = len(header)
        # the columns with a map default: (its bit, its position, the default)
        plain = [(1 << _COLUMNS.index(c), header.index(c), d) for c, d in written.items() if c in header]
        # the values of the `kept` columns, in its order ('' for one the header lacks)
        at_written = [header.index(c) if c in header else width for c in kept]
        for row in reader:
            if len(row) != width:
                continue
            filled = tuple(map(bool, cells(row)))
            mask = masks.get(filled)
            if mask is None:
                mask = masks[filled] = sum(bit for bit, held in zip(bits, filled, strict=False) if held)
            sourced_id, role = key(row)
            cells_written = tuple(row[at] if at < width else "" for at in at_written)
            yield sourced_id, role, mask, sum(bit for bit, at, default in plain if row[at] == default), cells_written


def _told(
    had: Counter[tuple[int, int, int]], lost: Counter[tuple[int, int, int]], first: dict[tuple[int, int], list[str]]
) -> Blanked:
    kinds = list(WATCHED)
    found = Blanked()
    for (kind, group, filled), count in had.items():
        for into in (found, found.group(kinds[kind], group)):
            into.both[kinds[kind]] += count
            for at, column in enumerate(_COLUMNS):
                if filled >> at & 1:
                    into.had[kinds[kind], column] += count
    masks: Counter[tuple[int, int]] = Counter()
    for (kind, group, gone), count in lost.items():
        masks[kind, gone] += count
        for at, column in enumerate(_COLUMNS):
            if gone >> at & 1:
                found.lost[kinds[kind], column] += count
                found.group(kinds[kind], group).lost[kinds[kind], column] += count
    for (kind, gone), count in masks.items():
        mask = sum(1 << _bit(kinds[kind], column) for at, column in enumerate(_COLUMNS) if gone >> at & 1)
        found.records[mask] += count
        found.first[mask] = sorted([*found.first.get(mask, []), *first[kind, gone]])[:EXAMPLES]
    return found


def _bit(kind: str, column: str) -> int:
    return _KIND_AT[kind] * len(_COLUMNS) + _COLUMNS.index(column)


def gate_blanked_columns(
    night: Night,
    *,
    users: Change,
    limit: float,
    read_from: dict[tuple[str, str], str] | None = None,
    groups: Mapping[int, IdSet] | None = None,
    defaults: Defaults | None = None,
    season: Callable[[str], bool] | None = None,
    renamed: Mapping[tuple[str, str], Renamed] | None = None,
) -> None:
    """Refuse (X923) a set in which a watched column of users.csv (`WATCHED`) that the last
    published set filled on most of a kind's records is blank on more than `limit` percent of
    the same records that had a value, or of one `each` group's records (`groups`: the parents
    of each group but the first, by group); with --allow-rollover, say it (X924). `read_from`: the
    export column each (kind, column) is read from, as the message names it. A column whose values
    of the last set fell to its map's default tonight (`defaults`), counted with those blanked, is
    judged so too (X836; with --allow-rollover X837); the students' grades changed to other grades
    (pipeline.grades_gate: X856, X857), in the students' schools' promotion `season` or not. `renamed`:
    the columns read from an export column that looks renamed tonight (`Renamed`): X923's step maps it
    before offering --allow-rollover (tester90 T4)."""
    previous, staged, report = night.previous, night.staged, night.report
    allow_rollover, since = night.allow_rollover, night.since
    if not (previous / "users.csv").is_file() or any(c in report.counts for c in EXPORT_REFUSED):
        return
    if not might_pass(users, report, limit=limit, groups=groups) and not _might_fall(users, defaults or {}):
        return
    found = blanked(previous, staged, groups, defaults, season)
    over = found.over(limit)
    if over:
        said = "; ".join(_said(found, judged, read_from or {}) for judged in over)
        params = {"columns": said, "first": found.examples(over)}
        where = Where(file="users.csv", column=over[0][1])
        if allow_rollover:
            report.add(codes.code("columns-blanked-allowed"), where, **params)
        else:
            step = _renamed_step(over, renamed or {})
            params.update({"step": step} if step else {})
            report.add(codes.code("columns-blanked"), where, over=_over(found, over, limit), since=since, **params)
    if fell := found.fell(limit, defaults or {}):
        _say_defaulted(
            found, fell, report, defaults or {}, read_from or {}, limit=limit, allow=allow_rollover, since=since
        )
    default = (defaults or {})["grades"].default if "grades" in (defaults or {}) else ""
    if changed := grades_gate.judge(found.moved, default, limit=limit):
        source = (read_from or {}).get(("students", "grades"), "")
        grades_gate.say(changed, report, source=source, first=found.first_moved, allow=allow_rollover, since=since)


def _renamed_step(over: list[Judged], renamed: Mapping[tuple[str, str], Renamed]) -> str:
    """X923's step when a column it judges is read from an export column absent tonight under a header like
    it (a SIS upgrade renamed homePrimaryLanguage homeLanguage): map the new name, written out as X990 does,
    before --allow-rollover, which would publish the records without it (tester90 T4); "" when none is."""
    keys = [(kind if group is None else _group_key(kind, group), column) for kind, column, group in over]
    said = list(dict.fromkeys(renamed[key] for key in keys if key in renamed))
    if not said:
        return ""
    first = said[0]
    fields_of = ", ".join(dict.fromkeys(key[1] for key in keys if renamed.get(key) == first))
    more = f" ({len(said) - 1} more column{'s' if len(said) > 2 else ''} likewise)" if len(said) > 1 else ""
    return (
        f"{first.file} has no column {first.column!r} tonight (users.csv's {fields_of} is read from it) but has "
        f"{first.close!r}, which looks like it under another name{more}. Correct the name in the SIS export, or "
        f"map the new name in your district profile: {first.aliases()} (docs/profiles.md), and rerun. Only if the "
        "values were really removed in the SIS, rerun with --allow-rollover, which publishes the records without "
        "them."
    )


def _say_defaulted(
    found: Blanked,
    fell: list[Fell],
    report: Report,
    defaults: Defaults,
    read_from: dict[tuple[str, str], str],
    *,
    limit: float,
    allow: bool,
    since: str,
) -> None:
    """X836 (X837 with --allow-rollover) for the columns whose values fell to the map's default."""
    said, causes, over = [], [], []
    for kind, column, whole in fell:
        written = defaults[column]
        if (kind, column) in found.mostly:
            said.append(_said_mostly(found, kind, column, written, read_from.get((kind, column), "")))
            promotion = " (a promotion night moves one grade: the seniors)" if column in BY_VALUE else ""
            over.append(f"more than {max(limit, MOST)}% of those who had one{promotion}")
            continue
        had, blank = found.had[kind, column], found.lost[kind, column]
        count = min(found.defaulted[kind, column], written.unmapped())
        source = read_from.get((kind, column), "")
        tonight = ", ".join(f"{v!r} ({n:,})" for v, n in written.unheld[:EXAMPLES])
        read = f"; {source}" + (f" holds {tonight}, none of them in map {written.map!r}" if tonight else "")
        blanks = f", and blank on {blank:,}" if blank else ""
        share = round((count + blank) * 100 / had, 1)
        said.append(
            f"the {column} of {count:,} of the {had:,} {WHOM[kind]} who had one written as the map's "
            f"default {written.default!r}{blanks} ({share}%{read})"
        )
        over.append(
            _whole(found, kind, column, whole, written.unmapped())
            if whole
            else f"more than the removal limit of {limit}% of those who had one"
        )
        if written.dates():
            causes.append(
                f"{written.unheld[0][0]!r} is how a spreadsheet writes a date: the export was opened and saved in "
                f"a spreadsheet (Excel), which read the {column} as dates; export it again and copy it without "
                "opening it in a spreadsheet"
            )
    mostly = all((kind, column) in found.mostly for kind, column, _ in fell)
    cause = "; ".join(causes) or (
        "one value the map sends to its default, across most of a column in one night, is a broken sync or "
        "export (it wrote that value over the real ones), not so many people changed"
        if mostly
        else "values a map no longer holds across many records in one night are a changed export (a code table "
        "or export template changed), not so many people changed: fix the export, or add its new values to "
        "the map if they are meant"
        if any(defaults[column].unheld for _, column, _ in fell)
        else "values written as the map's default across many records in one night are a changed export, not "
        "so many people changed: fix the export"
    )
    first = ", ".join(sorted(i for kind, column, _ in fell for i in found.first_fell(kind, column))[:EXAMPLES])
    params = {"columns": "; ".join(said), "first": first}
    if mostly and not allow:
        params["step"] = _mostly_step(fell[0], defaults[fell[0][1]], read_from.get(fell[0][:2], ""))
    where = Where(file="users.csv", column=fell[0][1])
    if allow:
        report.add(codes.code("values-defaulted-allowed"), where, **params)
    else:
        report.add(codes.code("values-defaulted"), where, over="; ".join(over), since=since, cause=cause, **params)


def _said_mostly(found: Blanked, kind: str, column: str, written: Defaulted, source: str) -> str:
    """'the grades of 60 of the 60 students who had one last night as 'Other'
    (100.0%; students.csv Grade): tonight they are all 'Ungraded', which map 'grades' sends to 'Other''."""
    fallen, held = found.fallen[kind, column], found.had[kind, column]
    named = ", ".join(f"{v!r} ({n:,})" for v, n in written.named[:EXAMPLES])
    lacked = ", ".join(f"{v!r} ({n:,})" for v, n in written.unheld[:EXAMPLES])
    if len(written.named) == 1 and not written.unheld and fallen == held:
        tonight = (
            f": tonight they are all {written.named[0][0]!r}, which map {written.map!r} sends to {written.default!r}"
        )
    elif named:
        tonight = f": tonight {source or 'the export'} holds {named}, which map {written.map!r} sends to it"
        tonight += f", and {lacked}, which it lacks" if lacked else ""
    else:
        tonight = ""
    read = f"; {source}" if source else ""
    share = round(fallen * 100 / held, 1)
    return (
        f"the {column} of {fallen:,} of the {held:,} {WHOM[kind]} who had one last night as "
        f"{written.default!r} ({share}%{read}){tonight}"
    )


def _mostly_step(fell: Fell, written: Defaulted, source: str) -> str:
    """X836's Next when most of a column fell to the default by a value the map holds (summary.OWN_STEP)."""
    kind, column, _ = fell
    value = repr(written.named[0][0]) if len(written.named) == 1 and not written.unheld else "what it holds"
    return (
        f"look at {source or 'the export'}: if those {WHOM[kind]} really are {value} tonight, rerun once with "
        f"--allow-rollover (later nights compare with that set); else fix the {column} in the SIS or its export "
        "(a sync that wrote one value over them)"
    )


def _over(found: Blanked, over: list[Judged], limit: float) -> str:
    """What the blanked columns passed: X923's limit, or a value lost whole (`Blanked.blank_whole`)."""
    said = [
        _whole(found, kind, column, found.blank_whole[kind, column], 1 << 62, found.lost_value)
        for kind, column, group in over
        if group is None and (kind, column) in found.blank_whole
    ]
    if len(said) < len(over):
        said.insert(0, f"more than the removal limit of {limit}% of those who had one")
    return "; ".join(said)


def _whole(
    found: Blanked,
    kind: str,
    column: str,
    values: tuple[str, ...],
    most: int,
    counts: Counter[tuple[str, str, str]] | None = None,
) -> str:
    """'all or nearly all the records of a value: 10 of the 10 students whose grades was '10'' (of
    those written as the default, or `counts`: blanked)."""
    counts = found.fell_value if counts is None else counts
    said = [
        f"{min(counts[kind, column, v], most):,} of the "
        f"{found.held_value[kind, column, v]:,} {WHOM[kind]} whose {column} was {v!r}"
        for v in values[:EXAMPLES]
    ]
    more = f" and {len(values) - EXAMPLES} more values" if len(values) > EXAMPLES else ""
    return f"all or nearly all the records of a value: {', '.join(said)}{more}"


def _said(found: Blanked, judged: Judged, read_from: dict[tuple[str, str], str]) -> str:
    kind, column, group = judged
    if group is not None:
        found = found.in_group[kind, group]
    source = read_from.get((kind if group is None else _group_key(kind, group), column), "")
    lost, had = found.lost[kind, column], found.had[kind, column]
    read = f"; {source}" if source else ""
    return f"the {column} of {lost:,} of the {had:,} {WHOM[kind]} who had one ({round(lost * 100 / had, 1)}%{read})"


def read_from(plan: Plan, sources: dict[str, SourceFile]) -> dict[tuple[str, str], str]:
    """The export columns each watched (kind, column) is read from, as a message names them
    ("students.txt Grade_Level"): the users rules' of that kind, as the profile writes them; and
    of the parents, each `each` group's apart too (by `_group_key`: "students.txt Mother_Email").
    A column the export lacks tonight under a header it now has that looks like it (`Renamed`): named
    with that header ("students.txt Home_Language, absent tonight: did you mean 'HomeLanguage'?",
    tester90 T4)."""
    found: dict[tuple[str, str], list[str]] = {}
    for key, ref, rule in _reads(plan, sources):
        said = found.setdefault(key, [])
        name = _export_column(ref, rule, sources)
        if not name and (renamed := _renamed(ref, rule, plan, sources)):
            name = f"{renamed.file} {renamed.column}, absent tonight: did you mean {renamed.close!r}?"
        if name and name not in said:
            said.append(name)
    return {key: ", ".join(names[:2]) + (" ..." if len(names) > 2 else "") for key, names in found.items() if names}


@dataclass(frozen=True)
class Renamed:
    """A column a watched field is read from that tonight's export lacks, and the header it has that looks
    like it under another name (pipeline.absent.renamed_to): X923's step maps it (tester90 T4)."""

    source: str  # the profile's source
    file: str  # the export, as a message names it
    column: str  # as the profile writes it
    close: str  # tonight's header

    def aliases(self) -> str:
        return f"sources: {{{self.source}: {{aliases: {{{self.column}: [{self.close}]}}}}}}"


def renamed(plan: Plan, sources: dict[str, SourceFile]) -> dict[tuple[str, str], Renamed]:
    """The watched (kind, column)s read from a column the export lacks tonight that looks renamed (`Renamed`)."""
    found: dict[tuple[str, str], Renamed] = {}
    for key, ref, rule in _reads(plan, sources):
        if key not in found and not _export_column(ref, rule, sources) and (said := _renamed(ref, rule, plan, sources)):
            found[key] = said
    return found


def _reads(plan: Plan, sources: dict[str, SourceFile]) -> Iterator[tuple[tuple[str, str], FieldRef, RulePlan]]:
    """Each watched (kind, column) of the users rules, by `_group_key` too, and each field it reads."""
    for rule in plan.rules.get("users", ()):
        kind = _kind(rule)
        if kind not in WATCHED or rule.source not in sources:
            continue
        read: list[tuple[int | None, ColumnPlan]] = [(None, column) for column in rule.columns]
        read += [(at, column) for at, (_, group) in enumerate(rule.groups) for column in group]
        for group, column in read:
            if column.name not in WATCHED[kind]:
                continue
            for key in (kind, *([] if group is None else [_group_key(kind, group)])):
                for ref in [*fields(column.parts), *column.first_of]:
                    yield (key, column.name), ref, rule


def _group_key(kind: str, group: int) -> str:
    return f"{kind} #{group}"


def _export_column(ref: FieldRef, rule: RulePlan, sources: dict[str, SourceFile]) -> str:
    join = rule.joins.get(ref.alias) if ref.alias is not None else None
    if ref.alias is not None and join is None:
        return ""  # {settings.X}: no export's column
    source = sources.get(join.source if join is not None else rule.source)
    if source is None or ref.key not in source.index:
        return ""  # a column the export lacks gave no value either night
    return f"{source.display} {source.header[source.index[ref.key]]}"


def _renamed(ref: FieldRef, rule: RulePlan, plan: Plan, sources: dict[str, SourceFile]) -> Renamed | None:
    """`Renamed` where the export `ref` reads lacks its column but has a header like it, else None."""
    join = rule.joins.get(ref.alias) if ref.alias is not None else None
    if ref.alias is not None and join is None:
        return None
    name = join.source if join is not None else rule.source
    source = sources.get(name)
    if source is None or not source.header or ref.key in source.index:
        return None
    close = absent.renamed_to(source, plan, ref.key, name)
    return Renamed(name, source.display, ref.column, close) if close else None
