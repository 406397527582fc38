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
