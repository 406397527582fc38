"""The set, school by school: a school whose classes lose their students or teachers to an export
missing the school's rows.

On a later night the gate compares with the last published set (X906, X953, X993, X997); on the
first night, the one a district sets the tool up on, there is nothing to compare with, and one
school of several is under every whole-file limit. So the set itself is read per school:

- X941: at a school, most of the classes (at least AT_LEAST) would be left with no student, their
  enrolment rows naming students the students export does not have at all (D300 on the join
  that gives the enrolment its user), while other schools' classes keep theirs (every school's:
  the whole export's, X910, X915, X916). A student left out on purpose (withdrawn, filtered by a
  condition, at a school left out) is found by the join and is no such row; an export that leaves
  withdrawn students out gives a few such rows per school, which leave no class empty. Only
  without a last published set's classes to compare with: on a later night the gate says the
  school's classes or students lost (X993, X997, X906), and --allow-rollover publishes it.
  Profiles that read an enrolment's student ID straight from the enrolment export (OneRoster,
  Clever, SDS) join nothing there: the school's classes are only known to be emptied
  (`Report.classes_emptied`, which no report writes), and the gate reads the exports again to
  tell why (`_why_emptied`, on a first night only): most of such a class's rows naming a student
  ID no row of the users exports gives (V504, not a student the export has and the run leaves
  out: inactive, withdrawn, to be deleted) is X941 too.
- X946: at a school whose students are published, most of the classes (at least AT_LEAST of them
  with a teacher) would be left with no student because no row of the enrolment exports names a
  student in them at all, kept or left out, while other schools' classes keep theirs: the
  schedule export missing the school's student rows (a per-school query that ran for the other
  schools only). Found and said as X941's direct case, on a first night only (on a later night
  the gate says the school's students unenrolled or its classes lost: X997, X993). For every
  profile: a teacher's enrolment whose role reads a join (PowerSchool's sections, the teacher's
  StaffStatus) counts as the class's teacher when its rule can make only staff (`_owner_rule`;
  tester44 F5: PowerSchool's cc.txt without a school published it at exit 0).
- X942: at a school, more than half of the classes with students (at least AT_LEAST) would be
  published with no teacher or administrator (V586), while the other schools' classes have
  theirs: the school's teachers missing from the staff export. Most classes of the whole set
  without one is X980's. As X980, on any night, but not when most of the school's classes had
  no owner in the last published set either (nothing got worse).

- X943: at a school, more than half of the classes its students are enrolled in (at least
  AT_LEAST) would be left out because the terms export has no row of their term (D300 on a join
  the term filter's dates read: Plan.term_joins), an elementary school on quarters whose terms
  export lacks them. Counted are the classes an enrolment row its rule lets in names (its dates
  current, not deleted): a section of a past year whose term is rightly no longer exported has
  no current enrolment (PowerSchool's ended cc rows, an Aeries MST row with no SEC row) and stays
  a warning (D300), however many there are. Per school, without asking for other schools to keep
  theirs: a terms export that lacks the year term of every school loses most classes everywhere.
  (Every class of the set lost is X916's, the classes file empty.)
  On any night, but only the classes the last published set did not hold count: those it held
  are the removal gate's (X906, X993, X997, which --allow-rollover publishes), while the classes
  of a term that starts tonight (quarter 2, semester 2) are new to every comparison and would
  be lost unseen on a later night too.

- X944: at a school X943 does not say, every class of one term that a current enrolment names
  (at least AT_LEAST) is left out so, and the term is tonight's: the enrolment rule that lets in
  the rows naming them reads their start and end dates (RulePlan.span: its rows are current by
  them), or, where the rows carry none (Aeries SEC), the terms export's rows of the same term
  code at the other schools date it tonight's (mapping._same_term_elsewhere: a quarter 2 missing
  while the school's semester runs), or, where no other school lists the code, no term of the
  school's classes shorter than the year runs tonight or starts within the window
  (report.schools_in_term, from the term filter: with Spring's row there and Fall's missing in
  October, only the year runs). Next semester's classes, whose term is missing while this
  semester's runs (or that the other schools date later), stay warnings (D300).
  On any night, whether the last set held the classes or not: one school's semester is under
  the removal gate's shares of the whole set, and the row missing is the export's, not a removal
  (docs/scheduling.md).

  Why not an error per row counted toward the export's limit (as D386 counts toward X915): that
  limit is a share of the whole sections export, under which one elementary school of twenty
  stays, and a stray old section would count as much as a current one.

The enrolment stage notes what it finds (`note_students_unknown`, `note_without_owner`,
`note_terms_unknown`, in the process that runs it: report facts, which a worker hands over, and
the schools whose classes were emptied for a reason it did not see, Report.classes_emptied); the
safety gate refuses it (`check`), or --allow-incomplete publishes it, said (X918; X963 for X946).
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import Any

from transform.oneroster.spec import CLASS_OWNER_ROLES
from transform.pipeline import doubled_terms
from transform.pipeline.mapping import reads_join, records_as_read, row_ids
from transform.pipeline.read import SourceFile, iter_rows
from transform.profile.compile import Plan, RulePlan
from transform.profile.templates import fields
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

AT_LEAST = 3  # a class or two of a school is the class's problem (F412, V586)
STUDENTS_UNKNOWN = "schools_students_unknown"  # report.facts: school -> what X941 says
WITHOUT_OWNER = "schools_without_owner"  # report.facts: school -> what X942 says
TERMS_UNKNOWN = "schools_terms_unknown"  # report.facts: school -> what X943 may say
TERM_UNKNOWN = "schools_term_unknown"  # report.facts: school -> term key -> what X944 says
UNENROLLED = "schools_classes_unenrolled"  # report.facts: school -> what X946 says
_STUDENT_ROLES = ("", "student")  # the role a rule writes ("" when it reads it from a cell)


def note_students_unknown(
    report: Report, listed: Iterable[str], with_students: set[str], school_of: Callable[[str], str]
) -> None:
    """The schools most of whose classes (at least AT_LEAST) are left with no student, and had
    enrolment rows naming students the students export does not have (report.users_unknown, a
    join's misses); the other such schools, for the gate to find out why (Report.classes_emptied:
    no fact, so that a run stopping before the gate does not write their classes' IDs into the
    --report JSON)."""
    unknown: dict[str, list[Any]] = {}
    for (class_id, role), (rows, place, key, source) in report.users_unknown.items():
        if role not in _STUDENT_ROLES:
            continue
        held = unknown.setdefault(class_id, [0, place, key, source])
        held[0] += rows
        if place < held[1]:
            held[1:] = [place, key, source]
    classes: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    emptied: dict[str, list[str]] = {}
    empty: dict[str, list[str]] = {}
    for class_id in listed:
        school = school_of(class_id)
        classes[school] += 1
        if class_id in with_students:
            kept[school] += 1
            continue
        empty.setdefault(school, []).append(class_id)
        if class_id in unknown:
            emptied.setdefault(school, []).append(class_id)

    def most(school: str, ids: list[str]) -> bool:
        # not a class or two; nor every school's classes (the whole export's: X910, X915, X916)
        return len(ids) >= AT_LEAST and len(ids) * 2 > classes[school] and any(kept[s] for s in kept if s != school)

    for school, ids in sorted(empty.items()):
        if most(school, ids) and not most(school, emptied.get(school, [])):
            report.classes_emptied[school] = {"classes": classes[school], "emptied": sorted(ids)}
    for school, ids in sorted(emptied.items()):
        if not most(school, ids):
            continue
        (file, line), key, source = min((unknown[c][1], unknown[c][2], unknown[c][3]) for c in ids)
        report.facts.setdefault(STUDENTS_UNKNOWN, {})[school] = {
            "classes": classes[school],
            "emptied": len(ids),
            "kept": kept[school],
            "rows": sum(unknown[c][0] for c in ids),
            "example": min(ids),
            "file": file,
            "line": line,
            "key": key,
            "source": source,
            "reported": "D300",
        }


def note_without_owner(
    report: Report,
    with_students: Iterable[str],
    without: set[str],
    school_of: Callable[[str], str],
    place_of: Callable[[str], tuple[str, int]] | None = None,
) -> None:
    """The schools more than half of whose classes with students (at least AT_LEAST) have no
    teacher or administrator enrolled, while another school's classes have one. Where they are
    said: the first row naming a teacher the staff export lacks (a join's D300), else the
    example class's row (`place_of`: a profile whose enrolments name the teacher with no join,
    Infinite Campus, Synergy; tester44 F13 item 4: X942 named no file)."""
    if len(without) < AT_LEAST:
        return
    classes: Counter[str] = Counter()
    ownerless: dict[str, list[str]] = {}
    for class_id in with_students:
        school = school_of(class_id)
        classes[school] += 1
        if class_id in without:
            ownerless.setdefault(school, []).append(class_id)
    owned = {school for school, count in classes.items() if count > len(ownerless.get(school, ()))}
    for school, ids in sorted(ownerless.items()):
        if len(ids) < AT_LEAST or len(ids) * 2 <= classes[school] or not owned - {school}:
            continue
        said: dict[str, Any] = {"classes": classes[school], "without": len(ids), "example": min(ids), "rows": 0}
        # The school's sections naming teachers the staff export does not have (D300): the cause.
        at_school = set(ids)
        misses = [held for (c, role), held in report.users_unknown.items() if role != "student" and c in at_school]
        if misses:
            _, (file, line), key, source = min(misses, key=lambda held: held[1])
            said.update(rows=sum(held[0] for held in misses), file=file, line=line, key=key, source=source)
        elif place_of is not None:
            said.update(zip(("file", "line"), place_of(said["example"]), strict=True))
        report.facts.setdefault(WITHOUT_OWNER, {})[school] = said


def note_terms_unknown(
    report: Report,
    listed: set[str],
    with_students: Iterable[str],
    school_of: Callable[[str], str],
    *,
    unrostered: Iterable[str] = (),
    dated: Collection[str] = (),
    as_of: dt.date | None = None,
    window_days: int = 0,
) -> None:
    """The schools more than half of whose classes with students (at least AT_LEAST, counting
    the classes left out whose term the terms export lacks and an enrolment row its rule let in
    names: report.terms_unknown) are such classes (X943); and the terms of a school at least
    AT_LEAST of whose classes are such classes and current tonight (X944): named by rows of an
    enrolment rule that reads their dates (`dated`, rule labels: its conditions let in only the
    current ones); else as the terms export dates the same term code at the other schools
    (`_tonight_elsewhere`: a quarter 2 missing while the school's semester runs is tonight's, a
    year-long school's next semester is not); else at a school at which no term of the classes
    shorter than the year runs tonight (report.schools_in_term). A class whose term the other
    schools date neither tonight nor within `window_days` of `as_of` is no loss tonight and counts
    for neither. Schools not rostered are left out of it."""
    if not listed:
        return  # no class of the set kept: an empty classes.csv is the whole export's (X916)
    missed: dict[str, dict[str, list[Any]]] = {}
    terms: dict[tuple[str, str], dict[str, list[Any]]] = {}
    running = report.schools_in_term or frozenset()
    skipped = set(unrostered)
    for class_id, (school, (file, line), key, source, enrolled, rules, *more) in report.terms_unknown.items():
        if enrolled and school not in skipped and class_id not in listed:
            elsewhere = _tonight_elsewhere(more[0] if more else (), as_of, window_days)
            if elsewhere is not None and not elsewhere[0] and not rules & set(dated):
                continue  # a term of another night at the other schools: nothing is lost tonight
            missed.setdefault(school, {})[class_id] = [file, line, key, source]
            current = (
                "dated"
                if rules & set(dated)
                else f"{_ELSEWHERE}{elsewhere[1]})"
                if elsewhere is not None
                else ""
                if school in running
                else "running"
            )
            if current:
                terms.setdefault((school, key), {})[class_id] = [file, line, key, source, current]
    for (school, key), ids in sorted(terms.items()):
        if len(ids) >= AT_LEAST:
            report.facts.setdefault(TERM_UNKNOWN, {}).setdefault(school, {})[key] = ids
    if not any(len(ids) >= AT_LEAST for ids in missed.values()):
        return
    kept: Counter[str] = Counter(school_of(class_id) for class_id in with_students if class_id in listed)
    for school, ids in sorted(missed.items()):
        classes = kept[school] + len(ids)
        if len(ids) >= AT_LEAST and len(ids) * 2 > classes:
            report.facts.setdefault(TERMS_UNKNOWN, {})[school] = {"classes": classes, "missed": ids}


def check(
    report: Report,
    *,
    staged: Path,
    previous: Path | None,
    allow_incomplete: bool,
    whole_set: bool,
    plan: Plan | None = None,
    sources: dict[str, SourceFile] | None = None,
) -> None:
    """The safety gate: refuse a school X941 or X946 found, on a night without a last set's
    classes to compare with, or X942, on any night unless the school's classes mostly had no
    owner in the last published set either; --allow-incomplete publishes it, said (X918, X963).
    `whole_set` False: most classes of the set have no owner (X980 says it of them all), so X942
    is not said of each school. `plan` and `sources`: the exports, read again for the schools
    whose classes were emptied for a reason the run did not see (`Report.classes_emptied`)."""
    names = _names(staged / "orgs.csv")
    # A night with a last set to compare with: the gate says a school's classes or students lost
    # (X906, X993, X997), and --allow-rollover publishes it.
    compared = previous is not None and (previous / "classes.csv").is_file()
    emptied, report.classes_emptied = report.classes_emptied, {}
    if emptied and not compared and plan is not None and sources is not None:
        _why_emptied(report, plan, sources, emptied)
    for school, said in sorted(report.facts.get(STUDENTS_UNKNOWN, {}).items() if not compared else ()):
        name = names.get(school, "")
        detail = (
            f"school {school} ({name}): {said['emptied']} of its {said['classes']} classes have no student, "
            f"their enrolment rows naming students no {said['source']} row has"
        )
        if not _allowed(report, allow_incomplete, detail):
            report.add(
                codes.code("school-students-unknown"),
                Where(said["file"], said["line"]),
                school=school,
                name=name,
                emptied=said["emptied"],
                classes=said["classes"],
                rows=said["rows"],
                source=said["source"],
                key=said["key"],
                reported=said["reported"],
                example=repr(said["example"]),
            )
    files = {name: source.display for name, source in (sources or {}).items()}
    _check_terms_unknown(report, names, previous, allow_incomplete, files, sources or {}, plan)
    for school, said in sorted(report.facts.get(UNENROLLED, {}).items() if not compared else ()):
        name = names.get(school, "")
        values = {key: said[key] for key in ("emptied", "classes", "teachers", "students", "file")}
        if allow_incomplete:
            report.add(codes.code("school-classes-unenrolled-allowed"), Where(), school=school, name=name, **values)
            continue
        report.add(
            codes.code("school-classes-unenrolled"),
            Where(said["file"]),
            school=school,
            name=name,
            example=repr(said["example"]),
            **values,
        )
    for school, said in sorted(report.facts.get(WITHOUT_OWNER, {}).items() if whole_set else ()):
        if previous is not None and _mostly_without_owner(previous, school):
            continue  # most of its classes had no owner in the last published set either
        name = names.get(school, "")
        detail = f"school {school} ({name}): {said['without']} of its {said['classes']} classes have no teacher"
        if not _allowed(report, allow_incomplete, detail):
            report.add(
                codes.code("school-classes-without-owner"),
                Where(said["file"], said["line"]) if said.get("file") else Where(),
                school=school,
                name=name,
                count=said["without"],
                classes=said["classes"],
                example=repr(said["example"]),
                **_owners_lost(report, said),
            )


def _check_terms_unknown(
    report: Report,
    names: dict[str, str],
    previous: Path | None,
    allow_incomplete: bool,
    files: dict[str, str] | None = None,
    sources: dict[str, SourceFile] | None = None,
    plan: Plan | None = None,
) -> None:
    """X943 of each school `note_terms_unknown` found, counting only the classes the last
    published set (`previous`) did not hold: the removal gate judges those it held. Then X944
    of each current term it found at the other schools, on any night, whether the last set held
    its classes or not: a school losing most of its classes is X943's, or the removal gate's
    (X993) when the last set held them. Each names the term's row where the terms export has it
    but tonight's read left it out (`_lost_row`; `files`: each export's file, by source)."""
    held = set(_classes_of(previous)) if previous is not None else set()
    mostly = report.facts.get(TERMS_UNKNOWN, {})
    doubled = doubled_terms.keys(report)  # not missing: on two rows that differ, X866's
    for school, said in sorted(mostly.items()):
        missed = {
            class_id: place
            for class_id, place in said["missed"].items()
            if class_id not in held and place[2] not in doubled
        }
        if len(missed) < AT_LEAST or len(missed) * 2 <= said["classes"]:
            continue
        file, line, key, source = min(missed.values())
        name = names.get(school, "")
        detail = (
            f"school {school} ({name}): {len(missed)} of its {said['classes']} classes with students left out, "
            f"no {source} row having their term"
        )
        if not _allowed(report, allow_incomplete, detail):
            report.add(
                codes.code("school-terms-unknown"),
                Where(file, line),
                school=school,
                name=name,
                missed=len(missed),
                classes=said["classes"],
                source=source,
                key=key,
                lost=_lost_row(report, key, (files or {}).get(source, "")),
                example=repr(min(missed)),
                **_district_row(key, school, (sources or {}).get(source), names, _remote_columns(plan, source)),
            )
    for school, by_term in sorted(report.facts.get(TERM_UNKNOWN, {}).items()):
        if school in mostly:
            continue  # most of the school's classes: X943's, or X993's
        for ids in (by_term[key] for key in sorted(by_term) if key not in doubled):
            file, line, key, source, _ = min(ids.values())
            whys = {place[4] for place in ids.values()}
            dated = whys == {"dated"}
            said = min((w for w in whys if w.startswith(_ELSEWHERE)), default="") if not dated else ""
            name = names.get(school, "")
            detail = (
                f"school {school} ({name}): the {len(ids)} classes of term {key} its students are enrolled in "
                f"left out, no {source} row having it"
            )
            if not _allowed(report, allow_incomplete, detail):
                report.add(
                    codes.code("school-term-unknown"),
                    Where(file, line),
                    school=school,
                    name=name,
                    missed=len(ids),
                    key=key,
                    source=source,
                    why=_DATED if dated else said or _NO_TERM_RUNNING,
                    lost=_lost_row(report, key, (files or {}).get(source, "")),
                    example=repr(min(ids)),
                )


# A key's parts as `named` writes them, in the order of the join's on: School Code='2', Term='S1'.
_KEY_PART = re.compile(r"""([^=,]+?)=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")
_BROKEN = "a terms export missing the school's terms is a broken export"


