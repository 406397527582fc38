"""OneRoster 1.1, enrollments.primary: "MUST only be set to true for ONE teacher for a class".
SIS exports mark several (SDS classic's TeacherRoster makes every teacher primary; a replacement
entered while the teacher she replaces is still listed). The strict target keeps primary true on
the kept enrolment of a class of the lowest sourcedId, in any row order, and writes the others as
false (D360; tests/test_repeated_enrolments.py runs both row orders); `validate --target
oneroster` finds such a set invalid (D361). Remind makes every teacher of a class an owner,
primary or not: the remind target keeps what the SIS says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_follow import rows, run
from transform import api

SECOND_TEACHER = "u-t3,active,2026-08-01,TRUE,sch-20,teacher,cgrey,,Cy,Grey,,T3,cy.grey@brookfield.example.org,,,,,\n"
SECOND_PRIMARY = "e5b,active,2026-08-01,cl-sci6,sch-20,u-t3,teacher,true,,\n"


def two_primaries(tmp_path: Path) -> Path:
    """The OneRoster fixture, where u-t2 is cl-sci6's primary teacher (e5), and u-t3 too (e5b)."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", folder)
    with (folder / "users.csv").open("a", encoding="utf-8") as handle:
        handle.write(SECOND_TEACHER)
    with (folder / "enrollments.csv").open("a", encoding="utf-8") as handle:
        handle.write(SECOND_PRIMARY)
    return folder


def primaries(out: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for enrolment in rows(out / "enrollments.csv"):
        if enrolment["primary"] == "true":
            found.setdefault(enrolment["classSourcedId"], []).append(enrolment["sourcedId"])
    return found


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("python", 2), ("columnar", 1), ("columnar", 2)])
def test_the_strict_target_keeps_one_primary_teacher_per_class(tmp_path: Path, engine: str, jobs: int) -> None:
    out = tmp_path / "out"
    result = run(two_primaries(tmp_path), out, profile="oneroster", target="oneroster", engine=engine, jobs=jobs)
    assert result.exit_status == 0, result.problems
    assert all(len(ids) == 1 for ids in primaries(out).values())
    assert primaries(out)["cl-sci6"] == ["e5"]  # the lowest enrolment ID (e5 < e5b)
    second = next(e for e in rows(out / "enrollments.csv") if e["sourcedId"] == "e5b")
    assert (second["role"], second["primary"]) == ("teacher", "false")  # still enrolled, as a co-teacher
    (repaired,) = result.report.examples["D360"]
    assert (repaired.where.file, repaired.where.column) == ("enrollments.csv", "primary")
    assert (repaired.params["id"], repaired.params["class_id"], repaired.params["first"]) == ("e5b", "cl-sci6", "e5")
    assert api.validate_set(out, target="oneroster").exit_status == 0


def test_the_remind_target_keeps_every_primary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(two_primaries(tmp_path), out, profile="oneroster")
    assert result.exit_status == 0, result.problems
    assert sorted(primaries(out)["cl-sci6"]) == ["e5", "e5b"]
    assert "D360" not in result.report.counts


def test_validate_finds_two_primary_teachers_of_a_class(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    shutil.copytree(
        FIXTURES / "sds" / "district-oneroster" / "expected", folder, ignore=shutil.ignore_patterns("*.txt")
    )
    path = folder / "enrollments.csv"
    text = path.read_text(encoding="utf-8")
    assert "SEC5-TE3,,,SEC5,S2,TE3,teacher,false," in text  # as a run writes it
    path.write_text(text.replace("SEC5-TE3,,,SEC5,S2,TE3,teacher,false,", "SEC5-TE3,,,SEC5,S2,TE3,teacher,true,"))
    result = api.validate_set(folder, target="oneroster")
    assert result.exit_status == 1
    (found,) = result.report.examples["D361"]
    assert (found.params["id"], found.params["class_id"], found.params["first"]) == ("SEC5-TE3", "SEC5", "SEC5-TE1")
