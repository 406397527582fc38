"""A SIS job that exports the sections and schedules of the terms containing tonight only (the
`FirstDay <= today <= LastDay` filter the research notes list), night after night with the state
carried, on the nights between two terms (tester73 F1, F1b).

The day after a semester's last day such a job drops the semester's sections and schedules,
while its next semester has not begun (a weekend, a winter break), and the day after a school's
last day of the year it drops all of that school's, while other schools run on. The last set's
classes of the ended term are gone from tonight's exports; terms.txt still dates the term, as the
last set did. That is a term change, not a loss: published at exit 0 (X937 over the limit), the
students left in no class until their school's next term are no X997/X897 case, and the sections
and schedules exports that shrank with the ended term's rows are no X907 case.

What must stay refused: an enrolments export cut on such a night (a running term's rows gone), a
school's sections of a running term filtered out, a terms export that lost the ended term's row
(the last set's dates alone excuse nothing), a term whose end tonight's terms export moved
earlier than the last set recorded; a school whose next semester begins with none of its
sections exported, on any night after the break night that published the removal (reviewer92
R1: X977 every night until they come); another school's row of the same name and dates standing
in for the class's own school's (reviewer92 R2).

The PowerSchool sample district: school 100's Semester 1 ends Friday 8 January, its Semester 2
starts Monday the 11th; school 200's Semester 1 ends Friday 15 January, its Semester 2 starts
Tuesday the 19th; both run year-long classes to 28 May.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline.ended_gone import TermsTonight, awaited
from transform.pipeline.filters import Term

Edit = Callable[[Path], None]
LAST_DAY_200 = dt.date(2027, 1, 15)  # school 200's Semester 1 ends (a Friday)
SATURDAY = dt.date(2027, 1, 16)
SEMESTER_1_AT_200 = {"2003", "2008"}  # its classes published (2004, 2005 are left out by the profile)


def _date(text: str) -> dt.date:
    month, day, year = text.split("/")
    return dt.date(int(year), int(month), int(day))


def _lines(path: Path) -> tuple[str, list[list[str]]]:
    header, *rows = path.read_bytes().decode("utf-8").split("\r\n")
    return header, [row.split("\t") for row in rows if row]


def _write(path: Path, header: str, rows: list[list[str]]) -> None:
    path.write_bytes("\r\n".join([header, *("\t".join(row) for row in rows), ""]).encode("utf-8"))


def exported_on(folder: Path, night: dt.date, *, edit: Edit | None = None, after: Edit | None = None) -> Path:
    """The sample district's exports as the job makes them on `night`: terms.txt whole (after
    `edit`, which may change any file before the filter), the sections and schedules of the terms
    containing the night at each school only (`after` changes the files once they are filtered)."""
    exports = folder / f"in-{night.isoformat()}"
    shutil.rmtree(exports, ignore_errors=True)
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    if edit is not None:
        edit(exports)
    _, terms = _lines(exports / "terms.txt")
    running = {(row[1], row[0]) for row in terms if _date(row[5]) <= night <= _date(row[6])}
    for name, school, term in (("sections.txt", 1, 4), ("cc.txt", 3, 2)):
        header, rows = _lines(exports / name)
        _write(exports / name, header, [row for row in rows if (row[school], row[term].lstrip("-")) in running])
    if after is not None:
        after(exports)
    return exports


def run(exports: Path, out: Path, night: dt.date) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=night))


def class_ids(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def published_on_the_last_day(tmp_path: Path, *, edit: Edit | None = None) -> Path:
    out = tmp_path / "out"
    result = run(exported_on(tmp_path, LAST_DAY_200, edit=edit), out, LAST_DAY_200)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert class_ids(out) >= SEMESTER_1_AT_200
    return out


def test_the_weekend_after_a_semester_publishes_its_classes_removal(tmp_path: Path) -> None:
    """Saturday: school 200's Semester 1 sections are no longer exported (2 of the 10 classes,
    over the 10 % limit). Was: X906 every night until Semester 2's first day, its step saying
    'no new term does that'. Now: published at exit 0, X937 naming the term, the year-long classes
    kept, no refusal code."""
    out = published_on_the_last_day(tmp_path)
    before = class_ids(out)
    result = run(exported_on(tmp_path, SATURDAY), out, SATURDAY)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert class_ids(out) == before - SEMESTER_1_AT_200
    said = {p.code.id for p in result.problems} | set(result.report.counts)
    assert not said & {"X906", "X907", "X997", "X897"}
    (change,) = [p for p in result.report.examples["X937"] if p.params["table"] == "classes"]
    assert change.params["explained"] == 2 and change.params["unexplained"] == 0
    assert "Semester 1 ended 2027-01-15" in change.message


def test_a_schools_last_day_of_the_year_while_the_other_runs_on(tmp_path: Path) -> None:
    """School 100's year ends 14 May (its year-long classes and Semester 2 with it), school 200's
    on 28 May. From the 15th the job exports school 200's sections only: school 100's students are
    in no class by the calendar, and sections.txt and cc.txt have under half of their rows. Was:
    X906, X997, then X907 every night to 28 May. Now published at exit 0, school 200 untouched."""

    def early_year_end(exports: Path) -> None:
        header, rows = _lines(exports / "terms.txt")
        for row in rows:
            if row[1] == "100" and row[6] == "05/28/2027":
                row[6] = "05/14/2027"
        _write(exports / "terms.txt", header, rows)

    out = tmp_path / "out"
    last_day = dt.date(2027, 5, 14)
    assert run(exported_on(tmp_path, last_day, edit=early_year_end), out, last_day).report.published
    held = class_ids(out)
    for night in (dt.date(2027, 5, 15), dt.date(2027, 5, 17)):
        result = run(exported_on(tmp_path, night, edit=early_year_end), out, night)
        assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, night
        assert not {p.code.id for p in result.problems} & {"X906", "X907", "X997", "X897"}, night
    left = class_ids(out)
    assert left and all(class_id.startswith("2") for class_id in left)
    assert left == {class_id for class_id in held if class_id.startswith("2")}


def test_an_enrolments_export_cut_on_the_same_night_is_still_refused(tmp_path: Path) -> None:
    """Saturday, and the schedules of school 200's year-long classes cut too: a running term's
    rows gone, its students in no class. Refused, the last set left as it was."""
    out = published_on_the_last_day(tmp_path)
    published = (out / "enrollments.csv").read_bytes()

    def cut(exports: Path) -> None:
        header, rows = _lines(exports / "cc.txt")
        _write(exports / "cc.txt", header, [row for row in rows if (row[3], row[2]) != ("200", "3600")])

    result = run(exported_on(tmp_path, SATURDAY, edit=cut), out, SATURDAY)
    assert result.exit_status == 1 and not result.report.published
    assert {p.code.id for p in result.problems} & {"X906", "X997", "X897"}
    assert (out / "enrollments.csv").read_bytes() == published


def test_a_schools_running_sections_filtered_out_on_the_same_night_are_still_refused(tmp_path: Path) -> None:
    """Saturday, and school 200's year-long sections missing too: classes of a running term gone."""
    out = published_on_the_last_day(tmp_path)

    def filtered(exports: Path) -> None:
        header, rows = _lines(exports / "sections.txt")
        _write(exports / "sections.txt", header, [row for row in rows if (row[1], row[4]) != ("200", "3600")])

    result = run(exported_on(tmp_path, SATURDAY, edit=filtered), out, SATURDAY)
    assert result.exit_status == 1 and not result.report.published
    assert "X906" in {p.code.id for p in result.problems}
    assert class_ids(out) >= SEMESTER_1_AT_200


