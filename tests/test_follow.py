"""Issue 17 (items 4, 8, 11): what follows a left-out row, which orgs are published, what
`transform validate` rejects. Hostile copies of the PowerSchool sample district, in tmp_path."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_cli import transform
from transform import api
from transform.oneroster.spec import ALL_FILES, REMIND

REMIND_FILES = REMIND.files

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def hostile_copy(tmp_path: Path, **appended: str) -> Path:
    """The sample district's exports with rows added at the end of some files (CRLF, tabs)."""
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    for name, rows in appended.items():
        path = folder / f"{name}.txt"
        text = path.read_bytes().decode("cp1252")
        path.write_bytes((text + rows.replace("|", "\t").replace("\n", "\r\n")).encode("cp1252"))
    return folder


def run(in_dir: Path, out: Path, *, profile: str = "powerschool", **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=in_dir, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def messages(result: api.RunResult, code: str) -> list[str]:
    return [problem.message for problem in result.report.examples.get(code, [])]


# --- item 4: a class listed twice ---------------------------------------------------------

# Section 1001 (school 100, teacher T1001) again at school 200 with teacher 201 (T2001), and a
# school-200 student (914, 5015) enrolled in that second section.
SECTION_TWICE = {"sections": "1001|200|MATH7|3|3600|1(B)|201|7\n", "cc": "914|1001|3600|200|08/17/2026|05/29/2027\n"}


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "worker"])
def test_a_section_listed_twice_takes_its_teacher_and_students_along(tmp_path: Path, jobs: int) -> None:
    out = tmp_path / "out"
    result = run(hostile_copy(tmp_path, **SECTION_TWICE), out, jobs=jobs)
    assert result.exit_status == 0, result.problems
    [kept] = [c for c in rows(out / "classes.csv") if c["sourcedId"] == "1001"]
    assert kept["schoolSourcedId"] == "100"
    in_1001 = [e for e in rows(out / "enrollments.csv") if e["classSourcedId"] == "1001"]
    assert in_1001 and {e["schoolSourcedId"] for e in in_1001} == {"100"}
    assert not [e for e in in_1001 if e["userSourcedId"] in ("T2001", "5015")]
    assert [e["userSourcedId"] for e in in_1001 if e["role"] == "teacher"] == ["T1001"]
    assert messages(result, "V532") == [
        "enrollments: '1001-TT2001' comes from the same row as a record of classes.csv that was left out; "
        "left out with it"
    ]
    assert messages(result, "V533") == [
        "enrollments: '1001-5015' is at school '200', whose row of class '1001' was left out (the class kept "
        "is at '100'); left out with it"
    ]
    assert result.report.examples["V532"][0].where.line == 17  # sections.txt, the row left out
    assert transform("validate", out).returncode == 0


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "worker"])
def test_two_sections_under_one_id_at_one_school_publish_neither(tmp_path: Path, jobs: int) -> None:
    """Section 1001 again at school 100 as Art with teacher 201: the class published, its title
    and its teacher were those of whichever row the export listed first, with both sections'
    students (tester24 F3). The tool cannot tell which is right: neither is kept (V576), in any
    row order, and the enrolments in it follow it (V503)."""
    art = "1001|100|ART|5|3600|5(A)|201|5\n"
    sets = []
    for name, first in (("listed-last", False), ("listed-first", True)):
        folder = hostile_copy(tmp_path / name, sections=art)
        if first:
            path = folder / "sections.txt"
            header, *lines = path.read_bytes().split(b"\r\n" if b"\r\n" in path.read_bytes() else b"\n")
            lines = [line for line in lines if line]
            path.write_bytes(b"\r\n".join([header, lines[-1], *lines[:-1], b""]))
        out = tmp_path / name / "out"
        result = run(folder, out, jobs=jobs)
        assert result.exit_status == 0, result.problems
        assert not [c for c in rows(out / "classes.csv") if c["sourcedId"] == "1001"]
        assert not [e for e in rows(out / "enrollments.csv") if e["classSourcedId"] == "1001"]
        [said] = result.report.examples["V576"]
        assert (said.params["table"], said.params["id"]) == ("classes", "1001")
        sets.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert sets[0] == sets[1]


def test_two_sections_of_one_course_under_one_id_publish_neither(tmp_path: Path) -> None:
    """Section 1001 (Math 5, section 1) again at school 100 as Math 5 section 2 with teacher 201:
    two sections, not one meeting twice; merged, section 2's students were in section 1's class
    under its teacher (tester27 1)."""
    out = tmp_path / "out"
    result = run(hostile_copy(tmp_path, sections="1001|100|MATH5|2|3600|2(A)|201|5\n"), out)
    assert result.exit_status == 0, result.problems
    assert not [c for c in rows(out / "classes.csv") if c["sourcedId"] == "1001"]
    assert [p.params["id"] for p in result.report.examples["V576"]] == ["1001"]


