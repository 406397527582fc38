"""A new term's first night whose schedule export holds none of its rows (tester60 N3).

Skyward SMS dates each class on its own row (no terms export). On Semester 2's first day the
schedule export, still filtered to Semester 1 (or run before the SIS loaded Semester 2's
schedules), enrols nobody in Semester 2's sections: Semester 1's classes left as ended (X937),
every Semester 2 class left out as empty (F412), the middle school's students published in no
class at exit 0, and every night after 'No changes' at exit 0. Now refused (X873), every night
until the schedule comes; the honest nights stay exit 0.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api
from transform.pipeline.filters import Term
from transform.pipeline.term_unscheduled import Sections

S1 = ("S1", "08/31/2026", "01/22/2027")
S2 = ("S2", "01/25/2027", "06/04/2027")
YR = ("YR", "08/31/2026", "06/04/2027")
BEFORE = dt.date(2027, 1, 20)  # Semester 1 runs
FIRST_DAY = dt.date(2027, 1, 25)  # Semester 2's first day
# school -> its classes: (class, course, term)
CLASSES = {
    "001": [("MATH0-YR", "MATH0", YR), ("ENG0-YR", "ENG0", YR)],
    "002": [("MATH1-S1", "MATH1", S1), ("ENG1-S1", "ENG1", S1), ("MATH1-S2", "MATH1", S2), ("ENG1-S2", "ENG1", S2)],
}


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def exports(
    folder: Path,
    *,
    scheduled: set[str] | None = None,
    year_long_at_002: bool = False,
    electives: int = 0,
    kids: int = 5,
) -> Path:
    """Two schools of 5 students (002: `kids`): 001 of year-long classes, 002 of semester classes
    (and, with `year_long_at_002`, a year-long class too; `electives`: more sections in each
    semester). `scheduled`: the terms the schedule export holds."""
    folder.mkdir(parents=True, exist_ok=True)
    classes = {school: list(rows) for school, rows in CLASSES.items()}
    if year_long_at_002:
        classes["002"].append(("HR1-YR", "HR1", YR))
    for n in range(electives):
        classes["002"] += [(f"EL{n}-S1", f"EL{n}A", S1), (f"EL{n}-S2", f"EL{n}B", S2)]
    _write(folder / "school.csv", [["SCHOOL-ID", "SCHOOL-NAME"], ["001", "Elm Elementary"], ["002", "Elm Middle"]])
    _write(
        folder / "staff.csv",
        [["STAFF-ID", "FIRST-NAME", "LAST-NAME", "INTERNET-ADDRESS", "SCHOOL-ID", "STAFF-STATUS"]]
        + [[f"90{n}", "Ana", f"Teacher{n}", f"t90{n}@elm.us", f"00{n}", "A"] for n in (1, 2)],
    )
    students = [["STUDENT-ID", "OTHER-ID", "FIRST-NAME", "LAST-NAME", "GRAD-YR", "SCHOOL-ID", "STUDENT-STATUS"]]
    schedule = [["STUDENT-ID", "CLASS-ID", "SCHOOL-ID", "DROP-DATE"]]
    header = ["CLASS-ID", "SCHOOL-ID", "COURSE-ID", "COURSE-DESC", "PERIOD", "TERM", "TERM-START", "TERM-END"]
    rows = [[*header, "STAFF-ID"]]
    for n, (school, grad) in enumerate([("001", "2034")] * 5 + [("002", "2031")] * kids):
        student = str(5001 + n)
        students.append([student, f"0{student}", f"Kid{n}", "Park", grad, school, "A"])
        for class_id, _, (term, _, _) in classes[school]:
            if scheduled is None or term in scheduled:
                schedule.append([student, class_id, school, ""])
    for school, held in classes.items():
        for period, (class_id, course, (term, start, end)) in enumerate(held, 1):
            rows.append([class_id, school, course, course.title(), str(period), term, start, end, f"90{school[-1]}"])
    _write(folder / "student.csv", students)
    _write(folder / "class.csv", rows)
    _write(folder / "schedule.csv", schedule)
    return folder


def run(folder: Path, out: Path, night: dt.date, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="skyward-sms", in_dir=folder, out_dir=out, as_of=night, **options))  # type: ignore[arg-type]


def classes_of(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def published_before(tmp_path: Path, **kwargs: bool) -> Path:
    out = tmp_path / "out"
    assert run(exports(tmp_path / "before", **kwargs), out, BEFORE).exit_status == 0
    return out


def test_a_new_terms_sections_exported_with_no_schedule_rows_are_refused_every_night(tmp_path: Path) -> None:
    out = published_before(tmp_path)
    held = classes_of(out)
    assert {"002-MATH1-S1", "002-ENG1-S1"} <= held
    stuck = exports(tmp_path / "stuck", scheduled={"S1", "YR"})
    for night in (FIRST_DAY, FIRST_DAY + dt.timedelta(days=1)):  # not once: every night until it comes
        result = run(stuck, out, night)
        assert result.exit_status == 1 and not result.report.published, night
        (said,) = [p for p in result.problems if p.code.id == "X873"]
        assert "at school 002" in said.message and "'S2', 2027-01-25 to 2027-06-04" in said.message
        assert "held 5 students" in said.message
        assert classes_of(out) == held  # the last set stays
    # The schedule comes: published, the term change as ever.
    result = run(exports(tmp_path / "fixed"), out, FIRST_DAY + dt.timedelta(days=2))
    assert result.exit_status == 0 and result.report.published
    assert {"002-MATH1-S2", "002-ENG1-S2", "001-MATH0-YR"} <= classes_of(out)
    assert not {"002-MATH1-S1", "002-ENG1-S1"} & classes_of(out)


def test_a_new_terms_schedule_exported_on_its_first_day_is_a_term_change(tmp_path: Path) -> None:
    out = published_before(tmp_path)
    result = run(exports(tmp_path / "first"), out, FIRST_DAY)
    assert result.exit_status == 0 and result.report.published
    assert not [p for p in result.problems if p.code.id in ("X873", "X977")]


def test_students_kept_in_year_long_classes_are_no_missing_schedule(tmp_path: Path) -> None:
    """002's students keep a year-long class: its semester classes of fewer electives (none
    enrolled in Semester 2) leave nobody in no class: published, exit 0."""
    out = published_before(tmp_path, year_long_at_002=True)
    result = run(exports(tmp_path / "electives", scheduled={"S1", "YR"}, year_long_at_002=True), out, FIRST_DAY)
    assert result.exit_status == 0 and result.report.published
    assert "002-HR1-YR" in classes_of(out) and "002-MATH1-S1" not in classes_of(out)


def test_allow_incomplete_publishes_it_once_said(tmp_path: Path) -> None:
    out = published_before(tmp_path)
    stuck = exports(tmp_path / "stuck", scheduled={"S1", "YR"})
    result = run(stuck, out, FIRST_DAY, allow_incomplete=True)
    assert result.report.published and result.exit_status == 1
    assert result.report.counts.get("X918") == 1 and result.report.counts.get("F453") == 1  # said, "Published, but"


def test_a_new_term_arrived_in_part_names_where_its_term_was_read(tmp_path: Path) -> None:
    """reviewer118 R5: the day after X873, S2's schedule for 2 of 002's 5 students: X977. Skyward has no
    terms export (each class row dates its term): the words say where S2 was read, not 'the terms export
    holds'."""
    out = published_before(tmp_path)
    assert run(exports(tmp_path / "stuck", scheduled={"S1", "YR"}), out, FIRST_DAY).exit_status == 1
    part = exports(tmp_path / "part")
    path = part / "schedule.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle) if not (r[2] == "002" and r[1].endswith("S2") and r[0] >= "5008")]
    _write(path, rows)
    result = run(part, out, FIRST_DAY + dt.timedelta(days=1))
    assert result.exit_status == 1 and not result.report.published
    (said,) = [p for p in result.problems if p.code.id == "X977"]
    assert "hold 2 students, under half of the 5" in said.message
    assert "but the sections' own term dates (no terms export) give 'S2', 2027-01-25 to 2027-06-04" in said.message
    assert "terms export holds" not in said.message


