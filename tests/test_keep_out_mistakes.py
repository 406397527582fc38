"""A district's own keep-out conditions written wrong published a wrong set at exit 0 (tester71 N1, N4, N5):

- N1: an enrolments' `not_dropped` reading the start date for the end date left out all but a few rows,
  most students in no class, a first set at exit 0; after a profile change the removal refusal's Next
  offered --max-removal. Now X886 of the enrolments rule, exit 1, and the Next names the condition first.
- N4: `{EndDate} date_le as_of` (allow_empty) keeps the blank end dates and the past ones: the withdrawn
  student published, no word. Now P118, exit 1 on a first set.
- N5: a status condition put on a date column (`{EndDate} not_equals INACTIVE`) is I264, exit 0, where
  P113 said the same of a plain value with exit 1. Now I264 of the district's own exits 1 on a first set.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from transform import api
from transform.pipeline import own_keep_outs
from transform.report.summary import _changed_condition_step, next_step

AS_OF = dt.date(2026, 10, 5)
PAST, STARTED = "2026-09-01", "2026-08-20"
RIGHT_END = '{field: "{DateEnd}", op: date_ge, value: as_of, allow_empty: true, reason: enrollment-ended}'
WRONG_END = '{field: "{DateStart}", op: date_ge, value: as_of, allow_empty: true, reason: enrollment-ended}'
ACTIVE = '{field: "{EndDate}", op: date_ge, value: as_of, allow_empty: true, reason: inactive-student}'

PROFILE = """\
name: keep-out-mistakes
settings: {source_system: "Test SIS"}
sources:
  buildings: {files: [Buildings.csv], columns: [BldgCode, BldgName]}
  students: {files: [Students.csv], columns: [StuNum, LName, FName, Bldg, StartDate, EndDate]}
  staff: {files: [Staff.csv], columns: [EmpID, LName, FName, Email, Bldg]}
  sections: {files: [Sections.csv], columns: [SectKey, Bldg, CrsTitle, TchrEmpID]}
  schedule: {files: [Schedule.csv], columns: [StuNum, SectKey, Bldg, DateStart, DateEnd]}
tables:
  orgs:
    schools: {from: buildings, columns: {sourcedId: {column: BldgCode}, name: {column: BldgName}, type: school}}
  users:
    students:
      from: students
      where:
        enrolled: STUDENTS
      columns:
        sourcedId: {column: StuNum, clean: [id]}
        orgSourcedIds: {column: Bldg, clean: [id]}
        role: student
        givenName: {column: FName, clean: [name]}
        familyName: {column: LName, clean: [name]}
    staff:
      from: staff
      columns:
        sourcedId: {column: EmpID, clean: [id]}
        orgSourcedIds: {column: Bldg, clean: [id]}
        role: teacher
        givenName: {column: FName, clean: [name]}
        familyName: {column: LName, clean: [name]}
        email: {column: Email, clean: [email]}
  classes:
    sections:
      from: sections
      columns:
        sourcedId: {column: SectKey, clean: [id]}
        title: {column: CrsTitle, clean: [text]}
        schoolSourcedId: {column: Bldg}
  enrollments:
    rows:
      from: schedule
      where:
        not_dropped: ENROLMENTS
      columns:
        sourcedId: "{SectKey}-{StuNum}"
        classSourcedId: {column: SectKey}
        userSourcedId: {column: StuNum}
        schoolSourcedId: {column: Bldg}
        role: student
    teachers:
      from: sections
      columns:
        sourcedId: "{SectKey}-{TchrEmpID}"
        classSourcedId: {column: SectKey}
        userSourcedId: {column: TchrEmpID}
        schoolSourcedId: {column: Bldg}
        role: teacher
