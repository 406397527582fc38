"""An enrolments export cut short at a line's end (leftover of fix-cut50).

PowerSchool's cc.txt, its last 12 lines gone (a copy that stopped at a line's end): every row
left is whole, the students and sections are all still in their exports, and no other export
names an enrolment, so X882 (people a users export lacks while other exports name them) cannot
say it; the cut removed 7 enrolments, under X906's, X897's and X907's limits, and the set was
published at exit 0. Now last.json keeps the hashes of each export's last lines, and an export
ending at a line that had lines after it then, none of them in it tonight, is refused (X884).
An export that gained rows at its end, one sorted anew, one whose last row changed, publishes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import tails
from transform.pipeline.tails_record import Recorded

DISTRICT = FIXTURES / "powerschool" / "district" / "in"
FIRST = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
SECOND = FIRST + dt.timedelta(days=1)


def cc_lines(exports: Path) -> list[bytes]:
    return [line for line in (exports / "cc.txt").read_bytes().split(b"\r\n") if line]


def write_cc(exports: Path, lines: list[bytes]) -> None:
    (exports / "cc.txt").write_bytes(b"\r\n".join(lines) + b"\r\n")


def run(exports: Path, out: Path, night: dt.datetime, **options: Any) -> api.RunResult:
    written = (night - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    return api.run(
        api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=night.date(), now=night, **options)
    )


def first_night(tmp_path: Path, engine: str = "python") -> tuple[Path, Path]:
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    assert run(exports, out, FIRST, engine=engine).exit_status == api.EXIT_PUBLISHED
    return exports, out


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_cc_cut_at_a_lines_end_is_refused(tmp_path: Path, engine: str) -> None:
    exports, out = first_night(tmp_path, engine)
    held = (out / "enrollments.csv").read_bytes()
    write_cc(exports, cc_lines(exports)[:-12])
    result = run(exports, out, SECOND, engine=engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X884"]
    assert refused.message.startswith(
        "cc.txt ends tonight at a line that had 12 more after it when the last set was made "
        f"({FIRST.isoformat(timespec='seconds')}), and none of those lines is in it now"
    )
    assert (out / "enrollments.csv").read_bytes() == held  # the last set stays
    # --allow-rollover (no new term cuts a file short) does not publish it (tester74 F1)
    rollover = run(exports, out, SECOND, engine=engine, allow_rollover=True)
    assert rollover.exit_status == api.EXIT_NOT_PUBLISHED and "X884" in {p.code.id for p in rollover.problems}
    assert (out / "enrollments.csv").read_bytes() == held
    # --allow-incomplete, which X884 names, publishes it said, and a person must look: exit 1, each night
    anyway = run(exports, out, SECOND, engine=engine, allow_incomplete=True)
    assert anyway.report.published and anyway.exit_status == api.EXIT_NOT_PUBLISHED
    assert "X884" not in anyway.report.counts
    (said,) = anyway.report.examples["F451"]
    cut = refused.message.removesuffix(tails.REFUSED)
    assert said.message.startswith(cut + "; --allow-incomplete lets the cut through")
    assert "look whether cc.txt lost those lines" in said.message


def test_an_export_that_gained_rows_was_sorted_anew_or_changed_its_last_row_publishes(tmp_path: Path) -> None:
    exports, out = first_night(tmp_path)
    lines = cc_lines(exports)
    nights = (
        [*lines, b"\t".join([lines[-1].split(b"\t")[0], b"1002", b"3600", b"100", b"10/15/2026", b""])],
        [lines[0], *reversed(lines[1:])],
        [*lines[:-1], lines[-1].replace(b"05/29/2027", b"10/16/2026")],
    )
    for number, night in enumerate(nights):
        write_cc(exports, night)
        result = run(exports, out, SECOND + dt.timedelta(days=number))
        assert result.exit_status == api.EXIT_PUBLISHED, (number, [p.message for p in result.problems])
        assert "X884" not in result.report.counts


@pytest.mark.parametrize("cut", [40, 100])
def test_a_cut_longer_than_the_recorded_last_lines_is_refused(
    tmp_path: Path, cut: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # tester55 F7: last.json kept the last 32 lines' hashes only, and a cut of 32 lines or more
    # ended on a line never recorded: published at exit 0, those students dropped from their
    # classes. Now the line count and a sample of lines over the whole file are kept too (a few
    # samples here, as in a file of a hundred thousand students).
    monkeypatch.setattr(tails, "SAMPLES", 4)
    monkeypatch.setattr(tails, "TAIL_LINES", 32)
    exports, out = first_night(tmp_path)
    held = (out / "enrollments.csv").read_bytes()
    write_cc(exports, cc_lines(exports)[:-cut])
    result = run(exports, out, SECOND)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (refused,) = [p for p in result.problems if p.code.id == "X884"]
    assert refused.message.startswith(f"cc.txt ends tonight at a line that had {cut} more after it")
    assert (out / "enrollments.csv").read_bytes() == held


def by_student(exports: Path) -> None:
    """cc.txt sorted by StudentID, as a CHAT export may be: the newest students' rows last."""
    header, *rows = cc_lines(exports)
    write_cc(
        exports, [header, *sorted((r for r in rows if not r.startswith(b"9999\t")), key=lambda r: r.split(b"\t")[0])]
    )


