"""A status written in codes: the leaver values a profile declares (`sources.NAME.statuses`, review194 R3).

PowerSchool writes Enroll_Status 2 for a student transferred out and 3 for a graduate: no word says so, so a
district's `Enroll_Status not_in ["1", "2"]` published its graduates at exit 0 without a word (P131 read
words only). The bundled profiles now declare their SIS's codes (PowerSchool's Students Data Import
Template, eSchoolPLUS's and Skyward's status letters), a district's own condition letting a declared leaver
code through is asked once as a word is, and check-profile says a status condition on codes whose values no
profile file declares (P133).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from transform import api


def _district(tmp_path: Path, extends: str, condition: str, *, fixture: str = "district") -> Path:
    """A district profile extending a bundled one, its students' `active` condition replaced by its own."""
    folder = tmp_path / "district"
    shutil.copytree(FIXTURES / extends / fixture / "in", folder / "ex")
    profile = f"name: lakeview\nextends: {extends}\ntables:\n  users:\n    students:\n      where:\n"
    (folder / "district.yaml").write_text(f"{profile}        active: {condition}\n", encoding="utf-8")
    return folder


def _run(folder: Path, as_of: dt.date) -> api.RunResult:
    options = api.RunOptions(
        profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=folder / "out", as_of=as_of
    )
    return api.run(options)


def _as_of(extends: str) -> dt.date:
    case = yaml.safe_load((FIXTURES / extends / "district" / "case.yaml").read_text(encoding="utf-8"))
    return dt.date.fromisoformat(str(case["as_of"]))


def _graduate(folder: Path) -> None:
    """Chloe Vang (5009, grade 99) of the PowerSchool district graduated: Enroll_Status 3."""
    students = folder / "ex" / "students.txt"  # Windows-1252, as the SIS writes it
    data = students.read_bytes()
    assert data.count(b"\tVang\t99\t0\t") == 1
    students.write_bytes(data.replace(b"\tVang\t99\t0\t", b"\tVang\t99\t3\t"))


def _published(folder: Path) -> set[str]:
    lines = (folder / "out" / "users.csv").read_text(encoding="utf-8").splitlines()[1:]
    return {line.split(",", 1)[0] for line in lines}


@pytest.mark.parametrize(
    ("extends", "condition", "code"),
    [
        # PowerSchool: 1 left out, the transferred-out student (2) and the graduate (3) let through
        ("powerschool", '{field: "{Enroll_Status}", op: not_in, value: ["1", "2"], reason: inactive-student}', "3"),
        # eSchoolPLUS: I left out, the graduate (G) let through
        ("eschoolplus", "{field: '{CURRENT_STATUS}', op: not_equals, value: I, reason: inactive-student}", "G"),
        # Skyward SMS: the status taken for a word ('Inactive'): the inactive student (I) let through
        ("skyward-sms", "{field: '{STUDENT-STATUS}', op: not_equals, value: Inactive, reason: inactive-student}", "I"),
    ],
)
def test_a_leaver_code_a_district_condition_lets_through_is_asked_once(
    tmp_path: Path, extends: str, condition: str, code: str
) -> None:
    """Asked the first night (published, exit 1), naming the code and the profile's declaration; said at exit 0
    the next night. Before, no word named a leaver: published at exit 0, nothing said (P131 absent)."""
    folder = _district(tmp_path, extends, condition)
    if extends == "powerschool":
        _graduate(folder)
    first = _run(folder, _as_of(extends))
    assert first.report.published and first.exit_status == 1, first.report.counts
    (asked,) = first.report.examples["P131"]
    assert asked.params["leavers"] == f"'{code}' (1)" and asked.params["new"] == "yes"
    assert "sources.students.statuses" in str(asked) and f"first seen tonight: '{code}'" in str(asked)
    second = _run(folder, _as_of(extends) + dt.timedelta(days=1))
    assert second.report.published and second.exit_status == 0, second.report.counts
    (said,) = second.report.examples["P131"]
    assert said.params["new"] == "" and "asked on an earlier night" in str(said)


def test_a_leaver_code_listed_among_the_values_kept_is_asked(tmp_path: Path) -> None:
    """`Enroll_Status in ["0", "3"]` (3 read as pre-registered) keeps the graduate: asked, the step is to take
    the code out of the list, not to add it."""
    folder = _district(tmp_path, "powerschool", '{field: "{Enroll_Status}", op: in, value: ["0", "3"]}')
    _graduate(folder)
    result = _run(folder, _as_of("powerschool"))
    assert result.report.published and result.exit_status == 1, result.report.counts
    (asked,) = result.report.examples["P131"]
    assert asked.params["leavers"] == "'3' (1)"
    assert "take it out of the condition's values (Enroll_Status)" in str(asked)


