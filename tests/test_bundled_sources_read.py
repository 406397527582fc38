"""The other spellings the bundled profiles know for a column (load.bundled_column_aliases, which a run
with an absent column reads: pipeline.absent) come from each profile's `sources:` block, parsed alone:
every bundled profile was parsed whole, a tenth of a small district's run (startup63). What it reads
must be what a whole parse reads, for every bundled profile and for the shapes the block cannot be
cut from the file."""

from __future__ import annotations

import pytest
import yaml

from transform.profile import load


def whole(text: str) -> object:
    data = yaml.load(text, Loader=load.SafeLoader)
    return data.get("sources") if isinstance(data, dict) else None


def test_each_bundled_profiles_sources_read_alone_are_those_of_the_whole_file() -> None:
    paths = sorted(load.bundled_folder().glob("*.yaml"))
    assert len(paths) > 10
    for path in paths:
        text = path.read_text("utf-8")
        assert load._bundled_sources(text) == whole(text), path.name


def test_a_profile_with_a_sources_block_has_only_that_block_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[str] = []
    real = yaml.load

    def recorded(stream: str, Loader: type) -> object:
        parsed.append(stream)
        return real(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "load", recorded)
    text = (load.bundled_folder() / "powerschool.yaml").read_text("utf-8")
    assert load._bundled_sources(text) == whole(text) != None  # noqa: E711
    assert len(parsed) == 2 and parsed[0].startswith("sources:") and "\ntables:" not in parsed[0]


ALIASED = "x: &cols [A, B]\nsources:\n  kids:\n    file: k.csv\n    aliases: {a: *cols}\ntables: {}\n"
SHAPES = {
    "an alias of an anchor outside the block": ALIASED,
    "the block last, no newline at the end": "name: x\nsources:\n  kids:\n    aliases:\n      a: [B]",
    "comments and blank lines inside": "sources:\n# kids\n\n  kids:  # file\n    aliases: {a: [C]}\nmaps: {}\n",
    "written in flow on its line": "sources: {kids: {aliases: {a: [D]}}}\ntables: {}\n",
    "no sources": "name: x\ntables: {}\n",
    "a second document": "sources:\n  kids: {aliases: {a: [E]}}\n---\nsources: {}\n",
    "CRLF lines": "name: x\r\nsources:\r\n  kids:\r\n    aliases: {a: [F]}\r\ntables: {}\r\n",
    "a syntax error in the block": "sources:\n  kids: {aliases: {a: [G]}\ntables: {}\n",
}


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_a_block_that_cannot_be_read_alone_is_read_as_the_whole_file_reads_it(text: str) -> None:
    try:
        expected = whole(text)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            load._bundled_sources(text)
        return
    assert load._bundled_sources(text) == expected


def test_a_syntax_error_outside_the_block_is_not_its_word() -> None:
    """The one difference from a whole parse, which no bundled profile can ship with (each is loaded
    and checked by tests/test_bundled_profiles.py): the block still gives its spellings."""
    text = "sources:\n  kids: {aliases: {a: [H]}}\ntables: [unclosed\n"
    with pytest.raises(yaml.YAMLError):
        whole(text)
    assert load._bundled_sources(text) == {"kids": {"aliases": {"a": ["H"]}}}
