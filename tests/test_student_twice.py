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
    assert _said(tonight, state) == []  # nor on the third night (reviewer174 R4)


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


def test_a_value_three_students_of_other_names_hold_is_no_evidence(tmp_path: Path) -> None:
    """reviewer171 R4: an identifier 'PENDING' students of other names hold said two namesakes were one."""
    others = [
        _student(f"u-s7{n}", given, "Smith", "PENDING", f"G{n}") for n, given in ((3, "Ann"), (4, "Bo"), (5, "Cy"))
    ]
    jose = [_student(f"u-s7{n}", "Jose", "Hernandez", "PENDING", f"G{n}") for n in (1, 2)]
    folder = _set(
        tmp_path / "set",
        [*jose, *others],
        {"u-s71": "2017-04-09", "u-s72": "2017-04-09"} | {f"u-s7{n}": "2015-01-01" for n in (3, 4, 5)},
    )
    assert _said(folder) == []


def test_a_student_published_three_times_is_said(tmp_path: Path) -> None:
    """reviewer174 R1: three records of Maya Patel with her student number 2010 held it three times,
    and a value three students hold was taken for a placeholder: exit 0, nothing said. The copies
    of one name and birth date do not count as its holders."""
    folder = _set(
        tmp_path / "set",
        [_student(sid, "Maya", "Patel", "2010") for sid in ("S2010", "S2912", "S2913")],
        dict.fromkeys(("S2010", "S2912", "S2913"), "2013-05-06"),
    )
    pairs = [(said["first"], said["id"], said["evidence"]) for said in _said(folder)]
    assert pairs == [
        ("S2010", "S2912", "identifier '2010'"),
        ("S2010", "S2913", "identifier '2010'"),
        ("S2912", "S2913", "identifier '2010'"),
    ]


def test_a_copy_with_a_username_and_email_of_its_own_is_said(tmp_path: Path) -> None:
    """reviewer174 R2: a copy the SIS gave its own login (maya.patel2@) with her name, birth date and
    student number was dropped by 'two usernames of their own'. Other logins cancel nothing."""
    one, two = "maya.patel@kids.example.org", "maya.patel2@kids.example.org"
    folder = _set(
        tmp_path / "set",
        [
            _student("S2010", "Maya", "Patel", "2010", email=one, username=one),
            _student("S2910", "Maya", "Patel", "2010", email=two, username=two),
        ],
        {"S2010": "2013-05-06", "S2910": "2013-05-06"},
    )
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("S2010", "S2910", "identifier '2010'")
    ]


def test_a_guardian_of_many_students_is_no_evidence(tmp_path: Path) -> None:
    """reviewer174 R5: a 'Front Office' contact linked to the students of a school said two namesakes
    of other families were one; a guardian of more than eight students is no evidence."""
    office = [_student(f"70{n}", f"Kid{n}", f"Family{n}", f"70{n}", "F1") for n in range(8)]
    folder = _set(
        tmp_path / "set",
        [
            *(_student(sid, "Ava", "Quinn", sid, "F1") for sid in ("1001", "1002")),
            *(_student(sid, "Bo", "Ek", sid, "G2") for sid in ("2001", "2002")),
            *office,
        ],
        dict.fromkeys(("1001", "1002", "2001", "2002"), "2018-03-01"),
    )
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("2001", "2002", "guardian G2")
    ]


def test_ten_copies_of_one_student_make_no_guardian_of_many(tmp_path: Path) -> None:
    """tester82 T1: every student copied nine times under new IDs (same name, birth date, guardian)
    linked each guardian to ten students, and 'a guardian of more than eight is no evidence' let the
    copies through at exit 0. A guardian's students are counted by name and birth date."""
    ids = [f"1{n:02}1" for n in range(10)]
    folder = _set(
        tmp_path / "set",
        [_student(sid, "Ava", "Quinn", sid, "G1") for sid in ids],
        dict.fromkeys(ids, "2018-03-01"),
    )
    report = Report()
    student_twice.check(folder, report, state=None)
    assert report.counts.get("V553", 0) == 45  # every two of the ten
    assert {p.params["evidence"] for p in report.examples["V553"]} == {"guardian G1"}


