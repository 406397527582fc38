"""One term ID for terms of other dates (tester17 F6). Infinite Campus, Clever, Skyward SMS and
others export no term ID, so a profile builds one from the school and the term's name: a school's
regular and alternative-education calendars each have a "Q1", and in the summer next year's
sections come beside this year's under the same names. Merged under one ID, the session kept the
first row's dates: the strict target filed next year's classes under last year's term and school
year (exit 0). Each pair of dates is now a session of its own, the earliest keeping the ID
(V602), and each class names the session of its own term dates."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from tests.test_columnar import both_engines
from transform import api
from transform.pipeline.combine import combine_rows
from transform.pipeline.rows import Draft, place_at
from transform.pipeline.session_variants import DATES, SessionVariants
from transform.profile.compile import ColumnPlan, RulePlan
from transform.profile.templates import FieldRef
from transform.report.report import Report

SECTIONS = (
    "sectionID,schoolNumber,courseNumber,courseName,sectionNumber,teacherPersonID,teacher2PersonID,"
    "termName,termStartDate,termEndDate,periodName,homeroomSection\n"
    "1,0410,C1,Reg Q1,1,7001,,Q1,08/17/2026,10/16/2026,P1,0\n"
    "2,0410,C2,Reg S1,1,7001,,S1,08/17/2026,12/18/2026,P2,0\n"
    "3,0410,C3,Alt Q1,1,7001,,Q1,09/08/2026,11/06/2026,P3,0\n"
    "4,0410,C4,Next Q1,1,7002,,Q1,08/16/2027,10/15/2027,P4,0\n"
    "5,0410,C5,Next S1,1,7002,,S1,08/16/2027,12/17/2027,P5,0\n"
)


def cedar_high(tmp_path: Path) -> Path:
    """One school with two calendars this year and next year's sections already in the SIS; a
    student in each section."""
    folder = tmp_path / "in"
    folder.mkdir()
    students = "".join(f"5000{n},9000{n},0410,Stu,S{n},,10,01/01/2010,,08/17/2026,,P,English\n" for n in range(1, 6))
    files = {
        "schools.csv": "schoolID,number,name\n11,0410,Cedar High\n",
        "students.csv": "personID,studentNumber,schoolNumber,lastName,firstName,middleName,grade,birthdate,email,"
        "startDate,endDate,serviceType,homePrimaryLanguage\n" + students,
        "staff.csv": "personID,schoolNumber,lastName,firstName,email,teacher\n"
        "7001,0410,Teach,Ann,ann@d.example.org,1\n7002,0410,Teach,Bob,bob@d.example.org,1\n",
        "roster.csv": "personID,sectionID,startDate,endDate\n" + "".join(f"5000{n},{n},,\n" for n in range(1, 6)),
        "sections.csv": SECTIONS,
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def records(out: Path, table: str) -> dict[str, dict[str, str]]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"]: row for row in csv.DictReader(handle)}


def strict_run(tmp_path: Path, as_of: dt.date) -> tuple[api.RunResult, Path]:
    python, _ = both_engines(
        tmp_path / "run", profile="infinite-campus", in_dir=cedar_high(tmp_path), as_of=as_of, target="oneroster"
    )
    assert python.exit_status == 0
    return python, tmp_path / "run" / "python"


def test_two_calendars_of_one_school_each_have_their_own_q1(tmp_path: Path) -> None:
    result, out = strict_run(tmp_path, dt.date(2026, 10, 14))
    sessions, classes = records(out, "academicSessions"), records(out, "classes")
    assert classes["1"]["termSourcedIds"] == "0410-Q1"
    assert classes["3"]["termSourcedIds"] == "0410-Q1-2026-09-08"
    assert (sessions["0410-Q1"]["startDate"], sessions["0410-Q1"]["endDate"]) == ("2026-08-17", "2026-10-16")
    alt = sessions["0410-Q1-2026-09-08"]
    assert (alt["title"], alt["startDate"], alt["endDate"], alt["schoolYear"]) == (
        "Q1",
        "2026-09-08",
        "2026-11-06",
        "2027",
    )
    assert "V508" not in result.report.counts  # not "rows that disagree: make them agree in the SIS"
    split = [p for p in result.report.examples["V602"] if p.where.record == "0410-Q1-2026-09-08"]
    assert split and "line 2 (2026-08-17..2026-10-16)" in split[0].message
    assert split[0].where.file == "sections.csv" and split[0].where.line == 4


def test_next_years_sections_in_the_summer_get_next_years_terms(tmp_path: Path) -> None:
    _, out = strict_run(tmp_path, dt.date(2027, 8, 1))
    sessions, classes = records(out, "academicSessions"), records(out, "classes")
    assert set(classes) == {"4", "5"}
    for class_id, start in (("4", "2027-08-16"), ("5", "2027-08-16")):
        term = sessions[classes[class_id]["termSourcedIds"]]
        assert (term["startDate"], term["schoolYear"]) == (start, "2028")
    assert {s["schoolYear"] for s in sessions.values()} == {"2028"}  # no session of the year that ended


def test_the_remind_target_names_terms_as_the_export_makes_them(tmp_path: Path) -> None:
    result = api.run(
        api.RunOptions(
            profile="infinite-campus",
            in_dir=cedar_high(tmp_path),
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 14),
        )
    )
    assert result.exit_status == 0
    assert records(tmp_path / "out", "classes")["3"]["termSourcedIds"] == "0410-Q1"
    assert "V602" not in result.report.counts


def iso(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


# A rule whose term ID is built of the school and the term's name.
BUILT = RulePlan(
    "academicSessions",
    "terms",
    "sections",
    {},
    (),
    (ColumnPlan("sourcedId", parts=(FieldRef(None, "schoolNumber"), "-", FieldRef(None, "termName"))),),
    {},
)


def draft(line: int, sourced_id: str, start: str, end: str) -> Draft:
    values = {"sourcedId": sourced_id, "title": "Q1", "type": "term", "startDate": start, "endDate": end}
    return Draft("academicSessions", values, place_at("sections.csv", line), rule="academicSessions.terms")


def test_rows_of_one_term_combine_and_rows_of_other_dates_do_not() -> None:
    rows = [draft(2, "0410-Q1", "2026-08-17", "2026-10-16"), draft(3, "0410-Q1", "2026-09-08", "2026-11-06")]
    rows.append(draft(4, "0410-Q1", "2026-08-17", "2026-10-16"))
    rows.append(draft(5, "0410-Q1", "", ""))  # a blank fills from the first, as before
    report = Report()
    kept = list(combine_rows(rows, lists=(), report=report, separate=DATES))
    assert [d.origin.line for d in kept] == [2, 3]
    assert not report.counts


def test_a_later_term_steps_aside_from_an_export_id_it_would_take() -> None:
    rows = [
        draft(2, "A", "2026-08-17", "2026-10-16"),
        draft(3, "A", "2026-09-08", "2026-11-06"),
        draft(4, "A-2026-09-08", "2027-01-04", "2027-03-12"),
        draft(5, "B", "2026-08-17", "2026-12-18"),
        draft(6, "B", "2026-08-17", "2027-01-22"),  # same start: start and end after the ID
    ]
    variants = SessionVariants(Report(), iso, [BUILT])
    ids = [d.values["sourcedId"] for d in variants.split(rows)]
    assert ids == ["A", "A-2026-09-08-2", "A-2026-09-08", "B", "B-2026-08-17-2027-01-22"]


def test_a_class_whose_dates_are_none_of_its_terms_keeps_the_id_and_is_told() -> None:
    report = Report()
    variants = SessionVariants(report, iso, [BUILT])
    variants.split([draft(2, "A", "2026-08-17", "2026-10-16"), draft(3, "A", "2026-09-08", "2026-11-06")])
    own = Draft("classes", {"sourcedId": "c1", "termSourcedIds": "A"}, place_at("sections.csv", 9))
    own.extra = {"term_start": "2026-09-08", "term_end": "2026-11-06"}
    other = Draft("classes", {"sourcedId": "c2", "termSourcedIds": "A,Z"}, place_at("sections.csv", 10))
    other.extra = {"term_start": "2026-09-01", "term_end": "2026-11-06"}
    out = list(variants.classes([own, other]))
    assert [d.values["termSourcedIds"] for d in out] == ["A-2026-09-08", "A,Z"]
    (told,) = report.examples["V603"]
    assert told.where.line == 10 and "2026-09-01..2026-11-06" in told.message


def test_an_id_the_export_gives_is_not_split(tmp_path: Path) -> None:
    """A OneRoster sourcedId on two rows with other dates is a conflict in the export (V501),
    not two terms: nothing is named that the SIS does not know."""
    own = RulePlan(
        "academicSessions",
        "sessions",
        "academicSessions",
        {},
        (),
        (ColumnPlan("sourcedId", parts=(FieldRef(None, "sourcedId"),)),),
        {},
    )
    rows = [draft(2, "q1", "2026-08-17", "2026-10-16"), draft(9, "q1", "2026-08-24", "2026-10-23")]
    for row in rows:
        row.rule = own.label
    report = Report()
    assert [d.values["sourcedId"] for d in SessionVariants(report, iso, [BUILT, own]).split(rows)] == ["q1", "q1"]
    assert not report.counts