def _district_row(
    key: str, school: str, export: SourceFile | None, names: dict[str, str], remote: tuple[str, ...]
) -> dict[str, str]:
    """X943's words where the terms export has the term under another school's code (a Rediker
    Terms.csv listing S1 and S2 once for the district, under School Code 0, beside each school's
    YR): the export is whole, the join's `on` names the school too and finds none of those rows
    (tester69 F8: 'a broken export', 'fix the export's query'). {"verdict": ...} by default."""
    values = [ast.literal_eval(value) for _, value in _KEY_PART.findall(key)]
    at = [n for n, value in enumerate(values) if value == school]
    if export is None or len(at) != 1 or len(values) < 2 or len(remote) != len(values):
        return {"verdict": _BROKEN}
    if not all(column in export.index for column in remote):
        return {"verdict": _BROKEN}
    positions = [export.index[column] for column in remote]
    heads = [export.header[position] for position in positions]
    found, shared = None, False
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        cells = [row.cells[p].strip() if p < len(row.cells) else "" for p in positions]
        if cells[at[0]] == school or any(
            c != v for n, (c, v) in enumerate(zip(cells, values, strict=True)) if n != at[0]
        ):
            continue
        # Under another school of the set the term is that school's too (PowerSchool's IDs are the district's,
        # each school's row its own dates): then a row under a code no school has may be the district's term
        # or another office's (a district office's, a closed school's) beside this school's rows lost
        # (reviewer70 F3): both are said. A term no school of the set has is the district's.
        if cells[at[0]] in names:
            shared = True
        else:
            found = found or (row.line, cells[at[0]])
    if found is None:
        return {"verdict": _BROKEN}
    line, other = found
    column = heads[at[0]]
    rest = [head for n, head in enumerate(heads) if n != at[0]]
    term = ", ".join(
        f"{head}={value!r}" for n, (head, value) in enumerate(zip(heads, values, strict=True)) if n != at[0]
    )
    join = (
        f"make the profile's join of the terms find the rows under {column}={other!r}: on "
        f"{', '.join(rest)} alone where the export lists each term once; where other terms are on a "
        "row per school (a YR of other dates), export the terms with a row per school and term"
    )
    if shared:
        return {
            "verdict": (
                f"{export.display}:{line} has {term} under {column}={other!r} (no school of the set), and other "
                f"schools of the set have rows of their own for it: either the export lost this school's rows "
                f"(a broken export), or that row is the district's term for this school, which the join's on "
                f"({', '.join(heads)}) does not find (it names the school)"
            ),
            "step": f"if the terms export lost this school's rows, export it again whole; if not, {join}",
        }
    return {
        "verdict": (
            f"{export.display}:{line} has {term} under {column}={other!r} (no school of the set: a term "
            f"of the whole district), which the join's "
            f"on ({', '.join(heads)}) does not find: the export is whole, the join's on too wide for such "
            "a term (it names the school)"
        ),
        "step": join,
    }


