"""One term ID ended at one school by its own rows while another school's run on (tester56 T6).

SDS's Section.csv carries each section's term dates on its own row: a tiny district of two schools
whose sections share term 12000, school 200's rows ending it on 1/10/2018 and school 100's on
6/30/2018. On a first set (no removal gate) school 200's classes were all left out as ended (F405,
info) and its students and teacher published in no class at exit 0. Now said (X841), published but
exit 1. A school between terms of its own (its term ID no running school's) is not said. Nor only a
school with no class left: one section's row left with the later end kept the school one class, and
the set lost the others at exit 0 (reviewer110 R5, 'oneleft').
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

from transform import api

PROFILE = """name: tiny-sds
extends: sds
settings:
  email_domain: tiny.example.org
  district_id: D1
  district_name: Tiny District
"""
SECTION = ["SIS ID", "School SIS ID", "Section Name", "Term SIS ID", "Term Name", "Term StartDate", "Term EndDate"]
PEOPLE = ["SIS ID", "School SIS ID", "First Name", "Last Name", "Username", "Grade", "Birthdate"]


def district(folder: Path, ends: dict[str, tuple[str, str]], first: dict[str, str] | None = None) -> Path:
    """Two schools of three sections, six students and a teacher each; `ends`: per school, its
    sections' term ID and end date; `first`: per school, another end for its first section's row."""
    folder.mkdir()
    tables = {
        "School.csv": [["SIS ID", "Name"], ["100", "North High"], ["200", "South High"]],
        "Section.csv": [
            SECTION,
            *(
                [f"{school}{n}", school, f"Class {school}{n}", term, "SY1718", "7/1/2017", end]
                if n or school not in (first or {})
                else [f"{school}{n}", school, f"Class {school}{n}", term, "SY1718", "7/1/2017", (first or {})[school]]
                for school, (term, end) in ends.items()
                for n in range(3)
            ),
        ],
        "Student.csv": [
            PEOPLE,
            *(
                [f"{school}{n:02d}", school, f"Kid{n}", f"S{school}", f"k{school}{n}", "9", "4/2/2003"]
                for school in ends
                for n in range(6)
            ),
        ],
        "Teacher.csv": [PEOPLE[:5], *([f"T{school}", school, "Ann", f"Lee{school}", f"t{school}"] for school in ends)],
        "StudentEnrollment.csv": [
            ["Section SIS ID", "SIS ID"],
            *([f"{school}{c}", f"{school}{n:02d}"] for school in ends for c in range(3) for n in range(6)),
        ],
        "TeacherRoster.csv": [
            ["Section SIS ID", "SIS ID"],
            *([f"{school}{c}", f"T{school}"] for school in ends for c in range(3)),
        ],
    }
    for name, rows in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
    return folder


def first_set(tmp_path: Path, ends: dict[str, tuple[str, str]], first: dict[str, str] | None = None) -> api.RunResult:
    now = dt.datetime.fromisoformat("2018-01-16T02:30:00+00:00")
    exports = district(tmp_path / "in", ends, first)
    for path in exports.iterdir():
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    profile = tmp_path / "tiny.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    return api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=now.date(), now=now)
    )


def codes_of(result: api.RunResult) -> set[str]:
    return {code for code, n in result.report.counts.items() if n}


def test_a_schools_term_ended_on_its_own_rows_while_another_schools_runs_is_published_but(tmp_path: Path) -> None:
    result = first_set(tmp_path, {"100": ("12000", "6/30/2018"), "200": ("12000", "1/10/2018")})
    assert result.report.published and result.exit_status == 1
    [said] = result.report.examples["X841"]
    assert "school 200 (South High): 3 of its 3 classes of term SY1718 (ID 12000) are left out as ended" in (
        said.message
    )
    assert "(2018-01-10 on the school's rows, first: class 2000)" in said.message
    assert "school 100's rows date the same term ID to 2018-06-30" in said.message
    assert "its 6 students and 1 staff are published in no class" in said.message


def test_a_school_between_terms_of_its_own_is_not_said(tmp_path: Path) -> None:
    """School 200's semester (its own term ID) ended on 1/10, its next not exported yet: no other
    school's rows date that term ID to run on; the first set is published as before."""
    result = first_set(tmp_path, {"100": ("12000", "6/30/2018"), "200": ("12001", "1/10/2018")})
    assert result.report.published
    assert "X841" not in codes_of(result)


def test_a_school_keeping_one_class_of_the_term_id_its_rows_end_early_is_said_too(tmp_path: Path) -> None:
    """'oneleft': school 200's first section's row ends term 12000 on 6/30 as school 100's do, its other
    two on 1/10. Was: exit 0, the school kept one class, its two others missing unsaid (X841 spoke only
    of a school with no class at all). Its students and teacher stay in the class kept."""
    result = first_set(tmp_path, {"100": ("12000", "6/30/2018"), "200": ("12000", "1/10/2018")}, {"200": "6/30/2018"})
    assert result.report.published and result.exit_status == 1
    [said] = result.report.examples["X841"]
    assert "school 200 (South High): 2 of its 3 classes of term SY1718 (ID 12000) are left out as ended" in (
        said.message
    )
    assert "first: class 2001" in said.message
    assert "its people are published in its other classes, without these" in said.message


def test_a_short_course_ending_before_the_schools_other_classes_of_the_term_id_is_not_said(tmp_path: Path) -> None:
    """School 200's first section ends term 12000 on 1/10, its two others on 6/30 as school 100's do: a
    school keeping more of the term ID's classes than it left out is not said."""
    result = first_set(tmp_path, {"100": ("12000", "6/30/2018"), "200": ("12000", "6/30/2018")}, {"200": "1/10/2018"})
    assert result.report.published and result.exit_status == 0
    assert "X841" not in codes_of(result)
