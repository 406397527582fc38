"""What an enrolment tells of a OneRoster user with enabledUser false (review75 R3, R4).

The oneroster profiles leave out a student or staff member with enabledUser false whom no current
enrolment names (`unless_enrolled`, F400/F401): a bulk users.csv marks the withdrawn so. Three
gaps closed here, each judged on a generated district against its truth:

- an undated enrolment row left in the export for a class the set leaves out (the fall term's, in
  February; last year's class) is no current enrolment: the withdrawn student it names, and his
  parent, were published at exit 0 (R3);
- a row that starts later (next term's class) is an upcoming enrolment: the student or teacher is
  coming, not gone; an administrator or aide has no enrolment to tell (R4);
- an export writing enabledUser false for nearly every enrolled student (no logins) says nothing
  of who left at that school: nobody is left out for it there but one whom only rows that are
  over name, said once (F449); a district where a few per cent really left still leaves them out.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from transform import api

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
TERMS = {
    "FALL": ("2026-08-27", "2026-12-18"),
    "SPR": ("2027-01-05", "2027-06-17"),
    "YR": ("2026-08-27", "2027-06-17"),
    "OLD": ("2025-08-27", "2026-06-17"),
}
SCHOOL = "SCH1"


@dataclass
class District:
    """The exports' lines, and who a right set publishes (students and staff; parents by child)."""

    users: list[str] = field(default_factory=lambda: [USERS])
    classes: list[str] = field(default_factory=list)
    enrollments: list[str] = field(default_factory=list)
    published: set[str] = field(default_factory=set)
    left_out: set[str] = field(default_factory=set)
    parent_of: dict[str, str] = field(default_factory=dict)

    def user(self, sourced_id: str, enabled: str, role: str, *, agents: str = "") -> None:
        self.users.append(
            f"{sourced_id},,,{enabled},{SCHOOL},{role},{sourced_id.lower()},,Given{sourced_id},Fam{sourced_id},,,"
            f'{sourced_id.lower()}@mail.example.org,,,"{agents}",{"07" if role == "student" else ""},'
        )

    def enrol(self, class_id: str, user: str, role: str, term: str | None, *, end: str = "") -> None:
        begin, ends = TERMS[term] if term else ("", "")  # bulk 1.1: the dates are optional
        end = end or ends
        self.enrollments.append(f"e-{class_id}-{user},,,{class_id},{SCHOOL},{user},{role},,{begin},{end}")

    def family(self, student: str, enabled: str, *, kept: bool) -> None:
        parent = f"P{student}"
        self.user(student, enabled, "student", agents=parent)
        self.user(parent, "true", "guardian", agents=student)
        self.parent_of[parent] = student
        (self.published if kept else self.left_out).update({student, parent})


