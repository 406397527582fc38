"""The safety gate for schools: a set whose schools come back under other IDs.

The whole-file limits (pipeline.gate) count users, classes and enrolments; orgs.csv is only
compared. A district has few schools, and when each is published under a new sourcedId
(Excel stripped the leading zeros of the school numbers in every file: '0410' -> '410') no user
or class is removed, every one is changed: Remind deletes each school and creates a new one,
moving every user and class of it, and the run said nothing (tester20 F1). A school removed
tonight and added under another ID with the same name, or under its old ID without the leading
zeros, is the same school re-keyed, the signature X955 uses for people.

The whole-file limits miss one school's schedule too: a district of ten schools that loses one
school's classes loses a tenth of them, under the limit, and that school's students stay
published in no class (tester29 F3). The people gate counts users school by school (X953);
`school_classes_lost` does the same for classes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from transform.pipeline import flags_left_in, set_sql, sis_switch
from transform.pipeline.gate import (
    REASSIGNED_AT_LEAST,
    SHRUNK_BELOW,
    Change,
    Night,
    columns_of,
    records_of,
    write_removals,
)
from transform.pipeline.people_gate import written_otherwise_cause
from transform.profile.compile import ColumnPlan, Plan
from transform.profile.templates import SETTINGS_ALIAS, FieldRef, Part, lone
from transform.report import codes
from transform.report.lookalike import clause
from transform.report.problem import Where
from transform.report.report import Report

EXAMPLES = 3
CLASSES_AT_LEAST = 3  # a school losing fewer classes than this is not refused for it
STUDENTS_AT_LEAST = 10  # nor a school whose fewer students lost every class (a family moving)
# Across the district, the share of the students who were in a class that may be published in none
# (docs/scheduling.md argues it): a schedule change gives a student other classes and a withdrawal
# removes the student, so an ordinary night leaves a handful; a cut export leaves every student
# whose rows came after the cut.
DISTRICT_SHARE = 0.02


def _plain(name: str) -> str:
    return " ".join(name.split()).casefold()


def _zeros_lost(old: str, new: str) -> bool:
    """`new` is `old` without its leading zeros ('0410' -> '410'), in each part an ID is built
    of ('0410-3RD' -> '410-3RD')."""
    return old != new and old.lstrip("0") == new


def rekeyed_schools(previous: Path, staged: Path, orgs: Change) -> list[tuple[str, str, str]]:
    """The schools of the last published set that tonight's set holds under another ID: (old ID,
    new ID, name), found by the old ID without its leading zeros, else by the same name (and type)
    among the orgs tonight's set adds. Read only when orgs were removed."""
    if not orgs.removed or not orgs.added:
        return []
    removed = set(orgs.removed)
    last = [(sourced_id, values) for values, sourced_id in records_of(previous / "orgs.csv")]
    gone = [(sourced_id, values) for sourced_id, values in last if sourced_id in removed]
    held = {sourced_id for sourced_id, _ in last}
    added = {sourced_id: values for values, sourced_id in records_of(staged / "orgs.csv") if sourced_id not in held}
    by_name: dict[tuple[str, str], list[str]] = {}
    for sourced_id, values in added.items():
        if name := _plain(values.get("name", "")):
            by_name.setdefault((values.get("type", ""), name), []).append(sourced_id)
    found: list[tuple[str, str, str]] = []
    taken: set[str] = set()
    for old, values in gone:
        name = values.get("name", "")
        stripped = old.lstrip("0")
        if stripped != old and stripped in added and stripped not in taken:
            new = stripped
        else:
            same = [i for i in by_name.get((values.get("type", ""), _plain(name)), []) if i not in taken]
            if len(same) != 1:  # none, or two new schools of one name: which one is not known
                continue
            new = same[0]
        taken.add(new)
        found.append((old, new, name))
    return sorted(found)


def gate_schools(moved: list[tuple[str, str, str]], night: Night, *, previous: int) -> None:
    """Refuse a set whose schools come back under other IDs (X984), from one school: each moves
    every user and class of its own (`previous`: how many schools the last set held). --allow-rollover
    publishes it (a real renumbering), said (X985)."""
    report, allow_rollover, since = night.report, night.allow_rollover, night.since
    if not moved:
        return
    shown = "; ".join(f"{old} -> {new} ({name}{clause(old, new)})" for old, new, name in moved[:EXAMPLES])
    if len(moved) > EXAMPLES:
        shown += f"; {len(moved) - EXAMPLES} more"
    params = {"count": len(moved), "previous": previous, "schools": shown}
    if allow_rollover:
        report.add(codes.code("schools-rekeyed"), Where(file="orgs.csv"), **params)
        return
    old, new, _ = moved[0]
    if (changed := sis_switch.said(report)) or report.facts.get("profile_changed"):
        # another source system (or profile) writing the numbers its own way: no spreadsheet, and the rollover
        # moves every user and class to new schools (tester83 T3); a map keeps the old IDs
        cause = (
            f"{changed or 'the profile changed since the last published set'}, "
            f"and the schools' numbers are written otherwise ({old!r} is now {new!r}): keep the old IDs with a map "
            f"in the district profile on the schools' sourcedId and every column naming a school (values "
            f"{{{new!r}: {old!r}}}: docs/identity.md, 'Changing SIS or ID columns'); --allow-rollover would "
            "re-create every school in Remind"
        )
    elif all(_zeros_lost(new, old) for old, new, _ in moved):
        # tonight's have the zeros the last set's lacked: that set was the spreadsheet's (tester57 U5); its
        # words name the flag's rerun, and no renumbering besides (reviewer123 R5)
        cause = written_otherwise_cause(old, new, users=False)
    elif all(_zeros_lost(old, new) for old, new, _ in moved):
        cause = (
            f"the IDs lost their leading zeros: the exports went through a spreadsheet (Excel opens "
            f"{old!r} as the number {new} and saves it so); export them again and copy them without "
            f"opening them in a spreadsheet; --allow-rollover publishes it when the schools were really renumbered"
        )
    else:
        cause = (
            "the schools' ID column changed in the exports or the profile; export them again as "
            "last time, or, when the schools were really renumbered, publish with --allow-rollover"
        )
    report.add(codes.code("schools-rekeyed-over-limit"), Where(file="orgs.csv"), cause=cause, since=since, **params)


