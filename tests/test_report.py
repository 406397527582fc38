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
