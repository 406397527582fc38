"""The Next line names the step that fixes the refusal (tester63 F7).

A students export cut short on night 2 was refused by the gate (X906, X953) and by X882 (the
students the other exports still name have no row): the Next line was the gate's ("rerun with
--allow-rollover"), which X882 refuses again; X882's step, export students.txt again whole, is the
fix. And a night stopped by two causes of different kinds (OAT's public sample: no term has dates,
X954, and no class has a teacher, X980) named only the first: the admin who followed it lost a
night to the second. Now the Next line names the second's step too.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.report import summary

AS_OF = dt.date(2026, 10, 15)
POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
ONEROSTER = FIXTURES / "oneroster" / "district" / "in"


def run(exports: Path, out: Path, profile: str, **options: object) -> tuple[api.RunResult, str]:
    result = api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]
    return result, summary.next_step(result, out_dir=out, explain_path=None, upload=False)


def cut_students(folder: Path) -> Path:
    """The PowerSchool sample with students.txt cut after its 11th row (cc.txt whole), every file written
    tonight: a copy keeping the checkout's times would make cc.txt an older export than students.txt once the
    checkout is an hour old, and X882 would then say so too."""
    shutil.copytree(POWERSCHOOL, folder, copy_function=shutil.copyfile)
    rows = (folder / "students.txt").read_bytes().split(b"\r\n")
    (folder / "students.txt").write_bytes(b"\r\n".join([*rows[:12], b""]))
    return folder


def test_a_cut_students_export_is_told_to_export_it_again_and_that_publishes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first, _ = run(POWERSCHOOL, out, "powerschool")
    assert first.exit_status == 0
    night, step = run(cut_students(tmp_path / "cut"), out, "powerschool")
    assert night.exit_status == api.EXIT_NOT_PUBLISHED
    assert {"X882", "X906", "X953"} <= {p.code.id for p in night.problems}
    assert step.startswith("Next: Export students.txt again whole from the SIS and rerun: it lacks 16 students")
    verdict = summary.verdict_lines(night, out_dir=out)[0]
    assert verdict.startswith("Nothing published (X882 users-rows-missing and ")
    # The gate's own step alone would not do: X882 refuses it again.
    rolled, _ = run(tmp_path / "cut", out, "powerschool", allow_rollover=True)
    assert rolled.exit_status == api.EXIT_NOT_PUBLISHED and "X882" in {p.code.id for p in rolled.problems}
    # Followed (students.txt exported again whole): published.
    again, step = run(POWERSCHOOL, out, "powerschool")
    assert again.exit_status == 0 and again.report.published, step


def without_teachers_or_term_dates(folder: Path) -> Path:
    """The OneRoster sample with no teacher enrolled and no term dates: two causes of two kinds."""
    shutil.copytree(ONEROSTER, folder)
    for name, change in (("enrollments.csv", _no_teachers), ("academicSessions.csv", _no_dates)):
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        fields = list(rows[0])
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fields)
            writer.writeheader()
            writer.writerows(change(rows))
    return folder


def _no_teachers(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [row for row in rows if row["role"].lower() != "teacher"]


def _no_dates(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    return [{**row, "startDate": "", "endDate": ""} for row in rows]


def test_two_causes_of_two_kinds_are_both_in_the_next_step(tmp_path: Path) -> None:
    exports = without_teachers_or_term_dates(tmp_path / "in")
    result, step = run(exports, tmp_path / "out", "oneroster")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert {p.code.id for p in result.problems} == {"X954", "X980"}
    assert step.startswith("Next: Add the terms export")
    assert "Then X980 classes-without-owner, which stopped the run too: look at the teachers' enrolments" in step
    # Both followed (the terms export and the teachers' enrolments back): published.
    shutil.copy(ONEROSTER / "academicSessions.csv", exports / "academicSessions.csv")
    shutil.copy(ONEROSTER / "enrollments.csv", exports / "enrollments.csv")
    whole, _ = run(exports, tmp_path / "out", "oneroster")
    assert whole.exit_status == 0 and whole.report.published


def test_a_refusal_of_one_cause_names_one_step(tmp_path: Path) -> None:
    """The gate's removals that follow an export cut short are no second thing to do."""
    out = tmp_path / "out"
    run(POWERSCHOOL, out, "powerschool")
    _, step = run(cut_students(tmp_path / "cut"), out, "powerschool")
    assert "Then" not in step


def test_a_line_break_typed_in_a_name_names_the_student_and_the_fix_in_the_sis(tmp_path: Path) -> None:
    """tester63 F14: X982 said "copy the export again", which brings the same break back each
    night, and named no student. Now the record (its first cells), the column and the value."""
    shutil.copytree(POWERSCHOOL, tmp_path / "in")
    path = tmp_path / "in" / "students.txt"
    lines = path.read_bytes().split(b"\r\n")
    cells = lines[5].split(b"\t")
    cells[3] = cells[3] + b"\n" + b"Marie"
    lines[5] = b"\t".join(cells)
    path.write_bytes(b"\r\n".join(lines))
    result, step = run(tmp_path / "in", tmp_path / "out", "powerschool")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (stop,) = result.problems
    assert stop.code.id == "X982"
    assert (stop.where.file, stop.where.line, stop.where.column) == ("students.txt", 6, "First_Name")
    first = cells[0].decode()
    number = cells[1].decode()
    assert f"(ID '{first}', Student_Number '{number}')" in stop.message
    assert "correct that record's First_Name in the SIS" in stop.message
    assert step == (
        f"Next: In the SIS, remove the line break in First_Name of the record students.txt line 6 names (ID "
        f"'{first}', Student_Number '{number}'), then export again and rerun; if the file went through a mail, "
        "copy it from the SIS again as a file."
    )
