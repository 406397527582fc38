"""The columnar engine: the rows of a rule that need nothing said about them, in DuckDB.

The Python engine sends every row through generated code one at a time. Here a rule's export
is loaded into DuckDB, and the rule (joins, conditions, templates, maps, cleaners) and the
target's checks become one query over all its rows. Python still does what it does best, once
per distinct value rather than once per row: conditions, maps and cleaners (phonenumbers,
dates, IDs) run on each distinct value and come back as a small table; references are looked
up once per distinct ID in the validator's kept sets.

A row is *silent* when the query shows that the Python engine would keep its record without a
word: the fast path maps it (every join found, every condition met, no cleaner issue, a plain
ID), the target's checks pass (required values, allowed values, references to kept records),
its sourcedId is unique, and its cells are plain for the CSV writer. Silent rows are written,
counted and marked kept in bulk. Every other row, rare in a clean export and never reported
here, goes through the Python engine's own mapping and validator, in line order, so that what
is reported, and in which order, is what the Python engine reports. Anything this module cannot
prove exact (quotes in the file, an encoding other than UTF-8, a blank line, a join on a join,
a list column) leaves the whole rule to the Python engine. `tests/test_columnar.py` runs every
fixture district through both engines and compares the files, report and explain output.

Where it runs: with two processes (pipeline.overlap), in the worker, which loads and maps the
export while the main process makes the users and checks the records against the kept users
once they are handed over; with one, in a thread beside the users stage. Rows are held once:
the export is a view over what DuckDB read, the checks against kept records a view over the
staged table, and the rows for the Python engine come sorted a window of lines at a time.

What this covers so far: the streamed enrolment rules (the students' enrolments, the bulk of
every district's rows) and a demographics rule (one record per student, streamed once the
users are known; prepared beside the users stage, in the main process also when the worker
has the enrolments). The other tables run on the Python engine.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import re
import shutil
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transform.cleaners.dates import order_written
from transform.cleaners.ids import PLACEHOLDERS, SCIENTIFIC, guard_id, unfilled_words
from transform.profile.compile import ColumnPlan, ConditionPlan, Plan, RulePlan
from transform.profile.templates import OUT_ALIAS, SETTINGS_ALIAS, FieldRef, FirstOf, Part, fields
from transform.report.codes import Code
from transform.report.date_forms import ColumnForms, DateForms
from transform.report.report import Report

from . import birth_dates, blanked_keep_out, fastpath, seen_values, unread_groups
from .cleaner_sql import sql_form
from .conditions import dates_read, reversed_dates, row_passes
from .furniture import TEXT_FORMULA_BYTES, maybe_footer
from .mapping import follow_ons, interpret_row
from .read import PROGRESS_EVERY, SourceFile, invisible_in
from .rows import MULTI_SEP, Draft, Indexes, SourceRow, place_at
from .validate import PRIMARY_TRUE, SilentView, Validator

if TYPE_CHECKING:
    import duckdb

ENGINES = ("auto", "columnar", "python")
# `--engine auto` (the default) takes the columnar engine from this many enrolment rows (about
# 6,000 students): below it, importing and starting DuckDB costs more than the engine saves.
AUTO_MIN_ROWS = 50_000


# With two processes, the columnar engine's memory (DuckDB's share in the second process) takes
# a million students past 1 GB; the Python engine keeps under it.
AUTO_MAX_ROWS_TWO_PROCESSES = 2_000_000


def worth_it(enrolment_rows: int, jobs: int | None) -> bool:
    """Whether `--engine auto` takes the columnar engine. Measured at 100k students (2-core VM,
    README "Speed and memory"): held to one process it is faster (36 s against 48 s at the stop
    that built it). With two it is too since the demographics went into the engine (stop 32,
    interleaved on a quiet machine: 29.2 and 35.4 s against 38.7 and 48.9 s; 10k students 3.3
    and 4.1 s against 3.9 and 4.5 s): the Python engine's worker takes as much CPU as the users
    stage, and on two cores they slow each other; the columnar one takes half. It holds twice
    the memory, so not from AUTO_MAX_ROWS_TWO_PROCESSES on."""
    one_core = jobs == 1 or (jobs is None and (os.cpu_count() or 1) < 2)
    return enrolment_rows >= AUTO_MIN_ROWS and (one_core or enrolment_rows < AUTO_MAX_ROWS_TWO_PROCESSES)


# The IDs a silent row may hold, all ASCII: what the ID screens of the fast path and the
# validator let through unchanged is wider; a wider ID takes the Python engine's way.
PLAIN_ID_SQL = "[A-Za-z0-9_][A-Za-z0-9_.:/-]*"
NULL_WORDS = ("null", "n/a", "#n/a", "none")  # IDs the screens take for a missing value
_CHUNK = 1 << 24
_BATCH = 1_000  # rows fetched at once into Python: the stage holds no more of them than this
_WINDOW = 100_000  # lines of an export whose rows the engine sorts at once for Python
# DuckDB's share of the run's memory; past it, DuckDB spills to the staging folder.
MEMORY_LIMIT = "400MB"
# Exports smaller than this together are loaded into a database held in memory: a district of a
# few thousand students holds some megabytes there, and a database file costs its writes (the
# log of each table made, a checkpoint at the close): 0.05 of the 0.27 CPU-s the engine added
# to a run of the sample district (stop 55). Larger ones page to a file past the memory limit.
IN_MEMORY_MAX_BYTES = 8 << 20
# In the second process, which waits for the users most of the time, DuckDB spills sooner: the
# two processes' memory is what a district's machine must have.
WORKER_MEMORY_LIMIT = "200MB"
ROW_GROUP_ROWS = 122_880  # DuckDB's rows to a row group, the unit a scan's threads share
_EXACT_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "ascii"})
_PATTERN_CHARACTERS = "*?[]{}"  # what DuckDB's file reader expands (globs, lists)


def data_lines(source: SourceFile) -> int | None:
    """How many lines follow the header when DuckDB reads the file exactly as `read.iter_rows`
    does (`_scanned`); None otherwise, a row of more cells than the header included."""
    scanned = _scanned(source)
    if scanned is None or _longer_rows(source, *scanned):
        return None
    return scanned[0]


def _longer_rows(source: SourceFile, lines: int, delimiters: int) -> bool:
    """Whether some row has more cells than the header: with no quote in the file each row's
    delimiters are its cells less one. DuckDB's strict mode reads a row whose extra cells are
    empty (a stray trailing delimiter) as a whole row, where the reader leaves it out as I205
    (tester42 F2: a Synergy row with a stray comma published an ended enrolment as current)."""
    return delimiters > lines * (len(source.header) - 1)


def _scanned(source: SourceFile) -> tuple[int, int] | None:
    """How many lines follow the header when DuckDB reads the file exactly as `read.iter_rows`
    does, which is when nothing in it asks for the reader's care: no cell that starts with a
    quote character (the csv module reads a quote inside a cell, Robert "Bob", as written, as
    DuckDB does with quoting off; a quoted cell it reads otherwise), no invisible character
    (removed and reported), no text out of Unicode NFC (normalised), no Excel text formula
    (="1001": unwrapped and reported), no lone carriage return: with the delimiters the lines
    hold. None otherwise."""
    if source.terminator or source.encoding not in _EXACT_ENCODINGS or len(source.delimiter) != 1:
        return None
    if not _header_on_its_lines(source):
        return None
    delimiter = source.delimiter.encode()
    quoted = re.compile(b"[\r\n" + re.escape(delimiter) + b']"')
    lines, last, seen, carry, delimiters = 0, b"\n", b"", b"", 0
    with source.path.open("rb") as handle:
        for _ in range(source.header_line):  # the header, whose quotes and BOM the reader handled
            handle.readline()
        while chunk := handle.read(_CHUNK):
            window = seen[-3:] + chunk  # an invisible character may straddle two chunks
            if b'"' in chunk and quoted.search((seen[-1:] or b"\n") + chunk):
                return None
            # (="1001": pipeline.furniture unwraps it)
            if invisible_in(window) or TEXT_FORMULA_BYTES in window:
                return None
            if not window.isascii() and not unicodedata.is_normalized("NFC", window.decode("utf-8", "ignore")):
                return None  # text not in NFC (the reader normalises it)
            body = carry + chunk
            body, carry = (body[:-1], b"\r") if body.endswith(b"\r") else (body, b"")
            if body.count(b"\r") != body.count(b"\r\n"):
                return None
            lines += body.count(b"\n")
            delimiters += body.count(delimiter)
            last, seen = chunk[-1:], chunk
    if carry:
        return None
    return lines + (0 if last == b"\n" else 1), delimiters


def _first_filled_sql(column: ColumnPlan, cells: list[str]) -> str:
    """A fallback list's value as `mapping._first_of` reads it (`ids.first_filled`): the first cell
    filled (neither blank nor a placeholder word its map does not list), else the first not blank."""
    words = sorted(unfilled_words(column.map.values) if column.map is not None else PLACEHOLDERS)
    listed = ", ".join(_sql_text(word) for word in words)
    filled = [
        f"trim({cell}) <> ''" + (f" AND lower(trim({cell})) NOT IN ({listed})" if words else "") for cell in cells
    ]
    cases = list(zip(filled, cells, strict=True)) + [(f"trim({cell}) <> ''", cell) for cell in cells]
    # A last case that gives what ELSE gives says nothing: left out, the SQL (DuckDB binds and
    # optimizes it, repeated in the stage's every use of the column) is shorter; a list of one
    # cell is the cell (stop 66).
    while cases and cases[-1][1] == cells[-1]:
        cases.pop()
    if not cases:
        return f"({cells[-1]})"
    return f"(CASE {' '.join(f'WHEN {test} THEN {cell}' for test, cell in cases)} ELSE {cells[-1]} END)"


def _cell_sql(at: int, source: SourceFile) -> str:
    """A cell of the file as the reader gives it: a blank one empty, and in a file writing SQL's
    NULL marker for a blank (`SourceFile.blank`, pipeline.sql_nulls) a cell of exactly it empty
    too, in every column."""
    column = f"c{at}"
    if source.blank and at not in source.text:  # (a column of null_marker_text keeps it)
        return f"CASE WHEN {column} = {_sql_text(source.blank)} THEN '' ELSE coalesce({column}, '') END AS {column}"
    return f"coalesce({column}, '') AS {column}"


def _header_on_its_lines(source: SourceFile) -> bool:
    """The reader skips `header_line` records, DuckDB as many lines: the same only when no
    quoted cell above the data runs over a line break (a title "Fall\n2026" above the header)."""
    with source.path.open(encoding=source.encoding, newline="", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=source.delimiter)
        for _ in range(source.header_line):
            if next(reader, None) is None:
                return False
        return reader.line_num == source.header_line


@dataclass
class Loaded:
    """An export loaded as table `name`: columns c0.. (text, '' for empty) and `line`."""

    name: str
    rows: int
    source: SourceFile


class Engine:
    """One DuckDB connection for the run, spilling to the staging folder past its memory."""

    def __init__(
        self, folder: Path, *, threads: int | None = None, memory_limit: str = MEMORY_LIMIT, in_memory: bool = False
    ) -> None:
        import duckdb  # only when the engine runs: the import costs a tenth of a second

        self.folder = folder
        self.in_memory = in_memory
        # Absolute: DuckDB reads a path that starts with ~ as the home folder (an OUT under a
        # folder named '~' stopped the run).
        self._temp = tempfile.mkdtemp(dir=folder.absolute(), prefix=".duckdb-")
        # A database file in the staging folder, not one in memory: its tables are paged to
        # disk past the memory limit rather than held (at a million students, 8M enrolments).
        # Small exports (`in_memory`) are held: what spills still goes to the staging folder.
        self.con: duckdb.DuckDBPyConnection = duckdb.connect(
            ":memory:" if in_memory else str(Path(self._temp) / "engine.duckdb"),
            config={
                "memory_limit": memory_limit,
                "temp_directory": self._temp,
                "preserve_insertion_order": True,
                "threads": threads or os.cpu_count() or 1,
            },
        )
        self._tables = 0
        self.drop_later: list[str] = []  # tables no longer read once a rule is done
        self.loaded: dict[str, Loaded | None] = {}
        self.unread: dict[str, str] = {}  # why an export was not loaded (`load` gave None), by source
        # Tables of rules kept silently: (table, rule, view), and each table's value columns.
        self.silent_tables: list[tuple[str, RulePlan, SilentView]] = []
        self.registered: set[str] = set()  # silent tables whose every ID the validator holds
        self.values: dict[str, list[str]] = {}
        self.raw_of: dict[str, dict[str, str]] = {}  # a table's column of each fast-path value

    def use_every_core(self) -> None:
        """Every core for what follows the users stage; one while every export loaded fits in
        one row group: DuckDB splits a scan by row groups, so a second thread finds no work in
        a table of one and costs its start and its waits (a tenth of the engine's CPU in a run of
        the sample district, stop 66)."""
        if all(loaded is None or loaded.rows <= ROW_GROUP_ROWS for loaded in self.loaded.values()):
            return
        self.con.execute(f"SET threads = {os.cpu_count() or 1}").fetchall()

    def close(self) -> None:
        import duckdb

        # A scratch database: nothing is kept of it, so a close that cannot write its last
        # checkpoint (a disk that filled up) is no failure of the run.
        with contextlib.suppress(duckdb.Error):
            self.con.close()
        shutil.rmtree(self._temp, ignore_errors=True)

    def drop(self, tables: list[str]) -> None:
        # A database held in memory is of small exports: its tables go with it at the close
        # (a statement each, ~20 a rule, cost 0.2-0.3 ms each: stop 66).
        for name in tables if not self.in_memory else ():
            self.con.execute(f"DROP TABLE IF EXISTS {name}").fetchall()
        self.drop_later = [t for t in self.drop_later if t not in tables]

    def table_name(self, kind: str) -> str:
        self._tables += 1
        return f"{kind}{self._tables}"

    def load(self, source: SourceFile) -> Loaded | None:
        """The export as a table, or None when it cannot be read exactly (see `data_lines`)."""
        if source.source in self.loaded:
            return self.loaded[source.source]
        found = self.loaded[source.source] = self._load(source)
        return found

    def _load(self, source: SourceFile) -> Loaded | None:
        import duckdb

        path = str(source.path.absolute())
        if any(c in path for c in _PATTERN_CHARACTERS):
            # read_csv takes its path as a pattern: 'exports[1]/cc.txt' read a sibling
            # 'exports1/cc.txt' of as many rows (tester8 1); the reader opens the file itself.
            self.unread[source.source] = "has a path DuckDB would read as a pattern (the reader's care)"
            return None
        if source.fills:  # a column's empty cells taken from its alias's (read._filled)
            self.unread[source.source] = "has a column read from two spellings, row by row (the reader's care)"
            return None
        scanned = _scanned(source)
        if scanned is None or scanned[0] <= 0:
            self.unread[source.source] = (
                "needs the reader's care (quotes, invisible characters, Excel formulas, line breaks, encoding)"
            )
            return None
        expected = scanned[0]
        if _longer_rows(source, *scanned):
            self.unread[source.source] = "has rows of more or fewer cells than its header (the reader's care)"
            return None
        name = self.table_name("src")
        width = len(source.header)
        columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
        cells = ", ".join(_cell_sql(i, source) for i in range(width))
        try:
            self.con.execute(
                f"CREATE TABLE {name}_raw AS SELECT * FROM read_csv(?, delim=?, quote='', escape='', "
                f"header=false, skip=?, columns={columns}, strict_mode=true, null_padding=false, "
                "auto_detect=false, encoding='utf-8')",
                [path, source.delimiter, source.header_line],
            ).fetchall()
            # A view, not a copy: the table's rowids are its rows' places in the file (read in
            # order: preserve_insertion_order).
            self.con.execute(
                f"CREATE VIEW {name} AS SELECT rowid + {source.header_line + 1} AS line, {cells} FROM {name}_raw"
            ).fetchall()
        except duckdb.Error as failed:  # strict_mode: a row of more or fewer cells than the header
            if machine_error(failed) is not None:  # the disk, not the export
                raise
            self.unread[source.source] = "has rows of more or fewer cells than its header (the reader's care)"
            return None
        # What the reader would skip or read otherwise, in one scan (a statement each cost
        # ~1 ms of a small district's run: stop 66): the rows, those of empty cells, those whose
        # first cell is the header's first, those holding two of its names, and the last row.
        every = ", ".join(f"c{i}" for i in range(width))
        first = _ascii_name(source.header[0]) if source.header else ""
        other = _other_header_sql(source)
        repeats = "count(*) FILTER (WHERE regexp_replace(lower(c0), '[^a-z0-9]', '', 'g') = ?)" if first else "0"
        (rows, empty, repeated, others, last) = self.con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE concat({every}) = ''), {repeats}, "
            f"{f'count(*) FILTER (WHERE {other})' if isinstance(other, str) else '0'}, "
            f"(SELECT list_value({every}) FROM {name} WHERE line = ?) FROM {name}",
            [*([first] if first else []), source.header_line + expected],
        ).fetchall()[0]
        if rows != expected:  # a blank line, or a row DuckDB split otherwise
            self.unread[source.source] = "has blank lines or rows split otherwise (the reader's care)"
            return None
        if empty:
            self.unread[source.source] = "has rows of empty cells, which the reader skips (the reader's care)"
            return None
        # Page furniture (pipeline.furniture): a row whose first cell is the header's first
        # (compared by its ASCII letters and digits alone, case aside: looser than the reader; a
        # first column named in other letters: told by the reader), another header, or a last row
        # that begins as a totals line. The reader decides.
        if not first or repeated or other is True or others or (last is not None and maybe_footer(list(last))):
            self.unread[source.source] = "may have page headers or a totals line, which the reader skips (its care)"
            return None
        return Loaded(name, int(rows), source)

    def _other_header(self, name: str, source: SourceFile) -> bool:
        """Whether a row holds two cells or more that are column names of the header (see
        `_other_header_sql`)."""
        other = _other_header_sql(source)
        if not isinstance(other, str):
            return other
        (found,) = self.con.execute(f"SELECT count(*) FROM {name} WHERE {other}").fetchall()[0]
        return bool(found)

    def table_of(self, name: str, columns: dict[str, list[Any]]) -> str:
        """A table made from Python columns (pyarrow hands them over without a row loop)."""
        import pyarrow as pa

        data = pa.table({column: pa.array(values, type=_arrow_type(values)) for column, values in columns.items()})
        self.con.register(f"{name}_arrow", data)
        self.con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow").fetchall()
        self.con.unregister(f"{name}_arrow")
        return name


def _ascii_name(cell: str) -> str:
    return re.sub("[^a-z0-9]", "", cell.lower())


def _other_header_sql(source: SourceFile) -> str | bool:
    """SQL true for a row holding two cells or more that are column names of the header
    (compared by their ASCII letters and digits, case aside: looser than the reader, which
    refuses a row of mostly such cells as another export's header, I254, pipeline.short_rows);
    True when the reader must tell (a column named in other letters), False when no row can. A
    name of no letter or digit at all ('#!#', eSchoolPLUS) names nothing to the reader either:
    skipped."""
    names = []
    for cell in source.header:
        if ascii_name := _ascii_name(cell):
            names.append(ascii_name)
        elif any(ch.isalnum() for ch in cell):  # a column named in other letters: told by the reader
            return True
    if not names:
        return False
    among = ", ".join(f"'{n}'" for n in sorted(set(names)))  # (letters and digits alone: no quote)
    hits = " + ".join(
        f"(regexp_replace(lower(c{i}), '[^a-z0-9]', '', 'g') IN ({among}))::INT" for i in range(len(source.header))
    )
    return f"{hits} >= 2"


# DuckDB's words for the machine failing under it (its own exceptions, not an OSError).
_IO_WORDS = re.compile(r"IO Error|Could not (?:write|read|open|create|truncate|sync)|No space left|quota", re.I)
_ERRNOS = (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EIO)


def machine_error(exc: BaseException) -> OSError | None:
    """DuckDB's exception for a disk that filled up or failed (IOException, or a commit that
    could not write its log: TransactionException), as the OSError the Python engine meets in
    its place; None for any other exception, a bug's."""
    duckdb = sys.modules.get("duckdb")
    if duckdb is None or not isinstance(exc, duckdb.Error):
        return None
    message = str(exc)
    if not isinstance(exc, duckdb.IOException) and not (
        isinstance(exc, duckdb.TransactionException) and _IO_WORDS.search(message)
    ):
        return None
    code = next((n for n in _ERRNOS if os.strerror(n).lower() in message.lower()), errno.EIO)
    named = re.search(r'file "([^"]+)"', message)
    words = os.strerror(code) if code != errno.EIO else message.splitlines()[0]
    return OSError(code, words, named.group(1) if named else None)


