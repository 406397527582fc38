"""P117: a users rule's phone or sms read with no phone cleaner (reviewer172 R1, R2)."""

from __future__ import annotations

import datetime as dt
import shutil
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


def test_a_parent_reached_on_an_uncleaned_cell_holding_no_number_is_left_out(tmp_path: Path) -> None:
    """P117 said, the run published 'call me after 5' as a mother's only contact point at exit 0:
    Remind cannot create her (its rule: a mobile phone number or an email). A run holds such a
    phone to a number as validate does (V515, the parent left out as one without contact)."""
    profile = tmp_path / "district.yaml"
    text = (FIXTURES.parent / "profiles" / "powerschool.yaml").read_text(encoding="utf-8")
    cleaned = "phone: {column: [Motherdayphone, Mother_Home_Phone], clean: [phone]}"
    assert cleaned in text
    profile.write_text(text.replace(cleaned, cleaned.replace("[phone]", "[text]")), encoding="utf-8")
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    students = exports / "students.txt"
    lines = students.read_text(encoding="cp1252").split("\n")
    header, cells = lines[0].split("\t"), lines[1].split("\t")
    cells[header.index("Mother_Home_Phone")], cells[header.index("Mother_Email")] = "call me after 5", ""
    lines[1] = "\t".join(cells)
    students.write_text("\n".join(lines), encoding="cp1252")
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))
    assert result.exit_status == 0
    assert "call me" not in (out / "users.csv").read_text(encoding="utf-8")
    assert any("holds no number ('call me after 5')" in p.message for p in result.report.examples["V515"])
