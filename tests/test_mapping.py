"""The mapping stage on in-memory rows: where conditions, joins, maps, templates, combine."""

from __future__ import annotations

import datetime as dt
import gc
import weakref
from typing import Any

import pytest

from transform.oneroster.spec import REMIND
from transform.pipeline import conditions, fastpath, lookups
from transform.pipeline.combine import combine_rows
from transform.pipeline.mapping import map_rows
from transform.pipeline.rows import Indexes, SourceRow
from transform.profile.compile import Choices, Plan, compile_plan
from transform.report.report import Report

AS_OF = dt.date(2026, 10, 15)


def make_plan(rule: dict[str, Any], *, maps: dict[str, Any] | None = None) -> Plan:
    data = {
        "name": "t",
        "settings": {"date_formats": ["%m/%d/%Y"]},
        "sources": {
            "people": {"files": ["p.txt"], "columns": ["ID", "Name", "Status", "Left", "School", "Code"]},
            "schools": {"files": ["s.txt"], "columns": ["Number", "District", "Name"]},
        },
        "maps": maps or {},
        "tables": {"users": {"r": rule}},
    }
    return compile_plan(data, target=REMIND, choices=Choices(as_of=AS_OF))


PEOPLE = ["ID", "Name", "Status", "Left", "School", "Code"]


def rows(*cells: list[str], header: list[str] = PEOPLE) -> list[SourceRow]:
    index = {h.lower(): i for i, h in enumerate(header)}
    return [SourceRow("p.txt", n + 2, list(c), index) for n, c in enumerate(cells)]


Values = list[dict[str, str]]


def run(plan: Plan, source_rows: list[SourceRow], indexes: Indexes | None = None) -> tuple[Values, Report]:
    report = Report()
    rule = plan.rules["users"][0]
    drafts = list(map_rows(source_rows, rule=rule, plan=plan, indexes=indexes or {}, extras={}, report=report))
    return [d.values for d in drafts], report


@pytest.mark.parametrize(
    ("condition", "kept"),
    [
        ({"op": "equals", "value": "a"}, ["1", "2"]),  # case-insensitive
        ({"op": "not_equals", "value": "a"}, ["3", "4"]),
        ({"op": "in", "value": ["b", "C"]}, ["3"]),
        ({"op": "not_in", "value": ["a"]}, ["3", "4"]),
        ({"op": "matches", "value": "^[ac]$"}, ["1", "2", "3"]),
        ({"op": "not_matches", "value": "a"}, ["3", "4"]),
        ({"op": "empty"}, ["4"]),
        ({"op": "not_empty"}, ["1", "2", "3"]),
    ],
)
def test_text_conditions(condition: dict[str, Any], kept: list[str]) -> None:
    plan = make_plan(
        {"from": "people", "where": {"c": {"field": "{Status}", **condition}}, "columns": {"sourcedId": "{ID}"}}
    )
    out, report = run(
        plan,
        rows(
            ["1", "", "a", "", "", ""],
            ["2", "", "A", "", "", ""],
            ["3", "", "c", "", "", ""],
            ["4", "", "", "", "", ""],
        ),
    )
    assert [v["sourcedId"] for v in out] == kept
    assert report.counts["D301"] == 4 - len(kept)


def test_numeric_and_date_conditions_with_as_of() -> None:
    plan = make_plan(
        {
            "from": "people",
            "where": {
                "positive": {"field": "{Code}", "op": "ge", "value": 0, "reason": "dropped-enrollment"},
                "open": {
                    "field": "{Left}",
                    "op": "date_gt",
                    "value": "as_of",
                    "allow_empty": True,
                    "reason": "enrollment-ended",
                },
            },
            "columns": {"sourcedId": "{ID}"},
        }
    )
    out, report = run(
        plan,
        rows(
            ["1", "", "", "10/16/2026", "", "5"],
            ["2", "", "", "10/15/2026", "", "5"],
            ["3", "", "", "", "", "-5"],
            ["4", "", "", "", "", "x"],
            ["5", "", "", "", "", "0"],
            ["6", "", "", "31/31/2026", "", "1"],
        ),
    )
    assert [v["sourcedId"] for v in out] == ["1", "5"]
    # "x" is no number: not a dropped enrolment (F402) but a data problem of the row (D332, tester49 F4)
    assert report.flatten("code", "line") == [("D313", 7), ("D332", 5), ("F402", 4), ("F403", 3)]


