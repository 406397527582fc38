"""Rows that start later are not current: next school year's enrolment of a student (Infinite
Campus writes it beside this year's, one grade up), a transfer booked ahead. Profiles left out
rows that had ended but read these as current, so the student had two rows with different
schools and grades: taken for two people under one ID, neither was published (exit 0). A row
starting more than the term filter's window (21 days) after the as-of date is left out (F426);
one starting within it (the days before school starts) is rostered, as the upcoming term is."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_columnar import both_engines
from transform import api
from transform.profile.compile import AsOf, as_of_days

STUDENTS = FIXTURES / "infinite-campus" / "district" / "in"
HARPER = "51234,1100234,0410,Whitfield,Harper,,03,04/22/2018,,08/20/2026,,P,English"


def district(tmp_path: Path, *extra: str, harper: str = HARPER) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(STUDENTS, folder)
    path = folder / "students.csv"
    text = path.read_text(encoding="utf-8")
    assert HARPER in text
    text = text.replace(HARPER, harper)
    path.write_text(text.rstrip("\n") + "\n" + "\n".join(extra) + "\n", encoding="utf-8")
    return folder


def run(
    tmp_path: Path, as_of: dt.date, *extra: str, harper: str = HARPER
) -> tuple[api.RunResult, list[dict[str, str]]]:
    options = api.RunOptions(
        profile="infinite-campus",
        in_dir=district(tmp_path, *extra, harper=harper),
        out_dir=tmp_path / "out",
        as_of=as_of,
    )
    result = api.run(options)
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        harper = [r for r in csv.DictReader(handle) if r["sourcedId"] == "51234"]
    return result, harper


def test_next_years_row_leaves_this_years_student_as_she_is(tmp_path: Path) -> None:
    next_year = "51234,1100234,0420,Whitfield,Harper,,04,04/22/2018,,08/19/2027,,P,English"
    result, harper = run(tmp_path, dt.date(2027, 5, 10), next_year)
    assert result.exit_status == 0
    assert [(r["orgSourcedIds"], r["grades"]) for r in harper] == [("0410", "03")]
    assert result.report.counts["F426"] == 1
    assert result.report.counts.get("V537", 0) == 0


def test_a_transfer_booked_weeks_ahead_waits_for_its_day(tmp_path: Path) -> None:
    leaves = "51234,1100234,0410,Whitfield,Harper,,03,04/22/2018,,08/20/2026,11/13/2026,P,English"
    arrives = "51234,1100234,0420,Whitfield,Harper,,03,04/22/2018,,11/16/2026,,P,English"
    # The fixture's own row has no end date: the transfer's first half takes its place.
    result, harper = run(tmp_path, dt.date(2026, 10, 5), arrives, harper=leaves)
    assert [r["orgSourcedIds"] for r in harper] == ["0410"]
    assert result.report.counts["F426"] == 1


@pytest.mark.parametrize("arrival_first", [False, True])
def test_a_transfer_booked_days_ahead_leaves_the_student_where_she_is(tmp_path: Path, arrival_first: bool) -> None:
    """Within the 21 days rostered ahead, the new school's row was taken for a second person
    under her ID (V537): she was left out, with her enrolments and guardian links, until the
    transfer started. The current row is published, the new one waits (F427), in either order."""
    leaves = "51234,1100234,0410,Whitfield,Harper,,03,04/22/2018,,08/20/2026,11/13/2026,P,English"
    arrives = "51234,1100234,0420,Whitfield,Harper,,03,04/22/2018,,11/16/2026,,P,English"
    extra = (leaves,) if arrival_first else (arrives,)
    result, harper = run(tmp_path, dt.date(2026, 11, 5), *extra, harper=arrives if arrival_first else leaves)
    assert result.exit_status == 0
    assert [(r["orgSourcedIds"], r["agentSourcedIds"]) for r in harper] == [("0410", "G60010")]
    assert result.report.counts.get("V537", 0) == 0
    (waits,) = result.report.examples["F427"]
    assert waits.params["starts"] == "11/16/2026" and waits.params["days"] == "21"
    assert waits.where.line == (2 if arrival_first else 7)


# The students' rule after the staff's: a staff member's record is kept before the students'.
STAFF_FIRST = """\
name: staff-first
extends: infinite-campus
tables:
  users:
    students: null
    zstudents:
      from: students
      where:
        primary: {field: "{serviceType}", op: equals, value: P, allow_empty: true, reason: row-filtered}
        enrolled: {field: "{endDate}", op: date_ge, value: as_of, allow_empty: true, reason: inactive-student}
        started: {field: "{startDate}", op: date_le, value: "as_of+21", allow_empty: true, invalid_date: keep,
                   reason: not-started}
      columns:
        sourcedId: {column: personID, clean: [id]}
        orgSourcedIds: {column: schoolNumber, clean: [id]}
        role: student
        givenName: {column: firstName, clean: [name]}
        familyName: {column: lastName, clean: [name]}
        identifier: {column: studentNumber, clean: [id]}
        grades: {column: grade, map: grades}
