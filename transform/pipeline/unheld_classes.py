"""Enrolment rows naming classes no row of the classes export holds, in the safety gate's words.

A current enrolment row naming a class that no sections row has is left out (V502; D300 when
the row reads the sections export through a join). A few such rows are a district's own ways: a
section deleted mid-term whose roster rows the SIS has not dropped yet, a new section exported a
night late. Most of an export's rows so are a classes export that is not tonight's: a Clever job
whose sections.csv still holds the term that ended while enrollments.csv already holds the new
term's (tester59 C1: 336 of 384 rows left out, 6 classes published, 84 students in no class, at
exit 0, and the night taken for a break between terms, I246, I288). Such rows count against their
export as a warning's (LeftOut.unheld_class, `settle`): past half of it the run is refused (X915),
and this module gives the refusal its cause: how many classes the rows name, and, when the classes
export's own rows are of a term that ended before tonight, that it still holds the ended term.

Only rows the sections export is to blame for count: those of students the rows leave in no class
tonight, or all of them when the ended term's classes the sections export still holds enrol nobody
(the second pass of a break night, break_kept.emptied). Rows naming classes not held beside a
student's classes that are (next year's schedule entered in May, a deleted section's) are
enrolments ahead of the sections export, not its fault (reviewer119 R1: refused every night).

When most of the classes the rows name are no class but people of tonight's set (the enrolments
export's class column holding the students' IDs: its columns swapped under an intact header),
the sections export is not at fault either: the refusal says whose IDs they are, in which export,
and that the enrolments are to be exported again (tester56 T3: "is Section.csv an earlier export?").
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

if TYPE_CHECKING:
    from transform.pipeline.filters import Ended, Term
    from transform.pipeline.read import SourceFile
    from transform.profile.compile import Plan

UNHELD = ("reference-missing", "join-missing")  # V502, D300: the codes Report.names_class counts
_IDS = frozenset({codes.code("reference-missing").id, codes.code("join-missing").id})


def is_unheld(slug: str) -> bool:
    """Whether records left out under `slug` may be rows naming a class no classes row holds."""
    return slug in UNHELD


def settle(report: Report, staged: Path, *, ended_empty: str, people: Mapping[str, str] | None = None) -> None:
    """Count against their export (LeftOut.unheld_class) the rows naming classes no classes row holds
    (Report.unheld_rows) of users tonight's set (`staged`) has in no class; every such row when
    `ended_empty`: the ended term, in words, whose classes the classes export still holds and which
    enrol nobody tonight (a break night's classes kept, break_kept.emptied), "" when none. `people`:
    the export of each role's users (people_exports), to say whose IDs the rows name as classes."""
    report.unheld_ended = ended_empty
    if not report.unheld_rows:
        return
    _people_as_classes(report, staged / "users.csv", people or {})
    enrolled = set() if ended_empty else _enrolled(staged / "enrollments.csv")
    for (file, cid), users in sorted(report.unheld_rows.items()):
        code = codes.BY_ID[cid]
        lines = [n for user, rows in users.items() if ended_empty or not user or user not in enrolled for n in rows]
        for line in sorted(lines):  # the first line said is the file's first
            report.left_out.unheld_class(code, file, line)


def ended_unnamed(report: Report, ended: Mapping[str, Ended], current: Mapping[str, Term]) -> str:
    """The ended terms, in words, whose classes the classes export holds (`ended`, left out tonight: F405)
    when no current student enrolment row names any of them (`Report.dropped_named`) and no class of a
    later term is exported (`current`: the terms of tonight's classes): the sections export's classes
    enrol nobody tonight, the enrolments are another term's (tester59 C1, on a first run too); else ""."""
    if not ended or not report.unheld_rows:
        return ""
    last = max(class_ended.end for class_ended in ended.values())
    if any(term.start > last for term in current.values()) or not report.dropped_named.isdisjoint(ended):
        return ""  # the next term exported, or the ended classes still enrol: rows ahead (reviewer119 R1, R2)
    return ended_terms(report, ()) or "the ended term"


def people_exports(plan: Plan, sources: Mapping[str, SourceFile]) -> dict[str, str]:
    """The export (as displayed) of each role a users rule writes on every row (`role: student`),
    "" for a rule reading the role from a column: whose IDs a class column holding people's is."""
    found: dict[str, str] = {}
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source)
        if export is None or rule.guardian is not None or rule.once:
            continue
        role = next((c.literal or "" for c in rule.columns if c.name == "role"), "")
        found.setdefault(role, export.display)
    return found


def _people_as_classes(report: Report, users: Path, people: Mapping[str, str]) -> None:
    """Of the classes each file's unheld rows name, those that are users of tonight's set (`users`,
    the staged users.csv): Report.unheld_people, file -> (how many, the first, its role, its export)."""
    named: dict[str, list[str]] = {}
    for class_id, places in report.named_classes.items():
        for file in dict.fromkeys(p[0] for p in places if p[2] in _IDS):
            named.setdefault(file, []).append(class_id)
    wanted = {class_id for ids in named.values() for class_id in ids}
    if not wanted or not users.is_file():
        return
    with users.open(encoding="utf-8", newline="") as handle:
        roles = {row.get("sourcedId") or "": row.get("role") or "" for row in csv.DictReader(handle)}
    roles = {user: role for user, role in roles.items() if user in wanted}
    for file, ids in named.items():
        found = [class_id for class_id in ids if class_id in roles]
        if found:
            role = roles[found[0]]
            export = people.get(role) or people.get("") or "users.csv"
            report.unheld_people[file] = (len(found), found[0], role, export)


