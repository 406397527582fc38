"""Students' grades changed overnight to other real grades (tester60 N2, pipeline.grades_gate).

Skyward's GRAD-YR came out 2027 for every student one night (a template field swapped): all 60
students were published as grade 12, kindergartners included, at exit 0 with no code. Every value
was a valid grade: none blank (X923), none the map's default (X836). Now, for the students of a
school out of its promotion season, over half of those with a grade in both sets (at least 10)
having another grade is refused (X856); in season (a new year at their school, the district's, or
the year's end: reviewer119 R3), most of those whose grade changed must go one grade up (R4).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from tests.sds_small import NEW_YEAR_DAY, NIGHT, PROFILE, Rows, next_year, night, rows, two_nights, write
from transform import api
from transform.pipeline import grades_gate
from transform.pipeline.filters import Term
from transform.profile.load import load
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


def _new_year(
    tmp_path: Path, change: Callable[[Rows], None], extra: str = THIRTEEN, **options: object
) -> tuple[api.RunResult, Path]:
    """Night 1 mid-year; night 2 the next school year's first night (its term running), `change`d;
    `extra` added to the district's profile."""
    out, files = tmp_path / "out", rows()
    for name, day in (("n1", 0), ("n2", NEW_YEAR_DAY)):
        if day:
            change(files)
            next_year(files)
        folder = write(tmp_path / name / "in", files)
        (folder.parent / "profile.yaml").write_text(PROFILE + extra)
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
    """A new school year, every student '12': refused (X856), the grades not one up said."""
    result, _ = _new_year(tmp_path, _all("12"))
    refusal = next(p for p in result.problems if p.code.id == "X856")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert refusal.params["columns"] == (
        "another grade than the next one up to 20 of the 30 students whose grade changed (66.7%; Student.csv "
        "Grade: 09 -> 12 (10), 10 -> 12 (10))"
    )


def _shifted(by: int) -> Callable[[Rows], None]:
    def apply(files: Rows) -> None:
        for row in files["Student.csv"][1:]:
            row[GRADE] = str(int(row[GRADE]) + by)

    return apply


def _reversed(files: Rows) -> None:
    for row in files["Student.csv"][1:]:
        row[GRADE] = str(21 - int(row[GRADE]))


def test_grades_not_one_up_on_a_new_year_are_refused(tmp_path: Path) -> None:
    """reviewer119 R4: on a new school year's first night every student two grades up, the grades
    reversed, or every student one grade down were published at exit 0 (only a collapse was refused).
    Now most of the students whose grade changed must go one up: else X856."""
    for name, change in (("up2", _shifted(2)), ("down", _shifted(-1)), ("reversed", _reversed)):
        result, _ = _new_year(tmp_path / name, change)
        assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X856" in result.report.counts, (name, result)
        refusal = next(p for p in result.problems if p.code.id == "X856")
        assert "a new school year at their school moves students one grade up" in refusal.message, name


def _nights(tmp_path: Path, *nights: tuple[str, Callable[[Rows], None]]) -> tuple[api.RunResult, Path]:
    """The small district (the 13 map) run on each (ISO date, change to the files kept so far)."""
    out, files = tmp_path / "out", rows()
    for n, (date, change) in enumerate(nights):
        change(files)
        folder = write(tmp_path / f"n{n}" / "in", files)
        (folder.parent / "profile.yaml").write_text(PROFILE + THIRTEEN)
        result = night(folder, out, day=(dt.date.fromisoformat(date) - NIGHT.date()).days)
        assert n == len(nights) - 1 or result.exit_status == api.EXIT_PUBLISHED, (date, result.report.counts)
    return result, out


def _term(name: str, start: str, end: str) -> Callable[[Rows], None]:
    def apply(files: Rows) -> None:
        for row in files["Section.csv"][1:]:
            row[4:8] = [name, name, start, end]

    return apply


def test_promotion_a_week_into_a_late_schools_year_is_published(tmp_path: Path) -> None:
    """reviewer119 R3: the school's new year (its term from 10 September) was published on its first
    night, the SIS promoted a week later: X856 'no new school year' (the last set was made in the same
    school year by the district's July boundary). Now a term opening the school's year began within
    RECENT days: its promotion season, published at exit 0."""
    result, out = _nights(
        tmp_path,
        ("2018-06-01", lambda _: None),
        ("2018-09-10", _term("SY1819", "9/10/2018", "6/14/2019")),
        ("2018-09-17", _promote),
    )
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert grades(out) == Counter({"10": 10, "11": 10, "12": 10, "Other": 10})


def test_end_of_year_promotion_in_june_is_published(tmp_path: Path) -> None:
    """reviewer119 R3: the SIS's end-of-year promotion on 20 June, the year's term ending 30 June:
    X856 before (the district's year starts 1 July). Now the year's last term ends within RECENT days."""
    result, out = _nights(tmp_path, ("2018-06-19", lambda _: None), ("2018-06-20", _promote))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert grades(out) == Counter({"10": 10, "11": 10, "12": 10, "Other": 10})


