"""A SIS job that exports the current term's sections and schedules only (tester58 F4), night
after night with the state carried: the winter break and the new term's first night are
ordinary nights (exit 0), a cut on the new term's first night is still refused.

Over the break such an export still holds the ended semester's classes. Where the terms export
lists the next semester (PowerSchool terms.txt), X977 refused every break night ("the classes
exported are of ended terms only") while Skyward, whose terms are only the class rows', said the
break (F443, exit 0): now both say F443 until the new term's first day, and X977 from it. On the
new term's first night the export holds the new semester's classes only: the last set's classes,
no longer exported, were all removed (X906, 100%, every night until --allow-rollover), though
by the dates the last set recorded their term had ended and the next one of the school year had
begun. Now the calendar explains them (X937), unless tonight's set leaves students in no class.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.test_next_term_classes_missing import classes, run
from tests.test_semester_only_district import SEMESTER_1, SEMESTER_2, district
from transform import api

PS_FIRST_SEMESTER = b"3601"
PS_SECOND_SEMESTER = b"3602"


def powerschool_current_term(folder: Path, term: bytes, *, year_long: bool = True, one_calendar: bool = False) -> Path:
    """The PowerSchool sample district as a job exporting one semester's sections and schedules
    (and the year-long ones, unless not `year_long`): terms.txt lists every term of the year.
    `one_calendar`: school 200's semesters dated as school 100's (Semester 1 to 8 January,
    Semester 2 from the 11th), not to the 15th and from the 19th."""
    exports = folder / f"in-{term.decode()}-{year_long}-{one_calendar}"
    shutil.copytree(FIXTURES / "powerschool" / "district" / "in", exports)
    wanted = (b"3600", term) if year_long else (term,)
    for name, column in (("sections.txt", 4), ("cc.txt", 2)):
        lines = (exports / name).read_bytes().split(b"\r\n")
        kept = [line for line in lines[1:] if line and line.split(b"\t")[column] in wanted]
        (exports / name).write_bytes(b"\r\n".join([lines[0], *kept, b""]))
    if one_calendar:
        terms = exports / "terms.txt"
        dates = terms.read_bytes().replace(b"01/15/2027", b"01/08/2027")
        terms.write_bytes(dates.replace(b"01/19/2027", b"01/11/2027"))
    return exports


def powerschool(exports: Path, out: Path, as_of: dt.date) -> api.RunResult:
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of))


def codes_of(result: api.RunResult) -> set[str]:
    return set(result.report.counts)


def test_the_break_after_the_first_semester_is_nothing_due_until_the_next_one_starts(tmp_path: Path) -> None:
    """Semester classes only; Semester 1 ends on Friday 8 January, Semester 2 starts on Monday the
    11th. The export still of Semester 1 over the weekend: a break (F443, exit 0, nothing
    published), naming the day from which X977 refuses; from that day, X977 (was: X977 on every
    night of the break, where Skyward said F443)."""
    out = tmp_path / "out"
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, year_long=False, one_calendar=True)
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    published = (out / "classes.csv").read_bytes()
    for night in (dt.date(2027, 1, 9), dt.date(2027, 1, 10)):
        paused = powerschool(first, out, night)
        assert paused.exit_status == api.EXIT_PUBLISHED and not paused.report.published, night
        assert "X977" not in codes_of(paused)
        (said,) = paused.report.examples["F443"]
        assert said.params["due"] == "2027-01-11" and said.params["refused"] == "X977"
        assert "the last (Semester 1) on 2027-01-08" in said.message
        assert (out / "classes.csv").read_bytes() == published
    late = powerschool(first, out, dt.date(2027, 1, 11))  # Semester 2 has started: the export is late
    assert late.exit_status == 1 and [p.code.id for p in late.problems] == ["X977"]
    assert late.problems[0].params["term"] == "Semester 2"
    assert (out / "classes.csv").read_bytes() == published


def test_a_term_started_at_one_school_is_no_break(tmp_path: Path) -> None:
    """School 100's Semester 2 started on 11 January, school 200's starts on the 19th: on the 16th,
    both schools' Semester 1 ended, the export still of Semester 1 is refused at once (X977 names
    school 100's Semester 2), not a break."""
    out = tmp_path / "out"
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, year_long=False)
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    result = powerschool(first, out, dt.date(2027, 1, 16))
    assert result.exit_status == 1 and [p.code.id for p in result.problems] == ["X977"]
    assert result.problems[0].params["start"] == "2027-01-11"


