"""A new term's schedule rows cut at one school on the term change's night (review197 R2).

On the spring's first night the fall's enrolments are explained by its ended term (X937) and the spring's are all
new, so the removal limits compare nothing: school 0482's spring sections all exported with half (or a third) of
their schedule rows missing published at exit 0, OUT kept from the fall's last set, its students missing from
their new classes. The new term's student enrolments at a school are judged against those the ended term's classes
held there (published_ended.thin_schedules): under three quarters, and beyond what students' own choices move, is
refused (X710), whether the SIS dropped the fall or the term filter left it out, and --allow-rollover publishes it
(X711, said by F454). Honest turns publish: electives that drop students, fewer and fuller sections, a section no
student chose.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import test_semester_turn_dropped as district
from tests.test_semester_turn_dropped import _copied, _exports, _night
from transform import api
from transform.pipeline import published_ended
from transform.pipeline.filters import Term
from transform.pipeline.gate import BY_THE_LAST_SET, Change
from transform.report import summary

TURN = "2027-01-05"
CUT = "0482"
# test_semester_turn_dropped's two schools, 45 students each (in every section of theirs: 135 spring rows a school),
# not 6: a school of 18 rows is too small to tell a third of them cut from its students' own choices.
STUDENTS = tuple(f"Kid{n}" for n in range(45))
Rows = dict[str, list[dict[str, str]]]


@pytest.fixture(scope="module", autouse=True)
def schools_of_45() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(district, "NAMES", STUDENTS)
        yield


def _rows(*, fall: bool) -> Rows:
    return district._rows(fall=fall, spring=True)


@pytest.fixture(scope="module")
def fall_published(tmp_path_factory: pytest.TempPathFactory, schools_of_45: None) -> Path:
    """December: the fall's and year's classes published, the spring's sections exported ahead (left out)."""
    folder = tmp_path_factory.mktemp("fall")
    first = _night(folder, "2026-12-01", _rows(fall=True), empty=False)
    assert first.exit_status == 0 and first.report.published, [str(p) for p in first.problems]
    return folder


def _turn(
    folder: Path, rows: Rows, *, allow_rollover: bool = False, jobs: int | None = None, engine: str = "auto"
) -> api.RunResult:
    exports = _exports(folder / TURN, rows)
    options = api.RunOptions(
        profile="focus",
        in_dir=exports,
        out_dir=folder / "out",
        as_of=dt.date.fromisoformat(TURN),
        allow_rollover=allow_rollover,
        jobs=jobs,
        engine=engine,
    )
    return api.run(options)


def _spring(rows: Rows, school: str = CUT) -> list[dict[str, str]]:
    """The student enrolments of `school`'s spring sections, in the export's order (section by section)."""
    return [
        e
        for e in rows["enrollments.csv"]
        if e["schoolSourcedId"] == school and "-S2-" in e["classSourcedId"] and e["role"] == "student"
    ]


def _without(rows: Rows, gone: list[dict[str, str]]) -> Rows:
    ids = {e["sourcedId"] for e in gone}
    rows["enrollments.csv"] = [e for e in rows["enrollments.csv"] if e["sourcedId"] not in ids]
    return rows


