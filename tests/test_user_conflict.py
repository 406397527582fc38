"""Issue 17 item 4 for users: a user ID on two rows with different data. Neither record is kept
(V537), and nothing derived from either row (guardians, enrolments, demographics) is published
under the ID. Hostile copies of the PowerSchool sample district, in tmp_path."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from tests.test_cli import transform
from tests.test_follow import DISTRICT, messages, rows, run
from transform.pipeline import overlap
from transform.pipeline.compact import IdSet

SHARED = b"\n902\t5002\t"  # Mia Johnson (ID 902) given Liam Garcia's Student_Number


def district_copy(tmp_path: Path, name: str, edit: bytes | None = SHARED, *, swap: bool = False) -> Path:
    """The sample district with Mia's Student_Number made Liam's (bytes: the file is cp1252);
    `swap`: Mia's row (line 4) before Liam's (line 3)."""
    folder = tmp_path / name
    shutil.copytree(DISTRICT, folder)
    path = folder / "students.txt"
    data = path.read_bytes()
    if edit is not None:
        data = data.replace(b"\n902\t5003\t", edit, 1)
    if swap:
        lines = data.split(b"\n")
        lines[2], lines[3] = lines[3], lines[2]
        data = b"\n".join(lines)
    path.write_bytes(data)
    return folder


def same_files(one: Path, other: Path) -> bool:
    names = sorted(p.name for p in one.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(one, other, names, shallow=False)
    return names == sorted(p.name for p in other.iterdir()) and not mismatch and not errors


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_student_id_on_two_rows_publishes_neither_person(tmp_path: Path, target: str) -> None:
    """Mia's mother was published as the parent of Liam (agentSourcedIds 5002), and Mia's classes
    as Liam's enrolments: now neither child nor anything naming 5002 is published."""
    outs = {}
    for jobs in (1, 2):
        out = outs[jobs] = tmp_path / f"out{jobs}"
        explain = tmp_path / f"explain{jobs}.csv"
        result = run(district_copy(tmp_path, f"in{jobs}"), out, jobs=jobs, target=target, explain=explain)
        # A first set without the two children: published, but a person looks (X851, reviewer121).
        assert result.exit_status == 1, result.problems
        assert "'5002'" in messages(result, "X851")[0]
        users = rows(out / "users.csv")
        assert not [u for u in users if u["sourcedId"] == "5002"]
        assert not [u for u in users if "5002" in u["agentSourcedIds"].split(",")]
        assert not [
            u for u in users if (u["givenName"], u["familyName"]) in (("Mateoa", "Johnson"), ("Sofiaa", "Garcia"))
        ]
        assert not [e for e in rows(out / "enrollments.csv") if e["userSourcedId"] == "5002"]
        assert not [d for d in rows(out / "demographics.csv") if d["sourcedId"] == "5002"]
        assert messages(result, "V537") == [
            "users: '5002' is also on students.txt line 4, with different data: two people cannot share one ID and "
            "the tool cannot tell which one it is; the record from students.txt line 4 is left out too, and with it "
            "every record naming "
            "'5002' (demographics, enrolments, guardian links)"
        ]
        # Said at the first row (Mia's; line 4 has its own V501), so that both children are named.
        where = result.report.examples["V537"][0].where
        assert (where.file, where.line, where.column) == ("students.txt", 3, "Student_Number")
        (later,) = [p.where for p in result.report.examples["V501"] if p.params["id"] == "5002"]
        assert where.who and later.who and where.who[1] and where.who[1] != later.who[1]
        assert result.report.rows_written["users.csv"] == len(users)
        assert "V537,user-id-conflict" in explain.read_text(encoding="utf-8")
        assert transform("validate", out, "--target", target).returncode == 0
    assert same_files(outs[1], outs[2])


