"""Links in the native-format profiles (OneRoster 1.1 and 1.2, SDS v2.1, Aeries): guardians
named from either side, relationship roles, term IDs naming no session, keys that differ only by
leading zeros. Each export set is written here, small, to show one thing."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)


def write(folder: Path, files: dict[str, list[str]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_id(path: Path) -> dict[str, dict[str, str]]:
    return {row["sourcedId"]: row for row in rows(path)}


def run(tmp_path: Path, profile: str, exports: Path, target: str = "remind") -> api.RunResult:
    options = api.RunOptions(profile=profile, in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF, target=target)
    return api.run(options)


def messages(result: api.RunResult, code: str) -> list[str]:
    return [p.message for p in result.report.examples.get(code, [])]


# --- 1. OneRoster: a guardian linked from either side ------------------------------------------

OR_ORGS = ["sourcedId,status,name,type", "S1,active,Hill Elementary,school"]
OR_SESSIONS = [
    "sourcedId,status,title,type,startDate,endDate,schoolYear",
    "T1,active,Fall,semester,2026-08-15,2026-12-20,2027",
]
OR_CLASSES = ["sourcedId,status,title,schoolSourcedId,termSourcedIds", "K1,active,Math 3,S1,T1"]
OR_ENROLLMENTS = [
    "sourcedId,status,classSourcedId,schoolSourcedId,userSourcedId,role",
    "E1,active,K1,S1,u1,student",
    "E2,active,K1,S1,u2,student",
    "E3,active,K1,S1,t1,teacher",
]
OR_USERS_HEADER = "sourcedId,status,role,givenName,familyName,email,orgSourcedIds,agentSourcedIds"


def oneroster_set(folder: Path, users: list[str]) -> Path:
    return write(
        folder,
        {
            "orgs.csv": OR_ORGS,
            "academicSessions.csv": OR_SESSIONS,
            "classes.csv": OR_CLASSES,
            "enrollments.csv": OR_ENROLLMENTS,
            "users.csv": [OR_USERS_HEADER, "t1,active,teacher,Tom,Tate,tom@hill.org,S1,", *users],
        },
    )


STUDENT_SIDE = [  # only the students name their parent; the parent's row names nobody
    "u1,active,student,Ann,Bell,,S1,p1",
    "u2,active,student,Bob,Bell,,S1,p1",
    "p1,active,parent,Pam,Bell,pam@x.com,,",
]
PARENT_SIDE = [
    "u1,active,student,Ann,Bell,,S1,",
    "u2,active,student,Bob,Bell,,S1,",
    'p1,active,parent,Pam,Bell,pam@x.com,,"u1,u2"',
]
BOTH_SIDES = [
    "u1,active,student,Ann,Bell,,S1,p1",
    "u2,active,student,Bob,Bell,,S1,p1",
    'p1,active,parent,Pam,Bell,pam@x.com,,"u2,u1"',
]


@pytest.mark.parametrize("users", [STUDENT_SIDE, PARENT_SIDE, BOTH_SIDES], ids=["student", "parent", "both"])
@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_oneroster_guardian_is_linked_from_either_side_once(tmp_path: Path, users: list[str], target: str) -> None:
    result = run(tmp_path, "oneroster", oneroster_set(tmp_path / "in", users), target)
    assert result.exit_status == 0
    published = by_id(tmp_path / "out" / "users.csv")
    assert sorted(published["p1"]["agentSourcedIds"].split(",")) == ["u1", "u2"]  # each student once
    assert published["p1"]["role"] == "parent" and published["p1"]["orgSourcedIds"] == "S1"
    assert published["u1"]["agentSourcedIds"] == published["u2"]["agentSourcedIds"] == "p1"
    assert "F413" not in result.report.counts and "V575" not in result.report.counts


def test_a_student_naming_no_kept_guardian_is_warned_and_the_id_taken_off(tmp_path: Path) -> None:
    users = [
        'u1,active,student,Ann,Bell,,S1,"p1,p2,t1,zz9"',  # a parent, an inactive one, a teacher, nobody
        "u2,active,student,Bob,Bell,,S1,",
        "p1,active,parent,Pam,Bell,pam@x.com,,",
        "p2,tobedeleted,parent,Paul,Bell,paul@x.com,,",
    ]
    result = run(tmp_path, "oneroster", oneroster_set(tmp_path / "in", users))
    assert result.exit_status == 0
    published = by_id(tmp_path / "out" / "users.csv")
    assert published["u1"]["agentSourcedIds"] == "p1"
    assert published["p1"]["agentSourcedIds"] == "u1"
    assert "p2" not in published
    warned = result.report.examples["V575"]
    assert result.report.counts["V575"] == 3
    assert {p.params["value"] for p in warned} == {"p2", "t1", "zz9"}
    assert all(p.code.severity == "warning" and p.where.column == "agentSourcedIds" for p in warned)
    assert all(p.where.file == "users.csv" and p.where.line == 3 for p in warned)
    assert any("left out as a guardian" in m for m in messages(result, "V575"))


def test_a_guardian_naming_a_student_not_in_the_set_is_told_and_the_link_left_out(tmp_path: Path) -> None:
    """The other side of V575: a guardian's agentSourcedIds naming a student never listed (zz9,
    twice) or left out (u3, tobedeleted) loses that link with a note (V582), once per link."""
    users = [
        "u1,active,student,Ann,Bell,,S1,",
        "u2,active,student,Bob,Bell,,S1,",
        "u3,tobedeleted,student,Cy,Bell,,S1,",
        'p1,active,parent,Pam,Bell,pam@x.com,,"u2,zz9,u1,u3,zz9"',
    ]
    result = run(tmp_path, "oneroster", oneroster_set(tmp_path / "in", users))
    assert result.exit_status == 0
    published = by_id(tmp_path / "out" / "users.csv")
    assert sorted(published["p1"]["agentSourcedIds"].split(",")) == ["u1", "u2"]
    told = result.report.examples["V582"]
    assert result.report.counts["V582"] == 2
    assert [(p.params["id"], p.params["student"]) for p in told] == [("p1", "zz9"), ("p1", "u3")]
    assert all((p.where.file, p.where.line) == ("users.csv", 6) for p in told)
    assert messages(result, "V582")[0] == (
        "guardian 'p1' ('pam bell') names student 'zz9', who is not a student in this set "
        "(left out, or never listed); that link is left out"
    )


def test_oneroster_1_2_links_a_parent_named_only_by_the_student(tmp_path: Path) -> None:
    users = [
        "sourcedId,status,enabledUser,username,givenName,familyName,email,agentSourcedIds",
        "u1,active,true,ann,Ann,Bell,,p1",
        "u2,active,true,bob,Bob,Bell,,p1",
        "p1,active,true,,Pam,Bell,pam@x.com,",
        "t1,active,true,tt,Tom,Tate,tom@hill.org,",
    ]
    roles = [
        "sourcedId,status,userSourcedId,roleType,role,orgSourcedId",
        "r1,active,u1,primary,student,S1",
        "r2,active,u2,primary,student,S1",
        "r3,active,p1,primary,parent,S1",
        "r4,active,t1,primary,teacher,S1",
    ]
    exports = write(
        tmp_path / "in",
        {
            "manifest.csv": ["propertyName,value", "oneroster.version,1.2"],
            "orgs.csv": OR_ORGS,
            "academicSessions.csv": OR_SESSIONS,
            "classes.csv": OR_CLASSES,
            "enrollments.csv": OR_ENROLLMENTS,
            "users.csv": users,
            "roles.csv": roles,
        },
    )
    result = run(tmp_path, "oneroster-1.2", exports)
    assert result.exit_status == 0
    published = by_id(tmp_path / "out" / "users.csv")
    assert published["p1"]["agentSourcedIds"] == "u1,u2"
    assert published["u1"]["agentSourcedIds"] == "p1"
    assert "F413" not in result.report.counts


# --- 2. SDS v2.1: relationship roles -------------------------------------------------------------


def sds_set(folder: Path, relationships: list[str], classes: list[str] | None = None) -> Path:
    return write(
        folder,
        {
            "orgs.csv": ["sourcedId,name,type", "s1,Lake Elementary,school"],
            "users.csv": [
                "sourcedId,username,givenName,familyName,email",
                "st1,st1@lake.org,Ann,Ng,",
                "st2,st2@lake.org,Bo,Ng,",
                "t1,t1@lake.org,Tia,Holt,t1@lake.org",
                "g1,g1,Mia,Ng,mia@x.com",
                "g2,g2,Sam,Ng,sam@x.com",
                "g3,g3,Doc,Hale,doc@x.com",
            ],
            "roles.csv": [
                "userSourcedId,orgSourcedId,role",
                "st1,s1,student",
                "st2,s1,student",
                "t1,s1,teacher",
            ],
            "classes.csv": classes or ["sourcedId,orgSourcedId,title,sessionSourcedIds", "c1,s1,Reading,FALL"],
            "academicSessions.csv": [
                "sourcedId,title,type,startDate,endDate",
                "FALL,Fall 2026,semester,2026-08-20,2026-12-18",
            ],
            "enrollments.csv": [
                "classSourcedId,userSourcedId,role",
                "c1,st1,student",
                "c1,st2,student",
                "c1,t1,teacher",
            ],
            "relationships.csv": ["userSourcedId,relationshipUserSourcedId,relationshipRole", *relationships],
        },
    )


def test_sds_mother_and_father_are_guardians_and_an_unknown_role_is_not_an_emergency_contact(tmp_path: Path) -> None:
    relationships = ["st1,g1,mother", "st2,g2,Father", "st2,g3,doctor", "st1,g3,aunty"]
    result = run(tmp_path, "sds-v2", sds_set(tmp_path / "in", relationships))
    assert result.exit_status == 0
    published = by_id(tmp_path / "out" / "users.csv")
    assert published["g1"]["role"] == "parent" and published["g1"]["agentSourcedIds"] == "st1"
    assert published["g2"]["role"] == "parent" and published["g2"]["agentSourcedIds"] == "st2"
    assert "g3" not in published
    assert published["st1"]["agentSourcedIds"] == "g1"
    assert result.report.counts["F409"] == 1  # the doctor
    (unknown,) = result.report.examples["F424"]
    assert unknown.params["value"] == "aunty" and unknown.code.severity == "warning"
    assert (unknown.where.file, unknown.where.line) == ("relationships.csv", 5)


# --- 3. a term ID naming no session ------------------------------------------------------------


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_sds_class_whose_session_is_not_in_academic_sessions_is_left_out(tmp_path: Path, target: str) -> None:
    classes = [
        "sourcedId,orgSourcedId,title,sessionSourcedIds",
        "c1,s1,Reading,FALL",
        "c2,s1,Chemistry,SPR99",  # names no session
        "c3,s1,Drama,",  # no session at all: undated, kept (F420)
    ]
    exports = sds_set(tmp_path / "in", ["st1,g1,parent"], classes)
    with (exports / "enrollments.csv").open("a", encoding="utf-8") as handle:
        handle.write("c2,st1,student\nc2,t1,teacher\nc3,st2,student\nc3,t1,teacher\n")
    result = run(tmp_path, "sds-v2", exports, target)
    assert result.exit_status == 0
    published = by_id(tmp_path / "out" / "classes.csv")
    assert set(published) == {"c1", "c3"}
    assert {r["classSourcedId"] for r in rows(tmp_path / "out" / "enrollments.csv")} == {"c1", "c3"}
    (dangling,) = result.report.examples["D300"]
    assert (dangling.where.file, dangling.where.line) == ("classes.csv", 3)
    assert "'SPR99'" in dangling.message and "dangling reference" in dangling.message
    assert result.report.counts["V503"] == 2  # its enrolments follow
    assert result.report.counts["F420"] == 1  # only the class with no session
    # strict: the class with no session goes into the school year, the one naming none does not
    assert {p.where.record for p in result.report.examples.get("D336", [])} <= {"c3"}


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_oneroster_class_whose_term_is_not_in_academic_sessions_is_left_out(tmp_path: Path, target: str) -> None:
    exports = oneroster_set(tmp_path / "in", PARENT_SIDE)
    (exports / "classes.csv").write_text(
        "\n".join([*OR_CLASSES, "K2,active,Art,S1,T9", 'K3,active,Drama,S1,"T9,T1"']) + "\n", encoding="utf-8"
    )
    with (exports / "enrollments.csv").open("a", encoding="utf-8") as handle:
        handle.write("E4,active,K2,S1,u1,student\nE5,active,K3,S1,u2,student\n")
    result = run(tmp_path, "oneroster", exports, target)
    assert result.exit_status == 0
    # K3 lists a known term besides the missing one: it is in T1, which is current
    assert set(by_id(tmp_path / "out" / "classes.csv")) == {"K1", "K3"}
    assert "E4" not in by_id(tmp_path / "out" / "enrollments.csv")
    assert [p.where.line for p in result.report.examples["D300"]] == [3]
    assert "F420" not in result.report.counts and "D336" not in result.report.counts


# --- 4. a key that differs only by leading zeros ---------------------------------------------------


def test_aeries_join_miss_on_a_key_differing_only_by_leading_zeros_is_an_error(tmp_path: Path) -> None:
    """CRS.CN 300 for MST.CN 0300: the join stays exact, but the miss is an export writing its
    course numbers two ways (D386, an error), not a section naming no course (D300, a warning):
    one of MST's 7 rows is over the removal limit, so nothing is published (X915)."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "aeries" / "district" / "in", exports)
    courses = exports / "CRS.csv"
    courses.write_text(courses.read_text(encoding="utf-8").replace("\n0300,", "\n300,"), encoding="utf-8")
    result = run(tmp_path, "aeries", exports)
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    assert "D300" not in result.report.counts
    (miss,) = result.report.examples["D386"]
    assert (miss.where.file, miss.where.line, miss.where.column) == ("MST.csv", 3, "CN")
    assert "CN='0300', but CN='300' is one, written with other leading zeros" in miss.message
    assert [p.code.id for p in result.problems] == ["X915"]
