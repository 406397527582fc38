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
from transform import api

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


@pytest.mark.parametrize(("target", "term"), [("remind", ""), ("oneroster", "schoolyear-2027")])
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


def ab_days(tmp_path: Path) -> Path:
    """The Clever district with no term dates (undated: keep; Clever's are optional), A/B days at
    Oak: Homeroom 8 (term 2026-2027) and Art 8 (no term) at period 0, the same two students."""
    folder = district(tmp_path)
    with (folder / "sections.csv").open(encoding="utf-8", newline="") as handle:
        table = [row for row in csv.reader(handle) if row[1] != "SEC-7S-SP"]
    for row in table[1:]:
        row[12] = row[13] = ""
    table.append(["200", "SEC-ART", "T03", "", "Art 8", "", "8", "Art", "A800", "0", "Arts", "", "", ""])
    with (folder / "sections.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    roster = folder / "enrollments.csv"
    kept = [line for line in roster.read_text(encoding="utf-8").splitlines() if "SEC-7S-SP" not in line]
    roster.write_text("\n".join([*kept, "200,SEC-ART,S2002", "200,SEC-ART,S2003"]) + "\n", encoding="utf-8")
    return folder


def test_the_school_year_given_a_class_of_no_term_is_no_second_term(tmp_path: Path) -> None:
    """reviewer179 R1: the school year written for Art 8 (D336) was read by the checks of undated
    classes as a term of the export: Homeroom 8's and Art 8's students 'in two terms' classes at
    one period' (X863, exit 1) every night. A class naming no term is of no other term. The Remind set
    keeps the export's blank (a made-up term misled more checks: leavers' X882); the strict target's
    Completer reads it by Report.terms_assigned (test_undated_side_by_side)."""
    result = api.run(
        api.RunOptions(
            profile=str(CLEVER / "district.yaml"),
            in_dir=ab_days(tmp_path),
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            engine="python",
        )
    )
    assert result.exit_status == 0, result.report.counts
    assert not {"X863", "X814", "D336"} & set(result.report.counts)
    assert rows(tmp_path / "out" / "classes.csv")["SEC-ART"]["termSourcedIds"] == ""


CALENDAR_DATES = {"08/24/2026": "02/02/2026", "06/11/2027": "12/11/2026", "01/15/2027": "06/30/2026"}


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_calendar_year_district_names_its_own_school_year(tmp_path: Path, target: str) -> None:
    """reviewer179 R2: the school year given a class of no term (D336), built (D337) and hung
    above the terms was July to June whatever settings.school_year_starts said: a January
    district's Spring term (July to December 2026) went under a school year '2027' beside its
    Fall term's 2026, and Math 3 was given 'schoolyear-2027', at exit 0."""
    folder = district(tmp_path)
    sections = folder / "sections.csv"
    text = sections.read_text(encoding="utf-8").replace("01/19/2027", "07/13/2026")
    for northern, southern in CALENDAR_DATES.items():
        text = text.replace(northern, southern)
    sections.write_text(text, encoding="utf-8")
    profile = tmp_path / "south.yaml"
    profile.write_text(
        f"name: lakeview-south\nextends: {CLEVER / 'district.yaml'}\nsettings:\n  school_year_starts: January\n",
        encoding="utf-8",
    )
    options = api.RunOptions(
        profile=str(profile), in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), target=target
    )
    result = api.run(options)
    assert result.exit_status == 0, result.report.counts
    expected = "schoolyear-2026" if target == "oneroster" else ""  # Remind's set keeps the export's blank
    assert rows(tmp_path / "out" / "classes.csv")["SEC-3M"]["termSourcedIds"] == expected
    if target == "oneroster":
        sessions = rows(tmp_path / "out" / "academicSessions.csv")
        assert {s["parentSourcedId"] for s in sessions.values() if s["type"] != "schoolYear"} == {"schoolyear-2026"}
        year = sessions["schoolyear-2026"]
        assert (year["title"], year["schoolYear"], year["startDate"]) == ("2026", "2026", "2026-02-02")
        assert {s["schoolYear"] for s in sessions.values()} == {"2026"}
