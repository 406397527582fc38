"""A users rule whose conditions left out every row is said (X951, I265) with the values the
export holds; tester74 T5: with TG (the inactive tag `active: {TG} empty` reads) holding a word on
every row, the words named DEL's values, which `kept` passes on every row, and not TG's, since
seen_values counted no `empty` condition's column. Now it counts them, and names the condition
that left every row out with the value it saw."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
DISTRICT = FIXTURES / "aeries" / "district" / "in"


def test_a_rule_left_empty_names_the_condition_that_left_its_rows_out(tmp_path: Path) -> None:
    """TG written 'N/A' on every row: X951 and I265 name it, not DEL's '0', which `kept` passes."""
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    path = folder / "STU.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows[1:]:
        row[rows[0].index("TG")], row[rows[0].index("DEL")] = "N/A", "0"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    result = api.run(api.RunOptions(profile="aeries", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 1
    for code in ("X951", "I265"):
        said = result.report.examples[code][0].message
        assert "(STU.csv holds TG: 'N/A' (6), which `active: {TG} empty` left out)" in said, said
        assert "DEL" not in said
