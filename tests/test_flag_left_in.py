"""A flag left in the nightly job never turns a night that would have been refused into exit 0
(pipeline.flags_left_in): each night --allow-incomplete lets a refusal through is "Published, but",
F453 (reviewer93 R1), and each night --allow-rollover lets removals through that no term change or
new school year explains is too, F454 (reviewer93 R2, tester74 F4). A term change under the flag
publishes at exit 0, as it always did."""

from __future__ import annotations

import datetime as dt
import functools
import shutil
from collections.abc import Callable
from pathlib import Path

from tests import test_users_rows_missing as rows_missing
from tests.conftest import FIXTURES
from tests.test_condition_columns import AERIES, published_ids, renamed_headers
from tests.test_gate import SAMPLE, keep_students
from transform import api
from transform.cleaners.school_year import NORTHERN
from transform.pipeline import flags_left_in
from transform.pipeline.filters import Term
from transform.pipeline.flags_left_in import calendar_explains
from transform.report import summary
from transform.report.report import Report

OCTOBER = dt.date(2026, 10, 15)  # Semester 1 runs at both schools (08/17/2026 to 01/08 and 01/15/2027)


def run(exports: Path, out: Path, as_of: dt.date, profile: str = "powerschool", **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def students_left(tmp_path: Path, kept: int = 11) -> Path:
    """17 of the 28 students gone from students.txt with their cc.txt rows: an export job that
    stopped at the same students in both files looks the same as students who left."""
    exports = tmp_path / "in2"
    shutil.copytree(SAMPLE, exports)
    keep_students(exports, kept)
    return exports


def test_rollover_left_in_publishes_an_ordinary_nights_removals_but_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out, OCTOBER).exit_status == 0
    exports = students_left(tmp_path)
    result = run(exports, out, OCTOBER + dt.timedelta(days=1), allow_rollover=True)
    assert result.report.published and result.exit_status == 1
    run(exports, tmp_path / "first", OCTOBER + dt.timedelta(days=1))  # tonight's exports as a first set
    assert (out / "users.csv").read_bytes() == (tmp_path / "first" / "users.csv").read_bytes()
    [said] = result.report.examples["F454"]
    assert said.message.startswith("--allow-rollover let through X908 ×3 (users.csv loses 32 of 56 records")
    assert "X907 (students.txt has 11 rows, 28 last time)" in said.message  # skipped by the flag, named here
    assert "none of the last set's 4 terms has ended" in said.message and "(as of 2026-10-15)" in said.message
    assert summary.to_check(result.report) == [said]


def test_rollover_on_the_term_change_night_publishes_the_ended_terms_removals_at_exit_0(tmp_path: Path) -> None:
    """Semester 1 ended at school 100 on 8 January and at 200 on 15 January: its classes and
    enrolments gone on the 20th are the flag's purpose, published at exit 0."""
    out = tmp_path / "out"
    assert run(SAMPLE, out, dt.date(2027, 1, 7)).exit_status == 0
    result = run(SAMPLE, out, dt.date(2027, 1, 20), allow_rollover=True)
    assert result.report.published and result.exit_status == 0
    assert "F454" not in result.report.counts


def test_a_term_change_does_not_explain_students_gone(tmp_path: Path) -> None:
    """reviewer100 R2: the same term-change night with students.txt and cc.txt cut at 11 of 28
    students (a SIS job that stopped): a term change inside the school year ends classes, not
    students. Published, as the flag asks, but exit 1, F454 naming the users over the limit."""
    out = tmp_path / "out"
    assert run(SAMPLE, out, dt.date(2027, 1, 7)).exit_status == 0
    result = run(students_left(tmp_path), out, dt.date(2027, 1, 20), allow_rollover=True)
    assert result.report.published and result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert "X908 (users.csv over the limit without the ended terms' records)" in said.message
    assert (
        "beyond what the calendar explains: a term changed tonight at schools 100, 200, which explains" in said.message
    )


def students_of_school_left(tmp_path: Path, school: bytes = b"200") -> Path:
    """Every student of one school gone from students.txt with their cc.txt rows."""
    exports = tmp_path / "in-school"
    shutil.copytree(SAMPLE, exports)
    lines = (exports / "students.txt").read_bytes().split(b"\r\n")
    column = lines[0].split(b"\t").index(b"SchoolID")
    gone = {line.split(b"\t")[0] for line in lines[1:] if line and line.split(b"\t")[column] == school}
    (exports / "students.txt").write_bytes(b"\r\n".join(line for line in lines if line.split(b"\t")[0] not in gone))
    cc = (exports / "cc.txt").read_bytes().split(b"\r\n")
    student = next(n for n, name in enumerate(cc[0].split(b"\t")) if name.endswith(b"StudentID"))
    kept = [line for n, line in enumerate(cc) if not n or not line or line.split(b"\t")[student] not in gone]
    (exports / "cc.txt").write_bytes(b"\r\n".join(kept))
    return exports


