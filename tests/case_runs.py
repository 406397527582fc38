"""The fixture districts' runs that several test files make alike, made once per test process.

The golden test, the engines' (test_columnar), the worker's (test_overlap), the compiled
functions' (test_fastpath) and the DuckDB finish's (test_staged_sql) each run every golden case
as a reference to compare with: the same case, engine, jobs and explain file, so the same set.
They share that reference run (`CaseRuns.run`) instead of making it again. What each test runs
otherwise (with a patch, another engine) is its own and stays in its own tmp_path.

Each case's tests are one xdist group (`EACH_CASE`): `make test` runs with `--dist loadgroup`, so a
case's shared runs are made once in one worker rather than once in each.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.doc_profiles import case_profile
from transform import api

CASE_FILES = sorted(FIXTURES.glob("*/*/case.yaml"))


def case_id(case: Path) -> str:
    return f"{case.parent.parent.name}/{case.parent.name}"


# Every golden case, as the parameter `case` of a test that compares its runs.
EACH_CASE = [
    pytest.param(case, id=case_id(case), marks=pytest.mark.xdist_group(f"case:{case_id(case)}")) for case in CASE_FILES
]


def run_case(
    case_dir: Path,
    out_dir: Path,
    *,
    explain: Path | None = None,
    jobs: int | None = None,
    engine: str = "columnar",
    scratch: Path | None = None,
) -> api.RunResult:
    """The case run into `out_dir`; a profile the case takes from a docs page is written into
    `scratch` (OUT's parent by default), whose path the report names."""
    case = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))
    options = {
        key: tuple(value) if isinstance(value, list) else value for key, value in (case.get("options") or {}).items()
    }
    return api.run(
        api.RunOptions(
            profile=case_profile(case_dir, case["profile"], scratch or out_dir.parent),
            in_dir=(case_dir / case.get("in", "in")).resolve(),
            out_dir=out_dir,
            as_of=dt.date.fromisoformat(case["as_of"]),
            max_examples=10_000,
            explain=explain,
            jobs=jobs,
            engine=engine,
            **options,
        )
    )


class CaseRun(NamedTuple):
    """A run of a case: its result, the folder it published into and its explain file. Shared:
    a test reads them and never writes there."""

    result: api.RunResult
    out: Path
    explain: Path


class CaseRuns:
    """The runs made so far in this test process, by case, engine and jobs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made: dict[tuple[Path, str, int | None], CaseRun] = {}

    def scratch(self, case_dir: Path) -> Path:
        """The case's folder of shared runs, and of the profile a docs page gives it: a report
        names its profile's path, so a test's own run compared with a shared one writes it here
        too (run_case's `scratch`)."""
        folder = self.root / case_id(case_dir / "case.yaml").replace("/", "-")
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def run(self, case_dir: Path, *, engine: str, jobs: int | None = None) -> CaseRun:
        """The case run with an explain file, with no patch in force: ask for it before a test
        patches anything, as the test's own run did."""
        key = (case_dir, engine, jobs)
        if key not in self.made:
            folder = self.scratch(case_dir)
            out, explain = folder / f"{engine}-jobs{jobs}", folder / f"{engine}-jobs{jobs}.csv"
            result = run_case(case_dir, out, explain=explain, jobs=jobs, engine=engine, scratch=folder)
            self.made[key] = CaseRun(result, out, explain)
        return self.made[key]
