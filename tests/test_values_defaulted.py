"""Grades a spreadsheet turned into dates, written as the grade map's default (tester56 T1).

Night 2's Student.csv went through a spreadsheet: every 10th-grader's "10" came back "10-Oct".
The grade map holds no such value, so each was written as its default, Other: published at exit 0,
said only as D302 warnings (D302 escalates on a new profile's first set alone), and X923 did not
count a value replaced by the map's default as lost. Now a watched column whose values of the last
set fall to the map's default on more records than X923's limit is refused (X836), the cause named
when the values look like a spreadsheet's dates; --allow-rollover publishes it, said (X837).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from tests.sds_small import NEW_YEAR_DAY, PROFILE, Rows, next_year, night, rows, two_nights, write
from transform import api
from transform.pipeline import columns_gate
from transform.pipeline.gate import Change, Night
from transform.report import summary
from transform.report.report import Report

GRADE = 10  # Student.csv's Grade column


def graded(change: dict[str, str]) -> Callable[[Rows], None]:
    def apply(files: Rows) -> None:
        for row in files["Student.csv"][1:]:
            row[GRADE] = change.get(row[GRADE], row[GRADE])

    return apply


def grades(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["grades"] for row in csv.DictReader(handle) if row["role"] == "student"}


def test_grades_turned_into_dates_overnight_are_refused(tmp_path: Path) -> None:
    """The 10 tenth-graders' "10" is "10-Oct" tonight. Before: published at exit 0 with their grade
    Other. Now refused (X836, exit 1), naming the column, the values, the spreadsheet; the set stays."""
    result, out = two_nights(tmp_path, graded({"10": "10-Oct"}))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    refusal = next(p for p in result.problems if p.code.id == "X836")
    assert refusal.params["columns"] == (
        "the grades of 10 of the 40 students who had one written as the map's default 'Other' (25.0%; "
        "Student.csv Grade holds '10-Oct' (10), none of them in map 'grades')"
    )
    assert refusal.params["first"] == "13002, 13006, 13010"
    assert "is how a spreadsheet writes a date" in refusal.message
    assert "Other" not in grades(out).values(), "last night's set stays"


def test_grades_renamed_overnight_are_refused_without_the_spreadsheet(tmp_path: Path) -> None:
    """Another code table ("10" now "Tenth"): refused too, and not blamed on a spreadsheet."""
    result, _ = two_nights(tmp_path, graded({"10": "Tenth"}))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    refusal = next(p for p in result.problems if p.code.id == "X836")
    assert "spreadsheet" not in refusal.message and "changed export" in refusal.message


def test_allow_rollover_publishes_them_said(tmp_path: Path) -> None:
    result, out = two_nights(tmp_path, graded({"10": "10-Oct"}), allow_rollover=True)
    assert result.report.published
    assert "X837" in result.report.counts and "X836" not in result.report.counts
    assert list(grades(out).values()).count("Other") == 10
    # no new term explains it: a flag left in the nightly job never publishes it at exit 0 (reviewer109 R4)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "F454" in result.report.counts
    said = str(result.report.examples["F454"][0])
    assert "X837" in said and "values written as a map's default" in said and "a removal" not in said


def test_honest_nights_stay_exit_0(tmp_path: Path) -> None:
    """Three students' grades become one the map lacks (under the limit), a new student arrives with
    an odd grade, and the 10 students whose grade the map never held (Other both nights) stay so."""

    def honest(files: Rows) -> None:
        students = files["Student.csv"]
        for row in students[1:4]:
            row[GRADE] = "Ungraded"
        students.append([*students[1][:GRADE], "13", *students[1][GRADE + 1 :]])
        students[-1][0] = students[-1][8] = students[-1][4] = "13999"
        students[-1][2] = "Noor"  # a new student, not students[1] twice (V553)

    out = tmp_path / "out"
    files = rows()
    for row in files["Student.csv"][1:]:
        row[GRADE] = "UG" if row[GRADE] == "12" else row[GRADE]  # a school's ungraded students
    first = night(write(tmp_path / "n1" / "in", files), out)
    assert first.report.published
    honest(files)
    second = night(write(tmp_path / "n2" / "in", files), out, day=1)
    assert second.exit_status == api.EXIT_PUBLISHED and second.report.published, second.report.counts
    assert list(grades(out).values()).count("Other") == 14


def test_a_set_with_no_last_set_to_compare_asks_a_person(tmp_path: Path) -> None:
    """OUT emptied, the state folder kept (counts recorded, no set to compare by ID): the first-set
    rule, D302 on a whole grade's worth of rows is 'Published, but' (exit 1). Before: exit 0."""
    out = tmp_path / "out"
    assert night(write(tmp_path / "n1" / "in", rows()), out).exit_status == 0
    for path in out.iterdir():
        path.unlink()
    out.rmdir()
    files = rows()
    graded({"10": "10-Oct"})(files)
    result = night(write(tmp_path / "n2" / "in", files), out, day=1)
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    assert "D302" in result.report.counts


