"""Illuminate's users.txt lists a teacher once per site, the rows the same but for `06 Site ID`:
one teacher at both sites, as every profile unites a person listed once per school
(docs/identity.md). Read as two people sharing an ID, she was left out (V537) and her classes
published with no owner at exit 0 (tester30 F2)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

ILLUMINATE = FIXTURES / "illuminate" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def test_a_teacher_listed_once_per_site_is_one_teacher_at_both(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(ILLUMINATE, exports)
    users = exports / "users.txt"
    text = users.read_bytes().decode("utf-8")
    row = next(line for line in text.split("\r\n") if line.startswith("u1001\t"))
    assert row.split("\t")[5] == "101"
    users.write_bytes((text + row.replace("\t101\t", "\t201\t") + "\r\n").encode("utf-8"))
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile="illuminate", in_dir=exports, out_dir=out, as_of=AS_OF))
    assert result.exit_status == 0
    assert "V537" not in result.report.counts and "V501" not in result.report.counts
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        teacher = next(r for r in csv.DictReader(handle) if r["sourcedId"] == "u1001")
    assert teacher["orgSourcedIds"] == "101,201"
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        assert any(r["userSourcedId"] == "u1001" and r["role"] == "teacher" for r in csv.DictReader(handle))
