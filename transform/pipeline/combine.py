"""One record per sourcedId for rules that list a person once per school (staff)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from transform.oneroster.spec import LINK_LISTS
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .identity import NAME_RULE, name_rank, plain
from .rows import COMING, FELL_BACK, MULTI_SEP, Draft

TERM_EXTRAS = ("term_start", "term_end", "term_name", "term_abbreviation", "term_ids", "term_year")
# The columns a row of a later term of its class (COMING) lends the class, when a list column.
TERM_COLUMNS = ("termSourcedIds",)
# The role a person listed at several schools keeps when their rows differ (users.role): a
# teacher anywhere is a teacher (Remind makes a teacher the owner of their classes; as an aide
# they would own none), otherwise the role with fewer rights, so that a row at one school gives
# nobody an administrator's rights over all. Roles not listed come after, lower text first.
ROLE_KEPT = ("teacher", "aide", "proctor", "administrator")
_WHY_KEPT = {
    "teacher": "a teacher at one school keeps their classes",
    "aide": "the role with fewer rights",
    "proctor": "the role with fewer rights",
}

# A class's own code (classes.classCode): rows of one class ID naming two are said apart (merged_classes, V633).
CLASS_CODE = "classCode"
# A person's name: chosen as a whole (`_one_name`), never a part from each row.
NAME_PARTS = ("givenName", "familyName", "middleName")

# Told of an ID whose rows are two people: (the ID, the place of the row, the first row's line).
TwoPeople = Callable[[str, Where, int, str], None]
# Told of each record left out because its ID is two records' (`apart`): what follows it
# (an enrolment naming the ID) is then left out as following a record left out.
LeftOut = Callable[[Draft], None]
# The first row of a record naming links in a column: (position, column) -> its line, its links.
Links = dict[tuple[int, str], tuple[int, frozenset[str]]]


def combine_rows(
    drafts: Iterable[Draft],
    *,
    lists: tuple[str, ...],
    report: Report,
    identity: tuple[str, ...] = (),
    two_people: TwoPeople | None = None,
    apart: tuple[str, ...] = (),
    left_out: LeftOut | None = None,
    separate: tuple[str, ...] = (),
    merged: LeftOut | None = None,
) -> Iterator[Draft]:
    """Unite list columns, fill blanks from later rows; held in memory, so staff-sized only.
    Where two rows disagree, the lower value (in text order) is kept and the other reported,
    so that the rows' order in the export never decides (as for guardians, docs/identity.md).

    The list columns united are `lists` and every set of links of the table (LINK_LISTS: a
    user's schools and guardians, a class's terms), named in `lists` or not: each row names
    some links and all are the record's. Kept as the lower value, a student's row at a second
    school naming one of her two guardians would take the other guardian away (tester39 F3).
    A set of links the profile does not name in `lists` is not expected to differ between the
    rows (a OneRoster user's guardians, listed again with others): united all the same, and a
    row naming other links than the record's first row naming any is said (V516, a note); rows
    naming the same links, or none, are not (tester40 F4).

    Rows that disagree on a column of `identity` (the fields that say who a person is: a
    name, a birth date) are not one person listed twice but two people with one ID: they are
    not combined (V570), each is a record of its own, and `two_people` is told (the validator
    then keeps neither, V537, as for an ID on two rows of a rule that does not combine).

    Rows that disagree on a column of `apart` (a class's school) are two records under one ID
    (section numbers unique only within a school): each is combined with its own rows, and
    none of the ID's records is kept (V592, an error, at each record's first row), and
    `left_out` is told of each. Merged, the class would be at one school with the students
    and teachers of both.

    Classes come here after the term filter and the exclusions, row by row: a row they left
    out (last year's row of a section, a semester ended, a subsection excluded) never feeds a
    record. A row the term filter marked `COMING` (a later term of the class's school year)
    lends the record of its ID its term (the term extras, and `termSourcedIds` where a list
    column) and nothing else: not its values, nor its teacher. `merged` is told of every other
    row merged into a record made from an earlier one: what was made from that row (its
    teacher's enrolment) is the record's."""
    records: list[Draft] = []
    coming: list[Draft] = []
    by_id: dict[str, list[int]] = {}  # sourcedId -> positions in records: one per person
    kept_from: dict[tuple[int, str], int] = {}  # (position, column) -> line of the value kept
    links_from: Links = {}  # (position, column) -> the first row naming links: its line, its links
    shared: set[str] = set()  # IDs whose rows disagree on a column of `apart`
    for draft in drafts:
        if draft.extra.get(COMING):
            coming.append(draft)
            continue
        key = draft.values.get("sourcedId", "")
        found = by_id.get(key, []) if key else []
        same = next(
            (
                at
                for at in found
                if _same_person(records[at], draft, identity)
                and _same(records[at], draft, apart)
                and _same(records[at], draft, separate)
            ),
            None,
        )
        if same is None:
            other = next((at for at in found if not _same_person(records[at], draft, identity)), None)
            if other is not None:
                _not_combined(records[other], draft, identity, report, two_people)
            elif any(not _same(records[at], draft, apart) for at in found):
                shared.add(key)
            if key:
                by_id.setdefault(key, []).append(len(records))
            records.append(draft)
            continue
        _merge(records[same], draft, same, lists, kept_from, report, merged, links_from)
    _lend_terms(coming, records, by_id, lists, apart)
    if not shared:
        yield from records
        return
    for at, draft in enumerate(records):
        key = draft.values.get("sourcedId", "")
        if key not in shared:
            yield draft
            continue
        _not_unique(draft, [records[other] for other in by_id[key] if other != at], apart, report)
        if left_out is not None:
            left_out(draft)


def _merge(
    first: Draft,
    draft: Draft,
    at: int,
    lists: tuple[str, ...],
    kept_from: dict[tuple[int, str], int],
    report: Report,
    merged: LeftOut | None = None,
    links_from: Links | None = None,
) -> None:
    key = first.values.get("sourcedId", "")
    if merged is not None:
        merged(draft)
    _add_terms(first, draft)
    names = _one_name(first, draft, at, kept_from, report) if draft.table == "users" else ()
    for column, value in draft.values.items():
        if column in names:
            continue
        if column in lists or (draft.table, column) in LINK_LISTS:
            if column not in lists and links_from is not None:
                _other_links(first, draft, at, column, links_from, report)
            have = first.values.get(column, "").split(",")
            new = [v for v in value.split(",") if v and v not in have]
            first.values[column] = ",".join([h for h in have if h] + new)
        elif not first.values.get(column):
            first.values[column] = value
            kept_from[at, column] = draft.origin.line
            _take_rank(first, draft, column)
        elif value and value != first.values[column] and column == "role" and draft.table == "users":
            _one_role(first, draft, at, kept_from, report)
        elif value and value != first.values[column] and _rank(draft, column) != _rank(first, column):
            # One row's value is a later choice of the column (`column: [username, email,
            # sourcedId]` with the row's username blank): the other row's better one is kept.
            if _rank(draft, column) < _rank(first, column):
                first.values[column] = value
                kept_from[at, column] = draft.origin.line
                _take_rank(first, draft, column)
        elif value and value != first.values[column]:
            _codes_merged(first, draft, column, kept_from.get((at, column), first.origin.line), report)
            kept, other = sorted((first.values[column], value))
            if kept == value:  # this row's value is the lower one
                first.values[column] = value
                kept_from[at, column] = draft.origin.line
                _take_rank(first, draft, column)
            report.add(
                codes.code("combined-conflict"),
                Where(draft.origin.file, draft.origin.line, column),
                table=draft.table,
                id=key,
                field=column,
                kept=kept,
                value=other,
                first_line=kept_from.get((at, column), first.origin.line),
            )


def _codes_merged(first: Draft, draft: Draft, column: str, line: int, report: Report) -> None:
    """A class's rows naming two class codes (two sections under one ID?), each with the place of its first row
    (merged_classes, V633); rows disagreeing on another column, or of another table, are not noted."""
    if column != CLASS_CODE or draft.table != "classes":
        return
    codes = report.codes_merged.setdefault((first.rule, first.values.get("sourcedId", "")), {})
    codes.setdefault(first.values[CLASS_CODE], f"{first.origin.file}:{line}")
    codes.setdefault(draft.values[CLASS_CODE], f"{draft.origin.file}:{draft.origin.line}")


def _one_name(
    first: Draft, draft: Draft, at: int, kept_from: dict[tuple[int, str], int], report: Report
) -> tuple[str, ...]:
    """The name of a person's record and of another row of theirs: one row's whole name is kept,
    by identity.NAME_RULE, and the other said (D329), never a given name from one row and a family
    name from another (tester51 F11: `Ana Lopez` and `ANA LÓPEZ` published as "ANA Lopez"). The
    name columns it decided (none when the row has no name)."""
    mine = tuple(first.values.get(c, "") for c in NAME_PARTS)
    theirs = tuple(draft.values.get(c, "") for c in NAME_PARTS)
    if not any(theirs):
        return ()
    decided = tuple(c for c in NAME_PARTS if c in first.values or c in draft.values)
    if not any(mine) or mine == theirs:
        if not any(mine):
            for column in decided:
                first.values[column] = draft.values.get(column, "")
                kept_from[at, column] = draft.origin.line
        return decided
    first_line = kept_from.get((at, "givenName"), first.origin.line)
    kept_at, other_at = f"{first.origin.file}:{first_line}", f"{draft.origin.file}:{draft.origin.line}"
    if name_rank(theirs) < name_rank(mine):
        for column in decided:
            first.values[column] = draft.values.get(column, "")
            kept_from[at, column] = draft.origin.line
        (mine, kept_at), (theirs, other_at) = (theirs, other_at), (mine, kept_at)
    report.add_once(
        ("name-forms", draft.table, first.values.get("sourcedId", ""), " ".join(mine), " ".join(theirs)),
        codes.code("name-forms-differ"),
        Where(draft.origin.file, draft.origin.line, "givenName", draft.table, first.values.get("sourcedId", "")),
        who=repr(first.values.get("sourcedId", "")),
        kept=_written(mine),
        kept_at=kept_at,
        value=_written(theirs),
        value_at=other_at,
        rule=NAME_RULE,
    )
    return decided


def _written(parts: tuple[str, ...]) -> str:
    """A name as people write it: given, middle, family."""
    given, family, middle = parts
    return " ".join(p for p in (given, middle, family) if p)


def _other_links(first: Draft, draft: Draft, at: int, column: str, links_from: Links, report: Report) -> None:
    """A set of links `lists` does not name, of a row merged into `first` (before the union):
    said (V516) where the row names links and they are not those of the record's first row
    naming any. A row naming none lends none and is no disagreement (as a blank cell)."""
    if (at, column) not in links_from:
        own = frozenset(v for v in first.values.get(column, "").split(",") if v)
        if own:  # still the first row's own: no row merged before named any
            links_from[at, column] = (first.origin.line, own)
    links = frozenset(v for v in draft.values.get(column, "").split(",") if v)
    if not links:
        return
    if (at, column) not in links_from:
        links_from[at, column] = (draft.origin.line, links)
        return
    line, named = links_from[at, column]
    if links == named:
        return
    key = first.values.get("sourcedId", "")
    report.add(
        codes.code("combined-links-united"),
        Where(draft.origin.file, draft.origin.line, column, draft.table, key, draft.who()),
        table=draft.table,
        id=key,
        field=column,
        value=",".join(sorted(links)),
        other=",".join(sorted(named)),
        first_line=line,
    )


def _lend_terms(
    coming: list[Draft],
    records: list[Draft],
    by_id: dict[str, list[int]],
    lists: tuple[str, ...],
    apart: tuple[str, ...],
) -> None:
    """Rows of a later term of their class (COMING): each its term to its class's record, and
    nothing else. A row whose class has no record (no row of a term now) makes none."""
    for draft in coming:
        key = draft.values.get("sourcedId", "")
        first = next((records[at] for at in by_id.get(key, []) if _same(records[at], draft, apart)), None)
        if not key or first is None:
            continue
        _add_terms(first, draft)
        for column in (c for c in TERM_COLUMNS if c in lists):
            have = first.values.get(column, "").split(",")
            new = [v for v in draft.values.get(column, "").split(",") if v and v not in have]
            first.values[column] = ",".join([h for h in have if h] + new)


def _rank(draft: Draft, column: str) -> int:
    """How far down its column's choices the value was found (0: the first; mapping)."""
    return int(draft.extra.get(FELL_BACK + column, 0))


def _take_rank(first: Draft, draft: Draft, column: str) -> None:
    """The kept value is `draft`'s: so is how far down the choices it was found."""
    rank = draft.extra.get(FELL_BACK + column)
    if rank is None:
        first.extra.pop(FELL_BACK + column, None)
    else:
        first.extra[FELL_BACK + column] = rank


def _one_role(first: Draft, draft: Draft, at: int, kept_from: dict[tuple[int, str], int], report: Report) -> None:
    """Two roles for one person: the one `ROLE_KEPT` puts first is kept (V585)."""
    mine, theirs = first.values["role"], draft.values["role"]
    kept, other = sorted(
        (mine, theirs), key=lambda role: (ROLE_KEPT.index(role) if role in ROLE_KEPT else len(ROLE_KEPT), role)
    )
    first_line = kept_from.get((at, "role"), first.origin.line)
    if kept == theirs:  # this row's role is kept
        first.values["role"] = theirs
        kept_from[at, "role"] = draft.origin.line
    report.add(
        codes.code("combined-role"),
        Where(draft.origin.file, draft.origin.line, "role"),
        table=draft.table,
        id=first.values.get("sourcedId", ""),
        value=other,
        kept=kept,
        first_line=first_line,
        why=_WHY_KEPT.get(kept, "a role not known to rank: the lower in text order"),
    )


def _same_person(record: Draft, draft: Draft, identity: tuple[str, ...]) -> bool:
    """No identity column holds two different values (a blank is no difference; nor are case,
    spacing, accents or punctuation: "María" and "MARIA" from two schools' systems are one
    person; identity.plain, as guardians are matched)."""
    for column in identity:
        ours, theirs = record.values.get(column, ""), draft.values.get(column, "")
        if ours and theirs and plain(ours) != plain(theirs):
            return False
    return True


def _same(record: Draft, draft: Draft, columns: tuple[str, ...]) -> bool:
    """No column of `columns` holds two different values (a blank is no difference)."""
    for column in columns:
        ours, theirs = record.values.get(column, ""), draft.values.get(column, "")
        if ours and theirs and ours != theirs:
            return False
    return True


def _not_unique(draft: Draft, others: list[Draft], apart: tuple[str, ...], report: Report) -> None:
    """A record whose ID other records have too: left out, reported at its first row."""
    key = draft.values["sourcedId"]
    column = next(c for c in apart if any(not _same(draft, other, (c,)) for other in others))
    shown = " and ".join(
        f"{other.values.get(column, '')!r} (line {other.origin.line})"
        for other in sorted(others, key=lambda d: (d.values.get(column, ""), d.origin.line))
    )
    report.add(
        codes.code("class-id-not-unique"),
        Where(draft.origin.file, draft.origin.line, column, draft.table, key, draft.who()),
        table=draft.table,
        id=key,
        field=column,
        value=draft.values.get(column, ""),
        others=shown,
    )


def _not_combined(
    first: Draft, draft: Draft, identity: tuple[str, ...], report: Report, two_people: TwoPeople | None
) -> None:
    key = draft.values["sourcedId"]
    column = next(c for c in identity if not _same_person(first, draft, (c,)))
    where = Where(draft.origin.file, draft.origin.line, column, draft.table, key, draft.who())
    report.add(
        codes.code("combined-two-people"),
        where,
        table=draft.table,
        id=key,
        field=column,
        value=draft.values[column],
        kept=first.values[column],
        first_line=first.origin.line,
    )
    if two_people is not None:
        two_people(key, replace(where, column="sourcedId"), first.origin.line, first.origin.file)


def _add_terms(first: Draft, draft: Draft) -> None:
    """A class combined from rows of several terms (a section per marking period) is in all of
    them: the term filter keeps it when one is current."""
    if not draft.extra.get("term_start") and not draft.extra.get("term_end"):
        return
    keys = [key for key in TERM_EXTRAS if key in first.extra]
    term = tuple(draft.extra.get(key, "") for key in keys)
    if term in zip(*(first.extra[key].split(MULTI_SEP) for key in keys), strict=True):
        return  # the same term again (a flat export repeats its class's term on every row)
    for key in TERM_EXTRAS:
        if key in first.extra:
            first.extra[key] += MULTI_SEP + draft.extra.get(key, "")
