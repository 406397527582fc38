"""tester13: what a strict OneRoster 1.1 consumer found in `--target oneroster` sets and in
`transform validate --target oneroster` (fix-strict)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_validate_command import edit
from transform import api

DISTRICT = FIXTURES / "oneroster" / "district" / "in"
STRICT_SET = FIXTURES / "oneroster" / "district-oneroster" / "expected"


def rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_id(path: Path) -> dict[str, dict[str, str]]:
    return {row["sourcedId"]: row for row in rows(path)}


def codes_of(result: api.RunResult) -> list[str]:
    return [code for (code,) in result.report.flatten("code")]


def export(
    tmp_path: Path, edits: Sequence[tuple[str, str, str]] = (), adds: dict[str, list[str]] | None = None
) -> Path:
    """The bundled OneRoster district export, with cells edited and rows added."""
    folder = tmp_path / "in"
    shutil.copytree(DISTRICT, folder)
    for name, old, new in edits:
        edit(folder / name, old, new)
    for name, lines in (adds or {}).items():
        with (folder / name).open("a", encoding="utf-8", newline="") as handle:
            handle.write("".join(f"{line}\r\n" for line in lines))
    return folder


def run(
    folder: Path, out: Path, *, target: str = "oneroster", engine: str = "auto", **options: object
) -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile="oneroster",
            in_dir=folder,
            out_dir=out,
            as_of=dt.date(2026, 10, 15),
            target=target,
            engine=engine,
            max_examples=1000,
            **options,  # type: ignore[arg-type]
        )
    )


def strict_set(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    shutil.copytree(STRICT_SET, folder, ignore=shutil.ignore_patterns("*.txt"))
    return folder


# --- 1. courses.schoolYearSourcedId resolves to a schoolYear session of the set ----------------


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_school_year_a_published_course_names_is_kept(tmp_path: Path, engine: str) -> None:
    """f-run-course-schoolyear-realistic: c-read2 names last year's school year, a row of the
    export: the course uses it, so it is written (not V530), and the set validates."""
    folder = export(
        tmp_path,
        [
            ("courses.csv", "c-read2,active,2026-08-01,y-2027", "c-read2,active,2026-08-01,y-2026"),
            ("academicSessions.csv", "y-2026,inactive", "y-2026,active"),
        ],
    )
    result = run(folder, tmp_path / "out", engine=engine)
    assert result.exit_status == 0, codes_of(result)
    assert by_id(tmp_path / "out" / "courses.csv")["c-read2"]["schoolYearSourcedId"] == "y-2026"
    assert by_id(tmp_path / "out" / "academicSessions.csv")["y-2026"]["type"] == "schoolYear"
    assert api.validate_set(tmp_path / "out", target="oneroster").exit_status == 0


def test_a_course_school_year_naming_nothing_or_a_semester_is_blanked_or_repaired(tmp_path: Path) -> None:
    """f-run-course-schoolyear: y-2099 is in no academicSessions row (blanked, V531); s1-2027 is
    a semester (its school year y-2027 is written, V598). No dangling reference is published."""
    folder = export(
        tmp_path,
        [
            ("courses.csv", "c-read2,active,2026-08-01,y-2027", "c-read2,active,2026-08-01,y-2099"),
            ("courses.csv", "c-sci6,active,2026-08-01,y-2027", "c-sci6,active,2026-08-01,s1-2027"),
        ],
    )
    result = run(folder, tmp_path / "out")
    assert result.exit_status == 0, codes_of(result)
    courses = by_id(tmp_path / "out" / "courses.csv")
    assert courses["c-read2"]["schoolYearSourcedId"] == ""
    assert courses["c-sci6"]["schoolYearSourcedId"] == "y-2027"
    assert {"V531", "V598"} <= set(codes_of(result))
    assert api.validate_set(tmp_path / "out", target="oneroster").exit_status == 0


@pytest.mark.parametrize(("value", "code"), [("NOPE", "V565"), ("s1-2027", "V599")])
def test_validate_checks_a_course_school_year(tmp_path: Path, value: str, code: str) -> None:
    """f-validate-course-sy-dangling / -term: naming nothing, or a session not a school year."""
    folder = strict_set(tmp_path)
    edit(folder / "courses.csv", "c-read2,,,y-2027", f"c-read2,,,{value}")
    result = api.validate_set(folder, target="oneroster")
    assert result.exit_status == 1
    assert code in codes_of(result)


# --- 4. a tab-separated export's manifest is read as its files are -----------------------------


def test_a_tab_separated_manifest_saying_delta_is_refused(tmp_path: Path) -> None:
    """f-run-tab-manifest-delta: every file tab-separated, manifest `file.users<TAB>delta`: the
    delta is refused (I266, exit 1) as with commas, not published as a full set."""
    folder = tmp_path / "in"
    folder.mkdir()
    for path in DISTRICT.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            table = list(csv.reader(handle))
        with (folder / path.name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter="\t").writerows(table)
    (folder / "manifest.csv").write_text(
        "propertyName\tvalue\nmanifest.version\t1.0\noneroster.version\t1.1\nfile.users\tdelta\n", encoding="utf-8"
    )
    result = run(folder, tmp_path / "out", target="remind")
    assert result.exit_status == 1
    assert "I266" in codes_of(result)
    assert not (tmp_path / "out").exists()


# --- 3. a course whose org is not in the set keeps the export's record -------------------------

CODING = {
    "courses.csv": ['c-dist,active,2026-08-01,y-2027,Intro to Coding,CODE1,"02,06",d-1,Computer Science,'],
    "classes.csv": [
        "cl-code6,active,2026-08-01,Coding 6 - P2,06,c-dist,CD6-2,scheduled,,sch-20,s1-2027,,,2",
        "cl-code2,active,2026-08-01,Coding 2 - Room 9,02,c-dist,CD2-1,scheduled,,sch-10,y-2027,,,4",
    ],
    "enrollments.csv": [
        "e30,active,2026-08-01,cl-code6,sch-20,u-s2,student,false,,",
        "e31,active,2026-08-01,cl-code6,sch-20,u-t2,teacher,true,,",
        "e32,active,2026-08-01,cl-code2,sch-10,u-s1,student,false,,",
        "e33,active,2026-08-01,cl-code2,sch-10,u-t1,teacher,true,,",
    ],
}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_district_course_is_written_as_exported(tmp_path: Path, engine: str) -> None:
    """f-run-district-course: c-dist, owned by the district org the profile does not write, is
    no longer rebuilt from its first class under its own ID (another title, code, grades): the
    export's record under the school of the first class naming it (D373)."""
    result = run(export(tmp_path, adds=CODING), tmp_path / "out", engine=engine)
    assert result.exit_status == 0, codes_of(result)
    course = by_id(tmp_path / "out" / "courses.csv")["c-dist"]
    assert (course["title"], course["courseCode"], course["grades"], course["subjects"]) == (
        "Intro to Coding",
        "CODE1",
        "02,06",
        "Computer Science",
    )
    assert course["orgSourcedId"] == "sch-20"
    classes = by_id(tmp_path / "out" / "classes.csv")
    assert classes["cl-code2"]["courseSourcedId"] == classes["cl-code6"]["courseSourcedId"] == "c-dist"
    assert "D373" in codes_of(result) and "D335" not in codes_of(result)
    assert api.validate_set(tmp_path / "out", target="oneroster").exit_status == 0


