"""A set sent again on a night that publishes none is the set published, whole and unchanged
(tester47 F5), against a real OpenSSH server (tests/sshd.py).

A summer night past day 80 sends the set in OUT again before Remind's 90 days run out, and a
night the safety gate refuses sends the set that waits since an upload failed. Both sent
whatever `*.csv` OUT held: after a pick-up job moved classes.csv and enrollments.csv away, four
files of six went up, recorded as delivered, exit 0; with OUT moved away, nothing was sent and
the run exited 0. Now such a set is not sent (X893, exit 1), and the server keeps what it held.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURES
from tests.sshd import Sshd
from tests.test_deliver_openssh import out_files, remote_files, trust
from tests.test_max_removal_left_in import assert_let_through
from transform import api
from transform.report.summary import next_step, verdict_lines

ROSTERING = FIXTURES / "powerschool" / "rostering"


def _nights(tmp_path: Path, sshd: Sshd) -> Callable[..., api.RunResult]:
    known_hosts = trust(tmp_path, sshd)
    exports = tmp_path / "in"
    shutil.copytree(ROSTERING / "in", exports)

    def night(as_of: str, now: str, **options: object) -> api.RunResult:
        clock = dt.datetime.fromisoformat(f"{now}T02:30:00+00:00")
        for path in exports.iterdir():  # written by the SIS that night (X971)
            os.utime(path, (clock.timestamp() - 3600, clock.timestamp() - 3600))
        base: dict[str, object] = {
            "profile": str(ROSTERING / "district.yaml"),
            "in_dir": exports,
            "out_dir": tmp_path / "out",
            "as_of": dt.date.fromisoformat(as_of),
            "upload": sshd.url(),
            "sftp_key": sshd.client_key,
            "known_hosts": known_hosts,
            "sftp_timeout": 10,  # a loaded machine (the whole suite on two cores) is no silent server
            "upload_attempts": 2,
            "upload_backoff": 0.0,
            "now": clock,
        }
        return api.run(api.RunOptions(**{**base, **options}))  # type: ignore[arg-type]

    return night


def _delivered(tmp_path: Path) -> dict[str, object]:
    return dict(json.loads((tmp_path / ".out.transform" / "delivered.json").read_text(encoding="utf-8")))


def test_a_summer_night_does_not_send_a_set_a_pick_up_job_took_two_files_of(tmp_path: Path, sshd: Sshd) -> None:
    night = _nights(tmp_path, sshd)
    out = tmp_path / "out"
    assert night("2027-05-20", "2027-05-20").exit_status == 0
    record = _delivered(tmp_path)
    for path in sshd.remote.iterdir():  # Remind picked the files up
        path.unlink()
    moved = tmp_path / "picked-up"
    moved.mkdir()
    for name in ("classes.csv", "enrollments.csv"):  # a pick-up job that moves files
        (out / name).rename(moved / name)

    day82 = night("2027-08-10", "2027-08-10")
    assert day82.exit_status == 1 and not remote_files(sshd)  # not four files of six
    assert "X913" not in day82.report.counts and day82.report.counts["X927"]
    (said,) = day82.report.examples["X893"]
    assert "classes.csv, enrollments.csv are missing" in said.message and str(out) in said.message
    assert _delivered(tmp_path) == record  # not recorded as delivered: the next night tries again
    # Said as a refusal, in full, first (tester49 F9); no set was published since the delivery
    # (OUT lost files of the set delivered): no X926; the verdict names X893, not "nothing is due".
    assert day82.problems == [said] and "X926" not in day82.report.counts
    assert verdict_lines(day82, out_dir=out) == [
        f"Nothing published (X893 resend-set-not-whole, above): {out} keeps the last published set."
    ]
    step = next_step(day82, out_dir=out, explain_path=None, upload=True)
    assert step.startswith(
        f"Next: Put the set back in {out} as it was published (classes.csv, enrollments.csv are missing): copy the "
        "files back from where they were moved"
    )

    for name in ("classes.csv", "enrollments.csv"):  # copied back, as they were
        shutil.copy2(moved / name, out / name)
    day83 = night("2027-08-11", "2027-08-11")
    assert day83.exit_status == 0 and day83.report.counts["X913"] and "X893" not in day83.report.counts
    assert remote_files(sshd) == out_files(tmp_path)


def test_a_summer_night_does_not_send_a_set_edited_since_it_was_published(tmp_path: Path, sshd: Sshd) -> None:
    night = _nights(tmp_path, sshd)
    out = tmp_path / "out"
    assert night("2027-05-20", "2027-05-20").exit_status == 0
    delivered = remote_files(sshd)
    users = out / "users.csv"
    users.write_bytes(b"".join(users.read_bytes().splitlines(keepends=True)[:-1]))  # a line deleted by hand

    day82 = night("2027-08-10", "2027-08-10")
    assert day82.exit_status == 1 and remote_files(sshd) == delivered
    (said,) = day82.report.examples["X893"]
    assert "users.csv differs from what was published" in said.message


def test_a_summer_night_past_day_80_with_out_moved_away_is_a_night_a_person_must_act(
    tmp_path: Path, sshd: Sshd
) -> None:
    """It sent nothing, exited 0 and told a person to upload the files of a folder that was gone."""
    night = _nights(tmp_path, sshd)
    out = tmp_path / "out"
    assert night("2027-05-20", "2027-05-20").exit_status == 0
    out.rename(tmp_path / "out.moved")

    day85 = night("2027-08-13", "2027-08-13")
    assert day85.exit_status == 1 and "X913" not in day85.report.counts
    (said,) = day85.report.examples["X893"]
    assert f"{out} is gone" in said.message


def _drop_last_students(tmp_path: Path, drop: int) -> None:
    """The last lines of the students export (the last, Gus Lamb, is no active student)."""
    students = tmp_path / "in" / "students.txt"
    students.write_bytes(b"".join(students.read_bytes().splitlines(keepends=True)[:-drop]))


def test_a_refused_night_does_not_send_the_waiting_set_without_its_enrolments(tmp_path: Path, sshd: Sshd) -> None:
    """Night 2's upload failed; night 3 is refused by the safety gate and sends the set that
    waits. With enrollments.csv gone from OUT, the server got night 2's users and classes beside
    night 1's enrolments."""
    night = _nights(tmp_path, sshd)
    out = tmp_path / "out"
    assert night("2027-05-18", "2027-05-18").exit_status == 0
    night1 = remote_files(sshd)
    _drop_last_students(tmp_path, 2)  # Fay Kerr leaves
    sshd.stop_answering()
    failed = night("2027-05-19", "2027-05-19", max_removal=50.0, sftp_timeout=1, upload_attempts=1)
    sshd.answer_again()
    assert failed.exit_status == 1 and failed.report.published and remote_files(sshd) == night1
    (out / "enrollments.csv").unlink()
    _drop_last_students(tmp_path, 1)  # Eve Moss too: over the removal limit

    refused = night("2027-05-20", "2027-05-20")
    assert refused.exit_status == 1 and not refused.report.published and refused.report.counts["X906"]
    assert refused.report.counts["X893"] and "X913" not in refused.report.counts
    (said,) = refused.report.examples["X893"]
    assert "enrollments.csv is missing" in said.message
    assert remote_files(sshd) == night1  # not night 2's users and classes beside night 1's enrolments
    assert _delivered(tmp_path).get("pending_since")  # the set still waits


