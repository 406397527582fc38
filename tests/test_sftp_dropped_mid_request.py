"""A connection dropped while a file is written is a drop, retried, not the server's refusal
(tester34 F3). paramiko raises OSError('Socket is closed') on the closed channel a moment before
its transport says it is no longer active; the run took that moment's error for an answer of the
server's ("the server said 'Socket is closed'; not retried") and paged a person for a blip the
next attempt would have delivered. These pin the decision itself; the SFTP tests against a real
OpenSSH server cover refusals and retries end to end."""

from __future__ import annotations

import threading
import time

import pytest

from transform.pipeline.deliver import RemoteRefused, _answered


class Transport:
    """The one thing `_answered` asks of a paramiko Transport: whether it is still active,
    which turns False `after` seconds from now (None: never)."""

    def __init__(self, after: float | None) -> None:
        self.ends = None if after is None else time.monotonic() + after

    def is_active(self) -> bool:
        return self.ends is None or time.monotonic() < self.ends


def fails(error: OSError):  # type: ignore[no-untyped-def]
    def request() -> None:
        raise error

    return request


def test_a_lost_channel_is_a_drop_even_while_the_transport_still_looks_active() -> None:
    with pytest.raises(OSError, match="Socket is closed") as raised:
        _answered(Transport(None), "write x", "/in", fails(OSError("Socket is closed")), wait=0.2)  # type: ignore[arg-type]
    assert not isinstance(raised.value, RemoteRefused)


def test_an_error_followed_by_the_connection_ending_is_a_drop() -> None:
    with pytest.raises(OSError) as raised:
        _answered(Transport(0.2), "write x", "/in", fails(OSError("EOF during negotiation")), wait=1.0)  # type: ignore[arg-type]
    assert not isinstance(raised.value, RemoteRefused)


def test_an_error_the_server_answered_on_a_live_session_is_a_refusal() -> None:
    with pytest.raises(RemoteRefused, match="the server said 'Failure'"):
        _answered(Transport(None), "write x", "/in", fails(OSError("Failure")), wait=0.2)  # type: ignore[arg-type]


def test_a_request_that_succeeds_asks_nothing_more() -> None:
    done = threading.Event()
    _answered(Transport(None), "write x", "/in", done.set)  # type: ignore[arg-type]
    assert done.is_set()
