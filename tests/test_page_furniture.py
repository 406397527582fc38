"""What a report writer prints around an export's rows is never data (tester25 1.2, 3.2), and a
cell Excel wrote as a text formula is read as its text (3.4). Each test damages a copy of the
sample district's exports as a report writer or Excel does, runs it in both engines and expects
the clean district's set, said with one note."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import same
from transform import api
from transform.pipeline import read
from transform.profile.compile import SourcePlan
from transform.report.report import Report

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def exports(tmp_path: Path, name: str, change: Callable[[list[str]], list[str]]) -> Path:
    """The sample district with one export's lines (without their line ends) changed."""
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    path = folder / name
    lines = path.read_bytes().decode("cp1252").split("\r\n")
    ended = lines[-1] == ""
    lines = change(lines[:-1] if ended else lines)
    path.write_bytes(("\r\n".join(lines) + ("\r\n" if ended else "")).encode("cp1252"))
    return folder


def runs(in_dir: Path, tmp_path: Path, label: str) -> api.RunResult:
    """The run in each engine (tmp_path/label-python, -columnar): the same in every byte."""
    results = [
        api.run(
            api.RunOptions(
                profile="powerschool",
                in_dir=in_dir,
                out_dir=tmp_path / f"{label}-{engine}",
                as_of=AS_OF,
                explain=tmp_path / f"{label}-{engine}.csv",
                engine=engine,
            )
        )
        for engine in ("python", "columnar")
    ]
    same(results[0], results[1], tmp_path, (f"{label}-python", f"{label}-columnar"))
    return results[0]


def published_as_clean(damaged: Path, tmp_path: Path) -> api.RunResult:
    """The damaged exports publish the clean district's files, leave out the same records and
    read as many rows; the run's report is returned."""
    clean = runs(DISTRICT, tmp_path, "clean")
    result = runs(damaged, tmp_path, "damaged")
    assert result.exit_status == clean.exit_status == 0
    for name in sorted(p.name for p in (tmp_path / "clean-python").iterdir()):
        assert (tmp_path / "damaged-python" / name).read_bytes() == (tmp_path / "clean-python" / name).read_bytes()
    assert left_out(tmp_path / "damaged-python.csv") == left_out(tmp_path / "clean-python.csv")
    assert result.report.rows_read == clean.report.rows_read  # a page header is no row, nor a row lost
    new = set(result.report.counts) - set(clean.report.counts)
    result.report.facts["new codes"] = sorted(new)
    return result


def left_out(explain: Path) -> list[dict[str, str]]:
    """The explain file's records, but for the lines they are on (lines added above move them)."""
    with explain.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [{k: v for k, v in row.items() if k not in ("line", "caused_by")} for row in rows]


def said(result: api.RunResult, code: str) -> list[str]:
    return [str(p) for p in result.report.examples.get(code, [])]


# --- 1.2: the header printed again at the top of each page ---------------------------------------


def test_page_headers_with_their_title_lines_are_skipped_not_published(tmp_path: Path) -> None:
    """A report writer prints the header on each page, under a title line. Read as data, the
    header was a student 'First_Name Last_Name' with the ID 'Student_Number' (published when the
    profile had no status condition to drop it as inactive)."""

    def paged(lines: list[str]) -> list[str]:
        header = lines[0]
        title = "Lincoln District - Student Roster\t\t\t\t\tPage 2"
        shouted = "\t".join(f' "{c.upper()}" ' for c in header.split("\t"))  # case, spaces, quotes aside
        return [*lines[:8], "", title, header, *lines[8:15], title, shouted, *lines[15:]]

    result = published_as_clean(exports(tmp_path, "students.txt", paged), tmp_path)
    assert result.report.facts["new codes"] == ["I279"]
    assert said(result, "I279") == [
        "students.txt:11: I279 header-repeated: students.txt: 2 line(s) repeat the header (the first on line 11), "
        "and 2 page title line(s) directly above them (the first on line 10: 'Lincoln District - Student Roster, "
        ", , , , Page 2'): a report writer's page headers, not data; skipped"
    ]


