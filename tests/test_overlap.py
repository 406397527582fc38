"""Enrolments worked on by a second process (pipeline.overlap, the Python engine's) change nothing: every fixture
district, and a synthetic one with the benchmark's traps, give byte-identical files, explain
file and report with one process and with two; a worker that fails leaves the work to the
main process."""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from tests.case_runs import EACH_CASE, CaseRuns, run_case
from transform import api
from transform.pipeline import overlap
from transform.report.problem import TransformAbort


def _same_at(one: api.RunResult, two: api.RunResult, a: Path, b: Path) -> None:
    """The runs published into the folders a and b (their explain files a.csv and b.csv) agree."""
    first, second = copy.deepcopy(one.report.to_dict()), copy.deepcopy(two.report.to_dict())
    for report in (first, second):
        report["facts"].pop("seconds", None)
        report["facts"].pop("worker", None)  # says that a worker failed and this process took over
        for of_this_run in ("out", "ran_at", "duration_seconds"):  # its folder and clock
            report["facts"].pop(of_this_run, None)
    assert first == second
    assert one.exit_status == two.exit_status
    if a.with_suffix(".csv").exists():
        assert a.with_suffix(".csv").read_bytes() == b.with_suffix(".csv").read_bytes()
    written = sorted(p.name for p in a.glob("*.csv")) if a.exists() else []
    assert written == (sorted(p.name for p in b.glob("*.csv")) if written else written)
    for name in written:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.parametrize("case", EACH_CASE)
def test_a_worker_process_changes_nothing(case: Path, case_runs: CaseRuns) -> None:
    one, one_out, _ = case_runs.run(case.parent, engine="python", jobs=1)
    two, two_out, _ = case_runs.run(case.parent, engine="python", jobs=2)
    _same_at(one, two, one_out, two_out)
    assert "enrollments (worker)" not in one.report.facts.get("seconds", {})
    assert "worker" not in two.report.facts  # the worker did its part: no fall-back hid a difference


real_run_here = overlap.run_here


@pytest.mark.parametrize("case", EACH_CASE)
def test_two_steps_in_one_process_change_nothing(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case_runs: CaseRuns
) -> None:
    """One process at a large district runs the worker's two steps itself (`run_here`)."""
    one, one_out, _ = case_runs.run(case.parent, engine="python", jobs=1)  # before the patches
    ran: list[str] = []
    monkeypatch.setattr(overlap, "TWO_STEPS_MIN_ROWS", 0)
    monkeypatch.setattr(overlap, "run_here", lambda job, **kw: ran.append(job.table) or real_run_here(job, **kw))
    two_out, scratch = tmp_path / "two", case_runs.scratch(case.parent)
    two = run_case(case.parent, two_out, explain=tmp_path / "two.csv", jobs=1, engine="python", scratch=scratch)
    _same_at(one, two, one_out, two_out)
    assert ran == (["enrollments"] if "enrollments" in two.report.facts.get("seconds", {}) else [])


def _synthetic(
    tmp_path: Path, jobs: int | None, name: str, *, examples: int = 10_000, explain: bool = True
) -> api.RunResult:
    from benchmarks.synthetic import write_district

    exports = tmp_path / "in"
    if not exports.exists():
        write_district(exports, 1500)
    return _synthetic_of(exports, tmp_path, jobs, name, examples=examples, explain=explain)


def _synthetic_of(
    exports: Path, folder: Path, jobs: int | None, name: str, *, examples: int = 10_000, explain: bool = True
) -> api.RunResult:
    """The run of `exports` into folder/name (its explain file folder/name.csv)."""
    return api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=exports,
            out_dir=folder / name,
            as_of=dt.date(2026, 10, 15),
            explain=folder / f"{name}.csv" if explain else None,
            max_examples=examples,
            jobs=jobs,
            engine="python",  # the worker is the Python engine's (the columnar one needs none)
        )
    )


# The synthetic district's tests compare a run with one made in one process, alike in several of them: the 1,500
# students written once and each such reference run made once per test process (one xdist group keeps them in one
# worker). A reference is made before the test patches anything, as its own run was.
SYNTHETIC = pytest.mark.xdist_group("overlap-synthetic")
_ONE_PROCESS: dict[tuple[int, bool], tuple[api.RunResult, Path]] = {}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from benchmarks.synthetic import write_district

    exports = tmp_path_factory.mktemp("synthetic") / "in"
    write_district(exports, 1500)
    return exports


