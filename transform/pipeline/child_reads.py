"""Which columns a guardians rule reads the parents' phone, sms or email from that are the students' own (V630).

A column is the student's own when a students' rule reads its field from it on the student's own row: an
`each:` group (PowerSchool's Mother_ columns), a guardians rule linking by the students' ID column, or a join
to the students' export keyed on the student ID (Aeries' contacts joined as `student.Cell`: review194 R1).
A header naming the student ('Pupil Mobile'), or one person's mobile ('Cell') read so, is strong evidence:
every parent whose value is taken from it is given the child's (`taken_from`: a fallback `[Mother_Home_Phone,
Cell]` gives it only to the mothers without their own, counted by the column the value actually came from).
A header's words are split at a change of letter case too ('studentCellPhone': student, Cell, Phone). A
join reaching the student's own row (keyed on anything but the contact's own ID) that reads one person's mobile
naming no one else ('student.studentCellPhone', 'student.Cell') is strong evidence though no students' rule
reads its field from it (tester89 T2): the child's value is then the cell of the student's row, as the
parents' column cleans it (`row_values`), not a value users.csv publishes. So is an export no students' rule
reads joined on the student link alone (StudentDemographics keyed studentID: `demo.Cell_Phone`, review205 R3),
or on another ID of the student the contacts carry ('stateStudentID', 'SSID': review216 R3).
On such a row any column naming neither another person nor the household is the child's ('Text_Number',
'SMS'), keyed by the link as published ('S{studentID}'; a list cell by each item: review208 R1, R2, R5).
A column of the contacts' own row whose header names the student and no one else (`[cellPhone,
studentCellPhone]`: `on_contacts_row`) holds the child's value copied onto each contact's row (review205 R4),
counted only where more than its header says so (`_contacts_values`: 'Stu_Guard_Cell', the guardian's own,
is not: review208 R3).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from transform.profile.compile import ColumnPlan, Plan, RulePlan
from transform.profile.templates import FieldRef, fields, lone, normalize_column
from transform.report.report import Report

from .mapping import records_as_read, values_as_read
from .read import SourceFile, iter_rows
from .rows import SourceRow

# A header naming the household (PowerSchool's students.Home_Phone): the family's, on the child's row and the
# parents' alike, though the students' own is read from it ('Student Home Phone' names the student).
HOUSEHOLD_NAMED = re.compile(r"(?<![a-z])(home|house|household|family|families|parents?|guardians?)(?![a-z])", re.I)
# A header naming one person's own device (Cell, Mobile): on the student's row, the student's (not the family's
# 'Phone'): read by the students rule and the parents alike, strong evidence (review191 R4).
PERSONAL = re.compile(r"(?<![a-z])(cell|cellular|mobile|mob|handy)(?![a-z])", re.IGNORECASE)
POINTS_READ = ("sms", "phone", "email")  # the parents' own cells of a contact's row
_STUDENT_WORDS = r"pupils?|students?|stu|child|childs|learners?|kids?"
STUDENT_NAMED = re.compile(rf"(?<![a-z])({_STUDENT_WORDS})(?![a-z])", re.IGNORECASE)
# A header naming someone other than the student (a contact's columns on the student's row: Mother_Cell,
# Guardian Cell, Emerg_Cell, Contact1Cell): that person's, not the child's.
# Plurals and possessives too (Mothers_Cell, Fathers', Aunts), and a person numbered (Guardian1Phone, PG1_Cell,
# Parent 2 Cell, EC1: review205 R3): a header numbering a contact names one of several, not the student.
OTHER_NAMED = re.compile(
    r"(?<![a-z])(mothers?|fathers?|moms?|mums?|mommy|mummy|dads?|daddy|step\w*|grand\w*|fosters?|aunts?|uncles?|"
    r"relatives?|contacts?|emerg|emergency|emergencies|ec|caregivers?|carers?|custodians?|spouses?|siblings?|"
    r"brothers?|sisters?|"
    r"(?:[pgc]|pg|ec|parents?|guardians?|adults?|persons?)\s?\d+)(?![a-z])",
    re.IGNORECASE,
)
_CASE_CHANGE = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")


def words(column: str) -> str:
    """A header's words for the patterns: separators as spaces, a change of letter case or to a digit split
    ('studentCellPhone' -> 'student Cell Phone', 'STUDENT_CELL' -> 'STUDENT CELL', 'Contact1Cell' ->
    'Contact 1 Cell', 'Guardian1' -> 'Guardian 1')."""
    return _CASE_CHANGE.sub(" ", re.sub(r"[_.\-/]+", " ", column))


@dataclass(frozen=True)
class Read:
    """A column a rule reads a field from: the export it is on (a join's for `alias.Column`), whether that
    row is the student's own, and the columns of its chain read before it (a fallback's)."""

    rule: RulePlan
    source: str
    ref: FieldRef
    own_row: bool
    earlier: tuple[FieldRef, ...]
    column: ColumnPlan | None = None  # the parents' column reading it (its cleaners give the child's value)


@dataclass(frozen=True)
class Suspect:
    columns: list[str]  # as the profile writes them
    why: str
    named: bool  # strong evidence: any parent given the value is wrong
    places: list[tuple[str, str]]  # (export, normalized column) of each column found, for the ask's key
    reads: list[Read]  # the strong ones, for taken_from
    shared: bool = True  # a students' rule reads its own value of the field from one of the columns


def _id_keys(rules: tuple[RulePlan, ...], source: str) -> set[str]:
    """The columns a students' rule of `source` reads its sourcedId from, normalized."""
    return {
        ref.key
        for r in rules
        if r.source == source and r.guardian is None and not r.groups
        for c in r.columns
        if c.name == "sourcedId"
        for ref in _refs(c)
        if ref.alias is None
    }