def remove_left_behind(folder: Path) -> None:
    """The database folders of an engine whose process ended without closing it (a worker
    that failed): the staging folder becomes the published set."""
    for left in folder.glob(".duckdb-*"):
        shutil.rmtree(left, ignore_errors=True)


def _arrow_type(values: list[Any]) -> Any:
    import pyarrow as pa

    if values and isinstance(values[0], bool):
        return pa.bool_()
    if values and isinstance(values[0], int):
        return pa.int64()
    return pa.string()


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class Unsupported(Exception):
    """The rule holds something this engine does not yet compile: the Python engine takes it."""


# The tables whose rules the engine takes: the students' enrolments, and the demographics (a
# record per student, streamed once the users are known).
TABLES = ("enrollments", "demographics")
# The columns a record of the table must have for the engine's checks (an enrolment's pair).
_NEEDED = {"enrollments": ("sourcedId", "classSourcedId", "userSourcedId")}


def supported(rule: RulePlan, plan: Plan) -> bool:
    """What the engine compiles: a rule of `TABLES` the fast path covers, of plain joins and
    columns, feeding no filter; an enrolment rule with a role (students' records stream; the
    others, held to the end, take the Python engine's way)."""
    return (
        rule.table in TABLES
        and fastpath.eligible(rule)
        and not rule.once
        and rule.combine_lists is None
        and (rule.table != "enrollments" or any(c.name == "role" for c in rule.columns))
        and not plan.filter_templates(rule.table)
        and all(local.alias is None for join in rule.joins.values() for local in join.local)
        and all(not (c.span or c.split or c.fallback or c.when) for c in rule.columns)
    )


