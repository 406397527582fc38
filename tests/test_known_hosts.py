"""known_hosts as OpenSSH writes it: patterns, negation, hashed names, markers, bad lines."""

from __future__ import annotations

import base64
import hashlib
import hmac
from pathlib import Path

from transform.pipeline import known_hosts
from transform.pipeline.known_hosts import Verdict

KEY = base64.b64encode(b"server-key").decode()
OTHER = base64.b64encode(b"other-key").decode()


def hashed(name: str) -> str:
    salt = b"0123456789abcdefghij"
    digest = hmac.new(salt, name.encode(), hashlib.sha1).digest()
    return f"|1|{base64.b64encode(salt).decode()}|{base64.b64encode(digest).decode()}"


def test_patterns_negation_hashes_and_ports(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(
        f"# comment\n*.example.org,!bad.example.org ssh-ed25519 {KEY}\n"
        f"{hashed('[sftp.remind.test]:2222')} ssh-ed25519 {KEY}\n"
        f"@unknown-marker x ssh-ed25519 {KEY}\nbroken-line\nhost ssh-ed25519 not*base64\n",
        encoding="utf-8",
    )
    hosts = known_hosts.load(path)
    blob = base64.b64decode(KEY)
    assert hosts.verdict("a.example.org", 22, blob) is Verdict.KNOWN
    assert hosts.verdict("bad.example.org", 22, blob) is Verdict.UNKNOWN
    assert hosts.verdict("a.example.org", 22, base64.b64decode(OTHER)) is Verdict.CHANGED
    assert hosts.verdict("sftp.remind.test", 2222, blob) is Verdict.KNOWN
    assert hosts.verdict("sftp.remind.test", 22, blob) is Verdict.UNKNOWN
    assert [line for line, _ in hosts.ignored] == [4, 5, 6]


def test_a_revoked_key_is_refused_even_beside_a_plain_line(tmp_path: Path) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(
        f"[127.0.0.1]:2200 ssh-ed25519 {KEY}\n@revoked * ssh-ed25519 {KEY}\n"
        f"@cert-authority *.example.org ssh-ed25519 {OTHER}\n",
        encoding="utf-8",
    )
    hosts = known_hosts.load(path)
    assert hosts.verdict("127.0.0.1", 2200, base64.b64decode(KEY)) is Verdict.REVOKED
    assert hosts.authorities("x.example.org", 22) == [3]
    assert hosts.key_types("127.0.0.1", 2200) == ["ssh-ed25519"]
