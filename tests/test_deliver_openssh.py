"""Delivery against a real OpenSSH server (tests/sshd.py), through the command a scheduler runs:
stalls, dropped sessions, overlapping runs, host-key files as OpenSSH writes them, credentials
checked before anything is read, and delivery remembered apart from publishing."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests import cli_runner
from tests.conftest import FIXTURES
from tests.sshd import CuttingProxy, Sshd
from transform import api
from transform.report.summary import next_step

SAMPLE = FIXTURES / "powerschool" / "district" / "in"
SCRIPT = Path(sys.executable).with_name("transform")
# Another ed25519 key (not the server's), for lines that must not match it.
OTHER_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl"


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRANSFORM_SFTP")}
    return {**clean, "CI": os.environ.get("CI", "")}


def run_args(
    tmp_path: Path,
    server: Sshd,
    *extra: str | Path,
    in_dir: Path = SAMPLE,
    port: int | None = None,
    name: str = "report.json",
) -> list[str | Path]:
    return [
        "--profile",
        "powerschool",
        in_dir,
        tmp_path / "out",
        "--as-of",
        "2026-10-15",
        "--upload",
        server.url().replace(f":{server.port}/", f":{port or server.port}/"),
        "--sftp-key",
        server.client_key,
        "--known-hosts",
        tmp_path / "known_hosts",
        "--report",
        tmp_path / name,
        "--log-format",
        "json",
        *extra,
    ]


def start_run(tmp_path: Path, server: Sshd, *extra: str | Path, **kwargs: Any) -> subprocess.Popen[str]:
    """The console script started in a new interpreter, not waited for."""
    args = run_args(tmp_path, server, *extra, **kwargs)
    return subprocess.Popen(
        [str(SCRIPT), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env()
    )


def transform(
    tmp_path: Path, server: Sshd, *extra: str | Path, timeout: float = 60, **kwargs: Any
) -> tuple[int, dict[str, Any], str]:
    """Exit status, the JSON log line and stderr of one run of the console script, forked from
    this process (tests.cli_runner: a new interpreter cost ~0.6 CPU-s a run); two runs at once
    start real ones (start_run)."""
    done = cli_runner.run(
        [SCRIPT, *map(str, run_args(tmp_path, server, *extra, **kwargs))],
        capture_output=True,
        text=True,
        env=env(),
        timeout=timeout,
        check=False,
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("{")]
    return done.returncode, json.loads(lines[-1]) if lines else {}, done.stderr


def report(tmp_path: Path, name: str = "report.json") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((tmp_path / name).read_text(encoding="utf-8"))
    return data


def messages(data: dict[str, Any], code: str) -> list[str]:
    return [str(e["message"]) for p in data["problems"] if p["code"] == code for e in p["examples"]]


def trust(tmp_path: Path, server: Sshd, before: str = "", *proxies: CuttingProxy) -> Path:
    path = tmp_path / "known_hosts"
    lines = [server.known_hosts_line(), *(server.known_hosts_line(proxy.port) for proxy in proxies)]
    path.write_text(before + "".join(lines), encoding="utf-8")
    return path


def remote_files(server: Sshd) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(server.remote.iterdir())}


def out_files(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((tmp_path / "out").iterdir())}


def fewer_students(tmp_path: Path, drop: int) -> Path:
    """The sample exports, less the last `drop` students, gone with their schedules."""
    from tests.test_gate import keep_students

    folder = tmp_path / f"in-less-{drop}"
    shutil.copytree(SAMPLE, folder)
    students = len((folder / "students.txt").read_bytes().splitlines()) - 1
    keep_students(folder, students - drop)
    return folder


def withdrawn_students(tmp_path: Path, count: int) -> Path:
    """The sample exports with the last `count` students listed as withdrawn (Enroll_Status 2): a
    smaller set that --max-removal publishes at exit 0, the removals being people the exports list as
    withdrawn (not X821's removals no withdrawal explains, which a flag left in would hide)."""
    folder = tmp_path / f"in-withdrawn-{count}"
    shutil.copytree(SAMPLE, folder)
    path = folder / "students.txt"  # bytes: the sample holds a cp1252 name on purpose
    header, *rows = path.read_bytes().splitlines(keepends=True)
    status = header.rstrip(b"\r\n").split(b"\t").index(b"Enroll_Status")
    for at in range(len(rows) - count, len(rows)):
        cells = rows[at].split(b"\t")
        cells[status] = b"2"
        rows[at] = b"\t".join(cells)
    path.write_bytes(b"".join([header, *rows]))
    return folder


def test_a_set_arrives_whole_over_openssh(tmp_path: Path, sshd: Sshd) -> None:
    trust(tmp_path, sshd)
    status, line, err = transform(tmp_path, sshd)
    assert status == 0, err
    assert line["exit"] == 0 and line["codes"].get("X913") == 1
    assert remote_files(sshd) == out_files(tmp_path)


def test_a_stalled_server_fails_in_bounded_time(tmp_path: Path, sshd: Sshd) -> None:
    """The server accepts the connection and never speaks: each attempt ends at --sftp-timeout."""
    trust(tmp_path, sshd)
    sshd.stop_answering()
    begun = time.monotonic()
    status, line, err = transform(tmp_path, sshd, "--sftp-timeout", "1", "--upload-attempts", "2", timeout=40)
    assert time.monotonic() - begun < 30
    assert status == 1 and line["exit"] == 1 and line["published"], err
    (failed,) = messages(report(tmp_path), "X912")
    assert "failed 2 times" in failed
    assert list(sshd.remote.iterdir()) == []


def test_a_server_that_stalls_mid_upload_fails_in_bounded_time(tmp_path: Path, sshd: Sshd) -> None:
    """Logged in, half the files sent, then silence: each SFTP request waits --sftp-timeout at most."""
    whole, stall = CuttingProxy(sshd.port), CuttingProxy(sshd.port, cuts=99, stall=True)
    trust(tmp_path, sshd, "", whole, stall)
    assert transform(tmp_path, sshd, port=whole.port)[0] == 0
    stall.after = whole.sent[0] // 2
    begun = time.monotonic()
    try:
        status, line, err = transform(
            tmp_path,
            sshd,
            "--sftp-timeout",
            "1",
            "--upload-attempts",
            "2",
            port=stall.port,
            name="stalled.json",
            timeout=40,
        )
    finally:
        stall.close()
    assert time.monotonic() - begun < 30
    assert status == 1 and line["exit"] == 1 and line["published"], err
    (failed,) = messages(report(tmp_path, "stalled.json"), "X912")
    assert "failed 2 times" in failed


def test_a_session_dropped_mid_upload_is_retried(tmp_path: Path, sshd: Sshd) -> None:
    whole = CuttingProxy(sshd.port)
    cut = CuttingProxy(sshd.port, cuts=1)  # the first session ends half-way through the files
    trust(tmp_path, sshd, "", whole, cut)
    status, _, err = transform(tmp_path, sshd, port=whole.port)
    assert status == 0, err
    (size,) = whole.sent
    for sent in sshd.remote.iterdir():
        sent.unlink()
    cut.after = size // 2
    status, line, err = transform(tmp_path, sshd, port=cut.port, name="again.json")
    assert status == 0 and line["exit"] == 0, err
    assert cut.sent[0] == size // 2 and len(cut.sent) == 2
    assert remote_files(sshd) == out_files(tmp_path)
    assert "X913" in line["codes"]


def test_a_session_dropped_every_time_ends_with_a_report_and_a_log_line(tmp_path: Path, sshd: Sshd) -> None:
    whole, cut = CuttingProxy(sshd.port), CuttingProxy(sshd.port, cuts=99)
    trust(tmp_path, sshd, "", whole, cut)
    assert transform(tmp_path, sshd, port=whole.port)[0] == 0
    cut.after = whole.sent[0] // 2
    status, line, err = transform(tmp_path, sshd, "--upload-attempts", "2", port=cut.port, name="cut.json")
    assert status == 1 and line["exit"] == 1 and line["codes"]["X912"] == 1, err
    assert "Aborted" not in err and "internal error" not in err
    (failed,) = messages(report(tmp_path, "cut.json"), "X912")
    assert "failed 2 times" in failed and len(cut.sent) == 2


def test_two_overlapping_runs_never_mix_on_the_server(tmp_path: Path, sshd: Sshd) -> None:
    """The lock is held until the upload ends: a second run meanwhile refuses (X914), reading nothing."""
    trust(tmp_path, sshd)
    sshd.stop_answering()
    first = start_run(tmp_path, sshd, "--sftp-timeout", "30")
    deadline = time.monotonic() + 30
    while not (tmp_path / "out" / "users.csv").exists():  # published; now waiting for the server
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.05)
    published = out_files(tmp_path)
    status, line, err = transform(
        tmp_path, sshd, "--max-removal", "50", in_dir=fewer_students(tmp_path, 3), name="second.json", timeout=20
    )
    assert status == 2 and line["codes"]["X914"] == 1, err
    assert line["rows_written"] == {} and not line["published"]
    sshd.answer_again()
    _, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert remote_files(sshd) == published == out_files(tmp_path)