def _refs(column: ColumnPlan) -> tuple[FieldRef, ...]:
    return (*fields(column.parts), *column.first_of)


def _own_row(rule: RulePlan, ref: FieldRef, rules: tuple[RulePlan, ...]) -> tuple[str, bool]:
    """The export `ref`'s cell is on, and whether that row is the linked student's own. A join to a students
    rule's export on any key (the student ID, or the state ID both carry: review198 R1) is the student's row
    (judge counts only parents holding a LINKED student's value); a join of the rule's own export to itself
    is only when keyed on the student link (OneRoster's users.csv: a parent's own row is no student's)."""
    if ref.alias is not None:
        join = rule.joins.get(ref.alias)
        if join is None:
            return "", False
        contact = rule.guardian.contact if rule.guardian is not None else None
        own = {r.key for r in _refs(contact)} if contact is not None else set()
        linked = {r.key for r in _refs(rule.guardian.student)} if rule.guardian is not None else set()
        keys = {r.key for r in join.local}
        if not _id_keys(rules, join.source):
            # an export no students' rule reads (StudentDemographics), joined on the student link alone: its
            # row is the linked student's, whatever its columns are called (review205 R3); not the guardians' own
            # export joined to itself (another contact of the student); a key listing students reaches each one's
            # row, the value of a parent linked to one of them that student's (review208 R5)
            alone = bool(linked) and bool(keys) and (keys <= linked or _names_students(join.local, own, rules))
            return join.source, alone and join.source != rule.source
        # keyed on the contact's own ID: the parent's own row (SDS's person); not the student link's keys, though
        # the contact ID template holds the student ID ('{studentID}-{contactSequence}': review202 R1)
        if own and keys <= own and not (linked and keys <= linked):
            return join.source, False
        if join.source != rule.source:
            return join.source, True
        return join.source, bool(linked) and keys <= linked
    if rule.groups:
        return rule.source, True
    linked = {r.key for r in _refs(rule.guardian.student)} if rule.guardian is not None else set()
    return rule.source, bool(linked) and linked <= _id_keys(rules, rule.source)


def _names_students(local: tuple[FieldRef, ...], own: set[str], rules: tuple[RulePlan, ...]) -> bool:
    """Whether a join's keys on the contact's row are another ID of the linked student, not the link's own
    columns ('stateStudentID', which the contacts export carries too, or a column a students' rule reads its
    sourcedId or identifier from): the joined row is the student's as on the link (review216 R3: 47 of 101
    parents published with the child's cell at exit 0). Not the contact's own ID, nor a family's key."""
    ids = {
        ref.key
        for r in rules
        if r.guardian is None and not r.groups
        for c in r.columns
        if c.name in ("sourcedId", "identifier")
        for ref in _refs(c)
        if ref.alias is None
    }
    named = [ref.alias is None and (_student_id(words(ref.column)) or ref.key in ids) for ref in local]
    return all(named) and not {ref.key for ref in local} & own


# A student's ID by the state's or the district's other names ('SSID', 'SASID', 'State_ID', 'Perm_ID').
_OTHER_ID = re.compile(r"(?<![a-z])(ssid|sasid|lasid|suid|state ?id|perm ?id|permanent ?id)(?![a-z])", re.I)


def _student_id(said: str) -> bool:
    """A join key naming the student ('stateStudentID', 'Student_Number', 'SSID'), no other person or household."""
    if HOUSEHOLD_NAMED.search(said) or OTHER_NAMED.search(said):
        return False
    return bool(STUDENT_NAMED.search(said) or _OTHER_ID.search(said))


def reads(rule: RulePlan, field: str, rules: tuple[RulePlan, ...]) -> list[Read]:
    columns = [c for c in rule.columns if c.name == field] + [c for _, g in rule.groups for c in g if c.name == field]
    found = []
    for column in columns:
        for ref in fields(column.parts):
            source, own = _own_row(rule, ref, rules)
            found.append(Read(rule, source, ref, own, (), column))
        for at, ref in enumerate(column.first_of):
            source, own = _own_row(rule, ref, rules)
            found.append(Read(rule, source, ref, own, column.first_of[:at], column))
        # a `fallback:` template is read where the column's own are blank, as a list's later entry (review202 R3)
        earlier = (*fields(column.parts), *column.first_of)
        for template in column.fallback:
            for ref in fields(template):
                source, own = _own_row(rule, ref, rules)
                found.append(Read(rule, source, ref, own, earlier, column))
            earlier = (*earlier, *fields(template))
    return found


