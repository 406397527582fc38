"""A new semester's sections exported with no schedule rows beside year-long classes that list
their marking periods (tester64 A1).

eSchoolPLUS lists a section once per marking period it meets in (SCHD_MS_MP): a year-long class
is a class of marking periods 1 to 4, and tonight's set lists only its running and later ones
(3 and 4 on semester 2's first day), the very terms of semester 2's sections. On that day a
schedule export without semester 2's rows left the semester 1 classes ended (X937), the semester
2 sections empty (F412, info), and the students in their one year-long class: counted as a class
of the new term, it ended the school's wait, and the set was published at exit 0 with every
student in PE only. A class the last set held in a term that has ended is no class of the new term.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

from tests.test_calendar_moves import classes, codes_of
from tests.test_marking_periods_ended import night
from transform.pipeline.ended_gone import term_called
from transform.pipeline.filters import Term, _note_spanning, _terms_run_on
from transform.pipeline.rows import Draft, SourceRow
from transform.profile.compile import DEFAULT_WINDOW_DAYS, DEFAULT_YEAR_LONG_DAYS, TermFilterPlan

KIDS = [str(600201 + n) for n in range(12)]
YEAR_LONG = {"5010": "1234"}
S1 = {"5011": "12", "5012": "12", "5013": "12"}
S2 = {"5021": "34", "5022": "34", "5023": "34"}
REG_HEADER = ["STUDENT_ID", "BUILDING", "GRADE", "CURRENT_STATUS", "FIRST_NAME", "MIDDLE_NAME", "LAST_NAME"]
REG_HEADER += ["BIRTHDATE", "STUDENT_EMAIL", "LANGUAGE"]


def _file(folder: Path, name: str, rows: list[list[str]]) -> None:
    (folder / name).write_text("".join("^".join(row) + "^#!#\r\n" for row in rows), encoding="cp1252")


def exports(folder: Path, *, s2_scheduled: bool, periods: str = "1234") -> Path:
    """A high school (20) of 12 students in a year-long PE and three sections each semester;
    `s2_scheduled`: whether the schedule export holds semester 2's rows; `periods`: the marking
    periods SCHD_MS_MP lists the sections in."""
    folder.mkdir(parents=True)
    sections = {**YEAR_LONG, **S1, **S2}
    _file(folder, "REG_BUILDING.txt", [["BUILDING", "NAME"], ["20", "Ozark High School"]])
    _file(
        folder,
        "REG.txt",
        [REG_HEADER] + [[kid, "20", "10", "A", "Kid", "", f"Park{kid}", "06/01/2010", "", ""] for kid in KIDS],
    )
    _file(folder, "REG_CONTACT.txt", [["CONTACT_ID", "FIRST_NAME", "LAST_NAME", "EMAIL", "PHONE", "LANGUAGE"]])
    _file(
        folder,
        "REG_STU_CONTACT.txt",
        [
            [
                "STUDENT_ID",
                "CONTACT_ID",
                "CONTACT_TYPE",
                "CONTACT_PRIORITY",
                "RELATION_CODE",
                "LEGAL_GUARD",
                "CUST_GUARD",
            ]
        ],
    )
    _file(
        folder,
        "REG_STAFF.txt",
        [["STAFF_ID", "FIRST_NAME", "LAST_NAME", "EMAIL", "LOGIN_ID"], ["1502", "Tom", "Walker", "tw@oz.us", "tw"]],
    )
    _file(
        folder,
        "REG_STAFF_BLDGS.txt",
        [["STAFF_ID", "BUILDING", "ACTIVE", "IS_TEACHER", "IS_PRIMARY_BLDG"], ["1502", "20", "Y", "Y", "Y"]],
    )
    dates = [("1", "08/17/2026", "10/16/2026"), ("2", "10/19/2026", "12/18/2026")]
    dates += [("3", "01/05/2027", "03/12/2027"), ("4", "03/15/2027", "05/28/2027")]
    _file(
        folder,
        "REG_MP_DATES.txt",
        [["BUILDING", "MARKING_PERIOD", "START_DATE", "END_DATE"]] + [["20", *row] for row in dates],
    )
    _file(
        folder,
        "SCHD_MS.txt",
        [["SECTION_KEY", "SCHOOL_YEAR", "BUILDING", "COURSE", "COURSE_SECTION", "DESCRIPTION", "STUDY_HALL"]]
        + [[key, "2027", "20", f"C{key}", "01", f"Course {key}", "N"] for key in sections],
    )
    _file(
        folder,
        "SCHD_MS_MP.txt",
        [["SECTION_KEY", "MARKING_PERIOD"]]
        + [[key, mp] for key, mps in sections.items() for mp in mps if mp in periods],
    )
    _file(
        folder,
        "SCHD_MS_SESSION.txt",
        [["SECTION_KEY", "COURSE_SESSION", "PRIMARY_STAFF_ID", "START_PERIOD", "END_PERIOD"]]
        + [[key, "1", "1502", str(n), str(n)] for n, key in enumerate(sections, 1)],
    )
    rows = [[kid, key, "08/17/2026", ""] for kid in KIDS for key in (*YEAR_LONG, *S1)]
    rows += [[kid, key, "01/05/2027", ""] for kid in KIDS for key in S2] if s2_scheduled else []
    _file(folder, "SCHD_STU_CRS_DATES.txt", [["STUDENT_ID", "SECTION_KEY", "DATE_ADDED", "DATE_DROPPED"], *rows])
    return folder


def test_a_semesters_sections_unscheduled_beside_a_year_long_class_of_marking_periods_are_refused(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    result = night(exports(tmp_path / "fall", s2_scheduled=True), out, "2026-12-17")
    assert result.exit_status == 0, [str(p) for p in result.problems]
    held = classes(out)
    assert set(S1) <= set(held) and held["5010"] == "20-2,20-3,20-4"
    stuck = exports(tmp_path / "stuck", s2_scheduled=False)
    result = night(stuck, out, "2027-01-05")  # semester 2's first day: its schedule rows not exported
    assert result.exit_status == 1 and not result.report.published, [str(p) for p in result.problems]
    (said,) = [p for p in result.problems if p.code.id == "X873"]
    assert "at school 20" in said.message and "held 12 students" in said.message
    # REG_MP_DATES names no marking period: X873 names it as X977 does, by the last set's name for
    # it (last.json's terms_named), not 'a term' (esp58b); so do the JSON report and the next step
    assert "the sections of 'Marking period 3', 2027-01-05 to 2027-03-12, running on" in said.message
    assert said.params["term"] == "Marking period 3"
    assert classes(out) == held  # the last set stays


def test_a_term_no_row_or_set_names_is_called_by_its_id() -> None:
    """term_called (X873, X977): the export's name, else the last set's name at those dates and
    school, else the term's ID in the terms export (the message gives its dates beside)."""
    row = Term("20", "", dt.date(2027, 1, 5), dt.date(2027, 3, 12), key="20+3")
    then = Term("20", "Marking period 3", dt.date(2027, 1, 5), dt.date(2027, 3, 12))
    elsewhere = Term("30", "MP3 at 30", dt.date(2027, 1, 5), dt.date(2027, 3, 12))
    assert term_called(row, [elsewhere, then]) == "Marking period 3"
    assert term_called(row, [elsewhere]) == "term 20+3"
    assert term_called(Term("20", "", row.start, row.end, short="MP3"), [then]) == "MP3"


