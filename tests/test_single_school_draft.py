"""init-profile on a single-school SIS with no bundled profile (newcomer48, stop 47's left-open
item): no file lists the schools.

The draft read the orgs from the enrolments file, its student ID column as the school's ID
(the students' own IDs were taken for the codes of a school list), and asked for a school
column in every rule, "which column holds it?", that no file has. check-profile then sent the
admin to name columns that do not exist, and a setting read but never written passed it: the
run published nothing, its next step "Fill the value in the SIS".

Now the draft is the tutorial's single-school SIS: the school's ID and name are settings, a
`once` orgs rule makes the school from them, and every rule points to it. The ID is filled in
from the students' school column when it holds one value; what is left to write, P120 names."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import yaml

from transform import api

STUDENTS = [
    ["StudentID", "FirstName", "LastName", "Grade", "BirthDate"],
    ["S1000", "Ava", "Nguyen", "7", "03/14/2013"],
    ["S1001", "Liam", "Garcia", "8", "07/02/2012"],
    ["S1002", "Mia", "Khan", "6", "11/30/2014"],
]
TEACHERS = [["TeacherID", "FirstName", "LastName", "Email"], ["T1", "Ann", "Lee", "alee@maple.example.org"]]
CLASSES = [
    ["ClassID", "Title", "TeacherID", "Term", "TermStart", "TermEnd"],
    ["C1", "Math 7", "T1", "S1", "08/20/2026", "01/15/2027"],
    ["C2", "English 7", "T1", "S1", "08/20/2026", "01/15/2027"],
]
ENROLMENTS = [["StudentID", "ClassID"], ["S1000", "C1"], ["S1001", "C1"], ["S1002", "C2"]]


def _exports(folder: Path, school: str | None = None) -> Path:
    """Maple Middle's exports, with a school column of one value on the students when `school`."""
    exports = folder / "in"
    exports.mkdir(parents=True)
    students = [row + (["School" if n == 0 else school] if school else []) for n, row in enumerate(STUDENTS)]
    for name, rows in (
        ("Students.csv", students),
        ("Teachers.csv", TEACHERS),
        ("Classes.csv", CLASSES),
        ("Enrollments.csv", ENROLMENTS),
    ):
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return exports


def _draft(folder: Path, exports: Path) -> Path:
    result = api.init_profile(exports)
    assert result.extends is None
    path = folder / "district.yaml"
    path.write_text(result.profile_text, encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_school_no_file_names_is_two_settings_the_draft_asks_for(tmp_path: Path) -> None:
    exports = _exports(tmp_path)
    path = _draft(tmp_path, exports)
    tables = yaml.safe_load(path.read_text(encoding="utf-8"))["tables"]
    assert tables["orgs"] == {
        "school": {
            "once": True,
            "columns": {"sourcedId": {"setting": "school_id"}, "name": {"setting": "school_name"}, "type": "school"},
        }
    }  # not `from: enrollments` with the StudentID as the school's ID
    assert tables["users"]["students"]["columns"]["orgSourcedIds"] == {"setting": "school_id"}
    assert tables["classes"]["sections"]["columns"]["schoolSourcedId"] == {"setting": "school_id"}

    problems = api.check_profile(str(path), exports=exports)[1]
    assert [(p.code.id, p.params["setting"]) for p in problems] == [("P120", "school_id"), ("P120", "school_name")]
    assert str(problems[0]).startswith(f"{path}:")
    assert "write it under settings: `school_id: ...` (the school's ID, as its SIS writes it" in str(problems[0])
    refused = api.run(
        api.RunOptions(profile=str(path), in_dir=exports, out_dir=tmp_path / "no", as_of=dt.date(2026, 10, 15))
    )
    assert refused.exit_status == 2 and not (tmp_path / "no").exists()

    text = path.read_text(encoding="utf-8")
    for setting, value in (("school_id", "MS1"), ("school_name", "Maple Middle School")):
        line = next(x for x in text.splitlines() if x.startswith(f"  # {setting}: ..."))
        text = text.replace(line, f'  {setting}: "{value}"')
    path.write_text(text, encoding="utf-8")
    assert api.check_profile(str(path), exports=exports)[1] == []
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile=str(path), in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))
    assert result.exit_status == 0, [str(p) for p in result.problems]
    assert [(o["sourcedId"], o["name"]) for o in _rows(out / "orgs.csv")] == [("MS1", "Maple Middle School")]
    assert {(u["sourcedId"], u["role"], u["orgSourcedIds"]) for u in _rows(out / "users.csv")} == {
        ("S1000", "student", "MS1"),
        ("S1001", "student", "MS1"),
        ("S1002", "student", "MS1"),
        ("T1", "teacher", "MS1"),
    }
    assert {
        (e["classSourcedId"], e["userSourcedId"], e["schoolSourcedId"]) for e in _rows(out / "enrollments.csv")
    } == {
        ("C1", "S1000", "MS1"),
        ("C1", "S1001", "MS1"),
        ("C2", "S1002", "MS1"),
        ("C1", "T1", "MS1"),
        ("C2", "T1", "MS1"),
    }


def test_the_one_value_of_the_students_school_column_is_the_school_s_id(tmp_path: Path) -> None:
    exports = _exports(tmp_path, school="042")
    path = _draft(tmp_path, exports)
    assert '  school_id: "042"   # the one value of Students.csv\'s School: check it\n' in path.read_text("utf-8")
    problems = api.check_profile(str(path), exports=exports)[1]
    assert [(p.code.id, p.params["setting"], p.params["fields"]) for p in problems] == [
        ("P120", "school_name", "tables.orgs.school.name")
    ]


def test_a_school_column_of_several_values_is_no_single_school(tmp_path: Path) -> None:
    # Two schools and no list of them: not drafted as one school (the admin writes the orgs rule).
    exports = _exports(tmp_path, school="042")
    students = (
        (exports / "Students.csv")
        .read_text(encoding="utf-8")
        .replace("S1002,Mia,Khan,6,11/30/2014,042", "S1002,Mia,Khan,6,11/30/2014,043")
    )
    (exports / "Students.csv").write_text(students, encoding="utf-8")
    text = _draft(tmp_path, exports).read_text(encoding="utf-8")
    assert "school_id" not in text and "once: true" not in text
    orgs = yaml.safe_load(text)["tables"]["orgs"]["schools"]
    assert (orgs["from"], orgs["columns"]["sourcedId"]) == ("students", {"column": "School", "clean": ["id"]})
    assert "# no file lists the schools Students.csv's School names: export it?" in text  # not the classes' IDs
