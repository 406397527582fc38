"""Two demographics rows of one ID that disagree (a rule without `combine`): neither record is
kept, whatever the rows' order (V576), where the first row's record used to be published."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline.disagreeing import same_but_period

POWERSCHOOL = FIXTURES / "powerschool" / "district" / "in"
SKYWARD = FIXTURES / "skyward-sms" / "district" / "in"
FOCUS = FIXTURES / "focus" / "district" / "in"
ONEROSTER = FIXTURES / "oneroster" / "district" / "in"
AS_OF = dt.date(2026, 10, 15)


def with_repeat(
    source: Path, folder: Path, file: str, key: tuple[str, str], changes: dict[str, str], *, first: bool
) -> None:
    """The export, with the row whose `key` column holds its value listed once more, with
    `changes`: the copy before every row when `first`, else after the last. Lines are split
    as they are (no quoting in these files), so the other rows stay byte for byte."""
    shutil.copytree(source, folder)
    path = folder / file
    delimiter, encoding = ("\t", "cp1252") if file.endswith(".txt") else (",", "utf-8")
    header, *body = path.read_text(encoding=encoding).splitlines()
    at = {name: i for i, name in enumerate(header.split(delimiter))}
    copy = next(line.split(delimiter) for line in body if line.split(delimiter)[at[key[0]]] == key[1])
    for column, value in changes.items():
        copy[at[column]] = value
    body = [delimiter.join(copy), *body] if first else [*body, delimiter.join(copy)]
    path.write_text("\n".join([header, *body]) + "\n", encoding=encoding)


def run(in_dir: Path, out: Path, profile: str, target: str, engine: str = "auto") -> api.RunResult:
    return api.run(
        api.RunOptions(profile=profile, in_dir=in_dir, out_dir=out, as_of=AS_OF, target=target, engine=engine)
    )


def read(out: Path, table: str, column: str = "sourcedId") -> list[str]:
    with (out / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def in_both_orders(
    tmp_path: Path,
    source: Path,
    file: str,
    key: tuple[str, str],
    changes: dict[str, str],
    profile: str,
    target: str,
    engine: str = "auto",
) -> tuple[api.RunResult, api.RunResult]:
    """The run of the export with the repeated row first, and with it last: the same bytes."""
    results = []
    for first in (True, False):
        folder = tmp_path / f"in-{first}"
        with_repeat(source, folder, file, key, changes, first=first)
        results.append(run(folder, tmp_path / f"out-{first}", profile, target, engine))
    one, other = tmp_path / "out-True", tmp_path / "out-False"
    assert sorted(p.name for p in one.iterdir()) == sorted(p.name for p in other.iterdir())
    for produced in one.glob("*.csv"):
        assert produced.read_bytes() == (other / produced.name).read_bytes(), produced.name
    assert results[0].report.counts == results[1].report.counts
    return results[0], results[1]


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_two_birth_dates_of_one_student_keep_neither_in_either_order(tmp_path: Path, target: str) -> None:
    # Student 5002 (line 3, born 2/2/2020) listed again with another birth date: before every
    # row (line 2, the student's own row moves to line 4) or after the last (line 30). Whichever
    # row came first used to be published.
    before, after = in_both_orders(
        tmp_path, POWERSCHOOL, "students.txt", ("Student_Number", "5002"), {"DOB": "2/3/2020"}, "powerschool", target
    )
    for result, out, (first, second) in (
        (before, tmp_path / "out-True", (2, 4)),
        (after, tmp_path / "out-False", (3, 30)),
    ):
        assert result.exit_status == 0
        assert "5002" not in read(out, "demographics")
        assert read(out, "users").count("5002") == 1  # the student stays, without a birth date
        (conflict,) = result.report.examples["V576"]
        where = conflict.where
        assert (where.file, where.line, where.column, where.record) == ("students.txt", first, "birthDate", "5002")
        assert conflict.params["other"] == f"students.txt:{second}"
        assert conflict.code.severity.value == "warning" and conflict.code.action.value == "drop-row"
        assert {(p.where.line, p.where.table) for p in result.report.examples["V501"]} == {(second, "demographics")}


def test_an_exact_repeat_keeps_one_record_as_before(tmp_path: Path) -> None:
    before, after = in_both_orders(
        tmp_path, POWERSCHOOL, "students.txt", ("Student_Number", "5002"), {}, "powerschool", "remind"
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert read(out, "demographics").count("5002") == 1
        assert "V576" not in result.report.counts and "V501" not in result.report.counts
        assert {p.where.table for p in result.report.examples["V500"]} == {"users", "demographics"}


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_demographics_file_listing_a_student_twice_keeps_neither(tmp_path: Path, target: str) -> None:
    """The demographics from a file of their own (OneRoster input): the users know nothing of it."""
    before, after = in_both_orders(
        tmp_path,
        ONEROSTER,
        "demographics.csv",
        ("userSourcedId", "u-s2"),
        {"birthdate": "2014-12-02"},
        "oneroster",
        target,
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert "u-s2" not in read(out, "demographics") and "u-s1" in read(out, "demographics")
        assert "u-s2" in read(out, "users")
        (conflict,) = result.report.examples["V576"]
        # the column as the file heads it (its 1.0 leftover birthdate), the field in the message
        assert conflict.where.file == "demographics.csv" and conflict.where.column == "birthdate"
        dates = ("2014/12/01", "2014/12/02") if target == "remind" else ("2014-12-01", "2014-12-02")
        assert all(date in conflict.params["detail"] for date in dates)  # both, to find the wrong one


def test_a_birth_date_and_an_unreadable_one_keep_neither_where_none_is_allowed(tmp_path: Path) -> None:
    """--target oneroster lets a record go without a birth date (D305 blanks one it cannot
    read): a row with and a row without one used to publish whichever came first. Remind needs
    one (D304 leaves the row without it out), so there the other row's is kept, in any order."""
    changes = {"birthdate": "2014-13-01"}
    key = ("userSourcedId", "u-s2")
    before, after = in_both_orders(
        tmp_path / "spec", ONEROSTER, "demographics.csv", key, changes, "oneroster", "oneroster"
    )
    for result in (before, after):
        assert "u-s2" not in read(tmp_path / "spec" / "out-True", "demographics")
        (conflict,) = result.report.examples["V576"]
        assert (conflict.where.column, conflict.params["fields"]) == ("birthdate", "birthDate")
    before, after = in_both_orders(
        tmp_path / "remind", ONEROSTER, "demographics.csv", key, changes, "oneroster", "remind"
    )
    assert "u-s2" in read(tmp_path / "remind" / "out-True", "demographics")
    assert "V576" not in before.report.counts and "V576" not in after.report.counts


