"""The safety gate for students left with no parent at all: a guardians export missing whole families.

A contacts export that lacks every row of some students (a filtered or partly failed SIS job: rows
gone from the middle of the file, which X884's cut at a line's end cannot tell), or student rows
whose parent columns came blank, removes those students' parents and leaves the students
published with no parent. The removals are under the limits (20 students of 400 lost 21 parents:
4.6 % of the parents, 2.4 % of the users) and the set was published at exit 0 (tester69 F2). Real
families do not lose every guardian of many children in one night: a custody change takes one
parent (the other stays), a family re-keyed keeps its links under the new ID, and a senior who
graduates leaves with her parents (she is no longer published, so not counted here).

So the students of the last published set who had a parent or guardian linked, published again
tonight with none, are counted. At least AT_LEAST of them and SHARE or more of the last set's
linked students still published (a family or two of a small school is a night's news, not an
export's loss), or MANY whatever the share (a large district's filtered export of one school),
and the night is refused (X805, exit 1, the last set kept), naming the export parents are read
from, how many and the first few. --allow-incomplete publishes it anyway (said, X918), as it does
an export cut short (X884): the option a person gives for rows they know are gone. Not said after
--allow-rollover (a new school year's links are the new year's), nor when the night is refused
already for the guardians it lost (X884, X953, F446, X936, X810 say where they went). When the
run left guardians rows out or unlinked (V515, F409, V582), the message says so beside "missing",
and the step is to look at the rows, not only to export the file again.

Held: the last set's linked students as 64-bit hashes (compact.IdSet), and tonight's students who
have no link, by ID (a few on an ordinary night). Each users.csv is read once, columns only.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from transform.pipeline.compact import IdSet
from transform.pipeline.gate import Change, columns_of
from transform.pipeline.guardian_tails import guardian_exports
from transform.pipeline.read import SourceFile
from transform.pipeline.school_counts import PARENT_ROLES
from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 10  # as people_gate.LOST_AT_LEAST's students and parents: fewer is a night's news
SHARE = 1.0  # percent of the last set's students with a guardian, still published tonight
MANY = 25  # as X810's: that many students left without a parent is no family's news, whatever the share
EXAMPLES = 5
# The night refused already for the guardians it lost, by a code that says where they went.
SAID_BY = ("X884", "X953", "F446", "X936", "X810")
COLUMNS = ("sourcedId", "role", "agentSourcedIds", "givenName", "familyName")


def _links(row: tuple[str, ...]) -> list[str]:
    return [s.strip() for s in row[2].split(",") if s.strip()]


def _linked(users: Path) -> IdSet:
    """The students of a written users.csv linked to a parent or guardian, by either side's links."""
    linked = IdSet()
    for row in columns_of(users, *COLUMNS):
        if row[1] in PARENT_ROLES:
            for student in _links(row):
                linked.add(student)
        elif row[1] == "student" and row[2]:
            linked.add(row[0])
    return linked


def _orphans(then: IdSet, staged: Path) -> tuple[list[tuple[str, str]], int]:
    """Tonight's students linked in the last set and to nobody tonight (ID and name), and how many
    of the last set's linked students tonight publishes."""
    tonight = IdSet()
    unlinked: list[tuple[str, str]] = []
    kept = 0
    for row in columns_of(staged / "users.csv", *COLUMNS):
        if row[1] in PARENT_ROLES:
            for student in _links(row):
                tonight.add(student)
        elif row[1] == "student" and row[0] in then:
            kept += 1
            if row[2]:
                tonight.add(row[0])
            else:
                unlinked.append((row[0], " ".join(n for n in row[3:5] if n)))
    return [(sid, name) for sid, name in unlinked if sid not in tonight], kept


# The codes a guardians row is left out or unlinked by though the export holds it (reviewer69 R3):
# no usable contact point, a relationship the profile leaves out, a student ID no export lists.
LEFT_OUT = (
    ("V515", "contacts with no usable email, phone or sms"),
    ("F409", "rows of a relationship the profile leaves out"),
    ("V582", "rows naming a student no export lists"),
)
EXPORT_AGAIN = "export it again whole"
FAILED = "(a filtered or partly failed export)"


def _lost(plan: Plan, sources: Mapping[str, SourceFile], report: Report) -> tuple[str, str]:
    """What the message says their families' rows became, naming the export parents are read from,
    and the step for it: rows the run left out or could not link tonight are said by their codes,
    since re-exporting a file that holds them changes nothing."""
    # the exports read tonight: an optional contacts export the profile names and the district lacks is none
    rules = [rule for rule in plan.rules.get("users", ()) if rule.guardian is not None and rule.source in sources]
    contacts = guardian_exports(plan)
    names = ", ".join(sorted({sources[r.source].display for r in rules}))
    if not rules:
        return f"their parents are missing from the exports {FAILED}", EXPORT_AGAIN
    if not all(r.source in contacts for r in rules):
        return f"the parent columns of their rows in {names} are blank or missing tonight {FAILED}", EXPORT_AGAIN
    found = [f"{cid}: {report.counts[cid]} {what}" for cid, what in LEFT_OUT if report.counts.get(cid)]
    if not found:
        return f"every row of their families is missing from the guardians export {names} {FAILED}", EXPORT_AGAIN
    return (
        f"their families' rows are missing from the guardians export {names} {FAILED}, or there but left out or not "
        f"linked tonight ({'; '.join(found)})",
        f"find their rows in {names}: correct them in the SIS (or the profile's rule) if they are there, "
        f"{EXPORT_AGAIN} if they are gone",
    )


def check(
    report: Report,
    plan: Plan,
    sources: Mapping[str, SourceFile],
    previous: Path,
    staged: Path,
    users: Change | None,
    *,
    allow_incomplete: bool,
    allow_rollover: bool,
) -> None:
    """X805 when the students the last set linked to a parent and tonight's publishes linked to none
    are at least AT_LEAST and SHARE % of those still published, or MANY (the module's doc)."""
    if users is None or not (users.changed or users.removed) or allow_rollover:
        return
    if any(report.counts.get(code) for code in SAID_BY):
        return
    if not (previous / "users.csv").is_file() or not (staged / "users.csv").is_file():
        return
    orphans, kept = _orphans(_linked(previous / "users.csv"), staged)
    share = 100.0 * len(orphans) / kept if kept else 0.0
    if len(orphans) < MANY and (len(orphans) < AT_LEAST or share < SHARE):
        return
    lost, fix = _lost(plan, sources, report)
    shown = orphans[:EXAMPLES]
    more = f" and {len(orphans) - len(shown)} more" if len(orphans) > len(shown) else ""
    people = "; ".join(f"{sid} ({name or 'no name'})" for sid, name in shown) + more
    if allow_incomplete:
        detail = f"{len(orphans)} students of the last set published with no parent or guardian ({lost})"
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        return
    report.add(
        codes.code("students-left-without-guardians"),
        Where(table="users"),
        count=len(orphans),
        linked=kept,
        percent=f"{share:.1f}",
        lost=lost,
        fix=fix,
        people=people,
        people_redacted="; ".join(f"{sid} (<redacted>)" for sid, _ in shown) + more,
    )
