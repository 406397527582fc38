"""A native OneRoster set's relatives and disabled guardians. OneRoster's users.csv has a role
relative besides parent and guardian: the people an SIS lists with a student who are not their
parents or guardians (Infinite Campus: an emergency-contact grandmother, a non-custodial uncle).
Hostile copies of the OneRoster sample districts (1.1 and 1.2), in tmp_path (cases the second
tester found publishing wrong sets). SDS v2.1's relationshipRole relative follows the same rule."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
ONEROSTER = FIXTURES / "oneroster" / "district"
ONEROSTER_12 = FIXTURES / "oneroster-1.2" / "district"
KIRAN = "u-s3,,,true,sch-20,student,kpatel,{SIS:1003},Kiran,Patel,,1003,,,,,TK,"
OMAR = "u-p2,active,2026-08-01,TRUE,sch-20,guardian,,,Omar,Patel,,,,,555.301.4400,u-s3,,"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def run(folder: Path, out: Path, profile: str, engine: str = "python") -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine))


def edited_users(tmp_path: Path, source: Path, replace: dict[str, str], *added: str) -> Path:
    """`source`'s exports with users.csv lines replaced (whole lines) and lines added."""
    folder = tmp_path / "in"
    shutil.copytree(source / "in", folder)
    path = folder / "users.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines = [replace.get(line, line) for line in lines] + list(added)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_relatives_are_not_guardians_and_are_taken_off_their_students(tmp_path: Path, engine: str) -> None:
    """Kiran's grandmother (linked from her own row) and uncle (named by Kiran's row too) have
    role relative. Before, both were published as Kiran's guardians (relative mapped to
    guardian). Now each is left out as not a guardian (F409), Kiran is linked to Omar alone,
    and Kiran's naming the uncle is no warning (no V575: the relative's row says why)."""
    folder = edited_users(
        tmp_path,
        ONEROSTER,
        {KIRAN: KIRAN.replace(",,,,,TK,", ",,,,u-r2,TK,")},
        "u-r1,active,2026-08-01,TRUE,sch-20,relative,,,Nana,Patel,,,nana.patel@example.com,,555.301.9999,u-s3,,",
        "u-r2,active,2026-08-01,TRUE,sch-20,Relative,,,Uncle,Patel,,,uncle.patel@example.com,,,,,",
    )
    result = run(folder, tmp_path / "out", "ims", engine)
    assert result.exit_status == 0
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert "u-r1" not in users and "u-r2" not in users
    assert users["u-s3"]["agentSourcedIds"] == "u-p2"
    assert users["u-p2"]["agentSourcedIds"] == "u-s3"
    assert sorted((p.where.file, p.where.line) for p in result.report.examples["F409"]) == [
        ("users.csv", 13),  # the grandmother
        ("users.csv", 14),  # the uncle
    ]
    assert "V575" not in result.report.counts


def test_a_relative_role_in_a_12_set_is_not_a_guardian(tmp_path: Path) -> None:
    """OneRoster 1.2 (roles.csv): Kai Moss's only role is relative. Before, he was published as
    Owen's guardian; now he is left out (F409), and Owen keeps Dana."""
    result = run(ONEROSTER_12 / "in", tmp_path / "out", "oneroster-1.2")
    assert result.exit_status == 0
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert "p-2" not in users
    assert users["u-s2"]["agentSourcedIds"] == "p-1"
    assert "V575" not in result.report.counts


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_sds_relative_is_not_a_guardian_either(tmp_path: Path, engine: str) -> None:
    """One rule for one word: SDS v2.1's relationshipRole relative made a guardian (published with
    email and phone, linked to Ben), while OneRoster's role relative is left out. A relative is no
    parent or legal guardian: Ike Lopez (Ben's relative, Ava's emergency contact) is left out
    (F409), and Ben keeps his parent and guardian."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "sds-v2" / "district" / "in", folder)
    assert "st2,e1,relative" in (folder / "relationships.csv").read_text(encoding="utf-8")
    result = run(folder, tmp_path / "out", "sds-v2", engine)
    assert result.exit_status == 0
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert "e1" not in users
    assert users["st2"]["agentSourcedIds"] == "g1,g2"
    assert ("relationships.csv", 6) in {(p.where.file, p.where.line) for p in result.report.examples["F409"]}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_disabled_guardian_is_written_disabled(tmp_path: Path, engine: str) -> None:
    """Omar's row says enabledUser FALSE. Before, he was written true (the guardians' rule did not
    read enabledUser, so the target's default filled it in); now false, as for students and staff."""
    folder = edited_users(tmp_path, ONEROSTER, {OMAR: OMAR.replace(",TRUE,", ",FALSE,")})
    result = run(folder, tmp_path / "out", "ims", engine)
    assert result.exit_status == 0
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert users["u-p2"]["enabledUser"] == "false"
    assert users["u-p1"]["enabledUser"] == "true"


def test_a_disabled_guardian_in_a_12_set_is_written_disabled(tmp_path: Path) -> None:
    """The same in a 1.2 set, where enabledUser is on the users.csv row the role joins."""
    folder = tmp_path / "in"
    shutil.copytree(ONEROSTER_12 / "in", folder)
    path = folder / "users.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace("p-1,,,TRUE,", "p-1,,,FALSE,"), encoding="utf-8")
    result = run(folder, tmp_path / "out", "oneroster-1.2")
    assert result.exit_status == 0
    users = {r["sourcedId"]: r for r in rows(tmp_path / "out" / "users.csv")}
    assert users["p-1"]["enabledUser"] == "false"
