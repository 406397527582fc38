"""One school missing from the students or the enrolment export, on the first run, for profiles
that read an enrolment's student ID straight from the enrolment export (tester37 F1, F2), and
for PowerSchool, which reads it through a join (tester44 F5: X946 is profile-independent).

OneRoster, Clever and SDS join nothing to the enrolment rows: a student ID no students row has is
found only as the rows follow a user not kept (V504, info), as for a student left out on purpose
(inactive). A students export without one school's students published the district with that
school's students, parents and classes gone, at exit 0; X941, which says exactly that, counted
only the misses of a join. Now the exports are read again for a school whose classes mostly come
out empty: most of their rows naming an ID no users row gives is X941; no row naming a student in
them at all, while the school's students are published and its classes have their teachers, is
X946 (the enrolment export missing the school's student rows, which left every class of the
school out as F412 info, at exit 0). A school whose students are inactive (listed, left out on
purpose) stays as it was. On a later night the gate's comparison says it (X997, X953, X906).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from transform import api

NIGHT = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
ENGINES = pytest.mark.parametrize("engine", ["python", "columnar"])
SCHOOLS = ("SCH1", "SCH2", "SCH3")
CUT = "SCH2"  # the school a per-school query left out
CLASSES = 4  # per school, each with its teacher
STUDENTS = 8  # per school, each in three of its classes

Rows = list[dict[str, str]]


def _people() -> tuple[Rows, Rows, Rows]:
    """The schools' classes, teachers and students, and the enrolments (student and teacher)."""
    classes, staff, students, enrolments = [], [], [], []
    for s, school in enumerate(SCHOOLS, start=1):
        for t in range(2):
            staff.append({"id": f"T{s}{t}", "school": school, "first": f"Tess{s}{t}", "last": f"Lind{s}{t}"})
        for c in range(CLASSES):
            classes.append({"id": f"C{s}{c}", "school": school, "title": f"Math {s}-{c}", "teacher": f"T{s}{c % 2}"})
            enrolments.append({"class": f"C{s}{c}", "user": f"T{s}{c % 2}", "role": "teacher", "school": school})
        for n in range(STUDENTS):
            student = f"S{s}{n:02d}"
            students.append({"id": student, "school": school, "first": f"Sam{s}{n}", "last": f"Berg{s}{n}"})
            for c in range(3):
                enrolments.append({"class": f"C{s}{(n + c) % CLASSES}", "user": student, "role": "student"})
                enrolments[-1]["school"] = school
    return classes, staff + students, enrolments


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def oneroster(
    folder: Path, *, students: Callable[[dict[str, str]], str], enrolled: Callable[[dict[str, str]], bool]
) -> Path:
    """A OneRoster 1.1 district; `students(row)`: a student's status ("" leaves the row out),
    `enrolled(row)`: whether an enrolment row is exported."""
    classes, users, enrolments = _people()
    folder.mkdir(parents=True)
    _write(
        folder / "orgs.csv",
        ["sourcedId", "status", "name", "type", "parentSourcedId"],
        [
            ["D1", "active", "District", "district", ""],
            *[[s, "active", f"School {s[-1]}", "school", "D1"] for s in SCHOOLS],
        ],
    )
    _write(
        folder / "academicSessions.csv",
        ["sourcedId", "status", "title", "type", "startDate", "endDate"],
        [
            ["Y27", "active", "2026-2027", "schoolYear", "2026-08-24", "2027-06-11"],
        ],
    )
    _write(
        folder / "courses.csv",
        ["sourcedId", "status", "title", "schoolYearSourcedId", "orgSourcedId"],
        [[f"K{c['id']}", "active", c["title"], "Y27", c["school"]] for c in classes],
    )
    _write(
        folder / "classes.csv",
        [
            "sourcedId",
            "status",
            "title",
            "courseSourcedId",
            "classCode",
            "classType",
            "schoolSourcedId",
            "termSourcedIds",
        ],
        [[c["id"], "active", c["title"], f"K{c['id']}", c["id"], "scheduled", c["school"], "Y27"] for c in classes],
    )
    rows = []
    for user in users:
        student = user["id"].startswith("S")
        status = students(user) if student else "active"
        if status:
            email = "" if student else f"{user['id'].lower()}@example.org"
            role = "student" if student else "teacher"
            rows.append(
                [
                    user["id"],
                    status,
                    "true",
                    user["school"],
                    role,
                    user["id"].lower(),
                    user["first"],
                    user["last"],
                    user["id"],
                    email,
                    "07" if student else "",
                ]
            )
    _write(
        folder / "users.csv",
        [
            "sourcedId",
            "status",
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
        rows,
    )
    _write(
        folder / "demographics.csv",
        ["sourcedId", "status", "birthDate"],
        [[u["id"], "active", "2013-05-01"] for u in users if u["id"].startswith("S")],
    )
    _write(
        folder / "enrollments.csv",
        ["sourcedId", "status", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary"],
        [
            [
                f"E{i}",
                "active",
                e["class"],
                e["school"],
                e["user"],
                e["role"],
                "true" if e["role"] == "teacher" else "false",
            ]
            for i, e in enumerate(enrolments)
            if enrolled(e)
        ],
    )
    return folder


def sds(folder: Path, *, students: Callable[[dict[str, str]], str], enrolled: Callable[[dict[str, str]], bool]) -> Path:
    """The same district as School Data Sync (classic) writes it."""
    classes, users, enrolments = _people()
    folder.mkdir(parents=True)
    _write(folder / "School.csv", ["SIS ID", "Name", "School Number"], [[s, f"School {s[-1]}", s] for s in SCHOOLS])
    _write(
        folder / "Section.csv",
        [
            "SIS ID",
            "School SIS ID",
            "Section Name",
            "Section Number",
            "Term SIS ID",
            "Term Name",
            "Term StartDate",
            "Term EndDate",
            "Course SIS ID",
            "Course Name",
            "Status",
        ],
        [
            [
                c["id"],
                c["school"],
                c["title"],
                "1",
                "Y27",
                "2026-2027",
                "8/24/2026",
                "6/11/2027",
                f"K{c['id']}",
                c["title"],
                "Active",
            ]
            for c in classes
        ],
    )
    rows = []
    for user in (u for u in users if u["id"].startswith("S")):
        status = students(user)
        if status:
            rows.append(
                [
                    user["id"],
                    user["school"],
                    user["first"],
                    user["last"],
                    user["id"].lower(),
                    user["id"],
                    "7",
                    status.capitalize(),
                    "5/1/2013",
                ]
            )
    _write(
        folder / "Student.csv",
        [
            "SIS ID",
            "School SIS ID",
            "First Name",
            "Last Name",
            "Username",
            "Student Number",
            "Grade",
            "Status",
            "Birthdate",
        ],
        rows,
    )
    _write(
        folder / "Teacher.csv",
        ["SIS ID", "School SIS ID", "First Name", "Last Name", "Username", "Secondary Email", "Status"],
        [
            [u["id"], u["school"], u["first"], u["last"], u["id"].lower(), f"{u['id'].lower()}@example.org", "Active"]
            for u in users
            if u["id"].startswith("T")
        ],
    )
    _write(
        folder / "StudentEnrollment.csv",
        ["Section SIS ID", "SIS ID"],
        [[e["class"], e["user"]] for e in enrolments if e["role"] == "student" and enrolled(e)],
    )
    _write(
        folder / "TeacherRoster.csv",
        ["Section SIS ID", "SIS ID"],
        [[e["class"], e["user"]] for e in enrolments if e["role"] == "teacher" and enrolled(e)],
    )
    return folder


FORMATS = {"oneroster": (oneroster, "enrollments.csv", "users"), "sds": (sds, "StudentEnrollment.csv", "students")}
PROFILES = pytest.mark.parametrize("profile", sorted(FORMATS))


def active(user: dict[str, str]) -> str:
    return "active"


def everyone(enrolment: dict[str, str]) -> bool:
    return True


def without_cut(user: dict[str, str]) -> str:
    """The students export of a query that ran for the other schools only."""
    return "" if user["school"] == CUT else "active"


def cut_inactive(user: dict[str, str]) -> str:
    """The school's students listed, every one inactive (a school closing): left out on purpose."""
    return "inactive" if user["school"] == CUT else "active"


def no_cut_students(enrolment: dict[str, str]) -> bool:
    """The enrolment export of a query that ran for the other schools' students only."""
    return not (enrolment["school"] == CUT and enrolment["role"] == "student")


def run(profile: str, exports: Path, out: Path, *, engine: str = "python", **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=profile,
            in_dir=exports,
            out_dir=out,
            engine=engine,
            jobs=1,
            as_of=NIGHT.date(),
            now=NIGHT,
            **options,  # type: ignore[arg-type]
        )
    )


def aborts(result: api.RunResult) -> list[str]:
    return sorted({problem.code.id for problem in result.report.aborts})


def district(tmp_path: Path, profile: str, name: str, **cut: Callable[[dict[str, str]], object]) -> Path:
    write = FORMATS[profile][0]
    return write(tmp_path / name, students=cut.get("students", active), enrolled=cut.get("enrolled", everyone))  # type: ignore[arg-type]


@PROFILES
def test_the_whole_district_is_published(tmp_path: Path, profile: str) -> None:
    result = run(profile, district(tmp_path, profile, "in"), tmp_path / "out")
    assert result.exit_status == 0 and result.report.published
    assert not {"X941", "X946"} & set(result.report.counts)


@PROFILES
@ENGINES
def test_a_school_missing_from_the_students_export_is_refused(tmp_path: Path, profile: str, engine: str) -> None:
    exports = district(tmp_path, profile, "in", students=without_cut)
    out = tmp_path / "out"
    result = run(profile, exports, out, engine=engine)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    assert aborts(result) == ["X941"]
    (refusal,) = result.report.aborts
    _, file, source = FORMATS[profile]
    assert refusal.params["school"] == CUT and refusal.params["name"] == "School 2"
    assert refusal.params["emptied"] == refusal.params["classes"] == CLASSES
    assert refusal.params["rows"] == 3 * STUDENTS and refusal.params["reported"] == "V504"
    assert refusal.params["source"] == source and refusal.where.file == file and refusal.where.line > 1
    assert str(refusal.params["key"]).endswith("='S200'")
    allowed = run(profile, exports, out, engine=engine, allow_incomplete=True)
    assert allowed.exit_status == 1 and allowed.report.published and "F453" in allowed.report.counts  # said
    said = [str(p.params["detail"]) for p in allowed.report.examples["X918"]]
    assert said == [
        f"school {CUT} (School 2): {CLASSES} of its {CLASSES} classes have no student, "
        f"their enrolment rows naming students no {source} row has"
    ]


@PROFILES
@ENGINES
def test_a_school_whose_students_are_inactive_is_published(tmp_path: Path, profile: str, engine: str) -> None:
    """Listed and left out on purpose: their enrolments follow them (V504), as before."""
    result = run(profile, district(tmp_path, profile, "in", students=cut_inactive), tmp_path / "out", engine=engine)
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["V504"] >= 3 * STUDENTS and result.report.counts["F412"] == CLASSES
    assert not {"X941", "X946"} & set(result.report.counts)


@PROFILES
@ENGINES
def test_a_school_missing_from_the_enrolment_export_is_refused(tmp_path: Path, profile: str, engine: str) -> None:
    exports = district(tmp_path, profile, "in", enrolled=no_cut_students)
    out = tmp_path / "out"
    result = run(profile, exports, out, engine=engine)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    assert aborts(result) == ["X946"]
    (refusal,) = result.report.aborts
    _, file, _ = FORMATS[profile]
    assert refusal.where.file == file
    assert {k: refusal.params[k] for k in ("school", "emptied", "classes", "teachers", "students", "file")} == {
        "school": CUT,
        "emptied": CLASSES,
        "classes": CLASSES,
        "teachers": CLASSES,
        "students": STUDENTS,
        "file": file,
    }
    allowed = run(profile, exports, out, engine=engine, allow_incomplete=True)
    assert allowed.exit_status == 1 and allowed.report.published and "F453" in allowed.report.counts  # said
    assert allowed.report.counts["X963"] == 1 and allowed.report.counts["F412"] == CLASSES
    assert not [row for row in (out / "classes.csv").read_text().splitlines() if f",{CUT}," in row]


@PROFILES
@pytest.mark.parametrize("cut", ["students", "enrolled"])
def test_a_later_night_is_the_comparisons(tmp_path: Path, profile: str, cut: str) -> None:
    """With a last published set the gate compares, and says the school's students or classes
    lost: not X941 or X946 again."""
    out = tmp_path / "out"
    assert run(profile, district(tmp_path, profile, "full"), out).exit_status == 0
    exports = district(tmp_path, profile, "cut", **{cut: without_cut if cut == "students" else no_cut_students})
    refused = run(profile, exports, out)
    assert refused.exit_status == 1 and not refused.report.published
    assert aborts(refused) and not {"X941", "X946"} & set(aborts(refused))
    assert "X997" in aborts(refused) or "X953" in aborts(refused) or "X906" in aborts(refused)


@ENGINES
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("stale", [False, True], ids=["gate", "stopped-before-the-gate"])
def test_the_classes_found_emptied_reach_the_gate_and_no_report(
    tmp_path: Path, engine: str, jobs: int, stale: bool
) -> None:
    """The enrolment stage (in a worker process with two jobs) hands the classes a school lost
    to the gate, which reads the exports again to tell why (X941 here). They are no fact of the
    run: a run that stops before the gate (exports 20 days old, X971) wrote the emptied classes'
    IDs into the --report JSON under schools_classes_emptied (fixer enrolschool's leftover)."""
    exports = district(tmp_path, "oneroster", "in", students=without_cut)
    if stale:
        written = (NIGHT - dt.timedelta(days=20)).timestamp()
        for export in exports.iterdir():
            os.utime(export, (written, written))
    options = api.RunOptions(
        profile="oneroster", in_dir=exports, out_dir=tmp_path / "out", engine=engine, jobs=jobs, as_of=NIGHT.date()
    )
    result = api.run(dataclasses.replace(options, now=NIGHT))
    assert result.exit_status == 1 and not result.report.published
    assert aborts(result) == (["X971"] if stale else ["X941"])
    facts = json.dumps(result.report.to_dict()["facts"])  # as --report writes them
    assert "schools_classes_emptied" not in facts and '"C21"' not in facts  # C20 is X941's example
    assert not {"X941", "X946"} & set(result.report.counts) if stale else result.report.counts["X941"] == 1


@ENGINES
def test_powerschool_cc_without_a_school_is_refused(tmp_path: Path, engine: str) -> None:
    """PowerSchool joins cc.txt to students.txt for the student's ID and takes a class's teacher
    from sections.txt through teachers.txt, a role read through a join (StaffStatus): the school's
    classes were not known to have their teachers, and cc.txt without school 107's rows published
    its students in no class and none of its classes, F412 info only, at exit 0 (tester44 F5)."""
    exports = tmp_path / "in"
    write_district(exports, 1000)
    cc = exports / "cc.txt"
    header, *rows = cc.read_bytes().decode("utf-8").split("\r\n")[:-1]
    kept = [row for row in rows if row.split("\t")[3] != "107"]
    cc.write_bytes(("\r\n".join([header, *kept]) + "\r\n").encode("utf-8"))
    out = tmp_path / "out"
    result = run("powerschool", exports, out, engine=engine)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    assert aborts(result) == ["X946"]
    (refusal,) = result.report.aborts
    classes = refusal.params["classes"]
    assert refusal.params["school"] == "107" and refusal.where.file == "cc.txt"
    assert refusal.params["emptied"] == refusal.params["teachers"] == classes and int(classes) >= 3  # type: ignore[call-overload]
    assert int(refusal.params["students"]) > 0  # type: ignore[call-overload]
    allowed = run("powerschool", exports, out, engine=engine, allow_incomplete=True)
    assert allowed.exit_status == 1 and allowed.report.counts["X963"] == 1 and "F453" in allowed.report.counts
