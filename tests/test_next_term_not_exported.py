"""Semester-change night, the sections and enrolment exports still filtered to Semester 1
(tester44 F7). X977 refused only a night on which no class at all was current; with year-long
classes (most schools have them) the year kept the set current, every Semester-1 class was
removed as ended and no Semester-2 class came, published at exit 0. Now refused school by
school: a semester the last published set held has ended, its classes are still exported, and
the terms export holds the school's next semester, started and holding the as-of date, with no
class in it. A school of year-long classes only, which never had semester classes, is not."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from benchmarks.synthetic import write_district
from tests.synthetic_nights import first_set
from transform import api

FIRST_NIGHT = dt.date(2026, 10, 15)
SEMESTER_2 = dt.date(2027, 1, 11)  # Semester 1 ended on 2027-01-08

# One xdist worker takes the module's tests: it publishes each engine's first night once.
pytestmark = pytest.mark.xdist_group("next_term_not_exported")


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("district") / "in"
    write_district(folder, 600)
    return folder


def run(exports: Path, out: Path, as_of: dt.date, engine: str = "python") -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, engine=engine))  # type: ignore[arg-type]


def first_night(district: Path, tmp_path: Path, engine: str) -> Path:
    """tmp_path/out: the district published on FIRST_NIGHT with the engine, as last night's set (made
    once per process and engine, and copied with its state folder: synthetic_nights.first_set)."""

    def publish(out: Path) -> None:
        assert run(district, out, FIRST_NIGHT, engine).exit_status == 0

    return first_set((district, FIRST_NIGHT, engine), district.parent, tmp_path, publish)


def without(exports: Path, folder: Path, keep: object) -> Path:
    """The exports with only the sections.txt and cc.txt rows `keep(term ID, school)` keeps."""
    shutil.copytree(exports, folder)
    for name, term, school in (("sections.txt", 4, 1), ("cc.txt", 2, 3)):
        header, *rows = (folder / name).read_bytes().decode("utf-8").split("\r\n")[:-1]
        kept = [row for row in rows if keep(row.split("\t")[term], row.split("\t")[school])]  # type: ignore[operator]
        (folder / name).write_bytes(("\r\n".join([header, *kept]) + "\r\n").encode("utf-8"))
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_exports_still_of_semester_1_are_refused(district: Path, tmp_path: Path, engine: str) -> None:
    out = first_night(district, tmp_path, engine)
    stale = without(district, tmp_path / "stale", lambda term, _: term != "3602")
    result = run(stale, out, SEMESTER_2, engine)
    assert result.exit_status == 1 and not result.report.published
    (refused,) = result.problems
    assert refused.code.id == "X977" and refused.params["term"] == "Semester 2"
    assert refused.params["start"] == "2027-01-11" and str(refused.params["at"]).startswith(" (terms.txt line ")
    assert refused.message.startswith(
        "at school 100, no class of the exports is in a term after Semester 1 (2026-08-17 to 2027-01-08), "
        "whose classes the last published set held and which has ended (and likewise at 19 more schools)"
    )
    # The whole exports that night: Semester 1's classes go as ended, Semester 2's come.
    assert run(district, out, SEMESTER_2, engine).exit_status == 0


def test_a_school_of_year_long_classes_only_is_not_refused(district: Path, tmp_path: Path) -> None:
    """School 107 has year-long classes only (an elementary school); the terms export lists the
    semesters for it as for every school. The others' exports hold Semester 2."""
    exports = without(district, tmp_path / "in", lambda term, school: school != "107" or term == "3600")
    out = tmp_path / "out"
    assert run(exports, out, FIRST_NIGHT).exit_status == 0
    result = run(exports, out, SEMESTER_2)
    assert "X977" not in {p.code.id for p in result.problems}
    assert result.exit_status == 0 and result.report.published


