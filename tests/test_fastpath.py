"""The generated rule functions are an optimisation only: with them switched off, every fixture
district gives byte-identical files and the same report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_golden import CASES, flattened, run_case
from transform.pipeline import fastpath

CALLS: list[str] = []


def _interpreter_only(*args: Any, **kwargs: Any) -> Any:
    CALLS.append("compiled")
    return fastpath._never


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.parent.name}" for c in CASES])
def test_generated_functions_change_nothing(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = run_case(case.parent, tmp_path / "fast", explain=tmp_path / "fast.csv")
    CALLS.clear()
    with monkeypatch.context() as patch:
        patch.setattr(fastpath, "compile_rule", _interpreter_only)
        patch.setattr(fastpath, "compile_guardians", _interpreter_only)
        patch.setattr(fastpath, "compile_checks", lambda *a, **k: lambda values: False)
        slow = run_case(case.parent, tmp_path / "slow", explain=tmp_path / "slow.csv")
    assert CALLS, "the interpreter-only run did not go through the patched compilers"
    assert flattened(fast) == flattened(slow)
    assert fast.report.counts == slow.report.counts
    assert (tmp_path / "fast.csv").read_bytes() == (tmp_path / "slow.csv").read_bytes()
    produced = sorted(p.name for p in (tmp_path / "fast").glob("*.csv")) if (tmp_path / "fast").exists() else []
    for name in produced:
        assert (tmp_path / "fast" / name).read_bytes() == (tmp_path / "slow" / name).read_bytes(), name
