"""--allow-earlier-as-of left in the nightly job (audit56b). Given once to run a missed night again,
kept: a machine clock gone back (no --as-of) published an earlier day's set over the last one at
exit 0, though the flag's own help says a clock gone back is refused; and a job that also fixed its
--as-of to that day published it over a later set at exit 0, X959 a warning no one must read. Now
the flag publishes only a day --as-of names (the clock's date behind the last set's: X827,
refused), and that night is published at exit 1 (X959, "Published, but")."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tests.test_gate import NOW, SAMPLE
from transform import api
from transform.pipeline import gate
from transform.report import summary


def run(out: Path, day: int, night: int, **options: object) -> api.RunResult:
    as_of, now = dt.date(2026, 10, day), NOW + dt.timedelta(days=night)
    return api.run(api.RunOptions(profile="powerschool", in_dir=SAMPLE, out_dir=out, as_of=as_of, now=now, **options))  # type: ignore[arg-type]


def test_a_clock_gone_back_is_refused_with_the_flag_left_in(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out, 20, 5).report.published
    published = {p.name: p.read_bytes() for p in out.iterdir()}
    behind = run(out, 15, 6, as_of_by_clock=True, allow_earlier_as_of=True)  # the machine's today: the 15th
    assert behind.exit_status == api.EXIT_NOT_PUBLISHED and not behind.report.published
    (said,) = behind.report.examples["X827"]
    assert said.params["as_of"] == "2026-10-15" and said.params["last"] == "2026-10-20", said.message
    assert "rerun once with --as-of 2026-10-15 --allow-earlier-as-of" in said.message
    assert "or the job's time zone changed (today is the local date: TZ" in said.message  # tester66 O3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == published
    # The step it names: the day given with --as-of publishes (a set made for a later day by mistake).
    named = run(out, 15, 6, allow_earlier_as_of=True)
    assert named.report.published and "X827" not in named.report.counts


def test_an_earlier_as_of_fixed_in_a_job_with_the_flag_is_published_but_said(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out, 20, 5).exit_status == api.EXIT_PUBLISHED
    earlier = run(out, 15, 6, allow_earlier_as_of=True)
    assert earlier.report.published and earlier.exit_status == api.EXIT_NOT_PUBLISHED
    assert [p.code.id for p in summary.to_check(earlier.report)] == ["X959"]
    # The next night of the same job: still a day before the latest one published (the 20th), though
    # the last set's own: said again, not published quietly (reviewer113 R3).
    again = run(out, 15, 7, allow_earlier_as_of=True)
    assert again.report.published and [p.code.id for p in summary.to_check(again.report)] == ["X959"]


def test_an_earlier_as_of_fixed_in_a_job_is_said_every_night(tmp_path: Path) -> None:
    """reviewer113 R3: after one X959 night last.json's as_of was the fixed day, and every later night
    published Semester 1's classes at exit 0 into February."""
    out = tmp_path / "out"
    assert run(out, 19, 4).exit_status == api.EXIT_PUBLISHED
    assert run(out, 20, 5).exit_status == api.EXIT_PUBLISHED
    for night in (6, 7, 8):
        fixed = run(out, 12, night, allow_earlier_as_of=True)
        assert fixed.report.published and fixed.exit_status == api.EXIT_NOT_PUBLISHED, night
        (said,) = fixed.report.examples["X959"]
        assert said.params["last"] == "2026-10-20", (night, said.message)
        if night > 6:
            assert "of the latest set published into OUT (2026-10-20; the last one, for 2026-10-12," in said.message
    assert json.loads((gate.state_folder(out) / "last.json").read_text())["latest_as_of"] == "2026-10-20"
    # Without the flag the fixed day is refused, as on the first night.
    refused = run(out, 12, 9)
    assert not refused.report.published and "X803" in refused.report.counts
    # The job put right (the machine's today): published quietly.
    assert run(out, 24, 9).exit_status == api.EXIT_PUBLISHED


def test_a_later_day_by_mistake_is_replaced_once(tmp_path: Path) -> None:
    """A set made for a day not come yet (a trial --as-of into OUT), replaced once by tonight's with the
    flag: later nights run by the clock as before, the latest day judged by being today at most."""
    out = tmp_path / "out"
    assert run(out, 30, 5).exit_status == api.EXIT_PUBLISHED  # the 20th: made for the 30th by mistake
    assert "X959" in run(out, 21, 6, allow_earlier_as_of=True).report.counts
    assert run(out, 22, 7).exit_status == api.EXIT_PUBLISHED


def test_latest_as_of_damaged_stops_the_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run(out, 20, 5).exit_status == api.EXIT_PUBLISHED
    path = gate.state_folder(out) / "last.json"
    record = json.loads(path.read_text())
    path.write_text(json.dumps({**record, "latest_as_of": "the 20th"}))
    damaged = run(out, 21, 6)
    assert not damaged.report.published and "X930" in damaged.report.counts
    assert "'latest_as_of' is 'the 20th', not a date" in damaged.report.examples["X930"][0].message
    # Absent (a last.json of an earlier version): judged by the last set's as-of, as then.
    path.write_text(json.dumps({key: value for key, value in record.items() if key != "latest_as_of"}))
    assert run(out, 21, 6).exit_status == api.EXIT_PUBLISHED
