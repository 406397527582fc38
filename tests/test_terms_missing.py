"""A terms export without the terms of a school's current classes (tester32 F1, "term code").

A section whose term the terms export lacks is left out with a D300 warning, and its enrolments
follow it (V503). On a first run nothing compared: an elementary school on a year term (or on
quarters) whose terms rows were missing lost every class and every enrolment, published at exit
0. Now a school more than half of whose classes with students (at least 3) are lost so is refused
(X943); --allow-incomplete publishes it, said (X918). Counted are the classes a student's
enrolment row names that its rule lets in: a section of last year whose term is rightly no
longer exported, with no current enrolment (ended cc rows, an Aeries MST row with no SEC row),
stays a warning however many there are. On a later night the classes the last set held are the
removal gate's (X993, X906); the classes of a term that starts tonight are new to it, and X943's.

One term of a school missing while the school keeps most of its classes (an Aeries school's Fall
row, its year classes kept: tester40 F2) is refused per school and term (X944, any night), when
the term is tonight's: by the enrolment rows' own dates where they have them, else when no
shorter term of the school runs tonight (next semester's missing term stays a warning).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import write_district
from tests.conftest import FIXTURES
from tests.test_columnar import same
from transform import api
from transform.report.summary import next_step

FALL = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
SPRING = dt.datetime(2027, 1, 20, 2, tzinfo=dt.UTC)
WAYS = pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("python", 2), ("columnar", 1), ("columnar", 2)])
SCHOOL = "105"  # one school of the synthetic district's twenty


def run(profile: str, exports: Path, out: Path, *, night: dt.datetime = FALL, **options: Any) -> api.RunResult:
    return api.run(
        api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=night.date(), now=night, **options)
    )


def aborts(result: api.RunResult) -> list[str]:
    return [problem.code.id for problem in result.report.aborts]


def both_engines(profile: str, exports: Path, tmp_path: Path, **options: Any) -> api.RunResult:
    """The run in the Python engine and the columnar one (each with an explain file): the same in
    every byte (tests/test_columnar.py). The Python engine's result."""
    runs = [
        run(profile, exports, tmp_path / engine, engine=engine, explain=tmp_path / f"{engine}.csv", **options)
        for engine in ("python", "columnar")
    ]
    same(runs[0], runs[1], tmp_path, ("python", "columnar"))
    return runs[0]


def copied(fixture: str, folder: Path) -> Path:
    exports = folder / "in"
    shutil.copytree(FIXTURES / fixture / "in", exports)
    return exports


def edit(path: Path, *, drop: str = "", add: str = "") -> None:
    """Take out the lines that start with `drop`, add the lines `add`."""
    lines = path.read_text(encoding="utf-8").splitlines(True)
    kept = [line for line in lines if not (drop and line.startswith(drop))]
    assert not drop or len(kept) < len(lines)
    path.write_text("".join(kept) + add, encoding="utf-8")


# --- Aeries: MST rows whose SC and TM no TRM row has --------------------------------------------


@pytest.fixture
def elementary(tmp_path: Path) -> Path:
    """The Aeries sample district, its elementary school (10) with four year sections, each with
    a student in it."""
    exports = copied("aeries/district", tmp_path)
    edit(exports / "MST.csv", add="10,3,0300,102,,Y,2,R3,0\n10,4,0300,101,,Y,3,R4,0\n")
    edit(exports / "SEC.csv", add="10,1,3,0\n10,2,4,0\n")
    return exports


def test_aeries_school_whose_term_the_trm_export_lacks_is_refused(elementary: Path, tmp_path: Path) -> None:
    edit(elementary / "TRM.csv", drop="10,Y,")  # the elementary school's year term
    result = both_engines("aeries", elementary, tmp_path)
    assert result.exit_status == 1 and not result.report.published
    assert aborts(result) == ["X943"]
    (refusal,) = result.report.aborts
    assert refusal.params["school"] == "10" and refusal.params["name"] == "Manzanita Elementary"
    assert (refusal.params["missed"], refusal.params["classes"]) == (4, 4)
    assert refusal.params["key"] == "SC='10', SM='Y'" and refusal.params["source"] == "terms"
    assert (refusal.where.file, refusal.where.line) == ("MST.csv", 2)  # the school's first section
    assert result.report.counts["D300"] == 4  # each section still said, as before