def test_a_term_change_at_one_school_does_not_explain_another_schools_removals(tmp_path: Path) -> None:
    """reviewer100 R1: Semester 2 begins at school 100 on 11 January while school 200 is in
    Semester 1 until the 15th; its 14 students gone from both exports that night are no term
    change of theirs: published, but exit 1, F454."""
    out = tmp_path / "out"
    assert run(SAMPLE, out, dt.date(2027, 1, 10)).exit_status == 0
    result = run(students_of_school_left(tmp_path), out, dt.date(2027, 1, 11), allow_rollover=True)
    assert result.report.published and result.exit_status == 1
    assert "X908 (users.csv over the limit" in result.report.examples["F454"][0].message


def test_rollover_with_previous_is_not_explained_for_want_of_dates(tmp_path: Path) -> None:
    """reviewer100 R3: --previous names last night's set, whose dates this run does not read: an
    ordinary night's cut under the flag is not taken as a term change. Exit 1, F454."""
    assert run(SAMPLE, tmp_path / "monday", OCTOBER).exit_status == 0
    result = run(
        students_left(tmp_path),
        tmp_path / "tuesday",
        OCTOBER + dt.timedelta(days=1),
        previous=tmp_path / "monday",
        allow_rollover=True,
    )
    assert result.report.published and result.exit_status == 1
    assert "the set --previous names records no dates" in result.report.examples["F454"][0].message


def test_rollover_left_in_on_a_quiet_night_is_exit_0(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out, OCTOBER).exit_status == 0
    result = run(SAMPLE, out, OCTOBER + dt.timedelta(days=1), allow_rollover=True)
    assert result.exit_status == 0 and "F454" not in result.report.counts


def test_both_flags_left_in_name_the_emptied_export_they_let_through(tmp_path: Path) -> None:
    """cc.txt a header only mid-term: X910 without the flags (X916 with --allow-rollover alone);
    with both left in the job every class and enrolment is removed, and the run says what each let
    through: X910, skipped by --allow-rollover (F454), and the emptied tables (X918, F453)."""
    out = tmp_path / "out"
    assert run(SAMPLE, out, OCTOBER).exit_status == 0
    exports = tmp_path / "in2"
    shutil.copytree(SAMPLE, exports)
    header = (exports / "cc.txt").read_bytes().split(b"\r\n")[0]
    (exports / "cc.txt").write_bytes(header + b"\r\n")
    result = run(exports, out, OCTOBER + dt.timedelta(days=1), allow_rollover=True, allow_incomplete=True)
    assert result.report.published and result.exit_status == 1
    assert (out / "enrollments.csv").read_bytes().count(b"\n") == 1  # the header alone
    assert "X910 (cc.txt has no data rows, 173 last time)" in result.report.examples["F454"][0].message
    assert "X918 ×" in result.report.examples["F453"][0].message


def test_incomplete_left_in_publishes_a_renamed_column_but_exits_1(tmp_path: Path) -> None:
    """reviewer93 R1's kind: a condition's column renamed (Aeries TG written TAG, the withdrawn
    student published) under --allow-incomplete left in the job."""
    out = tmp_path / "out"
    first = run(AERIES, out, OCTOBER, profile="aeries", allow_incomplete=True)  # the flag changed nothing
    assert first.exit_status == 0 and "F453" not in first.report.counts
    clean = published_ids(out)
    result = run(
        renamed_headers(tmp_path), out, OCTOBER + dt.timedelta(days=1), profile="aeries", allow_incomplete=True
    )
    assert result.report.published and result.exit_status == 1
    assert published_ids(out) > clean, "the withdrawn student is published, as the flag asks"
    [said] = result.report.examples["F453"]
    # the renamed column (X990) and the condition it switched off (X936), each said X918
    assert said.message.startswith(
        "--allow-incomplete let through 2 refusals tonight (X918 ×2: users where active, demographics where "
        "active read no column 'TG' (STU.csv has 'TAG')"
    )


def test_the_calendar_explains_a_new_term_or_school_year_only() -> None:
    last, ends = dt.date(2026, 10, 15), {"3601": dt.date(2027, 1, 8)}
    fall = {"3601": Term("3601", "Semester 1", dt.date(2026, 8, 17), dt.date(2027, 1, 8))}
    spring = {"3602": Term("3602", "Semester 2", dt.date(2027, 1, 11), dt.date(2027, 5, 28))}

    def explains(tonight: dt.date, current: dict[str, Term], last_as_of: dt.date | None = last) -> bool:
        return not calendar_explains(
            tonight=tonight, last_as_of=last_as_of, ends_then=ends, current=current, years=NORTHERN
        )

    assert not explains(dt.date(2026, 11, 2), fall)  # mid-term
    assert explains(dt.date(2027, 1, 11), spring)  # Semester 1 ended, Semester 2 begun
    assert explains(dt.date(2027, 8, 20), {})  # another school year
    assert explains(dt.date(2026, 11, 2), fall, last_as_of=None)  # nothing to compare with
    previous = calendar_explains(  # the set --previous names: no dates read, nothing explained
        tonight=dt.date(2027, 1, 11), last_as_of=None, ends_then={}, current=spring, years=NORTHERN, dated=False
    )
    assert previous and "--previous" in previous