def test_a_terms_export_without_the_ended_terms_row_excuses_nothing(tmp_path: Path) -> None:
    """Saturday, and terms.txt lost school 200's Semester 1 row: the last set's dates alone say
    the term ended, tonight's exports say nothing of it. Refused (X906), as before."""
    out = published_on_the_last_day(tmp_path)

    def lost_row(exports: Path) -> None:
        header, rows = _lines(exports / "terms.txt")
        _write(exports / "terms.txt", header, [row for row in rows if (row[1], row[0]) != ("200", "3601")])

    result = run(exported_on(tmp_path, SATURDAY, edit=lost_row), out, SATURDAY)
    assert result.exit_status == 1 and not result.report.published
    assert "X906" in {p.code.id for p in result.problems}


def test_a_term_end_moved_earlier_than_the_last_set_recorded_excuses_nothing(tmp_path: Path) -> None:
    """The last set was made on 13 January with school 200's Semester 1 to end on the 15th; on
    Saturday terms.txt says it ended on the 12th, before that set was made: not the term the last
    set held (X948's kind). Refused."""
    out = tmp_path / "out"
    made = dt.date(2027, 1, 13)
    assert run(exported_on(tmp_path, made), out, made).report.published

    def moved(exports: Path) -> None:
        header, rows = _lines(exports / "terms.txt")
        for row in rows:
            if (row[1], row[0]) == ("200", "3601"):
                row[6] = "01/12/2027"
        _write(exports / "terms.txt", header, rows)

    result = run(exported_on(tmp_path, SATURDAY, edit=moved), out, SATURDAY)
    assert result.exit_status == 1 and not result.report.published
    assert class_ids(out) >= SEMESTER_1_AT_200


