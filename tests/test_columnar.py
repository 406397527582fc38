"""The columnar engine (pipeline.columnar) changes nothing but the time: every fixture district,
a synthetic one with the benchmark's traps and hostile variants give byte-identical files,
explain file and report with `--engine columnar` and `--engine python` (the reference)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tests.test_golden import CASES, run_case
from transform import api


def same(one: api.RunResult, two: api.RunResult, tmp_path: Path, names: tuple[str, str] = ("one", "two")) -> None:
    """The two runs' report, exit status, explain file and published files are the same."""
    first, second = copy.deepcopy(one.report.to_dict()), copy.deepcopy(two.report.to_dict())
    for report in (first, second):
        for of_this_run in ("seconds", "worker", "columnar", "out", "ran_at", "duration_seconds"):
            report["facts"].pop(of_this_run, None)
    assert first == second
    assert one.exit_status == two.exit_status
    a, b = (tmp_path / n for n in names)
    if a.with_suffix(".csv").exists():
        assert a.with_suffix(".csv").read_bytes() == b.with_suffix(".csv").read_bytes()
    written = sorted(p.name for p in a.iterdir()) if a.exists() else []
    assert written == (sorted(p.name for p in b.iterdir()) if b.exists() else [])
    for name in written:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def columnar_rows(result: api.RunResult) -> dict[str, Any]:
    found: dict[str, Any] = result.report.facts.get("columnar", {})
    return found


TAKEN: dict[str, int] = {}


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.parent.name}" for c in CASES])
def test_every_fixture_district_the_same_with_both_engines(case: Path, tmp_path: Path) -> None:
    one = run_case(case.parent, tmp_path / "one", explain=tmp_path / "one.csv", engine="python")
    two = run_case(case.parent, tmp_path / "two", explain=tmp_path / "two.csv", engine="columnar")
    same(one, two, tmp_path)
    assert "columnar" not in one.report.facts
    TAKEN[f"{case.parent.parent.name}/{case.parent.name}"] = sum(
        rule.get("silent", 0) for rule in columnar_rows(two).values()
    )