# The columns of users.csv that hold a user's own number, or are made of it by a template
# ('{Student_number}@kids.example.org', 's{Student_number}'): a spreadsheet stripping the number's
# zeros in the export changes each of them (reviewer123 R4: every student's email 000123@ -> 123@,
# published at exit 0). A sourcedId made of it is X955's (people under new IDs); phones are the
# points gate's.
ZEROS_COLUMNS = ("identifier", "email", "username", "userIds")
PADDED = re.compile(set_sql.PADDED)  # a number beginning with a zero, in DuckDB's reading too
# a glued number's padded value may hold no other: a zero between digits (set_sql.GLUED) too
_GLUED_PADDED = re.compile(f"{set_sql.PADDED}|{set_sql.GLUED}")
_DIGITS = re.compile(set_sql.NUMBER)
_ASCII_DIGITS = frozenset("0123456789")
# How X854's and X855's words name, by column, the users whose value held a padded number and what
# they hold tonight ('whose email held a number beginning with a zero have that number in it tonight
# without its leading zeros'), and what the column is to Remind.
_WHOSE = {
    "identifier": ("identifier began with a zero", "it"),
    "email": ("email held a number beginning with a zero", "that number in it"),
    "username": ("username held a number beginning with a zero", "that number in it"),
    "userIds": ("userIds held a number beginning with a zero", "that number in them"),
}
_EFFECT = {
    "identifier": "Remind shows the identifier as the student-facing ID and needs it for its advanced messages",
    "email": "the profile makes the email of that number: each user's address in Remind",
    "username": "the profile makes the username of that number: each user's sign-in",
    "userIds": "the profile makes the userIds of that number",
}


class Template(NamedTuple):
    """A template making a column read with one of its placeholders a number: `pattern` the whole
    value, the number its group 1; `before` and `after` the template's text on either side of it (each
    other placeholder anything, a setting as it is set). `left`, what may stand right before the number
    in a run of digits: '' nothing (a text not ending in a digit, a name's placeholder: the number begins
    its run), 'text' the template's own text ending in a digit ('{settings.district_id}{Student_number}'),
    'school' the placeholder the users' orgSourcedIds copy ('{School_id}{Student_number}': the digits
    before the number the user's own school, `user_schools`). `glued`: the number may touch other
    digits (on its left as `left` says, or a placeholder or a digit after it): no number of the value is
    that number alone (reviewer139 R3); judged where it begins (`_number_starts`), never where the zeros
    merely went (reviewer143 R1, R2: 'ana000001' -> 'ana00001' is no 'ana0000' before an '01')."""

    pattern: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    glued: bool = False
    left: str = ""


# A group of users whose padded values a spreadsheet strips alike (`group_of`): ('#', digits) of a value
# copied whole, (pattern, -1) of a template's number standing alone, (pattern, digits before it) of a
# glued one; ('', 0) for none
Group = tuple[str, int]
NO_GROUP: Group = ("", 0)


class Made(NamedTuple):
    """How the profile makes a column of ZEROS_COLUMNS, which says where a spreadsheet could have
    stripped zeros from it: Excel strips them only from a cell that is a whole number (reviewer134 R2:
    Clever's Student_email 'kid0001@' -> 'kid1@', a text cell, is the SIS's change). `whole`: a rule
    copies an export's cell into it as it is (a column, a list of columns): only a value that is a
    whole number lost them ('0101' -> '101', not 'T001' -> 'T1'). `templates`: for each placeholder of
    a template making it ('{Student_number}@kids...'), tonight's value read with that placeholder a
    number: the number it put in whole lost them. `items`: the templates are of the items of a list
    (userIds '{SIS:{Student_number}},{LDAP:s{Student_number}}': each item judged, reviewer139 R4)."""

    whole: bool = False
    templates: tuple[Template, ...] = ()
    items: bool = False

    @property
    def glued(self) -> bool:
        return any(template.glued for template in self.templates)

    @property
    def after_school(self) -> bool:
        return any(template.left == "school" for template in self.templates)


# Without the profile's plan: the identifier, copied from an export's column
IDENTIFIER_ONLY: Mapping[str | tuple[str, str], Made] = {"identifier": Made(whole=True)}


def made_of(plan: Plan) -> dict[str | tuple[str, str], Made]:
    """The columns of ZEROS_COLUMNS the users rules make of an export's cells, and how (`Made`): by
    column, every rule's ways at once; and by (column, role) the ways of the rules (and records of a
    rule's `each`) whose role is literal (a fixed value, a template without placeholders), by which a
    user of that role is judged (`made_for`): the teachers' fallback '{Username}@{settings.email_domain}'
    does not judge the students' emails copied from the export (reviewer139 R1)."""
    made: dict[str | tuple[str, str], Made] = {}
    records = [
        record
        for rule in plan.rules.get("users", ())
        for record in ([rule.columns] if not rule.groups else [(*rule.columns, *group) for _, group in rule.groups])
    ]
    # the export columns the users' schools are read from: a number glued after one follows a school's ID
    schools = frozenset(
        ref.column
        for record in records
        for column in record
        if column.name == "orgSourcedIds"
        for ref in (*column.first_of, *(ref for parts in (column.parts, *column.fallback) for ref in lone(parts)))
    )
    for record in records:
        role = _literal_role(record)
        for column in record:
            if column.name not in ZEROS_COLUMNS or column.fixed is not None or column.map is not None:
                continue
            keys: list[str | tuple[str, str]] = [column.name]
            keys += [(column.name, role)] if role is not None else []
            for key in keys:
                made[key] = _joined(made.get(key, Made()), column, plan.settings, schools)
    return made