def test_aeries_school_allowed_incomplete_is_published_without_those_classes(elementary: Path, tmp_path: Path) -> None:
    edit(elementary / "TRM.csv", drop="10,Y,")
    result = run("aeries", elementary, tmp_path / "out", allow_incomplete=True)
    assert result.exit_status == 1 and result.report.published and "F453" in result.report.counts  # said
    (said,) = result.report.examples["X918"]
    assert said.params["detail"] == (
        "school 10 (Manzanita Elementary): 4 of its 4 classes with students left out, no terms row having their term"
    )
    classes = (tmp_path / "out" / "classes.csv").read_text(encoding="utf-8")
    assert "\n10-" not in classes and "\n40-" in classes


def test_aeries_whole_district_is_published(elementary: Path, tmp_path: Path) -> None:
    result = both_engines("aeries", elementary, tmp_path)
    assert result.exit_status == 0 and result.report.published
    assert "schools_terms_unknown" not in result.report.facts


def test_aeries_old_sections_without_schedule_rows_stay_a_warning(elementary: Path, tmp_path: Path) -> None:
    """Last year's sections at the high school, their term (P) no longer in TRM and no student
    scheduled in them (no SEC row): more of them than the school's current classes, each a D300
    warning, and the set is published."""
    edit(elementary / "MST.csv", add="".join(f"40,{n},1100,401,,P,{n - 90},B12,0\n" for n in range(91, 97)))
    result = both_engines("aeries", elementary, tmp_path)
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["D300"] == 6 and not result.report.aborts


# --- PowerSchool: sections whose SchoolID and TermID no terms row has ---------------------------


def test_powerschool_sample_school_without_its_terms_is_refused(tmp_path: Path) -> None:
    exports = copied("powerschool/district", tmp_path)
    lines = (exports / "terms.txt").read_text(encoding="utf-8").splitlines(True)
    (exports / "terms.txt").write_text("".join(line for line in lines if "\t100\t" not in line), encoding="utf-8")
    result = both_engines("powerschool", exports, tmp_path)
    assert result.exit_status == 1 and aborts(result) == ["X943"]
    (refusal,) = result.report.aborts
    assert refusal.params["school"] == "100" and refusal.params["key"] == "TermID='3600', SchoolID='100'"


def test_a_term_of_the_whole_district_is_named_with_its_row_not_as_a_broken_export(tmp_path: Path) -> None:
    """School 100's terms listed once for the district, under SchoolID 0 (a Rediker Terms.csv's School
    Code 0): the classes find no row by the join on (TermID, SchoolID) and the school is refused, rightly.
    But 'a terms export missing the school's terms is a broken export' and 'fix the export's query'
    sent the admin to an export that is whole (tester69 F8): the row is named, and the join's on, in the
    terms export's own headers (PowerSchool's [13] table prefix)."""
    exports = copied("powerschool/district", tmp_path)
    lines = (exports / "terms.txt").read_text(encoding="utf-8").splitlines(True)
    (exports / "terms.txt").write_text("".join(line.replace("\t100\t", "\t0\t") for line in lines), "utf-8")
    result = both_engines("powerschool", exports, tmp_path)
    assert result.exit_status == 1 and aborts(result) == ["X943"]
    (refusal,) = result.report.aborts
    assert refusal.params["key"] == "TermID='3600', SchoolID='100'"
    # School 200 has rows of its own for 3600: school 100's rows lost beside a district office's are the same
    # file (reviewer70 F3), so both readings are said, not 'the export is whole'.
    assert refusal.message.endswith(
        "terms.txt:2 has [13]ID='3600' under [13]SchoolID='0' (no school of the set), and other schools of the set "
        "have rows of their own for it: either the export lost this school's rows (a broken export), or that row is "
        "the district's term for this school, which the join's on ([13]ID, [13]SchoolID) does not find (it names "
        "the school): nothing published (--allow-incomplete publishes it anyway)"
    )
    step = next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert step.startswith(
        "Next: If the terms export lost this school's rows, export it again whole; if not, make the profile's join "
        "of the terms find the rows under [13]SchoolID='0': on [13]ID alone where the export lists each term once"
    )


