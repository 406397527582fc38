"""A district installing the tool in July: its first run has nothing due. Publishing the year that ended
would put its classes, and its graduates, into Remind; nothing is published (exit 0), and I253 says when the
nightly job makes the first set and which --as-of makes one now, to check the profile, and that set is made
when run so. An export of the current classes only, empty all summer, was refused on a first run (X910, exit 1)
where the same night after a published set is the summer (summer52): it is judged by tonight's terms alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests import unbundled_district as gradelink
from tests.test_summer_current_only import district, emptied, run
from transform import api

JULY = dt.date(2027, 7, 14)


def codes(result: api.RunResult) -> set[str]:
    return set(result.report.counts)


def said(result: api.RunResult, code: str) -> dict[str, object]:
    return result.report.examples[code][0].params


def test_a_first_run_in_july_says_when_and_how_to_see_a_set(tmp_path: Path) -> None:
    exports = gradelink.district().write(tmp_path / "july")
    out = tmp_path / "out"
    result = gradelink.run(exports, out, "python", as_of=JULY)
    assert result.exit_status == api.EXIT_PUBLISHED and not result.report.published
    assert {"F422", "I253"} <= codes(result) and not list(out.glob("*.csv"))
    advice = said(result, "I253")
    assert advice["day"] == "2027-06-04" and "--as-of 2027-06-04" in str(advice["see"])
    trial = gradelink.run(exports, tmp_path / "trial", "python", as_of=dt.date.fromisoformat(str(advice["day"])))
    assert trial.exit_status == api.EXIT_PUBLISHED and trial.report.published
    assert len(gradelink.published(tmp_path / "trial", "users.csv", "sourcedId")) == gradelink.STUDENTS + 12


def test_a_later_summer_night_is_no_first_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    exports = gradelink.district().write(tmp_path / "june")
    assert gradelink.run(exports, out, "python", as_of=dt.date(2027, 6, 2)).report.published
    result = gradelink.run(exports, out, "python", as_of=JULY)
    assert result.exit_status == api.EXIT_PUBLISHED and "F422" in codes(result) and "I253" not in codes(result)


def test_a_first_run_of_an_export_of_the_current_classes_only_in_july_is_the_summer(tmp_path: Path) -> None:
    """No class exported, no set can be made before the new year: I253 names no --as-of."""
    summer = emptied(district(tmp_path / "summer"), "classes.csv", "enrollments.csv")
    result = run(summer, tmp_path / "out", JULY)
    assert result.exit_status == api.EXIT_PUBLISHED and not result.report.published, [str(p) for p in result.problems]
    assert {"F422", "I253"} <= codes(result) and "X910" not in codes(result)
    assert said(result, "I253")["day"] == "" and "no class" in str(said(result, "I253")["see"])


def test_a_first_run_of_that_export_emptied_while_a_term_runs_is_refused(tmp_path: Path) -> None:
    broken = emptied(district(tmp_path / "may"), "classes.csv", "enrollments.csv")
    result = run(broken, tmp_path / "out", dt.date(2027, 5, 20))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X910" in codes(result)
    assert not codes(result) & {"F422", "I253"}
