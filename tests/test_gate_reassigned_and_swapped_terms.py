"""The safety gate sees what a count of removals does not: a user ID now given to another
person, and a term whose dates are swapped (its classes are not "outside the term")."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import cli_runner
from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)
ENGINES = ("python", "columnar")


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"profile": "powerschool", "as_of": dt.date(2026, 10, 15), "now": NOW}
    return api.run(api.RunOptions(in_dir=exports, out_dir=out, **{**defaults, **options}))  # type: ignore[arg-type]


def ids(result: api.RunResult) -> set[str]:
    return {p.code.id for p in result.problems}


def edited(tmp_path: Path, file: str, old: bytes, new: bytes) -> Path:
    exports = tmp_path / "exports"
    shutil.copytree(SAMPLE, exports)
    data = (exports / file).read_bytes()
    assert old in data
    (exports / file).write_bytes(data.replace(old, new, 1))
    return exports


@pytest.mark.parametrize("engine", ENGINES)
def test_a_term_ending_before_it_starts_refuses_the_first_run(tmp_path: Path, engine: str) -> None:
    # School 100's year-long term, its dates swapped: its classes are not "outside the term".
    year = b"3600\t100\t36\t2026-2027\t26-27\t"
    exports = edited(tmp_path, "terms.txt", year + b"08/17/2026\t05/28/2027", year + b"05/28/2027\t08/17/2026")
    out = tmp_path / "out"
    result = run(exports, out, engine=engine)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    swapped = result.report.examples["F425"]
    assert swapped[0].code.severity == "error" and swapped[0].where.file == "sections.txt"
    assert "ends on 2026-08-17, before it starts on 2027-05-28" in swapped[0].code.render(**swapped[0].params)
    assert ids(result) == {"X915"} and result.report.counts["F425"] == 4
    # Each class's F425 (what X915 counts) names the term's own row too: the one row to correct.
    assert {p.where.file for p in swapped} == {"sections.txt"}
    assert all(p.message.startswith("class term '2026-2027' (terms.txt line 2) ends on") for p in swapped)


def test_a_swapped_term_named_by_a_list_of_terms_is_found_in_the_sessions_export(tmp_path: Path) -> None:
    """OneRoster: a class in two semesters (a list of termSourcedIds), the first swapped: the
    message names that session's line of academicSessions.csv."""
    exports = tmp_path / "exports"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", exports)
    sessions = exports / "academicSessions.csv"
    data = sessions.read_bytes()
    old = b"s1-2027,active,2026-08-01,Semester 1,Semester,2026-08-24,2027-01-15,"
    assert old in data
    sessions.write_bytes(data.replace(old, b"s1-2027,active,2026-08-01,Semester 1,Semester,2027-01-15,2026-08-24,"))
    result = run(exports, tmp_path / "out", profile="oneroster")
    [swapped] = result.report.examples["F425"]
    assert (swapped.where.file, swapped.params["term"]) == ("classes.csv", "Semester 1")
    assert swapped.message.startswith("class term 'Semester 1' (academicSessions.csv line 3) ends on 2026-08-24")


def students(tmp_path: Path, change: Callable[[list[list[bytes]]], None], name: str = "tonight") -> Path:
    """The sample's exports with students.txt changed (rows as lists of cells, without the header)."""
    exports = tmp_path / name
    shutil.copytree(SAMPLE, exports)
    header, *rows = (exports / "students.txt").read_bytes().split(b"\r\n")
    cells = [row.split(b"\t") for row in rows if row]
    change(cells)
    (exports / "students.txt").write_bytes(b"\r\n".join([header, *(b"\t".join(c) for c in cells), b""]))
    return exports


def row(cells: list[list[bytes]], student_number: bytes) -> list[bytes]:
    return next(c for c in cells if c[1] == student_number)


def rotate_school_100(cells: list[list[bytes]]) -> None:
    """Student_Number one row off among the 14 students of school 100 (a shifted column): 12 IDs
    published last night name another student (one of the 14 is withdrawn, 5008 was his)."""
    at_100 = [c for c in cells if c[2] == b"100"]
    numbers = [c[1] for c in at_100]
    for c, number in zip(at_100, numbers[1:] + numbers[:1], strict=True):
        c[1] = number


def published_users(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {r["sourcedId"]: f"{r['givenName']} {r['familyName']}" for r in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ENGINES)
def test_ids_shifted_to_other_students_are_refused(tmp_path: Path, engine: str) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out, engine=engine).exit_status == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert published_users(out)["5002"] == "Liam Garcia"
    result = run(students(tmp_path, rotate_school_100), out, engine=engine)
    # Nothing removed, so the removal limit sees nothing: the people behind the IDs changed.
    assert result.report.facts["changes"]["users"]["removed"] == 1  # 5009, now the withdrawn student's
    assert result.exit_status == 1 and not result.report.published
    assert ids(result) == {"X938"}
    refused = result.problems[0]
    assert refused.params["count"] == 12 and refused.params["common"] == result.report.facts["reassigned"]["common"]
    assert "5002: Liam Garcia -> Ava Nguyen" in str(refused.params["people"])
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert "Liam" not in str(refused.to_dict(redact=True))  # --redact keeps the names out


def test_allow_rollover_publishes_reassigned_ids_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(SAMPLE, out)
    result = run(students(tmp_path, rotate_school_100), out, allow_rollover=True)
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["X939"] == 1
    assert result.report.examples["X939"][0].params["why"] == "--allow-rollover"
    assert published_users(out)["5002"] == "Ava Nguyen"


