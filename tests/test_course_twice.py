"""A course's classes of two terms current at once, where the last published set held one (tester60 N1, N5).

The Infinite Campus fixture district: course SCI7 at school 0420 has a Q1 section (90010, 08/20 to
10/23) and a Q2 section (90011, 10/26 to 01/15). A sections export whose term dates were filled
from the calendar (Q2 dated 08/20 to 01/15) made both current: every student in both classes,
published at exit 0 with notes only. An ended quarter whose end is moved past tonight brought its
class back beside the next quarter's the same way. Refused now (X868); --allow-rollover publishes
it (X869). The honest nights stay exit 0: the first day of Q2, an end extended by some days.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from transform import api
from transform.pipeline import course_twice
from transform.pipeline.filters import Term
from transform.report import summary

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "infinite-campus" / "district" / "in"
# Every student of the district in both SCI7 sections, so a doubled course shows in the enrolments.
Q1, Q2 = ("Q1", "08/20/2026", "10/23/2026"), ("Q2", "10/26/2026", "01/15/2027")


def night(
    tmp_path: Path,
    as_of: str,
    terms: dict[str, tuple[str, str, str]],
    edit: Callable[[Path], None] | None = None,
    **options: object,
) -> api.RunResult:
    """One night's run into tmp_path/out, sections 90010 and 90011 dated by `terms` (section -> term row);
    `edit` changes the exports folder before."""
    exports = tmp_path / f"in-{as_of}"
    shutil.copytree(FIXTURE, exports)
    if edit is not None:
        edit(exports)
    path = exports / "sections.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if row[0] in terms:
            row[7:10] = terms[row[0]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)
    now = dt.datetime.fromisoformat(f"{as_of}T02:30:00+00:00")
    for file in exports.iterdir():
        os.utime(file, (now.timestamp() - 3600, now.timestamp() - 3600))
    return api.run(
        api.RunOptions(
            profile="infinite-campus",
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=now.date(),
            now=now,
            **options,  # type: ignore[arg-type]
        )
    )


def classes(tmp_path: Path) -> set[str]:
    with (tmp_path / "out" / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_the_next_terms_section_dated_over_the_held_one_is_refused(tmp_path: Path) -> None:
    """N1: the night after a set holding Q1's class, Q2's section is dated from Q1's first day: refused."""
    assert night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2}).exit_status == 0
    result = night(tmp_path, "2026-10-06", {"90010": Q1, "90011": ("Q2", "08/20/2026", "01/15/2027")})
    assert not result.report.published and result.exit_status == 1
    [said] = result.report.examples["X868"]
    assert "class 90011 of course 0420-SCI7 at school 0420: term 0420-Q2 2026-08-20 to 2027-01-15 tonight" in (
        said.message
    )
    assert "running beside term 0420-Q1 (2026-08-20 to 2026-10-23) of class 90010" in said.message
    assert "90011" not in classes(tmp_path)


def test_allow_rollover_publishes_it_said_and_the_next_night_is_quiet(tmp_path: Path) -> None:
    night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2})
    doubled = {"90010": Q1, "90011": ("Q2", "08/20/2026", "01/15/2027")}
    result = night(tmp_path, "2026-10-06", doubled, allow_rollover=True)
    assert result.report.published
    assert "X869" in result.report.examples and "X868" not in result.report.examples
    assert {"90010", "90011"} <= classes(tmp_path)
    again = night(tmp_path, "2026-10-07", doubled)
    assert again.report.published and "X868" not in again.report.examples


def test_an_ended_terms_end_moved_past_tonight_bringing_its_class_back_is_refused(tmp_path: Path) -> None:
    """N5 night 15: Q1 ended and its class was removed on Q2's first day; a night later Q1's end is
    dated 01/15: its class would come back beside Q2's."""
    night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2})
    changed = night(tmp_path, "2026-10-26", {"90010": Q1, "90011": Q2})
    assert changed.report.published and changed.exit_status == 0, changed.report.counts
    assert classes(tmp_path) >= {"90011"} and "90010" not in classes(tmp_path)
    result = night(tmp_path, "2026-10-27", {"90010": ("Q1", "08/20/2026", "01/15/2027"), "90011": Q2})
    assert not result.report.published and result.exit_status == 1
    [said] = result.report.examples["X868"]
    assert "class 90010 of course 0420-SCI7" in said.message
    assert "running beside term 0420-Q2 (2026-10-26 to 2027-01-15) of class 90011" in said.message


