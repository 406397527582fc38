"""A condition that compares a flag or code column with a value the export never writes.

`DEL not_equals "1"` keeps the rows that are not deleted; on an export that writes DEL as
True/False (or Y/N), no row is "1", every row passes and the deleted students are published.
A record-type table the district numbers (1 parent, 4 restrained) makes `CD not_equals R` keep
the restrained contacts. Nothing in a row says so; the column as a whole does: it holds a few
values (a flag or a code column), none is the one compared with, and they are of another form
(numbers where the condition names a letter, one yes/no spelling where it names another).

So the columns a literal condition (`equals`, `not_equals`, `in`, `not_in` of a `where`, a
guardian's `link_where` or a column's `when`) reads alone are counted as they are read, up to
`MAX_DISTINCT` values (report.column_values), on the first pass over their export (the Python
engine's reader, or the columnar engine's loaded table), and after the run each such condition
whose values no row holds, of another form than those held, is a warning (I264) beside the
absent columns (pipeline.absent, I260): --strict refuses, the summary says it. A value of the
same form that no row holds says nothing: a district with no restrained contact this year has
no `R` among its `P`, `G` and `E`.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transform.oneroster.spec import GRADES_CEDS, GRADES_REMIND, STAFF_ROLES
from transform.profile import templates
from transform.profile.compile import ColumnPlan, ConditionPlan, Plan, RulePlan, StatusValues
from transform.profile.load import LoadedProfile, bundled_folder
from transform.profile.name_order import PART_CLEANERS, named_for, own_part_of_both
from transform.profile.templates import FieldRef, fields
from transform.report import codes
from transform.report.codes import Severity
from transform.report.column_values import MAX_DISTINCT, ColumnValues
from transform.report.problem import Problem, Where
from transform.report.report import Report

from . import guardian_kinds, map_values, named_codes, school_other_column, school_setting
from .read import SourceFile
from .rows import SourceRow

LITERAL_OPS = ("equals", "not_equals", "in", "not_in")
BLANK_OPS = ("empty", "not_empty")  # a column's blankness: counted for the words of a rule left empty (X951, I265)
PASS_ALL_OPS = ("not_equals", "not_in")  # a value no row holds: every row passes
MIN_ROWS = 5  # fewer rows say too little about a column's values
SHOWN = 5  # values seen listed in the message
# Spellings of yes and no: a column written in one, compared with another, reads nothing.
FLAGS = (
    frozenset({"0", "1"}),
    frozenset({"y", "n"}),
    frozenset({"yes", "no"}),
    frozenset({"t", "f"}),
    frozenset({"true", "false"}),
)
# Every spelling of yes or no a flag condition compares with (x: a ticked box).
FLAG_WORDS = frozenset().union(*FLAGS) | {"x"}
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
CLASS_TABLES = ("classes", "enrollments", "academicSessions", "courses")


@dataclass(frozen=True, slots=True)
class Cell:
    """An export column a condition reads."""

    source: str  # the export the column is in
    key: str  # the column, normalized


@dataclass(frozen=True, slots=True)
class Compared:
    """One condition of a rule that compares a column read alone with literal values."""

    rule: RulePlan
    kind: str  # where, link_where or when
    cond: ConditionPlan
    cells: tuple[Cell, ...]  # the column read; a `{A|B}`'s alternatives, each (its value: the first not blank)
    path: tuple[str, ...] = ()  # where the profile writes the condition (tables.users.students.where.x)


def compared(plan: Plan) -> list[Compared]:
    """Every literal condition of the run's rules that reads one column, in rule order."""
    found = []
    for table, rules in plan.rules.items():
        if table not in plan.target.files or (plan.users_only and table in CLASS_TABLES):
            continue
        for rule in rules:
            at = ("tables", table, rule.name)
            conditions: list[tuple[str, ConditionPlan, tuple[str, ...]]] = [
                ("where", c, (*at, "where", c.name)) for c in rule.where
            ]
            if rule.guardian is not None:
                conditions += [
                    ("link_where", c, (*at, "guardian", "link_where", c.name)) for c in rule.guardian.link_where
                ]
            columns: list[tuple[tuple[str, ...], ColumnPlan]] = [(("columns",), c) for c in rule.columns]
            columns += [(("each", name), c) for name, group in rule.groups for c in group]
            conditions += [
                ("when", c.when, (*at, *under, c.name, "when")) for under, c in columns if c.when is not None
            ]
            for kind, cond, path in conditions:
                cells = _cells(rule, templates.lone(cond.parts)) if cond.op in LITERAL_OPS else ()
                if cells:
                    found.append(Compared(rule, kind, cond, cells, path))
    return found


def _cells(rule: RulePlan, refs: tuple[FieldRef, ...]) -> tuple[Cell, ...]:
    """The export columns of a lone placeholder (each alternative of a `{A|B}`); () when one of
    them is no export column ({settings.X}, {out.x})."""
    cells = []
    for ref in refs:
        join = rule.joins.get(ref.alias) if ref.alias is not None else None
        if ref.alias is not None and join is None:
            return ()
        cells.append(Cell(join.source if join is not None else rule.source, ref.key))
    return tuple(cells)


def watched(plan: Plan) -> dict[str, frozenset[str]]:
    """The columns to count, by source: those `compared` reads, those read through a map
    (pipeline.map_values: a column none of whose values the map holds), and a contacts export's
    columns its guardians rule never reads (pipeline.guardian_kinds: emergency contacts typed)."""
    by_source: dict[str, set[str]] = {}
    for item in compared(plan):
        for cell in item.cells:
            by_source.setdefault(cell.source, set()).add(cell.key)
    for source, keys in map_values.columns(plan).items():
        by_source.setdefault(source, set()).update(keys)
    for source, unread in guardian_kinds.columns(plan).items():  # a contacts type no condition reads (V619)
        by_source.setdefault(source, set()).update(unread)
    for source, schools in school_setting.columns(plan).items():  # schools beside a fixed one (P127)
        by_source.setdefault(source, set()).update(schools)
    for rule in plan.rules.get("users", ()):  # an inactive tag read `empty` (tester74 T5: TG 'N/A' on every row)
        for cond in rule.where:
            cells = _cells(rule, templates.lone(cond.parts)) if cond.op in BLANK_OPS else ()
            for cell in cells:
                by_source.setdefault(cell.source, set()).add(cell.key)
    return {source: frozenset(keys) for source, keys in by_source.items()}


def counted(
    rows: Iterator[SourceRow], source: SourceFile, keys: frozenset[str], values: ColumnValues
) -> Iterator[SourceRow]:
    """The rows, the values of the watched columns counted on the way (stripped, as a condition
    reads them); a column past MAX_DISTINCT values is no longer counted."""
    watching = [(source.index[key], source.header[source.index[key]]) for key in sorted(keys) if key in source.index]
    if not watching:
        yield from rows
        return
    counts: list[Counter[str] | None] = [Counter() for _ in watching]
    try:
        for row in rows:
            for i, (position, _) in enumerate(watching):
                held = counts[i]
                if held is not None:
                    held[row.cells[position].strip()] += 1
                    if len(held) > MAX_DISTINCT:
                        counts[i] = None
            yield row
    finally:
        for (_, column), held in zip(watching, counts, strict=True):
            values.add(source.display, column, held)


def note_loaded(source: SourceFile, table: str, keys: frozenset[str], values: ColumnValues, con: Any) -> None:
    """`counted` for an export the columnar engine loaded as `table` (columns c0..)."""
    for key in sorted(keys):
        if key not in source.index:
            continue
        position = source.index[key]
        rows = con.execute(
            f"SELECT c{position}, count(*) FROM {table} GROUP BY c{position} LIMIT {MAX_DISTINCT * 10 + 1}"
        ).fetchall()
        held: Counter[str] = Counter()
        for value, count in rows:
            held[str(value).strip()] += int(count)
        many = len(rows) > MAX_DISTINCT * 10 or len(held) > MAX_DISTINCT
        values.add(source.display, source.header[position], None if many else held)


def note(
    plan: Plan,
    sources: dict[str, SourceFile],
    report: Report,
    *,
    own: Places | None = None,
    staged: Path | None = None,
    previous: Path | None = None,
) -> None:
    """After the run: a warning (I264) for each condition compared with values no row of its
    column holds, of another form than those it holds, or a guard of the district's own on the school
    column whose word names a school of the staged set (`staged`; new to it since `previous`,
    named_codes); and (P113) for each condition of the district's own profile files (`own`) whose
    values no row holds, of the same form."""
    for problem in problems(plan, sources, report.column_values, own=own, staged=staged, previous=previous):
        report.add_problem(problem)


# Where the district's own profile files write each condition (not the bundled profiles they
# extend): its path in the profile -> file:line:col.
Places = dict[tuple[str, ...], str]


def district_conditions(profile: LoadedProfile, plan: Plan) -> Places:
    """The conditions `compared` finds that one of the district's own profile files writes (a
    bundled profile's file does not), each at its place in the profile."""
    bundled = bundled_folder().resolve()
    own = [pf.data for pf in profile.chain if pf.path.resolve().parent != bundled]
    return {
        item.path: profile.where(item.path).file
        for item in compared(plan)
        if item.path and any(_has(data, item.path) for data in own)
    }


def district_patterns(profile: LoadedProfile) -> dict[str, str]:
    """The class exclusion patterns one of the district's own profile files writes or switches on
    (filters.exclude_classes patterns, or a name under use:), each at its place in the profile."""
    bundled = bundled_folder().resolve()
    found: dict[str, str] = {}
    for pf in profile.chain:
        if pf.path.resolve().parent == bundled:
            continue
        exclude = (pf.data.get("filters") or {}).get("exclude_classes") or {}
        if not isinstance(exclude, dict):
            continue
        for name, pattern in (exclude.get("patterns") or {}).items():
            if pattern is not None:
                found.setdefault(str(name), profile.where(("filters", "exclude_classes", "patterns", name)).file)
        for name in exclude.get("use") or ():
            found.setdefault(str(name), profile.where(("filters", "exclude_classes", "use")).file)
    return found