def test_a_next_semester_begun_without_its_sections_excuses_nothing(tmp_path: Path) -> None:
    """No night between: the set of the 15th, then Wednesday the 20th, school 200's Semester 2
    begun but none of its sections exported (the job stuck on the year-long ones). The ended
    semester's classes gone is no term change while no class of the next one is there: refused."""
    out = published_on_the_last_day(tmp_path)
    wednesday = dt.date(2027, 1, 20)

    def stuck(exports: Path) -> None:
        header, rows = _lines(exports / "sections.txt")
        _write(exports / "sections.txt", header, [row for row in rows if (row[1], row[4]) != ("200", "3602")])

    result = run(exported_on(tmp_path, wednesday, edit=stuck), out, wednesday)
    assert result.exit_status == 1 and not result.report.published
    assert "X906" in {p.code.id for p in result.problems}
    assert class_ids(out) >= SEMESTER_1_AT_200


def _dated(school: str, term: str, first: str, last: str) -> Edit:
    def edit(exports: Path) -> None:
        header, rows = _lines(exports / "terms.txt")
        for row in rows:
            if (row[1], row[0]) == (school, term):
                row[5], row[6] = first, last
        _write(exports / "terms.txt", header, rows)

    return edit


def _semester_2_stuck(exports: Path) -> None:
    for name, school, term in (("sections.txt", 1, 4), ("cc.txt", 3, 2)):
        header, rows = _lines(exports / name)
        _write(exports / name, header, [row for row in rows if (row[school], row[term].lstrip("-")) != ("200", "3602")])


def test_a_next_semester_never_exported_after_the_break_night_is_refused_every_night(tmp_path: Path) -> None:
    """Reviewer92 R1: the weekend publishes Semester 1's removal; from Tuesday the 19th school 200's
    Semester 2 runs and none of its sections ever come (a job stuck on the year-long ones). Nothing
    is removed on those nights any more, so the removal limit cannot see it: last.json keeps the
    school waiting for its next term, and each night it runs with none of its classes is refused
    (X977 at school 200), the set of the weekend left as it was."""
    out = published_on_the_last_day(tmp_path)
    assert run(exported_on(tmp_path, SATURDAY), out, SATURDAY).report.published
    weekend = class_ids(out)
    for night in (dt.date(2027, 1, 19), dt.date(2027, 1, 20), dt.date(2027, 3, 1)):
        result = run(exported_on(tmp_path, night, edit=_semester_2_stuck), out, night)
        assert result.exit_status == 1 and not result.report.published, night
        (hole,) = [p for p in result.problems if p.code.id == "X977"]
        assert "at school 200" in hole.message and "'Semester 2', 2027-01-19 to 2027-05-28" in hole.message
        assert class_ids(out) == weekend


