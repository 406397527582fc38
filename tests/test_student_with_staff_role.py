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
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.pipeline import overlap

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


def riverbend_with_teacher_student_role(folder: Path, role_type: str = "") -> Path:
    """Gwen Hart (u-t1), cl-1's only teacher and cl-2's second, with a student role at sch-1 too (a
    staff course, a staff test account): tester59 F3. Her teacher role at sch-1 is primary; the
    student role's roleType is `role_type` (blank: the export does not say which role is hers)."""
    shutil.copytree(RIVERBEND, folder)
    roles = folder / "roles.csv"
    line = f"r-40,,,u-t1,{role_type},student,2026-08-24,,sch-1,\n"
    roles.write_text(roles.read_text(encoding="utf-8") + line, "utf-8")
    return folder


@pytest.mark.parametrize("role_type", ["", "primary"])
def test_a_teacher_with_a_student_role_whose_class_would_lose_its_owner_is_refused(
    tmp_path: Path, role_type: str
) -> None:
    """Published as a student (F438), her teacher enrolments left out, cl-1 would have no teacher:
    one class is under the whole-set limit (X980), so this was published at exit 0. The export
    does not say which role is hers: no roleType on the student role, or both roles primary."""
    exports = riverbend_with_teacher_student_role(tmp_path / "in", role_type)
    python, _ = both_engines(tmp_path / "run", profile="oneroster-1.2", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 1 and not python.report.published
    (refused,) = python.problems
    assert refused.code.id == "X867"
    assert (refused.params["id"], refused.params["role"], refused.params["classes"]) == ("u-t1", "teacher", "'cl-1'")
    assert refused.params["at"] == "roles.csv:7"  # r-6, her primary teacher role
    assert not (tmp_path / "run" / "python" / "users.csv").exists()


def test_a_teacher_published_as_a_student_with_allow_incomplete_is_said(tmp_path: Path) -> None:
    exports = riverbend_with_teacher_student_role(tmp_path / "in")
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="oneroster-1.2", in_dir=exports, out_dir=out, as_of=AS_OF, allow_incomplete=True)
    )
    assert result.exit_status == 1 and result.report.published and "F453" in result.report.counts  # said
    assert "X867" not in result.report.counts
    assert any("'u-t1', a teacher published as a student" in p.message for p in result.report.examples["X918"])


def test_a_teacher_given_a_student_role_after_a_set_is_refused_and_the_set_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = api.run(api.RunOptions(profile="oneroster-1.2", in_dir=RIVERBEND, out_dir=out, as_of=AS_OF))
    assert first.exit_status == 0
    before = (out / "users.csv").read_bytes()
    exports = riverbend_with_teacher_student_role(tmp_path / "in")
    second = api.run(
        api.RunOptions(profile="oneroster-1.2", in_dir=exports, out_dir=out, as_of=AS_OF + dt.timedelta(days=1))
    )
    assert second.exit_status == 1 and "X867" in {p.code.id for p in second.problems}
    assert (out / "users.csv").read_bytes() == before


def test_a_teacher_with_a_student_role_whose_classes_keep_an_owner_is_published(tmp_path: Path) -> None:
    """Ali Sato (u-t2) teaches cl-2 beside Gwen Hart: given a student role of no roleType, he is
    published as a student (F438) and cl-2 keeps its owner; nothing is refused on his account."""
    shutil.copytree(RIVERBEND, tmp_path / "in")
    roles = tmp_path / "in" / "roles.csv"
    roles.write_text(roles.read_text(encoding="utf-8") + "r-40,,,u-t2,,student,2026-08-24,,sch-2,\n", "utf-8")
    result = api.run(
        api.RunOptions(profile="oneroster-1.2", in_dir=tmp_path / "in", out_dir=tmp_path / "out", as_of=AS_OF)
    )
    assert "X867" not in result.report.counts
    assert result.report.counts["F438"] == 1


@pytest.mark.parametrize("where", ["sch-1", "sch-2"])
def test_a_teacher_whose_student_role_is_secondary_is_published_as_a_teacher(tmp_path: Path, where: str) -> None:
    """roleType says it (tester59 F3): her teacher role primary, the student role secondary (at her
    own school or another). She is published as a teacher, cl-1 keeps its owner, the student role
    is left out, said once (V569), and nothing is refused."""
    exports = riverbend_with_teacher_student_role(tmp_path / "in", "secondary")
    roles = exports / "roles.csv"
    roles.write_text(roles.read_text(encoding="utf-8").replace(",sch-1,\n", f",{where},\n"), "utf-8")
    python, _ = both_engines(tmp_path / "run", profile="oneroster-1.2", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, python.problems
    out = tmp_path / "run" / "python"
    (gwen,) = [u for u in read(out, "users.csv") if u["sourcedId"] == "u-t1"]
    assert (gwen["role"], gwen["orgSourcedIds"]) == ("teacher", "sch-1,sch-2")
    teaching = {(e["classSourcedId"], e["role"]) for e in read(out, "enrollments.csv") if e["userSourcedId"] == "u-t1"}
    assert ("cl-1", "teacher") in teaching
    (said,) = python.report.examples["V569"]
    assert said.message == (
        "users: 'u-t1' holds a student role (roles.csv line 16) that the export does not call primary (roleType "
        "'secondary'), and a 'teacher' role it does (roles.csv line 7): published as a teacher, the student role "
        "left out (an enrolment as a student with it, V578)"
    )
    assert not {"X867", "F438", "V537"} & set(python.report.counts)


def test_a_student_enrolled_as_her_class_s_only_teacher_is_refused_as_before(tmp_path: Path) -> None:
    """The reverse: Owen Moss (u-s2), a student whose student role is primary, with a secondary
    teacher role and cl-2's teacher enrolments (every teacher's taken off): he stays a student
    (F438), and cl-2 left with no owner is refused (X867), as before roleType was read."""
    exports = riverbend_with_student_aide(tmp_path / "in", email="")
    roles = exports / "roles.csv"
    roles.write_text(roles.read_text(encoding="utf-8").replace(",u-s2,secondary,aide,", ",u-s2,secondary,teacher,"))
    enrolments = exports / "enrollments.csv"
    lines = enrolments.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not (",cl-2," in line and ",teacher," in line)]
    kept = [line.replace(",u-s2,aide,", ",u-s2,teacher,") for line in kept]
    enrolments.write_text("\n".join(kept) + "\n", encoding="utf-8")
    result = api.run(api.RunOptions(profile="oneroster-1.2", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X867"]
    assert result.problems[0].params["id"] == "u-s2"
    assert "V569" not in result.report.counts


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_teacher_published_as_a_student_is_refused_with_the_enrolments_mapped_beside_the_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    """From 10,000 enrolment rows a second process maps them while this one builds the users: it
    was forked before F438 named the teacher, so it found no class of hers left ownerless and a
    60,000-student district was published at exit 0 with her class unowned (V586 only). The
    teachers published as students are handed over with the users' roles."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: one process")
    monkeypatch.setattr(overlap, "AHEAD_MIN_ROWS", 0)
    exports = riverbend_with_teacher_student_role(tmp_path / "in")
    options = api.RunOptions(
        profile="oneroster-1.2", in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF, engine=engine
    )
    result = api.run(options)
    assert "enrollments (worker)" in result.report.facts["seconds"]
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X867"]
