"""Fixture folders in, the expected OneRoster files and flattened report out, byte for byte.

Each case is fixtures/<sis>/<case>/ with case.yaml (profile, as_of, optionally `in` to share
another case's export and `options` for the run), in/ (the raw export) and expected/ (written
by `make golden`, never edited by hand): the output files, the flattened report, and the
explain CSV of every record left out. The profile is a bundled name, a file beside the case,
or a docs page whose marked profile the case runs (tests/doc_profiles.py: docs/tutorial.md).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.doc_profiles import case_profile
from transform import api

CASES = sorted(FIXTURES.glob("*/*/case.yaml"))


def run_case(
    case_dir: Path, out_dir: Path, *, explain: Path | None = None, jobs: int | None = None, engine: str = "columnar"
) -> api.RunResult:
    case = yaml.safe_load((case_dir / "case.yaml").read_text(encoding="utf-8"))
    options = {
        key: tuple(value) if isinstance(value, list) else value for key, value in (case.get("options") or {}).items()
    }
    return api.run(
        api.RunOptions(
            profile=case_profile(case_dir, case["profile"], out_dir.parent),
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


def flattened(result: api.RunResult) -> str:
    lines = [f"exit {result.exit_status}"]
    for code, file, line, column in result.report.flatten("code", "file", "line", "column"):
        lines.append(f"{code} {file}:{line} {column}".rstrip())
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("case", CASES, ids=[f"{c.parent.parent.name}/{c.parent.name}" for c in CASES])
def test_golden(case: Path, tmp_path: Path, update_golden: bool) -> None:
    case_dir = case.parent
    out, explain = tmp_path / "out", tmp_path / "explain.csv"
    result = run_case(case_dir, out, explain=explain)
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