def student_columns(plan: Plan, field: str) -> Suspect:
    """The columns the parents' `field` is read from that are the students' own (the column a students' rule
    reads it from on the same row, or one whose header names the student), why, and whether the evidence is
    strong (a header naming the student, or one person's mobile read on the student's row)."""
    rules = plan.rules.get("users", ())
    own = {
        (r.source, ref.key)
        for r in rules
        if r.guardian is None and not r.groups
        for c in r.columns
        if c.name == field
        for ref in _refs(c)
        if ref.alias is None
    }
    found: list[str] = []
    places: list[tuple[str, str]] = []
    strong: list[Read] = []
    weak: list[Read] = []  # a link-only header naming no one: its values compared, asked (review220 R2)
    why = ""
    for rule in rules:
        if rule.guardian is None and not rule.groups:
            continue
        for read in reads(rule, field, rules):
            said = words(read.ref.column)
            if STUDENT_NAMED.search(said):
                found.append(str(read.ref))
                places.append((read.source, read.ref.key))
                strong.append(read)
                why = ", a column whose header names the student"
            elif read.own_row and (read.source, read.ref.key) in own and not HOUSEHOLD_NAMED.search(said):
                found.append(str(read.ref))
                places.append((read.source, read.ref.key))
                why = why or ", the column the students' own is read from"
                strong += [read] if PERSONAL.search(said) else []
            elif _joined_mobile(read, said):
                found.append(str(read.ref))
                places.append((read.source, read.ref.key))
                strong.append(read)
                why = why or f", one person's mobile on the student's own row (the join {read.ref.alias!r} reaches it)"
            elif _linked_row(read, rules) and linked_own(said):
                found.append(str(read.ref))
                places.append((read.source, read.ref.key))
                strong.append(read)
                why = why or (
                    f", a column of the student's own row (the join {read.ref.alias!r} reaches it on the student "
                    "link alone) naming no one else"
                )
            elif _linked_row(read, rules) and linked_unsure(said):
                found.append(str(read.ref))
                places.append((read.source, read.ref.key))
                weak.append(read)
                why = why or (
                    f", a column of the student's own row (the join {read.ref.alias!r} reaches it on the student "
                    "link alone) naming no one"
                )
    shared = any(place in own for place in places)
    return Suspect(sorted(set(found)), why, bool(strong), sorted(set(places)), strong or weak, shared)


def childs(said: str) -> bool:
    """Whether a header's words, on a row that is the student's, name the student's own: the student
    ('studentCellPhone') or one person's mobile ('Cell_Phone'), and no one else (not 'Mothers_Cell', 'PG1_Cell',
    'Student Guardian Phone', the household's 'Student Home Phone')."""
    if HOUSEHOLD_NAMED.search(said) or OTHER_NAMED.search(said):
        return False
    return bool(STUDENT_NAMED.search(said) or PERSONAL.search(said))


# Another person or the household written inside one word ('PARENTCELL', 'GUARDIANMOBILE', 'homephone'): the
# device word is found inside a word there too (DEVICE_INSIDE), so are these (review223 R2).
NAMED_INSIDE = re.compile(
    r"parent|guardian|mother|father|mom|dad|home|house|famil|emerg|contact|grand|step|relative|caregiver|"
    r"custod|spouse|work|office|business",
    re.IGNORECASE,
)


def linked_childs(said: str) -> bool:
    """Whether a header, on a row reached by the student link alone (an export no students' rule reads), is the
    child's: any naming neither another person nor the household ('Text_Number', 'SMS', 'Cell_Phone': review208
    R2), not 'Mothers_Cell', 'Guardian1Phone', 'Home_Phone'."""
    return not (HOUSEHOLD_NAMED.search(said) or OTHER_NAMED.search(said))


# A header naming a message or a text ('SMS', 'Text_Number'): one person's device, not the household's line.
MESSAGED = re.compile(r"(?<![a-z])(sms|texts?|texting|txt|messages?|messaging)(?![a-z])", re.IGNORECASE)


# One person's device written inside one word ('Cellphone', 'CELLPHONE', 'Mobilephone', 'Smartphone',
# 'Textphone', 'Celular': words() does not split them; review220 R2): at the word's start, or after a word naming
# the student or one's own ('STUDENTCELL', 'MYCELL'); a text only as a number ('TEXTNUMBER', not 'Textalert').
# At a word's end it is one too ('SELFCELL', 'PRIVATECELL', 'TELEFONOCELULAR': main refused them; review234 R1);
# found anywhere else in a word ('Context_Phone', 'Textalert') it is no device word (asked when naming no one).
# The student's words are STUDENT_NAMED's and their short forms ('STUDCELL', 'STDCELL', 'LEARNERCELL',
# 'CHILDSCELL'), and a telephone's ('TELCELULAR', 'TELMOVIL'): review228 R2, asked where main refused.
DEVICE_INSIDE = re.compile(
    rf"(?<![a-z])(?:{_STUDENT_WORDS}|stud|std|stdnt|my|own|personal|tel)?"
    r"(?:cell|mobil|sms|celular|smart ?phone|handy|movil|te?xt(?:phone|number|num|nbr|no|messages?|msg)?(?![a-z]))"
    r"|(?:cell|celular|mobile?|movil|sms)(?:phone)?(?![a-z])",
    re.IGNORECASE,
)
# A header of the family's line or a parent's own, on a row reached by the student link alone (not asked).
FAMILY_WORD = re.compile(r"(?<![a-z])(home|house|household|family|families|primary|main|work)(?![a-z])", re.I)
# The words saying only what kind of value a column holds ('Phone', 'Email', 'Phone_Number'): naming no one.
_KIND_ONLY = re.compile(r"^(?:\s*(?:phone|phones|email|e|mail|number|no|num|nbr|tel|telephone|address)\b)*\s*$", re.I)


def _device(said: str) -> bool:
    """A header's words naming one person's device (Cell, Mobile, SMS, 'Cellphone'), not a bare 'Phone' (the
    household's line on the student's row: review223 R1), nor an ID or an email ('studentNumber')."""
    return bool(PERSONAL.search(said) or MESSAGED.search(said) or DEVICE_INSIDE.search(said))