def test_a_section_listed_again_for_another_period_is_one_class(tmp_path: Path) -> None:
    """Section 1001 (Math 5) again at school 100 meeting in period 2 as well: one section, not
    two sections under one ID (tester26 1.3); the record lowest in text order is kept, in any
    row order (V508, tester28 R3)."""
    out = tmp_path / "out"
    result = run(hostile_copy(tmp_path, sections="1001|100|MATH5|1|3600|2(A)|101|5\n"), out)
    assert result.exit_status == 0, result.problems
    assert [c["sourcedId"] for c in rows(out / "classes.csv") if c["sourcedId"] == "1001"] == ["1001"]
    assert [e for e in rows(out / "enrollments.csv") if e["classSourcedId"] == "1001"]
    assert "V576" not in result.report.counts and "V501" not in result.report.counts
    assert [p.params["id"] for p in result.report.examples["V508"]] == ["1001"]


def test_a_section_row_of_a_past_term_takes_its_teacher_along(tmp_path: Path) -> None:
    """The same section ID in two terms: the row of the term not current is filtered (F405); its
    teacher is not enrolled in the class kept from the other row."""
    out = tmp_path / "out"
    result = run(hostile_copy(tmp_path, sections="1001|100|MATH5|1|3602|1(A)|201|5\n"), out)
    assert result.exit_status == 0, result.problems
    teachers = [
        e["userSourcedId"]
        for e in rows(out / "enrollments.csv")
        if e["classSourcedId"] == "1001" and e["role"] == "teacher"
    ]
    assert teachers == ["T1001"]
    assert result.report.counts["V532"] == 1


# --- item 8: schools nobody rosters -------------------------------------------------------

PSEUDO_SCHOOLS = {
    "schools": "0|District Office||\n999999|Graduated Students||\n300|Closed Annex||\n",
    "teachers": (
        "301|5101|T9001|0|Dora||District|ddistrict@district.example.org|1|1\n"
        "302|5102|T9002|0|Paul||Both|pboth@district.example.org|1|1\n"
        "303|5102|T9002|100|Paul||Both|pboth@district.example.org|1|1\n"
    ),
    "students": (
        "990|9901|999999|Grad||Uate|99|3|1/1/2008" + "|" * 11 + "\n"
        "991|9902|999999|Still||Listed|12|0|1/1/2008" + "|" * 11 + "\n"
    ),
}