def _has(data: object, path: tuple[str, ...]) -> bool:
    for part in path:
        if not isinstance(data, dict) or part not in data:
            return False
        data = data[part]
    return True


def problems(
    plan: Plan,
    sources: dict[str, SourceFile],
    values: ColumnValues,
    *,
    own: Places | None = None,
    staged: Path | None = None,
    previous: Path | None = None,
) -> list[Problem]:
    found = []
    items = compared(plan)
    said: set[int] = set()
    for at, item in enumerate(items):
        read = held_values(item, sources, values)
        if read is None:
            continue  # an absent column is I260's
        export, column, held = read
        place = (own or {}).get(item.path, "")
        named = _named_school(item, held, staged, previous) if place and staged is not None else []
        if not named and (not held or sum(held.values()) < MIN_ROWS or not _foreign(wanted_values(item.cond), held)):
            continue
        said.add(at)
        found.append(_problem(item, export, column, held, own=place, named=named))
    return found + _matching_none(items, sources, values, own or {}, said=said)


def held_values(
    item: Compared, sources: dict[str, SourceFile], values: ColumnValues
) -> tuple[SourceFile, str, Counter[str] | None] | None:
    """The values the condition's column holds, as counted: its export, the column as the export
    writes it and the counts (None: too many to count). Of a `{A|B}`, the alternatives the
    export has, their values together (a row's value is one of theirs): "12 Enr Status and
    13 Status". None when no column read is in the export (I260's), or it was not read."""
    present = []
    for cell in item.cells:
        export = sources.get(cell.source)
        if export is not None and cell.key in export.index:
            present.append((export, export.header[export.index[cell.key]]))
    if not present or any((export.display, column) not in values.columns for export, column in present):
        return None
    held: Counter[str] = Counter()
    for export, column in present:
        counts = values.columns[(export.display, column)]
        if counts is None:
            return present[0][0], column, None
        held.update(counts)
    return present[0][0], " and ".join(column for _, column in present), held


def wanted_values(cond: ConditionPlan) -> frozenset[str]:
    """The values a literal condition compares with (casefolded, as compile writes them)."""
    return cond.value if isinstance(cond.value, frozenset) else frozenset({cond.value})


def _matching_none(
    items: list[Compared], sources: dict[str, SourceFile], values: ColumnValues, own: Places, *, said: set[int]
) -> list[Problem]:
    """P113: a condition of the district's own profile files whose values no row of its column
    holds, while the column holds at least two values that are not blank (of the same form as
    the condition's: another form is I264's, `said`). `Status not_equals Inactive` on an export
    writing Enrolled, Withdrawn and Pre-Enrolled leaves out no row, and the withdrawn students
    are published with no word (tester25 2.1). One problem per condition (its column, operator
    and values), however many rules repeat it (the students' users and demographics rules), and
    none when any of their exports holds one of its values (a staff flag that only one of two
    staff exports writes No for). Not said: a column holding one value alone (an export of
    active students only), or too many values to be counted (no code column); a condition
    another rule takes the failing rows of (`routes`), or one marked `optional: true`: its
    values may be absent and nothing is lost; nor a condition of a bundled profile (a
    restrained contact's record type R, which most districts have none of this year)."""
    groups: dict[tuple[tuple[str, ...], str, frozenset[str]], list[tuple[int, Compared]]] = {}
    for at, item in enumerate(items):
        if not item.cond.routes and not item.cond.optional and wanted_values(item.cond):
            keys = tuple(cell.key for cell in item.cells)
            groups.setdefault((keys, item.cond.op, wanted_values(item.cond)), []).append((at, item))
    found = []
    for (_, _, wanted), members in groups.items():
        places = [own[item.path] for _, item in members if item.path in own]
        if not places or any(at in said for at, _ in members):
            continue
        judged: tuple[Compared, SourceFile, str, Counter[str]] | None = None
        for _, item in members:
            read = held_values(item, sources, values)
            if read is None:
                continue  # an absent column is I260's; or not read
            export, column, held = read
            if held is None or wanted & {value.casefold() for value in held}:
                judged = None  # too many values to tell, or one of them is the condition's
                break
            if judged is None and sum(held.values()) >= MIN_ROWS and len([v for v in held if v]) >= 2:
                judged = (item, export, column, held)
        if judged is None:
            continue
        item, export, column, held = judged
        others = list(dict.fromkeys(m.rule.label for _, m in members if m.rule.label != item.rule.label))
        params = _params(item, export, column, held)
        params["also"] = (
            f"; {', '.join(others)} {'has' if len(others) == 1 else 'have'} the same condition" if others else ""
        )
        params["fix"] = "write the value as this export writes it" + (
            ", or give the condition `optional: true` if the export holds that value only some years"
            if item.cond.op in PASS_ALL_OPS
            else ""
        )
        found.append(Problem(codes.code("condition-matches-no-row"), Where(file=places[0]), params))
    return found


def _foreign(wanted: frozenset[str], held: Counter[str]) -> bool:
    """No value compared with is held, and they are of another form than the values held:
    numbers against letters, or one spelling of yes/no against another."""
    seen = {value.casefold() for value in held}
    if wanted & seen:
        return False
    seen.discard("")
    if not seen:
        return False  # a column left blank says nothing
    forms = {_form(value) for value in seen}
    if not any(_form(value) in forms for value in wanted):
        return True
    if wanted <= FLAG_WORDS and not seen & FLAG_WORDS:
        return True  # a yes/no test of a column holding no yes or no at all (Active/Inactive)
    family = next((f for f in FLAGS if seen <= f), None)
    return family is not None and all(any(v in f for f in FLAGS if f != family) for v in wanted)


_DATE_LIKE = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


def _named_school(
    item: Compared, held: Counter[str] | None, staged: Path, previous: Path | None
) -> list[named_codes.Named]:
    """Of a guard (a `where`'s not_in, not_equals) on the column its rule writes the school from, leaving
    out no row (its values none of those counted, or too many to count): the schools of the staged set whose
    name holds the guard's word, with people of the rule (named_codes: `[SUMMER]` on 900, Summer School)."""
    if item.kind != "where" or item.cond.op not in PASS_ALL_OPS or item.cond.routes or item.cond.optional:
        return []
    wanted = wanted_values(item.cond)
    if not wanted or (held is not None and wanted & {value.strip().casefold() for value in held}):
        return []  # the guard left out rows: it reads the column as the export writes it
    return named_codes.found(item.rule, item.cond, wanted, staged=staged, previous=previous, held=held)


def _keeps_or_dates(item: Compared, held: Counter[str]) -> bool:
    """Whether I264 of a condition of the district's own exits 1 on a first set: a keep condition
    (in, equals) matching no row; a guard (not_in, not_equals) only where what it exists to leave out
    is there in another form: a yes/no flag spelt otherwise (`{DEL} not_equals Y` on 0/1), a column of
    dates only (`not_equals INACTIVE` on an end date, tester71 N5), a status column of a few codes of
    one form (`_codes_of_another_form`). A guard leaving out a value the export does not hold (`{Grade}
    not_in [PK, TK]` on a 6-12 export) leaves out nothing that is there (review135 R7): said, exit 0."""
    op, wanted = item.cond.op, wanted_values(item.cond)
    if op not in ("not_in", "not_equals"):
        return True
    filled = {value.strip().casefold() for value in held if value.strip()}
    wanted = frozenset(value.strip().casefold() for value in wanted)
    if wanted <= FLAG_WORDS or any(filled <= family for family in FLAGS):
        return True
    if decides_only(item) and _codes_of_another_form(wanted, filled) and _one_code_most(held):
        return True
    return bool(filled) and all(_DATE_LIKE.match(value) for value in filled)


# A status column's codes are a few (PowerSchool's Enroll_Status -2 to 4, seven; a SIS's own list of
# entry and exit codes about a dozen); a column of more values is no code column a letter could be the
# spelling of (review145 R3: seven codes under a limit of six published the withdrawn at exit 0).
FEW_CODES = 12
# The grade levels (the OneRoster vocabulary, and a SIS's whole numbers for them: -1 pre-K, 0 K): a
# guard of grade words on a column of grade numbers leaves out grades the export holds none of.
_GRADE_WORDS = frozenset(grade.casefold() for grade in (*GRADES_CEDS, *GRADES_REMIND, "K"))
_GRADE_NUMBERS = range(-2, 14)
# The output columns a status column may feed as well as decide who is in (OneRoster's status).
_STATUS_COLUMNS = frozenset({"status", "enabledUser"})


def decides_only(item: Compared) -> bool:
    """Whether the condition decides which rows are in (a `where`, a `link_where`) by a column its rule
    reads for nothing else: a status, enrolment-status or flag column. A column the rule publishes (a
    grade, a school, an ID) is no status column, whatever its guard: `{Grade} not_in [GR]` on a 9-12
    export, `{School} not_in [SUMMER]` on three numbered schools leave out what the export does not
    hold (review145 R1: exit 1 on honest first sets)."""
    if item.kind not in ("where", "link_where"):
        return False
    keys = {cell.key for cell in item.cells if cell.source == item.rule.source}
    columns = [*item.rule.columns, *(c for _, group in item.rule.groups for c in group)]
    for column in columns:
        if column.name in _STATUS_COLUMNS:
            continue
        refs = fields((*column.parts, *column.first_of, *column.span, *column.fallback_parts))
        if any(ref.alias is None and ref.key in keys for ref in refs):
            return False
    return True


