"""Class IDs of the last published set that name another class tonight (pipeline.class_reuse,
X822, X823: tester71 F2). At the semester change a SIS gave an ended semester-1 section's ID to a
semester-2 section of another course, teacher and period: published at exit 0 with no code, and
Remind turned the old class, with its conversations, into the new one under its new teacher.

The district (benchmarks.synthetic): 20 schools (100 to 119), 16 sections each (IDs 100000 + 16 * s
+ k), of the year (3600), semester 1 (3601) or semester 2 (3602). Semester 2 brings every
semester-1 section again under the ID '8' + its own, with its course, teacher and students (as
test_classes_rekeyed's semester change). Night 1 is in December, night 2 in January."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from tests.synthetic_nights import first_set
from transform import api
from transform.report.summary import next_step

DECEMBER, JANUARY = dt.date(2026, 12, 15), dt.date(2027, 1, 20)
REUSED = ("X822", "X823")
S2 = ["3602", "01/11/2027", "05/29/2027"]  # a semester-2 row's TermID, DateEnrolled and DateLeft in cc.txt

# One xdist worker takes the module's tests: it publishes each first night once.
pytestmark = pytest.mark.xdist_group("class_ids_reused")

Row = list[str]


def read(folder: Path, name: str) -> tuple[str, list[Row]]:
    header, *rows = (folder / name).read_bytes().decode("utf-8").split("\r\n")[:-1]
    return header, [row.split("\t") for row in rows]


def write(folder: Path, name: str, header: str, rows: list[Row]) -> None:
    (folder / name).write_bytes(("\r\n".join([header, *("\t".join(r) for r in rows)]) + "\r\n").encode("utf-8"))


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The district with semester 2's copy of every semester-1 section ('8' + its ID)."""
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, 1500)
    _, sections = read(folder, "sections.txt")
    s1 = {row[0] for row in sections if row[4] == "3601"}
    for name, at, copy in (
        ("sections.txt", 0, lambda row: [f"8{row[0]}", *row[1:4], "3602", *row[5:]]),
        ("cc.txt", 1, lambda row: [row[0], f"8{row[1]}", S2[0], row[3], *S2[1:]]),
    ):
        header, rows = read(folder, name)
        write(folder, name, header, rows + [copy(row) for row in rows if row[at] in s1])
    return folder


def tonight(
    district: Path, tmp_path: Path, sections: Callable[[Row], list[Row]], cc: Callable[[Row], list[Row]]
) -> Path:
    """The district's exports with each row of sections.txt and cc.txt replaced by what the edits make of it."""
    folder = tmp_path / "tonight"
    shutil.copytree(district, folder)
    for name, edit in (("sections.txt", sections), ("cc.txt", cc)):
        header, rows = read(folder, name)
        write(folder, name, header, [new for row in rows for new in edit(row)])
    return folder


def run(exports: Path, out: Path, as_of: dt.date, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def first_night(district: Path, tmp_path: Path, **options: object) -> Path:
    """tmp_path/out: the district published in DECEMBER with these options, as last night's set
    (made once per process and options, and copied with its state folder: synthetic_nights.first_set)."""

    def publish(out: Path) -> None:
        assert run(district, out, DECEMBER, **options).exit_status == 0

    return first_set((district, DECEMBER, *sorted(options.items())), district.parent, tmp_path, publish)


def classes_of(out: Path) -> dict[str, dict[str, str]]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def teachers_of(out: Path, class_id: str) -> set[str]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["userSourcedId"]
            for r in csv.DictReader(handle)
            if r["classSourcedId"] == class_id and r["role"] != "student"
        }


def semester_one(district: Path, published: dict[str, dict[str, str]]) -> dict[str, Row]:
    """Semester 1's sections night 1 published, by ID."""
    return {row[0]: row for row in read(district, "sections.txt")[1] if row[4] == "3601" and row[0] in published}


