"""orgs.parentSourcedId, an optional reference: a run blanks one naming an org that is not in
the set (V531), as it does the other optional references; `validate`, which repairs nothing,
reports it as an error (V565) for both targets."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

ONEROSTER_IN = FIXTURES / "oneroster" / "district" / "in"
SETS = {
    "remind": FIXTURES / "powerschool" / "district" / "expected",
    "oneroster": FIXTURES / "oneroster" / "district-oneroster" / "expected",
}
# A district profile that reads the parent of each org, districts included.
PARENTS = """name: parents
extends: oneroster
maps:
  org_types:
    values: {district: district}
tables:
  orgs:
    schools:
      columns:
        parentSourcedId: {column: parentSourcedId, clean: [id]}
"""


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_run_blanks_a_parent_not_in_the_set_and_keeps_one_that_is(tmp_path: Path, target: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(ONEROSTER_IN, exports)
    orgs = _rows(exports / "orgs.csv")
    district = next(r for r in orgs if r["type"] == "district")
    for row in orgs:
        if row["sourcedId"] == "sch-20":
            row["parentSourcedId"] = "d-404"
    _write(exports / "orgs.csv", [r for r in orgs if r is not district] + [district])  # the parent last
    profile = tmp_path / "parents.yaml"
    profile.write_text(PARENTS, encoding="utf-8")
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), target=target)
    )
    assert result.exit_status == 0, [p.message for p in result.problems]
    parents = {r["sourcedId"]: r["parentSourcedId"] for r in _rows(out / "orgs.csv")}
    assert parents == {"d-1": "", "sch-10": "d-1", "sch-20": ""}
    [blanked] = result.report.examples["V531"]
    assert (blanked.where.file, blanked.where.column, blanked.params["value"]) == (
        "orgs.csv",
        "parentSourcedId",
        "d-404",
    )
    assert api.validate_set(out, target=target).exit_status == 0


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_validate_refuses_a_parent_not_in_the_set(tmp_path: Path, target: str) -> None:
    folder = tmp_path / "set"
    shutil.copytree(SETS[target], folder, ignore=shutil.ignore_patterns("*.txt"))
    orgs = _rows(folder / "orgs.csv")
    orgs[1]["parentSourcedId"] = "D-404"
    _write(folder / "orgs.csv", orgs)
    result = api.validate_set(folder, target=target)
    assert result.exit_status == 1
    found = [f for f in result.report.flatten("code", "file", "line", "column") if f[0] != "D369"]  # a student
    assert found == [("V565", "orgs.csv", 3, "parentSourcedId")]  # without demographics in the set: a warning
    assert result.report.examples["V565"][0].params["value"] == "D-404"


def test_validate_takes_a_parent_written_after_its_schools(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(SETS["remind"], folder, ignore=shutil.ignore_patterns("*.txt"))
    orgs = _rows(folder / "orgs.csv")
    for row in orgs:
        row["parentSourcedId"] = "D1"
    district = {**orgs[0], "sourcedId": "D1", "name": "District", "type": "district", "parentSourcedId": ""}
    _write(folder / "orgs.csv", [*orgs, district])
    result = api.validate_set(folder)
    assert "V565" not in result.report.counts, result.report.flatten("code", "file", "line", "column")


def test_validate_refuses_a_strict_session_parent_not_in_the_set(tmp_path: Path) -> None:
    """The other optional reference of the strict target: a term's school year."""
    folder = tmp_path / "set"
    shutil.copytree(SETS["oneroster"], folder, ignore=shutil.ignore_patterns("*.txt"))
    sessions = _rows(folder / "academicSessions.csv")
    term = next(r for r in sessions if r["parentSourcedId"])
    term["parentSourcedId"] = "SY-404"
    _write(folder / "academicSessions.csv", sessions)
    result = api.validate_set(folder, target="oneroster")
    assert result.exit_status == 1
    assert "V565" in result.report.counts
