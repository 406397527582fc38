"""X866's words when the schools are numbered like years (review165 R5): two schools' calendars
both naming S1, told apart by the school's number (2026 beside 310, 2031 beside 4050). A number in
1900-2099 was read as a school year (a term ID reused for another year, the export's fix), so X866
said 'give each term its own ID' where the join's missing school column was the fix, as for any
other school number (tester74 T6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import test_new_profile_looks as harbor
from tests import test_unfiltered_terms as terms


@pytest.fixture
def school_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """Harbor High numbered 2026 (Bldg) in every export, not 205."""
    district = harbor._district

    def numbered(tmp_path: Path, **kwargs: str) -> Path:
        folder = district(tmp_path, **kwargs)
        for path in (folder / "ex").glob("*.csv"):
            path.write_text(path.read_text(encoding="utf-8").replace(",205", ",2026").replace("205,", "2026,"))
        return folder

    monkeypatch.setattr(harbor, "_district", numbered)


@pytest.mark.usefixtures("school_2026")
def test_a_school_numbered_like_a_year_is_named_as_the_join_s_missing_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed = terms._two_calendars(tmp_path / "a", monkeypatch, "Building", ("2026", "310"))
    assert "leaves out Building, which tells these rows apart and which Sections.csv has too (written Bldg" in renamed
    assert "give each term its own ID" not in renamed
    # the calendars of two other schools (2031, 4050) that no column of Sections.csv names
    missing = terms._two_calendars(tmp_path / "b", monkeypatch, "School", ("2031", "4050"))
    assert "its rows differ by School, which Sections.csv has no column for" in missing


@pytest.mark.usefixtures("school_2026")
def test_a_term_id_reused_for_another_school_year_is_still_the_export_s_to_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows told apart only by the school year (2025-26, 2026-27): one term ID reused for another year."""
    stop = terms._two_calendars(tmp_path, monkeypatch, "SchoolYear", ("2026-27", "2025-26"))
    assert "give each term its own ID" in stop and "the join on" not in stop


@pytest.mark.usefixtures("school_2026")
def test_schools_numbered_a_year_apart_are_the_classes_school_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review178 R1: schools 2026 and 2027 (one apart) were still read as school years, by their values'
    closeness; the column is the one the classes' school is written from (Sections.csv's Bldg), by its role
    a school column: the join's missing column is named."""
    said = terms._two_calendars(tmp_path, monkeypatch, "Building", ("2026", "2027"))
    assert "leaves out Building, which tells these rows apart and which Sections.csv has too (written Bldg" in said
    assert "give each term its own ID" not in said


@pytest.mark.usefixtures("school_2026")
def test_a_term_id_reused_two_school_years_apart_is_the_export_s_to_fix_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review178 R2: 2026-27 beside 2025-26 was the export's fix, 2026-27 beside 2024-25 the join's: a
    column no school is written from, every cell a school year, is one term ID reused, however far apart."""
    stop = terms._two_calendars(tmp_path, monkeypatch, "SchoolYear", ("2026-27", "2024-25"))
    assert "give each term its own ID" in stop and "the join on" not in stop
