"""A users export cut short at a line boundary loses the people whose rows came after the cut,
while tonight's other exports (roles.csv, enrollments.csv) still name them as current: an export
missing rows, not a withdrawal. Nothing is published (X882), naming the file, the people and the
rows that name them; --allow-incomplete publishes it, said (X883). A person who really leaves
(an ended role and enrolments, a users row the profile leaves out) is published as ever, exit 0
(tester50 F1)."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from transform import api
from transform.report import summary

NIGHT = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])
STUDENTS = 40
USERS_12 = [
    "sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName",
    "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades",
    "password", "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName", "preferredMiddleName",
    "preferredFamilyName", "primaryOrgSourcedId", "pronouns",
]  # fmt: skip
USERS_11 = [
    "sourcedId", "status", "dateLastModified", "enabledUser", "orgSourcedIds", "role", "username", "userIds",
    "givenName", "familyName", "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds",
    "grades", "password",
]  # fmt: skip
ROLES = (
    "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId"
)
ENROLMENTS = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate"
)


def write(path: Path, header: list[str] | str, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(header.split(",") if isinstance(header, str) else header)
        out.writerows(rows)


def district(folder: Path, version: str) -> Path:
    """A OneRoster bulk set (1.1 or 1.2): 2 schools, 4 teachers with a class each, STUDENTS
    students in them, one parent each, whose row follows the student's in users.csv."""
    folder.mkdir(parents=True)
    write(
        folder / "orgs.csv",
        "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
        [
            ["d-9", "", "", "District", "district", "D", ""],
            ["sch-1", "", "", "North", "school", "1", "d-9"],
            ["sch-2", "", "", "South", "school", "2", "d-9"],
        ],
    )
    write(
        folder / "academicSessions.csv",
        "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
        [["fa26", "", "", "Fall 2026", "semester", "2026-08-24", "2027-01-15", "", "2027"]],
    )
    users, roles, classes, enrolments, demographics = [], [], [], [], []

    def user(key: str, role: str, school: str, given: str, email: str, agents: str = "", grade: str = "") -> None:
        if version == "1.2":
            users.append([key, "", "", "TRUE", key, "", given, "Doe", "", key, email, "", "", agents, grade]
                         + [""] * 6 + [school if role != "parent" else "", ""])  # fmt: skip
            roles.append([f"r-{key}", "", "", key, "primary", role, "2026-08-24", "", school, ""])
        else:
            users.append([key, "", "", "true", school, role, key, "", given, "Doe", "", key, email, "", "", agents,
                          grade, ""])  # fmt: skip

    for t in range(4):
        school = f"sch-{t % 2 + 1}"
        user(f"t{t}", "teacher", school, f"Teacher{t}", f"t{t}@d.example.org")
        classes.append([f"c{t}", "", "", f"Class {t}", "03", "", f"C{t}", "scheduled", "", school, "fa26"])
        enrolments.append([f"e-c{t}-t{t}", "", "", f"c{t}", school, f"t{t}", "teacher", "true", "", ""])
    for s in range(STUDENTS):
        school = f"sch-{s % 4 % 2 + 1}"
        user(f"s{s:03}", "student", school, f"Student{s}", f"s{s}@stu.example.org", f"p{s:03}", "03")
        enrolments.append([f"e-c{s % 4}-s{s:03}", "", "", f"c{s % 4}", school, f"s{s:03}", "student", "false", "", ""])
        demographics.append([f"s{s:03}", "", "", f"2015-01-{s % 28 + 1:02}", "female"])
        user(f"p{s:03}", "parent", school, f"Parent{s}", f"p{s}@mail.example.com", f"s{s:03}")
    header = "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location"
    write(folder / "classes.csv", header + ",schoolSourcedId,termSourcedIds", classes)
    write(folder / "enrollments.csv", ENROLMENTS, enrolments)
    write(folder / "demographics.csv", "sourcedId,status,dateLastModified,birthDate,sex", demographics)
    write(folder / "users.csv", USERS_12 if version == "1.2" else USERS_11, users)
    if version == "1.2":
        write(folder / "roles.csv", ROLES, roles)
    files = ["academicSessions", "classes", "demographics", "enrollments", "orgs", "users"]
    files += ["roles"] if version == "1.2" else []
    manifest = [["manifest.version", "1.0"], ["oneroster.version", version]]
    write(folder / "manifest.csv", "propertyName,value", manifest + [[f"file.{f}", "bulk"] for f in files])
    return folder


def run(exports: Path, out: Path, engine: str, night: int = 0, **options: object) -> api.RunResult:
    now = NIGHT + dt.timedelta(days=night)
    profile = "oneroster-1.2" if (exports / "roles.csv").is_file() else "oneroster"
    options = {"profile": profile, "in_dir": exports, "out_dir": out, "engine": engine, **options}
    return api.run(api.RunOptions(as_of=now.date(), now=now, **options))  # type: ignore[arg-type]


def nights(tmp_path: Path, version: str, engine: str) -> tuple[Path, Path]:
    """The district published on its first night into tmp_path/out; tonight's exports a copy to edit."""
    first, out, tonight = tmp_path / "first", tmp_path / "out", tmp_path / "tonight"
    district(first, version)
    result = run(first, out, engine)
    assert result.exit_status == 0 and result.report.published, result.report.aborts
    shutil.copytree(first, tonight)
    return out, tonight


def cut(path: Path, lines: int) -> None:
    """The file's last `lines` lines gone, the cut after a whole line (the SIS job stopped)."""
    kept = path.read_bytes().split(b"\r\n")[:-1]
    path.write_bytes(b"".join(line + b"\r\n" for line in kept[:-lines]))


