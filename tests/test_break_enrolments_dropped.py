"""A FACTS district over the winter break (tester66 F2): FACTS's Clever integration exports the current
term only, so Semester 1's sections stay in sections.csv until Semester 2's first day, but their
enrolments leave enrollments.csv when the term ends. A break night whose people changed kept those
classes (I245) and found them empty (F412): 'classes.csv would lose 2 of 4' (X906), exit 1, every night
of the break with a phone or a new student. The SIS ended the term itself: the night is a term change
(X937), published with the year-long classes and without Semester 1's (I246), and the night the break is
due, with still no class of Semester 2, is refused (X895) as before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from transform import api

YEAR_LONG, SEMESTER_1, SEMESTER_2 = ("7001", "7002"), ("7003", "7004"), ("7005", "7006")
LAST_WEEK, BREAK, DUE = dt.date(2026, 12, 16), dt.date(2026, 12, 19), dt.date(2027, 1, 9)


def facts_district(
    folder: Path, *, term: str = "S1", enrolled_in_s1: bool = True, phone: str = "608-555-1001", newcomer: bool = False
) -> Path:
    """One secondary school of 40 students, each with a mother (Contact_sis_id 50NN), in English and Math
    all year and in Semester 1's Science and History (`term` S2: Semester 2's Biology and Civics instead).
    `enrolled_in_s1` False: Semester 1's sections still exported, their enrolments not (the break)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "schools.csv").write_text("School_id,School_name,School_number\n301,Cedar Secondary,301\n")
    head = "School_id,Student_id,Student_number,First_name,Last_name,Grade,Dob,Student_email,Contact_type,"
    head += "Contact_relationship,Contact_name,Contact_phone,Contact_email,Contact_sis_id"
    students = [head] + [
        f"301,{2000 + i},{2000 + i},Kid{i},Berg,09,01/02/2011,s{i}@stu.example.org,Parent/Guardian,Mother,"
        f"Mom{i} Berg,{phone if i == 1 else f'608-555-{1000 + i}'},mom{i}@mail.example.com,{5000 + i}"
        for i in range(1, 41)
    ]
    if newcomer:
        students.append(
            "301,2999,2999,New,Kid,09,01/02/2011,s2999@stu.example.org,Parent/Guardian,Mother,Nora Kid,"
            "608-555-2999,nk@mail.example.com,5999"
        )
    (folder / "students.csv").write_text("\n".join([*students, ""]))
    (folder / "teachers.csv").write_text(
        "School_id,Teacher_id,Teacher_number,First_name,Last_name,Teacher_email,Username\n"
        "301,900,900,Joan,Ford,jf@staff.example.org,jf\n301,901,901,Paul,Gray,pg@staff.example.org,pg\n"
    )
    semester = SEMESTER_1 if term == "S1" else SEMESTER_2
    dates = "08/17/2026,12/18/2026" if term == "S1" else "01/05/2027,06/04/2027"
    sections = ["School_id,Section_id,Teacher_id,Name,Course_name,Course_number,Period,Term_name,Term_start,Term_end"]
    sections += [
        f"301,{s},900,Course {s},Course {s},C{s},{n},2026-2027,08/17/2026,06/04/2027"
        for n, s in enumerate(YEAR_LONG, 1)
    ]
    sections += [f"301,{s},901,Course {s},Course {s},C{s},{n},{term},{dates}" for n, s in enumerate(semester, 3)]
    (folder / "sections.csv").write_text("\n".join([*sections, ""]))
    enrolled = YEAR_LONG + semester if (term == "S2" or enrolled_in_s1) else YEAR_LONG
    ids = [2000 + i for i in range(1, 41)] + ([2999] if newcomer else [])
    rows = [f"301,{s},{student}" for student in ids for s in enrolled if student != 2999 or s in YEAR_LONG]
    (folder / "enrollments.csv").write_text("\n".join(["School_id,Section_id,Student_id", *rows, ""]))
    return folder


def night(exports: Path, out: Path, as_of: dt.date, engine: str, jobs: int | None = None) -> api.RunResult:
    options = api.RunOptions(profile="facts", in_dir=exports, out_dir=out, as_of=as_of, engine=engine, jobs=jobs)
    return api.run(options)


def published(out: Path, table: str, column: int = 0) -> set[str]:
    return {line.split(",")[column] for line in (out / f"{table}.csv").read_text().splitlines()[1:]}


