"""A set that errors emptied is not published, on the first run as on any other (issue 17.7).

With no previous set to compare against, exports whose header did not match their delimiter,
or that held a case-variant duplicate column, gave dozens of error-level problems, no student
and exit 0 "Published". And a --term naming no term published an empty roster.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_gate import NOW, SAMPLE
from transform import api
from transform.report.codes import code
from transform.report.left_out import LeftOut
from transform.report.problem import Where


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"as_of": dt.date(2026, 10, 15), "now": NOW}
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, **{**defaults, **options}))


def _rewrite_students(tmp_path: Path, change: object) -> Path:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    lines = (exports / "students.txt").read_bytes().split(b"\r\n")
    rows = [line.split(b"\t") for line in lines if line]
    assert callable(change)
    (exports / "students.txt").write_bytes(b"".join(line + b"\r\n" for line in change(rows)))
    return exports


def comma_rows_under_a_tab_header(tmp_path: Path) -> Path:
    return _rewrite_students(tmp_path, lambda rows: [b"\t".join(rows[0])] + [b",".join(r) for r in rows[1:]])


def case_variant_duplicate_column(tmp_path: Path) -> Path:
    """Student_Number then STUDENT_NUMBER, the first empty on every row: the rows decide which is
    read (I207), never the header's order, so every ID is read from the second (tester51 F3)."""

    def change(rows: list[list[bytes]]) -> list[bytes]:
        out = [b"\t".join([rows[0][0], rows[0][1], b"STUDENT_NUMBER", *rows[0][2:]])]
        out += [b"\t".join([row[0], b"", row[1], *row[2:]]) for row in rows[1:]]
        return out

    return _rewrite_students(tmp_path, change)


def student_numbers_blank(tmp_path: Path) -> Path:
    """Student_Number empty on every row: every ID is lost."""

    def change(rows: list[list[bytes]]) -> list[bytes]:
        return [b"\t".join(rows[0]), *(b"\t".join([row[0], b"", *row[2:]]) for row in rows[1:])]

    return _rewrite_students(tmp_path, change)


def messages(result: api.RunResult) -> list[str]:
    return [str(p) for p in result.problems]


def test_comma_rows_under_a_tab_header_are_refused_on_the_first_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(comma_rows_under_a_tab_header(tmp_path), out)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert messages(result) == [
        # No birth date read on any row: the demographics rule is set aside as for a district that
        # sends none (ims48b, tester59 F2), so the rows' own missing cells lead (I280), not its D304.
        "students.txt:2 [Enroll_Status]: X915 export-errors-over-limit: students.txt: errors left out 28 of its 28 "
        "rows (100.0%, limit 10.0%), most of them I280 row-cells-missing, the first at this line; nothing "
        "published (--allow-incomplete publishes it anyway)",
        "classes.csv: X916 table-empty: classes.csv would hold no rows although its exports (sections.txt) have "
        "15 rows; most of its records were left out as F412 class-empty; nothing published "
        "(--allow-incomplete publishes it anyway)",
        "enrollments.csv: X916 table-empty: enrollments.csv would hold no rows although its exports (cc.txt and "
        "sections.txt) have 188 rows; most of its records were left out as D300 join-missing; nothing published "
        "(--allow-incomplete publishes it anyway)",
    ]
    assert not out.exists()


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_student_number_blank_is_refused_on_the_first_run(tmp_path: Path, jobs: int) -> None:
    """With a second process, its error-level drops past the examples still count their rows."""
    out = tmp_path / "out"
    result = run(student_numbers_blank(tmp_path), out, jobs=jobs, max_examples=5)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    refused = {
        (p.code.id, p.params.get("file") or p.params.get("table"), p.params.get("rows")) for p in result.problems
    }
    # cc.txt: 142 of its rows lose their user; the 28 of semester 2 start later (F426, info) first.
    assert {("X915", "students.txt", 28), ("X915", "cc.txt", 142), ("X916", "demographics", 28)} <= refused
    assert not out.exists()


