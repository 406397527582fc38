"""Remind texts a parent at the sms number (its article: phone "Recommended: User's mobile
phone number"). A PowerSchool contact lists its numbers on rows of their own, typed Home, Work or
Mobile: the sms is the number of a row marked for SMS or of a mobile type, never the lower of all
numbers (which a landline may be). A column's `when:` picks those rows; a row failing it is
neither left out nor reported.

The phone is the mobile too (tester9 item 10): the profile's guardian.phone_mobile says which rows
hold one, and phone takes such a row's number before any other; a contact whose every number is
typed a landline (guardian.phone_landline), with no email and no sms, is published and reported
(V595): Remind needs a mobile or an email to create a parent."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_guardian_identity import rows
from transform import api
from transform.pipeline import fastpath

AS_OF = dt.date(2026, 10, 15)
HEADER = (
    "Contact ID,First Name,Last Name,Is Active,Email Address,Phone Type,phoneNumberAsEntered,Is SMS,"
    "studentNumber,Contact Priority Order,Relationship Type,STUDENTCONTACTDETAILCOREFIELDS.legalGuardian,"
    "Contact Has Custody,Is Emergency Contact"
)
# Rose: a home line lower than her mobile. Ned: only a home line. Ana: a work phone marked for
# SMS, typed nothing useful. Luz: two mobiles (the lower is kept, as for any two values). Kai: a
# mobile marked no for SMS.
CONTACTS = """\
C100,Rose,Quinn,1,rose.quinn@mail.example.com,Home,608-555-0100,0,,,,,,
C100,,,,,Mobile,608-555-0199,1,,,,,,
C100,,,,,,,,1001,1,Mother,1,1,1
C200,Ned,Bell,1,,Home,608-555-0200,,,,,,,
C200,,,,,,,,1002,1,Father,1,1,0
C300,Ana,Cruz,1,,Work,608-555-0301,TRUE,,,,,,
C300,,,,,Home,608-555-0300,,,,,,,
C300,,,,,,,,1003,1,Mother,1,1,0
C400,Luz,Ortiz,1,,Cell Phone,608-555-0402,,,,,,,
C400,,,,,mobile,608-555-0401,,,,,,,
C400,,,,,,,,1004,1,Mother,1,1,0
C500,Kai,Lee,1,kai.lee@mail.example.com,Mobile,608-555-0501,0,,,,,,
C500,,,,,,,,1005,1,Father,1,1,0
"""


def district(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "contacts" / "in", folder)
    (folder / "contacts.csv").write_text(HEADER + "\n" + CONTACTS, encoding="utf-8")
    return folder


def guardians(out: Path) -> dict[str, tuple[str, str]]:
    return {r["givenName"]: (r["phone"], r["sms"]) for r in rows(out / "users.csv") if r["role"] == "parent"}


def run(tmp_path: Path, name: str) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=district(tmp_path), out_dir=tmp_path / name, as_of=AS_OF)
    )


def test_sms_is_the_mobile_or_sms_row_and_phone_the_mobile_first(tmp_path: Path) -> None:
    result = run(tmp_path, "out")
    assert result.exit_status == 0
    assert guardians(tmp_path / "out") == {
        "Rose": ("+16085550199", "+16085550199"),  # the home line is lower: neither phone nor sms
        "Ned": ("+16085550200", ""),  # no mobile: no sms; the home line is the phone (V595)
        "Ana": ("+16085550301", "+16085550301"),  # marked for SMS, whatever its type
        "Luz": ("+16085550401", "+16085550401"),  # two mobiles: the lower
        "Kai": ("+16085550501", ""),  # a mobile marked no for SMS: not texted, still the phone
    }


def test_a_contact_with_only_typed_landlines_and_no_email_is_published_and_reported(tmp_path: Path) -> None:
    result = run(tmp_path, "out")
    found = result.report.examples.get("V595", [])
    assert [(p.where.record, p.params["value"]) for p in found] == [("GC200", "+16085550200")]
    assert found[0].code.severity.value == "warning"
    assert "Ned" in {r["givenName"] for r in rows(tmp_path / "out" / "users.csv")}  # published as read
    # Rose has an email, Ana and Luz a mobile, Kai an email: none of them is reported.


def test_a_number_of_no_stated_type_is_no_landline(tmp_path: Path) -> None:
    folder = district(tmp_path)
    text = (folder / "contacts.csv").read_text(encoding="utf-8")
    (folder / "contacts.csv").write_text(text.replace("C200,Ned,Bell,1,,Home,", "C200,Ned,Bell,1,,,"), encoding="utf-8")
    result = api.run(api.RunOptions(profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF))
    assert not result.report.examples.get("V595")
    assert guardians(tmp_path / "out")["Ned"] == ("+16085550200", "")


def test_a_home_line_lower_than_the_mobile_is_said_as_not_kept(tmp_path: Path) -> None:
    result = run(tmp_path, "out")
    differ = [p for p in result.report.examples.get("V551", []) if p.where.record == "C100"]
    assert [(p.params["kept"], p.params["value"]) for p in differ] == [("+16085550199", "+16085550100")]
    assert "the mobile" in differ[0].message


def test_the_interpreter_picks_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = run(tmp_path / "fast", "out")
    monkeypatch.setattr(fastpath, "compile_guardians", lambda *a, **k: fastpath._never)
    slow = run(tmp_path / "slow", "out")
    assert guardians(tmp_path / "fast" / "out") == guardians(tmp_path / "slow" / "out")
    assert fast.report.counts == slow.report.counts


def test_a_when_takes_no_date_test(tmp_path: Path) -> None:
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: x\nextends: powerschool\ntables:\n  users:\n    contacts:\n      columns:\n"
        "        sms: {column: phoneNumberAsEntered, clean: [phone],\n"
        "              when: {field: '{Is SMS}', op: date_lt, value: as_of}}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(district))
    assert [p.params.get("detail") for p in problems] == ["when: text and number tests only, no date op"]