def test_orgs_hold_only_the_schools_published_records_point_to(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(hostile_copy(tmp_path, **PSEUDO_SCHOOLS), out)
    assert result.exit_status == 0, result.problems
    assert [o["sourcedId"] for o in rows(out / "orgs.csv")] == ["100", "200"]
    users = {u["sourcedId"]: u for u in rows(out / "users.csv")}
    assert "T9001" not in users and "9902" not in users and "9901" not in users
    assert users["T9002"]["orgSourcedIds"] == "100"
    assert messages(result, "F414") == [
        "school '300' (Closed Annex): no published user or class is at it; not written to orgs.csv"
    ]
    assert "orgs: school not rostered ('District Office' is in settings.exclude_schools; found '0')" in messages(
        result, "F404"
    )
    assert transform("validate", out).returncode == 0


def test_without_the_profile_exclusion_only_used_schools_are_published(tmp_path: Path) -> None:
    """The engine's rule alone: District Office stays while staff point to it; the graduated
    students' school, whose students are all inactive, is left out."""
    profile = tmp_path / "district.yaml"
    profile.write_text("name: district\nextends: powerschool\nsettings:\n  exclude_schools: null\n", encoding="utf-8")
    exports = hostile_copy(tmp_path, **{**PSEUDO_SCHOOLS, "students": PSEUDO_SCHOOLS["students"].split("\n")[0] + "\n"})
    out = tmp_path / "out"
    result = run(exports, out, profile=str(profile))
    assert result.exit_status == 0, result.problems
    assert [o["sourcedId"] for o in rows(out / "orgs.csv")] == ["0", "100", "200"]  # sorted by ID
    assert sorted(p.params["id"] for p in result.report.examples["F414"]) == ["300", "999999"]


# --- item 11: a district_id that is a school's ID; what validate rejects -----------------------


def test_a_district_id_equal_to_a_school_id_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text('name: district\nextends: powerschool\nsettings:\n  district_id: "100"\n', encoding="utf-8")
    out = tmp_path / "out"
    refused = transform("--profile", profile, DISTRICT, out, "--as-of", "2026-10-15")
    assert refused.returncode == 2 and not out.exists()
    assert (
        f"{profile}:4:16: P109 profile-district-collides: settings.district_id '100' is also the ID of school "
        "'Lincoln Elementary School' (schools.txt line 2)"
    ) in refused.stderr + refused.stdout
    assert transform("check-profile", profile).returncode == 0  # without exports it cannot know
    checked = transform("check-profile", profile, "--exports", DISTRICT)
    assert checked.returncode == 2 and "P109" in checked.stdout + checked.stderr
    fine = tmp_path / "fine.yaml"
    fine.write_text('name: fine\nextends: powerschool\nsettings:\n  district_id: "D1"\n', encoding="utf-8")
    assert transform("check-profile", fine, "--exports", DISTRICT).returncode == 0


def write_set(folder: Path, **tables: str) -> Path:
    """A small Remind set: a district, one school, a teacher and a student in one class."""
    files = {
        "manifest": "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n"
        + "".join(f"file.{name},{'bulk' if name in REMIND_FILES else 'absent'}\n" for name in ALL_FILES),
        "orgs": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId\n"
        "D1,,,District,district,,\nS1,,,School,school,S1,D1\n",
        "users": "sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,"
        "familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password,"
        "metadata.preferredLanguage\n"
        "T1,,,true,S1,teacher,t1,,Tia,One,,T1,t1@example.org,,,,,,\n"
        "U1,,,true,S1,student,u1,,Uma,One,,U1,,,,,05,,\n",
        "demographics": "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,"
        "blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,"
        "demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,"
        "stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus\n",
        "classes": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
        "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods\n"
        "C1,,,Math 5,05,,,scheduled,,S1,,,,\n",
        "enrollments": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,"
        "beginDate,endDate\n"
        "E1,,,C1,S1,T1,teacher,true,,\nE2,,,C1,S1,U1,student,false,,\n",
    }
    folder.mkdir()
    for name, text in {**files, **tables}.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def test_the_small_set_is_valid(tmp_path: Path) -> None:
    result = api.validate_set(write_set(tmp_path / "set"))
    assert result.exit_status == 0, result.report.flatten("code", "file", "line")


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("T1,,,true,S1,", "T1,,,true,D1,", "V534"),  # a teacher at the district only
        ("T1,,,true,S1,", 'T1,,,true,"S1,D1",', "V535"),  # at the district and a school
        (",scheduled,,S1,", ",scheduled,,D1,", "V534"),  # a class at the district
        ("E2,,,C1,S1,", "E2,,,C1,D1,", "V534"),  # an enrolment at the district
        ("Math 5,05,", "Math 5,13,", "V507"),  # a class grade Remind does not know
    ],
)
def test_validate_rejects_what_remind_rejects(tmp_path: Path, old: str, new: str, code: str) -> None:
    folder = write_set(tmp_path / "set")
    table = next(p for p in folder.glob("*.csv") if old in p.read_text(encoding="utf-8"))
    table.write_text(table.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = api.validate_set(folder)
    assert result.exit_status == 1 and code in result.report.counts, result.report.flatten("code", "file", "line")


def test_validate_rejects_a_strict_set_whose_enrolments_lost_their_classes(tmp_path: Path) -> None:
    strict = tmp_path / "strict"
    shutil.copytree(
        FIXTURES / "powerschool" / "district-oneroster" / "expected", strict, ignore=shutil.ignore_patterns("*.txt")
    )
    classes = strict / "classes.csv"
    classes.write_text(classes.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = api.validate_set(strict, target="oneroster")
    # Classes the set does not list: references to no record (V502), not classes left out (V503).
    assert result.exit_status == 1 and result.report.counts["V502"] > 0 and not result.report.counts["V503"]


def test_a_strict_run_that_loses_every_class_publishes_nothing(tmp_path: Path) -> None:
    """A class type strict 1.1 does not allow fails every class, and their enrolments go with
    them: the run used to publish users alone (classes and enrolments absent), exit 0. (A fixed
    value no target takes is the profile's fault, refused before reading, P103: here the export
    gives it, in the column the profile names.)"""
    profile = tmp_path / "lecture.yaml"
    profile.write_text(
        "name: lecture\nextends: powerschool\ntables:\n  classes:\n    sections:\n      columns:\n"
        "        classType: {column: Expression, map: null}\n",  # null: not the bundled map (a merge)
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run(DISTRICT, out, profile=str(profile), target="oneroster")
    assert result.exit_status == 1 and not out.exists()
    [refused] = result.problems
    assert refused.code.id == "X903" and refused.params["table"] == "classes"
    fixed = tmp_path / "fixed.yaml"
    fixed.write_text(
        profile.read_text(encoding="utf-8").replace("{column: Expression, map: null}", "lecture"), encoding="utf-8"
    )
    result = run(DISTRICT, out, profile=str(fixed), target="oneroster")
    assert result.exit_status == 2 and not out.exists()
    assert [p.code.id for p in result.problems] == ["P103"]


def test_a_run_prunes_class_grades_remind_does_not_know(tmp_path: Path) -> None:
    """Grades as exported (5, 7, -1: not Remind's 05, 07, PK) are removed, the classes kept."""
    profile = tmp_path / "raw.yaml"
    profile.write_text(
        "name: raw\nextends: powerschool\ntables:\n  classes:\n    sections:\n      columns:\n"
        "        grades: {column: Grade_Level, map: null, clean: [id_list]}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run(DISTRICT, out, profile=str(profile))
    assert result.exit_status == 0, result.problems
    classes = rows(out / "classes.csv")
    assert len(classes) == 10 and {c["grades"] for c in classes} == {""}
    assert result.report.counts["V536"] == 10
    assert "classes.grades: '5' is not one of PK, KG, 01," in messages(result, "V536")[0]
    assert transform("validate", out).returncode == 0