def test_a_term_no_school_of_the_set_has_is_the_districts(tmp_path: Path) -> None:
    """School 100's terms under SchoolID 0, school 200's year row gone (the year listed once for the district,
    as Rediker lists S1 and S2 under School Code 0 beside each school's YR, tester69 F8): no school of the set has
    3600, so the row under 0 is the district's term and the export is whole."""
    exports = copied("powerschool/district", tmp_path)
    lines = (exports / "terms.txt").read_text(encoding="utf-8").splitlines(True)
    kept = [line for line in lines if not line.startswith("3600\t200\t")]
    (exports / "terms.txt").write_text("".join(line.replace("\t100\t", "\t0\t") for line in kept), "utf-8")
    result = both_engines("powerschool", exports, tmp_path)
    assert result.exit_status == 1
    said = [p.message for p in result.report.aborts if p.code.id == "X943" and "the export is whole" in p.message]
    assert said and "(no school of the set: a term of the whole district)" in said[0]


def test_a_school_missing_from_the_terms_export_is_still_a_broken_export(tmp_path: Path) -> None:
    exports = copied("powerschool/district", tmp_path)
    lines = (exports / "terms.txt").read_text(encoding="utf-8").splitlines(True)
    (exports / "terms.txt").write_text("".join(line for line in lines if "\t100\t" not in line), encoding="utf-8")
    (refusal,) = run("powerschool", exports, tmp_path / "out").report.aborts
    assert "): a terms export missing the school's terms is a broken export: nothing published" in refusal.message
    assert "step" not in refusal.params


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, 400)
    return folder


def changed(district: Path, folder: Path, export: str, *, drop: str = "", add: str = "") -> Path:
    """The synthetic district with the rows of `export` that hold `drop` taken out, `add` added."""
    exports = folder / "in"
    shutil.copytree(district, exports)
    lines = (exports / export).read_text(encoding="utf-8").splitlines(True)
    kept = [lines[0], *(line for line in lines[1:] if not (drop and drop in line))]
    assert not drop or len(kept) < len(lines)
    (exports / export).write_text("".join(kept) + add, encoding="utf-8")
    return exports


@WAYS
def test_powerschool_school_missing_from_the_terms_export_is_refused(
    district: Path, tmp_path: Path, engine: str, jobs: int
) -> None:
    exports = changed(district, tmp_path, "terms.txt", drop=f"\t{SCHOOL}\t")
    out = tmp_path / "out"
    result = run("powerschool", exports, out, engine=engine, jobs=jobs)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    assert aborts(result) == ["X943"]  # not X941, X916: the other 19 schools keep their classes
    (refusal,) = result.report.aborts
    assert refusal.params["school"] == SCHOOL and refusal.params["name"] == "School 5"
    classes = refusal.params["classes"]
    assert isinstance(classes, int) and classes >= 3 and refusal.params["missed"] == classes  # all of them
    assert refusal.where.file == "sections.txt" and str(refusal.params["key"]).startswith("TermID=")


def test_powerschool_last_years_sections_with_ended_enrolments_stay_a_warning(district: Path, tmp_path: Path) -> None:
    """A sections export that also holds last year's sections (term 3500, no longer in the terms
    export), twice as many as the school's current ones, each with cc rows that ended last May:
    no current enrolment names them, and the set is published."""
    old = [200_000 + n for n in range(32)]
    exports = changed(
        district,
        tmp_path,
        "sections.txt",
        add="".join(f"{sid}\t{SCHOOL}\tC1\t1\t3500\t1(A)\t5\n" for sid in old),
    )
    with (exports / "cc.txt").open("a", encoding="utf-8", newline="") as cc:
        for sid in old:
            for student in (5, 25, 45):  # students of the school (student i is at school 100 + i % 20)
                cc.write(f"{student}\t{sid}\t3500\t{SCHOOL}\t08/18/2025\t05/29/2026\r\n")
    result = run("powerschool", exports, tmp_path / "out")
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["D300"] >= len(old) and "schools_terms_unknown" not in result.report.facts


def test_powerschool_later_night_is_the_removal_gates(district: Path, tmp_path: Path) -> None:
    """With a last published set holding the school's classes, the gate says them removed; X943
    does not say them again, and --allow-rollover publishes the set."""
    out = tmp_path / "out"
    assert run("powerschool", district, out).exit_status == 0
    exports = changed(district, tmp_path, "terms.txt", drop=f"\t{SCHOOL}\t")
    refused = run("powerschool", exports, out)
    assert refused.exit_status == 1 and "X993" in aborts(refused) and "X943" not in aborts(refused)
    allowed = run("powerschool", exports, out, allow_rollover=True)  # no term ended: published, but (F454)
    assert allowed.report.published and allowed.exit_status == 1 and "F454" in allowed.report.counts


