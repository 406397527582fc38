"""A district's own keep-out conditions judged by what they left out, and what they let through.

X886: a rule whose own `where` conditions (or a guardians rule's `link_where`) left out most of its
rows and kept a few. A status flag read the wrong way round (`InactiveInd in [Y]`, tester53 F3), a
custody flag read backwards (tester57 F15), a date condition on the wrong column (an enrolments'
`not_dropped` reading `{dateStart}` instead of `{dateEnd}`, a students' `enrolled` reading
`Enrollment Start Date`: tester71 N1, 19 of 20 students in no class, exit 0) each keep the few and
leave out the many. One check for the students', staff's and enrolments' rules and the guardians'
links: the condition named with its place in the profile, the column it reads, the counts and, for
a condition comparing a counted column with values, the values it kept and left out. Whether the
rows left out are the ones tonight's set needs (why "enrolled": more enrolment rows followed the
users left out than were published; most students published in no class; most students named
with no parent) decides whether a first set, or the first after the profile changed, exits 1
(summary._checked). An export of every student ever enrolled rightly leaves the graduates out,
their schedule rows of past terms; an enrolments export's past-term rows go with their classes
(the term filter, V503), before any condition reads them, and its dropped rows leave their
students in their other classes: said, exit 0.

P118 of a date: a students' condition against as_of written the wrong way round (`{Enrollment End
Date} date_le as_of`, allow_empty) keeps the blank end dates and the past ones alike, leaves out no
row, and the withdrawn student is published with her parent (tester71 N4).
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from transform.cleaners.dates import zero_date
from transform.profile.compile import AsOf, ConditionPlan, Plan, RulePlan
from transform.profile.templates import FirstOf, fields, lone
from transform.report import codes
from transform.report.problem import Where
from transform.report.report import Report

from .compact import stable_hash
from .conditions import kept_as_of
from .read import SourceFile, iter_rows
from .seen_values import (
    KINDS,
    STAFF,
    Compared,
    Places,
    compared,
    held_values,
    kind_of,
    literal_passes,
    ranked,
)

# "Most": more than half of the rows its conditions judged (at least MOST_ROWS). Most students'
# exports hold current students only; an export of every student ever enrolled (the realworld
# PowerSchool-shaped and SIS-wide exports, tester57 F5's 40 graduates) may leave out far more than
# half rightly, which the consequence tells apart (their enrolment rows are not tonight's), not the
# share: it decides only whether the condition is named. Nine in ten (tester53's share) missed a
# students' condition keeping 5 rows of 47 (tester71 N1, Educate: 89%).
MOST_SHARE = 0.5
MOST_ROWS = 20  # and at least this many rows left out
# The date operators that keep the dates before the value: with `as_of`, the rows already past.
KEEPS_PAST = ("date_le", "date_lt")
# X886's why when the rows left out are the ones tonight's set needs (summary._checked: a first set, or the
# first after the profile changed, exits 1); "" when they are not (said, exit 0).
ENROLLED = "enrolled"


def note_most_left_out(
    plan: Plan, sources: dict[str, SourceFile], report: Report, *, own: Places, staged: Path | None = None
) -> None:
    """X886 of the users rules (students, staff; a guardians rule's links) and the enrolments rules
    whose own conditions left out most of their rows. `staged`: the set before it is published, whose
    students in no class judge an enrolments rule's, and whose classes a users rule's."""
    literal = {item.path: item for item in compared(plan) if item.kind in ("where", "link_where")}
    shared: tuple[int, int] | None = None  # read once, for the first users rule said
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source) if rule.source else None
        if export is not None and rule.guardian is not None:
            _links_left_out(rule, export, report, own=own, literal=literal)
        if export is None or rule.guardian is not None or rule.once or kind_of(rule) is None:
            continue
        rows, left = report.rows_read.get(export.display, 0), report.left_by_conditions.get(rule.label, 0)
        _note_staff_left(rule, export, report, (left, rows), own=own, literal=literal)
        named = _most(rule, export, report, (left, rows - left), own=own, literal=literal)
        if named is None:
            continue
        if shared is None and staged is not None and not plan.users_only and (staged / "users.csv").is_file():
            shared = _classes_shared(report, staged)
        said, why = _users_why(plan, report, shared, left > rows * MOST_WITHOUT_CLASSES)
        _say_most_left_out(report, rule, export, named, (left, rows), said, why)
    if staged is not None and not plan.users_only and (staged / "users.csv").is_file():
        _enrolments_left_out(plan, sources, report, own=own, literal=literal, staged=staged)


# Without the classes of the enrolment rows left out with the users (more people named than
# Report.named_rows keeps), a users rule is read the wrong way round only from this share, as before
# review135 R3 (tester53's nine in ten).
MOST_WITHOUT_CLASSES = 0.9
# A users rule's left-out rows are a split of the export (not a condition read the wrong way round) when
# those in classes no kept student is in are at least this many times those in classes shared
SPLIT_SHARED = 4


def _users_why(plan: Plan, report: Report, shared: tuple[int, int] | None, most: bool) -> tuple[str, str]:
    """X886's words of a users rule, and its why ("enrolled": the rows left out are the ones tonight's
    set needs). Those are the rows more enrolment rows followed than were published, in classes the kept
    students are in too (`shared`: the rows left out with them in such classes, in classes left with no
    student): a condition read the wrong way round keeps the few and leaves out the many of the same
    classes; a split meant (the elementary grades of a K-12 export) empties the classes of those left
    out (review135 R3). `most`: the rule left out nine rows in ten, judged so when `shared` is unknown."""
    places = report.left_out.places.items()
    followed = sum(n for (code, _, table), n in places if code == "V504" and table == "enrollments")
    published = report.rows_written.get("enrollments.csv", 0)
    if plan.users_only:
        return "this run reads no enrolments to tell whether the rows left out are tonight's", ENROLLED
    if followed <= published:
        return (
            f"their enrolment rows are not of tonight's classes ({followed:,} left out with them, "
            f"{published:,} published), as an export of every student ever enrolled (the graduates) has it"
        ), ""
    # A split meant keeps the kept students' own classes; a set enrolling no student at all kept none (tester89
    # T9: `status not_equals ACTIVE` kept the 2 inactive students, in no class, and was said to be a split)
    # Only when the kept students' own enrolment rows did not fall to another cause (their classes out of term:
    # a split whose kept school's classes fell tonight is still a split, review204 R4).
    others = sum(n for (code, _, table), n in places if code != "V504" and table == "enrollments")
    if not published and others * SPLIT_SHARED <= followed:
        return (
            f"the rows left out are the ones tonight's classes enrol ({followed:,} enrolment rows were left out "
            "with them, none published: every class was left with no student): is the condition read the wrong "
            "way round, or from the wrong column?"
        ), ENROLLED
    # A split meant shares almost none of its classes; a condition read the wrong way round keeps a few
    # students, who are in few of the classes, so most rows left out land in classes none kept (review140 R1)
    if shared is not None and shared[0] * SPLIT_SHARED <= shared[1]:
        return (
            f"their classes are not the kept students' ({shared[1]:,} of the enrolment rows left out with "
            f"them are of classes no student kept is in, {shared[0]:,} of classes shared): a split of the "
            "export (schools, grades), as a condition meant to leave them out makes"
        ), ""
    if shared is None and not most:
        return (
            f"{followed:,} enrolment rows were left out with them, {published:,} published; whether their "
            "classes are the kept students' is not known"
        ), ""
    return (
        f"the rows left out are the ones tonight's classes enrol ({followed:,} enrolment rows were "
        f"left out with them, {published:,} published): is the condition read the wrong way round, "
        f"or from the wrong column?"
    ), ENROLLED


def _classes_shared(report: Report, staged: Path) -> tuple[int, int] | None:
    """Of the current enrolment rows left out with their users (Report.named_rows), those of a class
    the staged set enrols a student in, and those of a class it enrols none in; None when not known."""
    if report.named_rows_full or not report.named_rows:
        return None
    kept = _published(staged)[2]
    shared = emptied = 0
    for rows in report.named_rows.values():
        for classes in rows.values():
            for class_id in classes:
                if class_id in kept:
                    shared += 1
                else:
                    emptied += 1
    return (shared, emptied) if shared + emptied else None


def _enrolments_left_out(
    plan: Plan,
    sources: dict[str, SourceFile],
    report: Report,
    *,
    own: Places,
    literal: dict[tuple[str, ...], Compared],
    staged: Path,
) -> None:
    """X886 of an enrolments rule: its own conditions left out more rows than its export kept (the
    rows other reasons left out, a class out of term or excluded, not counted: no condition read
    them), none kept too. Why "enrolled" when most students published are in no class, or when as many
    classes were left with no student (F412) as the set enrols students in, or more: a homeroom rule
    beside it keeps every student in a class while the schedule's classes are gone (review135 R5).
    Of those classes, only the ones a row of the rule's export names count (`_emptied_named`): the
    sections export's unscheduled sections (placeholders, next term's) no row ever named are left
    with no student by no condition (review140 R2: as many of those as scheduled ones said an honest
    first set's dropped rows 'enrolled', exit 1); and not when most students its rows name keep one of
    those classes (`_emptied_said`: last quarter's classes emptied by the right end date, review145 R2)."""
    counted: tuple[set[str], set[str], set[str]] | None = None
    for rule in plan.rules.get("enrollments", ()):
        export = sources.get(rule.source) if rule.source else None
        if export is None or rule.once:
            continue
        rows, left = report.rows_read.get(export.display, 0), report.left_by_conditions.get(rule.label, 0)
        places = report.left_out.places.items()
        others = sum(n for (_, file, table), n in places if file == export.display and table == "enrollments")
        kept = max(rows - others, 0)
        named = _most(rule, export, report, (left, kept), own=own, literal=literal, none_kept=True)
        if named is None:
            continue
        students, enrolled, classes = counted = counted or _published(staged)
        unenrolled = len(students - enrolled)
        in_none = f"{unenrolled:,} of the {len(students):,} students published are in no class"
        if unenrolled * 2 > len(students):
            empty = _classes_left(report.counts.get(EMPTIED, 0), len(classes))
            said, why = f"{in_none}, {empty}: {QUESTION}", ENROLLED
        else:
            said, why = _emptied_said(rule, export, report, staged, (students, classes), in_none)
        _say_most_left_out(report, rule, export, named, (left, left + kept), said, why)


QUESTION = "does the condition read the column meant, the right way round?"


def _emptied_said(
    rule: RulePlan,
    export: SourceFile,
    report: Report,
    staged: Path,
    published: tuple[set[str], set[str]],
    in_none: str,
) -> tuple[str, str]:
    """X886's words of an enrolments rule leaving most students published in a class, and its why: a
    question (why ENROLLED) when as many classes were left with no student as enrol one, or more (a homeroom rule
    beside it keeps every student in a class, review135 R5). When most students its rows name keep a class
    they name, the words give both readings (an honest change of quarter whose sections export still lists
    last quarter's classes, review145 R2; or a start date read for the end date keeping next quarter's or
    the homerooms, review153 R1): the counts cannot tell them apart, so it stays a question."""
    students, classes = published  # the staged set's students and classes, read once by the caller
    empty, kept_classes = report.counts.get(EMPTIED, 0), len(classes)
    if not empty or empty < kept_classes:
        return f"{in_none} (dropped schedule rows)", ""
    found = _emptied_named(rule, export, report, (students, classes), staged)
    if found is None:
        return f"{in_none}, {_classes_left(empty, kept_classes)}: {QUESTION}", ENROLLED
    (empty, kept_classes), (keeping, named) = found
    counted = f"of the classes this rule's rows name, {_classes_left(empty, kept_classes, named=True)}"
    if not empty or empty < kept_classes:
        return f"{in_none} (dropped schedule rows)", ""
    if named and keeping * 2 > named:  # both readings stay a question (review153 R1: a wrong condition keeping one)
        return (
            f"{in_none}; {counted}, and {keeping:,} of the {named:,} students they name keep one of them: the rows "
            "left out may be their other classes' (dropped, or of a past term the sections export still lists), or "
            f"the condition keeps the wrong ones: {QUESTION}"
        ), ENROLLED
    return f"{in_none}; {counted}: {QUESTION}", ENROLLED


def _classes_left(empty: int, kept: int, *, named: bool = False) -> str:
    """'2 classes were left with no student and 1 enrols one' (of the set's, or `named`: 'of the classes
    this rule's rows name, 2 were ...')."""
    noun = "" if named else (" class" if empty == 1 else " classes")
    return (
        f"{empty:,}{noun} {'was' if empty == 1 else 'were'} left with no student and {kept:,} "
        f"{'enrols' if kept == 1 else 'enrol'} one"
    )


# The code of a class left with no student (F412): counted by the report, each class by its ID.
EMPTIED = codes.code("class-empty").id


def _emptied_named(
    rule: RulePlan, export: SourceFile, report: Report, published: tuple[set[str], set[str]], staged: Path
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Of the classes some row of the enrolments rule's export names, (those left with no student, those
    the set enrols a student in: `published`'s second); and of the students published (its first) its
    rows name, (those the set enrols in one of those classes, all of them). The export read once more,
    for its class and user IDs as the rule writes them (only where the counts decide X886's why); None
    when they cannot be read so (a join, a map) or name no class of the set: not known."""
    everyone, kept = published
    read_class, read_user = _id_reader(rule, export, "classSourcedId"), _id_reader(rule, export, "userSourcedId")
    if read_class is None or read_user is None:
        return None
    named: set[str] = set()
    users: set[str] = set()
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        named.add(read_class(row.cells))
        users.add(read_user(row.cells))
    emptied = sum(1 for class_id in named if report.class_left_by(class_id) == EMPTIED)
    if not emptied and not named & kept:
        return None
    students = everyone & users
    keeping: set[str] = set()
    with (staged / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            if record.get("classSourcedId", "") in named and record.get("userSourcedId", "") in students:
                keeping.add(record.get("userSourcedId", ""))
    return (emptied, len(named & kept)), (len(keeping), len(students))


def _most(
    rule: RulePlan,
    export: SourceFile,
    report: Report,
    counts: tuple[int, int],
    *,
    own: Places,
    literal: dict[tuple[str, ...], Compared],
    none_kept: bool = False,
) -> tuple[str, str, str] | None:
    """The rule's own condition to name, its place and what it kept and left out, when its
    conditions left out (`counts`: rows left out, rows kept) most of the rows they judged (and kept
    some, unless `none_kept`: a users rule keeping none is I265's and X951's)."""
    left, kept = counts
    if left < MOST_ROWS or kept < (0 if none_kept else 1) or left <= (left + kept) * MOST_SHARE:
        return None
    at = ("tables", rule.table, rule.name, "where")
    mine = [(c, own[(*at, c.name)]) for c in rule.where if (*at, c.name) in own]
    if not mine:
        return None  # a bundled profile's conditions: an export of its own kind (I265 judges all)
    return _named(mine, at, export, report, literal)


def _named(
    mine: list[tuple[ConditionPlan, str]],
    at: tuple[str, ...],
    export: SourceFile,
    report: Report,
    literal: dict[tuple[str, ...], Compared],
) -> tuple[str, str, str]:
    """(condition, place, what it kept and left out) of the first of `mine` whose counted column
    kept at most half of its values' rows; else the first, with the columns it reads."""
    kind = at[-1]
    for cond, place in mine:
        item = literal.get((*at, cond.name))
        read = held_values(item, {export.source: export}, report.column_values) if item is not None else None
        if read is None:
            continue
        _, column, held = read
        if not held:
            continue
        kept = Counter({v: n for v, n in held.items() if literal_passes(cond, v)})
        if sum(kept.values()) * 2 <= sum(held.values()):
            out = Counter({v: n for v, n in held.items() if v not in kept})
            return f"{kind} {cond.text}", place, f" ({column}: kept {ranked(kept) or 'none'}; left out {ranked(out)})"
    cond, place = mine[0]
    columns = ", ".join(dict.fromkeys(p.column for p in fields(cond.parts)))
    return f"{kind} {cond.text}", place, f" (it reads {columns})" if columns else ""


STAFF_LEFT_AT_LEAST = 3  # staff rows a condition left out for X980 to name it (a class or two is V586's)


def _note_staff_left(
    rule: RulePlan,
    export: SourceFile,
    report: Report,
    counts: tuple[int, int],
    *,
    own: Places,
    literal: dict[tuple[str, ...], Compared],
) -> None:
    """Report.staff_left_by_condition: a staff rule whose own conditions left out most of its rows (at least
    STAFF_LEFT_AT_LEAST, fewer than X886's twenty: a district of 18 teachers), for X980 to name as the cause of
    the classes without owner (tester89 T7: 17 of 18 staff left out by `active in [Inactive]`, and X980 named
    one D376 row of the schedule)."""
    left, rows = counts
    if kind_of(rule) != STAFF or left < STAFF_LEFT_AT_LEAST or left * 2 <= rows or report.staff_left_by_condition:
        return
    at = ("tables", rule.table, rule.name, "where")
    mine = [(c, own[(*at, c.name)]) for c in rule.where if (*at, c.name) in own]
    if not mine:
        return  # a bundled profile's conditions: an export of its own kind
    condition, place, values = _named(mine, at, export, report, literal)
    report.staff_left_by_condition = (rule.label, condition, place, values, left, rows, export.display)
    if (read := _id_reader(rule, export)) is not None:
        ids = (read(row.cells) for row in iter_rows(export, Report(max_examples=0), first_pass=False))
        report.staff_left_ids = frozenset(ids)


def _links_left_out(
    rule: RulePlan, export: SourceFile, report: Report, *, own: Places, literal: dict[tuple[str, ...], Compared]
) -> None:
    """X886 of a guardians rule: its link_where, one of the district's own, left more than half of
    the students its rows name (at least MOST_ROWS) with no parent or guardian linked. Every
    student has a parent on a contacts export, however many emergency contacts it lists beside
    them: a custody or guardian flag read the wrong way round keeps the emergency contacts and
    drops every mother and father as emergency-contact info (tester57 F15). On a first set, or the
    first after the profile was changed, the run exits 1 (summary._checked, why "enrolled")."""
    assert rule.guardian is not None
    named, linked = report.link_students.get(rule.label, ((), ()))
    bare = len(named) - len(linked)  # a student a row links is one its rows name
    if len(named) < MOST_ROWS or bare * 2 <= len(named) or not report.links_dropped.get(rule.label):
        return
    at = ("tables", "users", rule.name, "guardian", "link_where")
    mine = [(c, own[(*at, c.name)]) for c in rule.guardian.link_where if (*at, c.name) in own]
    if not mine:
        return  # a bundled profile's conditions, as for the students' and staff's
    said = (
        f"{bare:,} of the {len(named):,} students its rows name have no parent or guardian left: is the "
        "condition read the wrong way round?"
    )
    counts = (report.links_dropped[rule.label], report.rows_read.get(export.display, 0))
    _say_most_left_out(report, rule, export, _named(mine, at, export, report, literal), counts, said, ENROLLED)


def _say_most_left_out(
    report: Report,
    rule: RulePlan,
    export: SourceFile,
    named: tuple[str, str, str],
    counts: tuple[int, int],
    enrolled: str,
    why: str,
) -> None:
    """X886 of a rule: `named` the condition, its place and the values it kept and left out;
    `counts` the rows it left out and the rows it judged."""
    (condition, place, values), (left, rows) = named, counts
    report.add(
        codes.code("rule-conditions-left-out-most"),
        Where(file=export.display),
        rule=rule.label,
        condition=condition,
        place=place,
        left=f"{left:,}",
        rows=f"{rows:,}",
        file=export.display,
        kept=f"{rows - left:,}",
        values=values,
        enrolled=enrolled,
        why=why,
    )


def note_dates_keep_all(
    plan: Plan, sources: dict[str, SourceFile], report: Report, *, own: Places, staged: Path
) -> None:
    """P118 of a date: a students' rule's own `where` condition comparing one column with as_of the
    way that keeps the past dates (date_le, date_lt) and blank cells (allow_empty), which left out no
    row while its column is blank on most rows and past on some, and most students whose column holds
    a past date are in no class: an end date read the wrong way round keeps the withdrawn (tester71
    N4). A start date kept so (`{StartDate} date_le as_of`, filled for late entrants only: the shape
    of bundled rules) leaves its past-dated students in their classes, whoever else is in none
    (review135 R1). The export is read once more for the column, only for such a condition. A first
    set, or the first after the profile changed, exits 1 (summary._checked)."""
    if plan.users_only or not (staged / "users.csv").is_file():
        return
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source) if rule.source else None
        if export is None or kind_of(rule) != KINDS["student"] or report.left_by_conditions.get(rule.label, 0):
            continue
        for cond in rule.where:
            path = ("tables", "users", rule.name, "where", cond.name)
            refs = lone(cond.parts)
            if path not in own or cond.op not in KEEPS_PAST or not isinstance(cond.value, AsOf) or not cond.allow_empty:
                continue
            if len(refs) != 1 or refs[0].alias or refs[0].key not in export.index:
                continue
            position = export.index[refs[0].key]
            found = _past_dates(export, position, cond, plan, _id_reader(rule, export))
            if found is None:
                continue
            dates, past = found
            unenrolled = _in_no_class(staged, past, sum(dates.values()))
            if unenrolled is None:
                continue
            column, on = export.header[position], plan.judged_on(cond)
            report.add(
                codes.code("condition-keeps-leavers"),
                Where(file=own[path]),
                rule=rule.label,
                condition=f"where {cond.text}",
                file=export.display,
                leavers=f"the {column} dates before {on} ({ranked(dates)}) beside the blank ones",
                named="dates that, in an end date, mark students who left",
                unenrolled=f"{unenrolled[0]:,}",
                students=f"{unenrolled[1]:,}",
                whose=f"students with such a {column}",
                fix=f"Turn it round (`op: date_ge`): a row whose {column} is past is left out, a blank one kept.",
            )


def _in_no_class(staged: Path, past: set[str] | None, dated: int) -> tuple[int, int] | None:
    """(of the students with a past date, those in no class; those students) when most of them are in
    none. `past` their IDs as published; None when they could not be read (an ID built by a join, a
    map): then the students in no class must be at least the `dated` rows."""
    students, enrolled, _classes = _published(staged)
    unenrolled = students - enrolled
    if past is None:
        return (len(unenrolled), dated) if unenrolled and len(unenrolled) >= dated else None
    named = past & students
    idle = len(named & unenrolled)
    return (idle, len(named)) if named and idle * 2 > len(named) else None


def _published(staged: Path) -> tuple[set[str], set[str], set[str]]:
    """The students of the staged set, the users its enrolments name and the classes they enrol a
    student in."""
    with (staged / "users.csv").open(encoding="utf-8", newline="") as handle:
        students = {row.get("sourcedId", "") for row in csv.DictReader(handle) if row.get("role") == "student"}
    enrolled: set[str] = set()
    classes: set[str] = set()
    if (staged / "enrollments.csv").is_file():
        with (staged / "enrollments.csv").open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                enrolled.add(row.get("userSourcedId", ""))
                if row.get("role") == "student":
                    classes.add(row.get("classSourcedId", ""))
    return students, enrolled, classes


def _id_reader(rule: RulePlan, export: SourceFile, name: str = "sourcedId") -> Callable[[list[str]], str] | None:
    """A row's sourcedId (or the ID column `name`) as the rule writes it, when it reads the row's own
    cells only (`column:`, a template), through the column's cleaners; None otherwise (a join, a map, a
    fixed value)."""
    spec = next((c for c in rule.columns if c.name == name), None)
    if spec is None or spec.fixed is not None or spec.map is not None or not (spec.parts or spec.first_of):
        return None
    if any(isinstance(p, FirstOf) for p in spec.parts):
        return None  # a `{A|B}` in the ID: not read here (the students in no class are counted instead)
    refs = fields((*spec.parts, *spec.first_of))
    if any(p.alias or p.key not in export.index for p in refs):
        return None
    at = [p if isinstance(p, str) else export.index[p.key] for p in spec.parts if not isinstance(p, FirstOf)]
    first = [export.index[p.key] for p in spec.first_of]

    def cell(cells: list[str], position: int) -> str:
        return cells[position].strip() if position < len(cells) else ""

    def read(cells: list[str]) -> str:
        if first:
            value = next((v for p in first if (v := cell(cells, p))), "")
        else:
            value = "".join(p if isinstance(p, str) else cell(cells, p) for p in at)
        for _name, cleaner in spec.cleaners:
            value, _issues = cleaner(value)
        return value.strip()

    return read


def _past_dates(
    export: SourceFile, position: int, cond: ConditionPlan, plan: Plan, ids: Callable[[list[str]], str] | None
) -> tuple[Counter[str], set[str] | None] | None:
    """The past dates the column holds, with their rows, and the IDs of those rows (`ids`), when it
    is blank on most rows and no row fails the condition; None otherwise."""
    blank, dates, past = 0, Counter[str](), set[str]()
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        text = row.cells[position].strip() if position < len(row.cells) else ""
        if not text or zero_date(text):
            blank += 1
        elif kept_as_of(cond, text, plan) is not True:
            return None
        else:
            dates[text] += 1
            if ids is not None:
                past.add(ids(row.cells))
    return (dates, None if ids is None else past) if dates and blank > sum(dates.values()) else None


# last.json's record of the district's own conditions: a stable hash of each one's rule and text, by which
# the first night after a profile change tells the conditions changed from those that were not (review135
# R4: a refusal's Next blamed a condition unchanged for weeks after an unrelated edit of the profile).
CONDITIONS_KEY = "own_conditions"


def own_conditions(plan: Plan, own: Places) -> list[str]:
    """Each own condition (`own`: its path in the profile) as X886, P113, I264 and P118 name it: the rule,
    where or link_where, its text."""
    named: list[str] = []
    for rule in (r for rules in plan.rules.values() for r in rules):
        at = ("tables", rule.table, rule.name)
        links = rule.guardian.link_where if rule.guardian is not None else ()
        for kind, conds in (("where", rule.where), ("link_where", links)):
            place = (*at, "where") if kind == "where" else (*at, "guardian", "link_where")
            named += [f"{rule.label} {kind} {c.text}" for c in conds if (*place, c.name) in own]
    return named


def note_changed_conditions(named: list[str], last: dict[str, object], report: Report) -> None:
    """Record the own conditions (`report.facts[CONDITIONS_KEY]`, for last.json) and, on a night the
    profile changed, those not in the last set's record (facts "changed_conditions"); not known (no
    such fact) when the last set recorded none."""
    report.facts[CONDITIONS_KEY] = sorted({str(stable_hash(text)) for text in named})
    held = last.get(CONDITIONS_KEY)
    if report.facts.get("profile_changed") and isinstance(held, list):
        report.facts["changed_conditions"] = [text for text in named if str(stable_hash(text)) not in held]


def note_changed_guards(
    plan: Plan, sources: dict[str, SourceFile], report: Report, *, staged: Path, previous: Path | None
) -> None:
    """Of each changed own guard of a users rule (facts "changed_conditions", its operator not_in or
    not_equals): how many of the users the last set published and tonight's does not are rows it left out,
    and how many were removed (facts "changed_guards": text -> [left, removed]; left None when the rule's
    IDs are not read from the row alone). summary._changed_guard_step says the guard only when it left
    some out (review164 R2: a guard leaving out nobody led a cut-short export's refusal)."""
    changed = set(report.facts.get("changed_conditions") or ())
    if not changed or previous is None or not (previous / "users.csv").is_file():
        return
    removed = _user_ids(previous / "users.csv") - _user_ids(staged / "users.csv")
    said: dict[str, list[int | None]] = {}
    for item in compared(plan):
        text = f"{item.rule.label} {item.kind} {item.cond.text}"
        guard = item.kind == "where" and item.cond.op in ("not_in", "not_equals")
        if text in changed and guard and item.rule.table == "users":
            said[text] = [_left_among(item, sources, removed), len(removed)]
    if said:
        report.facts["changed_guards"] = said


def _left_among(item: Compared, sources: dict[str, SourceFile], removed: set[str]) -> int | None:
    """How many of `removed` are rows of the rule's export the condition fails (None: not known)."""
    export = sources.get(item.cells[0].source) if len(item.cells) == 1 else None
    ids = _id_reader(item.rule, export) if export is not None and item.cells[0].key in export.index else None
    if export is None or ids is None:
        return None
    position = export.index[item.cells[0].key]
    left: set[str] = set()
    for row in iter_rows(export, Report(max_examples=0), first_pass=False):
        cell = row.cells[position] if position < len(row.cells) else ""
        if not literal_passes(item.cond, cell):
            left.add(ids(row.cells))
    return len(left & removed)


def _user_ids(path: Path) -> set[str]:
    if not path.is_file():
        return set()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row.get("sourcedId", "") for row in csv.DictReader(handle)}
