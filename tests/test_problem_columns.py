"""A problem names the export's own column, in the file and line the value is in (tester63 F4).

Problems named the output's field as their column: `V503 cc.txt:5 [classSourcedId]` where
cc.txt's header says [04]SectionID, `V607 students.txt:7 [givenName]` for First_Name; and a
value read through a join was named at the joining row: `D309 sections.txt:3 [title]` for a quote
typed in courses.csv's Course_Name, `D340 MST.csv [course.LO]` for CRS.csv's LO. The bundled
PowerSchool and Aeries districts, a few cells changed, in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.profile.templates import normalize_column


def _run(exports: Path, out: Path, profile: str, as_of: dt.date) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=as_of, max_examples=10_000))


def _header(path: Path) -> list[str]:
    first = path.read_bytes().decode("utf-8-sig", errors="replace").splitlines()[0]
    return next(csv.reader([first], delimiter="\t" if "\t" in first else ","))


def _plain(column: str) -> str:
    """A header as a profile names it: PowerSchool's [04]SectionID and TEACHERS.FIRST_NAME are
    SectionID and First_Name (the profile's header_prefix)."""
    return normalize_column(re.sub(r"^\[\d+\]|^[A-Za-z]+\.", "", column.strip()))


def _misplaced(result: api.RunResult, exports: Path) -> list[str]:
    """Each example whose column is not in the header of the export it names."""
    wrong = []
    for code, examples in result.report.examples.items():
        for problem in examples:
            where = problem.where
            if code in ("I244", "I260") or not where.column or not (exports / where.file).is_file():
                continue  # I244, I260: a column the export lacks, by definition
            header = {_plain(name) for name in _header(exports / where.file)}
            if any(_plain(column) not in header for column in where.column.split(", ")):
                wrong.append(f"{code} {where}")
    return wrong


def test_a_quote_in_a_joined_course_name_is_said_where_it_is_typed(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    courses = exports / "courses.csv"
    text = courses.read_text(encoding="utf-8")
    assert "ELA5,English Language Arts 5," in text.splitlines()[2]
    courses.write_text(text.replace("English Language Arts 5", 'English "Language" Arts 5'), encoding="utf-8")

    result = _run(exports, tmp_path / "out", "powerschool", dt.date(2026, 10, 15))

    assert result.exit_status == 0
    quoted = [p.where for p in result.report.examples["D309"] if "Language" in str(p.params)]
    assert [(w.file, w.line, w.column) for w in quoted] == [("courses.csv", 3, "Course_Name")]
    # cc.txt's rows of a class left out name the section by cc.txt's own header, not classSourcedId
    assert {p.where.column for p in result.report.examples["V503"] if p.where.file == "cc.txt"} == {"[04]SectionID"}
    assert "[04]SectionID" in _header(exports / "cc.txt")
    assert _misplaced(result, exports) == []


def test_every_problem_of_the_bundled_districts_names_a_column_of_its_file(tmp_path: Path) -> None:
    for sis, as_of in (("powerschool", "2026-10-15"), ("aeries", None), ("synergy", None), ("sds", None)):
        case = FIXTURES / sis / "district"
        exports = case / "in"
        day = as_of or str(_case_as_of(case))
        result = _run(exports, tmp_path / sis, sis, dt.date.fromisoformat(day))
        assert result.report.examples, sis
        assert _misplaced(result, exports) == [], sis


def test_a_courses_span_running_backwards_is_said_in_the_courses_export(tmp_path: Path) -> None:
    case = FIXTURES / "aeries" / "district"
    result = _run(case / "in", tmp_path / "out", "aeries", _case_as_of(case))
    (span,) = result.report.examples["D340"]
    assert (span.where.file, span.where.column) == ("CRS.csv", "LO")
    lines = (case / "in" / "CRS.csv").read_bytes().decode("utf-8-sig", errors="replace").splitlines()
    line = lines[span.where.line - 1]
    assert span.params["low"] in line and span.params["high"] in line


def _case_as_of(case: Path) -> dt.date:
    for line in (case / "case.yaml").read_text(encoding="utf-8").splitlines():
        if line.startswith("as_of:"):
            return dt.date.fromisoformat(line.split(":", 1)[1].strip().strip("\"'"))
    raise AssertionError(case)
