"""Reading exports: encodings, delimiters, header decorations, physical line numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from transform.pipeline import furniture, read, short_rows
from transform.profile.compile import SourcePlan
from transform.report.problem import TransformAbort
from transform.report.report import Report


def plan(name: str = "students", columns: tuple[str, ...] = ("Student_Number",), **kw: object) -> SourcePlan:
    values: dict[str, object] = dict(
        name=name,
        patterns=(f"{name}.txt", f"{name}.csv"),
        required=True,
        delimiter="auto",
        encoding="auto",
        columns=columns,
        optional=(),
        aliases={},
    )
    values.update(kw)
    return SourcePlan(**values)  # type: ignore[arg-type]


def rows_of(folder: Path, source: SourcePlan) -> tuple[list[list[str]], list[int], Report]:
    report = Report()
    found = read.find_sources(folder, {source.name: source}, report)
    rows = list(read.iter_rows(found[source.name], report))
    return [r.cells for r in rows], [r.line for r in rows], report


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Student_Number", "student_number"),
        ("[01]Student_Number", "student_number"),
        ("[students]student_number", "student_number"),
        ("STUDENTS.STUDENT_NUMBER", "student_number"),
        ("\ufeffStudent_Number ", "student_number"),
        ("[13]FirstDay", "firstday"),
        ("Dr. Name", "dr. name"),  # a dot followed by a space is not a table prefix
    ],
)
def test_header_decorations_are_ignored(header: str, key: str) -> None:
    assert read.header_key(header) == key


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("a,b,c\n1,2,3\n", ","),
        ("a|b|c\n1|2|3\n", "|"),
        ("a\n1\n", ","),
    ],
)
def test_delimiter_is_sniffed_from_the_header(tmp_path: Path, text: str, delimiter: str) -> None:
    (tmp_path / "students.txt").write_text(text, encoding="utf-8")
    found = read.find_sources(tmp_path, {"students": plan(columns=("a",))}, Report())
    assert found["students"].delimiter == delimiter


def test_utf8_bom_and_cp1252_fallback(tmp_path: Path) -> None:
    (tmp_path / "students.txt").write_bytes("\ufeffStudent_Number,Name\r\n1,Zoë\r\n".encode())
    cells, _, report = rows_of(tmp_path, plan())
    assert cells == [["1", "Zoë"]] and not report.counts

    (tmp_path / "students.txt").write_bytes("Student_Number,Name\r\n1,Ann\r\n2,José “Pepe”\r\n".encode("cp1252"))
    cells, _, report = rows_of(tmp_path, plan())
    assert cells[1] == ["2", "José “Pepe”"]
    assert report.flatten("code", "line") == [("I202", 3)]


def test_bytes_undefined_in_cp1252_are_kept_as_latin1(tmp_path: Path) -> None:
    (tmp_path / "students.txt").write_bytes(b"Student_Number,Name\n1,A\x81B\xe9\n")
    cells, _, _ = rows_of(tmp_path, plan())
    assert cells == [["1", "A\x81Bé"]]


def test_a_row_of_empty_cells_is_skipped_as_a_blank_line_is(tmp_path: Path) -> None:
    """A spreadsheet saved as CSV pads its last lines with delimiters (",,"): no data, as a blank
    line has none. They were rows with every required value missing (D304 errors), enough to
    refuse a small export (tester7 item 8)."""
    (tmp_path / "students.csv").write_text("Student_Number,Note,Grade\n1,a,3\n,,\n2,b,4\n,,\n", encoding="utf-8")
    cells, lines, report = rows_of(tmp_path, plan())
    assert cells == [["1", "a", "3"], ["2", "b", "4"]] and lines == [2, 4]
    assert report.rows_read["students.csv"] == 2


def test_lines_are_physical_start_lines(tmp_path: Path) -> None:
    text = 'Student_Number,Note\n1,"two\nlines"\n\n2,plain\n'
    (tmp_path / "students.csv").write_text(text, encoding="utf-8")
    cells, lines, _ = rows_of(tmp_path, plan())
    assert cells == [["1", "two\nlines"], ["2", "plain"]]
    assert lines == [2, 5]


def test_short_rows_are_padded_and_long_rows_dropped(tmp_path: Path) -> None:
    (tmp_path / "students.txt").write_text("Student_Number,A,B\n1,x\n2,x,y,z\n3,x,y,\n", encoding="utf-8")
    cells, lines, report = rows_of(tmp_path, plan())
    assert cells == [["1", "x", ""], ["3", "x", "y"]]
    assert lines == [2, 4]
    assert report.flatten("code", "line") == [("I204", 2), ("I205", 3)]


@pytest.mark.parametrize(
    ("text", "kept", "too_long"),
    [
        # every row one empty cell longer than its header (written without the trailing comma)
        ("ID,Name,Grade\n1,Ann,5,\n2,Bo,6,\n3,Cy,7,\n", ["1", "2", "3"], []),
        # a row padded further than the file's rows are: its cells were shifted
        ("ID,Name,Grade\n1,Ann,5,\n2,Bo,6,,\n3,Cy,7,\n", ["1", "3"], [3]),
        # no one length is most rows': padding of any length is read as padding
        ("ID,Name,Grade\n1,Ann,5\n2,Bo,6,\n3,Cy,7,,\n4,Di,8\n", ["1", "2", "3", "4"], []),
    ],
)
def test_empty_cells_past_the_header_are_padding_only_as_long_as_the_files_rows(
    tmp_path: Path, text: str, kept: list[str], too_long: list[int]
) -> None:
    (tmp_path / "students.csv").write_text(text, encoding="utf-8")
    cells, _, report = rows_of(tmp_path, plan(columns=("ID", "Name", "Grade")))
    assert [c[0] for c in cells] == kept
    assert report.flatten("code", "line") == [("I205", line) for line in too_long]


def test_a_delimiter_inside_a_value_is_a_row_too_long_though_the_cells_it_pushes_out_are_empty(
    tmp_path: Path,
) -> None:
    """eSchoolPLUS writes `^` unescaped and ends its rows with `^#!#`: `Novak^Sr` made a row one
    cell longer, the cells pushed past the header its last, empty ones. It was read shifted (the
    family name 'Sr', the birth date as the email and the username) at exit 0 (tester28 R5). A
    row longer than the file's rows is lost whole, with its line (I205)."""
    text = (
        "ID^First^Last^Birth^Email^Language^#!#\n"
        "1^Emma^Novak^03/22/2017^^^#!#\n"
        "2^Owen^Novak^Sr^01/08/2019^^^#!#\n"
        "3^Mateo^Rossi^06/27/2014^m@x.org^^#!#\n"
    )
    (tmp_path / "REG.txt").write_text(text, encoding="utf-8")
    source = plan("REG", ("ID",), delimiter="^", record_terminator="#!#")
    cells, lines, report = rows_of(tmp_path, source)
    assert cells == [["1", "Emma", "Novak", "03/22/2017", "", ""], ["3", "Mateo", "Rossi", "06/27/2014", "m@x.org", ""]]
    assert lines == [2, 4]
    assert report.flatten("code", "line") == [("I205", 3)]


