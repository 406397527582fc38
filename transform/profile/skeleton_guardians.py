"""The parents and guardians of a skeleton profile (`transform init-profile`, newcomer49 2).

A draft with no guardians rule publishes a first set with no parent, though the exports hold
them: a student export's contact columns (Mother, Father Email, Guardian1 Phone) or a contacts
export of a row per student and contact. Either is drafted as a rule:

- the students' own columns: a `guardian:` rule from the students' file with an `each:` group per
  person the headers name (Mother, Father, Parent 1, Guardian), each read whole ('First Last' or
  'Last, First') or by its first and last name columns, with its email and phones. Emergency
  contacts' columns (Emerg_Contact_Name) are no group: they never become users.
- a contacts export (a file named for contacts, parents or guardians whose column holds the
  students' IDs): a rule from it, linking each row's contact to its student. Who is a parent or
  guardian is the district's choice, so it is drafted, said where to check: a yes/no flag named
  for custody, parental responsibility or a guardian keeps its yes rows (`link_where`), one named
  for an emergency or pickup-only contact its no rows; with no flag, a relationship column's
  words the parents' vocabulary knows (Mother, Father, Guardian) are mapped, and each other value
  is a commented line to place, the rest left out (`unmapped: drop`); with neither, every contact
  listed is linked, said in a comment.
check-profile judges the rule as any other (I261 for a name left to fill in; a run's V559, V562).
"""

from __future__ import annotations

import json
import re

from transform.profile.init import ExportFile
from transform.profile.person_columns import FAMILY, GIVEN, PHONE, Person, people
from transform.report.link_relations import NOT_GUARDIAN, names_parent

CONTACT_FILE = ("contact", "parent", "guardian", "carer", "relationship", "household", "famil")
# A yes/no flag saying the contact is a parent or guardian, and one saying they are not.
PARENT_FLAG = ("custod", "responsib", "guardian", "legal", "edrights", "educationrights", "parental")
# A yes/no flag saying the contact shares the student's home: no test of a parent, whose N is as
# often a parent of another household as an emergency contact (tester69 F4: 38 step-parents left
# out as emergency contacts at exit 0 by `Lives With in [Y]`).
HOUSEHOLD_FLAG = ("liveswith", "resideswith", "livingwith", "sameaddress", "samehousehold", "inhousehold")
OTHER_FLAG = ("emerg", "pickup", "restrain", "nocontact")
YES = ("Y", "Yes", "1", "T", "True", "X")
NO = ("N", "No", "0", "F", "False")
YES_NO = frozenset(v.casefold() for v in (*YES, *NO, ""))
CONTACT_ID = ("contactid", "contactoid", "personid", "guardianid", "parentid", "contactnumber", "relationshipid")
RELATION = ("rel", "reltype", "relcode", "kin", "kinship", "contacttype", "type")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# A header's table prefix ("STUDENTCONTACTDETAILCOREFIELDS.legalGuardian"), which the reader
# drops as it keys the header: a reference with the dot would name a join.
_TABLE_PREFIX = re.compile(r"^[A-Za-z][A-Za-z0-9_]*\.(?=[A-Za-z_])")


def unprefixed(column: str) -> str:
    return _TABLE_PREFIX.sub("", column.strip())


def _columns(export: ExportFile) -> list[str]:
    return list(dict.fromkeys(unprefixed(c) for c in export.header if c.strip()))


def _values(export: ExportFile, column: str) -> set[str]:
    key = next((k for k, header in export.keys.items() if unprefixed(header) == column), "")
    return export.values.get(key, set())


def people_on_row(students: ExportFile) -> list[Person]:
    """The parents a student export's own columns name, in the header's order (person_columns):
    a phone column's values are phone numbers, not a phone's type or order."""
    found = people(_columns(students))
    for person in found:
        person.phones = [c for c in person.phones if _phones(students, c)]
    return [p for p in found if p.counts]


def _phones(export: ExportFile, column: str) -> bool:
    """A column of phone numbers (seven digits or more), not a phone's type, order or ID."""
    values = _values(export, column)
    return bool(values) and all(sum(c.isdigit() for c in v) >= 7 for v in values)


def from_students(students: ExportFile, source: str, student_id: str | None) -> list[str]:
    """A guardians rule of `each` groups over the students' own contact columns, or nothing."""
    people = people_on_row(students)
    if not people or student_id is None:
        return []
    lines = [
        f"    guardians:   # the parents named on each row of {students.name}: check each group",
        f"      from: {source}",
        "      guardian:",
        f"        student: {{column: {_q(student_id)}, clean: [id]}}",
        "      each:",
    ]
    for person in people:
        said = person.whole or person.given or person.label
        lines.append(
            f"        {person.label}:   # {said}: another household's parent or guardian? check who they are"
            if person.qualified
            else f"        {person.label}:"
        )
        lines += [f"          {line}" for line in _name_lines(person.whole, person.given, person.family)]
        if person.email:
            lines.append(f"          email: {{column: {_q(person.email)}, clean: [email]}}")
        if person.phones:
            phones = ", ".join(_q(p) for p in person.phones)
            lines.append(f"          phone: {{column: [{phones}], clean: [phone]}}")
        lines.append(f"          role: {person.role}")
    return lines


