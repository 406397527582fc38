"""A placeholder naming alternatives, `{course.Course Title|Course Title}`: the first of the cells
that is not blank (as `column: [A, B]` is for a whole column). Illuminate's class title was
`{course.Course Title}{Course Title} - {Period}`, meant as "the course's title, else mastschd's
own": a mastschd export that has Course Title too gave 'LunchLunch - 4', which the lunch pattern
does not match, and the lunch class was published at exit 0 (tester67 Q1)."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import same, taken
from transform import api
from transform.oneroster.spec import REMIND
from transform.pipeline import term_rows
from transform.pipeline.rows import SourceRow
from transform.profile import load, templates
from transform.profile.compile import Choices, compile_plan

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


def _tab(path: Path, name: str, values: list[str]) -> None:
    """Add a column to a tab export, one value a row in order (blank past the list)."""
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    number = len(header.split("\t")) + 1
    cells = [*values, *[""] * len(lines)]
    rows = (f"{row}\t{cell}" for row, cell in zip(lines, cells, strict=False))
    path.write_text("\n".join([f"{header}\t{number:02d} {name}", *rows]) + "\n", encoding="utf-8")


def _run(tmp_path: Path, folder: Path, text: str) -> api.RunResult:
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    options = api.RunOptions(profile=str(profile), in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF)
    return api.run(options)


def test_a_birth_date_of_alternatives_neither_exported_is_no_refusal(tmp_path: Path) -> None:
    """A lone `{DOB|Birth Date}` is what `column: [DOB, Birth Date]` is: a studemo export with
    neither column is a district that sends no birth dates (D362), not a blank birthDate on
    every row (D304 each, X915: refused every night; reviewer133 R1)."""
    folder = exports(tmp_path, {})
    studemo = folder / "studemo.txt"
    lines = [line.split("\t") for line in studemo.read_text(encoding="utf-8").splitlines()]
    assert "Birth Date" in lines[0][5]
    studemo.write_text("\n".join("\t".join(c[:5] + c[6:]) for c in lines) + "\n", encoding="utf-8")
    result = _run(
        tmp_path,
        folder,
        "extends: illuminate\nsources:\n  studemo:\n"
        "    optional_columns: [Middle Name, Birth Date, DOB, Email Address, Primary Language]\n"
        "tables:\n  demographics:\n    students:\n      columns:\n"
        '        birthDate: {template: "{DOB|Birth Date}", column: null, clean: [birth_date]}\n',
    )
    assert result.exit_status == 0 and "D362" in result.report.counts
    assert not {"D304", "X915"} & set(result.report.counts)


def test_a_condition_on_alternatives_no_row_matches_is_said(tmp_path: Path) -> None:
    """`{Enr Status|Status} not_equals Inactive` on an export writing Withdrawn leaves out no
    row: the withdrawn student was published at exit 0, no P113 (reviewer133 R2). Judged on the
    alternatives the export has (Status is not in it: I260)."""
    folder = exports(tmp_path, {})
    _tab(folder / "enrollment.txt", "Enr Status", ["Enrolled", "Enrolled", "Enrolled", "Withdrawn", "Pre-Enrolled"])
    result = _run(
        tmp_path,
        folder,
        "extends: illuminate\nsources:\n  enrollment:\n"
        "    optional_columns: [Enrollment Start, Enrollment End, Is Primary ADA, Enr Status, Status]\n"
        "tables:\n  users:\n    students:\n      where:\n"
        '        active: {field: "{Enr Status|Status}", op: not_equals, value: Inactive, reason: inactive-student}\n',
    )
    assert result.exit_status == 1
    [said] = result.report.examples["P131"]  # P113's words in it: one message for one condition (tester91 T1)
    assert "{Enr Status|Status} not_equals Inactive" in said.message and "'Withdrawn' (1)" in said.message
    assert "leaves out no one (no row of enrollment.txt holds Inactive in" in said.message
    assert "holds them only some years, give it `optional: true`" in said.message  # P113's way out (review210 R4)
    assert "P113" not in result.report.counts


def test_a_term_filter_of_alternatives_reads_its_dates_from_the_join() -> None:
    """The term filter's `{term.FirstDay|term.Begins}`: the rows of one term key are settled
    (term_rows.one_terms) by the first date not blank, as for `{term.FirstDay}`; it took a lone
    FieldRef only, and settled none (reviewer133 R2)."""
    data = copy.deepcopy(load.load("powerschool").data)  # its classes join terms with no `pick`
    data["filters"]["current_term"]["start"] = "{term.FirstDay|term.Begins}"
    plan = compile_plan(data, target=REMIND, choices=Choices(as_of=AS_OF))
    [one] = term_rows.one_terms(plan).values()
    assert (one.start, one.end) == (("firstday", "begins"), ("lastday",))
    index = {"firstday": 1, "begins": 2, "lastday": 3}
    assert one.dates(SourceRow("terms.txt", 2, ["T1", " ", "08/17/2026", "06/01/2027"], index)) == (
        "08/17/2026",
        "06/01/2027",
    )


def test_allow_empty_takes_a_part_of_alternatives_as_d363_names_it(tmp_path: Path) -> None:
    """D363 of an empty `{Alt A|Alt B}` says both are empty and names the part 'Alt A|Alt B';
    `allow_empty: ["Alt A|Alt B"]`, as its Next says, was a profile error (P106, exit 2)."""
    folder = exports(tmp_path, {})
    _tab(folder / "roster.txt", "Alt A", ["a1"])
    _tab(folder / "roster.txt", "Alt B", ["", "b2", "  "])
    text = (
        "extends: illuminate\nsources:\n  roster:\n    optional_columns: [Entry Date, Exit Date, Alt A, Alt B]\n"
        "tables:\n  enrollments:\n    students:\n      columns:\n"
        '        sourcedId: {template: "{Section ID}-{Alt A|Alt B}"%s}\n'
    )
    said = _run(tmp_path, folder, text % "").report.examples["D363"]
    assert said and said[0].message.startswith("enrollments.sourcedId: 'Alt A' and 'Alt B' are both empty on this row")
    _, problems = api.check_profile(str(tmp_path / "district.yaml"))
    assert not problems
    (tmp_path / "district.yaml").write_text(text % ', allow_empty: ["Alt A | Alt B"]', encoding="utf-8")
    _, problems = api.check_profile(str(tmp_path / "district.yaml"))
    assert not [p for p in problems if p.code.severity == "error"], [p.message for p in problems]
    assert _run(tmp_path, folder, text % ', allow_empty: ["Alt A|Alt B"]').exit_status == 0
