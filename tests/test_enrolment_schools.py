"""enrolment_schools.align on written files: an enrolment at another school than its class is
given the class's school and reported; when none is, the file is left as it was."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform
from transform.pipeline import enrolment_schools
from transform.report.report import Report

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
CLASSES = 'sourcedId,schoolSourcedId\r\n"c,1",100\r\nc2,200\r\n'
HEADER = "sourcedId,classSourcedId,schoolSourcedId,userSourcedId\r\n"


def _folder(tmp_path: Path, *enrolments: str) -> Path:
    (tmp_path / "classes.csv").write_text(CLASSES, encoding="utf-8")
    (tmp_path / "enrollments.csv").write_text(HEADER + "".join(f"{e}\r\n" for e in enrolments), encoding="utf-8")
    return tmp_path


def test_enrolments_at_their_classes_schools_leave_the_file_as_written(tmp_path: Path) -> None:
    # Unsorted, a class ID with a comma (quoted), a class not in classes.csv: nothing to align.
    rows = ("e2,c2,200,u1", 'e1,"c,1",100,u1', "e3,gone,300,u2")
    folder = _folder(tmp_path, *rows)
    report = Report()
    enrolment_schools.align(folder, report)
    assert (folder / "enrollments.csv").read_bytes().decode() == HEADER + "".join(f"{r}\r\n" for r in rows)
    assert not report.counts


def test_the_last_enrolment_at_another_school_is_aligned_and_named_at_its_sorted_line(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "e2,c2,200,u1", 'e1,"c,1",100,u1', 'e0,"c,1",200,u2')
    report = Report()
    enrolment_schools.align(folder, report)
    assert (folder / "enrollments.csv").read_bytes().decode() == (
        HEADER + 'e0,"c,1",100,u2\r\ne1,"c,1",100,u1\r\ne2,c2,200,u1\r\n'
    )
    [aligned] = report.examples["V538"]
    assert (aligned.where.line, aligned.params["value"], aligned.params["school"]) == (2, "200", "100")


@pytest.mark.parametrize(
    "engine", [("--engine", "python"), ("--engine", "python", "--jobs", "2"), ("--engine", "columnar")]
)
def test_a_run_names_the_export_row_of_an_enrolment_at_another_school_than_its_class(
    tmp_path: Path, engine: tuple[str, ...]
) -> None:
    """V538 names the row to correct in the SIS (cc.txt line 109, whose SchoolID says 100 for a
    section at school 200; student 919 is number 5020), not the record's line in the published
    enrollments.csv (tester48 F3)."""
    exports = tmp_path / "exports"
    shutil.copytree(SAMPLE, exports)
    cc = exports / "cc.txt"
    lines = cc.read_bytes().split(b"\r\n")
    assert lines[108] == b"919\t2001\t3600\t200\t08/17/2026\t05/29/2027"
    lines[108] = b"919\t2001\t3600\t100\t08/17/2026\t05/29/2027"
    cc.write_bytes(b"\r\n".join(lines))
    out, report = tmp_path / "out", tmp_path / "report.json"
    done = transform("--profile", "powerschool", exports, out, "--as-of", "2026-10-15", *engine, "--report", report)
    assert done.returncode == 0, done.stderr
    [problem] = [p for p in json.loads(report.read_text(encoding="utf-8"))["problems"] if p["code"] == "V538"]
    [said] = problem["examples"]
    assert (said["file"], said["line"], said["record"], said["params"]["value"]) == ("cc.txt", 109, "2001-5020", "100")
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        [written] = [e for e in csv.DictReader(handle) if e["sourcedId"] == "2001-5020"]
    assert written["schoolSourcedId"] == "200"  # at its class's school