def _one_process(exports: Path, *, examples: int = 10_000, explain: bool = True) -> tuple[api.RunResult, Path]:
    """The district run in one process (jobs 1) and the folder it published into, shared: read, never written."""
    key = (examples, explain)
    if key not in _ONE_PROCESS:
        name = f"one-{examples}-{'explained' if explain else 'counted'}"
        _ONE_PROCESS[key] = (
            _synthetic_of(exports, exports.parent, 1, name, examples=examples, explain=explain),
            (exports.parent / name),
        )
    return _ONE_PROCESS[key]


@SYNTHETIC
def test_a_synthetic_district_with_its_traps_is_the_same_with_a_worker(synthetic: Path, tmp_path: Path) -> None:
    one, one_out = _one_process(synthetic)
    two = _synthetic_of(synthetic, tmp_path, 2, "two")
    _same_at(one, two, one_out, tmp_path / "two")
    assert two.report.facts["seconds"]["enrollments (worker)"] > 0  # the worker did the enrolments
    assert {"V503", "V504"} <= set(two.report.counts)  # dropped with their class, and with their user


_WITH_A_WORKER: dict[bool, tuple[api.RunResult, Path, list[tuple[int, int | None]]]] = {}


def _with_a_worker(exports: Path, *, explain: bool) -> tuple[api.RunResult, Path, list[tuple[int, int | None]]]:
    """The district run with a worker (jobs 2) and two examples a code, shared: its result, the folder it published
    into, and the users the main process handed over to the worker each time (the kept users, those still pending)."""
    if explain not in _WITH_A_WORKER:
        handed: list[tuple[int, int | None]] = []
        real = overlap.hand_over

        def spy(worker: overlap.Worker, validator: Any, *, pending: Any = None) -> None:
            handed.append((len(validator.kept["users"]), None if pending is None else len(pending)))
            real(worker, validator, pending=pending)

        name = f"two-{'explained' if explain else 'counted'}"
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(overlap, "hand_over", spy)
            two = _synthetic_of(exports, exports.parent, 2, name, examples=2, explain=explain)
        _WITH_A_WORKER[explain] = (two, exports.parent / name, handed)
    return _WITH_A_WORKER[explain]


@SYNTHETIC
@pytest.mark.parametrize("explain", [True, False], ids=["explained", "counted"])
def test_problems_past_the_examples_kept_are_counted_alike(synthetic: Path, explain: bool) -> None:
    """Without an explain file the worker sends only the counts of problems past the examples."""
    one, one_out = _one_process(synthetic, examples=2, explain=explain)
    two, two_out, _ = _with_a_worker(synthetic, explain=explain)
    _same_at(one, two, one_out, two_out)
    assert two.report.counts["V503"] > 2 and len(two.report.examples["V503"]) == 2