def _literal_role(record: tuple[ColumnPlan, ...]) -> str | None:
    """The role a record's columns write when it is one value (ColumnPlan.literal), else None (read
    from a cell, mapped). A group's own role comes after the rule's shared one and wins."""
    role: str | None = None
    for column in record:
        if column.name == "role":
            role = column.literal
    return role


def _joined(was: Made, column: ColumnPlan, settings: Mapping[str, object], schools: Collection[str] = ()) -> Made:
    """`was` with the ways `column` makes its value added."""
    whole, templates, items = was.whole, list(was.templates), was.items
    for parts in filter(None, (column.parts, *column.fallback)):
        if (refs := lone(parts)) and all(ref.alias != SETTINGS_ALIAS for ref in refs):
            whole = True
            continue
        made = templates_of(parts, settings, items=column.name == "userIds", schools=schools)
        templates += [t for t in made.templates if t not in templates]
        items = items or made.items
    return Made(whole or bool(column.first_of), tuple(templates), items)


def templates_of(
    parts: tuple[Part, ...], settings: Mapping[str, object], *, items: bool = False, schools: Collection[str] = ()
) -> Made:
    """How a template makes a value (`Made.templates`); with `items`, a list's: each item of it (the
    template's text cut at its commas) read alone. `schools`: the export columns the users' schools
    are read from (`Template.left`)."""
    if not items:
        return Made(templates=tuple(_placeholders(parts, settings, schools)))
    cut: list[list[Part]] = [[]]
    for piece in parts:
        if not isinstance(piece, str):
            cut[-1].append(piece)
            continue
        head, *rest = piece.split(",")
        cut[-1].append(head)
        cut += [[more] for more in rest]
    found = [t for item in cut for t in _placeholders(tuple(p for p in item if p != ""), settings, schools)]
    return Made(templates=tuple(found), items=len(cut) > 1)


def made_for(made: Mapping[str | tuple[str, str], Made], column: str, role: str) -> Made | None:
    """How `column` of a user of `role` is made: by the rules of that literal role, else by every rule."""
    return made.get((column, role), made.get(column))


def group_of(made: Made | None, old: str, schools: tuple[str, ...] = ()) -> Group:
    """The group of users whose padded values of one column a spreadsheet strips alike, by how the
    profile put the number in last night's value `old`: a value copied whole, by its number's digit
    count ('0101' apart from '000123'); else the template (and placeholder) that reads a padded number
    in it ('{First_name}.{Last_name}.{Student_number}@...': a 'Smith-Jones' in the same group as a
    'Diaz', reviewer139 R2), a glued one's with the digits before the number ('{School_id}{Student_number}'
    '200000123': 3, after the user's own school, `schools`: `user_schools`); of a list, its first item's
    that has one; NO_GROUP when none does."""
    if made is None:
        return NO_GROUP
    if made.whole and _DIGITS.fullmatch(old):
        return ("#", len(old))
    if made.items and "," in old:
        item = made._replace(items=False)
        parts = old.split(",")
        return next((group for part in parts if (group := group_of(item, part, schools)) != NO_GROUP), NO_GROUP)
    for template in made.templates:
        if template.glued:
            if (split := next(_number_starts(template, old, schools), None)) is not None:
                return (template.pattern.pattern, split[0] - split[1])
            continue
        if (match := template.pattern.fullmatch(old)) is None:
            continue
        start, end = match.span(1)
        number = old[start:end]
        if (
            number[:1] == "0"
            and number[1:2] in _ASCII_DIGITS
            and old[start - 1 : start] not in _ASCII_DIGITS
            and old[end : end + 1] not in _ASCII_DIGITS
        ):
            return (template.pattern.pattern, -1)
    return NO_GROUP


def _placeholders(
    parts: tuple[Part, ...], settings: Mapping[str, object], schools: Collection[str] = ()
) -> list[Template]:
    """A template read once per placeholder, that one a number ('([0-9]+)'), the others anything, a
    setting as it is set."""
    written: list[str] = []
    fixed: list[str | None] = []  # each part's text when it is fixed, None for a placeholder
    for piece in parts:
        if isinstance(piece, FieldRef) and piece.alias == SETTINGS_ALIAS and piece.column in settings:
            piece = str(settings[piece.column])
        fixed.append(piece if isinstance(piece, str) else None)
        written.append(re.escape(piece) if isinstance(piece, str) else ".*?")
    found = []
    for at, part in enumerate(parts):
        if not isinstance(part, FieldRef) or part.alias == SETTINGS_ALIAS:
            continue
        before, after = fixed[at - 1] if at else "", fixed[at + 1] if at + 1 < len(parts) else ""
        left = _left(parts[at - 1] if at else "", before, schools)
        flags = re.IGNORECASE | re.DOTALL
        found.append(
            Template(
                re.compile("".join([*written[:at], f"({set_sql.NUMBER})", *written[at + 1 :]]), flags),
                re.compile("".join(written[:at]), flags),
                re.compile("".join(written[at + 1 :]), flags),
                bool(left) or after is None or after[:1] in _ASCII_DIGITS,
                left,
            )
        )
    return found


def _left(part: Part, text: str | None, schools: Collection[str]) -> str:
    """`Template.left` of a number after `part` (`text` its fixed text, None for a placeholder)."""
    if text is not None:
        return "text" if text[-1:] in _ASCII_DIGITS else ""
    return "school" if isinstance(part, FieldRef) and part.column in schools else ""


