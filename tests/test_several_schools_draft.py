"""init-profile on a SIS with no bundled profile whose exports carry school numbers only
(newcomer49 1): several schools, no schools file.

The draft read the schools from the students' school column and left their name a commented
line, "which column holds it?": check-profile refused it (I261) and no export has such a
column, a dead end on the admin's first hour. Now the draft names each school from a small map
in the profile (maps.school_names: each number the students name, the number itself until the
admin writes the name), check-profile says once that the names are the numbers (P121, a
warning: "ok" still), and the run publishes; written, the names are published."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

import pytest
import yaml

from transform import api

AS_OF = dt.date(2026, 10, 15)
FILES = {
    "Students.csv": [
        ["StudentID", "FirstName", "LastName", "Grade", "BirthDate", "School"],
        ["S1000", "Ava", "Nguyen", "7", "03/14/2013", "042"],
        ["S1001", "Liam", "Garcia", "8", "07/02/2012", "042"],
        ["S1002", "Mia", "Khan", "6", "11/30/2014", "043"],
        ["S1003", "Noah", "Ito", "6", "01/05/2015", "043"],
    ],
    "Teachers.csv": [
        ["TeacherID", "FirstName", "LastName", "Email", "School"],
        ["T1", "Ann", "Lee", "alee@maple.example.org", "042"],
        ["T2", "Bob", "Ray", "bray@maple.example.org", "043"],
    ],
    "Classes.csv": [
        ["ClassID", "Title", "TeacherID", "School", "Term", "TermStart", "TermEnd"],
        ["C1", "Math 7", "T1", "042", "S1", "08/20/2026", "01/15/2027"],
        ["C2", "English 6", "T2", "043", "S1", "08/20/2026", "01/15/2027"],
    ],
    "Enrollments.csv": [["StudentID", "ClassID"], ["S1000", "C1"], ["S1001", "C1"], ["S1002", "C2"], ["S1003", "C2"]],
}


def _exports(folder: Path) -> Path:
    exports = folder / "in"
    exports.mkdir(parents=True)
    for name, rows in FILES.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return exports


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _run(profile: Path, exports: Path, out: Path) -> api.RunResult:
    return api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF))


def test_schools_named_by_number_only_are_a_draft_that_runs_and_names_them_once_written(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    result = api.init_profile(exports)
    assert result.extends is None
    assert result.verdict.endswith(
        "No file lists the schools: each of the 2 the students name is named by its number until you write its "
        "name under maps.school_names."
    )
    profile = tmp_path / "district.yaml"
    profile.write_text(result.profile_text, encoding="utf-8")
    data = yaml.safe_load(result.profile_text)
    schools = data["tables"]["orgs"]["schools"]
    assert (schools["from"], schools["columns"]["sourcedId"]) == ("students", {"column": "School", "clean": ["id"]})
    assert schools["columns"]["name"] == {"column": "School", "map": "school_names", "clean": ["text"]}
    assert data["maps"]["school_names"]["values"] == {"042": "042", "043": "043"}

    problems = api.check_profile(str(profile), exports=exports, hints=True)[1]
    assert [p.code.id for p in problems] == ["P121"]  # not I261: a warning, and "ok"
    (said,) = problems
    assert said.code.severity is api.Severity.WARNING
    assert str(said).startswith(f"{profile}:")
    assert "'042', '043'" in str(said) and "maps.school_names" in str(said)

    out = tmp_path / "out"
    first = _run(profile, exports, out)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    assert [(o["sourcedId"], o["name"]) for o in _rows(out / "orgs.csv")] == [("042", "042"), ("043", "043")]
    assert {(u["sourcedId"], u["orgSourcedIds"]) for u in _rows(out / "users.csv")} == {
        ("S1000", "042"),
        ("S1001", "042"),
        ("S1002", "043"),
        ("S1003", "043"),
        ("T1", "042"),
        ("T2", "043"),
    }

    # The admin writes the names, as the draft's comments say: said no more, published.
    text = profile.read_text(encoding="utf-8")
    for code, name in (("042", "Maple Middle School"), ("043", "Cedar Elementary")):
        line = next(x for x in text.splitlines() if x.startswith(f'      "{code}": "{code}"'))
        text = text.replace(line, f'      "{code}": "{name}"')
    profile.write_text(text, encoding="utf-8")
    assert api.check_profile(str(profile), exports=exports, hints=True)[1] == []
    second = _run(profile, exports, out)
    assert second.exit_status == 0, [str(p) for p in second.problems]
    assert [(o["sourcedId"], o["name"]) for o in _rows(out / "orgs.csv")] == [
        ("042", "Maple Middle School"),
        ("043", "Cedar Elementary"),
    ]


def test_a_school_name_column_read_from_the_school_number_is_said_too(tmp_path: Path) -> None:
    """The admin who answered I261 with the number column itself: the same names, said the same."""
    exports = _exports(tmp_path)
    text = api.init_profile(exports).profile_text
    text = text.replace('name: {column: "School", map: school_names, clean: [text]}', 'name: {column: "School"}')
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    (said,) = api.check_profile(str(profile), hints=True)[1]
    assert said.code.id == "P121" and said.params["rule"] == "orgs.schools"


def _parentsquare_like(folder: Path, seed: int) -> tuple[Path, dict[str, str], set[tuple[str, str]]]:
    """A ParentSquare-layout set (students, staff, sections, rosters, parents; no schools file)
    whose every student row says school 1 while staff.csv puts a few people at school 2 (tester70
    F3): the exports, the school each staff member belongs to, and the sections' (class, teacher)
    pairs of staff staff.csv lists. One section names a teacher staff.csv lacks."""
    rnd = random.Random(seed)
    staff = {f"16000{50 + n}": "2" if n in rnd.sample(range(12), 3) else "1" for n in range(12)}
    students = [f"{200 + n}" for n in range(20)]
    sections = [(f"150_{n}", rnd.choice(sorted(staff))) for n in range(6)]
    files = {
        "students.csv": [["school_id", "student_id", "FirstName", "LastName", "grade_level", "StudentEmail"]]
        + [["1", s, f"Kid{s}", "Lane", "9", f"student{s}@ps.example.com"] for s in students],
        "staff.csv": [["school_id", "staff_id", "Title", "first_name", "last_name", "email"]]
        + [[school, s, "", f"Teach{s}", "Ames", f"staff{s}@ps.example.com"] for s, school in staff.items()],
        "sections.csv": [["school_id", "section_id", "staff_id", "course_name"]]
        + [["1", section, teacher, f"Course {section}"] for section, teacher in sections]
        + [["1", "150_9", "1600099", "Course 150_9"]],
        "rosters.csv": [["school_id", "section_id", "student_id"]]
        + [["1", section, s] for s in students for section, _ in rnd.sample([*sections, ("150_9", "")], 2)],
        "parents.csv": [["school_id", "student_id", "FirstName", "LastName", "email", "mobile"]]
        + [["1", s, f"Parent{s}", "Lane", f"parent{s}@mail.example.com", ""] for s in students],
    }
    exports = folder / "in"
    exports.mkdir(parents=True)
    for name, rows in files.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    rostered = {row[1] for row in files["rosters.csv"][1:]}
    return exports, staff, {pair for pair in sections if pair[0] in rostered}  # a class with no student is none


@pytest.mark.parametrize("seed", [1, 2])
def test_a_second_school_only_the_staff_export_names_makes_the_several_schools_draft(tmp_path: Path, seed: int) -> None:
    """Before, the draft judged 'a single-school SIS' on students.csv's one school_id, though it
    printed staff.csv's school_id '1, 2': every staff member was published at school 1, exit 0.
    Now every export's school column is judged: the draft reads the schools from staff.csv's,
    which names both, and each staff member is published at their own school. The sections'
    staff_id is drafted as the classes' teachers though one names a teacher staff.csv lacks."""
    exports, staff, pairs = _parentsquare_like(tmp_path, seed)
    result = api.init_profile(exports)
    assert "each of the 2 staff.csv names is named by its number" in result.verdict
    data = yaml.safe_load(result.profile_text)
    assert "school_id" not in data["settings"]
    assert data["tables"]["orgs"]["schools"]["from"] == "staff"
    assert data["tables"]["users"]["staff"]["columns"]["orgSourcedIds"] == {"column": "school_id", "clean": ["id"]}
    assert data["tables"]["enrollments"]["teachers"]["columns"]["userSourcedId"] == {
        "column": "staff_id",
        "clean": ["id"],
    }
    text = result.profile_text.replace('"1": "1"', '"1": "North High"').replace('"2": "2"', '"2": "South Middle"')
    data = yaml.safe_load(text)
    del data["tables"]["demographics"]  # no birth dates in this export
    profile = tmp_path / "district.yaml"
    profile.write_text(yaml.safe_dump(data), encoding="utf-8")
    run = api.run(
        api.RunOptions(
            profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF, allow_incomplete=True
        )
    )
    assert run.exit_status == 0, [str(p) for p in run.problems]
    users = {u["sourcedId"]: u for u in _rows(tmp_path / "out" / "users.csv")}
    taught = {teacher for _, teacher in pairs}
    # each at their own school, and at school 1 too where they teach one of its sections (V593)
    assert {k: u["orgSourcedIds"] for k, u in users.items() if u["role"] == "teacher"} == {
        k: ",".join(sorted({school} | ({"1"} if k in taught else set()))) for k, school in staff.items()
    }
    enrolled = {(e["classSourcedId"], e["userSourcedId"]) for e in _rows(tmp_path / "out" / "enrollments.csv")}
    assert {pair for pair in enrolled if pair[1] in staff} == pairs