def district(seed: int, *, no_login: bool, fall_over: bool, withdrawn_share: float = 0.0) -> District:
    """One school, fall and spring semesters and year classes. Students enrolled now and students
    not scheduled yet (enabledUser false for all when `no_login`, else true), students scheduled
    only for spring (false), and students who left (false): withdrawn in the fall with their undated fall row left
    in (`fall_over`: on a night the fall term is over; before, the row reads as his class, which
    nothing tells from an enrolled student's), a graduate with an undated row in last year's class,
    and (`withdrawn_share` of the students) withdrawn with no row at all. Staff: a teacher of the
    fall and year classes, one of the spring classes only (false until then), and an administrator
    (false, no class)."""
    rnd = random.Random(seed)
    d = District()
    d.user("TF", "true", "teacher")
    d.user("TS", "false", "teacher")
    d.user("AD", "false", "administrator")  # no account, no class: left, as most such accounts (review80 R1)
    d.published |= {"TF", "TS"}
    d.left_out.add("AD")
    for k in range(3):
        for term, teacher in (("FALL", "TF"), ("SPR", "TS"), ("YR", "TF")):
            d.classes.append(f"{term}{k},,,Class {term}{k},,,,scheduled,,{SCHOOL},{term},,,")
            d.enrol(f"{term}{k}", teacher, "teacher", term)
    d.classes.append(f"OLD1,,,Old Class,,,,scheduled,,{SCHOOL},OLD,,,")
    enabled_now = "false" if no_login else "true"
    students = rnd.randint(30, 45)
    for n in range(students):
        kind = rnd.choice(("current", "current", "current", "spring-only", "no-class"))
        student = f"S{n:03d}"
        # one scheduled only for spring has no login until then; one not scheduled yet has hers
        d.family(student, rnd.choice(("false", "FALSE", "0")) if kind == "spring-only" else enabled_now, kept=True)
        if kind == "current":
            for term in ("FALL", "SPR", "YR"):
                d.enrol(f"{term}{n % 3}", student, "student", term)
        elif kind == "spring-only":
            d.enrol(f"SPR{n % 3}", student, "student", "SPR")
    if fall_over:
        d.family("WFALL", "false", kept=False)
        d.enrol("FALL1", "WFALL", "student", None)  # his fall row, undated, left in the export
    if not fall_over and not no_login:
        # withdrawn 1 December: his fall row ended then, his spring row left in the export (review80 R2)
        d.family("WSPR", "false", kept=False)
        d.enrol("FALL2", "WSPR", "student", "FALL", end="2026-12-01")
        d.enrol("SPR2", "WSPR", "student", "SPR")
    d.family("WOLD", "false", kept=False)
    d.enrol("OLD1", "WOLD", "student", None)  # a graduate's row in last year's class
    for n in range(round(withdrawn_share * students)):
        d.family(f"W{n:03d}", "false", kept=False)  # withdrawn: no row at all (tester70 F4)
    return d


def write(d: District, folder: Path) -> Path:
    folder.mkdir(parents=True)
    sessions = [
        f"{t},,,{t},{'schoolYear' if t in ('YR', 'OLD') else 'semester'},{b},{e},,{e[:4]}"
        for t, (b, e) in TERMS.items()
    ]
    files = {
        "manifest.csv": ["propertyName,value", "manifest.version,1.0", "oneroster.version,1.1"]
        + [f"file.{name},bulk" for name in ("users", "orgs", "classes", "enrollments", "academicSessions")],
        "orgs.csv": [
            "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
            f"{SCHOOL},,,One,school,,",
        ],
        "academicSessions.csv": [
            "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
            *sessions,
        ],
        "users.csv": d.users,
        "classes.csv": [CLASSES, *d.classes],
        "enrollments.csv": [ENROLMENTS, *d.enrollments],
    }
    for name, lines in files.items():
        (folder / name).write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return folder


def published(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def run(d: District, tmp_path: Path, as_of: dt.date, **options: object) -> tuple[api.RunResult, set[str]]:
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="oneroster", in_dir=write(d, tmp_path / "in"), out_dir=out, as_of=as_of, **options)  # type: ignore[arg-type]
    )
    assert result.exit_status == 0
    return result, published(out)


@pytest.mark.parametrize(
    ("seed", "options"),
    [
        (1, {"engine": "python"}),
        (2, {"engine": "columnar"}),
        (3, {"engine": "python", "jobs": 2}),
        (4, {"engine": "columnar", "jobs": 2}),
        (5, {"target": "oneroster"}),
    ],
)
def test_a_row_in_a_class_the_set_leaves_out_is_no_current_enrolment(
    tmp_path: Path, seed: int, options: dict[str, object]
) -> None:
    """In February the fall classes are over (F405) and last year's class with them: the
    withdrawn student's undated fall row and the graduate's old row keep neither, nor their
    parents. The district's students have logins (enabledUser true), as most have."""
    d = district(seed, no_login=False, fall_over=True)
    result, users = run(d, tmp_path, dt.date(2027, 2, 8), **options)
    assert users == d.published and {"WFALL", "PWFALL", "WOLD", "PWOLD"} <= d.left_out
    assert {"F400", "F413"} <= set(result.report.counts)
    assert "F449" not in result.report.counts