def _codes_of_another_form(wanted: frozenset[str], filled: set[str]) -> bool:
    """A column of a few codes (2 to FEW_CODES values, not blank), all numbers or all words, none of
    the guard's values of their form: the status it exists to leave out is there, written otherwise
    (`{Status} not_in [I, W]` on a column of 0 and 2 published the withdrawn students at exit 0,
    review140 R3). Not a guard of grade words on grade numbers (`not_in [PK, TK]` on a 9-12 export),
    and not a column of one value (an export of active students only: nothing to leave out tonight)."""
    forms = {_form(value) for value in filled}
    if not 2 <= len(filled) <= FEW_CODES or len(forms) != 1 or forms - {"number", "word"}:
        return False
    if forms & {_form(value) for value in wanted}:
        return False
    return not (all(is_grade(value) for value in wanted) and all(is_grade(value) for value in filled))


def _one_code_most(held: Counter[str]) -> bool:
    """Whether one value is on most of a column's filled rows, as a status column's active code is (the
    leavers a guard exists for are the few): a column of rooms, tracks or teams spread evenly (ten
    homerooms of about 51 students each under `not_in [TBD, UNASSIGNED]`) is none (tester76 D1)."""
    counts = Counter({value.strip().casefold(): n for value, n in held.items() if value.strip()})
    filled = sum(counts.values())
    return bool(filled) and max(counts.values()) * 2 > filled


def is_grade(value: str) -> bool:
    """Whether a value (casefolded) names a grade level: a word of the vocabulary, or a whole number."""
    if _NUMBER.fullmatch(value):
        return "." not in value and int(value) in _GRADE_NUMBERS
    return value in _GRADE_WORDS


def _form(value: str) -> str:
    if _NUMBER.fullmatch(value):
        return "number"
    return "word" if value.isalpha() else "other"


def ranked(held: Counter[str], *, shown: int = SHOWN, first: re.Pattern[str] | None = None) -> str:
    """A column's values, most held first, with their rows: "'P' (5), 'E' (2)", `shown` at most;
    those `first` finds before the others, however few their rows."""
    order = sorted(held.items(), key=lambda pair: (first is None or not first.search(pair[0]), -pair[1], pair[0]))
    said = ", ".join(f"{value!r} ({count})" for value, count in order[:shown])
    return said + (f" and {len(order) - shown} more" if len(order) > shown else "")


# A kind emptied's values are all listed when so few (X951, I265): the one a person must place may
# have the fewest rows (tester70: Clever's sandbox Mother, Father and Stepfather among '6 more').
ALL_SHOWN_AT_MOST = 12
# The words of a contact's relationship that make a parent or guardian, listed first where a
# parents' rule left out every row: the values a person is most likely to place.
_PARENT_WORD = re.compile(r"\b(?:step[- ]?)?(?:mother|father|mom|dad|parent|guardian|madre|padre|tutor)", re.IGNORECASE)


def _problem(
    item: Compared,
    export: SourceFile,
    column: str,
    held: Counter[str] | None,
    *,
    own: str = "",
    named: Sequence[named_codes.Named] = (),
) -> Problem:
    """I264; `own` the condition's place when one of the district's own profile files writes it
    (summary._checked: a first set, or the first after the profile changed, exits 1, as for P113:
    `{withdrawalDate} not_equals INACTIVE` published the withdrawn student at exit 0, tester71 N5).
    A guard leaving out a value never seen (`{Grade} not_in [PK, TK]` on a 6-12 export) leaves out
    nothing that is there: said, exit 0, unless it is there in another form (`_keeps_or_dates`), or a
    school of the staged set is named with the guard's word (`named`, review153 R5; asked as a question:
    it may be a real school's name, review158 R3)."""
    params = _params(item, export, column, held)
    fix = "write the value as this export writes it"
    params["fix"] = fix
    if own and named:
        params["own"] = own
        params["new_school"] = any(school.new for school in named)  # asked on a later night (summary._checked)
        params["schools"] = _schools_said(item, named)
        params["fix"] = _named_fix(item, column, named)
    elif own and not item.cond.routes and not item.cond.optional and held and _keeps_or_dates(item, held):
        params["own"] = own
        if item.cond.op in PASS_ALL_OPS:  # review145 R1: what a person does when the guard is right
            params["fix"] = fix + (
                ", or give the condition `optional: true` if the value is right and this export holds none "
                "of it (exit 0 then, as for P113); a later night with the same profile does not stop for it"
            )
    return Problem(
        codes.code("condition-value-unseen"),
        Where(file=export.display, line=export.header_line, column=column),
        params,
    )


def _named_fix(item: Compared, column: str, named: Sequence[named_codes.Named]) -> str:
    """I264's question of the schools of the set whose name holds the guard's word, each with its people
    (review164 R1: every one, not the first), and both ways out."""
    who = _who(item)
    if len(named) == 1:
        school = named[0]
        code = f'"{school.code}"' if school.code else f"the code {column} writes for it (the set names it {school.org})"
        return (
            f"but the set's orgs.csv names {school.org} {school.name!r}, and this set publishes {school.people} {who} "
            f"there: it may be the school this condition exists to leave out. If it is, add {code} to the condition's "
            f"values: the next night then removes its {school.people} {who} from the set as the profile says, and "
            "refuses that as a removal: rerun that night with --allow-rollover. If it is not, nothing to do: "
            "not asked again unless the profile changes"
        )
    codes_said = ", ".join(f'"{school.code}"' if school.code else f"the code for {school.org}" for school in named)
    return (
        f"but the set's orgs.csv names {len(named)} schools with it, and this set publishes people there: "
        f"{_schools_said(item, named)}: any of them may be a school this condition exists to leave out. For each "
        f"that is, add its code ({codes_said}, as {column} writes it) to the condition's values: the next night "
        "then removes its people from the set as the profile says, and refuses that as a removal: rerun that "
        "night with --allow-rollover. If none is, nothing to do: not asked again unless the profile changes"
    )


def _who(item: Compared) -> str:
    role = named_codes.role_of(item.rule)
    return (f"{role}s" if role else "people") if item.rule.table == "users" else f"{item.rule.table} rows"


def _schools_said(item: Compared, named: Sequence[named_codes.Named]) -> str:
    """Each school named with the guard's word and its people; those new to the set tonight said so
    when others were there before (the question is asked again for them, review164 R1)."""
    mark = any(school.new for school in named) and not all(school.new for school in named)
    new = ", new to the set tonight"
    return ", ".join(
        f"{school.org} {school.name!r} ({school.people} {_who(item)}{new if mark and school.new else ''})"
        for school in named
    )


def _params(item: Compared, export: SourceFile, column: str, held: Counter[str] | None) -> dict[str, object]:
    """What I264's and P113's messages say of a condition and the values its column holds."""
    rows: object = sum(held.values()) if held is not None else "many"
    seen = ranked(held) if held is not None else f"more than {MAX_DISTINCT} values, too many to count"
    passes_all = item.cond.op in PASS_ALL_OPS
    if item.kind == "when":
        effect = "takes the value on every row" if passes_all else "never takes the value"
    elif item.kind == "link_where":
        effect = "links every row" if passes_all else "links no row"
    else:
        effect = (
            "leaves out no row: the records it exists to leave out may be published"
            if passes_all
            else "leaves out every row"
        )
    cond = item.cond
    shown = cond.text.split(f" {cond.op} ", 1)[1] if f" {cond.op} " in cond.text else ""
    return {
        "rule": item.rule.label,
        "condition": cond.text if item.kind == "when" else f"{item.kind} {cond.text}",
        "file": export.display,
        "values": shown,
        "column": column,
        "rows": rows,
        "seen": seen,
        "effect": effect,
    }


# The rules that exist to keep rows (their conditions leave out a few: the withdrawn, the
# restrained contacts), by the users they make: role -> the roles written for that kind.
KINDS = {"student": ("students", frozenset({"student"}))}
GUARDIANS = ("parents or guardians", frozenset({"parent", "guardian", "relative"}))
# A staff rule (its role a staff role, or mapped to staff roles only): a status flag read wrong
# leaves out every teacher, and a set of classes nobody owns was published.
STAFF = ("staff", STAFF_ROLES)


@dataclass(frozen=True, slots=True)
class AllLeftOut:
    """A users rule whose own conditions left out every row of its export."""

    rule: RulePlan
    file: str
    rows: int
    kind: str  # "students", "staff", "parents or guardians"
    roles: frozenset[str]  # the roles users.csv gives that kind
    left: int = 0  # the rows its conditions and role map left out
    role_map: str = ""  # the role map that left rows out, if any

    def held(self, export: SourceFile, values: ColumnValues) -> str:
        """What the columns its conditions read hold, as X988 says a mapped column's values, for
        I265 and X951 to say beside "check them against the values the export holds" (tester44
        F13: Clever's Contact_type all Family): " (students.csv holds Contact_type: 'Family'
        (2911))"; "" when none of them was counted (a pattern's column, too many values)."""
        conditions = [c for c in self.rule.where if not c.routes]
        conditions += list(self.rule.guardian.link_where) if self.rule.guardian is not None else []
        failing = [c for c in conditions if _fails_every_row(c, export, values)]
        said: dict[str, str] = {}
        for cond in failing or conditions:  # the condition that left every row out, when the values tell it
            for part in fields(cond.parts):
                if part.alias is not None or part.key not in export.index:
                    continue
                column = export.header[export.index[part.key]]
                held = values.columns.get((export.display, column))
                if held and column not in said:
                    shown = len(held) if len(held) <= ALL_SHOWN_AT_MOST else SHOWN
                    first = _PARENT_WORD if self.kind == GUARDIANS[0] else None
                    said[column] = f"{column}: {ranked(held, shown=shown, first=first)}"
        if not said:
            return ""
        by = f", which {' and '.join(f'`{c.text}`' for c in failing)} left out" if failing else ""
        return f" ({export.display} holds {'; '.join(said.values())}{by})"

    def conditions(self) -> str:
        where = [c.name for c in self.rule.where if not c.routes]
        links = [c.name for c in self.rule.guardian.link_where] if self.rule.guardian is not None else []
        said = [f"where {', '.join(where)}"] if where else []
        said += [f"link_where {', '.join(links)}"] if links else []
        return "; ".join([*said, *([f"role map {self.role_map}"] if self.role_map else [])])