def test_revoked_and_cert_authority_lines_are_understood(tmp_path: Path, sshd: Sshd) -> None:
    markers = (
        f"# kept by hand\n@cert-authority *.example.org {OTHER_KEY}\nhost1,host2 {OTHER_KEY}\n"
        f"|1|c2FsdHNhbHRzYWx0c2FsdHNhbHQ=|aGFzaGhhc2hoYXNoaGFzaGhhc2g= {OTHER_KEY}\n"
    )
    trust(tmp_path, sshd, markers)
    status, _, err = transform(tmp_path, sshd)
    assert status == 0, err  # the marker lines are read, and do not get in the way
    revoked = tmp_path / "known_hosts"
    revoked.write_text(markers + f"@revoked * {sshd.host_public}\n" + sshd.known_hosts_line(), encoding="utf-8")
    before = remote_files(sshd)
    status, line, err = transform(tmp_path, sshd, "--upload-attempts", "3", name="revoked.json")
    assert status == 1 and line["codes"]["X912"] == 1, err
    (refused,) = messages(report(tmp_path, "revoked.json"), "X912")
    assert "@revoked" in refused and "failed 3 times" not in refused  # refused at once, never retried
    assert remote_files(sshd) == before
    only_authority = tmp_path / "known_hosts"
    only_authority.write_text(f"@cert-authority [127.0.0.1]:* {OTHER_KEY}\n", encoding="utf-8")
    status, _, err = transform(tmp_path, sshd, name="authority.json")
    assert status == 1, err
    (refused,) = messages(report(tmp_path, "authority.json"), "X912")
    assert "@cert-authority" in refused and "line 1" in refused


