"""A person listed once per school they belong to (Skyward's OneRoster export, rostering hubs,
SDS classic's multi-school rows), the rows alike but for the school: one person with every
school. Both rows were left out as two people sharing an ID (V537), with their enrolments, an
only child's parent, and a class's teacher, and the set went out with exit 0 (tester16 F1, F4)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines


def users(out: Path) -> dict[str, dict[str, str]]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def listed_again(exports: Path, name: str, sourced_id: str, old: str, new: str) -> None:
    """The row of `sourced_id` listed again, its school `old` written `new`."""
    path = exports / name
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    row = next(line for line in lines if line.startswith(f"{sourced_id},"))
    assert old in row
    path.write_text("\n".join([*lines, row.replace(old, new, 1)]) + "\n", encoding="utf-8")


def test_a_oneroster_user_listed_once_per_school_is_one_user_at_both(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    listed_again(exports, "users.csv", "u-s2", ",sch-20,", ",sch-10,")  # a student at two schools
    listed_again(exports, "users.csv", "u-t2", ",sch-20,", ",sch-10,")  # and a teacher
    python, _ = both_engines(tmp_path / "run", profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15))
    assert python.exit_status == 0 and "V537" not in python.report.counts, [str(p) for p in python.problems]
    published = users(tmp_path / "run" / "python")
    assert published["u-s2"]["orgSourcedIds"] == "sch-10,sch-20"
    assert published["u-t2"]["orgSourcedIds"] == "sch-10,sch-20"


def test_an_sds_student_listed_once_per_school_is_one_student_at_both(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "sds" / "district" / "in", exports)
    listed_again(exports, "Student.csv", "ST2", "ST2,S1,", "ST2,S2,")
    python, _ = both_engines(tmp_path / "run", profile="sds", in_dir=exports, as_of=dt.date(2026, 10, 15))
    assert python.exit_status == 0 and "V537" not in python.report.counts, [str(p) for p in python.problems]
    assert users(tmp_path / "run" / "python")["ST2"]["orgSourcedIds"] == "S1,S2"