def test_an_honest_district_keeping_active_and_pre_registered_students_publishes_at_exit_0(tmp_path: Path) -> None:
    """`Enroll_Status in ["0", "-1"]` (pre-registered students kept, as D118's Clever export does): -1 is
    declared neither way and is no word, the transferred-out 2 and the graduate 3 are left out: nothing asked."""
    folder = _district(tmp_path, "powerschool", '{field: "{Enroll_Status}", op: in, value: ["0", "-1"]}')
    _graduate(folder)
    result = _run(folder, _as_of("powerschool"))
    assert result.report.published and result.exit_status == 0, result.report.counts
    assert "P131" not in result.report.counts and "P118" not in result.report.counts
    assert "5009" not in _published(folder) and "5016" in _published(folder)  # the graduate out, Leo (-1) in


OWN = """\
name: lakeview-own
sources:
  schools: {files: [schools.txt], columns: [School_Number, Name]}
  students:
    files: [students.txt]
    columns: [Student_Number, SchoolID, First_Name, Last_Name, Enroll_Status]
STATUSES
tables:
  orgs:
    schools: {from: schools, columns: {sourcedId: {column: School_Number, clean: [id]}, name: {column: Name},
              type: school}}
  users:
    students:
      from: students
      where:
        active: CONDITION
      columns:
        sourcedId: {column: Student_Number, clean: [id]}
        orgSourcedIds: {column: SchoolID, clean: [id]}
        role: student
        givenName: {column: First_Name, clean: [name]}
        familyName: {column: Last_Name, clean: [name]}
"""


def _check(
    tmp_path: Path, condition: str, statuses: str = "", *, column: str = "Enroll_Status"
) -> list[tuple[str, str]]:
    profile = tmp_path / "own.yaml"
    text = OWN.replace("CONDITION", condition).replace("STATUSES\n", statuses).replace("Enroll_Status]", f"{column}]")
    profile.write_text(text, encoding="utf-8")
    _, problems = api.check_profile(str(profile), hints=True)
    return [(p.code.id, str(p)) for p in problems]


def test_check_profile_says_a_status_condition_on_codes_no_profile_declares(tmp_path: Path) -> None:
    """A district's own profile for its PowerSchool exports, `Enroll_Status not_in ["1"]`: said at the condition,
    with the declaration to write and the bundled powerschool profile's codes."""
    found = _check(tmp_path, '{field: "{Enroll_Status}", op: not_in, value: ["1"], reason: inactive-student}')
    (said,) = [text for cid, text in found if cid == "P133"]
    assert "own.yaml:15:" in said and "tables.users.students.where.active" in said
    assert "sources.students.statuses: {Enroll_Status: {left: [...], active: [...]}}" in said
    assert 'the bundled powerschool profile declares Enroll_Status: left: ["1", "2", "3", "4"], active: ["0"]' in said


def test_a_status_column_of_another_layout_is_given_no_bundled_profile_codes(tmp_path: Path) -> None:
    """A Tyler SIS export's `Status not_in [W]`: the bundled OneRoster profiles declare a `status` too, of an
    export of other columns (sourcedId, role ...): their tobedeleted is not offered, the step is the SIS's own."""
    own = tmp_path / "tyler"
    own.mkdir()
    found = _check(own, '{field: "{Status}", op: not_in, value: [W], reason: inactive-student}', column="Status")
    (said,) = [text for cid, text in found if cid == "P133"]
    assert "sources.students.statuses: {Status: {left: [...], active: [...]}}, the SIS's codes" in said
    assert "bundled" not in said and "tobedeleted" not in said


@pytest.mark.parametrize(
    ("condition", "statuses"),
    [
        # declared: nothing to say
        (
            '{field: "{Enroll_Status}", op: not_in, value: ["1"]}',
            '    statuses: {Enroll_Status: {left: ["1", "2", "3"], active: ["0"]}}\n',
        ),
        # words: P131 reads them
        ("{field: '{Enroll_Status}', op: not_equals, value: Withdrawn, reason: inactive-student}", ""),
        # the values kept, listed (as `transform init` drafts it): no code passes that it does not name
        ('{field: "{Enroll_Status}", op: in, value: ["0", "-1"], reason: inactive-student}', ""),
    ],
)
def test_check_profile_says_nothing_of_a_declared_or_worded_status(
    tmp_path: Path, condition: str, statuses: str
) -> None:
    assert "P133" not in {cid for cid, _ in _check(tmp_path, condition, statuses)}


