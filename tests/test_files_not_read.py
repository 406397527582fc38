"""A Clever export with its contacts in a contacts.csv of their own (a layout the research notes
record, sis-exports.md §11) published no parent at exit 0: the clever profile read the contacts
from the students' Contact_* columns alone, and the run said only that an absent column would
publish emergency contacts. The profile reads contacts.csv when it is there, as the same
guardians; a file of the exports folder that no source reads is named (I220); and a guardian rule
none of whose person's columns is in its export says that it makes no one (I260) (tester50 F2)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from transform import api

FIXTURE = Path(__file__).parent.parent / "fixtures" / "clever" / "district" / "in"
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def contacts_apart(tmp_path: Path, name: str = "contacts.csv") -> Path:
    """The Clever district with the students' Contact_* columns moved to a file of their own
    (contacts.csv, in the layout D118-CleverContactExport writes)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURE, folder)
    with (folder / "students.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    own = [c for c in rows[0] if not c.startswith("Contact_")]
    with (folder / "students.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(own)
        out.writerows([row[c] for c in own] for row in rows)
    with (folder / name).open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["contact_id", "student_id", "first_name", "last_name", "type", "relationship", "phone", "email"])
        for r in rows:
            if r["Contact_name"]:
                first, last = r["Contact_name"].split(" ", 1)
                kind, relationship = r["Contact_type"], r["Contact_relationship"]
                phone, email = r["Contact_phone"], r["Contact_email"]
                out.writerow([r["Contact_sis_id"], r["Student_id"], first, last, kind, relationship, phone, email])
    return folder


def run(folder: Path, out: Path, engine: str) -> api.RunResult:
    options = {"profile": "clever", "in_dir": folder, "out_dir": out, "engine": engine}
    return api.run(api.RunOptions(as_of=dt.date(2026, 10, 15), **options))  # type: ignore[arg-type]


def guardians(out: Path) -> dict[str, str]:
    """The published parents and guardians: ID -> their students."""
    with (out / "users.csv").open(newline="", encoding="utf-8") as f:
        return {r["sourcedId"]: r["agentSourcedIds"] for r in csv.DictReader(f) if r["role"] in ("parent", "guardian")}


@ENGINES
def test_contacts_in_a_file_of_their_own_are_the_same_guardians(tmp_path: Path, engine: str) -> None:
    result = run(contacts_apart(tmp_path), tmp_path / "out", engine)
    assert result.exit_status == 0 and result.report.published
    assert "I220" not in result.report.counts and "I260" not in result.report.counts
    run(FIXTURE, tmp_path / "together", engine)
    assert guardians(tmp_path / "out") == guardians(tmp_path / "together")
    assert guardians(tmp_path / "out")["GC610"] == "S1002,S2001"


@ENGINES
def test_a_contacts_file_the_profile_does_not_read_is_named(tmp_path: Path, engine: str) -> None:
    result = run(contacts_apart(tmp_path, "guardian_contacts.csv"), tmp_path / "out", engine)
    said = {code: [str(p) for p in problems] for code, problems in result.report.examples.items()}
    assert said["I220"] == [
        "guardian_contacts.csv: I220 files-not-read: guardian_contacts.csv is in the exports folder, and no source "
        "of the profile reads it: nothing of it goes into the set (a file the SIS exports beside the others, such "
        "as contacts in a file the profile does not know, needs a profile that reads it)"
    ]
    (contact_type,) = [m for m in said["I260"] if "'Contact_type'" in m]
    assert "no parent or guardian is made from it, and none is published" in contact_type
    assert "emergency contact" not in contact_type  # not: whom the condition leaves out is published
    assert not guardians(tmp_path / "out")
