"""Clever: Term_name, Term_start and Term_end are optional in Clever's format, and a section
without them is kept (`undated: keep`, F420). Its session was still built from
"{School_id}-{Term_name}": an ID cut short (`100-`, D363), which the strict target counted as an
error (the run refused, X961, or published with errors) and the Remind target wrote into the
class's termSourcedIds (tester17 F7). A section with no term makes no session; the class is
given its school year (D336) in both targets: OneRoster 1.1 requires termSourcedIds, and the
Remind set wrote it blank at exit 0 (tester79 T9)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines

CLEVER = FIXTURES / "clever" / "district"
MATH_3 = "100,SEC-3M,T01,,Math 3,2,3,Math 3,M300,2,Math,2026-2027,08/24/2026,06/11/2027"


def district(tmp_path: Path) -> Path:
    """The Clever district with Math 3 (Alder, school 100) written without a term."""
    folder = tmp_path / "in"
    shutil.copytree(CLEVER / "in", folder)
    sections = folder / "sections.csv"
    text = sections.read_text(encoding="utf-8")
    assert MATH_3 in text
    sections.write_text(text.replace(MATH_3, "100,SEC-3M,T01,,Math 3,2,3,Math 3,M300,2,Math,,,"), encoding="utf-8")
    return folder


def rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize(("target", "term"), [("remind", "schoolyear-2027"), ("oneroster", "schoolyear-2027")])
def test_a_section_without_a_term_makes_no_session_and_names_its_year(tmp_path: Path, target: str, term: str) -> None:
    python, _ = both_engines(
        tmp_path,
        profile=str(CLEVER / "district.yaml"),
        in_dir=district(tmp_path),
        as_of=dt.date(2026, 10, 15),
        target=target,
    )
    assert python.exit_status == 0
    assert not {"D363", "X961"} & set(python.report.counts)
    classes = rows(tmp_path / "python" / "classes.csv")
    assert classes["SEC-3M"]["termSourcedIds"] == term
    assert classes["SEC-K1"]["termSourcedIds"] == "100-2026-2027"
    if target == "oneroster":
        sessions = rows(tmp_path / "python" / "academicSessions.csv")
        assert not [s for s in sessions if s.endswith("-")]
        assert "100-2026-2027" in sessions