def _remote_columns(plan: Plan | None, source: str) -> tuple[str, ...]:
    """The columns of `source` (as its export keys them) a join on it matches: the terms', whose key
    X943 names by the joining row's cells in the same order."""
    joins = (j for rules in plan.rules.values() for rule in rules for j in rule.joins.values()) if plan else ()
    return next((j.remote for j in joins if j.source == source and len(j.remote) > 1), ())


def _lost_row(report: Report, key: str, file: str) -> str:
    """X943's and X944's words for the row of a term its classes found none of, left out tonight
    (`lost_terms_row`); "" when there is none."""
    lost = lost_terms_row(report, key, file)
    return f", its row {lost}: a broken row, not a missing one" if lost else ""


def lost_terms_row(report: Report, key: str, file: str = "", *, with_place: bool = False) -> Any:
    """Where the terms export has the row of a term classes found none of (`key`: "TermID='3601',
    SchoolID='300'", as D300 names it), left out tonight before it was mapped (I205: a delimiter
    typed in a value): "terms.txt:13 left out tonight by I205 row-too-long"; else "". A row lost
    so whose cells hold every part of the key (in `file`, the terms export, when known) is taken
    for it. `with_place`: (file, line) instead, or None."""
    values = [ast.literal_eval(text) for text in _KEY_VALUE.findall(key)]
    if not values or not all(isinstance(v, str) and v for v in values):
        return None if with_place else ""
    for (at, line), cells in sorted(report.left_out.lost_cells.items()):
        if (not file or at == file) and all(value in cells for value in values):
            if with_place:
                return at, line
            code = codes.code("row-too-long")
            return f"{at}:{line} left out tonight by {code.id} {code.slug}"
    return None if with_place else ""


