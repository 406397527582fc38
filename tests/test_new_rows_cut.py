"""A students export cut at a line's end that took only the rows written since the last set (tester90 T1).

Infinite Campus's students.csv is in order of personID: the students new since last night are its
last rows. Cut by its last 3 lines, every line the last set recorded was still there (no X884), and
the 3 students lost were new (no X882 of the last set's people): the set was published at exit 0
without them while roster.csv still enrolled them. Now a people export in order of its ID after
whose last row people new since the last set come, whom current enrolment rows name and no row of
it holds, is refused (X722). Honest orphan rows (the roster rows and contacts of a student gone
long ago, an older ID), one new student scheduled before his row is written, and an export in no
order of its ID, publish.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import gate
from transform.report.summary import next_step

DISTRICT = FIXTURES / "infinite-campus" / "district" / "in"
FIRST = dt.datetime(2026, 10, 15, 2, tzinfo=dt.UTC)
SECOND = FIRST + dt.timedelta(days=1)
STUDENTS = "personID,studentNumber,schoolNumber,lastName,firstName,grade,startDate,endDate,serviceType"
FAMILY = ("Abbott", "Baker", "Chavez", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jones")


def student(person: int, start: str = "08/20/2026") -> str:
    return f"{person},{person + 1000000},0410,{FAMILY[person % 10]},Kid{person},03,{start},,P"


def write(exports: Path, people: list[int], *, roster: list[int], contacts: Sequence[int] = ()) -> None:
    """students.csv of `people` as listed, roster.csv enrolling `roster` in Grade 3, contacts.csv
    a mother for each of `contacts`."""
    (exports / "students.csv").write_text("\r\n".join([STUDENTS, *map(student, people)]) + "\r\n")
    rows = [f"{person},90001,08/20/2026," for person in roster]
    (exports / "roster.csv").write_text("\r\n".join(["personID,sectionID,startDate,endDate", *rows]) + "\r\n")
    header = "personID,contactPersonID,firstName,lastName,relationship,guardian,seq,email"
    lines = [f"{p},{p + 10000},Mom{p},{FAMILY[p % 10]},Mother,1,1,mom{p}@example.com" for p in contacts]
    (exports / "contacts.csv").write_text("\r\n".join([header, *lines]) + "\r\n")


def run(exports: Path, out: Path, night: dt.datetime, **options: Any) -> api.RunResult:
    written = (night - dt.timedelta(hours=1)).timestamp()
    for path in exports.iterdir():
        os.utime(path, (written, written))
    options.setdefault("profile", "infinite-campus")
    return api.run(api.RunOptions(in_dir=exports, out_dir=out, as_of=night.date(), now=night, **options))


OLD = list(range(51301, 51313))  # twelve students of the last set
NEW = [51313, 51314, 51315]  # new tonight, their rows the export's last


def first_night(tmp_path: Path, engine: str = "python") -> tuple[Path, Path]:
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    for name in ("schools.csv", "sections.csv", "staff.txt"):
        shutil.copy(DISTRICT / name, exports / name)
    write(exports, OLD, roster=OLD, contacts=OLD)
    first = run(exports, out, FIRST, engine=engine)
    assert first.exit_status == api.EXIT_PUBLISHED, [p.message for p in first.problems]
    return exports, out


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_students_export_cut_of_its_new_rows_is_refused(tmp_path: Path, engine: str) -> None:
    exports, out = first_night(tmp_path, engine)
    held = (out / "users.csv").read_bytes()
    # roster.csv and contacts.csv enrol the new students; students.csv ends before their rows
    write(exports, OLD, roster=OLD + NEW, contacts=OLD + NEW)
    result = run(exports, out, SECOND, engine=engine)
    assert result.exit_status == api.EXIT_NOT_PUBLISHED and not result.report.published
    (refused,) = [p for p in result.problems if p.code.id == "X722"]
    assert refused.message.startswith(
        "students.csv ends tonight at line 13 (personID 51312, its last rows in order of personID), while tonight's "
        "other exports name in current rows 3 people new since the last published set whose IDs come after it and "
        "whom students.csv has no row for (51313, named by roster.csv:14 (V504); 51314, named by roster.csv:15 "
        "(V504); 51315, named by roster.csv:16 (V504))"
    )
    # each is enrolled from a day passed: the profile setting for pre-registration would excuse none (review218 R2)
    assert "leaves_out_preregistered" not in refused.message and "export students.csv again whole" in refused.message
    step = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert step.startswith("Next: Export students.csv again whole and rerun: it ends at personID 51312")
    assert "leaves_out_preregistered" not in step
    assert (out / "users.csv").read_bytes() == held  # the last set stays
    # --allow-incomplete publishes it, said in X722's own words (not a tail cut's), a person must look (exit 1)
    anyway = run(exports, out, SECOND, allow_incomplete=True)
    assert anyway.report.published and anyway.exit_status == api.EXIT_NOT_PUBLISHED
    assert "F451" not in anyway.report.counts
    (said,) = anyway.report.examples["I256"]
    assert said.message.startswith("students.csv ends tonight at line 13") and "(X722)" in said.message
    assert "line count" not in next_step(anyway, out_dir=out, explain_path=None, upload=False)
    # the export again whole publishes them
    write(exports, OLD + NEW, roster=OLD + NEW, contacts=OLD + NEW)
    whole = run(exports, out, SECOND + dt.timedelta(days=1))
    assert whole.exit_status == api.EXIT_PUBLISHED, [p.message for p in whole.problems]


def test_honest_orphans_and_one_new_student_publish(tmp_path: Path) -> None:
    exports, out = first_night(tmp_path)
    # 51299 and 51300, gone long ago, purged from students.csv: the SIS keeps their roster rows and
    # contacts (older IDs than the export's last row); 51313 is scheduled before his students row
    # is written (one); 51316 and 51317, new and listed, have no schedule yet (their first day)
    people = [*OLD, 51316, 51317]
    write(exports, people, roster=[51299, 51300, *OLD, 51313], contacts=[51299, 51300, *people])
    result = run(exports, out, SECOND)
    assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    assert "X722" not in result.report.counts


def test_export_in_no_order_of_its_id_tells_nothing(tmp_path: Path) -> None:
    exports, out = first_night(tmp_path)
    # students.csv written by name, not ID: its last row says nothing of where new rows come;
    # two students scheduled before their rows are written (a pre-registration) publish as before
    by_name = sorted(OLD, key=lambda p: (FAMILY[p % 10], -p))
    write(exports, by_name, roster=OLD + NEW[:2], contacts=OLD)
    result = run(exports, out, SECOND)
    assert "X722" not in result.report.counts
    assert result.report.published, [p.message for p in result.problems]


def test_students_scheduled_ahead_publish_every_night(tmp_path: Path) -> None:
    """review209 R1: two students pre-registered, their roster rows starting Monday (in the look-ahead
    window), left out of an export of active students until then, and a third new and listed: published
    at exit 0 each night, not refused; the same rows starting tonight are a cut (the twin)."""
    exports, out = first_night(tmp_path)
    people = [*OLD, 51313]
    rows = [f"{p},90001,08/20/2026," for p in people] + [f"{p},90001,10/19/2026," for p in NEW[1:]]
    write(exports, people, roster=[], contacts=people)
    (exports / "roster.csv").write_text("\r\n".join(["personID,sectionID,startDate,endDate", *rows]) + "\r\n")
    for night in (SECOND, SECOND + dt.timedelta(days=1), SECOND + dt.timedelta(days=2)):
        result = run(exports, out, night)
        assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    # the twin: their rows started today (as a cut's new students' have), not ahead
    (tmp_path / "twin").mkdir()
    exports2, out2 = first_night(tmp_path / "twin")
    rows = [f"{p},90001,08/20/2026," for p in people] + [f"{p},90001,10/16/2026," for p in NEW[1:]]
    write(exports2, people, roster=[], contacts=people)
    (exports2 / "roster.csv").write_text("\r\n".join(["personID,sectionID,startDate,endDate", *rows]) + "\r\n")
    assert "X722" in run(exports2, out2, SECOND).report.counts


def roster(exports: Path, dated: list[int], undated: Sequence[int] = (), start: str = "08/20/2026") -> None:
    """roster.csv enrolling `dated` from `start` (the rest of the class from 08/20) and `undated` with no start."""
    rows = [f"{p},90001,{'08/20/2026' if p in OLD else start}," for p in dated] + [f"{p},90001,," for p in undated]
    (exports / "roster.csv").write_text("\r\n".join(["personID,sectionID,startDate,endDate", *rows]) + "\r\n")


def test_a_stuck_export_losing_a_student_a_night_is_refused_every_night(tmp_path: Path) -> None:
    """review213 R1: students.csv stuck at 51312 while a new student a night is enrolled from today (dated,
    started). One is under the count: published. Two are refused; --allow-incomplete publishes them, but
    their rows have started, so nothing remembers them: the night after, three are refused again (not one)."""
    exports, out = first_night(tmp_path)
    write(exports, OLD, roster=OLD, contacts=OLD)
    roster(exports, [*OLD, 51313], start="10/16/2026")
    assert run(exports, out, SECOND).exit_status == api.EXIT_PUBLISHED
    roster(exports, [*OLD, 51313, 51314], start="10/16/2026")
    night = SECOND + dt.timedelta(days=1)
    assert "X722" in run(exports, out, night).report.counts
    assert "I256" in run(exports, out, night, allow_incomplete=True).report.counts
    assert gate.NEW_ROWS_SEEN not in json.loads((gate.state_folder(out) / "last.json").read_text())
    roster(exports, [*OLD, 51313, 51314, 51315], start="10/16/2026")
    after = run(exports, out, night + dt.timedelta(days=1))
    (refused,) = after.report.examples["X722"]
    assert refused.params["count"] == 3 and not after.report.published


def test_students_excused_by_a_later_start_are_not_remembered(tmp_path: Path) -> None:
    """review213 R2: two students scheduled for Monday 10/19 publish Friday to Sunday (scheduled ahead);
    on Monday their rows start and students.csv ends before exactly them: refused, not excused by Friday."""
    exports, out = first_night(tmp_path)
    write(exports, [*OLD, 51313], roster=[], contacts=OLD)
    roster(exports, [*OLD, 51313, 51314, 51315], start="10/19/2026")  # 51313 listed ahead of his first day
    for night in (SECOND, SECOND + dt.timedelta(days=1), SECOND + dt.timedelta(days=2)):
        result = run(exports, out, night)
        assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    cut = run(exports, out, dt.datetime(2026, 10, 19, 2, tzinfo=dt.UTC))
    assert "X722" in cut.report.counts and not cut.report.published


def test_undated_people_published_by_allow_incomplete_are_not_counted_again(tmp_path: Path) -> None:
    """review209 R1 (c): enrolments with no start date naming pre-registered students. Two at once are refused
    once; --allow-incomplete publishes them (I256, exit 1) and the nights after publish at exit 0, while they
    stay absent; two more new ones refuse again (no lasting word in the profile)."""
    exports, out = first_night(tmp_path)
    write(exports, OLD, roster=OLD, contacts=OLD)
    roster(exports, OLD, undated=[51313, 51314])
    refused = run(exports, out, SECOND)
    (said,) = refused.report.examples["X722"]  # not started: the setting is offered (review218 R2)
    assert "leaves_out_preregistered: true under sources.students" in said.message
    assert "leaves_out_preregistered: true}}" in next_step(refused, out_dir=out, explain_path=None, upload=False)
    assert "I256" in run(exports, out, SECOND, allow_incomplete=True).report.counts
    for days in (1, 2):
        after = run(exports, out, SECOND + dt.timedelta(days=days))
        assert after.exit_status == api.EXIT_PUBLISHED, [p.message for p in after.problems]
    roster(exports, OLD, undated=[51313, 51314, 51320, 51321])
    assert "X722" in run(exports, out, SECOND + dt.timedelta(days=3)).report.counts
    # their rows given a start date, today: an export of active people lists them, so remembered or not, a cut
    roster(exports, [*OLD, 51313, 51314], start="10/19/2026")
    assert "X722" in run(exports, out, dt.datetime(2026, 10, 19, 2, tzinfo=dt.UTC)).report.counts
    # a damaged memory: nothing published, and the step says X722 may come back once
    state = gate.state_folder(out) / "last.json"
    state.write_text(json.dumps({**json.loads(state.read_text()), gate.NEW_ROWS_SEEN: "x"}))
    damaged = run(exports, out, dt.datetime(2026, 10, 20, 2, tzinfo=dt.UTC))
    (said,) = [p for p in damaged.problems if p.code.id == "X930"]
    assert "X722 may refuse the next night once" in said.message and not damaged.report.published


def test_pre_registered_with_undated_and_ahead_rows_are_remembered(tmp_path: Path) -> None:
    """review218 R1: two pre-registered students, each enrolled by one roster row with no start date and one
    dated ahead (11/02): neither scheduled ahead nor undated, not started. Refused once; --allow-incomplete
    publishes without them and remembers them (as the profile setting would excuse them), so the nights after
    publish at exit 0, not refused every night until their first day; on it, their rows started, a cut again."""
    exports, out = first_night(tmp_path)
    write(exports, OLD, roster=OLD, contacts=OLD)
    rows = [f"{p},90001,08/20/2026," for p in OLD] + [
        f"{p},900{n},{d}," for p in (51313, 51314) for n, d in (("01", ""), ("02", "11/02/2026"))
    ]
    (exports / "roster.csv").write_text("\r\n".join(["personID,sectionID,startDate,endDate", *rows]) + "\r\n")
    refused = run(exports, out, SECOND)
    assert "leaves_out_preregistered: true under sources.students" in refused.report.examples["X722"][0].message
    assert "I256" in run(exports, out, SECOND, allow_incomplete=True).report.counts
    assert len(json.loads((gate.state_folder(out) / "last.json").read_text())[gate.NEW_ROWS_SEEN]) == 2
    for days in (1, 2):
        after = run(exports, out, SECOND + dt.timedelta(days=days))
        assert after.exit_status == api.EXIT_PUBLISHED, [p.message for p in after.problems]
    first_day = run(exports, out, dt.datetime(2026, 11, 2, 2, tzinfo=dt.UTC))
    assert "X722" in first_day.report.counts and not first_day.report.published


def test_an_export_of_active_people_only_said_in_the_profile(tmp_path: Path) -> None:
    """review213 R3: sources.students.leaves_out_preregistered: true, said once: new people enrolled with no
    start date are not counted, however many and every week; those enrolled from today still are (a cut)."""
    exports, out = first_night(tmp_path)
    profile = tmp_path / "district.yaml"
    profile.write_text(
        "name: district\nextends: infinite-campus\nsources:\n  students:\n    leaves_out_preregistered: true\n"
    )
    write(exports, OLD, roster=OLD, contacts=OLD)
    for week, pair in enumerate(([51313, 51314], [51313, 51314, 51315, 51316])):
        roster(exports, OLD, undated=pair)
        night = SECOND + dt.timedelta(days=7 * week)
        result = run(exports, out, night, profile=str(profile))
        assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
    roster(exports, [*OLD, 51317, 51318], start="10/29/2026")
    cut = run(exports, out, dt.datetime(2026, 10, 29, 2, tzinfo=dt.UTC), profile=str(profile))
    assert "X722" in cut.report.counts and not cut.report.published
    # the setting excuses none of them (enrolled from today): not offered again, the export again whole is
    assert "leaves_out_preregistered" not in cut.report.examples["X722"][0].message


def test_export_sorted_by_school_then_id_cut_at_its_last_school(tmp_path: Path) -> None:
    """review209 R2: an export written in blocks (by school, then ID; one ID series) is judged by its last
    block: the last block's 3 new students cut at a line's end are refused, not published at exit 0."""
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    for name in ("schools.csv", "sections.csv", "staff.txt"):
        shutil.copy(DISTRICT / name, exports / name)
    evens, odds = [51300 + 2 * i for i in range(12)], [51301 + 2 * i for i in range(12)]
    write(exports, evens + odds, roster=evens + odds, contacts=evens + odds)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    new = [51325, 51327, 51329]  # the last block's new students, cut; 51330 of the first block listed
    write(exports, [*evens, 51330, *odds], roster=[*evens, 51330, *odds, *new], contacts=evens + odds)
    result = run(exports, out, SECOND)
    assert "X722" in result.report.counts and not result.report.published


def test_ids_compared_as_numbers_across_a_digit(tmp_path: Path) -> None:
    """review209 R4 (M1): IDs 9988..9999, the new 10000 and 10001 cut: as text they sort before 9999."""
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    for name in ("schools.csv", "sections.csv", "staff.txt"):
        shutil.copy(DISTRICT / name, exports / name)
    old = list(range(9988, 10000))
    write(exports, old, roster=old, contacts=old)
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    write(exports, old, roster=[*old, 10000, 10001], contacts=old)
    assert "X722" in run(exports, out, SECOND).report.counts


def test_people_of_the_last_set_are_not_new(tmp_path: Path) -> None:
    """review209 R4 (M2): the export loses its last 2 rows, students of the last set: X882's (the last set's
    people), not X722's, which counts only people new since the last set."""
    exports, out = first_night(tmp_path)
    write(exports, OLD[:-2], roster=OLD, contacts=OLD)
    result = run(exports, out, SECOND)
    assert not result.report.published and "X722" not in result.report.counts


