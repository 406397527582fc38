"""tester47 F6: a known_hosts line for the bare host name, on a server that listens on another
port. ssh(1) looks for `[host]:port`; where no line holds a key of the server's type under that
name, it checks the bare name too and connects when that line holds the server's very key
("checking without port identifier", "found matching key w/out port"). The run refused it as
"127.0.0.1 is not in kh_plain" while ssh connected with the same file. Each case is put to the
real ssh client as well, so the tool is held to what OpenSSH does, not to our reading of it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.sshd import Sshd
from tests.test_deliver_openssh import OTHER_KEY, messages, report, transform

# A real key of another type (not the server's): its line is read by ssh, and holds no ed25519 key.
ECDSA_KEY = (
    "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBBWlEBZcZqA8DfRUWIzvFVVQ492bdaBIK+QAaIF4"
    "NAtqIA4CxwAbIvqvoWk/JcGHtJMOdL/X6ijuBRIhlAEMhjE="
)


def ssh_connects(server: Sshd, known_hosts: Path) -> bool:
    """Whether OpenSSH's own client, strict about host keys, logs in with this known_hosts."""
    empty = known_hosts.with_name("empty")  # no ssh_config, no global known_hosts
    empty.write_text("", encoding="utf-8")
    done = subprocess.run(
        [
            "ssh",
            "-F",
            str(empty),
            "-p",
            str(server.port),
            "-i",
            str(server.client_key),
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            f"UserKnownHostsFile={known_hosts}",
            "-o",
            f"GlobalKnownHostsFile={empty}",
            "-o",
            "CheckHostIP=no",
            "-o",
            "ConnectTimeout=10",
            f"{server.user}@127.0.0.1",
            "true",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode in (0, 255), done.stderr
    assert done.returncode == 0 or "Host key verification failed" in done.stderr, done.stderr
    return done.returncode == 0


CASES = {
    # the bare name with the server's key: ssh connects (found matching key w/out port)
    "bare line, the server's key": ("127.0.0.1 {key}\n", True),
    # the bare name with another key of the type: ssh says no key is known for [127.0.0.1]:port
    "bare line, another key": (f"127.0.0.1 {OTHER_KEY}\n", False),
    # [host]:port holds another key of the type: changed, the bare line is not looked at
    "port line another key, bare line the server's": (f"[127.0.0.1]:{{port}} {OTHER_KEY}\n127.0.0.1 {{key}}\n", False),
    # [host]:port holds a key of another type: ssh says the key changed ("Offending ECDSA key");
    # it was taken for a new host, that --trust-new-host-key would add
    "port line of another type, bare line the server's": (
        f"[127.0.0.1]:{{port}} {ECDSA_KEY}\n127.0.0.1 {{key}}\n",
        False,
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_a_line_without_the_port_counts_as_openssh_counts_it(tmp_path: Path, sshd: Sshd, case: str) -> None:
    """A known or a changed key never adds a line, --trust-new-host-key or not."""
    text, connects = CASES[case]
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(text.format(key=sshd.host_public, port=sshd.port), encoding="utf-8")
    assert ssh_connects(sshd, known_hosts) is connects  # what OpenSSH does with this file
    trusting = case != "bare line, another key"  # that one is new on its port: trusting it adds its line
    status, _, err = transform(tmp_path, sshd, *(["--trust-new-host-key"] if trusting else []))
    assert status == (0 if connects else 1), err
    assert known_hosts.read_text(encoding="utf-8") == text.format(key=sshd.host_public, port=sshd.port)
    if connects:
        return
    (refused,) = messages(report(tmp_path), "X912")
    if case == "bare line, another key":  # the message says which line forms it looked for
        assert f"no line of {known_hosts} is for [127.0.0.1]:{sshd.port}, and its line 1 holds another" in refused
        assert "ssh-ed25519 key for 127.0.0.1 (port 22)" in refused, refused
    else:
        assert f"the host key of [127.0.0.1]:{sshd.port} is not the one in {known_hosts} (line 1 holds" in refused
        assert "--trust-new-host-key" not in refused, refused  # a changed key is never trusted
