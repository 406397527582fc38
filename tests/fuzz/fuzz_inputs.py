"""`make fuzz`: atheris over what a district hands the tool, the export files and the profile.

Anything but the tool's own TransformAbort (a coded refusal) is a bug. Seeds: the fixtures.
Run: python tests/fuzz/fuzz_inputs.py -runs=10000
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from transform import api
    from transform.pipeline import read
    from transform.profile.compile import SourcePlan
    from transform.report.problem import TransformAbort
    from transform.report.report import Report

ROOT = Path(__file__).resolve().parents[2]
WORK = Path(tempfile.mkdtemp(prefix="transform-fuzz-"))
PLAN = SourcePlan("students", ("students.txt",), True, "auto", "auto", ("ID", "Name"), ("DOB",), {})
# eSchool download definitions and Illuminate headers: a record marker, no quoting, numbered headers
TERMINATED = SourcePlan(
    "students",
    ("students.txt",),
    True,
    "^",
    "auto",
    ("ID", "Name"),
    ("DOB",),
    {},
    record_terminator="#!#",
    header_prefix=re.compile(r"\d+\s+"),
)


def read_export(data: bytes, plan: SourcePlan = PLAN) -> None:
    (WORK / "students.txt").write_bytes(data)
    report = Report()
    try:
        found = read.find_sources(WORK, {"students": plan}, report)
        for row in read.iter_rows(found["students"], report):
            assert isinstance(row.line, int) and all(isinstance(c, str) for c in row.cells)
    except TransformAbort as abort:
        assert abort.problems and abort.exit_status in (1, 2)


def check_profile(data: bytes) -> None:
    profile = WORK / "profile.yaml"
    profile.write_bytes(data)
    _, problems = api.check_profile(str(profile))
    assert all(p.code.id.startswith(("P", "X")) for p in problems)


def one_input(data: bytes) -> None:
    if not data:
        return
    kind = data[0] % 3
    if kind == 1:
        check_profile(data[1:])
    else:
        read_export(data[1:], TERMINATED if kind == 2 else PLAN)


def seed_corpus() -> Path:
    corpus = WORK / "corpus"
    corpus.mkdir()
    for i, path in enumerate(sorted(ROOT.glob("fixtures/**/in/*")) + sorted(ROOT.glob("profiles/*.yaml"))):
        flag = b"\x01" if path.suffix == ".yaml" else b"\x02" if "eschoolplus" in path.parts else b"\x00"
        (corpus / f"seed-{i}").write_bytes(flag + path.read_bytes()[:20_000])
    return corpus


if __name__ == "__main__":
    try:
        atheris.Setup([*sys.argv, str(seed_corpus())], one_input)
        atheris.Fuzz()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