def test_the_next_semester_exported_on_its_first_day_ends_the_wait(tmp_path: Path) -> None:
    """The same weekend, then Semester 2's sections exported on its first day: published at exit 0,
    and last.json no longer waits for school 200 (a later night is judged as any other)."""
    out = published_on_the_last_day(tmp_path)
    assert run(exported_on(tmp_path, SATURDAY), out, SATURDAY).report.published
    state = json.loads((out.parent / ".out.transform" / "last.json").read_text(encoding="utf-8"))
    assert state["next_terms_awaited"] == {"200": "2027-01-15"}
    tuesday = dt.date(2027, 1, 19)
    result = run(exported_on(tmp_path, tuesday), out, tuesday)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert {"2006", "2007"} <= class_ids(out)
    state = json.loads((out.parent / ".out.transform" / "last.json").read_text(encoding="utf-8"))
    assert "next_terms_awaited" not in state


def test_another_schools_row_of_the_same_dates_excuses_nothing(tmp_path: Path) -> None:
    """Reviewer92 R2: schools 100 and 200 share Semester 1's dates (to Friday the 15th) and Semester
    2's (from Tuesday the 19th). On Saturday the SIS extends school 200's Semester 1 to the 22nd,
    but the job, filtering on the district calendar, drops school 200's Semester 1 sections: its
    classes run on. School 100's row, unchanged, is no word on school 200's term: refused (X906),
    Saturday and Monday, school 200's Semester 1 classes kept."""

    def same_calendar(exports: Path) -> None:
        _dated("100", "3601", "08/17/2026", "01/15/2027")(exports)
        _dated("100", "3602", "01/19/2027", "05/28/2027")(exports)

    def extended(exports: Path) -> None:
        same_calendar(exports)
        _dated("200", "3601", "08/17/2026", "01/22/2027")(exports)

    out = published_on_the_last_day(tmp_path, edit=same_calendar)
    for night in (SATURDAY, dt.date(2027, 1, 18)):
        result = run(exported_on(tmp_path, night, edit=same_calendar, after=extended), out, night)
        assert result.exit_status == 1 and not result.report.published, night
        assert "X906" in {p.code.id for p in result.problems}
        assert class_ids(out) >= SEMESTER_1_AT_200


def test_a_summer_session_no_class_uses_after_the_years_end_is_awaited_by_nobody(tmp_path: Path) -> None:
    """Reviewer99 R1: school 100's year (its year-long row and Semester 2) ends 14 May, and its
    terms export also dates a Summer Session from the 24th that none of its sections use (a row
    kept for a few students' credit recovery). The year is over: nothing is awaited after it. Was:
    X977 'leaves out the school's new term' every night of the session, about six weeks each
    summer. Now published at exit 0, no X977, and last.json waits for no school."""

    def summer_after_an_early_year_end(exports: Path) -> None:
        header, rows = _lines(exports / "terms.txt")
        for row in rows:
            if row[1] == "100" and row[6] == "05/28/2027":
                row[6] = "05/14/2027"
        rows.append(["3603", "100", "36", "Summer Session", "SS", "05/24/2027", "07/02/2027", "0"])
        _write(exports / "terms.txt", header, rows)

    out = tmp_path / "out"
    last_day = dt.date(2027, 5, 14)
    assert run(exported_on(tmp_path, last_day, edit=summer_after_an_early_year_end), out, last_day).report.published
    for night in (dt.date(2027, 5, 15), dt.date(2027, 5, 24), dt.date(2027, 5, 27)):
        result = run(exported_on(tmp_path, night, edit=summer_after_an_early_year_end), out, night)
        assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, night
        assert "X977" not in {p.code.id for p in result.problems}, night
        state = json.loads((out.parent / ".out.transform" / "last.json").read_text(encoding="utf-8"))
        assert "next_terms_awaited" not in state, night
    assert class_ids(out) and all(class_id.startswith("2") for class_id in class_ids(out))


