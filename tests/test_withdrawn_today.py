"""A student withdrawn today leaves an export of active students tonight, while his schedule rows,
which the enrolment rule keeps today, end today: the night was refused as a students export that
lost rows (X882, 'export it again whole', which changed nothing), and the next night published
(tester67 F5). He is leaving (pipeline.leavers) when every row naming him ends tonight, before his
classes' term ends, in every class the last set enrolled him in, a handful a night at most. The
cuts two earlier attempts let through are refused still (review64 R1, review67 R1-R2b): one row of
his running on, rows ending with the year, a start condition with no look-ahead hiding tomorrow's
new schedule, the roster cut beside the students export.

The district is tests/unbundled_district.py's (a Gradelink-shaped export naming the student by ID,
one year-long term, End Date blank while a row runs)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from tests import unbundled_district as unbundled
from transform import api

ENGINES = ["python", "columnar"]
TODAY = dt.date(2026, 12, 8)
YEAR_END = dt.date(2027, 6, 4)  # the 2026-2027 term's last day (unbundled._terms)


def _without(made: unbundled.District, *students: str) -> unbundled.District:
    return dataclasses.replace(made, students=[s for s in made.students if s["Student ID"] not in students])


def _ending(made: unbundled.District, student: str, end: str, *, classes: int | None = None) -> unbundled.District:
    """`student`'s running rows (the first `classes` of them, or all) ending on `end`."""
    roster, changed = [], 0
    for row in made.roster:
        if row["Student ID"] == student and not row["End Date"] and (classes is None or changed < classes):
            row, changed = {**row, "End Date": end}, changed + 1
        roster.append(row)
    return dataclasses.replace(made, roster=roster)


def _nights(
    tmp_path: Path, engine: str, first: unbundled.District, second: unbundled.District, on: dt.date, **options: object
) -> tuple[api.RunResult, Path]:
    out = tmp_path / "out"
    night1 = unbundled.run(first.write(tmp_path / "in1"), out, engine, as_of=on - dt.timedelta(days=1), **options)
    assert night1.report.published
    return unbundled.run(second.write(tmp_path / "in2"), out, engine, as_of=on, **options), out


def _refused_for(result: api.RunResult, out: Path, *students: str) -> None:
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (said,) = result.report.examples["X882"]
    assert said.params["count"] == len(students) and all(s in said.params["examples"] for s in students[:3])
    kept = unbundled.published(out, "users.csv", "sourcedId")
    assert all((s,) in kept for s in students)  # the last set stays


def _termless(tmp_path: Path) -> Path:
    """The district's profile without its term filter: tester67's F5 district (an export of no
    terms), whose set says no class's term end."""
    text = unbundled.PROFILE.replace("STUDENT_CLEAN", "id")
    text = text[: text.index("filters:\n  current_term:")]
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    return profile


@pytest.mark.parametrize(
    ("engine", "terms", "jobs"),
    [("python", True, 1), ("columnar", True, 1), ("python", False, 1), ("columnar", False, 1), ("python", True, 2)],
)
def test_a_student_withdrawn_today_is_published_gone_not_refused_as_a_lost_row(
    tmp_path: Path, engine: str, terms: bool, jobs: int
) -> None:
    """With the district's year-long term, and without a term filter (tester67's district); with
    the enrolments mapped by a second process too (its rows handed over as events)."""
    made = unbundled.district()
    student = made.students[10]["Student ID"]
    second = _ending(_without(made, student), student, "12/08/2026")
    profile = unbundled.profile(tmp_path) if terms else _termless(tmp_path)
    result, out = _nights(tmp_path, engine, made, second, TODAY, profile_path=profile, jobs=jobs)
    assert ("enrollments (worker)" in result.report.facts.get("seconds", {})) == (jobs == 2)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert "X882" not in result.report.counts
    students = {user for user, role in unbundled.published(out, "users.csv", "sourcedId", "role") if role == "student"}
    assert students == {s["Student ID"] for s in made.students} - {student}
    enrolled = unbundled.published(out, "enrollments.csv", "classSourcedId", "userSourcedId")
    expected = {(c, s) for c, kids in made.class_students.items() for s in kids if s != student}
    assert {pair for pair in enrolled if not pair[1].startswith("T")} == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_a_lost_student_whose_first_row_ends_today_but_others_run_on_is_refused(tmp_path: Path, engine: str) -> None:
    """review64 R1(a): he dropped one class today; his students row is lost (an export cut short)."""
    made = unbundled.district()
    student = made.students[10]["Student ID"]
    second = _ending(_without(made, student), student, "12/08/2026", classes=1)
    _refused_for(*_nights(tmp_path, engine, made, second, TODAY), student)


def test_a_withdrawal_beside_a_lost_row_is_refused_for_the_lost_student_alone(tmp_path: Path) -> None:
    made = unbundled.district()
    leaving, lost = made.students[10]["Student ID"], made.students[11]["Student ID"]
    second = _ending(_without(made, leaving, lost), leaving, "12/08/2026")
    result, out = _nights(tmp_path, "python", made, second, TODAY)
    _refused_for(result, out, lost)
    assert leaving not in result.report.examples["X882"][0].params["examples"]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_students_export_cut_on_the_years_last_day_is_refused(tmp_path: Path, engine: str) -> None:
    """review67 R1 (yearend-mixed): only the lost student's rows carry the year's last day as
    their end, everyone else's End Date is blank; lost from the middle of the file (no tail cut
    for X884 to see). His rows end WITH their term: no withdrawal."""
    made = unbundled.district()
    student = made.students[10]["Student ID"]
    first = _ending(made, student, "06/04/2027")
    _refused_for(*_nights(tmp_path, engine, first, _without(first, student), YEAR_END), student)