def withdraw(exports: Path, student: bytes) -> None:
    path = exports / "students.txt"
    lines = path.read_bytes().split(b"\n")
    for number, line in enumerate(lines):
        cells = line.split(b"\t")
        if cells[0] == student:
            cells[7] = b"2"  # Enroll_Status: transferred out
            lines[number] = b"\t".join(cells)
    path.write_bytes(b"\n".join(lines))


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_withdrawal_whose_schedule_rows_were_the_last_lines_publishes(tmp_path: Path, engine: str) -> None:
    # tester55 F2: cc.txt sorted by student; Cruz Miller (ID 927, the last) withdraws and the cc
    # export no longer lists his dropped rows. The lines gone all name a student the students
    # export still lists and the profile leaves out: a withdrawal, not a cut.
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST, engine=engine).exit_status == api.EXIT_PUBLISHED
    lines = cc_lines(exports)
    assert lines[-1].startswith(b"927\t")
    write_cc(exports, [line for line in lines if not line.startswith(b"927\t")])
    withdraw(exports, b"927")
    result = run(exports, out, SECOND, engine=engine)
    assert "X884" not in result.report.counts
    assert result.report.published
    assert not any(",005028," in line for line in (out / "enrollments.csv").read_text().splitlines())


def test_the_last_students_rows_gone_while_he_is_enrolled_are_refused_and_named(tmp_path: Path) -> None:
    # The same lines gone, the student still enrolled: a cut, said with whom the lines named.
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    write_cc(exports, [line for line in cc_lines(exports) if not line.startswith(b"927\t")])
    result = run(exports, out, SECOND)
    (refused,) = [p for p in result.problems if p.code.id == "X884"]
    assert "none of those lines is in it now (the last 7 of the lines gone named StudentID 927 (7 lines))" in (
        refused.message
    )


def test_a_batch_of_withdrawals_whose_rows_were_the_last_lines_publishes(tmp_path: Path) -> None:
    """Review of stop 47: the five last students of cc.txt sorted by student withdraw (the
    September no-shows, the newest IDs): 35 lines gone, past the 32 whose text was recorded, and
    refused as a cut. The last lines' text now covers such a batch."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    leaving = (b"923", b"924", b"925", b"926", b"927")
    lines = cc_lines(exports)
    kept = [line for line in lines if line.split(b"\t")[0] not in leaving]
    assert len(lines) - len(kept) > 32 and lines[-1].startswith(b"927\t")
    write_cc(exports, kept)
    for student in leaving:
        withdraw(exports, student)
    result = run(exports, out, SECOND, max_removal=60)
    assert "X884" not in result.report.counts, [str(p) for p in result.report.aborts]
    assert result.report.published


def without_students(exports: Path, *students: bytes) -> None:
    """students.txt and cc.txt without these students' rows."""
    path = exports / "students.txt"
    rows = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(line for line in rows if line.split(b"\t")[0] not in students))
    write_cc(exports, [line for line in cc_lines(exports) if line.split(b"\t")[0] not in students])


