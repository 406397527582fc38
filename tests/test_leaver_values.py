"""A students' status condition whose list of values to leave out misses one (tester86 T1, P131).

`Status not_in [Leaver, Applicant]` on an export holding one 'Withdrawn' pupil published her, with
her parents, at exit 0: P118 speaks from ten such rows. Now any count of a value naming students who
left, let through by a students' rule's own not_in/not_equals condition, is said: asked once (exit
1), the nights after said at exit 0 (last.json, kept across nights without it), not asked again when
the condition is edited for another value. A whole
word only: 'Graduating' (a senior still here) or 'Cleft' is no leaver.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from transform import api
from transform.pipeline import leaver_values

AS_OF = dt.date(2026, 10, 5)

PROFILE = """\
name: status-list
settings: {source_system: "Tyler SIS"}
sources:
  buildings: {files: [Buildings.csv], columns: [BldgCode, BldgName]}
  students: {files: [Students.csv], columns: [StuNum, LName, FName, Bldg, Status]}
  staff: {files: [Staff.csv], columns: [EmpID, LName, FName, Email, Bldg]}
  sections: {files: [Sections.csv], columns: [SectKey, Bldg, CrsTitle, TchrEmpID]}
  schedule: {files: [Schedule.csv], columns: [StuNum, SectKey, Bldg]}
tables:
  orgs:
    schools: {from: buildings, columns: {sourcedId: {column: BldgCode}, name: {column: BldgName}, type: school}}
  users:
    students:
      from: students
      where:
        enrolled: {field: "{Status}", op: not_in, value: [LEFT_OUT], reason: inactive-student}
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


