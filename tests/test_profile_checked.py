"""A profile whose schema check passed is remembered by what it says (transform.profile.checked):
the next run of the same profile skips jsonschema; any change, or a problem, checks it again."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from transform.profile import check, checked, load


class _Checked(Exception):
    pass


def _refuse_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise _Checked

    monkeypatch.setattr(jsonschema, "Draft202012Validator", refuse)


def _profile(tmp_path: Path, text: str) -> load.LoadedProfile:
    path = tmp_path / "district.yaml"
    path.write_text(text, encoding="utf-8")
    return load.load(str(path))


def test_a_clean_profile_is_checked_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSFORM_CACHE_DIR", str(tmp_path / "cache"))
    profile = _profile(tmp_path, "extends: powerschool\nsettings:\n  district_id: D1\n")
    assert check.check(profile) == []
    assert len(list((tmp_path / "cache" / "profiles-checked").iterdir())) == 1
    _refuse_jsonschema(monkeypatch)
    assert check.check(profile) == []  # remembered: jsonschema not asked again
    edited = _profile(tmp_path, "extends: powerschool\nsettings:\n  district_id: D2\n")
    with pytest.raises(_Checked):  # what the profile says changed: checked again
        check.check(edited)


def test_a_profile_with_a_schema_problem_is_reported_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSFORM_CACHE_DIR", str(tmp_path / "cache"))
    profile = _profile(tmp_path, "extends: powerschool\nsettings:\n  day_frist: true\n")
    first = [str(p) for p in check.check(profile)]
    assert any("day_frist" in line for line in first)
    assert [str(p) for p in check.check(profile)] == first
    assert not (tmp_path / "cache" / "profiles-checked").exists() or not any(
        (tmp_path / "cache" / "profiles-checked").iterdir()
    )


@pytest.mark.parametrize("setting", ["", "file"])
def test_no_cache_or_an_unusable_one_still_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    if setting == "file":  # the cache folder's place is a file: nothing can be remembered
        blocker = tmp_path / "blocked"
        blocker.write_text("", encoding="utf-8")
        monkeypatch.setenv("TRANSFORM_CACHE_DIR", str(blocker))
    else:  # set empty: the cache is off
        monkeypatch.setenv("TRANSFORM_CACHE_DIR", "")
    profile = _profile(tmp_path, "extends: powerschool\n")
    assert check.check(profile) == []
    _refuse_jsonschema(monkeypatch)
    with pytest.raises(_Checked):
        check.check(profile)


def test_the_cache_keeps_a_bounded_number_of_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSFORM_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(checked, "KEPT", 3)
    for n in range(5):
        checked.remember(f"{n:064x}")
    assert len(list((tmp_path / "cache" / "profiles-checked").iterdir())) == 3


def test_the_default_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TRANSFORM_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert checked.folder() == tmp_path / "rosterkit-transform" / "profiles-checked"