def test_two_steps_in_one_process_give_the_same_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large district's one-process mode (overlap.run_here) sees the IDs taken out too."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert (
        run(district_copy(tmp_path, "a"), first, jobs=1).exit_status == 1
    )  # X851: a first set without the two children of one ID
    monkeypatch.setattr(overlap, "TWO_STEPS_MIN_ROWS", 0)
    assert (
        run(district_copy(tmp_path, "b"), second, jobs=1).exit_status == 1
    )  # X851: a first set without the two children of one ID
    assert not [e for e in rows(second / "enrollments.csv") if e["userSourcedId"] == "5002"]
    assert same_files(first, second)


def test_which_row_comes_first_does_not_change_the_set(tmp_path: Path) -> None:
    """Issue 22: the same records in any row order give byte-identical output."""
    first, second = tmp_path / "first", tmp_path / "second"
    assert (
        run(district_copy(tmp_path, "a"), first).exit_status == 1
    )  # X851: a first set without the two children of one ID
    assert (
        run(district_copy(tmp_path, "b", swap=True), second).exit_status == 1
    )  # X851: a first set without the two children of one ID
    assert same_files(first, second)


def test_a_student_row_listed_twice_is_merged_with_its_guardians(tmp_path: Path) -> None:
    """The same row twice is one person (V500), not two: the guardians given to the first row
    only must not make the second look different (it was V501, and would now lose the student)."""
    folder = district_copy(tmp_path, "in", edit=None)
    path = folder / "students.txt"
    lines = path.read_bytes().split(b"\n")
    lines.insert(4, lines[2])  # Liam Garcia's row again, after Mia's
    path.write_bytes(b"\n".join(lines))
    out = tmp_path / "out"
    result = run(folder, out)
    assert result.exit_status == 0, result.problems
    assert "V501" not in result.report.counts and "V537" not in result.report.counts
    [liam] = [u for u in rows(out / "users.csv") if u["sourcedId"] == "5002"]
    assert liam["agentSourcedIds"]
    assert messages(result, "V500")[0] == "users: '5002' listed again with identical data; merged"


def test_an_id_taken_out_of_an_id_set_is_gone_and_can_come_back() -> None:
    ids = IdSet(capacity=4)
    for n in range(40):  # past growing, with collisions on the way
        ids.add(f"u{n}")
    ids.discard("u7")
    ids.discard("absent")
    assert "u7" not in ids and len(ids) == 39
    assert all(f"u{n}" in ids for n in range(40) if n != 7)
    for n in range(40, 200):
        ids.add(f"u{n}")
    assert "u7" not in ids and len(ids) == 199
    ids.add("u7")
    assert "u7" in ids and len(ids) == 200


def test_an_export_of_two_school_years_is_refused_not_cut_to_the_students_of_one_row(tmp_path: Path) -> None:
    """An "enrollment history" export gives every student twice, last year's row with the grade
    below: neither row of an ID is kept (V501 at the later, V537 at the first). The first rows
    were written before the conflict was known; taken out again, they are lost rows too, so the
    export is refused (X915: warnings left out more than half of it) instead of published with
    the few students listed once (tester25 1.1: 3 of 30 published, exit 0)."""
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    path = folder / "students.txt"
    header, *lines = path.read_bytes().decode("cp1252").splitlines()
    grade = header.split("\t").index("Grade_Level")

    def last_year(line: str) -> str:
        cells = line.split("\t")
        cells[grade] = str(int(cells[grade]) - 1) if cells[grade].isdigit() and cells[grade] != "0" else "12"
        return "\t".join(cells)

    doubled = [row for line in lines for row in (last_year(line), line)]
    path.write_bytes("\r\n".join([header, *doubled, ""]).encode("cp1252"))
    out = tmp_path / "out"
    result = run(folder, out)
    assert result.exit_status == 1
    [refused] = result.report.examples["X915"]
    assert refused.where.file == "students.txt"
    assert result.report.left_out.error_rows("students.txt", warnings=True) > len(doubled) // 2
    assert not out.exists() or not any(out.iterdir())
