"""A class ID given to another teacher's class at the semester is said though one support co-teacher
(an ELL or special-education teacher on every class) teaches both (reviewer86 R2): OneRoster 1.1 bulk,
40 fall classes each with its lead teacher and the co-teacher; in January three fall IDs name spring
classes of another course, another lead teacher and other students, the rest new IDs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from transform import api

CLASSES = 40
USERS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
)


def night(folder: Path, spring: bool) -> Path:
    folder.mkdir(parents=True)
    users, classes, courses, enrolments = [USERS], [], [], []

    def user(key: str, role: str) -> None:
        grade = "07" if role == "student" else ""
        users.append(f"{key},,,true,L1,{role},{key.lower()},,G{key},F{key},,,{key.lower()}@x.org,,,,{grade},")

    def section(key: str, course: int, term: str, lead: str, students: list[str]) -> None:
        classes.append(f"{key},,,Course {course} P{course % 6 + 1},,CRS{course},,scheduled,,L1,{term},,,")
        enrolments.append(f"{key}-L,,,{key},L1,{lead},teacher,true,,")
        enrolments.append(f"{key}-SUP,,,{key},L1,SUP,teacher,false,,")
        enrolments.extend(f"{key}-{s},,,{key},L1,{s},student,,," for s in students)

    user("SUP", "teacher")
    for k in range(2 * CLASSES):
        user(f"L{k}", "teacher")
        courses.append(f"CRS{k},,,YR,Course {k},CRS{k},,L1,,")
    for s in range(15 * CLASSES):
        user(f"S{s:03d}", "student")
    for k in range(CLASSES):
        if not spring:
            section(f"F{k}", k, "FALL", f"L{k}", [f"S{k * 15 + j:03d}" for j in range(15)])
        else:  # the first three IDs given to another course, lead teacher and students
            group = (k + 1) % 3 if k < 3 else k
            key = f"F{k}" if k < 3 else f"SP{k}"
            section(key, CLASSES + k, "SPR", f"L{CLASSES + k}", [f"S{group * 15 + j:03d}" for j in range(15)])
    files = {
        "orgs.csv": ["sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId", "L1,,,One,school,,"],
        "academicSessions.csv": [
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
            "FALL,,,Fall,semester,2026-08-27,2026-12-18,YR,2027",
            "SPR,,,Spring,semester,2027-01-05,2027-06-17,YR,2027",
            "YR,,,2026-2027,schoolYear,2026-08-27,2027-06-17,,2027",
        ],
        "users.csv": users,
        "classes.csv": [
            "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
            "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
            *classes,
        ],
        "courses.csv": [
            "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,"
            "subjectCodes",
            *courses,
        ],
        "enrollments.csv": [
            "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,"
            "beginDate,endDate",
            *enrolments,
        ],
    }
    for name, lines in files.items():
        (folder / name).write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return folder


def test_a_co_teacher_on_both_classes_does_not_hide_a_class_id_given_to_another_teacher(tmp_path: Path) -> None:
    out = tmp_path / "out"

    def run(exports: Path, as_of: dt.date) -> api.RunResult:
        return api.run(api.RunOptions(profile="oneroster", in_dir=exports, out_dir=out, as_of=as_of))

    assert run(night(tmp_path / "fall", spring=False), dt.date(2026, 12, 10)).exit_status == 0
    result = run(night(tmp_path / "spring", spring=True), dt.date(2027, 1, 12))
    assert not result.report.published and [p.code.id for p in result.report.aborts] == ["X822"]
    assert "teacher L0, SUP) -> " in result.report.aborts[0].message
