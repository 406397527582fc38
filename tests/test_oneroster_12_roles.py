"""OneRoster 1.2 roles.csv: a parent's role rows are read as students' and staff's are (a role
ended, not started or to be deleted is left out), a parent's relative role at another org
leaves them a parent, and non-teaching staff roles are Remind's aides. Copies of the 1.2 sample
district in tmp_path, each with one roles.csv row changed (cases the fourth tester found:
or12-multirole in-e, in-f, in-g, in-l)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

AS_OF = dt.date(2026, 10, 15)
ONEROSTER_12 = FIXTURES / "oneroster-1.2" / "district" / "in"
DANA = "r-11,,,p-1,primary,parent,,,sch-1,"  # Dana Moss (p-1): parent of Ella (u-s1) and Owen (u-s2)


def exports(tmp_path: Path, replace: dict[str, str], *added: str) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(ONEROSTER_12, folder)
    path = folder / "roles.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert all(line in lines for line in replace)
    path.write_text("\n".join([replace.get(line, line) for line in lines] + list(added)) + "\n", encoding="utf-8")
    return folder


def users(result: api.RunResult, out: Path) -> dict[str, dict[str, str]]:
    assert result.exit_status == 0, result.report.counts
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def run(folder: Path, out: Path, engine: str = "python") -> api.RunResult:
    return api.run(api.RunOptions(profile="oneroster-1.2", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine))


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("r-11,,,p-1,primary,parent,2025-08-25,2026-06-30,sch-1,", "F428"),  # ended last June
        ("r-11,tobedeleted,2026-07-01T00:00:00Z,p-1,primary,parent,,,sch-1,", "F428"),  # to be deleted
        ("r-11,,,p-1,primary,parent,2027-08-20,,sch-1,", "F426"),  # starts next school year
    ],
    ids=["ended", "tobedeleted", "not-started"],
)
def test_a_parent_whose_only_role_is_not_current_is_no_guardian(
    tmp_path: Path, role: str, code: str, engine: str
) -> None:
    """Dana's only role ended, is to be deleted, or starts next year. Before, she was published
    as a parent with email and phone, linked to both children (exit 0, no code). Now she is
    left out as the 1.1 profile leaves out a parent not active (her role row: F428
    inactive-guardian, or F426 not-started), and Ella's and Owen's agentSourcedIds naming her
    are taken off, each told (V575)."""
    out = tmp_path / "out"
    result = run(exports(tmp_path, {DANA: role}), out, engine)
    published = users(result, out)
    assert "p-1" not in published
    assert published["u-s1"]["agentSourcedIds"] == ""
    assert published["u-s2"]["agentSourcedIds"] == ""
    assert result.report.counts["V575"] == 2
    assert ("roles.csv", 12) in [(p.where.file, p.where.line) for p in result.report.examples[code]]


def test_a_parent_with_one_role_ended_and_one_current_stays_a_parent(tmp_path: Path) -> None:
    """Dana's role at sch-1 is to be deleted, her role at sch-2 is current: one row left out is
    one role left out, not the person (each roles.csv row is a role: guardian.role_rows)."""
    out = tmp_path / "out"
    folder = exports(
        tmp_path,
        {DANA: "r-11,tobedeleted,2026-07-01T00:00:00Z,p-1,primary,parent,,,sch-1,"},
        "r-15,,,p-1,secondary,parent,2026-08-24,,sch-2,",
    )
    published = users(run(folder, out), out)
    assert published["p-1"]["agentSourcedIds"] == "u-s1,u-s2"
    assert published["u-s1"]["agentSourcedIds"] == "p-1"


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_parent_who_is_also_a_relative_elsewhere_stays_their_childrens_parent(tmp_path: Path, engine: str) -> None:
    """Dana is parent at sch-1 and has a relative role at sch-2 (a grandchild there). Before, she
    was dropped entirely (F409 info only) and Ella and Owen were left with no parent. Now her
    relative role is left out (F409) and her parent role keeps her the parent of the children
    named (roles.csv does not say which child a role is for)."""
    out = tmp_path / "out"
    result = run(exports(tmp_path, {}, "r-15,,,p-1,secondary,relative,,,sch-2,"), out, engine)
    published = users(result, out)
    assert published["p-1"]["role"] == "parent"
    assert published["p-1"]["agentSourcedIds"] == "u-s1,u-s2"
    assert published["u-s1"]["agentSourcedIds"] == "p-1"
    assert published["u-s2"]["agentSourcedIds"] == "p-1"
    assert ("roles.csv", 16) in [(p.where.file, p.where.line) for p in result.report.examples["F409"]]
    assert "V575" not in result.report.counts


def test_a_person_with_only_a_relative_role_is_still_left_out(tmp_path: Path) -> None:
    """Kai Moss (p-2) has only a relative role: not a guardian, taken off Owen without a
    warning, as before."""
    out = tmp_path / "out"
    result = run(exports(tmp_path, {}), out)
    published = users(result, out)
    assert "p-2" not in published
    assert published["u-s2"]["agentSourcedIds"] == "p-1"
    assert "V575" not in result.report.counts


@pytest.mark.parametrize("role", ["counselor", "systemAdministrator"])
def test_non_teaching_staff_are_aides(tmp_path: Path, role: str) -> None:
    """Remind: "List non-teaching staff users as 'aide'". Before, Cole Beck's counselor role
    was left out as role-not-rostered (F408); now a counselor or a system administrator is an
    aide at the role's school."""
    out = tmp_path / "out"
    folder = exports(
        tmp_path, {"r-10,,,u-c1,primary,counselor,2026-08-24,,sch-2,": f"r-10,,,u-c1,primary,{role},2026-08-24,,sch-2,"}
    )
    result = run(folder, out)
    published = users(result, out)
    assert (published["u-c1"]["role"], published["u-c1"]["orgSourcedIds"]) == ("aide", "sch-2")
    assert "F408" not in result.report.counts