def test_a_header_repeated_in_a_short_export_of_two_columns(tmp_path: Path) -> None:
    """The ClassRoster case: the tester saw it dropped only because 'Class ID' named no class
    (V502, a warning); now one rule for every export."""
    (tmp_path / "roster.csv").write_text("Class ID,Student ID\nC100,1001\nClass ID,Student ID\nC100,1002\n")
    plan = SourcePlan("roster", ("roster.csv",), True, "auto", "auto", ("Class ID", "Student ID"), (), {})
    report = Report()
    found = read.find_sources(tmp_path, {"roster": plan}, report)
    rows = [(r.line, r.cells) for r in read.iter_rows(found["roster"], report)]
    assert rows == [(2, ["C100", "1001"]), (4, ["C100", "1002"])]
    assert dict(report.counts) == {"I279": 1} and report.rows_read["roster.csv"] == 2


def test_a_sparse_row_above_a_page_header_whose_id_is_shaped_as_the_others_stays_data(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_text("ID,Name,Grade,Email\n1001,Ann,3,a@x.org\n1002,,,\nID,Name,Grade,Email\n")
    plan = SourcePlan("roster", ("roster.csv",), True, "auto", "auto", ("ID", "Name"), (), {})
    report = Report()
    found = read.find_sources(tmp_path, {"roster": plan}, report)
    assert [r.cells[0] for r in read.iter_rows(found["roster"], report)] == ["1001", "1002"]


# A Gradelink-style student roster printed as a report (tester25 gl/ex_e3big, tester26 1.2): the
# title line above each page's header has the school's name in the ID column and the page number
# in the Grade column.
GRADELINK = (
    "Student ID,Last Name,First Name,Middle Name,Grade,Date of Birth,Enroll Date,Withdrawal Date,Status,"
    "Student Email,Home Language,Parent 1 First Name,Parent 1 Last Name,Parent 1 Email,Parent 1 Cell,"
    "Parent 1 Relationship,Parent 2 First Name,Parent 2 Last Name,Parent 2 Email,Parent 2 Cell,"
    "Parent 2 Relationship,Family ID"
)


def gradelink_student(number: int) -> str:
    grade = "K" if number % 13 == 0 else str(number % 12 + 1)
    return (
        f"{number},Smith,Ava{number},,{grade},01/01/2015,08/10/2026,,Enrolled,s{number}@stcol.org,English,"
        f"Maria,Smith,m{number}@mail.example.com,608-555-{number},Mother,,,,,,F{number}"
    )


def gradelink_rows(tmp_path: Path, lines: list[str]) -> tuple[list[str], Report]:
    """The first cells of the rows read from the Students.csv of these lines, and the report."""
    (tmp_path / "Students.csv").write_text("\n".join([GRADELINK, *lines]) + "\n")
    plan = SourcePlan("students", ("Students.csv",), True, "auto", "auto", ("Student ID", "Last Name"), (), {})
    report = Report()
    found = read.find_sources(tmp_path, {"students": plan}, report)
    return [r.cells[0] for r in read.iter_rows(found["students"], report)], report


def page(number: int) -> list[str]:
    return [f"St Col Academy - Student Roster Report,,,,Page {number}", GRADELINK]


def test_a_new_student_above_a_page_header_is_a_row_not_its_title(tmp_path: Path) -> None:
    """Tester26 1.2: the last row of page 1 is a kindergartner enrolled this week with no contact
    entered (9 of 22 cells) and a longer student number than the rows before. It was skipped as
    the page's title (the student unpublished, said as a 4th title line in an I279 note)."""
    lucia = "10412,Ortiz,Lucia,,K,03/14/2021,10/01/2026,,Enrolled,,Spanish,,,,,,,,,,,F612"
    lines = [
        *map(gradelink_student, range(1001, 1010)),
        lucia,
        *page(2),
        *map(gradelink_student, range(1010, 1013)),
        *page(3),
        gradelink_student(1013),
    ]
    first, report = gradelink_rows(tmp_path, lines)
    assert first == [*map(str, range(1001, 1010)), "10412", "1010", "1011", "1012", "1013"]
    assert [str(p) for p in report.examples["I279"]] == [
        "Students.csv:13: I279 header-repeated: Students.csv: 2 line(s) repeat the header (the first on line 13), "
        "and 2 page title line(s) directly above them (the first on line 12: 'St Col Academy - Student Roster "
        "Report, , , , Page 2'): a report writer's page headers, not data; skipped"
    ]


@pytest.mark.parametrize(
    "title",
    [
        ["St Col Academy - Student Roster Report,,,,Page 2"],  # tester25 gl/ex_e3big
        ["St Col Academy", "Student Roster Report,,,,Page 2 of 5"],  # two title lines
        ["Printed 10/15/2026 3:04 PM"],
        ["Page 2"],
    ],
    ids=["school-and-page", "two-lines", "printed", "page-alone"],
)
def test_a_page_title_is_still_skipped(tmp_path: Path, title: list[str]) -> None:
    lines = [*map(gradelink_student, range(1001, 1061)), *title, GRADELINK, *map(gradelink_student, range(1061, 1070))]
    first, report = gradelink_rows(tmp_path, lines)
    assert first == [str(n) for n in range(1001, 1070)]
    assert f"and {len(title)} page title line(s) directly above them (the first on line 62:" in str(
        report.examples["I279"][0]
    )


@pytest.mark.parametrize(
    "sparse",
    [
        "Okafor,Chidi,3,,,,",  # a name-first report: a surname among surnames
        "1000,,K,,,,",  # 999 then 1000
        "A-17,Ng,,,,,",  # a mixed ID: the surname fits its column
    ],
)
def test_a_sparse_row_of_any_shape_above_a_page_header_stays_data(tmp_path: Path, sparse: str) -> None:
    header = "Key,Name,Grade,Email,Phone,Language,Family"
    rows = ["Baker,Ann,4,ann@x.org,6085550001,English,F1", "999,Cole,5,bob@x.org,6085550002,English,F2"]
    (tmp_path / "roster.csv").write_text("\n".join([header, *rows, sparse, "Roster - Page 2", header, rows[0]]) + "\n")
    plan = SourcePlan("roster", ("roster.csv",), True, "auto", "auto", ("Key", "Name"), (), {})
    report = Report()
    found = read.find_sources(tmp_path, {"roster": plan}, report)
    read_rows = [r.cells[0] for r in read.iter_rows(found["roster"], report)]
    assert read_rows == ["Baker", "999", sparse.split(",")[0], "Baker"]
    assert "and 1 page title line(s) directly above them (the first on line 5: 'Roster - Page 2')" in str(
        report.examples["I279"][0]
    )


def test_a_sparse_student_above_a_repeated_header_is_published(tmp_path: Path) -> None:
    """Tester26 1.2, PowerSchool: a student with 9 of 20 cells filled and the internal ID 1000
    after 906, directly above a header printed again, was lost at exit 0 with an I279 note."""
    zoe = "\t".join(["1000", "5999", "100", "Zoe", "", "Tran", "0", "0", "6/6/2020"] + [""] * 11)

    def paged(lines: list[str]) -> list[str]:
        return [*lines[:8], zoe, lines[0], *lines[8:]]

    folder = exports(tmp_path, "students.txt", paged)
    result = runs(folder, tmp_path, "sparse")
    assert result.exit_status == 0
    assert "\n5999," in (tmp_path / "sparse-python" / "users.csv").read_text()
    assert said(result, "I279") == [
        "students.txt:10: I279 header-repeated: students.txt: 1 line(s) repeat the header (the first on line 10): "
        "a report writer's page headers, not data; skipped"
    ]


# --- 3.2: a totals line at the end of an export ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "footer", "line"),
    [
        ("students.txt", ["Total: 26"], "Total: 26"),  # one cell after full rows: was X982 row-split
        ("teachers.txt", ["Total\t8"], "Total, 8"),  # was a teacher named Total
        ("cc.txt", ["Total Records: 173\t"], "Total Records: 173"),  # was a class 'Total Records: 173'
        ("cc.txt", ["", "Record Count = 173", "Grand Total\t\t\t\t\t173"], "Grand Total, , , , , 173"),
    ],
    ids=["one-cell", "word-and-count", "count-in-the-cell", "two-lines-after-a-blank"],
)
def test_a_totals_line_at_the_end_is_a_footer(tmp_path: Path, name: str, footer: list[str], line: str) -> None:
    result = published_as_clean(exports(tmp_path, name, lambda lines: [*lines, *footer]), tmp_path)
    assert result.report.facts["new codes"] == ["I284"]
    assert said(result, "I284")[-1].endswith(f"is a totals or footer line, not data ({line!r}); skipped")


