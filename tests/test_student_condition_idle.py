"""A students' leaver test none of whose values the export writes (P134, tester89 T4).

A Genesis district's own profile read withdrawals with another SIS's codes, `{withdrawalCode} not_in [T1, T2,
W1, W2, G]`, while Genesis writes '11': the withdrawn student and her parents were published at exit 0. The column
held a single value beside its blanks, so neither P113 (two values at least) nor I264's first-set stop (a few codes
of one form) asked; a later night after the profile changed published them at exit 0 too. Now such a condition is
asked once per value it lets through (published, exit 1), last.json remembering it as P131's values.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api

PROFILE = """\
name: lakeview-own
sources:
  schools: {files: [schools.csv], columns: [School_Number, Name]}
  students:
    files: [students.csv]
    columns: [Student_Number, SchoolID, First_Name, Last_Name, Grade, Program, Exit_Code]
STATUSES
tables:
  orgs:
    schools: {from: schools, columns: {sourcedId: {column: School_Number, clean: [id]}, name: {column: Name},
              type: school}}
  users:
    students:
      from: students
      where:
        left: CONDITION
      columns:
        sourcedId: {column: Student_Number, clean: [id]}
        orgSourcedIds: {column: SchoolID, clean: [id]}
        role: student
        givenName: {column: First_Name, clean: [name]}
        familyName: {column: Last_Name, clean: [name]}
        grades: {column: Grade}
"""
NAMES = ["Ava Nguyen", "Liam Garcia", "Mia Patel", "Noah Kim", "Emma Lopez", "Ethan Brown", "Zoe Adams", "Owen Clark"]
NIGHT = dt.date(2026, 10, 15)
WITHDRAWN = "5008"  # Owen Clark, withdrawn: Exit_Code 11


def _district(
    tmp_path: Path, condition: str, *, codes: dict[str, str] | None = None, statuses: str = "", grades: bool = True
) -> Path:
    """Eight students of one school; Owen (5008) withdrawn with Genesis's code '11', the others' Exit_Code blank
    (`codes` gives other values by student number); `grades` False: the rule publishes no grades."""
    folder = tmp_path / "district"
    (folder / "ex").mkdir(parents=True)
    profile = PROFILE.replace("CONDITION", condition).replace("STATUSES\n", statuses)
    if not grades:
        profile = profile.replace("        grades: {column: Grade}\n", "")
    (folder / "district.yaml").write_text(profile, encoding="utf-8")
    (folder / "ex" / "schools.csv").write_text("School_Number,Name\n100,Lakeview Middle\n", encoding="utf-8")
    _export(folder, {WITHDRAWN: "11", **(codes or {})})
    return folder


def _export(folder: Path, codes: dict[str, str], column: str = "Exit_Code") -> None:
    """The students' export, `codes` written in `column` (Exit_Code, Program or Grade) by student number."""
    rows = ["Student_Number,SchoolID,First_Name,Last_Name,Grade,Program,Exit_Code"]
    for number, name in enumerate(NAMES, start=5001):
        given, family = name.split()
        cells = {"Grade": "07", "Program": "REG", "Exit_Code": ""}
        cells[column] = codes.get(str(number), cells[column])
        rows.append(f"{number},100,{given},{family},{cells['Grade']},{cells['Program']},{cells['Exit_Code']}")
    (folder / "ex" / "students.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _run(folder: Path, as_of: dt.date = NIGHT) -> api.RunResult:
    options = api.RunOptions(  # a small school: one student of eight leaving is no mass removal
        profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=folder / "out", as_of=as_of, max_removal=50
    )
    return api.run(options)


def _published(folder: Path) -> set[str]:
    lines = (folder / "out" / "users.csv").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split(",", 1)[0] for line in lines}


OTHER_SIS = "{field: '{Exit_Code}', op: not_in, value: [T1, T2, W1, W2, G], reason: inactive-student}"


