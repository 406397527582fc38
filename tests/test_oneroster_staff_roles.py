"""A file that calls itself OneRoster 1.1 with staff roles outside 1.1's vocabulary (1.2's
principal and counselor, a SIS's 'staff' or 'Teacher Aide') left those people out as
role-not-rostered (F408, info), as if the profile meant to leave them out as it does a proctor
(tester50 F4). Remind: "This file should include all admin, student, parent, teacher, and staff
users. List non-teaching staff users as 'aide'". 1.2's names are placed as oneroster-1.2 places
them; any other value is a person to place (F441, a warning); a proctor stays out (F408)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

PLACED = {"principal": "administrator", "siteAdministrator": "administrator", "counselor": "aide"}
UNKNOWN = ["staff", "Teacher Aide"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_staff_roles_outside_the_vocabulary_are_placed_or_warned(tmp_path: Path, engine: str) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", folder)
    with (folder / "users.csv").open("a", encoding="utf-8") as users:
        for n, role in enumerate([*PLACED, *UNKNOWN]):
            users.write(f"u-z{n},active,2026-08-01,TRUE,sch-20,{role},z{n},,Zed,Zee{n},,Z{n},z{n}@example.org,,,,,\n")
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="oneroster", in_dir=folder, out_dir=out, as_of=dt.date(2026, 10, 15), engine=engine)
    )
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        role_of = {row["sourcedId"]: row["role"] for row in csv.DictReader(handle)}
    assert {f"u-z{n}": role_of.get(f"u-z{n}") for n in range(len(PLACED))} == {
        f"u-z{n}": role for n, role in enumerate(PLACED.values())
    }
    assert not {f"u-z{n}" for n in range(len(PLACED), len(PLACED) + len(UNKNOWN))} & role_of.keys()
    assert result.report.counts["F441"] == len(UNKNOWN)
    assert result.report.counts["F408"] == 2  # the fixture's proctor u-x1 and his enrolment
    assert "u-x1" not in role_of
