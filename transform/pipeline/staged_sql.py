"""Tonight's set, once its tables are written, sorted and read again by DuckDB at a large district.

After the tables are written the run passes over the files four times more: each file's records
are put in order (pipeline.order), an enrolment at another school than its class is given the
class's (pipeline.enrolment_schools, V538), a student or staff member enrolled at a school their
row lacks is given it (pipeline.user_schools, V593), and a student no demographics row was made
for is said (run, D369). In Python those passes took ~1.9 CPU seconds at 100,000 students (each
a csv reading of users.csv or enrollments.csv, 28 MB each); with enrollments.csv sorted here and
the three questions answered here, ~0.95 (README "Speed and memory"). What the questions find is rare (an
enrolment at another school, a school a user lacks) and is still done by the Python passes, on
the records found: the file rewritten, each problem at its line. Below `set_sql.worth_it` (the
gate's threshold, about 7,000 students) all of it stays in Python, the reference, which
tests/test_staged_sql.py holds this to: the same bytes, problems, lines and explain file.

A file is sorted here only when it is plain lines: every line ends in CR LF, none is empty or
holds another CR or LF, and a control byte DuckDB can split on as the delimiter is in none. Its
lines are read whole (no quote is looked at: a quoted cell sorts by its quote, as the bytes do)
and ordered by their bytes with the line break, as `order.sort_records` orders them; anything
else (and a small file, which Python sorts faster) is sorted by `order.sort_records`. The
questions read a file's columns where `set_sql.SetReader.table` reads it exactly as the csv module
does, else return None and the Python pass answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from transform.oneroster.spec import AGENT_ROLES

from .set_sql import SetReader, _sql_text

# A file under this many bytes is sorted by order.sort_records, faster than DuckDB's query for
# it. Only enrollments.csv is sorted here (pipeline.run.in_order): the users stage writes
# users.csv in the students export's order, nearly sorted where the export lists students by
# number (the synthetic district), which timsort sorts in about one pass, and DuckDB gains
# little on it even shuffled; the enrolments come in two streams (the columnar engine's bulk
# rows and the rows the Python engine checks), which it must merge. Measured at 100,000 students
# (CPU seconds, median of seven on a loaded 2-core VM, the files as the run writes them, the
# scan for plain lines included): enrollments.csv 27 MB 0.45 -> 0.26, users.csv 28 MB 0.19 ->
# 0.24 (shuffled: 0.21 -> 0.17), demographics.csv 3 MB 0.024 -> 0.027.
SORT_WORTH_BYTES = 8 << 20
_CHUNK = 1 << 20
_DELIMITERS = (b"\x01", b"\x02", b"\x03", b"\x04", b"\x05", b"\x06")  # one a file lacks splits nothing
_BATCH = 1 << 16
_CRLF = b"\r\n"


class StagedSql:
    """The staged set's files for DuckDB, on the connection of a `set_sql.SetReader`."""

    def __init__(self, reader: SetReader, folder: Path) -> None:
        self.reader = reader
        self.folder = folder
        self._tables: dict[str, Path] = {}

    def sort(self, path: Path) -> bool:
        """The file's records in `order.sort_records`' order, sorted here; False (the file as it
        was) when it is small or not plain lines."""
        import duckdb

        try:
            if path.stat().st_size < SORT_WORTH_BYTES:
                return False
        except OSError:
            return False
        plain = _plain_lines(path)
        if plain is None:
            return False
        header, lines, delimiter = plain
        read = (
            f"read_csv({_sql_text(str(path.absolute()))}, delim={_sql_text(delimiter)}, quote='', escape='', "
            "header=false, skip=1, columns={'l': 'VARCHAR'}, strict_mode=true, null_padding=false, "
            "auto_detect=false, encoding='utf-8')"
        )
        partial = path.with_name(f".{path.name}.sorted")
        rows = 0
        try:
            query = f"SELECT l || chr(13) || chr(10) AS line FROM {read} ORDER BY line"
            batches = self.reader.con.sql(query).to_arrow_reader(_BATCH)
            with partial.open("wb") as out:
                out.write(header)
                for batch in batches:
                    rows += batch.num_rows
                    out.write(_joined(batch.column(0)))
            size = partial.stat().st_size
        except duckdb.Error:
            partial.unlink(missing_ok=True)
            return False
        if rows != lines or size != path.stat().st_size:  # a line read otherwise than it is written
            partial.unlink(missing_ok=True)
            return False
        partial.replace(path)
        self.forget(path)
        return True

    def forget(self, path: Path) -> None:
        """The file was written again: its tables are made again when next asked for."""
        self.reader.forget(path)
        for name in [name for name, made_from in self._tables.items() if made_from == path]:
            del self._tables[name]
            self.reader.con.execute(f"DROP TABLE IF EXISTS {name}")

    def _table(self, name: str, file: str, columns: tuple[str, ...]) -> bool:
        path = self.folder / file
        if name in self._tables:
            return True
        if not path.is_file() or not self.reader.table(name, path, columns):
            return False
        self._tables[name] = path
        return True

    def _users(self) -> bool:
        return self._table("staged_users", "users.csv", ("sourcedId", "orgSourcedIds", "role"))

    def _enrolments(self) -> bool:
        return self._table(
            "staged_enrolments", "enrollments.csv", ("sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId")
        )

    def misaligned(self) -> bool | None:
        """Whether an enrolment's school is not its class's, the class's row last in classes.csv
        for an ID written twice, as enrolment_schools reads it (so asked before classes.csv is
        sorted); None when not read here."""
        con, classes = self.reader.con, self.folder / "classes.csv"
        if not self._enrolments() or not classes.is_file():
            return None
        try:
            if not self.reader.table("staged_classes", classes, ("sourcedId", "schoolSourcedId")):
                return None
            (differs,) = con.execute(
                """WITH school_of AS (
                    SELECT "sourcedId" AS id, arg_max("schoolSourcedId", rowid) AS school
                    FROM staged_classes GROUP BY 1
                )
                SELECT count(*) FROM (SELECT DISTINCT "classSourcedId" AS id, "schoolSourcedId" AS school
                                      FROM staged_enrolments) AS pairs
                JOIN school_of ON school_of.id = pairs.id WHERE school_of.school <> pairs.school"""
            ).fetchall()[0]
        finally:
            con.execute("DROP TABLE IF EXISTS staged_classes")
        return bool(differs)

    def classes_unwritten(self) -> set[str] | None:
        """The classes enrolments name that classes.csv does not hold (enrolment_schools.unwritten's
        answer); None when not read here."""
        con, classes = self.reader.con, self.folder / "classes.csv"
        if not self._enrolments() or not classes.is_file():
            return None
        try:
            if not self.reader.table("staged_class_ids", classes, ("sourcedId",)):
                return None
            rows = con.execute(
                """SELECT DISTINCT "classSourcedId" FROM staged_enrolments
                WHERE "classSourcedId" NOT IN (SELECT "sourcedId" FROM staged_class_ids)"""
            ).fetchall()
        finally:
            con.execute("DROP TABLE IF EXISTS staged_class_ids")
        return {str(class_id) for (class_id,) in rows}

    def not_listed(self) -> dict[str, dict[str, tuple[str, str, int]]] | None:
        """user_schools._not_listed's answer: user -> school -> (the first enrolment there, in the
        file's order, its class, how many) of the enrolments at a school that the user's row, a
        student's or staff member's, does not list; users in the order of their first such
        enrolment. {} when no user is a student or staff member; None when not read here."""
        if not self._users() or not self._enrolments():
            return None
        con = self.reader.con
        guardians = ", ".join(_sql_text(role) for role in sorted(AGENT_ROLES))
        con.execute(
            'CREATE OR REPLACE TEMP TABLE staged_known AS SELECT DISTINCT "sourcedId" AS u, '
            f"unnest(string_split(\"orgSourcedIds\", ',')) AS school FROM staged_users WHERE role NOT IN ({guardians})"
        )
        try:
            (known,) = con.execute("SELECT count(*) FROM staged_known").fetchall()[0]
            if not known:
                return {}
            rows = con.execute(
                """SELECT "userSourcedId", "schoolSourcedId", arg_min("sourcedId", rowid),
                    arg_min("classSourcedId", rowid), count(*), min(rowid) AS first
                FROM staged_enrolments AS e
                WHERE "schoolSourcedId" <> ''
                    AND NOT EXISTS (SELECT 1 FROM staged_known AS k WHERE k.u = e."userSourcedId"
                                    AND k.school = e."schoolSourcedId")
                GROUP BY 1, 2 ORDER BY first"""
            ).fetchall()
        finally:
            con.execute("DROP TABLE IF EXISTS staged_known")
        missing: dict[str, dict[str, tuple[str, str, int]]] = {}
        for user, school, enrollment, class_id, count, _ in rows:
            missing.setdefault(user, {})[school] = (enrollment, class_id, int(count))
        return missing

    def students_without(self, file: str) -> Iterator[tuple[int, str]] | None:
        """(line in users.csv, sourcedId) of each student, in the file's order, whose ID no record
        of `file` (demographics.csv) has; None when not read here."""
        if not self._users() or not self._table("staged_demographics", file, ("sourcedId",)):
            return None
        rows: list[tuple[int, str]] = self.reader.con.execute(
            """SELECT rowid + 2, "sourcedId" FROM staged_users WHERE role = 'student'
            AND "sourcedId" NOT IN (SELECT "sourcedId" FROM staged_demographics) ORDER BY rowid"""
        ).fetchall()
        return iter(rows)


