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
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import NamedTuple

from transform.pipeline import flags_left_in, set_sql
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
    if all(_zeros_lost(new, old) for old, new, _ in moved):
        # tonight's have the zeros the last set's lacked: that set was the spreadsheet's (tester57 U5); its
        # words name the flag's rerun, and no renumbering besides (reviewer123 R5)
        cause = written_otherwise_cause(old, new)
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


class Made(NamedTuple):
    """How the profile makes a column of ZEROS_COLUMNS, which says where a spreadsheet could have
    stripped zeros from it: Excel strips them only from a cell that is a whole number (reviewer134 R2:
    Clever's Student_email 'kid0001@' -> 'kid1@', a text cell, is the SIS's change). `whole`: a rule
    copies an export's cell into it as it is (a column, a list of columns): only a value that is a
    whole number lost them ('0101' -> '101', not 'T001' -> 'T1'). `templates`: for each placeholder of
    a template making it ('{Student_number}@kids...'), tonight's value read with that placeholder a
    number: the number it put in whole lost them."""

    whole: bool = False
    templates: tuple[re.Pattern[str], ...] = ()


# Without the profile's plan: the identifier, copied from an export's column
IDENTIFIER_ONLY: Mapping[str | tuple[str, str], Made] = {"identifier": Made(whole=True)}


def made_of(plan: Plan) -> dict[str | tuple[str, str], Made]:
    """The columns of ZEROS_COLUMNS the users rules make of an export's cells, and how (`Made`): by
    column, every rule's ways at once; and by (column, role) the ways of the rules (and records of a
    rule's `each`) whose role is literal (a fixed value, a template without placeholders), by which a
    user of that role is judged (`made_for`): the teachers' fallback '{Username}@{settings.email_domain}'
    does not judge the students' emails copied from the export (reviewer139 R1)."""
    made: dict[str | tuple[str, str], Made] = {}
    for rule in plan.rules.get("users", ()):
        for record in [rule.columns] if not rule.groups else [(*rule.columns, *group) for _, group in rule.groups]:
            role = _literal_role(record)
            for column in record:
                if column.name not in ZEROS_COLUMNS or column.fixed is not None or column.map is not None:
                    continue
                keys: list[str | tuple[str, str]] = [column.name]
                keys += [(column.name, role)] if role is not None else []
                for key in keys:
                    made[key] = _joined(made.get(key, Made()), column, plan.settings)
    return made


def _literal_role(record: tuple[ColumnPlan, ...]) -> str | None:
    """The role a record's columns write when it is one value (ColumnPlan.literal), else None (read
    from a cell, mapped). A group's own role comes after the rule's shared one and wins."""
    role: str | None = None
    for column in record:
        if column.name == "role":
            role = column.literal
    return role


def _joined(was: Made, column: ColumnPlan, settings: Mapping[str, object]) -> Made:
    """`was` with the ways `column` makes its value added."""
    whole, templates = was.whole, list(was.templates)
    for parts in filter(None, (column.parts, *column.fallback)):
        if (refs := lone(parts)) and all(ref.alias != SETTINGS_ALIAS for ref in refs):
            whole = True
        else:
            templates += [t for t in _placeholders(parts, settings) if t not in templates]
    return Made(whole or bool(column.first_of), tuple(templates))


def made_for(made: Mapping[str | tuple[str, str], Made], column: str, role: str) -> Made | None:
    """How `column` of a user of `role` is made: by the rules of that literal role, else by every rule."""
    return made.get((column, role), made.get(column))


def group_of(made: Made | None, old: str) -> str:
    """The group of users whose padded values of one column a spreadsheet strips alike, by how the
    profile put the number in last night's value `old`: a value copied whole, by its number's digit
    count ('0101' apart from '000123'); else the template (and placeholder) that reads a padded number
    in it ('{First_name}.{Last_name}.{Student_number}@...': a 'Smith-Jones' in the same group as a
    'Diaz', reviewer139 R2); '' when none does."""
    if made is None:
        return ""
    if made.whole and _DIGITS.fullmatch(old):
        return f"#{len(old)}"
    for template in made.templates:
        if (match := template.fullmatch(old)) is None:
            continue
        start, end = match.span(1)
        number = old[start:end]
        if (
            len(number) > 1
            and number[0] == "0"
            and old[start - 1 : start] not in _ASCII_DIGITS
            and old[end : end + 1] not in _ASCII_DIGITS
        ):
            return template.pattern
    return ""


def _placeholders(parts: tuple[Part, ...], settings: Mapping[str, object]) -> list[re.Pattern[str]]:
    """A template read once per placeholder, that one a number ('([0-9]+)'), the others anything, a
    setting as it is set."""
    found = []
    for at, part in enumerate(parts):
        if not isinstance(part, FieldRef) or part.alias == SETTINGS_ALIAS:
            continue
        written = []
        for other, piece in enumerate(parts):
            if other == at:
                written.append(f"({set_sql.NUMBER})")
            elif isinstance(piece, str):
                written.append(re.escape(piece))
            elif isinstance(piece, FieldRef) and piece.alias == SETTINGS_ALIAS and piece.column in settings:
                written.append(re.escape(str(settings[piece.column])))
            else:
                written.append(".*?")
        found.append(re.compile("".join(written), re.IGNORECASE | re.DOTALL))
    return found


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
        return None
    return _DIGITS.findall(old)[found[0]], _DIGITS.findall(new)[found[0]]