def test_a_district_extending_a_bundled_profile_inherits_its_declaration(tmp_path: Path) -> None:
    folder = _district(tmp_path, "powerschool", '{field: "{Enroll_Status}", op: not_in, value: ["1", "2", "3", "4"]}')
    _, problems = api.check_profile(str(folder / "district.yaml"), hints=True)
    assert "P133" not in {p.code.id for p in problems}


def test_a_declaration_naming_no_column_or_a_value_both_ways_is_a_profile_error(tmp_path: Path) -> None:
    """A misspelt column would watch nothing while the district believes its leavers are watched (P106, with
    the column meant); a value both left and active says nothing (P103)."""
    misspelt = '      Enrol_Status: {left: ["2"]}\n'
    statuses = f'    statuses:\n{misspelt}      Enroll_Status: {{left: ["2", "3"], active: ["0", "3"]}}\n'
    found = _check(tmp_path, '{field: "{Enroll_Status}", op: equals, value: "0"}', statuses)
    errors = [text for cid, text in found if cid in ("P106", "P103")]
    assert any("declares no column 'Enrol_Status'; did you mean 'Enroll_Status'?" in text for text in errors), found
    assert any("'3' both left and active" in text for text in errors), found


def test_a_bundled_declaration_of_a_column_the_district_no_longer_lists_is_no_profile_error(tmp_path: Path) -> None:
    """A district extending sds whose own optional_columns leave Status out (its where condition nulled): the
    upgrade's inherited `statuses: {Status: ...}` named a column the export no longer declares, P106 at the
    bundled file, which the district cannot edit: exit 2 on a profile that worked the night before (review203
    R4). The inherited declaration judges nothing; a district's own misspelt one is still P106 (above)."""
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: harbor\nextends: sds\nsettings:\n  email_domain: harbor.example.org\nsources:\n  students:\n"
        "    optional_columns: [Username, Secondary Email, Student Number, Middle Name, Grade, Birthdate]\n"
        "tables:\n  users:\n    students:\n      where:\n        active: null\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(profile), hints=True)
    assert not [p for p in problems if p.code.id in ("P106", "P103")], [str(p) for p in problems]


def _own_sis(tmp_path: Path, condition: str, statuses: list[str]) -> tuple[Path, api.RunOptions]:
    """A district's own profile (OWN, no `statuses:`) on a students.txt of PowerSchool's columns, `statuses` the
    Enroll_Status of students 5001 on."""
    folder = tmp_path / "district"
    (folder / "ex").mkdir(parents=True)
    (folder / "district.yaml").write_text(OWN.replace("CONDITION", condition).replace("STATUSES\n", ""), "utf-8")
    (folder / "ex" / "schools.txt").write_text("School_Number\tName\n100\tLakeview\n", encoding="utf-8")
    rows = ["Student_Number\tSchoolID\tFirst_Name\tLast_Name\tEnroll_Status"]
    rows += [f"{5001 + n}\t100\tKid{n}\tFamily{n}\t{status}" for n, status in enumerate(statuses)]
    (folder / "ex" / "students.txt").write_text("\n".join(rows) + "\n", encoding="utf-8")
    options = api.RunOptions(
        profile=str(folder / "district.yaml"), in_dir=folder / "ex", out_dir=folder / "out", as_of=dt.date(2026, 10, 15)
    )
    return folder, options


NOT_EQUALS = '{field: "{Enroll_Status}", op: not_equals, value: "CODE", reason: inactive-student}'


