"""The operators of a rule's `where` conditions, each defined once, for both ways a row is mapped.

Each text and number operator is one Python expression, true when the row passes, of `t` (the
field's text, stripped) and `{v}` (the condition's value as profile.compile made it: casefolded
text, a frozenset, a float or a compiled pattern). The interpreter (pipeline.mapping) calls it
as a function; a rule's generated function (pipeline.fastpath) inlines it, so that a row costs
no call. Date operators read the date with the profile's formats and may find none (the row is
reported and left out), so both ways call `passes` for them.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from typing import Any

from transform.cleaners.dates import zero_date
from transform.profile.compile import AsOf, AsOfUntil, ConditionPlan, Plan, RulePlan
from transform.profile.templates import Part

from .generated import run_source
from .rows import MULTI_SEP

MAX_MATCH_CHARS = 1000  # patterns see at most this much of a cell: no regex runs over a 10 MB field

# op -> when a row passes: `t` the text, `{v}` the value, `{number}` the text as a number.
PASSES: dict[str, str] = {
    "equals": "t.casefold() == {v}",
    "not_equals": "t.casefold() != {v}",
    "in": "t.casefold() in {v}",
    "not_in": "t.casefold() not in {v}",
    "matches": f"{{v}}.search(t[:{MAX_MATCH_CHARS}]) is not None",
    "not_matches": f"{{v}}.search(t[:{MAX_MATCH_CHARS}]) is None",
    "empty": "not t",
    "not_empty": "t != ''",
    "lt": "{number}(t) < {v}",
    "le": "{number}(t) <= {v}",
    "gt": "{number}(t) > {v}",
    "ge": "{number}(t) >= {v}",
}
# op -> how a date read from the text compares with the value (a date, or the run's as-of date)
DATE_ORDER: dict[str, Callable[[dt.date, dt.date], bool]] = {
    "date_lt": operator.lt,
    "date_le": operator.le,
    "date_gt": operator.gt,
    "date_ge": operator.ge,
}
OPERATORS = (*PASSES, *DATE_ORDER)
# The number operators: text that is no number meets none of them, and is no reason either (D332).
NUMBER_OPS = frozenset({"lt", "le", "gt", "ge"})


def number(text: str) -> float:
    """The text as a number; NaN, which compares false with every number, when it is none (a
    row whose field is not a number fails lt, le, gt and ge)."""
    try:
        return float(text)
    except ValueError:
        return float("nan")


def not_a_number(text: str) -> bool:
    """Whether `text` (not empty) is no number at all: a number operator cannot judge it."""
    value = number(text)
    return value != value  # NaN


def inline(op: str, value: str, number_name: str) -> str | None:
    """The operator's expression with the value and `number` named as in the generated code,
    or None for an operator the generated code calls `passes` for (the dates)."""
    shape = PASSES.get(op)
    return shape.format(v=value, number=number_name) if shape else None


def _interpreted(op: str, shape: str) -> Callable[[str, Any], bool]:
    """The operator as a function of the text and the value, for the interpreter."""
    source = f"def passes(t, v):\n    return {shape.format(v='v', number='number')}\n"
    function: Callable[[str, Any], bool] = run_source(source, "condition", op, {"number": number})["passes"]
    return function


_FUNCTIONS = {op: _interpreted(op, shape) for op, shape in PASSES.items()}


def passes(cond: ConditionPlan, text: str, plan: Plan) -> bool | None:
    """True when `text` (stripped) meets the condition; None for a date operator on text that
    is no date in the profile's formats, and for a number operator on text that is no number
    (PowerSchool's `{SectionID} ge 0` on a section number with a letter typed into it: a data
    problem of the row, not the condition's reason, a dropped enrolment; tester49 F4)."""
    function = _FUNCTIONS.get(cond.op)
    if function is not None:
        held = function(text, cond.value)
        if not held and text and cond.op in NUMBER_OPS and not_a_number(text):
            return None
        return held
    if MULTI_SEP in text:
        # A list joined item by item (`split`): a role naming two sessions is current when one
        # of them is; none passing and one no date is no date.
        items = [item.strip() for item in text.split(MULTI_SEP)]
        each = [passes(cond, item, plan) if item else cond.allow_empty for item in items]
        return True if True in each else (None if None in each else False)
    found = plan.parse_condition_date(cond, text)
    if found is None:
        return None
    if isinstance(cond.value, AsOfUntil):  # an enrolment on a break night keeping ended classes (break_kept)
        return cond.value.holds(found, plan.judged_on(cond), DATE_ORDER[cond.op])
    # `as_of`: the run's date, or the first day of the terms --term chose, when later (compile.TermReach)
    value = cond.value.date(plan.judged_on(cond)) if isinstance(cond.value, AsOf) else cond.value
    return DATE_ORDER[cond.op](found, value)


def kept_as_of(cond: ConditionPlan, text: str, plan: Plan) -> bool | None:
    """Whether the condition keeps a row's cell as of `plan`'s date, as mapping._admits judges it (a zero date
    read as blank; a blank kept where the condition allows it)."""
    text = text.strip()
    if zero_date(text):
        text = ""
    if not text and cond.allow_empty:
        return True
    return passes(cond, text, plan)


# The Draft.extra of an enrolment holding the text its rule's date condition number N read ("dates
# read:N"): a row naming a person tonight's set lacks is judged by them after the run, whether it
# ends tonight (pipeline.leavers), with no second read of the export.
DATES_READ = "dates read:"


def dates_read(rule: RulePlan) -> dict[str, tuple[Part, ...]]:
    """The extras an enrolment rule's drafts carry: what each of its date conditions reads."""
    if rule.table != "enrollments":
        return {}
    return {f"{DATES_READ}{i}": cond.parts for i, cond in enumerate(rule.where) if cond.op in DATE_ORDER}


def dates_of(extra: Mapping[str, str]) -> tuple[str, ...]:
    """The texts an enrolment's date conditions read (`dates_read`), in the rule's order."""
    found = [(key, text) for key, text in extra.items() if key.startswith(DATES_READ)]
    if len(found) > 1:  # (every kept enrolment row is counted so: the one-condition rule pays no sort)
        found.sort(key=lambda item: int(item[0][len(DATES_READ) :]))
    return tuple(text for _, text in found)


# A Draft.extra of an enrolment kept only as the term's last night kept it (`with_term`): one whose user
# tonight's set lacks (an export of active users no longer listing a student withdrawn with the term) goes
# with her, as on the night's first pass, not named as a row lost (validate, missing_rows' X882).
ENDED_WITH_TERM = "ended with the term"


def with_term(cond: ConditionPlan, text: str, plan: Plan) -> bool:
    """Whether an enrolment's date `text` (stripped) fails the condition tonight but ended with the
    term a break night keeps the classes of (compile.AsOfUntil.ended_with_term); False for any other
    condition. Such a row is the interpreter's: it is kept in a kept class only (mapping._admits)."""
    if not isinstance(cond.value, AsOfUntil) or not text or MULTI_SEP in text:
        return False
    found = plan.parse_condition_date(cond, text)
    return found is not None and cond.value.ended_with_term(found, plan.judged_on(cond), DATE_ORDER[cond.op])


def row_passes(cond: ConditionPlan, text: str, plan: Plan) -> bool | None:
    """`passes` as the generated code and the columnar engine judge a row they map without a word:
    None, the interpreter's, for a row that ended with the term on a break night keeping the ended
    term's classes (`with_term`): only the interpreter knows the row's class and person."""
    held = passes(cond, text, plan)
    return None if held and with_term(cond, text, plan) else held


def reversed_dates(
    start: str, end: str, plan: Plan, span: tuple[ConditionPlan, ConditionPlan] | None = None
) -> tuple[dt.date, dt.date] | None:
    """The start and end dates of a row (`RulePlan.span`'s cells, stripped) when the start is
    after the end: its dates are reversed (D376). None when they are in order, or not two dates.
    `span`: the start and end conditions, each read in its own order when it has one."""
    if not start or not end or MULTI_SEP in start or MULTI_SEP in end:
        return None
    if span is None:
        begins, ends = plan.parse_date(start), plan.parse_date(end)
    else:
        begins, ends = plan.parse_condition_date(span[0], start), plan.parse_condition_date(span[1], end)
    if begins is None or ends is None or begins <= ends:
        return None
    return begins, ends


def taken_from_row(text: str, when: ConditionPlan) -> bool:
    """Whether a column's `when` lets it take this row's value; a row failing it is neither left
    out nor reported (the column is empty). Text and number operators only: the profile checker
    refuses a date operator here."""
    text = text.strip()
    if not text and when.allow_empty:
        return True
    function = _FUNCTIONS.get(when.op)
    return function is not None and bool(function(text, when.value))
