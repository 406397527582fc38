"""A strict set gives each username to one user, and never by the order of tonight's rows (tester68
F5, reviewer71 R1, R3, R4). Ivan and Nina Diaz, Lena's parents, share the family email (Nina's
written Ivan.Diaz@: one address, as consumers compare them) and the export gives them no login, so
the username is their email: a consumer keying accounts on the username (Canvas's login_id,
Moodle's username) would refuse or merge one. One keeps it: the one who had it in the last
published set, else the least sourcedId; the other gets their sourcedId, said (D389). The Remind
target, which does not read usernames, is unchanged. A small OneRoster 1.1 set in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from tests.test_columnar import both_engines
from transform import api
from transform.pipeline.gate import state_folder
from transform.report.problem import redacted_params

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
HEADER = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password\n"
)
TEACHER = "t9,,,true,org1,teacher,jlee,,Jordan,Lee,,T100,jordan.lee@lincoln.example.org,,,,,\n"
BLAKE = "s2,,,true,org1,student,bjones,,Blake,Jones,,S2002,,,,G3,07,\n"
DANA = "G3,,,true,org1,guardian,,,Dana,Jones,,,dana.jones@example.com,,,s2,,\n"
IVAN = "G1,,,true,org1,parent,,,Ivan,Diaz,,,ivan.diaz@mail.example.com,,,s1,,\n"
NINA = "G2,,,true,org1,parent,,,Nina,Diaz,,,Ivan.Diaz@mail.example.com,,5550100,s1,,\n"
# A grandmother new on the second night, of the family email too, whose ID sorts before both.
ROSA = "A0,,,true,org1,guardian,,,Rosa,Diaz,,,ivan.diaz@mail.example.com,,5550111,s1,,\n"


def _lena(agents: str) -> str:
    return f's1,,,true,org1,student,,,Lena,Diaz,,S2001,,,,"{agents}",07,\n'


def _district(folder: Path, users: list[str]) -> Path:
    folder.mkdir(parents=True)
    files = {"orgs.csv": ORGS, "academicSessions.csv": SESSIONS, "classes.csv": CLASSES}
    for name, text in {**files, "enrollments.csv": ENROLLMENTS, "users.csv": HEADER + "".join(users)}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _usernames(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["username"] for row in csv.DictReader(handle)}


def _night(exports: Path, out: Path, day: int, target: str = "oneroster") -> api.RunResult:
    return api.run(
        api.RunOptions(in_dir=exports, out_dir=out, profile="oneroster", as_of=dt.date(2026, 10, day), target=target)
    )


FAMILY = [TEACHER, _lena("G1,G2"), BLAKE, IVAN, NINA, DANA]


@pytest.mark.parametrize("target", ["oneroster", "remind"])
def test_two_parents_sharing_the_family_email_get_one_username_each(tmp_path: Path, target: str) -> None:
    python, _ = both_engines(
        tmp_path,
        profile="oneroster",
        in_dir=_district(tmp_path / "in", FAMILY),
        as_of=dt.date(2026, 10, 1),
        target=target,
    )
    assert python.exit_status == 0, python.report.counts
    names = _usernames(tmp_path / "python")
    assert (names["G1"], names["G3"]) == ("ivan.diaz@mail.example.com", "dana.jones@example.com")
    assert (names["t9"], names["s2"], names["s1"]) == ("jlee", "bjones", "s1")
    if target == "remind":  # Remind does not read usernames: as before
        assert names["G2"] == "ivan.diaz@mail.example.com"
        assert "D389" not in python.report.counts
        return
    assert names["G2"] == "G2"  # her email is the shared one: her sourcedId
    (said,) = python.report.examples["D389"]
    assert (said.where.file, said.where.line, said.where.column) == ("users.csv", 6, "email")  # R4: Nina's email cell
    assert (said.params["id"], said.params["holder"], said.params["given"]) == ("G2", "G1", "G2")
    assert said.params["why"] == "the least sourcedId of the 2 users who have it"
    assert python.report.counts["V509"] == 1  # the email itself is published as it is, shared
    assert "D388" not in python.report.counts


def test_the_rows_order_never_moves_a_username(tmp_path: Path) -> None:
    """The first night in two orders gives one set, byte for byte; the second night, its rows the
    other way round and Rosa new with the same email and the least ID, Ivan keeps his username
    (his in the last set), Nina hers, and Rosa gets her ID."""
    first = _night(_district(tmp_path / "in1", FAMILY), tmp_path / "out", 1)
    again = _night(_district(tmp_path / "in1r", FAMILY[::-1]), tmp_path / "reversed", 1)
    assert first.exit_status == again.exit_status == 0, first.report.counts
    for name in ("users.csv", "enrollments.csv", "classes.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "reversed" / name).read_bytes()
    night_one = _usernames(tmp_path / "out")
    assert (night_one["G1"], night_one["G2"]) == ("ivan.diaz@mail.example.com", "G2")

    second = [ROSA, *FAMILY[::-1]]
    second[second.index(_lena("G1,G2"))] = _lena("G2,A0,G1")
    result = _night(_district(tmp_path / "in2", second), tmp_path / "out", 2)
    assert result.exit_status == 0, result.report.counts
    names = _usernames(tmp_path / "out")
    assert (names["G1"], names["G2"], names["A0"]) == ("ivan.diaz@mail.example.com", "G2", "A0")
    said = {p.params["id"]: p for p in result.report.examples["D389"]}
    assert said["A0"].params["holder"] == "G1"
    assert said["A0"].params["why"] == "theirs in the last published set"


def test_a_login_the_sis_gives_twice_is_a_warning_at_the_login_column(tmp_path: Path) -> None:
    """Two students given one SIS login (reviewer71 R3): the second is given her own email, said as
    a warning at the username cell her row has. A parent whose email is a student's login is not
    the login's holder: the student keeps it, although the parent's ID sorts first."""
    login = "maria.lopez@students.example.org"
    users = [
        TEACHER,
        f"s1,,,true,org1,student,{login},,Maria,Lopez,,S2001,maria.lopez@students.example.org,,,G3,07,\n",
        f"s2,,,true,org1,student,{login},,Marta,Lopes,,S2002,mlopes2@students.example.org,,,,07,\n",
        f"G3,,,true,org1,parent,,,Dana,Lopez,,,{login},,5550100,s1,,\n",
    ]
    result = _night(_district(tmp_path / "in", users[::-1]), tmp_path / "out", 1)
    names = _usernames(tmp_path / "out")
    assert (names["s1"], names["s2"], names["G3"]) == (login, "mlopes2@students.example.org", "G3")
    (twice,) = result.report.examples["D388"]
    assert (twice.where.line, twice.where.column, twice.params["id"]) == (3, "username", "s2")
    assert twice.code.severity.value == "warning"
    (family,) = result.report.examples["D389"]
    assert (family.params["id"], family.params["holder"]) == ("G3", "s1")


def test_a_sourcedid_another_user_has_as_username_is_not_given(tmp_path: Path) -> None:
    """Nina's sourcedId 'bjones' is Blake's login: given to her, 'bjones' was published twice at
    exit 0, said only D389 (reviewer82 R1). The shared email stays hers too, said by V509 as before."""
    nina = NINA.replace("G2,", "bjones,", 1)
    users = [TEACHER, _lena("G1,bjones"), BLAKE, IVAN, nina, DANA]
    result = _night(_district(tmp_path / "in", users), tmp_path / "out", 1)
    names = _usernames(tmp_path / "out")
    assert names["s2"] == "bjones" and names["bjones"] == "ivan.diaz@mail.example.com"
    assert list(names.values()).count("bjones") == 1
    assert "D389" not in result.report.counts and result.report.counts["V509"] >= 1
    (said,) = result.report.examples["V621"]
    assert (said.params["id"], said.params["holder"]) == ("bjones", "G1")


def test_redact_hides_the_email_given(tmp_path: Path) -> None:
    """Casey is given the login 'bjones' too, Blake's: Casey gets her own email, said (D388); --redact
    hid the login but printed the email whole in the JSON and HTML reports (reviewer82 R4)."""
    casey = "s3,,,true,org1,student,bjones,,Casey,Jones,,S2003,casey.jones@students.example.org,,,,07,\n"
    result = _night(_district(tmp_path / "in", [*FAMILY, casey]), tmp_path / "out", 1)
    assert _usernames(tmp_path / "out")["s3"] == "casey.jones@students.example.org"
    (said,) = result.report.examples["D388"]
    shown = redacted_params(said.params)
    assert shown["value"] == "<redacted>" and shown["given"] == "<redacted>"
    assert "casey.jones" not in str(shown)


def test_a_holder_kept_by_the_last_set_keeps_it_when_out_was_emptied(tmp_path: Path) -> None:
    """Rosa, new with the family email and the least ID, is given hers while Ivan keeps his (the last
    set's); then a pick-up job empties OUT and no copy is kept (X973): the holder read from nothing was
    the least sourcedId, Rosa, and Ivan's login went to her at exit 0 (reviewer82 R2). last.json keeps
    the holders the last set decided, a few."""
    out = tmp_path / "out"
    assert _night(_district(tmp_path / "in1", FAMILY), out, 1).exit_status == 0
    second = [ROSA, *FAMILY]
    second[second.index(_lena("G1,G2"))] = _lena("G2,A0,G1")
    exports = _district(tmp_path / "in2", second)
    assert _night(exports, out, 2).exit_status == 0
    state = json.loads((state_folder(out) / "last.json").read_text(encoding="utf-8"))
    assert state["username_holders"] == {"ivan.diaz@mail.example.com": "G1"}
    for path in out.glob("*.csv"):
        path.unlink()
    for day in (3, 4):  # and the night after, whose last set is whole again
        result = _night(exports, out, day)
        assert result.exit_status == 0 and ("X973" in result.report.counts) == (day == 3), result.report.counts
        names = _usernames(out)
        assert (names["G1"], names["G2"], names["A0"]) == ("ivan.diaz@mail.example.com", "G2", "A0"), day