# A key's values as `named` writes them (mapping._report_join_miss): TermID='3601'.
_KEY_VALUE = re.compile(r"""=('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")""")

# Why X944 takes a term the terms export lacks for one of tonight's.
_DATED = "the enrolment rows naming them are dated current"
_NO_TERM_RUNNING = "no term of the school's classes shorter than the year runs tonight: theirs is taken for tonight's"
_ELSEWHERE = "the same term at the other schools runs tonight or within the window ("


def _tonight_elsewhere(
    spans: Iterable[tuple[str, str, str]], as_of: dt.date | None, window_days: int
) -> tuple[bool, str] | None:
    """Whether the term the terms export lacks at a school runs tonight, or starts within the
    window, as its rows of the same code at the other schools date it (`spans`: start, end and
    where, mapping._same_term_elsewhere), with the first such row said ("2026-10-19 to 2026-12-18,
    TRM.csv line 6"); None when no other school lists it, or they disagree."""
    if as_of is None:
        return None
    horizon = as_of + dt.timedelta(days=window_days)
    said = {
        (dt.date.fromisoformat(start) <= horizon and as_of <= dt.date.fromisoformat(end), f"{start} to {end}, {where}")
        for start, end, where in spans
    }
    if len({tonight for tonight, _ in said}) != 1:
        return None
    return min(said)