def _number_starts(template: Template, old: str, schools: tuple[str, ...]) -> Iterator[tuple[int, int]]:
    """Where a glued template's number begins in `old` with a zero, as (that position, the start of its
    run of digits): at the start of a run, or after the digits its left side explains (`Template.left`:
    the template's text, or the user's own school (`schools`, `user_schools`), itself not beginning with
    a zero: a cell Excel wrote as a number never does). Only there: a zero inside a number ('ana100011') is none."""
    for run in _DIGITS.finditer(old):
        first, end = run.span()
        for at in _after_lead(template, old, first, end, schools):
            if old[at] == "0" and template.before.fullmatch(old[:at]) and _after_number(template, old, at):
                yield at, first


def _after_lead(template: Template, old: str, first: int, end: int, schools: tuple[str, ...]) -> Iterable[int]:
    """The positions of a run of digits (`first` to `end`) where a number may begin: its start, after the
    user's own school (the longest of `schools` the run begins with, one: reviewer152 R1, schools '1' and
    '10' read '10012345' as either by the order of a set), anywhere after the template's text (its
    `before` decides)."""
    if template.left == "text":
        return range(first, end - 1)
    if template.left == "school" and old[first] != "0":
        school = next((s for s in schools if old.startswith(s, first)), "")
        return [first, first + len(school)] if school and first + len(school) < end - 1 else [first]
    return [first] if first < end - 1 else []


def _glued_judged(template: Template, old: str, new: str, schools: tuple[str, ...]) -> bool:
    """Whether `new` is `old` with every leading zero of the number a glued template put in taken off
    (where it begins: `_number_starts`), nothing else changed: '200000123' -> '200123' of
    '{School_id}{Student_number}' at school '200'; not '200000001' -> '20000001' (a SIS padding to 5
    digits, reviewer143 R1), not '100011' -> '10011' (renumbered)."""
    for at, _ in _number_starts(template, old, schools):
        stop = at
        while old[stop] == "0" and old[stop + 1 : stop + 2] in _ASCII_DIGITS:
            stop += 1
        if new == old[:at] + old[stop:]:
            return True
    return False


def _zeros_cut(old: str, new: str) -> int | None:
    """Where in `old` the run of zeros begins that `new` is without ('200000123' -> '200123': 3): the
    leading zeros of a number, each of them (the digit after them none, unless the number is '0')."""
    cut = len(old) - len(new)
    if cut <= 0:
        return None
    same = 0
    while same < len(new) and old[same] == new[same]:
        same += 1
    for at in range(same + 1):
        rest = old[at + cut :]
        if old[at : at + cut] != "0" * cut or rest != new[at:] or not rest or rest[0] not in _ASCII_DIGITS:
            continue
        if rest[0] != "0" or not rest[1:2] or rest[1] not in _ASCII_DIGITS:  # a zero left first: not all taken
            return at
    return None


def _after_number(template: Template, value: str, first: int) -> bool:
    """Whether the template's text after its number reads `value` from some digit of the run from `first`."""
    end = first
    while end < len(value) and value[end] in _ASCII_DIGITS:
        end += 1
    return any(template.after.fullmatch(value[stop:]) for stop in range(first + 1, end + 1))


def _stripped(old: str, new: str) -> list[int]:
    """The positions of the numbers of `new` that are `old`'s without their leading zeros, when `new`
    holds as many numbers as `old` and each of the others is the same ('000123@kids.example.org' ->
    '123@kids.example.org', '000123@old.example.org' -> '123@new.example.org': the letters around
    may change, reviewer134 R1); else none."""
    before, after = _DIGITS.findall(old), _DIGITS.findall(new)
    if len(before) != len(after):
        return []
    found = []
    for at, (was, now) in enumerate(zip(before, after, strict=True)):
        if was == now:
            continue
        if was[0] != "0" or now != (was.lstrip("0") or "0"):
            return []
        found.append(at)
    return found


def zeros_lost_in(old: str, new: str) -> tuple[str, str] | None:
    """The first number of `old` that `new` holds without its leading zeros, as (old, new) ('000123',
    '123'), when every number of `new` is `old`'s, some without their leading zeros (`_stripped`);
    else None (a number added or changed, a zero gained)."""
    found = _stripped(old, new)
    if not found:
        if not zeros_removed(old, new) or (at := _zeros_cut(old, new)) is None:
            return None
        number = _DIGITS.match(old, at)  # glued to other digits: the number from its zeros on ('4021000123')
        return (number.group(), number.group()[len(old) - len(new) :]) if number else None
    return _DIGITS.findall(old)[found[0]], _DIGITS.findall(new)[found[0]]


def judged(made: Made | None, old: str, new: str, schools: tuple[str, ...] = ()) -> bool:
    """Whether `new` is `old` with the leading zeros a spreadsheet strips taken off a number the
    profile put in whole (`Made`): a value copied that was a whole number, or a number a template's
    placeholder put in, alone or glued to other digits (`_glued_judged`; after the user's school, one of
    `schools`: `user_schools`), in each item of a list."""
    if made is None:
        return False
    if made.whole and _DIGITS.fullmatch(old) and _DIGITS.fullmatch(new):  # '0101' -> '101', without findall
        return old[0] == "0" and old != new and new == (old.lstrip("0") or "0")
    found = _stripped(old, new) if made.templates else []
    removed = made.glued and zeros_removed(old, new)
    if not found and not removed:  # set_sql's candidates: what neither reads is not read by the other engine
        return False
    if found and _placed(made.templates, new, found):
        return True
    if made.items and "," in new:
        return _items_judged(made._replace(items=False), old.split(","), new.split(","), schools)
    return removed and any(_glued_judged(t, old, new, schools) for t in made.templates if t.glued)