"""


def _district(tmp_path: Path, *, students: str = ACTIVE, enrolments: str = RIGHT_END, dropped: int = 0) -> Path:
    """25 students (the last five enrolled tonight), each in class C1 or C2 since STARTED (one row
    starting tonight), each with `dropped` ended rows of C3 beside; student 40025 withdrew on PAST
    (her row ended then)."""
    folder = tmp_path / "district"
    exports = folder / "ex"
    exports.mkdir(parents=True, exist_ok=True)
    people = [["StuNum", "LName", "FName", "Bldg", "StartDate", "EndDate"]]
    schedule = [["StuNum", "SectKey", "Bldg", "DateStart", "DateEnd"]]
    for number in range(25):
        student = str(40001 + number)
        withdrawn = number == 24
        began = AS_OF.isoformat() if number >= 20 else STARTED  # five started tonight
        people.append([student, f"Family{number}", f"Kid{number}", "101", began, PAST if withdrawn else ""])
        start = AS_OF.isoformat() if number == 23 else STARTED
        schedule.append([student, f"C{1 + number % 2}", "101", start, PAST if withdrawn else ""])
        schedule += [[student, "C3", "101", STARTED, PAST] for _ in range(dropped)]
    files = {
        "Buildings.csv": [["BldgCode", "BldgName"], ["101", "North Elementary"]],
        "Students.csv": people,
        "Staff.csv": [["EmpID", "LName", "FName", "Email", "Bldg"], ["T1", "Evans", "Kai", "kai@d.example.org", "101"]],
        "Sections.csv": [["SectKey", "Bldg", "CrsTitle", "TchrEmpID"]]
        + [[f"C{n}", "101", f"Class {n}", "T1"] for n in (1, 2, 3)],
        "Schedule.csv": schedule,
    }
    for name, rows in files.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    text = PROFILE.replace("STUDENTS", students).replace("ENROLMENTS", enrolments)
    (folder / "district.yaml").write_text(text, encoding="utf-8")
    return folder


def _run(folder: Path, out: Path, engine: str = "python") -> api.RunResult:
    return api.run(
        api.RunOptions(
            profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=out, as_of=AS_OF, engine=engine
        )
    )


def _users(out: Path) -> set[str]:
    with (out / "users.csv").open(encoding="utf-8") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_an_enrolments_condition_reading_the_start_date_stops_a_first_set_for_a_person(tmp_path: Path) -> None:
    result = _run(_district(tmp_path, enrolments=WRONG_END), tmp_path / "out")
    assert result.report.published and result.exit_status == 1
    (said,) = result.report.examples["X886"]
    assert said.params["rule"] == "enrollments.rows" and said.params["why"] == "enrolled"
    assert said.params["condition"] == "where not_dropped: {DateStart} date_ge as_of"
    assert said.params["values"] == " (it reads DateStart)"
    assert "23 of the 24 students published are in no class" in said.message


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_students_condition_reading_the_start_date_stops_a_first_set(tmp_path: Path, engine: str) -> None:
    """20 of 25 rows left out (80%: under the nine in ten X886 asked before), their classes' rows with them."""
    started = '{field: "{StartDate}", op: date_ge, value: as_of, allow_empty: true, reason: inactive-student}'
    result = _run(_district(tmp_path, students=started), tmp_path / "out", engine)
    assert result.report.published and result.exit_status == 1
    (said,) = result.report.examples["X886"]
    assert (said.params["rule"], said.params["left"], said.params["rows"]) == ("users.students", "20", "25")
    assert said.params["values"] == " (it reads StartDate)" and said.params["why"] == "enrolled"


def test_the_start_date_read_over_ten_classes_is_no_split_of_the_export(tmp_path: Path) -> None:
    """The few kept (5 of 25) are in few of the 10 classes, so most rows left out are of classes none kept:
    still the condition read wrong, not a split (review140 R1: exit 0, 5 of 25 students published)."""
    started = '{field: "{StartDate}", op: date_ge, value: as_of, allow_empty: true, reason: inactive-student}'
    folder = _district(tmp_path, students=started)
    schedule = folder / "ex" / "Schedule.csv"
    with schedule.open(newline="") as read:
        rows = list(csv.reader(read))
    for at, row in enumerate(rows[1:]):
        row[1] = f"C{1 + at % 10}"
    with schedule.open("w", newline="") as out:
        csv.writer(out).writerows(rows)
    with (folder / "ex" / "Sections.csv").open("w", newline="") as out:
        header = ["SectKey", "Bldg", "CrsTitle", "TchrEmpID"]
        csv.writer(out).writerows([header] + [[f"C{n}", "101", f"Class {n}", "T1"] for n in range(1, 11)])
    result = _run(folder, tmp_path / "out")
    assert result.report.published and result.exit_status == 1
    (said,) = result.report.examples["X886"]
    assert said.params["why"] == "enrolled"


def test_the_end_date_read_right_and_dropped_rows_beside_current_ones_exit_0(tmp_path: Path) -> None:
    """48 dropped rows beside 24 current ones: most rows left out, every student still in a class."""
    result = _run(_district(tmp_path, dropped=2), tmp_path / "out")
    assert result.report.published and result.exit_status == 0
    (said,) = result.report.examples["X886"]
    assert said.params["why"] == "" and "0 of the 24 students published are in no class" in said.message


