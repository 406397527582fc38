"""tester10 item 12: an OUT whose name leaves no room for the folders the run keeps beside it
(`.<out>.transform`, `.<out>.staging-*`, `.<out>.previous-*`) is refused before any export is
read (X901, exit 2, saying the name is too long), not after reading with "File name too long"
and exit 1."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def _run(out: Path) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, as_of=dt.date(2026, 10, 15)))


def test_a_name_too_long_for_the_folders_beside_it_is_refused_up_front(tmp_path: Path) -> None:
    out = tmp_path / ("o" * 240)
    result = _run(out)
    assert result.exit_status == 2 and not result.report.published
    (problem,) = result.problems
    message = problem.code.render(**problem.params)
    assert problem.code.id == "X901" and "too long" in message and "at most 236 bytes" in message
    assert not result.report.rows_read and not out.exists()


def test_the_longest_name_that_fits_is_published(tmp_path: Path) -> None:
    out = tmp_path / ("o" * 236)
    assert _run(out).exit_status == 0 and (out / "users.csv").is_file()
    assert _run(out).exit_status == 0  # and published over, through the two folders beside it