SINGLE_SCHOOL = """\
name: parentsquare-one-school
settings: {source_system: ParentSquare, school_id: "1", school_name: North High}
sources:
  students: {files: [students.csv], columns: [school_id, student_id, FirstName, LastName, grade_level, StudentEmail]}
  staff: {files: [staff.csv], columns: [school_id, staff_id, Title, first_name, last_name, email]}
  sections: {files: [sections.csv], columns: [school_id, section_id, staff_id, course_name]}
  rosters: {files: [rosters.csv], columns: [school_id, section_id, student_id]}
tables:
  orgs:
    school: {once: true, columns: {sourcedId: {setting: school_id}, name: {setting: school_name}, type: school}}
  users:
    students:
      from: students
      columns: {sourcedId: {column: student_id}, orgSourcedIds: {setting: school_id}, role: student,
                givenName: {column: FirstName}, familyName: {column: LastName}, email: {column: StudentEmail}}
    staff:
      from: staff
      WHERE
      columns: {sourcedId: {column: staff_id}, orgSourcedIds: {setting: school_id}, role: teacher,
                givenName: {column: first_name}, familyName: {column: last_name}, email: {column: email}}
  classes:
    sections:
      from: sections
      columns: {sourcedId: {column: section_id}, title: {column: course_name}, schoolSourcedId: {setting: school_id}}
  enrollments:
    rows:
      from: rosters
      columns: {sourcedId: "{section_id}-{student_id}", classSourcedId: {column: section_id},
                userSourcedId: {column: student_id}, schoolSourcedId: {setting: school_id}, role: student}
    teachers:
      from: sections
      columns: {sourcedId: "{section_id}-{staff_id}", classSourcedId: {column: section_id},
                userSourcedId: {column: staff_id}, schoolSourcedId: {setting: school_id}, role: teacher}
"""