def test_a_run_keeping_no_examples_exits_1_on_the_counts(tmp_path: Path) -> None:
    """reviewer100 R6: api.run(max_examples=0), as a wrapper keeping no examples calls it: F454
    was counted and the run exited 0, since what a person must look at was read from the examples."""
    out = tmp_path / "out"
    assert run(SAMPLE, out, OCTOBER).exit_status == 0
    result = run(students_left(tmp_path), out, OCTOBER + dt.timedelta(days=1), allow_rollover=True, max_examples=0)
    assert result.report.published and result.exit_status == 1
    assert result.report.counts["F454"] == 1 and not result.report.examples.get("F454")


def test_users_rows_the_flag_let_through_are_said_without_examples_kept(tmp_path: Path) -> None:
    """reviewer100 R6: users.csv cut at a line boundary (X882), published by --allow-incomplete
    (X883): F453 names it from a count, not from the examples max_examples=0 does not keep."""
    out, tonight = rows_missing.nights(tmp_path, "1.1", "python")
    rows_missing.cut(tonight / "users.csv", 6)
    result = rows_missing.run(tonight, out, "python", night=1, allow_incomplete=True, max_examples=0)
    assert result.report.published and result.exit_status == 1
    assert result.report.counts["X883"] == 1 and result.report.counts["F453"] == 1


# --- reviewer100 (after R1): every kind the flag lets through judged by the calendar of its schools --------
# School 100's Semester 1 ended on 8 January and its Semester 2 begins on the 11th; school 200's
# Semester 1 runs on to the 15th. The last set was made on the 7th; tonight is the 11th.
LAST, TERM_CHANGE = dt.date(2027, 1, 7), dt.date(2027, 1, 11)


def keep_rows(path: Path, kept: Callable[[dict[bytes, bytes]], bool]) -> None:
    """The rows of a tab-separated export `kept` passes (by column name), its header kept."""
    header, *rows = path.read_bytes().split(b"\r\n")
    names = header.split(b"\t")
    path.write_bytes(
        b"\r\n".join([header, *(r for r in rows if not r or kept(dict(zip(names, r.split(b"\t"), strict=False))))])
    )


def appended(path: Path, rows: list[list[str]]) -> None:
    path.write_bytes(path.read_bytes().rstrip(b"\r\n") + b"\r\n" + "\r\n".join("\t".join(r) for r in rows).encode())


def two_nights(
    tmp_path: Path, tonight: Callable[[Path], None], before: Callable[[Path], None] = lambda _: None
) -> Path:
    """The sample (edited by `before`) published on 7 January; tonight's exports, edited by `tonight`."""
    last, exports = tmp_path / "last", tmp_path / "tonight"
    shutil.copytree(SAMPLE, last)
    before(last)
    assert run(last, tmp_path / "out", LAST).exit_status == 0
    shutil.copytree(last, exports)
    tonight(exports)
    return exports


def rollover(tmp_path: Path, exports: Path, **options: object) -> api.RunResult:
    return run(exports, tmp_path / "out", TERM_CHANGE, allow_rollover=True, **options)


def school_200_schedule_cut(exports: Path) -> None:
    keep_rows(exports / "sections.txt", lambda row: row[b"SchoolID"] != b"200")
    keep_rows(exports / "cc.txt", lambda row: row[b"[04]SchoolID"] != b"200")


def test_the_term_change_at_one_school_publishes_at_exit_0(tmp_path: Path) -> None:
    result = rollover(tmp_path, two_nights(tmp_path, lambda _: None))
    assert result.report.published and result.exit_status == 0 and "F454" not in result.report.counts


def test_another_schools_schedule_cut_on_one_schools_term_change_is_f454(tmp_path: Path) -> None:
    """School 200's sections and enrolments gone on school 100's term-change night, under the
    whole-file limit (--max-removal 70): X995 and X998 name school 200, whose term runs on, and the
    class exports the flag skipped shrank (X907). Exit 0 before: any school's term change explained it."""
    result = rollover(tmp_path, two_nights(tmp_path, school_200_schedule_cut), max_removal=70)
    assert result.report.published and result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert "X995 (school 200 keeps 0 of its 6 classes; over the limit without the ended terms' records)" in (
        said.message
    )
    assert "X998 (school 200: 13 of the 13 students in a class are in none;" in said.message
    assert "X907 (sections.txt has 6 rows, 15 last time)" in said.message
    assert "a term changed tonight at school 100, which explains the ended terms'" in said.message


def aides_at_200(exports: Path) -> None:
    """Five staff at school 200 who teach no section (aides, the office)."""
    appended(
        exports / "teachers.txt",
        [
            [f"21{n}", f"60{n}", f"T21{n}", "200", f"Aide{n}", "", "Helper", f"aide{n}@x.example.org", "1", "1"]
            for n in range(5)
        ],
    )


def test_staff_cut_on_a_term_change_night_is_f454(tmp_path: Path) -> None:
    """The staff export without school 200's five aides (X960: 5 of the district's 9 staff) on
    school 100's term-change night: a term change removes no one. Exit 0 before."""
    exports = two_nights(
        tmp_path,
        lambda folder: keep_rows(folder / "teachers.txt", lambda row: not row[b"TEACHERS.ID"].startswith(b"21")),
        before=aides_at_200,
    )
    result = rollover(tmp_path, exports)
    assert result.report.published and result.exit_status == 1
    assert "X960 (users.csv loses 5 of its 9 staff; a term change removes no one)" in (
        result.report.examples["F454"][0].message
    )


