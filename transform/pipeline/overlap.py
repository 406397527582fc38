"""Enrolments worked on by a second process while the first builds users.

Of everything an enrolment goes through, only the check of its user needs the users stage:
reading the export, mapping, cleaning and the checks of its values and class need only what
was made before the users (orgs, and classes, which the worker builds again for itself). So a
forked worker does that part while the main process builds users, demographics and classes.
The worker writes to a spool file, in order, what a one-process run would have done with each
record up to its user check: the problems reported and the records that passed. The main
process then plays the spool back: it adds the problems and runs the remaining checks (user,
school, duplicate IDs) on the records and writes them, so the output, report and explain file
are those of a one-process run (tests/test_overlap.py runs every fixture district both ways).
When the worker fails for any reason, the main process maps the enrolments itself.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from transform.report.report import Event, Report

from .rows import Draft, SourceRow
from .validate import Validator, record_fingerprint
from .write import plain

AHEAD_MIN_ROWS = 200_000  # fewer enrolments than this are mapped in one process
_BATCH = 4096  # spool entries pickled at once
_PR_SET_PDEATHSIG = 1  # prctl(2)


@dataclass
class Worker:
    """A started worker: its process and the spool it writes."""

    pid: int
    spool: IO[bytes]
    table: str
    deferred: str
    columns: tuple[str, ...]
    started: float


@dataclass(frozen=True)
class Job:
    """What the worker runs: `prepare` builds the tables the records are checked against (its
    problems are the main process's to report), `drafts` maps the records; `hold` picks those
    the one-process run validates only at the end (they travel unvalidated)."""

    table: str
    deferred: str  # the table whose IDs are known only later (users)
    columns: tuple[str, ...]  # the output file's columns
    prepare: Callable[[], object]
    drafts: Callable[[], Iterable[Draft]]
    hold: Callable[[Draft], bool]
    # Run first in the worker: let go of what only the main process may hold (the output lock,
    # which must be free as soon as the main process ends, even when it was killed).
    let_go: Callable[[], object] = lambda: None


def start(job: Job, *, validator: Validator, report: Report, folder: Path) -> Worker | None:
    """Fork the worker; None where processes cannot be forked."""
    if not hasattr(os, "fork"):
        return None
    spool = tempfile.TemporaryFile(dir=folder, prefix=".spool-")  # noqa: SIM115 (closed by finish or stop)
    sys.stdout.flush()
    sys.stderr.flush()
    started = time.perf_counter()
    pid = os.fork()
    if pid:
        return Worker(pid, spool, job.table, job.deferred, job.columns, started)
    status = 1
    try:
        _die_with_parent(os.getppid())
        job.let_go()
        _work(job, validator, report, spool)
        status = 0
    finally:
        os._exit(status)  # never back into the caller's stack: this process only works ahead


def _die_with_parent(parent: int) -> None:
    """A killed main process takes the worker with it (Linux; elsewhere the worker finishes
    its spool, which nobody reads, and exits)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the request above
        os._exit(1)


def _work(job: Job, validator: Validator, report: Report, spool: IO[bytes]) -> None:
    report.on_drop = None
    report.recorder = _ignore
    progress, report.on_progress = report.on_progress, None
    job.prepare()
    entries: list[tuple[Any, ...]] = []

    def put(entry: tuple[Any, ...]) -> None:
        entries.append(entry)
        if len(entries) >= _BATCH:
            pickle.dump(entries, spool, protocol=pickle.HIGHEST_PROTOCOL)
            entries.clear()

    report.recorder = put
    if progress is not None:
        report.on_progress = lambda file, rows: put(("progress", file, rows))
    read_before = Counter(report.rows_read)
    head = validator.head(job.table, deferred=job.deferred)
    columns, names = job.columns, frozenset(job.columns)
    for draft in job.drafts():
        values = draft.values
        if job.hold(draft):
            put(("held", Draft(draft.table, values, draft.origin.place(), draft.rule, draft.extra)))
        elif head(draft):
            row = tuple([values.get(c, "") for c in columns])
            shape = _absent(columns, values) if values.keys() <= names else values
            put(("kept", row, shape, draft.origin.file, draft.origin.line, record_fingerprint(values), plain(row)))
    put(("read", dict(report.rows_read - read_before)))
    pickle.dump(entries, spool, protocol=pickle.HIGHEST_PROTOCOL)
    spool.flush()


def _absent(columns: tuple[str, ...], values: dict[str, str]) -> int:
    """Which columns the record has no value for, as bits: what `_values` needs to rebuild it."""
    return sum(1 << i for i, column in enumerate(columns) if column not in values)


def _values(columns: tuple[str, ...], row: tuple[str, ...], shape: int | dict[str, str]) -> dict[str, str]:
    """The record's values as the worker had them (a dict when it had more than the columns)."""
    if isinstance(shape, dict):
        return shape
    return {column: value for i, (column, value) in enumerate(zip(columns, row, strict=True)) if not shape >> i & 1}


def _ignore(event: Event) -> None:
    """The problems of `prepare`: the main process reports them when it builds those tables."""


@dataclass(frozen=True)
class Sinks:
    """Where played-back records go: kept ones (as a row that needs no cleaning, or as a
    draft), and held ones."""

    kept_row: Callable[[tuple[str, ...]], None]
    kept: Callable[[Draft], None]
    held: Callable[[Draft], None]


def finish(worker: Worker, *, validator: Validator, report: Report, sinks: Sinks) -> bool:
    """Wait for the worker and play its spool back; False when it failed (nothing was played)."""
    _, status = os.waitpid(worker.pid, 0)
    worker.spool.seek(0)
    try:
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            return False
        report.facts.setdefault("seconds", {})[f"{worker.table} (worker)"] = round(
            time.perf_counter() - worker.started, 3)
        _play(worker, _entries(worker.spool), validator=validator, report=report, sinks=sinks)
        return True
    finally:
        worker.spool.close()


def _entries(spool: IO[bytes]) -> Iterator[tuple[Any, ...]]:
    while True:
        try:
            batch = pickle.load(spool)
        except EOFError:
            return
        yield from batch


def _play(worker: Worker, entries: Iterator[tuple[Any, ...]], *, validator: Validator, report: Report,
          sinks: Sinks) -> None:
    columns, table = worker.columns, worker.table
    _, after = validator.split_references(table, worker.deferred)
    quick = validator.quick_tail(table, columns, after)
    for entry in entries:
        kind = entry[0]
        if kind == "kept":
            _, row, shape, file, line, fingerprint, is_plain = entry
            if is_plain and quick is not None and quick(row, line, fingerprint):
                sinks.kept_row(row)
                continue
            draft = Draft(table, _values(columns, row, shape), SourceRow(file, line, [], {}))
            if validator.tail(draft, after):
                sinks.kept(draft)
        elif kind == "held":
            sinks.held(entry[1])
        elif kind == "read":
            report.rows_read.update(entry[1])
        elif kind == "progress":
            if report.on_progress is not None:
                report.on_progress(entry[1], entry[2])
        else:
            report.replay(entry)


def stop(worker: Worker) -> None:
    """End a worker whose spool will not be played (the run stopped before enrolments)."""
    try:
        os.kill(worker.pid, signal.SIGKILL)
        os.waitpid(worker.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass
    worker.spool.close()
