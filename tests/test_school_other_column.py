"""Students naming their school by another column of the schools export (tester69 F8).

An Aspen-shaped district's students named their school by its School OID while the orgs were keyed
on School ID. The set was refused, rightly, but X976 said the school "is not in the schools
export", though the admin finds it there; X951 blamed the students' conditions and the contacts'
link_where, X975 the contacts' IDs, and Next sent the admin to V504. Here the bundled PowerSchool
district's schools export gains the DCID column a PowerSchool Schools table has, and its students
export names the schools by it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step, ordered_stops

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
DCID = {"100": "5100", "200": "5200"}


def run(exports: Path, out: Path, engine: str) -> api.RunResult:
    options = api.RunOptions(
        profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), now=NOW, engine=engine
    )
    return api.run(options)


def lines_of(export: Path) -> list[str]:
    """The export's lines as the SIS wrote them (Windows-1252, CRLF)."""
    return export.read_bytes().decode("cp1252").split("\r\n")


def write(export: Path, lines: list[str]) -> None:
    export.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def schools_by_dcid(tmp_path: Path, *, students_by_dcid: bool) -> Path:
    """The sample with a School_DCID column in schools.txt; the students name it if asked."""
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    schools = lines_of(exports / "schools.txt")
    header, rows = schools[0], [line for line in schools[1:] if line]
    written = [f"{header}\tSchool_DCID", *(f"{row}\t{DCID[row.split(chr(9))[0]]}" for row in rows)]
    write(exports / "schools.txt", written)
    if students_by_dcid:
        lines = lines_of(exports / "students.txt")
        cells = [line.split("\t") for line in lines if line]
        for row in cells[1:]:
            row[2] = DCID.get(row[2], row[2])  # SchoolID
        write(exports / "students.txt", ["\t".join(row) for row in cells])
    return exports


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_students_naming_schools_by_another_column_are_told_which_column(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "out"
    result = run(schools_by_dcid(tmp_path, students_by_dcid=True), out, engine)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    missing = {p.params["school"]: p for p in result.problems if p.code.id == "X976"}
    assert sorted(missing) == ["5100", "5200"]
    first = missing["5100"]
    assert (first.where.file, first.where.line) == ("students.txt", 2)
    assert first.message.startswith(
        "13 users name school '5100', which is no ID of schools.txt (School_Number, which the orgs' sourcedId "
        "reads) but a value of its School_DCID column: students.txt names its schools by School_DCID: each is "
        "left out (V502)"
    )
    # The cause ranks first, and its step is a join, not V504's "change what leaves them out"
    assert ordered_stops(list(result.problems))[0].code.id == "X976"
    step = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert step == (
        "Next: Join students.txt to schools.txt on School_DCID in users.students (join: school: {source: "
        "schools, on: {<its column>: School_DCID}}) and read orgSourcedIds as {school.School_Number}, and rerun."
    )
    # What follows from it claims no cause of its own: the students' conditions, the parents' links
    stops = {p.code.id for p in result.problems}
    assert not stops & {"X951", "X975"}


def test_a_school_missing_from_every_column_is_still_not_in_the_schools_export(tmp_path: Path) -> None:
    """School 200's row gone, the DCID column beside: X976 says as before that it is not in the export."""
    exports = schools_by_dcid(tmp_path, students_by_dcid=False)
    lines = lines_of(exports / "schools.txt")
    write(exports / "schools.txt", [x for x in lines if x and not x.startswith("200\t")])
    result = run(exports, tmp_path / "out", "python")
    (missing,) = [p for p in result.problems if p.code.id == "X976"]
    assert "'200', which is not in the schools export (schools.txt)" in missing.message
    assert "column" not in missing.params
