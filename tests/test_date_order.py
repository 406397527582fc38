"""Day-first dates read month first, and the reverse (D350): the run refuses, naming the file,
the column and a value only the other order can read, and publishes nothing.

Exports are generated here: a trust's SDS classic files written day first (13/04/2026), or a US
district's written month first, run with and without settings.day_first."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from transform import api
from transform.cleaners.dates import make_parser, order_read, order_written
from transform.pipeline.filters import Term
from transform.report.problem import TransformAbort

SCHOOLS = [["SIS ID", "Name"], ["S1", "Kestrel Primary"]]
SECTION_HEADER = [
    "SIS ID",
    "School SIS ID",
    "Section Name",
    "Term SIS ID",
    "Term Name",
    "Term StartDate",
    "Term EndDate",
]
STUDENT_HEADER = ["SIS ID", "School SIS ID", "First Name", "Last Name", "Username", "Birthdate"]
TEACHERS = [
    ["SIS ID", "School SIS ID", "First Name", "Last Name", "Username"],
    ["T1", "S1", "Helen", "Marsh", "hmarsh"],
]


def _write(folder: Path, name: str, rows: list[list[str]]) -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def _exports(
    tmp_path: Path, *, terms: list[tuple[str, str, str]], birthdates: list[str], day_first: bool | None = None
) -> tuple[Path, Path]:
    """SDS classic files, one section per term (its id the term's), every student in each; and a
    district profile, saying day_first when given."""
    exports = tmp_path / "in"
    exports.mkdir()
    _write(exports, "School.csv", SCHOOLS)
    _write(
        exports,
        "Section.csv",
        [SECTION_HEADER, *[[f"C-{t}", "S1", f"{t} Maths", t, t, start, end] for t, start, end in terms]],
    )
    students = [[f"P{i}", "S1", "Pupil", f"No{i}", f"p{i}", born] for i, born in enumerate(birthdates)]
    _write(exports, "Student.csv", [STUDENT_HEADER, *students])
    _write(exports, "Teacher.csv", TEACHERS)
    sections = [f"C-{t}" for t, _, _ in terms]
    _write(
        exports,
        "StudentEnrollment.csv",
        [["Section SIS ID", "SIS ID"], *[[c, s[0]] for c in sections for s in students]],
    )
    _write(exports, "TeacherRoster.csv", [["Section SIS ID", "SIS ID"], *[[c, "T1"] for c in sections]])
    setting = "" if day_first is None else f"  day_first: {'true' if day_first else 'false'}\n"
    profile = tmp_path / "district.yaml"
    profile.write_text(
        f"name: kestrel\nextends: sds\nsettings:\n  email_domain: kestrel.example.org\n{setting}", encoding="utf-8"
    )
    return exports, profile


def _run(exports: Path, profile: Path, out: Path, as_of: str, *, jobs: int | None = None) -> api.RunResult:
    options = api.RunOptions(
        profile=str(profile), in_dir=exports, out_dir=out, as_of=dt.date.fromisoformat(as_of), jobs=jobs
    )
    return api.run(options)


def _refusals(result: api.RunResult) -> list[tuple[str, int, str, dict[str, object]]]:
    return [
        (p.where.file, p.where.line, p.where.column, p.params)
        for p in result.problems
        if p.code.slug == "date-order-misread"
    ]


# A UK trust's year: Summer ended in July, Autumn holds the as-of date. Read month first,
# 06/04/2026-10/07/2026 is 4 June to 7 October: Summer's classes would be rostered as current.
UK_TERMS = [("Autumn", "01/09/2026", "11/12/2026"), ("Summer", "06/04/2026", "10/07/2026")]
UK_BIRTHDATES = ["03/04/2015", "13/05/2015", "02/02/2016", "07/08/2014"]  # only 13/05/2015 tells


def test_day_first_export_read_month_first_is_refused(tmp_path: Path) -> None:
    exports, profile = _exports(tmp_path, terms=UK_TERMS, birthdates=UK_BIRTHDATES)
    out = tmp_path / "out"
    result = _run(exports, profile, out, "2026-10-05")
    assert result.exit_status == 1
    assert not out.exists()  # nothing published
    [(file, line, column, params)] = _refusals(result)
    assert (file, line, column) == ("Student.csv", 3, "Birthdate")
    assert params["example"] == "13/05/2015"
    assert (params["written"], params["read"], params["setting"]) == ("day", "month", "true")
    assert "settings.day_first: true" in result.problems[0].message


def test_the_same_export_with_day_first_publishes_the_right_term(tmp_path: Path) -> None:
    exports, profile = _exports(tmp_path, terms=UK_TERMS, birthdates=UK_BIRTHDATES, day_first=True)
    out = tmp_path / "out"
    result = _run(exports, profile, out, "2026-10-05")
    assert result.exit_status == 0, result.problems
    assert "date-order-misread" not in {c.slug for c in result.report.codes_seen.values()}
    classes = (out / "classes.csv").read_text(encoding="utf-8")
    assert "C-Autumn" in classes and "C-Summer" not in classes
    assert "2015/05/13" in (out / "demographics.csv").read_text(encoding="utf-8")


def test_month_first_export_read_day_first_is_refused(tmp_path: Path) -> None:
    terms = [("Fall", "08/17/2026", "12/18/2026"), ("Spring", "01/05/2027", "05/28/2027")]
    exports, profile = _exports(tmp_path, terms=terms, birthdates=["04/03/2015", "09/10/2014"], day_first=True)
    out = tmp_path / "out"
    result = _run(exports, profile, out, "2026-10-05")
    assert result.exit_status == 1
    assert not out.exists()
    refusals = _refusals(result)
    assert [(f, line, c) for f, line, c, _ in refusals] == [
        ("Section.csv", 2, "Term StartDate"),
        ("Section.csv", 2, "Term EndDate"),
    ]
    assert {(p["written"], p["read"], p["setting"]) for *_, p in refusals} == {("month", "day", "false")}
    assert refusals[0][3]["example"] == "08/17/2026"


def test_misread_term_dates_do_not_pass_for_nothing_due(tmp_path: Path) -> None:
    """Spring, 5 January to 10 April, read month first starts on 1 May: 'nothing due yet' would
    exit 0 and leave last term's set in place."""
    terms = [("Spring", "05/01/2027", "10/04/2027")]
    exports, profile = _exports(tmp_path, terms=terms, birthdates=["25/12/2015", "03/04/2015"])
    result = _run(exports, profile, tmp_path / "out", "2027-01-06")
    assert result.exit_status == 1
    assert [(f, c) for f, _, c, _ in _refusals(result)] == [("Student.csv", "Birthdate")]


def test_iso_and_mixed_columns_are_not_refused(tmp_path: Path) -> None:
    """ISO dates say nothing about the order; a column with dates of both kinds (13/04 and 04/13)
    says nothing either: its impossible dates are reported one by one (D305)."""
    terms = [("Fall", "2026-08-17", "2026-12-18")]
    exports, profile = _exports(tmp_path, terms=terms, birthdates=["2015-04-13", "13/04/2015", "04/14/2015"])
    result = _run(exports, profile, tmp_path / "out", "2026-10-05")
    assert result.exit_status == 0, result.problems
    assert "D350" not in result.report.counts
    assert result.report.counts["D305"] == 1


ONEROSTER_FILES = {
    "orgs.csv": [["sourcedId", "name", "type"], ["S1", "North", "school"]],
    "users.csv": [
        ["sourcedId", "enabledUser", "orgSourcedIds", "role", "username", "givenName", "familyName", "email"],
        ["U1", "true", "S1", "student", "u1", "Ann", "Lee", ""],
        ["T1", "true", "S1", "teacher", "t1", "Tom", "Ray", "t1@d.example.org"],
    ],
    "academicSessions.csv": [
        ["sourcedId", "title", "type", "startDate", "endDate", "schoolYear"],
        ["Y", "2026-27", "schoolYear", "2026-08-17", "2027-05-28", "2027"],
    ],
    "classes.csv": [
        ["sourcedId", "title", "courseSourcedId", "schoolSourcedId", "termSourcedIds", "classType"],
        ["C1", "Maths", "M", "S1", "Y", "scheduled"],
    ],
    "courses.csv": [["sourcedId", "title", "orgSourcedId"], ["M", "Maths", "S1"]],
    "enrollments.csv": [
        ["sourcedId", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "beginDate"],
        ["E1", "C1", "S1", "U1", "student", "13/08/2026"],
        ["E2", "C1", "S1", "T1", "teacher", "03/08/2026"],
    ],
}


@pytest.mark.parametrize("jobs", [1, 2])
def test_dates_counted_by_the_enrolment_worker_refuse_too(tmp_path: Path, jobs: int) -> None:
    """Enrolments are read by a second process (--jobs 2): what it counts comes back."""
    exports = tmp_path / "in"
    exports.mkdir()
    for name, rows in ONEROSTER_FILES.items():
        _write(exports, name, rows)
    result = _run(exports, Path("oneroster"), tmp_path / "out", "2026-10-05", jobs=jobs)
    assert result.exit_status == 1, [p.message for p in result.problems]
    assert [(f, line, c) for f, line, c, _ in _refusals(result)] == [("enrollments.csv", 2, "beginDate")]


@pytest.mark.parametrize(
    ("text", "order"),
    [
        ("13/04/2026", "day"),
        ("04/13/2026", "month"),
        ("13.04.26", "day"),
        ("1-13-2026 08:00", "month"),
        ("03/04/2026", None),  # either order
        ("2026-04-13", None),  # ISO: one order only
        ("32/01/2026", None),  # neither
        ("13/13/2026", None),
        ("Apr 13 2026", None),
    ],
)
def test_order_written(text: str, order: str | None) -> None:
    assert order_written(text) == order


def test_order_read_is_how_the_parser_reads_the_form() -> None:
    month_first = make_parser(("%m/%d/%Y",), day_first=False)
    day_first = make_parser(("%d/%m/%Y",), day_first=True)
    dotted_day_first = make_parser(("%d.%m.%Y",), day_first=False)  # the format says it, not the flag
    assert order_read(month_first, "13/04/2026") == "month"
    assert order_read(day_first, "13/04/2026") == "day"
    assert order_read(dotted_day_first, "13.04.2026") == "day"
    assert order_read(dotted_day_first, "13/04/2026") == "month"  # dateutil's own reading


def _with_birthdate_reading(profile: Path, entry: str, *, day_first: bool) -> None:
    """The district profile of `_exports` with the birth dates read by `entry`, and day_first."""
    profile.write_text(
        "name: kestrel\nextends: sds\nsettings:\n  email_domain: kestrel.example.org\n"
        f"  day_first: {'true' if day_first else 'false'}\n"
        f"tables:\n  demographics:\n    students:\n      columns:\n        birthDate: {entry}\n",
        encoding="utf-8",
    )


def test_a_column_whose_own_formats_decided_is_named_not_settings_day_first(tmp_path: Path) -> None:
    """settings.day_first: true is written, and the column's own formats read it month first: the
    message names those formats and says to change them (it said 'set settings.day_first: true',
    which the profile says already and which does not overrule a column's formats)."""
    exports, profile = _exports(tmp_path, terms=UK_TERMS, birthdates=UK_BIRTHDATES)
    _with_birthdate_reading(
        profile, "{column: Birthdate, clean: [{birth_date: {formats: ['%m/%d/%Y']}}]}", day_first=True
    )
    result = _run(exports, profile, tmp_path / "out", "2026-10-05")
    [(file, line, column, params)] = _refusals(result)
    assert (file, line, column, params["example"]) == ("Student.csv", 3, "Birthdate", "13/05/2015")
    assert params["decided"] == "the column's formats ('%m/%d/%Y' reads them)"
    message = next(p.message for p in result.problems if p.code.slug == "date-order-misread")
    assert "settings.day_first" not in message
    assert "as the column's formats ('%m/%d/%Y' reads them) says" in message
    assert "put a day-first format ('%d/%m/%Y') first in this column's formats" in message


def test_a_column_whose_own_day_first_decided_is_named(tmp_path: Path) -> None:
    exports, profile = _exports(tmp_path, terms=UK_TERMS, birthdates=UK_BIRTHDATES)
    _with_birthdate_reading(profile, "{column: Birthdate, clean: [{birth_date: {day_first: false}}]}", day_first=True)
    result = _run(exports, profile, tmp_path / "out", "2026-10-05")
    [(*_, params)] = _refusals(result)
    assert params["decided"] == "the column's day_first: false"
    assert params["fix"] == "set this column's day_first: true in the profile"


def test_settings_that_decided_are_named(tmp_path: Path) -> None:
    """sds reads N/N/YYYY by its settings.date_formats (%m/%d/%Y); settings.day_first, written,
    decides over them."""
    exports, profile = _exports(tmp_path, terms=UK_TERMS, birthdates=UK_BIRTHDATES)
    result = _run(exports, profile, tmp_path / "out", "2026-10-05")
    [(*_, params)] = _refusals(result)
    assert params["decided"] == "settings.date_formats ('%m/%d/%Y' reads them)"
    assert params["fix"] == "set settings.day_first: true in the district profile"
    terms = [("Fall", "08/17/2026", "12/18/2026")]
    (tmp_path / "us").mkdir()
    exports, profile = _exports(tmp_path / "us", terms=terms, birthdates=["04/03/2015"], day_first=True)
    result = _run(exports, profile, tmp_path / "us" / "out", "2026-10-05")
    assert {p["decided"] for *_, p in _refusals(result)} == {"settings.day_first: true"}


def test_one_export_day_first_is_told_to_give_its_columns_their_own_order(tmp_path: Path) -> None:
    """PowerSchool's terms.txt alone written day first (a terms file kept by hand), cc.txt and
    students.txt month first. The step was settings.day_first: true, which then refused every
    other date column with settings.day_first: false: a loop (tester44 F4). Now the columns'
    own day_first, naming a column the setting would misread."""
    import re
    import shutil

    exports = tmp_path / "in"
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "powerschool" / "district" / "in", exports)
    terms = exports / "terms.txt"
    flip = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
    terms.write_bytes(flip.sub(lambda m: f"{m[2]}/{m[1]}/{m[3]}", terms.read_text(encoding="cp1252")).encode("cp1252"))
    options = api.RunOptions(
        profile="powerschool", in_dir=exports, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
    )
    result = api.run(options)
    assert result.exit_status == 1
    [said, *_] = [p for p in result.problems if p.code.slug == "date-order-misread"]
    assert said.where.file == "terms.txt" and said.params["written"] == "day"
    # Each column read from it by its own date cleaner's day_first (tester56 T2): startDate's `date`, schoolYear's.
    assert "its date cleaner's own, clean: [{date: {day_first: true}}] or [{school_year: {day_first: true}}]" in (
        said.message
    )
    assert "settings.day_first would misread" in said.message and "written month first" in said.message


