"""Rows that name one enrolment more than once, settled once every row is read, in any row order.

One enrolment ID on rows that agree on the class, the user and the role and differ only in
primary, beginDate or endDate is one enrolment (V548): a schedule row written again with another
enter date (a drop and re-add), a co-teacher column that repeats the lead teacher (the teacher's
two enrolments of one section row). A user enrolled in one class under two enrolment IDs is one
enrolment too, published under the lowest of the IDs (V580). Either way the record written says
primary true if any row says so, the earliest beginDate and the latest endDate, a blank date
(open) if any row's is: whatever the rows' order, the same record (tester51 F2, F5, F10).
Rows of one ID that differ in anything else (another class, user or role) stay two enrolments
the tool cannot tell apart: neither is kept (V576, `Validator.settle_enrolments`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

# The columns rows of one enrolment may differ in, merged as the module says.
MERGED_COLUMNS = ("primary", "beginDate", "endDate")
# Never compared: the ID the rows share or the schools a run writes at the class's (V538).
_NOT_COMPARED = ("sourcedId", "schoolSourcedId")


def differing(ours: dict[str, str], theirs: dict[str, str], school_of: Callable[[dict[str, str]], str]) -> list[str]:
    """The columns two rows of one enrolment ID differ in, besides those merged: none for one
    enrolment. The school is compared where the run writes it (the class's school, V538)."""
    found = sorted(
        c
        for c in {*ours, *theirs}
        if c not in MERGED_COLUMNS and c not in _NOT_COMPARED and ours.get(c, "") != theirs.get(c, "")
    )
    if school_of(ours) != school_of(theirs):
        found.append("schoolSourcedId")
    return found


def merged(base: dict[str, str], rows: Iterable[dict[str, str]], primary_true: tuple[str, ...]) -> dict[str, str]:
    """`base` with primary, beginDate and endDate of all the `rows` (base among them), merged;
    `primary_true`: the values of primary that say true."""
    rows = list(rows)
    out = dict(base)
    if "primary" in out or any("primary" in r for r in rows):
        primaries = [r.get("primary", "") for r in rows]
        true = next((p for p in primaries if p in primary_true), "")
        out["primary"] = true or max(primaries)  # "false" over a blank
    begins = [r.get("beginDate", "") for r in rows]
    if "beginDate" in out or any(begins):
        out["beginDate"] = "" if not all(begins) else min(begins)
    ends = [r.get("endDate", "") for r in rows]
    if "endDate" in out or any(ends):
        out["endDate"] = "" if not all(ends) else max(ends)
    return out


def what_differs(rows: Iterable[dict[str, str]]) -> str:
    """The merged columns the rows differ in, with their values: "beginDate '2026-08-13', '2026-08-20'"."""
    rows = list(rows)
    parts = []
    for column in MERGED_COLUMNS:
        values = sorted({r.get(column, "") for r in rows})
        if len(values) > 1:
            parts.append(f"{column} {', '.join(repr(v) for v in values)}")
    return "; ".join(parts) or "the school, written at the class's (V538)"
