"""A multi-entity Skyward SMS district whose student.csv lacks X-DEFAULT-ENTITY (reviewer61).

Skyward writes a student's row per entity; skyward-sms reads the one X-DEFAULT-ENTITY marks, and
the condition is optional (a one-entity district's export may leave the column out). Without the
column, a student with a row at a second entity was two rows of one ID: kept neither (V537), and a
first set was published without her at exit 0, her enrolments said as IDs written two ways (V608,
naming a staff ID). Now refused, naming the column to add (X881); with it, she is published."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import overlap

PINE_LAKE = FIXTURES / "skyward-sms" / "district" / "in"
AS_OF = dt.date(2026, 12, 1)


def two_entities(folder: Path, *, default_column: bool) -> Path:
    """Pine Lake with Addison Kowalski (026001, of 002) and Brody Kowalski (026002, of 001) given a
    row at the other school too, as a second entity's; X-DEFAULT-ENTITY marks the first rows, or
    the export has no such column."""
    shutil.copytree(PINE_LAKE, folder)
    path = folder / "student.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    school, default, entity = (header.index(c) for c in ("SCHOOL-ID", "X-DEFAULT-ENTITY", "ENTITY-ID"))
    for row in rows[:2]:
        other = list(row)
        other[school] = other[entity] = "001" if row[school] == "002" else "002"
        other[default] = "0"
        rows.append(other)
    if not default_column:
        header, rows = header[:default] + header[default + 1 :], [r[:default] + r[default + 1 :] for r in rows]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    return folder


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="skyward-sms", in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def students(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle) if row["role"] == "student"}


def test_students_of_two_entities_without_the_default_entity_column_are_refused(tmp_path: Path) -> None:
    result = run(two_entities(tmp_path / "in", default_column=False), tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    # Pine Lake's Dominic Fitzgerald-Moore (026004) has a second entity's row already; 6 of 9 rows out is X915 too.
    assert {p.code.id for p in result.problems} == {"X881", "X915"}
    (refused,) = [p for p in result.problems if p.code.id == "X881"]
    assert (refused.where.file, refused.where.line, refused.where.record) == ("student.csv", 5, "026004")
    assert refused.message == (
        "student.csv: 3 people are each on two of its rows under one ID and one name, with other data ('026004' "
        "(lines 5 and 6), '026001' (lines 2 and 9), '026002' (lines 3 and 10)), left out as two people sharing an "
        "ID (V537); users.students's "
        "condition 'default_entity', which reads one row per person, reads column 'X-DEFAULT-ENTITY', which "
        "student.csv lacks (I244): nothing published: add X-DEFAULT-ENTITY to the export (its template or query) "
        "and rerun (--allow-incomplete publishes the set without them)"
    )
    assert "V608" not in result.report.counts  # their enrolments name them exactly: V504, no ID written two ways
    assert result.report.counts["V537"] == 3


def test_the_fix_the_refusal_gives_publishes_them(tmp_path: Path) -> None:
    result = run(two_entities(tmp_path / "in", default_column=True), tmp_path / "out")
    assert result.exit_status == 0
    assert {"026001", "026002"} <= students(tmp_path / "out")
    assert not {"X881", "V537"} & set(result.report.counts)


def test_allow_incomplete_publishes_without_them_said(tmp_path: Path) -> None:
    result = run(two_entities(tmp_path / "in", default_column=False), tmp_path / "out", allow_incomplete=True)
    assert result.report.published and result.exit_status == 1 and "F453" in result.report.counts  # said
    assert not {"026001", "026002"} & students(tmp_path / "out")
    allowed = next(p for p in result.report.examples["X918"] if "people on two rows" in p.message)
    assert "3 people on two rows of student.csv left out (V537), such as '026004'" in allowed.message


@pytest.mark.parametrize("beside", [False, True])
def test_their_enrolments_name_them_not_a_staff_id_of_other_zeros(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, beside: bool
) -> None:
    """A staff member 26001 (Skyward numbers staff and students apart): Addison's enrolments were
    said as naming him 'written with other leading zeros' (V608). She was left out as V537, and
    they follow her (V504), also where a second process maps the enrolments beside the users."""
    if beside:
        if (os.cpu_count() or 1) < 2:
            pytest.skip("one core: one process")
        monkeypatch.setattr(overlap, "AHEAD_MIN_ROWS", 0)
    exports = two_entities(tmp_path / "in", default_column=False)
    staff = exports / "staff.csv"
    staff.write_text(staff.read_text(encoding="utf-8") + "26001,Ned,Ward,nward@pinelake.us,002,A\n", "utf-8")
    result = run(exports, tmp_path / "out", allow_incomplete=True)
    assert ("enrollments (worker)" in result.report.facts["seconds"]) == beside
    assert "V608" not in result.report.counts
    assert any(p.params.get("value") == "026001" for p in result.report.examples["V504"])
