"""A quote typed at a value's start and its pair later on the same line: the reader makes the cells
between one quoted cell, and every later column shifts (tester63 F1: the shifted Enroll_Status read
a name, and an active student and her mother were removed at exit 0 as 'not active')."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_cli import transform
from tests.test_read import plan, rows_of

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
AS_OF = ("--as-of", "2026-10-15")


def test_a_tab_file_s_stray_quote_pair_is_read_as_the_cells_were_typed(tmp_path: Path) -> None:
    text = "ID\tFirst\tLast\tStatus\tDOB\tEmail\n1\tAnn\tLee\t0\t1/1/2014\ta@x.org\n"
    text += '2\t"Bo\tPatel\t0\t3/3/2014"\tb@x.org\n'
    (tmp_path / "students.txt").write_text(text, encoding="utf-8")
    cells, lines, report = rows_of(tmp_path, plan(columns=("ID", "First", "Status")))
    assert cells[1] == ["2", "Bo", "Patel", "0", "3/3/2014", "b@x.org"]
    assert lines == [2, 3]
    [(code, line, column, message)] = report.flatten("code", "line", "column", "message")
    assert (code, line, column) == ("I291", 3, "First")
    assert "closes in column 'DOB'" in str(message)


def test_a_comma_file_of_whole_rows_leaves_a_row_out_it_cannot_read_for_sure(tmp_path: Path) -> None:
    """'"Eli,Morales"' is a stray quote pair swallowing one comma, or a name holding a comma on a row
    whose last cell the export left out: the two read alike."""
    text = 'ID,First,Last,Grade\n1,Ann,Lee,5\n2,"Eli,Morales",06\n3,Cy,Ray,7\n4,Di,Fox,8\n'
    (tmp_path / "students.csv").write_text(text, encoding="utf-8")
    cells, _, report = rows_of(tmp_path, plan(columns=("ID", "First", "Grade")))
    assert [c[0] for c in cells] == ["1", "3", "4"]
    assert report.flatten("code", "line", "column") == [("I292", 3, "First")]


def test_a_comma_file_whose_rows_are_often_short_reads_such_a_row_as_before(tmp_path: Path) -> None:
    """Excel leaves out a row's trailing empty cells: there a short row with a quoted comma is the
    name 'Smith, Jr.' of a row without its last cells, padded (I204)."""
    text = 'ID,Name,Grade,Email\n1,Ann,5\n2,"Smith, Jr.",6\n3,Cy,7\n4,Di,8,d@x.org\n'
    (tmp_path / "students.csv").write_text(text, encoding="utf-8")
    cells, _, report = rows_of(tmp_path, plan(columns=("ID", "Name")))
    assert cells[1] == ["2", "Smith, Jr.", "6", ""]
    assert report.flatten("code", "line") == [("I204", 2), ("I204", 3), ("I204", 4)]


def test_a_short_row_whose_commas_do_not_explain_it_is_padded(tmp_path: Path) -> None:
    text = 'ID,Name,Grade,Email\n1,Ann,5,a@x.org\n2,"Smith, Jr."\n3,Cy,7,c@x.org\n'
    (tmp_path / "students.csv").write_text(text, encoding="utf-8")
    cells, _, report = rows_of(tmp_path, plan(columns=("ID", "Name")))
    assert cells[1] == ["2", "Smith, Jr.", "", ""]
    assert report.flatten("code", "line") == [("I204", 3)]


def _retype(students: Path, number: str, first: str, dob: str) -> None:
    lines = students.read_bytes().decode("latin-1").split("\n")
    for i, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) > 8 and cells[1] == number:
            cells[3], cells[8] = first, dob
            lines[i] = "\t".join(cells)
    students.write_bytes("\n".join(lines).encode("latin-1"))


def _user_ids(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["userId"] if "userId" in row else row["sourcedId"] for row in csv.DictReader(handle)}


def test_a_stray_quote_pair_in_powerschool_s_students_removes_nobody(tmp_path: Path) -> None:
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(SAMPLE, exports)
    first = transform("--profile", "powerschool", exports, out, *AS_OF, "--report", tmp_path / "r1.json")
    assert first.returncode == 0, first.stderr
    published = _user_ids(out)
    students = exports / "students.txt"
    row = next(line.split("\t") for line in students.read_bytes().decode("latin-1").splitlines()[1:])
    _retype(students, row[1], f'"{row[3]}', f'{row[8]}"')
    report = tmp_path / "r.json"
    second = transform("--profile", "powerschool", exports, out, *AS_OF, "--report", report)
    assert second.returncode == 0, second.stderr
    assert _user_ids(out) == published
    problems = _counts(report)
    assert [e["column"] for e in problems["I291"]] == ["First_Name"]
    assert len(problems["F400"]) == len(_counts(tmp_path / "r1.json")["F400"])  # nobody newly 'not active'


def _counts(report: Path) -> dict[str, list[dict[str, object]]]:
    return {p["code"]: p["examples"] for p in json.loads(report.read_text(encoding="utf-8"))["problems"]}
