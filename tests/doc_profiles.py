"""Profiles written in the docs, read back so that the tests run what a reader copies.

docs/tutorial.md marks its finished profile with PROFILE_MARK on the line before the ```yaml
block; a golden case names the page as its profile (`profile: ../../../docs/tutorial.md`).
"""

from __future__ import annotations

import re
from pathlib import Path

PROFILE_MARK = "<!-- the tutorial's profile: tests run this block as it stands -->"
_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def yaml_blocks(markdown: str) -> list[tuple[int, str]]:
    """Every ```yaml block: (offset of its opening fence, its text)."""
    return [(match.start(), match.group(1)) for match in _BLOCK.finditer(markdown)]


def marked_profile(page: Path) -> str:
    """The text of the ```yaml block right after PROFILE_MARK."""
    markdown = page.read_text(encoding="utf-8")
    mark = markdown.index(PROFILE_MARK)
    block = _BLOCK.match(markdown, markdown.index("```yaml", mark))
    assert block is not None and not markdown[mark + len(PROFILE_MARK) : block.start()].strip(), (
        f"{page}: a ```yaml block must follow {PROFILE_MARK}"
    )
    return block.group(1)


def case_profile(case_dir: Path, ref: str, scratch: Path) -> str:
    """What a golden case's `profile:` names, for api.RunOptions: a bundled name, a profile file
    beside the case, or a docs page whose marked profile is written to `scratch` first."""
    path = case_dir / ref
    if path.suffix == ".md":
        written = scratch / f"{path.stem}-profile.yaml"
        written.write_text(marked_profile(path), encoding="utf-8")
        return str(written)
    return str(path) if path.is_file() else ref
