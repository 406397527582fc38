"""A record that names a record left out follows it, whatever else is wrong with it. A withdrawn
student's demographics row with no birth date was a D304 error, counted against students.txt: a
PowerSchool export holds its withdrawn and pre-registered students, where the missing birth dates
are, and four of them refused the whole district every night (X915, tester9 item 9)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from transform import api

DISTRICT = Path(__file__).resolve().parent.parent / "fixtures" / "powerschool" / "district" / "in"


def withdrawn_without_birth_dates(folder: Path, students: tuple[str, ...]) -> Path:
    shutil.copytree(DISTRICT, folder)
    path = folder / "students.txt"
    text = path.read_bytes().decode("latin-1")  # the fixture is cp1252: every byte kept as it is
    ending = "\r\n" if "\r\n" in text else "\n"
    header, *rows = text.split(ending)[:-1]
    names = header.split("\t")
    number, status, dob = names.index("Student_Number"), names.index("Enroll_Status"), names.index("DOB")
    changed = []
    for row in rows:
        cells = row.split("\t")
        if cells[number] in students:
            cells[status], cells[dob] = "2", ""  # withdrawn, and the SIS never had the date
        changed.append("\t".join(cells))
    path.write_bytes((ending.join([header, *changed]) + ending).encode("latin-1"))
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_withdrawn_students_without_birth_dates_do_not_refuse_the_district(tmp_path: Path, engine: str) -> None:
    exports = withdrawn_without_birth_dates(tmp_path / "in", ("005001", "5002", "5003", "5004"))
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            engine=engine,
            max_examples=1000,
        )
    )
    assert result.exit_status == 0, [p.message for p in result.problems]
    follows = {p.where.record for p in result.report.examples["V504"] if p.where.table == "demographics"}
    assert {"005001", "5002", "5003", "5004"} <= follows
    missing = {p.where.record for p in result.report.examples.get("D304", []) if p.where.table == "demographics"}
    assert not missing & {"005001", "5002", "5003", "5004"}
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8").splitlines()
    assert not [row for row in users if row.startswith("5002,")]  # the withdrawn student is not published