# One school's term rows of the PowerSchool sample typed day first, none past the 12th (tester45 F1).
DAY_FIRST_TERMS = {
    "200\t36\t2026-2027\t26-27\t08/17/2026\t05/28/2027": "200\t36\t2026-2027\t26-27\t01/09/2026\t11/06/2027",
    "200\t36\tSemester 1\tS1\t08/17/2026\t01/15/2027": "200\t36\tSemester 1\tS1\t01/09/2026\t12/01/2027",
    "200\t36\tSemester 2\tS2\t01/19/2027\t05/28/2027": "200\t36\tSemester 2\tS2\t01/02/2027\t11/06/2027",
}


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_one_schools_terms_typed_day_first_none_past_the_12th_are_refused(tmp_path: Path, target: str) -> None:
    """Read month first as the rest of the column (D350 says nothing of a column most of whose
    dates show their order), school 200's Semester 1 ran 2026-01-09 to 2027-12-01: 23 months,
    published in academicSessions.csv and picking the classes, exit 0. A term longer than any
    school year is refused (D328), naming it, its dates as read and as written."""
    from tests.conftest import FIXTURES

    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    terms = exports / "terms.txt"
    text = terms.read_text(encoding="utf-8")
    for month_first, day_first in DAY_FIRST_TERMS.items():
        assert month_first in text
        text = text.replace(month_first, day_first)
    terms.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), target=target)
    )
    assert result.exit_status == 1 and not out.exists()
    (refused,) = result.problems
    assert refused.code.id == "D328"
    assert refused.message == (
        "term '2026-2027' at school 200 reads 2026-01-09 to 2027-11-06 (written 01/09/2026 to 11/06/2027), 666 "
        "days, longer than any school year: its dates were written day first and read month first, as the rest "
        "of the column is (01/09/2026 read as 9 January); and 1 more such term; the term filter would pick "
        "classes by it; nothing published"
    )


