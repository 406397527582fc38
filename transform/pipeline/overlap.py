"""Enrolments worked on by a second process while the first builds users.

Of everything an enrolment goes through, only the check of its user needs the users stage:
reading the export, mapping, cleaning and the checks of its values and class need only what
was made before the users (orgs, and classes, which the worker builds again for itself). So:

1. A forked worker does that part while the main process builds users, and spools, in order,
   what a one-process run would have done with each record up to its user check: the problems
   reported and the records that passed (`_spool`).
2. When every user but the derived guardians is decided, the main process hands the kept IDs
   over (`hand_over`), with the IDs the guardians may yet take, and goes on with the
   guardians, demographics and classes. The worker runs the rest of the stage as one process
   would, with its spool in place of the mapped records: the remaining checks (user, school,
   duplicate IDs), the file, the held staff records; the problems go to a second spool, in
   order. Should a record name one of those guardians, it waits for the final set, which the
   main process hands over once users are done.
3. The main process adds those problems and takes over the tables the stage changed (`finish`).

With the columnar engine (`Job.columnar`), step 1 loads and maps the export in DuckDB instead of
spooling drafts, and step 2 is the engine's own stage (pipeline.columnar): it checks the records
against the kept IDs, reports through the same recorder and writes the file; the rows read,
their dates and the facts it states go over with the problems.

One process at a large district (`--jobs 1`) runs the same two steps itself, one after the other
(`run_here`): the join indexes are let go of before the map of sourcedIds is made, so the two
largest tables of the stage are never held at once (at a million students, ~200 MB less).

So the output, report and explain file are those of a one-process run (tests/test_overlap.py
runs every fixture district both ways). When the worker fails for any reason, the main process
maps the enrolments itself; so it does when the worker stopped on a coded refusal of the export
(`REFUSED`, said as such in the facts, not as a failure), and refuses the same way.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
import pickle
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from transform.report.codes import BY_SLUG, Action, Code
from transform.report.column_values import ColumnValues
from transform.report.date_forms import DateForms
from transform.report.left_out import counts_against_row
from transform.report.problem import TransformAbort
from transform.report.report import VALUES_KEPT, Event, Report

from .compact import CompactMap, Ids, IdSet
from .conditions import DATES_READ, dates_of
from .left_schools import LeftSchools
from .rows import Draft, place_at
from .spool import Spool, draft_from_entry, draft_to_entry
from .validate import Validator, record_fingerprint
from .write import plain

# Fewer enrolments than this are mapped in one process. Measured on the 2-core VM (stop 32,
# quiet, interleaved): at 2,000 students (16,000 rows) two processes took 1.4-2.1 s against
# 2.4-2.7 s, at 10,000 students 5.7-7.2 s against 6.8-10.7 s; below ~1,000 students the fork and
# the hand-over cost about what they save.
AHEAD_MIN_ROWS = 10_000
# One process runs the two steps itself (`run_here`) only where the memory it saves matters:
# they cost a fifth more time than one step.
TWO_STEPS_MIN_ROWS = 2_000_000
_PR_SET_PDEATHSIG = 1  # prctl(2)
# The worker's steps, timed in the report's facts.seconds.
_STEPS = ("prepare", "map and check", "wait for users", "check users and write")


@dataclass(frozen=True)
class Sinks:
    """Where the stage's records go: kept ones (as a row that needs no cleaning, or as a
    draft), and those it holds until the end (unvalidated)."""

    kept_row: Callable[[tuple[str, ...]], None]
    kept: Callable[[Draft], None]
    held: Callable[[Draft], None]


@dataclass(frozen=True)
class Job:
    """What the worker runs. `prepare` builds the tables the records are checked against (its
    problems are the main process's to report); `drafts` maps the records; `hold` picks those
    the stage validates only at the end. `stage` is the rest of the stage as one process runs
    it, given the function that sends the records that passed so far into its sinks; the
    tables in `changes` are what it changes besides its own file."""

    table: str
    deferred: str  # the table whose IDs are known only later (users)
    columns: tuple[str, ...]  # the output file's columns
    prepare: Callable[[], object]
    drafts: Callable[[], Iterable[Draft]]
    hold: Callable[[Draft], bool]
    stage: Callable[[Callable[[Sinks], None]], object]
    changes: tuple[str, ...] = ()
    # Run first in the worker: let go of what only the main process may hold (the output lock,
    # which must be free as soon as the main process ends, even when it was killed).
    let_go: Callable[[], object] = lambda: None
    # Run once the records are mapped: let go of what only mapping needed (the join indexes).
    mapped: Callable[[], object] = lambda: None
    # The columnar engine's step 1 (pipeline.columnar): its tables loaded and mapped in place of
    # the spooled drafts; its stage then checks and writes them itself, and `done` closes it.
    columnar: Callable[[], object] | None = None
    done: Callable[[], object] = lambda: None


@dataclass
class Worker:
    """A started worker: its process, the files it shares with the main process and the pipe
    on which the main process says the deferred IDs are ready."""

    pid: int
    job: Job
    kept_ids: IO[bytes]  # the deferred tables' kept IDs, written by the main process
    results: IO[bytes]  # what the main process adds, written by the worker
    ready: int  # write end of the pipe: where in kept_ids a hand-over is (an empty one: stop)
    started: float
    sent: int = 0  # bytes of kept_ids written so far (each hand-over adds its own)


def start(job: Job, *, validator: Validator, report: Report, folder: Path) -> Worker | None:
    """Fork the worker; None where processes cannot be forked."""
    if not hasattr(os, "fork"):
        return None
    # Closed by finish or stop; unnamed, so nothing is left behind.
    kept_ids = tempfile.TemporaryFile(dir=folder, prefix=".ids-")  # noqa: SIM115
    results = tempfile.TemporaryFile(dir=folder, prefix=".results-")  # noqa: SIM115
    wait, ready = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    started = time.perf_counter()
    pid = os.fork()
    if pid:
        os.close(wait)
        return Worker(pid, job, kept_ids, results=results, ready=ready, started=started)
    status = 1
    try:
        os.close(ready)
        _die_with_parent(os.getppid())
        job.let_go()
        try:
            _work(job, validator, report, folder, (wait, kept_ids, results))
            worked = 0
        except TransformAbort:
            worked = REFUSED  # a coded refusal (X957 ...): the main process reads it again and says it
        finally:
            job.done()
        status = worked  # only once done() returned: a crash in it is a failure (review199 R3)
    finally:
        os._exit(status)  # never back into the caller's stack: this process only works ahead


# The worker's exit status when its export was refused with a code (TransformAbort): not a failure.
REFUSED = 64


def _die_with_parent(parent: int) -> None:
    """A killed main process takes the worker with it (Linux; elsewhere the worker finishes
    its part, which nobody reads, and exits)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it died before the request above
        os._exit(1)


def _work(
    job: Job, validator: Validator, report: Report, folder: Path, channel: tuple[int, IO[bytes], IO[bytes]]
) -> None:
    wait, kept_ids, results = channel
    counting = _Counting(examples=report.max_examples, explained=report.on_drop is not None)
    report.on_drop = None
    report.recorder = _ignore
    progress, report.on_progress = report.on_progress, None
    report.on_stage = None  # the main process says where the run is
    clock = [time.perf_counter()]
    job.prepare()
    with tempfile.TemporaryFile(dir=folder, prefix=".spool-") as handle:
        spool = Spool(handle)
        clock.append(time.perf_counter())
        counting.put = spool.put
        report.recorder, report.bulk = counting, counting
        if job.columnar is None:
            spooled: int | None = _spool(job, validator, report, spool, progress is not None)
        else:
            job.columnar()  # reports nothing: what it finds is reported by the stage
            spool.close()
            spooled = None
        clock.append(time.perf_counter())
        handed = _HandOvers(wait, kept_ids)
        first = handed.next()
        if first is None:  # the main process stopped before users were decided
            return
        # the teachers published as students (F438), whose classes left without owner X867 refuses
        kept, pending, validator.user_roles, validator.waiting, left, validator.demoted, dropped = first
        left.judged.received(validator.left.judged)  # the run's plan is this process's (judged_days)
        validator.left = left
        validator.dropped_users = dropped  # named exactly by their enrolments: no ID written two ways (V608)
        if pending is not None:  # a derived guardian's role is in the final hand-over's
            validator.final_roles = handed.final_roles
        validator.kept.update(
            kept
            if pending is None
            else {target: _KeptIdsPending(target, ids, pending, handed.final) for target, ids in kept.items()}
        )
        clock.append(time.perf_counter())
        if spooled is not None:
            validator.expect(job.table, spooled)  # the ID map sized for what passed step 1, not every row
        out = Spool(results)
        counting.put = out.put
        written = dict(report.rows_written)
        if spooled is None:
            _stage_reading(job, validator, spool, report, out, progress is not None)
        else:
            facts_before = _facts_copy(report.facts)
            job.stage(lambda sinks: _check_spooled(job, validator, spool, out.put, sinks))
            # what the stage found (school_classes), and the classes it left with no student
            out.put(("facts", _facts_added(facts_before, report.facts), report.classes_emptied, _owners(report)))
        clock.append(time.perf_counter())
        out.put(("counts", dict(counting.counted)))
        steps = dict(zip(_STEPS, (round(b - a, 3) for a, b in itertools.pairwise(clock)), strict=True))
        out.put(
            (
                "done",
                {k: v for k, v in report.rows_written.items() if written.get(k) != v},
                {table: validator.kept.get(table, set()) for table in job.changes},
                validator.class_counts(),
                steps,
            )
        )
        out.close()


def _stage_reading(job: Job, validator: Validator, spool: Spool, report: Report, out: Spool, progress: bool) -> None:
    """Step 2 of a stage that reads its export itself (the columnar engine's): what it counts
    of the rows read and their dates, and the facts it states, go to the main process too."""
    read_before = Counter(report.rows_read)
    dates_before, report.date_forms = report.date_forms, DateForms()
    values_before, report.column_values = report.column_values, ColumnValues()
    facts_before = _facts_copy(report.facts)
    conditions_before = Counter(report.left_by_conditions)
    if progress:
        report.on_progress = lambda file, rows: out.put(("progress", file, rows))
    try:
        job.stage(lambda sinks: _check_spooled(job, validator, spool, out.put, sinks))
    finally:
        report.on_progress = None
    out.put(("read", dict(report.rows_read - read_before)))
    out.put((LEFT_BY_CONDITIONS, dict(report.left_by_conditions - conditions_before)))
    out.put(("dates", report.date_forms))
    report.date_forms = dates_before
    out.put(("values", report.column_values))
    report.column_values = values_before
    out.put(("facts", _facts_added(facts_before, report.facts), report.classes_emptied, _owners(report)))


def _owners(report: Report) -> tuple[set[str], int]:
    """The classes the stage published with students and no owner, of how many with students (X809)."""
    return report.classes_without_owner, report.classes_with_students


def _merge_owners(report: Report, owners: tuple[set[str], int]) -> None:
    """The worker's `_owners`, when its stage found the classes with students (it made the enrolments)."""
    if owners[1]:
        report.classes_without_owner, report.classes_with_students = set(owners[0]), owners[1]


def _facts_copy(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as they are now, for `_facts_added` (a mapping copied, not shared)."""
    return {key: dict(value) if isinstance(value, dict) else value for key, value in facts.items()}


def _facts_added(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The facts set since `before`; of a fact that is a mapping, the entries set since."""
    added: dict[str, Any] = {}
    for key, value in after.items():
        if isinstance(value, dict):
            old = before.get(key, {})
            new = {k: v for k, v in value.items() if k not in old or old[k] != v}
            if new:
                added[key] = new
        elif key not in before or before[key] != value:
            added[key] = value
    return added


def run_here(job: Job, *, validator: Validator, report: Report, folder: Path) -> None:
    """The worker's two steps in this process, one after the other (one process, a large
    district): what only mapping needs (the join indexes) is let go of before the rest of the
    stage makes its own largest table (the map of sourcedIds). Problems wait in the spool with
    the records and are reported in their place, as in one step."""
    with tempfile.TemporaryFile(dir=folder, prefix=".spool-") as handle:
        spool = Spool(handle)
        recorder, report.recorder = report.recorder, spool.put
        try:
            spooled = _spool(job, validator, report, spool, False)
        finally:
            report.recorder = recorder
        validator.expect(job.table, spooled)  # the ID map sized for what passed step 1, not every row

        def replay(entry: tuple[Any, ...]) -> None:
            if entry[0] not in ("read", "dates", "values", LEFT_BY_CONDITIONS):  # counted as read, in this report
                report.replay(entry)

        job.stage(lambda sinks: _check_spooled(job, validator, spool, replay, sinks))


def _spool(job: Job, validator: Validator, report: Report, spool: Spool, progress: bool) -> int:
    """Step 1: each record up to its check of the deferred table, and the problems on the way.
    The number of records spooled (what step 2 can keep) is returned."""
    if progress:
        report.on_progress = lambda file, rows: spool.put(("progress", file, rows))
    read_before, conditions_before = Counter(report.rows_read), Counter(report.left_by_conditions)
    dates_before, report.date_forms = report.date_forms, DateForms()  # what this step counts, sent on
    values_before, report.column_values = report.column_values, ColumnValues()
    passes_early = validator.early_checks(job.table, deferred=job.deferred)
    columns, names = job.columns, frozenset(job.columns)
    shapes: dict[tuple[str, ...], int] = {}
    spooled = 0
    for draft in job.drafts():
        values = draft.values
        if job.hold(draft):
            spool.put(("held", *draft_to_entry(draft)))
        elif passes_early(draft):
            row = tuple([values.get(c, "") for c in columns])
            keys = tuple(values)
            shape = shapes.get(keys)
            if shape is None:
                shape = shapes[keys] = _absent(columns, values) if values.keys() <= names else -1
            spool.put(
                (
                    "kept",
                    row,
                    values if shape < 0 else shape,
                    draft.origin.file,
                    draft.origin.line,
                    record_fingerprint(values),
                    plain(row),
                    draft.rule,  # its problems name the columns its rule reads (Validator.export_column)
                    dates_of(draft.extra),  # what its date conditions read (pipeline.leavers)
                )
            )
        else:
            continue
        spooled += 1
    spool.put(("read", dict(report.rows_read - read_before)))
    spool.put((LEFT_BY_CONDITIONS, dict(report.left_by_conditions - conditions_before)))
    spool.put(("dates", report.date_forms))
    dates_before.merge(report.date_forms)
    report.date_forms = dates_before
    spool.put(("values", report.column_values))
    values_before.merge(report.column_values)
    report.column_values = values_before
    spool.close()
    job.mapped()
    return spooled


def _check_spooled(
    job: Job, validator: Validator, spool: Spool, out: Callable[[tuple[Any, ...]], None], sinks: Sinks
) -> None:
    """Step 2: the spooled records through the remaining checks into the stage's sinks; the
    problems spooled on the way go on to `out`, in their place."""
    columns, table = job.columns, job.table
    _, after = validator.split_references(table, job.deferred)
    quick = validator.quick_late_checks(table, columns, after)
    class_at, role_at = (columns.index(c) if c in columns else -1 for c in ("classSourcedId", "role"))
    for entry in spool:
        kind = entry[0]
        if kind == "kept":
            _, row, shape, file, line, fingerprint, is_plain, rule, dates = entry
            if is_plain and quick is not None and quick(row, line, fingerprint):
                sinks.kept_row(row)
                if class_at >= 0 and role_at >= 0 and row[role_at] == "student":  # as Validator._kept_enrolment
                    validator.count_tonight(row[class_at], rule, dates)
                continue
            extra = {f"{DATES_READ}{i}": text for i, text in enumerate(dates)}
            draft = Draft(table, _values(columns, row, shape), place_at(file, line), rule, extra)
            if validator.late_checks(draft, after):
                sinks.kept(draft)
        elif kind == "held":
            sinks.held(draft_from_entry(entry[1:]))
        else:
            out(entry)


def _absent(columns: tuple[str, ...], values: dict[str, str]) -> int:
    """Which columns the record has no value for, as bits: what `_values` needs to rebuild it."""
    return sum(1 << i for i, column in enumerate(columns) if column not in values)


def _values(columns: tuple[str, ...], row: tuple[str, ...], shape: int | dict[str, str]) -> dict[str, str]:
    """The record's values as the worker had them (a dict when it had more than the columns)."""
    if isinstance(shape, dict):
        return shape
    return {column: value for i, (column, value) in enumerate(zip(columns, row, strict=True)) if not shape >> i & 1}


class _Counting:
    """The worker's recorder: it sends a problem on (to `put`) while the main process could
    still keep it as an example or write it to the explain file. Past that the main process
    would only count it, so it is counted here, and the counts go over at the end: millions of
    enrolments left out with their class cost no more than a number."""

    def __init__(self, *, examples: int, explained: bool) -> None:
        self.examples, self.explained = examples, explained
        self.put: Callable[[Event], None] = _ignore
        self.sent: Counter[str] = Counter()
        self.counted: Counter[tuple[str, str, str]] = Counter()  # (slug, file, table)

    def __call__(self, event: Event) -> None:
        slug = event[1]
        if event[0] == "add":  # "once" events may be left out by the main process: they fill nothing
            if self.sent[slug] >= self.examples and self._only_counted(BY_SLUG[slug]):
                self.counted[slug, event[2][0], event[2][3]] += 1
                return
            self.sent[slug] += 1
        self.put(event)

    def count(self, code: Code, file: str, table: str, count: int) -> None:
        """Problems past the examples, many at once (`Report.count_past_examples`)."""
        self.counted[code.slug, file, table] += count

    def only_counted(self, code: Code) -> bool:
        return self.examples > 0 and self._only_counted(code)

    def _only_counted(self, code: Code) -> bool:
        """All the main process does with it past the examples is count it: not an abort, a
        record for the explain file, nor an error that left a row out (their rows are counted)."""
        return (
            code.action is not Action.ABORT
            and not (self.explained and code.action is Action.DROP_ROW)
            and not counts_against_row(code)
            and code.slug not in VALUES_KEPT
        )


def _ignore(event: Event) -> None:
    """The problems of `prepare`: the main process reports them when it builds those tables."""


# The rows each rule's own conditions left out in the worker (Report.left_by_conditions), sent on: X886 of an
# enrolments rule reads them (10,000 schedule rows and more were mapped here, and X886 never said: cond60).
LEFT_BY_CONDITIONS = "conditions"
_HEADER = 16  # a hand-over on the pipe: offset and length in kept_ids, 8 bytes each


def hand_over(worker: Worker, validator: Validator, *, pending: Ids | None = None) -> None:
    """The deferred tables' kept IDs, for the worker to go on (this process never waits: the
    IDs go through a file, the pipe carries where). `pending`: the IDs that may yet be kept
    (the derived guardians); None when the IDs are final."""
    _, after = validator.split_references(worker.job.table, worker.job.deferred)
    handle = worker.kept_ids  # only this process moves its offset (the worker reads with pread)
    handle.seek(worker.sent)
    kept = {target: validator.kept.get(target, set()) for _, target in after}
    if any(target == "users" for _, target in after):  # the users' roles, for the enrolments' (V578)
        kept["students"] = validator.kept["students"]
    pickle.dump(
        (
            kept,
            pending,
            validator.user_roles,
            validator.waiting,
            validator.left,
            validator.demoted,
            validator.dropped_users,
        ),
        handle,
        protocol=pickle.HIGHEST_PROTOCOL,
    )
    handle.flush()
    header = worker.sent.to_bytes(8, "little") + (handle.tell() - worker.sent).to_bytes(8, "little")
    worker.sent = handle.tell()
    with contextlib.suppress(BrokenPipeError):  # the worker failed (or is done): `finish` finds out
        os.write(worker.ready, header)


# What the main process hands the worker once the users are decided: the kept IDs, the guardians'
# IDs pending, the users' roles, the transfers waiting, the schools left, the teachers demoted, the
# users left out for a problem of their own.
Handed = tuple[dict[str, Ids], Ids | None, CompactMap, dict[str, Any], LeftSchools, dict[str, tuple[str, str]], IdSet]


class _HandOvers:
    """The worker's end of the hand-overs: the first, and the final one only if asked for."""

    def __init__(self, wait: int, kept_ids: IO[bytes]) -> None:
        self.wait, self.kept_ids = wait, kept_ids
        self._final: dict[str, Ids] | None = None
        self._final_roles = CompactMap()

    def next(self) -> Handed | None:
        """The next hand-over; None when the main process stopped (or died)."""
        header = b""
        while len(header) < _HEADER and (chunk := os.read(self.wait, _HEADER - len(header))):
            header += chunk
        length = int.from_bytes(header[8:], "little") if len(header) == _HEADER else 0
        if not length:
            return None
        data = os.pread(self.kept_ids.fileno(), length, int.from_bytes(header[:8], "little"))
        handed: Handed = pickle.loads(data)
        return handed

    def final(self) -> dict[str, Ids]:
        """The final kept IDs (waits for them); empty when the main process stopped."""
        if self._final is None:
            handed = self.next()
            self._final = handed[0] if handed is not None else {}
            if handed is not None:
                self._final_roles = handed[2]
        return self._final

    def final_roles(self) -> CompactMap:
        """The final roles of the kept users who are no students (waits for them)."""
        self.final()
        return self._final_roles


class _KeptIdsPending:
    """A deferred table's kept IDs while some may yet be kept (`pending`): asking about one of
    those waits for the final set. Records seldom name a derived guardian, so the worker
    usually finishes without it."""

    __slots__ = ("final", "ids", "pending", "target")

    def __init__(self, target: str, ids: Ids, pending: Ids, final: Callable[[], dict[str, Ids]]) -> None:
        self.target, self.ids, self.final = target, ids, final
        self.pending: Ids | None = pending

    def add(self, key: str) -> None:
        self.ids.add(key)

    def discard(self, key: str) -> None:
        self.ids.discard(key)

    def __len__(self) -> int:
        """The IDs kept so far (the pending ones are not counted)."""
        return len(self.ids)

    def __contains__(self, key: object) -> bool:
        if key in self.ids:
            return True
        if self.pending is None or key not in self.pending:
            return False
        self.ids, self.pending = self.final().get(self.target, set()), None
        return key in self.ids


def finish(worker: Worker, *, validator: Validator, report: Report) -> bool:
    """Wait for the worker and add what it left; False when it failed (nothing was added)."""
    try:
        _, status = os.waitpid(worker.pid, 0)
        if not (os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0):
            refused = os.WIFEXITED(status) and os.WEXITSTATUS(status) == REFUSED
            report.facts["worker"] = (
                f"the {worker.job.table} worker stopped on a refusal of its export: this process read it again"
                if refused
                else f"the {worker.job.table} worker failed (wait status {status}): "
                "this process did its work, with the same result"
            )
            return False
        report.facts.setdefault("seconds", {})[f"{worker.job.table} (worker)"] = round(
            time.perf_counter() - worker.started, 3
        )
        worker.results.seek(0)
        for entry in Spool(worker.results):
            _add(entry, worker=worker, validator=validator, report=report)
        return True
    finally:
        _close(worker)


def _add(entry: tuple[Any, ...], *, worker: Worker, validator: Validator, report: Report) -> None:
    """One entry the worker left, added to this process's report and validator."""
    kind = entry[0]
    if kind in ("read", LEFT_BY_CONDITIONS):  # rows read, and those the rules' conditions left out
        (report.rows_read if kind == "read" else report.left_by_conditions).update(entry[1])
    elif kind == "dates":
        report.date_forms.merge(entry[1])
    elif kind == "values":
        report.column_values.merge(entry[1])
    elif kind == "progress":
        if report.on_progress is not None:
            report.on_progress(entry[1], entry[2])
    elif kind == "counts":
        report.add_counts(entry[1])
    elif kind == "facts":
        for key, value in entry[1].items():
            if isinstance(value, dict):
                report.facts.setdefault(key, {}).update(value)
            else:
                report.facts[key] = value
        report.classes_emptied.update(entry[2])
        _merge_owners(report, entry[3])
    elif kind == "done":
        report.rows_written.update(entry[1])
        validator.kept.update(entry[2])
        validator.add_class_counts(entry[3])
        seconds = report.facts["seconds"]
        for step, took in entry[4].items():
            seconds[f"{worker.job.table} (worker: {step})"] = took
    else:
        report.replay(entry)


def stop(worker: Worker) -> None:
    """End a worker whose part will not be used (the run stopped before enrolments)."""
    with contextlib.suppress(BrokenPipeError):
        os.write(worker.ready, bytes(_HEADER))
    with contextlib.suppress(ProcessLookupError, ChildProcessError):
        os.kill(worker.pid, signal.SIGKILL)
        os.waitpid(worker.pid, 0)
    _close(worker)


def _close(worker: Worker) -> None:
    for handle in (worker.kept_ids, worker.results):
        handle.close()
    with contextlib.suppress(OSError):
        os.close(worker.ready)
