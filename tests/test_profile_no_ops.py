"""Profile lines that do nothing, and publish a plausible set at exit 0 (tester25 2.1, 2.2).

- A status condition compared with a value the export never holds (`not_equals Inactive` on a
  Status of Enrolled, Withdrawn and Applicant) leaves out no row: the withdrawn student was
  published with no word. Said once per condition at its line, with the values the column holds
  (P113, a warning: the set is published); nothing for a list some value of which matches, a
  column of one value, a condition whose value another rule's export holds, one marked
  `optional: true`, or a bundled profile's (tests/test_conditions_read_wrong.py).
- Grades read through the grade map from a column of graduation years: every student Other,
  D302 once per year, exit 0. Refused (X988, exit 1), naming the column, the map and the fix; a
  grade or two not in the map stays a D302 warning.
- A column that keeps an inherited `map: grades` before `clean: [grade_from_graduation_year]`:
  every grade blank. Refused as a profile error before anything is read (P114, exit 2).
- An ended-enrolment date condition written the wrong way round (`{Drop Date} date_lt as_of`,
  reason enrollment-ended) keeps every dropped enrolment: a profile error (P116, exit 2; tester38 F3).

Each test starts from the tutorial's finished profile and its exports (docs/tutorial.md,
fixtures/tutorial/school/in) and changes what the finding is about."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.doc_profiles import marked_profile
from tests.test_cli import transform
from tests.test_columnar import both_engines
from tests.test_profile_slips import codes, rows
from transform import api

TUTORIAL = ROOT / "docs" / "tutorial.md"
EXPORTS = FIXTURES / "tutorial" / "school" / "in"
CLEVER = FIXTURES / "clever" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)

# The tutorial's students condition, written twice (users and demographics), and its grades.
ENROLLED = '{field: "{Enrollment Status}", op: equals, value: Enrolled, reason: inactive-student}'
GRADES = "grades: {column: Grade Level, map: grades}"


def district(tmp_path: Path, *edits: tuple[str, str]) -> tuple[Path, Path]:
    """The tutorial's profile with every `old` of each (old, new) replaced, and its exports."""
    text = marked_profile(TUTORIAL)
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    tmp_path.mkdir(parents=True, exist_ok=True)
    profile = tmp_path / "district.yaml"
    profile.write_text(text, encoding="utf-8")
    exports = tmp_path / "in"
    shutil.copytree(EXPORTS, exports)
    return profile, exports