def test_a_term_over_a_year_that_no_other_reading_shortens_is_not_said_as_day_first() -> None:
    """A class joined to one year's marking period and the next year's (sections of two years under
    one code, X894) runs 01/04/2027 to 03/11/2028: read day first, 1 April 2027 to 3 November 2028,
    still no school year. Not D328, whose words would send the admin to the date order."""
    from transform.pipeline.filters import Term, _day_first_fits

    assert _day_first_fits(Term("200", "S1", dt.date(2026, 1, 9), dt.date(2027, 12, 1), ("01/09/2026", "12/01/2027")))
    assert not _day_first_fits(Term("1", "MP", dt.date(2027, 1, 4), dt.date(2028, 3, 11), ("01/04/2027", "03/11/2028")))
    assert not _day_first_fits(Term("1", "Y", dt.date(2026, 1, 9), dt.date(2027, 12, 1), ("2026-01-09", "2027-12-01")))
    assert not _day_first_fits(Term("1", "Y", dt.date(2026, 8, 17), dt.date(2028, 5, 28), ("08/17/2026", "05/28/2028")))


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_one_schools_semester_typed_day_first_inside_one_calendar_year_is_refused(tmp_path: Path, target: str) -> None:
    """School 200's Semester 1, 1 September to 11 December, typed 01/09/2026 - 11/12/2026 and read
    9 January to 12 November: no longer than a year, so no D328, and its classes were removed in
    mid-November at exit 0 (tester49 F5). Months from Semester 1 at school 100, and weeks from it
    read the other way round: refused (D330), naming both readings and the other school's term."""
    from tests.conftest import FIXTURES

    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    terms = exports / "terms.txt"
    text = terms.read_text(encoding="utf-8")
    month_first = "200\t36\tSemester 1\tS1\t08/17/2026\t01/15/2027"
    assert month_first in text
    terms.write_text(text.replace(month_first, "200\t36\tSemester 1\tS1\t01/09/2026\t11/12/2026"), encoding="utf-8")
    out = tmp_path / "out"
    result = api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), target=target)
    )
    assert result.exit_status == 1 and not out.exists()
    (refused,) = result.problems
    assert refused.code.id == "D330"
    assert refused.message.startswith(
        "term 'Semester 1' at school 200 reads 2026-01-09 to 2026-11-12 (written 01/09/2026 to 11/12/2026), months "
        "from the term of its name at every other school, and read with day and month the other way round it is "
        "2026-09-01 to 2026-12-11, as the term is at the others (2026-08-17 to 2027-01-08 at school 100)"
    )


