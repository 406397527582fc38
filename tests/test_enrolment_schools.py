"""enrolment_schools.align on written files: an enrolment at another school than its class is
given the class's school and reported; when none is, the file is left as it was."""

from __future__ import annotations

from pathlib import Path

from transform.pipeline import enrolment_schools
from transform.report.report import Report

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