def judged(made: Made | None, old: str, new: str) -> bool:
    """Whether `new` is `old` with the leading zeros a spreadsheet strips taken off a number the
    profile put in whole (`Made`): a value copied that was a whole number, or a number a template's
    placeholder put in."""
    if made is None:
        return False
    if made.whole and _DIGITS.fullmatch(old) and _DIGITS.fullmatch(new):  # '0101' -> '101', without findall
        return old[0] == "0" and old != new and new == (old.lstrip("0") or "0")
    if not made.templates or not (found := _stripped(old, new)):
        return False
    for template in made.templates:
        if (match := template.fullmatch(new)) is None:
            continue
        start, end = match.span(1)
        whole = new[start - 1 : start] not in _ASCII_DIGITS and new[end : end + 1] not in _ASCII_DIGITS
        if whole and len(_DIGITS.findall(new[:start])) in found:
            return True
    return False


class ZerosLost(NamedTuple):
    """`identifiers_zeros_lost`, by column of ZEROS_COLUMNS: the users whose value lost the leading
    zeros of a number in it (sourcedId, old, new, name); `padded`, by column and `group_of` last
    night's value, how many users both sets hold whose value in it held a number beginning with a zero
    last night (tonight's not blank): each share's denominator (reviewer123 R2: of every user, the
    parents with no identifier among them, 11 teachers of 1,241 users were 0.89%, published at exit 0);
    and `groups`, (column, sourcedId) -> the group of each user found."""

    found: dict[str, list[tuple[str, str, str, str]]]
    padded: dict[tuple[str, str], int]
    groups: dict[tuple[str, str], str]


# (sourcedId, name, role tonight, last night's values, tonight's): a user one of whose values may have lost zeros
Candidate = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]


def identifiers_zeros_lost(
    previous: Path, staged: Path, users: Change, made: Mapping[str | tuple[str, str], Made] = IDENTIFIER_ONLY
) -> ZerosLost:
    """The users in both sets whose identifier, email, username or userIds tonight is last night's
    without the leading zeros of a number the profile put in whole (`made`, `judged`: '0101' -> '101':
    an export through Excel, tester20 F1; '000123@kids...' -> '123@kids...': an email a template makes
    of that number, reviewer123 R4), each judged by how the profile makes it for the user's role
    (`made_for`). Read only when users changed; of the last set only the values holding such a number
    are held."""
    columns = tuple(column for column in ZEROS_COLUMNS if column in made)  # the others are not read
    if not users.changed or not columns:
        return ZerosLost({}, {}, {})
    fast = set_sql.zeros_candidates(previous, staged, columns)
    if fast is not None:
        return _counted(fast[0], columns, made, fast[1])
    held: dict[str, tuple[str, ...]] = {}
    for sourced_id, *cells in columns_of(previous / "users.csv", "sourcedId", *columns):
        if PADDED.search(" ".join(cells)):
            held[sourced_id] = tuple(cell if PADDED.search(cell) else "" for cell in cells)
    kept: Counter[tuple[str, str, str]] = Counter()  # (column, role, last night's value) of those published tonight
    candidates: list[Candidate] = []
    names = ("givenName", "familyName", "role")
    for sourced_id, given, family, role, *cells in columns_of(staged / "users.csv", "sourcedId", *names, *columns):
        if (olds := held.get(sourced_id)) is None:
            continue
        news = tuple(new if old else "" for old, new in zip(olds, cells, strict=True))
        for at, new in enumerate(news):
            if new:
                kept[(columns[at], role, olds[at])] += 1
        if news != olds:
            candidates.append((sourced_id, " ".join(n for n in (given, family) if n), role, olds, news))
    return _counted(candidates, columns, made, [(*key, count) for key, count in kept.items()])


def _counted(
    candidates: list[Candidate],
    columns: tuple[str, ...],
    made: Mapping[str | tuple[str, str], Made],
    values: list[tuple[str, str, str, int]],
) -> ZerosLost:
    """The users of `candidates` whose values lost their zeros, and the padded `values` (column, role,
    last night's value, users) counted by group, in the columns where some did."""
    found: dict[str, list[tuple[str, str, str, str]]] = {}
    groups: dict[tuple[str, str], str] = {}
    for sourced_id, name, role, olds, news in candidates:
        for column, old, new in zip(columns, olds, news, strict=True):
            how = made_for(made, column, role)
            if old and new and judged(how, old, new):
                found.setdefault(column, []).append((sourced_id, old, new, name))
                groups[(column, sourced_id)] = group_of(how, old)
    # the groups' counts only where a value lost its zeros (a regular expression a value: a night's cost)
    padded: Counter[tuple[str, str]] = Counter()
    for column, role, old, count in values:
        if column in found:
            padded[(column, group_of(made_for(made, column, role), old))] += count
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
        by_group: dict[str, list[tuple[str, str, str, str]]] = {}
        for row in zeros.found.get(column, []):
            by_group.setdefault(zeros.groups.get((column, row[0]), ""), []).append(row)
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
