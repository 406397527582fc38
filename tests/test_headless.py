"""An export written with its column headers switched off (PowerSchool AutoSend's "Include column
headers" unticked): its first line is a data row. Said once, I206 with the option to switch back
on (exit 1), not a missing column per column the profile reads (tester69 P4: eight I295 lines
"found: 1, 40000, ..." and "put the column back in the SIS export"). Its I207 (a data cell twice, a
parent's name) is not said, not even with --redact (review137 R6), and the option is named for no SIS
(R8). An export of one row, or with too few numbers to tell, says I201 with the possibility beside it,
its cells redacted by --redact (R5); a header named otherwise, or numbered 1, 2, 3, is not taken for data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import headless
from transform.profile import suggest
from transform.report.problem import redacted_params
from transform.report.summary import next_step

ROSTERING = FIXTURES / "powerschool" / "rostering"


def run(tmp_path: Path, name: str = "students.txt", rows: int = 0) -> api.RunResult:
    """The rostering fixture with `name`'s header line left out (`rows`: only its first rows kept)."""
    exports = tmp_path / "in"
    shutil.copytree(ROSTERING / "in", exports)
    students = exports / name
    first, rest = students.read_text(encoding="utf-8").split("\n", 1)
    assert first.startswith(("ID\tStudent_Number", "SectionID\tTeacherID"))
    students.write_text("".join(f"{line}\n" for line in rest.splitlines()[:rows]) if rows else rest, encoding="utf-8")
    options = api.RunOptions(
        profile=str(ROSTERING / "district.yaml"), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
    )
    return api.run(options)


def test_an_export_without_its_header_row_is_said_once(tmp_path: Path) -> None:
    result = run(tmp_path)
    assert not result.report.published and result.exit_status == 1
    (said,) = result.problems
    assert said.code.id == "I206" and (said.where.file, said.where.line) == ("students.txt", 1)
    assert said.message.startswith("students.txt: cannot read: it has no header row: line 1 is data (1, 1001, 100, Ava")
    assert "I201" not in result.report.counts and "I295" not in result.report.counts
    assert "1001" not in said.params["detail_redacted"]
    # 'Quinn' twice on the first student's row is no column named twice (review137 R6: --redact printed it)
    assert "I207" not in result.report.counts
    step = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert step.startswith("Next: Switch the column headers back on in the students export")
    assert "PowerSchool" not in step  # the option is every SIS's (review137 R8)


def test_an_export_of_one_row_without_its_header_says_the_possibility_beside_i201(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        suggest, "other_profile", lambda *_, **__: None
    )  # a second of ranking profiles, not judged here
    result = run(tmp_path, "sectionteacher.txt", rows=1)
    assert not result.report.published and "I206" not in result.report.counts
    said = [p for p in result.problems if p.code.id == "I201"]
    assert [p.params["column"] for p in said] == ["SectionID", "TeacherID"]
    assert "(found: 101, 1, com.pearson" in said[0].message
    assert (
        "; line 1 names none of the columns the profile reads and holds 2 values shaped as an ID or a date "
        "(101, 08/17/2026): it may be a data row" in said[0].message
    )
    assert "08/17/2026" not in str(redacted_params(said[0].params)["found"])
    step = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert step.startswith("Next: If line 1 of sectionteacher.txt is a data row, switch the column headers back on")


def test_looks_like_data_wants_the_rows_shape() -> None:
    rows = [["2", "1002", "Ben", "4/2/2014"], ["3", "1003", "Cam", "5/3/2019"]]
    assert headless.looks_like_data(["1", "1001", "Ava", "3/1/2018"], rows)
    assert not headless.looks_like_data(["1", "1001", "Ava"], rows)  # another cell count
    assert not headless.looks_like_data(["ID", "Number", "Name", "Born"], rows)  # a template's other names
    assert not headless.looks_like_data(["1", "Number", "Name", "Born"], rows)  # one number is no row
    assert not headless.looks_like_data(["1", "1001", "Ava", "3/1/2018"], [["x", "y", "Ben", "z"]])
    # a header of codes and column numbers holds no ID or date (review137 R5)
    assert not headless.looks_like_data(["1", "2", "Name", "3"], [["7", "8", "Ben", "9"]])


def test_maybe_no_header_wants_an_id_or_a_date_of_the_rows_kind() -> None:
    def maybe(first: list[str], rows: list[list[str]]) -> str:
        return headless.maybe_no_header(first, rows, "schools.txt", 1, "schools").get("found", "")

    # schools.txt '100,Cedar Elementary': one number, too few to tell; the possibility is said
    assert "holds 1 value shaped as an ID or a date (100)" in maybe(["100", "Cedar Elementary"], [["200", "Birch"]])
    assert "(101, 08/17/2026)" in maybe(["101", "1", "08/17/2026"], [])  # one row: nothing to compare
    assert not maybe(["School Number", "Name"], [["200", "Birch"]])  # renamed
    assert not maybe(["1", "2", "3"], [["200", "300", "400"]])  # numbered columns
    assert not maybe(["100", "Cedar Elementary"], [["Birch", "200"]])  # not the rows' kind