def test_one_grade_of_a_k12_district_is_refused(tmp_path: Path) -> None:
    """A K-12 district (13 grades of 10): the tenth grade's "10" is "10-Oct" tonight, 7.7 % of the
    grades, under X923's 10 %. Before: published at exit 0, the whole grade Other (reviewer109 R1). Now judged per
    value too: a value 10 records or more held, all written as the default, refused."""
    students, others = 130, ["KG", *(str(g) for g in range(1, 13) if g != 10)]

    def k12(files: Rows) -> None:
        base = files["Student.csv"][1]
        files["Student.csv"][1:] = [
            [f"{13001 + n}", base[1], f"G{n}", f"F{n}", f"u{n}", *base[5:8], f"{13001 + n}", base[9], grade, *base[11:]]
            for n, grade in enumerate(["10"] * 10 + [others[n % 12] for n in range(10, students)])
        ]
        files["StudentEnrollment.csv"][1:] = [
            [f"{11001 + (n + k) % 8}", f"{13001 + n}"] for n in range(students) for k in range(4)
        ]

    out = tmp_path / "out"
    files = rows()
    k12(files)
    assert night(write(tmp_path / "n1" / "in", files), out).exit_status == 0
    graded({"10": "10-Oct"})(files)
    result = night(write(tmp_path / "n2" / "in", files), out, day=1)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published, result.report.counts
    refusal = next(p for p in result.problems if p.code.id == "X836")
    assert "10 of the 10 students whose grades was '10'" in refusal.message
    assert "is how a spreadsheet writes a date" in refusal.message


def test_a_value_the_map_sends_to_the_default_is_not_lost(tmp_path: Path) -> None:
    """The map says "13": Other (as the bundled clever and infinite-campus maps do); on promotion
    night every grade is one more and the 10 seniors are 13. Before: refused as values the map no
    longer holds (X836), a Next nobody could follow (reviewer109 R2). Now published at exit 0."""
    out = tmp_path / "out"
    files = rows()
    first = write(tmp_path / "n1" / "in", files)
    (first.parent / "profile.yaml").write_text(PROFILE + 'maps:\n  grades:\n    values: {"13": Other}\n')
    assert night(first, out).exit_status == 0
    graded({str(g): str(g + 1) for g in range(9, 13)})(files)
    next_year(files)
    second = write(tmp_path / "n2" / "in", files)
    (second.parent / "profile.yaml").write_text(PROFILE + 'maps:\n  grades:\n    values: {"13": Other}\n')
    result = night(second, out, day=NEW_YEAR_DAY)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert list(grades(out).values()).count("Other") == 10


def test_one_small_grade_is_read_whatever_its_share(tmp_path: Path) -> None:
    """Ten students of 300 (3.3 %, beside 300 parents): too few changed for a column to pass X923's
    limit, so the sets were not read at all; tonight's export holding ten values the map lacks now
    has them read, and the grade all written as the default is refused (reviewer109 R1)."""
    header = "sourcedId,role,grades\n"
    for name, ten in (("last", "10"), ("tonight", "Other")):
        (tmp_path / name).mkdir()
        people = [f"s{n},student,{ten if n < 10 else '9'}\n" for n in range(300)]
        people += [f"p{n},parent,\n" for n in range(300)]
        (tmp_path / name / "users.csv").write_text(header + "".join(people), encoding="utf-8")
    report = Report()
    report.people.update({("student", "a"): 300, ("parent", "a"): 300})
    defaults = {"grades": columns_gate.Defaulted("Other", "grades", (("10-Oct", 10),), counted=True)}
    night = Night(report, tmp_path / "last", {}, tmp_path / "removals.csv", False, staged=tmp_path / "tonight")
    columns_gate.gate_blanked_columns(night, users=Change(changed=10), limit=10.0, defaults=defaults)
    assert "X836" in report.counts


THIRTEEN = 'maps:\n  grades:\n    values: {"13": Other}\n'


def _promotion(tmp_path: Path, before: Callable[[Rows], None], after: Callable[[Rows], None], maps: str = THIRTEEN):
    """Night 1 `before`, night 2 `after` too, both on the small district's profile with `maps`; night 2
    begins a new school year (students one grade up mid-year are refused, X856: pipeline.grades_gate)."""
    out, files = tmp_path / "out", rows()
    before(files)
    for name, change in (("n1", None), ("n2", after)):
        if change is not None:
            change(files)
            next_year(files)
        folder = write(tmp_path / name / "in", files)
        (folder.parent / "profile.yaml").write_text(PROFILE + maps)
        result = night(folder, out, day=0 if change is None else NEW_YEAR_DAY)
        if change is None:
            assert result.report.published, result.report.counts
    return result, out