def test_the_new_semesters_first_night_is_a_term_change(tmp_path: Path) -> None:
    """PowerSchool with year-long classes: the first night both schools are in Semester 2, the
    export holds the year-long and Semester 2 sections only. The Semester 1 classes, no longer
    exported, ended by the dates the last set recorded: explained (X937), published, exit 0."""
    out = tmp_path / "out"
    assert powerschool(powerschool_current_term(tmp_path, PS_FIRST_SEMESTER), out, dt.date(2027, 1, 8)).exit_status == 0
    before = (out / "classes.csv").read_text()
    second = powerschool_current_term(tmp_path, PS_SECOND_SEMESTER)
    result = powerschool(second, out, dt.date(2027, 1, 19))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "X906" not in codes_of(result)
    (said, *_) = result.report.examples["X937"]
    assert "Semester 1 ended 2027-01-15, by the last published set" in said.message
    assert "as the dates the last published set recorded say" in said.message
    after = (out / "classes.csv").read_text()
    assert ",1003," not in after and "1004" in after and "2006" in after and "1003" in before


def test_a_semester_only_district_publishes_every_night_of_the_term_change(tmp_path: Path) -> None:
    """Skyward, semester classes only, a current-term-only export: the last night of Semester 1,
    the break (F443), the first night of Semester 2 (X937, exit 0) and the night after."""
    out = tmp_path / "out"
    first, second = district(tmp_path, semester_2=False), tmp_path / "in-s2"
    shutil.copytree(district(tmp_path / "whole"), second)
    for name in ("class.csv", "schedule.csv"):  # Semester 2's rows only
        lines = (second / name).read_text().splitlines(keepends=True)
        (second / name).write_text("".join([lines[0], *(line for line in lines[1:] if "-2," in line)]))
    nights = [
        (first, dt.date(2027, 1, 15), api.EXIT_PUBLISHED, SEMESTER_1),
        (first, dt.date(2027, 1, 18), api.EXIT_PUBLISHED, SEMESTER_1),  # the break: nothing due (F443)
        (second, dt.date(2027, 1, 19), api.EXIT_PUBLISHED, SEMESTER_2),
        (second, dt.date(2027, 1, 20), api.EXIT_PUBLISHED, SEMESTER_2),
    ]
    for exports, night, status, expected in nights:
        result = run(exports, out, night)
        assert result.exit_status == status, (night, [str(p) for p in result.problems])
        assert classes(out) == expected, night
    assert "F443" in codes_of(run(first, out, dt.date(2027, 1, 18)))


def test_a_cut_on_the_new_semesters_first_night_is_still_refused(tmp_path: Path) -> None:
    """The same first night of Semester 2 with the schedule export cut: the Semester 1 classes
    ended, but students who had a class would be in none tonight (more than the users' limit):
    the new term's enrolments are not all there. Refused (X906, naming them), as before."""
    out = tmp_path / "out"
    first, second = district(tmp_path, semester_2=False), tmp_path / "in-s2"
    shutil.copytree(district(tmp_path / "whole"), second)
    for name in ("class.csv", "schedule.csv"):
        lines = (second / name).read_text().splitlines(keepends=True)
        (second / name).write_text("".join([lines[0], *(line for line in lines[1:] if "-2," in line)]))
    schedule = (second / "schedule.csv").read_text().splitlines(keepends=True)
    (second / "schedule.csv").write_text("".join(schedule[:-2]))  # the last two students' rows gone
    assert run(first, out, dt.date(2027, 1, 15)).exit_status == api.EXIT_PUBLISHED
    result = run(second, out, dt.date(2027, 1, 19))
    assert result.exit_status == 1 and not result.report.published
    refused = [p for p in result.problems if p.code.id == "X906"]
    assert refused and "2 students of tonight's set would be in no class" in refused[0].message
    assert classes(out) == SEMESTER_1