def test_a_school_that_really_has_no_class_of_the_new_term_is_published_with_allow_incomplete(
    district: Path, tmp_path: Path
) -> None:
    """School 107 ran Semester-1 classes and has none in Semester 2 (its spring electives were
    dropped): refused as an export still filtered to Semester 1 might be, and --allow-incomplete
    publishes it, said (X918); the next night, its last set holding no semester class, is not
    refused again."""
    exports = without(district, tmp_path / "in", lambda term, school: school != "107" or term != "3602")
    out = tmp_path / "out"
    assert run(exports, out, FIRST_NIGHT).exit_status == 0
    refused = run(exports, out, SEMESTER_2)
    assert refused.exit_status == 1 and [p.code.id for p in refused.problems] == ["X977"]
    assert str(refused.problems[0].message).startswith("at school 107, no class of the exports is in a term after")
    options = api.RunOptions(
        profile="powerschool", in_dir=exports, out_dir=out, as_of=SEMESTER_2, allow_incomplete=True
    )
    allowed = api.run(options)
    assert allowed.exit_status == 1 and allowed.report.published and "F453" in allowed.report.counts  # said
    [said] = allowed.report.examples["X918"]
    assert "at school 107" in said.message and "published without any" in said.message
    assert run(exports, out, SEMESTER_2 + dt.timedelta(days=1)).exit_status == 0


def semester_2_twice(exports: Path, folder: Path, last_day: str) -> Path:
    """The exports with each Semester 2 row of terms.txt written again as 'Semester Two', ending on `last_day`."""
    shutil.copytree(exports, folder)
    header, *rows = (folder / "terms.txt").read_bytes().decode("utf-8").split("\r\n")[:-1]
    again = [row.replace("Semester 2", "Semester Two") for row in rows if "\tSemester 2\t" in row]
    again = ["\t".join([*row.split("\t")[:-1], last_day]) for row in again]
    (folder / "terms.txt").write_bytes(("\r\n".join([header, *rows, *again]) + "\r\n").encode("utf-8"))
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_terms_export_listing_the_new_semester_twice_is_said_as_its_cause(
    district: Path, tmp_path: Path, engine: str
) -> None:
    # The terms export lists every Semester 2 row twice, with another name and end: no class joins
    # it (D327), its classes are left out, and X977 said "a sections or enrolments export still
    # filtered to an earlier term", while the sections export was whole. (X943 and X944 say the
    # schools' classes were left out for their term too.)
    out = first_night(district, tmp_path, engine)
    result = run(semester_2_twice(district, tmp_path / "doubled", "05/21/2027"), out, SEMESTER_2, engine)
    assert result.exit_status == 1 and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X977"]
    assert "D327" in result.report.counts
    assert (
        "no class could be given 'Semester 2': the terms export lists its key on two rows with other data (D327, "
        in (refused.message)
    )
    assert refused.message.endswith(
        "(the terms could not be read, not an export filtered to an earlier term: keep one "
        "row per term); nothing published"
    )
    assert "still filtered" not in refused.message


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_new_semester_listed_twice_with_its_own_dates_is_one_term(
    district: Path, tmp_path: Path, engine: str
) -> None:
    """The copies end when Semester 2 does: one term under two names, whichever row a section
    means. Its classes come as on the whole export's night, said once per term ID (D351)."""
    out = first_night(district, tmp_path, engine)
    terms = (district / "terms.txt").read_text().splitlines()
    last_day = next(row.split("\t")[-1].strip() for row in terms if "\tSemester 2\t" in row)
    result = run(semester_2_twice(district, tmp_path / "doubled", last_day), out, SEMESTER_2, engine)
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["D351"] == 20  # one Semester 2 term ID per school
    assert not {"D327", "X977", "X866"} & set(result.report.counts)
    (said, *_) = result.report.examples["D351"]
    assert "has the same dates" in said.message
    assert run(district, tmp_path / "whole", SEMESTER_2, engine).exit_status == 0
    assert (out / "classes.csv").read_bytes() == (tmp_path / "whole" / "classes.csv").read_bytes()
