"""The command line's first moments: a SIGTERM while Python loads the library is kept for the run
to stop with its report (pipeline.stopping), as one received later is. Here, outside the
pipeline, so that `transform --version` starts without loading it (tests/test_startup.py)."""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType

EARLY: list[int] = []  # a SIGTERM received while the command line was starting up


def arm_early() -> None:
    """From the command line's first import: a SIGTERM while Python loads the library (a second
    or more on a loaded machine) ended the run at once, -15 and no JSON line (tester64). It is
    kept, and the run stops at its start as for one received later (pipeline.stopping.stopped_early); a second
    one ends the process as before (a command that starts no run, stopped twice)."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return

    def on_term(signum: int, frame: FrameType | None) -> None:
        if EARLY:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGTERM)
            return
        EARLY.append(signum)

    signal.signal(signal.SIGTERM, on_term)
