"""Small in-memory tables for joins: key -> the few columns some rule reads through it."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, NamedTuple

from transform.cleaners.dates import DateParser, school_year_end
from transform.cleaners.school_year import SchoolYear
from transform.profile.compile import ANY_YEAR, DEFAULT_YEAR_LONG_DAYS, SCHOOL_YEAR_PART, PickPlan
from transform.profile.templates import first_cell
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .compact import CompactMap
from .filters import LONGEST_TERM_DAYS
from .rows import ZEROS_TRIED, Index, SourceRow


def build_index(
    rows: Iterable[SourceRow],
    *,
    source: str,
    key: tuple[str, ...],
    columns: tuple[str, ...],
    report: Report,
    repeats: bool = False,
    optional: bool = False,
    pick: PickPlan | None = None,
    as_of: dt.date | None = None,
    parse_date: DateParser | None = None,
    years_unnamed: bool = False,
    one_term: OneTerm | None = None,
) -> Index:
    """Hold only the key and the needed columns of each row. A key on several rows with the
    same needed values joins as one (D314); with different ones it joins nothing (D327): taking
    the first would put a student in another's classes, or a class in the wrong term, and which
    is first depends on the export's order. A join that reads nothing but its key (is there a
    teachers row for this staff ID?) finds the same on every row of a key: not reported; nor is
    a key repeated with the same values in a source that repeats keys by design (`repeats`:
    every join on it says `repeats: same`, a student listed once per enrolment). `optional`:
    every join on it is `required: false`, so a key that joins nothing leaves no row out.

    `pick` (the join's `pick:`): rows of a key that differ are told apart by their dates, one
    term code per school year: the key joins the row containing `as_of`, else the next to start,
    else the last to end (I275); only when their dates cannot decide, nothing (D327). With
    `pick.by_year` the key's last part is the row's school year, from its first day; the picks of
    the copies of a key that rows naming no year join (ANY_YEAR) are said only when no row can name
    one (`years_unnamed`: the export the year is read from lacks its column)."""
    index = Index(source, key, columns)
    conflicting: dict[Any, int] = {}  # key -> the line of the first row that differs from the first
    differing: dict[Any, tuple[str, ...]] = {}  # key -> the columns that row differs in
    key_only = set(columns) <= set(key)
    dated = _Dated(pick, as_of, parse_date) if pick is not None and as_of is not None and parse_date else None
    # The ANY_YEAR copies of a key by year (_keyed) join only rows naming no year: not reported.
    by_year, unheard = key[-1] == SCHOOL_YEAR_PART, Report(max_examples=0)
    # Each key's rows, for the rows of a key that differ to be settled (`one_term`): a terms export is small.
    rows_of: dict[Any, list[SourceRow]] = {}
    kept = _keeper(rows_of, one_term)
    seen_dated = dated.add if dated is not None else _undated
    deferred = dated is not None or one_term is not None  # rows that differ said once all are read

    def told(held: Any) -> Report:
        return unheard if by_year and held[-1] == ANY_YEAR and not years_unnamed else report

    for row, row_key in _keyed(rows, key, dated, told=(source, report)):
        held = row_key[0] if index.single_key else row_key
        value = row.get(columns[0]) if index.single_column else tuple(row.get(c) for c in columns)
        kept(held, row)
        if held in index.rows:
            if key_only:
                continue
            same = index.rows[held] == value
            if not same:
                conflicting.setdefault(held, row.line)
                index.conflict_values.setdefault(held, [index.rows[held]]).append(value)
                differing.setdefault(held, _differing(columns, index.rows[held], value, index.single_column))
                seen_dated(held, row, value)
                if deferred:
                    continue  # reported once the rows of the key are all read (_pick, _settle)
            elif repeats:
                continue
            told(held).add(
                codes.code("join-key-duplicate" if same else "join-key-conflict"),
                Where(file=row.file, line=row.line),
                source=source,
                key="+".join(row_key),
                first_line=index.lines[held],
                effect=_conflict_effect(optional=optional, repeats=repeats),
            )
            continue
        index.rows[held] = value
        index.lines[held] = row.line
        index.file = index.file or row.file
        seen_dated(held, row, value)
    for held, other in conflicting.items():
        if not _one_row(index, held, (dated, one_term, rows_of.get(held, [])), source, told(held), optional):
            del index.rows[held]
            index.conflicts[held] = (index.lines[held], other)
    _note_narrow(index, differing, key=key, source=source, report=report)
    _note_lost(index, report)
    index.at = CompactMap(len(index.rows))
    for held in index.rows:
        index.at.setdefault_hash(_key_hash(held), index.lines[held])
    index.lines.clear()  # only needed while building; the rows and their lines (`at`) stay
    return index


def _undated(held: Any, row: SourceRow, value: Any) -> None:
    """A join without `pick` keeps no dates of its rows."""


def _keeper(rows_of: dict[Any, list[SourceRow]], one_term: OneTerm | None) -> Callable[[Any, SourceRow], None]:
    """What keeps each key's rows in `rows_of` for `_settle`: nothing for a join without `one_term`."""

    def keep(held: Any, row: SourceRow) -> None:
        rows_of.setdefault(held, []).append(row)

    def nothing(held: Any, row: SourceRow) -> None:
        pass

    return nothing if one_term is None else keep


NARROW_AT_LEAST = 2  # keys, every one on several rows that differ: a join keyed too narrowly
NARROW_JOINS = "joins_too_narrow"  # report.facts: source -> its key and the columns its rows differ in


def _note_narrow(
    index: Index, differing: dict[Any, tuple[str, ...]], *, key: tuple[str, ...], source: str, report: Report
) -> None:
    """Every key on several rows that differ: the join, not the export, is wrong (tester57 F11:
    terms joined on Term alone, each term name once per school year); said by the refusal."""
    if len(index.conflicts) >= NARROW_AT_LEAST and not index.rows:
        apart = sorted({c for held in index.conflicts for c in differing.get(held, ()) if c not in key})
        report.facts.setdefault(NARROW_JOINS, {})[source] = {"key": "+".join(key), "apart": ", ".join(apart)}


def _differing(columns: tuple[str, ...], first: Any, other: Any, single: bool) -> tuple[str, ...]:
    """The columns two rows of one key hold different values in."""
    if single:
        return columns[:1]
    return tuple(c for c, a, b in zip(columns, first, other, strict=False) if a != b)


def _note_lost(index: Index, report: Report) -> None:
    """The cells of the index's file's rows lost whole (I205), each with the first such line."""
    for (file, line), cells in sorted(report.left_out.lost_cells.items()):
        if file == index.file:
            for cell in cells:
                if cell:
                    index.lost.setdefault(cell, line)


def lost_row(index: Index, key: tuple[str, ...]) -> int | None:
    """The line of a row lost whole (I205) that holds every part of the key, if one does."""
    lines = {index.lost.get(part) for part in key}
    return lines.pop() if len(lines) == 1 and None not in lines else None


def place_of(index: Index, key: tuple[str, ...]) -> tuple[str, int] | None:
    """The file and line of the row a key joins (`build_index`); None for a key it joins none."""
    if index.at is None or not all(key):
        return None
    held = key[0] if index.single_key else key
    line = index.at.get_hash(_key_hash(held)) if held in index.rows else None
    return (index.file, line) if line is not None else None


def _key_hash(held: Any) -> int:
    return hash(held) or 1


def school_year_named(text: str, *, starts: bool = False) -> str:
    """A row's school year as a key `pick: {year}` holds it, 2026-2027: from 2026-2027, 2026-27,
    2026/27 (read as the year cleaner reads them: `school_year_end`), or a lone year, the one the
    school year ends in (OneRoster's schoolYear, eSchoolPLUS SCHOOL_YEAR 2027 for 2026-27), or
    with `starts` (`lone_year: start`) the one it starts in (Synergy SCHOOL_YEAR 2026 for 2026-27).
    Other text is kept as it is, and joins no row."""
    text = text.strip()
    lone = text.isdigit() and len(text) == 4
    ending = (str(int(text) + 1) if starts else text) if lone else school_year_end(text)
    return f"{int(ending) - 1}-{ending}" if ending else text


def _keyed(
    rows: Iterable[SourceRow], key: tuple[str, ...], dated: _Dated | None, *, told: tuple[str, Report] | None = None
) -> Iterator[tuple[SourceRow, tuple[str, ...]]]:
    """Each row with its key, rows with a blank part left out. A key with the school year
    (`pick: {year}`) is given twice: with the row's year, and with ANY_YEAR, which a row naming
    no year of its own joins (its dates pick among all years' rows). Of a join that picks by
    dates, a row longer than any school year is left out, said (`told`: the source and report)."""
    by_year = dated is not None and key[-1] == SCHOOL_YEAR_PART
    if dated is not None:  # a terms export: small, read whole for its year-long rows (`_Dated.anchor`)
        rows = dated.screened(rows, key[:-1] if by_year else key, told)
    if by_year:
        assert dated is not None
        dated.anchor(rows, key[:-2])
    for row in rows:
        row_key = tuple(row.get(k).strip() for k in (key[:-1] if by_year else key))
        if not all(row_key):
            continue
        if by_year:
            assert dated is not None
            if year := dated.year(row, row_key[:-1]):
                yield row, (*row_key, year)
            yield row, (*row_key, ANY_YEAR)
        else:
            yield row, row_key


# I249's words: a row over a year beside another of its key (False), or alone under its key (True).
_OVER_A_YEAR = {
    False: "a date mistyped, beside another row of its key: it is left out of the join's pick and read as no "
    "school's year; fix its dates in the SIS",
    True: "the only row of its key (a program over several years, or a date mistyped): its classes join it, but "
    "it is read as no school's year; if its dates are mistyped, fix them in the SIS",
}


class _DatedRow(NamedTuple):
    file: str
    line: int
    start: dt.date | None
    end: dt.date | None
    value: Any
    written: str  # its dates as the export writes them, for the report
    cells: tuple[str, str]  # its start and end cells, stripped


class _Dated:
    """The rows of each key with their dates, for a join that picks among them by date."""

    def __init__(self, pick: PickPlan, as_of: dt.date, parse_date: DateParser) -> None:
        self.pick, self.as_of, self.parse_date = pick, as_of, parse_date
        self.rows: dict[Any, list[_DatedRow]] = {}  # key -> its rows, while any differ
        # The year-long rows by the key's parts before the term code (the school): (first, last day).
        self.years_long: dict[tuple[str, ...], list[tuple[dt.date, dt.date]]] = {}

    def _span(self, row: SourceRow) -> tuple[dt.date | None, dt.date | None]:
        return self.parse_date(row.get(self.pick.start)), self.parse_date(row.get(self.pick.end))

    def screened(
        self, rows: Iterable[SourceRow], key: tuple[str, ...], told: tuple[str, Report] | None
    ) -> list[SourceRow]:
        """The rows, less those whose dates run longer than any school year (LONGEST_TERM_DAYS), each
        said (I249): a date mistyped (next year's third marking period written 01/04/2027 to
        03/11/2028). Kept, such a row was read as its school's year-long row and took this year's
        periods into next year (their sections joined no row: refused as lost classes, X906, in
        words that named no row), or was picked as the running term of this year's classes.
        A row alone under its key (a program's row over several school years on purpose, no other
        row for the pick to take it instead of) is kept in the join, only never read as its
        school's year (`anchor`), and said without exit 1 (`why` 'alone'): said to look at every
        night, a deliberate row would exit 1 for years."""
        rows = list(rows)
        of_key = Counter(tuple(row.get(k).strip() for k in key) for row in rows)
        kept: list[SourceRow] = []
        for row in rows:
            start, end = self._span(row)
            if start is None or end is None or (end - start).days <= LONGEST_TERM_DAYS:
                kept.append(row)
                continue
            row_key = tuple(row.get(k).strip() for k in key)
            alone = of_key[row_key] == 1
            if alone:
                kept.append(row)
            if told is not None:
                source, report = told
                report.add(
                    codes.code("term-row-over-a-year"),
                    Where(file=row.file, line=row.line, column=self.pick.end),
                    source=source,
                    key="+".join(row_key),
                    dates=f"{row.get(self.pick.start).strip()} to {row.get(self.pick.end).strip()}",
                    days=(end - start).days,
                    why="alone" if alone else "left-out",
                    what=_OVER_A_YEAR[alone],
                )
        return kept

    def anchor(self, rows: Iterable[SourceRow], school: tuple[str, ...]) -> None:
        """Note each school's year-long rows (`school`: the key's parts before the term code)."""
        for row in rows:
            start, end = self._span(row)
            if (
                start is not None
                and end is not None
                and DEFAULT_YEAR_LONG_DAYS <= (end - start).days <= LONGEST_TERM_DAYS
            ):
                self.years_long.setdefault(tuple(row.get(k).strip() for k in school), []).append((start, end))

    def year(self, row: SourceRow, school: tuple[str, ...] = ()) -> str:
        """The school year of the row, written as a row naming it writes it (2026-2027): of a
        year-long row, the school year most of it falls in; of another, that of the year-long row of
        its school holding its first day; else the school year of its first day. A year-round school
        whose year starts in late June (tester73 F5, reviewer92 R4) has that year's rows named by the
        year they run in, not by the June days before 1 July; a summer session after a school's year
        (no year-long row holds it) keeps the year of its first day (reviewer92 R3)."""
        start, end = self._span(row)
        if start is None:
            return ""
        if end is not None and (end - start).days >= DEFAULT_YEAR_LONG_DAYS:
            holder: tuple[dt.date, dt.date] | None = (start, end)
        else:
            holding = [span for span in self.years_long.get(school, []) if span[0] <= start <= span[1]]
            holder = max(holding) if holding else None
        day = holder[0] + (holder[1] - holder[0]) / 2 if holder is not None else start
        ending = self.pick.years.of(day)
        return f"{ending - 1}-{ending}"

    def add(self, held: Any, row: SourceRow, value: Any) -> None:
        start, end = row.get(self.pick.start).strip(), row.get(self.pick.end).strip()
        parsed = self.parse_date(start), self.parse_date(end)
        dated = _DatedRow(row.file, row.line, *parsed, value, f"{start} to {end}", (start, end))
        self.rows.setdefault(held, []).append(dated)

    def choose(self, held: Any) -> tuple[_DatedRow | None, str]:
        """The row of the key whose dates contain the as-of date, else the next to start, else
        the last to end, and why; None when a date is unreadable or two rows tie."""
        as_of, spans = self.as_of, []
        for row in self.rows[held]:
            if row.start is None or row.end is None:
                return None, ""
            spans.append((row.start, row.end, row))
        running = [row for start, end, row in spans if start <= as_of <= end]
        later = sorted((start, row.line, row) for start, _, row in spans if start > as_of)
        ended = sorted(((end, -row.line, row) for _, end, row in spans if end < as_of), reverse=True)
        on = as_of.isoformat()
        if running:
            return (running[0], f"whose dates contain the as-of date {on}") if len(running) == 1 else (None, "")
        # Between the end of one school's year and 1 July, its sections are still that year's: the
        # row of the as-of date's school year, ended, not next year's (tester43 F3: the night a
        # school's year ended, its classes looked not started and their removal unexplained).
        years = self.pick.years
        year = years.of(as_of)
        this_year = [row for start, _, row in spans if years.of(start) == year]
        if len(this_year) == 1 and this_year[0].end is not None and this_year[0].end < as_of:
            return this_year[0], f"the one of the as-of date's school year {year - 1}-{year}, ended by {on}"
        for found, why in ((later, f"the next to start after {on}"), (ended, f"the last to end by {on}")):
            if found:
                return (found[0][2], why) if len(found) == 1 or found[0][0] != found[1][0] else (None, "")
        return None, ""


def _pick(index: Index, held: Any, dated: _Dated, *, source: str, report: Report, optional: bool) -> bool:
    """Put the row of the key its dates pick into the index (I275); False, with D327 for each
    row that differs, when they cannot pick one (a date unreadable, two that tie)."""
    rows = dated.rows[held]
    taken, why = dated.choose(held)
    key = "+".join((held,) if index.single_key else held)
    if taken is None:
        for row in rows[1:]:
            report.add(
                codes.code("join-key-conflict"),
                Where(file=row.file, line=row.line),
                source=source,
                key=key,
                first_line=rows[0].line,
                effect=_conflict_effect(optional=optional, repeats=False)
                + "; their dates do not pick one (pick: a date unreadable, or two rows alike)",
            )
        return False
    index.rows[held] = taken.value
    index.lines[held] = taken.line
    _note_later_year(index, held, taken, rows, dated.pick.years)
    report.add(
        codes.code("join-key-picked"),
        Where(file=taken.file, line=taken.line),
        source=source,
        key=key,
        dates=taken.written,
        why=why,
        others=", ".join(f"line {row.line} ({row.written})" for row in rows if row is not taken),
    )
    return True


def _note_later_year(index: Index, held: Any, taken: _DatedRow, rows: list[_DatedRow], years: SchoolYear) -> None:
    """A row taken over a row of the key of an earlier school year (next year's YR over this
    year's): the classes joined to it are checked against their enrolments' first days once
    those are known (run.Run: a sections export still holding last year's, X929). A row taken
    over a row of a later school year (this year's over next year's, in spring): the classes
    joined to it are checked for twins of another year (next_year, X894)."""
    assert taken.start is not None
    year = years.of(taken.start)
    parts = (held,) if index.single_key else tuple(held)
    earlier = [row for row in rows if row.start is not None and years.of(row.start) < year]
    if earlier:
        last = max(earlier, key=lambda row: (row.start, row.line))
        assert last.start is not None
        written = f"{last.file} line {last.line} ({last.written})"
        index.later_picks.setdefault(taken.cells, []).append((parts, written, last.start))
    later = [row for row in rows if row.start is not None and years.of(row.start) > year]
    if later:
        first = min(later, key=lambda row: (row.start, row.line))
        index.earlier_picks.setdefault(taken.cells, []).append(
            (parts, f"{first.file} line {first.line} ({first.written})")
        )


def _one_row(
    index: Index,
    held: Any,
    how: tuple[_Dated | None, OneTerm | None, list[SourceRow]],
    source: str,
    report: Report,
    optional: bool,
) -> bool:
    """Whether the rows of a key that differ still give it one row, put into the index: settled
    as one term (`_settle`, D351) or picked by their dates (`_pick`, I275). False, with D327 for
    the rows that differ when the join said nothing of them while reading, when they do not."""
    dated, one_term, rows = how
    if one_term is not None and _settle(index, held, rows, one_term, source=source, report=report):
        index.conflict_values.pop(held, None)
        return True
    if dated is not None and _pick(index, held, dated, source=source, report=report, optional=optional):
        index.conflict_values.pop(held, None)
        return True
    if dated is None and one_term is not None:
        _say_conflicts(index, held, rows, source=source, report=report, optional=optional)
    return False


class OneTerm(NamedTuple):
    """How the rows of a term key that differ may still name one term: one of them alone is a
    row of the set (`left_out`: why a row is none, a OneRoster session `tobedeleted` or inactive:
    "status 'tobedeleted'", "" for a row of the set), or the rows of the set are dated alike (one
    term under two titles). `start` and `end` are the columns of its dates (of a `{A|B}`, its
    alternatives: the first not blank is the date)."""

    left_out: Callable[[SourceRow], str]
    start: tuple[str, ...]
    end: tuple[str, ...]
    parse_date: DateParser

    def dates(self, row: SourceRow) -> tuple[str, str]:
        """The row's start and end as written."""
        return first_cell(row.get(key) for key in self.start), first_cell(row.get(key) for key in self.end)


def _settle(index: Index, held: Any, rows: list[SourceRow], one_term: OneTerm, *, source: str, report: Report) -> bool:
    """Put the row of a term key that the set's rows name alike into the index (D351): the only
    row of the set among them (the others a deletion notice, a row the sessions rule leaves
    out), or of rows of the set dated alike the lower in text order; False when they are other terms."""
    gone = {row.line: why for row in rows if (why := one_term.left_out(row))}
    kept = [row for row in rows if row.line not in gone]
    dates = {tuple(one_term.parse_date(cell) for cell in one_term.dates(row)) for row in kept}
    if not kept or (len(kept) > 1 and (len(dates) != 1 or None in next(iter(dates)))):
        return False
    # The lower in text order, as the sessions written keep it (V508), so the rows' order never decides.
    taken = min(kept, key=lambda row: (_value_of(index, row), row.line))
    value = _value_of(index, taken)
    index.rows[held], index.lines[held] = value, taken.line
    others = [row for row in rows if row is not taken]
    why = "; ".join(
        f"line {row.line} is no row of the set ({gone[row.line]})"
        if row.line in gone
        else f"line {row.line} has the same dates ({_dates_written(row, one_term)})"
        for row in others
    )
    report.add(
        codes.code("term-id-doubled-settled"),
        Where(file=taken.file, line=taken.line),
        source=source,
        key="+".join((held,) if index.single_key else held),
        line=taken.line,
        others=", ".join(str(row.line) for row in others),
        why=why,
    )
    return True


def _dates_written(row: SourceRow, one_term: OneTerm) -> str:
    start, end = one_term.dates(row)
    return f"{start.strip()} to {end.strip()}"


def _value_of(index: Index, row: SourceRow) -> Any:
    return row.get(index.columns[0]) if index.single_column else tuple(row.get(c) for c in index.columns)


def _say_conflicts(
    index: Index, held: Any, rows: list[SourceRow], *, source: str, report: Report, optional: bool
) -> None:
    """D327 for each row of a key that differs from its first, once the rows are all read."""
    first, columns = rows[0], index.columns
    for row in rows[1:]:
        if all(row.get(c) == first.get(c) for c in columns):
            continue
        report.add(
            codes.code("join-key-conflict"),
            Where(file=row.file, line=row.line),
            source=source,
            key="+".join((held,) if index.single_key else held),
            first_line=first.line,
            effect=_conflict_effect(optional=optional, repeats=False),
        )


def _conflict_effect(*, optional: bool, repeats: bool) -> str:
    """What a key on rows that differ does (D327), as the joins on it are written."""
    if optional:
        kept = "the rows joining on it are kept, without the values this export would give them"
    else:
        kept = "each row joining on it is left out as D300"
    rule = (
        "rows of a key repeated by design must agree (repeats: same)"
        if repeats
        else "the export must give one row per key"
    )
    return f"{kept}: {rule}"


def written_twin(index: Index, key: tuple[str, ...]) -> tuple[tuple[str, ...], str] | None:
    """The index's key that equals `key` but for the leading zeros or the letter case of its
    parts ('0300' for '300': a spreadsheet or a SIS lost them on one side; 'F' for 'f'), and how
    they differ ("leading zeros", "letter case", or both), or None. Joins stay exact: a miss with
    a twin is an export that writes its keys two ways (D386), not a row naming nothing (D300)."""
    if index.loose is None:
        index.loose = {}
        for held in index.rows:
            parts = (held,) if index.single_key else held
            index.loose.setdefault(_loose(parts), parts)
    twin: tuple[str, ...] | None = index.loose.get(_loose(key))
    if twin is None or twin == key:
        return None
    zeros = tuple(p.casefold() for p in twin) != tuple(p.casefold() for p in key)  # not case alone
    case = _unpadded(twin) != _unpadded(key)  # not zeros alone
    return twin, " and ".join(how for how, differs in (("leading zeros", zeros), ("letter case", case)) if differs)


# What joins the parts of an ID a SIS query built of two (schoolid || '-' || termid: '100-3600').
_AFFIX_SEPARATORS = re.compile(r"[-_.:/| ]+")
AFFIXED_JOINS = "join_keys_affixed"  # report.facts: keys missed whose tail or head is a key of the joined export


def affixed_twin(index: Index, key: tuple[str, ...]) -> tuple[str, str] | None:
    """The key of a one-column index that a missed `key` holds after a prefix or before a suffix,
    and that affix ('3600' and '100-' for '100-3600': a query writing the school before the term
    ID, tester70 F5), or None: the export writes more than the ID, and nothing is missing."""
    if not index.single_key or len(key) != 1 or not index.rows:
        return None
    value = key[0]
    parts = [m.span() for m in _AFFIX_SEPARATORS.finditer(value) if m.start() > 0 and m.end() < len(value)]
    for start, end in parts:
        for twin, affix in ((value[end:], value[:end]), (value[:start], value[start:])):
            if twin in index.rows and twin not in index.conflicts and not _own_form(index, value[:end], value[start:]):
                return twin, affix
    return None


def _own_form(index: Index, head: str, tail: str) -> bool:
    """Whether another key of the index begins with `head` or ends with `tail`: the export's own IDs
    are written so ('2026-S1' beside '2026'), and a missed '2026-S2' is a term missing, not '2026'
    with '-S2' added (reviewer76 R2: following that step would make every semester class a year's).
    The keys' heads and tails at their separators are gathered once, on the first twin found: a
    scan of the index for each missed key would be a million keys for each of a million rows."""
    if index.affix_forms is None:
        heads: set[str] = set()
        tails: set[str] = set()
        for key in index.rows:
            if isinstance(key, str):
                for m in _AFFIX_SEPARATORS.finditer(key):
                    if m.start() > 0 and m.end() < len(key):
                        heads.add(key[: m.end()])
                        tails.add(key[m.start() :])
        index.affix_forms = (heads, tails)
    heads, tails = index.affix_forms
    return head in heads or tail in tails


def case_twin(index: Index, key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The key of the index that equals `key` but for letter case, for a join that ignores case
    (`ignore_case`: an email address, PARENT0@EXAMPLE.COM for parent0@example.com), or None: no
    such key, or two (Ann@x.org and ANN@x.org on rows of their own), of which none is `key`'s."""
    if index.folded is None:
        index.folded = {}
        for held in index.rows:
            parts = (held,) if index.single_key else held
            folded = tuple(part.casefold() for part in parts)
            index.folded[folded] = None if folded in index.folded else parts
    return index.folded.get(tuple(part.casefold() for part in key))


def _loose(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.casefold() for part in _unpadded(parts))


def _unpadded(parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(part.lstrip("0") or part[-1:] for part in parts)


_DIGIT_RUNS = re.compile(r"\d+")
ZERO_WIDTH = 6  # the widest a run of digits of a composite ID is padded to when a twin is looked for


def padded_twin(value: str, known: Callable[[str], bool]) -> str | None:
    """A known ID that equals `value` but for the leading zeros of its runs of digits ('0058-001'
    for '58-001': a spreadsheet took them off a part a template put together), or None. For the
    report of a reference that names nothing (V502, V608); references stay exact. An ID of one run
    of digits (a student number, 576776 for 00576776) is padded with up to ZEROS_TRIED zeros, as a
    contacts export's links are (X968); each run of a composite one to ZERO_WIDTH digits (a few
    probes per run, for every reference that names nothing)."""
    runs = list(_DIGIT_RUNS.finditer(value))
    if not runs or len(runs) > 3:
        return None
    if len(runs) == 1:  # the common case, plainly: bare, then one zero more at a time
        (run,) = runs
        head, tail, bare = value[: run.start()], value[run.end() :], run.group().lstrip("0") or "0"
        for width in range(len(bare), len(bare) + ZEROS_TRIED + 1):
            candidate = head + bare.zfill(width) + tail
            if candidate != value and known(candidate):
                return candidate
        return None
    options = []
    for run in runs:
        bare = run.group().lstrip("0") or "0"
        padded = (bare.zfill(width) for width in range(len(bare) + 1, ZERO_WIDTH + 1))
        options.append(dict.fromkeys([run.group(), bare, *padded]))
    for combo in itertools.product(*options):
        if all(part == run.group() for part, run in zip(combo, runs, strict=True)):
            continue
        pieces, at = [], 0
        for part, run in zip(combo, runs, strict=True):
            pieces += [value[at : run.start()], part]
            at = run.end()
        candidate = "".join(pieces) + value[at:]
        if known(candidate):
            return candidate
    return None
