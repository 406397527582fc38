"""The last published set and tonight's, read by DuckDB for the safety gate of a large district.

Every night the gate compares each file of tonight's set with the last one's, record by record
(pipeline.gate.compare), and asks both sets a few questions (which schools' students are in no
class tonight: pipeline.org_gate). Read row by row with the csv module that took 3 to 7 seconds
a night at 100,000 students, more than making the classes and enrolments; DuckDB reads, hashes
and joins the same files in about a third of it. The Python reader stays the reference: a file is
read here only where DuckDB reads it exactly as the csv module does (`exact`), and the answers
are the same (tests/test_set_sql.py holds the two to it on written sets, hand-edited ones and
generated ones). Anything else, and a set too small for DuckDB's import to pay, is read in Python.

Files are read with the csv module's dialect as `write` writes it (comma, double quote, a quote
doubled inside a quoted cell). A file is exact when its header is plain (no quote, no BOM; the
same header in both sets for a comparison), every line holding a quote is of the shape the csv
writer writes (`_written`: no space around a quoted cell), no record spans two lines (the rows DuckDB reads are
the file's lines after the header; a blank line is one the csv module skips), and DuckDB reads
every row with as many cells as the header in strict mode; a question that keys on sourcedId also
wants no ID twice. A set written by this tool always is; a folder given with --previous usually is.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import shutil
import tempfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Below this many bytes of tonight's set (about 7,000 students), importing DuckDB (a tenth of a
# second) costs more than the csv module's reading saves. Measured at 10,000 students (a 6 MB set,
# a night with enrolments gone): the comparison and X997's reading 0.31 s -> 0.20 s.
WORTH_BYTES = 4 << 20
MEMORY_LIMIT = "400MB"
_PATTERN_CHARACTERS = "*?[]{}"  # what DuckDB's file reader expands (globs, lists)
_CHUNK = 1 << 20
# (sourcedId, name, role tonight, last night's values, tonight's, orgSourcedIds): org_gate.Candidate
ZerosCandidate = tuple[str, str, str, tuple[str, ...], tuple[str, ...], str]
_ACTIVE: contextvars.ContextVar[SetReader | None] = contextvars.ContextVar("set_reader", default=None)


@dataclass(slots=True)
class Diff:
    """What gate.compare learns of one file: counts, the removed records (sourcedId, class,
    `also` column) in the order of the last set's file, the IDs added (when asked)."""

    previous: int
    now: int
    added: int
    changed: int
    removed: list[tuple[str, str, str]] = field(default_factory=list)
    added_ids: list[str] = field(default_factory=list)


def worth_it(paths: list[Path]) -> bool:
    """Whether the files are large enough for DuckDB to read them faster than the csv module."""
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total >= WORTH_BYTES


@contextlib.contextmanager
def reading(scratch_parent: Path, staged: Path, *, always: bool = False) -> Iterator[SetReader | None]:
    """The reader the gate's questions go to while the block runs (`active`), when tonight's set
    (`staged`) is large enough for it (`worth_it`) or `always`; its scratch folder is made in
    `scratch_parent` and removed after."""
    if not always and not worth_it(sorted(staged.glob("*.csv"))):
        yield None
        return
    reader = SetReader(scratch_parent)
    token = _ACTIVE.set(reader)
    try:
        yield reader
    finally:
        _ACTIVE.reset(token)
        reader.close()


def active() -> SetReader | None:
    """The reader of the gate running now (`reading`), if any."""
    return _ACTIVE.get()


def columns(path: Path, names: tuple[str, ...]) -> Iterator[tuple[str, ...]] | None:
    """`SetReader.columns` of the active reader; None without one or when it does not read the file."""
    reader = _ACTIVE.get()
    return reader.columns(path, names) if reader is not None else None


