"""--school (and settings.schools) naming no school of the exports: a typo, refused as one (exit 2,
the schools found, "did you mean"), as --term with a typo is. Before, `--school 300` on a district
whose schools are 100 and 200 left every record out and stopped on X903 "no rows ... left out by
the remind target's rules": a person was sent to look at the data for a mistake in the command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_cli import transform
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
SCHOOLS = "their schools: 100 Lincoln Elementary School, 200 Washington Middle School"


def run(out: Path, profile: str = "powerschool", **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile=profile, in_dir=SAMPLE, out_dir=out, as_of=dt.date(2026, 10, 15), **options)  # type: ignore[arg-type]
    )


def messages(result: api.RunResult) -> list[str]:
    return [f"{p.code.id} {p.code.slug}: {p.message}" for p in result.problems]


def test_a_school_naming_no_school_is_a_usage_error(tmp_path: Path) -> None:
    result = run(tmp_path / "out", schools=("300",))
    assert result.exit_status == api.EXIT_USAGE
    assert messages(result) == [
        f"X940 school-unknown: --school '300' names no school of the exports ({SCHOOLS}); did you mean '200'?"
    ]
    assert not (tmp_path / "out").exists()


def test_each_unknown_school_is_named_with_the_one_it_looks_like(tmp_path: Path) -> None:
    """One right and one mistyped: refused all the same (a roster of one school where two were
    meant would remove the other's users), with the school the typo is closest to."""
    result = run(tmp_path / "out", schools=("100", "2000"))
    assert result.exit_status == api.EXIT_USAGE
    assert messages(result) == [
        f"X940 school-unknown: --school '2000' names no school of the exports ({SCHOOLS}); did you mean '200'?"
    ]
    assert run(tmp_path / "out", schools=("100",)).exit_status == api.EXIT_PUBLISHED


def test_a_school_number_or_name_points_to_the_schools_id(tmp_path: Path) -> None:
    """A name (or a school number, where it is not the ID) is not the ID --school takes; the
    message says which ID it is, and nothing unlike any school gets a guess."""
    result = run(tmp_path / "out", schools=("lincoln elementary school", "Jefferson High"))
    assert messages(result) == [
        f"X940 school-unknown: --school 'Jefferson High' names no school of the exports ({SCHOOLS})",
        f"X940 school-unknown: --school 'lincoln elementary school' names no school of the exports ({SCHOOLS}); "
        "did you mean '100'?",
    ]


def test_settings_schools_naming_no_school_is_named_as_the_profiles(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text('name: lincoln\nextends: powerschool\nsettings:\n  schools: ["100", "020"]\n', encoding="utf-8")
    result = run(tmp_path / "out", profile=str(profile))
    assert result.exit_status == api.EXIT_USAGE
    assert messages(result) == [
        f"X940 school-unknown: settings.schools '020' names no school of the exports ({SCHOOLS}); did you mean '200'?"
    ]


def test_the_command_exits_2_and_says_which_schools_there_are(tmp_path: Path) -> None:
    done = transform("--profile", "powerschool", SAMPLE, tmp_path / "out", "--as-of", "2026-10-15", "--school", "300")
    assert done.returncode == 2, done.stderr
    assert "X940" in done.stderr and "100 Lincoln Elementary School" in done.stderr
    assert "X903" not in done.stderr + done.stdout