def test_trusting_a_new_host_key_appends_one_line_and_touches_nothing_else(tmp_path: Path, sshd: Sshd) -> None:
    path = tmp_path / "known_hosts"
    original = (
        f"# my hosts\nhost1,host2 {OTHER_KEY}\n\n|1|c2FsdHNhbHRzYWx0c2FsdHNhbHQ=|aGFzaGhhc2hoYXNoaGFzaGhhc2g= "
        f"{OTHER_KEY}\n@revoked old.example.org {OTHER_KEY}"
    ).encode()  # no newline at the end
    path.write_bytes(original)
    status, _, err = transform(tmp_path, sshd, "--trust-new-host-key")
    assert status == 0, err
    assert path.read_bytes() == original + b"\n" + sshd.known_hosts_line().encode()
    status, _, err = transform(tmp_path, sshd, "--trust-new-host-key", name="again.json")
    assert status == 0, err
    assert path.read_bytes() == original + b"\n" + sshd.known_hosts_line().encode()  # known now: not added twice


@pytest.mark.parametrize("problem", ["missing", "encrypted", "not-a-key"])
def test_an_unusable_key_file_is_refused_before_any_export_is_read(tmp_path: Path, sshd: Sshd, problem: str) -> None:
    trust(tmp_path, sshd)
    key = tmp_path / "key"
    if problem == "encrypted":
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", str(key)], check=True)
    elif problem == "not-a-key":
        key.write_text("hello\n", encoding="utf-8")
    status, line, err = transform(tmp_path, sshd, "--sftp-key", key)
    assert status == 2, err
    assert line["codes"] == {"X925": 1} and line["rows_written"] == {}
    assert str(key) in err
    assert not (tmp_path / "out").exists()