def _name_lines(whole: str | None, given: str | None, family: str | None) -> list[str]:
    if given is not None and family is not None:
        return [
            f"givenName: {{column: {_q(given)}, clean: [name]}}",
            f"familyName: {{column: {_q(family)}, clean: [name]}}",
        ]
    if whole is None:
        return ["# givenName: {column: ..., clean: [name]}   # required", "# familyName: {column: ..., clean: [name]}"]
    return [
        f"givenName: {{column: {_q(whole)}, clean: [name_given]}}   # 'First Last' or 'Last, First'",
        f"familyName: {{column: {_q(whole)}, clean: [name_family]}}",
        f"middleName: {{column: {_q(whole)}, clean: [name_middle]}}",
    ]


def contacts_file(
    files: list[ExportFile], taken: list[ExportFile], student_ids: set[str]
) -> tuple[ExportFile, str] | None:
    """A contacts export (named so) and its column holding the students' IDs, or None."""
    for export in files:
        if any(export is t for t in taken) or not any(w in _squash(export.name) for w in CONTACT_FILE):
            continue
        column = next(
            (c for c in _columns(export) if (values := _values(export, c)) and student_ids and values <= student_ids),
            None,
        )
        if column is not None:
            return export, column
    return None


def _guess(export: ExportFile, hints: tuple[str, ...], *, skip: tuple[str, ...] = ()) -> str | None:
    by_squash = {_squash(c): c for c in reversed(_columns(export)) if c not in skip}
    return next((by_squash[h] for h in hints if h in by_squash), None)


def _has_word(export: ExportFile, words: tuple[str, ...], skip: tuple[str, ...]) -> str | None:
    return next((c for c in _columns(export) if c not in skip and any(w in _squash(c) for w in words)), None)


def from_contacts(export: ExportFile, source: str, student: str) -> tuple[list[str], list[str]]:
    """A guardians rule over a contacts export, and the map of its relationships it reads (or none)."""
    given = _guess(export, ("firstname", "givenname", "forename", "contactforename", "contactfirstname", "first"))
    family = _guess(export, ("lastname", "surname", "familyname", "contactsurname", "contactlastname", "last"))
    given = given or _has_word(export, GIVEN, (student,))
    family = family or _has_word(export, FAMILY, (student,))
    whole = None if given and family else _has_word(export, ("name",), (student,))
    contact = _guess(export, CONTACT_ID, skip=(student,))
    relation = _has_word(export, ("relation",), (student,)) or next(
        (c for c in _columns(export) if _squash(c) in RELATION), None
    )
    lines = [
        f"    guardians:   # the contacts of {export.name}: check who is a parent or guardian",
        f"      from: {source}",
        "      guardian:",
        f"        student: {{column: {_q(student)}, clean: [id]}}",
        f"        contact: {{column: {_q(contact)}, clean: [id]}}   # the contact's own ID"
        if contact
        else "        # contact: {column: ..., clean: [id]}   # the contact's own ID, if the export has one",
    ]
    skip = (student, contact or "")
    condition = _link_where(export, skip)
    kind = None if condition else _kind_where(export, (*skip, relation or ""))
    household = None if condition else _household_where(export, skip, related=relation is not None)
    maps: list[str] = []
    role = "        role: parent   # or guardian"
    drafted = condition or kind or (household if relation is None else None)
    if drafted:
        lines += ["        link_where:   # which contacts are parents or guardians: check it", drafted]
    if not condition and relation:
        maps = _relation_map(export, relation)
        role = (
            f"        role: {{column: {_q(relation)}, map: guardian_roles}}   # maps.guardian_roles: check each value"
        )
        lines += [household] if household else []
    elif not drafted:
        lines.append(
            "        # link_where: ...   # none drafted: every contact listed is linked; an export listing emergency"
            " contacts too needs one"
        )
    lines += ["      columns:", role, *(f"        {line}" for line in _name_lines(whole, given, family))]
    email = _guess(export, ("email", "emailaddress", "contactemail", "mail", "email1"))
    phones = [c for c in _columns(export) if any(w in _squash(c) for w in PHONE) and _phones(export, c)]
    if email:
        lines.append(f"        email: {{column: {_q(email)}, clean: [email]}}")
    if phones:
        lines.append(f"        phone: {{column: [{', '.join(_q(p) for p in phones)}], clean: [phone]}}")
    return lines, maps


