"""The bundled oneroster profile on a withdrawal night and on a last day (review72 R1, R2).

A OneRoster source whose users.csv lists active people only: a student withdrawn today leaves it
while his enrolments end today, and is published gone (tester67 F5); on the last day of classes,
every enrolment ending then while the school year's session runs to 30 June (a fiscal year), a
users.csv that lost two students from its middle is refused (X882), as two teachers lost are; a
teacher who leaves today, her sections given no one yet, is published and said (X874, exit 1)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from transform import api

SCHOOL = "sch-1"
TEACHERS = 4
STUDENTS = 160  # a handful of leavers a night is 4 here (leavers.HANDFUL, the removal limit)
CLASSES = 8
HEADERS = {
    "orgs.csv": ["sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId"],
    "academicSessions.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "type",
        "startDate",
        "endDate",
        "parentSourcedId",
        "schoolYear",
    ],
    "courses.csv": ["sourcedId", "status", "dateLastModified", "schoolYearId", "title", "courseCode", "orgSourcedId"],
    "classes.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "title",
        "courseSourcedId",
        "classCode",
        "classType",
        "schoolSourcedId",
        "termSourcedIds",
    ],
    "users.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "orgSourcedIds",
        "role",
        "username",
        "givenName",
        "familyName",
        "identifier",
        "email",
        "grades",
    ],
    "enrollments.csv": [
        "sourcedId",
        "status",
        "dateLastModified",
        "classSourcedId",
        "schoolSourcedId",
        "userSourcedId",
        "role",
        "primary",
        "beginDate",
        "endDate",
    ],
}


def district(*, year_end: str, rows_end: str) -> dict[str, list[dict[str, str]]]:
    """One school, a schoolYear session ending `year_end`, every enrolment ending `rows_end`
    ("" while it runs); each student in 3 of the 8 classes."""
    made: dict[str, list[dict[str, str]]] = {file: [] for file in HEADERS}
    made["orgs.csv"].append({"sourcedId": SCHOOL, "status": "active", "name": "School One", "type": "school"})
    made["academicSessions.csv"].append(
        {
            "sourcedId": "y-2027",
            "status": "active",
            "title": "2026-2027",
            "type": "schoolYear",
            "startDate": "2026-08-24",
            "endDate": year_end,
            "schoolYear": "2027",
        }
    )
    for t in range(TEACHERS):
        made["users.csv"].append(_user(f"u-t{t}", "teacher", f"Teach{t}", email=f"t{t}@d.example.org"))
    for c in range(CLASSES):
        made["courses.csv"].append(
            {"sourcedId": f"co-{c}", "status": "active", "schoolYearId": "y-2027", "title": f"Course {c}"}
        )
        made["classes.csv"].append(
            {
                "sourcedId": f"cl-{c}",
                "status": "active",
                "title": f"Course {c} P{c}",
                "courseSourcedId": f"co-{c}",
                "classCode": f"C{c}",
                "classType": "scheduled",
                "schoolSourcedId": SCHOOL,
                "termSourcedIds": "y-2027",
            }
        )
        made["enrollments.csv"].append(_enrolment(f"cl-{c}", f"u-t{c % TEACHERS}", "teacher", rows_end))
    for s in range(STUDENTS):
        made["users.csv"].append(_user(f"u-s{s}", "student", f"Kid{s}", grades=f"{1 + s % 8:02}"))
        for c in (s % CLASSES, (s + 3) % CLASSES, (s + 5) % CLASSES):
            made["enrollments.csv"].append(_enrolment(f"cl-{c}", f"u-s{s}", "student", rows_end))
    return made


def _user(key: str, role: str, family: str, **more: str) -> dict[str, str]:
    return {
        "sourcedId": key,
        "status": "active",
        "enabledUser": "true",
        "orgSourcedIds": SCHOOL,
        "role": role,
        "username": key,
        "givenName": "Sam",
        "familyName": family,
        "identifier": key.upper(),
        **more,
    }


def _enrolment(class_id: str, user: str, role: str, end: str) -> dict[str, str]:
    return {
        "sourcedId": f"e-{class_id}-{user}",
        "status": "active",
        "classSourcedId": class_id,
        "schoolSourcedId": SCHOOL,
        "userSourcedId": user,
        "role": role,
        "primary": "true" if role == "teacher" else "false",
        "beginDate": "2026-08-24",
        "endDate": end,
    }


def night(
    tmp_path: Path, made: dict[str, list[dict[str, str]]], on: dt.date, engine: str, *, gone: tuple[str, ...] = ()
) -> api.RunResult:
    """Tonight's exports, users.csv without the rows of `gone`."""
    exports = tmp_path / f"in-{on.isoformat()}"
    exports.mkdir()
    for file, header in HEADERS.items():
        rows = [r for r in made[file] if file != "users.csv" or r["sourcedId"] not in gone]
        with (exports / file).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, header, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
    options = api.RunOptions(profile="oneroster", in_dir=exports, out_dir=tmp_path / "out", as_of=on, engine=engine)
    return api.run(options)


