"""A list column split at ';' while the export lists its values with ',' (review154 R3).

Each cell was read as one glued value: through a map of the schools that leaves out what it lacks,
the student with two schools ('d-1,sch-10') was left out, published at exit 0. Now I232 says so (exit 1),
a column whose cells hold the profile's separator on some rows is not said."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from transform import api

FIXTURE = Path(__file__).parent.parent / "fixtures" / "oneroster" / "district" / "in"
ORGS = "maps:\n  orgs2:\n    values: {sch-10: sch-10, sch-20: sch-20, d-1: d-1}\n    unmapped: drop\n"


def _run(tmp_path: Path, split: str, cell: str = "") -> api.RunResult:
    profile = tmp_path / "district.yaml"
    profile.write_text(
        f"extends: oneroster\n{ORGS}tables:\n  users:\n    students:\n      columns:\n"
        f"        orgSourcedIds: {{column: orgSourcedIds, map: orgs2, split: '{split}'}}\n",
        encoding="utf-8",
    )
    exports = tmp_path / "in"
    exports.mkdir()
    for path in FIXTURE.iterdir():
        text = path.read_text(encoding="utf-8")
        if path.name == "users.csv" and cell:  # u-s2's one school written as a list of the profile's kind
            text = text.replace("u-s2,active,2026-08-01,TRUE,sch-20,", f'u-s2,active,2026-08-01,TRUE,"{cell}",')
        (exports / path.name).write_text(text, encoding="utf-8")
    options = api.RunOptions(
        profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
    )
    return api.run(options)


def test_a_list_column_split_at_a_separator_no_cell_holds_is_said(tmp_path: Path) -> None:
    result = _run(tmp_path, ";")  # the users rule's rows through the generated code, as every night
    (said,) = result.report.examples["I232"]
    assert (said.where.file, said.where.line, said.where.column) == ("users.csv", 2, "orgSourcedIds")
    assert "splits this column's cells at ';', and no cell held one tonight, but 1 held ','" in said.message
    assert "(such as 'd-1,sch-10')" in said.message and "write split: ',' in the profile" in said.message
    assert result.report.published and result.exit_status == 1


def test_a_list_column_whose_cells_hold_its_separator_is_not_said(tmp_path: Path) -> None:
    # one cell listed with ';': the list is written so, and a comma in another cell is no word
    result = _run(tmp_path, ";", cell="sch-20;d-1")
    assert "I232" not in result.report.counts and result.exit_status == 0
