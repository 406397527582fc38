"""--term naming a term that starts after the as-of date: next semester rostered before the break.

The bundled PowerSchool district's Semester 2 starts on 11 January 2027 at school 100 and on
19 January at school 200. On 15 December it is 27 days ahead, outside the 21 days the term filter
and the enrolment rule's `started: {DateEnrolled} date_le as_of+window` look ahead. --term S2 chose
its two classes, and then every one of their enrolments "had not started" (F426): the classes were
left empty (F412), the run was refused as X916 naming F411 (the other terms' classes, left out as
meant), and --allow-incomplete published 0 classes and 0 enrolments at exit 0 (tester45 F2).

Now the enrolments of the terms --term chooses are judged as of those terms' first day when it is
after the as-of date (compile.TermReach): started by the latest first day of the chosen terms,
not ended by the earliest. A run whose chosen terms run tonight is judged on the as-of date, as
every night is. Both engines, in this process and with a second one.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import same
from transform import api
from transform.report.summary import next_step

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
DECEMBER = dt.datetime(2026, 12, 15, 2, tzinfo=dt.UTC)  # 27 days before Semester 2 starts
OCTOBER = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
JANUARY = dt.datetime(2027, 1, 20, 2, tzinfo=dt.UTC)  # both schools' Semester 2 has begun
WAYS = pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("python", 2), ("columnar", 1), ("columnar", 2)])
SPRING_CLASSES = {"1004", "2006"}  # the district's Semester 2 sections (TermID 3602)
FALL_CLASSES = {"1003", "2003", "2008"}  # the Semester 1 sections published (2004, 2005: study halls, F406)
YEAR_LONG_CLASSES = {"1001", "1002", "1006", "2001", "2002", "2007", "2009"}  # TermID 3600, 2026-2027


def district(folder: Path) -> Path:
    """A copy of the bundled district's exports."""
    exports = folder / "in"
    shutil.copytree(DISTRICT, exports)
    return exports


def run(exports: Path, out: Path, *, night: dt.datetime = DECEMBER, **options: Any) -> api.RunResult:
    """The run of `night`, its exports written an hour before (X971 reads their age)."""
    written = (night - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=night.date(), now=night, **options)
    )


