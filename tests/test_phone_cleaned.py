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


def test_a_new_profile_publishing_uncleaned_phones_is_looked_at_once(tmp_path: Path) -> None:
    """P117 was a warning at exit 0, while the set it says published 'call me after 5' as a mother's
    only contact point (Remind creates no parent without a number or an email). The profile is
    wrong: its first set is 'published, but' (exit 1), as P113 and P127; later nights with the same
    profile exit 0 and still say it. The cells stay published as before (reviewer166 R2)."""
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
    options = api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15))
    first = api.run(options)
    assert first.exit_status == 1 and first.report.counts["P117"] == 1
    assert "call me after 5" in (out / "users.csv").read_text(encoding="utf-8")
    again = api.run(options)
    assert again.exit_status == 0 and again.report.counts["P117"] == 1