class SetReader:
    """One DuckDB connection for the gate's questions, made on the first one. Spills to a scratch
    folder (removed on close) past its memory limit."""

    def __init__(self, scratch_parent: Path) -> None:
        self._parent = scratch_parent
        self._con: Any = None
        self._scratch: str | None = None
        self._headers: dict[Path, tuple[list[str], int] | None] = {}
        self._exact: dict[Path, bool] = {}

    def __enter__(self) -> SetReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._con is not None:
            with contextlib.suppress(Exception):
                self._con.close()
            self._con = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    @property
    def con(self) -> Any:
        if self._con is None:
            import os

            import duckdb  # only for a district large enough: the import costs a tenth of a second

            self._scratch = tempfile.mkdtemp(dir=self._parent.absolute(), prefix=".duckdb-gate-")
            self._con = duckdb.connect(
                config={
                    "memory_limit": MEMORY_LIMIT,
                    "temp_directory": self._scratch,
                    "preserve_insertion_order": True,
                    "threads": os.cpu_count() or 1,
                }
            )
        return self._con

    def header(self, path: Path) -> list[str] | None:
        """The file's plain header (see `_header_and_lines`), or None."""
        found = self._read_header(path)
        return found[0] if found else None

    def _read_header(self, path: Path) -> tuple[list[str], int] | None:
        if path not in self._headers:
            text = str(path.absolute())
            found = None
            with contextlib.suppress(OSError, UnicodeDecodeError):
                if not any(c in text for c in _PATTERN_CHARACTERS):
                    found = _header_and_lines(path)
            # Two columns at least: a blank line of a one-column file is a record to DuckDB.
            ok = found is not None and "sourcedId" in found[0] and len(set(found[0])) == len(found[0]) > 1
            self._headers[path] = found if ok else None
        return self._headers[path]

    def exact(self, path: Path) -> list[str] | None:
        """The file's header when DuckDB reads every record of it as the csv module does: a row
        of more or fewer cells, a quote left open, another encoding, a record over two lines or a
        blank line (which the csv module skips) leave it to the csv module. None otherwise."""
        import duckdb

        found = self._read_header(path)
        if found is None:
            return None
        if path not in self._exact:
            try:
                (rows,) = self.con.execute(f"SELECT count(*) FROM {self._read(path, found[0])}").fetchall()[0]
            except duckdb.Error:
                rows = -1
            self._exact[path] = rows == found[1]
        return found[0] if self._exact[path] else None

    def forget(self, path: Path) -> None:
        """The file was written again: its header and exactness are read again when next asked."""
        self._headers.pop(path, None)
        self._exact.pop(path, None)

    def table(self, name: str, path: Path, names: tuple[str, ...]) -> bool:
        """Temp table `name`: the named columns of each record ("" for an empty cell), in the
        file's order (its rowid: the record's line less 2). False, and no table, when the file is
        not read exactly here or lacks one of the columns."""
        import duckdb

        header = self.header(path)
        if header is None or not set(names) <= set(header):
            return False
        picked = ", ".join(f"{_cell(column, header)} AS {_q(column)}" for column in names)
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {picked} FROM {self._read(path, header)}")
            (rows,) = self.con.execute(f"SELECT count(*) FROM {name}").fetchall()[0]
        except duckdb.Error:
            rows = -1
        found = self._read_header(path)
        self._exact[path] = found is not None and rows == found[1]
        if not self._exact[path]:
            self.con.execute(f"DROP TABLE IF EXISTS {name}")
        return self._exact[path]

    def columns(self, path: Path, names: tuple[str, ...]) -> Iterator[tuple[str, ...]] | None:
        """The named columns of each record in the file's order ("" for a column it lacks), as
        gate.columns_of reads them; None when the file is not read exactly here."""
        header = self.exact(path)
        if header is None:
            return None
        picked = ", ".join(_cell(name, header) for name in names)
        return _streamed(self.con.execute(f"SELECT {picked} FROM {self._read(path, header)}"))

    def _read(self, path: Path, header: list[str]) -> str:
        columns = "{" + ", ".join(f"{_sql_text(name)}: 'VARCHAR'" for name in header) + "}"
        return (
            f"read_csv({_sql_text(str(path.absolute()))}, delim=',', quote='\"', escape='\"', header=false, "
            f"skip=1, columns={columns}, strict_mode=true, null_padding=false, auto_detect=false, "
            "encoding='utf-8')"
        )

    def _hashed(self, name: str, path: Path, header: list[str]) -> bool:
        """Table `name`: (h, d) the hash of each record's sourcedId and of the whole record, in the
        file's order (rowid); False when DuckDB does not read the file exactly (`exact`)."""
        import duckdb

        cells = ", ".join(f"coalesce({_q(column)}, '')" for column in header)
        try:
            self.con.execute(
                f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT hash({_q('sourcedId')}) AS h, "
                f"hash({cells}) AS d FROM {self._read(path, header)}"
            )
            (rows,) = self.con.execute(f"SELECT count(*) FROM {name}").fetchall()[0]
        except duckdb.Error:
            rows = -1
        found = self._read_header(path)
        self._exact[path] = found is not None and rows == found[1]
        return self._exact[path]

    def diff(self, old: Path, new: Path, *, class_column: str, also: str, added_ids: bool) -> Diff | None:
        """The records of `new` added, changed and removed against `old`, by sourcedId; None when
        either file is not read exactly here, their headers differ, or either repeats an ID (the
        csv module's reading decides those)."""
        import duckdb

        try:
            return self._diff(old, new, class_column=class_column, also=also, added_ids=added_ids)
        except duckdb.Error:
            return None

    def _diff(self, old: Path, new: Path, *, class_column: str, also: str, added_ids: bool) -> Diff | None:
        header = self.header(old)
        if header is None or self.header(new) != header:
            return None
        con = self.con
        sourced = _q("sourcedId")
        try:
            if not self._hashed("gate_old", old, header) or not self._hashed("gate_new", new, header):
                return None
            counts = con.execute(
                "SELECT (SELECT count(*) FROM gate_old), (SELECT count(DISTINCT h) FROM gate_old), "
                "(SELECT count(*) FROM gate_new), (SELECT count(DISTINCT h) FROM gate_new), "
                "(SELECT count(*) FROM gate_new ANTI JOIN gate_old USING (h)), "
                "(SELECT count(*) FROM gate_new JOIN gate_old USING (h) WHERE gate_new.d <> gate_old.d)"
            ).fetchall()[0]
            previous, old_ids, now, new_ids, added, changed = (int(n) for n in counts)
            if previous != old_ids or now != new_ids:
                return None
            # rowid: the record's place in the last set's file (read in order: preserve_insertion_order)
            places = dict(con.execute("SELECT h, rowid FROM gate_old ANTI JOIN gate_new USING (h)").fetchall())
            found = Diff(previous=previous, now=now, added=added, changed=changed)
            if places:
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE gate_gone AS SELECT h FROM gate_old ANTI JOIN gate_new USING (h)"
                )
                picked = [sourced, _cell(class_column, header), _cell(also, header)]
                rows = con.execute(
                    f"SELECT hash({sourced}), {', '.join(picked)} FROM {self._read(old, header)} "
                    f"WHERE hash({sourced}) IN (SELECT h FROM gate_gone)"
                ).fetchall()
                found.removed = [(key, cls, other) for _, key, cls, other in sorted(rows, key=lambda r: places[r[0]])]
            if added_ids and added and previous:
                con.execute(
                    "CREATE OR REPLACE TEMP TABLE gate_added AS SELECT h FROM gate_new ANTI JOIN gate_old USING (h)"
                )
                found.added_ids = [
                    key
                    for (key,) in con.execute(
                        f"SELECT {sourced} FROM {self._read(new, header)} "
                        f"WHERE hash({sourced}) IN (SELECT h FROM gate_added)"
                    ).fetchall()
                ]
            return found
        finally:
            for name in ("gate_old", "gate_new", "gate_gone", "gate_added"):
                con.execute(f"DROP TABLE IF EXISTS {name}")

    def students_unenrolled(
        self, previous: Path, staged: Path, unexplained: set[str]
    ) -> tuple[int, dict[str, tuple[int, int]], tuple[int, int]] | None:
        """org_gate.students_unenrolled's reading of both sets: how many students of the last set
        lost an enrolment in `unexplained`; by school of the last set (its users' orgSourcedIds, a
        school listed twice counted twice) its students who were in a class and, of them, those
        published tonight in none; and the same two counts across the district, each student once.
        None when a file is not read exactly here."""
        import duckdb
        import pyarrow as pa

        files = {
            "old_enrolments": (previous / "enrollments.csv", ("sourcedId", "userSourcedId")),
            "old_users": (previous / "users.csv", ("sourcedId", "role", "orgSourcedIds")),
            "new_enrolments": (staged / "enrollments.csv", ("userSourcedId",)),
            "new_users": (staged / "users.csv", ("sourcedId",)),
        }
        read: dict[str, str] = {}
        for name, (path, needed) in files.items():
            header = self.exact(path)
            if header is None or not set(needed) <= set(header):
                return None
            read[name] = self._read(path, header)
        con = self.con
        try:
            con.register("gate_unexplained", pa.table({"id": pa.array(sorted(unexplained), type=pa.string())}))
            con.execute(
                "CREATE OR REPLACE TEMP TABLE gate_lost AS SELECT DISTINCT coalesce(\"userSourcedId\", '') AS u "
                f"FROM {read['old_enrolments']} WHERE coalesce(\"sourcedId\", '') IN (SELECT id FROM gate_unexplained)"
            )
            (lost,) = con.execute("SELECT count(*) FROM gate_lost").fetchall()[0]
            rows = con.execute(
                f"""WITH was AS (SELECT DISTINCT coalesce("userSourcedId", '') AS u FROM {read["old_enrolments"]}),
                still AS (SELECT DISTINCT coalesce("userSourcedId", '') AS u FROM {read["new_enrolments"]}),
                published AS (SELECT DISTINCT coalesce("sourcedId", '') AS u FROM {read["new_users"]}),
                no_class AS (
                    SELECT u FROM gate_lost WHERE u IN (SELECT u FROM published) AND u NOT IN (SELECT u FROM still)
                ),
                students AS (
                    SELECT coalesce("sourcedId", '') AS u, coalesce("orgSourcedIds", '') AS orgs
                    FROM {read["old_users"]}
                    WHERE coalesce("role", '') = 'student' AND coalesce("sourcedId", '') IN (SELECT u FROM was)
                ),
                placed AS (SELECT u, unnest(string_split(orgs, ',')) AS school FROM students)
                SELECT school, count(*), count(*) FILTER (WHERE u IN (SELECT u FROM no_class))
                FROM placed WHERE school <> '' GROUP BY school
                UNION ALL
                SELECT NULL, count(DISTINCT u), count(DISTINCT u) FILTER (WHERE u IN (SELECT u FROM no_class))
                FROM students"""
            ).fetchall()
        except duckdb.Error:
            return None
        finally:
            with contextlib.suppress(duckdb.Error):
                con.unregister("gate_unexplained")
                con.execute("DROP TABLE IF EXISTS gate_lost")
        district = next(((int(held), int(emptied)) for school, held, emptied in rows if school is None), (0, 0))
        by_school = {school: (int(held), int(emptied)) for school, held, emptied in rows if school is not None}
        return int(lost), by_school, district

    def zeros_candidates(
        self,
        previous: Path,
        staged: Path,
        columns: tuple[str, ...],
        glued: Collection[str] = (),
        *,
        school: bool = False,
    ) -> tuple[list[ZerosCandidate], list[tuple[str, str, str, str, int]]] | None:
        """org_gate.identifiers_zeros_lost's reading of both users.csv, in one pass of each: the
        users one of whose values of `columns` (those both headers have) held last night a number
        beginning with a zero ('000123@...') and tonight looks like it without zeros (the same once
        every number's leading zeros are taken off, not the same as written): (sourcedId, name, role
        tonight, last night's values, tonight's, orgSourcedIds), which org_gate checks; and when there
        are some, of the users both sets hold (by sourcedId) who held such a value last night and hold
        one tonight, how many by (column, role tonight, last night's value, orgSourcedIds), which
        org_gate groups (`group_of`). orgSourcedIds: with `school`, the user's when the same both
        nights, else ''.
        In the `glued` columns a number may touch other digits ('4021000123' -> '4021123'): a value
        holding a zero between digits is read too, and tonight's shorter and the same without zeros.
        None when a file is not read exactly here or repeats an ID."""
        import duckdb

        read: list[str] = []
        headers: list[list[str]] = []
        for path in (previous / "users.csv", staged / "users.csv"):
            header = self.exact(path)
            if header is None:
                return None
            read.append(self._read(path, header))
            headers.append(header)
        held = [column for column in columns if column in headers[0] and column in headers[1]]
        if not held:
            return [], []
        given, family, role = (_cell(name, headers[1]) for name in ("givenName", "familyName", "role"))
        orgs = [_cell("orgSourcedIds", header) if school else "''" for header in headers]
        olds = ", ".join(f"coalesce({_q(c)}, '') AS a{i}" for i, c in enumerate(held))
        news = ", ".join(f"coalesce({_q(c)}, '') AS b{i}" for i, c in enumerate(held))
        padded = [
            f"((regexp_matches(a{i}, '{PADDED}') OR regexp_matches(a{i}, '{GLUED}')) AND b{i} <> '')"
            if column in glued
            else f"(regexp_matches(a{i}, '{PADDED}') AND b{i} <> '')"
            for i, column in enumerate(held)
        ]
        alike = " OR ".join(
            f"({padded[i]} AND a{i} <> b{i} AND ({_stripped(f'a{i}', f'b{i}')}{_removed(i, column in glued)}))"
            for i, column in enumerate(held)
        )
        try:
            for source in read:
                (repeated,) = self.con.execute(
                    f"SELECT count(*) - count(DISTINCT coalesce(\"sourcedId\", '')) FROM {source}"
                ).fetchall()[0]
                if repeated:
                    return None
            self.con.execute(
                f"""CREATE OR REPLACE TEMP TABLE gate_zeros AS
                SELECT * EXCLUDE (so, sn), CASE WHEN so = sn THEN so ELSE '' END AS s
                FROM (SELECT coalesce("sourcedId", '') AS id, {olds}, {orgs[0]} AS so FROM {read[0]}) AS o
                JOIN (SELECT coalesce("sourcedId", '') AS id, {news}, {given} AS g, {family} AS f, {role} AS r,
                {orgs[1]} AS sn FROM {read[1]}) AS n
                USING (id) WHERE {" OR ".join(padded)}"""
            )
            olds_new = ", ".join(f"a{i}, b{i}" for i in range(len(held)))
            rows = self.con.execute(f"SELECT id, g, f, r, s, {olds_new} FROM gate_zeros WHERE {alike}").fetchall()
            counts = (
                self.con.execute(
                    " UNION ALL ".join(
                        f"SELECT {i}, r, a{i}, s, count(*) FROM gate_zeros WHERE {test} GROUP BY 2, 3, 4"
                        for i, test in enumerate(padded)
                    )
                ).fetchall()
                if rows
                else []
            )
        except duckdb.Error:
            return None
        finally:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("DROP TABLE IF EXISTS gate_zeros")
        at = [held.index(column) if column in held else -1 for column in columns]  # "" for a column not in both
        found = [
            (
                key,
                " ".join(n for n in (first, last) if n),
                role,
                tuple(cells[2 * i] if i >= 0 else "" for i in at),
                tuple(cells[2 * i + 1] if i >= 0 else "" for i in at),
                orgs,
            )
            for key, first, last, role, orgs, *cells in rows
        ]
        return found, [(held[i], role, old, orgs, int(count)) for i, role, old, orgs, count in counts]