def _joined(column: Any) -> bytes | memoryview:
    """The values of an Arrow string column, one after the other: its data buffer, where the
    column is Arrow's plain string layout (values back to back, in order)."""
    import pyarrow as pa

    if len(column) == 0:
        return b""
    if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
        _, offsets, data = column.buffers()
        at = memoryview(offsets).cast("q" if pa.types.is_large_string(column.type) else "i")
        return memoryview(data)[at[column.offset] : at[column.offset + len(column)]]
    return "".join(column.to_pylist()).encode("utf-8")


def _plain_lines(path: Path) -> tuple[bytes, int, str] | None:
    """The header line, how many lines follow it and a delimiter byte none holds, when every line
    ends in CR LF and none is empty or holds another CR or LF; else None."""
    absent = list(_DELIMITERS)
    lines = 0
    with path.open("rb") as handle:
        header = handle.readline()
        if not header.endswith(_CRLF):
            return None
        while chunk := handle.read(_CHUNK):
            chunk += handle.readline()  # whole lines: no pattern spans two chunks
            ends = chunk.count(b"\n")
            if (
                not chunk.endswith(_CRLF)
                or chunk.startswith(_CRLF)
                or chunk.count(b"\r") != ends
                or chunk.count(_CRLF) != ends
                or b"\n\r\n" in chunk
            ):
                return None
            while absent and absent[0] in chunk:  # the first a file lacks, looked for alone
                del absent[0]
            if not absent:
                return None
            lines += ends
    return header, lines, absent[0].decode()
