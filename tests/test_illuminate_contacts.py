"""Illuminate: only a contact whose Legal Guardian is a yes form is a parent or guardian.

contacts.txt holds `08 Legal Guardian` (Y/N) beside `09 Emergency Only`. Every contacts-based
profile keeps custodial/legal guardians only (PowerSchool contacts, eSchoolPLUS, Synergy,
Skyward SMS, Infinite Campus); Remind: "We strongly recommend excluding emergency contacts ...
as well as any individuals prohibited from contacting students". tester9 (item 2): a father
and an aunt with Legal Guardian = N, Emergency Only = N were published, linked, exit 0. A
contact left out so is reported as the other profiles report it (F409). An export without the
column (it is optional) has no contact shown to be a legal guardian: none is published, each
is reported (F409, found ''), and I260 names the missing column."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_golden import run_case
from transform import api

ILLUMINATE = FIXTURES / "illuminate" / "district"
HEADER = (
    "01 Student ID\t02 Contact ID\t03 Last Name\t04 First Name\t05 Relationship\t06 Email Address\t"
    "07 Primary Phone\t08 Legal Guardian\t09 Emergency Only"
)
HOA = "300001\tC77\tNguyen\tHoa\tMother\thoa.nguyen@example.com\t(619) 555-0170\t{legal}\tN"
FATHER = "300001\tC90\tNguyen\tBao\tFather\tbao.nguyen@example.com\t(619) 555-0999\t{legal}\tN"
AUNT = "300001\tC91\tTran\tLinh\tAunt\tlinh.tran@example.com\t(619) 555-0998\t{legal}\tN"


def _case(tmp_path: Path, contacts: list[str], *, drop_legal: bool = False) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(ILLUMINATE / "in", folder / "in")
    shutil.copy(ILLUMINATE / "case.yaml", folder / "case.yaml")
    lines = [HEADER, *contacts]
    if drop_legal:
        lines = ["\t".join(c for i, c in enumerate(line.split("\t")) if i != 7) for line in lines]
    (folder / "in" / "contacts.txt").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return folder


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


Run = tuple[dict[str, dict[str, str]], list[dict[str, str]], api.RunResult]


def _run(tmp_path: Path, folder: Path, engine: str) -> Run:
    result = run_case(folder, tmp_path / "out", explain=tmp_path / "explain.csv", engine=engine)
    users = {row["sourcedId"]: row for row in _rows(tmp_path / "out" / "users.csv")}
    return users, _rows(tmp_path / "explain.csv"), result


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_contacts_who_are_not_legal_guardians_are_left_out(tmp_path: Path, engine: str) -> None:
    """The father and the aunt (Legal Guardian N, Emergency Only N) are no users and not on the
    student's agentSourcedIds; each is F409 in the explain file. The mother (Y) stays."""
    folder = _case(tmp_path, [HOA.format(legal="Y"), FATHER.format(legal="N"), AUNT.format(legal="no")])
    users, explain, result = _run(tmp_path, folder, engine)
    assert result.exit_status == 0
    assert "GC77" in users and "GC90" not in users and "GC91" not in users
    assert users["300001"]["agentSourcedIds"] == "GC77"
    left_out = {(row["name"], row["code"]) for row in explain}
    assert ("Bao Nguyen", "F409") in left_out and ("Linh Tran", "F409") in left_out
    detail = next(row["detail"] for row in explain if row["name"] == "Bao Nguyen" and row["code"] == "F409")
    assert "legal_guardian" in detail and "found 'N'" in detail


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_blank_legal_guardian_is_no_guardian(tmp_path: Path, engine: str) -> None:
    """Legal Guardian blank says nothing: the contact is not shown to be a legal guardian."""
    folder = _case(tmp_path, [HOA.format(legal="Yes"), FATHER.format(legal="")])
    users, explain, _ = _run(tmp_path, folder, engine)
    assert "GC77" in users and "GC90" not in users
    assert ("Bao Nguyen", "F409") in {(row["name"], row["code"]) for row in explain}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_export_without_the_legal_guardian_column_publishes_no_contact_and_says_why(
    tmp_path: Path, engine: str
) -> None:
    """Without the column no contact is shown to be a legal guardian: none is published (the
    safe side: Remind asks that people who may not contact a student be left out), each is
    F409 with found '', and I260 (a warning) names the missing column on contacts.txt's header;
    the students are published as before."""
    folder = _case(tmp_path, [HOA.format(legal="Y"), FATHER.format(legal="N")], drop_legal=True)
    users, explain, result = _run(tmp_path, folder, engine)
    assert result.exit_status == 0
    assert not {row["role"] for row in users.values()} & {"parent", "guardian"}
    assert "300001" in users and users["300001"]["agentSourcedIds"] == ""
    f409 = {row["name"]: row["detail"] for row in explain if row["code"] == "F409"}
    assert set(f409) == {"Hoa Nguyen", "Bao Nguyen"} and all("found ''" in d for d in f409.values())
    absent = result.report.examples.get("I260", [])
    assert [(p.where.file, p.where.column) for p in absent] == [("contacts.txt", "Legal Guardian")]
    # A blank fails `op: in [yes forms]`: the message says no parent is published, not that the
    # records the condition leaves out "may be published" (the opposite).
    assert absent[0].message == (
        "contacts: no column 'Legal Guardian' in contacts.txt; users where legal_guardian reads it: every "
        "row reads it as blank and fails it, so every row is left out (F409): none is published"
    )