def students_unenrolled(
    previous: Path, staged: Path, unexplained: set[str]
) -> tuple[int, dict[str, tuple[int, int]], tuple[int, int]] | None:
    """`SetReader.students_unenrolled` of the active reader; None without one or when it does not read the files."""
    reader = _ACTIVE.get()
    return reader.students_unenrolled(previous, staged, unexplained) if reader is not None else None


def zeros_candidates(
    previous: Path, staged: Path, columns: tuple[str, ...], glued: Collection[str] = (), *, school: bool = False
) -> tuple[list[ZerosCandidate], list[tuple[str, str, str, str, int]]] | None:
    """`SetReader.zeros_candidates` of the active reader; None without one or when it does not read the files."""
    reader = _ACTIVE.get()
    return reader.zeros_candidates(previous, staged, columns, glued, school=school) if reader is not None else None


# A number ('000123' in '000123@kids.example.org'), and a value holding one that begins with a zero
# ('0101', '000123@kids.example.org', 's0042'): org_gate's regular expressions too (Python's and
# DuckDB's read them alike).
NUMBER = "[0-9]+"
PADDED = "(^|[^0-9])0[0-9]"
GLUED = "[0-9]0[0-9]"  # a zero between digits: a number glued to others ('4021000123', org_gate.Template)


