"""An enrolment's role must fit its user's (fixtures/oneroster/roles): a student enrolled as a
teacher would become a class owner in Remind, a parent enrolled as a student would sit in the
class as a pupil. Such a row is left out (V578); primary true on an enrolment of a user who owns
no class (a student, an aide) is written as false (V579), and for Remind an aide's enrolment as a
teacher is written as an aide's (V590). The same with either engine, in one
process or with the enrolments in a worker, and for either target."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_follow import rows, run
from transform.pipeline.compact import CompactMap
from transform.pipeline.validate import Validator

ROLES = Path(__file__).resolve().parent.parent / "fixtures" / "oneroster" / "roles" / "in"


@pytest.mark.parametrize("target", ["remind", "oneroster"])
@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("python", 2), ("columnar", 1), ("columnar", 2)])
def test_an_enrolment_whose_role_does_not_fit_its_user_is_left_out(
    tmp_path: Path, target: str, engine: str, jobs: int
) -> None:
    out = tmp_path / "out"
    result = run(ROLES, out, profile="oneroster", target=target, engine=engine, jobs=jobs)
    assert result.exit_status == 0, result.problems
    enrolments = {e["sourcedId"]: e for e in rows(out / "enrollments.csv")}
    # e12 a student as a teacher, e13 a parent as a student, e14 a teacher as a student
    assert not {"e12", "e13", "e14"} & set(enrolments)
    left_out = sorted(
        (p.where.line, p.where.column, p.params["id"], p.params["user_role"], p.params["role"])
        for p in result.report.examples["V578"]
    )
    assert left_out == [
        (13, "role", "u-s2", "student", "teacher"),
        (14, "role", "u-p1", "parent", "student"),
        (15, "role", "u-t1", "teacher", "student"),
    ]
    assert all(p.where.file == "enrollments.csv" for p in result.report.examples["V578"])
    # The student's primary true (e1) and the aide's (e6): repaired, the rows kept.
    assert enrolments["e1"]["primary"] == "false"
    # The aide's enrolment as a teacher: Remind lists non-teaching staff as "aide" in enrollments.csv
    # (as a teacher she would own the class: V590); OneRoster 1.1 enrols no aides, so a teacher.
    aide_role = "aide" if target == "remind" else "teacher"
    assert (enrolments["e6"]["role"], enrolments["e6"]["primary"]) == (aide_role, "false")
    rewritten = [
        (p.where.line, p.where.column, p.params["user"], p.params["role"])
        for p in result.report.examples.get("V590", [])
    ]
    assert rewritten == ([(7, "role", "u-a1", "teacher")] if target == "remind" else [])
    repaired = sorted((p.where.line, p.where.column, p.params["user_role"]) for p in result.report.examples["V579"])
    assert repaired == [(2, "primary", "student"), (7, "primary", "aide")]
    # The teachers' own primary enrolments stay.
    assert enrolments["e2"]["primary"] == enrolments["e5"]["primary"] == "true"


def test_the_roles_held_are_those_of_users_who_are_no_students(tmp_path: Path) -> None:
    """The students (most users) are known from the kept students: only staff and guardians
    take a slot in the map of roles."""
    from transform.oneroster.spec import ONEROSTER
    from transform.pipeline.rows import Draft, place_at
    from transform.report.report import Report

    validator = Validator(ONEROSTER, Report())
    for line, (key, role) in enumerate([("s1", "student"), ("t1", "teacher"), ("p1", "parent"), ("a1", "aide")], 2):
        validator._remember(
            Draft("users", {"sourcedId": key, "role": role}, place_at("users.csv", line)), key, None, "users"
        )
    assert isinstance(validator.user_roles, CompactMap) and len(validator.user_roles) == 3
    assert [validator.user_role(k) for k in ("s1", "t1", "p1", "a1")] == ["student", "teacher", "parent", "aide"]