def test_a_teacher_named_total_stays_a_teacher(tmp_path: Path) -> None:
    """A full row of a person surnamed Total, last in the file, is a row; so is a line like a
    footer that other rows follow."""

    def renamed(lines: list[str]) -> list[str]:
        cells = lines[2].split("\t")
        cells[4], cells[6] = "Total", "8"  # John Smith (T1002) renamed Total 8, and listed last
        return [*lines[:2], *lines[3:], "\t".join(cells)]

    folder = exports(tmp_path, "teachers.txt", renamed)
    result = runs(folder, tmp_path, "named")
    assert "I284" not in result.report.counts
    assert ",Total,8," in (tmp_path / "named-python" / "users.csv").read_text()


def test_a_totals_line_other_rows_follow_is_not_skipped(tmp_path: Path) -> None:
    folder = exports(tmp_path, "teachers.txt", lambda lines: [*lines[:3], "Total\t8", *lines[3:]])
    result = runs(folder, tmp_path, "middle")
    assert "I284" not in result.report.counts and result.report.counts["I204"] == 1  # read as a (short) row


# --- 3.4: Excel text formulas -----------------------------------------------------------------------


def test_excel_text_formulas_are_read_as_their_text(tmp_path: Path) -> None:
    """An export saved for Excel writes IDs as ="1001", so that Excel keeps them as text. The
    run refused every enrolment (D320 'holds a double quote', fix: correct the SIS record)."""

    def wrapped(lines: list[str]) -> list[str]:
        return [
            lines[0],
            *("\t".join(f'="{c}"' if i == 0 else c for i, c in enumerate(x.split("\t"))) for x in lines[1:]),
        ]

    result = published_as_clean(exports(tmp_path, "cc.txt", wrapped), tmp_path)
    assert result.report.facts["new codes"] == ["D380"]
    assert result.report.counts["D380"] == 1  # once for the column
    assert said(result, "D380") == [
        "cc.txt:2 [[04]StudentID]: D380 excel-text-formula: cc.txt: 173 cell(s) of column '[04]StudentID' are "
        "written as an Excel text formula (=\"...\"), the first on line 2: '=\"900\"' read as '900'; each read "
        "as the text inside the quotes"
    ]