def test_a_copy_without_a_birth_date_and_a_value_of_her_own_is_said(tmp_path: Path) -> None:
    """tester82 T2: a copy of one name and student number (or email) whose birth date is blank or
    unreadable on one record or both was published at exit 0: V553 needed a birth date. One name
    and a value of her own is enough; one name alone, or a guardian alone, is not."""
    mail = "ava.quinn@kids.example.org"
    folder = _set(
        tmp_path / "set",
        [
            _student("S2003", "Sofia", "Garcia", "2003", "G1"),
            _student("S2903", "Sofia", "Garcia", "2003", "G1"),  # both without a birth date
            _student("1001", "Ava", "Quinn", "1001", email=mail),
            _student("1901", "Ava", "Quinn", "1901", email=mail),  # the copy without one
            _student("3001", "Noah", "Lee", "3001", "G3"),
            _student("3002", "Noah", "Lee", "3002", "G3"),  # one name and guardian only: not said
        ],
        {"1001": "2018-03-01"},
    )
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("1001", "1901", f"email {mail!r}"),
        ("S2003", "S2903", "identifier '2003'"),
    ]


@pytest.mark.parametrize(("records", "said"), [(16, 120), (17, 16), (40, 39)])
def test_more_than_sixteen_of_one_name_and_birth_date_are_compared_with_the_first(
    tmp_path: Path, records: int, said: int
) -> None:
    """A name and birth date more than sixteen students hold is not compared two by two (quadratic),
    nor skipped (it was: seventeen copies of one student, silent at exit 0): each is compared with
    the first that shares a value with it."""
    ids = [f"T{n:02}" for n in range(records)]
    folder = _set(
        tmp_path / "set",
        [_student(sid, "Test", "Student", "TEMP") for sid in ids],
        dict.fromkeys(ids, "2000-01-01"),
    )
    report = Report()
    student_twice.check(folder, report, state=None)
    assert report.counts.get("V553", 0) == said


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


def _guardian(gid: str, email: str, phone: str, students: str) -> str:
    return f"{gid},,,true,100,parent,,,Dan,Smith,,,{email},,{phone},{students},,\n"


def test_a_copy_whose_guardian_was_exported_again_under_another_id_is_said(tmp_path: Path) -> None:
    """tester82 v553b case b: a copy of Ava Smith under a new ID and student number, her father
    exported again under another ID (his email as the contact ID) with his email and phone: one
    student twice, not two. A phone ten guardian records hold (a school office's) is no evidence."""
    office = "".join(_guardian(f"O{n}", "", "+15550000000", f"K{n}") for n in range(9))
    folder = _set(
        tmp_path / "set",
        [
            _student("S2001", "Ava", "Smith", "2001", "GC610"),
            _student("S2901", "Ava", "Smith", "2901", "Gdan"),
            _guardian("GC610", "dan@example.com", "+15552014455", "S2001"),
            _guardian("Gdan", "dan@example.com", "+15552014455", "S2901"),
            _student("S3001", "Bo", "Ek", "3001", "O0"),
            _student("S3002", "Bo", "Ek", "3002", "O1"),
            office,
        ],
        {"S2001": "2013-11-30", "S2901": "2013-11-30", "S3001": "2014-01-01", "S3002": "2014-01-01"},
    )
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("S2001", "S2901", "guardians GC610 and Gdan (one email or phone)")
    ]


def test_a_guardian_exported_again_with_the_phone_written_otherwise_is_found(tmp_path: Path) -> None:
    """review184 R4: the father of a copy exported again under another ID, his phone written
    otherwise ('555-201-4455', '(555) 201 4455') and his username 'student' (a line holding
    ',student,' that is no student's): one contact, compared by the phone's digits."""
    father = "Gdan,,,true,100,parent,student,,Dan,Smith,,,,,(555) 201 4455,S2901,,\n"
    folder = _set(
        tmp_path / "set",
        [
            _student("S2001", "Ava", "Smith", "2001", "GC610"),
            _student("S2901", "Ava", "Smith", "2901", "Gdan"),
            _guardian("GC610", "", "555-201-4455", "S2001"),
            father,
        ],
        {"S2001": "2013-11-30", "S2901": "2013-11-30"},
    )
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("S2001", "S2901", "guardians GC610 and Gdan (one email or phone)")
    ]


