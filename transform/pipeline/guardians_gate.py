"""The safety gate for the parents and guardians errors left out (X969), the first night too.

The other first-run limits count rows: an export's (X915), an output file's records (X961), one
kind's rows of a users export (X922). A parent is often no row of their own: Rediker's Mother and
Father columns are a student's row, which made the student and so is not lost when the father is
(a father group whose role went through the wrong map left out 225 of 468 parents, V507, at exit
0: tester38 F5); and an SDS relationships file is an optional export, which X915 does not judge (a
blank or unknown Role on every row, F424, published no parent: tester37 F3). So the parents and
guardians problems left out are counted as they are made (`Report.guardian_records`): a row or
column group naming one, whose link was dropped, or a person, once the rows naming them were
merged; and a guardian rule's rows whose join found no row (D300, which leaves its drop to the
record pointed to) that name a student of the set, as links lost to warnings (an eSchoolPLUS
REG_CONTACT missing six contacts of ten published two parents in five at exit 0, uncovered48; X891
says a file nearly all of whose rows miss). Against them and those published, more than the
removal limit lost to errors, or more than half to errors and warnings together, is refused, as
X915 holds an export's rows.

Left out on purpose, and not counted: emergency contacts, restrained or non-custodial ones, the
contacts of withdrawn students, a person with no phone or email (info-level drops, V515), and a
student whose parent columns are blank (no parent named). A person whose phone or email the export
gave but a cleaner could not read (a 7-digit local number, two addresses in a cell) is counted:
V573, a warning (tester63 F2: 75% of the parents left out at exit 0). Fewer than LOST_AT_LEAST lost never refuse (a
district with few guardians: two families' typos are not a broken profile).

Nor are the parents a role map's `unmapped: drop` leaves out (D303, or the map's own reason: F408
role-not-rostered), though a changed role vocabulary (Father written Dad) drops them so. The map
says which roles the district rosters, as a `where` condition does: a map of Mother, Father and
Guardian that drops Grandparent, Aunt and Sitter is what it is for, and in a contacts export the
roles left out may well be most rows, so a first night cannot tell a vocabulary that changed from
a district whose contacts are mostly relatives. What would be lost at exit 0 is held elsewhere:
a map that drops every parent leaves users.csv without any, refused by X951 (the map's drops
count there, Report.left_by_role_map, seen_values.all_left_out), the first night too; and on a
later night the parents the last set held and tonight's map drops are removals, held to the
removal limit (X906, X953). Left unheld: a first night on which the map drops some of the
parents, not all, as a `where` condition left too strict would
(tests/test_guardians_lost.py, the role map's tests).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from transform.pipeline import seen_values
from transform.pipeline.gate import WARNINGS_LIMIT, named
from transform.pipeline.school_counts import PARENT_ROLES
from transform.profile.compile import Plan
from transform.report import codes
from transform.report.codes import Severity
from transform.report.problem import Where
from transform.report.report import Report

JOIN_MISSING = codes.code("join-missing").id
LOST_AT_LEAST = 10  # as X968's parents without a student: fewer may be a family or two
# What is counted, as a message names it: people once merged, or links as they were read.
WHAT = {"people": "parents and guardians", "links": "links of a parent or guardian to a student"}


def check(
    plan: Plan,
    report: Report,
    *,
    limit: float,
    allow_incomplete: bool,
    previous: Path | None = None,
    judged: frozenset[str] = frozenset(),
) -> None:
    """Refuse (X969) a set for which errors left out more than `limit` percent of the parents and
    guardians the exports name, or of their links to students (errors and warnings: more than
    half, or `limit` when higher); with --allow-incomplete, publish and say so (X970). Not when
    the export most of them were lost from was refused already (`judged`: X915, X922, or X951 for
    the guardians' export), nor on a later night whose last published set (`previous`) held more
    parents and guardians than tonight's publishes: the comparison with it judges the loss (X953,
    X906)."""
    if not any(rule.guardian is not None for rule in plan.rules.get("users", ())):
        return
    left_out = report.left_out
    published = sum(count for (role, _), count in report.people.items() if role in PARENT_ROLES)
    lost_all = Counter({what: 0 for what in WHAT})
    for (what, _, _), count in left_out.guardians.items():
        lost_all[what] += count
    # Each in its own unit: the people against the people published, the links dropped as they
    # were read against the links read (a parent of two children is one person and two links).
    unjoined = _unjoined(report)
    named = {"people": lost_all["people"] + published, "links": lost_all["links"] + left_out.guardian_links}
    named["links"] += sum(unjoined.values())
    for warnings, cap in ((False, limit), (True, max(limit, WARNINGS_LIMIT))):
        for what in WHAT:
            lost = Counter(
                {
                    (file, cid): n
                    for (unit, file, cid), n in left_out.guardians.items()
                    if unit == what and (warnings or left_out.codes[cid].severity is Severity.ERROR)
                }
            )
            if warnings and what == "links":
                lost.update(unjoined)
            count, total = sum(lost.values()), named[what]
            if count < LOST_AT_LEAST or count * 100 <= cap * total:
                continue
            (file, cid), _ = min(lost.items(), key=lambda item: (-item[1], item[0]))
            if file in judged or _held_more(previous, published):
                return
            if cid == JOIN_MISSING and seen_values.unjoined_mostly(report, published):
                return  # hardly a parent published: the rows' IDs of another kind (X891)
            read = contacts_read(plan)
            _refuse(report, what, file, cid, warnings, count, total, cap, allow_incomplete=allow_incomplete, read=read)
            return


def _unjoined(report: Report) -> Counter[tuple[str, str]]:
    """The guardian rule's rows a join missed (D300) that name a student of the set, by file: a
    parent lost with the row (an eSchoolPLUS REG_CONTACT without a third of its contacts; a
    student's own row is not lost so), a link lost to a warning. Rows naming no student of the
    set (a Skyward guardian.csv's of withdrawn students, whom the join misses) are not counted,
    as F413's are not."""
    count = int(report.facts.get("guardian_rows_unjoined_kept", 0))
    if not count:
        return Counter()
    _, (file, line), _, _ = report.guardians_unjoined
    report.left_out.first_guardian.setdefault(("links", file, JOIN_MISSING), Where(file=file, line=line))
    return Counter({(file, JOIN_MISSING): count})


def _refuse(
    report: Report,
    what: str,
    file: str,
    cid: str,
    warnings: bool,
    count: int,
    total: int,
    limit: float,
    *,
    allow_incomplete: bool,
    read: str = "",
) -> None:
    top = report.left_out.codes[cid]
    params = {
        "kind": "errors and warnings" if warnings else "errors",
        "lost": count,
        "total": total,
        "what": WHAT[what],
        "percent": round(count * 100 / total, 1),
        "limit": limit,
        "file": file,
        "top": named(report, top, file),
    }
    where = report.left_out.first_guardian[what, file, cid]
    if allow_incomplete:
        report.add(codes.code("guardians-errors-allowed"), where, **params)
    else:  # its fix is the next step (report.summary.next_step)
        report.add(codes.code("guardians-errors-over-limit"), where, top_id=top.id, contact=read, **params)


def contacts_read(plan: Plan) -> str:
    """Where the guardians rules read each person's contact ID, as the profile writes it (X969's
    step names it: a student ID read as the contact's merges each family into one ID)."""
    said = [
        f"{rule.label} reads it from {', '.join(str(ref) for ref in rule.guardian.contact.first_of) or 'a template'}"
        for rule in plan.rules.get("users", ())
        if rule.guardian is not None and rule.guardian.contact is not None
    ]
    return "; ".join(said)


def _held_more(previous: Path | None, published: int) -> bool:
    """Whether the last published set held more parents and guardians than tonight's set
    publishes (read only when tonight's would be refused)."""
    users = previous / "users.csv" if previous is not None else None
    if users is None or not users.is_file():
        return False
    with users.open(encoding="utf-8-sig", newline="") as handle:
        return sum(row.get("role", "") in PARENT_ROLES for row in csv.DictReader(handle)) > published
