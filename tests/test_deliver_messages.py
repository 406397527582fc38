"""tester10 item 10: an SFTP failure's X912 says what happened, against a real OpenSSH server
(tests/sshd.py): a server that never answers names --sftp-timeout (not paramiko's "No existing
session" or an empty reason); a file the server refuses is named with what the server said, and
is not retried (trying again cannot help)."""

from __future__ import annotations

import re
import time
from pathlib import Path

from tests import sshd as openssh
from tests.sshd import CuttingProxy, Sshd
from tests.test_deliver_openssh import messages, report, transform, trust


def test_a_server_that_never_answers_names_the_timeout(tmp_path: Path, sshd: Sshd) -> None:
    trust(tmp_path, sshd)
    sshd.stop_answering()
    try:
        status, _, err = transform(tmp_path, sshd, "--sftp-timeout", "1", "--upload-attempts", "2", timeout=40)
    finally:
        sshd.answer_again()
    assert status == 1, err
    (failed,) = messages(report(tmp_path), "X912")
    assert "failed 2 times" in failed and "no answer within 1 s (--sftp-timeout)" in failed, failed
    assert "No existing session" not in failed


def test_a_stall_in_the_handshake_names_the_timeout(tmp_path: Path, sshd: Sshd) -> None:
    stall = CuttingProxy(sshd.port, after=100, cuts=99, stall=True)  # silent after its first 100 bytes
    trust(tmp_path, sshd, "", stall)
    try:
        status, _, err = transform(
            tmp_path, sshd, "--sftp-timeout", "1", "--upload-attempts", "2", port=stall.port, timeout=40
        )
    finally:
        stall.close()
    assert status == 1, err
    (failed,) = messages(report(tmp_path), "X912")
    assert "no answer within 1 s (--sftp-timeout)" in failed and not failed.rstrip().endswith("SSH:"), failed


def test_a_missing_remote_folder_is_named_and_not_retried(tmp_path: Path, sshd: Sshd) -> None:
    trust(tmp_path, sshd)
    missing = sshd.remote.parent / "not-there"
    begun = time.monotonic()
    status, _, err = transform(tmp_path, sshd, "--upload", sshd.url(missing), name="missing.json")
    assert status == 1, err
    (failed,) = messages(report(tmp_path, "missing.json"), "X912")
    assert f"cannot write {missing}/." in failed and "No such file" in failed, failed
    assert "times" not in failed and time.monotonic() - begun < 20


def test_a_file_the_server_cannot_write_is_named_and_not_retried(tmp_path: Path, sshd: Sshd) -> None:
    trust(tmp_path, sshd)
    for name in ("academicSessions", "classes", "courses", "demographics", "enrollments", "manifest", "orgs", "users"):
        (sshd.remote / f".{name}.csv.partial").mkdir()  # the server's open for writing fails: "Failure"
    status, _, err = transform(tmp_path, sshd, name="failure.json")
    assert status == 1, err
    (failed,) = messages(report(tmp_path, "failure.json"), "X912")
    assert f"cannot write {sshd.remote}/." in failed and "the server said" in failed, failed
    assert "times" not in failed


def test_a_full_remote_disk_is_said_as_such_and_the_partials_are_removed(tmp_path: Path) -> None:
    """tester47 F2: the server's upload folder is a real 12 KiB disk (a tmpfs only sshd sees), the
    set about 15 KiB. The write that fills it was said as "the server said 'size mismatch in
    put!  4096 != 5052'" (paramiko's words, not the server's), and the run's own partial files
    stayed there, filling the quota for the next night too."""
    server = openssh.start(tmp_path / "sshd", disk_bytes=12 * 1024)
    try:
        trust(tmp_path, server)
        status, line, err = transform(tmp_path, server, "--upload-attempts", "2", name="full.json")
        left = sorted(p.name for p in server.remote_seen.iterdir())
    finally:
        openssh.stop(server)
    assert status == 1, err
    assert line["codes"].get("X912") == 1 and (tmp_path / "out" / "users.csv").exists()
    (failed,) = messages(report(tmp_path, "full.json"), "X912")
    assert "size mismatch" not in failed and "times" not in failed, failed
    assert re.search(r"only \d+ of \d+ bytes of \w+\.csv arrived", failed), failed
    assert "the server's disk or quota is probably full" in failed, failed
    assert left == [], left  # nothing of tonight's upload is left on the full disk