def test_a_withdrawal_test_with_another_sis_codes_is_asked_once(tmp_path: Path) -> None:
    """Owen published (the condition cannot leave him out), the run exits 1 naming the condition's values, the
    column's values with their counts and the step; the next night says it at exit 0. Before: exit 0, I264 only."""
    folder = _district(tmp_path, OTHER_SIS)
    first = _run(folder)
    assert first.report.published and first.exit_status == 1, first.report.counts
    assert WITHDRAWN in _published(folder)
    (asked,) = first.report.examples["P134"]
    said = str(asked)
    assert "no row of students.csv holds ['T1', 'T2', 'W1', 'W2', 'G'] in Exit_Code" in said
    assert (
        "(its 8 rows hold '' (7), '11' (1))" in said
        and "publishes 8 students, 1 of them whose Exit_Code holds '11' (1)" in said
    )
    assert "first seen tonight: '11'" in said and "write the codes Exit_Code writes for them" in said
    assert 'sources.students.statuses: {Exit_Code: {active: ["11"]}}' in said
    second = _run(folder, NIGHT + dt.timedelta(days=1))
    assert second.report.published and second.exit_status == 0, second.report.counts
    (again,) = second.report.examples["P134"]
    assert again.params["new"] == "" and "asked on an earlier night" in str(again)


def test_a_later_night_after_the_profile_changed_is_asked(tmp_path: Path) -> None:
    """A set published with the right code (`not_in ["11"]`); the profile then rewritten with another SIS's codes:
    Owen would be published again, as a student new to the set: asked (exit 1), not published at exit 0."""
    folder = _district(tmp_path, "{field: '{Exit_Code}', op: not_in, value: ['11'], reason: inactive-student}")
    first = _run(folder)
    assert first.exit_status == 0 and WITHDRAWN not in _published(folder), first.report.counts
    profile = folder / "district.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("value: ['11']", "value: [W1, G]"), "utf-8")
    later = _run(folder, NIGHT + dt.timedelta(days=1))
    assert later.report.published and later.exit_status == 1, later.report.counts
    assert WITHDRAWN in _published(folder) and "P134" in later.report.counts


def test_a_column_writing_the_condition_s_values_only_some_nights_is_not_asked_every_night(tmp_path: Path) -> None:
    """A Status of A (active) and P (pre-registered), `not_in [W]`: no W in the autumn. Asked once; the nights
    after exit 0; the spring night a W appears the condition does its job: nothing said; back to A and P: exit 0."""
    statuses = {str(n): "A" for n in range(5001, 5008)} | {"5007": "P", WITHDRAWN: "A"}
    folder = _district(tmp_path, "{field: '{Exit_Code}', op: not_in, value: [W], reason: inactive-student}")
    _export(folder, statuses)
    nights = [NIGHT + dt.timedelta(days=d) for d in range(4)]
    assert _run(folder, nights[0]).exit_status == 1
    assert _run(folder, nights[1]).exit_status == 0
    _export(folder, statuses | {WITHDRAWN: "W"})
    spring = _run(folder, nights[2])
    assert spring.exit_status == 0 and "P134" not in spring.report.counts and WITHDRAWN not in _published(folder)
    _export(folder, statuses)
    assert _run(folder, nights[3]).exit_status == 0


@pytest.mark.parametrize(
    ("condition", "codes", "statuses"),
    [
        # the export's own code: Owen left out
        ("{field: '{Exit_Code}', op: not_in, value: ['11', '12'], reason: inactive-student}", {}, ""),
        # an export of active students only: one value on every row, nothing to leave out tonight
        (
            "{field: '{Exit_Code}', op: not_in, value: [W], reason: inactive-student}",
            {str(n): "A" for n in range(5001, 5009)},
            "",
        ),
        # a column the rule publishes: `not_in [PK]` on a grade 7 school
        ("{field: '{Grade}', op: not_in, value: [PK, TK], reason: inactive-student}", {}, ""),
        # a guard that is no leaver test (no inactive-student reason, a column named for no status)
        ("{field: '{Program}', op: not_in, value: [ADULT]}", {}, ""),
        # a yes/no flag's other value: `not_equals "1"` on 0 and blanks
        (
            "{field: '{Exit_Code}', op: not_equals, value: '1', reason: inactive-student}",
            {"5008": "0", "5001": "0"},
            "",
        ),
        # the profile declares '11' a code of students who are here
        (OTHER_SIS, {}, "    statuses: {Exit_Code: {active: ['11']}}\n"),
        # a word naming present students on most rows and a blank: a blank is no second value (review203 R5:
        # 'Active' asked once)
        (
            "{field: '{Exit_Code}', op: not_in, value: [W], reason: inactive-student}",
            {str(n): "Active" for n in range(5001, 5008)} | {WITHDRAWN: ""},
            "",
        ),
        # a condition another rule takes the rows of (`routes`): nothing is lost (review203 R7 M7)
        ("{field: '{Exit_Code}', op: not_in, value: [T1, W1, G], reason: inactive-student, routes: true}", {}, ""),
    ],
)
def test_honest_conditions_are_not_asked(tmp_path: Path, condition: str, codes: dict[str, str], statuses: str) -> None:
    folder = _district(tmp_path, condition, codes=codes, statuses=statuses)
    result = _run(folder)
    assert result.report.published and result.exit_status == 0, result.report.counts
    assert "P134" not in result.report.counts