def test_a_set_recorded_before_the_hashes_is_checked_by_its_files_and_rows(tmp_path: Path, sshd: Sshd) -> None:
    night = _nights(tmp_path, sshd)
    out = tmp_path / "out"
    assert night("2027-05-20", "2027-05-20").exit_status == 0
    last = tmp_path / ".out.transform" / "last.json"
    state = json.loads(last.read_text(encoding="utf-8"))
    del state["files"]  # as an earlier version wrote it
    last.write_text(json.dumps(state), encoding="utf-8")
    enrolments = out / "enrollments.csv"
    whole = enrolments.read_bytes()
    enrolments.write_bytes(b"".join(whole.splitlines(keepends=True)[:-2]))  # cut short

    day82 = night("2027-08-10", "2027-08-10")
    assert day82.exit_status == 1 and "enrollments.csv differs" in day82.report.examples["X893"][0].message
    enrolments.write_bytes(whole)
    day83 = night("2027-08-11", "2027-08-11")
    assert day83.exit_status == 0 and day83.report.counts["X913"]


def test_a_kept_set_copied_back_over_out_is_sent_whole(tmp_path: Path, sshd: Sshd) -> None:
    """A rollback (docs/scheduling.md): a set kept with --keep, copied back over OUT, waits and goes up."""
    night = _nights(tmp_path, sshd)
    out = tmp_path / "out"
    assert night("2027-05-19", "2027-05-19", keep=2).exit_status == 0
    (kept,) = (tmp_path / ".out.transform" / "history").iterdir()
    _drop_last_students(tmp_path, 2)
    assert_let_through(night("2027-05-20", "2027-05-20", keep=2, max_removal=50.0))  # Fay Kerr gone: X821
    for path in out.iterdir():
        path.unlink()
    for path in kept.iterdir():
        shutil.copy2(path, out / path.name)

    summer = night("2027-07-15", "2027-07-15", keep=2)
    assert summer.exit_status == 0 and summer.report.counts["X913"] and "X893" not in summer.report.counts
    assert remote_files(sshd) == out_files(tmp_path) == {p.name: p.read_bytes() for p in kept.iterdir()}
