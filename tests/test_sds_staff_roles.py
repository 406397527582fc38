"""SDS v2.1's non-teaching staff roles (Microsoft's default list: staff, officeStaff,
specialServices, coach, itAdmin, nurse, advisor, the therapists...) were left out as
role-not-rostered (F408, info). Remind: "This file should include all admin, student, parent,
teacher, and staff users. List non-teaching staff users as 'aide'", as the eSchoolPLUS and
Clever profiles do. alumni (no longer at the school) and other stay out."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AIDES = ["staff", "officeStaff", "specialServices", "coach", "itAdmin", "nurse", "advisor", "speechTherapist"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_non_teaching_staff_are_aides(tmp_path: Path, engine: str) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "sds-v2" / "district" / "in", folder)
    with (
        (folder / "users.csv").open("a", encoding="utf-8") as users,
        (folder / "roles.csv").open("a", encoding="utf-8") as roles,
    ):
        for role in [*AIDES, "alumni"]:
            users.write(
                f"z{role},z{role}@lakeshore.example.org,Zed,{role.title()},,,z{role}@lakeshore.example.org,,,\n"
            )
            roles.write(f"z{role},s100,{role},SY2027,,TRUE,2026-08-20,2027-06-10\n")
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="sds-v2", in_dir=folder, out_dir=out, as_of=dt.date(2026, 10, 15), engine=engine)
    )
    assert result.exit_status == 0
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        role_of = {row["sourcedId"]: row["role"] for row in csv.DictReader(handle)}
    assert {f"z{role}": role_of.get(f"z{role}") for role in AIDES} == {f"z{role}": "aide" for role in AIDES}
    assert "zalumni" not in role_of
    assert result.report.counts["F408"] == 1  # alumni only (the fixture's nurse n1 is an aide too)
