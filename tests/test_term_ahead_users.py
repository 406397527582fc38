"""--term naming a term that starts after the as-of date: its users are judged as of its first day.

Infinite Campus's students export dates each student's enrolment at the school (startDate,
endDate), and the profile keeps a row started by the as-of date plus the 21-day window and not
ended by it. On 15 December, --term Q3 (the third quarter, from 19 January) judged the quarter's
enrolments as of its first day (tests/test_term_ahead.py) but the users on the as-of date: a
student entering with the new quarter was left out as not started (F426), and her enrolments with
her; a student leaving at the end of the second quarter was published in the third quarter's set.

Now the users are judged as the enrolments are: started by the chosen terms' first day (plus the
window), not ended by it. Both engines, in this process and with a second one.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import same
from transform import api

DISTRICT = FIXTURES / "infinite-campus" / "district" / "in"
DECEMBER = dt.datetime(2026, 12, 15, 2, tzinfo=dt.UTC)  # 35 days before the third quarter starts
WAYS = pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("python", 2), ("columnar", 1), ("columnar", 2)])
NEWCOMER = "51400"  # enters Cedar Ridge Middle with the third quarter
LEAVER = "51235"  # leaves Cedar Ridge Middle at the end of the second quarter


def district(folder: Path) -> Path:
    """The bundled Campus district with a third quarter of Science 7 (from 19 January 2027), a
    student entering with it and one leaving the middle school before it; without the sections of
    the terms running on 15 December (the year's, the second quarter's), which `--term Q3` would
    leave out while they run (X819), nor their roster rows."""
    exports = folder / "in"
    shutil.copytree(DISTRICT, exports)
    header, *lines = (exports / "sections.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.split(",")[7] not in ("25-26 Year", "Q2")]
    (exports / "sections.csv").write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    ids = {line.split(",")[0] for line in kept}
    header, *lines = (exports / "roster.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.split(",")[1] in ids]
    (exports / "roster.csv").write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    with (exports / "sections.csv").open("a", encoding="utf-8") as sections:
        sections.write("90014,0420,SCI7,Science 7,2,7002,,Q3,01/19/2027,03/26/2027,2,0\n")
    students = (exports / "students.csv").read_text(encoding="utf-8").splitlines()
    students = [
        line.replace("08/20/2026,,P,", "08/20/2026,01/15/2027,P,")
        if line.startswith(f"{LEAVER},") and ",0420," in line
        else line
        for line in students
    ]
    students.append(f"{NEWCOMER},1100400,0420,Novak,Ana,,07,03/03/2014,,01/19/2027,,P,English")
    (exports / "students.csv").write_text("\n".join(students) + "\n", encoding="utf-8")
    with (exports / "roster.csv").open("a", encoding="utf-8") as roster:
        roster.write(f"{NEWCOMER},90014,01/19/2027,\n51300,90014,01/19/2027,\n{LEAVER},90014,01/19/2027,\n")
    return exports


def run(exports: Path, out: Path, **options: Any) -> api.RunResult:
    written = (DECEMBER - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    return api.run(
        api.RunOptions(
            profile="infinite-campus",
            in_dir=exports,
            out_dir=out,
            as_of=DECEMBER.date(),
            now=DECEMBER,
            **{"terms": ("Q3",), **options},
        )
    )


def rows(out: Path, table: str) -> list[dict[str, str]]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@WAYS
def test_a_student_entering_with_the_chosen_term_is_rostered_in_it(tmp_path: Path, engine: str, jobs: int) -> None:
    exports = district(tmp_path)
    first = run(exports, tmp_path / "first", engine="python", jobs=1)
    result = run(exports, tmp_path / "second", engine=engine, jobs=jobs)
    same(first, result, tmp_path, ("first", "second"))
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    users = {row["sourcedId"] for row in rows(tmp_path / "second", "users")}
    assert NEWCOMER in users
    assert LEAVER not in users  # left before the third quarter (inactive-student)
    enrolled = {(row["classSourcedId"], row["userSourcedId"]) for row in rows(tmp_path / "second", "enrollments")}
    assert ("90014", NEWCOMER) in enrolled
    assert not {user for _, user in enrolled} & {LEAVER, "51300"}  # 51300 left in September
    assert "F426" not in result.report.counts


def rostering_ahead(folder: Path) -> Path:
    """`district`, the running terms' sections and roster rows kept: rostering the third quarter
    ahead beside the running ones (`--term Q2 --term Q3 --term '25-26 Year'`)."""
    exports = folder / "in"
    shutil.copytree(DISTRICT, exports)
    with (exports / "sections.csv").open("a", encoding="utf-8") as sections:
        sections.write("90014,0420,SCI7,Science 7,2,7002,,Q3,01/19/2027,03/26/2027,2,0\n")
    students = (exports / "students.csv").read_text(encoding="utf-8").splitlines()
    students = [
        line.replace("08/20/2026,,P,", "08/20/2026,01/15/2027,P,")
        if line.startswith(f"{LEAVER},") and ",0420," in line
        else line
        for line in students
    ]
    students.append(f"{NEWCOMER},1100400,0420,Novak,Ana,,07,03/03/2014,,01/19/2027,,P,English")
    (exports / "students.csv").write_text("\n".join(students) + "\n", encoding="utf-8")
    with (exports / "roster.csv").open("a", encoding="utf-8") as roster:
        roster.write(f"{NEWCOMER},90014,01/19/2027,\n{LEAVER},90014,01/19/2027,\n")
    return exports


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("columnar", 2)])
def test_a_leaver_is_not_enrolled_in_a_class_starting_after_she_leaves(tmp_path: Path, engine: str, jobs: int) -> None:
    """reviewer103 R5: the users were kept from the first chosen day to the last, and every
    enrolment row with them; the student leaving on 15 January was published in the Q3 class
    starting on 19 January at exit 0. Each class is judged on its chosen term's first day (or
    tonight): she stays in her running classes, not in the Q3 one (X847)."""
    exports = rostering_ahead(tmp_path)
    result = run(exports, tmp_path / "out", engine=engine, jobs=jobs, terms=("Q2", "Q3", "25-26 Year"))
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    enrolled = {(row["classSourcedId"], row["userSourcedId"]) for row in rows(tmp_path / "out", "enrollments")}
    assert {c for c, user in enrolled if user == LEAVER} == {"90011", "90012"}  # running until she leaves
    assert {c for c, user in enrolled if user == NEWCOMER} == {"90014"}
    assert LEAVER in {row["sourcedId"] for row in rows(tmp_path / "out", "users")}
    assert result.report.counts.get("X847") == 1


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("columnar", 2)])
def test_a_newcomer_on_a_later_chosen_day_is_enrolled_in_her_running_classes(
    tmp_path: Path, engine: str, jobs: int
) -> None:
    """reviewer116 R4: a newcomer entering on 19 January, rostered ahead, with a roster row from
    19 January in the year-long Advisory: judged on tonight alone, she lost it (X847). A running
    class is judged on tonight and on every later chosen term's first day before it ends: she is
    at school on 19 January, so she is in it (as in the Q3 class)."""
    exports = rostering_ahead(tmp_path)
    with (exports / "roster.csv").open("a", encoding="utf-8") as roster:
        roster.write(f"{NEWCOMER},90012,01/19/2027,\n")
    result = run(exports, tmp_path / "out", engine=engine, jobs=jobs, terms=("Q2", "Q3", "25-26 Year"))
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    enrolled = {(row["classSourcedId"], row["userSourcedId"]) for row in rows(tmp_path / "out", "enrollments")}
    assert {c for c, user in enrolled if user == NEWCOMER} == {"90012", "90014"}
    assert {c for c, user in enrolled if user == LEAVER} == {"90011", "90012"}
    assert result.report.counts.get("X847") == 1  # the leaver's Q3 class only


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("columnar", 2)])
def test_a_schedule_row_ended_before_its_chosen_term_starts_is_left_out(tmp_path: Path, engine: str, jobs: int) -> None:
    """reviewer116 R1: she stays at school, but her Q3 schedule row ends on 15 January (the SIS
    changed her schedule) or is cancelled (ends the day before its start): judged from tonight to
    the last chosen day, the row was current and she was published in the Q3 class at exit 0. An
    enrolment row is judged on its class's days too: current on none of them, it is left out."""
    exports = tmp_path / "in"
    shutil.copytree(DISTRICT, exports)
    with (exports / "sections.csv").open("a", encoding="utf-8") as sections:
        sections.write("90014,0420,SCI7,Science 7,2,7002,,Q3,01/19/2027,03/26/2027,2,0\n")
    with (exports / "roster.csv").open("a", encoding="utf-8") as roster:
        roster.write(f"{LEAVER},90014,,01/15/2027\n{NEWCOMER},90014,01/19/2027,01/18/2027\n")
    with (exports / "students.csv").open("a", encoding="utf-8") as students:
        students.write(f"{NEWCOMER},1100400,0420,Novak,Ana,,07,03/03/2014,,08/20/2026,,P,English\n")
    result = run(exports, tmp_path / "out", engine=engine, jobs=jobs, terms=("Q2", "Q3", "25-26 Year"))
    enrolled = {(row["classSourcedId"], row["userSourcedId"]) for row in rows(tmp_path / "out", "enrollments")}
    assert not {user for c, user in enrolled if c == "90014"}
    assert {c for c, user in enrolled if user == LEAVER} == {"90011", "90012"}
    assert result.report.counts.get("X847") == 2
    said = " ".join(p.message for p in result.report.examples["X847"])
    assert "judged on 2027-01-19" in said and "her enrolment row is current on none of them" in said