def test_a_damaged_wait_in_last_json_stops_the_run(tmp_path: Path) -> None:
    """Reviewer99 R2: after the weekend last.json waits for school 200's next term; hand-edited to
    a string, a list or a day that is no date, it was read as no wait, and Tuesday's set without
    Semester 2 published at exit 0. Now each is refused (X930 naming the key), the weekend's set
    kept; with the key removed (a state an older version wrote) the night is judged as before."""
    out = published_on_the_last_day(tmp_path)
    assert run(exported_on(tmp_path, SATURDAY), out, SATURDAY).report.published
    weekend = class_ids(out)
    path = out.parent / ".out.transform" / "last.json"
    written = json.loads(path.read_text(encoding="utf-8"))
    tuesday = dt.date(2027, 1, 19)
    exports = exported_on(tmp_path, tuesday, edit=_semester_2_stuck)
    for damage in ("garbage", ["200"], {"200": "2027-13-45"}):
        path.write_text(json.dumps({**written, "next_terms_awaited": damage}), encoding="utf-8")
        result = run(exports, out, tuesday)
        assert result.exit_status == 1 and not result.report.published, damage
        (problem,) = [p for p in result.problems if p.code.id == "X930"]
        assert "'next_terms_awaited'" in problem.message, damage
        assert class_ids(out) == weekend
    # cal55b's reviewer R3, R4: the students the ended term's classes held, damaged; read past, "13"
    # was no count and Tuesday's Semester 2 with 3 of the 13 published at exit 0; {"200": "13"} crashed
    partial = exported_on(tmp_path, tuesday, after=_semester_2_for(4))
    for damage in ("13", {"200": "13"}, {"200": True}, {"200": -1}):
        path.write_text(json.dumps({**written, "next_terms_students": damage}), encoding="utf-8")
        result = run(partial, out, tuesday)
        assert result.exit_status == 1 and not result.report.published, damage
        (problem,) = [p for p in result.problems if p.code.id == "X930"]
        assert "'next_terms_students'" in problem.message, damage
        # one step, X930's: moved aside, F452 (exit 1); removing the key was the wait's end (reviewer150 R3)
        assert "move it aside" in problem.message and "remove the key" not in problem.message, damage
        assert class_ids(out) == weekend
    path.write_text(json.dumps({k: v for k, v in written.items() if k != "next_terms_awaited"}), encoding="utf-8")
    result = run(exported_on(tmp_path, tuesday), out, tuesday)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert {"2006", "2007"} <= class_ids(out)


def test_a_row_the_school_does_not_use_dated_as_another_schools_term_makes_no_hole(tmp_path: Path) -> None:
    """Reviewer99 R4: school 200's terms export also dates a 'Spring Block' from 11 January to 28
    May that none of its sections use, the dates of school 100's Semester 2, which school 100's
    classes hold. On Saturday the row runs at school 200 with none of its classes; it is no term
    the last set held there, so no hole. Was: X906, the F1 shape again. Now published at exit 0."""

    def unused_block(exports: Path) -> None:
        header, rows = _lines(exports / "terms.txt")
        rows.append(["3605", "200", "36", "Spring Block", "SB", "01/11/2027", "05/28/2027", "0"])
        _write(exports / "terms.txt", header, rows)

    out = published_on_the_last_day(tmp_path, edit=unused_block)
    before = class_ids(out)
    result = run(exported_on(tmp_path, SATURDAY, edit=unused_block), out, SATURDAY)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published
    assert not {p.code.id for p in result.problems} & {"X906", "X907", "X977"}
    assert class_ids(out) == before - SEMESTER_1_AT_200


def test_x977_says_when_the_school_has_no_class_exported_at_all(tmp_path: Path) -> None:
    """Reviewer99 R5: the wait's X977 said 'the school's classes exported are of earlier or year-long
    terms only' also when the exports held no class of the school. Tuesday with none of school
    200's sections exported: refused, and X977 says the exports hold no class of the school."""
    out = published_on_the_last_day(tmp_path)
    assert run(exported_on(tmp_path, SATURDAY), out, SATURDAY).report.published

    def school_200_gone(exports: Path) -> None:
        for name, school in (("sections.txt", 1), ("cc.txt", 3)):
            header, rows = _lines(exports / name)
            _write(exports / name, header, [row for row in rows if row[school] != "200"])

    tuesday = dt.date(2027, 1, 19)
    result = run(exported_on(tmp_path, tuesday, after=school_200_gone), out, tuesday)
    assert result.exit_status == 1 and not result.report.published
    (hole,) = [p for p in result.problems if p.code.id == "X977" and "at school 200" in p.message]
    assert "the exports hold no class of the school at all" in hole.message
    assert "earlier or year-long terms only" not in hole.message


