"""A teacher whose only role is at the district, teaching at a school (tester50 M4).

OneRoster 1.2 lets a role sit at any org: Ivan Itinerant (u-t3), a music teacher who travels
between schools, has his teacher role at the district (d-9) and teaches cl-2 at sch-2 by
enrollments.csv. He was left out (V502: 'd-9' is no school) with his enrolment, and cl-2 lost a
teacher at exit 0. A district expects him to be cl-2's teacher: he is published at the schools
of his enrolments in a staff role, each said (V593). Sue, a district administrator with no class,
stays out (V502): nothing places her at a school."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines

RIVERBEND = FIXTURES / "oneroster-1.2" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def read(out: Path, name: str) -> dict[str, dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def riverbend_with_district_staff(folder: Path) -> Path:
    shutil.copytree(RIVERBEND, folder)

    def add(file: str, *lines: str) -> None:
        path = folder / file
        path.write_text(path.read_text(encoding="utf-8") + "".join(f"{line}\n" for line in lines), encoding="utf-8")

    add(
        "users.csv",
        "u-t3,,,TRUE,itin,,Ivan,Itinerant,,T03,ivan@riverbend.example.org,,,,,,,,,,,d-9,",
        "u-a2,,,TRUE,sup,,Sue,Perintendent,,A02,sue@riverbend.example.org,,,,,,,,,,,d-9,",
    )
    add(
        "roles.csv",
        "r-34,,,u-t3,primary,teacher,2026-08-24,,d-9,",
        "r-30,,,u-a2,primary,districtAdministrator,2026-08-24,,d-9,",
    )
    add("enrollments.csv", "e-22,,,cl-2,sch-2,u-t3,teacher,FALSE,,")
    return folder


def test_a_district_level_teacher_is_published_at_the_school_of_her_classes(tmp_path: Path) -> None:
    exports = riverbend_with_district_staff(tmp_path / "in")
    python, _ = both_engines(tmp_path / "run", profile="oneroster-1.2", in_dir=exports, as_of=AS_OF)
    assert python.exit_status == 0, python.problems
    out = tmp_path / "run" / "python"
    users = read(out, "users.csv")
    assert (users["u-t3"]["role"], users["u-t3"]["orgSourcedIds"]) == ("teacher", "sch-2")
    enrolment = read(out, "enrollments.csv")["e-22"]
    assert (enrolment["classSourcedId"], enrolment["userSourcedId"], enrolment["role"]) == ("cl-2", "u-t3", "teacher")

    (placed,) = [p for p in python.report.examples["V593"] if p.params["id"] == "u-t3"]
    assert (placed.where.file, placed.where.line) == ("roles.csv", 16)  # r-34
    assert placed.params["school"] == "sch-2" and placed.params["enrollment"] == "e-22"
    assert "'d-9' is an org of type 'district', no school" in placed.message

    # No class places the district administrator: she stays out, said as before.
    assert "u-a2" not in users
    (out_of_set,) = [p for p in python.report.examples["V502"] if p.where.record == "u-a2"]
    assert "'d-9'" in out_of_set.message
    assert not [p for p in python.report.examples.get("V504", []) if "u-t3" in p.message]
