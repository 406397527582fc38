"""The safety gate for the records this run left out for a problem that the last set held.

A data problem of a row (an error, or a warning about the record itself: LeftOut.problem_drops)
leaves its record out, and the set is published without it. When the last published set held
that record, tonight's set removes it, and Remind deletes the person (with their parents and
their enrolments that follow them) or the class, though nobody took them out of the SIS: a
tab typed into a name (I205), a teacher's email blanked (V506). Under the removal limit nothing
refuses such a set, and the exit code said nobody must act (tester44 F9).

Why published, and not refused nor kept from the last set. The rest of the set is right, and
holding it back for one record would hold every other change of the night with it (a new
student, a class). Keeping the record from the last set would publish what no export says
tonight (a class list, a parent's phone that may have been corrected) under a set that is said
to be tonight's, and a record the SIS then really deletes would linger; the row is wrong in the
SIS, and only a person can put it right there. So the set is published, the record is named with
its row and its code, and the run exits 1 ("Published, but ...", X981): a person fixes the
record in the SIS, and the next night's set brings it back. Said once: the night after, the
record is no longer in the last set, and its drop is the problem alone.

A row lost whole before it was mapped (I205) has no ID: the ID is one of its cells (or two side by
side, split by the delimiter typed into it), so a removed record whose ID is among them is its
record. A lost row of the terms export is the record of the removed classes whose term found no row
tonight (D300 on the terms join) and whose key its cells hold: the term's row is the one to fix. A
row left out whose record cannot be told (an ID made of several values, an enrolment's;
an ID that came out empty or garbled) may be a removal it points to that nothing else explains: an
enrolment of its section or student, a user of its name. Said as such (X983), exit 1 too; never
any removal of the file, so that a row broken night after night beside an ordinary withdrawal
says nothing.

What is not a problem's drop: a student withdrawn, left out by a where-condition (F400), a class
of another term (F405), the records of a school not rostered: info-level drops, the district's
rostering. Nor the knock-ons (an enrolment of a student left out, D300, V504): they follow the
record named. But a D300 on the row's own key is the row's problem (Report.own_problem, tester49
F4): a key cell empty (an enrolment's StudentID), a term code no term row has that no other row
names (a section's TermID typed wrong; one several name is the terms export's lack, X943, X944);
its record, named or not told, is found as any other. An enrolment it may be that follows a user
or class removed tonight (the student withdrawn) stays a knock-on (`_unexplained`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from transform.pipeline.gate import Change, columns_of, records_of
from transform.pipeline.school_classes import lost_terms_row
from transform.pipeline.school_counts import PARENT_ROLES
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

TABLES = ("users", "classes", "enrollments")
# An ID the row's problem is about: the record the row names is not the one it would have had.
# A value no number read by a number condition (D332) is most often an ID's (PowerSchool's
# `{SectionID} ge 0`), from which the record's ID is made as well.
GARBLED_IDS = frozenset(
    {
        "id-scientific-notation",
        "id-formula",
        "id-unsafe-character",
        "id-part-empty",
        "number-invalid-dropped",
        # An enrolment's class written otherwise (0100139, 100139.0 for 100139): its record was
        # the last set's under the class's own ID (validate.report_missing gives the clue).
        "reference-written-otherwise",
        "reference-missing",
    }
)
EXAMPLES = 3


@dataclass(slots=True)
class Found:
    """The removed records this run's problems left out, by (table, ID): (file, line, code id);
    and the rows left out whose record cannot be told, by table: [(file, line, code id, clue)],
    the clue what finds the records they may be (`_may_be`)."""

    named: dict[tuple[str, str], tuple[str, int, str]] = field(default_factory=dict)
    unread: dict[str, list[tuple[str, int, str, frozenset[str]]]] = field(default_factory=dict)


def find(
    report: Report,
    removed: Mapping[str, set[str]],
    fed: Mapping[str, Iterable[str]],
    prefixes: Mapping[str, tuple[str, ...]] | None = None,
) -> Found:
    """The removed records (`removed`, by table) whose rows a data problem left out tonight, and
    the rows left out whose records cannot be told. `fed`: the tables each export feeds (a row
    lost before it was mapped has no table). A row lost whole is found by the ID among its cells,
    or two cells next to each other (an ID the delimiter typed into it split), or a guardian's, its
    rule's prefix before a cell of an export the rule reads ('G' + a contact's 9005, `prefixes`, by
    file: a contacts export's row lost whole, tester64 A6); one whose record is not told has the
    cells as its clue, a mapped row whose ID came out empty or garbled its name."""
    found = Found()
    left_out = report.left_out
    terms_lost = _terms_rows_lost(report, removed.get("classes", set()))
    # A class whose term's row was lost whole is named at that row, the one to fix, before its own
    # row's D300 on the term key (both merged in stop 45: fix-cal45's, fix-drop49's).
    for place, class_ids in sorted(terms_lost.items()):
        code_id = next((d[4] for d in left_out.problem_drops if (d[2], d[3]) == place), "")
        for class_id in class_ids if code_id else ():
            found.named.setdefault(("classes", class_id), (place[0], place[1], code_id))
    named_by = Counter(left_out.own_keys.values())
    for table, record, file, line, cid, name in sorted(left_out.problem_drops, key=lambda d: (d[2], d[3], d[0], d[1])):
        if named_by[left_out.own_keys.get((file, line), "")] > 1:
            continue  # a term code several rows name: its row missing from the terms export (X943, X944)
        if record and record in removed.get(table, ()):
            found.named.setdefault((table, record), (file, line, cid))
            continue
        if record and left_out.codes[cid].slug not in GARBLED_IDS:
            continue  # still in the set (a repeated row), or new tonight: nothing removed
        tables = [t for t in ([table] if table else fed.get(file, ())) if t in TABLES]
        cells = left_out.lost_cells.get((file, line))
        if cells is not None:
            clue = frozenset(c for c in cells if c) | {a + b for a, b in pairwise(cells) if a and b}
            made = (prefixes or {}).get(file, ())
            hits = [(t, key) for t in tables for key in _ids(t, clue, made) if key in removed.get(t, ())]
            hits += [("classes", class_id) for class_id in terms_lost.get((file, line), ())]
            for hit in hits:
                found.named.setdefault(hit, (file, line, cid))
            if hits:
                continue
        else:
            clue = frozenset(name.casefold().split())
        for t in tables:
            found.unread.setdefault(t, []).append((file, line, cid, clue))
    return found


def _ids(table: str, clue: frozenset[str], prefixes: tuple[str, ...]) -> list[str]:
    """The IDs a lost row's cells may be of a record of `table`: a cell, or two side by side (`clue`);
    a user's, a guardian rule's prefix before a cell too (a class's, an enrolment's has none), of a
    row of an export that rule reads: a student's 9001 in the students export is no guardian G9001
    (reviewer126 R5)."""
    made = {p + cell for p in prefixes if p for cell in clue} if table == "users" else set()
    return sorted(clue | made)


def _terms_rows_lost(report: Report, classes: set[str]) -> dict[tuple[str, int], list[str]]:
    """The removed `classes` left out because no row of their term joined (D300 on the terms
    join, report.terms_unknown), whose term's row tonight's read lost whole (I205: a tab typed in
    its name, `school_classes.lost_terms_row`), by that row (file, line): the row a person fixes
    (tester: a terms row lost to a problem, its classes removed with no word)."""
    found: dict[tuple[str, int], list[str]] = {}
    rows: dict[str, tuple[str, int] | None] = {}  # a term's key -> its row lost, once per key
    for class_id in sorted(classes & report.terms_unknown.keys()):
        key = str(report.terms_unknown[class_id][2])
        if key not in rows:
            lost = lost_terms_row(report, key, with_place=True)
            rows[key] = (lost[0], lost[1]) if lost else None
        if (place := rows[key]) is not None:
            found.setdefault(place, []).append(class_id)
    return found


def check(
    report: Report,
    previous: Path,
    changes: Mapping[str, Change],
    *,
    fed: Mapping[str, Iterable[str]],
    rekeyed: Mapping[str, Iterable[str]],
    prefixes: Mapping[str, tuple[str, ...]] | None = None,
) -> None:
    """X981 for each record of the last published set (`previous`) that tonight's set removes
    because this run left its row out for a data problem, with what follows it (a student's
    parents and enrolments); X983 for each file whose removals may be a row left out whose record
    cannot be told. Both exit 1 once published (report.summary.to_check). `rekeyed`: the
    records found again under new IDs (X958, X919), by table: not removed. `prefixes`: by export, those of the
    guardian IDs the profile's rules reading it make of a contact ID (identity.prefixes)."""
    if not report.left_out.problem_drops:
        return
    removed: dict[str, set[str]] = {}
    for table in TABLES:
        change = changes.get(table)
        if change is not None and change.removed:
            removed[table] = set(change.removed) - set(change.ended) - set(rekeyed.get(table, ()))
    if not any(removed.values()):
        return
    found = find(report, removed, fed, prefixes)
    if not found.named and not found.unread:
        return
    people = _people(previous, removed.get("users", set()))
    titles = _titles(previous, set(removed.get("classes", ())) & {i for t, i in found.named if t == "classes"})
    enrolments = _enrolments(previous, removed.get("enrollments", set()))
    _name_each(report, found, people, titles, enrolments)
    for table, rows in sorted(found.unread.items()):
        left = _unexplained(table, removed, found, people, enrolments)
        if left:
            _say_unread(report, table, rows, left)