def test_a_leaver_code_on_most_rows_is_asked(tmp_path: Path) -> None:
    """A summer export keeping the year's leavers: Genesis's '11' on 6 rows of 8, the others blank, `not_in [T1, T2,
    W1, W2, G]`. A bare code on most rows is no evidence of students who are here: asked (exit 1), where the most
    rows' value was never asked and six withdrawn students published at exit 0 (review210 R1)."""
    folder = _district(tmp_path, OTHER_SIS, codes={str(n): "11" for n in range(5001, 5006)})
    result = _run(folder)
    assert result.report.published and result.exit_status == 1, result.report.counts
    (asked,) = result.report.examples["P134"]
    assert "publishes 8 students, 6 of them whose Exit_Code holds '11' (6)" in str(asked), str(asked)
    assert "first seen tonight: '11'" in str(asked)


def test_each_code_of_a_column_of_codes_is_asked_and_every_student_published_counted(tmp_path: Path) -> None:
    """`{Status} not_in [I, G]` on 'W' (withdrawn) on 5 rows and 'A' on 3: both asked, 8 students published, where
    only 'A' was asked, '5 students' said of 12 published, and 'W' published at exit 0 once 'A' was answered
    (review210 R1)."""
    condition = "{field: '{Exit_Code}', op: not_in, value: [I, G], reason: inactive-student}"
    folder = _district(tmp_path, condition, codes={str(n): "W" if n < 5006 else "A" for n in range(5001, 5009)})
    result = _run(folder)
    assert result.exit_status == 1, result.report.counts
    said = str(result.report.examples["P134"][0])
    assert (
        "publishes 8 students whose Exit_Code holds 'W' (5), 'A' (3)" in said and "first seen tonight: 'W', 'A'" in said
    )


def test_a_word_of_present_students_on_most_rows_is_not_asked_but_counted(tmp_path: Path) -> None:
    """'Active' on 6 rows of 8, one 'X' and one blank, `not_in [W]`: 'X' is asked, 'Active' not (the students who
    are here); the message counts every student published, not the one holding 'X' alone (review210 R1)."""
    condition = "{field: '{Exit_Code}', op: not_in, value: [W], reason: inactive-student}"
    codes = {str(n): "Active" for n in range(5001, 5007)} | {"5007": "X", WITHDRAWN: ""}
    result = _run(_district(tmp_path, condition, codes=codes))
    assert result.exit_status == 1, result.report.counts
    said = str(result.report.examples["P134"][0])
    assert "publishes 8 students, 1 of them whose Exit_Code holds 'X' (1)" in said and "'Active'," not in said, said


LEFT_WORDS = "{field: '{Exit_Code}', op: not_in, value: [Withdrawn, Graduated], reason: inactive-student}"


