"""A sections export that is not tonight's beside an enrolments export that is (tester59 C1).

On the spring term's first day a Clever job's enrollments.csv names the spring sections while its
sections.csv still holds the fall term's: most enrolment rows name classes no sections row holds, each
left out (V502, a warning). The set was published at exit 0 with the year-long classes alone, most
students in no class, the night said as a break whose SIS ended the term's enrolments (I246); the
nights after said 'nothing to do over a break' (I288). Such rows now count against their export as a
warning's: past half of it nothing is published (X915), its words naming the classes not held and the
ended term the sections export still holds. A few such rows (a section deleted mid-term) are published
as before, at exit 0."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from transform import api
from transform.report.summary import next_step

YEAR_LONG, FALL, SPRING = ("7001",), ("7002", "7003"), ("7004", "7005")
FALL_DATES, SPRING_DATES = ("Fall 2026", "08/17/2026", "12/18/2026"), ("Spring 2027", "01/05/2027", "06/04/2027")
LAST_WEEK, FIRST_DAY = dt.date(2026, 12, 16), dt.date(2027, 1, 5)
STUDENTS = range(1, 31)


def district(
    folder: Path,
    *,
    sections: str = "fall",
    enrolled: str = "fall",
    deleted: int = 0,
    year_long: tuple[str, ...] = YEAR_LONG,
    ahead: tuple[str, ...] = (),
) -> Path:
    """One school of 30 students, each in the year-long classes and the two classes of one semester.
    `sections`, `enrolled`: the semester whose sections sections.csv holds, whose enrollments.csv names
    ("none": the year-long classes' alone, a break; "fall+spring": both semesters').
    `deleted`: so many students also enrolled in a section sections.csv does not hold (deleted mid-term).
    `ahead`: classes sections.csv does not hold every student is also enrolled in (next year's schedule)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "schools.csv").write_text("School_id,School_name,School_number\n301,Cedar Secondary,301\n")
    head = "School_id,Student_id,Student_number,First_name,Last_name,Grade,Dob,Student_email"
    students = [f"301,{2000 + i},{2000 + i},Kid{i},Berg,09,01/02/2011,s{i}@stu.example.org" for i in STUDENTS]
    (folder / "students.csv").write_text("\n".join([head, *students, ""]))
    (folder / "teachers.csv").write_text(
        "School_id,Teacher_id,Teacher_number,First_name,Last_name,Teacher_email,Username\n"
        "301,900,900,Joan,Ford,jf@staff.example.org,jf\n301,901,901,Paul,Gray,pg@staff.example.org,pg\n"
    )
    semester, (term, start, end) = (FALL, FALL_DATES) if sections == "fall" else (SPRING, SPRING_DATES)
    rows = ["School_id,Section_id,Teacher_id,Name,Course_name,Course_number,Period,Term_name,Term_start,Term_end"]
    rows += [
        f"301,{s},900,Course {s},Course {s},C{s},{n},2026-2027,08/17/2026,06/04/2027"
        for n, s in enumerate(year_long, 1)
    ]
    rows += [f"301,{s},901,Course {s},Course {s},C{s},{n},{term},{start},{end}" for n, s in enumerate(semester, 5)]
    (folder / "sections.csv").write_text("\n".join([*rows, ""]))
    named = year_long + {"fall": FALL, "spring": SPRING, "none": (), "fall+spring": FALL + SPRING}[enrolled] + ahead
    enrolments = [f"301,{s},{2000 + i}" for i in STUDENTS for s in named]
    enrolments += [f"301,7999,{2000 + i}" for i in range(1, deleted + 1)]
    (folder / "enrollments.csv").write_text("\n".join(["School_id,Section_id,Student_id", *enrolments, ""]))
    return folder


def night(exports: Path, out: Path, as_of: dt.date, **options: object) -> api.RunResult:
    return api.run(api.RunOptions(profile="clever", in_dir=exports, out_dir=out, as_of=as_of, **options))  # type: ignore[arg-type]


def classes_of(out: Path) -> set[str]:
    return {line.split(",")[0] for line in (out / "classes.csv").read_text().splitlines()[1:]}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_enrolments_of_the_new_term_beside_sections_of_the_ended_one_are_refused(tmp_path: Path, engine: str) -> None:
    """Spring's first day: enrollments.csv names the spring sections, sections.csv still holds the fall term's.
    Refused (X915, exit 1), the words naming the classes sections.csv does not hold and the ended term it still
    holds, the next step to export it again; the last set (fall) kept, the night not said as a break (I246)."""
    out = tmp_path / "out"
    assert night(district(tmp_path / "n1"), out, LAST_WEEK, engine=engine).exit_status == api.EXIT_PUBLISHED
    stale = night(district(tmp_path / "n2", enrolled="spring"), out, FIRST_DAY, engine=engine)
    assert stale.exit_status == api.EXIT_NOT_PUBLISHED and not stale.report.published
    assert "X915" in stale.report.counts and "I246" not in stale.report.counts
    said = str(next(p for p in stale.problems if p.code.id == "X915"))
    assert "enrollments.csv names 2 classes that sections.csv does not hold (60 of its rows" in said, said
    assert "sections.csv still holds the ended term 'Fall 2026' (ended 2026-12-18)" in said, said
    step = next_step(stale, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: Export sections.csv again"), step
    assert classes_of(out) == {*YEAR_LONG, *FALL}


def test_a_first_set_whose_sections_export_holds_the_ended_term_is_refused(tmp_path: Path) -> None:
    """The same exports on a first run: nothing to compare with, refused all the same (X915)."""
    stale = night(district(tmp_path / "n1", enrolled="spring"), tmp_path / "out", FIRST_DAY)
    assert stale.exit_status == api.EXIT_NOT_PUBLISHED and "X915" in stale.report.counts
    assert not (tmp_path / "out").exists()


def test_a_few_enrolments_of_a_deleted_section_are_published(tmp_path: Path) -> None:
    """Three students still enrolled in a section deleted mid-term (no sections row): those rows are left out
    (V502) and the set is published at exit 0, as before."""
    out = tmp_path / "out"
    night(district(tmp_path / "n1"), out, LAST_WEEK)
    result = night(district(tmp_path / "n2", deleted=3), out, LAST_WEEK + dt.timedelta(days=1))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert result.report.counts["V502"] == 3 and "X915" not in result.report.counts


MANY_YEAR_LONG = ("7001", "7006", "7007", "7008", "7009")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_break_whose_enrolments_name_classes_not_exported_is_refused(tmp_path: Path, engine: str) -> None:
    """Year-long classes holding most rows: the spring rows naming sections sections.csv lacks are under half
    of enrollments.csv (60 of 210), past X915's limit for warnings, and the night passed for a break whose SIS
    ended the fall enrolments (I246, exit 0, the fall classes removed). Over the removal limit on such a night:
    refused (X892), the ended term named, the last set kept."""
    out = tmp_path / "out"
    night(district(tmp_path / "n1", year_long=MANY_YEAR_LONG), out, LAST_WEEK, engine=engine)
    stale = night(district(tmp_path / "n2", enrolled="spring", year_long=MANY_YEAR_LONG), out, FIRST_DAY, engine=engine)
    assert stale.exit_status == api.EXIT_NOT_PUBLISHED and not stale.report.published
    assert "X892" in stale.report.counts and "I246" not in stale.report.counts
    said = str(next(p for p in stale.problems if p.code.id == "X892"))
    assert "names 2 classes that sections.csv does not hold (60 of its rows" in said, said
    assert "the ended term 'Fall 2026' (ended 2026-12-18) that sections.csv still holds" in said, said
    step = next_step(stale, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: Export sections.csv again"), step
    assert classes_of(out) == {*MANY_YEAR_LONG, *FALL}
    later = night(
        district(tmp_path / "n3", enrolled="spring", year_long=MANY_YEAR_LONG),
        out,
        FIRST_DAY + dt.timedelta(days=1),
        engine=engine,
    )
    assert later.exit_status == api.EXIT_NOT_PUBLISHED and "X892" in later.report.counts, later.report.counts
    assert "I288" not in later.report.counts


def test_a_break_whose_sections_and_enrolments_agree_is_still_a_break(tmp_path: Path) -> None:
    """The honest break of the same district: the fall sections exported, their enrolments ended with the term
    and one student still enrolled in a section deleted (a V502 row): published at exit 0 as a term change (I246)."""
    out = tmp_path / "out"
    night(district(tmp_path / "n1", year_long=MANY_YEAR_LONG), out, LAST_WEEK)
    honest = district(tmp_path / "n2", enrolled="none", year_long=MANY_YEAR_LONG, deleted=1)
    result = night(honest, out, LAST_WEEK + dt.timedelta(days=3))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "I246" in result.report.counts and "X892" not in result.report.counts
    assert classes_of(out) == set(MANY_YEAR_LONG)


def test_next_years_schedule_beside_this_years_is_published(tmp_path: Path) -> None:
    """Late May: enrollments.csv already holds next year's schedule (five classes a student, sections.csv holds
    none of them) beside this year's three: most rows name classes sections.csv lacks, but every student keeps
    all her classes of tonight. Enrolments ahead of the sections export, not its fault: published at exit 0,
    the rows left out (V502); X915 refused it every night until the new year (reviewer119 R1)."""
    out, may = tmp_path / "out", dt.date(2027, 5, 25)
    night(district(tmp_path / "n1", sections="spring", enrolled="spring"), out, may)
    next_year = ("8001", "8002", "8003", "8004", "8005")
    ahead = district(tmp_path / "n2", sections="spring", enrolled="spring", ahead=next_year)
    result = night(ahead, out, may + dt.timedelta(days=1))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert result.report.counts["V502"] == 150 and "X915" not in result.report.counts
    assert classes_of(out) == {*YEAR_LONG, *SPRING}


def test_a_break_whose_enrolments_hold_the_next_term_beside_the_ended_one_is_a_break(tmp_path: Path) -> None:
    """Winter break: sections.csv holds the fall and year-long sections (the SIS job exports sections started by
    tonight), enrollments.csv the fall rows, the year-long ones and spring's, entered early. The fall classes
    still enrol their students: no stale sections export, a break (I288), exit 0; X892 said the fall classes
    enrolled nobody and refused every night until spring (reviewer119 R2)."""
    out = tmp_path / "out"
    night(district(tmp_path / "n1"), out, LAST_WEEK)
    for n, day in enumerate((dt.date(2026, 12, 27), dt.date(2027, 1, 3)), 2):
        early = district(tmp_path / f"n{n}", enrolled="fall+spring")
        result = night(early, out, day)
        assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.problems]
        assert "X892" not in result.report.counts and "X915" not in result.report.counts, result.report.counts
    assert classes_of(out) == {*YEAR_LONG, *FALL}
