"""A profile's YAML error is named where the admin must look, in the console, the JSON and the
page (tester63 F5): `schools: [100, 200` with no ']' was said at the next line (PyYAML's problem
mark), the JSON put "bad.yaml:6:8" into `file` with line 0, and the page named no place at all."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema

from tests.test_html_report import SAMPLE, transform

PROFILE = "name: district\nextends: powerschool\nsettings:\n  max_removal: 20\n  schools: [100, 200\nsources: {}\n"


def test_an_unclosed_bracket_is_named_at_its_line_and_character(tmp_path: Path) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    checked = transform("check-profile", profile)
    said = checked.stdout + checked.stderr
    assert checked.returncode == 2 and "bad.yaml:5:12: P101 profile-yaml-syntax" in said, said
    assert "what opens at line 5, character 12, is not closed on its line" in said
    assert "bad.yaml:6:" not in said


def test_the_report_and_the_page_give_the_line_and_character_their_own_fields(tmp_path: Path) -> None:
    profile = tmp_path / "bad.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    report, page = tmp_path / "r.json", tmp_path / "r.html"
    done = transform("--profile", profile, SAMPLE, tmp_path / "out", "--report", report, "--html", page)
    assert done.returncode == 2
    document = json.loads(report.read_text(encoding="utf-8"))
    schema = json.loads(resources.files("transform.report").joinpath("report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    (example,) = next(p for p in document["problems"] if p["code"] == "P101")["examples"]
    assert Path(example["file"]).name == "bad.yaml" and ":" not in Path(example["file"]).name
    assert (example["line"], example["char"], example["column"]) == (5, 12, "")
    verdict = page.read_text(encoding="utf-8").split("<dl>", 1)[0]
    assert "bad.yaml:5:12: P101 profile-yaml-syntax: YAML syntax" in verdict  # as the console says it (F11)
