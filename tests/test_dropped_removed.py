"""A record of the last published set that tonight's run left out for a data problem is removed
by the set: Remind deletes a person who never left the SIS. Published, but the run exits 1 and
names the record, its row and the code (X981; X983 when the row's record cannot be told);
ordinary removals (a student withdrawn, a teacher gone from the export) stay exit 0 (tester44 F9)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import synthetic_nights
from tests.synthetic_nights import ENGINES, district_of, first_night
from tests.test_cli import transform
from transform import api

# One xdist worker takes the module's tests: it publishes each engine's first night once.
pytestmark = pytest.mark.xdist_group("dropped_removed")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return district_of(tmp_path_factory, 1000)  # several teachers a school (3 or 4): one may go (X942)


def run(exports: Path, out: Path, engine: str, night: int = 0, **options: object) -> api.RunResult:
    """synthetic_nights.run with --jobs 2: the enrolments made by a second process (pipeline.overlap),
    the path the 2,000-student district this module had took by default (over overlap.AHEAD_MIN_ROWS
    enrolment rows); 1,000 students cost half as much a night."""
    return synthetic_nights.run(exports, out, engine, night, jobs=2, **options)


def night_of(district: Path, tmp_path: Path, engine: str) -> tuple[Path, Path]:
    """The district published on its first night into tmp_path/out (made once per engine:
    synthetic_nights.first_night); tonight's exports a copy to edit."""
    out, tonight = first_night(district, tmp_path, engine), tmp_path / "tonight"
    shutil.copytree(district, tonight)
    return out, tonight


def rows_of(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in path.read_bytes().decode("utf-8").split("\r\n")]


def write_rows(path: Path, rows: list[list[str]]) -> None:
    path.write_bytes("\r\n".join("\t".join(cells) for cells in rows).encode("utf-8"))


def active_student(exports: Path, out: Path, skip: int = 0) -> tuple[int, list[str]]:
    """A student of the published set: her line in students.txt and her row."""
    published = (out / "users.csv").read_text(encoding="utf-8")
    rows = rows_of(exports / "students.txt")
    found = [(n + 1, row) for n, row in enumerate(rows[1:], start=1) if len(row) > 1 and f"\n{row[1]}," in published]
    return found[skip]


def edit(exports: Path, name: str, line: int, column: str, change: str) -> None:
    rows = rows_of(exports / name)
    rows[line - 1][rows[0].index(column)] = change
    write_rows(exports / name, rows)


def said(result: api.RunResult, code: str) -> list[str]:
    return [str(p) for p in result.report.examples.get(code, [])]


@ENGINES
def test_a_student_whose_row_a_typed_tab_breaks_is_named_and_the_run_exits_1(
    district: Path, tmp_path: Path, engine: str
) -> None:
    out, tonight = night_of(district, tmp_path, engine)
    line, row = active_student(tonight, out)
    edit(tonight, "students.txt", line, "Last_Name", row[4] + "\tJr")  # I205: the row is lost whole
    result = run(tonight, out, engine, night=1)
    assert result.report.published and result.exit_status == 1
    assert result.report.counts["I205"] == 1 and result.report.counts["X981"] == 1
    (message,) = said(result, "X981")
    assert message.startswith(f"students.txt:{line}: X981 dropped-record-removed: student {row[1]} (")
    assert "I205 row-too-long left the row out" in message and "enrolment" in message
    assert "X983" not in result.report.counts
    # Said once: the night after, she is no longer in the last set (the row still broken).
    again = run(tonight, out, engine, night=2)
    assert again.report.published and again.exit_status == 0 and "X981" not in again.report.counts


@ENGINES
def test_teachers_whose_emails_were_blanked_are_named(district: Path, tmp_path: Path, engine: str) -> None:
    out, tonight = night_of(district, tmp_path, engine)
    teachers = rows_of(tonight / "teachers.txt")
    for line in (2, 3):
        edit(tonight, "teachers.txt", line, "Email_Addr", "")
    result = run(tonight, out, engine, night=1)
    assert result.report.published and result.exit_status == 1
    assert result.report.counts["V506"] == 2 and result.report.counts["X981"] == 2
    for line, message in zip((2, 3), said(result, "X981"), strict=True):
        number = teachers[line - 1][1]
        assert message.startswith(f"teachers.txt:{line}: X981 dropped-record-removed: teacher {number} (")
        assert "V506 staff-without-email left the row out" in message