def _fails_every_row(cond: ConditionPlan, export: SourceFile, values: ColumnValues) -> bool:
    """Whether every row the condition's lone column was counted on fails it (a literal
    condition, or `empty` / `not_empty`): the condition that left a rule's every row out, where
    another of its conditions passed them all (tester74 T5: X951 named DEL: 'False' (26), which
    `kept` passes, not TG, which `active: {TG} empty` failed on every row)."""
    if cond.op not in (*LITERAL_OPS, *BLANK_OPS):
        return False
    refs = templates.lone(cond.parts)
    if len(refs) != 1 or refs[0].alias is not None or refs[0].key not in export.index:
        return False
    held = values.columns.get((export.display, export.header[export.index[refs[0].key]]))
    if not held:
        return False
    if cond.op in BLANK_OPS:
        return all(bool(value.strip()) is (cond.op == "empty") for value in held)
    return not any(literal_passes(cond, value) for value in held)


def all_left_out(
    plan: Plan, sources: dict[str, SourceFile], report: Report, *, every_row: bool = True
) -> list[AllLeftOut]:
    """The students' and guardians' rules whose conditions (`where`, `link_where`) left out every
    one of at least MIN_ROWS rows (report.left_by_conditions, counted as the users are mapped:
    in the main process), of an export not mostly lost to errors that X915 judges (a required
    one). A rule of another table, or one whose rows only some of its conditions leave out (lunch
    classes, emergency contacts among parents), is not one. `every_row` False: at least MIN_ROWS
    rows left out, however many passed (a contacts export's phone rows pass the `where` that its
    name rows fail: the caller asks whether any user of the kind came out).

    An optional export mostly lost to warnings is not X915's (it judges the required ones only):
    an SDS guardianrelationship.csv every Role of which is blank or unknown (F424, a warning its
    `link_where` gives) left out every parent, and neither check refused the set (tester37 F3)."""
    found = []
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source)
        kind = GUARDIANS if rule.guardian is not None else _kind(rule)
        if rule.once or export is None or kind is None:
            continue
        rows = report.rows_read.get(export.display, 0)
        judged = plan.sources[rule.source].required
        if judged and report.left_out.error_rows(export.display, warnings=True) * 2 > rows:
            continue  # a required export mostly lost to errors (read wrong): X915's
        by_map = report.left_by_role_map.get(rule.label, 0)
        left = report.left_by_conditions.get(rule.label, 0) + by_map
        if rows >= MIN_ROWS and left >= (rows if every_row else MIN_ROWS):
            role = next((c.map.name for c in rule.columns if c.name == "role" and c.map is not None), "")
            found.append(AllLeftOut(rule, export.display, rows, kind[0], kind[1], left, role if by_map else ""))
    return found


def _published(report: Report, roles: frozenset[str]) -> bool:
    """Whether users.csv holds a user of these roles (the summary's counts: rows taken out after
    they were written are no longer counted)."""
    return any(role in roles and count > 0 for (role, _), count in report.people.items())


def _role_count(users: Path, roles: frozenset[str]) -> int | None:
    """How many users of these roles a published users.csv holds; None when it is absent."""
    if not users.is_file():
        return None
    with users.open(encoding="utf-8-sig", newline="") as handle:
        return sum(row.get("role", "") in roles for row in csv.DictReader(handle))


def _holds_role(users: Path, roles: frozenset[str]) -> bool:
    """Whether a published users.csv holds a user of these roles (False when it is absent: no
    set to compare with, the caller's first run). Read until the first one."""
    if not users.is_file():
        return True
    with users.open(encoding="utf-8-sig", newline="") as handle:
        return any(row.get("role", "") in roles for row in csv.DictReader(handle))


def kind_name(rule: RulePlan) -> str:
    """The kind of user a users rule makes, in words ("students", "staff", "parents or
    guardians"), or "" when its roles are read from the export as they are."""
    kind = GUARDIANS if rule.guardian is not None else _kind(rule)
    return kind[0] if kind is not None else ""


def kind_of(rule: RulePlan) -> tuple[str, frozenset[str]] | None:
    """The kind of user a users rule makes and its roles (`_kind`; of a guardians rule, GUARDIANS)."""
    return GUARDIANS if rule.guardian is not None else _kind(rule)


def _kind(rule: RulePlan) -> tuple[str, frozenset[str]] | None:
    """The kind of user a rule makes: students (role student), staff (a staff role, or a map
    whose every value is one), or None (roles read from the export as they are: OneRoster)."""
    role = _role(rule)
    if role:
        return KINDS.get(role) or (STAFF if role in STAFF_ROLES else None)
    column = next((c for c in rule.columns if c.name == "role"), None)
    roles = column.map if column is not None else None
    if roles is None or not roles.values:
        return None
    made = set(roles.values.values()) | ({roles.default} if roles.unmapped == "default" else set())
    return STAFF if made <= STAFF_ROLES else None


def _role(rule: RulePlan) -> str:
    column = next((c for c in rule.columns if c.name == "role"), None)
    if column is None:
        return ""
    return column.literal or ""


def note_all_left_out(plan: Plan, sources: dict[str, SourceFile], report: Report) -> None:
    """After the run: a warning (I265) for each rule `all_left_out` finds; of a staff rule only
    when no staff is published (Clever's staff.csv rows that are all teachers, whom the teachers'
    rule makes, are its condition's to leave out)."""
    for item in all_left_out(plan, sources, report):
        if item.kind == STAFF[0] and _published(report, item.roles):
            continue
        report.add(
            codes.code("rule-conditions-left-out-all"),
            Where(file=item.file),
            rule=item.rule.label,
            rows=item.rows,
            file=item.file,
            conditions=item.conditions(),
            kind=item.kind,
            held=item.held(sources[item.rule.source], report.column_values),
        )


def check_kinds(
    plan: Plan,
    sources: dict[str, SourceFile],
    report: Report,
    *,
    allow_incomplete: bool,
    previous: Path | None = None,
) -> frozenset[str]:
    """The safety gate, on the first run as on any other: a kind of user the profile makes
    (students, parents and guardians) that users.csv would not hold at all while a rule's
    conditions left rows of that kind out is refused (X951, exit 1). Without a last set to
    compare with, nothing else would stop it: the drops are info-level (the rostering asked
    for), and users.csv is not empty. When the last published set (`previous`) held none of
    that kind either, nothing changed tonight (a district whose contacts are all emergency
    ones, published once with --allow-incomplete): not refused again. With --allow-incomplete,
    published and said (X918). Returned: the exports of the parents and guardians refused so
    (their losses to errors are not said again, X969)."""
    judged: set[str] = set()
    items = list(all_left_out(plan, sources, report, every_row=False))
    # Students all left out by their own rule (X951 for them): parents linking to none of them say nothing
    # of guardian.student's column (reviewer136 R5).
    no_students = any(i.kind == KINDS["student"][0] and not _published(report, i.roles) for i in items)
    for item in items:
        if _published(report, item.roles):
            continue
        if item.kind == STAFF[0] and item.left < item.rows:
            continue  # some staff passed and went otherwise (another school than --school's)
        last = _role_count(previous / "users.csv", item.roles) if previous is not None else None
        if last == 0:
            continue
        where = Where(file=item.file)
        if item.kind == GUARDIANS[0]:
            judged.add(item.file)
        if _schools_missing_explain(report, item):
            continue
        if item.kind == GUARDIANS[0] and report.facts.get("guardians_swapped"):
            # The ID columns read the other way round left them out (F440 says it, with the
            # columns), not the conditions: X951 first sent the admin to the custody
            # condition, which kept 60 rows (tester57 F12a).
            continue
        if allow_incomplete:
            report.add(codes.code("incomplete-allowed"), where, detail=f"users.csv holds no {item.kind}")
            continue
        export = sources[item.rule.source]
        if item.kind == GUARDIANS[0] and (after := _lost_after_conditions(report, item, export, no_students)):
            report.add(codes.code("guardians-lost-after-conditions"), where, **after)
            continue
        # The last published set held them: the export changed, or the profile (tester46 F6: the
        # step sent the admin to the conditions first, of a profile that kept them last night).
        report.add(
            codes.code("user-kind-emptied"),
            where,
            kind=item.kind,
            file=item.file,
            rows=item.rows,
            rule=item.rule.label,
            conditions=item.conditions(),
            held=item.held(sources[item.rule.source], report.column_values),
            last=f"; the last published set held {last:,} of them" if last else "",
            last_count=last or 0,
        )
    return frozenset(judged)


# What loses the parents who passed their rule's conditions, and what it says of them (X865).
_AFTER_CONDITIONS = {
    "F413": "they link to students none of whom is in this set ({n} F413 guardian-no-student): guardian.student "
    "reads {columns}, which may hold another ID than the students' own (X975)",
    "V515": "they have no email, phone or sms ({n} V515 guardian-without-contact): the columns read for them "
    "({columns}) are blank",
    # words64: X951 said the link_where "left out every one" of parents its condition kept, each of whose
    # contact IDs stood for two people (F429, V570), so neither was kept (V537).
    "V537": "{ids} more than one person each ({two}), so none of them is kept ({n} V537 user-id-conflict, {rows} "
    "links lost): guardian.contact reads {columns}, which may hold a name or a family's ID rather than each "
    "person's own",
}
_AFTER_STEPS = {
    "F413": "point the guardians rule's guardian.student (reading {columns}) at the column holding the students' "
    "own IDs, as the students rule's sourcedId reads them (not the conditions: they kept these rows)",
    "V515": "export the contacts again with the parents' email and phone filled ({columns} are blank), or map the "
    "columns that hold them in the profile (not the conditions: they kept these rows)",
    "V537": "give each parent their own ID in the column guardian.contact reads ({columns}): point it at the SIS's "
    "contact ID column, or remove `contact:` if the export has none (people are then told apart by name, email "
    "and phone); if {columns} is the SIS's own contact ID, correct those contacts in the SIS, one ID per person "
    "(not the conditions: they kept these rows)",
}
# The notes saying why one contact ID is two people (V537's cause), each with what it found.
_TWO_PEOPLE = {
    "F429": "{n} F429 contact-two-people: rows of one ID sharing no email, phone or student",
    "V570": "{n} V570 combined-two-people: rows of one ID with another name",
}


