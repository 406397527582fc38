"""A OneRoster bulk users.csv marks the withdrawn only by enabledUser (tester70 F4). A bulk file's
status is blank, as the spec and Remind ask, so PowerSchool's public OneRoster plugin writes every
student whatever their enrolment status: enabledUser false for the withdrawn and the graduated,
who have no enrolment. Before, the oneroster profiles published them ('enabledUser as the export
says'), with their parents, at exit 0: Remind makes an account for every users.csv row. Now a
student or staff member with enabledUser false whom no current enrolment names is left out as
inactive (F400, F401; the profiles' `unless_enrolled`), and a parent with no other child follows
(F413). Some exports write false for young children with no login, who are in classes: they stay.

Each district is generated (seeded) with its truth: who is published, in which classes, and
which parents with which children; the published set is judged against it, both engines and both
targets."""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.profile.check import check
from transform.profile.load import load

AS_OF = dt.date(2026, 12, 7)
SCHOOLS = ("100", "200")
USERS = (
    "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,"
    "middleName,identifier,email,sms,phone,agentSourcedIds,grades,password"
)
CLASSES = (
    "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
    "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods"
)
ENROLMENTS = (
    "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate"
)
NAMES = ("Ana", "Luis", "Maria", "Jose", "Yan", "Kim", "Omar", "Lea", "Ivan", "Rosa", "Teo", "Nia")


@dataclass
class District:
    """The exports' lines, and what a right set holds."""

    users: list[str] = field(default_factory=lambda: [USERS])
    classes: list[str] = field(default_factory=list)
    enrollments: list[str] = field(default_factory=list)
    students: set[str] = field(default_factory=set)
    staff: set[str] = field(default_factory=set)
    left_out: dict[str, str] = field(default_factory=dict)  # user -> F400 / F401
    parents: dict[str, set[str]] = field(default_factory=dict)  # published parent -> children
    pairs: set[tuple[str, str]] = field(default_factory=set)  # (class, user) published

    def user(self, sourcedId: str, enabled: str, school: str, role: str, *, agents: str = "", grade: str = "") -> None:
        given, family = (NAMES[hash(sourcedId) % len(NAMES)], sourcedId.title())
        email = f"{sourcedId.lower()}@mail.example.org"
        self.users.append(
            f"{sourcedId},,,{enabled},{school},{role},{sourcedId.lower()},,{given},{family},,,{email},,,"
            f'"{agents}",{grade},'
        )

    def enrol(
        self, class_id: str, school: str, user: str, role: str, *, status: str = "", end: str = "2027-06-17"
    ) -> None:
        self.enrollments.append(f"e-{class_id}-{user},{status},,{class_id},{school},{user},{role},,2026-08-27,{end}")


def district(seed: int) -> District:
    """Two schools; per school two classes taught by an enabled teacher, one by a teacher whose
    account is disabled (enabledUser false) yet who teaches; a disabled teacher with no class
    (left). Families of one to three children: enrolled (enabledUser true, or a young child's
    false), withdrawn (false, no enrolment), withdrawn with only a tobedeleted or an ended enrolment
    row left."""
    rnd = random.Random(seed)
    d = District()
    for school in SCHOOLS:
        for k, enabled in enumerate(("true", "TRUE", "false")):
            teacher, class_id = f"T{school}{k}", f"C{school}{k}"
            d.user(teacher, enabled, school, "teacher")
            d.classes.append(f"{class_id},,,Course {k} Sec 1,,,,scheduled,,{school},TERM,,,")
            d.enrol(class_id, school, teacher, "teacher")
            d.staff.add(teacher)
            d.pairs.add((class_id, teacher))
        gone = f"T{school}9"
        d.user(gone, rnd.choice(("false", "FALSE", "0")), school, "teacher")
        d.left_out[gone] = "F401"
    kinds = ("enrolled", "no-login", "withdrawn", "dropped", "ended")
    for family in range(24):
        school = rnd.choice(SCHOOLS)
        kids = [
            (f"S{family:02d}{c}", kinds[(family + c * rnd.randint(1, 4)) % len(kinds)])
            for c in range(rnd.randint(1, 3))
        ]
        parents = [f"G{family:02d}{p}" for p in range(rnd.randint(1, 2))]
        for kid, kind in kids:
            enabled = "true" if kind == "enrolled" else rnd.choice(("false", "False", "0"))
            d.user(
                kid, enabled, school, "student", agents=",".join(parents), grade="KG" if kind == "no-login" else "07"
            )
            classes = rnd.sample([f"C{school}{k}" for k in range(3)], 2)
            if kind in ("enrolled", "no-login"):
                d.students.add(kid)
                for class_id in classes:
                    d.enrol(class_id, school, kid, "student")
                    d.pairs.add((class_id, kid))
            else:
                d.left_out[kid] = "F400"
                if kind == "dropped":
                    d.enrol(classes[0], school, kid, "student", status="tobedeleted")
                elif kind == "ended":
                    d.enrol(classes[0], school, kid, "student", end="2026-11-20")
        live = {kid for kid, _ in kids if kid in d.students}
        for parent in parents:
            d.user(parent, "true", school, "guardian", agents=",".join(kid for kid, _ in kids))
            if live:
                d.parents[parent] = live
    return d


