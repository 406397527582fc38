"""What a person sees: progress that only moves forward, and a summary on stdout that ends with
the verdict, the users by role and the next step (at 80 columns, on a first and a later run)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import cli_runner
from tests.conftest import FIXTURES
from transform import api
from transform.pipeline import read
from transform.report.progress import STAGES, Progress, ProgressState

SAMPLE = FIXTURES / "powerschool" / "district"


def test_progress_only_moves_forward() -> None:
    """A file read again adds to its stage's rows; a stage named again or an earlier one
    changes nothing; rows of a file outside the stage (a second process's) do not count."""
    states: list[ProgressState] = []
    clock = iter(range(100))
    progress = Progress(states.append, clock=lambda: float(next(clock)))
    progress.rows("students.txt", 10)  # before any stage: nothing to say
    progress.stage("users", 300, {"students.txt", "teachers.txt"})
    for file, rows in [("students.txt", 50), ("students.txt", 100), ("students.txt", 50), ("cc.txt", 900)]:
        progress.rows(file, rows)
    progress.stage("read", 10, {"schools.txt"})  # earlier: ignored
    progress.stage("users", 5, {"x"})  # the same: ignored
    progress.rows("teachers.txt", 20)
    assert [(s.stage, s.rows, s.percent) for s in states] == [
        ("users", 0, 0),
        ("users", 50, 16),
        ("users", 100, 33),
        ("users", 150, 50),  # students.txt read again: 50 more, not back to 50
        ("users", 170, 56),
    ]
    progress.rows("students.txt", 900)  # more than expected: never 100 % before the stage ends
    assert states[-1].percent == 99
    progress.stage("checks")
    assert (states[-1].stage, states[-1].step, states[-1].percent) == ("checks", 5, None)
    assert [s.elapsed for s in states] == sorted(s.elapsed for s in states)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_reports_its_stages_in_flow_order_and_rows_that_only_grow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    from benchmarks.synthetic import write_district

    monkeypatch.setattr(read, "PROGRESS_EVERY", 500)
    write_district(tmp_path / "in", 1500)
    states: list[ProgressState] = []
    progress = Progress(states.append)
    result = api.run(
        api.RunOptions(
            profile="powerschool",
            in_dir=tmp_path / "in",
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
            jobs=jobs,
            on_progress=progress.rows,
            on_stage=progress.stage,
        )
    )
    assert result.exit_status == 0
    steps = [s.step for s in states]
    assert steps == sorted(steps) and [STAGES[i - 1] for i in sorted(set(steps))] == list(STAGES)
    for stage in STAGES:
        of_stage = [s for s in states if s.stage == stage]
        assert [s.rows for s in of_stage] == sorted(s.rows for s in of_stage), stage
        percents = [s.percent for s in of_stage if s.percent is not None]
        assert percents == sorted(percents) and all(p <= 99 for p in percents), stage
    read_rows = {s.stage for s in states if s.rows}
    assert {"read", "users", "enrolments"} <= read_rows or (jobs == 2 and {"read", "users"} <= read_rows)
    assert any(s.percent and s.percent > 50 for s in states if s.stage == "users")


def transform(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The console script in an 80x24 terminal's width, run where OUT is (as an admin would)."""
    script = Path(sys.executable).with_name("transform")
    env = {**os.environ, "COLUMNS": "80", "LINES": "24"}
    return cli_runner.run(
        [str(script), *map(str, args)], capture_output=True, text=True, check=False, timeout=120, env=env, cwd=cwd
    )


def _summary_checks(stdout: str) -> list[str]:
    lines = stdout.rstrip("\n").splitlines()
    assert all(len(line) <= 80 for line in lines), [line for line in lines if len(line) > 80]
    examples = [line for line in lines if line.startswith("  ") and line[2:6].isalnum() and line[6:7] == " "]
    assert 0 < len(examples) <= 5
    for line in examples:  # whole words only: a cut line ends with an ellipsis after a space-free word end
        assert not line.endswith(" ") and (line.endswith("…") or len(line) < 80)
    next_at = max(i for i, line in enumerate(lines) if line.startswith("Next: "))
    assert len(lines) - next_at <= 3  # the next step ends the summary (wrapped at words)
    return lines


def _joined(lines: list[str], start: str) -> str:
    """The wrapped sentence that begins with `start`, as one line."""
    at = max(i for i, line in enumerate(lines) if line.startswith(start))
    return " ".join(" ".join(lines[at:]).split())


def test_the_summary_of_a_first_and_a_later_run_at_80_columns(tmp_path: Path) -> None:
    out = "out"
    first = transform(
        "--profile", "powerschool", SAMPLE / "in", out, "--as-of", "2026-10-15", "--explain", "x.csv", cwd=tmp_path
    )
    assert first.returncode == 0, first.stderr
    lines = _summary_checks(first.stdout)
    verdict = next(i for i, line in enumerate(lines) if line.startswith("Published "))
    assert len(lines) - verdict <= 23  # on the last screen of an 80x24 terminal
    text = " ".join(" ".join(lines[verdict:]).split())
    assert text.startswith(f"Published {out} (first set): 56 users (26 students, 26 parents/guardians, 4 staff)")
    assert "  100 Lincoln Elementary School: 13 students, 13 parents/guardians, 3 staff" in lines
    assert "Changes since" not in first.stdout + first.stderr
    assert "Every record left out, with its school, name and SIS number: x.csv" in first.stdout
    assert "check the record an error left out (x.csv)" in _joined(lines, "Next: ")
    # Problems go to stderr, the summary to stdout (`> summary.txt` keeps it).
    assert first.stderr.startswith("Published with errors:") and f"Published {out}" not in first.stderr

    again = transform("--profile", "powerschool", SAMPLE / "in", out, "--as-of", "2026-10-15", cwd=tmp_path)
    lines = _summary_checks(again.stdout)
    assert "No changes since the last published set." in lines
    assert any(line.startswith(f"Published {out}: 56 users") for line in lines)
    assert "first set" not in again.stdout
    assert "rerun with --explain PATH" in again.stdout

    broken = tmp_path / "broken"
    shutil.copytree(SAMPLE / "in", broken, copy_function=shutil.copyfile)  # written tonight, cc.txt too
    rows = (broken / "students.txt").read_bytes().split(b"\r\n")
    (broken / "students.txt").write_bytes(b"\r\n".join([*rows[:12], b""]))
    refused = transform("--profile", "powerschool", broken, out, "--as-of", "2026-10-15", cwd=tmp_path)
    assert refused.returncode == 1
    assert "Changes since" not in refused.stdout + refused.stderr
    lines = _summary_checks(refused.stdout) if refused.stdout.count("\n  ") else refused.stdout.splitlines()
    verdict = _joined(lines, "Nothing published")
    # X907, X906 for users and enrolments, X953 for the students and their parents lost
    # X882: cc still names the students the cut export lost (tester52 F1), whose step is the fix: the
    # gate's and X907's --allow-rollover would be refused by X882 again (tester63 F7), whose own option
    # is --allow-incomplete (tester67 F6: the step named --allow-rollover)
    assert verdict.startswith(f"Nothing published (X882 users-rows-missing and X906, X907, X953, above): {out} keeps")
    assert verdict.endswith(
        "Next: Export students.txt again whole from the SIS and rerun: it lacks 16 students that tonight's other "
        "exports still name (cut short or filtered); if they really left, --allow-incomplete lets them go."
    )


def test_a_refusal_by_records_an_option_left_out_points_at_the_option(tmp_path: Path) -> None:
    """`--term "Semester 1"` left in the nightly job after that term ended. Its Next said "Nothing to
    do (F411 ...), and rerun" (tester6 item 8), then named what emptied the classes --term kept
    (F403, F412: X916, tester45 F2). The terms running tonight that it leaves out (the year's,
    Semester 2's) now refuse it first (X819, reviewer103 R2), its Next naming the term that ended to
    take out and the running ones to add."""
    refused = transform(
        "--profile", "powerschool", SAMPLE / "in", tmp_path / "out", "--as-of", "2027-02-15", "--term", "Semester 1",
        cwd=tmp_path,
    )  # fmt: skip
    assert refused.returncode == 1
    lines = refused.stdout.splitlines()
    step = _joined(lines, "Next: ")
    assert "Nothing to do" not in step
    # reviewer103 R2: the running terms it leaves out refuse it first (X819), naming the term that ended.
    assert step == (
        "Next: Take out --term 'Semester 1' (it ended on 2027-01-15), add --term 2026-2027 --term 'Semester 2' "
        "(the command's terms then: --term 2026-2027 --term 'Semester 2'), or take --term out, and rerun."
    )
    assert "--term 'Semester 1' names a term that ended on 2027-01-15" in refused.stderr.replace("\n", " ")


def test_a_summer_night_past_reminds_90_days_says_to_upload_the_set_again(tmp_path: Path) -> None:
    """Nothing is due in the summer (every term ended): the run publishes nothing, exit 0. Past
    Remind's 90 days without an upload, "Next: nothing to do" contradicted the X909 above it
    (tester9 item 19): a run uploads only a set it publishes, so the one out holds goes up by hand."""
    from transform.report.summary import next_step

    rostering = FIXTURES / "powerschool" / "rostering"
    out, exports = tmp_path / "out", tmp_path / "in"
    shutil.copytree(rostering / "in", exports)

    def run(as_of: dt.date, now: dt.datetime) -> api.RunResult:
        for path in exports.iterdir():  # the SIS exported them that evening (X971 reads the times)
            os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
        options = api.RunOptions(
            profile=str(rostering / "district.yaml"), in_dir=exports, out_dir=out, as_of=as_of, now=now
        )
        return api.run(options)

    assert run(dt.date(2027, 5, 20), dt.datetime(2027, 5, 20, 22, tzinfo=dt.UTC)).exit_status == 0
    early = run(dt.date(2027, 7, 15), dt.datetime(2027, 7, 15, 22, tzinfo=dt.UTC))  # 56 days: nothing to say
    assert early.exit_status == 0 and not early.report.published
    assert next_step(early, out_dir=out, explain_path=None, upload=False).startswith("Next: nothing to do")
    late = run(dt.date(2027, 8, 20), dt.datetime(2027, 8, 20, 22, tzinfo=dt.UTC))  # 92 days
    # A person must act: exit 1 (X996, tester29 F4), and the Next line says what to do.
    assert late.exit_status == 1 and not late.report.published and late.report.counts["X909"]
    assert [p.code.id for p in late.problems] == ["X996"]
    assert f"upload the files in {out} again, unchanged" in late.problems[0].message
    said = next_step(late, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Upload the files in the output folder to Remind again, unchanged")


def test_the_next_line_of_a_refusal_names_the_removals_file_by_its_path(tmp_path: Path) -> None:
    """A night that would remove too many enrolments is refused (X906). Its Next line said
    "Look at <out>-removals.csv", the catalogue's placeholder, while the lines above gave the
    path (tester12 item 2)."""
    from transform.report.summary import next_step

    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(SAMPLE / "in", exports)

    def run() -> api.RunResult:
        return api.run(api.RunOptions(profile="powerschool", in_dir=exports, out_dir=out, as_of=dt.date(2026, 10, 15)))

    assert run().exit_status == 0
    sections = exports / "sections.txt"
    lines = sections.read_bytes().splitlines(keepends=True)
    sections.write_bytes(b"".join(lines[:-4]))  # a third of the classes, not half the export (X907)
    # deleted with their roster rows (cc naming a section no sections row has is a cut: X888)
    gone = {line.split(b"\t")[0] for line in lines[-4:]}
    cc = (exports / "cc.txt").read_bytes().splitlines(keepends=True)
    (exports / "cc.txt").write_bytes(b"".join(line for line in cc if line.split(b"\t")[1] not in gone))
    refused = run()
    assert refused.exit_status == 1 and refused.report.counts.get("X906")
    said = next_step(refused, out_dir=out, explain_path=None, upload=False)
    assert "<out>" not in said and f"{out}-removals.csv" in said


def test_the_next_line_of_a_sis_move_says_how_to_keep_the_ids(tmp_path: Path) -> None:
    """A move to another SIS: every user removed (X906) and found again under a new ID (X955).
    The next step is keeping the IDs (docs/identity.md), not --allow-rollover, which would re-key
    every person in Remind (tester15 F1)."""
    from transform.report import codes
    from transform.report.problem import Problem, Where
    from transform.report.report import Report
    from transform.report.summary import next_step

    removal = Problem(
        codes.code("removal-over-limit"),
        Where(file="users.csv"),
        {
            "table": "users",
            "removed": 244,
            "previous": 244,
            "percent": 100.0,
            "limit": 10.0,
            "removals": "r.csv",
            "since": "",
        },
    )
    rekeyed = Problem(
        codes.code("users-rekeyed-over-limit"),
        Where(file="users.csv"),
        {"count": 116, "previous": 116, "kind": "students", "percent": 100.0, "limit": 1.0, "people": "", "since": ""},
    )
    said = next_step(api.RunResult(Report(), 1, [removal, rekeyed]), out_dir=tmp_path, explain_path=None, upload=False)
    assert "Changing SIS or ID columns" in said and said.startswith("Next: Find why the IDs changed")


def test_ids_naming_other_people_are_fixed_before_a_removal_is_allowed(tmp_path: Path) -> None:
    """A Student_Number column shifted one row is refused for the IDs (X938) and, with it, for
    the removals (X906). The Next line gave X906's "if the removals are right (a new term),
    rerun with --allow-rollover", which publishes every student under another child's ID
    (tester18 F2): the IDs' fix comes first, as does a kind of user gone (X953)."""
    from transform.report import codes
    from transform.report.problem import Problem, Where
    from transform.report.report import Report
    from transform.report.summary import next_step

    def refused(*ids: str) -> api.RunResult:
        stops = [Problem(codes.BY_ID[cid], Where(), {}) for cid in ids]
        return api.RunResult(Report(), 1, stops)

    fixes = {cid: codes.explain(cid)[1] for cid in ("X906", "X938", "X953")}
    for first, *others in (("X938", "X906"), ("X953", "X906"), ("X938", "X953", "X906")):
        said = next_step(refused(*reversed([first, *others])), out_dir=tmp_path, explain_path=None, upload=False)
        assert said == f"Next: {fixes[first]}".replace("<out>", str(tmp_path)), (first, said)


def test_a_failed_upload_is_said_on_stderr_even_with_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    """A set published and not delivered exits 1; the reason was only in the JSON report, and
    --quiet printed nothing at all: a scheduler's mail of the failed night was empty (tester18 F4)."""
    from transform.report import codes, render
    from transform.report.problem import Where
    from transform.report.report import Report

    render._stderr.cache_clear()  # a console on the stderr this test captures
    report = Report()
    report.published = True
    detail = "upload to sftp://u@127.0.0.1:2299/in failed 2 times; last: Connection refused (connecting)"
    report.add(codes.code("upload-failed"), Where(), detail=detail)
    render.summary(api.RunResult(report, 1), out_dir=Path("out"), quiet=True, redact=False)
    said = " ".join(capsys.readouterr().err.split())
    assert "Published, but X912" in said and "last: Connection refused (connecting)" in said, said


def test_an_as_of_date_a_year_back_says_to_check_it(tmp_path: Path) -> None:
    """--as-of 2025-10-15 (a typo of the year, a date left in a scheduled job): nothing is due
    until the year's first term starts on 2026-08-17, which by the clock has started. "Next:
    nothing to do" would be said every night while the term runs (tester18)."""
    from transform.report.summary import next_step

    def run(as_of: dt.date, now: dt.datetime, out: Path) -> api.RunResult:
        options = api.RunOptions(profile="powerschool", in_dir=SAMPLE / "in", out_dir=out, as_of=as_of, now=now)
        return api.run(options)

    back = run(dt.date(2025, 10, 15), dt.datetime(2026, 10, 15, 22, tzinfo=dt.UTC), tmp_path / "back")
    assert back.exit_status == 0 and not back.report.published and back.report.counts["F421"]
    said = next_step(back, out_dir=tmp_path / "back", explain_path=None, upload=False)
    assert said.startswith("Next: check --as-of: 2025-10-15 is 365 days before today (2026-10-15)")
    assert "started on 2026-08-17" in said
    summer = run(dt.date(2026, 7, 15), dt.datetime(2026, 7, 15, 22, tzinfo=dt.UTC), tmp_path / "summer")
    assert next_step(summer, out_dir=tmp_path / "summer", explain_path=None, upload=False).startswith(
        "Next: nothing to do"
    )
