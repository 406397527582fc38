"""The user's known_hosts file, read as OpenSSH reads it and only ever appended to.

paramiko's own reader rejects the marker lines OpenSSH writes (`@revoked`, `@cert-authority`)
and its writer rewrites the whole file (comments dropped, `host1,host2` lines split), so the
few rules needed here are kept here: host patterns with wildcards and negation, hashed names
(`|1|salt|hash`), `[host]:port` for other ports, and the two markers.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

REVOKED = "@revoked"
CERT_AUTHORITY = "@cert-authority"
# What a server's RSA key is called when it signs with SHA-2, and the name a known_hosts line gives it.
_RSA_SIGNATURES = ("rsa-sha2-512", "rsa-sha2-256")


class Verdict(StrEnum):
    KNOWN = "known"  # a plain line holds this very key
    REVOKED = "revoked"  # an @revoked line holds it: never connect
    CHANGED = "changed"  # a plain line for the host holds another key (of any type, as ssh(1) counts it)
    UNKNOWN = "unknown"  # no plain line for this host


@dataclass(frozen=True, slots=True)
class Entry:
    line: int
    marker: str  # "", REVOKED or CERT_AUTHORITY
    patterns: str
    key_type: str
    blob: bytes

    def matches(self, name: str) -> bool:
        """OpenSSH's rule: some pattern matches and no negated one does."""
        found = False
        for pattern in self.patterns.split(","):
            negated = pattern.startswith("!")
            pattern = pattern[1:] if negated else pattern
            if _match(pattern, name):
                if negated:
                    return False
                found = True
        return found


@dataclass(slots=True)
class KnownHosts:
    path: Path
    entries: list[Entry] = field(default_factory=list)
    ignored: list[tuple[int, str]] = field(default_factory=list)  # (line, why) of lines not understood

    def verdict(self, host: str, port: int, blob: bytes) -> Verdict:
        """As ssh(1) checks a host key: the lines for the name (`[host]:port` off port 22); where
        none holds a key of this type, on another port, a line for the bare host name holding
        this very key (sshconnect.c: "checking without port identifier", "found matching key
        w/out port"). A bare line with another key leaves the host unknown, as ssh does
        (tester47 F6: a bare line with the server's key was refused on port 24747). A line for the
        name holding a key of another type is a changed key, as ssh(1) says it ("Offending ECDSA
        key"): it was taken for an unknown host, which --trust-new-host-key would have added."""
        if any(e.marker == REVOKED and e.blob == blob for e in self.entries):
            return Verdict.REVOKED  # revoked for every host, as OpenSSH does
        verdict = self._verdict(host_name(host, port), blob)
        if verdict is Verdict.UNKNOWN and port != 22 and self._verdict(host, blob) is Verdict.KNOWN:
            return Verdict.KNOWN
        return verdict

    def _verdict(self, name: str, blob: bytes) -> Verdict:
        plain = [e for e in self.entries if not e.marker and e.matches(name)]
        if any(e.blob == blob for e in plain):
            return Verdict.KNOWN
        return Verdict.CHANGED if plain else Verdict.UNKNOWN

    def lines(self, name: str) -> list[Entry]:
        """The plain lines for the name (`host` or `[host]:port`)."""
        return [e for e in self.entries if not e.marker and e.matches(name)]

    def key_types(self, host: str, port: int) -> list[str]:
        """The key types a plain line holds for the host, to ask the server for one of those first."""
        name = host_name(host, port)
        return [e.key_type for e in self.entries if not e.marker and e.matches(name)]

    def authorities(self, host: str, port: int) -> list[int]:
        """Lines of @cert-authority entries for the host (host certificates are not checked here)."""
        name = host_name(host, port)
        return [e.line for e in self.entries if e.marker == CERT_AUTHORITY and e.matches(name)]


def host_name(host: str, port: int) -> str:
    return host if port == 22 else f"[{host}]:{port}"


def load(path: Path) -> KnownHosts:
    """Every line understood; a line that is not is ignored and remembered, never fatal."""
    hosts = KnownHosts(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return hosts
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        entry, why = _parse(number, line)
        if entry is None:
            hosts.ignored.append((number, why))
        else:
            hosts.entries.append(entry)
    return hosts


def missing(path: Path, host: str, port: int, *, default: bool) -> str:
    """Why a known_hosts file that does not exist stops a run with no --trust-new-host-key before
    any export is read ('' when it exists): no host can be known, so the upload would fail after
    publishing and its words steer to trusting a new key, not to the path (tester66 O2: a
    mistyped --known-hosts, a cron job whose HOME is not the one the first run wrote to)."""
    if path.exists():
        return ""
    if not default:
        return "it does not exist: correct the path to the file that holds the server's key"
    home = os.environ.get("HOME")
    where = f"HOME is {home}" if home else "HOME is not set, so it is the account's home"
    scan = f"ssh-keyscan {'' if port == 22 else f'-p {port} '}{host} >> {path}"
    return (
        f"it does not exist (the default, ~/.ssh/known_hosts; {where}): name the file that holds "
        f"the server's key with --known-hosts, or record the key there, either with `{scan}` "
        "(its fingerprint checked against the server's) or by one run by hand with --trust-new-host-key"
    )


def unwritable(path: Path) -> str:
    """Why `append` could not add a line to the file ('' when it could): checked before any export
    is read when --trust-new-host-key would write it (tester47 F3). An existing file is opened
    for appending (nothing written); a missing one needs its first existing folder writable."""
    if path.exists():
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND))
        except OSError as exc:
            return exc.strerror or str(exc)
        return ""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"it does not exist and {folder} takes no new file"
    return ""


def append(path: Path, host: str, port: int, key_type: str, blob: bytes) -> None:
    """Add one line for the host; every byte already in the file stays as it was."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    line = f"{host_name(host, port)} {key_type} {base64.b64encode(blob).decode('ascii')}\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "ab") as handle:
        if handle.tell() and not _ends_with_newline(path):
            line = "\n" + line
        handle.write(line.encode("ascii"))


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def _parse(number: int, line: str) -> tuple[Entry | None, str]:
    fields = line.split()
    marker = ""
    if fields[0].startswith("@"):
        marker = fields.pop(0)
        if marker not in (REVOKED, CERT_AUTHORITY):
            return None, f"unknown marker {marker}"
    if len(fields) < 3:
        return None, "not HOSTS KEYTYPE KEY"
    patterns, key_type, encoded = fields[:3]
    try:
        blob = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        return None, "the key is not base64"
    return Entry(number, marker, patterns, stored_type(key_type), blob), ""


def stored_type(key_type: str) -> str:
    return "ssh-rsa" if key_type in _RSA_SIGNATURES else key_type


def _match(pattern: str, name: str) -> bool:
    if pattern.startswith("|1|"):
        try:
            salt, digest = (base64.b64decode(part) for part in pattern[3:].split("|", 1))
        except (binascii.Error, ValueError):
            return False
        return hmac.compare_digest(hmac.new(salt, name.encode(), hashlib.sha1).digest(), digest)
    # Only * and ? are wildcards: "[host]:port" is literal, not a character class.
    wild = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(wild, name, flags=re.IGNORECASE) is not None
