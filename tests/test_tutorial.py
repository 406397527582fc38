"""docs/tutorial.md played as a newcomer plays it (issue 19): the exports of an SIS no bundled
profile reads (fixtures/tutorial/school/in), `init-profile`, the profile the page builds,
`check-profile`, a run in each target and `validate`. The profile is read from the page itself
(tests/doc_profiles.py), so the page cannot fall behind the tool; the golden cases
fixtures/tutorial/school and school-oneroster run the same block byte for byte."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT
from tests.doc_profiles import PROFILE_MARK, marked_profile, yaml_blocks
from tests.test_cli import transform
from transform import api
from transform.profile import load

TUTORIAL = ROOT / "docs" / "tutorial.md"
CASE = FIXTURES / "tutorial" / "school"
EXPORTS = CASE / "in"
AS_OF = "2026-10-15"


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    """The finished profile, copied from the page as a reader would."""
    path = tmp_path / "st-columba.yaml"
    path.write_text(marked_profile(TUTORIAL), encoding="utf-8")
    return path


def _blocks() -> tuple[list[str], list[str]]:
    """The page's ```yaml blocks before the finished profile (the steps) and after it (recipes)."""
    markdown = TUTORIAL.read_text(encoding="utf-8")
    mark = markdown.index(PROFILE_MARK)
    blocks = yaml_blocks(markdown)
    steps = [text for at, text in blocks if at < mark]
    recipes = [text for at, text in blocks if at > mark][1:]  # the first one after the mark is the profile
    return steps, recipes


def test_no_bundled_profile_reads_the_tutorial_exports(profile: Path, tmp_path: Path) -> None:
    """The tutorial starts from nothing: its profile extends none, and none of the bundled ones
    finds its exports."""
    assert "extends" not in yaml.safe_load(profile.read_text(encoding="utf-8"))
    for name in load.bundled_names():
        result = api.run(
            api.RunOptions(profile=name, in_dir=EXPORTS, out_dir=tmp_path / name, as_of=dt.date.fromisoformat(AS_OF))
        )
        assert result.exit_status == api.EXIT_USAGE, name
        assert not (tmp_path / name).exists(), name


def test_init_profile_describes_every_export(tmp_path: Path) -> None:
    """Step 1: every file with every column of its header, to write the sources from."""
    result = transform("init-profile", EXPORTS, "--out", tmp_path / "draft.yaml")
    assert result.returncode == 0, result.stderr
    for export in sorted(EXPORTS.iterdir()):
        assert export.name in result.stdout
        header = export.read_text(encoding="utf-8").splitlines()[0]
        for column in header.split(","):
            assert column in result.stdout, (export.name, column)


