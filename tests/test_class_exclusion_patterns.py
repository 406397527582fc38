"""The lunch and study hall patterns every bundled profile holds (filters.exclude_classes),
compiled as a run compiles them, over class titles that must and must not be left out.

Remind: "We strongly recommend excluding any classes that you don't want to be created in
Remind. For example, lunch periods or study halls". tester9 (item 11) found `LUNCH1`, `LUNCH_B`
(`\\blunch\\b` wants a word boundary, and a digit or `_` is a word character), `Study-Hall`
(`\\s*` takes no hyphen), `STUDY HL` and `STDY HALL` published as Remind classes."""

from __future__ import annotations

import datetime as dt

import pytest

from transform.oneroster.spec import REMIND
from transform.profile import load
from transform.profile.compile import Choices, compile_plan

# titles as SIS course names and section titles write them
LUNCH = [
    "Lunch",
    "LUNCH",
    "LUNCH1",
    "LUNCH 1",
    "LUNCH_B",
    "LUNCH_5",
    "Lunch-A",
    "Lunch B",
    "5th Lunch",
    "1st lunch",
    "Lunch/Recess",
    "HS_LUNCH",
    "P4LUNCH",
    "Lunch - 4",
    "K-2 Lunch (A)",
]
STUDY_HALL = [
    "Study Hall",
    "STUDY HALL",
    "StudyHall",
    "STUDYHALL",
    "STDYHALL",
    "STDY HALL",
    "Study-Hall",
    "Study_Hall",
    "STUDY HL",
    "Study Hl",
    "STDY-HL",
    "STDY. HALL",
    "Study Hall 2",
    "STUDY HALL1",
    "Study Hall - 3",
    "Study Hall/Library",
    "9th Grade Study Hall",
]
KEPT = [
    "Lunchroom Helper",
    "Lunchroom Aide",
    "Lunches of the World",
    "Launch Lab",
    "Brunch Club",
    "Clunch",
    "Study Skills",
    "Student Hall Monitor",
    "Students",
    "Social Studies",
    "Hall of Fame",
    "Studio Art",
    "Math 5",
    "English 9 - 2",
    "Hallway Monitor",
    "Study Hallmark",
]

AS_OF = dt.date(2026, 10, 15)


def _patterns(name: str) -> dict[str, object]:
    plan = compile_plan(load.load(name).data, target=REMIND, choices=Choices(as_of=AS_OF))
    assert plan.exclude is not None, name
    return dict(plan.exclude.patterns)


HOLDING = [name for name in load.bundled_names() if "exclude_classes" in (load.load(name).data.get("filters") or {})]


def test_every_bundled_profile_holds_the_lunch_and_study_hall_patterns() -> None:
    """Each bundled profile (with what it extends) excludes lunch and study hall with the same
    two patterns, so that the lists below speak for every one."""
    assert set(HOLDING) == set(load.bundled_names())
    written = {
        name: {k: load.load(name).data["filters"]["exclude_classes"]["patterns"][k] for k in ("lunch", "study_hall")}
        for name in HOLDING
    }
    assert len({tuple(sorted(p.items())) for p in written.values()}) == 1, written


@pytest.mark.parametrize("name", HOLDING)
@pytest.mark.parametrize(("pattern", "titles"), [("lunch", LUNCH), ("study_hall", STUDY_HALL)])
def test_lunch_and_study_hall_in_their_usual_spellings_are_left_out(name: str, pattern: str, titles: list[str]) -> None:
    regex = _patterns(name)[pattern]
    missed = [t for t in titles if not regex.search(t)]  # type: ignore[attr-defined]
    assert not missed, f"{name} {pattern} misses {missed}"


@pytest.mark.parametrize("name", HOLDING)
def test_titles_that_only_look_like_lunch_or_study_hall_are_kept(name: str) -> None:
    patterns = _patterns(name)
    caught = {t: k for t in KEPT for k in ("lunch", "study_hall") if patterns[k].search(t)}  # type: ignore[attr-defined]
    assert not caught, f"{name}: {caught}"
