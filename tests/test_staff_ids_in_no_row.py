"""Sections naming teachers by an ID series the staff export holds in no column (reviewer65 F8), on a
district no profile is bundled for (tests/unbundled_district.py).

Some sections name their teacher by Employee Number while Teachers.csv, written from another report,
has no Employee Number column: X811 cannot see the second series, and a first set was published with
those classes without a teacher at exit 0, said only by V617 and V586 (notes). Now three staff IDs or
more leaving more than 5% of the classes without owner refuse a first set (X809); one or two (a
substitute entered in the sections only, a teacher who left) are published as before; a later
night's classes of the last set losing their teacher so are V618's, and its new classes are judged
as a first set's.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import unbundled_district as unbundled

ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def _without_employee_numbers(made: unbundled.District) -> dict[str, str]:
    """Teachers.csv written from another report: no Employee Number column. Teacher -> her number."""
    numbers = {}
    for row in made.teachers:
        numbers[row["Teacher ID"]] = row.pop("Employee Number")
    return numbers


def _profile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "district.yaml"
    text = unbundled.PROFILE.replace("STUDENT_CLEAN", "id")
    text = text.replace('"Teacher ID", "Employee Number", ', '"Teacher ID", ')
    path.write_text(text, encoding="utf-8")
    return path


def _by_number(made: unbundled.District, numbers: dict[str, str], teachers: list[str]) -> list[str]:
    """This year's classes of `teachers` name them by Employee Number: those classes."""
    named = []
    for row in made.classes:
        if row["Class ID"] in made.class_teacher and row["Teacher ID"] in teachers:
            row["Teacher ID"] = numbers[row["Teacher ID"]]
            named.append(row["Class ID"])
    return sorted(named)


def _run(made: unbundled.District, folder: Path, engine: str, **options: object) -> object:
    profile = _profile(folder)
    return unbundled.run(made.write(folder / "in"), folder / "out", engine, profile_path=profile, **options)


def _said(result: object, cid: str) -> list[str]:
    return [p.message for p in result.report.examples.get(cid, [])]  # type: ignore[attr-defined]


@ENGINES
@pytest.mark.parametrize("jobs", [1, 2])  # 2: the enrolments in a second process, which finds the classes without owner
def test_a_first_set_whose_sections_name_three_teachers_by_a_series_no_column_holds_is_refused(
    tmp_path: Path, engine: str, jobs: int
) -> None:
    made = unbundled.district()
    numbers = _without_employee_numbers(made)
    named = _by_number(made, numbers, ["T001", "T002", "T003"])  # 6 of 24 classes
    result = _run(made, tmp_path, engine, jobs=jobs)
    assert result.exit_status == 1 and not result.report.published  # type: ignore[attr-defined]
    assert not (tmp_path / "out" / "users.csv").exists()
    (message,) = _said(result, "X809")
    assert message.startswith(
        "Classes.csv names the teacher of 6 of the 24 classes with students (25%), in its Teacher ID column, by 3 "
        f"staff IDs that no row of Teachers.csv has in any column ({numbers['T001']!r} (classes {named[0]}, "
    )
    assert "another ID series than Teachers.csv's Teacher ID" in message
    assert "export Teachers.csv with the column holding it (X811 then names it)" in message
    (problem,) = result.report.examples["X809"]  # type: ignore[attr-defined]
    assert (problem.where.file, problem.where.column) == ("Classes.csv", "Teacher ID")
    assert "X811" not in result.report.counts  # type: ignore[attr-defined]


@ENGINES
def test_the_refused_first_set_is_published_with_allow_incomplete_those_classes_without_teacher(
    tmp_path: Path, engine: str
) -> None:
    made = unbundled.district()
    named = _by_number(made, _without_employee_numbers(made), ["T001", "T002", "T003"])
    result = _run(made, tmp_path, engine, allow_incomplete=True)
    assert result.report.published and "X809" not in result.report.counts  # type: ignore[attr-defined]
    (said,) = _said(result, "X918")
    assert "6 of 24 classes with students published with no teacher, named by 3 staff IDs" in said
    owned = {
        c
        for c, role in unbundled.published(tmp_path / "out", "enrollments.csv", "classSourcedId", "role")
        if role == "teacher"
    }
    assert owned == set(made.class_teacher) - set(named)


