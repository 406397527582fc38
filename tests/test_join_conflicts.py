"""A join key on two export rows with different data joins nothing, in any row order.

Found by an outside review: taking the first row made the set depend on the export's order.
Two students with one internal ID put one into the other's classes; a term listed twice with
other dates let a semester-2 class through.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

SAMPLE = FIXTURES / "powerschool" / "district" / "in"


def exports(tmp_path: Path, name: str, file: str, edit: object, *, first: bool) -> Path:
    """The sample with `edit` applied to `file`'s rows; the edited row moved first or last."""
    folder = tmp_path / name
    shutil.copytree(SAMPLE, folder)
    path = folder / file
    lines = path.read_bytes().split(b"\r\n")
    header, rows = lines[0], [line for line in lines[1:] if line]
    assert callable(edit)
    edited, others = edit(rows)
    rows = [edited, *others] if first else [*others, edited]
    path.write_bytes(b"".join(line + b"\r\n" for line in [header, *rows]))
    return folder


def run(folder: Path, out: Path, *, allow_incomplete: bool = False) -> api.RunResult:
    options = api.RunOptions(
        profile="powerschool",
        in_dir=folder,
        out_dir=out,
        as_of=dt.date(2026, 10, 15),
        allow_incomplete=allow_incomplete,
    )
    return api.run(options)


def published(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def two_students_one_internal_id(rows: list[bytes]) -> tuple[bytes, list[bytes]]:
    """Zoe (910, Student_Number 5011) gets Ava's internal ID 900: cc rows of 900 name both."""
    [zoe] = [r for r in rows if r.startswith(b"910\t")]
    return b"900" + zoe[3:], [r for r in rows if r is not zoe]


def a_term_listed_twice(rows: list[bytes]) -> tuple[bytes, list[bytes]]:
    """Semester 2 (3602) listed again with semester 1's dates."""
    return b"3602\t100\t36\tSemester 2\tS2\t08/17/2026\t01/08/2027\t0", rows


@pytest.mark.parametrize(
    ("file", "edit"),
    [("students.txt", two_students_one_internal_id), ("terms.txt", a_term_listed_twice)],
    ids=["students", "terms"],
)
def test_a_conflicting_join_key_gives_the_same_set_in_either_order(tmp_path: Path, file: str, edit: object) -> None:
    """The term listed twice loses class 1004, of tonight by one of its rows: refused in either
    order (X866, tester59 F1); --allow-incomplete publishes the same set in either order."""
    results, sets = [], []
    for first in (True, False):
        name = "first" if first else "last"
        folder = exports(tmp_path, f"in-{name}", file, edit, first=first)
        if file == "terms.txt":
            refused = run(folder, tmp_path / f"refused-{name}")
            assert refused.exit_status == 1 and refused.report.counts["X866"] == 1
        result = run(folder, tmp_path / f"out-{name}", allow_incomplete=True)
        # the terms' conflict is a refusal the flag let through, said (F453, exit 1); the others none
        refusal = file == "terms.txt"
        assert result.report.published and result.exit_status == int(refusal), [str(p) for p in result.problems]
        assert ("F453" in result.report.counts) == refusal
        assert [p.where.file for p in result.report.examples["D327"]] == [file]
        results.append(result)
        sets.append(published(tmp_path / f"out-{name}"))
    assert sets[0] == sets[1]


def test_no_one_is_enrolled_through_an_internal_id_two_students_share(tmp_path: Path) -> None:
    folder = exports(tmp_path, "in", "students.txt", two_students_one_internal_id, first=True)
    result = run(folder, tmp_path / "out")
    enrolled = {e["userSourcedId"] for e in rows(tmp_path / "out" / "enrollments.csv")}
    assert not {"005001", "5011"} & enrolled  # cc.txt's StudentID 900 names both: neither takes the rows
    assert {u["sourcedId"] for u in rows(tmp_path / "out" / "users.csv")} >= {"005001", "5011"}  # still users
    assert result.report.counts["D300"] >= 4


def test_a_class_of_a_term_listed_twice_is_not_published(tmp_path: Path) -> None:
    """Class 1004 is semester 2's (starting 2027-01-11); the second 3602 row says semester 1's dates.
    Which is its term cannot be told: refused (X866), or with --allow-incomplete left out."""
    for first in (True, False):
        out = tmp_path / f"out-{first}"
        folder = exports(tmp_path, f"in-{first}", "terms.txt", a_term_listed_twice, first=first)
        refused = run(folder, out)
        assert refused.exit_status == 1 and not out.exists()
        (said,) = refused.report.examples["X866"]
        assert said.where.file == "terms.txt" and "'3602+100'" in said.message
        run(folder, out, allow_incomplete=True)
        assert "1004" not in {c["sourcedId"] for c in rows(out / "classes.csv")}


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "enrolments-in-a-worker"])
def test_an_enrolment_is_written_at_its_class_school(tmp_path: Path, jobs: int) -> None:
    """cc.txt says school 200 for an enrolment in class 1001, which sections.txt puts at 100: the
    set said the class was at one school and its student enrolled in it at another (found by an
    outside review; `transform validate` passed it)."""
    folder = tmp_path / "in"
    shutil.copytree(SAMPLE, folder)
    cc = folder / "cc.txt"
    original = cc.read_bytes()
    cc.write_bytes(original.replace(b"\n900\t1001\t3600\t100\t", b"\n900\t1001\t3600\t200\t", 1))
    assert cc.read_bytes() != original
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="powerschool", in_dir=folder, out_dir=out, as_of=dt.date(2026, 10, 15), jobs=jobs)
    )
    assert result.exit_status == 0
    schools = {c["sourcedId"]: c["schoolSourcedId"] for c in rows(out / "classes.csv")}
    enrolments = rows(out / "enrollments.csv")
    assert all(e["schoolSourcedId"] == schools[e["classSourcedId"]] for e in enrolments)
    [aligned] = result.report.examples["V538"]
    assert aligned.params == {"id": "1001-005001", "value": "200", "class_id": "1001", "school": "100"}