def _stripped(old: str, new: str) -> str:
    """org_gate._stripped's test: as many numbers in both, each the same or tonight's last night's
    without its leading zeros, one at least not the same (the letters around them may change)."""
    before, after = f"regexp_extract_all({old}, '{NUMBER}')", f"regexp_extract_all({new}, '{NUMBER}')"
    same_or_stripped = "lambda p: p[1] = p[2] OR (p[1][1] = '0' AND p[2] = coalesce(nullif(ltrim(p[1], '0'), ''), '0'))"
    return (
        f"(len({before}) = len({after}) AND {before} <> {after} "
        f"AND list_bool_and(list_transform(list_zip({before}, {after}), {same_or_stripped})))"
    )


def _removed(at: int, glued: bool) -> str:
    """org_gate.zeros_removed's test, OR'ed to `_stripped`'s in a glued column: tonight's shorter, the
    same once every zero of both is taken off."""
    if not glued:
        return ""
    old, new = f"a{at}", f"b{at}"
    return f" OR (length({new}) < length({old}) AND replace({old}, '0', '') = replace({new}, '0', ''))"


def _streamed(cursor: Any) -> Iterator[tuple[str, ...]]:
    while rows := cursor.fetchmany(_BATCH):
        yield from rows


_BATCH = 50_000


