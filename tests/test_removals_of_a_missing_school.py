"""A schools export that lost a school's row, the night after a published set (reviewer70 F4).

The school's users are left out (V502) and X976 refuses the night. The removal gate refuses it
too (X953 for the students and the parents), and said they were "left out on purpose (withdrawn or
inactive)", and that another file's removals (X906) were to be looked at first: listed under X953,
and neither is the cause. X953 now names the school missing from the set, after X976.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_cli import transform

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def test_a_school_row_lost_the_night_after_names_the_school_not_withdrawals(tmp_path: Path) -> None:
    first, second, out = tmp_path / "n1", tmp_path / "n2", tmp_path / "out"
    shutil.copytree(SAMPLE, first)
    shutil.copytree(SAMPLE, second)
    schools = (second / "schools.txt").read_bytes().split(b"\r\n")
    (second / "schools.txt").write_bytes(b"\r\n".join(line for line in schools if not line.startswith(b"200\t")))
    assert transform("--profile", "powerschool", first, out, "--as-of", "2026-12-01").returncode == 0
    night = transform("--profile", "powerschool", second, out, "--as-of", "2026-12-02")
    assert night.returncode == 1 and "Nothing published" in night.stderr
    stops = re.findall(r"(?m)^\S+: ([A-Z]\d{3}) ", night.stderr.split("What the run found", 1)[0])
    assert stops == ["X976", "X953", "X953", "X906", "X906", "X906"]
    kinds = [line for line in night.stderr.split("\n") if ": X953 " in line]
    said = " ".join(night.stderr.split("The run stopped:", 1)[1].split("What the run found", 1)[0].split())
    for whom, listed in (("parents", "are parents only of students listed"), ("students", "are listed")):
        assert (
            f"would lose 13 of its 26 {whom} (50.0%, limit 10.0%)" in said
            and f"all 13 {listed} in tonight's exports and left out because their school ('200') is missing from "
            "tonight's schools export (X976), not withdrawn: look at that first: nothing published"
            in said
        )
    assert len(kinds) == 2 and "withdrawn or inactive" not in said and "not all theirs" not in said