def linked_own(said: str) -> bool:
    """Whether a header of a row reached by the student link alone is the child's own: one naming the student or
    one person's device (Cell, Mobile, SMS, Text_Number, one word too: 'Cellphone') and no one else; a bare
    'Phone', 'Primary_Phone' or 'Email' is the family's there (the household's phone, a parent's address:
    review216 R1), not judged."""
    if not linked_childs(said):
        return False
    if STUDENT_NAMED.search(said) or PERSONAL.search(said) or MESSAGED.search(said):
        return True
    return bool(DEVICE_INSIDE.search(said)) and not NAMED_INSIDE.search(said)


def linked_unsure(said: str) -> bool:
    """A header of a row reached by the student link alone that names no one and no family line, nor only the
    kind of value ('Personal_Phone', 'Movil'): whose it is nothing tells; asked once (P131, review220 R2)."""
    if NAMED_INSIDE.search(said) or FAMILY_WORD.search(said) or _KIND_ONLY.match(said):
        return False
    return linked_childs(said) and not linked_own(said)


def _linked_row(read: Read, rules: tuple[RulePlan, ...]) -> bool:
    """A read through a join to an export no students' rule reads, its row the linked student's (`_own_row`)."""
    return read.ref.alias is not None and read.own_row and not _id_keys(rules, read.source)


def _joined_mobile(read: Read, said: str) -> bool:
    """A Cell or Mobile of the student's own row reached by a join, its header naming no one else (not the
    mother's, the household's, a contact's): the student's own, whether or not a students' rule reads it."""
    if read.ref.alias is None or not read.own_row or not PERSONAL.search(said):
        return False
    return not (HOUSEHOLD_NAMED.search(said) or OTHER_NAMED.search(said))


def row_values(
    reads: list[Read], sources: dict[str, SourceFile], plan: Plan, doubt: dict[str, set[str]] | None = None
) -> dict[str, set[str]]:
    """For the strong `reads` of the student's own row, each student's value there (by the sourcedId the
    students' rule of that export publishes, case folded) as the parents' column cleans it: the child's value a
    parent is given, though users.csv may publish none for the student (no students' rule reads it: tester89
    T2). Nothing is reported."""
    values: dict[str, set[str]] = {}
    for read in reads:
        export = sources.get(read.source)
        students = [r for r in plan.rules.get("users", ()) if r.source == read.source and r.guardian is None]
        sourced = [c for r in students if not r.groups for c in r.columns if c.name == "sourcedId"]
        if export is not None and read.column is not None and not sourced:
            _linked_values(read, export, plan, values, sources)  # a second students' export (review202 R2)
        if export is not None and on_contacts_row(read):
            _contacts_values(read, export, sources, plan, values, doubt)  # the contacts' own row (review205 R4)
        if not read.own_row or export is None or read.column is None or not sourced:
            continue
        if read.ref.alias is not None and not childs(words(read.ref.column)):
            continue  # 'student.StudentGuardianPhone': the guardian's, listed on the student's row
        cell = replace(read.column, name="value", parts=(), first_of=(FieldRef(None, read.ref.column),))
        cell = replace(cell, fallback=(), default="", when=None, whole=(), span=(), split="")
        for rule in students:
            probe = replace(rule, columns=(*[c for c in rule.columns if c.name == "sourcedId"], cell), joins={})
            for row in iter_rows(export, Report(max_examples=0), first_pass=False):
                got = values_as_read(row, probe, plan, {}, ("sourcedId", "value"))
                if got and got.get("sourcedId") and got.get("value"):
                    values.setdefault(got["sourcedId"].strip().casefold(), set()).add(got["value"].casefold())
    return values


def taken_from(
    reads: list[Read], sources: dict[str, SourceFile], rules: tuple[RulePlan, ...], plan: Plan | None = None
) -> frozenset[str] | None:
    """The students (their IDs as the export writes them, trimmed and case folded) whose parents' value was
    taken from one of the strong `reads` read as a fallback (the columns before it blank on the row); None
    when every such read is the first of its chain, or is read through a join (each parent given a value
    equal to the child's took it from there), or the students' IDs are not the bare cell of one column (the
    students rule's sourcedId, or the link, a template 'S{Student_Number}': review198 R2)."""
    if reads and all(on_contacts_row(r) for r in reads):
        return _taken_here(reads, sources, plan)
    later = [r for r in reads if r.earlier and (r.ref.alias is None or r.own_row)]
    if not later or len(later) < len(reads) or not all(_bare_ids(r.rule, rules, _students_of(r)) for r in later):
        return None  # IDs written otherwise (a prefix, a template): each parent holding the child's counts
    taken: set[str] = set()
    for read in later:
        export = sources.get(read.rule.source)
        student = read.rule.guardian.student if read.rule.guardian is not None else None
        joined = read.ref.alias is not None  # the student's row reached by a join: its cell is not on this row
        if export is None or student is None or (not joined and read.ref.key not in export.index):
            return None
        if any(r.alias is not None for r in read.earlier):
            return None  # an earlier column of a join: not read here
        ids = [export.index[r.key] for r in _refs(student) if r.alias is None and r.key in export.index]
        before = [export.index[r.key] for r in read.earlier if r.key in export.index]
        at = None if joined else export.index[read.ref.key]
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            cells = row.cells
            # joined: the parent's own columns before it blank, the value (if any) is the student row's (review202 R7)
            if (at is None or _cell(cells, at)) and _blank_before(read, row, before, plan):
                taken.update(_cell(cells, i).casefold() for i in ids if _cell(cells, i))
    return frozenset(taken)


def _students_of(read: Read) -> str:
    """The export of the students rule whose IDs the read's row gives: the joined one's, else the rule's own."""
    return read.source if read.ref.alias is not None else read.rule.source


