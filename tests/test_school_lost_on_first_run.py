"""One school's students or teachers missing from their export, on the first run (tester32 F3).

The night a district sets the tool up there is no last set to compare with, and one school of
twenty is under every whole-file limit. A students export without one school's rows (its
sections and schedule rows intact) left that school's classes out as empty (F412) behind a
warning per schedule row (D300), at exit 0; a teachers export without one school's rows published
its classes without an owner (V586), at exit 0. Now the set itself is read per school: most of a
school's classes emptied by schedule rows naming students the students export does not have is
refused (X941); most of a school's classes with students and no teacher, while the other schools'
classes have theirs, is refused (X942). --allow-incomplete publishes either, said (X918). A few
students per school missing from the export (one that leaves withdrawn students out) empty no
school's classes, and are published as before.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from transform import api

NIGHT = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
WAYS = pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("python", 2), ("columnar", 1), ("columnar", 2)])
SCHOOL = "105"  # one school of the synthetic district's twenty


def run(exports: Path, out: Path, *, engine: str = "columnar", jobs: int = 1, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=exports,
            out_dir=out,
            engine=engine,
            jobs=jobs,
            as_of=NIGHT.date(),
            now=NIGHT,
            **options,  # type: ignore[arg-type]
        )
    )


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, 400)
    return folder


def without_rows(district: Path, folder: Path, export: str, left_out: Callable[[dict[str, str]], bool]) -> Path:
    """The district with the rows of `export` that `left_out(row)` holds taken out (a row as a
    dict of its cells by column)."""
    exports = folder / "in"
    exports.mkdir(parents=True)
    for path in district.iterdir():
        (exports / path.name).write_bytes(path.read_bytes())
    header, *lines = (district / export).read_text(encoding="utf-8").splitlines(True)
    names = header.rstrip("\r\n").split("\t")
    kept = [line for line in lines if not left_out(dict(zip(names, line.rstrip("\r\n").split("\t"), strict=True)))]
    assert len(kept) < len(lines)
    (exports / export).write_text(header + "".join(kept), encoding="utf-8")
    return exports


def aborts(result: api.RunResult) -> list[str]:
    return [problem.code.id for problem in result.report.aborts]


@WAYS
def test_a_school_missing_from_the_students_export_is_refused(
    district: Path, tmp_path: Path, engine: str, jobs: int
) -> None:
    exports = without_rows(district, tmp_path, "students.txt", lambda row: row["SchoolID"] == SCHOOL)
    out = tmp_path / "out"
    result = run(exports, out, engine=engine, jobs=jobs)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    assert aborts(result) == ["X941"]
    (refusal,) = result.report.aborts
    assert refusal.params["school"] == SCHOOL and refusal.params["name"] == "School 5"
    classes = refusal.params["classes"]
    assert isinstance(classes, int) and classes >= 3 and refusal.params["emptied"] == classes  # all of them
    assert refusal.where.file == "cc.txt" and refusal.where.line > 1  # the first schedule row naming one
    assert refusal.params["source"] == "students" and str(refusal.params["key"]).startswith("StudentID=")
    # The same run, allowed: the school is published without its classes, said.
    allowed = run(exports, out, engine=engine, jobs=jobs, allow_incomplete=True)
    assert allowed.exit_status == 1 and allowed.report.published and "F453" in allowed.report.counts  # said
    said = [str(p.params["detail"]) for p in allowed.report.examples["X918"]]
    assert said == [
        f"school {SCHOOL} (School 5): {refusal.params['emptied']} of its {refusal.params['classes']} "
        "classes have no student, their enrolment rows naming students no students row has"
    ]


@WAYS
def test_a_school_missing_from_the_teachers_export_is_refused(
    district: Path, tmp_path: Path, engine: str, jobs: int
) -> None:
    exports = without_rows(district, tmp_path, "teachers.txt", lambda row: row["SchoolID"] == SCHOOL)
    out = tmp_path / "out"
    result = run(exports, out, engine=engine, jobs=jobs)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    assert aborts(result) == ["X942"]  # not X980: the other 19 schools' classes have their teachers
    (refusal,) = result.report.aborts
    classes = refusal.params["classes"]
    assert refusal.params["school"] == SCHOOL and isinstance(classes, int) and classes >= 3
    assert refusal.params["count"] == classes  # every class of the school with students
    assert refusal.where.file == "sections.txt"  # the first section naming a teacher the export lacks
    assert "name a teacher no teachers row has (D300" in str(refusal.params["hint"])
    allowed = run(exports, out, engine=engine, jobs=jobs, allow_incomplete=True)
    assert allowed.exit_status == 1 and allowed.report.published and "F453" in allowed.report.counts  # said
    assert [p.code.id for p in allowed.report.examples["X918"]] == ["X918"]


def campus_district(folder: Path, *, staff_of: tuple[str, ...]) -> Path:
    """Infinite Campus exports of two schools, three classes each with one teacher and two
    students; the staff export holds the teachers of the schools `staff_of` names."""
    folder.mkdir()
    schools = ("0410", "0420")
    (folder / "schools.csv").write_text("number,name\n0410,Ash Elementary\n0420,Birch Middle\n", encoding="utf-8")
    students = ["personID,studentNumber,schoolNumber,lastName,firstName,grade,birthdate"]
    staff = ["personID,schoolNumber,lastName,firstName,email"]
    sections = ["sectionID,schoolNumber,courseName,teacherPersonID,termName,termStartDate,termEndDate"]
    roster = ["personID,sectionID"]
    for s, school in enumerate(schools):
        if school in staff_of:
            staff.append(f"70{s},{school},Holm,Greta{s},g{s}@d.example.org")
        students += [f"5{s}{n},S5{s}{n},{school},Lind,Ada{s}{n},03,04/22/2018" for n in range(2)]
        for c in range(3):
            sections.append(f"9{s}{c},{school},Course {c},70{s},25-26 Year,08/20/2026,06/03/2027")
            roster += [f"5{s}{n},9{s}{c}" for n in range(2)]
    for name, lines in (("students", students), ("staff", staff), ("sections", sections), ("roster", roster)):
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_school_missing_from_a_staff_export_read_without_a_join_is_said_at_its_first_class(
    tmp_path: Path, engine: str
) -> None:
    # Infinite Campus and Synergy enrol a section's teacher by the ID its row names, with no join
    # to the staff export (no D300 to point at): X942 named no file or line (tester44 F13 item 4).
    exports = campus_district(tmp_path / "in", staff_of=("0410",))
    options = api.RunOptions(
        profile="infinite-campus", in_dir=exports, out_dir=tmp_path / "out", engine=engine, as_of=NIGHT.date()
    )
    result = api.run(options)
    (refusal,) = result.report.aborts
    assert refusal.code.id == "X942" and refusal.params["school"] == "0420" and refusal.params["hint"] == ""
    assert (refusal.where.file, refusal.where.line) == ("sections.csv", 5)  # class 910, the school's first
    assert refusal.params["example"] == "'910'"


def test_a_few_students_missing_from_each_school_are_published(district: Path, tmp_path: Path) -> None:
    """An export that leaves withdrawn students out: every 12th student's rows name nobody (D300),
    a few per school, and no school's classes are emptied by them."""
    exports = without_rows(district, tmp_path, "students.txt", lambda row: int(row["ID"]) % 12 == 5)
    result = run(exports, tmp_path / "out")
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["D300"] > 50 and "schools_students_unknown" not in result.report.facts


