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
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from transform.pipeline.read import iter_rows
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

if TYPE_CHECKING:
    from transform.pipeline.filters import Ended, Term
    from transform.pipeline.read import SourceFile
    from transform.profile.compile import Plan, RulePlan

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
    if shape := shape_said(report, file):
        return f"{text}: {shape}"
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


# --- tester89 T8: the IDs' shape against the classes' --------------------------------------------------------
# A new Genesis profile's enrolments built '050-ENG101-2' where the classes rule built '050-2026-27-ENG101-2' (its
# template lacked {schoolYear}), and a schedule export saved by Excel wrote '50-2026-27-ENG101-2': both were
# refused "is CourseSubsections.csv an earlier export than the enrolments? Export it again", which nothing
# re-exported could mend. The IDs the rows name are compared with those the classes rule builds from its
# export: a part more or less, or the same with leading zeros lost, on most of them, is the profile's template
# or a spreadsheet's doing, said first.
SHAPE_CLASSES_READ = 200_000  # classes export rows read for the comparison at most
SHAPE_PARTS = 8  # an ID of more parts is not split for a part more or less
SHAPE_AT_LEAST = 3  # classes named: fewer say too little
_SEPARATORS = re.compile(r"([-_.:/| ]+)")
_NUMBERS = re.compile(r"\d+")


def _no_zeros(value: str) -> str:
    return _NUMBERS.sub(lambda m: m.group().lstrip("0") or "0", value)


def _without_a_part(value: str) -> Iterator[tuple[str, str]]:
    """`value` with one run of its parts taken out (and a separator with it), and the run taken out."""
    pieces = _SEPARATORS.split(value)  # parts at even places, separators between
    parts = pieces[::2]
    if not 2 <= len(parts) <= SHAPE_PARTS:
        return
    for first in range(len(parts)):
        for last in range(first, len(parts)):
            if last - first + 1 > len(parts) - 2:  # two parts left at least: '2' is no class's ID of a template
                continue
            # the parts and the separator after them; the last parts with the separator before them
            start, end = (2 * first - 1, 2 * last + 1) if last == len(parts) - 1 else (2 * first, 2 * last + 2)
            yield "".join(pieces[:start] + pieces[end:]), "".join(pieces[2 * first : 2 * last + 1])


def _template(rule: RulePlan, name: str) -> str:
    spec = next((c for c in rule.columns if c.name == name), None)
    if spec is None:
        return ""
    if spec.first_of:
        return "column: " + ", ".join(str(ref) for ref in spec.first_of)
    return "".join(p if isinstance(p, str) else f"{{{p}}}" for p in spec.parts)


def note_shape(
    plan: Plan, sources: Mapping[str, SourceFile], report: Report, place: Callable[[tuple[str, ...]], str]
) -> None:
    """Report.unheld_shapes: for each enrolments export whose rows name SHAPE_AT_LEAST classes or more that no
    classes row holds, the two rules' templates with their places (`places`: profile path -> file:line:col),
    and the shape most of those IDs have against the IDs the classes rule builds (`place`: a profile path's
    file:line:col): "zeros" (the same with
    leading zeros lost), "template" (a part more or less). The classes export is read once more, only then."""
    named: dict[str, list[str]] = {}
    for class_id, found in report.named_classes.items():
        for file in dict.fromkeys(p[0] for p in found if p[2] in _IDS):
            named.setdefault(file, []).append(class_id)
    named = {file: ids for file, ids in named.items() if len(ids) >= SHAPE_AT_LEAST}
    classes = next((r for r in plan.rules.get("classes", ()) if r.source in sources), None)
    if not named or classes is None:
        return
    from transform.pipeline.own_keep_outs import _id_reader  # own_keep_outs reads this module (a cycle)

    export = sources[classes.source]
    read = _id_reader(classes, export)
    if read is None:
        return
    built: set[str] = set()
    for n, row in enumerate(iter_rows(export, Report(max_examples=0), first_pass=False)):
        if n >= SHAPE_CLASSES_READ:
            break
        if value := read(row.cells):
            built.add(value)
    for file, ids in named.items():
        rule = next(
            (
                r
                for r in plan.rules.get("enrollments", ())
                if sources.get(r.source, None) is not None and sources[r.source].display == file
            ),
            None,
        )
        said = {
            "classes": f"the sourcedId of {classes.label}, {_template(classes, 'sourcedId')!r}"
            + _at(place, ("tables", "classes", classes.name, "columns", "sourcedId")),
            "enrolments": f"the classSourcedId of {rule.label}, {_template(rule, 'classSourcedId')!r}"
            + _at(place, ("tables", "enrollments", rule.name, "columns", "classSourcedId"))
            if rule is not None
            else "",
            "export": export.display,
        }
        said.update(_shape(ids, built))
        report.unheld_shapes[file] = said