def _bare_ids(rule: RulePlan, rules: tuple[RulePlan, ...], source: str) -> bool:
    """Whether the guardians `rule` links by one column's cell and the students rule of `source` (its own
    export, or the one it joins) writes its sourcedId as a bare cell too (no prefix, no template): a row's
    cell is then the published ID; joined, the link and the student ID are one value, whatever the columns."""
    link = _bare(rule.guardian.student) if rule.guardian is not None else None
    ids = [
        _bare(c)
        for r in rules
        if r.source == source and r.guardian is None and not r.groups
        for c in r.columns
        if c.name == "sourcedId"
    ]
    same = all(i is not None for i in ids) if source != rule.source else all(i == link for i in ids)
    return link is not None and bool(ids) and same


def _bare(column: ColumnPlan) -> str | None:
    """The normalized column a bare `column: X` or `template: "{X}"` reads, else None."""
    refs = column.first_of or lone(column.parts)
    if len(refs) != 1 or refs[0].alias is not None or column.map is not None or column.fallback:
        return None
    return refs[0].key


def _cell(cells: tuple[str, ...] | list[str], at: int) -> str:
    return cells[at].strip() if at < len(cells) else ""


def takers(reads: list[Read], sources: dict[str, SourceFile], plan: Plan | None = None) -> int | None:
    """How many rows of the guardians' own export leave every column before a strong read of the student's
    row reached by a join blank (`[cellPhone, student.studentCellPhone]`): the most parents that can have taken
    the child's value from it; a parent whose own column equals the child's row (a young child listed with the
    mother's cell) did not (review202 R7). None when no such read is a fallback of a join."""
    if plan is not None and reads and all(on_contacts_row(r) and r.earlier for r in reads):
        taken = 0
        for read in reads:
            export = sources.get(read.rule.source)
            if export is None or any(r.alias is not None for r in read.earlier):
                return None
            taken += sum(1 for _ in _here(read, export, plan, taking=True))
        return taken
    joined = [r for r in reads if r.earlier and r.ref.alias is not None and r.own_row]
    if not joined or len(joined) < len(reads):
        return None
    rows = 0
    for read in joined:
        export = sources.get(read.rule.source)
        if export is None or any(r.alias is not None or r.key not in export.index for r in read.earlier):
            return None
        before = [export.index[r.key] for r in read.earlier]
        rows += sum(
            1
            for row in iter_rows(export, Report(max_examples=0), first_pass=False)
            if _blank_before(read, row, before, plan)
        )
    return rows


def _blank_before(read: Read, row: SourceRow, before: list[int], plan: Plan | None) -> bool:
    """Whether every column read before `read` in its chain is blank on `row` as the parents' column cleans it
    ('N/A', '000-000-0000' blanked by the phone cleaner: the fallback then gives the child's; review205 R1);
    without the column or plan, the raw cells."""
    if not any(_cell(row.cells, i) for i in before):
        return True
    if plan is None or read.column is None:
        return False
    base = replace(read.column, parts=(), fallback=(), default="", when=None, whole=(), span=(), split="")
    probe = tuple(
        replace(base, name=f"v{n}", first_of=(ref,)) for n, ref in enumerate(read.earlier) if ref.alias is None
    )
    rule = replace(read.rule, columns=probe, joins={}, where=(), guardian=None, groups=())
    got = values_as_read(row, rule, plan, {}, tuple(c.name for c in probe))
    return got is not None and not any(v.strip() for v in got.values())


def _linked_values(
    read: Read, export: SourceFile, plan: Plan, values: dict[str, set[str]], sources: dict[str, SourceFile]
) -> None:
    """A column of an export no students' rule reads, joined on the guardians' student link alone
    (StudentDemographics.csv keyed studentID: `demo.Cell_Phone`, `demo.Text_Number`): its row is the linked
    student's, keyed by the link as the guardians rule publishes it (a bare cell, or a template 'S{studentID}':
    review208 R1), found by the join's key on the guardians' own rows (review202 R2: 47 parents published with
    the child's cell at exit 0, users.csv holding no student's sms to compare)."""
    rule = read.rule
    join = rule.joins.get(read.ref.alias) if read.ref.alias is not None else None
    own = sources.get(rule.source)
    if join is None or rule.guardian is None or read.column is None or own is None:
        return
    said = words(read.ref.column)
    if not read.own_row or not (linked_own(said) or linked_unsure(said)):
        return
    local = [own.index.get(r.key) if r.alias is None else None for r in join.local]
    remote = [export.index.get(k) for k in join.remote]
    if any(i is None for i in (*local, *remote)):
        return
    probe = replace(rule, columns=(replace(rule.guardian.student, name="link"),), joins={})
    probe = replace(probe, where=(), guardian=None, groups=())
    separator = rule.guardian.student_separator
    links: dict[tuple[str, ...], set[str]] = {}
    for row in iter_rows(own, Report(max_examples=0), first_pass=False):
        got = values_as_read(row, probe, plan, {}, ("link",))
        link = got.get("link", "") if got else ""
        key = tuple(_cell(row.cells, i) for i in local if i is not None)
        items = [(item.strip(),) for item in key[0].split(join.split)] if join.split and key else [key]
        for one in link.split(separator) if separator else [link]:
            for item in items if one.strip() else ():
                links.setdefault(item, set()).add(one.strip().casefold())
    cell = replace(read.column, name="value", parts=(), first_of=(FieldRef(None, read.ref.column),))
    cell = replace(cell, fallback=(), default="", when=None, whole=(), span=(), split="")
    probe = replace(probe, columns=(cell,))
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        ids = links.get(tuple(_cell(row.cells, i) for i in remote if i is not None))
        got = values_as_read(row, probe, plan, {}, ("value",)) if ids else None
        if got and got.get("value"):
            for link in ids or ():
                values.setdefault(link, set()).add(got["value"].casefold())