def test_an_ended_terms_end_typed_a_month_late_bringing_its_class_back_is_refused(tmp_path: Path) -> None:
    """reviewer118 R3: Q1's class removed on Q2's first day; the night after, Q1's end is typed 11/23 for
    10/23. Q1 does not cover Q2, but both run tonight and Q1's class's students are Q2's: refused."""
    night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2})
    night(tmp_path, "2026-10-26", {"90010": Q1, "90011": Q2})
    result = night(tmp_path, "2026-10-27", {"90010": ("Q1", "08/20/2026", "11/23/2026"), "90011": Q2})
    assert not result.report.published and result.exit_status == 1, result.report.counts
    [said] = result.report.examples["X868"]
    assert "class 90010 of course 0420-SCI7 at school 0420: term 0420-Q1 2026-08-20 to 2026-11-23 tonight" in (
        said.message
    )
    assert "of class 90011 that the last published set held; 1 of its 1 student in both" in said.message
    assert "90010" not in classes(tmp_path)


def year_long_section(student: str) -> Callable[[Path], None]:
    """Snow days: the year's end 06/03 -> 06/10 on every year-long section; a new year-long section 90014
    of SCI7 opened the same night with `student` in it (51240, new at school 0420, or 51235 of Q1's 90010)."""

    def edit(exports: Path) -> None:
        path = exports / "sections.csv"
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        for row in rows[1:]:
            if row[7] == "25-26 Year":
                row[9] = "06/10/2027"
        rows.append(["90014", "0420", "SCI7", "Science 7", "3", "7002", "", "25-26 Year", "08/20/2026", "06/10/2027"])
        rows[-1] += ["3", "0"]
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
        with (exports / "students.csv").open("a", encoding="utf-8", newline="") as handle:
            handle.write("51240,1100240,0420,Okafor,Ada,,07,03/03/2014,,10/06/2026,,P,English\n")
        with (exports / "roster.csv").open("a", encoding="utf-8", newline="") as handle:
            handle.write(f"{student},90014,10/06/2026,\r\n")

    return edit


def test_a_new_year_long_section_of_other_students_on_a_snow_day_night_is_published(tmp_path: Path) -> None:
    """reviewer118 R4: the year-long term's dates changed tonight (it covers Q1) and the new section of SCI7
    holds a student not in Q1's 90010: not a doubled course, exit 0. The same section holding 90010's one
    student (in both classes of the course at once) is refused."""
    night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2})
    result = night(tmp_path, "2026-10-06", {"90010": Q1, "90011": Q2}, year_long_section("51240"))
    assert result.report.published and result.exit_status == 0, result.report.counts
    assert "X868" not in result.report.examples and {"90010", "90014"} <= classes(tmp_path)
    other = tmp_path / "same"
    night(other, "2026-10-05", {"90010": Q1, "90011": Q2})
    same = night(other, "2026-10-06", {"90010": Q1, "90011": Q2}, year_long_section("51235"))
    assert not same.report.published and "1 of its 1 student in both" in same.report.examples["X868"][0].message


def test_an_end_extended_by_some_days_is_not_refused(tmp_path: Path) -> None:
    """Snow days: Q1's end moved a week later, the held class the same; Q2's section stays as it was."""
    night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2})
    result = night(tmp_path, "2026-10-06", {"90010": ("Q1", "08/20/2026", "10/30/2026"), "90011": Q2})
    assert result.report.published and result.exit_status == 0
    assert "X868" not in result.report.examples


def test_the_correct_exports_after_a_set_published_with_the_moved_dates_name_the_way_out(tmp_path: Path) -> None:
    """N5 nights 16-19: after a set holding the ended quarter's class brought back (here with
    --allow-rollover), the correct exports remove it again: refused (X906), and the step says the term's
    dates changed since that set and names the option, not 'export it again whole'."""
    night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2})
    night(tmp_path, "2026-10-26", {"90010": Q1, "90011": Q2})
    moved = night(
        tmp_path, "2026-10-27", {"90010": ("Q1", "08/20/2026", "01/15/2027"), "90011": Q2}, allow_rollover=True
    )
    assert moved.report.published and "90010" in classes(tmp_path)
    result = night(tmp_path, "2026-10-28", {"90010": Q1, "90011": Q2})
    assert not result.report.published and result.exit_status == 1
    assert "X948" in result.report.examples and "X906" in {p.code.id for p in result.report.aborts}
    step = summary.next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert "whose term's dates changed since the last published set" in step
    assert "removed is of 1 class whose" in step or "removed are of 1 class whose" in step, step
    assert "of 1 classes" not in step
    assert "rerun once with --allow-rollover (or --max-removal" in step


