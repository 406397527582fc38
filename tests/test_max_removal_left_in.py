"""--max-removal left in the nightly job (audit56): given once for a batch of withdrawals, kept, it
published a later night's students gone from the export (a broken export X953 refuses without it)
at exit 0, without a word. Now such a night is published at exit 1 (X821, "Published, but"); the
night of withdrawals it was given for, and an honest night after, stay exit 0."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.test_withdrawals_over_limit import district
from transform import api
from transform.report import codes, summary
from transform.report.summary import next_step


def assert_let_through(result: api.RunResult) -> None:
    """Published at exit 1 for X821 alone: --max-removal (a person's word for one night) let through
    removals over the limit without it, not people listed as withdrawn; nothing else to look at."""
    checked = [p.code.id for p in summary.to_check(result.report)]
    failed = result.report.counts.get(codes.code("after-publish-failed").id)
    assert result.report.published and result.exit_status == api.EXIT_NOT_PUBLISHED and not failed, (
        result.exit_status,
        [str(p) for p in result.problems],
    )
    assert checked == ["X821"], checked


def night(exports: Path, out: Path, day: int, **options: object) -> api.RunResult:
    return api.run(
        api.RunOptions(profile="skyward-sms", in_dir=exports, out_dir=out, as_of=dt.date(2026, 12, day), **options)  # type: ignore[arg-type]
    )


def test_max_removal_left_in_says_removals_no_withdrawal_explains(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert night(district(tmp_path), out, 14).exit_status == api.EXIT_PUBLISHED
    # The night it was given for: 12 students withdrawn (X906 names --max-removal 27), published quietly.
    meant = night(district(tmp_path / "meant", leaving="inactive"), out, 15, max_removal=40)
    assert meant.exit_status == api.EXIT_PUBLISHED and not meant.report.counts.get("X821")
    # An honest night after, the option still in the job: nothing removed, exit 0.
    honest = night(district(tmp_path / "honest", leaving="inactive"), out, 16, max_removal=40)
    assert honest.exit_status == api.EXIT_PUBLISHED and not honest.report.counts.get("X821")
    # Another night: the option's first night's students back (readmitted), then 12 gone from student.csv.
    assert night(district(tmp_path / "back"), out, 17, max_removal=40).exit_status == api.EXIT_PUBLISHED
    gone = night(district(tmp_path / "gone", leaving="gone"), out, 18, max_removal=40)
    assert gone.report.published and gone.exit_status == 1
    (said,) = gone.report.examples["X821"]
    assert said.message.startswith("--max-removal 40 let through removals"), said.message
    assert "users.csv 12 of" in said.message and "limit 10%" in said.message
    step = next_step(gone, out_dir=out, explain_path=None, upload=False)
    assert "out-removals.csv" in step and "without --max-removal" in step, step
    assert (tmp_path / "out-removals.csv").is_file()
