"""A placeholder naming alternatives, `{course.Course Title|Course Title}`: the first of the cells
that is not blank (as `column: [A, B]` is for a whole column). Illuminate's class title was
`{course.Course Title}{Course Title} - {Period}`, meant as "the course's title, else mastschd's
own": a mastschd export that has Course Title too gave 'LunchLunch - 4', which the lunch pattern
does not match, and the lunch class was published at exit 0 (tester67 Q1)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import same, taken
from transform import api
from transform.profile import templates

ILLUMINATE = FIXTURES / "illuminate" / "district" / "in"
AS_OF = dt.date(2026, 10, 20)


def exports(tmp_path: Path, titles: dict[str, str], *, roster_start: dict[str, str] | None = None) -> Path:
    """The Illuminate fixture with mastschd's own Course Title column (`titles` by Course ID; a
    course not named, blank), and roster.txt with a Start Date column (by Student ID)."""
    folder = tmp_path / "in"
    shutil.copytree(ILLUMINATE, folder)
    mastschd = folder / "mastschd.txt"
    header, *rows = mastschd.read_text(encoding="utf-8").splitlines()
    lines = [f"{header}\t15 Course Title", *(f"{row}\t{titles.get(row.split(chr(9))[3], '')}" for row in rows)]
    mastschd.write_text("\n".join(lines) + "\n", encoding="utf-8")
    if roster_start is not None:
        roster = folder / "roster.txt"
        header, *rows = roster.read_text(encoding="utf-8").splitlines()
        lines = [f"{header}\t15 Start Date", *(f"{row}\t{roster_start.get(row.split(chr(9))[0], '')}" for row in rows)]
        roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def test_a_mastschd_with_course_title_too_gives_each_title_once_and_leaves_lunch_out(tmp_path: Path) -> None:
    """courses.txt names K100, PK100, E12 and LUN (Lunch); mastschd writes its own titles too,
    K100's otherwise: the course's title wins, mastschd's stands in for a blank one."""
    folder = exports(tmp_path, {"K100": "Kinder (mastschd)", "E12": "English 12", "LUN": "Lunch"})
    courses = folder / "courses.txt"
    courses.write_text(courses.read_text(encoding="utf-8").replace("E12\tEnglish 12", "E12\t"), encoding="utf-8")
    result = api.run(api.RunOptions(profile="illuminate", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert result.exit_status == 0
    classes = rows(tmp_path / "out" / "classes.csv")
    assert {k: v["title"] for k, v in classes.items()} == {
        "S-K1": "Kindergarten - AM",  # courses.txt's, not mastschd's nor both
        "S-PK1": "Transitional PK - PM",  # mastschd's blank: courses.txt's
        "S-E12": "English 12 - 1",  # courses.txt's blank: mastschd's
    }
    (dropped,) = result.report.examples["F406"]  # the lunch class, by its pattern
    assert dropped.where.record == "S-LUN"


ALTERNATIVE_START = """\
extends: illuminate
sources:
  roster:
    optional_columns: [Entry Date, Exit Date, Start Date]
tables:
  enrollments:
    students:
      where:
        started: {field: "{Entry Date|Start Date}"}
      columns:
        beginDate: {template: "{Entry Date|Start Date}", column: null, clean: [date]}
"""


def test_both_engines_take_the_first_alternative_not_blank(tmp_path: Path) -> None:
    """The students' enrolments (the columnar engine's, in SQL; the Python engine's generated
    code), in a column and a date condition: a blank Entry Date gives the Start Date, a filled one
    wins, byte for byte alike."""
    folder = exports(tmp_path, {}, roster_start={"300001": "09/01/2026", "300003": "09/02/2026"})
    roster = folder / "roster.txt"
    lines = roster.read_text(encoding="utf-8").splitlines()
    lines = [line.replace("\t08/17/2026\t", "\t  \t", 1) if line.startswith("300003\t") else line for line in lines]
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = tmp_path / "district.yaml"
    profile.write_text(ALTERNATIVE_START, encoding="utf-8")
    runs = [
        api.run(
            api.RunOptions(
                profile=str(profile),
                in_dir=folder,
                out_dir=tmp_path / engine,
                as_of=AS_OF,
                explain=tmp_path / f"{engine}.csv",
                engine=engine,
            )
        )
        for engine in ("python", "columnar")
    ]
    same(runs[0], runs[1], tmp_path, ("python", "columnar"))
    assert runs[0].exit_status == 0, runs[0].report.examples
    assert taken(runs[1])["silent"] > 0  # the SQL took rows
    begins = {k: v["beginDate"] for k, v in rows(tmp_path / "columnar" / "enrollments.csv").items()}
    assert begins["S-K1-300001"] == "2026-08-17"  # Entry Date written: it, not Start Date
    assert begins["S-PK1-300003"] == "2026-09-02"  # Entry Date blank: Start Date


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{course.Course Title|Cours Title} - {Period}", "source 'mastschd' declares no column 'Cours Title'"),
        ("{coarse.Course Title|Course Title} - {Period}", "no join named 'coarse'"),
        ("{Course Title|} - {Period}", "empty placeholder"),
        ("{Course Title|settings.district_id}", "alternatives name export columns"),
    ],
)
def test_a_misspelt_alternative_is_a_profile_error_in_its_words(tmp_path: Path, template: str, said: str) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text(
        f"extends: illuminate\ntables:\n  classes:\n    sections:\n      columns:\n"
        f"        title: {{template: {template!r}, clean: [text]}}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(profile))
    errors = [p for p in problems if p.code.severity == "error"]
    assert errors and all(f"{profile}:6:" in p.where.file for p in errors)  # file:line:col
    assert any(said in p.message for p in errors), [p.message for p in errors]


def test_parse_and_fields() -> None:
    parts = templates.parse("{course.Title|Title} - {Period}")
    alternatives = templates.FirstOf((templates.FieldRef("course", "Title"), templates.FieldRef(None, "Title")))
    assert parts == (alternatives, " - ", templates.FieldRef(None, "Period"))
    assert [str(ref) for ref in templates.fields(parts)] == ["course.Title", "Title", "Period"]
    assert str(parts[0]) == "course.Title|Title"
    cells = {"course.Title": " ", "Title": "Lunch"}
    assert templates.cell(alternatives, lambda ref: cells[str(ref)]) == "Lunch"


def test_an_id_part_of_alternatives_is_empty_only_when_all_of_them_are() -> None:
    """D363's parts of an ID template: `{B|C}` is one part (filled by either), not B and C each."""
    from transform.profile.compile import _whole

    parts = templates.parse("{A}-{B|C}-{settings.district_id}")
    assert _whole("sourcedId", parts, ()) == (parts[0], parts[2])
    assert _whole("sourcedId", parts, ("C",)) == (parts[0],)  # allow_empty naming an alternative