def _placed(templates: tuple[Template, ...], new: str, found: list[int]) -> bool:
    """Whether a template put in whole one of the numbers of `new` that lost their zeros (`found`)."""
    for template in templates:
        if (match := template.pattern.fullmatch(new)) is None:
            continue
        start, end = match.span(1)
        whole = new[start - 1 : start] not in _ASCII_DIGITS and new[end : end + 1] not in _ASCII_DIGITS
        if whole and len(_DIGITS.findall(new[:start])) in found:
            return True
    return False


def _items_judged(made: Made, olds: list[str], news: list[str], schools: tuple[str, ...]) -> bool:
    """Whether each item of a list that changed lost its zeros (`judged`), one at least."""
    if len(olds) != len(news):
        return False
    changed = [(old, new) for old, new in zip(olds, news, strict=True) if old != new]
    return bool(changed) and all(judged(made, old, new, schools) for old, new in changed)


def zeros_removed(old: str, new: str) -> bool:
    """set_sql's reading of a glued number's lost zeros: `new` shorter, and `old` without its zeros."""
    return len(new) < len(old) and old.replace("0", "") == new.replace("0", "")


class ZerosLost(NamedTuple):
    """`identifiers_zeros_lost`, by column of ZEROS_COLUMNS: the users whose value lost the leading
    zeros of a number in it (sourcedId, old, new, name); `padded`, by column and `group_of` last
    night's value, how many users both sets hold whose value in it held a number beginning with a zero
    last night (tonight's not blank): each share's denominator (reviewer123 R2: of every user, the
    parents with no identifier among them, 11 teachers of 1,241 users were 0.89%, published at exit 0);
    and `groups`, (column, sourcedId) -> the group of each user found."""

    found: dict[str, list[tuple[str, str, str, str]]]
    padded: dict[tuple[str, Group], int]
    groups: dict[tuple[str, str], Group]


# (sourcedId, name, role tonight, last night's values, tonight's, the user's orgSourcedIds when the same both
# nights and read, else ''): a user one of whose values may have lost zeros
Candidate = set_sql.ZerosCandidate


def user_schools(orgs: str) -> tuple[str, ...]:
    """A user's schools (its orgSourcedIds, the same both nights, `identifiers_zeros_lost`), the longest
    first, each length in order: the school a number glued after it follows (`Template.left`), read
    alike on any night, whatever the order of a set (reviewer152 R1)."""
    return tuple(sorted({school for school in orgs.split(",") if school}, key=lambda school: (-len(school), school)))


def identifiers_zeros_lost(
    previous: Path, staged: Path, users: Change, made: Mapping[str | tuple[str, str], Made] = IDENTIFIER_ONLY
) -> ZerosLost:
    """The users in both sets whose identifier, email, username or userIds tonight is last night's
    without the leading zeros of a number the profile put in whole (`made`, `judged`: '0101' -> '101':
    an export through Excel, tester20 F1; '000123@kids...' -> '123@kids...': an email a template makes
    of that number, reviewer123 R4), each judged by how the profile makes it for the user's role
    (`made_for`). Read only when users changed; of the last set only the values holding such a number
    are held. A number glued after the user's school is judged only when its orgSourcedIds are the same
    both nights (reviewer152 R3: school '10' merged into '1', '10012345' -> '1012345', no zeros lost)."""
    columns = tuple(column for column in ZEROS_COLUMNS if column in made)  # the others are not read
    if not users.changed or not columns:
        return ZerosLost({}, {}, {})
    # a glued number's padded values ('4021000123') hold a zero between digits (set_sql.GLUED)
    glued = frozenset(key if isinstance(key, str) else key[0] for key, how in made.items() if how.glued)
    school = any(how.after_school for how in made.values())
    fast = set_sql.zeros_candidates(previous, staged, columns, glued, school=school)
    if fast is not None:
        return _counted(fast[0], columns, made, lambda: fast[1])
    tests = [_GLUED_PADDED if column in glued else PADDED for column in columns]
    orgs = ("orgSourcedIds",) if school else ()
    held: dict[str, tuple[str, ...]] = {}  # sourcedId -> the padded values, then its orgSourcedIds when read
    for sourced_id, *cells in columns_of(previous / "users.csv", "sourcedId", *columns, *orgs):
        padded = tuple(cell if test.search(cell) else "" for cell, test in zip(cells, tests, strict=False))
        if any(padded):
            held[sourced_id] = (*padded, *cells[len(columns) :])
    candidates: list[Candidate] = []
    names = ("givenName", "familyName", "role")
    read = columns_of(staged / "users.csv", "sourcedId", *names, *columns, *orgs)
    for sourced_id, given, family, role, *cells in read:
        if (olds := held.get(sourced_id)) is not None and any(
            o and o != n for o, n in zip(olds[: len(columns)], cells, strict=False)
        ):
            news = tuple(new if old else "" for old, new in zip(olds, cells[: len(columns)], strict=False))
            name = " ".join(n for n in (given, family) if n)
            candidates.append((sourced_id, name, role, olds[: len(columns)], news, _same_orgs(olds, cells, orgs)))

    def kept() -> list[tuple[str, str, str, str, int]]:  # read again only on a night some lost their zeros
        counted: Counter[tuple[str, str, str, str]] = Counter()  # (column, role, last night's value, school)
        for sourced_id, role, *cells in columns_of(staged / "users.csv", "sourcedId", "role", *columns, *orgs):
            olds = held.get(sourced_id, ())
            orgs_both = _same_orgs(olds, cells, orgs)
            for column, old, new in zip(columns, olds, cells, strict=False):
                if old and new:
                    counted[(column, role, old, orgs_both)] += 1
        return [(*key, count) for key, count in counted.items()]

    return _counted(candidates, columns, made, kept)