@ENGINES
def test_people_who_left_the_exports_are_ordinary_removals(district: Path, tmp_path: Path, engine: str) -> None:
    """A student withdrawn (left out by the profile's where-condition, F400) and a teacher who
    left (PowerSchool keeps her row, Status 2): removed, exit 0, nothing said (X981 only for a
    problem's drop). A teacher with no row at all whom sections still name is a teachers export
    cut short (X882: tests/test_rows_cut_elsewhere.py)."""
    out, tonight = night_of(district, tmp_path, engine)
    line, _ = active_student(tonight, out)
    edit(tonight, "students.txt", line, "Enroll_Status", "2")
    edit(tonight, "teachers.txt", 2, "Status", "2")
    result = run(tonight, out, engine, night=1)
    assert result.report.published and result.exit_status == 0, [str(p) for p in result.report.aborts]
    assert result.report.facts["changes"]["users"]["removed"] >= 2
    assert not {"X981", "X983"} & set(result.report.counts)


def test_the_first_set_is_published_as_before(district: Path, tmp_path: Path) -> None:
    tonight = tmp_path / "tonight"
    shutil.copytree(district, tonight)
    rows = rows_of(tonight / "students.txt")
    line = next(n + 1 for n, row in enumerate(rows) if row[rows[0].index("Enroll_Status")] == "0")
    row = rows[line - 1]
    edit(tonight, "students.txt", line, "Last_Name", row[4] + "\tJr")
    result = run(tonight, tmp_path / "out", "python")
    assert result.report.published and result.exit_status == 0
    assert result.report.counts["I205"] == 1 and "X981" not in result.report.counts


def test_a_row_whose_id_the_tab_splits_is_found_by_the_two_cells(district: Path, tmp_path: Path) -> None:
    """The tab typed inside the student number: her ID is the two cells it made, side by side."""
    out, tonight = night_of(district, tmp_path, "python")
    line, row = active_student(tonight, out)
    edit(tonight, "students.txt", line, "Student_Number", f"{row[1][:3]}\t{row[1][3:]}")
    result = run(tonight, out, "python", night=1)
    assert result.report.published and result.exit_status == 1
    (message,) = said(result, "X981")
    assert message.startswith(f"students.txt:{line}: X981 dropped-record-removed: student {row[1]} (")


def test_a_row_whose_id_a_spreadsheet_garbled_may_be_the_student_removed(district: Path, tmp_path: Path) -> None:
    """A student number a spreadsheet wrote as a number (2.00009E+05, D355): the row names no
    record of the last set, but she is removed, and her name is the row's: X983 names the row and her.
    A student withdrawn the same night, another name, is not among them."""
    out, tonight = night_of(district, tmp_path, "python")
    line, row = active_student(tonight, out)
    other, withdrawn = active_student(tonight, out, skip=1)
    edit(tonight, "students.txt", line, "Student_Number", "2.00009E+05")
    edit(tonight, "students.txt", other, "Enroll_Status", "2")
    result = run(tonight, out, "python", night=1)
    assert result.report.published and result.exit_status == 1
    assert result.report.counts["D355"] >= 1 and "X981" not in result.report.counts
    (message,) = said(result, "X983")
    assert message.startswith(f"students.txt:{line}: X983 dropped-rows-unread: users.csv loses 1 of the last ")
    assert f"({row[1]})" in message and "D355 id-scientific-notation first" in message
    assert withdrawn[1] not in message


def test_said_first_with_the_step_and_in_the_json_line(district: Path, tmp_path: Path) -> None:
    """Through the command: "Published, but" first on stderr (with --quiet too), the step that
    fixes the row instead of "check ... then upload", and the JSON line's stopped_by."""
    out, tonight = night_of(district, tmp_path, "python")
    line, row = active_student(tonight, out)
    edit(tonight, "students.txt", line, "Last_Name", row[4] + "\tJr")
    args = ("--profile", "powerschool", "--as-of", "2026-10-16", "--jobs", "2")  # the path of `run`
    shutil.copytree(out, tmp_path / "out2")
    shutil.copytree(tmp_path / ".out.transform", tmp_path / ".out2.transform")
    said = transform(*args, tonight, out)
    assert said.returncode == 1, said.stderr
    assert said.stderr.startswith(f"Published, but students.txt:{line}: X981 dropped-record-removed: student {row[1]}")
    assert "Next: Fix each record named in the SIS" in said.stdout and "then upload" not in said.stdout
    logged = transform(*args, tonight, tmp_path / "out2", "--log-format", "json")
    event = json.loads(logged.stderr.strip().splitlines()[-1])
    assert logged.returncode == 1 and event["published"] and event["stopped_by_codes"] == ["X981"]


