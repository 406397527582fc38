"""A fault that exits 2 ('the command or the profile is wrong') on a first set, or after the profile
changed, is the export's (exit 1) when the same profile made the last published set with the same
setting (reviewer105 R4, R5), as I295 is for a column and I253 for an export."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
AERIES = FIXTURES / "aeries" / "district" / "in"


def run(district: Path, exports: Path, out: Path, as_of: str) -> api.RunResult:
    options = api.RunOptions(profile=str(district), in_dir=exports, out_dir=out, as_of=dt.date.fromisoformat(as_of))
    return api.run(options)


def test_a_term_date_typed_across_the_school_year_s_start_is_the_sis_s_after_a_set(tmp_path: Path) -> None:
    """school_year_starts: August, published; then Semester 1's last day typed 01/08/2028: X832,
    exit 1, naming the term as typed. The profile changed the same night: X807, exit 2."""
    district, out = tmp_path / "district.yaml", tmp_path / "out"
    district.write_text("extends: powerschool\nsettings:\n  school_year_starts: August\n", encoding="utf-8")
    assert run(district, DISTRICT, out, "2026-10-15").exit_status == 0
    typed = tmp_path / "in"
    shutil.copytree(DISTRICT, typed)
    terms = typed / "terms.txt"
    text = terms.read_text(encoding="cp1252")
    assert "08/17/2026\t01/08/2027" in text
    terms.write_text(text.replace("08/17/2026\t01/08/2027", "08/17/2026\t01/08/2028"), encoding="cp1252")
    night = run(district, typed, out, "2026-10-16")
    assert night.exit_status == 1 and [p.code.id for p in night.problems] == ["X832"]
    assert "'Semester 1' at school 100 (typed 08/17/2026 to 01/08/2028)" in night.problems[0].message
    district.write_text(
        "extends: powerschool\nsettings:\n  school_year_starts: August\n  max_removal: 30\n", encoding="utf-8"
    )
    changed = run(district, typed, out, "2026-10-17")
    assert changed.exit_status == 2 and [p.code.id for p in changed.problems] == ["X807"]


def test_an_export_turning_windows_1252_under_a_declared_utf_8_is_the_export_s_after_a_set(tmp_path: Path) -> None:
    """reviewer105 R5: an Aeries profile declaring contacts utf-8 published; then CON.csv written in
    Windows-1252 ('Peña'): X833, exit 1 (I269, exit 2, on a first set)."""
    district, out = tmp_path / "district.yaml", tmp_path / "out"
    district.write_text("extends: aeries\nsources:\n  contacts: {encoding: 'utf-8'}\n", encoding="utf-8")
    assert run(district, AERIES, out, "2026-10-15").exit_status == 0
    turned = tmp_path / "in"
    shutil.copytree(AERIES, turned)
    con = turned / "CON.csv"
    text = con.read_text(encoding="utf-8")
    assert "40001,1,Nguyen,Thi," in text
    con.write_bytes(text.replace("40001,1,Nguyen,Thi,", "40001,1,Peña,Thi,").encode("cp1252"))
    night = run(district, turned, out, "2026-10-16")
    assert night.exit_status == 1 and [p.code.id for p in night.problems] == ["X833"]
    assert "the last published set (as of 2026-10-15) read this export so" in night.problems[0].message
    first = run(district, turned, tmp_path / "elsewhere", "2026-10-16")
    assert first.exit_status == 2 and [p.code.id for p in first.problems] == ["I269"]