def test_a_case_variant_duplicate_column_empty_before_the_filled_one_is_read_whole(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(case_variant_duplicate_column(tmp_path), out)
    assert result.exit_status == api.EXIT_PUBLISHED and "X915" not in result.report.counts
    (said,) = result.report.examples["I207"]
    assert "is read (cell 2 is empty on every row)" in said.message


def test_allow_incomplete_publishes_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(comma_rows_under_a_tab_header(tmp_path), out, allow_incomplete=True)
    # published, but the flag let 3 refusals through: said (F453) with exit 1, so a job keeping it hides none
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    assert result.report.examples["F453"][0].message.startswith("--allow-incomplete let through 3 refusals tonight")
    notes = [p.message for p in result.report.examples["X918"]]
    assert notes == [
        "--allow-incomplete: errors left out 28 of the 28 rows of students.txt; published",
        "--allow-incomplete: classes.csv is empty (most of its records were left out as F412 class-empty); published",
        "--allow-incomplete: enrollments.csv is empty (most of its records were left out as D300 join-missing); "
        "published",
    ]
    assert (out / "users.csv").exists()


def test_errors_within_the_limit_publish(tmp_path: Path) -> None:
    """2 of 28 students without an ID (7 %) are left out and counted; the rest is published."""

    def two_without_id(rows: list[list[bytes]]) -> list[bytes]:
        for row in rows[1:3]:
            row[1] = b""
        return [b"\t".join(row) for row in rows]

    exports = _rewrite_students(tmp_path, two_without_id)
    assert run(exports, tmp_path / "out").exit_status == api.EXIT_PUBLISHED
    refused = run(exports, tmp_path / "out2", max_removal=5)
    # Their enrolments lose their user ID too (D304 in cc.txt), but for the 2 of semester 2,
    # which start later (F426, info) and are left out for that first.
    assert [(p.code.id, p.params["file"], p.params["rows"]) for p in refused.problems] == [
        ("X915", "students.txt", 2),
        ("X915", "cc.txt", 9),
    ]


def test_a_row_with_a_record_written_is_not_left_out() -> None:
    """A student whose birth date is unreadable loses the demographics row, not the user."""
    left_out = LeftOut()
    missing = code("required-value-missing")
    left_out.note(missing, Where("students.txt", 7, "birthDate", "demographics"))
    left_out.note(missing, Where("students.txt", 9, "sourcedId", "users"))
    left_out.note(missing, Where("students.txt", 1_000_000, "sourcedId", "users"))
    left_out.note(missing, Where("students.txt", 11, "sourcedId", "users"), derived=True)  # a guardian
    left_out.note(code("row-filtered"), Where("students.txt", 12, "", "users"))  # a filter, not an error
    left_out.kept("students.txt", 7)
    assert left_out.error_rows("students.txt") == 2
    assert left_out.top_error("students.txt") == missing


def test_a_term_naming_no_term_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(SAMPLE, out, terms=("Semster 1", "S2"))
    assert result.exit_status == api.EXIT_USAGE
    assert messages(result) == [
        "X917 term-unknown: --term 'Semster 1' names no term of the exports' classes (their terms: 2026-2027, "
        "26-27, S1, S2, Semester 1, Semester 2); did you mean 'Semester 1'? (--term rosters only the terms it "
        "names: the classes of every other term, the year-long ones too, are left out; without --term, the "
        "terms of the as-of date are rostered)"
    ]  # taking the suggestion drops the year's classes: said with it (tester44 F13 item 8)
    assert not out.exists()
    assert run(SAMPLE, out, terms=("semester 1", "S2", "26-27")).exit_status == api.EXIT_PUBLISHED


def test_the_command_refuses_publishes_with_the_flag_and_exits_2_on_an_unknown_term(tmp_path: Path) -> None:
    from tests.test_cli import transform

    exports = comma_rows_under_a_tab_header(tmp_path)
    common = ("--profile", "powerschool", "--as-of", "2026-10-15")
    refused = transform(*common, exports, tmp_path / "out")
    assert refused.returncode == 1
    assert "X915 export-errors-over-limit" in refused.stderr
    published = transform(*common, exports, tmp_path / "out", "--allow-incomplete")
    assert published.returncode == 1, published.stderr  # published, but the flag let a refusal through (F453)
    assert "Published, but F453 incomplete-let-through" in published.stderr
    assert "X918" in published.stdout  # in the summary: what the run found
    typo = transform(*common, SAMPLE, tmp_path / "out2", "--term", "Semster 1")
    assert typo.returncode == 2
    assert "did you mean 'Semester 1'?" in typo.stderr
    assert not (tmp_path / "out2").exists()


def test_warnings_that_leave_out_most_of_an_export_refuse_it(tmp_path: Path) -> None:
    """Every teacher without an email (SDS classic exports have none; the profile needs an email
    domain): each is only a warning, but a set with no teacher is not the district's roster."""
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    teachers = exports / "teachers.txt"
    lines = teachers.read_bytes().split(b"\r\n")
    header = lines[0].split(b"\t")
    email = header.index(b"TEACHERS.EMAIL_ADDR")
    rows = [line.split(b"\t") for line in lines[1:] if line]
    blanked = [[*r[:email], b"", *r[email + 1 :]] for r in rows]
    teachers.write_bytes(b"".join(b"\t".join(r) + b"\r\n" for r in [header, *blanked]))
    out = tmp_path / "out"
    result = run(exports, out)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not out.exists()
    [refused] = [p for p in result.problems if p.code.id == "X915"]
    assert refused.where.file == "teachers.txt" and refused.where.line == 2
    assert {p.code.id for p in result.problems} == {"X915", "X980"}  # and every class without its teacher
    # every teacher kept before is lost (the others are inactive, or a second school's row of one)
    assert f"errors and warnings left out 5 of its {len(rows)} rows (62.5%, limit 50.0%)" in str(refused)
    assert "V506 staff-without-email" in str(refused)
    allowed = run(exports, out, allow_incomplete=True)
    assert allowed.report.published and allowed.exit_status == 1 and "F453" in allowed.report.counts


def test_one_teacher_in_eight_without_email_is_only_a_warning(tmp_path: Path) -> None:
    """The sample district: 1 of 8 teachers has no email, under half: published, with V506."""
    result = run(SAMPLE, tmp_path / "out")
    assert result.exit_status == 0 and result.report.counts["V506"] == 1


def test_a_join_key_on_two_rows_is_named_as_the_cause_of_an_empty_table(tmp_path: Path) -> None:
    """An Aeries terms export (TRM) listing next year's terms under this year's school and term
    codes joins no section to a term (D327 for each key): classes.csv would be empty, and the
    refusal names the rows to fix, not only the D300 of every section (tester43 F5)."""
    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "aeries" / "district" / "in", exports)
    with (exports / "TRM.csv").open("a", encoding="utf-8") as terms:
        terms.write("10,Y,Year,08/12/2027,06/03/2028\n40,F,Fall Semester,08/12/2027,12/18/2027\n")
        terms.write("40,S,Spring Semester,01/05/2028,06/03/2028\n40,Y,Year,08/12/2027,06/03/2028\n")
    options = api.RunOptions(
        profile="aeries", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2027, 3, 1), now=NOW
    )
    result = api.run(options)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    [classes] = [str(p) for p in result.problems if p.params.get("table") == "classes"]
    assert (
        "most of its records were left out as D300 join-missing, after D327 join-key-conflict (a key on two "
        "rows of terms with other data, 10+Y the first, at TRM.csv:6)"
    ) in classes
    assert not (tmp_path / "out").exists()


def test_a_term_named_by_its_first_word_is_offered_the_whole_name() -> None:
    """--term Lent, the term being 'Lent and Summer': X917 with no "did you mean" (difflib finds it
    too far), though README promises one (tester86 T9). The one term starting with it, or holding
    it as a word, is offered; a word two terms hold offers neither."""
    from transform.pipeline.filters import _refuse_unknown_terms
    from transform.profile.compile import TermFilterPlan
    from transform.report.problem import TransformAbort

    def said(typed: str, known: dict[str, str]) -> str:
        plan = TermFilterPlan((), (), (), (), 21, 300, frozenset({typed.casefold()}), named=(typed,))
        with pytest.raises(TransformAbort) as refused:
            _refuse_unknown_terms(plan, known)
        return refused.value.problems[0].message

    known = {"lent and summer": "Lent and Summer", "michaelmas": "Michaelmas"}
    assert "did you mean 'Lent and Summer'?" in said("Lent", known)
    assert "did you mean 'Lent and Summer'?" in said("summer", known)
    both = {"lent and summer": "Lent and Summer", "lent half term": "Lent Half Term"}
    assert "did you mean" not in said("Lent", both)
