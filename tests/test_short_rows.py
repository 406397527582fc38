"""A short row read shifted, and another export's header mid-file (pipeline.short_rows, tester80 T1):
a short row whose cells, padded at its end, stop fitting their columns is never left out for its
shape: padded, said (I257, a warning) and marked suspect, so that a condition leaving it out is a
problem's drop (X981), not on purpose; another template's header line refuses the export (I254)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_read import plan, rows_of
from transform import api
from transform.pipeline import read, suspect_drops
from transform.report import codes
from transform.report.problem import TransformAbort, Where
from transform.report.report import Report

HEADER = ["ID", "Student_Number", "First_Name", "Last_Name", "Grade_Level", "Enroll_Status", "DOB", "Email"]
NAMES = ["Ava", "Ben", "Cy", "Di", "Ed", "Flo", "Gus", "Hal"]


def student(n: int) -> list[str]:
    """The file's n-th row: enough of them tell each column's kind (quote_readings.EVIDENCE)."""
    status = "2" if n % 6 == 5 else "0"
    return [
        str(100 + n),
        str(5000 + n),
        NAMES[n % 8],
        f"Kerr{chr(97 + n % 26)}",
        str(3 + n % 4),
        status,
        f"{1 + n % 12}/{1 + n % 28}/2015",
        f"s{n}@school.example.org",
    ]


def write(folder: Path, rows: list[list[str]]) -> None:
    text = "\n".join("\t".join(r) for r in [HEADER, *rows]) + "\n"
    (folder / "students.txt").write_text(text, encoding="utf-8")


def district(short: list[str] | None = None, at: int = 12, rows: int = 30) -> list[list[str]]:
    found = [student(n) for n in range(rows)]
    if short is not None:
        found[at] = short
    return found


def suspects(folder: Path, *, refitting: bool = False) -> list[int]:
    """The lines of the rows read marked suspect (SourceRow.suspect), or of those fitting with blanks put
    back mid-row (SourceRow.refit)."""
    source = read.find_sources(folder, {"students": plan(columns=("ID",))}, Report())["students"]
    rows = read.iter_rows(source, Report())
    return [row.line for row in rows if (row.refit is not None and row.refit() if refitting else row.suspect)]


def test_a_cell_left_out_mid_row_is_padded_suspect(tmp_path: Path) -> None:
    """T1: the First_Name cell left out, every later cell one column to the left: the status read
    '4' (the grade), the birth date in Grade_Level's place. Never left out for its shape (the lead,
    round 3): padded, said as a warning with the column where it stops fitting, marked suspect."""
    row = student(12)
    write(tmp_path, district([*row[:2], *row[3:]]))
    cells, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert [c[0] for c in cells] == [str(100 + n) for n in range(30)]
    assert report.flatten("code", "line") == [("I257", 14)]
    problem = report.examples["I257"][0]
    assert problem.where.column == "Last_Name" and problem.code.severity.value == "warning"
    assert "a digit, where none does" in problem.message
    assert suspects(tmp_path) == [14] == suspects(tmp_path, refitting=True)


def test_trailing_cells_left_out_are_padded_as_before(tmp_path: Path) -> None:
    """The cells a writer leaves off at a row's end (Excel): read in place, every cell fits."""
    write(tmp_path, district(student(12)[:6]))
    cells, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert cells[12] == [*student(12)[:6], "", ""]
    assert report.flatten("code", "line") == [("I204", 14)]
    assert suspects(tmp_path) == []


def test_a_rare_value_on_a_short_row_is_padded_suspect(tmp_path: Path) -> None:
    """One cell no other row writes (a grade 13) may be a rare value or a shift: padded and read,
    said (I257) and suspect, never left out."""
    row = student(12)
    row[4] = "13"
    write(tmp_path, district(row[:6]))
    cells, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert cells[12][4] == "13"
    assert report.flatten("code", "line") == [("I257", 14)]
    # No blank put back mid-row makes it fit: not read shifted for I277 (rows62: an honest inactive
    # student's row an Excel save cut short, status 2 among 0s, asked for every night of a first set).
    assert (suspects(tmp_path), suspects(tmp_path, refitting=True)) == ([14], [])


