"""Term dates blank in an export that had them, and undated terms' classes at one period (tester59 C3).

Clever's Term_start and Term_end are optional (`undated: keep`, F420). The night after a set made
with dates, the sections export came with both columns blank on every row: the ended fall classes
came back beside the spring ones, every student in both, exit 0 with F420 notes only. Refused now
(X871). On a first set with no dates at all, both semesters' classes at one period are published,
but said (X863, exit 1). The Clever fixture district: Science 7 period 2 at school 200 has a fall
section (SEC-7S) and a spring one (SEC-7S-SP), here under their own course numbers (S700, S701), as
the SIS writes a semester course's halves (English A, English B).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

CLEVER = FIXTURES / "clever" / "district"
SPRING = '200,SEC-7S-SP,T02,,"Science 7, Period 2",2,7,Science 7,S700,'


def night(tmp_path: Path, as_of: str, *, blank: bool, name: bool = True, **options: object) -> api.RunResult:
    """One night into tmp_path/out: the fixture's sections, the spring half under course S701, the
    term dates blank on every row if `blank` (and the term's name, unless `name`)."""
    exports = tmp_path / f"in-{as_of}"
    shutil.copytree(CLEVER / "in", exports)
    path = exports / "sections.csv"
    text = path.read_text(encoding="utf-8")
    assert SPRING in text
    path.write_text(text.replace(SPRING, SPRING.replace("S700", "S701")), encoding="utf-8")
    if blank:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, list(rows[0]))
            writer.writeheader()
            blanked = {"Term_start": "", "Term_end": ""} | ({} if name else {"Term_name": ""})
            writer.writerows({**row, **blanked} for row in rows)
    now = dt.datetime.fromisoformat(f"{as_of}T02:30:00+00:00")
    for file in exports.iterdir():
        os.utime(file, (now.timestamp() - 3600, now.timestamp() - 3600))
    return api.run(
        api.RunOptions(
            profile=str(CLEVER / "district.yaml"),
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=now.date(),
            now=now,
            **options,  # type: ignore[arg-type]
        )
    )


def classes(tmp_path: Path) -> set[str]:
    with (tmp_path / "out" / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_term_dates_blanked_the_night_after_a_dated_set_are_refused(tmp_path: Path) -> None:
    """C3: the spring set published (the fall section left out as ended), then the dates blank on every
    row: the fall section would come back undated. Refused, the last set stays."""
    first = night(tmp_path, "2027-01-20", blank=False)
    assert first.exit_status == 0 and "SEC-7S" not in classes(tmp_path) and "SEC-7S-SP" in classes(tmp_path)
    result = night(tmp_path, "2027-01-21", blank=True)
    assert not result.report.published and result.exit_status == 1, result.report.counts
    [said] = result.report.examples["X871"]
    assert "the last set held with its term dated (" in said.message
    assert "added tonight" not in said.message  # one class: the dated ones lost are the evidence
    assert "SEC-7S" not in classes(tmp_path)


def test_term_names_blanked_with_the_dates_are_refused_too(tmp_path: Path) -> None:
    """C3b: Term_name blank too: the classes name no term at all tonight, the fall one back all the same."""
    night(tmp_path, "2027-01-20", blank=False)
    result = night(tmp_path, "2027-01-21", blank=True, name=False)
    assert not result.report.published and result.exit_status == 1, result.report.counts
    assert "X871" in result.report.examples and "SEC-7S" not in classes(tmp_path)


def test_allow_incomplete_publishes_the_undated_set_once_and_the_next_night_is_quiet(tmp_path: Path) -> None:
    night(tmp_path, "2027-01-20", blank=False)
    allowed = night(tmp_path, "2027-01-21", blank=True, allow_incomplete=True)
    assert allowed.report.published and "X871" not in allowed.report.examples
    assert "X918" in allowed.report.examples and "SEC-7S" in classes(tmp_path)
    again = night(tmp_path, "2027-01-22", blank=True)
    assert again.report.published and "X871" not in again.report.examples


def test_a_first_set_with_no_dates_publishing_two_terms_at_one_period_is_said(tmp_path: Path) -> None:
    """C3c: a first set of an export with both semesters' sections and no dates: published (a district
    may never export dates), but the fall and spring Science 7 of period 2 hold the same student: exit 1."""
    result = night(tmp_path, "2027-01-20", blank=True)
    assert result.report.published and {"SEC-7S", "SEC-7S-SP"} <= classes(tmp_path)
    [said] = result.report.examples["X863"]
    assert "(the terms: 200-Fall 2026, 200-Spring 2027)" in said.message, said.message
    assert result.exit_status == 1


def test_a_first_set_with_no_dates_and_one_term_a_period_is_quiet(tmp_path: Path) -> None:
    """A district whose export never has dates and holds one term's sections: nothing to say."""
    result = _spring_only(tmp_path)
    assert result.report.published and "X863" not in result.report.examples
    assert "X871" not in result.report.examples


def _spring_only(tmp_path: Path) -> api.RunResult:
    exports = tmp_path / "in"
    shutil.copytree(CLEVER / "in", exports)
    for name in ("sections.csv", "enrollments.csv"):
        path = exports / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if "SEC-7S," not in line), encoding="utf-8")
    sections = exports / "sections.csv"
    with sections.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with sections.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows({**row, "Term_start": "", "Term_end": ""} for row in rows)
    now = dt.datetime.fromisoformat("2027-01-20T02:30:00+00:00")
    for file in exports.iterdir():
        os.utime(file, (now.timestamp() - 3600, now.timestamp() - 3600))
    options = api.RunOptions(
        profile=str(CLEVER / "district.yaml"), in_dir=exports, out_dir=tmp_path / "out", as_of=now.date(), now=now
    )
    return api.run(options)


def test_a_club_added_without_dates_to_a_dated_set_is_published(tmp_path: Path) -> None:
    """One section entered without a term (a club) beside a set whose every class was dated: F420's note,
    published at exit 0; only 5 or more such classes new tonight are refused as dates gone."""
    night(tmp_path, "2027-01-20", blank=False)
    exports = tmp_path / "club"
    shutil.copytree(CLEVER / "in", exports)
    with (exports / "sections.csv").open("a", encoding="utf-8") as handle:
        handle.write("200,SEC-CLUB,T02,,Chess Club,9,7,Chess,C100,9,Other,,,\n")
    with (exports / "enrollments.csv").open("a", encoding="utf-8") as handle:
        handle.write("200,SEC-CLUB,S2001\n")
    now = dt.datetime.fromisoformat("2027-01-21T02:30:00+00:00")
    for file in exports.iterdir():
        os.utime(file, (now.timestamp() - 3600, now.timestamp() - 3600))
    options = api.RunOptions(
        profile=str(CLEVER / "district.yaml"), in_dir=exports, out_dir=tmp_path / "out", as_of=now.date(), now=now
    )
    result = api.run(options)
    assert result.report.published and "X871" not in result.report.examples, result.report.counts
    assert "SEC-CLUB" in classes(tmp_path)