def test_a_copy_under_a_familiar_form_of_the_given_name_is_said(tmp_path: Path) -> None:
    """identity62: 'Bill Smith' beside 'William Smith', one birth date and student number, under two
    IDs (a copy typed with the name the child goes by). Twins Alexander and Alexandra, a Bill and a
    William of other birth dates, are two children."""
    folder = _set(
        tmp_path / "set",
        [
            _student("S1", "William", "Smith", "1", "G1"),
            _student("S2", "Bill", "Smith", "1", "G1"),
            _student("S3", "Alexander", "Ek", "3", "G3"),
            _student("S4", "Alexandra", "Ek", "3", "G3"),
            _student("S5", "William", "Roe", "5", "G5"),
            _student("S6", "Bill", "Roe", "5", "G5"),
        ],
        {"S1": "2014-02-03", "S2": "2014-02-03", "S3": "2015-05-05", "S4": "2015-05-05", "S5": "2014-01-01"}
        | {"S6": "2016-01-01"},
    )
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("S1", "S2", "'William' and 'Bill' one given name's forms, identifier '1'")
    ]


def test_twins_of_familiar_forms_sharing_their_parents_are_not_said(tmp_path: Path) -> None:
    """review184 R1: boy-girl twins Alexander and Alex (a Samantha and a Sam, a William and a Liam)
    share their birth date, mother and her phone, nothing a child alone has: two children. A guardian
    is no evidence between two forms of a name."""
    pairs = [("Alexander", "Alex"), ("Samantha", "Sam"), ("William", "Liam"), ("Mary", "Maria")]
    rows, births = [], {}
    for n, (given, other) in enumerate(pairs):
        mother = f"G{n}" if n % 2 else f"H{n}"  # odd: one guardian ID; even: the mother exported again
        rows += [
            _student(f"A{n}", given, f"F{n}", f"1{n}", f"G{n}"),
            _student(f"B{n}", other, f"F{n}", f"2{n}", mother),
        ]
        rows += [_guardian(f"G{n}", f"m{n}@example.com", "+15550101", f"A{n}")]
        rows += [_guardian(f"H{n}", f"m{n}@example.com", "+15550101", f"B{n}")] if n % 2 == 0 else []
        births |= {f"A{n}": "2015-04-01", f"B{n}": "2015-04-01"}
    assert _said(_set(tmp_path / "set", rows, births)) == []


def test_twins_sharing_a_family_email_are_said_once_in_words_for_twins(tmp_path: Path) -> None:
    """tester85 T3, review188 R1: twins William and Liam of one guardian, the family's email in both
    email cells and usernames, look like one child twice with a login of its own (a real copy's only
    value may be its email): said, the first night only, its words saying twins look like this."""
    family = "hughes@mail.example.com"
    folder = _set(
        tmp_path / "set",
        [
            _student("S1", "William", "Hughes", "1", "G1", family, username=family),
            _student("S2", "Liam", "Hughes", "2", "G1", family, username=family),
            _student("S3", "Ava", "Ek", "3", "G3", "s3@stu.k12.us"),
        ],
        {"S1": "2019-01-10", "S2": "2019-01-10", "S3": "2019-02-02"},
    )
    (state := tmp_path / "state").mkdir()
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder, state)] == [
        (
            "S1",
            "S2",
            f"'William' and 'Liam' one given name's forms, username {family!r}, email {family!r}"
            " (guardian G1 too: twins given their family's email look like this)",
        )
    ]
    assert _said(folder, state) == []