def _lost_after_conditions(
    report: Report, item: AllLeftOut, export: SourceFile, no_students: bool = False
) -> dict[str, object]:
    """X865's params where most of the parents' rows that passed the rule's conditions were lost
    afterwards, to links naming no student of the set (F413) or no email and phone (V515): X951
    blamed the link_where that kept them, its step "correct the rule's conditions" (tester71 N6:
    guardian.student reading contactId; a contacts export's email and phone blanked). {} when the
    conditions left out every row, or another cause lost them (X951 as before). `no_students`: the
    students' own rule left out every student, so links naming none of them (F413) are no sign of
    guardian.student's column."""
    passed = item.rows - item.left
    lost = {cid: report.left_out.places.get((cid, item.file, "users"), 0) for cid in _AFTER_CONDITIONS}
    if no_students:
        lost["F413"] = 0
    # A V537 of a parent only (a student's own, on the same file, is no parent lost: review201 R4) is one contact
    # ID of two people at least: the links it lost, as counted where it was said.
    lost["V537"] = sum(
        n for (_, file, cid), n in report.left_out.guardians.items() if cid == "V537" and file == item.file
    )
    two_links = report.left_out.two_people_links.get(item.file, 0)
    rows_lost = {cid: max(n * 2, two_links) if cid == "V537" and n else n for cid, n in lost.items()}
    top = max(rows_lost, key=lambda cid: rows_lost[cid])
    if passed <= 0 or rows_lost[top] * 2 < passed or report.left_out.unreached.people:
        return {}  # placeholders for phones and emails: X808's step says it (summary._unreached_step)
    guardian = item.rule.guardian
    read = [guardian.student] if top == "F413" and guardian is not None else []
    read += [guardian.contact] if top == "V537" and guardian is not None and guardian.contact is not None else []
    read += [c for c in item.rule.columns if top == "V515" and c.name in ("email", "phone", "sms")]
    fields = [p.key for c in read for p in (*c.parts, *c.first_of) if isinstance(p, FieldRef) and p.alias is None]
    named = [export.header[export.index[k]] for k in fields if k in export.index]
    columns = ", ".join(dict.fromkeys(named)) or "its columns"
    two = "; ".join(
        said.format(n=report.counts[cid]) for cid, said in _TWO_PEOPLE.items() if _said_in(report, cid, item)
    )
    ids = "their one contact ID stands for" if lost[top] == 1 else f"their {lost[top]} contact IDs stand for"
    two = two or "rows of one ID that disagree"
    cause = _AFTER_CONDITIONS[top].format(n=lost[top], columns=columns, two=two, ids=ids, rows=rows_lost[top])
    step = _AFTER_STEPS[top].format(columns=columns)
    return {"file": item.file, "rows": item.rows, "rule": item.rule.label, "conditions": item.conditions()} | {
        "left": item.left,
        "passed": passed,
        "cause": cause,
        "step": step,
    }


def _said_in(report: Report, cid: str, item: AllLeftOut) -> bool:
    """Whether a note of this code was said of the rule's export (F429 and V570 are said of users only)."""
    return any(p.where.file == item.file for p in report.examples.get(cid, ()))


def _schools_missing_explain(report: Report, item: AllLeftOut) -> bool:
    """Whether the users a school missing from the set left out (V502, X976 says it) explain a kind
    emptied better than its rule's conditions: more of its own rows, or, for the parents, their
    students (tester69 F8: X951 blamed the students' where and the contacts' link_where)."""
    if item.kind == GUARDIANS[0]:
        return students_lost_to_schools(report)
    return sum(n for (file, _), n in report.schools_missing_in.items() if file == item.file) > item.left


def students_lost_to_schools(report: Report) -> bool:
    """Whether more students and staff were left out for naming a school missing from the set (at
    least UNLINKED_AT_LEAST, each once) than students are published: most of the district gone,
    which explains the parents linked to nobody (X951, X975 stay silent for it). X818's lower bar
    (`schools_missing_refused`) does not: 13 students at three program sites explained away 426
    parents of a contacts export of another year (review101 R1)."""
    lost = _lost_to_schools(report)
    return lost >= UNLINKED_AT_LEAST and lost > _students_published(report)


def schools_missing_refused(report: Report) -> bool:
    """Whether X818 refuses the users left out for naming schools missing from the set (V502): as
    `students_lost_to_schools`, or, in a run of every school, at least UNLINKED_AT_LEAST students,
    each once (report.schools_missing_students), the bar X976 sets for one school, as a student
    names one school (15 small schools of 84 students beside 201 published went at exit 0, review77
    F2). Staff count only in the first: itinerant staff name many program sites the export does
    not list (review74 R2); under --school or settings.schools the first is the only bar, the
    unlisted schools' users being out of the roster (review77 F6)."""
    return report.schools_missing_students >= UNLINKED_AT_LEAST or students_lost_to_schools(report)


def _lost_to_schools(report: Report) -> int:
    """The students and staff left out for naming a school missing from the set (V502), each once
    however many such schools it names: ten itinerant staff at 21 program sites are 10, not 181
    (review74 R2)."""
    return sum(n for role, n in report.schools_missing_users.items() if role not in GUARDIANS[1])


def _students_published(report: Report) -> int:
    return sum(count for (role, _), count in report.people.items() if role == "student")


def note_sources_absent(
    plan: Plan, sources: dict[str, SourceFile], report: Report, *, own: frozenset[str] = frozenset()
) -> None:
    """After the run: each optional export the district's own profile files declare (`own`: not
    those of the bundled profile it extends, whose optional exports many districts lack: a
    PowerSchool contacts export) that a rule reads and the folder lacks is said (I241, as
    check-profile --exports says it); and a users rule reading one whose kind of user (parents
    and guardians, students, staff) no other rule made is a warning (I270): a misspelt
    `DWContact.csv` publishes a first set without parents, and nothing else would say why."""
    read_by = {rule.source for rules in plan.rules.values() for rule in rules if rule.source} | {
        join.source for rules in plan.rules.values() for rule in rules for join in rule.joins.values()
    }
    for name, source in plan.sources.items():
        if name in sources or name not in read_by or name not in own:
            continue
        patterns = ", ".join(source.patterns)
        report.add(codes.code("source-optional-absent"), Where(), source=name, patterns=patterns)
        for rule in plan.rules.get("users", ()):
            kind = GUARDIANS if rule.guardian is not None else _kind(rule)
            if rule.source != name or kind is None or _published(report, kind[1]):
                continue
            report.add(
                codes.code("source-absent-kind-empty"),
                Where(),
                rule=rule.label,
                source=name,
                patterns=patterns,
                kind=kind[0],
            )


UNLINKED_AT_LEAST = 10  # fewer parents without a student may be a family or two withdrawing
# Parents linked to students who are not in the set may outnumber those published (a PowerSchool
# export keeps every graduate's contacts; a district-wide contacts export beside one school's
# students) but not tenfold while fewer than one student in ten has a parent published: the
# contacts name their students otherwise.
ELSEWHERE_TIMES = 10


def check_schools_missing(
    report: Report, *, allow_incomplete: bool, plan: Plan | None = None, sources: dict[str, SourceFile] | None = None
) -> None:
    """X976: at least UNLINKED_AT_LEAST users left out because the school they name is not in
    the schools export (V502, a warning, under half of the students): a school's row missing
    from that export, and the whole school left out of the set with exit 0 (tester18 F3). Fewer
    too, when a kind of user (students, staff) whose export has rows comes out with none
    published and its rows named missing schools: the staff export alone through Excel (school
    '0410' written '410') left out every teacher of a small district, its classes published with
    no owner (tester20 F6). A school left out on purpose is the profile's (settings.schools),
    said otherwise (F-codes)."""
    emptied = _kinds_emptied(report, plan, sources) if plan is not None and sources is not None else {}
    elsewhere = _elsewhere(report, plan, sources, emptied) if not allow_incomplete else {}
    said = False
    for school, users in report.schools_missing.most_common():
        whole = users >= UNLINKED_AT_LEAST
        emptied_by = [(kind, file) for (file, named), (kind, _) in emptied.items() if named == school]
        if not whole and not emptied_by:
            continue
        said = True
        if allow_incomplete:
            report.add(codes.code("incomplete-allowed"), Where(), detail=f"school {school!r} is not in the set")
            continue
        twin = report.schools_missing_twins.get(school)
        said_twin = (
            f" ({twin!r} is: the school number lost its leading zeros, the file went through a spreadsheet "
            "such as Excel; export it again and copy it without opening it in one)"
            if twin
            else ""
        )
        what = "a whole school missing from the set"
        if emptied_by:
            kind, file = emptied_by[0]
            what = f"and no {kind} is published at all (the rows of {file} name schools not in the set)"
        file, line = report.schools_missing_at.get(school, ("", 0))
        other = elsewhere.get(school)
        which = f"which is not in the schools export{_schools_export(plan, sources)}"
        if other is not None:
            which = (
                f"which is no ID of {other.export} ({other.keyed}, which the orgs' sourcedId reads) but a value "
                f"of its {other.column} column: {file} names its schools by {other.column}"
            )
        report.add(
            codes.code("school-missing"),
            Where(file=file, line=line),
            school=school,
            users=users,
            which=which,
            twin=said_twin,
            what=what,
            **({"step": other.step, "column": other.column} if other is not None else {}),
        )
    if not said:
        excluded = plan.excluded_schools if plan is not None else frozenset()
        export = _schools_export(plan, sources)
        _check_small_schools_missing(report, allow_incomplete=allow_incomplete, export=export, excluded=excluded)


SMALL_SCHOOLS_NAMED = 5  # X818 names the schools with the most users first, and how many more


