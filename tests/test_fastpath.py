"""The generated rule functions are an optimisation only: with them switched off, every fixture
district gives byte-identical files and the same report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.case_runs import EACH_CASE, CaseRuns, run_case
from tests.test_golden import flattened
from transform.pipeline import fastpath

CALLS: list[str] = []


def _interpreter_only(*args: Any, **kwargs: Any) -> Any:
    CALLS.append("compiled")
    return fastpath._never


@pytest.mark.parametrize("case", EACH_CASE)
def test_generated_functions_change_nothing(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case_runs: CaseRuns
) -> None:
    fast, fast_out, fast_explain = case_runs.run(case.parent, engine="columnar")  # before the patches
    CALLS.clear()
    with monkeypatch.context() as patch:
        patch.setattr(fastpath, "compile_rule", _interpreter_only)
        patch.setattr(fastpath, "compile_guardians", _interpreter_only)
        patch.setattr(fastpath, "compile_where", _interpreter_only)
        patch.setattr(fastpath, "compile_checks", lambda *a, **k: lambda values: False)
        slow = run_case(
            case.parent, tmp_path / "slow", explain=tmp_path / "slow.csv", scratch=case_runs.scratch(case.parent)
        )
    assert CALLS, "the interpreter-only run did not go through the patched compilers"
    assert flattened(fast) == flattened(slow)
    assert fast.report.counts == slow.report.counts
    assert fast_explain.read_bytes() == (tmp_path / "slow.csv").read_bytes()
    produced = sorted(p.name for p in fast_out.glob("*.csv")) if fast_out.exists() else []
    for name in produced:
        assert (fast_out / name).read_bytes() == (tmp_path / "slow" / name).read_bytes(), name


def test_next_semesters_enrolments_follow_their_classes_without_the_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third of a PowerSchool district's enrolment rows are, in the autumn, dated in the next
    semester and of its classes: the generated where finds them and the report says what the
    interpreter's says (V503, following the class), with far fewer rows interpreted."""
    from benchmarks.synthetic import write_district
    from transform import api
    from transform.pipeline import mapping

    write_district(tmp_path / "in", 300)
    interpreted: list[int] = []
    real = mapping.interpret_row

    def counting(*args: Any, **kwargs: Any) -> Any:
        interpreted.append(1)
        return real(*args, **kwargs)

    def run(name: str) -> api.RunResult:
        options = api.RunOptions(
            profile="powerschool",
            in_dir=tmp_path / "in",
            out_dir=tmp_path / name,
            as_of=dt.date(2026, 10, 15),
            max_examples=10_000,
            jobs=1,
            engine="python",
        )
        return api.run(options)

    monkeypatch.setattr(mapping, "interpret_row", counting)
    fast = run("fast")
    fast_rows = len(interpreted)
    interpreted.clear()
    with monkeypatch.context() as patch:
        patch.setattr(fastpath, "compile_where", _interpreter_only)
        slow = run("slow")
    assert fast.report.counts["V503"] > 500  # the next semester's enrolments, following their classes
    assert flattened(fast) == flattened(slow)
    assert fast.report.counts == slow.report.counts
    for name in ("users.csv", "classes.csv", "enrollments.csv"):
        assert (tmp_path / "fast" / name).read_bytes() == (tmp_path / "slow" / name).read_bytes(), name
    assert fast_rows < len(interpreted) - 500
