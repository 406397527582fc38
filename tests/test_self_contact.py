"""A student who is her own contact (relationship "Self": an adult student, her own legal
guardian) is no guardian of herself: Remind would make her a parent account receiving the
parent messages about herself (tester15 F4). Each bundled contacts rule that reads a
relationship column leaves such a link out (F409), as infinite-campus's always did."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

CONTACTS = FIXTURES / "powerschool" / "contacts" / "in"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_student_who_is_her_own_contact_is_not_her_guardian(tmp_path: Path, engine: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(CONTACTS, exports)
    with (exports / "students.txt").open(encoding="utf-8", newline="") as handle:
        student = next(csv.DictReader(handle, delimiter="\t"))
    number, given, family = student["Student_Number"], student["First_Name"], student["Last_Name"]
    with (exports / "contacts.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(
            f"C900,{given},{family},1,{given.lower()}@students.example.org,Mobile,608-555-0900,1,,,,,,\n"
            f"C900,,,,,,,,{number},1,Self,1,1,0\n"
        )
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            engine=engine,
        )
    )
    assert result.exit_status == 0
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    assert "GC900" not in users
    assert "GC900" not in users[number]["agentSourcedIds"].split(",")
    assert any("'self'" in p.message.casefold() for p in result.report.examples.get("F409", ()))


def test_a_contacts_export_without_its_relationship_column_loses_nothing(tmp_path: Path) -> None:
    """The relationship column is optional: without it no link is known to be Self, and every
    link passes as before the condition existed, said as a note (I244). An I260 warning on every
    night refused --strict districts after the upgrade (review36 F2)."""
    exports = tmp_path / "in"
    shutil.copytree(CONTACTS, exports)
    with (exports / "contacts.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    at = rows[0].index("Relationship Type")
    with (exports / "contacts.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([r[:at] + r[at + 1 :] for r in rows])
    options = {"profile": "powerschool", "in_dir": exports, "as_of": dt.date(2026, 10, 15), "strict": True}
    result = api.run(api.RunOptions(out_dir=tmp_path / "out", **options))  # type: ignore[arg-type]
    assert result.exit_status == 0 and result.report.published
    assert "I260" not in result.report.counts
    assert any("not_self" in p.message for p in result.report.examples.get("I244", ()))
