"""A district writing some IDs of a join two ways, or some people by another ID series of their own
export (tester67 F1, F2, F8), on a district no profile is bundled for (tests/unbundled_district.py).

F1: Students.csv writes the older student IDs with a leading zero (01003), ClassRoster.csv without
(1003). Their enrolments were left out (V608) and the first set was published at exit 0, 14% of the
students in no class, since X915 weighs them against every roster row, last year's among them. Now
counted against the enrolments the set would hold, and refused (X810), naming the id cleaner.
F2: some sections name their teacher by Employee Number (E4014) where the staff rule keys on Teacher
ID: those classes were published with no teacher at exit 0, on a first set and on a later night.
Now refused (X811), naming the column the ID is in. A substitute in no row, a teacher who left and
a single coincidence are not.
F8: a first set's sections naming teachers no staff row has were said as 'Students.csv has no row
for N people ... published without them', in a run refused beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import unbundled_district as unbundled
from transform.report.summary import next_step

ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def _pad(made: unbundled.District, students: int) -> set[str]:
    """The first `students` students written with a leading zero in Students.csv only."""
    padded = {row["Student ID"] for row in made.students[:students]}
    for row in made.students:
        if row["Student ID"] in padded:
            row["Student ID"] = "0" + row["Student ID"]
    return padded


def _said(result: object, cid: str) -> list[str]:
    return [p.message for p in result.report.examples.get(cid, [])]  # type: ignore[attr-defined]


@ENGINES
def test_a_students_export_writing_older_ids_with_a_zero_is_refused_naming_the_id_cleaner(
    tmp_path: Path, engine: str
) -> None:
    made = unbundled.district()
    padded = _pad(made, 20)  # 20 of 120 students: 80 of the 504 enrolments
    exports = made.write(tmp_path / "in")
    out = tmp_path / "out"
    result = unbundled.run(exports, out, engine)
    assert result.exit_status == 1 and not result.report.published
    assert not (out / "enrollments.csv").exists()
    assert result.report.counts["V608"] == 80
    assert "X915" not in result.report.counts  # 80 of the roster's 960 rows: under its limit
    (message,) = _said(result, "X810")
    assert message.startswith("ClassRoster.csv: 20 IDs its enrollments records name are no record of users.csv")
    assert "80 of the 504 enrollments records the set would hold (15.9%)" in message
    assert "give Student ID and the sourcedId of the records it names clean: [{id: {width: 5, pad: true}}]" in message
    assert {p.where.column for p in result.report.examples["X810"]} == {"Student ID"}
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: If the SIS writes them so, give Student ID")
    assert len(padded) == 20


@ENGINES
def test_the_id_cleaner_the_refusal_names_publishes_every_student_in_her_classes(tmp_path: Path, engine: str) -> None:
    made = unbundled.district()
    _pad(made, 20)
    exports = made.write(tmp_path / "in")
    fixed = unbundled.profile(tmp_path, student_clean="{id: {width: 5, pad: true}}")
    out = tmp_path / "out"
    result = unbundled.run(exports, out, engine, profile_path=fixed)
    assert result.exit_status == 0, result.problems
    assert "V608" not in result.report.counts and "X810" not in result.report.counts
    enrolled = unbundled.published(out, "enrollments.csv", "classSourcedId", "userSourcedId", "role")
    truth = {(c, s.zfill(5), "student") for c, students in made.class_students.items() for s in students}
    truth |= {(c, t, "teacher") for c, t in made.class_teacher.items()}
    assert enrolled == truth


@ENGINES
def test_two_students_written_otherwise_are_rows_of_their_own_and_published(tmp_path: Path, engine: str) -> None:
    """Two students typed with a zero: no export's way, said (V608) and published as before."""
    made = unbundled.district()
    _pad(made, 2)
    result = unbundled.run(made.write(tmp_path / "in"), tmp_path / "out", engine)
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["V608"] == 8 and "X810" not in result.report.counts


def _by_employee_number(made: unbundled.District, classes: list[str]) -> dict[str, str]:
    """Those of this year's classes name their teacher by Employee Number: class -> that number."""
    numbers = {t["Teacher ID"]: t["Employee Number"] for t in made.teachers}
    written = {}
    for row in made.classes:
        if row["Class ID"] in classes:
            row["Teacher ID"] = written[row["Class ID"]] = numbers[row["Teacher ID"]]
    return written


@ENGINES
def test_sections_naming_some_teachers_by_employee_number_are_refused(tmp_path: Path, engine: str) -> None:
    made = unbundled.district()
    this_year = sorted(made.class_teacher)
    written = _by_employee_number(made, this_year[::4])  # 6 of 24 classes, of 3 teachers
    out = tmp_path / "out"
    result = unbundled.run(made.write(tmp_path / "in"), out, engine)
    assert result.exit_status == 1 and not result.report.published
    (message,) = _said(result, "X811")
    first = this_year[0]
    teacher = made.class_teacher[first]
    line = 2 + next(i for i, t in enumerate(made.teachers) if t["Teacher ID"] == teacher)
    assert message.startswith(
        f"the rows of Classes.csv name 3 people by their Employee Number of Teachers.csv, which no row gives as its "
        f"ID (the profile keys them on Teacher ID): {written[first]!r} is the Employee Number of Teachers.csv:{line}, "
        f"whose ID is {teacher!r}"
    )
    assert "make Classes.csv name them by Teacher ID" in message
    assert "X883" not in result.report.counts and "X882" not in result.report.counts  # their rows are there