def semester_1_clubs(exports: Path, schools: tuple[str, ...] = ("100", "200")) -> None:
    """Twenty more Semester 1 sections at each of `schools`, one student in each (900 at 100, 904 at 200)."""
    for school, student, end, first in (("100", "900", "01/08/2027", 3000), ("200", "904", "01/15/2027", 4000)):
        if school not in schools:
            continue
        ids = [str(first + n) for n in range(20)]
        appended(exports / "sections.txt", [[i, school, "CLUB", i, "3601", "9(A)", "101", "5"] for i in ids])
        appended(exports / "cc.txt", [[student, i, "3601", school, "08/17/2026", end] for i in ids])


def semester_1_gone(*schools: bytes) -> Callable[[Path], None]:
    """A SIS job exporting the current term only: Semester 1's rows of `schools` gone."""

    def edit(exports: Path) -> None:
        keep_rows(exports / "sections.txt", lambda r: not (r[b"TermID"] == b"3601" and r[b"SchoolID"] in schools))
        keep_rows(exports / "cc.txt", lambda r: not (r[b"[04]TermID"] == b"3601" and r[b"[04]SchoolID"] in schools))

    return edit


def test_a_class_export_shrunk_by_the_ended_terms_rows_is_the_term_change(tmp_path: Path) -> None:
    """sections.txt loses school 100's Semester 1 rows (35 to 14, X907 skipped by the flag), every
    class and enrolment gone an ended term's: the term change, exit 0."""
    clubs = functools.partial(semester_1_clubs, schools=("100",))
    result = rollover(tmp_path, two_nights(tmp_path, semester_1_gone(b"100"), before=clubs))
    assert result.report.published and result.exit_status == 0 and "F454" not in result.report.counts
    assert any(str(r).startswith("X907 (sections.txt") for r in result.report.facts["rollover_skipped"])


def test_a_class_export_shrunk_by_a_running_terms_rows_too_is_f454(tmp_path: Path) -> None:
    """The same night with school 200's running Semester 1 gone too, under the whole-file limit
    (--max-removal 70): only X907 was let through, and the calendar explains it at one school only."""
    exports = two_nights(tmp_path, semester_1_gone(b"100", b"200"), before=semester_1_clubs)
    result = rollover(tmp_path, exports, max_removal=70)
    assert result.report.published and result.exit_status == 1
    assert "X907 (sections.txt has 10 rows, 55 last time)" in result.report.examples["F454"][0].message


def test_a_new_school_year_under_the_flag_is_exit_0(tmp_path: Path) -> None:
    """August: next year's terms, 17 of the 28 students gone (graduates, leavers): X908 and X960
    published at exit 0, as before."""

    def next_year(exports: Path) -> None:
        for name in ("terms.txt", "cc.txt"):
            path = exports / name
            path.write_bytes(path.read_bytes().replace(b"/2027", b"/2028").replace(b"/2026", b"/2027"))
        keep_students(exports, 11)

    out = tmp_path / "out"
    assert run(SAMPLE, out, dt.date(2027, 5, 20)).exit_status == 0
    exports = tmp_path / "august"
    shutil.copytree(SAMPLE, exports)
    next_year(exports)
    result = run(exports, out, dt.date(2027, 8, 20), allow_rollover=True)
    assert result.report.published and result.exit_status == 0 and "F454" not in result.report.counts
    assert result.report.counts.get("X908") and result.report.counts.get("X960")


def test_the_calendar_school_by_school() -> None:
    """A term of the last set ended tonight at the schools of its classes; a term of tonight's set
    begun since at its own school (at every school: one of none); a year-long one is a new year."""
    fall = {
        "100-3601": (dt.date(2026, 8, 17), dt.date(2027, 1, 8)),
        "200-3601": (dt.date(2026, 8, 17), dt.date(2027, 1, 15)),
    }
    spring = {"100-3602": Term("100", "Semester 2", dt.date(2027, 1, 11), dt.date(2027, 5, 28))}
    at = flags_left_in.school_calendar(
        tonight=TERM_CHANGE,
        last_as_of=LAST,
        terms_then=fall,
        current=spring,
        schools_of={"100-3601": {"100"}, "200-3601": {"200"}},
        year_long_days=300,
    )
    assert at.changed == {"100"} and not at.new_year
    assert not at.new_year_at("100") and not at.new_year_at("200")
    year = {"3700": Term("", "2027-2028", dt.date(2027, 1, 10), dt.date(2027, 12, 20))}
    every = flags_left_in.school_calendar(
        tonight=TERM_CHANGE, last_as_of=LAST, terms_then={}, current=year, schools_of={}, year_long_days=300
    )
    assert every.new_year_at("200")


