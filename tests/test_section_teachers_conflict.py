"""A class ID on a second sections row of the same class data naming another teacher (tester59
C2): it was merged as "listed again with identical data" (V500) and the second row's teacher
was added to the class, published at exit 0. Now said (X850, both lines and both teachers), the
row left out with its enrolment (V532): the class keeps the first row's teacher, exit 1."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

CLEVER = FIXTURES / "clever" / "district"
K1 = (
    "100,SEC-K1,T01,,Kindergarten A,1,Kindergarten,Kindergarten,K100,1,English/language arts,"
    "2026-2027,08/24/2026,06/11/2027"
)


def district(tmp_path: Path, teacher: str) -> Path:
    """The Clever district with a teacher T04 at school 100, and SEC-K1 listed again naming `teacher`."""
    folder = tmp_path / "in"
    shutil.copytree(CLEVER / "in", folder)
    with (folder / "teachers.csv").open("a", encoding="utf-8") as handle:
        handle.write("100,T04,0004,Moreno,Ana,,ana.moreno@lakeview.example.org,amoreno\n")
    sections = folder / "sections.csv"
    text = sections.read_text(encoding="utf-8")
    assert K1 in text
    sections.write_text(text + K1.replace(",T01,", f",{teacher},") + "\n", encoding="utf-8")
    return folder


def run(tmp_path: Path, teacher: str) -> api.RunResult:
    """One run (the python and columnar engines agree on it: checked once by hand, both_engines)."""
    options = api.RunOptions(
        profile=str(CLEVER / "district.yaml"),
        in_dir=district(tmp_path, teacher),
        out_dir=tmp_path / "out",
        as_of=dt.date(2026, 10, 15),
    )
    return api.run(options)


def teachers_of(path: Path, section: str) -> set[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            r["userSourcedId"]
            for r in csv.DictReader(handle)
            if r["classSourcedId"] == section and r["role"] == "teacher"
        }


def test_a_section_listed_again_with_another_teacher_is_a_conflict_not_a_repeat(tmp_path: Path) -> None:
    python = run(tmp_path, "T04")
    assert teachers_of(tmp_path / "out" / "enrollments.csv", "SEC-K1") == {"T01"}
    (said,) = python.report.examples["X850"]
    assert said.where.line == 8
    assert "'T04'" in said.message and "line 2 ('T01')" in said.message
    assert "V500" not in python.report.counts
    assert python.report.counts.get("V532") == 1
    assert python.exit_status == 1  # published, but a person looks


def test_a_section_listed_again_with_its_own_teacher_is_merged(tmp_path: Path) -> None:
    python = run(tmp_path, "T01")
    assert teachers_of(tmp_path / "out" / "enrollments.csv", "SEC-K1") == {"T01"}
    assert "X850" not in python.report.counts
    assert any(p.params.get("table") == "classes" for p in python.report.examples["V500"])
    assert python.exit_status == 0
