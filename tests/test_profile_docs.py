"""The key reference of docs/profiles.md (issue 19.5): every key and sub-key of the profile
schema, each with a description and an example that the schema accepts. A key added to the
schema without them fails here, and one the reference would not show fails too."""

from __future__ import annotations

import copy
from typing import Any

import jsonschema
import pytest

from transform.profile import docs
from transform.profile.check import schema


def _keys() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{path}/properties/{key}", spec)
        for path, node in docs.keyed_objects()
        for key, spec in node["properties"].items()
    ]


def test_every_key_has_a_description_and_an_example() -> None:
    assert docs.undocumented(schema()) == []


def test_a_key_without_a_description_or_an_example_is_named() -> None:
    """What the check above catches: here, a sub-key of a guardian and a new settings key."""
    changed = copy.deepcopy(schema())
    del changed["$defs"]["rule_users"]["properties"]["guardian"]["properties"]["household"]["examples"]
    changed["$defs"]["settings"]["properties"]["new_key"] = {"type": "string", "examples": ["x"]}
    assert docs.undocumented(changed) == [
        "/$defs/settings/properties/new_key: no description",
        "/$defs/rule_users/properties/guardian/properties/household: no examples",
    ]


@pytest.mark.parametrize(("path", "spec"), _keys(), ids=[path for path, _ in _keys()])
def test_every_example_is_valid_for_its_key(path: str, spec: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator({**spec, "$defs": schema()["$defs"]})
    for example in spec.get("examples", ()):
        assert not list(validator.iter_errors(example)), (path, example)


def test_the_reference_shows_every_key_of_every_object() -> None:
    sections = docs.sections()
    shown = {node: section for section in sections for node in section.nodes}
    markdown = docs.reference_markdown()
    for path, node in docs.keyed_objects():
        assert id(node) in shown, f"{path or '/'} is in no section of the reference"
        section = shown[id(node)]
        assert set(node["properties"]) <= set(section.rows), (path, section.title)
        assert f"### `{section.title}`" in markdown
        for key in node["properties"]:
            assert f"| `{key}`" in markdown


def test_the_sub_keys_the_issue_names_are_documented_with_examples() -> None:
    """Issue 19.5: guardian, each, combine, current_term, exclude_classes and district_id,
    whose district org was undocumented."""
    titles = {section.title: section for section in docs.sections()}
    guardian = titles["tables.users.RULE.guardian"]
    assert set(guardian.rows) >= {"student", "contact", "household", "id", "prefix", "link_where"}
    assert {"lists"} <= set(titles["tables.TABLE.RULE.combine"].rows)
    assert {"start", "end", "window_days", "undated"} <= set(titles["filters.current_term"].rows)
    assert {"patterns", "available", "use", "flags", "keep"} <= set(titles["filters.exclude_classes"].rows)
    assert {"field", "values"} <= set(titles["filters.exclude_classes.keep"].rows)
    rule = titles["tables.TABLE.RULE"]
    assert rule.rows["each"].example.startswith("`each: {mother:")
    assert "(only in users)" in docs.reference_markdown().split("| `guardian` |")[1].split("\n")[0]
    district = titles["settings"].rows["district_id"]
    assert "district org" in district.description and "parentSourcedId" in district.description
    for section in titles.values():
        for row in section.rows.values():
            assert row.description and row.example, (section.title, row.key)