def test_last_years_classes_at_the_rollover_still_need_allow_rollover(tmp_path: Path) -> None:
    """The classes of last year's second semester, gone at the August rollover (a summer apart
    from the new year's first semester), are no term change inside a school year: X906."""
    out = tmp_path / "out"
    second, next_year = tmp_path / "in-s2", tmp_path / "in-next"
    shutil.copytree(district(tmp_path / "whole"), second)
    for name in ("class.csv", "schedule.csv"):
        lines = (second / name).read_text().splitlines(keepends=True)
        (second / name).write_text("".join([lines[0], *(line for line in lines[1:] if "-2," in line)]))
    shutil.copytree(district(tmp_path / "again", semester_2=False), next_year)
    text = (next_year / "class.csv").read_text().replace("/2026", "/2027").replace("01/15/2027", "01/14/2028")
    (next_year / "class.csv").write_text(text.replace("-1,", "-N,"))
    (next_year / "schedule.csv").write_text((next_year / "schedule.csv").read_text().replace("-1,", "-N,"))
    assert run(second, out, dt.date(2027, 6, 4)).exit_status == api.EXIT_PUBLISHED
    result = run(next_year, out, dt.date(2027, 9, 1))
    assert result.exit_status == 1 and "X906" in codes_of(result) and "X937" not in codes_of(result)


def test_a_winter_break_with_year_long_classes_is_nothing_due_and_a_stale_new_term_is_refused(
    tmp_path: Path,
) -> None:
    """PowerSchool, year-long and Semester 1 sections exported (the job's current term), both
    schools' Semester 1 ended on 8 January, Semester 2 from the 11th. Stop 48: X895, exit 1, every
    night between (the year-long classes run on, no class of a later term exported). Now the
    weekend between is nothing due (I288, exit 0, the last set kept, naming the night it is
    refused from); on Semester 2's first day the export still of Semester 1 is refused (X977,
    which terms.txt tells), and the export of Semester 2 publishes the term change (X937)."""
    out = tmp_path / "out"
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, one_calendar=True)
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    published = (out / "classes.csv").read_bytes()
    for night in (dt.date(2027, 1, 9), dt.date(2027, 1, 10)):
        paused = powerschool(first, out, night)
        assert paused.exit_status == api.EXIT_PUBLISHED and not paused.report.published, night
        assert not codes_of(paused) & {"X895", "X977", "X906"}, night
        (said,) = paused.report.examples["I288"]
        assert said.params["due"] == "2027-01-11" and "'Semester 1'" in said.message  # terms.txt's Semester 2
        assert (out / "classes.csv").read_bytes() == published
    late = powerschool(first, out, dt.date(2027, 1, 11))
    assert late.exit_status == 1 and "X977" in [p.code.id for p in late.problems] and "I288" not in codes_of(late)
    assert (out / "classes.csv").read_bytes() == published
    switched = powerschool(
        powerschool_current_term(tmp_path, PS_SECOND_SEMESTER, one_calendar=True), out, dt.date(2027, 1, 11)
    )
    assert switched.exit_status == api.EXIT_PUBLISHED and switched.report.published
    assert "X937" in codes_of(switched)