def on_contacts_row(read: Read) -> bool:
    """A column of the guardians' own row (a contact's) whose header names the student and no one else
    (`[cellPhone, studentCellPhone]` on Genesis's StudentContacts.csv): the linked child's value, copied onto
    each contact's row; not 'Student Guardian Phone' (the guardian's, listed for the student) nor
    'Student Home Phone' (the household's). review205 R4: the students rule publishing no sms, users.csv held
    nothing to compare, and the fathers without a cell of their own were published with the child's."""
    rule = read.rule
    if read.ref.alias is not None or read.own_row or rule.guardian is None or rule.groups or read.column is None:
        return False
    said = words(read.ref.column)
    return bool(STUDENT_NAMED.search(said)) and childs(said)


def _here(
    read: Read, export: SourceFile, plan: Plan | None, *, taking: bool = False, every: bool = False
) -> Iterator[tuple[str, str, SourceRow]]:
    """For each row of the guardians' own export, each linked student's ID as the link publishes it (trimmed,
    case folded) and the row's value of `read` as the parents' column cleans it; `taking`: only the rows whose
    parent is given it (every column before it in the chain blank as cleaned, review205 R1); `every`: the rows
    with the value blank too (their row last)."""
    rule = read.rule
    if rule.guardian is None or read.column is None:
        return
    cell = replace(read.column, name="value", parts=(), first_of=(FieldRef(None, read.ref.column),))
    cell = replace(cell, fallback=(), default="", when=None, whole=(), span=(), split="")
    probe = replace(rule, columns=(replace(rule.guardian.student, name="link"), cell), joins={})
    probe = replace(probe, where=(), guardian=None, groups=())
    before = [export.index[r.key] for r in read.earlier if r.alias is None and r.key in export.index]
    separator = rule.guardian.student_separator
    # a row the rule's where or link_where leaves out (a 'Self' row, an emergency contact) gives no parent
    admits = replace(rule, where=(*rule.where, *rule.guardian.link_where), groups=(), group_cells=())
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        got = values_as_read(row, probe, plan, {}, ("link", "value")) if plan is not None else None
        if not got or plan is None or not (every or got.get("value", "").strip()):
            continue
        if taking and not _blank_before(read, row, before, plan):
            continue
        if taking and not records_as_read(row, admits, plan, frozenset())[0]:
            continue
        links = got.get("link", "").split(separator) if separator else [got.get("link", "")]
        for link in links:
            if link.strip():
                yield link.strip().casefold(), got.get("value", "").strip().casefold(), row


def _contacts_values(
    read: Read,
    export: SourceFile,
    sources: dict[str, SourceFile],
    plan: Plan,
    values: dict[str, set[str]],
    doubt: dict[str, set[str]] | None = None,
) -> None:
    """The child's value of a contacts-row column naming the student (`on_contacts_row`), by the link as
    published, only where something besides the header says it is the child's (review208 R3: the guardian's
    own cell headed 'Stu_Guard_Cell' made every parent match herself): it is the same on every contact row of
    the student (two or more) while those contacts' own cells differ and none of them holds it, or it equals a
    cell of the linked student's own row of the students' export, or it is on a lone contact row whose own
    cells are not blank and hold it not (review216 R2). `doubt`: the values no contact's own cell holds and
    nothing else tells (a lone row with no cell of its own, a copy left blank on another): asked, not published
    silently."""
    rule = read.rule
    if rule.guardian is None or read.column is None:
        return
    mine = [
        (c.name, ref)
        for c in rule.columns
        if c.name in POINTS_READ
        for ref in (*_refs(c), *(r for f in c.fallback for r in fields(f)))
        if ref.alias is None and ref.key != read.ref.key
    ]
    base = replace(read.column, parts=(), fallback=(), default="", when=None, whole=(), span=(), split="")
    probe = replace(rule, columns=tuple(replace(base, name=f"v{n}", first_of=(r,)) for n, (_, r) in enumerate(mine)))
    # the contact's own phones that are one person's (not an email, not the household's homePhone: review220 R1)
    phones = {
        f"v{n}"
        for n, (name, ref) in enumerate(mine)
        if name != "email" and not HOUSEHOLD_NAMED.search(words(ref.column))
    }
    contact = rule.guardian.contact
    if contact is not None:
        probe = replace(probe, columns=(*probe.columns, replace(contact, name="contact")))
    probe = replace(probe, joins={}, where=(), guardian=None, groups=())
    names = tuple(c.name for c in probe.columns)
    at = export.index.get(read.ref.key, -1)
    rows, by_contact = _contacts_rows(read, export, plan, probe if contact is not None else None)
    pending: dict[str, set[str]] = {}
    unsure: dict[str, str] = {}  # one value no contact's own cell holds, nothing else saying whose (review216 R2)
    lone: dict[str, tuple[str, str, bool]] = {}  # a lone row's value, its contact, a cell of her own (review220 R1)
    for link, seen in rows.items():
        held = {value for value, _ in seen if value}
        if len(held) == 1:
            (value,) = held
            own = [values_as_read(row, probe, plan, {}, names) if names else {} for _, row in seen]
            cells = [frozenset(v.casefold() for k, v in (got or {}).items() if v and k != "contact") for got in own]
            if not any(value in c for c in cells) and not any(_row_holds(row, value, at) for _, row in seen):
                if len(seen) > 1 and all(v for v, _ in seen) and len(set(cells)) > 1:
                    values.setdefault(link, set()).add(value)
                    continue
                if len(seen) == 1:  # a lone contact row: the child's only as below
                    mine_other = any(v for k, v in (own[0] or {}).items() if k in phones)
                    who = (own[0] or {}).get("contact", "").strip().casefold()
                    lone[link] = (value, who, mine_other)
                else:
                    unsure[link] = value
        if held:
            pending[link] = held
    filled: set[str] = set()  # students whose own row of the students' export gives them a cell of their own
    told: dict[str, set[str]] = {}  # values a column of another person's or the household's holds there
    copy = _Copy(read.ref.key)  # the students whose copy of the contacts-row column is blank there
    for link, value, childs_own in _students_hold(plan, sources, read.column, pending, filled, copy):
        (values if childs_own else told).setdefault(link, set()).add(value)
    _lone_values(lone, by_contact, filled, values, unsure, told, copy.blank)
    for link, value in unsure.items():
        if doubt is not None and value not in values.get(link, ()):
            doubt.setdefault(link, set()).add(value)


