"""The mother and father groups reading each other's phone columns (tester69 F11).

check-profile says P124 for each group. The run is refused, rightly: on a row with no father, the
father group gets the mother's phone and no name, and is left out (D304), past the parents' error
limit (X969). But X969 named the row at every group's name column, [Mother, Father], and its Next
said "Fill the value in the SIS at the line named": the row has no father to fill in. The fix is
the profile's (read each group's own columns), and the column is the father group's own.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

SWAPPED = """\
name: district-swap
extends: powerschool
tables:
  users:
    guardians:
      each:
        mother:
          phone: {column: [Fatherdayphone, Father_Home_Phone], clean: [phone]}
        father:
          phone: {column: [Motherdayphone, Mother_Home_Phone], clean: [phone]}
"""


def no_fathers(tmp_path: Path) -> Path:
    """The bundled PowerSchool district with the Father column blank: mothers only, with phones."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    students = exports / "students.txt"
    lines = students.read_bytes().decode("cp1252").split("\r\n")
    father = lines[0].split("\t").index("Father")
    rows = [line.split("\t") for line in lines[1:] if line]
    for row in rows:
        row[father] = ""
    students.write_bytes("\r\n".join([lines[0], *("\t".join(row) for row in rows), ""]).encode("cp1252"))
    return exports


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_swapped_phone_columns_name_the_group_and_the_profile_fix(tmp_path: Path, engine: str) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text(SWAPPED, encoding="utf-8")
    out = tmp_path / "out"
    options = api.RunOptions(
        profile=str(profile), in_dir=no_fathers(tmp_path), out_dir=out, as_of=dt.date(2026, 10, 15), engine=engine
    )
    result = api.run(options)
    assert result.exit_status == 1 and not out.exists()
    (refusal,) = [p for p in result.problems if p.code.id == "X969"]
    assert (refusal.where.file, refusal.where.line, refusal.where.column) == ("students.txt", 2, "Father")
    assert refusal.params["top_id"] == "D304"
    assert result.report.counts["P124"] == 2
    step = next_step(result, out_dir=out, explain_path=None, upload=False)
    at = result.report.examples["P124"][0].where.file.rsplit(":", 2)[0]  # the profile as the run shows it
    assert at.endswith("district.yaml")
    assert step == (
        "Next: Read each group's own columns in the profile, and rerun: tables.users.guardians.each.mother.phone "
        f"reads Fatherdayphone, Father_Home_Phone, named for group 'father' ({at}:8:11); "
        "tables.users.guardians.each.father.phone reads Motherdayphone, Mother_Home_Phone, named for group "
        f"'mother' ({at}:10:11) (P124). A group given another's email or phone is a person of someone else's "
        "contact point and, where its own row is blank, no name: D304 required-value-missing left most of the "
        "parents and guardians out so. Nothing in the SIS needs filling."
    )
    assert "Fill the value in the SIS" not in step


def test_the_groups_reading_their_own_columns_publish_the_mothers(tmp_path: Path) -> None:
    """The step done (the bundled profile, each group its own phone): published, no father made."""
    out = tmp_path / "out"
    options = api.RunOptions(
        profile="powerschool", in_dir=no_fathers(tmp_path), out_dir=out, as_of=dt.date(2026, 10, 15)
    )
    result = api.run(options)
    assert result.report.published and not [p for p in result.problems if p.code.id == "X969"]
    users = (out / "users.csv").read_text(encoding="utf-8")
    assert "Ethano" not in users and "Lucasa" in users
