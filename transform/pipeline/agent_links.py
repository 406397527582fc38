"""Parents and guardians whom no link reaches: a student's link written otherwise, and a first
set that would leave most of the export's parents out for lack of links.

OneRoster lets the student's row name her guardians (agentSourcedIds) and the guardian's row
name its students. An export writing the guardians' IDs in users.csv in one letter case (a
GUID, lower case from SQL Server) and in the students' agentSourcedIds in another (upper case
from .NET) linked no one: every parent was left out as linked to no student (F413, a note), each
student's link taken off (V575, a warning), and the set published at exit 0 without a parent
(tester59 F4). An export without any link column at all did the same. A student's link that names
a guardian of the set but for letter case or leading zeros is now said as such (V564, an error,
naming both spellings); and a first set that would leave out most of the export's parents and
guardians (at least AT_LEAST) for lack of links is refused (F446): a link named otherwise, a
guardian's own links to students written otherwise (V608), or no link on either side, whether
or not a few parents got through (words49: one family linked let a set of 40 unlinked parents
through). A parent named only by a student's row left out (withdrawn, of a school not rostered:
pipeline.left_schools) is a parent of a student not in the set, not counted. A later night is
said so too when tonight would publish fewer parents than the last set held (tester57 U2: a links
column renamed), beside the removal gate's X953. Links stay exact: which of two
spellings is the export's mistake is not the tool's to decide.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from transform.oneroster.spec import AGENT_ROLES as PARENT_ROLES
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import set_files
from .lookups import padded_twin

AT_LEAST = 3  # parents unlinked: fewer is a family's typo, not the export's links
UNLINKED = "guardians_unlinked"  # report.facts: kind -> count, and the first place ("at")
# report.facts: links lost to an ID written otherwise (V564) published with --allow-incomplete, which
# a person gave: no "Published, but" (report.summary reads the same key).
LINKS_LOST_ACCEPTED = "agent_links_lost_accepted"
# Why a parent left out for lack of links has none: a student names them otherwise (V564), their
# own links name students written otherwise (V608), or nothing links them either way.
KINDS = ("named_otherwise", "links_otherwise", "none")


def twin(agent: str, kept: Callable[[str], bool]) -> str:
    """The kept guardian that a student's link `agent`, naming none, names but for letter case
    or leading zeros ('C79D...' for 'c79d...', '0451' for '451'); "" when there is none."""
    for other in (agent.lower(), agent.upper()):
        if other != agent and kept(other):
            return other
    return padded_twin(agent, kept) or ""


def say_named_otherwise(
    report: Report, where: Where, student: str, agent: str, guardian: str, *, linked: bool = False
) -> None:
    """V564: the student's link is taken off, as a link to nobody is, but said as what it is; V568
    (a warning) when the guardian's own row makes the link all the same (`linked`)."""
    how = "letter case" if agent.lower() == guardian.lower() else "leading zeros"
    code = codes.code("agent-written-otherwise-linked") if linked else codes.code("agent-written-otherwise")
    report.add(code, where, id=student, value=agent, twin=guardian, how=how)


def note_unlinked(report: Report, kind: str, where: Where) -> None:
    """A parent or guardian left out for lack of links, by why (`KINDS`)."""
    said: dict[str, Any] = report.facts.setdefault(UNLINKED, {})
    said[kind] = said.get(kind, 0) + 1
    if "at" not in said:
        said["at"] = [where.file, where.line, where.record]


def unlinked(report: Report) -> int:
    """The parents and guardians left out tonight for lack of links (`KINDS`), not as parents of a
    student left out on purpose (withdrawn, of a school not rostered)."""
    said = report.facts.get(UNLINKED) or {}
    return sum(int(said.get(kind, 0)) for kind in KINDS)


def check(report: Report, *, previous: Path | None, allow_incomplete: bool) -> None:
    """F446 when the parents and guardians left out for lack of links are at least AT_LEAST and
    more than those published (those of no link either way count when none is published): on a
    first night, and on a later one when the last published set held more parents than tonight's
    would (tester57 U2: the links column renamed on night 2 was said only as parents removed, X953,
    and X906 took them for withdrawals). A later night whose last set had as few parents (a
    district that published without them) is not refused again for it."""
    if allow_incomplete and report.counts.get("V564"):  # a person accepted the links lost (report.summary)
        report.facts[LINKS_LOST_ACCEPTED] = True
    said = report.facts.get(UNLINKED)
    if not said:
        return
    published = sum(count for (role, _), count in report.people.items() if role in PARENT_ROLES)
    last = previous / "users.csv" if previous is not None else None
    if last is not None and last.is_file() and _parents_in(last) <= published:
        return
    # Parents named by students' rows left out (withdrawn, of a school not rostered: "of_left_out")
    # are no links missing; the others count whether or not some parents are published (a first
    # set leaving most of them out for lack of links is refused however many got through).
    unlinked = sum(said.get(kind, 0) for kind in KINDS)
    if unlinked < AT_LEAST or unlinked <= published:
        return
    file, line, record = said["at"]
    detail = f"{unlinked} parents and guardians of {file} link to no student ({_causes(said)})"
    if allow_incomplete:
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        return
    report.add(
        codes.code("guardians-links-missing"),
        Where(file, line, record=record),
        file=file,
        unlinked=unlinked,
        published=published,
        causes=_causes(said),
        example=record,
    )


def _parents_in(users: Path) -> int:
    """The parents and guardians of a published users.csv (read only on a night that left some
    out for lack of links; the gate's readers are the run's, above this stage)."""
    return sum(1 for (role,) in set_files.columns(users, "role", errors="replace") if role in PARENT_ROLES)


def _causes(said: dict[str, Any]) -> str:
    parts = []
    if said.get("named_otherwise"):
        parts.append(f"{said['named_otherwise']} named by students' links written otherwise (V564)")
    if said.get("links_otherwise"):
        parts.append(f"{said['links_otherwise']} whose own links name students written otherwise (V608)")
    if said.get("none"):
        parts.append(f"{said['none']} whose rows name no student and whom no student's row names")
    return "; ".join(parts)
