"""One student published twice under two IDs (V553, tester80 T2 and T3): a students export with a
copy of a student under a new ID (same name, birth date, guardians), or a row typed again under
the ID in lower case with the same student number, was published as two people at exit 0, nothing
said. Twins and two students of one name and birth date with other families stay quiet; a pair said
once (last.json records it) is not said again."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.pipeline import student_twice
from transform.pipeline.gate import STUDENTS_TWICE as KEY
from transform.pipeline.student_twice import pair_key
from transform.report.report import Report

CLEVER = FIXTURES / "clever" / "district"
USERS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
)
DEMOGRAPHICS = "sourcedId,status,dateLastModified,birthDate\n"


def _student(sid: str, given: str, family: str, number: str, guardians: str = "", email: str = "", **more: str) -> str:
    username, middle = more.get("username", sid), more.get("middle", "")
    return f"{sid},,,true,100,student,{username},,{given},{family},{middle},{number},{email},,,{guardians},03,\n"


def _set(folder: Path, students: list[str], births: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    (folder / "users.csv").write_text(USERS + "".join(sorted(students)), encoding="utf-8")
    rows = "".join(f"{sid},,,{birth}\n" for sid, birth in sorted(births.items()))
    (folder / "demographics.csv").write_text(DEMOGRAPHICS + rows, encoding="utf-8")
    return folder


def _said(folder: Path, state: Path | None = None) -> list[dict[str, object]]:
    report = Report()
    student_twice.check(folder, report, state=state)
    if state is not None:  # the night published: last.json records the pairs found
        (state / "last.json").write_text(json.dumps({KEY: report.facts.get(KEY, [])}), encoding="utf-8")
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


def test_a_pair_said_is_not_said_again_and_one_never_said_is_said_on_the_upgrade_night(tmp_path: Path) -> None:
    """reviewer171 R5: 'the last set held both' assumed an earlier night said the pair; a set published by
    the version before V553 held the copy unsaid, and the upgrade night said nothing at exit 0, nor ever
    after. Now the pairs said are recorded (last.json, hashed): quiet only for those."""
    students = [_student("1001", "Ava", "Quinn", "1001", "G1"), _student("100191", "Ava", "Quinn", "100191", "G1")]
    tonight = _set(tmp_path / "set", students, {"1001": "2018/03/01", "100191": "2018/03/01"})
    state = tmp_path / "state"
    state.mkdir()
    (state / "last.json").write_text(json.dumps({"published_at": "2026-10-14T02:00:00+00:00"}), encoding="utf-8")
    assert [said["id"] for said in _said(tonight, state)] == ["100191"]  # the older version's set: said
    assert json.loads((state / "last.json").read_text(encoding="utf-8"))[KEY] == [pair_key("100191", "1001")]
    assert _said(tonight, state) == []  # said the night before: not again (two children: nothing to do)


def test_each_of_a_repeated_name_is_compared_with_every_other(tmp_path: Path) -> None:
    """reviewer171 R2: each line was paired only with the first line of its key: the copy 1901 of 1001
    was missed when an honest namesake 0990 (another family) sorted first."""
    folder = _set(
        tmp_path / "set",
        [
            _student("0990", "Ava", "Quinn", "990", "G9"),
            _student("1001", "Ava", "Quinn", "1001", "G1"),
            _student("1901", "Ava", "Quinn", "1901", "G1"),
        ],
        {"0990": "2018-03-01", "1001": "2018-03-01", "1901": "2018-03-01"},
    )
    assert [(said["first"], said["id"]) for said in _said(folder)] == [("1001", "1901")]


def test_twins_of_one_given_name_with_two_middle_names_are_not_said(tmp_path: Path) -> None:
    """reviewer171 R1: Mohammed Ali and Mohammed Omar, one birth date and mother, were said as one; a
    middle name left blank on one record is no such difference."""
    folder = _set(
        tmp_path / "set",
        [
            _student("1501", "Mohammed", "Haddad", "1501", "C901", middle="Ali"),
            _student("1502", "Mohammed", "Haddad", "1502", "C901", middle="Omar"),
            _student("1601", "Maria", "Lopez", "1601", "C902", middle="Jose"),
            _student("1602", "Maria", "Lopez", "1602", "C902"),
        ],
        {"1501": "2021-05-02", "1502": "2021-05-02", "1601": "2017-07-02", "1602": "2017-07-02"},
    )
    assert [(said["first"], said["id"]) for said in _said(folder)] == [("1601", "1602")]


def test_a_value_three_students_hold_and_two_own_usernames_are_no_evidence(tmp_path: Path) -> None:
    """reviewer171 R4: an identifier 'PENDING' three students hold said two namesakes were one; two
    usernames of their own that differ count against an identifier or email in common."""
    folder = _set(
        tmp_path / "set",
        [
            _student("u-s71", "Jose", "Hernandez", "PENDING", "G1"),
            _student("u-s72", "Jose", "Hernandez", "PENDING", "G2"),
            _student("u-s73", "Ann", "Smith", "PENDING", "G3"),
            _student("u-s81", "Li", "Wu", "8100", username="liwu1", email="li@kids.example.org"),
            _student("u-s82", "Li", "Wu", "8200", username="liwu2", email="li@kids.example.org"),
            _student("u-s91", "Bo", "Ek", "9100", username="u-s91", email="bo@kids.example.org"),
            _student("u-s92", "Bo", "Ek", "9200", username="u-s92", email="bo@kids.example.org"),
        ],
        {"u-s71": "2017-04-09", "u-s72": "2017-04-09", "u-s73": "2015-01-01", "u-s81": "2016-02-02"}
        | {"u-s82": "2016-02-02", "u-s91": "2016-03-03", "u-s92": "2016-03-03"},
    )
    # usernames made of the IDs differ with them: the email in common still says it
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("u-s91", "u-s92", "email 'bo@kids.example.org'")
    ]


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