@ENGINES
def test_two_teachers_in_no_row_are_published_as_before(tmp_path: Path, engine: str) -> None:
    """Two IDs (a substitute entered in the sections only, a teacher who left an active-only export):
    said (V617, V586), published."""
    made = unbundled.district()
    named = _by_number(made, _without_employee_numbers(made), ["T001", "T002"])  # 4 of 24 classes
    result = _run(made, tmp_path, engine)
    assert result.exit_status == 0 and result.report.published  # type: ignore[attr-defined]
    assert "X809" not in result.report.counts  # type: ignore[attr-defined]
    assert result.report.counts["V586"] == len(named) == 4  # type: ignore[attr-defined]
    (broken,) = _said(result, "V617")
    assert broken.startswith("Classes.csv names 2 staff IDs that no row of Teachers.csv has in any column")


@ENGINES
def test_two_teachers_in_no_row_holding_a_quarter_of_the_classes_are_refused(tmp_path: Path, engine: str) -> None:
    """Two IDs with three classes each, 6 of 24 classes (reviewer66 F4): no substitute's section or two
    but two teachers' schedules the staff export lacks, refused as three IDs would be."""
    made = unbundled.district()
    numbers = _without_employee_numbers(made)
    numbers["T003"] = numbers["T002"]  # T003's classes name T002's number too: 2 IDs, 3 classes each
    named = _by_number(made, numbers, ["T001", "T002", "T003"])
    result = _run(made, tmp_path, engine)
    assert result.exit_status == 1 and not result.report.published  # type: ignore[attr-defined]
    assert not (tmp_path / "out" / "users.csv").exists()
    (message,) = _said(result, "X809")
    assert message.startswith(
        f"Classes.csv names the teacher of {len(named)} of the 24 classes with students (25%), in its Teacher ID "
        "column, by 2 staff IDs that no row of Teachers.csv has in any column"
    )


@ENGINES
def test_blank_teacher_cells_are_no_staff_ids_in_no_row(tmp_path: Path, engine: str) -> None:
    """Three sections with no teacher yet (12% of the classes) name nobody: not X809's (X942's
    ground, a school's classes without teacher, is judged by its own share; D363 by the error limit)."""
    made = unbundled.district()
    _without_employee_numbers(made)
    blank = sorted(made.class_teacher)[::8]
    for row in made.classes:
        if row["Class ID"] in blank:
            row["Teacher ID"] = ""
    result = _run(made, tmp_path, engine)
    assert "X809" not in result.report.counts and "V617" not in result.report.counts  # type: ignore[attr-defined]
    assert result.exit_status == 0 and result.report.published  # type: ignore[attr-defined]
    assert result.report.counts["V586"] == 3  # type: ignore[attr-defined]


@ENGINES
def test_a_later_night_naming_three_teachers_so_is_v618s_not_refused_again(tmp_path: Path, engine: str) -> None:
    made = unbundled.district()
    numbers = _without_employee_numbers(made)
    profile = _profile(tmp_path)
    out = tmp_path / "out"
    assert unbundled.run(made.write(tmp_path / "night1"), out, engine, profile_path=profile).exit_status == 0
    named = _by_number(made, numbers, ["T001", "T002", "T003"])
    later = unbundled.run(
        made.write(tmp_path / "night2"), out, engine, as_of=unbundled.AS_OF.replace(day=8), profile_path=profile
    )
    assert later.exit_status == 1 and later.report.published
    assert "X809" not in later.report.counts
    (message,) = _said(later, "V618")
    assert message.startswith(f"{len(named)} classes of the last published set lost every teacher")


@ENGINES
def test_a_later_nights_new_classes_naming_three_teachers_so_are_refused(tmp_path: Path, engine: str) -> None:
    """Classes new tonight (a new semester's, a new school's) whose sections name their teachers by a
    series no staff row holds were published without owner at exit 0, said by V586 alone (series51):
    only the first set was judged. A later night judges the classes new tonight as a first set."""
    made = unbundled.district()
    numbers = _without_employee_numbers(made)
    profile = _profile(tmp_path)
    out = tmp_path / "out"
    new = {c for c, t in made.class_teacher.items() if t in ("T001", "T002", "T003")}
    before = unbundled.District(
        students=made.students,
        teachers=made.teachers,
        classes=[row for row in made.classes if row["Class ID"] not in new],
        roster=[row for row in made.roster if row["Class ID"] not in new],
    )
    assert unbundled.run(before.write(tmp_path / "night1"), out, engine, profile_path=profile).exit_status == 0
    first = (out / "classes.csv").read_bytes()
    named = _by_number(made, numbers, ["T001", "T002", "T003"])
    assert set(named) == new
    later = unbundled.run(
        made.write(tmp_path / "night2"), out, engine, as_of=unbundled.AS_OF.replace(day=8), profile_path=profile
    )
    assert later.exit_status == 1 and not later.report.published
    (message,) = _said(later, "X809")
    assert message.startswith("Classes.csv names the teacher of 6 of the 24 classes with students (25%)")
    assert (out / "classes.csv").read_bytes() == first


FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "powerschool" / "district" / "in"


def _powerschool(folder: Path, unknown: dict[int, str]) -> Path:
    """A PowerSchool district (the fixture's schools, terms and courses): 12 teachers, 24 year-long
    sections of 5 students each, two a teacher; the sections of `unknown` (its number -> the Teacher
    written) name a Teacher no teachers row has as its ID: the join finds none (D300, no V617)."""
    exports = folder / "in"
    exports.mkdir(parents=True)
    for name in ("schools.txt", "terms.txt", "courses.csv"):
        (exports / name).write_bytes((FIXTURE / name).read_bytes())
    teachers = [
        "\t".join(
            ("TEACHERS." + c).upper()
            for c in (
                "ID",
                "USERS_DCID",
                "TEACHERNUMBER",
                "SCHOOLID",
                "FIRST_NAME",
                "MIDDLE_NAME",
                "LAST_NAME",
                "EMAIL_ADDR",
                "STATUS",
                "STAFFSTATUS",
            )
        )
    ]
    for t in range(12):
        school = ("100", "200")[t % 2]
        teachers.append(f"{301 + t}\t{6001 + t}\tT{3001 + t}\t{school}\tAnn\t\tTeach{t}\tt{t}@district.test\t1\t1")
    sections = ["ID\tSchoolID\tCourse_Number\tSection_Number\tTermID\tExpression\tTeacher\tGrade_Level"]
    students = ["ID\tStudent_Number\tSchoolID\tFirst_Name\tMiddle_Name\tLast_Name\tGrade_Level\tEnroll_Status\tDOB"]
    cc = ["[04]StudentID\t[04]SectionID\t[04]TermID\t[04]SchoolID\t[04]DateEnrolled\t[04]DateLeft"]
    for s in range(24):
        teacher = s % 12
        school = ("100", "200")[teacher % 2]
        written = unknown.get(s, str(301 + teacher))
        sections.append(f"{4001 + s}\t{school}\tMATH5\t{s + 1}\t3600\t1(A)\t{written}\t5")
        for k in range(5):
            student = 7000 + 5 * s + k
            students.append(f"{student}\t{student}\t{school}\tKid\t\tNo{student}\t5\t0\t1/1/2015")
            cc.append(f"{student}\t{4001 + s}\t3600\t{school}\t08/17/2026\t05/28/2027")
    for name, lines in (
        ("teachers.txt", teachers),
        ("sections.txt", sections),
        ("students.txt", students),
        ("cc.txt", cc),
    ):
        (exports / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return exports


@ENGINES
def test_a_powerschool_first_set_whose_sections_name_three_teachers_no_teachers_row_has_is_refused(
    tmp_path: Path, engine: str
) -> None:
    """Through the join: sections.txt's Teacher names 3 teachers (4 sections of 24) by their
    Employee Number, which teachers.txt does not hold: no V617 (a join found no row, D300), refused."""
    unknown = {0: "E3001", 12: "E3001", 1: "E3002", 2: "E3003"}
    exports = _powerschool(tmp_path, unknown)
    result = unbundled.run(exports, tmp_path / "out", engine, profile_path=Path("powerschool"))
    assert result.exit_status == 1 and not result.report.published
    (message,) = _said(result, "X809")
    assert message.startswith(
        "sections.txt names the teacher of 4 of the 24 classes with students (17%), in its Teacher column, by 3 "
        "staff IDs that no row of teachers.txt has as its TEACHERS.ID ('E3001' (classes 4001, 4013), 'E3002' "
        "(class 4002), 'E3003' (class 4003))"
    )


@ENGINES
def test_a_powerschool_first_set_with_two_teachers_no_row_has_is_published(tmp_path: Path, engine: str) -> None:
    exports = _powerschool(tmp_path, {0: "E3001", 12: "E3001", 1: "E3002"})
    out = tmp_path / "out"
    result = unbundled.run(exports, out, engine, profile_path=Path("powerschool"))
    assert result.exit_status == 0 and result.report.published, result.problems
    assert "X809" not in result.report.counts and result.report.counts["V586"] == 3
    owned = {
        c for c, role in unbundled.published(out, "enrollments.csv", "classSourcedId", "role") if role != "student"
    }
    assert len(owned) == 21 and not owned & {"4001", "4013", "4002"}
