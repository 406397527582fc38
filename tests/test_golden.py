"""Fixture folders in, the expected OneRoster files and flattened report out, byte for byte.

Each case is fixtures/<sis>/<case>/ with case.yaml (profile, as_of, optionally `in` to share
another case's export and `options` for the run), in/ (the raw export) and expected/ (written
by `make golden`, never edited by hand): the output files, the flattened report, and the
explain CSV of every record left out. The profile is a bundled name, a file beside the case,
or a docs page whose marked profile the case runs (tests/doc_profiles.py: docs/tutorial.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.case_runs import CASE_FILES, EACH_CASE, CaseRuns, run_case
from tests.conftest import FIXTURES
from transform import api

CASES = CASE_FILES  # the golden cases' case.yaml files, for the tests that run them otherwise
__all__ = ["CASES", "flattened", "run_case"]


def flattened(result: api.RunResult) -> str:
    lines = [f"exit {result.exit_status}"]
    for code, file, line, column in result.report.flatten("code", "file", "line", "column"):
        lines.append(f"{code} {file}:{line} {column}".rstrip())
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", EACH_CASE)
def test_golden(case: Path, case_runs: CaseRuns, update_golden: bool) -> None:
    case_dir = case.parent
    result, out, explain = case_runs.run(case_dir, engine="columnar")
    expected = case_dir / "expected"
    report_text = flattened(result)
    if update_golden:
        shutil.rmtree(expected, ignore_errors=True)
        expected.mkdir()
        if out.exists():
            for produced in out.iterdir():
                shutil.copyfile(produced, expected / produced.name)
        (expected / "report.txt").write_text(report_text, encoding="utf-8")
        shutil.copyfile(explain, expected / "explain.txt")
        return
    assert (expected / "report.txt").read_text(encoding="utf-8") == report_text
    assert explain.read_bytes() == (expected / "explain.txt").read_bytes()
    wanted = sorted(p.name for p in expected.iterdir() if p.suffix == ".csv")
    produced = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert produced == wanted
    for name in wanted:
        assert (out / name).read_bytes() == (expected / name).read_bytes(), name


def test_reruns_are_byte_identical(tmp_path: Path) -> None:
    case_dir = FIXTURES / "powerschool" / "district"
    run_case(case_dir, tmp_path / "a")
    run_case(case_dir, tmp_path / "b")
    for produced in sorted((tmp_path / "a").iterdir()):
        assert produced.read_bytes() == (tmp_path / "b" / produced.name).read_bytes()


def test_no_fixture_files_time_decides_a_run() -> None:
    """An old checkout whose pull changed one fixture export gave it a time weeks after its
    siblings, and the golden case of that folder (run in place with the clock) was refused X852
    (review129 R4): the test run gives every fixture file one time first (conftest)."""
    times = {
        path.stat().st_mtime_ns
        for path in FIXTURES.rglob("*")
        if path.is_file() and not path.is_symlink() and "expected" not in path.relative_to(FIXTURES).parts
    }
    assert len(times) == 1