def _contacts_rows(
    read: Read, export: SourceFile, plan: Plan, probe: RulePlan | None
) -> tuple[dict[str, list[tuple[str, SourceRow]]], dict[str, dict[str, str]]]:
    """The contact rows of each linked student (its value, the row), and each contact's value on the row of each
    student linked to her, her contact ID read by `probe`'s 'contact' column (none without one)."""
    rows: dict[str, list[tuple[str, SourceRow]]] = {}
    by_contact: dict[str, dict[str, str]] = {}
    for link, value, row in _here(read, export, plan, every=True):
        rows.setdefault(link, []).append((value, row))
        who = (values_as_read(row, probe, plan, {}, ("contact",)) or {}).get("contact", "") if probe else ""
        if who.strip():
            by_contact.setdefault(who.strip().casefold(), {})[link] = value
    return rows, by_contact


def _lone_values(
    lone: dict[str, tuple[str, str, bool]],
    by_contact: dict[str, dict[str, str]],
    filled: set[str],
    values: dict[str, set[str]],
    unsure: dict[str, str],
    told: dict[str, set[str]],
    disagree: set[str],
) -> None:
    """A lone contact row's value (review220 R1: an honest 'Stu_Guard_Cell', the guardian's own, refused every
    night). The students' export tells where it holds the value (a column of the child's: already in `values`;
    of another person or the household, `told`: not refused, but asked: review228 R3) or gives the student a cell
    of their own, other (`filled`: the contact's own; a blank one, a bare 'Phone', tell nothing: review223 R1),
    or blank in its copy (`disagree`: the same header on both, blank on the student's row: asked, review228 R1).
    Else her other rows:
    the same value on each is her own number; blank or another there, the child's. A contact of one child: the
    child's only when she has a cell of her own that is other (not an email, not the home line); nothing else
    tells: asked (`unsure`, P131)."""
    for link, (value, who, mine_other) in lone.items():
        if value in values.get(link, ()):
            continue
        if link in disagree or (link not in filled and value in told.get(link, ())):
            unsure[link] = value  # not refused, nor published silently (review228 R1, R3)
            continue
        if link in filled:
            continue
        others = {v for k, v in by_contact.get(who, {}).items() if k != link} if who else set()
        if others == {value}:
            continue  # her own, on each child's row
        if others or mine_other:
            values.setdefault(link, set()).add(value)
        else:
            unsure[link] = value


def _row_holds(row: SourceRow, value: str, at: int) -> bool:
    """Whether another cell of the contact's row (any column, read by the profile or not: the contact's own
    cellPhone beside 'Stu_Guard_Cell') holds `value`: its text, or its last 7 digits as a cell's last 7."""
    tail = re.sub(r"\D", "", value)[-7:]
    for n, cell in enumerate(row.cells):
        text = cell.strip()
        if n == at or not text:
            continue
        if text.casefold() == value or (len(tail) == 7 and re.sub(r"\D", "", text)[-7:] == tail):
            return True
    return False