@pytest.mark.parametrize(("seed", "engine"), [(6, "python"), (7, "columnar")])
def test_those_starting_next_term_stay_and_those_who_left_do_not(tmp_path: Path, seed: int, engine: str) -> None:
    """In December the spring classes are not in the set yet: a student scheduled only for them and
    the spring teacher (false until then) are published; the students who left (one with his spring
    row still in the export beside his ended fall row, review80 R2), the withdrawn with no row at
    all (tester70 F4) and the administrator with no account and no class (review80 R1) are not."""
    d = district(seed, no_login=False, fall_over=False, withdrawn_share=0.03)
    result, users = run(d, tmp_path, dt.date(2026, 12, 7), engine=engine)
    assert users == d.published
    assert {"W000", "PW000", "WOLD", "PWOLD", "WSPR", "PWSPR", "AD"} <= d.left_out
    assert "F449" not in result.report.counts


@pytest.mark.parametrize(("seed", "as_of"), [(8, dt.date(2026, 12, 7)), (9, dt.date(2027, 2, 8))])
def test_an_export_with_no_login_for_every_student_leaves_out_only_who_left(
    tmp_path: Path, seed: int, as_of: dt.date
) -> None:
    """Every student is enabledUser false, the enrolled too: the column says no login. The
    unscheduled students and their parents are published, said once (F449); the student whose
    only row is in a class of an ended term, and the graduate, are still left out."""
    d = district(seed, no_login=True, fall_over=as_of.month < 8)
    result, users = run(d, tmp_path, as_of)
    assert users == d.published
    assert result.report.counts["F449"] == 1
    (said,) = result.report.examples["F449"]
    assert said.where.file == "users.csv" and said.where.column == "enabledUser"
    assert said.params["schools"] == "school 'SCH1'" and said.params["share"] == "100%"


def test_unless_roles_is_read_only_beside_unless_enrolled(tmp_path: Path) -> None:
    """unless_roles keeps roles a failing row would lose only where an enrolment could keep the
    others: alone it would do nothing, said at its line (P103)."""
    from transform.profile.check import check
    from transform.profile.load import load

    path = tmp_path / "district.yaml"
    path.write_text(
        "extends: oneroster\nname: district\ntables:\n  users:\n    staff:\n      where:\n"
        '        current: {field: "{status}", op: in, value: [active], allow_empty: true,\n'
        "                  unless_roles: [administrator]}\n",
        encoding="utf-8",
    )
    problems = check(load(str(path)))
    assert [p.code.id for p in problems] == ["P103"]
    assert "beside unless_enrolled" in str(problems[0])


def test_unless_roles_names_the_role_the_rule_gives_not_the_exports_word(tmp_path: Path) -> None:
    """unless_roles is compared with the OneRoster role the rule maps a record to: an export's own
    word ('principal') or another spelling ('Administrator') would never match, so the line would
    keep nobody while the profile reads as if it did (reviewer80 R4). Said at its item (P103)."""
    from transform.profile.check import check
    from transform.profile.load import load

    path = tmp_path / "district.yaml"
    path.write_text(
        "extends: oneroster\nname: district\ntables:\n  users:\n    staff:\n      where:\n"
        '        current: {field: "{status}", op: in, value: [active], allow_empty: true,\n'
        "                  unless_enrolled: true, unless_roles: [principal, administrator, Administrator]}\n",
        encoding="utf-8",
    )
    said = [str(problem) for problem in check(load(str(path)))]
    assert len(said) == 2 and all("P103" in line for line in said)
    assert "unless_roles.0: 'principal' is not one of" in said[0]
    assert "unless_roles.2: 'Administrator' is not one of" in said[1]
