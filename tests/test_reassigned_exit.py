"""X939 (user IDs that now name another person, under the limit) is published but needs a person:
exit 1, said first with --quiet ("Published, but ..."), and in the JSON line's stopped_by. Accepted
with --allow-rollover (over the limit, on purpose), exit 0."""

from __future__ import annotations

import json
from pathlib import Path

from tests.test_cli import transform
from tests.test_gate_reassigned_and_swapped_terms import SAMPLE, row, students


def _swap(cells: list[list[bytes]]) -> None:
    liam, mia = row(cells, b"5002"), row(cells, b"5003")
    liam[1], mia[1] = b"5003", b"5002"


def test_ids_swapped_under_the_limit_exit_1_and_are_said_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ("--profile", "powerschool", "--as-of", "2026-10-15")
    assert transform(*args, SAMPLE, out, "-q").returncode == 0
    tonight = students(tmp_path, _swap)
    quiet = transform(*args, tonight, out, "-q")
    assert quiet.returncode == 1
    assert "Published, but" in quiet.stderr and "X939" in quiet.stderr and "Liam Garcia -> Mia Johnson" in quiet.stderr
    again = transform(*args, SAMPLE, tmp_path / "out2", "-q")
    assert again.returncode == 0
    logged = transform(*args, tonight, tmp_path / "out2", "--log-format", "json")
    line = json.loads([text for text in logged.stderr.splitlines() if text.startswith("{")][-1])
    assert logged.returncode == 1 and line["exit"] == 1 and line["published"] and line["stopped_by_codes"] == ["X939"]