class _RuleSql:
    """Compiles one rule over a loaded export, as `fastpath._RuleSource` does into Python."""

    def __init__(self, engine: Engine, rule: RulePlan, plan: Plan, indexes: Indexes, loaded: Loaded) -> None:
        self.engine, self.rule, self.plan, self.indexes, self.loaded = engine, rule, plan, indexes, loaded
        self.con = engine.con
        self.header = loaded.source.index
        self.conditions: list[str] = []  # SQL of "mapped silently" per condition / join
        self.where: set[str] = set()  # those of `conditions` that are the rule's where
        self.out: dict[str, str] = {}  # column -> SQL of o[name]
        self.tails: list[str] = []  # left joins of distinct-value tables
        self.guarded: list[str] = []  # the columns whose IDs the fast path screens
        self.plain_cells = "true"  # SQL: every cell the rule reads is printable ASCII (`compile`)
        # A cleaner's SQL form of a column read from the export alone, computed once below the
        # stage (`base_sql`) and named there (f<n>): the stage's SQL repeats it many times,
        # and DuckDB's binding and optimizing of the query grow with its text (stop 65: the
        # stage of the sample district's enrolments bound 30 ms for 173 rows).
        self.computed: dict[str, str] = {}

    def ref(self, r: FieldRef) -> str:
        if r.alias is None:
            position = self.header.get(r.key)
            return f"s.c{position}" if position is not None else "''"
        if r.alias in self.rule.joins:
            join = self.rule.joins[r.alias]
            index = self.indexes[join.index_key]
            if r.key not in index.columns:
                return "''"
            return f"coalesce(s.j{self.aliases[r.alias]}_v{index.columns.index(r.key)}, '')"
        if r.alias == OUT_ALIAS:
            return self.out.get(r.column, "''")
        if r.alias == SETTINGS_ALIAS:
            return _sql_text(str(self.plan.settings.get(r.column) or ""))
        raise Unsupported(f"reference {r}")

    def render(self, parts: tuple[Part, ...]) -> str:
        """As `mapping.RowContext.render`: a cell put together with others is stripped (plain
        ASCII cells only come this way, whose whitespace is the space trim() takes)."""
        strip = len(parts) > 1
        pieces = [
            _sql_text(p) if isinstance(p, str) else (f"trim({self.cell(p)})" if strip else self.cell(p))
            for p in parts
            if p != ""
        ]
        return "(" + " || ".join(pieces) + ")" if pieces else "''"

    def cell(self, part: FieldRef | FirstOf) -> str:
        """A placeholder's value; a `{A|B}`'s, its first alternative not blank (templates.first_cell)."""
        if isinstance(part, FieldRef):
            return self.ref(part)
        return _first_cell_sql([self.ref(r) for r in part.refs])

    def cells_read(self) -> list[str]:
        """Every cell, joined value and setting the rule reads: a silent row's are printable
        ASCII, whose only whitespace is the space that trim() takes as str.strip() does."""
        refs: list[FieldRef] = [local for join in self.rule.joins.values() for local in join.local]
        for cond in self.rule.where:
            refs += fields(cond.parts)
        for column in self.rule.columns:
            refs += fields((*column.parts, *column.first_of))
        return sorted({self.ref(r) for r in refs if r.alias != OUT_ALIAS})

    def joins(self) -> str:
        """The export with each join's found key and values, as a table (read by every query
        after it): one join instead of one per query."""
        sql, picked = [], []
        for number, join in enumerate(self.rule.joins.values()):
            index = self.indexes[join.index_key]
            keys = [f"trim({self.ref(local)})" for local in join.local]
            table = self.engine.table_name("idx")
            # Column by column from the dict's views: a list of (key, value) pairs would hold a
            # tuple per row besides (at a million students, ~70 MB in the worker at its peak).
            data: dict[str, list[Any]] = {}
            for k in range(len(index.key)):
                data[f"k{k}"] = list(index.rows) if index.single_key else [key[k] for key in index.rows]
            for v in range(len(index.columns)):
                values = index.rows.values()
                data[f"v{v}"] = list(values) if index.single_column else [value[v] for value in values]
            self.engine.table_of(table, data)
            self.engine.drop_later.append(table)
            on = " AND ".join(f"j{number}.k{k} = {key}" for k, key in enumerate(keys))
            sql.append(f"LEFT JOIN {table} j{number} ON {on}")
            picked += [f"j{number}.k0 AS j{number}_k0"]
            picked += [f"j{number}.v{v} AS j{number}_v{v}" for v in range(len(index.columns))]
            filled = " AND ".join(f"{key} <> ''" for key in keys)
            found = f"s.j{number}_k0 IS NOT NULL"
            if join.required:
                self.conditions.append(found)
            elif (join.drop_dangling and index.rows) or join.ignore_case:
                # a key the LEFT JOIN (exact) does not find is the Python engine's: it may name no
                # row (D300), or, where the join ignores case, one in other letter case (D331)
                self.conditions.append(f"({found} OR NOT ({filled}))")
        base = self.engine.table_name("base")
        self.con.execute(
            f"CREATE TABLE {base} AS SELECT {', '.join(['s.*', *picked])} FROM {self.loaded.name} s {' '.join(sql)}"
        ).fetchall()
        self.engine.drop_later.append(base)
        return base

    def condition_tables(self) -> None:
        for number, cond in enumerate(self.rule.where):
            text = f"trim({self.render(cond.parts)})"
            self.tails.append(self._distinct(f"w{number}", text, _condition_test(cond, self.plan)))
            self.conditions.append(f"w{number}.v = ''")
            self.where.add(self.conditions[-1])
        if self.rule.span is not None:  # an enrolment's dates reversed: the Python engine's to say (D376)
            start, end = (f"trim({self.render(self.rule.where[n].parts)})" for n in self.rule.span)
            span = (self.rule.where[self.rule.span[0]], self.rule.where[self.rule.span[1]])
            self.tails.append(self._distinct("wr", f"({start} || chr(31) || {end})", _in_order(self.plan, span)))

    def dropped(self) -> str:
        """SQL: the 1-based number of the condition that leaves the row out with nothing but its
        reason to say (every join found, the cells plain, the conditions before it met, its
        own not met on a value it reads: what `interpret_row` reports of the row, and all), or
        0. A routing condition (not reported) is the Python engine's."""
        if not self.rule.where:
            return "0"
        found = [f"s.j{n}_k0 IS NOT NULL" for n in range(len(self.rule.joins))]
        cases = ["WHEN wr.v IS NULL THEN 0"] if self.rule.span is not None else []
        for number, cond in enumerate(self.rule.where):
            if cond.routes:
                cases.append(f"WHEN w{number}.v IS DISTINCT FROM '' THEN 0")
                continue
            cases.append(f"WHEN w{number}.v IS NULL THEN 0 WHEN w{number}.v = 'x' THEN {number + 1}")
        ready = " AND ".join([*found, self.plain_cells])
        return f"(CASE WHEN NOT ({ready}) THEN 0 {' '.join(cases)} ELSE 0 END)"

    def column(self, column: ColumnPlan) -> None:
        if column.fixed is not None:
            value = _sql_text(column.fixed)
        elif column.first_of:
            value = _first_filled_sql(column, [self.ref(other) for other in column.first_of])
        else:
            value = self.render(column.parts)
            # An ID cut short by an empty part (D363) is the Python engine's to report.
            self.conditions += [f"coalesce(trim({self.cell(part)}), '') <> ''" for part in column.whole]
        if not _literal_without(column, MULTI_SEP):  # (a value that holds none: always true)
            self.conditions.append(f"NOT contains({value}, {_sql_text(MULTI_SEP)})")
        cleaners = [c for _, c in column.cleaners if c is not guard_id]
        forms = [sql_form(c) for c in cleaners]
        if column.map is None and cleaners and all(forms):
            # The common shapes in SQL (an ID, a name, an email, a phone number is all but unique
            # to a person: once per distinct value would be once per row); the rest, once each.
            fast = value
            for form in forms:
                assert form is not None
                fast = form(fast)
            name = f"t_{len(self.tails)}"
            self.tails.append(self._distinct(name, value, _tail(column, cleaners), where=f"{fast} IS NULL"))
            if not self._reads_tails(fast):
                fast = self.computed.setdefault(fast, f"s.f{len(self.computed)}")
            self.conditions.append(f"({fast} IS NOT NULL OR {name}.v IS NOT NULL)")
            value = f"coalesce({fast}, {name}.v)"
        elif column.map is not None or cleaners:
            name = f"t_{len(self.tails)}"
            self.tails.append(self._distinct(name, value, _tail(column, cleaners)))
            self.conditions.append(f"{name}.v IS NOT NULL")
            value = f"{name}.v"
        default = _sql_text(column.default)
        # (no default: the value, which the CASE would give whatever it is, NULL too)
        self.out[column.name] = f"(CASE WHEN {value} = '' THEN {default} ELSE {value} END)" if column.default else value
        if any(c is guard_id for _, c in column.cleaners):
            self.guarded.append(column.name)  # the fast path's ID screen: `_checked`

    def _distinct(self, name: str, sql: str, function: Callable[[str], str | None], *, where: str = "true") -> str:
        """A table of `function` over the distinct values of `sql` on the rows `where` holds
        (None: the Python engine's)."""
        reads = f" {(sql + ' ' + where).replace('(', ' ')}"
        used = [tail for tail in self.tails if f" {tail.split()[3]}." in reads]
        below = self._computing() if " s.f" in reads else self.base  # (a `computed` column read)
        pending = f"{below} s {' '.join(used)}"  # only the value tables `sql` reads
        found = [row[0] for row in self.con.execute(f"SELECT DISTINCT {sql} FROM {pending} WHERE {where}").fetchall()]
        results = [function(value) for value in found]
        table = self.engine.table_name(name)
        self.engine.table_of(table, {"k": found, "v": results})
        self.engine.drop_later.append(table)
        return f"LEFT JOIN {table} {name} ON {name}.k = {sql}"

    def _reads_tails(self, sql: str) -> bool:
        reads = f" {sql.replace('(', ' ')}"
        return any(f" {tail.split()[3]}." in reads for tail in self.tails)

    def _computing(self) -> str:
        """The base table with the `computed` columns."""
        if not self.computed:
            return self.base
        named = ", ".join(f"{sql} AS {name.removeprefix('s.')}" for sql, name in self.computed.items())
        return f"(SELECT s.*, {named} FROM {self.base} s)"

    def base_sql(self) -> str:
        return f"{self._computing()} s {' '.join(self.tails)}"

    def compile(self) -> None:
        self.aliases = {alias: number for number, alias in enumerate(self.rule.joins)}
        self.base = self.joins()
        ascii_only = " || ".join(self.cells_read()) or "''"
        self.plain_cells = f"NOT regexp_matches({ascii_only}, '[^ -~]')"  # read by `dropped` too
        self.conditions.append(self.plain_cells)
        self.condition_tables()
        for column in self.rule.columns:
            self.column(column)