def _students_hold(
    plan: Plan,
    sources: dict[str, SourceFile],
    column: ColumnPlan,
    pending: dict[str, set[str]],
    filled: set[str] | None = None,
    copy: _Copy | None = None,
) -> Iterator[tuple[str, str, bool]]:
    """Of the `pending` values (by student, the sourcedId a students' rule publishes, case folded), those a
    cell of the student's own row of the students' export holds as the parents' `column` cleans it, and whether
    that column is the child's own (`_student_heads`: else another person's or the household's, the value then
    not the child's); a cell is cleaned only when its last digits, or its text, are the value's. `filled`: the
    students whose own cell that export tells: one (not blank as cleaned), or none, blank in a column holding
    others' (review220 R1); a column blank on every row tells nothing (review223 R1). A column holds others' only
    where a cell cleans to one, not any digit ('000-000-0000', an opt-in '0', an asset tag: review228 R1); the
    contacts-row column's own copy (the same header) blank on the student's row is the exports disagreeing: in
    `copy.blank`, not `filled`."""
    if not pending:
        return
    base = replace(column, name="value", parts=(), fallback=(), default="", when=None, whole=(), span=(), split="")
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source)
        ids = [c for c in rule.columns if c.name == "sourcedId"]
        if rule.guardian is not None or rule.groups or export is None or not ids or _refs_joined(ids[0]):
            continue
        heads = _student_heads(rule, export, column.name)
        devices = [at for at, _, kind in heads if kind == "device"] if filled is not None else []
        kept: set[int] = set()  # the device columns holding a number (one cleaning to a cell) on some row
        without: dict[int, set[str]] = {}  # the students whose cell there is blank as cleaned
        probe = replace(rule, columns=(ids[0],), joins={}, where=())
        cleaner = replace(probe, columns=(base,))
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            kept.update(at for at, head, _ in heads if at in devices and _cleans(row, at, head, kept, plan, cleaner))
            got = values_as_read(row, probe, plan, {}, ("sourcedId",))
            sourced = (got or {}).get("sourcedId", "").strip().casefold()
            wanted = pending.get(sourced)
            if not wanted:
                continue
            for at, value, kind in _row_cells(row, heads, wanted, devices, plan, replace(probe, columns=(base,))):
                if at in devices and filled is not None and value:
                    filled.add(sourced)  # the child's own cell (review220 R1)
                elif at in devices:
                    without.setdefault(at, set()).add(sourced)
                if value in wanted:
                    yield sourced, value, kind != "other"
        for at in kept:  # a blank there is no cell of the child's (devices are only looked for with `filled`)
            same = copy is not None and copy.key == normalize_column(export.header[at])
            (copy.blank if same and copy is not None else filled if filled is not None else set()).update(
                without.get(at, ())
            )


_DIGIT = re.compile(r"\d")


class _Copy:
    """The contacts-row column's header (its key) and the students whose column of that same header in the
    students' export (a copy: 'studentCellPhone' on both) is blank while it holds others' cells."""

    def __init__(self, key: str) -> None:
        self.key = key
        self.blank: set[str] = set()


def _cleans(row: SourceRow, at: int, head: str, kept: set[int], plan: Plan, probe: RulePlan) -> bool:
    """Whether a device column not yet `kept` holds a cell on `row`: a digit there that the parents' column's
    cleaning keeps (not a '000-000-0000' it blanks, an opt-in '0', an asset tag)."""
    if at in kept or not _DIGIT.search(_cell(row.cells, at)):
        return False
    one = replace(probe, columns=(replace(probe.columns[0], first_of=(FieldRef(None, head),)),))
    return bool((values_as_read(row, one, plan, {}, ("value",)) or {}).get("value", "").strip())


def _row_cells(
    row: SourceRow, heads: list[tuple[int, str, str]], wanted: set[str], devices: list[int], plan: Plan, probe: RulePlan
) -> Iterator[tuple[int, str, str]]:
    """Each column of `heads` on a student's `row` whose cell may be a `wanted` value (its text, or its last 7
    digits in one), or is a device column's: at, its value as the probe's 'value' column cleans it, its kind;
    a cell blank, or not like any wanted value, is not cleaned (a device column's blank given as '')."""
    digits = {re.sub(r"\D", "", v) for v in wanted}
    base = probe.columns[0]
    for at, head, kind in heads:
        cell = _cell(row.cells, at)
        tail = re.sub(r"\D", "", cell)[-7:]
        like = bool(cell) and (cell.casefold() in wanted or (len(tail) == 7 and any(tail in d for d in digits)))
        if not like and not (at in devices and cell):
            if at in devices:
                yield at, "", kind
            continue
        one = replace(probe, columns=(replace(base, first_of=(FieldRef(None, head),)),))
        yield at, (values_as_read(row, one, plan, {}, ("value",)) or {}).get("value", "").strip().casefold(), kind


def _student_heads(rule: RulePlan, export: SourceFile, field: str) -> list[tuple[int, str, str]]:
    """The columns of the students' export telling whose a contacts-row value is: 'own', the student's (a header
    naming the student, one person's device or no one, or the students' rule reading its own `field` from it),
    'device' one naming the student's own device ('studentCellPhone', 'Mobile'), 'other' one naming another
    person or the household ('Mother_Cell', 'Home_Phone', 'homephone'). A bare 'Phone' or 'Primary_Phone' tells
    nothing: the household's line or the child's (review223 R1: it said the child had a cell of their own, and
    the father's row holding the child's was published; holding the value, a single mother's own cell, the
    family's one number, it refused her)."""
    read = {export.index.get(r.key) for c in rule.columns if c.name == field for r in _refs(c) if r.alias is None}
    heads = []
    for at, head in enumerate(export.header):
        said = words(head)
        if not head.strip():
            continue
        if linked_own(said) or (at in read and linked_childs(said)):
            heads.append((at, head, "device" if _device(said) and linked_own(said) else "own"))
        elif not linked_childs(said) or NAMED_INSIDE.search(said):
            heads.append((at, head, "other"))
        elif not (FAMILY_WORD.search(said) or _KIND_ONLY.match(said)):
            heads.append((at, head, "own"))  # naming no one and no line ('Personal_Phone'): as the child's
    return heads


def _taken_here(reads: list[Read], sources: dict[str, SourceFile], plan: Plan | None) -> frozenset[str] | None:
    """The students whose parents' value was taken from a column of the contacts' own row naming the student
    (`on_contacts_row`): the rows leaving the columns before it blank, by the link's published ID."""
    taken: set[str] = set()
    for read in reads:
        export = sources.get(read.rule.source)
        if export is None or plan is None or any(r.alias is not None for r in read.earlier):
            return None
        taken.update(link for link, _, _ in _here(read, export, plan, taking=True))
    return frozenset(taken)


def _refs_joined(column: ColumnPlan) -> bool:
    return any(ref.alias is not None for ref in _refs(column))