def test_a_term_of_one_name_at_other_dates_everywhere_is_not_said_as_day_first() -> None:
    """A summer session dated 07/01 - 08/06 reads 7 January to 8 June the other way round, within
    the school year: not misread while another school's term of its name is dated as it is; a
    school's own term (no other school has its name) is not judged."""
    from transform.pipeline.filters import Term, _refuse_terms_read_the_other_way

    summer = Term("200", "Summer", dt.date(2027, 7, 1), dt.date(2027, 8, 6), ("07/01/2027", "08/06/2027"))
    other = Term("100", "Summer", dt.date(2027, 6, 21), dt.date(2027, 7, 30), ("06/21/2027", "07/30/2027"))
    spring = Term("100", "Spring", dt.date(2027, 1, 11), dt.date(2027, 6, 4), ("01/11/2027", "06/04/2027"))
    _refuse_terms_read_the_other_way({summer, other, spring})
    _refuse_terms_read_the_other_way({summer, spring})


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_both_schools_semesters_typed_day_first_are_refused_by_their_own_school_year(
    tmp_path: Path, engine: str
) -> None:
    """Both schools' semesters typed day first (one registrar keying both calendars): Semester 1
    read 9 January to 12 November 2026 at each, so each vouched for the other and the Semester 1
    classes were removed in mid-November at exit 0 (tester52 F3). Each starts months before its
    school's year-long term (17 August) and, read the other way round, lies inside it: D330."""
    from tests.conftest import FIXTURES

    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    terms = exports / "terms.txt"
    text = terms.read_text(encoding="utf-8")
    for school, end in (("100", "01/08/2027"), ("200", "01/15/2027")):
        month_first = f"3601\t{school}\t36\tSemester 1\tS1\t08/17/2026\t{end}"
        assert month_first in text
        text = text.replace(month_first, f"3601\t{school}\t36\tSemester 1\tS1\t01/09/2026\t11/12/2026")
    terms.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    options = api.RunOptions(
        profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15), engine=engine
    )
    result = api.run(options)
    assert result.exit_status == 1 and not out.exists()
    (refused,) = result.problems
    assert refused.code.id == "D330"
    assert refused.message.startswith(
        "term 'Semester 1' at school 100 reads 2026-01-09 to 2026-11-12 (written 01/09/2026 to 11/12/2026), months "
        "outside its school's year-long term, and read with day and month the other way round it is 2026-09-01 to "
        "2026-12-11, inside that school year ('2026-2027' 2026-08-17 to 2027-05-28): its dates were written day "
        "first"
    )
    assert "; and 1 more such term;" in refused.message


