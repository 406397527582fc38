"""A guardian ID the profile makes (Clever: G + Contact_sis_id) that a staff ID happens to be: the
SIS holds no two records of one ID, the prefix made them one. V597 said "give them a parent ID of
their own in the SIS", a fix that fixes nothing (tester59 F6); it now names the profile's prefix
and the contact ID, and a district profile with another prefix keeps the parent."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

LAKEVIEW = FIXTURES / "clever" / "district"
NIGHT = dt.date(2026, 10, 15)
GIL = "200,GC501,0009,Stone,Gil,,gil.stone@lakeview.example.org,gstone\n"  # Mai Nguyen's contact ID is C501


def lakeview_with_teacher_gc501(folder: Path) -> Path:
    shutil.copytree(LAKEVIEW / "in", folder)
    teachers = folder / "teachers.csv"
    teachers.write_text(teachers.read_text(encoding="utf-8") + GIL, encoding="utf-8")
    return folder


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def test_a_staff_id_the_guardian_prefix_makes_names_the_prefix_not_the_sis(tmp_path: Path) -> None:
    exports = lakeview_with_teacher_gc501(tmp_path / "in")
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(LAKEVIEW / "district.yaml"), in_dir=exports, out_dir=out, as_of=NIGHT))
    (taken,) = result.report.examples["V597"]
    assert (taken.params["id"], taken.params["kept_role"]) == ("GC501", "teacher")
    fix = str(taken.params["fix"])
    assert "the prefix 'G' before Contact_sis_id 'C501'" in fix
    assert "tables.users.guardians.guardian.prefix" in fix
    assert "in the SIS to keep it" not in fix
    assert users(out)["GC501"]["givenName"] == "Gil"


def test_another_guardian_prefix_in_the_district_profile_keeps_the_parent(tmp_path: Path) -> None:
    """The fix V597 offers, followed: Mai Nguyen is published, linked to her child."""
    exports = lakeview_with_teacher_gc501(tmp_path / "in")
    profile = tmp_path / "district.yaml"
    profile.write_text(
        (LAKEVIEW / "district.yaml").read_text(encoding="utf-8")
        + "tables:\n  users:\n    guardians:\n      guardian:\n        prefix: P-\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=NIGHT))
    assert result.exit_status == 0 and "V597" not in result.report.counts
    published = users(out)
    assert (published["P-C501"]["givenName"], published["P-C501"]["role"]) == ("Mai", "parent")
    assert "P-C501" in published["S1001"]["agentSourcedIds"].split(",")
    assert published["GC501"]["role"] == "teacher"