def teachers(out: Path, class_id: str) -> list[str]:
    with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle)
        return sorted(r["userSourcedId"] for r in rows if r["classSourcedId"] == class_id and r["role"] == "teacher")


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_class_row_with_another_title_and_teacher_keeps_neither_in_either_order(tmp_path: Path, engine: str) -> None:
    """Class K-01 (Kindergarten, period AM, teacher 901) listed again as Chemistry with teacher
    902, the same course and section: the first row's title and teacher used to be published with
    every student of the ID, the other's in the other row order (tester28 R3). The titles differ
    in more than the period: two classes under one ID, neither kept, as for another course."""
    changes = {"COURSE-DESC": "Chemistry", "STAFF-ID": "902"}
    before, after = in_both_orders(
        tmp_path, SKYWARD, "class.csv", ("CLASS-ID", "K-01"), changes, "skyward-sms", "remind", engine
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert result.exit_status == 0, result.problems
        assert "001-K-01" not in read(out, "classes")
        assert "001-K-01" not in read(out, "enrollments", "classSourcedId")
        (conflict,) = result.report.examples["V576"]
        assert (conflict.params["table"], conflict.params["id"], conflict.where.column) == (
            "classes",
            "001-K-01",
            "title",
        )
        assert [p.where.record for p in result.report.examples["V501"]] == ["001-K-01"]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_section_meeting_in_another_period_is_one_class_in_either_order(tmp_path: Path, engine: str) -> None:
    """Class K-01 listed again for period PM with teacher 902: one section meeting twice, whose
    titles differ only in the period. One class, whatever the rows' order: the record lowest in
    text order ("Kindergarten - AM", V508), with both rows' teachers; the row read second's
    teacher used to be left out with its row (V532), and its title published when it came first."""
    changes = {"PERIOD": "PM", "STAFF-ID": "902"}
    before, after = in_both_orders(
        tmp_path, SKYWARD, "class.csv", ("CLASS-ID", "K-01"), changes, "skyward-sms", "remind", engine
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert result.exit_status == 0, result.problems
        assert read(out, "classes").count("001-K-01") == 1
        assert "Kindergarten - AM" in read(out, "classes", "title")
        assert teachers(out, "001-K-01") == ["901", "902"]
        (said,) = result.report.examples["V508"]
        assert (said.params["field"], said.params["kept"], said.params["value"]) == (
            "title",
            "Kindergarten - AM",
            "Kindergarten - PM",
        )
        assert not {"V501", "V532", "V576"} & set(result.report.counts)


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_an_enrolment_id_on_two_classes_keeps_neither_in_either_order(tmp_path: Path, engine: str) -> None:
    """Enrolment E-1 (student S-3301 in C-PK1) listed again for class C-K1: the first row's
    enrolment used to be published, so the row order decided which class she lost (tester28
    R4). One ID names one enrolment: neither is kept (V576), and C-PK1, whose only student she
    was, is left empty and out (F412) with its teacher's enrolment."""
    before, after = in_both_orders(
        tmp_path, FOCUS, "enrollments.csv", ("sourcedId", "E-1"), {"classSourcedId": "C-K1"}, "focus", "remind", engine
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert result.exit_status == 0, result.problems
        enrolments = read(out, "enrollments")
        assert "E-1" not in enrolments and {"E-2", "E-3"} <= set(enrolments)
        assert "C-PK1" not in read(out, "classes") and "E-4" not in enrolments
        (conflict,) = result.report.examples["V576"]
        assert (conflict.params["id"], conflict.where.column) == ("E-1", "classSourcedId")
        assert result.report.counts["V501"] == 1 and result.report.counts["F412"] == 1


@pytest.mark.parametrize(
    ("one", "two", "same"),
    [
        (("Art - 7", "7"), ("Art - 8", "8"), True),  # skyward-sms, infinite-campus: "{course} - {period}"
        (("Art - 7", "7"), ("Art - 17", "17"), True),
        (("Math 5 - 1(A)", "1(A)"), ("Math 5 - 2-3(A)", "2-3(A)"), True),  # powerschool: Expression
        (("Algebra 1 - P1", "1"), ("Algebra 1 - P2", "2"), True),  # synergy, aeries: "P{period}"
        (("Math 5 (Period 1)", "1"), ("Math 5 (Period 2)", "2"), True),  # a free title (OneRoster, SDS)
        (("Art - 7", "7"), ("Chemistry - 7", "7"), False),  # tester28 R3
        (("Art - 7", "7"), ("Art Honors - 8", "8"), False),
        (("Biology", ""), ("Biology II", ""), False),  # no periods: any other title is another class
    ],
)
def test_titles_that_differ_only_in_the_period(one: tuple[str, str], two: tuple[str, str], same: bool) -> None:
    """Every bundled profile's class title made of a period: rows of one section meeting twice."""
    records = [{"title": title, "periods": periods} for title, periods in (one, two)]
    assert same_but_period(*records) is same
    assert same_but_period(*reversed(records)) is same


@pytest.mark.parametrize("target", ["remind", "oneroster"])
def test_a_school_listed_twice_with_two_names_keeps_the_lower_name_in_either_order(tmp_path: Path, target: str) -> None:
    """School 100 listed again as 'Lincoln Elementary' (its row says 'Lincoln Elementary School'):
    the first row's name was published (V501), and the same rows in another order published the
    other (tester51 F6). Neither kept would take every person of the school with it: the name
    lower in text order is kept, said (V508), in any order."""
    before, after = in_both_orders(
        tmp_path,
        POWERSCHOOL,
        "schools.txt",
        ("School_Number", "100"),
        {"Name": "Lincoln Elementary"},
        "powerschool",
        target,
    )
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert result.exit_status == 0 and "V501" not in result.report.counts
        assert "Lincoln Elementary" in read(out, "orgs", "name")
        (said,) = result.report.examples["V508"]
        assert (said.where.table, said.where.column, said.params["kept"]) == ("orgs", "Name", "Lincoln Elementary")
        assert said.params["value"] == "Lincoln Elementary School"


@pytest.mark.parametrize(
    ("file", "key", "changes", "table", "column", "kept"),
    [
        ("courses.csv", ("sourcedId", "c-read2"), {"title": "Reading Two"}, "courses", "title", "Reading 2"),
        (
            "academicSessions.csv",
            ("sourcedId", "s1-2027"),
            {"endDate": "2027-01-22"},
            "academicSessions",
            "endDate",
            "2027-01-15",
        ),
    ],
)
def test_a_course_or_a_term_listed_twice_keeps_the_lower_record_in_either_order(
    tmp_path: Path, file: str, key: tuple[str, str], changes: dict[str, str], table: str, column: str, kept: str
) -> None:
    """The strict target's courses.csv and academicSessions.csv kept the first row of an ID two rows
    gave different data (tester51 F6b): a course's title, Semester 1's end date followed the row order."""
    before, after = in_both_orders(tmp_path, ONEROSTER, file, key, changes, "oneroster", "oneroster")
    for result, out in ((before, tmp_path / "out-True"), (after, tmp_path / "out-False")):
        assert "V501" not in result.report.counts
        assert kept in read(out, table, column)
        assert any(p.where.table == table and p.params["kept"] == kept for p in result.report.examples["V508"])
