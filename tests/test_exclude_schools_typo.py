"""A settings.exclude_schools entry that names no school of the exports (tester74 F18): "20" for
"200" kept no one out, and school 200 was published at exit 0 without a word. Refused (X825, exit 1)
only on the first set, or the first since the profile changed, and only for a near miss of a school
published; otherwise said (X826) and published: an honest list (a school closed, not open yet) is
never stopped on the nights after (the X940 of stop 54, reverted, stopped it every night)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline.excluded_schools import one_slip

DISTRICT = FIXTURES / "powerschool" / "district" / "in"  # schools 100 and 200


def profile(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "district.yaml"
    listed = ", ".join(f'"{entry}"' for entry in ("0", "999999", *entries))
    path.write_text(f"extends: powerschool\nsettings:\n  exclude_schools: [{listed}]\n", encoding="utf-8")
    return path


def run(district: Path, out: Path, as_of: str, exports: Path = DISTRICT) -> api.RunResult:
    options = api.RunOptions(profile=str(district), in_dir=exports, out_dir=out, as_of=dt.date.fromisoformat(as_of))
    return api.run(options)


def codes_of(result: api.RunResult) -> set[str]:
    return set(result.report.counts)


def test_a_typo_on_the_first_set_is_refused_and_stays_refused_until_fixed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    district = profile(tmp_path, "20")
    first = run(district, out, "2026-10-15")
    assert first.exit_status == 1 and not first.report.published and not out.exists()
    (stop,) = first.problems
    assert stop.code.id == "X825" and stop.where.file.endswith(f"{district.name}:3:36")
    assert "entry '20'" in stop.message and "school '200' (Washington Middle School)" in stop.message
    assert "the first set" in stop.message
    # Nothing was published: the next night is still the first set, and refused again.
    again = run(district, out, "2026-10-16")
    assert again.exit_status == 1 and [p.code.id for p in again.problems] == ["X825"]
    # Fixed: school 200 is left out, and the set published.
    fixed = run(profile(tmp_path, "200"), out, "2026-10-17")
    assert fixed.exit_status == 0 and fixed.report.published
    assert "Washington Middle School" not in (out / "orgs.csv").read_text(encoding="utf-8")


def test_a_typo_brought_in_by_a_changed_profile_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(profile(tmp_path), out, "2026-10-15").exit_status == 0
    changed = run(profile(tmp_path, "0100"), out, "2026-10-16")  # leading zero: school 100
    assert changed.exit_status == 1 and [p.code.id for p in changed.problems] == ["X825"]
    assert "the first set since the profile changed" in changed.problems[0].message


def test_an_honest_entry_no_export_lists_is_said_and_published(tmp_path: Path) -> None:
    """A closed school, 4500: no school of the exports is one slip from it."""
    out = tmp_path / "out"
    result = run(profile(tmp_path, "4500"), out, "2026-10-15")
    assert result.exit_status == 0 and result.report.published
    assert "X826" in codes_of(result) and "X825" not in codes_of(result)


def test_a_near_miss_on_a_night_the_profile_did_not_change_is_said_not_refused(tmp_path: Path) -> None:
    """Entry 301 published while no school was one slip from it; then school 300 appears in the
    exports, the profile unchanged: said (X826, naming 300), published, not refused."""
    out = tmp_path / "out"
    district = profile(tmp_path, "301")
    assert run(district, out, "2026-10-15").exit_status == 0
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT, exports)
    with (exports / "schools.txt").open("a", encoding="utf-8") as handle:
        handle.write("300\tJefferson High School\t9\t12\r\n")
    result = run(district, out, "2026-10-16", exports)
    assert result.exit_status == 0 and result.report.published
    (said,) = result.report.examples["X826"]
    assert "one slip from school '300' (Jefferson High School)" in said.message


@pytest.mark.parametrize(
    ("entry", "school", "near"),
    [
        ("20", "200", True),  # a digit dropped
        ("2000", "200", True),  # one added
        ("201", "200", True),  # one other
        ("210", "201", True),  # two swapped
        ("0100", "100", True),  # leading zero
        ("ab1", "AB1", True),  # case
        ("4500", "200", False),
        ("7", "5", False),  # a single character is no slip from another
        ("12", "1", False),  # nor one of two from one
    ],
)
def test_one_slip(entry: str, school: str, near: bool) -> None:
    assert one_slip(entry, school) is near