def _semester(school: str, start: str, end: str, name: str = "Semester 1") -> Term:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return Term(school, name, first, last, (first.strftime("%m/%d/%Y"), last.strftime("%m/%d/%Y")))


def test_two_of_five_schools_typed_day_first_are_judged_by_the_reading_most_schools_share() -> None:
    """Two schools' Semester 1 read 9 January to 12 November lie near each other, months from the
    three others', which they meet read the other way round: the nearest other school's term is
    no witness when it was typed the same wrong way (tester52 F3). No year-long term is exported."""
    from transform.pipeline.filters import _refuse_terms_read_the_other_way

    terms = {_semester(s, "2026-08-17", "2027-01-08") for s in ("1", "2", "3")}
    terms |= {_semester(s, "2026-01-09", "2026-11-12") for s in ("4", "5")}
    with pytest.raises(TransformAbort) as refused:
        _refuse_terms_read_the_other_way(terms)
    (problem,) = refused.value.problems
    assert problem.code.id == "D330" and problem.params["school"] == "4"
    assert "months from the term of its name at most other schools" in problem.message
    assert problem.params["more"] == "; and 1 more such term"


def test_schools_of_other_calendars_are_not_said_as_day_first() -> None:
    """A year-round school (Semester 1 from July), a school whose semester starts a week later, a
    summer session weeks past the last day, and two schools of five on another calendar whose
    dates, read the other way round, make no one's: their calendars, not misread dates."""
    from transform.pipeline.filters import _refuse_terms_read_the_other_way

    terms = {_semester(s, "2026-08-17", "2027-01-08") for s in ("1", "2", "3")}
    terms |= {_semester(s, "2026-08-03", "2027-06-04", "2026-2027") for s in ("1", "2", "3", "4", "5", "6")}
    terms.add(_semester("4", "2026-07-06", "2026-12-11"))  # year-round: 6 July, read 7 June the other way
    terms.add(_semester("5", "2026-08-24", "2027-01-12"))
    terms.add(_semester("5", "2027-06-07", "2027-07-09", "Summer"))
    terms |= {_semester(s, "2026-09-08", "2027-02-05") for s in ("6", "7")}
    _refuse_terms_read_the_other_way(terms)