@pytest.mark.parametrize(
    "value",
    [
        "No Longer Attending",
        "De-Enrolled",
        "Not In School",
        "Not Returning",
        "Previously Enrolled",
        "Enrolled Elsewhere",
    ],
)
def test_a_leaver_value_holding_a_word_of_present_students_on_most_rows_is_asked(tmp_path: Path, value: str) -> None:
    """`{Exit_Code} not_in [Withdrawn, Graduated]` on a value naming leavers in words of present ones ('No Longer
    Attending') on 6 rows of 8, the others blank: asked (P134, exit 1), where a word of present students found
    anywhere in the value left it unasked and six leavers published at exit 0 (review219 R1)."""
    codes = {str(n): value for n in range(5001, 5007)} | {WITHDRAWN: ""}
    result = _run(_district(tmp_path, LEFT_WORDS, codes=codes))
    assert result.report.published and result.exit_status == 1, result.report.counts
    (asked,) = result.report.examples["P134"]
    assert f"first seen tonight: '{value}'" in str(asked), str(asked)


def test_a_leaver_value_on_most_rows_is_asked_with_the_word_of_present_students_beside_it(tmp_path: Path) -> None:
    """'Not Returning' on 5 rows of 8 and 'Active' on 3: both asked, where 'Not Returning' was taken for present
    students, 'Active' alone asked, and answering it published five leavers at exit 0 (review219 R1)."""
    codes = {str(n): "Not Returning" if n < 5006 else "Active" for n in range(5001, 5009)}
    result = _run(_district(tmp_path, LEFT_WORDS, codes=codes))
    assert result.exit_status == 1, result.report.counts
    (asked,) = result.report.examples["P134"]
    assert "first seen tonight: 'Not Returning', 'Active'" in str(asked), str(asked)


@pytest.mark.parametrize("value", ["Active", " enrolled ", "In-School", "IN_SCHOOL", "Attending"])
def test_a_whole_value_of_present_students_on_most_rows_beside_blanks_is_not_asked(tmp_path: Path, value: str) -> None:
    """The whole value a word of present students, its case, spaces and punctuation aside, on 6 rows of 8, the
    others blank: nothing to ask, exit 0 (review203 R5)."""
    codes = {str(n): value for n in range(5001, 5007)} | {WITHDRAWN: ""}
    result = _run(_district(tmp_path, LEFT_WORDS, codes=codes))
    assert result.report.published and result.exit_status == 0, result.report.counts
    assert "P134" not in result.report.counts and "P131" not in result.report.counts


def test_a_code_declared_left_stays_p131_s_question(tmp_path: Path) -> None:
    """'11' declared left: P131 asks it (its step: add it to the condition's values), not P134 as well."""
    folder = _district(tmp_path, OTHER_SIS, statuses="    statuses: {Exit_Code: {left: ['11']}}\n")
    result = _run(folder)
    assert result.exit_status == 1 and "P134" not in result.report.counts, result.report.counts
    assert result.report.examples["P131"][0].params["leavers"] == "'11' (1)"


def test_p134_s_answer_does_not_silence_p131(tmp_path: Path) -> None:
    """Asked '11' (P134), the district declares it left without writing it in the condition: P131 asks it the
    next night (exit 1), the student still published, not said at exit 0 as an answered question."""
    folder = _district(tmp_path, OTHER_SIS)
    assert _run(folder).exit_status == 1
    profile = folder / "district.yaml"
    declared = "    statuses: {Exit_Code: {left: ['11']}}\ntables:\n"
    profile.write_text(profile.read_text(encoding="utf-8").replace("tables:\n", declared, 1), "utf-8")
    next_night = _run(folder, NIGHT + dt.timedelta(days=1))
    assert next_night.exit_status == 1 and next_night.report.examples["P131"][0].params["new"] == "yes"