def test_the_tutorial_profile_checks_clean_against_its_exports(profile: Path) -> None:
    result = transform("check-profile", profile, "--exports", EXPORTS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (
        result.stdout.strip() == f"{profile}: ok, and the run will read {EXPORTS}"
    )  # no warning: every column is there


@pytest.mark.parametrize(("target", "case"), [("remind", "school"), ("oneroster", "school-oneroster")])
def test_the_tutorial_profile_makes_a_valid_set(profile: Path, tmp_path: Path, target: str, case: str) -> None:
    """Step 11, as printed: run, then validate; the files are the golden case's."""
    out = tmp_path / "out"
    run = transform("--profile", profile, EXPORTS, out, "--as-of", AS_OF, "--target", target)
    assert run.returncode == 0, run.stdout + run.stderr
    if target == "remind":  # the page prints the run's table of codes and its verdict (tester67 F11)
        printed = _printed_output()
        assert [line for line in printed if line[:1].isupper() and line[1:4].isdigit()] == [
            line for line in run.stdout.splitlines() if line[:1].isupper() and line[1:4].isdigit()
        ]
        assert " ".join(run.stdout.split()).find(" ".join(printed[-2].replace("Published out", "").split())) > 0
    valid = transform("validate", "--target", target, out)
    assert valid.returncode == 0 and valid.stdout.splitlines()[-1] == f"{out}: valid", valid.stdout + valid.stderr
    expected = FIXTURES / "tutorial" / case / "expected"
    wanted = sorted(p.name for p in expected.glob("*.csv"))
    assert sorted(p.name for p in out.iterdir()) == wanted
    for name in wanted:
        assert (out / name).read_bytes() == (expected / name).read_bytes(), name


def _printed_output() -> list[str]:
    """The lines of step 11's ```text block: the run's output as the page shows it."""
    markdown = TUTORIAL.read_text(encoding="utf-8")
    start = markdown.index("```text\n", markdown.index("## 11.")) + len("```text\n")
    return markdown[start : markdown.index("```", start)].splitlines()


def _is_part(fragment: Any, whole: Any, path: str = "") -> list[str]:
    """Where `fragment` says something `whole` does not: every key of a step is in the profile,
    with the same value."""
    if isinstance(fragment, dict) and isinstance(whole, dict):
        return [
            miss
            for key, value in fragment.items()
            for miss in (_is_part(value, whole[key], f"{path}.{key}") if key in whole else [f"{path}.{key}"])
        ]
    return [] if fragment == whole else [f"{path}: {fragment!r} != {whole!r}"]


def test_every_step_is_a_part_of_the_finished_profile(profile: Path) -> None:
    steps, _ = _blocks()
    whole = yaml.safe_load(profile.read_text(encoding="utf-8"))
    assert len(steps) >= 8
    for step in steps:
        assert _is_part(yaml.safe_load(step), whole) == [], step


def test_every_recipe_checks_clean_laid_over_the_tutorial_profile(profile: Path, tmp_path: Path) -> None:
    """A recipe is the keys that differ from the tutorial's profile: as a district profile
    extending it, each passes check-profile (schema and references)."""
    _, recipes = _blocks()
    assert len(recipes) >= 6
    for number, recipe in enumerate(recipes):
        overlay = tmp_path / f"recipe-{number}.yaml"
        overlay.write_text(f"name: recipe-{number}\nextends: {profile.name}\n{recipe}", encoding="utf-8")
        _, problems = api.check_profile(str(overlay))  # recipes may read files the tutorial lacks
        # A recipe shows some keys of a rule, not a whole one: a field it leaves out (I261) is not its point.
        problems = [p for p in problems if p.code.id != "I261"]
        assert problems == [], (recipe, [str(p) for p in problems])


def test_readme_and_the_profiles_guide_lead_to_the_tutorial() -> None:
    for page in (ROOT / "README.md", ROOT / "docs" / "profiles.md"):
        assert "tutorial.md" in page.read_text(encoding="utf-8"), page


def _contacts_variant(tmp_path: Path, **codes: str) -> Path:
    """The tutorial's exports with some contacts' relationship codes written otherwise
    (`C501="Mother"`)."""
    exports = tmp_path / "in"
    exports.mkdir()
    for export in EXPORTS.iterdir():
        (exports / export.name).write_bytes(export.read_bytes())
    lines = (EXPORTS / "Contacts.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    for n, line in enumerate(lines):
        cells = line.split(",")
        if cells[1] in codes:
            cells[2] = codes[cells[1]]
            lines[n] = ",".join(cells)
    (exports / "Contacts.csv").write_text("".join(lines), encoding="utf-8")
    return exports


@pytest.mark.parametrize("engine", ["python", "columnar"])
def test_a_relationship_the_profile_does_not_know_is_a_warning_not_an_emergency_contact(
    profile: Path, tmp_path: Path, engine: str
) -> None:
    """tester7 item 5: the page's link_where listed only the guardian codes with `reason:
    emergency-contact`, so the same SIS writing `Mother` in words, or a new code `LG` for a legal
    guardian, dropped real parents as emergency contacts (F409, a note), exit 0. The known
    emergency contact (`EC`) is still F409; anything else is F424, a warning naming the value."""
    exports = _contacts_variant(tmp_path, C501="Mother", C505="LG")
    result = api.run(
        api.RunOptions(
            profile=str(profile),
            in_dir=exports,
            out_dir=tmp_path / "out",
            as_of=dt.date.fromisoformat(AS_OF),
            engine=engine,
        )
    )
    assert result.exit_status == api.EXIT_PUBLISHED
    unknown = result.report.examples["F424"]
    assert sorted(p.params["value"] for p in unknown) == ["LG", "Mother", "Mother"]  # Ana's two rows, Wei's
    assert unknown[0].code.severity == "warning"
    assert [p.params["value"] for p in result.report.examples["F409"]] == ["EC"]  # Sean Doyle only