def _same_orgs(olds: tuple[str, ...], news: list[str], orgs: tuple[str, ...]) -> str:
    """A user's orgSourcedIds (the last cell of both rows when `orgs` read it) when the same both nights, else ''."""
    return olds[-1] if orgs and olds and news and olds[-1] == news[-1] else ""


def _counted(
    candidates: list[Candidate],
    columns: tuple[str, ...],
    made: Mapping[str | tuple[str, str], Made],
    values: Callable[[], Iterable[tuple[str, str, str, str, int]]],
) -> ZerosLost:
    """The users of `candidates` whose values lost their zeros, and the padded `values` (column, role,
    last night's value, the user's orgSourcedIds of both nights, users) counted by group, in the columns
    where some did."""
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    groups: dict[tuple[str, str], Group] = {}
    known: dict[tuple[str, str, str, str], Group] = {}  # (column, role, last night's value, orgs): its group
    for sourced_id, name, role, olds, news, orgs in candidates:
        schools = user_schools(orgs)
        for column, old, new in zip(columns, olds, news, strict=True):
            how = made_for(made, column, role)
            if old and new and judged(how, old, new, schools):
                found.setdefault(column, []).append((sourced_id, old, new, name))
                groups[(column, sourced_id)] = known[(column, role, old, orgs)] = group_of(how, old, schools)
    # the groups' counts only where a value lost its zeros (a regular expression a value: a night's cost)
    padded: Counter[tuple[str, Group]] = Counter()
    for column, role, old, orgs, count in values() if found else ():
        if column in found:
            group = known.get((column, role, old, orgs)) or group_of(
                made_for(made, column, role), old, user_schools(orgs)
            )
            padded[(column, group)] += count
    return ZerosLost({column: sorted(rows) for column, rows in found.items()}, dict(padded), groups)


def gate_identifiers(zeros: ZerosLost, night: Night, *, limit: float) -> None:
    """Refuse a set in which, in a column of ZEROS_COLUMNS, more than `limit` percent (--max-reassigned,
    and at least 3) of the users whose value of one group (`group_of`) held a number beginning with a zero in the
    last published set (`zeros.padded`) have it without its leading zeros (X854): Excel strips every
    padded number of a column, a SIS renumbering changes a few (tester59 C5: every Student_Number and
    Teacher_Number of Clever's exports, 152 users, published at exit 0 under V606; reviewer123 R4:
    every student's email made of that number, published at exit 0 unsaid). Remind shows the identifier
    as the student's own number and knows users by their email, so the last set, whose values are
    right, stays. --allow-rollover publishes it (a SIS that stopped padding its numbers), said by X855,
    which a person looks at on any night: a new school year explains no lost zeros (reviewer123 R1);
    fewer are published and said (V606)."""
    report, allow_rollover, since = night.report, night.allow_rollover, night.since
    over = _zeros_over(zeros, limit)
    if not over:
        for column in ZEROS_COLUMNS:
            note_identifiers(zeros.found.get(column, []), report, column=column)
        return
    column, found, previous = over[0]
    also = "".join(
        f", and {len(rows)} of the {held} whose {_WHOSE[other][0]} have {_WHOSE[other][1]} so too "
        f"({round(len(rows) * 100 / held, 1)}%)"
        for other, rows, held in over[1:]
    )
    params = {
        "previous": previous,
        "percent": round(len(found) * 100 / previous, 1),
        "limit": limit,
        "since": since,
        "whose": _WHOSE[column][0],
        "that": _WHOSE[column][1],
        "effect": _EFFECT[column],
        "also": also,
    }
    said = (
        codes.code("identifiers-zeros-lost-allowed")
        if allow_rollover
        else codes.code("identifiers-zeros-lost-over-limit")
    )
    report.add(said, Where(file="users.csv", column=column), **params, **_shown(found, column))


def _zeros_over(zeros: ZerosLost, limit: float) -> list[tuple[str, list[tuple[str, str, str, str]], int]]:
    """The columns in which the users of a group (`group_of`) (at least 3, over `limit` percent of its padded
    users) lost their zeros: (column, those users of the groups over, the padded users of those
    groups), the column with the most first."""
    over = []
    for column in ZEROS_COLUMNS:
        by_group: dict[Group, list[tuple[str, str, str, str]]] = {}
        for row in zeros.found.get(column, []):
            by_group.setdefault(zeros.groups.get((column, row[0]), NO_GROUP), []).append(row)
        found: list[tuple[str, str, str, str]] = []
        held = 0
        for kind, rows in by_group.items():
            padded = zeros.padded.get((column, kind), 0)
            if len(rows) >= REASSIGNED_AT_LEAST and (not padded or len(rows) * 100 / padded > limit):
                found += rows
                held += padded
        if found:
            over.append((column, sorted(found), max(held, len(found))))
    return sorted(over, key=lambda item: -len(item[1]))


def _shown(found: list[tuple[str, str, str, str]], column: str = "identifier") -> dict[str, object]:
    """The first few users of `found` (with and without their names), the count and the first example."""
    more = f"; {len(found) - EXAMPLES} more" if len(found) > EXAMPLES else ""
    shown = "; ".join(f"{sid}: {old} -> {new} ({name}{clause(old, new)})" for sid, old, new, name in found[:EXAMPLES])
    # --redact keeps the IDs and identifiers (SIS numbers, no personal data) and leaves the names
    # out (it blanked the whole list); of an email or a username only the number is kept
    hidden = "; ".join(
        f"{sid}: {old} -> {new} (<redacted>{clause(old, new)})"
        if column == "identifier"
        else f"{sid}: {' -> '.join(zeros_lost_in(old, new) or ('', ''))} in the {column} (<redacted>)"
        for sid, old, new, _ in found[:EXAMPLES]
    )
    _, old, new, _ = found[0]
    example, stripped = zeros_lost_in(old, new) or (old, new)
    return {
        "count": len(found),
        "people": shown + more,
        "people_redacted": hidden + more,
        "example": example,
        "stripped": stripped,
    }