def _link_where(export: ExportFile, skip: tuple[str, ...]) -> str | None:
    """The condition a yes/no flag column drafts (a parent's flag kept at yes, an emergency
    contact's at no), or None. A household's flag is none of them (_household_where)."""
    for column in _flags(export, skip):
        name, field = _squash(column), _q("{" + column + "}")
        if any(w in name for w in HOUSEHOLD_FLAG):
            continue
        if any(w in name for w in OTHER_FLAG):
            forms = ", ".join(_q(v) for v in NO)
            return (
                f"          not_emergency: {{field: {field}, op: in, value: [{forms}], allow_empty: true, "
                "reason: emergency-contact}   # a yes leaves the contact unlinked: check it"
            )
        if any(w in name for w in PARENT_FLAG):
            forms = ", ".join(_q(v) for v in YES)
            return (
                f"          parent_or_guardian: {{field: {field}, op: in, value: [{forms}], reason: emergency-contact}}"
                "   # a no leaves the contact unlinked: check it"
            )
    return None


def _household_where(export: ExportFile, skip: tuple[str, ...], *, related: bool) -> str | None:
    """A yes/no flag saying who shares the student's home: beside a relationship column, a comment
    saying to leave it out of link_where (the relationships decide); alone, a condition whose no
    rows are left out as warnings (guardian-role-unknown), never as emergency contacts (a note
    nobody reads, docs/tutorial.md step 6). None without such a flag."""
    column = next((c for c in _flags(export, skip) if any(w in _squash(c) for w in HOUSEHOLD_FLAG)), None)
    if column is None:
        return None
    if related:
        return (
            f"        # {column} is no test of a parent: it says who shares the student's home, and a parent of\n"
            "        # another household has no there; the relationships (maps.guardian_roles) decide who is linked"
        )
    forms = ", ".join(_q(v) for v in YES)
    return (
        f"          lives_with: {{field: {_q('{' + column + '}')}, op: in, value: [{forms}], "
        "reason: guardian-role-unknown}   # a parent of another household has no here: each left out is a "
        "warning to check"
    )


def _flags(export: ExportFile, skip: tuple[str, ...]) -> list[str]:
    """The yes/no columns holding a yes."""
    return [
        column
        for column in _columns(export)
        if column not in skip
        and (values := _values(export, column))
        and values <= YES_NO
        and values - {v.casefold() for v in NO} - {""}
    ]


def _kind_where(export: ExportFile, skip: tuple[str, ...]) -> str | None:
    """The condition a column typing the contacts drafts (Genesis' Contact Type: GUARDIAN,
    EMERGENCY, NON-EMERGENCY, STUDENT): its values saying emergency, pickup or a doctor are left
    unlinked, whatever the relationship says (an emergency Grandmother beside a custodial one,
    tester67 F4). None where no column's values say so beside others."""
    for column in _columns(export):
        if column in skip:
            continue
        found = sorted(_values(export, column))
        others = [v for v in found if NOT_GUARDIAN.search(v)]
        if not others or len(others) == len(found) or len(found) > KIND_VALUES:
            continue
        written = {v.casefold(): v for v in export.samples.get(column, [])}
        forms = ", ".join(_q(written.get(v, v.upper())) for v in others)
        return (
            f"          not_emergency: {{field: {_q('{' + column + '}')}, op: not_in, value: [{forms}], "
            "reason: emergency-contact}   # these contacts are left unlinked: check the values"
        )
    return None


KIND_VALUES = 8  # a column typing the contacts holds a few values; more are names, notes or dates


def _relation_map(export: ExportFile, column: str) -> list[str]:
    """maps.guardian_roles from a relationship column's values: the parents' and guardians' words
    mapped, every other value a commented line to place; what is not listed is left out."""
    written = {v.casefold(): v for v in export.samples.get(column, [])}
    lines = [
        f"  guardian_roles:   # {export.name}'s {column}: a value not listed is no parent (left out)",
        "    values:",
    ]
    mapped, other = [], []
    for value in sorted(_values(export, column)):
        shown = written.get(value, value.title())
        if names_parent(value) and not NOT_GUARDIAN.search(value):  # 'Non-Parent' is none (review155 R2)
            role = "guardian" if "guardian" in value or "tutor" in value else "parent"
            mapped.append(f"      {_q(shown)}: {role}")
        else:
            other.append(f"      # {_q(shown)}: guardian   # a parent or guardian? uncomment if so")
    if not mapped:  # codes, not words (M, F, E; Aeries' 10, 11, 20): the district writes which are parents
        shown = ", ".join(_q(written.get(v, v.upper())) for v in sorted(_values(export, column)))
        lines[-1] += f" {{}}   # no value of {column} is a parent's word ({shown}): write the parents' and"
        lines.append('    #   guardians\' codes here, as values: {"M": parent, "F": parent, "G": guardian}')
        other = []
    return [*lines, *mapped, *other, "    unmapped: drop", f"    because: not a parent or guardian ({column})"]
