"""Where a run is, for a person watching a terminal: the stage, rows read in it (only ever
more), a percentage where the exports' sizes say how many to expect, and the time since the
start. No display here: `show` gets each new state (render.progress draws it)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# The stages in flow order: the small exports and the join indexes, people, classes,
# enrolments, the checks across files, writing (and the safety gate, publishing).
STAGES = ("read", "users", "classes", "enrolments", "checks", "write")


@dataclass(frozen=True, slots=True)
class ProgressState:
    stage: str
    step: int  # 1-based position of the stage in STAGES
    rows: int  # rows read in this stage so far
    total: int | None  # rows the stage is expected to read; None when unknown
    file: str  # the export being read, "" when none
    elapsed: float  # seconds since the run started

    @property
    def percent(self) -> int | None:
        """Never 100 before the stage ends: the sizes are estimates."""
        if not self.total:
            return None
        return min(99, self.rows * 100 // self.total)


class Progress:
    """Turns the reader's "rows so far of this pass of this file" into a state per stage that
    only moves forward: a file read again (students for guardians, then for users) adds to
    the stage's rows instead of starting over, and a stage never goes back to an earlier one."""

    def __init__(self, show: Callable[[ProgressState], None], *, clock: Callable[[], float] = time.monotonic) -> None:
        self._show = show
        self._clock = clock
        self._started = clock()
        self._step = 0
        self._rows = 0
        self._total: int | None = None
        self._files: frozenset[str] = frozenset()
        self._seen: dict[str, int] = {}  # file -> rows its current pass has reported

    def stage(self, name: str, total: int | None = None, files: Iterable[str] = ()) -> None:
        """A stage begins: `total` rows expected from `files` (the rows of other files, read
        by a second process, say, do not count). An earlier or the same stage is ignored."""
        step = STAGES.index(name) + 1
        if step <= self._step:
            return
        self._step, self._rows, self._total = step, 0, total or None
        self._files, self._seen = frozenset(files), {}
        self._say("")

    def rows(self, file: str, rows: int) -> None:
        """The reader's callback: `rows` read so far in this pass of `file`."""
        if not self._step or file not in self._files:
            return
        before = self._seen.get(file, 0)
        self._rows += rows - before if rows >= before else rows  # fewer: the file is read again
        self._seen[file] = rows
        self._say(file)

    def tick(self) -> None:
        """Say the state again (the elapsed time moves on while a stage reads nothing)."""
        if self._step:
            self._say("")

    def _say(self, file: str) -> None:
        self._show(
            ProgressState(
                STAGES[self._step - 1], self._step, self._rows, self._total, file, self._clock() - self._started
            )
        )