def _out_files(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.csv"))}


def _students_cut(rows: Rows, students: int) -> Rows:
    """0482's spring rows of its first `students` students gone (an export job that lost them): every section still
    exported, each thinner. (The last students' would end the file short of last time's lines: X884 too.)"""
    gone = {f"S{CUT}{n}" for n in range(students)}
    return _without(rows, [e for e in _spring(rows) if e["userSourcedId"] in gone])


@pytest.mark.parametrize("fall", [False, True], ids=["fall-dropped", "fall-left-out-by-the-term-filter"])
@pytest.mark.parametrize(("cut", "missing"), [(22, 66), (15, 45)], ids=["half", "a-third"])
def test_a_schools_spring_schedule_rows_cut_on_the_turn_night_are_refused(
    fall_published: Path, tmp_path: Path, fall: bool, cut: int, missing: int
) -> None:
    """0482's 3 spring sections all exported, `missing` of their 135 student rows not (an export cut short):
    refused, nothing written, the school, the counts and the step said."""
    folder = _copied(fall_published, tmp_path)
    before = _out_files(folder / "out")
    result = _turn(folder, _students_cut(_rows(fall=fall), cut))
    assert result.exit_status == 1 and not result.report.published
    assert {p.code.id for p in result.report.aborts} == {"X710"}
    assert _out_files(folder / "out") == before
    said = result.report.examples["X710"][0]
    assert (said.params["school"], said.params["enrolled"], said.params["expected"]) == (CUT, 135 - missing, 135)
    assert "school 0482 (School 0482)" in str(said) and "2026-12-18" in str(said)
    step = summary.next_step(result, out_dir=folder / "out", explain_path=None, upload=False)
    assert "schedule (enrolment) export" in step and "--allow-rollover" in step, step


def test_allow_rollover_publishes_the_thin_spring_and_says_it(fall_published: Path, tmp_path: Path) -> None:
    """The district's word that the spring truly enrols that few: published, said (X711) and, as the flag's, exit 1
    (F454: left in the nightly job it would publish the next turn's cut export)."""
    folder = _copied(fall_published, tmp_path)
    result = _turn(folder, _students_cut(_rows(fall=False), 22), allow_rollover=True)
    assert result.report.published and result.exit_status == 1
    assert "X711" in result.report.counts and "F454" in result.report.counts
    assert "new term's schedule rows too few" in str(result.report.examples["F454"][0])
    assert ["X711", [CUT], "school 0482: 69 enrolments in the new term's classes, 135 expected", False, None] in (
        result.report.facts["rollover_at_schools"]
    )


def _electives_dropped(rows: Rows) -> Rows:
    """Three students fewer in each of 0482's spring sections (126 of the fall's 135): electives dropped."""
    spring = _spring(rows)
    return _without(rows, [spring[n * len(STUDENTS) + k] for n in range(3) for k in range(3)])


def _fewer_fuller(rows: Rows) -> Rows:
    """0482's spring in 2 sections (the same 45 students in each), not 3."""
    gone = f"C{CUT}-S2-4"
    rows["classes.csv"] = [c for c in rows["classes.csv"] if c["sourcedId"] != gone]
    rows["enrollments.csv"] = [e for e in rows["enrollments.csv"] if e["classSourcedId"] != gone]
    return rows


def _nobody_chose(rows: Rows) -> Rows:
    """A fourth spring section at 0482, exported with its teacher and no student (an elective nobody chose, left
    out: F412), the students in the other three as in the fall."""
    cid = f"C{CUT}-S2-5"
    rows["classes.csv"].append(
        {"sourcedId": cid, "title": "Elective", "classCode": cid, "classType": "scheduled"}
        | {"schoolSourcedId": CUT, "termSourcedIds": "S2", "periods": "5", "courseSourcedId": "K1"}
    )
    rows["enrollments.csv"].append(
        {"sourcedId": f"E{cid}-T{CUT}", "classSourcedId": cid, "schoolSourcedId": CUT}
        | {"userSourcedId": f"T{CUT}", "role": "teacher", "primary": "true"}
    )
    return rows


def _lighter_load(rows: Rows) -> Rows:
    """Every 0482 student in 2 of the 3 spring sections, not 3 (a lighter spring load: 90 rows of the fall's 135),
    each section a third emptier (review206 R2)."""
    return _without(
        rows, [e for e in _spring(rows) if (int(e["userSourcedId"][5:]) + int(e["classSourcedId"][-1])) % 3 == 0]
    )


def _moved(rows: Rows) -> Rows:
    """Half of 0482's students moved to 0481 at the turn: their user's school and their spring rows are 0481's
    (review206 R2: 0482's fall rows of them counted, the spring's 69 for 135 refused)."""
    movers = {f"S{CUT}{n}" for n in range(len(STUDENTS) // 2)}
    for user in rows["users.csv"]:
        if user["sourcedId"] in movers:
            user["orgSourcedIds"] = "0481"
    for e in rows["enrollments.csv"]:
        if e["userSourcedId"] in movers and e["role"] == "student":
            cid = "C0481-" + e["classSourcedId"].split("-", 1)[1]
            e.update(sourcedId=f"E{cid}-{e['userSourcedId']}", classSourcedId=cid, schoolSourcedId="0481")
    return rows


def _lighter_and_nobody_chose(rows: Rows) -> Rows:
    """A lighter load (each student in 2 of the 3 spring sections) and a fourth section nobody chose (review207
    R4: the empty section beside as many filled as the fall had is no cut's)."""
    return _nobody_chose(_lighter_load(rows))


@pytest.mark.parametrize("fall", [False, True], ids=["fall-dropped", "fall-left-out-by-the-term-filter"])
@pytest.mark.parametrize(
    "shape",
    [_electives_dropped, _fewer_fuller, _nobody_chose, _lighter_load, _lighter_and_nobody_chose, _moved, None],
    ids=[
        *("electives", "fewer-sections", "a-section-nobody-chose", "a-lighter-load"),
        *("a-lighter-load-and-a-section-nobody-chose", "half-the-students-moved-to-the-other-school", "same"),
    ],
)
def test_an_honest_turn_publishes(fall_published: Path, tmp_path: Path, fall: bool, shape: object) -> None:
    folder = _copied(fall_published, tmp_path)
    rows = _rows(fall=fall)
    result = _turn(folder, shape(rows) if callable(shape) else rows)
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    assert "X710" not in result.report.counts
    assert result.report.facts["changes"]["classes"]["term_ended"] == 6


# published_ended.thin_followers on its own: a set of 3 fall classes at school A gone tonight (their term ended
# 2026-12-18 by the last set's dates), and tonight's 3 classes there.
FALL_END = dt.date(2026, 12, 18)
SPRING = Term("", "Spring", dt.date(2027, 1, 5), dt.date(2027, 6, 10))


def _sets(tmp_path: Path, spring_term: str) -> tuple[Path, Path, dict[str, Change]]:
    previous, staged = tmp_path / "last", tmp_path / "tonight"
    for folder, classes, term in ((previous, "F", "FALL"), (staged, "N", spring_term)):
        folder.mkdir()
        lines = [f"{classes}{n},A,{term}" for n in range(3)]
        (folder / "classes.csv").write_text("sourcedId,schoolSourcedId,termSourcedIds\n" + "\n".join(lines) + "\n")
        rows = [f"E{classes}{n},{classes}{n},S1,student" for n in range(3)]
        (folder / "enrollments.csv").write_text(
            "sourcedId,classSourcedId,userSourcedId,role\n" + "\n".join(rows) + "\n"
        )
    why = f"Fall ended {FALL_END.isoformat()}{BY_THE_LAST_SET}"
    classes = Change(previous=3, now=3, removed=["F0", "F1", "F2"])
    enrolments = Change(previous=3, now=3, removed=["EF0", "EF1", "EF2"])
    for n in range(3):
        classes.ended_then[f"F{n}"] = classes.replaced[f"F{n}"] = why
        classes.ended_on[f"F{n}"] = FALL_END
        enrolments.ended_then[f"EF{n}"] = enrolments.replaced[f"EF{n}"] = why
    return previous, staged, {"classes": classes, "enrollments": enrolments}


def test_a_school_whose_new_classes_name_a_term_no_lookup_finds_is_not_taken_as_between_terms(
    tmp_path: Path,
) -> None:
    """Tonight's classes at A name a term tonight's terms do not hold (a lookup that missed: review200 R1). Counted
    as no class of a begun term, A passed as between terms and the fall's going stayed explained (fail open): it
    is taken back now, counted as removals (0 judged begun for 3 gone)."""
    previous, staged, changes = _sets(tmp_path, "SPRING-UNKNOWN")
    thin = published_ended.thin_followers(
        changes, previous, staged, tonight=dt.date(2027, 1, 5), current={"SPRING": SPRING}
    )
    assert thin == {"A": (0, 3, 3)}
    assert not changes["classes"].replaced and not changes["enrollments"].replaced


def test_a_school_whose_new_term_has_not_begun_is_left_between_terms(tmp_path: Path) -> None:
    """The control: tonight's classes at A of a term tonight's terms hold, beginning after tonight."""
    previous, staged, changes = _sets(tmp_path, "SPRING")
    later = Term("", "Spring", dt.date(2027, 1, 11), dt.date(2027, 6, 10))
    thin = published_ended.thin_followers(
        changes, previous, staged, tonight=dt.date(2027, 1, 5), current={"SPRING": later}
    )
    assert thin == {} and len(changes["classes"].replaced) == 3


# The strict target (--target oneroster) publishes a term whose ID the terms export gives other dates too (last
# year's rows) under an ID of its own (V602: "201-Spring-2027-01-05"), while the term filter names it as the export
# does ("201-Spring"): the new term's classes are judged by it through held_as (gate.compare's), else none of them
# would be of a begun term and the school's cut schedule published at exit 0.
ILLUMINATE = {
    "sites.txt": ("01 Site ID\t02 Site Name", ["201\tHarbor View High"]),
    "users.txt": (
        "01 User ID\t02 Last Name\t03 First Name\t04 Middle Name\t05 Email Address\t06 Site ID\t07 Active",
        ["u2001\tBaptiste\tJean\t\tjb@hv.example.org\t201\t1"],
    ),
    "terms.txt": (
        "01 Site ID\t02 Term Name\t03 Start Date\t04 End Date",
        [
            *("201\tYear\t08/18/2025\t06/05/2026", "201\tFall\t08/18/2025\t12/19/2025"),
            *("201\tSpring\t01/06/2026\t06/05/2026", "201\tYear\t08/17/2026\t06/10/2027"),
            *("201\tFall\t08/17/2026\t12/18/2026", "201\tSpring\t01/05/2027\t06/10/2027"),
        ],
    ),
}
STUDENT = "01 Student ID\t02 State Student ID\t03 Last Name\t04 First Name\t05 Middle Name\t06 Birth Date"
SECTIONS = [(f"F{n}", "Fall", "08/17/2026") for n in (1, 2, 3)] + [(f"P{n}", "Spring", "01/05/2027") for n in (1, 2, 3)]


def _illuminate(folder: Path, *, every_other_spring_row: bool = False, fall: bool = True) -> Path:
    """Site 201's 24 students in 3 fall and 3 spring sections (the fall's not exported: `fall` False), last year's
    terms still in terms.txt."""
    folder.mkdir(parents=True)
    files = {name: (head, list(rows)) for name, (head, rows) in ILLUMINATE.items()}
    people = [(f"3002{n:02d}", f"CA{n}\tDoe{n}\tKim\t\t01/0{n % 9 + 1}/2009") for n in range(24)]
    files["studemo.txt"] = (f"{STUDENT}\t07 Email Address", [f"{sid}\t{who}\t" for sid, who in people])
    files["enrollment.txt"] = (
        f"{STUDENT}\t07 Site ID\t08 Enrollment Start\t09 Enrollment End\t10 Student Grade Level ID",
        [f"{sid}\t{who}\t201\t08/17/2026\t\t12" for sid, who in people],
    )
    files["mastschd.txt"] = (
        "01 Section ID\t02 Site ID\t03 Term Name\t04 Course ID\t05 User ID\t06 Period\t07 User Start Date",
        [
            f"{sec}\t201\t{term}\tC{sec}\tu2001\t{sec[1]}\t{start}"
            for sec, term, start in SECTIONS
            if fall or term != "Fall"
        ],
    )
    roster = [
        (term, f"{sid}\t{who}\t{sec}\t201\tC{sec}\tu2001\t{start}")
        for sec, term, start in SECTIONS
        for sid, who in people
    ]
    spring = [line for term, line in roster if term == "Spring"]
    files["roster.txt"] = (
        f"{STUDENT}\t07 Section ID\t08 Site ID\t09 Course ID\t10 User ID\t11 Entry Date",
        [line for term, line in roster if term == "Fall" and fall]
        + (spring[::2] if every_other_spring_row else spring),
    )
    for name, (head, rows) in files.items():
        (folder / name).write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return folder


def _strict_night(folder: Path, day: str, exports: Path) -> api.RunResult:
    options = api.RunOptions(
        profile="illuminate",
        in_dir=exports,
        out_dir=folder / "out",
        as_of=dt.date.fromisoformat(day),
        target="oneroster",
    )
    return api.run(options)


@pytest.mark.parametrize("fall", [True, False], ids=["fall-left-out-by-the-term-filter", "fall-dropped"])
@pytest.mark.parametrize("cut", [True, False], ids=["half-the-spring-rows", "whole"])
def test_the_strict_target_judges_the_new_terms_classes_under_their_own_session_ids(
    tmp_path: Path, cut: bool, fall: bool
) -> None:
    """Whole, the spring publishes, the fall dropped or not (its classes of no term judged begun, the fall's going
    was taken back as not known to be a term change: X906); half its rows cut, it is refused."""
    first = _strict_night(tmp_path, "2026-12-01", _illuminate(tmp_path / "december"))
    assert first.exit_status == 0, [str(p) for p in first.problems]
    result = _strict_night(tmp_path, TURN, _illuminate(tmp_path / "january", every_other_spring_row=cut, fall=fall))
    terms = {line.split(",")[10] for line in (tmp_path / "out" / "classes.csv").read_text().splitlines()[1:]}
    if not cut:
        assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
        assert terms == {"201-Spring-2027-01-05"}  # published under its own ID (V602), filtered as "201-Spring"
        return
    assert result.exit_status == 1 and not result.report.published
    # the roster export under half of December's too where the fall is dropped (X907), and the removals counted
    assert {p.code.id for p in result.report.aborts} == ({"X710"} if fall else {"X710", "X907", "X906"})
    assert (result.report.examples["X710"][0].params["enrolled"], terms) == (36, {"201-Fall-2026-08-17"})


def _section_emptied(rows: Rows, *, rest: float = 0.0) -> Rows:
    """Every student row of 0482's spring section C0482-S2-3 gone, the section exported with its teacher (F412
    leaves it out), and `rest` of the other two's rows (every k-th) too: an export that lost whole sections."""
    spring = _spring(rows)
    whole = [e for e in spring if e["classSourcedId"] == f"C{CUT}-S2-3"]
    others = [e for e in spring if e["classSourcedId"] != f"C{CUT}-S2-3"]
    step = round(1 / rest) if rest else 0
    return _without(rows, whole + (others[::step] if step else []))


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "two-processes"])
@pytest.mark.parametrize(("rest", "enrolled"), [(0.0, 90), (0.25, 67)], ids=["one-whole-section", "and-a-fourth"])
def test_a_cut_emptying_whole_sections_does_not_lower_its_own_bar(
    fall_published: Path, tmp_path: Path, rest: float, enrolled: int, jobs: int
) -> None:
    """review206 R1: 0482's spring rows of one of its 3 sections all gone (and a fourth of the others'): the
    section, exported with its teacher, is left out (F412), so counted of the classes written the expected rows
    were scaled to 2 sections (90), and 67 of 135 published at exit 0. A section in tonight's classes export
    counts at the ended term's mean: refused, the emptied section said. With --jobs 2 (the default for a large
    export) the enrolments and F412 are the second process's: the same (review207 R1: it published at exit 0)."""
    folder = _copied(fall_published, tmp_path)
    result = _turn(folder, _section_emptied(_rows(fall=False), rest=rest), jobs=jobs)
    assert result.exit_status == 1 and not result.report.published
    said = result.report.examples["X710"][0]
    assert (said.params["enrolled"], said.params["expected"], said.params["sections"]) == (enrolled, 135, 3)
    assert "1 of its classes exported with no student (F412)" in str(said), str(said)


def test_students_of_a_cut_export_in_no_new_class_are_said(fall_published: Path, tmp_path: Path) -> None:
    folder = _copied(fall_published, tmp_path)
    said = _turn(folder, _students_cut(_rows(fall=False), 22)).report.examples["X710"][0]
    assert "22 of those 45 students keep under half of the ended term's classes they had there" in str(said), str(said)


def _advisory_emptied(rows: Rows) -> Rows:
    """0482's spring in 2 full sections (90 rows, as expected of 2), and its advisory (no term), which the last set
    held with every student, exported tonight with its teacher and none (F412)."""
    rows = _advisory(_fewer_fuller(rows), "")
    rows["enrollments.csv"] = [e for e in rows["enrollments.csv"] if e["classSourcedId"] != f"C{CUT}-ADV"]
    rows["enrollments.csv"].append(
        {"sourcedId": f"EADV-T{CUT}", "classSourcedId": f"C{CUT}-ADV", "schoolSourcedId": CUT}
        | {"userSourcedId": f"T{CUT}", "role": "teacher", "primary": "true"}
    )
    return rows


def test_a_class_the_last_set_held_emptied_tonight_is_none_of_the_new_terms_sections(tmp_path: Path) -> None:
    """Only a section of the new term exported with no student counts among its sections: 0482's advisory, held by
    the last set (its enrolments gone are a removal of their own, X906), would have made 2 full sections of 3
    expected, X710."""
    first = _night(tmp_path, "2026-12-01", _advisory(_rows(fall=True), ""), empty=False)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    result = _turn(tmp_path, _advisory_emptied(_rows(fall=True)))
    assert "F412" in result.report.counts
    assert "X710" not in result.report.counts and "thin_schedules" not in result.report.facts


def test_the_classes_exported_empty_counted_are_the_new_terms_the_last_set_did_not_hold() -> None:
    """published_ended._emptied_since on its own: of the classes F412 left out at school A, the new ones of the
    spring (begun since A's fall ended) and of no term known count; a year-long class's (begun before), one the
    last set held, and another school's do not."""
    year = Term("", "Year", dt.date(2026, 8, 10), dt.date(2027, 5, 27))
    empty_at = {
        "A-S2": ("A", "S2"),
        "A-none": ("A", ""),
        "A-Y": ("A", "Y"),
        "A-held": ("A", "S2"),
        "B-S2": ("B", "S2"),
    }
    found = published_ended._emptied_since(
        empty_at,
        {"A": FALL_END},
        {"A-held": ("A", "S2")},
        tonight=dt.date.fromisoformat(TURN),
        current={"S2": SPRING, "Y": year},
    )
    assert found == {"A": 2}


def _periods(rows: Rows, fall: bool, periods: int = 8) -> Rows:
    """0482 on a real timetable: `periods` sections a term (not 3), every student in each, and the year-long one."""
    for term in ("S1", "S2") if fall else ("S2",):
        for period in range(5, periods + 2):
            cid = f"C{CUT}-{term}-{period}"
            rows["classes.csv"].append(
                {"sourcedId": cid, "title": f"Class {cid}", "classCode": cid, "classType": "scheduled"}
                | {"schoolSourcedId": CUT, "termSourcedIds": term, "periods": str(period), "courseSourcedId": "K1"}
            )
            rows["enrollments.csv"] += [
                {"sourcedId": f"E{cid}-{user}", "classSourcedId": cid, "schoolSourcedId": CUT}
                | {"userSourcedId": user, "role": role, "primary": str(role == "teacher").lower()}
                for user, role in [(f"T{CUT}", "teacher")] + [(f"S{CUT}{n}", "student") for n in range(len(STUDENTS))]
            ]
    return rows


def _one_row_a_student(rows: Rows) -> Rows:
    """A join keeping one spring row of each 0482 student (DISTINCT ON the student): 45 of 135, every section kept
    with a third of its students."""
    return _without(
        rows, [e for e in _spring(rows) if int(e["classSourcedId"][-1]) != int(e["userSourcedId"][5:]) % 3 + 2]
    )


def _every_other_row(rows: Rows) -> Rows:
    """Every other of 0482's spring rows gone from a file sorted by student, then class: 68 of 135, the students in
    turn keeping 2 and 1 of their 3."""
    spring = sorted(_spring(rows), key=lambda e: (e["userSourcedId"], e["classSourcedId"]))
    return _without(rows, spring[1::2])


def _a_random_third(rows: Rows) -> Rows:
    """A third of 0482's spring rows gone at random (seed 1: 90 of 135 kept)."""
    return _without(rows, random.Random(1).sample(_spring(rows), 45))


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize(
    ("cut", "enrolled", "under"),
    [(_one_row_a_student, 45, 45), (_every_other_row, 68, 22), (_a_random_third, 90, 10)],
    ids=["one-row-a-student", "every-other-row-of-a-file-sorted-by-student", "a-random-third"],
)
def test_a_cut_beside_a_year_long_class_is_refused(
    fall_published: Path, tmp_path: Path, cut: object, enrolled: int, under: int, engine: str
) -> None:
    """review214: 0482's students in its 3 fall sections and a year-long class; tonight's export keeps fewer of
    their spring rows, every section still with students. Counted with the year-long class, each kept 2 of their
    4 (or 3): none under half, published at exit 0. Of the fall's 3 they keep 1 (or none): refused, said."""
    assert callable(cut)
    folder = _copied(fall_published, tmp_path)
    result = _turn(folder, cut(_rows(fall=False)), engine=engine)
    assert result.exit_status == 1 and not result.report.published, [str(p) for p in result.problems]
    assert {p.code.id for p in result.report.aborts} == {"X710"}
    said = result.report.examples["X710"][0]
    assert (said.params["enrolled"], said.params["expected"]) == (enrolled, 135)
    assert f"{under} of those 45 students keep under half of the ended term's classes" in str(said), str(said)


def _homerooms(rows: Rows, *, gone: int = 0) -> Rows:
    """0482 as an elementary school: each student in one homeroom a semester (C0482-S1-2, C0482-S2-2) and the
    year-long classes `rows` has (none: year=0); every row at 0482 of its first `gone` students missing."""
    keep = {f"C{CUT}-S1-2", f"C{CUT}-S2-2"}
    cut = {f"S{CUT}{n}" for n in range(gone)}
    rows["classes.csv"] = [
        c
        for c in rows["classes.csv"]
        if c["schoolSourcedId"] != CUT or c["sourcedId"] in keep or "-Y-" in c["sourcedId"]
    ]
    rows["enrollments.csv"] = [
        e
        for e in rows["enrollments.csv"]
        if e["schoolSourcedId"] != CUT
        or ((e["classSourcedId"] in keep or "-Y-" in e["classSourcedId"]) and e["userSourcedId"] not in cut)
    ]
    return rows


@pytest.mark.parametrize("gone", [22, 0], ids=["22-students-rows-gone", "whole"])
def test_an_elementary_schools_homeroom_rows_cut_are_refused(tmp_path: Path, gone: int) -> None:
    """A student's one class of the term lost is a choice only beside a class running on (a year-long school's
    Health not followed by PE): a school whose students each have one homeroom a term and nothing else, 22 of
    them without their spring homeroom row, is a cut (refused); whole, it publishes."""
    first = _night(tmp_path, "2026-12-01", _homerooms(district._rows(fall=True, spring=True, year=0)), empty=False)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    result = _turn(tmp_path, _homerooms(district._rows(fall=False, spring=True, year=0), gone=gone))
    if not gone:
        assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
        return
    assert result.exit_status == 1 and not result.report.published
    said = result.report.examples["X710"][0]
    assert "22 of those 45 students keep under half of the ended term's classes" in str(said), str(said)


@pytest.mark.parametrize(("cut", "under"), [(0.5, 19), (0.4, 7), (1 / 3, 3)], ids=["half", "two-fifths", "a-third"])
def test_a_random_cut_of_a_real_timetables_rows_is_refused(tmp_path: Path, cut: float, under: int) -> None:
    """review207 R2: 8 spring sections at 0482, each student in all of them, and `cut` of their 360 rows gone at
    random (the file's last row kept): every student keeps a class (a half cut leaves 1 in 256 in none), so the
    10 % in no class let 50 to 70 % of the rows through at exit 0. A student's load under half of theirs (9, the
    year-long class counted) is the cut's: refused, said. A third cut (120 rows) leaves 3 of the 45 under half
    (6.7 %; 9.5 % expected): refused at Thin.under's 5 %, which a bar of 10 % would publish (review214 R2)."""
    first = _night(tmp_path, "2026-12-01", _periods(_rows(fall=True), fall=True), empty=False)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    rows = _periods(_rows(fall=False), fall=False)
    spring = _spring(rows)
    result = _turn(tmp_path, _without(rows, random.Random(207).sample(spring[:-1], int(len(spring) * cut))))
    assert result.exit_status == 1 and not result.report.published
    said = result.report.examples["X710"][0]
    assert f"{under} of those 45 students keep under half of the ended term's classes" in str(said), str(said)


@pytest.mark.parametrize("kept", [6, 4])
def test_a_lighter_load_on_a_real_timetable_publishes(tmp_path: Path, kept: int) -> None:
    """Every 0482 student in `kept` of the 8 spring sections (a lighter spring, rotating): no student's load under
    half (`kept` + 1 of 9), published."""
    assert _night(tmp_path, "2026-12-01", _periods(_rows(fall=True), fall=True), empty=False).exit_status == 0
    rows = _periods(_rows(fall=False), fall=False)
    period = {cid: n for n, cid in enumerate(sorted({e["classSourcedId"] for e in _spring(rows)}))}
    gone = [e for e in _spring(rows) if (int(e["userSourcedId"][5:]) + period[e["classSourcedId"]]) % 8 >= kept]
    result = _turn(tmp_path, _without(rows, gone))
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]


