"""Remind drops a district after 90 days without an upload (tester29 F4). A summer night with
nothing new to publish used to exit 0 from day 80 on while its own Next line told a person to
upload by hand: a scheduler reading exit codes never saw it. Without --upload a person must act
(X996, exit 1) until the upload is recorded with `transform uploaded OUT`; with --upload the run
sends the set again itself (tests/test_deliver_openssh.py)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path

from tests import cli_runner
from tests.conftest import FIXTURES
from transform import api
from transform.report.summary import next_step

ROSTERING = FIXTURES / "powerschool" / "rostering"
SCRIPT = Path(sys.executable).with_name("transform")


def _night(exports: Path, out: Path, as_of: dt.date, now: dt.datetime) -> api.RunResult:
    for path in exports.iterdir():  # the SIS exported them that evening (X971 reads the times)
        os.utime(path, (now.timestamp() - 3600, now.timestamp() - 3600))
    options = api.RunOptions(
        profile=str(ROSTERING / "district.yaml"), in_dir=exports, out_dir=out, as_of=as_of, now=now
    )
    return api.run(options)


def _at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T22:00:00+00:00")


def test_a_summer_night_past_day_80_without_upload_is_a_person_must_act(tmp_path: Path) -> None:
    """Published on 20 May; the summer pauses (F422). On day 56 nothing to do (exit 0); on day 81
    the set must go up by hand before day 90: exit 1, X996, the Next line saying how. Recorded
    with `transform uploaded` (api.record_uploaded), the nights are quiet again until day 80
    after the record."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(ROSTERING / "in", exports)
    assert _night(exports, out, dt.date(2027, 5, 20), _at("2027-05-20")).exit_status == 0
    early = _night(exports, out, dt.date(2027, 7, 15), _at("2027-07-15"))
    assert early.exit_status == 0 and not early.problems and early.report.counts["F422"]
    late = _night(exports, out, dt.date(2027, 8, 9), _at("2027-08-09"))  # day 81
    assert late.exit_status == 1 and not late.report.published
    [stop] = late.problems
    assert stop.code.id == "X996" and "81 days ago (2027-05-20)" in stop.message
    assert f"then record it with `transform uploaded {out}`" in stop.message
    said = next_step(late, out_dir=out, explain_path=None, upload=False)
    assert said.startswith("Next: Upload the files in the output folder to Remind again, unchanged")
    assert "transform uploaded OUT" in said

    api.record_uploaded(out, now=_at("2027-08-10"))
    quiet = _night(exports, out, dt.date(2027, 8, 11), _at("2027-08-11"))
    assert quiet.exit_status == 0 and not quiet.problems
    assert "X909" not in quiet.report.counts and "X927" not in quiet.report.counts
    # Day 81 after the upload by hand by the clock (the as-of date kept in the summer), nothing
    # new: a person must act again.
    again = _night(exports, out, dt.date(2027, 8, 20), _at("2027-10-30"))
    assert [p.code.id for p in again.problems] == ["X996"] and "81 days ago (2027-08-10)" in again.problems[0].message
    # A night that publishes is the usual case: its Next line says to upload the new set (exit 0).


def test_a_night_that_publishes_past_day_80_still_exits_0(tmp_path: Path) -> None:
    """Day 81 since the last publish, and tonight publishes a new set: the X909 notice is said,
    and uploading tonight's set is the usual step of a run without --upload, not an alert."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(ROSTERING / "in", exports)
    assert _night(exports, out, dt.date(2026, 9, 1), _at("2026-09-01")).exit_status == 0
    later = _night(exports, out, dt.date(2026, 11, 21), _at("2026-11-21"))
    assert later.exit_status == 0 and later.report.published and later.report.counts["X909"]


def test_transform_uploaded_records_the_upload_or_refuses_an_out_with_no_set(tmp_path: Path) -> None:
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(ROSTERING / "in", exports)
    refused = cli_runner.run(
        [str(SCRIPT), "uploaded", str(out)], capture_output=True, text=True, check=False, timeout=60
    )
    assert refused.returncode == 2 and "holds no set this tool published" in refused.stderr
    assert not (tmp_path / ".out.transform" / "delivered.json").exists()
    now = dt.datetime.now(dt.UTC)
    assert _night(exports, out, dt.date(2026, 10, 15), now - dt.timedelta(days=100)).exit_status == 0
    done = cli_runner.run([str(SCRIPT), "uploaded", str(out)], capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Recorded: the set in {out} was uploaded to Remind at ")
    record = json.loads((tmp_path / ".out.transform" / "delivered.json").read_text(encoding="utf-8"))
    assert record["target"] == "Remind (uploaded by hand)" and record["as_of"] == "2026-10-15"
    assert sorted(p.name for p in (tmp_path / ".out.transform" / "delivered").iterdir()) == sorted(
        p.name for p in out.iterdir()
    )


def test_a_publish_stamped_while_the_clock_ran_fast_does_not_stop_the_90_days(tmp_path: Path) -> None:
    """tester34 F5: the last school night ran with the machine's clock six months fast, so last.json
    says the set was published on 2027-12-01. Read as 'in the future', the summer nights after
    it never reached day 80: exit 0 and nothing said past Remind's 90 days. Now the record is said
    (X920) and the days are taken as run out: without --upload a person must upload (X996);
    recorded with `transform uploaded`, the nights are quiet again."""
    exports, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(ROSTERING / "in", exports)
    assert _night(exports, out, dt.date(2027, 5, 17), _at("2027-12-01")).exit_status == 0
    summer = _night(exports, out, dt.date(2027, 7, 1), _at("2027-07-01"))
    assert summer.exit_status == 1 and not summer.report.published
    assert [p.code.id for p in summer.problems] == ["X996"]
    [ahead] = summer.report.examples["X920"]
    assert (ahead.params["record"], ahead.params["today"]) == ("last.json", "2027-07-01")
    assert ahead.params["since"].startswith("2027-12-01")

    api.record_uploaded(out, now=_at("2027-07-02"))
    quiet = _night(exports, out, dt.date(2027, 7, 3), _at("2027-07-03"))
    assert quiet.exit_status == 0 and not quiet.problems and "X920" not in quiet.report.counts
