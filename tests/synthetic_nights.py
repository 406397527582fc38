"""Nights of a synthetic PowerSchool district (benchmarks.synthetic), the run of each with either
engine: what the gate tests of values lost since the last set share (test_birth_dates_gate,
test_columns_blanked)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
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


# The first sets published so far in this test process, by what made them (a district and engine).
_FIRST_SETS: dict[tuple[object, ...], Path] = {}


def first_set(
    key: tuple[object, ...], root: Path, tmp_path: Path, publish: Callable[[Path], None], *, into: str = "out"
) -> Path:
    """tmp_path/`into` (out by default), with its state folder: the first set `publish(out)` makes (and
    checks), as the last set of a test's next night. Published once per key, into a folder of its own
    under `root` (beside a module's district, which no test changes), and copied: each test changes its
    copy."""
    if key not in _FIRST_SETS:
        published = root / "first-sets" / str(len(_FIRST_SETS)) / "out"
        publish(published)
        _FIRST_SETS[key] = published
    published, out = _FIRST_SETS[key], tmp_path / into
    shutil.copytree(published, out)
    shutil.copytree(published.with_name(".out.transform"), tmp_path / f".{into}.transform")
    return out


def first_night(district: Path, tmp_path: Path, engine: str) -> Path:
    """tmp_path/out: the district's first night (`run`) with the engine, made once (`first_set`)."""

    def publish(out: Path) -> None:
        first = run(district, out, engine)
        assert first.exit_status == 0 and first.report.published, [str(p) for p in first.report.aborts]

    return first_set((district, engine), district.parent, tmp_path, publish)
