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

from collections.abc import Mapping
from dataclasses import dataclass

from transform.pipeline.family_names import CHANCE_TIMES, MOST_SHARE, NOISE, name_words
from transform.pipeline.read import SourceFile, iter_rows
from transform.pipeline.rows import SourceRow
from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields, normalize_column
from transform.report.report import Report

_NONE: tuple[frozenset[str], str, str] = (frozenset(), "", "")
SAMPLE = 5000  # links judged at most: the first found only as another student's other ID
AT_LEAST = 10  # fewer links judged say too little: the counts decide


def refs(column: ColumnPlan | None) -> list[FieldRef]:
    """The cells of the row's own export a column reads, in order."""
    if column is None:
        return []
    return [p for p in fields((*column.first_of, *column.parts)) if p.alias is None]


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
    if not sample or not (theirs := _contact_names(contacts, guardians, {key for key, _ in sample})[0]):
        return None
    kids = _student_names(export, students, (column,), {link for _, link in sample}).get(column, {})
    pairs = [(theirs[key], kids[link][0]) for key, link in sample if theirs.get(key) and kids.get(link, _NONE)[0]]
    if not pairs:
        return None
    half = len(pairs) // 2  # the contact of a link far down the sample: another family's, as a rule
    chance = sum(1 for n, (_, kid) in enumerate(pairs) if kid & pairs[(n + half) % len(pairs)][0])
    return Names(len(pairs), sum(1 for parent, kid in pairs if parent & kid), chance)


def _contact_names(
    contacts: SourceFile, guardians: RulePlan, wanted: set[str], links: tuple[str, str] = ("", "")
) -> tuple[dict[str, frozenset[str]], dict[str, set[str]]]:
    """The name words of the `wanted` contacts ({} where the guardians export gives no names), and
    where `links` names the link column (as written) and its separator, each one's links."""
    given, family = _named(guardians, "givenName"), _named(guardians, "familyName")
    theirs: dict[str, frozenset[str]] = {}
    linked: dict[str, set[str]] = {}
    if not (given or family):
        return theirs, linked
    contact = contact_cells(guardians)
    at = contacts.index.get(normalize_column(links[0])) if links[0] else None
    for row in iter_rows(contacts, Report(max_examples=0), first_pass=False):
        key = contact_key(row, contact)
        if key not in wanted:
            continue
        if values := _links(row, at, links[1]):
            linked.setdefault(key, set()).update(values)
        if key not in theirs and (words := name_words(first_cell(row, given), first_cell(row, family))):
            theirs[key] = words
    return theirs, linked


def _student_names(
    export: SourceFile, students: RulePlan, columns: tuple[str, ...], links: set[str], home: tuple[FieldRef, ...] = ()
) -> dict[str, dict[str, tuple[frozenset[str], str, str]]]:
    """Per column (as written): the family name words, the first column's value and the household
    (the `home` cells, "" where blank) of the students whose value there is one of `links` ({} where
    the students export gives no family names)."""
    family = _named(students, "familyName")
    places = [(c, at) for c in columns if (at := export.index.get(normalize_column(c))) is not None]
    kids: dict[str, dict[str, tuple[frozenset[str], str, str]]] = {c: {} for c, _ in places}
    if not family or not places:
        return {}
    first = places[0][1]
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        for column, at in places:
            value = row.cells[at].strip() if at < len(row.cells) else ""
            if value in links and value not in kids[column]:
                own = row.cells[first].strip() if first < len(row.cells) else ""
                kids[column][value] = (name_words(first_cell(row, family)), own, _household(row, home))
    return kids


def _household(row: SourceRow, home: tuple[FieldRef, ...]) -> str:
    cells = [row.get(ref.key).strip() for ref in home]
    return "\x1f".join(cells) if any(cells) else ""


def household_cells(plan: Plan, students: RulePlan) -> tuple[FieldRef, ...]:
    """The students export's cells the profile groups a family's guardians by (the household of a
    guardians rule reading that export: PowerSchool's Family_Ident); none where it names none."""
    rules = [r for r in plan.rules.get("users", ()) if r.guardian is not None and r.source == students.source]
    return tuple(ref for r in rules if r.guardian for ref in fields(r.guardian.household) if ref.alias is None)


