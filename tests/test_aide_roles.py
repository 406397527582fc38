"""A staff-role map sending aides, assistants or substitutes to teacher (tester86 T4, P132).

`Aide: teacher` published every aide as a co-teacher owning her classes, and check-profile said ok.
Now check-profile (and a run, once) warns at the map entry's line; of the district's own files only:
a shipped profile's entry (sds-v2's `substitute: teacher`) is the tool's considered choice.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.parent_columns import NOW, write_district
from transform import api
from transform.profile import aide_roles, load
from transform.report import summary


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


def test_a_run_says_it_on_a_first_set_not_the_next_night_and_again_after_the_profile_changes(tmp_path: Path) -> None:
    """P132 is asked once: published but exit 1 on a first set (was exit 0, tester89 T5: a para the owner of a
    class), quiet at exit 0 the next night, asked again after an edit."""
    exports = write_district(
        tmp_path / "in", [("1", ("Park, Mia", "mia@mail.example.com", ""), ("", "", ""), "1")], family="Park"
    )
    profile = _profile(tmp_path, '"1": teacher, Teaching Assistant: teacher')

    def night(days: int) -> api.RunResult:
        as_of, now = dt.date(2026, 10, 15) + dt.timedelta(days=days), NOW + dt.timedelta(days=days)
        options = api.RunOptions(in_dir=exports, out_dir=tmp_path / "out", profile=str(profile), as_of=as_of, now=now)
        return api.run(options)

    first = night(0)
    assert first.exit_status == 1 and first.report.published and first.report.counts["P132"] == 1
    assert [p.code.id for p in summary.to_check(first.report)] == ["P132"]
    second = night(1)
    assert second.exit_status == 0 and second.report.published and "P132" not in second.report.counts
    _profile(tmp_path, '"1": teacher, Teaching Assistant: teacher, "2": aide')
    third = night(2)
    assert third.exit_status == 1 and third.report.published and third.report.counts["P132"] == 1
