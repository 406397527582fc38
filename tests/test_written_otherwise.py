"""References written otherwise than the IDs they name (tester23 F1, tester25 1.3 and 1.4): an
enrolment naming a user or class by its ID in other letter case, or without its leading zeros,
is left out as an error of the export (V608), not as a follow-on of a record left out on purpose
(V504, info); and a set whose classes mostly lost their teacher that way, or any other, is
refused (X980) rather than published with no class owner at exit 0."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from transform import api
from transform.report.codes import Severity, code

ONEROSTER = Path(__file__).resolve().parent.parent / "fixtures" / "oneroster" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)
ENGINES = ["python", "columnar"]


def run(in_dir: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="oneroster", in_dir=in_dir, out_dir=out, as_of=AS_OF, **options)  # type: ignore[arg-type]
    )


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def edited(tmp_path: Path, name: str, edits: dict[str, tuple[tuple[str, str], ...]]) -> Path:
    """The OneRoster sample district with text replaced in some files."""
    folder = tmp_path / name
    shutil.copytree(ONEROSTER, folder)
    for file, pairs in edits.items():
        path = folder / file
        text = path.read_text(encoding="utf-8-sig")
        for old, new in pairs:
            assert old in text
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return folder


def test_the_code_is_an_error_that_leaves_the_row_out() -> None:
    """An error counts against its export: past the removal limit, X915 refuses the set."""
    assert code("reference-written-otherwise").severity is Severity.ERROR


@pytest.mark.parametrize("engine", ENGINES)
def test_an_enrolment_naming_a_student_in_other_letter_case_says_which_id_it_means(tmp_path: Path, engine: str) -> None:
    folder = edited(
        tmp_path,
        "in",
        {
            "enrollments.csv": (
                ("e3,active,2026-08-01,cl-sci6,sch-20,u-s2", "e3,active,2026-08-01,cl-sci6,sch-20,U-S2"),
            )
        },
    )
    result = run(folder, tmp_path / "out", engine=engine)
    [said] = result.report.examples["V608"]
    assert (said.where.file, said.where.line, said.where.column) == ("enrollments.csv", 4, "userSourcedId")
    assert said.message == (
        "enrollments.userSourcedId: 'U-S2' names no record of users.csv, but 'u-s2' is one, written with other "
        "letter case: the exports write the ID two ways (a spreadsheet, a converter); row left out"
    )
    assert "V504" not in result.report.counts  # not a user left out on purpose
    assert not [e for e in rows(tmp_path / "out" / "enrollments.csv") if e["sourcedId"] == "e3"]


@pytest.mark.parametrize("engine", ENGINES)
def test_an_enrolment_naming_a_student_without_the_zeros_of_her_id(tmp_path: Path, engine: str) -> None:
    """A spreadsheet took the zeros off the enrolments export's IDs (00103 -> 103)."""
    renamed = (("u-s3", "00103"),)
    folder = edited(
        tmp_path,
        "in",
        {"users.csv": renamed, "demographics.csv": renamed, "enrollments.csv": (*renamed, (",00103,", ",103,"))},
    )
    result = run(folder, tmp_path / "out", engine=engine)
    said = result.report.examples["V608"]
    assert {(p.params["value"], p.params["twin"], p.params["how"]) for p in said} == {("103", "00103", "leading zeros")}
    assert "V504" not in result.report.counts


@pytest.mark.parametrize("engine", ENGINES)
def test_a_student_left_out_on_purpose_is_still_a_follow_on(tmp_path: Path, engine: str) -> None:
    """An enrolment naming a withdrawn student by her exact ID follows her (V504, info)."""
    folder = edited(tmp_path, "in", {"users.csv": (("u-s2,active,2026-08-01,TRUE", "u-s2,active,2026-08-01,FALSE"),)})
    result = run(folder, tmp_path / "out", engine=engine)
    assert "V608" not in result.report.counts


@pytest.mark.parametrize("engine", ENGINES)
def test_a_withdrawn_student_named_exactly_is_a_follow_on_beside_a_twin_id(tmp_path: Path, engine: str) -> None:
    """u-s2 is withdrawn (tobedeleted), and another student's ID is U-S2: an enrolment naming
    'u-s2' follows the student left out (V504), not a case slip (V608) (tester26 3.1)."""
    folder = edited(tmp_path, "in", {"users.csv": (("u-s2,active,", "u-s2,tobedeleted,"),)})
    path = folder / "users.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    [row] = [line for line in lines if line.startswith("u-s2,")]
    twin = row.replace("u-s2,tobedeleted,", "U-S2,active,", 1).replace("emorales", "emorales2")
    path.write_text("\n".join([*lines, twin.replace("Morales", "Moralez")]) + "\n", encoding="utf-8")
    result = run(folder, tmp_path / "out", engine=engine)
    assert "V608" not in result.report.counts
    assert any(p.params.get("value") == "u-s2" for p in result.report.examples.get("V504", []))


