"""A user or class whose org is the district (listed in orgs.csv, type district) is told so,
once, not that the ID "is not in orgs.csv" (tester9 item 16): Remind rosters schools only."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)


def test_a_district_administrator_is_told_the_district_is_no_school(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", folder)
    with (folder / "users.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(
            "u-a9,active,2026-08-01,TRUE,d-1,administrator,dsuper,,Dee,Super,,A9,dee@brookfield.example.org,,,,,\n"
        )
    result = api.run(api.RunOptions(profile="oneroster", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    mine = [p for examples in result.report.examples.values() for p in examples if p.where.record == "u-a9"]
    assert [p.code.id for p in mine] == ["V502"]  # once: not V505 for the same cell too
    assert "is not in orgs.csv as a school" in mine[0].message
    assert "org of type 'district'" in mine[0].message
    # A student at a school and the district keeps the school, told the same of the district.
    pruned = [p for p in result.report.examples["V505"] if p.params["value"] == "d-1"]
    assert pruned and all("org of type 'district'" in p.message for p in pruned)
