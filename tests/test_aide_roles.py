"""A staff-role map sending aides, assistants or substitutes to teacher (tester86 T4, P132).

`Aide: teacher` published every aide as a co-teacher owning her classes, and check-profile said ok.
Now check-profile (and a run, once) warns at the map entry's line; of the district's own files only:
a shipped profile's entry (sds-v2's `substitute: teacher`) is the tool's considered choice.
"""

from __future__ import annotations

from pathlib import Path

from transform import api
from transform.profile import aide_roles, load


def _profile(tmp_path: Path, values: str) -> Path:
    profile = tmp_path / "district.yaml"
    profile.write_text(f"extends: powerschool\nmaps:\n  staff_roles:\n    values: {{{values}}}\n", encoding="utf-8")
    return profile


def test_an_aide_mapped_to_teacher_is_said_by_check_profile_at_its_line(tmp_path: Path) -> None:
    profile = _profile(tmp_path, '"1": teacher, "2": aide, Teaching Assistant: teacher')
    _, problems = api.check_profile(str(profile), hints=True)
    (said,) = [p for p in problems if p.code.id == "P132"]
    assert said.params["found"] == "'Teaching Assistant'" and said.where.file.endswith("district.yaml:4:59")


def test_other_titles_and_the_shipped_profiles_entries_are_not_said(tmp_path: Path) -> None:
    """An assistant principal mapped to administrator, a head teacher to teacher: no aide made a teacher.
    sds-v2 maps `substitute: teacher` itself: a district extending it wrote no such entry."""
    profile = _profile(tmp_path, '"1": teacher, Assistant Principal: administrator, Head Teacher: teacher')
    assert aide_roles.aides_as_teachers(load.load(str(profile))) == []
    (tmp_path / "sds.yaml").write_text("extends: sds-v2\n", encoding="utf-8")
    assert aide_roles.aides_as_teachers(load.load(str(tmp_path / "sds.yaml"))) == []
