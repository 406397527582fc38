"""Remind takes users.grades "For students only" (tester9 item 13): a profile mapping grades on
staff gets them blanked by a run (V596), with both engines, and validate reports a set holding
them with the same code."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.test_columnar import DISTRICT, both


def test_a_teachers_grades_are_blanked_and_said_with_both_engines(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\nextends: powerschool\ntables:\n  users:\n    staff:\n      columns:\n"
        "        grades: {value: '05'}\n",
        encoding="utf-8",
    )
    python, columnar = both(DISTRICT, tmp_path, profile=str(profile))
    with (tmp_path / "python" / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = list(csv.DictReader(handle))
    staff = [u for u in users if u["role"] not in ("student", "parent", "guardian")]
    assert staff and all(u["grades"] == "" for u in staff)
    assert any(u["grades"] for u in users if u["role"] == "student")
    # Every staff row is said (one more than published: a teacher left out for want of an email).
    assert python.report.counts["V596"] == columnar.report.counts["V596"] >= len(staff)
    assert python.exit_status == 0