def test_a_break_night_that_loses_students_classes_is_still_refused(tmp_path: Path) -> None:
    """The same weekend, the schedule export cut besides (the year-long classes' enrolments of
    the last students gone): the break does not hide it, refused as before (not I288)."""
    out = tmp_path / "out"
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, one_calendar=True)
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    cut = tmp_path / "cut"
    shutil.copytree(first, cut)
    lines = (cut / "cc.txt").read_bytes().split(b"\r\n")
    (cut / "cc.txt").write_bytes(b"\r\n".join([*lines[: len(lines) // 2], b""]))
    result = powerschool(cut, out, dt.date(2027, 1, 9))
    assert result.exit_status == 1 and not result.report.published and "I288" not in codes_of(result)


def southern(folder: Path, semester: str, *, year: int = 2026) -> Path:
    """Pine Lake on a calendar school year (the southern hemisphere), semester classes only, a job
    exporting the current semester's classes and schedules: Semester 1 from 2 February to 26
    June, Semester 2 from 13 July to 11 December of `year`."""
    exports = district(folder / "whole")
    shutil.copytree(exports, folder / semester)
    exports = folder / semester
    dates = {
        "08/31/2026,01/15/2027": f"02/02/{year},06/26/{year}",
        "01/19/2027,06/04/2027": f"07/13/{year},12/11/{year}",
    }
    for name in ("class.csv", "schedule.csv"):
        lines = (exports / name).read_text().splitlines(keepends=True)
        kept = [lines[0], *(line for line in lines[1:] if f"-{semester}," in line)]
        text = "".join(kept)
        for then, now in dates.items():
            text = text.replace(then, now)
        (exports / name).write_text(text)
    return exports


def test_a_southern_semester_change_in_july_is_refused_as_dates_alone_cannot_tell_a_new_year(tmp_path: Path) -> None:
    """Semester 1 (2 February to 26 June) gone on Semester 2's first night (13 July): one calendar
    school year in the southern hemisphere, but a northern year-round school's spring semester and
    next year's autumn one have the same dates (reviewer62 R2: taking them for one year published a
    new school year without --allow-rollover). Refused (X906) until a person says it, as before:
    with --allow-rollover, or once, in the district's profile, settings.school_year_starts
    (test_school_year_starts: the whole southern year with it)."""
    out = tmp_path / "out"
    assert run(southern(tmp_path / "s1", "1"), out, dt.date(2026, 6, 26)).exit_status == api.EXIT_PUBLISHED
    result = run(southern(tmp_path / "s2", "2"), out, dt.date(2026, 7, 13))
    assert result.exit_status == 1 and "X906" in codes_of(result) and "X937" not in codes_of(result)
    assert classes(out) == SEMESTER_1


def test_a_southern_new_school_year_still_needs_allow_rollover(tmp_path: Path) -> None:
    """Last year's Semester 2 (to 11 December 2026), gone when 2027's Semester 1 starts on 2
    February: a summer apart, another school year: X906 as before."""
    out = tmp_path / "out"
    assert run(southern(tmp_path / "s2", "2"), out, dt.date(2026, 12, 11)).exit_status == api.EXIT_PUBLISHED
    result = run(southern(tmp_path / "next", "1", year=2027), out, dt.date(2027, 2, 2))
    assert result.exit_status == 1 and "X906" in codes_of(result) and "X937" not in codes_of(result)


def test_a_winter_break_longer_than_the_window_lasts_until_the_terms_export_s_next_term(tmp_path: Path) -> None:
    """The same district with Semester 2 starting on 8 February (terms.txt), a month after
    Semester 1's last day: 1 February is past the window (21 days) but still the break the terms
    export names, nothing due (I288, due 8 February), not X895."""
    out = tmp_path / "out"
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, one_calendar=True)
    terms = first / "terms.txt"
    terms.write_bytes(terms.read_bytes().replace(b"01/11/2027", b"02/08/2027"))
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    paused = powerschool(first, out, dt.date(2027, 2, 1))
    assert paused.exit_status == api.EXIT_PUBLISHED and not paused.report.published
    assert "X895" not in codes_of(paused) and paused.report.examples["I288"][0].params["due"] == "2027-02-08"


def edited(first: Path, folder: Path, edits: dict[str, list[tuple[bytes, bytes]]], added: dict[str, bytes]) -> Path:
    """A copy of the exports `first` with each file's `edits` made once each and `added` lines appended."""
    shutil.copytree(first, folder)
    for name, pairs in edits.items():
        text = (folder / name).read_bytes()
        for old, new in pairs:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        (folder / name).write_bytes(text)
    for name, lines in added.items():
        (folder / name).write_bytes((folder / name).read_bytes() + lines)
    return folder


def rows(out: Path, name: str) -> set[str]:
    return set((out / name).read_text(encoding="utf-8").splitlines()[1:])


def test_a_break_night_whose_people_changed_publishes_them_with_the_ended_classes_kept(tmp_path: Path) -> None:
    """A break night of a current-term-only export with year-long classes, whose people changed since the last
    set (a mother taken off her child's row, another parent's phone changed): holding them until the new term
    kept the mother in Remind for weeks at exit 0 (reviewer62 R1), and refusing (X895, 239daca) made every
    night of a real district's break exit 1 (reviewer63 R4). Published at exit 0 with the Semester 1 classes
    the last set held kept as they were (I245, naming the night it is due); the next night with nothing new
    is nothing due (I288); Semester 2's first day with the export still of Semester 1 is refused (X977)."""
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, one_calendar=True)
    out = tmp_path / "out"
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    classes_then, enrolled_then = rows(out, "classes.csv"), rows(out, "enrollments.csv")
    assert b"Ethana" in (out / "users.csv").read_bytes() and any(r.startswith("1003,") for r in classes_then)
    changes = {"students.txt": [(b"\tPatel, Ethana\t", b"\t\t"), (b"6085552000", b"6085552999")]}
    changed = edited(first, tmp_path / "changed", changes, {})
    result = powerschool(changed, out, dt.date(2027, 1, 9))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert not codes_of(result) & {"X895", "X977", "X906", "I288"}
    (said,) = result.report.examples["I245"]
    assert said.params["due"] == "2027-01-11" and said.params["term"] == "Semester 1" and said.params["classes"] == 3
    assert b"Ethana" not in (out / "users.csv").read_bytes() and b"6085552999" in (out / "users.csv").read_bytes()
    assert rows(out, "classes.csv") == classes_then and rows(out, "enrollments.csv") == enrolled_then
    quiet = powerschool(changed, out, dt.date(2027, 1, 10))
    assert quiet.exit_status == api.EXIT_PUBLISHED and not quiet.report.published and "I288" in codes_of(quiet)
    late = powerschool(changed, out, dt.date(2027, 1, 11))
    assert late.exit_status == 1 and "X977" in [p.code.id for p in late.problems]
    assert rows(out, "classes.csv") == classes_then
    # The new term exported: Semester 1's classes kept over the break go as the term change they are (X937).
    second = powerschool_current_term(tmp_path, PS_SECOND_SEMESTER, one_calendar=True)
    switched = powerschool(second, out, dt.date(2027, 1, 11))
    assert switched.exit_status == api.EXIT_PUBLISHED and switched.report.published, [str(p) for p in switched.problems]
    assert "X937" in codes_of(switched) and "X906" not in codes_of(switched)
    assert not any(r.startswith("1003,") for r in rows(out, "classes.csv"))


def test_over_a_break_a_leaver_leaves_a_newcomer_joins_and_a_teacher_change_is_published(tmp_path: Path) -> None:
    """The same break night: Mia (902) withdrawn, a student new to school 100 enrolled in Semester 1's SCI5
    (1003) and his year-long classes, 1003's teacher changed to John Smith (T1002), and a Semester 1 section
    the last set never held (1009) in the export. Published: 1003 kept with its teacher tonight, Mia in no
    class, the newcomer in 1003; 1009 not published (a stale export's, not the break's)."""
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, one_calendar=True)
    out = tmp_path / "out"
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    enrolled_then = rows(out, "enrollments.csv")
    assert any(r.startswith("1003-5003,") for r in enrolled_then)
    newcomer = (
        b"950\t5050\t100\tNoah\t\tBrooks\t5\t0\t2/2/2016\t(608) 555-1050\t\tEnglish\tBrooks, Anna\t\t"
        b"anna.brooks@mail.example.com\t\t6085552050\t\t\t\r\n"
    )
    schedule = b"".join(
        b"950\t%s\t%s\t100\t01/06/2027\t%s\r\n" % (section, term, left)
        for section, term, left in ((b"1001", b"3600", b"05/29/2027"), (b"1003", b"3601", b"01/09/2027"))
    )
    stale = b"950\t1009\t3601\t100\t08/17/2026\t01/09/2027\r\n"
    changes = {
        "students.txt": [(b"902\t5003\t100\tMia\t\tJohnson\t1\t0\t", b"902\t5003\t100\tMia\t\tJohnson\t1\t2\t")],
        "sections.txt": [(b"1003\t100\tSCI5\t1\t3601\t3(A)\t101\t", b"1003\t100\tSCI5\t1\t3601\t3(A)\t102\t")],
    }
    added = {
        "students.txt": newcomer,
        "cc.txt": schedule + stale,
        "sections.txt": b"1009\t100\tSCI6\t1\t3601\t6(A)\t101\t6\r\n",
    }
    changed = edited(first, tmp_path / "changed", changes, added)
    result = powerschool(changed, out, dt.date(2027, 1, 9))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "I245" in codes_of(result)
    enrolled = rows(out, "enrollments.csv")
    assert not any(r.split(",")[5] == "5003" for r in enrolled)  # Mia left every class
    assert {r.split(",")[0] for r in enrolled} >= {"1003-5050", "1001-5050", "1003-TT1002"}
    assert "1003-TT1001" not in {r.split(",")[0] for r in enrolled}
    assert not any(r.startswith("1009,") for r in rows(out, "classes.csv")) and not any("1009-" in r for r in enrolled)


def test_a_break_night_whose_people_changed_and_whose_ended_classes_are_all_new_is_refused_with_the_changes(
    tmp_path: Path,
) -> None:
    """The same break night with a parent's phone changed, but Semester 1's sections renumbered in the export
    (1003 -> 1103 ...; --max-removal 50 lets their removal past X906): no ended class the last set held is
    there to keep, and one it did not hold is never published. Refused (X895, exit 1, the last set kept), its
    words saying what changed since the last set."""
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, one_calendar=True)
    out = tmp_path / "out"
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    published = (out / "users.csv").read_bytes()
    changed = edited(first, tmp_path / "changed", {"students.txt": [(b"6085552000", b"6085552999")]}, {})
    for old, new in ((b"1003", b"1103"), (b"2003", b"2103"), (b"2005", b"2105"), (b"2008", b"2108")):
        sections = (changed / "sections.txt").read_bytes()
        (changed / "sections.txt").write_bytes(sections.replace(b"\n" + old + b"\t", b"\n" + new + b"\t", 1))
        cc = (changed / "cc.txt").read_bytes()
        (changed / "cc.txt").write_bytes(cc.replace(b"\t" + old + b"\t3601\t", b"\t" + new + b"\t3601\t"))
    options = api.RunOptions(profile="powerschool", in_dir=changed, out_dir=out, as_of=dt.date(2027, 1, 9))
    result = api.run(dataclasses.replace(options, max_removal=50))
    assert result.exit_status == 1 and not result.report.published and "I245" not in codes_of(result)
    (refused,) = [p for p in result.problems if p.code.id == "X895"]
    assert "tonight's set changed since the last (users: 1 changed" in refused.message
    assert (out / "users.csv").read_bytes() == published


