"""The JSON report: valid against the schema that ships with the package, redactable."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import FIXTURES
from transform import api


@pytest.mark.parametrize(
    ("case", "profile"), [("district", "powerschool"), ("messy", str(FIXTURES / "powerschool/messy/district.yaml"))]
)
@pytest.mark.parametrize("redact", [False, True])
def test_report_matches_its_schema(tmp_path: Path, case: str, profile: str, redact: bool) -> None:
    result = api.run(
        api.RunOptions(
            profile=profile,
            in_dir=FIXTURES / "powerschool" / case / "in",
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
        )
    )
    schema = json.loads(resources.files("transform.report").joinpath("report.schema.json").read_text("utf-8"))
    document = json.loads(result.report.to_json(redact=redact))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["totals"]["dropped"] == sum(p["count"] for p in document["problems"] if p["action"] == "drop-row")


def test_redaction_removes_values_but_keeps_places(tmp_path: Path) -> None:
    result = api.run(
        api.RunOptions(
            profile=str(FIXTURES / "powerschool/messy/district.yaml"),
            in_dir=FIXTURES / "powerschool/messy/in",
            out_dir=tmp_path / "out",
            as_of=dt.date(2026, 10, 15),
        )
    )
    text = result.report.to_json(redact=True)
    for personal in ("not-an-email", "+44 20", "1/1/2030", "Lucky", "Miller", "ann@s.messy"):
        assert personal not in text
    assert '"line": 15' in text and '"000117"' in text


def test_a_failed_run_report_is_still_valid(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    result = api.run(
        api.RunOptions(
            profile="powerschool", in_dir=tmp_path / "in", out_dir=tmp_path / "out", as_of=dt.date(2026, 10, 15)
        )
    )
    document = json.loads(result.report.to_json())
    assert document["published"] is False
    assert {p["code"] for p in document["problems"]} == {"I200"}


def test_a_value_said_once_with_its_rows_is_the_same_through_a_worker() -> None:
    """`add_tally` (a value not in a map: one line per value, every row counted) in one process,
    and recorded by a worker then replayed in the main process, with the examples full midway."""
    from transform.report import codes
    from transform.report.problem import Where
    from transform.report.report import Event, Report

    code = codes.code("value-unmapped")
    found = [("Secretary", 3), ("Nurse", 4), ("Secretary", 5), ("Coach", 6), ("Nurse", 7)]

    def tally(report: Report) -> None:
        for value, line in found:
            where = Where("staff.csv", line, "Title")
            report.add_tally((value,), code, where, field="users.role", value=value, map="staff_roles", default="aide")

    one, two, events = Report(max_examples=2), Report(max_examples=2), list[Event]()
    tally(one)
    two.recorder = events.append
    tally(two)
    two.recorder = None
    for event in events:
        two.replay(event)
    for report in (one, two):
        assert report.counts["D302"] == 5
        assert [(p.where.line, p.params["value"], p.params["rows"]) for p in report.examples["D302"]] == [
            (3, "Secretary", 2),
            (4, "Nurse", 2),
        ]