def without_roles(tmp_path: Path, *users: str) -> Path:
    """The sample with every roles.csv row of these users taken out (an exporter that writes
    roles for some kinds of people only)."""
    folder = tmp_path / "in"
    shutil.copytree(ONEROSTER_12, folder)
    path = folder / "roles.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    kept = [line for line in lines if line.split(",")[3] not in users]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return folder


def with_students(folder: Path, count: int, *, parents: int = 0) -> Path:
    """The sample (copied to `folder` unless there) with `count` more students at sch-1, each
    with a current role, and the first `parents` of them each with a parent of their own who
    has a parent role: a district large enough for a few people without a role to be a few."""
    if not folder.exists():
        shutil.copytree(ONEROSTER_12, folder)
    people, roles, born = [], [], []
    for n in range(1, count + 1):
        parent = f"p-n{n}" if n <= parents else ""
        people.append(f"u-n{n},,,TRUE,n{n},,Student{n},Nolan,,2{n:03d},,,,{parent},03,,,,,,,sch-1,")
        roles.append(f"r-n{n},,,u-n{n},primary,student,2026-08-24,,sch-1,")
        born.append(f"u-n{n},,,2018-03-01,female,FALSE,FALSE,FALSE,FALSE,TRUE,FALSE,FALSE,,,,")
        if parent:
            people.append(f"{parent},,,TRUE,,,Parent{n},Nolan,,,parent{n}@mail.example.com,,,u-n{n},,,,,,,,,")
            roles.append(f"r-p{n},,,{parent},primary,parent,,,sch-1,")
    for name, rows in (("users.csv", people), ("roles.csv", roles), ("demographics.csv", born)):
        path = folder / name
        text = path.read_text(encoding="utf-8-sig")
        path.write_text(text + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return folder


def run_explained(folder: Path, tmp_path: Path, engine: str) -> tuple[api.RunResult, list[dict[str, str]]]:
    explain = tmp_path / "explain.csv"
    options = api.RunOptions(
        profile="oneroster-1.2", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF, engine=engine, explain=explain
    )
    result = api.run(options)
    with explain.open(encoding="utf-8", newline="") as handle:
        return result, list(csv.DictReader(handle))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_person_no_role_names_is_reported_at_their_users_row(tmp_path: Path, engine: str) -> None:
    """Gwen Hart (u-t1, users.csv:6), Rita Vance (u-a1, :8) and Cole Beck (u-c1, :9) have no
    roles.csv row, in a district of 40 people. Before, they were left out without a word, and
    Gwen's enrolments said "users u-t1: not in the exports" (tester23 F3). Now each users.csv
    row is an error that leaves the row out (F433), counted against users.csv by the safety
    gate; three of 40 is under its limit: published, and Gwen's enrolments follow her."""
    result, explained = run_explained(
        with_students(without_roles(tmp_path, "u-t1", "u-a1", "u-c1"), 30), tmp_path, engine
    )
    assert result.exit_status == 0
    found = [(p.where.file, p.where.line, p.where.table, p.where.record) for p in result.report.examples["F433"]]
    assert found == [
        ("users.csv", 6, "users", "u-t1"),
        ("users.csv", 8, "users", "u-a1"),
        ("users.csv", 9, "users", "u-c1"),
    ]
    first = result.report.examples["F433"][0]
    assert (first.code.severity, first.code.action) == ("error", "drop-row")
    assert first.message == (
        "users 'u-t1' has no role in roles.csv (no row of roles.csv names it in userSourcedId): no users record "
        "is made of this row; left out"
    )
    assert result.report.left_out.error_rows("users.csv") == 3  # what the safety gate counts
    gwen = next(row for row in explained if row["code"] == "F433" and row["sourcedId"] == "u-t1")
    assert (gwen["name"], gwen["sis_number"]) == ("Gwen Hart", "T01")
    follows = next(row for row in explained if row["code"] == "V504" and row["sis_number"] == "T01")
    assert (follows["count"], follows["caused_by"]) == ("2", "F433 users.csv:6")
    assert not [row for row in explained if "not in the exports" in row["caused_by"]]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_parents_without_roles_are_refused_on_a_first_run(tmp_path: Path, engine: str) -> None:
    """An exporter that writes no parent's role: 11 of the 50 users.csv people (22%) have none.
    Before, they were left out as warnings, under half of the export, and the first set was
    published without a parent at exit 0 (tester26, tester23 F3: 120 of 250). Now F433 is an
    error, and errors past the removal limit of users.csv's rows refuse the set, first run or
    not (X915, exit 1); --allow-incomplete publishes it (X918)."""
    folder = with_students(tmp_path / "in", 30, parents=10)
    roles = folder / "roles.csv"
    roles.write_text(
        "".join(line for line in roles.read_text(encoding="utf-8").splitlines(keepends=True) if ",parent," not in line),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run(folder, out, engine)
    assert result.exit_status == 1
    assert result.report.counts["F433"] == 11  # ten new parents and Dana; Kai is a relative (F409)
    (refusal,) = result.report.examples["X915"]
    assert (refusal.where.file, refusal.params["rows"], refusal.params["total"]) == ("users.csv", 11, 50)
    assert not out.exists()
    allowed = api.run(
        api.RunOptions(
            profile="oneroster-1.2", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine, allow_incomplete=True
        )
    )
    # published, but: the refusal the flag let through is said (F453, exit 1)
    assert allowed.report.published
    assert (allowed.exit_status, allowed.report.counts["X918"], allowed.report.counts["F453"]) == (1, 1, 1)


def test_most_of_users_csv_without_roles_is_refused(tmp_path: Path) -> None:
    """Six of the ten users.csv people have no role (roles only for students): refused as the
    safety gate refuses other exports errors left out (X915, exit 1). Before, the four students
    were published, exit 0."""
    folder = without_roles(tmp_path, "u-t1", "u-t2", "u-a1", "u-c1", "p-1", "p-2")
    result = run(folder, tmp_path / "out")
    assert result.report.counts["F433"] == 6
    assert result.exit_status == 1
    assert "X915" in [p.code.id for p in result.problems]


def test_a_person_to_be_deleted_needs_no_role(tmp_path: Path) -> None:
    """Cole Beck's users.csv row is to be deleted and his role gone with it: left out as the
    export says, with no F433 (every users rule would leave him out whatever role named him)."""
    folder = without_roles(tmp_path, "u-c1")
    path = folder / "users.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("u-c1,,,TRUE,", "u-c1,tobedeleted,2026-07-01,TRUE,"))
    out = tmp_path / "out"
    published = users(run(folder, out), out)
    assert "u-c1" not in published
    assert "u-t1" in published


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_cause_named_for_a_teacher_is_the_row_that_left_her_out(tmp_path: Path, engine: str) -> None:
    """Ali Sato's (u-t2) current role is at an org the export lacks, sch-9 (roles.csv:9, V502);
    her old role at sch-1 is to be deleted (roles.csv:14, F401). Before, her enrolment's
    caused_by named the old role, the first met (tester23 F7); now the warning that left her
    out, the most severe cause. (A role at the district org, d-9, no longer leaves her out: she
    teaches at sch-2 by her enrolment and is published there, V593, tests/test_district_level_staff.py.)"""
    folder = exports(
        tmp_path, {"r-8,,,u-t2,primary,Teacher,2026-08-24,,sch-2,": "r-8,,,u-t2,primary,Teacher,2026-08-24,,sch-9,"}
    )
    result, explained = run_explained(folder, tmp_path, engine)
    assert result.exit_status == 0
    follows = next(row for row in explained if row["code"] == "V504" and row["sis_number"] == "T02")
    assert follows["caused_by"] == "V502 roles.csv:9"
    assert {row["code"] for row in explained if row["sourcedId"] == "u-t2"} == {"F401", "V502"}
