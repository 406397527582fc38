"""init-profile's skeleton on an SIS nobody bundled (issue 22.2): files are matched to tables by
their columns and values, not their order, and check-profile names every required field a rule
leaves unfilled (I261), so that "ok" means the run can work."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml

from tests import cli_runner
from transform import api
from transform.report import summary

# Semicolon-delimited, file names that say nothing a SIS vocabulary knows; staff.csv and
# carers.csv come first in name order and hold names and IDs too.
MADE_UP_SIS = {
    "carers.csv": "KidNo;CarerName;Rel;Phone;Email\n00123;Jo Ames;MUM;07700 900123;jo@x.com\n"
    "00124;Jo Ames;MUM;07700 900123;jo@x.com\n00200;Kit Berg;XX;07700 900200;kit@x.com\n",
    "groups.csv": "GroupId;Campus;Title;StaffNo;Term;From;To\nG1;EAST;Maths 3;S1;T1;2026-08-20;2026-12-20\n"
    "G2;WEST;Science 7;S2;T1;2026-08-20;2026-12-20\n",
    "kids.csv": "KidNo;Campus;Surname;Forename;Year;DOB\n00123;EAST;Ames;Ivy;3;2018-03-14\n"
    "00124;EAST;Ames;Leo;5;2016-01-02\n00200;WEST;Berg;Max;7;2014-06-30\n",
    "members.csv": "GroupId;KidNo\nG1;00123\nG1;00124\nG2;00200\n",
    "sites.csv": "Code;SiteName\nEAST;East School\nWEST;West School\n",
    "staff.csv": "StaffNo;Campus;Surname;Forename;Mail\nS1;EAST;Cole;Ann;ann@d.org\nS2;WEST;Dale;Ben;ben@d.org\n",
}


# The groups without their campus: no file says a class's school (nor its enrolments').
GROUPS_NO_CAMPUS = (
    "GroupId;Title;StaffNo;Term;From;To\nG1;Maths 3;S1;T1;2026-08-20;2026-12-20\n"
    "G2;Science 7;S2;T1;2026-08-20;2026-12-20\n"
)


def made_up_exports(folder: Path, **files: str) -> Path:
    exports = folder / "exp"
    exports.mkdir()
    for name, text in {**MADE_UP_SIS, **{f"{k}.csv": v for k, v in files.items()}}.items():
        (exports / name).write_text(text, encoding="utf-8")
    return exports


def skeleton(folder: Path, **files: str) -> tuple[Path, Path, dict[str, dict[str, dict[str, object]]]]:
    exports = made_up_exports(folder, **files)
    result = api.init_profile(exports)
    assert result.extends is None  # no bundled profile fits
    path = folder / "my.yaml"
    path.write_text(result.profile_text, encoding="utf-8")
    return exports, path, yaml.safe_load(result.profile_text)["tables"]


def test_files_are_matched_to_tables_by_their_columns(tmp_path: Path) -> None:
    _, _, tables = skeleton(tmp_path)
    sources = {table: next(iter(rules.values()))["from"] for table, rules in tables.items()}
    assert sources == {
        "orgs": "sites",  # the codes the students' school column holds
        "users": "kids",  # person names and a year group, not staff (no grade)
        "demographics": "kids",
        "classes": "groups",  # a title and a group ID, no person names
        "enrollments": "members",  # the groups' and the kids' IDs, not carers (no class)
    }
    students = tables["users"]["students"]["columns"]
    assert students["givenName"] == {"column": "Forename", "clean": ["name"]}
    assert students["orgSourcedIds"] == {"column": "Campus", "clean": ["id"]}  # its values are the sites' codes
    assert tables["classes"]["sections"]["columns"]["schoolSourcedId"] == {"column": "Campus", "clean": ["id"]}
    enrolments = tables["enrollments"]["rows"]["columns"]
    assert enrolments["classSourcedId"] == {"column": "GroupId", "clean": ["id"]}
    assert enrolments["userSourcedId"] == {"column": "KidNo", "clean": ["id"]}


def test_check_profile_names_each_unfilled_required_field(tmp_path: Path) -> None:
    exports, path, _ = skeleton(tmp_path, groups=GROUPS_NO_CAMPUS)
    for exports_given in ([], ["--exports", str(exports)]):
        said = cli_runner.run(
            [str(Path(sys.executable).with_name("transform")), "check-profile", str(path), *exports_given],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert said.returncode == 2 and "ok" not in said.stdout
        lines = [x for x in said.stderr.splitlines() if "I261" in x]
        assert all(x.startswith(f"{path}:") for x in lines)  # file:line:column of the rule
        assert [x[x.index("I261") :].split(": no value")[0] for x in lines] == [
            f"I261 required-field-unfilled: tables.{rule}"
            for rule in ("classes.sections", "enrollments.rows", "enrollments.teachers")
        ]


def test_the_run_refuses_an_unfilled_skeleton_before_reading(tmp_path: Path) -> None:
    exports, path, _ = skeleton(tmp_path, groups=GROUPS_NO_CAMPUS)
    result = api.run(
        api.RunOptions(profile=str(path), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15))
    )
    assert result.exit_status == 2 and not (tmp_path / "out").exists()
    assert [(p.code.id, p.params["field"]) for p in result.problems] == [("I261", "schoolSourcedId")] * 3


def test_enrolments_naming_no_school_read_their_class_s(tmp_path: Path) -> None:
    # members.csv names no campus, groups.csv does: the draft joins each enrolment to its group's
    # row (newcomer48; it asked for a column members.csv does not have, and an admin wrote one
    # school for every enrolment). Nothing is left to fill in, and it runs.
    exports, path, tables = skeleton(tmp_path)
    rows = tables["enrollments"]["rows"]
    assert '        class: {source: groups, on: {"GroupId": "GroupId"}}\n' in path.read_text(encoding="utf-8")
    assert rows["columns"]["schoolSourcedId"] == {"column": "class.Campus", "clean": ["id"]}
    assert api.check_profile(str(path), exports=exports)[1] == []
    result = api.run(
        api.RunOptions(profile=str(path), in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15))
    )
    # carers.csv is read by the drafted guardians rule (newcomer49 2; it was read by no rule, I272):
    # its Rel code MUM mapped to a parent, XX a commented line the district places (left out till then).
    assert result.report.published and result.exit_status == 0, [str(p) for p in result.problems]
    assert not summary.to_check(result.report)
    users = (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert ',parent,,,Jo,Ames,,,jo@x.com,,,"00123,00124",' in users and "Kit" not in users
    enrolments = (tmp_path / "out" / "enrollments.csv").read_text(encoding="utf-8")
    assert enrolments.count("\n") == 6  # header, 3 students and the teacher of each of the 2 groups
    assert "G1-S1,,,G1,EAST,S1,teacher," in enrolments and "G2-S2,,,G2,WEST,S2,teacher," in enrolments
    assert "G2-00200,,,G2,WEST,00200,student," in enrolments  # the class's school, not one for all


# Genesis's Schedule Export (tester89 T10): no column names a section's ID; a class is its school year,
# school, course and section together, and the first column, the school year, is on every row.
GENESIS_SHAPED = {
    "Schools.csv": "schoolCode,schoolName\n050,Maplewood High\n060,Hillside Middle\n",
    "Students.csv": "studentID,firstName,lastName,schoolCode,grade\n004101,Ana,Ames,050,09\n004102,Ben,Bly,050,10\n"
    "004103,Cy,Cho,060,06\n",
    "CourseSections.csv": "schoolYear,schoolCode,courseCode,courseSection,maxStudents\n2026-27,050,ENG101,1,30\n"
    "2026-27,050,ENG101,2,30\n2026-27,050,ALG201,1,28\n2026-27,060,ENG101,1,30\n2025-26,050,ENG101,1,30\n",
    "StudentScheduleCourses.csv": "schoolYear,schoolCode,studentID,courseCode,courseSection,dateStart,dateEnd\n"
    "2026-27,050,004101,ENG101,1,09/08/2026,06/18/2027\n2026-27,050,004102,ENG101,2,09/08/2026,06/18/2027\n"
    "2026-27,050,004101,ALG201,1,09/08/2026,06/18/2027\n2026-27,060,004103,ENG101,1,09/08/2026,06/18/2027\n",
}


def test_a_class_named_by_several_columns_is_drafted_as_their_template(tmp_path: Path) -> None:
    """tester89 T10: the draft took `schoolYear` (two values, one a class of every row) for the classes'
    sourcedId and `{schoolYear}-{studentID}` for the enrolments'. No header names the class ID and the column
    taken repeats: the columns both files name a class by, unique together on every row, make its template."""
    exports = tmp_path / "exp"
    exports.mkdir()
    for name, text in GENESIS_SHAPED.items():
        (exports / name).write_text(text, encoding="utf-8")
    tables = yaml.safe_load(api.init_profile(exports).profile_text)["tables"]
    template = "{schoolYear}-{schoolCode}-{courseCode}-{courseSection}"
    (classes,) = tables["classes"].values()
    assert classes["columns"]["sourcedId"] == template
    (enrolments,) = tables["enrollments"].values()
    assert enrolments["columns"]["classSourcedId"] == template
    assert enrolments["columns"]["sourcedId"] == template + "-{studentID}"
