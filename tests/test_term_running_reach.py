"""Which running classes --term leaving them out refuses (X819).

reviewer111 R3: X819 counted a class of a running term whose only student is inactive (withdrawn,
Enroll_Status 2). Without --term that class never reaches Remind (its enrolment follows the student
out, V504, and the class is left empty, F412), so --term leaving it out changes nothing: refused
all the same, a false refusal. Only a student the users keep fills a class now.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES
from transform import api

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
DECEMBER = dt.date(2026, 12, 15)  # Semester 1 runs tonight; Semester 2 starts on 11 January
SPRING = {"1004", "2006"}  # Semester 2's sections (TermID 3602)


def district(folder: Path) -> Path:
    exports = folder / "in"
    shutil.copytree(DISTRICT, exports)
    return exports


def add_rows(path: Path, *rows: list[str]) -> None:
    with path.open("ab") as handle:
        handle.write(b"".join(("\t".join(row) + "\r\n").encode() for row in rows))


def add_section(exports: Path, section: str, term: str, students: list[str], start: str, end: str) -> None:
    """A copy of section 1001 (school 100, MATH5) as `section` of `term`, with `students` enrolled."""
    first = (exports / "sections.txt").read_text(encoding="utf-8").splitlines()[1].split("\t")
    add_rows(exports / "sections.txt", [section, first[1], first[2], section[-2:], term, *first[5:]])
    add_rows(exports / "cc.txt", *([s, section, term, "100", start, end] for s in students))


def run(exports: Path, out: Path, *terms: str, **options: Any) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=DECEMBER, terms=terms, **options)
    )


def classes(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_a_running_class_only_an_inactive_student_is_in_is_not_refused(tmp_path: Path) -> None:
    """School 100's Intervention Block runs tonight; its one class holds only student 907, whose
    Enroll_Status is 2 (inactive): the docs' `--term 26-27 --term S1 --term S2` publishes. The same
    class with a student the users keep is refused (X819), naming the term."""
    exports = district(tmp_path)
    add_rows(exports / "terms.txt", ["3650", "100", "36", "Intervention Block", "IB", "11/02/2026", "02/26/2027", "0"])
    add_section(exports, "1999", "3650", ["907"], "11/02/2026", "02/26/2027")
    meant = run(exports, tmp_path / "out", "26-27", "S1", "S2")
    assert "X819" not in meant.report.counts
    assert meant.exit_status == 0 and meant.report.published
    assert classes(tmp_path / "out") >= SPRING and "1999" not in classes(tmp_path / "out")
    # 900 is enrolled and active: the class would reach Remind without --term.
    add_rows(exports / "cc.txt", ["900", "1999", "3650", "100", "11/02/2026", "02/26/2027"])
    refused = run(exports, tmp_path / "again", "26-27", "S1", "S2")
    assert refused.exit_status == 1 and not refused.report.published
    [said] = [p.message for p in refused.problems if p.code.id == "X819"]
    assert "leaves out 'Intervention Block', 2026-11-02 to 2027-02-26, running on 2026-12-15: 1 class" in said