def both_engines(exports: Path, tmp_path: Path, **options: Any) -> api.RunResult:
    """The run in each engine (with explain files), the same in every byte; the Python one's result."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    runs = [
        run(exports, tmp_path / engine, engine=engine, explain=tmp_path / f"{engine}.csv", **options)
        for engine in ("python", "columnar")
    ]
    same(runs[0], runs[1], tmp_path, ("python", "columnar"))
    return runs[0]


def ids(out: Path, table: str) -> set[str]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def spring_enrolled_later(folder: Path) -> Path:
    """The district with every Semester 2 enrolment entered as starting on 1 March 2027: seven
    weeks into the term, later than its window even from the term's first day; without its
    year-long sections, and without the enrolments of its Semester 1 sections: the classes of terms
    running on 15 December that `--term S2` leaves out count only with students in them, or it is
    refused (X819, reviewer107 R2)."""
    exports = district(folder)
    sections = exports / "sections.txt"
    lines = sections.read_bytes().split(b"\r\n")
    kept = [line for line in lines if line.split(b"\t")[4:5] != [b"3600"]]
    sections.write_bytes(b"\r\n".join(kept))
    left = {line.split(b"\t")[0] for line in kept if line.split(b"\t")[4:5] != [b"3601"]}
    cc = exports / "cc.txt"
    rows = cc.read_bytes().split(b"\r\n")
    ours = [row for row in rows[1:] if len(row.split(b"\t")) < 2 or row.split(b"\t")[1] in left]
    cc.write_bytes(b"\r\n".join([rows[0], *ours]))
    lines = cc.read_bytes().split(b"\r\n")
    for number, line in enumerate(lines[1:], start=1):
        cells = line.split(b"\t")
        if len(cells) > 4 and cells[1].decode() in SPRING_CLASSES:
            cells[4] = b"03/01/2027"
            lines[number] = b"\t".join(cells)
    cc.write_bytes(b"\r\n".join(lines))
    return exports


@WAYS
def test_next_semester_is_rostered_before_the_winter_break(tmp_path: Path, engine: str, jobs: int) -> None:
    """--term S1 --term S2 --term 26-27 on 15 December rosters the spring classes with the students the
    SIS has in them: the enrolments a run on the term's first weeks publishes (20 January, no --term).
    The terms running tonight are named too: without them it is refused (X819, reviewer107 R1)."""
    exports = district(tmp_path)
    first = run(exports, tmp_path / "first", engine="python", jobs=1, terms=("S1", "S2", "26-27"))
    result = run(exports, tmp_path / "second", engine=engine, jobs=jobs, terms=("S1", "S2", "26-27"))
    same(first, result, tmp_path, ("first", "second"))
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    assert ids(tmp_path / "second", "classes") == SPRING_CLASSES | YEAR_LONG_CLASSES | FALL_CLASSES
    assert "F426" not in result.report.counts
    assert "F412" not in result.report.counts
    run(exports, tmp_path / "january", night=JANUARY, engine="python", jobs=1)
    spring = {e for e in ids(tmp_path / "january", "enrollments") if e.split("-")[0] in SPRING_CLASSES}
    assert len(spring) == 28  # 26 students, 2 teachers
    assert {e for e in ids(tmp_path / "second", "enrollments") if e.split("-")[0] in SPRING_CLASSES} == spring


def test_the_terms_running_tonight_named_give_tonights_set(tmp_path: Path) -> None:
    """--term naming the terms the date chooses gives byte for byte the set of a night without it."""
    exports = district(tmp_path)
    tonight = both_engines(exports, tmp_path / "date", night=OCTOBER)
    named = both_engines(exports, tmp_path / "named", night=OCTOBER, terms=("S1", "26-27"))
    assert tonight.exit_status == named.exit_status == api.EXIT_PUBLISHED
    for table in ("orgs", "users", "demographics", "classes", "enrollments"):
        assert (tmp_path / "date" / "python" / f"{table}.csv").read_bytes() == (
            tmp_path / "named" / "python" / f"{table}.csv"
        ).read_bytes()


def test_this_semester_and_the_next_are_rostered_together(tmp_path: Path) -> None:
    """Semester 1 runs tonight: its enrolments are judged on the as-of date (none ended), and those
    of Semester 2 as of its first day: tonight's set with the two spring classes added."""
    exports = district(tmp_path)
    both_engines(exports, tmp_path / "date")
    both = both_engines(exports, tmp_path / "both", terms=("S1", "S2", "26-27"))
    assert both.exit_status == api.EXIT_PUBLISHED
    assert ids(tmp_path / "both" / "python", "classes") == ids(tmp_path / "date" / "python", "classes") | SPRING_CLASSES
    spring = ids(tmp_path / "both" / "python", "enrollments") - ids(tmp_path / "date" / "python", "enrollments")
    assert ids(tmp_path / "date" / "python", "enrollments") <= ids(tmp_path / "both" / "python", "enrollments")
    assert {e.split("-")[0] for e in spring} == SPRING_CLASSES


def test_classes_emptied_by_enrolments_not_started_are_refused_naming_them(tmp_path: Path) -> None:
    """Enrolments that start later than the term's window from its own first day are still left out
    (F426), naming the day they are judged on; the classes they empty are refused as what they
    are, not as the other terms' classes the filter left out (F411)."""
    exports = spring_enrolled_later(tmp_path)
    result = both_engines(exports, tmp_path / "refused", terms=("S2",))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    assert [p.message for p in result.problems] == [
        f"{table}.csv would hold no rows although its exports ({files}) have {rows} rows; every "
        "class the filters kept (2) was left out as F412 class-empty, their students' enrolments as F426 "
        "not-started; nothing published (--allow-incomplete publishes it anyway)"
        for table, files, rows in (("classes", "sections.txt", 7), ("enrollments", "cc.txt and sections.txt", 35))
    ]
    not_started = result.report.examples["F426"][0].message
    assert "starts after 2027-01-19 (when every term --term chose has begun: Semester 2; the as-of date is " in (
        not_started
    )
    assert "found '03/01/2027'" in not_started


