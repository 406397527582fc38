"""An emergency contact, or a contact of another kind that is no parent or guardian, is left out
once, for that reason (F409, F423): not again as "linked to no student in this set" (F413), which
is false while her student is published (tester48 F2). A guardian whose only student is not in
the set is still F413."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform

AERIES = FIXTURES / "aeries" / "district" / "in"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_emergency_contact_of_a_published_student_is_left_out_once_for_being_one(
    tmp_path: Path, engine: str
) -> None:
    out, explain, report = tmp_path / "out", tmp_path / "dropped.csv", tmp_path / "report.json"
    done = transform(
        "--profile", "aeries", AERIES, out, "--as-of", "2026-10-15", "--engine", engine,
        "--explain", explain, "--report", report,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with explain.open(encoding="utf-8", newline="") as handle:
        contacts = [r for r in csv.DictReader(handle) if r["file"] == "CON.csv"]
    reasons = {(r["line"], r["name"]): r["code"] for r in contacts}
    assert len(reasons) == len(contacts)  # one row per contact left out
    assert reasons[("4", "Elena Vargas")] == "F409"  # the emergency contact of Mateo Ortega
    assert reasons[("8", "Anil Patel")] == "F423"  # a contact of record type D, of Thi Nguyen's child
    assert reasons[("10", "Min Park")] == "F413"  # the mother of Jiwoo, who is inactive: no student here
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        published = {u["sourcedId"] for u in csv.DictReader(handle)}
    assert {"10001", "40001"} <= published  # their students are in the set
    left_out = json.loads(report.read_text(encoding="utf-8"))["left_out"]
    assert sum(e["count"] for e in left_out if e["code"] == "F413" and e["file"] == "CON.csv") == 1