def _header_and_lines(path: Path) -> tuple[list[str], int] | None:
    """The plain header of a file (None: quoted, with a BOM, or none) and how many lines follow it
    (a last line without its line break counted); None too when a line holding a quote is not of
    the shape the csv writer writes (`_written`)."""
    lines, last = 0, b"\n"
    pending: list[bytes] = []  # the start of a line no chunk read so far has ended
    with path.open("rb") as handle:
        first = handle.readline()
        if not first.endswith(b"\n") or first.startswith(b"\xef\xbb\xbf") or b'"' in first:
            return None
        header = first.decode("utf-8").rstrip("\r\n").split(",")
        while chunk := handle.read(_CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
            cut = chunk.rfind(b"\n") + 1  # whole lines: the rest goes on to the next chunk
            if not cut:  # a line longer than a chunk: joined once, when it ends (never `rest + chunk`)
                pending.append(chunk)
                continue
            if not _written(b"".join((*pending, chunk[:cut]))):
                return None
            pending = [chunk[cut:]]
        if not _written(b"".join(pending)):
            return None
    return header, lines + (0 if last == b"\n" else 1)


# The shape of a line the csv writer writes (comma, double quote, a quote doubled inside a quoted
# cell): cells unquoted (no quote, comma or line break) or quoted whole, nothing around the quotes.
# DuckDB and the csv module read such a line alike; a line holding a quote in any other shape
# (`"x" ,`, `, "x"`, ` "x"` at a line's start, `"a" "b"`, `ab"c`) they may read otherwise (DuckDB
# drops spaces around a quoted cell and joins `"a" "b"`), and a line inside a quoted cell over
# two lines (which DuckDB reads as one record: never exact anyway) does not match alone. So a file
# with such a line is read by the csv module. An allowlist: what is not the writer's is not read here.
_CELL = rb'(?:[^",\r\n]*|"[^"]*(?:""[^"]*)*")'
_WRITTEN_LINE = re.compile(_CELL + rb"(?:," + _CELL + rb")*\r?")


def _written(text: bytes) -> bool:
    """Whether each of the whole lines in `text` that holds a quote (found with `bytes.find`: the
    rest pass at its speed) is of the csv writer's shape (`_WRITTEN_LINE`), each line looked at once."""
    find, rfind, shaped, size = text.find, text.rfind, _WRITTEN_LINE.fullmatch, len(text)
    at = find(b'"')
    while at >= 0:
        end = find(b"\n", at)
        end = size if end < 0 else end
        # the line's start: the quote is its first, so no further back than the line end before it
        if not shaped(text, rfind(b"\n", 0, at) + 1, end):
            return False
        at = find(b'"', end)
    return True


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _cell(name: str, header: list[str]) -> str:
    return f"coalesce({_q(name)}, '')" if name and name in header else "''"
