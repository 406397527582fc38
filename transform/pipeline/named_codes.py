"""A school of the staged set whose name holds a guard's word: perhaps the school the guard exists to leave out.

`{Bldg} not_in [SUMMER]` on an export whose buildings are numbers leaves out no row. That alone says
nothing: a district with no summer school tonight guards against one rightly (review145 R1, three
numbered schools none of which is a summer school), as a homeroom guard `not_in [TBD, UNASSIGNED]`
leaves out the unplaced students of another night (tester76 D1). What does say it is the set itself:
an org of the staged orgs.csv whose name holds the guard's word (900, Summer School) with people of
the guarded rule at it (review153 R5: 8 summer-school students, I264 a warning, exit 0). Judged on the
staged set, not on the export's columns, it holds however the rule reads its school (through a join,
a template of two fields, a map on the orgs' name) and however many schools there are (review158 R2,
R5). Asked once (summary._checked): on a first set, the first after the profile changed, and the first
night the school is new to the set (the summer school first appears in June, review158 R1).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transform.pipeline import set_files
from transform.profile.compile import ConditionPlan, RulePlan
from transform.profile.templates import fields, lone

# The output columns that name a record's school, by the orgs' sourcedId.
SCHOOL_COLUMNS = ("orgSourcedIds", "schoolSourcedId")
MIN_WORD = 2  # a single letter (an initial) names nothing
_APART = re.compile(r"[\W_]+")  # what separates words: anything not a letter or digit, '_' included


@dataclass(frozen=True, slots=True)
class Named:
    """An org of the staged set whose name holds a guard's word, with people of the guarded rule."""

    org: str  # its sourcedId in the set
    name: str  # its name there
    people: int  # rows of the guarded rule's table at it
    new: bool  # the last published set had none of the rule's people at it (or did not hold it)
    code: str  # the value the guard's column writes for it, when the counts tell ("" otherwise)


def school_column(rule: RulePlan, cond: ConditionPlan) -> str:
    """The output column (orgSourcedIds, schoolSourcedId) the rule writes from the column the condition
    reads alone (the same alias and key: `{enr.Bldg}` too); "" when none."""
    read = {(ref.alias, ref.key) for ref in lone(cond.parts)}
    for column in rule.columns:
        refs = fields((*column.parts, *column.first_of))
        if column.name in SCHOOL_COLUMNS and read & {(ref.alias, ref.key) for ref in refs}:
            return column.name
    return ""


def found(
    rule: RulePlan,
    cond: ConditionPlan,
    wanted: Iterable[str],
    *,
    staged: Path,
    previous: Path | None,
    held: Counter[str] | None,
) -> list[Named]:
    """Every org of the staged set whose name holds one of `wanted` (a guard's values) as a whole word
    (case-folded), and at which the set has people of `rule`, in orgs.csv's order; [] when none. Each
    is judged (review164 R1: an older 'Summer Creek High' listed first hid 900 'Summer School')."""
    column = school_column(rule, cond)
    words = [_words(value) for value in wanted if len(value.strip()) >= MIN_WORD]
    if not column or not any(words):
        return []
    matching = [(org, name) for org, name in _schools(staged) if _holds(name, words)]
    if not matching:
        return []
    role = role_of(rule)
    people = _people(staged / f"{rule.table}.csv", column, role)  # one pass, however many orgs
    before = _people(previous / f"{rule.table}.csv", column, role) if previous is not None else Counter()
    # new: the last set had none of them there (a summer school listed all year, its people in June)
    return [
        Named(org, name, people[org], previous is None or not before[org], _code(org, held))
        for org, name in matching
        if people[org]
    ]


def _holds(name: str, words: list[str]) -> bool:
    spaced = f" {_words(name)} "
    return any(word and f" {word} " in spaced for word in words)


def _words(text: str) -> str:
    return " ".join(part for part in _APART.split(text.casefold()) if part)


def role_of(rule: RulePlan) -> str:
    column = next((c for c in rule.columns if c.name == "role"), None)
    return column.literal or "" if column is not None else ""


def _schools(folder: Path | None) -> Iterator[tuple[str, str]]:
    """(sourcedId, name) of each org of a set that is not the district."""
    orgs = folder / "orgs.csv" if folder is not None else None
    for org, kind, name in set_files.columns(orgs, "sourcedId", "type", "name"):
        if org and kind != "district":
            yield org, name


def _people(table: Path, column: str, role: str) -> Counter[str]:
    """How many rows of a set's table name each org in `column` (of `role`, when the rule writes one),
    in one pass (review164 R4: a pass per org took 23 s for 100 orgs at 60k users). Not
    school_counts': this module is below the run's layer (columnar -> seen_values -> here)."""
    found: Counter[str] = Counter()
    for orgs, written in set_files.columns(table, column, "role"):
        if not role or not written or written == role:
            found.update({item.strip() for item in orgs.split(",") if item.strip()})
    return found


def _code(org: str, held: Counter[str] | None) -> str:
    """The value of the guard's column the org's ID is written from: the longest the ID holds."""
    inside = [value.strip() for value in held or () if value.strip() and value.strip() in org]
    return max(inside, key=len) if inside else ""