def test_the_whole_district_is_published(district: Path, tmp_path: Path) -> None:
    result = run(district, tmp_path / "out")
    assert result.exit_status == 0 and result.report.published
    assert not {"schools_students_unknown", "schools_without_owner"} & set(result.report.facts)


def test_a_later_night_is_the_comparisons(district: Path, tmp_path: Path) -> None:
    """With a last published set the gate compares, and says the school's students and parents
    lost (X953), and, as cc.txt still names them, the students export missing their rows (X882,
    tester52 F1): --allow-rollover with --allow-incomplete publishes that, not held back by X941."""
    exports = without_rows(district, tmp_path, "students.txt", lambda row: row["SchoolID"] == SCHOOL)
    out = tmp_path / "out"
    assert run(district, out).exit_status == 0
    refused = run(exports, out)
    assert refused.exit_status == 1 and set(aborts(refused)) == {"X953", "X882"}
    assert set(aborts(run(exports, out, allow_rollover=True))) == {"X882"}
    assert run(exports, out, allow_rollover=True, allow_incomplete=True).exit_status == 1  # published, but said


def test_a_school_without_teachers_on_purpose_is_not_refused_again(district: Path, tmp_path: Path) -> None:
    """Published with --allow-incomplete, the next night with the same exports got no worse: not
    refused again (as X980, for a district assigning its teachers); the school's teachers back,
    and then missing again, is refused, beside the gate's comparison (X953)."""
    exports = without_rows(district, tmp_path, "teachers.txt", lambda row: row["SchoolID"] == SCHOOL)
    out = tmp_path / "out"
    assert run(exports, out, allow_incomplete=True).exit_status == 1  # published, but said (F453)
    again = run(exports, out)
    assert again.exit_status == 0 and again.report.published
    assert run(district, out).exit_status == 0  # the school's teachers are back
    refused = run(exports, out)
    assert refused.exit_status == 1 and "X942" in aborts(refused)


def test_an_empty_output_folder_is_no_last_set(district: Path, tmp_path: Path) -> None:
    """OUT made by hand before the first run holds no classes.csv: nothing to compare with, not a
    set that had none of the school's classes either."""
    exports = without_rows(district, tmp_path, "students.txt", lambda row: row["SchoolID"] == SCHOOL)
    out = tmp_path / "out"
    out.mkdir()
    result = run(exports, out)
    assert result.exit_status == 1 and aborts(result) == ["X941"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_school_whose_sections_lost_their_teacher_cells_is_refused_saying_so(
    district: Path, tmp_path: Path, engine: str
) -> None:
    """X942 called the sections' blank Teacher cells 'a teacher no teachers row has (the first:
    Teacher='')': the staff export was whole, the sections export had lost its teachers (tester63)."""
    exports = tmp_path / "in"
    shutil.copytree(district, exports)
    header, *lines = (exports / "sections.txt").read_text(encoding="utf-8").splitlines(True)
    names = header.rstrip("\r\n").split("\t")
    blanked = []
    for line in lines:
        cells = dict(zip(names, line.rstrip("\r\n").split("\t"), strict=True))
        if cells["SchoolID"] == SCHOOL:
            cells["Teacher"] = ""
        blanked.append("\t".join(cells.values()) + "\n")
    (exports / "sections.txt").write_text(header + "".join(blanked), encoding="utf-8")
    result = run(exports, tmp_path / "out", engine=engine)
    assert result.exit_status == 1 and aborts(result) == ["X942"]
    (refusal,) = result.report.aborts
    assert "or leave it blank (D300, the first blank: Teacher='')" in str(refusal.params["hint"])
    assert "a sections export that lost the school's teachers is a broken export" in str(refusal)
    assert "staff export missing" not in str(refusal)
