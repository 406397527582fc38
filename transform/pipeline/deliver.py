"""Deliver a published set by SFTP, so that the receiver never sees half a set.

Every file goes up under a temporary name first; only when all have arrived are they renamed
into place. Credentials come from the environment or from files, never from the command line,
and no message here ever contains them.
"""

from __future__ import annotations

import errno
import functools
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:  # paramiko is imported when a run delivers, not by every run
    import paramiko

from transform.pipeline import known_hosts as known_hosts_file

PASSWORD_ENV = "TRANSFORM_SFTP_PASSWORD"
KEY_ENV = "TRANSFORM_SFTP_KEY"  # path of a private key file
PASSPHRASE_ENV = "TRANSFORM_SFTP_KEY_PASSPHRASE"
DEFAULT_PORT = 22


# paramiko logs a failed session from its own thread; with no handler, Python would print that
# to stderr after the run's own summary (or JSON log line). The report says what failed.
logging.getLogger("paramiko").addHandler(logging.NullHandler())

DEFAULT_TIMEOUT = 30.0  # seconds any one network step may take (--sftp-timeout)


class DeliveryError(Exception):
    """Why an upload failed, in words safe to log."""


class RemoteRefused(DeliveryError):
    """The server answered an SFTP request with an error (no such folder, permission denied, a
    read-only or full disk): the same request would get the same answer, nothing to retry."""


@dataclass(slots=True)
class _Step:
    """What the upload is doing, and since when: a failure says where it happened, and a session
    that ends with paramiko's own words after --sftp-timeout of silence says so."""

    doing: str = "connecting"
    since: float = 0.0

    def now(self, doing: str) -> None:
        self.doing, self.since = doing, time.monotonic()


class CredentialsError(DeliveryError):
    """A password or key file that cannot be used: the command is wrong, nothing to retry."""

    def __init__(self, file: Path, detail: str) -> None:
        super().__init__(detail)
        self.file = file


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
    key: paramiko.PKey | None = None  # loaded from key_file when the run starts


def parse_target(url: str) -> SftpTarget:
    parts = urlsplit(url)
    if parts.scheme != "sftp" or not parts.hostname or not parts.username:
        raise DeliveryError("the upload address is sftp://user@host[:port]/path")
    if parts.password is not None:
        raise DeliveryError(f"no password in the address: set {PASSWORD_ENV} or give --sftp-password-file")
    try:
        port = parts.port
    except ValueError:
        written = parts.netloc.rsplit(":", 1)[-1]
        if written.isdigit():  # :99999 is a number, out of range (tester47 F7.1)
            raise DeliveryError(f"the port in the upload address, {written}, is not one of 1 to 65535") from None
        raise DeliveryError("the port in the upload address is not a number") from None
    if port == 0:  # a template's placeholder; it was taken for 22 (tester47 F7.1)
        raise DeliveryError("the port in the upload address is 0: give the server's port, or none for 22")
    # The path is decoded as the user name is: remote%20sp is the folder 'remote sp' (F7.2).
    folder = unquote(parts.path).rstrip("/") or "."
    return SftpTarget(unquote(parts.username), parts.hostname, port or DEFAULT_PORT, folder)