def test_the_advice_for_a_birth_date_column_names_its_cleaner_and_works_as_written(tmp_path: Path) -> None:
    """SDS's Birthdate written day first, its terms month first (tester56 T2): D350 advised
    `clean: [{date: {day_first: true}}]`, which left the birth_date cleaner of the column's form
    reading month first: D350 again. The advice names the column's own cleaner, and the profile
    that follows it to the letter publishes."""
    import re

    terms = [("Fall", "08/17/2026", "12/18/2026")]
    exports, profile = _exports(tmp_path, terms=terms, birthdates=UK_BIRTHDATES)
    result = _run(exports, profile, tmp_path / "out", "2026-10-05")
    [said] = [p for p in result.problems if p.code.slug == "date-order-misread"]
    advice = re.search(r"(clean: \[.*?\]) on each column read from it", said.message)
    assert advice is not None and advice[1] == "clean: [{birth_date: {day_first: true}}]"
    _with_birthdate_reading(profile, f"{{column: Birthdate, {advice[1]}}}", day_first=False)
    followed = _run(exports, profile, tmp_path / "out2", "2026-10-05")
    assert not _refusals(followed) and followed.exit_status == 0 and followed.report.published


def _day_first_district(tmp_path: Path, terms: dict[str, str]) -> tuple[Path, Path]:
    """The PowerSchool district written day first (every N/N/YYYY of its exports turned round) and a
    profile reading it so; then `terms`' rows of terms.txt as one school typed them, month first."""
    import re

    from tests.conftest import FIXTURES

    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    for export in exports.glob("*.txt"):
        text = export.read_text(encoding="latin-1")  # byte for byte: students.txt is not UTF-8
        export.write_text(re.sub(r"\b(\d\d?)/(\d\d?)/(\d{4})\b", r"\2/\1/\3", text), encoding="latin-1")
    text = (exports / "terms.txt").read_text(encoding="latin-1")
    for day_first, month_first in terms.items():
        assert day_first in text
        text = text.replace(day_first, month_first)
    (exports / "terms.txt").write_text(text, encoding="latin-1")
    profile = tmp_path / "dayfirst.yaml"
    profile.write_text(
        'extends: powerschool\nname: dayfirst\nsettings: {date_formats: ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]}\n',
        encoding="utf-8",
    )
    return exports, profile


