"""Nights of a synthetic PowerSchool district (benchmarks.synthetic), the run of each with either
engine: what the gate tests of values lost since the last set share (test_birth_dates_gate,
test_columns_blanked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from transform import api

NIGHT = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def run(exports: Path, out: Path, engine: str, night: int = 0, **options: object) -> api.RunResult:
    now = NIGHT + dt.timedelta(days=night)
    return api.run(
        api.RunOptions(
            profile="powerschool", in_dir=exports, out_dir=out, engine=engine, as_of=now.date(), now=now, **options
        )  # type: ignore[arg-type]
    )


def district_of(tmp_path_factory: pytest.TempPathFactory, students: int = 300) -> Path:
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, students)
    return folder
