"""Parents given their own child's phone, sms or email by the profile (V630, tester86 T5).

A guardians rule whose `sms:` reads the pupil's mobile ('Pupil Mobile' on the contacts rows, or the
students' own column on their rows) gives every parent the child's number: published at exit 0 with
V510 and V551 alone. One family sharing a phone with a child is honest (a home phone); most parents
(at least AT_LEAST, over half of those with the field) holding exactly a number a student they are
linked to holds, read from a column the students' own value is read from or whose header names the
student, is the mapping: refused, naming the columns. The column is needed for the refusal: a home
phone on the student's row and the mother's (family_names' honest case) is the same value, read
from two columns of the household's. family_names (X864) then counts no shared phone as a name.
review191: a same-named column is the student's only on the student's own row (OneRoster's parent
rows hold the parent's own phone); a column whose header names no one ('Phone') may be the family's:
asked once (P131), not refused every night; a child's Cell given to every mother of a small school
(all of at least 3) is refused too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from transform.profile.compile import Plan
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from . import child_reads
from .gate import VALUES_ASKED, asked_key, columns_of
from .read import SourceFile

KEY = VALUES_ASKED  # last.json: P131's values asked, the parents' columns asked once among them

AT_LEAST = 10  # parents holding their child's value: fewer are families sharing a phone
NAMED_AT_LEAST = 3  # from a column of strong evidence: 1 or 2 may be one family sharing a number (asked once)
POINTS = ("sms", "phone", "email")


@dataclass(frozen=True)
class Found:
    field: str
    count: int
    total: int
    example: str


def judge(
    users: Path,
    field: str,
    *,
    named: bool = False,
    taken: frozenset[str] | None = None,
    rows: Mapping[str, set[str]] | None = None,
) -> Found | None:
    """Parents and guardians of a written users.csv holding exactly a linked student's `field`: at least
    AT_LEAST and over half of those with one; from a column whose header names the student or one person's
    mobile read on the student's row (`named`), any one (the profile is the proof: review194 R2), counting
    only the students whose row gave the parents' value from that column (`taken`, a fallback's: the rows
    whose student the set publishes, a withdrawn pupil's left out: review198 R2). `rows`: each published
    student's value on their own row of the export as the parents' column cleans it (child_reads.row_values),
    beside the one users.csv publishes, which may be none (tester89 T2)."""
    if not users.is_file():
        return None
    students: dict[str, set[str]] = {}
    published: set[tuple[str, str]] = set()  # (student, value) users.csv writes
    guardians: list[tuple[str, str, str]] = []
    names = ("sourcedId", "role", "agentSourcedIds", field, "givenName", "familyName")
    for sourced_id, role, agents, value, given, family in columns_of(users, *names):
        if role == "student":
            held = {value.casefold()} if value else set()
            published |= {(sourced_id, v) for v in held}
            held |= (rows or {}).get(sourced_id.strip().casefold(), set())
            if held:
                students[sourced_id] = held
        elif role in ("parent", "guardian", "relative") and value:
            guardians.append((" ".join(filter(None, (given, family))) or sourced_id, agents, value.casefold()))
    if taken is not None:
        students = {s: v for s, v in students.items() if s.strip().casefold() in taken}
    holding = [
        (g, kids, value) for g, agents, value in guardians for kids in [_holders(agents, value, students)] if kids
    ]
    most = len(holding) >= AT_LEAST and len(holding) * 2 > len(guardians)
    if not (most or (named and holding)):
        return None
    guardian, kid, value = holding[0]
    example = f"the first: {guardian!r}, a parent of student {kid}, holds the student's"
    if (kid, value) not in published:  # seen on the student's row of an export only (review208 R4)
        example += f" as the export gives it (users.csv publishes no such {field} for the student)"
    return Found(field, len(holding), len(guardians), example)


def _holders(agents: str, value: str, students: dict[str, set[str]]) -> str:
    return next((s for s in _split(agents) if value in students.get(s, ())), "")


def _split(agents: str) -> Iterator[str]:
    return (a.strip() for a in agents.split(",") if a.strip())


def check(
    plan: Plan,
    staged: Path,
    report: Report,
    *,
    allow_incomplete: bool,
    asked: frozenset[str] = frozenset(),
    sources: Mapping[str, SourceFile] | None = None,
) -> frozenset[str]:
    """V630 for each of sms, phone and email the parents hold a linked child's of, read from a column whose
    header names the student or one person's mobile on the student's row; the fields so found (family_names
    then counts no shared phone as a name). One whose only evidence is the column (its header naming neither
    the student nor the home: 'Phone', 'Contact Phone') may be the family's: asked once (P131, published,
    exit 1), not refused, sms too (review194 R6); `asked`: last.json's hashes."""
    said: set[str] = set()
    rules = plan.rules.get("users", ())
    for field in POINTS:
        suspect = child_reads.student_columns(plan, field)
        if not suspect.columns or (field == "email" and report.examples.get("V574")):
            continue  # an email: V574 says the student's own address, and repairs it
        exports = dict(sources or {})
        taken = child_reads.taken_from(suspect.reads, exports, rules, plan) if suspect.named else None
        doubt: dict[str, set[str]] = {}
        rows = child_reads.row_values(suspect.reads, exports, plan, doubt)
        # a link-only header naming no one (review220 R2): any parent holding the child's value is asked
        named = suspect.named or bool(suspect.reads)
        found = judge(staged / "users.csv", field, named=named, taken=taken, rows=rows)
        unsure = False
        if found is None and doubt:  # a contacts-row value nothing tells the child's or not: asked (review216 R2)
            merged = {k: rows.get(k, set()) | doubt.get(k, set()) for k in {*rows, *doubt}}
            found = judge(staged / "users.csv", field, named=named, taken=taken, rows=merged)
            unsure = found is not None
        most = child_reads.takers(suspect.reads, exports, plan) if found is not None and suspect.named else None
        if found is not None and most is not None and found.count > most:  # review202 R7
            found = replace(found, count=most) if most else None
        if found is None:
            continue
        said.add(field)
        column = ", ".join(repr(c) for c in suspect.columns)
        if not suspect.named or found.count < NAMED_AT_LEAST or unsure:
            _ask(report, found, column, suspect, asked)
        elif allow_incomplete:
            detail = f"{found.count} of {found.total} parents hold a linked student's own {field}"
            report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        else:
            params = {"count": found.count, "total": found.total, "field": field, "example": found.example}
            params["held"] = "email address" if field == "email" else "phone number"  # an sms is the child's phone
            params["step"] = _step(suspect, column, field)
            report.add(codes.code("guardian-points-of-students"), Where(), **params, column=column, why=suspect.why)
    return frozenset(said)