def test_over_a_break_a_year_long_class_dropped_is_published_while_the_ended_classes_keep_their_students(
    tmp_path: Path,
) -> None:
    """The break's second night (Sunday 10 January), a parent's phone changed and Ava (005001) dropped from her
    year-long Math 5 (1001) that day. Published (I245): Semester 1's SCI5 (1003) keeps every student the last
    set gave it (their rows ended with the term, on its last day or the day after as PowerSchool writes
    DateLeft), and Ava is out of 1001: only the rows that ended with the term are judged on its last day."""
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, one_calendar=True)
    out = tmp_path / "out"
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    enrolled_then = {r.split(",")[0] for r in rows(out, "enrollments.csv")}
    assert "1001-005001" in enrolled_then
    changes = {
        "students.txt": [(b"6085552000", b"6085552999")],
        "cc.txt": [(b"900\t1001\t3600\t100\t08/17/2026\t05/29/2027", b"900\t1001\t3600\t100\t08/17/2026\t01/10/2027")],
    }
    result = powerschool(edited(first, tmp_path / "changed", changes, {}), out, dt.date(2027, 1, 10))
    assert result.exit_status == api.EXIT_PUBLISHED and "I245" in codes_of(result), [str(p) for p in result.problems]
    enrolled = {r.split(",")[0] for r in rows(out, "enrollments.csv")}
    assert enrolled == enrolled_then - {"1001-005001"}