def _name_each(
    report: Report,
    found: Found,
    people: Mapping[str, tuple[str, str, frozenset[str]]],
    titles: Mapping[str, str],
    enrolments: Mapping[str, tuple[str, str]],
) -> None:
    """X981 for each record named, but those that follow another one named (a parent of a student
    named, an enrolment of a student, teacher or class named), which are counted with it."""
    named_users = {i for t, i in found.named if t == "users"}
    named_classes = {i for t, i in found.named if t == "classes"}
    guardians: dict[str, set[str]] = {}  # a removed user -> the removed parents and guardians linked to them
    for key, (role, _, agents) in people.items():
        for agent in agents if role in PARENT_ROLES else ():
            guardians.setdefault(agent, set()).add(key)
    # A removed user's, a removed class's removed enrolments.
    taken = {"users": Counter(user for _, user in enrolments.values())}
    taken["classes"] = Counter(class_id for class_id, _ in enrolments.values())
    for (table, record), (file, line, cid) in sorted(found.named.items(), key=lambda item: (item[1], item[0])):
        if table == "users" and _follows_user(record, people, named_users):
            continue  # said with the student it follows
        if table == "enrollments" and _follows(enrolments.get(record), named_users, named_classes):
            continue  # said with its student, teacher or class
        what, name = _what(table, record, people, titles, enrolments)
        follows = _following(
            len(guardians.get(record, ())) if table == "users" else 0, taken.get(table, Counter())[record]
        )
        code = report.left_out.codes[cid]
        reason = f"{cid} {code.slug}"
        if table == "classes" and record in report.terms_unknown and (file, line) in report.left_out.lost_cells:
            reason += f" in the row of its term ({report.terms_unknown[record][2]})"  # the term's row lost (I205)
        if cid == "D304" and (held := report.null_names.get((file, line))):  # a name's cell NULL (I227)
            reason += f" (its cell {held[0]} held NULL, read as SQL's empty marker, I227)"
        report.add(
            codes.code("dropped-record-removed"),
            Where(file=file, line=line, table=table, record=record),
            what=what,
            id=record,
            person=name,
            reason=reason,
            follows=follows,
        )


