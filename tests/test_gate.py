"""The safety gate: tonight's broken export must not replace last night's good set."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
NOW = dt.datetime(2026, 10, 15, 2, 0, tzinfo=dt.UTC)


def run(exports: Path, out: Path, **options: object) -> api.RunResult:
    defaults: dict[str, object] = {"as_of": dt.date(2026, 10, 15), "now": NOW}
    return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, **{**defaults, **options}))


def keep_students(exports: Path, rows: int) -> None:
    """The first `rows` students of students.txt kept, the others gone with their schedules (cc.txt
    rows): students who left, not an export cut short while cc still names them (X882)."""
    lines = (exports / "students.txt").read_bytes().split(b"\r\n")
    (exports / "students.txt").write_bytes(b"\r\n".join([*lines[: rows + 1], b""]))
    kept = {line.split(b"\t")[0] for line in lines[1 : rows + 1]}
    cc = (exports / "cc.txt").read_bytes().split(b"\r\n")
    student = next(n for n, name in enumerate(cc[0].split(b"\t")) if name.endswith(b"StudentID"))  # [04]StudentID
    (exports / "cc.txt").write_bytes(
        b"\r\n".join(line for n, line in enumerate(cc) if not n or not line or line.split(b"\t")[student] in kept)
    )


def half_the_students(tmp_path: Path) -> Path:
    exports = tmp_path / "broken"
    shutil.copytree(SAMPLE, exports)
    keep_students(exports, 11)  # 11 of 28 left
    return exports


def test_a_broken_export_is_refused_and_the_previous_set_kept(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = run(half_the_students(tmp_path), out)
    assert result.exit_status == 1
    assert {p.code.id for p in result.problems} >= {"X906", "X907"}
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    with (tmp_path / "out-removals.csv").open(encoding="utf-8", newline="") as handle:
        removed = [row for row in csv.DictReader(handle)]
    users = [r["sourcedId"] for r in removed if r["file"] == "users.csv"]
    assert "5027" in users and "T1001" not in users
    assert result.report.facts["changes"]["users"]["removed"] == len(users)
    # What a person needs to recognise each record: role, name and school, from the last set.
    student = next(r for r in removed if r["file"] == "users.csv" and r["sourcedId"] == "5027")
    with (out / "users.csv").open(encoding="utf-8", newline="") as handle:
        published = next(row for row in csv.DictReader(handle) if row["sourcedId"] == "5027")
    name = f"{published['givenName']} {published['familyName']}"
    assert (student["role"], student["name"], student["school"]) == ("student", name, published["orgSourcedIds"])
    enrolment = next(r for r in removed if r["file"] == "enrollments.csv" and r["sourcedId"].endswith("-5027"))
    assert (enrolment["role"], enrolment["name"]) == ("student", name) and enrolment["school"]
    assert all(r["role"] for r in removed if r["file"] in ("users.csv", "enrollments.csv"))


def test_allow_rollover_publishes_and_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(SAMPLE, out)
    result = run(half_the_students(tmp_path), out, allow_rollover=True)
    assert result.report.published and result.report.counts["X908"] >= 1
    # the same night as the last set, no term ended: published, but said (F454), exit 1 (test_flag_left_in)
    assert result.exit_status == 1 and result.report.counts["F454"] == 1


def test_a_higher_limit_lets_a_removal_through(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run(SAMPLE, out)
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    keep_students(exports, 23)  # 5 of 28 students leave
    assert run(exports, out).exit_status == 1
    result = run(exports, out, max_removal=40.0)
    assert result.report.published
    assert result.report.facts["changes"]["users"]["removed"] > 0
    # Published as the option allows; the students are gone from the export, not listed as withdrawn: a
    # person looks (X821, exit 1), as every night a nightly job keeping the option lets such removals through.
    assert result.exit_status == 1 and result.report.counts["X821"] == 1


def test_an_empty_required_export_is_refused_even_on_the_first_run(tmp_path: Path) -> None:
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    (exports / "cc.txt").write_text("[04]StudentID\t[04]SectionID\t[04]TermID\t[04]SchoolID\r\n", encoding="utf-8")
    result = run(exports, tmp_path / "out")
    assert result.exit_status == 1
    assert [p.code.id for p in result.problems] == ["X910"]
    assert not (tmp_path / "out").exists()


def test_state_zip_history_and_the_overdue_warning(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(SAMPLE, out, zip_path=tmp_path / "upload.zip", keep=2)
    assert result.exit_status == 0
    state = json.loads((tmp_path / ".out.transform" / "last.json").read_text(encoding="utf-8"))
    assert state["published_at"] == "2026-10-15T02:00:00+00:00"
    with zipfile.ZipFile(tmp_path / "upload.zip") as archive:
        assert sorted(archive.namelist()) == sorted(p.name for p in out.iterdir())
        assert archive.read("users.csv") == (out / "users.csv").read_bytes()
    history = tmp_path / ".out.transform" / "history"
    for days in (1, 2, 3):
        run(SAMPLE, out, keep=2, now=NOW + dt.timedelta(days=days))
    # Nights that changed nothing add no copy: the set before the last change stays for a
    # rollback (tester51 F7: quiet nights filled --keep with copies of one set).
    assert len(list(history.iterdir())) == 1
    late = run(SAMPLE, out, now=NOW + dt.timedelta(days=100))
    assert late.report.counts["X909"] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.transform", "out", "upload.zip"]
    for days, kept in ((101, 25), (102, 24), (103, 23)):
        run(fewer_students(tmp_path / "in", kept), out, keep=2, allow_rollover=True, now=NOW + dt.timedelta(days=days))
    assert len(list(history.iterdir())) == 2


def test_the_overdue_warning_counts_calendar_days_not_hours() -> None:
    """Published on 27 May a few seconds into the run, checked on 16 August a second earlier in
    the night: 81 days old to the administrator, so over the 80-day line (a timedelta says 80)."""
    from transform.pipeline import gate
    from transform.report.report import Report

    published = "2027-05-27T12:00:05+00:00"
    for now, warned in (
        (dt.datetime(2027, 8, 16, 12, 0, 1, tzinfo=dt.UTC), True),
        (dt.datetime(2027, 8, 15, 12, 0, 9, tzinfo=dt.UTC), False),
    ):
        report = Report()
        gate.check_overdue({"published_at": published}, report, now=now)
        assert (report.counts.get("X909", 0) == 1) == warned, now
    assert gate.days_since(published, dt.datetime(2027, 8, 16, 12, 0, 1, tzinfo=dt.UTC)) == 81
    assert gate.days_since("27 May", dt.datetime(2027, 8, 16, tzinfo=dt.UTC)) is None
    assert gate.days_since(None, dt.datetime(2027, 8, 16, tzinfo=dt.UTC)) is None


def test_the_change_counts_are_in_the_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run(SAMPLE, out)
    assert first.report.facts["changes"]["users"] == {"previous": 0, "now": 56, "added": 56, "removed": 0, "changed": 0}
    second = run(SAMPLE, out)
    assert second.report.facts["changes"]["enrollments"]["added"] == 0
    assert second.report.facts["changes"]["enrollments"]["previous"] == second.report.rows_written["enrollments.csv"]


def test_a_killed_run_leaves_the_previous_set_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from benchmarks.synthetic import write_district

    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    big = tmp_path / "big"
    write_district(big, 10_000)  # users.csv is staged after ~1/3 of its run: seconds left to kill it in
    script = Path(sys.executable).with_name("transform")
    process = subprocess.Popen(
        [str(script), "--profile", "powerschool", str(big), str(out), "--as-of", "2026-10-15", "--allow-rollover"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(tmp_path.glob(".out.staging-*/users.csv")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert list(tmp_path.glob(".out.staging-*")), "killed while writing"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    again = run(SAMPLE, out)
    assert again.exit_status == 0
    assert not list(tmp_path.glob(".out.staging-*"))


def test_two_runs_at_once_on_one_output(tmp_path: Path) -> None:
    from transform.pipeline.gate import state_folder
    from transform.pipeline.write import Staging

    out = tmp_path / "out"
    holder = Staging(out, lock_folder=state_folder(out))
    lock = state_folder(out) / "lock"
    try:
        result = run(SAMPLE, out)
        assert result.exit_status == 2
        assert [p.code.id for p in result.problems] == ["X914"]
        # The refused run leaves the holder's PID in the lock file (it emptied it: tester47 F7.12)
        assert lock.read_text(encoding="utf-8") == f"{os.getpid()}\n"
    finally:
        holder.discard()
    assert run(SAMPLE, out).exit_status == 0


def test_a_lock_that_cannot_be_opened_is_named(tmp_path: Path) -> None:
    """A folder where the state folder's lock file belongs was said as "cannot write output to
    out: Is a directory", naming OUT (tester47 F7.15)."""
    from transform.pipeline.gate import state_folder

    out = tmp_path / "out"
    (state_folder(out) / "lock").mkdir(parents=True)
    result = run(SAMPLE, out)
    assert result.exit_status == 2 and [p.code.id for p in result.problems] == ["X901"]
    assert result.problems[0].message.startswith(f"cannot write output to {state_folder(out) / 'lock'}: ")


