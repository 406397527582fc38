"""tester47 F7, the small points of delivery: the upload address as written (port 0, a port out of
range, a folder name with %20), a password file left empty, a server that takes only key logins,
and a server that offers no SFTP. Each is said for what it is, and what a retry cannot fix is not
retried; the servers are real OpenSSH (tests/sshd.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import cli_runner
from tests import sshd as openssh
from tests.test_deliver_openssh import SAMPLE, SCRIPT, env, messages, report, trust
from transform.pipeline import deliver


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("sftp://district@sftp.example.org:0/upload", "the port in the upload address is 0"),
        ("sftp://district@sftp.example.org:99999/upload", "the port in the upload address, 99999, is not one of"),
        ("sftp://district@sftp.example.org:abc/upload", "the port in the upload address is not a number"),
    ],
)
def test_a_port_that_is_none_is_a_usage_error(url: str, said: str) -> None:
    """Port 0 (a template's placeholder) was taken for 22; 99999 was said to be no number."""
    with pytest.raises(deliver.DeliveryError, match=said):
        deliver.parse_target(url)


def test_a_folder_written_with_percent_signs_is_the_folder_it_names() -> None:
    target = deliver.parse_target("sftp://district@sftp.example.org:2222/srv/remind%20drop/")
    assert (target.user, target.port, target.folder) == ("district", 2222, "/srv/remind drop")


def run(tmp_path: Path, url: str, *credentials: str | Path, name: str = "report.json") -> tuple[int, str]:
    args = [SAMPLE, tmp_path / "out", "--as-of", "2026-10-15", "--upload", url, *credentials]
    args += ["--known-hosts", tmp_path / "known_hosts", "--report", tmp_path / name, "--upload-attempts", "3"]
    done = cli_runner.run(
        [str(SCRIPT), "--profile", "powerschool", *map(str, args)],
        capture_output=True,
        text=True,
        env=env(),
        timeout=90,
    )
    return done.returncode, done.stderr


def test_an_empty_password_file_is_refused_before_any_export_is_read(tmp_path: Path) -> None:
    """A secret not deployed yet was used as the empty password, and failed after publishing."""
    empty = tmp_path / "password"
    empty.write_text("\n", encoding="utf-8")
    status, err = run(tmp_path, "sftp://district@127.0.0.1:2222/upload", "--sftp-password-file", empty)
    assert status == 2 and "X925" in err and "the password file is empty" in err, err
    assert not (tmp_path / "out").exists()


def test_a_password_for_a_server_taking_keys_only_says_which_logins_it_takes(
    tmp_path: Path, sshd: openssh.Sshd
) -> None:
    trust(tmp_path, sshd)
    password = tmp_path / "password"
    password.write_text("not-used\n", encoding="utf-8")
    status, err = run(tmp_path, sshd.url(), "--sftp-password-file", password)
    assert status == 1, err
    (refused,) = messages(report(tmp_path), "X912")
    assert f"{sshd.user}@127.0.0.1 takes only these logins: publickey; the run has a password" in refused, refused
    assert "not-used" not in json.dumps(report(tmp_path))


def test_a_server_without_sftp_is_said_and_not_retried(tmp_path: Path) -> None:
    """It was retried three times and said as "SSH: Channel closed. (opening the SFTP session)"."""
    server = openssh.start(tmp_path / "sshd", sftp=False)
    try:
        trust(tmp_path, server)
        log = tmp_path / "sshd" / "sshd.log"
        before = log.read_text(encoding="utf-8", errors="replace").count("Connection from 127.0.0.1")
        status, err = run(tmp_path, server.url(), "--sftp-key", server.client_key)
        after = log.read_text(encoding="utf-8", errors="replace").count("Connection from 127.0.0.1")
    finally:
        openssh.stop(server)
    assert status == 1, err
    (refused,) = messages(report(tmp_path), "X912")
    assert f"the server offers no SFTP for {server.user}" in refused and "not retried" in refused, refused
    assert after == before + 1  # one attempt: a retry cannot change the server
