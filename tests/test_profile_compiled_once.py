"""A run compiles its profile once, for its own choices: it compiled it twice, with today's date for
the check (unfilled fields, classes without owners) and then with --as-of for the run, a cost every
night's run paid (startup63). The check reads the plan's rules and target, which no choice changes,
so it is judged on the run's plan; when a choice stops the run, the profile's own problems still
come first, as they did."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from transform import api
from transform.profile import load
from transform.report.problem import TransformAbort

AS_OF = dt.date(2026, 10, 15)


def options(tmp_path: Path, profile: str, **choices: object) -> api.RunOptions:
    return api.RunOptions(profile=profile, in_dir=tmp_path / "in", out_dir=tmp_path / "out", as_of=AS_OF, **choices)  # type: ignore[arg-type]


def test_a_run_compiles_its_profile_once_with_its_own_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[dt.date] = []
    real = api.compile_plan

    def counted(*args: object, **kwargs: object) -> object:
        compiled.append(kwargs["choices"].as_of)  # type: ignore[attr-defined]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "compile_plan", counted)
    plan, _ = api._plan(options(tmp_path, "powerschool", exclude_named=("homeroom",)))
    assert compiled == [AS_OF] and plan.as_of == AS_OF


def unfilled_profile(tmp_path: Path) -> str:
    """PowerSchool with its students' givenName taken out: a required field no rule fills (I261)."""
    text = (load.bundled_folder() / "powerschool.yaml").read_text(encoding="utf-8")
    line = "        givenName: {column: First_Name, clean: [name]}\n"
    assert line in text
    path = tmp_path / "district.yaml"
    path.write_text(text.replace(line, "", 1), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "choice",
    [{}, {"exclude_named": ("no-such-name",)}, {"exclude_classes": ("(unclosed",)}],
    ids=["none", "bad --exclude", "bad --exclude-class"],
)
def test_the_profiles_unfilled_field_still_comes_before_a_bad_choice(tmp_path: Path, choice: dict[str, object]) -> None:
    with pytest.raises(TransformAbort) as stopped:
        api._plan(options(tmp_path, unfilled_profile(tmp_path), **choice))
    assert [p.code.id for p in stopped.value.problems] == ["I261"]


def test_a_bad_choice_still_stops_a_profile_with_nothing_unfilled(tmp_path: Path) -> None:
    with pytest.raises(TransformAbort) as stopped:
        api._plan(options(tmp_path, "powerschool", exclude_named=("no-such-name",)))
    assert [p.code.slug for p in stopped.value.problems] == ["bad-option"]
