"""A column's literal value, whatever form the profile writes it in (review127 R7).

`role: teacher` is parsed as a template of no placeholder, `{value: teacher}` and `{setting: NAME}`
as `fixed`: code reading a rule's role from `fixed` alone missed the plain form every bundled
profile writes (keep_out_rows counted a teacher's new enrolment against the students' condition,
unheld_classes named the first users export whatever the role, school_classes counted a teachers'
rule's join misses as students')."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any, cast

import pytest

from transform.oneroster.spec import REMIND
from transform.pipeline import school_classes, unheld_classes
from transform.profile import load
from transform.profile.compile import Choices, ColumnPlan, MapPlan, _column, compile_plan


@pytest.mark.parametrize(
    ("spec", "literal"),
    [
        ("teacher", "teacher"),
        ({"template": "teacher"}, "teacher"),
        ({"value": "teacher"}, "teacher"),
        ({"setting": "role"}, "teacher"),
        ({"column": "Role"}, None),
        ("{Role}", None),
        ("T{Role}", None),
        ({"value": "teacher", "when": {"field": "{Role}", "op": "eq", "value": "T"}}, None),
    ],
)
def test_every_literal_form_reads_alike(spec: Any, literal: str | None) -> None:
    assert _column("role", spec, {}, {"role": "teacher"}, cast(Any, None)).literal == literal


def test_a_literal_through_a_map_is_the_maps_not_the_profiles() -> None:
    mapped = MapPlan("roles", {"t": "teacher"}, "keep", "", None)
    assert ColumnPlan("role", fixed="T", map=mapped).literal is None


def test_a_role_read_from_a_column_through_a_map_may_be_a_student() -> None:
    """school_classes: a `{column: ..., map: ...}` role (no parts) read as a literal "" before its map."""
    mapped = MapPlan("roles", {"s": "student"}, "keep", "", None)
    read = _column("role", {"column": "Role"}, {}, {}, cast(Any, None))
    rule = SimpleNamespace(columns=(ColumnPlan("role", first_of=read.first_of, map=mapped),))
    assert school_classes._may_be_student(cast(Any, rule))


def test_each_role_of_a_bundled_profile_names_its_own_export() -> None:
    """unheld_classes.people_exports: Skyward's `role: student` and `role: teacher` (plain) each name
    their export; read from `fixed` alone both were "" and the first export stood for both."""
    plan = compile_plan(load.load("skyward-sms").data, target=REMIND, choices=Choices(as_of=dt.date(2026, 12, 1)))
    sources = {rule.source: SimpleNamespace(display=f"{rule.source}.csv") for rule in plan.rules["users"]}
    found = unheld_classes.people_exports(plan, cast(Any, sources))
    assert found["student"] == "students.csv" and found["teacher"] == "staff.csv"