@pytest.mark.parametrize(
    ("cell", "read_as"),
    [('="1001"', "1001"), (' ="0042" ', "0042"), ('="O""Neil"', 'O"Neil'), ('=""', ""), ('="1001"x', '="1001"x')],
)
def test_only_a_whole_cell_is_a_text_formula(tmp_path: Path, cell: str, read_as: str) -> None:
    quoted = '"' + cell.replace('"', '""') + '"'
    (tmp_path / "roster.csv").write_text(f"ID,Name\n{quoted},Ann\n")
    plan = SourcePlan("roster", ("roster.csv",), True, "auto", "auto", ("ID", "Name"), (), {})
    report = Report()
    found = read.find_sources(tmp_path, {"roster": plan}, report)
    assert [r.cells for r in read.iter_rows(found["roster"], report)] == [[read_as, "Ann"]]
    assert ("D380" in report.counts) is (read_as != cell)


# --- tester87 T2: a DOS end-of-file byte (0x1A) after an export's last line --------------------------


@pytest.mark.parametrize("end", ["\x1a", "\x1a\n"], ids=["after-the-last-line-end", "alone-on-the-last-line"])
def test_a_dos_end_of_file_byte_ends_the_file(tmp_path: Path, end: str) -> None:
    """Was X957 'cut off ... rerun the export' every night: a rerun writes the byte again."""
    (tmp_path / "Students.csv").write_text(
        "\n".join([GRADELINK, gradelink_student(7), gradelink_student(8)]) + "\n" + end
    )
    plan = SourcePlan("students", ("Students.csv",), True, "auto", "auto", ("Student ID", "Last Name"), (), {})
    report = Report()
    found = read.find_sources(tmp_path, {"students": plan}, report)
    assert [r.cells[0] for r in read.iter_rows(found["students"], report)] == ["7", "8"]
    assert dict(report.counts) == {"I234": 1} and report.examples["I234"][0].where.line == 4


def test_a_dos_end_of_file_byte_elsewhere_is_read_as_written(tmp_path: Path) -> None:
    rows, report = gradelink_rows(tmp_path, [gradelink_student(7) + "\x1a", gradelink_student(8)])
    assert rows == ["7", "8"]
    assert "I234" not in report.counts


def test_a_dos_end_of_file_byte_is_read_alike_by_both_engines(tmp_path: Path) -> None:
    damaged = tmp_path / "in"
    shutil.copytree(DISTRICT, damaged)
    with (damaged / "cc.txt").open("ab") as handle:
        handle.write(b"\x1a")
    result = runs(damaged, tmp_path, "damaged")
    assert result.exit_status == 0
    assert [p.where.file for p in result.report.examples["I234"]] == ["cc.txt"]
    assert "X957" not in result.report.counts
