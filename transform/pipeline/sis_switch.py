"""A district that changed SIS since its last published set (tester83 T1): the last set's
profile named one settings.source_system (PowerSchool), tonight's another (Infinite Campus).
Every ID the new SIS writes may be new, and the refusals that follow (X955, X906, X984, X949)
would otherwise each say their own cause first (a spreadsheet, a broken export) and end on
--allow-rollover, which has Remind delete and re-create everyone. The fact kept here
(facts "sis_changed") lets the next step say the SIS change first and the way that keeps the
IDs (docs/identity.md, 'Changing SIS or ID columns'); report.summary words it.

Only a source_system the profiles name is compared, kept in last.json (KEY) with the set: the
manifest's source.systemName falls back to the profile's name, and a home-made profile renamed
changed no SIS (reviewer183 R2). A set published before it was kept is compared with nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from transform.pipeline import gate
from transform.report.problem import TransformAbort
from transform.report.report import Report

FACT = "sis_changed"
KEY = "source_system"  # last.json's: the source_system the published set's profile named


def named(settings: Mapping[str, Any]) -> str:
    """The source_system a profile's settings name (its own or one it extends), "" when none."""
    system = settings.get(KEY)
    return system.strip() if isinstance(system, str) else ""


def recorded(state: Mapping[str, Any], previous: Path | None) -> str:
    """The source_system the last published set's last.json kept: OUT's `state`, or the state
    folder's of the set `previous` (--previous) names; "" when none was kept or it cannot be read."""
    if previous is not None:
        try:
            state = gate.read_record(gate.state_folder(previous) / "last.json")
        except TransformAbort:
            return ""
    system = state.get(KEY)
    return system.strip() if isinstance(system, str) else ""


def note(report: Report, *, before: str, now: str) -> None:
    """Keep "before -> now" in the report's facts when both profiles named a SIS and the names
    differ (case and spaces aside: a profile edit that writes 'Powerschool' changed no SIS)."""
    if before and now and before.casefold().replace(" ", "") != now.casefold().replace(" ", ""):
        report.facts[FACT] = {"before": before, "now": now}