def note_identifiers(found: list[tuple[str, str, str, str]], report: Report, *, column: str = "identifier") -> None:
    """V606, a warning: the values of `column` that lost their leading zeros since the last set."""
    if not found:
        return
    what = "identifier they had" if column == "identifier" else f"{column} they had with the number in it"
    report.add(
        codes.code("identifiers-zeros-lost"), Where(file="users.csv", column=column), what=what, **_shown(found, column)
    )


def school_classes_lost(previous: Path, staged: Path, classes: Change) -> list[tuple[str, str, int, int, int]]:
    """The schools of tonight's set that hold under half of the classes they held in the last
    published set, having lost at least CLASSES_AT_LEAST of them that no ended term explains:
    (school, its name, classes last time, classes tonight, removed unexplained). A semester
    change removes a school's classes and adds the next term's, so its count holds; a school
    left out tonight, or one whose students mostly left the set too (a students export cut), is
    the people gate's and the orgs' to say (X953): only a school that keeps its students is."""
    unexplained = set(classes.removed) - set(classes.ended)
    if len(unexplained) < CLASSES_AT_LEAST:
        return []
    held: dict[str, int] = {}
    removed: dict[str, int] = {}
    for values, sourced_id in records_of(previous / "classes.csv"):
        school = values.get("schoolSourcedId", "")
        held[school] = held.get(school, 0) + 1
        if sourced_id in unexplained:
            removed[school] = removed.get(school, 0) + 1
    now: dict[str, int] = {}
    for values, _ in records_of(staged / "classes.csv"):
        school = values.get("schoolSourcedId", "")
        now[school] = now.get(school, 0) + 1
    schools = {sourced_id: values.get("name", "") for values, sourced_id in records_of(staged / "orgs.csv")}
    found = [
        school
        for school, lost in sorted(removed.items())
        if school in schools and lost >= CLASSES_AT_LEAST and now.get(school, 0) < held[school] * SHRUNK_BELOW
    ]
    if not found:
        return []
    students_then, students_now = _students_at(previous / "users.csv"), _students_at(staged / "users.csv")
    return [
        (school, schools[school], held[school], now.get(school, 0), removed[school])
        for school in found
        if students_now.get(school, 0) >= students_then.get(school, 0) * SHRUNK_BELOW
    ]


def _students_at(users: Path) -> dict[str, int]:
    """Students by school (each of a student's orgSourcedIds) in a written users.csv."""
    counts: dict[str, int] = {}
    for role, orgs in columns_of(users, "role", "orgSourcedIds"):
        if role == "student":
            for school in filter(None, orgs.split(",")):
                counts[school] = counts.get(school, 0) + 1
    return counts


class Unenrolled(NamedTuple):
    """Of the students of the last published set who were in a class, those published tonight in no
    class, having lost an enrolment no ended term explains: by school of the last set (ID ->
    students in a class last time; ID -> of them in no class tonight) and across the district
    (each student once: in a class last time, of them in no class tonight)."""

    held: dict[str, int]
    emptied: dict[str, int]
    district: tuple[int, int]


def students_unenrolled(previous: Path, staged: Path, enrollments: Change) -> Unenrolled | None:
    """The students in a class in the last published set who would be published tonight in none,
    their enrolments removed and no ended term explaining it (a withdrawal removes the student, a
    schedule change gives other classes): None when fewer than STUDENTS_AT_LEAST lost an
    enrolment so. Read only when enrolments were removed."""
    unexplained = set(enrollments.removed) - set(enrollments.ended)
    if len(unexplained) < STUDENTS_AT_LEAST:
        return None
    fast = set_sql.students_unenrolled(previous, staged, unexplained)
    if fast is not None:
        lost, by_school, district = fast
        if lost < STUDENTS_AT_LEAST:
            return None
        return Unenrolled(
            {school: counts[0] for school, counts in by_school.items()},
            {school: counts[1] for school, counts in by_school.items() if counts[1]},
            district,
        )
    was_enrolled: set[str] = set()
    lost_one: set[str] = set()
    for sourced_id, user in columns_of(previous / "enrollments.csv", "sourcedId", "userSourcedId"):
        was_enrolled.add(user)
        if sourced_id in unexplained:
            lost_one.add(user)
    if len(lost_one) < STUDENTS_AT_LEAST:
        return None
    # Of the students who lost an enrolment, those still in a class tonight, and those published.
    still_enrolled = {user for (user,) in columns_of(staged / "enrollments.csv", "userSourcedId") if user in lost_one}
    published = {user for (user,) in columns_of(staged / "users.csv", "sourcedId") if user in lost_one}
    in_no_class = (lost_one & published) - still_enrolled
    held: dict[str, int] = {}
    emptied: dict[str, int] = {}
    students: set[str] = set()
    for sourced_id, role, orgs in columns_of(previous / "users.csv", "sourcedId", "role", "orgSourcedIds"):
        if role != "student" or sourced_id not in was_enrolled:
            continue
        students.add(sourced_id)
        for school in filter(None, orgs.split(",")):
            held[school] = held.get(school, 0) + 1
            if sourced_id in in_no_class:
                emptied[school] = emptied.get(school, 0) + 1
    return Unenrolled(held, emptied, (len(students), len(students & in_no_class)))