def test_another_schools_course_with_school_is_written_as_exported(tmp_path: Path) -> None:
    """f-run-district-course, second form: --school sch-10, class cl-x naming sch-20's c-sci6."""
    adds = {
        "classes.csv": ["cl-x,active,2026-08-01,Science shared,02,c-sci6,SX,scheduled,,sch-10,y-2027,,,"],
        "enrollments.csv": [
            "ex1,active,2026-08-01,cl-x,sch-10,u-s1,student,false,,",
            "ex2,active,2026-08-01,cl-x,sch-10,u-t1,teacher,true,,",
        ],
    }
    result = run(export(tmp_path, adds=adds), tmp_path / "out", schools=("sch-10",))
    assert result.exit_status == 0, codes_of(result)
    course = by_id(tmp_path / "out" / "courses.csv")["c-sci6"]
    assert (course["title"], course["courseCode"], course["grades"], course["orgSourcedId"]) == (
        "Science 6",
        "SC6",
        "06",
        "sch-10",
    )


# --- 2. the strict target keeps valid CEDS grades --------------------------------------------

GRADED = {
    "users.csv": [
        'u-g1,active,2026-08-01,true,sch-20,student,g1,,Gil,One,,,,,,,"06,07",',
        "u-g2,active,2026-08-01,true,sch-10,student,g2,,Gus,Two,,,,,,,PS,",
        "u-g3,active,2026-08-01,true,sch-10,student,g3,,Gia,Three,,,,,,,IT,",
        "u-g4,active,2026-08-01,true,sch-20,student,g4,,Gem,Four,,,,,,,13,",
    ],
}


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("oneroster", {"u-s3": "TK", "u-g1": "06,07", "u-g2": "PS", "u-g3": "IT", "u-g4": "13"}),
        ("remind", {"u-s3": "KG", "u-g1": "Other", "u-g2": "Other", "u-g3": "PK", "u-g4": "Other"}),
    ],
)
def test_valid_ceds_grades_are_kept_in_the_strict_target(
    tmp_path: Path, engine: str, target: str, expected: dict[str, str]
) -> None:
    """f-run-grades-strict: TK, IT, PS, 13 and the list "06,07" are valid OneRoster 1.1 grades;
    the strict set writes them as exported. Remind's target still maps them to its own set."""
    result = run(export(tmp_path, adds=GRADED), tmp_path / "out", target=target, engine=engine)
    assert result.exit_status == 0, codes_of(result)
    users = by_id(tmp_path / "out" / "users.csv")
    assert {user: users[user]["grades"] for user in expected} == expected
    assert api.validate_set(tmp_path / "out", target=target).exit_status == 0


