"""Refusals and next steps that named the wrong cause (tester57 F4, F8, F11, F12): a newcomer
reads the first stopping line and the "Next:" line, and edits what they name.

- X916 named the lunch pattern (F406, info: meant) that left out more class records than the
  two classes under one ID (V592, an error) that held every other row: now the error is named,
  and its fix is the next step (F4).
- X942 blamed a staff export missing the school's rows when the run had left the school's
  teachers out for no email (V506): the staff rule's email read an empty column (F8).
- A join keyed too narrowly (the terms on Term alone, each term once per school year) was told
  as "correct the duplicate in the SIS" / "add the missing record": every key of the joined
  export on several rows is the join's fault (F11).
- P106 on "{Start Date}" gave no "did you mean '{term.Start Date}'" (F12c); P111 on a one-file
  export pointed at a staff export that does not exist (F12b)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import school_classes
from transform.report import codes, summary
from transform.report.problem import Problem, Where
from transform.report.report import Report

TESTS = Path(__file__).parent
AS_OF = dt.date(2026, 10, 15)


def _flat(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """tests/class_ids/flat.yaml (a flat roster, each class's rows combined) with `edits`."""
    text = (TESTS / "class_ids" / "flat.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    profile = tmp_path / "flat.yaml"
    profile.write_text(text, encoding="utf-8")
    return profile


def _run(profile: Path, exports: Path, out: Path, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile=str(profile), in_dir=exports, out_dir=out, as_of=AS_OF, **options)  # type: ignore[arg-type]
    )


def _next(result: api.RunResult, out: Path) -> str:
    return summary.next_step(result, out_dir=out, explain_path=None, upload=False)


PATTERN = (
    "filters:\n",
    "filters:\n  exclude_classes:\n    patterns:\n      electives: 'Course [2-8]'\n",
)


def test_an_empty_classes_file_names_the_error_not_the_pattern_that_left_out_more(tmp_path: Path) -> None:
    # Section S1 is at both schools (V592: neither kept); the district's pattern leaves out the rest.
    profile = _flat(tmp_path, PATTERN)
    result = _run(profile, TESTS / "class_ids" / "sections-per-school", tmp_path / "out")
    assert result.exit_status == 1 and not result.report.published
    (empty,) = [p for p in result.problems if p.code.id == "X916" and p.where.file == "classes.csv"]
    assert "2 of its records were left out as V592 class-id-not-unique, an error" in str(empty)
    assert "as F406 class-excluded-pattern, as the profile means" in str(empty)
    assert "Make the class ID unique" in _next(result, tmp_path / "out")


def test_teachers_left_out_for_no_email_are_named_as_the_cause_of_classes_without_owner() -> None:
    # The staff rule's email read the students' column, empty at the elementary school: its three
    # teachers were left out (V506), and its classes would have no owner (X942).
    report = Report()
    report.add(codes.code("staff-without-email"), Where("StudentSchedule.csv", 2), role="teacher", id="T0101")
    said = {"classes": 4, "without": 4, "example": "101-GEN1-1", "rows": 0}
    params = school_classes._owners_lost(report, said)
    stop = Problem(
        codes.code("school-classes-without-owner"),
        Where("StudentSchedule.csv", 6),
        {"school": "101", "name": "Harbor Elementary", "count": 4, "classes": 4, "example": "'101-GEN1-1'", **params},
    )
    assert "1 staff members were left out as V506 staff-without-email" in str(stop)
    assert "the column the staff rule reads for their email is empty for them" in str(stop)
    assert "a staff export missing" not in str(stop)
    assert summary._fix_first(stop, report).startswith("Check the email: of the staff rule")
    # Teachers the sections name and the staff export lacks (D300): the export, as before.
    other = school_classes._owners_lost(Report(), {**said, "rows": 3, "source": "teachers", "key": "T9"})
    assert other["broken"] == "a staff export missing the school's rows is a broken export"


NARROW = """\
extends: powerschool
tables:
  classes:
    sections:
      join:
        term: {source: terms, on: {TermID: null, SchoolID: SchoolID}}
"""


def test_a_join_every_key_of_which_is_on_several_rows_is_told_as_a_join_too_narrow(tmp_path: Path) -> None:
    # The terms joined on the school alone: each school is on three rows of terms.txt (the year,
    # two semesters). Nothing in the SIS is wrong, and no record is missing.
    profile = tmp_path / "narrow.yaml"
    profile.write_text(NARROW, encoding="utf-8")
    result = _run(profile, FIXTURES / "powerschool" / "district" / "in", tmp_path / "out")
    assert result.exit_status == 1
    (empty,) = [p for p in result.problems if p.code.id == "X916" and p.where.file == "classes.csv"]
    assert "every schoolid of terms is on several rows, that differ in " in str(empty)
    assert "the join's on is too narrow, or the export lists another year's rows under the same keys" in str(empty)
    step = _next(result, tmp_path / "out")
    assert step.startswith("Next: If a schoolid of terms is unique only together with another column")
    assert "nothing in the SIS needs correcting" in step and "add the missing record" not in step


def test_a_key_on_two_rows_of_many_is_still_the_export_s(tmp_path: Path) -> None:
    profile = tmp_path / "narrow.yaml"
    profile.write_text(NARROW.replace("TermID: null, ", ""), encoding="utf-8")  # the bundled join
    result = _run(profile, FIXTURES / "powerschool" / "district" / "in", tmp_path / "out")
    assert result.exit_status == 0 and "joins_too_narrow" not in result.report.facts


def test_a_term_date_read_without_its_join_gets_did_you_mean(tmp_path: Path) -> None:
    profile = tmp_path / "district.yaml"
    profile.write_text('extends: powerschool\nfilters:\n  current_term:\n    start: "{FirstDay}"\n', encoding="utf-8")
    _, problems = api.check_profile(str(profile))
    (said,) = [p for p in problems if p.code.id == "P106"]
    assert "source 'sections' declares no column 'FirstDay'; did you mean '{term.FirstDay}'" in str(said)


def test_a_one_file_export_without_a_staff_rule_is_told_to_read_its_teacher_columns(tmp_path: Path) -> None:
    profile = _flat(tmp_path)
    text = profile.read_text(encoding="utf-8")
    text = (
        text[: text.index("    teachers:\n      from: roster\n      combine: {lists")]
        + text[text.index("    guardians:") :]
    )
    text = text[: text.index("    teachers:\n      from: roster\n      combine: {}")] + text[text.index("filters:") :]
    profile.write_text(text, encoding="utf-8")
    _, problems = api.check_profile(str(profile))
    (said,) = [p for p in problems if p.code.id == "P111"]
    assert "no source looks like a staff export, but source 'roster' has teacher columns (Teacher ID, " in str(said)
    assert "with role: teacher and combine: {}" in str(said)


WIDE_HEADER = "Student ID,Student Name,Grade,Student Email,School Code,Course Title,Section,Teacher ID,Teacher Name\n"


def test_init_profile_samples_the_whole_file_and_never_takes_a_one_value_column_as_the_class_id(
    tmp_path: Path,
) -> None:
    # The elementary school's 60 rows first, with no student email; the high school's after.
    exports = tmp_path / "ex"
    exports.mkdir()
    titles, teachers = ["Music", "Art", "Algebra I"], ["Baker, Susan", "Ito, Ken", "Reyes, Carlos"]
    rows = [
        f'{1000 + n},"Kim, Lucas",{"02" if n < 60 else "10"},{"" if n < 60 else f"s{n}@hs.example.org"},'
        f'{"101" if n < 60 else "205"},{titles[n % 3]},1,T{n % 3},"{teachers[n % 3]}"\n'
        for n in range(80)
    ]
    (exports / "StudentSchedule.csv").write_text(WIDE_HEADER + "".join(rows), encoding="utf-8")
    result = api.init_profile(exports)
    assert "s60@hs.example.org" in result.profile_text  # not "(empty)"
    assert "Baker, Susan | Ito, Ken | Reyes, Carlos" in result.profile_text
    sections = result.profile_text[
        result.profile_text.index("  classes:") : result.profile_text.index("  enrollments:")
    ]
    assert "# sourcedId: {column: ..., clean: [id]}   # required" in sections  # not "Section", 1 on every row


def test_a_classes_file_left_empty_names_the_code_that_left_out_most_and_its_fix(tmp_path: Path) -> None:
    # X903 (tester57 F4): the profile's title reads a column empty on every row of the flat roster
    # (a row per student per class; Oak Middle's eight sections of the fall semester, the ninth of
    # the spring). It said no code; now the code that left out most (D304), and that code's fix
    # as the next step, not "read the report".
    exports = tmp_path / "ex"
    exports.mkdir()
    lines = (TESTS / "class_ids" / "sections-per-school" / "ClassRoster.csv").read_text("utf-8").splitlines()
    header, *rows = [line for line in lines if not line.startswith("100,")]  # one school: no V592
    at = header.split(",").index("Course Name")
    blanked = [",".join("" if n == at else cell for n, cell in enumerate(row.split(","))) for row in rows]
    (exports / "ClassRoster.csv").write_text("\n".join([header, *blanked]) + "\n", encoding="utf-8")
    result = _run(_flat(tmp_path), exports, tmp_path / "out")
    assert result.exit_status == 1 and not result.report.published
    (empty,) = [p for p in result.problems if p.code.id == "X903"]
    assert str(empty) == (
        "classes.csv: X903 no-rows: classes.csv would hold no rows: all 8 class rows of the current terms were "
        "left out by the remind target's rules (most as D304 required-value-missing), and their enrolments with "
        "them (see the report)"
    )
    assert (empty.params["top_id"], result.report.counts["D304"]) == ("D304", 8)
    assert _next(result, tmp_path / "out").startswith(
        "Next: Fill the value in the SIS at the line named, or map another column to it in the profile "
        "(D304 required-value-missing left out most of the records)"
    )
