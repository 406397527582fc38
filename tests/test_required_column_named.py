"""A required value that came out empty is named by the export's column, not the output field:
"students.txt:11 [Last_Name]", not "[familyName]", which no export has (tester18 F9)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api


def test_an_empty_required_cell_names_the_column_of_the_export(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", folder)
    students = folder / "students.txt"
    lines = students.read_bytes().decode("cp1252").split("\r\n")
    header = lines[0].split("\t")
    for line, column in ((3, "Last_Name"), (5, "DOB")):
        cells = lines[line].split("\t")
        cells[header.index(column)] = ""
        lines[line] = "\t".join(cells)
    students.write_bytes("\r\n".join(lines).encode("cp1252"))
    result = api.run(
        api.RunOptions(profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15))
    )
    missing = {(p.where.line, p.params["field"]): p.where.column for p in result.report.examples["D304"]}
    assert missing[4, "familyName"] == "Last_Name"
    assert missing[6, "birthDate"] == "DOB"
