"""--allow-earlier-as-of left in the nightly job (audit56b). Given once to run a missed night again,
kept: a machine clock gone back (no --as-of) published an earlier day's set over the last one at
exit 0, though the flag's own help says a clock gone back is refused; and a job that also fixed its
--as-of to that day published it over a later set at exit 0, X959 a warning no one must read. Now
the flag publishes only a day --as-of names (the clock's date behind the last set's: X827,
refused), and that night is published at exit 1 (X959, "Published, but")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.test_gate import NOW, SAMPLE
from transform import api
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
    # The next night of the same job: the day is the last set's, as it would be without the flag.
    again = run(out, 15, 7, allow_earlier_as_of=True)
    assert again.exit_status == api.EXIT_PUBLISHED and "X959" not in again.report.counts