def _literal_without(column: ColumnPlan, text: str) -> bool:
    """Whether the column's value is written in the profile (fixed, or a template of no
    placeholder) and holds no `text`."""
    if column.fixed is not None:
        return text not in column.fixed
    if column.first_of or not all(isinstance(part, str) for part in column.parts):
        return False
    return text not in "".join(str(part) for part in column.parts)


def _plain_ids(columns: list[str]) -> str:
    """SQL true when every one of these ID columns holds an ID the fast path's screen and the
    validator's pass as it is (`PLAIN_ID_SQL`, which tests/test_columnar.py holds to both)."""
    if not columns:
        return "true"
    together = "\\|".join([PLAIN_ID_SQL] * len(columns))
    checks = [f"regexp_full_match(concat_ws('|', {', '.join(columns)}), {_sql_text(together)})"]
    checks += [f"lower({c}) NOT IN ({', '.join(_sql_text(w) for w in NULL_WORDS)})" for c in columns]
    checks += [f"NOT regexp_full_match({c}, {_sql_text(SCIENTIFIC.pattern)})" for c in columns]
    return "(" + " AND ".join(checks) + ")"


def _condition_test(cond: ConditionPlan, plan: Plan) -> Callable[[str], str | None]:
    """ "" when the condition holds, "x" when it does not, None when the interpreter must say
    more (a date operator on text that is no date)."""

    def test(text: str) -> str | None:
        if cond.allow_empty and not text:
            return ""
        held = row_passes(cond, text, plan)
        return None if held is None else "" if held else "x"

    return test


def _in_order(plan: Plan, span: tuple[ConditionPlan, ConditionPlan]) -> Callable[[str], str | None]:
    """ "" for an enrolment's start and end (joined by chr(31)) in order, None for reversed ones:
    the interpreter reports them (D376)."""

    def test(both: str) -> str | None:
        start, _, end = both.partition(chr(31))
        return None if reversed_dates(start, end, plan, span) else ""

    return test


def _tail(column: ColumnPlan, cleaners: list[Callable[[str], Any]]) -> Callable[[str], str | None]:
    """A column's map and cleaners as the fast path applies them (fastpath._column): the value,
    or None when the row needs the interpreter (a value not in a reporting map, an issue)."""
    plan = column.map

    def tail(v: str) -> str | None:
        if plan is not None:
            s = v.strip()
            if s:
                m = plan.values.get(s.casefold())
                if m is None:
                    if plan.report or plan.unmapped == "drop":
                        return None
                    m = {"default": plan.default, "blank": ""}.get(plan.unmapped, v)
                v = m
        for cleaner in cleaners:
            v, issues = cleaner(v)
            if issues:
                return None
        return v

    return tail


class _Clock:
    """Each step's seconds, for the report's facts (what `make bench` prints)."""

    def __init__(self, seconds: dict[str, float], label: str) -> None:
        self.seconds = seconds
        self.label, self.last = label, time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.seconds[f"{self.label} (columnar: {step})"] = round(now - self.last, 3)
        self.last = now


@dataclass
class Outcome:
    """What the engine did with a rule: rows kept without a word, rows the Python engine took."""

    silent: int
    python: int
    declined: str = ""  # why the Python engine took the whole rule


@dataclass
class Sinks:
    """Where `stream_rule` sends its work: the Python engine's checks for the records it must
    see (in line order), and the writer for the silent rows' lines."""

    python_drafts: Callable[[Iterator[Draft]], None]
    write_lines: Callable[[Path, int], None]
    with_students: set[str]


