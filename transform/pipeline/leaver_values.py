"""A students' condition that lets through a few leavers (P131, tester86 T1).

`Admissions Status not_in [Leaver, Applicant]` on an export holding one 'Withdrawn' pupil publishes
her as a student, with her parents, at exit 0. P118 names a whole column's worth of leaver values
kept (seen_values.note_leavers_kept: ten rows or more, most in no class); a small school withdraws
one or two at a time. So any count of a value naming students who left (WORDS) that a
students' rule's own condition written the "leave out" way (not_equals, not_in) lets through is said,
unless P118 said the condition. An honest export's 'Withdrawn' that the condition leaves out passes
no condition: nothing said. A value is asked once (published, exit 1: summary._LOOKED_AT_WHEN);
last.json records it (KEY: a hash of the export, the column and the value: review194 R5), and the nights
after it is said at exit 0, whatever the condition's words: a value added to the condition asks no other again.

Codes are no words: PowerSchool's Enroll_Status 2 (transferred out) and 3 (graduated), eSchoolPLUS's G. So a
profile declares a status column's values for a student who left and for one who is here (`sources.NAME.statuses`,
SourcePlan.statuses: the bundled profiles declare theirs), and a declared leaver value is asked as a word is, also
when a condition written the "keep" way (in, equals) lists it (a code read wrongly: `in ["0", "2"]`); a value
declared active is never a leaver, whatever its words ('Withdrawal Pending', still attending). A value declared
neither way is judged by its words alone, as before. A district condition on a status column of codes whose
values no profile file declares is said by check-profile (P133, `undeclared`). The rows counted are those whose
student the staged set publishes, the ID compared as written and as the rule makes it (a padded ID).

A leaver test written with another SIS's codes (`{withdrawalCode} not_in [T1, W1, G]` on Genesis's '11') lets
through values that are neither words nor declared: when none of a students' leaver test's values is in its
column while the students published hold others there, each such value is asked once too (P134, `unwritten`); and
when a column blank on most rows (an exit code, written for the few) holds some of them while the students published
hold others, those are asked alike (P135). One condition gets one message: P134's or P135's names the values P131
would ask of it, and P113 or I264 of a condition P131 or P134 says is taken back (tester91 T1). A status column of
codes none of whose values the district's own profile declares is judged by a bundled profile's declaration of its
layout (`judged`: P133 at run time, review203 R6).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import partial
from pathlib import Path

from transform.profile import load
from transform.profile.compile import ColumnPlan, Plan, RulePlan, StatusValues
from transform.profile.load import LoadedProfile
from transform.profile.templates import FieldRef, fields
from transform.report import codes
from transform.report.problem import Problem, Where
from transform.report.report import Report

from . import mapping
from .gate import VALUES_ASKED, asked_key, columns_of, recorded_hashes
from .read import SourceFile, iter_rows
from .seen_values import (
    FLAG_WORDS,
    FLAGS,
    KINDS,
    PASS_ALL_OPS,
    Compared,
    OwnCondition,
    Places,
    compared,
    decides_only,
    district_wheres,
    held_values,
    is_grade,
    kind_of,
    literal_passes,
    ranked,
    students_own_conditions,
    wanted_values,
)

KEY = VALUES_ASKED  # last.json: the values asked (P131), each a hash of its rule, condition and value
# A word naming students who left, whole (P118's seen_values.LEAVER is a stem, weighed at ten rows): at any
# count, 'Graduating' (a senior still here), 'Cleft' or 'Leftover' is no leaver; 'Formerly Enrolled' is.
# A hyphen parts words ('Withdrawn-Moved'): a leaver missed publishes her at exit 0, a word read
# wrongly ('Left-handed') is asked once.
WORDS = re.compile(
    r"(?<![a-z])(graduated?|grad|withdrawn?|withdrew|withdrawal|inactive|transferr?ed|transfer|left|exit(ed)?|"
    r"dropp?ed|drop.?out|deceased|expell?ed|alumn(i|us|a|ae)|former(ly)?|dismissed|no.?show)(?![a-z])",
    re.IGNORECASE,
)
# A status of a student who came, not one who left ('Transferred In', 'Moved into district').
ARRIVED = re.compile(r"(transfer|transferr?ed|moved|dropp?ed)\s*(in|into)(?![a-z])", re.IGNORECASE)


def note(
    plan: Plan,
    sources: dict[str, SourceFile],
    report: Report,
    *,
    own: Places,
    state: Path | None,
    staged: Path | None = None,
) -> None:
    """One message for each students' rule's own `where` condition that lets through students who may have left,
    unless P118 said that condition tonight: P131 for a value naming leavers (a condition written the "leave out"
    way, not_equals, not_in; or a code declared left, whichever way) on any number of rows; P134 for a leaver test
    none of whose values its column holds while the students published hold others (`unwritten`); P135 for one
    leaving out some of a column's codes, blank on most rows, and letting others through. P134 and P135 name the
    values P131 would ask of the same condition in their one message, and I264 of a condition P131 or P134 says
    is taken back: its words are in theirs (tester91 T1: three messages at one place). `new` when last.json (in the
    `state` folder) did not record a value asked; every value said is recorded (report.facts[KEY]). With the
    `staged` set, a value counts only the rows whose student it holds (kept_rows)."""
    said = {(p.params.get("rule"), p.params.get("condition")) for p in report.examples.get("P118", [])}
    recorded = recorded_hashes(state, KEY)
    asked: list[str] = []
    parents = " with their parents and guardians" if any(r.guardian for r in plan.rules.get("users", ())) else ""
    items = compared(plan)
    for found in map(partial(judged, plan), students_own_conditions(plan, sources, report, own=own)):
        if (found.rule.label, f"where {found.cond.text}") in said:
            continue  # P118 said it: a whole column's worth
        leavers = _leavers(found)
        held, how = unwritten(plan, found, _held_by_others(found, items, sources, report))
        # the others the condition lets through, unasked ('Active' on most rows): counted in P134's students published
        others = _others(found, leavers + held) if held and how == IDLE else Counter()
        if (leavers or held) and staged is not None:  # only the rows the rule keeps (review191 R3)
            kept = kept_rows(plan, found.rule, found.item, found.export, leavers + held + others, staged)
            leavers, held, others = _part(leavers, kept), _part(held, kept), _part(others, kept)
        leavers, held = _in_order(leavers), _in_order(held)
        if held:
            asked += _ask_let_through(
                plan, found, held, leavers, how, report, own=own, recorded=recorded, parents=parents, others=others
            )
        elif leavers:
            asked += _ask_leavers(plan, found, leavers, report, own=own, recorded=recorded, parents=parents)
    if asked:
        report.facts[KEY] = sorted({*report.facts.get(KEY, ()), *asked})


def _others(found: OwnCondition, asked: Counter[str]) -> Counter[str]:
    """The values, a blank too, a leave-out test lets through that are not asked: the students published beside
    those asked (review210 R1: 'this set publishes 5 students whose Status holds 'A'' of 12 published)."""
    if found.cond.op not in PASS_ALL_OPS:
        return Counter()
    return Counter({v: n for v, n in found.held.items() if v not in asked and literal_passes(found.cond, v)})


def _part(values: Counter[str], kept: Counter[str]) -> Counter[str]:
    return Counter({value: kept[value] for value in values if kept[value]})


def _in_order(values: Counter[str]) -> Counter[str]:
    """Most held first, then by value, as `ranked` says them: the messages name them so, night after night."""
    return Counter(dict(sorted(values.items(), key=lambda pair: (-pair[1], pair[0]))))


def _leavers(found: OwnCondition) -> Counter[str]:
    """The values P131 asks: naming leavers (WORDS, a condition written the "leave out" way) or declared left, that
    the condition lets through. A list of the values kept (in, equals) names its values on purpose: only a declared
    code is asked."""
    words = WORDS if found.cond.op in PASS_ALL_OPS else None
    return Counter(
        {
            v: n
            for v, n in found.held.items()
            if v.strip() and literal_passes(found.cond, v) and _judged(found, v, words)
        }
    )


def _ask_leavers(
    plan: Plan,
    found: OwnCondition,
    leavers: Counter[str],
    report: Report,
    *,
    own: Places,
    recorded: frozenset[str],
    parents: str,
) -> list[str]:
    """P131 of a condition; the keys of its values asked."""
    cond, export, column = found.cond, found.export, found.column
    keys = [asked_key(export.source, column, v) for v in leavers]  # not the condition's words
    new = [v for v, k in zip(leavers, keys, strict=True) if k not in recorded]
    unseen = _take_back_unseen(found, report)
    idle = ""
    if unseen is not None:  # the words of P113 or I264, taken back
        said = unseen.params
        idle = (
            f"leaves out no one (no row of {said['file']} holds {said['values']} in {said['column']}: its "
            f"{said['rows']} rows hold {said['seen']}) and "
        )
    report.add(
        codes.code("profile-reading-asked"),
        Where(file=own[found.path]),
        rule=found.rule.label,
        condition=f"where {cond.text}",
        place=own[found.path],
        file=export.display,
        leavers=ranked(leavers),
        parents=parents,
        finding=(
            f"{idle}lets through {ranked(leavers)} of {export.display}, {_named(found, leavers)}: "
            f"published as students{parents}"
        ),
        asked=_asked(new),
        fix=_fix(plan, found, len(leavers)) + _optional(unseen),
        new="yes" if new else "",
        unseen="yes" if unseen is not None and unseen.params.get("own") else "",
    )
    return keys


def _optional(unseen: Problem | None) -> str:
    """P113's way out, kept when its words are folded into P131's (review210 R4): a value the export holds only
    some years."""
    if unseen is None or "`optional: true`" not in str(unseen.params.get("fix", "")):
        return ""
    return " If the condition's values are right and the export holds them only some years, give it `optional: true`."


def _asked(new: list[str]) -> str:
    if new:
        return f"first seen tonight: {', '.join(repr(v) for v in new)}."
    return "asked on an earlier night: not asked again."


def _take_back_unseen(found: OwnCondition, report: Report) -> Problem | None:
    """P113 or I264 of the condition (no row holds its values), taken back for the message that names the students
    it lets through (tester91 T1: three messages at one place); not an I264 naming a school of the set with the
    guard's word, nor a P113 naming other rules of the same condition. The one taken back, `own` set when it was
    one a first set stops for (summary._checked: P113, an I264 of the district's own)."""
    condition = f"where {found.cond.text}"

    def mine(problem: Problem) -> bool:
        params = problem.params
        return (
            params.get("rule") == found.rule.label
            and params.get("condition") == condition
            and not params.get("schools")
            and not params.get("also")
        )

    for cid in ("P113", "I264"):
        unseen = next((p for p in report.examples.get(cid, []) if mine(p)), None)
        if unseen is not None:
            report.withdraw(unseen.code, mine)
            return unseen if cid == "I264" else dataclasses.replace(unseen, params={**unseen.params, "own": "yes"})
    return None


# A students' leaver test none of whose values its column writes (P134, tester89 T4): the column's name, or the
# condition's reason, says it is one (Genesis's withdrawalCode, read with another SIS's codes T1, W1, G).
_LEAVER_COLUMN = re.compile(r"status|withdr|exit|enrol|leav|left|active|drop", re.IGNORECASE)
UNWRITTEN = "unwritten:"  # a P134 or P135 value's key in values_asked, apart from P131's ask of the same value
UNLESS_ENROLLED = ", and no current enrolment names them"  # a condition's text after its values (compile._condition)
IDLE, SOME = "idle", "some"  # a leaver test none of whose values its column holds (P134), or some of them (P135)


def _ask_let_through(
    plan: Plan,
    found: OwnCondition,
    held: Counter[str],
    leavers: Counter[str],
    how: str,
    report: Report,
    *,
    own: Places,
    recorded: frozenset[str],
    parents: str,
    others: Counter[str] | None = None,
) -> list[str]:
    """P134 (`how` IDLE) or P135 (SOME) of a condition, naming the values P131 would ask of it too (`leavers`); the
    keys of the values asked: P131's of those, UNWRITTEN's of the others. Asked once per value (published, exit 1);
    the nights after said at exit 0: a condition whose values a column writes only some nights (its withdrawals in
    spring) is not asked every night."""
    cond, export, column = found.cond, found.export, found.column
    keys = [asked_key(export.source, column, f"{UNWRITTEN}{v}") for v in held]
    keys += [asked_key(export.source, column, v) for v in leavers]
    values = [*held, *leavers]
    new = [v for v, k in zip(values, keys, strict=True) if k not in recorded]
    count = sum(held.values()) + sum(leavers.values())
    published = f"{count} student{'s' if count > 1 else ''} whose {column} holds {ranked(held + leavers)}"
    besides = sum((others or Counter()).values())
    if besides:  # the whole number published, the values asked of some of them
        published = f"{count + besides} students, {count} of them whose {column} holds {ranked(held + leavers)}"
    if leavers:
        published += f" ({', '.join(repr(v) for v in leavers)}: {_named(found, leavers)})"
    shown = {
        "rule": found.rule.label,
        "condition": f"where {cond.text}",
        "place": own[found.path],
        "file": export.display,
        "column": column,
        "rows": sum(found.held.values()),
        "seen": ranked(found.held),
        "published": published,
        "parents": parents,
        "asked": _asked(new),
        "fix": _unwritten_fix(plan, found, held, leavers),
        "new": "yes" if new else "",
    }
    if how == SOME:
        wanted = wanted_values(cond)
        left_out = Counter({v: n for v, n in found.held.items() if v.strip().casefold() in wanted})
        blank = sum(n for v, n in found.held.items() if not v.strip())
        report.add(
            codes.code("student-condition-codes-let-through"),
            Where(file=own[found.path]),
            left=ranked(left_out),
            blank=blank,
            **shown,
        )
        return keys
    unseen = _take_back_unseen(found, report)
    report.add(
        codes.code("student-condition-idle"),
        Where(file=own[found.path]),
        values=cond.text.split(f" {cond.op} ", 1)[-1].removesuffix(UNLESS_ENROLLED),
        effect="leaves out no one" if cond.op in PASS_ALL_OPS else "keeps no one by its values",
        unseen="yes" if unseen is not None and unseen.params.get("own") else "",
        **shown,
    )
    return keys


def unwritten(plan: Plan, found: OwnCondition, elsewhere: frozenset[str] = frozenset()) -> tuple[Counter[str], str]:
    """The values of a students' leaver test's column, not blank, none of them the condition's own, that it lets
    through (or, a condition listing the values it keeps, that it keeps none of: a student published anyway,
    `unless_enrolled`), when the condition cannot be doing its job: none of its values held (IDLE, `_idle`;
    `elsewhere`: the values another rule's same condition finds in its export), or some held in a column blank on
    most rows, whose every value marks the few (SOME, `_some`: `not_in [T1, W1, G]` on one 'G' and one '11').
    Without a value P131 asks (a word naming leavers, a code declared left) or one declared active, nor, of a
    leave-out test, the value on most rows, a blank counted as no value, that is of the students who are here
    (`_here`: the whole value a word naming them, 'Active' on 7 rows of 8, one left blank, review203 R5; one value
    on every row); a bare code on most rows is asked (review210 R1)."""
    filled = Counter({value: n for value, n in found.held.items() if value.strip()})
    if not filled or not _leaver_test(plan, found, filled):
        return Counter(), ""
    how = IDLE if _idle(found, filled, elsewhere) else SOME if _some(found, filled) else ""
    if not how:
        return Counter(), ""
    cond = found.cond
    active = found.status.active if found.status is not None else frozenset()
    words = WORDS if cond.op in PASS_ALL_OPS else None
    rows = sum(found.held.values())
    values = Counter(
        {
            value: n
            for value, n in filled.items()
            if value.strip().casefold() not in active
            and (how == IDLE or literal_passes(cond, value))
            and not (words is not None and n * 2 > rows and _here(value, n == rows))  # of the students here
            and not (literal_passes(cond, value) and _judged(found, value, words))
        }
    )
    return values, how if values else ""


# The whole of a value naming a student who is here ('Active', 'Enrolled', 'In School'), its case, spaces and
# punctuation aside: a word inside a longer value is no evidence ('No Longer Attending', 'De-Enrolled', 'Not In
# School', 'Not Returning', 'Previously Enrolled', 'Enrolled Elsewhere' name leavers: review219 R1).
PRESENT = frozenset(
    ("active", "enrolled", "current", "attending", "present", "registered", "continuing", "returning", "in school")
)


def _here(value: str, every_row: bool) -> bool:
    """Whether a leave-out test's value on most rows is of the students who are here, unasked: the whole value a
    word naming a present student ('Active' on 7 rows of 8, one left blank: review203 R5; never a word inside a
    longer value, review219 R1), or one value on every row (an export of active students only: nothing to leave
    out tonight). A bare code on most rows beside blanks is not: a summer export or one keeping past students holds
    a leaver code on most rows (`{Exit_Code} not_in [T1, W1, G]` on Genesis's '11' on 7 rows of 12, published at
    exit 0: review210 R1)."""
    return every_row or " ".join(re.split(r"[\W_]+", value.casefold())).strip() in PRESENT


def _leaver_test(plan: Plan, found: OwnCondition, filled: Counter[str]) -> bool:
    """Whether a students' condition is a leaver test P134 and P135 judge: not one another rule takes the rows of
    (`routes`); deciding by a column its rule reads for nothing else (a column the rule publishes, `{Grade} not_in
    [PK]`, is no leaver test); its reason or its column's name saying so (`{Program} not_in [ADULT]` is none); not
    a guard of grade levels on the export's grade column (`_grade_column`)."""
    cond = found.cond
    if cond.routes or not decides_only(found.item):
        return False
    if cond.reason.slug != INACTIVE and not _LEAVER_COLUMN.search(found.column):
        return False
    wanted = {str(value).strip().casefold() for value in wanted_values(cond)}
    seen = {value.strip().casefold() for value in filled}
    return not (all(map(is_grade, wanted)) and all(map(is_grade, seen)) and _grade_column(plan, found, filled))


# A column named for the grade level (Grade, Grade_Level, GradeLevel, Grd).
_GRADE_COLUMN = re.compile(r"grade|(?<![a-z])grd(?![a-z])", re.IGNORECASE)


def _grade_column(plan: Plan, found: OwnCondition, filled: Counter[str]) -> bool:
    """Whether the condition's column is the export's grade level, by evidence rather than its values' shape ('11'
    is grade 11 and Genesis's code of a withdrawn student: `{Exit_Code} not_in ["1", "2", "3", "4"]` on '11' was
    exempt, the student published at exit 0, review203 R3): a rule of the profile publishes it as grades, or its
    name says grade and a grade is written on most rows (an exit code is written for the few who left)."""
    cells = {(cell.source, cell.key) for cell in found.item.cells}
    for rules in plan.rules.values():
        for rule in rules:
            for column in (*rule.columns, *(c for _, group in rule.groups for c in group)):
                if column.name != "grades":
                    continue
                for ref in fields((*column.parts, *column.first_of, *column.fallback_parts)):
                    join = rule.joins.get(ref.alias) if ref.alias is not None else None
                    if (join.source if join is not None else rule.source, ref.key) in cells:
                        return True
    return bool(_GRADE_COLUMN.search(found.column)) and 2 * sum(filled.values()) > sum(found.held.values())


def _idle(found: OwnCondition, filled: Counter[str], elsewhere: frozenset[str]) -> bool:
    """Whether a leaver test's column holds none of its values. Not: a value of the condition held here or by
    another rule's same condition (a staff export's Inactive: the value is right, the students have none tonight);
    no value, a blank counted, on most rows, as a status's active value is (ten homerooms spread evenly, tester76
    D1); a leave-out test's column holding the yes/no value it does not name (`not_equals "1"` on '0' and blanks).
    Its value on most rows is not asked (`unwritten`)."""
    cond, held = found.cond, found.held
    seen = {value.strip().casefold() for value in filled}
    wanted = {str(value).strip().casefold() for value in wanted_values(cond)}
    if wanted & (seen | elsewhere) or max(held.values()) * 2 <= sum(held.values()):
        return False
    return cond.op not in PASS_ALL_OPS or not _flag(seen, wanted)


def _some(found: OwnCondition, filled: Counter[str]) -> bool:
    """Whether a leave-out test holds some of its values in a column blank on most rows, letting others through: a
    column written for the few (an exit code, a withdrawal reason), where every value marks a student who is not
    as the others are: `{Exit_Code} not_in [T1, W1, G]` on 'G' (left out) and Genesis's '11' (published: review203
    R6). Not the yes/no value a flag test does not name."""
    cond = found.cond
    seen = {value.strip().casefold() for value in filled}
    wanted = {str(value).strip().casefold() for value in wanted_values(cond)}
    if cond.op not in PASS_ALL_OPS or not wanted & seen or _flag(seen, wanted):
        return False
    rows = sum(found.held.values())
    return (rows - sum(filled.values())) * 2 > rows


def _flag(seen: set[str], wanted: set[str]) -> bool:
    return any(seen <= flag and wanted & flag for flag in FLAGS)


def _held_by_others(
    found: OwnCondition, items: list[Compared], sources: dict[str, SourceFile], report: Report
) -> frozenset[str]:
    """The values (casefolded) the columns of other rules' same condition (its columns, operator and values) hold
    in their exports (seen_values._matching_none's test of P113)."""
    same = (tuple(cell.key for cell in found.item.cells), found.cond.op, wanted_values(found.cond))
    held: set[str] = set()
    for item in items:
        if (
            item.rule is found.rule
            or (tuple(cell.key for cell in item.cells), item.cond.op, wanted_values(item.cond)) != same
        ):
            continue
        read = held_values(item, sources, report.column_values)
        if read is not None and read[2]:
            held |= {value.strip().casefold() for value in read[2]}
    return frozenset(held)


def _unwritten_fix(plan: Plan, found: OwnCondition, held: Counter[str], leavers: Counter[str]) -> str:
    """P134's and P135's step: the codes the export writes, or the values declared active; the values P131 would
    ask of the condition (`leavers`: a word naming leavers, a code declared left) written in first."""
    named = ", ".join(repr(v) for v in held)
    many = len(held) > 1
    column = found.column
    if found.cond.op not in PASS_ALL_OPS:
        return (
            f"Write the values {column} writes for students who are here in the condition's values and rerun; if "
            "the students published are meant to be kept by their enrolments alone, nothing to do: not asked again."
        )
    first = _declare(plan, found)
    if leavers:
        first += f"Write {', '.join(repr(v) for v in leavers)} in the condition's values; "
    listed = ", ".join(f'"{v}"' for v in held)
    step = (
        f"if {named} mark{'' if many else 's'} students who left, write the codes {column} writes for them in the "
        f"condition's values (or `op: in` with the codes of students who are here) and rerun; if {named} "
        f"{'are' if many else 'is'} of students who are here, nothing to do: not asked again (declaring "
        f"sources.{found.export.source}.statuses: {{{column}: {{active: [{listed}]}}}} says so)"
    )
    return f"{first}{step if leavers else step[:1].upper() + step[1:]}."


# A value holding a word (four letters in a row: 'Enrolled', 'Active') is read by WORDS; one without ('0', 'A',
# 'PR', '-1') is a code, which says nothing of a leaver unless the profile declares it (P133).
_WORD = re.compile(r"[^\W\d_]{4}")
_STATUS = re.compile(r"status", re.IGNORECASE)
INACTIVE = "inactive-student"  # the reason of a condition leaving out students who left


def undeclared(profile: LoadedProfile, plan: Plan) -> list[Problem]:
    """P133 (check-profile) for each students' rule's `where` condition of the district's own profile files
    written the "leave out" way (not_equals, not_in: every value it does not name passes) that reads a status
    column (its name says status, or the condition leaves out inactive students and is no yes/no flag) compared
    with codes alone, whose export declares none of its values (`sources.NAME.statuses`): P131 reads a leaver's
    words, and no code's. A condition listing the values it keeps (in, equals: `EnrollStatus in [E]`, as
    `transform init` drafts it) lets no code through that it does not name: not said. Named with a bundled
    profile's declaration of a column of the same name, where one has it."""
    own = district_wheres(profile, plan)
    found: list[Problem] = []
    for item in compared(plan):
        if item.kind != "where" or item.path not in own or kind_of(item.rule) != KINDS["student"]:
            continue
        read = _codes_undeclared(plan, item)
        if read is None:
            continue
        source, column = read
        cond = item.cond
        params: dict[str, object] = {
            "path": ".".join(item.path),
            "condition": cond.text.split(": ", 1)[-1],  # the path names the condition
            "column": column,
            "source": source,
            "fix": _declaration(plan, source, column),
        }
        found.append(Problem(codes.code("status-values-undeclared"), profile.where(list(item.path)), params))
    return found


def _codes_undeclared(plan: Plan, item: Compared) -> tuple[str, str] | None:
    """The export and the column (as the profile lists it) of a condition written the "leave out" way on a status
    column (its name says status, or the condition leaves out inactive students and is no yes/no flag) compared
    with codes alone, none of whose values its export declares; None for any other."""
    cond = item.cond
    if cond.op not in PASS_ALL_OPS:
        return None
    values = sorted(str(v) for v in cond.value) if isinstance(cond.value, frozenset) else [str(cond.value)]
    if any(_WORD.search(v) for v in values):
        return None  # words: P131 reads them
    cells = [cell for cell in item.cells if cell.source in plan.sources]
    if not cells or any(cell.key in plan.sources[cell.source].statuses for cell in cells):
        return None
    columns = [_as_written(plan, cell.source, cell.key) for cell in cells]
    flag = all(v.strip().casefold() in FLAG_WORDS for v in values)
    if not any(_STATUS.search(c) for c in columns) and (cond.reason.slug != INACTIVE or flag):
        return None
    return cells[0].source, columns[0]


def judged(plan: Plan, found: OwnCondition) -> OwnCondition:
    """A students' own condition as the run judges it: a status column of codes none of whose values the profile
    declares (P133's case) is judged by the declaration a bundled profile makes of a column of that name on an
    export of its layout (a district's own profile for PowerSchool's students.txt letting '1', transferred out,
    through: said by check-profile alone, published at exit 0 every night, review203 R6); the message names that
    profile and the declaration to write (`declared_by`), and words its question as the guess it is ("if your SIS's
    Enroll_Status is powerschool's"): kept when a code so declared left is on most rows, asked once (a history
    export's graduates '3' on 7 rows of 12, review219 R2; another SIS's Enroll_Status '1' of enrolled students,
    review210 R2, is asked once in words its district can answer)."""
    if found.status is not None:
        return found
    read = _codes_undeclared(plan, found.item)
    layout = _layout_declaration(plan, *read) if read is not None else None
    if layout is None:
        return found
    name, left, active, _ = layout
    status = StatusValues(frozenset(v.casefold() for v in left), frozenset(v.casefold() for v in active))
    return dataclasses.replace(found, status=status, declared_by=name)


def _as_written(plan: Plan, source: str, key: str) -> str:
    """A normalized column of a source as the profile lists it ('Enroll_Status' of 'enroll_status')."""
    spec = plan.sources[source]
    return next((c for c in (*spec.columns, *spec.optional) if c.strip().casefold() == key), key)


def _declaration(plan: Plan, source: str, column: str) -> str:
    """The `statuses:` entry to write, with the values a bundled profile declares for a column of that name in an
    export of the same layout (half its required columns, at least, are the district export's: PowerSchool's
    students.txt; a 'Status' of another SIS is no OneRoster status)."""
    entry = f"sources.{source}.statuses: {{{column}: {{left: [...], active: [...]}}}}"
    layout = _layout_declaration(plan, source, column)
    if layout is None:
        return f"{entry}, the SIS's codes for a student who left and for one who is here"
    name, left, active, _ = layout
    values = f"left: [{_quoted(left)}]" + (f", active: [{_quoted(active)}]" if active else "")
    return f"{entry} (the bundled {name} profile declares {column}: {values})"


def _layout_declaration(
    plan: Plan, source: str, column: str
) -> tuple[str, list[str], list[str], frozenset[str]] | None:
    """The first bundled profile's declaration of a column of that name on an export of its layout (half its
    required columns, at least, are the district export's), or None."""
    spec = plan.sources[source]
    own = {c.strip().casefold() for c in (*spec.columns, *spec.optional)}
    return next((found for found in bundled_statuses(column) if 2 * len(found[3] & own) >= len(found[3])), None)


def _quoted(values: list[str]) -> str:
    """Values as a YAML list writes them, each quoted (a code "2" is text, not the number 2)."""
    return ", ".join(f'"{v}"' for v in values)


def bundled_statuses(column: str) -> list[tuple[str, list[str], list[str], frozenset[str]]]:
    """Each bundled profile's declaration of a status column of that name (matched ignoring case): (the profile,
    its left values, its active values, its export's required columns casefolded), by profile name."""
    key = column.strip().casefold()
    return [
        (profile, list(left), list(active), required)
        for profile, name, left, active, required in load.bundled_statuses()
        if name == key
    ]


def _judged(found: OwnCondition, value: str, words: re.Pattern[str] | None) -> bool:
    """A leaver: a value its column's `statuses` declares left; else, not declared active, naming one in WORDS
    (and not one who came, ARRIVED), when `words` judges."""
    if found.status is not None and value.strip().casefold() in (found.status.left | found.status.active):
        return found.leaver(value, words=None)
    return words is not None and _leaver(value)


def _named(found: OwnCondition, leavers: Counter[str]) -> str:
    """What the values let through are: named in words, or declared by the profile (`statuses`), or both."""
    left = found.status.left if found.status is not None else frozenset()
    declared = [v for v in leavers if v.strip().casefold() in left]
    said = f"sources.{found.export.source}.statuses ({found.column})"
    guess = ""
    if found.declared_by:  # a guess from the export's columns (review210 R2)
        said = f"the bundled {found.declared_by} profile, on an export of its layout,"
        guess = f", if your SIS's {found.column} is {found.declared_by}'s (a guess from the export's columns)"
    if not declared:
        return "values that name students who left"
    if len(declared) == len(leavers):
        return f"values {said} declares for students who left{guess}"
    return f"values that name students who left or that {said} declares so{guess}"


def _fix(plan: Plan, found: OwnCondition, count: int) -> str:
    """The step: a condition listing what it leaves out (not_in) takes them in; one listing what it keeps
    (in) gives them up; a column of codes judged by a bundled profile's declaration (`declared_by`) declared."""
    them = "them" if count > 1 else "it"
    if found.cond.op in PASS_ALL_OPS:
        step = f"add {them} to the condition's values ({found.column})"
    else:
        step = f"take {them} out of the condition's values ({found.column})"
    left = (
        f"If your SIS's {found.column} is {found.declared_by}'s and they left" if found.declared_by else "If they left"
    )
    return (
        f"{_declare(plan, found)}{left}, {step} and rerun; if they are meant to be in Remind, nothing to do: "
        "not asked again."
    )


def _declare(plan: Plan, found: OwnCondition) -> str:
    """A profile declaring none of its status column's codes (P133): the declaration to write, first."""
    if not found.declared_by:
        return ""
    return f"Declare the column's codes (P133), {_declaration(plan, found.export.source, found.column)}. "


def kept_rows(
    plan: Plan, rule: RulePlan, item: Compared, export: SourceFile, leavers: Counter[str], staged: Path
) -> Counter[str]:
    """Of the rows holding a leaver value, those whose student the staged users.csv publishes (the rule's other
    conditions, `Admissions Status equals Current`, left the rest out: review191 R3). The ID is compared as the
    export writes it, trimmed and case folded, and as the rule makes it (its cleaners: `{id: {width: 6, pad:
    true}}` publishes 4013 as 004013, config63a's leftover); where no row's is found either way (an ID a join
    makes), every row counts, as the column's values."""
    users = staged / "users.csv"
    rows = columns_of(users, "sourcedId", "role") if users.is_file() else iter(())
    students = {sid.strip().casefold() for sid, role in rows if role == "student" and sid.strip()}
    ids = [export.index[ref.key] for c in rule.columns if c.name == "sourcedId" for ref in _refs(c)]
    values = [export.index[cell.key] for cell in item.cells if cell.key in export.index]
    if not students or not ids or not values:
        return leavers
    kept: Counter[str] = Counter()
    found = False
    quiet = Report(max_examples=0)
    # an ID a join makes ('{sch.Prefix}{Student_Number}') is not made without the join's index: every row counts
    made_here = not any(mapping.reads_join(c) for c in rule.columns if c.name == "sourcedId")
    for row in iter_rows(export, quiet, first_pass=False):
        # trimmed, as the column's values were counted: a padded CHAR cell '1 ' is the value '1' (review203 R2)
        value = next((row.cells[i] for i in values if i < len(row.cells) and row.cells[i].strip()), "").strip()
        if found and value not in leavers:
            continue  # a row is read only to find whether the IDs match at all
        sid = next((row.cells[i] for i in ids if i < len(row.cells) and row.cells[i].strip()), "").strip().casefold()
        held = sid in students or (
            made_here
            and any(
                made.strip().casefold() in students
                for made in mapping.row_ids(row, rule=rule, plan=plan, indexes={}, quiet=quiet)
            )
        )
        found = found or held
        if held and value in leavers:
            kept[value] += 1
    return kept if found else leavers


def _refs(column: ColumnPlan) -> list[FieldRef]:
    return [ref for ref in (*fields(column.parts), *column.first_of) if ref.alias is None]


def _leaver(value: str) -> bool:
    return bool(WORDS.search(value)) and not ARRIVED.search(value)