def test_allow_rollover_left_in_the_job_publishes_a_doubled_course_at_exit_1(tmp_path: Path) -> None:
    """--allow-rollover kept in the nightly job: the night Q2 begins is the flag's own (exit 0); the next
    night's doubled course (Q1's end moved past tonight) is published, but F454 names X869: exit 1. No term
    change explains a course's classes of two terms at once, not even on a term-change night."""
    assert night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2}, allow_rollover=True).exit_status == 0
    begun = night(tmp_path, "2026-10-26", {"90010": Q1, "90011": Q2}, allow_rollover=True)
    assert begun.report.published and begun.exit_status == 0, begun.report.counts
    moved = {"90010": ("Q1", "08/20/2026", "01/15/2027"), "90011": Q2}
    result = night(tmp_path, "2026-10-27", moved, allow_rollover=True)
    assert result.report.published and "X869" in result.report.examples
    [f454] = result.report.examples["F454"]
    assert "X869 ×1 (1 classes tonight's set adds are of a course" in f454.message
    assert "a course's classes of two terms at once" not in f454.message  # not a term-change night's words
    assert result.exit_status == 1


def test_allow_rollover_on_a_term_change_night_does_not_explain_a_doubled_course(tmp_path: Path) -> None:
    """Q2's first day (Q1 ended on the last set's dates: a term change), the export dating Q1 to 01/15 and
    Q2 from 08/20: both classes current. The term change explains Q1's class removed, not two classes of
    the course at once: F454 names X869 with a term change's words, exit 1."""
    night(tmp_path, "2026-10-05", {"90010": Q1, "90011": Q2})
    both = {"90010": ("Q1", "08/20/2026", "01/15/2027"), "90011": ("Q2", "08/20/2026", "01/15/2027")}
    result = night(tmp_path, "2026-10-26", both, allow_rollover=True)
    assert result.report.published and "X869" in result.report.examples, result.report.counts
    [f454] = result.report.examples["F454"]
    assert "a term changed tonight" in f454.message and "a course's classes of two terms at once" in f454.message
    assert result.exit_status == 1


def _write(path: Path, header: str, rows: list[str]) -> None:
    path.mkdir(exist_ok=True)
    (path / "classes.csv").write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")


def test_how_many_of_the_added_classs_students_make_it_doubled(tmp_path: Path) -> None:
    """Most of the added class's students in the held class, at least 3 or all of a smaller class: 6 of 10
    and 2 of 2 are a doubled course; 5 of 10 (not most) and 1 of 2 (not all of a small class) are not."""
    header = "sourcedId,courseSourcedId,schoolSourcedId,termSourcedIds"
    held = [f"H{n},C{n},S,Q1" for n in range(4)]
    _write(tmp_path / "last", header, held)
    _write(tmp_path / "tonight", header, held + [f"A{n},C{n},S,Q2" for n in range(4)])
    enrolled = {0: (10, 6), 1: (10, 5), 2: (2, 2), 3: (2, 1)}  # course -> the added class's students, shared
    lines = ["classSourcedId,userSourcedId,role"]
    for n, (size, shared) in enrolled.items():
        lines += [f"A{n},u{n}-{i},student" for i in range(size)] + [f"A{n},t{n},teacher"]
        lines += [f"H{n},u{n}-{i},student" for i in range(shared)] + [f"H{n},t{n},teacher", f"H{n},x{n},student"]
    (tmp_path / "tonight" / "enrollments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    day = dt.date(2026, 10, 6)
    terms = {"Q1": Term("S", "Q1", dt.date(2026, 8, 20), dt.date(2026, 10, 23))}
    terms["Q2"] = Term("S", "Q2", dt.date(2026, 8, 20), dt.date(2027, 1, 15))
    found = course_twice.found(tmp_path / "last", tmp_path / "tonight", terms, day)
    assert [(t.class_id, t.shared, t.students) for t in found] == [("A0", 6, 10), ("A2", 2, 2)]
    later = {**terms, "Q2": Term("S", "Q2", dt.date(2026, 10, 26), dt.date(2027, 1, 15))}  # Q2 not begun
    assert course_twice.found(tmp_path / "last", tmp_path / "tonight", later, day) == []
    # A term inside the held one's (a quarter section added beside the course's year-long one): nested.
    year = {**terms, "Q1": Term("S", "Y", dt.date(2026, 8, 17), dt.date(2027, 5, 28))}
    assert course_twice.found(tmp_path / "last", tmp_path / "tonight", year, day) == []
    same = {**terms, "Q1": Term("S", "Q1", dt.date(2026, 8, 20), dt.date(2027, 1, 15))}  # the same dates
    assert [t.class_id for t in course_twice.found(tmp_path / "last", tmp_path / "tonight", same, day)] == ["A0", "A2"]