def _check_small_schools_missing(
    report: Report, *, allow_incomplete: bool, export: str, excluded: frozenset[str] = frozenset()
) -> None:
    """X818: schools missing from the set, each with fewer users than X976 refuses, which together
    left out more students and staff (each once, at least UNLINKED_AT_LEAST) than students are
    published: three schools of five users each beside a school of twelve published the twelve at
    exit 0, and silenced X975 for contacts naming every student by another ID (review70, c52)."""
    if not schools_missing_refused(report):
        return
    lost = _lost_to_schools(report)
    if allow_incomplete:
        report.add(codes.code("incomplete-allowed"), Where(), detail=f"{lost} users of schools not in the set")
        return
    ranked = sorted(report.schools_missing.items(), key=lambda item: (-item[1], item[0]))
    named = ", ".join(f"{school!r} ({users})" for school, users in ranked[:SMALL_SCHOOLS_NAMED])
    more = len(ranked) - SMALL_SCHOOLS_NAMED
    file, line = report.schools_missing_at.get(ranked[0][0], ("", 0))
    students, published = report.schools_missing_students, _students_published(report)
    report.add(
        codes.code("schools-missing-together"),
        Where(file=file, line=line),
        users=lost,
        count=len(ranked),
        export=export,
        schools=named + (f" and {more} more" if more > 0 else ""),
        why=(
            f"more users than the {published} students published"
            if lost > published
            else f"{students} of them students, each once (a whole school is {UNLINKED_AT_LEAST} users)"
        ),
        published=published,
        students=students,
        step=_twins_step(report, export) or _sites_step([school for school, _ in ranked], export, excluded),
    )


def _twins_step(report: Report, export: str) -> str:
    """X818's step when schools it names are the export's but for leading zeros: the files naming
    them exported again without a spreadsheet, not the schools added twice (review77 F3); or the
    schools export, when it is the one without the zeros (review101 R3: '0300' of students.txt is
    '300' of schools.txt, and exporting students.txt again changed nothing)."""
    twins = report.schools_missing_twins
    if not twins:
        return ""
    school = min(twins)
    if len(twins[school]) < len(school):
        schools_file = export.strip()[1:-1] if export else "the schools export"
        return (
            f"export {schools_file} again from the SIS and copy it without opening it in a spreadsheet such as "
            f"Excel: its school numbers lost their leading zeros ({twins[school]!r} of the schools export{export} "
            f"is {school!r} of the users)"
        )
    files = list(dict.fromkeys(file for (file, named) in report.schools_missing_in if named in twins))
    them = "them" if len(files) > 1 else "it"
    return (
        f"export {' and '.join(files)} again from the SIS and copy {them} without opening {them} in a spreadsheet "
        "such as Excel: the "
        f"school numbers lost their leading zeros ({school!r} is {twins[school]!r} of the schools export{export})"
    )


EXCLUDED_NAMED = 12  # X818's step writes settings.exclude_schools with at most these, and "..."


def _sites_step(schools: list[str], export: str, excluded: frozenset[str] = frozenset()) -> str:
    """X818's step: the schools added to the schools export, or, for program and placement sites
    the district does not roster (homebound, virtual, out of district: review90 R4), the
    settings.exclude_schools line that leaves them out with no warning and still finds a school
    opened later missing, which a list of the schools to roster (settings.schools) does not. The
    line holds the profile's list as well: a district profile's list replaces the one it extends,
    and "beside any there" dropped powerschool's '0' and '999999' (review101 R5)."""
    listed = ", ".join(repr(school) for school in [*sorted(excluded), *schools[:EXCLUDED_NAMED]])
    more = f", ... ({len(schools) - EXCLUDED_NAMED} more, V502 names each)" if len(schools) > EXCLUDED_NAMED else ""
    return (
        f"add the schools it names (most users first) to the schools export{export}, or export it again whole; "
        "if they are program or placement sites the district does not roster (homebound, virtual, out of "
        f"district), list them in the profile's settings, the whole list (exclude_schools: [{listed}{more}])"
    )


def _elsewhere(
    report: Report,
    plan: Plan | None,
    sources: dict[str, SourceFile] | None,
    emptied: dict[tuple[str, str], tuple[str, frozenset[str]]],
) -> dict[str, school_other_column.OtherColumn]:
    """The schools X976 names that the schools export holds in another column than the orgs' key."""
    if plan is None or sources is None:
        return {}
    named = {school for (_, school) in emptied}
    said = [school for school, users in report.schools_missing.items() if users >= UNLINKED_AT_LEAST or school in named]
    return school_other_column.find(plan, sources, said, report) if said else {}


def _schools_export(plan: Plan | None, sources: dict[str, SourceFile] | None) -> str:
    """ " (orgs.csv)": the export file the schools are read from, when one is."""
    if plan is None or sources is None:
        return ""
    files = dict.fromkeys(sources[r.source].display for r in plan.rules.get("orgs", ()) if r.source in sources)
    return f" ({', '.join(files)})" if files else ""


def _kinds_emptied(
    report: Report, plan: Plan, sources: dict[str, SourceFile]
) -> dict[tuple[str, str], tuple[str, frozenset[str]]]:
    """(export, school) -> the kind of user (students, staff) of a users rule reading that export
    with rows, none of that kind published, whose rows were left out naming that school missing."""
    found: dict[tuple[str, str], tuple[str, frozenset[str]]] = {}
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source)
        kind = _kind(rule) if rule.guardian is None else None
        if export is None or kind is None or not report.rows_read.get(export.display, 0):
            continue
        if _published(report, kind[1]):
            continue
        for (file, school), users in report.schools_missing_in.items():
            if file == export.display and users:
                found.setdefault((file, school), kind)
    return found


OWNERLESS_AT_LEAST = 3  # a class or two without a teacher is a class's problem (V586)


def check_owners(
    report: Report, *, allow_incomplete: bool, previous: Path | None = None, allowed_before: bool = False
) -> None:
    """The safety gate, on the first run as on any other: a set in which more than half of the
    classes published (at least OWNERLESS_AT_LEAST with students) have no teacher or
    administrator enrolled is refused (X980): Remind would give them no owner. One class
    without a teacher is the class's (V586); most of them is the export's or the profile's
    (the teachers' enrolments write the staff IDs otherwise, V608; the staff ID mapped to a row
    number). Not when most classes of the last published set had no owner either (nothing got
    worse tonight: teachers being assigned at the start of a year), unless that set was published
    so only by --allow-incomplete over a set that had its owners (`allowed_before`, last.json's
    owners_allowed: one night's flag must not make the loss quiet for good, tester44 F6);
    --allow-incomplete publishes it, said (X918), and recorded so when the last set had owners.
    The refusal names the code that left out most enrolments (`cause`, with its first place: the
    teachers' enrolments it left out), and whether
    the last set had its owners (`had_owners`: then the export changed, and report.summary offers
    no flag)."""
    if not owners_mostly_missing(report):
        return
    without, published = report.counts.get("V586", 0), report.rows_written.get("classes.csv", 0)
    example = next((p.params.get("id", "") for p in report.examples.get("V586", ())), "")
    enrolled = previous / "enrollments.csv" if previous is not None else None
    held = enrolled is not None and enrolled.is_file()
    ownerless_before = enrolled is not None and _mostly_without_owner(enrolled)
    if ownerless_before and not allowed_before:
        return
    if allow_incomplete:
        detail = f"{without} of {published} classes have no teacher"
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        # Recorded only where the flag took away owners the last set had (tester44 F6): a first set,
        # or one after a set without them either, is a district still assigning its teachers,
        # which later nights do not refuse again while it gets better (tester26 2.1).
        if held and not ownerless_before:
            report.facts["owners_allowed"] = True
        return
    otherwise = report.counts.get("V608", 0)
    hint = f"; {otherwise} enrolments name a user or class whose ID is written otherwise (V608)" if otherwise else ""
    condition = _staff_condition(report, without) or _staff_join(report)
    cause = "" if condition else _enrolments_left_out_by(report)
    if condition:
        hint = f"; {condition}{hint}"
    if cause:
        hint += f"; most enrolments left out tonight were left out by {cause}"
    if held and not ownerless_before:
        hint += "; the last published set had a teacher in most of its classes: an export changed tonight"
    elif allowed_before:
        hint += "; the last published set was without them only by --allow-incomplete"
    report.add(
        codes.code("classes-without-owner"),
        Where(),
        count=without,
        classes=published,
        example=repr(example),
        hint=hint,
        cause=cause,
        had_owners=held and not ownerless_before,
        **({"condition": condition} if condition else {}),
    )


def _staff_join(report: Report) -> str:
    """A staff rule's join that found no row for the staff named while its export holds their IDs in a column
    (Report.joins_misread, pipeline.missing_rows: tester89 T8), in words; "" when none."""
    return next((words for staff, words in report.joins_misread.values() if staff), "")


def _staff_condition(report: Report, without: int) -> str:
    """The staff rule's own condition that left out most of its rows (Report.staff_left_by_condition), in
    words, when the staff it left out held the teachers' enrolments of most classes without owner (V504): the
    cause X980 names first (tester89 T7: 'D376 at StudentScheduleCourses.csv:236', one student's row, named
    where `active in [Inactive]` had left out 17 of 18 staff); "" otherwise."""
    found = report.staff_left_by_condition
    if found is None:
        return ""
    # Only the classes of staff with a row of that export (those it can have left out), review204 R2.
    held = report.staff_left_ids
    dropped = [c for user, c in report.staff_classes_dropped.items() if held is not None and user in held]
    lost = set().union(*dropped) if dropped else set()
    classes = len(lost & report.classes_without_owner)
    if classes * 2 <= without:
        return ""
    rule, condition, place, values, left, rows, file = found
    return (
        f"{rule} {condition} (profile {place}) left out {left} of the {rows} rows of {file} and kept "
        f"{rows - left}{values}, and with them the teachers' enrolments of {classes} of these classes (V504)"
    )