def test_one_school_typing_month_first_in_a_day_first_district_is_said_that_way_round(tmp_path: Path) -> None:
    """words64: a district read day first, whose school 200 typed its Semester 1 (1 September to 11 December)
    month first, 09/01/2026 - 12/11/2026, read 9 January to 12 November: D330 said "its dates were written day
    first and read month first", and its step "month first as the others", both backwards. The words say how
    the column reads and how the school typed, and the step the dates to type."""
    semester = {
        "3601\t200\t36\tSemester 1\tS1\t17/08/2026\t15/01/2027": "3601\t200\t36\tSemester 1\tS1\t09/01/2026\t12/11/2026"
    }
    exports, profile = _day_first_district(tmp_path, semester)
    result = _run(exports, profile, tmp_path / "out", "2026-10-15")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (refused,) = result.problems
    assert refused.code.id == "D330"
    assert "read with day and month the other way round it is 2026-09-01 to 2026-12-11" in refused.message
    assert "its dates were written month first and read day first, as the rest of the column is" in refused.message
    assert refused.params["step"] == (
        "correct the dates of term 'Semester 1' at school 200 in the SIS: the column is read day first, as the "
        "rest of it is written, and this school typed them month first; type them day first (01/09/2026 to "
        "11/12/2026)"
    )
    from transform.report import summary

    said = summary.next_step(result, out_dir=tmp_path / "out", explain_path=None, upload=False)
    assert said.startswith("Next: Correct the dates of term 'Semester 1' at school 200 in the SIS: the column is read")