@dataclass
class Prepared:
    """A rule mapped over its export, with the checks that need no kept record (`prepare`)."""

    rule: RulePlan
    source: SourceFile
    loaded: Loaded
    stage: str  # the table of `_staged`
    completed: list[str]  # the record's columns, as the validator completes them
    seconds: dict[str, float]


def prepare(
    engine: Engine,
    rule: RulePlan,
    *,
    plan: Plan,
    indexes: Indexes,
    view: SilentView,
    source: SourceFile,
    columns: tuple[str, ...],
) -> Prepared | Outcome:
    """What needs no record kept before it: the export loaded, the rule mapped, the checks of
    each record alone. Reports nothing and touches nothing the Python engine reads, so it may
    run while the users are made (in a thread: DuckDB lets go of the GIL). An Outcome: declined."""
    if view.formats or view.lists:
        return Outcome(0, 0, "the target checks emails, patterns or lists record by record")
    if any(c not in columns for c in _NEEDED.get(rule.table, ("sourcedId",))):
        return Outcome(0, 0, "the target's file lacks a column the engine needs")
    clock = _Clock({}, rule.label)
    loaded = engine.load(source)
    clock.lap("load")
    if loaded is None:
        why = engine.unread.get(source.source, "needs the reader's care")
        return Outcome(0, 0, f"{source.display} {why}")
    try:
        compiled = _RuleSql(engine, rule, plan, indexes, loaded)
        compiled.compile()
        clock.lap("map")
        stage, completed = _staged(engine, compiled, view, columns)
        clock.lap("check each record")
    except Unsupported as unsupported:
        return Outcome(0, 0, f"the rule holds {unsupported}")
    return Prepared(rule, source, loaded, stage, completed, clock.seconds)


def stream_rule(
    engine: Engine,
    prepared: Prepared,
    *,
    plan: Plan,
    indexes: Indexes,
    validator: Validator,
    report: Report,
    first_pass: bool,
    columns: tuple[str, ...],
    sinks: Sinks,
) -> Outcome:
    """Check the prepared rule's records against what was kept before them: write the silent
    ones, send the others, in line order, to the Python engine. `declined`, with nothing
    reported, written or counted, when the rule must go to the Python engine whole."""
    rule, source, loaded = prepared.rule, prepared.source, prepared.loaded
    view = validator.silent_view(rule.table)
    if view.first or any(silent_rule.table == rule.table for _, silent_rule, _ in engine.silent_tables):
        return Outcome(0, 0, "an earlier rule made records of the table")
    if view.remembered:
        return Outcome(0, 0, "another file points to the table's records")
    if source.display in view.follows_files:
        return Outcome(0, 0, f"{source.display} is also read for classes")
    report.facts.setdefault("seconds", {}).update(prepared.seconds)
    clock = _Clock(report.facts["seconds"], rule.label)
    con = engine.con
    # Rows the interpreter maps may take an ID a silent row has: both are the Python engine's,
    # so that the first in line order keeps it, as there.
    # Their (class, user) pairs likewise: the first enrolment of a user in a class is kept.
    unheard = Report(max_examples=0)
    interpreted = [
        draft.values
        # (a row a condition leaves out makes no record, whatever it reports)
        for row in _rows(engine, loaded, f"SELECT line FROM {prepared.stage} WHERE NOT mapped AND dropped = 0")
        for draft in interpret_row(row, rule=rule, plan=plan, indexes=indexes, extras={}, report=unheard)
    ]
    ids = engine.table_of(engine.table_name("taken"), {"id": [v.get("sourcedId", "") for v in interpreted]})
    enrolments = rule.table == "enrollments"
    pairs = engine.table_of(engine.table_name("pairs"), {"pair": [_pair(v) for v in interpreted]}) if enrolments else ""
    del interpreted
    clock.lap("collisions")
    judged = _not_current_on_class_days(engine, prepared.stage, prepared.completed, loaded, rule, view)
    table = _referenced(engine, prepared.stage, prepared.completed, view, ids, pairs, judged)
    clock.lap("check references")
    if first_pass:
        report.rows_read[source.display] += loaded.rows
        if report.on_progress is not None:  # as the reader says it, every PROGRESS_EVERY rows
            for rows in range(PROGRESS_EVERY, loaded.rows + 1, PROGRESS_EVERY):
                report.on_progress(source.display, rows)
        note_dates(loaded, plan, report.date_forms, engine.con)
        keys = seen_values.watched(plan).get(source.source)
        if keys:
            seen_values.note_loaded(source, loaded.name, keys, report.column_values, engine.con)
        if unread := unread_groups.watched(plan, source):  # a person no rule reads (P125)
            unread_groups.note_loaded(source, loaded.name, unread, report.column_values, engine.con)
        if keep_out := blanked_keep_out.tallies(plan, {source.source: source}, report.keep_out_then).get(
            source.source
        ):  # X877
            blanked_keep_out.note_loaded(keep_out, loaded.name, report.column_values, engine.con)
    references = [(column, target) for column, target, _, _ in view.references]
    clock.lap("dates")
    sinks.python_drafts(_drafts(engine, loaded, table, rule, plan, indexes, validator, references))
    clock.lap("others")
    silent = _silent_bulk(engine, table, loaded, validator, report, columns, sinks, enrolments=enrolments)
    if enrolments:
        _count_tonight(engine, table, loaded, rule, validator)
    clock.lap("silent")
    (others,) = con.execute(f"SELECT count(*) FROM {table} WHERE NOT silent").fetchall()[0]
    # Kept for `register_collisions`: the silent records' values (a view; what it reads stays).
    kept = engine.table_name("silent")
    outs = ", ".join(f"o_{n}" for n in engine.values[table])
    con.execute(f"CREATE VIEW {kept} AS SELECT line, {outs} FROM {table} WHERE silent").fetchall()
    engine.values[kept] = engine.values.pop(table)
    engine.drop(engine.drop_later)
    engine.silent_tables.append((kept, rule, view))
    return Outcome(silent, int(others))


def _rows(engine: Engine, loaded: Loaded, lines: str) -> Iterator[SourceRow]:
    """The export's rows at these lines, in order, as the reader gives them."""
    source = loaded.source
    width = len(source.header)
    cursor = engine.con.cursor()
    cursor.execute(
        f"SELECT line, {', '.join(f'c{i}' for i in range(width))} FROM {loaded.name} "
        f"WHERE line IN ({lines}) ORDER BY line"
    )
    while batch := cursor.fetchmany(_BATCH):
        for row in batch:
            yield SourceRow(source.display, row[0], list(row[1:]), source.index)
    cursor.close()


def _drafts(
    engine: Engine,
    loaded: Loaded,
    table: str,
    rule: RulePlan,
    plan: Plan,
    indexes: Indexes,
    validator: Validator,
    references: list[tuple[str, str]],
) -> Iterator[Draft]:
    """The records of the rows that are not silent, in line order: a row the fast path maps
    as its values (what `map_rows` would make of it), the others by the interpreter, reporting.
    A record whose only fault is a reference to no kept record (an enrolment in a class left
    out: a third of the rows at some districts) is reported here, as `validate` would."""
    source = loaded.source
    names = [c.name for c in rule.columns]
    completed = engine.values[table]
    width = len(source.header)
    cells = ", ".join(f"CASE WHEN r.mapped THEN NULL ELSE s.c{i} END" for i in range(width))
    read, dates = _dates_sql(rule, source)
    report = validator.report
    missing = [validator.missing_code(target) for _, target in references]
    # Decided once: the stream and the count agree.
    follows = follow_ons(validator.follow_on if validator.follows_target(rule.table) else None, rule, plan, indexes)
    folded = validator.missing_code(validator.left_out_rows.table) if follows and validator.left_out_rows else None
    counted, by_slug = _counted_code(missing, rule.where, report, folded)
    past = _past_examples(counted, report.max_examples)
    _enrolled_where_term_unknown(engine, table, references, report, rule.label)
    # The lines to stream first (a narrow table), then their rows a window of lines at a time:
    # the whole sorted result at once would take DuckDB hundreds of MB at 100k students.
    lines = engine.table_name("others")
    engine.con.execute(f"CREATE TABLE {lines} AS SELECT r.line FROM {table} r WHERE NOT r.silent {past}").fetchall()
    engine.drop_later.append(lines)
    count, done = len(names), len(names) + len(completed)
    for batch in _windows(
        engine,
        lines,
        f"SELECT r.line, r.mapped, CASE WHEN r.mapped AND r.quiet THEN r.broken ELSE 0 END, "
        f"{', '.join(f'r.{engine.raw_of[table][n]}' for n in names)}, {', '.join(f'r.o_{n}' for n in completed)}, "
        f"{cells}{dates} "
        f"FROM {lines} o JOIN {table} r ON r.line = o.line JOIN {loaded.name} s ON s.line = o.line",
        ("o", "r", "s"),
    ):
        for line, mapped, broken, *rest in batch:
            extra = dict(zip(read, rest[done + width :], strict=True)) if dates else {}
            if broken > 0:
                column, target = references[broken - 1]
                if report.count_only(missing[broken - 1], source.display, rule.table):
                    continue
                values = dict(zip(completed, rest[count:done], strict=True))
                draft = Draft(rule.table, values, place_at(source.display, line), rule.label, extra)
                validator.report_missing(draft, column, target)
            elif mapped:
                values = dict(zip(names, rest[:count], strict=True))
                yield Draft(rule.table, values, place_at(source.display, line), rule.label, extra)
            else:
                row = SourceRow(source.display, line, rest[done : done + width], source.index)
                yield from interpret_row(
                    row, rule=rule, plan=plan, indexes=indexes, extras=read, report=validator.report, follows=follows
                )
    if past:
        _count_past_examples(engine, table, counted, by_slug, report, source.display, rule)


