"""P117: a users rule's phone or sms read with no phone cleaner (reviewer172 R1, R2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

PROFILES = sorted((FIXTURES.parent / "profiles").glob("*.yaml"))


def test_a_phone_without_the_cleaner_is_said_by_check_profile(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    text = (FIXTURES.parent / "profiles" / "powerschool.yaml").read_text(encoding="utf-8")
    cleaned = "phone: {column: Home_Phone, clean: [phone]}"
    assert cleaned in text
    profile.write_text(text.replace(cleaned, "phone: {column: Home_Phone, clean: [text]}"), encoding="utf-8")
    _, problems = api.check_profile(str(profile), hints=True)
    (said,) = [p for p in problems if p.code.id == "P117"]
    assert said.params == {"path": "tables.users.students.columns.phone", "field": "phone", "reads": "Home_Phone"}
    assert "district.yaml:" in said.where.file


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_no_bundled_profile_says_it(profile: Path) -> None:
    _, problems = api.check_profile(str(profile), hints=True)
    assert not [p for p in problems if p.code.id == "P117"]
