"""One student published twice under two IDs (V553, tester80 T2 and T3): a students export with a
copy of a student under a new ID (same name, birth date, guardians), or a row typed again under
the ID in lower case with the same student number, was published as two people at exit 0, nothing
said. Twins and two students of one name and birth date with other families stay quiet; a pair the
last set held both of is not said again."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.pipeline import student_twice
from transform.report.report import Report

CLEVER = FIXTURES / "clever" / "district"
USERS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
)
DEMOGRAPHICS = "sourcedId,status,dateLastModified,birthDate\n"


def _student(sid: str, given: str, family: str, number: str, guardians: str = "", email: str = "") -> str:
    return f"{sid},,,true,100,student,{sid},,{given},{family},,{number},{email},,,{guardians},03,\n"


def _set(folder: Path, students: list[str], births: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "users.csv").write_text(USERS + "".join(students), encoding="utf-8")
    rows = "".join(f"{sid},,,{birth}\n" for sid, birth in births.items())
    (folder / "demographics.csv").write_text(DEMOGRAPHICS + rows, encoding="utf-8")
    return folder


def _said(folder: Path, last: Path | None = None) -> list[dict[str, object]]:
    report = Report()
    student_twice.check(folder, report, last=last)
    return [p.params for p in report.examples.get("V553", [])]


def test_a_copy_under_a_new_id_with_the_same_guardian_is_said(tmp_path: Path) -> None:
    """T3: the same name, birth date and guardian under a new ID and student number."""
    folder = _set(
        tmp_path / "set",
        [_student("1001", "Ava", "Quinn", "1001", "G1"), _student("100191", "AVA", "Quinn", "100191", "G1")],
        {"1001": "2018/03/01", "100191": "2018/03/01"},
    )
    (said,) = _said(folder)
    assert (said["first"], said["id"]) == ("1001", "100191")
    assert said["evidence"] == "guardian G1"


def test_an_id_in_other_letter_case_with_the_student_number_is_said(tmp_path: Path) -> None:
    """T2: s1001 beside S1001 with student number 1001, even under another given name."""
    folder = _set(
        tmp_path / "set",
        [_student("S1001", "Linh", "Nguyen", "1001"), _student("s1001", "Other", "Nguyen", "1001")],
        {"S1001": "2021-03-14", "s1001": "2021-03-14"},
    )
    (said,) = _said(folder)
    assert (said["first"], said["id"]) == ("S1001", "s1001")
    assert "letter case" in str(said["evidence"]) and "identifier '1001'" in str(said["evidence"])


def test_an_id_without_its_leading_zeros_and_the_same_name_is_said(tmp_path: Path) -> None:
    folder = _set(
        tmp_path / "set",
        [_student("0101", "Maya", "Neil", "A1"), _student("101", "Maya", "Neil", "B2")],
        {"0101": "2018/05/14", "101": "2018/05/14"},
    )
    (said,) = _said(folder)
    assert "leading zeros" in str(said["evidence"])


def test_twins_and_two_students_of_one_name_and_birth_date_are_not_said(tmp_path: Path) -> None:
    """Twins share family name, birth date and guardians under other given names; two students of
    one name and birth date with other guardians, numbers and emails are two children."""
    folder = _set(
        tmp_path / "set",
        [
            _student("2001", "Ava", "Smith", "2001", "G7"),
            _student("2002", "Ella", "Smith", "2002", "G7"),
            _student("3001", "Noah", "Lee", "3001", "G8", "noah.lee@kids.example.org"),
            _student("4001", "Noah", "Lee", "4001", "G9", "noah.lee2@kids.example.org"),
            _student("5001", "Ella", "Smith", "5001", "G7"),  # Ella again under a new ID: said alone
        ],
        {"2001": "2017/07/02", "2002": "2017/07/02", "3001": "2016/01/01", "4001": "2016/01/01", "5001": "2017/07/02"},
    )
    assert [(said["first"], said["id"]) for said in _said(folder)] == [("2002", "5001")]


def test_a_pair_the_last_set_held_both_of_is_not_said_again(tmp_path: Path) -> None:
    students = [_student("1001", "Ava", "Quinn", "1001", "G1"), _student("100191", "Ava", "Quinn", "100191", "G1")]
    births = {"1001": "2018/03/01", "100191": "2018/03/01"}
    tonight = _set(tmp_path / "set", students, births)
    both = _set(tmp_path / "both", students, births)
    one = _set(tmp_path / "one", students[:1], {"1001": "2018/03/01"})
    assert _said(tonight, last=both) == []
    assert [said["id"] for said in _said(tonight, last=one)] == ["100191"]


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_student_typed_again_under_a_new_id_publishes_and_exits_1(tmp_path: Path, target: str) -> None:
    """The whole run, both engines: Linh Nguyen's row again under S1901 (same guardian C501)."""
    exports = tmp_path / "in"
    shutil.copytree(CLEVER / "in", exports)
    with (exports / "students.csv").open("a", encoding="utf-8") as handle:
        handle.write(
            "100,S1901,1901,Nguyen,,Linh,Kindergarten,03/14/2021,Vietnamese,,Mother,Parent/Guardian,"
            "Mai Nguyen,(555) 201-3344,mai.nguyen@example.com,C501\n"
        )
    python, _ = both_engines(
        tmp_path / "runs",
        profile=str(CLEVER / "district.yaml"),
        in_dir=exports,
        as_of=dt.date(2026, 10, 15),
        target=target,
    )
    assert python.exit_status == api.EXIT_NOT_PUBLISHED
    (said,) = python.report.examples["V553"]
    assert (said.params["first"], said.params["id"]) == ("S1001", "S1901")
    assert "guardian GC501" in str(said.params["evidence"])
