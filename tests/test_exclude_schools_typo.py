"""A settings.exclude_schools entry that names no school of the exports (tester74 F18): "20" for
"200" kept no one out, and school 200 was published at exit 0 without a word. The set is published
whatever the entry; a near miss of a school published (X825) is exit 1, 'Published, but', when the
pair is new: the entry new since the last published set (all are on a first set), the school new to
the set, or the entry matched a school in the last set and none tonight (reviewer105 R1: 200 written
0200). An old entry beside a school the last set published (a closed school numbered next to an open
one) is X826, exit 0, whatever else of the profile changed (reviewer105 R2, R3)."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import gate
from transform.pipeline.excluded_schools import one_slip
from transform.report.summary import next_step

DISTRICT = FIXTURES / "powerschool" / "district" / "in"  # schools 100 and 200


def profile(tmp_path: Path, *entries: str, more: str = "") -> Path:
    path = tmp_path / "district.yaml"
    listed = ", ".join(f'"{entry}"' for entry in ("0", "999999", *entries))
    path.write_text(f"extends: powerschool\nsettings:\n  exclude_schools: [{listed}]\n{more}", encoding="utf-8")
    return path


def run(district: Path, out: Path, as_of: str, exports: Path = DISTRICT) -> api.RunResult:
    options = api.RunOptions(profile=str(district), in_dir=exports, out_dir=out, as_of=dt.date.fromisoformat(as_of))
    return api.run(options)


def codes_of(result: api.RunResult) -> set[str]:
    return set(result.report.counts)


def orgs(out: Path) -> str:
    return (out / "orgs.csv").read_text(encoding="utf-8")


def renumbered(tmp_path: Path, school: str, to: str) -> Path:
    """The district's exports with school `school` written `to` in every file."""
    exports = tmp_path / f"in-{to}"
    shutil.copytree(DISTRICT, exports)
    for path in exports.iterdir():
        text = path.read_text(encoding="cp1252")
        path.write_text(re.sub(rf"(?m)(^|\t){school}(?=\t|\r?$)", rf"\g<1>{to}", text), encoding="cp1252")
    return exports


def without(tmp_path: Path, school: str) -> Path:
    """The district's exports with no row of school `school`."""
    exports = tmp_path / f"in-no-{school}"
    shutil.copytree(DISTRICT, exports)
    for path in exports.iterdir():
        lines = path.read_text(encoding="cp1252").splitlines(keepends=True)
        kept = [line for line in lines if not re.search(rf"(^|\t){school}(\t|\r?$)", line)]
        path.write_text("".join(kept), encoding="cp1252")
    return exports


def test_a_typo_on_the_first_set_is_published_but_a_person_looks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    district = profile(tmp_path, "20")
    first = run(district, out, "2026-10-15")
    assert first.exit_status == 1 and first.report.published and "Washington Middle School" in orgs(out)
    (said,) = first.report.examples["X825"]
    assert said.where.file.endswith(f"{district.name}:3:36")
    assert "entry '20'" in said.message and "school '200' (Washington Middle School)" in said.message
    assert "this is the first set" in said.message


def test_the_next_step_names_the_school_meant_and_what_the_rerun_does(tmp_path: Path) -> None:
    """reviewer114 R2: X825's Next line printed its `near` phrase as the school ('leave out school "and
    is one slip from school ..."') and 'the school is removed again' on a first set. It takes X825's
    own words: the school, what the rerun does to it, and when there is nothing to do."""
    out = tmp_path / "out"
    district = profile(tmp_path, "20")
    first = run(district, out, "2026-10-15")
    step = next_step(first, out_dir=out, explain_path=None, upload=False)
    assert f"leave out school '200', correct the settings.exclude_schools entry '20' ({district}:3:36)" in step
    assert "and rerun: the school is left out; if the entry names a school not exported yet, nothing to do." in step
    assert "one slip" not in step and "removed again" not in step and "--max-removal" not in step
    (tmp_path / "kept").mkdir()
    kept_out, again = profile(tmp_path / "kept", "200"), tmp_path / "again"
    assert run(kept_out, again, "2026-10-15").exit_status == 0
    renamed = run(kept_out, again, "2026-10-16", renumbered(tmp_path, "200", "8500"))
    step = next_step(renamed, out_dir=again, explain_path=None, upload=False)
    assert "leave out school '8500', correct the settings.exclude_schools entry '200'" in step
    assert "rerun: the school is removed again (published, and X876 names the school removed, once)" in step
    assert "if the school the entry kept out closed and that one is another, nothing to do." in step


