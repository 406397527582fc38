"""Every bundled profile loads clean, is listed, answers to its aliases and has a golden fixture."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES
from tests.doc_profiles import case_profile
from transform import api
from transform.profile import load

BUNDLED = load.bundled_names()
REMIND_NAMES = {
    "powerschool",
    "infinite-campus",
    "skyward-sms",
    "skyward-qmlativ",
    "synergy",
    "eschoolplus",
    "illuminate",
    "facts",
    "focus",
    "progressbook",
    "oneroster",
    "clever",
    "sds",
}


def test_every_system_remind_names_has_a_profile() -> None:
    assert set(BUNDLED) >= REMIND_NAMES


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_profile_checks_clean_and_says_what_it_reads(name: str) -> None:
    loaded, problems = api.check_profile(name)
    assert not problems, [str(p) for p in problems]
    assert loaded is not None and loaded.data["name"] == name
    assert loaded.data.get("title")


@functools.cache
def _case_profiles() -> dict[str, set[Path]]:
    """Bundled profile -> the golden cases that run it (directly or through a district profile)."""
    used: dict[str, set[Path]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for case in FIXTURES.glob("*/*/case.yaml"):
            ref = yaml.safe_load(case.read_text(encoding="utf-8"))["profile"]
            names = {pf.data.get("name") for pf in load.load(case_profile(case.parent, ref, Path(scratch))).chain}
            for name in names:
                used.setdefault(str(name), set()).add(case.parent)
    return used


@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_profile_has_a_golden_fixture_of_its_own(name: str) -> None:
    cases = _case_profiles().get(name, set())
    own = [c for c in cases if c.parent.name == name]
    assert own, f"no fixtures/{name}/<case>/case.yaml runs the {name} profile"
    assert all((c / "expected" / "report.txt").is_file() for c in own)


@pytest.mark.parametrize(
    ("alias", "name"),
    [("ims", "oneroster"), ("renweb", "facts"), ("qmlativ", "skyward-qmlativ"), ("campus", "infinite-campus")],
)
def test_aliases_resolve_to_the_bundled_profile(alias: str, name: str) -> None:
    assert load.resolve(alias) == load.bundled_path(name)
    assert load.load(alias).data["name"] == name


def test_profiles_doc_reference_is_generated_from_the_schema() -> None:
    from transform.profile.docs import BEGIN, reference_markdown

    text = (Path(__file__).parents[1] / "docs" / "profiles.md").read_text(encoding="utf-8")
    assert text[text.index(BEGIN) :] == reference_markdown(), "run: python -m transform.profile.docs"
    for name in BUNDLED:
        assert f"`{name}`" in text, f"docs/profiles.md does not list {name}"


def _same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (True == 1, but not here)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(k, k2) and _same(a[k], b[k2]) for k, k2 in zip(a, b, strict=True))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def _nodes(node: yaml.Node) -> list[tuple[object, ...]]:
    """Every node of a tree in order: its kind, tag, scalar value and where it starts and ends."""
    here = (
        type(node).__name__,
        node.tag,
        node.value if isinstance(node, yaml.ScalarNode) else None,
        (node.start_mark.line, node.start_mark.column),
        (node.end_mark.line, node.end_mark.column),
    )
    if isinstance(node, yaml.MappingNode):
        return [here, *(n for pair in node.value for part in pair for n in _nodes(part))]
    if isinstance(node, yaml.SequenceNode):
        return [here, *(n for item in node.value for n in _nodes(item))]
    return [here]


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("name", BUNDLED)
def test_libyaml_reads_each_bundled_profile_as_the_profile_loader_does(name: str) -> None:
    """Bundled profiles are parsed by libyaml (a tenth of the time): the same data, and every
    node at the same line and column, so that a problem is reported at the same place."""
    path = load.bundled_path(name)
    assert path is not None
    text = path.read_text(encoding="utf-8-sig")
    fast = load._parse_bundled(path, text)
    assert fast is not None, "the bundled profile did not take the libyaml path"
    loader = load.ProfileLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    assert _same(fast[0], data)
    assert _nodes(fast[1]) == _nodes(node)
    assert _same(yaml.load(text, Loader=load.SafeLoader), yaml.safe_load(text))  # bundled_aliases
    assert _nodes(load._parse(path, display=name).node) == _nodes(node)


def test_a_profile_outside_the_bundled_folder_is_read_by_the_profile_loader(tmp_path: Path) -> None:
    path = load.bundled_path("powerschool")
    assert path is not None
    copy = tmp_path / "powerschool.yaml"
    copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load._parse_bundled(copy, copy.read_text(encoding="utf-8")) is None