def test_refused_credentials_are_not_retried(tmp_path: Path, sshd: Sshd) -> None:
    trust(tmp_path, sshd)
    stranger = tmp_path / "stranger"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)], check=True)
    log = sshd.remote.parent / "sshd.log"
    before = log.read_text(encoding="utf-8", errors="replace").count("Connection from 127.0.0.1")
    status, _, err = transform(tmp_path, sshd, "--sftp-key", stranger, "--upload-attempts", "3")
    assert status == 1, err
    (refused,) = messages(report(tmp_path), "X912")
    assert "refused the credentials" in refused
    assert log.read_text(encoding="utf-8", errors="replace").count("Connection from 127.0.0.1") == before + 1


def test_an_undelivered_set_is_sent_again_and_counted_from_the_last_delivery(tmp_path: Path, sshd: Sshd) -> None:
    """Night 1 delivered; night 2 published 3 students fewer but the upload failed; night 3,
    the same exports: the changes count from what the server holds, and the set goes up."""
    trust(tmp_path, sshd)
    assert transform(tmp_path, sshd, name="night1.json")[0] == 0
    night1 = remote_files(sshd)
    smaller = withdrawn_students(tmp_path, 3)
    sshd.stop_answering()
    status, line, err = transform(
        tmp_path,
        sshd,
        "--sftp-timeout",
        "1",
        "--upload-attempts",
        "1",
        "--max-removal",
        "50",
        in_dir=smaller,
        name="night2.json",
    )
    sshd.answer_again()
    assert status == 1 and line["published"], err
    removed = line["changes"]["users"]["removed"]
    assert removed > 0 and remote_files(sshd) == night1
    status, line, err = transform(tmp_path, sshd, "--max-removal", "50", in_dir=smaller, name="night3.json")
    assert status == 0, err
    assert line["changes"]["users"]["removed"] == removed  # not "+0 -0" against the undelivered night 2
    (pending,) = messages(report(tmp_path, "night3.json"), "X926")
    assert "the last delivery" in pending
    assert remote_files(sshd) == out_files(tmp_path) != night1
    status, line, err = transform(tmp_path, sshd, in_dir=smaller, name="night4.json")
    assert status == 0 and line["changes"]["users"]["removed"] == 0 and "X926" not in line["codes"], err


def test_the_90_day_clock_counts_from_the_last_delivery(tmp_path: Path, sshd: Sshd) -> None:
    known_hosts = trust(tmp_path, sshd)
    start = dt.datetime(2026, 9, 1, 2, 30, tzinfo=dt.UTC)

    def night(day: int) -> api.RunResult:
        return api.run(
            api.RunOptions(
                profile="powerschool",
                in_dir=SAMPLE,
                out_dir=tmp_path / "out",
                as_of=dt.date(2026, 10, 15),
                upload=sshd.url(),
                sftp_key=sshd.client_key,
                known_hosts=known_hosts,
                sftp_timeout=1,
                upload_attempts=1,
                now=start + dt.timedelta(days=day),
            )
        )

    assert night(0).exit_status == 0
    sshd.stop_answering()
    for day in (1, 84):
        assert night(day).exit_status == 1  # published, not delivered
    last = night(85)
    sshd.answer_again()
    assert last.exit_status == 1
    (overdue,) = last.report.examples["X927"]
    assert "85 days ago" in overdue.message
    assert "X909" not in last.report.counts  # the last publish was yesterday: the wrong clock


