"""The maintainers' docs stay true: every path docs/architecture.md names exists, and the
cleaner list in docs/profiles.md is the registry's."""

from __future__ import annotations

import re
from pathlib import Path

from transform.profile.docs import CLEANERS_BEGIN, CLEANERS_END, cleaners_markdown, section

ROOT = Path(__file__).resolve().parents[1]
# A repository path as the page writes it: under one of the top folders, or a top-level file.
_PATH = re.compile(r"(?<![\w/.-])((?:transform|tests|docs|profiles|fixtures)/[\w./-]*[\w/]|[\w-]+\.(?:toml|md))")


def named_paths(text: str) -> set[str]:
    return {m.group(1).rstrip("/") for m in _PATH.finditer(text)}


def test_every_path_in_the_architecture_page_exists() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    paths = named_paths(text)
    # Seen: the recipes name the files a change touches.
    assert {"transform/cleaners/__init__.py", "transform/report/codes.py", "tests/codes_registered.txt"} <= paths
    missing = sorted(p for p in paths if not (ROOT / p).exists() and not (ROOT / "docs" / p).exists())
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_the_path_search_sees_paths_and_only_paths() -> None:
    text = "see `transform/pipeline/rows.py`, tests/test_x.py and docs/identity.md; not a/b.py or 1.5"
    assert named_paths(text) == {"transform/pipeline/rows.py", "tests/test_x.py", "docs/identity.md"}


def test_the_architecture_page_names_every_pipeline_module() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(p.stem for p in (ROOT / "transform" / "pipeline").glob("*.py") if p.stem != "__init__")
    missing = [m for m in modules if f"`{m}`" not in text]
    assert not missing, f"add to the layers table of docs/architecture.md: {missing}"


def test_the_cleaner_list_in_profiles_md_is_generated_from_the_registry() -> None:
    text = (ROOT / "docs" / "profiles.md").read_text(encoding="utf-8")
    assert CLEANERS_BEGIN in text and CLEANERS_END in text
    assert section(text, CLEANERS_BEGIN, CLEANERS_END) == cleaners_markdown(), (
        "regenerate: python -m transform.profile.docs cleaners, pasted over the cleaner list"
    )