def test_promotion_mid_year_is_said_as_a_promotion_run_in_the_sis(tmp_path: Path) -> None:
    """reviewer119 R3 (b): every student one grade up in December was refused as 'a graduation year, a
    field swapped'. Still refused, but said as a promotion run in the SIS, its Next to undo it."""
    result, out = _nights(tmp_path, ("2017-12-04", lambda _: None), ("2017-12-05", _promote))
    refusal = next(p for p in result.problems if p.code.id == "X856")
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert "a promotion (the SIS's year-end process) run in the SIS" in refusal.message
    assert "graduation year" not in refusal.message
    step = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert "undo the promotion in the SIS" in step, step


def test_grades_collapsed_published_by_the_flag_on_a_new_year_exit_1(tmp_path: Path) -> None:
    """The flag a new school year's removals need publishes the collapse too; F454 says nothing on such a
    night, so X857 asks a person to look (exit 1)."""
    result, _ = _new_year(tmp_path, _all("12"), allow_rollover=True)
    assert result.report.published and "X857" in result.report.counts and "F454" not in result.report.counts
    assert result.exit_status == api.EXIT_NOT_PUBLISHED, result.report.counts


def test_the_rule_against_honest_and_broken_distributions() -> None:
    """judge() alone: K-12 promoted (PK intake new IDs, seniors Other), a district of one grade promoted
    or not yet, pass in season; K-12 all '12' in season, all one up out of it, and one school's grades
    swapped out of season beside another's promotion in season, are refused."""
    k12 = ["KG", *(f"{g:02d}" for g in range(1, 13))]
    pairs = list(zip(k12, [*k12[1:], "Other"], strict=True))
    promoted = Counter({(a, b, True): 10 for a, b in pairs})
    assert grades_gate.judge(promoted, "Other", limit=10) is None
    assert grades_gate.judge(Counter({("09", "10", True): 40}), "Other", limit=10) is None
    assert grades_gate.judge(Counter({("09", "09", True): 40}), "Other", limit=10) is None
    collapsed = grades_gate.judge(Counter({(a, "12", True): 10 for a in k12}), "Other", limit=10)
    assert collapsed is not None and collapsed.count == 110 and collapsed.season
    changed = grades_gate.judge(Counter({(a, b, False): 10 for a, b in pairs}), "Other", limit=10)
    assert changed is not None and changed.count == 120 and changed.promotion, "the seniors 'Other' are X836's"
    swapped = Counter({**promoted, **{(a, "12", False): 5 for a in k12}})
    changed = grades_gate.judge(swapped, "Other", limit=10)
    assert changed is not None and changed.count == 60 and changed.had == 65 and not changed.promotion
    assert grades_gate.one_up("PK", "KG") and grades_gate.one_up("k", "1") and grades_gate.one_up("12", "13")
    assert not grades_gate.one_up("KG", "12") and not grades_gate.one_up("12", "01")


def test_a_schools_season_by_its_terms() -> None:
    """Season: 17 September, past the district's first weeks (July to 30 August): the school whose year
    term began 10 September is in season, the one whose began 13 August is not; a spring semester
    beginning near tonight opens no year; the year's last term ending near tonight does."""
    day = dt.date.fromisoformat
    terms = [
        Term("A", "SY", day("2018-09-10"), day("2019-06-14")),
        Term("B", "SY", day("2018-08-13"), day("2019-06-07")),
        Term("C", "Spring", day("2019-01-14"), day("2019-06-07")),
    ]
    season = grades_gate.Season(day("2018-09-17"), day("2018-09-16"), terms=terms)
    assert season("A") and season("B,A") and not season("B") and not season("C") and not season("")
    assert not grades_gate.Season(day("2019-01-20"), day("2019-01-19"), terms=terms)("C")
    assert grades_gate.Season(day("2019-06-01"), day("2019-05-31"), terms=terms)("C")
    assert grades_gate.Season(day("2018-08-25"), day("2018-08-24"))(""), "the district's first weeks"


def test_the_shipped_profiles_name_the_graduates() -> None:
    """reviewer119 R5: the sds profile's grade map lacked '13', so a 9-12 district promoting its seniors
    to 13 was refused X836 on the new year's night with the shipped profile (the tests added "13": Other
    to it); PowerSchool writes 99 for the graduated (research notes: Next_School 999999). Now both maps
    name them; the promotion with the shipped sds profile is published at exit 0."""
    assert load("sds").data["maps"]["grades"]["values"]["13"] == "Other"
    assert load("powerschool").data["maps"]["grades"]["values"]["99"] == "Other"


def test_promotion_to_13_with_the_shipped_sds_profile_is_published(tmp_path: Path) -> None:
    result, out = _new_year(tmp_path, _promote, extra="")
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert grades(out) == Counter({"10": 10, "11": 10, "12": 10, "Other": 10})
