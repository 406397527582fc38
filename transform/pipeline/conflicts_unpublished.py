"""People whose two records of one ID kept neither (V537), that no published set held.

A student or staff member on two rows of one ID with different data (another grade, another
first name) is left out as two people sharing an ID (V537): the tool cannot tell which row is
right. When the last published set held her, her removal is said (X981, exit 1: Remind deletes
her). But on a first set, or for a person the last set never held (a new student), nothing is
removed, and she was left out at exit 0: a district's first set published without some of its
students, named only among the warnings (reviewer121). Said here (X851, summary.TO_CHECK:
published, but exit 1), naming them, each night the export has them: the SIS's record is to be
fixed before the person is in Remind at all. Parents and guardians are not named: their IDs are
judged by the guardians gates (X969), and one the profile makes is refused (X879).

Held: the IDs of the people left out so (few); the last set's users.csv is read only when any.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from transform.oneroster.spec import GUARDIAN_ROLES
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import set_files

NAMED = 5  # the people named in the message; the count says the rest


def _published(last_set: Path | None, keys: set[str]) -> set[str] | None:
    """Those of `keys` the last published set's users.csv holds (none on a first set); None when
    there is a last set but its users.csv is gone (OUT emptied, X973): it cannot be told. Read as
    every written set is (set_files): a users.csv hand-saved with a byte order mark holds its people."""
    if last_set is None:
        return set()
    users = last_set / "users.csv"
    if not users.is_file():
        return None
    return {key for (key,) in set_files.columns(users, "sourcedId", errors="replace")} & keys


# What the message says of Remind: known (the last set's users.csv read, or a first set), or not.
_NOT_IN_REMIND = "they are not in Remind until the SIS holds one record per ID"
_UNTOLD = (
    "whether Remind has them from an earlier set cannot be told (the last published set's users.csv is not "
    "in OUT to look them up); tonight's set leaves them out until the SIS holds one record per ID"
)


def _named(key: str, where: Where, values: Mapping[str, str]) -> str:
    """A person as the message names her: ID, role and the row (no name: --redact keeps IDs and lines)."""
    return f"{key!r} ({values.get('role', '')}, {where.file} line {where.line})"


def say(report: Report, last_set: Path | None, left_out: Mapping[str, tuple[Where, dict[str, str]]]) -> None:
    """X851 for the students and staff of `left_out` (ID -> the V537's place, the record taken
    out) that the last published set does not hold."""
    people = {k: v for k, v in left_out.items() if v[1].get("role", "") not in GUARDIAN_ROLES}
    if not people:
        return
    held = _published(last_set, set(people))
    unpublished = sorted(k for k in people if held is None or k not in held)
    if not unpublished:
        return
    named = ", ".join(_named(key, *people[key]) for key in unpublished[:NAMED])
    more = len(unpublished) - NAMED
    report.add(
        codes.code("conflicting-people-unpublished"),
        people[unpublished[0]][0],
        count=len(unpublished),
        people="1 student or staff member is" if len(unpublished) == 1 else f"{len(unpublished)} students or staff are",
        remind=_NOT_IN_REMIND if held is not None else _UNTOLD,
        set="this first set" if last_set is None else "tonight's set",
        named=named + (f" and {more} more" if more > 0 else ""),
    )