def spring_school(district: Path) -> str:
    """The school with the most semester 2 sections against its year sections."""
    spring: Counter[str] = Counter()
    year: Counter[str] = Counter()
    for line in (district / "sections.txt").read_text(encoding="utf-8").splitlines()[1:]:
        _, school, _, _, term, *_ = line.split("\t")
        (spring if term == "3602" else year if term == "3600" else Counter())[school] += 1
    return max(spring, key=lambda school: spring[school] / (spring[school] + year[school]))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_powerschool_a_term_that_starts_tonight_missing_is_refused_on_a_later_night(
    district: Path, tmp_path: Path, engine: str
) -> None:
    """Published in the fall; on the first night of semester 2 the terms export lacks one school's
    semester 2: its semester 1 classes ended (no removal), its semester 2 classes are in no last
    set to compare with, so no removal limit sees them."""
    school = spring_school(district)
    out = tmp_path / "out"
    assert run("powerschool", district, out, engine=engine).exit_status == 0
    exports = changed(district, tmp_path, "terms.txt", drop=f"3602\t{school}\t")
    written = (SPRING - dt.timedelta(hours=1)).timestamp()  # tonight's export job
    for path in exports.iterdir():
        os.utime(path, (written, written))
    result = run("powerschool", exports, out, night=SPRING, engine=engine)
    assert result.exit_status == 1 and aborts(result) == ["X943"]
    (refusal,) = result.report.aborts
    assert refusal.params["school"] == school and refusal.params["key"] == f"TermID='3602', SchoolID='{school}'"
    # The whole export that night is published.
    edit(exports / "terms.txt", add=f"3602\t{school}\tSemester 2\tS2\t01/11/2027\t05/28/2027\r\n")
    assert run("powerschool", exports, out, night=SPRING, engine=engine).exit_status == 0


# --- One term of a school missing: its classes of that term lost, the school's others kept ----
# (tester40 F2: an Aeries school's Fall row missing from TRM lost its Fall classes, 6 of 30, at
# exit 0 on every night: X943 counts most of a school's classes. Now X944, per school and term.)

SEMESTERS_MST = "".join(
    [
        *(f"40,{n},1100,401,,F,{n - 5},B{n},0\n" for n in (6, 7, 8)),  # three more Fall sections
        *(f"40,{n},2450,402,,S,{n - 8},L{n},0\n" for n in (9, 10, 11)),  # three more Spring sections
        *(f"40,{n},3200,403,,Y,{n - 11},C{n},0\n" for n in range(12, 17)),  # five more year sections
    ]
)
# Aeries SEC rows carry no dates: a student is scheduled in the Fall and the Spring sections at once.
SEMESTERS_SEC = "".join(f"40,{1 + n % 4},{n},0\n" for n in range(6, 17))


@pytest.fixture
def semesters(tmp_path: Path) -> Path:
    """The Aeries sample district, its high school (40) on semesters: 4 Fall sections, 4 Spring
    and 8 year sections, each with a student scheduled in it."""
    exports = copied("aeries/district", tmp_path)
    edit(exports / "MST.csv", add=SEMESTERS_MST)
    edit(exports / "SEC.csv", add=SEMESTERS_SEC)
    return exports


def test_aeries_school_whose_fall_term_the_trm_export_lacks_is_refused(semesters: Path, tmp_path: Path) -> None:
    edit(semesters / "TRM.csv", drop="40,F,")
    result = both_engines("aeries", semesters, tmp_path)
    assert result.exit_status == 1 and not result.report.published
    assert aborts(result) == ["X944"]  # not X943: the year classes keep most of the school's
    (refusal,) = result.report.aborts
    assert refusal.params["school"] == "40" and refusal.params["missed"] == 4
    assert refusal.params["key"] == "SC='40', SM='F'" and refusal.params["example"] == "'40-1'"
    assert (refusal.where.file, refusal.where.line) == ("MST.csv", 4)  # the term's first section
    assert "no term of the school's classes shorter than the year runs tonight" in str(refusal.params["why"])
    assert result.report.counts["D300"] == 4


@WAYS
def test_aeries_fall_term_missing_is_refused_every_way(semesters: Path, tmp_path: Path, engine: str, jobs: int) -> None:
    edit(semesters / "TRM.csv", drop="40,F,")
    result = run("aeries", semesters, tmp_path / "out", engine=engine, jobs=jobs)
    assert result.exit_status == 1 and aborts(result) == ["X944"]


