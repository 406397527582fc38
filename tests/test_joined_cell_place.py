"""A problem with a value read through a join names the row and column the value is in. A
OneRoster 1.2 user record is made of a roles.csv row joined to the person's users.csv row: D339
for a userIds item not of the {Type:Id} form said `roles.csv:2 [userIds]`, a column roles.csv does
not have, and a bad phone `roles.csv:2 [user.sms]` (tester33 F4, ChurchCore Academy's 1.2
export). Now both name the users.csv line and its column; so does SDS v2.1's person joined to
roles.csv, and any cell a join reads. Small hand-made sets in tmp_path."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from transform import api

AS_OF = dt.date(2026, 10, 1)

ONEROSTER_12 = {
    "manifest.csv": "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n",
    "orgs.csv": (
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg1,,,Example Academy,school,,\n"
    ),
    "academicSessions.csv": (
        "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
        "y1,,,2026-2027,schoolYear,2026-08-01,2027-05-31,,2027\n"
    ),
    "classes.csv": (
        "sourcedId,status,dateLastModified,title,classCode,classType,location,grades,courseSourcedId,"
        "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
        "c1,,,Biblical Foundations,BIBL-101-A,scheduled,,,,org1,y1,,,\n"
    ),
    "enrollments.csv": (
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
        "e1,,,c1,org1,student-1,student,,,\n"
        "e2,,,c1,org1,teacher-1,teacher,true,,\n"
    ),
    # roles.csv lists the teacher first: the student's role is on line 3, the person on line 2.
    "roles.csv": (
        "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfile\n"
        "r2,,,teacher-1,primary,teacher,,,org1,\n"
        "r1,,,student-1,primary,student,,,org1,\n"
    ),
    "users.csv": (
        "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,"
        "identifier,email,sms,phone,agentSourcedIds,grades\n"
        "student-1,,,true,sam,S-1001,Sam,Student,,S-1001,sam@example.test,555-12,,,\n"
        "teacher-1,,,true,theo,,Theo,Teacher,,,theo@example.test,,,,\n"
    ),
}

SDS_V2 = {
    "orgs.csv": "sourcedId,name,type\norg1,Lincoln Middle,school\n",
    "users.csv": (
        "sourcedId,username,givenName,familyName,email,phone,sms,userNumber\n"
        "t9,jlee@lincoln.example.org,Jordan,Lee,jordan.lee@lincoln.example.org,,,T100\n"
        "s1,asmith@lincoln.example.org,Avery,Smith,,555-12,,S2001\n"
    ),
    "roles.csv": "userSourcedId,orgSourcedId,role\nt9,org1,teacher\ns1,org1,student\n",
    "classes.csv": "sourcedId,orgSourcedId,title\nc1,org1,Math 7\n",
    "enrollments.csv": "classSourcedId,userSourcedId,role\nc1,t9,teacher\nc1,s1,student\n",
}


def run(tmp_path: Path, profile: str, files: dict[str, str], target: str, engine: str) -> api.RunResult:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    options = api.RunOptions(
        profile=profile, in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF, target=target, engine=engine
    )
    result = api.run(options)
    assert result.exit_status == 0, result.report.counts
    return result


def place(result: api.RunResult, code: str) -> tuple[str, int, str]:
    (problem,) = result.report.examples[code]
    return problem.where.file, problem.where.line, problem.where.column


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_12_users_userids_item_names_its_users_csv_line(tmp_path: Path, engine: str) -> None:
    """Sam's userIds S-1001 (no {Type:Id}) is dropped in the strict set: said at users.csv:2
    [userIds], where the value is (was roles.csv:3 [userIds])."""
    result = run(tmp_path, "oneroster-1.2", ONEROSTER_12, "oneroster", engine)
    assert place(result, "D339") == ("users.csv", 2, "userIds")
    (problem,) = result.report.examples["D339"]
    assert problem.where.record == "student-1"


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(
    ("profile", "files", "column"),
    [("oneroster-1.2", ONEROSTER_12, "sms"), ("sds-v2", SDS_V2, "phone")],
    ids=["oneroster-1.2", "sds-v2"],
)
def test_a_bad_phone_of_a_joined_person_names_users_csv(
    tmp_path: Path, profile: str, files: dict[str, str], column: str, engine: str
) -> None:
    """555-12 is no phone number: said at the person's users.csv row and column (was the
    roles.csv row joining it, [user.sms])."""
    result = run(tmp_path, profile, files, "remind", engine)
    assert place(result, "D306") == ("users.csv", 3 if profile == "sds-v2" else 2, column)