def add_column(exports: Path, name: str, column: str, values: dict[str, str], *, key: str) -> None:
    """A column appended to an export, its value on each row by the row's `key` cell."""
    path = exports / name
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines[0].split(",").index(key)
    out = [f"{lines[0]},{column}"] + [f"{line},{values[line.split(',')[at]]}" for line in lines[1:]]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def line_of(profile: Path, text: str) -> int:
    """The first line of the profile holding `text`."""
    return next(n for n, line in enumerate(profile.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def run(profile: Path, exports: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF, **options))  # type: ignore[arg-type]


def user_ids(out: Path) -> set[str]:
    return {line.split(",", 1)[0] for line in rows(out, "users.csv")}


# --- P113: a condition whose value no row holds ----------------------------------------------

INACTIVE = '{field: "{Enrollment Status}", op: not_equals, value: Inactive, reason: inactive-student}'


def test_a_status_condition_whose_value_no_row_holds_is_said_once_at_its_line(tmp_path: Path) -> None:
    """The withdrawn student (10008) and the applicant (10010) are published, as the profile
    says; the admin is told once, at the users rule's condition, what the column holds."""
    profile, exports = district(tmp_path, (ENROLLED, INACTIVE))
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 1 and result.report.published  # a first set: published, but look
    assert {"10008", "10010"} <= user_ids(tmp_path / "python")
    [said] = result.report.examples["P113"]
    assert codes(result)["P113"] == 1 and said.code.severity == "warning"
    column = profile.read_text(encoding="utf-8").splitlines()[line_of(profile, INACTIVE) - 1].index("{field") + 1
    assert said.where.file == f"{profile}:{line_of(profile, INACTIVE)}:{column}"
    assert said.message == (
        "users.students where enrolled: {Enrollment Status} not_equals Inactive: no row of Students.csv holds "
        "Inactive in Enrollment Status (its 12 rows hold 'Enrolled' (10), 'Applicant' (1), 'Withdrawn' (1)), "
        "so the condition leaves out no row: the records it exists to leave out may be published; "
        "demographics.students has the same condition; write the value as this export writes it, or give "
        "the condition `optional: true` if the export holds that value only some years"
    )


def test_the_condition_is_said_on_every_run_and_by_check_profile(tmp_path: Path) -> None:
    """Among the notices (said with --quiet too), and by check-profile --exports before the
    first run; --strict refuses the set."""
    profile, exports = district(tmp_path, (ENROLLED, INACTIVE))
    quiet = transform("--profile", profile, exports, tmp_path / "out", "--as-of", "2026-10-15", "--quiet")
    assert quiet.returncode == 1
    assert "P113 condition-matches-no-row: users.students where enrolled" in quiet.stderr
    checked = transform("check-profile", profile, "--exports", exports)
    assert checked.returncode == 0
    assert checked.stderr.count("P113 condition-matches-no-row") == 1
    strict = run(profile, exports, tmp_path / "strict", strict=True)
    assert strict.exit_status == 1 and not (tmp_path / "strict").exists()


def test_the_condition_exits_1_on_a_first_set_and_after_a_profile_edit_only(tmp_path: Path) -> None:
    """Must a person act? On the first set made with the condition, yes: the withdrawn students
    it exists to leave out are published (tester38 F6). The next night with the same profile is
    published at exit 0, still saying it (the value may be absent this year); the night after
    the profile was edited (the condition still matching no row) exits 1 again; a comment added
    changes nothing the profile says (its digest is of what it says)."""
    profile, exports = district(tmp_path, (ENROLLED, INACTIVE))
    out = tmp_path / "out"
    first = run(profile, exports, out)
    assert (first.exit_status, first.report.published, codes(first)["P113"]) == (1, True, 1)
    assert first.report.facts["first_set"] is True
    again = run(profile, exports, out)
    assert (again.exit_status, again.report.published, codes(again)["P113"]) == (0, True, 1)
    assert again.report.facts["profile_changed"] is False
    edit = INACTIVE.replace("reason: inactive-student", "reason: inactive-student, allow_empty: true")
    profile.write_text(profile.read_text(encoding="utf-8").replace(INACTIVE, edit), encoding="utf-8")
    edited = run(profile, exports, out)
    assert (edited.exit_status, edited.report.published, codes(edited)["P113"]) == (1, True, 1)
    assert edited.report.facts["profile_changed"] is True
    assert run(profile, exports, out).exit_status == 0


@pytest.mark.parametrize(
    "condition",
    [
        # a list of which one value is held: it leaves out the withdrawn student
        '{field: "{Enrollment Status}", op: not_in, value: [Inactive, Withdrawn], reason: inactive-student}',
        # the district says its value comes and goes
        '{field: "{Enrollment Status}", op: not_equals, value: Inactive, reason: inactive-student, optional: true}',
        # the tutorial's own: its value is held
        ENROLLED,
    ],
    ids=["list-one-held", "optional", "value-held"],
)
def test_a_condition_some_row_matches_or_marked_optional_says_nothing(tmp_path: Path, condition: str) -> None:
    profile, exports = district(tmp_path, (ENROLLED, condition))
    result = run(profile, exports, tmp_path / "out")
    assert "P113" not in codes(result)
    # not_equals Inactive lets the export's one Withdrawn student through, and an Applicant: asked once in one
    # message (P134 naming 'Withdrawn' as P131 would: tester91 T1), not P113
    leaver_through = "not_equals, value: Inactive" in condition
    assert (result.exit_status, codes(result).get("P134", 0)) == ((1, 1) if leaver_through else (0, 0))
    if leaver_through:
        assert "('Withdrawn': values that name students who left)" in str(result.report.examples["P134"][0])


def test_a_column_of_one_value_says_nothing(tmp_path: Path) -> None:
    """An export of enrolled students only: the condition has nothing to leave out tonight."""
    profile, exports = district(tmp_path, (ENROLLED, INACTIVE))
    text = (exports / "Students.csv").read_text(encoding="utf-8")
    (exports / "Students.csv").write_text(text.replace("Withdrawn", "Enrolled").replace("Applicant", "Enrolled"))
    result = run(profile, exports, tmp_path / "out")
    assert result.exit_status == 0 and "P113" not in codes(result)


def test_a_condition_whose_value_another_rules_export_holds_says_nothing(tmp_path: Path) -> None:
    """The students' and the staff's rules compare their Status with Inactive; only the staff
    export has one (F106). Without the staff's condition, the students' is said."""
    staff = '{field: "{Active}", op: not_in, value: ["0", n, "no", f, "false"], reason: inactive-staff}'
    status = '{field: "{Status}", op: not_equals, value: Inactive}'
    declared = ("optional_columns: [Email, Active]", "optional_columns: [Email, Active, Status]")
    students = ("optional_columns: [Middle Name,", "optional_columns: [Status, Middle Name,")
    for case, staff_condition in (("both", status), ("students", staff)):
        profile, exports = district(tmp_path / case, (ENROLLED, status), (staff, staff_condition), declared, students)
        students_status = {f"100{n:02}": "Pending" if n == 8 else "Enrolled" for n in range(1, 13)}  # no leaver (P131)
        add_column(exports, "Students.csv", "Status", students_status, key="Student ID")
        faculty = {f"F10{n}": "Inactive" if n == 6 else "Active" for n in range(1, 7)}
        add_column(exports, "Faculty.csv", "Status", faculty, key="Faculty ID")
        result = run(profile, exports, tmp_path / case / "out")
        assert result.exit_status == (0 if case == "both" else 1)  # a first set with P113: published, but look
        said = [p.params["rule"] for p in result.report.examples.get("P113", [])]
        assert said == ([] if case == "both" else ["users.students"])


def run_both(tmp_path: Path, profile: Path, exports: Path, **options: object) -> api.RunResult:
    """A first run in each engine; they must agree byte for byte. The python engine's result."""
    return both_engines(tmp_path, profile=str(profile), in_dir=exports, as_of=AS_OF, **options)[0]


# --- X988: a mapped column none of whose values is in the map --------------------------------

CLASS_OF = {  # the students' grades in 2026-2027 (Grade Level) as the years they graduate
    "10001": "2030", "10002": "2033", "10003": "2029", "10004": "2030", "10005": "2028", "10006": "2027",
    "10007": "2039", "10008": "2029", "10009": "2030", "10010": "2028", "10011": "2033", "10012": "2027",
}  # fmt: skip


def graduation_years(tmp_path: Path, grades: str) -> tuple[Path, Path]:
    """The tutorial district with a Class Of column, its students' grades read as `grades`."""
    profile, exports = district(
        tmp_path,
        (GRADES, grades),
        ("optional_columns: [Middle Name,", "optional_columns: [Class Of, Middle Name,"),
    )
    add_column(exports, "Students.csv", "Class Of", CLASS_OF, key="Student ID")
    return profile, exports


def test_grades_read_through_the_map_from_a_graduation_year_column_are_refused(tmp_path: Path) -> None:
    """Every student's grade would have been Other (D302 once per year, exit 0)."""
    profile, exports = graduation_years(tmp_path, "grades: {column: Class Of, map: grades}")
    result = run_both(tmp_path, profile, exports)
    assert result.exit_status == 1 and not (tmp_path / "python").exists()
    [refused] = result.report.examples["X988"]
    assert (refused.where.file, refused.where.column) == ("Students.csv", "Class Of")
    at = line_of(profile, "grades: {column: Class Of")
    column = profile.read_text(encoding="utf-8").splitlines()[at - 1].index("{column: Class Of") + 1
    assert refused.message == (
        "Class Of: none of the 12 values of this column in Students.csv is in map 'grades' ('2030' (3), "
        "'2027' (2), '2028' (2), '2029' (2), '2033' (2) and 1 more); users.grades reads it through the map "
        f"({profile}:{at}:{column}), and every record would get 'Other'; nothing published (the column holds "
        "graduation years: read them with `map: null` and `clean: [grade_from_graduation_year]`, or read "
        "users.grades from the column that holds the grades)"
    )
    checked = transform("check-profile", profile, "--exports", exports)
    assert "X988 map-matches-no-value: Class Of: none of the 12 values" in checked.stderr


def test_the_graduation_years_read_by_their_cleaner_are_published(tmp_path: Path) -> None:
    profile, exports = graduation_years(
        tmp_path, "grades: {column: Class Of, map: null, clean: [grade_from_graduation_year]}"
    )
    result = run(profile, exports, tmp_path / "out")
    assert result.exit_status == 0 and "X988" not in codes(result) and "D302" not in codes(result)
    as_read = district(tmp_path / "grade-level")
    run(*as_read, tmp_path / "grade-level" / "out")
    assert grades(tmp_path / "out") == grades(tmp_path / "grade-level" / "out")
    assert grades(tmp_path / "out")["10007"] == "KG" and grades(tmp_path / "out")["10001"] == "09"


def grades(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8") as handle:
        return {row["sourcedId"]: row["grades"] for row in csv.DictReader(handle) if row["role"] == "student"}


def test_a_few_grades_not_in_the_map_stay_warnings(tmp_path: Path) -> None:
    """Two students in a grade 13 the map does not know: each value said, the set published."""
    profile, exports = district(tmp_path)
    text = (exports / "Students.csv").read_text(encoding="utf-8")
    (exports / "Students.csv").write_text(text.replace(",12,", ",13,"), encoding="utf-8")
    result = run(profile, exports, tmp_path / "out")
    assert result.exit_status == 0
    assert codes(result)["D302"] == 2 and "X988" not in codes(result)


# --- P114: a grade map left in place before the graduation-year cleaner ----------------------

EXTENDS_CLEVER = """\
name: tyler-district
extends: clever
sources:
  students:
    optional_columns: [Student_number, Middle_name, Grade, Grad_Year, DOB, Home_language, Student_email, Username,
                       Contact_relationship, Contact_type, Contact_name, Contact_phone, Contact_email,
                       Contact_sis_id]
tables:
  users:
    students:
      columns:
        grades: {column: Grad_Year, clean: [grade_from_graduation_year]}
"""


def test_an_inherited_grade_map_before_the_graduation_year_cleaner_is_a_profile_error(tmp_path: Path) -> None:
    """clever's `map: grades` merges into the district's column: every year became Other, then a
    blank grade (D302, D318 for every student, exit 0). Refused at the line, before any export
    is read."""
    profile = tmp_path / "district.yaml"
    profile.write_text(EXTENDS_CLEVER, encoding="utf-8")
    checked = transform("check-profile", profile.name, cwd=tmp_path)
    assert checked.returncode == 2
    said = checked.stdout + checked.stderr
    assert "district.yaml:12:45: P114 grade-map-before-graduation-year: tables.users.students.columns.grades" in said
    assert "map 'grades' (from " in said and "clever.yaml:" in said and ", the profile this one extends)" in said
    assert (
        "reads each graduation year before grade_from_graduation_year does and writes 'Other' for it, so the "
        "cleaner finds no year and no student gets a grade: write `map: null` beside `clean:`"
    ) in said
    ran = transform("--profile", profile.name, CLEVER, "out", "--as-of", "2026-10-15", cwd=tmp_path)
    assert ran.returncode == 2 and "P114" in ran.stderr and not (tmp_path / "out").exists()
    profile.write_text(EXTENDS_CLEVER.replace("Grad_Year, clean:", "Grad_Year, map: null, clean:"), encoding="utf-8")
    assert transform("check-profile", profile.name, cwd=tmp_path).returncode == 0


def test_a_grade_map_and_the_graduation_year_cleaner_in_one_line_is_a_profile_error(tmp_path: Path) -> None:
    profile, _ = district(
        tmp_path, (GRADES, "grades: {column: Grade Level, map: grades, clean: [grade_from_graduation_year]}")
    )
    _, problems = api.check_profile(str(profile))
    assert [(p.code.id, p.params["path"]) for p in problems] == [
        ("P114", "tables.users.students.columns.grades.clean.0")
    ]
    assert problems[0].params["inherited"] == ""


# The tutorial's dropped-enrolment condition (step 9), and the same with its comparison reversed.
NOT_DROPPED = '{field: "{Drop Date}", op: date_ge, value: as_of, allow_empty: true, reason: enrollment-ended}'


@pytest.mark.parametrize(
    ("written", "left", "fix"),
    [
        ("op: date_lt", "on or after", "date_ge"),
        ("op: date_le", "after", "date_gt"),
    ],
)
def test_a_dropped_enrolment_condition_written_the_wrong_way_round_is_a_profile_error(
    tmp_path: Path, written: str, left: str, fix: str
) -> None:
    """`{Drop Date} date_lt as_of` with reason enrollment-ended keeps every enrolment dropped
    before today and leaves out none of them: the dropped students stayed in their classes at exit
    0, not a word (tester38 F3). Refused at the line before any export is read (P116, exit 2)."""
    profile, exports = district(tmp_path, (NOT_DROPPED, NOT_DROPPED.replace("op: date_ge", written)))
    checked = transform("check-profile", profile.name, cwd=tmp_path)
    assert checked.returncode == 2
    said = checked.stdout + checked.stderr
    assert "P116 condition-date-reversed: tables.enrollments." in said
    assert (
        f"{{Drop Date}} {written[4:]} as_of leaves out as enrollment-ended the rows dated {left} the run's date "
        "and keeps those dated in the past: it is written the wrong way round (enrollment-ended rows are dated "
        f"in the past) and would publish every one of them; write `op: {fix}`"
    ) in said
    ran = transform("--profile", profile.name, exports, "out", "--as-of", "2026-10-15", cwd=tmp_path)
    assert ran.returncode == 2 and "P116" in ran.stderr and not (tmp_path / "out").exists()


def test_a_not_started_condition_written_the_wrong_way_round_is_a_profile_error(tmp_path: Path) -> None:
    """A row not started yet has its start date in the future: `date_ge as_of` with reason
    not-started leaves out the rows that have started."""
    profile, _ = district(
        tmp_path,
        (
            NOT_DROPPED,
            NOT_DROPPED.replace("value: as_of", 'value: "as_of+window"').replace("enrollment-ended", "not-started"),
        ),
    )
    _, problems = api.check_profile(str(profile))
    assert [(p.code.id, p.params["left"], p.params["side"], p.params["fix"]) for p in problems] == [
        ("P116", "before", "in the future", "date_lt")
    ]


@pytest.mark.parametrize(
    "condition",
    [
        NOT_DROPPED,
        NOT_DROPPED.replace("op: date_ge", "op: date_gt"),
        # an entry date whose rows not yet entered are called inactive: the inactive-* reasons are not judged
        NOT_DROPPED.replace("op: date_ge", "op: date_le").replace("enrollment-ended", "inactive-student"),
        # the profile's own words instead of a reason
        NOT_DROPPED.replace("op: date_ge", "op: date_lt").replace("reason: enrollment-ended", "because: moved away"),
        # a fixed date, not the run's
        NOT_DROPPED.replace("op: date_ge, value: as_of", 'op: date_lt, value: "2026-06-30"'),
    ],
)
def test_date_conditions_the_right_way_round_or_not_judged_are_not_said(tmp_path: Path, condition: str) -> None:
    profile, _ = district(tmp_path, (NOT_DROPPED, condition))
    _, problems = api.check_profile(str(profile))
    assert [p.code.id for p in problems] == []


def test_no_bundled_profile_has_a_date_condition_the_wrong_way_round() -> None:
    for path in sorted((ROOT / "profiles").glob("*.yaml")):
        _, problems = api.check_profile(str(path))
        assert "P116" not in [p.code.id for p in problems], path.name


@pytest.mark.parametrize(("op", "said"), [("date_lt", ["P116"]), ("date_ge", [])])
def test_a_condition_in_the_districts_own_words_is_judged_by_the_one_it_replaces(
    tmp_path: Path, op: str, said: list[str]
) -> None:
    """A district's `current` over Infinite Campus's, its reason in its own words (`because:`,
    reason: null), written the wrong way round: not judged, and every dropped enrolment was
    published at exit 0 (tester49 F6). The condition it replaces says which side the dropped lie on."""
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\nextends: infinite-campus\ntables:\n  enrollments:\n    students:\n      where:\n"
        f'        current: {{field: "{{endDate}}", op: {op}, value: as_of, allow_empty: true, reason: null,\n'
        '                  because: "schedule change (class dropped)"}\n',
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(profile))
    assert [p.code.id for p in problems] == said
    if said:
        assert (
            "leaves out as enrollment-ended (the reason of the condition it replaces in the profile it extends) "
            in (problems[0].message)
        )
        assert problems[0].message.endswith("write `op: date_ge`")


def test_the_fix_of_a_reversed_condition_is_the_op_of_the_one_it_replaces(tmp_path: Path) -> None:
    """A district's `not_ended` over PowerSchool's, `{DateLeft} date_lt as_of`: turned round by
    rule it is `date_ge`, which keeps an enrolment on the day after its last (DateLeft is the day
    after the last, read `date_gt` by the bundled profile; tester49 F6). The step is the op of the
    condition it replaces, named with it."""
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\nextends: powerschool\ntables:\n  enrollments:\n    students:\n      where:\n"
        '        not_ended: {field: "{DateLeft}", op: date_lt, value: as_of, allow_empty: true, '
        "reason: enrollment-ended}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(profile))
    [said] = problems
    assert (said.code.id, said.params["fix"]) == ("P116", "date_gt")
    assert said.message.endswith(
        "write `op: date_gt` (as the condition it replaces in the profile it extends reads the column: "
        "`{DateLeft} date_gt as_of`)"
    )
    assert said.where.file == f"{profile}:7:46"  # the op of the district's own line
