"""Write the set into a staging folder beside the output, and move it into place only
when the run succeeds: a failed run leaves the previous set exactly as it was."""

from __future__ import annotations

import contextlib
import csv
import errno
import fcntl
import fnmatch
import os
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from transform.cleaners.cells import BIDI_CONTROLS, FORMULA_STARTS, is_formula
from transform.cleaners.text import clean_text, one_line
from transform.oneroster.spec import ALL_FILES, MANIFEST_VERSION, ONEROSTER_VERSION, Target
from transform.report import codes
from transform.report.codes import Action, Severity
from transform.report.problem import PERSONAL_PARAMS, Problem, TransformAbort, Where, Who
from transform.report.report import Report

from . import order, swap
from .rows import Draft

OUR_FILES = frozenset({"manifest.csv", *(f"{name}.csv" for name in ALL_FILES)})
# What the run writes into its staging folder beside the set and removes when done (the
# columnar engine's silent rows and database, a file rewritten or sorted, the preflight's
# probe): left behind only when writing it failed, such as on a disk that filled up.
TEMPORARY = (".silent-*", ".duckdb-*", ".*.kept", ".*.partial", ".*.sorted", ".transform-probe-*")


def temporary(name: str) -> bool:
    """A name of the run's own temporaries (`TEMPORARY`), never part of a set."""
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in TEMPORARY)


# Quotes, line breaks, control and text-direction characters in a cell.
_UNSAFE_CHARS = '\r\n"“”\v\f\x85\u2028\u2029„‟″«»\x01-\x08\x0e-\x1f\x7f-\x9f' + BIDI_CONTROLS
_UNSAFE = re.compile(f"[\x00{_UNSAFE_CHARS}]")
# A row's cells each led by a double quote (no cell holds one, or the row is not plain): a cell
# that may start a formula (a quick search for the quote), then one that does (a signed number
# does not); typographic quotes, which `isprintable` lets through.
_TRIGGERS = re.escape(FORMULA_STARTS.replace("+", "").replace("-", ""))
_ROW_FORMULA_HINT = re.compile(f'"[-+ {_TRIGGERS}]')
_ROW_FORMULA = re.compile(f'"(?:[ {_TRIGGERS}]|[+-](?![0-9]+(?:\\.[0-9]+)?(?:"|$)))')
_TYPOGRAPHIC_QUOTES = re.compile("[“”„‟″«»]")
# What a published cell is quoted for: csv.writer's delimiter, quote and line breaks, and a
# backslash, which a reader that takes it for an escape (Remind's article shows `\"` in a
# name) reads as one: 'Oak\,' unquoted ended the cell further on (tester70 S4).
_QUOTED_FOR = re.compile('[,"\r\n\\\\]')