def school_students_unenrolled(previous: Path, staged: Path, enrollments: Change) -> list[tuple[str, str, int, int]]:
    """The schools of tonight's set at which more than half of the students who were in a class
    in the last published set, and at least STUDENTS_AT_LEAST, are published tonight in no class,
    having lost an enrolment no ended term explains: (school, its name, students in a class last
    time, of them in no class tonight). A schedule export missing most of one school's students'
    rows keeps the school's classes (a few students each), so X993 does not see it (tester31 F2).
    Read only when enrolments were removed."""
    found = students_unenrolled(previous, staged, enrollments)
    return [] if found is None else _schools_emptied(staged, found.held, found.emptied)


def district_students_unenrolled(
    unenrolled: Unenrolled | None, *, besides: Collection[str] = ()
) -> tuple[int, int, int] | None:
    """X897's question: across the district, more than DISTRICT_SHARE of the students who were in a
    class in the last published set, and at least STUDENTS_AT_LEAST, published tonight in no class
    (an enrolment export cut under the whole-file limit, its lost rows spread over every school, so
    that no school loses half, tester44 F10): (students in a class last time, of them in no class
    tonight, schools they are at), or None. `besides`: schools said already (X997): the question is
    asked of the other schools' students (those of a named school taken off the district's counts;
    a student at two schools, one of them named, goes with it)."""
    if unenrolled is None:
        return None
    held, emptied = unenrolled.district
    for school in besides:
        held -= unenrolled.held.get(school, 0)
        emptied -= unenrolled.emptied.get(school, 0)
    held, emptied = max(held, 0), max(emptied, 0)
    if emptied < STUDENTS_AT_LEAST or emptied <= held * DISTRICT_SHARE:
        return None
    return held, emptied, len(set(unenrolled.emptied) - set(besides))


def _said_for_flag(report: Report, slug: str, params: dict[str, object]) -> None:
    """X995 and X998 for F454 (pipeline.flags_left_in): judged by the calendar of the school each names."""
    school = str(params.get("school", ""))
    if slug == "school-classes-removed":
        words = f"school {school} keeps {params['now']} of its {params['previous']} classes"
        flags_left_in.said_at(report, "X995", [school], words)
    elif slug == "school-students-unenrolled":
        words = f"school {school}: {params['emptied']} of the {params['previous']} students in a class are in none"
        flags_left_in.said_at(report, "X998", [school], words)


def _schools_emptied(staged: Path, held: dict[str, int], emptied: dict[str, int]) -> list[tuple[str, str, int, int]]:
    """Of the schools (ID -> students in a class last time; ID -> of them in no class tonight),
    those of tonight's set that lost most of them, with their names."""
    schools = {sourced_id: values.get("name", "") for values, sourced_id in records_of(staged / "orgs.csv")}
    return [
        (school, schools[school], held[school], count)
        for school, count in sorted(emptied.items())
        if school in schools and count >= STUDENTS_AT_LEAST and count > held[school] * SHRUNK_BELOW
    ]


def gate_schools_emptied(night: Night, *, limits: dict[str, float]) -> None:
    """Refuse a set in which a school kept tonight lost most of its classes (X993), or most of its
    students who were in a class are in none (X997): a schedule export missing the school's rows;
    or in which, across the district, more than DISTRICT_SHARE of them are in none (X897): a
    schedule export cut short under the whole-file limit. --allow-rollover publishes it (a
    schedule that really ended, a school moved to another system), said (X995, X998, X898). A
    file refused across the district (X906) is not named again school by school."""
    previous, staged, report, changes = night.previous, night.staged, night.report, night.changes
    allow_rollover, removals, since = night.allow_rollover, night.removals, night.since
    found: list[tuple[str, str, dict[str, object]]] = []
    over = {table: changes[table].unexplained_share * 100 > limits[table] for table in ("classes", "enrollments")}
    if not over["classes"] and (previous / "classes.csv").is_file():
        for school, name, held, now, removed in school_classes_lost(previous, staged, changes["classes"]):
            params = {"school": school, "name": name, "previous": held, "now": now, "removed": removed}
            found.append(("school-classes-removed", "classes.csv", params))
    # Over the limit, the whole file is refused (X906) and not named again school by school; under
    # --allow-rollover that removal is published (X908), and the students it leaves in no class are
    # said too (X898): a rollover moves students to new classes, a cut export leaves them in none.
    judged = not over["enrollments"] or allow_rollover
    if judged and (previous / "enrollments.csv").is_file():
        unenrolled = students_unenrolled(previous, staged, changes["enrollments"])
        schools = [] if unenrolled is None else _schools_emptied(staged, unenrolled.held, unenrolled.emptied)
        for school, name, held, emptied in schools:
            params = {"school": school, "name": name, "previous": held, "emptied": emptied}
            found.append(("school-students-unenrolled", "enrollments.csv", params))
        # Across the district, the schools not named: a school's refusal (X997) says most of its
        # own, not the students of the others left in no class beside it.
        district = district_students_unenrolled(unenrolled, besides=[school for school, *_ in schools])
        if district is not None:
            held, emptied, at = district
            params = {
                "previous": held,
                "emptied": emptied,
                "share": f"{emptied / held * 100:.1f}",
                "limit": f"{DISTRICT_SHARE * 100:g}",
                "schools": at,
            }
            found.append(("students-unenrolled", "enrollments.csv", params))
            if allow_rollover and unenrolled is not None:
                emptied_at = set(unenrolled.emptied) - {school for school, *_ in schools}
                words = f"{emptied} of the {held} students who were in a class are in none"
                flags_left_in.said_at(report, "X898", emptied_at, words)
    if not found:
        return
    write_removals(removals, changes, previous, report=report)
    for slug, file, params in found:
        if allow_rollover:
            report.add(codes.code(f"{slug}-allowed"), Where(file=file), removals=removals, **params)  # type: ignore[arg-type]
            _said_for_flag(report, slug, params)
        else:
            report.add(codes.code(slug), Where(file=file), since=since, removals=removals, **params)  # type: ignore[arg-type]