def users_of(tmp_path: Path) -> set[str]:
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("gone", [("u-s30", "u-s31"), ("u-t1", "u-t2")])
def test_a_users_export_cut_in_its_middle_on_the_last_day_of_classes_is_refused(
    tmp_path: Path, engine: str, gone: tuple[str, ...]
) -> None:
    """review72 R1: the session runs to 30 June, every enrolment ends 4 June, the last day of
    classes. Two people lost from the middle of users.csv that night end their rows 'before the
    term ends' like everyone: no class of theirs carries on, nothing is published, the set stays."""
    made = district(year_end="2027-06-30", rows_end="2027-06-04")
    assert night(tmp_path, made, dt.date(2027, 6, 3), engine).exit_status == api.EXIT_PUBLISHED
    result = night(tmp_path, made, dt.date(2027, 6, 4), engine, gone=gone)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert result.report.examples["X882"][0].params["count"] == 2
    assert set(gone) <= users_of(tmp_path)


def test_a_teacher_who_leaves_today_is_published_and_said_for_a_person_to_look(tmp_path: Path) -> None:
    """review72 R2: her teacher rows end today, users.csv of active people no longer lists her:
    her sections have no teacher, which a person must mend (X874, exit 1), not a withdrawal."""
    made = district(year_end="2027-06-30", rows_end="")
    assert night(tmp_path, made, dt.date(2026, 12, 7), "python").exit_status == api.EXIT_PUBLISHED
    for row in made["enrollments.csv"]:
        if row["userSourcedId"] == "u-t1":
            row["endDate"] = "2026-12-08"
    result = night(tmp_path, made, dt.date(2026, 12, 8), "python", gone=("u-t1",))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and result.report.published
    assert "X882" not in result.report.counts and "X874" in result.report.counts
    assert "u-t1" not in users_of(tmp_path)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_student_withdrawn_today_is_published_without_him(tmp_path: Path, engine: str) -> None:
    """tester67 F5 on the bundled profile: his rows end today, his classmates' run on."""
    made = district(year_end="2027-06-30", rows_end="")
    assert night(tmp_path, made, dt.date(2026, 12, 7), engine).exit_status == api.EXIT_PUBLISHED
    for row in made["enrollments.csv"]:
        if row["userSourcedId"] == "u-s30":
            row["endDate"] = "2026-12-08"
    result = night(tmp_path, made, dt.date(2026, 12, 8), engine, gone=("u-s30",))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert "X882" not in result.report.counts
    assert users_of(tmp_path) == {f"u-t{t}" for t in range(TEACHERS)} | {f"u-s{s}" for s in range(STUDENTS)} - {"u-s30"}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("gone", [("u-s7", "u-s15"), ("u-s7",)])
def test_a_users_export_cut_among_a_grade_on_its_last_day_is_refused(
    tmp_path: Path, engine: str, gone: tuple[str, ...]
) -> None:
    """reviewer79 R1: grade 8's rows end 4 June while the other grades' run on in the same classes
    (each class carrying on for most of its students). users.csv cut among grade 8 that night lost
    students, not leavers: their classmates of their grade end with them, nothing is published."""
    made = district(year_end="2027-06-30", rows_end="")
    grade_8 = {row["sourcedId"] for row in made["users.csv"] if row.get("grades") == "08"}
    assert set(gone) <= grade_8
    for row in made["enrollments.csv"]:
        if row["userSourcedId"] in grade_8:
            row["endDate"] = "2027-06-04"
    assert night(tmp_path, made, dt.date(2027, 6, 3), engine).exit_status == api.EXIT_PUBLISHED
    result = night(tmp_path, made, dt.date(2027, 6, 4), engine, gone=gone)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert "X882" in result.report.counts
    assert set(gone) <= users_of(tmp_path)


def test_a_withdrawal_from_year_classes_on_a_semesters_last_day_is_published(tmp_path: Path) -> None:
    """The semester's classes end for everyone on 21 January, their rows with them; a student of year
    classes only is withdrawn that day. Those rows end with their term, no one's leaving: counted in the
    district's share of rows ending tonight, they refused him (reviewer85 W1)."""
    made = district(year_end="2027-06-30", rows_end="")
    made["academicSessions.csv"].append(
        {"sourcedId": "s1-2027", "status": "active", "title": "Semester 1", "type": "semester",
         "startDate": "2026-08-24", "endDate": "2027-01-21", "parentSourcedId": "y-2027", "schoolYear": "2027"}
    )  # fmt: skip
    for c in range(CLASSES):
        made["classes.csv"].append(
            {"sourcedId": f"sem-{c}", "status": "active", "title": f"Semester {c}", "courseSourcedId": f"co-{c}",
             "classCode": f"S{c}", "classType": "scheduled", "schoolSourcedId": SCHOOL, "termSourcedIds": "s1-2027"}
        )  # fmt: skip
        made["enrollments.csv"].append(_enrolment(f"sem-{c}", f"u-t{c % TEACHERS}", "teacher", "2027-01-21"))
    for s in range(STUDENTS):
        if s != 30:
            for c in (s % CLASSES, (s + 2) % CLASSES):
                made["enrollments.csv"].append(_enrolment(f"sem-{c}", f"u-s{s}", "student", "2027-01-21"))
    assert night(tmp_path, made, dt.date(2027, 1, 20), "python").exit_status == api.EXIT_PUBLISHED
    for row in made["enrollments.csv"]:
        if row["userSourcedId"] == "u-s30":
            row["endDate"] = "2027-01-21"
    result = night(tmp_path, made, dt.date(2027, 1, 21), "python", gone=("u-s30",))
    assert result.exit_status == api.EXIT_PUBLISHED and "X882" not in result.report.counts, result.report.counts
    assert "u-s30" not in users_of(tmp_path)