def test_a_cell_left_out_near_the_end_is_found_by_the_reading_that_fits(tmp_path: Path) -> None:
    """The DOB cell left out: only the email shifts (one misfit), but the row read with a blank put
    back where DOB is fits every column: shifted."""
    row = student(12)
    write(tmp_path, district([*row[:6], row[7]]))
    _, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert report.flatten("code", "line") == [("I257", 14)]


def test_a_cell_left_out_mid_row_and_the_empty_last_cell_dropped(tmp_path: Path) -> None:
    """First_Name left out AND the row's empty Email dropped (Excel): the reading with one blank
    put back where First_Name is and one padded at the end fits every column: shifted."""
    row = student(12)
    row[7] = ""
    write(tmp_path, district([*row[:2], *row[3:7]]))
    _, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert report.flatten("code", "line") == [("I257", 14)]


def test_two_cells_left_out_apart_are_read_shifted(tmp_path: Path) -> None:
    """review175 R2 d: First_Name and DOB left out, apart: no one place of the blanks puts the row back,
    two do (short_rows.REFIT_GAPS): refits, so a first set's condition leaving it out asks (I277)."""
    row = student(12)
    write(tmp_path, district([*row[:2], *row[3:6], row[7]]))
    _, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert report.flatten("code", "line") == [("I257", 14)]
    assert suspects(tmp_path, refitting=True) == [14]


