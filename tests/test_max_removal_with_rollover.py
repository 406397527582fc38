"""--max-removal and --allow-rollover both left in the nightly job (reviewer113 R1): a mid-year night
with students gone from the export, not withdrawn, was published at exit 0 without a code. X821 was
not judged under --allow-rollover, and F454 had nothing to say: --max-removal kept the removals
within its limit, so the gate refused nothing for --allow-rollover to let through. Now every one of
the four flag sets asks a person to act; only what F454 judged is left out of X821."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.test_withdrawals_over_limit import district
from transform import api
from transform.pipeline import flags_left_in, gate, removal_flag
from transform.report import summary
from transform.report.report import Report

FLAG_SETS = {
    "none": ({}, False, []),
    "max-removal": ({"max_removal": 40}, True, ["X821"]),
    "allow-rollover": ({"allow_rollover": True}, True, ["F454"]),
    "both": ({"max_removal": 40, "allow_rollover": True}, True, ["X821"]),
}


@pytest.mark.parametrize("name", list(FLAG_SETS))
def test_students_gone_mid_year_never_exit_0_whatever_the_flags(tmp_path: Path, name: str) -> None:
    flags, published, checked = FLAG_SETS[name]
    out = tmp_path / "out"

    def night(exports: Path, day: int) -> api.RunResult:
        return api.run(
            api.RunOptions(profile="skyward-sms", in_dir=exports, out_dir=out, as_of=dt.date(2026, 12, day), **flags)  # type: ignore[arg-type]
        )

    assert night(district(tmp_path), 14).exit_status == api.EXIT_PUBLISHED
    # 12 of 46 students gone from student.csv, not withdrawn, no term ended: a broken export.
    gone = night(district(tmp_path / "gone", leaving="gone"), 15)
    assert gone.exit_status == 1, [str(p) for p in gone.problems]
    assert gone.report.published is published
    assert [p.code.id for p in summary.to_check(gone.report)] == checked


def _judged(calendar: str | None, *, allowed: bool = False) -> Report:
    """X821 of 15 of 100 users removed under --max-removal 20 (10 % without it), after F454 judged
    the night by `calendar` (`allowed`: --allow-rollover published the users' removals, X908)."""
    report = Report()
    if allowed:
        flags_left_in.allowed(report, "users")
    flags_left_in.judge(report, allow_incomplete=False, allow_rollover=True, calendar=calendar)
    removal_flag.judge(
        report,
        {"users": gate.Change(previous=100, now=85, removed=[str(n) for n in range(15)])},
        given=20,
        without=gate.removal_limits(None, None),
        withdrawn=None,
        removals=Path("unused-removals.csv"),
        previous=None,
    )
    return report


def test_what_f454_judged_is_left_out_of_x821(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    # No term changed: what --max-removal let through is X821's; what --allow-rollover published, F454's.
    assert _judged("no term has ended").counts.get("X821") == 1
    assert not _judged("no term has ended", allowed=True).counts.get("X821")
    # A new school year's night: --allow-rollover's purpose, published at exit 0 without --max-removal too.
    assert not _judged(flags_left_in.NEW_YEAR).counts.get("X821")