@pytest.mark.parametrize("case", ["triple", "gmail", "noemail"])
def test_copies_under_familiar_forms_sharing_only_an_email_are_said(tmp_path: Path, case: str) -> None:
    """review188 R1 (s4_copies.py): real copies of one child under a name and its familiar forms, one
    birth date, the email the only value they share: three copies at one school address and no
    guardian; two of one guardian at the child's own gmail beside students at school addresses; two
    of one guardian at a school address beside students with no email. Each is one child twice."""
    mail = {"triple": "ws@stu.k12.us", "gmail": "william.smith.2016@gmail.com", "noemail": "ws@stu.k12.us"}[case]
    names = ["William", "Bill", "Will"] if case == "triple" else ["William", "Bill"]
    guardian = "" if case == "triple" else "P1"
    school = [f"s{n}@stu.k12.us" if case != "noemail" else "" for n in range(3)]
    others = [_student(f"S{n}", "Ava", f"Ek{n}", f"{n}", "", school[n]) for n in range(3)]
    copies = [_student(f"C{n}", given, "Smith", f"60{n}", guardian, mail) for n, given in enumerate(names)]
    births = {f"C{n}": "2016-03-03" for n in range(len(names))} | {f"S{n}": f"2015-01-0{n + 1}" for n in range(3)}
    said = _said(_set(tmp_path / "set", others + copies, births))
    assert ("C0", "C1") in {(p["first"], p["id"]) for p in said}
    assert all(f"email {mail!r}" in str(p["evidence"]) for p in said)


def test_the_twins_words_are_said_only_for_one_guardian_and_an_email(tmp_path: Path) -> None:
    """'Bill' beside 'William' of one guardian sharing a school address: said with the twins' words;
    'Liz' beside 'Elizabeth' of no guardian in common sharing a personal email, and 'Bob' beside
    'Robert' of one guardian sharing an identifier: said without them."""
    own, personal = "s1@stu.k12.us", "lizzy.fox@mail.example.com"
    folder = _set(
        tmp_path / "set",
        [
            _student("S1", "William", "Smith", "1", "G1", own, username=own),
            _student("S2", "Bill", "Smith", "2", "G1", own, username=own),
            _student("S3", "Ava", "Ek", "3", "G3", "s3@stu.k12.us"),
            _student("S4", "Elizabeth", "Fox", "4", "G4", personal),
            _student("S5", "Liz", "Fox", "5", "", personal),
            _student("S6", "Robert", "Ray", "6", "G6", personal),
            _student("S7", "Bob", "Ray", "6", "G6", ""),
        ],
        {"S1": "2014-02-03", "S2": "2014-02-03", "S3": "2015-05-05", "S4": "2016-06-06", "S5": "2016-06-06"}
        | {"S6": "2017-07-07", "S7": "2017-07-07"},
    )
    twins = " (guardian G1 too: twins given their family's email look like this)"
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("S1", "S2", f"'William' and 'Bill' one given name's forms, username {own!r}, email {own!r}{twins}"),
        ("S4", "S5", f"'Elizabeth' and 'Liz' one given name's forms, email {personal!r}"),
        ("S6", "S7", "'Robert' and 'Bob' one given name's forms, identifier '6'"),
    ]


def test_the_twins_words_are_not_said_of_a_pair_sharing_an_identifier(tmp_path: Path) -> None:
    """review196 R4: 'Bob' beside 'Robert' of one guardian sharing an email and an identifier: the
    identifier is one child's alone, so no words saying twins look like this."""
    family = "ray@mail.example.com"
    folder = _set(
        tmp_path / "set",
        [
            _student("S6", "Robert", "Ray", "6", "G6", family),
            _student("S7", "Bob", "Ray", "6", "G6", family),
            _student("S3", "Ava", "Ek", "3", "G3", "s3@stu.k12.us"),
        ],
        {"S6": "2017-07-07", "S7": "2017-07-07", "S3": "2015-05-05"},
    )
    assert [(said["first"], said["id"], said["evidence"]) for said in _said(folder)] == [
        ("S6", "S7", f"'Robert' and 'Bob' one given name's forms, identifier '6', email {family!r}")
    ]