# tester62 H1: a middle school of year-long classes too, its Semester 2 sections (3) exported with
# no schedule row; its 12 students keep the year-long class, so none is in no class.
MIDDLE = {"year_long_at_002": True, "electives": 1, "kids": 12}


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "two-processes"])
def test_a_new_terms_sections_left_empty_beside_year_long_classes_are_refused(tmp_path: Path, jobs: int) -> None:
    """The break night waits (exit 0); from Semester 2's first day X873, every night, though the
    students keep their year-long class; published once the schedule comes. With --jobs 2 (the default
    for a large export) F412 leaves the sections out in the second process: the same (review207 R1: the
    sections were counted nowhere, published at exit 0)."""
    out = published_before(tmp_path, **MIDDLE)
    stuck = exports(tmp_path / "stuck", scheduled={"S1", "YR"}, **MIDDLE)
    result = run(stuck, out, FIRST_DAY - dt.timedelta(days=1))  # the break night: Semester 1 over
    assert result.exit_status == 0 and result.report.published
    assert not {"002-MATH1-S1", "002-EL0-S1"} & classes_of(out)
    held = classes_of(out)
    for night in (FIRST_DAY, FIRST_DAY + dt.timedelta(days=1)):
        result = run(stuck, out, night, jobs=jobs)
        assert result.exit_status == 1 and not result.report.published, night
        (said,) = [p for p in result.problems if p.code.id == "X873"]
        assert "at school 002" in said.message and "held 12 students" in said.message
        assert classes_of(out) == held and "002-HR1-YR" in held
    result = run(exports(tmp_path / "fixed", **MIDDLE), out, FIRST_DAY + dt.timedelta(days=2))
    assert result.exit_status == 0 and result.report.published
    assert {"002-MATH1-S2", "002-EL0-S2", "002-HR1-YR"} <= classes_of(out)