# --- 6. validate: a file that is not UTF-8 -------------------------------------------------------


@pytest.mark.parametrize("target", ["oneroster", "remind"])
def test_validate_names_a_file_that_is_not_utf8(tmp_path: Path, target: str) -> None:
    """f-latin1-validate: users.csv re-encoded as Windows-1252 made `validate` crash (exit 3)."""
    folder = strict_set(tmp_path)
    text = (folder / "users.csv").read_text(encoding="utf-8").replace("Kiran", "Kirán")
    (folder / "users.csv").write_bytes(text.encode("cp1252"))
    result = api.validate_set(folder, target=target)
    assert result.exit_status == 2
    (problem,) = [p for p in result.problems if p.code.id == "V528"]
    assert problem.where.file == "users.csv" and problem.where.line > 1
    assert "0xe1" in problem.message


# --- 7. validate: what a strict consumer rejects ----------------------------------------------


def test_validate_rejects_a_repeated_identical_row(tmp_path: Path) -> None:
    """f-dup-validate: users.csv lists a user twice with identical data: not valid 1.1 (V583),
    not 'merged' (validate writes nothing)."""
    folder = strict_set(tmp_path)
    lines = (folder / "users.csv").read_text(encoding="utf-8").splitlines()
    line = next(row for row in lines if row.startswith("u-s1,"))
    with (folder / "users.csv").open("a", encoding="utf-8", newline="") as handle:
        handle.write(line + "\r\n")
    result = api.validate_set(folder, target="oneroster")
    assert result.exit_status == 1
    assert "V583" in codes_of(result) and "V500" not in codes_of(result)


@pytest.mark.parametrize(
    ("name", "old", "new", "code"),
    [
        ("users.csv", ",u-p2,TK,", ',"u-p2,",TK,', "V560"),  # an ID list: f-validate-agent-empty-item
        ("courses.csv", "c-read2,,,y-2027,Reading 2,RD2,02,", 'c-read2,,,y-2027,Reading 2,RD2,"02,",', "V583"),
    ],
)
def test_validate_rejects_a_list_with_an_empty_item(tmp_path: Path, name: str, old: str, new: str, code: str) -> None:
    folder = strict_set(tmp_path)
    edit(folder / name, old, new)
    result = api.validate_set(folder, target="oneroster")
    assert result.exit_status == 1
    assert code in codes_of(result)


def test_validate_rejects_a_strict_file_with_no_rows(tmp_path: Path) -> None:
    """f-validate-users-header-only-bulk: the strict target leaves such a file out (absent)."""
    folder = strict_set(tmp_path)
    for name in ("enrollments.csv", "demographics.csv"):
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_text(text.splitlines(keepends=True)[0], encoding="utf-8")
    result = api.validate_set(folder, target="oneroster")
    assert result.exit_status == 1
    assert "V524" in codes_of(result)


# --- 5. demographics left out on purpose (said once), list items trimmed, subjectCodes kept --------


def test_columns_not_carried_are_said_once_and_lists_are_trimmed(tmp_path: Path) -> None:
    """f-run-optional-dropped: a full 1.1 demographics.csv; a class's subjects and subjectCodes."""
    folder = export(
        tmp_path,
        [
            (
                "classes.csv",
                "English Language Arts,,1",
                '"English Language Arts, Reading","01,02",1',
            )
        ],
    )
    (folder / "demographics.csv").write_text(
        "sourcedId,status,dateLastModified,birthDate,sex,asian,hispanicOrLatinoEthnicity,countryOfBirthCode\n"
        "u-s1,,,2018-04-09,female,true,true,US\n",
        encoding="utf-8",
    )
    result = run(folder, tmp_path / "out")
    assert result.exit_status == 0, codes_of(result)
    said = [p for p in result.report.flatten("code", "message") if p[0] == "V600"]
    (demographics,) = [message for _, message in said if "demographics.csv:" in message]
    assert "sex, asian, hispanicOrLatinoEthnicity, countryOfBirthCode" in demographics
    cl = by_id(tmp_path / "out" / "classes.csv")["cl-read2"]
    assert (cl["subjects"], cl["subjectCodes"]) == ("English Language Arts,Reading", "01,02")


# --- 8. a BOM-only export is an empty export --------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\xef\xbb\xbf\r\n"])
def test_an_export_holding_only_a_bom_is_empty(tmp_path: Path, content: bytes) -> None:
    """f-bom-only-export: a Windows SIS job that wrote its BOM and died: X910 (exit 1), not
    I201 'required column missing' (exit 2), which sends the admin to edit the profile."""
    folder = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "rostering" / "in", folder)
    (folder / "students.txt").write_bytes(content)
    result = api.run(
        api.RunOptions(profile="powerschool", in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15))
    )
    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X910"]