def credentials(
    *, password_file: Path | None, key_file: Path | None, environ: dict[str, str] | None = None
) -> Credentials:
    """Read the password and load the key now, before any export is read: a file that cannot
    be used is the command's fault (exit 2), not a network fault to retry after publishing."""
    env = os.environ if environ is None else environ
    password = env.get(PASSWORD_ENV)
    if password_file is not None:
        try:
            password = password_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise CredentialsError(password_file, f"cannot read the password file: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise CredentialsError(password_file, "the password file is not UTF-8 text") from None
        if not password:  # a secret not deployed yet: it failed only after publishing (tester47 F7.3)
            raise CredentialsError(password_file, "the password file is empty")
    key = key_file or (Path(env[KEY_ENV]) if env.get(KEY_ENV) else None)
    if password is None and key is None:
        raise DeliveryError(f"no credentials: set {PASSWORD_ENV} or {KEY_ENV}, or give a password or key file")
    passphrase = env.get(PASSPHRASE_ENV)
    return Credentials(password, key, passphrase, _load_key(key, passphrase) if key is not None else None)


def _load_key(path: Path, passphrase: str | None) -> paramiko.PKey:
    import paramiko

    if not path.is_file():
        raise CredentialsError(path, "no such key file" if not path.exists() else "the key is not a file")
    try:
        return paramiko.PKey.from_path(path, passphrase.encode() if passphrase else None)
    except (paramiko.PasswordRequiredException, TypeError):  # TypeError: an encrypted OpenSSH-format key
        raise CredentialsError(path, f"the key is encrypted: set {PASSPHRASE_ENV}") from None
    except OSError as exc:
        raise CredentialsError(path, f"cannot read the key file: {exc.strerror or exc}") from None
    except (paramiko.SSHException, ValueError) as exc:
        detail = "wrong passphrase, or " if passphrase else ""
        raise CredentialsError(path, f"not a private key this tool can use ({detail}{exc})") from None


def upload(
    files: list[Path],
    target: SftpTarget,
    creds: Credentials,
    *,
    known_hosts: known_hosts_file.KnownHosts,
    trust_new_host_key: bool = False,
    attempts: int = 3,
    backoff: float = 2.0,
    timeout: float = DEFAULT_TIMEOUT,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Upload, retrying what may pass (a refused, dropped or stalled connection), not what
    cannot (a wrong key or password, an unknown or revoked host key)."""
    import paramiko

    # Of every attempt: the files the server holds tonight's version of. Not cleared for a retry: a
    # connection lost between two renames, then retries that cannot reconnect, leave the server
    # those files beside last night's others (tester47 F1: only the last attempt's were said).
    renamed: list[str] = []
    step = _Step()
    for attempt in range(1, attempts + 1):
        step.now("connecting")
        try:
            _upload_once(
                files,
                target,
                creds,
                hosts=known_hosts,
                trust_new_host_key=trust_new_host_key,
                timeout=timeout,
                renamed=renamed,
                step=step,
            )
            return
        except RemoteRefused as exc:
            raise DeliveryError(f"upload to {target}: {exc}; not retried{_held(renamed)}") from None
        except DeliveryError:
            raise
        except paramiko.AuthenticationException:
            raise DeliveryError(f"{target.user}@{target.host} refused the credentials") from None
        except (paramiko.SSHException, EOFError) as exc:
            # paramiko ends a handshake the server never finished with "No existing session" (or
            # nothing at all): after --sftp-timeout of silence, that is what it was.
            if time.monotonic() - step.since >= 0.9 * timeout:
                problem = f"no answer within {timeout:g} s (--sftp-timeout) {step.doing}"
            else:
                problem = f"SSH: {str(exc) or 'the server closed the session'} ({step.doing})"
        except TimeoutError:
            problem = f"no answer within {timeout:g} s (--sftp-timeout) {step.doing}"
        except OSError as exc:
            problem = f"{exc.strerror or str(exc) or type(exc).__name__} ({step.doing})"
        except Exception as exc:  # paramiko's own failures are many; the report must still be written
            raise DeliveryError(f"upload to {target} failed: {type(exc).__name__}: {exc}") from None
        if attempt == attempts:
            tries = "once" if attempts == 1 else f"{attempts} times"
            raise DeliveryError(f"upload to {target} failed {tries}; last: {problem}{_held(renamed)}")
        sleep(backoff ** (attempt - 1))


def _kinds_held(creds: Credentials) -> str:
    held = [kind for kind, have in (("a key", creds.key is not None), ("a password", creds.password)) if have]
    return " and ".join(held) or "none"


def _held(renamed: list[str]) -> str:
    """What the server holds of tonight's set when an upload stopped among its renames."""
    if not renamed:
        return ""
    return (
        f"; the server holds tonight's {', '.join(dict.fromkeys(renamed))} beside last night's other files until "
        "the next run sends the set whole"
    )


def _refused(exc: OSError, doing: str, folder: str) -> RemoteRefused:
    """An SFTP status the server answered (paramiko raises it as an OSError), in words."""
    said = exc.strerror or (str(exc.args[0]) if exc.args else "") or type(exc).__name__
    hint = ""
    if exc.errno == errno.ENOENT:
        hint = f" (is the folder {folder} there?)"
    elif exc.errno is None and said.lower() == "failure":
        hint = " (the server gives no reason: a read-only or full disk, a quota, or a folder in the way)"
    return RemoteRefused(f"cannot {doing}: the server said {said!r}{hint}")


def _upload_once(
    files: list[Path],
    target: SftpTarget,
    creds: Credentials,
    *,
    hosts: known_hosts_file.KnownHosts,
    trust_new_host_key: bool,
    timeout: float,
    renamed: list[str],
    step: _Step | None = None,
) -> None:
    import paramiko

    step = step or _Step()
    step.now("connecting")
    sock = socket.create_connection((target.host, target.port), timeout=timeout)
    transport = paramiko.Transport(sock)
    try:
        transport.banner_timeout = transport.handshake_timeout = transport.auth_timeout = timeout
        transport.channel_timeout = timeout
        _prefer_known_key_types(transport, hosts.key_types(target.host, target.port))
        step.now("in the SSH handshake")
        transport.start_client(timeout=timeout)
        _check_host_key(transport.get_remote_server_key(), target, hosts, trust_new_host_key)
        step.now("logging in")
        try:
            _authenticate(transport, target.user, creds)
        except paramiko.BadAuthenticationType as exc:  # the server takes none of the kinds the run has
            allowed = ", ".join(exc.allowed_types) or "none"
            raise DeliveryError(
                f"{target.user}@{target.host} takes only these logins: {allowed}; the run has "
                f"{_kinds_held(creds)} (give --sftp-key or --sftp-password-file to match)"
            ) from None
        step.now("opening the SFTP session")
        try:
            sftp = paramiko.SFTPClient.from_transport(transport)
        except paramiko.SSHException as exc:
            # The channel opened, the subsystem request was refused and the channel closed, the
            # session still up: the server offers no SFTP (a dropped connection ends the transport).
            # A server setting (no `Subsystem sftp` line), which a retry cannot fix (tester47 F7.4).
            if str(exc) == "Channel closed." and transport.is_active():
                raise DeliveryError(
                    f"upload to {target}: the server offers no SFTP for {target.user} (it closed the session "
                    "that asked for it: no Subsystem sftp line in its sshd_config, or an account limited to a "
                    "shell); not retried"
                ) from None
            raise
        if sftp is None:
            raise paramiko.SSHException("the server opened no SFTP session")
        with sftp:
            sftp.get_channel().settimeout(timeout)  # each SFTP request waits at most this long
            staged: list[tuple[str, str]] = []
            opened: list[str] = []  # the partial files this attempt created (and has not renamed)
            try:
                for path in files:
                    partial = f"{target.folder}/.{path.name}.partial"
                    step.now(f"writing {partial}")
                    _answered(
                        transport,
                        f"write {partial}",
                        target.folder,
                        functools.partial(_put, sftp, path, partial, opened),
                    )
                    staged.append((partial, f"{target.folder}/{path.name}"))
                # A file after those it names (users before the enrolments naming them, the manifest
                # last): a connection lost between two renames leaves no file naming what the
                # server does not hold yet.
                for partial, final in sorted(staged, key=lambda pair: _rename_rank(pair[1])):
                    step.now(f"renaming {partial} to {final}")
                    _answered(
                        transport,
                        f"rename {partial} to {final}",
                        target.folder,
                        functools.partial(sftp.posix_rename, partial, final),
                    )
                    renamed.append(final.rsplit("/", 1)[-1])
                    opened.remove(partial)
            except RemoteRefused as refused:
                # The session is up (the server answered): take this run's partial files away, so a
                # full disk or quota is not kept full by them until the next night (tester47 F2).
                left = _remove_partials(sftp, opened)
                if left:
                    refused.args = (f"{refused}; left on the server: {', '.join(left)}",)
                raise
    finally:
        transport.close()
        sock.close()


def _put(sftp: paramiko.SFTPClient, path: Path, remote: str, opened: list[str]) -> None:
    """paramiko's put, pipelined, without its own size check: its "size mismatch in put!" is no
    word of the server's. A pipelined write the server failed is not raised by paramiko; what
    arrived is less than was sent, which on a server still answering is a full disk or quota
    (tester47 F2)."""
    size = path.stat().st_size
    with path.open("rb") as source, sftp.open(remote, "wb") as sink:
        opened.append(remote)
        sink.set_pipelined(True)
        while chunk := source.read(32768):
            sink.write(chunk)
    arrived = sftp.stat(remote).st_size
    if arrived != size:
        raise RemoteRefused(
            f"cannot write {remote}: only {arrived} of {size} bytes of {path.name} arrived "
            "(the server's disk or quota is probably full)"
        )


def _remove_partials(sftp: paramiko.SFTPClient, partials: list[str]) -> list[str]:
    """Remove this run's partial files after the server refused a request; the names not removed."""
    left = []
    for partial in partials:
        try:
            sftp.remove(partial)
        except FileNotFoundError:
            pass
        except Exception:  # best effort: the refusal is what X912 says
            left.append(partial.rsplit("/", 1)[-1])
    return left


# paramiko's words for a channel the connection under it lost: no answer of the server's.
_CHANNEL_LOST = frozenset({"Socket is closed"})
# How long a request's error waits for paramiko's reader thread to see the connection end: it
# raises on the closed channel a moment before the transport says it is no longer active.
_DROP_NOTICED = 1.0


def _answered(
    transport: paramiko.Transport,
    what: str,
    folder: str,
    request: Callable[[], object],
    *,
    wait: float = _DROP_NOTICED,
) -> None:
    """One SFTP request; an error the server answered (the session still up) is RemoteRefused,
    a lost or silent connection is left to the retries. A connection dropped mid-request was
    taken for a refusal when the error came before the transport noticed ("the server said
    'Socket is closed'; not retried", tester34 F3): a lost channel is a drop, and any other error
    waits up to `wait` seconds for the transport to end before it counts as the server's."""
    try:
        request()
    except TimeoutError:
        raise
    except OSError as exc:
        if str(exc) in _CHANNEL_LOST or _ends_within(transport, wait):
            raise
        raise _refused(exc, what, folder) from None


def _ends_within(transport: paramiko.Transport, seconds: float) -> bool:
    """Whether the transport is, or within `seconds` becomes, inactive."""
    deadline = time.monotonic() + seconds
    while transport.is_active():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


# OneRoster's files in the order they refer to one another; any other file (a zip) before the manifest.
_RENAME_ORDER = ("orgs.csv", "academicSessions.csv", "courses.csv", "users.csv", "classes.csv", "demographics.csv")
_LAST = ("enrollments.csv", "manifest.csv")


def _rename_rank(path: str) -> tuple[int, str]:
    name = path.rsplit("/", 1)[-1]
    if name in _RENAME_ORDER:
        return _RENAME_ORDER.index(name), name
    if name in _LAST:
        return len(_RENAME_ORDER) + 1 + _LAST.index(name), name
    return len(_RENAME_ORDER), name


def _prefer_known_key_types(transport: paramiko.Transport, known: list[str]) -> None:
    """Ask the server for a key type known_hosts holds, as OpenSSH does (a server with
    several host keys would otherwise show one that is merely not listed)."""
    wanted = [name for kind in known for name in (_SIGNATURES.get(kind) or (kind,))]
    options = transport.get_security_options()
    offered = list(options.key_types)
    first = [name for name in wanted if name in offered]
    if first:
        options.key_types = tuple(dict.fromkeys([*first, *offered]))


_SIGNATURES = {"ssh-rsa": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")}


def _check_host_key(
    key: paramiko.PKey, target: SftpTarget, hosts: known_hosts_file.KnownHosts, trust_new_host_key: bool
) -> None:
    """Before any credential is sent: the server must show a key known_hosts holds."""
    kind, blob, file = key.get_name(), key.asbytes(), hosts.path
    verdict = hosts.verdict(target.host, target.port, blob)
    if verdict is known_hosts_file.Verdict.KNOWN:
        return
    if verdict is known_hosts_file.Verdict.REVOKED:
        raise DeliveryError(
            f"the host key of {target.host} ({kind} {key.fingerprint}) is marked @revoked in {file}; not connecting"
        )
    name = known_hosts_file.host_name(target.host, target.port)
    if verdict is known_hosts_file.Verdict.CHANGED:
        raise DeliveryError(
            f"the host key of {name} is not the one in {file} ({_held_keys(hosts.lines(name))}; "
            f"it shows {kind} {key.fingerprint})"
        )
    if trust_new_host_key:
        try:
            known_hosts_file.append(file, target.host, target.port, kind, blob)
        except OSError as exc:  # the job's own file, not the network: said, not retried (tester47 F3)
            raise DeliveryError(
                f"cannot add the host key of {target.host} ({kind} {key.fingerprint}) to {file} "
                f"(--trust-new-host-key): {exc.strerror or exc}; not connecting"
            ) from None
        hosts.entries.append(
            known_hosts_file.Entry(0, "", known_hosts_file.host_name(target.host, target.port), kind, blob)
        )  # a retry finds it known
        return
    authorities = hosts.authorities(target.host, target.port)
    if authorities:
        lines = ", ".join(str(n) for n in authorities)
        raise DeliveryError(
            f"{target.host} is trusted only through @cert-authority ({file} line {lines}), "
            "and host certificates are not checked by this tool; add its host key line "
            "(ssh-keyscan), or run once with --trust-new-host-key"
        )
    raise DeliveryError(
        f"{_looked_for(target, hosts, kind)} (it shows {kind} {key.fingerprint}); check its key, "
        "then run once with --trust-new-host-key"
    )


def _looked_for(target: SftpTarget, hosts: known_hosts_file.KnownHosts, kind: str) -> str:
    """Which line form was looked for: `[host]:port` off port 22, and there, as OpenSSH does, a
    line for the bare host name (port 22's) holding the server's key (tester47 F6)."""
    name, file = known_hosts_file.host_name(target.host, target.port), hosts.path
    if target.port == 22:
        return f"{name} is not in {file}"
    bare = hosts.lines(target.host)
    if not bare:
        return f"no line of {file} is for {name} (nor for {target.host} with the key it shows)"
    return (
        f"no line of {file} is for {name}, and its {_held_keys(bare)} for {target.host} (port 22): a line "
        f"without a port counts on port {target.port} only when it holds the key the server shows"
    )


def _held_keys(entries: list[known_hosts_file.Entry]) -> str:
    """'line 1 holds another ssh-ed25519 key', or 'lines 1, 4 hold ... keys' (the types they hold)."""
    types = " and ".join(dict.fromkeys(entry.key_type for entry in entries))
    if len(entries) == 1:
        return f"line {entries[0].line} holds another {types} key"
    return f"lines {', '.join(str(entry.line) for entry in entries)} hold other {types} keys"


def _authenticate(transport: paramiko.Transport, user: str, creds: Credentials) -> None:
    """The key first when there is one, then the password (also as keyboard-interactive,
    which is how servers with PAM ask for it)."""
    import paramiko

    if creds.key is not None:
        try:
            transport.auth_publickey(user, creds.key)
            return
        except paramiko.AuthenticationException:
            if creds.password is None:
                raise
    password = creds.password or ""
    try:
        transport.auth_password(user, password)
    except paramiko.BadAuthenticationType as exc:
        if "keyboard-interactive" not in exc.allowed_types:
            raise
        transport.auth_interactive(user, lambda _title, _instructions, prompts: [password for _ in prompts])