def test_a_break_of_semester_classes_only_whose_people_changed_publishes_them_with_semester_1_kept(
    tmp_path: Path,
) -> None:
    """PowerSchool, semester sections only, the job's current term: the weekend between Semester 1 and 2 is
    F443 (nothing due, no class runs on), and people changes waited at exit 0 until the new term. A mother
    taken off her child's row that weekend: published (I245, exit 0) with Semester 1's classes and their
    students kept; the night after, nothing new, F443 again; Semester 2's first day still of Semester 1, X977."""
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, year_long=False, one_calendar=True)
    out = tmp_path / "out"
    assert powerschool(first, out, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    classes_then, enrolled_then = rows(out, "classes.csv"), rows(out, "enrollments.csv")
    changed = edited(first, tmp_path / "changed", {"students.txt": [(b"\tPatel, Ethana\t", b"\t\t")]}, {})
    result = powerschool(changed, out, dt.date(2027, 1, 9))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "I245" in codes_of(result) and "F443" not in codes_of(result)
    assert b"Ethana" not in (out / "users.csv").read_bytes()
    assert rows(out, "classes.csv") == classes_then and rows(out, "enrollments.csv") == enrolled_then
    quiet = powerschool(changed, out, dt.date(2027, 1, 10))
    assert quiet.exit_status == api.EXIT_PUBLISHED and not quiet.report.published
    assert quiet.report.examples["F443"][0].params["due"] == "2027-01-11" and "I245" not in codes_of(quiet)
    late = powerschool(changed, out, dt.date(2027, 1, 11))
    assert late.exit_status == 1 and [p.code.id for p in late.problems] == ["X977"]
    assert rows(out, "classes.csv") == classes_then


def withdrawn_with_the_term(first: Path, folder: Path, *, phone: bool) -> Path:
    """`first` with Noah (903, 5004) withdrawn at Semester 1's end, as an export of active students writes it:
    every cc row of his ends with the term (DateLeft 01/09/2027, the day after its last day) and students.txt
    no longer lists him; with `phone`, another parent's phone changed too."""
    folder = edited(first, folder, {"students.txt": [(b"6085552000", b"6085552999")]} if phone else {}, {})
    cc = (folder / "cc.txt").read_bytes().split(b"\r\n")
    ended = [b"\t".join([*line.split(b"\t")[:5], b"01/09/2027"]) if line.startswith(b"903\t") else line for line in cc]
    (folder / "cc.txt").write_bytes(b"\r\n".join(ended))
    students = (folder / "students.txt").read_bytes().split(b"\r\n")
    (folder / "students.txt").write_bytes(b"\r\n".join(line for line in students if not line.startswith(b"903\t")))
    return folder


@pytest.mark.parametrize("engine", ["python", "columnar"])
@pytest.mark.parametrize("year_long", [True, False])
@pytest.mark.parametrize("phone", [True, False])
def test_over_a_break_a_student_withdrawn_with_the_term_leaves_and_is_no_lost_row(
    tmp_path: Path, engine: str, year_long: bool, phone: bool
) -> None:
    """Noah withdrawn with Semester 1, his students.txt row gone (an export of active students), over the weekend
    between the semesters, a parent's phone changed or not. The night's second pass (Semester 1's classes kept)
    judged his rows, which ended with the term, on its last day: they named a student with no row, X882 'export
    students.txt again whole' every break night (reviewer64 R2; semester classes only: F443, exit 0, before). A
    withdrawal is no lost row: published, exit 0 (I245), Noah in no class and out of users.csv; Semester 1's other
    students kept in it; the night after, unchanged, nothing due (I288, or F443 for semester classes only)."""
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, year_long=year_long, one_calendar=True)
    out = tmp_path / "out"

    def night(exports: Path, as_of: dt.date) -> api.RunResult:
        return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, engine=engine))

    assert night(first, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    enrolled_then = rows(out, "enrollments.csv")
    assert any(r.startswith("1003-5004,") for r in enrolled_then)
    changed = withdrawn_with_the_term(first, tmp_path / "changed", phone=phone)
    result = night(changed, dt.date(2027, 1, 9))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "I245" in codes_of(result) and "X882" not in codes_of(result)
    assert not [p for p in result.report.examples.get("D300", []) if "903" in str(p.params["key"])]
    assert not any(r.startswith("5004,") for r in rows(out, "users.csv"))
    assert rows(out, "enrollments.csv") == {r for r in enrolled_then if r.split(",")[5] != "5004"}
    quiet = night(changed, dt.date(2027, 1, 10))
    assert quiet.exit_status == api.EXIT_PUBLISHED and not quiet.report.published, [str(p) for p in quiet.problems]
    assert ("I288" if year_long else "F443") in codes_of(quiet) and not codes_of(quiet) & {"X882", "I245"}


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_over_a_break_a_student_who_moved_school_leaves_the_old_schools_year_long_classes(
    tmp_path: Path, engine: str
) -> None:
    """Noah (903) moves from school 100 to 200 over the winter break: his students.txt row at school 200, every
    school-100 row ended with Semester 1 (DateLeft 01/09), new rows in school 200's year-long 2001 and 2002. The
    break night kept him all break in school 100's year-long Math 5 and 1002, which he left with the term: the
    term's last day judged every class's rows, not only the kept ones' (reviewer64 R5). Published (I245): he is
    in Semester 1's SCI5 (1003, kept as the term ended) and in 2001 and 2002, not in 1001 or 1002. The night
    after, the same exports: nothing due (I288), not the same set published again."""
    first = powerschool_current_term(tmp_path, PS_FIRST_SEMESTER, one_calendar=True)
    out = tmp_path / "out"

    def night(exports: Path, as_of: dt.date) -> api.RunResult:
        return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=as_of, engine=engine))

    assert night(first, dt.date(2026, 12, 1)).exit_status == api.EXIT_PUBLISHED
    assert {"1001-5004", "1002-5004", "1003-5004"} <= {r.split(",")[0] for r in rows(out, "enrollments.csv")}
    new_school = b"".join(b"903\t%s\t3600\t200\t01/11/2027\t05/29/2027\r\n" % section for section in (b"2001", b"2002"))
    moved = edited(first, tmp_path / "moved", {"students.txt": [(b"903\t5004\t100\t", b"903\t5004\t200\t")]}, {})
    cc = (moved / "cc.txt").read_bytes().split(b"\r\n")
    ended = [b"\t".join([*line.split(b"\t")[:5], b"01/09/2027"]) if line.startswith(b"903\t") else line for line in cc]
    (moved / "cc.txt").write_bytes(b"\r\n".join([*ended[:-1], new_school]))
    result = night(moved, dt.date(2027, 1, 9))
    assert result.exit_status == api.EXIT_PUBLISHED and result.report.published, [str(p) for p in result.problems]
    assert "I245" in codes_of(result)
    his = {r.split(",")[0] for r in rows(out, "enrollments.csv") if r.split(",")[5] == "5004"}
    assert his == {"1003-5004", "2001-5004", "2002-5004"}
    published = {name: rows(out, name) for name in ("users.csv", "enrollments.csv", "classes.csv")}
    quiet = night(moved, dt.date(2027, 1, 10))
    assert quiet.exit_status == api.EXIT_PUBLISHED and not quiet.report.published, [str(p) for p in quiet.problems]
    assert "I288" in codes_of(quiet) and "I245" not in codes_of(quiet)
    assert {name: rows(out, name) for name in published} == published