def _year_long_school(*, fall: bool, spring_pe: int) -> Rows:
    """0482 of 3 year-long classes: Health (C0482-S1-2) the fall's only, every student, PE (C0482-S2-2) the
    spring's only, `spring_pe` of them; the others' load is the year-long classes."""
    rows = district._rows(fall=fall, spring=True, year=3)
    keep = {f"C{CUT}-S1-2", f"C{CUT}-S2-2"}
    rows["classes.csv"] = [
        c
        for c in rows["classes.csv"]
        if c["schoolSourcedId"] != CUT or "-Y" in c["sourcedId"] or c["sourcedId"] in keep
    ]
    rows["enrollments.csv"] = [
        e
        for e in rows["enrollments.csv"]
        if e["schoolSourcedId"] != CUT
        or "-Y" in e["classSourcedId"]
        or (e["classSourcedId"] == f"C{CUT}-S1-2")
        or (
            e["classSourcedId"] == f"C{CUT}-S2-2"
            and (e["role"] != "student" or int(e["userSourcedId"][5:]) < spring_pe)
        )
    ]
    return rows


def test_a_small_schools_students_own_choices_publish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A school of 6 students (18 fall rows): 2 of them in no spring section (independent study), 12 rows, under
    three quarters but short by less than 3 square roots of 18 (12.7): what a small school's students' own choices
    move, published (Thin.noise)."""
    monkeypatch.setattr(district, "NAMES", STUDENTS[:6])
    assert _night(tmp_path, "2026-12-01", _rows(fall=True), empty=False).exit_status == 0
    rows = _rows(fall=False)
    result = _turn(tmp_path, _without(rows, [e for e in _spring(rows) if e["userSourcedId"] in {"S04820", "S04821"}]))
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]


def _advisory(rows: Rows, terms: str) -> Rows:
    """0482's advisory class, all year: no term ID (F420), or a known one with an unknown ("Y,ZZ")."""
    cid = f"C{CUT}-ADV"
    rows["classes.csv"].append(
        {"sourcedId": cid, "title": "Advisory", "classCode": "ADV", "classType": "homeroom"}
        | {"schoolSourcedId": CUT, "termSourcedIds": terms, "periods": "0", "courseSourcedId": "K1"}
    )
    for n in range(len(STUDENTS)):
        rows["enrollments.csv"].append(
            {"sourcedId": f"EADV{n}", "classSourcedId": cid, "schoolSourcedId": CUT}
            | {"userSourcedId": f"S{CUT}{n}", "role": "student", "primary": "false"}
        )
    return rows