def reuse_plan(s1: dict[str, Row], count: int) -> list[tuple[str, str]]:
    """`count` pairs (an ended section X, the semester-2 copy '8Y' of another section Y of its school,
    another course and teacher, each used once) whose copy will take X's ID tonight."""
    plan: list[tuple[str, str]] = []
    used: set[str] = set()
    for x, row in sorted(s1.items()):
        other = next(
            (
                y
                for y, o in sorted(s1.items())
                if y not in used and y != x and o[1] == row[1] and o[2] != row[2] and o[6] != row[6]
            ),
            None,
        )
        if other is not None and x not in used:
            used.update((x, other))
            plan.append((x, f"8{other}"))
        if len(plan) == count:
            return plan
    raise AssertionError("the district has too few semester-1 sections")


def reused(district: Path, tmp_path: Path, plan: list[tuple[str, str]]) -> Path:
    """Tonight's exports where each ended section X of `plan` is gone and its ID names the
    semester-2 section '8Y': another course, teacher, period and students."""
    gone, given = {x for x, _ in plan}, {copy: x for x, copy in plan}

    def sections(row: Row) -> list[Row]:
        if row[0] in gone:
            return []
        return [[given.get(row[0], row[0]), *row[1:]]]

    def cc(row: Row) -> list[Row]:
        if row[1] in gone:
            return []
        return [[row[0], given.get(row[1], row[1]), *row[2:]]]

    return tonight(district, tmp_path, sections, cc)


@pytest.mark.parametrize("options", [{}, {"engine": "python", "jobs": 1}, {"engine": "columnar", "jobs": 2}])
def test_an_ended_sections_id_given_to_another_class_is_published_but_said(
    district: Path, tmp_path: Path, options: dict[str, object]
) -> None:
    """tester71 F2: one ID of an ended semester-1 class names semester 2's class of another course,
    teacher and period. Published (the class is there), but a person must look: exit 1, X823 names
    the class as it was and as it is."""
    out = first_night(district, tmp_path, **options)
    before = classes_of(out)
    ((x, copy),) = reuse_plan(semester_one(district, before), 1)
    teacher_then = teachers_of(out, x)
    result = run(reused(district, tmp_path, [(x, copy)]), out, JANUARY, **options)
    assert result.exit_status == 1 and result.report.published
    assert not {"X822", "X949", "X919"} & set(result.report.counts)
    (note,) = result.report.examples["X823"]
    now = classes_of(out)[x]
    assert now["courseSourcedId"] != before[x]["courseSourcedId"]  # published as the other class, said
    title_then = before[x]["title"].removesuffix(f" (ID {x})")
    title_now = now["title"].removesuffix(f" (ID {x})")
    (teacher,) = teachers_of(out, x)
    assert note.message.startswith("1 class IDs of the last published set now name another class (")
    assert (
        f"{x}: '{title_then}' (course {before[x]['courseSourcedId']}, term {before[x]['termSourcedIds']}, "
        f"teacher {', '.join(sorted(teacher_then))}) -> '{title_now}' (course {now['courseSourcedId']}, "
        f"term {now['termSourcedIds']}, teacher {teacher})"
    ) in note.message
    assert note.message.endswith("published (under the limit: refused only from 3 IDs and above 1.0%)")
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Check the classes listed in the SIS: a section given an ended one's ID")


def test_several_ids_given_to_other_classes_are_refused(district: Path, tmp_path: Path) -> None:
    """Three class IDs naming other classes, over 1% of the class IDs both sets hold: nothing
    published, the last set stays (X822); --allow-rollover publishes them, said, exit 0."""
    out = first_night(district, tmp_path)
    before = classes_of(out)
    plan = reuse_plan(semester_one(district, before), 3)
    exports = reused(district, tmp_path, plan)
    result = run(exports, out, JANUARY)
    assert result.exit_status == 1 and not result.report.published
    (refusal,) = result.report.aborts
    assert refusal.code.id == "X822"
    assert refusal.message.startswith("3 class IDs of the last published set now name another class (")
    assert all(f"{x}: '" in refusal.message for x, _ in plan)
    assert "nothing published: a class's ID must stay that class's (--allow-rollover publishes it anyway)" in (
        refusal.message
    )
    assert classes_of(out) == before
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Look at the classes listed in the SIS: give each new section its own ID")

    allowed = run(exports, out, JANUARY, allow_rollover=True)
    assert allowed.exit_status == 0 and allowed.report.published
    (note,) = allowed.report.examples["X823"]
    assert note.message.endswith("published (--allow-rollover)")


