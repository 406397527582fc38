"""An export cut short at a line's end, told by its last lines against the last published set's.

A copy that stops, or a SIS job killed while it writes, can cut a file exactly at the end of a
line: every row left is whole, so nothing in the file says it is short. A cut in the middle of a
row is found by its cells (a short last row); one at a line's end is not. Where another export
still names the people the cut took (roles, enrolments naming a user the users export lacks), X882
says it; an enrolments export (PowerSchool's cc.txt) is named by no other: the enrolments of its
last lines were removed at exit 0, under the removal limits (tester50's question, fix-cut50).

What tells: the last lines. The last published set records the hashes of each export's last
TAIL_LINES lines (last.json `tails`). Tonight's export that ends with a line that was not the
last one then, none of the lines after which then is anywhere in it tonight, stopped where it
once went on, at least CUT_AT_LEAST lines short: cut (X884, exit 1; --allow-incomplete publishes it
anyway). Said of the exports only enrolment rules read (`enrolment_exports`). An export whose
new rows come after the old ones ends with a new line; one re-sorted holds the lines elsewhere;
one whose last rows changed (a date filled in) ends with a changed line: none is said.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .read import SourceFile

TAIL_LINES = 32  # the last lines of each export recorded
# Fewer lines gone from the end may be the last row or two deleted in the SIS (a schedule row
# dropped on the day it was entered, which PowerSchool deletes): not said.
CUT_AT_LEAST = 3
_TAIL_BYTES = 1 << 16  # read from the end of a file for them (lines longer than ~2 KB: fewer lines)


def _digest(line: bytes) -> str:
    return hashlib.blake2b(line, digest_size=8).hexdigest()


def _lines(data: bytes) -> list[bytes]:
    return [line.rstrip(b"\r") for line in data.split(b"\n") if line.strip()]


def tail(path: Path) -> list[str]:
    """The hashes of the file's last TAIL_LINES non-blank lines, in order ([] when unreadable)."""
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            handle.seek(max(0, size - _TAIL_BYTES))
            data = handle.read()
    except OSError:
        return []
    lines = _lines(data)
    if size > _TAIL_BYTES and lines:
        lines = lines[1:]  # the first may be a part of a line
    return [_digest(line) for line in lines[-TAIL_LINES:]]


def enrolment_exports(plan: Plan) -> set[str]:
    """The sources only enrolment rules read (PowerSchool's cc.txt, Campus's roster.csv): no other
    export names their records. A people export cut short is X882's, where the enrolments or roles
    name the people it lacks; its last rows deleted (people who left, listed last) are removals
    the gate weighs."""
    enrolments = {rule.source for rule in plan.rules.get("enrollments", ())}
    others = {
        source
        for table, rules in plan.rules.items()
        if table != "enrollments"
        for rule in rules
        for source in (rule.source, *(join.source for join in rule.joins.values()))
    }
    return enrolments - others


def record(sources: Iterable[SourceFile]) -> dict[str, list[str]]:
    """For last.json: each export's last lines, by its name as the report says it."""
    return {source.display: found for source in sources if (found := tail(source.path))}


def _anywhere(path: Path, wanted: set[str]) -> bool:
    """Whether any line of the file hashes to one of `wanted`."""
    try:
        with path.open("rb") as handle:
            return any(_digest(line.rstrip(b"\r\n")) in wanted for line in handle if line.strip())
    except OSError:
        return True  # unreadable now: not said here


def check(report: Report, state: Mapping[str, Any], sources: Iterable[SourceFile]) -> None:
    """X884 for each export that ends, tonight, at a line the last published set's had lines after,
    none of which is in it tonight. A first night (no `tails` recorded) says nothing."""
    before = state.get("tails")
    if not isinstance(before, dict):
        return
    for source in sources:
        then = before.get(source.display)
        if not isinstance(then, list) or len(then) < 2:
            continue
        now = tail(source.path)
        if not now or now[-1] not in then:
            continue
        at = len(then) - 1 - then[::-1].index(now[-1])
        after = [str(h) for h in then[at + 1 :]]
        if len(after) < CUT_AT_LEAST or _anywhere(source.path, set(after)):
            continue
        report.add(
            codes.code("export-tail-cut"),
            Where(file=source.display),
            file=source.display,
            lines=len(after),
            published_at=str(state.get("published_at") or "the last published set"),
        )