def test_composite_join_template_and_missing_match() -> None:
    plan = make_plan(
        {
            "from": "people",
            "join": {"school": {"source": "schools", "on": {"School": "Number", "Code": "District"}}},
            "columns": {"sourcedId": "{ID}", "givenName": "{Name} at {school.Name}"},
        }
    )
    schools = rows(
        ["7", "A", "North"],
        ["7", "B", "South"],
        ["7", "B", "Dup"],
        ["7", "A", "North"],
        header=["Number", "District", "Name"],
    )
    report = Report()
    key = ("schools", ("number", "district"))
    index = lookups.build_index(schools, source="schools", key=key[1], columns=plan.join_needs[key], report=report)
    # (7, A) again with the same data joins as one; (7, B) again with other data joins nothing
    assert report.flatten("code", "line") == [("D314", 5), ("D327", 4)]
    out, report = run(
        plan,
        rows(["1", "Ann", "", "", "7", "B"], ["2", "Bo", "", "", "7", "Z"], ["3", "Cy", "", "", "7", "A"]),
        {key: index},
    )
    assert out == [{"sourcedId": "3", "givenName": "Cy at North"}]
    assert report.flatten("code", "line") == [("D300", 2), ("D300", 3)]


@pytest.mark.parametrize("rule_uses_fastpath", [True, False])
def test_an_optional_join_with_dangling_drop_leaves_out_a_key_naming_no_row(rule_uses_fastpath: bool) -> None:
    """`dangling: drop`: a filled-in key naming no row of a source that has rows leaves the row
    out (D300), by the generated function and the interpreter alike; a blank key joins nothing,
    and a source with no rows makes no key dangling."""
    join = {"source": "schools", "on": {"School": "Number"}, "required": False, "dangling": "drop"}
    plan = make_plan(
        {
            "from": "people",
            "join": {"school": join},
            # {out.…} in a column sends every row to the interpreter
            "columns": {"sourcedId": "{ID}", "givenName": "{school.Name}" if rule_uses_fastpath else "{out.sourcedId}"},
        }
    )
    key = ("schools", ("number",))
    schools = rows(["7", "A", "North"], header=["Number", "District", "Name"])
    index = lookups.build_index(schools, source="schools", key=key[1], columns=plan.join_needs[key], report=Report())
    people = rows(["1", "", "", "", "7", ""], ["2", "", "", "", "9", ""], ["3", "", "", "", "", ""])
    out, report = run(plan, people, {key: index})
    assert [v["sourcedId"] for v in out] == ["1", "3"]
    assert report.flatten("code", "line") == [("D300", 3)]
    assert "dangling reference" in report.examples["D300"][0].message
    empty = lookups.build_index([], source="schools", key=key[1], columns=plan.join_needs[key], report=Report())
    out, report = run(plan, people, {key: empty})
    assert [v["sourcedId"] for v in out] == ["1", "2", "3"] and not report.counts


def test_a_join_miss_finds_an_index_key_differing_only_by_leading_zeros_or_letter_case() -> None:
    schools = rows(
        ["0300", "A", "North"],
        ["7", "B", "South"],
        ["00", "C", "Zero"],
        ["ab12", "D", "East"],
        header=["Number", "District", "Name"],
    )
    index = lookups.build_index(schools, source="schools", key=("number",), columns=("name",), report=Report())
    assert lookups.written_twin(index, ("300",)) == (("0300",), "leading zeros")
    assert lookups.written_twin(index, ("007",)) == (("7",), "leading zeros")
    assert lookups.written_twin(index, ("0",)) == (("00",), "leading zeros")
    assert lookups.written_twin(index, ("AB12",)) == (("ab12",), "letter case")
    assert lookups.written_twin(index, ("0AB12",)) == (("ab12",), "leading zeros and letter case")
    assert lookups.written_twin(index, ("0300",)) is None  # the key itself: no twin
    assert lookups.written_twin(index, ("3000",)) is None


class _Rows(dict[Any, Any]):
    """An index's rows that can be weakly referenced (a plain dict cannot)."""


def test_a_generated_function_lets_go_of_its_join_index_without_the_garbage_collector() -> None:
    # A function defined in the namespace it reads is a reference cycle: the join index among its
    # constants (150 MB at a million students) would stay until the collector's next full pass.
    plan = make_plan(
        {
            "from": "people",
            "join": {"school": {"source": "schools", "on": {"School": "Number"}}},
            "columns": {"sourcedId": "{ID}", "givenName": "{Name} at {school.Name}"},
        }
    )
    key = ("schools", ("number",))
    index = lookups.build_index(
        rows(["7", "A", "North"], header=["Number", "District", "Name"]),
        source="schools",
        key=key[1],
        columns=plan.join_needs[key],
        report=Report(),
    )
    index.rows = _Rows(index.rows)
    held = weakref.ref(index.rows)
    checked = _Rows(users={"1"})
    checks_held = weakref.ref(checked)
    gc.disable()
    try:
        fast = fastpath.compile_rule(
            plan.rules["users"][0], plan, {key: index}, rows(["1"])[0].index, conditions.passes
        )
        assert fast(["1", "Ann", "", "", "7", ""]) == {"sourcedId": "1", "givenName": "Ann at North"}
        passes = fastpath.compile_checks(
            "users",
            required=("sourcedId",),
            allowed=[],
            references=[("sourcedId", "users", False)],
            kept=checked,
            contact_roles=None,
        )
        assert passes({"sourcedId": "1"}) and not passes({"sourcedId": "2"})
        del fast, index, passes, checked
        assert held() is None and checks_held() is None
    finally:
        gc.enable()