def test_the_limit_is_a_profile_setting_and_an_option(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text("name: district\nextends: powerschool\nsettings:\n  max_reassigned: 30\n", encoding="utf-8")
    tonight = students(tmp_path, rotate_school_100)
    for out in (tmp_path / "out", tmp_path / "out2"):
        run(SAMPLE, out)
    result = run(tonight, tmp_path / "out", profile=str(profile))  # 12 of 55 IDs: 21.8%
    assert result.report.published and result.report.counts["X939"] == 1
    assert result.exit_status == 1  # published, but a person checks the IDs (under the limit)
    assert result.report.facts["reassigned"]["limit"] == 30.0
    assert run(tonight, tmp_path / "out2", profile=str(profile), max_reassigned=20.0).exit_status == 1


def test_two_students_swapping_ids_are_published_with_a_warning_and_exit_1(tmp_path: Path) -> None:
    """Under the limit the set is published, but a person must check the IDs listed (a swapped ID
    shows one family another's child): exit 1, as for the other "published, but" cases."""

    def swap(cells: list[list[bytes]]) -> None:
        liam, mia = row(cells, b"5002"), row(cells, b"5003")
        liam[1], mia[1] = b"5003", b"5002"

    out = tmp_path / "out"
    run(SAMPLE, out)
    result = run(students(tmp_path, swap), out)
    assert result.exit_status == 1 and result.report.published
    warned = result.report.examples["X939"][0]
    assert warned.params["count"] == 2 and str(warned.params["why"]).startswith("under the limit")
    assert warned.params["people"] == "5002: Liam Garcia -> Mia Johnson; 5003: Mia Johnson -> Liam Garcia"


def test_a_corrected_name_is_the_same_person_and_a_new_birth_date_with_it_is_not(tmp_path: Path) -> None:
    def corrected(cells: list[list[bytes]]) -> None:
        row(cells, b"5004")[5] = b"Smith-Lopez"  # one name changed: a correction
        row(cells, b"5011")[3:6] = [b"Nguyen", b"", b"Zoe"]  # given and family swapped
        row(cells, b"5012")[8] = b"1/1/2016"  # a birth date corrected
        row(cells, b"5005")[3:6] = [b'ROBERT "ROB"', b"", "Pátel".encode()]  # both names: case, an accent

    def other_person(cells: list[list[bytes]]) -> None:
        corrected(cells)
        row(cells, b"5013")[3], row(cells, b"5013")[8] = b"Rose", b"5/5/2015"  # a name and the birth date

    out = tmp_path / "out"
    run(SAMPLE, out)
    assert run(students(tmp_path, corrected), out).report.facts["reassigned"]["reassigned"] == 0
    result = run(students(tmp_path, other_person, "night3"), out)
    assert result.exit_status == 1 and result.report.examples["X939"][0].params["people"] == (
        "5013: Lily Johnson -> Rose Johnson"
    )


def test_twins_exchanging_their_ids_are_another_person_each(tmp_path: Path) -> None:
    """Twins share the family name and the birth date: a given name alone changed reads as a
    correction. Two IDs exchanging their people is none (tester15 F5): each names the other."""

    def twins(cells: list[list[bytes]]) -> None:
        liam, lily = row(cells, b"5002"), row(cells, b"5013")
        lily[5], lily[8] = liam[5], liam[8]  # Lily Garcia, born the day Liam was

    def exchanged(cells: list[list[bytes]]) -> None:
        twins(cells)
        liam, lily = row(cells, b"5002"), row(cells, b"5013")
        liam[1], lily[1] = b"5013", b"5002"

    out = tmp_path / "out"
    assert run(students(tmp_path, twins, "twins"), out).exit_status == 0
    result = run(students(tmp_path, exchanged), out)
    assert result.exit_status == 1 and result.report.published
    assert result.report.examples["X939"][0].params["people"] == (
        "5002: Liam Garcia -> Lily Garcia; 5013: Lily Garcia -> Liam Garcia"
    )

    # A corrected given name that happens to be another's is no exchange: one ID alone changed.
    def renamed(cells: list[list[bytes]]) -> None:
        twins(cells)
        row(cells, b"5013")[3] = b"Liam"

    again = tmp_path / "again"
    assert run(students(tmp_path, twins, "twins-again"), again).exit_status == 0
    assert run(students(tmp_path, renamed, "renamed"), again).report.facts["reassigned"]["reassigned"] == 0


def test_the_json_log_line_of_a_redacted_run_names_no_one(tmp_path: Path) -> None:
    """--redact kept names out of the report, but the --log-format json line, which a scheduler
    ships to its log store, said "5002: Liam Garcia -> Ava Nguyen" (tester18 F7)."""
    import json
    import sys

    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    exports = students(tmp_path, rotate_school_100)
    args = ["--profile", "powerschool", str(exports), str(out), "--as-of", "2026-10-15", "--log-format", "json"]
    for redact, named in ((False, True), (True, False)):
        done = cli_runner.run(
            [sys.executable, "-m", "transform", *args, *(["--redact"] if redact else [])],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        line = json.loads(done.stderr.strip().splitlines()[-1])
        assert line["stopped_by_codes"] == ["X938"]
        assert ("Liam Garcia" in line["stopped_by"][0]) is named, line["stopped_by"]
