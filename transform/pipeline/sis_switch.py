"""A district that changed SIS since its last published set (tester83 T1): the last set's
manifest.csv names one source.systemName, tonight's another (PowerSchool, then Infinite Campus).
Every ID the new SIS writes may be new, and the refusals that follow (X955, X906, X984, X949)
would otherwise each say their own cause first (a spreadsheet, a broken export) and end on
--allow-rollover, which has Remind delete and re-create everyone. The fact kept here
(facts "sis_changed") lets the next step say the SIS change first and the way that keeps the
IDs (docs/identity.md, 'Changing SIS or ID columns'); report.summary words it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from transform.report.report import Report

FACT = "sis_changed"


def system_name(folder: Path) -> str:
    """The source.systemName a set's manifest.csv names, "" when it names none or cannot be read."""
    try:
        with (folder / "manifest.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                if len(row) >= 2 and row[0].strip() == "source.systemName":
                    return row[1].strip()
    except (OSError, UnicodeDecodeError, csv.Error):
        return ""
    return ""


def note(report: Report, *, previous: Path | None, staged: Path) -> None:
    """Keep "before -> now" in the report's facts when both sets name a SIS and the names differ
    (case and spaces aside: a profile edit that writes 'Powerschool' changed no SIS); `previous`:
    the last published set, None when there is none to compare with."""
    if previous is None:
        return
    before, now = system_name(previous), system_name(staged)
    if before and now and before.casefold().replace(" ", "") != now.casefold().replace(" ", ""):
        report.facts[FACT] = {"before": before, "now": now}