def test_a_typo_added_to_the_profile_of_a_district_published_is_exit_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(profile(tmp_path), out, "2026-10-15").exit_status == 0
    added = run(profile(tmp_path, "0100"), out, "2026-10-16")  # leading zero: school 100
    assert added.exit_status == 1 and added.report.published and "X825" in codes_of(added)
    assert "the entry is new since the last published set" in added.report.examples["X825"][0].message


def test_the_sis_writing_the_excluded_school_with_a_leading_zero_is_exit_1(tmp_path: Path) -> None:
    """reviewer105 R1: entry 200 kept school 200 out; tonight every export writes it 0200, the
    profile unchanged. The school is published (the run cannot tell), and a person must look."""
    out = tmp_path / "out"
    district = profile(tmp_path, "200")
    assert run(district, out, "2026-10-15").exit_status == 0 and "Washington" not in orgs(out)
    exports = renumbered(tmp_path, "200", "0200")
    zeros = run(district, out, "2026-10-16", exports)
    assert zeros.exit_status == 1 and "0200,,,Washington Middle School" in orgs(out)
    (said,) = zeros.report.examples["X825"]
    assert "school '0200'" in said.message and "matched a school in the last published set" in said.message


def test_a_summer_site_listed_ahead_is_said_once_then_published_quietly(tmp_path: Path) -> None:
    """reviewer105 R2: "150" (a summer site, not exported in October) is one slip from school 100.
    Not refused: published, exit 1 on the first set; the next night nothing is new: X826, exit 0."""
    out = tmp_path / "out"
    district = profile(tmp_path, "150")
    first = run(district, out, "2026-10-15")
    assert first.exit_status == 1 and first.report.published and "X825" in codes_of(first)
    again = run(district, out, "2026-10-16")
    assert again.exit_status == 0 and codes_of(again) & {"X825", "X826"} == {"X826"}
    assert json.loads((gate.state_folder(out) / "last.json").read_text(encoding="utf-8"))["exclude_schools"] == {
        "150": False
    }


def test_a_stale_entry_is_not_judged_again_after_an_unrelated_profile_edit(tmp_path: Path) -> None:
    """A closed school 201 beside open 200, both of the last set: an edit elsewhere in the profile
    (the refusal of a changed profile made it fire, reviewer105 R2) says X826 and exits 0."""
    out = tmp_path / "out"
    assert run(profile(tmp_path, "201"), out, "2026-10-15").exit_status == 1  # first set: looked at
    edited = run(profile(tmp_path, "201", more="  max_removal: 30\n"), out, "2026-10-16")
    assert edited.exit_status == 0 and "X825" not in codes_of(edited)
    (said,) = edited.report.examples["X826"]
    assert "one slip from school '200' (Washington Middle School), published as before" in said.message


def test_a_school_new_to_the_set_one_slip_from_an_old_entry_is_exit_1(tmp_path: Path) -> None:
    """Entry 201 published while no school was one slip from it (school 200 not exported yet); then
    school 200 is in the set, the entry old."""
    out = tmp_path / "out"
    district = profile(tmp_path, "201")
    assert run(district, out, "2026-10-15", without(tmp_path, "200")).exit_status == 0
    result = run(district, out, "2026-10-16")
    assert result.exit_status == 1 and result.report.published
    assert "that school is new to the set tonight" in result.report.examples["X825"][0].message


def test_an_honest_entry_no_export_lists_is_said_and_published(tmp_path: Path) -> None:
    """A closed school, 4500: no school of the exports is one slip from it."""
    result = run(profile(tmp_path, "4500"), tmp_path / "out", "2026-10-15")
    assert result.exit_status == 0 and "X826" in codes_of(result) and "X825" not in codes_of(result)