@dataclass(frozen=True, slots=True)
class Readings:
    """Links that are one student's linked ID and another's `column` (twofold), judged by name:
    the contacts sharing a name with the student of one reading and not with the other's."""

    count: int  # twofold links judged (names on the three sides)
    by_other: int  # sharing a name with the student whose other ID the link is, not the linked one's
    by_linked: int  # the reverse
    apart: int  # sharing no name with the linked reading's student (a step-parent, or linked by the other)
    apart_by_chance: int  # of those, sharing one with the other reading's student of a link far down
    linked_by_chance: int  # of all, sharing one with the linked reading's student of a link far down
    example: tuple[int, str]  # (line, link) of the first link by_other

    def facts(self) -> dict[str, object]:
        return {
            "twofold_links": self.count,
            "twofold_other": self.by_other,
            "twofold_linked": self.by_linked,
            "twofold_apart": self.apart,
            "twofold_by_chance": self.apart_by_chance,
            "twofold_linked_by_chance": self.linked_by_chance,
            "twofold_example": list(self.example),
        }


@dataclass(frozen=True, slots=True)
class _Pair:
    """A twofold link judged: the contact's name words, the family name words of the student of each
    reading, where it is, and the other reading's student's linked ID."""

    parent: frozenset[str]
    mine: frozenset[str]  # the student whose linked ID the link is
    theirs: frozenset[str]  # the student whose other ID it is
    at: tuple[int, str]  # (line, link)
    kin: str  # the linked ID of the student whose other ID it is


def judge_twofold(
    sample: list[tuple[str, str, int, tuple[str, ...]]],
    sides: tuple[SourceFile, RulePlan, SourceFile, RulePlan],
    columns: tuple[str, str, tuple[str, ...]],
    separator: str,
    home: tuple[FieldRef, ...] = (),
) -> dict[str, Readings]:
    """The sampled twofold links (contact, link, line, the other columns it is found in) of the
    guardians export and rule, per other column: against the family names of the student whose
    linked column is the link and the one whose other column is; `columns`: the guardians export's
    link column, the students export's linked and other ones (as written); `home`: the students
    export's household cells (household_cells). Only links between strangers are judged: a link
    whose two students are one family's is her family's either way (_strangers, _records). One pass
    over each export, and one more over the contacts where the links judged so far say refuse.
    {} where either export gives no names."""
    contacts, guardians, export, students = sides
    link_column, linked, others = columns
    if not sample:
        return {}
    theirs, links_of = _contact_names(contacts, guardians, {s[0] for s in sample}, (link_column, separator))
    if not theirs:
        return {}
    kids = _student_names(export, students, (linked, *others), {s[1] for s in sample}, home)
    own = kids.get(linked, {})
    judged = {c: _strangers(sample, c, theirs, links_of, (own, kids.get(c, {}))) for c in others}
    judged = {column: pairs for column, pairs in judged.items() if pairs}
    if any(twofold_say(_readings(pairs).facts()) for pairs in judged.values()):
        records = _records(contacts, guardians, (link_column, separator), [p for ps in judged.values() for p in ps])
        judged = {column: [p for p in pairs if (p.parent, p.kin) not in records] for column, pairs in judged.items()}
    return {column: _readings(pairs) for column, pairs in judged.items() if pairs}


def _strangers(
    sample: list[tuple[str, str, int, tuple[str, ...]]],
    column: str,
    theirs: dict[str, frozenset[str]],
    links_of: dict[str, set[str]],
    kids: tuple[dict[str, tuple[frozenset[str], str, str]], dict[str, tuple[frozenset[str], str, str]]],
) -> list[_Pair]:
    """The twofold links of `column` named on the three sides, but those whose contact is linked to
    the other reading's student by her linked ID too (a blended family's siblings of consecutive
    numbers, one's ID the other's number: her child either way), and those whose two students are
    of one household (review95 F1: the same siblings, their mother's records one per child)."""
    own, other = kids
    pairs = []
    for key, link, line, found in sample:
        mine, kin = own.get(link, _NONE), other.get(link, _NONE)
        if column not in found or not theirs.get(key) or not mine[0] or not kin[0]:
            continue
        if kin[1] in links_of.get(key, ()) or (mine[2] and mine[2] == kin[2]):
            continue
        pairs.append(_Pair(theirs[key], mine[0], kin[0], (line, link), kin[1]))
    return pairs