class CsvRows:
    """csv.writer's rows (RFC 4180, CR LF, quoted as it quotes) with a cell that holds a
    backslash quoted too: every writer of the published set writes its rows with this one, so
    a cell is quoted alike whichever wrote it (the columnar engine sends such a row here,
    pipeline.columnar). A row without a backslash is csv.writer's, byte for byte."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._writer = csv.writer(handle, lineterminator="\r\n")

    def writerow(self, row: Sequence[Any]) -> None:
        try:
            backslash = "\\" in "".join(row)
        except TypeError:  # a number or None among the cells
            backslash = any(isinstance(cell, str) and "\\" in cell for cell in row)
        if backslash:
            self._handle.write(",".join(map(_quoted, row)) + "\r\n")
        else:
            self._writer.writerow(row)

    def writerows(self, rows: Iterable[Sequence[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def _quoted(cell: object) -> str:
    """One cell as csv.writer writes it (None blank), quoted also when it holds a backslash."""
    text = "" if cell is None else str(cell)
    return '"' + text.replace('"', '""') + '"' if _QUOTED_FOR.search(text) else text


class Staging:
    """A staging folder beside the output, held under a lock: one run at a time per output."""

    def __init__(self, out_dir: Path, *, lock_folder: Path) -> None:
        self.out_dir = out_dir
        # OUT may be a link (to an SFTP drop folder, say): the set is published behind it, in the
        # folder it points to, and the link is never replaced by a folder.
        self.target = out_dir.resolve() if out_dir.is_symlink() else out_dir
        self.recovered: Path | None = None  # a set a killed run left aside, put back
        self.left_in_out: list[str] = []  # temporaries of a run of this tool found in OUT, removed
        self._scratch: list[Path] = []
        self._check_target()
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(lock_folder, out_dir)
        except OSError as exc:
            raise _unwritable(out_dir, exc) from None
        try:
            self.recovered = swap.recover(self.target)
            self._remove_stale()
            self._remove_left_in_out()
            self.path = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.staging-", dir=self.target.parent))
            self.path.chmod(_folder_mode(self.target))
        except OSError as exc:
            self.release()
            raise _unwritable(out_dir, exc) from None

    def _remove_stale(self) -> None:
        """Staging folders of a run that was killed; safe to remove while we hold the lock."""
        for stale in self.target.parent.glob(f".{self.target.name}.staging-*"):
            shutil.rmtree(stale, ignore_errors=True)

    def _remove_left_in_out(self) -> None:
        """Temporaries an earlier run published with its set (it swapped in a staging folder that
        still held them): ours, not the set's, so removed under the lock, and said (X974)."""
        if not self.out_dir.is_dir():
            return
        for path in sorted(self.out_dir.iterdir()):
            if path.name not in OUR_FILES and temporary(path.name):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path)
                else:
                    path.unlink()
                self.left_in_out.append(path.name)

    def scratch(self) -> Path:
        """A folder beside the staging one for the run's own use (never published), removed at release
        (and, left by a killed run, as a stale staging folder by the next)."""
        folder = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.staging-scratch-", dir=self.target.parent))
        self._scratch.append(folder)
        return folder

    def release(self) -> None:
        for folder in self._scratch:
            shutil.rmtree(folder, ignore_errors=True)
        self._scratch.clear()
        self._lock.close()

    def _check_target(self) -> None:
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise _unwritable(self.out_dir, OSError("it is a file, not a folder"))
        if self.out_dir.is_dir():
            foreign = sorted(
                p.name for p in self.out_dir.iterdir() if p.name not in OUR_FILES and not temporary(p.name)
            )
            if foreign:
                raise TransformAbort(
                    [
                        Problem(
                            codes.code("output-not-ours"),
                            Where(),
                            {"folder": self.out_dir, "files": ", ".join(foreign[:5])},
                        )
                    ]
                )

    def table(self, name: str, columns: tuple[str, ...], report: Report, *, keep_empty: bool = True) -> TableWriter:
        return TableWriter(self.path / f"{name}.csv", name, columns, report, keep_empty=keep_empty)

    def drop_rows(self, name: str, sourced_ids: set[str], report: Report) -> dict[str, dict[str, str]]:
        """Take the rows of these sourcedIds (the first column) out of a written file: records
        found to be wrong only after they were written (a user ID two people share). Rare, so
        the file is copied only then; the other rows are kept byte for byte (a written row is
        one line: cells never hold a line break). Returns the records taken out, by ID."""
        path = self.path / f"{name}.csv"
        if not sourced_ids or not path.exists():
            return {}
        taken, removed = _drop_lines(path, sourced_ids)
        if name == "users":  # no longer counted in the summary
            for values in taken.values():
                report.people[values.get("role", ""), values.get("orgSourcedIds", "")] -= 1
        report.rows_written[f"{name}.csv"] = report.rows_written.get(f"{name}.csv", 0) - removed
        return taken

    def remove_from_lists(self, name: str, column: str, sourced_ids: set[str], *, role: str) -> None:
        """Take these IDs out of a list column of a written file's rows of one role (students
        linked to a guardian left out after they were written). Rare, so the file is copied only
        then; the other rows are kept byte for byte."""
        path = self.path / f"{name}.csv"
        if not sourced_ids or not path.exists():
            return
        kept = path.with_name(f".{name}.csv.kept")
        with path.open(encoding="utf-8", newline="") as source, kept.open("w", encoding="utf-8", newline="") as out:
            header = source.readline()
            out.write(header)
            columns = next(csv.reader([header]))
            if column not in columns:
                kept.unlink()
                return
            at, role_at = columns.index(column), columns.index("role") if "role" in columns else -1
            writer = CsvRows(out)
            for line in source:
                row = next(csv.reader([line]))
                items = row[at].split(",") if at < len(row) and row[at] else []
                if (role_at < 0 or row[role_at] == role) and any(item in sourced_ids for item in items):
                    row[at] = ",".join(item for item in items if item not in sourced_ids)
                    writer.writerow(row)
                else:
                    out.write(line)
            out.flush()
            os.fsync(out.fileno())
        kept.replace(path)

    def write_manifest(self, target: Target, system_name: str) -> None:
        """Every file the spec knows: bulk when this set holds it, absent otherwise."""
        rows = [("manifest.version", MANIFEST_VERSION), ("oneroster.version", ONEROSTER_VERSION)]
        rows += [(f"file.{name}", "bulk" if (self.path / f"{name}.csv").exists() else "absent") for name in ALL_FILES]
        rows.append(("source.systemName", clean_text(system_name)[0]))
        with (self.path / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = CsvRows(handle)
            writer.writerow(("propertyName", "value"))
            writer.writerows(rows)

    def publish(self) -> None:
        """Swap the staged set in. The lock stays held until `release`: what follows a publish
        (the state, the zip, the upload) belongs to this run, not to the next one."""
        self._publish(self.target)

    def _publish(self, out: Path) -> None:
        self._only_the_set()  # an OSError: X901, exit 1, as a disk that filled up while staging
        try:
            if not out.exists():
                self.path.rename(out)
            elif swap.exchange(self.path, out):  # one step: OUT is never missing
                shutil.rmtree(self.path, ignore_errors=True)  # it holds last night's set now
            else:
                self._two_renames(out)
        except OSError as exc:
            self.discard()
            raise _unwritable(self.out_dir, exc) from None
        for left in swap.previous_folders(out):  # a good publish: nothing left aside is needed
            shutil.rmtree(left, ignore_errors=True)

    def _only_the_set(self) -> None:
        """The staging folder holds the set and nothing else: a temporary still in it means
        writing or removing it failed (a disk that filled up, in a process whose failure the
        run survived), and such a folder is never swapped in: nothing is published (X901)."""
        left = sorted(p.name for p in self.path.iterdir() if p.name not in OUR_FILES)
        if left:  # the caller discards the staging folder: OUT stays as it was
            detail = f"the staged set still holds {', '.join(left[:5])}, which writing it left behind"
            raise OSError(errno.EIO, f"{detail} (a disk that filled up?)", str(self.path / left[0]))

    def _two_renames(self, out: Path) -> None:
        """Where the system cannot exchange: a run killed between the renames leaves last
        night's set as `.OUT.previous-*`, and the next run's start puts it back."""
        previous = Path(tempfile.mkdtemp(prefix=f".{out.name}.previous-", dir=out.parent))
        previous.rmdir()
        out.rename(previous)
        try:
            self.path.rename(out)
        except OSError:
            previous.rename(out)
            raise

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.release()


@contextlib.contextmanager
def naming(path: Path) -> Iterator[None]:
    """An OSError of writing `path` names it: a write or flush that fails (a disk that filled
    up) names no file, and its partial's name is not the one the user knows."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None or os.fsdecode(exc.filename) == str(partial_of(path)):
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


def partial_of(path: Path) -> Path:
    """Where `path` is written before it is renamed into place."""
    return path.with_name(f".{path.name}.partial")


def write_whole(path: Path, text: str) -> None:
    """`text` written beside `path` and renamed into place: a reader never sees half of it, the
    last good file stays when the disk fills up, and no partial is left in the user's folder. Only
    a regular file or a missing path is so replaced: a link to a file, its target (the link kept); a
    FIFO a pipeline reads, a device, /dev/stdout, written in place (`a_stream`; reviewer189 R3: each
    was replaced by a regular file, the reader given nothing)."""
    if a_stream(path):
        with naming(path), os.fdopen(_stream_opened(path), "w", encoding="utf-8") as stream:
            stream.write(text)
        return
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    partial = partial_of(path)
    try:
        with naming(path):
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise


# Links through these are a process's descriptors (/dev/stdout, /proc/self/fd/1): the descriptor is
# written, whatever it is open on (`> log.txt`), never the file behind it replaced.
_DESCRIPTORS = ("/proc/", "/dev/fd/", "/dev/std")
# One of this process's own, by number: written through a duplicate (`_stream_opened`).
_OWN = re.compile(r"/(?:proc/(?:self|thread-self|(?P<pid>\d+))/fd|dev/fd)/(?P<fd>\d+)")
_STANDARD = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}


def a_stream(path: Path) -> bool:
    """`path` is no regular file to replace but a stream to write in place: a FIFO, a device, a socket,
    or a file reached through a process's descriptor (/dev/stdout, a link to /proc/self/fd/1)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return True
    except OSError:
        return False  # missing (or a link to nothing): a new file
    return _descriptor_hop(path) is not None


def _descriptor_hop(path: Path) -> str | None:
    """The first of `path`'s links' chain (as the system follows it) that is a process's descriptor."""
    hop = path.absolute()
    for _ in range(40):
        if str(hop).startswith(_DESCRIPTORS):
            return str(hop)
        if not hop.is_symlink():
            return None
        hop = Path(os.path.normpath(hop.parent / hop.readlink()))
    return None


class NoReader(OSError):
    """A FIFO no process reads, refused at once rather than waited on (`_stream_opened`): said as I224 by
    the commands that write --report and --html (words64: its message had no code)."""


def _stream_opened(path: Path) -> int:
    """A descriptor to write `path`'s stream through. One of this process's own (/dev/stdout, a link to
    /proc/self/fd/1), duplicated: its offset and append mode shared, nothing truncated (reviewer195 R2:
    opened anew, `>> cron.log` was written at 0 over the log's earlier nights, and `> night.log`'s JSON
    over by the run's later output). Else opened without waiting: a FIFO nothing reads is refused at once
    (ENXIO), not waited on for ever after publishing, deaf to SIGTERM (reviewer195 R1); then blocking."""
    hop = _descriptor_hop(path) or ""
    own = _OWN.fullmatch(hop)
    number = _STANDARD.get(hop, int(own["fd"]) if own and own["pid"] in (None, str(os.getpid())) else None)
    if number is not None:
        return os.dup(number)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno != errno.ENXIO:
            raise
        raise NoReader(exc.errno, "no process reads this FIFO: nothing was written to it", str(path)) from None
    os.set_blocking(handle, True)
    return handle


def _folder_mode(out: Path) -> int:
    """The published folder keeps OUT's permissions (another account, an SFTP server, may read
    it), or gets the umask's for a new folder, not the staging folder's private 0700."""
    try:
        return stat.S_IMODE(out.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o777 & ~umask


def plain(cells: tuple[str, ...] | list[str]) -> bool:
    """True when no cell holds what `TableWriter.write` would clean (and report). Runs for every
    record: C string methods first (isprintable is False for control and bidi characters,
    line breaks and NUL; a non-breaking space sends a row the slow way, which keeps it)."""
    led = '"' + '"'.join(cells)
    return (
        led.isprintable()
        and led.count('"') == len(cells)
        and (led.isascii() or not _TYPOGRAPHIC_QUOTES.search(led))
        and not (_ROW_FORMULA_HINT.search(led) and _ROW_FORMULA.search(led))
    )


class TableWriter:
    """A CSV file with its header row written first, whatever follows."""

    def __init__(
        self, path: Path, name: str, columns: tuple[str, ...], report: Report, *, keep_empty: bool = True
    ) -> None:
        self.path = path
        self.keep_empty = keep_empty  # False: a file with no rows is removed (strict OneRoster: absent)
        self.name = name
        self.columns = columns
        self.report = report
        self.count = 0
        self._set_lists = order.set_list_columns(name, columns)
        self._people = name == "users"  # counted by role and school for the summary
        self._handle: TextIO = path.open("w", encoding="utf-8", newline="")
        self._writer = CsvRows(self._handle)
        self._writer.writerow(columns)

    def write(self, draft: Draft) -> None:
        cells = [draft.values.get(column, "") for column in self.columns]
        for at in self._set_lists:
            cells[at] = order.ordered_list(cells[at], grades=self.columns[at] == "grades")
        if not plain(cells):
            cells = [self._safe(draft, column, cell) for column, cell in zip(self.columns, cells, strict=True)]
        self._writer.writerow(cells)
        self.count += 1
        self.report.left_out.kept(draft.origin.file, draft.origin.line)
        if self._people:
            self.report.people[draft.values.get("role", ""), draft.values.get("orgSourcedIds", "")] += 1

    def append_lines(self, part: Path, count: int) -> None:
        """`count` rows already written as CSV lines (pipeline.columnar), copied in as they are."""
        self._handle.flush()
        with part.open("rb") as lines:
            shutil.copyfileobj(lines, self._handle.buffer)
        self._handle.buffer.flush()
        self.count += count

    def write_plain(self, cells: tuple[str, ...]) -> None:
        """A row of the columns' values that `plain` found needs no cleaning."""
        self._writer.writerow(cells)
        self.count += 1

    def _safe(self, draft: Draft, column: str, cell: str) -> str:
        """The last line of defence: no cell leaves that a spreadsheet would run as a formula,
        or that breaks a row (cleaners and the validator have nearly always seen to it). A
        formula the cleaners did not see is kept behind an apostrophe: the record was checked
        with this value, and removing characters could empty a cell it must have."""
        if not _UNSAFE.search(cell) and not is_formula(cell):
            return cell
        cleaned, issues = one_line(cell)
        if is_formula(cleaned):
            issues = (*issues, ("formula-defused", {"value": cell, "how": "written behind an apostrophe"}))
            cleaned = f"'{cleaned}"
        for slug, params in issues:
            self.report.add(
                codes.code(slug),
                Where(draft.origin.file, draft.origin.line, column),
                field=f"{self.name}.{column}",
                **params,
            )
        return cleaned

    def take_out(self, sourced_ids: set[str]) -> dict[str, dict[str, str]]:
        """Take the rows of these sourcedIds out of the rows written so far (`Staging.drop_rows`,
        while the file is still being written: an enrolment ID two rows gave different data),
        and go on writing after the others. Returns the records taken out, by ID."""
        if not sourced_ids:
            return {}
        self._handle.flush()
        self._handle.close()
        taken, removed = _drop_lines(self.path, sourced_ids)
        self.count -= removed
        self._handle = self.path.open("a", encoding="utf-8", newline="")
        self._writer = CsvRows(self._handle)
        return taken

    def close(self) -> None:
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        if self.count or self.keep_empty:
            self.report.rows_written[f"{self.name}.csv"] = self.count
        else:
            self.path.unlink()

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _drop_lines(path: Path, sourced_ids: set[str]) -> tuple[dict[str, dict[str, str]], int]:
    """The written file without the rows of these sourcedIds (its first column): the records
    taken out, by ID (the first of each), and how many rows went."""
    taken: dict[str, dict[str, str]] = {}
    kept = path.with_name(f".{path.stem}.csv.kept")
    removed = 0
    with path.open(encoding="utf-8", newline="") as source, kept.open("w", encoding="utf-8", newline="") as out:
        header = source.readline()
        out.write(header)
        columns = next(csv.reader([header]))
        for line in source:
            row = next(csv.reader([line]))
            if row[0] in sourced_ids:
                removed += 1
                taken.setdefault(row[0], dict(zip(columns, row, strict=False)))
            else:
                out.write(line)
        out.flush()
        os.fsync(out.fileno())
    kept.replace(path)
    return taken, removed


def hold_lock(folder: Path, out_dir: Path) -> TextIO:
    """The lock a run holds on OUT, for a command that records something of its state (`transform
    uploaded`); released by closing the handle. Held by a run: X914."""
    return _lock(folder, out_dir)


def _lock(folder: Path, out_dir: Path) -> TextIO:
    """The lock file is emptied and given this run's PID only once the lock is held: a run refused
    (X914) truncated it first, erasing the PID of the run holding it (tester47 F7.12). A lock that
    cannot be opened (a folder in its place, no permission) is named, not OUT (F7.15)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lock"
    try:
        handle = os.fdopen(os.open(path, os.O_RDWR | os.O_CREAT, 0o644), "r+", encoding="utf-8")
    except OSError as exc:
        raise _unwritable(path, exc) from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise TransformAbort(
            [Problem(codes.code("output-locked"), Where(), {"folder": out_dir, "lock": path})]
        ) from None
    handle.truncate(0)
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def _unwritable(folder: Path, exc: OSError) -> TransformAbort:
    return TransformAbort(
        [Problem(codes.code("output-unwritable"), Where(), {"folder": folder, "detail": exc.strerror or str(exc)})]
    )


EXPLAIN_COLUMNS = (
    *("file", "line", "table", "sourcedId", "code", "reason", "detail"),
    *("count", "caused_by", "school", "name", "sis_number"),
)
# Codes of records that only follow another record left out, folded one row per cause:
# code -> (the cause's table, the parameter naming the cause's ID).
FOLLOWS = {
    "V503": ("classes", "value"),  # follows-dropped-class
    "V504": ("users", "value"),  # follows-dropped-user
    "V533": ("classes", "class_id"),  # follows-left-out-class
}
CAUSE_TABLES = frozenset(table for table, _ in FOLLOWS.values())
_SEVERITY = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
CLASS_TABLE = "classes"


class ExplainLog:
    """Every record the run left out, as the report finds them (--explain): one CSV row each,
    but records that only follow another one left out (the enrolments of a class of another
    term) are folded into one row per cause, with their count and `caused_by`, the cause's own
    row in the file. School, name (blank with --redact) and SIS number help find the record."""

    def __init__(self, path: Path, *, redact: bool) -> None:
        self.path = path
        self.redact = redact
        self._partial = partial_of(path)
        self._handle: TextIO = self._partial.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle, lineterminator="\r\n")
        self._writer.writerow(EXPLAIN_COLUMNS)
        # (table, sourcedId) of a class or user left out -> its code, place and who: the causes.
        self._causes: dict[tuple[str, str], tuple[str, str, Who, tuple[bool, int]]] = {}
        self._folded: dict[tuple[str, str, str], _Fold] = {}  # (code, table, cause's ID), first seen first
        # (code id, table) -> which of its rows' records are taken back (Report.reclassify)
        self._retracted: dict[tuple[str, str], Callable[[str], bool]] = {}

    def __call__(self, problem: Problem) -> None:
        where, code = problem.where, problem.code
        follows = FOLLOWS.get(code.id)
        if follows is not None:
            cause_id = str(problem.params.get(follows[1], ""))
            fold = self._folded.get((code.id, where.table, cause_id))
            if fold is None:
                self._folded[code.id, where.table, cause_id] = _Fold(problem, follows[0], cause_id)
            else:
                fold.count += 1
                if _stands_before(problem, fold.first):
                    fold.first = problem
            return
        if where.table in CAUSE_TABLES and where.record:
            # A record left out by several rows (a 1.2 teacher's ended role and her current one
            # at a district org): the cause is a problem that left a row out before one that did
            # not (a phone repaired), then the most severe, the first of equals; not the first
            # met (tester23 F7: an old tobedeleted role was named instead of the V502 row).
            cause = self._causes.get((where.table, where.record))
            weight = (code.action is Action.DROP_ROW, _SEVERITY[code.severity])
            if cause is None or weight > cause[3]:
                self._causes[where.table, where.record] = (code.id, _place(where), where.who, weight)
        message = str(problem.to_dict(redact=self.redact)["message"])
        self._row(problem, message, count=1, caused_by=str(problem.params.get("caused_by", "")), who=where.who)

    def _row(self, problem: Problem, detail: str, *, count: int, caused_by: str, who: Who) -> None:
        where = problem.where
        school, name, number = self._redacted(problem, who) if self.redact else who
        # Admins open this file in a spreadsheet too: a hostile ID or name is shown, never run.
        row = (
            where.file,
            where.line or "",
            where.table,
            _shown(where.record) if count == 1 else "",
            problem.code.id,
            _reason(problem),
            clean_text(detail)[0],
            count,
            caused_by,
            _shown(school),
            "" if self.redact else _shown(clean_text(name)[0]),
            _shown(number),
        )
        with naming(self.path):  # a disk that fills up during the run names this file, not OUT
            self._writer.writerow(row)

    @staticmethod
    def _redacted(problem: Problem, who: Who) -> Who:
        """--redact: a school or SIS number that is (part of) a value the report redacts, such
        as an ID refused for what it holds, is left out with it."""
        hidden = [str(v) for k, v in problem.params.items() if k in PERSONAL_PARAMS and str(v)]
        school, name, number = (field if not any(field in v for v in hidden) else "" for field in who)
        return school, name, number

    def _write_folded(self) -> None:
        for fold in self._folded.values():
            cause = self._causes.get((fold.cause_table, fold.cause_id))
            what = "class" if fold.cause_table == CLASS_TABLE else "user"
            if cause is None:
                caused_by = f"{fold.cause_table} {fold.cause_id}: not in the exports"
                who = fold.first.where.who
            else:
                caused_by = f"{cause[0]} {cause[1]}"
                who = cause[2]
            if fold.count == 1:
                detail = str(fold.first.to_dict(redact=self.redact)["message"])
            else:
                table, n = fold.first.where.table, fold.count
                detail = f"{table}: {n} records follow {what} {fold.cause_id!r}, which was left out"
            self._row(fold.first, detail, count=fold.count, caused_by=caused_by, who=who)

    def retract(self, code: str, table: str, taken: Callable[[str], bool]) -> None:
        """The rows of `code` in `table` whose record `taken` holds are no records left out (a
        student's ended row, the student published from another: Report.reclassify); they are
        taken out of the file when it is finished, the others keep their order."""
        self._retracted[code, table] = taken

    def _take_back(self) -> None:
        """Rewrite the written rows without those retracted (few runs have any)."""
        with self._partial.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        with self._partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            for row in rows:
                taken = self._retracted.get((row[4], row[2])) if len(row) > 4 else None
                record = row[3][1:] if row[3][:1] == "'" and is_formula(row[3][1:]) else row[3]
                if taken is None or not record or not taken(record):
                    writer.writerow(row)

    def finish(self) -> str:
        """Write the folded rows, close and move into place; "" when done, else why not
        (nothing is left behind)."""
        try:
            self._write_folded()
            self._handle.close()
            if self._retracted:
                self._take_back()
            self._partial.replace(self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):  # closing flushes the rest again: the same error
                self._handle.close()
            self._partial.unlink(missing_ok=True)
            return exc.strerror or str(exc)
        return ""

    def abandon(self) -> None:
        """The run failed before `finish`: nothing is left behind, whatever the disk says."""
        with contextlib.suppress(OSError):
            self._handle.close()
        self._partial.unlink(missing_ok=True)


def _reason(problem: Problem) -> str:
    """The reason column: the code's slug, or the profile's own words for a profile-reason drop."""
    if problem.code.slug == "profile-reason" and problem.params.get("reason"):
        return clean_text(str(problem.params["reason"]))[0]
    return problem.code.slug


def _stands_before(problem: Problem, other: Problem) -> bool:
    """Whether `problem`'s record, rather than `other`'s, stands for the records of a fold: the
    lowest ID, then the lowest user (SIS number), so that the row named is the same row in any
    order of the export's rows (tester51 F11: the first follower read was named, another row of
    the roster in each order); only then the lower place."""
    a, b = problem.where, other.where
    return (a.record, a.who[2], a.file, a.line) < (b.record, b.who[2], b.file, b.line)


@dataclass(slots=True)
class _Fold:
    first: Problem  # the record that stands for all that follow the cause (`_stands_before`): its place
    cause_table: str
    cause_id: str
    count: int = 1


def _place(where: Where) -> str:
    return f"{where.file}:{where.line}" if where.line else where.file


def _shown(record: str) -> str:
    """A record's ID as the explain file shows it: exactly, on one line, behind an apostrophe
    when a spreadsheet would run it (removing characters would name another record)."""
    record = record if not _UNSAFE.search(record) else one_line(record)[0]
    return f"'{record}" if is_formula(record) else record


def write_zip(folder: Path, target: Path) -> None:
    """The set's files at the root of one zip, written beside the target and renamed into place."""
    partial = partial_of(target)
    try:
        with naming(target), zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, arcname=path.name)
        with naming(target):
            partial.replace(target)
    except OSError:
        partial.unlink(missing_ok=True)  # a half-written zip is never left for an upload to find
        raise
