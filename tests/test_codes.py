"""The problem catalogue: unique, append-only, every template renders."""

from __future__ import annotations

import string
from pathlib import Path

from transform.report import codes

REGISTERED = Path(__file__).with_name("codes_registered.txt")


def test_ids_and_slugs_are_unique() -> None:
    assert len({c.id for c in codes.CATALOGUE}) == len(codes.CATALOGUE)
    assert len({c.slug for c in codes.CATALOGUE}) == len(codes.CATALOGUE)


def test_codes_are_append_only() -> None:
    """A released code keeps its id and slug forever; new codes are added to the file."""
    registered = [line.split() for line in REGISTERED.read_text(encoding="utf-8").splitlines() if line]
    current = {c.id: c.slug for c in codes.CATALOGUE}
    for code_id, slug in registered:
        assert current.get(code_id) == slug, f"{code_id} {slug} was removed or renamed"
    missing = sorted(set(current) - {cid for cid, _ in registered})
    assert not missing, f"add to {REGISTERED.name}: " + ", ".join(f"{m} {current[m]}" for m in missing)


def test_every_template_renders_with_its_own_fields() -> None:
    for code in codes.CATALOGUE:
        names = {f for _, f, _, _ in string.Formatter().parse(code.template) if f}
        rendered = code.render(**{n.split("!")[0]: "x" for n in names})
        assert "{" not in rendered, code.id


def test_abort_codes_say_their_exit_status() -> None:
    for code in codes.CATALOGUE:
        assert code.exit_status in (1, 2), code.id
        if code.id.startswith(("P", "I")) and code.action is codes.Action.ABORT:
            assert code.exit_status == 2, code.id


def test_docs_codes_md_is_generated_from_the_catalogue() -> None:
    from transform.report.render import codes_markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "codes.md"
    hint = "regenerate: transform codes --markdown > docs/codes.md"
    assert docs.read_text(encoding="utf-8") == codes_markdown(), hint


def test_every_code_has_a_plain_explanation_and_a_fix() -> None:
    """`transform codes` and docs/codes.md say what each code means and what to do, in words
    (report/code_help.py), not the raw template a run fills in."""
    from transform.report.code_help import HELP

    missing = [c.id for c in codes.CATALOGUE if not all(text.strip() for text in codes.explain(c.id))]
    assert not missing, "add (what it means, how to fix it) to transform/report/code_help.py: " + ", ".join(missing)
    assert not sorted(set(HELP) - {c.id for c in codes.CATALOGUE}), "help for a code the catalogue lacks"
    for code_id, (meaning, fix) in HELP.items():
        for text in (meaning, fix):
            assert "!r}" not in text and "{table}" not in text, code_id  # words, not a template
            assert text.endswith("."), (code_id, text)


def test_transform_codes_prints_the_explanation_and_the_fix_not_the_template() -> None:
    from typer.testing import CliRunner

    from transform.cli import app

    result = CliRunner().invoke(app, ["codes"])
    assert result.exit_code == 0
    assert "!r}" not in result.output
    at = result.output.splitlines().index("D304 required-value-missing (error, record left out)")
    meaning, fix = codes.explain("D304")
    assert result.output.splitlines()[at + 1 : at + 3] == [f"  {meaning}", f"  Fix: {fix}"]
