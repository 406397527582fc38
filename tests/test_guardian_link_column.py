"""The column parents are linked to their students by, written under another name. A OneRoster
1.2 exporter (ChurchCore Academy's) writes users.csv with OneRoster 1.0's `agents` where 1.2 says
`agentSourcedIds`. The oneroster-1.2 profile read no alias (`aliases: null`): every parent link
was cut, each parent left out as F413 (info, which the removal limit does not count) at exit 0,
and the only hint, I244, asked "did you mean 'orgSourcedIds'?" (tester33 F3). Now 1.2 reads
`agents` as 1.1 does; a profile that still reads no such alias (a district's `aliases: null`) is
refused when that column holds links and parents are lost (I285), and the hint names `agents`.
A small hand-made 1.2 set in tmp_path: Sam (student) and Pat (parent), each naming the other."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api
from transform.pipeline.absent import close_header

AS_OF = dt.date(2026, 10, 1)

FILES = {
    "manifest.csv": "propertyName,value\nmanifest.version,1.0\noneroster.version,1.2\n",
    "orgs.csv": (
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\norg1,,,Example Academy,school,,\n"
    ),
    "academicSessions.csv": (
        "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear\n"
        "y1,,,2026-2027,schoolYear,2026-08-01,2027-05-31,,2027\n"
        "fall,,,Fall 2026,semester,2026-08-24,2026-12-12,y1,2027\n"
    ),
    "courses.csv": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId\n"
    "co1,,,y1,Biblical Foundations,BIBL-101,,org1\n",
    "classes.csv": (
        "sourcedId,status,dateLastModified,title,classCode,classType,location,grades,courseSourcedId,"
        "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
        "c1,,,Biblical Foundations,BIBL-101-A,scheduled,,,co1,org1,fall,,,\n"
    ),
    "enrollments.csv": (
        "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate\n"
        "e1,,,c1,org1,student-1,student,,,\n"
        "e2,,,c1,org1,teacher-1,teacher,true,,\n"
    ),
    "roles.csv": (
        "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfile\n"
        "r1,,,student-1,primary,student,,,org1,\n"
        "r2,,,teacher-1,primary,teacher,,,org1,\n"
        "r3,,,parent-1,primary,parent,,,org1,\n"
    ),
}
# users.csv as the exporter writes it: `agents` (1.0's name) and a leftover orgSourcedIds.
HEADER = (
    "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,"
    "identifier,email,sms,phone,agents,orgSourcedIds,grades\n"
)
LINKED = (
    "student-1,,,true,sam,,Sam,Student,,S-1001,sam@example.test,,,parent-1,org1,\n"
    "teacher-1,,,true,theo,,Theo,Teacher,,,theo@example.test,,,,org1,\n"
    "parent-1,,,true,pat,,Pat,Student,,,pat@example.test,,,student-1,org1,\n"
)
UNLINKED = LINKED.replace(",parent-1,org1,", ",,org1,").replace(",student-1,org1,", ",,org1,")

# A district's profile reading 1.2's names only.
NO_ALIASES = "extends: oneroster-1.2\nsources:\n  users:\n    aliases: null\n"


def exports(tmp_path: Path, users: str) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {**FILES, "users.csv": HEADER + users}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def run(tmp_path: Path, users: str, profile: str = "oneroster-1.2", **options: object) -> api.RunResult:
    if profile == "district":
        (tmp_path / "district.yaml").write_text(NO_ALIASES, encoding="utf-8")
        profile = str(tmp_path / "district.yaml")
    folder = exports(tmp_path, users)
    return api.run(
        api.RunOptions(profile=profile, in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF, **options)  # type: ignore[arg-type]
    )


def published(tmp_path: Path) -> dict[str, dict[str, str]]:
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_12_users_csv_writing_agents_keeps_its_parents(tmp_path: Path, engine: str) -> None:
    """Before: Pat left out (F413), Sam's agentSourcedIds blank, exit 0. Now both links read."""
    result = run(tmp_path, LINKED, engine=engine)
    assert result.exit_status == 0, result.report.counts
    users = published(tmp_path)
    assert users["parent-1"]["role"] == "parent"
    assert users["parent-1"]["agentSourcedIds"] == "student-1"
    assert users["student-1"]["agentSourcedIds"] == "parent-1"
    assert "F413" not in result.report.counts
    # no column of the links absent (the set writes no metadata.preferredLanguage: said, I244, as any absent column)
    assert [p.params.get("column") for p in result.report.examples.get("I244", [])] == ["preferredLanguage"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_profile_reading_no_agents_is_refused_when_they_hold_the_links(tmp_path: Path, engine: str) -> None:
    """A district profile with `aliases: null` reads no `agents`: Pat would be left out (F413) at
    exit 0 with nothing but a note. Refused before any record is made (I285, exit 2: the export's
    layout is not the profile's), naming both columns and the line that reads it."""
    result = run(tmp_path, LINKED, "district", engine=engine)
    assert result.exit_status == 2
    assert not (tmp_path / "out").exists()
    (refusal,) = result.report.examples["I285"]
    assert (refusal.where.file, refusal.where.line, refusal.where.column) == ("users.csv", 1, "agents")
    assert refusal.message == (
        "users.csv has no column 'agentSourcedIds', by which tables.users.guardians links parents and "
        "guardians to their students, but has 'agents', filled on 2 rows, which profiles 'oneroster' and "
        "'oneroster-1.2' read as 'agentSourcedIds': the profile would read no link, and every parent and "
        "guardian no student names would be left out (F413); nothing published (read it with aliases: "
        "{agentSourcedIds: [agents]} under sources.users in the profile, or name the column 'agentSourcedIds' "
        "in the export)"
    )
    assert "F413" not in result.report.counts  # stopped before any record was made


def test_an_empty_agents_column_links_nobody_and_is_not_refused(tmp_path: Path) -> None:
    """The same profile, the exporter's `agents` empty on every row (as ChurchCore's own sample):
    no link is lost; Pat is left out as linked to no student (F413), as any such parent is. The
    note on the missing column asks for 'agents', no longer for the nearer spelling 'orgSourcedIds'
    (another column: the user's schools)."""
    result = run(tmp_path, UNLINKED, "district")
    assert result.exit_status == 0, result.report.counts
    assert "I285" not in result.report.counts
    assert result.report.counts["F413"] == 1
    (note,) = [p for p in result.report.examples["I244"] if p.params.get("column") != "preferredLanguage"]
    assert note.message.endswith("did you mean 'agents'?")


def test_a_known_other_name_comes_before_a_near_spelling() -> None:
    unread = {"orgsourcedids": "orgSourcedIds", "agents": "agents"}
    assert close_header("agentsourcedids", unread) == "orgSourcedIds"  # a near spelling alone
    assert close_header("agentsourcedids", unread, ("agents", "agentsourcedid")) == "agents"


def test_check_profile_with_the_exports_says_it_too(tmp_path: Path) -> None:
    """`transform check-profile district.yaml --exports DIR` names it before any night runs."""
    (tmp_path / "district.yaml").write_text(NO_ALIASES, encoding="utf-8")
    _, problems = api.check_profile(str(tmp_path / "district.yaml"), exports=exports(tmp_path, LINKED))
    assert [(p.code.id, p.where.column) for p in problems if p.code.id == "I285"] == [("I285", "agents")]