@ENGINES
def test_a_substitute_in_no_row_a_teacher_who_left_and_one_coincidence_are_not_refused(
    tmp_path: Path, engine: str
) -> None:
    made = unbundled.district()
    this_year = sorted(made.class_teacher)
    substitute, left, coincidence = this_year[0], this_year[1], this_year[2]
    for row in made.classes:
        if row["Class ID"] == substitute:
            row["Teacher ID"] = "SUB1"  # in no row of Teachers.csv
    leaving = made.class_teacher[left]
    for row in made.teachers:
        if row["Teacher ID"] == leaving:
            row["Active"] = "No"  # her row kept, her sections not yet given another teacher
    for row in made.classes:  # her other classes get another teacher: only `left` has none
        if row["Teacher ID"] == leaving and row["Class ID"] != left:
            row["Teacher ID"] = made.class_teacher[coincidence]
    _by_employee_number(made, [coincidence])  # one ID of another column alone: maybe a number that matches
    result = unbundled.run(made.write(tmp_path / "in"), tmp_path / "out", engine)
    assert result.exit_status == 0 and result.report.published, result.problems
    assert not {"X811", "X882", "X883", "X980"} & set(result.report.counts)
    assert result.report.counts["V586"] == 3  # each class said without its teacher
    # The substitute is a reference to nobody, not a teacher left out (V504 alone said 'nothing to do')
    (broken,) = _said(result, "V617")
    assert broken.startswith("Classes.csv names 1 staff ID that no row of Teachers.csv has in any column ('SUB1'")
    owners = {c for c, _ in unbundled.published(tmp_path / "out", "enrollments.csv", "classSourcedId", "role")}
    assert owners >= set(this_year)


@ENGINES
def test_a_later_night_naming_some_teachers_by_employee_number_is_refused(tmp_path: Path, engine: str) -> None:
    made = unbundled.district()
    out = tmp_path / "out"
    first = unbundled.run(made.write(tmp_path / "night1"), out, engine)
    assert first.exit_status == 0
    before = (out / "enrollments.csv").read_bytes()
    this_year = sorted(made.class_teacher)
    _by_employee_number(made, this_year[:2])  # two classes' teachers, who stay in users.csv
    exports = made.write(tmp_path / "night2")
    later = unbundled.run(
        exports, out, engine, as_of=unbundled.AS_OF.replace(day=8), profile_path=first_profile(tmp_path)
    )
    assert later.exit_status == 1 and not later.report.published
    assert later.report.counts["X811"] == 1
    assert (out / "enrollments.csv").read_bytes() == before


def first_profile(tmp_path: Path) -> Path:
    return tmp_path / "district.yaml"  # the one the first night wrote beside its exports


@ENGINES
def test_a_first_sets_teachers_no_staff_row_has_are_said_of_the_staff_export_unpublished(
    tmp_path: Path, engine: str
) -> None:
    """F8: ten sections naming teachers in no row: X883 names Teachers.csv and staff members, and
    does not say 'published' (another check may refuse the night)."""
    made = unbundled.district()
    for n, class_id in enumerate(sorted(made.class_teacher)[:10]):
        for row in made.classes:
            if row["Class ID"] == class_id:
                row["Teacher ID"] = f"T9{n:02}"
    result = unbundled.run(made.write(tmp_path / "in"), tmp_path / "out", engine)
    (message,) = _said(result, "X883")
    assert message.startswith("Teachers.csv has no row for 10 staff members that tonight's other exports still name")
    assert "on a first set; the set leaves them out: check that Teachers.csv is whole" in message
    assert "published" not in message and "students" not in message


@ENGINES
def test_a_class_losing_its_only_teacher_on_a_later_night_is_published_for_a_person_to_look(
    tmp_path: Path, engine: str
) -> None:
    """V618: one class's teacher named by Employee Number (one ID: no X811), another class given
    another teacher (no V618 for it). Published, exit 1, once: the next night says nothing."""
    made = unbundled.district()
    out = tmp_path / "out"
    assert unbundled.run(made.write(tmp_path / "night1"), out, engine).exit_status == 0
    this_year = sorted(made.class_teacher)
    lost, moved = this_year[0], this_year[1]
    _by_employee_number(made, [lost])
    for row in made.classes:
        if row["Class ID"] == moved:
            row["Teacher ID"] = made.class_teacher[this_year[2]]
    profile = first_profile(tmp_path)
    later = unbundled.run(
        made.write(tmp_path / "night2"), out, engine, as_of=unbundled.AS_OF.replace(day=8), profile_path=profile
    )
    assert later.exit_status == 1 and later.report.published
    (message,) = _said(later, "V618")
    teacher = made.class_teacher[lost]
    assert message.startswith("1 class of the last published set lost every teacher and administrator tonight")
    assert f"({lost} (its teacher {teacher!r} still published))" in message
    assert (lost, teacher) not in unbundled.published(out, "enrollments.csv", "classSourcedId", "userSourcedId")
    again = unbundled.run(tmp_path / "night2", out, engine, as_of=unbundled.AS_OF.replace(day=9), profile_path=profile)
    assert again.exit_status == 0 and "V618" not in again.report.counts