def phone_of(out: Path, contact: str) -> str:
    header, *rows = (out / "users.csv").read_text().splitlines()
    at = header.split(",").index("phone")
    return next(row.split(",")[at] for row in rows if row.startswith(f"{contact},"))


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "two-processes"])
@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_break_whose_export_dropped_the_ended_terms_enrolments_is_published_as_a_term_change(
    tmp_path: Path, engine: str, jobs: int
) -> None:
    """Semester 1's last week published; on the break's first night a mother's phone changed and Semester 1's
    enrolments are gone while its sections stay: published (exit 0, I246), English and Math as they were,
    Science and History removed as the term's end (X937), the new phone in; no X906, no F412 left to read
    as a loss. The next night a student enrols in the year-long classes: published (I246), the last set
    holding none of Semester 1's classes. Unchanged, the night after: nothing due (I288). With --jobs 2 the
    enrolments, and the kept classes F412 leaves with no student, are the second process's (run._left_empty)."""
    out = tmp_path / "out"
    first = night(facts_district(tmp_path / "n1"), out, LAST_WEEK, engine, jobs)
    assert first.exit_status == api.EXIT_PUBLISHED and published(out, "classes") == {*YEAR_LONG, *SEMESTER_1}

    phone = facts_district(tmp_path / "n2", enrolled_in_s1=False, phone="414-555-7777")
    result = night(phone, out, BREAK, engine, jobs)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert {"I246", "X937"} <= set(result.report.counts) and not {"X906", "X895", "I245"} & set(result.report.counts)
    assert published(out, "classes") == set(YEAR_LONG)
    assert {row.split(",")[3] for row in (out / "enrollments.csv").read_text().splitlines()[1:]} == set(YEAR_LONG)
    assert phone_of(out, "G5001").endswith("4145557777")

    newcomer = facts_district(tmp_path / "n3", enrolled_in_s1=False, phone="414-555-7777", newcomer=True)
    later = night(newcomer, out, BREAK + dt.timedelta(days=3), engine, jobs)
    assert later.exit_status == api.EXIT_PUBLISHED and later.report.published, [str(p) for p in later.problems]
    assert "I246" in later.report.counts and "X906" not in later.report.counts
    assert published(out, "classes") == set(YEAR_LONG) and "2999" in published(out, "users")
    enrolments = {tuple(row.split(",")[3:6:2]) for row in (out / "enrollments.csv").read_text().splitlines()[1:]}
    assert {("7001", "2999"), ("7002", "2999")} <= enrolments

    quiet = night(newcomer, out, BREAK + dt.timedelta(days=4), engine, jobs)
    assert quiet.exit_status == api.EXIT_PUBLISHED and not quiet.report.published and "I288" in quiet.report.counts


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_the_break_is_still_due_after_the_ended_terms_classes_were_removed(tmp_path: Path, engine: str) -> None:
    """After such a break night, the sections export still filtered to Semester 1 on the night the break is
    due (21 days after its last day: FACTS has no terms export to name Semester 2's first) is refused (X895,
    exit 1), and one holding Semester 2's sections and enrolments on its first day publishes them."""
    out = tmp_path / "out"
    night(facts_district(tmp_path / "n1"), out, LAST_WEEK, engine)
    stale = facts_district(tmp_path / "n2", enrolled_in_s1=False, phone="414-555-7777")
    assert night(stale, out, BREAK, engine).report.published
    refused = night(stale, out, DUE, engine)
    assert refused.exit_status == api.EXIT_NOT_PUBLISHED and "X895" in refused.report.counts
    assert published(out, "classes") == set(YEAR_LONG)

    spring = night(facts_district(tmp_path / "n3", term="S2", phone="414-555-7777"), out, DUE, engine)
    assert spring.exit_status == api.EXIT_PUBLISHED and spring.report.published, [str(p) for p in spring.problems]
    assert published(out, "classes") == {*YEAR_LONG, *SEMESTER_2}


def test_an_unchanged_break_night_whose_export_dropped_the_ended_terms_enrolments_publishes_the_term_change(
    tmp_path: Path,
) -> None:
    """Nobody changed, but Semester 1's enrolments are gone: the night is made again to learn it (the
    first pass cannot tell an export that still enrols them) and published without Science and History
    (I246), where before the last set kept them, students and all, until a night somebody changed."""
    out = tmp_path / "out"
    night(facts_district(tmp_path / "n1"), out, LAST_WEEK, "python")
    result = night(facts_district(tmp_path / "n2", enrolled_in_s1=False), out, BREAK, "python")
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "I246" in result.report.counts and published(out, "classes") == set(YEAR_LONG)


def test_a_break_whose_export_still_enrols_the_ended_term_keeps_its_classes(tmp_path: Path) -> None:
    """The same district whose export keeps Semester 1's enrolments over the break (the default of the
    integration's older versions): a phone changed is published with Science and History kept (I245)."""
    out = tmp_path / "out"
    night(facts_district(tmp_path / "n1"), out, LAST_WEEK, "python")
    result = night(facts_district(tmp_path / "n2", phone="414-555-7777"), out, BREAK, "python")
    assert result.exit_status == api.EXIT_PUBLISHED and "I245" in result.report.counts
    assert "I246" not in result.report.counts and published(out, "classes") == {*YEAR_LONG, *SEMESTER_1}
    quiet = night(facts_district(tmp_path / "n2", phone="414-555-7777"), out, BREAK + dt.timedelta(days=1), "python")
    assert quiet.exit_status == api.EXIT_PUBLISHED and not quiet.report.published and "I288" in quiet.report.counts


@pytest.mark.parametrize("jobs", [1, 2], ids=["one-process", "two-processes"])
@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_break_whose_export_dropped_one_ended_sections_enrolments_keeps_the_other(
    tmp_path: Path, engine: str, jobs: int
) -> None:
    """On the break's first night a phone changed and only History's (7004) enrolments are gone: Science is kept
    with its students (I245), History alone removed as the term's end (X937), whichever process made the
    enrolments (with --jobs 2 the second: run._left_empty)."""
    out = tmp_path / "out"
    assert night(facts_district(tmp_path / "n1"), out, LAST_WEEK, engine, jobs).exit_status == api.EXIT_PUBLISHED
    exports = facts_district(tmp_path / "n2", phone="414-555-7777")
    rows = (exports / "enrollments.csv").read_text().splitlines()
    (exports / "enrollments.csv").write_text("\n".join([r for r in rows if f",{SEMESTER_1[1]}," not in r] + [""]))
    result = night(exports, out, BREAK, engine, jobs)
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert {"I245", "X937"} <= set(result.report.counts) and not {"X906", "I246"} & set(result.report.counts)
    assert result.report.examples["I245"][0].params["removed"] == 1
    assert published(out, "classes") == {*YEAR_LONG, SEMESTER_1[0]}
