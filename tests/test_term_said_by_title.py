"""A term said by its title (tester53 F6): an eSchoolPLUS summer night said "nothing to publish
until 1 starts on 2027-08-16", the marking period's bare code, while the profile titles its
sessions "Marking period 1". The profile's term filter names the term as its academicSessions
title does, and keeps the code as the term's abbreviation, which --term still names it by."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

ESCHOOLPLUS = FIXTURES / "eschoolplus" / "district" / "in"


def test_an_eschoolplus_summer_night_names_the_marking_period_by_its_title(tmp_path: Path) -> None:
    result = api.run(
        api.RunOptions(profile="eschoolplus", in_dir=ESCHOOLPLUS, out_dir=tmp_path / "out", as_of=dt.date(2026, 7, 20))
    )
    assert result.exit_status == 0 and not result.problems
    (said,) = result.report.examples["F421"]
    assert said.message.startswith("nothing to publish until Marking period 1 starts on 2026-08-17")
    assert not (tmp_path / "out").exists()


def test_term_still_names_an_eschoolplus_marking_period_by_its_code(tmp_path: Path) -> None:
    by_code, by_title = (
        api.run(
            api.RunOptions(
                profile="eschoolplus",
                in_dir=ESCHOOLPLUS,
                out_dir=tmp_path / name,
                as_of=dt.date(2026, 10, 1),
                terms=(term,),
            )
        )
        for name, term in (("code", "1"), ("title", "marking period 1"))
    )
    assert by_code.exit_status == by_title.exit_status == 0
    assert (tmp_path / "code" / "classes.csv").read_bytes() == (tmp_path / "title" / "classes.csv").read_bytes()