class _Named:
    """What the enrolment exports' rows say of one class: how many name a student in it and how
    many a teacher or administrator (kept or left out, whatever their where says), and of the
    rows its where admits, each student's ID and place (none when the ID is read through a join:
    its misses are X941's already, report.users_unknown)."""

    __slots__ = ("owners", "rows", "students")

    def __init__(self) -> None:
        self.students = 0
        self.owners = 0
        self.rows: list[tuple[tuple[str, int], str, str]] = []  # ((file, line), user, column)

    def unknown(self, listed: set[str]) -> list[tuple[tuple[str, int], str, str]]:
        """Its admitted students' rows naming a user no users export row gives, when they are
        most of its admitted rows (the class was emptied by them, not by students left out on
        purpose, whom the export has); else none."""
        missing = [row for row in self.rows if row[1] not in listed]
        return missing if missing and len(missing) * 2 > len(self.rows) else []


def _why_emptied(report: Report, plan: Plan, sources: dict[str, SourceFile], emptied: dict[str, Any]) -> None:
    """For each school most of whose classes came out with no student (Report.classes_emptied),
    the exports read again: most of those classes emptied by rows naming students no users
    export has at all is X941 (`STUDENTS_UNKNOWN`); most named by no student's row at all, with their
    teachers, at a school whose students are published, is X946 (`UNENROLLED`)."""
    school_of = {class_id: school for school, said in emptied.items() for class_id in said["emptied"]}
    named, files = _enrolments_of(plan, sources, school_of)
    listed = users_listed(plan, sources, {user for n in named.values() for _, user, _ in n.rows})
    students = student_sources(plan, sources)
    for school, said in sorted(emptied.items()):
        ids: list[str] = said["emptied"]
        unknown = {c: rows for c in ids if listed is not None and (rows := named[c].unknown(listed))}
        if len(unknown) >= AT_LEAST and len(unknown) * 2 > said["classes"] and students:
            (file, line), user, column = min(row for rows in unknown.values() for row in rows)
            report.facts.setdefault(STUDENTS_UNKNOWN, {})[school] = {
                "classes": said["classes"],
                "emptied": len(unknown),
                "kept": said["classes"] - len(ids),
                "rows": sum(len(rows) for rows in unknown.values()),
                "example": min(unknown),
                "file": file,
                "line": line,
                "key": f"{column}={user!r}",
                "source": " or ".join(students),
                "reported": "V504",
            }
            continue
        unnamed = [c for c in ids if not named[c].students]
        taught = [c for c in unnamed if named[c].owners]
        at_school = sum(
            n for (role, orgs), n in report.people.items() if role == "student" and school in orgs.split(",")
        )
        if len(taught) >= AT_LEAST and len(unnamed) * 2 > said["classes"] and at_school > 0 and files:
            report.facts.setdefault(UNENROLLED, {})[school] = {
                "classes": said["classes"],
                "emptied": len(unnamed),
                "teachers": len(taught),
                "students": at_school,
                "example": min(taught),
                "file": " or ".join(files),
            }


