"""`username: {column: [STUDENT_EMAIL, STUDENT_ID], clean: [username]}` (eSchoolPLUS; most bundled
profiles read the username from the email column first). An email cell the email cleaner
refuses was the username as written, though the email was blanked (tester28 R5: a shifted row's
birth date; a placeholder such as none@none.com is many students' username). A cell holding an @
that the email refuses is no one's sign-in name: the list reads its next column, the student ID,
said once (D385). A cell without an @ is a login name, the username as written."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api


def run(tmp_path: Path, engine: str, email: str) -> tuple[api.RunResult, dict[str, dict[str, str]]]:
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "eschoolplus" / "district" / "in", exports)
    path = exports / "REG.txt"
    raw = path.read_bytes()
    assert raw.count(b"^rsmith@ozark.example.k12.ar.us^") == 1
    path.write_bytes(raw.replace(b"^rsmith@ozark.example.k12.ar.us^", f"^{email}^".encode()))
    out = tmp_path / "out"
    options = api.RunOptions(
        profile="eschoolplus", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 1), engine=engine
    )
    result = api.run(options)
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return result, {row["sourcedId"]: row for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(("email", "why"), [("none@none.com", "no one's address"), ("rsmith@ozark", "no address")])
def test_an_email_cell_the_email_refuses_gives_the_username_the_next_column(
    tmp_path: Path, engine: str, email: str, why: str
) -> None:
    result, users = run(tmp_path, engine, email)
    assert result.exit_status == 0
    assert (users["600102"]["username"], users["600102"]["email"]) == ("600102", "")
    (said,) = result.report.examples["D385"]
    assert (said.where.file, said.where.line, said.where.column) == ("REG.txt", 3, "STUDENT_EMAIL")
    assert f"{email!r} holds an @ but is {why}" in said.message


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_login_name_in_the_email_column_is_the_username(tmp_path: Path, engine: str) -> None:
    """No @: not meant as an address (PowerSchool's Student_Web_ID, read as both, is a portal
    login); the email is blank (D308), the username the login."""
    result, users = run(tmp_path, engine, "rsmith")
    assert result.exit_status == 0
    assert (users["600102"]["username"], users["600102"]["email"]) == ("rsmith", "")
    assert "D385" not in result.report.counts and result.report.counts["D308"] == 1