def test_the_first_day_without_a_break_night_is_refused_too(tmp_path: Path) -> None:
    out = published_before(tmp_path, **MIDDLE)
    result = run(exports(tmp_path / "stuck", scheduled={"S1", "YR"}, **MIDDLE), out, FIRST_DAY)
    assert result.exit_status == 1 and not result.report.published
    assert [p.code.id for p in result.problems if p.code.id in ("X873", "X875", "X977")] == ["X873"]


def test_two_empty_electives_beside_year_long_classes_are_a_term_change(tmp_path: Path) -> None:
    """Only two Semester 2 sections exported (too few to say the schedule is cut), 12 students."""
    kwargs = {"year_long_at_002": True, "kids": 12}
    out = published_before(tmp_path, **kwargs)
    result = run(exports(tmp_path / "electives", scheduled={"S1", "YR"}, **kwargs), out, FIRST_DAY)
    assert result.exit_status == 0 and result.report.published
    assert not [p for p in result.problems if p.code.id in ("X873", "X875", "X977")]


def test_one_empty_section_of_three_is_a_term_change(tmp_path: Path) -> None:
    """Semester 2's sections enrol students in two of three, the 12 students in them: no cut
    schedule, published at exit 0 (an elective nobody chose is left out, F412)."""
    out = published_before(tmp_path, **MIDDLE)
    folder = exports(tmp_path / "most", **MIDDLE)
    schedule = (folder / "schedule.csv").read_text(encoding="utf-8").splitlines()
    kept = [line for line in schedule if ",002-EL0-S2," not in line and ",EL0-S2," not in line]
    (folder / "schedule.csv").write_text("\r\n".join(kept) + "\r\n", encoding="utf-8")
    result = run(folder, out, FIRST_DAY)
    assert result.exit_status == 0 and result.report.published
    assert "002-MATH1-S2" in classes_of(out) and "002-EL0-S2" not in classes_of(out)


def test_a_term_published_ahead_then_emptied_on_its_first_day_is_refused(tmp_path: Path) -> None:
    """tester62 H3: the break night publishes Semester 2 with its students (ahead); on its first
    day the schedule export holds none of its rows: refused (X875), the last set kept."""
    out = published_before(tmp_path, **MIDDLE)
    result = run(exports(tmp_path / "ahead", **MIDDLE), out, FIRST_DAY - dt.timedelta(days=1))
    assert result.exit_status == 0 and result.report.published
    held = classes_of(out)
    assert {"002-MATH1-S2", "002-ENG1-S2", "002-EL0-S2"} <= held
    result = run(exports(tmp_path / "stuck", scheduled={"YR"}, **MIDDLE), out, FIRST_DAY)
    assert result.exit_status == 1 and not result.report.published
    (said,) = [p for p in result.problems if p.code.id == "X875"]
    assert "at school 002" in said.message and "held 3 classes of 'S2'" in said.message
    assert "with 12 students" in said.message and "3 of its sections are exported" in said.message
    assert classes_of(out) == held


def test_a_new_term_is_unscheduled_by_its_sections_exported_enrolled_and_the_students_held() -> None:
    """Sections.unscheduled: 3 sections of the new term exported, fewer enrolling a student than a
    quarter of them, the ended term's classes having held at least 10 students."""
    current = {"S2": Term("002", "S2", FIRST_DAY, dt.date(2027, 6, 4)), "YR": Term("002", "YR", BEFORE, FIRST_DAY)}
    after = FIRST_DAY - dt.timedelta(days=3)

    def unscheduled(emptied: int, enrolled: int, *, students: int = 12) -> bool:
        sections = Sections({("002", "S2"): emptied, ("002", "YR"): 9}, {("002", "S2"): enrolled}, current)
        return sections.unscheduled("002", after, students=students)

    assert unscheduled(3, 0) and unscheduled(5, 1)  # none, or one of six (under a quarter)
    assert not unscheduled(4, 2)  # two of six enrol students: electives left empty
    assert not unscheduled(2, 0)  # two sections only, however empty
    assert not unscheduled(3, 0, students=9)  # the ended term's classes held few students
    assert not unscheduled(0, 0)  # no new term's section exported: a school without it
    assert not unscheduled(0, 3)  # three sections, all scheduled, whatever the ended term's count (reviewer121 R1)
    assert not Sections({("001", "S2"): 6}, {}, current).unscheduled("002", after, students=12)