def test_a_keep_condition_holding_none_of_its_values_asks_each_value_its_enrolled_students_bring(
    tmp_path: Path,
) -> None:
    """A PowerSchool district's `Enroll_Status in [A]` (another SIS's letter) with `unless_enrolled`: no row is A,
    so the students published are those a current enrolment names, whatever their status. The first set asks the
    values they hold ('-1', '2'; '0' is declared active); the next night a student enrolled in classes is marked
    graduated ('3'): asked (exit 1), where I264 alone said it at exit 0 on a later night with the same profile."""
    folder = tmp_path / "district"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", folder / "ex")
    condition = "{field: '{Enroll_Status}', op: in, value: [A], unless_enrolled: true, reason: inactive-student}"
    profile = "name: lakeview\nextends: powerschool\ntables:\n  users:\n    students:\n      where:\n"
    (folder / "district.yaml").write_text(f"{profile}        active: {condition}\n", encoding="utf-8")
    first = _run(folder)
    assert first.report.published and first.exit_status == 1, first.report.counts
    (asked,) = first.report.examples["P134"]
    assert "no row of students.txt holds ['A'] in Enroll_Status (its 28 rows hold" in str(asked)
    assert "first seen tonight: '-1', '2'" in str(asked) or "first seen tonight: '2', '-1'" in str(asked)
    students = folder / "ex" / "students.txt"
    data = students.read_bytes()
    assert data.count(b"\tNguyen\t-1\t0\t") == 1  # Ava Nguyen (005001), in four classes
    students.write_bytes(data.replace(b"\tNguyen\t-1\t0\t", b"\tNguyen\t-1\t3\t"))
    later = _run(folder, NIGHT + dt.timedelta(days=1))
    assert later.report.published and later.exit_status == 1, later.report.counts
    (again,) = later.report.examples["P134"]
    assert "first seen tonight: '3'" in str(again) and "005001" in _published(folder)


def test_a_withdrawal_code_shaped_like_a_grade_is_asked(tmp_path: Path) -> None:
    """`{Exit_Code} not_in ["1", "2", "3", "4"]` on Genesis's '11': both look like grade numbers, which exempted the
    condition, Owen published at exit 0 unsaid (review203 R3). A column blank on most rows is no grade column."""
    folder = _district(
        tmp_path, "{field: '{Exit_Code}', op: not_in, value: ['1', '2', '3', '4'], reason: inactive-student}"
    )
    result = _run(folder)
    assert result.report.published and result.exit_status == 1, result.report.counts
    (asked,) = result.report.examples["P134"]
    assert "first seen tonight: '11'" in str(asked) and WITHDRAWN in _published(folder)


def test_a_grade_guard_on_the_grade_column_the_rule_does_not_publish_is_not_asked(tmp_path: Path) -> None:
    """`{Grade} not_in [PK, TK]` with reason inactive-student on a school of grades 7 and 8, the rule publishing no
    grades: a column named for the grade, written on every row, is the grade column (review203 R7 M3: the grade
    exemption removed, '07' and '08' were asked whether they mark students who left)."""
    condition = "{field: '{Grade}', op: not_in, value: [PK, TK], reason: inactive-student}"
    folder = _district(tmp_path, condition, grades=False)
    _export(folder, {"5007": "08", WITHDRAWN: "08"}, column="Grade")
    result = _run(folder)
    assert result.report.published and result.exit_status == 0, result.report.counts
    assert "P134" not in result.report.counts


def test_a_test_leaving_out_some_codes_of_a_column_written_for_the_few_asks_the_others(tmp_path: Path) -> None:
    """`not_in [T1, W1, G]` on a graduate's 'G' (left out) and Genesis's '11' for Owen, withdrawn: the condition
    holds one of its values, so P134 was silent and Owen published at exit 0 (review203 R6). The column is blank
    for the students who are here: '11' is asked once (P135), said at exit 0 the next night."""
    folder = _district(tmp_path, OTHER_SIS, codes={"5007": "G"})
    first = _run(folder)
    assert first.report.published and first.exit_status == 1, first.report.counts
    (asked,) = first.report.examples["P135"]
    said = str(asked)
    assert "whose Exit_Code holds 'G' (1), and lets through 1 student whose Exit_Code holds '11' (1)" in said
    assert "blank on 6 of its 8 rows" in said and "first seen tonight: '11'" in said
    assert WITHDRAWN in _published(folder) and "5007" not in _published(folder)
    second = _run(folder, NIGHT + dt.timedelta(days=1))
    assert second.report.published and second.exit_status == 0, second.report.counts
    assert second.report.examples["P135"][0].params["new"] == ""