"""


def test_a_staff_members_id_on_a_student_row_starting_ahead_is_still_two_people(tmp_path: Path) -> None:
    """Not a transfer: a staff member (Greta Holm, personID 7001 in staff.txt, kept first) and a
    student row under that ID starting next week are two people under one ID (V537), not a row
    that waits (F427)."""
    person = "7001"
    assert (STUDENTS / "staff.txt").read_text(encoding="utf-8").splitlines()[1].startswith(f"{person}\t")
    arrives = f"{person},1100999,0420,Stone,Ava,,03,04/22/2018,,11/16/2026,,P,English"
    profile = tmp_path / "staff-first.yaml"
    profile.write_text(STAFF_FIRST, encoding="utf-8")
    result = api.run(
        api.RunOptions(
            profile=str(profile),
            in_dir=district(tmp_path, arrives),
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 11, 5),
        )
    )
    assert "F427" not in result.report.counts
    assert [p.params["id"] for p in result.report.examples["V537"]] == [person]


@pytest.mark.parametrize(("engine", "jobs"), [("python", 1), ("columnar", 1), ("columnar", 2), ("python", 2)])
def test_a_transfers_enrolments_at_the_new_school_wait_with_her(tmp_path: Path, engine: str, jobs: int) -> None:
    """Her new school's class (Science 7 at 0420, rostered from 11/16) was published while her
    row there waited (F427): the set enrolled her in a class of a school she was not at. It
    waits with her (F430), in either engine and process layout; on the day, both are published."""
    leaves = "51234,1100234,0410,Whitfield,Harper,,03,04/22/2018,,08/20/2026,11/13/2026,P,English"
    arrives = "51234,1100234,0420,Whitfield,Harper,,03,04/22/2018,,11/16/2026,,P,English"
    folder = district(tmp_path, arrives, harper=leaves)
    with (folder / "roster.csv").open("a", encoding="utf-8") as roster:  # her old classes' rows stay open
        roster.write("51234,90011,11/16/2026,\n")
    for as_of, school, waits in ((dt.date(2026, 11, 5), "0410", True), (dt.date(2026, 11, 16), "0420", False)):
        out = tmp_path / f"out-{as_of}"
        result = api.run(
            api.RunOptions(profile="infinite-campus", in_dir=folder, out_dir=out, as_of=as_of, engine=engine, jobs=jobs)
        )
        assert result.exit_status == 0
        with (out / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
            rows = [r for r in csv.DictReader(handle) if r["userSourcedId"] == "51234"]
        assert school in {r["schoolSourcedId"] for r in rows}
        assert all(r["schoolSourcedId"] == "0410" for r in rows) is waits
        assert ("90011" in {r["classSourcedId"] for r in rows}) is not waits
        assert result.report.counts.get("F430", 0) == waits
        if waits:
            (wait,) = result.report.examples["F430"]
            assert (wait.where.file, wait.params["school"], wait.params["starts"]) == (
                "roster.csv",
                "0420",
                "11/16/2026",
            )


def test_another_person_under_her_id_starting_ahead_is_two_people(tmp_path: Path) -> None:
    """Review: Liam Novak, another student, under Harper's personID from 11/16: not her transfer.
    F427 published Harper with Liam's enrolment; the ID is two people's (V537), as before."""
    liam = "51234,1100999,0420,Novak,Liam,,08,02/14/2012,,11/16/2026,,P,English"
    result, harper = run(tmp_path, dt.date(2026, 11, 5), liam)
    assert harper == [] and "F427" not in result.report.counts
    assert [p.params["id"] for p in result.report.examples["V537"]] == ["51234"]


def test_a_conflict_of_two_current_rows_is_not_taken_for_a_transfer(tmp_path: Path) -> None:
    """Two current rows disagree (V537: neither is kept); a third row starting ahead does not
    say that "the current row is published"."""
    other_grade = "51234,1100234,0410,Whitfield,Harper,,04,04/22/2018,,08/20/2026,,P,English"
    arrives = "51234,1100234,0420,Whitfield,Harper,,03,04/22/2018,,11/16/2026,,P,English"
    result, harper = run(tmp_path, dt.date(2026, 11, 5), other_grade, arrives)
    assert harper == [] and "F427" not in result.report.counts
    assert result.report.counts["V537"] == 1


def test_two_rows_starting_ahead_are_still_two_people(tmp_path: Path) -> None:
    """Before the first day of school, two rows of one ID at two schools: neither is current,
    so the tool cannot tell which is right (V537), as before."""
    other = "51234,1100234,0420,Whitfield,Harper,,03,04/22/2018,,08/20/2026,,P,English"
    result, harper = run(tmp_path, dt.date(2026, 8, 10), other)
    assert harper == []
    assert result.report.counts["V537"] == 1
    assert "F427" not in result.report.counts


def test_the_transfers_first_day_publishes_the_new_school(tmp_path: Path) -> None:
    leaves = "51234,1100234,0410,Whitfield,Harper,,03,04/22/2018,,08/20/2026,11/13/2026,P,English"
    arrives = "51234,1100234,0420,Whitfield,Harper,,03,04/22/2018,,11/16/2026,,P,English"
    result, harper = run(tmp_path, dt.date(2026, 11, 16), arrives, harper=leaves)
    # The fixture's roster rows of her 0410 classes have no end date (the SIS seldom ends them
    # the day she leaves): they follow her ended row at 0410 (F431), and 0410 is not given
    # back to her (V593). She is published at her new school only.
    assert [r["orgSourcedIds"] for r in harper] == ["0420"]
    assert not any(p.where.record == "51234" for p in result.report.examples.get("V593", []))
    left = [p for p in result.report.examples["F431"] if p.params["user"] == "51234"]
    assert {(p.params["school"], p.params["current"]) for p in left} == {("0410", "0420")}
    assert {p.params["class_id"] for p in left} == {"90001", "90002"}
    assert not {"F427", "V537"} & set(result.report.counts)


def test_rows_starting_within_the_window_are_rostered(tmp_path: Path) -> None:
    """Ten days before the first day of school every row starts in the future: all are kept."""
    result, harper = run(tmp_path, dt.date(2026, 8, 10))
    assert [r["orgSourcedIds"] for r in harper] == ["0410"]
    assert [p for p in result.report.examples.get("F426", []) if p.where.file == "students.csv"] == []


@pytest.mark.parametrize(
    ("text", "days"), [("as_of", 0), ("as_of+21", 21), ("as_of-7", -7), (" as_of + 3 ", 3), ("2026-01-01", None)]
)
def test_as_of_with_days(text: str, days: int | None) -> None:
    found = as_of_days(text)
    assert (found.days if found else None) == days


def test_as_of_at_the_end_of_time() -> None:
    assert AsOf(21).date(dt.date.max) == dt.date.max


def test_the_checker_refuses_an_as_of_it_cannot_read(tmp_path: Path) -> None:
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: x\nextends: infinite-campus\ntables:\n  users:\n    students:\n      where:\n"
        "        started: {field: '{startDate}', op: date_le, value: as_of+three, reason: not-started}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(district))
    assert any("as_of+N" in str(p.params.get("detail", "")) for p in problems)


def test_a_start_date_that_is_no_date_holds_no_row_back(tmp_path: Path) -> None:
    folder = district(tmp_path)
    path = folder / "students.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(HARPER, HARPER.replace("08/20/2026", "13/45/2026")))
    result = api.run(
        api.RunOptions(profile="infinite-campus", in_dir=folder, out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 5))
    )
    with (tmp_path / "out" / "users.csv").open(encoding="utf-8", newline="") as handle:
        assert [r["orgSourcedIds"] for r in csv.DictReader(handle) if r["sourcedId"] == "51234"] == ["0410"]
    assert result.report.counts["D356"] == 1
    assert result.report.counts.get("D313", 0) == 0


# --- the days the term filter looks ahead, one setting for the classes and their people ---------

ROSTERING = FIXTURES / "powerschool" / "rostering"
LONG_BREAK = "3601\t100\tSemester 1\tS1\t08/17/2026\t12/11/2026"  # Alder's S2 starts 01/11/2027


def long_winter_break(tmp_path: Path, window: int | None) -> tuple[Path, Path]:
    """Cedar district (rostering) with Alder Elementary's first semester ending on 11 December,
    four weeks before the second: the second semester's ELA (section 103) has its students'
    cc rows and its teacher's from its first day, 11 January, and the district's profile looks
    `window` days ahead."""
    folder = tmp_path / "in"
    shutil.copytree(ROSTERING / "in", folder)
    terms = folder / "terms.txt"
    text = terms.read_text(encoding="utf-8")
    assert "3601\t100\tSemester 1\tS1\t08/17/2026\t01/08/2027" in text
    terms.write_text(text.replace("08/17/2026\t01/08/2027", "08/17/2026\t12/11/2026"), encoding="utf-8")
    cc = folder / "cc.txt"
    lines = cc.read_text(encoding="utf-8").splitlines()
    lines = [line.replace("08/17/2026", "01/11/2027") if line.split("\t")[1] == "103" else line for line in lines]
    cc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = tmp_path / "district.yaml"
    looks = "" if window is None else f"filters:\n  current_term:\n    window_days: {window}\n"
    profile.write_text(f"name: cedar-window\nextends: {ROSTERING / 'district.yaml'}\n{looks}", encoding="utf-8")
    return folder, profile


def published(out: Path, name: str, column: str) -> list[str]:
    with (out / name).open(encoding="utf-8", newline="") as handle:
        return sorted(row[column] for row in csv.DictReader(handle))


def test_a_longer_window_rosters_the_next_terms_classes_with_their_students(tmp_path: Path) -> None:
    """tester17 F12: `window_days: 40` added the second semester's class, four weeks ahead, but
    its cc rows were left out as starting after "the weeks the term filter looks ahead" (the
    bundled `as_of+21`), so the class came out empty and was dropped. The profile's `started:`
    conditions now say `as_of+window`: one setting moves the classes and their people."""
    exports, profile = long_winter_break(tmp_path, 40)
    python, _ = both_engines(tmp_path, profile=str(profile), in_dir=exports, as_of=dt.date(2026, 12, 14))
    assert python.exit_status == 0
    enrolled = published(tmp_path / "python", "enrollments.csv", "classSourcedId")
    assert enrolled.count("103") == 4  # three students and their teacher
    assert "102" not in enrolled  # the first semester has ended
    assert "F426" not in python.report.counts


def test_the_default_window_leaves_a_term_four_weeks_ahead_and_its_students_out(tmp_path: Path) -> None:
    """Without the setting (21 days), neither the class nor its students are rostered yet, and a
    student joining a current class in four weeks waits, as before (F426, naming the window)."""
    exports, profile = long_winter_break(tmp_path, None)
    cc = exports / "cc.txt"
    cc.write_text(cc.read_text(encoding="utf-8") + "5\t207\t3600\t200\t01/11/2027\t05/29/2027\n", encoding="utf-8")
    python, _ = both_engines(tmp_path, profile=str(profile), in_dir=exports, as_of=dt.date(2026, 12, 14))
    assert "103" not in published(tmp_path / "python", "classes.csv", "sourcedId")
    (waits,) = [p for p in python.report.examples["F426"] if p.where.file == "cc.txt"]
    assert "as_of+window (21 days)" in waits.params["condition"]


def test_as_of_window_is_the_profiles_window() -> None:
    assert as_of_days("as_of+window", 40) == AsOf(40)
    assert as_of_days(" as_of + window ", 21) == AsOf(21)


def test_the_checker_takes_as_of_window(tmp_path: Path) -> None:
    district = tmp_path / "district.yaml"
    district.write_text(
        "name: x\nextends: infinite-campus\ntables:\n  users:\n    students:\n      where:\n"
        "        started: {field: '{startDate}', op: date_le, value: as_of+window, reason: not-started}\n",
        encoding="utf-8",
    )
    _, problems = api.check_profile(str(district))
    assert problems == []