def _write_as_excel(folder: Path, header: list[str], rows: list[list[str]]) -> None:
    """As Excel saves a tab file: each row's trailing empty cells dropped."""
    lines = ["\t".join(header)]
    for row in rows:
        while row and not row[-1]:
            row = row[:-1]
        lines.append("\t".join(row))
    (folder / "students.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_rarely_filled_block_on_a_row_excel_cut_short_is_padded(tmp_path: Path) -> None:
    """review173 R1: the father's three columns filled on two rows only, both short of their empty
    Student_Email: the three cells misfit columns every whole row leaves empty: padded, suspect
    (I257, a warning), never dropped."""
    header = [*HEADER, "Dad_Name", "Dad_Email", "Dad_Phone", "Student_Email"]
    rows = [[*student(n), "", "", "", f"k{n}@kids.example.org"] for n in range(30)]
    for n in (5, 9):
        rows[n][-4:] = [f"Kerr{n}, Tom", f"tom{n}@mail.example.com", f"608-555-{5000 + n}", ""]
    _write_as_excel(tmp_path, header, rows)
    cells, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert len(cells) == 30
    assert cells[5][8:] == ["Kerr5, Tom", "tom5@mail.example.com", "608-555-5005", ""]
    assert report.flatten("code", "line") == [("I257", 7), ("I257", 11)]


def test_rows_the_whole_rows_never_resemble_are_padded_not_dropped(tmp_path: Path) -> None:
    """review173 R1 (ex1): Student_Email given from grade 6 up, so every elementary row (school,
    grade and home room values no whole row writes) is short of it: padded, all published."""
    header = ["ID", "Student_Number", "School_ID", "First_Name", "Last_Name", "Grade_Level", "Home_Room"]
    header += ["Enroll_Status", "DOB", "Email"]

    def row(n: int, school: str, grade: int) -> list[str]:
        room = f"M20{grade}" if school == "200" else f"E10{grade}"
        email = f"s{n}@kids.example.org" if grade >= 6 else ""
        dob = f"{1 + n % 12}/{1 + n % 28}/2014"
        return [str(300 + n), str(7000 + n), school, NAMES[n % 8], f"Moss{n}", str(grade), room, "0", dob, email]

    rows = [row(n, "200", 6 + n % 3) for n in range(24)] + [row(24 + n, "100", 1 + n % 5) for n in range(10)]
    _write_as_excel(tmp_path, header, rows)
    cells, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert [c[0] for c in cells] == [str(300 + n) for n in range(34)]
    assert {code for code, _ in report.flatten("code", "line")} <= {"I204", "I257"}


def test_a_small_file_tells_nothing_and_pads(tmp_path: Path) -> None:
    """Too few rows to tell even a column's strongest kinds (3 whole rows, fewer than
    quote_readings.FEW_EVIDENCE): padded as before (a limit, said in short_rows)."""
    row = student(3)
    write(tmp_path, district([*row[:2], *row[3:]], at=3, rows=4))
    _, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert report.flatten("code", "line") == [("I204", 5)]


@pytest.mark.parametrize(
    "other",
    [
        [h for h in HEADER if h != "First_Name"],  # T1b: a template without First_Name
        HEADER[::-1],  # the same columns in another order
        [h.replace("_", " ").upper() for h in HEADER],  # written otherwise
        [h.capitalize() for h in HEADER if h not in ("ID", "Email")],  # no cell as the header writes it (R3)
        [h.replace("_", "-") for h in HEADER if "_" in h],  # review175 R3: 'Student-Number', every name
        [h.replace("_", ".") for h in HEADER if "_" in h],
    ],
    ids=["fewer-columns", "reordered", "spelt-otherwise", "case-otherwise", "hyphens", "dots"],
)
def test_another_exports_header_mid_file_refuses_the_export(tmp_path: Path, other: list[str]) -> None:
    write(tmp_path, [*district(rows=27), other, *district(rows=3)])
    with pytest.raises(TransformAbort) as refused:
        rows_of(tmp_path, plan(columns=("ID",)))
    (problem,) = refused.value.problems
    assert (problem.code.id, problem.where.file, problem.where.line) == ("I254", "students.txt", 29)


def test_the_header_repeated_as_written_is_still_a_page_header(tmp_path: Path) -> None:
    write(tmp_path, [*district(rows=27), HEADER, *district(rows=3)])
    cells, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert len(cells) == 30
    assert [p.code.id for ps in report.examples.values() for p in ps] == ["I279"]


def test_a_row_holding_one_column_name_is_a_row(tmp_path: Path) -> None:
    row = student(12)
    row[2] = "Email"  # a given name that happens to be a column's
    write(tmp_path, district(row))
    cells, _, _ = rows_of(tmp_path, plan(columns=("ID",)))
    assert cells[12][2] == "Email"


def test_short_rows_are_judged_by_a_sample_of_whole_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No whole extra pass over the file for its short rows (review173: first read x3.4): the
    columns are told by its first `short_rows.SAMPLE` whole rows; the T1 row is caught by them."""
    from transform.pipeline import read

    monkeypatch.setattr(read, "SAMPLE", 25)
    monkeypatch.setattr(read, "_KINDS", {})
    row = student(12)
    write(tmp_path, district([*row[:2], *row[3:]], rows=60))
    _, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert report.flatten("code", "line") == [("I257", 14)]
    (kinds,) = read._KINDS.values()
    assert [column.filled for column in kinds.columns[:2]] == [25, 25]


def test_a_suspect_row_a_condition_leaves_out_is_a_problems_drop() -> None:
    """The lead, round 3 (tester80 T1, review175 R2 b/d): a suspect row (I257) left out by a
    condition (D301, F400) may be an active student read shifted: its drop is a problem's
    (LeftOut.problem_drops, so X981 asks for a person of the last set), not on purpose; the same
    drop of a row read whole stays on purpose."""
    from dataclasses import replace

    from tests.test_mapping import make_plan, rows
    from tests.test_mapping import run as mapped

    plan = make_plan(
        {
            "from": "people",
            "where": {"c": {"field": "{Status}", "op": "equals", "value": "a"}},
            "columns": {"sourcedId": "{ID}"},
        }
    )
    whole, shifted_row = rows(["1", "", "x", "", "", ""], ["2", "", "4/2/2015", "", "", ""])
    out, report = mapped(plan, [whole, replace(shifted_row, present=4, suspect=True)])
    assert out == [] and report.counts["D301"] == 2
    assert [(d[1], d[3], d[4]) for d in report.left_out.problem_drops] == [("2", 3, "D301")]


def test_a_small_schools_row_with_a_cell_left_out_mid_row_is_suspect(tmp_path: Path) -> None:
    """rows61 left open: a file of 8 rows tells no column by EVIDENCE, so a cell left out mid-row went out
    shifted (I204 alone). Its strongest kinds tell it (quote_readings.FEW_EVIDENCE): Enroll_Status, digits
    alone on every other row, reads the birth date; DOB reads the email."""
    row = student(3)
    write(tmp_path, district([*row[:2], *row[3:]], at=3, rows=8))
    _, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert report.flatten("code", "line") == [("I257", 5)]
    assert "a date, where its 7 other values are digits alone" in report.examples["I257"][0].message
    assert suspects(tmp_path) == [5]


def test_a_small_schools_honest_short_rows_are_padded(tmp_path: Path) -> None:
    """The same small file saved by Excel (a row's empty Email dropped), one row's grade 'K' among digits
    and one name with a digit: rare values are not judged at so few values, padded (I204) as before."""
    rows = district(rows=8)
    for n in (2, 5):
        rows[n][7] = ""
    rows[2][4], rows[5][3] = "K", "Kerr2"
    _write_as_excel(tmp_path, HEADER, rows)
    _, _, report = rows_of(tmp_path, plan(columns=("ID",)))
    assert report.flatten("code", "line") == [("I204", 4), ("I204", 7)]


# End to end (rows62): the PowerSchool rostering sample with 24 more students, enough whole rows to tell
# each column (quote_readings.EVIDENCE); student 5012's First_Name cell left out on the night given.
ROSTERING = Path(__file__).resolve().parents[1] / "fixtures" / "powerschool" / "rostering"


def _rostering(folder: Path, *, shifted: bool, withdrawn: bool = False) -> Path:
    import shutil

    shutil.copytree(ROSTERING / "in", folder)
    path = folder / "students.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0].split("\t"), [line.split("\t") for line in lines[1:] if line]
    at = {name: header.index(name) for name in header}
    more = []
    for n in range(1, 25):
        row = list(rows[n % len(rows)])
        row[at["ID"]], row[at["Student_Number"]] = str(100 + n), str(5000 + n)
        row[at["First_Name"]] = f"{NAMES[n % 8]}{n}"
        row[at["Enroll_Status"]], row[at["Family_Ident"]] = "0", ""
        for name in ("Mother", "Father", "Emerg_Contact_1"):
            row[at[name]] = f"Moss{n}, {NAMES[(n + 3) % 8]}" if row[at[name]] else ""
        for name in ("Mother_Email", "Father_Email"):
            row[at[name]] = f"p{n}{at[name]}@mail.example.com" if row[at[name]] else ""
        for name in ("Motherdayphone", "Fatherdayphone", "Emerg_Phone_1"):
            row[at[name]] = f"608-555-{1000 + 3 * n + at[name] % 3:04d}" if row[at[name]] else ""
        if shifted and n == 12:
            del row[at["First_Name"]]  # the SIS job left the cell out: the DOB read as Enroll_Status
        if withdrawn and n == 12:  # review181 R1: withdrawn, no family data, the empty cells cut as Excel does
            row = [*row[: at["Enroll_Status"]], "2", row[at["DOB"]]]
        more.append(row)
    for row in rows if withdrawn else ():
        row[at["Enroll_Status"]] = "0"  # every other student active: status 2 written by no other row
    path.write_text("\r\n".join("\t".join(r) for r in [header, *rows, *more]) + "\r\n", encoding="utf-8")
    return folder


def _night(exports: Path, out: Path, day: int) -> api.RunResult:
    profile = str(ROSTERING / "district.yaml")
    return api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, day)))


def test_a_student_of_the_last_set_read_shifted_and_left_out_is_named(tmp_path: Path) -> None:
    """rows61 T1 end to end: night 1 publishes student 5012; night 2 his row lacks its First_Name cell,
    the DOB is read as Enroll_Status and 'active' leaves him out (F400, on purpose for a whole row).
    The row is suspect (I257): his removal is a problem's (X981), published at exit 1."""
    out = tmp_path / "out"
    assert _night(_rostering(tmp_path / "n1", shifted=False), out, 15).exit_status == 0
    result = _night(_rostering(tmp_path / "n2", shifted=True), out, 16)
    assert result.report.published and result.exit_status == 1
    (named,) = result.report.examples["X981"]
    assert (named.where.record, named.params["reason"]) == ("5012", "F400 inactive-student")
    assert "I277" not in result.report.examples  # named once, by X981


def test_a_first_set_asks_for_a_row_read_shifted_and_left_out(tmp_path: Path) -> None:
    """rows61 left open: a FIRST set whose suspect row a condition left out published at exit 0, and no
    later night asks (the student was never in a set): I277, exit 1 that night."""
    result = _night(_rostering(tmp_path / "in", shifted=True), tmp_path / "out", 16)
    assert result.report.published and result.exit_status == 1
    (said,) = result.report.examples["I277"]
    assert (said.where.record, said.params["reason"]) == ("5012", "F400 inactive-student")
    # review181 R4: it names the column I257 names on the same line, where the row stops fitting
    assert (said.where.line, said.where.column) == (result.report.examples["I257"][0].where.line, "Last_Name")
    assert "'Last_Name'" in said.message
    assert "I257" in result.report.examples


def test_a_first_set_whole_says_nothing(tmp_path: Path) -> None:
    """The same first set with the row whole: nothing suspect, exit 0 (the test above fails for I277 alone)."""
    result = _night(_rostering(tmp_path / "in", shifted=False), tmp_path / "out", 16)
    assert result.exit_status == 0
    assert not {"I257", "I277"} & result.report.examples.keys()


def _student_cell(at: int, n: int) -> str:
    return student(n)[at]


# The columns of the two files below, by name: the n-th row's cell (HEADER's as `student` writes them).
_CELLS: dict[str, Callable[[int], str]] = {
    **{name: functools.partial(_student_cell, at) for at, name in enumerate(HEADER)},
    "Family": lambda n: str(7000 + n) if n % 5 == 0 else "",  # 6 values: a small file's column
    "Mother": lambda n: f"Moss, {NAMES[n % 8]}" if n % 5 == 0 else "",
    "Phone": lambda n: f"608-555-{1000 + n}" if n % 5 == 0 else "",
    "Left": lambda n: f"6/{n}/2026" if n in (3, 9) else "",  # 2 values: a column Excel's cut rows leave empty
    "Back": lambda n: f"8/{n}/2026" if n in (3, 9) else "",
    "Locker": lambda n: str(300 + 7 * n),  # every row's: digits alone, no two alike
    "Enrolled": lambda n: f"8/{1 + n % 28}/2020",
}


def _refitting(folder: Path, header: list[str]) -> tuple[list[int], list[int]]:
    """An honest withdrawn student's row as an Excel save cuts it (status '3', which no other row writes,
    its cells after DOB all empty, dropped) among 30 rows of `header`'s columns: the lines marked suspect,
    and those that refit (`suspects`)."""
    rows = [[_CELLS[name](n) for name in header] for n in range(30)]
    rows[12] = [*student(12)[:5], "3", student(12)[6]]
    (folder / "students.txt").write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return suspects(folder), suspects(folder, refitting=True)


def test_a_row_cut_short_does_not_refit_by_cells_moved_into_a_few_values(tmp_path: Path) -> None:
    """review181 R1: the rare status moved two columns right lands in a column of six numbers, the DOB two
    more in one of six phones: columns so few values tell nothing of (misfit_few takes any such word). That
    reading 'fit', and the honest row of a first set was asked for (I277, exit 1) every night. A moved cell
    counts only in a column that holds it (quote_readings._Column.holds_moved): the row is suspect, no refit."""
    header = [*HEADER[:7], "Family", "Mother", "Phone", "Email"]
    assert _refitting(tmp_path, header) == ([14], [])


def test_a_row_cut_short_does_not_refit_by_a_gap_of_three(tmp_path: Path) -> None:
    """review181 R1: the rare status moved three columns right lands in a column of numbers, the DOB in
    one of dates: it 'fits', but a SIS job leaves out a cell or two, not three (short_rows.GAP_CELLS)."""
    assert _refitting(tmp_path, [*HEADER, "Locker", "Enrolled"]) == ([14], [])


def test_a_first_set_asks_nothing_for_an_honest_withdrawn_row_excel_cut(tmp_path: Path) -> None:
    """review181 R1: student 5012 withdrawn (status 2, which no other row writes), his empty cells after DOB
    cut as Excel saves: suspect (I257), left out by F400 on purpose, and no reading with a cell put back
    fits: no I277, exit 0 (it asked every night, the run never back to exit 0)."""
    result = _night(_rostering(tmp_path / "in", shifted=False, withdrawn=True), tmp_path / "out", 16)
    assert "I257" in result.report.examples and "F400" in result.report.examples
    assert "I277" not in result.report.examples and result.exit_status == 0


def test_a_worker_replays_the_column_of_a_suspect_drop() -> None:
    """review181 R3: the forked worker's own_problem is recorded and replayed by the main process (the
    enrolments, pipeline.overlap): the suspect drop's column goes over with it."""
    events: list[tuple[object, ...]] = []
    worker = Report()
    worker.recorder = events.append
    where = Where(file="students.txt", line=14, table="users", record="5012")
    worker.own_problem(codes.code("inactive-student"), where, [], suspect="Last_Name", shape="0123456789abcdef")
    main = Report()
    for event in events:
        main.replay(event)
    drop = ("users", "5012", "students.txt", 14, "F400", "", "Last_Name", "0123456789abcdef")
    assert main.left_out.suspect_drops == [drop]


@pytest.mark.parametrize(("held", "asked"), [("", 1), ("5012", 0)])
def test_a_suspect_drop_of_a_record_tonight_set_holds_is_not_asked(tmp_path: Path, held: str, asked: int) -> None:
    """review181 R3: a record another row of tonight's set makes (held in the staged users.csv) lost nothing:
    no I277; one no set holds is asked."""
    (tmp_path / "users.csv").write_text(f"sourcedId,givenName\n{held or '900'},Ann\n", encoding="utf-8")
    report = Report()
    report.left_out.suspect_drops.append(("users", "5012", "students.txt", 14, "F400", "Ed", "Last_Name", "ab"))
    suspect_drops.check(report, None, tmp_path)
    assert report.counts.get("I277", 0) == asked


def test_a_small_file_row_does_not_refit_by_a_date_moved_into_digits(tmp_path: Path) -> None:
    """review181 R3: a small school's file (10 rows: quote_readings.misfit_few): a date in Grade_Level (a
    column of digits alone) moved one or two columns right lands in Enroll_Status or Level, digits too:
    no reading fits (misfit_few judges the moved cells too), the row is suspect only."""
    header = [*HEADER[:6], "Level", "DOB"]
    cells: dict[str, Callable[[int], str]] = {**_CELLS, "Level": lambda n: str(1 + n % 3)}
    rows = [[cells[name](n) for name in header] for n in range(10)]
    rows[6] = [*student(6)[:4], "4/4/2015"]
    (tmp_path / "students.txt").write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    assert (suspects(tmp_path), suspects(tmp_path, refitting=True)) == ([8], [])


def test_the_same_row_unchanged_is_asked_once(tmp_path: Path) -> None:
    """review181 R1: a row I277 asked for, as the SIS holds it (the person really is inactive), was asked
    again every night, the run never back to exit 0. Its hash is recorded in last.json (suspect_drops.KEY):
    the next night the same row is not asked; changed (another name typed), it is asked again."""
    out, exports = tmp_path / "out", _rostering(tmp_path / "in", shifted=True)
    assert "I277" in _night(exports, out, 16).report.examples
    again = _night(exports, out, 17)
    assert "I257" in again.report.examples and "I277" not in again.report.examples
    assert again.exit_status == 0
    students = exports / "students.txt"
    lines = students.read_text(encoding="utf-8").split("\r\n")
    (at,) = [n for n, line in enumerate(lines) if "\t5012\t" in line]
    lines[at] = lines[at].replace("\tKerr\t", "\tKerrs\t")
    students.write_text("\r\n".join(lines), encoding="utf-8")
    assert "I277" in _night(exports, out, 18).report.examples
    # the same row in an export named otherwise (a dated name each night): not asked again
    students.rename(exports / "Students.txt")
    renamed = _night(exports, out, 19)
    assert "I257" in renamed.report.examples and "I277" not in renamed.report.examples


def test_a_small_file_row_refits_with_its_first_name_put_back(tmp_path: Path) -> None:
    """A small school's file (10 rows), First_Name left out: the birth date read as the status (misfit_few).
    Put back, each moved cell is of its column's kinds though a few values tell them (a name among names, a
    grade among digits, the date among dates): refits (a first set's condition leaving it out asks, I277),
    where asking each moved cell for a kind misfit_few could tell it misfits found none."""
    rows = [student(n) for n in range(10)]
    row = rows[6]
    rows[6] = [*row[:2], *row[3:]]
    write(tmp_path, rows)
    assert suspects(tmp_path) == [8] == suspects(tmp_path, refitting=True)


def test_a_row_cut_short_does_not_refit_by_cells_moved_into_a_nearly_empty_column(tmp_path: Path) -> None:
    """review181 R1: the rare status and the DOB moved two columns right land in two columns only two rows
    fill (dates both): so few values tell nothing, the reading fits by no evidence (holds_moved:
    FEW_EVIDENCE values at least)."""
    assert _refitting(tmp_path, [*HEADER[:7], "Left", "Back", "Email"]) == ([14], [])
