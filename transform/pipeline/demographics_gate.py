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

A student both sets give a birth date whose birth date changed: at least 3 such students and more
than 5 % of those compared refuse the night (X878) when most of them swap the day and the month (a
students export re-saved on a day-first PC, tester69 P3: a swap changes the ~36 % of dates whose day
is 12 or less) or when they are more than 20 % (another field or date format read as the birth
date); a few corrections publish as before (review137 R2: 3 honest corrections among 59 students
were 5.1 %). --allow-rollover publishes it, said (X849) on any night, a new school year's too: no
calendar explains a birth date changed (review137 R1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


# Birth dates changed: at least this many, and more than this share (percent) of the students the last
# set and tonight's both give a birth date, refuse the night (X878) when most of them are day/month swaps
# (a day-first spreadsheet swaps the ~36 % of dates whose day is 12 or less: 12/30.4 x 11/12), or when they
# are more than MANY_SHARE percent (another field or date format changes most dates). Corrections in the
# SIS come a few at a time and rarely as swaps: 3 among 59 students (5.1 %) publish (review137 R2).
CHANGED_AT_LEAST = 3
CHANGED_SHARE = 5.0
MANY_SHARE = 20.0
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class DatesChanged:
    """The students whose birth date differs tonight: (sourcedId, last set's, tonight's), sorted;
    how many the two sets both give one; how many of the changes swap the day and the month."""

    changed: list[tuple[str, str, str]]
    compared: int
    swapped: int


def _ymd(text: str) -> tuple[int, ...] | None:
    """A written birthDate (YYYY/MM/DD, YYYY-MM-DD or Remind's MM/DD/YYYY) as (year, month, day)."""
    parts = _DIGITS.findall(text)
    if len(parts) != 3:
        return None
    year, month, day = parts if len(parts[0]) == 4 else (parts[2], parts[0], parts[1])
    return int(year), int(month), int(day)


def _swapped(then: tuple[int, ...] | None, now: tuple[int, ...] | None) -> bool:
    return then is not None and now is not None and then[0] == now[0] and then[1:] == now[:0:-1]


def birth_dates_changed(previous: Path, staged: Path, demographics: Change) -> DatesChanged:
    """The students of both sets whose birth date changed. Read only when the comparison found enough
    demographics records changed; a student new tonight, or with no birth date on either night (X989's),
    is not compared."""
    if demographics.changed < CHANGED_AT_LEAST:
        return DatesChanged([], 0, 0)
    had = {
        sourced_id: born.strip()
        for sourced_id, born in columns_of(previous / "demographics.csv", "sourcedId", "birthDate")
        if born.strip()
    }
    compared, changed = 0, []
    for sourced_id, born in columns_of(staged / "demographics.csv", "sourcedId", "birthDate"):
        then, now = had.get(sourced_id), born.strip()
        if then is None or not now:
            continue
        compared += 1
        read_then, read_now = _ymd(then), _ymd(now)
        if (read_then != read_now) if read_then and read_now else then != now:
            changed.append((sourced_id, then, now, _swapped(read_then, read_now)))
    if len(changed) >= CHANGED_AT_LEAST:
        others = _other_people(previous, staged, {row[0] for row in changed})
        changed = [row for row in changed if row[0] not in others]
    swapped = sum(row[3] for row in changed)
    return DatesChanged(sorted(row[:3] for row in changed), compared, swapped)


def _other_people(previous: Path, staged: Path, ids: set[str]) -> set[str]:
    """Of `ids`, those whose users.csv names another person tonight (given and family name both
    changed): an ID given to another student, whose birth date is that student's (X938 and the
    reassignment gates judge it), not a date re-read."""
    names: dict[str, tuple[str, str]] = {}
    for path in (previous, staged):
        if not (path / "users.csv").is_file():
            return set()
    for sourced_id, given, family in columns_of(previous / "users.csv", "sourcedId", "givenName", "familyName"):
        if sourced_id in ids:
            names[sourced_id] = (given.strip().casefold(), family.strip().casefold())
    others = set()
    for sourced_id, given, family in columns_of(staged / "users.csv", "sourcedId", "givenName", "familyName"):
        then = names.get(sourced_id)
        if then is not None and then[0] != given.strip().casefold() and then[1] != family.strip().casefold():
            others.add(sourced_id)
    return others


def gate_birth_dates_changed(night: Night, *, demographics: Change) -> None:
    """Refuse (X878) a set in which at least CHANGED_AT_LEAST and more than CHANGED_SHARE percent of
    the students the last published set gave a birth date have another one tonight, most of them day/month
    swaps or more than MANY_SHARE percent (`refuses`): a birth date does not change; many changing in
    one night is the export's date format (a students export re-saved by a spreadsheet set to day-first
    dates: the day and month swapped wherever both are 12 or less). With --allow-rollover (the flag of
    the other values a district changes in numbers on purpose, X989's birth dates, X856's grades) it is
    published, said (X849, summary.TO_CHECK: exit 1 on any night, a new school year's too, whose
    calendar explains no birth date; F454 names it on the other nights), so a flag left in the nightly
    job never publishes it at exit 0."""
    previous, staged, report = night.previous, night.staged, night.report
    allow_rollover, since = night.allow_rollover, night.since
    if not (previous / "demographics.csv").is_file() or any(c in report.counts for c in EXPORT_REFUSED):
        return
    found = birth_dates_changed(previous, staged, demographics)
    if not refuses(found):
        return
    count = len(found.changed)
    shown = found.changed[:EXAMPLES]
    more = f" and {count - EXAMPLES:,} more" if count > EXAMPLES else ""
    said = codes.code("birth-dates-changed-allowed" if allow_rollover else "birth-dates-changed")
    report.add(
        said,
        Where(file="demographics.csv", column="birthDate"),
        changed=count,
        compared=found.compared,
        percent=round(count * 100 / found.compared, 1),
        people=", ".join(f"{sid} {then} -> {now}" for sid, then, now in shown) + more,
        people_redacted=", ".join(sid for sid, _, _ in shown) + more,
        cause=_cause(found),
        since=since,
    )


def refuses(found: DatesChanged) -> bool:
    """Whether the birth dates changed tonight are the export's, not corrections (the constants' comment)."""
    count = len(found.changed)
    if count < CHANGED_AT_LEAST or count * 100 <= CHANGED_SHARE * found.compared:
        return False
    return found.swapped * 2 > count or count * 100 > MANY_SHARE * found.compared


def _cause(found: DatesChanged) -> str:
    """Why so many: what the changes are, and that corrections made in the SIS cannot be told from them."""
    if found.swapped * 2 > len(found.changed):
        return (
            f"on {found.swapped} of them the day and the month are swapped: most likely the export's dates are "
            "written in another order tonight (a students export re-saved by a spreadsheet set to day-first dates, "
            "or an export template's date format changed), unless the SIS corrected that many swapped dates at once"
        )
    return (
        "birth dates are corrected in the SIS a few at a time, and this many in one night is most likely the "
        "export's birth-date column holding another field or another date format tonight, unless the SIS "
        "corrected that many at once"
    )