def _enrolments_left_out_by(report: Report) -> str:
    """The code (not an info) that left out most enrolments tonight, with its first place
    (file:line [column]): "D300 join-missing at sections.txt:2 [Teacher]"; "" when none did."""
    counts: Counter[str] = Counter()
    files: Counter[tuple[str, str]] = Counter()
    for (cid, file, table), n in report.left_out.places.items():
        if table == "enrollments" and report.left_out.codes[cid].severity is not Severity.INFO:
            counts[cid] += n
            files[cid, file] += n
    if not counts:
        return ""
    top = counts.most_common(1)[0][0]
    code = report.left_out.codes[top]
    # The place is the code's in the file where it left out most: the first D300 was a stray cc row's
    # student (cc.txt [StudentID]) where 15 of 16 were the sections' teachers (sections.txt [Teacher]).
    where = max((f for c, f in files if c == top), key=lambda f: files[top, f])
    examples = [p.where for p in report.examples.get(top, ()) if p.where.table == "enrollments"]
    first = next((w for w in examples if w.file == where), examples[0] if examples else None)
    return f"{top} {code.slug}" + (f" at {first}" if first is not None and str(first) else "")


def owners_mostly_missing(report: Report) -> bool:
    """Whether more than half of the classes published (at least OWNERLESS_AT_LEAST) have no
    teacher or administrator enrolled (V586): X980's, not one school's (X942)."""
    without, published = report.counts.get("V586", 0), report.rows_written.get("classes.csv", 0)
    return without >= OWNERLESS_AT_LEAST and without * 2 > published


def _mostly_without_owner(enrollments: Path) -> bool:
    """Whether more than half of the classes with students in a published enrollments.csv had
    no teacher or administrator enrolled (False when it is absent: no set to compare with). A
    district assigning its teachers at the start of a year is not refused while it gets better
    (tester26 2.1), only when most of its classes lose the owners they had."""
    if not enrollments.is_file():
        return False
    with_students: set[str] = set()
    owned: set[str] = set()
    with enrollments.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            role, class_id = row.get("role", ""), row.get("classSourcedId", "")
            if role == "student":
                with_students.add(class_id)
            elif role in ("teacher", "administrator"):
                owned.add(class_id)
    return len(with_students - owned) * 2 > len(with_students)


def _not_refused(report: Report, previous: Path | None, *, allow_incomplete: bool, detail: str) -> bool:
    """Whether a set of unlinked parents (X968, X975) is not refused: the last published set
    held no parents either, or --allow-incomplete publishes it, said (X918)."""
    if previous is not None and not _holds_role(previous / "users.csv", GUARDIANS[1]):
        return True
    if allow_incomplete:
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        return True
    return False


def unjoined_mostly(report: Report, published: int) -> bool:
    """Whether the guardian rule's rows a join missed are X891's: at least UNLINKED_AT_LEAST and
    ELSEWHERE_TIMES as many as the `published` parents, fewer than a tenth of the students."""
    if not report.guardians_unjoined:
        return False
    rows = int(report.guardians_unjoined[0])
    students = sum(count for (role, _), count in report.people.items() if role == "student")
    return rows >= UNLINKED_AT_LEAST and published * ELSEWHERE_TIMES <= min(rows, students)


def _check_unjoined(report: Report, published: int, *, allow_incomplete: bool, previous: Path | None) -> bool:
    """X891: rows of the guardians export that would have made parents and guardians (they pass
    the rule's and the link's conditions) left out because a join found no row (D300), at least
    UNLINKED_AT_LEAST and ELSEWHERE_TIMES as many as were published, who are fewer than a tenth
    of the students published: the export names its contacts or students by another ID than the
    joined export, is of another year, or has its ID columns the other way round where F440 could
    not tell them. Only a warning count said so, and a first set had no parent at all, exit 0
    (tester52 F4). As X975, not when the last published set held no parents either; True when said."""
    if not unjoined_mostly(report, published):
        return False
    rows, (file, line), key, source = report.guardians_unjoined
    detail = f"{rows} rows of {file} found no {source} row (D300)"
    if _not_refused(report, previous, allow_incomplete=allow_incomplete, detail=detail):
        return True
    report.add(
        codes.code("guardian-rows-unjoined"),
        Where(file=file, line=line),
        rows=rows,
        file=file,
        line=line,
        source=source,
        key=key,
        published=published,
    )
    return True


def _check_linked_elsewhere(report: Report, published: int, *, allow_incomplete: bool, previous: Path | None) -> None:
    """X975: parents and guardians whose links name students, none in the set (F413), at least
    UNLINKED_AT_LEAST and ELSEWHERE_TIMES as many as were published, who are fewer than a tenth
    of the students published: the contacts export names its students by another ID (a
    PowerSchool DCID for the student number) or is of another year. A set published so would
    have almost no parent, with exit 0 (stop 35's known item)."""
    elsewhere = int(report.facts.get("guardians_linked_elsewhere", 0))
    students = _students_published(report)
    if not students:
        return  # no student published: the students export's stop says why, not the contacts (review74 R5)
    if elsewhere < UNLINKED_AT_LEAST or published * ELSEWHERE_TIMES > min(elsewhere, students):
        return
    if students_lost_to_schools(report):
        return  # their students named a school not in the set (X976), not another ID (tester69 F8)
    if report.counts.get(codes.code("guardian-links-other-id").id):
        return  # the links are by another ID column of the students, named there (X817)
    detail = f"{elsewhere} parents and guardians link to no student of the set"
    if _not_refused(report, previous, allow_incomplete=allow_incomplete, detail=detail):
        return
    report.add(
        codes.code("guardians-linked-elsewhere"),
        Where(),
        unlinked=elsewhere,
        published=published,
        example=str(report.facts.get("guardian_link_elsewhere", "")),
        cause=str(report.facts.get(LINKED_IN_NO_COLUMN) or LINKED_ELSEWHERE_CAUSE),
    )


# X975's cause where links_other_ids found the links in no ID column of the students (report.facts), set
# there: this stage may not import it (it reads the guardians' tails, of the run's layer).
LINKED_IN_NO_COLUMN = "links_in_no_column"
# X975's cause where the profile lists no other ID column of the students to look the links up in.
LINKED_ELSEWHERE_CAUSE = (
    "the contacts export names its students by another ID than the students export (an internal number for "
    "the student number), or is of another school year"
)


def _check_swapped(plan: Plan, report: Report, *, allow_incomplete: bool) -> bool:
    """F440: more parents and guardians left out because the person their rows name as the
    guardian is a student of the set, linked to someone who is none (F413 each), than were
    published: the guardians export's two ID columns are the other way round (an SDS v2.1
    relationships.csv written guardian first), so the set would hold (almost) no parent. On the
    first night too, whatever the last set held; --allow-incomplete publishes it, said (X918).
    True when said."""
    swapped = report.facts.get("guardians_swapped")
    if not swapped:
        return False
    count, file, line, guardian, student = swapped
    published = sum(n for (role, _), n in report.people.items() if role in GUARDIANS[1])
    if count <= published:
        return False  # a row or two typed the other way round: F413 says each
    rule = next(r for r in plan.rules.get("users", ()) if r.guardian is not None)
    assert rule.guardian is not None
    student_column = _read_column(rule.guardian.student, rule)
    contact_column = _read_column(rule.guardian.contact, rule)
    if allow_incomplete:
        detail = f"{count} parents and guardians named by {file} are students of the set (F440)"
        report.add(codes.code("incomplete-allowed"), Where(), detail=detail)
        return True
    report.add(
        codes.code("guardian-columns-swapped"),
        Where(file=file, line=line),
        file=file,
        line=line,
        count=count,
        published=published,
        guardian=guardian,
        student=student,
        contact_column=contact_column or "the guardian's ID column",
        student_column=student_column or "the student's ID column",
    )
    return True


def _read_column(column: ColumnPlan | None, rule: RulePlan) -> str:
    """The export column a guardian's ID or student link is read from ("" when not one); for one
    read through a join (Skyward SMS: the student's OTHER-ID by the row's STUDENT-ID), the row's
    column the join reads (STUDENT-ID), which is what the file has the other way round."""
    if column is None:
        return ""
    refs = fields((*column.first_of, *column.parts))
    if not refs:
        return ""
    join = rule.joins.get(refs[0].alias) if refs[0].alias else None
    if join is not None and join.local:
        return ", ".join(ref.column for ref in join.local)
    return refs[0].column


def check_guardians_linked(plan: Plan, report: Report, *, allow_incomplete: bool, previous: Path | None = None) -> None:
    """The safety gate, on the first run as on any other: a set whose parents and guardians mostly
    link to no student because their links name the students but for leading zeros (F413, at
    least UNLINKED_AT_LEAST, more than were published) is refused (X968): the contacts export
    names its students otherwise than the students export. Emergency contacts, doctors and the
    parents of withdrawn or graduated students (F413 too) do not count: they are left out on
    purpose, and a PowerSchool export keeps every graduate's contacts. Not when the run rosters
    some schools only (the others' parents are left out on purpose), nor when the last published
    set held no parents either. --allow-incomplete publishes it, said (X918)."""
    if not any(rule.guardian is not None for rule in plan.rules.get("users", ())):
        return
    if _check_swapped(plan, report, allow_incomplete=allow_incomplete):
        return
    published = sum(count for (role, _), count in report.people.items() if role in GUARDIANS[1])
    if _check_unjoined(report, published, allow_incomplete=allow_incomplete, previous=previous):
        return
    if plan.schools:
        return
    unlinked = int(report.facts.get("guardians_zeros_lost", 0))
    published = sum(count for (role, _), count in report.people.items() if role in GUARDIANS[1])
    # The pseudo-schools a profile never rosters (PowerSchool's 0 and 999999) leave their students'
    # parents out on purpose, which X968 does not tell apart; X975 counts only links to students no
    # export lists, so it judges those districts too: contacts naming every student by PowerSchool's
    # internal ID published a set with no parent (c52).
    if plan.excluded_schools or unlinked < UNLINKED_AT_LEAST or unlinked <= published:
        _check_linked_elsewhere(report, published, allow_incomplete=allow_incomplete, previous=previous)
        return
    detail = f"{unlinked} parents and guardians link to no student"
    if _not_refused(report, previous, allow_incomplete=allow_incomplete, detail=detail):
        return
    zeros = report.facts.get("guardian_link_zeros")
    hint = f" (the contacts' {zeros[0]!r} is student {zeros[1]!r} but for leading zeros)" if zeros else ""
    report.add(
        codes.code("guardians-unlinked"),
        Where(),
        unlinked=unlinked,
        total=unlinked + published,
        published=published,
        hint=hint,
    )


