"""A real OpenSSH server for the delivery tests: Debian's sshd on 127.0.0.1, on a free port,
with its own config, host key and client key, started and stopped by the test.

It logs in the user running the tests (root in CI, with `PermitRootLogin yes`) by key only.
Where sshd is not installed the tests skip and say why; under CI=true they fail instead,
so CI can never pass without having tried them.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

SSHD = Path("/usr/sbin/sshd")
SSH_KEYGEN = shutil.which("ssh-keygen") or "/usr/bin/ssh-keygen"


@dataclass
class Sshd:
    port: int
    user: str
    process: subprocess.Popen[bytes]
    client_key: Path  # the private key the server accepts
    host_public: str  # "ssh-ed25519 AAAA..." of the server's host key
    remote: Path  # an empty folder the tests upload into

    def url(self, folder: Path | None = None) -> str:
        return f"sftp://{self.user}@127.0.0.1:{self.port}{folder or self.remote}"

    def known_hosts_line(self, port: int | None = None) -> str:
        """The server's key, for its own port or for a proxy's in front of it."""
        return f"[127.0.0.1]:{port or self.port} {self.host_public}\n"

    @property
    def remote_seen(self) -> Path:
        """The upload folder as the server sees it (its own tmpfs, with `start(disk_bytes=...)`)."""
        return Path(f"/proc/{self.process.pid}/root{self.remote}")

    def stop_answering(self) -> None:
        """SIGSTOP: connections are still accepted by the kernel, and never answered."""
        self.process.send_signal(signal.SIGSTOP)

    def answer_again(self) -> None:
        self.process.send_signal(signal.SIGCONT)


def require_sshd() -> None:
    if SSHD.exists() and Path(SSH_KEYGEN).exists():
        return
    reason = f"{SSHD} (Debian's openssh-server) is not installed: the real-OpenSSH delivery tests cannot run"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " (CI=true: .ci/run installs it)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _keygen(path: Path) -> None:
    subprocess.run([SSH_KEYGEN, "-q", "-t", "ed25519", "-N", "", "-C", "transform-test", "-f", str(path)], check=True)


def _wait_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"sshd exited at start: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as probe:
                if probe.recv(4).startswith(b"SSH-"):
                    return
        except OSError:
            time.sleep(0.05)
    pytest.fail(f"sshd did not listen on {port}: {log.read_text(errors='replace')}")


def require_small_disk() -> None:
    """A tmpfs of a few KiB as the server's upload folder, mounted in sshd's own mount namespace
    (unshare -m): needs root, as the real-OpenSSH tests run in CI."""
    if os.geteuid() == 0 and shutil.which("unshare"):
        return
    reason = "a full remote disk needs a tmpfs mounted in sshd's own mount namespace: run the tests as root"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def start(folder: Path, *, disk_bytes: int | None = None, sftp: bool = True) -> Sshd:
    """With `disk_bytes`, the upload folder is a tmpfs of that size that only the server sees (a
    full disk for real: its writes fail with ENOSPC); `Sshd.remote_seen` reads it from outside.
    `sftp` False: a server without the SFTP subsystem (no `Subsystem sftp` line)."""
    require_sshd()
    if disk_bytes is not None:
        require_small_disk()
    folder.mkdir(parents=True, exist_ok=True)
    host_key, client_key = folder / "host_ed25519", folder / "client_ed25519"
    _keygen(host_key)
    _keygen(client_key)
    authorized = folder / "authorized_keys"
    authorized.write_text((folder / "client_ed25519.pub").read_text(encoding="utf-8"), encoding="utf-8")
    port, user = free_port(), getpass.getuser()
    config = folder / "sshd_config"
    config.write_text(
        "\n".join(
            (
                f"Port {port}",
                "ListenAddress 127.0.0.1",
                f"HostKey {host_key}",
                f"PidFile {folder / 'sshd.pid'}",
                f"AuthorizedKeysFile {authorized}",
                f"AllowUsers {user}",
                "PermitRootLogin yes",
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "Subsystem sftp internal-sftp" if sftp else "",
                "LogLevel VERBOSE",
                "MaxStartups 50",
                "",
            )
        ),
        encoding="utf-8",
    )
    if os.geteuid() == 0:
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # the privilege-separation folder
    log = folder / "sshd.log"
    remote = folder / "remote"
    remote.mkdir()
    command = [str(SSHD), "-D", "-e", "-f", str(config)]
    if disk_bytes is not None:  # unshare and sh exec sshd: the process is sshd, in its own namespace
        mount = f"mount -t tmpfs -o size={disk_bytes} tmpfs {remote} && chmod 0777 {remote}"
        command = ["unshare", "-m", "--propagation", "private", "sh", "-c", f'{mount} && exec "$@"', "sh", *command]
    with log.open("wb") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=handle)
    _wait_listening(port, process, log)
    host_public = " ".join((folder / "host_ed25519.pub").read_text(encoding="utf-8").split()[:2])
    return Sshd(port, user, process, client_key, host_public, remote)


def stop(server: Sshd) -> None:
    server.process.send_signal(signal.SIGCONT)  # a stopped sshd does not act on SIGTERM
    server.process.terminate()
    try:
        server.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


class CuttingProxy:
    """127.0.0.1 port in front of sshd that ends the first `cuts` sessions after `after` bytes
    from the client: a session dropped mid-upload, with a real server behind it. With `stall`,
    those sessions go silent instead (nothing forwarded either way, the connection left open).
    It counts every session's bytes, so a test can measure a whole upload first."""

    def __init__(self, port: int, *, after: int = 0, cuts: int = 0, stall: bool = False) -> None:
        self.target, self.after, self.cuts, self.stall = port, after, cuts, stall
        self._closed = threading.Event()
        self.sent: list[int] = []  # client-to-server bytes of each session, when it ended
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            limit = self.after if self.cuts > 0 else 0
            self.cuts -= 1
            try:
                server = socket.create_connection(("127.0.0.1", self.target))
            except OSError:  # sshd already stopped (the test is ending)
                client.close()
                continue
            threading.Thread(target=self._session, args=(client, server, limit), daemon=True).start()

    def _session(self, client: socket.socket, server: socket.socket, limit: int) -> None:
        count = 0
        silent = threading.Event()
        back = threading.Thread(target=_pump, args=(server, client, silent), daemon=True)
        back.start()
        try:
            while chunk := client.recv(4096):
                if limit and count + len(chunk) >= limit:
                    server.sendall(chunk[: limit - count])
                    count = limit
                    if self.stall:
                        silent.set()
                        self._closed.wait()
                    break
                server.sendall(chunk)
                count += len(chunk)
        except OSError:
            pass
        for end in (client, server):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
        self.sent.append(count)

    def close(self) -> None:
        self._closed.set()
        self._listener.close()


def _pump(source: socket.socket, sink: socket.socket, silent: threading.Event) -> None:
    try:
        while (chunk := source.recv(4096)) and not silent.is_set():
            sink.sendall(chunk)
    except OSError:
        pass
