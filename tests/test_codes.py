"""The problem catalogue: unique, append-only, every template renders."""

from __future__ import annotations

import ast
import string
import typing
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


# An input layout the export held when the last set was published, lost tonight, is the export's
# to fix (exit 1), not the command's or the profile's (tester62 F6: I201's exit 2 sent the admin to
# the crontab, docs/scheduling.md).
# So is a required export the last set was made with (I253), and an export the run cannot read
# (not a file, not text, a quote open to the end, a header naming a column twice with other values,
# a zip refused, a delta export, I2xx below): the exports are wrong, not the command or the profile,
# which is what exit 2 sends a scheduler's alert to (tester74 F14).
# I228: a profile with no term filter is right for an export of the current term only: the exports decide
# I231: a set to compare with sharing nothing with tonight's (OUT's too, or a SIS replaced): found once the
# exports are read and tonight's set made, refused as the removals it explains are (exit 1, tester75 O4)
INPUT_CODES_OF_THE_DATA = frozenset(
    {"I295", "I253", "I203", "I206", "I209", "I213", "I214", "I221", "I235", "I236", "I237", "I239", "I266", "I228"}
    | {"I231"}
    | {"I254"}  # another export's header mid-file: the data, no command fixes it
)


def test_abort_codes_say_their_exit_status() -> None:
    for code in codes.CATALOGUE:
        assert code.exit_status in (1, 2), code.id
        if code.id.startswith(("P", "I")) and code.action is codes.Action.ABORT:
            assert code.exit_status == (1 if code.id in INPUT_CODES_OF_THE_DATA else 2), code.id


def test_docs_codes_md_is_generated_from_the_catalogue() -> None:
    from transform.report.render import codes_markdown

    docs = Path(__file__).resolve().parents[1] / "docs" / "codes.md"
    hint = "regenerate: transform codes --markdown > docs/codes.md"
    assert docs.read_text(encoding="utf-8") == codes_markdown(), hint


def test_slug_type_is_the_catalogue() -> None:
    """codes.Slug, the type the checker holds every code("...") to, names exactly the catalogue."""
    typed = typing.get_args(codes.Slug)
    listed = [c.slug for c in codes.CATALOGUE]
    missing = "".join(f'    "{slug}",\n' for slug in listed if slug not in typed)
    assert not missing, f"add to codes.Slug (transform/report/codes.py):\n{missing}"
    assert sorted(typed) == sorted(listed), "codes.Slug names a slug twice, or one the catalogue lacks"


TRANSFORM = Path(__file__).resolve().parents[1] / "transform"


def _strings(node: ast.AST) -> list[ast.Constant]:
    """The strings an expression can evaluate to: `"a" if x else "b"` gives both, a dict its
    values; a name, a call or a subscript none (the type checker follows those)."""
    if isinstance(node, ast.Constant):
        return [node] if isinstance(node.value, str) else []
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [s for value in node.values for s in _strings(value)]
    if isinstance(node, ast.Dict):
        return [s for value in node.values for s in _strings(value)]
    return []


def _slug_parameters(trees: list[ast.Module]) -> dict[str, dict[str | int, str]]:
    """Functions (and classes, by their __init__) taking a parameter typed Slug: name ->
    {position or keyword: parameter}."""
    found: dict[str, dict[str | int, str]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            owner = node
            if isinstance(node, ast.ClassDef):
                init = next((f for f in node.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None)
                if init is None:
                    continue
                node = init
            if not isinstance(node, ast.FunctionDef):
                continue
            params = [a for a in node.args.args if a.arg not in ("self", "cls")]
            for position, arg in enumerate(params):
                if arg.annotation is not None and "Slug" in ast.unparse(arg.annotation):
                    name = owner.name if isinstance(owner, ast.ClassDef | ast.FunctionDef) else ""
                    found.setdefault(name, {}).update({position: arg.arg, arg.arg: arg.arg})
    return found


def slug_literals(trees: list[ast.Module]) -> list[tuple[int, ast.Constant]]:
    """Every string written where a slug goes, with the index of its tree: the argument of
    code(), an issue tuple ("slug", {params}) a cleaner or stage returns, a value typed Slug,
    and an argument to a parameter typed Slug."""
    takes_slug = _slug_parameters(trees)
    found: list[tuple[int, ast.Constant]] = []
    for index, tree in enumerate(trees):
        for node in ast.walk(tree):
            strings: list[ast.Constant] = []
            if isinstance(node, ast.Call):
                callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                slots = {0: "slug"} if callee == "code" else takes_slug.get(callee, {})
                strings += [s for i, a in enumerate(node.args) if i in slots for s in _strings(a)]
                strings += [s for k in node.keywords if k.arg in slots for s in _strings(k.value)]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2 and isinstance(node.elts[1], ast.Dict):
                strings += _strings(node.elts[0])
            elif isinstance(node, ast.AnnAssign) and node.value and "Slug" in ast.unparse(node.annotation):
                strings += _strings(node.value)
            found += [(index, s) for s in strings]
    return found


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def test_every_slug_written_in_the_code_is_in_the_catalogue() -> None:
    """The second net behind the type checker: a slug a cleaner or stage can report that is not
    in the catalogue would be a KeyError (exit 3) the first time that problem occurs."""
    files = sorted(p for p in TRANSFORM.rglob("*.py") if p.name != "codes.py")
    trees = [_parse(p) for p in files]
    found = slug_literals(trees)
    unknown = [
        f"{files[index].relative_to(TRANSFORM.parent)}:{s.lineno}: {s.value!r}"
        for index, s in found
        if s.value not in codes.BY_SLUG
    ]
    assert not unknown, "not in the catalogue: " + ", ".join(unknown)
    # The search sees the places slugs are written; were it blind, the test would pass on nothing.
    assert len({s.value for _, s in found}) > 120, len({s.value for _, s in found})


def test_the_slug_search_finds_each_way_of_writing_one() -> None:
    snippet = ast.parse(
        "codes.code('a-1' if x else 'a-2')\n"
        "def cleaner(v):\n    return v, (('a-3', {'value': v}),)\n"
        "slug: codes.Slug = 'a-4'\n"
        "class Due(Exception):\n    def __init__(self, code_slug: Slug, params): ...\n"
        "Due('a-5', {})\n"
        "def _add(self, slug: codes.Slug, path): ...\n"
        "self._add('a-6', [])\n"
        "print('not-a-slug')\n"
    )
    assert sorted(s.value for _, s in slug_literals([snippet])) == ["a-1", "a-2", "a-3", "a-4", "a-5", "a-6"]


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