HEAD = "ID,Name,Grade\r\n1,Ann,5\r\n"


@pytest.mark.parametrize(
    ("tail", "encoding", "detail"),
    [
        ("2,Bo", "utf-8", "its last row has 2 of 3 cells and no line end"),
        ("2\tBo", "utf-8", "its last row has 2 of 3 cells and no line end"),  # tab-delimited (below)
        ('2,Bo,"5', "utf-8", "its last row ends inside a quoted value"),
        ('2,Bo,"5\r\n', "utf-8", "its last row ends inside a quoted value"),  # the line end is the value's
        ('2,"Bo ""B', "utf-8", "its last row ends inside a quoted value"),
        ('2,Bo,"', "utf-8", "its last row ends inside a quoted value"),
        ('2,"Zoë', "utf-16", "its last row ends inside a quoted value"),
        ("2,Zo", "cp1252", "its last row has 2 of 3 cells and no line end"),
    ],
)
def test_an_export_cut_off_while_it_was_written_is_refused_at_its_last_line(
    tmp_path: Path, tail: str, encoding: str, detail: str
) -> None:
    """A last row with no line end and short of cells, or a quoted value open at the end of
    the file: the SIS was still writing it. Refused (X957, exit 1) naming the file and line, not
    read as a short row repaired (I204)."""
    text = HEAD.replace(",", "\t") + tail if "\t" in tail else HEAD + tail
    (tmp_path / "students.txt").write_bytes(text.encode(encoding))
    report = Report()
    found = read.find_sources(tmp_path, {"students": plan(columns=("ID", "Name", "Grade"))}, report)
    with pytest.raises(TransformAbort) as stopped:
        list(read.iter_rows(found["students"], report))
    (problem,) = stopped.value.problems
    assert problem.code.id == "X957" and stopped.value.exit_status == 1
    assert str(problem).startswith("students.txt:3: X957") and detail in str(problem)
    assert "rerun the export; the SIS was still writing it" in str(problem)