def test_a_student_another_condition_leaves_out_is_not_asked(tmp_path: Path) -> None:
    """Owen's '11' let through by the leaver test, but his Program ADULT left out by the rule's other condition:
    the set does not publish him, nothing to ask (review203 R7 M5: the rows counted were not those published)."""
    folder = _district(tmp_path, OTHER_SIS + "\n        adult: {field: '{Program}', op: not_in, value: [ADULT]}")
    _export(folder, {WITHDRAWN: "11"})
    rows = (folder / "ex" / "students.csv").read_text(encoding="utf-8").replace("07,REG,11", "07,ADULT,11")
    (folder / "ex" / "students.csv").write_text(rows, encoding="utf-8")
    result = _run(folder)
    assert result.report.published and WITHDRAWN not in _published(folder)
    assert "P134" not in result.report.counts and result.exit_status == 0, result.report.counts


def test_a_condition_p118_says_is_not_asked_again(tmp_path: Path) -> None:
    """Twelve 'Graduating' seniors and five 'Active' students, `not_in [W]`, none in a class: P118 says the
    condition keeps a column's worth of leavers; P134 does not ask 'Active' besides (review203 R7 M8)."""
    folder = _district(tmp_path, "{field: '{Exit_Code}', op: not_in, value: [W], reason: inactive-student}")
    rows = ["Student_Number,SchoolID,First_Name,Last_Name,Grade,Program,Exit_Code"]
    rows += [f"{6001 + n},100,Kid{n},Family{n},12,REG,Graduating" for n in range(12)]
    rows += [f"{7001 + n},100,Kid{n},Other{n},11,REG,Active" for n in range(5)]
    (folder / "ex" / "students.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = _run(folder)
    assert "P118" in result.report.counts and "P134" not in result.report.counts, result.report.counts


def _renamed(folder: Path, column: str) -> None:
    """The export's Exit_Code column named `column` in the profile and the export alike."""
    for path in (folder / "district.yaml", folder / "ex" / "students.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace("Exit_Code", column), encoding="utf-8")


def test_a_grade_guard_on_a_column_another_rule_publishes_as_grades_is_not_asked(tmp_path: Path) -> None:
    """`{Level} not_in [PK, TK]` with reason inactive-student, the pre-kindergarten pupils published by a rule of
    their own whose grades are Level: the column is the grade level though its name does not say so; '07' and '08'
    are not asked whether they mark students who left (review210 R3: the clause had no test)."""
    folder = _district(tmp_path, "{field: '{Exit_Code}', op: not_in, value: [PK, TK], reason: inactive-student}")
    _export(folder, {str(n): "07" for n in range(5001, 5006)} | {str(n): "08" for n in range(5006, 5009)})
    profile = folder / "district.yaml"
    prek = (
        "    prek:\n      from: students\n      where:\n        prek: {field: '{Exit_Code}', op: in, value: [PK, TK]}\n"
        "      columns:\n        sourcedId: {column: Student_Number, clean: [id]}\n"
        "        orgSourcedIds: {column: SchoolID, clean: [id]}\n        role: student\n"
        "        givenName: {column: First_Name, clean: [name]}\n"
        "        familyName: {column: Last_Name, clean: [name]}\n"
        "        grades: {column: Exit_Code}\n"
    )
    profile.write_text(profile.read_text(encoding="utf-8").replace("        grades: {column: Grade}\n", "") + prek)
    _renamed(folder, "Level")
    result = _run(folder)
    assert result.report.published, result.report.counts
    assert "P134" not in result.report.counts and "P135" not in result.report.counts, result.report.counts


def test_a_column_named_for_a_grade_written_for_the_few_is_no_grade_column(tmp_path: Path) -> None:
    """`{Exit_Grade} not_in ["1", "2", "3", "4"]` read as exit codes, while Exit_Grade is blank for the students
    who are here and holds the grade a student left from ('07' for Owen): a grade on one row of eight is no grade
    level column, whatever its name: '07' asked, not exempt as a grade guard (review210 R3)."""
    folder = _district(
        tmp_path, "{field: '{Exit_Code}', op: not_in, value: ['1', '2', '3', '4'], reason: inactive-student}"
    )
    _export(folder, {WITHDRAWN: "07"})
    _renamed(folder, "Exit_Grade")
    result = _run(folder)
    assert result.report.published and result.exit_status == 1, result.report.counts
    assert "first seen tonight: '07'" in str(result.report.examples["P134"][0])
