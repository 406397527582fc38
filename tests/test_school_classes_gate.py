"""The safety gate for one school's classes (pipeline.org_gate.school_classes_lost). The
whole-file limit counts the district's classes as one: a schedule export missing one school of
twenty lost a twentieth of them and was published with exit 0, that school's students in no
class (tester29 F3)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from tests.synthetic_nights import first_set
from transform import api

AS_OF = dt.date(2026, 10, 15)

# One xdist worker takes the module's tests: it publishes the district's first night once.
pytestmark = pytest.mark.xdist_group("school_classes_gate")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,500 students at 20 schools (100 to 119), sections of the year and both semesters."""
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, 1500)
    return folder


def run(exports: Path, out: Path, as_of: dt.date = AS_OF, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def first_night(district: Path, tmp_path: Path) -> Path:
    """tmp_path/out: the district published on AS_OF, as last night's set (made once per process
    and copied with its state folder: synthetic_nights.first_set)."""

    def publish(out: Path) -> None:
        assert run(district, out).exit_status == 0

    return first_set((district, AS_OF), district.parent, tmp_path, publish)


def without_school(district: Path, tmp_path: Path, file: str, school: str) -> Path:
    """The district's exports with `file`'s rows of `school` left out (its SchoolID column)."""
    folder = tmp_path / "tonight"
    shutil.copytree(district, folder)
    path = folder / file
    header, *rows = path.read_bytes().decode("utf-8").split("\r\n")[:-1]
    at = header.split("\t").index("SchoolID")
    kept = [row for row in rows if row.split("\t")[at] != school]
    path.write_bytes(("\r\n".join([header, *kept]) + "\r\n").encode("utf-8"))
    return folder


def classes_at(out: Path, school: str) -> int:
    lines = (out / "classes.csv").read_text(encoding="utf-8").splitlines()
    at = lines[0].split(",").index("schoolSourcedId")
    return sum(1 for line in lines[1:] if line.split(",")[at] == school)


def test_a_school_whose_schedule_is_missing_is_refused(district: Path, tmp_path: Path) -> None:
    out = first_night(district, tmp_path)
    held = classes_at(out, "107")
    assert held >= 5
    gone = without_school(district, tmp_path, "cc.txt", "107")  # its students stay, in no class
    result = run(gone, out)
    assert result.exit_status == 1
    assert "X906" not in result.report.counts  # a twentieth of the classes: under the whole-file limit
    (refusal,) = result.report.examples["X993"]
    assert refusal.message.startswith(
        f"school 107 (School 7) would keep 0 of the {held} classes it had in the last published set: {held} "
        "removed, and no ended term explains them; its students and teachers would be published in no class"
    )
    assert classes_at(out, "107") == held  # last night's set stays
    removals = (tmp_path / "out-removals.csv").read_text(encoding="utf-8")
    assert removals.count("\nclasses.csv,") == held
    allowed = run(gone, out, allow_rollover=True)
    # published, but: an ordinary night's schedule gone, let through by the flag, is said (F454, exit 1)
    assert allowed.report.published and allowed.exit_status == 1 and "X993" not in allowed.report.counts
    assert "X995" in allowed.report.examples["F454"][0].message
    (said,) = allowed.report.examples["X995"]
    assert said.message.startswith(f"--allow-rollover: school 107 (School 7) keeps 0 of the {held} classes")
    assert classes_at(out, "107") == 0


def test_a_semester_change_at_every_school_is_not_refused(district: Path, tmp_path: Path) -> None:
    """Semester 1's classes end and semester 2's start: each school's count holds."""
    out = tmp_path / "out"
    assert run(district, out, as_of=dt.date(2026, 12, 15)).exit_status == 0
    result = run(district, out, as_of=dt.date(2027, 1, 20))
    assert "X993" not in result.report.counts, result.report.examples.get("X993")
    assert result.exit_status == 0


def test_a_school_that_left_the_set_is_not_refused_for_its_classes(district: Path, tmp_path: Path) -> None:
    """A school no longer rostered takes its classes with it: the people gate says it (X953), not
    this one."""
    out = first_night(district, tmp_path)
    result = run(district, out, schools=tuple(str(100 + s) for s in range(20) if s != 7))
    assert "X993" not in result.report.counts


def test_a_school_whose_students_left_too_is_the_people_gates(district: Path, tmp_path: Path) -> None:
    """A students export cut to some schools empties their classes too: the people gate names the
    school's students (X953); its classes are no schedule missing."""
    out = first_night(district, tmp_path)
    result = run(without_school(district, tmp_path, "students.txt", "107"), out)
    assert result.exit_status == 1 and "X953" in result.report.counts
    assert "X993" not in result.report.counts


def test_a_school_whose_students_lost_their_enrolments_is_refused(district: Path, tmp_path: Path) -> None:
    """Most of school 107's students' enrolment rows missing, a few kept: each class keeps a student
    or two (X993 counts classes), and 107 is a twentieth of the district; its students would be
    published in no class at exit 0 (tester31 F2). Refused (X997); --allow-rollover publishes it."""
    out = first_night(district, tmp_path)
    tonight = tmp_path / "tonight"
    shutil.copytree(district, tonight)
    path = tonight / "cc.txt"
    header, *rows = path.read_bytes().decode("utf-8").split("\r\n")[:-1]
    kept = [row for row in rows if row.split("\t")[3] != "107" or int(row.split("\t")[0]) % 100 < 20]
    path.write_bytes(("\r\n".join([header, *kept]) + "\r\n").encode("utf-8"))
    result = run(tonight, out)
    assert result.exit_status == 1 and "X906" not in result.report.counts
    (refusal,) = result.report.examples["X997"]
    assert refusal.message.startswith("school 107 (School 7): ")
    assert "students who were in a class in the last published set would be published tonight in no class" in (
        refusal.message
    )
    allowed = run(tonight, out, allow_rollover=True)
    assert allowed.report.published and "X998" in allowed.report.counts
    assert allowed.exit_status == 1 and "F454" in allowed.report.counts  # no term ended: published, but