def _first_cell_sql(cells: list[str]) -> str:
    """A `{A|B}`'s value in SQL, its alternatives' cells in order: the first not blank, as it is
    (templates.first_cell; a silent row's whitespace is the space trim() takes)."""
    found = " ".join(f"WHEN trim({cell}) <> '' THEN {cell}" for cell in cells)
    return f"(CASE {found} ELSE '' END)"


def _dates_sql(rule: RulePlan, source: SourceFile) -> tuple[dict[str, tuple[Part, ...]], str]:
    """What an enrolment rule's date conditions read (conditions.dates_read), as the interpreter
    renders it, and the SQL selecting it from the row's own cells (", s.c3, ..."): none when a
    condition reads anything else (a join), and the records then carry nothing (pipeline.leavers
    excuses nobody by them)."""
    read = dates_read(rule)
    selected = []
    for parts in read.values():
        pieces = []
        for part in parts:
            if isinstance(part, str):
                pieces.append(_sql_text(part))
                continue
            refs = part.refs if isinstance(part, FirstOf) else (part,)
            positions = [source.index.get(ref.key) if ref.alias is None else None for ref in refs]
            if None in positions:
                return {}, ""
            cells = [f"coalesce(s.c{position}, '')" for position in positions]
            pieces.append(cells[0] if len(cells) == 1 else _first_cell_sql(cells))
        selected.append(" || ".join(pieces) or "''")
    return read, "".join(f", {sql}" for sql in selected)


def _enrolled_where_term_unknown(
    engine: Engine, table: str, references: list[tuple[str, str]], report: Report, label: str
) -> None:
    """The classes whose term the terms export lacks (report.terms_unknown) that a student's
    enrolment its rule (`label`) let in names, as `Validator.report_missing` marks them: of the
    rows reported one by one too, and of those past the examples, only counted (X943, X944)."""
    if not report.terms_unknown:
        return
    for number, (column, target) in enumerate(references):
        if target != "classes" or column not in engine.values[table]:
            continue
        for (class_id,) in engine.con.execute(
            f"SELECT DISTINCT o_{column} FROM {table} WHERE mapped AND quiet AND broken = {number + 1}"
        ).fetchall():
            if (held := report.terms_unknown.get(class_id)) is not None:
                held[4] = True
                held[5].add(label)