def test_a_withdrawn_student_gone_from_an_active_only_students_export_publishes(tmp_path: Path) -> None:
    """Review of stop 47: the students export lists active students only (Enroll_Status=0: the
    district's withdrawn and pre-registered students are not in it), so the withdrawn student's
    row goes with his schedule rows at cc.txt's end: a person removed tonight, whom the removal
    limits weigh, not a cut."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    without_students(exports, b"907", b"915")  # Enroll_Status 2 and -1
    first = run(exports, out, FIRST)
    assert first.exit_status == api.EXIT_PUBLISHED and "F400" not in first.report.counts
    without_students(exports, b"927")
    result = run(exports, out, SECOND)
    assert "X884" not in result.report.counts, [str(p) for p in result.report.aborts]


def test_an_export_listing_withdrawals_cut_with_cc_at_one_student_is_refused(tmp_path: Path) -> None:
    """Review of stop 47: a students export that lists withdrawn students (F400) lists a
    withdrawal; a student gone from its end with his schedule rows from cc.txt's end is both files
    cut at one student (a copy that stopped in both, a replica lagging): refused as before."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    without_students(exports, b"927")
    result = run(exports, out, SECOND)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and "X884" in result.report.counts


def test_the_record_is_the_same_read_in_small_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cut47's leftover: `tail` read the export whole (36 MB for 100,000 students, held twice at
    its peak); it now reads it in pieces and its last lines from the end. Pieces smaller than a
    line, a look at the end shorter than one, blank lines and a last line with no end: the same
    record."""
    path = tmp_path / "cc.txt"
    lines = cc_lines(DISTRICT)
    path.write_bytes(b"\r\n".join([*lines[:5], b"", b"   ", *lines[5:]]))
    whole = tails.tail(path)
    assert whole is not None
    assert whole["lines"] == len(lines) + 2
    assert whole["rows"][-1] == lines[-1].decode() and whole["tail"][-1][0] == len(lines) + 1
    assert [p for p, _ in whole["sample"]][:6] == [1, 2, 3, 4, 7, 8]  # blank lines are not sampled
    monkeypatch.setattr(tails, "_CHUNK", 7)
    monkeypatch.setattr(tails, "_TAIL_BYTES", 16)
    assert tails.tail(path) == whole


def added_rows(lines: list[bytes], count: int) -> list[bytes]:
    """`count` new schedule rows of students 918 to 925 (school 200) in sections they were not in."""
    held = {tuple(line.split(b"\t")[:2]) for line in lines}
    terms = {b"2001": b"3600", b"2002": b"3600", b"2003": b"3601", b"2007": b"3600", b"2008": b"3601"}
    new = [
        b"\t".join([student, section, term, b"200", b"10/16/2026", b"01/16/2027"])
        for student in (b"918", b"919", b"920", b"921", b"922", b"923", b"924", b"925")
        for section, term in terms.items()
        if (student, section) not in held
    ]
    assert len(new) >= count
    return new[:count]


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_cut_with_new_rows_written_after_it_is_refused(tmp_path: Path, engine: str) -> None:
    """cut47's leftover: cc.txt sorted by student lost its last 8 lines (Cruz Miller's seven
    rows, one of Lena Lopez's), and 8 new schedule rows were written after the cut: its line
    count and the lines after the last one kept look ordinary, and X884 saw nothing (published at
    exit 0, the enrolments of students and sections still published removed). Now refused."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST, engine=engine).exit_status == api.EXIT_PUBLISHED
    held = (out / "enrollments.csv").read_bytes()
    lines = cc_lines(exports)
    write_cc(exports, [*lines[:-8], *added_rows(lines, 8)])
    result = run(exports, out, SECOND, engine=engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    assert "X884" not in result.report.counts
    (refused,) = [p for p in result.problems if p.code.id == "X860"]
    assert refused.message.startswith(
        f"cc.txt: 8 lines that came after its line {len(lines) - 8} when the last set was made "
        f"({FIRST.isoformat(timespec='seconds')}) are gone tonight (the last 8 of the lines gone named "
        "StudentID 926 (1 line); StudentID 927 (7 lines))"
    )
    assert "8 other lines follow that line now" in refused.message
    assert (out / "enrollments.csv").read_bytes() == held
    anyway = run(exports, out, SECOND, engine=engine, allow_incomplete=True)
    assert anyway.report.published and anyway.exit_status == api.EXIT_NOT_PUBLISHED
    assert anyway.report.examples["F451"][0].params["refused"] == "X860"


def test_rows_changed_or_made_anew_at_the_end_with_new_rows_after_publish(tmp_path: Path) -> None:
    """Ordinary nights of a file sorted by student with new rows after its last lines: the last
    student's schedule made anew (his seven rows gone, new ones written last), the last rows'
    dates changed, the last student withdrawn: no cut, published at exit 0 each night, the state
    carried from night to night."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    lines = cc_lines(exports)
    last = [line for line in lines if line.startswith(b"927\t")]
    anew = [b"927\t2002\t3600\t200\t10/16/2026\t05/29/2027", b"927\t2005\t3601\t200\t10/16/2026\t01/16/2027"]
    nights = [
        [*lines[: -len(last)], last[0], *added_rows(lines, 3), *anew],  # rebuilt: one kept, six gone
        [*lines[: -len(last)], *(r.replace(b"05/29/2027", b"10/17/2026") for r in last), *added_rows(lines, 5)],
    ]
    for number, night in enumerate(nights):
        write_cc(exports, night)
        result = run(exports, out, SECOND + dt.timedelta(days=number), max_removal=60)
        assert result.exit_status == api.EXIT_PUBLISHED, (number, [str(p) for p in result.report.aborts])
        assert not {"X884", "X860"} & result.report.counts.keys()
    write_cc(exports, [*lines[: -len(last)], *added_rows(lines, 8)])
    withdraw(exports, b"927")
    result = run(exports, out, SECOND + dt.timedelta(days=2), max_removal=60)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]


IGNORE_CASE = """\
name: district-c
extends: powerschool
tables:
  enrollments:
    students:
      join:
        student: {source: students, on: {StudentID: ID}, ignore_case: true}
"""


def lettered(exports: Path, lower: bytes) -> None:
    """Students' IDs S900..S927; cc.txt writes them so too, but `lower`'s in small letters."""
    for name, column in (("students.txt", 0), ("cc.txt", 0)):
        path = exports / name
        header, *rows = path.read_bytes().split(b"\n")
        for number, row in enumerate(rows):
            cells = row.split(b"\t")
            if row.strip() and cells[column][:1].isdigit():
                cells[column] = (b"s" if name == "cc.txt" and cells[column] == lower else b"S") + cells[column]
                rows[number] = b"\t".join(cells)
        path.write_bytes(b"\n".join([header, *rows]))


def test_a_student_a_join_ignoring_case_finds_is_no_student_gone(tmp_path: Path) -> None:
    """cut47's leftover: the check of the lines gone matched a join's key exactly. A district's
    join that ignores case (cc.txt writes s927 for the students export's S927) finds Cruz Miller;
    the exact key found no row, and with a students export of active students only he was taken
    for a student gone with his schedule (no cut): his rows cut from cc.txt's end published at
    exit 0. Now the key is matched as the join matches it: refused."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    without_students(exports, b"907", b"915")  # active students only
    lettered(exports, b"927")
    district = tmp_path / "district.yaml"
    district.write_text(IGNORE_CASE, encoding="utf-8")
    options = {"profile": str(district), "in_dir": exports, "out_dir": out}
    first = api.run(api.RunOptions(**options, as_of=FIRST.date(), now=FIRST))
    assert first.exit_status == api.EXIT_PUBLISHED and "D331" in first.report.counts
    assert b",005028," in (out / "enrollments.csv").read_bytes()
    write_cc(exports, [line for line in cc_lines(exports) if not line.startswith(b"s927\t")])
    result = api.run(api.RunOptions(**options, as_of=SECOND.date(), now=SECOND))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED, [str(p) for p in result.problems if p.code.id.startswith("X")]
    (refused,) = [p for p in result.problems if p.code.id == "X884"]
    assert "(the last 7 of the lines gone named StudentID s927 (7 lines))" in refused.message


CLEVER = FIXTURES / "clever" / "district"


def clever_nights(tmp_path: Path, tonight: list[str]) -> api.RunResult:
    """Clever's enrollments.csv (Student_id read as it is, no join) with Ava Smith's (S2001) three
    rows last, published; tonight her rows gone and `tonight`'s written after the rest."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CLEVER / "in", exports)
    profile = str(CLEVER / "district.yaml")
    header, *rows = (exports / "enrollments.csv").read_text(encoding="utf-8").splitlines()
    hers = [row for row in rows if row.endswith(",S2001")]
    rest = [row for row in rows if row not in hers]
    (exports / "enrollments.csv").write_text("\n".join([header, *rest, *hers]) + "\n", encoding="utf-8")
    first = api.run(api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=FIRST.date(), now=FIRST))
    assert first.exit_status == api.EXIT_PUBLISHED, [str(p) for p in first.report.aborts]
    (exports / "enrollments.csv").write_text("\n".join([header, *rest, *tonight]) + "\n", encoding="utf-8")
    options = api.RunOptions(profile=profile, in_dir=exports, out_dir=out, as_of=SECOND.date(), now=SECOND)
    return api.run(dataclasses.replace(options, max_removal=60))


def test_a_student_whose_schedule_was_made_anew_in_a_clever_export_publishes(tmp_path: Path) -> None:
    """A rule that reads the student's ID as it is (no join): her new rows after the old ones name
    her by Student_id, and the lines gone are a schedule made anew, not a cut."""
    result = clever_nights(tmp_path, ["200,SEC-HR,S2001", "200,SEC-7S-SP,S2002", "200,SEC-7S-SP,S2003"])
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]


def test_her_rows_cut_with_others_written_after_in_a_clever_export_are_refused(tmp_path: Path) -> None:
    result = clever_nights(tmp_path, ["200,SEC-7S-SP,S2002", "200,SEC-7S-SP,S2003", "200,SEC-7S,S2002"])
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    (refused,) = [p for p in result.problems if p.code.id == "X860"]
    assert "(the last 3 of the lines gone named Student_id S2001 (3 lines))" in refused.message


def test_lines_lost_inside_the_export_with_new_rows_written_last_are_refused(tmp_path: Path) -> None:
    """cut48: cc.txt sorted by student lost the rows of students 920 to 922 from its middle (a
    copy that skipped a part), and as many new rows were written last: its last line and its line
    count look ordinary, and the set removing their enrolments was published at exit 0. Now the
    text of the recorded lines tells the run gone from between two lines still there (X862)."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    lines = cc_lines(exports)
    gone = [line for line in lines if line.split(b"\t")[0] in (b"920", b"921", b"922")]
    kept = [line for line in lines if line not in gone]
    new = [row for row in added_rows(lines, 8) if row.split(b"\t")[0] not in (b"920", b"921", b"922")]
    write_cc(exports, [*kept, *new])
    result = run(exports, out, SECOND, max_removal=60)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X862"]
    assert refused.message.startswith(f"cc.txt: {len(gone)} of the lines that came between its lines ")
    assert "StudentID 920 (7 lines); StudentID 921 (7 lines); StudentID 922 (7 lines))" in refused.message
    assert run(exports, out, SECOND, max_removal=60, allow_incomplete=True).report.published


def test_a_student_inside_the_export_who_drops_every_class_or_leaves_publishes(tmp_path: Path) -> None:
    """Ordinary nights inside a file sorted by student, new rows written last each night: one
    student's seven rows gone (his classes all dropped, still enrolled: one student's schedule,
    no cut), two students withdrawn with their rows gone, a student's schedule made anew in place,
    the file sorted by section with dates changed."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    lines = cc_lines(exports)
    his = [line for line in lines if line.startswith(b"920\t")]
    night = [line for line in lines if line not in his]
    write_cc(exports, [*night, *added_rows(lines, 2)])
    result = run(exports, out, SECOND, max_removal=60)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    leaving = [line for line in night if line.split(b"\t")[0] in (b"921", b"922")]
    night = [line for line in night if line not in leaving]
    write_cc(exports, [*night, *added_rows(lines, 2)])
    withdraw(exports, b"921")
    withdraw(exports, b"922")
    result = run(exports, out, SECOND + dt.timedelta(days=1), max_removal=60)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    anew = [b"923\t2002\t3600\t200\t10/17/2026\t05/29/2027", b"923\t2005\t3601\t200\t10/17/2026\t01/16/2027"]
    night = [line for line in night if not line.startswith(b"923\t")]
    at = next(n for n, line in enumerate(night) if line.startswith(b"924\t"))
    night = [*night[:at], *anew, *night[at:]]
    write_cc(exports, night)
    result = run(exports, out, SECOND + dt.timedelta(days=2), max_removal=60)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    # Sorted by section tonight, and the dates of students 916 to 919's rows changed.
    header, *rows = night
    rows = [r.replace(b"08/17/2026", b"08/18/2026") if r[:3] in (b"916", b"917", b"918", b"919") else r for r in rows]
    write_cc(exports, [header, *sorted(rows, key=lambda r: (r.split(b"\t")[1], r))])
    result = run(exports, out, SECOND + dt.timedelta(days=3), max_removal=60)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]


def test_the_last_students_schedule_made_anew_in_her_own_block_publishes(tmp_path: Path) -> None:
    """tester58 F2b: cc.txt sorted by student; the student listed last (927) drops four of her
    seven classes and is given one new one, written in her block at the file's end: the lines
    after the anchor tonight are hers, so her block was rewritten, not cut (it was X884)."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    lines = cc_lines(exports)
    hers = [line for line in lines if line.startswith(b"927\t")]
    new = b"927\t2002\t3600\t200\t10/16/2026\t05/29/2027"
    write_cc(exports, [*lines[: -len(hers)], *hers[:2], new])
    result = run(exports, out, SECOND)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    assert "X884" not in result.report.counts and "X860" not in result.report.counts


def test_a_withdrawal_whose_future_rows_stay_at_the_end_publishes(tmp_path: Path) -> None:
    """tester58 F2: an active-only cc.txt sorted by student; the last student (927) withdraws:
    her current rows leave the export, her next-term row stays with DateLeft set to DateEnrolled
    (a future enrolment dropped). The line identity is her StudentID alone, so every line gone
    was taken for changed, and an empty list of lines gone was refused as a cut, naming nobody."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    by_student(exports)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    lines = cc_lines(exports)
    future = b"927\t2006\t3602\t200\t01/11/2027\t01/11/2027"
    write_cc(exports, [*(line for line in lines if not line.startswith(b"927\t")), future])
    withdraw(exports, b"927")
    result = run(exports, out, SECOND)
    assert result.exit_status == api.EXIT_PUBLISHED, [str(p) for p in result.report.aborts]
    assert "X884" not in result.report.counts
    assert "927" not in {row.split(",")[0] for row in (out / "users.csv").read_text().splitlines()}


def test_every_student_under_a_new_id_is_no_cut_with_rows_written_after(tmp_path: Path) -> None:
    """An integration switched to another student ID (FACTS' Person ID to UDID): every enrolment row
    changed, only the header kept. Refused for the new IDs (X955), but the first line said the
    export was cut after its line 1 and rows written after it (X860), sending the admin to look for
    a broken copy job (tester66 F4)."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(CLEVER / "in", exports)
    options = api.RunOptions(profile=str(CLEVER / "district.yaml"), in_dir=exports, out_dir=out, as_of=FIRST.date())
    assert api.run(dataclasses.replace(options, now=FIRST)).exit_status == api.EXIT_PUBLISHED
    for name in ("students.csv", "enrollments.csv"):
        text = (exports / name).read_text(encoding="utf-8")
        (exports / name).write_text(text.replace(",S1", ",U1").replace(",S2", ",U2"), encoding="utf-8")
    result = api.run(dataclasses.replace(options, as_of=SECOND.date(), now=SECOND))
    assert result.exit_status == api.EXIT_NOT_PUBLISHED
    stops = {p.code.id for p in result.problems}
    assert stops & {"X955", "X906"} and not stops & {"X860", "X884"}, stops


def test_a_night_without_last_json_says_the_cut_checks_could_not_run(tmp_path: Path) -> None:
    """tester74 F12: X930 says "move it aside and rerun"; done, the night had no record of the exports'
    lines, and a cc.txt cut by 12 lines published at exit 0, no code. Now the run says which checks
    could not run (F452) and exits 1, once: the next night has its record again. A first night (OUT
    holding no set) does not say it."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(DISTRICT, exports)
    first = run(exports, out, FIRST)
    assert first.exit_status == api.EXIT_PUBLISHED and "F452" not in first.report.counts
    state = tmp_path / ".out.transform" / "last.json"
    state.rename(tmp_path / "last.json.aside")
    whole = cc_lines(exports)
    write_cc(exports, whole[:-12])
    result = run(exports, out, SECOND)
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED
    (said,) = result.report.examples["F452"]
    assert said.message.startswith(f"{state} is not there (moved aside, or deleted), while {out} holds a published set")
    assert "an export cut at a line's end (X884, X860, X862)" in said.message
    write_cc(exports, whole)
    after = run(exports, out, SECOND + dt.timedelta(days=1))
    assert after.exit_status == api.EXIT_PUBLISHED and "F452" not in after.report.counts


@pytest.mark.parametrize("end", [b"\x1a", b"\x1a\r\n"], ids=["after-the-last-line-end", "alone-on-the-last-line"])
def test_a_dos_end_of_file_byte_is_no_line_of_the_export(tmp_path: Path, end: bytes) -> None:
    """review199 R2: recorded as the export's last line and counted, a night without the byte and
    two rows deleted (fewer than CUT_AT_LEAST) was X884; a night with it could hide a cut of three.
    Recorded and counted as the export without it (furniture.dos_end: I234's rule)."""
    plain, ended = tmp_path / "plain.txt", tmp_path / "ended.txt"
    plain.write_bytes(b"\r\n".join(cc_lines(DISTRICT)) + b"\r\n")
    ended.write_bytes(plain.read_bytes() + end)
    recorded = tails.tail(plain)
    assert tails.tail(ended) == recorded
    then = Recorded.read(recorded)
    assert then is not None
    tonight, with_byte = tails._read(plain, then, rows_from=1), tails._read(ended, then, rows_from=1)
    assert tonight is not None and with_byte is not None and with_byte.lines == tonight.lines
