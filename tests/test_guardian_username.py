"""A parent's own username, where the export has one. The OneRoster 1.1 and 1.2 profiles and
SDS v2.1 read every user from one users.csv with a username column; the students' and staff's
rules read it ([username, email, sourcedId]), the guardians' rule did not, so the strict target
filled a parent's username from the email: Casey Smith, who signs in as `csmith`, was published
as `casey.smith@example.com`, a login a consumer matching on usernames (SSO, an LMS) does not
know (tester33 F1, a public OneRoster 1.1 bundle). Now a parent's username is read as a
student's: the export's, else the email, else the sourcedId, in both targets (Remind does not
read the column; it gets what the students' rows get). Small hand-made sets in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api

AS_OF = dt.date(2026, 10, 1)

SESSIONS = (
    "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
    "y1,active,,2026-2027,schoolYear,2026-08-01,2027-06-30,,2027\n"
    "t1,active,,Fall 2026,semester,2026-08-24,2026-12-18,y1,2027\n"
)
CLASSES = (
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
    "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
    "c1,active,,Math 7,07,,M7,scheduled,,org1,t1,,,\n"
)
ENROLLMENTS = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
    "e1,active,,c1,org1,t9,teacher,true,,\n"
    "e2,active,,c1,org1,s1,student,false,,\n"
    "e3,active,,c1,org1,s2,student,false,,\n"
)
ORGS = "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg1,active,,Lincoln Middle,school,,\n"

# OneRoster 1.1: Casey (p1) has her own username; Dana (p2) has none, only an email.
USERS_11 = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
    "t9,active,,true,org1,teacher,jlee,,Jordan,Lee,,T100,jordan.lee@lincoln.example.org,,,,,\n"
    "s1,active,,true,org1,student,asmith,,Avery,Smith,,S2001,,,,,07,\n"
    "s2,active,,true,org1,student,bjones,,Blake,Jones,,S2002,,,,,07,\n"
    'p1,active,,true,org1,parent,csmith,,Casey,Smith,,,casey.smith@example.com,,,"s1",,\n'
    "p2,active,,true,org1,guardian,,,Dana,Jones,,,dana.jones@example.com,,,s2,,\n"
)

# OneRoster 1.2: the same people, their roles in roles.csv.
USERS_12 = (
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,identifier,"
    "email,sms,phone,agentSourcedIds,grades,password\n"
    "t9,,,TRUE,jlee,,Jordan,Lee,,T100,jordan.lee@lincoln.example.org,,,,,\n"
    "s1,,,TRUE,asmith,,Avery,Smith,,S2001,,,,,07,\n"
    "s2,,,TRUE,bjones,,Blake,Jones,,S2002,,,,,07,\n"
    "p1,,,TRUE,csmith,,Casey,Smith,,,casey.smith@example.com,,,s1,,\n"
    "p2,,,TRUE,,,Dana,Jones,,,dana.jones@example.com,,,s2,,\n"
)
ROLES_12 = (
    "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId\n"
    "r1,,,t9,primary,teacher,,,org1,\n"
    "r2,,,s1,primary,student,,,org1,\n"
    "r3,,,s2,primary,student,,,org1,\n"
    "r4,,,p1,primary,parent,,,org1,\n"
    "r5,,,p2,primary,guardian,,,org1,\n"
)

# SDS v2.1: every users.csv person has a username (SDS requires it), parents too.
SDS_FILES = {
    "orgs.csv": "sourcedId,name,type\norg1,Lincoln Middle,school\n",
    "users.csv": (
        "sourcedId,username,givenName,familyName,email,phone,sms,userNumber\n"
        "t9,jlee@lincoln.example.org,Jordan,Lee,jordan.lee@lincoln.example.org,,,T100\n"
        "s1,asmith@lincoln.example.org,Avery,Smith,,,,S2001\n"
        "s2,bjones@lincoln.example.org,Blake,Jones,,,,S2002\n"
        "p1,csmith,Casey,Smith,casey.smith@example.com,,,\n"
        "p2,dana.jones@example.com,Dana,Jones,dana.jones@example.com,,,\n"
    ),
    "roles.csv": "userSourcedId,orgSourcedId,role\nt9,org1,teacher\ns1,org1,student\ns2,org1,student\n",
    "classes.csv": "sourcedId,orgSourcedId,title,sessionSourcedIds\nc1,org1,Math 7,t1\n",
    "enrollments.csv": "classSourcedId,userSourcedId,role\nc1,t9,teacher\nc1,s1,student\nc1,s2,student\n",
    "academicSessions.csv": (
        "sourcedId,title,type,schoolYear,startDate,endDate\nt1,Fall 2026,semester,2027,2026-08-24,2026-12-18\n"
    ),
    "relationships.csv": "userSourcedId,relationshipUserSourcedId,relationshipRole\ns1,p1,parent\ns2,p2,guardian\n",
}

ONEROSTER_FILES = {
    "orgs.csv": ORGS,
    "classes.csv": CLASSES,
    "enrollments.csv": ENROLLMENTS,
    "academicSessions.csv": SESSIONS,
}
SETS = {
    "oneroster": {**ONEROSTER_FILES, "users.csv": USERS_11},
    "oneroster-1.2": {**ONEROSTER_FILES, "users.csv": USERS_12, "roles.csv": ROLES_12},
    "sds-v2": SDS_FILES,
}


def usernames(tmp_path: Path, profile: str, target: str, engine: str) -> dict[str, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in SETS[profile].items():
        (folder / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    options = api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=AS_OF, target=target, engine=engine)
    result = api.run(options)
    assert result.exit_status == 0, result.report.counts
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["username"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("target", ["oneroster", "remind"])
@pytest.mark.parametrize("profile", ["oneroster", "oneroster-1.2"])
def test_a_oneroster_parent_keeps_the_username_the_export_gives(
    tmp_path: Path, profile: str, target: str, engine: str
) -> None:
    """Casey's username csmith is published as hers (was her email in the strict target, blank in
    Remind's); Dana, who has none, gets her email, as a student without a username does."""
    names = usernames(tmp_path, profile, target, engine)
    assert names["p1"] == "csmith"
    assert names["p2"] == "dana.jones@example.com"
    assert names["s1"] == "asmith"  # the students' rule, unchanged


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("target", ["oneroster", "remind"])
def test_an_sds_parent_keeps_the_username_of_users_csv(tmp_path: Path, target: str, engine: str) -> None:
    """SDS v2.1: Casey's users.csv username csmith (was her email in the strict target, blank in
    Remind's); Dana's username is her address."""
    names = usernames(tmp_path, "sds-v2", target, engine)
    assert names["p1"] == "csmith"
    assert names["p2"] == "dana.jones@example.com"