def test_a_next_semesters_sections_without_their_schedule_rows_end_no_wait(tmp_path: Path) -> None:
    """Reviewer99 R3: from Tuesday school 200's Semester 2 sections are exported but none of their
    cc.txt rows (the schedule job stuck). The sections are left out as classes with no students, so
    none of Semester 2 reaches Remind; the term was in tonight's set, which ended the wait: exit 0
    all term. Now the wait ends only with a class of the new term holding an enrolment: X977, said as
    X873 (the sections exported, their schedule rows not: tester60 N3)."""
    out = published_on_the_last_day(tmp_path)
    assert run(exported_on(tmp_path, SATURDAY), out, SATURDAY).report.published
    weekend = class_ids(out)

    def schedule_stuck(exports: Path) -> None:
        header, rows = _lines(exports / "cc.txt")
        _write(exports / "cc.txt", header, [row for row in rows if (row[3], row[2].lstrip("-")) != ("200", "3602")])

    tuesday = dt.date(2027, 1, 19)
    result = run(exported_on(tmp_path, tuesday, after=schedule_stuck), out, tuesday)
    assert result.exit_status == 1 and not result.report.published
    # Its sections are exported: the schedule export is what lacks the term (X873, tester60 N3).
    (hole,) = [p for p in result.problems if p.code.id == "X873" and "at school 200" in p.message]
    assert "'Semester 2', 2027-01-19 to 2027-05-28" in hole.message
    assert "sections of 'Semester 2'" in hole.message and "schedule" in hole.message
    assert class_ids(out) == weekend


def _school_without_a_year_row(tonight: dt.date) -> TermsTonight:
    """School 300 dates two semesters and a summer session 17 days after Semester 2, and no
    year-long row; tonight's set holds none of its classes."""
    rows = [
        Term("300", "Semester 1", dt.date(2026, 8, 17), dt.date(2027, 1, 8)),
        Term("300", "Semester 2", dt.date(2027, 1, 11), dt.date(2027, 5, 28)),
        Term("300", "Summer Session", dt.date(2027, 6, 14), dt.date(2027, 7, 23)),
    ]
    return TermsTonight(rows, tonight, dt.date(2027, 1, 8))


def test_a_summer_session_within_weeks_of_a_school_year_without_a_year_row_is_awaited_by_nobody() -> None:
    """Cal55's reviewer R3: a school without a year-long row waited for any row starting within
    NEXT_TERM_DAYS (35) of its last term, in the same school year: its summer session, which no
    class uses, was its 'next term', and every night of it refused (X977). Its year is over when no
    term of a quarter or longer follows. Between its semesters, the wait and the hole stay."""
    summer = _school_without_a_year_row(dt.date(2027, 6, 15))
    summer.gone_at["300"] = dt.date(2027, 5, 28)
    assert awaited(summer, {}, year_long_days=200) == ({}, [])
    winter = _school_without_a_year_row(dt.date(2027, 1, 12))
    winter.gone_at["300"] = dt.date(2027, 1, 8)
    keep, holes = awaited(winter, {}, year_long_days=200)
    assert keep == {"300": "2027-01-08"} and [hole.row.name for hole in holes] == ["Semester 2"]


def _holes_after(rows: list[Term], gone: dt.date, tonight: dt.date) -> tuple[dict[str, str], list[str]]:
    terms = TermsTonight(rows, tonight, gone)
    terms.gone_at[rows[0].school] = gone
    keep, holes = awaited(terms, {}, year_long_days=200)
    return keep, [hole.row.name for hole in holes]


