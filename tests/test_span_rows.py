"""A students export with one row per enrolment span or per school year (tester69 F1, F1b).

An Aspen-shaped export gives a transfer two rows under one ID: the old school's and the new
one's, both 'Active'. Last-year rows beside this year's differ in the grade only. A profile whose
conditions keep both rows left every such student out as two people sharing an ID (V537), and a
first set was published at exit 0 without them. Past a few people it is refused now (X816),
naming the columns the rows differ in; one or two stay V537, and rows of other people (another
name, another birth date) are no spans."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests import unbundled_district as unbundled
from tests.conftest import FIXTURES
from transform import api

MADISON = FIXTURES / "powerschool" / "district" / "in"
AS_OF = dt.date(2026, 12, 1)


def with_second_rows(folder: Path, count: int, exit_date: str = "", **changed: str) -> Path:
    """Madison's exports where the first `count` students of Lincoln Elementary (school 100) each
    have a second row, with the cells `changed` (by column) and a DCID of its own. With `exit_date`,
    an Exit_Date column (the profile reads none) holds it on their first row: a span that ended."""
    shutil.copytree(MADISON, folder)
    path = folder / "students.txt"
    with path.open(encoding="cp1252", newline="") as handle:  # Windows-1252, as PowerSchool writes it
        header, *rows = list(csv.reader(handle, delimiter="\t"))
    if exit_date:
        header.append("Exit_Date")
        chosen = {id(r) for r in [r for r in rows if r[header.index("SchoolID")] == "100"][:count]}
        rows = [[*r, exit_date if id(r) in chosen else ""] for r in rows]
        changed = {**changed, "Exit_Date": ""}  # the new school's row: not ended
    at = {name: header.index(name) for name in ("ID", "SchoolID", *changed)}
    seconds = []
    for n, row in enumerate([r for r in rows if r[at["SchoolID"]] == "100"][:count]):
        other = list(row)
        other[at["ID"]] = str(5000 + n)
        for column, value in changed.items():
            other[at[column]] = value
        seconds.append(other)
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\r\n").writerows([header, *rows, *seconds])
    return folder


def withdrawn_with_last_years_row(folder: Path, count: int, grade_step: int = -1) -> Path:
    """Madison's exports where the first `count` students of Lincoln Elementary in grade 1 or above
    are withdrawn this year (Enroll_Status 2) and have another row at the school, still active,
    `grade_step` grades off (-1: last year's row; 0: a re-entry; +1: the row she is kept from is
    the next year's)."""
    shutil.copytree(MADISON, folder)
    path = folder / "students.txt"
    with path.open(encoding="cp1252", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter="\t"))
    at = {name: header.index(name) for name in ("ID", "SchoolID", "Grade_Level", "Enroll_Status")}
    chosen = [r for r in rows if r[at["SchoolID"]] == "100" and 1 <= int(r[at["Grade_Level"]]) <= 4][:count]
    seconds = []
    for n, row in enumerate(chosen):
        other = list(row)
        other[at["ID"]] = str(5000 + n)
        other[at["Grade_Level"]] = str(int(row[at["Grade_Level"]]) + grade_step)
        row[at["Enroll_Status"]] = "2"
        seconds.append(other)
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\r\n").writerows([header, *rows, *seconds])
    return folder


def run(exports: Path, out: Path, engine: str = "auto", **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=AS_OF, engine=engine, **options)  # type: ignore[arg-type]
    )


def students(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle) if row["role"] == "student"}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_transfers_on_a_row_per_enrolment_span_are_refused_naming_the_columns(tmp_path: Path, engine: str) -> None:
    exports = with_second_rows(tmp_path / "in", 4, exit_date="11/02/2026", SchoolID="200")
    result = run(exports, tmp_path / "out", engine)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (refused,) = [p for p in result.problems if p.code.id == "X816"]
    assert (refused.where.file, refused.where.line) == ("students.txt", 2)
    assert refused.message.startswith(
        "students.txt: 4 IDs are each on two rows that are one person (same name and birth date) differing in "
        "ID, SchoolID, Exit_Date ('005001' (lines 2 and 30: ID, SchoolID, Exit_Date), "
    )
    assert "the export has one row per enrolment span or per school year" in refused.message
    assert "leave the ended rows (or last year's) out with a condition of users.students's where" in refused.message
    assert "combine" not in refused.message
    assert result.report.counts["V537"] == 4


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_students_at_two_schools_at_once_are_told_to_combine_not_to_leave_a_row_out(
    tmp_path: Path, engine: str
) -> None:
    """Both rows current (Enroll_Status 0, no date), differing in the school and the row's own DCID:
    a dual enrolment (reviewer66 F1). A condition on SchoolID would leave each student out at one of
    her schools; the rule should combine the rows, which then publishes each at both."""
    exports = with_second_rows(tmp_path / "in", 4, SchoolID="200")
    result = run(exports, tmp_path / "out", engine)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (refused,) = [p for p in result.problems if p.code.id == "X816"]
    assert "differing in ID, SchoolID ('005001' (lines 2 and 30: ID, SchoolID), " in refused.message
    assert "the export has one row per school (a student enrolled at two schools at once" in refused.message
    assert (
        "make users.students one person with every school: add combine: {lists: [orgSourcedIds]} to it"
        in refused.message
    )
    assert "leave the ended rows" not in refused.message
    profile = tmp_path / "combined.yaml"
    text = (Path(__file__).resolve().parent.parent / "profiles" / "powerschool.yaml").read_text(encoding="utf-8")
    anchor = '        active: {field: "{Enroll_Status}", op: equals, value: "0", reason: inactive-student}\n'
    assert text.count(anchor) == 1
    profile.write_text(text.replace(anchor, anchor + "      combine: {lists: [orgSourcedIds]}\n"), encoding="utf-8")
    fixed = api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=tmp_path / "fixed", as_of=AS_OF, engine=engine)
    )
    assert fixed.exit_status == 0 and "X816" not in fixed.report.counts
    with (tmp_path / "fixed" / "users.csv").open(encoding="utf-8", newline="") as handle:
        schools = {row["sourcedId"]: row["orgSourcedIds"] for row in csv.DictReader(handle)}
    assert schools["005001"] == "100,200"


