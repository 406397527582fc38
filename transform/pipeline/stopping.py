"""A run stopped by SIGTERM (systemd's stop, a scheduler's timeout) ends as Ctrl-C does.

With Python's default, SIGTERM ended the process at once: exit 143, no --report, an empty JSON
log line, although publishing was never left half-way (tester10 item 12). While a run lasts,
SIGTERM is raised in the main process as `Terminated`, a KeyboardInterrupt, so that both stop
the same way: what is staged is discarded (a swap already made stands, and what follows it is
caught up by the next run), the report and the JSON line say so (X967), exit 1. A second signal
while the run is stopping is ignored: the report is being written. A forked worker
(pipeline.overlap) keeps the default: it dies, as it always did.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from transform import starting


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the main process is."""


def stopped_early() -> None:
    """Stop the run (Terminated) when a SIGTERM came while the command line was starting up."""
    if starting.EARLY:
        starting.EARLY.clear()
        raise Terminated


@contextlib.contextmanager
def stoppable() -> Iterator[None]:
    """SIGTERM raises Terminated in the main thread of this process for the time of the block."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner, raised = os.getpid(), list[int]()

    def on_term(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked worker: the default, it dies
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        if raised:  # already stopping
            return
        raised.append(signum)
        raise Terminated

    before = signal.signal(signal.SIGTERM, on_term)
    if starting.EARLY:  # said by the run's first step (`stopped_early`), not here: no report yet
        raised.append(starting.EARLY[0])
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def signal_name(stop: KeyboardInterrupt) -> str:
    return "SIGTERM" if isinstance(stop, Terminated) else "SIGINT (Ctrl-C)"
