"""A Synergy district's new school year (tester90 T2, T7), two nights: the 2026-27 exports in May,
then the first due night of 2027-28 in July. During the year four students changed school (a row
of the school they left, LEAVE_DATE set, beside one of the school they moved to) and four withdrew
in the spring, their contacts the contacts export's last lines. The new year's exports hold every
returning student once, LEAVE_DATE blank, the leavers gone from every export; the sections are new
(new SECTION_IDs) under the term code every year reuses ('YR'), with the same title, teacher and
students. An honest rollover: the first night says the new school year and its flag; rerun with
--allow-rollover it publishes at exit 0. It was X877 (the movers counted as people back blank),
X884 (the leavers' contacts taken for a cut) and, with the flag, X919 (next year's classes taken
for last year's re-keyed)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from transform import api

MOVERS, WITHDRAWN, PEOPLE = 4, 4, 40


def write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    with (folder / name).open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\r\n")
        out.writerow(header)
        out.writerows(rows)


def synergy(folder: Path, year: int) -> Path:
    """The district's exports of school year `year`-(`year` + 1)."""
    folder.mkdir(parents=True)

    def day(month: int, number: int, in_year: int = year) -> str:
        return f"{in_year}-{month:02d}-{number:02d} 00:00:00"

    start = day(8, 13 if year == 2026 else 12)
    write(folder, "schools.csv", ["SCHOOL_CODE", "SCHOOL_NAME"], [["405", "Mesa Elementary"], ["520", "Sandia Middle"]])
    write(
        folder,
        "terms.csv",
        ["SCHOOL_CODE", "TERM_CODE", "TERM_NAME", "START_DATE", "END_DATE"],
        [[school, "YR", "Year", start, day(5, 27, year + 1)] for school in ("405", "520")],
    )
    write(
        folder,
        "staff.csv",
        ["BADGE_NUM", "SCHOOL_CODE", "STAFF_NAME", "EMAIL"],
        [["e1", "405", "YAZZIE, MARIE", "my@x.example.edu"], ["e2", "520", "HARRIS, JOHN", "jh@x.example.edu"]],
    )
    section = 1000 if year == 2026 else 2000
    write(
        folder,
        "sections.csv",
        ["SECTION_ID", "SCHOOL_CODE", "COURSE_ID", "COURSE_TITLE", "TERM_CODE", "BADGE_NUM"],
        [
            [str(section + 1), "405", "G4", "Grade 4", "YR", "e1"],
            [str(section + 2), "520", "SCI", "Science", "YR", "e2"],
        ],
    )
    students, schedules, contacts = [], [], []
    for number in range(PEOPLE):
        student, school = str(970000100 + number), "405" if number < PEOPLE // 2 else "520"
        sits = str(section + (1 if school == "405" else 2))
        if year == 2026 and number < MOVERS:  # moved from 405 to 520 on 2 October
            students.append([student, "405", f"Last{number}", f"First{number}", "04", start, day(10, 1)])
            students.append([student, "520", f"Last{number}", f"First{number}", "04", day(10, 2), ""])
            schedules.append([student, "520", str(section + 2), day(10, 2), ""])
        elif number >= PEOPLE - WITHDRAWN:
            if year == 2027:
                continue  # gone with last year's leavers
            students.append([student, school, f"Last{number}", f"First{number}", "06", start, day(3, 1, year + 1)])
        else:
            school = "520" if number < MOVERS else school
            sits = str(section + (1 if school == "405" else 2))
            students.append([student, school, f"Last{number}", f"First{number}", "05", start, ""])
            schedules.append([student, school, sits, start, ""])
        contacts.append(
            [student, f"P{number}", f"Parent{number}", f"Last{number}", "Mother", "Y", "Y", "Y", f"p{number}@x.com", ""]
        )
    write(
        folder,
        "students.csv",
        ["SIS_NUMBER", "SCHOOL_CODE", "LAST_NAME", "FIRST_NAME", "GRADE", "ENTER_DATE", "LEAVE_DATE", "STATUS"],
        [[*row, ""] for row in students],
    )
    write(
        folder,
        "classes.csv",
        ["SIS_NUMBER", "SCHOOL_CODE", "SECTION_ID", "ENTER_DATE", "LEAVE_DATE", "TEACHER_AIDE"],
        [[*row, "N"] for row in schedules],
    )
    header = ["SIS_NUMBER", "PARENT_GU", "FIRST_NAME", "LAST_NAME", "RELATIONSHIP_TYPE", "HAS_CUSTODY", "ED_RIGHTS"]
    write(folder, "contacts.csv", [*header, "CONTACT_ALLOWED", "EMAIL", "PRIMARY_PHONE"], contacts)
    return folder


def run(exports: Path, out: Path, night: dt.date, **flags: bool) -> api.RunResult:
    return api.run(api.RunOptions(profile="synergy", in_dir=exports, out_dir=out, as_of=night, **flags))


def test_a_new_school_year_with_movers_and_leavers_publishes_with_allow_rollover(tmp_path: Path) -> None:
    out = tmp_path / "out"
    may = run(synergy(tmp_path / "2026-27", 2026), out, dt.date(2027, 5, 20))
    assert may.exit_status == 0, [str(p) for p in may.report.aborts]
    new_year = synergy(tmp_path / "2027-28", 2027)
    first = run(new_year, out, dt.date(2027, 7, 29))
    assert first.exit_status == 1 and not first.report.published
    assert {p.code.id for p in first.report.aborts} == {"X906"}, [str(p) for p in first.report.aborts]
    assert all("a new school year (2027-28)" in str(p) for p in first.report.aborts)
    rerun = run(new_year, out, dt.date(2027, 7, 29), allow_rollover=True)
    assert rerun.report.published and rerun.exit_status == 0, [str(p) for p in rerun.problems]
    assert "X919" not in rerun.report.counts