def _people(previous: Path, removed: set[str]) -> dict[str, tuple[str, str, frozenset[str]]]:
    """The removed users of the last set: ID -> (role, name, the IDs of their agents)."""
    if not removed or not (previous / "users.csv").is_file():
        return {}
    held: dict[str, tuple[str, str, frozenset[str]]] = {}
    for values, sourced_id in records_of(previous / "users.csv"):
        if sourced_id in removed:
            name = " ".join(n for n in (values.get("givenName", ""), values.get("familyName", "")) if n)
            agents = frozenset(a.strip() for a in values.get("agentSourcedIds", "").split(",") if a.strip())
            held[sourced_id] = (values.get("role", ""), name, agents)
    return held


def _titles(previous: Path, wanted: set[str]) -> dict[str, str]:
    if not wanted or not (previous / "classes.csv").is_file():
        return {}
    return {key: title for key, title in columns_of(previous / "classes.csv", "sourcedId", "title") if key in wanted}


def _enrolments(previous: Path, removed: set[str]) -> dict[str, tuple[str, str]]:
    """The removed enrolments of the last set: ID -> (class, user)."""
    if not removed or not (previous / "enrollments.csv").is_file():
        return {}
    rows = columns_of(previous / "enrollments.csv", "sourcedId", "classSourcedId", "userSourcedId")
    return {key: (class_id, user) for key, class_id, user in rows if key in removed}


