"""An Infinite Campus extract of the current term's sections only, over the winter break (tester90
T3). Campus's term dates are the sections' own cells (no terms export): the night after Semester 1
ends, its sections and their term leave the extract together, and Semester 2 is not exported
before its first day. The dates the last set recorded are all that dates the ended term; by them
the break is a term change (exit 0), not 'export them and rerun' every night of it, and
--allow-rollover left in the job says nothing it contradicts. A term still running by those dates,
or a year-long term's sections gone, is still refused."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from transform import api
from transform.pipeline.ended_gone import Hole, TermsTonight, awaited, school_days_past
from transform.pipeline.filters import Term

YEAR = ["90001", "0430", "EN9", "English 9", "1", "7001", "", "26-27 Year", "08/20/2026", "06/03/2027", "1", "0"]
FALL = ["90002", "0430", "BI9", "Biology 9", "1", "7002", "", "S1", "08/20/2026", "12/18/2026", "2", "0"]


def write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    with (folder / name).open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle, lineterminator="\r\n")
        out.writerow(header)
        out.writerows(rows)


def campus(folder: Path, sections: list[list[str]]) -> Path:
    """One high school, two teachers, twenty students each in every section of `sections`."""
    folder.mkdir(parents=True)
    write(folder, "schools.csv", ["schoolID", "number", "name"], [["13", "0430", "Cedar Ridge High"]])
    write(
        folder,
        "staff.csv",
        ["personID", "staffNumber", "schoolNumber", "lastName", "firstName", "email", "teacher", "endDate"],
        [
            ["7001", "S7001", "0430", "Holm", "Greta", "gholm@x.example.org", "1", ""],
            ["7002", "S7002", "0430", "Asante", "Kofi", "kasante@x.example.org", "1", ""],
        ],
    )
    write(
        folder,
        "sections.csv",
        [
            "sectionID",
            "schoolNumber",
            "courseNumber",
            "courseName",
            "sectionNumber",
            "teacherPersonID",
            "teacher2PersonID",
            "termName",
            "termStartDate",
            "termEndDate",
            "periodName",
            "homeroomSection",
        ],
        sections,
    )
    people = [str(51000 + i) for i in range(20)]
    write(
        folder,
        "students.csv",
        [
            "personID",
            "studentNumber",
            "schoolNumber",
            "lastName",
            "firstName",
            "grade",
            "birthdate",
            "startDate",
            "endDate",
            "serviceType",
        ],
        [[p, "1" + p, "0430", f"Last{p}", f"First{p}", "09", "01/01/2011", "08/20/2026", "", "P"] for p in people],
    )
    write(
        folder,
        "roster.csv",
        ["personID", "sectionID", "startDate", "endDate"],
        [[p, section[0], "08/20/2026", ""] for p in people for section in sections],
    )
    write(
        folder,
        "contacts.csv",
        ["personID", "contactPersonID", "firstName", "lastName", "relationship", "guardian", "email"],
        [[p, "6" + p, f"Parent{p}", f"Last{p}", "Mother", "1", f"p{p}@mail.example.com"] for p in people],
    )
    return folder


def run(exports: Path, out: Path, night: dt.date, **flags: bool) -> api.RunResult:
    options = api.RunOptions(profile="infinite-campus", in_dir=exports, out_dir=out, as_of=night, **flags)
    return api.run(options)


def classes(out: Path) -> set[str]:
    with (out / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["sourcedId"] for row in csv.DictReader(handle)}


def test_the_break_after_a_current_term_only_extract_drops_the_ended_term_is_a_term_change(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(campus(tmp_path / "last-day", [YEAR, FALL]), out, dt.date(2026, 12, 18)).exit_status == 0
    assert len(classes(out)) == 2
    brk = campus(tmp_path / "break", [YEAR])
    for night in (dt.date(2026, 12, 19), dt.date(2026, 12, 21), dt.date(2027, 1, 4)):
        result = run(brk, out, night)
        assert result.exit_status == 0, [str(p) for p in result.report.aborts]
        assert not {"X906", "X907"} & set(result.report.counts)
    left_in = run(brk, out, dt.date(2027, 1, 4), allow_rollover=True)  # the flag left in the nightly job
    assert left_in.exit_status == 0 and "F454" not in left_in.report.counts


def test_a_running_terms_sections_gone_from_a_campus_extract_are_still_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(campus(tmp_path / "fall", [YEAR, FALL]), out, dt.date(2026, 12, 10)).exit_status == 0
    fall_gone = run(campus(tmp_path / "fall-gone", [YEAR]), out, dt.date(2026, 12, 11))  # S1 runs to the 18th
    assert fall_gone.exit_status == 1 and not fall_gone.report.published
    year_gone = run(campus(tmp_path / "year-gone", [FALL]), out, dt.date(2026, 12, 11))
    assert year_gone.exit_status == 1 and not year_gone.report.published


def test_a_cut_of_a_running_terms_class_is_refused_though_the_last_set_dated_it_ended(tmp_path: Path) -> None:
    """review212 R2: Semester 1 extended to 8 January after the last set was made (its sections now
    end then), and one of its classes gone. The term runs tonight at the school, its rows are
    tonight's: the last set's dates (ended the 18th) do not excuse the class gone, refused."""
    out = tmp_path / "out"
    geography = ["90005", "0430", "GE9", "Geography 9", "1", "7001", "", "S1", "08/20/2026", "12/18/2026", "4", "0"]
    assert run(campus(tmp_path / "last-day", [YEAR, FALL, geography]), out, dt.date(2026, 12, 18)).exit_status == 0
    extended = [*FALL[:9], "01/08/2027", *FALL[10:]]
    cut = run(campus(tmp_path / "cut", [YEAR, extended]), out, dt.date(2026, 12, 19))
    assert cut.exit_status == 1 and not cut.report.published
    assert "90005" in "".join(classes(out))  # the last set kept


def spring(start: str) -> list[str]:
    """Semester 2's Chemistry section, its first day `start`."""
    return ["90004", "0430", "CH9", "Chemistry 9", "1", "7002", "", "S2", start, "06/03/2027", "2", "0"]