def test_a_summer_night_past_day_80_sends_the_delivered_set_again(tmp_path: Path, sshd: Sshd) -> None:
    """Nothing new to publish all summer (F422): Remind's 90 days ran out with exit 0 while the
    run's Next line told a person to upload by hand (tester29 F4). With --upload, from day 80
    after the last delivery the run sends the set OUT holds again itself: delivered (X913), exit
    0, the clock starts over; a send that fails is X912, exit 1, and the next night tries again."""
    known_hosts = trust(tmp_path, sshd)
    rostering = FIXTURES / "powerschool" / "rostering"
    exports = tmp_path / "in"
    shutil.copytree(rostering / "in", exports)

    def night(as_of: str, now: str) -> api.RunResult:
        clock = dt.datetime.fromisoformat(f"{now}T02:30:00+00:00")
        for path in exports.iterdir():  # written by the SIS that night (X971)
            os.utime(path, (clock.timestamp() - 3600, clock.timestamp() - 3600))
        return api.run(
            api.RunOptions(
                profile=str(rostering / "district.yaml"),
                in_dir=exports,
                out_dir=tmp_path / "out",
                as_of=dt.date.fromisoformat(as_of),
                upload=sshd.url(),
                sftp_key=sshd.client_key,
                known_hosts=known_hosts,
                sftp_timeout=1,
                upload_attempts=1,
                now=clock,
            )
        )

    assert night("2027-05-20", "2027-05-20").exit_status == 0
    delivered = remote_files(sshd)
    for path in sshd.remote.iterdir():  # Remind picked the files up
        path.unlink()
    july = night("2027-07-15", "2027-07-15")  # day 56: nothing to send
    assert july.exit_status == 0 and "X913" not in july.report.counts and not remote_files(sshd)
    sshd.stop_answering()
    failed = night("2027-08-09", "2027-08-09")  # day 81, the server silent
    sshd.answer_again()
    assert failed.exit_status == 1 and failed.report.counts["X912"] and failed.report.counts["X927"]
    # Nothing was published since the last delivery: no set waits (X926 would say one did).
    assert "pending_since" not in json.loads((tmp_path / ".out.transform" / "delivered.json").read_text("utf-8"))
    sent = night("2027-08-10", "2027-08-10")  # day 82
    assert sent.exit_status == 0 and not sent.report.published, sent.report.examples
    assert sent.report.counts["X913"] and sent.report.counts["F422"] and "X926" not in sent.report.counts
    # Delivered tonight: the last delivery is no longer 82 days old (tester49 F9's X927 beside X913).
    assert "X927" not in sent.report.counts and "X927" not in sent.report.examples
    assert remote_files(sshd) == delivered == out_files(tmp_path)
    record = json.loads((tmp_path / ".out.transform" / "delivered.json").read_text(encoding="utf-8"))
    assert record["delivered_at"] == "2027-08-10T02:30:00+00:00" and "pending_since" not in record
    said = next_step(sent, out_dir=tmp_path / "out", explain_path=None, upload=True)
    assert said.startswith("Next: nothing to do; nothing new to publish") and "delivered again" in said
    quiet = night("2027-08-11", "2027-08-11")
    assert quiet.exit_status == 0 and "X913" not in quiet.report.counts and "X927" not in quiet.report.counts


def test_no_sshd_means_a_visible_skip_or_a_ci_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests import sshd as module

    monkeypatch.setattr(module, "SSHD", Path("/nonexistent/sshd"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        module.require_sshd()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="openssh-server"):
        module.require_sshd()