def test_an_ordinary_semester_change_says_nothing(district: Path, tmp_path: Path) -> None:
    """What a night changes in a class that stays the same class, at the semester change: sections
    carried on into semester 2 under their IDs (as they are; with a new teacher; with the course
    renumbered, its name kept; with the next course of a two-semester sequence, the same teacher
    and students, or the same teacher and other students: reviewer84 R4, an elective's sequel), and
    year-long ones with a teacher replaced, a period moved, a course name corrected. Published at
    exit 0, no X822 or X823."""
    out = first_night(district, tmp_path)
    before = classes_of(out)
    s1 = sorted(semester_one(district, before))
    carried, new_teacher, renumbered, sequel, reshuffled, donor = s1[:6]
    rows = read(district, "sections.txt")[1]
    year = sorted(row[0] for row in rows if row[4] == "3600" and row[0] in before)
    replaced, moved, renamed = year[:3]
    staff_of: dict[str, list[Row]] = {}
    for teacher in read(district, "teachers.txt")[1]:
        staff_of.setdefault(teacher[2], []).append(teacher)
    course_of = {row[0]: row[2] for row in rows}
    header, courses = read(district, "courses.txt")
    name_of = dict(courses)

    def sections(row: Row) -> list[Row]:
        section = row[0]
        if section in {f"8{s}" for s in (carried, new_teacher, renumbered, sequel, reshuffled)}:
            return []  # the section goes on under its own ID instead
        if section in (carried, new_teacher, renumbered, sequel, reshuffled):
            row = [*row[:4], "3602", *row[5:]]
        if section in (new_teacher, replaced):
            row = [*row[:6], next(t[0] for t in staff_of[row[1]] if t[0] != row[6])]
        course = {renumbered: f"{row[2]}-N", sequel: "SEQ", reshuffled: "SEQ2"}.get(section, row[2])
        row = [row[0], row[1], course, *row[3:]]
        if section == moved:
            row = [*row[:5], "9(B)", row[6]]
        return [row]

    def cc(row: Row) -> list[Row]:
        section = row[1]
        if section in {f"8{s}" for s in (carried, new_teacher, renumbered, sequel, reshuffled)} | {reshuffled}:
            return []  # reshuffled: its students go on elsewhere, the donor's take their places
        if section == donor:
            return [row, [row[0], reshuffled, S2[0], row[3], *S2[1:]]]
        if section in (carried, new_teacher, renumbered, sequel):
            return [[row[0], section, S2[0], row[3], *S2[1:]]]
        return [row]

    exports = tonight(district, tmp_path, sections, cc)
    write(
        exports,
        "courses.txt",
        header,
        [[c, f"{n} (corrected)" if c == course_of[renamed] else n] for c, n in courses]
        + [[f"{course_of[renumbered]}-N", name_of[course_of[renumbered]]], ["SEQ", "Sequel B"]]
        + [["SEQ2", "Elective B"]],
    )
    result = run(exports, out, JANUARY)
    assert not set(REUSED) & set(result.report.counts), result.report.examples.get("X823")
    assert result.exit_status == 0 and result.report.published
    now = classes_of(out)
    assert now[sequel]["courseSourcedId"].endswith("-SEQ") and now[sequel]["termSourcedIds"].endswith("-3602")
    assert now[renumbered]["courseSourcedId"].endswith("-N") and now[moved]["periods"] == "9(B)"
    assert now[reshuffled]["courseSourcedId"].endswith("-SEQ2")
    assert now[renamed]["title"] != before[renamed]["title"]
