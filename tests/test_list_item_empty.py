"""A list cell with an empty item (a period expression written ',') is written without it, said
(V545): the run published a set its own `validate` refused (V583), found by the hypothesis
district test (test_properties_pipeline)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_period_expression_of_commas_is_written_without_empty_items(tmp_path: Path, engine: str, target: str) -> None:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    sections = exports / "sections.txt"
    rows = sections.read_bytes().decode("utf-8").split("\r\n")
    header = rows[0].split("\t")
    at = header.index("Expression")
    first = rows[1].split("\t")
    section = first[header.index("ID")]
    first[at] = ","
    second = rows[2].split("\t")
    second[at] = "1(A),,2(A),"
    sections.write_bytes("\r\n".join([rows[0], "\t".join(first), "\t".join(second), *rows[3:]]).encode("utf-8"))
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=exports,
            out_dir=out,
            as_of=dt.date(2026, 10, 15),
            target=target,
            engine=engine,
        )
    )
    assert result.exit_status == 0, [str(p) for p in result.problems]
    said = [p for p in result.report.examples.get("V545", [])]
    assert [(p.where.file, p.where.line, p.params["value"], p.params["new"]) for p in said] == [
        ("sections.txt", 2, ",", ""),
        ("sections.txt", 3, "1(A),,2(A),", "1(A),2(A)"),
    ]
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        periods = {row["sourcedId"]: row["periods"] for row in csv.DictReader(handle)}
    assert periods[section] == ""
    assert api.validate_set(out, target=target).exit_status == 0
