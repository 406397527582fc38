"""SDS v2.1: a role in roles.csv belongs to a session (sessionSourcedId, or sessionSourcedIds as
Microsoft's page spells it), and roleEndDate is optional. The profile read only roleEndDate: a
student whose only role is last year's, with roleEndDate left blank, was published as a current
student with their parent (exit 0, no code). Now a role of a session that has ended is left out
(F400/F401, as an ended role is), one of a session starting beyond the window waits (F426), one
naming a session academicSessions.csv does not list is a broken reference (D300), and a role
naming two sessions is current when one of them is."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

ENGINES = ["python", "columnar"]
AS_OF = dt.date(2026, 10, 15)
CARA = "st3,s100,student,SY2026,4,TRUE,2025-08-20,2026-06-05"  # left in June; her parent is g3
OMAR = "t2,s200,professor,SY2027,,TRUE,2026-08-20,2027-06-10"
SESSIONS = (
    "SY2026,2025-26 School Year,schoolYear,2026,2025-08-20,2026-06-05\n"
    "SY2028,2027-28 School Year,schoolYear,2028,2027-08-19,2028-06-09\n"
)


def district(tmp_path: Path, cara: str = CARA, omar: str = OMAR, *, sessions: bool = True) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "sds-v2" / "district" / "in", folder)
    roles = folder / "roles.csv"
    text = roles.read_text(encoding="utf-8")
    assert CARA in text and OMAR in text
    roles.write_text(text.replace(CARA, cara).replace(OMAR, omar), encoding="utf-8")
    if sessions:
        with (folder / "academicSessions.csv").open("a", encoding="utf-8") as handle:
            handle.write(SESSIONS)
    else:
        (folder / "academicSessions.csv").unlink()
    return folder


def run(folder: Path, out: Path, engine: str) -> tuple[api.RunResult, dict[str, dict[str, str]]]:
    result = api.run(
        api.RunOptions(profile="sds-v2", in_dir=folder, out_dir=out, as_of=AS_OF, engine=engine, max_examples=10_000)
    )
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        users = {row["sourcedId"]: row for row in csv.DictReader(handle)}
    return result, users


def codes_at(result: api.RunResult, file: str, line: int) -> set[object]:
    return {code for code, name, at in result.report.flatten("code", "file", "line") if (name, at) == (file, line)}


@pytest.mark.parametrize("engine", ENGINES)
def test_last_years_role_without_an_end_date_is_not_current(tmp_path: Path, engine: str) -> None:
    folder = district(tmp_path, cara="st3,s100,student,SY2026,4,TRUE,2025-08-20,")
    result, users = run(folder, tmp_path / "out", engine)
    assert result.exit_status == 0
    assert "st3" not in users
    assert "g3" not in users  # her parent followed her in
    assert "F400" in codes_at(result, "roles.csv", 5)


@pytest.mark.parametrize("engine", ENGINES)
def test_next_years_role_waits_for_its_session(tmp_path: Path, engine: str) -> None:
    folder = district(tmp_path, omar="t2,s200,professor,SY2028,,TRUE,,")
    result, users = run(folder, tmp_path / "out", engine)
    assert "t2" not in users
    assert "F426" in codes_at(result, "roles.csv", 9)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_role_of_a_session_not_listed_is_a_broken_reference(tmp_path: Path, engine: str) -> None:
    folder = district(tmp_path, cara="st3,s100,student,SY2099,4,TRUE,,")
    result, users = run(folder, tmp_path / "out", engine)
    assert "st3" not in users
    assert "D300" in codes_at(result, "roles.csv", 5)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_role_of_two_sessions_is_current_when_one_is(tmp_path: Path, engine: str) -> None:
    folder = district(tmp_path, cara='st3,s100,student,"SY2026,FALL26",4,TRUE,,')
    result, users = run(folder, tmp_path / "out", engine)
    assert users["st3"]["agentSourcedIds"] == "g3"
    assert not codes_at(result, "roles.csv", 5)


@pytest.mark.parametrize("engine", ENGINES)
def test_without_academic_sessions_the_role_dates_decide(tmp_path: Path, engine: str) -> None:
    """academicSessions.csv is optional in SDS: with none, a role's session has no dates to read.
    The classes name sessions, so the run is refused (X954) until --allow-incomplete; then the
    role's own dates decide."""
    folder = district(tmp_path, cara="st3,s100,student,SY2026,4,TRUE,2025-08-20,", sessions=False)
    options = api.RunOptions(profile="sds-v2", in_dir=folder, out_dir=tmp_path / "out", as_of=AS_OF, engine=engine)
    assert [p.code.id for p in api.run(options).problems] == ["X954"]
    api.run(dataclasses.replace(options, allow_incomplete=True))
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        assert "st3" in {row["sourcedId"] for row in csv.DictReader(handle)}