def test_what_the_flag_skipped_is_judged_on_a_term_change_night() -> None:
    """X805 and X991 (no class export's) are never a term change's; a class export's X910 is only
    when the gate found the calendar explains it (gate.by_the_calendar's verdict)."""

    def judged(facts: dict[str, object]) -> str:
        report = Report()
        report.facts.update(facts)
        flags_left_in.judge(report, allow_incomplete=False, allow_rollover=True, calendar="")
        return report.examples["F454"][0].message if report.counts.get("F454") else ""

    emptied = "X910 (sections.txt has no data rows, 15 last time)"
    ended, running = {flags_left_in.CLASS_EXPORT_EXPLAINED: True}, {flags_left_in.CLASS_EXPORT_EXPLAINED: False}
    skipped = {flags_left_in.SKIPPED: [emptied], flags_left_in.CLASS_EXPORT: [emptied]}
    assert not judged({**skipped, **ended})
    assert emptied in judged({**skipped, **running})
    assert emptied in judged({flags_left_in.SKIPPED: [emptied], **ended})  # not a class export
    orphans = "X805 (12 students left with no parent)"
    assert orphans in judged({flags_left_in.SKIPPED: [orphans], **ended})


BOTH_CHANGED = dt.date(2027, 1, 19)  # Semester 1 ended at 100 on the 8th and at 200 on the 15th


def test_a_schools_cut_on_its_own_term_change_night_is_f454(tmp_path: Path) -> None:
    """reviewer108 R1: both schools' Semester 1 ended since the last set (the 7th) and school 200's
    year-long sections are cut from sections.txt and cc.txt too, under the whole-file limit
    (--max-removal 70). X995 counts only the classes no ended term explains, so school 200's own term
    change must not explain them again: F454, exit 1 (exit 0 before). The words say what the calendar
    explained and that it explains nothing more (R3)."""

    def cut(exports: Path) -> None:
        semester_1_gone(b"100", b"200")(exports)
        keep_rows(exports / "sections.txt", lambda r: not (r[b"SchoolID"] == b"200" and r[b"TermID"] == b"3600"))
        keep_rows(exports / "cc.txt", lambda r: not (r[b"[04]SchoolID"] == b"200" and r[b"[04]TermID"] == b"3600"))

    exports = two_nights(tmp_path, cut)
    result = run(exports, tmp_path / "out", BOTH_CHANGED, allow_rollover=True, max_removal=70)
    assert result.report.published and result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert said.message.startswith("--allow-rollover let through X995 (school 200 keeps ")
    assert "over the limit without the ended terms' records" in said.message
    ended = result.report.facts["changes"]["classes"]["term_ended"]
    assert (
        "beyond what the calendar explains: a term changed tonight at schools 100, 200, which explains "
        f"the ended terms' classes and enrolments ({ended:,} classes and "
    ) in said.message
    assert "and nothing more; a removal beyond an ended term's is a broken export or a change in the SIS" in (
        said.message
    )
    assert "explains none of it" not in said.message


def withdrawn_at_200(exports: Path) -> None:
    """Student 904 at school 200 withdrawn tonight (Enroll_Status 2), their cc.txt rows gone."""
    path = exports / "students.txt"
    header, *rows = path.read_bytes().split(b"\r\n")
    status = header.split(b"\t").index(b"Enroll_Status")
    for n, row in enumerate(rows):
        cells = row.split(b"\t")
        if cells[0] == b"904":
            cells[status] = b"2"
            rows[n] = b"\t".join(cells)
    path.write_bytes(b"\r\n".join([header, *rows]))
    keep_rows(exports / "cc.txt", lambda r: r[b"[04]StudentID"] != b"904")


def test_a_withdrawal_on_a_current_term_only_exports_term_change_night_is_no_shrunk_export(tmp_path: Path) -> None:
    """reviewer108 R2: school 100's Semester 1 rows gone from a current-term-only export (sections.txt
    35 to 14) and one student at school 200 withdrawn tonight: the export lists them as left, so their
    enrolments gone are no running term's rows lost. Without the flag X907 refused the night; with it,
    F454 said it: exit 1 both ways before (one shared predicate now, gate.by_the_calendar)."""

    def tonight(exports: Path) -> None:
        semester_1_gone(b"100")(exports)
        withdrawn_at_200(exports)

    clubs = functools.partial(semester_1_clubs, schools=("100",))
    (tmp_path / "flag").mkdir()
    without = run(two_nights(tmp_path, tonight, before=clubs), tmp_path / "out", TERM_CHANGE)
    assert without.report.published and without.exit_status == 0 and "X907" not in without.report.counts
    flag = rollover(tmp_path / "flag", two_nights(tmp_path / "flag", tonight, before=clubs))
    assert flag.report.published and flag.exit_status == 0 and "F454" not in flag.report.counts
    assert any(str(r).startswith("X907 (sections.txt") for r in flag.report.facts["rollover_skipped"])


# --- reviewer112: classes handed to other teachers (X839) and the codes no term change explains (X837, X846) ---
STUDENT_AT = {"100": "900", "200": "904"}


def five_teachers_at(
    school: str, term: str = "3600", days: tuple[str, str] = ("08/17/2026", "05/28/2027")
) -> Callable[[Path], None]:
    """Five more sections at `school` (year-long: term 3600), each with a teacher of its own and its student."""

    def add(exports: Path) -> None:
        ids = [(f"31{n}", f"80{n}") for n in range(5)]
        appended(
            exports / "teachers.txt",
            [
                [t, f"63{n}", f"T31{n}", school, f"Tia{n}", "", "Teach", f"tia{n}@x.example.org", "1", "1"]
                for n, (t, _) in enumerate(ids)
            ],
        )
        appended(exports / "sections.txt", [[c, school, "MATH7", c, term, "8(A)", t, "7"] for t, c in ids])
        appended(exports / "cc.txt", [[STUDENT_AT[school], c, term, school, *days] for _, c in ids])

    return add


