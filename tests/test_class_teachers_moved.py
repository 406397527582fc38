"""Classes handed to other teachers overnight: the teachers export's rows shifted (tester56 T5).

TeacherRoster.csv's teacher IDs came out one row off: 19 of 21 classes had another teacher, each
old teacher teaching other classes, each new one having taught others; no record removed, no ID
changed, published at exit 0. Now refused (X838); --allow-rollover publishes it, said (X839), and a
night no new term explains is still 'Published, but' (F454), so the flag left in never hides one.
"""

from __future__ import annotations

import csv
from pathlib import Path

from tests.sds_small import Rows, two_nights
from transform import api
from transform.pipeline import teacher_gate


def shifted(files: Rows) -> None:
    roster = files["TeacherRoster.csv"]
    teachers = [row[1] for row in roster[1:]]
    for row, teacher in zip(roster[1:], teachers[1:] + teachers[:1], strict=True):
        row[1] = teacher


def teachers(out: Path) -> dict[str, str]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return {r["classSourcedId"]: r["userSourcedId"] for r in csv.DictReader(handle) if r["role"] == "teacher"}


def test_teachers_shifted_one_row_are_refused(tmp_path: Path) -> None:
    result, out = two_nights(tmp_path, shifted)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    refusal = next(p for p in result.problems if p.code.id == "X838")
    assert refusal.params["count"] == 8
    assert refusal.params["share"] == "100.0% of the 8 classes with a teacher both nights"
    assert str(refusal.params["classes"]).startswith("11001 'Class 0': 14001 Teacher0 Staff0 -> 14002 Teacher1 Staff1;")
    assert "shifted" in refusal.message
    assert teachers(out)["11001"] == "14001", "last night's set stays"


def test_allow_rollover_publishes_them_but_a_person_looks(tmp_path: Path) -> None:
    result, out = two_nights(tmp_path, shifted, allow_rollover=True)
    assert result.report.published and teachers(out)["11001"] == "14002"
    assert "X839" in result.report.counts and "X838" not in result.report.counts
    assert result.exit_status == api.EXIT_NOT_PUBLISHED, "F454: no new term explains it"
    said = str(result.report.examples["F454"][0])
    assert "classes handed to other teachers" in said and "a removal" not in said, "not a removal (reviewer109 R3)"


def test_an_ordinary_nights_teacher_changes_stay_exit_0(tmp_path: Path) -> None:
    """A substitute new to the set at one class, two classes' teachers swapped, a co-teacher added,
    one teacher gone and their class given to a colleague: each honest, published at exit 0."""

    def ordinary(files: Rows) -> None:
        roster, staff = files["TeacherRoster.csv"], files["Teacher.csv"]
        staff.append(["14999", *staff[1][1:]])
        roster[1][1] = "14999"  # a substitute
        roster[2][1], roster[3][1] = roster[3][1], roster[2][1]  # two teachers swap a class
        roster.append([roster[4][0], roster[5][1]])  # a co-teacher
        del staff[7]  # 14007 left; a colleague takes the class
        roster[7][1] = roster[6][1]

    result, out = two_nights(tmp_path, ordinary)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert "X838" not in result.report.counts and teachers(out)["11001"] == "14999"


def test_classes_owned_by_administrators_are_judged_as_owners_lost_reads_them(tmp_path: Path) -> None:
    """The owners are the class's teachers and administrators (spec.CLASS_OWNER_ROLES, as owners_lost
    reads them). Before: teachers only, so 6 classes owned by an administrator, shifted one row, were
    not seen (reviewer109 R5)."""
    header = "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role\n"
    for name, shift in (("last", 0), ("tonight", 1)):
        (tmp_path / name).mkdir()
        rows = [f"e{c},c{c},s1,a{(c + shift) % 6},administrator\n" for c in range(6)]
        (tmp_path / name / "enrollments.csv").write_text(header + "".join(rows), encoding="utf-8")
    moved = teacher_gate.moved_teachers(tmp_path / "last", tmp_path / "tonight")
    assert len(moved.classes) == 6 and moved.over()
    assert moved.owners() is not None, "read once, for owners_lost too"