def write(d: District, folder: Path) -> Path:
    folder.mkdir(parents=True)
    files = {
        "manifest.csv": [
            "propertyName,value",
            "manifest.version,1.0",
            "oneroster.version,1.1",
            "file.users,bulk",
            "file.orgs,bulk",
            "file.classes,bulk",
            "file.enrollments,bulk",
            "file.academicSessions,bulk",
        ],
        "orgs.csv": ["sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId"]
        + [f"{s},,,School {s},school,," for s in SCHOOLS],
        "academicSessions.csv": [
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
            "TERM,,,2026-2027,schoolYear,2026-08-27,2027-06-18,,2027",
        ],
        "users.csv": d.users,
        "classes.csv": [CLASSES, *d.classes],
        "enrollments.csv": [ENROLMENTS, *d.enrollments],
    }
    for name, lines in files.items():
        (folder / name).write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return folder


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    ("seed", "engine", "target"),
    [(1, "python", "remind"), (2, "columnar", "remind"), (3, "python", "oneroster"), (4, "columnar", "oneroster")],
)
def test_disabled_users_without_a_current_enrolment_are_left_out(
    tmp_path: Path, seed: int, engine: str, target: str
) -> None:
    d = district(seed)
    assert {"F400", "F401"} <= set(d.left_out.values()) and any(k.startswith("S") for k in d.students)
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(
            profile="oneroster",
            in_dir=write(d, tmp_path / "in"),
            out_dir=out,
            as_of=AS_OF,
            engine=engine,
            target=target,
        )
    )
    assert result.exit_status == 0
    users = {u["sourcedId"]: u for u in rows(out / "users.csv")}
    by_role = {role: {k for k, u in users.items() if u["role"] == role} for role in ("student", "teacher", "guardian")}
    assert by_role["student"] == d.students
    assert by_role["teacher"] == d.staff
    assert by_role["guardian"] == set(d.parents)
    for parent, children in d.parents.items():
        assert set(users[parent]["agentSourcedIds"].split(",")) == children
    for student in d.students:  # their parents, and only those the set holds
        assert {g for g, kids in d.parents.items() if student in kids} == set(
            filter(None, users[student]["agentSourcedIds"].split(","))
        )
    # a young child with no login, and a teacher whose account is off, stay in their classes, enabledUser false
    assert any(users[k]["enabledUser"] == "false" for k in d.students)
    assert users["T1002"]["enabledUser"] == "false"
    assert {(e["classSourcedId"], e["userSourcedId"]) for e in rows(out / "enrollments.csv")} == d.pairs
    said = {
        (p.code.id, p.params.get("value")) for code in ("F400", "F401") for p in result.report.examples.get(code, ())
    }
    assert result.report.counts["F400"] == sum(1 for c in d.left_out.values() if c == "F400")
    assert result.report.counts["F401"] == sum(1 for c in d.left_out.values() if c == "F401")
    assert all(code in ("F400", "F401") for code, _ in said)
    assert "no current enrolment" in str(next(iter(result.report.examples["F400"])))


def test_a_12_student_with_no_login_stays_while_enrolled_and_leaves_without(tmp_path: Path) -> None:
    """The 1.2 sample's Noah Ruiz (u-s4) is enabledUser FALSE in users.csv and enrolled in cl-1:
    published, enabledUser false. With his enrolment gone from the export (withdrawn), he is left
    out as inactive (F400), his role still current in roles.csv."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "oneroster-1.2" / "district" / "in", folder)
    result = api.run(api.RunOptions(profile="oneroster-1.2", in_dir=folder, out_dir=tmp_path / "a", as_of=AS_OF))
    assert result.exit_status == 0
    assert {u["sourcedId"]: u["enabledUser"] for u in rows(tmp_path / "a" / "users.csv")}["u-s4"] == "false"
    enrolments = folder / "enrollments.csv"
    enrolments.write_text(
        "".join(
            line for line in enrolments.read_text(encoding="utf-8").splitlines(keepends=True) if ",u-s4," not in line
        ),
        encoding="utf-8",
    )
    result = api.run(api.RunOptions(profile="oneroster-1.2", in_dir=folder, out_dir=tmp_path / "b", as_of=AS_OF))
    assert result.exit_status == 0
    assert "u-s4" not in {u["sourcedId"] for u in rows(tmp_path / "b" / "users.csv")}
    assert [p.where.file for p in result.report.examples["F400"] if "enabledUser" in p.params["condition"]] == [
        "roles.csv"
    ]


def test_unless_enrolled_is_read_only_in_a_students_or_staff_rule(tmp_path: Path) -> None:
    """A guardian rule's (or an enrolment rule's) condition saying unless_enrolled would leave out
    every row failing it: no enrolment names a guardian. The profile is refused at its line."""
    path = tmp_path / "district.yaml"
    path.write_text(
        "extends: oneroster\nname: district\ntables:\n  users:\n    guardians:\n      where:\n"
        '        enabled: {field: "{enabledUser}", op: not_in, value: ["false"], unless_enrolled: true}\n',
        encoding="utf-8",
    )
    problems = check(load(str(path)))
    assert [(p.code.id, p.where.file.rsplit(":", 2)[1]) for p in problems] == [("P103", "7")]
    assert "students' or staff rule's where" in str(problems[0])


def test_an_export_without_enabled_user_says_nothing_of_it(tmp_path: Path) -> None:
    """enabledUser is a column a 1.1 export may leave out: the condition is optional, so its absence
    is a note (I244), as before, not I260 (a warning --strict refuses); every student is published
    as the status column says."""
    d = district(5)
    at = d.users[0].split(",").index("enabledUser")
    d.users = [",".join(cells[:at] + cells[at + 1 :]) for cells in (line.split(",") for line in d.users)]
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile="oneroster", in_dir=write(d, tmp_path / "in"), out_dir=out, as_of=AS_OF))
    assert result.exit_status == 0
    assert "I260" not in result.report.counts and "F400" not in result.report.counts
    students = {u["sourcedId"] for u in rows(out / "users.csv") if u["role"] == "student"}
    assert students == d.students | {k for k, code in d.left_out.items() if code == "F400"}
