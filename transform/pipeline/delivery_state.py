"""What reached the SFTP server, remembered apart from what was published.

A night whose upload fails still publishes locally; if the state only knew "published", the
next night would report "+0 -0" against a set Remind never received and the 90-day clock
would run from a publish nobody saw. So the state folder also holds `delivered.json` (when the
last delivery succeeded, and since when published sets have waited) and `delivered/`, hard
links to the files of the last set that arrived, to count tonight's changes from.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

from transform.pipeline.gate import OVERDUE_DAYS, damaged, days_since, read_record, state_folder
from transform.pipeline.write import write_whole
from transform.report import codes
from transform.report.problem import TransformAbort, Where
from transform.report.report import Report

RECORD = "delivered.json"
# X930 says to move a damaged record aside: for this one, the next run then compares with OUT.
_ASIDE = (
    "; before moving it aside, look at what the server holds: the run then compares with OUT, "
    "which may never have reached it"
)
COPY = "delivered"


def read(out_dir: Path) -> dict[str, Any]:
    """The delivery record; {} before the first upload. One that exists but cannot be read (cut
    off by a full disk, a copy stopped part way), or that says a set waits while the copy of the
    last delivered one is gone, stops the run as a damaged last.json does (X930): read as "never
    delivered", tonight's changes would count from the set in OUT, which the server never
    received, and the safety gate would let through what the server would lose (tester10 3)."""
    path = state_folder(out_dir) / RECORD
    try:
        data = read_record(path)
    except TransformAbort as abort:
        for problem in abort.problems:
            problem.params["detail"] = f"{problem.params.get('detail', '')}{_ASIDE}"
        raise
    copy = state_folder(out_dir) / COPY
    if data.get("pending_since") and data.get("delivered_at") and not copy.is_dir():
        gone = f"it says a set waits to be delivered, but {copy}, the copy of the last one delivered, is gone"
        raise damaged(path, gone + _ASIDE)
    return data


def mark_pending(out_dir: Path, *, target: str, now: dt.datetime) -> None:
    """Before a set that is to be uploaded replaces OUT: until its upload is recorded, it waits.
    A run killed between the swap and the end of its upload (a reboot, the scheduler's timeout)
    then leaves the next night comparing with the delivered set, not with OUT (tester10 1)."""
    record_failed(out_dir, target=target, now=now)


def last_delivered_set(out_dir: Path, record: dict[str, Any]) -> Path | None:
    """The files Remind holds, when a published set has not reached it since."""
    copy = state_folder(out_dir) / COPY
    return copy if record.get("pending_since") and record.get("delivered_at") and copy.is_dir() else None


def check(record: dict[str, Any], report: Report, *, now: dt.datetime) -> None:
    """Say that sets wait to be delivered, and warn from day 80 after the last delivery."""
    pending, delivered = record.get("pending_since"), record.get("delivered_at")
    target = record.get("target", "the server")
    if pending:
        compared = f"the last delivery, {delivered}" if delivered else "the last published set (none was delivered)"
        report.add(codes.code("delivery-pending"), Where(), since=pending, target=target, compared_with=compared)
    since = delivered or pending
    days = days_since(since, now)
    if days is not None and days > OVERDUE_DAYS:
        report.add(codes.code("delivery-overdue"), Where(), target=target, days=days, since=since)


def record_delivered(out_dir: Path, *, target: str, now: dt.datetime) -> None:
    """The published set arrived: remember when, and keep its files (hard links, no copy)."""
    folder = state_folder(out_dir)
    fresh, copy = folder / f"{COPY}.new", folder / COPY
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    for path in sorted(out_dir.glob("*.csv")):
        _link(path, fresh / path.name)
    shutil.rmtree(copy, ignore_errors=True)
    fresh.rename(copy)
    # The as-of date of the set delivered (OUT's, which last.json records): a paused night names it (F422).
    try:
        as_of = read_record(state_folder(out_dir) / "last.json").get("as_of")
    except TransformAbort:
        as_of = None
    _write(
        out_dir,
        {"delivered_at": _stamp(now), "target": target, **({"as_of": as_of} if isinstance(as_of, str) else {})},
    )


def record_failed(out_dir: Path, *, target: str, now: dt.datetime) -> None:
    """Tonight's set did not arrive: the oldest waiting publish is kept, for the clock."""
    record = read(out_dir)
    record["pending_since"] = record.get("pending_since") or _stamp(now)
    record["target"] = target
    _write(out_dir, record)


def _link(source: Path, target: Path) -> None:
    """A published file is never changed in place (a publish swaps whole folders): a hard link
    holds last night's bytes for free; a copy where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _write(out_dir: Path, record: dict[str, Any]) -> None:
    folder = state_folder(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    write_whole(folder / RECORD, json.dumps(record, indent=2, sort_keys=True) + "\n")


def _stamp(now: dt.datetime) -> str:
    return now.isoformat(timespec="seconds")
