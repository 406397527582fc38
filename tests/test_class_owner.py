"""A class published with students and no teacher or administrator has no owner in Remind:
nobody can message its families. The PowerSchool sample has three: Pre-K reading, whose only
staff is an aide (StaffStatus 2); art at 200, whose teacher has no email and is left out; a
section naming a teacher the export does not have. Each is said (V586, a warning) in every way
the enrolments are made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

DISTRICT = FIXTURES / "powerschool" / "district" / "in"


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("python", 2), ("columnar", 1), ("columnar", 2)])
def test_classes_with_students_and_no_owner_are_said(tmp_path: Path, engine: str, jobs: int) -> None:
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=DISTRICT,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            engine=engine,
            jobs=jobs,
        )
    )
    assert result.exit_status == 0
    said = [(p.params["id"], p.where.file, p.where.line) for p in result.report.examples["V586"]]
    assert said == [("1006", "sections.txt", 7), ("2007", "sections.txt", 14), ("2008", "sections.txt", 15)]
    published = (tmp_path / "out" / "classes.csv").read_text(encoding="utf-8")
    assert all(f"\n{class_id}," in published for class_id, _, _ in said)  # said, still published
