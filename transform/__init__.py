"""rosterkit-transform: raw SIS roster exports in, a valid OneRoster 1.1 (Remind) CSV set out."""

from transform.api import RunOptions, RunResult, run

__all__ = ["RunOptions", "RunResult", "run"]
__version__ = "0.1.0"
