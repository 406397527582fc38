"""Classes of the last published set that lose their only owner tonight while she stays published.

After a good first set, a sections export naming some teachers by another ID series took the
teacher off 10 classes at exit 0 with nothing on stderr: 10 teacher enrolments are under any
removal limit, and the teachers stayed in users.csv (tester67 F2b). A teacher who leaves takes her
user with her (the removal gates judge it); a class given another teacher keeps an owner. A class
whose every owner (teacher, administrator) is gone from it tonight while one of them is still in
the set, and the class too, is a schedule that changed how it names its teacher, or a teacher
taken off with nobody given: Remind keeps the class with no owner, and nobody can message its
families. Said for a person to look at (V618, 'published, but', exit 1), once: the next night
compares with a set that already has the class without owner. Not against a set --previous names
(the same set every night: the same loss would be said every night, as X861 is not).
"""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path

from transform.oneroster.spec import CLASS_OWNER_ROLES
from transform.pipeline.gate import columns_of
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

EXAMPLES = 3


def check(
    report: Report,
    *,
    previous: Path | None,
    held: bool,
    staged: Path,
    users_only: bool,
    named_by_option: bool = False,
    read: tuple[dict[str, set[str]], Container[str]] | None = None,
) -> None:
    """V618 for the classes that lost every owner tonight, one of them still published. Not on a
    --users-only night (its classes are the last set's), nor without a last set held (`held`), nor
    against a set --previous names or after --allow-incomplete (`named_by_option`: the loss said
    every night, or accepted). `read`: each set's class -> owners, as teacher_gate read them."""
    if users_only or not held or named_by_option or previous is None or not (previous / "enrollments.csv").is_file():
        return
    if not (staged / "enrollments.csv").is_file() or not (staged / "users.csv").is_file():
        return
    owners, owned = read if read is not None else _owners(previous, staged)
    if not owners:
        return
    classes = (
        {c for (c,) in columns_of(staged / "classes.csv", "sourcedId")} if (staged / "classes.csv").is_file() else set()
    )
    wanted = {user for users in owners.values() for user in users}
    kept = {u for (u,) in columns_of(staged / "users.csv", "sourcedId") if u in wanted}
    lost = sorted(c for c, users in owners.items() if c in classes and c not in owned and users & kept)
    if not lost:
        return
    shown = [f"{c} (its teacher {sorted(owners[c] & kept)[0]!r} still published)" for c in lost[:EXAMPLES]]
    more = len(lost) - EXAMPLES
    report.add(
        codes.code("class-owner-lost"),
        Where(file="enrollments.csv", table="enrollments", record=lost[0]),
        count=len(lost),
        classes="class" if len(lost) == 1 else "classes",
        examples=", ".join(shown) + (f", {more} more" if more > 0 else ""),
    )


def _owners(previous: Path, staged: Path) -> tuple[dict[str, set[str]], Container[str]]:
    """The last set's class -> owners, and the classes with an owner tonight."""
    owners: dict[str, set[str]] = {}
    for class_id, user, role in columns_of(previous / "enrollments.csv", "classSourcedId", "userSourcedId", "role"):
        if role in CLASS_OWNER_ROLES:
            owners.setdefault(class_id, set()).add(user)
    owned = {
        c for c, role in columns_of(staged / "enrollments.csv", "classSourcedId", "role") if role in CLASS_OWNER_ROLES
    }
    return owners, owned
