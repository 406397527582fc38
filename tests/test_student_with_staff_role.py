"""A student with a staff role too: the role is left out, not the student (tester50 M5).

OneRoster 1.2's roles.csv gives a person one row per role: Owen Moss (u-s2), a student at sch-2,
has an aide role there too (a student aide), and an aide enrolment in cl-2. Without an email his
aide role was said as `V506 aide 'u-s2' has no email ... row left out`, which reads as a staff
member lost; with one, the student and the aide record of one ID kept neither (V537), and the
student went out with his classes. Now the student is published as a student, and the aide role
alone is left out, said so (F438); the aide enrolment follows it (V578). An ID that a students
export and a staff export both use, under other names, stays two people's (V537)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api

RIVERBEND = FIXTURES / "oneroster-1.2" / "district" / "in"
HARBOR = FIXTURES / "sds" / "district"
AS_OF = dt.date(2026, 10, 15)


def read(out: Path, name: str) -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def riverbend_with_student_aide(folder: Path, *, email: str) -> Path:
    shutil.copytree(RIVERBEND, folder)

    def add(file: str, line: str) -> None:
        path = folder / file
        path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")

    add("roles.csv", "r-40,,,u-s2,secondary,aide,2026-08-24,,sch-2,")
    add("enrollments.csv", "e-40,,,cl-2,sch-2,u-s2,aide,FALSE,,")
    users = folder / "users.csv"
    text = users.read_text(encoding="utf-8")
    users.write_text(text.replace("Owen,Moss,James,1002,,", f"Owen,Moss,James,1002,{email},"), encoding="utf-8")
    return folder


@pytest.mark.parametrize("email", ["", "owen.moss@students.riverbend.example.org"])
def test_a_student_aide_stays_a_student_and_only_the_aide_role_is_left_out(tmp_path: Path, email: str) -> None:
    exports = riverbend_with_student_aide(tmp_path / "in", email=email)
    python, _ = both_engines(tmp_path / "run", profile="oneroster-1.2", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, python.problems
    out = tmp_path / "run" / "python"
    (owen,) = [u for u in read(out, "users.csv") if u["sourcedId"] == "u-s2"]
    assert owen["role"] == "student"
    owen_in = {(e["classSourcedId"], e["role"]) for e in read(out, "enrollments.csv") if e["userSourcedId"] == "u-s2"}
    assert owen_in == {("cl-2", "student")}

    (said,) = python.report.examples["F438"]
    assert (said.where.file, said.where.column, said.params["role"]) == ("roles.csv", "role", "aide")
    assert "is a student (published from roles.csv line 3)" in said.message
    assert not {"V506", "V537", "V501"} & set(python.report.counts)
    assert any(p.where.file == "enrollments.csv" for p in python.report.examples["V578"])


def test_a_student_id_a_teacher_of_another_name_has_in_the_staff_export_is_two_people(tmp_path: Path) -> None:
    """SDS classic: Student.csv and Teacher.csv are two exports; a teacher under student ST1's
    SIS ID is not ST1 with a second role."""
    exports = tmp_path / "in"
    shutil.copytree(HARBOR / "in", exports)
    teachers = exports / "Teacher.csv"
    header, first, *rest = teachers.read_text(encoding="utf-8").splitlines()
    teachers.write_text("\n".join([header, "ST1," + first.split(",", 1)[1], *rest]) + "\n", encoding="utf-8")
    result = api.run(
        api.RunOptions(profile=str(HARBOR / "district.yaml"), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF)
    )
    assert "F438" not in result.report.counts
    assert "V537" in result.report.counts