def _windows(engine: Engine, lines: str, select: str, among: tuple[str, ...]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `select` (over `lines` as o, joined on line with the tables `among` names)
    in line order, `_WINDOW` lines of `lines` at a time (a cursor: the caller may query the
    engine between two). Each table is held to the window: a scan skips the rest."""
    cursor = engine.con.cursor()
    try:
        ((first, last),) = cursor.execute(f"SELECT min(line), max(line) FROM {lines}").fetchall()
        if first is None:
            return
        for low in range(first, last + 1, _WINDOW):
            within = " AND ".join(f"{t}.line >= {low} AND {t}.line < {low + _WINDOW}" for t in among)
            cursor.execute(f"{select} WHERE {within} ORDER BY o.line")
            while batch := cursor.fetchmany(_BATCH):
                yield batch
    finally:
        cursor.close()


def _counted_code(
    missing: list[Code], conditions: tuple[ConditionPlan, ...], report: Report, folded: Code | None
) -> tuple[str, dict[str, Code]]:
    """SQL: the slug of the problem a row is reported under, where its rows past the examples
    are only counted (NULL for every other row): a broken row's reference, or the condition that
    leaves an unmapped row out with nothing else to say (`_RuleSql.dropped`: the next semester's
    enrolments at a district whose export dates them, a third of its rows; `folded`: the code
    of such a row whose record follows one left out, `_referenced`'s follows). With the codes by
    slug."""
    by_slug: dict[str, Code] = {}
    broken, dropped = [], []
    for number, code in enumerate(missing):
        if report.only_counted_past_examples(code):
            broken.append(f"WHEN {number + 1} THEN {_sql_text(code.slug)}")
            by_slug[code.slug] = code
    for number, cond in enumerate(conditions):
        if not cond.routes and report.only_counted_past_examples(cond.reason):
            dropped.append(f"WHEN {number + 1} THEN {_sql_text(cond.reason.slug)}")
            by_slug[cond.reason.slug] = cond.reason
    cases = []
    if broken:
        cases.append(f"WHEN mapped AND quiet AND broken > 0 THEN (CASE broken {' '.join(broken)} END)")
    if folded is not None and report.only_counted_past_examples(folded):
        cases.append(f"WHEN NOT mapped AND dropped > 0 AND follows = 1 THEN {_sql_text(folded.slug)}")
        by_slug[folded.slug] = folded
    if dropped:
        cases.append(f"WHEN NOT mapped AND dropped > 0 AND follows = 0 THEN (CASE dropped {' '.join(dropped)} END)")
    return (f"CASE {' '.join(cases)} END" if cases else ""), by_slug


def _past_examples(code: str, examples: int) -> str:
    """SQL (a QUALIFY clause) leaving out the broken rows all `add` would do with is count
    (`code`, from `_counted_code`): those of a code after its first `examples` (by then its
    examples are full, whatever else was reported in between). Empty when none can be."""
    if not code:
        return ""
    return f"QUALIFY ({code}) IS NULL OR row_number() OVER (PARTITION BY ({code}) ORDER BY r.line) <= {examples}"


def _count_past_examples(
    engine: Engine, table: str, code: str, by_slug: dict[str, Code], report: Report, file: str, rule: RulePlan
) -> None:
    """Count the rows `_past_examples` left out of the stream; those a condition left out also
    as `mapping._admits` counts them (report.left_by_conditions)."""
    for slug, by_condition, rows in engine.con.execute(
        f"SELECT {code} AS slug, bool_or(NOT mapped AND follows = 0), count(*) FROM {table} "
        f"WHERE NOT silent AND ({code}) IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).fetchall():
        if rows > report.max_examples:
            past = int(rows) - report.max_examples
            report.count_past_examples(by_slug[slug], file, rule.table, past)
            if by_condition:
                report.left_by_conditions[rule.label] += past


def _completed(out: dict[str, str], view: SilentView) -> dict[str, str]:
    """The record's values as `Validator._complete` leaves them: defaults, then fills."""
    values = dict(out)
    for column, default in view.defaults:
        given = values.get(column, "''")
        values[column] = f"(CASE WHEN {given} = '' THEN {_sql_text(default)} ELSE {given} END)"
    for column, sources in view.fill_from:
        given = values.get(column, "''")
        fill = "''"
        for other in reversed(sources):
            theirs = values.get(other, "''")
            fill = f"(CASE WHEN {theirs} <> '' THEN {theirs} ELSE {fill} END)"
        values[column] = f"(CASE WHEN {given} = '' THEN {fill} ELSE {given} END)"
    return values


def _quiet(
    view: SilentView, values: dict[str, str], columns: tuple[str, ...], plain: set[str], role: str | None
) -> str:
    """SQL true when the target's checks of one record (`fastpath.compile_checks`, less the
    references) and the writer pass it with nothing to say, and, for an enrolment, it is a
    student's (staff records wait for the end). `values`: the completed values' columns;
    `plain`: those known to hold plain IDs; `role`: an enrolment's role before it is completed
    (what the stage reads)."""
    quiet = [f"{role} = 'student'"] if role is not None else ["true"]
    for column in view.required:
        quiet.append(f"trim({values.get(column, _sql_text(''))}) <> ''")
    for column, allowed in view.allowed:
        if column in values:
            quiet.append(f"({values[column]} = '' OR {values[column]} IN ({', '.join(map(_sql_text, allowed))}))")
    for column, value in view.rewrites:
        if column in values:
            quiet.append(f"{values[column]} <> {_sql_text(value)}")
    for column in view.students_only:  # another user's value is blanked (V596)
        if column in values:
            user_role = values.get("role", _sql_text(""))
            quiet.append(f"({values[column]} = '' OR {user_role} IN ('', 'student'))")
    for start, end in view.date_pairs:  # an end before its start is repaired (V615)
        if start in values and end in values:
            quiet.append(f"({values[start]} = '' OR {values[end]} = '' OR {values[end]} >= {values[start]})")
    if view.students is not None and "primary" in values:  # a student's primary true is repaired (V579)
        quiet.append(f"{values['primary']} NOT IN ({', '.join(map(_sql_text, PRIMARY_TRUE))})")
    ids = [values[c] for c in view.id_columns if c in values and c not in plain]
    quiet += [f"({v} = '' OR {_plain_ids([v])})" for v in ids]
    written = [values[c] for c in columns if c in values and c not in plain]
    if written:  # what the CSV writer would quote, clean or put behind an apostrophe: nothing
        quiet.append(f"NOT regexp_matches(concat({', '.join(written)}), '[^ -~]')")
        quiet += [  # a backslash is quoted too (write.CsvRows)
            f"NOT (contains({v}, ',') OR contains({v}, '\"') OR contains({v}, '\\') "
            f"OR left({v}, 1) IN ('-', '+', '=', '@', ' '))"
            for v in written
        ]
    return " AND ".join(quiet)


def _staged(engine: Engine, compiled: _RuleSql, view: SilentView, columns: tuple[str, ...]) -> tuple[str, list[str]]:
    """The table of the rule's rows: line, mapped (the fast path maps it), the fast path's
    values (raw_<column>), the record's values as the validator completes them (o_<column>)
    and quiet; with the completed columns' names."""
    con = engine.con
    raw = {name: f"raw_{name}" for name in compiled.out}
    completed = _completed(raw, view)
    plain = {c for c in compiled.guarded if completed[c] == raw[c]}
    values = {name: f"o_{name}" for name in completed}
    # A value the validator leaves as mapped is held once, as o_<column> (the table is half as
    # wide: at a million students, 8M rows written and read again).
    same = {name for name in raw if completed.get(name) == raw[name]}
    # Mapped but for the where: the record a row left out by a condition would have made (a
    # row whose class was left out follows it: Validator.follow_on). Mapped: whole and the
    # where met (each condition written once: DuckDB binds and optimizes the query's text).
    whole = " AND ".join(c for c in compiled.conditions if c not in compiled.where) or "true"
    met = " AND ".join(c for c in compiled.conditions if c in compiled.where) or "true"
    plain_ids = _plain_ids([raw[c] for c in compiled.guarded])
    enrolments = compiled.rule.table == "enrollments"
    role = ("o_role" if "role" in same else raw.get("role", "''")) if enrolments else None
    quiet = _quiet(view, values, columns, plain, role)
    stage = engine.table_name("m")
    held = [f"{raw[n]} AS o_{n}" if n in same else raw[n] for n in raw]
    held += [f"{sql} AS o_{name}" for name, sql in completed.items() if name not in same]
    engine.raw_of[stage] = {name: f"o_{name}" if name in same else raw[name] for name in raw}
    raws = ", ".join(raw.values())
    con.execute(
        f"CREATE TABLE {stage} AS SELECT *, coalesce({quiet}, false) AS quiet FROM ("
        f"SELECT line, whole AND met AS mapped, dropped, whole, {', '.join(held)} FROM ("
        f"SELECT line, whole AND coalesce({plain_ids}, false) AS whole, met, dropped, {raws} FROM ("
        f"SELECT s.line, coalesce({whole}, false) AS whole, coalesce({met}, false) AS met, "
        f"coalesce({compiled.dropped()}, 0) AS dropped, "
        f"{', '.join(f'{sql} AS raw_{name}' for name, sql in compiled.out.items())} FROM {compiled.base_sql()})))"
    ).fetchall()
    # The sourcedIds more than one mapped row has (known before any record is kept, so found
    # here, beside the users stage): none of those rows is silent.
    con.execute(
        f"CREATE TABLE {stage}_twice AS SELECT o_sourcedId AS id FROM {stage} "
        "WHERE mapped AND o_sourcedId IS NOT NULL GROUP BY o_sourcedId HAVING count(*) > 1"
    ).fetchall()
    if not enrolments:
        return stage, list(completed)
    # Likewise the (class, user) pairs more than one mapped row has: the validator keeps the
    # first of a user's enrolments in a class (V580).
    con.execute(
        f"CREATE TABLE {stage}_pairs AS SELECT {_PAIR_SQL} AS pair FROM {stage} "
        f"WHERE mapped AND {_PAIR_SQL} IS NOT NULL GROUP BY 1 HAVING count(*) > 1"
    ).fetchall()
    return stage, list(completed)


# An enrolment's class and user as one value. A comma is in no ID a silent row holds
# (PLAIN_ID_SQL): a pair of an interpreted row that matches one wrongly only sends it to Python.
_PAIR_SQL = "(o_classSourcedId || ',' || o_userSourcedId)"


def _pair(values: dict[str, str]) -> str:
    """`_PAIR_SQL` of a record's values."""
    return f"{values.get('classSourcedId', '')},{values.get('userSourcedId', '')}"


def _not_current_on_class_days(
    engine: Engine, stage: str, completed: list[str], loaded: Loaded, rule: RulePlan, view: SilentView
) -> str:
    """Rostering ahead: a table of the lines of the silent-to-be enrolments whose own dates are
    current on none of their class's judged days (pipeline.judged_days, X847), which are
    Python's; "" on any other run. Judged once per distinct class and dates."""
    judged = view.judged
    _, dates = _dates_sql(rule, loaded.source)
    if judged is None or judged.plan is None or not dates or "classSourcedId" not in completed:
        return ""
    classes = judged.plan.reach.classes
    con = engine.con
    found = con.execute(
        f"SELECT DISTINCT r.o_classSourcedId{dates} FROM {stage} r JOIN {loaded.name} s ON s.line = r.line "
        "WHERE r.mapped AND r.quiet"
    ).fetchall()
    out = [
        chr(31).join((class_id, *texts))
        for class_id, *texts in found
        if (days := classes.get(class_id)) and not judged.row_held(rule.label, tuple(texts), days)
    ]
    keys = engine.table_of(engine.table_name("judged"), {"k": out})
    lines = engine.table_name("judgedlines")
    key = f"concat_ws(chr(31), r.o_classSourcedId{dates})"
    con.execute(
        f"CREATE TABLE {lines} AS SELECT r.line FROM {stage} r JOIN {loaded.name} s ON s.line = r.line "
        f"WHERE r.mapped AND r.quiet AND {key} IN (SELECT k FROM {keys})"
    ).fetchall()
    return lines


def _referenced(
    engine: Engine,
    stage: str,
    completed: list[str],
    view: SilentView,
    taken: str,
    taken_pairs: str,
    judged: str = "",
) -> str:
    """The staged table with broken (the first reference to no kept record, 1-based; -1 when
    `validate` says more of it) and silent, as a view: every check reads a small table (the
    statuses of the distinct IDs, the IDs two rows share, those the interpreter takes, and the
    same of an enrolment's (class, user) pairs; `taken_pairs` empty: no pairs), so the rows are
    not copied again."""
    con = engine.con
    values = {name: f"o_{name}" for name in completed}
    checks = [
        "mapped",
        "quiet",
        "o_sourcedId IS NOT NULL",
        f"o_sourcedId NOT IN (SELECT id FROM {stage}_twice)",
        f"o_sourcedId NOT IN (SELECT id FROM {taken})",
        "broken = 0",
    ]
    if taken_pairs:
        checks += [
            f"{_PAIR_SQL} NOT IN (SELECT pair FROM {stage}_pairs)",
            f"{_PAIR_SQL} NOT IN (SELECT pair FROM {taken_pairs})",
        ]
    broken = []
    for number, (column, _, kept, special) in enumerate(view.references):
        # Once per distinct ID, in the validator's own sets: 0 kept (or empty), 1 missing, 2
        # missing and said otherwise (`Validator._special_misses`).
        value = values.get(column, "''")
        found = [k for (k,) in con.execute(f"SELECT DISTINCT {value} FROM {stage} WHERE mapped AND quiet").fetchall()]
        status = [0 if not k or k in kept else 2 if k in special else 1 for k in found]
        known = engine.table_of(engine.table_name("ref"), {"k": found, "status": status})
        broken.append(
            f"WHEN {value} IN (SELECT k FROM {known} WHERE status = 1) THEN {number + 1} "
            f"WHEN {value} IN (SELECT k FROM {known} WHERE status = 2) THEN -1"
        )
    if view.students is not None and "userSourcedId" in values:
        # A silent record is a student's enrolment: its user must be a student (V578), once per distinct ID.
        users = [
            k for (k,) in con.execute(f"SELECT DISTINCT o_userSourcedId FROM {stage} WHERE mapped AND quiet").fetchall()
        ]
        misfits = engine.table_of(
            engine.table_name("misfit"), {"k": [k for k in users if k and k not in view.students]}
        )
        checks.append(f"(o_userSourcedId IS NULL OR o_userSourcedId NOT IN (SELECT k FROM {misfits}))")
    if view.waiting and "userSourcedId" in values and "schoolSourcedId" in values:
        # A transfer's new school, whose enrolments wait for the student's row (F430): Python's.
        waiting = engine.table_of(
            engine.table_name("waiting"), {"pair": [f"{user},{school}" for user, school in view.waiting]}
        )
        checks.append(f"(o_userSourcedId || ',' || o_schoolSourcedId) NOT IN (SELECT pair FROM {waiting})")
    if judged:  # rostering ahead: a row current on none of its class's days (X847)
        checks.append(f"line NOT IN (SELECT line FROM {judged})")
    if (view.left or view.judged) and "userSourcedId" in values:
        # A student who left a school (F431): her enrolments there follow her ended row, which
        # the validator says; all hers are Python's (a few students), once per distinct ID.
        users = [
            k for (k,) in con.execute(f"SELECT DISTINCT o_userSourcedId FROM {stage} WHERE mapped AND quiet").fetchall()
        ]
        away = view.judged if view.judged is not None else ()  # not at school on some class's days (X847)
        left = engine.table_of(engine.table_name("left"), {"k": [k for k in users if k in view.left or k in away]})
        checks.append(f"(o_userSourcedId IS NULL OR o_userSourcedId NOT IN (SELECT k FROM {left}))")
    follows = "0"
    if view.follows_column in values and view.left_out is not None:
        # A row a condition leaves out whose class was left out follows the class (V503: 1), or
        # is left out for the condition (0); NULL: what the record would be is Python's.
        value = values[view.follows_column]
        found = [
            k
            for (k,) in con.execute(
                f"SELECT DISTINCT {value} FROM {stage} WHERE NOT mapped AND dropped > 0 AND whole"
            ).fetchall()
        ]
        out = engine.table_of(engine.table_name("out"), {"k": [k for k in found if view.left_out(k)]})
        follows = (
            f"CASE WHEN mapped OR dropped = 0 THEN 0 WHEN NOT whole THEN NULL "
            f"WHEN {value} IN (SELECT k FROM {out}) THEN 1 ELSE 0 END"
        )
    if "classSourcedId" in values and "schoolSourcedId" in values:
        for class_id, schools in view.moved.items():
            listed = ", ".join(map(_sql_text, schools))
            checks.append(f"NOT (o_classSourcedId = {_sql_text(class_id)} AND o_schoolSourcedId IN ({listed}))")
    if view.class_schools and "classSourcedId" in values and "schoolSourcedId" in values:
        # An enrolment at another school than its class's is Python's: it is written at the
        # class's and said at its export row (V538).
        at = engine.table_of(
            engine.table_name("atschool"),
            {
                "k": [class_id for class_id, _ in view.class_schools],
                "pair": [f"{class_id}\x01{school}" for class_id, school in view.class_schools],
            },
        )
        checks.append(
            f"(o_classSourcedId NOT IN (SELECT k FROM {at}) "
            f"OR (o_classSourcedId || chr(1) || o_schoolSourcedId) IN (SELECT pair FROM {at}))"
        )
    table = engine.table_name("r")
    # About ten queries read it (the rows for Python, the silent rows written, counted, their
    # users, classes and lines): a view computes its checks again in each. A small export's is
    # made once, a table (2,000 students: ~0.1 CPU-s less); a large one's stays a view, not a
    # second copy of the staged rows (a million students: 8M rows).
    kind = "TABLE" if engine.in_memory else "VIEW"
    con.execute(
        f"CREATE {kind} {table} AS SELECT *, coalesce({' AND '.join(checks)}, false) AS silent FROM ("
        f"SELECT *, (CASE {' '.join(broken) or 'WHEN false THEN 0'} ELSE 0 END) AS broken, "
        f"{follows} AS follows FROM {stage})"
    ).fetchall()
    engine.values[table] = list(values)
    engine.raw_of[table] = engine.raw_of[stage]
    return table


def _silent_bulk(
    engine: Engine,
    table: str,
    loaded: Loaded,
    validator: Validator,
    report: Report,
    columns: tuple[str, ...],
    sinks: Sinks,
    *,
    enrolments: bool,
) -> int:
    """Write the silent rows, count an enrolment's classes per user, mark their lines kept."""
    con = engine.con
    written = ", ".join(f"o_{c}" if c in engine.values[table] else "''" for c in columns)
    handle, name = tempfile.mkstemp(dir=engine.folder, prefix=".silent-")
    os.close(handle)
    part = Path(name)
    try:  # removed whatever fails (a disk that filled up): never published with the set
        con.execute(
            f"COPY (SELECT concat_ws(',', {written}) || chr(13) FROM {table} WHERE silent) TO {_sql_text(str(part))} "
            "(FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\t')"
        ).fetchall()
        (silent,) = con.execute(f"SELECT count(*) FROM {table} WHERE silent").fetchall()[0]
        sinks.write_lines(part, int(silent))
    finally:
        part.unlink(missing_ok=True)
    if not enrolments:
        report.left_out.kept_many(loaded.source.display, _kept_lines(con, table))
        return int(silent)
    for user, count in con.execute(
        f"SELECT o_userSourcedId, count(*) FROM {table} WHERE silent GROUP BY o_userSourcedId"
    ).fetchall():
        validator.count_classes(user, count)
    sinks.with_students.update(
        row[0] for row in con.execute(f"SELECT DISTINCT o_classSourcedId FROM {table} WHERE silent").fetchall()
    )
    report.left_out.kept_many(loaded.source.display, _kept_lines(con, table))
    return int(silent)


def _count_tonight(engine: Engine, table: str, loaded: Loaded, rule: RulePlan, validator: Validator) -> None:
    """The silent students' rows per class and texts their date conditions read, counted ending
    tonight or not (Validator.count_tonight), as the Python engine counts each row it keeps."""
    _, dates = _dates_sql(rule, loaded.source)
    if not dates or validator.ends_tonight is None or "classSourcedId" not in engine.values[table]:
        return
    student = "AND r.o_role = 'student' " if "role" in engine.values[table] else ""
    cursor = engine.con.cursor()
    cursor.execute(
        f"SELECT r.o_classSourcedId{dates}, count(*) FROM {table} r JOIN {loaded.name} s ON s.line = r.line "
        f"WHERE r.silent {student}GROUP BY ALL"
    )
    while batch := cursor.fetchmany(10_000):
        for class_id, *texts, rows in batch:
            validator.count_tonight(class_id or "", rule.label, tuple(texts), int(rows))


def _kept_lines(con: Any, table: str) -> list[tuple[int, int]]:
    """The silent rows' lines as `LeftOut.kept_many` takes them: 64 lines to a bit mask."""
    rows: list[tuple[int, int]] = con.execute(
        f"SELECT line // 64, bit_or(1::UBIGINT << (line % 64)) FROM {table} WHERE silent GROUP BY 1"
    ).fetchall()
    return rows


def register_every_silent(engine: Engine, validator: Validator) -> None:
    """Before a later enrolment rule streams its records through `validate`: every silent
    enrolment goes into the validator's map of first IDs, as the Python engine's would have (a
    district profile with two rules of students' enrolments; rare, so one row at a time)."""
    for table, rule, view in engine.silent_tables:
        if table in engine.registered or rule.table != "enrollments":
            continue
        engine.registered.add(table)
        names = engine.values[table]
        cursor = engine.con.cursor()
        cursor.execute(f"SELECT line, {', '.join(f'o_{n}' for n in names)} FROM {table} ORDER BY line")
        while batch := cursor.fetchmany(_BATCH):
            for row in batch:
                _register(validator, rule, view, row[0], dict(zip(names, row[1:], strict=True)))
        cursor.close()


def _register(validator: Validator, rule: RulePlan, view: SilentView, line: int, produced: dict[str, str]) -> None:
    values = {c.name: produced[c.name] for c in rule.columns}
    for column, _ in (*view.defaults, *view.fill_from):
        if not values.get(column):
            values[column] = produced[column]
    validator.register_first(values["sourcedId"], line, values, rule.table)


def register_collisions(engine: Engine, validator: Validator, ids: list[str]) -> None:
    """Before the held records (staff enrolments) are checked: the silent records whose
    sourcedId one of them has go into the validator's map of first IDs, as the Python engine's
    streamed records would have."""
    if not ids or not engine.silent_tables:
        return
    wanted = engine.table_of(engine.table_name("held"), {"id": ids})
    for table, rule, view in engine.silent_tables:
        if rule.table != "enrollments":
            continue
        names = engine.values[table]
        for row in engine.con.execute(
            f"SELECT line, {', '.join(f'o_{n}' for n in names)} FROM {table} "
            f"WHERE o_sourcedId IN (SELECT id FROM {wanted}) ORDER BY line"
        ).fetchall():
            _register(validator, rule, view, row[0], dict(zip(names, row[1:], strict=True)))


def note_dates(loaded: Loaded, plan: Plan, forms: DateForms, con: Any) -> None:
    """`date_order.counted` for a loaded export: each date column's values counted by the order
    they allow, once per distinct value."""
    source = loaded.source
    for key in plan.date_columns.get(source.source, {}):
        if key not in source.index:
            continue
        position = source.index[key]
        column = source.header[position]
        found = ColumnForms()
        rows = con.execute(
            f"SELECT c{position}, count(*), min(line) FROM {loaded.name} GROUP BY c{position}"
        ).fetchall()
        for value, count, line in sorted(rows, key=lambda r: r[2]):
            order = order_written(value)
            if order == "day":
                found.day_only += count
                found.day_example = found.day_example or (line, value)
            elif order == "month":
                found.month_only += count
                found.month_example = found.month_example or (line, value)
        if found.day_only or found.month_only:
            mine = DateForms({(source.display, column): found})
            forms.merge(mine)

    def values(position: int) -> list[tuple[str | None, int, int]]:
        query = f"SELECT c{position}, count(*), min(line) FROM {loaded.name} GROUP BY c{position}"
        found: list[tuple[str | None, int, int]] = con.execute(query).fetchall()
        return found

    birth_dates.count_values(source, plan, forms, values)  # birth-date columns: their dates' ages (X987)