def current_enrolment(exports: Path, out: Path, skip: int = 0) -> tuple[int, list[str]]:
    """An enrolment of the published set: its line in cc.txt and its row (a year-long class's)."""
    published = (out / "enrollments.csv").read_text(encoding="utf-8")
    rows = rows_of(exports / "cc.txt")
    found = [
        (n, row)
        for n, row in enumerate(rows[1:], start=2)
        if len(row) > 2 and row[2] == "3600" and f"\n{row[1]}-" in published and int(row[0]) > 5
    ]
    return found[skip]


@ENGINES
def test_a_class_whose_term_code_was_typed_wrong_is_named(district: Path, tmp_path: Path, engine: str) -> None:
    """A year-long section's TermID typed 9999, a term no terms row has (D300 on the row's own key,
    not a record left out elsewhere): its class and enrolments would go, so X981 names it, exit 1
    (tester49 F4)."""
    out, tonight = night_of(district, tmp_path, engine)
    rows = rows_of(tonight / "sections.txt")
    published = (out / "classes.csv").read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(rows[1:], start=2) if row[4] == "3600" and f"\n{row[0]}," in published)
    edit(tonight, "sections.txt", line, "TermID", "9999")
    result = run(tonight, out, engine, night=1)
    assert result.report.published and result.exit_status == 1
    (message,) = said(result, "X981")
    assert message.startswith(f"sections.txt:{line}: X981 dropped-record-removed: class {rows[line - 1][0]} (")
    assert "D300 join-missing left the row out, and with it" in message


@ENGINES
def test_an_enrolment_whose_student_id_is_empty_may_be_the_one_removed(
    district: Path, tmp_path: Path, engine: str
) -> None:
    """A cc row whose StudentID came out empty (D300 naming StudentID=''): its enrolment cannot be
    told, but the row names its section, and the set loses that section's enrolment which nothing
    else explains: X983, exit 1."""
    out, tonight = night_of(district, tmp_path, engine)
    line, row = current_enrolment(tonight, out)
    edit(tonight, "cc.txt", line, "StudentID", "")
    result = run(tonight, out, engine, night=1)
    assert result.report.published and result.exit_status == 1
    (message,) = said(result, "X983")
    assert message.startswith(f"cc.txt:{line}: X983 dropped-rows-unread: enrollments.csv loses 1 of the last ")
    assert f"({row[1]}-" in message and "D300 join-missing first" in message


@ENGINES
@pytest.mark.parametrize("garbled", ["letter", "scientific"])
def test_a_section_number_garbled_on_a_schedule_row_is_a_data_problem(
    district: Path, tmp_path: Path, engine: str, garbled: str
) -> None:
    """A letter typed into a cc row's SectionID: `not_dropped: {SectionID} ge 0` reads no number,
    which is no dropped enrolment (a negative SectionID) but a data problem of the row (D332, a
    warning); a SectionID a spreadsheet wrote in scientific notation is D355. Either way the
    student's enrolment in that section would go: X983, exit 1. A student dropping a class the same
    night (SectionID made negative, F402) is an ordinary removal, not among them."""
    out, tonight = night_of(district, tmp_path, engine)
    line, row = current_enrolment(tonight, out)
    dropping, dropped = current_enrolment(tonight, out, skip=40)
    section = row[1][:2] + "x" + row[1][3:] if garbled == "letter" else f"{int(row[1]):.5E}"
    edit(tonight, "cc.txt", line, "SectionID", section)
    edit(tonight, "cc.txt", dropping, "SectionID", "-" + dropped[1])
    result = run(tonight, out, engine, night=1)
    assert result.report.published and result.exit_status == 1
    code = "D332 number-invalid-dropped" if garbled == "letter" else "D355 id-scientific-notation"
    assert result.report.counts[code[:4]] == 1 and result.report.counts["F402"] >= 1
    (message,) = said(result, "X983")
    assert message.startswith(f"cc.txt:{line}: X983 dropped-rows-unread: enrollments.csv loses 1 of the last ")
    assert f"({row[1]}-" in message and f"{code} first" in message
