"""Records stream through the stages: what a stage holds grows by the compact ID tables, not by
the records themselves (#7: no stage holds all users or all enrolments in memory; nor classes,
which wait in temporary files).

The synthetic benchmark district is run at two sizes under tracemalloc, and the growth of each
stage's peak (above what was held when it began) is divided by the growth of the records it
wrote. Measured when this test was written: about 190 bytes per user (the guardian book holds
each guardian as a few joined strings until they are resolved, then in a temporary file), about
55 bytes per enrolment (ID maps and sets of 64-bit hashes), and no growth per class. A stage that
kept its records as drafts instead measured 1,422, 865 and 1,750 bytes. The spools write every
64 records here (4,096 in a run), or a test district's classes would all fit in the first batch.
"""

from __future__ import annotations

import datetime as dt
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from transform import api
from transform.pipeline import run as pipeline_run
from transform.pipeline import spool

USER_BYTES_MAX = 600
ENROLMENT_BYTES_MAX = 300
CLASS_BYTES_MAX = 700


@pytest.fixture
def stage_peaks(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    """Each measured stage's peak of the memory it allocated and still held. Traced only while a
    stage runs (tracing the whole run cost 16 CPU-s, the stages alone 11): what was allocated
    before is not traced, and its release during the stage cannot lower the peak, so a stage is
    measured no more leniently than from the run's start."""
    peaks: dict[str, int] = {}
    monkeypatch.setattr(spool, "_BATCH", 64)
    for stage in ("users", "classes", "enrollments"):
        run_stage = getattr(pipeline_run.Run, stage)

        def measured(self: Any, _run: Any = run_stage, _stage: str = stage, **options: Any) -> None:
            assert not tracemalloc.is_tracing(), "a stage measured inside another"
            tracemalloc.start()
            try:
                _run(self, **options)
                peaks[_stage] = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

        monkeypatch.setattr(pipeline_run.Run, stage, measured)
    yield peaks


def _run(folder: Path, students: int, peaks: dict[str, int]) -> dict[str, int]:
    from benchmarks.synthetic import write_district

    write_district(folder / "in", students)
    result = api.run(
        api.RunOptions(
            profile="powerschool", in_dir=folder / "in", out_dir=folder / "out", as_of=dt.date(2026, 10, 15), jobs=1
        )
    )
    assert result.exit_status == api.EXIT_PUBLISHED
    written = result.report.rows_written
    return dict(
        peaks,
        users_written=written["users.csv"],
        enrollments_written=written["enrollments.csv"],
        classes_written=written["classes.csv"],
    )


def test_users_classes_and_enrolments_stream_through_their_stages(tmp_path: Path, stage_peaks: dict[str, int]) -> None:
    small = _run(tmp_path / "small", 800, stage_peaks)
    large = _run(tmp_path / "large", 3200, stage_peaks)
    per_user = (large["users"] - small["users"]) / (large["users_written"] - small["users_written"])
    per_enrolment = (large["enrollments"] - small["enrollments"]) / (
        large["enrollments_written"] - small["enrollments_written"]
    )
    assert large["users_written"] > 7000 and large["enrollments_written"] > 15000  # enough to tell
    assert per_user < USER_BYTES_MAX, f"the users stage holds {per_user:.0f} bytes per user"
    assert per_enrolment < ENROLMENT_BYTES_MAX, f"the enrolments stage holds {per_enrolment:.0f} bytes per enrolment"
    per_class = (large["classes"] - small["classes"]) / (large["classes_written"] - small["classes_written"])
    assert per_class < CLASS_BYTES_MAX, f"the classes stage holds {per_class:.0f} bytes per class"