def _district(tmp_path: Path, left_out: str, others: tuple[str, ...]) -> Path:
    """Twelve 'Active' students in a class, then one student of each of `others` (in no class)."""
    folder = tmp_path / "district"
    exports = folder / "ex"
    exports.mkdir(parents=True, exist_ok=True)
    statuses = ["Active"] * 12 + list(others)
    students = [["StuNum", "LName", "FName", "Bldg", "Status"]]
    students += [[str(40001 + n), f"Family{n}", f"Kid{n}", "101", s] for n, s in enumerate(statuses)]
    files = {
        "Buildings.csv": [["BldgCode", "BldgName"], ["101", "North Elementary"]],
        "Students.csv": students,
        "Staff.csv": [["EmpID", "LName", "FName", "Email", "Bldg"], ["T1", "Evans", "Kai", "kai@d.example.org", "101"]],
        "Sections.csv": [["SectKey", "Bldg", "CrsTitle", "TchrEmpID"], ["C1", "101", "English", "T1"]],
        "Schedule.csv": [["StuNum", "SectKey", "Bldg"], *([str(40001 + n), "C1", "101"] for n in range(12))],
    }
    for name, rows in files.items():
        with (exports / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    _profile(folder, left_out)
    return folder


def _profile(folder: Path, left_out: str) -> None:
    (folder / "district.yaml").write_text(PROFILE.replace("LEFT_OUT", left_out), encoding="utf-8")


def _run(folder: Path, out: Path, as_of: dt.date = AS_OF) -> api.RunResult:
    options = api.RunOptions(profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=out, as_of=as_of)
    return api.run(options)


def test_one_withdrawn_pupil_let_through_is_asked_once_even_when_absent_a_night(tmp_path: Path) -> None:
    """Asked the first night; a night without the value (she is Active again: published, nothing asked) kept
    it asked: back the next night, not asked again (last.json kept only tonight's values before: asked
    again, review194 R4)."""
    folder = _district(tmp_path, "Leaver, Applicant", ("Withdrawn", "Leaver", "Applicant", "Deferred"))
    first = _run(folder, tmp_path / "out")
    assert first.report.published and first.exit_status == 1
    (said,) = first.report.examples["P131"]
    assert said.params["leavers"].startswith("'Withdrawn'") and said.params["new"] == "yes"
    assert said.params["rule"] == "users.students" and "first seen tonight: 'Withdrawn'" in str(said)
    assert "P118" not in first.report.counts and "P113" not in first.report.counts  # P131 alone asks
    _district(tmp_path, "Leaver, Applicant", ("Active", "Leaver", "Applicant", "Deferred"))  # re-enrolled a night
    second = _run(folder, tmp_path / "out", AS_OF + dt.timedelta(days=1))
    assert second.exit_status == 0 and second.report.published and "P131" not in second.report.counts
    _district(tmp_path, "Leaver, Applicant", ("Withdrawn", "Leaver", "Applicant", "Deferred"))  # back
    third = _run(folder, tmp_path / "out", AS_OF + dt.timedelta(days=2))
    assert third.exit_status == 0 and third.report.published, third.report.counts
    (again,) = third.report.examples["P131"]
    assert again.params["new"] == "" and "asked on an earlier night" in str(again)


def test_following_one_asks_step_asks_no_other_value_again(tmp_path: Path) -> None:
    """'Withdrawn' and 'Inactive' asked; the admin adds 'Inactive' to the condition, keeps 'Withdrawn' (a
    value judged meant): the next night says 'Withdrawn' at exit 0 (keyed on the condition's words before,
    so asked again every time the condition was edited, review194 R5)."""
    folder = _district(tmp_path, "Leaver, Applicant", ("Withdrawn", "Inactive", "Leaver", "Applicant"))
    first = _run(folder, tmp_path / "out")
    assert first.exit_status == 1 and "'Inactive'" in first.report.examples["P131"][0].params["asked"]
    _profile(folder, "Leaver, Applicant, Inactive")  # the step followed for one value
    second = _run(folder, tmp_path / "out", AS_OF + dt.timedelta(days=1))
    assert second.exit_status == 0 and second.report.published, second.report.counts
    (again,) = second.report.examples["P131"]
    assert again.params["leavers"].startswith("'Withdrawn'") and again.params["new"] == ""


def test_a_condition_leaving_the_leavers_out_says_nothing(tmp_path: Path) -> None:
    """The honest export: 'Withdrawn' left out by the condition; 'Graduating' and 'Transfer In' are students here."""
    folder = _district(tmp_path, "Withdrawn", ("Withdrawn", "Graduating Senior", "Transfer In"))
    result = _run(folder, tmp_path / "out")
    assert result.exit_status == 0 and result.report.published
    assert "P131" not in result.report.counts


def test_leaver_words_are_whole_words() -> None:
    """'Cleft', 'Leftover' and 'Graduating' hold a leaver's stem in another word: none is a leaver."""
    for value in ("Withdrawn", "W - Withdrawn", "Former student", "Formerly Enrolled", "No Show", "Left"):
        assert leaver_values._leaver(value), value
    for value in ("Cleft", "Leftover", "Graduating", "Exiting", "Transferred In", "Transfer In", "Current"):
        assert not leaver_values._leaver(value), value


def test_a_leaver_another_condition_leaves_out_is_not_said(tmp_path: Path) -> None:
    """'Withdrawn' passes `Status not_in [Leaver]`, but its one pupil is at building 999, which the rule's other
    condition leaves out: none published, nothing said (P131 weighed the whole column: exit 1, review191 R3)."""
    folder = _district(tmp_path, "Leaver", ("Withdrawn", "Leaver"))
    students = folder / "ex" / "Students.csv"
    students.write_text(students.read_text(encoding="utf-8").replace(",101,Withdrawn", ",999,Withdrawn"), "utf-8")
    profile = folder / "district.yaml"
    here = '        here: {field: "{Bldg}", op: equals, value: "101", reason: inactive-student}\n'
    end = "reason: inactive-student}\n"
    profile.write_text(profile.read_text(encoding="utf-8").replace(end, end + here, 1), encoding="utf-8")
    result = _run(folder, tmp_path / "out")
    assert "P131" not in result.report.counts, result.report.counts
    assert result.report.published and result.exit_status == 0


def test_a_withdrawn_pupil_whose_id_the_profile_pads_is_asked(tmp_path: Path) -> None:
    """`{id: {width: 5, pad: true}}` publishes the withdrawn pupil's 4013 as 04013: her row's ID as written is
    no published student's, the active pupils' 40001... are, so her row was not counted (config63a's leftover):
    published at exit 0, nothing said. Her ID is compared as the rule makes it too."""
    folder = _district(tmp_path, "Leaver", ("Withdrawn", "Leaver"))
    students = folder / "ex" / "Students.csv"
    text = students.read_text(encoding="utf-8")
    students.write_text(
        text.replace("40013,Family12,Kid12,101,Withdrawn", "4013,Family12,Kid12,101,Withdrawn"), "utf-8"
    )
    profile = folder / "district.yaml"
    padded = "sourcedId: {column: StuNum, clean: [{id: {width: 5, pad: true}}]}"
    profile.write_text(profile.read_text(encoding="utf-8").replace("sourcedId: {column: StuNum, clean: [id]}", padded))
    result = _run(folder, tmp_path / "out")
    assert "04013,," in (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")  # published, padded
    assert result.report.published and result.exit_status == 1, result.report.counts
    (asked,) = result.report.examples["P131"]
    assert asked.params["leavers"] == "'Withdrawn' (1)"


def test_a_value_the_profile_declares_active_is_no_leaver_whatever_its_words(tmp_path: Path) -> None:
    """'Withdrawal Pending': a pupil attending until her last day, named by a leaver's word. Undeclared, she is
    asked (P131); the export's `statuses` declaring her value active, nothing is asked: exit 0."""
    folder = _district(tmp_path, "Withdrawn", ("Withdrawn", "Withdrawal Pending"))
    first = _run(folder, tmp_path / "out")
    assert first.exit_status == 1 and first.report.examples["P131"][0].params["leavers"] == "'Withdrawal Pending' (1)"
    profile = folder / "district.yaml"
    columns = "columns: [StuNum, LName, FName, Bldg, Status]"
    declared = f"{columns}, statuses: {{Status: {{left: [Withdrawn], active: [Active, Withdrawal Pending]}}}}"
    profile.write_text(profile.read_text(encoding="utf-8").replace(columns, declared, 1), encoding="utf-8")
    again = _run(folder, tmp_path / "out2")
    assert again.report.published and again.exit_status == 0, again.report.counts
    assert "P131" not in again.report.counts


def test_a_whole_column_of_declared_leaver_codes_let_through_is_p118(tmp_path: Path) -> None:
    """Ten graduates written 3, in no class, let through by `Status not_in ["1"]`: a column's worth of leavers,
    the condition read the wrong way round (P118, which says it alone: not P131 again). Undeclared, a 3 is no
    word: nothing was said."""
    folder = _district(tmp_path, '"1"', ("3",) * 10)
    profile = folder / "district.yaml"
    columns = "columns: [StuNum, LName, FName, Bldg, Status]"
    declared = f'{columns}, statuses: {{Status: {{left: ["1", "3"], active: [Active]}}}}'
    profile.write_text(profile.read_text(encoding="utf-8").replace(columns, declared, 1), encoding="utf-8")
    result = _run(folder, tmp_path / "out")
    assert result.report.published and result.exit_status == 1, result.report.counts
    (said,) = result.report.examples["P118"]
    assert said.params["leavers"] == "'3' (10)" and said.params["unenrolled"] == "10"
    assert "P131" not in result.report.counts


def test_a_withdrawn_pupil_whose_status_cell_is_padded_with_a_space_is_asked(tmp_path: Path) -> None:
    """A CHAR column writes 'Withdrawn ' (a trailing space): the column's values are counted trimmed, her row's
    cell was compared untrimmed, so no published row held the value: published at exit 0, nothing said
    (review203 R2)."""
    folder = _district(tmp_path, "Leaver", ("Withdrawn ", "Leaver"))
    result = _run(folder, tmp_path / "out")
    assert result.report.published and result.exit_status == 1, result.report.counts
    (asked,) = result.report.examples["P131"]
    assert asked.params["leavers"] == "'Withdrawn' (1)"


def test_a_student_id_made_through_a_join_does_not_stop_the_run(tmp_path: Path) -> None:
    """`sourcedId: "{b.Prefix}{StuNum}"`: the ID as the rule makes it needs the join's index, which the count of
    published leavers does not build: every night ended in a traceback, exit 3 (review203 R1). Her row counts
    as the column's values do: asked once, published. No row holds 'Leaver': one message says the condition and
    the student it lets through (P131), not P113 and P134 besides (asking whether 'Active', on 12 of 13 rows,
    marks students who left: tester91 T1)."""
    folder = _district(tmp_path, "Leaver", ("Withdrawn",))
    buildings = folder / "ex" / "Buildings.csv"
    buildings.write_text("BldgCode,BldgName,Prefix\n101,North Elementary,N\n", encoding="utf-8")
    profile = folder / "district.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("columns: [BldgCode, BldgName]}", "columns: [BldgCode, BldgName, Prefix]}")
    text = text.replace(
        "      from: students\n      where:",
        "      from: students\n      join:\n        b: {source: buildings, on: {Bldg: BldgCode}}\n      where:",
    )
    text = text.replace("sourcedId: {column: StuNum, clean: [id]}", 'sourcedId: "{b.Prefix}{StuNum}"', 1)
    text = text.replace("userSourcedId: {column: StuNum}", 'userSourcedId: "N{StuNum}"', 1)  # the schedule's
    profile.write_text(text, encoding="utf-8")
    result = _run(folder, tmp_path / "out")
    assert "N40013," in (tmp_path / "out" / "users.csv").read_text(encoding="utf-8")
    assert result.report.published and result.exit_status == 1, result.report.counts
    (asked,) = result.report.examples["P131"]
    assert not {"P113", "P134"} & set(result.report.counts), result.report.counts
    assert asked.params["leavers"] == "'Withdrawn' (1)" and asked.params["unseen"] == "yes"
    assert "leaves out no one (no row of Students.csv holds ['Leaver'] in Status: its 13 rows hold" in str(asked)
