"""The `where` operators: one table of cases through the interpreter and the generated code,
and generated code a traceback can show."""

from __future__ import annotations

import datetime as dt
import inspect
import traceback
from typing import Any

import pytest

from transform.oneroster.spec import REMIND
from transform.pipeline import conditions, fastpath
from transform.profile.compile import Choices, Plan, compile_plan

AS_OF = dt.date(2026, 10, 15)
HEADER = {"id": 0, "status": 1}

# (op, value, the field's text, passes): True passes, False fails, None a date the formats
# (%m/%d/%Y) do not read. Every operator the profile schema offers is here.
CASES: list[tuple[str, Any, str, bool | None]] = [
    ("equals", "a", "A", True),
    ("equals", "a", " a ", True),
    ("equals", "a", "b", False),
    ("not_equals", "a", "b", True),
    ("not_equals", "a", "a", False),
    ("in", ["b", "C"], "c", True),
    ("in", ["b", "C"], "a", False),
    ("not_in", ["a"], "b", True),
    ("not_in", ["a"], "A", False),
    ("matches", "^[ac]$", "C", True),
    ("matches", "^[ac]$", "b", False),
    ("matches", "x", "a" * 1000 + "x", False),  # a pattern sees the first 1000 characters
    ("not_matches", "a", "b", True),
    ("not_matches", "a", "cat", False),
    ("empty", None, "", True),
    ("empty", None, "   ", True),
    ("empty", None, "a", False),
    ("not_empty", None, "a", True),
    ("not_empty", None, "", False),
    ("lt", 5, "4.5", True),
    ("lt", 5, "5", False),
    ("lt", 5, "x", None),  # no number: not judged, a data problem of the row (D332, tester49 F4)
    ("lt", 5, "", False),
    ("le", 5, "5", True),
    ("le", 5, "5.01", False),
    ("le", 5, "nan", None),
    ("gt", 5, "6", True),
    ("gt", 5, "5", False),
    ("gt", 5, "five", None),
    ("ge", 5, " 5 ", True),
    ("ge", 5, "-5", False),
    ("date_lt", "2026-10-01", "09/30/2026", True),
    ("date_lt", "2026-10-01", "10/01/2026", False),
    ("date_lt", "2026-10-01", "not a date", None),
    ("date_le", "as_of", "10/15/2026", True),
    ("date_le", "as_of", "10/16/2026", False),
    ("date_gt", "as_of", "10/16/2026", True),
    ("date_gt", "as_of", "10/15/2026", False),
    ("date_gt", "as_of", "13/45/2026", None),
    ("date_ge", "2026-10-15", "10/15/2026", True),
    ("date_ge", "2026-10-15", "10/14/2026", False),
]


def _plan(op: str, value: Any) -> Plan:
    condition = {"field": "{Status}", "op": op, **({"value": value} if value is not None else {})}
    data = {
        "name": "t",
        "settings": {"date_formats": ["%m/%d/%Y"]},
        "sources": {"people": {"files": ["p.txt"], "columns": ["ID", "Status"]}},
        "tables": {"users": {"r": {"from": "people", "where": {"c": condition}, "columns": {"sourcedId": "{ID}"}}}},
    }
    return compile_plan(data, target=REMIND, choices=Choices(as_of=AS_OF))


def test_the_table_covers_every_operator() -> None:
    assert {op for op, *_ in CASES} == set(conditions.OPERATORS)


@pytest.mark.parametrize(("op", "value", "text", "expected"), CASES)
def test_the_interpreter_and_the_generated_code_agree(op: str, value: Any, text: str, expected: bool | None) -> None:
    plan = _plan(op, value)
    rule = plan.rules["users"][0]
    assert conditions.passes(rule.where[0], text.strip(), plan) is expected
    fast = fastpath.compile_rule(rule, plan, {}, HEADER, conditions.passes)
    # The generated code keeps a row that passes; any other goes to the interpreter (None),
    # which reports why it is left out.
    assert (fast(["1", text]) is not None) is (expected is True)


def test_a_traceback_in_a_generated_rule_shows_its_source() -> None:
    plan = _plan("equals", "a")
    fast = fastpath.compile_rule(plan.rules["users"][0], plan, {}, HEADER, conditions.passes)
    assert "def fast(c):" in inspect.getsource(fast)
    with pytest.raises(IndexError) as raised:
        fast([])  # a row without its cells: the generated line reading a cell fails
    frame = traceback.extract_tb(raised.value.__traceback__)[-1]
    assert frame.filename.startswith("<rule users.r ")
    assert frame.line is not None and "c[1]" in frame.line


def test_the_generated_checks_show_their_source() -> None:
    passes = fastpath.compile_checks(
        "users", required=("sourcedId",), allowed=[], references=[], kept={}, contact_roles=None
    )
    assert "return True" in inspect.getsource(passes)
