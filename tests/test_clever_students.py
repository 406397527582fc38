"""Clever: a student listed on students.csv rows at two schools (a student attending both, or a
district export writing one row per school) kept only the lower School_id, reported as a
conflict (V508), while a teacher's rows at two schools are united. Clever keys a student on
Student_id and lets a user belong to several schools; Remind: "A user can be in multiple
schools". The student is one user at both schools, with their contacts from every row."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

CLEVER = FIXTURES / "clever" / "district"
ROBERT = '100,S1002,1002,"Smith, Jr.",Lee,Robert,3,'


def clever_copy(tmp_path: Path) -> Path:
    """The Clever district's exports (and profile) copied into tmp_path: its exports folder."""
    folder = tmp_path / "in"
    shutil.copytree(CLEVER / "in", folder)
    shutil.copy(CLEVER / "district.yaml", tmp_path / "district.yaml")
    return folder


def run(
    tmp_path: Path, folder: Path, engine: str, explain: Path | None = None
) -> tuple[api.RunResult, dict[str, dict[str, str]]]:
    """The copied profile run on `folder` (exit 0 asserted), and its users.csv by sourcedId."""
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(
            profile=str(tmp_path / "district.yaml"),
            in_dir=folder,
            out_dir=out,
            as_of=dt.date(2026, 10, 15),
            engine=engine,
            explain=explain,
        )
    )
    assert result.exit_status == 0
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return result, {row["sourcedId"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_student_at_two_schools_is_one_user_at_both(tmp_path: Path, engine: str) -> None:
    folder = clever_copy(tmp_path)
    students = folder / "students.csv"
    lines = students.read_text(encoding="utf-8").splitlines()
    (robert,) = [line for line in lines if line.startswith(ROBERT)]
    students.write_text("\n".join([*lines, "200" + robert[3:]]) + "\n", encoding="utf-8")
    result, users = run(tmp_path, folder, engine)
    assert users["S1002"]["orgSourcedIds"] == "100,200"
    assert users["S1002"]["grades"] == "03"
    assert users["S1002"]["agentSourcedIds"] == "GC610"
    assert "V508" not in result.report.counts


@pytest.mark.parametrize(("engine", "contact_type"), [("python", "Secondary"), ("columnar", "SECONDARY")])
def test_a_secondary_contact_is_no_guardian(tmp_path: Path, engine: str, contact_type: str) -> None:
    """A contact Clever types Secondary (S1001's aunt) is left out as an emergency contact is
    (F409), and S1001 does not name her. Remind holds a Clever sync with contacts typed
    emergency or secondary: "We don't recommend creating accounts for emergency or secondary
    contacts" (help.remind.com 360017553480). Before, only emergency and pickup were left out:
    she was published as a guardian and linked (tester9 item 3)."""
    folder = clever_copy(tmp_path)
    students = folder / "students.csv"
    aunt = (
        "100,S1001,1001,Nguyen,,Linh,Kindergarten,03/14/2021,Vietnamese,,Aunt,"
        f"{contact_type},Kim Le,(555) 201-7777,kim.le@example.com,C777"
    )
    students.write_text(students.read_text(encoding="utf-8") + aunt + "\n", encoding="utf-8")
    explain = tmp_path / "explain.csv"
    _, users = run(tmp_path, folder, engine, explain)
    assert "GC777" not in users and not any(row["givenName"] == "Kim" for row in users.values())
    assert users["S1001"]["agentSourcedIds"] == "GC501"
    with explain.open(encoding="utf-8", newline="") as handle:
        left_out = [(row["name"], row["code"]) for row in csv.DictReader(handle)]
    assert any(code == "F409" and "Kim Le" in name for name, code in left_out), left_out


# Clever documents Contact_type as Primary, Secondary, Parent/Guardian, Emergency, Family or Other,
# and Contact_relationship as Parent, Grandparent, Self, Aunt/Uncle, Sibling or Other.
GARCIA = "200,S2003,2003,Garcia,Elena,Sofia,8,13/01/2013,Spanish,,"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_only_parents_and_guardians_become_guardians(tmp_path: Path, engine: str) -> None:
    """S2003's sibling (Family), a coach (Other) and a contact of a type the profile does not know
    became guardian users with no message (tester23 F5). A Parent/Guardian or Primary contact is
    a guardian whatever the relationship (an uncle typed Parent/Guardian: kinship care; Other: a
    foster parent, tester26 1.1); a Family or Other contact is left out as no guardian (F409, as
    the oneroster and sds-v2 profiles leave relatives out); a type the profile does not know is
    reported for a person to place (F424)."""
    folder = clever_copy(tmp_path)
    contacts = [
        "Sibling,Family,Mateo Garcia,5552017790,mateo.g@example.com,C900",
        "Other,Other,Coach Bob,5552017791,coachbob@example.com,C901",
        "Aunt/Uncle,Parent/Guardian,Luis Garcia,5552017792,luis.g@example.com,C902",
        "Grandparent,Primary,Rosa Garcia,5552017793,rosa.g@example.com,C903",
        "Parent,Primary,Jorge Garcia,5552017794,jorge.g@example.com,C904",
        "Parent,Foster,Ana Ruiz,5552017795,ana.r@example.com,C905",
    ]
    students = folder / "students.csv"
    students.write_text(
        students.read_text(encoding="utf-8") + "".join(f"{GARCIA}{contact}\n" for contact in contacts),
        encoding="utf-8",
    )
    result, users = run(tmp_path, folder, engine)
    assert users["GC903"]["role"] == "guardian" and users["GC904"]["role"] == "parent"
    assert users["GC902"]["role"] == "guardian"
    assert not {"GC900", "GC901", "GC905"} & set(users)
    assert set(users["S2003"]["agentSourcedIds"].split(",")) == {"GC902", "GC903", "GC904"} | {
        sid for sid, row in users.items() if row["givenName"] == "Lucia"
    }
    left_out = {(p.where.line, p.params["value"]) for p in result.report.examples["F409"]}
    assert {(8, "Family"), (9, "Other")} <= left_out and not {p for p in left_out if p[0] == 10}
    assert [(p.where.line, p.params["value"]) for p in result.report.examples["F424"]] == [(13, "Foster")]
