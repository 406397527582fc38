"""Common spellings of grades went out as `Other`, one D302 warning a student, exit 0: a
kindergarten written `0` or `00` beside unpadded grades, `Kindergarten`, `Grade 9`, FACTS
schools' age-named `K4`/`K5`, Illuminate's grade level ID 18 (Transitional Kindergarten). Each
is read as the grade it is, in both engines (tester16 F8)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines


def grades(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["grades"] for row in csv.DictReader(handle) if row["role"] == "student"}


def edited(tmp_path: Path, sis: str, name: str, changes: dict[str, str], *, encoding: str = "utf-8") -> Path:
    """The SIS's district fixture with `name` changed, {old text: new text}: a student's grade
    written otherwise (on each of the student's rows)."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / sis / "district" / "in", exports)
    path = exports / name
    text = path.read_bytes().decode(encoding)
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_bytes(text.encode(encoding))
    return exports


@pytest.mark.parametrize("target", ["remind", "oneroster"])
@pytest.mark.parametrize(
    ("written", "read"), [("0", "KG"), ("00", "KG"), ("Kindergarten", "KG"), ("Grade 9", "09"), ("Pre-K", "PK")]
)
def test_a_oneroster_grade_spelled_as_sis_write_it_is_read(
    tmp_path: Path, written: str, read: str, target: str
) -> None:
    exports = edited(tmp_path, "oneroster", "users.csv", {",,,,,06,": f",,,,,{written},"})
    python, _ = both_engines(
        tmp_path / "run", profile="oneroster", in_dir=exports, as_of=dt.date(2026, 10, 15), target=target
    )
    assert "D302" not in python.report.counts, [str(p) for p in python.report.examples.get("D302", [])]
    assert grades(tmp_path / "run" / "python")["u-s2"] == read


@pytest.mark.parametrize(("target", "read"), [("remind", "KG"), ("oneroster", "TK")])
def test_illuminate_transitional_kindergarten_is_read(tmp_path: Path, target: str, read: str) -> None:
    exports = edited(
        tmp_path, "illuminate", "enrollment.txt", {"\t08/17/2026\t\t1\t2026-2027": "\t08/17/2026\t\t18\t2026-2027"}
    )
    python, _ = both_engines(
        tmp_path / "run", profile="illuminate", in_dir=exports, as_of=dt.date(2026, 10, 15), target=target
    )
    assert "D302" not in python.report.counts, [str(p) for p in python.report.examples.get("D302", [])]
    assert grades(tmp_path / "run" / "python")["300001"] == read


@pytest.mark.parametrize(("written", "read"), [("K4", "PK"), ("K5", "KG")])
def test_a_facts_school_s_age_named_kindergarten_is_read(tmp_path: Path, written: str, read: str) -> None:
    exports = edited(tmp_path, "facts", "students.csv", {"Theresa,O'Malley,01,": f"Theresa,O'Malley,{written},"})
    python, _ = both_engines(tmp_path / "run", profile="facts", in_dir=exports, as_of=dt.date(2027, 2, 1))
    assert "D302" not in python.report.counts, [str(p) for p in python.report.examples.get("D302", [])]
    assert grades(tmp_path / "run" / "python")["40211"] == read
