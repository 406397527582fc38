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
    result = api.run(
        api.RunOptions(
            profile=str(LAKEVIEW / "district.yaml"), in_dir=exports, out_dir=out, as_of=NIGHT, allow_incomplete=True
        )
    )
    (taken,) = result.report.examples["V597"]
    assert (taken.params["id"], taken.params["kept_role"]) == ("GC501", "teacher")
    fix = str(taken.params["fix"])
    assert "the prefix 'G' before Contact_sis_id 'C501'" in fix
    assert "tables.users.guardians.guardian.prefix" in fix
    assert "in the SIS to keep it" not in fix
    assert users(out)["GC501"]["givenName"] == "Gil"
    (allowed,) = result.report.examples["X918"]
    assert "parents and guardians whose made ID a staff member or student has, such as 'GC501'" in allowed.message


def test_a_parent_a_made_id_would_lose_is_refused_not_lost_quietly(tmp_path: Path) -> None:
    """tester59 F6: Mai Nguyen was left out at exit 0, her child unlinked, with a warning. The
    set is refused (X879), naming her, the prefix, the contact ID and the teacher's row, with
    the fix the next test follows; the folder keeps no set."""
    exports = lakeview_with_teacher_gc501(tmp_path / "in")
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(LAKEVIEW / "district.yaml"), in_dir=exports, out_dir=out, as_of=NIGHT))
    assert result.exit_status == 1 and not result.report.published
    (refused,) = result.problems
    assert refused.code.id == "X879"
    assert (refused.where.table, refused.where.record) == ("users", "GC501")
    assert refused.message.startswith(
        "users: Mai Nguyen (parent of 'S1001') would have the ID 'GC501', which the profile makes "
        "(users.guardians: the prefix 'G' before Contact_sis_id 'C501'), and a teacher has it (teachers.csv line "
    )
    assert "(tables.users.guardians.guardian.prefix) and publish once with --allow-rollover" in refused.message
    assert not (out / "users.csv").exists()


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