def test_semester_2_never_exported_after_the_break_is_said_after_five_weeks_and_three_school_days(
    tmp_path: Path,
) -> None:
    """review212 R3, review217 R4: the extract never moved on to Semester 2 after the winter break. S1's
    classes left (their term ended), S2's never came, nothing published was removed: published at exit 0
    into February. The year-long term runs on, so a later term is to come; no row dates it, so it is
    taken to begin within 35 days of S1's last day, as a terms export's next term is awaited (Friday 18
    December: by Friday 22 January), and from the third school day after (Wednesday 27 January) it is
    said each night (X716, exit 1, published), until --allow-incomplete ends the wait."""
    out = tmp_path / "out"
    assert run(campus(tmp_path / "last-day", [YEAR, FALL]), out, dt.date(2026, 12, 18)).exit_status == 0
    brk = campus(tmp_path / "break", [YEAR])
    for night in (dt.date(2026, 12, 19), dt.date(2027, 1, 13), dt.date(2027, 1, 22), dt.date(2027, 1, 26)):
        quiet = run(brk, out, night)
        assert quiet.exit_status == 0 and "X716" not in quiet.report.counts, night
    for night in (dt.date(2027, 1, 27), dt.date(2027, 1, 28)):
        said = run(brk, out, night)
        assert said.exit_status == 1 and said.report.published and classes(out) == {"90001"}
        (problem,) = said.report.examples["X716"]
        assert "school 0430: no class of a term begun after 2026-12-18" in problem.message
        assert "'26-27 Year' (2026-08-20 to 2027-06-03) runs on" in problem.message
        assert "the SIS export job leaves it out" in problem.message
    allowed = run(brk, out, dt.date(2027, 1, 29), allow_incomplete=True)
    assert "X918" in allowed.report.counts and "X716" not in allowed.report.counts
    (ended,) = allowed.report.examples["X918"]
    assert "none of its classes reaches Remind: published" in ended.message and "without them" not in ended.message
    assert run(brk, out, dt.date(2027, 2, 1)).exit_status == 0  # the wait ended


