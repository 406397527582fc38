"""A strict set gives each username to one user (tester68 F5). Ivan and Nina Diaz, the parents of
Lena, share the family email (Nina's written Ivan.Diaz@: one address, as consumers compare them) and
have no login of their own, so the username is filled from the email: both were published as
ivan.diaz@mail.example.com, and a consumer keying accounts on the username (Canvas's login_id,
Moodle's username) refuses or merges one. Ivan, first, keeps it; Nina's is her sourcedId, the next
of the order that fills a username (README), said (D389). The Remind target, which does not read
usernames, is unchanged. A small OneRoster 1.1 set in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from tests.test_columnar import both_engines

ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg1,,,Lincoln Middle,school,,\n"
SESSIONS = (
    "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
    "y1,,,2026-2027,schoolYear,2026-08-01,2027-06-30,,2027\n"
    "t1,,,Fall 2026,semester,2026-08-24,2026-12-18,y1,2027\n"
)
CLASSES = (
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
    "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
    "c1,,,Math 7,07,,M7,scheduled,,org1,t1,,,\n"
)
ENROLLMENTS = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
    "e1,,,c1,org1,t9,teacher,true,,\n"
    "e2,,,c1,org1,s1,student,false,,\n"
    "e3,,,c1,org1,s2,student,false,,\n"
)
USERS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
    "t9,,,true,org1,teacher,jlee,,Jordan,Lee,,T100,jordan.lee@lincoln.example.org,,,,,\n"
    's1,,,true,org1,student,,,Lena,Diaz,,S2001,,,,"G1,G2",07,\n'
    "s2,,,true,org1,student,bjones,,Blake,Jones,,S2002,,,,G3,07,\n"
    "G1,,,true,org1,parent,,,Ivan,Diaz,,,ivan.diaz@mail.example.com,,,s1,,\n"
    "G2,,,true,org1,parent,,,Nina,Diaz,,,Ivan.Diaz@mail.example.com,,5550100,s1,,\n"
    "G3,,,true,org1,guardian,,,Dana,Jones,,,dana.jones@example.com,,,s2,,\n"
)


def _district(folder: Path) -> Path:
    folder.mkdir(parents=True)
    files = {"orgs.csv": ORGS, "academicSessions.csv": SESSIONS, "classes.csv": CLASSES}
    for name, text in {**files, "enrollments.csv": ENROLLMENTS, "users.csv": USERS}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _usernames(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["username"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("target", ["oneroster", "remind"])
def test_two_parents_sharing_the_family_email_get_one_username_each(tmp_path: Path, target: str) -> None:
    python, _ = both_engines(
        tmp_path, profile="oneroster", in_dir=_district(tmp_path / "in"), as_of=dt.date(2026, 10, 1), target=target
    )
    assert python.exit_status == 0, python.report.counts
    names = _usernames(tmp_path / "python")
    assert names["G1"] == "ivan.diaz@mail.example.com"
    assert names["G3"] == "dana.jones@example.com"
    assert (names["t9"], names["s2"]) == ("jlee", "bjones")
    if target == "remind":  # Remind does not read usernames: as before
        assert names["G2"] == "ivan.diaz@mail.example.com"
        assert "D389" not in python.report.counts
        return
    assert names["G2"] == "G2"
    assert names["s1"] == "s1"  # no username, no email: the sourcedId, as before
    (said,) = python.report.examples["D389"]
    assert (said.where.file, said.where.line) == ("users.csv", 6)
    assert said.where.column == "username, email, sourcedId"  # the profile's columns, in order
    assert (said.params["id"], said.params["first_id"], said.params["new"]) == ("G2", "G1", "G2")
    assert python.report.counts["V509"] == 1  # the email itself is published as it is, shared