def _newcomers(code: str) -> Callable[[Rows], None]:
    """Twelve students whose grade is `code`, added."""

    def add(files: Rows) -> None:
        students, enrolments = files["Student.csv"], files["StudentEnrollment.csv"]
        for n in range(12):
            row = list(students[1])
            row[0] = row[8] = str(15001 + n)
            row[2], row[3], row[4], row[GRADE] = f"U{n}", f"V{n}", f"tk{n}", code
            students.append(row)
            enrolments.append([enrolments[1][0], str(15001 + n)])

    return add


def _promote(files: Rows) -> None:
    for row in files["Student.csv"][1:]:
        if row[GRADE].isdigit():
            row[GRADE] = str(int(row[GRADE]) + 1)


def test_promotion_night_with_new_students_of_a_grade_the_map_lacks_is_published(tmp_path: Path) -> None:
    """Promotion night ("13": Other: the 10 seniors are 13) and 12 new students 'TK', a grade the map
    lacks. Before: refused (X836 'the grades of 10 of the 40 students ... Other', the seniors named):
    12 cells the map lacks let 10 seniors count as lost (reviewer112 R2). Now published: no student of
    both sets holds a value the map lacks."""
    result, out = _promotion(tmp_path, lambda files: None, lambda files: (_promote(files), _newcomers("TK")(files)))
    assert result.report.published and "X836" not in result.report.counts, result.report.counts
    assert result.exit_status == api.EXIT_PUBLISHED
    assert list(grades(out).values()).count("Other") == 22


def test_promotion_night_beside_students_ungraded_every_night_is_published(tmp_path: Path) -> None:
    """The same with 12 students 'UG' both nights (Other both nights): they lost nothing (reviewer112 R2)."""
    result, _ = _promotion(tmp_path, _newcomers("UG"), _promote)
    assert result.report.published and "X836" not in result.report.counts, result.report.counts


def test_a_grade_turned_to_dates_on_promotion_night_names_its_students(tmp_path: Path) -> None:
    """Promotion night (seniors 13: Other) and the new tenth grade's "10" is "10-Oct": refused, the
    tenth-graders named and counted, not the seniors."""

    def dated(files: Rows) -> None:
        _promote(files)
        graded({"10": "10-Oct"})(files)

    result, _ = _promotion(tmp_path, lambda files: None, dated)
    refusal = next(p for p in result.problems if p.code.id == "X836")
    assert refusal.params["first"] == "13001, 13005, 13009", "the ninth-graders of last night, not the seniors"
    assert "the grades of 10 of the 40 students" in refusal.params["columns"]


def test_a_map_that_does_not_report_its_default_is_judged_too(tmp_path: Path) -> None:
    """A grade map that writes Other silently (`report: false`): its rows are the generated code's,
    which noted no student; the tenth grade turned to dates is still refused."""
    silent = "maps:\n  grades:\n    report: false\n"
    result, _ = _promotion(tmp_path, lambda files: None, graded({"10": "10-Oct"}), maps=silent)
    assert "D302" not in result.report.counts
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X836" in result.report.counts, result.report.counts


NAMED = 'maps:\n  grades:\n    values: {"13": Other, Graduated: Other, Ungraded: Other}\n'


def test_every_student_written_as_a_value_the_map_sends_to_the_default_is_refused(tmp_path: Path) -> None:
    """Night 2 every student's grade is 'Ungraded' (a broken sync), which the map sends to Other BY NAME.
    Before: published at exit 0, all 40 Other: only a value the map lacks counted (reviewer109 R2), and
    no cell was blank (review115 R1). Now most of the students the last set held with a grade written
    as the default, by name or not, is refused (X836), said so, its Next --allow-rollover once."""
    result, out = _promotion(tmp_path, lambda files: None, graded({str(g): "Ungraded" for g in range(9, 13)}), NAMED)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published, result.report.counts
    refusal = next(p for p in result.problems if p.code.id == "X836")
    assert refusal.params["columns"] == (
        "the grades of 40 of the 40 students who had one last night as 'Other' (100.0%; "
        "Student.csv Grade): tonight they are all 'Ungraded', which map 'grades' sends to 'Other'"
    )
    assert refusal.params["first"] == "13001, 13002, 13003"
    assert "broken sync" in refusal.message
    step = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "really are 'Ungraded' tonight, rerun once with --allow-rollover" in step, step
    assert "Other" not in grades(out).values(), "last night's set stays"


def test_promotion_night_seniors_graduated_and_a_prek_intake_are_published(tmp_path: Path) -> None:
    """The thresholds against honest nights: in a district of four grades (9-12, the seniors a quarter of
    the column, not a thirteenth) the seniors are 'Graduated' (Other by name), every other grade one more,
    and 12 new 'PK' students. Published at exit 0: a quarter is not most (MOST), and a value sent to
    the default by name is not judged per value."""

    def promoted(files: Rows) -> None:
        graded({"12": "Graduated"})(files)
        _promote(files)
        _newcomers("PK")(files)

    result, out = _promotion(tmp_path, lambda files: None, promoted, NAMED)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert list(grades(out).values()).count("Other") == 10