def test_aeries_fall_term_missing_on_a_later_night_is_refused(semesters: Path, tmp_path: Path) -> None:
    """The last set held the Fall classes: at a large district one school's semester is under
    the removal limits (this small one's 4 classes of 20 are not: X906 too), and the term's row
    missing is the export's all the same, which --allow-rollover does not publish."""
    out = tmp_path / "out"
    assert run("aeries", semesters, out).exit_status == 0
    edit(semesters / "TRM.csv", drop="40,F,")
    night = FALL + dt.timedelta(days=1)
    result = run("aeries", semesters, out, night=night)
    assert result.exit_status == 1 and "X944" in aborts(result)
    assert aborts(run("aeries", semesters, out, night=night, allow_rollover=True)) == ["X944"]
    allowed = run("aeries", semesters, out, night=night, allow_rollover=True, allow_incomplete=True)
    assert allowed.exit_status == 1 and allowed.report.published and "F453" in allowed.report.counts  # said
    (said,) = allowed.report.examples["X918"]
    assert said.params["detail"] == (
        "school 40 (Sierra Vista High): the 4 classes of term SC='40', SM='F' its students are enrolled in "
        "left out, no terms row having it"
    )


def test_aeries_next_semesters_term_missing_stays_a_warning(semesters: Path, tmp_path: Path) -> None:
    """The Spring row missing in October: the Spring sections have their SEC rows already, but
    the Fall term runs, so theirs is not tonight's; published without them, as it would be with
    the Spring row there."""
    edit(semesters / "TRM.csv", drop="40,S,")
    result = both_engines("aeries", semesters, tmp_path)
    assert result.exit_status == 0 and result.report.published and not result.report.aborts
    assert result.report.counts["D300"] == 4 and "schools_term_unknown" not in result.report.facts


def test_aeries_ended_fall_term_no_longer_exported_stays_a_warning(semesters: Path, tmp_path: Path) -> None:
    """In February, a TRM query that leaves the ended Fall term out: the Spring term runs."""
    edit(semesters / "TRM.csv", drop="40,F,")
    written = (SPRING - dt.timedelta(hours=1)).timestamp()
    for path in semesters.iterdir():
        os.utime(path, (written, written))
    result = run("aeries", semesters, tmp_path / "out", night=SPRING)
    assert result.exit_status == 0 and result.report.published and not result.report.aborts
    assert result.report.counts["D300"] == 4


def test_powerschool_semester_missing_is_refused_by_its_enrolment_dates(district: Path, tmp_path: Path) -> None:
    """PowerSchool's cc rows carry dates: those of semester 1 are current in October, those of
    semester 2 start in January. Semester 2 missing at a school in October is published;
    semester 1 missing is refused, whichever of X943 (most of the school's classes) or X944."""
    school = spring_school(district)
    spring = changed(district, tmp_path / "spring", "terms.txt", drop=f"3602\t{school}\t")
    result = run("powerschool", spring, tmp_path / "spring" / "out")
    assert result.exit_status == 0 and not result.report.aborts
    fall = changed(district, tmp_path / "fall", "terms.txt", drop=f"3601\t{SCHOOL}\t")
    result = run("powerschool", fall, tmp_path / "fall" / "out")
    assert result.exit_status == 1 and aborts(result) == ["X944"]
    (refusal,) = result.report.aborts
    assert refusal.params["key"] == f"TermID='3601', SchoolID='{SCHOOL}'"
    assert refusal.params["why"] == "the enrolment rows naming them are dated current"


def test_every_fixture_district_is_published_as_before(tmp_path: Path) -> None:
    """No fixture district's ordinary night says X944."""
    for fixture in sorted(p.parent.relative_to(FIXTURES) for p in FIXTURES.glob("*/*/in")):
        result = run(fixture.parts[0], FIXTURES / fixture / "in", tmp_path / "-".join(fixture.parts))
        assert "X944" not in aborts(result), fixture


# --- The missing term dated by the same term code at the other schools (terms rows are per school)
# (Was: a quarter 2 missing at a school whose semester runs was taken for a later term's, its
# classes left out at exit 0; a school of year-long classes only had its next semester's missing
# term taken for tonight's, and was refused though nothing of it is lost tonight.)

QUARTER_2 = dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC)


def written_on(exports: Path, night: dt.datetime) -> None:
    """The exports as tonight's export job wrote them, an hour before the run."""
    written = (night - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))