_READ = frozenset({"classSourcedId", "userSourcedId", "role"})


def _enrolments_of(
    plan: Plan, sources: dict[str, SourceFile], classes: dict[str, str]
) -> tuple[dict[str, _Named], list[str]]:
    """What the rows of the enrolment rules say of each of `classes` (`_Named`), and the exports
    whose rows name students (their display names, in the rules' order)."""
    named = {class_id: _Named() for class_id in classes}
    files: list[str] = []
    for rule in plan.rules.get("enrollments", ()):
        export = sources.get(rule.source)
        if export is None or rule.once:
            continue
        column = _user_column(rule)
        # A rule whose role reads a join (PowerSchool's sections: the teacher's StaffStatus) gives
        # none here; one that can make only staff, owners among them, names the class's teacher.
        unread = _owner_rule(rule)
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            admitted, records = records_as_read(row, rule, plan, _READ)
            for record in records:
                role = record.get("role", unread)
                if role == "student" and export.display not in files:
                    files.append(export.display)
                held = named.get(record.get("classSourcedId", ""))
                if held is None:
                    continue
                if role in CLASS_OWNER_ROLES:
                    held.owners += 1
                elif role == "student":
                    held.students += 1
                    user = record.get("userSourcedId")
                    if admitted and user and column:
                        held.rows.append(((export.display, row.line), user, column))
    return named, files