def test_a_last_quarter_or_trimester_shorter_than_eight_weeks_is_still_awaited() -> None:
    """Cal55b's reviewer R1: a school without a year-long row ended its wait when no term of 56 days
    or more followed, so a quarters school's Q4 after spring break (29 March to 20 May, 52 days)
    or a trimester T3 (15 March to 7 May, 53 days) never exported was a 'summer session': the set
    without it published at exit 0. A term is now judged against the school's own earlier terms
    that year: both awaited (X977); a 60-day summer after two semesters still is not."""
    d = dt.date
    quarters = [
        Term("300", "Q1", d(2026, 8, 17), d(2026, 10, 16)),
        Term("300", "Q2", d(2026, 10, 19), d(2027, 1, 8)),
        Term("300", "Q3", d(2027, 1, 11), d(2027, 3, 19)),
        Term("300", "Q4", d(2027, 3, 29), d(2027, 5, 20)),
    ]
    assert _holes_after(quarters, d(2027, 3, 19), d(2027, 4, 5)) == ({"300": "2027-03-19"}, ["Q4"])
    trimesters = [
        Term("400", "T1", d(2026, 8, 17), d(2026, 11, 20)),
        Term("400", "T2", d(2026, 11, 30), d(2027, 3, 5)),
        Term("400", "T3", d(2027, 3, 15), d(2027, 5, 7)),
    ]
    assert _holes_after(trimesters, d(2027, 3, 5), d(2027, 3, 16)) == ({"400": "2027-03-05"}, ["T3"])
    semesters = [
        Term("500", "Semester 1", d(2026, 8, 17), d(2027, 1, 8)),
        Term("500", "Semester 2", d(2027, 1, 11), d(2027, 5, 28)),
        Term("500", "Summer", d(2027, 6, 7), d(2027, 8, 6)),
    ]
    assert _holes_after(semesters, d(2027, 5, 28), d(2027, 6, 14)) == ({}, [])


def _semester_2_for(students: int) -> Edit:
    """School 200's Semester 2 section (2006, all 14 students of Semester 1) exported with the
    cc.txt rows of its first `students` students only."""

    def edit(exports: Path) -> None:
        header, rows = _lines(exports / "cc.txt")
        new = [row for row in rows if (row[3], row[1]) == ("200", "2006")]
        kept = {row[0] for row in new[:students]}
        _write(exports / "cc.txt", header, [row for row in rows if row not in new or row[0] in kept])

    return edit


def test_a_next_semester_arrived_in_part_ends_no_wait(tmp_path: Path) -> None:
    """Cal55's reviewer R2: after the weekend, Tuesday's exports hold school 200's Semester 2 with 4
    of its cc.txt rows, 3 students of the set (the schedule job cut short): a class of the new term
    with an enrolment ended the wait, published at exit 0, and the rest of the term never arriving
    was silent. Now the new term's classes must hold at least half the students the ended term's
    held there (13): X977, saying 3 of 13. With 8 rows, 7 of 13 (a term of fewer electives), it arrives, published."""
    out = published_on_the_last_day(tmp_path)
    assert run(exported_on(tmp_path, SATURDAY), out, SATURDAY).report.published
    weekend = class_ids(out)
    state = json.loads((out.parent / ".out.transform" / "last.json").read_text(encoding="utf-8"))
    assert state["next_terms_students"] == {"200": 13}
    tuesday = dt.date(2027, 1, 19)
    result = run(exported_on(tmp_path, tuesday, after=_semester_2_for(4)), out, tuesday)
    assert result.exit_status == 1 and not result.report.published
    (hole,) = [p for p in result.problems if p.code.id == "X977" and "at school 200" in p.message]
    assert "hold 3 students, under half of the 13" in hole.message, hole.message
    # cal55b's reviewer R2: a term of fewer students is told its way out
    assert "really holds fewer students (fewer electives), --allow-incomplete publishes it" in hole.message
    assert class_ids(out) == weekend
    result = run(exported_on(tmp_path, tuesday, after=_semester_2_for(8)), out, tuesday)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "2006" in class_ids(out)
