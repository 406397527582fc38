"""Students' grades changed overnight to other real grades (tester60 N2, pipeline.grades_gate).

Skyward's GRAD-YR came out 2027 for every student one night (a template field swapped): all 60
students were published as grade 12, kindergartners included, at exit 0 with no code. Every value
was a valid grade: none blank (X923), none the map's default (X836). Now, on a night that begins
no new school year, over half of the students with a grade in both sets (at least 10) having
another grade is refused (X856); on a new school year's night only a collapse into one grade is.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from tests.sds_small import NEW_YEAR_DAY, PROFILE, Rows, next_year, night, rows, two_nights, write
from transform import api
from transform.pipeline import grades_gate
from transform.report import summary

GRADE = 10  # Student.csv's Grade column (9 to 12, ten students each)
THIRTEEN = 'maps:\n  grades:\n    values: {"13": Other}\n'


def _all(grade: str) -> Callable[[Rows], None]:
    def apply(files: Rows) -> None:
        for row in files["Student.csv"][1:]:
            row[GRADE] = grade

    return apply


def _promote(files: Rows) -> None:
    for row in files["Student.csv"][1:]:
        row[GRADE] = str(int(row[GRADE]) + 1)


def grades(out: Path) -> Counter[str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return Counter(row["grades"] for row in csv.DictReader(handle) if row["role"] == "student")


def _new_year(tmp_path: Path, change: Callable[[Rows], None], **options: object) -> tuple[api.RunResult, Path]:
    """Night 1 mid-year; night 2 the next school year's first night (its term running), `change`d."""
    out, files = tmp_path / "out", rows()
    for name, day in (("n1", 0), ("n2", NEW_YEAR_DAY)):
        if day:
            change(files)
            next_year(files)
        folder = write(tmp_path / name / "in", files)
        (folder.parent / "profile.yaml").write_text(PROFILE + THIRTEEN)
        result = night(folder, out, day=day, **(options if day else {}))
    return result, out


def test_every_student_one_grade_mid_year_is_refused(tmp_path: Path) -> None:
    """Every student '12' tonight, mid-year. Before: published at exit 0, no code. Now refused (X856),
    the column, the count and the 'from -> to' pairs named, its Next --allow-rollover once if right."""
    result, out = two_nights(tmp_path, _all("12"))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published, result.report.counts
    refusal = next(p for p in result.problems if p.code.id == "X856")
    assert refusal.params["columns"] == (
        "another grade to 30 of the 40 students the last set held with a grade (75.0%; Student.csv Grade: "
        "09 -> 12 (10), 10 -> 12 (10), 11 -> 12 (10))"
    )
    assert "begins no new school year" in refusal.message
    step = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "Student.csv Grade: if those students really are in those grades tonight, rerun once with" in step
    assert grades(out) == Counter({"09": 10, "10": 10, "11": 10, "12": 10}), "last night's set stays"


def test_a_handful_of_corrections_mid_year_is_published(tmp_path: Path) -> None:
    def corrected(files: Rows) -> None:
        for row in files["Student.csv"][1:10]:
            row[GRADE] = "12"

    result, _ = two_nights(tmp_path, corrected)
    assert result.exit_status == api.EXIT_PUBLISHED and "X856" not in result.report.counts, result.report.counts


def test_allow_rollover_publishes_them_said(tmp_path: Path) -> None:
    """--allow-rollover mid-year: published (X857), F454 exits 1, the Next the grades'."""
    result, out = two_nights(tmp_path, _all("12"), allow_rollover=True)
    assert result.report.published and "X857" in result.report.counts and "X856" not in result.report.counts
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "F454" in result.report.counts
    step = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: Nothing, if the grades are right") and "--allow-rollover out of" in step, step


def test_f454_next_after_grades_written_as_the_default_are_accepted(tmp_path: Path) -> None:
    """X836's night accepted with --allow-rollover (ten '10' turned '10-Oct': Other, X837). Before:
    F454's Next was the removals' ('export them again whole ... If the removals are right'), with no
    removal. Now it says the grades were published so, and what to do if they are not right."""

    def dated(files: Rows) -> None:
        for row in files["Student.csv"][1:]:
            row[GRADE] = "10-Oct" if row[GRADE] == "10" else row[GRADE]

    result, out = two_nights(tmp_path, dated, allow_rollover=True)
    assert "X837" in result.report.counts and "F454" in result.report.counts, result.report.counts
    step = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "published the students' grades written as the grade map's default (X837 above)" in step, step
    assert "removals" not in step, step


def test_promotion_night_is_published(tmp_path: Path) -> None:
    """A new school year: every grade one up, the seniors 13 (Other): published at exit 0."""
    result, out = _new_year(tmp_path, _promote)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert grades(out) == Counter({"10": 10, "11": 10, "12": 10, "Other": 10})


def test_grades_collapsed_on_promotion_night_are_refused(tmp_path: Path) -> None:
    """A new school year, every student '12': refused (X856), the collapse said."""
    result, _ = _new_year(tmp_path, _all("12"))
    refusal = next(p for p in result.problems if p.code.id == "X856")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert refusal.params["columns"] == (
        "the grade '12' to 40 of the 40 students the last set held with a grade (100.0%; Student.csv Grade), "
        "20 of them from a grade it does not follow (50.0%: 09 -> 12 (10), 10 -> 12 (10))"
    )


def test_grades_collapsed_published_by_the_flag_on_a_new_year_exit_1(tmp_path: Path) -> None:
    """The flag a new school year's removals need publishes the collapse too; F454 says nothing on such a
    night, so X857 asks a person to look (exit 1)."""
    result, _ = _new_year(tmp_path, _all("12"), allow_rollover=True)
    assert result.report.published and "X857" in result.report.counts and "F454" not in result.report.counts
    assert result.exit_status == api.EXIT_NOT_PUBLISHED, result.report.counts


def test_the_rule_against_honest_and_broken_distributions() -> None:
    """judge() alone: K-12 promoted (PK intake new IDs, seniors Other), a district of one grade promoted
    or not yet, pass; K-12 all '12' on a new year, and all one up mid-year, are refused."""
    k12 = ["KG", *(f"{g:02d}" for g in range(1, 13))]
    promoted = Counter({(a, b): 10 for a, b in zip(k12, [*k12[1:], "Other"], strict=True)})
    assert grades_gate.judge(promoted, "Other", new_year=True, limit=10) is None
    assert grades_gate.judge(Counter({("09", "10"): 40}), "Other", new_year=True, limit=10) is None
    assert grades_gate.judge(Counter({("09", "09"): 40}), "Other", new_year=True, limit=10) is None
    collapsed = grades_gate.judge(Counter({(a, "12"): 10 for a in k12}), "Other", new_year=True, limit=10)
    assert collapsed is not None and collapsed.count == 110 and collapsed.sharing == 130
    changed = grades_gate.judge(promoted, "Other", new_year=False, limit=10)
    assert changed is not None and changed.count == 120, "the seniors 'Other' are X836's"
    assert grades_gate.one_up("PK", "KG") and grades_gate.one_up("k", "1") and grades_gate.one_up("12", "13")
    assert not grades_gate.one_up("KG", "12") and not grades_gate.one_up("12", "01")