def _owner_rule(rule: RulePlan) -> str | None:
    """The role an enrolment rule's records count as when their role cannot be read without the
    join indexes: "teacher" when the rule's role column reads a join and its map can give an owner
    (CLASS_OWNER_ROLES) and never a student; else None (not counted)."""
    column = next((c for c in rule.columns if c.name == "role"), None)
    if column is None or not reads_join(column) or column.map is None:
        return None
    roles = set(column.map.values.values())
    if column.map.unmapped == "default":
        roles.add(column.map.default)
    elif column.map.unmapped == "keep":
        return None  # any value of the export's
    if "student" in roles or not roles & CLASS_OWNER_ROLES:
        return None
    return "teacher"


def _user_column(rule: RulePlan) -> str:
    """The export's column an enrolment rule reads its user's ID from, as a message names it;
    "" when it reads it through a join (or builds it)."""
    column = next((c for c in rule.columns if c.name == "userSourcedId"), None)
    if column is None or reads_join(column):
        return ""
    refs = fields((*column.first_of, *column.parts))
    return refs[0].column if refs else ""


def users_listed(plan: Plan, sources: dict[str, SourceFile], users: set[str]) -> set[str] | None:
    """Those of `users` some row of the exports the users rules read gives as its ID, kept or
    left out (an inactive student is listed); None when a rule's ID cannot be read without the
    join indexes (nothing is then taken for missing)."""
    listed: set[str] = set()
    read: set[tuple[str, str]] = set()
    quiet = Report(max_examples=0)
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source)
        if export is None or rule.guardian is not None or rule.once:
            continue
        names = [c.name for c in rule.columns]
        if "sourcedId" not in names:
            continue
        upto = rule.columns[: names.index("sourcedId") + 1]
        if any(reads_join(c) for c in upto):
            return None
        done = (rule.source, repr(upto[-1]))
        if done in read or listed >= users:
            continue
        read.add(done)
        for row in iter_rows(export, Report(max_examples=0), first_pass=False):
            listed.update(i for i in row_ids(row, rule=rule, plan=plan, indexes={}, quiet=quiet) if i in users)
    return listed