def district_wheres(profile: LoadedProfile, plan: Plan) -> Places:
    """The `where` conditions of the users and enrolments rules that one of the district's own profile files
    writes, each at its place in the profile (`district_conditions`, for every operator)."""
    bundled = bundled_folder().resolve()
    own = [pf.data for pf in profile.chain if pf.path.resolve().parent != bundled]
    places: Places = {}
    rules = [*plan.rules.get("users", ()), *plan.rules.get("enrollments", ())]  # (X886 of an enrolments rule)
    for rule in rules:
        paths: list[tuple[str, ...]] = [("tables", rule.table, rule.name, "where", cond.name) for cond in rule.where]
        if rule.guardian is not None:  # and a guardians rule's link_where (X886 of its links)
            paths += [
                ("tables", "users", rule.name, "guardian", "link_where", c.name) for c in rule.guardian.link_where
            ]
        for path in paths:
            if any(_has(data, path) for data in own):
                places[path] = profile.where(path).file
    return places


def note_names_swapped(profile: LoadedProfile, plan: Plan, report: Report) -> None:
    """X870: a users rule of the district's own profile that reads the last name into givenName or
    the first into familyName: a 'Last, First' column through the other part's cleaner (givenName
    with clean: [name_family]), or a column whose header names the other part (givenName from
    'Last Name'). Remind would show every family 'Mr. Susan'. Read from the profile, which says it
    for every row (tester57 F2: first and last exchanged published at exit 0, no word); a first
    set, or the first after the profile was changed, exits 1 for a person to look (as P113)."""
    bundled = bundled_folder().resolve()
    own = [pf.data for pf in profile.chain if pf.path.resolve().parent != bundled]
    for rule in plan.rules.get("users", ()):
        found: list[str] = []
        place = ""
        for column in rule.columns:
            if column.name not in PART_CLEANERS:
                continue
            path = ("tables", "users", rule.name, "columns", column.name)
            if not any(_has(data, path) for data in own):
                continue
            cleaner, endings = PART_CLEANERS[column.name]
            other = ("first", "last")[column.name == "givenName"]
            read = ", ".join(repr(ref.column) for ref in column.first_of)
            if any(name == cleaner for name, _ in column.cleaners):
                found.append(f"{column.name} reads {read or 'its template'} with clean: [{cleaner}], the {other} name")
            elif own_part_of_both(column.name, [n for n, _ in column.cleaners], [r.column for r in column.first_of]):
                continue  # its own part of a 'Last, First' cell ('LastFirst' into familyName: reviewer190 R3)
            elif column.first_of and all(named_for(ref.column, endings) for ref in column.first_of):
                found.append(f"{column.name} reads {read}, the {other} name")
            else:
                continue
            place = place or profile.where(path).file
        if found:
            report.add(
                codes.code("names-read-swapped"),
                Where(file=place),
                rule=rule.label,
                place=place,
                found="; ".join(found),
                why="profile",
            )


def literal_passes(cond: ConditionPlan, text: str) -> bool:
    """Whether a cell passes a literal condition (pipeline.conditions.PASSES, for counted values)."""
    value = text.strip()
    if not value and cond.allow_empty:
        return True
    held, wanted = value.casefold(), wanted_values(cond)
    return (held in wanted) is (cond.op in ("equals", "in"))


# A status value that names students who left (tester57 F5: `Enrollment Status not_equals Withdrawn`
# on an export of every student ever, whose 40 graduates were published as students in no class).
LEAVER = re.compile(
    r"(?<![a-z])(graduat|withdr|inactiv|transferr?ed|left|exit|dropp?ed|drop.?out|deceas|expell?ed|alumn|"
    r"former|dismiss|no.?show)",
    re.IGNORECASE,
)
LEAVERS_AT_LEAST = 10  # rows of leaver values kept: fewer is a district's few late withdrawals
LEAVERS_UNENROLLED = 0.5  # and at least this share of as many students published in no class


def students_in_no_class(staged: Path) -> tuple[int, int]:
    """(students published, those of them no enrolment of the staged set names)."""
    students: set[str] = set()
    with (staged / "users.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("role") == "student":
                students.add(row.get("sourcedId", ""))
    enrolled: set[str] = set()
    enrolments = staged / "enrollments.csv"
    if enrolments.is_file():
        with enrolments.open(encoding="utf-8", newline="") as handle:
            enrolled = {row.get("userSourcedId", "") for row in csv.DictReader(handle)}
    return len(students), len(students - enrolled)


@dataclass(frozen=True)
class OwnCondition:
    """A students' rule's own literal `where` condition, with the values its column held (report.column_values)
    and what the profile declares of them (`sources.NAME.statuses`): what P118 (written the "leave out" way,
    PASS_ALL_OPS) and P131 (leaver_values) judge."""

    rule: RulePlan
    cond: ConditionPlan
    item: Compared
    export: SourceFile
    path: tuple[str, ...]
    column: str
    held: Counter[str]
    status: StatusValues | None = None  # the declared leaver and active values of the column read
    # the bundled profile whose declaration of a column of that name, on an export of its layout, judges the
    # values when the district's own profile declares none (P133 said at run time: leaver_values.judged)
    declared_by: str = ""

    def leaver(self, value: str, *, words: re.Pattern[str] | None) -> bool:
        """Whether `value` names a student who left: declared left, else not declared active and naming one
        in `words` (None: the declared values alone judge, a value of a condition written the "keep" way)."""
        held = value.strip().casefold()
        if self.status is not None and held in self.status.left:
            return True
        if self.status is not None and held in self.status.active:
            return False
        return words is not None and bool(words.search(value))


def declared_status(plan: Plan, item: Compared, source: str) -> StatusValues | None:
    """The statuses the profile declares for the column `item` reads in `source` (of a `{A|B}`, each
    alternative's together); None when it declares none."""
    declared = plan.sources[source].statuses if source in plan.sources else {}
    found = [declared[cell.key] for cell in item.cells if cell.source == source and cell.key in declared]
    if not found:
        return None
    return StatusValues(frozenset().union(*(s.left for s in found)), frozenset().union(*(s.active for s in found)))


def students_own_conditions(
    plan: Plan, sources: dict[str, SourceFile], report: Report, *, own: Places
) -> Iterator[OwnCondition]:
    """Each students' rule's own literal `where` condition of the district's (`own`) whose column held a value."""
    literal = {item.path: item for item in compared(plan) if item.kind == "where"}
    for rule in plan.rules.get("users", ()):
        export = sources.get(rule.source) if rule.source else None
        if export is None or rule.guardian is not None or _kind(rule) != KINDS["student"]:
            continue
        for cond in rule.where:
            path = ("tables", "users", rule.name, "where", cond.name)
            item = literal.get(path)
            read = held_values(item, {export.source: export}, report.column_values) if item is not None else None
            if item is None or path not in own or read is None:
                continue
            _, column, held = read
            if held:
                status = declared_status(plan, item, export.source)
                yield OwnCondition(rule, cond, item, export, path, column, Counter(held), status)


def note_leavers_kept(plan: Plan, sources: dict[str, SourceFile], report: Report, *, own: Places, staged: Path) -> None:
    """P118: a students' rule's `where` condition of the district's own, written the "leave out"
    way (not_equals, not_in), that lets through status values naming leavers (Graduated,
    Withdrawn, Inactive, Transferred: LEAVER; or a code the profile's `statuses` declares left, PowerSchool's
    Enroll_Status 2 and 3, and no value it declares active) on at least LEAVERS_AT_LEAST rows, while as many
    published students (half of them, at least) are in no class: the condition reads the wrong
    way round, and the leavers are published. Named: the condition, its place, the leaver values
    kept with their rows, the students in no class and the values to keep instead. A first set,
    or the first after the profile changed, exits 1 (summary._checked). Not judged on a
    --users-only run (no enrolments to tell)."""
    if plan.users_only or not (staged / "users.csv").is_file():
        return
    counted: tuple[int, int] | None = None
    for found in students_own_conditions(plan, sources, report, own=own):
        rule, cond, export, path, column, held = (
            found.rule,
            found.cond,
            found.export,
            found.path,
            found.column,
            found.held,
        )
        if cond.op not in PASS_ALL_OPS:
            continue  # a list of the values kept: not written the wrong way round
        kept = Counter({v: n for v, n in held.items() if v.strip() and literal_passes(cond, v)})
        leavers = Counter({v: n for v, n in kept.items() if found.leaver(v, words=LEAVER)})
        if sum(leavers.values()) < LEAVERS_AT_LEAST:
            continue
        counted = counted or students_in_no_class(staged)
        students, unenrolled = counted
        if unenrolled < sum(leavers.values()) * LEAVERS_UNENROLLED:
            continue
        current = sorted(v for v in kept if v not in leavers)
        instead = (
            f"keep the current ones instead ({column} `op: in` [{', '.join(current)}])"
            if current
            else "keep the current values instead (`op: in`)"
        )
        report.add(
            codes.code("condition-keeps-leavers"),
            Where(file=own[path]),
            rule=rule.label,
            condition=f"where {cond.text}",
            file=export.display,
            leavers=ranked(leavers),
            unenrolled=f"{unenrolled:,}",
            students=f"{students:,}",
            fix=instead[0].upper() + instead[1:],
        )