def drop_rows(path: Path, *keys: str) -> None:
    """The rows whose ID or user is one of `keys` gone."""
    rows = path.read_bytes().decode("utf-8").split("\r\n")
    path.write_bytes("\r\n".join(r for r in rows if not set(r.split(",")[:6]) & set(keys)).encode("utf-8"))


def said(result: api.RunResult, code: str) -> list[str]:
    return [str(p) for p in result.report.examples.get(code, [])]


@ENGINES
@pytest.mark.parametrize("version", ["1.2", "1.1"])
def test_a_users_export_cut_at_a_line_boundary_is_refused(tmp_path: Path, engine: str, version: str) -> None:
    out, tonight = nights(tmp_path, version, engine)
    published = (out / "users.csv").read_bytes()
    cut(tonight / "users.csv", 6)  # the last 3 students and their parents
    result = run(tonight, out, engine, night=1)
    assert result.exit_status == 1 and not result.report.published
    assert (out / "users.csv").read_bytes() == published  # the last set stays
    (message,) = said(result, "X882")
    assert "users.csv has no row for 3 students that tonight's other exports still name" in message
    assert "s037 (Student37 Doe), named by " in message
    assert ("roles.csv:" if version == "1.2" else "enrollments.csv:43 (V504)") in message
    assert "of the last published set, which tonight's set would remove with 3 parents/guardians" in message
    assert "export users.csv again whole and rerun (--allow-incomplete publishes it anyway)" in message
    # Said, and published without them, with --allow-incomplete.
    allowed = run(tonight, out, engine, night=1, allow_incomplete=True)
    assert allowed.report.published and "X882" not in allowed.report.counts
    (note,) = said(allowed, "X883")
    assert note.endswith("--allow-incomplete: published without them")


@ENGINES
def test_a_student_who_leaves_with_her_role_and_enrolment_ended_is_published(tmp_path: Path, engine: str) -> None:
    out, tonight = nights(tmp_path, "1.2", engine)
    drop_rows(tonight / "users.csv", "s005", "p005")  # her users row gone with her...
    roles = (
        (tonight / "roles.csv")
        .read_text(encoding="utf-8")
        .replace("r-s005,,,s005,primary,student,2026-08-24,,", "r-s005,,,s005,primary,student,2026-08-24,2026-10-01,")
    )
    (tonight / "roles.csv").write_text(roles, encoding="utf-8")  # ...her role ended...
    # ...and her enrolment kept, undated (an export that ends the role alone)
    result = run(tonight, out, engine, night=1)
    assert result.report.counts["V504"] == 2  # her enrolment and demographics name her: her role is listed
    assert result.exit_status == 0 and result.report.published
    assert "X882" not in result.report.counts and "X883" not in result.report.counts


@ENGINES
def test_a_student_whose_users_row_is_inactive_is_filtered_not_missing(tmp_path: Path, engine: str) -> None:
    out, tonight = nights(tmp_path, "1.1", engine)
    users = (tonight / "users.csv").read_text(encoding="utf-8").replace("s007,,,true", "s007,tobedeleted,,true")
    (tonight / "users.csv").write_text(users, encoding="utf-8")  # her enrolment still there: V504
    result = run(tonight, out, engine, night=1)
    assert result.report.counts["V504"] >= 1
    assert result.exit_status == 0 and result.report.published and "X882" not in result.report.counts


@ENGINES
def test_a_first_set_missing_many_named_people_is_refused_and_a_few_are_not(tmp_path: Path, engine: str) -> None:
    few, many = district(tmp_path / "few", "1.1"), district(tmp_path / "many", "1.1")
    drop_rows(few / "users.csv", "s001", "s002")  # a few named by enrolments only: a SIS's own way
    result = run(few, tmp_path / "out-few", engine)
    assert result.report.counts["V504"] == 4  # their enrolments and demographics
    assert result.exit_status == 0 and result.report.published and "X883" not in result.report.counts
    drop_rows(many / "users.csv", *(f"s{s:03}" for s in range(20, 32)))  # 12 of 40 students
    result = run(many, tmp_path / "out-many", engine)
    assert result.exit_status == 1 and not result.report.published
    (message,) = said(result, "X882")
    assert "has no row for 12 people" in message and "on a first set (" in message


def test_an_enrolments_export_older_than_the_users_export_is_named_as_the_one_to_export_again(tmp_path: Path) -> None:
    """tester65 F3: a student withdrawn today has left users.csv, and enrollments.csv is last
    night's copy, still naming her. Refused (X882) as before, but the step named users.csv, which is
    tonight's and right: exporting it again changed nothing. The older export is named now, with
    the times both were written; where the times tell nothing, both are named."""
    out, tonight = nights(tmp_path, "1.1", "python")
    drop_rows(tonight / "users.csv", "s037")
    written = (tonight / "users.csv").stat().st_mtime
    os.utime(tonight / "enrollments.csv", (written - 86400, written - 86400))
    result = run(tonight, out, "python", night=1)
    assert result.exit_status == 1 and not result.report.published
    (message,) = said(result, "X882")
    assert "unless the export naming them is the one behind: enrollments.csv (written " in message
    assert (
        "older, may be an earlier night's copy naming people who left since; then export it again, not users.csv"
        in message
    )
    step = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: Export enrollments.csv again from the SIS and rerun: written before users.csv")
    os.utime(tonight / "enrollments.csv", (written, written))
    (same,) = said(run(tonight, out, "python", night=1), "X882")
    assert (
        "(or the export naming them, enrollments.csv, is an older copy than users.csv: then export that again)" in same
    )
    assert "export users.csv again whole and rerun" in same