def test_an_entry_the_students_name_is_no_near_miss(tmp_path: Path) -> None:
    """reviewer105 R6 A: "300", a site students.txt names and schools.txt does not list, is matched
    (Validator.excluded_seen), not a near miss of school 200."""
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT, exports)
    lines = (exports / "students.txt").read_text(encoding="cp1252").splitlines(keepends=True)
    cells = lines[1].split("\t")
    cells[:3] = ["990", "9990", "300"]
    (exports / "students.txt").write_text("".join([*lines, "\t".join(cells)]), encoding="cp1252")
    result = run(profile(tmp_path, "300"), tmp_path / "out", "2026-10-15", exports)
    assert result.exit_status == 0 and codes_of(result).isdisjoint({"X825", "X826"})


def test_an_entry_one_slip_from_a_school_left_out_is_no_near_miss(tmp_path: Path) -> None:
    """reviewer105 R6 B: 200 (listed, left out) and 201 (closed): 201 is one slip from 200, which is
    not published."""
    result = run(profile(tmp_path, "200", "201"), tmp_path / "out", "2026-10-15")
    assert result.exit_status == 0 and "X825" not in codes_of(result)
    (said,) = result.report.examples["X826"]
    assert "slip" not in said.message


def test_a_damaged_record_of_the_entries_stops_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    district = profile(tmp_path, "4500")
    assert run(district, out, "2026-10-15").exit_status == 0
    last = gate.state_folder(out) / "last.json"
    state = json.loads(last.read_text(encoding="utf-8"))
    state["exclude_schools"] = ["4500"]
    last.write_text(json.dumps(state), encoding="utf-8")
    result = run(district, out, "2026-10-16")
    assert [p.code.id for p in result.problems] == ["X930"] and not result.report.published


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


@pytest.mark.parametrize(("site", "to"), [("7001", "8500"), ("200", "300")])
def test_the_excluded_school_renumbered_names_the_school_new_to_the_set(tmp_path: Path, site: str, to: str) -> None:
    """reviewer113 R2, R4: entry `site` kept school 200 (numbered `site`) out; tonight the SIS writes it
    `to` everywhere. 8500 is no slip from 7001, nor 7001 from 100: it was exit 0, X826, the site
    published. 300 is one slip from 200, and 200 from 100: the words named 100, published both
    nights. The school new to the set is named."""
    out = tmp_path / "out"
    district = profile(tmp_path, site)
    first = run(district, out, "2026-10-15", renumbered(tmp_path, "200", site))
    assert first.exit_status == 0 and "Washington" not in orgs(out)
    result = run(district, out, "2026-10-16", renumbered(tmp_path, "200", to))
    assert result.exit_status == 1 and result.report.published and f"{to},,,Washington Middle School" in orgs(out)
    (said,) = result.report.examples["X825"]
    assert f"school {to!r} (Washington Middle School), new to the set tonight, is published" in said.message
    assert f"leave out school {to!r}" in said.message and "'100'" not in said.message
    assert "the school is removed again" in said.message


def test_the_night_after_an_upgrade_says_the_record_predates_the_version(tmp_path: Path) -> None:
    """reviewer113 R5: a last.json written before the record of the entries (an older version) has no
    'exclude_schools': the summer site 150, beside school 100, is not 'new', nor 100 'removed again'."""
    out = tmp_path / "out"
    district = profile(tmp_path, "150")
    assert run(district, out, "2026-10-15").exit_status == 1  # first set: looked at
    last = gate.state_folder(out) / "last.json"
    state = json.loads(last.read_text(encoding="utf-8"))
    del state["exclude_schools"]
    last.write_text(json.dumps(state), encoding="utf-8")
    upgraded = run(district, out, "2026-10-16")
    assert upgraded.exit_status == 1 and upgraded.report.published
    (said,) = upgraded.report.examples["X825"]
    assert "the last published set's record of the entries predates this version" in said.message
    assert "new since" not in said.message and "removed again" not in said.message
    assert "(the school is removed from the set)" in said.message
    assert run(district, out, "2026-10-17").exit_status == 0  # said once