def their_teachers_shifted(exports: Path) -> None:
    """The five sections' Teacher column one row off (a teachers export shifted)."""
    path = exports / "sections.txt"
    lines = path.read_bytes().split(b"\r\n")
    mine = [n for n, line in enumerate(lines) if line.startswith(b"80")]
    fields = [lines[n].split(b"\t") for n in mine]
    for n, row, teacher in zip(mine, fields, [f[6] for f in fields[1:] + fields[:1]], strict=True):
        row[6] = teacher
        lines[n] = b"\t".join(row)
    path.write_bytes(b"\r\n".join(lines))


def test_teachers_shifted_at_a_school_whose_term_runs_on_are_f454(tmp_path: Path) -> None:
    """reviewer112 R1: on school 100's term-change night, school 200's five sections' teachers
    shifted one row (X838 without the flag). Exit 0 before: X839 was in neither SCHOOL_KINDS nor
    NO_TERM_EXPLAINS, so any school's term change let it through."""
    result = rollover(tmp_path, two_nights(tmp_path, their_teachers_shifted, before=five_teachers_at("200")))
    assert result.report.published and "X839" in result.report.counts and result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert "X839 (5 classes handed to other teachers at school 200; no term changed there tonight)" in said.message
    assert "a class handed to another teacher whose own term runs on is a broken export" in said.message
    assert "a removal beyond" not in said.message


def test_year_long_teachers_moved_at_the_school_whose_semester_ended_are_f454(tmp_path: Path) -> None:
    """reviewer114 R1: school 100's Semester 1 ended, but its five shifted sections are year-long
    (term 3600 both nights, running on): a semester's end gives no year-long class a new teacher.
    Exit 0 before: any term change at the school explained them."""
    result = rollover(tmp_path, two_nights(tmp_path, their_teachers_shifted, before=five_teachers_at("100")))
    assert result.report.published and "X839" in result.report.counts and result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert (
        "X839 (5 classes handed to other teachers at school 100; 5 of them are in the same term both nights, "
        "which runs on)"
    ) in said.message
    assert "a term changed tonight at school 100" in said.message


def semester_2_teachers_shifted(exports: Path) -> None:
    """The five sections of Semester 1 carried into Semester 2 under their IDs, each with a new teacher."""
    for name, term in (("sections.txt", 4), ("cc.txt", 2)):
        lines = (exports / name).read_bytes().split(b"\r\n")
        for n, line in enumerate(lines):
            fields = line.split(b"\t")
            if any(f.startswith(b"80") for f in fields[:2]) and fields[term] == b"3601":
                fields[term] = b"3602"
                if name == "cc.txt":
                    fields[4:6] = [b"01/11/2027", b"05/28/2027"]
                lines[n] = b"\t".join(fields)
        (exports / name).write_bytes(b"\r\n".join(lines))
    their_teachers_shifted(exports)


def test_teachers_moved_with_their_classes_new_term_are_its_term_change(tmp_path: Path) -> None:
    """reviewer109: a school whose term changed tonight keeping its class IDs may give its classes of
    the new term new teachers: school 100's five Semester 1 sections, Semester 2's tonight under the
    same IDs (their term IDs differ), each with another teacher, published at exit 0."""
    before = five_teachers_at("100", "3601", ("08/17/2026", "01/08/2027"))
    result = rollover(tmp_path, two_nights(tmp_path, semester_2_teachers_shifted, before=before))
    assert result.report.published and "X839" in result.report.counts
    assert result.exit_status == 0 and "F454" not in result.report.counts


def grades_as_dates(exports: Path) -> None:
    """Grades 5 to 8 turned into a spreadsheet's dates ('5' -> '5-Oct')."""
    path = exports / "students.txt"
    header, *rows = path.read_bytes().split(b"\r\n")
    column = header.split(b"\t").index(b"Grade_Level")
    edited = [row.split(b"\t") for row in rows]
    for row in edited:
        if len(row) > column and row[column] in (b"5", b"6", b"7", b"8"):
            row[column] += b"-Oct"
    path.write_bytes(b"\r\n".join([header, *(b"\t".join(row) for row in edited)]))


def test_grades_as_the_maps_default_on_a_term_change_night_are_f454(tmp_path: Path) -> None:
    """reviewer112 R4: X837 alone let through on school 100's term-change night: a term change
    takes no student's grade (NO_TERM_EXPLAINS), and the words call it no removal."""
    result = rollover(tmp_path, two_nights(tmp_path, grades_as_dates))
    assert result.report.published and result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert said.message.startswith("--allow-rollover let through X837 ")
    assert "a term changed tonight at school 100" in said.message
    assert "nothing more; a value written as a map's default is a broken export" in said.message
    assert "a removal beyond" not in said.message


