"""settings.exclude_schools naming no school of the exports: a typo, refused as settings.schools' is (X940).

A district profile keeping school 200 out wrote "20": school 200 was published, its students and
their parents with it, at exit 0 without a word (tester74 F18), where the same slip in
settings.schools is X940 (exit 2, "did you mean"). Now an entry of the district's own profile that
no school row lists and no record names is X940 too. The bundled profile's pseudo-schools
(PowerSchool's 0 and 999999), absent from most exports, are not judged; nor is a site kept out of
the schools export whose people the exports list.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
SCHOOLS = "their schools: 100 Lincoln Elementary School, 200 Washington Middle School"


def run(out: Path, excluded: str, exports: Path = SAMPLE) -> api.RunResult:
    profile = out.parent / "district.yaml"
    profile.write_text(f"name: lincoln\nextends: powerschool\nsettings:\n  exclude_schools: {excluded}\n", "utf-8")
    return api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15))  # type: ignore[arg-type]
    )


def schools_of_users(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {school for row in csv.DictReader(handle) for school in row["orgSourcedIds"].split(",")}


def test_an_excluded_school_mistyped_is_refused_as_settings_schools_is(tmp_path: Path) -> None:
    """ "20" for "200": before, school 200 published at exit 0. Now X940, exit 2, nothing written."""
    result = run(tmp_path / "out", '["0", "999999", "20"]')
    assert result.exit_status == api.EXIT_USAGE and not result.report.published
    assert [f"{p.code.id}: {p.message}" for p in result.problems] == [
        f"X940: settings.exclude_schools '20' names no school of the exports ({SCHOOLS}); did you mean '200'?"
    ]
    assert not (tmp_path / "out").exists()


def test_the_school_excluded_right_is_left_out_and_the_bundled_pseudo_schools_are_not_judged(tmp_path: Path) -> None:
    """ "200" written right: published without school 200's people; 0 and 999999, which the
    sample's exports do not list, are the bundled profile's and refuse nothing."""
    out = tmp_path / "out"
    result = run(out, '["0", "999999", "200"]')
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    assert "X940" not in result.report.counts
    assert "200" not in schools_of_users(out) and "100" in schools_of_users(out)


def test_a_site_no_school_row_lists_but_its_people_name_is_kept_out_without_a_word(tmp_path: Path) -> None:
    """A student at site 500, which schools.txt does not list (an adult-education site kept out of
    the schools export): the district's own exclusion of 500 names a school the exports know."""
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    students = exports / "students.txt"
    lines = students.read_text(encoding="latin-1").splitlines(keepends=True)  # its bytes as they are
    header = lines[0].rstrip("\r\n").split("\t")
    cells = lines[-1].rstrip("\r\n").split("\t")
    cells[header.index("SchoolID")] = "500"
    lines[-1] = "\t".join(cells) + "\r\n"
    students.write_text("".join(lines), encoding="latin-1")
    result = run(tmp_path / "out", '["0", "999999", "500"]', exports)
    assert "X940" not in result.report.counts
    assert result.report.published and "500" not in schools_of_users(tmp_path / "out")
