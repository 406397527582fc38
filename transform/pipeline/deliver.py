"""Deliver a published set by SFTP, so that the receiver never sees half a set.

Every file goes up under a temporary name first; only when all have arrived are they renamed
into place. Credentials come from the environment or from files, never from the command line,
and no message here ever contains them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import paramiko

PASSWORD_ENV = "TRANSFORM_SFTP_PASSWORD"
KEY_ENV = "TRANSFORM_SFTP_KEY"  # path of a private key file
PASSPHRASE_ENV = "TRANSFORM_SFTP_KEY_PASSPHRASE"
DEFAULT_PORT = 22


class DeliveryError(Exception):
    """Why an upload failed, in words safe to log."""


@dataclass(frozen=True, slots=True)
class SftpTarget:
    user: str
    host: str
    port: int
    folder: str

    def __str__(self) -> str:
        return f"sftp://{self.user}@{self.host}:{self.port}{self.folder}"


@dataclass(frozen=True, slots=True)
class Credentials:
    password: str | None = None
    key_file: Path | None = None
    passphrase: str | None = None


def parse_target(url: str) -> SftpTarget:
    parts = urlsplit(url)
    if parts.scheme != "sftp" or not parts.hostname or not parts.username:
        raise DeliveryError("the upload address is sftp://user@host[:port]/path")
    if parts.password is not None:
        raise DeliveryError(f"no password in the address: set {PASSWORD_ENV} or give --sftp-password-file")
    try:
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise DeliveryError("the port in the upload address is not a number") from None
    return SftpTarget(unquote(parts.username), parts.hostname, port, parts.path.rstrip("/") or ".")


def credentials(*, password_file: Path | None, key_file: Path | None,
                environ: dict[str, str] | None = None) -> Credentials:
    env = os.environ if environ is None else environ
    password = env.get(PASSWORD_ENV)
    if password_file is not None:
        try:
            password = password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise DeliveryError(f"cannot read the password file {password_file}: {exc.strerror}") from None
    key = key_file or (Path(env[KEY_ENV]) if env.get(KEY_ENV) else None)
    if password is None and key is None:
        raise DeliveryError(f"no credentials: set {PASSWORD_ENV} or {KEY_ENV}, or give a password or key file")
    return Credentials(password, key, env.get(PASSPHRASE_ENV))


def upload(files: list[Path], target: SftpTarget, creds: Credentials, *, known_hosts: Path,
           trust_new_host_key: bool = False, attempts: int = 3, backoff: float = 2.0,
           sleep: Callable[[float], None] = time.sleep) -> None:
    """Upload, retrying what may pass (a dropped connection), not what cannot (a wrong key)."""
    for attempt in range(1, attempts + 1):
        try:
            _upload_once(files, target, creds, known_hosts=known_hosts, trust_new_host_key=trust_new_host_key)
            return
        except paramiko.BadHostKeyException:
            raise DeliveryError(f"the host key of {target.host} is not the one in {known_hosts}") from None
        except paramiko.AuthenticationException:
            raise DeliveryError(f"{target.user}@{target.host} refused the credentials") from None
        except paramiko.SSHException as exc:
            if "not found in known_hosts" in str(exc):
                raise DeliveryError(f"{target.host} is not in {known_hosts}; check its key, then run once "
                                    "with --trust-new-host-key") from None
            problem = f"SSH: {exc}"
        except OSError as exc:
            problem = exc.strerror or type(exc).__name__
        if attempt == attempts:
            raise DeliveryError(f"upload to {target} failed {attempts} times; last: {problem}")
        sleep(backoff ** (attempt - 1))


def _upload_once(files: list[Path], target: SftpTarget, creds: Credentials, *, known_hosts: Path,
                 trust_new_host_key: bool) -> None:
    client = paramiko.SSHClient()
    if known_hosts.exists():
        client.load_host_keys(str(known_hosts))
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy() if trust_new_host_key else paramiko.RejectPolicy())
    try:
        client.connect(target.host, target.port, username=target.user, password=creds.password,
                       key_filename=str(creds.key_file) if creds.key_file else None, passphrase=creds.passphrase,
                       look_for_keys=False, allow_agent=False, timeout=30)
        if trust_new_host_key:
            known_hosts.parent.mkdir(parents=True, exist_ok=True)
            client.save_host_keys(str(known_hosts))
        with client.open_sftp() as sftp:
            staged = []
            for path in files:
                partial = f"{target.folder}/.{path.name}.partial"
                sftp.put(str(path), partial, confirm=True)
                staged.append((partial, f"{target.folder}/{path.name}"))
            for partial, final in staged:
                sftp.posix_rename(partial, final)
    finally:
        client.close()