def _records(
    contacts: SourceFile, guardians: RulePlan, links: tuple[str, str], pairs: list[_Pair]
) -> set[tuple[frozenset[str], str]]:
    """(name, student) of the `pairs` whose other reading's student is linked by her linked ID to a
    contact of the pair's contact's name: another record of the same person, her parent either way
    (PowerSchool's contacts as one record per child, or an export with no contact ID: each row a
    contact; review95 F1 where the students export gives no household)."""
    wanted: dict[str, set[frozenset[str]]] = {}
    for pair in pairs:
        wanted.setdefault(pair.kin, set()).add(pair.parent)
    names = set().union(*wanted.values())
    given, family = _named(guardians, "givenName"), _named(guardians, "familyName")
    contact, at = contact_cells(guardians), contacts.index.get(normalize_column(links[0]))
    named: dict[str, frozenset[str]] = {}
    linking: dict[str, set[str]] = {}
    for row in iter_rows(contacts, Report(max_examples=0), first_pass=False):
        key = contact_key(row, contact)
        if key not in named and (words := name_words(first_cell(row, given), first_cell(row, family))) in names:
            named[key] = words
        for value in _links(row, at, links[1]):
            if value in wanted:
                linking.setdefault(key, set()).add(value)
    found = ((named.get(key), value) for key, values in linking.items() for value in values)
    return {(name, value) for name, value in found if name and name in wanted[value]}


def _links(row: SourceRow, at: int | None, separator: str) -> list[str]:
    """The students a row of the guardians export links (its link cell at `at`, split)."""
    cell = row.cells[at].strip() if at is not None and at < len(row.cells) else ""
    return [c.strip() for c in (cell.split(separator) if separator else (cell,)) if c.strip()]


def _readings(pairs: list[_Pair]) -> Readings:
    """The pairs judged: who shares a name with whom, and by chance."""
    half = len(pairs) // 2  # the students of a link far down the sample: another family's, as a rule
    far = [pairs[(n + half) % len(pairs)] for n in range(len(pairs))]
    by_other = [p.at for p in pairs if p.parent & p.theirs and not p.parent & p.mine]
    apart = [(n, p.parent) for n, p in enumerate(pairs) if not p.parent & p.mine]
    return Readings(
        len(pairs),
        len(by_other),
        sum(1 for p in pairs if p.parent & p.mine and not p.parent & p.theirs),
        len(apart),
        sum(1 for n, parent in apart if parent & far[n].theirs),
        sum(1 for n, p in enumerate(pairs) if p.parent & far[n].mine),
        by_other[0] if by_other else (0, ""),
    )


def twofold_say(facts: Mapping[str, object]) -> bool:
    """Whether the twofold links' contacts are the families of the students whose other ID the
    links are, for a share of them: of the contacts sharing no name with the student the profile
    links them to (step-parents of honest families, and those linked by the other ID), those sharing
    one with the other reading's student AT_LEAST times and over twice the chance (plus NOISE). An
    honest district's step-parents share a name with the other reading's student by chance only."""
    found, apart = _number(facts, "twofold_other"), _number(facts, "twofold_apart")
    chance = _number(facts, "twofold_by_chance")
    return found >= AT_LEAST and found > CHANCE_TIMES * chance + NOISE * apart


def twofold_mixed(facts: Mapping[str, object]) -> bool:
    """Whether the twofold links' contacts are also the families of their linked students, far over
    the chance: the export keys some contacts by one column and others by the other."""
    found, count = _number(facts, "twofold_linked"), _number(facts, "twofold_links")
    return found >= AT_LEAST and found > CHANCE_TIMES * _number(facts, "twofold_linked_by_chance") + NOISE * count


def _number(facts: Mapping[str, object], name: str) -> int:
    return int(str(facts.get(name, 0)))


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