def test_a_semesters_sections_scheduled_beside_a_year_long_class_are_a_term_change(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert night(exports(tmp_path / "fall", s2_scheduled=True), out, "2026-12-17").exit_status == 0
    result = night(exports(tmp_path / "spring", s2_scheduled=True), out, "2027-01-05")
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    assert set(classes(out)) == {*YEAR_LONG, *S2} and "X937" in codes_of(result)


def test_the_break_night_waits_and_the_first_day_is_refused(tmp_path: Path) -> None:
    """Winter break (no term current): semester 1's classes go with the calendar, exit 0; semester 2's first
    day with its schedule still missing: refused."""
    out = tmp_path / "out"
    assert night(exports(tmp_path / "fall", s2_scheduled=True), out, "2026-12-17").exit_status == 0
    stuck = exports(tmp_path / "stuck", s2_scheduled=False)
    result = night(stuck, out, "2026-12-21")
    assert result.exit_status == 0 and result.report.published, [str(p) for p in result.problems]
    assert set(classes(out)) == set(YEAR_LONG)
    result = night(stuck, out, "2027-01-05")
    assert result.exit_status == 1 and "X873" in codes_of(result)


def test_marking_periods_left_out_of_the_sections_export_on_the_new_ones_first_day_are_no_break(
    tmp_path: Path,
) -> None:
    """tester64 A2: SCHD_MS_MP without marking periods 3 and 4 on the third's first day, REG_MP_DATES
    saying it runs: every class looks of semester 1, ended. Was a break between terms (I245, the ended
    classes kept with their students, exit 0) until the window passed; now X977 at once. On a night of
    the break itself (no marking period running) it is still the break."""
    fall, cut = (
        exports(tmp_path / "fall", s2_scheduled=True),
        exports(tmp_path / "cut", s2_scheduled=True, periods="12"),
    )
    brk = tmp_path / "break"
    assert night(fall, brk, "2026-12-17").exit_status == 0
    result = night(cut, brk, "2026-12-21")  # winter break: nothing runs, the new term's sections may come later
    assert result.exit_status == 0 and "X977" not in codes_of(result), [str(p) for p in result.problems]
    # The break's set named MP3 no more (PE's rows of 3 and 4 left out): it carries the dates the last set
    # named, and MP3's first day is refused, not 'nothing due' at exit 0 (reviewer128 R1).
    assert _named(brk)["20-3"] == ["Marking period 3", "2027-01-05", "2027-03-12", "20"]
    result = night(cut, brk, "2027-01-05")
    assert result.exit_status == 1 and "X977" in codes_of(result), [str(p) for p in result.problems]
    out = tmp_path / "out"
    assert night(fall, out, "2026-12-17").exit_status == 0
    held = classes(out)
    result = night(cut, out, "2027-01-05")
    assert result.exit_status == 1 and not result.report.published, [str(p) for p in result.problems]
    (said,) = [p for p in result.problems if p.code.id == "X977"]
    assert "2027-01-05 to 2027-03-12" in said.message and "REG_MP_DATES" in said.message
    # Named as the last set named it, the export that left its rows out said (reviewer128 R4).
    assert "'Marking period 3'" in said.message and "(SCHD_MS_MP.txt without the new terms' rows" in said.message
    assert classes(out) == held


def _named(out: Path) -> dict[str, list[str]]:
    named: dict[str, list[str]] = json.loads((out.parent / f".{out.name}.transform" / "last.json").read_text())[
        "terms_named"
    ]
    return named


def test_a_damaged_terms_named_is_said(tmp_path: Path) -> None:
    """last.json's terms_named read past a damaged entry dropped it without a word (reviewer128 R5): X930."""
    out, fall = tmp_path / "out", exports(tmp_path / "fall", s2_scheduled=True)
    assert night(fall, out, "2026-12-17").exit_status == 0
    state = out.parent / ".out.transform" / "last.json"
    record = json.loads(state.read_text())
    record["terms_named"]["20-3"] = ["Marking period 3", "2027-01-05"]
    state.write_text(json.dumps(record))
    result = night(fall, out, "2026-12-18")
    (said,) = [p for p in result.problems if p.code.id == "X930"]
    assert "'terms_named' gives term '20-3'" in said.message and result.exit_status == 1


def _term(start: str, end: str, school: str = "20", name: str = "") -> Term:
    return Term(school, name, dt.date.fromisoformat(start), dt.date.fromisoformat(end))


MP2, MP3, MP4 = (
    _term("2026-10-19", "2026-12-18"),
    _term("2027-01-05", "2027-03-12", name="Marking period 3"),
    _term("2027-03-15", "2027-05-28"),
)


def test_a_school_year_runs_on_by_marking_period_rows_only_right_after_its_classes_term() -> None:
    """`_terms_run_on` (reviewer128 R3, R5): MP3 runs a break after MP2, MP4 follows: the year runs on. Not
    a summer session after the year's last term (no row after it), nor a row long after the classes'
    term ended or a break after last school year's, nor a row dated as another school's held term."""
    rule = TermFilterPlan((), (), (), (), DEFAULT_WINDOW_DAYS, DEFAULT_YEAR_LONG_DAYS, frozenset())
    day = dt.date(2027, 1, 5)
    assert _terms_run_on([MP3, MP4], {MP2}, rule, day, [MP3]) == {"20": MP3}
    summer = _term("2027-06-14", "2027-07-23")
    assert _terms_run_on([summer], {MP4}, rule, dt.date(2027, 6, 14), [summer]) == {}
    late = _term("2027-03-01", "2027-03-12")  # 73 days after MP2 ended, MP4 after it
    assert _terms_run_on([late, MP4], {MP2}, rule, dt.date(2027, 3, 2), [late]) == {}
    year_one = _term("2026-07-06", "2026-09-30")  # a month after last school year's term
    spring = _term("2026-02-02", "2026-06-05")
    assert _terms_run_on([year_one, MP2], {spring}, rule, dt.date(2026, 7, 6), [year_one]) == {}
    assert _terms_run_on([MP3, MP4], {MP2}, rule, day, [_term("2027-01-05", "2027-03-12", school="30")]) == {}


def test_a_class_spans_an_ended_term_of_this_school_year_only() -> None:
    """`_note_spanning` (reviewer128 R3): a class with a term ended this school year runs on from it (not
    a new term's class); one whose other term ended last school year does not."""
    rule = TermFilterPlan((), (), (), (), DEFAULT_WINDOW_DAYS, DEFAULT_YEAR_LONG_DAYS, frozenset())
    plan = SimpleNamespace(current_term=rule, as_of=dt.date(2027, 1, 5))
    spanning: set[str] = set()
    for class_id, terms in (("5010", [MP2, MP3]), ("6010", [_term("2026-01-05", "2026-05-28"), MP3])):
        draft = Draft("classes", {"sourcedId": class_id}, SourceRow("SCHD_MS_MP.txt", 2, [], {}))
        _note_spanning(spanning, draft, terms, plan)  # type: ignore[arg-type]
    assert spanning == {"5010"}