def _step(suspect: child_reads.Suspect, column: str, field: str) -> str:
    """V630's next step: a column read as a fallback (`[Mother_Home_Phone, Cell]`) comes out of the parents'
    chain (stopping the students reading it would switch the check off and keep the mistake: review198 R3)."""
    if any(read.earlier for read in suspect.reads):
        return (
            f"take {column} out of the parents' {field} column list (or its fallback:) in the guardians rule "
            f"(tables.users), so a "
            f"parent without their own {field} has none rather than the child's"
        )
    if suspect.reads and all(child_reads.on_contacts_row(read) for read in suspect.reads):  # review208 R4
        return (
            f"read the parents' own {field} column in the guardians rule, not {column}, the student's value on each "
            "contact's row"
        )
    if not suspect.shared:  # no students' rule reads it: the child's own, whatever the family's (tester89 T2)
        return f"read the parents' own {field} column in the guardians rule, not {column} of the student's row"
    return (
        f"read the parents' own {field} column in the guardians rule, or, if {column} holds the family's {field}, "
        f"not the student's own, stop reading the students' {field} from it"
    )


def _fix(suspect: child_reads.Suspect, column: str, field: str, own: str) -> str:
    """P131's way out. A header naming the student ('studentCellPhone') says first the likely reading: the
    child's own number, given to the parents (review220 R3: an admin reading only "nothing to do" published
    the child's cell for good)."""
    if any(child_reads.STUDENT_NAMED.search(child_reads.words(read.ref.column)) for read in suspect.reads):
        return (
            f"A column named for the student, as {column} is, usually holds the child's own {field}: the parents "
            f"would get the child's. If so, {own} and rerun. Only if it holds the family's {field} (the "
            "household's), nothing to do: not asked again."
        )
    return (
        f"If {column} holds the family's {field} (the household's), nothing to do: not asked again. If it "
        f"holds the student's own, {own} and rerun."
    )


def _ask(report: Report, found: Found, column: str, suspect: child_reads.Suspect, asked: frozenset[str]) -> None:
    """P131 for a parents' value read from the column the students' own is read from, on the student's row,
    its header naming no one: the family's phone on both, or the child's own; or from a column of strong
    evidence (a header naming the student, a Cell) that only 1 or 2 parents took (one family sharing a number:
    review198 R4). Asked once: keyed on the export, the column and the field (review194 R5)."""
    keys = [asked_key(s, c, found.field) for s, c in suspect.places]
    own = (
        _step(suspect, column, found.field)
        if any(read.earlier for read in suspect.reads)
        else f"read the parents' own {found.field} column in the profile (tables.users: the guardians rule)"
    )
    report.facts[KEY] = sorted({*report.facts.get(KEY, ()), *keys})
    new = not set(keys) <= asked
    field = found.field
    report.add(
        codes.code("profile-reading-asked"),
        Where(),
        rule="users: the parents'",
        condition=f"{field} read from {column}",
        finding=(
            f"is{suspect.why.lstrip(',')}: {found.count} of "
            f"the {found.total} parents with a {field} hold exactly a linked student's ({found.example}); "
            "published as read"
        ),
        asked="first seen tonight." if new else "asked on an earlier night: not asked again.",
        fix=_fix(suspect, column, field, own),
        new="yes" if new else "",
    )
