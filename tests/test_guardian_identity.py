"""Guardians from data nobody here wrote: contact flags spelt another way, one contact ID given to
two different people, a guardian ID that is a student's. Hostile copies of the PowerSchool and
OneRoster sample districts, in tmp_path (cases a read-only tester found publishing wrong sets)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
CONTACTS = FIXTURES / "powerschool" / "contacts"
FLAGS = ("Is Active", "Is SMS", "STUDENTCONTACTDETAILCOREFIELDS.legalGuardian", "Contact Has Custody")


def run(in_dir: Path, out: Path, profile: str = "powerschool") -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=in_dir, out_dir=out, as_of=AS_OF))


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def edited_contacts(tmp_path: Path, edit: dict[str, str]) -> Path:
    """The contacts fixture's exports with every flag cell rewritten through `edit`."""
    folder = tmp_path / "in"
    shutil.copytree(CONTACTS / "in", folder)
    path = folder / "contacts.csv"
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    for column in FLAGS:
        at = table[0].index(column)
        for row in table[1:]:
            row[at] = edit.get(row[at], row[at])
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    return folder


@pytest.mark.parametrize(
    "spelling",
    [{"1": "TRUE", "0": "FALSE"}, {"1": "Y", "0": "N"}, {"1": "Yes", "0": "No"}, {"1": "true", "0": "false"}],
    ids=["TRUE-FALSE", "Y-N", "Yes-No", "true-false"],
)
def test_contact_flags_spelt_as_words_give_the_same_guardians(tmp_path: Path, spelling: dict[str, str]) -> None:
    """A report export writes TRUE/FALSE where the data export writes 1/0: the same parents are
    linked (before, none was: 'TRUETRUE' did not match '1'), the inactive ones still left out."""
    result = run(edited_contacts(tmp_path, spelling), tmp_path / "out")
    assert result.exit_status == 0
    expected = rows(CONTACTS / "expected" / "users.csv")
    assert rows(tmp_path / "out" / "users.csv") == expected
    assert any(r["role"] in ("guardian", "parent", "relative") for r in expected)


ONEROSTER = FIXTURES / "oneroster" / "district"
OMAR = "u-p2,active,2026-08-01,TRUE,sch-20,guardian,,,Omar,Patel,,,,,555.301.4400,u-s3,,"


def oneroster_copy(tmp_path: Path, omar_id: str, *, omar_first: bool = False) -> Path:
    """The OneRoster fixture with Omar Patel (Kiran's guardian) given another ID; `omar_first`:
    his row before every other."""
    folder = tmp_path / "in"
    shutil.copytree(ONEROSTER / "in", folder)
    path = folder / "users.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    at = lines.index(OMAR)
    omar = lines.pop(at).replace("u-p2,", f"{omar_id},", 1)
    lines.insert(1 if omar_first else at, omar)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("omar_first", [False, True], ids=["rosa-first", "omar-first"])
def test_two_guardians_under_one_contact_id_are_neither_kept(tmp_path: Path, omar_first: bool) -> None:
    """Omar given Rosa's ID: before, one made-up person was published (one's name, the other's
    email and phone) as the parent of both families' children. Now the rows disagree on the
    name, so they are two people (V570) and neither is kept (V537), in any row order."""
    result = run(oneroster_copy(tmp_path, "u-p1", omar_first=omar_first), tmp_path / "out", "oneroster")
    assert result.exit_status == 0
    assert result.report.counts["V570"] == 1 and result.report.counts["V537"] == 1
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert "u-p1" not in users and "u-p2" not in users
    assert all("u-p1" not in r["agentSourcedIds"] for r in users.values())
    assert {"u-s1", "u-s2", "u-s3"} <= set(users)


def test_rows_of_one_contact_that_agree_on_the_name_are_still_one_person(tmp_path: Path) -> None:
    """A contact's further rows (a second phone, another child) with the same name, or none,
    are the same person: no V570 in the contacts fixture, whose contacts span several rows."""
    result = run(CONTACTS / "in", tmp_path / "out")
    assert "V570" not in result.report.counts
    assert rows(tmp_path / "out" / "users.csv") == rows(CONTACTS / "expected" / "users.csv")


@pytest.mark.parametrize("omar_first", [False, True], ids=["student-first", "guardian-first"])
def test_a_guardian_with_a_students_id_is_left_out_and_no_child_is_linked_to_it(
    tmp_path: Path, omar_first: bool
) -> None:
    """Omar given Jada's student ID: before, he vanished without a word (Jada's row, which the
    guardians' rule routes to the students, took his contact ID down with it) and Kiran was then
    linked to Jada as her parent. Now he is left out with a code, and nobody names him."""
    result = run(oneroster_copy(tmp_path, "u-s1", omar_first=omar_first), tmp_path / "out", "oneroster")
    assert result.exit_status == 0
    [conflict] = result.report.examples["V597"]  # the guardian record of a student's ID: the link said
    assert "u-s1" in conflict.message and "'u-s3'" in conflict.message
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert users["u-s1"]["role"] == "student" and users["u-s1"]["givenName"] == "Jada"
    assert users["u-s3"]["agentSourcedIds"] == ""
    assert users["u-p1"]["agentSourcedIds"] == "u-s1,u-s2"  # Rosa's own link to Jada stays


def test_a_teachers_demographics_row_says_why_it_is_left_out(tmp_path: Path) -> None:
    """Microsoft's SDS v2.1 sample lists demographics for staff: the row of a teacher published in
    users.csv was left out as V504 "user was left out or never listed" (caused_by: "not in the
    exports"), which sends an administrator looking for a user who is there. Now V577 says the
    user is published but not as a student."""
    folder = tmp_path / "in"
    shutil.copytree(ONEROSTER / "in", folder)
    with (folder / "demographics.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write("u-t1,active,2026-08-01,1980-01-02,female\r\nu-zz,active,2026-08-01,2015-01-02,male\r\n")
    result = run(folder, tmp_path / "out", "oneroster")
    assert result.exit_status == 0
    [teacher] = result.report.examples["V577"]
    assert "'u-t1'" in teacher.message and teacher.where.column == "userSourcedId"  # demographics.csv's own header
    assert any("'u-zz'" in p.message for p in result.report.examples.get("V504", []))
    assert "u-t1" in {r["sourcedId"] for r in rows(tmp_path / "out" / "users.csv")}
    assert "u-t1" not in {r["sourcedId"] for r in rows(tmp_path / "out" / "demographics.csv")}
