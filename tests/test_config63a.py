"""tester86 T1, T4, T5: config mistakes that published a wrong set at exit 0."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import child_points, leaver_values


def test_an_aide_mapped_to_teacher_is_said_by_check_profile(tmp_path: Path) -> None:
    """T4: `Aide: teacher` published every aide as a co-teacher owning her classes, check-profile ok."""
    profile = tmp_path / "district.yaml"
    text = (FIXTURES.parent / "profiles" / "powerschool.yaml").read_text(encoding="utf-8")
    roles = 'values: {"1": teacher, "2": aide}'
    assert roles in text
    profile.write_text(text.replace(roles, 'values: {"1": teacher, "2": aide, Teaching Assistant: teacher}'), "utf-8")
    _, problems = api.check_profile(str(profile), hints=True)
    (said,) = [p for p in problems if p.code.id == "P132"]
    assert said.params["found"] == "'Teaching Assistant'" and "district.yaml:" in said.where.file
    profile.write_text(text.replace(roles, 'values: {"1": teacher, "2": aide, Assistant Principal: administrator}'))
    _, problems = api.check_profile(str(profile), hints=True)
    assert not [p for p in problems if p.code.id == "P132"]


def test_leaver_words_at_any_count_but_not_arrivals() -> None:
    """T1: a 'Withdrawn' a not_in condition lets through is a leaver value; 'Transferred In' is a newcomer."""
    assert leaver_values._leaver("Withdrawn") and leaver_values._leaver("No Show")
    assert not leaver_values._leaver("Transferred In") and not leaver_values._leaver("Current")


def _users(path: Path, families: int, child_phone: int) -> Path:
    rows = ["sourcedId,role,agentSourcedIds,sms"]
    for n in range(families):
        rows.append(f"S{n},student,G{n}M,+35191{n:07d}")
        theirs = f"+35191{n:07d}" if n < child_phone else f"+35192{n:07d}"
        rows.append(f"G{n}M,parent,S{n},{theirs}")
    (path / "users.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path / "users.csv"


def test_parents_holding_their_childs_own_phone_are_found(tmp_path: Path) -> None:
    """T5: every parent given the child's own mobile; one family sharing a phone is honest."""
    found = child_points.judge(_users(tmp_path, 12, 12), "sms")
    assert found is not None and (found.count, found.total) == (12, 12)
    assert child_points.judge(_users(tmp_path, 12, 1), "sms") is None
    assert child_points.judge(_users(tmp_path, 6, 6), "sms") is None  # too few to tell a column


def test_a_header_naming_the_student_is_a_students_column() -> None:
    assert child_points.STUDENT_NAMED.search("Pupil Mobile") and child_points.STUDENT_NAMED.search("Student Cell")
    assert not child_points.STUDENT_NAMED.search("Mother Mobile")
