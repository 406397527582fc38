"""A profile is parsed and checked once per process (a scheduler's loop, the test suite's runs) and
each load gets data of its own: a run that changes what it loaded changes no later run's profile; a file
edited since is read and checked again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.profile import check, load
from transform.report.problem import Problem

AS_OF = dt.date(2026, 10, 15)


def test_a_bundled_profile_loaded_again_is_parsed_once_and_each_load_owns_its_data() -> None:
    first = load.load("powerschool")
    parsed = dict(load._PARSED)
    first.data["settings"]["exclude_schools"] = ["999"]
    first.chain[0].data["name"] = "changed"
    again = load.load("powerschool")
    assert load._PARSED.keys() == parsed.keys() and all(load._PARSED[k] is parsed[k] for k in parsed)
    assert "999" not in (again.data["settings"].get("exclude_schools") or [])
    assert again.chain[0].data["name"] != "changed"
    assert again.chain[0].node is first.chain[0].node  # the node tree, only read, is shared


POWERSCHOOL = load.bundled_folder() / "powerschool.yaml"
GIVEN = "        givenName: {column: First_Name, clean: [name]}\n"


def districts_profile(tmp_path: Path, *, cleaner: str = "name") -> Path:
    """The district's own profile file: PowerSchool's, its givenName cleaned by `cleaner`."""
    text = POWERSCHOOL.read_text(encoding="utf-8")
    assert GIVEN in text
    path = tmp_path / "district.yaml"
    path.write_text(text.replace(GIVEN, GIVEN.replace("[name]", f"[{cleaner}]")), encoding="utf-8")
    return path


def night(tmp_path: Path, profile: Path, n: int) -> api.RunResult:
    exports = FIXTURES / "powerschool" / "district" / "in"
    options = api.RunOptions(in_dir=exports, out_dir=tmp_path / f"out{n}", profile=str(profile), as_of=AS_OF)
    return api.run(options)


def test_a_districts_own_profile_loaded_again_is_parsed_once_and_an_edited_one_again(tmp_path: Path) -> None:
    profile = districts_profile(tmp_path)
    first = load.load(str(profile))
    first.data["settings"]["exclude_schools"] = ["999"]
    again = load.load(str(profile))
    assert again.chain[0].node is first.chain[0].node  # parsed once
    assert "999" not in (again.data["settings"].get("exclude_schools") or [])  # each load owns its data
    profile.write_text(profile.read_text(encoding="utf-8").replace("PowerSchool", "PowerSchool (ours)"))
    edited = load.load(str(profile))
    assert edited.chain[0].node is not first.chain[0].node
    assert "PowerSchool (ours)" in edited.data["title"]


def test_a_profile_is_checked_once_per_process_and_an_edited_one_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checks: list[str] = []
    real = check.check

    def counted(profile: load.LoadedProfile, targets: tuple[str, ...] = ()) -> list[Problem]:
        checks.append(profile.chain[0].path.name)
        return real(profile, targets)

    monkeypatch.setattr(check, "check", counted)
    profile = districts_profile(tmp_path)
    assert [night(tmp_path, profile, n).exit_status for n in (1, 2)] == [0, 0]
    assert checks == ["district.yaml"]  # the second night's check was the first's
    districts_profile(tmp_path, cleaner="nmae")  # a slip typed into the profile between two nights
    refused = night(tmp_path, profile, 3)
    assert refused.exit_status == 2 and checks == ["district.yaml"] * 2
    assert {p.code.id for p in refused.problems} == {"P106"}
