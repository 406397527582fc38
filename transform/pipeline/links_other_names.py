"""Whose family a contact linked only by another student's other ID is of (X817's second look).

The counts alone cannot tell links by the wrong ID column from honest links to students no export
lists (review89 R1): with a students export of active students only and ID and DCID near the
Student_Numbers at two offsets, almost every honest link is a student's own number AND another
student's ID (neither for nor against), a current student's number escapes both other series only at
the edges, and the links of withdrawn children's contacts fall on current students' IDs: 72 links
"only another student's DCID" beside 6 "only a Student_Number", and a district with right contacts
refused with no flag past it.

The names tell them apart, as X864 judges a written set (pipeline.family_names): a contact linked
by the wrong column is the parent of the student whose other ID the link is, and shares a name with
her (the family name, one of two, a father's given name) on most links; an honest link to an
unlisted student falls on a random student's ID, and shares a name with her no more often than a
contact and a student picked at random (the chance: each link's student beside the contact of a
link far down the sample). A sample of such links is read (the contacts' names, then the names of
the students they fall on): only links matching their students' names well above the chance, and
as often as X864 calls a set's links a family's, are links by the other column. An export whose
contacts carry no names, or too few such links, is judged by the counts alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from transform.pipeline.family_names import CHANCE_TIMES, MOST_SHARE, NOISE, name_words
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.rows import SourceRow
from transform.profile.compile import ColumnPlan, RulePlan
from transform.profile.templates import FieldRef, normalize_column
from transform.report.report import Report

SAMPLE = 5000  # links judged at most: the first found only as another student's other ID
AT_LEAST = 10  # fewer links judged say too little: the counts decide


def refs(column: ColumnPlan | None) -> list[FieldRef]:
    """The cells of the row's own export a column reads, in order."""
    if column is None:
        return []
    return [p for p in (*column.first_of, *column.parts) if isinstance(p, FieldRef) and p.alias is None]


def first_cell(row: SourceRow, cells: list[FieldRef]) -> str:
    for ref in cells:
        at = row.index.get(ref.key)
        if at is not None and at < len(row.cells) and row.cells[at].strip():
            return row.cells[at].strip()
    return ""


def _named(rule: RulePlan, name: str) -> list[FieldRef]:
    return refs(next((c for c in rule.columns if c.name == name), None))


def contact_cells(rule: RulePlan) -> list[FieldRef]:
    """The guardians rule's contact ID cells (none: each row is a contact of its own)."""
    return refs(rule.guardian.contact) if rule.guardian else []


def contact_key(row: SourceRow, contact: list[FieldRef]) -> str:
    """The contact a row is of: its contact ID, or its line where the export gives none."""
    return first_cell(row, contact) or f"#{row.line}"


@dataclass(frozen=True, slots=True)
class Names:
    """Links judged by name: how many, how many share a name with their student, and by chance."""

    count: int
    shared: int
    by_chance: int

    def facts(self) -> dict[str, int]:
        return {"named_links": self.count, "named_shared": self.shared, "named_by_chance": self.by_chance}


def judge(
    sample: list[tuple[str, str]],
    contacts: SourceFile,
    guardians: RulePlan,
    export: SourceFile,
    students: RulePlan,
    column: str,
) -> Names | None:
    """The sampled links (contact, link) against the family names of the students whose `column`
    (as written) the link is; None where either export gives no names."""
    given, family = _named(guardians, "givenName"), _named(guardians, "familyName")
    student_family = _named(students, "familyName")
    at = export.index.get(normalize_column(column))
    if not (given or family) or not student_family or at is None or not sample:
        return None
    wanted = {key for key, _ in sample}
    theirs: dict[str, frozenset[str]] = {}
    contact = contact_cells(guardians)
    for row in iter_rows(contacts, Report(max_examples=0), first_pass=False):
        key = contact_key(row, contact)
        if (
            key in wanted
            and key not in theirs
            and (words := name_words(first_cell(row, given), first_cell(row, family)))
        ):
            theirs[key] = words
    links = {link for _, link in sample}
    kids: dict[str, frozenset[str]] = {}
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        value = row.cells[at].strip() if at < len(row.cells) else ""
        if value in links and value not in kids:
            kids[value] = name_words(first_cell(row, student_family))
    pairs = [(theirs[key], kids[link]) for key, link in sample if theirs.get(key) and kids.get(link)]
    if not pairs:
        return None
    half = len(pairs) // 2  # the contact of a link far down the sample: another family's, as a rule
    chance = sum(1 for n, (_, kid) in enumerate(pairs) if kid & pairs[(n + half) % len(pairs)][0])
    return Names(len(pairs), sum(1 for parent, kid in pairs if parent & kid), chance)


def names_say(facts: dict[str, object]) -> bool:
    """Whether the links found only as another student's other ID are that student's family's (or
    the names could not tell): sharing a name with her as often as X864 calls links a family's
    (MOST_SHARE) and above twice the chance."""
    count = int(str(facts.get("named_links", 0)))
    if count < AT_LEAST:
        return True
    share = int(str(facts.get("named_shared", 0))) / count
    chance = int(str(facts.get("named_by_chance", 0))) / count
    return share >= MOST_SHARE and share > CHANCE_TIMES * chance + NOISE