def test_semester_2_exported_on_its_first_day_or_dated_ahead_or_no_semester_at_all_says_nothing(
    tmp_path: Path,
) -> None:
    """The honest districts: Semester 2's sections exported on its first day (the wait ends); exported
    ahead, dated 1 February (a long break: awaited by its date, published on it); a school of year-long
    classes only (no term of it ended: nothing awaited)."""
    nights = {
        "arrives": [
            ([YEAR, FALL], (2026, 12, 18)),
            ([YEAR], (2026, 12, 19)),
            ([YEAR, spring("01/05/2027")], (2027, 1, 5)),
        ],
        "dated": [([YEAR, FALL, spring("02/01/2027")], (2026, 12, 18)), ([YEAR, spring("02/01/2027")], (2026, 12, 19))],
        "year-only": [([YEAR], (2026, 12, 18)), ([YEAR], (2026, 12, 19))],
    }
    for name, held in nights.items():
        out = tmp_path / name / "out"
        for i, (sections, day) in enumerate(held):
            assert run(campus(tmp_path / name / str(i), sections), out, dt.date(*day)).exit_status == 0, (name, day)
        later = run(tmp_path / name / str(len(held) - 1), out, dt.date(2027, 1, 20))
        assert later.exit_status == 0 and "X716" not in later.report.counts, name


def test_only_the_sections_own_dates_leave_a_later_term_undated_and_a_year_over_awaits_none() -> None:
    """A terms export dates the school's terms: holding no later row, the school has none (nothing awaited,
    X977 refuses a dated one). Only the sections' own dates (no terms export) leave it undated (X716). A
    year-long term ending within 8 weeks of the ended term's last day (Semester 2's end) awaits none."""
    year = Term("0430", "26-27 Year", dt.date(2026, 8, 20), dt.date(2027, 6, 3))

    def after(gone: dt.date, tonight: dt.date, *, from_classes: bool) -> tuple[dict[str, str], list[Hole]]:
        terms = TermsTonight([year], tonight, gone, current={"Y": year}, from_classes=from_classes)
        terms.gone_at["0430"] = gone
        return awaited(terms, {}, year_long_days=200)

    keep, holes = after(dt.date(2026, 12, 18), dt.date(2027, 1, 27), from_classes=True)
    assert keep == {"0430": "2026-12-18"} and [(h.undated, h.row.name) for h in holes] == [(True, "26-27 Year")]
    assert after(dt.date(2026, 12, 18), dt.date(2027, 1, 26), from_classes=True) == ({"0430": "2026-12-18"}, [])
    assert after(dt.date(2026, 12, 18), dt.date(2027, 1, 27), from_classes=False) == ({}, [])
    assert after(dt.date(2027, 5, 14), dt.date(2027, 6, 1), from_classes=True) == ({}, [])
    assert school_days_past(dt.date(2027, 1, 8), dt.date(2027, 1, 13)) == 3  # Friday to Wednesday


def nights(tmp_path: Path, name: str, held: list[tuple[list[list[str]], tuple[int, int, int]]]) -> list[api.RunResult]:
    """Each night's run of one district, its exports holding the sections of `held`."""
    out = tmp_path / name / "out"
    return [
        run(campus(tmp_path / name / str(i), sections), out, dt.date(*day)) for i, (sections, day) in enumerate(held)
    ]