def _follows_user(key: str, people: Mapping[str, tuple[str, str, frozenset[str]]], named: set[str]) -> bool:
    """A removed parent or guardian linked to another record named: said with that one."""
    role, _, agents = people.get(key, ("", "", frozenset()))
    return role in PARENT_ROLES and bool(agents & (named - {key}))


def _follows(enrolment: tuple[str, str] | None, users: set[str], classes: set[str]) -> bool:
    return enrolment is not None and (enrolment[1] in users or enrolment[0] in classes)


def _what(
    table: str,
    record: str,
    people: Mapping[str, tuple[str, str, frozenset[str]]],
    titles: Mapping[str, str],
    enrolments: Mapping[str, tuple[str, str]],
) -> tuple[str, str]:
    """What the record is, and its name: a user's role and name, a class's title, an enrolment's
    user and class."""
    if table == "users":
        role, name, _ = people.get(record, ("user", "", frozenset()))
        return role or "user", name or "no name"
    if table == "classes":
        return "class", titles.get(record, "") or "no title"
    class_id, user = enrolments.get(record, ("", ""))
    return "enrolment", f"{user} in class {class_id}" if user else "of a user and a class"


def _following(guardians: int, enrolments: int) -> str:
    """', and with it 2 parents/guardians and 7 enrolments': what the record's removal takes along."""
    parts = []
    if guardians:
        parts.append(f"{guardians} parent{'s' if guardians > 1 else ''}/guardian{'s' if guardians > 1 else ''}")
    if enrolments:
        parts.append(f"{enrolments} enrolment{'s' if enrolments > 1 else ''}")
    return f", and with it {' and '.join(parts)}" if parts else ""


def _unexplained(
    table: str,
    removed: Mapping[str, set[str]],
    found: Found,
    people: Mapping[str, tuple[str, str, frozenset[str]]],
    enrolments: Mapping[str, tuple[str, str]],
) -> list[str]:
    """The removals of `table` that a row left out whose record cannot be told may be: not named,
    not following another removal (a parent of removed students only, an enrolment of a removed
    user or class), and found by a row's clue (`_may_be`). A student withdrawn the same night is
    none of them, however long the row stays broken."""
    named = {i for t, i in found.named if t == table}
    users, classes = removed.get("users", set()), removed.get("classes", set())
    clues = [clue for *_, clue in found.unread.get(table, ())]
    left = []
    for key in sorted(removed.get(table, ())):
        if key in named:
            continue
        if table == "users":
            role, _, agents = people.get(key, ("", "", frozenset()))
            if role in PARENT_ROLES and agents and agents <= users:
                continue
        if table == "enrollments" and _follows(enrolments.get(key), users, classes):
            continue
        if any(_may_be(table, key, clue, people, enrolments) for clue in clues):
            left.append(key)
    return left


def _may_be(
    table: str,
    key: str,
    clue: frozenset[str],
    people: Mapping[str, tuple[str, str, frozenset[str]]],
    enrolments: Mapping[str, tuple[str, str]],
) -> bool:
    """Whether a removed record may be the one of a row left out, by what the row holds: an
    enrolment whose class or user is among its cells (the row's own ID is made of several, a
    section and a student number joined), a user whose every word of name is (a row lost whole:
    its name cells; a row whose ID came out empty or garbled: the name it was read with)."""
    if table == "enrollments":
        class_id, user = enrolments.get(key, ("", ""))
        return bool({class_id, user} & clue)
    if table == "users":
        words = {word for cell in clue for word in cell.casefold().split()}
        name = people.get(key, ("", "", frozenset()))[1].casefold().split()
        return bool(name) and set(name) <= words
    return False


def _say_unread(report: Report, table: str, rows: list[tuple[str, int, str, frozenset[str]]], left: list[str]) -> None:
    file, line, cid, _ = rows[0]
    reason = f"{cid} {report.left_out.codes[cid].slug}"
    shown = "; ".join(left[:EXAMPLES]) + (f"; {len(left) - EXAMPLES} more" if len(left) > EXAMPLES else "")
    report.add(
        codes.code("dropped-rows-unread"),
        Where(file=file, line=line, table=table),
        rows=len(rows),
        reason=reason,
        table=table,
        count=len(left),
        examples=shown,
    )
