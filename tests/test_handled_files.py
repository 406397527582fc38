"""Exports a person handled on the way (tester20): pasted into a mail, cut by a copy, retyped in
a Windows program, saved by Excel. The damage is said, never published as data."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform

ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])


def _exports(tmp_path: Path, sis: str) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / sis / "district" / "in", folder)
    return folder


def _edit(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) >= 1, old
    path.write_bytes(data.replace(old, new, 1))


def _codes(report: Path) -> list[tuple[str, str, int | None]]:
    """(code, file, line) of every example the JSON report holds."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return [(e["code"], e["file"], e["line"]) for p in data["problems"] for e in p["examples"]]


def _messages(report: Path) -> dict[str, list[str]]:
    """The messages of the JSON report's examples, by code."""
    data = json.loads(report.read_text(encoding="utf-8"))
    return {p["code"]: [e["message"] for e in p["examples"]] for p in data["problems"]}


def _skyward(tmp_path: Path, engine: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return transform(
        "--profile",
        "skyward-sms",
        tmp_path / "in",
        tmp_path / "out",
        "--as-of",
        "2026-12-01",
        "--engine",
        engine,
        "--report",
        tmp_path / "report.json",
        *extra,
    )


# --- F4: a row broken over two lines, or cut short ---------------------------------------------


@ENGINES
def test_a_row_a_mail_client_wrapped_is_refused_naming_both_lines(tmp_path: Path, engine: str) -> None:
    """student.csv pasted into a mail body: Dominic's row wrapped inside his email address. Was:
    I204 'repair', his row padded with empty cells and he, active, left out as F400 'inactive'
    (info), the rest of his row read as a student of its own; exit 0."""
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    _edit(students, b"dfitzgeraldmoore@", b"dfitzgeraldmoore@\r\n")
    result = _skyward(tmp_path, engine)
    assert result.returncode == 1, result.stderr
    assert "student.csv:5 [INTERNET-ADDRESS]: X982 row-split" in result.stderr
    assert "broken over two lines (5 and 6)" in result.stderr
    assert not (tmp_path / "out").exists()


@ENGINES
def test_a_row_cut_short_is_an_error_not_an_inactive_student(tmp_path: Path, engine: str) -> None:
    """Dominic's row cut after his last name, with a line end: five of its twelve cells, and the
    STUDENT-STATUS the `active` condition reads is missing, not empty. Was: F400 inactive-student
    (info, an intended drop). Now I280, an error naming the file, the line and the cell (over the
    limit on this small export: X915; published with --allow-incomplete, the row left out as an
    error). A row with half its cells or more is one whose writer left out trailing empty cells
    (test_a_trailing_flag_left_out_by_the_writer_is_a_blank)."""
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    text = students.read_bytes()
    start = text.index(b"5004,026004,")
    end = text.index(b"\r\n", start)
    students.write_bytes(text[:start] + b"5004,026004,Dominic,James,Fitzgerald-Moore" + text[end:])
    result = _skyward(tmp_path, engine)
    assert result.returncode == 1 and "X915" in result.stderr and "I280 row-cells-missing" in result.stderr
    result = _skyward(tmp_path, engine, "--allow-incomplete")
    assert result.returncode == 1 and "Published, but F453" in result.stderr, result.stderr
    found = _codes(tmp_path / "report.json")
    assert ("I280", "student.csv", 5) in found
    assert ("F400", "student.csv", 5) not in found
    assert ("I204", "student.csv", 5) in found


@ENGINES
def test_a_short_row_missing_only_cells_nobody_reads_is_read_as_before(tmp_path: Path, engine: str) -> None:
    """Excel's short rows: trailing empty cells left out. A row whose missing cells the profile
    reads through no condition is padded (I204) and published as the fixture is."""
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    _edit(
        students,
        b"5002,026002,Brody,,Kowalski,2039,02/02/2021,,001,A,1,001\r\n",
        b"5002,026002,Brody,,Kowalski,2039,02/02/2021,,001,A,1\r\n",
    )
    result = _skyward(tmp_path, engine)
    assert result.returncode == 0, result.stderr
    assert "X982" not in result.stderr and "I280" not in result.stderr
    expected = FIXTURES / "skyward-sms" / "district" / "expected" / "users.csv"
    assert (tmp_path / "out" / "users.csv").read_bytes() == expected.read_bytes()


# --- F2: a copy cut off inside the last cell ---------------------------------------------------


def _powerschool(tmp_path: Path, engine: str, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    return transform(
        "--profile",
        "powerschool",
        tmp_path / "in",
        tmp_path / "out",
        "--as-of",
        "2026-10-15",
        "--engine",
        engine,
        *extra,
    )


@ENGINES
def test_a_copy_cut_inside_the_last_date_is_refused_as_cut_off(tmp_path: Path, engine: str) -> None:
    """cc.txt copied up to two bytes before its end: its last row has every cell, its DateLeft
    05/29/2027 is 05/29/20 with no line end. Was: read as 2020, the enrolment left out as D376
    'dates typed the wrong way round', exit 0. Now X957, nothing published; the same file whole
    without its last line end is published as the fixture is."""
    enrolments = _exports(tmp_path, "powerschool") / "cc.txt"
    whole = enrolments.read_bytes()
    assert whole.endswith(b"\t05/29/2027\r\n")
    enrolments.write_bytes(whole[: -len(b"27\r\n")])
    result = _powerschool(tmp_path, engine)
    assert result.returncode == 1, result.stderr
    assert "cc.txt: X957 export-cut-off: cc.txt was cut off inside its last cell" in result.stderr
    assert "([04]DateLeft) is written 99/99/99 where the rows before write 99/99/9999" in result.stderr
    assert not (tmp_path / "out").exists()
    enrolments.write_bytes(whole.rstrip(b"\r\n"))
    result = _powerschool(tmp_path, engine)
    assert result.returncode == 0, result.stderr
    expected = FIXTURES / "powerschool" / "district" / "expected" / "enrollments.csv"
    assert (tmp_path / "out" / "enrollments.csv").read_bytes() == expected.read_bytes()


@ENGINES
def test_a_copy_cut_right_after_the_last_delimiter_is_refused_as_cut_off(tmp_path: Path, engine: str) -> None:
    """cc.txt copied up to its last row's last tab: the row has every cell, DateLeft empty, no
    line end. Was: read as a current enrolment (no DateLeft), the rows after the cut lost, exit 0
    (tester44 F11). Now X957; a last DateLeft left empty WITH its line end is a row as written."""
    enrolments = _exports(tmp_path, "powerschool") / "cc.txt"
    whole = enrolments.read_bytes()
    enrolments.write_bytes(whole[: -len(b"05/29/2027\r\n")])
    result = _powerschool(tmp_path, engine)
    assert result.returncode == 1, result.stderr
    assert "cc.txt: X957 export-cut-off: cc.txt was cut off after its last row's last delimiter" in result.stderr
    assert not (tmp_path / "out").exists()
    enrolments.write_bytes(whole[: -len(b"05/29/2027\r\n")] + b"\r\n")
    result = _powerschool(tmp_path, engine)
    assert "X957" not in result.stderr


@ENGINES
@pytest.mark.parametrize(("before", "last"), [(("0.5", "1.0", "0.25"), "1"), (("53703-1234", "53711-0042"), "53703")])
def test_a_whole_number_after_decimals_without_a_line_end_is_no_cut(
    tmp_path: Path, engine: str, before: tuple[str, ...], last: str
) -> None:
    """A last column of credits (0.5, 1.0) or ZIP+4 codes whose last row, with no line end after
    it, holds a whole 1 or a 5-digit ZIP: both are whole values, which begin the shapes before.
    Was: X957 'cut off inside its last cell', every night until the last row changed (tester21
    F4). Only a date is cut short that way."""
    courses = _exports(tmp_path, "powerschool") / "courses.csv"
    rows = courses.read_bytes().decode("cp1252").rstrip("\r\n").split("\r\n")
    cells = ["Extra", *(before[i % len(before)] for i in range(len(rows) - 2)), last]
    courses.write_bytes("\r\n".join(f"{row},{cell}" for row, cell in zip(rows, cells, strict=True)).encode("cp1252"))
    result = _powerschool(tmp_path, engine)
    assert result.returncode == 0, result.stderr
    assert "X957" not in result.stderr


@ENGINES
def test_a_flag_written_1_or_nothing_at_the_line_end_is_blank_where_two_rules_share_the_rows(
    tmp_path: Path, engine: str
) -> None:
    """terms.txt with IsYearRec 1 on the year rows and nothing, not even the tab, on the semester
    rows. PowerSchool's strict-target years rule leaves those out and its terms rule takes them.
    Was: each semester row an I280 error of the years rule, and X915 refused the set (tester21
    F3). A short row whose missing cell a condition reads is still I280 where no other rule
    shares the rows on that cell (test_a_row_cut_short_is_an_error_not_an_inactive_student)."""
    terms = _exports(tmp_path, "powerschool") / "terms.txt"
    terms.write_bytes(terms.read_bytes().replace(b"\t0\r\n", b"\r\n"))
    result = _powerschool(tmp_path, engine, "--target", "oneroster", "--report", tmp_path / "report.json")
    assert result.returncode == 0, result.stderr
    assert "I280" not in _messages(tmp_path / "report.json")
    sessions = (tmp_path / "out" / "academicSessions.csv").read_text(encoding="utf-8")
    assert ",Semester 1,term," in sessions


@ENGINES
def test_a_trailing_flag_left_out_by_the_writer_is_a_blank(tmp_path: Path, engine: str) -> None:
    """A district's own condition on a last column "Y or nothing" (Remind_Opt_In), saved by a
    writer that leaves out trailing empty cells: the opted-out rows lack the flag and the blank
    columns before it. Was: each an I280 error, and X915 refused the set (tester21 N3); now the
    rows are left out as the condition says, and the set is published."""
    exports = _exports(tmp_path, "powerschool")
    students = exports / "students.txt"
    lines = students.read_bytes().split(b"\r\n")
    lines[0] += b"\tRemind_Opt_In"
    for n in range(1, len(lines)):
        if lines[n]:
            lines[n] = lines[n].rstrip(b"\t") if n % 4 == 0 else lines[n] + b"\tY"
    students.write_bytes(b"\r\n".join(lines))
    text = (FIXTURES.parent / "profiles" / "powerschool.yaml").read_text(encoding="utf-8")
    active = '        active: {field: "{Enroll_Status}", op: equals, value: "0", reason: inactive-student}\n'
    assert text.count(active) == 1 and text.count("Family_Ident, DCID]") == 1
    text = text.replace("Family_Ident, DCID]", "Family_Ident, DCID, Remind_Opt_In]").replace(
        active, active + '        opted_in: {field: "{Remind_Opt_In}", op: equals, value: "Y", reason: row-filtered}\n'
    )
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    result = transform(
        "--profile", profile, exports, tmp_path / "out", "--as-of", "2026-10-15", "--engine", engine,
        "--report", tmp_path / "report.json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = _messages(tmp_path / "report.json")
    assert "I280" not in found and len(found["D301"]) >= 1


# --- F3: a UTF-8 export with one row in Windows-1252 ------------------------------------------


@ENGINES
def test_a_utf8_export_with_a_row_in_windows_1252_is_read_line_by_line(tmp_path: Path, engine: str) -> None:
    """Addison's last name in UTF-8 (Nguyễn), Chloe's retyped in a program saving 'ANSI' (Zoë in
    cp1252). Was: the whole file read as Windows-1252 (I202 'read as Windows-1252'), Addison
    published as 'Nguyá»…n' (and D309 took the » for a quote). Now each line in its own
    encoding, the cp1252 line named (I281), no I202."""
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    _edit(students, b",Addison,,Kowalski,", ",Addison,,Nguyễn,".encode())
    _edit(students, b",Chloe,,Nakamura,", ",Chloe,,Zoë,".encode("cp1252"))
    result = _skyward(tmp_path, engine)
    assert result.returncode == 0, result.stderr
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert ",Addison,Nguyễn," in users and ",Chloe,Zoë," in users
    found = _messages(tmp_path / "report.json")
    assert "I202" not in found and not [m for m in found.get("D309", []) if "Nguy" in m]
    assert found["I281"] == [
        "student.csv is UTF-8 but for 1 line(s) in Windows-1252 (line 4): a row typed or pasted in a program "
        "that saves 'ANSI'; those lines were read as Windows-1252, every other line as UTF-8"
    ]


def test_a_windows_1252_line_that_is_utf8_by_chance_does_not_make_the_file_utf8(tmp_path: Path) -> None:
    """An upper-case accented letter before a non-breaking space is a valid UTF-8 pair: 'JOSÉ\\xa0'
    reads 'JOSɠ'. One such line among Windows-1252 lines made the file "UTF-8 but for N lines",
    and that student was published as 'JOSɠ' (tester21 F0): the file is Windows-1252 (I202)."""
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    _edit(students, b",Chloe,,Nakamura,", ",Chloe,,Zoë,".encode("cp1252"))
    _edit(students, b",Finn,,Ortega,", ",JOSÉ\xa0,,Ortega,".encode("cp1252"))
    _edit(students, b",Addison,,Kowalski,", ",Addison,,Kowalskí,".encode("cp1252"))
    result = _skyward(tmp_path, "python")
    assert result.returncode == 0, result.stderr
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert ",JOSÉ,Ortega," in users and ",Chloe,Zoë," in users
    found = _messages(tmp_path / "report.json")
    assert "I202" in found and "I281" not in found


@ENGINES
def test_one_utf8_name_beside_two_retyped_rows_still_reads_the_name_as_utf8(tmp_path: Path, engine: str) -> None:
    """One UTF-8 name and two rows retyped in an 'ANSI' program: a letter like 'ễ' is never cp1252
    by chance, so the file is UTF-8 but for the two rows (tester22 E1: read whole as cp1252,
    'Nguyá…n' published)."""
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    _edit(students, b",Addison,,Kowalski,", ",Addison,,Nguyễn,".encode())
    _edit(students, b",Chloe,,Nakamura,", ",Chloe,,Zoë,".encode("cp1252"))
    _edit(students, b",Finn,,Ortega,", ",Finn,,Ortéga,".encode("cp1252"))
    result = _skyward(tmp_path, engine)
    assert result.returncode == 0, result.stderr
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert ",Addison,Nguyễn," in users and ",Chloe,Zoë," in users and ",Finn,Ortéga," in users


def test_an_upper_case_letter_before_a_non_breaking_space_is_no_utf8_witness(tmp_path: Path) -> None:
    """'HEIKKILÄ' before a non-breaking space is valid UTF-8 for 'HEIKKILĠ', a Latin letter: a
    cp1252 file with it and 'MUÑOZ' was read as UTF-8 but for one line (tester22 E2)."""
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    _edit(students, b",Finn,,Ortega,", ",Finn,,HEIKKILÄ\xa0,".encode("cp1252"))
    _edit(students, b",Chloe,,Nakamura,", ",Chloe,,MUÑOZ,".encode("cp1252"))
    result = _skyward(tmp_path, "python")
    assert result.returncode == 0, result.stderr
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert ",Finn,HEIKKILÄ," in users and ",Chloe,MUÑOZ," in users


def test_a_whole_windows_1252_export_is_still_read_as_such(tmp_path: Path) -> None:
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    _edit(students, b",Chloe,,Nakamura,", ",Chloe,,Zoë,".encode("cp1252"))
    result = _skyward(tmp_path, "python")
    assert result.returncode == 0, result.stderr
    assert ",Chloe,Zoë," in (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    found = _messages(tmp_path / "report.json")
    assert "I202" in found and "I281" not in found


# --- F10: Excel's empty trailing columns ------------------------------------------------------


@ENGINES
def test_excel_s_empty_trailing_columns_are_padding_not_duplicate_columns(tmp_path: Path, engine: str) -> None:
    """Excel kept four formatted but empty columns: every line, the header's too, ends ',,,,'.
    Was: three I207 "header '' appears more than once" warnings (and --strict refused a right
    set). Now nothing is said and the set is the fixture's."""
    students = _exports(tmp_path, "skyward-sms") / "student.csv"
    students.write_bytes(students.read_bytes().replace(b"\r\n", b",,,,\r\n"))
    result = _skyward(tmp_path, engine)
    assert result.returncode == 0, result.stderr
    assert "I207" not in _messages(tmp_path / "report.json")
    expected = FIXTURES / "skyward-sms" / "district" / "expected" / "users.csv"
    assert (tmp_path / "out" / "users.csv").read_bytes() == expected.read_bytes()
