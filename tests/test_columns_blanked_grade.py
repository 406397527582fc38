"""One grade of a K-12 district blanked overnight (reviewer112 R3).

A K-12 district, 13 grades of 10 students: tonight grade 10's cells are empty. X923 judged blanks
over the whole column only: 10 of 130 students is 7.7 %, under the removal limit's 10 %, so the
whole grade was published without a grade at exit 0, not one message. Now a value of the last set
held by AT_LEAST records or more and blank tonight on nearly all of them (a whole grade) is refused
too (X923), as a grade written as the map's default is (X836).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from tests.sds_small import NEW_YEAR_DAY, Rows, next_year, night, rows, write
from transform import api
from transform.pipeline import columns_gate
from transform.pipeline.gate import Change, Night
from transform.report.report import Report

GRADE = 10  # Student.csv's Grade column
GRADES = ["KG", *(str(g) for g in range(1, 13))]


def k12(files: Rows, grades: list[str] = GRADES) -> None:
    """130 students, 10 of each grade of `grades` in turn, each in 4 classes."""
    base, count = files["Student.csv"][1], 10 * len(grades)
    order = [grades[n % len(grades)] for n in range(count)]
    files["Student.csv"][1:] = [
        [f"{13001 + n}", base[1], f"G{n}", f"F{n}", f"u{n}", *base[5:8], f"{13001 + n}", base[9], grade, *base[11:]]
        for n, grade in enumerate(order)
    ]
    files["StudentEnrollment.csv"][1:] = [
        [f"{11001 + (n + k) % 8}", f"{13001 + n}"] for n in range(count) for k in range(4)
    ]


def two_nights(
    tmp_path: Path, change: Callable[[Rows], None], grades: list[str] = GRADES, *, new_year: bool = False
) -> tuple[api.RunResult, Path]:
    """Night 2 `change`d, the next day, or a new school year's first night (`new_year`)."""
    out, files = tmp_path / "out", rows()
    k12(files, grades)
    assert night(write(tmp_path / "n1" / "in", files), out).report.published
    change(files)
    if new_year:
        next_year(files)
    return night(write(tmp_path / "n2" / "in", files), out, day=NEW_YEAR_DAY if new_year else 1), out


def students(out: Path) -> dict[str, str]:
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row["grades"] for row in csv.DictReader(handle) if row["role"] == "student"}


def _blank(grade: str, at_most: int = 1000) -> Callable[[Rows], None]:
    def apply(files: Rows) -> None:
        for row in [row for row in files["Student.csv"][1:] if row[GRADE] == grade][:at_most]:
            row[GRADE] = ""

    return apply


def _newcomers(files: Rows) -> None:
    """Twelve students of a new school's first night, no grade yet."""
    base = files["Student.csv"][1]
    for n in range(12):
        files["Student.csv"].append(
            [f"{16001 + n}", base[1], f"N{n}", f"M{n}", f"n{n}", *base[5:8], f"{16001 + n}", base[9], "", *base[11:]]
        )
        files["StudentEnrollment.csv"].append(["11001", f"{16001 + n}"])


def test_one_grade_blanked_is_refused(tmp_path: Path) -> None:
    """Grade 10 blank tonight: 7.7 % of the grades. Before: published at exit 0, no message. Now refused
    (X923), the grade and its students named; last night's set stays."""
    result, out = two_nights(tmp_path, _blank("10"))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published, result.report.counts
    refusal = next(p for p in result.problems if p.code.id == "X923")
    assert "the grades of 10 of the 130 students who had one (7.7%" in refusal.message
    assert "all or nearly all the records of a value: 10 of the 10 students whose grades was '10'" in refusal.message
    assert refusal.params["first"] == "13011, 13024, 13037 and 7 more"
    assert "" not in students(out).values(), "last night's set stays"


def test_honest_nights_stay_quiet(tmp_path: Path) -> None:
    """Promotion night (each grade one more, the seniors kept), a new school's 12 students without a
    grade yet, and 3 tenth-graders' grade blanked (fewer than AT_LEAST): published at exit 0."""

    def honest(files: Rows) -> None:
        after = dict(zip(GRADES, [*GRADES[1:], "12"], strict=True))
        for row in files["Student.csv"][1:]:
            row[GRADE] = after[row[GRADE]]
        _blank("11", at_most=3)(files)  # last night's tenth-graders
        _newcomers(files)

    result, out = two_nights(tmp_path, honest, new_year=True)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts
    assert list(students(out).values()).count("") == 15


def test_a_grade_column_that_never_had_values_is_not_judged(tmp_path: Path) -> None:
    """No student had a grade last night; tonight neither, and 12 newcomers: quiet."""
    result, _ = two_nights(tmp_path, _newcomers, grades=[""])
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, result.report.counts


def _languages(tmp_path: Path, tonight: str, unheld: tuple[tuple[str, int], ...]) -> Report:
    """150 students, grade 9 both nights, every one with a preferred language read through a map whose
    default is 'en': 10 'es' last night, `tonight` in their cells tonight; the gate's report."""
    header = "sourcedId,role,grades,metadata.preferredLanguage\n"
    for name, spanish in (("last", "es"), ("tonight", tonight)):
        (tmp_path / name).mkdir()
        people = [f"s{n},student,09,{spanish if n < 10 else 'en'}\n" for n in range(150)]
        (tmp_path / name / "users.csv").write_text(header + "".join(people), encoding="utf-8")
    report = Report()
    report.people.update({("student", "a"): 150})
    defaults = {"metadata.preferredLanguage": columns_gate.Defaulted("en", "languages", unheld, counted=True)}
    night = Night(report, tmp_path / "last", {}, tmp_path / "removals.csv", False, staged=tmp_path / "tonight")
    columns_gate.gate_blanked_columns(night, users=Change(changed=10), limit=10.0, defaults=defaults)
    return report


def test_one_language_blanked_is_not_judged_as_a_grade(tmp_path: Path) -> None:
    """Ten students' language 'es' blank tonight (6.7 % of the column, under the limit). BY_VALUE says
    only the grades are judged per value, but Blanked.over judged every column with a map default so:
    refused (X923) for ten families' corrections (review115 R2). Now the limit alone judges it."""
    report = _languages(tmp_path, "", ())
    assert "X923" not in report.counts and not report.aborts, report.counts


def test_one_language_written_as_the_default_is_not_judged_per_value(tmp_path: Path) -> None:
    """The same, their cells a value the map lacks (written as its default 'en'): X836's per-value
    rule is the grades' too (BY_VALUE), not a language's (review115 R2)."""
    report = _languages(tmp_path, "en", (("Espanol", 10),))
    assert "X836" not in report.counts and not report.aborts, report.counts
