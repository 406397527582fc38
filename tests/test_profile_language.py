"""What the profile language can say since issue 19 item 6: a grade span from two columns
(`span`), an org from fixed values with no export (`once`), and drop reasons in the profile's
own words (`because`)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.test_mapping import make_plan, rows, run
from transform import api
from transform.pipeline import spans
from transform.profile import check, load

GRADES = {
    "values": {"-1": "KG", "0": "KG", **{str(n): f"{n:02d}" for n in range(1, 13)}},
    "unmapped": "default",
    "default": "Other",
}


@pytest.mark.parametrize(
    ("low", "high", "steps", "expected"),
    [
        ("9", "12", (), ["9", "10", "11", "12"]),
        ("-1", "1", (), ["-1", "0", "1"]),  # Aeries: TK is -1, K is 0
        ("09", "10", (), ["09", "10"]),  # a zero-padded end pads every step
        (" 5 ", "5", (), ["5"]),
        ("", "", (), []),
        ("TK", "1", ("PK", "TK", "K", "1", "2"), ["TK", "K", "1"]),
        ("tk", "k", ("PK", "TK", "K"), ["TK", "K"]),
    ],
)
def test_a_span_is_every_step_between_its_ends(
    low: str, high: str, steps: tuple[str, ...], expected: list[str]
) -> None:
    assert spans.expand(low, high, steps) == (expected, "")


@pytest.mark.parametrize(
    ("low", "high", "steps"),
    [("12", "9", ()), ("9", "", ()), ("K", "5", ()), ("1_0", "12", ()), ("0", "999999", ()), ("X", "K", ("K", "1"))],
)
def test_a_span_without_steps_between_its_ends_says_why(low: str, high: str, steps: tuple[str, ...]) -> None:
    found, problem = spans.expand(low, high, steps)
    assert found == [] and problem


def test_a_class_grade_span_goes_through_the_map_step_by_step() -> None:
    plan = make_plan(
        {"from": "people", "columns": {"sourcedId": "{ID}", "grades": {"span": ["Status", "Code"], "map": "grades"}}},
        maps={"grades": GRADES},
    )
    out, report = run(
        plan,
        rows(
            ["1", "", "9", "", "", "12"],
            ["2", "", "-1", "", "", "2"],  # TK and K are both KG: once
            ["3", "", "12", "", "", "9"],  # backwards: blank, said
            ["4", "", "", "", "", ""],  # no span: blank, nothing to say
        ),
    )
    assert [v["grades"] for v in out] == ["09,10,11,12", "KG,01,02", "", ""]
    assert report.flatten("code", "line", "column") == [("D340", 4, "Status")]


def test_a_joined_span_read_by_many_rows_is_said_once() -> None:
    plan = make_plan(
        {
            "from": "people",
            "join": {"school": {"source": "schools", "on": {"School": "Number"}}},
            "columns": {"sourcedId": "{ID}", "grades": {"span": ["school.District", "school.Name"], "map": "grades"}},
        },
        maps={"grades": GRADES},
    )
    from transform.pipeline import lookups
    from transform.report.report import Report

    key = ("schools", ("number",))
    index = lookups.build_index(
        rows(["7", "K", "5"], header=["Number", "District", "Name"]),
        source="schools",
        key=key[1],
        columns=plan.join_needs[key],
        report=Report(),
    )
    out, report = run(plan, rows(["1", "", "", "", "7", ""], ["2", "", "", "", "7", ""]), {key: index})
    assert [v["grades"] for v in out] == ["", ""]
    assert report.counts["D340"] == 1


def write_profile(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / "p.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems_of(folder: Path, data: dict[str, Any]) -> list[str]:
    return [
        f"{p.code.id} {p.params.get('detail', '')}" for p in check.check(load.load(str(write_profile(folder, data))))
    ]


SOURCES = {"people": {"files": ["people.csv"], "columns": ["ID", "First", "Last", "LO", "HI", "Kind"]}}


def test_check_profile_knows_span_once_and_because(tmp_path: Path) -> None:
    base: dict[str, Any] = {"name": "t", "sources": SOURCES}
    ok = {
        **base,
        "settings": {"school_id": "1", "school_name": "One School"},
        "tables": {
            "orgs": {"school": {"once": True, "columns": {"sourcedId": {"setting": "school_id"}, "type": "school"}}},
            "users": {
                "people": {
                    "from": "people",
                    "where": {"kind": {"field": "{Kind}", "op": "not_equals", "value": "R", "because": "restrained"}},
                    "columns": {"sourcedId": "{ID}", "grades": {"span": ["LO", "HI"], "steps": ["K", "1"]}},
                }
            },
        },
    }
    assert problems_of(tmp_path, ok) == []
    wrong = {
        **base,
        "tables": {
            "orgs": {"school": {"once": True, "from": "people", "columns": {"sourcedId": "{ID}"}}},
            "users": {
                "people": {
                    "from": "people",
                    "where": {"k": {"field": "{Kind}", "op": "empty", "reason": "row-filtered", "because": "x"}},
                    "columns": {
                        "sourcedId": {"column": "ID", "span": ["LO", "HIGH"]},
                        "grades": {"column": "LO", "steps": ["K"]},
                    },
                }
            },
        },
    }
    found = problems_of(tmp_path, wrong)
    assert any("a once rule reads no export: it takes no from" in p for p in found)
    assert any("ID: a once rule reads no export" in p for p in found)
    assert any("give reason (a report code slug) or because" in p for p in found)
    assert any("exactly one of column, template, value, setting, span" in p for p in found)
    assert any("declares no column 'HIGH'" in p for p in found)
    assert any("steps: only with span" in p or "minItems" in p or "too short" in p for p in found)
    no_from = {**base, "tables": {"users": {"people": {"columns": {"sourcedId": "x"}}}}}
    assert any("'from' is a required property" in p for p in problems_of(tmp_path, no_from))


def single_school(tmp_path: Path) -> tuple[Path, Path]:
    """A single-school SIS with only a people export and a restrained-contact flag."""
    exports = tmp_path / "in"
    exports.mkdir()
    (exports / "people.csv").write_text(
        "ID,First,Last,LO,HI,Kind\r\n1,Ana,Ruiz,9,9,\r\n2,Ben,Ode,10,10,R\r\n3,Cy,Moe,11,11,\r\n", encoding="utf-8"
    )
    profile = write_profile(
        tmp_path,
        {
            "name": "one-school",
            "settings": {"school_id": "7", "school_name": "Hillside Academy"},
            "sources": SOURCES,
            "tables": {
                "orgs": {
                    "school": {
                        "once": True,
                        "columns": {
                            "sourcedId": {"setting": "school_id"},
                            "name": {"setting": "school_name"},
                            "type": "school",
                        },
                    }
                },
                "users": {
                    "people": {
                        "from": "people",
                        "where": {
                            "kind": {
                                "field": "{Kind}",
                                "op": "not_equals",
                                "value": "R",
                                "because": "restrained by court order",
                            }
                        },
                        "columns": {
                            "sourcedId": {"column": "ID", "clean": ["id"]},
                            "orgSourcedIds": {"setting": "school_id"},
                            "role": "student",
                            "username": "{ID}",
                            "givenName": "{First}",
                            "familyName": "{Last}",
                            "grades": {"span": ["LO", "HI"], "map": "grades"},
                        },
                    }
                },
            },
            "maps": {"grades": GRADES},
        },
    )
    return exports, profile


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_single_school_org_from_settings_and_a_reason_in_the_profiles_words(tmp_path: Path) -> None:
    exports, profile = single_school(tmp_path)
    out, explain = tmp_path / "out", tmp_path / "explain.csv"
    result = api.run(
        api.RunOptions(
            profile=str(profile),
            in_dir=exports,
            out_dir=out,
            as_of=dt.date(2026, 10, 15),
            explain=explain,
            users_only=True,
        )
    )
    assert result.exit_status == 0
    assert [(o["sourcedId"], o["name"], o["type"]) for o in read(out / "orgs.csv")] == [
        ("7", "Hillside Academy", "school")
    ]
    users = {u["sourcedId"]: u for u in read(out / "users.csv")}
    assert sorted(users) == ["1", "3"] and users["1"]["orgSourcedIds"] == "7" and users["3"]["grades"] == "11"
    dropped = [(p.code.id, p.params["reason"]) for p in result.report.examples["F423"]]
    assert dropped == [("F423", "restrained by court order")] and "F409" not in result.report.counts
    left_out = read(explain)
    assert [(r["code"], r["reason"], r["line"]) for r in left_out] == [("F423", "restrained by court order", "3")]
    assert "restrained by court order" in left_out[0]["detail"]


def test_a_map_that_drops_can_say_why_in_the_profiles_words() -> None:
    plan = make_plan(
        {"from": "people", "columns": {"sourcedId": "{ID}", "role": {"column": "Code", "map": "roles"}}},
        maps={"roles": {"values": {"t": "teacher"}, "unmapped": "drop", "because": "not classroom staff"}},
    )
    out, report = run(plan, rows(["1", "", "", "", "", "t"], ["2", "", "", "", "", "janitor"]))
    assert [v["sourcedId"] for v in out] == ["1"]
    assert [(p.code.id, p.params["reason"]) for p in report.examples["F423"]] == [("F423", "not classroom staff")]