def blocks(exports: Path, schools: list[tuple[str, list[int]]], enrolled: Sequence[tuple[int, str]]) -> None:
    """students.csv in blocks by school, then personID (`schools` in order); roster.csv enrolling each of
    `enrolled` (ID, start date) in its school's year-long class (0410: Grade 3, 0420: Advisory 7)."""
    lines = [student(p).replace(",0410,", f",{school},", 1) for school, people in schools for p in people]
    (exports / "students.csv").write_text("\r\n".join([STUDENTS, *lines]) + "\r\n")
    at = {p: school for school, people in schools for p in people}
    rows = [f"{p},{'90012' if at.get(p) == '0420' else '90001'},{start}," for p, start in enrolled]
    (exports / "roster.csv").write_text("\r\n".join(["personID,sectionID,startDate,endDate", *rows]) + "\r\n")
    (exports / "contacts.csv").write_text("personID,contactPersonID,firstName,lastName\r\n")


def block_night(tmp_path: Path, first: list[int], last: list[int]) -> tuple[Path, Path]:
    exports, out = tmp_path / "in", tmp_path / "out"
    exports.mkdir()
    for name in ("schools.csv", "sections.csv", "staff.txt"):
        shutil.copy(DISTRICT / name, exports / name)
    blocks(exports, [("0410", first), ("0420", last)], [(p, "08/20/2026") for p in first + last])
    assert run(exports, out, FIRST).exit_status == api.EXIT_PUBLISHED
    return exports, out


@pytest.mark.parametrize("size", [4, 12], ids=["short-last-block", "long-last-block"])
def test_orphans_after_a_last_block_of_old_ids_publish(tmp_path: Path, size: int) -> None:
    """students.csv by school, then personID, the last school's block holding old IDs (51201...), and the SIS
    keeping current roster rows of two students purged long ago (51250, 51251: IDs after that block's, before the
    newest the last set published). They are not where a cut's new rows come: published, not refused every night
    (review225 R1: with a block of 10 rows or more, X722 every night, --allow-incomplete no lasting way out)."""
    first, last = list(range(51301, 51321)), list(range(51201, 51201 + size))
    exports, out = block_night(tmp_path, first, last)
    enrolled = [(p, "08/20/2026") for p in [*first, *last, 51250, 51251]]
    blocks(exports, [("0410", first), ("0420", last)], enrolled)
    for night in (SECOND, SECOND + dt.timedelta(days=1)):
        result = run(exports, out, night)
        assert result.exit_status == api.EXIT_PUBLISHED, [p.message for p in result.problems]
