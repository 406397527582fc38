"""rosterkit-transform: raw SIS roster exports in, a valid OneRoster 1.1 (Remind) CSV set out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transform.api import RunOptions, RunResult, run

__all__ = ["RunOptions", "RunResult", "run"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`transform.run` and the rest load the library on first use: `transform --version` and
    `--help` import this package without paying for the pipeline (docs/architecture.md, Start-up)."""
    if name in __all__:
        from transform import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