def test_after_a_profile_change_the_refusal_names_the_condition_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _run(_district(tmp_path), out).exit_status == 0
    changed = _run(_district(tmp_path, enrolments=WRONG_END), out)
    assert changed.exit_status == 1 and not changed.report.published
    step = next_step(changed, out_dir=out, explain_path=None, upload=False)
    assert step.startswith(
        "Next: The profile was changed since the last published set, and its condition enrollments.rows where "
        "not_dropped: {DateStart} date_ge as_of (profile "
    ), step
    assert "(it reads DateStart): correct it in the profile" in step and "Only if it is right: " in step


def test_an_end_date_compared_the_wrong_way_round_stops_a_first_set(tmp_path: Path) -> None:
    wrong = '{field: "{EndDate}", op: date_le, value: as_of, allow_empty: true, reason: inactive-student}'
    result = _run(_district(tmp_path, students=wrong), tmp_path / "out")
    assert result.report.published and result.exit_status == 1 and "40025" in _users(tmp_path / "out")
    (said,) = result.report.examples["P118"]
    assert said.params["leavers"] == f"the EndDate dates before {AS_OF} ('{PAST}' (1)) beside the blank ones"
    assert said.params["unenrolled"] == "1"


def test_an_end_date_read_right_or_a_start_date_kept_so_says_nothing(tmp_path: Path) -> None:
    right = _run(_district(tmp_path), tmp_path / "right")
    assert right.exit_status == 0 and "40025" not in _users(tmp_path / "right")
    started = '{field: "{StartDate}", op: date_le, value: as_of, allow_empty: true, reason: inactive-student}'
    result = _run(_district(tmp_path, students=started), tmp_path / "started")
    assert "P118" not in result.report.counts and result.exit_status == 0


def test_a_status_value_put_on_a_date_column_stops_a_first_set_only(tmp_path: Path) -> None:
    wrong = '{field: "{EndDate}", op: not_equals, value: INACTIVE, reason: inactive-student}'
    folder, out = _district(tmp_path, students=wrong), tmp_path / "out"
    first = _run(folder, out)
    assert first.report.published and first.exit_status == 1 and "40025" in _users(out)
    # one message for the condition: P134 asks the date it lets through, I264's words in it (tester91 T1)
    (said,) = first.report.examples["P134"]
    assert "I264" not in first.report.counts and said.params["unseen"] == "yes"
    assert said.params["place"] == f"{folder / 'district.yaml'}:16:19"
    later = api.run(
        api.RunOptions(
            profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=out, as_of=AS_OF + dt.timedelta(1)
        )
    )
    assert later.exit_status == 0 and later.report.counts["P134"] == 1


@pytest.mark.parametrize(
    ("guard", "values", "exit_status", "spread"),
    [
        ("[I, W]", ("0", "2"), 1, False),
        ('["2", "3"]', ("A", "W"), 1, False),
        ("[PK, TK]", ("9", "10", "11", "12"), 0, True),
        ("[I, W]", ("0", "-2", "-1", "1", "3", "4", "2"), 1, False),  # PowerSchool's seven codes (review145 R3)
        # ten homerooms of as many students each: no status column (tester76 D1)
        ("[TBD, UNASSIGNED]", tuple(str(room) for room in range(101, 111)), 0, True),
    ],
)
def test_a_guard_of_letters_on_a_column_of_a_few_numeric_codes_stops_a_first_set(
    tmp_path: Path, guard: str, values: tuple[str, ...], exit_status: int, spread: bool
) -> None:
    """review140 R3: `{Status} not_in [I, W]` on a status column written 0 (active) and 2 (withdrawn) leaves
    out no row: the withdrawn students were published with I264 at exit 0. A column of a few codes of one
    form, none of the guard's values of that form (numbers on letters too), is a profile mistake on a
    first set (exit 1); a guard of grade words on a 9-12 export's grade numbers leaves out grades it
    holds none of: said, exit 0. A status column's active code is on most rows (`spread` False: the
    first value, the others every fourth row); a column whose values are spread evenly (rooms) is none."""
    folder = _district(
        tmp_path, students=f'{{field: "{{Status}}", op: not_in, value: {guard}, reason: inactive-student}}'
    )
    profile = folder / "district.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("StartDate, EndDate]}", "StartDate, Status]}", 1))
    students = folder / "ex" / "Students.csv"
    with students.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[0][5] = "Status"
    for n, row in enumerate(table[1:]):
        others = values[: len(values) - 1]
        shared = others[n % len(others)] if spread or n % 4 == 0 else others[0]
        row[5] = values[-1] if row[0] == "40025" else shared
    with students.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    result = _run(folder, tmp_path / "out")
    assert result.report.published and result.exit_status == exit_status and "40025" in _users(tmp_path / "out")
    if exit_status:  # one message for the condition: P134 asks the code it lets through (tester91 T1)
        (said,) = result.report.examples["P134"]
        assert "I264" not in result.report.counts and said.params["unseen"] == "yes"
        return
    (said,) = result.report.examples["I264"]
    assert not said.params.get("own")
    assert "`optional: true` if the value is right" not in said.message  # review145 R1