def test_a_year_typed_month_first_in_a_day_first_district_is_no_day_first_typing(tmp_path: Path) -> None:
    """words64: D328's words were as backwards: school 200's year, 1 September 2026 to 11 June 2027, typed
    09/01/2026 - 06/11/2027 and read day first, 666 days."""
    row = "3600\t200\t36\t2026-2027\t26-27\t"
    year = {f"{row}17/08/2026\t28/05/2027": f"{row}09/01/2026\t06/11/2027"}
    exports, profile = _day_first_district(tmp_path, year)
    result = _run(exports, profile, tmp_path / "out", "2026-10-15")
    assert result.exit_status == 1 and not (tmp_path / "out").exists()
    (refused,) = result.problems
    assert refused.code.id == "D328"
    assert "its dates were written month first and read day first, as the rest of the column is (09/01/2026 " in (
        refused.message
    )
    assert "read as 9 January)" in refused.message
    assert str(refused.params["step"]).endswith("type them day first (01/09/2026 to 11/06/2027)")


def test_a_column_typed_day_first_whole_keeps_the_profiles_day_first_in_the_next_step(tmp_path: Path) -> None:
    """review201 R3: every term of both schools typed day first, none past the 12th (01/09/2026 to 11/06/2027):
    D350 cannot tell, D328 refuses. Its step said 'as the rest of it is written' of a column none of whose dates
    is written month first, and dropped the profile's one-line fix that HELP offers: the admin retyped one term
    a night. With no date of the column showing its order, the Next line offers day_first first."""
    from tests.conftest import FIXTURES
    from transform.report import summary

    exports = tmp_path / "in"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    rows = ["[13]ID\t[13]SchoolID\t[13]YearID\t[13]Name\t[13]Abbreviation\t[13]FirstDay\t[13]LastDay\t[13]IsYearRec"]
    for school in (100, 200):
        rows += [
            f"3600\t{school}\t36\t2026-2027\t26-27\t01/09/2026\t11/06/2027\t1",
            f"3601\t{school}\t36\tSemester 1\tS1\t01/09/2026\t08/01/2027\t0",
            f"3602\t{school}\t36\tSemester 2\tS2\t11/01/2027\t11/06/2027\t0",
        ]
    (exports / "terms.txt").write_text("\r\n".join(rows) + "\r\n", encoding="latin-1")
    out = tmp_path / "out"
    result = api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))
    assert result.exit_status == 1 and not out.exists()
    assert [p.code.id for p in result.problems] == ["D328"]
    said = summary.next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: The column is read month first, and none of its dates shows which way it is")
    assert "when the whole column is written day first, set the term dates' day_first: true in the profile" in said
    assert "as the rest of it is written" not in said
