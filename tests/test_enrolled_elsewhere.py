"""A user enrolled in a class at a school their users.csv row does not list is given that school
(V593, tester9 item 1): Remind assigns schools from users.csv, so a student of school 100 with a
PowerSchool cc row in a section of school 200 would sit in a class of a school that does not
have them. The school is added to the student's orgSourcedIds and to their guardians', reported
once per user and school with one class; the summary counts them at both. Both engines, in one
process and with the enrolments in a second one, give the same bytes. Then the pass itself, on
written files: quoted IDs, a guardian sorted before their child, nothing to add."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform.pipeline import user_schools
from transform.report.report import Report

POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
# Student 900 (number 005001, SchoolID 100) in two sections of school 200, as PowerSchool writes
# such cc rows (cc.SchoolID the section's school).
AT_ANOTHER_SCHOOL = ("900\t2001\t3600\t200\t08/17/2026\t05/29/2027", "900\t2003\t3601\t200\t08/17/2026\t01/16/2027")
STUDENT, GUARDIAN = "005001", "G53d2c9f92944"


def _users(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("jobs", [1, 2], ids=["one process", "worker"])
def test_a_cc_row_at_another_school_adds_the_school_to_the_student_and_guardians(tmp_path: Path, jobs: int) -> None:
    exports = tmp_path / "in"
    shutil.copytree(POWERSCHOOL, exports)
    with (exports / "cc.txt").open("a", encoding="utf-8", newline="") as handle:
        handle.write("".join(f"{row}\r\n" for row in AT_ANOTHER_SCHOOL))
    runs = both_engines(tmp_path, profile="powerschool", in_dir=exports, as_of=dt.date(2026, 10, 15), jobs=jobs)
    assert runs[1].report.facts["columnar"]["enrollments.students"]["silent"] > 0  # written in bulk
    result, out = runs[0], tmp_path / "python"
    assert result.exit_status == 0
    users = _users(out)
    assert users[STUDENT]["orgSourcedIds"] == "100,200"
    assert users[GUARDIAN]["orgSourcedIds"] == "100,200"  # a guardian belongs to their children's schools
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        there = {r["sourcedId"]: r["schoolSourcedId"] for r in csv.DictReader(handle) if r["userSourcedId"] == STUDENT}
    assert there["2001-005001"] == there["2003-005001"] == "200"

    (added,) = result.report.examples["V593"]  # one per user and school, not per enrolment
    assert added.code.severity.value == "info" and added.code.action.value == "repair"
    line = 1 + list(users).index(STUDENT) + 1  # the published users.csv's line
    assert (added.where.file, added.where.line, added.where.column, added.where.record) == (
        "users.csv",
        line,
        "orgSourcedIds",
        STUDENT,
    )
    assert added.message == (
        "users: student '005001' is enrolled in class '2001' at school '200' (enrolment '2001-005001', and 1 "
        "more at that school), which their orgSourcedIds '100' do not list; Remind assigns schools from "
        "users.csv, so '200' is added to their orgSourcedIds (and to their guardians': 'G53d2c9f92944')"
    )
    # The summary counts the student and the parent at both schools.
    by_school = {s["school"]: s["by_role"] for s in result.report.facts["users"]["by_school"]}
    assert by_school["200"]["student"] == sum(
        1 for u in users.values() if u["role"] == "student" and "200" in u["orgSourcedIds"].split(",")
    )
    assert by_school["200"]["parent"] == sum(
        1 for u in users.values() if u["role"] == "parent" and "200" in u["orgSourcedIds"].split(",")
    )
    assert sum(result.report.facts["users"]["by_role"].values()) == len(users)


USERS = (
    "sourcedId,orgSourcedIds,role,givenName,familyName,identifier,agentSourcedIds\r\n"
    'a-parent,s1,parent,Pat,Doe,,"s,2"\r\n'  # sorted before the child
    "s1-kid,s1,student,Kim,Doe,K1,a-parent\r\n"
    '"s,2",s1,student,Sam,Doe,K2,a-parent\r\n'  # an ID holding a comma: quoted
    't1,"s1,s3",teacher,Tia,Ray,T1,\r\n'
    "z-parent,s9,guardian,Zed,Doe,,s1-kid\r\n"
)
ENROLMENTS = (
    "sourcedId,classSourcedId,schoolSourcedId,userSourcedId,role\r\n"
    '"e,1",c1,s1,"s,2",student\r\n'
    '"e,2","c,9",s2,"s,2",student\r\n'  # at s2, through a quoted class ID
    "e3,c3,s3,t1,teacher\r\n"  # t1 is at s3 already
    "e4,c4,s4,t1,teacher\r\n"
    "e5,c1,s1,s1-kid,student\r\n"
    "e6,c5,s2,gone,student\r\n"  # a user users.csv does not hold: nothing to add to
)


def _written(tmp_path: Path, users: str = USERS, enrolments: str = ENROLMENTS) -> Path:
    (tmp_path / "users.csv").write_text(users, encoding="utf-8", newline="")
    (tmp_path / "enrollments.csv").write_text(enrolments, encoding="utf-8", newline="")
    return tmp_path


def test_the_pass_adds_schools_by_quoted_ids_and_to_a_guardian_sorted_before_the_child(tmp_path: Path) -> None:
    folder = _written(tmp_path)
    report = Report()
    report.people = Counter({("parent", "s1"): 1, ("student", "s1"): 2, ("teacher", "s1,s3"): 1, ("guardian", "s9"): 1})
    assert user_schools.add_enrolled_schools(folder, report)
    assert (folder / "users.csv").read_bytes().decode() == (
        "sourcedId,orgSourcedIds,role,givenName,familyName,identifier,agentSourcedIds\r\n"
        'a-parent,"s1,s2",parent,Pat,Doe,,"s,2"\r\n'
        "s1-kid,s1,student,Kim,Doe,K1,a-parent\r\n"
        '"s,2","s1,s2",student,Sam,Doe,K2,a-parent\r\n'
        't1,"s1,s3,s4",teacher,Tia,Ray,T1,\r\n'
        "z-parent,s9,guardian,Zed,Doe,,s1-kid\r\n"  # their child was given no school
    )
    found = {(p.where.record, p.params["school"]): p for p in report.examples["V593"]}
    assert set(found) == {("s,2", "s2"), ("t1", "s4")}
    kid = found["s,2", "s2"]
    assert (kid.where.line, kid.params["class_id"], kid.params["enrollment"]) == (4, "c,9", "e,2")
    assert kid.params["guardians"] == " (and to their guardians': 'a-parent')"
    assert kid.where.who == ("s2", "Sam Doe", "K2")
    assert found["t1", "s4"].params["guardians"] == ""
    people = {key: n for key, n in report.people.items() if n}
    assert people == {
        ("parent", "s1,s2"): 1,
        ("student", "s1"): 1,
        ("student", "s1,s2"): 1,
        ("teacher", "s1,s3,s4"): 1,
        ("guardian", "s9"): 1,
    }


def test_nothing_to_add_leaves_users_csv_as_it_was(tmp_path: Path) -> None:
    enrolments = ENROLMENTS.splitlines(keepends=True)[0] + "e3,c3,s3,t1,teacher\r\ne6,c5,s2,gone,student\r\n"
    folder = _written(tmp_path, enrolments=enrolments)
    before = (folder / "users.csv").stat()
    report = Report()
    assert not user_schools.add_enrolled_schools(folder, report)
    after = (folder / "users.csv").stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert (folder / "users.csv").read_bytes().decode() == USERS
    assert not report.counts


def test_a_quoted_line_is_read_as_csv_even_where_its_split_cells_would_pass(tmp_path: Path) -> None:
    # Split at every comma, the enrolment line reads user 's7' at school 'c1', which users.csv has.
    users = "sourcedId,orgSourcedIds,role\r\n" + '"s,2",s1,student\r\ns7,c1,teacher\r\n'
    enrolments = ENROLMENTS.splitlines(keepends=True)[0] + '"e,7",c1,s7,"s,2",student\r\n'
    folder = _written(tmp_path, users, enrolments)
    report = Report()
    assert user_schools.add_enrolled_schools(folder, report)
    assert (folder / "users.csv").read_bytes().decode() == (
        "sourcedId,orgSourcedIds,role\r\n" + '"s,2","s1,s7",student\r\ns7,c1,teacher\r\n'
    )
    (added,) = report.examples["V593"]
    assert (added.where.record, added.params["school"], added.params["enrollment"]) == ("s,2", "s7", "e,7")