def test_a_short_course_ending_inside_a_running_semester_waits_for_the_semester_end(tmp_path: Path) -> None:
    """review226 R1: a Q1-only health course (ending 16 October) or a 2-week orientation (4 September)
    ending while Semester 1 runs on is no break: no later term is owed after it, and X716 was said every
    night until S1 ended. The wait starts at S1's end (18 December); S1 ending with S2 never exported is
    still said, 35 days and 3 school days after S1's last day."""
    health = ["90003", "0430", "HE9", "Health 9", "1", "7002", "", "Q1", "08/20/2026", "10/16/2026", "3", "0"]
    orient = [
        "90005",
        "0430",
        "OR9",
        "Orientation",
        "1",
        "7002",
        "",
        "Orientation",
        "08/20/2026",
        "09/04/2026",
        "4",
        "0",
    ]
    for short in (health, orient):
        ended = dt.date(*(int(x) for x in (short[9][6:], short[9][:2], short[9][3:5])))
        held = [([YEAR, FALL, short], (ended.year, ended.month, ended.day))]
        held += [([YEAR, FALL], day) for day in ((2026, 10, 19), (2026, 11, 11), (2026, 12, 1), (2026, 12, 18))]
        held += [([YEAR], day) for day in ((2026, 12, 21), (2027, 1, 26), (2027, 1, 27))]
        runs = nights(tmp_path, short[7], held)
        assert [r.exit_status for r in runs] == [0, 0, 0, 0, 0, 0, 0, 1], short[7]
        assert [sorted(c for c in r.report.counts if c == "X716") for r in runs][-2:] == [[], ["X716"]]


def test_a_five_week_break_at_a_campus_school_is_waited_out_as_at_a_terms_export_school(tmp_path: Path) -> None:
    """review226 R2: Semester 2 beginning five weeks after S1's last day (a long winter break, an
    intersession) was said missing (X716) from the 24th day at a Campus school, while a terms-export
    school waits NEXT_TERM_DAYS (35) quietly for its next term: the same allowance."""
    runs = nights(
        tmp_path,
        "five-weeks",
        [
            ([YEAR, FALL], (2026, 12, 18)),
            ([YEAR], (2026, 12, 21)),
            ([YEAR], (2027, 1, 13)),
            ([YEAR], (2027, 1, 20)),
            ([YEAR, spring("01/22/2027")], (2027, 1, 22)),
        ],
    )
    assert [(r.exit_status, "X716" in r.report.counts) for r in runs] == [(0, False)] * 5


def test_an_administrative_year_running_past_the_last_semester_awaits_no_term_all_summer(tmp_path: Path) -> None:
    """review226 R3: the year-long term dated as the administrative year (1 August to 31 July) runs on
    64 days past Semester 2's last day (28 May): said X716 all summer. A year row is no evidence of a
    term after the school's last one: an administrative year's end says nothing, only its first half
    does (S1 ending 18 December, S2 never exported, is still said)."""
    admin = [*YEAR[:8], "08/01/2026", "07/31/2027", *YEAR[10:]]
    last = ["90004", "0430", "CH9", "Chemistry 9", "1", "7002", "", "S2", "01/05/2027", "05/28/2027", "2", "0"]
    summer = [([admin, last], (2027, 5, 28))] + [([admin], day) for day in ((2027, 5, 31), (2027, 7, 8), (2027, 7, 30))]
    assert [(r.exit_status, "X716" in r.report.counts) for r in nights(tmp_path, "summer", summer)] == [(0, False)] * 4
    winter = [([admin, FALL], (2026, 12, 18)), ([admin], (2026, 12, 21)), ([admin], (2027, 1, 27))]
    assert [(r.exit_status, "X716" in r.report.counts) for r in nights(tmp_path, "winter", winter)][-1] == (1, True)


def test_semester_2_arriving_in_part_after_an_undated_wait_is_published_as_before(tmp_path: Path) -> None:
    """review226 R4: after X716's wait (no row dated S2), S2's classes holding 8 of S1's 20 students (a
    district whose S1-only course held every 9th grader) were refused (X977) on S2's first day, a refusal
    no version before had for a Campus school. The undated wait keeps no count: any students end it."""
    out = tmp_path / "out"
    assert run(campus(tmp_path / "a", [YEAR, FALL]), out, dt.date(2026, 12, 18)).exit_status == 0
    assert run(campus(tmp_path / "b", [YEAR]), out, dt.date(2026, 12, 21)).exit_status == 0
    part = campus(tmp_path / "c", [YEAR, spring("01/05/2027")])
    with (part / "roster.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    write(part, "roster.csv", rows[0], [r for r in rows[1:] if r[1] != "90004" or int(r[0]) < 51008])
    first = run(part, out, dt.date(2027, 1, 5))
    assert first.exit_status == 0 and first.report.published and "X977" not in first.report.counts
    assert classes(out) == {"90001", "90004"}
