"""Remind's P1/P2 + student ID for guardians (`guardian: {id: student-prefix}`) numbers the
groups of a row (`each:`: the mother columns P1, the father columns P2). A rule of one contact
per row (a contacts export with a SIS contact ID, Aeries' CON records) has no groups: every
contact of a student got P1<student>, all but one were left out (V501), which one by row order,
and the students ended with no agents. The profile is refused now, before anything is read."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)


def district(tmp_path: Path, extends: str) -> Path:
    profile = tmp_path / "district.yaml"
    profile.write_text(
        f"name: prefix-district\nextends: {extends}\n"
        "tables:\n  users:\n    guardians:\n      guardian:\n        id: student-prefix\n",
        encoding="utf-8",
    )
    return profile


@pytest.mark.parametrize(
    ("extends", "kind"),
    [("infinite-campus", "a SIS contact ID"), ("aeries", "one person per row")],
)
def test_student_prefix_on_a_rule_without_groups_is_refused_naming_the_line(
    tmp_path: Path, extends: str, kind: str
) -> None:
    profile = district(tmp_path, extends)
    _, problems = api.check_profile(str(profile))
    [problem] = problems
    assert problem.code.id == "P103"
    assert problem.where.file == f"{profile}:7:13"  # the id: line of the district profile
    assert problem.message.startswith("tables.users.guardians.guardian.id: id: student-prefix")
    assert kind in problem.message
    result = api.run(
        api.RunOptions(
            profile=str(profile), in_dir=FIXTURES / extends / "district" / "in", out_dir=tmp_path / "out", as_of=AS_OF
        )
    )
    assert result.exit_status == api.EXIT_USAGE
    assert not (tmp_path / "out").exists()


def test_student_prefix_on_mother_and_father_columns_is_accepted(tmp_path: Path) -> None:
    """PowerSchool's Mother and Father columns are two groups of one row (P1, P2): the IDs
    Remind suggests, as before."""
    profile = district(tmp_path, "powerschool")
    assert api.check_profile(str(profile))[1] == []
    result = api.run(
        api.RunOptions(
            profile=str(profile),
            in_dir=FIXTURES / "powerschool" / "district" / "in",
            out_dir=tmp_path / "out",
            as_of=AS_OF,
        )
    )
    assert result.exit_status == 0
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        parents = [r["sourcedId"] for r in csv.DictReader(handle) if r["role"] in ("parent", "guardian")]
    assert parents and all(p.startswith("P1") for p in parents)  # the fixture's fathers have no phone or email
    assert "V501" not in result.report.counts