@pytest.mark.parametrize(
    ("terms", "held"),
    [("", True), ("Y,ZZ", True), ("Y,ZZ", False)],
    ids=["no-term", "a-known-and-an-unknown-term", "new-tonight-with-a-known-and-an-unknown-term"],
)
def test_a_break_night_with_an_advisory_the_last_set_held_publishes(tmp_path: Path, terms: str, held: bool) -> None:
    """review206 R3: the fall dropped by the SIS on the break's first night (2026-12-21, the spring begins 01-05),
    0482's advisory published all year with no term (or 'Y,ZZ'), or new tonight under the running year and an
    unknown term: it is no class of a term nobody can judge that may have begun, so 0482 is between terms,
    published (it was X906 "0 for 3 gone" every break night)."""
    december = _rows(fall=True)
    first = _night(tmp_path, "2026-12-01", _advisory(december, terms) if held else december, empty=False)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    result = _night(tmp_path, "2026-12-21", _advisory(_rows(fall=False), terms), empty=False)
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    assert "thin_followers" not in result.report.facts


def test_a_new_class_of_an_unknown_term_on_a_break_night_is_said_as_such(tmp_path: Path) -> None:
    """The same night, 0482's advisory new tonight with no term (F420): a class no lookup judges, which may be of a
    term begun, so 0482 is not known to be between terms: taken back (review200 R1), and the step names the terms
    not known, not "too few classes"."""
    assert _night(tmp_path, "2026-12-01", _rows(fall=True), empty=False).exit_status == 0
    result = _night(tmp_path, "2026-12-21", _advisory(_rows(fall=False), ""), empty=False)
    assert result.exit_status == 1 and not result.report.published
    assert result.report.facts["thin_followers"] == {CUT: [0, 3, 1]}
    step = summary.next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert "terms export does not hold" in step and "too few classes" not in step, step