def student_sources(plan: Plan, sources: dict[str, SourceFile]) -> list[str]:
    """The exports the rules that may make students read (by source name, as X941 says it)."""
    found: list[str] = []
    for rule in plan.rules.get("users", ()):
        if rule.guardian is None and rule.source in sources and _may_be_student(rule) and rule.source not in found:
            found.append(rule.source)
    return found


def _may_be_student(rule: RulePlan) -> bool:
    column = next((c for c in rule.columns if c.name == "role"), None)
    if column is None:
        return False
    if column.literal is not None:
        return column.literal == "student"
    roles = column.map
    return roles is None or "student" in roles.values.values() or roles.default == "student"


def _owners_lost(report: Report, said: dict[str, Any]) -> dict[str, str]:
    """X942's hint and what it calls broken: the sections naming teachers the staff export lacks
    (D300), or, with none, teachers the run left out for no email (V506: the staff rule's email
    reads a column empty for them, tester57 F8), or a staff export missing the school's rows."""
    staff_dropped = report.counts.get("V506", 0)
    if not said["rows"] and staff_dropped:
        return {
            "hint": f"; {staff_dropped} staff members were left out as V506 staff-without-email, and their enrolments "
            "with them (V504)",
            "broken": "the column the staff rule reads for their email is empty for them (check the rule's email:)",
            "cause_id": "V506",
        }
    if said["rows"] and all(part.endswith("=''") for part in str(said["key"]).split(", ")):
        # a blank teacher cell is no teacher missing from the staff export: the sections lost it (tester63)
        return {
            "hint": f"; {said['rows']} of their rows name a teacher no {said['source']} row has or leave it blank "
            f"(D300, the first blank: {said['key']})",
            "broken": "a sections export that lost the school's teachers is a broken export",
        }
    return {"hint": _teachers_unknown(said), "broken": "a staff export missing the school's rows is a broken export"}


def _teachers_unknown(said: dict[str, Any]) -> str:
    if not said["rows"]:
        return ""
    return f"; {said['rows']} of their rows name a teacher no {said['source']} row has (D300, the first: {said['key']})"


def _allowed(report: Report, allow_incomplete: bool, detail: str) -> bool:
    if allow_incomplete:
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
    return allow_incomplete


def _names(orgs: Path) -> dict[str, str]:
    if not orgs.is_file():
        return {}
    with orgs.open(encoding="utf-8-sig", newline="") as handle:
        return {row.get("sourcedId", ""): row.get("name", "") for row in csv.DictReader(handle)}


def _classes_of(folder: Path, school: str | None = None) -> Iterable[str]:
    """The IDs of a published set's classes (at `school`; None: every school's)."""
    classes = folder / "classes.csv"
    if not classes.is_file():
        return
    with classes.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if school is None or row.get("schoolSourcedId", "") == school:
                yield row.get("sourcedId", "")


def _mostly_without_owner(folder: Path, school: str) -> bool:
    """Whether more than half of the school's classes with students in a published set had no
    teacher or administrator enrolled (False without its files: no set to compare with)."""
    classes = set(_classes_of(folder, school))
    enrollments = folder / "enrollments.csv"
    if not classes or not enrollments.is_file():
        return False
    with_students: set[str] = set()
    owned: set[str] = set()
    with enrollments.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            class_id = row.get("classSourcedId", "")
            if class_id not in classes:
                continue
            if row.get("role") == "student":
                with_students.add(class_id)
            elif row.get("role") in CLASS_OWNER_ROLES:
                owned.add(class_id)
    return len(with_students - owned) * 2 > len(with_students)
