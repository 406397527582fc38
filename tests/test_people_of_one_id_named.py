"""Two records under one user ID, said so a reader finds both (tester9 items 14 and 15).

- The first record's place names its file: "students.txt line 3", never a bare "line 3" that
  reads as a line of the file the second record is on (V501, V537).
- A teacher who is also a parent (one person, one ID, in SDS v2.1 and OneRoster 1.2): Remind's
  users.csv gives a user one role, so the parent record is left out; the message names the
  students who lose the link and why (V597), not only "already written with different data"."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)


def run(profile: str, folder: Path, out: Path) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=AS_OF))


def test_a_student_and_a_teacher_sharing_an_id_name_the_file_of_the_first_row(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", folder)
    teachers = folder / "teachers.txt"
    text = teachers.read_bytes().decode("cp1252")
    assert "\t5002\tT1002\t" in text
    teachers.write_bytes(text.replace("\t5002\tT1002\t", "\t5002\t5002\t", 1).encode("cp1252"))
    result = run("powerschool", folder, tmp_path / "out")
    # Two numbering series of the SIS meeting (Student_Number, TeacherNumber): nothing published,
    # both people's rows named (V556, tests/test_id_series_overlap.py; it was V537, a drop).
    (conflict,) = [p for p in result.report.examples["V556"] if p.params["id"] == "5002"]
    assert "a student on students.txt line 3" in conflict.message
    assert "a teacher on teachers.txt line 3" in conflict.message


def test_a_teacher_who_is_a_parent_says_which_student_loses_the_link(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "sds-v2" / "district" / "in", folder)
    with (folder / "relationships.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("st4,t2,parent\n")
    users = folder / "users.csv"  # her email as a parent too (without one, the parent has no contact: V515)
    text = users.read_text(encoding="utf-8")
    old = "t2,omar.reed@lakeshore.example.org,Omar,Reed,,omar.reed@lakeshore.example.org,,"
    assert old in text
    users.write_text(text.replace(old, old[:-1] + "omar.reed@lakeshore.example.org,"), encoding="utf-8")
    result = run("sds-v2", folder, tmp_path / "out")
    assert result.exit_status == 0
    (taken,) = result.report.examples["V597"]
    assert (taken.where.file, taken.params["id"], taken.params["kept_role"]) == ("relationships.csv", "t2", "teacher")
    assert "a parent of 'st4'" in taken.message and "roles.csv line " in taken.message
    assert not [p for p in result.report.examples.get("V501", []) if p.params["id"] == "t2"]
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    assert users["t2"]["role"] == "teacher"  # the staff record is kept
    assert "t2" not in users["st4"]["agentSourcedIds"].split(",")