def test_progress_is_reported_while_reading_large_exports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every PROGRESS_EVERY rows of each export read, by the row reader (students.txt) and by the
    engine reading the enrolments (cc.txt). The step is made 1,000 here, the district 1,200
    students: 12,000 to pass the real 10,000 cost ~8 CPU-s. --engine auto took the columnar engine
    at that size, so it is named here (tests/test_summary.py counts the Python engine's rows)."""
    from benchmarks.synthetic import write_district
    from transform.pipeline import columnar, read

    assert columnar.PROGRESS_EVERY == read.PROGRESS_EVERY  # one step, as the user sees it
    monkeypatch.setattr(read, "PROGRESS_EVERY", 1_000)
    monkeypatch.setattr(columnar, "PROGRESS_EVERY", 1_000)
    big = tmp_path / "big"
    write_district(big, 1_200)
    seen: list[tuple[str, int]] = []
    result = run(big, tmp_path / "out", engine="columnar", on_progress=lambda file, rows: seen.append((file, rows)))
    assert result.exit_status == 0
    assert ("students.txt", 1_000) in seen and ("cc.txt", 9_000) in seen, seen


def test_an_as_of_before_the_last_published_sets_is_refused_every_night_it_stays_behind(tmp_path: Path) -> None:
    """The clock gone back (tester64 F2): read as of a day before the last set's, the set put back
    the enrolments dropped since, published at exit 0 with a warning (X959), and the next nights,
    compared with that earlier day, said nothing. It is refused (X803) every night the date stays
    behind; a missed night run again on purpose publishes with --allow-earlier-as-of, said (X959, exit 1:
    the flag is a person's word for one night, audit56b)."""
    out = tmp_path / "out"
    assert run(SAMPLE, out, as_of=dt.date(2026, 10, 20)).exit_status == 0
    published = {p.name: p.read_bytes() for p in out.iterdir()}
    for night, day in ((1, 15), (2, 16)):
        behind = run(SAMPLE, out, as_of=dt.date(2026, 10, day), now=NOW + dt.timedelta(days=night))
        assert behind.exit_status == 1 and not behind.report.published
        (said,) = behind.report.examples["X803"]
        assert str(said).startswith(f"X803 as-of-before-last-refused: the as-of date 2026-10-{day} is {20 - day} days")
        assert "(2026-10-20)" in str(said) and "--allow-earlier-as-of" in str(said)
        # A job whose TZ changed between nights reads an earlier local date: said (tester66 O3)
        assert "or the job's time zone changed (the date the clock gives is the local one: TZ" in str(said)
        assert {p.name: p.read_bytes() for p in out.iterdir()} == published
    state = json.loads((tmp_path / ".out.transform" / "last.json").read_text(encoding="utf-8"))
    assert state["as_of"] == "2026-10-20"
    earlier = run(SAMPLE, out, as_of=dt.date(2026, 10, 15), allow_earlier_as_of=True)
    assert earlier.exit_status == 1 and earlier.report.published and "X803" not in earlier.report.counts
    (said,) = earlier.report.examples["X959"]
    assert said.params["as_of"] == "2026-10-15" and said.params["last"] == "2026-10-20"
    # The as-of dates alone: the clock's (NOW, the publish of 2026-10-20's set) beside them misled (tester10 12).
    assert said.message.startswith(
        "--as-of 2026-10-15 is before the as-of date of the last published set (2026-10-20):"
    )
    later = run(SAMPLE, out, as_of=dt.date(2026, 10, 21))
    assert "X959" not in later.report.counts and "X803" not in later.report.counts


def fewer_students(tmp_path: Path, kept: int = 19) -> Path:
    """The sample with a third of its students gone: past the gate's 10%, short of the export
    check's half (X907), as a SIS export that lost a school's worth of rows."""
    exports = tmp_path / f"fewer-{kept}"
    shutil.copytree(SAMPLE, exports)
    keep_students(exports, kept)
    return exports


def empty(out: Path) -> None:
    for path in out.iterdir():
        path.unlink()


def test_out_emptied_since_its_set_was_published_is_compared_by_the_recorded_counts(tmp_path: Path) -> None:
    """A job that moved the files away, or a clean-up, emptied OUT: the state still says a set of
    so many users went out. Tonight's third fewer students were published as a "first set"
    (tester14 F1); now the recorded counts refuse it (X972), and say why (X973)."""
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    empty(out)
    fewer = fewer_students(tmp_path)
    result = run(fewer, out)
    assert result.exit_status == 1
    found = {p.code.id for p in result.problems}
    assert "X972" in found and "X907" not in found
    assert result.report.counts["X973"] == 1
    assert list(out.iterdir()) == []  # nothing published
    (refusal,) = [p for p in result.problems if p.code.id == "X972" and p.where.file == "users.csv"]
    assert "2026-10-15" in str(refusal) and "--previous" in str(refusal)
    assert "OUT no longer holds that set" in str(refusal) and "put the set back in OUT" in str(refusal)
    shutil.rmtree(out)  # deleted, not emptied: the same
    assert run(fewer, out).exit_status == 1
    allowed = run(fewer, out, allow_rollover=True)
    assert allowed.report.published and allowed.exit_status == 1 and "F454" in allowed.report.counts


def test_out_emptied_and_the_same_exports_publish_as_a_next_set_not_a_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    empty(out)
    result = run(SAMPLE, out)
    assert result.exit_status == 0 and result.report.published
    assert result.report.counts["X973"] == 1 and "X972" not in result.report.counts
    assert result.report.facts["first_set"] is False


def test_out_emptied_with_a_kept_copy_compares_by_id_with_the_copy(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out, keep=2).exit_status == 0
    empty(out)
    result = run(fewer_students(tmp_path), out)
    assert result.exit_status == 1
    found = {p.code.id for p in result.problems}
    assert "X906" in found and "X972" not in found  # by ID: the removals are listed
    assert "the copy kept in the state folder" in str(result.report.examples["X973"][0])
    assert (tmp_path / "out-removals.csv").is_file()


def test_out_emptied_with_only_an_older_copy_kept_compares_by_the_recorded_counts(tmp_path: Path) -> None:
    """A copy kept on an earlier night is not the set last.json recorded: compared with it, a
    normal night was refused for what changed since (review36 F4). The counts decide, and the
    changes line, with no set to compare by ID, is not printed (review36 F6)."""
    from transform.report.summary import changes_line

    out = tmp_path / "out"
    assert run(SAMPLE, out, keep=1).exit_status == 0  # the copy: night 1
    fewer = fewer_students(tmp_path, 25)
    later = NOW + dt.timedelta(days=1)
    assert run(fewer, out, allow_rollover=True, now=later).report.published  # night 2, no copy kept
    empty(out)
    result = run(fewer, out, now=later + dt.timedelta(days=1))  # the exports of the set last.json recorded
    assert result.exit_status == 0 and result.report.published
    assert "X906" not in result.report.counts and "X972" not in result.report.counts
    assert "the counts last.json recorded" in str(result.report.examples["X973"][0])
    assert changes_line(result.report) == ""


def test_runs_published_in_one_second_keep_a_copy_each(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for exports in (SAMPLE, fewer_students(tmp_path, 25), SAMPLE):  # the same `now`: one second
        assert run(exports, out, keep=5, allow_rollover=True).report.published
    history = out.parent / ".out.transform" / "history"
    names = sorted(p.name for p in history.iterdir())
    assert names == ["20261015T020000Z", "20261015T020000Z.02", "20261015T020000Z.03"]
    kept = json.loads(history.with_suffix(".json").read_text(encoding="utf-8"))
    assert sorted(kept) == names and all((history / n / "users.csv").is_file() for n in names)
    fewer = fewer_students(tmp_path, 24)
    assert run(fewer, out, keep=2, allow_rollover=True).report.published
    assert sorted(p.name for p in history.iterdir()) == ["20261015T020000Z.03", "20261015T020000Z.04"]
    # The same set again: no copy of it
    assert run(fewer, out, keep=2).exit_status == 0
    assert sorted(p.name for p in history.iterdir()) == ["20261015T020000Z.03", "20261015T020000Z.04"]
    # Another set in that second: its copy follows .04, not the first name freed by --keep (it
    # sorted as the oldest and was removed at once: a rollback then compared with an older set).
    assert run(fewer_students(tmp_path, 23), out, keep=2, allow_rollover=True).report.published
    assert sorted(p.name for p in history.iterdir()) == ["20261015T020000Z.04", "20261015T020000Z.05"]


def test_a_header_only_students_export_is_not_published_by_allow_rollover(tmp_path: Path) -> None:
    """X910 said "rerun with --allow-rollover if the export is right to be empty"; doing so with
    a students export holding its header only published a first set of staff alone: 0 classes,
    0 enrolments, exit 0 (tester18 F6). The sections and enrolments exports have rows, so the
    classes and enrolments they feed coming out empty is refused (X916) all the same."""
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    header = (exports / "students.txt").read_bytes().split(b"\r\n")[0]
    (exports / "students.txt").write_bytes(header + b"\r\n")
    out = tmp_path / "out"
    assert run(exports, out).exit_status == 1
    result = run(exports, out, allow_rollover=True)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    assert {p.params.get("table") for p in result.problems if p.code.id == "X916"} >= {"classes", "enrollments"}


def test_a_school_missing_from_the_schools_export_is_refused_not_left_out(tmp_path: Path) -> None:
    """School 200's row gone from schools.txt: its students and teachers were each left out as a
    warning (V502), under half of the export, and the first set went out without the school,
    exit 0, "Next: upload" (tester18 F3). Refused (X976), naming the school; --allow-incomplete
    publishes it, said."""
    exports = tmp_path / "in"
    shutil.copytree(SAMPLE, exports)
    lines = (exports / "schools.txt").read_bytes().split(b"\r\n")
    (exports / "schools.txt").write_bytes(b"\r\n".join(line for line in lines if not line.startswith(b"200\t")))
    out = tmp_path / "out"
    result = run(exports, out)
    assert result.exit_status == 1 and not result.report.published and not out.exists()
    (missing,) = [p for p in result.problems if p.code.id == "X976"]
    assert missing.params["school"] == "200" and missing.params["users"] >= 10
    # Where to look: the schools export by its file, and the first user naming the school (tester44 F13)
    assert (missing.where.file, missing.where.line) == ("students.txt", 16)
    assert "which is not in the schools export (schools.txt)" in missing.message
    allowed = run(exports, out, allow_incomplete=True)
    assert allowed.report.published and "X918" in {p.code.id for p in allowed.problems} | set(allowed.report.counts)
    assert allowed.exit_status == 1 and "F453" in allowed.report.counts  # published, but said


def test_an_export_the_size_of_a_delta_is_refused_with_a_full_export_as_the_step(tmp_path: Path) -> None:
    """A schedule export of one row where the last run read 173: the size of a changes-only
    (delta) export, labelled bulk or not. "If the drop is right, rerun with --allow-rollover" read
    as yes to an admin whose hub sends changes (tester44 F13 item 6): the step is a full export."""
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    exports = tmp_path / "delta"
    shutil.copytree(SAMPLE, exports)
    header, first, *_ = (exports / "cc.txt").read_bytes().split(b"\r\n")
    (exports / "cc.txt").write_bytes(b"\r\n".join([header, first, b""]))
    result = run(exports, out)
    assert result.exit_status == 1 and not result.report.published
    (shrunk,) = [p for p in result.problems if p.code.id == "X907"]
    assert shrunk.message.startswith(
        "cc.txt has 1 rows, 173 last time (under a hundredth: the size of a changes-only, delta, export"
    )
    said = next_step(result, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: cc.txt holds under a hundredth of last time's rows, as a changes-only (delta)")
    assert "export a full (bulk) set" in said and "do not accept the drop with --allow-rollover" in said
    # The line alone (-q, JSON logs) does not offer the flag the step warns against (tester50 M1).
    assert "--allow-rollover" not in shrunk.message
    # Under half, but not that small: a cut or filtered export, whose step is as before.
    lines = (SAMPLE / "cc.txt").read_bytes().split(b"\r\n")
    (exports / "cc.txt").write_bytes(b"\r\n".join([*lines[:60], b""]))
    (shrunk,) = [p for p in run(exports, out).problems if p.code.id == "X907"]
    assert shrunk.message.startswith("cc.txt has 59 rows, 173 last time (under half)")
    assert shrunk.message.endswith("(--allow-rollover publishes it anyway)")


def test_an_unchanged_night_keeps_no_second_copy_and_the_copy_still_stands_in(tmp_path: Path) -> None:
    """A night whose set is the newest copy, byte for byte, adds none (tester51 F7); that copy is
    then tonight's in history.json, so OUT emptied after it is still compared by ID with it."""
    out = tmp_path / "out"
    assert run(SAMPLE, out, keep=3).exit_status == 0
    assert run(SAMPLE, out, keep=3, now=NOW + dt.timedelta(days=1)).exit_status == 0
    history = tmp_path / ".out.transform" / "history"
    assert [p.name for p in history.iterdir() if p.is_dir()] == ["20261015T020000Z"]
    kept = json.loads(history.with_suffix(".json").read_text(encoding="utf-8"))
    assert kept["20261015T020000Z"]["published_at"] == "2026-10-16T02:00:00+00:00"
    empty(out)
    result = run(fewer_students(tmp_path / "in"), out, now=NOW + dt.timedelta(days=2))
    assert "X906" in {p.code.id for p in result.problems}
    assert "the copy kept in the state folder" in str(result.report.examples["X973"][0])


def header_only(path: Path) -> None:
    """A pick-up job that empties what it has sent (`: > users.csv`, the header written back)."""
    path.write_bytes(path.read_bytes().split(b"\n")[0] + b"\n")


def test_a_users_file_emptied_in_place_is_not_what_tonight_is_compared_with(tmp_path: Path) -> None:
    """OUT's users.csv emptied to its header after its set was published (tester64 F1): compared
    with it, tonight's set lost nobody, and a third of the students gone published at exit 0.
    last.json's hashes say the file is not the one published: the recorded counts refuse (X972),
    and X802 names the file."""
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    header_only(out / "users.csv")
    result = run(fewer_students(tmp_path), out)
    assert result.exit_status == 1 and not result.report.published
    assert {p.where.file for p in result.problems if p.code.id == "X972"} >= {"users.csv"}
    (said,) = result.report.examples["X802"]
    assert said.params["files"] == "users.csv" and said.where.file == str(out / "users.csv")
    assert "the counts last.json recorded" in str(said) and "X973" not in result.report.counts
    assert (out / "users.csv").read_bytes().count(b"\n") == 1  # nothing published


def test_a_users_file_cut_in_place_counts_the_removals_against_the_published_set(tmp_path: Path) -> None:
    """Compared with a users.csv cut to its first lines, the refusal counted against the cut
    file ('would lose 25 of 41'); with a copy kept it counts against the set published."""
    control, out = tmp_path / "control", tmp_path / "out"
    for folder in (control, out):
        assert run(SAMPLE, folder, keep=2).exit_status == 0
    published = (out / "users.csv").read_bytes()
    (out / "users.csv").write_bytes(published[: len(published) // 3])
    fewer = fewer_students(tmp_path)
    expected = run(fewer, control).report.examples["X906"]
    result = run(fewer, out)
    assert result.exit_status == 1
    assert [p.params["removed"] for p in result.report.examples["X906"]] == [p.params["removed"] for p in expected]
    assert [p.params["previous"] for p in result.report.examples["X906"]] == [p.params["previous"] for p in expected]
    assert "the copy kept in the state folder" in str(result.report.examples["X802"][0])


def test_a_users_file_whose_bytes_changed_with_its_rows_whole_is_still_compared_by_id(tmp_path: Path) -> None:
    """A pick-up job converting OUT's line ends (dos2unix), or sorting its rows, changes the files'
    hashes and keeps every row: taken for a file emptied (X802), the checks reading the last set's
    rows were off, and a third of the students gone published against the counts alone (reviewer63
    R1: IDs given to other people at exit 0). Its rows are all there: compared by ID as ever."""
    control, out = tmp_path / "control", tmp_path / "out"
    for folder in (control, out):
        assert run(SAMPLE, folder).exit_status == 0
    for name in ("users.csv", "enrollments.csv"):
        header, *rows = (out / name).read_bytes().replace(b"\r\n", b"\n").splitlines(keepends=True)
        (out / name).write_bytes(header + b"".join(sorted(rows, reverse=True)))
    fewer = fewer_students(tmp_path)
    expected = run(fewer, control)
    result = run(fewer, out)
    assert result.exit_status == expected.exit_status == 1 and "X802" not in result.report.counts
    assert sorted(result.report.counts) == sorted(expected.report.counts)
    assert "compared_with" not in result.report.facts


def test_an_ordinary_night_after_a_file_was_emptied_publishes_and_says_it_once(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(SAMPLE, out).exit_status == 0
    header_only(out / "users.csv")
    header_only(out / "enrollments.csv")
    result = run(SAMPLE, out, now=NOW + dt.timedelta(days=1))
    assert result.exit_status == 0 and result.report.published
    (said,) = result.report.examples["X802"]
    assert said.params["files"] == "enrollments.csv, users.csv" and said.params["verb"] == "are"
    assert (out / "users.csv").read_bytes().count(b"\n") > 20  # the set written whole again
    from transform.report.render import notices

    assert [p.code.id for p in notices(result.report)] == ["X802"]  # the JSON line's notices, at exit 0
    after = run(SAMPLE, out, now=NOW + dt.timedelta(days=2))
    assert after.exit_status == 0 and "X802" not in after.report.counts


def test_a_record_written_by_a_newer_tool_is_said_as_a_downgrade() -> None:
    """A last.json from a newer version read by an older tool was said 'the tool was upgraded'
    (tester64): the refusals' 'since it was published' now says which way it went."""
    from transform.pipeline import gate

    facts = {"tool_version": "0.1.0"}
    assert "the tool was downgraded (0.10.0 -> 0.1.0)" in gate.made_since({"tool_version": "0.10.0"}, facts)
    assert "the tool was upgraded (0.0.9 -> 0.1.0)" in gate.made_since({"tool_version": "0.0.9"}, facts)
    assert gate.made_since({"tool_version": "0.1.0"}, facts) == ""