@pytest.mark.parametrize(
    ("guard", "values", "feeds"),
    [
        ("[GR]", ("09", "10", "11", "12"), "grades"),
        ("[PK, Pre-K]", ("09", "10", "11", "12"), "grades"),
        ("[PK, TK]", ("09", "10", "11", "12", "99"), "grades"),  # 99: 40025, a graduate
        ("[SUMMER]", ("101", "102", "103"), "orgSourcedIds"),
    ],
)
def test_a_guard_on_a_column_the_rule_publishes_is_no_status_guard(
    tmp_path: Path, guard: str, values: tuple[str, ...], feeds: str
) -> None:
    """review145 R1: a grade guard written honestly (`not_in [GR]` on grades 9-12, `[PK, TK]` beside
    PowerSchool's 99 for graduates) or `{School} not_in [SUMMER]` on three numbered schools exited 1 on a
    first set as a status column's codes of another form; a column the rule publishes (grades, a school)
    is exempt by what it feeds: said, exit 0."""
    column = "Grade" if feeds == "grades" else "Bldg"
    folder = _district(
        tmp_path, students=f'{{field: "{{{column}}}", op: not_in, value: {guard}, reason: inactive-student}}'
    )
    if feeds == "grades":
        profile = folder / "district.yaml"
        text = profile.read_text(encoding="utf-8").replace("StartDate, EndDate]}", "StartDate, Grade]}", 1)
        profile.write_text(text.replace("role: student\n", "role: student\n        grades: {column: Grade}\n", 1))
    with (folder / "ex" / "Students.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    at = 5 if feeds == "grades" else 3
    table[0][at] = column
    for n, row in enumerate(table[1:]):
        row[at] = values[-1] if row[0] == "40025" else values[n % (len(values) - 1)]
    with (folder / "ex" / "Students.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    if feeds != "grades":
        _rewrite(folder / "ex" / "Buildings.csv", {}, [["102", "South Middle"], ["103", "West High"]])
    result = _run(folder, tmp_path / "out")
    (said,) = result.report.examples["I264"]
    assert result.report.published and result.exit_status == 0 and not said.params.get("own")


def test_a_school_guard_whose_word_names_a_school_written_as_a_number_stops_a_first_set(tmp_path: Path) -> None:
    """review153 R5: `{Bldg} not_in [SUMMER]` on an export writing the summer school 900 (Buildings.csv: 900,
    Summer School) left out no row: its 8 students were published, I264 a warning, exit 0. The schools
    export naming a code the column holds with the guard's word is the school there in another form: a
    first set stops once (published, exit 1), naming the code; the same profile's next night does not."""
    guard = '{field: "{Bldg}", op: not_in, value: [SUMMER], reason: inactive-student}'
    folder = _district(tmp_path, students=guard)
    with (folder / "ex" / "Students.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    for n, row in enumerate(table[1:]):
        row[3] = ("101", "102", "900")[n % 3]
    with (folder / "ex" / "Students.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    _rewrite(folder / "ex" / "Buildings.csv", {}, [["102", "South Middle"], ["900", "Summer School"]])
    first = _run(folder, tmp_path / "out")
    (said,) = first.report.examples["I264"]
    assert first.report.published and first.exit_status == 1 and said.params.get("own")
    assert "orgs.csv names 900 'Summer School', and this set publishes 8 students there" in said.message
    assert "`optional: true`" not in said.message  # the value is not right: the school is there
    assert _run(folder, tmp_path / "out").exit_status == 0
    # review158 R4: following the words (value: ["900"]) the next night's removal is refused; its Next
    # named the students' status in the SIS, not the guard just changed
    profile = folder / "district.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("[SUMMER]", '["900"]'), encoding="utf-8")
    refused = _run(folder, tmp_path / "out")
    step = next_step(refused, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert not refused.report.published and "not_in ['900'] with it (it left out 8 of the 8 removed)" in step
    assert "--allow-rollover" in step


def test_a_changed_guard_that_left_out_nobody_is_not_named_by_a_removal_refusal(tmp_path: Path) -> None:
    """review164 R2: a guard edited to leave out nobody ([SUMMER] -> [SUMMER, ESY]) the night the students
    export was cut short: the refusal's Next led with the guard and --allow-rollover (matched on ' not_in '
    in the changed condition's text). Said only when the guard left out people the last set published."""
    folder = _district(tmp_path, students=SUMMER)
    assert _run(folder, tmp_path / "out").report.published
    profile = folder / "district.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("[SUMMER]", "[SUMMER, ESY]"), encoding="utf-8")
    gone = {str(40001 + n) for n in range(0, 24, 2)}  # 12 of the 25 students gone from both exports
    for name in ("Students.csv", "Schedule.csv"):
        with (folder / "ex" / name).open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        with (folder / "ex" / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([table[0], *(row for row in table[1:] if row[0] not in gone)])
    refused = _run(folder, tmp_path / "out")
    step = next_step(refused, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert not refused.report.published and "with it" not in step and "ESY" not in step


def _schools(folder: Path, bldgs: tuple[str, ...], schools: list[list[str]]) -> None:
    """The students' Bldg cycled over `bldgs`; `schools` added to Buildings.csv (after 101 North Elementary)."""
    with (folder / "ex" / "Students.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    for n, row in enumerate(table[1:]):
        row[3] = bldgs[n % len(bldgs)]
    with (folder / "ex" / "Students.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    with (folder / "ex" / "Buildings.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["BldgCode", "BldgName"], ["101", "North Elementary"], *schools])


SUMMER = '{field: "{Bldg}", op: not_in, value: [SUMMER], reason: inactive-student}'


def test_a_school_named_with_the_guard_word_new_on_a_later_night_asks_once(tmp_path: Path) -> None:
    """review158 R1: the summer school listed all year, its students first there in June (profile unchanged):
    8 people published at exit 0. The first night a school named with the guard's word has people of the
    rule, and the last set had none there, asks (exit 1); the next night does not."""
    folder = _district(tmp_path, students=SUMMER)
    _schools(folder, ("101", "102"), [["102", "South Middle"], ["900", "Summer School"]])
    assert _run(folder, tmp_path / "out").exit_status == 0  # no one at the summer school: nothing to ask
    _schools(folder, ("101", "102", "900"), [["102", "South Middle"], ["900", "Summer School"]])
    june = _run(folder, tmp_path / "out")
    (said,) = june.report.examples["I264"]
    assert june.report.published and june.exit_status == 1 and said.params["new_school"]
    assert _run(folder, tmp_path / "out").exit_status == 0


def test_a_school_named_with_the_guard_word_among_many_schools_asks(tmp_path: Path) -> None:
    """review158 R2, R5: past MAX_DISTINCT (20) schools the column's values are not counted, and the
    check never ran; a name written SUMMER_SCHOOL ('_' a word character to `\\b`) was not found either.
    Judged on the staged set, both ask on a first set, and say it as a question with both ways out
    (review158 R3, R4)."""
    folder = _district(tmp_path, students=SUMMER)
    many = [[str(200 + n), f"School {n}"] for n in range(21)]
    _schools(folder, (*(str(200 + n) for n in range(21)), "900", "900", "900"), [*many, ["900", "SUMMER_SCHOOL"]])
    result = _run(folder, tmp_path / "out")
    (said,) = result.report.examples["I264"]
    assert result.report.published and result.exit_status == 1 and said.params.get("own")
    assert "900 'SUMMER_SCHOOL'" in said.message and "may be the school this condition exists" in said.message
    assert "--allow-rollover" in said.message and "`optional: true`" not in said.message
    step = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert "900 'SUMMER_SCHOOL' (3 students): for a school that is one users.students where enrolled" in step
    assert "rerun that night with --allow-rollover" in step and "not asked again unless the profile changes" in step


SUMMERS = [["12", "Summer Creek High School"], ["900", "Summer School"]]


def test_a_second_school_named_with_the_guard_word_is_asked_when_new_though_another_came_first(
    tmp_path: Path,
) -> None:
    """review164 R1: only the first org named with the guard's word was judged: 12 'Summer Creek High' (listed
    first, 'not it') hid 900 'Summer School' the June night its students first appeared: published, exit 0.
    Every one is judged: the night 900 has people asks again, naming both, 900 as new."""
    folder = _district(tmp_path, students=SUMMER)
    _schools(folder, ("101", "12"), SUMMERS)
    assert _run(folder, tmp_path / "out").exit_status == 1  # the first set asks about 12
    _schools(folder, ("101", "12", "900"), SUMMERS)
    june = _run(folder, tmp_path / "out")
    (said,) = june.report.examples["I264"]
    assert june.report.published and june.exit_status == 1 and said.params["new_school"]
    assert "12 'Summer Creek High School' (8 students), 900 'Summer School' (8 students, new to the set tonight)" in (
        said.message
    )


def test_a_first_set_asks_about_every_school_named_with_the_guard_word(tmp_path: Path) -> None:
    """review164 R1b: a first set with students at 12 'Summer Creek High' and 900 'Summer School' named 12
    only; answered 'not it', 900's students were published every night at exit 0. The question names both."""
    folder = _district(tmp_path, students=SUMMER)
    _schools(folder, ("101", "12", "900"), SUMMERS)
    result = _run(folder, tmp_path / "out")
    (said,) = result.report.examples["I264"]
    assert result.exit_status == 1 and "names 2 schools with it" in said.message
    assert "12 'Summer Creek High School' (8 students), 900 'Summer School' (8 students):" in said.message
    assert 'add its code ("12", "900", as Bldg writes it)' in said.message


def test_a_school_named_with_the_guard_word_under_an_id_template_asks(tmp_path: Path) -> None:
    """review158 R5: the orgs' sourcedId a template ("S{BldgCode}"): the export-read check found no code of
    the column among the orgs' keys. The staged set names S900 'Summer School', written 900 by the guard's column."""
    folder = _district(tmp_path, students=SUMMER)
    _schools(folder, ("101", "900"), [["900", "Summer School"]])
    profile = folder / "district.yaml"
    text = profile.read_text(encoding="utf-8").replace("sourcedId: {column: BldgCode}", 'sourcedId: "S{BldgCode}"')
    text = text.replace("orgSourcedIds: {column: Bldg, clean: [id]}", 'orgSourcedIds: "S{Bldg}"')
    profile.write_text(text.replace("schoolSourcedId: {column: Bldg}", 'schoolSourcedId: "S{Bldg}"'), encoding="utf-8")
    result = _run(folder, tmp_path / "out")
    (said,) = result.report.examples["I264"]
    assert result.exit_status == 1 and "names S900 'Summer School'" in said.message and 'add "900"' in said.message


def _rewrite(path: Path, change: dict[int, str], rows: list[list[str]] | None = None) -> None:
    """Set column `index` to `value` on every data row of a CSV (`change`), then add `rows`."""
    with path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    for row in table[1:]:
        for index, value in change.items():
            row[index] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table + (rows or []))


def test_a_start_date_kept_once_begun_beside_a_student_in_no_class_says_nothing(tmp_path: Path) -> None:
    """review135 R1: StartDate filled for two late entrants only (in their classes), a new student with
    no schedule yet: P118 said 'turn it round', which would leave the late entrants out."""
    begun = '{field: "{StartDate}", op: date_le, value: as_of, allow_empty: true, reason: inactive-student}'
    folder = _district(tmp_path, students=begun)
    students = folder / "ex" / "Students.csv"
    _rewrite(students, {4: "", 5: ""}, [["40026", "New", "Kid", "101", "", ""]])
    with students.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    table[3][4] = table[7][4] = "2026-09-14"  # 40003 and 40007 entered late
    with students.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    result = _run(folder, tmp_path / "out")
    assert "P118" not in result.report.counts and result.exit_status == 0
    assert {"40003", "40007", "40026"} <= _users(tmp_path / "out")


def test_a_guard_leaving_out_a_value_the_export_does_not_hold_publishes_at_exit_0(tmp_path: Path) -> None:
    """review135 R7: `{Bldg} not_in [PK, TK]` on an export holding numbers only leaves out nothing that is
    there: said, not a first set's exit 1 (an `in` matching no row still is)."""
    guard = '{field: "{Bldg}", op: not_in, value: [PK, TK], reason: inactive-student}'
    first = _run(_district(tmp_path, students=guard), tmp_path / "out")
    assert first.exit_status == 0 and first.report.counts["I264"] == 1
    keep = '{field: "{Bldg}", op: in, value: [PK, TK], reason: inactive-student}'
    assert _run(_district(tmp_path / "in", students=keep), tmp_path / "in" / "out").exit_status == 1


def test_a_split_of_the_export_by_school_leaving_their_classes_empty_exits_0(tmp_path: Path) -> None:
    """review135 R3: an own `in` keeping one school's students (5 of 25) whose left-out students are the
    only ones of their class: a split meant, not a condition read the wrong way round (whose kept few
    share the classes of those left out: the start-date test above)."""
    folder = _district(tmp_path, students='{field: "{Bldg}", op: in, value: ["101"], reason: inactive-student}')
    for name, at in (("Students.csv", 3), ("Schedule.csv", 1)):
        with (folder / "ex" / name).open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        for row in table[1:]:
            if int(row[0]) > 40005:  # the other school's students, in C3 alone
                row[at] = "102" if name == "Students.csv" else "C3"
        with (folder / "ex" / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(table)
    result = _run(folder, tmp_path / "out")
    assert result.report.published and result.exit_status == 0
    (said,) = result.report.examples["X886"]
    assert said.params["why"] == "" and "of classes no student kept is in, 0 of classes shared" in said.message


HOMEROOM = """\
    homeroom:
      from: students
      columns:
        sourcedId: "HR-{StuNum}"
        classSourcedId: HR
        userSourcedId: {column: StuNum}
        schoolSourcedId: {column: Bldg}
        role: student
    teachers:
"""


@pytest.mark.parametrize("kept", [1, 0])
def test_the_start_date_read_for_the_end_date_beside_a_homeroom_rule_stops_a_first_set(
    tmp_path: Path, kept: int
) -> None:
    """review135 R5: a homeroom rule keeps every student in class HR, so 'most students in no class'
    never held: C1 and C3 left with no student, the set's classes C2 (its one row starting tonight)
    and HR, published at exit 0; with that row started before too, the rule kept none: nothing said.
    Counted of the classes the schedule's rows name (review140 R2): C1 emptied, C2 kept (C3, HR: no row)."""
    folder = _district(tmp_path, enrolments=WRONG_END)
    if not kept:
        _rewrite(folder / "ex" / "Schedule.csv", {3: STARTED})
    profile = folder / "district.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("    teachers:\n", HOMEROOM), encoding="utf-8")
    with (folder / "ex" / "Sections.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["HR", "101", "Homeroom", "T1"])
    result = _run(folder, tmp_path / "out")
    assert result.report.published and result.exit_status == 1
    (said,) = result.report.examples["X886"]
    classes = "of the classes this rule's rows name, " + (
        "1 was left with no student and 1 enrols one" if kept else "2 were left with no student and 0 enrol one"
    )  # review145 R4: "1 classes ... and 1 enrol one", of which classes not said
    assert said.params["why"] == "enrolled" and said.params["kept"] == str(kept) and classes in said.message


@pytest.mark.parametrize("homeroom", [False, True])
def test_whether_x886_asks_is_decided_by_the_counts_not_by_its_words(
    tmp_path: Path, homeroom: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """review (stop 60): an enrolments rule's X886 took its why ('enrolled': a first set exits 1) from its
    words ending in '?'; the same counts worded as no question (most students in no class; beside a
    homeroom rule, the classes its rows name emptied) must still stop the first set."""
    monkeypatch.setattr(own_keep_outs, "QUESTION", "check which column the condition reads, and which way round")
    folder = _district(tmp_path, enrolments=WRONG_END)
    if homeroom:
        profile = folder / "district.yaml"
        profile.write_text(profile.read_text(encoding="utf-8").replace("    teachers:\n", HOMEROOM), encoding="utf-8")
        with (folder / "ex" / "Sections.csv").open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerow(["HR", "101", "Homeroom", "T1"])
    result = _run(folder, tmp_path / "out")
    (said,) = result.report.examples["X886"]
    assert said.message.endswith("which way round") and ("this rule's rows name" in said.message) is homeroom
    assert said.params["why"] == "enrolled" and result.report.published and result.exit_status == 1


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_enrolments_condition_mapped_by_the_second_process_is_judged_too(tmp_path: Path, engine: str) -> None:
    """The enrolments mapped by a second process (10,000 schedule rows and more, or --jobs 2) counted the rows
    their own conditions left out there only: X886 never said the start date read for the end date, exit 0."""
    folder = _district(tmp_path, enrolments=WRONG_END)
    options = api.RunOptions(
        profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=tmp_path / "out", as_of=AS_OF
    )
    result = api.run(dataclasses.replace(options, engine=engine, jobs=2))
    assert result.report.published and result.exit_status == 1
    assert result.report.left_by_conditions["enrollments.rows"] == 24
    assert [p.params["why"] for p in result.report.examples["X886"]] == ["enrolled"]


@pytest.mark.parametrize("homeroom", [False, True])
def test_unscheduled_sections_no_row_names_do_not_count_as_classes_the_condition_emptied(
    tmp_path: Path, homeroom: bool
) -> None:
    """review140 R2: as many sections no schedule row names (placeholders, F412) as scheduled ones beside
    an honest end-date condition leaving out the dropped rows said X886 'enrolled', exit 1, on a first set;
    the start date read for the end date beside a homeroom rule (C1 emptied, C2 kept) is still said so."""
    folder = _district(tmp_path, enrolments=WRONG_END if homeroom else RIGHT_END, dropped=0 if homeroom else 2)
    if homeroom:
        profile = folder / "district.yaml"
        profile.write_text(profile.read_text(encoding="utf-8").replace("    teachers:\n", HOMEROOM), encoding="utf-8")
    with (folder / "ex" / "Sections.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([[f"U{n}", "101", f"Unscheduled {n}", "T1"] for n in range(5)])
        csv.writer(handle).writerows([["HR", "101", "Homeroom", "T1"]] if homeroom else [])
    result = _run(folder, tmp_path / "out")
    assert result.report.published and result.report.counts["F412"] == 5 + (2 if homeroom else 1)
    (said,) = result.report.examples["X886"]
    assert said.params["why"] == ("enrolled" if homeroom else "") and result.exit_status == int(homeroom)


def test_after_an_unrelated_profile_change_the_refusal_does_not_blame_an_unchanged_condition(tmp_path: Path) -> None:
    """review135 R4: the start date read for the end date since the first set (its X886 said then), then
    an unrelated edit of the profile and 7 students cut from the exports: a removal refusal's Next named
    the unchanged condition first (summary._changed_condition_step)."""
    folder, out = _district(tmp_path, enrolments=WRONG_END, dropped=2), tmp_path / "out"
    assert _run(folder, out).report.published
    profile = folder / "district.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("Test SIS", "Test SIS v2"), encoding="utf-8")
    kept = {str(40001 + n) for n in range(18)}
    for name in ("Students.csv", "Schedule.csv"):
        with (folder / "ex" / name).open(encoding="utf-8", newline="") as handle:
            rows = [row for row in csv.reader(handle) if row[0] in kept or row[0] == "StuNum"]
        with (folder / "ex" / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    cut = _run(folder, out)
    assert not cut.report.published and cut.report.examples["X886"][0].params["why"] == "enrolled"
    assert cut.report.facts["profile_changed"] and cut.report.facts["changed_conditions"] == []
    assert _changed_condition_step(cut.report) == ""


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("columnar", 1), ("python", 2)])
def test_an_honest_change_of_quarter_is_no_condition_read_wrong(tmp_path: Path, engine: str, jobs: int) -> None:
    """review145 R2: each student's two rows of last quarter's classes (ended, the sections export still
    lists them) left out by the right end date, this quarter's kept: two classes emptied beside two kept
    said X886 'enrolled' with a question only (and on a district of 10,000 rows, the second process). Every
    student keeps a class of the rule's rows: the words give that reading beside a wrong condition's, and
    it stays a question on the first set (exit 1, published), since a start date read for the end date
    keeping next quarter's classes counts alike (review153 R1); the next night with the profile unchanged
    publishes at exit 0."""
    folder = _district(tmp_path)
    rows = [["StuNum", "SectKey", "Bldg", "DateStart", "DateEnd"]]
    for n in range(25):
        student = str(40001 + n)
        rows += [[student, "Q1A", "101", STARTED, PAST], [student, "Q1B", "101", STARTED, PAST]]
        rows += [[student, f"Q2{'AB'[n % 2]}", "101", PAST, ""]]
    with (folder / "ex" / "Schedule.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with (folder / "ex" / "Sections.csv").open("w", encoding="utf-8", newline="") as handle:
        sections = [[key, "101", f"Class {key}", "T1"] for key in ("Q1A", "Q1B", "Q2A", "Q2B")]
        csv.writer(handle).writerows([["SectKey", "Bldg", "CrsTitle", "TchrEmpID"], *sections])
    _rewrite(folder / "ex" / "Students.csv", {5: ""})
    options = api.RunOptions(
        profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=tmp_path / "out", as_of=AS_OF
    )
    result = api.run(dataclasses.replace(options, engine=engine, jobs=jobs))
    (said,) = result.report.examples["X886"]
    assert result.report.published and result.exit_status == 1 and said.params["why"] == "enrolled"
    assert "2 were left with no student and 2 enrol one, and 25 of the 25 students they name keep one" in said.message
    assert "past term" in said.message and "keeps the wrong ones" in said.message
    later = api.run(dataclasses.replace(options, engine=engine, jobs=jobs, as_of=AS_OF + dt.timedelta(days=1)))
    assert later.report.published and later.exit_status == 0