def test_a_hold_back_districts_cut_emptying_whole_sections_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Harbor (sections with no term ID, judged by hold-back's dates): 2 of the 5 spring sections' rows all gone,
    a fifth of the other three's too, 72 of 150 rows: the emptied sections, term-less, the last set never held,
    count as the new term's on the turn night (review206 R1: 3 sections' 90 expected, published at exit 0)."""
    from tests import test_new_profile_looks as harbor

    first = district._harbor_night(tmp_path, monkeypatch, "2027-01-15", district.FALL + district.YEAR, empty=False)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    monkeypatch.setattr(harbor, "SECTIONS", district.SPRING + district.YEAR)
    folder = harbor._district(tmp_path / "2027-01-19", term="")
    spring = {key for key, *_ in district.SPRING}
    gone = {district.SPRING[0][0], district.SPRING[1][0]}
    schedule = folder / "ex" / "Schedule.csv"
    lines = [line.split(",") for line in schedule.read_text().splitlines()]
    kept = [r for r in lines if not (r[1] in gone or (r[1] in spring and r[0].isdigit() and int(r[0]) % 5 == 0))]
    schedule.write_text("\n".join(",".join(r) for r in kept) + "\n")
    result = harbor._run(folder, tmp_path / "out", dt.date(2027, 1, 19))
    assert result.exit_status == 1 and not result.report.published
    said = result.report.examples["X710"][0]
    assert (said.params["enrolled"], said.params["expected"], said.params["sections"]) == (72, 150, 5), str(said)


@pytest.mark.parametrize("spring_pe", [20, 0])
def test_a_school_of_year_long_classes_with_a_semesters_class_each_term_publishes(
    tmp_path: Path, spring_pe: int
) -> None:
    """review207 R3: 0482's students in 3 year-long classes, the fall's Health (45 rows) and the spring's PE
    (`spring_pe` of them): under three quarters of the rows, but each student keeps 3 or 4 of the fall's 4:
    published (it was X710 every night, its words "25 of those 45 students are in none of the new term's
    classes" of students in 3 classes)."""
    first = _night(tmp_path, "2026-12-01", _year_long_school(fall=True, spring_pe=spring_pe), empty=False)
    assert first.exit_status == 0, [str(p) for p in first.problems]
    result = _turn(tmp_path, _year_long_school(fall=False, spring_pe=spring_pe))
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    assert "X710" not in result.report.counts