@pytest.mark.parametrize(
    ("tail", "cells", "codes"),
    [
        ("2,Bo,6", ["2", "Bo", "6"], []),  # a whole last row without a final line break: common
        ('2,Bo,"6"', ["2", "Bo", "6"], []),
        ('2,Bo,""', ["2", "Bo", ""], []),
        ('2,Bo,x"y', ["2", "Bo", 'x"y'], []),
        ("2,Bo\r\n", ["2", "Bo", ""], [("I204", 3)]),  # short, with its line end: written whole
    ],
)
def test_a_whole_last_row_is_read_as_it_is(tmp_path: Path, tail: str, cells: list[str], codes: list[object]) -> None:
    (tmp_path / "students.txt").write_text(HEAD + tail, encoding="utf-8", newline="")
    read_cells, _, report = rows_of(tmp_path, plan(columns=("ID", "Name", "Grade")))
    assert read_cells[-1] == cells and report.flatten("code", "line") == codes


def test_an_exporter_leaving_out_trailing_empty_cells_is_not_cut_off(tmp_path: Path) -> None:
    (tmp_path / "students.txt").write_text("ID,Name,Grade\r\n1,Ann\r\n2,Bo", encoding="utf-8", newline="")
    cells, _, report = rows_of(tmp_path, plan(columns=("ID", "Name", "Grade")))
    assert cells == [["1", "Ann", ""], ["2", "Bo", ""]]
    assert report.flatten("code", "line") == [("I204", 2), ("I204", 3)]


def test_missing_export_and_column_abort_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "students.txt").write_text("ID,Name\n1,a\n", encoding="utf-8")
    plans = {"students": plan(), "schools": plan("schools", ("School_Number",))}
    with pytest.raises(TransformAbort) as caught:
        read.find_sources(tmp_path, plans, Report())
    assert sorted(p.code.id for p in caught.value.problems) == ["I200", "I201"]
    assert caught.value.exit_status == 2


def test_two_files_for_one_export_is_ambiguous(tmp_path: Path) -> None:
    for name in ("students.txt", "Students.csv"):
        (tmp_path / name).write_text("Student_Number\n1\n", encoding="utf-8")
    with pytest.raises(TransformAbort) as caught:
        read.find_sources(tmp_path, {"students": plan()}, Report())
    assert [p.code.id for p in caught.value.problems] == ["I203"]


def test_an_old_export_left_beside_the_upgrades_new_one_is_said_older(tmp_path: Path) -> None:
    """tester90 T8: a SIS upgrade writes roster.csv beside last month's roster.txt. I203 says when each was
    last written, which is the newest, and that none is read until the others are moved out."""
    old, new = tmp_path / "students.txt", tmp_path / "students.csv"
    for path, when in ((old, dt.datetime(2026, 10, 30, 22, 0, tzinfo=dt.UTC)), (new, None)):
        path.write_text("Student_Number\n1\n", encoding="utf-8")
        if when:
            os.utime(path, (when.timestamp(), when.timestamp()))
    with pytest.raises(TransformAbort) as caught:
        read.find_sources(tmp_path, {"students": plan()}, Report())
    (said,) = caught.value.problems
    assert "students.txt (last written 2026-10-30 22:00 UTC)" in said.message
    assert "; students.csv is the newest, most likely the SIS's export tonight; none of them is read" in said.message


def test_file_names_match_ignoring_case_and_aliases_rename_headers(tmp_path: Path) -> None:
    (tmp_path / "STUDENTS.TXT").write_text("StudentNumber\n7\n", encoding="utf-8")
    source = plan(aliases={"studentnumber": "student_number"})
    found = read.find_sources(tmp_path, {"students": source}, Report())
    assert found["students"].index == {"student_number": 0}