def test_column_first_of_map_and_cleaners() -> None:
    maps = {
        "status": {"values": {"a": "teacher", "b": "aide"}, "unmapped": "drop", "reason": "role-not-rostered"},
        "grades": {"values": {"1": "01"}, "unmapped": "default", "default": "Other"},
    }
    plan = make_plan(
        {
            "from": "people",
            "columns": {
                "sourcedId": {"column": ["Code", "ID"], "clean": ["id"]},
                "role": {"column": "Status", "map": "status"},
                "grades": {"column": "School", "map": "grades"},
                "givenName": {"column": "Name", "clean": ["name"]},
                "username": {"value": "fixed"},
            },
        },
        maps=maps,
    )
    out, report = run(
        plan,
        rows(["1", ' Ann  "A" ', "A", "", "1", ""], ["2", "Bo", "b", "", "9", "C9"], ["3", "Cy", "x", "", "1", ""]),
    )
    assert out == [
        {"sourcedId": "1", "role": "teacher", "grades": "01", "givenName": "Ann A", "username": "fixed"},
        {"sourcedId": "C9", "role": "aide", "grades": "Other", "givenName": "Bo", "username": "fixed"},
    ]
    assert report.flatten("code", "line", "column") == [
        ("D302", 3, "School"),
        ("D309", 2, "Name"),
        ("F408", 4, "Status"),
    ]


def test_a_column_list_passes_over_a_cell_its_cleaners_refuse() -> None:
    """`column: [A, B]` takes the first cell the cleaners keep: an email that is no address
    (D308, said) gives way to the next column's, as an empty cell does (tester28 R5). A cell
    whose cleaner leaves the row out is not passed over."""
    plan = make_plan(
        {
            "from": "people",
            "columns": {
                "sourcedId": {"column": ["Code", "ID"], "clean": ["id"]},
                "role": {"value": "teacher"},
                "email": {"column": ["Name", "Left"], "clean": ["email"]},
                "username": {"column": ["Status", "ID"], "clean": ["username"]},
            },
        }
    )
    out, report = run(
        plan,
        rows(
            ["1", "ann@x.org", "none@none.com", "b@x.org", "", ""],
            ["2", "03/22/2017", "bo", "bo@x.org", "", ""],
            ["3", "cy@x", "cy@pin", "", "", ""],
        ),
    )
    assert [(v["email"], v["username"]) for v in out] == [("ann@x.org", "1"), ("bo@x.org", "bo"), ("", "3")]
    assert report.flatten("code", "line", "column") == [
        ("D308", 3, "Name"),
        ("D308", 4, "Name"),
        ("D385", 2, "Status"),
        ("D385", 4, "Status"),
    ]


def test_combine_unites_lists_and_notes_conflicts() -> None:
    plan = make_plan(
        {"from": "people", "columns": {"sourcedId": "{ID}", "orgSourcedIds": "{School}", "givenName": "{Name}"}}
    )
    report = Report()
    drafts = list(
        map_rows(
            rows(
                ["T1", "Maria", "", "", "100", ""], ["T2", "Al", "", "", "100", ""], ["T1", "María", "", "", "200", ""]
            ),
            rule=plan.rules["users"][0],
            plan=plan,
            indexes={},
            extras={},
            report=Report(),
        )
    )
    combined = list(combine_rows(drafts, lists=("orgSourcedIds",), report=report))
    assert [(d.values["sourcedId"], d.values["orgSourcedIds"], d.values["givenName"]) for d in combined] == [
        ("T1", "100,200", "Maria"),
        ("T2", "100", "Al"),
    ]
    assert report.flatten("code", "line", "column") == [("D329", 4, "givenName")]


def test_combine_keeps_the_same_value_whatever_the_rows_order() -> None:
    """Two rows of one person that disagree: the lower value is kept in either order (issue 22); a
    name, as a whole name (D329)."""
    plan = make_plan(
        {"from": "people", "columns": {"sourcedId": "{ID}", "orgSourcedIds": "{School}", "givenName": "{Name}"}}
    )
    first, second = ["T1", "Zoe", "", "", "100", ""], ["T1", "Ann", "", "", "200", ""]
    kept = []
    for ordered in ([first, second], [second, first]):
        report = Report()
        drafts = list(
            map_rows(rows(*ordered), rule=plan.rules["users"][0], plan=plan, indexes={}, extras={}, report=Report())
        )
        [combined] = list(combine_rows(drafts, lists=("orgSourcedIds",), report=report))
        kept.append((combined.values["givenName"], sorted(combined.values["orgSourcedIds"].split(","))))
        [conflict] = report.examples["D329"]
        assert (conflict.params["kept"], conflict.params["value"]) == ("Ann", "Zoe")
    assert kept == [("Ann", ["100", "200"])] * 2
