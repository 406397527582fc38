"""A profile whose student email reads the parent's email column (tester25 1.7): every student was
published with their mother's address, exit 0, with only V509 (an email two users share). Now a
student whose own email is the email of one of their own guardians is said at the student's email
cell (V609); when more than half of the students with an email (at least 10) are, the set is
published but the run exits 1 for a person to look ("Published, but ..."), as for IDs that name
another person (X939)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report import render, summary

CLEVER = FIXTURES / "clever" / "district"


def _clever_with(tmp_path: Path, students: int, *, parents_email: int) -> Path:
    """The Clever district (two students with an email of their own) with `students` more, each
    with a Parent/Guardian contact; the first `parents_email` of them have their mother's email
    as their own, the others one of their own."""
    folder = tmp_path / "in"
    shutil.copytree(CLEVER / "in", folder)
    shutil.copy(CLEVER / "district.yaml", tmp_path / "district.yaml")
    with (folder / "students.csv").open("a", encoding="utf-8", newline="") as handle:
        for n in range(1, students + 1):
            mother = f"mother{n}@example.com"
            own = mother if n <= parents_email else f"kid{n}@kids.lakeview.example.org"
            handle.write(
                f"100,S30{n:02d},30{n:02d},Pupil{n},,Kim,3,05/05/2015,English,{own},Mother,Parent/Guardian,"
                f"Ann Pupil{n},55520{n:05d},{mother},C30{n:02d}\n"
            )
    return folder


def _run(tmp_path: Path, folder: Path, engine: str) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=str(tmp_path / "district.yaml"),
            in_dir=folder,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            engine=engine,
        )
    )


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_most_students_with_a_guardians_email_publish_and_exit_1(
    tmp_path: Path, engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _clever_with(tmp_path, 12, parents_email=12)
    result = _run(tmp_path, folder, engine)
    assert result.report.published
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert result.report.counts["V609"] == 12
    assert result.report.facts["student_emails_of_guardians"] == {"count": 12, "total": 14, "percent": 86}
    first = result.report.examples["V609"][0]
    assert (first.where.file, first.where.line, first.where.column, first.where.record) == (
        "students.csv",
        8,
        "email",
        "S3001",
    )
    assert (first.params["value"], first.params["guardian"]) == ("mother1@example.com", "GC3001")
    message = str(first)
    assert (
        "student 'S3001' has as their own email 'mother1@example.com', the email of their guardian 'GC3001'" in message
    )
    assert (
        "so have 12 of the 14 students with an email (86%): the students' email column (Student_email) and the "
        "parents' (Contact_email) hold the same addresses: if they are the students' school accounts, Contact_email "
        "is wrong (put the export template's column back; keep the students' email mapped); if they are the "
        "families' addresses, Student_email is" in message
    )
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    assert users["S3001"]["email"] == "mother1@example.com"  # published as read
    render._stderr.cache_clear()  # a console on the stderr this test captures
    render.summary(result, out_dir=tmp_path / "out", quiet=True, redact=False)
    said = " ".join(capsys.readouterr().err.split())
    assert "Published, but students.csv:8 [email]: V609 student-email-guardians" in said, said
    next_step = summary.next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert next_step.startswith("Next: When more than half of the students are named")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_few_students_with_a_guardians_email_are_said(tmp_path: Path, engine: str) -> None:
    """Three of fourteen: each is said, and the set is published with exit 0."""
    folder = _clever_with(tmp_path, 12, parents_email=3)
    result = _run(tmp_path, folder, engine)
    assert result.exit_status == api.EXIT_PUBLISHED
    assert sorted(p.where.record for p in result.report.examples["V609"]) == ["S3001", "S3002", "S3003"]
    assert all(p.params["share"] == "" for p in result.report.examples["V609"])
    assert "student_emails_of_guardians" not in result.report.facts


def test_fewer_than_ten_students_with_an_email_say_nothing_of_the_column(tmp_path: Path) -> None:
    """Seven students with an email, five of them their mother's: each said, exit 0."""
    folder = _clever_with(tmp_path, 5, parents_email=5)
    result = _run(tmp_path, folder, "python")
    assert result.report.counts["V609"] == 5
    assert result.exit_status == api.EXIT_PUBLISHED


def test_validate_finds_it_whatever_the_order_of_the_users(tmp_path: Path) -> None:
    """A published users.csv lists the guardians (GC...) before their students (S...): validate
    finds each such student as the run did."""
    folder = _clever_with(tmp_path, 12, parents_email=3)
    _run(tmp_path, folder, "python")
    checked = api.validate_set(tmp_path / "out")
    assert sorted(p.where.record for p in checked.report.examples["V609"]) == ["S3001", "S3002", "S3003"]
    assert checked.exit_status == api.EXIT_PUBLISHED  # a warning leaves a set valid