def read_as_written(rows: list[list[str]], header: list[str]) -> bool:
    """No row is what the reader skips, refuses or reads otherwise (tests/test_page_furniture.py): the
    header again, a totals line, a cell that is a spreadsheet's text formula (="..."), mostly the
    header's column names (another export's header, I254: tests/test_short_rows.py)."""
    other = short_rows.OtherHeader(header)

    def text(cells: list[str]) -> list[str]:
        found = [" ".join(c.translate(read.INVISIBLE).replace('"', "").split()).lower() for c in cells]
        while found and not found[-1]:
            found.pop()
        return found

    return not any(
        text(r) == text(header) or furniture.maybe_footer(r) or any('="' in c for c in r) or other.named(r)
        for r in rows
    )


cell = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@given(st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=8))
def test_whatever_csv_writes_reads_back_the_same(rows: list[list[str]]) -> None:
    import tempfile

    rows = [r for r in rows if any(c.strip() for c in r)]
    assume(read_as_written(rows, ["Student_Number", "B", "C"]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Student_Number", "B", "C"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "students.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
        cells, _, _ = rows_of(Path(folder), plan(delimiter=","))
    # invisible characters go (I210), and text is read in NFC (tester41 F1, F5)
    assert cells == [[unicodedata.normalize("NFC", c.translate(read.INVISIBLE)) for c in r] for r in rows]


def test_record_terminator_keeps_line_breaks_and_quotes_inside_cells(tmp_path: Path) -> None:
    # eSchoolPLUS download definitions escape nothing: a marker ends each record instead.
    (tmp_path / "reg.txt").write_bytes(
        "STUDENT_ID^LAST_NAME^FIRST_NAME^#!#\r\n"
        '1001^O"Neil^Rob, "Bobby"^#!#\r\n'
        "1002^Two\r\nLines^Ann^#!#\r\n"
        "\r\n"
        "1003^Last^Row^#!#".encode("cp1252")
    )
    source = plan("reg", ("STUDENT_ID", "LAST_NAME"), delimiter="^", record_terminator="#!#")
    cells, lines, report = rows_of(tmp_path, source)
    assert cells == [["1001", 'O"Neil', 'Rob, "Bobby"'], ["1002", "Two\r\nLines", "Ann"], ["1003", "Last", "Row"]]
    assert lines == [2, 3, 6]
    assert not report.counts


def test_caret_delimiter_is_sniffed(tmp_path: Path) -> None:
    (tmp_path / "reg.txt").write_text("STUDENT_ID^BUILDING\n1^10\n", encoding="utf-8")
    cells, _, _ = rows_of(tmp_path, plan("reg", ("STUDENT_ID",)))
    assert cells == [["1", "10"]]


def test_header_prefix_is_stripped(tmp_path: Path) -> None:
    # Illuminate's core data files number their headers: "01 Student ID".
    (tmp_path / "roster.txt").write_text("01 Student ID\t02 Site ID\t10 User ID\nS1\t7\tU9\n", encoding="utf-8")
    source = plan("roster", ("Student ID", "Site ID", "User ID"), header_prefix=re.compile(r"\d+\s+"))
    report = Report()
    found = read.find_sources(tmp_path, {"roster": source}, report)
    row = next(read.iter_rows(found["roster"], report))
    assert row.get("user id") == "U9"


terminated_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="^#\x00"), max_size=12
)


@given(st.lists(st.lists(terminated_cell, min_size=3, max_size=3), min_size=1, max_size=8))
def test_terminated_records_read_back_whatever_the_cells_hold(rows: list[list[str]]) -> None:
    import tempfile

    rows = [r for r in rows if any(c.strip() for c in r)]
    assume(read_as_written(rows, ["STUDENT_ID", "B", "C"]))
    text = "".join("^".join(r) + "^#!#\r\n" for r in [["STUDENT_ID", "B", "C"], *rows])
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "reg.txt").write_text(text, encoding="utf-8", newline="")
        cells, _, _ = rows_of(Path(folder), plan("reg", ("STUDENT_ID",), delimiter="^", record_terminator="#!#"))
    assert cells == [[unicodedata.normalize("NFC", c.translate(read.INVISIBLE)) for c in r] for r in rows]


@given(st.text(alphabet=st.sampled_from([*"ab,\t\né€", *read.INVISIBLE_CHARS]), max_size=40))
def test_invisible_in_finds_what_the_reader_removes(text: str) -> None:
    """The byte scan's fast test (an ASCII chunk, then one search) finds every character the
    reader takes out of a cell, and no other."""
    assert read.invisible_in(text.encode()) is any(c in text for c in read.INVISIBLE_CHARS)
