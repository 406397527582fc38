"""Which running classes --term leaving them out refuses (X819), and terms known only by abbreviation.

reviewer111 R3: X819 counted a class of a running term whose only student is inactive (withdrawn,
Enroll_Status 2). Without --term that class never reaches Remind (its enrolment follows the student
out, V504, and the class is left empty, F412), so --term leaving it out changes nothing: refused
all the same, a false refusal. Only a student the users keep fills a class now.

reviewer103 (r_unnamed): a terms export without names (abbreviations only) held every term of a school
under one blank name: `--term S2 --term 26-27 --term S1` (X819's own Next) took the running S1 as
"this year's" term of that name and left S2's classes out at exit 0. A term without a name is known
by its abbreviation now (`Term.label`), as X819 already named it; quarters starting with the chosen
S2 are named in the Next too, to roster ahead.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

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


def test_terms_known_by_abbreviation_only_are_chosen_by_it(tmp_path: Path) -> None:
    """Every term row's Name blank; school 100 has quarters beside its semesters (Q2 running, class
    1010; Q3 starting with S2, class 1011). The command X819's Next gives publishes S2's and Q3's
    classes beside the running ones; X819 names S1 and Q2 to add, and Q3 to roster ahead."""
    exports = district(tmp_path)
    add_rows(
        exports / "terms.txt",
        ["3612", "100", "36", "", "Q2", "10/19/2026", "01/08/2027", "0"],
        ["3613", "100", "36", "", "Q3", "01/11/2027", "03/19/2027", "0"],
    )
    terms = exports / "terms.txt"
    lines = terms.read_bytes().decode("utf-8").split("\r\n")
    rows = [line.split("\t") for line in lines]
    for row in rows[1:]:
        if len(row) > 3:
            row[3] = ""
    terms.write_bytes("\r\n".join("\t".join(row) for row in rows).encode("utf-8"))
    add_section(exports, "1010", "3612", ["900", "901"], "10/19/2026", "01/09/2027")
    add_section(exports, "1011", "3613", ["900", "901"], "01/11/2027", "03/20/2027")
    named = run(exports, tmp_path / "named", "S2", "26-27", "Q2", "S1", "Q3")
    assert named.exit_status == 0 and named.report.published
    assert classes(tmp_path / "named") >= SPRING | {"1003", "2003", "2008", "1010", "1011"}
    out = tmp_path / "out"
    ahead = run(exports, out, "S2", "26-27")
    assert ahead.exit_status == 1 and not ahead.report.published
    assert next_step(ahead, out_dir=out, explain_path=None, upload=False) == (
        "Next: Add --term Q2 --term S1 (and --term Q3, starting with the term chosen ahead) (the command's terms "
        "then: --term S2 --term 26-27 --term Q2 --term S1 --term Q3), or take --term out, and rerun."
    )