def test_last_years_rows_differing_in_the_grade_are_refused_too(tmp_path: Path) -> None:
    result = run(with_second_rows(tmp_path / "in", 3, Grade_Level="4"), tmp_path / "out")
    assert result.exit_status == 1
    (refused,) = [p for p in result.problems if p.code.id == "X816"]
    assert "3 IDs are each on two rows that are one person (same name and birth date) differing in ID, " in (
        refused.message
    )
    assert "Grade_Level" in refused.message


def test_one_or_two_such_rows_stay_the_sis_error_said_as_v537(tmp_path: Path) -> None:
    result = run(with_second_rows(tmp_path / "in", 2, SchoolID="200"), tmp_path / "out")
    assert "X816" not in result.report.counts and result.report.counts["V537"] == 2
    assert "005001" not in students(tmp_path / "out")  # neither row is kept, as before


def test_rows_of_another_birth_date_are_two_people_not_spans(tmp_path: Path) -> None:
    """One ID, one name, two birth dates, two schools: two people the SIS gave one ID."""
    result = run(with_second_rows(tmp_path / "in", 4, DOB="7/7/2019", SchoolID="200"), tmp_path / "out")
    assert "X816" not in result.report.counts
    assert result.report.counts["V537"] == 4


def test_rows_of_other_names_are_two_people_not_spans(tmp_path: Path) -> None:
    result = run(with_second_rows(tmp_path / "in", 4, First_Name="Someone"), tmp_path / "out")
    assert "X816" not in result.report.counts
    assert result.report.counts["V537"] == 4


def test_allow_incomplete_publishes_without_them_said(tmp_path: Path) -> None:
    result = run(with_second_rows(tmp_path / "in", 4, SchoolID="200"), tmp_path / "out", allow_incomplete=True)
    assert result.report.published and result.exit_status == 1 and "F453" in result.report.counts  # said
    assert "005001" not in students(tmp_path / "out")
    allowed = [p.message for p in result.report.examples["X918"]]
    assert any("4 people on two rows of students.txt (a row per school: ID, SchoolID)" in m for m in allowed)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_student_withdrawn_this_year_kept_from_last_years_row_is_said(tmp_path: Path, engine: str) -> None:
    """Her row of this year says withdrawn (left out, F400), last year's row, a grade lower and not
    marked as ended, kept her: published as active with last year's grade, which was silent (I273
    called it an earlier enrolment of hers). One such student is a warning; the set is published."""
    result = run(withdrawn_with_last_years_row(tmp_path / "in", 1), tmp_path / "out", engine)
    assert "X816" not in result.report.counts
    (said,) = result.report.examples["I252"]
    assert (said.where.file, said.where.line, said.where.record) == ("students.txt", 30, "5003")
    assert said.message == (
        "users.students: student '5003' is published from this row, though her row at line 4 was left out as "
        "ended and is of a later grade ('KG' here, '01' on the row left out); the rows differ in ID, Grade_Level, "
        "Enroll_Status: one person's rows of two school years, this one the earlier: she may have been withdrawn "
        "this year, and is published with last year's grade"
    )


def test_three_students_kept_from_last_years_rows_are_refused(tmp_path: Path) -> None:
    result = run(withdrawn_with_last_years_row(tmp_path / "in", 3), tmp_path / "out")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (refused,) = [p for p in result.problems if p.code.id == "X816"]
    assert "3 would be published from an earlier year's row while their row of a later grade was left out" in (
        refused.message
    )
    assert result.report.counts["I252"] == 3


