"""A Clever export with its contacts in a contacts.csv of their own (a layout the research notes
record, sis-exports.md §11), given to the clever profile, which reads the contacts from the
students' Contact_* columns: no parent is made, and the run said only that an absent column
would publish emergency contacts. The unread file is named (I220), and the absent columns' note
says that no parent or guardian is made from the rule (I260) (tester50 F2)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from transform import api

FIXTURE = Path(__file__).parent.parent / "fixtures" / "clever" / "district" / "in"
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def contacts_apart(tmp_path: Path) -> Path:
    """The Clever district with the students' Contact_* columns moved to contacts.csv."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURE, folder)
    with (folder / "students.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    own = [c for c in rows[0] if not c.startswith("Contact_")]
    with (folder / "students.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(own)
        out.writerows([row[c] for c in own] for row in rows)
    with (folder / "contacts.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["contact_id", "student_id", "name", "type", "relationship", "phone", "email"])
        columns = ["sis_id", "Student_id", "name", "type", "relationship", "phone", "email"]
        out.writerows(
            [r[c if c == "Student_id" else f"Contact_{c}"] for c in columns] for r in rows if r["Contact_name"]
        )
    return folder


@ENGINES
def test_a_contacts_file_the_profile_does_not_read_is_named(tmp_path: Path, engine: str) -> None:
    options = {"profile": "clever", "in_dir": contacts_apart(tmp_path), "out_dir": tmp_path / "out", "engine": engine}
    result = api.run(api.RunOptions(as_of=dt.date(2026, 10, 15), **options))  # type: ignore[arg-type]
    said = {code: [str(p) for p in problems] for code, problems in result.report.examples.items()}
    assert said["I220"] == [
        "contacts.csv: I220 files-not-read: contacts.csv is in the exports folder, and no source of the profile "
        "reads it: nothing of it goes into the set (a file the SIS exports beside the others, such as a Clever "
        "contacts.csv, needs a profile that reads it)"
    ]
    (contact_type,) = [m for m in said["I260"] if "'Contact_type'" in m]
    assert "no parent or guardian is made from it, and none is published" in contact_type
    assert "emergency contact" not in contact_type  # not: whom the condition leaves out is published
    assert not any(role in ("parent", "guardian") for role, _ in result.report.people)
