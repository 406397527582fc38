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
from pathlib import Path

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