def test_f454_names_what_was_let_through_on_a_term_change_night() -> None:
    """reviewer112 R4: the words say 'a removal beyond an ended term's' only where a removal was let
    through; X839 explained at its own school's term change is not named at all."""

    def words(counts: dict[str, int], at_schools: list[list[object]]) -> str:
        report = Report()
        report.counts.update(counts)
        report.facts[flags_left_in.AT_SCHOOLS] = at_schools
        at = flags_left_in.SchoolCalendar(changed=frozenset({"100"}), ended=frozenset({"100-3601"}))
        flags_left_in.judge(report, allow_incomplete=False, allow_rollover=True, calendar="", schools=lambda: at)
        return report.examples["F454"][0].message if report.counts.get("F454") else ""

    moved = [["X839", ["200"], "5 classes handed to other teachers at school 200", False, [[["200-3600"]] * 2] * 5]]
    removal = [["X995", ["200"], "school 200 keeps 0 of its 6 classes", False, None]]
    new_term = [["X839", ["100"], "5 classes handed to other teachers at school 100", False, []]]
    assert not words({"X839": 1}, new_term)
    assert "; a class handed to another teacher whose own term runs on is a broken" in words({"X839": 1}, moved)
    both = words({"X837": 1, "X995": 1}, removal)
    assert "; a removal beyond an ended term's or a value written as a map's default is a broken" in both
    assert "; a school gone whole is a broken" in words({"X846": 1}, [])
    # reviewer123 R3: identifiers published without their zeros are no removal, and no term change explains them;
    # nor the emails, usernames, userIds the profile makes of the number (reviewer134 R3)
    said = words({"X855": 1}, [])
    assert (
        "; a user's number (in the identifier, email, username or userIds) without its leading zeros is a broken"
        in said
    )


def test_a_class_handed_to_another_teacher_is_explained_by_its_own_term_only() -> None:
    """reviewer114 R1, reviewer117 R1 and R2: X839 class by class, each with its term IDs in the last
    set and tonight. Term IDs differing: explained only where a term of the last set's ended or one of
    tonight's began (a term renamed, '{school}-{termName}', or a year-long class listed under a running
    semester, is no term change). The same both nights: only where one ended and none runs tonight (a
    year-long class listed under both semesters runs on in the second). No terms: judged by none."""

    def why(terms: list[list[list[str]]] | None) -> str:
        report = Report()
        report.counts["X839"] = 1
        report.facts[flags_left_in.AT_SCHOOLS] = [["X839", ["100"], "classes handed to other teachers", False, terms]]
        at = flags_left_in.SchoolCalendar(
            changed=frozenset({"100"}),
            ended=frozenset({"100-3601"}),
            began=frozenset({"100-3602"}),
            running=frozenset({"100-3600", "100-3602", "100-Semester 2", "100-Sem 2"}),
        )
        flags_left_in.judge(report, allow_incomplete=False, allow_rollover=True, calendar="", schools=lambda: at)
        return report.examples["F454"][0].message if report.counts.get("F454") else ""

    assert not why([])
    assert not why([[["100-3601"], ["100-3602"]]])  # Semester 1 carried into Semester 2 under its class ID
    assert not why([[["100-3600"], ["100-3602"]]])  # tonight's term began since the last set
    assert not why([[["100-3601"], ["100-3601"]]])  # the same term both nights, ended, none running
    runs_on = "1 of them is in the same term both nights, which runs on"
    assert runs_on in why([[["100-3601"], ["100-3601"]], [["100-3600"], ["100-3600"]]])
    assert runs_on in why([[["100-3601", "100-3602"], ["100-3601", "100-3602"]]])  # R2: both semesters listed
    renamed = why([[["100-Semester 2"], ["100-Sem 2"]], [["100-Semester 2"], ["100-Sem 2"]]])  # a label renamed
    assert "2 of them are in a term that neither ended nor began tonight (under other term IDs)" in renamed
    both = why([[["100-3600"], ["100-3600"]], [["100-3600"], ["100-Sem 2"]]])  # R1: under a running term
    assert "2 of them are in a term that neither ended nor began tonight (1 under other term IDs)" in both
    assert "no class's terms recorded to judge it by" in why(None)


def test_the_calendar_names_the_terms_ended_by_tonight_as_published_too() -> None:
    """SchoolCalendar.ended: the last set's terms ended by tonight, by the export's IDs and the
    published ones a strict target gives them (held_as), which classes.csv names."""
    year, fall = (dt.date(2026, 8, 17), dt.date(2027, 5, 28)), (dt.date(2026, 8, 17), dt.date(2027, 1, 8))
    at = flags_left_in.school_calendar(
        tonight=TERM_CHANGE,
        last_as_of=LAST,
        terms_then={"3601": fall, "3600": year},
        current={},
        schools_of={},
        year_long_days=300,
        held_as={"100-Semester 1-2026-08-17": "3601", "100-2026-2027-2026-08-17": "3600"},
    )
    assert at.ended == {"3601", "100-Semester 1-2026-08-17"}
    spring = Term("100", "Semester 2", dt.date(2027, 1, 11), dt.date(2027, 5, 28))
    at = flags_left_in.school_calendar(
        tonight=TERM_CHANGE,
        last_as_of=LAST,
        terms_then={"3601": fall, "3600": year},
        current={"3602": spring, "3600": Term("100", "2026-2027", *year)},
        schools_of={},
        year_long_days=300,
        held_as={"100-Semester 2-2027-01-11": "3602", "100-2026-2027-2026-08-17": "3600"},
    )
    assert at.began == {"3602", "100-Semester 2-2027-01-11"}
    assert at.running == {"3602", "100-Semester 2-2027-01-11", "3600", "100-2026-2027-2026-08-17"}