@SYNTHETIC
def test_a_synthetic_district_in_two_steps_in_one_process_is_the_same(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, one_out = _one_process(synthetic, examples=2)
    monkeypatch.setattr(overlap, "TWO_STEPS_MIN_ROWS", 0)
    two = _synthetic_of(synthetic, tmp_path, 1, "two", examples=2)
    _same_at(one, two, one_out, tmp_path / "two")
    assert two.report.counts["V503"] > 2 and {"V503", "V504"} <= set(two.report.counts)


@SYNTHETIC
def test_a_failed_worker_leaves_the_enrolments_to_the_main_process(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise MemoryError("the worker ran out of memory")

    one, one_out = _one_process(synthetic)
    monkeypatch.setattr(overlap, "_work", broken)
    two = _synthetic_of(synthetic, tmp_path, 2, "two")
    _same_at(one, two, one_out, tmp_path / "two")
    assert "enrollments (worker)" not in two.report.facts["seconds"]
    assert "worker failed" in two.report.facts["worker"]


def test_small_exports_are_mapped_in_one_process(tmp_path: Path) -> None:
    from benchmarks.synthetic import write_district

    write_district(tmp_path / "in", 600)  # 4,800 enrolment rows: below overlap.AHEAD_MIN_ROWS
    small = _synthetic(tmp_path, None, "auto")
    assert small.exit_status == 0
    assert "enrollments (worker)" not in small.report.facts["seconds"]


def test_a_district_of_1500_students_maps_its_enrolments_beside_the_users(tmp_path: Path) -> None:
    """12,000 enrolment rows: two processes are faster from about a thousand students."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: one process")
    result = _synthetic(tmp_path, None, "auto")
    assert result.exit_status == 0
    assert "enrollments (worker)" in result.report.facts["seconds"]


def test_a_record_naming_a_guardian_still_to_come_waits_for_the_final_ids(tmp_path: Path) -> None:
    """The first hand-over comes before the guardians are written: what it decides is final;
    only a record naming one of the guardians still pending makes the worker wait."""
    from transform.oneroster.spec import TARGETS
    from transform.pipeline.compact import IdSet
    from transform.pipeline.validate import Validator
    from transform.report.report import Report

    validator = Validator(TARGETS["remind"], Report())
    users = validator.kept.setdefault("users", IdSet())
    users.add("S1")
    job = overlap.Job("enrollments", "users", (), lambda: None, lambda: (), lambda d: False, lambda s: None)
    wait, ready = os.pipe()
    with (tmp_path / "ids").open("w+b") as ids, (tmp_path / "results").open("w+b") as results:
        worker = overlap.Worker(0, job, ids, results=results, ready=ready, started=0.0)
        overlap.hand_over(worker, validator, pending={"G1", "G2"})
        handed = overlap._HandOvers(wait, ids)
        first = handed.next()
        assert first is not None and first[1] is not None
        deciding = overlap._KeptIdsPending("users", first[0]["users"], first[1], handed.final)
        os.set_blocking(wait, False)  # asking for the final IDs now would fail, not hang
        assert "S1" in deciding and "X" not in deciding
        users.add("G1")
        overlap.hand_over(worker, validator)
        assert "G1" in deciding and "G2" not in deciding and "S1" in deciding
        os.write(ready, bytes(16))  # what stop() sends: no more hand-overs
        assert handed.next() is None
    os.close(wait)
    os.close(ready)


@SYNTHETIC
def test_the_worker_gets_the_users_before_the_guardians_are_written(synthetic: Path) -> None:
    """Two hand-overs: the first with the guardians' IDs still pending, the last final."""
    result, out, handed = _with_a_worker(synthetic, explain=False)  # the run of the test above, without explain file
    (early, pending), (final, last) = handed
    guardians = sum(
        1 for line in (out / "users.csv").read_text().splitlines() if ",parent," in line or ",guardian," in line
    )
    assert pending is not None and pending >= guardians > 0 and last is None
    assert final == early + guardians  # the first hand-over had every user but the guardians
    assert result.report.facts["seconds"]["enrollments (worker)"] > 0


@pytest.mark.parametrize(
    ("stop", "said"),
    [
        (TransformAbort([]), "the enrollments worker stopped on a refusal of its export: this process read it again"),
        (MemoryError("out of memory"), "the enrollments worker failed (wait status 256)"),
    ],
    ids=["refused", "crashed"],
)
def test_a_worker_refusing_its_export_is_not_said_to_have_failed(
    tmp_path: Path, stop: BaseException, said: str
) -> None:
    """tester87 T2: a coded refusal (X957) in the worker was said as 'the worker failed'."""
    from transform.oneroster.spec import TARGETS
    from transform.pipeline.validate import Validator
    from transform.report.report import Report

    def prepare() -> None:
        raise stop

    report = Report()
    validator = Validator(TARGETS["remind"], report)
    job = overlap.Job("enrollments", "users", (), prepare, lambda: (), lambda d: False, lambda s: None)
    worker = overlap.start(job, validator=validator, report=report, folder=tmp_path)
    assert worker is not None
    assert overlap.finish(worker, validator=validator, report=report) is False
    assert report.facts["worker"].startswith(said)


@pytest.mark.parametrize("stop", [None, TransformAbort([])], ids=["worked", "refused"])
def test_a_worker_whose_last_step_crashes_has_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: BaseException | None
) -> None:
    """review199 R3: the status was set before `job.done()` ran: a crash in it exited 0 (or 64)."""
    from transform.oneroster.spec import TARGETS
    from transform.pipeline.validate import Validator
    from transform.report.report import Report

    def work(*args: Any) -> None:  # the work itself done (or refused) at once
        if stop is not None:
            raise stop

    def done() -> None:
        raise MemoryError("out of memory")

    monkeypatch.setattr(overlap, "_work", work)
    report = Report()
    validator = Validator(TARGETS["remind"], report)
    job = overlap.Job("enrollments", "users", (), lambda: None, lambda: (), lambda d: False, lambda s: None, done=done)
    worker = overlap.start(job, validator=validator, report=report, folder=tmp_path)
    assert worker is not None
    assert overlap.finish(worker, validator=validator, report=report) is False
    assert report.facts["worker"].startswith("the enrollments worker failed (wait status 256)")