def people_named(report: Report, file: str, *, subject: str = "its") -> str:
    """When most classes the unheld rows of `file` name are people of tonight's set (its class
    column holding the students' IDs), the cause and its step in words, the column said as
    `subject`'s ("its", or the file's name); else ""."""
    people = report.unheld_people.get(file)
    named = [c for c, places in report.named_classes.items() if any(p[0] == file and p[2] in _IDS for p in places)]
    if people is None or not named or people[0] * 2 <= len(named):
        return ""
    count, first, role, export = people
    column = next(
        (p.where.column for cid in sorted(_IDS) for p in report.examples.get(cid, []) if p.where.file == file), ""
    )
    whose = f"{role}s" if role else "users"
    return (
        f"{subject} column {column or 'naming the class'!r} holds IDs of the set's {whose}, not classes ({count} "
        f"of the {len(named)} classes it names, such as {first!r}, are {whose} of {export}): its columns are "
        f"swapped under its header, or its export job writes the person where the class goes; export {file} "
        "again with each value under its own header"
    )


def _enrolled(path: Path) -> set[str]:
    """The users of a staged enrollments.csv; none when it is not there."""
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8", newline="") as handle:
        return {row.get("userSourcedId") or "" for row in csv.DictReader(handle)}


def unheld_rows(report: Report, file: str) -> int:
    """All of tonight's rows of `file` naming classes no classes row holds, counted against it or not."""
    return sum(len(lines) for (f, _), users in report.unheld_rows.items() if f == file for lines in users.values())


def said(report: Report, file: str, classes: Sequence[str], *, cause: bool = True, rows: int | None = None) -> str:
    """What tonight's rows of `file` that name classes no row of `classes` (the classes exports)
    holds say, in words, with their likely `cause`; "" when none of its rows does. `rows`: how many
    (else those counted against the export, `settle`)."""
    if rows is None:
        rows = sum(report.left_out.error_codes.get((file, cid), 0) for cid in _IDS)
    named = [c for c, places in report.named_classes.items() if any(p[0] == file and p[2] in _IDS for p in places)]
    if not rows or not named:
        return ""
    shown = " or ".join(classes) or "the classes export"
    noun = "class" if len(named) == 1 else "classes"
    text = f"{file} names {len(named)} {noun} that {shown} does not hold ({rows} of its rows, {named[0]!r} the first)"
    if not cause:
        return text
    if people := people_named(report, file):
        return f"{text}: {people} ({shown} is not at fault)"
    if terms := ended_terms(report, classes):
        return (
            f"{text}: {shown} still holds the ended term {terms}, while the enrolments name another term's "
            f"classes; export {shown} again"
        )
    return f"{text}: is {shown} an earlier export than the enrolments, or cut short? Export it again"


def ended_terms(report: Report, classes: Sequence[str]) -> str:
    """The terms that ended before tonight whose classes the classes export's rows were left out as
    (F405, its first examples), in words ("'Fall 2026' (ended 2026-12-18)"); "" when none."""
    ended: dict[str, str] = {}
    for problem in report.examples.get(codes.code("class-outside-term").id, []):
        params = problem.params
        if classes and problem.where.file not in classes:
            continue
        if str(params.get("end", "")) < str(params.get("as_of", "")):
            ended.setdefault(str(params.get("term", "")), str(params.get("end", "")))
    said = " and ".join(f"{term!r} (ended {end})" for term, end in sorted(ended.items(), key=lambda t: t[1]))
    return said or report.unheld_ended  # a break night's second pass keeps the term's classes: no F405


def check_break(report: Report, *, classes: Sequence[str], limit: float, allow_incomplete: bool) -> None:
    """On a break night whose ended classes the classes export still holds really enrol no student
    tonight (I246's fact: break_kept.emptied, or removed on an earlier break night), an enrolments
    export more than `limit` percent of whose rows name classes `classes` does not hold is refused
    (X892; said, X918, with --allow-incomplete): under half of its rows, X915 let it through
    (year-long classes holding most rows), and the SIS did not end the term's enrolments, it moved
    them to classes the sections export lacks. Without that fact (the ended term's classes still
    enrolling their students over the break, the next term's rows entered early beside them) the
    rows are enrolments ahead of the sections export: no refusal (reviewer119 R2)."""
    files = sorted({file for file, _ in report.unheld_rows})
    for file in files:
        total, count = report.rows_read.get(file, 0), unheld_rows(report, file)
        words = said(report, file, classes, rows=count)
        if not total or count * 100 <= limit * total or not words:
            continue
        first = Where(
            file=file,
            line=min(
                min(lines) for (f, _), users in report.unheld_rows.items() if f == file for lines in users.values()
            ),
            table="enrollments",
        )
        if allow_incomplete:
            report.add(codes.code("incomplete-allowed"), first, detail=f"{words}; published")
            continue
        shown = " or ".join(classes) or "the classes export"
        terms = ended_terms(report, classes)
        report.add(
            codes.code("break-enrolments-unheld"),
            first,
            words=said(report, file, classes, cause=False, rows=count),
            percent=round(count * 100 / total, 1),
            total=total,
            limit=limit,
            held=f"of the ended term {terms} that {shown} still holds" if terms else f"that {shown} holds",
            unheld=shown,
        )