@pytest.fixture
def quarters(semesters: Path) -> Path:
    """The high school (40) also teaches three quarter-2 electives, each with a student; the
    terms export lists quarters 1 and 2 at the elementary school and quarter 1 only at the high
    school (its quarter 2 row missing)."""
    edit(semesters / "MST.csv", add="".join(f"40,{n},1100,401,,2,{n - 20},Q{n},0\n" for n in (21, 22, 23)))
    edit(semesters / "SEC.csv", add="".join(f"40,{1 + n % 4},{n},0\n" for n in (21, 22, 23)))
    edit(
        semesters / "TRM.csv",
        add="10,1,Quarter 1,08/12/2026,10/16/2026\n10,2,Quarter 2,10/19/2026,12/18/2026\n"
        "40,1,Quarter 1,08/12/2026,10/16/2026\n",
    )
    written_on(semesters, QUARTER_2)
    return semesters


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_aeries_quarter_missing_while_the_schools_semester_runs_is_refused(
    quarters: Path, tmp_path: Path, engine: str
) -> None:
    result = run("aeries", quarters, tmp_path / "out", night=QUARTER_2, engine=engine)
    assert result.exit_status == 1 and aborts(result) == ["X944"]
    (refusal,) = result.report.aborts
    assert refusal.params["school"] == "40" and refusal.params["key"] == "SC='40', SM='2'"
    assert refusal.params["why"] == (
        "the same term at the other schools runs tonight or within the window (2026-10-19 to 2026-12-18, "
        "TRM.csv line 7)"
    )
    # With the high school's quarter 2 row, its electives are published.
    edit(quarters / "TRM.csv", add="40,2,Quarter 2,10/19/2026,12/18/2026\n")
    result = run("aeries", quarters, tmp_path / "whole", night=QUARTER_2, engine=engine)
    assert result.exit_status == 0 and "D300" not in result.report.counts
    assert "40-21" in (tmp_path / "whole" / "classes.csv").read_text(encoding="utf-8")


def test_aeries_year_long_schools_next_semester_missing_stays_a_warning(semesters: Path, tmp_path: Path) -> None:
    """The elementary school (10), on year-long classes, has three Spring electives scheduled
    already; the terms export lacks its Spring row, which the high school's dates in January.
    In October nothing of it is lost: published, the electives each a D300 warning."""
    edit(semesters / "MST.csv", add="".join(f"10,{n},0300,102,,S,{n - 20},S{n},0\n" for n in (21, 22, 23)))
    edit(semesters / "MST.csv", add="".join(f"10,{n},0300,102,,Y,{n - 30},Y{n},0\n" for n in (31, 32, 33, 34)))
    edit(semesters / "SEC.csv", add="".join(f"10,{1 + n % 2},{n},0\n" for n in (21, 22, 23, 31, 32, 33, 34)))
    result = both_engines("aeries", semesters, tmp_path)
    assert result.exit_status == 0 and result.report.published and not result.report.aborts
    assert result.report.counts["D300"] == 3 and "schools_term_unknown" not in result.report.facts


# --- The term's row is in the terms export, but left out tonight for a problem of its own -------


def test_powerschool_terms_row_lost_to_a_typed_tab_is_named_as_the_cause(district: Path, tmp_path: Path) -> None:
    """Semester 1's row of one school has a tab typed in its name: the row is left out (I205) and
    the school's semester 1 classes find no term. Was: "no terms row having that term", sending
    the admin to a terms query that has the row; now the refusal names the row and its code."""
    exports = changed(district, tmp_path, "terms.txt")
    lines = (exports / "terms.txt").read_text(encoding="utf-8").splitlines(True)
    (at,) = [n for n, line in enumerate(lines) if line.startswith(f"3601\t{SCHOOL}\t")]
    lines[at] = lines[at].replace("Semester 1\t", "Semester\t1\t", 1)
    (exports / "terms.txt").write_text("".join(lines), encoding="utf-8")
    result = run("powerschool", exports, tmp_path / "out")
    assert result.exit_status == 1 and aborts(result) == ["X944"]
    (refusal,) = result.report.aborts
    assert refusal.params["key"] == f"TermID='3601', SchoolID='{SCHOOL}'"
    assert refusal.params["lost"] == (
        f", its row terms.txt:{at + 1} left out tonight by I205 row-too-long: a broken row, not a missing one"
    )
    assert f"(D300, its row terms.txt:{at + 1} left out tonight by I205" in refusal.message