def listed_under_running_semester(exports: Path) -> None:
    """The five year-long sections (term 3600 in the last set) listed under Semester 1 (3601), which
    runs at school 200 until the 15th, their teachers shifted one row."""
    for name, term in (("sections.txt", 4), ("cc.txt", 2)):
        lines = (exports / name).read_bytes().split(b"\r\n")
        for n, line in enumerate(lines):
            fields = line.split(b"\t")
            if any(f.startswith(b"80") for f in fields[:2]) and fields[term] == b"3600":
                fields[term] = b"3601"
                lines[n] = b"\t".join(fields)
        (exports / name).write_bytes(b"\r\n".join(lines))
    their_teachers_shifted(exports)


def test_teachers_shifted_under_other_term_ids_with_no_term_change_are_f454(tmp_path: Path) -> None:
    """reviewer117 R1: on school 100's term-change night, school 200's five year-long sections are
    listed under its running Semester 1 with their teachers shifted one row: neither term ended nor
    began. Exit 0 before: a class whose term IDs differed was its own term change, and with none kept
    the school's calendar was not asked."""
    result = rollover(tmp_path, two_nights(tmp_path, listed_under_running_semester, before=five_teachers_at("200")))
    assert result.report.published and "X839" in result.report.counts and result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert "X839 (5 classes handed to other teachers at school 200; no term changed there tonight)" in said.message


def test_year_long_teachers_listed_under_both_semesters_are_f454(tmp_path: Path) -> None:
    """reviewer117 R2: --profile oneroster, six classes at sch-20 listed under both semesters
    ('s1-2027,s2-2027') both nights; Semester 1 ended and Semester 2 began on the 19th, and their
    teachers are shifted one row. The classes run on in Semester 2. Exit 0 before: a term of theirs
    ended, which explained them."""
    last, tonight = tmp_path / "last", tmp_path / "tonight"
    shutil.copytree(FIXTURES / "oneroster" / "district" / "in", last)
    classes = range(6)
    extra = {
        "users.csv": [
            f"u-q{n},active,2026-08-01,TRUE,sch-20,teacher,qq{n},{{SIS:Q{n}}},Tia{n},Teach,,Q{n},q{n}@x.example.org,,,,,"
            for n in classes
        ],
        "classes.csv": [
            f'cl-y{n},active,2026-08-01,Math 6 - P{n},06,c-sci6,M6-{n},scheduled,Room {n},sch-20,"s1-2027,s2-2027",Math'
            for n in classes
        ],
        "enrollments.csv": [f"ey{n},active,2026-08-01,cl-y{n},sch-20,u-q{n},teacher,true,2026-08-24," for n in classes]
        + [f"es{n},active,2026-08-01,cl-y{n},sch-20,u-s2,student,false,2026-08-24," for n in classes],
    }
    for name, rows in extra.items():
        path = last / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\r\n") + "\n" + "\n".join(rows) + "\n")
    assert run(last, tmp_path / "out", dt.date(2027, 1, 14), "oneroster").exit_status == 0
    shutil.copytree(last, tonight)
    shifted = [f"ey{n},active,2026-08-01,cl-y{n},sch-20,u-q{(n + 1) % 6},teacher," for n in classes]
    path = tonight / "enrollments.csv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("ey")]
    path.write_text("\n".join([*lines, *(f"{row}true,2026-08-24," for row in shifted)]) + "\n", encoding="utf-8")
    result = run(tonight, tmp_path / "out", dt.date(2027, 1, 19), "oneroster", allow_rollover=True)
    assert result.report.published and "X839" in result.report.counts and result.exit_status == 1
    [said] = result.report.examples["F454"]
    assert "X839 (6 classes handed to other teachers at school sch-20; 6 of them are in the same term both" in (
        said.message
    )


def test_f454_on_a_term_change_night_with_no_ended_terms_removals_does_not_contradict_itself() -> None:
    """tester90 T3: a term began at school 0430 while no class or enrolment of an ended term was removed
    (an IC export of the current term's sections only, over a break): F454 said 'which the calendar does not
    explain: a term changed tonight at school 0430, and the calendar explains the ended terms' classes and
    enrolments (0 classes removed ...)'. It says the term change explains none of these."""
    report = Report()
    report.facts["changes"] = {"classes": {"term_ended": 0}, "enrollments": {"term_ended": 0}}
    report.facts[flags_left_in.SKIPPED] = ["X907 (roster.csv has 584 rows, 1306 last time)"]
    at = flags_left_in.SchoolCalendar(changed=frozenset({"0430"}), began=frozenset({"0430-S2"}))
    flags_left_in.judge(report, allow_incomplete=False, allow_rollover=True, calendar="", schools=lambda: at)
    [said] = report.examples["F454"]
    assert "a term changed tonight at school 0430, but no class or enrolment removed tonight is of a term that " in (
        said.message
    )
    assert "so it explains none of these" in said.message
    assert "explains the ended terms'" not in said.message and "0 classes" not in said.message
