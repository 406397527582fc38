"""The safety gate for birth dates: students who stay published but lose theirs.

Remind's article makes a student's birthDate "data required": it reads demographics.csv to
create student accounts. The whole-file limits count users, classes and enrolments, and a
demographics export cut to part of its rows (the job died at 70 %, one school's rows missing)
removes birth dates while every student stays in users.csv: nothing was refused, and 30 % of
the students were published with no birth date (fixer inputs, stop 40). An optional export
lost whole, empty or under half is said before this (X991, X910, X907).

A student of the last published set who had a birth date, is published tonight, and has no
birth date tonight (no demographics record, or a blank birthDate) lost it: a birth date is not
taken back in a real SIS. When such students are more than the users' removal limit (percent of
the last set's students with a birth date), the run is refused (X989); --allow-rollover
publishes it, said (X992).
"""

from __future__ import annotations

from pathlib import Path

from transform.pipeline.gate import EXPORT_REFUSED, Change, Night, columns_of
from transform.report import codes
from transform.report.problem import Where

EXAMPLES = 3


def birth_dates_lost(previous: Path, staged: Path, demographics: Change, *, limit: float) -> tuple[list[str], int]:
    """(the students who lost their birth date, sorted; the students of the last set who had
    one). Read only when enough demographics records were removed or changed to pass the limit."""
    if (len(demographics.removed) + demographics.changed) * 100 <= limit * demographics.previous:
        return [], 0
    had = {
        sourced_id
        for sourced_id, born in columns_of(previous / "demographics.csv", "sourcedId", "birthDate")
        if born.strip()
    }
    if not had:
        return [], 0
    has = {
        sourced_id
        for sourced_id, born in columns_of(staged / "demographics.csv", "sourcedId", "birthDate")
        if born.strip() and sourced_id in had
    }
    missing = had - has
    lost = sorted(
        sourced_id
        for sourced_id, role in columns_of(staged / "users.csv", "sourcedId", "role")
        if role == "student" and sourced_id in missing
    )
    return lost, len(had)


def gate_birth_dates(night: Night, *, demographics: Change, limit: float) -> None:
    """Refuse (X989) a set in which more than `limit` percent of the students who had a birth date
    in the last published set are published without one; with --allow-rollover, say it (X992)."""
    previous, staged, report = night.previous, night.staged, night.report
    allow_rollover, since = night.allow_rollover, night.since
    if not (previous / "demographics.csv").is_file() or any(c in report.counts for c in EXPORT_REFUSED):
        return
    lost, had = birth_dates_lost(previous, staged, demographics, limit=limit)
    if not lost or len(lost) * 100 <= limit * had:
        return
    first = ", ".join(lost[:EXAMPLES]) + (f" and {len(lost) - EXAMPLES:,} more" if len(lost) > EXAMPLES else "")
    params = {"lost": len(lost), "previous": had, "percent": round(len(lost) * 100 / had, 1), "first": first}
    if allow_rollover:
        report.add(codes.code("birth-dates-lost-allowed"), Where(file="demographics.csv"), **params)
    else:
        report.add(codes.code("birth-dates-lost"), Where(file="demographics.csv"), limit=limit, since=since, **params)
