"""A real SFTP server on 127.0.0.1 for the delivery tests (paramiko's server classes).

It serves one folder, accepts one user by password or by public key, and records every
rename it performs, so a test can check the set arrived whole and was never half visible.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paramiko
from paramiko import SFTPAttributes, SFTPHandle, SFTPServer, SFTPServerInterface

USER, PASSWORD = "district", "s3cret-pass"


@dataclass
class Server:
    root: Path
    host_key: paramiko.RSAKey
    client_key: paramiko.RSAKey
    port: int = 0
    renames: list[tuple[str, str]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # "open NAME" / "rename NAME", in order
    fail_next_connections: int = 0
    renames_allowed: int | None = None  # past this many renames, each fails (a connection lost between them)
    # Past this many renames the server goes silent for this long, and takes no connection after:
    # a connection lost between two renames, the server then down (tester47 F1).
    gone_after_renames: tuple[int, float] | None = None


class _Auth(paramiko.ServerInterface):
    def __init__(self, server: Server) -> None:
        self.server = server

    def check_auth_password(self, username: str, password: str) -> int:
        ok = username == USER and password == PASSWORD
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        ok = username == USER and key.get_base64() == self.server.client_key.get_base64()
        return paramiko.AUTH_SUCCESSFUL if ok else paramiko.AUTH_FAILED

    def get_allowed_auths(self, username: str) -> str:
        return "password,publickey"

    def check_channel_request(self, kind: str, chanid: int) -> int:
        return paramiko.OPEN_SUCCEEDED if kind == "session" else paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED


class _Handle(SFTPHandle):
    def stat(self) -> SFTPAttributes | int:
        try:
            return SFTPAttributes.from_stat(os.fstat(self.readfile.fileno()))
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)


def _folder(server_interface: paramiko.ServerInterface) -> Server:
    assert isinstance(server_interface, _Auth)
    return server_interface.server


class _Files(SFTPServerInterface):
    def __init__(self, server: paramiko.ServerInterface, *args: Any, **kwargs: Any) -> None:
        super().__init__(server, *args, **kwargs)
        self.state = _folder(server)

    def _local(self, path: str) -> str:
        return str(self.state.root) + self.canonicalize(path)

    def stat(self, path: str) -> SFTPAttributes | int:
        try:
            return SFTPAttributes.from_stat(os.stat(self._local(path)))
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)

    lstat = stat

    def list_folder(self, path: str) -> list[SFTPAttributes] | int:
        local = self._local(path)
        try:
            return [SFTPAttributes.from_stat(os.stat(os.path.join(local, n)), n) for n in os.listdir(local)]
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)

    def open(self, path: str, flags: int, attr: SFTPAttributes) -> SFTPHandle | int:
        self.state.events.append(f"open {os.path.basename(path)}")
        try:
            fd = os.open(self._local(path), flags, 0o644)
        except OSError as exc:
            return SFTPServer.convert_errno(exc.errno)
        mode = "wb" if flags & os.O_WRONLY else ("r+b" if flags & os.O_RDWR else "rb")
        handle = _Handle(flags)
        handle.readfile = handle.writefile = os.fdopen(fd, mode)
        return handle

    def remove(self, path: str) -> int:
        os.remove(self._local(path))
        return paramiko.SFTP_OK

    def posix_rename(self, oldpath: str, newpath: str) -> int:
        if self.state.gone_after_renames is not None and len(self.state.renames) >= self.state.gone_after_renames[0]:
            self.state.fail_next_connections = 1_000
            time.sleep(self.state.gone_after_renames[1])
            return paramiko.SFTP_FAILURE
        allowed = self.state.renames_allowed
        if allowed is not None and len(self.state.renames) >= allowed:
            return paramiko.SFTP_FAILURE
        os.replace(self._local(oldpath), self._local(newpath))
        self.state.renames.append((oldpath, newpath))
        self.state.events.append(f"rename {os.path.basename(newpath)}")
        return paramiko.SFTP_OK

    rename = posix_rename


def _serve(listener: socket.socket, server: Server, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        if server.fail_next_connections:
            server.fail_next_connections -= 1
            connection.close()
            continue
        transport = paramiko.Transport(connection)
        transport.add_server_key(server.host_key)
        transport.set_subsystem_handler("sftp", paramiko.SFTPServer, _Files)
        try:
            transport.start_server(server=_Auth(server))
        except (paramiko.SSHException, EOFError, OSError):
            # A client that hung up during the handshake (it refused our host key, say) ends that
            # connection only: the next one is still served (a reset here stopped the loop thread).
            continue
        threading.Thread(target=_wait_close, args=(transport,), daemon=True).start()


def _wait_close(transport: paramiko.Transport) -> None:
    transport.join(timeout=30)


@contextmanager
def sftp_server(root: Path) -> Iterator[Server]:
    """Listen on 127.0.0.1 only, on a free port; stop when the test ends."""
    server = Server(root, paramiko.RSAKey.generate(2048), paramiko.RSAKey.generate(2048))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(1.0)
    server.port = listener.getsockname()[1]
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                _serve(listener, server, stop)
            except TimeoutError:
                continue

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        stop.set()
        listener.close()
        thread.join(timeout=5)
