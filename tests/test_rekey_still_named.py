"""A student found under a new ID whose old ID tonight's roster still names is a lost row (tester82 D8).

One student's personID changes in students.csv only, while roster.csv still names the old ID: the
people gate finds her under the new ID by her student number (X958), but her enrolment rows name
an ID the students export has no row for. The set published her re-keyed (Remind deletes and
re-creates her) in no class at all (her roster rows dropped, V504), at exit 1. An export whose
rows disagree so is refused (X882), as it was before students were found by their identifier.
An honest re-key (the old ID named nowhere tonight) is still said as X958, and published.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests import ic_one_class as ic
from transform import api

STUDENTS = 30  # so that one re-keyed student is under the re-key gate's limit (3 IDs)
MOVED = "52007"


def export(folder: Path, *, students_id: str, roster_id: str) -> Path:
    """One school, one class of STUDENTS; MOVED is `students_id` in students.csv, `roster_id` in roster.csv."""
    ic.one_class_school(folder)
    students, roster = [ic.STUDENTS], [ic.ROSTER]
    for i in range(STUDENTS):
        number = str(52000 + i)
        own, named = (students_id, roster_id) if number == MOVED else (number, number)
        students.append(f"{own},1{number},0410,Fam{i},Kid{i},,03,04/{1 + i % 28:02d}/2018,,08/20/2026,,P,English")
        roster.append(f"{named},90001,08/20/2026,")
    (folder / "students.csv").write_text("\n".join([*students, ""]))
    (folder / "roster.csv").write_text("\n".join([*roster, ""]))
    (folder / "contacts.csv").write_text(f"{ic.CONTACTS}\n")
    return folder


def run(tmp_path: Path, night: int, *, students_id: str = MOVED, roster_id: str = MOVED) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile="infinite-campus",
            in_dir=export(tmp_path / f"night{night}", students_id=students_id, roster_id=roster_id),
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, night),
            now=dt.datetime(2026, 10, night, 2, 0, tzinfo=dt.UTC),
        )
    )


def published_ids(tmp_path: Path) -> set[str]:
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_a_new_id_in_the_students_export_only_is_refused_as_a_lost_row(tmp_path: Path) -> None:
    assert run(tmp_path, 1).exit_status == 0
    result = run(tmp_path, 2, students_id="x" + MOVED, roster_id=MOVED)
    assert "X882" in result.report.counts and result.exit_status == 1
    assert MOVED in published_ids(tmp_path) and "x" + MOVED not in published_ids(tmp_path)
    (words,) = [p.message for p in result.report.examples["X882"]]
    assert f"under x{MOVED} tonight" in words


def test_an_honest_re_key_named_nowhere_under_its_old_id_is_still_published_and_said(tmp_path: Path) -> None:
    assert run(tmp_path, 1).exit_status == 0
    result = run(tmp_path, 2, students_id="x" + MOVED, roster_id="x" + MOVED)
    assert "X882" not in result.report.counts and "X958" in result.report.counts
    assert result.exit_status == 1 and "x" + MOVED in published_ids(tmp_path)