def test_a_single_school_profile_whose_staff_export_names_another_school_is_said(tmp_path: Path) -> None:
    """The single-school profile the old draft wrote, on the same exports: staff.csv's school_id,
    which no rule read, puts people at school 2 while every staff record is written at school 1.
    Before, published at exit 0 with nothing said. Now check-profile --exports says it (P127, at
    staff.csv's header, with the values and their rows), and the first set exits 1 ('Published,
    but'); later nights say it at exit 0. A profile rostering school 1 of the district export by a
    where condition on the column is told nothing."""
    exports, staff, _ = _parentsquare_like(tmp_path, 1)
    second = sum(1 for school in staff.values() if school == "2")
    profile = tmp_path / "one-school.yaml"
    profile.write_text(SINGLE_SCHOOL.replace("      WHERE\n", ""), encoding="utf-8")
    problems = api.check_profile(str(profile), exports=exports)[1]
    assert [(p.code.id, p.where.file, p.where.column) for p in problems] == [("P127", "staff.csv", "school_id")]
    assert problems[0].params["values"] == "'2'" and problems[0].params["rows"] == str(second)
    assert problems[0].params["fields"] == "users.staff.orgSourcedIds"
    first = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert first.exit_status == 1 and (tmp_path / "out" / "users.csv").exists()  # published, but
    users = {u["sourcedId"]: u["orgSourcedIds"] for u in _rows(tmp_path / "out" / "users.csv")}
    assert all(users[k] == "1" for k in staff if k in users)  # as the profile says: the person looks
    assert first.report.counts["P127"] == 1
    again = api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=tmp_path / "out", as_of=AS_OF))
    assert again.exit_status == 0 and again.report.counts["P127"] == 1

    kept = tmp_path / "school-1.yaml"
    where = '      where: {north: {field: "{school_id}", op: equals, value: "1", reason: school-not-rostered}}\n'
    kept.write_text(SINGLE_SCHOOL.replace("      WHERE\n", where), encoding="utf-8")
    assert api.check_profile(str(kept), exports=exports)[1] == []
