"""Hostile exports and folders: each is refused with file and line, or repaired and reported."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import read
from transform.profile.compile import SourcePlan
from transform.report.problem import TransformAbort
from transform.report.report import Report

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def read_one(tmp_path: Path, data: bytes) -> tuple[list[tuple[int, list[str]]], Report]:
    (tmp_path / "students.txt").write_bytes(data)
    plan = SourcePlan("students", ("students.txt",), True, "auto", "auto", ("ID", "Name"), (), {})
    report = Report()
    found = read.find_sources(tmp_path, {"students": plan}, report)
    return [(r.line, r.cells) for r in read.iter_rows(found["students"], report)], report


def refused(tmp_path: Path, data: bytes) -> list[str]:
    with pytest.raises(TransformAbort) as caught:
        read_one(tmp_path, data)
    return [str(p) for p in caught.value.problems]


def test_an_unbalanced_quote_is_refused_at_its_line(tmp_path: Path) -> None:
    problems = refused(tmp_path, b'ID,Name\n1,Ann\n2,"Bo\n3,Cy\n4,Di\n')
    assert problems == [p for p in problems if p.startswith("students.txt:3 [Name]: I209 quote-unbalanced")]
    assert "the quote opened at line 3 in column 'Name' is not closed" in problems[0]
    assert "swallows lines 3-5" in problems[0]


def test_a_stray_quote_names_its_column_and_the_record_it_is_in(tmp_path: Path) -> None:
    # A quote typed before Liam Garcia's family name (tester44 F13): the line alone left the admin
    # to count tabs to the cell, and to find the student in the SIS by the line's other cells.
    exports = tmp_path / "exports"
    shutil.copytree(SAMPLE, exports)
    data = (exports / "students.txt").read_bytes()
    (exports / "students.txt").write_bytes(
        data.replace(b"\t5002\t100\tLiam\t\tGarcia\t", b'\t5002\t100\tLiam\t\t"Garcia\t')
    )
    options = api.RunOptions(
        profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
    )
    result = api.run(options)
    (problem,) = result.report.aborts
    assert problem.code.id == "I209" and result.exit_status == 1  # the export's data: exit 1, not 2 (exit56)
    assert (problem.where.line, problem.where.column, problem.where.record) == (3, "Last_Name", "5002")
    assert problem.message.startswith(
        "students.txt: the quote opened at line 3 in column 'Last_Name' of the record Student_Number '5002' is "
        "not closed where it should be"
    )


def test_a_genuine_line_break_in_a_quoted_cell_is_read(tmp_path: Path) -> None:
    rows, report = read_one(tmp_path, b'ID,Name\n1,"Ann\nMarie"\n2,Bo\n')
    assert rows == [(2, ["1", "Ann\nMarie"]), (4, ["2", "Bo"])] and not report.counts


def test_many_lines_in_one_record_are_refused(tmp_path: Path) -> None:
    body = "\n".join(f"line {i}" for i in range(30))
    assert "I209" in refused(tmp_path, f'ID,Name\n1,"{body}"\n'.encode())[0]


@pytest.mark.parametrize(
    ("data", "rows", "codes"),
    [
        (b"ID,Name\n1,A\x00nn\n", [(2, ["1", "Ann"])], {"I210"}),
        ("ID,Name\n1,\ufeffAnn\u200b\n".encode(), [(2, ["1", "Ann"])], {"I210"}),
        # the unit separator, the tool's own list separator: "Har\x1fper" was published "Har, per" (tester42 F1)
        (b"ID,Name\n1,Har\x1fper\n", [(2, ["1", "Harper"])], {"I210"}),
        ("ID,Name\n1,Zoë\n".encode("utf-16"), [(2, ["1", "Zoë"])], {"I211"}),
        ("ID,Name\n1,Zoë\n".encode("utf-16-be").join([b"\xfe\xff", b""]), [(2, ["1", "Zoë"])], {"I211"}),
        (b"Student export, 2026-10-15\n\nID,Name\n1,Ann\n", [(4, ["1", "Ann"])], {"I212"}),
        (b"ID,Name\r\n1,Ann\n2,Bo\r3,Cy\r\n", [(2, ["1", "Ann"]), (3, ["2", "Bo"]), (4, ["3", "Cy"])], set()),
        (b"ID,Name,\n1,Ann,\n2,Bo,\n", [(2, ["1", "Ann", ""]), (3, ["2", "Bo", ""])], set()),
        (b"ID,Name\n1," + b"x" * 10_000_000 + b"\n", [(2, ["1", "x" * 10_000_000])], set()),
        (b"ID,Name\n\xff\xfe1,Ann\n", [(2, ["\xff\xfe1", "Ann"])], {"I202"}),
    ],
)
def test_damaged_text_is_read_and_reported(tmp_path: Path, data: bytes, rows: list[object], codes: set[str]) -> None:
    got, report = read_one(tmp_path, data)
    assert got == rows
    assert set(report.counts) == codes


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # a blank header line above data; 0 bytes, or only line ends or a BOM, is an empty export (X910)
        (b"\r\n1,Ann\r\n", "(found: nothing)"),
        (b"ID,Nmae\n1,Ann\n", "did you mean 'Nmae'?"),
        # one column twice: the rows decide, never the header's order (tester51 F3)
        (b"ID,ID,Name\n1,1,Ann\n", None),
        (
            b"ID,ID,Name\n1,2,Ann\n",
            "holds one column 2 times ('ID' cell 1, 'ID' cell 2), and on 1 row they hold different values",
        ),
    ],
)
def test_headers(tmp_path: Path, data: bytes, expected: str | None) -> None:
    if expected is None:
        rows, report = read_one(tmp_path, data)
        assert report.flatten("code") == [("I207",)] and rows == [(2, ["1", "1", "Ann"])]
    else:
        assert expected in refused(tmp_path, data)[0]


def run(tmp_path: Path, exports: Path, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15), **options
        )
    )  # type: ignore[arg-type]


def test_a_zip_of_exports_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in SAMPLE.iterdir():
            handle.write(path, arcname=f"nightly/{path.name}")
    result = run(tmp_path, archive)
    assert result.exit_status == 0
    expected = FIXTURES / "powerschool" / "district" / "expected"
    assert (tmp_path / "out" / "users.csv").read_bytes() == (expected / "users.csv").read_bytes()


@pytest.mark.parametrize("kept", [0.6, 0.95, -10], ids=["60%", "95%", "all-but-10-bytes"])
def test_a_zip_cut_off_while_written_says_it_is_incomplete(tmp_path: Path, kept: float) -> None:
    """tester4 case zip: a zip cut off while written or copied was `I206 ... File is not a zip
    file` (exit 2, "make the file readable"). It begins as a zip and lacks the end every zip
    has: X957 (exit 1) as an export cut off mid-row, naming the zip and saying it is incomplete."""
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(SAMPLE.iterdir()):
            handle.write(path, arcname=path.name)
    data = whole.read_bytes()
    archive = tmp_path / "exports.zip"
    archive.write_bytes(data[: int(len(data) * kept)] if kept > 0 else data[: int(kept)])
    result = run(tmp_path, archive)
    assert result.exit_status == 1
    (problem,) = result.problems
    assert problem.code.id == "X957" and str(problem).startswith("exports.zip: X957")
    assert "so it is incomplete" in str(problem) and "rerun the export" in str(problem)
    assert not (tmp_path / "out").exists()


def test_a_file_that_is_no_zip_at_all_stays_unreadable(tmp_path: Path) -> None:
    archive = tmp_path / "exports.zip"
    archive.write_bytes(b"<html><body>Session expired</body></html>\n")
    result = run(tmp_path, archive)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED  # the exports', not the command's (exit56)
    assert [p.code.id for p in result.problems] == ["I206"]


def test_an_empty_zip_names_the_zip_not_a_temporary_folder(tmp_path: Path) -> None:
    """Its exports were said to be missing from /tmp/transform-in-XXXX, a folder the admin never
    saw and that is gone after the run."""
    archive = tmp_path / "empty.zip"
    zipfile.ZipFile(archive, "w").close()
    result = run(tmp_path, archive)
    assert result.exit_status == api.EXIT_USAGE
    assert {p.code.id for p in result.problems} == {"I200"} and len(result.problems) == 7
    for problem in result.problems:
        assert f"not found in {archive} (" in str(problem) and "transform-in-" not in str(problem)


def test_a_zip_with_two_candidates_for_one_export_is_refused_naming_both(tmp_path: Path) -> None:
    """Flattened, the last member of a name won: a first run published 3 of 49 students."""
    archive = tmp_path / "exports.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for path in SAMPLE.iterdir():
            handle.write(path, arcname=f"old/{path.name}")
        students = (SAMPLE / "students.txt").read_bytes().split(b"\n")
        handle.writestr("2026/students.txt", b"\n".join(students[:4]) + b"\n")
        handle.writestr("2026/Teachers.CSV", (SAMPLE / "teachers.txt").read_bytes())
        handle.writestr("2026/readme.txt", "two folders")
        handle.writestr("old/readme.txt", "not an export: may be flattened")
    result = run(tmp_path, archive)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED  # I203: the exports hold two, not the command (exit56)
    assert [str(p) for p in result.problems] == [
        "exports.zip: I203 source-ambiguous: export 'students': several files match in exports.zip: "
        "old/students.txt, 2026/students.txt; keep one",
        "exports.zip: I203 source-ambiguous: export 'teachers': several files match in exports.zip: "
        "old/teachers.txt, 2026/Teachers.CSV; keep one",
    ]
    assert not (tmp_path / "out").exists()


def test_zip_slip_and_zip_bombs_are_refused(tmp_path: Path) -> None:
    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(slip, "w") as handle:
        handle.writestr("../../etc/students.txt", "ID\n1\n")
    assert [p.code.id for p in run(tmp_path, slip).problems] == ["I213"]
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("students.txt", b"0" * 50_000_000)
    with pytest.raises(TransformAbort) as caught, read.unpacked(bomb, limit=10_000_000):
        pass
    assert [p.code.id for p in caught.value.problems] == ["I214"]
    assert not (tmp_path / "etc").exists()


def test_folder_problems(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    (exports / "cc.txt").unlink()
    (exports / "cc.txt").mkdir()
    result = run(tmp_path, exports)
    assert result.exit_status == 1 and "it is a folder, not a file" in str(result.problems[0])
    (exports / "cc.txt").rmdir()
    outside = tmp_path / "elsewhere.txt"
    shutil.copyfile(SAMPLE / "cc.txt", outside)
    (exports / "cc.txt").symlink_to(outside)
    linked = run(tmp_path, exports)
    assert linked.exit_status == 0 and linked.report.counts["I215"] == 1


def test_a_character_cut_off_at_the_end_falls_back_to_cp1252(tmp_path: Path) -> None:
    rows, report = read_one(tmp_path, b"ID,Name\n1,Ann\xe2")
    assert rows == [(2, ["1", "Ann\u00e2"])] and set(report.counts) == {"I202"}


def test_broken_utf16_is_refused_not_crashed(tmp_path: Path) -> None:
    problems = refused(tmp_path, "ID,Name\n1,Ann\n".encode("utf-16") + b"\x00")
    assert "I206 source-unreadable" in problems[0]


def test_an_export_the_job_may_not_read_names_the_account_to_give_it(tmp_path: Path) -> None:
    """I206 'cannot read: Permission denied' gave no fix (tester64): the SIS export job's files
    readable by its own account only. The words name the account this job runs as and the fix."""
    import os
    import pwd

    from transform.pipeline.read import unreadable

    said = unreadable(PermissionError(13, "Permission denied"))
    account = pwd.getpwuid(os.geteuid()).pw_name
    assert said.startswith(f"Permission denied: make it readable by {account}, the account this job runs as")
    assert "umask" in said and said.endswith("and rerun")
    assert unreadable(OSError(5, "Input/output error")) == "Input/output error"
