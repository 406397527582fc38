"""PowerSchool writes a dropped CC row with BOTH SectionID and TermID negative. An export that
selects abs(cc.SectionID) (a sqlReport joining sections) keeps only the TermID's sign: the
profile's enrolments rule leaves such a row out as a dropped enrolment too (F402), not as an
unknown term; before, dropped enrolments came back at exit 0 (tester69 P2). A TermID written not as
a number ('S1') is no drop, and no D332 (review137 R7)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

ROSTERING = FIXTURES / "powerschool" / "rostering"


def exports_with_cc(tmp_path: Path, section: str, term: str) -> Path:
    """The rostering fixture with student 1001's MATH row (cc line 2: section 101, term 3600)
    written with `section` and `term`."""
    exports = tmp_path / "in"
    shutil.copytree(ROSTERING / "in", exports)
    cc = exports / "cc.txt"
    lines = cc.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("1\t101\t3600\t100\t")
    lines[1] = lines[1].replace("1\t101\t3600\t", f"1\t{section}\t{term}\t", 1)
    cc.write_text("\n".join(lines), encoding="utf-8")
    return exports


def run(exports: Path, out: Path) -> api.RunResult:
    options = api.RunOptions(
        profile=str(ROSTERING / "district.yaml"), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)
    )
    return api.run(options)


def enrolments(out: Path) -> set[str]:
    return {line.split(",", 1)[0] for line in (out / "enrollments.csv").read_text(encoding="utf-8").splitlines()[1:]}


def test_a_negative_term_id_under_a_positive_section_id_is_a_dropped_enrolment(tmp_path: Path) -> None:
    result = run(exports_with_cc(tmp_path, "101", "-3600"), tmp_path / "out")
    assert result.report.published and result.exit_status == 0
    assert "101-1001" not in enrolments(tmp_path / "out")
    (said,) = [p for p in result.report.examples.get("F402", []) if p.where.line == 2]
    assert said.where.file == "cc.txt" and "TermID" in said.message
    assert result.report.counts["F402"] == 1
    # Not read as a class of an unknown term: the class stays with its other students.
    assert "101-1003" in enrolments(tmp_path / "out")


def test_both_negative_is_one_dropped_enrolment_and_a_blank_term_is_no_drop(tmp_path: Path) -> None:
    both = run(exports_with_cc(tmp_path / "both", "-101", "-3600"), tmp_path / "both" / "out")
    assert both.report.counts["F402"] == 1 and "101-1001" not in enrolments(tmp_path / "both" / "out")
    blank = run(exports_with_cc(tmp_path / "blank", "101", ""), tmp_path / "blank" / "out")
    assert "F402" not in blank.report.counts and "101-1001" in enrolments(tmp_path / "blank" / "out")
    # A custom export writing its terms otherwise ('S1'): no drop and no D332 'not a number' (review137 R7)
    named = run(exports_with_cc(tmp_path / "named", "101", "S1"), tmp_path / "named" / "out")
    assert "F402" not in named.report.counts and "D332" not in named.report.counts
    assert "101-1001" in enrolments(tmp_path / "named" / "out")
