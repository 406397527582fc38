"""`--trust-new-host-key` writes known_hosts (tester47 F3): a file the job cannot write is found
before any export is read (X925, exit 2, naming it), and, should the write still fail, it is said
as the file's fault, never retried as a network one ("Operation not permitted (in the SSH
handshake)"). Against a real OpenSSH server (tests/sshd.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sshd import Sshd
from tests.test_deliver_openssh import OTHER_KEY, SAMPLE, transform, trust
from transform import api
from transform.pipeline import known_hosts


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """The file as a job's user finds a known_hosts it may not change: root-owned for another
    user; for root (who may write any file) marked immutable."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        yield
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("chattr +i is not possible here (a file root cannot write)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def test_an_unwritable_known_hosts_is_refused_before_any_export_is_read(tmp_path: Path, sshd: Sshd) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(f"other.example.org {OTHER_KEY}\n", encoding="utf-8")
    log = sshd.remote.parent / "sshd.log"
    before = log.read_text(encoding="utf-8", errors="replace").count("Connection from 127.0.0.1")
    with read_only(path):
        status, line, err = transform(tmp_path, sshd, "--trust-new-host-key")
    assert status == 2, err
    assert line["codes"] == {"X925": 1} and line["rows_written"] == {}
    assert f"--known-hosts {path}" in err and "--trust-new-host-key would add 127.0.0.1's key" in err
    assert not (tmp_path / "out").exists()
    assert log.read_text(encoding="utf-8", errors="replace").count("Connection from 127.0.0.1") == before


def test_an_unwritable_known_hosts_that_knows_the_server_is_not_written_and_not_refused(
    tmp_path: Path, sshd: Sshd
) -> None:
    path = trust(tmp_path, sshd)
    with read_only(path):
        status, _, err = transform(tmp_path, sshd, "--trust-new-host-key")
    assert status == 0, err


def test_a_host_key_that_cannot_be_added_after_all_is_said_and_not_retried(
    tmp_path: Path, sshd: Sshd, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file became unwritable between the check and the handshake."""
    path = tmp_path / "known_hosts"
    path.write_text("", encoding="utf-8")
    monkeypatch.setattr(known_hosts, "unwritable", lambda _path: "")  # the check passed
    log = sshd.remote.parent / "sshd.log"
    before = log.read_text(encoding="utf-8", errors="replace").count("Connection from 127.0.0.1")
    with read_only(path):
        result = api.run(
            api.RunOptions(
                profile="powerschool",
                in_dir=SAMPLE,
                out_dir=tmp_path / "out",
                as_of=dt.date(2026, 10, 15),
                upload=sshd.url(),
                sftp_key=sshd.client_key,
                known_hosts=path,
                trust_new_host_key=True,
                upload_attempts=3,
                upload_backoff=0.0,
            )
        )
    assert result.exit_status == 1 and result.report.published
    (said,) = [p.message for p in result.report.examples["X912"]]
    assert "cannot add the host key of 127.0.0.1" in said and f"to {path}" in said, said
    assert "times" not in said and "SSH handshake" not in said
    assert log.read_text(encoding="utf-8", errors="replace").count("Connection from 127.0.0.1") == before + 1
    assert path.read_bytes() == b""
