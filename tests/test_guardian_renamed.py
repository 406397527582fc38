"""A parent without a SIS ID whose given name is corrected gets a new derived ID, and Remind a new
parent: said (X979), where nothing was (tester19 F3: "Peter" -> "Pieter", same child, household,
email and phone, `users +1 -1`, exit 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_same_name_households import ENGINES, export, guardians, run


@pytest.mark.parametrize("engine", ENGINES)
def test_a_corrected_given_name_that_makes_a_new_id_is_said(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "out"
    assert run(export(tmp_path / "night1", {}), out, engine).exit_status == 0
    [(before, *_)] = guardians(out)
    thom = ("Nguyen, Thom", "", "(608) 555-2000", "3000")
    # One parent of a district of five users: over the removal limit of so small a set.
    result = run(export(tmp_path / "night2", dict.fromkeys("123", thom)), out, engine, max_removal=50.0)
    assert result.exit_status == 0
    [(after, *_)] = guardians(out)
    assert after != before  # the ID is the name's: a limit of derived IDs (docs/identity.md)
    [said] = result.report.examples["X979"]
    assert said.params["people"] == f"{before} -> {after} (Tom Nguyen -> Thom Nguyen)"
    # --redact keeps the two IDs, which a person checks, and leaves the names out (it blanked all)
    redacted = str(said.to_dict(redact=True)["message"])
    assert f"{before} -> {after} (<redacted>)" in redacted and "Nguyen" not in redacted, redacted


@pytest.mark.parametrize("engine", ENGINES)
def test_another_given_name_on_the_same_phone_is_not_a_correction(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "out"
    assert run(export(tmp_path / "night1", {}), out, engine).exit_status == 0
    bruno = ("Nguyen, Bruno", "", "(608) 555-2000", "3000")
    result = run(export(tmp_path / "night2", dict.fromkeys("123", bruno)), out, engine, max_removal=50.0)
    assert result.exit_status == 0 and "X979" not in result.report.counts