@pytest.mark.parametrize(
    ("condition", "statuses", "asked"),
    [  # a history export's graduates: PowerSchool's '3' on 7 rows of 12 (review219 R2)
        (
            '{field: "{Enroll_Status}", op: not_equals, value: "2", reason: inactive-student}',
            ["3"] * 7 + ["0"] * 5,
            "3",
        ),
        # another SIS's column of the same name, '1' its enrolled students (review210 R2)
        (NOT_EQUALS.replace("CODE", "0"), ["1"] * 7 + ["0"], "1"),
    ],
)
def test_a_code_the_layout_s_guess_declares_left_on_most_rows_is_asked_once_as_a_guess(
    tmp_path: Path, condition: str, statuses: list[str], asked: str
) -> None:
    """A code the bundled powerschool profile declares left on most rows of an export of its layout: asked once,
    in the guess's words, its district answering either way; where the guess was dropped and seven graduates
    published at exit 0 every night (review219 R2)."""
    folder, options = _own_sis(tmp_path, condition, statuses)
    first = api.run(dataclasses.replace(options, max_removal=80))
    assert first.report.published and first.exit_status == 1, first.report.counts
    (said,) = first.report.examples["P131"]
    assert said.params["leavers"] == f"'{asked}' (7)", str(said)
    assert "if your SIS's Enroll_Status is powerschool's (a guess from the export's columns)" in str(said)
    assert "if they are meant to be in Remind, nothing to do: not asked again" in str(said)
    second = api.run(dataclasses.replace(options, max_removal=80, as_of=dt.date(2026, 10, 16)))
    assert second.report.published and second.exit_status == 0, second.report.counts
    assert "5001" in _published(folder)


def test_a_run_asks_a_code_the_bundled_profile_of_the_export_s_layout_declares_left(tmp_path: Path) -> None:
    """A district's own profile for its PowerSchool students.txt, `Enroll_Status not_in ["2", "3"]`, declaring no
    codes: check-profile said P133, the run published the student transferred out ('1') at exit 0 every night
    unsaid (review203 R6). The run judges the codes by the bundled powerschool profile's declaration: '1' asked
    once with the declaration to write ('0', declared active there, and '-1', declared neither way, are not)."""
    condition = '{field: "{Enroll_Status}", op: not_in, value: ["2", "3"], reason: inactive-student}'
    folder, options = _own_sis(tmp_path, condition, ["0"] * 5 + ["-1", "2", "1"])
    first = api.run(dataclasses.replace(options, max_removal=50))
    assert first.report.published and first.exit_status == 1, first.report.counts
    (asked,) = first.report.examples["P131"]
    assert asked.params["leavers"] == "'1' (1)" and "the bundled powerschool profile" in str(asked)
    # the guess said as one (review210 R2)
    assert "if your SIS's Enroll_Status is powerschool's (a guess from the export's columns)" in str(asked)
    assert "If your SIS's Enroll_Status is powerschool's and they left, add it" in str(asked)
    assert "Declare the column's codes (P133), sources.students.statuses: {Enroll_Status:" in str(asked)
    assert "5008" in _published(folder)
    second = api.run(dataclasses.replace(options, max_removal=50, as_of=dt.date(2026, 10, 16)))
    assert second.report.published and second.exit_status == 0, second.report.counts


def test_one_message_for_a_condition_written_with_another_sis_s_codes(tmp_path: Path) -> None:
    """PowerSchool's Enroll_Status read with another SIS's codes, `not_in [W1, W2, G]`: I264, P131 ('2', '3') and
    P134 ('-1') were said at one place (tester91 T1). One message now: P134, naming the declared leaver codes to
    write and asking '-1'; the next night said at exit 0."""
    condition = '{field: "{Enroll_Status}", op: not_in, value: ["W1", "W2", "G"], reason: inactive-student}'
    folder = _district(tmp_path, "powerschool", condition)
    _graduate(folder)
    first = _run(folder, _as_of("powerschool"))
    assert first.report.published and first.exit_status == 1, first.report.counts
    assert not {"I264", "P131", "P113"} & set(first.report.counts), first.report.counts
    (asked,) = first.report.examples["P134"]
    said = str(asked)
    assert "('2', '3': values sources.students.statuses (Enroll_Status) declares for students who left)" in said
    assert "Write '2', '3' in the condition's values; if '-1' marks students who left" in said
    second = _run(folder, _as_of("powerschool") + dt.timedelta(days=1))
    assert second.report.published and second.exit_status == 0, second.report.counts
    assert second.report.examples["P134"][0].params["new"] == "" and "P131" not in second.report.counts
    # the profile changed, the condition as idle: I264 stopped the first set after it; P134, saying it, does
    profile = folder / "district.yaml"
    profile.write_text(profile.read_text(encoding="utf-8").replace('"W1", "W2", "G"', '"W1", "G"'), "utf-8")
    changed = _run(folder, _as_of("powerschool") + dt.timedelta(days=2))
    assert changed.report.published and changed.exit_status == 1, changed.report.counts
    assert "I264" not in changed.report.counts and changed.report.examples["P134"][0].params["new"] == ""