def _at(place: Callable[[tuple[str, ...]], str], path: tuple[str, ...]) -> str:
    at = place(path)
    return f" (profile {at})" if at else ""


def _shape(ids: Sequence[str], built: set[str]) -> dict[str, str]:
    """The shape most of `ids` have against `built`: {"shape", "first", "twin", "part", "count"}; {} when none."""
    zeros: dict[str, str] = {}
    for value in built:
        zeros.setdefault(_no_zeros(value), value)
    less: dict[str, tuple[str, str]] = {}  # an ID built, a run of its parts taken out -> (the ID, the run)
    for value in built:
        for shorter, part in _without_a_part(value):
            less.setdefault(shorter, (value, part))
    found: dict[str, list[tuple[str, str, str]]] = {"zeros": [], "template": []}
    for value in ids:
        twin = zeros.get(_no_zeros(value))
        # Only the enrolments' ID the shorter: when the classes' lost their zeros, the classes export went
        # through the spreadsheet, and its own step (export it again) is main's (review204 R3).
        if twin is not None and twin != value and len(value) < len(twin):
            found["zeros"].append((value, twin, ""))
        elif value in less:
            found["template"].append((value, *less[value]))
        elif more := next(((s, p) for s, p in _without_a_part(value) if s in built), None):
            found["template"].append((value, more[0], more[1]))
    for shape, matched in found.items():
        if len(matched) * 2 > len(ids):
            first, twin, part = matched[0]
            return {
                "shape": shape,
                "first": first,
                "twin": twin,
                "part": part,
                "count": f"{len(matched)} of the {len(ids)}",
            }
    return {}


def shape_said(report: Report, file: str) -> str:
    """The shape of `file`'s unheld IDs in words, its cause first; "" when they have none."""
    said = report.unheld_shapes.get(file) or {}
    first, twin, part = said.get("first"), said.get("twin"), said.get("part")
    if said.get("shape") == "zeros":
        return (
            f"their IDs are the classes' with the leading zeros lost ({said['count']} classes named: {first!r} is "
            f"{twin!r} of {said['export']}): {file} went through a spreadsheet such as Excel, which drops them"
        )
    if said.get("shape") != "template":
        return ""
    how = f"without {part!r}" if len(str(first)) < len(str(twin)) else f"with {part!r} more"
    rules = " and ".join(filter(None, (said.get("enrolments"), said.get("classes"))))
    return (
        f"their IDs are the classes' with a part {'less' if 'without' in how else 'more'} ({said['count']} classes "
        f"named: {first!r} is {twin!r} {how}): "
        f"the profile builds the two otherwise ({rules}); the exports are not at fault"
    )


def shape_params(report: Report, file: str) -> dict[str, str]:
    """X915's params for its step (report.summary): the shape of `file`'s unheld IDs ("zeros", "template", ""),
    an example in words, and the profile's two templates with their places."""
    said = report.unheld_shapes.get(file) or {}
    if not said:
        return {}
    templates = " and ".join(filter(None, (said.get("enrolments"), said.get("classes"))))
    example = f"{said.get('first')!r} is {said.get('twin')!r}" if said.get("shape") else ""
    if said.get("shape") == "template":
        first_shorter = len(str(said.get("first"))) < len(str(said.get("twin")))
        example += f" {'without' if first_shorter else 'with'} {said.get('part')!r}{'' if first_shorter else ' more'}"
    elif said.get("shape") == "zeros":
        example += f" of {said.get('export')}"
    return {"shape": said.get("shape", ""), "example": example, "templates": templates}