def test_a_whole_schedule_change_under_a_start_condition_without_look_ahead_is_refused(tmp_path: Path) -> None:
    """review67 R2: his rows end today and four new ones start tomorrow, which `started: as_of`
    leaves out tonight unseen; his students row is lost. He is staying, not leaving."""
    made = unbundled.district()
    ended = "reason: enrollment-ended}\n"
    started = (
        '        started: {field: "{Start Date}", op: date_le, value: as_of, allow_empty: true, reason: not-started}\n'
    )
    text = unbundled.PROFILE.replace("STUDENT_CLEAN", "id").replace(ended, ended + started)
    assert text.count("started:") == 1
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    who = made.students[10]
    mine = {r["Class ID"] for r in made.roster if r["Student ID"] == who["Student ID"] and not r["End Date"]}
    others = [
        c["Class ID"]
        for c in made.classes
        if c["School Year"] == "2026-2027" and c["School"] == who["School"] and c["Class ID"] not in mine
    ][:4]
    second = _ending(_without(made, who["Student ID"]), who["Student ID"], "12/08/2026")
    new = [{"Class ID": c, "Student ID": who["Student ID"], "Start Date": "12/09/2026", "End Date": ""} for c in others]
    second = dataclasses.replace(second, roster=second.roster + new)
    _refused_for(*_nights(tmp_path, "python", made, second, TODAY, profile_path=profile), who["Student ID"])


@pytest.mark.parametrize("engine", ENGINES)
def test_a_roster_cut_beside_the_students_export_is_refused(tmp_path: Path, engine: str) -> None:
    """review67 R2b: both exports lost his rows; the one roster row left is a class he dropped
    today. The last set's other classes of his have no row tonight: rows removed, not ended."""
    made = unbundled.district()
    student = made.students[10]["Student ID"]
    second = _ending(_without(made, student), student, "12/08/2026", classes=1)
    roster = [r for r in second.roster if r["Student ID"] != student or r["End Date"] == "12/08/2026"]
    _refused_for(*_nights(tmp_path, engine, made, dataclasses.replace(second, roster=roster), TODAY), student)


def test_many_withdrawn_on_one_night_are_a_cut_not_leavers(tmp_path: Path) -> None:
    """Six students whose rows all end tonight: more than a handful is an export cut, not six
    withdrawals entered the same day."""
    made = unbundled.district()
    lost = [s["Student ID"] for s in made.students[10:16]]
    second = _without(made, *lost)
    for student in lost:
        second = _ending(second, student, "12/08/2026")
    _refused_for(*_nights(tmp_path, "python", made, second, TODAY), *lost)


def _every_row_ending(made: unbundled.District, end: str) -> unbundled.District:
    """Every running row ending on `end`: semester rows in the year-long classes (Semester 2's
    rows not exported yet), the students' last day before the term's end (review72 R1)."""
    return dataclasses.replace(made, roster=[{**r, "End Date": r["End Date"] or end} for r in made.roster])


@pytest.mark.parametrize(
    ("engine", "terms", "jobs"),
    [("python", True, 1), ("columnar", True, 1), ("python", False, 1), ("columnar", False, 1), ("python", True, 2)],
)
def test_a_students_export_cut_in_its_middle_when_every_row_ends_tonight_is_refused(
    tmp_path: Path, engine: str, terms: bool, jobs: int
) -> None:
    """review72 R1: every row ends 01/15, months before the year's term ends, and two students
    are lost from the middle of Students.csv on that night (no tail cut for X884). Their rows end
    'early' like everyone's: their classes end tonight for all, no class carries on without them,
    so no withdrawal."""
    made = _every_row_ending(unbundled.district(), "01/15/2027")
    lost = [s["Student ID"] for s in made.students[40:42]]
    profile = unbundled.profile(tmp_path) if terms else _termless(tmp_path)
    on = dt.date(2027, 1, 15)
    result, out = _nights(tmp_path, engine, made, _without(made, *lost), on, profile_path=profile, jobs=jobs)
    _refused_for(result, out, *lost)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_withdrawal_on_a_night_most_of_his_classes_rows_run_on_but_one_class_ends_is_refused(
    tmp_path: Path, engine: str
) -> None:
    """Every class of his must carry on: one of his classes whose other rows all end tonight is a
    last day's, and a cut student of it is no withdrawal."""
    made = unbundled.district()
    student = made.students[10]["Student ID"]
    mine = sorted(c for c, kids in made.class_students.items() if student in kids)
    roster = [
        {**r, "End Date": "12/08/2026"} if r["Class ID"] == mine[0] and not r["End Date"] else r for r in made.roster
    ]
    second = _ending(_without(dataclasses.replace(made, roster=roster), student), student, "12/08/2026")
    _refused_for(*_nights(tmp_path, engine, made, second, TODAY), student)
