"""Where OUT's state folder is (`.<out>.transform` beside it): no more than that, so the command line's
first checks (preflight) know it without loading the gate, half a second a kill could fall in before
the run's report says it began (reviewer182 R4)."""

from __future__ import annotations

from pathlib import Path


def state_folder(out_dir: Path) -> Path:
    """`.<out>.transform` beside the folder OUT names once links are followed: one published
    folder has one state folder (one lock, one identity map) whether a run names it through a
    link or by its real path (tester10 item 6)."""
    real = out_dir.resolve()
    if real == out_dir.absolute():  # no link on the way: the path as the command named it
        return named_state_folder(out_dir)
    return named_state_folder(real)


def named_state_folder(out_dir: Path) -> Path:
    """Where the state folder was before links were followed: beside OUT as named."""
    return out_dir.parent / f".{out_dir.name}.transform"