def test_an_empty_class_set_published_anyway_is_said_with_its_cause(tmp_path: Path) -> None:
    exports = spring_enrolled_later(tmp_path)
    result = both_engines(exports, tmp_path / "anyway", terms=("S2",), allow_incomplete=True)
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED  # published, but (F453)
    assert "F453" in result.report.counts
    said = [p.message for p in result.report.examples["X918"]]
    assert said == [
        f"--allow-incomplete: {table}.csv is empty (every class the filters kept (2) was left out as F412 "
        "class-empty, their students' enrolments as F426 not-started); published"
        for table in ("classes", "enrollments")
    ]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_spring_rostered_ahead_then_the_nightly_job_over_the_break_publish(tmp_path: Path, engine: str) -> None:
    """docs/scheduling.md's December example on a district published nightly. `--term S2 --term 26-27`
    on 15 December removed the three Semester 1 classes, running until the break, at exit 0 as the
    term change (X937, reviewer107 R1): refused now (X819), its Next the command with Semester 1
    named, which publishes the spring classes beside tonight's. The next night without --term, the
    spring classes the last set rostered ahead, not started, leave as a term change (X937), exit 0
    (tester52 F6: was X906 every night of the break); in January Semester 1's, ended, do."""
    exports, out = district(tmp_path), tmp_path / "out"
    assert run(exports, out, night=DECEMBER - dt.timedelta(days=1), engine=engine).exit_status == 0
    refused = run(exports, out, engine=engine, terms=("S2", "26-27"))
    assert refused.exit_status == 1 and not refused.report.published and "X937" not in refused.report.counts
    assert next_step(refused, out_dir=out, explain_path=None, upload=False) == (
        "Next: Add --term 'Semester 1' (the command's terms then: --term S2 --term 26-27 --term 'Semester 1'), "
        "or take --term out, and rerun."
    )
    published = []
    for night, terms in (
        (DECEMBER, ("S2", "26-27", "Semester 1")),
        (DECEMBER + dt.timedelta(days=1), ()),
        (JANUARY, ()),
    ):
        result = run(exports, out, night=night, engine=engine, terms=terms)
        assert result.exit_status == 0 and "X906" not in result.report.counts, [p.message for p in result.problems]
        published.append((result, ids(out, "classes") & (FALL_CLASSES | SPRING_CLASSES)))
    (ahead, both), (nightly, fall_again), (_, january) = published
    assert both == FALL_CLASSES | SPRING_CLASSES and "X937" not in ahead.report.counts
    assert fall_again == FALL_CLASSES and january == SPRING_CLASSES
    (said, *_) = [str(p) for p in nightly.report.examples["X937"]]
    assert "of a term not started that the last set rostered ahead (Semester 2 starts 2027-01-11" in said


def test_a_year_long_class_left_out_by_term_alone_is_refused(tmp_path: Path) -> None:
    """`--term S2` alone in December leaves out the year-long classes too: they run tonight and on
    into the spring, which no term change explains: refused (X819), on a first set too."""
    exports, out = district(tmp_path), tmp_path / "out"
    first = run(exports, tmp_path / "first", terms=("S2",))
    assert first.exit_status == 1 and "X819" in first.report.counts and not first.report.published
    assert run(exports, out, night=DECEMBER - dt.timedelta(days=1)).exit_status == 0
    alone = run(exports, out, terms=("S2",))
    assert alone.exit_status == 1 and "X819" in alone.report.counts


def test_a_class_not_started_is_explained_only_when_the_last_set_rostered_it_ahead() -> None:
    """By the last set's recorded dates, its term started after that set's as-of date and still
    starts after tonight: --term rostered it ahead. A class that set held while its term ran (the
    terms export moved its start since: X947's), one it did not hold, or a set compared without
    recorded dates (--previous DIR) is a removal like any other."""
    from transform.pipeline.filters import Ended
    from transform.pipeline.gate import calendar_explains

    why = "Semester 2 starts 2027-01-11, rostered ahead by the last published set (--term)"
    spring = Ended(why, dt.date(2027, 5, 28), frozenset({"3602"}), {}, "100", dt.date(2027, 1, 11), ahead=True)
    then, tonight, starts = DECEMBER.date(), DECEMBER.date() + dt.timedelta(days=1), {"3602": dt.date(2027, 1, 11)}
    assert calendar_explains(spring, "3602", as_of=then, tonight=tonight, starts_then=starts) == (why, "")
    moved = {"3602": dt.date(2026, 12, 1)}
    assert calendar_explains(spring, "3602", as_of=then, tonight=tonight, starts_then=moved) == ("", "")
    assert calendar_explains(spring, "3601", as_of=then, tonight=tonight, starts_then=starts) == ("", "")
    assert calendar_explains(spring, "3602", as_of=None, tonight=tonight, starts_then=None) == ("", "")