@pytest.mark.parametrize("step", [0, 1])
def test_a_re_entry_or_a_promotion_is_no_earlier_years_row(tmp_path: Path, step: int) -> None:
    """The row she is kept from of the same grade (withdrawn and re-entered) or a higher one."""
    result = run(withdrawn_with_last_years_row(tmp_path / "in", 3, grade_step=step), tmp_path / "out")
    assert not {"X816", "I252"} & set(result.report.counts)
    assert result.report.counts["I273"] == 3


def test_allow_incomplete_publishes_them_from_last_years_rows_said(tmp_path: Path) -> None:
    exports = withdrawn_with_last_years_row(tmp_path / "in", 3)
    result = run(exports, tmp_path / "out", allow_incomplete=True)
    assert result.report.published and result.exit_status == 1 and "F453" in result.report.counts  # said
    allowed = [p.message for p in result.report.examples["X918"]]
    assert any(
        "3 people on two rows of students.txt" in m and "kept from an earlier year's row (I252)" in m for m in allowed
    )


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_teachers_assigned_to_two_schools_are_told_to_combine_too(tmp_path: Path, engine: str) -> None:
    """A staff export with one row per school assignment (reviewer66 F1's staff case), read by a staff
    rule without combine: a teacher at both schools is one person with two schools, no ended row."""
    made = unbundled.district()
    seconds = [dict(row, School="200" if row["School"] == "100" else "100") for row in made.teachers[:4]]
    made.teachers.extend(seconds)
    profile = tmp_path / "district.yaml"
    profile.write_text(unbundled.PROFILE.replace("STUDENT_CLEAN", "id"), encoding="utf-8")
    result = unbundled.run(made.write(tmp_path / "in"), tmp_path / "out", engine, profile_path=profile)
    assert result.exit_status == 1 and not result.report.published  # type: ignore[attr-defined]
    (refused,) = result.report.examples["X816"]  # type: ignore[attr-defined]
    assert refused.message.startswith("Teachers.csv: 4 IDs are each on two rows that are one person (same name)")
    assert "differing in School (" in refused.message
    assert "make users.staff one person with every school: add combine: {lists: [orgSourcedIds]}" in refused.message
    assert "leave the ended rows" not in refused.message


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_transfer_told_by_a_column_no_condition_reads_gets_both_fixes(tmp_path: Path, engine: str) -> None:
    """The old school's row carries an exit code the profile reads nowhere (Exit_Code TR), the new one none, no
    date: X816 said 'one row per school, add combine', which published each student at both schools (reviewer70
    F1). A column filled on one row only may say the row ended: both fixes are given, for a person to choose."""
    exports = with_second_rows(tmp_path / "in", 4, SchoolID="200")
    path = exports / "students.txt"
    with path.open(encoding="cp1252", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter="\t"))
    seconds = {row[header.index("Student_Number")] for row in rows[-4:]}
    marked = [
        [*row, "TR" if row[header.index("Student_Number")] in seconds and row in rows[:-4] else ""] for row in rows
    ]
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\r\n").writerows([[*header, "Exit_Code"], *marked])
    result = run(exports, tmp_path / "out", engine)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (refused,) = [p for p in result.problems if p.code.id == "X816"]
    assert "the export has one row per school or one per enrolment span" in refused.message
    assert "if each of them is at both schools at once, add combine: {lists: [orgSourcedIds]}" in refused.message
    assert "if one row has ended (a transfer), leave it out with a condition" in refused.message


def test_the_share_is_of_students_not_of_their_parents_too(tmp_path: Path) -> None:
    """Eight transfers of 400 students (2 %) each on two rows: counted against the students and
    their ~600 parents together it was under 1 %, and the set was published without them at exit 0."""
    from benchmarks.synthetic import write_district

    exports = tmp_path / "in"
    write_district(exports, 400)
    path = exports / "students.txt"
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle, delimiter="\t"))
    at = {name: header.index(name) for name in ("ID", "SchoolID", "Enroll_Status")}
    movers = [r for r in rows if r[at["Enroll_Status"]] == "0"][:8]
    seconds = [[*r[: at["ID"]], str(9000 + n), *r[at["ID"] + 1 :]] for n, r in enumerate(movers)]
    for row in seconds:
        row[at["SchoolID"]] = "101" if row[at["SchoolID"]] == "100" else "100"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter="\t", lineterminator="\r\n").writerows([header, *rows, *seconds])
    result = run(exports, tmp_path / "out")
    parents = sum(n for (role, _), n in result.report.people.items() if role in {"parent", "guardian", "relative"})
    assert parents > 400  # the share would have been under 1 % of all users
    assert result.exit_status == 1
    (refused,) = [p for p in result.problems if p.code.id == "X816"]
    assert "8 " in refused.message and "SchoolID" in refused.message
