"""Semester-change night, the sections and enrolment exports still filtered to Semester 1
(tester44 F7). X977 refused only a night on which no class at all was current; with year-long
classes (most schools have them) the year kept the set current, every Semester-1 class was
removed as ended and no Semester-2 class came, published at exit 0. Now refused school by
school: a semester the last published set held has ended, its classes are still exported, and
the terms export holds the school's next semester, started and holding the as-of date, with no
class in it. A school of year-long classes only, which never had semester classes, is not."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from benchmarks.synthetic import write_district
from tests.synthetic_nights import first_set
from transform import api
from transform.pipeline import filters
from transform.pipeline.filters import HeldTerms, Term, TermDue
from transform.profile.compile import DEFAULT_YEAR_LONG_DAYS
from transform.report.report import Report
from transform.report.summary import next_step

FIRST_NIGHT = dt.date(2026, 10, 15)
SEMESTER_2 = dt.date(2027, 1, 11)  # Semester 1 ended on 2027-01-08
SPRING = (SEMESTER_2, dt.date(2027, 5, 28))  # Semester 2's days
SPRING_WRITTEN = [day.isoformat() for day in SPRING]

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


def allowed(exports: Path, out: Path, as_of: dt.date) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, allow_incomplete=True)
    )


def let_through(result: api.RunResult) -> bool:
    """A night --allow-incomplete published past X977: published, and a person looks (F453, exit 1)."""
    return result.exit_status == 1 and result.report.published and "F453" in result.report.counts


def test_the_whole_district_s_exports_of_semester_1_are_not_offered_the_one_school_escape(
    district: Path, tmp_path: Path
) -> None:
    """Every school lacks Semester 2 (the SIS job's filter): X977's Next names the export at every
    school and does not offer --allow-incomplete as for a school whose electives were dropped."""
    out = first_night(district, tmp_path, "python")
    stale = without(district, tmp_path / "stale", lambda term, _: term != "3602")
    result = run(stale, out, SEMESTER_2)
    (refused,) = result.problems
    assert refused.code.id == "X977" and refused.params["schools"] == ", ".join(str(100 + s) for s in range(20))
    step = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert step.startswith(
        "Next: Export the sections and enrolments of Semester 2 at schools 100, 101, 102 and 17 more"
    )
    assert "--allow-incomplete would publish them all without it tonight, and accept school 100's alone" in step
    assert "Said of one school" not in step


def test_allow_incomplete_accepts_the_school_named_and_later_nights_refuse_the_others(
    district: Path, tmp_path: Path
) -> None:
    """tester74 F9: --allow-incomplete passed once on the district's X977 published the set
    without Semester 2; its last set then held no semester class, and every later night without
    the flag published with no Semester 2 at exit 0, at every school. The acceptance is of school
    100, named, with Semester 2 (last.json's terms_due): the other schools are refused again."""
    out = first_night(district, tmp_path, "python")
    stale = without(district, tmp_path / "stale", lambda term, _: term != "3602")
    published = allowed(stale, out, SEMESTER_2)
    assert let_through(published)
    [said] = published.report.examples["X918"]
    assert "school 100 is recorded as having no class of Semester 2" in said.message
    assert (
        "not so schools 101, 102, 103 and 16 more," in said.message and "later nights refuse them again" in said.message
    )
    for later in (SEMESTER_2 + dt.timedelta(days=1), SEMESTER_2 + dt.timedelta(days=9)):
        result = run(stale, out, later)
        assert result.exit_status == 1 and not result.report.published
        (refused,) = result.problems
        assert refused.code.id == "X977" and refused.message.startswith("at school 101, no class of the exports")
        assert "(and likewise at 18 more schools)" in refused.message
    # The whole exports: Semester 2's classes come at every school, and nothing is carried on.
    assert run(district, out, SEMESTER_2 + dt.timedelta(days=10)).exit_status == 0
    assert "terms_due" not in json.loads((tmp_path / ".out.transform" / "last.json").read_text())


def test_an_accepted_school_stays_published_and_another_school_not_accepted_is_refused(
    district: Path, tmp_path: Path
) -> None:
    """Schools 107 and 108 have no Semester 2 class: X977 names 107 (and likewise one more), and
    --allow-incomplete accepts 107 alone. Later nights publish 107 as accepted and refuse 108, which
    nobody accepted; 108 accepted in turn, both stay published."""
    exports = without(district, tmp_path / "in", lambda term, school: school not in ("107", "108") or term != "3602")
    out = first_night(district, tmp_path, "python")
    assert "(and likewise at 1 more schools)" in run(exports, out, SEMESTER_2).problems[0].message
    assert let_through(allowed(exports, out, SEMESTER_2))
    result = run(exports, out, SEMESTER_2 + dt.timedelta(days=1))
    assert result.exit_status == 1
    (refused,) = result.problems
    assert refused.code.id == "X977" and refused.message.startswith("at school 108, no class of the exports")
    assert "likewise" not in refused.message
    assert "Said of one school" in next_step(result, out_dir=out, explain_path=None, upload=False)
    assert let_through(allowed(exports, out, SEMESTER_2 + dt.timedelta(days=1)))
    assert run(exports, out, SEMESTER_2 + dt.timedelta(days=8)).exit_status == 0
    state = json.loads((tmp_path / ".out.transform" / "last.json").read_text())
    assert state["terms_due"] == [
        [
            school,
            ["Semester 1", "2026-08-17", "2027-01-08"],
            ["Semester 2", "2027-01-11", "2027-05-28", f"3602+{school}"],
            True,
        ]
        for school in ("107", "108")
    ]


def copied(out: Path, to: Path) -> Path:
    """The published set `out` and its state folder, as another night's."""
    shutil.copytree(out, to)
    shutil.copytree(out.parent / f".{out.name}.transform", to.parent / f".{to.name}.transform")
    return to


def test_an_accepted_school_stays_accepted_when_its_term_s_dates_move_or_it_is_renamed(
    district: Path, tmp_path: Path
) -> None:
    """reviewer96 R2: school 107 has no Semester 2 class, accepted once. In March the terms export moves
    Semester 2's last day (snow days) or renames it: the same term (its row's key), still accepted."""
    exports = without(district, tmp_path / "in", lambda term, school: school != "107" or term != "3602")
    out = first_night(district, tmp_path, "python")
    assert let_through(allowed(exports, out, SEMESTER_2))
    march = dt.date(2027, 3, 1)
    terms = (exports / "terms.txt").read_text(encoding="utf-8")
    edits = {
        "moved": terms.replace("01/11/2027\t05/28/2027", "01/11/2027\t06/04/2027"),
        "renamed": terms.replace("Semester 2", "Spring Semester"),
    }
    for how, edited in edits.items():
        assert edited != terms
        night = without(exports, tmp_path / how, lambda *_: True)
        (night / "terms.txt").write_text(edited, encoding="utf-8")
        result = run(night, copied(out, tmp_path / f"out-{how}"), march)
        assert result.exit_status == 0 and result.report.published, how
        assert "X977" not in result.report.counts


def test_a_damaged_terms_due_stops_the_night_and_one_never_written_is_none(district: Path, tmp_path: Path) -> None:
    """reviewer96 R4: the F9 shape accepted once for school 100 carries 101..119 in last.json. A terms_due
    that does not read refuses the night (X930), as a damaged orphans carry does, instead of forgetting
    the schools and publishing them without Semester 2; a last.json without it (an earlier version's) is
    read as carrying none, as before."""
    out = first_night(district, tmp_path, "python")
    stale = without(district, tmp_path / "stale", lambda term, _: term != "3602")
    assert let_through(allowed(stale, out, SEMESTER_2))
    state = json.loads((tmp_path / ".out.transform" / "last.json").read_text())
    assert len(state["terms_due"]) == 20
    for how, due in (("five fields", [[*e, "x"] for e in state["terms_due"]]), ("a table", {"100": True})):
        night = copied(out, tmp_path / how.replace(" ", "-"))
        path = night.parent / f".{night.name}.transform" / "last.json"
        path.write_text(json.dumps({**state, "terms_due": due}))
        result = run(stale, night, SEMESTER_2 + dt.timedelta(days=1))
        assert result.exit_status == 1 and not result.report.published, how
        (refused,) = result.problems
        assert refused.code.id == "X930" and "'terms_due'" in refused.message, how
    night = copied(out, tmp_path / "older")
    path = night.parent / ".older.transform" / "last.json"
    path.write_text(json.dumps({k: v for k, v in state.items() if k != "terms_due"}))
    assert "X930" not in run(stale, night, SEMESTER_2 + dt.timedelta(days=1)).report.counts


def test_a_school_carried_or_accepted_is_not_refused_for_the_next_school_year_s_first_term() -> None:
    """8069a05: last.json carries school 101 (refused, published once without Semester 2 by the flag)
    and school 100 (accepted). In August 2027 both have only the new year's year-long classes and the
    terms export lists the new Semester 1: neither waits for it (the next school year's is not the term
    X977 found; an accepted term's next is judged only a break after it)."""
    s1, s2 = Term("", "Semester 1", dt.date(2026, 8, 17), dt.date(2027, 1, 8)), Term("", "Semester 2", *SPRING)
    next_s1 = Term("", "Semester 1", dt.date(2027, 8, 16), dt.date(2028, 1, 7))
    year = Term("", "2027-2028", dt.date(2027, 8, 16), dt.date(2028, 5, 26))
    due = tuple(TermDue(s, replace(s1, school=s), replace(s2, school=s), s == "100") for s in ("100", "101"))
    held = HeldTerms("2027-05-20", {"3602": s2}, due=due)
    rule = SimpleNamespace(year_long_days=DEFAULT_YEAR_LONG_DAYS)

    def exported(schools: set[str]) -> list[tuple[Term, str]]:
        return [(replace(t, school=s), "terms.txt line 9") for s in sorted(schools) for t in (year, next_s1)]

    report = Report()
    august = dt.date(2027, 8, 20)
    tonight = {replace(year, school=s) for s in ("100", "101")}
    assert filters._next_term_without_classes(tonight, held, rule, august, exported, report) == []  # type: ignore[arg-type]
    assert report.terms_due == []
    # While Semester 2 runs, both are still found: 101 refused, 100 accepted.
    march = dt.date(2027, 3, 1)
    exported_then = lambda schools: [(replace(s2, school=s), "terms.txt line 3") for s in sorted(schools)]  # noqa: E731
    this_year = {replace(Term("", "2026-2027", dt.date(2026, 8, 17), SPRING[1]), school=s) for s in ("100", "101")}
    (refused,) = filters._next_term_without_classes(this_year, held, rule, march, exported_then, Report())  # type: ignore[arg-type]
    assert refused.code.id == "X977" and refused.params["school"] == "101" and refused.params["schools"] == "101"


TRIMESTERS = {  # the year and three trimesters: term ID -> (name, first day, last day, day a student left)
    "3600": ("2026-2027", "08/17/2026", "05/28/2027", "05/29/2027"),
    "3601": ("Trimester 1", "08/17/2026", "11/20/2026", "11/21/2026"),
    "3602": ("Trimester 2", "11/30/2026", "02/26/2027", "02/27/2027"),
    "3603": ("Trimester 3", "03/01/2027", "05/28/2027", "05/29/2027"),
}


def test_a_school_accepted_for_trimester_2_is_judged_afresh_in_trimester_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """reviewer96 R5: school 107 has no class of Trimester 2, accepted once with --allow-incomplete. In
    Trimester 3 its exports hold no class of that term either: refused (X977 after Trimester 2), not
    published as if the acceptance were of every later term; with its Trimester 3 classes, published."""
    import benchmarks.synthetic as synthetic

    monkeypatch.setattr(synthetic, "TERM_DATES", {k: (v[1], v[2]) for k, v in TRIMESTERS.items()})
    monkeypatch.setattr(synthetic, "DATE_LEFT", {k: v[3] for k, v in TRIMESTERS.items()})
    district = tmp_path / "district"
    synthetic.write_district(district, 200)
    rows = [
        f"{i}\t{100 + s}\t{n}\t{n[:1]}{i[-1]}\t{a}\t{b}" for s in range(20) for i, (n, a, b, _) in TRIMESTERS.items()
    ]
    (district / "terms.txt").write_text(
        "\r\n".join(["ID\tSchoolID\tName\tAbbreviation\tFirstDay\tLastDay", *rows]) + "\r\n"
    )
    with_t3 = without(district, tmp_path / "t3", lambda term, school: school != "107" or term != "3602")
    none = without(district, tmp_path / "none", lambda term, school: school != "107" or term not in ("3602", "3603"))
    out = tmp_path / "out"
    assert run(with_t3, out, dt.date(2026, 10, 15)).exit_status == 0
    assert run(with_t3, out, dt.date(2026, 11, 30)).problems[0].code.id == "X977"
    assert let_through(allowed(with_t3, out, dt.date(2026, 11, 30)))
    assert run(with_t3, out, dt.date(2027, 1, 12)).exit_status == 0
    march = dt.date(2027, 3, 2)
    refused = run(none, copied(out, tmp_path / "out-none"), march)
    assert refused.exit_status == 1 and not refused.report.published
    (problem,) = refused.problems
    assert problem.code.id == "X977" and problem.params["school"] == "107" and problem.params["term"] == "Trimester 3"
    assert "after Trimester 2 (2026-11-30 to 2027-02-26)" in problem.message
    published = run(with_t3, out, march)
    assert published.exit_status == 0 and published.report.published


QUARTERS = [  # PowerSchool's quarters, listed beside the semesters: term ID, name, first day, last day
    ("3603", "Quarter 1", "08/17/2026", "10/16/2026"),
    ("3604", "Quarter 2", "10/19/2026", "01/08/2027"),
    ("3605", "Quarter 3", "01/11/2027", "03/19/2027"),
    ("3606", "Quarter 4", "03/22/2027", "05/28/2027"),
]


def test_quarters_no_class_uses_are_not_the_term_x977_names_nor_one_judged_afresh(
    district: Path, tmp_path: Path
) -> None:
    """reviewer102 N1: the terms export lists Quarter 1..4 beside the semesters at every school, and
    no class is of a quarter. School 107 has no Semester 2 class: X977 named Quarter 3 (of Semester
    2's first day), accepted once; on Quarter 4's first night 107 was refused again, though nothing
    had changed. X977 names Semester 2, and once accepted, the Quarter 4 night publishes."""
    exports = without(district, tmp_path / "in", lambda term, school: school != "107" or term != "3602")
    header, *rows = (exports / "terms.txt").read_bytes().decode("utf-8").split("\r\n")[:-1]
    schools = sorted({row.split("\t")[1] for row in rows})
    rows += [f"{i}\t{s}\t{name}\tQ{name[-1]}\t{a}\t{b}" for s in schools for i, name, a, b in QUARTERS]
    (exports / "terms.txt").write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("utf-8"))
    out = first_night(district, tmp_path, "python")
    (refused,) = run(exports, out, SEMESTER_2).problems
    assert refused.code.id == "X977" and refused.params["school"] == "107"
    assert refused.params["term"] == "Semester 2"
    assert let_through(allowed(exports, out, SEMESTER_2))
    quarter_4 = run(exports, out, dt.date(2027, 3, 22))
    assert quarter_4.exit_status == 0 and quarter_4.report.published
    assert "X977" not in quarter_4.report.counts
