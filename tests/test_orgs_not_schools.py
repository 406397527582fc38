"""Orgs of another type than school, said as that (tester63 F9).

Moodle's OneRoster sample has one org, a department: X903 said "D301 row-filtered left out most
of the records ... change what leaves them out", and Microsoft's SDS v2.1 sample's users naming a
college were V502 "add the missing record to the export", a record that is not missing. An org
left out for its type is now D357, a record naming only such an org D354, and the refusal's step
the type map, which publishes. The bundled OneRoster district, its schools' type rewritten, in
tmp_path."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

AS_OF = dt.date(2026, 10, 15)

DEPARTMENTS_ARE_SCHOOLS = """\
name: district-departments
extends: oneroster
maps:
  org_types:
    values: {school: school, department: school}
"""


def _departments(tmp_path: Path) -> Path:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    orgs = exports / "orgs.csv"
    text = orgs.read_text(encoding="utf-8-sig")
    orgs.write_text(text.replace(",School,", ",department,").replace(",school,", ",department,"), encoding="utf-8")
    return exports


def test_an_export_whose_schools_are_departments_is_told_to_map_the_type(tmp_path: Path) -> None:
    exports = _departments(tmp_path)
    result = api.run(api.RunOptions(profile="oneroster", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))

    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert result.report.counts["D357"] == 3  # the district and the two schools (the closed annex: D301)
    assert "V502" not in result.report.counts
    (user,) = [p for p in result.report.examples["D354"] if p.where.table == "users"][:1]
    assert user.params["type"] == "department" and "the set rosters only orgs of type school" in user.message
    said = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert said == (
        "Next: The set rosters only orgs of type school (the profile's org_types map), and the orgs export has "
        "none (its orgs are of type 'department', 'district'; D357). If one of them is a school of yours, map its "
        "type to school in a district profile extending the bundled one (maps: {org_types: {values: "
        "{department: school}}}), and rerun."
    )

    district = tmp_path / "district.yaml"
    district.write_text(DEPARTMENTS_ARE_SCHOOLS, encoding="utf-8")
    done = api.run(api.RunOptions(profile=str(district), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert done.exit_status == 0
    assert "D354" not in done.report.counts and done.report.counts["D357"] == 1  # the district, no school
    orgs = (tmp_path / "out" / "orgs.csv").read_text(encoding="utf-8")
    assert "sch-10" in orgs and "sch-20" in orgs


def test_under_the_strict_target_the_org_left_out_is_not_said_to_be_remind_s_rule(tmp_path: Path) -> None:
    """A strict OneRoster set leaves the district org out too, and its admin read "Remind rosters only
    orgs of type school" of a set never sent to Remind (reviewer87 R4): said of the set and the map."""
    options = api.RunOptions(
        profile="oneroster", in_dir=_departments(tmp_path), out_dir=tmp_path / "out", as_of=AS_OF, target="oneroster"
    )
    result = api.run(options)
    said = [p.message for code in ("D357", "D354") for p in result.report.examples[code]]
    assert said and all("Remind" not in m and "the set rosters only orgs of type school" in m for m in said)
    assert "Remind" not in next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