def district_of_four_classes(folder: Path, *, teacher_ids: str = "{}") -> Path:
    """Four classes at one school, each with a teacher and two students; `teacher_ids`: how
    the enrolments export writes the teachers' IDs ('{}' as the users export does)."""
    shutil.copytree(ONEROSTER, folder)
    for name in ("users.csv", "demographics.csv", "classes.csv", "courses.csv", "enrollments.csv"):
        (folder / name).unlink()
    people = [(f"T-{n}", "teacher") for n in "ABCD"] + [(f"S-{n}", "student") for n in range(1, 9)]
    with (folder / "users.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "sourcedId",
                "status",
                "enabledUser",
                "orgSourcedIds",
                "role",
                "username",
                "givenName",
                "familyName",
                "email",
                "grades",
            ]
        )
        for n, (sourced_id, role) in enumerate(people):
            grade = "06" if role == "student" else ""
            out.writerow(
                [
                    sourced_id,
                    "active",
                    "true",
                    "sch-20",
                    role,
                    f"user{n}",
                    f"Given{n}",
                    f"Family{n}",
                    f"user{n}@school.example.org",
                    grade,
                ]
            )
    with (folder / "demographics.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sourcedId", "status", "birthDate"])
        out.writerows([s, "active", "2014-05-01"] for s, role in people if role == "student")
    with (folder / "courses.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sourcedId", "status", "schoolYearSourcedId", "title", "orgSourcedId"])
        out.writerows([f"k-{n}", "active", "y-2027", f"Course {n}", "sch-20"] for n in range(4))
    with (folder / "classes.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            ["sourcedId", "status", "title", "courseSourcedId", "classType", "schoolSourcedId", "termSourcedIds"]
        )
        out.writerows([f"cl-{n}", "active", f"Class {n}", f"k-{n}", "scheduled", "sch-20", "y-2027"] for n in range(4))
    with (folder / "enrollments.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["sourcedId", "status", "classSourcedId", "schoolSourcedId", "userSourcedId", "role"])
        for n, teacher in enumerate("ABCD"):
            out.writerow([f"e-t{n}", "active", f"cl-{n}", "sch-20", teacher_ids.format(f"T-{teacher}"), "teacher"])
            for student in (2 * n + 1, 2 * n + 2):
                out.writerow([f"e-s{n}-{student}", "active", f"cl-{n}", "sch-20", f"S-{student}", "student"])
    return folder


@pytest.mark.parametrize("engine", ENGINES)
def test_classes_that_all_lost_their_teacher_are_refused(tmp_path: Path, engine: str) -> None:
    """The teachers' enrolments lower-case the staff IDs: 4 of 12 enrolments (33 %, but every
    class's owner): nothing is published (X980), the V608 count named."""
    folder = district_of_four_classes(tmp_path / "in", teacher_ids="{}")
    good = run(folder, tmp_path / "good", engine=engine)
    assert good.exit_status == 0, good.problems
    lowered = district_of_four_classes(tmp_path / "lowered", teacher_ids="{}")
    path = lowered / "enrollments.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",T-", ",t-"), encoding="utf-8")
    out = tmp_path / "out"
    result = run(lowered, out, engine=engine)
    assert result.exit_status == 1
    [refused] = result.report.examples["X980"]
    assert refused.message.startswith(
        "4 of the 4 classes published have students but no teacher or administrator enrolled (V586; such as "
        "class 'cl-0'); 4 enrolments name a user or class whose ID is written otherwise (V608)"
    )
    assert not out.exists() or not any(out.iterdir())
    allowed = run(lowered, out, engine=engine, allow_incomplete=True)
    assert allowed.exit_status == 1 and "X918" in allowed.report.counts and "F453" in allowed.report.counts


def test_a_set_that_never_had_teachers_enrolled_is_not_refused_again(tmp_path: Path) -> None:
    """Published once with --allow-incomplete (no teachers assigned yet), the next night's set
    without them is what the last one was: not refused."""
    folder = district_of_four_classes(tmp_path / "in", teacher_ids="{}")
    path = folder / "enrollments.csv"
    path.write_text(
        "".join(line for line in path.read_text(encoding="utf-8").splitlines(keepends=True) if ",teacher" not in line),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run(folder, out).exit_status == 1
    assert run(folder, out, allow_incomplete=True).exit_status == 1  # published, but said (F453)
    again = run(folder, out)
    assert again.exit_status == 0, again.problems
    assert "X980" not in again.report.counts


def test_a_district_assigning_its_teachers_is_not_refused_while_it_gets_better(tmp_path: Path) -> None:
    """Published once without teachers (--allow-incomplete), then one teacher enrolled, then the
    same, then two: the last set's classes mostly had no owner, nothing got worse: not refused
    (tester26 2.1: the third night was refused, every night until half the classes had one)."""
    out = tmp_path / "out"
    nights = []
    for night, enrolled in enumerate((0, 1, 1, 2)):
        folder = district_of_four_classes(tmp_path / f"night{night}", teacher_ids="{}")
        path = folder / "enrollments.csv"
        kept = [f"e-t{n}," for n in range(enrolled)]
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(
            "".join(x for x in lines if ",teacher" not in x or any(x.startswith(k) for k in kept)), encoding="utf-8"
        )
        nights.append(folder)
    assert run(nights[0], out).exit_status == 1
    assert run(nights[0], out, allow_incomplete=True).exit_status == 1  # published, but said (F453)
    for folder in nights[1:]:
        result = run(folder, out)
        assert result.exit_status == 0, result.problems
    # Once most classes had an owner, losing them is refused again.
    assert run(district_of_four_classes(tmp_path / "owned", teacher_ids="{}"), out).exit_status == 0
    again = run(nights[0], out)
    assert again.exit_status == 1 and "X980" in again.report.counts


def test_a_class_or_two_without_a_teacher_is_said_per_class_only(tmp_path: Path) -> None:
    folder = district_of_four_classes(tmp_path / "in", teacher_ids="{}")
    path = folder / "enrollments.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("e-t0,active,cl-0,sch-20,T-A,teacher\n", ""), encoding="utf-8"
    )
    result = run(folder, tmp_path / "out")
    assert result.exit_status == 0, result.problems
    assert result.report.counts["V586"] == 1 and "X980" not in result.report.counts
